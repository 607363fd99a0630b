//! Scripts replayed through the sandbox, as `iamtutor run` replays them:
//! `export cli` rebuilds the organization it came from, and scripts mixing
//! every kind of line run as written.
//!
//! NEEDS THE AWS CLI LAYER (src/shell/cli): every test here runs `aws ...`
//! lines, so they fail while that module is the placeholder. The bucket
//! lines of the round trip also need the S3 service (src/shell/services).

mod export_fixture;

use export_fixture::*;
use iamtutor::iam::model::Org;
use iamtutor::shell::Shell;
use iamtutor::shell::script::split_script;
use serde_json::Value;

/// Runs every command of a script, as `iamtutor run` does (but going on
/// after a failure), and returns the failures: line, command, what it said.
fn replay(sh: &mut Shell, script: &str) -> Vec<(usize, String, String)> {
    let mut failures = Vec::new();
    for cmd in split_script(script) {
        let o = sh.run(&cmd.command);
        if !o.ok && !cmd.may_fail {
            failures.push((cmd.line, cmd.command.clone(), o.stderr));
        }
    }
    failures
}

fn without(mut v: Value, key: &str) -> Value {
    v.as_object_mut().unwrap().remove(key);
    v
}

#[test]
fn export_cli_rebuilds_the_organization() {
    let org = rich_org();
    let script = Shell::new(org.clone()).run("export cli").stdout;
    let mut sh = Shell::new(Org::new());
    let failures = replay(&mut sh, &script);
    let (want, got) = (shape(&org, ACCT), shape(&sh.org, ACCT));
    // IAM first, so that a missing S3 service shows up as only that.
    assert_eq!(
        without(got.clone(), "buckets"),
        without(want.clone(), "buckets"),
        "the IAM part differs; failed lines: {failures:#?}"
    );
    assert!(failures.is_empty(), "failed lines: {failures:#?}");
    assert_eq!(got, want);
}

/// Exporting the rebuilt organization gives the same commands again: the
/// script is a fixed point (comments aside: they name old ids).
#[test]
fn export_cli_of_a_rebuilt_organization_is_the_same_script() {
    let commands = |script: &str| -> Vec<String> {
        script
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    // Without the bucket, this needs only IAM (the round trip above
    // covers S3).
    let mut org = rich_org();
    org.buckets.clear();
    let script = Shell::new(org).run("export cli").stdout;
    let mut sh = Shell::new(Org::new());
    let failures = replay(&mut sh, &script);
    assert!(failures.is_empty(), "failed lines: {failures:#?}");
    let again = sh.run("export cli").stdout;
    assert_eq!(commands(&again), commands(&script));
}

#[test]
fn a_script_with_every_kind_of_line_runs() {
    let script = r#"
# A small company, built by hand.
aws iam create-group --group-name Developers

write ec2.json <<JSON
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]
}
JSON
aws iam put-group-policy --group-name Developers \
    --policy-name Ec2 \
    --policy-document file://ec2.json
aws iam create-user --user-name john
aws iam add-user-to-group --group-name Developers --user-name john
aws iam create-user --user-name john || true   # already there
as john
aws iam list-users || true
as admin
"#;
    let mut sh = Shell::new(Org::new());
    let mut failed = Vec::new();
    for cmd in split_script(script) {
        let o = sh.run(&cmd.command);
        assert!(
            o.ok || cmd.may_fail,
            "line {} failed: {}\n{}",
            cmd.line,
            cmd.command,
            o.stderr
        );
        if !o.ok {
            failed.push((cmd.line, o.stderr));
        }
    }
    assert_eq!(failed.len(), 2, "{failed:#?}");
    assert!(failed[0].1.contains("EntityAlreadyExists"), "{failed:#?}");
    assert!(failed[1].1.contains("AccessDenied"), "{failed:#?}");
    let devs = &sh.org.accounts[ACCT].groups["developers"];
    assert_eq!(
        devs.inline["Ec2"].policy.statements[0].action.patterns[0].text,
        "ec2:*"
    );
    assert_eq!(sh.org.accounts[ACCT].users["john"].groups, ["developers"]);
}

/// The company of lesson 7, as shipped, survives the trip (its buckets need
/// the S3 service as well).
#[test]
fn the_startup_organization_rebuilds_from_its_export() {
    let org =
        iamtutor::iam::org_file::from_ron(include_str!("../assets/orgs/startup.ron")).unwrap();
    let script = Shell::new(org.clone()).run("export cli").stdout;
    let mut sh = Shell::new(Org::new());
    let failures = replay(&mut sh, &script);
    let (want, got) = (shape(&org, ACCT), shape(&sh.org, ACCT));
    assert_eq!(
        without(got.clone(), "buckets"),
        without(want.clone(), "buckets"),
        "the IAM part differs; failed lines: {failures:#?}"
    );
    assert!(failures.is_empty(), "failed lines: {failures:#?}");
    assert_eq!(got, want);
}
