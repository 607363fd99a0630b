//! The context entries of a simulation request: their types, how a value
//! fits its type, and the keys whose type AWS fixes.

use super::validate::shorten;
use super::{ContextEntry, MAX_CONTEXT_VALUES};
use crate::iam::condition;
use crate::iam::condition::BaseOperator;
use crate::iam::context::Context;
use crate::iam::error::AwsError;

const CONTEXT_TYPES: [&str; 14] = [
    "string",
    "stringList",
    "numeric",
    "numericList",
    "boolean",
    "booleanList",
    "ip",
    "ipList",
    "binary",
    "binaryList",
    "date",
    "dateList",
    "arn",
    "arnList",
];

/// Builds the request context from ContextEntries, checking each value
/// against its declared type as AWS does.
pub fn context_from_entries(entries: &[ContextEntry]) -> Result<Context, AwsError> {
    let mut ctx = Context::new();
    for e in entries {
        let t = e.context_key_type.as_str();
        if !CONTEXT_TYPES.contains(&t) {
            return Err(AwsError::invalid_input(format!(
                "Invalid ContextKeyType `{t}` for {}: expected one of {}",
                e.context_key_name,
                CONTEXT_TYPES.join(", ")
            )));
        }
        if !t.ends_with("List") && e.context_key_values.len() != 1 {
            return Err(AwsError::invalid_input(format!(
                "Context key {} of type {t} takes exactly one value; use {t}List for several",
                e.context_key_name
            )));
        }
        too_many_values(&e.context_key_name, e.context_key_values.len())?;
        for v in &e.context_key_values {
            if !value_fits(t.trim_end_matches("List"), v) {
                return Err(AwsError::invalid_input(format!(
                    "Invalid value `{}` for context key {} of type {t}",
                    shorten(v),
                    e.context_key_name
                )));
            }
        }
        ctx.set(&e.context_key_name, e.context_key_values.clone());
    }
    Ok(ctx)
}

/// Can `value` be read as a context value of `kind` (a ContextKeyType
/// without `List`), the way the condition operators of that type read it?
pub fn value_fits(kind: &str, value: &str) -> bool {
    match kind {
        "numeric" => condition::readable(BaseOperator::NumericEquals, value),
        "boolean" => value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"),
        "ip" => value
            .split_once('/')
            .map_or(value, |(ip, _)| ip)
            .parse::<std::net::IpAddr>()
            .is_ok(),
        "date" => condition::readable(BaseOperator::DateEquals, value),
        "binary" => condition::readable(BaseOperator::BinaryEquals, value),
        "arn" => condition::readable(BaseOperator::ArnEquals, value),
        _ => true,
    }
}

/// The type of a global condition key whose values are not plain strings,
/// from AWS's list of global condition context keys: what `simulate --org
/// --context KEY=VALUE` checks a value against.
pub fn global_key_type(key: &str) -> Option<&'static str> {
    const TYPED: [(&str, &str); 13] = [
        ("aws:CurrentTime", "date"),
        ("aws:EpochTime", "date"),
        ("aws:TokenIssueTime", "date"),
        ("aws:MultiFactorAuthAge", "numeric"),
        ("aws:MultiFactorAuthPresent", "boolean"),
        ("aws:SecureTransport", "boolean"),
        ("aws:ViaAWSService", "boolean"),
        ("aws:PrincipalIsAWSService", "boolean"),
        ("aws:AssumedRoot", "boolean"),
        ("aws:SourceIp", "ip"),
        ("aws:VpcSourceIp", "ip"),
        ("aws:SourceArn", "arn"),
        ("aws:PrincipalArn", "arn"),
    ];
    TYPED
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, t)| *t)
}

/// What a `kind` of value is, in a sentence: "is not {what}".
pub fn kind_words(kind: &str) -> &'static str {
    match kind {
        "numeric" => "a number",
        "boolean" => "`true` or `false`",
        "ip" => "an IP address or range (such as 203.0.113.7 or 203.0.113.0/24)",
        "date" => "a date (such as 2026-01-05T09:00:00Z, or seconds since 1970)",
        "binary" => "base64",
        "arn" => "an ARN",
        _ => "a string",
    }
}

/// iamtutor's own bound on the values one context key carries in a
/// request. AWS documents none for the simulator; in real requests the
/// largest multivalued keys carry at most 50 (`aws:TagKeys`: 50 tags per
/// resource or request), and a bound keeps every condition's work small.
pub fn too_many_values(key: &str, n: usize) -> Result<(), AwsError> {
    if n <= MAX_CONTEXT_VALUES {
        return Ok(());
    }
    Err(AwsError::limit_exceeded(format!(
        "Context key {key} has {n} values; iamtutor's simulator takes at most \
         {MAX_CONTEXT_VALUES} values a key (as many as a request's tags can be), so that \
         every condition is answered quickly"
    )))
}
