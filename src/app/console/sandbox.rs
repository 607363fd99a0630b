//! The free sandbox: a console over an account of the learner's own, and
//! the commands that move between sandboxes.

use super::command_line::{Handled, run_line};
use super::keeping::{find_work, keep_console, keep_now, reopen};
use super::{Ask, Console, LineKind, access_grid};
use crate::app::keep::{self, Slot};
use crate::app::{Action, App, KeyScope, Step};
use crate::content::words::plural;
use crate::iam::model::Org;
use crate::shell::Shell;

/// The free sandbox: an account of the learner's own, kept under a name.
#[derive(Debug)]
pub struct SandboxView {
    /// The name it is kept under (`default` unless the learner chose one).
    pub name: String,
    pub shell: Shell,
    pub console: Console,
}

const SANDBOX_WELCOME: &str = "An empty AWS account, all yours; you are its administrator. Type AWS \
     CLI commands (aws iam create-user --user-name john), or `help`. Tab completes, Up recalls, \
     F2 shows why the last call was allowed or denied. Everything is kept as you go: leave and \
     come back whenever you like.";

impl SandboxView {
    /// A new, empty sandbox called `name`.
    pub fn new_named(name: &str) -> SandboxView {
        let mut console = Console::default();
        console.say(LineKind::Info, SANDBOX_WELCOME);
        let mut shell = Shell::new(Org::new());
        shell.track_access = true;
        SandboxView {
            name: name.to_string(),
            shell,
            console,
        }
    }

    pub fn new() -> SandboxView {
        SandboxView::new_named(keep::DEFAULT_SANDBOX)
    }

    /// The sandbox kept as `name`, as it was left, or a new one.
    pub fn open(app: &mut App, name: &str) -> SandboxView {
        let work = find_work(app, &Slot::Sandbox(name.to_string()));
        app.progress.sandbox = Some(name.to_string());
        app.mark_progress();
        let Ok(Some(work)) = work else {
            let mut view = SandboxView::new_named(name);
            view.console.unsaved = true;
            view.console.not_kept = work.is_err();
            return view;
        };
        let (shell, mut console, draft) = reopen(work);
        console.welcome_back(
            &format!(
                "Welcome back to the sandbox `{name}`, as you left it ({}).",
                plural(shell.history.len(), "command")
            ),
            draft,
        );
        SandboxView {
            name: name.to_string(),
            shell,
            console,
        }
    }

    pub fn key_scope(&self) -> KeyScope {
        self.console.key_scope()
    }

    /// Hands the sandbox to the keeper if it changed; what is being typed
    /// only when `typing` (the learner paused).
    pub fn keep(&mut self, keeper: &mut dyn keep::Keeper, typing: bool) -> Result<(), String> {
        let slot = Slot::Sandbox(self.name.clone());
        keep_console(&mut self.console, &self.shell, keeper, &slot, None, typing)
    }
}

impl Default for SandboxView {
    fn default() -> Self {
        SandboxView::new()
    }
}

pub fn update_sandbox(app: &mut App, view: &mut SandboxView, action: Action) -> Step {
    crate::app::sandbox_shell::equip(&app.course, &mut view.shell);
    if view.console.asking == Some(Ask::WriteFile) {
        view.console
            .answer_write(app.host.as_mut(), &mut view.shell, action);
        return Step::Stay;
    }
    if view.console.asking == Some(Ask::NewSandbox) {
        match action {
            Action::Confirm(true) | Action::Open => {
                view.console.asking = None;
                start_over(app, view);
            }
            Action::Confirm(false) | Action::Back => {
                view.console.asking = None;
                view.console.say(LineKind::Info, "kept as it is");
            }
            _ => {}
        }
        return Step::Stay;
    }
    if view.console.editor.is_some() {
        view.console.edit(&mut view.shell, action);
        return Step::Stay;
    }
    match view.console.handle(&view.shell, action) {
        Handled::Nothing => {}
        Handled::Leave => {
            keep_now(app, |k| view.keep(k, true));
            return Step::Pop;
        }
        Handled::Access => return access_grid(&view.shell),
        Handled::Run(line) => {
            if let Some(step) = sandbox_command(app, view, &line) {
                return step;
            }
            run_line(app, &mut view.console, &mut view.shell, &line);
        }
    }
    Step::Stay
}

/// `new`, `reset`, `save NAME` and `open NAME` in the sandbox: they start
/// over or move between sandboxes, which only the app can do. `None` for
/// every other line.
fn sandbox_command(app: &mut App, view: &mut SandboxView, line: &str) -> Option<Step> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let say = |view: &mut SandboxView, kind: LineKind, text: &str| {
        view.console.say(kind, text);
        view.console.unsaved = true;
    };
    match words.as_slice() {
        ["new"] | ["reset"] => {
            view.console.asking = Some(Ask::NewSandbox);
            Some(Step::Stay)
        }
        ["new", name] => {
            if !keep::valid_sandbox_name(name) {
                say(view, LineKind::Err, &bad_name(name));
            } else if app.sandbox_exists(name) {
                say(
                    view,
                    LineKind::Err,
                    &format!(
                        "new: a sandbox named `{name}` exists already: `open {name}` goes there"
                    ),
                );
            } else {
                keep_now(app, |k| view.keep(k, true));
                let mut fresh = SandboxView::new_named(name);
                fresh.console.unsaved = true;
                fresh.console.say(
                    LineKind::Info,
                    &format!(
                        "This is the new sandbox `{name}`; `{}` is kept (`open {}` goes back).",
                        view.name, view.name
                    ),
                );
                app.progress.sandbox = Some(name.to_string());
                app.mark_progress();
                keep_now(app, |k| fresh.keep(k, true));
                app.refresh_sandboxes();
                return Some(Step::Replace(crate::app::Screen::Sandbox(Box::new(fresh))));
            }
            Some(Step::Stay)
        }
        ["save", name] if *name != view.name => {
            if !keep::valid_sandbox_name(name) {
                say(view, LineKind::Err, &bad_name(name));
                return Some(Step::Stay);
            }
            if app.sandbox_exists(name) {
                say(
                    view,
                    LineKind::Err,
                    &format!(
                        "save: a sandbox named `{name}` exists already; pick another name (`open {name}` goes there)"
                    ),
                );
                return Some(Step::Stay);
            }
            // The shell keeps the organization under the name (for
            // `load`), and the keeper keeps the whole sandbox (for `open`).
            run_line(app, &mut view.console, &mut view.shell, line);
            let mut copy = SandboxView {
                name: name.to_string(),
                shell: view.shell.clone(),
                console: Console::from_record(&view.console.record(None)),
            };
            copy.console.unsaved = true;
            keep_now(app, |k| copy.keep(k, false));
            app.refresh_sandboxes();
            say(
                view,
                LineKind::Info,
                &format!(
                    "The whole sandbox is kept as `{name}` too: `open {name}` switches to it, home lists it."
                ),
            );
            Some(Step::Stay)
        }
        ["open"] => {
            app.refresh_sandboxes();
            let names: Vec<String> = app
                .sandboxes
                .iter()
                .map(|s| {
                    if s.name == view.name {
                        format!("{} (this one)", s.name)
                    } else {
                        s.name.clone()
                    }
                })
                .collect();
            let text = if names.is_empty() {
                "Only this sandbox so far: `save NAME` keeps a copy, `new NAME` starts another."
                    .to_string()
            } else {
                format!("Sandboxes: {}. `open NAME` switches.", names.join(", "))
            };
            say(view, LineKind::Out, &text);
            Some(Step::Stay)
        }
        ["open", name] if *name == view.name => {
            say(
                view,
                LineKind::Info,
                &format!("open: you are in `{name}` already"),
            );
            Some(Step::Stay)
        }
        ["open", name] => {
            if !app.sandbox_exists(name) {
                say(
                    view,
                    LineKind::Err,
                    &format!(
                        "open: no sandbox named `{name}`; `open` lists them, `new {name}` makes one"
                    ),
                );
                return Some(Step::Stay);
            }
            keep_now(app, |k| view.keep(k, true));
            let other = SandboxView::open(app, name);
            Some(Step::Replace(crate::app::Screen::Sandbox(Box::new(other))))
        }
        ["open", ..] | ["new", ..] => {
            say(
                view,
                LineKind::Err,
                "usage: open [NAME] (switch sandboxes), new [NAME] (start an empty one)",
            );
            Some(Step::Stay)
        }
        _ => None,
    }
}

fn bad_name(name: &str) -> String {
    format!(
        "`{name}` cannot name a sandbox: use 1 to 40 letters, digits, `-`, `_` or `.`, not starting with `.`"
    )
}

/// `new` (or `reset`) confirmed: the account is empty again, as the
/// sandbox started; undo brings the organization back.
fn start_over(app: &mut App, view: &mut SandboxView) {
    let outcome = view.shell.run("reset");
    let outcome = app.host.carry_out(&mut view.shell, outcome);
    view.console.show(&outcome);
    if view.shell.acting != crate::shell::identity::Acting::Admin {
        let o = view.shell.run("as admin");
        view.console.show(&o);
    }
    view.console.unsaved = true;
}
