//! The policy simulator: AWS's SimulateCustomPolicy and SimulatePrincipalPolicy.
//!
//! Requests and responses use AWS's shapes, so a line of `iamtutor simulate
//! --batch` is what `aws iam simulate-custom-policy --cli-input-json` takes.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::access::Arn;
use super::context::Context;
use super::error::AwsError;
use super::eval::{self, Evaluation, Request, ResourcePolicy};
use super::model::{PolicyDoc, root_arn};
use super::policy::{Effect, PolicyKind};
use super::principal::{Layer, PolicyRef, Principal, PrincipalKind, Via};
use super::time;

/// The account assumed when a simulation names none.
pub const DEFAULT_SIMULATION_ACCOUNT: &str = "123456789012";

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ContextEntry {
    pub context_key_name: String,
    pub context_key_values: Vec<String>,
    pub context_key_type: String,
}

/// The members common to both simulate calls.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SimulateCustomPolicy {
    #[serde(default)]
    pub policy_input_list: Vec<String>,
    #[serde(default)]
    pub permissions_boundary_policy_input_list: Vec<String>,
    pub action_names: Vec<String>,
    #[serde(default)]
    pub resource_arns: Vec<String>,
    pub resource_policy: Option<String>,
    pub resource_owner: Option<String>,
    pub caller_arn: Option<String>,
    #[serde(default)]
    pub context_entries: Vec<ContextEntry>,
    pub resource_handling_option: Option<String>,
    pub max_items: Option<u32>,
    pub marker: Option<String>,
}

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
        for v in &e.context_key_values {
            let ok = match t.trim_end_matches("List") {
                "numeric" => v.trim().parse::<f64>().is_ok(),
                "boolean" => v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"),
                "ip" => v
                    .split('/')
                    .next()
                    .is_some_and(|a| a.parse::<std::net::IpAddr>().is_ok()),
                _ => true,
            };
            if !ok {
                return Err(AwsError::invalid_input(format!(
                    "Invalid value `{v}` for context key {} of type {t}",
                    e.context_key_name
                )));
            }
        }
        ctx.set(&e.context_key_name, e.context_key_values.clone());
    }
    Ok(ctx)
}

fn parse_all(
    texts: &[String],
    kind: PolicyKind,
    list: &str,
) -> Result<Vec<Arc<PolicyDoc>>, AwsError> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            PolicyDoc::parse(t, kind)
                .map_err(|e| AwsError::malformed_policy(format!("{list}.{}: {e}", i + 1)))
        })
        .collect()
}

/// The account part of a user ARN or account ARN, if it has one.
fn account_of(arn: &str) -> Option<&str> {
    Arn::parse(arn).map(|a| a.account).filter(|a| !a.is_empty())
}

/// AWS's response to both simulate calls. Typed rather than a JSON value:
/// a batch of thousands of requests spends its time here.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SimulationResponse {
    pub evaluation_results: Vec<EvaluationResult>,
    pub is_truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EvaluationResult {
    pub eval_action_name: String,
    pub eval_resource_name: String,
    pub eval_decision: &'static str,
    pub matched_statements: Vec<MatchedStatement>,
    pub missing_context_values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions_boundary_decision_detail: Option<BoundaryDetail>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MatchedStatement {
    pub source_policy_id: String,
    pub source_policy_type: String,
    pub start_position: Position,
    pub end_position: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BoundaryDetail {
    pub allowed_by_permissions_boundary: bool,
}

/// Runs SimulateCustomPolicy at simulated time `now`.
pub fn simulate_custom(
    req: &SimulateCustomPolicy,
    now: i64,
) -> Result<SimulationResponse, AwsError> {
    if req.action_names.is_empty() {
        return Err(AwsError::validation(
            "1 validation error detected: Value at 'actionNames' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ));
    }
    if req.permissions_boundary_policy_input_list.len() > 1 {
        return Err(AwsError::invalid_input(
            "PermissionsBoundaryPolicyInputList takes at most one policy: an entity has one permissions boundary",
        ));
    }
    let identity = parse_all(
        &req.policy_input_list,
        PolicyKind::Identity,
        "PolicyInputList",
    )?;
    let boundary = parse_all(
        &req.permissions_boundary_policy_input_list,
        PolicyKind::Identity,
        "PermissionsBoundaryPolicyInputList",
    )?;
    let resource_policy = req
        .resource_policy
        .as_deref()
        .map(|t| {
            PolicyDoc::parse(t, PolicyKind::Resource)
                .map_err(|e| AwsError::malformed_policy(format!("ResourcePolicy: {e}")))
        })
        .transpose()?;
    let given = context_from_entries(&req.context_entries)?;

    let caller_arn = req.caller_arn.clone().unwrap_or_else(|| {
        let account = req
            .resource_owner
            .as_deref()
            .and_then(account_of)
            .unwrap_or(DEFAULT_SIMULATION_ACCOUNT);
        format!("arn:aws:iam::{account}:user/SimulatedUser")
    });
    let Some(caller) =
        Arn::parse(&caller_arn).filter(|a| a.service == "iam" && !a.account.is_empty())
    else {
        return Err(AwsError::invalid_input(format!(
            "Invalid CallerArn `{caller_arn}`: it must be the ARN of an IAM user"
        )));
    };
    let caller_account = caller.account.to_string();
    let owner = req
        .resource_owner
        .as_deref()
        .map(|o| {
            account_of(o).map(str::to_string).ok_or_else(|| {
                AwsError::invalid_input(format!(
                    "Invalid ResourceOwner `{o}`: give an account ARN such as arn:aws:iam::111122223333:root"
                ))
            })
        })
        .transpose()?
        .unwrap_or_else(|| caller_account.clone());

    let mut ctx = Context::new();
    ctx.set_one("aws:CurrentTime", time::iso8601_z(now));
    ctx.set_one("aws:EpochTime", now.to_string());
    ctx.set_one("aws:SecureTransport", "true");
    ctx.set_one("aws:PrincipalAccount", caller_account.clone());
    ctx.set_one("aws:PrincipalArn", caller_arn.clone());
    if let Some(name) = caller
        .resource
        .strip_prefix("user/")
        .and_then(|r| r.rsplit('/').next())
    {
        ctx.set_one("aws:PrincipalType", "User");
        ctx.set_one("aws:username", name.to_string());
    }
    let principal = Principal {
        kind: if caller.resource == "root" {
            PrincipalKind::Root
        } else {
            PrincipalKind::User
        },
        account: caller_account,
        arn: if caller.resource == "root" {
            root_arn(caller.account)
        } else {
            caller_arn.clone()
        },
        role_arn: None,
        identity: identity
            .iter()
            .enumerate()
            .map(|(i, doc)| input_ref(Layer::Identity, format!("PolicyInputList.{}", i + 1), doc))
            .collect(),
        boundary: boundary.first().map(|doc| {
            input_ref(
                Layer::Boundary,
                "PermissionsBoundaryPolicyInputList.1".into(),
                doc,
            )
        }),
        session: Vec::new(),
        scps: None,
        context: ctx,
    };
    let rp = resource_policy.as_deref().map(|doc| ResourcePolicy {
        name: "ResourcePolicy",
        doc,
        must_allow: false,
    });
    Ok(results(&principal, req, &given, &owner, rp, "IAM Policy"))
}

fn input_ref(layer: Layer, name: String, doc: &PolicyDoc) -> PolicyRef<'_> {
    PolicyRef {
        layer,
        name,
        arn: None,
        via: Via::Direct,
        doc,
    }
}

/// One result per action and resource, in order.
pub fn results(
    principal: &Principal<'_>,
    req: &SimulateCustomPolicy,
    given: &Context,
    owner: &str,
    rp: Option<ResourcePolicy<'_>>,
    identity_type: &str,
) -> SimulationResponse {
    let star = ["*".to_string()];
    let resources: &[String] = if req.resource_arns.is_empty() {
        &star
    } else {
        &req.resource_arns
    };
    let mut out = Vec::with_capacity(req.action_names.len() * resources.len());
    for action in &req.action_names {
        for resource in resources {
            let r = Request {
                action,
                resource,
                resource_account: owner,
                context: given,
            };
            let e = eval::explain(principal, &r, rp);
            out.push(result(&e, identity_type, principal.boundary.is_some()));
        }
    }
    SimulationResponse {
        evaluation_results: out,
        is_truncated: false,
    }
}

/// AWS's EvaluationResult for one evaluation.
pub fn result(e: &Evaluation, identity_type: &str, has_boundary: bool) -> EvaluationResult {
    let matched = e
        .matched_statements()
        .map(|(p, s)| {
            let kind = match p.layer {
                Layer::Resource => "Resource Policy".to_string(),
                Layer::Boundary => "Permissions Boundary Policy".to_string(),
                Layer::Session => "Session Policy".to_string(),
                Layer::Scp => "Service Control Policy".to_string(),
                Layer::Identity => match (&p.arn, &p.via) {
                    (Some(arn), _) if arn.starts_with("arn:aws:iam::aws:") => "aws-managed".into(),
                    (Some(_), _) => "user-managed".into(),
                    (None, Via::Group(_)) => "group".into(),
                    (None, Via::Direct) => identity_type.to_string(),
                },
            };
            MatchedStatement {
                source_policy_id: p
                    .arn
                    .as_deref()
                    .map_or(p.name.as_str(), |a| a.rsplit('/').next().unwrap_or(a))
                    .to_string(),
                source_policy_type: kind,
                start_position: Position {
                    line: s.pos.line,
                    column: s.pos.col,
                },
                end_position: Position {
                    line: s.end.line,
                    column: s.end.col,
                },
            }
        })
        .collect();
    let boundary_statements = || {
        e.policies
            .iter()
            .filter(|p| p.layer == Layer::Boundary)
            .flat_map(|p| &p.statements)
            .filter(|s| s.outcome.matched())
    };
    EvaluationResult {
        eval_action_name: e.action.clone(),
        eval_resource_name: e.resource.clone(),
        eval_decision: e.decision.aws_name(),
        matched_statements: matched,
        missing_context_values: e.missing_context.clone(),
        permissions_boundary_decision_detail: has_boundary.then(|| BoundaryDetail {
            allowed_by_permissions_boundary: boundary_statements()
                .any(|s| s.effect == Effect::Allow)
                && !boundary_statements().any(|s| s.effect == Effect::Deny),
        }),
    }
}
