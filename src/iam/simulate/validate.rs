//! A simulation request checked against AWS's API model before anything
//! is parsed or evaluated.

use super::context_entries::too_many_values;
use super::{MAX_EVALUATIONS, MAX_ITEMS, POLICY_DOCUMENT_MAX, SimulateCustomPolicy};
use crate::iam::error::AwsError;

/// Checks a request against what AWS's API model allows (lengths, ranges,
/// the characters of a policy document) and against iamtutor's own bounds,
/// before anything is parsed or evaluated. The first problem is reported as
/// AWS reports a validation error.
pub fn validate(req: &SimulateCustomPolicy) -> Result<(), AwsError> {
    if req.action_names.is_empty() {
        return Err(AwsError::validation(
            "1 validation error detected: Value '[]' at 'actionNames' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ));
    }
    if req
        .action_names
        .iter()
        .any(|a| !(3..=128).contains(&a.chars().count()))
    {
        return Err(list_error(
            &req.action_names,
            "actionNames",
            "[Member must have length less than or equal to 128, Member must have length greater than or equal to 3]",
        ));
    }
    if req
        .resource_arns
        .iter()
        .any(|a| !(1..=2048).contains(&a.chars().count()))
    {
        return Err(list_error(
            &req.resource_arns,
            "resourceArns",
            "[Member must have length less than or equal to 2048, Member must have length greater than or equal to 1]",
        ));
    }
    for (list, at) in [
        (&req.policy_input_list, "policyInputList"),
        (
            &req.permissions_boundary_policy_input_list,
            "permissionsBoundaryPolicyInputList",
        ),
    ] {
        if !list.iter().all(|d| document_fits(d)) {
            return Err(list_error(
                list,
                at,
                &format!("[{}]", DOCUMENT_CONSTRAINTS.join(", ")),
            ));
        }
    }
    if let Some(d) = req.resource_policy.as_deref().filter(|d| !document_fits(d)) {
        return Err(value_error(
            d,
            "resourcePolicy",
            &DOCUMENT_CONSTRAINTS.join(", "),
        ));
    }
    for (value, at) in [
        (&req.resource_owner, "resourceOwner"),
        (&req.caller_arn, "callerArn"),
    ] {
        if let Some(v) = value.as_deref()
            && !(1..=2048).contains(&v.chars().count())
        {
            return Err(value_error(v, at, &length_words(v, 1, 2048)));
        }
    }
    for e in &req.context_entries {
        let name = &e.context_key_name;
        if !(5..=256).contains(&name.chars().count()) {
            return Err(value_error(
                name,
                "contextEntries.member.contextKeyName",
                &length_words(name, 5, 256),
            ));
        }
    }
    if let Some(v) = req.resource_handling_option.as_deref()
        && !(1..=64).contains(&v.chars().count())
    {
        return Err(value_error(
            v,
            "resourceHandlingOption",
            &length_words(v, 1, 64),
        ));
    }
    if let Some(n) = req.max_items {
        let words = if n < 1 {
            "Member must have value greater than or equal to 1"
        } else {
            "Member must have value less than or equal to 1000"
        };
        if !(1..=MAX_ITEMS).contains(&n) {
            return Err(value_error(&n.to_string(), "maxItems", words));
        }
    }
    if let Some(m) = req.marker.as_deref() {
        let n = m.chars().count();
        if !(1..=320).contains(&n) {
            return Err(value_error(m, "marker", &length_words(m, 1, 320)));
        }
        if !m.chars().all(|c| ('\u{20}'..='\u{ff}').contains(&c)) {
            return Err(value_error(
                m,
                "marker",
                "Member must satisfy regular expression pattern: [\\u0020-\\u00FF]+",
            ));
        }
    }
    let resources = req.resource_arns.len().max(1);
    let evaluations = req.action_names.len().saturating_mul(resources);
    if evaluations > MAX_EVALUATIONS {
        return Err(AwsError::limit_exceeded(format!(
            "{} ActionNames x {resources} ResourceArns is {evaluations} evaluations; \
             iamtutor's simulator takes at most {MAX_EVALUATIONS} in one request (AWS \
             documents no such limit; this one keeps an answer to a fraction of a second). \
             Split the actions or resources over several requests",
            req.action_names.len()
        )));
    }
    for e in &req.context_entries {
        too_many_values(&e.context_key_name, e.context_key_values.len())?;
    }
    Ok(())
}

/// AWS's constraints on a policy document, as its validation error lists
/// them.
const DOCUMENT_CONSTRAINTS: [&str; 3] = [
    "Member must have length less than or equal to 131072",
    "Member must have length greater than or equal to 1",
    "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
];

/// `policyDocumentType`: 1 to 131,072 characters of tab, line feed,
/// carriage return and U+0020 to U+00FF.
fn document_fits(text: &str) -> bool {
    let mut n = 0usize;
    for c in text.chars() {
        n += 1;
        if n > POLICY_DOCUMENT_MAX
            || !(matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c))
        {
            return false;
        }
    }
    n > 0
}

fn length_words(v: &str, min: usize, max: usize) -> String {
    if v.chars().count() < min {
        format!("Member must have length greater than or equal to {min}")
    } else {
        format!("Member must have length less than or equal to {max}")
    }
}

/// AWS's ValidationError for one member, its value shortened when long.
fn value_error(value: &str, at: &str, constraint: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{}' at '{at}' failed to satisfy constraint: {constraint}",
        shorten(value)
    ))
}

/// AWS's ValidationError for a list with a member out of bounds: it names
/// the whole list, and every constraint on a member.
fn list_error(list: &[String], at: &str, constraints: &str) -> AwsError {
    let shown: Vec<String> = list.iter().take(5).map(|v| shorten(v)).collect();
    let more = if list.len() > 5 {
        format!(", ... ({} in all)", list.len())
    } else {
        String::new()
    };
    AwsError::validation(format!(
        "1 validation error detected: Value '[{}{more}]' at '{at}' failed to satisfy constraint: Member must satisfy constraint: {constraints}",
        shown.join(", ")
    ))
}

/// A value for a message: whole when short, else its start and its length,
/// so a refused 100 KB document does not become a 100 KB message.
pub fn shorten(v: &str) -> String {
    let n = v.chars().count();
    if n <= 80 {
        return v.to_string();
    }
    let head: String = v.chars().take(40).collect();
    format!("{head}... ({n} characters)")
}
