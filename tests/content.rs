//! The course files load. (The full checker replays demos and labs.)

use std::fs;
use std::path::Path;

use iamtutor::content::load;

#[test]
fn every_lesson_file_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut errors = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let result = if name == "interview.ron" {
            load::interview(&name, &text).map(|_| ())
        } else {
            load::lesson(&name, &text).map(|_| ())
        };
        if let Err(e) = result {
            errors.push(e.to_string());
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));
}

#[test]
fn errors_point_at_the_line_and_column_and_show_the_line() {
    let text = "Lesson(\n    id: \"x\",\n    numbr: 1,\n)";
    let e = load::lesson("bad.ron", text).unwrap_err();
    assert_eq!((e.line, e.col), (3, 5));
    assert!(e.message.contains("numbr"), "{}", e.message);
    let shown = e.to_string();
    assert!(shown.starts_with("bad.ron:3:5: "), "{shown}");
    assert!(shown.contains("  |     numbr: 1,\n  |     ^"), "{shown}");
}

#[test]
fn the_embedded_course_checks_clean() {
    let report = iamtutor::content::check::check_embedded();
    let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert!(
        errors.is_empty(),
        "{}\n{}",
        errors.join("\n\n"),
        report.summary()
    );
}

#[test]
fn the_course_covers_the_curriculum_in_full() {
    let r = iamtutor::content::check::check_embedded();
    let numbers: Vec<u32> = r.lessons.iter().map(|l| l.number).collect();
    assert_eq!(
        numbers,
        (1..=12).collect::<Vec<_>>(),
        "lessons 1 to 12, each once"
    );
    assert!(
        r.lessons.iter().all(|l| !l.checkpoint.is_empty()),
        "every lesson has a checkpoint"
    );
    assert!(r.question_count() >= 150, "{}", r.summary());
    assert!(r.decide_count() >= 35, "{}", r.summary());
    assert!(r.lab_count() >= 12, "{}", r.summary());
    assert!(r.card_count() >= 70, "{}", r.summary());
    let from_article = r
        .interview
        .as_ref()
        .unwrap()
        .cards
        .iter()
        .filter(|c| c.from_article)
        .count();
    assert!(
        from_article >= 7,
        "the article's own interview questions are in the bank"
    );
}
