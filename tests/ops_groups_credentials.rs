//! Groups, credentials (login profiles, access keys, virtual MFA) and
//! instance profiles: AWS's response shapes, error codes and messages, and
//! quotas, through `ops::call` as the sandbox uses it.

use crate::common;
use std::sync::Arc;

use iamtutor::iam::error::AwsError;
use iamtutor::iam::model::{Auth, Caller, DEFAULT_ACCOUNT, LastUsed, Org, PolicyDoc, Role, User};
use iamtutor::iam::ops::{call, totp};
use iamtutor::iam::policy::PolicyKind;
use serde_json::{Value, json};

const ACCT: &str = DEFAULT_ACCOUNT;

fn root() -> Caller {
    Caller::Root {
        account: ACCT.into(),
    }
}

fn as_user(name: &str) -> Caller {
    Caller::User {
        account: ACCT.into(),
        user: name.to_ascii_lowercase(),
        auth: Auth::AccessKey,
    }
}

fn ok(org: &mut Org, caller: &Caller, op: &str, input: Value) -> Value {
    call(org, caller, "iam", op, &input)
        .unwrap_or_else(|e| panic!("{op} {input} failed: {}", e.cli_line(op)))
}

/// Runs a call that must fail, and checks that it changed nothing.
fn err(org: &mut Org, caller: &Caller, op: &str, input: Value) -> AwsError {
    let before = org.clone();
    let e = match call(org, caller, "iam", op, &input) {
        Ok(v) => panic!("{op} {input} succeeded with {v}"),
        Err(e) => e,
    };
    common::assert_unchanged_but_usage(&before, org, &format!("a failed {op}"));
    e
}

fn assert_err(e: &AwsError, code: &str, message: &str) {
    assert_eq!((e.code.as_str(), e.message.as_str()), (code, message));
}

fn org_with_users(names: &[&str]) -> Org {
    let mut org = Org::new();
    for n in names {
        ok(&mut org, &root(), "CreateUser", json!({ "UserName": n }));
    }
    org
}

fn user_mut<'a>(org: &'a mut Org, name: &str) -> &'a mut User {
    org.accounts
        .get_mut(ACCT)
        .unwrap()
        .users
        .get_mut(&name.to_ascii_lowercase())
        .unwrap()
}

/// Gives `user` an inline identity policy (policies.rs owns PutUserPolicy;
/// the model is enough here).
fn allow(org: &mut Org, user: &str, statements: Value) {
    let text = json!({ "Version": "2012-10-17", "Statement": statements }).to_string();
    let doc = PolicyDoc::parse(&text, PolicyKind::Identity).expect("a valid policy");
    user_mut(org, user).inline.insert("test".into(), doc);
}

const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// Adds a role straight to the model (roles.rs owns CreateRole).
fn add_role(org: &mut Org, name: &str) {
    let id = org.new_id("AROA");
    let role = Role {
        name: name.into(),
        path: "/".into(),
        id,
        created: org.now,
        description: String::new(),
        trust: PolicyDoc::parse(EC2_TRUST, PolicyKind::Trust).expect("a valid trust policy"),
        max_session_duration: 3600,
        inline: Default::default(),
        attached: Vec::new(),
        boundary: None,
        tags: Vec::new(),
        last_used: None,
        accessed: Default::default(),
    };
    org.accounts
        .get_mut(ACCT)
        .unwrap()
        .roles
        .insert(name.to_ascii_lowercase(), role);
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|v| v[field].as_str().expect("a name").to_string())
        .collect()
}

// -------------------------------------------------------------------- groups

#[test]
fn create_group_returns_the_group_shape() {
    let mut org = Org::new();
    let out = ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Admins", "Path": "/ops/"}),
    );
    let g = &out["Group"];
    assert_eq!(g["GroupName"], "Admins");
    assert_eq!(g["Path"], "/ops/");
    assert_eq!(g["Arn"], "arn:aws:iam::111122223333:group/ops/Admins");
    assert_eq!(g["CreateDate"], "2026-01-05T09:00:00+00:00");
    let id = g["GroupId"].as_str().unwrap();
    assert!(id.starts_with("AGPA") && id.len() == 21, "{id}");
    assert_eq!(g.as_object().unwrap().len(), 5, "{g}");
}

#[test]
fn create_group_rejects_duplicates_ignoring_case_and_bad_names() {
    let mut org = Org::new();
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Admins"}),
    );
    let e = err(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "ADMINS"}),
    );
    assert_err(
        &e,
        "EntityAlreadyExists",
        "Group with name ADMINS already exists.",
    );

    let e = err(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "dev ops"}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'groupName'"), "{}", e.message);
    let e = err(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "g".repeat(129)}),
    );
    assert!(
        e.message.contains("less than or equal to 128"),
        "{}",
        e.message
    );
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "g".repeat(128)}),
    );
    let e = err(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "x", "Path": "ops"}),
    );
    assert_eq!(e.code, "ValidationError");
    let e = err(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "x", "Owner": "me"}),
    );
    assert_eq!(e.code, "ValidationError");
}

#[test]
fn an_account_holds_at_most_300_groups() {
    let mut org = Org::new();
    for n in 0..300 {
        ok(
            &mut org,
            &root(),
            "CreateGroup",
            json!({"GroupName": format!("g{n}")}),
        );
    }
    let e = err(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "one-more"}),
    );
    assert_err(
        &e,
        "LimitExceeded",
        "Cannot exceed quota for GroupsPerAccount: 300",
    );
}

#[test]
fn get_group_lists_its_members() {
    let mut org = org_with_users(&["alice", "bob", "carol"]);
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Dev"}),
    );
    user_mut(&mut org, "alice")
        .tags
        .push(iamtutor::iam::model::Tag {
            key: "team".into(),
            value: "red".into(),
        });
    for u in ["carol", "alice"] {
        ok(
            &mut org,
            &root(),
            "AddUserToGroup",
            json!({"GroupName": "dev", "UserName": u}),
        );
    }
    let out = ok(&mut org, &root(), "GetGroup", json!({"GroupName": "DEV"}));
    assert_eq!(out["Group"]["GroupName"], "Dev");
    assert_eq!(out["IsTruncated"], false);
    assert_eq!(names(&out["Users"], "UserName"), ["alice", "carol"]);
    let alice = &out["Users"][0];
    assert_eq!(alice["Arn"], "arn:aws:iam::111122223333:user/alice");
    assert!(
        alice.get("Tags").is_none(),
        "GetGroup leaves out tags: {alice}"
    );

    let e = err(&mut org, &root(), "GetGroup", json!({"GroupName": "nope"}));
    assert_err(
        &e,
        "NoSuchEntity",
        "The group with name nope cannot be found.",
    );
}

#[test]
fn list_groups_filters_by_path_prefix() {
    let mut org = Org::new();
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "a", "Path": "/eng/"}),
    );
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "b", "Path": "/eng/web/"}),
    );
    ok(&mut org, &root(), "CreateGroup", json!({"GroupName": "c"}));
    let all = ok(&mut org, &root(), "ListGroups", json!({}));
    assert_eq!(names(&all["Groups"], "GroupName"), ["a", "b", "c"]);
    assert_eq!(all["IsTruncated"], false);
    let eng = ok(
        &mut org,
        &root(),
        "ListGroups",
        json!({"PathPrefix": "/eng/"}),
    );
    assert_eq!(names(&eng["Groups"], "GroupName"), ["a", "b"]);
    let e = err(
        &mut org,
        &root(),
        "ListGroups",
        json!({"PathPrefix": "eng"}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'pathPrefix'"), "{}", e.message);
}

#[test]
fn update_group_renames_and_keeps_members() {
    let mut org = org_with_users(&["alice"]);
    let id = ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Managers"}),
    )["Group"]["GroupId"]
        .clone();
    ok(
        &mut org,
        &root(),
        "AddUserToGroup",
        json!({"GroupName": "Managers", "UserName": "alice"}),
    );
    ok(
        &mut org,
        &root(),
        "UpdateGroup",
        json!({"GroupName": "managers", "NewGroupName": "MGRs", "NewPath": "/org/"}),
    );
    let e = err(
        &mut org,
        &root(),
        "GetGroup",
        json!({"GroupName": "Managers"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The group with name Managers cannot be found.",
    );
    let out = ok(&mut org, &root(), "GetGroup", json!({"GroupName": "mgrs"}));
    assert_eq!(out["Group"]["GroupId"], id);
    assert_eq!(
        out["Group"]["Arn"],
        "arn:aws:iam::111122223333:group/org/MGRs"
    );
    assert_eq!(names(&out["Users"], "UserName"), ["alice"]);
    let out = ok(
        &mut org,
        &root(),
        "ListGroupsForUser",
        json!({"UserName": "alice"}),
    );
    assert_eq!(names(&out["Groups"], "GroupName"), ["MGRs"]);
    // A change of case only keeps the same key.
    ok(
        &mut org,
        &root(),
        "UpdateGroup",
        json!({"GroupName": "MGRs", "NewGroupName": "mgrs"}),
    );
    let out = ok(&mut org, &root(), "GetGroup", json!({"GroupName": "MGRS"}));
    assert_eq!(out["Group"]["GroupName"], "mgrs");
    assert_eq!(names(&out["Users"], "UserName"), ["alice"]);
}

#[test]
fn update_group_errors() {
    let mut org = Org::new();
    ok(&mut org, &root(), "CreateGroup", json!({"GroupName": "a"}));
    ok(&mut org, &root(), "CreateGroup", json!({"GroupName": "b"}));
    let e = err(
        &mut org,
        &root(),
        "UpdateGroup",
        json!({"GroupName": "a", "NewGroupName": "B"}),
    );
    assert_err(
        &e,
        "EntityAlreadyExists",
        "Group with name B already exists.",
    );
    let e = err(
        &mut org,
        &root(),
        "UpdateGroup",
        json!({"GroupName": "zz", "NewGroupName": "y"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The group with name zz cannot be found.",
    );
    let e = err(
        &mut org,
        &root(),
        "UpdateGroup",
        json!({"GroupName": "a", "NewGroupName": "has space"}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'newGroupName'"), "{}", e.message);
}

#[test]
fn update_group_needs_permission_on_the_old_and_the_new_name() {
    let mut org = org_with_users(&["john"]);
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Managers"}),
    );
    allow(
        &mut org,
        "john",
        json!([{"Effect": "Allow", "Action": "iam:UpdateGroup",
                "Resource": "arn:aws:iam::111122223333:group/Managers"}]),
    );
    let e = err(
        &mut org,
        &as_user("john"),
        "UpdateGroup",
        json!({"GroupName": "Managers", "NewGroupName": "MGRs"}),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message
            .contains("iam:UpdateGroup on resource: arn:aws:iam::111122223333:group/MGRs"),
        "{}",
        e.message
    );
    allow(
        &mut org,
        "john",
        json!([{"Effect": "Allow", "Action": "iam:UpdateGroup",
                "Resource": ["arn:aws:iam::111122223333:group/Managers",
                             "arn:aws:iam::111122223333:group/MGRs"]}]),
    );
    ok(
        &mut org,
        &as_user("john"),
        "UpdateGroup",
        json!({"GroupName": "Managers", "NewGroupName": "MGRs"}),
    );
}

#[test]
fn delete_group_waits_for_members_and_policies() {
    let mut org = org_with_users(&["alice"]);
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Dev"}),
    );
    ok(
        &mut org,
        &root(),
        "AddUserToGroup",
        json!({"GroupName": "Dev", "UserName": "alice"}),
    );
    let e = err(
        &mut org,
        &root(),
        "DeleteGroup",
        json!({"GroupName": "Dev"}),
    );
    assert_err(
        &e,
        "DeleteConflict",
        "Cannot delete entity, must remove users from group first.",
    );
    ok(
        &mut org,
        &root(),
        "RemoveUserFromGroup",
        json!({"GroupName": "Dev", "UserName": "alice"}),
    );

    let group = |org: &mut Org| {
        org.accounts
            .get_mut(ACCT)
            .unwrap()
            .groups
            .get_mut("dev")
            .unwrap()
            .clone()
    };
    let mut g = group(&mut org);
    g.attached
        .push("arn:aws:iam::aws:policy/ReadOnlyAccess".into());
    org.accounts
        .get_mut(ACCT)
        .unwrap()
        .groups
        .insert("dev".into(), g);
    let e = err(
        &mut org,
        &root(),
        "DeleteGroup",
        json!({"GroupName": "Dev"}),
    );
    assert_err(
        &e,
        "DeleteConflict",
        "Cannot delete entity, must detach all policies first.",
    );

    let mut g = group(&mut org);
    g.attached.clear();
    let doc = PolicyDoc::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        PolicyKind::Identity,
    )
    .unwrap();
    g.inline.insert("s3".into(), Arc::clone(&doc));
    org.accounts
        .get_mut(ACCT)
        .unwrap()
        .groups
        .insert("dev".into(), g);
    let e = err(
        &mut org,
        &root(),
        "DeleteGroup",
        json!({"GroupName": "Dev"}),
    );
    assert_err(
        &e,
        "DeleteConflict",
        "Cannot delete entity, must delete policies first.",
    );

    let mut g = group(&mut org);
    g.inline.clear();
    org.accounts
        .get_mut(ACCT)
        .unwrap()
        .groups
        .insert("dev".into(), g);
    assert_eq!(
        ok(
            &mut org,
            &root(),
            "DeleteGroup",
            json!({"GroupName": "dev"})
        ),
        json!({})
    );
    let e = err(
        &mut org,
        &root(),
        "DeleteGroup",
        json!({"GroupName": "Dev"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The group with name Dev cannot be found.",
    );
}

#[test]
fn add_user_to_group_is_idempotent_and_capped_at_ten_groups() {
    let mut org = org_with_users(&["alice"]);
    for n in 0..11 {
        ok(
            &mut org,
            &root(),
            "CreateGroup",
            json!({"GroupName": format!("g{n}")}),
        );
    }
    for n in 0..10 {
        ok(
            &mut org,
            &root(),
            "AddUserToGroup",
            json!({"GroupName": format!("g{n}"), "UserName": "alice"}),
        );
    }
    // Joining a group again is a success that changes nothing, even at the cap.
    let before = org.clone();
    ok(
        &mut org,
        &root(),
        "AddUserToGroup",
        json!({"GroupName": "G3", "UserName": "ALICE"}),
    );
    assert_eq!(org, before);
    let e = err(
        &mut org,
        &root(),
        "AddUserToGroup",
        json!({"GroupName": "g10", "UserName": "alice"}),
    );
    assert_err(
        &e,
        "LimitExceeded",
        "Cannot exceed quota for GroupsPerUser: 10",
    );
    let out = ok(
        &mut org,
        &root(),
        "ListGroupsForUser",
        json!({"UserName": "alice"}),
    );
    assert_eq!(out["Groups"].as_array().unwrap().len(), 10);
    assert_eq!(out["Groups"][0]["GroupName"], "g0");
}

#[test]
fn membership_calls_name_the_missing_entity() {
    let mut org = org_with_users(&["alice"]);
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Dev"}),
    );
    let cases = [
        (
            "AddUserToGroup",
            "Dev",
            "nobody",
            "The user with name nobody cannot be found.",
        ),
        (
            "AddUserToGroup",
            "nogroup",
            "alice",
            "The group with name nogroup cannot be found.",
        ),
        // With both missing, AWS names the user.
        (
            "RemoveUserFromGroup",
            "nogroup",
            "nobody",
            "The user with name nobody cannot be found.",
        ),
        (
            "RemoveUserFromGroup",
            "nogroup",
            "alice",
            "The group with name nogroup cannot be found.",
        ),
    ];
    for (op, group, user, message) in cases {
        let e = err(
            &mut org,
            &root(),
            op,
            json!({"GroupName": group, "UserName": user}),
        );
        assert_err(&e, "NoSuchEntity", message);
    }
    let e = err(
        &mut org,
        &root(),
        "ListGroupsForUser",
        json!({"UserName": "nobody"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );
}

#[test]
fn removing_a_non_member_succeeds_and_changes_nothing() {
    let mut org = org_with_users(&["alice", "bob"]);
    ok(
        &mut org,
        &root(),
        "CreateGroup",
        json!({"GroupName": "Dev"}),
    );
    ok(
        &mut org,
        &root(),
        "AddUserToGroup",
        json!({"GroupName": "Dev", "UserName": "bob"}),
    );
    let before = org.clone();
    ok(
        &mut org,
        &root(),
        "RemoveUserFromGroup",
        json!({"GroupName": "Dev", "UserName": "alice"}),
    );
    assert_eq!(org, before);
    ok(
        &mut org,
        &root(),
        "RemoveUserFromGroup",
        json!({"GroupName": "dev", "UserName": "BOB"}),
    );
    let out = ok(&mut org, &root(), "GetGroup", json!({"GroupName": "Dev"}));
    assert_eq!(out["Users"], json!([]));
}

#[test]
fn group_calls_are_authorized_before_existence_checks() {
    let mut org = org_with_users(&["john"]);
    for (op, input, resource) in [
        ("CreateGroup", json!({"GroupName": "x"}), "group/x"),
        ("GetGroup", json!({"GroupName": "missing"}), "group/missing"),
        ("ListGroups", json!({}), "group/"),
        (
            "DeleteGroup",
            json!({"GroupName": "missing"}),
            "group/missing",
        ),
        (
            "AddUserToGroup",
            json!({"GroupName": "missing", "UserName": "john"}),
            "group/missing",
        ),
        (
            "ListGroupsForUser",
            json!({"UserName": "john"}),
            "user/john",
        ),
    ] {
        let e = err(&mut org, &as_user("john"), op, input);
        assert_eq!(e.code, "AccessDenied", "{op}");
        let expected = format!(
            "User: arn:aws:iam::111122223333:user/john is not authorized to perform: iam:{op} on resource: arn:aws:iam::111122223333:{resource} because no identity-based policy allows the iam:{op} action"
        );
        assert_eq!(e.message, expected);
    }
}

// ------------------------------------------------------------ login profiles

#[test]
fn login_profile_lifecycle_never_shows_the_password() {
    let mut org = org_with_users(&["john"]);
    let out = ok(
        &mut org,
        &root(),
        "CreateLoginProfile",
        json!({"UserName": "JOHN", "Password": "Correct-Horse-42"}),
    );
    assert_eq!(
        out,
        json!({"LoginProfile": {
            "UserName": "john",
            "CreateDate": "2026-01-05T09:00:00+00:00",
            "PasswordResetRequired": false,
        }})
    );
    let got = ok(
        &mut org,
        &root(),
        "GetLoginProfile",
        json!({"UserName": "john"}),
    );
    assert_eq!(got, out);
    assert!(!got.to_string().contains("Horse"));

    ok(
        &mut org,
        &root(),
        "UpdateLoginProfile",
        json!({"UserName": "john", "PasswordResetRequired": true, "Password": "New-Pass-99"}),
    );
    let got = ok(
        &mut org,
        &root(),
        "GetLoginProfile",
        json!({"UserName": "john"}),
    );
    assert_eq!(got["LoginProfile"]["PasswordResetRequired"], true);
    let profile = user_mut(&mut org, "john").login_profile.clone().unwrap();
    assert_eq!(profile.password, "New-Pass-99");

    ok(
        &mut org,
        &root(),
        "DeleteLoginProfile",
        json!({"UserName": "john"}),
    );
    let e = err(
        &mut org,
        &root(),
        "GetLoginProfile",
        json!({"UserName": "john"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "Login Profile for User john cannot be found.",
    );
    let e = err(
        &mut org,
        &root(),
        "DeleteLoginProfile",
        json!({"UserName": "john"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "Login Profile for User john cannot be found.",
    );
    let e = err(
        &mut org,
        &root(),
        "UpdateLoginProfile",
        json!({"UserName": "john", "PasswordResetRequired": true}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "Login Profile for User john cannot be found.",
    );
}

#[test]
fn create_login_profile_errors() {
    let mut org = org_with_users(&["john"]);
    ok(
        &mut org,
        &root(),
        "CreateLoginProfile",
        json!({"UserName": "john", "Password": "Passw0rd", "PasswordResetRequired": true}),
    );
    let e = err(
        &mut org,
        &root(),
        "CreateLoginProfile",
        json!({"UserName": "john", "Password": "Passw0rd"}),
    );
    assert_err(
        &e,
        "EntityAlreadyExists",
        "Login Profile for user john already exists.",
    );
    let e = err(
        &mut org,
        &root(),
        "CreateLoginProfile",
        json!({"UserName": "nobody", "Password": "Passw0rd"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );

    let mut org = org_with_users(&["jane"]);
    // The default policy: 8 characters, three kinds of four.
    for weak in ["Pass0rd", "password1", "PASSWORD1", "Password", "12345678!"] {
        let e = err(
            &mut org,
            &root(),
            "CreateLoginProfile",
            json!({"UserName": "jane", "Password": weak}),
        );
        assert_err(
            &e,
            "PasswordPolicyViolation",
            "Password does not conform to the account password policy.",
        );
    }
    let e = err(
        &mut org,
        &root(),
        "CreateLoginProfile",
        json!({"UserName": "jane", "Password": format!("Aa1{}", "x".repeat(126))}),
    );
    assert_err(
        &e,
        "ValidationError",
        "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
    let e = err(
        &mut org,
        &root(),
        "CreateLoginProfile",
        json!({"UserName": "jane"}),
    );
    assert_eq!(e.code, "ValidationError");
    // Login profiles take user names of at most 64 characters, key calls 128.
    let long = "u".repeat(65);
    let e = err(
        &mut org,
        &root(),
        "GetLoginProfile",
        json!({"UserName": long}),
    );
    assert!(
        e.message.contains("less than or equal to 64"),
        "{}",
        e.message
    );
    let e = err(
        &mut org,
        &root(),
        "ListAccessKeys",
        json!({"UserName": long}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        &format!("The user with name {long} cannot be found."),
    );
    let e = err(
        &mut org,
        &root(),
        "UpdateLoginProfile",
        json!({"UserName": "jane", "Password": "weak"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "Login Profile for User jane cannot be found.",
    );
    ok(
        &mut org,
        &root(),
        "CreateLoginProfile",
        json!({"UserName": "jane", "Password": "Aa1".to_string() + &"x".repeat(125)}),
    );
    let e = err(
        &mut org,
        &root(),
        "UpdateLoginProfile",
        json!({"UserName": "jane", "Password": "weak-password"}),
    );
    assert_eq!(e.code, "PasswordPolicyViolation");
}

#[test]
fn credential_calls_default_to_the_calling_user() {
    let mut org = org_with_users(&["john"]);
    allow(
        &mut org,
        "john",
        json!([{"Effect": "Allow", "Action": "iam:*",
                "Resource": "arn:aws:iam::111122223333:user/john"}]),
    );
    let john = as_user("john");
    ok(
        &mut org,
        &john,
        "CreateLoginProfile",
        json!({"Password": "Passw0rd!"}),
    );
    let out = ok(&mut org, &john, "GetLoginProfile", json!({}));
    assert_eq!(out["LoginProfile"]["UserName"], "john");
    let key = ok(&mut org, &john, "CreateAccessKey", json!({}));
    assert_eq!(key["AccessKey"]["UserName"], "john");
    let keys = ok(&mut org, &john, "ListAccessKeys", json!({}));
    assert_eq!(keys["AccessKeyMetadata"].as_array().unwrap().len(), 1);

    let e = err(&mut org, &root(), "GetLoginProfile", json!({}));
    assert_err(
        &e,
        "ValidationError",
        "Must specify userName when calling with non-User credentials",
    );
    // The root user's own keys are not modelled: it has none to list.
    let out = ok(&mut org, &root(), "ListAccessKeys", json!({}));
    assert_eq!(out, json!({"AccessKeyMetadata": [], "IsTruncated": false}));
}

#[test]
fn credential_calls_are_authorized_against_the_user() {
    let mut org = org_with_users(&["john", "mallory"]);
    let mallory = as_user("mallory");
    for (op, input) in [
        (
            "CreateLoginProfile",
            json!({"UserName": "john", "Password": "Passw0rd!"}),
        ),
        ("GetLoginProfile", json!({"UserName": "john"})),
        ("DeleteLoginProfile", json!({"UserName": "john"})),
        ("CreateAccessKey", json!({"UserName": "john"})),
        ("ListAccessKeys", json!({"UserName": "john"})),
        ("ListMFADevices", json!({"UserName": "john"})),
    ] {
        let e = err(&mut org, &mallory, op, input);
        assert_eq!(e.code, "AccessDenied", "{op}");
        assert!(
            e.message.contains(&format!(
                "iam:{op} on resource: arn:aws:iam::111122223333:user/john"
            )),
            "{}",
            e.message
        );
    }
    // A missing user is refused, not reported missing, to an outsider.
    let e = err(
        &mut org,
        &mallory,
        "CreateAccessKey",
        json!({"UserName": "ghost"}),
    );
    assert_eq!(e.code, "AccessDenied");
}

// --------------------------------------------------------------- access keys

#[test]
fn access_keys_lifecycle_and_quota() {
    let mut org = org_with_users(&["john"]);
    let out = ok(
        &mut org,
        &root(),
        "CreateAccessKey",
        json!({"UserName": "john"}),
    );
    let k = &out["AccessKey"];
    let id = k["AccessKeyId"].as_str().unwrap().to_string();
    assert!(id.starts_with("AKIA") && id.len() == 20, "{id}");
    assert_eq!(k["SecretAccessKey"].as_str().unwrap().len(), 40);
    assert_eq!(k["Status"], "Active");
    assert_eq!(k["UserName"], "john");
    assert_eq!(k["CreateDate"], "2026-01-05T09:00:00+00:00");

    ok(
        &mut org,
        &root(),
        "CreateAccessKey",
        json!({"UserName": "john"}),
    );
    let e = err(
        &mut org,
        &root(),
        "CreateAccessKey",
        json!({"UserName": "john"}),
    );
    assert_err(
        &e,
        "LimitExceeded",
        "Cannot exceed quota for AccessKeysPerUser: 2",
    );

    let list = ok(
        &mut org,
        &root(),
        "ListAccessKeys",
        json!({"UserName": "john"}),
    );
    assert_eq!(list["IsTruncated"], false);
    let meta = list["AccessKeyMetadata"].as_array().unwrap();
    assert_eq!(meta.len(), 2);
    assert_eq!(
        meta[0],
        json!({"UserName": "john", "AccessKeyId": id, "Status": "Active",
               "CreateDate": "2026-01-05T09:00:00+00:00"})
    );
    assert!(!list.to_string().contains("SecretAccessKey"));

    ok(
        &mut org,
        &root(),
        "UpdateAccessKey",
        json!({"UserName": "john", "AccessKeyId": id, "Status": "Inactive"}),
    );
    let list = ok(
        &mut org,
        &root(),
        "ListAccessKeys",
        json!({"UserName": "john"}),
    );
    assert_eq!(list["AccessKeyMetadata"][0]["Status"], "Inactive");

    ok(
        &mut org,
        &root(),
        "DeleteAccessKey",
        json!({"UserName": "john", "AccessKeyId": id}),
    );
    let e = err(
        &mut org,
        &root(),
        "DeleteAccessKey",
        json!({"UserName": "john", "AccessKeyId": id}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        &format!("The Access Key with id {id} cannot be found."),
    );
    // One key deleted: there is room for another.
    ok(
        &mut org,
        &root(),
        "CreateAccessKey",
        json!({"UserName": "john"}),
    );
}

#[test]
fn access_key_errors() {
    let mut org = org_with_users(&["john", "jane"]);
    let id = ok(
        &mut org,
        &root(),
        "CreateAccessKey",
        json!({"UserName": "john"}),
    )["AccessKey"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_string();
    let e = err(
        &mut org,
        &root(),
        "CreateAccessKey",
        json!({"UserName": "nobody"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );
    // A key is found only under its own user.
    let e = err(
        &mut org,
        &root(),
        "UpdateAccessKey",
        json!({"UserName": "jane", "AccessKeyId": id, "Status": "Inactive"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        &format!("The Access Key with id {id} cannot be found."),
    );
    let e = err(
        &mut org,
        &root(),
        "UpdateAccessKey",
        json!({"UserName": "john", "AccessKeyId": id, "Status": "Paused"}),
    );
    assert_err(
        &e,
        "ValidationError",
        "1 validation error detected: Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]",
    );
    let e = err(
        &mut org,
        &root(),
        "UpdateAccessKey",
        json!({"UserName": "john", "AccessKeyId": id, "Status": "Expired"}),
    );
    assert_eq!(e.code, "InvalidInput");
    let e = err(
        &mut org,
        &root(),
        "DeleteAccessKey",
        json!({"UserName": "john", "AccessKeyId": "AKIASHORT"}),
    );
    assert_err(
        &e,
        "ValidationError",
        "1 validation error detected: Value 'AKIASHORT' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
    );
    let e = err(
        &mut org,
        &root(),
        "DeleteAccessKey",
        json!({"AccessKeyId": id}),
    );
    assert_err(
        &e,
        "ValidationError",
        "Must specify userName when calling with non-User credentials",
    );
}

#[test]
fn get_access_key_last_used_reports_na_until_used() {
    let mut org = org_with_users(&["john"]);
    let id = ok(
        &mut org,
        &root(),
        "CreateAccessKey",
        json!({"UserName": "john"}),
    )["AccessKey"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_string();
    let out = ok(
        &mut org,
        &root(),
        "GetAccessKeyLastUsed",
        json!({"AccessKeyId": id}),
    );
    assert_eq!(
        out,
        json!({"UserName": "john", "AccessKeyLastUsed": {"ServiceName": "N/A", "Region": "N/A"}})
    );
    user_mut(&mut org, "john").access_keys[0].last_used = Some(LastUsed {
        date: 1_767_600_000,
        service: "s3".into(),
    });
    let out = ok(
        &mut org,
        &root(),
        "GetAccessKeyLastUsed",
        json!({"AccessKeyId": id}),
    );
    assert_eq!(out["AccessKeyLastUsed"]["ServiceName"], "s3");
    assert_eq!(
        out["AccessKeyLastUsed"]["LastUsedDate"],
        "2026-01-05T08:00:00+00:00"
    );

    let e = err(
        &mut org,
        &root(),
        "GetAccessKeyLastUsed",
        json!({"AccessKeyId": "AKIAIOSFODNN7EXAMPLE"}),
    );
    assert_err(
        &e,
        "AccessDenied",
        "User: arn:aws:iam::111122223333:root is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAIOSFODNN7EXAMPLE",
    );
    let e = err(
        &mut org,
        &as_user("john"),
        "GetAccessKeyLastUsed",
        json!({"AccessKeyId": id}),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message
            .contains("on resource: arn:aws:iam::111122223333:user/john")
    );
}

// ---------------------------------------------------------------------- TOTP

#[test]
fn totp_matches_rfc_6238_test_vectors() {
    // RFC 6238 appendix B, SHA-1, seed "12345678901234567890": the RFC prints
    // eight digits; an authenticator shows the last six.
    let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    for (time, eight) in [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ] {
        assert_eq!(totp(seed, time), eight[2..], "at {time}");
    }
    // The code holds for the whole 30-second step, then changes.
    assert_eq!(totp(seed, 30), totp(seed, 59));
    assert_ne!(totp(seed, 59), totp(seed, 60));
    // Case and spacing do not matter, as in authenticator apps.
    assert_eq!(
        totp("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", 59),
        "287082"
    );
}

// ---------------------------------------------------------------- MFA devices

fn seed_of(org: &Org, device: &str) -> String {
    org.accounts[ACCT].mfa_devices[&device.to_ascii_lowercase()]
        .seed
        .clone()
}

fn serial(name: &str) -> String {
    format!("arn:aws:iam::111122223333:mfa/{name}")
}

/// Two consecutive codes as an authenticator showed them: 30 seconds ago and now.
fn codes(org: &Org, device: &str) -> (String, String) {
    let seed = seed_of(org, device);
    (totp(&seed, org.now - 30), totp(&seed, org.now))
}

fn enable(org: &mut Org, user: &str, device: &str) {
    let (c1, c2) = codes(org, device);
    ok(
        org,
        &root(),
        "EnableMFADevice",
        json!({"UserName": user, "SerialNumber": serial(device),
               "AuthenticationCode1": c1, "AuthenticationCode2": c2}),
    );
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.chars().filter(|c| *c != '=') {
        buffer = buffer << 6 | ALPHABET.find(c).expect("base64") as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn create_virtual_mfa_device_returns_serial_and_seed() {
    let mut org = Org::new();
    let out = ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "john-phone"}),
    );
    let d = &out["VirtualMFADevice"];
    assert_eq!(d["SerialNumber"], serial("john-phone"));
    // The seed blob is Base64 of the Base32 text an authenticator takes.
    let seed = String::from_utf8(decode_base64(d["Base32StringSeed"].as_str().unwrap())).unwrap();
    assert_eq!(seed, seed_of(&org, "john-phone"));
    assert_eq!(seed.len(), 64);
    assert!(
        seed.chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
    );
    assert!(d.get("QRCodePNG").is_none());

    let out = ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "key2", "Path": "/team/",
               "Tags": [{"Key": "owner", "Value": "jane"}]}),
    );
    assert_eq!(
        out["VirtualMFADevice"]["SerialNumber"],
        "arn:aws:iam::111122223333:mfa/team/key2"
    );
    assert_eq!(
        out["VirtualMFADevice"]["Tags"],
        json!([{"Key": "owner", "Value": "jane"}])
    );
}

#[test]
fn create_virtual_mfa_device_errors() {
    let mut org = Org::new();
    ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "phone"}),
    );
    let e = err(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "phone"}),
    );
    assert_err(&e, "EntityAlreadyExists", "MFA device already exists.");
    for path in ["invalid-path/", "/invalid-path"] {
        let e = err(
            &mut org,
            &root(),
            "CreateVirtualMFADevice",
            json!({"VirtualMFADeviceName": "other", "Path": path}),
        );
        assert_err(
            &e,
            "ValidationError",
            "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.",
        );
    }
    let e = err(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "other", "Path": format!("/{}/", "a".repeat(512))}),
    );
    assert_err(
        &e,
        "ValidationError",
        "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 512",
    );
    let e = err(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "my phone"}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(
        e.message.contains("'virtualMFADeviceName'"),
        "{}",
        e.message
    );
}

#[test]
fn enable_mfa_device_with_two_consecutive_codes() {
    let mut org = org_with_users(&["john"]);
    ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "john-phone"}),
    );
    let before = ok(
        &mut org,
        &root(),
        "ListMFADevices",
        json!({"UserName": "john"}),
    );
    assert_eq!(before, json!({"MFADevices": [], "IsTruncated": false}));
    enable(&mut org, "john", "john-phone");

    let out = ok(
        &mut org,
        &root(),
        "ListMFADevices",
        json!({"UserName": "john"}),
    );
    assert_eq!(
        out["MFADevices"],
        json!([{"UserName": "john", "SerialNumber": serial("john-phone"),
                "EnableDate": "2026-01-05T09:00:00+00:00"}])
    );
    let assigned = ok(
        &mut org,
        &root(),
        "ListVirtualMFADevices",
        json!({"AssignmentStatus": "Assigned"}),
    );
    let d = &assigned["VirtualMFADevices"][0];
    assert_eq!(d["SerialNumber"], serial("john-phone"));
    assert_eq!(d["User"]["UserName"], "john");
    assert_eq!(d["User"]["Arn"], "arn:aws:iam::111122223333:user/john");
    assert_eq!(d["EnableDate"], "2026-01-05T09:00:00+00:00");
    assert!(
        d.get("Base32StringSeed").is_none(),
        "listing never shows the seed"
    );
    let unassigned = ok(
        &mut org,
        &root(),
        "ListVirtualMFADevices",
        json!({"AssignmentStatus": "Unassigned"}),
    );
    assert_eq!(unassigned["VirtualMFADevices"], json!([]));

    // DeleteUser (users.rs) now refuses until the device is deactivated.
    let e = err(&mut org, &root(), "DeleteUser", json!({"UserName": "john"}));
    assert_err(
        &e,
        "DeleteConflict",
        "Cannot delete entity, must delete MFA device first.",
    );
}

#[test]
fn which_code_pairs_enable_accepts() {
    let mut org = org_with_users(&["john"]);
    ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "d"}),
    );
    let seed = seed_of(&org, "d");
    let now = org.now;
    let at = |offset: i64| totp(&seed, now + offset * 30);
    let attempt = |org: &mut Org, c1: String, c2: String| {
        call(
            org,
            &root(),
            "iam",
            "EnableMFADevice",
            &json!({"UserName": "john", "SerialNumber": serial("d"),
                    "AuthenticationCode1": c1, "AuthenticationCode2": c2}),
        )
    };
    let invalid = |org: &mut Org, c1: String, c2: String| {
        let before = org.clone();
        let e = attempt(org, c1, c2).expect_err("codes should be refused");
        assert_err(
            &e,
            "InvalidAuthenticationCode",
            "Authentication code for device is not valid.",
        );
        assert_eq!(*org, before);
    };
    invalid(&mut org, at(0), at(0)); // the same code twice
    invalid(&mut org, at(0), at(-1)); // in the wrong order
    invalid(&mut org, at(-3), at(-2)); // too old
    invalid(&mut org, at(1), at(2)); // too far ahead
    invalid(&mut org, "000000".into(), "000000".into());
    // Within one step of skew either way.
    for (c1, c2) in [(at(-2), at(-1)), (at(-1), at(0)), (at(0), at(1))] {
        let mut trial = org.clone();
        attempt(&mut trial, c1, c2).expect("consecutive codes near now");
    }
}

#[test]
fn enable_mfa_device_errors() {
    let mut org = org_with_users(&["john", "jane"]);
    ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "d"}),
    );
    let (c1, c2) = codes(&org, "d");
    let input = |user: &str, serial: String, c1: &str, c2: &str| {
        json!({"UserName": user, "SerialNumber": serial,
               "AuthenticationCode1": c1, "AuthenticationCode2": c2})
    };
    let e = err(
        &mut org,
        &root(),
        "EnableMFADevice",
        input("nobody", serial("d"), &c1, &c2),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );
    let e = err(
        &mut org,
        &root(),
        "EnableMFADevice",
        input("john", serial("nope"), &c1, &c2),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "MFA Device with serial number arn:aws:iam::111122223333:mfa/nope does not exist.",
    );
    let e = err(
        &mut org,
        &root(),
        "EnableMFADevice",
        input("john", serial("d"), "12345", &c2),
    );
    assert_err(
        &e,
        "ValidationError",
        "1 validation error detected: Value '12345' at 'authenticationCode1' failed to satisfy constraint: Member must have length greater than or equal to 6",
    );
    let e = err(
        &mut org,
        &root(),
        "EnableMFADevice",
        input("john", serial("d"), &c1, "12a456"),
    );
    assert!(e.message.contains("'authenticationCode2'"), "{}", e.message);
    let e = err(
        &mut org,
        &root(),
        "EnableMFADevice",
        input("john", "short".into(), &c1, &c2),
    );
    assert!(e.message.contains("'serialNumber'"), "{}", e.message);

    enable(&mut org, "john", "d");
    let e = err(
        &mut org,
        &root(),
        "EnableMFADevice",
        input("jane", serial("d"), &c1, &c2),
    );
    assert_err(&e, "EntityAlreadyExists", "MFA Device is already in use.");
    let e = err(
        &mut org,
        &as_user("jane"),
        "EnableMFADevice",
        input("jane", serial("d"), &c1, &c2),
    );
    assert_eq!(e.code, "AccessDenied");
}

#[test]
fn a_user_can_have_eight_mfa_devices() {
    let mut org = org_with_users(&["john"]);
    for n in 0..9 {
        ok(
            &mut org,
            &root(),
            "CreateVirtualMFADevice",
            json!({"VirtualMFADeviceName": format!("d{n}")}),
        );
    }
    for n in 0..8 {
        enable(&mut org, "john", &format!("d{n}"));
    }
    let (c1, c2) = codes(&org, "d8");
    let e = err(
        &mut org,
        &root(),
        "EnableMFADevice",
        json!({"UserName": "john", "SerialNumber": serial("d8"),
               "AuthenticationCode1": c1, "AuthenticationCode2": c2}),
    );
    assert_err(
        &e,
        "LimitExceeded",
        "Cannot exceed quota for MFADevicesPerUser: 8",
    );
}

#[test]
fn deactivate_then_delete_a_virtual_mfa_device() {
    let mut org = org_with_users(&["john"]);
    ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "d"}),
    );
    enable(&mut org, "john", "d");
    let e = err(
        &mut org,
        &root(),
        "DeleteVirtualMFADevice",
        json!({"SerialNumber": serial("d")}),
    );
    assert_err(&e, "DeleteConflict", "MFA device is still in use.");

    ok(
        &mut org,
        &root(),
        "DeactivateMFADevice",
        json!({"UserName": "john", "SerialNumber": serial("d")}),
    );
    let out = ok(
        &mut org,
        &root(),
        "ListMFADevices",
        json!({"UserName": "john"}),
    );
    assert_eq!(out["MFADevices"], json!([]));
    // The device is still there, unassigned, and can be enabled again.
    let out = ok(
        &mut org,
        &root(),
        "ListVirtualMFADevices",
        json!({"AssignmentStatus": "Unassigned"}),
    );
    assert_eq!(
        out["VirtualMFADevices"],
        json!([{"SerialNumber": serial("d")}])
    );
    let e = err(
        &mut org,
        &root(),
        "DeactivateMFADevice",
        json!({"UserName": "john", "SerialNumber": serial("d")}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "MFA Device with serial number arn:aws:iam::111122223333:mfa/d does not exist.",
    );
    let e = err(
        &mut org,
        &root(),
        "DeactivateMFADevice",
        json!({"UserName": "nobody", "SerialNumber": serial("d")}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
    );

    ok(
        &mut org,
        &root(),
        "DeleteVirtualMFADevice",
        json!({"SerialNumber": serial("d")}),
    );
    let out = ok(&mut org, &root(), "ListVirtualMFADevices", json!({}));
    assert_eq!(out["VirtualMFADevices"], json!([]));
    let e = err(
        &mut org,
        &root(),
        "DeleteVirtualMFADevice",
        json!({"SerialNumber": serial("d")}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "MFA Device with serial number arn:aws:iam::111122223333:mfa/d does not exist.",
    );
    // With no MFA device left, the user can go.
    ok(&mut org, &root(), "DeleteUser", json!({"UserName": "john"}));
}

#[test]
fn list_virtual_mfa_devices_filters_by_assignment() {
    let mut org = org_with_users(&["john"]);
    for n in ["a", "b", "c"] {
        ok(
            &mut org,
            &root(),
            "CreateVirtualMFADevice",
            json!({"VirtualMFADeviceName": n}),
        );
    }
    enable(&mut org, "john", "b");
    let list = |org: &mut Org, input: Value| {
        names(
            &ok(org, &root(), "ListVirtualMFADevices", input)["VirtualMFADevices"],
            "SerialNumber",
        )
    };
    assert_eq!(
        list(&mut org, json!({})),
        [serial("a"), serial("b"), serial("c")]
    );
    assert_eq!(
        list(&mut org, json!({"AssignmentStatus": "Any"})),
        [serial("a"), serial("b"), serial("c")]
    );
    assert_eq!(
        list(&mut org, json!({"AssignmentStatus": "Assigned"})),
        [serial("b")]
    );
    assert_eq!(
        list(&mut org, json!({"AssignmentStatus": "Unassigned"})),
        [serial("a"), serial("c")]
    );
    let e = err(
        &mut org,
        &root(),
        "ListVirtualMFADevices",
        json!({"AssignmentStatus": "Mine"}),
    );
    assert_eq!(e.code, "ValidationError");
    let e = err(
        &mut org,
        &as_user("john"),
        "ListVirtualMFADevices",
        json!({}),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message
            .contains("on resource: arn:aws:iam::111122223333:mfa/ ")
    );
}

#[test]
fn resync_checks_the_codes_of_an_enabled_device() {
    let mut org = org_with_users(&["john"]);
    ok(
        &mut org,
        &root(),
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "d"}),
    );
    let (c1, c2) = codes(&org, "d");
    let input = |c1: &str, c2: &str| {
        json!({"UserName": "john", "SerialNumber": serial("d"),
               "AuthenticationCode1": c1, "AuthenticationCode2": c2})
    };
    let e = err(&mut org, &root(), "ResyncMFADevice", input(&c1, &c2));
    assert_eq!(e.code, "NoSuchEntity", "not enabled yet");
    enable(&mut org, "john", "d");
    ok(&mut org, &root(), "ResyncMFADevice", input(&c1, &c2));
    let e = err(&mut org, &root(), "ResyncMFADevice", input(&c2, &c1));
    assert_eq!(e.code, "InvalidAuthenticationCode");
}

#[test]
fn creating_and_deleting_mfa_devices_is_authorized_on_the_device() {
    let mut org = org_with_users(&["john"]);
    allow(
        &mut org,
        "john",
        json!([{"Effect": "Allow",
                "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
                "Resource": "arn:aws:iam::111122223333:mfa/john"}]),
    );
    let john = as_user("john");
    ok(
        &mut org,
        &john,
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "john"}),
    );
    let e = err(
        &mut org,
        &john,
        "CreateVirtualMFADevice",
        json!({"VirtualMFADeviceName": "jane"}),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message
            .contains("resource: arn:aws:iam::111122223333:mfa/jane")
    );
    ok(
        &mut org,
        &john,
        "DeleteVirtualMFADevice",
        json!({"SerialNumber": serial("john")}),
    );
}

// --------------------------------------------------------- instance profiles

#[test]
fn instance_profile_shapes() {
    let mut org = Org::new();
    let out = ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "web", "Path": "/app/"}),
    );
    let p = &out["InstanceProfile"];
    assert_eq!(p["InstanceProfileName"], "web");
    assert_eq!(
        p["Arn"],
        "arn:aws:iam::111122223333:instance-profile/app/web"
    );
    assert_eq!(p["Path"], "/app/");
    assert_eq!(p["Roles"], json!([]));
    assert_eq!(p["CreateDate"], "2026-01-05T09:00:00+00:00");
    assert!(p["InstanceProfileId"].as_str().unwrap().starts_with("AIPA"));
    assert!(p.get("Tags").is_none(), "no tags given, none shown: {p}");

    let got = ok(
        &mut org,
        &root(),
        "GetInstanceProfile",
        json!({"InstanceProfileName": "WEB"}),
    );
    assert_eq!(got["InstanceProfile"]["Tags"], json!([]));
    assert_eq!(
        got["InstanceProfile"]["InstanceProfileId"],
        p["InstanceProfileId"]
    );

    let out = ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "db", "Tags": [{"Key": "tier", "Value": "data"}]}),
    );
    assert_eq!(
        out["InstanceProfile"]["Tags"],
        json!([{"Key": "tier", "Value": "data"}])
    );
    let list = ok(&mut org, &root(), "ListInstanceProfiles", json!({}));
    assert_eq!(
        names(&list["InstanceProfiles"], "InstanceProfileName"),
        ["db", "web"]
    );
    assert!(list["InstanceProfiles"][0].get("Tags").is_none());
    let list = ok(
        &mut org,
        &root(),
        "ListInstanceProfiles",
        json!({"PathPrefix": "/app/"}),
    );
    assert_eq!(
        names(&list["InstanceProfiles"], "InstanceProfileName"),
        ["web"]
    );
}

#[test]
fn instance_profile_errors() {
    let mut org = Org::new();
    ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    let e = err(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "Web"}),
    );
    assert_err(
        &e,
        "EntityAlreadyExists",
        "Instance Profile Web already exists.",
    );
    for op in [
        "GetInstanceProfile",
        "DeleteInstanceProfile",
        "ListInstanceProfileTags",
    ] {
        let e = err(
            &mut org,
            &root(),
            op,
            json!({"InstanceProfileName": "nope"}),
        );
        assert_err(&e, "NoSuchEntity", "Instance Profile nope cannot be found.");
    }
    let e = err(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "a/b"}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'instanceProfileName'"), "{}", e.message);
    let e = err(
        &mut org,
        &as_user("nobody"),
        "GetInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    assert_eq!(
        e.code, "InvalidClientTokenId",
        "a caller that does not exist: {e}"
    );
}

#[test]
fn an_instance_profile_holds_one_role() {
    let mut org = Org::new();
    add_role(&mut org, "WebRole");
    add_role(&mut org, "OtherRole");
    ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    ok(
        &mut org,
        &root(),
        "AddRoleToInstanceProfile",
        json!({"InstanceProfileName": "web", "RoleName": "webrole"}),
    );
    let got = ok(
        &mut org,
        &root(),
        "GetInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    let role = &got["InstanceProfile"]["Roles"][0];
    assert_eq!(role["RoleName"], "WebRole");
    assert_eq!(role["Arn"], "arn:aws:iam::111122223333:role/WebRole");
    assert_eq!(role["Path"], "/");
    assert!(role["RoleId"].as_str().unwrap().starts_with("AROA"));
    // Decoded, as the AWS CLI prints it.
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "ec2.amazonaws.com"
    );

    for other in ["OtherRole", "WebRole"] {
        let e = err(
            &mut org,
            &root(),
            "AddRoleToInstanceProfile",
            json!({"InstanceProfileName": "web", "RoleName": other}),
        );
        assert_err(
            &e,
            "LimitExceeded",
            "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
        );
    }
    let e = err(
        &mut org,
        &root(),
        "DeleteInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    assert_err(
        &e,
        "DeleteConflict",
        "Cannot delete entity, must remove roles from instance profile first.",
    );
    let for_role = ok(
        &mut org,
        &root(),
        "ListInstanceProfilesForRole",
        json!({"RoleName": "WebRole"}),
    );
    assert_eq!(
        names(&for_role["InstanceProfiles"], "InstanceProfileName"),
        ["web"]
    );
    assert_eq!(
        for_role["InstanceProfiles"][0]["Roles"][0]["RoleName"],
        "WebRole"
    );
    let none = ok(
        &mut org,
        &root(),
        "ListInstanceProfilesForRole",
        json!({"RoleName": "OtherRole"}),
    );
    assert_eq!(none, json!({"InstanceProfiles": [], "IsTruncated": false}));

    let e = err(
        &mut org,
        &root(),
        "RemoveRoleFromInstanceProfile",
        json!({"InstanceProfileName": "web", "RoleName": "OtherRole"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "Role OtherRole in Instance Profile web cannot be found.",
    );
    ok(
        &mut org,
        &root(),
        "RemoveRoleFromInstanceProfile",
        json!({"InstanceProfileName": "web", "RoleName": "WebRole"}),
    );
    ok(
        &mut org,
        &root(),
        "AddRoleToInstanceProfile",
        json!({"InstanceProfileName": "web", "RoleName": "OtherRole"}),
    );
    ok(
        &mut org,
        &root(),
        "RemoveRoleFromInstanceProfile",
        json!({"InstanceProfileName": "web", "RoleName": "OtherRole"}),
    );
    ok(
        &mut org,
        &root(),
        "DeleteInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    let e = err(
        &mut org,
        &root(),
        "GetInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    assert_err(&e, "NoSuchEntity", "Instance Profile web cannot be found.");
}

#[test]
fn role_calls_name_the_missing_profile_first() {
    let mut org = Org::new();
    add_role(&mut org, "WebRole");
    ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    for op in ["AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile"] {
        let e = err(
            &mut org,
            &root(),
            op,
            json!({"InstanceProfileName": "nope", "RoleName": "norole"}),
        );
        assert_err(&e, "NoSuchEntity", "Instance Profile nope cannot be found.");
        let e = err(
            &mut org,
            &root(),
            op,
            json!({"InstanceProfileName": "web", "RoleName": "norole"}),
        );
        assert_err(
            &e,
            "NoSuchEntity",
            "The role with name norole cannot be found.",
        );
    }
    let e = err(
        &mut org,
        &root(),
        "ListInstanceProfilesForRole",
        json!({"RoleName": "norole"}),
    );
    assert_err(
        &e,
        "NoSuchEntity",
        "The role with name norole cannot be found.",
    );
}

#[test]
fn adding_a_role_to_a_profile_needs_pass_role() {
    let mut org = org_with_users(&["ops"]);
    add_role(&mut org, "WebRole");
    ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    allow(
        &mut org,
        "ops",
        json!([{"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile", "Resource": "*"}]),
    );
    let input = json!({"InstanceProfileName": "web", "RoleName": "WebRole"});
    let e = err(
        &mut org,
        &as_user("ops"),
        "AddRoleToInstanceProfile",
        input.clone(),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message
            .contains("iam:PassRole on resource: arn:aws:iam::111122223333:role/WebRole"),
        "{}",
        e.message
    );
    allow(
        &mut org,
        "ops",
        json!([{"Effect": "Allow",
                "Action": ["iam:AddRoleToInstanceProfile", "iam:PassRole"], "Resource": "*"}]),
    );
    ok(&mut org, &as_user("ops"), "AddRoleToInstanceProfile", input);
}

/// AWS asks for iam:PassRole as a pass to EC2, so a grant pinned to EC2 with
/// iam:PassedToService covers AddRoleToInstanceProfile and one pinned to
/// another service does not.
#[test]
fn adding_a_role_to_a_profile_passes_it_to_ec2() {
    let mut org = org_with_users(&["ops"]);
    add_role(&mut org, "WebRole");
    ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    let pinned = |service: &str| {
        json!([
            {"Effect": "Allow", "Action": "iam:AddRoleToInstanceProfile", "Resource": "*"},
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*",
             "Condition": {"StringEquals": {"iam:PassedToService": service}}}
        ])
    };
    let input = json!({"InstanceProfileName": "web", "RoleName": "WebRole"});
    allow(&mut org, "ops", pinned("lambda.amazonaws.com"));
    let e = err(
        &mut org,
        &as_user("ops"),
        "AddRoleToInstanceProfile",
        input.clone(),
    );
    assert_eq!(e.code, "AccessDenied", "{}", e.message);
    allow(&mut org, "ops", pinned("ec2.amazonaws.com"));
    ok(&mut org, &as_user("ops"), "AddRoleToInstanceProfile", input);
}

#[test]
fn instance_profile_tags() {
    let mut org = Org::new();
    ok(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "web"}),
    );
    ok(
        &mut org,
        &root(),
        "TagInstanceProfile",
        json!({"InstanceProfileName": "web",
               "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}),
    );
    ok(
        &mut org,
        &root(),
        "UntagInstanceProfile",
        json!({"InstanceProfileName": "web", "TagKeys": ["A"]}),
    );
    let out = ok(
        &mut org,
        &root(),
        "ListInstanceProfileTags",
        json!({"InstanceProfileName": "web"}),
    );
    assert_eq!(
        out,
        json!({"Tags": [{"Key": "b", "Value": "2"}], "IsTruncated": false})
    );
    let e = err(
        &mut org,
        &root(),
        "TagInstanceProfile",
        json!({"InstanceProfileName": "web", "Tags": [{"Key": "aws:x", "Value": "1"}]}),
    );
    assert_eq!(e.code, "InvalidInput");
}

#[test]
fn an_account_holds_at_most_1000_instance_profiles() {
    let mut org = Org::new();
    for n in 0..1000 {
        ok(
            &mut org,
            &root(),
            "CreateInstanceProfile",
            json!({"InstanceProfileName": format!("p{n}")}),
        );
    }
    let e = err(
        &mut org,
        &root(),
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "one-more"}),
    );
    assert_err(
        &e,
        "LimitExceeded",
        "Cannot exceed quota for InstanceProfilesPerAccount: 1000",
    );
}
