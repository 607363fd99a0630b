//! The escalation steps out of one identity, one function per kind. Each
//! asks the evaluator, with the condition keys the real call would carry
//! (`iam:PassedToService`, `iam:PolicyARN`), and nothing else: conditions on
//! MFA or an external ID are not met.

use super::{Edge, Kind, Node, Search, Target};
use crate::iam::context::Context;
use crate::iam::eval::{self, Request, ResourcePolicy};
use crate::iam::model::{Caller, Org, PolicyDoc, Role};
use crate::iam::policy::{self, Effect, PolicyKind};
use crate::iam::principal::{Layer, PolicyRef, Principal, Via};

/// The region the sandbox calls go to when none is given.
const REGION: &str = "us-east-1";
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

fn passed_to(service: &str) -> Context {
    let mut ctx = Context::new();
    ctx.set_one("iam:PassedToService", service);
    ctx
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
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
    /// Every step out of `node`, whose resolved principal is `p`.
    pub(super) fn edges_of(&self, node: &Node, p: &Principal<'_>) -> Vec<Edge> {
        let from = self.name(node);
        let mut out = Vec::new();
        self.assume_role(node, p, &from, &mut out);
        self.pass_role(node, p, &from, &mut out);
        self.take_over_users(node, p, &from, &mut out);
        self.edit_self(node, p, &from, &mut out);
        self.edit_groups(node, p, &from, &mut out);
        self.policy_versions(p, &from, &mut out);
        self.join_groups(node, p, &from, &mut out);
        self.rewrite_trust(node, p, &from, &mut out);
        out
    }

    fn roles(&self, account: &str) -> impl Iterator<Item = &'o Role> {
        self.org
            .account(account)
            .into_iter()
            .flat_map(|a| a.roles.values())
    }

    fn role_edge(
        &self,
        account: &str,
        role: &Role,
        kind: Kind,
        actions: Vec<String>,
        explain: String,
    ) -> Edge {
        let target = Node::role(account, &role.name);
        Edge {
            kind,
            actions,
            label: self.name(&target),
            explain,
            target: Target::Identity(target),
        }
    }

    /// sts:AssumeRole on any role of any account, as STS would decide it.
    fn assume_role(&self, node: &Node, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
        let empty = Context::new();
        for (id, account) in &self.org.accounts {
            for role in account.roles.values() {
                let target = Node::role(id, &role.name);
                if &target == node || !allows(self.org, p, "sts:AssumeRole", &role.arn(id), &empty)
                {
                    continue;
                }
                let label = self.name(&target);
                out.push(self.role_edge(
                    id,
                    role,
                    Kind::AssumeRole,
                    strings(&["sts:AssumeRole"]),
                    format!("{from} may assume {label}: its trust policy lets {from} in"),
                ));
            }
        }
    }

    /// Handing a role to EC2 or Lambda: the code that runs there acts as it.
    fn pass_role(&self, node: &Node, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
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
        let to_ec2 = passed_to("ec2.amazonaws.com");
        let to_lambda = passed_to("lambda.amazonaws.com");
        for role in self.roles(acct) {
            let arn = role.arn(acct);
            if node.role && node.key == role.name.to_ascii_lowercase() {
                continue;
            }
            let label = self.name(&Node::role(acct, &role.name));
            if run
                && allows(self.org, p, "iam:PassRole", &arn, &to_ec2)
                && trusts_service(self.org, &arn, "ec2.amazonaws.com")
            {
                let key = role.name.to_ascii_lowercase();
                let profile = self.org.account(acct).and_then(|a| {
                    a.instance_profiles
                        .values()
                        .find(|ip| ip.roles.contains(&key))
                });
                let edge = match profile {
                    Some(ip) => Some((
                        strings(&["iam:PassRole", "ec2:RunInstances"]),
                        format!(
                            "{from} may launch an EC2 instance with instance profile {}, and code on it runs as {label}",
                            ip.name
                        ),
                    )),
                    None => {
                        // No profile holds the role: the caller must make one,
                        // which the sandbox checks as iam:PassRole too.
                        let ip = format!("arn:aws:iam::{acct}:instance-profile/{}", role.name);
                        (allows(self.org, p, "iam:CreateInstanceProfile", &ip, &empty)
                            && allows(self.org, p, "iam:AddRoleToInstanceProfile", &ip, &empty)
                            && allows(self.org, p, "iam:PassRole", &arn, &empty))
                        .then(|| {
                            (
                                strings(&[
                                    "iam:PassRole",
                                    "ec2:RunInstances",
                                    "iam:CreateInstanceProfile",
                                    "iam:AddRoleToInstanceProfile",
                                ]),
                                format!(
                                    "{from} may put {label} in a new instance profile and launch an EC2 instance with it, and code on it runs as {label}"
                                ),
                            )
                        })
                    }
                };
                if let Some((actions, explain)) = edge {
                    out.push(self.role_edge(acct, role, Kind::PassRoleToEc2, actions, explain));
                }
            }
            if lambda
                && allows(self.org, p, "iam:PassRole", &arn, &to_lambda)
                && trusts_service(self.org, &arn, "lambda.amazonaws.com")
            {
                out.push(self.role_edge(
                    acct,
                    role,
                    Kind::PassRoleToLambda,
                    strings(&["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]),
                    format!(
                        "{from} may create a Lambda function with {label} as its execution role and invoke it, and the function's code runs as {label}"
                    ),
                ));
            }
        }
    }

    /// New credentials for another user of the same account: an access key,
    /// or a console password.
    fn take_over_users(&self, node: &Node, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
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
            let label = self.name(&target);
            let edge = |kind: Kind, action: &str, explain: String| Edge {
                kind,
                actions: strings(&[action]),
                label: label.clone(),
                explain,
                target: Target::Identity(target.clone()),
            };
            if keys && allows(self.org, p, "iam:CreateAccessKey", &arn, &empty) {
                out.push(edge(
                    Kind::CreateAccessKey,
                    "iam:CreateAccessKey",
                    format!("{from} may create an access key for {label} and call AWS as {label}"),
                ));
            }
            match &user.login_profile {
                None if create && allows(self.org, p, "iam:CreateLoginProfile", &arn, &empty) => {
                    out.push(edge(
                        Kind::CreateLoginProfile,
                        "iam:CreateLoginProfile",
                        format!(
                            "{label} has no console password; {from} may set one and sign in to the console as {label}"
                        ),
                    ))
                }
                Some(_) if update && allows(self.org, p, "iam:UpdateLoginProfile", &arn, &empty) => {
                    out.push(edge(
                        Kind::UpdateLoginProfile,
                        "iam:UpdateLoginProfile",
                        format!(
                            "{from} may change {label}'s console password and sign in to the console as {label}"
                        ),
                    ))
                }
                _ => {}
            }
        }
    }

    /// A step to full power (as far as boundaries, SCPs and denies let it):
    /// the principal with `Allow * on *` added.
    fn power_edge(
        &self,
        p: &Principal<'_>,
        kind: Kind,
        action: &str,
        label: String,
        explain: String,
    ) -> Edge {
        let anything = with_policy(p, "any policy", &self.anything);
        Edge {
            kind,
            actions: strings(&[action]),
            target: Target::Power {
                key: format!("{}|{label}", kind.id()),
                bits: self.bits_of(&anything),
            },
            label,
            explain,
        }
    }

    /// Attaching or writing a policy on the principal itself.
    fn edit_self(&self, node: &Node, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
        let (attach, put, arn) = if node.role {
            (
                "iam:AttachRolePolicy",
                "iam:PutRolePolicy",
                p.role_arn.clone(),
            )
        } else {
            (
                "iam:AttachUserPolicy",
                "iam:PutUserPolicy",
                Some(p.arn.clone()),
            )
        };
        let Some(arn) = arn else { return };
        if may_allow(p, attach) {
            let mut ctx = Context::new();
            ctx.set_one("iam:PolicyARN", ADMIN_POLICY);
            if allows(self.org, p, attach, &arn, &ctx) {
                out.push(self.power_edge(
                    p,
                    Kind::AttachSelfPolicy,
                    attach,
                    "any policy".into(),
                    format!("{from} may attach any managed policy to {from}, AdministratorAccess included"),
                ));
            }
        }
        if may_allow(p, put) && allows(self.org, p, put, &arn, &Context::new()) {
            out.push(self.power_edge(
                p,
                Kind::PutSelfPolicy,
                put,
                "any policy".into(),
                format!("{from} may write an inline policy into {from} that allows anything"),
            ));
        }
    }

    /// Attaching or writing a policy on a group the user belongs to.
    fn edit_groups(&self, node: &Node, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
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
                out.push(self.power_edge(
                    p,
                    Kind::AttachGroupPolicy,
                    "iam:AttachGroupPolicy",
                    label.clone(),
                    format!(
                        "{from} is in group {} and may attach any managed policy to it, AdministratorAccess included",
                        group.name
                    ),
                ));
            }
            if put && allows(self.org, p, "iam:PutGroupPolicy", &arn, &Context::new()) {
                out.push(self.power_edge(
                    p,
                    Kind::PutGroupPolicy,
                    "iam:PutGroupPolicy",
                    label,
                    format!(
                        "{from} is in group {} and may write an inline policy into it that allows anything",
                        group.name
                    ),
                ));
            }
        }
    }

    /// New or other versions of customer managed policies the principal
    /// holds, directly or through a group.
    fn policy_versions(&self, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
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
                out.push(self.power_edge(
                    p,
                    Kind::CreatePolicyVersion,
                    "iam:CreatePolicyVersion",
                    label.clone(),
                    format!(
                        "{from} holds {} and may make a new default version of it that allows anything",
                        policy.name
                    ),
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
                out.push(Edge {
                    kind: Kind::SetDefaultPolicyVersion,
                    actions: strings(&["iam:SetDefaultPolicyVersion"]),
                    target: Target::Power {
                        key: format!("{}|{label}|{}", Kind::SetDefaultPolicyVersion.id(), v.id),
                        bits: self.bits_of(&q),
                    },
                    label: label.clone(),
                    explain: format!(
                        "{from} holds {} and may make its version {} the default instead of {}",
                        policy.name, v.id, policy.default_version
                    ),
                });
            }
        }
    }

    /// Joining another group of the account, to gain its policies.
    fn join_groups(&self, node: &Node, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
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
            out.push(Edge {
                kind: Kind::AddUserToGroup,
                actions: strings(&["iam:AddUserToGroup"]),
                target: Target::Power {
                    key: format!("{}|{label}", Kind::AddUserToGroup.id()),
                    bits: self.bits_of(&q),
                },
                label,
                explain: format!(
                    "{from} may add {from} to group {} and so gain its policies",
                    group.name
                ),
            });
        }
    }

    /// Rewriting a role's trust policy to name the principal, then assuming
    /// the role. Roles it may already assume are left to AssumeRole.
    fn rewrite_trust(&self, node: &Node, p: &Principal<'_>, from: &str, out: &mut Vec<Edge>) {
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
            if !eval::decide(p, &req, Some(rewritten)).is_allowed() {
                continue;
            }
            let label = self.name(&target);
            out.push(self.role_edge(
                acct,
                role,
                Kind::UpdateAssumeRolePolicy,
                strings(&["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"]),
                format!("{from} may rewrite {label}'s trust policy to let {from} in, then assume {label}"),
            ));
        }
    }
}
