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
        (1..=14).collect::<Vec<_>>(),
        "lessons 1 to 14, each once"
    );
    assert!(
        r.lessons.iter().all(|l| !l.checkpoint.is_empty()),
        "every lesson has a checkpoint"
    );
    // The figures issue 15 asks for.
    assert!(r.question_count() >= 230, "{}", r.summary());
    assert!(r.decide_count() >= 75, "{}", r.summary());
    assert!(r.spot_count() >= 25, "{}", r.summary());
    assert!(r.lab_count() >= 19, "{}", r.summary());
    assert!(r.card_count() >= 110, "{}", r.summary());
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

fn two_accounts() -> iamtutor::shell::Shell {
    use iamtutor::content::{embedded, goals, schema::Setup};
    goals::build(&Setup::Org("l4-two-accounts".into()), &|n| {
        embedded::org(n).map(str::to_string)
    })
    .unwrap()
}

fn trusts(role: &str, principal: &str) -> iamtutor::content::schema::Check {
    iamtutor::content::schema::Check::Trusts {
        role: role.into(),
        principal: principal.into(),
    }
}

#[test]
fn a_trust_goal_can_name_a_role_in_another_account() {
    use iamtutor::content::goals::met;
    let mut shell = two_accounts();
    let role = "arn:aws:iam::444455556666:role/AnalyticsReader";
    let a_root = "arn:aws:iam::111122223333:root";
    // Not made yet: a goal not met, not an error.
    assert_eq!(
        met(&shell.org, &shell.home, &trusts(role, a_root)),
        Ok(false)
    );
    for cmd in [
        "as arn:aws:iam::444455556666:root",
        r#"aws iam create-role --role-name AnalyticsReader --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}'"#,
        "as admin",
    ] {
        let o = shell.run(cmd);
        assert!(o.ok, "{cmd}: {}", o.stderr);
    }
    let (org, home) = (&shell.org, shell.home.as_str());
    assert_eq!(home, "111122223333");
    assert_eq!(met(org, home, &trusts(role, a_root)), Ok(true));
    // A bare name looks in the home account only, where there is no such role.
    assert_eq!(
        met(org, home, &trusts("AnalyticsReader", a_root)),
        Ok(false)
    );
    // Across accounts both sides must allow: Sarah's own policy does not yet.
    assert_eq!(met(org, home, &trusts(role, "sarah")), Ok(false));
    // An ARN that is not a role's, or an account outside the organization.
    assert!(
        met(
            org,
            home,
            &trusts("arn:aws:iam::444455556666:user/x", a_root)
        )
        .is_err()
    );
    assert!(
        met(
            org,
            home,
            &trusts("arn:aws:iam::999999999999:role/X", a_root)
        )
        .is_err()
    );
}

#[test]
fn a_user_absent_goal_is_met_once_the_user_is_deleted() {
    use iamtutor::content::{goals::met, schema::Check};
    let mut shell = two_accounts();
    let gone = |s: &iamtutor::shell::Shell, n: &str| {
        met(&s.org, &s.home, &Check::UserAbsent(n.into())).unwrap()
    };
    assert!(gone(&shell, "nobody"));
    assert!(!gone(&shell, "mike"));
    assert!(!gone(&shell, "MIKE"), "names are compared ignoring case");
    let o = shell.run("aws iam delete-user --user-name mike");
    assert!(o.ok, "{}", o.stderr);
    assert!(gone(&shell, "mike"));
}

/// A lesson that names a function key ("press F6") must be read where that
/// key works: the lesson player. Lab stories count, as the lab's intro
/// scene shows them.
#[test]
fn no_lesson_names_a_function_key_the_lesson_ignores() {
    use iamtutor::app::KeyScope;
    use iamtutor::app::keymap::{Key, action_for_key};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (i, _) in text.match_indices('F') {
            let before = text[..i].chars().next_back();
            let digits: String = text[i + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let after = text[i + 1 + digits.len()..].chars().next();
            let word_edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            let Ok(n) = digits.parse::<u8>() else {
                continue;
            };
            if !(1..=12).contains(&n) || !word_edge(before) || !word_edge(after) {
                continue;
            }
            assert!(
                action_for_key(KeyScope::Lesson, Key::F(n)).is_some(),
                "{} names F{n}, which does nothing in a lesson",
                path.display()
            );
        }
    }
    // The check can fail: the access grid's key means nothing in a lesson.
    assert!(action_for_key(KeyScope::Lesson, Key::F(6)).is_none());
}
