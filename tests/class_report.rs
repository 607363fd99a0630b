//! `iamtutor class report`, run as a teacher would: on progress files that
//! learners exported with `iamtutor progress export`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use iamtutor::content::course::Course;
use iamtutor::learn::progress::Progress;
use iamtutor::store::Store;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iamtutor-class-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn iamtutor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .args(args)
        .output()
        .expect("iamtutor runs")
}

/// Lesson 4 read through, its checkpoint scored `right`, the questions
/// `wrong` missed; saved as `learner`'s progress in `dir`, then exported
/// to `file` by the real binary.
fn export(
    dir: &Path,
    learner: &str,
    right: usize,
    wrong: &[&str],
    file: &Path,
    tweak: impl FnOnce(&mut Progress),
) {
    let course = Course::embedded().unwrap();
    let lesson = &course.lessons[3];
    let mut p = Progress::default();
    for s in 0..lesson.scenes.len() {
        p.see_scene(&lesson.id, s);
    }
    p.checkpoint(&lesson.id, right, lesson.checkpoint.len());
    for q in &lesson.checkpoint {
        p.answered_question(&q.id, !wrong.contains(&q.id.as_str()));
    }
    if right == lesson.checkpoint.len() {
        p.lab_result("roles-ec2-s3", 0, false, true);
    }
    tweak(&mut p);
    let data = dir.join("data");
    Store::new(&data, learner).unwrap().save(&p).unwrap();
    let out = iamtutor(&[
        "--data-dir",
        data.to_str().unwrap(),
        "--learner",
        learner,
        "progress",
        "export",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_report_of_two_exported_files() {
    let dir = temp_dir("two");
    let ana = dir.join("ana.ron");
    let bo = dir.join("bo.ron");
    export(&dir, "ana", 12, &["roles-03", "roles-07"], &ana, |_| {});
    // bo got roles-07 wrong once, then right in a retry: still a miss.
    export(&dir, "bo", 14, &[], &bo, |p| {
        p.answered_question("roles-07", false)
    });
    let labs = Course::embedded().unwrap().labs().count();

    let out = iamtutor(&[
        "class",
        "report",
        ana.to_str().unwrap(),
        bo.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(text(&out.stderr).is_empty(), "{out:?}");
    assert!(stdout.contains("Class report: 2 learners"), "{stdout}");
    let row = |name: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{stdout}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    // name, lessons done, checkpoints, best scores (two words), labs solved.
    let (none, one) = (format!("0/{labs}"), format!("1/{labs}"));
    let all_lessons = Course::embedded().unwrap().lessons.len();
    let lessons = format!("1/{all_lessons}");
    assert_eq!(
        row("ana"),
        ["ana", &lessons, &lessons, "12/14", "(85%)", &none],
        "{stdout}"
    );
    assert_eq!(
        row("bo"),
        ["bo", &lessons, &lessons, "14/14", "(100%)", &one],
        "{stdout}"
    );
    let missed = stdout
        .split("of those who answered)\n")
        .nth(1)
        .expect("the missed questions");
    let first: Vec<&str> = missed.lines().take(2).collect();
    assert!(first[0].starts_with("   2 of 2   roles-07  "), "{stdout}");
    assert_eq!(first[1].trim(), "missed by ana, bo", "{stdout}");
    assert!(missed.contains(" 1 of 2   roles-03  "), "{stdout}");

    let out = iamtutor(&[
        "class",
        "report",
        "--csv",
        ana.to_str().unwrap(),
        bo.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let csv = text(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("learner,lessons_done,lessons,checkpoints_taken,best_right,best_of,labs_solved,labs,lesson_1_"), "{csv}");
    let ana_row = format!("ana,1,{all_lessons},1,12,14,0,{labs},,,,85,");
    let bo_row = format!("bo,1,{all_lessons},1,14,14,1,{labs},,,,100,");
    assert!(lines[1].starts_with(&ana_row), "{csv}");
    assert!(lines[2].starts_with(&bo_row), "{csv}");
}

#[test]
fn a_bad_file_is_named_and_the_others_still_reported() {
    let dir = temp_dir("bad");
    let ana = dir.join("ana.ron");
    export(&dir, "ana", 10, &["roles-01"], &ana, |_| {});
    let broken = dir.join("broken.ron");
    std::fs::write(&broken, "this is not progress").unwrap();
    let missing = dir.join("missing.ron");
    let out = iamtutor(&[
        "class",
        "report",
        broken.to_str().unwrap(),
        ana.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "{out:?}");
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].contains("broken.ron is not an iamtutor progress file"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("cannot read") && lines[1].contains("missing.ron"),
        "{stderr}"
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Class report: 1 learner "), "{stdout}");
    assert!(stdout.lines().any(|l| l.starts_with("ana ")), "{stdout}");
}

#[test]
fn learners_with_the_same_name_are_told_apart_by_their_files() {
    let dir = temp_dir("clash");
    let one = dir.join("laptop-1.ron");
    let two = dir.join("laptop-2.ron");
    export(&dir, "default", 14, &[], &one, |_| {});
    export(&dir, "default", 9, &[], &two, |_| {});
    let out = iamtutor(&[
        "class",
        "report",
        one.to_str().unwrap(),
        two.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let stdout = text(&out.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with("laptop-1 ")),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|l| l.starts_with("laptop-2 ")),
        "{stdout}"
    );
}
