//! The whole loop (`tui::run`) on a `TestBackend` with scripted events; the
//! loop at every size down to nothing; and a walk over the key table: every
//! key of every binding, in every context, does what the binding says.

use crate::app_kit;

use std::collections::VecDeque;

use app_kit::{
    Harness, TODAY, app_with_cards, buffer_text, ctrl_event, key_event, new_app, right_positions,
};
use iamtutor::app::access::Detail;
use iamtutor::app::interview::Phase;
use iamtutor::app::keymap::{self, Binding, Key};
use iamtutor::app::quiz::Origin;
use iamtutor::app::review::Current;
use iamtutor::app::{Action, Context, Overlay, Screen, ThemeName};
use iamtutor::content::revisit;
use iamtutor::content::schema::{QuestionKind, Scene};
use iamtutor::learn::interview::{self as grading, Level, Part, Verdict};
use iamtutor::learn::review::{CardKind, Grade};
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
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 2 }));
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
    assert_eq!(hs.app.context(), Context::Help);
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
        (
            "interview",
            vec![k(KeyCode::Char('i')), k(KeyCode::Enter), k(KeyCode::Enter)],
        ),
        (
            "interview report",
            vec![
                k(KeyCode::Char('i')),
                k(KeyCode::Enter),
                k(KeyCode::Enter),
                k(KeyCode::Char('1')),
                k(KeyCode::Esc),
            ],
        ),
        // The card the interview's report sent to review, revealed.
        (
            "review",
            vec![
                k(KeyCode::Char('i')),
                k(KeyCode::Enter),
                k(KeyCode::Enter),
                k(KeyCode::Char('1')),
                k(KeyCode::Esc),
                k(KeyCode::Char('q')),
                k(KeyCode::Char('r')),
                k(KeyCode::Enter),
            ],
        ),
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
        /// Keys of the cards still to show.
        queue: Vec<String>,
        /// The key of the card shown.
        current: Option<String>,
        /// A recall card revealed, or a question answered.
        answered: bool,
        reviewed: usize,
        again: usize,
        /// The card's scroll (a question's own), and how far it goes.
        scroll: u16,
        max: u16,
    },
    Interview {
        phase: Phase,
        /// The setup screen's level and minutes.
        setup_cursor: usize,
        minutes: u64,
        /// The questions' card ids, in the order asked.
        cards: Vec<String>,
        index: usize,
        /// The card's question shown: 0, then its follow-ups.
        part: usize,
        notes: String,
        notes_cursor: usize,
        /// Key points ticked, and the one highlighted.
        ticked: Vec<usize>,
        cursor: usize,
        started: Option<u64>,
        /// Verdicts of the card's questions answered so far.
        done: Vec<Verdict>,
        /// Cards answered, with their verdicts.
        answers: Vec<(String, Verdict)>,
        /// The report's highlighted link.
        link: usize,
        /// The page's scroll, and how far it goes.
        scroll: u16,
        max: u16,
    },
    Dashboard {
        scroll: u16,
        max: u16,
    },
    Access {
        /// The selected action row and principal column, and how many.
        row: usize,
        col: usize,
        rows: usize,
        cols: usize,
        /// 0: the cell's one line, 1: its trail, 2: the principal's paths.
        detail: u8,
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
    /// The question shown, by id.
    id: String,
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
    today: i64,
    /// The review deck: key, due, last reviewed, reviews, lapses.
    deck: Vec<(String, i64, i64, u32, u32)>,
    /// Each round: day, asked, passed, weak topics, level, verdicts.
    interviews: Vec<RoundP>,
}

/// A round kept in progress: day, asked, passed, weak topics, level,
/// verdicts.
type RoundP = (i64, usize, usize, Vec<String>, Option<String>, Vec<Verdict>);

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
                scroll: q.shown_scroll.get(),
                max: q.max_scroll.get(),
                right: right_positions(q.item()),
                id: q.item().question.id.clone(),
            }),
            Screen::Sandbox(s) => ScreenP::Sandbox(console_p(&s.console, &s.shell)),
            Screen::Lab(l) => ScreenP::Lab {
                id: l.session.lab.id.clone(),
                console: console_p(&l.console, &l.session.shell),
                hints: l.hints.len(),
                confirming: l.console.asking.is_some(),
            },
            Screen::Review(r) => {
                let (current, answered, scroll, max) = match &r.current {
                    Some(Current::Question(q)) => (
                        Some(CardKind::Question(q.item().question.id.clone()).key()),
                        q.graded.is_some(),
                        q.shown_scroll.get(),
                        q.max_scroll.get(),
                    ),
                    Some(Current::Recall { key, revealed, .. }) => (
                        Some(key.clone()),
                        *revealed,
                        r.scroll.min(r.max_scroll.get()),
                        r.max_scroll.get(),
                    ),
                    None => (None, false, 0, 0),
                };
                ScreenP::Review {
                    queue: r.queue.clone(),
                    current,
                    answered,
                    reviewed: r.reviewed,
                    again: r.again,
                    scroll,
                    max,
                }
            }
            Screen::Interview(i) => ScreenP::Interview {
                phase: i.phase,
                setup_cursor: i.setup_cursor,
                minutes: i.minutes,
                cards: i.cards.iter().map(|c| c.id.clone()).collect(),
                index: i.index,
                part: i.part,
                notes: i.notes.text().to_string(),
                notes_cursor: i.notes.cursor(),
                ticked: i.ticked.iter().copied().collect(),
                cursor: i.cursor,
                started: i.started_ms,
                done: i.done.iter().map(|p| p.verdict).collect(),
                answers: i
                    .answers
                    .iter()
                    .map(|a| (a.card.clone(), a.verdict))
                    .collect(),
                link: i.link,
                scroll: if i.phase == Phase::Report {
                    i.shown_scroll.get()
                } else {
                    i.scroll.min(i.max_scroll.get())
                },
                max: i.max_scroll.get(),
            },
            Screen::Dashboard(d) => ScreenP::Dashboard {
                scroll: d.scroll.min(d.max_scroll.get()),
                max: d.max_scroll.get(),
            },
            Screen::Present(p) => ScreenP::Present {
                page: p.page,
                shown: p.shown,
            },
            Screen::Access(a) => ScreenP::Access {
                row: a.row,
                col: a.col,
                rows: a.grid.columns.len(),
                cols: a.grid.principals.len(),
                detail: match a.detail {
                    Detail::Summary => 0,
                    Detail::Trail(_) => 1,
                    Detail::Paths { .. } => 2,
                },
            },
        })
        .collect();
    Probe {
        context: hs.app.context(),
        screens,
        overlay: hs.app.overlay.clone(),
        theme: hs.app.theme,
        quit: hs.app.should_quit(),
        today: hs.app.today,
        deck: hs
            .app
            .progress
            .review
            .iter()
            .map(|(k, c)| (k.clone(), c.due, c.last, c.reviews, c.lapses))
            .collect(),
        interviews: hs
            .app
            .progress
            .interviews
            .iter()
            .map(|r| {
                (
                    r.day,
                    r.asked,
                    r.strong,
                    r.weak_topics.clone(),
                    r.level.clone(),
                    r.answers.iter().map(|a| a.verdict).collect(),
                )
            })
            .collect(),
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
            build: || {
                // Lesson 2's lab intro, wherever the lesson puts it.
                let course = iamtutor::content::course::Course::embedded().unwrap();
                let scene = course.lessons[1]
                    .scenes
                    .iter()
                    .position(|s| matches!(s, Scene::LabIntro { .. }))
                    .unwrap();
                lesson_at(1, scene, 80, 24)
            },
        },
        Setup {
            name: "lesson checkpoint page",
            build: || lesson_at(0, 8, 80, 24),
        },
        Setup {
            // Lesson 1's checkpoint taken, back on its page.
            name: "lesson checkpoint taken",
            build: || {
                let mut app = new_app();
                app.progress.checkpoint("identities", 9, 12);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.open_lesson_at(0, 8);
                hs
            },
        },
        Setup {
            // The last lesson's checkpoint taken: → goes home.
            name: "last checkpoint taken",
            build: || {
                let mut app = new_app();
                let last = app.course.lessons.len() - 1;
                let id = app.course.lessons[last].id.clone();
                app.progress.checkpoint(&id, 5, 10);
                let scenes = app.course.lessons[last].scenes.len();
                let mut hs = Harness::with_app(app, 80, 24);
                hs.open_lesson_at(last, scenes);
                hs
            },
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
                    hs.next();
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
            name: "access grid",
            build: || {
                let mut hs = Harness::new(80, 24);
                let row = app_kit::home_row_of_lab(&hs.app, "mistakes-cleanup");
                hs.open_home_row(row);
                hs.key(KeyCode::F(6));
                // Away from the first cell, so every move shows.
                hs.key(KeyCode::Down);
                hs.key(KeyCode::Right);
                assert!(hs.access().grid.principals.len() > 2);
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
            name: "editor leaving",
            build: || {
                let mut hs = sandbox_typing();
                hs.ctrl('u');
                hs.run("edit p.json");
                hs.chars("{}");
                hs.key(KeyCode::Esc);
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
        Setup {
            // A lab goal to recall, at the smallest size so it scrolls,
            // scrolled one line; two more cards wait.
            name: "review front",
            build: || {
                let app = app_with_cards(&[
                    CardKind::LabGoal("mistakes-cleanup".into(), 0),
                    CardKind::Interview("iv-001".into()),
                    CardKind::Question("identities-12".into()),
                ]);
                let mut hs = Harness::with_app(app, 60, 16);
                hs.key(KeyCode::Char('r'));
                assert_eq!(hs.app.context(), Context::ReviewFront);
                hs.key(KeyCode::Down);
                assert!(hs.review().max_scroll.get() >= 3);
                assert_eq!(hs.review().scroll, 1);
                hs
            },
        },
        Setup {
            // John's lab goal revealed, scrolled one line; a question and
            // an interview card wait. Enter grades it Good.
            name: "review grade recall",
            build: || {
                let app = app_with_cards(&[
                    CardKind::LabGoal("users-john".into(), 0),
                    CardKind::Question("identities-12".into()),
                    CardKind::Interview("iv-001".into()),
                ]);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.key(KeyCode::Char('r'));
                hs.enter();
                assert_eq!(hs.app.context(), Context::ReviewGrade);
                hs.key(KeyCode::Down);
                assert_eq!(hs.review().scroll, 1);
                hs
            },
        },
        Setup {
            // A decide question answered wrong, its feedback scrolled one
            // line; an interview card waits. Enter grades it Again.
            name: "review grade question",
            build: || {
                let app = app_with_cards(&[
                    CardKind::Question("identities-12".into()),
                    CardKind::Interview("iv-001".into()),
                ]);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.key(KeyCode::Char('r'));
                assert!(matches!(
                    hs.shown_quiz().item().question.kind,
                    QuestionKind::Decide(_)
                ));
                hs.answer(false);
                assert_eq!(hs.app.context(), Context::ReviewGrade);
                // Answering scrolls the feedback into view; ↓ goes one further.
                let before = hs.shown_quiz().shown_scroll.get();
                hs.key(KeyCode::Down);
                assert!(hs.shown_quiz().max_scroll.get() >= before + 3);
                assert_eq!(hs.shown_quiz().scroll, before + 1);
                hs
            },
        },
        Setup {
            name: "review done",
            build: || {
                let app = app_with_cards(&[CardKind::Interview("iv-001".into())]);
                let mut hs = Harness::with_app(app, 80, 24);
                hs.key(KeyCode::Char('r'));
                hs.enter();
                hs.key(KeyCode::Char('3'));
                hs
            },
        },
        Setup {
            // The round's choices: Hard highlighted, one question more.
            name: "interview setup",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.key(KeyCode::Char('i'));
                hs.key(KeyCode::Char('4'));
                hs.key(KeyCode::Right);
                assert_eq!(hs.app.context(), Context::InterviewSetup);
                hs
            },
        },
        Setup {
            // Nothing answered yet: Esc leaves without a report.
            name: "interview first question",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.key(KeyCode::Char('i'));
                hs.enter();
                hs.action(Action::Clock(1_000));
                hs.chars("arn");
                hs.key(KeyCode::Left);
                hs
            },
        },
        Setup {
            // The first answer recorded, the second being noted.
            name: "interview ask",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-006", "iv-014"]);
                hs.action(Action::Clock(1_000));
                hs.enter();
                hs.key(KeyCode::Char('2'));
                hs.key(KeyCode::Right);
                hs.action(Action::Clock(5_000));
                hs.chars("arn");
                hs.key(KeyCode::Left);
                assert_eq!(hs.interview().index, 1);
                hs
            },
        },
        Setup {
            // The first answer shown, points 1 and 3 ticked, the cursor on
            // the second.
            name: "interview first answer",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-022", "iv-006"]);
                hs.enter();
                hs.key(KeyCode::Char('1'));
                hs.key(KeyCode::Char('3'));
                hs.key(KeyCode::Up);
                assert_eq!(hs.app.context(), Context::InterviewGrade);
                hs
            },
        },
        Setup {
            // The last question of the round shown: its follow-up.
            name: "interview last answer",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-078"]);
                hs.enter();
                hs.key(KeyCode::Right);
                hs.enter();
                assert_eq!(hs.interview().part, 1);
                hs
            },
        },
        Setup {
            // The clock ran out on a question with notes.
            name: "interview time up",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 80, 24);
                hs.interview_of(&["iv-006", "iv-014"]);
                hs.action(Action::Clock(1_000));
                hs.chars("keys");
                hs.action(Action::Clock(500_000));
                assert_eq!(hs.app.context(), Context::InterviewTimeUp);
                hs
            },
        },
        Setup {
            // Five answers, at the smallest size so the report scrolls, its
            // second link highlighted.
            name: "interview report",
            build: || {
                let mut hs = Harness::with_app(app_with_cards(&[]), 60, 16);
                hs.interview_of(&["iv-006", "iv-023", "iv-015", "iv-041", "iv-001"]);
                for ticks in ["1234", "", "12", "1", "1234"] {
                    hs.enter();
                    hs.chars(ticks);
                    hs.key(KeyCode::Right);
                }
                assert_eq!(hs.app.context(), Context::InterviewReport);
                hs.key(KeyCode::Down);
                assert!(hs.interview().max_scroll.get() >= 2);
                hs
            },
        },
        Setup {
            name: "dashboard",
            build: || {
                let mut hs = Harness::with_app(app_kit::practised_app(), 80, 24);
                hs.key(KeyCode::Char('d'));
                hs.key(KeyCode::Down);
                hs.key(KeyCode::Down);
                assert!(hs.dashboard().max_scroll.get() > 12);
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
        // Ctrl-C clears what is typed, as a shell does (the console shows
        // the line with ^C); with nothing typed it asks for a second press
        // where one types, and quits at once elsewhere.
        (_, Action::Interrupt) => {
            let typing = matches!(
                ctx,
                Context::Console
                    | Context::LabConsole
                    | Context::QuizText
                    | Context::InterviewAsk
                    | Context::InterviewLive
                    | Context::Editor
            );
            match (ctx, top(&mut e)) {
                (
                    Context::Console | Context::LabConsole,
                    ScreenP::Sandbox(c) | ScreenP::Lab { console: c, .. },
                ) if !c.input.is_empty() => {
                    c.input.clear();
                    c.cursor = 0;
                    c.lines += 1;
                    c.scroll = 0;
                    if let Some(ScreenP::Sandbox(a) | ScreenP::Lab { console: a, .. }) =
                        after.screens.last()
                    {
                        c.max_scroll = a.max_scroll;
                    }
                }
                (Context::QuizText, ScreenP::Quiz(q)) if !q.text.is_empty() => {
                    q.text.clear();
                    q.text_cursor = 0;
                }
                (
                    Context::InterviewAsk,
                    ScreenP::Interview {
                        notes,
                        notes_cursor,
                        ..
                    },
                ) if !notes.is_empty() => {
                    notes.clear();
                    *notes_cursor = 0;
                }
                _ if typing => {}
                _ => e.quit = true,
            }
        }

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
        (
            Context::Jump,
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last,
        ) => {
            let Some(Overlay::Jump { rows, selected }) = e.overlay.clone() else {
                unreachable!()
            };
            let last = rows.len() - 1;
            let selected = match action {
                Action::Up => selected - 1,
                Action::Down => selected + 1,
                Action::PageUp => selected.saturating_sub(10),
                Action::First => 0,
                Action::Last => last,
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
                                    phase: Phase::Setup,
                                    setup_cursor: 0,
                                    minutes: 15,
                                    started: None,
                                    cards,
                                    ..
                                } if cards.is_empty()
                            )
                        },
                        "the choices of a new interview round",
                    )?);
                }
                Action::Dashboard => {
                    e.screens.push(new_top(
                        |t| matches!(t, ScreenP::Dashboard { scroll: 0, .. }),
                        "the dashboard",
                    )?);
                }
                other => return Err(format!("no expectation for {other:?} on home")),
            }
        }

        // The lesson player.
        (
            Context::Lesson
            | Context::LessonLab
            | Context::LessonCheckpoint
            | Context::LessonCheckpointDone
            | Context::LessonCourseDone,
            _,
        ) => {
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
                        // A checkpoint taken: → moves on to the next
                        // lesson, or home after the last.
                        (_, None)
                            if *action == Action::Next && ctx == Context::LessonCheckpointDone =>
                        {
                            *top(&mut e) = page(lesson + 1, 0);
                        }
                        (_, None)
                            if *action == Action::Next && ctx == Context::LessonCourseDone =>
                        {
                            e.screens = popped(before);
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
            | Context::QuizMany
            | Context::QuizOrder
            | Context::QuizText
            | Context::QuizFeedback
            | Context::QuizSummary,
            Action::Back,
        ) => e.screens = popped(before),
        (
            Context::QuizChoice
            | Context::QuizMany
            | Context::QuizOrder
            | Context::QuizText
            | Context::QuizFeedback
            | Context::QuizSummary,
            _,
        ) => {
            let ScreenP::Quiz(mut q) = before.screens.last().unwrap().clone() else {
                unreachable!()
            };
            let n_options = match setup {
                "choose one" => 4,
                "choose many" => 5,
                "decide" => 3,
                "order" => 5,
                _ => 0,
            };
            let toggle = |q: &mut QuizP, i: usize| {
                if let Some(p) = q.picked.iter().position(|x| *x == i) {
                    q.picked.remove(p);
                } else {
                    q.picked.push(i);
                    q.picked.sort();
                }
            };
            match (ctx, action) {
                (Context::QuizChoice | Context::QuizMany | Context::QuizOrder, Action::Up) => {
                    q.cursor -= 1
                }
                (Context::QuizChoice | Context::QuizMany | Context::QuizOrder, Action::Down) => {
                    q.cursor = (q.cursor + 1).min(n_options - 1)
                }
                // Several answers: a number or Space ticks; Enter answers.
                (Context::QuizMany, Action::Pick(i)) => {
                    q.cursor = *i;
                    toggle(&mut q, *i);
                }
                (Context::QuizMany, Action::Toggle) => {
                    let c = q.cursor;
                    toggle(&mut q, c);
                }
                (Context::QuizMany, Action::Open) => {
                    let mut right = q.right.clone();
                    right.sort();
                    q.graded = Some(q.picked == right);
                }
                // One answer: a number only highlights; Enter answers with
                // the highlighted option.
                (Context::QuizChoice, Action::Pick(i)) => q.cursor = *i,
                (Context::QuizChoice, Action::Open) => {
                    q.graded = Some(q.right.contains(&q.cursor));
                }
                (Context::QuizOrder, Action::Pick(i)) => {
                    q.cursor = *i;
                    if !q.ordered.contains(i) {
                        q.ordered.push(*i);
                    }
                }
                (Context::QuizOrder, Action::Toggle) => {
                    if !q.ordered.contains(&q.cursor) {
                        q.ordered.push(q.cursor);
                    }
                }
                // Enter answers only once every item is placed; here one
                // is, so it only says so.
                (Context::QuizOrder, Action::Open) => {}
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
                // Enter answered: it does not also go on (it says which
                // keys do).
                (Context::QuizFeedback, Action::Open) => {}
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
                    q.id = a.id.clone();
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
            // Feedback's length is the drawing's business, and so is where
            // a question just answered settles to keep its marks in view.
            let answered_before =
                matches!(before.screens.last(), Some(ScreenP::Quiz(b)) if b.graded.is_some());
            if let (Some(_), ScreenP::Quiz(a)) = (q.graded, after.screens.last().unwrap()) {
                q.max = a.max;
                if !answered_before {
                    q.scroll = a.scroll;
                }
            }
            // A question answered wrong comes back in review, due today.
            if !answered_before && q.graded == Some(false) {
                add_card(&mut e, &format!("q:{}", q.id));
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
        (Context::EditorLeave, _) => {
            let Some(ScreenP::Sandbox(console) | ScreenP::Lab { console, .. }) =
                e.screens.last_mut()
            else {
                unreachable!()
            };
            let (name, lines, _) = console.editor.clone().unwrap();
            match action {
                // Saved (the JSON is valid) and closed.
                Action::Save => {
                    console.editor = None;
                    console.files.retain(|(n, _)| *n != name);
                    console.files.push((name, lines.join("\n") + "\n"));
                    console.files.sort();
                    console.lines += 1;
                }
                // Discarded: closed, the file as it was.
                Action::Confirm(false) => {
                    console.editor = None;
                    console.lines += 1;
                }
                // Back to editing, nothing lost.
                Action::Back => {}
                other => return Err(format!("no expectation for {other:?} leaving the editor")),
            }
            if let Some(ScreenP::Sandbox(a) | ScreenP::Lab { console: a, .. }) =
                after.screens.last()
            {
                console.max_scroll = a.max_scroll;
            }
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
                // Esc closes a file as it was opened; with changes, it asks
                // first (save, discard, keep editing) and nothing changes yet.
                Action::Back => {
                    let original = console
                        .files
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map_or("\n".to_string(), |(_, t)| t.clone());
                    if lines.join("\n") + "\n" == original {
                        console.editor = None;
                        console.lines += 1;
                    }
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
                Action::AccessGrid => {
                    let grid = new_top(
                        |t| {
                            matches!(
                                t,
                                ScreenP::Access {
                                    row: 0,
                                    col: 0,
                                    detail: 0,
                                    ..
                                }
                            )
                        },
                        "the access grid at its first cell",
                    )?;
                    e.screens.push(grid);
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

        // Review.
        (Context::ReviewFront | Context::ReviewGrade | Context::ReviewDone, Action::Back) => {
            e.screens = popped(before);
        }
        (
            Context::ReviewFront | Context::ReviewGrade,
            Action::Up | Action::Down | Action::PageUp | Action::PageDown,
        ) => {
            if let ScreenP::Review { scroll, max, .. } = top(&mut e) {
                *scroll = match action {
                    Action::Up => scroll.saturating_sub(1),
                    Action::PageUp => scroll.saturating_sub(10),
                    Action::Down => (*scroll + 1).min(*max),
                    _ => (*scroll + 10).min(*max),
                };
            }
        }
        (Context::ReviewFront, Action::Open) => {
            if let ScreenP::Review { answered, .. } = top(&mut e) {
                *answered = true;
            }
            // The answer's length is the drawing's business.
            if let (ScreenP::Review { max, .. }, Some(ScreenP::Review { max: m, .. })) =
                (top(&mut e), after.screens.last())
            {
                *max = *m;
            }
        }
        (Context::ReviewGrade, Action::Pick(n)) => graded_card(&mut e, after, Grade::ALL[*n])?,
        // Enter answered or revealed the card: it does not also grade it.
        (Context::ReviewGrade, Action::Open) => {}

        // Interview practice.
        (Context::InterviewSetup, _) => {
            let ScreenP::Interview {
                setup_cursor,
                minutes,
                ..
            } = top(&mut e)
            else {
                unreachable!()
            };
            let last = Level::ALL.len() - 1;
            match action {
                Action::Up => *setup_cursor = setup_cursor.saturating_sub(1),
                Action::Down => *setup_cursor = (*setup_cursor + 1).min(last),
                Action::Pick(n) => *setup_cursor = (*n).min(last),
                Action::Prev => *minutes = minutes.saturating_sub(3).max(3),
                Action::Next => *minutes = (*minutes + 3).min(60),
                Action::Back => e.screens = popped(before),
                Action::Open => {
                    // The round drawn: as many cards as the minutes give,
                    // all of the level highlighted, the first one asked.
                    let (level, count) = (Level::ALL[*setup_cursor], *minutes / 3);
                    let course = app_kit::course();
                    let fresh = new_top(
                        |t| {
                            matches!(
                                t,
                                ScreenP::Interview {
                                    phase: Phase::Ask,
                                    index: 0,
                                    part: 0,
                                    ..
                                }
                            )
                        },
                        "the first question",
                    )?;
                    let ScreenP::Interview { cards, .. } = &fresh else {
                        unreachable!()
                    };
                    let ok = cards.len() as u64 == count
                        && cards.iter().all(|id| {
                            let c = course.interview.iter().find(|c| &c.id == id).unwrap();
                            level.admits(c)
                        });
                    if !ok {
                        return Err(format!("not a round of {count} {level:?} cards: {cards:?}"));
                    }
                    *top(&mut e) = fresh;
                }
                a => return Err(format!("no expectation for {a:?} on the setup screen")),
            }
        }
        (Context::InterviewAsk, Action::Open) => {
            let after_max = interview_max(after);
            if let ScreenP::Interview {
                phase,
                cursor,
                scroll,
                max,
                ..
            } = top(&mut e)
            {
                *phase = Phase::Tick;
                *cursor = 0;
                *scroll = 0;
                *max = after_max;
            }
        }
        (Context::InterviewTimeUp, Action::Open) => {
            let after_max = interview_max(after);
            if let ScreenP::Interview { phase, max, .. } = top(&mut e) {
                *phase = Phase::Tick;
                *max = after_max;
            }
        }
        (Context::InterviewAsk | Context::InterviewTimeUp, Action::Back) => {
            end_interview(&mut e, before, after)
        }
        (Context::InterviewAsk, a) => {
            if let ScreenP::Interview {
                notes,
                notes_cursor,
                ..
            } = top(&mut e)
            {
                let (text, c) = edit_line(notes, *notes_cursor, a);
                *notes = text;
                *notes_cursor = c;
            }
        }
        // Enter answered: it does not also record the points.
        (Context::InterviewGrade, Action::Open) => {}
        (Context::InterviewGrade, Action::Back) => {
            let verdict = part_verdict(top(&mut e));
            if let ScreenP::Interview { done, .. } = top(&mut e) {
                done.push(verdict);
            }
            end_interview(&mut e, before, after)
        }
        (Context::InterviewGrade, Action::Next) => next_question(&mut e, before, after)?,
        (Context::InterviewGrade, _) => {
            let n = current_part(top(&mut e)).key_points.len();
            let ScreenP::Interview {
                ticked,
                cursor,
                scroll,
                max,
                ..
            } = top(&mut e)
            else {
                unreachable!()
            };
            match action {
                Action::Pick(i) => toggle_point(ticked, cursor, *i, n),
                Action::Toggle => {
                    let at = *cursor;
                    toggle_point(ticked, cursor, at, n)
                }
                Action::Up => *cursor = cursor.saturating_sub(1),
                Action::Down => *cursor = (*cursor + 1).min(n - 1),
                Action::PageUp => *scroll = scroll.saturating_sub(10),
                Action::PageDown => *scroll = (*scroll + 10).min(*max),
                a => return Err(format!("no expectation for {a:?} on the key points")),
            }
        }
        (Context::InterviewReport, _) => {
            let links = report_links(top(&mut e));
            let ScreenP::Interview {
                link, scroll, max, ..
            } = top(&mut e)
            else {
                unreachable!()
            };
            match action {
                Action::Up if links > 0 => *link = link.saturating_sub(1),
                Action::Down if links > 0 => *link = (*link + 1).min(links - 1),
                Action::Open if links > 0 => {
                    // The link's lesson or lab opens above the report.
                    let opened = new_top(
                        |t| matches!(t, ScreenP::Lesson { .. } | ScreenP::Lab { .. }),
                        "the lesson or lab linked",
                    )?;
                    e.screens.push(opened);
                    return Ok(finish(e, after));
                }
                Action::Open | Action::Back => e.screens = popped(before),
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll = (*scroll + 1).min(*max),
                Action::PageUp => *scroll = scroll.saturating_sub(10),
                Action::PageDown => *scroll = (*scroll + 10).min(*max),
                a => return Err(format!("no expectation for {a:?} in the report")),
            }
            // Where the highlighted link lands is the drawing's business.
            if matches!(action, Action::Up | Action::Down)
                && let (
                    ScreenP::Interview { scroll, .. },
                    Some(ScreenP::Interview { scroll: drawn, .. }),
                ) = (top(&mut e), after.screens.last())
            {
                *scroll = *drawn;
            }
        }

        // The dashboard.
        (Context::Dashboard, Action::Back) => e.screens = popped(before),
        (Context::Dashboard, Action::Up | Action::Down | Action::PageUp | Action::PageDown) => {
            if let ScreenP::Dashboard { scroll, max } = top(&mut e) {
                *scroll = match action {
                    Action::Up => scroll.saturating_sub(1),
                    Action::PageUp => scroll.saturating_sub(10),
                    Action::Down => (*scroll + 1).min(*max),
                    _ => (*scroll + 10).min(*max),
                };
            }
        }

        // The access grid: the detail pane closes before Esc leaves.
        (Context::Access, Action::Back)
            if matches!(top(&mut e), ScreenP::Access { detail: 0, .. }) =>
        {
            e.screens = popped(before)
        }
        (Context::Access, _) => {
            if let ScreenP::Access {
                row,
                col,
                rows,
                cols,
                detail,
            } = top(&mut e)
            {
                let (r0, c0) = (*row, *col);
                let last_row = *rows - 1;
                match action {
                    Action::Up => *row = row.saturating_sub(1),
                    Action::Down => *row = (*row + 1).min(last_row),
                    Action::CursorLeft => *col = col.saturating_sub(1),
                    Action::CursorRight => *col = (*col + 1).min(*cols - 1),
                    Action::First => *row = 0,
                    Action::Last => *row = last_row,
                    // With the detail open, the page keys scroll it.
                    Action::PageUp | Action::PageDown if *detail != 0 => {}
                    Action::PageUp => *row = row.saturating_sub(10),
                    Action::PageDown => *row = (*row + 10).min(last_row),
                    Action::Open => *detail = if *detail == 1 { 0 } else { 1 },
                    Action::ShowPaths => *detail = if *detail == 2 { 0 } else { 2 },
                    Action::Back => *detail = 0,
                    a => return Err(format!("no expectation for {a:?} in the access grid")),
                }
                // Moving closes a trail; paths stay while the principal does.
                if (*row, *col) != (r0, c0) && !(*detail == 2 && *col == c0) {
                    *detail = 0;
                }
            }
        }

        (c, a) => return Err(format!("no expectation for {a:?} in {c:?}")),
    }
    Ok(finish(e, after))
}

/// Point `i` of `n` ticked if it was not, unticked if it was, and the
/// cursor on it; a number past the last point changes nothing.
fn toggle_point(ticked: &mut Vec<usize>, cursor: &mut usize, i: usize, n: usize) {
    if i >= n {
        return;
    }
    *cursor = i;
    match ticked.iter().position(|t| *t == i) {
        Some(at) => {
            ticked.remove(at);
        }
        None => {
            ticked.push(i);
            ticked.sort();
        }
    }
}

/// A card added to review (due today), as `review::add` promises: a card
/// already in the deck only becomes due today.
fn add_card(e: &mut Probe, key: &str) {
    let today = e.today;
    match e.deck.iter_mut().find(|c| c.0 == key) {
        Some(c) => c.1 = c.1.min(today),
        None => {
            e.deck.push((key.to_string(), today, today, 0, 0));
            e.deck.sort();
        }
    }
}

/// The review on top of `e` after its card is graded `g`: the card is
/// reviewed today and due today again after Again (and shown once more at
/// the end), a day or more later otherwise; the next card shows.
fn graded_card(e: &mut Probe, after: &Probe, g: Grade) -> Result<(), String> {
    let ScreenP::Review {
        mut queue,
        current,
        reviewed,
        again,
        ..
    } = top(e).clone()
    else {
        unreachable!()
    };
    let key = current.ok_or("no card to grade")?;
    let today = e.today;
    // FSRS picks the day; what is checked is which side of today it falls.
    let due_after = after
        .deck
        .iter()
        .find(|c| c.0 == key)
        .map(|c| c.1)
        .ok_or("the card left the deck")?;
    let card = e.deck.iter_mut().find(|c| c.0 == key).unwrap();
    card.2 = today;
    card.3 += 1;
    if g == Grade::Again {
        card.1 = today;
        card.4 += 1;
        queue.push(key.clone());
    } else if due_after > today {
        card.1 = due_after;
    } else {
        return Err(format!("graded {g:?} yet due again on day {due_after}"));
    }
    let next = if queue.is_empty() {
        None
    } else {
        Some(queue.remove(0))
    };
    let max = match after.screens.last() {
        Some(ScreenP::Review { max, .. }) => *max,
        _ => 0,
    };
    *top(e) = ScreenP::Review {
        queue,
        current: next,
        answered: false,
        reviewed: reviewed + 1,
        again: again + usize::from(g == Grade::Again),
        scroll: 0,
        max,
    };
    Ok(())
}

/// The interview on top of `e` ended: its report shows; the session is
/// recorded with its weak topics, and each answer graded Again or Hard
/// becomes a review card.
/// The question shown in an interview probe.
fn current_part(p: &ScreenP) -> Part {
    let ScreenP::Interview {
        cards, index, part, ..
    } = p
    else {
        unreachable!()
    };
    let course = app_kit::course();
    let card = course
        .interview
        .iter()
        .find(|c| c.id == cards[*index])
        .unwrap();
    grading::parts(card, &course.interview).swap_remove(*part)
}

/// The verdict the points ticked give the question shown.
fn part_verdict(p: &ScreenP) -> Verdict {
    let part = current_part(p);
    let ScreenP::Interview { ticked, .. } = p else {
        unreachable!()
    };
    let ticked = ticked.iter().copied().collect();
    grading::judge_points(part.key_points.len(), &part.essential, &ticked).verdict
}

/// How far the interview on top of `p` scrolls, as drawn.
fn interview_max(p: &Probe) -> u16 {
    match p.screens.last() {
        Some(ScreenP::Interview { max, .. }) => *max,
        _ => 0,
    }
}

/// → on the key points: the question recorded; the next one (a
/// follow-up, or the next card), or the report after the last.
fn next_question(e: &mut Probe, before: &Probe, after: &Probe) -> Result<(), String> {
    let verdict = part_verdict(top(e));
    let course = app_kit::course();
    let ScreenP::Interview {
        cards,
        index,
        part,
        done,
        answers,
        ..
    } = top(e)
    else {
        unreachable!()
    };
    done.push(verdict);
    let card = course
        .interview
        .iter()
        .find(|c| c.id == cards[*index])
        .unwrap();
    let parts = grading::parts(card, &course.interview).len();
    if *part + 1 < parts {
        *part += 1;
    } else {
        answers.push((card.id.clone(), grading::card_verdict(done[0], &done[1..])));
        done.clear();
        *index += 1;
        *part = 0;
    }
    let last = *index == cards.len();
    if let ScreenP::Interview {
        phase,
        notes,
        notes_cursor,
        ticked,
        cursor,
        started,
        scroll,
        max,
        ..
    } = top(e)
    {
        *phase = Phase::Ask;
        notes.clear();
        *notes_cursor = 0;
        ticked.clear();
        *cursor = 0;
        *started = None;
        *scroll = 0;
        *max = interview_max(after);
    }
    if last {
        finish_interview(e, before, after);
    }
    Ok(())
}

/// Esc in a round: the card half answered counts; with nothing answered at
/// all the round simply closes.
fn end_interview(e: &mut Probe, before: &Probe, after: &Probe) {
    let course = app_kit::course();
    let ScreenP::Interview {
        cards,
        index,
        done,
        answers,
        ..
    } = top(e)
    else {
        unreachable!()
    };
    if !done.is_empty() {
        answers.push((
            cards[*index].clone(),
            grading::card_verdict(done[0], &done[1..]),
        ));
        done.clear();
    }
    let _ = &course;
    if answers.is_empty() {
        e.screens = popped(before);
    } else {
        finish_interview(e, before, after);
    }
}

/// How many links the report on top offers: each weak card's places, once.
fn report_links(p: &ScreenP) -> usize {
    let ScreenP::Interview { answers, .. } = p else {
        unreachable!()
    };
    let course = app_kit::course();
    let mut links = Vec::new();
    for (id, v) in answers {
        if *v == Verdict::Pass {
            continue;
        }
        let card = course.interview.iter().find(|c| &c.id == id).unwrap();
        for l in revisit::links_of(card, &course.lessons) {
            if !links.contains(&l) {
                links.push(l);
            }
        }
    }
    links.len()
}

fn finish_interview(e: &mut Probe, before: &Probe, after: &Probe) {
    let _ = before;
    let report_max = interview_max(after);
    let ScreenP::Interview { answers, .. } = top(e).clone() else {
        unreachable!()
    };
    if let ScreenP::Interview {
        phase,
        max,
        scroll,
        link,
        ..
    } = top(e)
    {
        *phase = Phase::Report;
        *max = report_max;
        *scroll = 0;
        *link = 0;
    }
    let course = app_kit::course();
    let weak: Vec<&String> = answers
        .iter()
        .filter(|(_, v)| *v != Verdict::Pass)
        .map(|(id, _)| id)
        .collect();
    let mut topics: Vec<String> = weak
        .iter()
        .map(|id| {
            let card = course.interview.iter().find(|c| &c.id == *id).unwrap();
            card.topic.clone()
        })
        .collect();
    topics.sort();
    topics.dedup();
    e.interviews.push((
        e.today,
        answers.len(),
        answers.len() - weak.len(),
        topics,
        Some("mixed".to_string()),
        answers.iter().map(|(_, v)| *v).collect(),
    ));
    for id in weak {
        add_card(e, &format!("iv:{id}"));
    }
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
        Context::LessonLab,
        Context::LessonCheckpoint,
        Context::LessonCheckpointDone,
        Context::LessonCourseDone,
        Context::QuizChoice,
        Context::QuizMany,
        Context::QuizOrder,
        Context::QuizText,
        Context::QuizFeedback,
        Context::QuizSummary,
        Context::Console,
        Context::LabConsole,
        Context::Confirm,
        Context::Editor,
        Context::EditorLeave,
        Context::Help,
        Context::Jump,
        Context::ReviewFront,
        Context::ReviewGrade,
        Context::ReviewDone,
        Context::InterviewAsk,
        Context::InterviewGrade,
        Context::InterviewReport,
        Context::Dashboard,
        Context::Access,
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

/// Grades 1 to 4 schedule a card by how well it was known: Again keeps it
/// due today and shows it once more at the end of the session; Hard, Good
/// and Easy put it off, each at least as long as the one before. Each
/// moves on to the next card.
#[test]
fn the_four_grades_put_a_card_off_further_and_further() {
    let mut dues = Vec::new();
    for g in ['1', '2', '3', '4'] {
        let app = app_with_cards(&[
            CardKind::Interview("iv-001".into()),
            CardKind::Interview("iv-002".into()),
        ]);
        let mut hs = Harness::with_app(app, 80, 24);
        hs.key(KeyCode::Char('r'));
        hs.enter();
        hs.key(KeyCode::Char(g));
        let card = &hs.app.progress.review["iv:iv-001"];
        assert_eq!((card.reviews, card.last), (1, TODAY), "grade {g}");
        assert_eq!(card.lapses, u32::from(g == '1'), "grade {g}");
        dues.push(card.due);
        let r = hs.review();
        assert_eq!(r.reviewed, 1);
        match &r.current {
            Some(Current::Recall {
                key,
                revealed: false,
                ..
            }) => assert_eq!(key, "iv:iv-002"),
            other => panic!("grade {g}: the next card is not shown: {other:?}"),
        }
        let again: Vec<String> = if g == '1' {
            vec!["iv:iv-001".into()]
        } else {
            Vec::new()
        };
        assert_eq!(r.queue, again, "grade {g}");
        assert!(hs.app.progress_dirty, "grade {g} is saved");
    }
    assert_eq!(dues[0], TODAY);
    assert!(
        TODAY < dues[1] && dues[1] <= dues[2] && dues[2] < dues[3],
        "{dues:?}"
    );
}

/// Text fields type every letter, even those that are keys elsewhere.
#[test]
fn typing_fields_take_letters_that_are_keys_elsewhere() {
    for setup in setups() {
        let context = (setup.build)().app.context();
        if !matches!(
            context,
            Context::Console
                | Context::LabConsole
                | Context::QuizText
                | Context::Editor
                | Context::InterviewAsk
                | Context::InterviewLive
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
    assert!(!hs.text().contains("with nothing typed, quit"));
    for _ in 0..10 {
        hs.key(KeyCode::Down);
    }
    assert!(
        hs.text().contains("with nothing typed, quit"),
        "{}",
        hs.text()
    );
    assert!(hs.text().contains("The mouse works too"));
}
