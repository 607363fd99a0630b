//! Broken course files fail at the expected line and column, and one broken
//! file never stops the others from being checked.

use iamtutor::content::check;

fn run(files: &[&str]) -> check::Report {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bad/");
    let files: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(format!("{dir}{f}")).unwrap(),
            )
        })
        .collect();
    check::check(&files, &|name| {
        iamtutor::content::embedded::org(name).map(str::to_string)
    })
}

#[test]
fn each_bad_fixture_fails_where_expected() {
    let cases = [
        ("unknown-field.ron", 5, 5, "sumary"),
        ("two-correct.ron", 9, 17, "exactly one correct option"),
        ("wide-diagram.ron", 7, 24, "columns wide"),
    ];
    for (file, line, col, text) in cases {
        let r = run(&[file]);
        assert_eq!(r.errors.len(), 1, "{file}: {:?}", r.errors);
        let e = &r.errors[0];
        assert_eq!((e.file.as_str(), e.line, e.col), (file, line, col), "{e}");
        assert!(e.message.contains(text), "{e}");
        // The verdict counts the one error (lint warnings may follow it).
        assert!(r.summary().contains(": 1 error"), "{}", r.summary());
    }
}

#[test]
fn one_broken_file_does_not_stop_the_others() {
    let r = run(&["unknown-field.ron", "two-correct.ron", "wide-diagram.ron"]);
    assert_eq!(r.errors.len(), 3);
    assert_eq!(
        r.lessons.len(),
        2,
        "the two files that parse are still loaded"
    );
    assert_eq!(
        r.summary(),
        "2 lessons, 2 questions (0 decide, 0 spot), 0 labs, 0 interview cards: 3 errors, 2 lint \
         warnings"
    );
}
