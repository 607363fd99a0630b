//! ListPoliciesGrantingServiceAccess: which of an identity's permissions
//! policies let it use each service asked about.
//!
//! As AWS documents, only permissions policies count (no boundary, SCP or
//! resource policy), and only whether a policy allows some action of the
//! service: a user's list holds its own policies and its groups', a group's
//! or a role's only its own. A managed policy is named with its ARN, an
//! inline one with the entity it is embedded in.

use serde::Deserialize;
use serde_json::{Value, json};

use super::entity::{ArnMember, Entity, EntityKind};
use super::policies::missing;
use super::{Ctx, OpResult, input};
use crate::iam::error::AwsError;
use crate::iam::model::PolicyDoc;
use crate::iam::pattern;
use crate::iam::policy::Effect;
use crate::iam::principal::{PolicyRef, Via};

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "ListPoliciesGrantingServiceAccess" => input(v).and_then(|i| list(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListInput {
    arn: Option<String>,
    service_namespaces: Option<Vec<String>>,
    #[allow(dead_code)]
    marker: Option<String>,
}

/// AWS's `serviceNamespaceType`: 1 to 64 word characters or hyphens. AWS
/// words a bad list member as the whole list failing a member constraint.
fn check_namespaces(list: &[String]) -> Result<(), AwsError> {
    let shown = format!("[{}]", list.join(", "));
    let fail = |rule: &str| {
        Err(super::policies::invalid(
            &shown,
            "serviceNamespaces",
            &format!("Member must satisfy constraint: [{rule}]"),
        ))
    };
    for ns in list {
        let n = ns.chars().count();
        if n == 0 {
            return fail("Member must have length greater than or equal to 1");
        }
        if n > 64 {
            return fail("Member must have length less than or equal to 64");
        }
        if !ns
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return fail("Member must satisfy regular expression pattern: [\\w-]*");
        }
    }
    Ok(())
}

fn list(cx: &mut Ctx<'_>, i: ListInput) -> OpResult {
    let source = i.arn.ok_or_else(|| missing("arn"))?;
    let namespaces = i
        .service_namespaces
        .ok_or_else(|| missing("serviceNamespaces"))?;
    check_namespaces(&namespaces)?;
    cx.authorize("iam:ListPoliciesGrantingServiceAccess", &source)?;
    let entity = Entity::parse(cx.org, &source, ArnMember::Arn, "ServiceAccess")?;
    let entity_name = entity.stored_name(cx.org)?;
    let found = entity.principal(cx.org)?;
    let entity_type = match entity.kind {
        EntityKind::User => "USER",
        EntityKind::Group => "GROUP",
        EntityKind::Role => "ROLE",
    };
    let entries: Vec<Value> = namespaces
        .iter()
        .map(|ns| {
            let policies: Vec<Value> = found
                .identity
                .iter()
                .filter(|p| grants_service(p.doc, ns))
                .map(|p| policy_entry(p, entity_type, entity_name))
                .collect();
            json!({ "ServiceNamespace": ns, "Policies": policies })
        })
        .collect();
    Ok(json!({ "PoliciesGrantingServiceAccess": entries, "IsTruncated": false }))
}

fn policy_entry(p: &PolicyRef<'_>, entity_type: &str, entity_name: &str) -> Value {
    match (&p.arn, &p.via) {
        (Some(arn), _) => json!({
            "PolicyName": p.name,
            "PolicyType": "MANAGED",
            "PolicyArn": arn,
        }),
        (None, Via::Group(group)) => json!({
            "PolicyName": p.name,
            "PolicyType": "INLINE",
            "EntityType": "GROUP",
            "EntityName": group,
        }),
        // Identity policies only come here: an SCP attached at the
        // organization root is not one, but is named like a direct one.
        (None, Via::Direct | Via::OrgRoot) => json!({
            "PolicyName": p.name,
            "PolicyType": "INLINE",
            "EntityType": entity_type,
            "EntityName": entity_name,
        }),
    }
}

/// Does some Allow statement of `doc` allow at least one action of the
/// service `namespace`? `Action` must name it (or match it with a
/// wildcard); `NotAction` grants it unless it leaves out the whole service.
pub fn grants_service(doc: &PolicyDoc, namespace: &str) -> bool {
    doc.policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .any(|s| {
            let covers_service = |text: &str| {
                text == "*"
                    || text.split_once(':').is_some_and(|(prefix, action)| {
                        pattern::matches(prefix, namespace, true)
                            && action.chars().all(|c| c == '*')
                    })
            };
            let touches_service = |text: &str| {
                text == "*"
                    || text
                        .split_once(':')
                        .is_some_and(|(prefix, _)| pattern::matches(prefix, namespace, true))
            };
            if s.action.negated {
                !s.action.patterns.iter().any(|p| covers_service(&p.text))
            } else {
                s.action.patterns.iter().any(|p| touches_service(&p.text))
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::policy::PolicyKind;

    fn grants(text: &str, ns: &str) -> bool {
        grants_service(&PolicyDoc::parse(text, PolicyKind::Identity).unwrap(), ns)
    }

    #[test]
    fn actions_wildcards_not_action_and_deny() {
        let allow = |a: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":{a},"Resource":"*"}}}}"#
            )
        };
        assert!(grants(&allow(r#""s3:GetObject""#), "s3"));
        assert!(grants(&allow(r#""S3:Get*""#), "s3"));
        assert!(grants(&allow(r#""*""#), "ec2"));
        assert!(!grants(&allow(r#""s3:GetObject""#), "ec2"));
        assert!(!grants(&allow(r#""s3:GetObject""#), "s3x"));
        let not = |a: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","NotAction":{a},"Resource":"*"}}}}"#
            )
        };
        assert!(grants(&not(r#""iam:*""#), "s3"));
        assert!(!grants(&not(r#""iam:*""#), "iam"));
        assert!(grants(&not(r#""iam:CreateUser""#), "iam"));
        let deny = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}"#;
        assert!(!grants(deny, "s3"));
    }
}
