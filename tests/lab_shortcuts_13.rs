//! The labs of lesson 13 against wrong-but-plausible solutions, in the
//! manner of `lab_shortcuts_14.rs`: the lab's own solution with one mistake a
//! hurried learner makes. Every command still runs, so a goal has to catch
//! the mistake; and the untouched solution meets that same goal, so the goal
//! is not simply impossible.

use crate::lab_shortcuts::course;
use crate::lab_shortcuts_b::{Shortcut, check_all};

const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        lab: "guardrails-perimeter",
        mistake: "the organization Deny dropped and the auditor's Allow kept",
        replace: &[(
            r#"{"Sid": "OnlyOurOrganization", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::startup-prod-logs", "arn:aws:s3:::startup-prod-logs/*"], "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}"#,
            r#"{"Sid": "AuditorReadsLogs", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::777788889999:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::startup-prod-logs/*"}"#,
        )],
        then: &[],
        unmet: "The partner's reader cannot read the logs",
    },
    Shortcut {
        lab: "guardrails-perimeter",
        mistake: "StringNotEqualsIfExists alone, with no exemption for AWS services",
        replace: &[(
            r#", "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}"#,
            "",
        )],
        then: &[],
        unmet: "The Deny lets AWS services such as CloudTrail through (the advisor finds no perimeter problem)",
    },
    Shortcut {
        lab: "guardrails-perimeter",
        mistake: "the bucket policy deleted instead of fixed",
        replace: &[],
        then: &["aws s3api delete-bucket-policy --bucket startup-prod-logs"],
        unmet: "sam, the security analyst in the data account, still reads the logs",
    },
    Shortcut {
        lab: "guardrails-scp",
        mistake: "ProtectTheOrg attached to prod alone",
        replace: &[("--target-id r-d4e5", "--target-id 111122223333")],
        then: &[],
        unmet: "lee (sandbox, AdministratorAccess) cannot leave the organization",
    },
    Shortcut {
        lab: "guardrails-scp",
        mistake: "the SCP created but never attached",
        replace: &[(
            "aws organizations attach-policy --policy-id p-7c2ba16e --target-id r-d4e5",
            "",
        )],
        then: &[],
        unmet: "maya (prod, AdministratorAccess) cannot leave the organization",
    },
    Shortcut {
        lab: "guardrails-scp",
        mistake: "ProtectTheOrg put in FullAWSAccess's place on prod, as if an SCP granted",
        replace: &[("--target-id r-d4e5", "--target-id 111122223333")],
        then: &[
            "aws organizations detach-policy --policy-id p-FullAWSAccess --target-id 111122223333",
        ],
        unmet: "maya still launches servers in eu-west-1",
    },
];

#[test]
fn every_lesson_13_shortcut_leaves_its_goal_unmet_and_the_solution_meets_it() {
    check_all(SHORTCUTS);
}

#[test]
fn every_organization_lab_of_lesson_13_has_a_shortcut() {
    let course = course();
    let lesson = course
        .lessons
        .iter()
        .find(|l| l.id == "guardrails")
        .expect("lesson 13 is in the course");
    // The two labs without an organization have theirs in
    // `lab_shortcuts_b.rs`; every other lab of the lesson needs one here.
    let elsewhere = ["guardrails-network", "guardrails-notprincipal"];
    let here: Vec<_> = lesson
        .labs
        .iter()
        .filter(|l| !elsewhere.contains(&l.id.as_str()))
        .collect();
    assert!(!here.is_empty(), "lesson 13 holds an organization lab");
    for lab in here {
        assert!(
            SHORTCUTS.iter().any(|s| s.lab == lab.id),
            "lab `{}` has no wrong-but-plausible solution here",
            lab.id
        );
    }
}
