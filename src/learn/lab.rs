//! A lab session: the sandbox with a goal checklist that is re-checked after
//! every command, a hint ladder, and the reference solution on request.

use crate::content::goal_report::{self, Verdict};
use crate::content::goals::{self, OrgSource};
use crate::content::schema::Lab;
use crate::iam::model::Org;
use crate::shell::{Outcome, Shell};

#[derive(Debug, Clone)]
pub struct LabSession {
    pub lab: Lab,
    pub shell: Shell,
    /// Whether each goal is met, in the lab's order.
    pub met: Vec<bool>,
    /// How many hints have been shown.
    pub hints_shown: usize,
    /// Commands run so far (for par).
    pub commands: usize,
    pub solution_shown: bool,
    /// The organization the lab began from: goals tell a user deleted by
    /// the learner from one not made yet.
    pub start: Org,
}

/// What a command changed in the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoalChanges {
    pub newly_met: Vec<usize>,
    pub newly_lost: Vec<usize>,
}

impl LabSession {
    pub fn new(lab: &Lab, orgs: OrgSource<'_>) -> Result<LabSession, String> {
        let mut shell = goals::build(&lab.start, orgs)?;
        // The setup is the lab's floor: undo never takes it apart, and
        // `reset` comes back to it.
        shell.mark_start();
        let mut s = LabSession {
            lab: lab.clone(),
            start: shell.org.clone(),
            shell,
            met: vec![false; lab.goals.len()],
            hints_shown: 0,
            commands: 0,
            solution_shown: false,
        };
        s.recheck();
        Ok(s)
    }

    /// A session carried on from kept work: the shell as it was left, and
    /// the counts so far; the goals are checked again.
    pub fn resume(
        lab: &Lab,
        shell: Shell,
        hints_shown: usize,
        commands: usize,
        solution_shown: bool,
    ) -> LabSession {
        let mut s = LabSession {
            lab: lab.clone(),
            // The shell keeps where the lab started: its `reset` point.
            start: shell.start().clone(),
            shell,
            met: vec![false; lab.goals.len()],
            hints_shown: hints_shown.min(lab.hints.len()),
            // Kept work is a file: a count no one can reach is a damaged one.
            commands: commands.min(crate::learn::progress::COUNT_MAX),
            solution_shown,
        };
        s.recheck();
        s
    }

    /// Re-checks every goal after `line` was run in the lab's shell (by
    /// `run`, or by a host that ran it itself).
    pub fn recheck_after(&mut self, line: &str) -> GoalChanges {
        if !line.trim().is_empty() {
            self.commands = self.commands.saturating_add(1);
        }
        self.recheck()
    }

    fn recheck(&mut self) -> GoalChanges {
        let mut p = GoalChanges::default();
        for (i, g) in self.lab.goals.iter().enumerate() {
            let (org, home) = (&self.shell.org, self.shell.home.as_str());
            let now =
                goal_report::judge(org, home, &g.check, Some(&self.start)).is_ok_and(|v| v.met);
            match (self.met[i], now) {
                (false, true) => p.newly_met.push(i),
                (true, false) => p.newly_lost.push(i),
                _ => {}
            }
            self.met[i] = now;
        }
        p
    }

    /// Runs a sandbox command and re-checks every goal.
    pub fn run(&mut self, line: &str) -> (Outcome, GoalChanges) {
        let outcome = self.shell.run(line);
        let progress = self.recheck_after(line);
        (outcome, progress)
    }

    /// Why goal `i` is met or not, in the engine's words; `None` past the
    /// last goal.
    pub fn verdict(&self, i: usize) -> Option<Verdict> {
        let goal = self.lab.goals.get(i)?;
        let (org, home) = (&self.shell.org, self.shell.home.as_str());
        Some(
            goal_report::judge(org, home, &goal.check, Some(&self.start)).unwrap_or_else(|e| {
                Verdict {
                    met: false,
                    lines: vec![format!("this goal cannot be decided: {e}")],
                }
            }),
        )
    }

    pub fn solved(&self) -> bool {
        self.met.iter().all(|m| *m)
    }

    /// The next hint on the ladder, if any is left.
    pub fn next_hint(&mut self) -> Option<&str> {
        let h = self.lab.hints.get(self.hints_shown)?;
        self.hints_shown += 1;
        Some(h)
    }

    /// The reference solution; asking marks the lab as helped.
    pub fn solution(&mut self) -> &[String] {
        self.solution_shown = true;
        &self.lab.solution
    }

    /// Met par: solved in no more commands than par, without the solution.
    pub fn met_par(&self) -> bool {
        self.solved()
            && !self.solution_shown
            && self.lab.par.is_some_and(|p| self.commands <= p as usize)
    }
}

/// Whether a lab's solution writes a policy document (a permissions,
/// trust or bucket policy): its intro then points to the editor.
pub fn needs_policy_document(lab: &Lab) -> bool {
    lab.solution.iter().any(|cmd| {
        cmd.split_whitespace()
            .any(|w| w.ends_with("policy-document") || w == "--policy")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::schema::{Check, Goal, Setup};

    fn lab(solution: &[&str]) -> Lab {
        Lab {
            id: "t".into(),
            title: "T".into(),
            story: "S".into(),
            start: Setup::Commands(Vec::new()),
            goals: vec![
                Goal {
                    text: "john exists".into(),
                    check: Check::UserExists("john".into()),
                },
                Goal {
                    text: "john cannot delete users".into(),
                    check: Check::Access {
                        principal: "john".into(),
                        action: "iam:DeleteUser".into(),
                        resource: "*".into(),
                        allowed: false,
                        context: Vec::new(),
                    },
                },
            ],
            hints: vec!["h".into()],
            solution: solution.iter().map(|s| s.to_string()).collect(),
            par: None,
        }
    }

    #[test]
    fn a_lab_writing_policies_is_told_apart_from_one_that_does_not() {
        assert!(needs_policy_document(&lab(&[
            "aws iam put-user-policy --user-name j --policy-name P --policy-document '{}'"
        ])));
        assert!(needs_policy_document(&lab(&[
            "aws iam create-role --role-name R --assume-role-policy-document file://trust.json"
        ])));
        assert!(needs_policy_document(&lab(&[
            "aws s3api put-bucket-policy --bucket b --policy '{}'"
        ])));
        assert!(!needs_policy_document(&lab(&[
            "aws iam add-user-to-group --group-name Developers --user-name lena",
            "aws iam attach-group-policy --group-name G --policy-arn arn:aws:iam::aws:policy/X",
        ])));
    }

    #[test]
    fn a_verdict_agrees_with_the_checklist() {
        let orgs = |_: &str| None;
        let mut s = LabSession::new(&lab(&[]), &orgs).unwrap();
        // Nobody yet: "john cannot delete users" is not met.
        assert_eq!(s.met, [false, false]);
        let v = s.verdict(1).unwrap();
        assert!(!v.met);
        assert_eq!(v.lines[0], "user john does not exist yet");
        s.run("aws iam create-user --user-name john");
        assert_eq!(s.met, [true, true]);
        assert!(s.verdict(1).unwrap().met);
        assert_eq!(s.verdict(2), None);
    }
}
