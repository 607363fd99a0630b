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

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use iamtutor::iam::error::ERROR_CODES;
use iamtutor::iam::model::{Caller, Org};
use iamtutor::shell::{Outcome, Shell, cli, lexer, services};
use serde_json::json;

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

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The transcript files, in name order.
fn files() -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir(root().join("tests/transcripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

#[test]
fn every_transcript_prints_exactly_what_it_says() {
    let root = root();
    let bless = std::env::var_os("IAMTUTOR_BLESS").is_some();
    let mut failures = Vec::new();
    for file in files() {
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

// ---------------------------------------------------------------------------
// Coverage: what the transcripts must exercise. These read the transcripts'
// recorded outputs, which the test above holds to what the sandbox prints.

/// Every step of every transcript, with its file's name.
fn all_steps() -> Vec<(String, Step)> {
    files()
        .into_iter()
        .flat_map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let t = parse(&fs::read_to_string(&f).unwrap());
            t.steps.into_iter().map(move |s| (name.clone(), s))
        })
        .collect()
}

/// What an `aws` command line (possibly run `on` a workload) calls:
/// (service, operation) as the CLI names them, `("s3", "ls")` for the
/// high-level S3 commands. None for anything else.
fn aws_call(command: &str) -> Option<(String, String)> {
    let first = command.lines().next()?;
    let words = lexer::split(first).ok()?.words;
    let args = match words.first().map(String::as_str) {
        Some("on") => words.get(2..)?,
        _ => &words[..],
    };
    if args.first().map(String::as_str) != Some("aws") {
        return None;
    }
    let front = cli::front(&args[1..]).ok()?;
    let service = front.command?;
    let operation = front.rest.iter().find(|w| !w.starts_with('-'))?;
    if front.rest.iter().any(|w| w == "help") {
        return None;
    }
    Some((service, operation.clone()))
}

/// The call got past the CLI's parsing and reached the service (or the s3
/// command's work): its output has no argument error.
fn reached(output: &str) -> bool {
    !output.contains("(ParamValidation)")
        && !output.contains("aws: [ERROR]: the following arguments are required")
        && !output.contains("(iamtutor) the sandbox does not simulate")
}

/// Everything `aws ...` can call in the sandbox: every operation of every
/// service model, and the high-level s3 commands.
fn known_operations() -> BTreeSet<(String, String)> {
    let mut known = BTreeSet::new();
    for service in cli::services() {
        for op in cli::operations(service) {
            known.insert((service.to_string(), op));
        }
    }
    for sub in services::S3_SUBCOMMANDS {
        known.insert(("s3".to_string(), sub.to_string()));
    }
    known
}

#[test]
fn the_transcripts_call_every_operation_the_sandbox_has() {
    let known = known_operations();
    // All nine service models are there, and the s3 commands.
    let services: BTreeSet<&str> = known.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        services.into_iter().collect::<Vec<_>>(),
        [
            "autoscaling",
            "cloudwatch",
            "dynamodb",
            "ec2",
            "elbv2",
            "iam",
            "lambda",
            "organizations",
            "s3",
            "s3api",
            "sts"
        ]
    );
    assert!(known.len() > 130, "{}", known.len());
    let called: BTreeSet<(String, String)> = all_steps()
        .iter()
        .filter(|(_, s)| reached(&s.expected))
        .filter_map(|(_, s)| aws_call(&s.command))
        .collect();
    let missing: Vec<String> = known
        .difference(&called)
        .map(|(s, o)| format!("aws {s} {o}"))
        .collect();
    assert!(
        missing.is_empty(),
        "no transcript calls these (past the argument parser):\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn the_engine_serves_every_operation_the_cli_knows() {
    // Called with an empty request as an account's root user, an operation
    // the engine does not dispatch answers InvalidAction; any other answer
    // (a validation error, say) shows it is served.
    let root = Caller::Root {
        account: "111122223333".into(),
    };
    let mut unserved = Vec::new();
    for service in cli::services() {
        for (cli_name, api) in cli::operation_names(service) {
            let mut org = Org::new();
            let result = match service {
                "iam" | "sts" | "organizations" => {
                    iamtutor::iam::ops::call(&mut org, &root, service, &api, &json!({}))
                }
                _ => services::call(&mut org, &root, service, &api, &json!({})),
            };
            if result.as_ref().is_err_and(|e| e.code == "InvalidAction") {
                unserved.push(format!("aws {service} {cli_name} ({api})"));
            }
        }
    }
    assert!(unserved.is_empty(), "not served: {unserved:?}");
}

#[test]
fn the_cli_knows_every_operation_the_engine_dispatches() {
    // The dispatchers match on API names (`"CreateUser" => ...`, or
    // `("cloudwatch", "DescribeAlarms") => ...`); each must be callable.
    let api: BTreeSet<String> = cli::services()
        .into_iter()
        .flat_map(|s| cli::operation_names(s).into_iter().map(|(_, a)| a))
        .collect();
    let arm = regex::Regex::new(r#"^\s*(?:\("[a-z0-9]+", )?"([A-Z][A-Za-z0-9]+)"\)? =>"#).unwrap();
    let mut dispatched = BTreeSet::new();
    for dir in ["src/iam/ops", "src/shell/services"] {
        for entry in fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            // Only the arms of `fn dispatch`, up to its catch-all.
            for body in text.split("fn dispatch(").skip(1) {
                let body = body.split("_ => return None").next().unwrap();
                for line in body.lines() {
                    if let Some(c) = arm.captures(line) {
                        dispatched.insert(c[1].to_string());
                    }
                }
            }
        }
    }
    assert!(dispatched.len() > 60, "the scan found {dispatched:?}");
    let hidden: Vec<&String> = dispatched.difference(&api).collect();
    assert!(
        hidden.is_empty(),
        "the engine dispatches these, but no `aws` command reaches them: {hidden:?}"
    );
}

/// How a transcript shows that an error code was provoked: AWS's error
/// line, except for the CLI's own findings, which it words without a code.
fn evidence(code: &str) -> String {
    match code {
        "ProfileNotFound" => "aws: [ERROR]: The config profile (".into(),
        "PartialCredentials" => "aws: [ERROR]: Partial credentials found".into(),
        _ => format!("An error occurred ({code})"),
    }
}

#[test]
fn the_transcripts_provoke_every_error_code() {
    // InvalidAction answers an operation the engine does not have, which
    // the CLI never sends: the two tests above keep that so.
    let unreachable = ["InvalidAction"];
    let outputs: String = all_steps().into_iter().map(|(_, s)| s.expected).collect();
    let missing: Vec<&&str> = ERROR_CODES
        .iter()
        .filter(|c| !unreachable.contains(c))
        .filter(|c| !outputs.contains(&evidence(c)))
        .collect();
    assert!(missing.is_empty(), "no transcript provokes {missing:?}");
}

#[test]
fn the_error_code_list_is_complete() {
    // Every code the sources construct is listed, and every listed code is
    // constructed somewhere.
    let helpers: BTreeMap<&str, &str> = [
        ("no_such_entity", "NoSuchEntity"),
        ("already_exists", "EntityAlreadyExists"),
        ("limit_exceeded", "LimitExceeded"),
        ("delete_conflict", "DeleteConflict"),
        ("validation", "ValidationError"),
        ("invalid_input", "InvalidInput"),
        ("malformed_policy", "MalformedPolicyDocument"),
        ("access_denied", "AccessDenied"),
    ]
    .into();
    let literal = regex::Regex::new(r#"AwsError::new\(\s*"([^"]+)""#).unwrap();
    let computed = regex::Regex::new(r#"AwsError::new\(\s*([^"\s][^,]*),"#).unwrap();
    let helper = regex::Regex::new(r"AwsError::([a-z_]+)\(").unwrap();
    let mut constructed = BTreeSet::new();
    let mut sources = String::new();
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            for c in literal.captures_iter(&text) {
                constructed.insert(c[1].to_string());
            }
            for c in computed.captures_iter(&text) {
                // Codes chosen at run time: each service's validation code,
                // all of them listed in `Style::validation_code`.
                assert!(
                    c[1].ends_with("validation_code()") || &c[1] == "code",
                    "{}: AwsError::new({}, ...): list the codes it can take in ERROR_CODES and here",
                    path.display(),
                    &c[1]
                );
            }
            for c in helper.captures_iter(&text) {
                if let Some(code) = helpers.get(&c[1]) {
                    constructed.insert(code.to_string());
                }
            }
            sources.push_str(&text);
        }
    }
    for code in [
        "InvalidArgument",
        "InvalidParameterValue",
        "ValidationException",
        "ValidationError",
    ] {
        constructed.insert(code.to_string());
    }
    let listed: BTreeSet<String> = ERROR_CODES.iter().map(|c| c.to_string()).collect();
    let unlisted: Vec<&String> = constructed.difference(&listed).collect();
    assert!(unlisted.is_empty(), "add to ERROR_CODES: {unlisted:?}");
    let stale: Vec<&String> = listed.difference(&constructed).collect();
    assert!(
        stale.is_empty(),
        "ERROR_CODES lists codes nothing makes: {stale:?}"
    );
}

#[test]
fn the_transcripts_show_every_kind_of_bad_command_line() {
    let outputs: String = all_steps().into_iter().map(|(_, s)| s.expected).collect();
    let kinds = [
        (
            "a missing required argument",
            "the following arguments are required: --",
        ),
        ("an option without its value", "expected one argument"),
        ("an unknown option", "Unknown options: --"),
        (
            "an unknown option, with the nearest real one",
            "(iamtutor) did you mean --",
        ),
        (
            "an unknown operation",
            "argument operation: Found invalid choice",
        ),
        (
            "an unknown service",
            "argument command: Found invalid choice",
        ),
        ("an invalid choice, with suggestions", "Maybe you meant:"),
        ("a value argparse cannot read", "invalid int value"),
        ("malformed JSON", "Invalid JSON: "),
        (
            "client-side parameter validation",
            "Parameter validation failed:",
        ),
        (
            "a file:// that is not in the workspace",
            "Unable to load paramfile",
        ),
        ("a bad --query", "Bad value for --query"),
        (
            "an unbalanced single quote",
            "this single quote is never closed",
        ),
        (
            "an unbalanced double quote",
            "this double quote is never closed",
        ),
        (
            "a control character",
            "the line contains a control character",
        ),
        (
            "an unclosed here-document",
            "the here-document is never closed",
        ),
        (
            "an unknown sandbox command",
            "command not found. Did you mean",
        ),
        (
            "a malformed policy, with line and column",
            "(line 1, column ",
        ),
    ];
    let missing: Vec<&str> = kinds
        .iter()
        .filter(|(_, needle)| !outputs.contains(needle))
        .map(|(what, _)| *what)
        .collect();
    assert!(missing.is_empty(), "no transcript shows {missing:?}");
}
