//! The labs of lessons 2 to 6 against wrong-but-plausible solutions: for
//! each, commands a hurried learner might type, and the goal that must stay
//! unmet after them. Every shortcut runs without an error, so it is the goal,
//! not AWS, that catches it; and the lab's own solution meets that very goal,
//! so the goal is not simply impossible. The other way round, right
//! solutions written differently from the lab's own (an ARN pattern, a
//! managed policy, a narrower policy) must meet every goal.

use iamtutor::content::course::Course;
use iamtutor::content::schema::{Goal, Lab};
use iamtutor::content::{embedded, goal_report, goals};

struct Shortcut {
    lab: &'static str,
    /// What the learner got wrong, for the failure message.
    mistake: &'static str,
    commands: &'static [&'static str],
    /// The text of the goal that must stay unmet.
    unmet: &'static str,
}

const WEB1: &str = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc0000000000001";

const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        lab: "users-john",
        mistake: "servers by ARN pattern: terminate is still allowed on every instance",
        commands: &[
            "aws iam create-user --user-name john",
            "aws iam create-login-profile --user-name john --password 'S3cure!Passw0rd' --password-reset-required",
            "aws iam create-access-key --user-name john",
            r#"aws iam put-user-policy --user-name john --policy-name JohnDailyWork --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}, {"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"], "Resource": "arn:aws:ec2:*:*:instance/*"}, {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]}'"#,
        ],
        unmet: "John cannot terminate any server",
    },
    Shortcut {
        lab: "users-john",
        mistake: "s3:GetObject on every bucket",
        commands: &[
            "aws iam create-user --user-name john",
            "aws iam create-login-profile --user-name john --password 'S3cure!Passw0rd' --password-reset-required",
            "aws iam create-access-key --user-name john",
            r#"aws iam put-user-policy --user-name john --policy-name JohnDailyWork --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:DescribeInstances", "ec2:StartInstances", "ec2:StopInstances", "s3:ListBucket", "s3:GetObject"], "Resource": "*"}]}'"#,
        ],
        unmet: "John can do nothing more",
    },
    Shortcut {
        lab: "groups-team",
        mistake: "a group policy narrower than what the three had",
        commands: &[
            "aws iam create-group --group-name Developers",
            r#"aws iam put-group-policy --group-name Developers --policy-name SeeServers --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}]}'"#,
            "aws iam add-user-to-group --group-name Developers --user-name john",
            "aws iam add-user-to-group --group-name Developers --user-name sarah",
            "aws iam add-user-to-group --group-name Developers --user-name mike",
            "aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam detach-user-policy --user-name sarah --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam detach-user-policy --user-name mike --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        ],
        unmet: "Each keeps exactly AmazonEC2ReadOnlyAccess's access",
    },
    Shortcut {
        lab: "groups-team",
        mistake: "the policy on a second group, so Developers itself gives nothing",
        commands: &[
            "aws iam create-group --group-name Developers",
            "aws iam create-group --group-name Ec2Readers",
            "aws iam attach-group-policy --group-name Ec2Readers --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam add-user-to-group --group-name Developers --user-name john",
            "aws iam add-user-to-group --group-name Developers --user-name sarah",
            "aws iam add-user-to-group --group-name Developers --user-name mike",
            "aws iam add-user-to-group --group-name Ec2Readers --user-name john",
            "aws iam add-user-to-group --group-name Ec2Readers --user-name sarah",
            "aws iam add-user-to-group --group-name Ec2Readers --user-name mike",
            "aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam detach-user-policy --user-name sarah --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam detach-user-policy --user-name mike --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        ],
        unmet: "The next developer gets it by joining Developers",
    },
    Shortcut {
        lab: "groups-onboard",
        mistake: "Lena in DevOps as well, which can do far more",
        commands: &[
            "aws iam add-user-to-group --group-name Developers --user-name lena",
            "aws iam add-user-to-group --group-name DevOps --user-name lena",
        ],
        unmet: "Lena has exactly the developers' access",
    },
    Shortcut {
        lab: "roles-ec2-s3",
        mistake: "AmazonS3ReadOnlyAccess, which reads every bucket",
        commands: &[
            r#"aws iam create-role --role-name S3AccessRole --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'"#,
            "aws iam attach-role-policy --role-name S3AccessRole --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "aws iam create-instance-profile --instance-profile-name S3AccessRole",
            "aws iam add-role-to-instance-profile --instance-profile-name S3AccessRole --role-name S3AccessRole",
            "aws iam delete-access-key --user-name app-server --access-key-id AKIASERVERKEY0000001",
        ],
        unmet: "The role can do nothing more than read the reports",
    },
    Shortcut {
        lab: "roles-lambda-dynamodb",
        mistake: "every item action on Orders, not just putting items",
        commands: &[
            r#"aws iam create-role --role-name OrdersWriterRole --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam put-role-policy --role-name OrdersWriterRole --policy-name WriteOrders --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Scan"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Orders"}]}'"#,
            "aws iam attach-role-policy --role-name OrdersWriterRole --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        ],
        unmet: "The role can do nothing more than the story allows",
    },
    Shortcut {
        lab: "roles-cross-account",
        mistake: "AmazonS3ReadOnlyAccess on the role, which reads every bucket of the account",
        commands: &[
            "as arn:aws:iam::444455556666:root",
            r#"aws iam create-role --role-name AnalyticsReader --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}'"#,
            "aws iam attach-role-policy --role-name AnalyticsReader --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "as admin",
            r#"aws iam put-user-policy --user-name sarah --policy-name AssumeAnalyticsReader --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::444455556666:role/AnalyticsReader"}]}'"#,
        ],
        unmet: "The role can do nothing more than read the exports",
    },
    Shortcut {
        lab: "roles-cross-account",
        mistake: "Sarah may assume any role at all",
        commands: &[
            "as arn:aws:iam::444455556666:root",
            r#"aws iam create-role --role-name AnalyticsReader --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam put-role-policy --role-name AnalyticsReader --policy-name ReadExports --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::analytics-exports"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::analytics-exports/*"}]}'"#,
            "as admin",
            r#"aws iam put-user-policy --user-name sarah --policy-name AssumeAnything --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}'"#,
        ],
        unmet: "Sarah gains nothing but AnalyticsReader",
    },
    Shortcut {
        lab: "comparison-sort",
        mistake: "CloudWatchFullAccess for testers who only read metrics",
        commands: &[
            "aws iam create-group --group-name QA",
            "aws iam attach-group-policy --group-name QA --policy-arn arn:aws:iam::aws:policy/CloudWatchFullAccess",
            "aws iam create-user --user-name lena",
            "aws iam create-user --user-name tom",
            "aws iam add-user-to-group --group-name QA --user-name lena",
            "aws iam add-user-to-group --group-name QA --user-name tom",
            r#"aws iam create-role --role-name ReportFunctionRole --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam put-role-policy --role-name ReportFunctionRole --policy-name WriteReports --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Reports"}]}'"#,
        ],
        unmet: "lena and tom can read metrics and nothing more",
    },
    Shortcut {
        lab: "comparison-sort",
        mistake: "the function may write to every table",
        commands: &[
            "aws iam create-group --group-name QA",
            "aws iam attach-group-policy --group-name QA --policy-arn arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
            "aws iam create-user --user-name lena",
            "aws iam create-user --user-name tom",
            "aws iam add-user-to-group --group-name QA --user-name lena",
            "aws iam add-user-to-group --group-name QA --user-name tom",
            r#"aws iam create-role --role-name ReportFunctionRole --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam put-role-policy --role-name ReportFunctionRole --policy-name WriteReports --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "*"}]}'"#,
        ],
        unmet: "The function can do nothing more than write reports",
    },
    Shortcut {
        lab: "fit-guardrail",
        mistake: "the Deny on a side group that only today's two engineers join",
        commands: &[
            "aws iam create-group --group-name NoDeleting",
            r#"aws iam put-group-policy --group-name NoDeleting --policy-name NoDeletes --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["s3:DeleteBucket", "s3:DeleteObject"], "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]}'"#,
            "aws iam add-user-to-group --group-name NoDeleting --user-name nina",
            "aws iam add-user-to-group --group-name NoDeleting --user-name raj",
        ],
        unmet: "The next hire in DataTeam cannot delete either",
    },
];

/// A right solution written differently from the lab's own: a careful
/// learner's choices that every goal must accept.
struct Alternative {
    lab: &'static str,
    /// How it differs from the reference solution.
    differs: &'static str,
    commands: &'static [&'static str],
}

const ALTERNATIVES: &[Alternative] = &[
    Alternative {
        lab: "users-john",
        differs: "start and stop scoped to instance/*, in a customer managed policy",
        commands: &[
            "aws iam create-user --user-name john",
            "aws iam create-login-profile --user-name john --password 'S3cure!Passw0rd' --password-reset-required",
            "aws iam create-access-key --user-name john",
            r#"aws iam create-policy --policy-name JohnDailyWork --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}, {"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "arn:aws:ec2:us-east-1:111122223333:instance/*"}, {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::startup-reports"}, {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::startup-reports/*"}]}'"#,
            "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::111122223333:policy/JohnDailyWork",
        ],
    },
    Alternative {
        lab: "users-john",
        differs: "each server named by its ARN",
        commands: &[
            "aws iam create-user --user-name john",
            "aws iam create-login-profile --user-name john --password 'S3cure!Passw0rd' --password-reset-required",
            "aws iam create-access-key --user-name john",
            r#"aws iam put-user-policy --user-name john --policy-name JohnDailyWork --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}, {"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": ["arn:aws:ec2:us-east-1:111122223333:instance/i-0abc0000000000001", "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc0000000000002"]}, {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]}'"#,
        ],
    },
    Alternative {
        lab: "groups-team",
        differs: "the members added before the policy, the old policies detached first",
        commands: &[
            "aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam detach-user-policy --user-name sarah --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam detach-user-policy --user-name mike --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam create-group --group-name Developers",
            "aws iam add-user-to-group --group-name Developers --user-name john",
            "aws iam add-user-to-group --group-name Developers --user-name sarah",
            "aws iam add-user-to-group --group-name Developers --user-name mike",
            "aws iam attach-group-policy --group-name Developers --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        ],
    },
    Alternative {
        lab: "roles-ec2-s3",
        differs: "a customer managed policy attached to the role",
        commands: &[
            r#"aws iam create-role --role-name S3AccessRole --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam create-policy --policy-name ReadReports --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]}'"#,
            "aws iam attach-role-policy --role-name S3AccessRole --policy-arn arn:aws:iam::111122223333:policy/ReadReports",
            "aws iam create-instance-profile --instance-profile-name S3AccessRole",
            "aws iam add-role-to-instance-profile --instance-profile-name S3AccessRole --role-name S3AccessRole",
            "aws iam delete-access-key --user-name app-server --access-key-id AKIASERVERKEY0000001",
        ],
    },
    Alternative {
        lab: "roles-lambda-dynamodb",
        differs: "the function's own log group written by hand instead of AWSLambdaBasicExecutionRole",
        commands: &[
            r#"aws iam create-role --role-name OrdersWriterRole --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam put-role-policy --role-name OrdersWriterRole --policy-name WriteOrders --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Orders"}, {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/save-order:*"}]}'"#,
        ],
    },
    Alternative {
        lab: "roles-cross-account",
        differs: "the trust policy names sarah rather than her whole account",
        commands: &[
            "as arn:aws:iam::444455556666:root",
            r#"aws iam create-role --role-name AnalyticsReader --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/sarah"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam put-role-policy --role-name AnalyticsReader --policy-name ReadExports --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["arn:aws:s3:::analytics-exports", "arn:aws:s3:::analytics-exports/*"]}]}'"#,
            "as admin",
            r#"aws iam put-user-policy --user-name sarah --policy-name AssumeAnalyticsReader --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::444455556666:role/AnalyticsReader"}]}'"#,
        ],
    },
    Alternative {
        lab: "comparison-sort",
        differs: "a narrower inline group policy for the metrics",
        commands: &[
            "aws iam create-group --group-name QA",
            r#"aws iam put-group-policy --group-name QA --policy-name ReadMetrics --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"], "Resource": "*"}]}'"#,
            "aws iam create-user --user-name lena",
            "aws iam create-user --user-name tom",
            "aws iam add-user-to-group --group-name QA --user-name lena",
            "aws iam add-user-to-group --group-name QA --user-name tom",
            r#"aws iam create-role --role-name ReportFunctionRole --assume-role-policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'"#,
            r#"aws iam put-role-policy --role-name ReportFunctionRole --policy-name WriteReports --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Reports"}]}'"#,
        ],
    },
    Alternative {
        lab: "fit-guardrail",
        differs: "a wildcard Deny of every s3:Delete* action, as a managed policy",
        commands: &[
            r#"aws iam create-policy --policy-name NoDeletes --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:Delete*", "Resource": ["arn:aws:s3:::startup-reports", "arn:aws:s3:::startup-reports/*"]}]}'"#,
            "aws iam attach-group-policy --group-name DataTeam --policy-arn arn:aws:iam::111122223333:policy/NoDeletes",
        ],
    },
];

pub(crate) fn course() -> Course {
    Course::embedded().expect("the embedded course loads")
}

pub(crate) fn lab<'c>(course: &'c Course, id: &str) -> &'c Lab {
    course
        .lessons
        .iter()
        .flat_map(|l| &l.labs)
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("there is no lab `{id}`"))
}

pub(crate) fn goal<'l>(lab: &'l Lab, text: &str) -> &'l Goal {
    lab.goals
        .iter()
        .find(|g| g.text == text)
        .unwrap_or_else(|| panic!("lab `{}` has no goal `{text}`", lab.id))
}

/// The goal's verdict after `commands`, run from the lab's start.
fn after(lab: &Lab, commands: &[&str], goal: &Goal) -> goal_report::Verdict {
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
    let course = course();
    for s in SHORTCUTS {
        let lab = lab(&course, s.lab);
        let goal = goal(lab, s.unmet);
        let v = after(lab, s.commands, goal);
        assert!(
            !v.met,
            "lab `{}`: the shortcut ({}) meets `{}`:\n{}",
            s.lab,
            s.mistake,
            s.unmet,
            v.lines.join("\n")
        );
        let solution: Vec<&str> = lab.solution.iter().map(String::as_str).collect();
        let v = after(lab, &solution, goal);
        assert!(
            v.met,
            "lab `{}`: the solution misses `{}`:\n{}",
            s.lab,
            s.unmet,
            v.lines.join("\n")
        );
    }
}

/// Each lab of lessons 2 to 6 has at least one shortcut above.
#[test]
fn every_lab_of_lessons_two_to_six_has_a_shortcut() {
    let course = course();
    for lesson in course
        .lessons
        .iter()
        .filter(|l| (2..=6).contains(&l.number))
    {
        for lab in &lesson.labs {
            assert!(
                SHORTCUTS.iter().any(|s| s.lab == lab.id),
                "lab `{}` of lesson {} has no wrong-but-plausible solution here",
                lab.id,
                lesson.number
            );
        }
    }
}

/// The explanation of a whole-access goal names what goes beyond the story,
/// so a learner who took a shortcut reads what to take away.
#[test]
fn a_broad_policy_is_explained_by_what_it_allows_beyond_the_story() {
    let course = course();
    let lab = lab(&course, "users-john");
    let s = &SHORTCUTS[1];
    let v = after(lab, s.commands, goal(lab, s.unmet));
    assert!(
        v.lines[0].starts_with("john may do more than the story's policy allows: "),
        "{:?}",
        v.lines
    );
    assert!(
        v.lines.iter().any(|l| l.starts_with("  s3:GetObject on ")),
        "{:?}",
        v.lines
    );
    // A server the story names is asked about by its ARN.
    let terminate = goal(lab, "John cannot terminate any server");
    let v = after(lab, SHORTCUTS[0].commands, terminate);
    assert!(v.lines.iter().any(|l| l.contains(WEB1)), "{:?}", v.lines);
}

#[test]
fn a_right_solution_written_differently_meets_every_goal() {
    let course = course();
    for a in ALTERNATIVES {
        let lab = lab(&course, a.lab);
        for goal in &lab.goals {
            let v = after(lab, a.commands, goal);
            assert!(
                v.met,
                "lab `{}`: a right solution ({}) misses `{}`:\n{}",
                a.lab,
                a.differs,
                goal.text,
                v.lines.join("\n")
            );
        }
    }
}

/// Where a shortcut grants whole services, the explanation counts them by
/// service and shows first what it allows on the servers the story names.
#[test]
fn a_grant_of_whole_services_is_counted_by_service() {
    let course = course();
    let lab = lab(&course, "groups-onboard");
    let s = SHORTCUTS
        .iter()
        .find(|s| s.lab == "groups-onboard")
        .unwrap();
    let v = after(lab, s.commands, goal(lab, s.unmet));
    let by_service = v
        .lines
        .iter()
        .find(|l| l.starts_with("  by service: "))
        .unwrap_or_else(|| panic!("{:?}", v.lines));
    assert!(by_service.contains(" ec2"), "{by_service}");
    assert!(by_service.ends_with(" actions"), "{by_service}");
    assert!(v.lines[2].contains("instance/i-0abc"), "{:?}", v.lines);
}
