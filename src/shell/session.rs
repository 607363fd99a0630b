//! The sandbox's whole state as plain data to keep between runs: what a
//! host writes after every command so that leaving, quitting or a crash
//! loses nothing, and reads back to carry on.
//!
//! Organizations are not inside the record: it names each state by its
//! number (see `undo`), and the host keeps one organization file per
//! number. A command adds one state, so one file is written per command
//! however deep the undo stack is.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Shell;
use super::identity::{Acting, Profile};
use super::undo::{Timeline, Version};
use crate::iam::eval::Evaluation;
use crate::iam::model::Org;

/// The highest state number a record may hold: one new state a command,
/// a billion commands.
const MAX_STATE: u64 = 1 << 40;

/// Everything of a `Shell` but its organizations, which it names by number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShellRecord {
    pub home: String,
    pub acting: Acting,
    pub profiles: BTreeMap<String, Profile>,
    pub files: BTreeMap<String, String>,
    pub history: Vec<String>,
    pub last_evaluation: Option<Evaluation>,
    pub track_access: bool,
    /// The organization as it is now.
    pub org: u64,
    /// Where the sandbox started.
    pub initial: u64,
    /// Oldest first, each with the command that led away from it.
    pub undo: Vec<(u64, String)>,
    pub redo: Vec<(u64, String)>,
    pub saved: BTreeMap<String, u64>,
    pub next: u64,
}

impl Shell {
    /// The shell's state, with its organizations named by number.
    pub fn record(&self) -> ShellRecord {
        let t = &self.timeline;
        let numbered = |v: &[Version]| -> Vec<(u64, String)> {
            v.iter().map(|v| (v.id, v.command.clone())).collect()
        };
        ShellRecord {
            home: self.home.clone(),
            acting: self.acting.clone(),
            profiles: self.profiles.clone(),
            files: self.files.clone(),
            history: self.history.clone(),
            last_evaluation: self.last_evaluation.clone(),
            track_access: self.track_access,
            org: t.current,
            initial: t.initial.id,
            undo: numbered(&t.undo),
            redo: numbered(&t.redo),
            saved: self.saved.iter().map(|(k, v)| (k.clone(), v.id)).collect(),
            next: t.next,
        }
    }

    /// Every state the record names, with its number: the current one
    /// first, each number once.
    pub fn states(&self) -> Vec<(u64, &Org)> {
        let t = &self.timeline;
        let mut out = vec![(t.current, &self.org)];
        let others = std::iter::once(&t.initial)
            .chain(&t.undo)
            .chain(&t.redo)
            .chain(self.saved.values());
        for v in others {
            if !out.iter().any(|(id, _)| *id == v.id) {
                out.push((v.id, &v.org));
            }
        }
        out
    }

    /// A shell from a record and its organizations. Only the current one
    /// must be there; a state of the stacks that cannot be read is left
    /// out, and the answer says how many were.
    pub fn restore(
        record: ShellRecord,
        state: &mut dyn FnMut(u64) -> Result<Org, String>,
    ) -> Result<(Shell, usize), String> {
        // A record is a file, perhaps a damaged or crafted one: numbers no
        // shell could have counted up to are refused, not trusted.
        let ids = [record.org, record.initial, record.next]
            .into_iter()
            .chain(record.undo.iter().chain(&record.redo).map(|(id, _)| *id))
            .chain(record.saved.values().copied());
        if let Some(bad) = ids.into_iter().find(|id| *id > MAX_STATE) {
            return Err(format!(
                "state number {bad} is larger than any iamtutor counts to"
            ));
        }
        let org = state(record.org)?;
        let mut lost = 0;
        let mut version = |id: u64, command: String| match state(id) {
            Ok(org) => Some(Version { id, org, command }),
            Err(_) => {
                lost += 1;
                None
            }
        };
        let initial = version(record.initial, String::new()).unwrap_or_else(|| Version {
            id: record.org,
            org: org.clone(),
            command: String::new(),
        });
        let undo: Vec<Version> = record
            .undo
            .into_iter()
            .filter_map(|(id, c)| version(id, c))
            .collect();
        let redo: Vec<Version> = record
            .redo
            .into_iter()
            .filter_map(|(id, c)| version(id, c))
            .collect();
        let saved: BTreeMap<String, Version> = record
            .saved
            .into_iter()
            .filter_map(|(name, id)| version(id, String::new()).map(|v| (name, v)))
            .collect();
        // Numbers never go back: a number names one state for ever.
        let highest = std::iter::once(record.org)
            .chain(std::iter::once(initial.id))
            .chain(undo.iter().chain(&redo).chain(saved.values()).map(|v| v.id))
            .max()
            .unwrap_or(0);
        let mut shell = Shell {
            org,
            home: record.home,
            acting: record.acting,
            profiles: record.profiles,
            files: record.files,
            history: record.history,
            last_evaluation: record.last_evaluation,
            track_access: record.track_access,
            // What the host equips a shell with is given again by the host.
            brief_usage: false,
            named_orgs: Default::default(),
            kept_grid: None,
            saved,
            timeline: Timeline {
                current: record.org,
                next: record.next.max(highest + 1),
                initial,
                undo,
                redo,
            },
        };
        shell.settle_home();
        Ok((shell, lost))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::org_file;

    /// Keeps a shell the way a host does, as text, and reads it back.
    fn round_trip(shell: &Shell) -> Shell {
        let record = ron::to_string(&shell.record()).expect("a record serializes");
        let texts: BTreeMap<u64, String> = shell
            .states()
            .into_iter()
            .map(|(id, org)| (id, org_file::to_ron(org)))
            .collect();
        let record: ShellRecord = ron::from_str(&record).expect("a record reads back");
        let (back, lost) = Shell::restore(record, &mut |id| {
            let text = texts.get(&id).ok_or("missing")?;
            org_file::from_ron(text).map_err(|_| "broken".to_string())
        })
        .expect("the current state is there");
        assert_eq!(lost, 0);
        back
    }

    fn busy_shell() -> Shell {
        let mut s = Shell::new(Org::new());
        for cmd in [
            "aws iam create-user --user-name john",
            "aws iam create-group --group-name Developers",
            "aws iam add-user-to-group --user-name john --group-name Developers",
            "save grouped",
            "aws iam create-user --user-name sarah",
            "undo",
            "write p.json <<EOF\n{\"Version\":\"2012-10-17\",\"Statement\":[]}\nEOF",
            "aws configure set region eu-west-1 --profile dev",
            "as john",
            "aws s3 ls",
        ] {
            s.run(cmd);
        }
        s
    }

    #[test]
    fn a_shell_comes_back_whole() {
        let s = busy_shell();
        let back = round_trip(&s);
        assert_eq!(back.org, s.org);
        assert_eq!(back.files, s.files);
        assert_eq!(back.history, s.history);
        assert_eq!(back.acting, s.acting);
        assert_eq!(back.profiles, s.profiles);
        assert_eq!(back.last_evaluation, s.last_evaluation);
        assert!(back.last_evaluation.is_some(), "as john, s3 ls was decided");
        assert_eq!(back.timeline, s.timeline);
        assert_eq!(back.saved, s.saved);
    }

    #[test]
    fn undo_and_redo_work_after_coming_back() {
        let mut back = round_trip(&busy_shell());
        back.run("as admin");
        // sarah was undone: redo brings her back, and undo takes her away.
        let o = back.run("redo");
        assert!(o.ok, "{}", o.stderr);
        assert!(
            o.stdout.contains("create-user --user-name sarah"),
            "{}",
            o.stdout
        );
        assert!(
            back.org
                .account("111122223333")
                .is_some_and(|a| a.users.contains_key("sarah"))
        );
        back.run("undo");
        back.run("undo");
        assert!(
            back.org
                .account("111122223333")
                .is_some_and(|a| a.groups.contains_key("developers"))
        );
        let john = &back.org.account("111122223333").expect("home").users["john"];
        assert!(!john.groups.iter().any(|g| g == "developers"));
        let o = back.run("load grouped");
        assert!(o.ok, "{}", o.stderr);
    }

    #[test]
    fn each_state_is_named_once_and_a_new_state_gets_a_new_number() {
        let mut s = busy_shell();
        let before: Vec<u64> = s.states().iter().map(|(id, _)| *id).collect();
        let mut sorted = before.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), before.len());
        s.run("as admin");
        s.run("aws iam create-user --user-name mike");
        let after: Vec<u64> = s.states().iter().map(|(id, _)| *id).collect();
        assert!(
            !before.contains(&after[0]),
            "the new state has a new number"
        );
        // Everything else it names was named before: nothing to rewrite.
        assert!(after[1..].iter().all(|id| before.contains(id)));
    }

    #[test]
    fn a_missing_stack_state_is_left_out_and_counted() {
        let s = busy_shell();
        let record = s.record();
        let current = s.org.clone();
        let current_id = record.org;
        let (back, lost) = Shell::restore(record, &mut |id| {
            if id == current_id {
                Ok(current.clone())
            } else {
                Err("gone".into())
            }
        })
        .expect("the current state is enough");
        assert!(lost > 0);
        assert_eq!(back.org, s.org);
        assert_eq!(back.undo_depth(), 0);
    }
}
