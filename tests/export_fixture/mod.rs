//! An organization with a bit of everything `export` has to carry, built
//! through the IAM operations, and a structural view of an account for
//! comparing two organizations without their ids and dates.
#![allow(dead_code)]

use std::sync::Arc;

use iamtutor::iam::model::{Bucket, Caller, DEFAULT_ACCOUNT, Org, PolicyDoc};
use iamtutor::iam::ops::call;
use iamtutor::iam::policy::PolicyKind;
use serde_json::{Value, json};

pub const ACCT: &str = DEFAULT_ACCOUNT;
pub const S3_READ: &str = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
pub const LAMBDA_BASIC: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
pub const REPORTS_ARN: &str = "arn:aws:iam::111122223333:policy/reports/ReadReports";

pub fn root() -> Caller {
    Caller::Root {
        account: ACCT.into(),
    }
}

pub fn ok(org: &mut Org, op: &str, input: Value) -> Value {
    call(org, &root(), "iam", op, &input).unwrap_or_else(|e| panic!("{op} failed: {e}"))
}

pub fn allow(action: &str, resource: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]
    })
    .to_string()
}

pub fn trust(principal: Value) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]
    })
    .to_string()
}

/// A policy written over several lines, with a `'` inside, as a learner
/// pastes one.
pub const OBRIEN: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::reports/o'brien/*",
            "Condition": {"StringEquals": {"aws:username": "o'brien"}}
        }
    ]
}"#;

/// The organization: managed policies with versions (one deleted, the
/// default not the newest), groups with paths and policies, users with
/// paths, tags, a boundary, a login profile, keys and memberships, roles
/// with trust policies that name users and each other, instance profiles
/// and a bucket with a policy.
pub fn rich_org() -> Org {
    let mut org = Org::new();
    let o = &mut org;
    ok(
        o,
        "CreatePolicy",
        json!({
            "PolicyName": "ReadReports",
            "Path": "/reports/",
            "Description": "Read the monthly reports",
            "PolicyDocument": allow("s3:GetObject", "arn:aws:s3:::reports/*"),
            "Tags": [{"Key": "team", "Value": "data"}],
        }),
    );
    ok(
        o,
        "CreatePolicyVersion",
        json!({"PolicyArn": REPORTS_ARN, "PolicyDocument": allow("s3:*", "arn:aws:s3:::reports/*"), "SetAsDefault": true}),
    );
    ok(
        o,
        "CreatePolicyVersion",
        json!({"PolicyArn": REPORTS_ARN, "PolicyDocument": allow("s3:List*", "*")}),
    );
    ok(
        o,
        "DeletePolicyVersion",
        json!({"PolicyArn": REPORTS_ARN, "VersionId": "v1"}),
    );
    ok(
        o,
        "CreatePolicy",
        json!({"PolicyName": "Boundary", "PolicyDocument": allow("s3:*", "*")}),
    );
    let boundary = "arn:aws:iam::111122223333:policy/Boundary";

    ok(
        o,
        "CreateGroup",
        json!({"GroupName": "Developers", "Path": "/eng/"}),
    );
    ok(o, "CreateGroup", json!({"GroupName": "Readers"}));
    ok(
        o,
        "PutGroupPolicy",
        json!({"GroupName": "Developers", "PolicyName": "Ec2", "PolicyDocument": allow("ec2:*", "*")}),
    );
    ok(
        o,
        "AttachGroupPolicy",
        json!({"GroupName": "Developers", "PolicyArn": S3_READ}),
    );
    ok(
        o,
        "AttachGroupPolicy",
        json!({"GroupName": "Readers", "PolicyArn": REPORTS_ARN}),
    );

    ok(
        o,
        "CreateUser",
        json!({
            "UserName": "john",
            "Path": "/eng/",
            "PermissionsBoundary": boundary,
            "Tags": [{"Key": "team", "Value": "web"}, {"Key": "desk", "Value": "3rd floor"}],
        }),
    );
    ok(o, "CreateUser", json!({"UserName": "Sarah"}));
    ok(
        o,
        "CreateLoginProfile",
        json!({"UserName": "john", "Password": "It's-a-Secret1", "PasswordResetRequired": true}),
    );
    ok(
        o,
        "CreateLoginProfile",
        json!({"UserName": "Sarah", "Password": "Another#Pass2"}),
    );
    ok(o, "CreateAccessKey", json!({"UserName": "john"}));
    for (user, group) in [
        ("john", "Readers"),
        ("john", "Developers"),
        ("Sarah", "Developers"),
    ] {
        ok(
            o,
            "AddUserToGroup",
            json!({"UserName": user, "GroupName": group}),
        );
    }
    ok(
        o,
        "PutUserPolicy",
        json!({"UserName": "john", "PolicyName": "Reports", "PolicyDocument": OBRIEN}),
    );
    ok(
        o,
        "AttachUserPolicy",
        json!({"UserName": "Sarah", "PolicyArn": REPORTS_ARN}),
    );

    ok(
        o,
        "CreateRole",
        json!({
            "RoleName": "S3AccessRole",
            "AssumeRolePolicyDocument": trust(json!({"Service": "ec2.amazonaws.com"})),
            "Description": "Lets EC2 instances read S3",
            "MaxSessionDuration": 7200,
            "Tags": [{"Key": "app", "Value": "reports"}],
        }),
    );
    ok(
        o,
        "AttachRolePolicy",
        json!({"RoleName": "S3AccessRole", "PolicyArn": S3_READ}),
    );
    ok(
        o,
        "PutRolePolicy",
        json!({"RoleName": "S3AccessRole", "PolicyName": "Logs", "PolicyDocument": allow("logs:*", "*")}),
    );
    ok(
        o,
        "CreateRole",
        json!({
            "RoleName": "Auditor",
            "Path": "/audit/",
            "AssumeRolePolicyDocument": trust(json!({"AWS": "arn:aws:iam::111122223333:user/eng/john"})),
            "PermissionsBoundary": boundary,
        }),
    );
    ok(
        o,
        "AttachRolePolicy",
        json!({"RoleName": "Auditor", "PolicyArn": LAMBDA_BASIC}),
    );
    // Alpha and Beta trust each other: no order of creation works.
    ok(
        o,
        "CreateRole",
        json!({"RoleName": "Alpha", "AssumeRolePolicyDocument": trust(json!({"Service": "lambda.amazonaws.com"}))}),
    );
    ok(
        o,
        "CreateRole",
        json!({"RoleName": "Beta", "AssumeRolePolicyDocument": trust(json!({"AWS": "arn:aws:iam::111122223333:role/Alpha"}))}),
    );
    ok(
        o,
        "UpdateAssumeRolePolicy",
        json!({"RoleName": "Alpha", "PolicyDocument": trust(json!({"AWS": "arn:aws:iam::111122223333:role/Beta"}))}),
    );
    // Chained names Zed, which comes after it in name order, yet must be
    // created first.
    ok(
        o,
        "CreateRole",
        json!({"RoleName": "Zed", "AssumeRolePolicyDocument": trust(json!({"Service": "ec2.amazonaws.com"}))}),
    );
    ok(
        o,
        "CreateRole",
        json!({"RoleName": "Chained", "AssumeRolePolicyDocument": trust(json!({"AWS": "arn:aws:iam::111122223333:role/Zed"}))}),
    );

    ok(
        o,
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "S3AccessProfile", "Path": "/ec2/", "Tags": [{"Key": "app", "Value": "reports"}]}),
    );
    ok(
        o,
        "AddRoleToInstanceProfile",
        json!({"InstanceProfileName": "S3AccessProfile", "RoleName": "S3AccessRole"}),
    );

    // Buckets belong to the S3 service, not to IAM: made on the model.
    let bucket_policy = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/S3AccessRole"},
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::startup-reports/*"
        }]
    })
    .to_string();
    org.buckets.insert(
        "startup-reports".into(),
        Bucket {
            name: "startup-reports".into(),
            account: ACCT.into(),
            region: "us-east-1".into(),
            created: org.now,
            policy: Some(PolicyDoc::parse(&bucket_policy, PolicyKind::Resource).unwrap()),
            objects: Default::default(),
        },
    );
    org
}

fn doc(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn tags(t: &[iamtutor::iam::model::Tag]) -> Value {
    t.iter().map(|t| json!([t.key, t.value])).collect()
}

/// What an account is, without ids, dates and version numbers: names,
/// paths, memberships, attachments, documents (as JSON), tags, settings.
pub fn shape(org: &Org, account: &str) -> Value {
    let a = &org.accounts[account];
    let inline = |m: &std::collections::BTreeMap<String, Arc<PolicyDoc>>| -> Value {
        m.iter()
            .map(|(k, d)| (k.clone(), doc(&d.text)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let users: Value = a
        .users
        .values()
        .map(|u| {
            json!({
                "name": u.name, "path": u.path, "tags": tags(&u.tags), "boundary": u.boundary,
                "login": u.login_profile.as_ref().map(|l| json!([l.password, l.password_reset_required])),
                "groups": u.groups.iter().map(|g| a.groups[g].name.clone()).collect::<Vec<_>>(),
                "inline": inline(&u.inline), "attached": u.attached,
            })
        })
        .collect();
    let groups: Value = a
        .groups
        .values()
        .map(|g| json!({"name": g.name, "path": g.path, "inline": inline(&g.inline), "attached": g.attached}))
        .collect();
    let roles: Value = a
        .roles
        .values()
        .map(|r| {
            json!({
                "name": r.name, "path": r.path, "trust": doc(&r.trust.text),
                "description": r.description, "max": r.max_session_duration,
                "boundary": r.boundary, "tags": tags(&r.tags),
                "inline": inline(&r.inline), "attached": r.attached,
            })
        })
        .collect();
    let policies: Value = a
        .policies
        .values()
        .map(|p| {
            let mut versions: Vec<_> = p.versions.iter().collect();
            versions.sort_by_key(|v| v.id.trim_start_matches('v').parse::<u32>().unwrap());
            let default = versions.iter().position(|v| v.id == p.default_version);
            json!({
                "name": p.name, "path": p.path, "arn": p.arn, "description": p.description,
                "tags": tags(&p.tags), "default": default,
                "versions": versions.iter().map(|v| doc(&v.doc.text)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let profiles: Value = a
        .instance_profiles
        .values()
        .map(|p| json!({"name": p.name, "path": p.path, "roles": p.roles, "tags": tags(&p.tags)}))
        .collect();
    let buckets: Value = org
        .buckets
        .values()
        .filter(|b| b.account == account)
        .map(|b| json!({"name": b.name, "region": b.region, "policy": b.policy.as_ref().map(|p| doc(&p.text))}))
        .collect();
    json!({
        "users": users, "groups": groups, "roles": roles, "policies": policies,
        "instance_profiles": profiles, "buckets": buckets,
    })
}
