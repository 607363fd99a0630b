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
mod entity;
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
mod totp;
mod users;
pub mod validate;

/// When a console password expires under the account's password policy.
pub use password_policy::expires_at;
/// A customer managed policy with its first version.
pub use policies::new_managed_policy;
/// The claim where a web identity token carries session tags.
pub use sts_federated::TAGS_CLAIM;
/// The authenticator app's code for a virtual MFA seed (RFC 6238 TOTP).
pub use totp::totp;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::error::AwsError;
use super::model::Tag;
use super::time;

pub use super::call::{Ctx, Traced, caller_account};

pub type OpResult = Result<Value, AwsError>;

/// Runs one operation; for IAM, STS and Organizations `service` is `iam`,
/// `sts` or `organizations`, and `operation` the AWS name, such as
/// `CreateUser`.
pub use super::call::call;

/// The operation `operation` of IAM, STS or Organizations, run in `cx`;
/// None when the service has no such operation.
pub(crate) fn dispatch(
    service: &str,
    operation: &str,
    cx: &mut Ctx<'_>,
    input: &Value,
) -> Option<OpResult> {
    if let Err(e) = paging_members(operation, input) {
        return Some(Err(e));
    }
    match service {
        "iam" => users::dispatch(operation, cx, input)
            .or_else(|| groups::dispatch(operation, cx, input))
            .or_else(|| roles::dispatch(operation, cx, input))
            .or_else(|| policies::dispatch(operation, cx, input))
            .or_else(|| attachments::dispatch(operation, cx, input))
            .or_else(|| credentials::dispatch(operation, cx, input))
            .or_else(|| instance_profiles::dispatch(operation, cx, input))
            .or_else(|| simulate::dispatch(operation, cx, input))
            .or_else(|| authorization_details::dispatch(operation, cx, input))
            .or_else(|| password_policy::dispatch(operation, cx, input))
            .or_else(|| account::dispatch(operation, cx, input))
            .or_else(|| providers::dispatch(operation, cx, input))
            .or_else(|| credential_report::dispatch(operation, cx, input))
            .or_else(|| context_keys::dispatch(operation, cx, input))
            .or_else(|| service_access::dispatch(operation, cx, input))
            .or_else(|| last_accessed::dispatch(operation, cx, input)),
        "sts" => sts::dispatch(operation, cx, input),
        "organizations" => organizations::dispatch(operation, cx, input),
        _ => None,
    }
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

/// Adds the members a user's or role's element has only when set: its
/// permissions boundary and its tags.
fn add_boundary_and_tags(v: &mut Value, boundary: Option<&String>, tags: &[Tag]) {
    if let Some(b) = boundary {
        v["PermissionsBoundary"] = json!({
            "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": b,
        });
    }
    if !tags.is_empty() {
        v["Tags"] = tags_json(tags);
    }
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
