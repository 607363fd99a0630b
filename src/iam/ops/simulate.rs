//! SimulateCustomPolicy and SimulatePrincipalPolicy as API calls.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::{Ctx, OpResult, input};
use crate::iam::access::Arn;
use crate::iam::error::AwsError;
use crate::iam::model::{Auth, Caller, PolicyDoc};
use crate::iam::policy::PolicyKind;
use crate::iam::principal::{Layer, PolicyRef, Principal, PrincipalKind, Via};
use crate::iam::simulate::{self, ContextEntry, SimulateCustomPolicy};

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "SimulateCustomPolicy" => input::<SimulateCustomPolicy>(v).and_then(|i| {
            cx.authorize("iam:SimulateCustomPolicy", "*")?;
            simulate::simulate_custom(&i, cx.now()).map(to_json)
        }),
        "SimulatePrincipalPolicy" => input(v).and_then(|i| simulate_principal(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct SimulatePrincipalPolicy {
    policy_source_arn: String,
    #[serde(default)]
    policy_input_list: Vec<String>,
    #[serde(default)]
    permissions_boundary_policy_input_list: Vec<String>,
    action_names: Vec<String>,
    #[serde(default)]
    resource_arns: Vec<String>,
    resource_policy: Option<String>,
    resource_owner: Option<String>,
    caller_arn: Option<String>,
    #[serde(default)]
    context_entries: Vec<ContextEntry>,
    resource_handling_option: Option<String>,
    max_items: Option<i64>,
    marker: Option<String>,
}

fn simulate_principal(cx: &mut Ctx<'_>, i: SimulatePrincipalPolicy) -> OpResult {
    // The request's own members are checked as AWS checks them, before
    // anything is looked up: the same rules as SimulateCustomPolicy.
    let custom = SimulateCustomPolicy {
        policy_input_list: i.policy_input_list.clone(),
        permissions_boundary_policy_input_list: i.permissions_boundary_policy_input_list.clone(),
        action_names: i.action_names.clone(),
        resource_arns: i.resource_arns.clone(),
        resource_policy: i.resource_policy.clone(),
        resource_owner: i.resource_owner.clone(),
        caller_arn: i.caller_arn.clone(),
        context_entries: i.context_entries.clone(),
        resource_handling_option: i.resource_handling_option.clone(),
        max_items: i.max_items,
        marker: i.marker.clone(),
    };
    simulate::validate(&custom)?;
    let n = i.policy_source_arn.chars().count();
    if !(20..=2048).contains(&n) {
        return Err(super::policies::invalid(
            simulate::shorten(&i.policy_source_arn),
            "policySourceArn",
            if n < 20 {
                "Member must have length greater than or equal to 20"
            } else {
                "Member must have length less than or equal to 2048"
            },
        ));
    }
    cx.authorize("iam:SimulatePrincipalPolicy", &i.policy_source_arn)?;
    let invalid = || {
        AwsError::invalid_input(format!(
            "Invalid PolicySourceArn `{}`: give the ARN of a user, group or role of this account",
            i.policy_source_arn
        ))
    };
    let arn = Arn::parse(&i.policy_source_arn).ok_or_else(invalid)?;
    let (kind, name) = arn.resource.split_once('/').ok_or_else(invalid)?;
    let name = name.rsplit('/').next().unwrap_or(name);
    let account = arn.account.to_string();
    if cx.org.account(&account).is_none() {
        return Err(invalid());
    }
    let caller = match kind {
        "user" => Caller::User {
            account: account.clone(),
            user: name.to_ascii_lowercase(),
            auth: Auth::AccessKey,
        },
        "role" => Caller::RoleSession {
            account: account.clone(),
            role: name.to_ascii_lowercase(),
            session_name: "SimulatedSession".into(),
            policy: None,
            policy_arns: Vec::new(),
            mfa: false,
            tags: Vec::new(),
            issued: None,
        },
        "group" => Caller::Root {
            account: account.clone(),
        },
        _ => return Err(invalid()),
    };
    let not_found =
        || AwsError::no_such_entity(format!("The {kind} with name {name} cannot be found."));
    let extra = parse_list(&i.policy_input_list, "PolicyInputList")?;
    let boundary = parse_list(
        &i.permissions_boundary_policy_input_list,
        "PermissionsBoundaryPolicyInputList",
    )?;
    let org: &crate::iam::model::Org = cx.org;
    let mut principal: Principal<'_> = match kind {
        "group" => group_principal(org, &account, name).ok_or_else(not_found)?,
        _ => org.principal(&caller).map_err(|_| not_found())?,
    };
    // A simulation supplies no request keys: only what the principal
    // implies. The keys a real call carries are the request's to give.
    for key in simulate::REQUEST_KEYS {
        principal.context.remove(key);
    }
    for (n, doc) in extra.iter().enumerate() {
        principal.identity.push(PolicyRef {
            layer: Layer::Identity,
            name: format!("PolicyInputList.{}", n + 1),
            arn: None,
            via: Via::Direct,
            doc,
        });
    }
    if let Some(doc) = boundary.first() {
        principal.boundary = Some(PolicyRef {
            layer: Layer::Boundary,
            name: "PermissionsBoundaryPolicyInputList.1".into(),
            arn: None,
            via: Via::Direct,
            doc,
        });
    }
    let resource_policy = i
        .resource_policy
        .as_deref()
        .map(|t| {
            PolicyDoc::parse(t, PolicyKind::Resource)
                .map_err(|e| AwsError::malformed_policy(format!("ResourcePolicy: {e}")))
        })
        .transpose()?;
    let given = simulate::context_from_entries(&i.context_entries)?;
    let owner = i
        .resource_owner
        .as_deref()
        .and_then(|o| Arn::parse(o).map(|a| a.account.to_string()))
        .unwrap_or_else(|| account.clone());
    let rp = resource_policy
        .as_deref()
        .map(|doc| crate::iam::eval::ResourcePolicy {
            name: "ResourcePolicy",
            doc,
            must_allow: false,
        });
    simulate::results(&principal, &custom, &given, &owner, rp, kind).map(to_json)
}

fn to_json(r: simulate::SimulationResponse) -> Value {
    serde_json::to_value(r).expect("a simulation response always serializes")
}

pub(super) fn parse_list(texts: &[String], list: &str) -> Result<Vec<Arc<PolicyDoc>>, AwsError> {
    texts
        .iter()
        .enumerate()
        .map(|(n, t)| {
            PolicyDoc::parse(t, PolicyKind::Identity)
                .map_err(|e| AwsError::malformed_policy(format!("{list}.{}: {e}", n + 1)))
        })
        .collect()
}

/// A group is not a principal; simulating it means simulating a member that
/// has the group's policies and nothing else.
pub(super) fn group_principal<'o>(
    org: &'o crate::iam::model::Org,
    account: &str,
    name: &str,
) -> Option<Principal<'o>> {
    let group = org.group(account, name)?;
    let arn = format!("arn:aws:iam::{account}:user/SimulatedGroupMember");
    let mut context = crate::iam::context::Context::new();
    context.set_one("aws:PrincipalAccount", account.to_string());
    context.set_one("aws:PrincipalArn", arn.clone());
    context.set_one("aws:PrincipalType", "User");
    let mut p = Principal {
        kind: PrincipalKind::User,
        account: account.to_string(),
        arn,
        role_arn: None,
        identity: Vec::new(),
        boundary: None,
        session: Vec::new(),
        scps: None,
        guard: Default::default(),
        context,
    };
    let via = Via::Group(group.name.clone());
    for (n, doc) in &group.inline {
        p.identity.push(PolicyRef {
            layer: Layer::Identity,
            name: n.clone(),
            arn: None,
            via: via.clone(),
            doc,
        });
    }
    for arn in &group.attached {
        if let Some(m) = org.managed_policy(arn) {
            p.identity.push(PolicyRef {
                layer: Layer::Identity,
                name: m.name.clone(),
                arn: Some(m.arn.clone()),
                via: via.clone(),
                doc: m.default_doc(),
            });
        }
    }
    Some(p)
}
