//! Resolving a caller into everything evaluation needs: its ARNs, its request
//! context, and the policies of each layer that apply to it. Done once per
//! caller, so that many decisions for the same caller share the work.

use super::context::Context;
use super::model::{Auth, Caller, ManagedPolicy, Org, PolicyDoc, Tag, assumed_role_arn, root_arn};
use super::time;
use serde::{Deserialize, Serialize};

/// Which layer of AWS's evaluation a policy belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Layer {
    /// Service control policies of AWS Organizations.
    Scp,
    /// A policy on the resource itself (bucket policy, trust policy).
    Resource,
    /// Policies of the user, its groups, or the role.
    Identity,
    /// The permissions boundary of the user or role.
    Boundary,
    /// Policies passed when the role session was created.
    Session,
    /// Resource control policies of AWS Organizations: they cap what anyone
    /// may do to the resources of the account they are attached to.
    Rcp,
}

impl Layer {
    pub fn describe(self) -> &'static str {
        match self {
            Layer::Scp => "service control policy",
            Layer::Resource => "resource-based policy",
            Layer::Identity => "identity-based policy",
            Layer::Boundary => "permissions boundary",
            Layer::Session => "session policy",
            Layer::Rcp => "resource control policy",
        }
    }

    /// The description with its article: `an identity-based policy`, `a
    /// permissions boundary`.
    pub fn with_article(self) -> String {
        let d = self.describe();
        if d.starts_with(['a', 'e', 'i', 'o', 'u']) {
            format!("an {d}")
        } else {
            format!("a {d}")
        }
    }
}

/// Where an identity policy comes from, for explanations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Via {
    /// Attached to or embedded in the principal itself.
    Direct,
    /// Through membership of a group (its display name).
    Group(String),
    /// An SCP or RCP attached to the organization's root.
    OrgRoot,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRef<'o> {
    pub layer: Layer,
    /// Policy name (inline) or managed policy name.
    pub name: String,
    /// The managed policy's ARN; None for inline policies.
    pub arn: Option<String>,
    pub via: Via,
    pub doc: &'o PolicyDoc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    Root,
    User,
    RoleSession,
    Service,
    /// A web identity or SAML caller, named by its identity provider.
    Federated,
}

/// A caller resolved against an organization.
#[derive(Debug, Clone)]
pub struct Principal<'o> {
    pub kind: PrincipalKind,
    pub account: String,
    /// The caller's own ARN: user ARN, assumed-role session ARN, root ARN,
    /// or the service name for a service principal.
    pub arn: String,
    /// For role sessions, the role's ARN.
    pub role_arn: Option<String>,
    pub identity: Vec<PolicyRef<'o>>,
    pub boundary: Option<PolicyRef<'o>>,
    pub session: Vec<PolicyRef<'o>>,
    /// None when no service control policies govern the account.
    pub scps: Option<Vec<PolicyRef<'o>>>,
    /// The condition keys that follow from who the caller is.
    pub context: Context,
    /// The organization's guardrails: the root's SCPs, the RCPs over each
    /// account's resources.
    pub guard: super::guard::Guard<'o>,
}

impl<'o> Principal<'o> {
    /// Does the AWS principal ARN `p` (from a Principal element) name this caller,
    /// and how?
    pub fn match_aws(&self, p: &str) -> Option<PrincipalMatch> {
        // The role first: a role simulated as itself has the role's ARN as
        // its own, and a grant to the role still goes through the role.
        if self.role_arn.as_deref() == Some(p) {
            return Some(PrincipalMatch::Role);
        }
        if p == self.arn {
            return Some(PrincipalMatch::Direct);
        }
        if self.kind != PrincipalKind::Service && p == root_arn(&self.account) {
            return Some(if self.kind == PrincipalKind::Root {
                PrincipalMatch::Direct
            } else {
                PrincipalMatch::Account
            });
        }
        None
    }
}

/// How a Principal element named the caller. The order matters: a direct
/// grant is stronger than one through the role, which is stronger than one
/// through the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PrincipalMatch {
    /// Through the caller's account: delegates to the account's own policies.
    Account,
    /// Through the role ARN of a role session.
    Role,
    /// The caller's own ARN (user, session, root or service), or `*`.
    Direct,
}

impl PrincipalMatch {
    pub fn describe(self) -> &'static str {
        match self {
            PrincipalMatch::Account => "names the caller's account",
            PrincipalMatch::Role => "names the caller's role",
            PrincipalMatch::Direct => "names the caller",
        }
    }
}

fn push_managed<'o>(
    out: &mut Vec<PolicyRef<'o>>,
    org: &'o Org,
    layer: Layer,
    arns: &[String],
    via: &Via,
) {
    for arn in arns {
        if let Some(p) = org.managed_policy(arn) {
            out.push(managed_ref(p, layer, via.clone()));
        }
    }
}

fn managed_ref(p: &ManagedPolicy, layer: Layer, via: Via) -> PolicyRef<'_> {
    PolicyRef {
        layer,
        name: p.name.clone(),
        arn: Some(p.arn.clone()),
        via,
        doc: p.default_doc(),
    }
}

fn tags_to_context(ctx: &mut Context, tags: &[Tag]) {
    for t in tags {
        ctx.set_one(&format!("aws:PrincipalTag/{}", t.key), t.value.clone());
    }
}

impl Org {
    /// Resolves a caller. Fails when the caller's user or role does not exist.
    pub fn principal<'a>(&'a self, caller: &'a Caller) -> Result<Principal<'a>, String> {
        let mut ctx = Context::new();
        ctx.set_one("aws:CurrentTime", time::iso8601_z(self.now));
        ctx.set_one("aws:EpochTime", self.now.to_string());
        ctx.set_one("aws:SecureTransport", "true");
        let account_id = match caller {
            Caller::Root { account } | Caller::User { account, .. } => account.clone(),
            Caller::RoleSession { account, .. } => account.clone(),
            Caller::Service(_) => String::new(),
            Caller::Federated { provider, .. } => {
                super::federation::provider_account(provider).unwrap_or_default()
            }
        };
        let account = self.accounts.get(&account_id);
        if account.is_none() && !matches!(caller, Caller::Service(_) | Caller::Federated { .. }) {
            return Err(format!("account {account_id} does not exist"));
        }
        let scps = account.and_then(|a| a.scps.as_ref()).map(|scps| {
            scps.iter()
                .map(|s| PolicyRef {
                    layer: Layer::Scp,
                    name: s.name.clone(),
                    arn: None,
                    via: Via::Direct,
                    doc: &s.doc,
                })
                .collect()
        });
        if !account_id.is_empty() {
            ctx.set_one("aws:PrincipalAccount", account_id.clone());
        }
        let mut p = Principal {
            kind: PrincipalKind::Root,
            account: account_id.clone(),
            arn: String::new(),
            role_arn: None,
            identity: Vec::new(),
            boundary: None,
            session: Vec::new(),
            scps,
            context: Context::new(),
            guard: Default::default(),
        };
        match caller {
            Caller::Root { account } => {
                p.arn = root_arn(account);
                ctx.set_one("aws:PrincipalType", "Account");
                ctx.set_one("aws:userid", account.clone());
                ctx.set_one("aws:PrincipalArn", p.arn.clone());
            }
            Caller::User {
                account,
                user,
                auth,
            } => {
                let u = self
                    .user(account, user)
                    .ok_or_else(|| format!("the user with name {user} cannot be found"))?;
                p.kind = PrincipalKind::User;
                p.arn = u.arn(account);
                ctx.set_one("aws:PrincipalType", "User");
                ctx.set_one("aws:username", u.name.clone());
                ctx.set_one("aws:userid", u.id.clone());
                ctx.set_one("aws:PrincipalArn", p.arn.clone());
                // A long-term access key carries no MFA information at all: the
                // key is absent, which is why AWS recommends BoolIfExists.
                match auth {
                    Auth::AccessKey => {}
                    Auth::SessionToken { mfa } | Auth::Console { mfa } => {
                        ctx.set_one("aws:MultiFactorAuthPresent", mfa.to_string());
                    }
                }
                tags_to_context(&mut ctx, &u.tags);
                for (name, doc) in &u.inline {
                    p.identity.push(inline_ref(name, doc, Via::Direct));
                }
                push_managed(
                    &mut p.identity,
                    self,
                    Layer::Identity,
                    &u.attached,
                    &Via::Direct,
                );
                let acct = account_of(self, account);
                for g in &u.groups {
                    if let Some(group) = acct.and_then(|a| a.groups.get(g)) {
                        let via = Via::Group(group.name.clone());
                        for (name, doc) in &group.inline {
                            p.identity.push(inline_ref(name, doc, via.clone()));
                        }
                        push_managed(
                            &mut p.identity,
                            self,
                            Layer::Identity,
                            &group.attached,
                            &via,
                        );
                    }
                }
                if let Some(b) = &u.boundary {
                    p.boundary = self
                        .managed_policy(b)
                        .map(|m| managed_ref(m, Layer::Boundary, Via::Direct));
                }
            }
            Caller::RoleSession {
                account,
                role,
                session_name,
                policy,
                policy_arns,
                mfa,
                tags,
                issued,
            } => {
                let r = self
                    .role(account, role)
                    .ok_or_else(|| format!("the role with name {role} cannot be found"))?;
                p.kind = PrincipalKind::RoleSession;
                p.arn = assumed_role_arn(account, &r.name, session_name);
                let role_arn = r.arn(account);
                ctx.set_one("aws:PrincipalType", "AssumedRole");
                ctx.set_one("aws:userid", format!("{}:{}", r.id, session_name));
                ctx.set_one("aws:PrincipalArn", role_arn.clone());
                ctx.set_one("aws:MultiFactorAuthPresent", mfa.to_string());
                // What "revoke active sessions" policies compare against.
                if let Some(t) = issued {
                    ctx.set_one("aws:TokenIssueTime", time::iso8601_z(*t));
                }
                tags_to_context(&mut ctx, &r.tags);
                // Session tags override role tags with the same key.
                tags_to_context(&mut ctx, tags);
                p.role_arn = Some(role_arn);
                for (name, doc) in &r.inline {
                    p.identity.push(inline_ref(name, doc, Via::Direct));
                }
                push_managed(
                    &mut p.identity,
                    self,
                    Layer::Identity,
                    &r.attached,
                    &Via::Direct,
                );
                if let Some(b) = &r.boundary {
                    p.boundary = self
                        .managed_policy(b)
                        .map(|m| managed_ref(m, Layer::Boundary, Via::Direct));
                }
                if let Some(doc) = policy {
                    p.session.push(PolicyRef {
                        layer: Layer::Session,
                        name: "inline session policy".into(),
                        arn: None,
                        via: Via::Direct,
                        doc,
                    });
                }
                push_managed(
                    &mut p.session,
                    self,
                    Layer::Session,
                    policy_arns,
                    &Via::Direct,
                );
            }
            Caller::Service(name) => {
                p.kind = PrincipalKind::Service;
                p.arn = name.clone();
                p.scps = None;
            }
            Caller::Federated { provider, claims } => {
                self.federated_principal(&mut p, &mut ctx, provider, claims)?;
            }
        }
        // AWS: SCPs never restrict service-linked roles, nor the
        // organization's management account.
        let exempt_account = self
            .organization
            .as_ref()
            .is_some_and(|o| o.management_account == p.account);
        if exempt_account || super::guard::is_service_linked(self, caller) {
            p.scps = None;
        }
        p.guard = self.guard_for(caller, p.kind, &p.account, &mut ctx);
        p.context = ctx;
        Ok(p)
    }
}

fn account_of<'o>(org: &'o Org, id: &str) -> Option<&'o super::model::Account> {
    org.accounts.get(id)
}

fn inline_ref<'o>(name: &str, doc: &'o PolicyDoc, via: Via) -> PolicyRef<'o> {
    PolicyRef {
        layer: Layer::Identity,
        name: name.to_string(),
        arn: None,
        via,
        doc,
    }
}
