//! `iamtutor` with no subcommand: the app in the terminal.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use iamtutor::app::{App, Host, ThemeName};
use iamtutor::shell::{Outcome, Shell};
use iamtutor::store::work::WorkStore;
use iamtutor::tui::{self, TerminalEvents};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

use super::cli::Cli;
use super::{course, host, progress};

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
    let course = match course::load(cli.course.as_deref()) {
        Ok(c) => c,
        Err(text) => {
            err!("{text}");
            return ExitCode::FAILURE;
        }
    };
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        errln!(
            "iamtutor: the course needs a terminal to draw in; \
             `iamtutor --help` lists the commands that run without one"
        );
        return ExitCode::FAILURE;
    }
    // Quizzes are shuffled from a seed; without --seed, from the clock.
    let seed = cli.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let store = match progress::open(cli) {
        Ok(s) => s,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (progress, notice) = match progress::load_for_app(&store) {
        Ok(p) => p,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Saves a crash or a signal interrupted leave temporary files behind.
    store.clean_leftovers();
    let mut app = App::new(course, progress, seed);
    app.today = progress::today();
    app.notice = notice;
    // --theme for this run; else the theme last picked with `t`.
    let remembered = app.progress.theme.as_deref().and_then(ThemeName::from_id);
    app.theme = cli
        .theme
        .as_deref()
        .and_then(ThemeName::from_id)
        .or(remembered)
        .unwrap_or_default();
    // https://no-color.org: present and not empty.
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
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
    in_terminal(&mut app, &mut save)
}

/// Runs `app` in the terminal until it quits, and gives the terminal back
/// however it ends; `after` runs after every step (the app saves there).
pub fn in_terminal(app: &mut App, after: &mut dyn FnMut(&mut App)) -> ExitCode {
    // A signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT) or an abort gives the
    // terminal back as a normal exit does; work is kept as it goes. Set up
    // first, while the terminal is still as the learner had it.
    if let Err(e) = tui::restore_on_signals() {
        errln!("iamtutor: cannot watch for signals: {e}");
        return ExitCode::FAILURE;
    }
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            errln!("iamtutor: cannot set up the terminal: {e}");
            return ExitCode::FAILURE;
        }
    };
    // ratatui's panic hook restores the screen; ours first gives the mouse
    // and paste modes back, so a panic leaves a usable terminal.
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        restore_screen(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    // Start listening for events now: crossterm notices a resize only once
    // its event source exists, so one between the first frame and the first
    // read would otherwise be lost. A zero poll consumes nothing.
    let _ = event::poll(Duration::ZERO);
    let result = tui::run(&mut terminal, app, &mut TerminalEvents, after);
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    let _ = io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("iamtutor: {e}");
            ExitCode::FAILURE
        }
    }
}
