//! AWS's evaluation logic, case by case. Several cases follow the examples in
//! AWS's IAM User Guide (policy evaluation logic, boundaries, session
//! policies, cross-account access).

use crate::common;

use common::*;
use iamtutor::iam::context::Context;
use iamtutor::iam::eval::{Decision::*, StatementMatch};
use iamtutor::iam::model::{Auth, Caller};
use iamtutor::iam::principal::{Layer, Via};

const EC2_START: &str = "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc";

#[test]
fn nothing_allows_means_implicit_deny_decided_by_identity_policies() {
    let mut o = org();
    add_user(&mut o, A, "john");
    let e = explain(&o, &user(A, "john"), "ec2:StartInstances", EC2_START);
    assert_eq!(e.decision, ImplicitDeny);
    assert_eq!(e.decided_by, Some(Layer::Identity));
    assert!(e.policies.is_empty());
}

#[test]
fn group_policy_is_inherited_and_the_trail_names_the_group() {
    let mut o = org();
    add_user(&mut o, A, "john");
    add_group(&mut o, A, "Developers", &["john"]);
    group_attach(
        &mut o,
        A,
        "Developers",
        "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
    );
    let e = explain(&o, &user(A, "john"), "ec2:DescribeInstances", "*");
    assert_eq!(e.decision, Allowed);
    assert_eq!(e.policies.len(), 1);
    assert_eq!(e.policies[0].via, Via::Group("Developers".into()));
    assert!(e.policies[0].label().contains("through group Developers"));
    assert!(e.matched_statements().count() >= 1);
    assert_eq!(
        decision(&o, &user(A, "john"), "ec2:StartInstances", EC2_START),
        ImplicitDeny
    );
}

#[test]
fn explicit_deny_in_a_group_beats_an_allow_on_the_user() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_inline(&mut o, A, "john", "All", &one("Allow", "*", "*"));
    add_group(&mut o, A, "NoDelete", &["john"]);
    group_inline(
        &mut o,
        A,
        "NoDelete",
        "Deny",
        &one("Deny", "ec2:Terminate*", "*"),
    );
    let e = explain(&o, &user(A, "john"), "ec2:TerminateInstances", EC2_START);
    assert_eq!(e.decision, ExplicitDeny);
    assert_eq!(e.decided_by, Some(Layer::Identity));
    assert_eq!(
        decision(&o, &user(A, "john"), "ec2:StartInstances", EC2_START),
        Allowed
    );
}

#[test]
fn action_names_ignore_case_but_resource_arns_do_not() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_inline(
        &mut o,
        A,
        "john",
        "p",
        &one("Allow", "s3:GetObject", "arn:aws:s3:::Reports/*"),
    );
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "S3:GETOBJECT",
            "arn:aws:s3:::Reports/a"
        ),
        Allowed
    );
    let e = explain(
        &o,
        &user(A, "john"),
        "s3:GetObject",
        "arn:aws:s3:::reports/a",
    );
    assert_eq!(e.decision, ImplicitDeny);
    assert_eq!(
        e.policies[0].statements[0].outcome,
        StatementMatch::ResourceNotMatched
    );
}

#[test]
fn question_mark_matches_exactly_one_character() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_inline(
        &mut o,
        A,
        "john",
        "p",
        &one("Allow", "s3:GetObject", "arn:aws:s3:::logs/2026-0?.txt"),
    );
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:GetObject",
            "arn:aws:s3:::logs/2026-01.txt"
        ),
        Allowed
    );
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:GetObject",
            "arn:aws:s3:::logs/2026-011.txt"
        ),
        ImplicitDeny
    );
}

#[test]
fn not_action_allows_everything_else_and_not_resource_everywhere_else() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_inline(
        &mut o,
        A,
        "john",
        "PowerUserish",
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
            {"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::public","arn:aws:s3:::public/*"]}]}"#,
    );
    let john = user(A, "john");
    assert_eq!(decision(&o, &john, "ec2:RunInstances", "*"), Allowed);
    assert_eq!(decision(&o, &john, "iam:CreateUser", "*"), ImplicitDeny);
    assert_eq!(
        decision(&o, &john, "s3:GetObject", "arn:aws:s3:::public/a"),
        Allowed
    );
    assert_eq!(
        decision(&o, &john, "s3:GetObject", "arn:aws:s3:::private/a"),
        ExplicitDeny
    );
}

#[test]
fn a_permissions_boundary_caps_but_never_grants() {
    let mut o = org();
    add_user(&mut o, A, "dev");
    let boundary = add_policy(&mut o, A, "S3ReadBoundary", &one("Allow", "s3:Get*", "*"));
    user_mut(&mut o, A, "dev").boundary = Some(boundary);
    // Boundary allows reads, identity allows nothing: still denied.
    let e = explain(&o, &user(A, "dev"), "s3:GetObject", "arn:aws:s3:::b/k");
    assert_eq!(
        (e.decision, e.decided_by),
        (ImplicitDeny, Some(Layer::Identity))
    );
    // Identity allows all of S3; the boundary lets only reads through.
    user_inline(&mut o, A, "dev", "s3", &one("Allow", "s3:*", "*"));
    assert_eq!(
        decision(&o, &user(A, "dev"), "s3:GetObject", "arn:aws:s3:::b/k"),
        Allowed
    );
    let e = explain(&o, &user(A, "dev"), "s3:PutObject", "arn:aws:s3:::b/k");
    assert_eq!(
        (e.decision, e.decided_by),
        (ImplicitDeny, Some(Layer::Boundary))
    );
}

#[test]
fn same_account_bucket_policy_naming_the_user_is_enough_on_its_own() {
    let mut o = org();
    add_user(&mut o, A, "john");
    add_bucket(
        &mut o,
        A,
        "reports",
        Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/john"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#,
        ),
    );
    let e = explain(
        &o,
        &user(A, "john"),
        "s3:GetObject",
        "arn:aws:s3:::reports/q1.csv",
    );
    assert_eq!((e.decision, e.decided_by), (Allowed, Some(Layer::Resource)));
    // Even a boundary that allows nothing does not limit a grant to the user ARN.
    let b = add_policy(&mut o, A, "Nothing", &one("Allow", "ec2:Describe*", "*"));
    user_mut(&mut o, A, "john").boundary = Some(b);
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:GetObject",
            "arn:aws:s3:::reports/q1.csv"
        ),
        Allowed
    );
}

#[test]
fn bucket_policy_naming_only_the_account_delegates_to_identity_policies() {
    let mut o = org();
    add_user(&mut o, A, "john");
    add_bucket(
        &mut o,
        A,
        "reports",
        Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#,
        ),
    );
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:GetObject",
            "arn:aws:s3:::reports/x"
        ),
        ImplicitDeny
    );
    user_inline(&mut o, A, "john", "s3", &one("Allow", "s3:GetObject", "*"));
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:GetObject",
            "arn:aws:s3:::reports/x"
        ),
        Allowed
    );
}

#[test]
fn role_principal_grant_is_capped_by_boundary_but_session_principal_grant_is_not() {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let bucket_for = |principal: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{principal}"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}}]}}"#
        )
    };
    let mut o = org();
    add_role(&mut o, A, "App", trust);
    let b = add_policy(&mut o, A, "Ec2Only", &one("Allow", "ec2:*", "*"));
    role_mut(&mut o, A, "App").boundary = Some(b);

    add_bucket(
        &mut o,
        A,
        "data",
        Some(&bucket_for("arn:aws:iam::111122223333:role/App")),
    );
    let e = explain(
        &o,
        &session(A, "App"),
        "s3:GetObject",
        "arn:aws:s3:::data/k",
    );
    assert_eq!(
        (e.decision, e.decided_by),
        (ImplicitDeny, Some(Layer::Boundary))
    );
    role_mut(&mut o, A, "App").boundary = None;
    assert_eq!(
        decision(
            &o,
            &session(A, "App"),
            "s3:GetObject",
            "arn:aws:s3:::data/k"
        ),
        Allowed
    );

    let b = add_policy(&mut o, A, "Ec2Only2", &one("Allow", "ec2:*", "*"));
    role_mut(&mut o, A, "App").boundary = Some(b);
    add_bucket(
        &mut o,
        A,
        "data",
        Some(&bucket_for("arn:aws:sts::111122223333:assumed-role/App/s1")),
    );
    assert_eq!(
        decision(
            &o,
            &session(A, "App"),
            "s3:GetObject",
            "arn:aws:s3:::data/k"
        ),
        Allowed
    );
}

#[test]
fn cross_account_needs_both_sides() {
    let mut o = org();
    add_user(&mut o, A, "john");
    add_bucket(&mut o, B, "partner", None);
    let obj = "arn:aws:s3:::partner/f";
    user_inline(&mut o, A, "john", "s3", &one("Allow", "s3:GetObject", "*"));
    // Identity allows, but the bucket in B has no policy letting A in.
    let e = explain(&o, &user(A, "john"), "s3:GetObject", obj);
    assert_eq!(
        (e.decision, e.decided_by),
        (ImplicitDeny, Some(Layer::Resource))
    );
    add_bucket(
        &mut o,
        B,
        "partner",
        Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::partner/*"}]}"#,
        ),
    );
    assert_eq!(decision(&o, &user(A, "john"), "s3:GetObject", obj), Allowed);
    // The bucket policy alone is not enough across accounts.
    user_mut(&mut o, A, "john").inline.clear();
    let e = explain(&o, &user(A, "john"), "s3:GetObject", obj);
    assert_eq!(
        (e.decision, e.decided_by),
        (ImplicitDeny, Some(Layer::Identity))
    );
}

#[test]
fn service_control_policies_filter_even_the_root_user() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_inline(&mut o, A, "john", "all", &one("Allow", "*", "*"));
    set_scps(&mut o, A, &[&one("Allow", "ec2:*", "*")]);
    let root = Caller::Root { account: A.into() };
    let e = explain(&o, &user(A, "john"), "s3:ListAllMyBuckets", "*");
    assert_eq!((e.decision, e.decided_by), (ImplicitDeny, Some(Layer::Scp)));
    assert_eq!(
        decision(&o, &user(A, "john"), "ec2:RunInstances", "*"),
        Allowed
    );
    assert_eq!(
        decision(&o, &root, "s3:ListAllMyBuckets", "*"),
        ImplicitDeny
    );
    set_scps(
        &mut o,
        A,
        &[
            &one("Allow", "*", "*"),
            &one("Deny", "ec2:TerminateInstances", "*"),
        ],
    );
    let e = explain(&o, &root, "ec2:TerminateInstances", EC2_START);
    assert_eq!((e.decision, e.decided_by), (ExplicitDeny, Some(Layer::Scp)));
    assert_eq!(
        decision(&o, &root, "ec2:StartInstances", EC2_START),
        Allowed
    );
}

#[test]
fn session_policy_limits_a_role_session() {
    let mut o = org();
    add_role(
        &mut o,
        A,
        "Admin",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}"#,
    );
    role_mut(&mut o, A, "Admin")
        .attached
        .push("arn:aws:iam::aws:policy/AdministratorAccess".into());
    let caller = Caller::RoleSession {
        account: A.into(),
        role: "admin".into(),
        session_name: "narrow".into(),
        policy: Some(doc(&one("Allow", "s3:Get*", "*"))),
        policy_arns: vec![],
        mfa: false,
        tags: Vec::new(),
        issued: None,
    };
    assert_eq!(
        decision(&o, &caller, "s3:GetObject", "arn:aws:s3:::x/y"),
        Allowed
    );
    let e = explain(&o, &caller, "ec2:RunInstances", "*");
    assert_eq!(
        (e.decision, e.decided_by),
        (ImplicitDeny, Some(Layer::Session))
    );
    assert_eq!(
        decision(&o, &session(A, "Admin"), "ec2:RunInstances", "*"),
        Allowed
    );
}

#[test]
fn mfa_deny_with_bool_if_exists_catches_long_term_keys() {
    let mut o = org();
    add_user(&mut o, A, "admin1");
    user_inline(
        &mut o,
        A,
        "admin1",
        "RequireMfa",
        r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"*","Resource":"*"},
            {"Sid":"DenyWithoutMfa","Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
    );
    let with = |auth| Caller::User {
        account: A.into(),
        user: "admin1".into(),
        auth,
    };
    // A long-term key sends no MFA key at all: IfExists makes the deny apply.
    assert_eq!(
        decision(&o, &with(Auth::AccessKey), "ec2:RunInstances", "*"),
        ExplicitDeny
    );
    assert_eq!(
        decision(
            &o,
            &with(Auth::Console { mfa: false }),
            "ec2:RunInstances",
            "*"
        ),
        ExplicitDeny
    );
    assert_eq!(
        decision(
            &o,
            &with(Auth::SessionToken { mfa: true }),
            "ec2:RunInstances",
            "*"
        ),
        Allowed
    );
    let e = explain(
        &o,
        &with(Auth::SessionToken { mfa: true }),
        "ec2:RunInstances",
        "*",
    );
    let deny = &e.policies[0].statements[1];
    assert!(
        matches!(&deny.outcome, StatementMatch::ConditionNotMet { key, .. } if key == "aws:MultiFactorAuthPresent"),
        "{:?}",
        deny.outcome
    );
}

#[test]
fn username_variable_gives_each_user_a_home_folder_only_under_2012_10_17() {
    let home = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}"#;
    let mut o = org();
    for u in ["john", "sarah"] {
        add_user(&mut o, A, u);
    }
    add_group(&mut o, A, "Staff", &["john", "sarah"]);
    group_inline(&mut o, A, "Staff", "home", home);
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:PutObject",
            "arn:aws:s3:::home/john/cv.pdf"
        ),
        Allowed
    );
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:PutObject",
            "arn:aws:s3:::home/sarah/cv.pdf"
        ),
        ImplicitDeny
    );
    assert_eq!(
        decision(
            &o,
            &user(A, "sarah"),
            "s3:PutObject",
            "arn:aws:s3:::home/sarah/cv.pdf"
        ),
        Allowed
    );
    // Without a Version, the variable is plain text.
    let old = home.replace(r#""Version":"2012-10-17","#, "");
    group_inline(&mut o, A, "Staff", "home", &old);
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:PutObject",
            "arn:aws:s3:::home/john/cv.pdf"
        ),
        ImplicitDeny
    );
    assert_eq!(
        decision(
            &o,
            &user(A, "john"),
            "s3:PutObject",
            "arn:aws:s3:::home/${aws:username}/cv.pdf"
        ),
        Allowed
    );
}

#[test]
fn principal_tag_variable_matches_resource_tag_condition() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_tag(&mut o, A, "john", "team", "blue");
    user_inline(
        &mut o,
        A,
        "john",
        "team",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*",
            "Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}"#,
    );
    let mut ctx = Context::new();
    ctx.set_one("aws:ResourceTag/team", "blue");
    assert_eq!(
        explain_ctx(&o, &user(A, "john"), "ec2:StartInstances", EC2_START, &ctx).decision,
        Allowed
    );
    ctx.set_one("aws:ResourceTag/team", "red");
    assert_eq!(
        explain_ctx(&o, &user(A, "john"), "ec2:StartInstances", EC2_START, &ctx).decision,
        ImplicitDeny
    );
    let e = explain(&o, &user(A, "john"), "ec2:StartInstances", EC2_START);
    assert_eq!(e.missing_context, vec!["aws:ResourceTag/team".to_string()]);
}

#[test]
fn trust_policy_naming_a_user_is_enough_but_naming_the_account_needs_identity_permission() {
    let mut o = org();
    add_user(&mut o, A, "john");
    let role_arn = "arn:aws:iam::111122223333:role/Deploy";
    add_role(
        &mut o,
        A,
        "Deploy",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/john"},"Action":"sts:AssumeRole"}]}"#,
    );
    assert_eq!(
        decision(&o, &user(A, "john"), "sts:AssumeRole", role_arn),
        Allowed
    );
    role_mut(&mut o, A, "Deploy").trust = trust_doc(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#,
    );
    assert_eq!(
        decision(&o, &user(A, "john"), "sts:AssumeRole", role_arn),
        ImplicitDeny
    );
    user_inline(
        &mut o,
        A,
        "john",
        "assume",
        &one("Allow", "sts:AssumeRole", role_arn),
    );
    assert_eq!(
        decision(&o, &user(A, "john"), "sts:AssumeRole", role_arn),
        Allowed
    );
}

#[test]
fn cross_account_role_with_external_id() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_inline(
        &mut o,
        A,
        "john",
        "assume",
        &one("Allow", "sts:AssumeRole", "*"),
    );
    let role_arn = "arn:aws:iam::444455556666:role/Audit";
    add_role(
        &mut o,
        B,
        "Audit",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique-42"}}}]}"#,
    );
    let mut ctx = Context::new();
    assert_eq!(
        explain_ctx(&o, &user(A, "john"), "sts:AssumeRole", role_arn, &ctx).decision,
        ImplicitDeny
    );
    ctx.set_one("sts:ExternalId", "Unique-42");
    assert_eq!(
        explain_ctx(&o, &user(A, "john"), "sts:AssumeRole", role_arn, &ctx).decision,
        Allowed
    );
}

#[test]
fn not_principal_deny_spares_only_a_fully_listed_principal() {
    let policy = |listed: &str| {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[
            {{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::vault/*"}},
            {{"Effect":"Deny","NotPrincipal":{{"AWS":[{listed}]}},"Action":"s3:*","Resource":"arn:aws:s3:::vault/*"}}]}}"#
        )
    };
    let mut o = org();
    add_user(&mut o, A, "john");
    add_user(&mut o, A, "eve");
    add_bucket(
        &mut o,
        A,
        "vault",
        Some(&policy(
            r#""arn:aws:iam::111122223333:user/john","arn:aws:iam::111122223333:root""#,
        )),
    );
    assert_eq!(
        decision(&o, &user(A, "john"), "s3:GetObject", "arn:aws:s3:::vault/k"),
        Allowed
    );
    assert_eq!(
        decision(&o, &user(A, "eve"), "s3:GetObject", "arn:aws:s3:::vault/k"),
        ExplicitDeny
    );
    // Listing the user without its account does not exempt it.
    add_bucket(
        &mut o,
        A,
        "vault",
        Some(&policy(r#""arn:aws:iam::111122223333:user/john""#)),
    );
    assert_eq!(
        decision(&o, &user(A, "john"), "s3:GetObject", "arn:aws:s3:::vault/k"),
        ExplicitDeny
    );
}

#[test]
fn root_user_has_everything_in_its_account_but_an_explicit_bucket_deny_still_applies() {
    let mut o = org();
    let root = Caller::Root { account: A.into() };
    assert_eq!(
        decision(
            &o,
            &root,
            "iam:CreateUser",
            "arn:aws:iam::111122223333:user/x"
        ),
        Allowed
    );
    add_bucket(
        &mut o,
        A,
        "locked",
        Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::locked"}]}"#,
        ),
    );
    assert_eq!(
        decision(&o, &root, "s3:DeleteBucket", "arn:aws:s3:::locked"),
        ExplicitDeny
    );
}

#[test]
fn context_keys_the_engine_derives_can_be_overridden_by_the_request() {
    let mut o = org();
    add_user(&mut o, A, "john");
    user_inline(
        &mut o,
        A,
        "john",
        "office",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*",
          "Condition":{"StringEquals":{"aws:username":"john"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#,
    );
    let mut ctx = Context::new();
    ctx.set_one("aws:SourceIp", "203.0.113.9");
    assert_eq!(
        explain_ctx(&o, &user(A, "john"), "s3:ListBucket", "*", &ctx).decision,
        Allowed
    );
    ctx.set_one("aws:username", "mallory");
    assert_eq!(
        explain_ctx(&o, &user(A, "john"), "s3:ListBucket", "*", &ctx).decision,
        ImplicitDeny
    );
    ctx.remove("aws:username");
    ctx.set_one("aws:SourceIp", "198.51.100.1");
    assert_eq!(
        explain_ctx(&o, &user(A, "john"), "s3:ListBucket", "*", &ctx).decision,
        ImplicitDeny
    );
}

#[test]
fn service_principal_is_let_in_only_by_the_trust_policy() {
    let mut o = org();
    add_role(
        &mut o,
        A,
        "S3AccessRole",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    );
    let arn = "arn:aws:iam::111122223333:role/S3AccessRole";
    assert_eq!(
        decision(
            &o,
            &Caller::Service("ec2.amazonaws.com".into()),
            "sts:AssumeRole",
            arn
        ),
        Allowed
    );
    assert_eq!(
        decision(
            &o,
            &Caller::Service("lambda.amazonaws.com".into()),
            "sts:AssumeRole",
            arn
        ),
        ImplicitDeny
    );
}

#[test]
fn a_trust_policy_must_let_the_caller_in_even_for_an_administrator() {
    let mut o = org();
    add_user(&mut o, A, "alice");
    user_mut(&mut o, A, "alice")
        .attached
        .push("arn:aws:iam::aws:policy/AdministratorAccess".into());
    add_role(
        &mut o,
        A,
        "S3AccessRole",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    );
    let e = explain(
        &o,
        &user(A, "alice"),
        "sts:AssumeRole",
        "arn:aws:iam::111122223333:role/S3AccessRole",
    );
    assert_eq!(
        (e.decision, e.decided_by),
        (ImplicitDeny, Some(Layer::Resource))
    );
    assert!(e.reason.contains("trust policy"), "{}", e.reason);
    // Other actions on the role are not about its trust policy.
    assert_eq!(
        decision(
            &o,
            &user(A, "alice"),
            "iam:GetRole",
            "arn:aws:iam::111122223333:role/S3AccessRole"
        ),
        Allowed
    );
}
