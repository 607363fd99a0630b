//! IAM and STS operations: one function per AWS operation, over the model.
//!
//! Input is the operation's request as JSON with AWS's member names (exactly
//! what `--cli-input-json` carries); output is AWS's response shape. Every
//! call made by an identity is first authorized by the evaluator, and a call
//! that fails leaves the organization exactly as it was.

mod account;
mod attachments;
mod authorization_details;
mod context_keys;
mod credential_report;
mod credentials;
mod groups;
mod instance_profiles;
mod last_accessed;
mod organizations;
mod password_policy;
mod policies;
mod providers;
mod roles;
pub mod service_access;
mod simulate;
mod sts;
mod sts_federated;
mod users;
pub mod validate;

/// The authenticator app's code for a virtual MFA seed (RFC 6238 TOTP).
pub use credentials::totp;
/// When a console password expires under the account's password policy.
pub use password_policy::expires_at;
/// The claim where a web identity token carries session tags.
pub use sts_federated::TAGS_CLAIM;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::context::Context;
use super::error::AwsError;
use super::eval::Evaluation;
use super::model::{Caller, Org, Tag};
use super::time;

pub type OpResult = Result<Value, AwsError>;

/// What every operation works with.
pub struct Ctx<'a> {
    pub org: &'a mut Org,
    pub caller: &'a Caller,
    /// The account the call is made in: the caller's own.
    pub account: String,
    /// The last authorization this call asked of the evaluator, kept so the
    /// sandbox can answer "why?" after a refusal.
    pub last_evaluation: std::cell::RefCell<Option<Evaluation>>,
    /// The first action the call asked the evaluator about: the API call
    /// itself, which IAM's last accessed data records (a PassRole check
    /// that comes later is no API call of its own).
    pub attempted: std::cell::RefCell<Option<String>>,
}

impl<'a> Ctx<'a> {
    /// A context for a call by `caller`, which must belong to an account of
    /// the organization.
    pub fn new(org: &'a mut Org, caller: &'a Caller) -> Result<Self, AwsError> {
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

    /// Authorizes with the condition keys the call sends. IAM words some
    /// refusals with its own name for the resource (`role Admins`, `policy
    /// arn:...`) rather than the ARN: `shown` is that name.
    pub fn authorize_as(
        &self,
        action: &str,
        resource: &str,
        shown: Option<&str>,
        context: &Context,
    ) -> Result<(), AwsError> {
        let eval = self
            .org
            .explain(self.caller, action, resource, context)
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
        Err(e)
    }

    pub fn now(&self) -> i64 {
        self.org.now
    }

    pub fn account_mut(&mut self) -> &mut super::model::Account {
        self.org
            .accounts
            .get_mut(&self.account)
            .expect("the caller's account exists: checked when the call began")
    }

    pub fn account(&self) -> &super::model::Account {
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

/// Runs one operation. `service` is `iam` or `sts`; `operation` is the AWS
/// name, such as `CreateUser`.
pub fn call(
    org: &mut Org,
    caller: &Caller,
    service: &str,
    operation: &str,
    input: &Value,
) -> OpResult {
    call_traced(org, caller, service, operation, input).result
}

/// An operation's result with the last access decision it asked for.
pub struct Traced {
    pub result: OpResult,
    pub evaluation: Option<Evaluation>,
}

/// Like `call`, and also returns the evaluation behind the call's last
/// authorization (the one that refused it, when it was refused).
pub fn call_traced(
    org: &mut Org,
    caller: &Caller,
    service: &str,
    operation: &str,
    input: &Value,
) -> Traced {
    // Validation is careful to happen before any change, but a copy makes
    // "a failed call changes nothing" hold by construction.
    let backup = org.clone();
    let mut cx = match Ctx::new(org, caller) {
        Ok(cx) => cx,
        Err(e) => {
            return Traced {
                result: Err(e),
                evaluation: None,
            };
        }
    };
    if let Err(e) = paging_members(operation, input) {
        return Traced {
            result: Err(e),
            evaluation: None,
        };
    }
    let result = match service {
        "iam" => users::dispatch(operation, &mut cx, input)
            .or_else(|| groups::dispatch(operation, &mut cx, input))
            .or_else(|| roles::dispatch(operation, &mut cx, input))
            .or_else(|| policies::dispatch(operation, &mut cx, input))
            .or_else(|| attachments::dispatch(operation, &mut cx, input))
            .or_else(|| credentials::dispatch(operation, &mut cx, input))
            .or_else(|| instance_profiles::dispatch(operation, &mut cx, input))
            .or_else(|| simulate::dispatch(operation, &mut cx, input))
            .or_else(|| authorization_details::dispatch(operation, &mut cx, input))
            .or_else(|| password_policy::dispatch(operation, &mut cx, input))
            .or_else(|| account::dispatch(operation, &mut cx, input))
            .or_else(|| providers::dispatch(operation, &mut cx, input))
            .or_else(|| credential_report::dispatch(operation, &mut cx, input))
            .or_else(|| context_keys::dispatch(operation, &mut cx, input))
            .or_else(|| service_access::dispatch(operation, &mut cx, input))
            .or_else(|| last_accessed::dispatch(operation, &mut cx, input)),
        "sts" => sts::dispatch(operation, &mut cx, input),
        "organizations" => organizations::dispatch(operation, &mut cx, input),
        _ => None,
    }
    .unwrap_or_else(|| {
        Err(AwsError::new(
            "InvalidAction",
            format!("Could not find operation {operation} for service {service}"),
        ))
    });
    let evaluation = cx.last_evaluation.into_inner();
    // A call that needs no permission (GetCallerIdentity) still reaches
    // the service; one that failed before asking reached nothing.
    let attempted = cx
        .attempted
        .into_inner()
        .or_else(|| result.is_ok().then(|| format!("{service}:{operation}")));
    if result.is_err() {
        *org = backup;
    }
    if let Some(action) = attempted {
        super::usage::record_attempt(org, caller, &action, super::usage::GLOBAL_REGION);
    }
    Traced { result, evaluation }
}

/// AWS's `maxItemsType` (1 to 1,000) and `markerType` (1 to 320 characters
/// of U+0020 to U+00FF), for every call that takes them. Lists here answer
/// in one page and give no Marker, so any Marker but the simulator's (which
/// pages, and reads its own) is one no call handed out.
fn paging_members(operation: &str, input: &Value) -> Result<(), AwsError> {
    if let Some(n) = input.get("MaxItems").and_then(Value::as_i64) {
        if n < 1 {
            return Err(policies::invalid(
                n,
                "maxItems",
                "Member must have value greater than or equal to 1",
            ));
        }
        if n > 1000 {
            return Err(policies::invalid(
                n,
                "maxItems",
                "Member must have value less than or equal to 1000",
            ));
        }
    }
    if let Some(m) = input.get("Marker").and_then(Value::as_str) {
        let n = m.chars().count();
        if !(1..=320).contains(&n) || !m.chars().all(|c| ('\u{20}'..='\u{ff}').contains(&c)) {
            return Err(policies::invalid(
                super::simulate::shorten(m),
                "marker",
                "Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+",
            ));
        }
        if !operation.starts_with("Simulate") {
            return Err(AwsError::validation("Invalid Marker."));
        }
    }
    Ok(())
}

/// Reads an operation's input. Unknown members and wrong types are the
/// caller's mistake: ValidationError, as AWS's parameter validation says.
pub fn input<T: DeserializeOwned>(input: &Value) -> Result<T, AwsError> {
    serde_json::from_value(input.clone())
        .map_err(|e| AwsError::validation(format!("1 validation error detected: {e}")))
}

/// A tag as the API takes it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagInput {
    pub key: String,
    pub value: String,
}

pub fn tags_json(tags: &[Tag]) -> Value {
    Value::Array(
        tags.iter()
            .map(|t| json!({"Key": t.key, "Value": t.value}))
            .collect(),
    )
}

/// Applies TagX semantics: a tag with an existing key (ignoring case) is
/// replaced; at most 50 tags per resource. One request may not name a key
/// twice, in any case.
pub fn merge_tags(existing: &mut Vec<Tag>, new: &[TagInput]) -> Result<(), AwsError> {
    for (i, t) in new.iter().enumerate() {
        if new[..i].iter().any(|o| o.key.eq_ignore_ascii_case(&t.key)) {
            return Err(AwsError::invalid_input(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
    }
    let mut merged = existing.clone();
    for t in new {
        validate::tag(t)?;
        match merged
            .iter_mut()
            .find(|e| e.key.eq_ignore_ascii_case(&t.key))
        {
            Some(e) => {
                e.key = t.key.clone();
                e.value = t.value.clone();
            }
            None => merged.push(Tag {
                key: t.key.clone(),
                value: t.value.clone(),
            }),
        }
    }
    if merged.len() > 50 {
        return Err(AwsError::limit_exceeded(
            "The number of tags has reached the maximum limit.",
        ));
    }
    *existing = merged;
    Ok(())
}

pub fn remove_tags(existing: &mut Vec<Tag>, keys: &[String]) {
    existing.retain(|t| !keys.iter().any(|k| k.eq_ignore_ascii_case(&t.key)));
}

pub fn date(epoch: i64) -> Value {
    Value::String(time::iso8601(epoch))
}

/// AWS's pagination members for list calls that return everything at once.
pub fn not_truncated(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert("IsTruncated".into(), Value::Bool(false));
    }
    v
}

/// Filters by a path prefix, as ListUsers --path-prefix does.
pub fn path_matches(path: &str, prefix: Option<&str>) -> bool {
    prefix.is_none_or(|p| path.starts_with(p))
}
