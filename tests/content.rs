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
