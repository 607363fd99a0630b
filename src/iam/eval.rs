//! Policy evaluation, following AWS's documented logic, with an explanation.
//!
//! One algorithm serves both the fast path (`decide`, a decision only, no
//! allocation in the common case) and the explaining path (`explain`, the
//! decision plus a trail). They share every line through the `Trace` trait,
//! whose no-op implementation compiles away, so the two can never disagree.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::condition;
use super::context::Context;
use super::json::Pos;
use super::policy::{Effect, Policy, Statement, Version};
use super::principal::{Layer, PolicyRef, Principal, PrincipalKind, PrincipalMatch, Via};
use super::variables;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    /// The word AWS's policy simulator uses.
    pub fn aws_name(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }

    /// How the decision reads after "is", in AWS's documentation's words:
    /// "allowed", "explicitly denied", "implicitly denied".
    pub fn adjective(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitly denied",
            Decision::ImplicitDeny => "implicitly denied",
        }
    }

    /// The verdict first, then which kind of deny: "denied (implicit
    /// deny)", for a line whose reader asks "was it allowed?" first.
    pub fn verdict(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "denied (explicit deny)",
            Decision::ImplicitDeny => "denied (implicit deny)",
        }
    }

    /// The decision as a sentence that also says what makes it so, after
    /// AWS's definitions: an explicit deny is a matching Deny statement; an
    /// implicit deny is no Deny that applies, but no Allow either.
    pub fn sentence(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "denied by an explicit Deny",
            Decision::ImplicitDeny => "denied implicitly: no Deny, but not allowed",
        }
    }

    /// The one-character mark a grid cell shows. The two denials differ
    /// (`✗` a Deny statement, `·` nothing allows), so a grid reads
    /// without colour; the words are in `adjective`.
    pub fn mark(self) -> char {
        match self {
            Decision::Allowed => '✓',
            Decision::ImplicitDeny => '·',
            Decision::ExplicitDeny => '✗',
        }
    }

    /// The verdict with a pass or fail mark in front: "✓ allowed", "✗
    /// denied (implicit deny)". Unlike the grid's `mark`, any denial is
    /// `✗` here: the words beside it say which kind.
    pub fn label(self) -> String {
        let tick = if self.is_allowed() { '✓' } else { '✗' };
        format!("{tick} {}", self.verdict())
    }

    /// The three decisions, in a grid legend's order: allowed, then the
    /// two denials, the quieter first.
    pub const ALL: [Decision; 3] = [
        Decision::Allowed,
        Decision::ImplicitDeny,
        Decision::ExplicitDeny,
    ];

    /// The grid's legend: each mark with its adjective, `gap` apart.
    pub fn legend(gap: &str) -> String {
        Decision::ALL
            .iter()
            .map(|d| format!("{} {}", d.mark(), d.adjective()))
            .collect::<Vec<_>>()
            .join(gap)
    }

    pub fn is_allowed(self) -> bool {
        self == Decision::Allowed
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.aws_name())
    }
}

/// One request: who (the principal, resolved separately), what and on what.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    /// The account that owns the resource.
    pub resource_account: &'a str,
    /// Keys given with the request; they win over keys the engine derives.
    pub context: &'a Context,
}

/// The resource-based policy that applies to a request, if any.
#[derive(Debug, Clone, Copy)]
pub struct ResourcePolicy<'a> {
    pub name: &'a str,
    pub doc: &'a super::model::PolicyDoc,
    /// A role's trust policy must allow the caller itself: unlike other
    /// resource policies, an identity policy alone is never enough.
    pub must_allow: bool,
}

/// Why a statement did or did not apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StatementMatch {
    Matched {
        principal: Option<PrincipalMatch>,
    },
    ActionNotMatched,
    ResourceNotMatched,
    PrincipalNotMatched,
    ConditionNotMet {
        operator: String,
        key: String,
        detail: String,
    },
}

impl StatementMatch {
    pub fn matched(&self) -> bool {
        matches!(self, StatementMatch::Matched { .. })
    }

    /// A short phrase for the trail.
    pub fn describe(&self) -> String {
        match self {
            StatementMatch::Matched { principal: None } => "matches".into(),
            StatementMatch::Matched { principal: Some(m) } => format!("matches ({})", m.describe()),
            StatementMatch::ActionNotMatched => "does not cover this action".into(),
            StatementMatch::ResourceNotMatched => "does not cover this resource".into(),
            StatementMatch::PrincipalNotMatched => "does not name this principal".into(),
            StatementMatch::ConditionNotMet {
                operator,
                key,
                detail,
            } => format!("condition {operator} on {key} is not met: {detail}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementTrail {
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub pos: Pos,
    pub end: Pos,
    pub outcome: StatementMatch,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyTrail {
    pub layer: Layer,
    pub name: String,
    pub arn: Option<String>,
    pub via: Via,
    pub statements: Vec<StatementTrail>,
}

impl PolicyTrail {
    /// "policy `DevAccess` (through group Developers)".
    pub fn label(&self) -> String {
        let what = match self.layer {
            Layer::Resource => format!("resource policy `{}`", self.name),
            Layer::Scp => format!("SCP `{}`", self.name),
            Layer::Rcp => format!("RCP `{}`", self.name),
            Layer::Boundary => format!("permissions boundary `{}`", self.name),
            Layer::Session => format!("session policy `{}`", self.name),
            Layer::Identity if self.arn.is_some() => format!("managed policy `{}`", self.name),
            Layer::Identity => format!("inline policy `{}`", self.name),
        };
        match &self.via {
            Via::Direct => what,
            Via::Group(g) => format!("{what} (through group {g})"),
            Via::OrgRoot => format!("{what} (attached to the organization root)"),
        }
    }
}

/// A decision and the trail that led to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub decision: Decision,
    /// The layer that settled the decision.
    pub decided_by: Option<Layer>,
    /// One sentence saying why.
    pub reason: String,
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub policies: Vec<PolicyTrail>,
    /// Condition keys that statements asked about but the request lacks.
    pub missing_context: Vec<String>,
    /// Every context key the evaluation had, with where it came from, so
    /// `why` can say what the sandbox supplied for its own call.
    #[serde(default)]
    pub supplied_context: Vec<SuppliedKey>,
}

/// Where a context key the evaluation saw came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KeySource {
    /// The request itself: the call's own keys, and what any real HTTPS
    /// call carries (aws:SecureTransport, the time of the call).
    Request,
    /// Who the caller is: its ARN, type, account, tags, MFA.
    Caller,
    /// The resource's owner (aws:ResourceAccount, aws:ResourceOrgID).
    Resource,
}

/// One context key and its values, as the evaluation saw them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppliedKey {
    pub key: String,
    pub values: Vec<String>,
    pub source: KeySource,
}

/// The keys of `ctx` sorted by where they came from: the request's (what it
/// was given, and the request keys any call carries), the caller's (what
/// the principal implies), and the rest, which only the resource's owner
/// adds.
fn supplied_keys(principal: &Principal<'_>, given: &Context, ctx: &Context) -> Vec<SuppliedKey> {
    let request_key = |k: &str| {
        super::simulate::REQUEST_KEYS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(k))
    };
    let mut keys: Vec<SuppliedKey> = ctx
        .iter()
        .map(|e| {
            let source = if given.get(&e.key).is_some() || request_key(&e.key) {
                KeySource::Request
            } else if principal.context.get(&e.key).is_some() {
                KeySource::Caller
            } else {
                KeySource::Resource
            };
            SuppliedKey {
                key: e.key.clone(),
                values: e.values.clone(),
                source,
            }
        })
        .collect();
    keys.sort_by(|a, b| (a.source, &a.key).cmp(&(b.source, &b.key)));
    keys
}

impl Evaluation {
    /// Statements that matched, with the policy they are in.
    pub fn matched_statements(&self) -> impl Iterator<Item = (&PolicyTrail, &StatementTrail)> {
        self.policies.iter().flat_map(|p| {
            p.statements
                .iter()
                .filter(|s| s.outcome.matched())
                .map(move |s| (p, s))
        })
    }
}

/// Receives what the evaluator sees. The fast path uses `NoTrace`.
trait Trace {
    const ON: bool;
    fn policy(&mut self, _p: &PolicyRef<'_>) {}
    fn statement(&mut self, _s: &Statement, _o: StatementMatch) {}
    fn missing_key(&mut self, _key: &str) {}
}

struct NoTrace;
impl Trace for NoTrace {
    const ON: bool = false;
}

#[derive(Default)]
struct Recorder {
    policies: Vec<PolicyTrail>,
    missing: Vec<String>,
}

impl Trace for Recorder {
    const ON: bool = true;
    fn policy(&mut self, p: &PolicyRef<'_>) {
        self.policies.push(PolicyTrail {
            layer: p.layer,
            name: p.name.clone(),
            arn: p.arn.clone(),
            via: p.via.clone(),
            statements: Vec::new(),
        });
    }
    fn statement(&mut self, s: &Statement, outcome: StatementMatch) {
        if let Some(p) = self.policies.last_mut() {
            p.statements.push(StatementTrail {
                index: s.index,
                sid: s.sid.clone(),
                effect: s.effect,
                pos: s.pos,
                end: s.end,
                outcome,
            });
        }
    }
    fn missing_key(&mut self, key: &str) {
        if !self.missing.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            self.missing.push(key.to_string());
        }
    }
}

/// What one policy says about the request.
#[derive(Debug, Clone, Copy, Default)]
struct PolicyVerdict {
    deny: bool,
    /// The strongest principal match among allowing statements; for identity
    /// policies (no principal) `Direct`.
    allow: Option<PrincipalMatch>,
}

impl PolicyVerdict {
    fn merge(&mut self, other: PolicyVerdict) {
        self.deny |= other.deny;
        self.allow = self.allow.max(other.allow);
    }
}

/// The action split into the forms matching needs, lower-cased once.
struct ActionKey<'a> {
    lower: &'a str,
    service: &'a str,
    hash: u64,
    name: &'a str,
}

/// Lower-cases into a stack buffer when it fits, so the fast path does not allocate.
fn with_lower<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 128];
    if s.len() <= buf.len() && s.is_ascii() {
        let b = &mut buf[..s.len()];
        b.copy_from_slice(s.as_bytes());
        b.make_ascii_lowercase();
        f(std::str::from_utf8(b).expect("ASCII stays UTF-8"))
    } else {
        f(&s.to_lowercase())
    }
}

struct Evaluator<'p, 'o, 'r, T: Trace> {
    principal: &'p Principal<'o>,
    req: &'r Request<'r>,
    ctx: &'r Context,
    trace: T,
}

impl<T: Trace> Evaluator<'_, '_, '_, T> {
    fn policy(&mut self, p: &PolicyRef<'_>, action: &ActionKey<'_>) -> PolicyVerdict {
        self.trace.policy(p);
        // An RCP names its principal (`"*"`), like a resource policy.
        self.document(&p.doc.policy, action, p.layer == Layer::Rcp)
    }

    /// Guardrails in levels (the root's, then the account's): an explicit
    /// Deny at any level wins, and every level must allow. Returns whether
    /// something denies and the first level that does not allow.
    fn levels(
        &mut self,
        levels: &[Option<&[PolicyRef<'_>]>; 2],
        action: &ActionKey<'_>,
    ) -> Option<(bool, Option<usize>)> {
        let mut any = false;
        let mut deny = false;
        let mut gap = None;
        for (i, level) in levels.iter().enumerate() {
            let Some(refs) = level else { continue };
            any = true;
            let v = self.layer(refs, action);
            deny |= v.deny;
            if v.allow.is_none() && gap.is_none() {
                gap = Some(i);
            }
        }
        any.then_some((deny, gap))
    }

    fn document(
        &mut self,
        policy: &Policy,
        action: &ActionKey<'_>,
        is_resource: bool,
    ) -> PolicyVerdict {
        let mut verdict = PolicyVerdict::default();
        for s in &policy.statements {
            let outcome = self.statement(s, policy.version, action, is_resource);
            if let StatementMatch::Matched { principal } = outcome {
                match s.effect {
                    Effect::Deny => verdict.deny = true,
                    Effect::Allow => {
                        verdict.allow = verdict
                            .allow
                            .max(Some(principal.unwrap_or(PrincipalMatch::Direct)))
                    }
                }
            }
            if T::ON {
                self.trace.statement(s, outcome);
            }
        }
        verdict
    }

    fn statement(
        &mut self,
        s: &Statement,
        version: Version,
        action: &ActionKey<'_>,
        is_resource: bool,
    ) -> StatementMatch {
        let hit = s
            .action
            .patterns
            .iter()
            .any(|p| p.matches_lower(action.lower, action.service, action.hash, action.name));
        if hit == s.action.negated {
            return StatementMatch::ActionNotMatched;
        }
        if let Some(block) = &s.resource {
            let hit = block.patterns.iter().any(|p| {
                if p.has_variables {
                    variables::matches_with_variables(&p.text, self.req.resource, self.ctx, false)
                        .unwrap_or(false)
                } else {
                    p.glob.matches(self.req.resource)
                }
            });
            if hit == block.negated {
                return StatementMatch::ResourceNotMatched;
            }
        }
        let mut principal_match = None;
        if is_resource {
            match &s.principal {
                Some(block) => {
                    let m = self.match_principal(block);
                    if block.negated {
                        // AWS: a Deny with NotPrincipal always applies to a
                        // principal that has a permissions boundary, whatever
                        // NotPrincipal lists.
                        let bounded = s.effect == Effect::Deny && self.principal.boundary.is_some();
                        if !bounded && self.excluded_by_not_principal(block) {
                            return StatementMatch::PrincipalNotMatched;
                        }
                        principal_match = Some(PrincipalMatch::Direct);
                    } else {
                        match m {
                            Some(m) => principal_match = Some(m),
                            None => return StatementMatch::PrincipalNotMatched,
                        }
                    }
                }
                None => return StatementMatch::PrincipalNotMatched,
            }
        }
        let variables = version == Version::V2012;
        for c in &s.conditions {
            if T::ON && self.ctx.get(&c.key).is_none() {
                self.trace.missing_key(&c.key);
            }
            if !condition::evaluate(&c.operator, &c.key, &c.values, self.ctx, variables) {
                if T::ON {
                    return StatementMatch::ConditionNotMet {
                        operator: c.operator.name.clone(),
                        key: c.key.clone(),
                        detail: condition::explain_failure(
                            &c.operator,
                            &c.key,
                            &c.values,
                            self.ctx,
                            variables,
                        ),
                    };
                }
                return StatementMatch::ConditionNotMet {
                    operator: String::new(),
                    key: String::new(),
                    detail: String::new(),
                };
            }
        }
        StatementMatch::Matched {
            principal: principal_match,
        }
    }

    fn match_principal(&self, block: &super::policy::PrincipalBlock) -> Option<PrincipalMatch> {
        let p = self.principal;
        if block.any {
            return Some(PrincipalMatch::Direct);
        }
        if p.kind == PrincipalKind::Service {
            return block
                .service
                .iter()
                .any(|s| s == &p.arn)
                .then_some(PrincipalMatch::Direct);
        }
        if p.kind == PrincipalKind::Federated {
            return block
                .federated
                .iter()
                .any(|f| f == &p.arn)
                .then_some(PrincipalMatch::Direct);
        }
        block.aws.iter().filter_map(|a| p.match_aws(a)).max()
    }

    /// A NotPrincipal excludes a caller only when every form of its identity
    /// is listed: AWS checks the account as well as the user, role or session.
    fn excluded_by_not_principal(&self, block: &super::policy::PrincipalBlock) -> bool {
        let p = self.principal;
        if block.any {
            return true;
        }
        if p.kind == PrincipalKind::Service {
            return block.service.iter().any(|s| s == &p.arn);
        }
        if p.kind == PrincipalKind::Federated {
            return block.federated.iter().any(|f| f == &p.arn);
        }
        let listed = |arn: &str| block.aws.iter().any(|a| a == arn);
        let account = listed(&super::model::root_arn(&p.account));
        match p.kind {
            PrincipalKind::Root => account,
            PrincipalKind::User => account && listed(&p.arn),
            PrincipalKind::RoleSession => {
                account && listed(&p.arn) && p.role_arn.as_deref().is_some_and(listed)
            }
            PrincipalKind::Service | PrincipalKind::Federated => false,
        }
    }

    /// AWS's evaluation, layer by layer. Returns the decision, the layer that
    /// settled it and (when tracing) a sentence saying why.
    fn run(
        &mut self,
        resource_policy: Option<ResourcePolicy<'_>>,
    ) -> (Decision, Option<Layer>, String) {
        with_lower(self.req.action, |lower| {
            let (service, name) = lower.split_once(':').unwrap_or(("", lower));
            let action = ActionKey {
                lower,
                service,
                hash: super::policy::service_hash(service),
                name,
            };
            // What AWS decides outside the policies: an action that needs no
            // permission is allowed before any policy is read; an AWS-owned
            // entity is refused even when the policies allow.
            let fixed = super::eval_outside::fixed(self.req.action, self.req.resource);
            if let Some(f) = fixed.filter(|f| f.decision == Decision::Allowed) {
                return (f.decision, None, f.reason.to_string());
            }
            let answer = self.run_with(&action, resource_policy);
            match fixed {
                Some(f) if answer.0 == Decision::Allowed => {
                    (f.decision, None, f.reason.to_string())
                }
                _ => answer,
            }
        })
    }

    fn layer(&mut self, refs: &[PolicyRef<'_>], action: &ActionKey<'_>) -> PolicyVerdict {
        let mut v = PolicyVerdict::default();
        for p in refs {
            v.merge(self.policy(p, action));
        }
        v
    }

    fn run_with(
        &mut self,
        action: &ActionKey<'_>,
        resource_policy: Option<ResourcePolicy<'_>>,
    ) -> (Decision, Option<Layer>, String) {
        let p = self.principal;
        let scp = self.levels(&[p.guard.root_scps.as_deref(), p.scps.as_deref()], action);
        // RCPs guard the resource's account, for the services AWS lists,
        // whoever the caller is (the guard is empty for exempt callers).
        let rcp = p
            .guard
            .rcps
            .get(self.req.resource_account)
            .filter(|_| super::guard::rcp_applies_to(self.req.action))
            .and_then(|l| self.levels(&[Some(&l.root), l.account.as_deref()], action));
        let resource = resource_policy.map(|rp| {
            self.trace.policy(&PolicyRef {
                layer: Layer::Resource,
                name: rp.name.to_string(),
                arn: None,
                via: Via::Direct,
                doc: rp.doc,
            });
            self.document(&rp.doc.policy, action, true)
        });
        let identity = self.layer(&p.identity, action);
        let boundary = p.boundary.as_ref().map(|b| self.policy(b, action));
        let session = (!p.session.is_empty()).then(|| self.layer(&p.session, action));

        let msg = |s: &dyn Fn() -> String| if T::ON { s() } else { String::new() };

        // 1. An explicit deny anywhere wins.
        let denies = [
            (Layer::Scp, scp.is_some_and(|v| v.0)),
            (Layer::Rcp, rcp.is_some_and(|v| v.0)),
            (Layer::Resource, resource.is_some_and(|v| v.deny)),
            (Layer::Identity, identity.deny),
            (Layer::Boundary, boundary.is_some_and(|v| v.deny)),
            (Layer::Session, session.is_some_and(|v| v.deny)),
        ];
        if let Some((layer, _)) = denies.iter().find(|(_, d)| *d) {
            let layer = *layer;
            return (
                Decision::ExplicitDeny,
                Some(layer),
                msg(&|| {
                    format!(
                        "an explicit Deny in {} matches the request, and an explicit deny always wins",
                        layer.with_article()
                    )
                }),
            );
        }

        // Service principals (ec2.amazonaws.com assuming a role) have no
        // identity policies: only the resource's own policy can let them in.
        if p.kind == PrincipalKind::Service {
            return match resource.and_then(|v| v.allow) {
                Some(_) => (
                    Decision::Allowed,
                    Some(Layer::Resource),
                    msg(&|| "the resource-based policy allows this service principal".into()),
                ),
                None => (
                    Decision::ImplicitDeny,
                    Some(Layer::Resource),
                    msg(&|| "no resource-based policy allows this service principal".into()),
                ),
            };
        }
        // Federated callers (a web identity or SAML token) are nobody in the
        // account yet: only the role's trust policy decides.
        if p.kind == PrincipalKind::Federated {
            return match resource.and_then(|v| v.allow) {
                Some(_) => (
                    Decision::Allowed,
                    Some(Layer::Resource),
                    msg(&|| {
                        "the role's trust policy allows this identity provider's caller".into()
                    }),
                ),
                None => (
                    Decision::ImplicitDeny,
                    Some(Layer::Resource),
                    msg(&|| {
                        "no statement of the role's trust policy allows this identity provider's caller"
                            .into()
                    }),
                ),
            };
        }

        // 2. Service control policies must allow, where they apply, at
        // every level.
        if let Some((_, Some(level))) = scp {
            let whose = if level == 0 && p.guard.root_scps.is_some() {
                "the service control policies attached to the organization root"
            } else {
                "the account's service control policies"
            };
            return (
                Decision::ImplicitDeny,
                Some(Layer::Scp),
                msg(&|| format!("{whose} do not allow {}", self.req.action)),
            );
        }

        // 2b. Resource control policies must allow too: they never grant,
        // but a level that allows nothing stops the request.
        if let Some((_, Some(level))) = rcp {
            let whose = if level == 0 {
                "the resource control policies attached to the organization root".to_string()
            } else {
                format!(
                    "the resource control policies of account {}",
                    self.req.resource_account
                )
            };
            return (
                Decision::ImplicitDeny,
                Some(Layer::Rcp),
                msg(&|| format!("{whose} do not allow {} on this resource", self.req.action)),
            );
        }

        let same_account = p.account == self.req.resource_account;
        let resource_allow = resource.and_then(|v| v.allow);
        let boundary_ok = boundary.is_none_or(|v| v.allow.is_some());
        let session_ok = session.is_none_or(|v| v.allow.is_some());
        let is_root = p.kind == PrincipalKind::Root;
        let identity_ok = is_root || identity.allow.is_some();

        // Which layer is missing on the identity side, for the explanation.
        let identity_gap = || {
            if !identity_ok {
                (
                    Layer::Identity,
                    format!("no identity-based policy allows {}", self.req.action),
                )
            } else if !boundary_ok {
                (
                    Layer::Boundary,
                    format!(
                        "the permissions boundary does not allow {}",
                        self.req.action
                    ),
                )
            } else {
                (
                    Layer::Session,
                    format!("the session policy does not allow {}", self.req.action),
                )
            }
        };
        let identity_side = is_root || (identity_ok && boundary_ok && session_ok);

        // A role can be assumed only if its trust policy lets the caller in.
        if resource_policy.is_some_and(|rp| rp.must_allow) && resource_allow.is_none() {
            return (
                Decision::ImplicitDeny,
                Some(Layer::Resource),
                msg(&|| "the role's trust policy does not allow this caller to assume it".into()),
            );
        }

        if same_account {
            // 3. Within one account a resource-based policy can allow on its own.
            match resource_allow {
                Some(PrincipalMatch::Direct) => {
                    return (
                        Decision::Allowed,
                        Some(Layer::Resource),
                        msg(&|| {
                            "the resource-based policy allows the caller by name, which is enough within one account".into()
                        }),
                    );
                }
                Some(PrincipalMatch::Role) if boundary_ok && session_ok => {
                    return (
                        Decision::Allowed,
                        Some(Layer::Resource),
                        msg(&|| {
                            "the resource-based policy allows the caller's role, and no boundary or session policy stands in the way".into()
                        }),
                    );
                }
                _ => {}
            }
            if identity_side {
                let why = if is_root {
                    "the root user has every permission in its own account".to_string()
                } else {
                    format!("an identity-based policy allows {}", self.req.action)
                };
                return (
                    Decision::Allowed,
                    Some(Layer::Identity),
                    msg(&|| why.clone()),
                );
            }
            // A grant to the role that a boundary or session policy stops is
            // the most useful thing to say, since the grant was there.
            if resource_allow == Some(PrincipalMatch::Role) {
                let layer = if boundary_ok {
                    Layer::Session
                } else {
                    Layer::Boundary
                };
                return (
                    Decision::ImplicitDeny,
                    Some(layer),
                    msg(&|| {
                        format!(
                            "the resource-based policy allows the caller's role, but the {} does not allow {}",
                            layer.describe(),
                            self.req.action
                        )
                    }),
                );
            }
            let (layer, why) = identity_gap();
            return (
                Decision::ImplicitDeny,
                Some(layer),
                msg(&|| format!("{why}, so it is denied by default")),
            );
        }

        // 4. Across accounts both sides must allow.
        if !identity_side {
            let (layer, why) = identity_gap();
            return (
                Decision::ImplicitDeny,
                Some(layer),
                msg(&|| {
                    format!("{why} in the caller's account; across accounts both sides must allow")
                }),
            );
        }
        if resource_allow.is_none() {
            return (
                Decision::ImplicitDeny,
                Some(Layer::Resource),
                msg(&|| {
                    format!(
                        "the resource belongs to account {} and no resource-based policy there allows the caller; across accounts both sides must allow",
                        self.req.resource_account
                    )
                }),
            );
        }
        (
            Decision::Allowed,
            Some(Layer::Resource),
            msg(&|| {
                "the caller's own policies allow it and the resource-based policy in the other account lets the caller in".into()
            }),
        )
    }
}

/// The context a request is evaluated with: the keys given with it, plus the
/// keys that follow from the caller where not given.
fn merged_context(
    principal: &Principal<'_>,
    given: &Context,
    resource_account: &str,
) -> Option<Context> {
    let in_org = principal.guard.org.is_some();
    if given.is_empty() && !in_org {
        return None;
    }
    let mut ctx = given.clone();
    principal.guard.resource_keys(&mut ctx, resource_account);
    for e in principal.context.iter() {
        ctx.set_default(&e.key, e.values[0].clone());
        if e.values.len() > 1 {
            ctx.set(&e.key, e.values.clone());
        }
    }
    Some(ctx)
}

/// The decision alone: the fast path for the access grid, the decision cube
/// and lab checks.
pub fn decide(
    principal: &Principal<'_>,
    req: &Request<'_>,
    resource_policy: Option<ResourcePolicy<'_>>,
) -> Decision {
    evaluate(
        principal,
        req,
        resource_policy,
        NoTrace,
        |(decision, ..), _, _| decision,
    )
}

/// The decision and the whole trail.
pub fn explain(
    principal: &Principal<'_>,
    req: &Request<'_>,
    resource_policy: Option<ResourcePolicy<'_>>,
) -> Evaluation {
    evaluate(
        principal,
        req,
        resource_policy,
        Recorder::default(),
        |(decision, decided_by, reason), trace, ctx| Evaluation {
            decision,
            decided_by,
            reason,
            principal: principal.arn.clone(),
            action: req.action.to_string(),
            resource: req.resource.to_string(),
            policies: trace.policies,
            missing_context: trace.missing,
            supplied_context: supplied_keys(principal, req.context, ctx),
        },
    )
}

/// Runs one evaluation with `trace` watching, in the context the request
/// and the principal make together, and hands `finish` the outcome, the
/// trace and that context: both entry points share every step but the last.
fn evaluate<T: Trace, R>(
    principal: &Principal<'_>,
    req: &Request<'_>,
    resource_policy: Option<ResourcePolicy<'_>>,
    trace: T,
    finish: impl FnOnce((Decision, Option<Layer>, String), T, &Context) -> R,
) -> R {
    let merged = merged_context(principal, req.context, req.resource_account);
    let ctx = merged.as_ref().unwrap_or(&principal.context);
    let mut ev = Evaluator {
        principal,
        req,
        ctx,
        trace,
    };
    let outcome = ev.run(resource_policy);
    finish(outcome, ev.trace, ctx)
}

#[cfg(test)]
mod tests {
    use super::Decision;

    #[test]
    fn every_decision_has_its_own_mark_and_words() {
        for (i, a) in Decision::ALL.iter().enumerate() {
            for b in &Decision::ALL[i + 1..] {
                assert_ne!(a.mark(), b.mark());
                assert_ne!(a.adjective(), b.adjective());
                assert_ne!(a.sentence(), b.sentence());
                assert_ne!(a.verdict(), b.verdict());
                assert_ne!(a.aws_name(), b.aws_name());
            }
        }
    }

    #[test]
    fn the_legend_pairs_each_mark_with_awss_adjective() {
        assert_eq!(
            Decision::legend("  "),
            "✓ allowed  · implicitly denied  ✗ explicitly denied"
        );
    }

    #[test]
    fn a_label_marks_any_denial_as_a_failure_and_names_its_kind() {
        assert_eq!(Decision::Allowed.label(), "✓ allowed");
        assert_eq!(Decision::ImplicitDeny.label(), "✗ denied (implicit deny)");
        assert_eq!(Decision::ExplicitDeny.label(), "✗ denied (explicit deny)");
    }
}
