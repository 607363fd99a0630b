//! End-to-end journeys of the real binary in a pseudo-terminal. Output is
//! read on a thread into a `vt100` screen parser; each step polls the parsed
//! screen for what must appear, with a deadline. Every journey ends with q
//! and checks the terminal was given back.

use crate::app_kit;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use app_kit::{Harness, right_positions, wrong_positions};
use iamtutor::content::schema::{Card, Difficulty, QuestionKind};
use iamtutor::learn::interview::Level;
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
    t.send("jjjjjjjjjj");
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
    t.expect(&["Lab · John's first day", "0 of 9 met"]);
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
        r#"aws iam put-user-policy --user-name john --policy-name JohnDailyWork --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:StartInstances", "ec2:StopInstances"], "Resource": "*"}, {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::startup-reports"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::startup-reports/*"}]}'"#,
    ];
    for c in commands {
        assert!(
            lab.hints.iter().any(|h| h.contains(c)),
            "a hint spells out {c}"
        );
    }
    t.run(commands[0]);
    t.expect(&["✓ goal met: John cannot terminate any server"]);
    t.run(commands[1]);
    t.expect(&["✓ goal met: John can sign in to the console"]);
    t.run(commands[2]);
    t.expect(&["✓ goal met: John has an access key"]);
    t.run(commands[3]);
    t.expect(&["★ Lab solved", "★ solved", "9 of 9 met"]);
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
    t.expect(&[
        "iamtutor · learn AWS IAM by doing",
        &app_kit::lessons_done(0),
    ]);
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
fn read_two_scenes_quit_and_continue_where_i_was() {
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
    // Home offers to continue on the scene the learner was on, first row.
    t.expect(&[
        "▶ Continue: lesson 1, Why IAM has several kinds of identity",
        "scene 2",
        "2/8",
    ]);
    t.send("\r");
    t.expect(&["One list per person does not scale", "scene 2/8"]);
    t.send("l");
    t.expect(&["Three kinds of identity", "scene 3/8"]);
    t.send(ESC);
    t.expect(&["▶ Continue: lesson 1", "scene 3"]);
    t.quit_from_home();
}

#[test]
fn an_interview_of_two_questions_and_its_report() {
    // The binary and this harness draw the same questions from seed 7.
    let mut hs = Harness::new(80, 24);
    hs.app.open_interview(6, Some(Level::Ladder));
    let view = hs.interview();
    let (cards, parts) = (view.cards.clone(), view.parts.clone());
    assert_eq!(cards.len(), 2);
    // The clock shows a few seconds gone of the card's own time.
    let running = |c: &Card| match c.difficulty {
        Some(Difficulty::Easy) => "⏱ 1:5",
        Some(Difficulty::Hard) => "⏱ 3:5",
        _ => "⏱ 2:5",
    };

    let data = data_dir();
    let mut t = Tty::start_in(&data, &["interview", "--minutes", "6"]);
    t.expect(&[
        "Interview practice · Easy",
        "question 1/2 · ⏱",
        &cards[0].question,
        "notes ›",
    ]);
    // The clock runs on the real clock, and on under help.
    t.expect(&[&format!("question 1/2 · {}", running(&cards[0]))]);
    t.send(F1);
    t.expect(&["Help: Interview", "show the model answer"]);
    let header = |s: &vt100::Screen| s.rows(0, 80).next().unwrap_or_default();
    let when_opened = header(t.parser.lock().unwrap().screen());
    t.wait("the clock to move with help still open", |s| {
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
        &format!("Interview practice · {}", cards[0].topic),
        "your notes: one person, long-term keys",
        "Model answer",
        &cards[0].key_points[0],
        "Verdict: ✗ miss",
    ]);
    t.wait("the clock gone", |s| !s.contents().contains("⏱"));
    // Nothing ticked on the first card: a miss, follow-ups and all.
    for _ in 0..parts[0].len() {
        t.send("n");
    }
    t.expect(&["question 2/2 · ⏱", &cards[1].question]);
    // Every point of the second card (and of its follow-ups) ticked.
    for p in &parts[1] {
        t.send("\r");
        t.expect(&["Model answer", &p.key_points[0]]);
        for n in 1..=p.key_points.len() {
            t.send(&n.to_string());
        }
        t.expect(&["Verdict: ✓ pass"]);
        t.send("n");
    }
    let q0: String = cards[0].question.chars().take(30).collect();
    let q1: String = cards[1].question.chars().take(30).collect();
    t.expect(&[
        "Interview practice · report",
        "✓ 1 pass · ~ 0 borderline · ✗ 1 miss",
        "✗ miss",
        &format!("[{}] {q0}", cards[0].topic),
        &format!("[{}] {q1}", cards[1].topic),
        "▸ revisit:",
        &format!("Weak topics: {}", cards[0].topic),
        "now in your review deck",
    ]);
    // q goes home, where the missed card waits in review.
    t.send("q");
    t.expect(&[&format!("{} · 1 due for review", app_kit::labs_solved(0))]);
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
        &app_kit::lessons_done(0),
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

// Nothing a learner does is lost.

const CTRL_C: &str = "\x03";

impl Tty {
    /// Waits for `iamtutor` to keep what is typed (it does when the
    /// learner pauses): the slot's draft file holds `text`.
    fn wait_for_draft(&self, data: &Path, slot: &str, text: &str) {
        let file = data.join("default.work").join(slot).join("draft.ron");
        let start = Instant::now();
        while !std::fs::read_to_string(&file).is_ok_and(|t| t.contains(text)) {
            if start.elapsed() > DEADLINE {
                panic!("no draft holding {text:?} in {}", file.display());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn signal(&self, signal: i32) {
        let pid = self.child.process_id().expect("a running child") as i32;
        // SAFETY: kill only sends a signal to the child this test started.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// The terminal's line discipline: canonical mode and echo, as a shell
    /// needs them (raw mode turns both off).
    fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("the pty's fd");
        // SAFETY: tcgetattr fills the zeroed struct it is given.
        let t = unsafe {
            let mut t: libc::termios = std::mem::zeroed();
            assert_eq!(libc::tcgetattr(fd, &mut t), 0, "the pty's settings");
            t
        };
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// Waits for the program to be ended by `signal` (or by the exit
    /// status a shell gives it) and checks the terminal was given back.
    fn ended_by_signal_and_restored(mut self, signal: i32, screen: &str) {
        let status = self.exit_status();
        assert!(!status.success(), "{screen}: ended by signal {signal}");
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "{screen}: back on the main screen");
        assert!(!s.hide_cursor(), "{screen}: the cursor is shown");
        assert_eq!(
            s.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{screen}: mouse reporting off"
        );
        assert!(!s.bracketed_paste(), "{screen}: bracketed paste off");
        drop(p);
        assert!(self.cooked(), "{screen}: the terminal is in cooked mode");
    }
}

#[test]
fn sandbox_work_survives_leaving_quitting_and_restarting() {
    let data = data_dir();
    let mut t = Tty::start_in(&data, &[]);
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    t.send("s");
    t.expect(&["Sandbox", "⚑ acting as admin"]);
    t.run("aws iam create-user --user-name john");
    t.run("aws iam create-group --group-name Developers");
    t.run("write note.txt <<END");
    t.run("keep me");
    t.run("END");
    t.run("as john");
    t.expect(&["⚑ acting as john", "Developers (0 members)"]);
    // Esc, and straight back: everything is there. Home lists the
    // sandbox at the bottom of its map.
    t.send(ESC);
    t.expect(&[&app_kit::lessons_done(0)]);
    t.send("G");
    t.expect(&["▷  Sandbox `default`, changed today"]);
    t.send("s");
    t.expect(&["⚑ acting as john", "Developers (0 members)", "Welcome back"]);
    t.send(ESC);
    t.quit_from_home();

    // A new run: the organization, the files, who acts, the history and
    // the undo stack, as they were.
    let mut t = Tty::start_in(&data, &[]);
    t.expect(&[&app_kit::lessons_done(0)]);
    t.send("G");
    t.expect(&["▷  Sandbox `default`, changed today"]);
    t.send("s");
    t.expect(&["⚑ acting as john", "john", "Developers (0 members)"]);
    t.run("cat note.txt");
    t.expect(&["keep me"]);
    t.run("as admin");
    t.run("undo");
    t.expect(&["Undone: `aws iam create-group --group-name"]);
    t.wait("the group to go", |s| {
        !s.contents().contains("Developers (0")
    });
    // Up recalls the commands of the first run too.
    t.send("\x1b[A\x1b[A\x1b[A");
    t.expect(&["$ cat note.txt"]);
    t.send(CTRL_C);
    t.send(ESC);
    t.quit_from_home();
}

#[test]
fn a_half_done_lab_survives_kill_9() {
    let data = data_dir();
    let mut t = Tty::start_in(&data, &[]);
    t.expect(&["⚗ lab: John's first day"]);
    t.send("jj\r");
    t.expect(&["Lab · John's first day", "0 of 9 met"]);
    t.run("aws iam create-user --user-name john");
    t.expect(&["✓ goal met: John cannot terminate any server"]);
    t.send(F4);
    t.expect(&["Hints 1/4 (F4)"]);
    // Half a command typed, then the process is killed without warning.
    t.send("aws iam create-login-pro");
    t.wait_for_draft(&data, "lab-users-john", "create-login-pro");
    let mut t = {
        let mut dead = t;
        dead.child.kill().unwrap();
        let _ = dead.exit_status();
        Tty::start_in(&data, &[])
    };
    t.expect(&["⚗ lab: John's first day", "◐ started"]);
    // Continue leads back into the unsolved lab.
    t.expect(&["▶ Continue the lab: John's first day"]);
    t.send("c");
    t.expect(&[
        "Welcome back: the lab is as you left it",
        "Hints 1/4 (F4)",
        "$ aws iam create-login-pro",
    ]);
    // The goals are where they were: john exists, the first goal is met.
    t.expect(&["✓ John cannot launch servers"]);
    t.send(CTRL_C);
    // undo stops at the lab's start: john's creation, then nothing.
    t.run("undo");
    t.expect(&["Undone: `aws iam create-user --user-name john`"]);
    t.run("undo");
    t.expect(&["undo: nothing to undo"]);
    t.send(ESC);
    t.quit_from_home();
}

#[test]
fn ctrl_c_clears_the_line_and_a_second_one_on_an_empty_line_quits() {
    let mut t = Tty::start();
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    t.send("s");
    t.expect(&["Sandbox"]);
    t.send("aws iam create-us");
    t.expect(&["$ aws iam create-us"]);
    t.send(CTRL_C);
    t.expect(&["$ aws iam create-us^C"]);
    // Still running: a command runs.
    t.run("whoami");
    t.expect(&["Acting as admin (root user of account"]);
    t.send(CTRL_C);
    t.expect(&["Ctrl-C again quits"]);
    t.send(CTRL_C);
    let status = t.exit_status();
    assert!(status.success(), "exit status {status:?}");
    let p = t.parser.lock().unwrap();
    assert!(!p.screen().alternate_screen());
}

#[test]
fn keys_behind_the_too_small_notice_change_nothing() {
    let mut t = Tty::start();
    t.expect(&["iamtutor · learn AWS IAM by doing"]);
    t.send("s");
    t.expect(&["Sandbox", "Organization"]);
    t.resize(10, 40);
    t.expect(&["iamtutor needs a terminal of at least 60×16"]);
    // Esc would leave, q and Enter would type and run: none may happen.
    t.send(ESC);
    t.send("q");
    t.send("aws iam create-user --user-name ghost\r");
    t.send(ESC);
    // Give the keys time to arrive (and be ignored) before resizing back.
    std::thread::sleep(Duration::from_millis(300));
    t.resize(24, 80);
    t.expect(&["Sandbox", "Organization"]);
    let screen = t.screen();
    assert!(!screen.contains("ghost"), "{screen}");
    assert!(!screen.contains("$ q"), "{screen}");
    // Ctrl-C behind the notice quits at once.
    t.resize(10, 40);
    t.expect(&["iamtutor needs a terminal of at least 60×16"]);
    t.send(CTRL_C);
    let status = t.exit_status();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn signals_give_the_terminal_back_on_every_screen() {
    // (keys that reach the screen, what shows there)
    let screens: [(&str, &str, &str); 8] = [
        ("home", "", "iamtutor · learn AWS IAM by doing"),
        ("lesson", "\r", "scene 1/8"),
        ("lab", "jj\r", "0 of 9 met"),
        ("sandbox", "s", "⚑ acting as admin"),
        ("access grid", "s\x1b[17~", "Who can do what"),
        ("interview", "i", "Interview"),
        ("dashboard", "d", "Dashboard"),
        ("help", "?", "Help: Home"),
    ];
    for (name, keys, shows) in screens {
        let mut t = Tty::start();
        t.expect(&["iamtutor · learn AWS IAM by doing"]);
        t.send(keys);
        t.expect(&[shows]);
        t.wait("the mouse captured", |s| {
            s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
        });
        assert!(!t.cooked(), "{name}: raw mode while it runs");
        t.signal(libc::SIGTERM);
        t.ended_by_signal_and_restored(libc::SIGTERM, name);
    }
    for signal in [libc::SIGHUP, libc::SIGINT, libc::SIGQUIT, libc::SIGABRT] {
        let mut t = Tty::start();
        t.expect(&["iamtutor · learn AWS IAM by doing"]);
        t.send("s");
        t.expect(&["⚑ acting as admin"]);
        t.wait("the mouse captured", |s| {
            s.mouse_protocol_mode() != vt100::MouseProtocolMode::None
        });
        t.signal(signal);
        t.ended_by_signal_and_restored(signal, &format!("sandbox, signal {signal}"));
    }
}

#[test]
fn continue_after_lesson_one_s_checkpoint_opens_lesson_two() {
    use iamtutor::learn::progress::Progress;
    use iamtutor::store::Store;
    let course = app_kit::course();
    let one = &course.lessons[0];
    // Every scene of lesson 1 read, its checkpoint answered, and the
    // learner last on its checkpoint page.
    let mut progress = Progress::default();
    for s in 0..one.scenes.len() {
        progress.see_scene(&one.id, s);
    }
    progress.checkpoint(&one.id, 9, one.checkpoint.len());
    progress.at(&one.id, one.scenes.len(), 0);
    let data = data_dir();
    Store::new(&data, "default")
        .unwrap()
        .save(&progress)
        .unwrap();
    let mut t = Tty::start_in(&data, &[]);
    let two = &course.lessons[1];
    t.expect(&[&format!("▶ Continue: lesson 2, {}", two.title), "scene 1"]);
    t.send("c");
    t.expect(&[&two.title, &format!("scene 1/{}", two.scenes.len())]);
    t.send(ESC);
    t.quit_from_home();
}
