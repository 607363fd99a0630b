//! Privilege escalation paths: the ways a principal can gain power it does
//! not have, each shown as a chain of steps.
//!
//! Every decision comes from the evaluator, so conditions, permissions
//! boundaries, service control policies and explicit denies all count. A
//! step is an escalation only when its end can do something the start
//! cannot; what each identity can do is measured once, over a fixed list of
//! probe requests (see `gain`), and shared by every search.

mod edges;
mod gain;

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use super::model::{Auth, Caller, Org, PolicyDoc};
use super::policy::PolicyKind;
use super::principal::Principal;
use gain::{Bits, Probe};

/// The ways a principal can take more power than it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// iam:PassRole on R and ec2:RunInstances: R trusts EC2 and an instance
    /// profile holds R (or the caller may make one that does).
    PassRoleToEc2,
    /// iam:PassRole on R, lambda:CreateFunction and lambda:InvokeFunction:
    /// R trusts Lambda.
    PassRoleToLambda,
    /// sts:AssumeRole on R, allowed by the caller's policies and R's trust
    /// policy together, as STS decides it.
    AssumeRole,
    /// iam:CreateAccessKey on another user.
    CreateAccessKey,
    /// iam:CreateLoginProfile on a user without a console password.
    CreateLoginProfile,
    /// iam:UpdateLoginProfile on a user with a console password.
    UpdateLoginProfile,
    /// iam:AttachUserPolicy or iam:AttachRolePolicy on itself.
    AttachSelfPolicy,
    /// iam:PutUserPolicy or iam:PutRolePolicy on itself.
    PutSelfPolicy,
    /// iam:AttachGroupPolicy on a group it belongs to.
    AttachGroupPolicy,
    /// iam:PutGroupPolicy on a group it belongs to.
    PutGroupPolicy,
    /// iam:CreatePolicyVersion on a customer managed policy it holds.
    CreatePolicyVersion,
    /// iam:SetDefaultPolicyVersion on a policy it holds that has another,
    /// broader version.
    SetDefaultPolicyVersion,
    /// iam:AddUserToGroup on a group it is not in (users only).
    AddUserToGroup,
    /// iam:UpdateAssumeRolePolicy on R, then sts:AssumeRole on R.
    UpdateAssumeRolePolicy,
}

impl Kind {
    pub const ALL: &[Kind] = &[
        Kind::PassRoleToEc2,
        Kind::PassRoleToLambda,
        Kind::AssumeRole,
        Kind::CreateAccessKey,
        Kind::CreateLoginProfile,
        Kind::UpdateLoginProfile,
        Kind::AttachSelfPolicy,
        Kind::PutSelfPolicy,
        Kind::AttachGroupPolicy,
        Kind::PutGroupPolicy,
        Kind::CreatePolicyVersion,
        Kind::SetDefaultPolicyVersion,
        Kind::AddUserToGroup,
        Kind::UpdateAssumeRolePolicy,
    ];

    /// A stable name for files and JSON: `pass-role-to-ec2`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::PassRoleToEc2 => "pass-role-to-ec2",
            Kind::PassRoleToLambda => "pass-role-to-lambda",
            Kind::AssumeRole => "assume-role",
            Kind::CreateAccessKey => "create-access-key",
            Kind::CreateLoginProfile => "create-login-profile",
            Kind::UpdateLoginProfile => "update-login-profile",
            Kind::AttachSelfPolicy => "attach-self-policy",
            Kind::PutSelfPolicy => "put-self-policy",
            Kind::AttachGroupPolicy => "attach-group-policy",
            Kind::PutGroupPolicy => "put-group-policy",
            Kind::CreatePolicyVersion => "create-policy-version",
            Kind::SetDefaultPolicyVersion => "set-default-policy-version",
            Kind::AddUserToGroup => "add-user-to-group",
            Kind::UpdateAssumeRolePolicy => "update-assume-role-policy",
        }
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            Kind::PassRoleToEc2 => "Pass a role to an EC2 instance",
            Kind::PassRoleToLambda => "Pass a role to a Lambda function",
            Kind::AssumeRole => "Assume a role",
            Kind::CreateAccessKey => "Create another user's access key",
            Kind::CreateLoginProfile => "Give another user a console password",
            Kind::UpdateLoginProfile => "Change another user's console password",
            Kind::AttachSelfPolicy => "Attach a managed policy to oneself",
            Kind::PutSelfPolicy => "Write an inline policy for oneself",
            Kind::AttachGroupPolicy => "Attach a managed policy to one's group",
            Kind::PutGroupPolicy => "Write an inline policy for one's group",
            Kind::CreatePolicyVersion => "Write a new version of a policy one holds",
            Kind::SetDefaultPolicyVersion => "Switch a policy one holds to another version",
            Kind::AddUserToGroup => "Join a more powerful group",
            Kind::UpdateAssumeRolePolicy => "Rewrite a role's trust policy",
        }
    }
}

/// One move from one identity to more power.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The principal as learners name it: `john`, `role/Deployer` (a full
    /// ARN outside the organization's first account).
    pub from: String,
    pub kind: Kind,
    /// The allowed actions that make the step.
    pub actions: Vec<String>,
    /// What it reaches: `role/AdminRole`, `sarah`, `group/Admins`,
    /// `policy/X`, or `any policy` for edits of one's own policies.
    pub target: String,
    /// One sentence saying how.
    pub explain: String,
}

/// A chain of steps that ends with more power than the start had.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub steps: Vec<Step>,
    /// The identity reached, or `administrator` when the end has full power
    /// without being another identity (edits of one's own policies).
    pub reaches: String,
    /// Up to five requests the end may make and the start may not, most
    /// sensitive first: `iam:CreateUser`, or `s3:GetObject on arn:...`.
    pub gains: Vec<String>,
    /// The end is allowed every probe request: full power.
    pub admin: bool,
}

/// The longest chain searched for.
pub const MAX_DEPTH: usize = 5;

/// The escalation paths of one principal: for each thing it can reach, the
/// shortest chain, found breadth first without revisiting an identity. A
/// root user or a service has none; so has a caller that does not resolve.
/// A role session's own session policies are not taken into account: the
/// search starts from the role.
pub fn paths_from(org: &Org, from: &Caller) -> Vec<Path> {
    match Node::of(from) {
        Some(node) if org.principal(from).is_ok() => Search::new(org).paths(&node),
        _ => Vec::new(),
    }
}

/// Every user and role of every account that has at least one path, with
/// its paths, by the name learners use. The work of measuring each identity
/// is shared between all of them.
pub fn all_paths(org: &Org) -> Vec<(String, Vec<Path>)> {
    let mut search = Search::new(org);
    let mut out = Vec::new();
    for node in Node::all(org) {
        let paths = search.paths(&node);
        if !paths.is_empty() {
            out.push((search.name(&node), paths));
        }
    }
    out
}

/// A user or role, by account and lower-case name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Node {
    account: String,
    role: bool,
    key: String,
}

impl Node {
    fn of(caller: &Caller) -> Option<Node> {
        match caller {
            Caller::User { account, user, .. } => Some(Node::user(account, user)),
            Caller::RoleSession { account, role, .. } => Some(Node::role(account, role)),
            Caller::Root { .. } | Caller::Service(_) => None,
        }
    }

    fn user(account: &str, name: &str) -> Node {
        Node {
            account: account.to_string(),
            role: false,
            key: name.to_ascii_lowercase(),
        }
    }

    fn role(account: &str, name: &str) -> Node {
        Node {
            account: account.to_string(),
            role: true,
            key: name.to_ascii_lowercase(),
        }
    }

    fn all(org: &Org) -> Vec<Node> {
        let mut out = Vec::new();
        for (id, account) in &org.accounts {
            out.extend(account.users.keys().map(|k| Node::user(id, k)));
            out.extend(account.roles.keys().map(|k| Node::role(id, k)));
        }
        out
    }

    fn caller(&self) -> Caller {
        if self.role {
            Caller::RoleSession {
                account: self.account.clone(),
                role: self.key.clone(),
                session_name: "iamtutor".into(),
                policy: None,
                policy_arns: Vec::new(),
                mfa: false,
                tags: Vec::new(),
            }
        } else {
            Caller::User {
                account: self.account.clone(),
                user: self.key.clone(),
                auth: Auth::AccessKey,
            }
        }
    }
}

/// Where a step leads.
#[derive(Debug, Clone)]
enum Target {
    /// Another identity, from which the search goes on.
    Identity(Node),
    /// More power for the same identity (a policy it can edit, a group it
    /// can join): the search ends there. `key` tells such ends apart, and
    /// `bits` is what the identity can do afterwards.
    Power { key: String, bits: Rc<Bits> },
}

/// A step out of one identity, before it is known whose path it is on.
#[derive(Debug, Clone)]
struct Edge {
    kind: Kind,
    actions: Vec<String>,
    label: String,
    explain: String,
    target: Target,
}

/// The state shared by searches over one organization: the probes, and
/// what each identity can do and where it can go, each worked out once.
struct Search<'o> {
    org: &'o Org,
    /// The account whose users and roles go by their bare names.
    home: String,
    probes: Vec<Probe<'o>>,
    bits: HashMap<Node, Rc<Bits>>,
    edges: HashMap<Node, Rc<Vec<Edge>>>,
    /// `Allow * on *`: what a principal adds when it may edit its own
    /// policies.
    anything: Arc<PolicyDoc>,
}

impl<'o> Search<'o> {
    fn new(org: &'o Org) -> Self {
        Search {
            org,
            home: org.accounts.keys().next().cloned().unwrap_or_default(),
            probes: gain::probes(org),
            bits: HashMap::new(),
            edges: HashMap::new(),
            anything: PolicyDoc::parse(
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
                PolicyKind::Identity,
            )
            .expect("a valid policy"),
        }
    }

    /// The name learners use for an identity.
    fn name(&self, node: &Node) -> String {
        let home = node.account == self.home;
        if node.role {
            match self.org.role(&node.account, &node.key) {
                Some(r) if home => format!("role/{}", r.name),
                Some(r) => r.arn(&node.account),
                None => format!("role/{}", node.key),
            }
        } else {
            match self.org.user(&node.account, &node.key) {
                Some(u) if home => u.name.clone(),
                Some(u) => u.arn(&node.account),
                None => node.key.clone(),
            }
        }
    }

    /// What an identity may do, over the probes.
    fn bits(&mut self, node: &Node) -> Rc<Bits> {
        if let Some(b) = self.bits.get(node) {
            return b.clone();
        }
        let caller = node.caller();
        let bits = Rc::new(match self.org.principal(&caller) {
            Ok(p) => gain::allowed(&p, &self.probes),
            Err(_) => Bits::empty(self.probes.len()),
        });
        self.bits.insert(node.clone(), bits.clone());
        bits
    }

    /// What a principal may do with some change to its policies.
    fn bits_of(&self, p: &Principal<'_>) -> Rc<Bits> {
        Rc::new(gain::allowed(p, &self.probes))
    }

    /// The steps out of an identity.
    fn edges(&mut self, node: &Node) -> Rc<Vec<Edge>> {
        if let Some(e) = self.edges.get(node) {
            return e.clone();
        }
        let caller = node.caller();
        let edges = Rc::new(match self.org.principal(&caller) {
            Ok(p) => self.edges_of(node, &p),
            Err(_) => Vec::new(),
        });
        self.edges.insert(node.clone(), edges.clone());
        edges
    }

    /// Breadth first from `start`: the first time a target is met is by its
    /// shortest chain. Identities reached are searched on from; other ends
    /// are not.
    fn paths(&mut self, start: &Node) -> Vec<Path> {
        let mut seen: HashSet<Node> = HashSet::from([start.clone()]);
        let mut ends: HashSet<String> = HashSet::new();
        // Each entry: an identity, the steps to it, and what each identity
        // before it on the chain (the start first) can do.
        let mut queue: VecDeque<(Node, Vec<Step>, Vec<Rc<Bits>>)> =
            VecDeque::from([(start.clone(), Vec::new(), Vec::new())]);
        let mut out = Vec::new();
        while let Some((node, chain, mut before)) = queue.pop_front() {
            if chain.len() >= MAX_DEPTH {
                continue;
            }
            let edges = self.edges(&node);
            if edges.is_empty() {
                continue;
            }
            let here = self.bits(&node);
            // From full power there is nothing more to take.
            if !chain.is_empty() && here.is_full() {
                continue;
            }
            before.push(here);
            let from = self.name(&node);
            for e in edges.iter() {
                let (end_bits, reaches) = match &e.target {
                    Target::Identity(n) => {
                        if !seen.insert(n.clone()) {
                            continue;
                        }
                        (self.bits(n), e.label.clone())
                    }
                    Target::Power { key, bits } => {
                        if !ends.insert(key.clone()) {
                            continue;
                        }
                        (bits.clone(), String::new())
                    }
                };
                let mut steps = chain.clone();
                steps.push(Step {
                    from: from.clone(),
                    kind: e.kind,
                    actions: e.actions.clone(),
                    target: e.label.clone(),
                    explain: e.explain.clone(),
                });
                if let Target::Identity(n) = &e.target {
                    queue.push_back((n.clone(), steps.clone(), before.clone()));
                }
                // An escalation gains over the start; and a longer chain is
                // worth showing only if its end has something that no
                // identity on the way already had.
                let gained = end_bits.minus(&before[0]);
                if gained.is_empty() || before[1..].iter().any(|b| end_bits.minus(b).is_empty()) {
                    continue;
                }
                let admin = end_bits.is_full();
                out.push(Path {
                    steps,
                    reaches: if !reaches.is_empty() {
                        reaches
                    } else if admin {
                        "administrator".into()
                    } else {
                        e.label.clone()
                    },
                    gains: gain::sample(&self.probes, &gained, 5),
                    admin,
                });
            }
        }
        out.sort_by(|a, b| {
            (!a.admin, a.steps.len(), &a.reaches).cmp(&(!b.admin, b.steps.len(), &b.reaches))
        });
        out
    }
}

/// One principal's paths as the sandbox's `paths NAME` prints them: each as
/// a chain, its numbered steps and what it gains. Minimal, added on the
/// content branch for the shell; the paths owner may replace it.
pub fn to_text(name: &str, paths: &[Path]) -> String {
    if paths.is_empty() {
        return format!("No escalation paths from {name}.\n");
    }
    paths.iter().map(path_text).collect::<Vec<_>>().join("\n")
}

/// Everyone's paths, as `paths` with no name prints them.
pub fn all_to_text(all: &[(String, Vec<Path>)]) -> String {
    if all.iter().all(|(_, p)| p.is_empty()) {
        return "No escalation paths in this organization.\n".into();
    }
    all.iter()
        .flat_map(|(_, ps)| ps.iter().map(path_text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn path_text(path: &Path) -> String {
    let from = path.steps.first().map_or("", |s| s.from.as_str());
    let mut chain = vec![from.to_string()];
    chain.extend(path.steps.iter().map(|s| s.target.clone()));
    if path.reaches != path.steps.last().map_or("", |s| s.target.as_str()) {
        chain.push(path.reaches.clone());
    }
    let mut out = chain.join(" -> ");
    if path.admin {
        out.push_str("  (administrator)");
    }
    out.push('\n');
    for (i, s) in path.steps.iter().enumerate() {
        out.push_str(&format!(
            "  {}. {}   [{}]\n",
            i + 1,
            s.explain,
            s.actions.join(", ")
        ));
    }
    out.push_str(&format!("     gains: {}\n", path.gains.join(", ")));
    out
}
