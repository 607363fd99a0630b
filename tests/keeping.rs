//! Nothing a learner builds is lost: sandboxes and labs kept after every
//! command and found again (through the app's keeper, and on disk through
//! the store), starting over only when asked, and Continue leading where
//! the learner was.

use crate::app_kit;

use std::fs;
use std::path::PathBuf;

use app_kit::{Harness, home_row_of_lab, new_app};
use iamtutor::app::console::{Ask, LineKind};
use iamtutor::app::keep::{Draft, ScreenRecord, Slot};
use iamtutor::app::{KeyScope, Screen};
use iamtutor::iam::model::Org;
use iamtutor::learn::progress::{Place, Progress};
use iamtutor::shell::Shell;
use iamtutor::store::Store;
use iamtutor::store::work::WorkStore;
use ratatui::crossterm::event::KeyCode;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iamtutor-keeping-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn last_line(hs: &Harness) -> String {
    let lines = match hs.app.screen() {
        Screen::Sandbox(s) => &s.console.lines,
        Screen::Lab(l) => &l.console.lines,
        _ => panic!("not a console"),
    };
    lines.last().map(|l| l.1.clone()).unwrap_or_default()
}

/// Whether one of the console's last few lines is `text`.
fn said(hs: &Harness, text: &str) -> bool {
    let lines = match hs.app.screen() {
        Screen::Sandbox(s) => &s.console.lines,
        Screen::Lab(l) => &l.console.lines,
        _ => panic!("not a console"),
    };
    lines.iter().rev().take(12).any(|l| l.1 == text)
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn users(shell: &Shell) -> Vec<String> {
    shell.org.accounts[&shell.home]
        .users
        .keys()
        .cloned()
        .collect()
}

// The sandbox, through the app's keeper.

#[test]
fn the_sandbox_is_as_it_was_left_after_esc() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("aws iam create-user --user-name john");
    hs.run("write a.json <<EOF");
    hs.run("{}");
    hs.run("EOF");
    hs.run("as john");
    let before = hs.sandbox().shell.clone();
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
    hs.key(KeyCode::Char('s'));
    let back = hs.sandbox();
    assert_eq!(back.shell.org, before.org);
    assert_eq!(back.shell.files, before.files);
    assert_eq!(back.shell.history, before.history);
    assert_eq!(back.shell.acting, before.acting);
    assert!(last_line(&hs).starts_with("Welcome back to the sandbox `default`"));
    // undo reaches across the visit.
    hs.run("as admin");
    hs.run("undo");
    assert_eq!(
        last_line(&hs),
        "Undone: `aws iam create-user --user-name john`"
    );
}

#[test]
fn what_is_typed_comes_back_after_quitting() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("write p.json <<EOF");
    hs.run("{\"Version\": \"2012-10-17\"");
    hs.chars("half a line");
    // A new app with the same keeper: as after a restart.
    let keeper = std::mem::replace(
        &mut hs.app.keeper,
        Box::new(iamtutor::app::keep::Memory::default()),
    );
    let mut app = new_app();
    app.keeper = keeper;
    let mut hs = Harness::with_app(app, 80, 24);
    hs.key(KeyCode::Char('s'));
    let s = hs.sandbox();
    assert_eq!(s.console.input.text(), "half a line");
    assert_eq!(
        s.console.pending.as_deref(),
        Some("write p.json <<EOF\n{\"Version\": \"2012-10-17\"")
    );
    // The here-document's lines are on screen again, and it finishes.
    assert!(hs.text().contains("> {\"Version\": \"2012-10-17\""));
    hs.ctrl('u');
    hs.run("}");
    hs.run("EOF");
    assert_eq!(
        hs.sandbox().shell.files["p.json"],
        "{\"Version\": \"2012-10-17\"\n}\n"
    );
}

#[test]
fn new_asks_first_and_undo_brings_the_organization_back() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("aws iam create-user --user-name john");
    hs.run("new");
    assert_eq!(hs.sandbox().console.asking, Some(Ask::NewSandbox));
    assert!(hs.text().contains("Start over?"), "{}", hs.text());
    // n keeps everything.
    hs.key(KeyCode::Char('n'));
    assert_eq!(users(&hs.sandbox().shell), ["john"]);
    hs.run("reset");
    hs.key(KeyCode::Char('y'));
    assert!(users(&hs.sandbox().shell).is_empty());
    hs.run("undo");
    assert_eq!(users(&hs.sandbox().shell), ["john"]);
}

#[test]
fn named_sandboxes_are_saved_opened_and_listed_on_home() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("aws iam create-user --user-name john");
    hs.run("save with-john");
    assert!(last_line(&hs).contains("kept as `with-john` too"));
    hs.run("aws iam create-user --user-name sarah");
    // A name taken by another sandbox is refused, not overwritten.
    hs.run("save with-john");
    assert!(
        last_line(&hs).contains("exists already"),
        "{}",
        last_line(&hs)
    );
    // Switching: the other sandbox has john only; this one is kept.
    hs.run("open with-john");
    assert_eq!(hs.sandbox().name, "with-john");
    assert_eq!(users(&hs.sandbox().shell), ["john"]);
    hs.run("open default");
    assert_eq!(users(&hs.sandbox().shell), ["john", "sarah"]);
    hs.run("open nowhere");
    assert!(last_line(&hs).contains("no sandbox named `nowhere`"));
    hs.run("new scratch");
    assert_eq!(hs.sandbox().name, "scratch");
    assert!(users(&hs.sandbox().shell).is_empty());
    hs.run("open");
    assert!(
        last_line(&hs).contains("Sandboxes: default, scratch (this one), with-john"),
        "{}",
        last_line(&hs)
    );
    hs.esc();
    // Home lists them; `s` opens the one used last.
    let rows = iamtutor::app::home::entries(&hs.app);
    let names: Vec<&str> = rows
        .iter()
        .filter_map(|e| match e {
            iamtutor::app::home::Entry::Sandbox(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["scratch", "default", "with-john"]);
    hs.key(KeyCode::Char('s'));
    assert_eq!(hs.sandbox().name, "scratch");
}

#[test]
fn esc_on_a_half_typed_here_document_drops_only_it() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("write p.json <<EOF");
    hs.chars("{");
    hs.esc();
    assert!(hs.sandbox().console.pending.is_none());
    assert_eq!(hs.app.key_scope(), KeyScope::Console);
    // A second Esc right away does not leave either.
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::Console);
    // A third, on the empty line, does.
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::Home);
}

#[test]
fn the_editor_asks_before_changes_are_lost() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.run("edit p.json");
    hs.chars("{\"a\": 1}");
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::EditorLeave);
    assert!(hs.text().contains("Unsaved changes"), "{}", hs.text());
    // Esc goes back to editing, with the text.
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::Editor);
    hs.esc();
    // s saves.
    hs.key(KeyCode::Char('s'));
    assert_eq!(hs.sandbox().shell.files["p.json"], "{\"a\": 1}\n");
    assert_eq!(last_line(&hs), "saved p.json (1 line)");
    // Unchanged, Esc closes at once; changed and discarded, the file is
    // as it was.
    hs.run("edit p.json");
    hs.esc();
    assert_eq!(hs.app.key_scope(), KeyScope::Console);
    hs.run("edit p.json");
    hs.chars("xyz");
    hs.esc();
    hs.key(KeyCode::Char('d'));
    assert_eq!(hs.app.key_scope(), KeyScope::Console);
    assert_eq!(hs.sandbox().shell.files["p.json"], "{\"a\": 1}\n");
    // Invalid JSON is refused by s, and the editor stays open.
    hs.run("edit p.json");
    hs.chars("{");
    hs.esc();
    hs.key(KeyCode::Char('s'));
    assert_eq!(hs.app.key_scope(), KeyScope::Editor);
    let ed = hs.sandbox().console.editor.as_ref().unwrap();
    assert!(
        ed.error
            .as_deref()
            .unwrap_or("")
            .starts_with("not saved: line")
    );
}

// Labs.

fn open_lab(hs: &mut Harness, id: &str) {
    let row = home_row_of_lab(&hs.app, id);
    hs.open_home_row(row);
    assert_eq!(hs.lab().session.lab.id, id);
}

#[test]
fn a_lab_is_as_it_was_left_and_undo_stops_at_its_start() {
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, "users-john");
    // Undo at once: the lab's own setup cannot be taken apart.
    hs.run("undo");
    assert!(last_line(&hs).starts_with("undo: nothing to undo"));
    hs.run("aws iam create-user --user-name john");
    hs.key(KeyCode::F(4));
    let met = hs.lab().session.met.clone();
    assert!(met.iter().any(|m| *m));
    hs.esc();
    open_lab(&mut hs, "users-john");
    let lab = hs.lab();
    assert_eq!(lab.session.met, met);
    assert_eq!(lab.session.commands, 2);
    assert_eq!(lab.hints.len(), 1);
    assert_eq!(lab.session.hints_shown, 1);
    assert!(
        lab.console.lines.iter().any(|(k, l)| *k == LineKind::Info
            && l.starts_with("Welcome back: the lab is as you left it"))
    );
    hs.run("undo");
    assert!(said(&hs, "Undone: `aws iam create-user --user-name john`"));
    hs.run("undo");
    assert!(last_line(&hs).starts_with("undo: nothing to undo"));
}

#[test]
fn reset_in_a_lab_asks_and_undo_brings_the_work_back() {
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, "users-john");
    let at_start = users(&hs.lab().session.shell);
    assert!(!at_start.contains(&"john".to_string()));
    hs.run("aws iam create-user --user-name john");
    hs.run("reset");
    assert_eq!(hs.lab().console.asking, Some(Ask::ResetLab));
    assert_eq!(hs.app.key_scope(), KeyScope::Confirm);
    hs.key(KeyCode::Char('y'));
    assert_eq!(users(&hs.lab().session.shell), at_start);
    assert!(!hs.lab().session.met.iter().all(|m| *m));
    hs.run("undo");
    assert!(users(&hs.lab().session.shell).contains(&"john".to_string()));
}

#[test]
fn looking_at_a_solved_lab_adds_no_review_cards() {
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, "users-john");
    for line in hs.lab().session.lab.solution.clone() {
        hs.run(&line);
    }
    assert!(hs.lab().session.solved());
    // Break it and leave: a solved lab is not reviewed for that.
    hs.run("aws iam delete-login-profile --user-name john");
    hs.esc();
    open_lab(&mut hs, "users-john");
    hs.esc();
    let goal_cards = hs
        .app
        .progress
        .review
        .keys()
        .filter(|k| k.starts_with("lab:"))
        .count();
    assert_eq!(goal_cards, 0);
}

#[test]
fn leaving_an_unsolved_lab_after_trying_reviews_its_unmet_goals() {
    let mut hs = Harness::new(80, 24);
    open_lab(&mut hs, "users-john");
    // Looking only: no cards.
    hs.esc();
    assert!(hs.app.progress.review.is_empty());
    open_lab(&mut hs, "users-john");
    hs.run("aws iam create-user --user-name john");
    let unmet = hs.lab().session.met.iter().filter(|m| !**m).count();
    hs.esc();
    assert_eq!(hs.app.progress.review.len(), unmet);
}

// Keys behind the "too small" notice.

#[test]
fn keys_behind_the_too_small_notice_do_nothing() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('s'));
    hs.resize(40, 10);
    assert!(flat(&hs.text()).contains("needs a terminal of at least 60×16"));
    hs.esc();
    hs.chars("q");
    hs.enter();
    hs.resize(80, 24);
    assert_eq!(hs.app.key_scope(), KeyScope::Console);
    assert!(hs.sandbox().console.input.is_empty());
    assert!(hs.sandbox().shell.history.is_empty());
    hs.resize(40, 10);
    hs.ctrl('c');
    assert!(hs.app.should_quit());
}

// Continue.

#[test]
fn continue_leads_where_the_learner_was_then_to_what_is_unfinished() {
    let course = app_kit::course();
    let one = &course.lessons[0];
    let two = &course.lessons[1];
    let mut p = Progress::default();
    assert_eq!(p.next_place(&course), None, "nothing on a first visit");
    // On a scene, with demo steps run: that scene and step.
    p.see_scene(&one.id, 3);
    p.at(&one.id, 3, 2);
    assert_eq!(
        p.next_place(&course),
        Some(Place::Scene {
            lesson: one.id.clone(),
            scene: 3,
            step: 2
        })
    );
    // On the checkpoint page, not yet answered: the checkpoint.
    p.at(&one.id, one.scenes.len(), 0);
    assert_eq!(
        p.next_place(&course),
        Some(Place::Scene {
            lesson: one.id.clone(),
            scene: one.scenes.len(),
            step: 0
        })
    );
    // Answered, with scenes of lesson 1 unread: lesson 2 comes first
    // (the next lesson), at its first unread scene.
    p.checkpoint(&one.id, 5, one.checkpoint.len());
    p.see_scene(&two.id, 0);
    p.at(&one.id, one.scenes.len(), 0);
    assert_eq!(
        p.next_place(&course),
        Some(Place::Scene {
            lesson: two.id.clone(),
            scene: 1,
            step: 0
        })
    );
    // Every lesson done: the first unsolved lab after where one was.
    for l in &course.lessons {
        for s in 0..l.scenes.len() {
            p.see_scene(&l.id, s);
        }
        p.checkpoint(&l.id, 1, l.checkpoint.len());
    }
    let first_lab = course.lessons[1].labs[0].id.clone();
    p.lab_started(&first_lab);
    assert_eq!(
        p.next_place(&course),
        Some(Place::Lab {
            lab: first_lab.clone()
        }),
        "an unsolved lab is where one was"
    );
    p.lab_result(&first_lab, 0, false, false);
    let next = course.next_lab(&first_lab).unwrap().id.clone();
    assert_eq!(p.next_place(&course), Some(Place::Lab { lab: next }));
    // Everything solved: nothing to continue.
    for l in &course.lessons {
        for lab in &l.labs {
            p.lab_result(&lab.id, 0, false, false);
        }
    }
    assert_eq!(p.next_place(&course), None);
}

#[test]
fn continue_reopens_a_demo_at_its_step_and_home_keeps_its_cursor() {
    let mut hs = Harness::new(80, 24);
    // A lesson scene with a demo, two steps run.
    let course = app_kit::course();
    let (li, si) = course
        .lessons
        .iter()
        .enumerate()
        .find_map(|(li, l)| {
            l.scenes.iter().position(|s| {
                matches!(s, iamtutor::content::schema::Scene::Demo { steps, .. } if steps.len() >= 3)
            })
            .map(|si| (li, si))
        })
        .expect("a demo of three steps or more");
    hs.open_lesson_at(li, si);
    assert_eq!(hs.lesson().scene, si);
    hs.action(iamtutor::app::Action::Next);
    hs.action(iamtutor::app::Action::Next);
    hs.action(iamtutor::app::Action::Next);
    hs.action(iamtutor::app::Action::Next);
    let ran = hs.lesson().demo.as_ref().unwrap().outputs.len();
    assert!(ran >= 1);
    hs.esc();
    // The cursor on home stays on the item it was on as rows move.
    let rows = iamtutor::app::home::entries(&hs.app);
    let Screen::Home(h) = hs.app.screen() else {
        panic!("home")
    };
    let on = rows[h.selected(&rows)].clone();
    hs.key(KeyCode::Char('c'));
    assert_eq!(hs.lesson().scene, si);
    assert_eq!(hs.lesson().demo.as_ref().unwrap().outputs.len(), ran);
    hs.esc();
    let rows = iamtutor::app::home::entries(&hs.app);
    let Screen::Home(h) = hs.app.screen() else {
        panic!("home")
    };
    assert_eq!(rows[h.selected(&rows)], on);
}

#[test]
fn the_theme_picked_is_kept_in_progress() {
    let mut hs = Harness::new(80, 24);
    hs.key(KeyCode::Char('t'));
    assert_eq!(hs.app.progress.theme.as_deref(), Some("light"));
    assert!(hs.app.progress_dirty);
}

// On disk.

#[test]
fn the_store_keeps_each_state_once_and_reads_everything_back() {
    let dir = temp_dir("store");
    let mut store = WorkStore::new(&dir);
    let slot = Slot::Sandbox("default".into());
    let mut shell = Shell::new(Org::new());
    let screen = ScreenRecord {
        lines: vec![(LineKind::Out, "hello".into())],
        ..Default::default()
    };
    let orgs = dir.join("sandbox-default/orgs");
    for n in 0..30 {
        shell.run(&format!("aws iam create-user --user-name u{n}"));
        store.save(&slot, &screen, &shell).unwrap();
    }
    // One file per state the shell names: undo's 30, and the current.
    assert_eq!(fs::read_dir(&orgs).unwrap().count(), 31);
    // Undo then a new command drops the redo state's file.
    shell.run("undo");
    shell.run("aws iam create-user --user-name other");
    store.save(&slot, &screen, &shell).unwrap();
    assert_eq!(fs::read_dir(&orgs).unwrap().count(), 31);
    store
        .save_draft(
            &slot,
            &Draft {
                input: "aws iam li".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let mut fresh = WorkStore::new(&dir);
    let (kept, notice) = fresh.load::<ScreenRecord, Draft>(&slot).unwrap();
    assert!(notice.is_none());
    let kept = kept.unwrap();
    assert_eq!(kept.screen, screen);
    assert_eq!(kept.shell.org, shell.org);
    assert_eq!(kept.shell.undo_depth(), shell.undo_depth());
    assert_eq!(kept.draft.unwrap().input, "aws iam li");
    assert_eq!(fresh.sandboxes().len(), 1);
    assert_eq!(fresh.sandboxes()[0].name, "default");
}

#[test]
fn a_damaged_save_is_set_aside_and_the_screen_starts_fresh() {
    let dir = temp_dir("damaged");
    let mut store = WorkStore::new(&dir);
    let slot = Slot::Lab("users-john".into());
    let shell = Shell::new(Org::new());
    store.save(&slot, &ScreenRecord::default(), &shell).unwrap();
    fs::write(
        dir.join("lab-users-john/state.ron"),
        "(format: 1, screen: (",
    )
    .unwrap();
    let (kept, notice) = store.load::<ScreenRecord, Draft>(&slot).unwrap();
    assert!(kept.is_none());
    let notice = notice.unwrap();
    assert!(notice.contains("could not be read"), "{notice}");
    assert!(dir.join("lab-users-john.damaged-1/state.ron").exists());
    // A file from a newer iamtutor is refused and left alone.
    store.save(&slot, &ScreenRecord::default(), &shell).unwrap();
    let state = dir.join("lab-users-john/state.ron");
    let text = fs::read_to_string(&state)
        .unwrap()
        .replacen("format: 1", "format: 9", 1);
    fs::write(&state, &text).unwrap();
    let err = store.load::<ScreenRecord, Draft>(&slot).unwrap_err();
    assert!(err.to_string().contains("newer iamtutor"), "{err}");
    assert_eq!(fs::read_to_string(&state).unwrap(), text);
}

#[test]
fn leftovers_of_interrupted_saves_are_cleaned_up() {
    let dir = temp_dir("leftovers");
    let store = Store::new(&dir, "default").unwrap();
    store.save(&Progress::default()).unwrap();
    let slot_dir = store.work_dir().join("sandbox-default/orgs");
    fs::create_dir_all(&slot_dir).unwrap();
    // A process that cannot be running (pid 0 is never a process's), and
    // this one (which has saved nothing yet when it cleans up). Temporary
    // files are `.NAME.tmp-PID-RANDOM`; older versions left `.NAME.tmp-PID`.
    let dead = dir.join(".default.progress.ron.tmp-0-9f2c4e1a07b3d5c8");
    let ours = slot_dir.join(format!(
        ".3.ron.tmp-{}-00ff12ab34cd56ef",
        std::process::id()
    ));
    let older = dir.join(".default.progress.ron.tmp-0");
    let other_file = dir.join("notes.tmp-0");
    let not_ours = dir.join(".notes.tmp-0-not-hex");
    for f in [&dead, &ours, &older, &other_file, &not_ours] {
        fs::write(f, "half").unwrap();
    }
    assert_eq!(store.clean_leftovers(), 3);
    assert!(!dead.exists() && !ours.exists() && !older.exists());
    assert!(
        other_file.exists() && not_ours.exists(),
        "only iamtutor's own temporary files go"
    );
    assert!(store.path().exists());
}

/// A keeper whose saves cannot be read (written by a newer iamtutor, say),
/// counting what is kept.
#[derive(Default)]
struct Unreadable {
    saves: std::rc::Rc<std::cell::Cell<usize>>,
}

impl iamtutor::app::keep::Keeper for Unreadable {
    fn save(&mut self, _: &Slot, _: &ScreenRecord, _: &Shell) -> Result<(), String> {
        self.saves.set(self.saves.get() + 1);
        Ok(())
    }
    fn save_draft(&mut self, _: &Slot, _: &Draft) -> Result<(), String> {
        self.saves.set(self.saves.get() + 1);
        Ok(())
    }
    fn load(&mut self, _: &Slot) -> Result<iamtutor::app::keep::Found, String> {
        Err("state.ron was written by a newer iamtutor".into())
    }
    fn sandboxes(&mut self) -> Vec<iamtutor::app::keep::SavedSandbox> {
        Vec::new()
    }
}

#[test]
fn work_that_cannot_be_read_is_never_written_over() {
    let keeper = Unreadable::default();
    let saves = keeper.saves.clone();
    let mut app = new_app();
    app.keeper = Box::new(keeper);
    let mut hs = Harness::with_app(app, 80, 24);
    hs.key(KeyCode::Char('s'));
    assert!(
        hs.app
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("newer iamtutor; this visit starts fresh and is not kept")
    );
    hs.run("aws iam create-user --user-name john");
    hs.esc();
    open_lab(&mut hs, "users-john");
    hs.run("aws iam create-user --user-name john");
    hs.esc();
    assert_eq!(saves.get(), 0);
}

/// A command pasted (one frame, not one a key) and run.
fn paste_and_run(hs: &mut Harness, line: &str) {
    hs.event(ratatui::crossterm::event::Event::Paste(line.to_string()));
    hs.enter();
}

#[test]
fn every_lab_can_be_left_half_done_resumed_and_solved() {
    let course = app_kit::course();
    let mut hs = Harness::new(80, 24);
    for lesson in &course.lessons {
        for lab in &lesson.labs {
            open_lab(&mut hs, &lab.id);
            let half = lab.solution.len() / 2;
            for line in &lab.solution[..half] {
                paste_and_run(&mut hs, line);
            }
            let state = hs.lab().session.shell.org.clone();
            hs.esc();
            assert_eq!(hs.app.key_scope(), KeyScope::Home, "{}: Esc leaves", lab.id);
            open_lab(&mut hs, &lab.id);
            assert_eq!(
                hs.lab().session.shell.org,
                state,
                "{}: as it was left",
                lab.id
            );
            assert_eq!(hs.lab().session.commands, half, "{}", lab.id);
            for line in &lab.solution[half..] {
                paste_and_run(&mut hs, line);
            }
            assert!(
                hs.lab().session.solved(),
                "{}: solved after resuming",
                lab.id
            );
            hs.esc();
            assert!(
                hs.app.progress.labs[&lab.id].solved,
                "{}: solved in progress",
                lab.id
            );
        }
    }
}
