//! Hostile input to the library's files and the sandbox's effects (issue
//! 14): saves that a planted link cannot redirect, permissions that keep
//! simulated secrets private, crafted progress and work files, and demos
//! that never claim a file they did not write.

use std::fs;
use std::path::PathBuf;

use iamtutor::app::{Host, NoFiles};
use iamtutor::iam::model::Org;
use iamtutor::learn::progress::Progress;
use iamtutor::shell::Shell;
use iamtutor::store::work::{Slot, WorkStore};
use iamtutor::store::{Store, write_atomic};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "iamtutor-hostile-lib-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------
// 6. Saving files safely.

#[cfg(unix)]
#[test]
fn a_link_planted_where_the_temporary_file_goes_redirects_nothing() {
    let dir = scratch("planted");
    let victim = dir.join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    // The names a save's temporary file could once be guessed by.
    let target = dir.join("state.ron");
    for name in [
        format!(".state.ron.tmp-{}", std::process::id()),
        format!(".state.ron.tmp-{}-0", std::process::id()),
    ] {
        std::os::unix::fs::symlink(&victim, dir.join(name)).unwrap();
    }
    write_atomic(&target, "new state\n").unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(fs::read_to_string(&target).unwrap(), "new state\n");
}

#[cfg(unix)]
#[test]
fn new_files_are_the_owners_alone_and_replaced_ones_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("modes");
    let fresh = dir.join("fresh.ron");
    write_atomic(&fresh, "x").unwrap();
    let mode = |p: &PathBuf| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&fresh), 0o600, "state files hold simulated secrets");
    let shared = dir.join("shared.ron");
    fs::write(&shared, "old").unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&shared, "new").unwrap();
    assert_eq!(mode(&shared), 0o640);
    // The progress file and the work files are made the same way.
    let store = Store::new(dir.join("data"), "default").unwrap();
    store.save(&Progress::default()).unwrap();
    assert_eq!(mode(&store.path()), 0o600);
    let mut work = WorkStore::new(store.work_dir());
    let shell = Shell::new(Org::new());
    work.save(&Slot::Sandbox("default".into()), &(), &shell)
        .unwrap();
    let slot = store.work_dir().join("sandbox-default");
    assert_eq!(mode(&slot.join("state.ron")), 0o600);
    for org in fs::read_dir(slot.join("orgs")).unwrap() {
        assert_eq!(mode(&org.unwrap().path()), 0o600);
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_has_its_target_replaced_and_stays_a_link() {
    let dir = scratch("symlinked");
    fs::create_dir_all(dir.join("real")).unwrap();
    let target = dir.join("real/progress.ron");
    fs::write(&target, "old").unwrap();
    let link = dir.join("progress.ron");
    std::os::unix::fs::symlink("real/progress.ron", &link).unwrap();
    write_atomic(&link, "new").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "new");
}

// ---------------------------------------------------------------------
// 4. Crafted progress files.

#[test]
fn a_card_whose_memory_is_not_a_number_is_repaired_on_loading() {
    let dir = scratch("nan-card");
    let store = Store::new(&dir, "default").unwrap();
    let text = r#"(format: 1, learner: "default", progress: (review: {"q:x": (kind: Question("x"), due: 10, last: 5, stability: Some(NaN), difficulty: Some(inf), reviews: 1, lapses: 0)}, interviews: [(day: 3, asked: 2, strong: 9)]))"#;
    fs::write(store.path(), text).unwrap();
    let loaded = store.load().unwrap();
    let notice = loaded.notice.expect("the repair is said");
    assert!(notice.contains("q:x"), "{notice}");
    let card = &loaded.progress.review["q:x"];
    assert_eq!((card.stability, card.difficulty), (None, None));
    assert_eq!(loaded.progress.interviews[0].strong, 2);
    // Grading it now schedules it as a new card.
    let scheduler = iamtutor::learn::review::Scheduler::new();
    let mut card = card.clone();
    scheduler.review(&mut card, iamtutor::learn::review::Grade::Good, 20);
    assert!(card.due > 20);
}

// ---------------------------------------------------------------------
// Crafted work files: a damaged slot is set aside, never a panic.

#[test]
fn crafted_work_files_are_set_aside_with_what_was_wrong() {
    let dir = scratch("work-crafted");
    let slot = Slot::Sandbox("default".into());
    let mut work = WorkStore::new(&dir);
    work.save(&slot, &(), &Shell::new(Org::new())).unwrap();
    let state = dir.join("sandbox-default/state.ron");
    let good = fs::read_to_string(&state).unwrap();
    // A state number no shell counts to, then bytes that are not text.
    let crafted = good.replacen("next: ", "next: 18446744073709551615, _was: ", 1);
    let crafted = if crafted == good {
        good.replace("org: ", "org: 18446744073709551615, _was_org: ")
    } else {
        crafted
    };
    for text in [crafted.into_bytes(), b"\xff\xfe(format: 1".to_vec()] {
        fs::create_dir_all(state.parent().unwrap()).unwrap();
        fs::write(&state, &text).unwrap();
        let mut work = WorkStore::new(&dir);
        let (kept, notice) = work.load::<(), ()>(&slot).unwrap();
        assert!(kept.is_none());
        let notice = notice.expect("the learner is told");
        assert!(notice.contains("could not be read"), "{notice}");
        work.save(&slot, &(), &Shell::new(Org::new())).unwrap();
    }
}

// ---------------------------------------------------------------------
// 9. Demo steps never claim a file they did not write.

#[test]
fn a_command_whose_file_is_not_written_does_not_claim_it() {
    let mut shell = Shell::new(Org::new());
    let outcome = shell.run("export cli --to setup.sh");
    assert!(outcome.effect.is_some());
    let shown = NoFiles.carry_out(&mut shell, outcome);
    assert!(!shown.ok);
    assert!(!shown.stdout.contains("Exported"), "{}", shown.stdout);
    assert!(shown.stderr.contains("not"), "{}", shown.stderr);
}

// ---------------------------------------------------------------------
// A crafted course file's error is one short line and a caret, not the
// file's megabyte-long line printed whole.

#[test]
fn a_lesson_error_on_an_enormous_line_shows_only_its_surroundings() {
    let text = format!(
        "Lesson(id: \"x\", title: \"t\", scenes: {}{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let e = iamtutor::content::load::lesson("x.ron", &text).unwrap_err();
    let shown = e.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 3, "{shown:.400}");
    assert!(
        lines.iter().all(|l| l.chars().count() < 200),
        "{shown:.400}"
    );
    // The caret stands under the column the message names.
    let text_line: Vec<char> = lines[1].chars().collect();
    let caret = lines[2].chars().position(|c| c == '^').unwrap();
    let cut = text_line[4] == '…';
    let expected = text.chars().nth(e.col - 1).unwrap();
    assert_eq!(text_line[caret], expected, "{shown}");
    assert!(cut || e.col <= 100, "{shown}");
}
