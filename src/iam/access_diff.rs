//! What a change to an organization did to access: who gained and who lost
//! which action on which resource, read from two access grids.
//!
//! Only allowed-ness counts. A cell that goes from an implicit deny to an
//! explicit deny (or back) is not a change of access: the principal could
//! not act before and cannot act after, so it is not reported.

use std::collections::{BTreeMap, BTreeSet};

use super::access_grid::{self, Column, Grid};
use super::catalog::catalog;
use super::decision_cube;
use super::eval::Decision;
use super::model::{Caller, Org, PolicyDoc};
use super::pattern;
use super::policy::Policy;

/// One cell whose allowed-ness changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub principal: String,
    pub column: Column,
    pub before: Decision,
    pub after: Decision,
}

/// The changes, split by direction. Each list is ordered by principal (as
/// in the grid after the change, then principals that are gone), then by
/// column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccessDiff {
    pub gained: Vec<Change>,
    pub lost: Vec<Change>,
}

/// How many names a summary line lists before "and N more".
const NAMES_SHOWN: usize = 4;

impl AccessDiff {
    /// Every changed cell, once: one heading per action and direction (the
    /// ones that touch most principals first, as in the summary), then the
    /// principals under it with their decisions before and after (those
    /// that went the same way on one line).
    pub fn to_text(&self) -> String {
        if self.is_empty() {
            return "No change in access.\n".into();
        }
        let mut out = String::new();
        for (i, group) in self.groups().into_iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let names: Vec<&str> = group.changes.iter().map(|c| c.principal.as_str()).collect();
            out.push_str(&format!(
                "{}: {} by {}\n",
                group.heading(),
                group.verb(),
                count(&names)
            ));
            if group.labels.len() > 1 {
                out.push_str(&wrap_list(&group.actions_list(), "  ", TEXT_WIDTH));
            }
            // Principals whose cells went the same way share a line.
            let mut ways: Vec<((Decision, Decision), Vec<&str>)> = Vec::new();
            for c in &group.changes {
                let way = (c.before, c.after);
                match ways.iter_mut().find(|(w, _)| *w == way) {
                    Some((_, who)) => who.push(&c.principal),
                    None => ways.push((way, vec![&c.principal])),
                }
            }
            for ((before, after), who) in ways {
                out.push_str(&format!(
                    "  {}: {} → {}\n",
                    who.join(", "),
                    before.adjective(),
                    after.adjective(),
                ));
            }
        }
        out
    }

    /// The changes by column and direction, the groups that touch most
    /// principals first; ties keep column order, losses before gains.
    /// Columns whose changes are the same (every action a wildcard grant
    /// brought, say) share a group.
    fn groups(&self) -> Vec<Group<'_>> {
        let mut by_column: BTreeMap<(&Column, bool), Vec<&Change>> = BTreeMap::new();
        for (changes, gained) in [(&self.lost, false), (&self.gained, true)] {
            for c in changes {
                by_column.entry((&c.column, gained)).or_default().push(c);
            }
        }
        let columns: Vec<Column> = by_column.keys().map(|(c, _)| (*c).clone()).collect();
        let labels: BTreeMap<&Column, String> =
            columns.iter().zip(access_grid::labels(&columns)).collect();
        type Way<'c> = Vec<(&'c str, Decision, Decision)>;
        let way_of = |changes: &[&'_ Change]| -> OwnedWay {
            changes
                .iter()
                .map(|c| (c.principal.clone(), c.before, c.after))
                .collect()
        };
        // A few columns that changed alike read best one by one; only a
        // flood (what a wildcard brought) is worth one heading.
        let mut alike: BTreeMap<(bool, OwnedWay), usize> = BTreeMap::new();
        for ((_, gained), changes) in &by_column {
            *alike.entry((*gained, way_of(changes))).or_default() += 1;
        }
        let mut groups: Vec<Group<'_>> = Vec::new();
        let mut index: BTreeMap<(bool, Way<'_>), usize> = BTreeMap::new();
        for ((column, gained), changes) in by_column {
            let merge = alike[&(gained, way_of(&changes))] > ACTIONS_SHOWN;
            let way: Way<'_> = changes
                .iter()
                .map(|c| (c.principal.as_str(), c.before, c.after))
                .collect();
            let label = labels[column].clone();
            match index.get(&(gained, way.clone())).filter(|_| merge) {
                Some(&i) => groups[i].labels.push(label),
                None => {
                    index.insert((gained, way), groups.len());
                    groups.push(Group {
                        labels: vec![label],
                        gained,
                        changes,
                    });
                }
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.changes.len()));
        groups
    }

    pub fn is_empty(&self) -> bool {
        self.gained.is_empty() && self.lost.is_empty()
    }

    /// One sentence per column and direction, the ones that touch most
    /// principals first: `s3:GetObject on startup-reports/*: lost by 3
    /// users (john, mike, sarah)`.
    pub fn summary(&self) -> Vec<String> {
        self.groups()
            .into_iter()
            .map(|g| {
                let names: Vec<&str> = g.changes.iter().map(|c| c.principal.as_str()).collect();
                format!("{}: {} by {}", g.short_heading(), g.verb(), who(&names))
            })
            .collect()
    }
}

/// Who changed how on one column: principal, before, after.
type OwnedWay = Vec<(String, Decision, Decision)>;

/// The changes of one or more columns in one direction, the same for each.
struct Group<'a> {
    /// `action resource` labels, as the grid gives them.
    labels: Vec<String>,
    gained: bool,
    changes: Vec<&'a Change>,
}

/// The width `changes` text is wrapped to.
const TEXT_WIDTH: usize = 80;

impl Group<'_> {
    fn verb(&self) -> &'static str {
        if self.gained { "gained" } else { "lost" }
    }

    /// (action, resource) of each label; `*` when a label names no resource.
    fn parts(&self) -> Vec<(&str, &str)> {
        self.labels
            .iter()
            .map(|l| l.split_once(' ').unwrap_or((l, "*")))
            .collect()
    }

    /// The resource every column is on, if they share one.
    fn shared_resource(&self) -> Option<&str> {
        let parts = self.parts();
        let first = parts.first()?.1;
        parts.iter().all(|(_, r)| *r == first).then_some(first)
    }

    /// `s3:GetObject on reports/*` for one column; `146 actions on *` or
    /// `3 actions` for several.
    fn heading(&self) -> String {
        match (self.parts().as_slice(), self.shared_resource()) {
            ([(action, on)], _) => format!("{action} on {on}"),
            (_, Some(on)) => format!("{} actions on {on}", self.labels.len()),
            _ => format!("{} actions", self.labels.len()),
        }
    }

    /// The heading for one line: several actions are named, at most
    /// [`ACTIONS_SHOWN`] of them.
    fn short_heading(&self) -> String {
        if self.labels.len() == 1 {
            return self.heading();
        }
        let list = self.actions_list();
        let mut shown = list[..list.len().min(ACTIONS_SHOWN)].join(", ");
        if list.len() > ACTIONS_SHOWN {
            shown.push_str(&format!(" and {} more", list.len() - ACTIONS_SHOWN));
        }
        format!("{} ({shown})", self.heading())
    }

    /// The columns' names: bare actions when they share a resource.
    fn actions_list(&self) -> Vec<String> {
        if self.shared_resource().is_some() {
            self.parts().iter().map(|(a, _)| a.to_string()).collect()
        } else {
            self.labels.clone()
        }
    }
}

/// Items joined by ", " on lines of at most `width` characters, each line
/// starting with `indent`.
fn wrap_list(items: &[String], indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        if line.len() > indent.len() && line.chars().count() + 1 + piece.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// How many actions a line of `AccessDiff::brief` names before "and N more".
const ACTIONS_SHOWN: usize = 3;

impl AccessDiff {
    /// At most `max` lines for the sandbox to print after a command. When
    /// the summary's sentences are few they are it; otherwise changes are
    /// told per principal (those with the same changes together), which is
    /// how a detach that strips one person of a dozen actions reads best.
    pub fn brief(&self, max: usize) -> Vec<String> {
        let summary = self.summary();
        if summary.len() <= max {
            return summary;
        }
        // (gained, principal) -> the columns changed, in change order.
        let mut by_principal: BTreeMap<(bool, &str), Vec<&Column>> = BTreeMap::new();
        for (changes, gained) in [(&self.lost, false), (&self.gained, true)] {
            for c in changes {
                by_principal
                    .entry((gained, &c.principal))
                    .or_default()
                    .push(&c.column);
            }
        }
        // Principals whose changes are the same share a line.
        let mut shared: BTreeMap<(bool, Vec<&Column>), Vec<&str>> = BTreeMap::new();
        for ((gained, principal), columns) in by_principal {
            shared.entry((gained, columns)).or_default().push(principal);
        }
        let mut groups: Vec<_> = shared.into_iter().collect();
        groups.sort_by_key(|((_, columns), names)| std::cmp::Reverse(columns.len() * names.len()));
        let total = groups.len();
        let mut out: Vec<String> = groups
            .into_iter()
            .take(max)
            .map(|((gained, columns), names)| {
                let owned: Vec<Column> = columns.iter().map(|c| (*c).clone()).collect();
                let labels = access_grid::labels(&owned);
                let mut list = labels
                    .iter()
                    .take(ACTIONS_SHOWN)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ");
                if labels.len() > ACTIONS_SHOWN {
                    list.push_str(&format!(" and {} more", labels.len() - ACTIONS_SHOWN));
                }
                let verb = if gained { "gained" } else { "lost" };
                let n = labels.len();
                let what = if n == 1 { "action" } else { "actions" };
                format!("{} {verb} {n} {what}: {list}", who(&names))
            })
            .collect();
        if total > max {
            out.push(format!("and {} more changes", total - max));
        }
        out
    }
}

/// "role/Admin" for one principal; "3 users (john, mike, sarah)" or "2
/// users and 1 role (...)" for several, at most four names then "and N more".
fn who(names: &[&str]) -> String {
    if let [one] = names {
        return one.to_string();
    }
    let mut list = names
        .iter()
        .take(NAMES_SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMES_SHOWN {
        list.push_str(&format!(" and {} more", names.len() - NAMES_SHOWN));
    }
    format!("{} ({list})", count(names))
}

/// "1 user", "2 users and 1 role": how many principals of each kind.
fn count(names: &[&str]) -> String {
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for n in names {
        *counts.entry(kind(n)).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(k, &n)| {
            let word = k.word();
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        })
        .collect();
    parts.join(" and ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    User,
    Role,
    Other,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Role => "role",
            Kind::Other => "principal",
        }
    }
}

/// The kind of a principal from the name a grid gives it: `role/X` or a
/// role ARN is a role, a bare name or a user ARN is a user.
fn kind(name: &str) -> Kind {
    if name.starts_with("role/") || name.contains(":role/") {
        Kind::Role
    } else if name.contains(":user/")
        || !(name.contains(':') || name.contains('.') || name == "root")
    {
        Kind::User
    } else {
        Kind::Other
    }
}

/// The cells whose allowed-ness differs, aligned by principal name and
/// column. A principal only in `after` gains every cell allowed to it, and
/// one only in `before` loses them (a principal that does not exist can do
/// nothing: its missing cells count as implicit denies). Columns that only
/// one grid has are not compared: nothing is known of the other side.
pub fn diff_grids(before: &Grid, after: &Grid) -> AccessDiff {
    let before_col: BTreeMap<&Column, usize> = before
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect();
    let before_row: BTreeMap<&str, usize> = before
        .principals
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let after_row: BTreeMap<&str, usize> = after
        .principals
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    let mut diff = AccessDiff::default();
    let mut record = |principal: &str, column: &Column, b: Decision, a: Decision| {
        if b.is_allowed() == a.is_allowed() {
            return;
        }
        let change = Change {
            principal: principal.to_string(),
            column: column.clone(),
            before: b,
            after: a,
        };
        if a.is_allowed() {
            diff.gained.push(change);
        } else {
            diff.lost.push(change);
        }
    };
    for (ap, name) in after.principals.iter().enumerate() {
        let bp = before_row.get(name.as_str()).copied();
        for (ac, column) in after.columns.iter().enumerate() {
            let Some(&bc) = before_col.get(column) else {
                continue;
            };
            let b = bp.map_or(Decision::ImplicitDeny, |bp| before.get(bp, bc));
            record(name, column, b, after.get(ap, ac));
        }
    }
    let after_cols: BTreeMap<&Column, usize> = after
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect();
    for (bp, name) in before.principals.iter().enumerate() {
        if after_row.contains_key(name.as_str()) {
            continue;
        }
        for (bc, column) in before.columns.iter().enumerate() {
            if after_cols.contains_key(column) {
                record(name, column, before.get(bp, bc), Decision::ImplicitDeny);
            }
        }
    }
    diff
}

/// What changed between two organizations, on the default columns of both
/// and on every action a policy that changed names, by a pattern or in an
/// AWS managed policy (attaching AmazonEC2ReadOnlyAccess gains `ec2:Describe*`
/// and more, none of them default columns). Those extra columns are asked
/// only for the principals whose policies changed, plus every principal for
/// actions a changed bucket policy names: nobody else's cells can change.
pub fn diff_orgs(before: &Org, after: &Org) -> AccessDiff {
    diff_orgs_kept(before, None, after).0
}

/// [`diff_orgs`], starting from `kept`: a grid of `before` that an earlier
/// comparison built (the grid it returned for its `after`), so that only the
/// columns it lacks are asked again. Also returns the grid of `after`, to
/// keep for the next comparison.
pub fn diff_orgs_kept(before: &Org, kept: Option<&Grid>, after: &Org) -> (AccessDiff, Grid) {
    let mut columns = access_grid::default_columns(before);
    columns.extend(access_grid::default_columns(after));
    access_grid::sort_columns(&mut columns);
    let before_grid = match kept {
        Some(kept) => grid_reusing(before, kept, &columns),
        None => access_grid::compute(before, &columns),
    };
    let after_grid = access_grid::compute(after, &columns);
    let mut diff = diff_grids(&before_grid, &after_grid);
    let changed = changed_policies(before, after);
    let known: BTreeSet<&Column> = columns.iter().collect();
    let extra = |actions: &BTreeSet<String>| -> Vec<Column> {
        let mut out: Vec<Column> = actions
            .iter()
            .flat_map(|a| {
                let mut r = access_grid::resources_for(before, a);
                r.extend(access_grid::resources_for(after, a));
                r.into_iter().map(|r| Column::new(a.clone(), r))
            })
            .filter(|c| !known.contains(c))
            .collect();
        access_grid::sort_columns(&mut out);
        out
    };
    let identity_columns = extra(&changed.identity_actions);
    if !identity_columns.is_empty() && !changed.principals.is_empty() {
        let pick = |org: &Org| -> Vec<Caller> {
            decision_cube::all_principals(org)
                .into_iter()
                .filter(|c| {
                    changed
                        .principals
                        .contains(&access_grid::principal_name(org, c))
                })
                .collect()
        };
        let more = diff_grids(
            &access_grid::compute_for(before, &pick(before), &identity_columns),
            &access_grid::compute_for(after, &pick(after), &identity_columns),
        );
        diff.merge(more);
    }
    let resource_columns: Vec<Column> = extra(&changed.resource_actions)
        .into_iter()
        .filter(|c| !identity_columns.contains(c))
        .collect();
    if !resource_columns.is_empty() {
        diff.merge(diff_on(before, after, &resource_columns));
    }
    (diff, after_grid)
}

/// The grid of `org` on `columns`, taking the cells `kept` (a grid of the
/// same organization) holds and asking only the columns it lacks.
fn grid_reusing(org: &Org, kept: &Grid, columns: &[Column]) -> Grid {
    let kept_at: BTreeMap<&Column, usize> = kept
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect();
    let missing: Vec<Column> = columns
        .iter()
        .filter(|c| !kept_at.contains_key(c))
        .cloned()
        .collect();
    if kept.callers != decision_cube::all_principals(org) {
        // Not the principals the grid was kept for: ask everything.
        return access_grid::compute(org, columns);
    }
    let fresh = access_grid::compute_for(org, &kept.callers, &missing);
    let fresh_at: BTreeMap<&Column, usize> = fresh
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c, i))
        .collect();
    let mut cells = Vec::with_capacity(kept.callers.len() * columns.len());
    for p in 0..kept.callers.len() {
        for c in columns {
            cells.push(match kept_at.get(c) {
                Some(&i) => kept.get(p, i),
                None => fresh.get(p, fresh_at[c]),
            });
        }
    }
    Grid {
        principals: kept.principals.clone(),
        callers: kept.callers.clone(),
        columns: columns.to_vec(),
        cells,
    }
}

impl AccessDiff {
    /// Adds changes on other cells, keeping each list in principal then
    /// column order.
    fn merge(&mut self, other: AccessDiff) {
        self.gained.extend(other.gained);
        self.lost.extend(other.lost);
        for list in [&mut self.gained, &mut self.lost] {
            list.sort_by(|a, b| (&a.principal, &a.column).cmp(&(&b.principal, &b.column)));
            list.dedup_by(|a, b| a.principal == b.principal && a.column == b.column);
        }
    }
}

/// What changed in the policies between two organizations.
#[derive(Default)]
struct ChangedPolicies {
    /// Principals (as the grid names them) whose identity policies,
    /// permissions boundary or service control policies differ.
    principals: BTreeSet<String>,
    /// Actions those changed documents name, wildcards expanded.
    identity_actions: BTreeSet<String>,
    /// Actions changed bucket policies name, wildcards expanded.
    resource_actions: BTreeSet<String>,
}

/// Each principal's identity policies, permissions boundary and service
/// control policies, ordered by text, by the name the grid gives it.
fn documents<'a>(org: &'a Org, callers: &'a [Caller]) -> BTreeMap<String, Vec<&'a PolicyDoc>> {
    callers
        .iter()
        .filter_map(|c| {
            let p = org.principal(c).ok()?;
            let mut docs: Vec<&PolicyDoc> = p
                .identity
                .iter()
                .chain(&p.boundary)
                .chain(p.scps.iter().flatten())
                .map(|r| r.doc)
                .collect();
            docs.sort_by(|x, y| x.text.cmp(&y.text));
            Some((access_grid::principal_name(org, c), docs))
        })
        .collect()
}

fn changed_policies(before: &Org, after: &Org) -> ChangedPolicies {
    let (b_callers, a_callers) = (
        decision_cube::all_principals(before),
        decision_cube::all_principals(after),
    );
    let (b_docs, a_docs) = (documents(before, &b_callers), documents(after, &a_callers));
    let mut out = ChangedPolicies::default();
    let empty = Vec::new();
    let same = |x: &PolicyDoc, y: &PolicyDoc| x.text == y.text;
    for name in b_docs.keys().chain(a_docs.keys()) {
        let b = b_docs.get(name).unwrap_or(&empty);
        let a = a_docs.get(name).unwrap_or(&empty);
        if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)) {
            continue;
        }
        out.principals.insert(name.clone());
        // Only the documents that came or went can change this principal.
        let came_or_went = b
            .iter()
            .filter(|d| !a.iter().any(|x| same(x, d)))
            .chain(a.iter().filter(|d| !b.iter().any(|x| same(x, d))));
        for d in came_or_went {
            actions_named(&d.policy, &mut out.identity_actions);
        }
    }
    for (name, b) in before.buckets.iter() {
        let a = after.buckets.get(name);
        if a.map(|a| &a.policy) != Some(&b.policy) {
            b.policy
                .iter()
                .for_each(|d| actions_named(&d.policy, &mut out.resource_actions));
        }
    }
    for (name, a) in after.buckets.iter() {
        if before.buckets.get(name).map(|b| &b.policy) != Some(&a.policy) {
            a.policy
                .iter()
                .for_each(|d| actions_named(&d.policy, &mut out.resource_actions));
        }
    }
    out
}

/// Every catalog action a policy's statements name, patterns expanded,
/// `NotAction` read as everything else, each as AWS spells it.
fn actions_named(p: &Policy, out: &mut BTreeSet<String>) {
    let cat = catalog();
    for s in &p.statements {
        if s.action.negated {
            for svc in &cat.services {
                for a in &svc.actions {
                    let name = a.full_name();
                    if !s
                        .action
                        .patterns
                        .iter()
                        .any(|pat| pattern::matches(&pat.text, name, true))
                    {
                        out.insert(name.to_string());
                    }
                }
            }
            continue;
        }
        for pat in &s.action.patterns {
            for a in cat.actions_matching(&pat.text) {
                out.insert(a.full_name().to_string());
            }
        }
    }
}

/// What changed between two organizations, on the columns given.
pub fn diff_on(before: &Org, after: &Org, columns: &[Column]) -> AccessDiff {
    diff_grids(
        &access_grid::compute(before, columns),
        &access_grid::compute(after, columns),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_grid_gives_the_difference_a_fresh_one_gives() {
        use crate::iam::model::DEFAULT_ACCOUNT;
        use serde_json::json;
        let root = Caller::Root {
            account: DEFAULT_ACCOUNT.to_string(),
        };
        let run = |org: &Org, op: &str, input: serde_json::Value| {
            let mut next = org.clone();
            crate::iam::ops::call(&mut next, &root, "iam", op, &input).unwrap();
            next
        };
        let start = crate::iam::synthetic::org(8, 4, 25, 3);
        let mid = run(&start, "CreateUser", json!({"UserName": "newcomer"}));
        let mid = run(
            &mid,
            "AddUserToGroup",
            json!({"UserName": "newcomer", "GroupName": "Group00"}),
        );
        let (_, kept) = diff_orgs_kept(&start, None, &mid);
        // A policy that names an action no column had: the kept grid lacks
        // that column, which is asked afresh.
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}"#;
        let after = run(
            &mid,
            "PutUserPolicy",
            json!({"UserName": "newcomer", "PolicyName": "Read", "PolicyDocument": doc}),
        );
        let (diff, after_grid) = diff_orgs_kept(&mid, Some(&kept), &after);
        assert!(!diff.gained.is_empty(), "the new policy gains access");
        assert_eq!(diff, diff_orgs(&mid, &after));
        let mut columns = access_grid::default_columns(&mid);
        columns.extend(access_grid::default_columns(&after));
        access_grid::sort_columns(&mut columns);
        assert!(!kept.columns.iter().any(|c| c.action == "kms:Decrypt"));
        assert_eq!(after_grid, access_grid::compute(&after, &columns));
    }

    fn change(p: &str, action: &str, lost: bool) -> Change {
        let (before, after) = if lost {
            (Decision::Allowed, Decision::ImplicitDeny)
        } else {
            (Decision::ExplicitDeny, Decision::Allowed)
        };
        Change {
            principal: p.into(),
            column: Column::new(action, "*"),
            before,
            after,
        }
    }

    #[test]
    fn summary_counts_kinds_lists_four_names_and_puts_the_largest_first() {
        let diff = AccessDiff {
            gained: vec![change("role/Admin", "iam:CreateUser", false)],
            lost: ["a", "b", "role/R", "c", "d", "e"]
                .iter()
                .map(|p| change(p, "ec2:StartInstances", true))
                .collect(),
        };
        assert_eq!(
            diff.summary(),
            vec![
                "ec2:StartInstances on *: lost by 5 users and 1 role (a, b, role/R, c and 2 more)",
                "iam:CreateUser on *: gained by role/Admin",
            ]
        );
    }

    #[test]
    fn the_text_names_each_change_once_under_its_action() {
        let diff = AccessDiff {
            gained: vec![
                change("john", "s3:GetObject", false),
                Change {
                    before: Decision::ImplicitDeny,
                    ..change("mike", "s3:GetObject", false)
                },
                change("sarah", "s3:GetObject", false),
            ],
            lost: vec![change("role/App", "ec2:StartInstances", true)],
        };
        let text = diff.to_text();
        assert_eq!(
            text,
            "s3:GetObject on *: gained by 3 users\n\
             \x20 john, sarah: explicitly denied → allowed\n\
             \x20 mike: implicitly denied → allowed\n\
             \n\
             ec2:StartInstances on *: lost by 1 role\n\
             \x20 role/App: allowed → implicitly denied\n"
        );
        for name in ["john", "mike", "sarah", "role/App"] {
            assert_eq!(text.matches(name).count(), 1, "{name} once in:\n{text}");
        }
    }

    #[test]
    fn columns_that_changed_alike_share_a_heading() {
        let diff = AccessDiff {
            gained: [
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeVolumes",
                "ec2:DescribeVpcs",
            ]
            .iter()
            .map(|a| change("alice", a, false))
            .chain([change("bob", "s3:GetObject", false)])
            .collect(),
            lost: Vec::new(),
        };
        assert_eq!(
            diff.summary(),
            vec![
                "4 actions on * (ec2:DescribeImages, ec2:DescribeInstances, ec2:DescribeVolumes and 1 more): gained by alice",
                "s3:GetObject on *: gained by bob",
            ]
        );
        let text = diff.to_text();
        assert!(
            text.contains(
                "4 actions on *: gained by 1 user\n\
                 \x20 ec2:DescribeImages, ec2:DescribeInstances, ec2:DescribeVolumes,\n\
                 \x20 ec2:DescribeVpcs\n\
                 \x20 alice: explicitly denied → allowed\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn implicit_to_explicit_deny_is_no_change() {
        let col = Column::new("s3:GetObject", "*");
        let grid = |d| Grid {
            principals: vec!["john".into()],
            callers: Vec::new(),
            columns: vec![col.clone()],
            cells: vec![d],
        };
        assert!(
            diff_grids(&grid(Decision::ImplicitDeny), &grid(Decision::ExplicitDeny)).is_empty()
        );
        let d = diff_grids(&grid(Decision::ExplicitDeny), &grid(Decision::Allowed));
        assert_eq!(d.gained.len(), 1);
        assert!(d.lost.is_empty());
    }
}
