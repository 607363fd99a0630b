//! Rules about the organization's data perimeter: resources that anyone
//! outside the organization can reach, and the `aws:PrincipalOrgID` deny
//! that also shuts out AWS's own services.
//!
//! Both ask the evaluator, so an RCP, an SCP or a condition that already
//! keeps outsiders out counts exactly as it does in every other view. They
//! look only at files with an organization: without one there is no
//! organization id to keep a perimeter with.

use serde_json::{Value, json};

use super::policy_edits::{add_condition, edit_statements, is_everyone};
use super::{Finding, Rule, Scan};
use crate::iam::context::Context;
use crate::iam::model::{Caller, Org};
use crate::iam::policy::Effect;

/// The AWS service the `org-deny-blocks-services` rule asks about: CloudTrail
/// writing its logs to a bucket with its service principal, AWS's own
/// example of a service that a bare `aws:PrincipalOrgID` deny breaks.
const SERVICE: &str = "cloudtrail.amazonaws.com";

/// An account id for the outsider the rules imagine: the first of a few
/// that the organization file does not use.
fn outsider_account(org: &Org) -> String {
    ["999999999999", "999988887777", "123456789012"]
        .iter()
        .find(|id| !org.accounts.contains_key(**id))
        .map_or_else(|| "999999999990".to_string(), |id| id.to_string())
}

/// Can the root user of an account outside the organization (who holds
/// every permission in its own account) do `action` on `resource`?
fn outsider_can(org: &Org, action: &str, resource: &str) -> bool {
    let mut probe = org.clone();
    let account = outsider_account(org);
    probe.add_account(&account);
    let caller = Caller::Root { account };
    probe
        .explain(&caller, action, resource, &Context::new())
        .is_ok_and(|e| e.decision.is_allowed())
}

/// Rule `perimeter-gap`: a bucket of a member account whose policy opens it
/// to `"*"` and that an outsider can read, or a role an outsider can
/// assume, with no RCP, SCP or condition keeping them out. The fix adds
/// `aws:PrincipalOrgID` to the open statements, so only the organization's
/// identities (and not the whole internet) get what they grant.
pub(super) fn perimeter_gap(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let Some(o) = &cx.org.organization else {
        return;
    };
    let account = &cx.account.id;
    if !o.has_member(cx.org, account) {
        return;
    }
    for b in cx.org.buckets.values().filter(|b| &b.account == account) {
        let Some(policy) = &b.policy else { continue };
        let open = policy.policy.statements.iter().any(|s| {
            s.effect == Effect::Allow && s.principal.as_ref().is_some_and(|p| !p.negated && p.any)
        });
        let object = format!("arn:aws:s3:::{}/any-object", b.name);
        let bucket = format!("arn:aws:s3:::{}", b.name);
        if !open
            || !(outsider_can(cx.org, "s3:GetObject", &object)
                || outsider_can(cx.org, "s3:ListBucket", &bucket)
                || outsider_can(cx.org, "s3:PutObject", &object))
        {
            continue;
        }
        let mut f = Finding::new(
            Rule::PerimeterGap,
            account,
            vec![format!("bucket/{}", b.name)],
        );
        f.summary = format!(
            "bucket {} is open to anyone outside organization {}",
            b.name, o.id
        );
        f.why = format!(
            "Its bucket policy allows \"Principal\": \"*\", and no resource control policy, SCP or condition keeps identities outside {} out, so any AWS account in the world can use what it grants. Add aws:PrincipalOrgID to the open statements, or attach an RCP that denies callers outside the organization.",
            o.id
        );
        if let Some(doc) = with_org_condition(&policy.text, &o.id) {
            f.fix.push(format!(
                "aws s3api put-bucket-policy --bucket {} --policy '{}'",
                b.name,
                doc.replace('\'', r"'\''")
            ));
        }
        out.push(f);
    }
    for role in cx.account.roles.values() {
        let open = role.trust.policy.statements.iter().any(|s| {
            s.effect == Effect::Allow
                && !s.conditions.is_empty()
                && s.principal.as_ref().is_some_and(|p| !p.negated && p.any)
        });
        // An open trust with no condition at all is `open-trust`'s finding.
        if !open || !outsider_can(cx.org, "sts:AssumeRole", &role.arn(account)) {
            continue;
        }
        let mut f = Finding::new(
            Rule::PerimeterGap,
            account,
            vec![format!("role/{}", role.name)],
        );
        f.summary = format!(
            "role/{} can be assumed from outside organization {}",
            role.name, o.id
        );
        f.why = format!(
            "Its trust policy names \"*\" and its conditions do not stop an identity outside {}; nothing else in the organization does either. Add aws:PrincipalOrgID so only the organization's identities can assume it.",
            o.id
        );
        if let Some(doc) = with_org_condition(&role.trust.text, &o.id) {
            f.fix.push(format!(
                "aws iam update-assume-role-policy --role-name {} --policy-document '{}'",
                role.name,
                doc.replace('\'', r"'\''")
            ));
        }
        out.push(f);
    }
}

/// The policy with `"StringEquals": {"aws:PrincipalOrgID": ID}` added to
/// each Allow statement open to everyone, compact on one line.
fn with_org_condition(text: &str, org_id: &str) -> Option<String> {
    edit_statements(text, |st| {
        let open = st.get("Effect").and_then(Value::as_str) == Some("Allow")
            && st.get("Principal").is_some_and(is_everyone);
        if open {
            add_condition(st, "StringEquals", "aws:PrincipalOrgID", json!(org_id));
        }
    })
}

/// Rule `org-deny-blocks-services`: a bucket policy Deny on
/// `StringNotEquals aws:PrincipalOrgID` with no exemption for AWS services.
/// A service principal's request carries no organization id, so the deny
/// stops CloudTrail, S3 logging and the like from writing to the bucket.
/// The fix adds `"Bool": {"aws:PrincipalIsAWSService": "false"}`, AWS's
/// recommended exemption, to those statements.
pub(super) fn org_deny_blocks_services(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    if cx.org.organization.is_none() {
        return;
    }
    let account = &cx.account.id;
    for b in cx.org.buckets.values().filter(|b| &b.account == account) {
        let Some(policy) = &b.policy else { continue };
        let trap = policy.policy.statements.iter().any(|s| {
            s.effect == Effect::Deny
                && s.conditions.iter().any(|c| {
                    c.key.eq_ignore_ascii_case("aws:PrincipalOrgID")
                        && c.operator.name.starts_with("StringNotEquals")
                })
                && !s
                    .conditions
                    .iter()
                    .any(|c| c.key.eq_ignore_ascii_case("aws:PrincipalIsAWSService"))
        });
        if !trap {
            continue;
        }
        let object = format!("arn:aws:s3:::{}/AWSLogs/{account}/log.json.gz", b.name);
        let service = Caller::Service(SERVICE.into());
        let denied = cx
            .org
            .explain(&service, "s3:PutObject", &object, &Context::new())
            .is_ok_and(|e| e.decision == crate::iam::eval::Decision::ExplicitDeny);
        if !denied {
            continue;
        }
        let mut f = Finding::new(
            Rule::OrgDenyBlocksServices,
            account,
            vec![format!("bucket/{}", b.name)],
        );
        f.summary = format!(
            "bucket {}'s aws:PrincipalOrgID deny also shuts out AWS services",
            b.name
        );
        f.why = "A request an AWS service makes with its service principal (CloudTrail delivering logs, S3 server access logging) carries no aws:PrincipalOrgID, so StringNotEquals on that key is true and the Deny applies: the service can no longer write here. Exempt AWS services with \"Bool\": {\"aws:PrincipalIsAWSService\": \"false\"}.".into();
        if let Some(doc) = with_service_exemption(&policy.text) {
            f.fix.push(format!(
                "aws s3api put-bucket-policy --bucket {} --policy '{}'",
                b.name,
                doc.replace('\'', r"'\''")
            ));
        }
        out.push(f);
    }
}

fn with_service_exemption(text: &str) -> Option<String> {
    edit_statements(text, |st| {
        let deny = st.get("Effect").and_then(Value::as_str) == Some("Deny");
        let on_org = st
            .get("Condition")
            .and_then(Value::as_object)
            .is_some_and(|ops| {
                ops.iter().any(|(op, keys)| {
                    op.starts_with("StringNotEquals")
                        && keys.as_object().is_some_and(|k| {
                            k.keys()
                                .any(|k| k.eq_ignore_ascii_case("aws:PrincipalOrgID"))
                        })
                })
            });
        if deny && on_org {
            add_condition(st, "Bool", "aws:PrincipalIsAWSService", json!("false"));
        }
    })
}
