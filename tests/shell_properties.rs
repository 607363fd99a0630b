//! Random command lines never panic the sandbox, and a command that reports
//! an error leaves the organization exactly as it was.

use iamtutor::shell::Shell;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "aws",
    "iam",
    "sts",
    "s3",
    "s3api",
    "ec2",
    "create-user",
    "delete-user",
    "create-group",
    "add-user-to-group",
    "attach-user-policy",
    "put-user-policy",
    "create-role",
    "assume-role",
    "get-caller-identity",
    "--user-name",
    "--group-name",
    "--role-name",
    "--policy-arn",
    "--policy-name",
    "--policy-document",
    "--output",
    "--query",
    "--profile",
    "json",
    "table",
    "text",
    "john",
    "Developers",
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "'{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}'",
    "'{not json'",
    "\"",
    "'",
    "\\",
    "as",
    "admin",
    "undo",
    "redo",
    "reset",
    "why",
    "ls",
    "cat",
    "rm",
    "time",
    "+1h",
    "file://missing.json",
    "--tags",
    "Key=a,Value=b",
    "s3://bucket",
    "mb",
    "on",
    "i-0123",
    "help",
    "#",
    "<<EOF",
    "\u{1b}[31m",
    "🙂",
    "",
];

fn line() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(WORDS), 0..8).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn failed_commands_change_nothing(lines in proptest::collection::vec(line(), 1..12)) {
        let mut sh = Shell::new(iamtutor::iam::model::Org::new());
        for l in &lines {
            let before = sh.org.clone();
            let o = sh.run(l);
            if !o.ok {
                prop_assert_eq!(&sh.org, &before, "`{}` failed but changed the organization", l);
                prop_assert!(!o.stderr.is_empty() || o.stdout.is_empty(), "`{}` failed silently with output", l);
            }
            prop_assert_eq!(o.changed, sh.org != before, "`{}`: changed flag is wrong", l);
        }
    }
}
