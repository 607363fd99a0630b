use super::*;
use crate::content::schema::Setup;
use crate::shell::Shell;

const ANALYTICS: &str = "arn:aws:iam::444455556666:role/AnalyticsReader";
const ACCOUNT_A: &str = "arn:aws:iam::111122223333:root";

/// A sandbox from an empty account, after `cmds`.
fn shell(cmds: &[&str]) -> Shell {
    let mut s = Shell::new(Org::new());
    run(&mut s, cmds);
    s
}

fn run(s: &mut Shell, cmds: &[&str]) {
    for c in cmds {
        let o = s.run(c);
        assert!(o.ok, "{c}: {}", o.stderr);
    }
}

/// Lesson 4's two accounts: sarah and mike in 111122223333, nothing
/// yet in 444455556666.
fn two_accounts() -> Shell {
    let orgs = |n: &str| crate::content::embedded::org(n).map(str::to_string);
    goals::build(&Setup::Org("l4-two-accounts".into()), &orgs).unwrap()
}

/// A goal met, said in one line.
fn met(line: &str) -> Verdict {
    Verdict::new(true, vec![line.into()])
}

/// A goal not met, said in one line.
fn unmet(line: &str) -> Verdict {
    Verdict::unmet(line.into())
}

fn judged(s: &Shell, check: &Check) -> Verdict {
    judge(&s.org, &s.home, check, None).unwrap()
}

fn access(principal: &str, action: &str, resource: &str, allowed: bool) -> Check {
    Check::Access {
        principal: principal.into(),
        action: action.into(),
        resource: resource.into(),
        allowed,
        context: Vec::new(),
    }
}

fn trusts(role: &str, principal: &str) -> Check {
    Check::Trusts {
        role: role.into(),
        principal: principal.into(),
    }
}

fn key_of(s: &Shell, user: &str) -> String {
    s.org.user(&s.home, user).unwrap().access_keys[0].id.clone()
}

const JOHN_READS_EC2: &[&str] = &[
    "aws iam create-user --user-name john",
    "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
];

#[test]
fn an_access_goal_met_gives_the_decision_and_the_engines_trail() {
    let s = shell(JOHN_READS_EC2);
    let v = judged(&s, &access("john", "ec2:DescribeInstances", "*", true));
    assert!(v.met);
    assert_eq!(
        v.lines[0],
        "as john, ec2:DescribeInstances on * is allowed, as the goal wants"
    );
    assert_eq!(v.lines[1], "  ✓ allowed");
    assert!(
        v.lines
            .contains(&"  why: an identity-based policy allows ec2:DescribeInstances".to_string())
    );
    assert!(
        v.lines
            .contains(&"    managed policy `AmazonEC2ReadOnlyAccess`".to_string())
    );
}

#[test]
fn an_access_goal_unmet_says_what_the_goal_wants() {
    let s = shell(JOHN_READS_EC2);
    let v = judged(&s, &access("john", "ec2:TerminateInstances", "*", true));
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "as john, ec2:TerminateInstances on * is denied (implicit deny); the goal wants it allowed"
    );
    assert!(v.lines.contains(
        &"  why: no identity-based policy allows ec2:TerminateInstances, so it is denied by default"
            .to_string()
    ));
    // The same request as a "cannot" goal is met.
    let v = judged(&s, &access("john", "ec2:TerminateInstances", "*", false));
    assert!(v.met);
    assert_eq!(
        v.lines[0],
        "as john, ec2:TerminateInstances on * is denied (implicit deny), as the goal wants"
    );
}

#[test]
fn an_access_goal_names_its_context() {
    let s = shell(JOHN_READS_EC2);
    let mut check = access("john", "iam:CreateUser", "*", false);
    if let Check::Access { context, .. } = &mut check {
        context.push(("aws:MultiFactorAuthPresent".into(), "false".into()));
    }
    let v = judged(&s, &check);
    assert!(v.met);
    assert_eq!(
        v.lines[0],
        "as john with aws:MultiFactorAuthPresent=false, iam:CreateUser on * is denied (implicit deny), as the goal wants"
    );
}

#[test]
fn a_cannot_goal_about_someone_missing_is_not_met() {
    let mut s = shell(&[]);
    let check = access("john", "ec2:TerminateInstances", "*", false);
    let v = judged(&s, &check);
    assert!(!v.met, "nobody to deny yet");
    assert_eq!(
        v.lines,
        [
            "user john does not exist yet",
            "a goal that john cannot do something counts only once john exists",
        ]
    );
    // A "can" goal says only that.
    let v = judged(&s, &access("role/Deployer", "ec2:RunInstances", "*", true));
    assert_eq!(
        (v.met, v.lines),
        (false, vec!["role Deployer does not exist yet".into()])
    );
    // Once john exists, the engine decides.
    run(&mut s, &["aws iam create-user --user-name john"]);
    assert!(judged(&s, &check).met);
    // Deleted since the lab began: said so.
    let start = s.org.clone();
    run(&mut s, &["aws iam delete-user --user-name john"]);
    let v = judge(&s.org, &s.home, &check, Some(&start)).unwrap();
    assert!(!v.met);
    assert_eq!(v.lines[0], "user john no longer exists: it was deleted");
}

#[test]
fn a_goal_about_assuming_a_missing_role_waits_for_the_role() {
    let s = two_accounts();
    let v = judged(&s, &access("mike", "sts:AssumeRole", ANALYTICS, false));
    assert!(
        !v.met,
        "mike cannot assume a role that is not there, but that is not the point"
    );
    assert_eq!(
        v.lines,
        [
            "role AnalyticsReader of account 444455556666 does not exist yet",
            "the goal is about mike using AnalyticsReader (sts:AssumeRole), so it counts only once AnalyticsReader exists",
        ]
    );
}

#[test]
fn user_exists_and_user_absent() {
    let mut s = shell(&[]);
    let exists = Check::UserExists("john".into());
    let absent = Check::UserAbsent("john".into());
    assert_eq!(judged(&s, &exists), unmet("user john does not exist yet"));
    assert_eq!(judged(&s, &absent), met("there is no user john"));
    run(
        &mut s,
        &[
            "aws iam create-user --user-name John",
            "aws iam create-group --group-name Developers",
            "aws iam add-user-to-group --group-name Developers --user-name John",
            "aws iam create-access-key --user-name John",
            "aws iam create-login-profile --user-name John --password 'S3cure!Passw0rd'",
            "aws iam attach-user-policy --user-name John --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        ],
    );
    assert_eq!(judged(&s, &exists), met("user John exists"));
    let key = key_of(&s, "john");
    assert_eq!(
        judged(&s, &absent),
        Verdict::new(
            false,
            vec![
                "user John still exists".into(),
                format!(
                    "before delete-user it must lose: a console password; 1 access key ({key}, Active); \
                     policies AmazonEC2ReadOnlyAccess (attached); membership of Developers"
                ),
            ]
        )
    );
}

#[test]
fn group_and_role_exist() {
    let mut s = shell(&[]);
    let group = Check::GroupExists("Developers".into());
    let role = Check::RoleExists("OpsAdminRole".into());
    assert_eq!(
        judged(&s, &group),
        unmet("there is no group Developers yet")
    );
    assert_eq!(
        judged(&s, &role),
        unmet("role OpsAdminRole does not exist yet")
    );
    run(
        &mut s,
        &[
            "aws iam create-group --group-name Developers",
            r#"aws iam create-role --role-name OpsAdminRole --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
        ],
    );
    assert_eq!(judged(&s, &group), met("group Developers exists"));
    assert_eq!(judged(&s, &role), met("role OpsAdminRole exists"));
}

#[test]
fn in_group_says_where_the_user_is() {
    let mut s = shell(&[]);
    let check = Check::InGroup {
        user: "john".into(),
        group: "Developers".into(),
    };
    assert_eq!(judged(&s, &check).lines, ["user john does not exist yet"]);
    run(&mut s, &["aws iam create-user --user-name john"]);
    assert_eq!(
        judged(&s, &check),
        unmet("there is no group Developers yet")
    );
    run(
        &mut s,
        &[
            "aws iam create-group --group-name Developers",
            "aws iam create-group --group-name Admins",
        ],
    );
    assert_eq!(
        judged(&s, &check),
        unmet("john is not in Developers (john is in no group)")
    );
    run(
        &mut s,
        &["aws iam add-user-to-group --group-name Admins --user-name john"],
    );
    assert_eq!(
        judged(&s, &check),
        unmet("john is not in Developers (john is only in Admins)")
    );
    run(
        &mut s,
        &["aws iam add-user-to-group --group-name Developers --user-name john"],
    );
    assert_eq!(judged(&s, &check), met("john is in Developers"));
}

#[test]
fn no_direct_policies_lists_what_the_user_holds() {
    let mut s = shell(&[]);
    let check = Check::NoDirectPolicies("john".into());
    assert_eq!(judged(&s, &check), unmet("user john does not exist yet"));
    run(&mut s, JOHN_READS_EC2);
    run(
        &mut s,
        &[
            r#"aws iam put-user-policy --user-name john --policy-name Extra --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'"#,
        ],
    );
    assert_eq!(
        judged(&s, &check),
        Verdict::unmet(
            "john holds policies directly: AmazonEC2ReadOnlyAccess (attached), Extra (inline); \
             the goal wants them on a group instead"
                .into()
        )
    );
    run(
        &mut s,
        &[
            "aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
            "aws iam delete-user-policy --user-name john --policy-name Extra",
        ],
    );
    assert_eq!(
        judged(&s, &check),
        met("john holds no policy directly, attached or inline")
    );
}

#[test]
fn access_keys_present_and_absent() {
    let mut s = shell(&[]);
    let has = Check::HasAccessKey("app".into());
    let none = Check::NoAccessKeys("app".into());
    // No user, no keys: but a goal about its keys needs the user.
    assert_eq!(judged(&s, &none), unmet("user app does not exist yet"));
    assert_eq!(judged(&s, &has), unmet("user app does not exist yet"));
    run(&mut s, &["aws iam create-user --user-name app"]);
    assert_eq!(judged(&s, &has), unmet("app has no access key"));
    assert_eq!(judged(&s, &none), met("app has no access key"));
    run(&mut s, &["aws iam create-access-key --user-name app"]);
    let key = key_of(&s, "app");
    assert_eq!(
        judged(&s, &has),
        Verdict::new(true, vec![format!("app has 1 access key ({key}, Active)")])
    );
    assert_eq!(
        judged(&s, &none),
        Verdict::unmet(format!("app still has 1 access key ({key}, Active)"))
    );
    // Deleted with its keys since the lab began: tighter still, so met.
    let start = s.org.clone();
    run(
        &mut s,
        &[
            &format!("aws iam delete-access-key --user-name app --access-key-id {key}"),
            "aws iam delete-user --user-name app",
        ],
    );
    let v = judge(&s.org, &s.home, &none, Some(&start)).unwrap();
    assert_eq!(
        v,
        met("user app no longer exists: it was deleted, and its access keys with it")
    );
    // Without knowing the start, a missing user is one not made yet.
    assert!(!judged(&s, &none).met);
    // A user with keys never counts: HasAccessKey wants the user.
    let v = judge(&s.org, &s.home, &has, Some(&start)).unwrap();
    assert_eq!(v, unmet("user app no longer exists: it was deleted"));
}

#[test]
fn login_profile_and_mfa() {
    let mut s = shell(&["aws iam create-user --user-name alice"]);
    let login = Check::HasLoginProfile("alice".into());
    let mfa = Check::HasMfa("alice".into());
    assert_eq!(
        judged(&s, &login),
        unmet("alice has no console password (no login profile)")
    );
    assert_eq!(judged(&s, &mfa), unmet("alice has no MFA device enabled"));
    run(
        &mut s,
        &["aws iam create-login-profile --user-name alice --password 'S3cure!Passw0rd'"],
    );
    assert_eq!(
        judged(&s, &login),
        met("alice has a console password (a login profile)")
    );
    let home = s.home.clone();
    let serial = format!("arn:aws:iam::{home}:mfa/alice-phone");
    s.org
        .accounts
        .get_mut(&home)
        .unwrap()
        .users
        .get_mut("alice")
        .unwrap()
        .mfa_devices
        .push(serial.clone());
    assert_eq!(
        judged(&s, &mfa),
        Verdict::new(
            true,
            vec![format!("alice has an MFA device enabled: {serial}")]
        )
    );
    assert_eq!(
        judged(&shell(&[]), &mfa),
        unmet("user alice does not exist yet")
    );
}

const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

#[test]
fn a_service_trust_names_the_service() {
    let mut s = shell(&[]);
    let check = trusts("S3AccessRole", "ec2.amazonaws.com");
    assert_eq!(
        judged(&s, &check),
        unmet("role S3AccessRole does not exist yet")
    );
    run(
        &mut s,
        &[
            r#"aws iam create-role --role-name S3AccessRole --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'"#,
        ],
    );
    let v = judged(&s, &check);
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "the trust policy of S3AccessRole names lambda.amazonaws.com; the goal wants ec2.amazonaws.com"
    );
    assert!(
        v.lines
            .contains(&"  why: no resource-based policy allows this service principal".to_string())
    );
    run(
        &mut s,
        &[&format!(
            "aws iam update-assume-role-policy --role-name S3AccessRole --policy-document '{EC2_TRUST}'"
        )],
    );
    let v = judged(&s, &check);
    assert!(v.met);
    assert_eq!(
        v.lines[0],
        "the trust policy of S3AccessRole lets ec2.amazonaws.com assume it"
    );
    assert!(
        v.lines.contains(
            &"      ✓ statement 1, Allow at line 1: matches (names the caller)".to_string()
        )
    );
}

#[test]
fn a_service_trust_may_guard_against_the_confused_deputy() {
    // Tighter than asked: only for resources of this account.
    let s = shell(&[
        r#"aws iam create-role --role-name Guarded --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}'"#,
    ]);
    assert!(judged(&s, &trusts("Guarded", "ec2.amazonaws.com")).met);
    // Guarded for another account, it is not this account's service.
    let s = shell(&[
        r#"aws iam create-role --role-name Elsewhere --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"999999999999"}}}]}'"#,
    ]);
    let v = judged(&s, &trusts("Elsewhere", "ec2.amazonaws.com"));
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "the trust policy of Elsewhere names ec2.amazonaws.com but does not let it in here"
    );
    assert!(
        v.lines
            .iter()
            .any(|l| l.contains("condition StringEquals on aws:SourceAccount is not met")),
        "{:?}",
        v.lines
    );
}

fn make_analytics_reader(s: &mut Shell, trust_principals: &str) {
    let cmd = format!(
        r#"aws iam create-role --role-name AnalyticsReader --assume-role-policy-document '{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":{trust_principals}}},"Action":"sts:AssumeRole"}}]}}'"#
    );
    run(s, &["as arn:aws:iam::444455556666:root", &cmd, "as admin"]);
}

#[test]
fn an_account_trust_is_met_by_the_account() {
    let mut s = two_accounts();
    let check = trusts(ANALYTICS, ACCOUNT_A);
    assert_eq!(
        judged(&s, &check),
        unmet("role AnalyticsReader of account 444455556666 does not exist yet")
    );
    make_analytics_reader(&mut s, r#""arn:aws:iam::111122223333:root""#);
    let v = judged(&s, &check);
    assert!(v.met);
    assert_eq!(
        v.lines[0],
        "the trust policy of AnalyticsReader lets account 111122223333 assume it"
    );
}

#[test]
fn trusting_one_user_of_the_account_is_at_least_as_tight() {
    let mut s = two_accounts();
    make_analytics_reader(&mut s, r#""arn:aws:iam::111122223333:user/sarah""#);
    assert_eq!(
        judged(&s, &trusts(ANALYTICS, ACCOUNT_A)),
        Verdict::new(
            true,
            vec![
                "the trust policy of AnalyticsReader names user/sarah rather than the whole \
                 account 111122223333: at least as tight as the goal asks, so it counts"
                    .into(),
                "trusting the account, as the course does, leaves it to 111122223333's \
                 administrators to choose who may assume the role, with their own policies; \
                 naming the identities is tighter, and sound too"
                    .into(),
            ]
        )
    );
}

#[test]
fn trusting_more_than_the_account_is_not_tighter() {
    let mut s = two_accounts();
    make_analytics_reader(
        &mut s,
        r#"["arn:aws:iam::111122223333:user/sarah", "arn:aws:iam::444455556666:root"]"#,
    );
    let v = judged(&s, &trusts(ANALYTICS, ACCOUNT_A));
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "the trust policy of AnalyticsReader names user/sarah of account 111122223333 and \
         account 444455556666; the goal wants account 111122223333"
    );
    assert!(v.lines.contains(
        &"      · statement 1, Allow at line 1: does not name this principal".to_string()
    ));
}

#[test]
fn trusting_someone_else_names_them() {
    let mut s = two_accounts();
    make_analytics_reader(&mut s, r#""arn:aws:iam::444455556666:root""#);
    let v = judged(&s, &trusts(ANALYTICS, ACCOUNT_A));
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "the trust policy of AnalyticsReader names account 444455556666; the goal wants account 111122223333"
    );
}

#[test]
fn instance_profiles_hold_the_role() {
    let mut s = shell(&[]);
    let check = Check::InstanceProfileHasRole {
        profile: "S3AccessRole".into(),
        role: "S3AccessRole".into(),
    };
    assert_eq!(
        judged(&s, &check),
        unmet("there is no instance profile S3AccessRole yet")
    );
    run(
        &mut s,
        &[
            "aws iam create-instance-profile --instance-profile-name S3AccessRole",
            &format!(
                "aws iam create-role --role-name Other --assume-role-policy-document '{EC2_TRUST}'"
            ),
            &format!(
                "aws iam create-role --role-name S3AccessRole --assume-role-policy-document '{EC2_TRUST}'"
            ),
        ],
    );
    assert_eq!(
        judged(&s, &check),
        unmet("instance profile S3AccessRole holds no role; the goal wants S3AccessRole")
    );
    run(
        &mut s,
        &[
            "aws iam add-role-to-instance-profile --instance-profile-name S3AccessRole --role-name Other",
        ],
    );
    assert_eq!(
        judged(&s, &check),
        Verdict::unmet(
            "instance profile S3AccessRole holds role Other; the goal wants S3AccessRole \
             (a profile holds one role)"
                .into()
        )
    );
    run(
        &mut s,
        &[
            "aws iam remove-role-from-instance-profile --instance-profile-name S3AccessRole --role-name Other",
            "aws iam add-role-to-instance-profile --instance-profile-name S3AccessRole --role-name S3AccessRole",
        ],
    );
    assert_eq!(
        judged(&s, &check),
        met("instance profile S3AccessRole holds role S3AccessRole")
    );
}

#[test]
fn advisor_quiet_gives_the_findings_and_their_fixes() {
    let mut s = shell(JOHN_READS_EC2);
    let any = Check::AdvisorQuiet(Vec::new());
    let v = judged(&s, &any);
    assert!(!v.met);
    assert_eq!(v.lines[0], "`advise` has 1 finding:");
    assert_eq!(
        v.lines[1],
        "  [low] direct-policies  john has 1 policy attached directly instead of through a group"
    );
    assert!(v.lines[2].starts_with("    fix: aws iam create-group"));
    // A rule that does not fire is quiet on its own.
    assert_eq!(
        judged(&s, &Check::AdvisorQuiet(vec!["open-trust".into()])),
        met("`advise` has no finding of open-trust")
    );
    run(
        &mut s,
        &[
            "aws iam detach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        ],
    );
    assert_eq!(judged(&s, &any), met("`advise` has no finding"));
    // An unknown rule is the course's mistake.
    let err = judge(
        &s.org,
        &s.home,
        &Check::AdvisorQuiet(vec!["shared".into()]),
        None,
    );
    assert!(err.unwrap_err().contains("`shared` is not an advisor rule"));
}

#[test]
fn no_escalation_gives_the_paths() {
    let mut s = shell(&[]);
    let check = Check::NoEscalation("dev".into());
    assert_eq!(
        judged(&s, &check).lines,
        [
            "user dev does not exist yet",
            "a goal that dev cannot gain power counts only once dev exists",
        ]
    );
    run(
        &mut s,
        &[
            "aws iam create-user --user-name dev",
            r#"aws iam put-user-policy --user-name dev --policy-name SelfService --policy-document '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:AttachUserPolicy", "Resource": "arn:aws:iam::111122223333:user/dev"}]}'"#,
        ],
    );
    let v = judged(&s, &check);
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "`paths dev` finds 1 way for dev to gain power it was not given:"
    );
    assert!(v.lines[1].starts_with("  dev -> "), "{:?}", v.lines);
    assert!(v.lines.iter().any(|l| l.contains("[iam:AttachUserPolicy]")));
    run(
        &mut s,
        &["aws iam delete-user-policy --user-name dev --policy-name SelfService"],
    );
    assert_eq!(
        judged(&s, &check),
        met("`paths dev` finds no way for dev to gain power it was not given")
    );
}

#[test]
fn all_marks_each_check_and_details_the_ones_that_fail() {
    let mut s = shell(JOHN_READS_EC2);
    let check = Check::All(vec![
        Check::UserExists("john".into()),
        access("john", "ec2:StopInstances", "*", true),
    ]);
    let v = judged(&s, &check);
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "1 of the 2 checks in this goal holds; every one must"
    );
    assert_eq!(v.lines[1], "✓ user john exists");
    assert_eq!(
        v.lines[2],
        "○ as john, ec2:StopInstances on * is denied (implicit deny); the goal wants it allowed"
    );
    assert_eq!(v.lines[3], "    ✗ denied (implicit deny)");
    run(
        &mut s,
        &[
            "aws iam attach-user-policy --user-name john --policy-arn arn:aws:iam::aws:policy/AmazonEC2FullAccess",
        ],
    );
    let v = judged(&s, &check);
    assert!(v.met);
    // What holds is said in a line each, without the trails.
    assert_eq!(
        v.lines,
        [
            "2 of the 2 checks in this goal hold",
            "✓ user john exists",
            "✓ as john, ec2:StopInstances on * is allowed, as the goal wants",
        ]
    );
}

#[test]
fn a_goal_naming_an_account_outside_the_organization_is_the_courses_fault() {
    let s = shell(&[]);
    let err = judge(
        &s.org,
        &s.home,
        &trusts("arn:aws:iam::999999999999:role/X", ACCOUNT_A),
        None,
    );
    assert!(err.unwrap_err().contains("not in this organization"));
}

fn within(principal: &str, policies: &[&str], exact: bool) -> Check {
    Check::AccessWithin {
        principal: principal.into(),
        policies: policies.iter().map(|p| p.to_string()).collect(),
        exact,
    }
}

const READ_METRICS: &str = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";

#[test]
fn access_within_names_what_goes_beyond_the_story() {
    let mut s = shell(&["aws iam create-user --user-name lena"]);
    let check = within("lena", &[READ_METRICS], false);
    // Nothing at all is within anything.
    let v = judged(&s, &check);
    assert!(v.met, "{:?}", v.lines);
    assert!(
        v.lines[0].starts_with("everything lena may do, CloudWatchReadOnlyAccess allows too ("),
        "{}",
        v.lines[0]
    );
    run(
        &mut s,
        &[
            "aws iam attach-user-policy --user-name lena --policy-arn arn:aws:iam::aws:policy/CloudWatchFullAccess",
        ],
    );
    let v = judged(&s, &check);
    assert!(!v.met);
    assert!(
        v.lines[0].starts_with("lena may do more than CloudWatchReadOnlyAccess allows: "),
        "{}",
        v.lines[0]
    );
    // Many actions: first a count by service, the largest first.
    assert_eq!(
        v.lines[1], "  by service: 83 cloudwatch, 76 logs, 25 sns and 3 iam actions",
        "{:?}",
        v.lines
    );
    assert!(
        v.lines[2].starts_with("  cloudwatch:") && v.lines[2].contains(" on "),
        "{:?}",
        v.lines
    );
    assert_eq!(v.lines.len(), 3 + EXAMPLES, "{:?}", v.lines);
    assert!(
        v.lines.last().unwrap().starts_with("  ... and "),
        "{:?}",
        v.lines
    );
}

#[test]
fn exact_access_wants_nothing_less_either() {
    let mut s = shell(&[
        "aws iam create-user --user-name lena",
        r#"aws iam put-user-policy --user-name lena --policy-name One --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudwatch:GetMetricData","Resource":"*"}]}'"#,
    ]);
    assert!(judged(&s, &within("lena", &[READ_METRICS], false)).met);
    let exact = within("lena", &[READ_METRICS], true);
    let v = judged(&s, &exact);
    assert!(!v.met);
    assert!(
        v.lines[0].starts_with("lena may do less than CloudWatchReadOnlyAccess allows: "),
        "{}",
        v.lines[0]
    );
    run(
        &mut s,
        &[
            "aws iam delete-user-policy --user-name lena --policy-name One",
            &format!("aws iam attach-user-policy --user-name lena --policy-arn {READ_METRICS}"),
        ],
    );
    let v = judged(&s, &exact);
    assert!(v.met, "{:?}", v.lines);
    assert!(
        v.lines[0].starts_with("lena may do exactly what CloudWatchReadOnlyAccess allows ("),
        "{}",
        v.lines[0]
    );
}

#[test]
fn a_written_out_reference_says_what_the_story_allows() {
    let story = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]}"#;
    let s = shell(&[
        "aws iam create-user --user-name ann",
        "aws iam attach-user-policy --user-name ann --policy-arn arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    ]);
    let v = judged(&s, &within("ann", &[story], false));
    assert!(!v.met);
    assert!(
        v.lines[0].starts_with("ann may do more than the story's policy allows: "),
        "{}",
        v.lines[0]
    );
    assert_eq!(
        v.lines.last().unwrap(),
        "  the story allows s3:GetObject on arn:aws:s3:::reports/*"
    );
    let missing = judged(&s, &within("bo", &[story], false));
    assert!(!missing.met);
    assert_eq!(missing.lines[0], "user bo does not exist yet");
}

fn new_member(group: &str, action: &str, resource: &str, allowed: bool) -> Check {
    Check::NewMemberAccess {
        group: group.into(),
        action: action.into(),
        resource: resource.into(),
        allowed,
        context: Vec::new(),
    }
}

#[test]
fn a_new_member_gets_the_groups_policies_and_nothing_of_the_members() {
    let deny = r#"'{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::reports"}]}'"#;
    let mut s = shell(&[
        "aws iam create-group --group-name DataTeam",
        "aws iam attach-group-policy --group-name DataTeam --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess",
        "aws iam create-user --user-name nina",
        "aws iam add-user-to-group --group-name DataTeam --user-name nina",
        &format!(
            "aws iam put-user-policy --user-name nina --policy-name NoDeletes --policy-document {deny}"
        ),
    ]);
    let check = new_member("DataTeam", "s3:DeleteBucket", "arn:aws:s3:::reports", false);
    // nina is covered; the next hire would not be.
    assert!(
        judged(
            &s,
            &access("nina", "s3:DeleteBucket", "arn:aws:s3:::reports", false)
        )
        .met
    );
    let v = judged(&s, &check);
    assert!(!v.met);
    assert_eq!(
        v.lines[0],
        "as a new member of DataTeam, s3:DeleteBucket on arn:aws:s3:::reports is allowed; the goal wants it denied"
    );
    assert_eq!(
        v.lines[1],
        "  (asked as user new-member: in DataTeam and nothing else, with no policy of its own)"
    );
    run(
        &mut s,
        &[&format!(
            "aws iam put-group-policy --group-name DataTeam --policy-name NoDeletes --policy-document {deny}"
        )],
    );
    let v = judged(&s, &check);
    assert!(v.met, "{:?}", v.lines);
    assert!(v.lines[0].ends_with("is denied (explicit deny), as the goal wants"));
    assert!(
        s.org.user(&s.home, "new-member").is_none(),
        "the stand-in stays out of the sandbox"
    );
    let none = judged(&s, &new_member("Nobody", "s3:GetObject", "*", true));
    assert_eq!(none.lines, ["there is no group Nobody yet"]);
}
