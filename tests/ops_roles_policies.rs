//! Roles, managed policies and attachments through the operation framework:
//! response shapes, every error each call can give, quotas at their limits,
//! and access decisions that change when policies do.

use crate::common;
use iamtutor::iam::context::Context;
use iamtutor::iam::error::AwsError;
use iamtutor::iam::eval::Decision;
use iamtutor::iam::model::{Auth, Caller, DEFAULT_ACCOUNT, Org};
use iamtutor::iam::ops::call;
use iamtutor::iam::policy::counted_size;
use iamtutor::iam::principal::Via;
use serde_json::{Value, json};

const ACCT: &str = DEFAULT_ACCOUNT;
const OTHER: &str = "444455556666";
const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
const S3_READ: &str = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

fn root() -> Caller {
    Caller::Root {
        account: ACCT.into(),
    }
}

fn user(name: &str) -> Caller {
    Caller::User {
        account: ACCT.into(),
        user: name.to_ascii_lowercase(),
        auth: Auth::AccessKey,
    }
}

fn ok(org: &mut Org, caller: &Caller, op: &str, input: Value) -> Value {
    call(org, caller, "iam", op, &input).unwrap_or_else(|e| panic!("{op} failed: {e}"))
}

/// Runs a call that must fail, and checks that it changed nothing.
fn fails(org: &mut Org, caller: &Caller, op: &str, input: Value) -> AwsError {
    let before = org.clone();
    let e = match call(org, caller, "iam", op, &input) {
        Ok(v) => panic!("{op} should have failed, gave {v}"),
        Err(e) => e,
    };
    common::assert_unchanged_but_usage(&before, org, &format!("a failed {op}"));
    e
}

fn trust_service(service: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": "sts:AssumeRole"
        }]
    })
    .to_string()
}

fn trust_aws(principal: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": principal},
            "Action": "sts:AssumeRole"
        }]
    })
    .to_string()
}

fn allow(action: &str) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]
    })
    .to_string()
}

/// An identity policy of exactly `n` counted characters, laid out over
/// several lines so that the white space (which AWS does not count) is real.
fn identity_doc_of_size(n: usize) -> String {
    let doc = |pad: &str| {
        format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"arn:aws:s3:::b/{pad}\"\n    }}\n  ]\n}}"
        )
    };
    let base = counted_size(&doc(""));
    let text = doc(&"a".repeat(n - base));
    assert_eq!(counted_size(&text), n);
    assert!(
        text.len() > n,
        "the layout should add uncounted white space"
    );
    text
}

/// A trust policy of exactly `n` counted characters.
fn trust_doc_of_size(n: usize) -> String {
    let doc = |pad: &str| {
        format!(
            "{{ \"Version\": \"2012-10-17\", \"Statement\": [ {{ \"Effect\": \"Allow\", \"Principal\": {{\"Service\": \"ec2.amazonaws.com\"}}, \"Action\": \"sts:AssumeRole\", \"Condition\": {{\"StringEquals\": {{\"sts:ExternalId\": \"{pad}\"}}}} }} ] }}"
        )
    };
    let base = counted_size(&doc(""));
    let text = doc(&"x".repeat(n - base));
    assert_eq!(counted_size(&text), n);
    text
}

fn create_role(org: &mut Org, name: &str) -> Value {
    ok(
        org,
        &root(),
        "CreateRole",
        json!({"RoleName": name, "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    )
}

fn create_user(org: &mut Org, name: &str) {
    ok(org, &root(), "CreateUser", json!({"UserName": name}));
}

fn add_group(org: &mut Org, name: &str) {
    ok(org, &root(), "CreateGroup", json!({"GroupName": name}));
}

fn add_to_group(org: &mut Org, user: &str, group: &str) {
    ok(
        org,
        &root(),
        "AddUserToGroup",
        json!({"GroupName": group, "UserName": user}),
    );
}

fn create_policy(org: &mut Org, name: &str, doc: &str) -> String {
    let out = ok(
        org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": name, "PolicyDocument": doc}),
    );
    out["Policy"]["Arn"].as_str().unwrap().to_string()
}

fn local_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCT}:policy/{name}")
}

// ---------------------------------------------------------------------------
// Roles

#[test]
fn create_role_returns_what_was_given_and_get_role_returns_everything() {
    let mut org = Org::new();
    let trust = trust_service("lambda.amazonaws.com");
    let out = ok(
        &mut org,
        &root(),
        "CreateRole",
        json!({
            "RoleName": "LambdaExec",
            "Path": "/service/",
            "AssumeRolePolicyDocument": trust,
            "Description": "Runs the billing function",
            "Tags": [{"Key": "team", "Value": "billing"}]
        }),
    );
    let role = &out["Role"];
    assert_eq!(
        role["Arn"],
        "arn:aws:iam::111122223333:role/service/LambdaExec"
    );
    assert_eq!(role["Path"], "/service/");
    assert_eq!(role["RoleName"], "LambdaExec");
    assert!(role["RoleId"].as_str().unwrap().starts_with("AROA"));
    assert_eq!(role["RoleId"].as_str().unwrap().len(), 21);
    // The CLI prints policy documents decoded, as JSON objects.
    assert_eq!(
        role["AssumeRolePolicyDocument"],
        serde_json::from_str::<Value>(&trust).unwrap()
    );
    assert_eq!(role["Description"], "Runs the billing function");
    assert_eq!(role["Tags"], json!([{"Key": "team", "Value": "billing"}]));
    assert!(role.get("MaxSessionDuration").is_none());
    assert!(role.get("RoleLastUsed").is_none());
    let keys: Vec<&String> = role.as_object().unwrap().keys().collect();
    assert_eq!(
        keys[..5],
        ["Path", "RoleName", "RoleId", "Arn", "CreateDate"]
    );

    // Role names are case-insensitive.
    let got = ok(
        &mut org,
        &root(),
        "GetRole",
        json!({"RoleName": "lambdaexec"}),
    );
    let role = &got["Role"];
    assert_eq!(role["RoleName"], "LambdaExec");
    assert_eq!(role["MaxSessionDuration"], 3600);
    assert_eq!(role["RoleLastUsed"], json!({}));
    assert_eq!(role["Tags"], json!([{"Key": "team", "Value": "billing"}]));
    assert!(role.get("PermissionsBoundary").is_none());

    let listed = ok(&mut org, &root(), "ListRoles", json!({}));
    assert_eq!(listed["IsTruncated"], false);
    let r = &listed["Roles"][0];
    assert_eq!(r["RoleName"], "LambdaExec");
    assert_eq!(r["MaxSessionDuration"], 3600);
    assert!(r.get("Tags").is_none() && r.get("RoleLastUsed").is_none());
    let none = ok(
        &mut org,
        &root(),
        "ListRoles",
        json!({"PathPrefix": "/other/"}),
    );
    assert_eq!(none["Roles"], json!([]));
}

#[test]
fn create_role_refuses_bad_input_with_aws_errors() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "APP", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    );
    assert_eq!(e.code, "EntityAlreadyExists");
    assert_eq!(e.message, "Role with name APP already exists.");

    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "has space", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'roleName'"), "{}", e.message);
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "x".repeat(65), "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    );
    assert_eq!(e.code, "ValidationError");
    ok(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "x".repeat(64), "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    );

    for (seconds, good) in [(3599, false), (3600, true), (43_200, true), (43_201, false)] {
        let input = json!({
            "RoleName": format!("S{seconds}"),
            "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com"),
            "MaxSessionDuration": seconds
        });
        if good {
            ok(&mut org, &root(), "CreateRole", input);
            let r = ok(
                &mut org,
                &root(),
                "GetRole",
                json!({"RoleName": format!("S{seconds}")}),
            );
            assert_eq!(r["Role"]["MaxSessionDuration"], seconds);
        } else {
            let e = fails(&mut org, &root(), "CreateRole", input);
            assert_eq!(e.code, "ValidationError");
            assert!(e.message.contains("'maxSessionDuration'"), "{}", e.message);
        }
    }

    let long = json!({
        "RoleName": "Described",
        "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com"),
        "Description": "d".repeat(1001)
    });
    assert_eq!(
        fails(&mut org, &root(), "CreateRole", long).code,
        "ValidationError"
    );

    // A trust policy may not name resources; the message says where.
    let bad = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "Bad", "AssumeRolePolicyDocument": bad}),
    );
    assert_eq!(e.code, "MalformedPolicyDocument");
    assert!(e.message.contains("line 2"), "{}", e.message);

    // An unknown member is the caller's mistake.
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "Y", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com"), "Colour": "red"}),
    );
    assert_eq!(e.code, "ValidationError");
}

#[test]
fn trust_policy_size_is_counted_without_white_space_up_to_2048() {
    let mut org = Org::new();
    ok(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "AtLimit", "AssumeRolePolicyDocument": trust_doc_of_size(2048)}),
    );
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "Over", "AssumeRolePolicyDocument": trust_doc_of_size(2049)}),
    );
    assert_eq!(e.code, "LimitExceeded");
    assert_eq!(e.message, "Cannot exceed quota for ACLSizePerRole: 2048");
    let e = fails(
        &mut org,
        &root(),
        "UpdateAssumeRolePolicy",
        json!({"RoleName": "AtLimit", "PolicyDocument": trust_doc_of_size(2049)}),
    );
    assert_eq!(e.code, "LimitExceeded");
}

#[test]
fn trust_policy_principals_must_exist_in_accounts_of_the_organization() {
    let mut org = Org::with_accounts(&[ACCT, OTHER]);
    create_user(&mut org, "alice");
    let missing = format!("arn:aws:iam::{ACCT}:user/bob");
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "R", "AssumeRolePolicyDocument": trust_aws(&missing)}),
    );
    assert_eq!(e.code, "MalformedPolicyDocument");
    assert_eq!(
        e.message,
        r#"Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/bob""#
    );
    // The same for a role of another account in the organization.
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "R", "AssumeRolePolicyDocument": trust_aws(&format!("arn:aws:iam::{OTHER}:role/Deploy"))}),
    );
    assert_eq!(e.code, "MalformedPolicyDocument");
    // A group is never a principal.
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "R", "AssumeRolePolicyDocument": trust_aws(&format!("arn:aws:iam::{ACCT}:group/Devs"))}),
    );
    assert_eq!(e.code, "MalformedPolicyDocument");
    ok(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "Fine", "AssumeRolePolicyDocument": trust_aws(&format!("arn:aws:iam::{ACCT}:user/alice"))}),
    );
    // Accounts outside the organization cannot be checked and are accepted,
    // as are account principals written as a bare id.
    ok(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "Outside", "AssumeRolePolicyDocument": trust_aws("arn:aws:iam::999988887777:user/anyone")}),
    );
    ok(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "ByAccount", "AssumeRolePolicyDocument": trust_aws(OTHER)}),
    );
    // UpdateAssumeRolePolicy applies the same check.
    let e = fails(
        &mut org,
        &root(),
        "UpdateAssumeRolePolicy",
        json!({"RoleName": "Fine", "PolicyDocument": trust_aws(&missing)}),
    );
    assert_eq!(e.code, "MalformedPolicyDocument");
    ok(
        &mut org,
        &root(),
        "UpdateAssumeRolePolicy",
        json!({"RoleName": "Fine", "PolicyDocument": trust_service("ec2.amazonaws.com")}),
    );
    let r = ok(&mut org, &root(), "GetRole", json!({"RoleName": "Fine"}));
    assert_eq!(
        r["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "ec2.amazonaws.com"})
    );
}

#[test]
fn an_account_holds_at_most_1000_roles() {
    let mut org = Org::new();
    create_role(&mut org, "r0");
    // Fill the account directly: a thousand calls would each copy the org.
    let template = org.accounts[ACCT].roles["r0"].clone();
    let roles = &mut org.accounts.get_mut(ACCT).unwrap().roles;
    for n in 1..999 {
        let mut r = template.clone();
        r.name = format!("r{n}");
        roles.insert(r.name.clone(), r);
    }
    assert_eq!(org.accounts[ACCT].roles.len(), 999);
    create_role(&mut org, "the-1000th");
    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "one-too-many", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    );
    assert_eq!(e.code, "LimitExceeded");
    assert_eq!(e.message, "Cannot exceed quota for RolesPerAccount: 1000");
}

#[test]
fn update_role_and_its_description() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    let out = ok(
        &mut org,
        &root(),
        "UpdateRole",
        json!({"RoleName": "App", "Description": "web tier", "MaxSessionDuration": 7200}),
    );
    assert_eq!(out, json!({}));
    let r = ok(&mut org, &root(), "GetRole", json!({"RoleName": "App"}));
    assert_eq!(r["Role"]["Description"], "web tier");
    assert_eq!(r["Role"]["MaxSessionDuration"], 7200);
    let e = fails(
        &mut org,
        &root(),
        "UpdateRole",
        json!({"RoleName": "App", "MaxSessionDuration": 60}),
    );
    assert_eq!(e.code, "ValidationError");
    let e = fails(
        &mut org,
        &root(),
        "UpdateRole",
        json!({"RoleName": "Nope", "Description": "x"}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    assert_eq!(e.message, "The role with name Nope cannot be found.");

    let out = ok(
        &mut org,
        &root(),
        "UpdateRoleDescription",
        json!({"RoleName": "App", "Description": "api tier"}),
    );
    assert_eq!(out["Role"]["Description"], "api tier");
    assert_eq!(out["Role"]["MaxSessionDuration"], 7200);
    assert_eq!(
        fails(
            &mut org,
            &root(),
            "UpdateRoleDescription",
            json!({"RoleName": "App"})
        )
        .code,
        "ValidationError"
    );
}

#[test]
fn delete_role_needs_its_policies_and_instance_profiles_gone_first() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    ok(
        &mut org,
        &root(),
        "PutRolePolicy",
        json!({"RoleName": "App", "PolicyName": "logs", "PolicyDocument": allow("logs:*")}),
    );
    let e = fails(&mut org, &root(), "DeleteRole", json!({"RoleName": "App"}));
    assert_eq!(e.code, "DeleteConflict");
    assert_eq!(
        e.message,
        "Cannot delete entity, must delete policies first."
    );
    ok(
        &mut org,
        &root(),
        "DeleteRolePolicy",
        json!({"RoleName": "App", "PolicyName": "logs"}),
    );

    ok(
        &mut org,
        &root(),
        "AttachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": S3_READ}),
    );
    let e = fails(&mut org, &root(), "DeleteRole", json!({"RoleName": "App"}));
    assert_eq!(
        e.message,
        "Cannot delete entity, must detach all policies first."
    );
    ok(
        &mut org,
        &root(),
        "DetachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": S3_READ}),
    );

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
        json!({"InstanceProfileName": "web", "RoleName": "App"}),
    );
    let e = fails(&mut org, &root(), "DeleteRole", json!({"RoleName": "App"}));
    assert_eq!(
        e.message,
        "Cannot delete entity, must remove roles from instance profile first."
    );
    ok(
        &mut org,
        &root(),
        "RemoveRoleFromInstanceProfile",
        json!({"InstanceProfileName": "web", "RoleName": "App"}),
    );

    assert_eq!(
        ok(&mut org, &root(), "DeleteRole", json!({"RoleName": "app"})),
        json!({})
    );
    let e = fails(&mut org, &root(), "GetRole", json!({"RoleName": "App"}));
    assert_eq!(e.code, "NoSuchEntity");
    assert_eq!(e.message, "The role with name App cannot be found.");
    assert_eq!(
        fails(&mut org, &root(), "DeleteRole", json!({"RoleName": "App"})).code,
        "NoSuchEntity"
    );
}

#[test]
fn role_tags_merge_by_key_and_untag_removes() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    ok(
        &mut org,
        &root(),
        "TagRole",
        json!({"RoleName": "App", "Tags": [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "a"}]}),
    );
    ok(
        &mut org,
        &root(),
        "TagRole",
        json!({"RoleName": "App", "Tags": [{"Key": "ENV", "Value": "prod"}]}),
    );
    let tags = ok(
        &mut org,
        &root(),
        "ListRoleTags",
        json!({"RoleName": "App"}),
    );
    assert_eq!(
        tags["Tags"],
        json!([{"Key": "ENV", "Value": "prod"}, {"Key": "team", "Value": "a"}])
    );
    ok(
        &mut org,
        &root(),
        "UntagRole",
        json!({"RoleName": "App", "TagKeys": ["team"]}),
    );
    let tags = ok(
        &mut org,
        &root(),
        "ListRoleTags",
        json!({"RoleName": "App"}),
    );
    assert_eq!(tags["Tags"], json!([{"Key": "ENV", "Value": "prod"}]));
    let e = fails(
        &mut org,
        &root(),
        "TagRole",
        json!({"RoleName": "App", "Tags": [{"Key": "aws:owner", "Value": "x"}]}),
    );
    assert_eq!(e.code, "InvalidInput");
    assert_eq!(
        fails(
            &mut org,
            &root(),
            "ListRoleTags",
            json!({"RoleName": "Gone"})
        )
        .code,
        "NoSuchEntity"
    );
}

// ---------------------------------------------------------------------------
// Managed policies

#[test]
fn create_policy_shape_names_and_size_quota() {
    let mut org = Org::new();
    let out = ok(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({
            "PolicyName": "ReadLogs",
            "Path": "/ops/",
            "PolicyDocument": allow("logs:Get*"),
            "Description": "Read CloudWatch Logs",
            "Tags": [{"Key": "owner", "Value": "ops"}]
        }),
    );
    let p = &out["Policy"];
    assert_eq!(p["PolicyName"], "ReadLogs");
    assert_eq!(p["Arn"], "arn:aws:iam::111122223333:policy/ops/ReadLogs");
    assert_eq!(p["Path"], "/ops/");
    assert!(p["PolicyId"].as_str().unwrap().starts_with("ANPA"));
    assert_eq!(p["DefaultVersionId"], "v1");
    assert_eq!(p["AttachmentCount"], 0);
    assert_eq!(p["PermissionsBoundaryUsageCount"], 0);
    assert_eq!(p["IsAttachable"], true);
    assert_eq!(p["CreateDate"], p["UpdateDate"]);
    assert!(p.get("Description").is_none());
    assert_eq!(p["Tags"], json!([{"Key": "owner", "Value": "ops"}]));

    let got = ok(
        &mut org,
        &root(),
        "GetPolicy",
        json!({"PolicyArn": "arn:aws:iam::111122223333:policy/ops/ReadLogs"}),
    );
    assert_eq!(got["Policy"]["Description"], "Read CloudWatch Logs");

    // Names are unique per account, ignoring case and path.
    let e = fails(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": "readlogs", "PolicyDocument": allow("s3:*")}),
    );
    assert_eq!(e.code, "EntityAlreadyExists");
    assert_eq!(
        e.message,
        "A policy called readlogs already exists. Duplicate names are not allowed."
    );

    create_policy(&mut org, "AtLimit", &identity_doc_of_size(6144));
    let e = fails(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": "Over", "PolicyDocument": identity_doc_of_size(6145)}),
    );
    assert_eq!(e.code, "LimitExceeded");
    assert_eq!(e.message, "Cannot exceed quota for PolicySize: 6144");

    let e = fails(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": "Bad", "PolicyDocument": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}"#}),
    );
    assert_eq!(e.code, "MalformedPolicyDocument");
    assert!(e.message.contains("line 1"), "{}", e.message);

    let e = fails(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": "Bad", "Path": "/no trailing", "PolicyDocument": allow("s3:*")}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'path'"), "{}", e.message);
    let e = fails(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": "x".repeat(129), "PolicyDocument": allow("s3:*")}),
    );
    assert_eq!(e.code, "ValidationError");
    create_policy(&mut org, &"x".repeat(128), &allow("s3:*"));
}

#[test]
fn get_policy_errors() {
    let mut org = Org::with_accounts(&[ACCT, OTHER]);
    let e = fails(
        &mut org,
        &root(),
        "GetPolicy",
        json!({"PolicyArn": local_arn("Missing")}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    assert_eq!(
        e.message,
        "Policy arn:aws:iam::111122223333:policy/Missing was not found."
    );
    let e = fails(
        &mut org,
        &root(),
        "GetPolicy",
        json!({"PolicyArn": "arn:aws:iam::111122223333:role/NotAPolicy"}),
    );
    assert_eq!(e.code, "InvalidInput");
    assert_eq!(
        e.message,
        "ARN arn:aws:iam::111122223333:role/NotAPolicy is not valid."
    );
    let e = fails(
        &mut org,
        &root(),
        "GetPolicy",
        json!({"PolicyArn": "short"}),
    );
    assert_eq!(e.code, "ValidationError");
    // Another account's customer managed policy is another account's
    // resource: IAM refuses the read as a cross-account request.
    let other = Caller::Root {
        account: OTHER.into(),
    };
    ok(
        &mut org,
        &other,
        "CreatePolicy",
        json!({"PolicyName": "Theirs", "PolicyDocument": allow("s3:*")}),
    );
    let e = fails(
        &mut org,
        &root(),
        "GetPolicy",
        json!({"PolicyArn": format!("arn:aws:iam::{OTHER}:policy/Theirs")}),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message
            .contains("on resource: policy arn:aws:iam::444455556666:policy/Theirs"),
        "{}",
        e.message
    );
}

#[test]
fn policy_versions_up_to_five_never_reused_default_protected() {
    let mut org = Org::new();
    let arn = create_policy(&mut org, "Evolving", &allow("s3:GetObject"));
    let v2 = ok(
        &mut org,
        &root(),
        "CreatePolicyVersion",
        json!({"PolicyArn": arn, "PolicyDocument": allow("s3:PutObject")}),
    );
    assert_eq!(v2["PolicyVersion"]["VersionId"], "v2");
    assert_eq!(v2["PolicyVersion"]["IsDefaultVersion"], false);
    assert!(v2["PolicyVersion"].get("Document").is_none());
    let v3 = ok(
        &mut org,
        &root(),
        "CreatePolicyVersion",
        json!({"PolicyArn": arn, "PolicyDocument": allow("s3:ListBucket"), "SetAsDefault": true}),
    );
    assert_eq!(v3["PolicyVersion"]["IsDefaultVersion"], true);
    let p = ok(&mut org, &root(), "GetPolicy", json!({"PolicyArn": arn}));
    assert_eq!(p["Policy"]["DefaultVersionId"], "v3");

    let got = ok(
        &mut org,
        &root(),
        "GetPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    );
    assert_eq!(
        got["PolicyVersion"]["Document"]["Statement"][0]["Action"],
        "s3:PutObject"
    );
    assert_eq!(got["PolicyVersion"]["IsDefaultVersion"], false);

    for doc in [allow("s3:A1"), allow("s3:A2")] {
        ok(
            &mut org,
            &root(),
            "CreatePolicyVersion",
            json!({"PolicyArn": arn, "PolicyDocument": doc}),
        );
    }
    let listed = ok(
        &mut org,
        &root(),
        "ListPolicyVersions",
        json!({"PolicyArn": arn}),
    );
    let ids: Vec<&str> = listed["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["VersionId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["v5", "v4", "v3", "v2", "v1"]);
    let defaults: Vec<bool> = listed["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["IsDefaultVersion"].as_bool().unwrap())
        .collect();
    assert_eq!(defaults, [false, false, true, false, false]);

    let e = fails(
        &mut org,
        &root(),
        "CreatePolicyVersion",
        json!({"PolicyArn": arn, "PolicyDocument": allow("s3:A6")}),
    );
    assert_eq!(e.code, "LimitExceeded");
    assert_eq!(
        e.message,
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."
    );

    let e = fails(
        &mut org,
        &root(),
        "DeletePolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v3"}),
    );
    assert_eq!(e.code, "DeleteConflict");
    assert_eq!(e.message, "Cannot delete the default version of a policy.");
    ok(
        &mut org,
        &root(),
        "DeletePolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    );
    let v6 = ok(
        &mut org,
        &root(),
        "CreatePolicyVersion",
        json!({"PolicyArn": arn, "PolicyDocument": allow("s3:A6")}),
    );
    assert_eq!(v6["PolicyVersion"]["VersionId"], "v6");

    let e = fails(
        &mut org,
        &root(),
        "GetPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    assert_eq!(
        e.message,
        format!("Policy {arn} version v2 does not exist or is not attachable.")
    );
    let e = fails(
        &mut org,
        &root(),
        "SetDefaultPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    let e = fails(
        &mut org,
        &root(),
        "GetPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "2"}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("'versionId'"), "{}", e.message);

    ok(
        &mut org,
        &root(),
        "SetDefaultPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v6"}),
    );
    let p = ok(&mut org, &root(), "GetPolicy", json!({"PolicyArn": arn}));
    assert_eq!(p["Policy"]["DefaultVersionId"], "v6");

    // DeletePolicy wants the non-default versions gone first.
    let e = fails(&mut org, &root(), "DeletePolicy", json!({"PolicyArn": arn}));
    assert_eq!(e.code, "DeleteConflict");
    assert_eq!(
        e.message,
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."
    );
    for v in ["v1", "v3", "v4", "v5"] {
        ok(
            &mut org,
            &root(),
            "DeletePolicyVersion",
            json!({"PolicyArn": arn, "VersionId": v}),
        );
    }
    ok(&mut org, &root(), "DeletePolicy", json!({"PolicyArn": arn}));
    let e = fails(&mut org, &root(), "GetPolicy", json!({"PolicyArn": arn}));
    assert_eq!(e.message, format!("Policy {arn} was not found."));
}

#[test]
fn a_new_default_version_changes_what_the_policy_allows() {
    let mut org = Org::new();
    create_user(&mut org, "ann");
    let arn = create_policy(&mut org, "S3", &allow("s3:GetObject"));
    ok(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": arn}),
    );
    let decide = |org: &Org, action: &str| {
        org.explain(&user("ann"), action, "arn:aws:s3:::b/k", &Context::new())
            .unwrap()
            .decision
    };
    assert_eq!(decide(&org, "s3:GetObject"), Decision::Allowed);
    assert_eq!(decide(&org, "s3:PutObject"), Decision::ImplicitDeny);
    ok(
        &mut org,
        &root(),
        "CreatePolicyVersion",
        json!({"PolicyArn": arn, "PolicyDocument": allow("s3:PutObject")}),
    );
    // Not the default yet: nothing changes.
    assert_eq!(decide(&org, "s3:PutObject"), Decision::ImplicitDeny);
    ok(
        &mut org,
        &root(),
        "SetDefaultPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    );
    assert_eq!(decide(&org, "s3:PutObject"), Decision::Allowed);
    assert_eq!(decide(&org, "s3:GetObject"), Decision::ImplicitDeny);
}

#[test]
fn delete_policy_refuses_while_attached_or_used_as_a_boundary() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    create_user(&mut org, "ann");
    let arn = create_policy(&mut org, "Scoped", &allow("s3:*"));
    ok(
        &mut org,
        &root(),
        "AttachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": arn}),
    );
    let e = fails(&mut org, &root(), "DeletePolicy", json!({"PolicyArn": arn}));
    assert_eq!(e.code, "DeleteConflict");
    assert_eq!(e.message, "Cannot delete a policy attached to entities.");
    ok(
        &mut org,
        &root(),
        "DetachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": arn}),
    );
    ok(
        &mut org,
        &root(),
        "PutUserPermissionsBoundary",
        json!({"UserName": "ann", "PermissionsBoundary": arn}),
    );
    let e = fails(&mut org, &root(), "DeletePolicy", json!({"PolicyArn": arn}));
    assert_eq!(e.code, "DeleteConflict");
    ok(
        &mut org,
        &root(),
        "DeleteUserPermissionsBoundary",
        json!({"UserName": "ann"}),
    );
    ok(&mut org, &root(), "DeletePolicy", json!({"PolicyArn": arn}));
}

#[test]
fn aws_managed_policies_can_be_read_and_attached_but_never_changed() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    ok(
        &mut org,
        &root(),
        "AttachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": ADMIN}),
    );
    let p = ok(&mut org, &root(), "GetPolicy", json!({"PolicyArn": ADMIN}));
    assert_eq!(p["Policy"]["PolicyName"], "AdministratorAccess");
    assert_eq!(p["Policy"]["AttachmentCount"], 1);
    assert!(
        p["Policy"]["PolicyId"]
            .as_str()
            .unwrap()
            .starts_with("ANPA")
    );
    let v = &p["Policy"]["DefaultVersionId"];
    let doc = ok(
        &mut org,
        &root(),
        "GetPolicyVersion",
        json!({"PolicyArn": ADMIN, "VersionId": v}),
    );
    assert_eq!(
        doc["PolicyVersion"]["Document"]["Statement"][0]["Action"],
        "*"
    );
    let tags = ok(
        &mut org,
        &root(),
        "ListPolicyTags",
        json!({"PolicyArn": ADMIN}),
    );
    assert_eq!(tags["Tags"], json!([]));

    for (op, input) in [
        (
            "CreatePolicyVersion",
            json!({"PolicyArn": ADMIN, "PolicyDocument": allow("s3:*")}),
        ),
        ("DeletePolicy", json!({"PolicyArn": ADMIN})),
        (
            "SetDefaultPolicyVersion",
            json!({"PolicyArn": ADMIN, "VersionId": "v1"}),
        ),
        (
            "TagPolicy",
            json!({"PolicyArn": ADMIN, "Tags": [{"Key": "k", "Value": "v"}]}),
        ),
    ] {
        let e = fails(&mut org, &root(), op, input);
        assert_eq!(e.code, "AccessDenied", "{op}");
        assert!(
            e.message.starts_with(
                "User: arn:aws:iam::111122223333:root is not authorized to perform: iam:"
            ),
            "{}",
            e.message
        );
        assert!(
            e.message.ends_with(&format!("on resource: policy {ADMIN}")),
            "{}",
            e.message
        );
    }
}

#[test]
fn an_iam_user_with_read_access_can_read_aws_managed_policies() {
    // AWS managed policies live in no account of ours: reading one must not
    // be treated as a cross-account request.
    let mut org = Org::new();
    create_user(&mut org, "auditor");
    ok(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "auditor", "PolicyArn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}),
    );
    let p = ok(
        &mut org,
        &user("auditor"),
        "GetPolicy",
        json!({"PolicyArn": ADMIN}),
    );
    assert_eq!(p["Policy"]["Arn"], ADMIN);
    let e = fails(
        &mut org,
        &user("auditor"),
        "DeletePolicy",
        json!({"PolicyArn": ADMIN}),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message
            .contains("because no identity-based policy allows the iam:DeletePolicy action"),
        "{}",
        e.message
    );
}

#[test]
fn list_policies_filters_by_scope_attachment_and_path() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    let ops = create_policy(&mut org, "OpsRead", &allow("logs:Get*"));
    ok(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": "TeamWrite", "Path": "/team/", "PolicyDocument": allow("s3:Put*")}),
    );
    ok(
        &mut org,
        &root(),
        "AttachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": ops}),
    );
    ok(
        &mut org,
        &root(),
        "AttachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": S3_READ}),
    );
    let names = |v: &Value| -> Vec<String> {
        v["Policies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["PolicyName"].as_str().unwrap().to_string())
            .collect()
    };
    let local = ok(&mut org, &root(), "ListPolicies", json!({"Scope": "Local"}));
    assert_eq!(names(&local), ["OpsRead", "TeamWrite"]);
    assert_eq!(local["IsTruncated"], false);
    let p = &local["Policies"][0];
    assert_eq!(p["AttachmentCount"], 1);
    assert!(p.get("Tags").is_none() && p.get("Description").is_none());

    let aws = ok(&mut org, &root(), "ListPolicies", json!({"Scope": "AWS"}));
    let aws_names = names(&aws);
    assert!(aws_names.contains(&"AdministratorAccess".to_string()));
    assert!(!aws_names.contains(&"OpsRead".to_string()));

    let all = ok(&mut org, &root(), "ListPolicies", json!({}));
    assert_eq!(names(&all).len(), aws_names.len() + 2);

    let attached = ok(
        &mut org,
        &root(),
        "ListPolicies",
        json!({"OnlyAttached": true}),
    );
    assert_eq!(names(&attached), ["AmazonS3ReadOnlyAccess", "OpsRead"]);
    let team = ok(
        &mut org,
        &root(),
        "ListPolicies",
        json!({"Scope": "Local", "PathPrefix": "/team/"}),
    );
    assert_eq!(names(&team), ["TeamWrite"]);

    let e = fails(&mut org, &root(), "ListPolicies", json!({"Scope": "Mine"}));
    assert_eq!(e.code, "ValidationError");
    assert_eq!(
        e.message,
        "1 validation error detected: Value 'Mine' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]"
    );
}

#[test]
fn list_entities_for_policy_by_kind_and_usage() {
    let mut org = Org::new();
    create_user(&mut org, "ann");
    create_user(&mut org, "ben");
    create_role(&mut org, "App");
    add_group(&mut org, "Devs");
    let arn = create_policy(&mut org, "Shared", &allow("s3:*"));
    ok(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": arn}),
    );
    ok(
        &mut org,
        &root(),
        "AttachGroupPolicy",
        json!({"GroupName": "Devs", "PolicyArn": arn}),
    );
    ok(
        &mut org,
        &root(),
        "AttachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": arn}),
    );
    ok(
        &mut org,
        &root(),
        "PutUserPermissionsBoundary",
        json!({"UserName": "ben", "PermissionsBoundary": arn}),
    );
    let all = ok(
        &mut org,
        &root(),
        "ListEntitiesForPolicy",
        json!({"PolicyArn": arn}),
    );
    assert_eq!(all["PolicyGroups"][0]["GroupName"], "Devs");
    assert!(
        all["PolicyGroups"][0]["GroupId"]
            .as_str()
            .unwrap()
            .starts_with("AGPA")
    );
    let users: Vec<&str> = all["PolicyUsers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["UserName"].as_str().unwrap())
        .collect();
    assert_eq!(users, ["ann", "ben"]);
    assert_eq!(all["PolicyRoles"][0]["RoleName"], "App");

    let roles = ok(
        &mut org,
        &root(),
        "ListEntitiesForPolicy",
        json!({"PolicyArn": arn, "EntityFilter": "Role"}),
    );
    assert_eq!(roles["PolicyUsers"], json!([]));
    assert_eq!(roles["PolicyGroups"], json!([]));
    assert_eq!(roles["PolicyRoles"].as_array().unwrap().len(), 1);

    let boundaries = ok(
        &mut org,
        &root(),
        "ListEntitiesForPolicy",
        json!({"PolicyArn": arn, "PolicyUsageFilter": "PermissionsBoundary"}),
    );
    assert_eq!(
        boundaries["PolicyUsers"],
        json!([{"UserName": "ben", "UserId": org.accounts[ACCT].users["ben"].id}])
    );
    assert_eq!(boundaries["PolicyRoles"], json!([]));

    let p = ok(&mut org, &root(), "GetPolicy", json!({"PolicyArn": arn}));
    assert_eq!(p["Policy"]["AttachmentCount"], 3);
    assert_eq!(p["Policy"]["PermissionsBoundaryUsageCount"], 1);

    let e = fails(
        &mut org,
        &root(),
        "ListEntitiesForPolicy",
        json!({"PolicyArn": arn, "EntityFilter": "Users"}),
    );
    assert_eq!(e.code, "ValidationError");
    let e = fails(
        &mut org,
        &root(),
        "ListEntitiesForPolicy",
        json!({"PolicyArn": local_arn("Nope")}),
    );
    assert_eq!(e.code, "NoSuchEntity");
}

#[test]
fn policy_tags() {
    let mut org = Org::new();
    let arn = create_policy(&mut org, "P", &allow("s3:*"));
    ok(
        &mut org,
        &root(),
        "TagPolicy",
        json!({"PolicyArn": arn, "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}),
    );
    ok(
        &mut org,
        &root(),
        "UntagPolicy",
        json!({"PolicyArn": arn, "TagKeys": ["A"]}),
    );
    let t = ok(
        &mut org,
        &root(),
        "ListPolicyTags",
        json!({"PolicyArn": arn}),
    );
    assert_eq!(t["Tags"], json!([{"Key": "b", "Value": "2"}]));
    let e = fails(
        &mut org,
        &root(),
        "TagPolicy",
        json!({"PolicyArn": local_arn("Nope"), "Tags": [{"Key": "a", "Value": "1"}]}),
    );
    assert_eq!(e.code, "NoSuchEntity");
}

#[test]
fn an_account_holds_at_most_1500_customer_managed_policies() {
    let mut org = Org::new();
    create_policy(&mut org, "p0", &allow("s3:*"));
    let template = org.accounts[ACCT].policies["p0"].clone();
    let policies = &mut org.accounts.get_mut(ACCT).unwrap().policies;
    for n in 1..1500 {
        let mut p = template.clone();
        p.name = format!("p{n}");
        p.arn = local_arn(&p.name);
        policies.insert(p.name.clone(), p);
    }
    let e = fails(
        &mut org,
        &root(),
        "CreatePolicy",
        json!({"PolicyName": "one-too-many", "PolicyDocument": allow("s3:*")}),
    );
    assert_eq!(e.code, "LimitExceeded");
    assert_eq!(
        e.message,
        "Cannot exceed quota for PoliciesPerAccount: 1500"
    );
}

// ---------------------------------------------------------------------------
// Attachments

/// Ten distinct attachable policies.
fn ten_policies(org: &mut Org) -> Vec<String> {
    (0..10)
        .map(|n| create_policy(org, &format!("P{n}"), &allow("s3:GetObject")))
        .collect()
}

#[test]
fn at_most_ten_managed_policies_per_user_group_and_role() {
    let mut org = Org::new();
    create_user(&mut org, "ann");
    add_group(&mut org, "Devs");
    create_role(&mut org, "App");
    let arns = ten_policies(&mut org);
    for (op, member, name, quota) in [
        ("AttachUserPolicy", "UserName", "ann", "PoliciesPerUser"),
        ("AttachGroupPolicy", "GroupName", "Devs", "PoliciesPerGroup"),
        ("AttachRolePolicy", "RoleName", "App", "PoliciesPerRole"),
    ] {
        for arn in &arns {
            ok(
                &mut org,
                &root(),
                op,
                json!({member: name, "PolicyArn": arn}),
            );
        }
        // Attaching one that is already attached is a quiet success.
        let before = org.clone();
        assert_eq!(
            ok(
                &mut org,
                &root(),
                op,
                json!({member: name, "PolicyArn": arns[3]})
            ),
            json!({})
        );
        assert_eq!(org, before);
        let e = fails(
            &mut org,
            &root(),
            op,
            json!({member: name, "PolicyArn": S3_READ}),
        );
        assert_eq!(e.code, "LimitExceeded", "{op}");
        assert_eq!(e.message, format!("Cannot exceed quota for {quota}: 10"));
    }
    let listed = ok(
        &mut org,
        &root(),
        "ListAttachedGroupPolicies",
        json!({"GroupName": "Devs"}),
    );
    let list = listed["AttachedPolicies"].as_array().unwrap();
    assert_eq!(list.len(), 10);
    assert_eq!(
        list[0],
        json!({"PolicyName": "P0", "PolicyArn": local_arn("P0")})
    );
}

#[test]
fn attach_and_detach_errors() {
    let mut org = Org::with_accounts(&[ACCT, OTHER]);
    create_user(&mut org, "ann");
    let missing = local_arn("Missing");
    let e = fails(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": missing}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    assert_eq!(
        e.message,
        format!("Policy {missing} does not exist or is not attachable.")
    );
    let e = fails(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "nobody", "PolicyArn": S3_READ}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    assert_eq!(e.message, "The user with name nobody cannot be found.");
    let e = fails(
        &mut org,
        &root(),
        "AttachGroupPolicy",
        json!({"GroupName": "Nobody", "PolicyArn": S3_READ}),
    );
    assert_eq!(e.message, "The group with name Nobody cannot be found.");
    let e = fails(
        &mut org,
        &root(),
        "AttachRolePolicy",
        json!({"RoleName": "Nobody", "PolicyArn": S3_READ}),
    );
    assert_eq!(e.message, "The role with name Nobody cannot be found.");
    let e = fails(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": "arn:aws:iam::111122223333:user/ann"}),
    );
    assert_eq!(e.code, "InvalidInput");
    // A policy of another account cannot be attached here.
    let other = Caller::Root {
        account: OTHER.into(),
    };
    ok(
        &mut org,
        &other,
        "CreatePolicy",
        json!({"PolicyName": "Theirs", "PolicyDocument": allow("s3:*")}),
    );
    let e = fails(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": format!("arn:aws:iam::{OTHER}:policy/Theirs")}),
    );
    assert_eq!(e.code, "NoSuchEntity");

    let e = fails(
        &mut org,
        &root(),
        "DetachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": S3_READ}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    assert_eq!(e.message, format!("Policy {S3_READ} was not found."));
    ok(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": S3_READ}),
    );
    let l = ok(
        &mut org,
        &root(),
        "ListAttachedUserPolicies",
        json!({"UserName": "ann"}),
    );
    assert_eq!(
        l["AttachedPolicies"],
        json!([{"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyArn": S3_READ}])
    );
    ok(
        &mut org,
        &root(),
        "DetachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": S3_READ}),
    );
    let l = ok(
        &mut org,
        &root(),
        "ListAttachedUserPolicies",
        json!({"UserName": "ann"}),
    );
    assert_eq!(l["AttachedPolicies"], json!([]));
    // Groups have no permissions boundary call.
    let e = fails(
        &mut org,
        &root(),
        "PutGroupPermissionsBoundary",
        json!({"GroupName": "Devs", "PermissionsBoundary": S3_READ}),
    );
    assert_eq!(e.code, "InvalidAction");
}

#[test]
fn inline_policies_put_get_list_delete_for_each_kind() {
    let mut org = Org::new();
    create_user(&mut org, "ann");
    add_group(&mut org, "Devs");
    create_role(&mut org, "App");
    for (kind, member, name) in [
        ("User", "UserName", "ann"),
        ("Group", "GroupName", "Devs"),
        ("Role", "RoleName", "App"),
    ] {
        let put = format!("Put{kind}Policy");
        ok(
            &mut org,
            &root(),
            &put,
            json!({member: name, "PolicyName": "logs", "PolicyDocument": allow("logs:*")}),
        );
        ok(
            &mut org,
            &root(),
            &put,
            json!({member: name, "PolicyName": "audit", "PolicyDocument": allow("cloudtrail:*")}),
        );
        let got = ok(
            &mut org,
            &root(),
            &format!("Get{kind}Policy"),
            json!({member: name, "PolicyName": "logs"}),
        );
        assert_eq!(got[member], name);
        assert_eq!(got["PolicyName"], "logs");
        assert_eq!(got["PolicyDocument"]["Statement"][0]["Action"], "logs:*");
        let listed = ok(
            &mut org,
            &root(),
            &format!("List{kind}Policies"),
            json!({member: name}),
        );
        assert_eq!(listed["PolicyNames"], json!(["audit", "logs"]));
        assert_eq!(listed["IsTruncated"], false);
        ok(
            &mut org,
            &root(),
            &format!("Delete{kind}Policy"),
            json!({member: name, "PolicyName": "logs"}),
        );
        let e = fails(
            &mut org,
            &root(),
            &format!("Get{kind}Policy"),
            json!({member: name, "PolicyName": "logs"}),
        );
        assert_eq!(e.code, "NoSuchEntity");
        assert_eq!(
            e.message,
            format!(
                "The {} policy with name logs cannot be found.",
                kind.to_lowercase()
            )
        );
        let e = fails(
            &mut org,
            &root(),
            &format!("Delete{kind}Policy"),
            json!({member: name, "PolicyName": "logs"}),
        );
        assert_eq!(e.code, "NoSuchEntity");
        let e = fails(
            &mut org,
            &root(),
            &put,
            json!({member: name, "PolicyName": "bad", "PolicyDocument": "{\"Statement\": []}"}),
        );
        assert_eq!(e.code, "MalformedPolicyDocument");
        let e = fails(
            &mut org,
            &root(),
            &put,
            json!({member: "ghost", "PolicyName": "p", "PolicyDocument": allow("s3:*")}),
        );
        assert_eq!(e.code, "NoSuchEntity");
    }
}

#[test]
fn inline_policy_quota_is_the_sum_over_the_entity() {
    let mut org = Org::new();
    create_user(&mut org, "ann");
    add_group(&mut org, "Devs");
    create_role(&mut org, "App");
    for (kind, member, name, quota) in [
        ("User", "UserName", "ann", 2048),
        ("Group", "GroupName", "Devs", 5120),
        ("Role", "RoleName", "App", 10_240),
    ] {
        let put = format!("Put{kind}Policy");
        let first = allow("s3:GetObject");
        let rest = quota - counted_size(&first);
        ok(
            &mut org,
            &root(),
            &put,
            json!({member: name, "PolicyName": "one", "PolicyDocument": first}),
        );
        // Together exactly at the quota.
        ok(
            &mut org,
            &root(),
            &put,
            json!({member: name, "PolicyName": "two", "PolicyDocument": identity_doc_of_size(rest)}),
        );
        // Replacing a policy counts its new size only, not both.
        ok(
            &mut org,
            &root(),
            &put,
            json!({member: name, "PolicyName": "two", "PolicyDocument": identity_doc_of_size(rest)}),
        );
        let e = fails(
            &mut org,
            &root(),
            &put,
            json!({member: name, "PolicyName": "two", "PolicyDocument": identity_doc_of_size(rest + 1)}),
        );
        assert_eq!(e.code, "LimitExceeded");
        assert_eq!(
            e.message,
            format!(
                "Maximum policy size of {quota} bytes exceeded for {} {name}",
                kind.to_lowercase()
            )
        );
    }
}

#[test]
fn permissions_boundaries_on_users_and_roles() {
    let mut org = Org::new();
    create_user(&mut org, "ann");
    create_role(&mut org, "App");
    ok(
        &mut org,
        &root(),
        "PutRolePermissionsBoundary",
        json!({"RoleName": "App", "PermissionsBoundary": S3_READ}),
    );
    let r = ok(&mut org, &root(), "GetRole", json!({"RoleName": "App"}));
    assert_eq!(
        r["Role"]["PermissionsBoundary"],
        json!({"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": S3_READ})
    );
    let missing = local_arn("Missing");
    for (op, member, name) in [
        ("PutRolePermissionsBoundary", "RoleName", "App"),
        ("PutUserPermissionsBoundary", "UserName", "ann"),
    ] {
        let e = fails(
            &mut org,
            &root(),
            op,
            json!({member: name, "PermissionsBoundary": missing}),
        );
        assert_eq!(e.code, "NoSuchEntity");
        assert_eq!(
            e.message,
            format!("Scope ARN: {missing} does not exist or is not attachable.")
        );
    }
    ok(
        &mut org,
        &root(),
        "DeleteRolePermissionsBoundary",
        json!({"RoleName": "App"}),
    );
    let r = ok(&mut org, &root(), "GetRole", json!({"RoleName": "App"}));
    assert!(r["Role"].get("PermissionsBoundary").is_none());

    // The boundary caps what the user's own policies allow.
    ok(
        &mut org,
        &root(),
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": ADMIN}),
    );
    let decide = |org: &Org| {
        org.explain(&user("ann"), "ec2:RunInstances", "*", &Context::new())
            .unwrap()
            .decision
    };
    assert_eq!(decide(&org), Decision::Allowed);
    ok(
        &mut org,
        &root(),
        "PutUserPermissionsBoundary",
        json!({"UserName": "ann", "PermissionsBoundary": S3_READ}),
    );
    assert_eq!(decide(&org), Decision::ImplicitDeny);

    let e = fails(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "Bounded", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com"), "PermissionsBoundary": missing}),
    );
    assert_eq!(e.code, "NoSuchEntity");
    let out = ok(
        &mut org,
        &root(),
        "CreateRole",
        json!({"RoleName": "Bounded", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com"), "PermissionsBoundary": S3_READ}),
    );
    assert_eq!(
        out["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"],
        S3_READ
    );
}

// ---------------------------------------------------------------------------
// Authorization

#[test]
fn an_identity_without_permission_is_refused_and_nothing_changes() {
    let mut org = Org::new();
    create_role(&mut org, "App");
    create_user(&mut org, "dev");
    ok(
        &mut org,
        &root(),
        "PutUserPolicy",
        json!({"UserName": "dev", "PolicyName": "read", "PolicyDocument": allow("iam:Get*")}),
    );
    let dev = user("dev");
    // Reading is allowed ...
    ok(&mut org, &dev, "GetRole", json!({"RoleName": "App"}));
    // ... changing is not, and IAM names the role by name.
    let e = fails(
        &mut org,
        &dev,
        "AttachRolePolicy",
        json!({"RoleName": "App", "PolicyArn": ADMIN}),
    );
    assert_eq!(e.code, "AccessDenied");
    assert_eq!(
        e.message,
        "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: iam:AttachRolePolicy on resource: role App because no identity-based policy allows the iam:AttachRolePolicy action"
    );
    // Authorization comes before existence: a missing role is not revealed.
    let e = fails(&mut org, &dev, "DeleteRole", json!({"RoleName": "Ghost"}));
    assert_eq!(e.code, "AccessDenied");
    let e = fails(
        &mut org,
        &dev,
        "CreatePolicy",
        json!({"PolicyName": "Mine", "PolicyDocument": allow("s3:*")}),
    );
    assert_eq!(
        e.message,
        "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: iam:CreatePolicy on resource: policy Mine because no identity-based policy allows the iam:CreatePolicy action"
    );
    let e = fails(&mut org, &dev, "ListPolicies", json!({}));
    assert!(
        e.message.contains("on resource: policy path / because"),
        "{}",
        e.message
    );
    let e = fails(
        &mut org,
        &dev,
        "PutUserPolicy",
        json!({"UserName": "dev", "PolicyName": "more", "PolicyDocument": allow("*")}),
    );
    assert!(
        e.message.contains("on resource: user dev because"),
        "{}",
        e.message
    );
    let e = fails(
        &mut org,
        &dev,
        "CreateRole",
        json!({"RoleName": "New", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    );
    assert!(
        e.message
            .contains("on resource: arn:aws:iam::111122223333:role/New because"),
        "{}",
        e.message
    );
}

#[test]
fn conditions_see_the_policy_arn_and_the_permissions_boundary() {
    let mut org = Org::new();
    create_user(&mut org, "lead");
    create_user(&mut org, "ann");
    let delegation = json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "iam:AttachUserPolicy",
                "Resource": "*",
                "Condition": {"StringEquals": {"iam:PolicyARN": S3_READ}}
            },
            {
                "Effect": "Allow",
                "Action": "iam:CreateRole",
                "Resource": "*",
                "Condition": {"StringEquals": {"iam:PermissionsBoundary": S3_READ}}
            }
        ]
    });
    ok(
        &mut org,
        &root(),
        "PutUserPolicy",
        json!({"UserName": "lead", "PolicyName": "delegate", "PolicyDocument": delegation.to_string()}),
    );
    let lead = user("lead");
    ok(
        &mut org,
        &lead,
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": S3_READ}),
    );
    let e = fails(
        &mut org,
        &lead,
        "AttachUserPolicy",
        json!({"UserName": "ann", "PolicyArn": ADMIN}),
    );
    assert_eq!(e.code, "AccessDenied");
    let e = fails(
        &mut org,
        &lead,
        "CreateRole",
        json!({"RoleName": "Free", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com")}),
    );
    assert_eq!(e.code, "AccessDenied");
    ok(
        &mut org,
        &lead,
        "CreateRole",
        json!({"RoleName": "Bounded", "AssumeRolePolicyDocument": trust_service("ec2.amazonaws.com"), "PermissionsBoundary": S3_READ}),
    );
}

#[test]
fn role_tags_are_resource_tags_for_conditions() {
    let mut org = Org::new();
    create_user(&mut org, "dev");
    create_role(&mut org, "Mine");
    create_role(&mut org, "Theirs");
    ok(
        &mut org,
        &root(),
        "TagRole",
        json!({"RoleName": "Mine", "Tags": [{"Key": "owner", "Value": "dev"}]}),
    );
    let abac = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "iam:UpdateRole",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}
        }]
    });
    ok(
        &mut org,
        &root(),
        "PutUserPolicy",
        json!({"UserName": "dev", "PolicyName": "abac", "PolicyDocument": abac.to_string()}),
    );
    ok(
        &mut org,
        &user("dev"),
        "UpdateRole",
        json!({"RoleName": "Mine", "Description": "mine"}),
    );
    let e = fails(
        &mut org,
        &user("dev"),
        "UpdateRole",
        json!({"RoleName": "Theirs", "Description": "mine now"}),
    );
    assert_eq!(e.code, "AccessDenied");
}

#[test]
fn attaching_to_a_group_grants_its_members_and_the_trail_says_so() {
    let mut org = Org::new();
    create_user(&mut org, "ann");
    add_group(&mut org, "Developers");
    add_to_group(&mut org, "ann", "Developers");
    let ann = user("ann");
    let bucket = "arn:aws:s3:::reports/q1.csv";
    let before = org
        .explain(&ann, "s3:GetObject", bucket, &Context::new())
        .unwrap();
    assert_eq!(before.decision, Decision::ImplicitDeny);

    ok(
        &mut org,
        &root(),
        "AttachGroupPolicy",
        json!({"GroupName": "Developers", "PolicyArn": S3_READ}),
    );
    let after = org
        .explain(&ann, "s3:GetObject", bucket, &Context::new())
        .unwrap();
    assert_eq!(after.decision, Decision::Allowed);
    let (policy, _) = after
        .matched_statements()
        .next()
        .expect("a statement allowed it");
    assert_eq!(policy.name, "AmazonS3ReadOnlyAccess");
    assert_eq!(policy.via, Via::Group("Developers".into()));
    assert!(policy.label().contains("through group Developers"));

    ok(
        &mut org,
        &root(),
        "DetachGroupPolicy",
        json!({"GroupName": "Developers", "PolicyArn": S3_READ}),
    );
    assert_eq!(
        org.explain(&ann, "s3:GetObject", bucket, &Context::new())
            .unwrap()
            .decision,
        Decision::ImplicitDeny
    );
}
