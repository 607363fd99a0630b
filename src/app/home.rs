//! Home: the course map, "continue where you left off", the sandbox.

use super::console::LabView;
use super::dashboard::DashboardView;
use super::interview::InterviewView;
use super::lesson::LessonView;
use super::review::ReviewView;
use super::{Action, App, Screen, Step, Target};
use crate::learn::progress::Place;
use crate::learn::review;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HomeView {
    pub selected: usize,
}

/// One row of the course map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Continue(Place),
    Lesson(usize),
    /// A lab, by lesson index and lab index in that lesson.
    Lab(usize, usize),
    Sandbox,
    Review,
    Interview,
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
    rows.push(Entry::Sandbox);
    rows.push(Entry::Review);
    rows.push(Entry::Interview);
    rows.push(Entry::Dashboard);
    rows
}

/// Where "continue" leads: the scene after the last one seen (or the
/// checkpoint), or the lab last opened; nothing for a first visit.
pub fn continue_place(app: &App) -> Option<Place> {
    match app.progress.last.clone()? {
        Place::Scene { lesson, scene } => {
            let index = app.course.lesson_index(&lesson)?;
            let count = app.course.lessons[index].scenes.len();
            if scene < count {
                Some(Place::Scene {
                    lesson,
                    scene: scene + 1,
                })
            } else {
                app.course.lessons.get(index + 1).map(|next| Place::Scene {
                    lesson: next.id.clone(),
                    scene: 0,
                })
            }
        }
        Place::Lab { lab } => app.course.lab(&lab).map(|_| Place::Lab { lab }),
    }
}

pub fn update(app: &mut App, view: &mut HomeView, action: Action) -> Step {
    let rows = entries(app);
    let last = rows.len().saturating_sub(1);
    match action {
        Action::Up => view.selected = view.selected.saturating_sub(1),
        Action::Down => view.selected = (view.selected + 1).min(last),
        Action::PageUp | Action::ScrollUp => view.selected = view.selected.saturating_sub(5),
        Action::PageDown | Action::ScrollDown => view.selected = (view.selected + 5).min(last),
        Action::First => view.selected = 0,
        Action::Last => view.selected = last,
        Action::Back => app.say("press q to quit"),
        Action::CycleTheme => {
            app.theme = app.theme.next();
            let label = app.theme.label();
            app.say(format!("theme: {label}"));
        }
        Action::Sandbox => return open(app, &Entry::Sandbox),
        Action::Review => return open(app, &Entry::Review),
        Action::Interview => return open(app, &Entry::Interview),
        Action::Dashboard => return open(app, &Entry::Dashboard),
        Action::Continue => match continue_place(app) {
            Some(place) => return open(app, &Entry::Continue(place)),
            None => return open(app, &Entry::Lesson(0)),
        },
        Action::Open => {
            if let Some(entry) = rows.get(view.selected.min(last)) {
                return open(app, entry);
            }
        }
        Action::Click(Target::Row(i)) if i < rows.len() => {
            view.selected = i;
            return open(app, &rows[i]);
        }
        _ => {}
    }
    Step::Stay
}

fn open(app: &mut App, entry: &Entry) -> Step {
    match entry {
        Entry::Continue(Place::Scene { lesson, scene }) => {
            let index = app.course.lesson_index(lesson).unwrap_or(0);
            Step::Push(Screen::Lesson(Box::new(LessonView::open(
                app, index, *scene,
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
        Entry::Sandbox => Step::Push(Screen::Sandbox(Box::default())),
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
        Entry::Interview => open_interview(app, DEFAULT_INTERVIEW_MINUTES),
        Entry::Dashboard => Step::Push(Screen::Dashboard(DashboardView::default())),
    }
}

/// Minutes of interview practice from home: five questions.
pub const DEFAULT_INTERVIEW_MINUTES: u64 = 15;

pub fn open_interview(app: &mut App, minutes: u64) -> Step {
    if app.course.interview.is_empty() {
        app.say("this course has no interview questions");
        return Step::Stay;
    }
    let seed = app.next_seed();
    let view = InterviewView::new(&app.course.interview, minutes, seed);
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
