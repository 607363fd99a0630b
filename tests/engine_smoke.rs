use iamtutor::iam::context::Context;
use iamtutor::iam::eval::Decision;
use iamtutor::iam::model::{Auth, Caller, DEFAULT_ACCOUNT, Org};
use iamtutor::iam::ops::call;
use serde_json::json;

fn root() -> Caller {
    Caller::Root {
        account: DEFAULT_ACCOUNT.into(),
    }
}

#[test]
fn create_user_then_evaluate_without_policies_is_implicit_deny() {
    let mut org = Org::new();
    let out = call(
        &mut org,
        &root(),
        "iam",
        "CreateUser",
        &json!({"UserName": "john"}),
    )
    .unwrap();
    assert_eq!(out["User"]["Arn"], "arn:aws:iam::111122223333:user/john");
    assert!(out["User"]["UserId"].as_str().unwrap().starts_with("AIDA"));
    let err = call(
        &mut org,
        &root(),
        "iam",
        "CreateUser",
        &json!({"UserName": "JOHN"}),
    )
    .unwrap_err();
    assert_eq!(err.code, "EntityAlreadyExists");
    let john = Caller::User {
        account: DEFAULT_ACCOUNT.into(),
        user: "john".into(),
        auth: Auth::AccessKey,
    };
    let e = org
        .explain(&john, "ec2:StartInstances", "*", &Context::new())
        .unwrap();
    assert_eq!(e.decision, Decision::ImplicitDeny);
    let err = call(
        &mut org,
        &john,
        "iam",
        "CreateUser",
        &json!({"UserName": "bob"}),
    )
    .unwrap_err();
    assert_eq!(err.code, "AccessDenied");
    assert_eq!(
        err.message,
        "User: arn:aws:iam::111122223333:user/john is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/bob because no identity-based policy allows the iam:CreateUser action"
    );
}

#[test]
fn every_shipped_aws_managed_policy_parses_with_our_grammar() {
    let names: Vec<&str> = iamtutor::iam::aws_managed::all()
        .map(|p| p.name.as_str())
        .collect();
    assert!(names.len() >= 17, "{names:?}");
    for name in [
        "AdministratorAccess",
        "PowerUserAccess",
        "AWSLambdaBasicExecutionRole",
        "AmazonS3ReadOnlyAccess",
    ] {
        assert!(names.contains(&name), "{name} missing");
    }
}
