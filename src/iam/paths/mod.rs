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
mod text;

pub use text::{all_to_text, path_text, to_text};

use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use super::model::{Caller, Org, PolicyDoc};
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
    let Some(node) = Node::of(from) else {
        return Vec::new();
    };
    let mut search = Search::new(org);
    match search.index.get(&node) {
        Some(&i) => search.paths(i),
        None => Vec::new(),
    }
}

/// Every user and role of every account that has at least one path, with
/// its paths, by the name learners use. The work of measuring each identity
/// is shared between all of them; a large organization is split over the
/// machine's cores, each part with its own measurements, and comes out the
/// same as on one thread.
pub fn all_paths(org: &Org) -> Vec<(String, Vec<Path>)> {
    let n = Node::all(org).len();
    let threads = if n >= PARALLEL_IDENTITIES {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        1
    };
    let part = |range: std::ops::Range<usize>| {
        let mut search = Search::new(org);
        let mut out = Vec::new();
        for i in range {
            let paths = search.paths(i);
            if !paths.is_empty() {
                out.push((search.names[i].clone(), paths));
            }
        }
        out
    };
    if threads <= 1 {
        return part(0..n);
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|from| scope.spawn(move || part(from..(from + chunk).min(n))))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a paths thread does not panic"))
            .collect()
    })
}

/// Below this many users and roles, `all_paths` runs on one thread:
/// starting threads, each measuring identities again, would cost more.
const PARALLEL_IDENTITIES: usize = 200;

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
            Caller::Root { .. } | Caller::Service(_) | Caller::Federated { .. } => None,
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
            Caller::role_session(&self.account, &self.key)
        } else {
            Caller::user_with_key(&self.account, &self.key)
        }
    }
}

/// Where a step leads.
#[derive(Debug, Clone)]
enum Target {
    /// Another identity, by its index, from which the search goes on.
    Identity(usize),
    /// More power for the same identity (a policy it can edit, a group it
    /// can join): the search ends there. `key` tells such ends apart, and
    /// `bits` is what the identity can do afterwards.
    Power {
        key: String,
        label: String,
        bits: Rc<Bits>,
    },
}

/// A step out of one identity, before it is known whose path it is on.
/// The sentence is written only for steps that end up in a path: a large
/// organization has millions of edges and far fewer paths.
#[derive(Debug, Clone)]
struct Edge {
    kind: Kind,
    actions: &'static [&'static str],
    /// What the sentence needs beyond the two ends: the instance profile,
    /// the group, the policy and its versions.
    detail: String,
    target: Target,
}

/// The steps out of one identity: to other identities, and to more power.
#[derive(Debug, Default)]
struct Out {
    identities: Vec<Edge>,
    powers: Vec<Edge>,
}

/// The state shared by searches over one organization: the identities, the
/// probes, and what each identity can do and where it can go, each worked
/// out once.
struct Search<'o> {
    org: &'o Org,
    nodes: Vec<Node>,
    /// The name learners use for each identity.
    names: Vec<String>,
    index: HashMap<Node, usize>,
    probes: Vec<Probe<'o>>,
    bits: Vec<Option<Rc<Bits>>>,
    edges: Vec<Option<Rc<Out>>>,
    /// `Allow * on *`: what a principal adds when it may edit its own
    /// policies.
    anything: Arc<PolicyDoc>,
}

/// The name learners use for an identity: `john`, `role/Deployer`, or the
/// full ARN outside the home account.
fn name(org: &Org, home: &str, node: &Node) -> String {
    let home = node.account == home;
    if node.role {
        match org.role(&node.account, &node.key) {
            Some(r) if home => format!("role/{}", r.name),
            Some(r) => r.arn(&node.account),
            None => format!("role/{}", node.key),
        }
    } else {
        match org.user(&node.account, &node.key) {
            Some(u) if home => u.name.clone(),
            Some(u) => u.arn(&node.account),
            None => node.key.clone(),
        }
    }
}

/// How a search reached an identity: from which identity, by which of its
/// edges.
#[derive(Debug, Clone, Copy)]
struct Via {
    parent: usize,
    edge: usize,
}

/// The identities from the start to `i`, the start first.
fn ancestors(via: &[Option<Via>], i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut at = i;
    while let Some(v) = via[at] {
        out.push(v.parent);
        at = v.parent;
    }
    out.reverse();
    out
}

impl<'o> Search<'o> {
    fn new(org: &'o Org) -> Self {
        let nodes = Node::all(org);
        let index = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        let home = org.accounts.keys().next().cloned().unwrap_or_default();
        Search {
            org,
            names: nodes.iter().map(|n| name(org, &home, n)).collect(),
            bits: vec![None; nodes.len()],
            edges: vec![None; nodes.len()],
            nodes,
            index,
            probes: gain::probes(org),
            anything: PolicyDoc::parse(
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
                PolicyKind::Identity,
            )
            .expect("a valid policy"),
        }
    }

    /// What an identity may do, over the probes.
    fn bits(&mut self, i: usize) -> Rc<Bits> {
        if let Some(b) = &self.bits[i] {
            return b.clone();
        }
        let caller = self.nodes[i].caller();
        let bits = Rc::new(match self.org.principal(&caller) {
            Ok(p) => gain::allowed(&p, &self.probes),
            Err(_) => Bits::empty(self.probes.len()),
        });
        self.bits[i] = Some(bits.clone());
        bits
    }

    /// What a principal may do with some change to its policies.
    fn bits_of(&self, p: &Principal<'_>) -> Rc<Bits> {
        Rc::new(gain::allowed(p, &self.probes))
    }

    /// The steps out of an identity.
    fn edges(&mut self, i: usize) -> Rc<Out> {
        if let Some(e) = &self.edges[i] {
            return e.clone();
        }
        let caller = self.nodes[i].caller();
        let out = Rc::new(match self.org.principal(&caller) {
            Ok(p) => self.edges_of(i, &p),
            Err(_) => Out::default(),
        });
        self.edges[i] = Some(out.clone());
        out
    }

    /// A step, written out for people.
    fn step(&self, from: usize, e: &Edge) -> Step {
        let from = self.names[from].clone();
        let target = match &e.target {
            Target::Identity(t) => self.names[*t].clone(),
            Target::Power { label, .. } => label.clone(),
        };
        Step {
            explain: edges::explain(e.kind, &from, &target, &e.detail),
            from,
            kind: e.kind,
            actions: e.actions.iter().map(|a| a.to_string()).collect(),
            target,
        }
    }

    /// The steps from the start to identity `i`.
    fn steps(&mut self, via: &[Option<Via>], i: usize) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut at = i;
        while let Some(v) = via[at] {
            let out = self.edges(v.parent);
            steps.push(self.step(v.parent, &out.identities[v.edge]));
            at = v.parent;
        }
        steps.reverse();
        steps
    }

    /// What `end` gains over the start, if it also gains over every
    /// identity on the way (a longer chain whose end some earlier identity
    /// already matches adds nothing). `on_the_way` runs from the start to
    /// the identity that takes the last step.
    fn gained(&mut self, on_the_way: &[usize], end: &Bits) -> Option<Vec<usize>> {
        let start = self.bits(on_the_way[0]);
        let gained = end.minus(&start);
        if gained.is_empty() {
            return None;
        }
        for &n in &on_the_way[1..] {
            if end.minus(&self.bits(n)).is_empty() {
                return None;
            }
        }
        Some(gained)
    }

    fn path(&self, steps: Vec<Step>, gained: &[usize], end: &Bits, power: bool) -> Path {
        let admin = end.is_full();
        let reaches = if power && admin {
            "administrator".into()
        } else {
            steps.last().map(|s| s.target.clone()).unwrap_or_default()
        };
        Path {
            steps,
            reaches,
            gains: gain::sample(&self.probes, gained, 5),
            admin,
        }
    }

    /// Breadth first from `start`: the first time a target is met is by its
    /// shortest chain. Identities reached are searched on from, unless they
    /// already have full power; other ends are not.
    fn paths(&mut self, start: usize) -> Vec<Path> {
        let n = self.nodes.len();
        let mut via: Vec<Option<Via>> = vec![None; n];
        let mut seen = vec![false; n];
        seen[start] = true;
        let mut unseen = n - 1;
        let mut ends: HashSet<String> = HashSet::new();
        let mut queue: VecDeque<(usize, usize)> = VecDeque::from([(start, 0)]);
        let mut out = Vec::new();
        while let Some((node, depth)) = queue.pop_front() {
            if depth >= MAX_DEPTH {
                continue;
            }
            let edges = self.edges(node);
            if edges.identities.is_empty() && edges.powers.is_empty() {
                continue;
            }
            if depth > 0 && self.bits(node).is_full() {
                continue;
            }
            if unseen > 0 {
                for (k, e) in edges.identities.iter().enumerate() {
                    let Target::Identity(t) = e.target else {
                        continue;
                    };
                    if seen[t] {
                        continue;
                    }
                    seen[t] = true;
                    unseen -= 1;
                    via[t] = Some(Via {
                        parent: node,
                        edge: k,
                    });
                    queue.push_back((t, depth + 1));
                    let end = self.bits(t);
                    if let Some(g) = self.gained(&ancestors(&via, node), &end) {
                        let steps = self.steps(&via, t);
                        out.push(self.path(steps, &g, &end, false));
                    }
                }
            }
            for e in &edges.powers {
                let Target::Power { key, bits, .. } = &e.target else {
                    continue;
                };
                if ends.contains(key) {
                    continue;
                }
                ends.insert(key.clone());
                if let Some(g) = self.gained(&ancestors(&via, node), bits) {
                    let mut steps = self.steps(&via, node);
                    steps.push(self.step(node, e));
                    out.push(self.path(steps, &g, bits, true));
                }
            }
        }
        out.sort_by(|a, b| {
            (!a.admin, a.steps.len(), &a.reaches).cmp(&(!b.admin, b.steps.len(), &b.reaches))
        });
        out
    }
}
