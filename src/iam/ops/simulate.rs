//! SimulateCustomPolicy and SimulatePrincipalPolicy as API calls.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;

use super::entity::{ArnMember, Entity};
use super::{Ctx, OpResult, input};
use crate::iam::access::Arn;
use crate::iam::error::AwsError;
use crate::iam::model::PolicyDoc;
use crate::iam::policy::PolicyKind;
use crate::iam::principal::{Layer, PolicyRef, Principal, Via};
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
    let source = &i.policy_source_arn;
    ArnMember::PolicySource.check_length(source)?;
    cx.authorize("iam:SimulatePrincipalPolicy", source)?;
    let entity = Entity::parse(cx.org, source, ArnMember::PolicySource, "SimulatedSession")?;
    let extra = parse_list(&i.policy_input_list, "PolicyInputList")?;
    let boundary = parse_list(
        &i.permissions_boundary_policy_input_list,
        "PermissionsBoundaryPolicyInputList",
    )?;
    let mut principal: Principal<'_> = entity.principal(cx.org)?;
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
        .unwrap_or_else(|| entity.account.clone());
    let rp = resource_policy
        .as_deref()
        .map(|doc| crate::iam::eval::ResourcePolicy {
            name: "ResourcePolicy",
            doc,
            must_allow: false,
        });
    simulate::results(&principal, &custom, &given, &owner, rp, entity.kind_name()).map(to_json)
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
