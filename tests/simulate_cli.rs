//! `iamtutor simulate` as a whole process.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn run(args: &[&str], stdin: &str) -> (String, String, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.success(),
    )
}

fn request(policy: &str, actions: &[&str], resources: &[&str]) -> String {
    json!({"PolicyInputList": [policy], "ActionNames": actions, "ResourceArns": resources})
        .to_string()
}

#[test]
fn batch_answers_each_line_in_order_and_survives_bad_lines() {
    let allow_get = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::reports/*"}}"#;
    let deny_all = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;
    let input = [
        request(
            allow_get,
            &["s3:GetObject", "s3:PutObject"],
            &["arn:aws:s3:::reports/a", "arn:aws:s3:::other/a"],
        ),
        "{ this is not json".to_string(),
        request(
            "{\"Statement\":{\"Effect\":\"Allow\"}}",
            &["s3:GetObject"],
            &[],
        ),
        request(deny_all, &["s3:GetObject", "ec2:RunInstances"], &[]),
    ]
    .join("\n");
    let (stdout, stderr, ok) = run(&["simulate", "--batch", "-"], &input);
    // Every line is answered, and the exit status still says some failed.
    assert!(!ok, "a batch with failed lines must not exit 0");
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    let r = lines[0]["EvaluationResults"].as_array().unwrap();
    let got: Vec<(&str, &str, &str)> = r
        .iter()
        .map(|e| {
            (
                e["EvalActionName"].as_str().unwrap(),
                e["EvalResourceName"].as_str().unwrap(),
                e["EvalDecision"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("s3:GetObject", "arn:aws:s3:::reports/a", "allowed"),
            ("s3:GetObject", "arn:aws:s3:::other/a", "implicitDeny"),
            ("s3:PutObject", "arn:aws:s3:::reports/a", "implicitDeny"),
            ("s3:PutObject", "arn:aws:s3:::other/a", "implicitDeny"),
        ]
    );
    assert_eq!(
        r[0]["MatchedStatements"][0]["SourcePolicyId"],
        "PolicyInputList.1"
    );
    assert_eq!(lines[1]["Error"]["Code"], "ValidationError");
    assert_eq!(lines[1]["Error"]["Line"], 2);
    assert_eq!(lines[2]["Error"]["Code"], "MalformedPolicyDocument");
    let d: Vec<&str> = lines[3]["EvaluationResults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["EvalDecision"].as_str().unwrap())
        .collect();
    assert_eq!(d, ["explicitDeny", "allowed"]);
    assert!(
        stderr.contains("2 of 4 lines could not be simulated"),
        "{stderr}"
    );
}

#[test]
fn batch_reports_missing_context_values_and_uses_given_context() {
    let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}"#;
    let without = request(policy, &["ec2:RunInstances"], &[]);
    let with = json!({
        "PolicyInputList": [policy],
        "ActionNames": ["ec2:RunInstances"],
        "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.1.2.3"], "ContextKeyType": "ip"}]
    })
    .to_string();
    let (stdout, _, _) = run(
        &["simulate", "--batch", "-"],
        &format!("{without}\n{with}\n"),
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0]["EvaluationResults"][0]["EvalDecision"],
        "implicitDeny"
    );
    assert_eq!(
        lines[0]["EvaluationResults"][0]["MissingContextValues"],
        json!(["aws:SourceIp"])
    );
    assert_eq!(lines[1]["EvaluationResults"][0]["EvalDecision"], "allowed");
}

#[test]
fn cross_account_resource_policy_in_batch_needs_both_sides() {
    let identity = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#;
    let bucket = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/john"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::partner/*"}}"#;
    let req = |policies: Vec<&str>| {
        json!({
            "PolicyInputList": policies,
            "ActionNames": ["s3:GetObject"],
            "ResourceArns": ["arn:aws:s3:::partner/f"],
            "ResourcePolicy": bucket,
            "ResourceOwner": "arn:aws:iam::444455556666:root",
            "CallerArn": "arn:aws:iam::111122223333:user/john"
        })
        .to_string()
    };
    let (stdout, _, _) = run(
        &["simulate", "--batch", "-"],
        &format!("{}\n{}\n", req(vec![identity]), req(vec![])),
    );
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["EvaluationResults"][0]["EvalDecision"], "allowed");
    assert_eq!(
        lines[1]["EvaluationResults"][0]["EvalDecision"],
        "implicitDeny"
    );
}

#[test]
fn org_mode_explains_one_decision_for_people() {
    let org = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/orgs/startup.ron");
    let (stdout, stderr, ok) = run(
        &[
            "simulate",
            "--org",
            org,
            "--principal",
            "john",
            "--action",
            "ec2:StartInstances",
            "--resource",
            "*",
        ],
        "",
    );
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("✓ allowed"), "{stdout}");
    assert!(
        stdout.contains("managed policy `DeveloperEC2Access` (through group Developers)"),
        "{stdout}"
    );
    let (stdout, _, ok) = run(
        &[
            "simulate",
            "--org",
            org,
            "--principal",
            "role/S3AccessRole",
            "--action",
            "s3:PutObject",
            "--resource",
            "arn:aws:s3:::startup-reports/x",
        ],
        "",
    );
    assert!(ok);
    assert!(stdout.starts_with("✗ denied (implicit deny"), "{stdout}");
    let (stdout, stderr, ok) = run(
        &[
            "simulate",
            "--org",
            org,
            "--principal",
            "nobody",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
        ],
        "",
    );
    assert!(!ok && stdout.is_empty());
    assert!(stderr.contains("there is no user `nobody`"), "{stderr}");
}

#[test]
fn org_mode_reports_a_broken_file_with_its_position() {
    let dir = std::env::temp_dir().join(format!("iamtutor-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.ron");
    std::fs::write(&file, "Org(\n    accounts: [\n        Account(id: \"111122223333\", users: [User(name: \"john\", groups: [\"Nope\"])]),\n    ],\n)\n").unwrap();
    let (_, stderr, ok) = run(
        &[
            "simulate",
            "--org",
            file.to_str().unwrap(),
            "--principal",
            "john",
            "--action",
            "s3:GetObject",
            "--resource",
            "*",
        ],
        "",
    );
    assert!(!ok);
    assert!(stderr.contains("broken.ron:3:"), "{stderr}");
    assert!(stderr.contains("Nope"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn org_mode_says_when_a_decision_comes_from_outside_the_policies() {
    let org = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/orgs/startup.ron");
    let ask = |action: &str, resource: &str| {
        run(
            &[
                "simulate",
                "--org",
                org,
                "--principal",
                "admin",
                "--action",
                action,
                "--resource",
                resource,
            ],
            "",
        )
    };
    let (stdout, stderr, ok) = ask("sts:GetCallerIdentity", "*");
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("✓ allowed"), "{stdout}");
    assert!(stdout.contains("why: sts:GetCallerIdentity needs no permission"));
    let (stdout, _, _) = ask(
        "iam:DeletePolicy",
        "arn:aws:iam::aws:policy/AdministratorAccess",
    );
    assert!(stdout.starts_with("✗ denied"), "{stdout}");
    assert!(stdout.contains("belongs to AWS"), "{stdout}");
}

#[test]
fn strict_batch_refuses_role_callers_as_aws_does() {
    let line = json!({
        "PolicyInputList": [r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#],
        "ActionNames": ["s3:GetObject"],
        "CallerArn": "arn:aws:sts::111122223333:assumed-role/Reader/s1"
    })
    .to_string();
    let (stdout, _, ok) = run(&["simulate", "--batch", "-"], &line);
    assert!(ok);
    assert!(stdout.contains("\"allowed\""), "{stdout}");
    let (stdout, stderr, ok) = run(&["simulate", "--batch", "-", "--strict"], &line);
    assert!(!ok);
    assert!(stdout.contains("InvalidInput"), "{stdout}");
    assert!(
        stderr.contains("1 of 1 line could not be simulated"),
        "{stderr}"
    );
}
