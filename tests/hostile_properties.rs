//! Random bytes, random JSON and random RON fed to every parser (issue
//! 14): policy documents, organization files, lesson files, progress
//! files, work files, simulator requests and sandbox command lines. Each
//! must answer without panicking; an error must say where (line and
//! column); and a command that fails must leave the organization as it
//! was. Valid files mutated at random exercise the deeper parts of each
//! parser, where purely random text rarely reaches.
//!
//! The counts below are the cases per property (`CASES`, or more for the
//! cheap ones); `PROPTEST_CASES` raises them all for a long run.

use std::sync::OnceLock;

use iamtutor::content::embedded;
use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::iam::policy::{self, PolicyKind};
use iamtutor::iam::simulate::{self, SimulateCustomPolicy};
use iamtutor::iam::time::DEFAULT_NOW;
use iamtutor::shell::Shell;
use iamtutor::store;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Cases per property, unless the environment asks for more.
fn cases(n: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------
// Generators.

/// Any JSON value, nested a few levels, with the keys and strings a policy
/// uses mixed with random ones.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let word = prop_oneof![
        Just("Version".to_string()),
        Just("Statement".to_string()),
        Just("Effect".to_string()),
        Just("Allow".to_string()),
        Just("Deny".to_string()),
        Just("Action".to_string()),
        Just("NotAction".to_string()),
        Just("Resource".to_string()),
        Just("Principal".to_string()),
        Just("Condition".to_string()),
        Just("2012-10-17".to_string()),
        Just("*".to_string()),
        Just("s3:Get*".to_string()),
        Just("StringLike".to_string()),
        Just("ForAnyValue:StringEquals".to_string()),
        Just("aws:SourceIp".to_string()),
        Just("${aws:username}".to_string()),
        "\\PC{0,12}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        word.clone().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((word.clone(), inner), 0..6)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// RON-looking text: structs, maps, lists, strings, raw strings, numbers,
/// `Some`, with field names the files use.
fn ron_text() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("Org".to_string()),
        Just("Account".to_string()),
        Just("User".to_string()),
        Just("Lesson".to_string()),
        Just("Scene".to_string()),
        Just("Prose".to_string()),
        Just("Demo".to_string()),
        Just("Question".to_string()),
        "[A-Za-z_][A-Za-z0-9_]{0,8}",
    ];
    let leaf = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f32>().prop_map(|f| format!("{f:?}")),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("true".to_string()),
        Just("()".to_string()),
        "\\PC{0,10}".prop_map(|s| format!("{s:?}")),
        "[^#]{0,10}".prop_map(|s| format!("r#\"{s}\"#")),
        "[a-z]{1,6}".prop_map(|s| format!("{s:?}")),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(", "))),
            (
                name.clone(),
                prop::collection::vec(("[a-z_]{1,10}", inner.clone()), 0..5)
            )
                .prop_map(|(n, fields)| {
                    let fields: Vec<String> = fields
                        .into_iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    format!("{n}({})", fields.join(", "))
                }),
            prop::collection::vec((inner.clone(), inner.clone()), 0..4).prop_map(|kv| {
                let kv: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", kv.join(", "))
            }),
            inner.prop_map(|v| format!("Some({v})")),
        ]
    })
}

/// Random bytes, as the text a file would give once decoded leniently.
fn bytes_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..400)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// One edit to a text: a byte range removed, text put in, or a range
/// repeated; on a character boundary.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Repeat(usize, usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let insert = prop_oneof![
        "[\\[\\]{}(),:\"#r ]{1,3}",
        "\\PC{1,6}",
        Just("\n".to_string()),
        Just("999999999999999999999".to_string()),
        Just("-1".to_string()),
        Just("NaN".to_string()),
        Just("\"*\"".to_string()),
    ];
    let edit = prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), insert).prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), 1..30usize, 1..4usize).prop_map(|(a, n, k)| Edit::Repeat(a, n, k)),
    ];
    prop::collection::vec(edit, 1..5)
}

fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut t = text.to_string();
    for e in edits {
        match e {
            Edit::Delete(a, n) => {
                let a = boundary(&t, *a);
                let b = boundary(&t, a + n);
                t.replace_range(a..b.max(a), "");
            }
            Edit::Insert(a, s) => {
                let a = boundary(&t, *a);
                t.insert_str(a, s);
            }
            Edit::Repeat(a, n, k) => {
                let a = boundary(&t, *a);
                let b = boundary(&t, a + n).max(a);
                let piece = t[a..b].repeat(*k);
                t.insert_str(b, &piece);
            }
        }
    }
    t
}

// ---------------------------------------------------------------------
// Real files to mutate.

fn org_texts() -> &'static [(&'static str, &'static str)] {
    embedded::ORGS
}

fn lesson_texts() -> &'static [(&'static str, &'static str)] {
    embedded::LESSONS
}

/// The embedded course, read once: every progress case draws a dashboard.
fn course() -> &'static iamtutor::content::course::Course {
    static COURSE: OnceLock<iamtutor::content::course::Course> = OnceLock::new();
    COURSE.get_or_init(|| iamtutor::content::course::Course::embedded().unwrap())
}

fn progress_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("iamtutor-prop-progress-{}", std::process::id()));
        let store = store::Store::new(&dir, "ana").unwrap();
        let mut p = iamtutor::learn::progress::Progress::default();
        p.see_scene("users", 0);
        p.see_scene("users", 1);
        p.checkpoint("users", 3, 5);
        p.answered("roles", true);
        p.answered("roles", false);
        p.answered_question("roles-01", true);
        p.practised(20_000);
        p.lab_started("users-john");
        p.lab_result("users-john", 1, false, true);
        iamtutor::learn::review::add(
            &mut p.review,
            iamtutor::learn::review::CardKind::Question("roles-01".into()),
            20_000,
        );
        let key = iamtutor::learn::review::CardKind::Question("roles-01".into()).key();
        iamtutor::learn::review::Scheduler::new().review(
            p.review.get_mut(&key).unwrap(),
            iamtutor::learn::review::Grade::Good,
            20_000,
        );
        store.render(&p)
    })
}

// ---------------------------------------------------------------------
// Checks.

/// A policy error names a line and a column.
fn policy_error_placed(text: &str, kind: PolicyKind) -> Result<(), TestCaseError> {
    if let Err(e) = policy::parse(text, kind) {
        prop_assert!(e.pos.line >= 1 && e.pos.col >= 1, "{e} for {text:?}");
    }
    Ok(())
}

/// An organization file's errors each name a line and a column.
fn org_errors_placed(text: &str) -> Result<(), TestCaseError> {
    if let Err(errors) = org_file::from_ron(text) {
        prop_assert!(!errors.is_empty());
        for e in &errors {
            prop_assert!(e.line >= 1 && e.col >= 1, "{e}");
        }
    }
    Ok(())
}

fn lesson_errors_placed(text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = iamtutor::content::load::lesson("x.ron", text) {
        prop_assert!(e.line >= 1 && e.col >= 1, "{e}");
    }
    Ok(())
}

/// A progress file that reads is sound (nothing left to repair); one that
/// does not says where.
fn progress_sound_or_placed(text: &str) -> Result<(), TestCaseError> {
    match store::read(text) {
        Ok(mut file) => {
            let left = file.progress.repair();
            prop_assert!(left.is_empty(), "{left:?}");
            // Everything shown of it can be computed.
            let _ = iamtutor::learn::dashboard::lines(course(), &file.progress, 20_000);
        }
        Err(m) if m.starts_with("written by a newer") => {}
        Err(m) => {
            let placed = m
                .split(':')
                .take(2)
                .all(|n| n.parse::<usize>().is_ok_and(|n| n >= 1));
            prop_assert!(placed, "{m}");
        }
    }
    Ok(())
}

fn shell_for(text: &str) -> Shell {
    let org = org_file::from_ron(text).unwrap_or_else(|_| Org::new());
    Shell::new(org)
}

/// A command that fails leaves the organization as it was.
fn run_keeps_org_on_failure(shell: &mut Shell, line: &str) -> Result<(), TestCaseError> {
    let before = shell.org.clone();
    let o = shell.run(line);
    if !o.ok {
        prop_assert!(
            shell.org == before,
            "`{line}` failed but changed the organization"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(cases(800))]

    #[test]
    fn policy_documents_from_random_bytes(text in bytes_text()) {
        for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Trust] {
            policy_error_placed(&text, kind)?;
        }
    }

    #[test]
    fn policy_documents_from_random_json(v in json()) {
        let text = v.to_string();
        for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Trust] {
            policy_error_placed(&text, kind)?;
        }
        // As a statement inside a well-formed policy, too.
        let wrapped = format!(r#"{{"Version":"2012-10-17","Statement":[{text}]}}"#);
        policy_error_placed(&wrapped, PolicyKind::Identity)?;
    }

    #[test]
    fn progress_files_from_random_bytes(text in bytes_text()) {
        progress_sound_or_placed(&text)?;
    }

    #[test]
    fn utf8_errors_are_placed(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        if let Err(e) = store::files::text(bytes) {
            prop_assert!(e.contains("at line ") && e.contains("column "), "{e}");
        }
    }
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn organization_files_from_random_bytes_and_ron(bytes in bytes_text(), ron in ron_text()) {
        org_errors_placed(&bytes)?;
        org_errors_placed(&ron)?;
        org_errors_placed(&format!("Org(accounts: [{ron}])"))?;
    }

    #[test]
    fn lesson_files_from_random_bytes_and_ron(bytes in bytes_text(), ron in ron_text()) {
        lesson_errors_placed(&bytes)?;
        lesson_errors_placed(&ron)?;
        lesson_errors_placed(&format!("Lesson(id: \"x\", title: \"t\", scenes: [{ron}])"))?;
    }

    #[test]
    fn progress_files_from_random_ron(ron in ron_text(), v in any::<i64>(), f in any::<f32>()) {
        progress_sound_or_placed(&ron)?;
        let crafted = format!(
            "(format: 1, learner: \"x\", progress: (topics: {{\"a\": (right: {}, answered: {})}}, days: [{v}], review: {{\"k\": (kind: Question(\"q\"), due: {v}, last: 0, stability: Some({f:?}), difficulty: Some({f:?}), reviews: 1, lapses: 0)}}))",
            v.unsigned_abs(), v.unsigned_abs() / 3
        );
        progress_sound_or_placed(&crafted)?;
    }

    #[test]
    fn simulator_requests_from_random_json(v in json(), doc in json()) {
        // As a whole request, and as the policy of a well-formed one.
        let whole = v.to_string();
        if let Ok(req) = serde_json::from_str::<SimulateCustomPolicy>(&whole) {
            let _ = simulate::simulate_custom(&req, DEFAULT_NOW);
        }
        let req = serde_json::json!({
            "PolicyInputList": [doc.to_string()],
            "ActionNames": ["s3:GetObject", "iam:PassRole"],
            "ResourceArns": ["arn:aws:s3:::b/k", "*"],
            "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1"], "ContextKeyType": "ip"}],
        });
        let req: SimulateCustomPolicy = serde_json::from_value(req).unwrap();
        if let Err(e) = simulate::simulate_custom(&req, DEFAULT_NOW) {
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn command_lines_from_random_text(
        lines in prop::collection::vec(
            prop_oneof![
                bytes_text(),
                "\\PC{0,60}",
                "(aws|as|write|export|import|undo|help) [ -~]{0,60}",
                json().prop_map(|v| format!("aws iam create-policy --policy-name P --policy-document '{v}'")),
                json().prop_map(|v| format!("aws iam tag-user --user-name john --tags '{v}'")),
                json().prop_map(|v| format!("aws iam simulate-custom-policy --cli-input-json '{v}'")),
                "[ -~]{0,40}".prop_map(|s| format!("aws iam put-user-policy --user-name john --policy-name p --policy-document {s}")),
                "[ -~]{0,40}".prop_map(|s| format!("aws iam list-users --query '{s}'")),
                "[ -~]{0,30}".prop_map(|s| format!("aws iam create-user --user-name john --tags {s}")),
            ],
            1..6,
        ),
        org in 0..3usize,
    ) {
        let (_, text) = org_texts()[org % org_texts().len()];
        let mut shell = shell_for(text);
        shell.run("aws iam create-user --user-name john");
        for line in &lines {
            run_keeps_org_on_failure(&mut shell, line)?;
        }
    }
}

proptest! {
    #![proptest_config(cases(120))]

    #[test]
    fn organization_files_mutated(which in any::<usize>(), edits in edits()) {
        let (_, text) = org_texts()[which % org_texts().len()];
        org_errors_placed(&apply(text, &edits))?;
    }

    #[test]
    fn lesson_files_mutated(which in any::<usize>(), edits in edits()) {
        let (_, text) = lesson_texts()[which % lesson_texts().len()];
        lesson_errors_placed(&apply(text, &edits))?;
    }

    #[test]
    fn progress_files_mutated(edits in edits()) {
        progress_sound_or_placed(&apply(progress_text(), &edits))?;
    }

    #[test]
    fn an_import_that_fails_changes_nothing(which in any::<usize>(), edits in edits()) {
        let (_, text) = org_texts()[which % org_texts().len()];
        let mut shell = Shell::new(Org::new());
        shell.run("aws iam create-user --user-name john");
        let before = shell.org.clone();
        let o = shell.finish_import("mutated.ron", &apply(text, &edits));
        if !o.ok {
            prop_assert!(shell.org == before);
            // Each problem is `file:line:col: message`.
            for line in o.stderr.lines().filter(|l| l.starts_with("mutated.ron:")) {
                let mut parts = line.splitn(4, ':');
                parts.next();
                let placed = parts.take(2).all(|n| n.parse::<u32>().is_ok_and(|n| n >= 1));
                prop_assert!(placed, "{line}");
            }
        }
    }

    #[test]
    fn work_files_from_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300), edits in edits()) {
        use iamtutor::store::work::{Slot, WorkStore};
        let dir = std::env::temp_dir().join(format!(
            "iamtutor-prop-work-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let slot = Slot::Sandbox("default".into());
        let mut work = WorkStore::new(&dir);
        let mut shell = Shell::new(Org::new());
        shell.run("aws iam create-user --user-name john");
        shell.run("aws iam create-group --group-name Devs");
        work.save(&slot, &(), &shell).unwrap();
        let state = dir.join("sandbox-default/state.ron");
        let good = std::fs::read_to_string(&state).unwrap();
        for content in [bytes, apply(&good, &edits).into_bytes()] {
            std::fs::create_dir_all(state.parent().unwrap()).unwrap();
            std::fs::write(&state, content).unwrap();
            let mut fresh = WorkStore::new(&dir);
            match fresh.load::<(), ()>(&slot) {
                Ok((Some(kept), _)) => {
                    // What came back runs commands like any shell.
                    let mut s = kept.shell;
                    run_keeps_org_on_failure(&mut s, "aws iam create-user --user-name john")?;
                    let _ = s.run("undo");
                    let _ = s.run("aws iam create-user --user-name zed");
                }
                Ok((None, notice)) => {
                    prop_assert!(notice.is_some(), "a slot set aside is said");
                }
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            work.save(&slot, &(), &shell).unwrap();
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
