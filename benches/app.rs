//! The app's drawing budgets (issue 5): from start to the first frame
//! under 50 ms, one frame of any screen under 2 ms. Frames are drawn on a
//! `TestBackend` at 80x24 (and the sandbox also at 200x60), each screen
//! reached with keys first. Run with `cargo bench --bench app`.

#[path = "../tests/app_kit/mod.rs"]
mod app_kit;

use std::hint::black_box;

use app_kit::Harness;
use criterion::{Criterion, criterion_group, criterion_main};
use iamtutor::app::{Action, App};
use iamtutor::content::course::Course;
use iamtutor::learn::progress::Progress;
use iamtutor::tui;
use iamtutor::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

/// What the binary does before its first frame: parse the embedded course,
/// build the app, draw.
fn first_frame(c: &mut Criterion) {
    c.bench_function("start: course + app + first frame 80x24", |b| {
        b.iter(|| {
            let course = Course::embedded().expect("the course loads");
            let app = App::new(course, Progress::default(), 7);
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            term.draw(|f| {
                black_box(ui::render(&app, f));
            })
            .unwrap();
            black_box(term);
        })
    });
}

/// Types a line and runs it without drawing in between (fast set-up).
fn run_quietly(hs: &mut Harness, line: &str) {
    for c in line.chars() {
        tui::apply(&mut hs.app, Action::Type(c));
    }
    tui::apply(&mut hs.app, Action::Open);
}

fn screens() -> Vec<(&'static str, Harness)> {
    let mut out = Vec::new();

    out.push(("home", Harness::new(80, 24)));

    let mut hs = Harness::new(80, 24);
    hs.open_lesson_at(0, 0);
    out.push(("lesson prose", hs));

    let mut hs = Harness::new(80, 24);
    hs.open_lesson_at(0, 1);
    out.push(("lesson table", hs));

    let mut hs = Harness::new(80, 24);
    hs.open_lesson_at(0, 6);
    for _ in 0..18 {
        hs.key(KeyCode::Char(' '));
    }
    out.push(("lesson demo, 9 steps run", hs));

    let mut hs = Harness::new(80, 24);
    hs.start_checkpoint(0);
    hs.answer(false);
    out.push(("quiz feedback (wrong, why not)", hs));

    let mut hs = Harness::new(80, 24);
    hs.start_checkpoint(0);
    hs.skip_to_kind(|k| matches!(k, iamtutor::content::schema::QuestionKind::Decide(_)));
    hs.answer(true);
    out.push(("quiz feedback (decide, trail)", hs));

    for (w, h) in [(80, 24), (200, 60)] {
        let mut hs = Harness::new(w, h);
        hs.key(KeyCode::Char('s'));
        for i in 0..200 {
            run_quietly(&mut hs, &format!("aws iam create-user --user-name user{i}"));
        }
        hs.draw();
        let name = if w == 80 {
            "sandbox, 200 commands, tree"
        } else {
            "sandbox, 200 commands, tree, 200x60"
        };
        out.push((name, hs));
    }

    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    for i in 0..200 {
        run_quietly(&mut hs, &format!("aws iam create-user --user-name user{i}"));
    }
    run_quietly(&mut hs, "as user7");
    run_quietly(&mut hs, "aws iam list-users");
    hs.key(KeyCode::F(2));
    out.push(("sandbox, 200 commands, why", hs));

    let mut hs = Harness::new(80, 24);
    let row = app_kit::home_row_of_lab(&hs.app, "users-john");
    hs.open_home_row(row);
    hs.key(KeyCode::F(4));
    hs.run("aws iam create-user --user-name john");
    out.push(("lab, a hint and a goal met", hs));

    out
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (name, mut hs) in screens() {
        group.bench_function(name, |b| {
            b.iter(|| {
                let app = &hs.app;
                hs.term
                    .draw(|f| {
                        black_box(ui::render(app, f));
                    })
                    .unwrap();
            })
        });
    }
    group.finish();
}

/// Keeping a sandbox after a command, on disk: one new organization state
/// and the record, whatever the depth of undo (200 states here, the most
/// undo keeps), and reading it all back when it opens again. Budget: a
/// save well under a keystroke's 16 ms.
fn keeping(c: &mut Criterion) {
    use iamtutor::app::keep::{Draft, ScreenRecord, Slot};
    use iamtutor::iam::model::Org;
    use iamtutor::shell::Shell;
    use iamtutor::store::work::WorkStore;

    let dir = std::env::temp_dir().join(format!("iamtutor-bench-keep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = WorkStore::new(&dir);
    let slot = Slot::Sandbox("bench".into());
    let mut shell = Shell::new(Org::new());
    let screen = ScreenRecord::default();
    for n in 0..200 {
        shell.run(&format!("aws iam create-user --user-name user{n}"));
        store.save(&slot, &screen, &shell).unwrap();
    }
    let mut n = 0;
    c.bench_function("keep: save after a command, 200 states of undo", |b| {
        b.iter(|| {
            n += 1;
            shell.run(&format!(
                "aws iam tag-user --user-name user0 --tags Key=n,Value={n}"
            ));
            store.save(&slot, &screen, &shell).unwrap();
        })
    });
    c.bench_function("keep: open a sandbox with 200 states of undo", |b| {
        b.iter(|| {
            let (kept, _) = WorkStore::new(&dir)
                .load::<ScreenRecord, Draft>(&slot)
                .unwrap();
            black_box(kept);
        })
    });
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, first_frame, frames, keeping);
criterion_main!(benches);
