//! The AWS services the course talks about, beyond IAM and STS: S3, EC2,
//! Lambda, DynamoDB, and the read calls of CloudWatch, Auto Scaling and
//! Elastic Load Balancing. Each call is authorized as the caller by the
//! engine, with the real action name and resource ARN, and answers in AWS's
//! shapes and with AWS's errors.
//!
//! Input is the operation's request as JSON with the API's member names
//! (what `aws <service> <operation>` builds from its options); output is the
//! response shape. As with IAM, a call that fails leaves the organization
//! exactly as it was.
//!
//! Blobs: in a request, blob members (PutObject's `Body`, CreateFunction's
//! `Code.ZipFile`, Invoke's `Payload`) are base64 text, as in
//! `--cli-input-json` and as the CLI front end passes them; the sandbox keeps
//! their content as text. In a response, the CLI writes GetObject's `Body`
//! and Invoke's `Payload` to the outfile argument instead of printing them:
//! here they come back as plain text under those member names, and
//! [`streaming_member`] names the member so the shell can move it into its
//! workspace file and print the rest.
//!
//! The AWS CLI's own high-level commands (`aws s3 ls`, `cp`, ...) are the
//! shell's: they parse arguments and move files, then make these calls.

mod dynamodb;
mod ec2;
mod lambda;
mod readonly;
mod s3;
mod workload;

pub use workload::{workload_caller, workload_runs};

/// May Lambda assume the role with this ARN (its trust policy lets
/// `lambda.amazonaws.com` in)? The error says why not.
pub fn lambda_can_assume(org: &Org, role_arn: &str) -> Result<(), String> {
    workload::service_can_assume(org, lambda::SERVICE, role_arn)
}

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Caller, Org};
use crate::iam::ops::{OpResult, caller_account};

/// The region a call goes to when none is given, as in a fresh AWS CLI set-up
/// with `us-east-1` configured.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The CLI names of the services here, as `aws <name> ...` spells them.
pub const SERVICES: [&str; 7] = [
    "s3api",
    "ec2",
    "lambda",
    "dynamodb",
    "cloudwatch",
    "autoscaling",
    "elbv2",
];

/// Runs one operation in the default region. `service` is the CLI's name
/// (`s3api`, `ec2`, `lambda`, `dynamodb`, `cloudwatch`, `autoscaling`,
/// `elbv2`); `operation` is the API name, such as `RunInstances`.
pub fn call(
    org: &mut Org,
    caller: &Caller,
    service: &str,
    operation: &str,
    input: &Value,
) -> OpResult {
    call_in(org, caller, DEFAULT_REGION, service, operation, input)
}

/// Runs one operation in `region` (what `--region` says).
pub fn call_in(
    org: &mut Org,
    caller: &Caller,
    region: &str,
    service: &str,
    operation: &str,
    input: &Value,
) -> OpResult {
    call_traced(org, caller, region, service, operation, input).result
}

/// Like `call_in`, and also returns the evaluation behind the call's last
/// authorization, for the sandbox's "why?".
pub fn call_traced(
    org: &mut Org,
    caller: &Caller,
    region: &str,
    service: &str,
    operation: &str,
    input: &Value,
) -> crate::iam::ops::Traced {
    let mut cx_eval = None;
    let result = run(org, caller, region, service, operation, input, &mut cx_eval);
    crate::iam::ops::Traced {
        result,
        evaluation: cx_eval,
    }
}

fn run(
    org: &mut Org,
    caller: &Caller,
    region: &str,
    service: &str,
    operation: &str,
    input: &Value,
    evaluation: &mut Option<crate::iam::eval::Evaluation>,
) -> OpResult {
    let Some(style) = Style::of(service) else {
        return Err(unknown(service, operation));
    };
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
    // As in the IAM operations: each call validates before it changes
    // anything, and a copy makes "a failed call changes nothing" certain.
    let backup = org.clone();
    let mut cx = Cx {
        org,
        caller,
        account,
        region: region.to_string(),
        style,
        last_evaluation: Default::default(),
        attempted: Default::default(),
    };
    let result = match service {
        "s3api" => s3::dispatch(operation, &mut cx, input),
        "ec2" => ec2::dispatch(operation, &mut cx, input),
        "lambda" => lambda::dispatch(operation, &mut cx, input),
        "dynamodb" => dynamodb::dispatch(operation, &mut cx, input),
        _ => readonly::dispatch(service, operation, &mut cx, input),
    }
    .unwrap_or_else(|| Err(unknown(service, operation)));
    *evaluation = cx.last_evaluation.into_inner();
    let attempted = cx.attempted.into_inner().or_else(|| {
        result
            .is_ok()
            .then(|| format!("{}:{operation}", namespace(service)))
    });
    if result.is_err() {
        *org = backup;
    }
    if let Some(action) = attempted {
        crate::iam::usage::record_attempt(org, caller, &action, region);
    }
    result
}

/// The response member the CLI writes to the outfile instead of printing:
/// `Body` for `s3api get-object`, `Payload` for `lambda invoke`.
pub fn streaming_member(service: &str, operation: &str) -> Option<&'static str> {
    match (service, operation) {
        ("s3api", "GetObject") => Some("Body"),
        ("lambda", "Invoke") => Some("Payload"),
        _ => None,
    }
}

/// The service's prefix in IAM action names, for the CLI's name of it.
pub fn namespace(cli_service: &str) -> &str {
    match cli_service {
        "s3api" | "s3" => "s3",
        "elbv2" => "elasticloadbalancing",
        other => other,
    }
}

fn unknown(service: &str, operation: &str) -> AwsError {
    AwsError::new(
        "InvalidAction",
        format!("Could not find operation {operation} for service {service}"),
    )
}

/// How a service words its refusals and bad input: each AWS API protocol has
/// its own error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
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
    fn of(service: &str) -> Option<Style> {
        Some(match service {
            "s3api" => Style::S3,
            "ec2" => Style::Ec2,
            "lambda" | "dynamodb" => Style::Json,
            "cloudwatch" | "autoscaling" | "elbv2" => Style::Query,
            _ => return None,
        })
    }

    fn validation_code(self) -> &'static str {
        match self {
            Style::S3 => "InvalidArgument",
            Style::Ec2 => "InvalidParameterValue",
            Style::Json => "ValidationException",
            Style::Query => "ValidationError",
        }
    }
}

/// What every service operation works with.
pub(crate) struct Cx<'a> {
    pub org: &'a mut Org,
    pub caller: &'a Caller,
    /// The caller's account: where new resources go.
    pub account: String,
    pub region: String,
    style: Style,
    /// The last authorization asked of the evaluator, for "why?".
    last_evaluation: std::cell::RefCell<Option<crate::iam::eval::Evaluation>>,
    /// The first action authorized: the API call, as last accessed data
    /// records it.
    attempted: std::cell::RefCell<Option<String>>,
}

impl Cx<'_> {
    pub fn now(&self) -> i64 {
        self.org.now
    }

    /// Authorizes `action` on `resource` for the caller, as the service does
    /// before it acts.
    pub fn authorize(&self, action: &str, resource: &str) -> Result<(), AwsError> {
        self.authorize_with(action, resource, Context::new())
    }

    /// Authorizes with the condition keys the request carries.
    /// `aws:RequestedRegion` is added here, since every call has one.
    pub fn authorize_with(
        &self,
        action: &str,
        resource: &str,
        mut context: Context,
    ) -> Result<(), AwsError> {
        context.set_default("aws:RequestedRegion", self.region.clone());
        let eval = self
            .org
            .explain(self.caller, action, resource, &context)
            .map_err(|e| AwsError::new("InvalidClientTokenId", e))?;
        let allowed = eval.decision.is_allowed();
        let mut message = AwsError::access_denied(&eval).message;
        *self.last_evaluation.borrow_mut() = Some(eval);
        self.attempted
            .borrow_mut()
            .get_or_insert_with(|| action.to_string());
        if allowed {
            return Ok(());
        }
        // Actions without resource-level permissions name no resource.
        if resource == "*" {
            message = message.replacen(" on resource: * ", " ", 1);
        }
        Err(match self.style {
            Style::S3 | Style::Query => AwsError::new("AccessDenied", message),
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
}

/// The content of a blob member, which travels base64-encoded. The
/// sandbox's objects and files are text, so bytes that are not UTF-8 are
/// kept as well as text can keep them.
pub(crate) fn blob_text(cx: &Cx<'_>, encoded: &str) -> Result<String, AwsError> {
    let bytes = super::b64::decode(encoded).ok_or_else(|| {
        AwsError::new(
            cx.style.validation_code(),
            format!("Invalid base64: \"{encoded}\""),
        )
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `{"Key": ..., "Value": ...}` tags into condition keys: the request's
/// (`aws:RequestTag/K`, `aws:TagKeys`) or the resource's
/// (`aws:ResourceTag/K`, and the service's own `PREFIX:ResourceTag/K`).
pub(crate) fn tag_context(
    context: &mut Context,
    tags: &[crate::iam::model::Tag],
    request: bool,
    prefix: &str,
) {
    if request {
        for t in tags {
            context.set_one(&format!("aws:RequestTag/{}", t.key), t.value.clone());
        }
        if !tags.is_empty() {
            context.set("aws:TagKeys", tags.iter().map(|t| t.key.clone()).collect());
        }
    } else {
        for t in tags {
            context.set_one(&format!("aws:ResourceTag/{}", t.key), t.value.clone());
            context.set_one(&format!("{prefix}:ResourceTag/{}", t.key), t.value.clone());
        }
    }
}
