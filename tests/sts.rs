//! STS: AssumeRole (trust, external id, durations, chaining, session
//! policies, MFA), GetSessionToken, GetCallerIdentity, expiring credentials.

use crate::common;

use common::*;
use iamtutor::iam::model::{Auth, Caller};
use iamtutor::iam::ops::{call, totp};
use serde_json::json;

const ROLE: &str = "arn:aws:iam::111122223333:role/Deploy";

fn trust_user(user: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::111122223333:user/{user}"}},"Action":"sts:AssumeRole"}}]}}"#
    )
}

fn setup() -> iamtutor::iam::model::Org {
    let mut o = org();
    add_user(&mut o, A, "john");
    add_role(&mut o, A, "Deploy", &trust_user("john"));
    role_mut(&mut o, A, "Deploy")
        .attached
        .push("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".into());
    o
}

fn assume(
    o: &mut iamtutor::iam::model::Org,
    caller: &Caller,
    extra: serde_json::Value,
) -> Result<serde_json::Value, iamtutor::iam::error::AwsError> {
    let mut input = json!({"RoleArn": ROLE, "RoleSessionName": "deploy-1"});
    if let (Some(m), serde_json::Value::Object(e)) = (input.as_object_mut(), extra) {
        m.extend(e);
    }
    call(o, caller, "sts", "AssumeRole", &input)
}

#[test]
fn assume_role_returns_temporary_credentials_that_act_as_the_role() {
    let mut o = setup();
    let out = assume(&mut o, &user(A, "john"), json!({})).unwrap();
    let key = out["Credentials"]["AccessKeyId"].as_str().unwrap();
    assert!(key.starts_with("ASIA"), "{key}");
    assert!(out["Credentials"]["SessionToken"].as_str().unwrap().len() > 100);
    assert_eq!(
        out["Credentials"]["Expiration"],
        "2026-01-05T10:00:00+00:00"
    );
    assert_eq!(
        out["AssumedRoleUser"]["Arn"],
        "arn:aws:sts::111122223333:assumed-role/Deploy/deploy-1"
    );
    let caller = o.caller_for_access_key(key).unwrap();
    let who = call(&mut o, &caller, "sts", "GetCallerIdentity", &json!({})).unwrap();
    assert_eq!(
        who["Arn"],
        "arn:aws:sts::111122223333:assumed-role/Deploy/deploy-1"
    );
    assert!(who["UserId"].as_str().unwrap().starts_with("AROA"));
    assert!(who["UserId"].as_str().unwrap().ends_with(":deploy-1"));
    assert_eq!(
        decision(&o, &caller, "s3:GetObject", "arn:aws:s3:::any/k"),
        iamtutor::iam::eval::Decision::Allowed
    );
    assert_eq!(
        decision(&o, &caller, "s3:PutObject", "arn:aws:s3:::any/k"),
        iamtutor::iam::eval::Decision::ImplicitDeny
    );
}

#[test]
fn credentials_expire_on_the_simulated_clock() {
    let mut o = setup();
    let out = assume(&mut o, &user(A, "john"), json!({"DurationSeconds": 900})).unwrap();
    let key = out["Credentials"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_string();
    o.now += 899;
    assert!(o.caller_for_access_key(&key).is_ok());
    o.now += 1;
    let err = o.caller_for_access_key(&key).unwrap_err();
    assert_eq!(err.code, "ExpiredToken");
}

#[test]
fn someone_the_trust_policy_does_not_name_is_refused_and_nothing_changes() {
    let mut o = setup();
    add_user(&mut o, A, "eve");
    let before = o.clone();
    let err = assume(&mut o, &user(A, "eve"), json!({})).unwrap_err();
    assert_eq!(err.code, "AccessDenied");
    assert!(err.message.starts_with("User: arn:aws:iam::111122223333:user/eve is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Deploy"), "{}", err.message);
    assert_eq!(o, before);
    // A role that does not exist reads the same way: no probing for names.
    let err = call(
        &mut o,
        &user(A, "eve"),
        "sts",
        "AssumeRole",
        &json!({"RoleArn": "arn:aws:iam::111122223333:role/Nope", "RoleSessionName": "x1"}),
    )
    .unwrap_err();
    assert_eq!(err.code, "AccessDenied");
}

#[test]
fn durations_follow_the_role_maximum_and_the_minimum_of_900_seconds() {
    let mut o = setup();
    let err = assume(&mut o, &user(A, "john"), json!({"DurationSeconds": 899})).unwrap_err();
    assert_eq!(err.code, "ValidationError");
    let err = assume(&mut o, &user(A, "john"), json!({"DurationSeconds": 3601})).unwrap_err();
    assert_eq!(
        err.message,
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
    );
    role_mut(&mut o, A, "Deploy").max_session_duration = 43200;
    let out = assume(&mut o, &user(A, "john"), json!({"DurationSeconds": 43200})).unwrap();
    assert_eq!(
        out["Credentials"]["Expiration"],
        "2026-01-05T21:00:00+00:00"
    );
}

#[test]
fn role_chaining_is_capped_at_one_hour() {
    let mut o = setup();
    role_mut(&mut o, A, "Deploy").max_session_duration = 43200;
    add_role(
        &mut o,
        A,
        "Next",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Deploy"},"Action":"sts:AssumeRole"}]}"#,
    );
    let first = assume(&mut o, &user(A, "john"), json!({"DurationSeconds": 7200})).unwrap();
    let caller = o
        .caller_for_access_key(first["Credentials"]["AccessKeyId"].as_str().unwrap())
        .unwrap();
    let next = |d: u32| json!({"RoleArn": "arn:aws:iam::111122223333:role/Next", "RoleSessionName": "chained", "DurationSeconds": d});
    role_mut(&mut o, A, "Next").max_session_duration = 43200;
    let err = call(&mut o, &caller, "sts", "AssumeRole", &next(3601)).unwrap_err();
    assert_eq!(
        err.message,
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
    );
    assert!(call(&mut o, &caller, "sts", "AssumeRole", &next(3600)).is_ok());
}

#[test]
fn session_names_are_checked() {
    let mut o = setup();
    for bad in ["x", "has space", &"a".repeat(65)] {
        let err = call(
            &mut o,
            &user(A, "john"),
            "sts",
            "AssumeRole",
            &json!({"RoleArn": ROLE, "RoleSessionName": bad}),
        )
        .unwrap_err();
        assert_eq!(err.code, "ValidationError", "{bad}");
    }
}

#[test]
fn session_policy_narrows_the_session() {
    let mut o = setup();
    let policy = one("Allow", "s3:GetObject", "arn:aws:s3:::public/*");
    let out = assume(&mut o, &user(A, "john"), json!({"Policy": policy})).unwrap();
    assert!(out["PackedPolicySize"].as_u64().unwrap() > 0);
    let caller = o
        .caller_for_access_key(out["Credentials"]["AccessKeyId"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        decision(&o, &caller, "s3:GetObject", "arn:aws:s3:::public/a"),
        iamtutor::iam::eval::Decision::Allowed
    );
    assert_eq!(
        decision(&o, &caller, "s3:GetObject", "arn:aws:s3:::private/a"),
        iamtutor::iam::eval::Decision::ImplicitDeny
    );
    let err = assume(&mut o, &user(A, "john"), json!({"Policy": "{not json"})).unwrap_err();
    assert_eq!(err.code, "MalformedPolicyDocument");
}

#[test]
fn root_cannot_assume_roles() {
    let mut o = setup();
    let err = assume(&mut o, &Caller::Root { account: A.into() }, json!({})).unwrap_err();
    assert_eq!(err.code, "AccessDenied");
}

#[test]
fn mfa_through_get_session_token_sets_multi_factor_auth_present() {
    let mut o = setup();
    let root = Caller::Root { account: A.into() };
    let dev = call(
        &mut o,
        &root,
        "iam",
        "CreateVirtualMFADevice",
        &json!({"VirtualMFADeviceName": "john-phone"}),
    )
    .unwrap();
    let serial = dev["VirtualMFADevice"]["SerialNumber"]
        .as_str()
        .unwrap()
        .to_string();
    let seed = o.accounts[A].mfa_devices["john-phone"].seed.clone();
    let c1 = totp(&seed, o.now - 30);
    let c2 = totp(&seed, o.now);
    call(&mut o, &root, "iam", "EnableMFADevice", &json!({"UserName": "john", "SerialNumber": serial, "AuthenticationCode1": c1, "AuthenticationCode2": c2})).unwrap();
    user_inline(
        &mut o,
        A,
        "john",
        "mfa",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
    );
    assert_eq!(
        decision(&o, &user(A, "john"), "ec2:RunInstances", "*"),
        iamtutor::iam::eval::Decision::ImplicitDeny
    );
    let err = call(
        &mut o,
        &user(A, "john"),
        "sts",
        "GetSessionToken",
        &json!({"SerialNumber": serial, "TokenCode": "000000"}),
    )
    .unwrap_err();
    assert_eq!(err.code, "AccessDenied");
    let code = totp(&seed, o.now);
    let out = call(
        &mut o,
        &user(A, "john"),
        "sts",
        "GetSessionToken",
        &json!({"SerialNumber": serial, "TokenCode": code}),
    )
    .unwrap();
    let caller = o
        .caller_for_access_key(out["Credentials"]["AccessKeyId"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        caller,
        Caller::User {
            account: A.into(),
            user: "john".into(),
            auth: Auth::SessionToken { mfa: true }
        }
    );
    assert_eq!(
        decision(&o, &caller, "ec2:RunInstances", "*"),
        iamtutor::iam::eval::Decision::Allowed
    );
    // Session credentials cannot ask for more session credentials.
    let err = call(&mut o, &caller, "sts", "GetSessionToken", &json!({})).unwrap_err();
    assert_eq!(err.code, "AccessDenied");
}

#[test]
fn get_caller_identity_is_never_denied() {
    let mut o = setup();
    user_inline(&mut o, A, "john", "deny", &one("Deny", "*", "*"));
    let who = call(
        &mut o,
        &user(A, "john"),
        "sts",
        "GetCallerIdentity",
        &json!({}),
    )
    .unwrap();
    assert_eq!(who["Arn"], "arn:aws:iam::111122223333:user/john");
    assert_eq!(who["Account"], "111122223333");
}

#[test]
fn inactive_and_unknown_access_keys_are_refused() {
    let mut o = setup();
    let root = Caller::Root { account: A.into() };
    let out = call(
        &mut o,
        &root,
        "iam",
        "CreateAccessKey",
        &json!({"UserName": "john"}),
    )
    .unwrap();
    let key = out["AccessKey"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(key.starts_with("AKIA"));
    assert_eq!(o.caller_for_access_key(&key).unwrap(), user(A, "john"));
    call(
        &mut o,
        &root,
        "iam",
        "UpdateAccessKey",
        &json!({"UserName": "john", "AccessKeyId": key, "Status": "Inactive"}),
    )
    .unwrap();
    assert_eq!(
        o.caller_for_access_key(&key).unwrap_err().code,
        "InvalidClientTokenId"
    );
    assert_eq!(
        o.caller_for_access_key("AKIAUNKNOWN").unwrap_err().code,
        "InvalidClientTokenId"
    );
}

#[test]
fn session_tags_become_principal_tags() {
    let mut o = setup();
    // Without sts:TagSession in the trust policy, tags are refused.
    let err = assume(
        &mut o,
        &user(A, "john"),
        json!({"Tags": [{"Key": "project", "Value": "apollo"}]}),
    )
    .unwrap_err();
    assert!(err.message.contains("sts:TagSession"), "{}", err.message);
    role_mut(&mut o, A, "Deploy").trust = trust_doc(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/john"},"Action":["sts:AssumeRole","sts:TagSession"]}]}"#,
    );
    role_mut(&mut o, A, "Deploy").inline.insert(
        "abac".into(),
        doc(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/project":"${aws:PrincipalTag/project}"}}}]}"#),
    );
    let out = assume(
        &mut o,
        &user(A, "john"),
        json!({"Tags": [{"Key": "project", "Value": "apollo"}]}),
    )
    .unwrap();
    let caller = o
        .caller_for_access_key(out["Credentials"]["AccessKeyId"].as_str().unwrap())
        .unwrap();
    let mut ctx = iamtutor::iam::context::Context::new();
    ctx.set_one("aws:ResourceTag/project", "apollo");
    assert_eq!(
        explain_ctx(&o, &caller, "ec2:StartInstances", "*", &ctx).decision,
        iamtutor::iam::eval::Decision::Allowed
    );
    ctx.set_one("aws:ResourceTag/project", "gemini");
    assert_eq!(
        explain_ctx(&o, &caller, "ec2:StartInstances", "*", &ctx).decision,
        iamtutor::iam::eval::Decision::ImplicitDeny
    );
}
