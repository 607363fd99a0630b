//! A lab: the console with a story, goals checked after every command,
//! the hint ladder and the solution behind a confirmation.

use super::command_line::{Handled, run_line};
use super::keeping::{find_work, keep_console, keep_now, reopen};
use super::{Ask, Console, LineKind, access_grid};
use crate::app::keep::{self, LabRecord, Restored, Slot};
use crate::app::{Action, App, KeyScope, Step};
use crate::content::words::plural;
use crate::learn::lab::LabSession;
use crate::learn::review::{self, CardKind};

/// A lab: the sandbox with a story and goals.
#[derive(Debug)]
pub struct LabView {
    pub session: LabSession,
    pub console: Console,
    /// The hints shown so far, in order.
    pub hints: Vec<String>,
    /// The lab was solved during this visit (said once).
    pub solved_said: bool,
    /// The lab after this one, offered when it is solved.
    pub next: Option<String>,
    /// Commands run during this visit: looking at a lab is not trying it.
    pub commands_this_visit: usize,
    /// The goals pane: F7 to pick a goal and see why.
    pub goals: crate::app::lab_goals::GoalsPane,
}

impl LabView {
    pub fn open(app: &mut App, id: &str) -> Result<LabView, String> {
        let (_, lab) = app
            .course
            .lab(id)
            .ok_or_else(|| format!("there is no lab `{id}`"))?;
        let lab = lab.clone();
        let next = app.course.next_lab(id).map(|l| l.id.clone());
        let fingerprint = keep::fingerprint(&lab);
        let work = find_work(app, &Slot::Lab(id.to_string()));
        app.progress.lab_started(id);
        app.mark_progress();
        let not_kept = work.is_err();
        if let Ok(Some(work)) = work
            && let Some(record) = work.screen.lab.clone()
            && record.fingerprint == fingerprint
        {
            return Ok(LabView::resume(&lab, work, record, next));
        }
        let course = &app.course;
        let mut session = LabSession::new(&lab, &|n| course.org(n))?;
        session.shell.track_access = true;
        let mut console = Console {
            show_tree: false,
            ..Console::default()
        };
        console.say(LineKind::Out, &lab.story);
        console.say(LineKind::Out, "");
        console.say(LineKind::Info, &crate::app::lab_goals::intro(&lab));
        console.unsaved = true;
        console.not_kept = not_kept;
        Ok(LabView {
            session,
            console,
            hints: Vec::new(),
            solved_said: false,
            next,
            commands_this_visit: 0,
            goals: Default::default(),
        })
    }

    /// A lab as the learner left it.
    fn resume(
        lab: &crate::content::schema::Lab,
        work: Restored,
        record: LabRecord,
        next: Option<String>,
    ) -> LabView {
        let (shell, mut console, draft) = reopen(work);
        let hints_shown = record.hints.len().min(lab.hints.len());
        let session = LabSession::resume(
            lab,
            shell,
            hints_shown,
            record.commands,
            record.solution_shown,
        );
        let met = session.met.iter().filter(|m| **m).count();
        console.welcome_back(
            &format!(
                "Welcome back: the lab is as you left it ({}, {met} of {} goals met). \
                 `reset` starts over.",
                plural(session.commands, "command"),
                session.met.len()
            ),
            draft,
        );
        LabView {
            session,
            console,
            hints: record.hints,
            solved_said: record.solved_said,
            next,
            commands_this_visit: 0,
            goals: Default::default(),
        }
    }

    pub fn key_scope(&self) -> KeyScope {
        match self.console.key_scope() {
            KeyScope::Console => self.goals.key_scope().unwrap_or(KeyScope::LabConsole),
            other => other,
        }
    }

    /// Hands the lab to the keeper if it changed (see `SandboxView::keep`).
    pub fn keep(&mut self, keeper: &mut dyn keep::Keeper, typing: bool) -> Result<(), String> {
        let s = &self.session;
        let record = LabRecord {
            fingerprint: keep::fingerprint(&s.lab),
            hints: self.hints.clone(),
            commands: s.commands,
            solution_shown: s.solution_shown,
            solved_said: self.solved_said,
        };
        let slot = Slot::Lab(s.lab.id.clone());
        keep_console(
            &mut self.console,
            &s.shell,
            keeper,
            &slot,
            Some(record),
            typing,
        )
    }

    fn hint(&mut self) {
        let of = self.session.lab.hints.len();
        match self.session.next_hint().map(str::to_string) {
            Some(h) => {
                let n = self.session.hints_shown;
                self.console
                    .say(LineKind::Info, &format!("hint {n}/{of}: {h}"));
                self.hints.push(h);
            }
            None => self.console.say(
                LineKind::Info,
                "no more hints: F5 (or `solution`) shows the reference solution",
            ),
        }
        self.console.scroll.home();
        self.console.unsaved = true;
    }

    fn show_solution(&mut self) {
        let lines = self.session.solution().to_vec();
        self.console.say(
            LineKind::Info,
            "the reference solution, one command a line:",
        );
        for l in lines {
            self.console.say(LineKind::Info, &format!("  {l}"));
        }
        self.console.scroll.home();
        self.console.unsaved = true;
    }
}

pub fn update_lab(app: &mut App, view: &mut LabView, action: Action) -> Step {
    crate::app::sandbox_shell::equip(&app.course, &mut view.session.shell);
    if view.console.asking == Some(Ask::WriteFile) {
        view.console
            .answer_write(app.host.as_mut(), &mut view.session.shell, action);
        return Step::Stay;
    }
    match view.console.asking {
        Some(Ask::Solution) => {
            match action {
                Action::Confirm(true) | Action::Open => {
                    view.console.asking = None;
                    view.show_solution();
                }
                Action::Confirm(false) | Action::Back => view.console.asking = None,
                _ => {}
            }
            return Step::Stay;
        }
        Some(Ask::ResetLab) => {
            match action {
                Action::Confirm(true) | Action::Open => {
                    view.console.asking = None;
                    after_command(app, view, "reset");
                    view.console.say(
                        LineKind::Info,
                        "The lab is back at its start. `undo` brings your work back.",
                    );
                }
                Action::Confirm(false) | Action::Back => {
                    view.console.asking = None;
                    view.console.say(LineKind::Info, "kept as it is");
                }
                _ => {}
            }
            return Step::Stay;
        }
        _ => {}
    }
    if view.console.editor.is_some() {
        view.console.edit(&mut view.session.shell, action);
        return Step::Stay;
    }
    let Some(action) = crate::app::lab_goals::update(view, action) else {
        return Step::Stay;
    };
    match action {
        Action::Hint => {
            view.hint();
            return Step::Stay;
        }
        Action::Solution => {
            view.console.asking = Some(Ask::Solution);
            return Step::Stay;
        }
        Action::Open if view.solved_said && view.console.input.is_empty() => {
            // Solved: Enter on an empty line goes on to the next lab.
            keep_now(app, |k| view.keep(k, true));
            return match view.next.clone() {
                Some(next) => match LabView::open(app, &next) {
                    Ok(v) => Step::Replace(crate::app::Screen::Lab(Box::new(v))),
                    Err(e) => {
                        app.say(e);
                        Step::Stay
                    }
                },
                None => Step::Pop,
            };
        }
        _ => {}
    }
    let line = match view.console.handle(&view.session.shell, action) {
        Handled::Nothing => return Step::Stay,
        Handled::Leave => {
            keep_now(app, |k| view.keep(k, true));
            leave_lab(app, view);
            return Step::Pop;
        }
        Handled::Access => return access_grid(&view.session.shell),
        Handled::Run(line) => line,
    };
    if crate::app::lab_goals::command(view, &line) {
        view.console.unsaved = true;
        return Step::Stay;
    }
    match line.trim() {
        "hint" => {
            view.hint();
            return Step::Stay;
        }
        "solution" => {
            view.console.asking = Some(Ask::Solution);
            return Step::Stay;
        }
        "reset" => {
            view.console.asking = Some(Ask::ResetLab);
            return Step::Stay;
        }
        l if l == "new" || l.starts_with("new ") || l == "open" || l.starts_with("open ") => {
            view.console.say(
                LineKind::Err,
                "new and open move between sandboxes (`s` on home); in a lab, `reset` starts over",
            );
            view.console.unsaved = true;
            return Step::Stay;
        }
        _ => {}
    }
    after_command(app, view, &line);
    Step::Stay
}

/// Runs a line in the lab and re-checks its goals.
fn after_command(app: &mut App, view: &mut LabView, line: &str) {
    // Lines the app handles itself (edit, clear) change no goal.
    let shell = &mut view.session.shell;
    if run_line(app, &mut view.console, shell, line).is_none() {
        return;
    }
    view.commands_this_visit += 1;
    let progress = view.session.recheck_after(line);
    for i in &progress.newly_met {
        let text = view.session.lab.goals[*i].text.clone();
        view.console
            .say(LineKind::Good, &format!("✓ goal met: {text}"));
    }
    for i in &progress.newly_lost {
        let text = view.session.lab.goals[*i].text.clone();
        view.console
            .say(LineKind::Err, &format!("✗ goal lost: {text}"));
    }
    if view.session.solved() && !view.solved_said {
        view.solved_said = true;
        let s = &view.session;
        let id = s.lab.id.clone();
        let par = if s.met_par() {
            " within par".to_string()
        } else {
            String::new()
        };
        let mut msg = format!(
            "★ Lab solved{par}: every goal is met, in {}.",
            plural(s.commands, "command")
        );
        msg.push_str(match &view.next {
            Some(_) => " Press Enter on an empty line for the next lab, Esc to leave.",
            None => " That was the last lab. Esc to leave.",
        });
        let (hints, shown, met_par) = (s.hints_shown, s.solution_shown, s.met_par());
        view.console.say(LineKind::Good, &msg);
        app.progress.lab_result(&id, hints, shown, met_par);
        app.progress.lab_solved_in(&id, view.session.commands);
        app.mark_progress();
    }
}

/// Leaving a lab that was tried but not solved: its unmet goals come
/// back in review. Only a visit that ran commands counts as trying, and
/// a lab solved before is never reviewed for being looked at.
fn leave_lab(app: &mut App, view: &LabView) {
    let id = view.session.lab.id.clone();
    let solved_before = app.progress.labs.get(&id).is_some_and(|l| l.solved);
    if view.commands_this_visit == 0 || view.session.solved() || solved_before {
        return;
    }
    for (i, met) in view.session.met.iter().enumerate() {
        if !met {
            review::add(
                &mut app.progress.review,
                CardKind::LabGoal(id.clone(), i),
                app.today,
            );
        }
    }
    app.mark_progress();
}
