//! The whole loop (`tui::run`) on a `TestBackend` with scripted events; the
//! loop at every size down to nothing; and a walk over the key table: every
//! key of every binding, in every context, does what the binding says.

mod app_kit;

use std::collections::VecDeque;

use app_kit::{Harness, buffer_text, ctrl_event, key_event, new_app, right_positions};
use iamtutor::app::keymap::{self, Binding, Key};
use iamtutor::app::quiz::Origin;
use iamtutor::app::{Action, Context, Overlay, Screen, ThemeName};
use iamtutor::content::schema::{QuestionKind, Scene};
use iamtutor::tui::{self, Script};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

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
        seen.push((app.context(), scene));
    })
    .unwrap();
    assert!(app.should_quit());
    assert_eq!(events.0.len(), 1, "nothing is read after q");
    assert_eq!(
        seen,
        [
            (Context::Lesson, Some(0)),
            (Context::Lesson, Some(1)),
            (Context::Lesson, Some(2)),
            (Context::Lesson, Some(3)),
            (Context::Lesson, Some(2)),
            (Context::Home, None),
            (Context::Home, None),
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
    assert_eq!(app.context(), Context::Console);
    // Ctrl-C quits from anywhere, even where letters are typed.
    let mut events = script(vec![
        key_event(KeyCode::Char('q')),
        ctrl_event('c'),
        key_event(KeyCode::Char('z')),
    ]);
    tui::run(&mut term, &mut app, &mut events, &mut |_| {}).unwrap();
    assert!(app.should_quit());
    let Screen::Sandbox(s) = app.screen() else {
        panic!("still in the sandbox")
    };
    assert_eq!(s.console.input.text(), "q");
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
        let context = app.context();
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
            assert_eq!(app.context(), context, "{name}");
        }
        assert!(!buffer_text(term.backend().buffer()).contains("needs a terminal"));
    }
}

// The key table, walked.

/// What the tests can see of a screen.
#[derive(Debug, Clone, PartialEq)]
enum ScreenP {
    Home {
        selected: usize,
    },
    Lesson {
        lesson: usize,
        scene: usize,
        scroll: u16,
        /// The furthest the scene scrolls, as last drawn.
        max: u16,
        /// Steps run, and characters typed of the next one.
        demo: Option<(usize, Option<usize>)>,
    },
    Quiz(QuizP),
    Sandbox(ConsoleP),
    Lab {
        id: String,
        console: ConsoleP,
        hints: usize,
        confirming: bool,
    },
    Review {
        queue: usize,
        reviewed: usize,
        context: Context,
    },
    Interview {
        index: usize,
        revealed: bool,
        notes: String,
        graded: usize,
        finished: bool,
    },
    Dashboard {
        scroll: u16,
    },
    /// Presenter mode has its own tests (tests/present.rs).
    Present {
        page: usize,
        shown: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
struct QuizP {
    origin: Origin,
    items: usize,
    index: usize,
    cursor: usize,
    picked: Vec<usize>,
    ordered: Vec<usize>,
    text: String,
    text_cursor: usize,
    graded: Option<bool>,
    summary: bool,
    scroll: u16,
    max: u16,
    /// Display positions of the right options of the question shown.
    right: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct ConsoleP {
    input: String,
    cursor: usize,
    lines: usize,
    scroll: usize,
    max_scroll: usize,
    show_why: bool,
    show_tree: bool,
    candidates: Vec<String>,
    history: Vec<String>,
    /// The file edited, its lines and the refusal shown.
    editor: Option<(String, Vec<String>, Option<String>)>,
    files: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Probe {
    context: Context,
    screens: Vec<ScreenP>,
    overlay: Option<Overlay>,
    theme: ThemeName,
    quit: bool,
}

fn console_p(c: &iamtutor::app::console::Console, shell: &iamtutor::shell::Shell) -> ConsoleP {
    ConsoleP {
        input: c.input.text().to_string(),
        cursor: c.input.cursor(),
        lines: c.lines.len(),
        scroll: c.scroll.min(c.max_scroll.get()),
        max_scroll: c.max_scroll.get(),
        show_why: c.show_why,
        show_tree: c.show_tree,
        candidates: c.candidates.clone(),
        history: shell.history.clone(),
        editor: c
            .editor
            .as_ref()
            .map(|e| (e.name.clone(), e.area.lines().to_vec(), e.error.clone())),
        files: shell
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn probe(hs: &Harness) -> Probe {
    let screens = hs
        .app
        .stack
        .iter()
        .map(|s| match s {
            Screen::Home(h) => ScreenP::Home {
                selected: h.selected,
            },
            Screen::Lesson(l) => ScreenP::Lesson {
                lesson: l.lesson,
                scene: l.scene,
                scroll: l.scroll.min(l.max_scroll.get()),
                max: l.max_scroll.get(),
                demo: l.demo.as_ref().map(|d| (d.outputs.len(), d.typing)),
            },
            Screen::Quiz(q) => ScreenP::Quiz(QuizP {
                origin: q.origin,
                items: q.session.items.len(),
                index: q.index,
                cursor: q.cursor,
                picked: q.picked.iter().copied().collect(),
                ordered: q.ordered.clone(),
                text: q.text.text().to_string(),
                text_cursor: q.text.cursor(),
                graded: q.graded.as_ref().map(|g| g.correct),
                summary: q.summary,
                scroll: q.scroll.min(q.max_scroll.get()),
                max: q.max_scroll.get(),
                right: right_positions(q.item()),
            }),
            Screen::Sandbox(s) => ScreenP::Sandbox(console_p(&s.console, &s.shell)),
            Screen::Lab(l) => ScreenP::Lab {
                id: l.session.lab.id.clone(),
                console: console_p(&l.console, &l.session.shell),
                hints: l.hints.len(),
                confirming: l.confirming,
            },
            Screen::Review(r) => ScreenP::Review {
                queue: r.queue.len(),
                reviewed: r.reviewed,
                context: r.context(),
            },
            Screen::Interview(i) => ScreenP::Interview {
                index: i.index,
                revealed: i.revealed,
                notes: i.notes.text().to_string(),
                graded: i.grades.len(),
                finished: i.finished,
            },
            Screen::Dashboard(d) => ScreenP::Dashboard {
                scroll: d.scroll.min(d.max_scroll.get()),
            },
            Screen::Present(p) => ScreenP::Present {
                page: p.page,
                shown: p.shown,
            },
        })
        .collect();
    Probe {
        context: hs.app.context(),
        screens,
        overlay: hs.app.overlay.clone(),
        theme: hs.app.theme,
        quit: hs.app.should_quit(),
    }
}

/// A state to walk the keys from.
struct Setup {
    name: &'static str,
    build: fn() -> Harness,
}

fn lesson_at(lesson: usize, scene: usize, w: u16, h: u16) -> Harness {
    let mut hs = Harness::new(w, h);
    hs.open_lesson_at(lesson, scene);
    hs
}

fn quiz_of(kind: fn(&QuestionKind) -> bool) -> Harness {
    let mut hs = Harness::new(80, 24);
    hs.start_checkpoint(0);
    hs.skip_to_kind(kind);
    hs
}

fn sandbox_typing() -> Harness {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("aws iam create-user --user-name john");
    hs.run("aws iam list-users");
    hs.run("help");
    hs.key(KeyCode::PageUp);
    hs.chars("aws iam create-us");
    hs
}

fn setups() -> Vec<Setup> {
    vec![
        Setup {
            name: "home",
            build: || {
                let mut hs = Harness::new(80, 24);
                for _ in 0..3 {
                    hs.key(KeyCode::Down);
                }
                hs
            },
        },
        Setup {
            // A prose scene, scrolled one line, at the smallest size so it
            // has somewhere to scroll.
            name: "lesson prose",
            build: || {
                let mut hs = lesson_at(0, 4, 60, 16);
                hs.key(KeyCode::Down);
                assert!(
                    hs.lesson().max_scroll.get() >= 3,
                    "the scene scrolls: {}",
                    hs.lesson().max_scroll.get()
                );
                hs
            },
        },
        Setup {
            name: "lesson demo",
            build: || lesson_at(0, 6, 80, 24),
        },
        Setup {
            name: "lesson lab intro",
            build: || lesson_at(1, 8, 80, 24),
        },
        Setup {
            name: "lesson checkpoint page",
            build: || lesson_at(0, 8, 80, 24),
        },
        Setup {
            name: "choose one",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::ChooseOne { .. }));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "choose many",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::ChooseMany { .. }));
                hs.key(KeyCode::Char('3'));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "decide",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::Decide(_)));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "order",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::Order { .. }));
                hs.key(KeyCode::Char('3'));
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "short answer",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::ShortAnswer { .. }));
                hs.chars("princ");
                hs.key(KeyCode::Left);
                hs.key(KeyCode::Left);
                hs
            },
        },
        Setup {
            name: "feedback",
            build: || {
                let mut hs = quiz_of(|k| matches!(k, QuestionKind::Decide(_)));
                hs.answer(true);
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "summary",
            build: || {
                let mut hs = Harness::new(80, 24);
                hs.start_checkpoint(0);
                for i in 0..12 {
                    hs.answer(i % 4 != 1);
                    hs.enter();
                }
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "console typing",
            build: sandbox_typing,
        },
        Setup {
            name: "console in history",
            build: || {
                let mut hs = Harness::new(80, 24);
                hs.key(KeyCode::Char('s'));
                hs.run("aws iam create-user --user-name john");
                hs.run("aws iam list-users");
                hs.run("aws iam list-groups");
                hs.chars("aws iam cre");
                hs.key(KeyCode::Up);
                hs.key(KeyCode::Up);
                hs
            },
        },
        Setup {
            name: "console empty line",
            build: || {
                let mut hs = Harness::new(80, 24);
                hs.key(KeyCode::Char('s'));
                hs
            },
        },
        Setup {
            name: "lab",
            build: || {
                let mut hs = Harness::new(80, 24);
                let row = app_kit::home_row_of_lab(&hs.app, "users-john");
                hs.open_home_row(row);
                hs.run("aws iam create-user --user-name john");
                hs.chars("aws iam create-us");
                hs
            },
        },
        Setup {
            name: "lab confirm",
            build: || {
                let mut hs = Harness::new(80, 24);
                let row = app_kit::home_row_of_lab(&hs.app, "users-john");
                hs.open_home_row(row);
                hs.key(KeyCode::F(5));
                hs
            },
        },
        Setup {
            name: "editor",
            build: || {
                let mut hs = sandbox_typing();
                hs.ctrl('u');
                hs.run("edit p.json");
                hs.chars("{}");
                hs
            },
        },
        Setup {
            name: "help",
            build: || {
                let mut hs = lesson_at(0, 2, 80, 24);
                hs.key(KeyCode::Char('?'));
                hs.key(KeyCode::Down);
                hs.key(KeyCode::Down);
                hs
            },
        },
        Setup {
            name: "jump",
            build: || {
                let mut hs = lesson_at(0, 2, 80, 24);
                hs.key(KeyCode::Char('g'));
                hs.key(KeyCode::Down);
                hs
            },
        },
    ]
}

/// The key event a table key stands for; `Digits` and `Text` are tried
/// with one of their keys.
fn event_for(key: Key) -> Event {
    let k = |code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    match key {
        Key::Char(c) => k(KeyCode::Char(c)),
        Key::Ctrl(c) => ctrl_event(c),
        Key::Enter => k(KeyCode::Enter),
        Key::Esc => k(KeyCode::Esc),
        Key::Left => k(KeyCode::Left),
        Key::Right => k(KeyCode::Right),
        Key::Up => k(KeyCode::Up),
        Key::Down => k(KeyCode::Down),
        Key::Tab => k(KeyCode::Tab),
        Key::Backspace => k(KeyCode::Backspace),
        Key::Delete => k(KeyCode::Delete),
        Key::PageUp => k(KeyCode::PageUp),
        Key::PageDown => k(KeyCode::PageDown),
        Key::Home => k(KeyCode::Home),
        Key::End => k(KeyCode::End),
        Key::F(n) => k(KeyCode::F(n)),
        Key::Digits | Key::Grades => k(KeyCode::Char('1')),
        Key::Text => k(KeyCode::Char('x')),
    }
}

/// The action a binding promises for that key.
fn promised(binding: &Binding, key: Key) -> Action {
    match key {
        Key::Digits | Key::Grades => Action::Pick(0),
        Key::Text => Action::Type('x'),
        _ => binding.action.clone(),
    }
}

/// A one-line field after a line-editing action: (text, cursor in chars).
fn edit_line(text: &str, cursor: usize, action: &Action) -> (String, usize) {
    let mut chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let cursor = match action {
        Action::Type(c) => {
            chars.insert(cursor, *c);
            cursor + 1
        }
        Action::Backspace if cursor > 0 => {
            chars.remove(cursor - 1);
            cursor - 1
        }
        Action::Delete if cursor < n => {
            chars.remove(cursor);
            cursor
        }
        Action::CursorLeft => cursor.saturating_sub(1),
        Action::CursorRight => (cursor + 1).min(n),
        Action::CursorHome => 0,
        Action::CursorEnd => n,
        Action::ClearLine => {
            chars.clear();
            0
        }
        _ => cursor,
    };
    (chars.into_iter().collect(), cursor)
}

fn top(p: &mut Probe) -> &mut ScreenP {
    p.screens.last_mut().unwrap()
}

fn popped(before: &Probe) -> Vec<ScreenP> {
    before.screens[..before.screens.len() - 1].to_vec()
}

/// What `action` must do to the state `before`: the whole expected state
/// after, where it can be known; `after` supplies only what the action
/// itself produces (a command's output, a new screen), and only once its
/// kind has been checked.
fn expected(setup: &str, action: &Action, before: &Probe, after: &Probe) -> Result<Probe, String> {
    let course = app_kit::course();
    let mut e = before.clone();
    let ctx = before.context;
    // The new top screen, once it is what it must be.
    let new_top = |ok: fn(&ScreenP) -> bool, what: &str| -> Result<ScreenP, String> {
        let t = after.screens.last().unwrap();
        if ok(t) {
            Ok(t.clone())
        } else {
            Err(format!("expected {what} on top, found {t:?}"))
        }
    };
    match (ctx, action) {
        (_, Action::Quit) => e.quit = true,

        // Overlays.
        (Context::Help, Action::Up) | (Context::Help, Action::Down) => {
            let Some(Overlay::Help { scroll }) = e.overlay else {
                unreachable!()
            };
            let scroll = if *action == Action::Up {
                scroll - 1
            } else {
                scroll + 1
            };
            e.overlay = Some(Overlay::Help { scroll });
        }
        // Esc closes help; so does F1, its own key (help toggles).
        (Context::Help, Action::Back | Action::Help) => e.overlay = None,
        (Context::Jump, Action::Up | Action::Down | Action::PageUp | Action::PageDown) => {
            let Some(Overlay::Jump { rows, selected }) = e.overlay.clone() else {
                unreachable!()
            };
            let last = rows.len() - 1;
            let selected = match action {
                Action::Up => selected - 1,
                Action::Down => selected + 1,
                Action::PageUp => selected.saturating_sub(10),
                _ => (selected + 10).min(last),
            };
            e.overlay = Some(Overlay::Jump { rows, selected });
        }
        (Context::Jump, Action::Back) => e.overlay = None,
        (Context::Jump, Action::Open) => {
            let Some(Overlay::Jump { rows, selected }) = &before.overlay else {
                unreachable!()
            };
            let row = &rows[*selected];
            e.overlay = None;
            e.screens = vec![
                before.screens[0].clone(),
                ScreenP::Lesson {
                    lesson: row.lesson,
                    scene: row.scene.unwrap_or(0),
                    scroll: 0,
                    max: match after.screens.last() {
                        Some(ScreenP::Lesson { max, .. }) => *max,
                        _ => return Err("no lesson opened".into()),
                    },
                    demo: None,
                },
            ];
        }
        (_, Action::Help) => e.overlay = Some(Overlay::Help { scroll: 0 }),

        // Home.
        (Context::Home, _) => {
            let ScreenP::Home { selected } = e.screens[0].clone() else {
                unreachable!()
            };
            let last = iamtutor::app::home::entries(&new_app()).len() - 1;
            let mut set = |s: usize| e.screens[0] = ScreenP::Home { selected: s };
            match action {
                Action::Up => set(selected - 1),
                Action::Down => set(selected + 1),
                Action::PageUp => set(selected.saturating_sub(5)),
                Action::PageDown => set((selected + 5).min(last)),
                Action::First => set(0),
                Action::Last => set(last),
                // Home is the top: Esc stays (and says q quits).
                Action::Back => {}
                Action::CycleTheme => e.theme = ThemeName::Light,
                Action::Open => {
                    // Row 3 of a fresh course map is lesson 3.
                    assert_eq!(selected, 3);
                    e.screens.push(ScreenP::Lesson {
                        lesson: 2,
                        scene: 0,
                        scroll: 0,
                        max: lesson_max(after),
                        demo: None,
                    });
                }
                // Nothing seen yet: continue opens lesson 1.
                Action::Continue => e.screens.push(ScreenP::Lesson {
                    lesson: 0,
                    scene: 0,
                    scroll: 0,
                    max: lesson_max(after),
                    demo: None,
                }),
                Action::Sandbox => {
                    e.screens.push(new_top(
                        |t| matches!(t, ScreenP::Sandbox(_)),
                        "the sandbox",
                    )?);
                }
                // A fresh learner has nothing due: review says so and
                // home stays.
                Action::Review => {}
                Action::Interview => {
                    e.screens.push(new_top(
                        |t| {
                            matches!(
                                t,
                                ScreenP::Interview {
                                    index: 0,
                                    revealed: false,
                                    graded: 0,
                                    finished: false,
                                    ..
                                }
                            )
                        },
                        "a fresh interview",
                    )?);
                }
                Action::Dashboard => {
                    e.screens.push(new_top(
                        |t| matches!(t, ScreenP::Dashboard { scroll: 0 }),
                        "the dashboard",
                    )?);
                }
                other => return Err(format!("no expectation for {other:?} on home")),
            }
        }

        // The lesson player.
        (Context::Lesson, _) => {
            let ScreenP::Lesson {
                lesson,
                scene,
                scroll,
                max,
                demo,
            } = before.screens.last().unwrap().clone()
            else {
                unreachable!()
            };
            let scenes = &course.lessons[lesson].scenes;
            // How far a newly drawn scene scrolls is the drawing's business.
            let after_max = match after.screens.last() {
                Some(ScreenP::Lesson { max, .. }) => *max,
                _ => 0,
            };
            let page = |lesson: usize, scene: usize| ScreenP::Lesson {
                lesson,
                scene,
                scroll: 0,
                max: after_max,
                demo: match course.lessons[lesson].scenes.get(scene) {
                    Some(Scene::Demo { .. }) => Some((0, None)),
                    _ => None,
                },
            };
            match action {
                Action::Next | Action::Open => {
                    let steps = match scenes.get(scene) {
                        Some(Scene::Demo { steps, .. }) => steps.len(),
                        _ => 0,
                    };
                    match (demo, scenes.get(scene)) {
                        // A demo with steps to run starts typing the next.
                        (Some((done, None)), _) if done < steps => {
                            *top(&mut e) = ScreenP::Lesson {
                                lesson,
                                scene,
                                scroll,
                                max,
                                demo: Some((done, Some(0))),
                            };
                        }
                        (_, Some(Scene::LabIntro { lab })) if *action == Action::Open => {
                            let lab = lab.clone();
                            let t = new_top(|t| matches!(t, ScreenP::Lab { .. }), "a lab")?;
                            let ScreenP::Lab { id, .. } = &t else {
                                unreachable!()
                            };
                            if *id != lab {
                                return Err(format!("opened lab {id}, not {lab}"));
                            }
                            e.screens.push(t);
                        }
                        (_, None) => {
                            let t = new_top(|t| matches!(t, ScreenP::Quiz(_)), "the checkpoint")?;
                            let ScreenP::Quiz(q) = &t else { unreachable!() };
                            let n = course.lessons[lesson].checkpoint.len();
                            if q.origin != Origin::Checkpoint(lesson)
                                || q.items != n
                                || q.index != 0
                            {
                                return Err(format!("not lesson {lesson}'s checkpoint: {q:?}"));
                            }
                            e.screens.push(t);
                        }
                        _ => *top(&mut e) = page(lesson, scene + 1),
                    }
                }
                Action::Prev => *top(&mut e) = page(lesson, scene - 1),
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    // The scene scrolls by the step, within its length.
                    let want = match action {
                        Action::Up => scroll.saturating_sub(1),
                        Action::PageUp => scroll.saturating_sub(10),
                        Action::Down => scroll + 1,
                        _ => scroll + 10,
                    };
                    if let ScreenP::Lesson { scroll: s, .. } = top(&mut e) {
                        *s = want.min(max);
                    }
                }
                Action::Jump => {
                    let t = after.overlay.clone();
                    match &t {
                        Some(Overlay::Jump { rows, selected }) => {
                            let row = &rows[*selected];
                            if (row.lesson, row.scene) != (lesson, Some(scene)) {
                                return Err(format!("jump list not on this scene: {row:?}"));
                            }
                        }
                        _ => return Err("no jump list".into()),
                    }
                    e.overlay = t;
                }
                Action::CycleTheme => e.theme = ThemeName::Light,
                Action::Back => e.screens = popped(before),
                other => return Err(format!("no expectation for {other:?} in a lesson")),
            }
        }

        // Quizzes.
        (
            Context::QuizChoice
            | Context::QuizOrder
            | Context::QuizText
            | Context::QuizFeedback
            | Context::QuizSummary,
            Action::Back,
        ) => e.screens = popped(before),
        (
            Context::QuizChoice
            | Context::QuizOrder
            | Context::QuizText
            | Context::QuizFeedback
            | Context::QuizSummary,
            _,
        ) => {
            let ScreenP::Quiz(mut q) = before.screens.last().unwrap().clone() else {
                unreachable!()
            };
            let many = setup == "choose many";
            let n_options = match setup {
                "choose one" => 4,
                "choose many" => 5,
                "decide" => 3,
                "order" => 5,
                _ => 0,
            };
            match (ctx, action) {
                (Context::QuizChoice | Context::QuizOrder, Action::Up) => q.cursor -= 1,
                (Context::QuizChoice | Context::QuizOrder, Action::Down) => {
                    q.cursor = (q.cursor + 1).min(n_options - 1)
                }
                (Context::QuizChoice, Action::Pick(i)) if many => {
                    q.cursor = *i;
                    if let Some(p) = q.picked.iter().position(|x| x == i) {
                        q.picked.remove(p);
                    } else {
                        q.picked.push(*i);
                        q.picked.sort();
                    }
                }
                (Context::QuizChoice, Action::Toggle) if many => {
                    let c = q.cursor;
                    if let Some(p) = q.picked.iter().position(|x| *x == c) {
                        q.picked.remove(p);
                    } else {
                        q.picked.push(c);
                        q.picked.sort();
                    }
                }
                (Context::QuizChoice, Action::Open) if many => {
                    let mut right = q.right.clone();
                    right.sort();
                    q.graded = Some(q.picked == right);
                }
                // One answer: a number answers with that option; Enter (and
                // Space) answer with the highlighted one.
                (Context::QuizChoice, Action::Pick(i)) => {
                    q.cursor = *i;
                    q.graded = Some(q.right.contains(i));
                }
                (Context::QuizChoice, Action::Open | Action::Toggle) => {
                    q.graded = Some(q.right.contains(&q.cursor));
                }
                (Context::QuizOrder, Action::Pick(i)) => {
                    q.cursor = *i;
                    if !q.ordered.contains(i) {
                        q.ordered.push(*i);
                    }
                }
                (Context::QuizOrder, Action::Toggle | Action::Open) => {
                    if !q.ordered.contains(&q.cursor) {
                        q.ordered.push(q.cursor);
                    }
                }
                (Context::QuizOrder, Action::Undo) => {
                    q.ordered.pop();
                }
                (Context::QuizText, Action::Open) => {
                    // "princ" is not the principal.
                    q.graded = Some(false);
                }
                (Context::QuizText, a) => {
                    let (text, cursor) = edit_line(&q.text, q.text_cursor, a);
                    q.text = text;
                    q.text_cursor = cursor;
                }
                (Context::QuizFeedback, Action::Next) => {
                    let ScreenP::Quiz(a) = after.screens.last().unwrap() else {
                        return Err("left the quiz".into());
                    };
                    q.index += 1;
                    q.cursor = 0;
                    q.picked.clear();
                    q.ordered.clear();
                    q.text.clear();
                    q.text_cursor = 0;
                    q.graded = None;
                    q.scroll = 0;
                    q.max = a.max;
                    q.right = a.right.clone();
                }
                (
                    Context::QuizFeedback | Context::QuizSummary,
                    Action::Up | Action::Down | Action::PageUp | Action::PageDown,
                ) => {
                    let want = match action {
                        Action::Up => q.scroll.saturating_sub(1),
                        Action::PageUp => q.scroll.saturating_sub(10),
                        Action::Down => q.scroll + 1,
                        _ => q.scroll + 10,
                    };
                    q.scroll = want.min(q.max);
                }
                (Context::QuizSummary, Action::Retry) => {
                    let t = new_top(|t| matches!(t, ScreenP::Quiz(_)), "a quiz")?;
                    let ScreenP::Quiz(r) = &t else { unreachable!() };
                    if r.origin != Origin::Retry(0) || r.items != 3 || r.index != 0 || r.summary {
                        return Err(format!("not a retry of the 3 wrong: {r:?}"));
                    }
                    e.screens = popped(before);
                    e.screens.push(t);
                    return Ok(finish(e, after));
                }
                (c, a) => return Err(format!("no expectation for {a:?} in {c:?}")),
            }
            // Feedback's length is the drawing's business.
            if let (Some(_), ScreenP::Quiz(a)) = (q.graded, after.screens.last().unwrap()) {
                q.max = a.max;
            }
            *top(&mut e) = ScreenP::Quiz(q);
        }

        // The sandbox and labs.
        (Context::Confirm, Action::Confirm(yes)) => {
            let ScreenP::Lab {
                id,
                mut console,
                hints,
                ..
            } = before.screens.last().unwrap().clone()
            else {
                unreachable!()
            };
            if *yes {
                // A heading, then each command of the solution.
                let (_, lab) = course.lab(&id).unwrap();
                console.lines += 1 + lab.solution.len();
                // How far the longer scrollback can scroll is the drawing's
                // business.
                if let Some(ScreenP::Lab { console: c, .. }) = after.screens.last() {
                    console.max_scroll = c.max_scroll;
                }
            }
            *top(&mut e) = ScreenP::Lab {
                id,
                console,
                hints,
                confirming: false,
            };
        }
        (Context::Editor, _) => {
            let (mut console, lab) = match before.screens.last().unwrap().clone() {
                ScreenP::Sandbox(c) => (c, None),
                ScreenP::Lab {
                    id,
                    console,
                    hints,
                    confirming,
                } => (console, Some((id, hints, confirming))),
                _ => unreachable!(),
            };
            let (name, lines, _) = console.editor.clone().unwrap();
            match action {
                Action::Type(c) => {
                    let mut l = lines.clone();
                    l[0].push(*c);
                    console.editor = Some((name, l, None));
                }
                Action::Save => {
                    console.editor = None;
                    console.files.push((name, lines.join("\n") + "\n"));
                    console.files.sort();
                    console.lines += 1;
                }
                Action::Back => {
                    console.editor = None;
                    console.lines += 1;
                }
                other => return Err(format!("no expectation for {other:?} in the editor")),
            }
            if let Some(ScreenP::Sandbox(a) | ScreenP::Lab { console: a, .. }) =
                after.screens.last()
            {
                console.max_scroll = a.max_scroll;
            }
            *top(&mut e) = match lab {
                None => ScreenP::Sandbox(console),
                Some((id, hints, confirming)) => ScreenP::Lab {
                    id,
                    console,
                    hints,
                    confirming,
                },
            };
        }
        (Context::Console | Context::LabConsole, _) => {
            let (mut console, mut lab) = match before.screens.last().unwrap().clone() {
                ScreenP::Sandbox(c) => (c, None),
                ScreenP::Lab {
                    id,
                    console,
                    hints,
                    confirming,
                } => (console, Some((id, hints, confirming))),
                _ => unreachable!(),
            };
            let after_console = match after.screens.last().unwrap() {
                ScreenP::Sandbox(c) => Some(c.clone()),
                ScreenP::Lab { console, .. } => Some(console.clone()),
                _ => None,
            };
            match action {
                Action::Back if console.input.is_empty() => {
                    e.screens = popped(before);
                    return Ok(finish(e, after));
                }
                Action::Back => {
                    console.input.clear();
                    console.cursor = 0;
                }
                Action::Open => {
                    let line = console.input.clone();
                    let a = after_console.clone().ok_or("left the console")?;
                    console.input.clear();
                    console.cursor = 0;
                    if line.trim().is_empty() {
                        // Only the prompt is echoed.
                        console.lines += 1;
                    } else {
                        console.history.push(line.trim().to_string());
                        // The command echoed, then its output.
                        if a.lines <= console.lines + 1 {
                            return Err("the command printed nothing".into());
                        }
                        console.lines = a.lines;
                    }
                    console.max_scroll = a.max_scroll;
                    console.scroll = 0;
                }
                Action::HistoryPrev | Action::HistoryNext => {
                    let h = &console.history;
                    let recalled = match (setup, action) {
                        // Not stepping through history yet: Up recalls the
                        // last command; Down keeps what is typed.
                        (_, Action::HistoryPrev)
                            if console.input.starts_with("aws iam create-us") =>
                        {
                            h.last().unwrap().clone()
                        }
                        ("console in history", Action::HistoryPrev) => h[h.len() - 3].clone(),
                        ("console in history", Action::HistoryNext) => h[h.len() - 1].clone(),
                        (_, _) => console.input.clone(),
                    };
                    console.cursor = recalled.chars().count();
                    console.input = recalled;
                }
                Action::Complete => {
                    let (done, cursor) = match console.input.as_str() {
                        "aws iam create-us" => ("aws iam create-user ".to_string(), 20),
                        "aws iam list-users" => ("aws iam list-users ".to_string(), 19),
                        // On an empty line, Tab lists the commands.
                        "" => {
                            let a = after_console.clone().ok_or("left the console")?;
                            if a.candidates.len() < 2 || !a.candidates.iter().any(|c| c == "aws") {
                                return Err(format!("no commands listed: {:?}", a.candidates));
                            }
                            console.candidates = a.candidates;
                            (String::new(), 0)
                        }
                        other => return Err(format!("no completion known for {other:?}")),
                    };
                    console.input = done;
                    console.cursor = cursor;
                }
                Action::PageUp | Action::PageDown => {
                    let step = 10;
                    console.scroll = if *action == Action::PageUp {
                        (console.scroll + step).min(console.max_scroll)
                    } else {
                        console.scroll.saturating_sub(step)
                    };
                }
                Action::ToggleWhy => console.show_why = !console.show_why,
                Action::ToggleTree => console.show_tree = !console.show_tree,
                Action::Hint => {
                    let (_, hints, _) = lab.as_mut().ok_or("a hint outside a lab")?;
                    *hints += 1;
                    console.lines += 1;
                    console.scroll = 0;
                }
                Action::Solution => {
                    let (_, _, confirming) = lab.as_mut().ok_or("a solution outside a lab")?;
                    *confirming = true;
                }
                a => {
                    let (text, cursor) = edit_line(&console.input, console.cursor, a);
                    console.input = text;
                    console.cursor = cursor;
                }
            }
            // The wrapped output's length is the drawing's business.
            if let Some(a) = after_console {
                console.max_scroll = a.max_scroll;
            }
            *top(&mut e) = match lab {
                None => ScreenP::Sandbox(console),
                Some((id, hints, confirming)) => ScreenP::Lab {
                    id,
                    console,
                    hints,
                    confirming,
                },
            };
        }
        (c, a) => return Err(format!("no expectation for {a:?} in {c:?}")),
    }
    Ok(finish(e, after))
}

/// How far the lesson on top of `p` scrolls, as drawn.
fn lesson_max(p: &Probe) -> u16 {
    match p.screens.last() {
        Some(ScreenP::Lesson { max, .. }) => *max,
        _ => 0,
    }
}

/// The context follows from the screens; take it from `after` only once
/// everything else is checked.
fn finish(mut e: Probe, after: &Probe) -> Probe {
    e.context = after.context;
    e
}

/// The setups cover every context.
#[test]
fn the_setups_reach_every_context() {
    let all = [
        Context::Home,
        Context::Lesson,
        Context::QuizChoice,
        Context::QuizOrder,
        Context::QuizText,
        Context::QuizFeedback,
        Context::QuizSummary,
        Context::Console,
        Context::LabConsole,
        Context::Confirm,
        Context::Editor,
        Context::Help,
        Context::Jump,
    ];
    let reached: Vec<Context> = setups().iter().map(|s| (s.build)().app.context()).collect();
    for c in all {
        assert!(reached.contains(&c), "no setup reaches {c:?}");
    }
}

#[test]
fn every_key_does_what_its_binding_says() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for setup in setups() {
        let context = (setup.build)().app.context();
        for binding in keymap::bindings(context) {
            for &key in binding.keys {
                let mut hs = (setup.build)();
                let before = probe(&hs);
                let event = event_for(key);
                let want = promised(binding, key);
                let got = keymap::actions_for(&hs.app, &event, &hs.hits);
                let label = format!("{} / {} ({:?})", setup.name, key.label(), binding.does);
                if got != [want.clone()] {
                    failures.push(format!("{label}: the keymap gives {got:?}, not {want:?}"));
                    continue;
                }
                for a in got {
                    tui::apply(&mut hs.app, a);
                }
                hs.draw();
                let after = probe(&hs);
                match expected(setup.name, &want, &before, &after) {
                    Ok(e) if e == after => {}
                    Ok(e) => failures.push(format!(
                        "{label}: {want:?} did something else\n expected {e:?}\n      got {after:?}"
                    )),
                    Err(why) => failures.push(format!("{label}: {why}")),
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(checked > 200, "only {checked} keys checked");
}

/// Text fields type every letter, even those that are keys elsewhere.
#[test]
fn typing_fields_take_letters_that_are_keys_elsewhere() {
    for setup in setups() {
        let context = (setup.build)().app.context();
        if !matches!(
            context,
            Context::Console | Context::LabConsole | Context::QuizText | Context::Editor
        ) {
            continue;
        }
        for c in [
            'q', '?', 'g', 'h', 'l', 'j', 'k', ' ', 'r', 's', 'y', 'n', '1',
        ] {
            let hs = (setup.build)();
            let got = keymap::actions_for(&hs.app, &key_event(KeyCode::Char(c)), &hs.hits);
            assert_eq!(got, [Action::Type(c)], "{} / {c:?}", setup.name);
        }
    }
}

/// The help box's text, read off the screen.
fn help_box(hs: &Harness) -> String {
    let buf = hs.buffer();
    let text = buffer_text(buf);
    let rows: Vec<&str> = text.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains("╭ Help: "))
        .unwrap_or_else(|| panic!("no help box:\n{text}"));
    let left = rows[top].chars().position(|c| c == '╭').unwrap() as u16;
    let row_chars: Vec<char> = rows[top].chars().collect();
    let right = (left as usize + 1..row_chars.len())
        .find(|&i| row_chars[i] == '╮')
        .unwrap() as u16;
    let mut inner = Vec::new();
    for y in top as u16 + 1..buf.area.height {
        if buf[(left, y)].symbol() == "╰" {
            break;
        }
        let row: String = (left + 1..right).map(|x| buf[(x, y)].symbol()).collect();
        inner.push(row);
    }
    inner.join(" ")
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn help_lists_exactly_the_bindings_of_the_screen_under_it() {
    let mut checked = 0;
    for setup in setups() {
        let mut hs = (setup.build)();
        let under = hs.app.context();
        if under == Context::Help {
            continue;
        }
        // Tall enough for the longest list.
        hs.term.backend_mut().resize(160, 48);
        hs.key(KeyCode::F(1));
        assert!(
            matches!(hs.app.overlay, Some(Overlay::Help { .. })),
            "{}: F1 opens help",
            setup.name
        );
        // Help over the jump list is help for the lesson under it.
        let about = if under == Context::Jump {
            Context::Lesson
        } else {
            under
        };
        let mut want = String::new();
        for b in keymap::bindings(about) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            want.push_str(&format!("{} {} ", keys.join(" "), b.does));
        }
        want.push_str("The mouse works too: the wheel scrolls, a click picks.");
        assert_eq!(flat(&help_box(&hs)), flat(&want), "{}", setup.name);
        // The footer names only keys that help lists.
        for (keys, words) in keymap::footer(about) {
            let named = format!("{keys} {words}");
            assert!(
                keymap::bindings(about).any(|b| b.short == named
                    || (keys == "↑↓" && b.keys.contains(&keymap::Key::Down) && b.short == words)
                    || (b.keys.iter().any(|k| k.label() == keys)
                        && (b.short == words || (b.action == Action::Help && words == "help")))),
                "{}: footer's {keys} {words} is not in help",
                setup.name
            );
        }
        checked += 1;
    }
    assert!(checked >= 18);
}

#[test]
fn help_scrolls_where_the_list_is_taller_than_the_screen() {
    // The lab's list is taller than 80x24: its last rows are reached by
    // scrolling.
    let mut hs = Harness::new(80, 24);
    let row = app_kit::home_row_of_lab(&hs.app, "users-john");
    hs.open_home_row(row);
    hs.key(KeyCode::F(1));
    assert!(!hs.text().contains("quit iamtutor"));
    for _ in 0..10 {
        hs.key(KeyCode::Down);
    }
    assert!(hs.text().contains("quit iamtutor"), "{}", hs.text());
    assert!(hs.text().contains("The mouse works too"));
}
