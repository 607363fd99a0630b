//! One answer everywhere: the access grid (which `matrix`, F6, `changes`,
//! the `access:` lines and `iamtutor diff` all read) says what the sandbox's
//! own call decides, with the context keys that call carries, for wildcard
//! grants, for `iam:PassRole` pinned to a service, and for roles that the
//! change created or deleted.

use iamtutor::iam::access_diff;
use iamtutor::iam::access_grid::{self, Column};
use iamtutor::iam::call_request::{self, SANDBOX_REGION};
use iamtutor::iam::model::{Auth, Caller, DEFAULT_ACCOUNT, Org};
use iamtutor::iam::ops;
use iamtutor::shell::services::{self, DEFAULT_REGION};
use proptest::prelude::*;
use serde_json::{Value, json};

const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn root() -> Caller {
    Caller::Root {
        account: DEFAULT_ACCOUNT.into(),
    }
}

fn alice() -> Caller {
    Caller::User {
        account: DEFAULT_ACCOUNT.into(),
        user: "alice".into(),
        auth: Auth::AccessKey,
    }
}

fn role_arn() -> String {
    format!("arn:aws:iam::{DEFAULT_ACCOUNT}:role/AppRole")
}

fn iam(org: &mut Org, op: &str, input: Value) -> Value {
    ops::call(org, &root(), "iam", op, &input).unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// The statements a policy of alice's may hold: wildcard grants, PassRole
/// pinned to one service or another, conditions on the region, denies.
fn statement(i: usize) -> Value {
    let pinned = |service: &str| {
        json!({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
               "Condition": {"StringEquals": {"iam:PassedToService": service}}})
    };
    match i {
        0 => json!({"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}),
        1 => pinned("ec2.amazonaws.com"),
        2 => pinned("lambda.amazonaws.com"),
        3 => json!({"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}),
        4 => json!({"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}),
        5 => json!({"Effect": "Deny", "Action": "ec2:DescribeInstances", "Resource": "*"}),
        6 => json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
        7 => json!({"Effect": "Allow", "Action": "ec2:*", "Resource": "*",
                    "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}),
        8 => json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
        _ => json!({"Effect": "Allow", "Action": "iam:Pass*", "Resource": role_arn()}),
    }
}

const STATEMENTS: usize = 10;

/// An organization: alice with some of those statements (and always the
/// right to put a role in a profile, so that call tests PassRole alone),
/// and AppRole, trusted by EC2 and maybe by alice, when `role` says so.
fn org_with(statements: &[usize], role: Option<bool>) -> Org {
    let mut org = Org::new();
    iam(&mut org, "CreateUser", json!({"UserName": "alice"}));
    let mut list: Vec<Value> = statements.iter().map(|&i| statement(i)).collect();
    list.push(
        json!({"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile", "Resource": "*"}),
    );
    let doc = json!({"Version": "2012-10-17", "Statement": list}).to_string();
    iam(
        &mut org,
        "PutUserPolicy",
        json!({"UserName": "alice", "PolicyName": "mine", "PolicyDocument": doc}),
    );
    iam(
        &mut org,
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "empty"}),
    );
    if let Some(trusts_alice) = role {
        let trust = if trusts_alice {
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
                {"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{DEFAULT_ACCOUNT}:user/alice")}, "Action": "sts:AssumeRole"}
            ]})
            .to_string()
        } else {
            EC2_TRUST.to_string()
        };
        iam(
            &mut org,
            "CreateRole",
            json!({"RoleName": "AppRole", "AssumeRolePolicyDocument": trust}),
        );
    }
    org
}

/// The columns checked against real calls.
fn columns() -> Vec<Column> {
    vec![
        Column::new("ec2:DescribeInstances", "*"),
        Column::new("ec2:DescribeIamInstanceProfileAssociations", "*"),
        Column::new("ec2:RunInstances", "*"),
        Column::new("iam:PassRole", role_arn()),
        Column::new("sts:AssumeRole", role_arn()),
    ]
}

/// Does the sandbox's own call for this column succeed as alice? Each runs
/// on a copy, so calls do not see each other's effects.
fn real_call(org: &Org, column: &Column) -> bool {
    let mut org = org.clone();
    let result = match column.action.as_str() {
        "ec2:DescribeInstances" => {
            services::call(&mut org, &alice(), "ec2", "DescribeInstances", &json!({}))
        }
        "ec2:DescribeIamInstanceProfileAssociations" => services::call(
            &mut org,
            &alice(),
            "ec2",
            "DescribeIamInstanceProfileAssociations",
            &json!({}),
        ),
        "ec2:RunInstances" => services::call(
            &mut org,
            &alice(),
            "ec2",
            "RunInstances",
            &json!({"ImageId": "ami-0abcdef1234567890", "InstanceType": "t3.micro",
                    "MinCount": 1, "MaxCount": 1}),
        ),
        // Putting AppRole in an instance profile passes it to EC2; alice
        // may always call AddRoleToInstanceProfile, so PassRole decides.
        "iam:PassRole" => ops::call(
            &mut org,
            &alice(),
            "iam",
            "AddRoleToInstanceProfile",
            &json!({"InstanceProfileName": "empty", "RoleName": "AppRole"}),
        ),
        "sts:AssumeRole" => ops::call(
            &mut org,
            &alice(),
            "sts",
            "AssumeRole",
            &json!({"RoleArn": role_arn(), "RoleSessionName": "check"}),
        ),
        other => panic!("no real call for {other}"),
    };
    result.is_ok()
}

fn alice_row(org: &Org, columns: &[Column]) -> Vec<bool> {
    let g = access_grid::compute(org, columns);
    let row = g.row_of("alice").expect("alice has a row");
    (0..columns.len())
        .map(|c| g.get(row, c).is_allowed())
        .collect()
}

fn check_grid_matches_calls(org: &Org) -> Result<(), TestCaseError> {
    let cols = columns();
    let row = alice_row(org, &cols);
    for (c, column) in cols.iter().enumerate() {
        prop_assert_eq!(
            row[c],
            real_call(org, column),
            "grid and the sandbox's call disagree on {}",
            column.label()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The grid cell is what the real call decides.
    #[test]
    fn the_grid_says_what_the_real_call_does(
        statements in proptest::collection::vec(0..STATEMENTS, 0..4),
        role in proptest::option::of(any::<bool>()),
    ) {
        check_grid_matches_calls(&org_with(&statements, role))?;
    }

    /// Across a change that creates or deletes AppRole or changes alice's
    /// policy, what `changes` reports for alice is exactly the cells whose
    /// real calls went from failing to succeeding or back.
    #[test]
    fn changes_report_what_real_calls_gained_and_lost(
        before_statements in proptest::collection::vec(0..STATEMENTS, 0..4),
        after_statements in proptest::collection::vec(0..STATEMENTS, 0..4),
        before_role in proptest::option::of(any::<bool>()),
        after_role in proptest::option::of(any::<bool>()),
    ) {
        let before = org_with(&before_statements, before_role);
        let after = org_with(&after_statements, after_role);
        let diff = access_diff::diff_orgs(&before, &after);
        for column in columns() {
            let (b, a) = (real_call(&before, &column), real_call(&after, &column));
            let gained = diff
                .gained
                .iter()
                .any(|c| c.principal == "alice" && c.column == column);
            let lost = diff
                .lost
                .iter()
                .any(|c| c.principal == "alice" && c.column == column);
            prop_assert_eq!(gained, !b && a, "gained {} ({} → {})", column.label(), b, a);
            prop_assert_eq!(lost, b && !a, "lost {} ({} → {})", column.label(), b, a);
        }
    }
}

/// The region the grid assumes is the one the sandbox's calls go to.
#[test]
fn the_grid_assumes_the_sandbox_region() {
    assert_eq!(SANDBOX_REGION, DEFAULT_REGION);
}

/// With PassRole pinned to EC2, the grid, `changes` and a real call agree:
/// allowed (today's bug: the grid asked without iam:PassedToService).
#[test]
fn pass_role_pinned_to_ec2_is_allowed_in_the_grid() {
    let org = org_with(&[1], Some(false));
    let col = Column::new("iam:PassRole", role_arn());
    assert_eq!(alice_row(&org, std::slice::from_ref(&col)), [true]);
    let g = access_grid::compute(&org, std::slice::from_ref(&col));
    let why = access_grid::explain_cell(&org, &g, g.row_of("alice").unwrap(), 0).unwrap();
    assert!(why.decision.is_allowed(), "{}", why.reason);
    // Pinned to Lambda, a role that only EC2 may assume cannot be passed.
    let org = org_with(&[2], Some(false));
    assert_eq!(alice_row(&org, std::slice::from_ref(&col)), [false]);
}

/// Attaching AmazonEC2ReadOnlyAccess shows up in the `access:` lines.
#[test]
fn a_wildcard_managed_policy_is_reported() {
    let before = org_with(&[], None);
    let mut after = before.clone();
    iam(
        &mut after,
        "AttachUserPolicy",
        json!({"UserName": "alice",
               "PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"}),
    );
    let diff = access_diff::diff_orgs(&before, &after);
    assert!(
        diff.gained.iter().any(
            |c| c.principal == "alice" && c.column == Column::new("ec2:DescribeInstances", "*")
        ),
        "{:?}",
        diff.summary()
    );
    assert!(diff.lost.is_empty());
    let brief = diff.brief(3);
    assert!(!brief.is_empty());
    assert!(brief.iter().all(|l| l.contains("gained")), "{brief:?}");
    assert!(brief[0].contains("alice"), "{brief:?}");
    // Every action a wildcard brought shares one heading in `changes`.
    let text = diff.to_text();
    assert_eq!(text.matches("alice").count(), 1, "{text}");
    assert!(text.contains("ec2:DescribeInstances"), "{text}");
}

/// Creating a role no one could assume before is not "lost by alice",
/// even though alice's identity policy allows sts:AssumeRole on anything.
#[test]
fn a_new_role_is_not_access_lost() {
    let before = org_with(&[3], None);
    let after = org_with(&[3], Some(false));
    let diff = access_diff::diff_orgs(&before, &after);
    assert!(diff.is_empty(), "{:?}", diff.summary());
    // A role that trusts alice is a real gain, and its deletion a loss.
    let trusting = org_with(&[3], Some(true));
    let gained = access_diff::diff_orgs(&before, &trusting);
    assert!(
        gained
            .summary()
            .iter()
            .any(|l| l.starts_with("sts:AssumeRole on role/AppRole: gained by alice")),
        "{:?}",
        gained.summary()
    );
    let lost = access_diff::diff_orgs(&trusting, &before);
    assert!(
        lost.summary()
            .iter()
            .any(|l| l.starts_with("sts:AssumeRole on role/AppRole: lost by alice")),
        "{:?}",
        lost.summary()
    );
}

/// A cell on a missing role says why in the engine's words.
#[test]
fn a_missing_role_denies_and_says_why() {
    let org = org_with(&[3], None);
    let col = Column::new("sts:AssumeRole", role_arn());
    let g = access_grid::compute(&org, std::slice::from_ref(&col));
    let row = g.row_of("alice").unwrap();
    assert!(!g.get(row, 0).is_allowed());
    let why = access_grid::explain_cell(&org, &g, row, 0).unwrap();
    assert!(
        why.reason.contains("role AppRole does not exist"),
        "{}",
        why.reason
    );
    assert_eq!(
        call_request::missing(&org, "iam:CreateRole", &role_arn()),
        None,
        "creating the role is the one call a missing role allows"
    );
}
