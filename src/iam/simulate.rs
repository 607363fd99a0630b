//! The policy simulator: AWS's SimulateCustomPolicy and SimulatePrincipalPolicy.
//!
//! Requests and responses use AWS's shapes, so a line of `iamtutor simulate
//! --batch` is what `aws iam simulate-custom-policy --cli-input-json` takes.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::access::Arn;
use super::context::Context;
use super::error::AwsError;
use super::eval::{self, Evaluation, Request, ResourcePolicy};
use super::model::{PolicyDoc, root_arn};
use super::policy::{Effect, PolicyKind};
use super::principal::{Layer, PolicyRef, Principal, PrincipalKind, Via};

mod context_entries;
mod validate;

pub use context_entries::{
    context_from_entries, global_key_type, kind_words, too_many_values, value_fits,
};
pub use validate::{shorten, validate};

/// The account assumed when a simulation names none.
pub const DEFAULT_SIMULATION_ACCOUNT: &str = "123456789012";

/// AWS's API model: a policy document given to the simulator is 1 to
/// 131,072 characters (`policyDocumentType`), white space included.
pub const POLICY_DOCUMENT_MAX: usize = 131_072;
/// AWS's `maxItemsType`: 1 to 1,000 results a page, 100 when not given.
pub const MAX_ITEMS: i64 = 1000;
pub const DEFAULT_MAX_ITEMS: usize = 100;
/// iamtutor's bound on `ActionNames` x `ResourceArns` in one request. AWS
/// documents none; this one keeps every request, and the pages the CLI
/// fetches for it, to a fraction of a second and a few megabytes of output.
pub const MAX_EVALUATIONS: usize = 10_000;
/// iamtutor's bound on the values of one context key (see
/// [`too_many_values`]).
pub const MAX_CONTEXT_VALUES: usize = 50;
/// iamtutor's bound on the matching one page of results may take, in steps
/// (see [`work`]): about a tenth of a second.
pub const WORK_LIMIT: u64 = 20_000_000;

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
    /// Read as any integer, so that 0 or 5000 get AWS's range error rather
    /// than a type error.
    pub max_items: Option<i64>,
    pub marker: Option<String>,
}

/// Parsed policy documents by their text, so that a batch of requests that
/// share policies parses each distinct text once.
#[derive(Debug, Default)]
pub struct PolicyCache {
    /// One map for each kind of policy, since a text parses differently as
    /// each.
    docs: [HashMap<String, Arc<PolicyDoc>>; 4],
}

/// The bound on documents one cache keeps: a batch cycling through more
/// distinct texts than this starts afresh rather than growing without end.
const CACHE_MAX: usize = 4096;

impl PolicyCache {
    pub fn new() -> PolicyCache {
        PolicyCache::default()
    }

    fn parse(&mut self, text: &str, kind: PolicyKind) -> Result<Arc<PolicyDoc>, String> {
        let tag = match kind {
            PolicyKind::Identity => 0,
            PolicyKind::Resource => 1,
            PolicyKind::Trust => 2,
            PolicyKind::ServiceControl => 3,
        };
        let docs = &mut self.docs[tag];
        // Looked up without copying the text: the common case in a batch.
        if let Some(doc) = docs.get(text) {
            return Ok(doc.clone());
        }
        let doc = PolicyDoc::parse(text, kind).map_err(|e| e.to_string())?;
        if docs.len() >= CACHE_MAX {
            docs.clear();
        }
        docs.insert(text.to_string(), doc.clone());
        Ok(doc)
    }

    fn parse_all(
        &mut self,
        texts: &[String],
        kind: PolicyKind,
        list: &str,
    ) -> Result<Vec<Arc<PolicyDoc>>, AwsError> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                self.parse(t, kind)
                    .map_err(|e| AwsError::malformed_policy(format!("{list}.{}: {e}", i + 1)))
            })
            .collect()
    }
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
    /// Where the next page starts; only when truncated, as AWS has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
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

/// Keys that describe a request rather than its caller. The sandbox's own
/// calls carry them (a real HTTPS call at the simulated time); a
/// simulation has them only when its request gives them.
pub const REQUEST_KEYS: [&str; 3] = ["aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime"];

/// How a simulation reads its request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimulateOptions {
    /// Refuse every CallerArn AWS's API refuses: only IAM user ARNs.
    /// Without it, iamtutor also takes role ARNs and assumed-role session
    /// ARNs (its documented extension).
    pub strict: bool,
}

/// Who the CallerArn names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CallerShape {
    Root,
    User {
        name: String,
    },
    /// An IAM role, as the role itself: a resource policy naming the role's
    /// ARN names it through the role (it does not escape a boundary).
    Role {
        role_arn: String,
    },
    /// An STS assumed-role session, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    Session {
        role_arn: String,
        session: String,
    },
}

/// A stand-in unique ID for the role `role_arn` (AWS's role IDs are
/// `AROA` and 17 more upper-case letters and digits): a stable hash of the
/// ARN (FNV-1a, so it never changes between runs or builds).
pub fn role_id_for(role_arn: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in role_arn.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut id = String::from("AROA");
    let mut x = h;
    for i in 0..17 {
        if i == 12 {
            // 64 bits give 12 characters; the rest come from a second round.
            x = h.rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
        id.push(ALPHABET[(x & 31) as usize] as char);
        x >>= 5;
    }
    id
}

fn caller_shape(arn: &str, strict: bool) -> Result<(String, CallerShape), AwsError> {
    let refuse =
        |why: &str| AwsError::invalid_input(format!("Invalid CallerArn `{}`: {why}", shorten(arn)));
    let Some(a) = Arn::parse(arn).filter(|a| !a.account.is_empty()) else {
        return Err(refuse("it must be the ARN of an IAM user"));
    };
    let account = a.account.to_string();
    let user_only = "AWS's SimulateCustomPolicy takes only the ARN of an IAM user \
                     (iamtutor takes role and assumed-role session ARNs too, without --strict)";
    let shape = match (a.service, a.resource) {
        ("iam", r) if r.starts_with("user/") => CallerShape::User {
            name: r.rsplit('/').next().unwrap_or(r).to_string(),
        },
        ("iam", "root") if !strict => CallerShape::Root,
        ("iam", r) if r.starts_with("role/") && r.len() > 5 && !strict => CallerShape::Role {
            role_arn: arn.to_string(),
        },
        ("sts", r) if r.starts_with("assumed-role/") && !strict => {
            let mut parts = r["assumed-role/".len()..].splitn(2, '/');
            let role = parts.next().unwrap_or_default();
            let session = parts.next().unwrap_or_default();
            if role.is_empty() || session.is_empty() || session.contains('/') {
                return Err(refuse(
                    "an assumed-role session ARN is arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION",
                ));
            }
            CallerShape::Session {
                role_arn: format!("arn:{}:iam::{account}:role/{role}", a.partition),
                session: session.to_string(),
            }
        }
        _ if strict => return Err(refuse(user_only)),
        _ => {
            return Err(refuse(
                "it must be the ARN of an IAM user, an IAM role, or an assumed-role session \
                 (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION)",
            ));
        }
    };
    Ok((account, shape))
}

/// Is `action` on `resource` the assumption of a role, where the resource
/// policy is the role's trust policy?
pub fn is_role_assumption(action: &str, resource: &str) -> bool {
    let a = action.to_ascii_lowercase();
    let assume = a.starts_with("sts:assumerole")
        || a == "sts:tagsession"
        || a == "sts:setsourceidentity"
        || a == "sts:setcontext";
    assume
        && Arn::parse(resource)
            .is_some_and(|r| r.service == "iam" && r.resource.starts_with("role/"))
}

/// Must the resource policy itself allow `action` on `resource`? A role's
/// trust policy and a KMS key policy must: an identity-based Allow alone is
/// never enough (though a key or trust policy that names the account hands
/// the decision to the account's identity policies).
pub fn resource_policy_must_allow(action: &str, resource: &str) -> bool {
    is_role_assumption(action, resource)
        || (action.len() > 4
            && action[..4].eq_ignore_ascii_case("kms:")
            && Arn::parse(resource).is_some_and(|r| r.service == "kms"))
}

/// Parses a ResourcePolicy: as a trust policy (no Resource element) when
/// every evaluation of the request assumes a role, else as a resource-based
/// policy, which must name its resources.
fn parse_resource_policy(
    cache: &mut PolicyCache,
    req: &SimulateCustomPolicy,
    text: &str,
) -> Result<Arc<PolicyDoc>, AwsError> {
    let star = ["*".to_string()];
    let resources: &[String] = if req.resource_arns.is_empty() {
        &star
    } else {
        &req.resource_arns
    };
    let trust = req
        .action_names
        .iter()
        .all(|a| resources.iter().all(|r| is_role_assumption(a, r)));
    let malformed = |e: String| AwsError::malformed_policy(format!("ResourcePolicy: {e}"));
    if trust {
        // A trust policy, or a resource policy written with Resource.
        return cache
            .parse(text, PolicyKind::Trust)
            .or_else(|e| cache.parse(text, PolicyKind::Resource).map_err(|_| e))
            .map_err(malformed);
    }
    cache.parse(text, PolicyKind::Resource).map_err(malformed)
}

/// Runs SimulateCustomPolicy at simulated time `now`.
pub fn simulate_custom(
    req: &SimulateCustomPolicy,
    now: i64,
) -> Result<SimulationResponse, AwsError> {
    simulate_custom_with(
        req,
        now,
        &mut PolicyCache::new(),
        SimulateOptions::default(),
    )
}

/// Runs SimulateCustomPolicy, parsing policies through `cache`. The request
/// context is what the request gives plus only what the caller implies
/// (its ARN, type, account and user name): nothing else is supplied, so a
/// condition on any other key finds it missing, as in AWS's simulator.
pub fn simulate_custom_with(
    req: &SimulateCustomPolicy,
    _now: i64,
    cache: &mut PolicyCache,
    options: SimulateOptions,
) -> Result<SimulationResponse, AwsError> {
    validate(req)?;
    if req.permissions_boundary_policy_input_list.len() > 1 {
        return Err(AwsError::invalid_input(
            "PermissionsBoundaryPolicyInputList takes at most one policy: an entity has one permissions boundary",
        ));
    }
    let identity = cache.parse_all(
        &req.policy_input_list,
        PolicyKind::Identity,
        "PolicyInputList",
    )?;
    let boundary = cache.parse_all(
        &req.permissions_boundary_policy_input_list,
        PolicyKind::Identity,
        "PermissionsBoundaryPolicyInputList",
    )?;
    let resource_policy = req
        .resource_policy
        .as_deref()
        .map(|t| parse_resource_policy(cache, req, t))
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
    let (caller_account, shape) = caller_shape(&caller_arn, options.strict)?;
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

    // Only what the caller implies: AWS's simulator supplies no request
    // keys (not aws:SecureTransport, not aws:CurrentTime).
    let mut ctx = Context::new();
    ctx.set_one("aws:PrincipalAccount", caller_account.clone());
    let (kind, arn, role_arn) = match &shape {
        CallerShape::Root => {
            ctx.set_one("aws:PrincipalType", "Account");
            (PrincipalKind::Root, root_arn(&caller_account), None)
        }
        CallerShape::User { name } => {
            ctx.set_one("aws:PrincipalType", "User");
            ctx.set_one("aws:username", name.clone());
            (PrincipalKind::User, caller_arn.clone(), None)
        }
        CallerShape::Role { role_arn } | CallerShape::Session { role_arn, .. } => {
            ctx.set_one("aws:PrincipalType", "AssumedRole");
            // A session's aws:userid is ROLEID:SESSION. A simulation has no
            // role to read the ID from, so it stands in one made from the
            // role's ARN: the same role always gets the same ID, and a
            // pattern such as `AROA*:alice` matches as it would in AWS. A
            // role ARN without a session has no session name to give.
            if let CallerShape::Session { session, .. } = &shape {
                ctx.set_one("aws:userid", format!("{}:{session}", role_id_for(role_arn)));
            }
            (
                PrincipalKind::RoleSession,
                caller_arn.clone(),
                Some(role_arn.clone()),
            )
        }
    };
    // aws:PrincipalArn of a session is its role's ARN, as AWS documents.
    ctx.set_one(
        "aws:PrincipalArn",
        role_arn.clone().unwrap_or_else(|| arn.clone()),
    );
    let principal = Principal {
        kind,
        account: caller_account,
        arn,
        role_arn,
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
        guard: Default::default(),
        context: ctx,
    };
    let rp = resource_policy.as_deref().map(|doc| ResourcePolicy {
        name: "ResourcePolicy",
        doc,
        must_allow: false,
    });
    results(&principal, req, &given, &owner, rp, "IAM Policy")
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

/// One result per action and resource, in order (actions outer), a page
/// at a time: `MaxItems` results from where `Marker` says, as AWS pages
/// them. `req` must have passed [`validate`].
pub fn results(
    principal: &Principal<'_>,
    req: &SimulateCustomPolicy,
    given: &Context,
    owner: &str,
    rp: Option<ResourcePolicy<'_>>,
    identity_type: &str,
) -> Result<SimulationResponse, AwsError> {
    let star = ["*".to_string()];
    let resources: &[String] = if req.resource_arns.is_empty() {
        &star
    } else {
        &req.resource_arns
    };
    let total = req.action_names.len() * resources.len();
    let start = match req.marker.as_deref() {
        None => 0,
        Some(m) => parse_marker(m)
            .filter(|n| *n > 0 && *n < total)
            .ok_or_else(|| AwsError::validation("Invalid Marker."))?,
    };
    let size = req
        .max_items
        .map_or(DEFAULT_MAX_ITEMS, |n| usize::try_from(n).unwrap_or(1));
    let end = total.min(start.saturating_add(size));
    let steps = work(principal, rp.as_ref(), given).saturating_mul((end - start) as u64);
    if steps > WORK_LIMIT {
        return Err(AwsError::limit_exceeded(format!(
            "This page of {} results would take about {steps} steps of matching policies and \
             context values; iamtutor's simulator stops at {WORK_LIMIT} a request, so that it \
             answers within a fraction of a second. Ask for fewer results a page (MaxItems), \
             or simulate smaller policies or fewer context values",
            end - start
        )));
    }
    let mut out = Vec::with_capacity(end - start);
    for i in start..end {
        let action = &req.action_names[i / resources.len()];
        let resource = &resources[i % resources.len()];
        let r = Request {
            action,
            resource,
            resource_account: owner,
            context: given,
        };
        // A trust policy or key policy must allow on its own account.
        let rp = rp.map(|p| ResourcePolicy {
            must_allow: p.must_allow || resource_policy_must_allow(action, resource),
            ..p
        });
        let e = eval::explain(principal, &r, rp);
        out.push(result(&e, identity_type, principal.boundary.is_some()));
    }
    Ok(SimulationResponse {
        evaluation_results: out,
        is_truncated: end < total,
        marker: (end < total).then(|| marker(end)),
    })
}

/// The Marker of the page that starts at result `n`. Opaque to callers, as
/// AWS's are; only this simulator reads it back.
fn marker(n: usize) -> String {
    format!("iamtutor-simulation-{n}")
}

fn parse_marker(m: &str) -> Option<usize> {
    let digits = m.strip_prefix("iamtutor-simulation-")?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// How much matching one evaluation may do, in steps: every character of
/// every policy can be looked at, and a condition compares each of its
/// values with each of the request's values for its key (see
/// [`condition_work`]). An estimate from above, computed before any
/// evaluation, so a request is refused before it is slow.
pub fn work(principal: &Principal<'_>, rp: Option<&ResourcePolicy<'_>>, given: &Context) -> u64 {
    let docs = principal
        .identity
        .iter()
        .chain(principal.boundary.as_ref())
        .chain(&principal.session)
        .map(|p| p.doc)
        .chain(rp.map(|r| r.doc));
    let mut steps: u64 = 0;
    for doc in docs {
        steps = steps.saturating_add(doc.text.len() as u64);
        for s in &doc.policy.statements {
            for c in &s.conditions {
                let request = given
                    .values(&c.key)
                    .or_else(|| principal.context.values(&c.key))
                    .unwrap_or(&[]);
                steps = steps.saturating_add(condition_work(&c.values, request));
            }
        }
    }
    steps.max(1)
}

/// The steps a condition's `patterns` take against the request's `values`:
/// a wildcard pattern is matched in time linear in its length and the
/// value's, except that a piece between stars holding `?` is tried at each
/// place in the value, which costs the piece's length for each character.
/// Counting the characters (not just the values) is what bounds a request
/// that pairs long patterns with long values.
pub fn condition_work(patterns: &[String], values: &[String]) -> u64 {
    let n = values.len().max(1) as u64;
    let text: u64 = values.iter().map(|v| v.len() as u64).sum::<u64>().max(1);
    patterns.iter().fold(0u64, |steps, p| {
        let tried = p
            .split('*')
            .filter(|piece| piece.contains('?'))
            .map(|piece| piece.len() as u64)
            .max()
            .unwrap_or(1);
        steps
            .saturating_add((p.len() as u64).max(1).saturating_mul(n))
            .saturating_add(text.saturating_mul(tried))
    })
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
                Layer::Rcp => "Resource Control Policy".to_string(),
                Layer::Identity => match (&p.arn, &p.via) {
                    (Some(arn), _) if arn.starts_with("arn:aws:iam::aws:") => "aws-managed".into(),
                    (Some(_), _) => "user-managed".into(),
                    (None, Via::Group(_)) => "group".into(),
                    (None, _) => identity_type.to_string(),
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

#[cfg(test)]
mod session_userid_tests {
    use super::*;

    fn decide(caller: &str) -> (&'static str, Vec<String>) {
        let req = SimulateCustomPolicy {
            policy_input_list: vec![r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:userid":"AROA*:alice"}}}}"#.into()],
            permissions_boundary_policy_input_list: Vec::new(),
            action_names: vec!["s3:GetObject".into()],
            resource_arns: vec!["arn:aws:s3:::b/k".into()],
            resource_policy: None,
            resource_owner: None,
            caller_arn: Some(caller.into()),
            context_entries: Vec::new(),
            resource_handling_option: None,
            max_items: None,
            marker: None,
        };
        let r = simulate_custom(&req, 0).unwrap();
        let e = &r.evaluation_results[0];
        (e.eval_decision, e.missing_context_values.clone())
    }

    #[test]
    fn a_session_caller_has_aws_userid_roleid_colon_session() {
        let alice = "arn:aws:sts::111122223333:assumed-role/Dev/alice";
        assert_eq!(decide(alice).0, "allowed");
        let bob = "arn:aws:sts::111122223333:assumed-role/Dev/bob";
        assert_eq!(decide(bob).0, "implicitDeny");
        // A role ARN names no session: the key is missing, and said so.
        let (decision, missing) = decide("arn:aws:iam::111122223333:role/Dev");
        assert_eq!(decision, "implicitDeny");
        assert_eq!(missing, ["aws:userid"]);
    }

    #[test]
    fn role_ids_are_stable_and_shaped_like_aws() {
        let id = role_id_for("arn:aws:iam::111122223333:role/Dev");
        assert_eq!(id, role_id_for("arn:aws:iam::111122223333:role/Dev"));
        assert_ne!(id, role_id_for("arn:aws:iam::111122223333:role/Ops"));
        assert_eq!(id.len(), 21);
        assert!(id.starts_with("AROA"));
        assert!(
            id.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
    }
}
