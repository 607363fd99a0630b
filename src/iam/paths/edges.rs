//! The escalation steps out of one identity, one function per kind. Each
//! asks the evaluator, with the condition keys the real call would carry
//! (`iam:PassedToService`, `iam:PolicyARN`), and nothing else: conditions on
//! MFA or an external ID are not met.

use super::{Edge, Kind, Node, Out, Search, Target};
use crate::iam::call_request;
use crate::iam::context::Context;
use crate::iam::eval::{self, Request, ResourcePolicy};
use crate::iam::model::{Caller, Org, PolicyDoc, Role};
use crate::iam::policy::{self, Effect, PolicyKind};
use crate::iam::principal::{Layer, PolicyRef, Principal, Via};

/// The region the sandbox calls go to when none is given.
const REGION: &str = call_request::SANDBOX_REGION;
/// The policy a learner would attach to take everything.
const ADMIN_POLICY: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// Could any of the principal's identity policies allow `action` at all,
/// whatever the resource? IAM users, groups and policies have no resource
/// policy, so without such a statement nothing about them can be allowed;
/// checking this first spares a decision per user or group of the account.
fn may_allow(p: &Principal<'_>, action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    let (service, name) = lower.split_once(':').unwrap_or(("", &lower));
    let hash = policy::service_hash(service);
    p.identity.iter().any(|r| {
        r.doc.policy.statements.iter().any(|s| {
            s.effect == Effect::Allow
                && s.action
                    .patterns
                    .iter()
                    .any(|a| a.matches_lower(&lower, service, hash, name))
                    != s.action.negated
        })
    })
}

fn allows(org: &Org, p: &Principal<'_>, action: &str, resource: &str, ctx: &Context) -> bool {
    org.decide_for(p, action, resource, ctx).is_allowed()
}

/// Does the role's trust policy let an AWS service assume it?
fn trusts_service(org: &Org, role_arn: &str, service: &str) -> bool {
    let caller = Caller::Service(service.to_string());
    match org.principal(&caller) {
        Ok(sp) => allows(org, &sp, "sts:AssumeRole", role_arn, &Context::new()),
        Err(_) => false,
    }
}

/// The context of a call that hands a role to `service`: the same one the
/// grid and the sandbox's calls use.
fn passed_to(service: &str) -> Context {
    call_request::passed_to(service)
}

/// The sentence for a step from `from` to `target`; `detail` is the
/// instance profile, group, policy or versions the step is about.
pub(super) fn explain(kind: Kind, from: &str, target: &str, detail: &str) -> String {
    match kind {
        Kind::PassRoleToEc2 if detail.is_empty() => format!(
            "{from} may put {target} in a new instance profile and launch an EC2 instance with it, and code on it runs as {target}"
        ),
        Kind::PassRoleToEc2 => format!(
            "{from} may launch an EC2 instance with instance profile {detail}, and code on it runs as {target}"
        ),
        Kind::PassRoleToLambda => format!(
            "{from} may create a Lambda function with {target} as its execution role and invoke it, and the function's code runs as {target}"
        ),
        Kind::AssumeRole => format!("{from} may assume {target}: its trust policy lets {from} in"),
        Kind::CreateAccessKey => {
            format!("{from} may create an access key for {target} and call AWS as {target}")
        }
        Kind::CreateLoginProfile => format!(
            "{target} has no console password; {from} may set one and sign in to the console as {target}"
        ),
        Kind::UpdateLoginProfile => format!(
            "{from} may change {target}'s console password and sign in to the console as {target}"
        ),
        Kind::AttachSelfPolicy => {
            format!("{from} may attach any managed policy to {from}, AdministratorAccess included")
        }
        Kind::PutSelfPolicy => {
            format!("{from} may write an inline policy into {from} that allows anything")
        }
        Kind::AttachGroupPolicy => format!(
            "{from} is in group {detail} and may attach any managed policy to it, AdministratorAccess included"
        ),
        Kind::PutGroupPolicy => format!(
            "{from} is in group {detail} and may write an inline policy into it that allows anything"
        ),
        Kind::CreatePolicyVersion => format!(
            "{from} holds {detail} and may make a new default version of it that allows anything"
        ),
        Kind::SetDefaultPolicyVersion => {
            let mut parts = detail.split(' ');
            let (name, version, default) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            format!(
                "{from} holds {name} and may make its version {version} the default instead of {default}"
            )
        }
        Kind::AddUserToGroup => {
            format!("{from} may add {from} to group {detail} and so gain its policies")
        }
        Kind::UpdateAssumeRolePolicy => format!(
            "{from} may rewrite {target}'s trust policy to let {from} in, then assume {target}"
        ),
    }
}

/// The principal with one more identity policy.
fn with_policy<'a>(p: &Principal<'a>, name: &str, doc: &'a PolicyDoc) -> Principal<'a> {
    let mut q = p.clone();
    q.identity.push(PolicyRef {
        layer: Layer::Identity,
        name: name.to_string(),
        arn: None,
        via: Via::Direct,
        doc,
    });
    q
}

impl<'o> Search<'o> {
    /// Every step out of identity `i`, whose resolved principal is `p`.
    pub(super) fn edges_of(&self, i: usize, p: &Principal<'_>) -> Out {
        let node = &self.nodes[i];
        let mut out = Out::default();
        self.assume_role(node, p, &mut out);
        self.pass_role(node, p, &mut out);
        self.take_over_users(node, p, &mut out);
        self.edit_self(node, p, &mut out);
        self.edit_groups(node, p, &mut out);
        self.policy_versions(p, &mut out);
        self.join_groups(node, p, &mut out);
        self.rewrite_trust(node, p, &mut out);
        out
    }

    fn roles(&self, account: &str) -> impl Iterator<Item = &'o Role> {
        self.org
            .account(account)
            .into_iter()
            .flat_map(|a| a.roles.values())
    }

    /// A step to another identity of the organization.
    fn to(
        &self,
        target: &Node,
        kind: Kind,
        actions: &'static [&'static str],
        detail: String,
    ) -> Option<Edge> {
        let &t = self.index.get(target)?;
        Some(Edge {
            kind,
            actions,
            detail,
            target: Target::Identity(t),
        })
    }

    /// sts:AssumeRole on any role of any account, as STS would decide it.
    fn assume_role(&self, node: &Node, p: &Principal<'_>, out: &mut Out) {
        let empty = Context::new();
        for (id, account) in &self.org.accounts {
            for role in account.roles.values() {
                let target = Node::role(id, &role.name);
                if &target == node || !allows(self.org, p, "sts:AssumeRole", &role.arn(id), &empty)
                {
                    continue;
                }
                out.identities.extend(self.to(
                    &target,
                    Kind::AssumeRole,
                    &["sts:AssumeRole"],
                    String::new(),
                ));
            }
        }
    }

    /// Handing a role to EC2 or Lambda: the code that runs there acts as it.
    fn pass_role(&self, node: &Node, p: &Principal<'_>, out: &mut Out) {
        if !may_allow(p, "iam:PassRole") {
            return;
        }
        let acct = &node.account;
        let empty = Context::new();
        let instances = format!("arn:aws:ec2:{REGION}:{acct}:instance/*");
        let run = allows(self.org, p, "ec2:RunInstances", &instances, &empty);
        let functions = format!("arn:aws:lambda:{REGION}:{acct}:function:*");
        let lambda = allows(self.org, p, "lambda:CreateFunction", &functions, &empty)
            && allows(self.org, p, "lambda:InvokeFunction", &functions, &empty);
        if !run && !lambda {
            return;
        }
        let to_ec2 = passed_to("ec2.amazonaws.com");
        let to_lambda = passed_to("lambda.amazonaws.com");
        for role in self.roles(acct) {
            let arn = role.arn(acct);
            let target = Node::role(acct, &role.name);
            if &target == node {
                continue;
            }
            if run
                && allows(self.org, p, "iam:PassRole", &arn, &to_ec2)
                && trusts_service(self.org, &arn, "ec2.amazonaws.com")
            {
                let profile = self.org.account(acct).and_then(|a| {
                    a.instance_profiles
                        .values()
                        .find(|ip| ip.roles.contains(&target.key))
                });
                let edge = match profile {
                    Some(ip) => self.to(
                        &target,
                        Kind::PassRoleToEc2,
                        &["iam:PassRole", "ec2:RunInstances"],
                        ip.name.clone(),
                    ),
                    None => {
                        // No profile holds the role: the caller must make one,
                        // which the sandbox checks as iam:PassRole too.
                        let ip = format!("arn:aws:iam::{acct}:instance-profile/{}", role.name);
                        let can = allows(self.org, p, "iam:CreateInstanceProfile", &ip, &empty)
                            && allows(self.org, p, "iam:AddRoleToInstanceProfile", &ip, &empty)
                            && allows(self.org, p, "iam:PassRole", &arn, &empty);
                        can.then(|| {
                            self.to(
                                &target,
                                Kind::PassRoleToEc2,
                                &[
                                    "iam:PassRole",
                                    "ec2:RunInstances",
                                    "iam:CreateInstanceProfile",
                                    "iam:AddRoleToInstanceProfile",
                                ],
                                String::new(),
                            )
                        })
                        .flatten()
                    }
                };
                out.identities.extend(edge);
            }
            if lambda
                && allows(self.org, p, "iam:PassRole", &arn, &to_lambda)
                && trusts_service(self.org, &arn, "lambda.amazonaws.com")
            {
                out.identities.extend(self.to(
                    &target,
                    Kind::PassRoleToLambda,
                    &[
                        "iam:PassRole",
                        "lambda:CreateFunction",
                        "lambda:InvokeFunction",
                    ],
                    String::new(),
                ));
            }
        }
    }

    /// New credentials for another user of the same account: an access key,
    /// or a console password.
    fn take_over_users(&self, node: &Node, p: &Principal<'_>, out: &mut Out) {
        let keys = may_allow(p, "iam:CreateAccessKey");
        let create = may_allow(p, "iam:CreateLoginProfile");
        let update = may_allow(p, "iam:UpdateLoginProfile");
        if !(keys || create || update) {
            return;
        }
        let Some(account) = self.org.account(&node.account) else {
            return;
        };
        let empty = Context::new();
        for user in account.users.values() {
            let target = Node::user(&node.account, &user.name);
            if &target == node {
                continue;
            }
            let arn = user.arn(&node.account);
            if keys && allows(self.org, p, "iam:CreateAccessKey", &arn, &empty) {
                out.identities.extend(self.to(
                    &target,
                    Kind::CreateAccessKey,
                    &["iam:CreateAccessKey"],
                    String::new(),
                ));
            }
            let password = match &user.login_profile {
                None if create && allows(self.org, p, "iam:CreateLoginProfile", &arn, &empty) => {
                    Some((Kind::CreateLoginProfile, &["iam:CreateLoginProfile"]))
                }
                Some(_)
                    if update && allows(self.org, p, "iam:UpdateLoginProfile", &arn, &empty) =>
                {
                    Some((Kind::UpdateLoginProfile, &["iam:UpdateLoginProfile"]))
                }
                _ => None,
            };
            if let Some((kind, actions)) = password {
                out.identities
                    .extend(self.to(&target, kind, actions, String::new()));
            }
        }
    }

    /// A step to full power (as far as boundaries, SCPs and denies let it):
    /// the principal with `Allow * on *` added.
    fn power(
        &self,
        p: &Principal<'_>,
        kind: Kind,
        actions: &'static [&'static str],
        label: String,
        detail: String,
    ) -> Edge {
        let anything = with_policy(p, "any policy", &self.anything);
        Edge {
            kind,
            actions,
            detail,
            target: Target::Power {
                key: format!("{}|{label}", kind.id()),
                label,
                bits: self.bits_of(&anything),
            },
        }
    }

    /// Attaching or writing a policy on the principal itself.
    fn edit_self(&self, node: &Node, p: &Principal<'_>, out: &mut Out) {
        let (attach, put, arn): (&'static [&'static str], &'static [&'static str], _) = if node.role
        {
            (
                &["iam:AttachRolePolicy"],
                &["iam:PutRolePolicy"],
                p.role_arn.clone(),
            )
        } else {
            (
                &["iam:AttachUserPolicy"],
                &["iam:PutUserPolicy"],
                Some(p.arn.clone()),
            )
        };
        let Some(arn) = arn else { return };
        if may_allow(p, attach[0]) {
            let mut ctx = Context::new();
            ctx.set_one("iam:PolicyARN", ADMIN_POLICY);
            if allows(self.org, p, attach[0], &arn, &ctx) {
                out.powers.push(self.power(
                    p,
                    Kind::AttachSelfPolicy,
                    attach,
                    "any policy".into(),
                    String::new(),
                ));
            }
        }
        if may_allow(p, put[0]) && allows(self.org, p, put[0], &arn, &Context::new()) {
            out.powers.push(self.power(
                p,
                Kind::PutSelfPolicy,
                put,
                "any policy".into(),
                String::new(),
            ));
        }
    }

    /// Attaching or writing a policy on a group the user belongs to.
    fn edit_groups(&self, node: &Node, p: &Principal<'_>, out: &mut Out) {
        if node.role {
            return;
        }
        let attach = may_allow(p, "iam:AttachGroupPolicy");
        let put = may_allow(p, "iam:PutGroupPolicy");
        if !(attach || put) {
            return;
        }
        let Some(user) = self.org.user(&node.account, &node.key) else {
            return;
        };
        let mut ctx = Context::new();
        ctx.set_one("iam:PolicyARN", ADMIN_POLICY);
        for g in &user.groups {
            let Some(group) = self.org.group(&node.account, g) else {
                continue;
            };
            let arn = group.arn(&node.account);
            let label = format!("group/{}", group.name);
            if attach && allows(self.org, p, "iam:AttachGroupPolicy", &arn, &ctx) {
                out.powers.push(self.power(
                    p,
                    Kind::AttachGroupPolicy,
                    &["iam:AttachGroupPolicy"],
                    label.clone(),
                    group.name.clone(),
                ));
            }
            if put && allows(self.org, p, "iam:PutGroupPolicy", &arn, &Context::new()) {
                out.powers.push(self.power(
                    p,
                    Kind::PutGroupPolicy,
                    &["iam:PutGroupPolicy"],
                    label,
                    group.name.clone(),
                ));
            }
        }
    }

    /// New or other versions of customer managed policies the principal
    /// holds, directly or through a group.
    fn policy_versions(&self, p: &Principal<'_>, out: &mut Out) {
        let create = may_allow(p, "iam:CreatePolicyVersion");
        let set = may_allow(p, "iam:SetDefaultPolicyVersion");
        if !(create || set) {
            return;
        }
        let mut held: Vec<&str> = Vec::new();
        for r in &p.identity {
            if let Some(arn) = r.arn.as_deref()
                && !arn.starts_with("arn:aws:iam::aws:")
                && !held.contains(&arn)
            {
                held.push(arn);
            }
        }
        let empty = Context::new();
        for arn in held {
            let Some(policy) = self.org.managed_policy(arn) else {
                continue;
            };
            let label = format!("policy/{}", policy.name);
            if create && allows(self.org, p, "iam:CreatePolicyVersion", arn, &empty) {
                out.powers.push(self.power(
                    p,
                    Kind::CreatePolicyVersion,
                    &["iam:CreatePolicyVersion"],
                    label.clone(),
                    policy.name.clone(),
                ));
            }
            if !set || !allows(self.org, p, "iam:SetDefaultPolicyVersion", arn, &empty) {
                continue;
            }
            for v in &policy.versions {
                if v.id == policy.default_version {
                    continue;
                }
                let mut q = p.clone();
                for r in q
                    .identity
                    .iter_mut()
                    .filter(|r| r.arn.as_deref() == Some(arn))
                {
                    r.doc = &*v.doc;
                }
                out.powers.push(Edge {
                    kind: Kind::SetDefaultPolicyVersion,
                    actions: &["iam:SetDefaultPolicyVersion"],
                    detail: format!("{} {} {}", policy.name, v.id, policy.default_version),
                    target: Target::Power {
                        key: format!("{}|{label}|{}", Kind::SetDefaultPolicyVersion.id(), v.id),
                        label: label.clone(),
                        bits: self.bits_of(&q),
                    },
                });
            }
        }
    }

    /// Joining another group of the account, to gain its policies.
    fn join_groups(&self, node: &Node, p: &Principal<'_>, out: &mut Out) {
        if node.role || !may_allow(p, "iam:AddUserToGroup") {
            return;
        }
        let (Some(account), Some(user)) = (
            self.org.account(&node.account),
            self.org.user(&node.account, &node.key),
        ) else {
            return;
        };
        let empty = Context::new();
        for (key, group) in &account.groups {
            if user.groups.contains(key)
                || !allows(
                    self.org,
                    p,
                    "iam:AddUserToGroup",
                    &group.arn(&node.account),
                    &empty,
                )
            {
                continue;
            }
            let mut q = p.clone();
            let via = Via::Group(group.name.clone());
            for (name, doc) in &group.inline {
                q.identity.push(PolicyRef {
                    layer: Layer::Identity,
                    name: name.clone(),
                    arn: None,
                    via: via.clone(),
                    doc,
                });
            }
            for arn in &group.attached {
                if let Some(m) = self.org.managed_policy(arn) {
                    q.identity.push(PolicyRef {
                        layer: Layer::Identity,
                        name: m.name.clone(),
                        arn: Some(m.arn.clone()),
                        via: via.clone(),
                        doc: m.default_doc(),
                    });
                }
            }
            let label = format!("group/{}", group.name);
            out.powers.push(Edge {
                kind: Kind::AddUserToGroup,
                actions: &["iam:AddUserToGroup"],
                detail: group.name.clone(),
                target: Target::Power {
                    key: format!("{}|{label}", Kind::AddUserToGroup.id()),
                    label,
                    bits: self.bits_of(&q),
                },
            });
        }
    }

    /// Rewriting a role's trust policy to name the principal, then assuming
    /// the role. Roles it may already assume are left to AssumeRole.
    fn rewrite_trust(&self, node: &Node, p: &Principal<'_>, out: &mut Out) {
        if !may_allow(p, "iam:UpdateAssumeRolePolicy") {
            return;
        }
        let me = p.role_arn.clone().unwrap_or_else(|| p.arn.clone());
        let trust = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"{me}"}},"Action":"sts:AssumeRole"}}}}"#
        );
        let Ok(trust) = PolicyDoc::parse(&trust, PolicyKind::Trust) else {
            return;
        };
        let empty = Context::new();
        let acct = &node.account;
        for role in self.roles(acct) {
            let arn = role.arn(acct);
            let target = Node::role(acct, &role.name);
            if &target == node
                || allows(self.org, p, "sts:AssumeRole", &arn, &empty)
                || !allows(self.org, p, "iam:UpdateAssumeRolePolicy", &arn, &empty)
            {
                continue;
            }
            let req = Request {
                action: "sts:AssumeRole",
                resource: &arn,
                resource_account: acct,
                context: &empty,
            };
            let rewritten = ResourcePolicy {
                name: "trust policy",
                doc: &trust,
                must_allow: true,
            };
            if eval::decide(p, &req, Some(rewritten)).is_allowed() {
                out.identities.extend(self.to(
                    &target,
                    Kind::UpdateAssumeRolePolicy,
                    &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
                    String::new(),
                ));
            }
        }
    }
}
