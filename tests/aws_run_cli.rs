//! The binary's `iamtutor run` and `iamtutor aws`: scripts, state files
//! saved atomically, real files for `export --to` and `import`.
//!
//! The tests in `mod needs_cli` run real `aws ...` lines, so they need the
//! AWS CLI layer (src/shell/cli); with its placeholder they fail. The rest
//! use only the sandbox's own commands.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::iam::time::DEFAULT_NOW;

use crate::scratch::scratch;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

/// Runs the binary in `dir` with `args`, feeding `stdin`.
fn iamtutor(dir: &Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .current_dir(dir)
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
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// The names in a directory, sorted: temporary files would show up here.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn load(path: &Path) -> Org {
    org_file::from_ron(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn run_stops_at_the_first_failure_and_names_the_line() {
    let dir = scratch("run-stops");
    let script = "\
# comments and blank lines are skipped

write p.json <<JSON
{\"Version\": \"2012-10-17\"}
JSON
cat p.json
cat nope.json
whoami
";
    fs::write(dir.join("s.sh"), script).unwrap();
    let r = iamtutor(&dir, &["run", "s.sh"], "");
    assert_ne!(r.code, 0);
    assert_eq!(
        r.stdout,
        "wrote p.json (1 line)\n{\"Version\": \"2012-10-17\"}\n"
    );
    assert_eq!(
        r.stderr,
        "cat: nope.json: no such file in the workspace (see `ls`)\niamtutor: line 7 failed: cat nope.json\n"
    );
}

#[test]
fn run_goes_on_past_or_true() {
    let dir = scratch("run-or-true");
    let script = "cat nope.json || true\nnosuch-command || true\ntime +1h\n";
    fs::write(dir.join("s.sh"), script).unwrap();
    let r = iamtutor(&dir, &["run", "s.sh"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "2026-01-05T10:00:00+00:00\n");
    assert!(r.stderr.contains("nope.json"), "failures still say why");
    assert!(!r.stderr.contains("iamtutor: line"), "{}", r.stderr);
}

#[test]
fn run_echo_writes_a_transcript() {
    let dir = scratch("run-echo");
    let script = "time +2h\nwrite a <<EOF\nx\nEOF\ncat a\n";
    let r = iamtutor(&dir, &["run", "--echo", "-"], script);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "$ time +2h\n2026-01-05T11:00:00+00:00\n$ write a <<EOF\nx\nEOF\nwrote a (1 line)\n$ cat a\nx\n"
    );
}

#[test]
fn run_with_state_saves_only_a_successful_script() {
    let dir = scratch("run-state");
    fs::write(dir.join("ok.sh"), "time +1h\n").unwrap();
    let r = iamtutor(&dir, &["run", "ok.sh", "--state", "org.ron"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(load(&dir.join("org.ron")).now, DEFAULT_NOW + 3600);
    assert_eq!(
        listing(&dir),
        ["ok.sh", "org.ron"],
        "the atomic save leaves no temporary file"
    );

    let saved = fs::read(dir.join("org.ron")).unwrap();
    fs::write(dir.join("bad.sh"), "time +1h\ncat nope.json\n").unwrap();
    let r = iamtutor(&dir, &["run", "bad.sh", "--state", "org.ron"], "");
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("line 2 failed"), "{}", r.stderr);
    assert_eq!(fs::read(dir.join("org.ron")).unwrap(), saved, "untouched");

    // A script that changes nothing does not write either.
    fs::write(dir.join("read.sh"), "whoami\n").unwrap();
    fs::remove_file(dir.join("org.ron")).unwrap();
    let r = iamtutor(&dir, &["run", "read.sh", "--state", "org.ron"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.join("org.ron").exists());
}

#[test]
fn a_broken_state_file_is_reported_and_kept() {
    let dir = scratch("run-broken-state");
    let broken = "Org(accounts: [Account(id: \"1\")])\n";
    fs::write(dir.join("org.ron"), broken).unwrap();
    fs::write(dir.join("s.sh"), "time +1h\n").unwrap();
    for args in [
        &["run", "s.sh", "--state", "org.ron"][..],
        &["aws", "--state", "org.ron", "iam", "list-users"][..],
    ] {
        let r = iamtutor(&dir, args, "");
        assert_ne!(r.code, 0);
        assert!(r.stderr.starts_with("org.ron:1:"), "{}", r.stderr);
        assert_eq!(fs::read_to_string(dir.join("org.ron")).unwrap(), broken);
    }
}

#[test]
fn run_carries_out_export_and_import() {
    let dir = scratch("run-effects");
    let org = "Org(accounts: [Account(id: \"111122223333\", users: [User(name: \"ann\", path: \"/ops/\")])])\n";
    fs::write(dir.join("start.ron"), org).unwrap();
    let script = "\
import start.ron
export cli --to out.sh
export json --to out.json
import missing.ron || true
";
    fs::write(dir.join("s.sh"), script).unwrap();
    let r = iamtutor(&dir, &["run", "s.sh"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Imported start.ron: 1 user"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("to out.sh"), "{}", r.stdout);
    assert!(
        r.stderr.contains("import: cannot read missing.ron"),
        "{}",
        r.stderr
    );
    let cli = fs::read_to_string(dir.join("out.sh")).unwrap();
    assert!(
        cli.contains("aws iam create-user --user-name ann --path /ops/\n"),
        "{cli}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("out.json")).unwrap()).unwrap();
    assert_eq!(json["UserDetailList"][0]["Path"], "/ops/");

    // A broken file is refused with its position, and fails the line.
    fs::write(dir.join("bad.ron"), "Org(accounts: [").unwrap();
    let r = iamtutor(&dir, &["run", "-"], "import bad.ron\n");
    assert_ne!(r.code, 0);
    assert!(r.stderr.starts_with("bad.ron:1:"), "{}", r.stderr);
    assert!(r.stderr.contains("line 1 failed: import bad.ron"));
}

#[test]
fn a_missing_script_is_an_error() {
    let dir = scratch("run-missing");
    let r = iamtutor(&dir, &["run", "nope.sh"], "");
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("cannot read nope.sh"), "{}", r.stderr);
}

/// These run `aws ...` through the real AWS CLI layer: they fail while
/// src/shell/cli is the placeholder.
mod needs_cli {
    use super::*;

    #[test]
    fn aws_creates_the_state_file_on_success() {
        let dir = scratch("aws-create");
        let r = iamtutor(
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
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["User"]["UserName"], "john");
        assert!(
            load(&dir.join("org.ron"))
                .user("111122223333", "john")
                .is_some()
        );
        assert_eq!(listing(&dir), ["org.ron"], "no temporary file is left");

        let r = iamtutor(
            &dir,
            &[
                "aws",
                "--state",
                "org.ron",
                "iam",
                "get-user",
                "--user-name",
                "john",
            ],
            "",
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("\"UserName\": \"john\""), "{}", r.stdout);
    }

    #[test]
    fn aws_keeps_a_refused_attempt_in_the_state_file() {
        let dir = scratch("aws-attempt");
        let aws = |args: &[&str]| {
            let mut all = vec!["aws", "--state", "org.ron"];
            all.extend_from_slice(args);
            iamtutor(&dir, &all, "")
        };
        assert_eq!(aws(&["iam", "create-user", "--user-name", "john"]).code, 0);
        let key = aws(&[
            "iam",
            "create-access-key",
            "--user-name",
            "john",
            "--query",
            "AccessKey.[AccessKeyId,SecretAccessKey]",
            "--output",
            "text",
        ]);
        let mut parts = key.stdout.split_whitespace();
        let (id, secret) = (parts.next().unwrap(), parts.next().unwrap());
        for (name, value) in [("aws_access_key_id", id), ("aws_secret_access_key", secret)] {
            let r = aws(&["configure", "set", name, value, "--profile", "john"]);
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
        let r = aws(&["iam", "list-users", "--profile", "john"]);
        assert_eq!(r.code, 254, "john may not list users: {}", r.stderr);
        let org = load(&dir.join("org.ron"));
        let john = &org.accounts.values().next().unwrap().users["john"];
        assert!(john.accessed.contains_key("iam:ListUsers"), "{john:?}");
        assert_eq!(
            john.access_keys[0]
                .last_used
                .as_ref()
                .map(|l| l.service.as_str()),
            Some("iam")
        );
    }

    #[test]
    fn aws_leaves_the_state_file_untouched_on_failure() {
        let dir = scratch("aws-failure");
        let create = [
            "aws",
            "--state",
            "org.ron",
            "iam",
            "create-user",
            "--user-name",
            "john",
        ];
        assert_eq!(iamtutor(&dir, &create, "").code, 0);
        let saved = fs::read(dir.join("org.ron")).unwrap();

        let r = iamtutor(&dir, &create, "");
        assert_eq!(r.code, 254, "a service error: {}", r.stderr);
        assert!(
            r.stderr.contains(
                "An error occurred (EntityAlreadyExists) when calling the CreateUser operation"
            ),
            "{}",
            r.stderr
        );
        assert_eq!(fs::read(dir.join("org.ron")).unwrap(), saved);

        let r = iamtutor(
            &dir,
            &["aws", "--state", "org.ron", "iam", "create-usr"],
            "",
        );
        assert_eq!(r.code, 252, "a usage error: {}", r.stderr);
        assert_eq!(fs::read(dir.join("org.ron")).unwrap(), saved);
        assert_eq!(listing(&dir), ["org.ron"]);
    }

    #[test]
    fn aws_read_only_commands_write_nothing() {
        let dir = scratch("aws-read-only");
        let r = iamtutor(
            &dir,
            &["aws", "--state", "org.ron", "iam", "list-users"],
            "",
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!dir.join("org.ron").exists());
    }

    #[test]
    fn aws_reads_file_arguments_from_disk_and_keeps_line_breaks() {
        let dir = scratch("aws-files");
        let policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}\n";
        fs::write(dir.join("p.json"), policy).unwrap();
        let r = iamtutor(
            &dir,
            &[
                "aws",
                "--state",
                "org.ron",
                "iam",
                "create-policy",
                "--policy-name",
                "FromFile",
                "--policy-document",
                "file://p.json",
            ],
            "",
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        // As "$(cat p.json)" would pass it: one argument with line breaks.
        let r = iamtutor(
            &dir,
            &[
                "aws",
                "--state",
                "org.ron",
                "iam",
                "create-policy",
                "--policy-name",
                "Inline",
                "--policy-document",
                policy,
            ],
            "",
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let org = load(&dir.join("org.ron"));
        assert_eq!(org.accounts["111122223333"].policies.len(), 2);
    }

    #[test]
    fn run_replays_an_exported_script_into_a_new_state_file() {
        let dir = scratch("run-replay");
        let build = "\
aws iam create-group --group-name Developers
aws iam create-user --user-name john --path /eng/
aws iam add-user-to-group --group-name Developers --user-name john
aws iam create-user --user-name john || true
export cli --to rebuild.sh
";
        fs::write(dir.join("build.sh"), build).unwrap();
        let r = iamtutor(&dir, &["run", "build.sh", "--state", "a.ron"], "");
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains("EntityAlreadyExists"), "{}", r.stderr);
        let r = iamtutor(&dir, &["run", "rebuild.sh", "--state", "b.ron"], "");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let (a, b) = (load(&dir.join("a.ron")), load(&dir.join("b.ron")));
        let members = |org: &Org| org.user("111122223333", "john").unwrap().groups.clone();
        assert_eq!(members(&a), members(&b));
        assert_eq!(b.user("111122223333", "john").unwrap().path, "/eng/");
    }
}
