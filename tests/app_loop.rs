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
use iamtutor::app::{Action, KeyScope, Overlay, Screen, ThemeName};
use iamtutor::content::schema::{QuestionKind, Scene};
use iamtutor::learn::interview::Verdict;
use iamtutor::learn::review::CardKind;
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
    assert_eq!(app.context(), KeyScope::Console);
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
    assert_eq!(hs.app.context(), KeyScope::Help);
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
        /// The goals pane: has the keys, the goal picked, the list's
        /// scroll, and the goal explained with the explanation's scroll.
        goals: (bool, usize, usize, Option<(usize, usize)>),
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
        detail_scroll: usize,
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
    context: KeyScope,
    screens: Vec<ScreenP>,
    overlay: Option<Overlay>,
    theme: ThemeName,
    quit: bool,
    /// What the app said at the bottom.
    notice: Option<String>,
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
        scroll: c.scroll.offset(),
        max_scroll: c.scroll.reach(),
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
                scroll: l.scroll.rows(),
                max: l.scroll.reach() as u16,
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
                scroll: q.scroll.rows(),
                max: q.scroll.reach() as u16,
                right: right_positions(q.item()),
                id: q.item().question.id.clone(),
            }),
            Screen::Sandbox(s) => ScreenP::Sandbox(console_p(&s.console, &s.shell)),
            Screen::Lab(l) => ScreenP::Lab {
                id: l.session.lab.id.clone(),
                console: console_p(&l.console, &l.session.shell),
                hints: l.hints.len(),
                confirming: l.console.asking.is_some(),
                goals: (
                    l.goals.focused,
                    l.goals.selected,
                    l.goals.scroll.offset(),
                    l.goals.why.as_ref().map(|w| (w.goal, w.scroll.offset())),
                ),
            },
            Screen::Review(r) => {
                let (current, answered, scroll, max) = match &r.current {
                    Some(Current::Question(q)) => (
                        Some(CardKind::Question(q.item().question.id.clone()).key()),
                        q.graded.is_some(),
                        q.scroll.rows(),
                        q.scroll.reach() as u16,
                    ),
                    Some(Current::Recall { key, revealed, .. }) => (
                        Some(key.clone()),
                        *revealed,
                        r.scroll.rows(),
                        r.scroll.reach() as u16,
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
                scroll: i.scroll.rows(),
                max: i.scroll.reach() as u16,
            },
            Screen::Dashboard(d) => ScreenP::Dashboard {
                scroll: d.scroll.rows(),
                max: d.scroll.reach() as u16,
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
                detail_scroll: a.detail_scroll.offset(),
            },
        })
        .collect();
    Probe {
        context: hs.app.context(),
        screens,
        overlay: hs.app.overlay.clone(),
        theme: hs.app.theme,
        quit: hs.app.should_quit(),
        notice: hs.app.notice.clone(),
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
                    hs.lesson().scroll.reach() >= 3,
                    "the scene scrolls: {}",
                    hs.lesson().scroll.reach()
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
                assert_eq!(hs.app.context(), KeyScope::ReviewFront);
                hs.key(KeyCode::Down);
                assert!(hs.review().scroll.reach() >= 3);
                assert_eq!(hs.review().scroll.offset(), 1);
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
                assert_eq!(hs.app.context(), KeyScope::ReviewGrade);
                hs.key(KeyCode::Down);
                assert_eq!(hs.review().scroll.offset(), 1);
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
                assert_eq!(hs.app.context(), KeyScope::ReviewGrade);
                // Answering scrolls the feedback into view; ↓ goes one further.
                let before = hs.shown_quiz().scroll.offset();
                hs.key(KeyCode::Down);
                assert!(hs.shown_quiz().scroll.reach() >= before + 3);
                assert_eq!(hs.shown_quiz().scroll.offset(), before + 1);
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
                assert_eq!(hs.app.context(), KeyScope::InterviewSetup);
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
                assert_eq!(hs.app.context(), KeyScope::InterviewGrade);
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
                assert_eq!(hs.app.context(), KeyScope::InterviewTimeUp);
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
                assert_eq!(hs.app.context(), KeyScope::InterviewReport);
                hs.key(KeyCode::Down);
                assert!(hs.interview().scroll.reach() >= 2);
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
                assert!(hs.dashboard().scroll.reach() > 12);
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

/// A one-line field after a line-editing row does what its words say:
/// (text, cursor in chars).
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

/// The one-line field that has the keys in `p`, if one does: its text and
/// cursor.
fn typed(p: &Probe) -> Option<(String, usize)> {
    match (p.context, p.screens.last()?) {
        (
            KeyScope::Console | KeyScope::LabConsole,
            ScreenP::Sandbox(c) | ScreenP::Lab { console: c, .. },
        ) => Some((c.input.clone(), c.cursor)),
        (KeyScope::QuizText, ScreenP::Quiz(q)) => Some((q.text.clone(), q.text_cursor)),
        (
            KeyScope::InterviewAsk,
            ScreenP::Interview {
                notes,
                notes_cursor,
                ..
            },
        ) => Some((notes.clone(), *notes_cursor)),
        _ => None,
    }
}

/// Where the reading and moving keys stand in `p`: each number grows as
/// one moves down (or right) through what is shown. The console counts
/// its scroll up from the bottom, so it goes in negated.
fn position(p: &Probe) -> Vec<i64> {
    let n = |v: usize| v as i64;
    let mut at = match &p.overlay {
        Some(Overlay::Help { scroll }) => return vec![n(scroll.offset())],
        Some(Overlay::Jump { selected, .. }) => return vec![n(*selected)],
        None => Vec::new(),
    };
    match p.screens.last() {
        Some(ScreenP::Home { selected }) => at.push(n(*selected)),
        Some(ScreenP::Lesson { scroll, .. } | ScreenP::Dashboard { scroll, .. }) => {
            at.push(i64::from(*scroll))
        }
        Some(ScreenP::Review { scroll, .. }) => at.push(i64::from(*scroll)),
        Some(ScreenP::Quiz(q)) => at.extend([n(q.cursor), i64::from(q.scroll)]),
        Some(ScreenP::Sandbox(c)) => at.push(-n(c.scroll)),
        Some(ScreenP::Lab { console, goals, .. }) => {
            let why = goals.3.map_or(0, |(_, s)| n(s));
            at.extend([-n(console.scroll), n(goals.1), n(goals.2), why]);
        }
        Some(ScreenP::Interview {
            setup_cursor,
            cursor,
            link,
            scroll,
            ..
        }) => at.extend([n(*setup_cursor), n(*cursor), n(*link), i64::from(*scroll)]),
        Some(ScreenP::Access {
            row,
            col,
            detail_scroll,
            ..
        }) => at.extend([n(*row), n(*col), n(*detail_scroll)]),
        Some(ScreenP::Present { page, shown }) => at.extend([n(*page), n(*shown)]),
        None => {}
    }
    at
}

/// How far each number of `position` goes: its least and, where the
/// probe knows it, its most.
fn bounds(p: &Probe) -> Vec<(i64, Option<i64>)> {
    let n = |v: usize| v as i64;
    let open = (0, None);
    match &p.overlay {
        Some(Overlay::Help { scroll }) => return vec![(0, Some(n(scroll.reach())))],
        Some(Overlay::Jump { .. }) => return vec![open],
        None => {}
    }
    match p.screens.last() {
        Some(ScreenP::Home { .. }) => vec![open],
        Some(
            ScreenP::Lesson { max, .. }
            | ScreenP::Dashboard { max, .. }
            | ScreenP::Review { max, .. },
        ) => vec![(0, Some(i64::from(*max)))],
        Some(ScreenP::Quiz(q)) => vec![open, (0, Some(i64::from(q.max)))],
        Some(ScreenP::Sandbox(c)) => vec![(-n(c.max_scroll), Some(0))],
        Some(ScreenP::Lab { console, .. }) => {
            vec![(-n(console.max_scroll), Some(0)), open, open, open]
        }
        Some(ScreenP::Interview { max, .. }) => vec![open, open, open, (0, Some(i64::from(*max)))],
        Some(ScreenP::Access { .. }) => vec![open, open, open],
        Some(ScreenP::Present { .. }) => vec![open, open],
        None => Vec::new(),
    }
}

/// `p` with the positions of its reading and moving keys taken out.
fn without_position(p: &Probe) -> Probe {
    let mut p = p.clone();
    if let Some(Overlay::Help { .. } | Overlay::Jump { .. }) = p.overlay {
        p.overlay = None;
        return p;
    }
    match p.screens.last_mut() {
        Some(ScreenP::Home { selected }) => *selected = 0,
        Some(
            ScreenP::Lesson { scroll, .. }
            | ScreenP::Dashboard { scroll, .. }
            | ScreenP::Review { scroll, .. },
        ) => *scroll = 0,
        Some(ScreenP::Quiz(q)) => (q.cursor, q.scroll) = (0, 0),
        // How far the output reaches depends on the row its "more above"
        // mark takes.
        Some(ScreenP::Sandbox(c)) => (c.scroll, c.max_scroll) = (0, 0),
        Some(ScreenP::Lab { console, goals, .. }) => {
            (console.scroll, console.max_scroll) = (0, 0);
            (goals.1, goals.2) = (0, 0);
            if let Some(why) = goals.3.as_mut() {
                why.1 = 0;
            }
        }
        Some(ScreenP::Interview {
            setup_cursor,
            cursor,
            link,
            scroll,
            ..
        }) => (*setup_cursor, *cursor, *link, *scroll) = (0, 0, 0, 0),
        Some(ScreenP::Access {
            row,
            col,
            detail_scroll,
            ..
        }) => (*row, *col, *detail_scroll) = (0, 0, 0),
        Some(ScreenP::Present { page, shown }) => (*page, *shown) = (0, 0),
        None => {}
    }
    p
}

/// Which way a moving key goes: back (up, left, to the start) or on.
fn direction(action: &Action, typing: bool) -> Option<bool> {
    match action {
        Action::Up | Action::PageUp | Action::First | Action::ScrollUp => Some(false),
        Action::Down | Action::PageDown | Action::Last | Action::ScrollDown => Some(true),
        // On a line being typed these edit; elsewhere they move.
        Action::CursorLeft if !typing => Some(false),
        Action::CursorRight if !typing => Some(true),
        _ => None,
    }
}

/// What a row of the key table promises, checked on the real app after
/// its key went through the keymap: its words and its action say what must
/// change, and a moving key must change nothing else.
fn row_keeps_its_word(
    binding: &Binding,
    action: &Action,
    before: &Probe,
    after: &Probe,
) -> Result<(), String> {
    let changed = before != after;
    // Rows that say they do nothing, on purpose (they may say why).
    if binding.does.contains("on purpose") {
        let mut quiet = after.clone();
        quiet.notice = before.notice.clone();
        return if quiet != *before {
            Err(format!("it says it does nothing, yet changed {after:?}"))
        } else {
            Ok(())
        };
    }
    let line_before = typed(before);
    match action {
        Action::Quit => return check(after.quit, "it quits"),
        Action::Help => {
            let open = |p: &Probe| matches!(p.overlay, Some(Overlay::Help { .. }));
            return check(open(before) != open(after), "help opens (or closes)");
        }
        Action::CycleTheme => {
            // It says which theme it is now.
            let mut same = after.clone();
            same.theme = before.theme;
            same.notice = before.notice.clone();
            return check(
                after.theme != before.theme && same == *before,
                "the theme changes, and nothing else",
            );
        }
        Action::Interrupt => {
            let typing = line_before.is_some()
                || matches!(before.context, KeyScope::Editor | KeyScope::InterviewLive);
            return match &line_before {
                Some((text, _)) if !text.is_empty() => check(
                    !after.quit && typed(after).is_some_and(|(t, _)| t.is_empty()),
                    "Ctrl-C clears the line typed and does not quit",
                ),
                _ if typing => check(
                    !after.quit && after.notice.as_deref().is_some_and(|n| n.contains("quits")),
                    "where one types, Ctrl-C on nothing typed asks for a second press",
                ),
                _ => check(after.quit, "with nothing typed, Ctrl-C quits"),
            };
        }
        _ => {}
    }
    if let Some(forward) = direction(action, line_before.is_some()) {
        if without_position(before) != without_position(after) {
            return Err(format!(
                "a moving key changed more than where it stands: {after:?}"
            ));
        }
        let (from, to) = (position(before), position(after));
        let ahead = from.iter().zip(&to).all(|(f, t)| t >= f);
        let behind = from.iter().zip(&to).all(|(f, t)| t <= f);
        let went = if forward { ahead } else { behind };
        // Standing still is only right at the end it moves towards: of
        // the text, where the screen scrolls, or else of the list.
        let ends: Vec<_> = bounds(before)
            .into_iter()
            .zip(from.iter().copied())
            .collect();
        let scrolls: Vec<_> = ends
            .iter()
            .filter(|(b, _)| b.1.is_some())
            .copied()
            .collect();
        let edge = if scrolls.is_empty() { &ends } else { &scrolls }
            .iter()
            .all(|&((least, most), at)| {
                if forward {
                    most.is_none_or(|m| at >= m)
                } else {
                    at <= least
                }
            });
        return check(
            (from != to || edge) && went,
            &format!(
                "it moves {} ({from:?} to {to:?})",
                if forward { "on" } else { "back" }
            ),
        );
    }
    if let Some((text, cursor)) = &line_before
        && matches!(
            action,
            Action::Type(_)
                | Action::Backspace
                | Action::Delete
                | Action::CursorLeft
                | Action::CursorRight
                | Action::CursorHome
                | Action::CursorEnd
                | Action::ClearLine
        )
    {
        let want = edit_line(text, *cursor, action);
        return check(
            typed(after) == Some(want.clone()),
            &format!("the line becomes {want:?}, not {:?}", typed(after)),
        );
    }
    match action {
        Action::Back => check(
            after.screens.len() == 1 && before.screens.len() == 1
                || after.context != before.context
                || after.screens.len() < before.screens.len()
                || line_before.is_some_and(|(t, _)| !t.is_empty())
                    && typed(after).is_some_and(|(t, _)| t.is_empty()),
            "it leaves (or clears the line typed first)",
        ),
        Action::Confirm(_) => check(after.context != before.context, "the question closes"),
        Action::HistoryPrev | Action::HistoryNext => {
            let Some(ScreenP::Sandbox(c) | ScreenP::Lab { console: c, .. }) = after.screens.last()
            else {
                return Err("history outside a console".into());
            };
            let from_history = c.history.contains(&c.input);
            let stays = typed(before) == typed(after);
            check(
                from_history && (changed || *action == Action::HistoryNext) || stays,
                "the line becomes a command from the history",
            )
        }
        // The rest each promise an effect: something must change.
        _ => check(changed, "it does what it says: something changes"),
    }
}

/// One event through the keymap, applied, then a fresh frame.
fn send(hs: &mut Harness, event: &Event) {
    for a in keymap::actions_for(&hs.app, event, &hs.hits) {
        tui::apply(&mut hs.app, a);
    }
    hs.draw();
}

fn check(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("not so: {what}"))
    }
}

/// A row that says it is "the same as" another key does exactly what that
/// key does.
fn same_as(binding: &Binding) -> Option<Key> {
    let rest = binding.does.strip_prefix("the same as ")?;
    match rest {
        "→" => Some(Key::Right),
        _ => None,
    }
}

/// Scopes no setup builds yet, so the walk does not reach them: a lab's
/// goals pane (app_screens checks it), an interview's case questions and
/// live case, and presenter mode (tests/present.rs).
const NOT_WALKED: &[KeyScope] = &[
    KeyScope::LabGoals,
    KeyScope::LabGoalWhy,
    KeyScope::InterviewChoose,
    KeyScope::InterviewLive,
    KeyScope::Present,
];

/// The setups cover every scope but those named above, and none of those:
/// a setup that comes for one must take it off the list.
#[test]
fn the_setups_reach_every_context() {
    let reached: Vec<KeyScope> = setups().iter().map(|s| (s.build)().app.context()).collect();
    for c in KeyScope::ALL {
        let walked = reached.contains(c);
        assert_eq!(
            walked,
            !NOT_WALKED.contains(c),
            "{c:?}: {}",
            if walked {
                "a setup reaches it now: take it off NOT_WALKED"
            } else {
                "no setup reaches it"
            }
        );
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
                send(&mut hs, &event);
                let after = probe(&hs);
                if let Err(why) = row_keeps_its_word(binding, &want, &before, &after) {
                    failures.push(format!("{label}: {why}"));
                }
                if let Some(other) = same_as(binding) {
                    let mut twin = (setup.build)();
                    send(&mut twin, &event_for(other));
                    if probe(&twin) != after {
                        failures.push(format!("{label}: not the same as {}", other.label()));
                    }
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
            KeyScope::Console
                | KeyScope::LabConsole
                | KeyScope::QuizText
                | KeyScope::Editor
                | KeyScope::InterviewAsk
                | KeyScope::InterviewLive
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
        if under == KeyScope::Help {
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
        let about = if under == KeyScope::Jump {
            KeyScope::Lesson
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
