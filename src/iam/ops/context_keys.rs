//! GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy: the
//! context keys a set of policies reads, so a learner knows which values a
//! simulation must be given.
//!
//! AWS lists every key the policies reference: the keys of their Condition
//! blocks and the policy variables (`${aws:username}`) in a version
//! 2012-10-17 policy, each once, spelled as first written, in the order they
//! appear (AWS's own example lists a Resource's variable before the
//! Condition key of the same statement).

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};

use super::entity::{ArnMember, Entity};
use super::policies::missing;
use super::simulate::parse_list;
use super::{Ctx, OpResult, input};
use crate::iam::model::PolicyDoc;
use crate::iam::policy::Version;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "GetContextKeysForCustomPolicy" => input(v).and_then(|i| custom(cx, i)),
        "GetContextKeysForPrincipalPolicy" => input(v).and_then(|i| principal(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Custom {
    policy_input_list: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ForPrincipal {
    policy_source_arn: Option<String>,
    #[serde(default)]
    policy_input_list: Vec<String>,
}

fn answer(docs: &[&PolicyDoc]) -> Value {
    json!({ "ContextKeyNames": context_keys(docs) })
}

fn custom(cx: &mut Ctx<'_>, i: Custom) -> OpResult {
    let texts = i
        .policy_input_list
        .ok_or_else(|| missing("policyInputList"))?;
    cx.authorize("iam:GetContextKeysForCustomPolicy", "*")?;
    let docs = parse_list(&texts, "PolicyInputList")?;
    Ok(answer(&docs.iter().map(Arc::as_ref).collect::<Vec<_>>()))
}

fn principal(cx: &mut Ctx<'_>, i: ForPrincipal) -> OpResult {
    let source = i
        .policy_source_arn
        .ok_or_else(|| missing("policySourceArn"))?;
    ArnMember::PolicySource.check_length(&source)?;
    cx.authorize("iam:GetContextKeysForPrincipalPolicy", &source)?;
    let entity = Entity::parse(cx.org, &source, ArnMember::PolicySource, "ContextKeys")?;
    let extra = parse_list(&i.policy_input_list, "PolicyInputList")?;
    // The entity's own policies and, for a user, its groups': the identity
    // policies, not a permissions boundary, which AWS leaves out.
    let found = entity.principal(cx.org)?;
    let mut docs: Vec<&PolicyDoc> = found.identity.iter().map(|p| p.doc).collect();
    docs.extend(extra.iter().map(Arc::as_ref));
    Ok(answer(&docs))
}

/// The context keys `docs` reference, each once (keys are compared without
/// regard to case, as AWS compares them), in the order they appear.
pub fn context_keys(docs: &[&PolicyDoc]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |key: &str| {
        if !out.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            out.push(key.to_string());
        }
    };
    for doc in docs {
        let substitutes = doc.policy.version == Version::V2012;
        for s in &doc.policy.statements {
            if substitutes && let Some(r) = &s.resource {
                for p in &r.patterns {
                    variables(&p.text).for_each(&mut add);
                }
            }
            for c in &s.conditions {
                add(&c.key);
                if substitutes {
                    for v in &c.values {
                        variables(v).for_each(&mut add);
                    }
                }
            }
        }
    }
    out
}

/// The keys named by the `${...}` variables in `text`: the part before a
/// default value (`${aws:username, 'none'}`), and not the escapes `${*}`,
/// `${?}` and `${$}`, which stand for characters.
fn variables(text: &str) -> impl Iterator<Item = &str> {
    text.split("${").skip(1).filter_map(|rest| {
        let inner = rest.split_once('}')?.0;
        let key = inner.split(',').next().unwrap_or(inner).trim();
        (!matches!(key, "*" | "?" | "$") && key.contains(':')).then_some(key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::policy::PolicyKind;

    fn doc(text: &str) -> Arc<PolicyDoc> {
        PolicyDoc::parse(text, PolicyKind::Identity).unwrap()
    }

    #[test]
    fn aws_example_lists_the_variable_then_the_condition_key() {
        let d = doc(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}"#,
        );
        assert_eq!(context_keys(&[&d]), ["aws:username", "aws:CurrentTime"]);
    }

    #[test]
    fn keys_are_listed_once_whatever_their_case_and_escapes_are_not_keys() {
        let a = doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${*}/${aws:userid, 'x'}","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
        );
        let b = doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"AWS:multifactorauthpresent":"false"},"StringEquals":{"s3:prefix":"${aws:UserId}/"}}}]}"#,
        );
        assert_eq!(
            context_keys(&[&a, &b]),
            ["aws:userid", "aws:MultiFactorAuthPresent", "s3:prefix"]
        );
    }

    #[test]
    fn a_2008_policy_has_no_variables() {
        let d = doc(
            r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}"}}"#,
        );
        assert!(context_keys(&[&d]).is_empty());
    }
}
