//! The lesson player: one scene at a time, demos played step by step
//! through the real shell, and the checkpoint quiz after the last scene.

use super::home::open_lab;
use super::quiz::Origin;
use super::scroll::Scroll;
use super::{Action, App, KeyScope, Step};
use crate::content::goals;
use crate::content::schema::{Scene, Setup};
use crate::iam::model::Org;
use crate::shell::{Outcome, Shell};

/// Characters of a demo command typed per tick of the animation.
const TYPED_PER_TICK: usize = 3;

#[derive(Debug)]
pub struct LessonView {
    pub lesson: usize,
    /// A scene index; `scenes.len()` is the checkpoint page.
    pub scene: usize,
    /// The scene's scroll: drawing knows the text's height, so it tells
    /// the scroll how far it reaches for the next update.
    pub scroll: Scroll,
    pub demo: Option<DemoPlayer>,
}

/// A demo being played: its own sandbox, the steps run so far.
#[derive(Debug)]
pub struct DemoPlayer {
    pub shell: Shell,
    /// Steps run, with what each printed.
    pub outputs: Vec<Outcome>,
    /// Characters typed of the next step's command, while it is typed.
    pub typing: Option<usize>,
    /// The demo's organization could not be built (a broken course).
    pub error: Option<String>,
}

impl DemoPlayer {
    /// One tick of typing the next command, `len` characters long, for the
    /// lesson player and the presenter alike: `true` once it is typed out
    /// whole, and the caller runs it.
    pub fn type_on(&mut self, len: usize) -> bool {
        match self.typing {
            Some(typed) if typed + TYPED_PER_TICK >= len => true,
            Some(typed) => {
                self.typing = Some(typed + TYPED_PER_TICK);
                false
            }
            None => false,
        }
    }
}

impl LessonView {
    pub fn open(app: &mut App, lesson: usize, scene: usize) -> LessonView {
        let lesson = lesson.min(app.course.lessons.len().saturating_sub(1));
        let mut view = LessonView {
            lesson,
            scene: 0,
            scroll: Scroll::new(),
            demo: None,
        };
        view.go(app, scene);
        view
    }

    /// Opens a scene with its first `steps` demo steps already run, as the
    /// learner left it.
    pub fn open_at(app: &mut App, lesson: usize, scene: usize, steps: usize) -> LessonView {
        let mut view = LessonView::open(app, lesson, scene);
        let ran_ok = |v: &LessonView| v.demo.as_ref().is_some_and(|d| d.error.is_none());
        for _ in 0..steps.min(view.demo_steps(app)) {
            if !ran_ok(&view) {
                break;
            }
            view.finish_step(app);
        }
        let done = view.demo.as_ref().map_or(0, |d| d.outputs.len());
        let id = app.course.lessons[view.lesson].id.clone();
        app.progress.at(&id, view.scene, done);
        view
    }

    /// The keys of the page shown: a lab's scene starts its lab, a
    /// checkpoint page its quiz, and once the checkpoint is taken → moves
    /// on instead of taking it again.
    pub fn key_scope(&self, app: &App) -> KeyScope {
        let lesson = &app.course.lessons[self.lesson];
        match lesson.scenes.get(self.scene) {
            Some(Scene::LabIntro { .. }) => KeyScope::LessonLab,
            Some(_) => KeyScope::Lesson,
            None if !checkpoint_taken(app, self.lesson) => KeyScope::LessonCheckpoint,
            None if self.lesson + 1 < app.course.lessons.len() => KeyScope::LessonCheckpointDone,
            None => KeyScope::LessonCourseDone,
        }
    }

    pub fn animating(&self) -> bool {
        self.demo.as_ref().is_some_and(|d| d.typing.is_some())
    }

    /// Shows page `scene`, marking it seen.
    fn go(&mut self, app: &mut App, scene: usize) {
        let lesson = &app.course.lessons[self.lesson];
        self.scene = scene.min(lesson.scenes.len());
        self.scroll.home();
        self.demo = match lesson.scenes.get(self.scene) {
            Some(Scene::Demo { org, .. }) => {
                let name = org.clone().or_else(|| lesson.org.clone());
                Some(DemoPlayer::new(app, name.as_deref()))
            }
            _ => None,
        };
        let id = lesson.id.clone();
        if self.scene < lesson.scenes.len() {
            app.progress.see_scene(&id, self.scene);
        } else {
            // The checkpoint page is a place to come back to as well.
            app.progress.at(&id, self.scene, 0);
        }
        app.mark_progress();
    }

    fn demo_steps(&self, app: &App) -> usize {
        match app.course.lessons[self.lesson].scenes.get(self.scene) {
            Some(Scene::Demo { steps, .. }) => steps.len(),
            _ => 0,
        }
    }

    fn command(&self, app: &App, step: usize) -> Option<String> {
        match app.course.lessons[self.lesson].scenes.get(self.scene) {
            Some(Scene::Demo { steps, .. }) => steps.get(step).map(|s| s.run.clone()),
            _ => None,
        }
    }

    /// Runs the step being typed, at once.
    fn finish_step(&mut self, app: &mut App) {
        let done = self.demo.as_ref().map_or(0, |d| d.outputs.len());
        let Some(cmd) = self.command(app, done) else {
            return;
        };
        if let Some(d) = self.demo.as_mut() {
            d.typing = None;
            let outcome = super::demo_outcome(d.shell.run(&cmd));
            d.outputs.push(outcome);
            // Continue comes back to this step.
            let (id, done) = (app.course.lessons[self.lesson].id.clone(), d.outputs.len());
            app.progress.at(&id, self.scene, done);
            app.mark_progress();
        }
        // Keep the newest output in view.
        self.scroll.end();
    }
}

impl DemoPlayer {
    pub fn new(app: &App, org: Option<&str>) -> DemoPlayer {
        let (shell, error) = match org {
            Some(name) => match goals::build(&Setup::Org(name.to_string()), &|n| app.course.org(n))
            {
                Ok(s) => (s, None),
                Err(e) => (Shell::new(Org::new()), Some(e)),
            },
            None => (Shell::new(Org::new()), None),
        };
        DemoPlayer {
            shell,
            outputs: Vec::new(),
            typing: None,
            error,
        }
    }
}

pub fn update(app: &mut App, view: &mut LessonView, action: Action) -> Step {
    let pages = app.course.lessons[view.lesson].scenes.len();
    match action {
        Action::Tick => {
            let done = view.demo.as_ref().map_or(0, |d| d.outputs.len());
            let len = view.command(app, done).map_or(0, |c| c.chars().count());
            if view.demo.as_mut().is_some_and(|d| d.type_on(len)) {
                view.finish_step(app);
            }
        }
        Action::Next | Action::Open => {
            if let Some(d) = &view.demo {
                if d.typing.is_some() {
                    view.finish_step(app);
                    return Step::Stay;
                }
                if d.error.is_none() && d.outputs.len() < view.demo_steps(app) {
                    if let Some(d) = view.demo.as_mut() {
                        d.typing = Some(0);
                    }
                    return Step::Stay;
                }
            }
            let lesson = &app.course.lessons[view.lesson];
            if let (Action::Open, Some(Scene::LabIntro { lab })) =
                (&action, lesson.scenes.get(view.scene))
            {
                let lab = lab.clone();
                return open_lab(app, &lab);
            }
            if view.scene >= pages {
                // → past a checkpoint already taken moves on; Enter (and
                // → before it is taken) starts it.
                if action == Action::Next && checkpoint_taken(app, view.lesson) {
                    if view.lesson + 1 < app.course.lessons.len() {
                        view.lesson += 1;
                        view.go(app, 0);
                        return Step::Stay;
                    }
                    app.say("that was the last lesson: home has the labs, review and interview practice");
                    return Step::Pop;
                }
                return start_checkpoint(app, view.lesson);
            }
            view.go(app, view.scene + 1);
        }
        Action::Prev => {
            if view.scene > 0 {
                view.go(app, view.scene - 1);
            } else if view.lesson > 0 {
                // Back from a lesson's first scene: the previous lesson's
                // checkpoint page.
                view.lesson -= 1;
                let last = app.course.lessons[view.lesson].scenes.len();
                view.go(app, last);
            }
        }
        Action::Up
        | Action::ScrollUp
        | Action::Down
        | Action::ScrollDown
        | Action::PageUp
        | Action::PageDown => {
            view.scroll.handle(&action);
        }
        Action::First => view.scroll.home(),
        Action::Last => view.scroll.end(),
        Action::Jump => app.open_jump(view.lesson, view.scene),
        Action::CycleTheme => app.cycle_theme(),
        Action::Back => return Step::Pop,
        _ => {}
    }
    Step::Stay
}

/// The lesson's checkpoint has a score: it was taken to the end.
fn checkpoint_taken(app: &App, lesson: usize) -> bool {
    let id = &app.course.lessons[lesson].id;
    app.progress
        .lessons
        .get(id)
        .is_some_and(|p| p.best.is_some())
}

fn start_checkpoint(app: &mut App, lesson: usize) -> Step {
    let questions = app.course.lessons[lesson].checkpoint.clone();
    if questions.is_empty() {
        app.say("this lesson has no checkpoint");
        return Step::Stay;
    }
    match app.start_quiz(Origin::Checkpoint(lesson), &questions) {
        Ok(screen) => Step::Push(screen),
        Err(e) => {
            app.say(format!("the checkpoint cannot start: {e}"));
            Step::Stay
        }
    }
}
