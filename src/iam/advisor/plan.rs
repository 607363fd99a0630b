//! One plan for an account, decided before any rule writes a fix, so that
//! the fixes of different findings agree with each other and can be run
//! one after another, in the order `advise` prints them:
//!
//! - users that a fix deletes (a shared user, a machine user) get no other
//!   finding: deleting them settles the rest;
//! - which administrators stay administrators and how the others lose the
//!   power (admin-for-many), and the team group each of them joins first,
//!   so nobody is left with nothing on the way;
//! - where the policies attached straight to people go: an existing group
//!   that already holds them, else one group per team (by the `team` tag),
//!   else a group of the user's own; administrator policies go to one
//!   administrators' group and nowhere else;
//! - which inline policies are copies of one another, or of a customer
//!   managed policy, and so become (or use) one managed policy.
//!
//! Every fix is written to work on its own, and the same step in two fixes
//! is the same command, word for word: `advise` prints each command once,
//! at its first use (see `settle` in the module root).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::commands::{active_keys, camel};
use super::narrow::{Narrower, Use};
use super::people::looks_generic;
use super::policies::canonical;
use super::privilege;
use super::workloads;
use crate::iam::model::{Account, Org, PolicyDoc, User};
use crate::iam::policy::{Effect, Policy, PolicyKind};

pub const ADMINISTRATOR_ACCESS: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

/// A group that users' policies move to: one that exists, or one a fix
/// creates with these policies.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPlan {
    pub name: String,
    pub exists: bool,
    /// Managed policy ARNs to attach (for a new group: all of its policies).
    pub attach: Vec<String>,
    /// Inline policies to put, by name, as compact JSON.
    pub inline: Vec<(String, String)>,
}

/// How an administrator who is to step down loses the power.
#[derive(Debug, Clone, PartialEq)]
pub enum Removal {
    Detach(String),
    DeleteInline(String),
    LeaveGroup(String),
}

/// One managed policy that stands for several inline copies: an existing
/// customer managed policy, or one a fix creates from the first copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    pub name: String,
    pub arn: String,
    pub exists: bool,
    /// The document a fix creates it with (narrowed when the copies were
    /// broad), compact.
    pub text: String,
}

/// Where one user's own policies go.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Move {
    /// Index into `Plan::groups` of the group the user's other policies go
    /// to, if any are left after the administrator ones.
    pub home: Option<usize>,
    /// The user's administrator policies go: they join the administrators'
    /// group (kept administrators and users capped by a boundary).
    pub to_admins: bool,
    /// Managed policies (ARNs) that move.
    pub attached: Vec<String>,
    /// Inline policies that move: name and the document as it moves (made
    /// narrower when it was broad). Copies shared with other identities are
    /// in `shared` instead.
    pub inline: Vec<(String, String)>,
    /// Inline policies that become an attachment of a shared managed
    /// policy: the inline name and the key into `Plan::shared`.
    pub shared: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Lower-case names of users a fix deletes.
    pub doomed: BTreeSet<String>,
    /// Lower-case names of administrators, in the order the advisor would
    /// keep them (the first ones stay).
    pub admins: Vec<String>,
    /// Lower-case names of the administrators who stay.
    pub kept: BTreeSet<String>,
    /// Administrators who step down, by lower-case name.
    pub demotions: BTreeMap<String, Vec<Removal>>,
    /// The team group a demoted administrator joins first, if the team has one.
    pub demoted_home: BTreeMap<String, usize>,
    /// Users whose own policies move, by lower-case name.
    pub moves: BTreeMap<String, Move>,
    pub groups: Vec<GroupPlan>,
    /// The administrators' group, if any user's administrator policy moves.
    pub admins_group: Option<GroupPlan>,
    /// Shared managed policies by policy meaning (see `canonical`).
    pub shared: BTreeMap<String, Shared>,
    /// Who holds each inline policy that is shared: meaning -> holders as
    /// the learner names them (`john`, `group/Ops`, `role/App`).
    pub shared_holders: BTreeMap<String, Vec<String>>,
}

/// A document that allows every action on every resource with no condition.
pub fn grants_everything(policy: &Policy) -> bool {
    policy.statements.iter().any(|st| {
        st.effect == Effect::Allow
            && !st.action.negated
            && st.conditions.is_empty()
            && st.action.patterns.iter().any(|p| p.text == "*")
            && st
                .resource
                .as_ref()
                .is_some_and(|r| !r.negated && r.patterns.iter().any(|p| p.text == "*"))
    })
}

/// A managed policy (by ARN) that amounts to AdministratorAccess.
pub fn admin_arn(org: &Org, arn: &str) -> bool {
    arn == ADMINISTRATOR_ACCESS
        || org
            .managed_policy(arn)
            .is_some_and(|p| grants_everything(&p.default_doc().policy))
}

fn admin_doc(doc: &PolicyDoc) -> bool {
    grants_everything(&doc.policy)
}

/// The value of a user's `team` (or `job`, `department`) tag.
pub fn team_of(user: &User) -> Option<&str> {
    user.tags
        .iter()
        .find(|t| ["team", "job", "department"].contains(&t.key.to_ascii_lowercase().as_str()))
        .map(|t| t.value.as_str())
}

/// A group name not yet taken in the account nor by the plan.
fn free_group_name(account: &Account, taken: &BTreeSet<String>, base: &str) -> String {
    let mut name = base.to_string();
    let mut i = 2;
    while account.groups.contains_key(&name.to_ascii_lowercase())
        || taken.contains(&name.to_ascii_lowercase())
    {
        name = format!("{base}{i}");
        i += 1;
    }
    name
}

/// A customer managed policy name not yet taken.
fn free_policy_name(account: &Account, taken: &BTreeSet<String>, base: &str) -> String {
    let mut name = base.to_string();
    while account.policies.contains_key(&name.to_ascii_lowercase())
        || taken.contains(&name.to_ascii_lowercase())
    {
        name.push_str("Shared");
    }
    name
}

/// The users a fix deletes: shared users and machine users signing in with
/// a key (see the rules `shared-user` and `keys-on-workload`).
pub fn doomed_users(cx_org: &Org, account: &Account, unused_days: u32) -> BTreeSet<String> {
    account
        .users
        .iter()
        .filter(|(_, u)| {
            shared_by_name_or_keys(cx_org, u, unused_days) || workloads::is_workload_user(u)
        })
        .map(|(k, _)| k.clone())
        .collect()
}

/// The test of rule `shared-user`: a generic name, or two active keys both
/// used within the unused period.
pub fn shared_by_name_or_keys(org: &Org, user: &User, unused_days: u32) -> bool {
    looks_generic(&user.name) || recent_keys(org, user, unused_days) >= 2
}

pub fn recent_keys(org: &Org, user: &User, unused_days: u32) -> usize {
    active_keys(user)
        .filter(|k| {
            k.last_used
                .as_ref()
                .is_some_and(|l| org.now - l.date <= i64::from(unused_days) * 86_400)
        })
        .count()
}

/// The people of an account: users who can sign in to the console, or,
/// when nobody has a password (an account that signs in another way, or a
/// lesson's example), every user. Users a fix deletes are left out.
pub fn people<'a>(account: &'a Account, doomed: &BTreeSet<String>) -> Vec<&'a User> {
    let alive: Vec<&User> = account
        .users
        .iter()
        .filter(|(k, _)| !doomed.contains(*k))
        .map(|(_, u)| u)
        .collect();
    let with_password: Vec<&User> = alive
        .iter()
        .copied()
        .filter(|u| u.login_profile.is_some())
        .collect();
    if with_password.is_empty() {
        alive
    } else {
        with_password
    }
}

/// How many administrators may stay without the rule firing: one, or two
/// once two is no more than a third of the people.
pub fn admins_allowed(people: usize) -> usize {
    if people >= 6 { 2 } else { 1 }
}

/// Whether the advisor would keep `user` ahead of others: MFA first, then
/// membership of a group named for administrators, then a tag that names
/// the IT or security team, then the longest-standing user.
fn keep_rank(user: &User) -> (bool, bool, bool, i64, String) {
    let admin_group = user.groups.iter().any(|g| g.contains("admin"));
    let admin_tag = team_of(user).is_some_and(|t| {
        ["it", "admin", "admins", "security", "ops", "operations"]
            .contains(&t.to_ascii_lowercase().as_str())
    });
    (
        user.mfa_devices.is_empty(),
        !admin_group,
        !admin_tag,
        user.created,
        user.name.to_ascii_lowercase(),
    )
}

impl Plan {
    pub fn new(org: &Org, account: &Account, unused_days: u32) -> Plan {
        let mut plan = Plan {
            doomed: doomed_users(org, account, unused_days),
            ..Plan::default()
        };
        let narrower = Narrower::new(org, account);
        plan.plan_admins(org, account);
        plan.plan_shared(account, &narrower);
        plan.plan_moves(org, account, &narrower);
        plan
    }

    fn plan_admins(&mut self, org: &Org, account: &Account) {
        let people = people(account, &self.doomed);
        let mut admins: Vec<&User> = people
            .iter()
            .copied()
            .filter(|u| privilege::is_admin(org, &account.id, &u.name))
            .collect();
        admins.sort_by_key(|u| keep_rank(u));
        self.admins = admins.iter().map(|u| u.name.to_ascii_lowercase()).collect();
        let allowed = admins_allowed(people.len());
        let too_many = admins.len() >= 2 && admins.len() * 3 > people.len();
        let keep = if too_many { allowed } else { admins.len() };
        for (i, u) in admins.iter().enumerate() {
            let key = u.name.to_ascii_lowercase();
            if i < keep {
                self.kept.insert(key);
                continue;
            }
            let mut removals = Vec::new();
            for arn in &u.attached {
                if admin_arn(org, arn) {
                    removals.push(Removal::Detach(arn.clone()));
                }
            }
            for (name, doc) in &u.inline {
                if admin_doc(doc) {
                    removals.push(Removal::DeleteInline(name.clone()));
                }
            }
            for g in &u.groups {
                let Some(group) = account.groups.get(g) else {
                    continue;
                };
                let gives_admin = group.attached.iter().any(|a| admin_arn(org, a))
                    || group.inline.values().any(|d| admin_doc(d));
                if gives_admin {
                    removals.push(Removal::LeaveGroup(group.name.clone()));
                }
            }
            self.demotions.insert(key, removals);
        }
    }

    /// Inline policies that say the same thing as another inline policy or
    /// as a customer managed policy of the account, compared as the fixes
    /// leave them (narrowed when broad).
    fn plan_shared(&mut self, account: &Account, narrower: &Narrower) {
        let mut by_meaning: BTreeMap<String, Vec<(String, String, Arc<PolicyDoc>)>> =
            BTreeMap::new();
        let mut add = |holder: String, name: &str, doc: Arc<PolicyDoc>| {
            by_meaning.entry(canonical(&doc.policy)).or_default().push((
                holder,
                name.to_string(),
                doc,
            ));
        };
        for (key, u) in &account.users {
            if self.doomed.contains(key) {
                continue;
            }
            let evidence = user_evidence(u);
            for (name, doc) in &u.inline {
                if !admin_doc(doc) {
                    add(
                        u.name.clone(),
                        name,
                        narrower.effective(doc, Use::Read, &evidence),
                    );
                }
            }
        }
        for g in account.groups.values() {
            let evidence = group_evidence(account, &g.name, &self.doomed);
            for (name, doc) in &g.inline {
                if !admin_doc(doc) {
                    add(
                        format!("group/{}", g.name),
                        name,
                        narrower.effective(doc, Use::Read, &evidence),
                    );
                }
            }
        }
        for r in account.roles.values() {
            for (name, doc) in &r.inline {
                if !admin_doc(doc) {
                    add(
                        format!("role/{}", r.name),
                        name,
                        narrower.effective(doc, Use::Data, &[]),
                    );
                }
            }
        }
        let managed: BTreeMap<String, (&str, &str)> = account
            .policies
            .values()
            .map(|p| {
                (
                    canonical(&p.default_doc().policy),
                    (p.name.as_str(), p.arn.as_str()),
                )
            })
            .collect();
        let mut taken = BTreeSet::new();
        for (meaning, copies) in by_meaning {
            let mut holders: Vec<String> = copies.iter().map(|c| c.0.clone()).collect();
            holders.sort();
            holders.dedup();
            if let Some((name, arn)) = managed.get(&meaning) {
                self.shared.insert(
                    meaning.clone(),
                    Shared {
                        name: (*name).to_string(),
                        arn: (*arn).to_string(),
                        exists: true,
                        text: String::new(),
                    },
                );
                self.shared_holders.insert(meaning, holders);
                continue;
            }
            if holders.len() < 2 {
                continue;
            }
            let (_, first_name, first) = &copies[0];
            let name = free_policy_name(account, &taken, first_name);
            taken.insert(name.to_ascii_lowercase());
            self.shared.insert(
                meaning.clone(),
                Shared {
                    arn: format!("arn:aws:iam::{}:policy/{name}", account.id),
                    name,
                    exists: false,
                    text: first.text.clone(),
                },
            );
            self.shared_holders.insert(meaning, holders);
        }
    }

    fn plan_moves(&mut self, org: &Org, account: &Account, narrower: &Narrower) {
        // What each user with policies of their own moves.
        let mut pending: Vec<(String, Move)> = Vec::new();
        for (key, u) in &account.users {
            if self.doomed.contains(key) || (u.attached.is_empty() && u.inline.is_empty()) {
                continue;
            }
            let removed: &[Removal] = self.demotions.get(key).map_or(&[], Vec::as_slice);
            let mut mv = Move::default();
            let evidence = user_evidence(u);
            for arn in &u.attached {
                if removed.contains(&Removal::Detach(arn.clone())) {
                    continue;
                }
                if admin_arn(org, arn) {
                    mv.to_admins = true;
                } else {
                    mv.attached.push(arn.clone());
                }
            }
            for (name, doc) in &u.inline {
                if removed.contains(&Removal::DeleteInline(name.clone())) {
                    continue;
                }
                if admin_doc(doc) {
                    mv.to_admins = true;
                    continue;
                }
                let eff = narrower.effective(doc, Use::Read, &evidence);
                let meaning = canonical(&eff.policy);
                if self.shared.contains_key(&meaning) {
                    mv.shared.push((name.clone(), meaning));
                } else {
                    mv.inline.push((name.clone(), eff.text.clone()));
                }
            }
            pending.push((key.clone(), mv));
        }
        // Each user's set of policies, compared by meaning, decides who may
        // share a group: nobody gains a policy a teammate had alone.
        let set_of = |mv: &Move, shared: &BTreeMap<String, Shared>| -> String {
            let mut parts: Vec<String> = mv.attached.clone();
            parts.extend(mv.shared.iter().map(|(_, m)| shared[m].arn.clone()));
            parts.extend(mv.inline.iter().map(|(_, t)| meaning_of(t)));
            parts.sort();
            parts.dedup();
            parts.join("\n")
        };
        let mut taken: BTreeSet<String> = BTreeSet::new();
        // The set each team's group holds: the one most of its members
        // have (the first in name order on a tie).
        let mut team_sets: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (key, mv) in &pending {
            let movable = !(mv.attached.is_empty() && mv.inline.is_empty() && mv.shared.is_empty());
            if let (true, Some(t)) = (movable, team_of(&account.users[key.as_str()])) {
                *team_sets
                    .entry(t.to_ascii_lowercase())
                    .or_default()
                    .entry(set_of(mv, &self.shared))
                    .or_default() += 1;
            }
        }
        let team_choice: BTreeMap<String, String> = team_sets
            .into_iter()
            .map(|(t, sets)| {
                let best = sets
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(s, _)| s.clone())
                    .unwrap_or_default();
                (t, best)
            })
            .collect();
        let mut team_groups: BTreeMap<String, usize> = BTreeMap::new();
        for (key, mv) in &mut pending {
            if mv.attached.is_empty() && mv.inline.is_empty() && mv.shared.is_empty() {
                continue;
            }
            let shared_arns: Vec<String> = mv
                .shared
                .iter()
                .map(|(_, m)| self.shared[m].arn.clone())
                .collect();
            let meanings: Vec<String> = mv.inline.iter().map(|(_, t)| meaning_of(t)).collect();
            // An existing group that already holds everything the user moves.
            let existing = account.groups.values().find(|g| {
                mv.attached
                    .iter()
                    .chain(&shared_arns)
                    .all(|a| g.attached.contains(a))
                    && meanings
                        .iter()
                        .all(|m| g.inline.values().any(|d| &canonical(&d.policy) == m))
            });
            if let Some(g) = existing {
                self.groups.push(GroupPlan {
                    name: g.name.clone(),
                    exists: true,
                    attach: Vec::new(),
                    inline: Vec::new(),
                });
                mv.home = Some(self.groups.len() - 1);
                continue;
            }
            let user = &account.users[key.as_str()];
            let team = team_of(user)
                .map(str::to_ascii_lowercase)
                .filter(|t| team_choice.get(t) == Some(&set_of(mv, &self.shared)));
            let index = match team.as_ref().and_then(|t| team_groups.get(t)) {
                Some(&i) => i,
                None => {
                    let base = match &team {
                        Some(_) => format!("{}Team", camel(team_of(user).unwrap_or_default())),
                        None => format!("{}Group", camel(&user.name)),
                    };
                    let name = free_group_name(account, &taken, &base);
                    taken.insert(name.to_ascii_lowercase());
                    let mut attach = mv.attached.clone();
                    attach.extend(shared_arns.iter().cloned());
                    self.groups.push(GroupPlan {
                        name,
                        exists: false,
                        attach,
                        inline: mv.inline.clone(),
                    });
                    let i = self.groups.len() - 1;
                    if let Some(t) = team {
                        team_groups.insert(t, i);
                    }
                    i
                }
            };
            mv.home = Some(index);
        }
        // Administrators who step down join their team's group, if the
        // team has one, before they lose the power: they held everything,
        // so the team's policies are no gain.
        for key in self.demotions.keys() {
            let Some(u) = account.users.get(key) else {
                continue;
            };
            if let Some(i) = team_of(u).and_then(|t| team_groups.get(&t.to_ascii_lowercase())) {
                self.demoted_home.insert(key.clone(), *i);
            }
        }
        // The administrators' group: one that already gives
        // AdministratorAccess, else a new `Admins`.
        if pending.iter().any(|(_, mv)| mv.to_admins) {
            let existing = account
                .groups
                .values()
                .find(|g| g.attached.iter().any(|a| a == ADMINISTRATOR_ACCESS));
            self.admins_group = Some(match existing {
                Some(g) => GroupPlan {
                    name: g.name.clone(),
                    exists: true,
                    attach: Vec::new(),
                    inline: Vec::new(),
                },
                None => GroupPlan {
                    name: free_group_name(account, &taken, "Admins"),
                    exists: false,
                    attach: vec![ADMINISTRATOR_ACCESS.to_string()],
                    inline: Vec::new(),
                },
            });
        }
        self.moves = pending.into_iter().collect();
    }

    /// The commands that make a planned group exist with its policies.
    pub fn ensure_group(group: &GroupPlan, shared: &BTreeMap<String, Shared>) -> Vec<String> {
        let mut out = Vec::new();
        if group.exists {
            return out;
        }
        let n = &group.name;
        out.push(format!("aws iam create-group --group-name {n}"));
        for arn in &group.attach {
            if let Some(s) = shared.values().find(|s| &s.arn == arn) {
                out.extend(ensure_shared(s));
            }
            out.push(format!(
                "aws iam attach-group-policy --group-name {n} --policy-arn {arn}"
            ));
        }
        for (name, text) in &group.inline {
            out.push(format!(
                "aws iam put-group-policy --group-name {n} --policy-name {name} --policy-document {}",
                super::commands::quoted_policy(text)
            ));
        }
        out
    }
}

/// The command that creates a shared managed policy, unless it exists.
pub fn ensure_shared(s: &Shared) -> Vec<String> {
    if s.exists {
        return Vec::new();
    }
    vec![format!(
        "aws iam create-policy --policy-name {} --policy-document {}",
        s.name,
        super::commands::quoted_policy(&s.text)
    )]
}

/// The services a user's access keys were last used with: what the
/// advisor knows of the work the user does.
pub fn user_evidence(user: &User) -> Vec<String> {
    let mut services: Vec<String> = user
        .access_keys
        .iter()
        .filter_map(|k| k.last_used.as_ref().map(|l| l.service.to_ascii_lowercase()))
        .collect();
    services.sort();
    services.dedup();
    services
}

/// The same for a group: its members' keys (members a fix deletes left out).
pub fn group_evidence(account: &Account, group: &str, doomed: &BTreeSet<String>) -> Vec<String> {
    let key = group.to_ascii_lowercase();
    let mut services: Vec<String> = account
        .users
        .iter()
        .filter(|(k, u)| !doomed.contains(*k) && u.groups.contains(&key))
        .flat_map(|(_, u)| user_evidence(u))
        .collect();
    services.sort();
    services.dedup();
    services
}

/// The meaning (see `canonical`) of a compact identity policy.
fn meaning_of(text: &str) -> String {
    PolicyDoc::parse(text, PolicyKind::Identity)
        .map(|d| canonical(&d.policy))
        .unwrap_or_else(|_| text.to_string())
}
