//! The labs of lessons 7 to 13 against wrong-but-plausible solutions.
//!
//! Each shortcut is the lab's own solution with one mistake a hurried
//! learner makes: a text replaced in one of its commands (a wider resource,
//! a broader managed policy, `Bool` for `BoolIfExists`), or a command added
//! or dropped. Every command still runs without an error, so it is a goal,
//! not AWS, that has to catch the mistake: the goal named must stay unmet.
//! And since the untouched solution meets that very goal (checked here
//! too), the goal is not simply impossible to meet.

use iamtutor::content::schema::{Goal, Lab};
use iamtutor::content::{embedded, goal_report, goals};

/// Shared with the later lessons' shortcut files.
pub(crate) struct Shortcut {
    pub lab: &'static str,
    /// The mistake, for the failure message.
    pub mistake: &'static str,
    /// (text in the solution, what the learner typed instead); an empty
    /// replacement that leaves a command empty drops that command.
    pub replace: &'static [(&'static str, &'static str)],
    /// Commands run after the (altered) solution.
    pub then: &'static [&'static str],
    /// The text of the goal that must stay unmet.
    pub unmet: &'static str,
}

const WEB1: &str = "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60001";

const SHORTCUTS: &[Shortcut] = &[
    // Lesson 7: the whole company.
    Shortcut {
        lab: "company-build",
        mistake: "DevOps may pass any role, to any service",
        replace: &[(
            r#""Resource": "arn:aws:iam::111122223333:role/S3AccessRole", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}"#,
            r#""Resource": "*""#,
        )],
        then: &[],
        unmet: "priya cannot hand S3AccessRole to another service, such as Lambda",
    },
    Shortcut {
        lab: "company-build",
        mistake: "the servers' role gets AmazonS3ReadOnlyAccess, every bucket",
        replace: &[(
            "--role-name S3AccessRole --policy-arn arn:aws:iam::111122223333:policy/ReadReports",
            "--role-name S3AccessRole --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        )],
        then: &[],
        unmet: "The servers cannot read payroll",
    },
    Shortcut {
        lab: "company-build",
        mistake: "CloudWatchFullAccess for \"read metrics\"",
        replace: &[(
            "--group-name Developers --policy-arn arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
            "--group-name Developers --policy-arn arn:aws:iam::aws:policy/CloudWatchFullAccess",
        )],
        then: &[],
        unmet: "john cannot launch servers or change CloudWatch alarms",
    },
    Shortcut {
        lab: "company-build",
        mistake: "start, stop and terminate on every instance by ARN pattern",
        replace: &[(
            r#""Action": ["ec2:Describe*", "ec2:StartInstances", "ec2:StopInstances"], "Resource": "*"}"#,
            r#""Action": "ec2:Describe*", "Resource": "*"}, {"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"], "Resource": "arn:aws:ec2:*:*:instance/*"}"#,
        )],
        then: &[],
        unmet: "john cannot terminate web-1 or web-2",
    },
    // Lesson 8: the clean-up.
    Shortcut {
        lab: "mistakes-cleanup",
        mistake: "the server's role also gets AmazonS3FullAccess, to be safe",
        replace: &[],
        then: &[
            "aws iam attach-role-policy --role-name AppServerRole --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess",
        ],
        unmet: "Writing report files is all the server can change: no deleting, no bucket policy, no servers",
    },
    Shortcut {
        lab: "mistakes-cleanup",
        mistake: "the developers' group gets AmazonEC2FullAccess, terminate included",
        replace: &[(
            "--group-name Developers --policy-arn arn:aws:iam::111122223333:policy/DeveloperEC2Access",
            "--group-name Developers --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess",
        )],
        then: &[],
        unmet: "john can no longer change IAM, terminate servers or delete the bucket",
    },
    Shortcut {
        lab: "mistakes-cleanup",
        mistake: "alice keeps AdministratorAccess on her user",
        replace: &[(
            "aws iam detach-user-policy --user-name alice --policy-arn arn:aws:iam::aws:policy/AdministratorAccess",
            "",
        )],
        then: &[],
        unmet: "john, sarah, priya and alice have no policy of their own",
    },
    // Lesson 9: MFA for the admins, and a trimmed policy.
    Shortcut {
        lab: "practices-mfa",
        mistake: "`Bool` instead of `BoolIfExists`: a call with an access key has no MFA key at all",
        replace: &[(r#""BoolIfExists""#, r#""Bool""#)],
        then: &[],
        unmet: "With her long-term access key alone (no MFA key at all), alice is denied iam:CreateUser",
    },
    Shortcut {
        lab: "practices-mfa",
        mistake: "iam:GetUser left out of the actions MFA set-up needs",
        replace: &[(r#""iam:GetUser", "#, "")],
        then: &[],
        unmet: "Without MFA, alice can still read her own user (iam:GetUser), as the Security credentials page needs",
    },
    Shortcut {
        lab: "practices-trim",
        mistake: "s3:Get* and s3:List* on every bucket, as AmazonS3ReadOnlyAccess does",
        replace: &[(
            r#"[{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::startup-reports"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::startup-reports/*"}]"#,
            r#"[{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]"#,
        )],
        then: &[],
        unmet: "lin cannot list or read the payroll bucket",
    },
    Shortcut {
        lab: "practices-trim",
        mistake: "s3:* kept, on the one bucket",
        replace: &[(
            r#"[{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::startup-reports"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::startup-reports/*"}]"#,
            r#"[{"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]"#,
        )],
        then: &[],
        unmet: "lin cannot change the bucket itself: its policy, or deleting it",
    },
    // Lesson 10: four tickets.
    Shortcut {
        lab: "interview-why-denied",
        mistake: "mike gets the developers' policy on his user instead of back in the group",
        replace: &[(
            "aws iam add-user-to-group --group-name Developers --user-name mike",
            "aws iam attach-user-policy --user-name mike --policy-arn arn:aws:iam::111122223333:policy/DeveloperEC2Access",
        )],
        then: &[],
        unmet: "mike can start web-1 again, through Developers",
    },
    Shortcut {
        lab: "interview-why-denied",
        mistake: "the servers' policy widened to every object instead of rolled back",
        replace: &[(
            "aws iam set-default-policy-version --policy-arn arn:aws:iam::111122223333:policy/ReadReports --version-id v1",
            r#"aws iam create-policy-version --policy-arn arn:aws:iam::111122223333:policy/ReadReports --set-as-default --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*"}]}'"#,
        )],
        then: &[],
        unmet: "The servers still cannot read payroll, or write to the reports",
    },
    Shortcut {
        lab: "interview-why-denied",
        mistake: "mike's start fixed with AmazonEC2FullAccess on the group",
        replace: &[],
        then: &[
            "aws iam attach-group-policy --group-name Developers --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess",
        ],
        unmet: "mike and sarah still cannot launch or terminate servers",
    },
    // Lesson 11: a bucket policy, and a delegated admin's boundary.
    Shortcut {
        lab: "policies-bucket",
        mistake: "the bucket policy names the account, which hands the decision back to lin's own policies",
        replace: &[(
            "arn:aws:iam::111122223333:user/lin",
            "arn:aws:iam::111122223333:root",
        )],
        then: &[],
        unmet: "lin can read objects in startup-reports",
    },
    Shortcut {
        lab: "policies-bucket",
        mistake: "an inline policy on lin instead of the bucket",
        replace: &[],
        then: &[
            r#"aws iam put-user-policy --user-name lin --policy-name ReadReports --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]}'"#,
        ],
        unmet: "lin still has no policy of her own, and cannot delete reports or change the bucket policy",
    },
    Shortcut {
        lab: "policies-bucket",
        mistake: "s3:* for lin on the bucket",
        replace: &[(r#""Action": "s3:GetObject""#, r#""Action": "s3:*""#)],
        then: &[],
        unmet: "lin cannot write to startup-reports",
    },
    Shortcut {
        lab: "policies-boundary",
        mistake: "the condition pins the boundary, but iam:DeleteUserPermissionsBoundary is allowed too",
        replace: &[(
            r#"[{"Sid": "CreateOnlyWithBoundary""#,
            r#"[{"Effect": "Allow", "Action": "iam:DeleteUserPermissionsBoundary", "Resource": "arn:aws:iam::111122223333:user/*"}, {"Sid": "CreateOnlyWithBoundary""#,
        )],
        then: &[],
        unmet: "tess cannot remove a user's boundary",
    },
    Shortcut {
        lab: "policies-boundary",
        mistake: "the boundary condition on setting a boundary only; creating a user left free",
        replace: &[(
            r#"[{"Sid": "CreateOnlyWithBoundary", "Effect": "Allow", "Action": ["iam:CreateUser", "iam:PutUserPermissionsBoundary"]"#,
            r#"[{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "arn:aws:iam::111122223333:user/*"}, {"Sid": "CreateOnlyWithBoundary", "Effect": "Allow", "Action": "iam:PutUserPermissionsBoundary""#,
        )],
        then: &[],
        unmet: "tess cannot create a user without a boundary",
    },
    // Lesson 12: PassRole.
    Shortcut {
        lab: "rolesdeep-passrole",
        mistake: "PassRole on every role, pinned to EC2 only by a Deny on OpsAdminRole for EC2",
        replace: &[(
            r#"{"Sid": "PassTheWebRoleToEc2", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/WebAppRole", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}"#,
            r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}, {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "arn:aws:iam::111122223333:role/OpsAdminRole", "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}"#,
        )],
        then: &[],
        unmet: "sam cannot pass OpsAdminRole to another service either, such as Lambda",
    },
    Shortcut {
        lab: "rolesdeep-passrole",
        mistake: "PassRole still on every role, only pinned to EC2",
        replace: &[(
            r#""Resource": "arn:aws:iam::111122223333:role/WebAppRole""#,
            r#""Resource": "*""#,
        )],
        then: &[],
        unmet: "sam can no longer pass OpsAdminRole to EC2",
    },
    Shortcut {
        lab: "rolesdeep-passrole",
        mistake: "the path closed by taking OpsAdminRole out of its instance profile",
        replace: &[],
        then: &[
            r#"aws iam put-user-policy --user-name sam --policy-name LaunchServers --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:Describe*", "iam:PassRole"], "Resource": "*"}]}'"#,
            "aws iam remove-role-from-instance-profile --instance-profile-name OpsAdminRole --role-name OpsAdminRole",
        ],
        unmet: "OpsAdminRole and its instance profile are still in place",
    },
    // Lesson 13: the network perimeter and NotPrincipal.
    Shortcut {
        lab: "guardrails-network",
        mistake: "IfExists on the IP rule, taken for \"skip it through the endpoint\"",
        replace: &[(
            r#""NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f60718"}"#,
            r#""NotIpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}"#,
        )],
        then: &[],
        unmet: "AppServerRole can read orders through the VPC endpoint",
    },
    Shortcut {
        lab: "guardrails-network",
        mistake: "the IP rule swapped for the endpoint rule instead of joined to it",
        replace: &[(
            r#""NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "#,
            "",
        )],
        then: &[],
        unmet: "ana can still read from the office (203.0.113.25)",
    },
    Shortcut {
        lab: "guardrails-network",
        mistake: "the Deny dropped, an Allow for the endpoint's requests added",
        replace: &[(
            r#"{"Sid": "OfficeOrEndpointOnly", "Effect": "Deny", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::startup-prod-data", "arn:aws:s3:::startup-prod-data/*"], "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}, "StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f60718"}}}"#,
            r#"{"Sid": "EndpointReads", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::startup-prod-data", "arn:aws:s3:::startup-prod-data/*"], "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f60718"}}}"#,
        )],
        then: &[],
        unmet: "ana cannot read from home (198.51.100.7)",
    },
    Shortcut {
        lab: "guardrails-notprincipal",
        mistake: "NotPrincipal kept, with the account added beside the role",
        replace: &[(
            r#""Principal": "*", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::startup-backup-vault/*", "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/BackupRole"}}"#,
            r#""NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:role/BackupRole", "arn:aws:iam::111122223333:root"]}, "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::startup-backup-vault/*""#,
        )],
        then: &[],
        unmet: "BackupRole's sessions can delete backups",
    },
    Shortcut {
        lab: "guardrails-notprincipal",
        mistake: "the condition names the sessions' ARNs, which aws:PrincipalArn never holds",
        replace: &[(
            r#"{"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/BackupRole"}}"#,
            r#"{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:sts::111122223333:assumed-role/BackupRole/*"}}"#,
        )],
        then: &[],
        unmet: "BackupRole's sessions can delete backups",
    },
];

use crate::lab_shortcuts::{course, goal, lab};

/// The shortcut's commands: the solution with its replacements (each must
/// change something, or the test would prove nothing), then its extras. A
/// replacement may split a command in two with a newline.
fn commands(lab: &Lab, s: &Shortcut) -> Vec<String> {
    let mut out: Vec<String> = lab.solution.clone();
    for (from, to) in s.replace {
        let hits = out.iter().filter(|c| c.contains(from)).count();
        assert_eq!(
            hits, 1,
            "lab `{}` ({}): `{from}` should be in exactly one command of the solution",
            lab.id, s.mistake
        );
        out = out
            .into_iter()
            .flat_map(|c| {
                c.replace(from, to)
                    .split('\n')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.trim().is_empty())
            .collect();
    }
    out.extend(s.then.iter().map(|c| c.to_string()));
    out
}

/// The goal's verdict after `commands`, run from the lab's start; every
/// command must be accepted.
fn after(lab: &Lab, commands: &[String], goal: &Goal) -> goal_report::Verdict {
    let orgs = |n: &str| embedded::org(n).map(str::to_string);
    let mut shell = goals::build(&lab.start, &orgs).expect("the lab starts");
    let start = shell.org.clone();
    for cmd in commands {
        let o = shell.run(cmd);
        assert!(o.ok, "lab `{}`: `{cmd}` failed: {}", lab.id, o.stderr);
    }
    goal_report::judge(&shell.org, &shell.home, &goal.check, Some(&start))
        .unwrap_or_else(|e| panic!("lab `{}`, goal `{}`: {e}", lab.id, goal.text))
}

#[test]
fn every_shortcut_leaves_its_goal_unmet_and_the_solution_meets_it() {
    check_all(SHORTCUTS);
}

/// Each shortcut leaves its goal unmet, and the untouched solution meets it.
pub(crate) fn check_all(shortcuts: &[Shortcut]) {
    let course = course();
    for s in shortcuts {
        let lab = lab(&course, s.lab);
        let goal = goal(lab, s.unmet);
        let v = after(lab, &commands(lab, s), goal);
        assert!(
            !v.met,
            "lab `{}`: the shortcut ({}) meets `{}`:\n{}",
            s.lab,
            s.mistake,
            s.unmet,
            v.lines.join("\n")
        );
        let v = after(lab, &lab.solution, goal);
        assert!(
            v.met,
            "lab `{}`: the solution misses `{}`:\n{}",
            s.lab,
            s.unmet,
            v.lines.join("\n")
        );
    }
}

#[test]
fn every_lab_of_lessons_seven_to_twelve_has_a_shortcut() {
    let course = course();
    let mut labs = 0;
    for lesson in course
        .lessons
        .iter()
        .filter(|l| (7..=12).contains(&l.number))
    {
        for lab in &lesson.labs {
            labs += 1;
            assert!(
                SHORTCUTS.iter().any(|s| s.lab == lab.id),
                "lab `{}` of lesson {} has no wrong-but-plausible solution here",
                lab.id,
                lesson.number
            );
        }
    }
    assert_eq!(labs, 8, "lessons 7 to 12 hold eight labs");
}

/// A goal about the story's servers names them by ARN, so its explanation
/// shows the learner which server the shortcut leaves exposed.
#[test]
fn a_server_goal_names_the_server_the_shortcut_exposes() {
    let course = course();
    let lab = lab(&course, "company-build");
    let s = SHORTCUTS
        .iter()
        .find(|s| s.unmet == "john cannot terminate web-1 or web-2")
        .expect("the terminate shortcut");
    let v = after(lab, &commands(lab, s), goal(lab, s.unmet));
    assert!(
        v.lines
            .iter()
            .any(|l| l.contains(WEB1) && l.contains("allowed")),
        "{:?}",
        v.lines
    );
}
