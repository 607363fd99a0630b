//! Golden transcripts: scripts of sandbox commands with their exact expected
//! output, in `tests/transcripts/*.txt`.
//!
//! Format: a line `$ command` runs a command in the transcript's sandbox
//! (lines starting with `> ` continue it, for here-documents); the lines up
//! to the next `$ ` are what it must print, standard output as is and
//! standard error prefixed with `! `, and, for a command that fails, a last
//! line `? exit N` with the status a process would end with. Lines starting with `##` are comments
//! (no command prints such a line, so they cannot be mistaken for output);
//! they belong to the command that follows them and stay in place when the
//! transcript is blessed. A transcript may start from an organization file
//! with a first line `@org assets/orgs/NAME.ron`.
//!
//! To write a new transcript's expected output, run the tests with
//! `IAMTUTOR_BLESS=1`, then read every line of the diff before committing.

use std::fs;
use std::path::Path;

use iamtutor::iam::model::Org;
use iamtutor::shell::{Outcome, Shell};

struct Step {
    /// The `##` comment lines just before the command.
    comments: Vec<String>,
    line: usize,
    command: String,
    expected: String,
}

/// A parsed transcript: the organization it starts from, its steps, and
/// the comments after the last step.
struct Transcript {
    org: Option<String>,
    steps: Vec<Step>,
    trailing: Vec<String>,
}

fn parse(text: &str) -> Transcript {
    let mut org = None;
    let mut steps: Vec<Step> = Vec::new();
    let mut comments = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(path) = line.strip_prefix("@org ") {
            org = Some(path.trim().to_string());
        } else if line.starts_with("##") {
            comments.push(line.to_string());
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            steps.push(Step {
                comments: std::mem::take(&mut comments),
                line: n + 1,
                command: cmd.to_string(),
                expected: String::new(),
            });
        } else if let Some(more) =
            line.strip_prefix("> ")
                .or(if line == ">" { Some("") } else { None })
        {
            if let Some(s) = steps.last_mut().filter(|s| s.expected.is_empty()) {
                s.command.push('\n');
                s.command.push_str(more);
            }
        } else if let Some(s) = steps.last_mut() {
            s.expected.push_str(line);
            s.expected.push('\n');
        }
    }
    Transcript {
        org,
        steps,
        trailing: comments,
    }
}

fn render(o: &Outcome) -> String {
    let (stdout, stderr) = (&o.stdout, &o.stderr);
    let mut s = String::new();
    for l in stdout.lines() {
        s.push_str(l);
        s.push('\n');
    }
    for l in stderr.lines() {
        s.push_str("! ");
        s.push_str(l);
        s.push('\n');
    }
    if !o.ok || o.code != 0 {
        s.push_str(&format!("? exit {}\n", o.code));
    }
    s
}

/// Turns the expected and actual outputs back into a transcript.
fn write_back(t: &Transcript, actual: &[String]) -> String {
    let mut out = String::new();
    if let Some(o) = &t.org {
        out.push_str(&format!("@org {o}\n"));
    }
    for (s, a) in t.steps.iter().zip(actual) {
        for c in &s.comments {
            out.push_str(c);
            out.push('\n');
        }
        let mut lines = s.command.lines();
        out.push_str(&format!("$ {}\n", lines.next().unwrap_or("")));
        for l in lines {
            out.push_str(&format!("> {l}\n"));
        }
        out.push_str(a);
    }
    for c in &t.trailing {
        out.push_str(c);
        out.push('\n');
    }
    out
}

#[test]
fn every_transcript_prints_exactly_what_it_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/transcripts");
    let bless = std::env::var_os("IAMTUTOR_BLESS").is_some();
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let transcript = parse(&text);
        let org = match &transcript.org {
            Some(p) => {
                iamtutor::iam::org_file::from_ron(&fs::read_to_string(root.join(p)).unwrap())
                    .unwrap()
            }
            None => Org::new(),
        };
        let mut shell = Shell::new(org);
        let mut actual = Vec::new();
        for step in &transcript.steps {
            let o = shell.run(&step.command);
            let got = render(&o);
            if let Some(l) = got.lines().find(|l| l.starts_with("##")) {
                failures.push(format!(
                    "{}:{}: `{}` printed `{l}`, which reads as a comment",
                    file.display(),
                    step.line,
                    step.command
                ));
            }
            if got != step.expected && !bless {
                failures.push(format!(
                    "{}:{}: `{}`\n--- expected\n{}--- got\n{}",
                    file.display(),
                    step.line,
                    step.command,
                    step.expected,
                    got
                ));
            }
            actual.push(got);
        }
        if bless {
            fs::write(&file, write_back(&transcript, &actual)).unwrap();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
