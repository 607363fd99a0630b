//! Spot-the-problem questions and the lab checks built on the advisor and
//! the escalation search: the answers come from the engine, so each test
//! changes one fact and watches the answer follow it.

use iamtutor::content::goals;
use iamtutor::content::load;
use iamtutor::content::schema::{Check, Question, Setup};
use iamtutor::learn::quiz::{Answer, Session};

fn orgs(name: &str) -> Option<String> {
    iamtutor::content::embedded::org(name).map(str::to_string)
}

/// john has a policy of his own; sarah gets the same through a group.
const SPOT: &str = r#"[
    Question(id: "s1", topic: "practices", prompt: "Who breaks a best practice?",
        kind: Spot(SpotQuestion(
            setup: Commands([
                "aws iam create-user --user-name john",
                "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                "aws iam create-user --user-name sarah",
                "aws iam create-group --group-name Readers",
                "aws iam attach-group-policy --group-name Readers --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                "aws iam add-user-to-group --group-name Readers --user-name sarah",
            ]),
            options: ["sarah", "john", "group/Readers"],
            rule: Some("direct-policies"),
        )),
        explanation: "Policies belong on groups."),
]"#;

fn spot_questions() -> Vec<Question> {
    load::parse("s.ron", SPOT).unwrap()
}

#[test]
fn a_spot_question_is_right_only_on_the_entity_the_advisor_flags() {
    let s = Session::new(&spot_questions(), 3, &orgs).unwrap();
    let item = &s.items[0];
    let spotted = item
        .spotted
        .as_ref()
        .expect("a spot question is judged when asked");
    // File order: sarah, john, group/Readers.
    assert_eq!(spotted.flagged, vec![false, true, false]);
    assert!(
        spotted.inventory.iter().any(|l| l.contains("user john")),
        "the learner sees the organization: {:?}",
        spotted.inventory
    );
    let shown = |name: &str| {
        let file_index = ["sarah", "john", "group/Readers"]
            .iter()
            .position(|n| *n == name)
            .unwrap();
        item.order.iter().position(|&i| i == file_index).unwrap()
    };
    let mut s2 = s.clone();
    let right = s2.answer(0, &Answer::One(shown("john")));
    assert!(right.correct);
    assert_eq!(right.right_answer, "john");
    let trail = right
        .trail
        .expect("the findings are shown after the answer");
    assert!(trail.contains("john") && trail.contains("fix:"), "{trail}");
    let wrong = s2.answer(0, &Answer::One(shown("sarah")));
    assert!(!wrong.correct);
    assert!(wrong.why_not.unwrap().contains("sarah"));
}

#[test]
fn the_answer_follows_the_organization_not_the_file() {
    // Move john into the group too: now nobody is flagged, and the course
    // checker refuses the question.
    let mut q = spot_questions();
    let iamtutor::content::schema::QuestionKind::Spot(spot) = &mut q[0].kind else {
        unreachable!()
    };
    let Setup::Commands(cmds) = &mut spot.setup else {
        unreachable!()
    };
    cmds.push("aws iam add-user-to-group --group-name Readers --user-name john".into());
    cmds.push("aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".into());
    let (flagged, findings, _) = goals::spot(spot, &orgs).unwrap();
    assert_eq!(flagged, vec![false, false, false]);
    assert!(findings.is_empty());
}

#[test]
fn an_unknown_rule_is_an_error_not_a_silent_pass() {
    let org = iamtutor::iam::model::Org::with_accounts(&["111122223333"]);
    let err = goals::met(
        &org,
        "111122223333",
        &Check::AdvisorQuiet(vec!["shared-users".into()]),
    )
    .unwrap_err();
    assert!(
        err.contains("shared-users") && err.contains("shared-user"),
        "{err}"
    );
}

fn shell_from(cmds: &[&str]) -> iamtutor::shell::Shell {
    let setup = Setup::Commands(cmds.iter().map(|c| c.to_string()).collect());
    goals::build(&setup, &orgs).unwrap()
}

#[test]
fn advisor_quiet_follows_the_findings() {
    let mut shell = shell_from(&[
        "aws iam create-user --user-name john",
        "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    ]);
    let quiet = |shell: &iamtutor::shell::Shell, rules: &[&str]| {
        goals::met(
            &shell.org,
            &shell.home,
            &Check::AdvisorQuiet(rules.iter().map(|r| r.to_string()).collect()),
        )
        .unwrap()
    };
    assert!(!quiet(&shell, &[]));
    assert!(!quiet(&shell, &["direct-policies"]));
    // A rule that does not fire here is quiet on its own.
    assert!(quiet(&shell, &["open-trust"]));
    let o = shell.run("aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    assert!(o.ok, "{}", o.stderr);
    assert!(quiet(&shell, &["direct-policies"]));
}

#[test]
fn no_escalation_follows_the_paths() {
    // dev may attach any policy to himself: the shortest way to anything.
    let mut shell = shell_from(&[
        "aws iam create-user --user-name dev",
        r#"aws iam put-user-policy --user-name dev --policy-name SelfService --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::111122223333:user/dev"}]}'"#,
    ]);
    let check = Check::NoEscalation("dev".into());
    assert!(!goals::met(&shell.org, &shell.home, &check).unwrap());
    let o = shell.run("aws iam delete-user-policy --user-name dev --policy-name SelfService");
    assert!(o.ok, "{}", o.stderr);
    assert!(goals::met(&shell.org, &shell.home, &check).unwrap());
    // A principal that does not exist yet has not met the goal: "cannot
    // gain power" is not true of someone who is not there.
    assert_eq!(
        goals::met(
            &shell.org,
            &shell.home,
            &Check::NoEscalation("nobody".into())
        ),
        Ok(false)
    );
}

#[test]
fn the_shell_says_what_a_change_did_to_access() {
    let mut shell = shell_from(&[
        "aws iam create-group --group-name Readers",
        "aws iam attach-group-policy --group-name Readers --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "aws iam create-user --user-name john",
        "aws iam create-user --user-name sarah",
        "aws iam create-user --user-name priya",
        "aws iam add-user-to-group --group-name Readers --user-name john",
        "aws iam add-user-to-group --group-name Readers --user-name sarah",
        "aws iam add-user-to-group --group-name Readers --user-name priya",
        "aws s3 mb s3://reports",
    ]);
    shell.track_access = true;
    let o = shell.run("aws iam detach-group-policy --group-name Readers --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess");
    assert!(o.ok, "{}", o.stderr);
    let diff = o.access.expect("the shell compared access");
    assert!(diff.gained.is_empty());
    let lost_by: std::collections::BTreeSet<&str> =
        diff.lost.iter().map(|c| c.principal.as_str()).collect();
    assert_eq!(lost_by, ["john", "priya", "sarah"].into_iter().collect());
    assert!(diff.lost.iter().any(|c| c.column.action == "s3:GetObject"));
    assert!(
        diff.summary()
            .iter()
            // Every action the wildcard policy gave is lost alike: one
            // sentence for all of them, naming the three.
            .any(|l| l.contains("lost by 3 users (john, priya, sarah)")),
        "{:?}",
        diff.summary()
    );
    // `changes` says the same, cell by cell.
    let c = shell.run("changes");
    assert!(c.ok);
    for who in ["john", "sarah", "priya"] {
        assert!(c.stdout.contains(who), "{}", c.stdout);
    }
    // A command that changes nothing compares nothing.
    let o = shell.run("aws iam list-users");
    assert!(o.access.is_none());
}

#[test]
fn the_sandbox_commands_refuse_what_they_cannot_do() {
    let mut shell = shell_from(&["aws iam create-user --user-name john"]);
    let o = shell.run("advise no-such-rule");
    assert!(!o.ok && o.stderr.contains("no-such-rule"), "{}", o.stderr);
    let o = shell.run("paths nobody");
    assert!(!o.ok && o.stderr.contains("nobody"), "{}", o.stderr);
    let mut fresh = shell_from(&[]);
    let o = fresh.run("changes");
    assert!(o.ok && o.stdout.contains("No change yet"), "{}", o.stdout);
}
