//! The learner's progress file: round trips, a missing, damaged, empty or
//! newer file, imports, and saves that survive being killed half-way.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use iamtutor::learn::progress::Progress;
use iamtutor::store::{self, Store, StoreError};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iamtutor-store-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn some_progress() -> Progress {
    let mut p = Progress::default();
    p.see_scene("users", 0);
    p.see_scene("users", 3);
    p.checkpoint("users", 7, 10);
    p.lab_result("first-user", 2, false, true);
    p.answered("users", true);
    p.answered("roles", false);
    p.practised(20_000);
    p
}

#[test]
fn progress_round_trips_through_the_file() {
    let dir = temp_dir("roundtrip");
    let s = Store::new(&dir, "ana").unwrap();
    let p = some_progress();
    s.save(&p).unwrap();
    let loaded = s.load().unwrap();
    assert_eq!(loaded.progress, p);
    assert!(loaded.notice.is_none());
    // Learners are kept apart.
    let other = Store::new(&dir, "ben").unwrap();
    assert_eq!(other.load().unwrap().progress, Progress::default());
}

#[test]
fn a_missing_file_is_a_fresh_start() {
    let dir = temp_dir("missing");
    let loaded = Store::new(&dir, "default").unwrap().load().unwrap();
    assert_eq!(loaded.progress, Progress::default());
    assert!(loaded.notice.is_none());
}

#[test]
fn damaged_and_empty_files_are_kept_aside_with_a_notice() {
    for (name, text) in [
        (
            "damaged",
            "(format: 1, learner: \"x\", progress: (lessons: {",
        ),
        ("empty", ""),
    ] {
        let dir = temp_dir(name);
        let s = Store::new(&dir, "default").unwrap();
        fs::write(s.path(), text).unwrap();
        let loaded = s.load().unwrap();
        assert_eq!(loaded.progress, Progress::default(), "{name}");
        let notice = loaded.notice.expect("a notice");
        assert!(notice.contains("damaged-1"), "{notice}");
        let backup = PathBuf::from(format!("{}.damaged-1", s.path().display()));
        assert_eq!(
            fs::read_to_string(&backup).unwrap(),
            text,
            "the backup keeps every byte"
        );
        assert!(!s.path().exists());
        // A second damaged file does not overwrite the first backup.
        fs::write(s.path(), "nonsense").unwrap();
        let notice = s.load().unwrap().notice.unwrap();
        assert!(notice.contains("damaged-2"), "{notice}");
        assert_eq!(fs::read_to_string(&backup).unwrap(), text);
    }
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_alone() {
    let dir = temp_dir("newer");
    let s = Store::new(&dir, "default").unwrap();
    let text = "(\n  format: 2,\n  learner: \"default\",\n  progress: (lessons: {}, badges: [\"new\"]),\n)\n";
    fs::write(s.path(), text).unwrap();
    match s.load() {
        Err(StoreError::TooNew { format, .. }) => assert_eq!(format, 2),
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(s.path()).unwrap(), text);
    let message = s.load().unwrap_err().to_string();
    assert!(message.contains("newer iamtutor"), "{message}");
}

#[test]
fn import_replaces_progress_and_keeps_the_old_one() {
    let dir = temp_dir("import");
    let s = Store::new(&dir, "default").unwrap();
    let mut old = Progress::default();
    old.see_scene("groups", 1);
    s.save(&old).unwrap();
    let exported = dir.join("from-laptop.ron");
    fs::write(&exported, s.render(&some_progress())).unwrap();
    let (_, first) = s.import(&exported).unwrap();
    assert_eq!(s.load().unwrap().progress, some_progress());
    let first = first.expect("the replaced progress is kept");
    assert!(first.to_string_lossy().ends_with(".before-import-1"));
    let kept = fs::read_to_string(&first).unwrap();
    assert_eq!(store::read(&kept).unwrap().progress, old);
    // A second import keeps its own backup and leaves the first one alone.
    let (_, second) = s.import(&exported).unwrap();
    let second = second.expect("kept again");
    assert!(second.to_string_lossy().ends_with(".before-import-2"));
    assert_eq!(
        store::read(&fs::read_to_string(&first).unwrap())
            .unwrap()
            .progress,
        old
    );
    assert_eq!(
        store::read(&fs::read_to_string(&second).unwrap())
            .unwrap()
            .progress,
        some_progress()
    );
    // Something that is not a progress file changes nothing.
    let bad = dir.join("notes.txt");
    fs::write(&bad, "hello").unwrap();
    assert!(matches!(
        s.import(&bad),
        Err(StoreError::NotProgress { .. })
    ));
    assert_eq!(s.load().unwrap().progress, some_progress());
}

#[test]
fn learner_names_must_be_safe_file_names() {
    for bad in ["", "a b", "../x", "x/y", &"n".repeat(41)] {
        assert!(Store::new("/tmp", bad).is_err(), "{bad:?}");
    }
    assert!(Store::new("/tmp", "ana-2_b").is_ok());
}

/// Kills the real binary in the middle of saving, many times over: the
/// progress file must parse every time, as the old or the new progress.
#[test]
fn saves_survive_being_killed_half_way() {
    let dir = temp_dir("crash");
    let s = Store::new(&dir, "default").unwrap();
    let small = Progress::default();
    s.save(&small).unwrap();
    // A large file makes the write take long enough to be interrupted.
    let mut big = some_progress();
    for i in 0..20_000 {
        big.answered(&format!("topic-{i}"), i % 3 == 0);
    }
    let from = dir.join("big.ron");
    fs::write(&from, s.render(&big)).unwrap();
    let bin = env!("CARGO_BIN_EXE_iamtutor");
    for round in 0..60u64 {
        let mut child = Command::new(bin)
            .args(["--data-dir", dir.to_str().unwrap(), "progress", "import"])
            .arg(&from)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over the run: early, mid-write, after.
        std::thread::sleep(Duration::from_micros(round * 400));
        let _ = child.kill();
        let _ = child.wait();
        let text = fs::read_to_string(s.path()).expect("the file is always there");
        let file = store::read(&text).unwrap_or_else(|e| panic!("round {round}: unreadable: {e}"));
        assert!(
            file.progress == small || file.progress == big,
            "round {round}"
        );
        // Start each round from the small file again.
        s.save(&small).unwrap();
    }
}
