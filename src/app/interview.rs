//! Interview practice as a mock interview: the candidate picks a round
//! (easy, medium, hard, a ladder that rises, mixed, or cases), then each
//! question runs on a clock: answered aloud or in the notes, then the model
//! answer shows and the candidate ticks the key points covered; the
//! verdict (pass, borderline, miss) comes from those points
//! (`learn::interview`). A card may chain one or two follow-ups, asked
//! after the first answer. Case cards are graded by the engine: who may do
//! something, why a request is denied, and live troubleshooting in the
//! sandbox with the why-pane off. The report lists each answer's verdict,
//! time and missed points, and links to the lessons to revisit; weak
//! answers go to review. Time comes from the host as `Clock`.

use std::collections::BTreeSet;

use super::console::{self, CaseKey, Console, LineKind};
use super::home::open_lab;
use super::lesson::LessonView;
use super::line::LineInput;
use super::scroll::Scroll;
use super::{Action, App, KeyScope, Screen, Step, Target};
use crate::content::cases::{self, FixState, Reasons};
use crate::content::revisit::{self, Place};
use crate::content::schema::{AskKind, Card, FixCase, Revisit};
use crate::iam::eval::Decision;
use crate::learn::interview::{
    self as grading, AnswerRecord, Level, Part, PartRecord, PointsVerdict, Verdict,
};
use crate::learn::inventory;
use crate::learn::lab::LabSession;
use crate::learn::progress::InterviewRecord;
use crate::learn::review::{self, CardKind};

/// The shortest and longest rounds the setup screen offers, in minutes
/// (one question per three).
pub const MIN_MINUTES: u64 = 3;
pub const MAX_MINUTES: u64 = 60;

/// Where the round is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Choosing the level and length.
    Setup,
    /// A question asked, its clock running: answered aloud or in notes.
    Ask,
    /// A case: the principals to tick, or the reason to pick.
    Choose,
    /// A sandbox case: the command line, the clock running.
    Live,
    /// The clock ran out; the answer stands as it was.
    TimeUp,
    /// The model answer shown: the key points to tick.
    Tick,
    Report,
}

/// A case card's own state, built when the card comes up.
#[derive(Debug)]
pub enum CaseState {
    WhoCan {
        /// The organization in words.
        inventory: Vec<String>,
        /// Each principal and the engine's decision.
        options: Vec<(String, Decision)>,
    },
    WhyDenied {
        inventory: Vec<String>,
        reasons: Reasons,
    },
    Fix(Box<Live>),
    /// The case could not be built (a broken course): said, and the card
    /// is talked through instead.
    Broken(String),
}

/// A sandbox case being played.
#[derive(Debug)]
pub struct Live {
    pub case: FixCase,
    /// Troubleshooting (the command already failed on screen) or the
    /// smallest change.
    pub troubleshoot: bool,
    pub session: LabSession,
    pub console: Console,
    /// The request the command makes, as the engine saw it at the start.
    pub request: (String, String),
    pub state: FixState,
    /// Time used when it was solved: the clock stops there.
    pub solved_ms: Option<u64>,
    /// Esc on the empty line asked whether to end the attempt.
    pub confirm_end: bool,
}

#[derive(Debug)]
pub struct InterviewView {
    /// The round's level; `None` on the setup screen.
    pub level: Option<Level>,
    /// The setup screen's highlighted level.
    pub setup_cursor: usize,
    pub minutes: u64,
    pub seed: u64,
    pub cards: Vec<Card>,
    /// Each card's questions: its own first, then its follow-ups.
    pub parts: Vec<Vec<Part>>,
    pub index: usize,
    /// The question of the card shown: 0, then its follow-ups.
    pub part: usize,
    pub phase: Phase,
    /// The host's clock when the question was shown (from the first
    /// `Clock` after it).
    pub started_ms: Option<u64>,
    pub now_ms: u64,
    /// Time used on the question shown, once answered.
    pub used_ms: u64,
    pub timed_out: bool,
    pub notes: LineInput,
    /// Key points ticked (indexes from 0), while ticking.
    pub ticked: BTreeSet<usize>,
    /// The highlighted key point, option or level.
    pub cursor: usize,
    /// A case's choices picked (indexes from 0).
    pub picked: BTreeSet<usize>,
    pub case: Option<CaseState>,
    /// The engine's verdict on a case's answer, once given.
    pub engine_right: Option<bool>,
    /// The card shown's questions answered so far.
    pub done: Vec<PartRecord>,
    /// Cards answered, in order.
    pub answers: Vec<AnswerRecord>,
    /// The report's highlighted link.
    pub link: usize,
    /// The report keeps the highlighted link in view until it is
    /// scrolled by page.
    pub follow_link: bool,
    /// How far the page is scrolled (the report is drawn further to keep
    /// the highlighted link in view).
    pub scroll: Scroll,
}

impl InterviewView {
    /// The setup screen of a round of `minutes`, drawn with `seed`.
    pub fn new(minutes: u64, seed: u64) -> InterviewView {
        InterviewView {
            level: None,
            setup_cursor: 0,
            minutes,
            seed,
            cards: Vec::new(),
            parts: Vec::new(),
            index: 0,
            part: 0,
            phase: Phase::Setup,
            started_ms: None,
            now_ms: 0,
            used_ms: 0,
            timed_out: false,
            notes: LineInput::default(),
            ticked: BTreeSet::new(),
            cursor: 0,
            picked: BTreeSet::new(),
            case: None,
            engine_right: None,
            done: Vec::new(),
            answers: Vec::new(),
            link: 0,
            follow_link: true,
            scroll: Scroll::new(),
        }
    }

    /// Starts the round: its cards drawn, the first one asked.
    pub fn start(&mut self, app: &mut App, level: Level) {
        let count = grading::questions_for(self.minutes);
        let cards = grading::pick(&app.course.interview, level, count, self.seed);
        self.start_with(app, level, cards);
    }

    /// Starts a round of these cards, in this order.
    pub fn start_with(&mut self, app: &mut App, level: Level, cards: Vec<Card>) {
        let bank = &app.course.interview;
        self.cards = cards;
        self.parts = self.cards.iter().map(|c| grading::parts(c, bank)).collect();
        self.level = Some(level);
        self.index = 0;
        if self.cards.is_empty() {
            self.phase = Phase::Report;
        } else {
            self.begin_card(app);
        }
    }

    pub fn card(&self) -> Option<&Card> {
        self.cards.get(self.index)
    }

    /// The question shown: the card's own, or a follow-up.
    pub fn current_part(&self) -> Option<&Part> {
        self.parts.get(self.index)?.get(self.part)
    }

    /// How many questions the card shown asks, follow-ups included.
    pub fn part_count(&self) -> usize {
        self.parts.get(self.index).map_or(0, Vec::len)
    }

    /// The clock of the question shown.
    pub fn limit_ms(&self) -> u64 {
        match (self.card(), self.part) {
            (Some(c), 0) if !matches!(self.case, Some(CaseState::Broken(_))) => {
                grading::time_limit_ms(c)
            }
            (Some(c), 0) => grading::time_limit_ms(&Card {
                kind: AskKind::Talk,
                ..c.clone()
            }),
            _ => grading::FOLLOW_UP_MS,
        }
    }

    /// Time used on the question shown so far.
    pub fn elapsed_ms(&self) -> u64 {
        if let Some(CaseState::Fix(live)) = &self.case
            && let Some(ms) = live.solved_ms
        {
            return ms;
        }
        let used = self.started_ms.map_or(0, |s| self.now_ms.saturating_sub(s));
        used.min(self.limit_ms())
    }

    /// Milliseconds left on the question's clock.
    pub fn remaining_ms(&self) -> u64 {
        self.limit_ms().saturating_sub(self.elapsed_ms())
    }

    pub fn key_scope(&self) -> KeyScope {
        match self.phase {
            Phase::Setup => KeyScope::InterviewSetup,
            Phase::Ask => KeyScope::InterviewAsk,
            Phase::Choose => KeyScope::InterviewChoose,
            Phase::Live => match &self.case {
                Some(CaseState::Fix(live)) if live.confirm_end => KeyScope::Confirm,
                Some(CaseState::Fix(live)) => match live.console.key_scope() {
                    KeyScope::Console => KeyScope::InterviewLive,
                    other => other,
                },
                _ => KeyScope::InterviewLive,
            },
            Phase::TimeUp => KeyScope::InterviewTimeUp,
            Phase::Tick => KeyScope::InterviewGrade,
            Phase::Report => KeyScope::InterviewReport,
        }
    }

    /// The clock runs while a question waits for its answer (a solved
    /// case has stopped it).
    pub fn wants_clock(&self) -> bool {
        match self.phase {
            Phase::Ask | Phase::Choose => true,
            Phase::Live => !matches!(&self.case, Some(CaseState::Fix(l)) if l.solved_ms.is_some()),
            _ => false,
        }
    }

    /// Ctrl-C on a live case's command line: clears what is typed.
    pub fn interrupt_live(&mut self) -> bool {
        match &mut self.case {
            Some(CaseState::Fix(live)) => live.console.interrupt() == console::Interrupted::Cleared,
            _ => false,
        }
    }

    /// The verdict the points ticked give the question shown (with the
    /// engine's, for a case's first question).
    pub fn points_verdict(&self) -> Option<PointsVerdict> {
        let p = self.current_part()?;
        let mut v = grading::judge_points(p.key_points.len(), &p.essential, &self.ticked);
        if self.part == 0
            && let Some(right) = self.engine_right
        {
            let from_points = v.verdict;
            v.verdict = grading::with_engine(v.verdict, right);
            v.reason = if right && v.verdict != from_points {
                // Say why the verdict is better than the points alone give.
                format!(
                    "the engine agrees with your answer, so at least borderline; {}",
                    v.reason
                )
            } else if right {
                format!("the engine agrees with your answer; {}", v.reason)
            } else {
                format!("the engine says otherwise ({})", v.reason)
            };
        }
        Some(v)
    }

    /// Topics with a borderline or missed answer.
    pub fn weak_topics(&self) -> Vec<String> {
        grading::weak_topics(&self.answers)
    }

    /// The report's links: each borderline or missed card's places to
    /// revisit, in the order answered (a place once).
    pub fn links(&self, lessons: &[crate::content::schema::Lesson]) -> Vec<(usize, Revisit)> {
        let mut out: Vec<(usize, Revisit)> = Vec::new();
        for (i, a) in self.answers.iter().enumerate() {
            if !a.verdict.needs_review() {
                continue;
            }
            let Some(card) = self.cards.iter().find(|c| c.id == a.card) else {
                continue;
            };
            for r in revisit::links_of(card, lessons) {
                if !out.iter().any(|(_, o)| *o == r) {
                    out.push((i, r));
                }
            }
        }
        out
    }

    /// The card comes up: its first question, its case built.
    fn begin_card(&mut self, app: &mut App) {
        self.part = 0;
        self.done.clear();
        self.engine_right = None;
        let card = self.card().filter(|c| grading::is_case(c)).cloned();
        self.case = card.map(|c| build_case(app, &c));
        self.begin_part();
    }

    /// A question comes up, its clock not started yet.
    fn begin_part(&mut self) {
        self.started_ms = None;
        self.used_ms = 0;
        self.timed_out = false;
        self.notes = LineInput::default();
        self.ticked.clear();
        self.picked.clear();
        self.cursor = 0;
        self.scroll.home();
        self.phase = match (&self.case, self.part) {
            (Some(CaseState::WhoCan { .. } | CaseState::WhyDenied { .. }), 0) => Phase::Choose,
            (Some(CaseState::Fix(_)), 0) => Phase::Live,
            _ => Phase::Ask,
        };
    }

    /// The question is answered (or its time is up): the model answer and
    /// its key points show.
    fn answered(&mut self) {
        if !self.timed_out {
            self.used_ms = self.elapsed_ms();
        }
        if self.part == 0 {
            self.engine_right = match &self.case {
                Some(CaseState::WhoCan { options, .. }) => Some(
                    options
                        .iter()
                        .enumerate()
                        .all(|(i, (_, d))| d.is_allowed() == self.picked.contains(&i)),
                ),
                Some(CaseState::WhyDenied { reasons, .. }) => {
                    Some(self.picked.contains(&reasons.correct) && self.picked.len() == 1)
                }
                Some(CaseState::Fix(live)) => Some(live.state.solved()),
                _ => None,
            };
        }
        self.phase = Phase::Tick;
        self.cursor = 0;
        self.scroll.home();
    }

    /// The clock ran out: said on screen; the answer stands as it was.
    fn time_up(&mut self) {
        self.used_ms = self.limit_ms();
        self.timed_out = true;
        if let Some(CaseState::Fix(live)) = &mut self.case {
            live.confirm_end = false;
        }
        self.phase = Phase::TimeUp;
        self.scroll.home();
    }

    /// The points ticked on the question shown join the card's record.
    fn record_ticks(&mut self) {
        let Some(p) = self.current_part() else { return };
        let Some(v) = self.points_verdict() else {
            return;
        };
        let missed = v.missed.iter().map(|&i| p.key_points[i].clone()).collect();
        self.done.push(PartRecord {
            verdict: v.verdict,
            ms: self.used_ms,
            timed_out: self.timed_out,
            missed,
        });
    }

    /// The points are ticked: the question is recorded, and the next one
    /// (a follow-up, the next card, or the report) comes up.
    fn record_part(&mut self, app: &mut App) {
        self.record_ticks();
        if self.part + 1 < self.part_count() {
            self.part += 1;
            self.begin_part();
        } else {
            self.record_card();
            self.index += 1;
            self.part = 0;
            if self.index >= self.cards.len() {
                self.finish(app);
            } else {
                self.begin_card(app);
            }
        }
    }

    /// The card shown, with the questions answered so far, joins the
    /// answers.
    fn record_card(&mut self) {
        let Some(card) = self.card() else { return };
        if self.done.is_empty() {
            return;
        }
        let first = self.done[0].verdict;
        let rest: Vec<Verdict> = self.done[1..].iter().map(|p| p.verdict).collect();
        let answer = AnswerRecord {
            card: card.id.clone(),
            topic: card.topic.clone(),
            verdict: grading::card_verdict(first, &rest),
            parts: std::mem::take(&mut self.done),
            engine_right: self.engine_right,
        };
        self.answers.push(answer);
    }

    /// The round is over: the report, weak cards into review, the record
    /// into progress.
    fn finish(&mut self, app: &mut App) {
        self.phase = Phase::Report;
        self.case = None;
        self.scroll.home();
        self.link = 0;
        for a in &self.answers {
            if a.verdict.needs_review() {
                review::add(
                    &mut app.progress.review,
                    CardKind::Interview(a.card.clone()),
                    app.today,
                );
            }
        }
        let strong = self
            .answers
            .iter()
            .filter(|a| a.verdict == Verdict::Pass)
            .count();
        app.progress.interviews.push(InterviewRecord {
            day: app.today,
            asked: self.answers.len(),
            strong,
            weak_topics: self.weak_topics(),
            level: self.level.map(|l| l.id().to_string()),
            answers: self.answers.clone(),
        });
        app.mark_progress();
    }

    /// Esc: the round ends here with its report (a card half answered
    /// counts with the questions answered); with nothing answered at all
    /// it simply closes.
    fn end_early(&mut self, app: &mut App) -> Step {
        self.record_card();
        if self.answers.is_empty() {
            return Step::Pop;
        }
        self.finish(app);
        Step::Stay
    }

    /// How many choices the case shown offers.
    fn choices(&self) -> usize {
        match &self.case {
            Some(CaseState::WhoCan { options, .. }) => options.len(),
            Some(CaseState::WhyDenied { reasons, .. }) => reasons.options.len(),
            _ => 0,
        }
    }
}

/// A case card's state: its organization built and decided, or its
/// sandbox opened on the failing command.
fn build_case(app: &mut App, card: &Card) -> CaseState {
    let course = &app.course;
    let orgs = |n: &str| course.org(n);
    let built = |setup| crate::content::goals::build(setup, &orgs);
    let state = match &card.kind {
        AskKind::Talk | AskKind::Junior => Err("it is not a case".to_string()),
        AskKind::WhoCan(case) => built(&case.setup).map(|shell| CaseState::WhoCan {
            inventory: inventory::lines(&shell.org),
            options: cases::who_can(&shell.org, case),
        }),
        AskKind::WhyDenied(case) => built(&case.setup).and_then(|shell| {
            Ok(CaseState::WhyDenied {
                inventory: inventory::lines(&shell.org),
                reasons: cases::why_denied(&shell.org, &shell.home, case)?,
            })
        }),
        AskKind::SmallestChange(case) | AskKind::Troubleshoot(case) => {
            let troubleshoot = matches!(card.kind, AskKind::Troubleshoot(_));
            open_live(app, card, case, troubleshoot)
        }
    };
    state.unwrap_or_else(|e| {
        app.say(format!(
            "this case cannot be built ({e}): talk it through instead"
        ));
        CaseState::Broken(e)
    })
}

/// The sandbox of a fix case, as the candidate finds it.
fn open_live(
    app: &mut App,
    card: &Card,
    case: &FixCase,
    troubleshoot: bool,
) -> Result<CaseState, String> {
    let course = &app.course;
    let (mut session, request) = grading::fix_session(&card.id, case, &|n| course.org(n))?;
    super::sandbox_shell::equip(&app.course, &mut session.shell);
    session.shell.track_access = true;
    let state = cases::fix_state(&session.start, &session.shell, case, &request);
    let mut console = Console::default();
    console.show_tree = false;
    console.not_kept = true;
    console.say(LineKind::Out, &card.question);
    console.say(LineKind::Out, "");
    let command = case.command.lines().next().unwrap_or("");
    if troubleshoot {
        console.say(
            LineKind::Info,
            &format!("{} ran this and it failed:", case.principal),
        );
        console.say(LineKind::Command, &format!("$ {command}"));
        console.say(LineKind::Err, &state.error);
        console.say(LineKind::Out, "");
    }
    console.say(
        LineKind::Info,
        &format!(
            "You are the administrator. Make the smallest change that lets `{command}` work as \
             {who}, and nothing more: `as {who}` tries it, `as admin` comes back. The why-pane \
             is off and the clock is running; Esc on an empty line ends the attempt.",
            who = case.principal
        ),
    );
    Ok(CaseState::Fix(Box::new(Live {
        case: case.clone(),
        troubleshoot,
        session,
        console,
        request,
        state,
        solved_ms: None,
        confirm_end: false,
    })))
}

pub fn update(app: &mut App, view: &mut InterviewView, action: Action) -> Step {
    if let Action::Clock(ms) = action {
        view.now_ms = ms;
        if view.wants_clock() {
            if view.started_ms.is_none() {
                view.started_ms = Some(ms);
            }
            if view.remaining_ms() == 0 {
                view.time_up();
            }
        }
        return Step::Stay;
    }
    match view.phase {
        Phase::Setup => update_setup(app, view, action),
        Phase::Ask => {
            match action {
                Action::Type(c) => view.notes.insert(c),
                Action::Backspace => view.notes.backspace(),
                Action::Delete => view.notes.delete(),
                Action::CursorLeft => view.notes.left(),
                Action::CursorRight => view.notes.right(),
                Action::CursorHome => view.notes.home(),
                Action::CursorEnd => view.notes.end(),
                Action::ClearLine => {
                    view.notes.take();
                }
                Action::Open => view.answered(),
                Action::Back => return view.end_early(app),
                _ => {}
            }
            Step::Stay
        }
        Phase::Choose => {
            let n = view.choices();
            let one = matches!(view.case, Some(CaseState::WhyDenied { .. }));
            let pick = |i: usize, view: &mut InterviewView| {
                if i >= n {
                    return;
                }
                view.cursor = i;
                if one {
                    view.picked = BTreeSet::from([i]);
                } else if !view.picked.remove(&i) {
                    view.picked.insert(i);
                }
            };
            match action {
                Action::Up => view.cursor = view.cursor.saturating_sub(1),
                Action::Down => view.cursor = (view.cursor + 1).min(n.saturating_sub(1)),
                Action::Pick(i) => pick(i, view),
                Action::Toggle => pick(view.cursor, view),
                Action::Click(Target::Row(i)) => pick(i, view),
                Action::PageUp | Action::PageDown | Action::ScrollUp | Action::ScrollDown => {
                    view.scroll.handle(&action);
                }
                Action::Open if one && view.picked.is_empty() => {
                    app.say("pick a reason first: 1 to 9, or ↑↓ and Space");
                }
                Action::Open => view.answered(),
                Action::Back => return view.end_early(app),
                _ => {}
            }
            Step::Stay
        }
        Phase::Live => update_live(app, view, action),
        Phase::TimeUp => {
            match action {
                Action::Open => view.answered(),
                Action::Back => return view.end_early(app),
                _ => {}
            }
            Step::Stay
        }
        Phase::Tick => {
            let n = view.current_part().map_or(0, |p| p.key_points.len());
            let toggle = |i: usize, view: &mut InterviewView| {
                if i < n {
                    view.cursor = i;
                    if !view.ticked.remove(&i) {
                        view.ticked.insert(i);
                    }
                }
            };
            match action {
                Action::Up => view.cursor = view.cursor.saturating_sub(1),
                Action::Down => view.cursor = (view.cursor + 1).min(n.saturating_sub(1)),
                Action::Pick(i) => toggle(i, view),
                Action::Toggle => toggle(view.cursor, view),
                Action::Click(Target::Row(i)) => toggle(i, view),
                Action::PageUp | Action::PageDown | Action::ScrollUp | Action::ScrollDown => {
                    view.scroll.handle(&action);
                }
                Action::Next => view.record_part(app),
                // Enter answered: it does not also record the points.
                Action::Open => app.say(
                    "Enter does not go on: tick the points you covered, then → (or n) records them",
                ),
                // What is ticked counts: the round ends with it.
                Action::Back => {
                    view.record_ticks();
                    return view.end_early(app);
                }
                _ => {}
            }
            Step::Stay
        }
        Phase::Report => {
            let links = view.links(&app.course.lessons);
            match action {
                Action::Up if !links.is_empty() => {
                    view.link = view.link.saturating_sub(1);
                    view.follow_link = true;
                }
                Action::Down if !links.is_empty() => {
                    view.link = (view.link + 1).min(links.len() - 1);
                    view.follow_link = true;
                }
                Action::Open if !links.is_empty() => {
                    let link = links[view.link.min(links.len() - 1)].1.clone();
                    return open_link(app, &link);
                }
                Action::Click(Target::Row(i)) if i < links.len() => {
                    view.link = i;
                    return open_link(app, &links[i].1);
                }
                Action::Open | Action::Back => return Step::Pop,
                _ => {
                    view.scroll.hold();
                    view.follow_link = false;
                    view.scroll.handle(&action);
                }
            }
            Step::Stay
        }
    }
}

fn update_setup(app: &mut App, view: &mut InterviewView, action: Action) -> Step {
    let last = Level::ALL.len() - 1;
    match action {
        Action::Up => view.setup_cursor = view.setup_cursor.saturating_sub(1),
        Action::Down => view.setup_cursor = (view.setup_cursor + 1).min(last),
        Action::First => view.setup_cursor = 0,
        Action::Last => view.setup_cursor = last,
        Action::Pick(i) if i <= last => view.setup_cursor = i,
        Action::Click(Target::Row(i)) if i <= last => {
            view.setup_cursor = i;
            view.start(app, Level::ALL[i]);
        }
        Action::Prev => view.minutes = view.minutes.saturating_sub(3).max(MIN_MINUTES),
        Action::Next => view.minutes = (view.minutes + 3).min(MAX_MINUTES),
        Action::Open => view.start(app, Level::ALL[view.setup_cursor]),
        Action::Back => return Step::Pop,
        _ => {}
    }
    Step::Stay
}

fn update_live(app: &mut App, view: &mut InterviewView, action: Action) -> Step {
    let elapsed = view.elapsed_ms();
    let Some(CaseState::Fix(live)) = &mut view.case else {
        return Step::Stay;
    };
    let answered = if live.confirm_end {
        match action {
            Action::Confirm(true) | Action::Open => {
                live.confirm_end = false;
                true
            }
            Action::Confirm(false) | Action::Back => {
                live.confirm_end = false;
                false
            }
            _ => false,
        }
    } else if live.solved_ms.is_some()
        && action == Action::Open
        && live.console.input.is_empty()
        && live.console.pending.is_none()
    {
        // Solved: Enter on the empty line goes on to the answer.
        true
    } else {
        match console::update_case(app, &mut live.console, &mut live.session.shell, action) {
            CaseKey::Stay => false,
            CaseKey::Leave if live.solved_ms.is_some() => true,
            CaseKey::Leave => {
                live.confirm_end = true;
                false
            }
            CaseKey::Ran(line) => {
                live.session.recheck_after(&line);
                live.state = cases::fix_state(
                    &live.session.start,
                    &live.session.shell,
                    &live.case,
                    &live.request,
                );
                if !live.state.solved() && live.solved_ms.take().is_some() {
                    // Undone: the clock runs again.
                    live.console.say(
                        LineKind::Err,
                        "✗ Not solved any more: the case is checked after every command.",
                    );
                } else if live.state.solved() && live.solved_ms.is_none() {
                    live.solved_ms = Some(elapsed);
                    let who = live.case.principal.clone();
                    live.console.say(
                        LineKind::Good,
                        &format!(
                            "✓ Solved in {}: the command works as {who}, and nobody gained \
                             anything else. Enter on the empty line goes on to the answer.",
                            grading::clock(elapsed)
                        ),
                    );
                }
                false
            }
        }
    };
    if answered {
        view.answered();
    }
    Step::Stay
}

/// Opens a report's link above the report: Esc comes back to it.
fn open_link(app: &mut App, link: &Revisit) -> Step {
    match revisit::resolve(&app.course.lessons, link) {
        Ok(Place::Scene { lesson, scene }) => Step::Push(Screen::Lesson(Box::new(
            LessonView::open(app, lesson, scene),
        ))),
        Ok(Place::Lab(id)) => open_lab(app, &id),
        Err(e) => {
            app.say(format!("cannot open it: {e}"));
            Step::Stay
        }
    }
}
