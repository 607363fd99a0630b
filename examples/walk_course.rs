//! Walks the whole course on a test terminal, as a learner would with
//! keys: every lesson, every scene (every demo step run), every checkpoint
//! answered, every lab solved from its reference solution. Then prints the
//! peak resident memory. `cargo run --release --example walk_course`.

#[path = "../tests/app_kit/mod.rs"]
mod app_kit;

use std::time::Instant;

use app_kit::Harness;
use iamtutor::app::Screen;
use ratatui::crossterm::event::KeyCode;

fn status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l.trim_start_matches(field).trim().to_string())
        })
        .unwrap_or_else(|| "unknown (no /proc/self/status)".into())
}

/// Types the lab's reference solution, one command a line.
fn solve_lab(hs: &mut Harness) {
    let lines = hs.lab().session.lab.solution.clone();
    for line in lines {
        hs.run(&line);
    }
    assert!(hs.lab().session.solved(), "{}", hs.text());
}

fn main() {
    let start = Instant::now();
    let before = status("VmHWM:");
    let mut hs = Harness::new(80, 24);
    let lessons = hs.app.course.lessons.len();
    let (mut scenes, mut questions, mut labs) = (0, 0, 0);
    for lesson in 0..lessons {
        let row = app_kit::home_row_of_lesson(&hs.app, lesson);
        hs.open_home_row(row);
        let count = hs.app.course.lessons[lesson].scenes.len();
        while hs.lesson().scene < count {
            let scene = hs.lesson().scene;
            if let Some(iamtutor::content::schema::Scene::LabIntro { .. }) =
                hs.app.course.lessons[lesson].scenes.get(scene)
            {
                hs.enter();
                solve_lab(&mut hs);
                labs += 1;
                hs.esc();
            }
            hs.key(KeyCode::Right);
            if hs.lesson().scene != scene {
                scenes += 1;
            }
        }
        hs.enter();
        let n = hs.quiz().session.items.len();
        for _ in 0..n {
            hs.answer(true);
            hs.enter();
            questions += 1;
        }
        assert!(hs.quiz().summary);
        hs.enter();
        hs.esc();
    }
    // Labs without an introduction in a lesson, from home.
    let ids: Vec<String> = hs.app.course.labs().map(|(_, l)| l.id.clone()).collect();
    for id in ids {
        if hs.app.progress.lab_state(&id) != iamtutor::learn::progress::LabState::NotStarted {
            continue;
        }
        let row = app_kit::home_row_of_lab(&hs.app, &id);
        hs.open_home_row(row);
        solve_lab(&mut hs);
        labs += 1;
        hs.esc();
    }
    assert!(matches!(hs.app.screen(), Screen::Home(_)));
    let totals = hs.app.progress.totals(&hs.app.course);
    println!(
        "walked {lessons} lessons, {scenes} scene changes, {questions} questions, {labs} labs \
         in {:.2?}; totals: {totals:?}",
        start.elapsed()
    );
    println!("peak RSS before the walk (VmHWM): {before}");
    println!("peak RSS after the walk  (VmHWM): {}", status("VmHWM:"));
    println!("RSS now                  (VmRSS): {}", status("VmRSS:"));
}
