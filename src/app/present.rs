//! Presenter mode: one lesson on a projector. Pages in order: the lesson's
//! title, each scene, the checkpoint's cover, its questions one at a time,
//! and an end page. One step per key: a prose scene shows one more
//! paragraph, takeaways one more point, a demo runs its next command live
//! (through the real shell, typed out as in the lesson player); a question
//! keeps its answer hidden until the presenter reveals it, after the room
//! has voted. Nothing here is saved: the presenter is not a learner.
//!
//! The checkpoint is shuffled with the seed a student's first quiz gets
//! (`App::next_seed` on an app just started with the same `--seed`), so
//! `iamtutor present --seed N` shows the same questions in the same order
//! with the same options as `iamtutor --seed N` does to a student who opens
//! this checkpoint before any other quiz, review or interview.

use super::lesson::DemoPlayer;
use super::scroll::Scroll;
use super::{Action, App, Step};
use crate::content::schema::Scene;
use crate::learn::quiz::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The lesson's title and summary.
    Title,
    /// A scene, by index.
    Scene(usize),
    /// The checkpoint's cover: how many questions, and the seed.
    Checkpoint,
    /// A question of the shuffled checkpoint, by position.
    Question(usize),
    End,
}

#[derive(Debug)]
pub struct PresentView {
    pub lesson: usize,
    pub pages: Vec<Page>,
    pub page: usize,
    /// Paragraphs of a prose scene, or points of takeaways, shown so far.
    pub shown: usize,
    pub demo: Option<DemoPlayer>,
    /// The checkpoint, or why it cannot be shown (a broken course).
    pub quiz: Result<Session, String>,
    /// Which questions have had their answer revealed.
    pub revealed: Vec<bool>,
    /// The seed the class gives `iamtutor --seed` to get this order.
    pub seed: u64,
    /// The page's scroll. Following, it keeps the newest thing in view:
    /// the latest demo step, the paragraph just shown, or the answer just
    /// revealed.
    pub scroll: Scroll,
}

/// A prose text's paragraphs: the pieces between blank lines.
pub fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(text[s..end].trim_end());
            }
        } else {
            start.get_or_insert(at);
            end = at + line.len();
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push(text[s..end].trim_end());
    }
    out
}

impl PresentView {
    /// The presenter on lesson `lesson` (an index), at its title page.
    pub fn open(app: &mut App, lesson: usize) -> PresentView {
        let lesson = lesson.min(app.course.lessons.len().saturating_sub(1));
        let seed = app.seed;
        // Exactly what the students' first `App::start_quiz` uses.
        let quiz_seed = app.next_seed();
        let l = &app.course.lessons[lesson];
        let course = &app.course;
        let quiz = Session::new(&l.checkpoint, quiz_seed, &|name| course.org(name));
        let mut pages = vec![Page::Title];
        pages.extend((0..l.scenes.len()).map(Page::Scene));
        if !l.checkpoint.is_empty() {
            pages.push(Page::Checkpoint);
            pages.extend((0..l.checkpoint.len()).map(Page::Question));
        }
        pages.push(Page::End);
        PresentView {
            lesson,
            pages,
            page: 0,
            shown: 1,
            demo: None,
            revealed: vec![false; l.checkpoint.len()],
            quiz,
            seed,
            scroll: Scroll::new(),
        }
    }

    pub fn current(&self) -> Page {
        self.pages[self.page]
    }

    pub fn scene<'a>(&self, app: &'a App) -> Option<&'a Scene> {
        match self.current() {
            Page::Scene(i) => app.course.lessons[self.lesson].scenes.get(i),
            _ => None,
        }
    }

    pub fn animating(&self) -> bool {
        self.demo.as_ref().is_some_and(|d| d.typing.is_some())
    }

    /// How many steps the page reveals one key at a time (demos aside).
    fn stages(&self, app: &App) -> usize {
        match self.scene(app) {
            Some(Scene::Prose { text, .. }) => paragraphs(text).len().max(1),
            Some(Scene::Takeaways { points, .. }) => points.len().max(1),
            _ => 1,
        }
    }

    fn demo_steps<'a>(&self, app: &'a App) -> &'a [crate::content::schema::DemoStep] {
        match self.scene(app) {
            Some(Scene::Demo { steps, .. }) => steps,
            _ => &[],
        }
    }

    /// Shows page `page`: from its start, or `whole` (going back).
    fn go(&mut self, app: &App, page: usize, whole: bool) {
        self.page = page.min(self.pages.len() - 1);
        self.scroll.home();
        self.shown = if whole { self.stages(app) } else { 1 };
        self.demo = match self.scene(app) {
            Some(Scene::Demo { org, .. }) => {
                let name = org
                    .clone()
                    .or_else(|| app.course.lessons[self.lesson].org.clone());
                Some(DemoPlayer::new(app, name.as_deref()))
            }
            _ => None,
        };
        if whole && self.demo.as_ref().is_some_and(|d| d.error.is_none()) {
            for _ in 0..self.demo_steps(app).len() {
                self.demo.as_mut().expect("a demo").typing = Some(0);
                self.finish_step(app);
            }
        }
    }

    /// Runs the step being typed, at once.
    fn finish_step(&mut self, app: &App) {
        let steps = self.demo_steps(app);
        let Some(d) = self.demo.as_mut() else { return };
        let Some(step) = steps.get(d.outputs.len()) else {
            d.typing = None;
            return;
        };
        d.typing = None;
        let outcome = super::demo_outcome(d.shell.run(&step.run));
        d.outputs.push(outcome);
        self.scroll.end();
    }

    fn next(&mut self, app: &App) {
        let steps = self.demo_steps(app).len();
        if self.animating() {
            self.finish_step(app);
            return;
        }
        if let Some(d) = self.demo.as_mut()
            && d.error.is_none()
            && d.outputs.len() < steps
        {
            d.typing = Some(0);
            self.scroll.end();
            return;
        }
        if self.shown < self.stages(app) {
            self.shown += 1;
            self.scroll.end();
            return;
        }
        if self.page + 1 < self.pages.len() {
            self.go(app, self.page + 1, false);
        }
    }
}

pub fn update(app: &mut App, view: &mut PresentView, action: Action) -> Step {
    match action {
        Action::Tick => {
            let steps = view.demo_steps(app);
            let typed_out = view.demo.as_mut().is_some_and(|d| {
                let len = steps
                    .get(d.outputs.len())
                    .map_or(0, |s| s.run.chars().count());
                d.type_on(len)
            });
            if typed_out {
                view.finish_step(app);
            }
        }
        Action::Next | Action::Open => view.next(app),
        Action::Prev if view.page > 0 => view.go(app, view.page - 1, true),
        Action::First => view.go(app, 0, false),
        Action::Last => view.go(app, view.pages.len() - 1, true),
        Action::Reveal => {
            if let Page::Question(i) = view.current()
                && !view.revealed[i]
            {
                view.revealed[i] = true;
                view.scroll.end();
            }
        }
        Action::Up | Action::ScrollUp | Action::Down | Action::ScrollDown => {
            view.scroll.handle(&action);
        }
        Action::CycleTheme => app.cycle_theme(),
        Action::Back => return Step::Follow(Action::Quit),
        _ => {}
    }
    Step::Stay
}

/// Opens the presenter on lesson `lesson` (an index) over whatever is on
/// screen; leaving it quits.
pub fn open(app: &mut App, lesson: usize) {
    let view = PresentView::open(app, lesson);
    app.stack.push(super::Screen::Present(Box::new(view)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_split_at_blank_lines() {
        assert_eq!(
            paragraphs("one\ntwo\n\n three \n\n\nfour"),
            ["one\ntwo", " three", "four"]
        );
        assert_eq!(paragraphs("only"), ["only"]);
        assert!(paragraphs("\n\n").is_empty());
    }
}
