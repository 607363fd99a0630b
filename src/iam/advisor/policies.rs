//! Where permissions live and how wide they are: policies on users instead
//! of groups, one inline policy copied onto several identities, and
//! customer-written statements that allow a whole service on everything.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::commands::{camel, count, policy_entity, quoted_policy};
use super::{Finding, Rule, Scan};
use crate::iam::model::{Account, PolicyDoc, User};
use crate::iam::policy::{Effect, Policy, Statement};

/// Rule `direct-policies`: a user holding managed or inline policies of its
/// own. The fix moves them to a group: an existing group that already holds
/// all of them when there is one, else a new group named after the user's
/// `team` tag (`WebTeam`) or, without one, the user (`JohnGroup`).
pub(super) fn direct_policies(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for user in cx.account.users.values() {
        if user.attached.is_empty() && user.inline.is_empty() {
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
        f.why = "Permissions given person by person drift apart: nobody can say what a job needs, and someone who changes job keeps the old access. A group per job gives its members the same policies, and moving a person is one command.".into();
        f.fix = move_to_group(cx.account, user);
        out.push(f);
    }
}

fn move_to_group(account: &Account, user: &User) -> Vec<String> {
    let n = &user.name;
    let mut fix = Vec::new();
    let existing = account.groups.values().find(|g| {
        user.attached
            .iter()
            .all(|a| g.attached.iter().any(|b| b == a))
            && user.inline.values().all(|doc| {
                g.inline
                    .values()
                    .any(|d| canonical(&d.policy) == canonical(&doc.policy))
            })
    });
    let group = match existing {
        Some(g) => g.name.clone(),
        None => {
            let base = user
                .tags
                .iter()
                .find(|t| {
                    ["team", "job", "department"].contains(&t.key.to_ascii_lowercase().as_str())
                })
                .map_or_else(
                    || format!("{}Group", camel(n)),
                    |t| format!("{}Team", camel(&t.value)),
                );
            let mut name = base.clone();
            let mut i = 2;
            while account.groups.contains_key(&name.to_ascii_lowercase()) {
                name = format!("{base}{i}");
                i += 1;
            }
            fix.push(format!("aws iam create-group --group-name {name}"));
            for arn in &user.attached {
                fix.push(format!(
                    "aws iam attach-group-policy --group-name {name} --policy-arn {arn}"
                ));
            }
            for (pname, doc) in &user.inline {
                fix.push(format!(
                    "aws iam put-group-policy --group-name {name} --policy-name {pname} --policy-document {}",
                    quoted_policy(&doc.text)
                ));
            }
            name
        }
    };
    let member = user.groups.iter().any(|g| g.eq_ignore_ascii_case(&group));
    if !member {
        fix.push(format!(
            "aws iam add-user-to-group --group-name {group} --user-name {n}"
        ));
    }
    for arn in &user.attached {
        fix.push(format!(
            "aws iam detach-user-policy --user-name {n} --policy-arn {arn}"
        ));
    }
    for pname in user.inline.keys() {
        fix.push(format!(
            "aws iam delete-user-policy --user-name {n} --policy-name {pname}"
        ));
    }
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
    let mut out = Vec::new();
    for u in account.users.values() {
        for (name, doc) in &u.inline {
            out.push(Inline {
                entity: u.name.clone(),
                kind: "user",
                holder: &u.name,
                name,
                doc,
            });
        }
    }
    for g in account.groups.values() {
        for (name, doc) in &g.inline {
            out.push(Inline {
                entity: format!("group/{}", g.name),
                kind: "group",
                holder: &g.name,
                name,
                doc,
            });
        }
    }
    for r in account.roles.values() {
        for (name, doc) in &r.inline {
            out.push(Inline {
                entity: format!("role/{}", r.name),
                kind: "role",
                holder: &r.name,
                name,
                doc,
            });
        }
    }
    out
}

/// Rule `inline-duplicated`: the same inline policy, compared by meaning
/// (see [`canonical`]), on two or more identities of an account. The fix
/// makes it one customer managed policy, attaches it to each, then deletes
/// the copies.
pub(super) fn inline_duplicated(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let all = inlines(cx.account);
    let mut by_meaning: BTreeMap<String, Vec<&Inline<'_>>> = BTreeMap::new();
    for i in &all {
        by_meaning
            .entry(canonical(&i.doc.policy))
            .or_default()
            .push(i);
    }
    for copies in by_meaning.values() {
        let mut holders: Vec<String> = copies.iter().map(|i| i.entity.clone()).collect();
        holders.sort();
        holders.dedup();
        if holders.len() < 2 {
            continue;
        }
        let first = copies[0];
        let mut name = first.name.to_string();
        while cx.account.policies.contains_key(&name.to_ascii_lowercase()) {
            name.push_str("Shared");
        }
        let arn = format!("arn:aws:iam::{}:policy/{name}", cx.account.id);
        let mut f = Finding::new(Rule::InlineDuplicated, &cx.account.id, holders.clone());
        f.summary = format!(
            "{} identities hold copies of the same inline policy: {}",
            holders.len(),
            holders.join(", ")
        );
        f.why = "Copies drift: a change made to one is forgotten on the others, and nobody can list who holds the policy. One customer managed policy, attached where it is needed, is changed once and has versions to roll back to.".into();
        f.fix.push(format!(
            "aws iam create-policy --policy-name {name} --policy-document {}",
            quoted_policy(&first.doc.text)
        ));
        for i in copies {
            let (kind, holder) = (i.kind, i.holder);
            f.fix.push(format!(
                "aws iam attach-{kind}-policy --{kind}-name {holder} --policy-arn {arn}"
            ));
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
/// `NotAction`) and `"Resource": "*"` count.
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
        .find(|p| p.text == "*" || (p.service.is_some() && p.text.ends_with(":*")))
        .map(|p| p.text.as_str())
}

/// Rule `broad-wildcard`: a policy someone in the account wrote (inline, or
/// customer managed; AWS managed policies are AWS's business) that allows
/// `*` or `service:*` on `*`. It fires for `"Action": "*"` too, even when
/// `admin-for-many` also reports the holder: that rule is about how many
/// people are administrators, this one about the document, and either fix
/// alone leaves the other problem.
pub(super) fn broad_wildcard(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for i in inlines(cx.account) {
        let Some(action) = i.doc.policy.statements.iter().find_map(broad_action) else {
            continue;
        };
        let mut f = Finding::new(Rule::BroadWildcard, &cx.account.id, vec![i.entity.clone()]);
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
            "group" => members(cx.account, i.holder),
            _ => Vec::new(),
        };
        f.why = why_broad(action, &users);
        f.fix.push(format!(
            "aws iam get-{kind}-policy --{kind}-name {holder} --policy-name {name}",
            kind = i.kind,
            holder = i.holder,
            name = i.name
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
        let mut entities = vec![policy_entity(&p.arn)];
        let mut users = Vec::new();
        for u in cx.account.users.values() {
            if u.attached.contains(&p.arn) {
                entities.push(u.name.clone());
                users.push(u);
            }
        }
        for g in cx.account.groups.values() {
            if g.attached.contains(&p.arn) {
                entities.push(format!("group/{}", g.name));
                users.extend(members(cx.account, &g.name));
            }
        }
        for r in cx.account.roles.values() {
            if r.attached.contains(&p.arn) {
                entities.push(format!("role/{}", r.name));
            }
        }
        let mut f = Finding::new(Rule::BroadWildcard, &cx.account.id, entities);
        f.summary = format!(
            "customer managed policy {} allows {action} on every resource",
            p.name
        );
        f.why = why_broad(action, &users);
        f.fix.push(format!(
            "aws iam get-policy-version --policy-arn {} --version-id {}",
            p.arn, p.default_version
        ));
        out.push(f);
    }
}

fn members<'a>(account: &'a Account, group: &str) -> Vec<&'a User> {
    let key = group.to_ascii_lowercase();
    account
        .users
        .values()
        .filter(|u| u.groups.contains(&key))
        .collect()
}

fn why_broad(action: &str, users: &[&User]) -> String {
    let what = if action == "*" {
        "every action of every service".to_string()
    } else {
        format!(
            "every {} action, deleting included,",
            action.trim_end_matches(":*")
        )
    };
    let mut why = format!(
        "It allows {what} on every resource, far more than any job uses, so a leaked credential or a slip can do the most damage."
    );
    let mut used: Vec<String> = Vec::new();
    for u in users {
        let mut services: Vec<&str> = u
            .access_keys
            .iter()
            .filter_map(|k| k.last_used.as_ref().map(|l| l.service.as_str()))
            .collect();
        services.sort_unstable();
        services.dedup();
        if !services.is_empty() {
            used.push(format!("{} ({})", u.name, services.join(", ")));
        }
    }
    if used.is_empty() {
        why.push_str(" Replace it with the actions the holder uses, on the resources it uses.");
    } else {
        why.push_str(&format!(
            " The access keys were last used for: {}; allow those services' actions that the work needs, on its own resources.",
            used.join("; ")
        ));
    }
    why
}
