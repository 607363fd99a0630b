//! A lab's goals pane as a place of its own: F7 gives it the keys, ↑↓ pick
//! a goal, Enter says why it is met or not (what the checker looked at, in
//! the engine's words), Esc gives the keys back to the command line. The
//! same explanation is a command, `goal N`, and `goal` lists the goals.
//!
//! Every explanation is also printed in the console, so it stays in the
//! scrollback; the pane shows it from its first line, where it can be read
//! at any size.

use std::cell::Cell;

use super::console::{LabView, LineKind};
use super::scroll::{self, Scroll};
use super::{Action, KeyScope, Target};
use crate::content::goal_report::Verdict;
use crate::content::schema::Lab;
use crate::content::words::plural;
use crate::learn::lab::needs_policy_document;

/// The goals pane's own state.
#[derive(Debug, Default)]
pub struct GoalsPane {
    /// The pane has the keys, not the command line.
    pub focused: bool,
    /// The goal picked, by index.
    pub selected: usize,
    /// The list's scroll.
    pub scroll: Scroll,
    /// Bring the picked goal into view at the next draw.
    pub follow: bool,
    /// One goal's explanation, shown in the pane instead of the list.
    pub why: Option<Why>,
    /// As last drawn: whether the screen has room for the pane at all (a
    /// narrow terminal has not).
    pub has_room: Cell<bool>,
    /// As last drawn: goals that fit in the pane at once, for PgUp / PgDn.
    pub page: Cell<usize>,
}

/// An explanation on show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Why {
    pub goal: usize,
    pub verdict: Verdict,
    /// The explanation's scroll.
    pub scroll: Scroll,
}

impl GoalsPane {
    /// The keys that apply while the pane has them.
    pub fn key_scope(&self) -> Option<KeyScope> {
        match (self.focused, &self.why) {
            (false, _) => None,
            (true, Some(_)) => Some(KeyScope::LabGoalWhy),
            (true, None) => Some(KeyScope::LabGoals),
        }
    }
}

/// The line a lab opens with, after its story: how goals are checked and
/// explained, and, for a lab that needs policy documents, the editor.
pub fn intro(lab: &Lab) -> String {
    let mut s = String::from(
        "The goals on the right are checked after every command; F7 (or `goal N`) says why \
         one is met or not. `hint` (F4) gives a hint, `solution` (F5) the answer.",
    );
    if needs_policy_document(lab) {
        s.push_str(
            " `edit policy.json` writes a policy document in an editor; \
             `file://policy.json` hands it to a command.",
        );
    }
    s
}

/// Keys and clicks for the goals pane. Returns the action when it is not
/// the pane's, for the lab to handle as usual.
pub fn update(view: &mut LabView, action: Action) -> Option<Action> {
    let count = view.session.lab.goals.len();
    let last = count.saturating_sub(1);
    // The terminal shrank under the pane: the keys go back to the line.
    if !view.goals.has_room.get() {
        view.goals.focused = false;
    }
    match action {
        Action::FocusGoals if view.goals.focused => {
            view.goals.focused = false;
            return None;
        }
        Action::FocusGoals => {
            if !view.goals.has_room.get() {
                // No room for the pane: the list comes to the console.
                list(view);
                return None;
            }
            // The tree or the trail may be over the goals: show them.
            view.console.show_why = false;
            view.console.show_tree = false;
            view.goals.focused = true;
            view.goals.follow = true;
            view.goals.selected = view.goals.selected.min(last);
            return None;
        }
        Action::Click(Target::Goal(i)) if i < count => {
            view.goals.focused = true;
            explain(view, i);
            return None;
        }
        Action::Click(Target::GoalsPane) => {
            view.goals.focused = true;
            return None;
        }
        Action::ScrollGoalsUp | Action::ScrollGoalsDown => {
            let up = action == Action::ScrollGoalsUp;
            let rows = scroll::WHEEL as isize;
            scroll_by(view, if up { -rows } else { rows });
            return None;
        }
        _ => {}
    }
    if !view.goals.focused {
        return Some(action);
    }
    let page = view.goals.page.get().max(1);
    if view.goals.why.is_some() {
        match action {
            Action::Up => scroll_by(view, -1),
            Action::Down => scroll_by(view, 1),
            Action::PageUp => scroll_by(view, -(scroll::PAGE as isize)),
            Action::PageDown => scroll_by(view, scroll::PAGE as isize),
            Action::First => scroll_by(view, isize::MIN / 2),
            Action::Last => scroll_by(view, isize::MAX / 2),
            Action::Back => {
                view.goals.why = None;
                view.goals.follow = true;
            }
            other => return leave_for(view, other),
        }
        return None;
    }
    let pick = |view: &mut LabView, i: usize| {
        view.goals.selected = i.min(last);
        view.goals.follow = true;
    };
    let at = view.goals.selected;
    match action {
        Action::Up => pick(view, at.saturating_sub(1)),
        Action::Down => pick(view, at + 1),
        Action::PageUp => pick(view, at.saturating_sub(page)),
        Action::PageDown => pick(view, at + page),
        Action::First => pick(view, 0),
        Action::Last => pick(view, last),
        Action::Open => explain(view, at),
        Action::Back => view.goals.focused = false,
        other => return leave_for(view, other),
    }
    None
}

/// A key the pane does not use: a letter goes back to the command line and
/// is typed there, so nothing typed is lost; hints and the solution work
/// from anywhere; anything else is ignored while the pane has the keys.
fn leave_for(view: &mut LabView, action: Action) -> Option<Action> {
    match action {
        Action::Type(_) => {
            view.goals.focused = false;
            Some(action)
        }
        Action::Hint | Action::Solution => Some(action),
        _ => None,
    }
}

/// Scrolls whatever the pane shows by `rows` (negative: up).
fn scroll_by(view: &mut LabView, rows: isize) {
    match view.goals.why.as_mut() {
        Some(why) => why.scroll.by(rows),
        None => {
            view.goals.scroll.by(rows);
            view.goals.follow = false;
        }
    }
}

/// A line typed in the lab: `goal`, `goal N`. Returns true when it was
/// one (it changes nothing, so it is not counted as a command). Any other
/// line is about to run: the explanation on show is put away, since the
/// command may change it.
pub fn command(view: &mut LabView, line: &str) -> bool {
    let mut words = line.split_whitespace();
    let first = words.next();
    if !matches!(first, Some("goal" | "goals")) {
        view.goals.why = None;
        return false;
    }
    let count = view.session.lab.goals.len();
    match (words.next(), words.next()) {
        (None, _) => list(view),
        (Some(n), None) => match n.parse::<usize>() {
            Ok(n) if (1..=count).contains(&n) => explain(view, n - 1),
            Ok(n) => view.console.say(
                LineKind::Err,
                &format!(
                    "there is no goal {n}: this lab has {} (`goal` lists them)",
                    plural(count, "goal")
                ),
            ),
            Err(_) => usage(view, count),
        },
        _ => usage(view, count),
    }
    view.console.scroll.home();
    true
}

fn usage(view: &mut LabView, count: usize) {
    view.console.say(
        LineKind::Err,
        &format!(
            "usage: goal N   (why goal N, 1 to {count}, is met or not; `goal` alone lists them)"
        ),
    );
}

/// Every goal with its mark, in the console.
fn list(view: &mut LabView) {
    let s = &view.session;
    let met = s.met.iter().filter(|m| **m).count();
    let mut text = format!(
        "{met} of {} met; `goal N` (or F7, then Enter) says why one is met or not:",
        s.met.len()
    );
    for (i, (g, m)) in s.lab.goals.iter().zip(&s.met).enumerate() {
        let mark = if *m { "✓" } else { "○" };
        text.push_str(&format!("\n  {:>2} {mark} {}", i + 1, g.text));
    }
    view.console.say(LineKind::Info, &text);
    view.console.scroll.home();
}

/// Why goal `i` is met or not: printed in the console, and shown in the
/// pane from its first line.
fn explain(view: &mut LabView, i: usize) {
    let Some(verdict) = view.session.verdict(i) else {
        return;
    };
    let goal = &view.session.lab.goals[i];
    let head = heading(i, view.session.lab.goals.len(), verdict.met, &goal.text);
    let kind = if verdict.met {
        LineKind::Good
    } else {
        LineKind::Info
    };
    view.console.say(kind, &head);
    for line in &verdict.lines {
        view.console.say(LineKind::Out, &format!("  {line}"));
    }
    view.console.scroll.home();
    view.goals.selected = i;
    view.goals.why = Some(Why {
        goal: i,
        verdict,
        scroll: Scroll::new(),
    });
}

/// "goal 3 of 10 ✓ met: John can start servers".
pub fn heading(i: usize, of: usize, met: bool, text: &str) -> String {
    let state = if met { "✓ met" } else { "○ not met" };
    format!("goal {} of {of} {state}: {text}", i + 1)
}
