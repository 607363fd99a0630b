//! The sandbox's own commands: identities, the workspace, undo and redo,
//! the clock, and refusals that change nothing.

use iamtutor::iam::model::Org;
use iamtutor::shell::Shell;

fn shell_with_john() -> Shell {
    let text = include_str!("../assets/orgs/startup.ron");
    Shell::new(iamtutor::iam::org_file::from_ron(text).unwrap())
}

#[test]
fn as_switches_identity_and_whoami_says_who() {
    let mut sh = shell_with_john();
    let o = sh.run("whoami");
    assert!(
        o.stdout
            .contains("admin (root user of account 111122223333)"),
        "{}",
        o.stdout
    );
    let o = sh.run("as john");
    assert!(o.ok);
    assert_eq!(
        o.stdout,
        "Acting as john: arn:aws:iam::111122223333:user/john\n"
    );
    let o = sh.run("as role/S3AccessRole");
    assert!(
        o.stdout
            .contains("arn:aws:sts::111122223333:assumed-role/S3AccessRole/"),
        "{}",
        o.stdout
    );
    let o = sh.run("as nobody");
    assert!(!o.ok);
    assert!(o.stderr.contains("no user `nobody`"), "{}", o.stderr);
    assert!(
        sh.run("whoami").stdout.contains("S3AccessRole"),
        "a failed `as` keeps the identity"
    );
    sh.run("as admin");
    assert!(sh.run("whoami").stdout.contains("admin"));
}

#[test]
fn workspace_files_are_written_read_listed_and_removed() {
    let mut sh = Shell::new(Org::new());
    assert!(sh.run("ls").stdout.contains("empty"));
    let o = sh.run("write p.json <<JSON\n{\"Version\": \"2012-10-17\"}\nJSON");
    assert!(o.ok, "{}", o.stderr);
    assert_eq!(o.stdout, "wrote p.json (1 line)\n");
    assert_eq!(
        sh.run("cat p.json").stdout,
        "{\"Version\": \"2012-10-17\"}\n"
    );
    assert!(sh.run("ls").stdout.contains("p.json"));
    assert!(!sh.run("cat nope.json").ok);
    assert!(sh.run("rm p.json").ok);
    assert!(!sh.run("rm p.json").ok);
    assert!(!sh.run("write ../etc/passwd <<X\nx\nX").ok);
}

#[test]
fn undo_redo_and_reset_move_the_whole_organization() {
    let mut sh = Shell::new(Org::new());
    let start = sh.org.now;
    let o = sh.run("time +1h");
    assert!(o.changed);
    assert_eq!(o.stdout, "2026-01-05T10:00:00+00:00\n");
    sh.run("time +30m");
    assert_eq!(sh.org.now, start + 5400);
    sh.run("undo");
    assert_eq!(sh.org.now, start + 3600);
    sh.run("redo");
    assert_eq!(sh.org.now, start + 5400);
    sh.run("reset");
    assert_eq!(sh.org.now, start);
    sh.run("undo");
    assert_eq!(sh.org.now, start + 5400, "reset can be undone");
    assert!(sh.run("redo").ok);
    assert_eq!(sh.org.now, start, "redo applies the reset again");
    assert!(!sh.run("redo").ok, "nothing left to redo");
    let o = sh.run("time yesterday");
    assert!(!o.ok && o.stderr.contains("+90s"));
}

#[test]
fn save_and_load_keep_named_copies() {
    let mut sh = Shell::new(Org::new());
    let start = sh.org.now;
    sh.run("save clean");
    sh.run("time +1d");
    assert!(sh.run("load clean").ok);
    assert_eq!(sh.org.now, start);
    sh.run("undo");
    assert_eq!(sh.org.now, start + 86_400);
    assert!(!sh.run("load missing").ok);
    assert!(sh.run("save").stdout.contains("clean"));
}

#[test]
fn unknown_commands_and_bad_quotes_change_nothing_and_say_why() {
    let mut sh = shell_with_john();
    let before = sh.org.clone();
    let o = sh.run("hitsory");
    assert!(!o.ok);
    assert!(o.stderr.contains("Did you mean `history`?"), "{}", o.stderr);
    let o = sh.run("aws iam create-user --user-name 'john");
    assert!(!o.ok && o.stderr.contains("never closed"), "{}", o.stderr);
    assert_eq!(sh.org, before);
    assert_eq!(sh.history.len(), 2);
    assert!(sh.run("history").stdout.contains("    1  hitsory"));
}

#[test]
fn help_lists_every_builtin_and_explains_one() {
    let mut sh = Shell::new(Org::new());
    let all = sh.run("help").stdout;
    for b in iamtutor::shell::builtins::BUILTINS {
        assert!(all.contains(b.name), "{} missing from help", b.name);
    }
    assert!(
        sh.run("help as")
            .stdout
            .contains("as <user | role/NAME | profile | admin>")
    );
    assert!(!sh.run("help nothing").ok);
}

#[test]
fn configure_keeps_profiles_in_memory_and_checks_them_like_aws() {
    let mut sh = shell_with_john();
    assert!(
        sh.run("aws configure set region us-west-2 --profile dev")
            .ok
    );
    assert_eq!(
        sh.run("aws configure get region --profile dev").stdout,
        "us-west-2\n"
    );
    assert!(
        !sh.run("aws configure get aws_session_token --profile dev")
            .ok
    );
    assert!(sh.run("aws configure list-profiles").stdout.contains("dev"));
    let o = sh.run("as dev");
    assert!(
        !o.ok && o.stderr.contains("Unable to locate credentials"),
        "{}",
        o.stderr
    );
    sh.run("aws configure set aws_access_key_id AKIAFAKEFAKEFAKEFAKE --profile dev");
    sh.run("aws configure set aws_secret_access_key wrong --profile dev");
    let o = sh.run("as dev");
    assert!(
        o.stderr
            .contains("security token included in the request is invalid"),
        "{}",
        o.stderr
    );
}

#[test]
fn mfa_code_reads_like_an_authenticator_app() {
    use iamtutor::iam::model::{Caller, DEFAULT_ACCOUNT};
    use iamtutor::iam::ops::{call, totp};
    let mut sh = Shell::new(Org::new());
    let root = Caller::Root {
        account: DEFAULT_ACCOUNT.into(),
    };
    call(
        &mut sh.org,
        &root,
        "iam",
        "CreateVirtualMFADevice",
        &serde_json::json!({"VirtualMFADeviceName": "phone"}),
    )
    .unwrap();
    let seed = sh.org.accounts[DEFAULT_ACCOUNT].mfa_devices["phone"]
        .seed
        .clone();
    let o = sh.run("mfa-code phone");
    assert_eq!(o.stdout.trim(), totp(&seed, sh.org.now));
    sh.run("time +30s");
    assert_eq!(
        sh.run("mfa-code arn:aws:iam::111122223333:mfa/phone")
            .stdout
            .trim(),
        totp(&seed, sh.org.now)
    );
    assert!(!sh.run("mfa-code laptop").ok);
}

#[test]
fn why_explains_a_refused_service_call_too() {
    let mut sh = shell_with_john();
    assert!(sh.run("as john").ok);
    let o = sh.run("aws s3api put-object --bucket startup-reports --key x.txt");
    assert!(!o.ok);
    assert_eq!(o.code, 254);
    assert!(
        o.stderr
            .contains("An error occurred (AccessDenied) when calling the PutObject operation"),
        "{}",
        o.stderr
    );
    let why = sh.run("why").stdout;
    assert!(why.starts_with("✗ denied"), "{why}");
    assert!(why.contains("s3:PutObject"), "{why}");
    assert!(why.contains("through group Developers"), "{why}");
}

#[test]
fn tab_completes_commands_operations_options_and_names() {
    let sh = shell_with_john();
    let c = |line: &str| sh.complete(line);
    assert_eq!(c("wh").candidates, ["whoami", "why"]);
    assert!(c("aws i").candidates.contains(&"iam".to_string()));
    assert!(
        c("aws iam create-u")
            .candidates
            .contains(&"create-user".to_string())
    );
    assert!(
        c("aws iam create-user --us")
            .candidates
            .contains(&"--user-name".to_string())
    );
    let users = c("aws iam add-user-to-group --user-name ").candidates;
    assert!(
        users.contains(&"john".to_string()) && users.contains(&"priya".to_string()),
        "{users:?}"
    );
    assert_eq!(
        c("aws iam get-group --group-name Dev").candidates,
        ["DevOps", "Developers"]
    );
    let arns =
        c("aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/Admin")
            .candidates;
    assert_eq!(arns, ["arn:aws:iam::aws:policy/AdministratorAccess"]);
    assert!(
        c("as role/")
            .candidates
            .contains(&"role/S3AccessRole".to_string())
    );
    let line = "aws iam create-user --output t";
    let r = c(line);
    assert_eq!(r.candidates, ["table", "text"]);
    assert_eq!(&line[r.start..], "t");
    assert!(
        c("aws iam simulate-custom-policy --action-names s3:GetObj")
            .candidates
            .iter()
            .any(|a| a == "s3:GetObject")
    );
}
