//! The sandbox's views of the organization as a whole: what the advisor
//! finds, who can do what, how power could leak, and what the last change
//! did to access. The engine computes; these commands only pick and print.

use super::{MAX_TRACKED_PRINCIPALS, Outcome, Shell, access_comparable};
use crate::iam::{access_diff, access_grid, advisor, call_request, paths};

impl Shell {
    /// `advise [RULE]`: the advisor's findings, all or one rule's.
    pub(super) fn advise(&self, args: &[String]) -> Outcome {
        let rule = match args {
            [] => None,
            [id] => match advisor::Rule::parse(id) {
                Some(r) => Some(r),
                None => {
                    let known: Vec<&str> = advisor::Rule::ALL.iter().map(|r| r.id()).collect();
                    return Outcome::err(format!(
                        "advise: no rule `{id}`; the rules are {}\n",
                        known.join(", ")
                    ));
                }
            },
            _ => return Outcome::err("usage: advise [RULE]\n"),
        };
        // One rule's fixes must work without the others' steps.
        let findings = advisor::advise_rules(&self.org, rule.as_slice());
        Outcome::out(advisor::to_text(&findings))
    }

    /// `matrix [ACTION[=RESOURCE] ...]`: who can do what, as a table.
    pub(super) fn matrix(&self, args: &[String]) -> Outcome {
        let columns = if args.is_empty() {
            access_grid::default_columns(&self.org)
        } else {
            match access_grid::parse_columns(args, &self.org) {
                Ok(c) => c,
                Err(e) => return Outcome::err(format!("matrix: {e}\n")),
            }
        };
        Outcome::out(access_grid::to_text(&access_grid::compute(
            &self.org, &columns,
        )))
    }

    /// `paths [NAME]`: escalation paths of one principal, or of everyone.
    pub(super) fn paths(&self, args: &[String]) -> Outcome {
        match args {
            [] => Outcome::out(paths::all_to_text(&paths::all_paths(&self.org))),
            [name] => match self.org.resolve_principal(name, &self.home) {
                Ok(caller) => {
                    Outcome::out(paths::to_text(name, &paths::paths_from(&self.org, &caller)))
                }
                Err(e) => Outcome::err(format!("paths: {e}\n")),
            },
            _ => Outcome::err("usage: paths [USER | role/NAME]\n"),
        }
    }

    /// `changes`: what the last change did to access, cell by cell.
    pub(super) fn changes(&self) -> Outcome {
        let Some(before) = self.timeline.undo.last().map(|v| &v.org) else {
            return Outcome::out(
                "No change yet: `changes` compares the organization before and after the last command that changed it.\n",
            );
        };
        if !access_comparable(before) || !access_comparable(&self.org) {
            return Outcome::err(format!(
                "changes: this organization has more than {MAX_TRACKED_PRINCIPALS} users and roles; compare saved copies with `iamtutor diff A B` instead.\n"
            ));
        }
        // Say first what question each cell answers, then the changes.
        Outcome::out(format!(
            "{}\n{}",
            call_request::assumed_text(),
            access_diff::diff_orgs(before, &self.org).to_text()
        ))
    }
}
