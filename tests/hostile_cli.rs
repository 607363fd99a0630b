//! Hostile input to the binary, as a careful attacker or a clumsy user
//! gives it (issue 14): each ends in a clear message, a non-zero exit for a
//! command that failed, no panic or abort, and nothing lost.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::scratch::scratch;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
    /// Standard output reached the limit and the process was stopped.
    flooded: bool,
}

/// The most standard output a test reads: a command that writes more has
/// gone wrong (the batch that looped writing errors did 100 MB a second).
const READ_LIMIT: usize = 4 * 1024 * 1024;

/// Runs the binary in `dir` with `args`, `stdin` as its input, reading at
/// most [`READ_LIMIT`] bytes of its output.
fn run_with(dir: &Path, args: &[&str], stdin: Stdio) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .current_dir(dir)
        .args(args)
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = child.stderr.take().unwrap();
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = err.by_ref().take(READ_LIMIT as u64).read_to_end(&mut text);
        text
    });
    let mut out = Vec::new();
    let _ = child
        .stdout
        .take()
        .unwrap()
        .take(READ_LIMIT as u64)
        .read_to_end(&mut out);
    let flooded = out.len() >= READ_LIMIT;
    if flooded {
        let _ = child.kill();
    }
    let status = child.wait().unwrap();
    let stderr = errors.join().unwrap();
    Run {
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        code: status.code().unwrap_or(-1),
        flooded,
    }
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let text = stdin.to_string();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(text.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
        flooded: false,
    }
}

/// Nothing the process wrote says it panicked or aborted.
fn calm(r: &Run) {
    for text in [&r.stdout, &r.stderr] {
        assert!(
            !text.contains("panicked") && !text.contains("stack overflow"),
            "{text}"
        );
    }
    assert!(
        r.code >= 0 && r.code != 101 && r.code != 134,
        "exit {}",
        r.code
    );
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;

/// A small organization file: one account, john in Developers, whose
/// policy allows reading one bucket.
const ORG: &str = r##"Org(
    accounts: [
        Account(
            id: "111122223333",
            groups: [
                Group(
                    name: "Developers",
                    inline: {
                        "Read": r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}"#,
                    },
                ),
            ],
            users: [User(name: "john", groups: ["Developers"])],
        ),
    ],
)
"##;

// ---------------------------------------------------------------------
// 1. `simulate --batch` on something that cannot be read line by line.

#[test]
fn a_batch_from_a_folder_ends_with_one_message() {
    let dir = scratch("batch-folder");
    fs::create_dir_all(dir.join("requests")).unwrap();
    let as_file = run_with(&dir, &["simulate", "--batch", "requests"], Stdio::null());
    let folder = fs::File::open(dir.join("requests")).unwrap();
    let as_stdin = run_with(&dir, &["simulate", "--batch", "-"], Stdio::from(folder));
    for r in [as_file, as_stdin] {
        calm(&r);
        assert!(!r.flooded, "the batch kept writing");
        assert!(
            r.stdout.is_empty(),
            "{}",
            &r.stdout[..r.stdout.len().min(300)]
        );
        assert_ne!(r.code, 0);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert!(r.stderr.contains("folder"), "{}", r.stderr);
    }
}

// ---------------------------------------------------------------------
// 2. Size limits as AWS has them, and pages as AWS's API gives them.

#[test]
fn a_simulated_policy_over_awss_limit_gets_awss_error() {
    let dir = scratch("sim-size");
    let long = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Sid":"{}","Effect":"Allow","Action":"*","Resource":"*"}}}}"#,
        "A".repeat(131_072)
    );
    let request = json!({"PolicyInputList": [long], "ActionNames": ["s3:GetObject"]});
    let r = run(&dir, &["simulate", "--batch", "-"], &request.to_string());
    calm(&r);
    let out = lines(&r.stdout);
    let error = &out[0]["Error"];
    assert_eq!(error["Code"], "ValidationError", "{error}");
    let message = error["Message"].as_str().unwrap();
    assert!(
        message.contains("'policyInputList'")
            && message.contains("Member must have length less than or equal to 131072"),
        "{message}"
    );
    assert!(message.len() < 1000, "the document is not echoed whole");
}

#[test]
fn too_many_actions_times_resources_is_refused_at_once() {
    let dir = scratch("sim-product");
    let actions: Vec<String> = (0..2000).map(|i| format!("s3:GetObject{i}")).collect();
    let resources: Vec<String> = (0..2000)
        .map(|i| format!("arn:aws:s3:::bucket/{i}"))
        .collect();
    let request = json!({
        "PolicyInputList": [ALLOW_ALL],
        "ActionNames": actions,
        "ResourceArns": resources,
    });
    let r = run(&dir, &["simulate", "--batch", "-"], &request.to_string());
    calm(&r);
    assert!(r.stdout.len() < 2000, "{} bytes printed", r.stdout.len());
    let out = lines(&r.stdout);
    assert_eq!(out[0]["Error"]["Code"], "LimitExceeded", "{}", out[0]);
    let message = out[0]["Error"]["Message"].as_str().unwrap();
    assert!(message.contains("4000000 evaluations"), "{message}");
    assert!(message.contains("10000"), "{message}");
}

#[test]
fn max_items_and_marker_page_the_results_as_aws_does() {
    let dir = scratch("sim-pages");
    let base = json!({
        "PolicyInputList": [ALLOW_ALL],
        "ActionNames": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        "ResourceArns": ["arn:aws:s3:::a/1", "arn:aws:s3:::a/2"],
    });
    let with = |extra: Value| {
        let mut r = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            r[k] = v.clone();
        }
        r.to_string()
    };
    let r = run(
        &dir,
        &["simulate", "--batch", "-"],
        &with(json!({"MaxItems": 4})),
    );
    let first = &lines(&r.stdout)[0];
    assert_eq!(first["EvaluationResults"].as_array().unwrap().len(), 4);
    assert_eq!(first["IsTruncated"], true);
    let marker = first["Marker"]
        .as_str()
        .expect("a truncated page has a Marker");
    let r = run(
        &dir,
        &["simulate", "--batch", "-"],
        &with(json!({"MaxItems": 4, "Marker": marker})),
    );
    let second = &lines(&r.stdout)[0];
    let rest = second["EvaluationResults"].as_array().unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[0]["EvalActionName"], "s3:DeleteObject");
    assert_eq!(rest[1]["EvalResourceName"], "arn:aws:s3:::a/2");
    assert_eq!(second["IsTruncated"], false);
    assert!(second.get("Marker").is_none(), "{second}");
    // Out of AWS's range, and a Marker that no page gave.
    let bad = [
        with(json!({"MaxItems": 0})),
        with(json!({"MaxItems": 1001})),
        with(json!({"Marker": "not-a-marker"})),
    ]
    .join("\n");
    let r = run(&dir, &["simulate", "--batch", "-"], &bad);
    let out = lines(&r.stdout);
    assert_eq!(out[0]["Error"]["Code"], "ValidationError");
    assert!(
        out[0]["Error"]["Message"]
            .as_str()
            .unwrap()
            .contains("greater than or equal to 1")
    );
    assert!(
        out[1]["Error"]["Message"]
            .as_str()
            .unwrap()
            .contains("less than or equal to 1000")
    );
    assert_eq!(out[2]["Error"]["Message"], "Invalid Marker.");
    // Without MaxItems, a page holds AWS's default of 100.
    let many: Vec<String> = (0..101).map(|i| format!("s3:Action{i}")).collect();
    let request = json!({"PolicyInputList": [ALLOW_ALL], "ActionNames": many});
    let r = run(&dir, &["simulate", "--batch", "-"], &request.to_string());
    let page = &lines(&r.stdout)[0];
    assert_eq!(page["EvaluationResults"].as_array().unwrap().len(), 100);
    assert_eq!(page["IsTruncated"], true);
}

#[test]
fn the_sandbox_keeps_awss_policy_size_quotas() {
    let dir = scratch("sandbox-sizes");
    let statement = |i: usize| {
        format!(
            r#"{{"Sid":"S{i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-number-{i}/*"}}"#
        )
    };
    let big: Vec<String> = (0..80).map(statement).collect();
    let doc = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        big.join(",")
    );
    assert!(doc.len() > 6144);
    fs::write(dir.join("big.json"), &doc).unwrap();
    let r = run(
        &dir,
        &[
            "aws",
            "--state",
            "org.ron",
            "iam",
            "create-policy",
            "--policy-name",
            "Big",
            "--policy-document",
            "file://big.json",
        ],
        "",
    );
    calm(&r);
    assert_eq!(r.code, 254, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("Cannot exceed quota for PolicySize: 6144"),
        "{}",
        r.stderr
    );
    assert!(
        !dir.join("org.ron").exists(),
        "a refused call saves nothing"
    );
}

// ---------------------------------------------------------------------
// 3. Condition work stays bounded.

/// `patterns` StringLike patterns over as many documents as AWS's size
/// limit needs (the simulator takes any number of documents), against
/// `values` request values.
fn string_like_request(patterns: usize, values: usize) -> String {
    let patterns: Vec<String> = (0..patterns).map(|i| format!("t{i}*")).collect();
    let documents: Vec<String> = patterns
        .chunks(10_000)
        .map(|chunk| {
            json!({
                "Version": "2012-10-17",
                "Statement": {
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Resource": "*",
                    "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalTag/team": chunk}}
                }
            })
            .to_string()
        })
        .collect();
    let values: Vec<String> = (0..values).map(|i| format!("x{i}")).collect();
    json!({
        "PolicyInputList": documents,
        "ActionNames": ["s3:GetObject"],
        "ContextEntries": [{
            "ContextKeyName": "aws:PrincipalTag/team",
            "ContextKeyValues": values,
            "ContextKeyType": "stringList",
        }],
    })
    .to_string()
}

#[test]
fn thirty_thousand_patterns_against_thirty_thousand_values_are_refused() {
    let dir = scratch("cond-work");
    let r = run(
        &dir,
        &["simulate", "--batch", "-"],
        &string_like_request(30_000, 30_000),
    );
    calm(&r);
    let out = lines(&r.stdout);
    assert_eq!(out[0]["Error"]["Code"], "LimitExceeded", "{}", out[0]);
    let message = out[0]["Error"]["Message"].as_str().unwrap();
    assert!(message.contains("30000 values"), "{message}");
}

#[test]
fn many_patterns_against_the_values_a_key_may_have_are_answered() {
    let dir = scratch("cond-answer");
    let mut request: Value = serde_json::from_str(&string_like_request(30_000, 50)).unwrap();
    // The last value matches the last pattern.
    request["ContextEntries"][0]["ContextKeyValues"][49] = json!("t29999-ops");
    let r = run(&dir, &["simulate", "--batch", "-"], &request.to_string());
    calm(&r);
    let out = lines(&r.stdout);
    assert_eq!(
        out[0]["EvaluationResults"][0]["EvalDecision"], "allowed",
        "{}",
        out[0]
    );
}

#[test]
fn long_patterns_with_question_marks_against_long_values_are_refused() {
    // A piece between stars that holds `?` is tried at every place in the
    // value: its length times the value's, for each pair. Counting values
    // alone let this through, to be matched for minutes.
    let dir = scratch("cond-question");
    let pattern = format!("*{}b*", "a?".repeat(500));
    let document = json!({
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "*",
            "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": [pattern]}}
        }
    });
    let request = json!({
        "PolicyInputList": [document.to_string()],
        "ActionNames": ["s3:GetObject"],
        "ContextEntries": [{
            "ContextKeyName": "aws:TagKeys",
            "ContextKeyValues": vec!["a".repeat(20_000); 5],
            "ContextKeyType": "stringList",
        }],
    });
    let r = run(&dir, &["simulate", "--batch", "-"], &request.to_string());
    calm(&r);
    let out = lines(&r.stdout);
    assert_eq!(out[0]["Error"]["Code"], "LimitExceeded", "{}", out[0]);
    // The same pattern against values of a real request's size is answered.
    let mut small = request.clone();
    small["ContextEntries"][0]["ContextKeyValues"] = json!(vec!["a".repeat(128); 50]);
    let r = run(&dir, &["simulate", "--batch", "-"], &small.to_string());
    let out = lines(&r.stdout);
    assert_eq!(
        out[0]["EvaluationResults"][0]["EvalDecision"], "implicitDeny",
        "{}",
        out[0]
    );
}

#[test]
fn an_explanation_names_a_few_values_not_thousands() {
    let dir = scratch("cond-explain");
    // As many as a group's inline policies may hold (5,120 characters).
    let values: Vec<String> = (0..300)
        .map(|i| format!("\"10.{}.{}.0/24\"", i / 250, i % 250))
        .collect();
    let org = ORG.replace(
        r#""Resource": "arn:aws:s3:::reports/*"}"#,
        &format!(
            r#""Resource": "arn:aws:s3:::reports/*", "Condition": {{"IpAddress": {{"aws:SourceIp": [{}]}}}}}}"#,
            values.join(", ")
        ),
    );
    fs::write(dir.join("org.ron"), org).unwrap();
    let r = run(
        &dir,
        &[
            "simulate",
            "--org",
            "org.ron",
            "--principal",
            "john",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::reports/q1.csv",
            "--context",
            "aws:SourceIp=192.0.2.1",
        ],
        "",
    );
    calm(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(", or 290 more"), "{}", r.stdout);
    let longest = r.stdout.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 1000, "a line of {longest} bytes");
}

// ---------------------------------------------------------------------
// 4. Crafted progress files.

fn progress_file(progress: &str) -> String {
    format!("(format: 1, learner: \"default\", progress: ({progress}))\n")
}

const IMPOSSIBLE: &str = r#"topics: {"roles": (right: 999999999999999, answered: 1)}, days: [-40000, 9223372036854775807, 20000]"#;

#[test]
fn a_progress_file_with_impossible_numbers_is_repaired_and_kept() {
    let dir = scratch("progress-crafted");
    let data = dir.join("data");
    fs::create_dir_all(&data).unwrap();
    let text = progress_file(IMPOSSIBLE);
    fs::write(data.join("default.progress.ron"), &text).unwrap();
    let r = run(&dir, &["progress", "show", "--data-dir", "data"], "");
    calm(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("repaired"), "{}", r.stderr);
    assert!(r.stderr.contains("topic `roles`"), "{}", r.stderr);
    assert!(r.stdout.contains("100%"), "{}", r.stdout);
    let kept = data.join("default.progress.ron.before-repair-1");
    assert_eq!(fs::read_to_string(kept).unwrap(), text, "nothing is lost");
    // The repaired file loads without a word.
    let again = run(&dir, &["progress", "show", "--data-dir", "data"], "");
    assert!(!again.stderr.contains("repaired"), "{}", again.stderr);
}

#[test]
fn a_missing_course_is_said_once_by_every_command_that_reads_one() {
    let dir = scratch("progress-no-course");
    let r = run(
        &dir,
        &[
            "progress",
            "show",
            "--course",
            "nowhere",
            "--data-dir",
            "data",
        ],
        "",
    );
    calm(&r);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("iamtutor: cannot read"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("iamtutor: iamtutor:"), "{}", r.stderr);
}

#[test]
fn importing_a_crafted_progress_file_is_refused_and_changes_nothing() {
    let dir = scratch("progress-import");
    let data = dir.join("data");
    fs::create_dir_all(&data).unwrap();
    let mine = progress_file(r#"topics: {"users": (right: 2, answered: 3)}"#);
    fs::write(data.join("default.progress.ron"), &mine).unwrap();
    fs::write(dir.join("crafted.ron"), progress_file(IMPOSSIBLE)).unwrap();
    let r = run(
        &dir,
        &["progress", "import", "crafted.ron", "--data-dir", "data"],
        "",
    );
    calm(&r);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("crafted.ron"), "{}", r.stderr);
    assert!(r.stderr.contains("cannot be"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(data.join("default.progress.ron")).unwrap(),
        mine
    );
}

#[test]
fn a_class_report_counts_a_crafted_file_as_it_can_be() {
    let dir = scratch("class-crafted");
    fs::write(dir.join("ana.ron"), progress_file(IMPOSSIBLE)).unwrap();
    let nan = r#"review: {"q:x": (kind: Question("x"), due: 0, last: 0, stability: Some(NaN), difficulty: Some(inf), reviews: 4294967295, lapses: 0)}"#;
    fs::write(dir.join("ben.ron"), progress_file(nan)).unwrap();
    let r = run(&dir, &["class", "report", "ana.ron", "ben.ron"], "");
    calm(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("ana.ron"), "{}", r.stderr);
}

// ---------------------------------------------------------------------
// 5. Files a script's sandbox may reach.

#[test]
fn a_script_cannot_reach_outside_its_folder_unless_allowed() {
    let dir = scratch("reach");
    let work = dir.join("work");
    let outside = dir.join("outside");
    fs::create_dir_all(&work).unwrap();
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("org.ron"), ORG).unwrap();
    let abs = outside.join("stolen.sh");
    let abs = abs.to_str().unwrap();
    for (line, what) in [
        (format!("export cli --to {abs}"), "absolute"),
        ("export cli --to ../outside/up.sh".to_string(), "`..`"),
        (
            format!("import {}", outside.join("org.ron").display()),
            "absolute",
        ),
    ] {
        let r = run(&work, &["run", "-"], &format!("{line}\n"));
        calm(&r);
        assert_ne!(r.code, 0, "{line}");
        assert!(r.stderr.contains(what), "{line}: {}", r.stderr);
        assert!(r.stderr.contains("--allow-outside"), "{}", r.stderr);
    }
    assert!(!outside.join("stolen.sh").exists());
    assert!(!outside.join("up.sh").exists());
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, work.join("link")).unwrap();
        let r = run(&work, &["run", "-"], "export cli --to link/via-link.sh\n");
        assert_ne!(r.code, 0);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
        assert!(!outside.join("via-link.sh").exists());
    }
    // Inside the folder, and outside with --allow-outside, it works.
    let r = run(&work, &["run", "-"], "export cli --to here.sh\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(work.join("here.sh").exists());
    let r = run(
        &work,
        &["run", "--allow-outside", "-"],
        &format!("export cli --to {abs}\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(outside.join("stolen.sh").exists());
}

// ---------------------------------------------------------------------
// 6. A course is only what its folder holds.

#[cfg(unix)]
#[test]
fn a_course_file_that_links_out_of_its_folder_is_refused() {
    let dir = scratch("course-link");
    let course = dir.join("course");
    fs::create_dir_all(&course).unwrap();
    fs::write(dir.join("secret.ron"), "Lesson(id: \"secret\")").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.ron"), course.join("01-secret.ron")).unwrap();
    let r = run(&dir, &["course", "check", "course"], "");
    calm(&r);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("01-secret.ron") && r.stderr.contains("symbolic link"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------
// 7. A closed pipe is not a crash.

/// Runs with standard output (or error) a pipe whose reading end is
/// already closed, as `| head` leaves it.
fn closed(dir: &Path, args: &[&str], stream: &str) -> Run {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_iamtutor"));
    cmd.current_dir(dir).args(args).stdin(Stdio::null());
    let out = if stream == "stdout" {
        cmd.stdout(writer).stderr(Stdio::piped()).output().unwrap()
    } else {
        cmd.stderr(writer).stdout(Stdio::piped()).output().unwrap()
    };
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
        flooded: false,
    }
}

#[test]
fn every_printing_command_survives_a_closed_pipe() {
    let dir = scratch("pipes");
    fs::write(dir.join("org.ron"), ORG).unwrap();
    fs::write(dir.join("script.sh"), "aws iam list-users\n").unwrap();
    fs::create_dir_all(dir.join("data")).unwrap();
    let exported = run(
        &dir,
        &["progress", "export", "a.ron", "--data-dir", "data"],
        "",
    );
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let commands: [&[&str]; 13] = [
        &["class", "report", "a.ron", "a.ron"],
        &["progress", "show", "--data-dir", "data"],
        &["course", "check"],
        &[
            "simulate",
            "--org",
            "org.ron",
            "--principal",
            "john",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
        ],
        &["matrix", "--org", "org.ron"],
        &["diff", "org.ron", "org.ron"],
        &["advise", "--org", "org.ron"],
        &["paths", "--org", "org.ron"],
        &["aws", "--state", "org.ron", "iam", "list-users"],
        &["run", "script.sh", "--state", "org.ron", "--echo"],
        &["--help"],
        &["progress", "export", "b.ron", "--data-dir", "data"],
        &["simulate", "--batch", "missing.jsonl"],
    ];
    for args in commands {
        for stream in ["stdout", "stderr"] {
            let r = closed(&dir, args, stream);
            calm(&r);
        }
    }
    // A command that fails still says why where it can, and exits non-zero.
    let r = closed(&dir, &["matrix", "--org", "missing.ron"], "stdout");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.ron"), "{}", r.stderr);
}

// ---------------------------------------------------------------------
// 8. Validation that was missing.

#[test]
fn simulate_refuses_an_empty_action_or_resource_and_mistyped_context() {
    let dir = scratch("sim-validate");
    fs::write(dir.join("org.ron"), ORG).unwrap();
    let sim = |action: &str, resource: &str, context: &[&str]| {
        let mut args = vec![
            "simulate",
            "--org",
            "org.ron",
            "--principal",
            "john",
            "--action",
            action,
            "--resource",
            resource,
        ];
        for c in context {
            args.extend(["--context", c]);
        }
        run(&dir, &args, "")
    };
    for (r, says) in [
        (sim("", "*", &[]), "--action is empty"),
        (sim("s3:GetObject", "", &[]), "--resource is empty"),
        (
            sim("s3:GetObject", "*", &["aws:SourceIp=garbage"]),
            "aws:SourceIp takes an IP address",
        ),
        (
            sim("s3:GetObject", "*", &["aws:CurrentTime=yesterday"]),
            "aws:CurrentTime takes a date",
        ),
    ] {
        calm(&r);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(says), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
}

#[test]
fn diff_and_matrix_refuse_an_action_they_do_not_know() {
    let dir = scratch("unknown-action");
    fs::write(dir.join("org.ron"), ORG).unwrap();
    for args in [
        &["diff", "org.ron", "org.ron", "--actions", "s3:GetObjekt"][..],
        &["diff", "org.ron", "org.ron", "--actions", "s4:GetObject"],
        &["diff", "org.ron", "org.ron", "--actions", "madeup:Thing"],
        &["matrix", "--org", "org.ron", "--actions", "madeup:Thing"],
    ] {
        let r = run(&dir, args, "");
        calm(&r);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stdout);
        assert!(!r.stdout.contains("No change"), "{}", r.stdout);
        assert!(r.stderr.contains("is not an action"), "{}", r.stderr);
    }
    let r = run(
        &dir,
        &["diff", "org.ron", "org.ron", "--actions", "s4:GetObject"],
        "",
    );
    assert!(
        r.stderr.contains("did you mean s3:GetObject"),
        "{}",
        r.stderr
    );
}

#[test]
fn page_size_zero_and_a_garbage_starting_token_are_refused() {
    let dir = scratch("paging");
    let aws = |extra: &[&str]| {
        let mut args = vec!["aws", "--state", "org.ron", "iam", "list-users"];
        args.extend(extra);
        run(&dir, &args, "")
    };
    let made = run(
        &dir,
        &[
            "aws",
            "--state",
            "org.ron",
            "iam",
            "create-user",
            "--user-name",
            "john",
        ],
        "",
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let r = aws(&["--page-size", "0"]);
    calm(&r);
    assert_eq!(r.code, 252, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("Invalid value for parameter MaxItems, value: 0, valid min value: 1"),
        "{}",
        r.stderr
    );
    let r = aws(&["--starting-token", "garbage"]);
    calm(&r);
    assert_eq!(r.code, 254, "{}", r.stdout);
    assert!(r.stderr.contains("Invalid Marker"), "{}", r.stderr);
    assert!(!r.stdout.contains("john"), "{}", r.stdout);
}

// ---------------------------------------------------------------------
// 9. Errors that say what is wrong.

#[test]
fn a_paramfile_that_exists_but_cannot_be_read_says_what_it_is() {
    let dir = scratch("paramfile");
    fs::create_dir_all(dir.join("policies")).unwrap();
    fs::write(
        dir.join("binary.json"),
        b"{\n  \"Version\": \"\xff\xfe\"\n}",
    )
    .unwrap();
    let create = |value: &str| {
        run(
            &dir,
            &[
                "aws",
                "--state",
                "org.ron",
                "iam",
                "create-policy",
                "--policy-name",
                "P",
                "--policy-document",
                value,
            ],
            "",
        )
    };
    let folder = create("file://policies");
    calm(&folder);
    assert_eq!(folder.code, 252);
    assert!(folder.stderr.contains("folder"), "{}", folder.stderr);
    assert!(!folder.stderr.contains("No such file"), "{}", folder.stderr);
    let binary = create("file://binary.json");
    assert_eq!(binary.code, 252);
    assert!(
        binary.stderr.contains("line 2, column 15"),
        "{}",
        binary.stderr
    );
    assert!(!binary.stderr.contains("No such file"), "{}", binary.stderr);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.json", dir.join("loop.json")).unwrap();
        let looped = create("file://loop.json");
        assert_eq!(looped.code, 252);
        assert!(
            looped.stderr.contains("symbolic links"),
            "{}",
            looped.stderr
        );
    }
}

#[test]
fn a_bucket_policy_that_starts_with_a_brace_is_told_where_it_breaks() {
    let dir = scratch("bucket-policy");
    let run_aws = |args: &[&str]| {
        let mut all = vec!["aws", "--state", "org.ron"];
        all.extend(args);
        run(&dir, &all, "")
    };
    let made = run_aws(&["s3api", "create-bucket", "--bucket", "reports"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let r = run_aws(&[
        "s3api",
        "put-bucket-policy",
        "--bucket",
        "reports",
        "--policy",
        "{\"Version\": \"2012-10-17\", \"Statement\": [}",
    ]);
    calm(&r);
    assert_eq!(r.code, 254);
    assert!(!r.stderr.contains("first byte"), "{}", r.stderr);
    assert!(r.stderr.contains("line 1 column 41"), "{}", r.stderr);
}

#[test]
fn text_that_is_not_utf8_is_placed_by_line_and_column() {
    let dir = scratch("utf8");
    fs::write(dir.join("org.ron"), b"Org(\n  accounts: [\xc3\x28],\n)").unwrap();
    fs::write(dir.join("script.sh"), b"aws iam list-users\n\xff\n").unwrap();
    for args in [
        &[
            "simulate",
            "--org",
            "org.ron",
            "--principal",
            "john",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
        ][..],
        &["matrix", "--org", "org.ron"],
        &["advise", "--org", "org.ron"],
        &["paths", "--org", "org.ron"],
        &["run", "script.sh"],
    ] {
        let r = run(&dir, args, "");
        calm(&r);
        assert_ne!(r.code, 0, "{args:?}");
        assert!(r.stderr.contains("not UTF-8"), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("line 2, column"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn endless_and_enormous_inputs_are_refused_not_read() {
    let dir = scratch("endless");
    if !Path::new("/dev/zero").exists() {
        return;
    }
    for args in [
        &[
            "simulate",
            "--org",
            "/dev/zero",
            "--principal",
            "john",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
        ][..],
        &["matrix", "--org", "/dev/zero"],
        &["run", "/dev/zero"],
        &["class", "report", "/dev/zero"],
    ] {
        let r = run(&dir, args, "");
        calm(&r);
        assert_ne!(r.code, 0, "{args:?}");
        assert!(r.stderr.contains("larger than"), "{args:?}: {}", r.stderr);
    }
    // A --query that nests deeper than any real one is refused, not a stack
    // overflow that takes the process (or the app) down.
    let deep = format!("{}Users{}", "(".repeat(30_000), ")".repeat(30_000));
    let r = run(
        &dir,
        &[
            "aws",
            "--state",
            "org.ron",
            "iam",
            "list-users",
            "--query",
            &deep,
        ],
        "",
    );
    calm(&r);
    assert_eq!(r.code, 252, "{}", &r.stderr[..r.stderr.len().min(300)]);
}
