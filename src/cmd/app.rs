//! `iamtutor` with no subcommand: the app in the terminal.

use std::process::ExitCode;
use std::time::Duration;

use iamtutor::app::{App, Host};
use iamtutor::shell::{Outcome, Shell};
use iamtutor::store::work::WorkStore;
use ratatui::crossterm::event;

use super::cli::Cli;
use super::{common, host};

/// Real files, for `export ... --to FILE` and `import FILE` in the sandbox.
/// The learner types those commands themselves, so they reach anywhere the
/// learner can; a write outside the current folder, or over a file, is
/// asked about first (`needs_asking`).
struct FileHost;

impl Host for FileHost {
    fn carry_out(&mut self, shell: &mut Shell, outcome: Outcome) -> Outcome {
        host::carry_out(shell, outcome, host::Reach::Anywhere)
    }

    fn needs_asking(&self, effect: &iamtutor::shell::Effect) -> Option<String> {
        host::needs_asking(effect)
    }
}

/// Opens the app on its home screen.
pub fn run(cli: &Cli) -> ExitCode {
    run_opening(cli, &mut |_| {})
}

/// Opens the app, then lets `open` put a screen on top of home.
pub fn run_opening(cli: &Cli, open: &mut dyn FnMut(&mut App)) -> ExitCode {
    let course = match common::load_course(cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if !common::has_terminal() {
        errln!(
            "iamtutor: the course needs a terminal to draw in; \
             `iamtutor --help` lists the commands that run without one"
        );
        return ExitCode::FAILURE;
    }
    // Quizzes are shuffled from a seed; without --seed, from the clock.
    let seed = cli.seed.unwrap_or_else(common::clock_seed);
    // A newer progress file stops the app with its message; a damaged one
    // becomes a notice.
    let opened = common::open_store(cli).and_then(|store| {
        let loaded = store.load().map_err(|e| e.to_string())?;
        Ok((store, loaded))
    });
    let (store, loaded) = match opened {
        Ok(o) => o,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Saves a crash or a signal interrupted leave temporary files behind.
    store.clean_leftovers();
    let mut app = common::new_app(cli, course, loaded.progress, seed);
    app.today = common::today();
    app.notice = loaded.notice;
    app.host = Box::new(FileHost);
    app.keeper = Box::new(host::FileKeeper(WorkStore::new(store.work_dir())));
    app.refresh_sandboxes();
    open(&mut app);

    // Saved after every step; a failed save is said on screen, and the
    // next step tries again. What is being typed is kept when the learner
    // pauses (no input waiting), so a paste is not written key by key.
    let mut save = |app: &mut App| {
        let paused = app.should_quit() || !event::poll(Duration::ZERO).unwrap_or(false);
        app.keep_work(paused);
        if app.progress_dirty {
            match store.save(&app.progress) {
                Ok(()) => app.progress_dirty = false,
                Err(e) => app.say(format!("progress not saved: {e}")),
            }
        }
    };
    common::in_terminal(&mut app, &mut save)
}
