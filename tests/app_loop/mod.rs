//! The whole loop (`tui::run`) on a `TestBackend` with scripted events; the
//! loop at every size down to nothing; and a walk over the key table: every
//! key of every binding, in every context, does what the binding says.

mod help;
mod setups;
mod walk;

use crate::app_kit;
use help::flat;
use setups::lesson_at;

use std::collections::VecDeque;

use app_kit::{Harness, buffer_text, ctrl_event, key_event, new_app};
use iamtutor::app::{Action, KeyScope, Overlay, Screen};
use iamtutor::tui::{self, Script};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};

fn script(events: Vec<Event>) -> Script {
    Script(VecDeque::from(events))
}

// The loop.

#[test]
fn read_lesson_one_go_home_and_quit() {
    let mut app = new_app();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut events = script(vec![
        key_event(KeyCode::Enter), // the first row: lesson 1
        key_event(KeyCode::Right),
        key_event(KeyCode::Char(' ')),
        key_event(KeyCode::Char('l')),
        key_event(KeyCode::Left),
        key_event(KeyCode::Esc), // home
        key_event(KeyCode::Char('q')),
        // Never reached: the loop ends on quit.
        key_event(KeyCode::Char('s')),
    ]);
    let mut seen = Vec::new();
    tui::run(&mut term, &mut app, &mut events, &mut |app| {
        let scene = match app.screen() {
            Screen::Lesson(l) => Some(l.scene),
            _ => None,
        };
        seen.push((app.key_scope(), scene));
    })
    .unwrap();
    assert!(app.should_quit());
    assert_eq!(events.0.len(), 1, "nothing is read after q");
    assert_eq!(
        seen,
        [
            (KeyScope::Lesson, Some(0)),
            (KeyScope::Lesson, Some(1)),
            (KeyScope::Lesson, Some(2)),
            (KeyScope::Lesson, Some(3)),
            (KeyScope::Lesson, Some(2)),
            (KeyScope::Home, None),
            (KeyScope::Home, None),
        ]
    );
    let seen_scenes = &app.progress.lessons["identities"].seen;
    assert_eq!(
        seen_scenes.iter().copied().collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    assert!(app.progress_dirty);
    // The last frame drawn is home, now with somewhere to continue from.
    let text = buffer_text(term.backend().buffer());
    assert!(text.contains("▶ Continue: lesson 1"), "{text}");
}

#[test]
fn a_script_that_ends_without_quitting_just_stops() {
    let mut app = new_app();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut events = script(vec![key_event(KeyCode::Char('s'))]);
    tui::run(&mut term, &mut app, &mut events, &mut |_| {}).unwrap();
    assert!(!app.should_quit());
    assert_eq!(app.key_scope(), KeyScope::Console);
    // Ctrl-C clears a typed line, as a shell does, and the app runs on;
    // on the empty line a second Ctrl-C quits (the work is kept anyway).
    let mut events = script(vec![
        key_event(KeyCode::Char('q')),
        ctrl_event('c'),
        key_event(KeyCode::Char('z')),
    ]);
    tui::run(&mut term, &mut app, &mut events, &mut |_| {}).unwrap();
    assert!(!app.should_quit());
    let Screen::Sandbox(s) = app.screen() else {
        panic!("still in the sandbox")
    };
    assert_eq!(s.console.input.text(), "z");
    assert_eq!(s.console.lines.last().unwrap().1, "$ q^C");
    let mut events = script(vec![
        key_event(KeyCode::Backspace),
        ctrl_event('c'),
        // A key between two Ctrl-C disarms the first.
        key_event(KeyCode::Left),
        ctrl_event('c'),
    ]);
    tui::run(&mut term, &mut app, &mut events, &mut |_| {}).unwrap();
    assert!(!app.should_quit());
    assert!(
        app.notice
            .as_deref()
            .unwrap_or("")
            .contains("Ctrl-C again quits")
    );
    let mut events = script(vec![ctrl_event('c'), key_event(KeyCode::Char('z'))]);
    tui::run(&mut term, &mut app, &mut events, &mut |_| {}).unwrap();
    assert!(app.should_quit());
    assert_eq!(events.0.len(), 1, "nothing is read after the quit");
}

/// Time passing is not a key: help stays open while the interview's
/// countdown runs beneath it (the loop's clock) and a demo types (its
/// ticks), and a notice stays until the next key.
#[test]
fn time_passing_leaves_help_and_notices_alone() {
    let mut app = new_app();
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // Each event here comes with the loop's clock first: the countdown
    // wants it.
    let mut events = script(vec![
        key_event(KeyCode::Char('i')),
        key_event(KeyCode::Enter),
        key_event(KeyCode::F(1)),
        key_event(KeyCode::Down),
        key_event(KeyCode::Down),
    ]);
    tui::run(&mut term, &mut app, &mut events, &mut |_| {}).unwrap();
    let Some(Overlay::Help { scroll }) = &app.overlay else {
        panic!("help stays open as time passes")
    };
    assert_eq!(
        scroll.offset(),
        scroll.reach().min(2),
        "and where it was scrolled"
    );
    let Screen::Interview(i) = app.screen() else {
        panic!("the interview is under help")
    };
    assert!(i.started_ms.is_some(), "the clock reached the interview");
    assert!(app.wants_clock());
    assert!(buffer_text(term.backend().buffer()).contains("Help: Interview"));

    // A demo typing under help.
    let mut hs = lesson_at(0, 6, 80, 24);
    hs.key(KeyCode::Right);
    assert_eq!(hs.lesson().demo.as_ref().unwrap().typing, Some(0));
    hs.key(KeyCode::Char('?'));
    hs.action(Action::Tick);
    hs.action(Action::Tick);
    assert_eq!(hs.app.key_scope(), KeyScope::Help);
    assert!(hs.lesson().demo.as_ref().unwrap().typing > Some(0));

    // A notice outlives the clock, not the next key.
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('i'));
    hs.key(KeyCode::Enter);
    hs.app.say("progress not saved: disk full");
    hs.action(Action::Clock(1_000));
    hs.action(Action::Clock(2_000));
    assert!(hs.text().contains("» progress not saved: disk full"));
    hs.chars("a");
    assert!(!hs.text().contains("disk full"));
}

/// Screens to resize: each reached by keys from home.
fn resize_states() -> Vec<(&'static str, Vec<Event>)> {
    let k = key_event;
    let chars = |s: &str| s.chars().map(|c| k(KeyCode::Char(c))).collect::<Vec<_>>();
    let mut sandbox = vec![k(KeyCode::Char('s'))];
    sandbox.extend(chars("aws iam create-user --user-name john"));
    sandbox.push(k(KeyCode::Enter));
    sandbox.extend(chars("as john"));
    sandbox.push(k(KeyCode::Enter));
    sandbox.extend(chars("aws iam list-users"));
    sandbox.push(k(KeyCode::Enter));
    sandbox.push(k(KeyCode::F(2)));
    let mut editor = vec![k(KeyCode::Char('s'))];
    editor.extend(chars("edit p.json"));
    editor.push(k(KeyCode::Enter));
    editor.extend(chars("{\"a\":"));
    editor.push(ctrl_event('s'));
    let mut checkpoint = vec![k(KeyCode::Enter)];
    checkpoint.extend((0..8).map(|_| k(KeyCode::Char('l'))));
    checkpoint.push(k(KeyCode::Enter));
    checkpoint.push(k(KeyCode::Char('1')));
    // Each interview state goes on from the one before.
    let interview = vec![k(KeyCode::Char('i')), k(KeyCode::Enter), k(KeyCode::Enter)];
    let report = [
        interview.clone(),
        vec![k(KeyCode::Char('1')), k(KeyCode::Esc)],
    ]
    .concat();
    // The card the interview's report sent to review, revealed.
    let review = [
        report.clone(),
        vec![
            k(KeyCode::Char('q')),
            k(KeyCode::Char('r')),
            k(KeyCode::Enter),
        ],
    ]
    .concat();
    vec![
        ("home", vec![]),
        ("help", vec![k(KeyCode::Char('?'))]),
        ("lesson", vec![k(KeyCode::Enter), k(KeyCode::Char('l'))]),
        (
            "demo",
            [k(KeyCode::Enter)]
                .into_iter()
                .chain((0..8).map(|_| k(KeyCode::Char('l'))))
                .collect(),
        ),
        ("jump", vec![k(KeyCode::Enter), k(KeyCode::Char('g'))]),
        ("quiz", checkpoint),
        ("sandbox", sandbox),
        ("editor", editor),
        (
            "lab",
            vec![
                k(KeyCode::Down),
                k(KeyCode::Down),
                k(KeyCode::Enter),
                k(KeyCode::F(5)),
            ],
        ),
        ("interview", interview),
        ("interview report", report),
        ("review", review),
        ("dashboard", vec![k(KeyCode::Char('d'))]),
    ]
}

#[test]
fn resizing_redraws_at_every_size_without_panic() {
    let sizes = [
        (0, 0),
        (1, 1),
        (80, 0),
        (0, 24),
        (1, 24),
        (80, 1),
        (2, 2),
        (20, 5),
        (59, 16),
        (60, 15),
        (60, 16),
        (61, 17),
        (70, 20),
        (80, 24),
        (119, 40),
        (120, 40),
        (160, 48),
        (200, 60),
        (300, 100),
    ];
    for (name, to_reach) in resize_states() {
        let mut app = new_app();
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        tui::run(&mut term, &mut app, &mut script(to_reach), &mut |_| {}).unwrap();
        let context = app.key_scope();
        for (w, h) in sizes {
            term.backend_mut().resize(w, h);
            // A resize, then keys that scroll or move, at this size.
            let events = vec![
                Event::Resize(w, h),
                key_event(KeyCode::Down),
                key_event(KeyCode::Up),
                key_event(KeyCode::PageDown),
            ];
            tui::run(&mut term, &mut app, &mut script(events), &mut |_| {}).unwrap();
            let buf = term.backend().buffer();
            assert_eq!((buf.area.width, buf.area.height), (w, h), "{name}");
            let text = buffer_text(buf);
            if w >= 60 && h >= 16 {
                assert!(!text.contains("needs a terminal"), "{name} at {w}x{h}");
            } else if w >= 20 && h >= 5 {
                assert!(
                    flat(&text).contains("iamtutor needs a terminal"),
                    "{name} at {w}x{h}:\n{text}"
                );
            } else if w >= 1 && h >= 1 {
                assert!(text.starts_with('i'), "{name} at {w}x{h}:\n{text}");
            }
        }
        // Back to a usable size, the same screen is still there.
        term.backend_mut().resize(80, 24);
        tui::run(
            &mut term,
            &mut app,
            &mut script(vec![Event::Resize(80, 24)]),
            &mut |_| {},
        )
        .unwrap();
        if name != "help" {
            assert_eq!(app.key_scope(), context, "{name}");
        }
        assert!(!buffer_text(term.backend().buffer()).contains("needs a terminal"));
    }
}
