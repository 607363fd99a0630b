//! One way into every AWS API the engine answers: IAM, STS and AWS
//! Organizations ([`super::ops`]), S3, EC2, Lambda, DynamoDB and the read
//! calls of CloudWatch, Auto Scaling and Elastic Load Balancing
//! ([`super::services`]).
//!
//! Every operation works with one [`Ctx`]: who calls, in which account and
//! region, how the service words its errors, and what the call asked the
//! evaluator. [`call_traced_with`] is the only place that checks the caller,
//! keeps a failed call from changing the organization, and records what the
//! caller attempted (IAM's last accessed data).

use std::borrow::Cow;
use std::cell::RefCell;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::context::Context;
use super::error::AwsError;
use super::eval::Evaluation;
use super::model::{Account, Caller, Org};
use super::ops::OpResult;
use super::services::DEFAULT_REGION;
use super::usage;

/// How a service words its refusals and bad input: each AWS API protocol has
/// its own error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// IAM, STS and Organizations: global endpoints (no requested region in
    /// the request context), refusals worded by IAM, `ValidationError`.
    Global,
    /// S3: `AccessDenied`.
    S3,
    /// EC2: `UnauthorizedOperation`, with "You are not authorized to perform
    /// this operation." in front of the reason.
    Ec2,
    /// JSON protocol services (Lambda, DynamoDB): `AccessDeniedException`.
    Json,
    /// Query protocol services (CloudWatch, Auto Scaling, ELB): `AccessDenied`.
    Query,
}

impl Style {
    /// The style of a service by the CLI's name for it; None for a service
    /// the engine does not answer.
    fn of(service: &str) -> Option<Style> {
        Some(match service {
            "iam" | "sts" | "organizations" => Style::Global,
            "s3api" => Style::S3,
            "ec2" => Style::Ec2,
            "lambda" | "dynamodb" => Style::Json,
            "cloudwatch" | "autoscaling" | "elbv2" => Style::Query,
            _ => return None,
        })
    }

    pub(crate) fn validation_code(self) -> &'static str {
        match self {
            Style::S3 => "InvalidArgument",
            Style::Ec2 => "InvalidParameterValue",
            Style::Json => "ValidationException",
            Style::Query | Style::Global => "ValidationError",
        }
    }
}

/// What every operation works with.
pub struct Ctx<'a> {
    pub org: &'a mut Org,
    pub caller: &'a Caller,
    /// The account the call is made in: the caller's own, where new
    /// resources go.
    pub account: String,
    /// The region the request goes to (IAM, STS and Organizations answer in
    /// us-east-1, whatever `--region` says).
    pub region: String,
    pub(crate) style: Style,
    /// The last authorization this call asked of the evaluator, kept so the
    /// sandbox can answer "why?" after a refusal.
    pub last_evaluation: RefCell<Option<Evaluation>>,
    /// The first action the call asked the evaluator about: the API call
    /// itself, which IAM's last accessed data records (a PassRole check
    /// that comes later is no API call of its own).
    pub attempted: RefCell<Option<String>>,
}

impl<'a> Ctx<'a> {
    /// A context for a call by `caller`, which must belong to an account of
    /// the organization.
    fn new(
        org: &'a mut Org,
        caller: &'a Caller,
        region: &str,
        style: Style,
    ) -> Result<Self, AwsError> {
        let Some(account) = caller_account(caller).map(str::to_string) else {
            return Err(AwsError::new(
                "InvalidClientTokenId",
                "a service principal cannot call the API directly",
            ));
        };
        if !org.accounts.contains_key(&account) {
            return Err(AwsError::new(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            ));
        }
        Ok(Ctx {
            org,
            caller,
            account,
            region: region.to_string(),
            style,
            last_evaluation: Default::default(),
            attempted: Default::default(),
        })
    }
}

impl Ctx<'_> {
    /// Authorizes `action` on `resource` for the caller, as AWS does before
    /// running any API call.
    pub fn authorize(&self, action: &str, resource: &str) -> Result<(), AwsError> {
        self.authorize_as(action, resource, None, &Context::new())
    }

    /// Authorizes with the condition keys the request carries.
    pub fn authorize_with(
        &self,
        action: &str,
        resource: &str,
        context: Context,
    ) -> Result<(), AwsError> {
        self.authorize_as(action, resource, None, &context)
    }

    /// Authorizes with the condition keys the call sends. Regional services
    /// add `aws:RequestedRegion`, since every such call has one. IAM words
    /// some refusals with its own name for the resource (`role Admins`,
    /// `policy arn:...`) rather than the ARN: `shown` is that name.
    pub fn authorize_as(
        &self,
        action: &str,
        resource: &str,
        shown: Option<&str>,
        context: &Context,
    ) -> Result<(), AwsError> {
        let context = if self.style == Style::Global {
            Cow::Borrowed(context)
        } else {
            let mut c = context.clone();
            c.set_default("aws:RequestedRegion", self.region.clone());
            Cow::Owned(c)
        };
        let eval = self
            .org
            .explain(self.caller, action, resource, &context)
            .map_err(|e| AwsError::new("InvalidClientTokenId", e))?;
        let allowed = eval.decision.is_allowed();
        let mut e = AwsError::access_denied(&eval);
        *self.last_evaluation.borrow_mut() = Some(eval);
        self.attempted
            .borrow_mut()
            .get_or_insert_with(|| action.to_string());
        if allowed {
            return Ok(());
        }
        if let Some(shown) = shown {
            e.message = e.message.replacen(
                &format!("on resource: {resource} "),
                &format!("on resource: {shown} "),
                1,
            );
        }
        if self.style == Style::Global {
            return Err(e);
        }
        // Actions without resource-level permissions name no resource.
        let mut message = e.message;
        if resource == "*" {
            message = message.replacen(" on resource: * ", " ", 1);
        }
        Err(match self.style {
            Style::S3 | Style::Query | Style::Global => AwsError::new("AccessDenied", message),
            Style::Ec2 => AwsError::new(
                "UnauthorizedOperation",
                format!("You are not authorized to perform this operation. {message}"),
            ),
            Style::Json => AwsError::new("AccessDeniedException", message),
        })
    }

    /// Reads an operation's input; unknown members and wrong types get the
    /// service's validation error.
    pub fn input<T: DeserializeOwned>(&self, input: &Value) -> Result<T, AwsError> {
        serde_json::from_value(input.clone()).map_err(|e| {
            AwsError::new(
                self.style.validation_code(),
                format!("1 validation error detected: {e}"),
            )
        })
    }

    pub fn now(&self) -> i64 {
        self.org.now
    }

    pub fn account_mut(&mut self) -> &mut Account {
        self.org
            .accounts
            .get_mut(&self.account)
            .expect("the caller's account exists: checked when the call began")
    }

    pub fn account(&self) -> &Account {
        &self.org.accounts[&self.account]
    }
}

/// The account a caller acts in.
pub fn caller_account(caller: &Caller) -> Option<&str> {
    match caller {
        Caller::Root { account } | Caller::User { account, .. } => Some(account),
        Caller::RoleSession { account, .. } => Some(account),
        Caller::Service(_) | Caller::Federated { .. } => None,
    }
}

/// An operation's result with the last access decision it asked for.
pub struct Traced {
    pub result: OpResult,
    pub evaluation: Option<Evaluation>,
}

/// Who keeps the copy of the organization that a failed call is undone
/// from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backup {
    /// The call copies the organization first and puts the copy back when
    /// it fails.
    Copy,
    /// The caller already holds a copy from before its command and puts it
    /// back (keeping usage records, `usage::carry`) when the command fails;
    /// it must fail the command whenever a call fails. The sandbox copies
    /// once per command this way, however many calls the command makes.
    HeldByCaller,
}

/// Runs one operation of any service as `caller` in the default region
/// (IAM, STS and Organizations answer in us-east-1 whatever the region):
/// [`call_traced_with`] says more.
pub fn call(
    org: &mut Org,
    caller: &Caller,
    service: &str,
    operation: &str,
    input: &Value,
) -> OpResult {
    call_in(org, caller, DEFAULT_REGION, service, operation, input)
}

/// Runs one operation of any service as `caller` in `region` (what
/// `--region` says), undoing it from a copy of its own when it fails.
pub fn call_in(
    org: &mut Org,
    caller: &Caller,
    region: &str,
    service: &str,
    operation: &str,
    input: &Value,
) -> OpResult {
    call_traced_with(org, caller, region, service, operation, input, Backup::Copy).result
}

/// Runs one operation of any service as `caller` in `region`. `service` is
/// the CLI's name (`iam`, `sts`, `organizations`, `s3api`, `ec2`, `lambda`,
/// `dynamodb`, `cloudwatch`, `autoscaling`, `elbv2`); `operation` is the API
/// name, such as `CreateUser` or `RunInstances`. A call that fails changes
/// nothing but the usage records of what the caller attempted: the copy
/// that undoes it is kept by whoever `backup` says. Also returns the
/// evaluation behind the call's last authorization (the one that refused
/// it, when it was refused), for the sandbox's "why?".
pub fn call_traced_with(
    org: &mut Org,
    caller: &Caller,
    region: &str,
    service: &str,
    operation: &str,
    input: &Value,
    backup: Backup,
) -> Traced {
    let refused = |e| Traced {
        result: Err(e),
        evaluation: None,
    };
    let Some(style) = Style::of(service) else {
        return refused(unknown(service, operation));
    };
    // Global services are answered in us-east-1, whatever the region.
    let region = if style == Style::Global {
        usage::GLOBAL_REGION
    } else {
        region
    };
    // Validation is careful to happen before any change, but a copy makes
    // "a failed call changes nothing" hold by construction.
    let copy = (backup == Backup::Copy).then(|| org.clone());
    let mut cx = match Ctx::new(org, caller, region, style) {
        Ok(cx) => cx,
        Err(e) => return refused(e),
    };
    let result = match style {
        Style::Global => super::ops::dispatch(service, operation, &mut cx, input),
        _ => super::services::dispatch(service, operation, &mut cx, input),
    }
    .unwrap_or_else(|| Err(unknown(service, operation)));
    let evaluation = cx.last_evaluation.into_inner();
    // A call that needs no permission (GetCallerIdentity) still reaches
    // the service; one that failed before asking reached nothing.
    let attempted = cx.attempted.into_inner().or_else(|| {
        result
            .is_ok()
            .then(|| format!("{}:{operation}", super::services::namespace(service)))
    });
    if result.is_err()
        && let Some(copy) = copy
    {
        *org = copy;
    }
    if let Some(action) = attempted {
        usage::record_attempt(org, caller, &action, region);
    }
    Traced { result, evaluation }
}

fn unknown(service: &str, operation: &str) -> AwsError {
    AwsError::new(
        "InvalidAction",
        format!("Could not find operation {operation} for service {service}"),
    )
}
