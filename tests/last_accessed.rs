//! Usage the sandbox records (access key last used, role last used, service
//! and action last accessed): what leaves a record and what does not, that
//! usage is history (a refused call counts, undo keeps it, it is no change
//! of its own), that it is kept in organization files, and that the
//! advisor's unused-credential rules read it.

use iamtutor::iam::advisor::{Rule, advise};
use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::shell::Shell;

/// A shell where john (S3 read-only through his group) has a key, kept in
/// the profile `john`, created 100 days before the shell's now.
fn johns_shell() -> (Shell, String) {
    let mut s = Shell::new(Org::new());
    for cmd in [
        "aws iam create-user --user-name john",
        "aws iam create-group --group-name Readers",
        "aws iam add-user-to-group --user-name john --group-name Readers",
        "aws iam attach-group-policy --group-name Readers --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    ] {
        let o = s.run(cmd);
        assert!(o.ok, "{cmd}: {}", o.stderr);
    }
    let o = s.run(
        "aws iam create-access-key --user-name john --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text",
    );
    let mut parts = o.stdout.split_whitespace();
    let (id, secret) = (parts.next().unwrap().to_string(), parts.next().unwrap());
    for cmd in [
        format!("aws configure set aws_access_key_id {id} --profile john"),
        format!("aws configure set aws_secret_access_key {secret} --profile john"),
        "time +100d".to_string(),
    ] {
        let o = s.run(&cmd);
        assert!(o.ok, "{cmd}: {}", o.stderr);
    }
    (s, id)
}

fn key_last_used(s: &mut Shell, id: &str) -> String {
    let o = s.run(&format!(
        "aws iam get-access-key-last-used --access-key-id {id} --query AccessKeyLastUsed --output json"
    ));
    assert!(o.ok, "{}", o.stderr);
    o.stdout
}

#[test]
fn a_key_is_marked_used_by_each_request_it_signs_even_a_refused_one() {
    let (mut s, id) = johns_shell();
    assert!(!key_last_used(&mut s, &id).contains("LastUsedDate"));
    let o = s.run("aws iam list-users --profile john");
    assert!(!o.ok, "john may not list users");
    let used = key_last_used(&mut s, &id);
    assert!(used.contains("\"LastUsedDate\""), "{used}");
    assert!(used.contains("\"ServiceName\": \"iam\""), "{used}");
    // A request with a wrong secret is not authenticated: no record.
    s.run("time +1d");
    s.run("aws configure set aws_secret_access_key WRONG --profile john");
    assert!(!s.run("aws s3 ls --profile john").ok);
    assert_eq!(key_last_used(&mut s, &id), used);
}

#[test]
fn usage_is_no_change_to_undo_and_undo_does_not_forget_it() {
    let (mut s, id) = johns_shell();
    assert!(s.run("aws iam create-group --group-name Extra").ok);
    let depth = s.undo_depth();
    assert!(s.run("aws s3api list-buckets --profile john").ok);
    assert_eq!(s.undo_depth(), depth, "a read leaves nothing to undo");
    let used = key_last_used(&mut s, &id);
    assert!(used.contains("\"ServiceName\": \"s3\""), "{used}");
    let o = s.run("undo");
    assert!(
        o.stdout.contains("create-group --group-name Extra"),
        "{}",
        o.stdout
    );
    assert_eq!(key_last_used(&mut s, &id), used, "undo kept the record");
    assert!(s.run("redo").ok);
    assert_eq!(key_last_used(&mut s, &id), used, "so did redo");
}

#[test]
fn the_advisor_reads_what_the_sandbox_recorded() {
    let (mut s, id) = johns_shell();
    let unused = |org: &Org| {
        advise(org)
            .into_iter()
            .any(|f| f.rule == Rule::UnusedCredentials && f.summary.contains(&id))
    };
    assert!(unused(&s.org), "a 100-day-old key nobody used is unused");
    assert!(s.run("aws s3 ls --profile john").ok);
    assert!(!unused(&s.org), "used just now");
}

#[test]
fn usage_and_reports_are_kept_in_organization_files() {
    let (mut s, _) = johns_shell();
    assert!(s.run("aws s3api list-buckets --profile john").ok);
    let o = s.run(
        "aws iam generate-service-last-accessed-details --arn arn:aws:iam::111122223333:group/Readers --query JobId --output text",
    );
    assert!(o.ok, "{}", o.stderr);
    let job = o.stdout.trim().to_string();
    let text = org_file::to_ron(&s.org);
    assert!(text.contains("s3:ListAllMyBuckets"), "{text}");
    let back = org_file::from_ron(&text).expect("the written file reads back");
    assert_eq!(back, s.org);
    // The report reads the same from the organization read back.
    let mut again = Shell::new(back);
    let before = s.run(&format!(
        "aws iam get-service-last-accessed-details --job-id {job}"
    ));
    let after = again.run(&format!(
        "aws iam get-service-last-accessed-details --job-id {job}"
    ));
    assert!(before.ok, "{}", before.stderr);
    assert_eq!(before.stdout, after.stdout);
    assert!(
        before
            .stdout
            .contains("\"LastAuthenticatedEntity\": \"arn:aws:iam::111122223333:user/john\""),
        "{}",
        before.stdout
    );
}

#[test]
fn a_bad_accessed_list_in_a_file_is_named() {
    let text = r#"Org(accounts: [Account(id: "111122223333", users: [User(name: "ann", accessed: [Attempt(action: "s3:*", date: "2026-01-01T00:00:00Z")])])])"#;
    let e = org_file::from_ron(text).unwrap_err();
    let message = format!("{e:?}");
    assert!(message.contains("`s3:*`"), "{message}");
    assert!(message.contains("user `ann`"), "{message}");
}
