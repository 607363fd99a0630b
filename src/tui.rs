//! The event loop, generic over the terminal backend and the source of
//! events, so tests run the whole app on a `TestBackend` with scripted
//! events; and the real terminal's set-up and restore.

use std::collections::VecDeque;
use std::io;
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
        terminal
            .draw(|frame| hits = ui::render(app, frame))
            .map_err(io::Error::other)?;
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
