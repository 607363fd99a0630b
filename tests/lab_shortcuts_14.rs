//! The labs of lesson 14 against wrong-but-plausible solutions, in the
//! manner of `lab_shortcuts_b.rs`: the lab's own solution with one mistake a
//! hurried learner makes. Every command still runs, so a goal has to catch
//! the mistake; and the untouched solution meets that same goal, so the goal
//! is not simply impossible.

use crate::lab_shortcuts::course;
use crate::lab_shortcuts_b::{Shortcut, check_all};

const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        lab: "federation-abac",
        mistake: "`ec2:*` under the tag condition, which includes ec2:CreateTags",
        replace: &[(
            r#""Action": ["ec2:StartInstances", "ec2:StopInstances", "ec2:RebootInstances"]"#,
            r#""Action": "ec2:*""#,
        )],
        then: &[],
        unmet: "ana cannot change the team tag on web-1",
    },
    Shortcut {
        lab: "federation-abac",
        mistake: "AmazonEC2FullAccess on the group instead of a tag condition",
        replace: &[],
        then: &[
            "aws iam delete-group-policy --group-name Engineers --policy-name TeamServers",
            "aws iam attach-group-policy --group-name Engineers --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess",
        ],
        unmet: "ana cannot stop etl-1 (team data)",
    },
    Shortcut {
        lab: "federation-abac",
        mistake: "the web team's tag written out instead of the caller's",
        replace: &[(
            r#""aws:ResourceTag/team": "${aws:PrincipalTag/team}""#,
            r#""aws:ResourceTag/team": "web""#,
        )],
        then: &[],
        unmet: "ben can reboot etl-1, and cannot start web-1",
    },
    Shortcut {
        lab: "federation-abac",
        mistake: "the per-person policies left in place beside the group's",
        replace: &[(
            "aws iam delete-user-policy --user-name eli --policy-name WebServer",
            "",
        )],
        then: &[],
        unmet: "Nobody holds a policy of their own any more",
    },
    Shortcut {
        lab: "federation-revoke",
        mistake: "a Deny on everything, with no time condition",
        replace: &[(
            r#", "Condition": {"DateLessThan": {"aws:TokenIssueTime": "2026-03-02T10:00:00Z"}}"#,
            "",
        )],
        then: &[],
        unmet: "A session issued at 10:05, after the revocation, can upload builds",
    },
    Shortcut {
        lab: "federation-revoke",
        mistake: "a revocation time before the leaked session was issued",
        replace: &[("2026-03-02T10:00:00Z", "2026-03-02T09:00:00Z")],
        then: &[],
        unmet: "The leaked session (issued 09:12) can no longer upload builds",
    },
    Shortcut {
        lab: "federation-revoke",
        mistake: "the role's policy deleted instead of the sessions revoked",
        replace: &[],
        then: &["aws iam delete-role-policy --role-name ReleaseRole --policy-name UploadBuilds"],
        unmet: "A session issued at 10:05 can read builds too",
    },
    Shortcut {
        lab: "federation-github-deploy",
        mistake: "a trust policy that checks only the audience",
        replace: &[(
            r#", "token.actions.githubusercontent.com:sub": "repo:acme/web:ref:refs/heads/main""#,
            "",
        )],
        then: &[],
        unmet: "A fork's main branch (mallory/web) cannot",
    },
    Shortcut {
        lab: "federation-github-deploy",
        mistake: "`sub` matched with StringLike `repo:acme/web:*`",
        replace: &[(
            r#""StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/web:ref:refs/heads/main"}"#,
            r#""StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/web:*"}"#,
        )],
        then: &[],
        unmet: "A pull request's job cannot",
    },
    Shortcut {
        lab: "federation-github-deploy",
        mistake: "`sub` matched with StringLike `repo:acme/*:ref:refs/heads/main`",
        replace: &[(
            r#""StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:acme/web:ref:refs/heads/main"}"#,
            r#""StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/*:ref:refs/heads/main"}"#,
        )],
        then: &[],
        unmet: "Another acme repository (acme/docs) cannot",
    },
    Shortcut {
        lab: "federation-github-deploy",
        mistake: "no condition on the audience",
        replace: &[(
            r#""token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "#,
            "",
        )],
        then: &[],
        unmet: "A main-branch token minted for another audience cannot",
    },
    Shortcut {
        lab: "federation-github-deploy",
        mistake: "AmazonS3FullAccess on the role instead of the upload policy",
        replace: &[],
        then: &[
            "aws iam delete-role-policy --role-name GitHubDeploy --policy-name UploadBuilds",
            "aws iam attach-role-policy --role-name GitHubDeploy --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess",
        ],
        unmet: "...and can do nothing beyond uploading and reading builds",
    },
    Shortcut {
        lab: "federation-github-deploy",
        mistake: "the role made but GitHub's provider never registered",
        replace: &[(
            "aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com",
            "",
        )],
        then: &[],
        unmet: "A job on acme/web's main branch can assume GitHubDeploy",
    },
];

#[test]
fn every_lesson_14_shortcut_leaves_its_goal_unmet_and_the_solution_meets_it() {
    check_all(SHORTCUTS);
}

#[test]
fn every_lab_of_lesson_14_has_a_shortcut() {
    let course = course();
    let lesson = course
        .lessons
        .iter()
        .find(|l| l.id == "federation")
        .expect("lesson 14 is in the course");
    assert_eq!(lesson.labs.len(), 3, "lesson 14 holds three labs");
    for lab in &lesson.labs {
        assert!(
            SHORTCUTS.iter().any(|s| s.lab == lab.id),
            "lab `{}` has no wrong-but-plausible solution here",
            lab.id
        );
    }
}
