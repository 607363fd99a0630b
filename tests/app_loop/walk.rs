//! The walk over the key table: what a test can see of the app (the
//! probe), and every key of every row, in every scope a setup reaches,
//! checked against what its row says.

use super::setups::setups;
use crate::app_kit;

use app_kit::{Harness, TODAY, app_with_cards, ctrl_event, key_event, right_positions};
use iamtutor::app::access::Detail;
use iamtutor::app::interview::Phase;
use iamtutor::app::keymap::{self, Binding, Key};
use iamtutor::app::quiz::Origin;
use iamtutor::app::review::Current;
use iamtutor::app::{Action, KeyScope, Overlay, Screen, ThemeName};
use iamtutor::learn::interview::Verdict;
use iamtutor::learn::review::CardKind;
use iamtutor::tui;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

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
        context: hs.app.key_scope(),
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
    let reached: Vec<KeyScope> = setups()
        .iter()
        .map(|s| (s.build)().app.key_scope())
        .collect();
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
        // The build that tells the scope serves the first key too.
        let mut spare = Some((setup.build)());
        let scope = spare.as_ref().map(|hs| hs.app.key_scope()).unwrap();
        for binding in keymap::bindings(scope) {
            for &key in binding.keys {
                let mut hs = spare.take().unwrap_or_else(setup.build);
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
        // Asking the keymap changes nothing, so one build serves every letter.
        let hs = (setup.build)();
        if !matches!(
            hs.app.key_scope(),
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
            let got = keymap::actions_for(&hs.app, &key_event(KeyCode::Char(c)), &hs.hits);
            assert_eq!(got, [Action::Type(c)], "{} / {c:?}", setup.name);
        }
    }
}
