//! Service and action last accessed reports: GenerateServiceLastAccessedDetails
//! and GetServiceLastAccessedDetails.
//!
//! As AWS documents: a report covers a user, group, role or managed policy;
//! it lists every service the entity's permissions policies allow (no
//! boundary, SCP, resource or trust policy counts), and for each the most
//! recent authenticated attempt, allowed or refused, by the entity (for a
//! group, by its members; for a policy, by the users and roles it applies
//! to) within the last 400 days. At `ACTION_LEVEL` it also names the tracked
//! actions attempted: IAM's, EC2's, Lambda's and S3's management actions.
//!
//! IAM builds a report in the background; the sandbox builds it at once,
//! from the usage it records (`crate::iam::usage`), and keeps it so that a
//! later GetServiceLastAccessedDetails answers with the same snapshot. Only
//! the user or role session that asked may read it, as AWS says.

use serde::Deserialize;
use serde_json::{Value, json};

use super::entity::{ArnMember, Entity, EntityKind, is_policy_arn};
use super::policies::{invalid, missing};
use super::{Ctx, OpResult, date, input};
use crate::iam::access::Arn;
use crate::iam::catalog::catalog;
use crate::iam::error::AwsError;
use crate::iam::model::{AccessReport, Accessed, Org, PolicyDoc};
use crate::iam::ops::service_access::grants_service;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "GenerateServiceLastAccessedDetails" => input(v).and_then(|i| generate(cx, i)),
        "GetServiceLastAccessedDetails" => input(v).and_then(|i| get(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GenerateInput {
    arn: Option<String>,
    granularity: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GetInput {
    job_id: Option<String>,
    #[allow(dead_code)]
    max_items: Option<i64>,
    #[allow(dead_code)]
    marker: Option<String>,
}

const GRANULARITIES: [&str; 2] = ["SERVICE_LEVEL", "ACTION_LEVEL"];

/// How far back IAM reports activity.
const TRACKING_DAYS: i64 = 400;

/// The services whose actions report activity to IAM one by one.
const TRACKED_SERVICES: [&str; 4] = ["ec2", "iam", "lambda", "s3"];

fn generate(cx: &mut Ctx<'_>, i: GenerateInput) -> OpResult {
    let arn = i.arn.ok_or_else(|| missing("arn"))?;
    ArnMember::Arn.check_length(&arn)?;
    let granularity = i.granularity.unwrap_or_else(|| GRANULARITIES[0].into());
    if !GRANULARITIES.contains(&granularity.as_str()) {
        return Err(invalid(
            &granularity,
            "granularity",
            &format!(
                "Member must satisfy enum value set: [{}]",
                GRANULARITIES.join(", ")
            ),
        ));
    }
    cx.authorize("iam:GenerateServiceLastAccessedDetails", &arn)?;
    let now = cx.now();
    let action_level = granularity == "ACTION_LEVEL";
    let services = if is_policy_arn(&arn) {
        report(
            &policy_subject(cx.org, &cx.account, &arn)?,
            action_level,
            now,
        )
    } else {
        let entity = Entity::parse(cx.org, &arn, ArnMember::Arn, "LastAccessed")?;
        report(&entity_subject(cx.org, &entity)?, action_level, now)
    };
    let by = cx.org.caller_arn(cx.caller);
    let id = cx.org.new_uuid();
    cx.account_mut().access_reports.insert(
        id.clone(),
        AccessReport {
            id: id.clone(),
            arn,
            granularity,
            created: now,
            by,
            services: Value::Array(services).to_string(),
        },
    );
    Ok(json!({ "JobId": id }))
}

fn get(cx: &mut Ctx<'_>, i: GetInput) -> OpResult {
    let id = i.job_id.ok_or_else(|| missing("jobId"))?;
    let n = id.chars().count();
    if n != 36 {
        let rule = if n < 36 { "greater" } else { "less" };
        return Err(invalid(
            &id,
            "jobId",
            &format!("Member must have length {rule} than or equal to 36"),
        ));
    }
    cx.authorize("iam:GetServiceLastAccessedDetails", "*")?;
    let asker = cx.org.caller_arn(cx.caller);
    let report = cx
        .account()
        .access_reports
        .get(&id)
        .filter(|r| r.by == asker)
        .ok_or_else(|| AwsError::no_such_entity(format!("No such job: {id}")))?;
    let services: Value = serde_json::from_str(&report.services).unwrap_or(json!([]));
    Ok(json!({
        "JobStatus": "COMPLETED",
        "JobType": report.granularity,
        "JobCreationDate": date(report.created),
        "ServicesLastAccessed": services,
        "JobCompletionDate": date(report.created),
        "IsTruncated": false,
    }))
}

/// What a report is about: the policies that decide which services it
/// lists, and the users and roles whose attempts count.
struct Subject<'o> {
    policies: Vec<&'o PolicyDoc>,
    entities: Vec<(String, &'o Accessed)>,
}

/// What a report on the managed policy `arn` covers: the policy, and the
/// users and roles it applies to in `account` (where an AWS managed policy
/// is read as attached), or IAM's error for it.
fn policy_subject<'o>(org: &'o Org, account: &str, arn: &str) -> Result<Subject<'o>, AwsError> {
    let policy = org
        .managed_policy(arn)
        .ok_or_else(|| AwsError::no_such_entity(format!("Policy {arn} was not found.")))?;
    let owner = Arn::parse(arn).map_or("", |a| a.account);
    let home = if owner == "aws" { account } else { owner };
    Ok(Subject {
        policies: vec![policy.default_doc().as_ref()],
        entities: attached_to(org, home, &policy.arn),
    })
}

/// What a report on a user, group or role covers: its permissions policies
/// (a user's groups' too), and its own attempts (a group's members').
fn entity_subject<'o>(org: &'o Org, entity: &'o Entity) -> Result<Subject<'o>, AwsError> {
    let policies = entity
        .principal(org)?
        .identity
        .iter()
        .map(|p| p.doc)
        .collect();
    let (account, name) = (entity.account.as_str(), entity.name.as_str());
    let entities = match entity.kind {
        EntityKind::User => org
            .user(account, name)
            .map(|u| vec![(u.arn(account), &u.accessed)]),
        EntityKind::Role => org
            .role(account, name)
            .map(|r| vec![(r.arn(account), &r.accessed)]),
        EntityKind::Group => org.account(account).map(|a| {
            let key = name.to_ascii_lowercase();
            a.users
                .values()
                .filter(|u| u.groups.contains(&key))
                .map(|u| (u.arn(account), &u.accessed))
                .collect()
        }),
    };
    // The principal was found, so the entity is there.
    Ok(Subject {
        policies,
        entities: entities.unwrap_or_default(),
    })
}

/// The users and roles of `account` a managed policy applies to: attached
/// to them, or to a group they belong to.
fn attached_to<'o>(org: &'o Org, account: &str, policy: &str) -> Vec<(String, &'o Accessed)> {
    let Some(a) = org.account(account) else {
        return Vec::new();
    };
    let has = |list: &[String]| list.iter().any(|p| p == policy);
    let users = a.users.values().filter(|u| {
        has(&u.attached)
            || u.groups
                .iter()
                .any(|g| a.groups.get(g).is_some_and(|g| has(&g.attached)))
    });
    let roles = a.roles.values().filter(|r| has(&r.attached));
    users
        .map(|u| (u.arn(account), &u.accessed))
        .chain(roles.map(|r| (r.arn(account), &r.accessed)))
        .collect()
}

/// One attempt in a report: who, when, where.
struct Seen<'a> {
    entity: &'a str,
    date: i64,
    region: &'a str,
}

/// `ServicesLastAccessed` for `subject` at `now`, sorted by namespace.
fn report(subject: &Subject<'_>, action_level: bool, now: i64) -> Vec<Value> {
    let since = now - TRACKING_DAYS * 86_400;
    catalog()
        .services
        .iter()
        .filter(|s| {
            subject
                .policies
                .iter()
                .any(|d| grants_service(d, &s.prefix))
        })
        .map(|service| {
            let ns = service.prefix.as_str();
            let qualifier = format!("{ns}:");
            // Each entity's latest attempt in the service, and each
            // tracked action's latest attempt by anyone.
            let mut latest: Vec<Seen<'_>> = Vec::new();
            let mut actions: std::collections::BTreeMap<&str, Seen<'_>> = Default::default();
            for (entity, accessed) in &subject.entities {
                let in_service = accessed.iter().filter(|(action, a)| {
                    action.len() > qualifier.len()
                        && action[..qualifier.len()].eq_ignore_ascii_case(&qualifier)
                        && a.date >= since
                        && a.date <= now
                });
                let mut best: Option<Seen<'_>> = None;
                for (action, a) in in_service {
                    let seen = || Seen {
                        entity,
                        date: a.date,
                        region: &a.region,
                    };
                    if best.as_ref().is_none_or(|b| a.date > b.date) {
                        best = Some(seen());
                    }
                    let name = &action[qualifier.len()..];
                    if action_level && tracked(ns, name) {
                        let newer = actions.get(name).is_none_or(|b| a.date > b.date);
                        if newer {
                            actions.insert(name, seen());
                        }
                    }
                }
                latest.extend(best);
            }
            let mut entry = json!({ "ServiceName": service.name });
            let last = latest.iter().max_by_key(|s| s.date);
            if let Some(l) = last {
                entry["LastAuthenticated"] = date(l.date);
            }
            entry["ServiceNamespace"] = json!(ns);
            if let Some(l) = last {
                entry["LastAuthenticatedEntity"] = json!(l.entity);
                entry["LastAuthenticatedRegion"] = json!(l.region);
            }
            entry["TotalAuthenticatedEntities"] = json!(latest.len());
            if !actions.is_empty() {
                entry["TrackedActionsLastAccessed"] = actions
                    .iter()
                    .map(|(name, s)| {
                        json!({
                            "ActionName": name,
                            "LastAccessedEntity": s.entity,
                            "LastAccessedTime": date(s.date),
                            "LastAccessedRegion": s.region,
                        })
                    })
                    .collect();
            }
            entry
        })
        .collect()
}

/// Does IAM track `action` of service `ns` one by one? For S3 only
/// management actions are tracked, not object-level ones.
fn tracked(ns: &str, action: &str) -> bool {
    TRACKED_SERVICES.contains(&ns) && !(ns == "s3" && action.contains("Object"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_object_actions_are_not_tracked_one_by_one() {
        assert!(tracked("s3", "CreateBucket"));
        assert!(!tracked("s3", "GetObject"));
        assert!(tracked("iam", "CreateUser"));
        assert!(!tracked("dynamodb", "GetItem"));
    }
}
