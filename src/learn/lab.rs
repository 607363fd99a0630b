//! A lab session: the sandbox with a goal checklist that is re-checked after
//! every command, a hint ladder, and the reference solution on request.

use crate::content::goals::{self, OrgSource};
use crate::content::schema::Lab;
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
}

/// What a command changed in the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
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
            shell,
            met: vec![false; lab.goals.len()],
            hints_shown: hints_shown.min(lab.hints.len()),
            commands,
            solution_shown,
        };
        s.recheck();
        s
    }

    /// Re-checks every goal after `line` was run in the lab's shell (by
    /// `run`, or by a host that ran it itself).
    pub fn recheck_after(&mut self, line: &str) -> Progress {
        if !line.trim().is_empty() {
            self.commands += 1;
        }
        self.recheck()
    }

    fn recheck(&mut self) -> Progress {
        let mut p = Progress::default();
        for (i, g) in self.lab.goals.iter().enumerate() {
            let now = goals::met(&self.shell.org, &self.shell.home, &g.check).unwrap_or(false);
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
    pub fn run(&mut self, line: &str) -> (Outcome, Progress) {
        let outcome = self.shell.run(line);
        let progress = self.recheck_after(line);
        (outcome, progress)
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
