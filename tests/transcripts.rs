//! Golden transcripts: scripts of sandbox commands with their exact expected
//! output, in `tests/transcripts/*.txt`.
//!
//! Format: a line `$ command` runs a command in the transcript's sandbox
//! (lines starting with `> ` continue it, for here-documents); the lines up
//! to the next `$ ` are what it must print, standard output as is and
//! standard error prefixed with `! `. Lines starting with `#` before a
//! command are comments. A transcript may start from an organization file
//! with a first line `@org assets/orgs/NAME.ron`.
//!
//! To write a new transcript's expected output, run the tests with
//! `IAMTUTOR_BLESS=1`, then read every line of the diff before committing.

use std::fs;
use std::path::Path;

use iamtutor::iam::model::Org;
use iamtutor::shell::Shell;

struct Step {
    line: usize,
    command: String,
    expected: String,
}

fn parse(text: &str) -> (Option<String>, Vec<Step>) {
    let mut org = None;
    let mut steps: Vec<Step> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(path) = line.strip_prefix("@org ") {
            org = Some(path.trim().to_string());
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            steps.push(Step {
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
    (org, steps)
}

fn render(stdout: &str, stderr: &str) -> String {
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
    s
}

/// Turns the expected and actual outputs back into a transcript.
fn write_back(org: &Option<String>, steps: &[Step], actual: &[String]) -> String {
    let mut out = String::new();
    if let Some(o) = org {
        out.push_str(&format!("@org {o}\n"));
    }
    for (s, a) in steps.iter().zip(actual) {
        let mut lines = s.command.lines();
        out.push_str(&format!("$ {}\n", lines.next().unwrap_or("")));
        for l in lines {
            out.push_str(&format!("> {l}\n"));
        }
        out.push_str(a);
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
        let (org_path, steps) = parse(&text);
        let org = match &org_path {
            Some(p) => {
                iamtutor::iam::org_file::from_ron(&fs::read_to_string(root.join(p)).unwrap())
                    .unwrap()
            }
            None => Org::new(),
        };
        let mut shell = Shell::new(org);
        let mut actual = Vec::new();
        for step in &steps {
            let o = shell.run(&step.command);
            let got = render(&o.stdout, &o.stderr);
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
            fs::write(&file, write_back(&org_path, &steps, &actual)).unwrap();
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
