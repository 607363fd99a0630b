//! End-to-end journeys of the real binary in a pseudo-terminal. Output is
//! read on a thread into a `vt100` screen parser; each step polls the parsed
//! screen for what must appear, with a deadline. Every journey ends with q
//! and checks the terminal was given back.

mod app_kit;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use app_kit::{Harness, right_positions, wrong_positions};
use iamtutor::content::schema::QuestionKind;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Long enough for a loaded machine; a journey normally takes well under a
/// second.
const DEADLINE: Duration = Duration::from_secs(15);

const F1: &str = "\x1bOP";
const F2: &str = "\x1bOQ";
const F4: &str = "\x1bOS";
const ESC: &str = "\x1b";
const RIGHT: &str = "\x1b[C";

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Numbers the journeys' data folders.
static JOURNEYS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A data folder of a journey's own, empty, never the real learner's.
fn data_dir() -> PathBuf {
    let data = std::env::temp_dir().join(format!(
        "iamtutor-journey-{}-{}",
        std::process::id(),
        JOURNEYS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&data);
    data
}

/// `iamtutor --data-dir DATA ARGS...` without a terminal: its status,
/// standard output and standard error.
fn iamtutor(data: &Path, args: &[&str]) -> (std::process::ExitStatus, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("iamtutor runs");
    (
        out.status,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

struct Tty {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    reader: Option<JoinHandle<()>>,
}

impl Tty {
    /// `iamtutor --seed 7` in an 80x24 pseudo-terminal, in colour, with a
    /// data folder of its own.
    fn start() -> Tty {
        Tty::start_in(&data_dir(), &[])
    }

    /// `iamtutor --seed 7 --data-dir DATA ARGS...` in an 80x24
    /// pseudo-terminal, in colour.
    fn start_in(data: &Path, args: &[&str]) -> Tty {
        let pty = native_pty_system();
        let size = PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = pty.openpty(size).expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_iamtutor"));
        // Each journey keeps its progress in a folder of its own, never in
        // the real learner's data folder.
        cmd.args(["--seed", "7", "--data-dir"]);
        cmd.arg(data);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.cwd(std::env::temp_dir());
        let child = pair.slave.spawn_command(cmd).expect("iamtutor starts");
        // Only the child holds the terminal's end now: reading ends when it
        // exits.
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let mut read = pair.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = read.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Tty {
            parser,
            writer,
            child,
            master: pair.master,
            reader: Some(reader),
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Polls the parsed screen until `ok` holds; panics with the screen
    /// after the deadline.
    fn wait(&self, what: &str, ok: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            {
                let p = self.parser.lock().unwrap();
                if ok(p.screen()) {
                    return;
                }
            }
            if start.elapsed() > DEADLINE {
                panic!(
                    "timed out waiting for {what}; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for every phrase to be on screen (wrapped or not).
    fn expect(&self, phrases: &[&str]) {
        let want: Vec<String> = phrases.iter().map(|p| flat(p)).collect();
        self.wait(&format!("{phrases:?}"), |s| {
            let on = flat(&s.contents());
            want.iter().all(|w| on.contains(w.as_str()))
        });
    }

    /// Types a line and Enter.
    fn run(&mut self, line: &str) {
        self.send(line);
        self.send("\r");
    }

    fn resize(&mut self, rows: u16, cols: u16) {
        self.parser.lock().unwrap().set_size(nz(rows), nz(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Waits for the program to end by itself; its exit status.
    fn exit_status(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Everything the program wrote has been read.
                self.reader.take().unwrap().join().unwrap();
                return status;
            }
            if start.elapsed() > DEADLINE {
                panic!("iamtutor did not end:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// q from home; the program ends with 0 and the terminal is back to
    /// normal: off the alternate screen, cursor shown, mouse and paste
    /// modes off.
    fn quit_from_home(mut self) {
        self.expect(&["iamtutor · learn AWS IAM by doing"]);
        {
            let p = self.parser.lock().unwrap();
            assert!(
                p.screen().alternate_screen(),
                "the app draws on the alternate screen"
            );
        }
        self.send("q");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > DEADLINE {
                panic!("iamtutor did not quit on q:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(status.success(), "exit status {status:?}");
        // Everything the program wrote has been read.
        self.reader.take().unwrap().join().unwrap();
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "left the alternate screen");
        assert!(!s.hide_cursor(), "the cursor is visible again");
        assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
        assert!(!s.bracketed_paste());
    }
}

impl Drop for Tty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

#[test]
fn open_and_read_lesson_one() {
    let mut t = Tty::start();
    t.expect(&["iamtutor · learn AWS IAM by doing", "? help"]);
    t.send("\r");
    t.expect(&["A company on AWS", "scene 1/8", "who is asking?"]);
    t.send("l");
    t.expect(&["One list per person does not scale", "scene 2/8"]);
    t.send(" ");
    t.expect(&["Three kinds of identity", "|  Developers  |"]);
    t.send(RIGHT);
    t.expect(&["Users, groups and roles at a glance", "scene 4/8"]);
    t.send("h");
    t.expect(&["Three kinds of identity", "scene 3/8"]);
    // Help for the lesson, from the same table as the keys.
    t.send("?");
    t.expect(&["Help: Lesson", "jump to another scene or lesson"]);
    t.send(ESC);
    t.wait("help to close", |s| !s.contents().contains("Help: Lesson"));
    t.send(ESC);
    t.expect(&["▶ Continue: lesson 1", "4/8"]);
    t.quit_from_home();
}

#[test]
fn answer_checkpoint_questions_right_and_wrong() {
    // The binary and this harness start their first quiz from the same
    // seed, so the harness knows the questions' order and options.
    let mut hs = Harness::new(80, 24);
    hs.start_checkpoint(0);
    let first = hs.quiz().item().clone();
    let QuestionKind::ChooseOne { options } = &first.question.kind else {
        panic!("lesson 1's first question with seed 7 is a choose-one")
    };
    let wrong = wrong_positions(&first)[0];
    let why_not = options[first.order[wrong]].why_not.clone().unwrap();
    hs.answer(true);
    hs.next();
    let second = hs.quiz().item().clone();
    let right = right_positions(&second)[0];

    let mut t = Tty::start();
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    t.send("\r");
    t.expect(&["A company on AWS"]);
    // The jump list, down to the checkpoint, and Enter twice: the
    // checkpoint's page, then its first question.
    t.send("g");
    t.expect(&["Jump to", "? Checkpoint"]);
    t.send(&"j".repeat(8));
    t.send("\r");
    t.expect(&["▶ Enter starts the checkpoint"]);
    t.send("\r");
    t.expect(&["question 1/12", &first.question.prompt]);
    // A number highlights; Enter answers.
    t.send(&(wrong + 1).to_string());
    t.expect(&[&format!("▸{}. ", wrong + 1)]);
    t.send("\r");
    t.expect(&["✗ Not quite.", &format!("Why not: {why_not}")]);
    let explanation: String = first.question.explanation.chars().take(60).collect();
    t.expect(&[&explanation, "→ next question"]);
    // A second Enter, as quick as the terminal sends it, does not go on:
    // → does.
    t.send("\r\r");
    t.expect(&["Enter only answers: → (or Space, n) for the next question"]);
    t.send(RIGHT);
    let prompt: String = second.question.prompt.chars().take(40).collect();
    t.expect(&["question 2/12 · ✓0 ✗1", &prompt]);
    t.send(&(right + 1).to_string());
    t.send("\r");
    t.expect(&["✓ Right.", "question 2/12 · ✓1 ✗1"]);
    // The decide question's trail, scrolled into view.
    t.send("jjjj");
    t.expect(&["How the engine decided"]);
    t.send(ESC);
    t.expect(&["▶ Enter starts the checkpoint"]);
    t.send(ESC);
    t.quit_from_home();
}

#[test]
fn sandbox_user_and_group_then_why_for_a_denied_call() {
    let mut t = Tty::start();
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    t.send("s");
    t.expect(&["Sandbox", "⚑ acting as admin", "Organization"]);
    t.run("aws iam create-user --user-name john");
    t.run("aws iam create-group --group-name Developers");
    t.run("aws iam add-user-to-group --user-name john --group-name Developers");
    // The tree on the right follows every command.
    t.expect(&["john ∈ Developers", "Developers (1 member)"]);
    t.run("as john");
    t.expect(&["⚑ acting as john"]);
    t.run("aws iam list-users");
    t.expect(&["$ aws iam list-users", "AccessDenied"]);
    t.send(F2);
    // Phrases within one row: the two panes share the screen's rows.
    t.expect(&[
        "Why? (F2 hides)",
        "✗ denied (implicit deny)",
        "action: iam:ListUsers",
    ]);
    // Esc on an empty line leaves the sandbox.
    t.send(ESC);
    t.quit_from_home();
}

#[test]
fn finish_a_lab_from_its_hints() {
    let course = app_kit::course();
    let (_, lab) = course.lab("users-john").unwrap();
    let mut t = Tty::start();
    t.expect(&["⚗ lab: John's first day"]);
    // Home's third row.
    t.send("jj\r");
    t.expect(&["Lab · John's first day", "0 of 10 met"]);
    // The whole hint ladder, one F4 at a time.
    for n in 1..=lab.hints.len() {
        t.send(F4);
        t.expect(&[&format!("Hints {n}/4 (F4)")]);
    }
    // The commands the hints spell out, typed as a learner would.
    let commands = [
        "aws iam create-user --user-name john",
        "aws iam create-login-profile --user-name john --password 'S3cure!Passw0rd' --password-reset-required",
        "aws iam create-access-key --user-name john",
        r#"aws iam put-user-policy --user-name john --policy-name JohnDailyWork --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances", "s3:ListBucket", "s3:GetObject"], "Resource": "*"}]}'"#,
    ];
    for c in commands {
        assert!(
            lab.hints.iter().any(|h| h.contains(c)),
            "a hint spells out {c}"
        );
    }
    t.run(commands[0]);
    t.expect(&["✓ goal met: John cannot create IAM users"]);
    t.run(commands[1]);
    t.expect(&["✓ goal met: John can sign in to the console"]);
    t.run(commands[2]);
    t.expect(&["✓ goal met: John has an access key"]);
    t.run(commands[3]);
    t.expect(&["★ Lab solved", "★ solved", "10 of 10 met"]);
    // Back home, the lab is solved (within par: four commands).
    t.send(ESC);
    t.expect(&["⚗ lab: John's first day", "★ par"]);
    t.quit_from_home();
}

#[test]
fn resize_to_tiny_and_back() {
    let mut t = Tty::start();
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    t.resize(8, 30);
    t.expect(&["iamtutor needs a terminal of at least 60×16; this one is 30×8"]);
    t.resize(24, 80);
    t.expect(&["iamtutor · learn AWS IAM by doing", "0/12 lessons done"]);
    // Keys work as before. (A key is sent only once the resize has been
    // drawn: crossterm can hold back a key that arrives together with a
    // resize until the next input.)
    t.send(F1);
    t.expect(&["Help: Home", "continue where you left off"]);
    t.send(ESC);
    t.wait("help to close", |s| !s.contents().contains("Help: Home"));
    // Larger, the whole course map fits.
    t.resize(60, 200);
    t.expect(&["iamtutor · learn AWS IAM by doing", "12 Roles in depth"]);
    t.resize(24, 80);
    t.wait("home at 80x24", |s| {
        let rows: Vec<String> = s.rows(0, 80).collect();
        rows[0].starts_with("iamtutor · learn AWS IAM by doing")
            && rows[23].contains("? help")
            && !s.contents().contains("Roles in depth")
    });
    t.quit_from_home();
}

#[test]
fn quit_restores_the_terminal() {
    let t = Tty::start();
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    // The cursor is hidden just after a frame is written: wait for it.
    t.wait("the cursor hidden on home", |s| s.hide_cursor());
    {
        let p = t.parser.lock().unwrap();
        assert!(p.screen().alternate_screen());
        assert_ne!(
            p.screen().mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "the mouse is captured while it runs"
        );
    }
    t.quit_from_home();
}

#[test]
fn read_two_scenes_quit_and_continue_from_the_third() {
    let data = data_dir();
    let mut t = Tty::start_in(&data, &[]);
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    t.send("\r");
    t.expect(&["A company on AWS", "scene 1/8"]);
    t.send("l");
    t.expect(&["One list per person does not scale", "scene 2/8"]);
    t.send(ESC);
    t.quit_from_home();
    // Saved as it went: the file is there after quitting.
    assert!(data.join("default.progress.ron").exists());

    let mut t = Tty::start_in(&data, &[]);
    // Home offers to continue at the third scene, on its first row.
    t.expect(&[
        "▶ Continue: lesson 1, Why IAM has several kinds of identity",
        "scene 3",
        "2/8",
    ]);
    t.send("\r");
    t.expect(&["Three kinds of identity", "scene 3/8"]);
    t.send(ESC);
    t.expect(&["▶ Continue: lesson 1", "scene 4"]);
    t.quit_from_home();
}

#[test]
fn an_interview_of_two_questions_and_its_report() {
    // The binary and this harness draw the same questions from seed 7.
    let mut hs = Harness::new(80, 24);
    hs.app.open_interview(6);
    let cards = hs.interview().cards.clone();
    assert_eq!(cards.len(), 2);

    let data = data_dir();
    let mut t = Tty::start_in(&data, &["interview", "--minutes", "6"]);
    t.expect(&[
        &format!("Interview practice · {}", cards[0].topic),
        "question 1/2 · ⏱",
        &cards[0].question,
        "notes ›",
    ]);
    // The countdown runs on the real clock, and on under help.
    t.expect(&["question 1/2 · ⏱ 2:5"]);
    t.send(F1);
    t.expect(&["Help: Interview", "reveal the model answer"]);
    let header = |s: &vt100::Screen| s.rows(0, 80).next().unwrap_or_default();
    let when_opened = header(t.parser.lock().unwrap().screen());
    t.wait("the countdown to move with help still open", |s| {
        s.contents().contains("Help: Interview") && header(s) != when_opened
    });
    t.send(ESC);
    t.wait("help to close", |s| {
        !s.contents().contains("Help: Interview")
    });
    t.send("one person, long-term keys");
    t.expect(&["notes › one person, long-term keys▏"]);
    t.send("\r");
    t.expect(&[
        "your notes: one person, long-term keys",
        "Key points",
        &cards[0].key_points[0],
        "How well did you answer?",
    ]);
    t.wait("the countdown gone", |s| !s.contents().contains("⏱"));
    t.send("1");
    t.expect(&["question 2/2 · ⏱", &cards[1].question]);
    t.send("\r");
    t.expect(&["Key points", &cards[1].key_points[0]]);
    t.send("4");
    let q0: String = cards[0].question.chars().take(30).collect();
    let q1: String = cards[1].question.chars().take(30).collect();
    t.expect(&[
        "Interview practice · report",
        "1 of 2 answered well.",
        &format!("✗ Again [{}] {q0}", cards[0].topic),
        &format!("✓ Easy [{}] {q1}", cards[1].topic),
        &format!("Weak topics: {}", cards[0].topic),
        "now in your review deck",
    ]);
    // Enter goes home, where the weak card waits in review.
    t.send("\r");
    t.expect(&["0/15 labs solved · 1 due for review"]);
    t.quit_from_home();

    let (status, out, err) = iamtutor(&data, &["progress", "show"]);
    assert!(status.success(), "{err}");
    for phrase in [
        "review: 1 card due of 1",
        "interviews practised: 1",
        &format!(
            "last interview: 1 of 2 answered well; weak: {}",
            cards[0].topic
        ),
    ] {
        assert!(out.contains(phrase), "{phrase:?} not in:\n{out}");
    }
}

#[test]
fn a_damaged_progress_file_is_kept_aside_and_a_newer_one_refused() {
    let data = data_dir();
    std::fs::create_dir_all(&data).unwrap();
    let file = data.join("default.progress.ron");
    let backup = data.join("default.progress.ron.damaged-1");
    std::fs::write(&file, "this is {{ not a progress file").unwrap();
    let mut t = Tty::start_in(&data, &[]);
    // The whole notice, path and all, on the first screen.
    t.expect(&[
        "iamtutor · learn AWS IAM by doing",
        &format!(
            "» your progress file was damaged; it is kept as {} and you start fresh",
            backup.display()
        ),
        "0/12 lessons done",
    ]);
    assert_eq!(
        std::fs::read_to_string(&backup).unwrap(),
        "this is {{ not a progress file"
    );
    // The next key clears it.
    t.send("j");
    t.wait("the notice to clear", |s| !s.contents().contains("damaged"));
    t.quit_from_home();

    // A file from a newer iamtutor: refused, left as it is.
    let newer = "(format: 99, learner: \"default\", progress: (lessons: {}, badges: []))\n";
    std::fs::write(&file, newer).unwrap();
    let mut t = Tty::start_in(&data, &[]);
    let status = t.exit_status();
    assert!(!status.success(), "exit status {status:?}");
    let screen = flat(&t.screen());
    assert!(
        screen.contains(
            "was written by a newer iamtutor (progress format 99; this one reads up to 1)"
        ),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), newer);
    assert!(!data.join("default.progress.ron.damaged-2").exists());
    // So does every other command that reads it.
    let (status, _, err) = iamtutor(&data, &["progress", "show"]);
    assert!(!status.success());
    assert!(err.contains("newer iamtutor"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), newer);
}
