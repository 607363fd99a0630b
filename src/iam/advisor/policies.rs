//! Where permissions live and how wide they are: policies on users instead
//! of groups, one inline policy copied onto several identities (or written
//! out instead of attaching the managed policy that says the same), and
//! customer-written statements that allow a whole service on everything.

use std::sync::Arc;

use super::commands::{count, policy_entity, quoted_policy};
use super::narrow::Use;
use super::plan::{self, ADMINISTRATOR_ACCESS, Plan, Removal, admin_arn, grants_everything};
use super::{Finding, Rule, Scan, Severity};
use crate::iam::model::{Account, ManagedPolicy, PolicyDoc, User};
use crate::iam::policy::{Effect, Policy, Statement};

/// Rule `direct-policies`: a user holding managed or inline policies of its
/// own. The fix moves them to the group `plan` chose (an existing group that
/// already holds them, the team's group, or one of the user's own), and an
/// administrator's policy to the administrators' group; then it takes them
/// off the user. A policy that admin-for-many's fix takes away is not
/// moved, and a user whose only policies those are has no finding here.
pub(super) fn direct_policies(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for (key, user) in &cx.account.users {
        if user.attached.is_empty() && user.inline.is_empty() || cx.doomed(&user.name) {
            continue;
        }
        let fix = move_to_groups(cx, key, user);
        if fix.is_empty() {
            continue;
        }
        let mut f = Finding::new(
            Rule::DirectPolicies,
            &cx.account.id,
            vec![user.name.clone()],
        );
        let total = user.attached.len() + user.inline.len();
        f.summary = format!(
            "{} has {} attached directly instead of through a group",
            user.name,
            count(total, "policy", "policies")
        );
        let mut why = "Permissions given person by person drift apart: nobody can say what a job needs, and someone who changes job keeps the old access. A group per job gives its members the same policies, and moving a person is one command.".to_string();
        let mv = &cx.plan.moves[key];
        if let Some(g) = mv.home.map(|i| &cx.plan.groups[i]) {
            why.push_str(&format!(" The fix moves them to {}", g.name));
            if g.exists {
                why.push_str(", which already holds them");
            } else if plan::team_of(user).is_some() && g.name.ends_with("Team") {
                why.push_str(", the group of the user's team");
            }
            why.push('.');
        }
        if mv.to_admins
            && let Some(g) = &cx.plan.admins_group
        {
            why.push_str(&format!(
                " AdministratorAccess goes to {}, the one group for administrators, and to no other group.",
                g.name
            ));
        }
        if cx.plan.demotions.get(key).is_some_and(|r| !r.is_empty()) {
            why.push_str(&format!(
                " {}'s AdministratorAccess does not move: the admin-for-many fix takes it away.",
                user.name
            ));
        }
        f.why = why;
        f.fix = fix;
        out.push(f);
    }
}

/// The fix of direct-policies for one user: give (groups and memberships)
/// first, then take. Empty when nothing is left to move.
pub(super) fn move_to_groups(cx: &Scan<'_>, key: &str, user: &User) -> Vec<String> {
    let plan = cx.plan;
    let Some(mv) = plan.moves.get(key) else {
        return Vec::new();
    };
    let removed: &[Removal] = plan.demotions.get(key).map_or(&[], Vec::as_slice);
    let n = &user.name;
    let mut fix = Vec::new();
    let member = |g: &str| user.groups.iter().any(|m| m.eq_ignore_ascii_case(g));
    if mv.to_admins
        && let Some(g) = &plan.admins_group
    {
        fix.extend(Plan::ensure_group(g, &plan.shared));
        if !member(&g.name) {
            fix.push(format!(
                "aws iam add-user-to-group --group-name {} --user-name {n}",
                g.name
            ));
        }
    }
    if let Some(g) = mv.home.map(|i| &plan.groups[i]) {
        fix.extend(Plan::ensure_group(g, &plan.shared));
        if !member(&g.name) {
            fix.push(format!(
                "aws iam add-user-to-group --group-name {} --user-name {n}",
                g.name
            ));
        }
    }
    let mut take = Vec::new();
    for arn in &user.attached {
        if !removed.contains(&Removal::Detach(arn.clone())) {
            take.push(format!(
                "aws iam detach-user-policy --user-name {n} --policy-arn {arn}"
            ));
        }
    }
    for name in user.inline.keys() {
        if !removed.contains(&Removal::DeleteInline(name.clone())) {
            take.push(format!(
                "aws iam delete-user-policy --user-name {n} --policy-name {name}"
            ));
        }
    }
    if take.is_empty() {
        return Vec::new();
    }
    fix.extend(take);
    fix
}

/// A policy's meaning as a string: statements in order, with each list of
/// actions, resources and condition values sorted and action names lower
/// case (IAM compares them ignoring case). Positions, Sids and the layout
/// of the text are left out, so two copies typed differently compare equal.
pub(super) fn canonical(policy: &Policy) -> String {
    let mut s = format!("{:?};", policy.version);
    for st in &policy.statements {
        s.push_str(&statement_key(st));
        s.push('|');
    }
    s
}

fn statement_key(st: &Statement) -> String {
    let mut actions: Vec<String> = st
        .action
        .patterns
        .iter()
        .map(|p| p.text.to_ascii_lowercase())
        .collect();
    actions.sort();
    actions.dedup();
    let resources = st.resource.as_ref().map(|r| {
        let mut v: Vec<&str> = r.patterns.iter().map(|p| p.text.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        (r.negated, v)
    });
    let mut conditions: Vec<String> = st
        .conditions
        .iter()
        .map(|c| {
            let mut values = c.values.clone();
            values.sort();
            format!(
                "{}:{}={values:?}",
                c.operator.name,
                c.key.to_ascii_lowercase()
            )
        })
        .collect();
    conditions.sort();
    format!(
        "{:?} {:?} {}{actions:?} {resources:?} {conditions:?}",
        st.effect, st.principal, st.action.negated
    )
}

/// One inline policy and who holds it.
struct Inline<'a> {
    /// The holder as the learner names it: `john`, `group/Devs`, `role/App`.
    entity: String,
    /// `user`, `group` or `role`: the word in the CLI's command names.
    kind: &'static str,
    holder: &'a str,
    name: &'a str,
    doc: &'a Arc<PolicyDoc>,
}

fn inlines(account: &Account) -> Vec<Inline<'_>> {
    // (kind, how the learner names the holder, its name, its inline policies)
    let users = account
        .users
        .values()
        .map(|u| ("user", u.name.clone(), &u.name, &u.inline));
    let groups = account
        .groups
        .values()
        .map(|g| ("group", format!("group/{}", g.name), &g.name, &g.inline));
    let roles = account
        .roles
        .values()
        .map(|r| ("role", format!("role/{}", r.name), &r.name, &r.inline));
    let mut out = Vec::new();
    for (kind, entity, holder, inline) in users.chain(groups).chain(roles) {
        for (name, doc) in inline {
            out.push(Inline {
                entity: entity.clone(),
                kind,
                holder,
                name,
                doc,
            });
        }
    }
    out
}

/// The meaning of an inline policy as the fixes leave it: narrowed for
/// its holder when broad (see `narrow`), then made canonical.
fn meaning(cx: &Scan<'_>, i: &Inline<'_>) -> String {
    let (usage, evidence) = match i.kind {
        "user" => (
            Use::Read,
            cx.account
                .users
                .get(&i.holder.to_ascii_lowercase())
                .map(plan::user_evidence)
                .unwrap_or_default(),
        ),
        "group" => (
            Use::Read,
            plan::group_evidence(cx.account, i.holder, &cx.plan.doomed),
        ),
        _ => (Use::Data, Vec::new()),
    };
    canonical(&cx.narrower.effective(i.doc, usage, &evidence).policy)
}

/// Rule `inline-duplicated`: an inline policy that says the same as another
/// inline policy of the account, or as one of its customer managed
/// policies, compared by meaning (see [`canonical`]). The fix makes one
/// customer managed policy of the copies (or uses the one that exists),
/// attaches it where the copies were (for a user: to the group `plan`
/// moves the user's policies to), then deletes the copies.
pub(super) fn inline_duplicated(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let all: Vec<Inline<'_>> = inlines(cx.account)
        .into_iter()
        .filter(|i| !(i.kind == "user" && cx.doomed(i.holder)))
        .collect();
    for (m, holders) in &cx.plan.shared_holders {
        let shared = &cx.plan.shared[m];
        let copies: Vec<&Inline<'_>> = all.iter().filter(|i| &meaning(cx, i) == m).collect();
        if copies.is_empty() {
            continue;
        }
        let mut f = Finding::new(Rule::InlineDuplicated, &cx.account.id, holders.clone());
        if shared.exists {
            f.summary = format!(
                "{} {} an inline copy of the customer managed policy {}",
                holders.join(", "),
                if holders.len() == 1 { "holds" } else { "hold" },
                shared.name
            );
            f.why = format!(
                "The account already has this policy as {}. A copy written out inline drifts: a change to the managed policy never reaches it, and `list-entities-for-policy` does not show who holds it. Attach the managed policy instead, then delete the copy.",
                shared.name
            );
        } else {
            f.summary = format!(
                "{} identities hold copies of the same inline policy: {}",
                holders.len(),
                holders.join(", ")
            );
            f.why = format!(
                "Copies drift: a change made to one is forgotten on the others, and nobody can list who holds the policy. One customer managed policy, {}, attached where it is needed, is changed once and has versions to roll back to.",
                shared.name
            );
        }
        f.fix.extend(plan::ensure_shared(shared));
        for i in copies {
            let (kind, holder) = (i.kind, i.holder);
            if kind == "user" {
                let key = holder.to_ascii_lowercase();
                let user = &cx.account.users[&key];
                if let Some(g) = cx.plan.moves.get(&key).and_then(|mv| mv.home) {
                    let g = &cx.plan.groups[g];
                    f.fix.extend(Plan::ensure_group(g, &cx.plan.shared));
                    if !user.groups.iter().any(|m| m.eq_ignore_ascii_case(&g.name)) {
                        f.fix.push(format!(
                            "aws iam add-user-to-group --group-name {} --user-name {holder}",
                            g.name
                        ));
                    }
                }
            } else {
                f.fix.push(format!(
                    "aws iam attach-{kind}-policy --{kind}-name {holder} --policy-arn {}",
                    shared.arn
                ));
            }
            f.fix.push(format!(
                "aws iam delete-{kind}-policy --{kind}-name {holder} --policy-name {}",
                i.name
            ));
        }
        out.push(f);
    }
}

/// The wildcard a statement allows on every resource: `*` itself or a whole
/// service such as `s3:*`. Only plain Allow statements with `Action` (not
/// `NotAction`) and `"Resource": "*"` count, and `*` only without a
/// condition (a conditioned `*` is a deliberate administrator's policy,
/// which admin-for-many judges).
fn broad_action(st: &Statement) -> Option<&str> {
    if st.effect != Effect::Allow || st.action.negated {
        return None;
    }
    let every_resource = st
        .resource
        .as_ref()
        .is_some_and(|r| !r.negated && r.patterns.iter().any(|p| p.text == "*"));
    if !every_resource {
        return None;
    }
    st.action
        .patterns
        .iter()
        .find(|p| {
            (p.text == "*" && st.conditions.is_empty())
                || (p.service.is_some() && p.text.ends_with(":*"))
        })
        .map(|p| p.text.as_str())
}

/// High for everything and for IAM (which gives every other permission),
/// medium for any other service.
fn wildcard_severity(action: &str) -> Severity {
    if action == "*" || action.eq_ignore_ascii_case("iam:*") {
        Severity::High
    } else {
        Severity::Medium
    }
}

/// Rule `broad-wildcard`: a policy someone in the account wrote (inline, or
/// customer managed and attached; AWS managed policies are AWS's business,
/// and a policy used only as a permissions boundary is a ceiling, broad by
/// design) that allows `*` or `service:*` on `*`. The fix rewrites it
/// narrowed (see `narrow`): inline in place, managed as a new default
/// version. An administrator's policy (`*` on `*`) on a user is left to the
/// administrator rules; on a group or a role it is replaced by
/// AdministratorAccess, which `list-entities-for-policy` can find.
pub(super) fn broad_wildcard(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for i in inlines(cx.account) {
        let Some(action) = i.doc.policy.statements.iter().find_map(broad_action) else {
            continue;
        };
        if i.kind == "user" && (cx.doomed(i.holder) || grants_everything(&i.doc.policy)) {
            continue;
        }
        let mut f = Finding::new(Rule::BroadWildcard, &cx.account.id, vec![i.entity.clone()]);
        f.severity = wildcard_severity(action);
        f.summary = format!(
            "inline policy {} of {} allows {action} on every resource",
            i.name, i.entity
        );
        let users: Vec<&User> = match i.kind {
            "user" => cx
                .account
                .users
                .get(&i.holder.to_ascii_lowercase())
                .into_iter()
                .collect(),
            "group" => members(cx.account, i.holder)
                .into_iter()
                .filter(|u| !cx.doomed(&u.name))
                .collect(),
            _ => Vec::new(),
        };
        let (kind, holder, name) = (i.kind, i.holder, i.name);
        if grants_everything(&i.doc.policy) {
            f.why = why_admin();
            f.fix.push(format!(
                "aws iam attach-{kind}-policy --{kind}-name {holder} --policy-arn {ADMINISTRATOR_ACCESS}"
            ));
            f.fix.push(format!(
                "aws iam delete-{kind}-policy --{kind}-name {holder} --policy-name {name}"
            ));
            out.push(f);
            continue;
        }
        let usage = if kind == "role" { Use::Data } else { Use::Read };
        let evidence = evidence_of(&users);
        let Some(narrowed) = cx.narrower.narrow(&i.doc.text, usage, &evidence) else {
            continue;
        };
        f.why = why_broad(action, &users, usage);
        f.fix.push(format!(
            "aws iam put-{kind}-policy --{kind}-name {holder} --policy-name {name} --policy-document {}",
            quoted_policy(&narrowed)
        ));
        out.push(f);
    }
    for p in cx.account.policies.values() {
        let Some(action) = p
            .default_doc()
            .policy
            .statements
            .iter()
            .find_map(broad_action)
        else {
            continue;
        };
        let holders = Holders::of(cx, p);
        if holders.is_empty() {
            continue;
        }
        let mut entities = vec![policy_entity(&p.arn)];
        entities.extend(holders.users.iter().map(|u| u.name.clone()));
        entities.extend(holders.groups.iter().map(|g| format!("group/{g}")));
        entities.extend(holders.roles.iter().map(|r| format!("role/{r}")));
        let mut f = Finding::new(Rule::BroadWildcard, &cx.account.id, entities);
        f.severity = wildcard_severity(action);
        f.summary = format!(
            "customer managed policy {} allows {action} on every resource",
            p.name
        );
        if admin_arn(cx.org, &p.arn) {
            // Users lose it through the administrator rules; groups and
            // roles get AdministratorAccess in its place.
            if holders.groups.is_empty() && holders.roles.is_empty() {
                continue;
            }
            f.why = why_admin();
            for (kind, names) in [("group", &holders.groups), ("role", &holders.roles)] {
                for n in names {
                    f.fix.push(format!(
                        "aws iam attach-{kind}-policy --{kind}-name {n} --policy-arn {ADMINISTRATOR_ACCESS}"
                    ));
                    f.fix.push(format!(
                        "aws iam detach-{kind}-policy --{kind}-name {n} --policy-arn {}",
                        p.arn
                    ));
                }
            }
            out.push(f);
            continue;
        }
        let usage = managed_usage(&holders);
        let evidence = evidence_of(&holders.all_users);
        let Some(narrowed) = cx.narrower.narrow(&p.default_doc().text, usage, &evidence) else {
            continue;
        };
        f.why = why_broad(action, &holders.all_users, usage);
        f.fix.extend(new_default_version(p, &narrowed));
        out.push(f);
    }
}

/// A managed policy's new default version: when it already keeps five
/// versions, the oldest that is not the default goes first.
fn new_default_version(p: &ManagedPolicy, text: &str) -> Vec<String> {
    let mut fix = Vec::new();
    if p.versions.len() >= 5
        && let Some(old) = p.versions.iter().find(|v| v.id != p.default_version)
    {
        fix.push(format!(
            "aws iam delete-policy-version --policy-arn {} --version-id {}",
            p.arn, old.id
        ));
    }
    fix.push(format!(
        "aws iam create-policy-version --policy-arn {} --policy-document {} --set-as-default",
        p.arn,
        quoted_policy(text)
    ));
    fix
}

/// Who a customer managed policy is attached to, as permissions (not as a
/// boundary), users a fix deletes left out.
struct Holders<'a> {
    users: Vec<&'a User>,
    groups: Vec<String>,
    roles: Vec<String>,
    /// The users it reaches: its own users and the groups' members.
    all_users: Vec<&'a User>,
}

impl<'a> Holders<'a> {
    fn of(cx: &Scan<'a>, p: &ManagedPolicy) -> Holders<'a> {
        let mut h = Holders {
            users: Vec::new(),
            groups: Vec::new(),
            roles: Vec::new(),
            all_users: Vec::new(),
        };
        for u in cx.account.users.values() {
            if u.attached.contains(&p.arn) && !cx.doomed(&u.name) {
                h.users.push(u);
                h.all_users.push(u);
            }
        }
        for g in cx.account.groups.values() {
            if g.attached.contains(&p.arn) {
                h.groups.push(g.name.clone());
                h.all_users.extend(
                    members(cx.account, &g.name)
                        .into_iter()
                        .filter(|u| !cx.doomed(&u.name)),
                );
            }
        }
        for r in cx.account.roles.values() {
            if r.attached.contains(&p.arn) {
                h.roles.push(r.name.clone());
            }
        }
        h
    }

    fn is_empty(&self) -> bool {
        self.users.is_empty() && self.groups.is_empty() && self.roles.is_empty()
    }
}

/// Code (a role) keeps writing; people read. A policy that both hold is
/// narrowed for people, the narrower of the two.
fn managed_usage(h: &Holders<'_>) -> Use {
    if h.users.is_empty() && h.groups.is_empty() {
        Use::Data
    } else {
        Use::Read
    }
}

fn evidence_of(users: &[&User]) -> Vec<String> {
    let mut services: Vec<String> = users.iter().flat_map(|u| plan::user_evidence(u)).collect();
    services.sort();
    services.dedup();
    services
}

fn members<'a>(account: &'a Account, group: &str) -> Vec<&'a User> {
    let key = group.to_ascii_lowercase();
    account
        .users
        .values()
        .filter(|u| u.groups.contains(&key))
        .collect()
}

fn why_admin() -> String {
    "It allows every action on every resource: an administrator's policy, written by hand, which `list-entities-for-policy` on AdministratorAccess will not find when someone reviews who administers the account. The fix puts AdministratorAccess in its place (the same power, easy to audit); if this identity is not meant to administer, name its actions instead.".into()
}

fn why_broad(action: &str, users: &[&User], usage: Use) -> String {
    let what = if action == "*" {
        "every action of every service".to_string()
    } else {
        format!(
            "every {} action, deleting and changing permissions included,",
            action.trim_end_matches(":*")
        )
    };
    let mut why = format!(
        "It allows {what} on every resource, far more than any job uses, so a leaked credential or a slip can do the most damage."
    );
    let mut used: Vec<String> = Vec::new();
    for u in users {
        let services = plan::user_evidence(u);
        if !services.is_empty() {
            used.push(format!("{} ({})", u.name, services.join(", ")));
        }
    }
    if !used.is_empty() {
        why.push_str(&format!(
            " The access keys were last used for: {}.",
            used.join("; ")
        ));
    }
    why.push_str(match usage {
        Use::Read => " The fix keeps reading the account's own resources and drops writing, deleting and administration: add back, by name, the writes the job needs.",
        Use::Data => " The fix keeps reading and writing the account's own data and drops deleting and administration: trim further to the calls the code makes.",
    });
    why
}
