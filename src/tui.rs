//! The event loop, generic over the terminal backend and the source of
//! events, so tests run the whole app on a `TestBackend` with scripted
//! events; and the real terminal's set-up and restore.

use std::collections::VecDeque;
use std::io;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};

use crate::app::{Action, App, HitMap, keymap};
use crate::ui;

/// How often a demo's typing moves on while it animates.
pub const FRAME: Duration = Duration::from_millis(16);

/// How often a countdown on screen is redrawn.
pub const CLOCK: Duration = Duration::from_millis(250);

/// Where events come from.
pub trait Events {
    /// The next event; waits for ever when `timeout` is `None`. `Ok(None)`
    /// means the timeout passed, or (for a script) that it has ended.
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>>;

    /// A script that has run out ends the loop.
    fn exhausted(&self) -> bool {
        false
    }
}

/// The real terminal's events.
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Event>> {
        match timeout {
            // Blocks: no work at all while nothing happens.
            None => event::read().map(Some),
            Some(t) => {
                if event::poll(t)? {
                    event::read().map(Some)
                } else {
                    Ok(None)
                }
            }
        }
    }
}

/// Events from a list, for tests.
#[derive(Debug, Default)]
pub struct Script(pub VecDeque<Event>);

impl Events for Script {
    fn next(&mut self, _timeout: Option<Duration>) -> io::Result<Option<Event>> {
        Ok(self.0.pop_front())
    }

    fn exhausted(&self) -> bool {
        self.0.is_empty()
    }
}

/// Held while the app draws, updates and saves. A signal that ends the
/// process waits for it, so the terminal is never given back in the middle
/// of a frame, nor the process ended in the middle of a save.
pub static BUSY: Mutex<()> = Mutex::new(());

fn busy() -> std::sync::MutexGuard<'static, ()> {
    BUSY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Gives the terminal back, as a normal exit does, when SIGTERM, SIGHUP,
/// SIGINT or SIGQUIT ends the app (a thread waits for them, then for the
/// app to finish the step it is on), and on an abort (restored from the
/// signal handler itself, since an abort does not wait). Call it before the
/// terminal is set up: it remembers the terminal's settings as they are.
#[cfg(unix)]
pub fn restore_on_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGABRT, SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    abort::remember();
    // SAFETY: the handler only calls tcsetattr and write, which POSIX
    // lists as async-signal-safe, on data set once before it is installed.
    unsafe { signal_hook::low_level::register(SIGABRT, abort::restore)? };
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            // The main thread never gives this back once it is taken here.
            let guard = busy();
            restore_terminal();
            std::mem::forget(guard);
            // Ends the process the way the signal would have.
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

#[cfg(not(unix))]
pub fn restore_on_signals() -> io::Result<()> {
    Ok(())
}

/// What a normal exit does to the terminal: mouse and paste modes off, the
/// main screen, cooked mode, the cursor shown.
pub fn restore_terminal() {
    use std::io::Write;

    use ratatui::crossterm::cursor::Show;
    use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture};
    use ratatui::crossterm::execute;
    use ratatui::crossterm::terminal::{LeaveAlternateScreen, disable_raw_mode};

    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restoring the terminal from inside a SIGABRT handler, where almost
/// nothing may be called: the settings are kept from the start, and the
/// escape sequences are written with one `write`.
#[cfg(unix)]
mod abort {
    use std::sync::OnceLock;

    static ORIGINAL: OnceLock<libc::termios> = OnceLock::new();

    /// Mouse modes, bracketed paste and the alternate screen off, the
    /// cursor on: what crossterm's own commands write.
    const RESTORE: &[u8] =
        b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";

    pub fn remember() {
        // SAFETY: tcgetattr writes into the zeroed struct it is given.
        unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0 {
                let _ = ORIGINAL.set(t);
            }
        }
    }

    pub fn restore() {
        // SAFETY: every call is async-signal-safe; the buffers are static.
        unsafe {
            if let Some(t) = ORIGINAL.get() {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
            }
            libc::write(libc::STDOUT_FILENO, RESTORE.as_ptr().cast(), RESTORE.len());
            // The process ends as SIGABRT ends it, also when the signal was
            // sent by another process (abort() itself would end it anyway):
            // the signal is raised again with its default action, and is
            // delivered as this handler returns.
            libc::signal(libc::SIGABRT, libc::SIG_DFL);
            libc::raise(libc::SIGABRT);
        }
    }
}

/// Runs `app` in the real terminal until it quits, and gives the terminal
/// back however it ends: a normal exit, an error, a panic, a signal or an
/// abort. `after` runs after every step (the host saves there). An error
/// says what failed, for the binary to print.
pub fn in_terminal(app: &mut App, after: &mut dyn FnMut(&mut App)) -> Result<(), String> {
    use std::io::Write;

    use ratatui::crossterm::event::{
        DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    };
    use ratatui::crossterm::execute;

    // A signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT) or an abort gives the
    // terminal back as a normal exit does; work is kept as it goes. Set up
    // first, while the terminal is still as the learner had it.
    restore_on_signals().map_err(|e| format!("cannot watch for signals: {e}"))?;
    let mut terminal =
        ratatui::try_init().map_err(|e| format!("cannot set up the terminal: {e}"))?;
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
    let result = run(&mut terminal, app, &mut TerminalEvents, after);
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
    let _ = io::stdout().flush();
    result.map_err(|e| e.to_string())
}

/// Applies an action and every follow-up it asks for.
pub fn apply(app: &mut App, action: Action) {
    let mut next = Some(action);
    while let Some(a) = next {
        next = app.update(a);
    }
}

/// Draws, waits for an event, updates; until the app quits or a script
/// ends. `after` runs after every update (the host saves progress there).
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut dyn Events,
    after: &mut dyn FnMut(&mut App),
) -> io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut hits = HitMap::default();
    let start = Instant::now();
    loop {
        {
            let _busy = busy();
            terminal
                .draw(|frame| hits = ui::render(app, frame))
                .map_err(io::Error::other)?;
        }
        if app.should_quit() {
            return Ok(());
        }
        let timeout = if app.animating() {
            Some(FRAME)
        } else if app.wants_clock() {
            Some(CLOCK)
        } else {
            None
        };
        let event = events.next(timeout)?;
        let _busy = busy();
        // A countdown on screen hears the clock after every wake-up.
        if app.wants_clock() {
            apply(app, Action::Clock(start.elapsed().as_millis() as u64));
        }
        match event {
            Some(event) => {
                for action in keymap::actions_for(app, &event, &hits) {
                    apply(app, action);
                }
            }
            None if events.exhausted() => return Ok(()),
            None if app.animating() => apply(app, Action::Tick),
            None => {}
        }
        after(app);
        if app.should_quit() {
            return Ok(());
        }
    }
}
