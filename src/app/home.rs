//! Home: the course map, "continue where you left off", the sandbox.

use super::console::{LabView, SandboxView};
use super::dashboard::DashboardView;
use super::interview::InterviewView;
use super::keep::DEFAULT_SANDBOX;
use super::lesson::LessonView;
use super::review::ReviewView;
use super::{Action, App, Screen, Step, Target};
use crate::learn::progress::Place;
use crate::learn::review;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomeView {
    /// The highlighted row, by position (see `selected`).
    pub selected: usize,
    /// The highlighted row, by what it is: rows come and go (Continue
    /// appears, a sandbox is saved), and the cursor stays on its item.
    pub on: Option<Entry>,
}

impl HomeView {
    /// The highlighted row among `rows`: the item it was on, wherever that
    /// is now, else the same position.
    pub fn selected(&self, rows: &[Entry]) -> usize {
        let same = |e: &Entry| match (e, self.on.as_ref()) {
            (Entry::Continue(_), Some(Entry::Continue(_))) => true,
            (e, Some(on)) => e == on,
            (_, None) => false,
        };
        rows.iter()
            .position(same)
            .unwrap_or(self.selected)
            .min(rows.len().saturating_sub(1))
    }

    fn select(&mut self, rows: &[Entry], i: usize) {
        self.selected = i.min(rows.len().saturating_sub(1));
        self.on = rows.get(self.selected).cloned();
    }
}

/// One row of the course map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Continue(Place),
    Lesson(usize),
    /// A lab, by lesson index and lab index in that lesson.
    Lab(usize, usize),
    /// A sandbox, by name; the first one listed is the one used last.
    Sandbox(String),
    Review,
    Interview,
    /// Fresh generated questions (see `super::drill`).
    Drill,
    Dashboard,
}

/// The rows of home, top to bottom.
pub fn entries(app: &App) -> Vec<Entry> {
    let mut rows = Vec::new();
    if let Some(place) = continue_place(app) {
        rows.push(Entry::Continue(place));
    }
    for (i, lesson) in app.course.lessons.iter().enumerate() {
        rows.push(Entry::Lesson(i));
        for j in 0..lesson.labs.len() {
            rows.push(Entry::Lab(i, j));
        }
    }
    let last = last_sandbox(app);
    rows.push(Entry::Sandbox(last.clone()));
    for s in &app.sandboxes {
        if s.name != last {
            rows.push(Entry::Sandbox(s.name.clone()));
        }
    }
    rows.push(Entry::Review);
    rows.push(Entry::Interview);
    rows.push(Entry::Drill);
    rows.push(Entry::Dashboard);
    rows
}

/// The sandbox used last (the default one at first).
pub fn last_sandbox(app: &App) -> String {
    app.progress
        .sandbox
        .clone()
        .unwrap_or_else(|| DEFAULT_SANDBOX.to_string())
}

/// Where "continue" leads (see `Progress::next_place`).
pub fn continue_place(app: &App) -> Option<Place> {
    app.progress.next_place(&app.course)
}

pub fn update(app: &mut App, view: &mut HomeView, action: Action) -> Step {
    let rows = entries(app);
    let last = rows.len().saturating_sub(1);
    let at = view.selected(&rows);
    match action {
        Action::Up => view.select(&rows, at.saturating_sub(1)),
        Action::Down => view.select(&rows, (at + 1).min(last)),
        Action::PageUp | Action::ScrollUp => view.select(&rows, at.saturating_sub(5)),
        Action::PageDown | Action::ScrollDown => view.select(&rows, (at + 5).min(last)),
        Action::First => view.select(&rows, 0),
        Action::Last => view.select(&rows, last),
        Action::Back => app.say("press q to quit"),
        Action::CycleTheme => app.cycle_theme(),
        Action::Sandbox => return open(app, &Entry::Sandbox(last_sandbox(app))),
        Action::Review => return open(app, &Entry::Review),
        Action::Interview => return open(app, &Entry::Interview),
        Action::Dashboard => return open(app, &Entry::Dashboard),
        Action::Continue => match continue_place(app) {
            Some(place) => return open(app, &Entry::Continue(place)),
            None => return open(app, &Entry::Lesson(0)),
        },
        Action::Open => {
            if let Some(entry) = rows.get(at) {
                return open(app, entry);
            }
        }
        Action::Click(Target::Row(i)) if i < rows.len() => {
            view.select(&rows, i);
            return open(app, &rows[i]);
        }
        _ => {}
    }
    Step::Stay
}

fn open(app: &mut App, entry: &Entry) -> Step {
    match entry {
        Entry::Continue(Place::Scene {
            lesson,
            scene,
            step,
        }) => {
            let index = app.course.lesson_index(lesson).unwrap_or(0);
            Step::Push(Screen::Lesson(Box::new(LessonView::open_at(
                app, index, *scene, *step,
            ))))
        }
        Entry::Continue(Place::Lab { lab }) => open_lab(app, lab),
        Entry::Lesson(i) => {
            // A lesson opens at the first scene not seen yet.
            let lesson = &app.course.lessons[*i];
            let seen = app.progress.lessons.get(&lesson.id);
            let first_unseen = (0..lesson.scenes.len())
                .find(|s| seen.is_none_or(|p| !p.seen.contains(s)))
                .unwrap_or(0);
            Step::Push(Screen::Lesson(Box::new(LessonView::open(
                app,
                *i,
                first_unseen,
            ))))
        }
        Entry::Lab(i, j) => {
            let id = app.course.lessons[*i].labs[*j].id.clone();
            open_lab(app, &id)
        }
        Entry::Sandbox(name) => {
            let view = SandboxView::open(app, name);
            Step::Push(Screen::Sandbox(Box::new(view)))
        }
        Entry::Review => {
            if review::due(&app.progress.review, app.today).is_empty() {
                let total = app.progress.review.len();
                app.say(if total == 0 {
                    "nothing to review yet: questions you miss come back here".to_string()
                } else if total == 1 {
                    "nothing due today; 1 card waits for its day".to_string()
                } else {
                    format!("nothing due today; {total} cards wait for their day")
                });
                return Step::Stay;
            }
            Step::Push(Screen::Review(Box::new(ReviewView::new(app))))
        }
        Entry::Interview => open_interview(app, DEFAULT_INTERVIEW_MINUTES, None),
        Entry::Drill => super::drill::open_from_home(app),
        Entry::Dashboard => Step::Push(Screen::Dashboard(DashboardView::default())),
    }
}

/// Minutes of interview practice from home: five questions.
pub const DEFAULT_INTERVIEW_MINUTES: u64 = 15;

/// Interview practice: a round of `level` at once, or without one, the
/// screen that chooses the round.
pub fn open_interview(
    app: &mut App,
    minutes: u64,
    level: Option<crate::learn::interview::Level>,
) -> Step {
    if app.course.interview.is_empty() {
        app.say("this course has no interview questions");
        return Step::Stay;
    }
    let seed = app.next_seed();
    let mut view = InterviewView::new(minutes, seed);
    if let Some(level) = level {
        view.start(app, level);
    }
    Step::Push(Screen::Interview(Box::new(view)))
}

pub fn open_lab(app: &mut App, id: &str) -> Step {
    match LabView::open(app, id) {
        Ok(view) => Step::Push(Screen::Lab(Box::new(view))),
        Err(e) => {
            app.say(format!("cannot open lab `{id}`: {e}"));
            Step::Stay
        }
    }
}
