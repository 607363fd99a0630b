//! What a change to an organization did to access: who gained and who lost
//! which action on which resource, read from two access grids.
//!
//! Only allowed-ness counts. A cell that goes from an implicit deny to an
//! explicit deny (or back) is not a change of access: the principal could
//! not act before and cannot act after, so it is not reported.

use std::collections::BTreeMap;

use super::eval::Decision;
use super::grid::{self, Column, Grid};
use super::model::Org;

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
                "{} on {}: {} by {}\n",
                group.action,
                group.on,
                group.verb(),
                count(&names)
            ));
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
                    grid::describe(before),
                    grid::describe(after),
                ));
            }
        }
        out
    }

    /// The changes by column and direction, the groups that touch most
    /// principals first; ties keep column order, losses before gains.
    fn groups(&self) -> Vec<Group<'_>> {
        let mut by_column: BTreeMap<(&Column, bool), Vec<&Change>> = BTreeMap::new();
        for (changes, gained) in [(&self.lost, false), (&self.gained, true)] {
            for c in changes {
                by_column.entry((&c.column, gained)).or_default().push(c);
            }
        }
        let columns: Vec<Column> = by_column.keys().map(|(c, _)| (*c).clone()).collect();
        let labels: BTreeMap<&Column, String> =
            columns.iter().zip(grid::labels(&columns)).collect();
        let mut groups: Vec<Group<'_>> = by_column
            .into_iter()
            .map(|((column, gained), changes)| {
                let label = &labels[column];
                let (action, on) = label.split_once(' ').unwrap_or((label, "*"));
                Group {
                    action: action.to_string(),
                    on: on.to_string(),
                    gained,
                    changes,
                }
            })
            .collect();
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
                format!("{} on {}: {} by {}", g.action, g.on, g.verb(), who(&names))
            })
            .collect()
    }
}

/// The changes of one column in one direction.
struct Group<'a> {
    action: String,
    /// The resource, `*` for any.
    on: String,
    gained: bool,
    changes: Vec<&'a Change>,
}

impl Group<'_> {
    fn verb(&self) -> &'static str {
        if self.gained { "gained" } else { "lost" }
    }
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
                let labels = grid::labels(&owned);
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

/// What changed between two organizations, on the default columns of both.
pub fn diff_orgs(before: &Org, after: &Org) -> AccessDiff {
    let mut columns = grid::default_columns(before);
    columns.extend(grid::default_columns(after));
    grid::sort_columns(&mut columns);
    diff_on(before, after, &columns)
}

/// What changed between two organizations, on the columns given.
pub fn diff_on(before: &Org, after: &Org, columns: &[Column]) -> AccessDiff {
    diff_grids(
        &grid::compute(before, columns),
        &grid::compute(after, columns),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
