//! The simulator against AWS's documented answers: decisions AWS makes
//! outside the policies, the context a simulation has (and lacks), role and
//! session callers, trust and key policies, NotPrincipal with a boundary.
//! Each case cites the rule it checks; the expected answers are AWS's.

use iamtutor::iam::simulate::{
    PolicyCache, SimulateCustomPolicy, SimulateOptions, SimulationResponse, simulate_custom_with,
};
use iamtutor::iam::time::DEFAULT_NOW;
use serde_json::{Value, json};

const ACCOUNT: &str = "111122223333";
const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
const DENY_ALL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}"#;

fn simulate(request: Value, strict: bool) -> Result<SimulationResponse, String> {
    let req: SimulateCustomPolicy = serde_json::from_value(request).expect("a request");
    simulate_custom_with(
        &req,
        DEFAULT_NOW,
        &mut PolicyCache::new(),
        SimulateOptions { strict },
    )
    .map_err(|e| format!("{}: {}", e.code, e.message))
}

/// The decision of a request's first (only) evaluation.
fn decide(request: Value) -> String {
    let r = simulate(request, false).unwrap_or_else(|e| panic!("{e}"));
    r.evaluation_results[0].eval_decision.to_string()
}

fn missing(request: Value) -> Vec<String> {
    simulate(request, false).unwrap().evaluation_results[0]
        .missing_context_values
        .clone()
}

fn user(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:user/{name}")
}

fn role(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

fn session(role: &str, name: &str) -> String {
    format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{name}")
}

// ---- Section 6: decisions AWS makes outside the policies ----

#[test]
fn get_caller_identity_needs_no_permission_and_cannot_be_denied() {
    // AWS: "No permissions are required to perform this operation. If an
    // administrator attaches a policy to your identity that explicitly
    // denies access to the sts:GetCallerIdentity action, you can still
    // perform this operation."
    for policies in [vec![], vec![DENY_ALL]] {
        let d = decide(json!({
            "PolicyInputList": policies,
            "ActionNames": ["sts:GetCallerIdentity"],
            "CallerArn": user("alice"),
        }));
        assert_eq!(d, "allowed", "with policies {policies:?}");
    }
}

#[test]
fn aws_owned_entities_cannot_be_changed_even_by_an_administrator() {
    let cases = [
        (
            "iam:DeletePolicy",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "explicitDeny",
        ),
        (
            "iam:CreatePolicyVersion",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "explicitDeny",
        ),
        // Reading or attaching an AWS managed policy is the account's own
        // business.
        (
            "iam:GetPolicy",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "allowed",
        ),
        (
            "iam:DeleteRole",
            "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef",
            "explicitDeny",
        ),
        (
            "iam:AttachRolePolicy",
            "arn:aws:iam::111122223333:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk",
            "explicitDeny",
        ),
        (
            "iam:DeleteRole",
            "arn:aws:iam::111122223333:role/app/Reader",
            "allowed",
        ),
    ];
    for (action, resource, want) in cases {
        let d = decide(json!({
            "PolicyInputList": [ALLOW_ALL],
            "ActionNames": [action],
            "ResourceArns": [resource],
            "CallerArn": user("admin"),
        }));
        assert_eq!(d, want, "{action} on {resource}");
    }
}

fn trust(principal: &str) -> String {
    json!({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":principal},"Action":"sts:AssumeRole"}}).to_string()
}

#[test]
fn a_trust_policy_must_allow_explicitly() {
    let allow_assume = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}"#;
    let cases: [(&str, String, Vec<&str>, &str); 5] = [
        // Names someone else: the caller's own Allow is not enough.
        (
            "someone else",
            trust(&user("bob")),
            vec![allow_assume],
            "implicitDeny",
        ),
        // Names the caller: enough on its own within the account.
        ("the caller", trust(&user("alice")), vec![], "allowed"),
        // Names the account: the account's policies decide.
        (
            "the account, with an Allow",
            trust(&format!("arn:aws:iam::{ACCOUNT}:root")),
            vec![allow_assume],
            "allowed",
        ),
        (
            "the account, without an Allow",
            trust(&format!("arn:aws:iam::{ACCOUNT}:root")),
            vec![],
            "implicitDeny",
        ),
        // A Deny in the caller's policies still wins.
        (
            "the caller, denied",
            trust(&user("alice")),
            vec![DENY_ALL],
            "explicitDeny",
        ),
    ];
    for (what, trust_policy, policies, want) in cases {
        let d = decide(json!({
            "PolicyInputList": policies,
            "ActionNames": ["sts:AssumeRole"],
            "ResourceArns": [role("Deployer")],
            "ResourcePolicy": trust_policy,
            "CallerArn": user("alice"),
        }));
        assert_eq!(d, want, "trust policy naming {what}");
    }
}

#[test]
fn a_kms_key_policy_must_allow_explicitly() {
    let key = format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    let key_policy = |principal: &str| {
        json!({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":principal},"Action":"kms:*","Resource":"*"}}).to_string()
    };
    let allow_decrypt = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}}"#;
    let cases = [
        (
            key_policy(&user("bob")),
            vec![allow_decrypt],
            "implicitDeny",
        ),
        (
            key_policy(&format!("arn:aws:iam::{ACCOUNT}:root")),
            vec![allow_decrypt],
            "allowed",
        ),
        (
            key_policy(&format!("arn:aws:iam::{ACCOUNT}:root")),
            vec![],
            "implicitDeny",
        ),
        (key_policy(&user("alice")), vec![], "allowed"),
    ];
    for (kp, policies, want) in cases {
        let d = decide(json!({
            "PolicyInputList": policies,
            "ActionNames": ["kms:Decrypt"],
            "ResourceArns": [key],
            "ResourcePolicy": kp,
            "CallerArn": user("alice"),
        }));
        assert_eq!(d, want, "key policy {kp}");
    }
}

#[test]
fn a_resource_policy_naming_the_role_does_not_escape_the_boundary() {
    // AWS's evaluation logic: within one account, a resource-based policy
    // that names an IAM user or a role session is not limited by an implicit
    // deny in the boundary; one that names the role is.
    let boundary = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}"#;
    let bucket = |principal: &str| {
        json!({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}}).to_string()
    };
    let cases = [
        (role("Reader"), role("Reader"), "implicitDeny"),
        (session("Reader", "s1"), role("Reader"), "implicitDeny"),
        (session("Reader", "s1"), session("Reader", "s1"), "allowed"),
        (user("alice"), user("alice"), "allowed"),
    ];
    for (caller, named, want) in cases {
        let d = decide(json!({
            "PolicyInputList": [],
            "PermissionsBoundaryPolicyInputList": [boundary],
            "ActionNames": ["s3:GetObject"],
            "ResourceArns": ["arn:aws:s3:::reports/q1"],
            "ResourcePolicy": bucket(&named),
            "CallerArn": caller,
        }));
        assert_eq!(d, want, "caller {caller}, bucket policy naming {named}");
    }
}

// ---- Section 1: context, callers, trust policies, NotPrincipal ----

fn allow_if(operator: &str, key: &str, value: &str) -> String {
    json!({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{operator:{key:value}}}}).to_string()
}

#[test]
fn missing_keys_follow_aws_rules_and_are_listed() {
    // (operator, value, decision when the key is absent)
    let cases = [
        ("Bool", "true", "implicitDeny"),
        ("BoolIfExists", "true", "allowed"),
        ("StringEquals", "x", "implicitDeny"),
        ("StringEqualsIfExists", "x", "allowed"),
        ("Null", "true", "allowed"),
        ("Null", "false", "implicitDeny"),
    ];
    for (op, value, want) in cases {
        let req = json!({
            "PolicyInputList": [allow_if(op, "aws:SecureTransport", value)],
            "ActionNames": ["s3:GetObject"],
            "CallerArn": user("alice"),
        });
        assert_eq!(decide(req.clone()), want, "{op} {value}");
        assert_eq!(missing(req), ["aws:SecureTransport"], "{op}");
    }
}

#[test]
fn no_context_key_appears_unless_given_or_implied() {
    // Keys a simulation must not supply: request keys (AWS's simulator
    // supplies none) and caller keys it cannot know.
    let absent = [
        "aws:SecureTransport",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:SourceIp",
        "aws:RequestedRegion",
        "aws:MultiFactorAuthPresent",
        "aws:userid",
        "aws:PrincipalOrgID",
        "aws:ViaAWSService",
    ];
    for caller in [user("alice"), role("Reader"), session("Reader", "s1")] {
        for key in absent {
            // A session implies its aws:userid, ROLEID:SESSION (the issue's
            // rule for session callers): see the test below.
            if key == "aws:userid" && caller.contains(":assumed-role/") {
                continue;
            }
            let req = json!({
                "PolicyInputList": [allow_if("Null", key, "false")],
                "ActionNames": ["s3:GetObject"],
                "CallerArn": caller,
            });
            assert_eq!(decide(req.clone()), "implicitDeny", "{key} for {caller}");
            assert_eq!(missing(req), [key], "{key} for {caller}");
        }
        // Given, the same key is present.
        let given = json!({
            "PolicyInputList": [allow_if("Null", "aws:SecureTransport", "false")],
            "ActionNames": ["s3:GetObject"],
            "CallerArn": caller,
            "ContextEntries": [{"ContextKeyName":"aws:SecureTransport","ContextKeyValues":["true"],"ContextKeyType":"boolean"}],
        });
        assert_eq!(decide(given.clone()), "allowed");
        assert!(missing(given).is_empty());
    }
}

#[test]
fn the_caller_implies_its_own_keys() {
    let cases = [
        (user("alice"), "aws:PrincipalArn", user("alice")),
        (user("alice"), "aws:PrincipalType", "User".to_string()),
        (user("alice"), "aws:username", "alice".to_string()),
        (user("alice"), "aws:PrincipalAccount", ACCOUNT.to_string()),
        (role("Reader"), "aws:PrincipalArn", role("Reader")),
        (
            role("Reader"),
            "aws:PrincipalType",
            "AssumedRole".to_string(),
        ),
        // A session's aws:PrincipalArn is its role's ARN.
        (session("Reader", "s1"), "aws:PrincipalArn", role("Reader")),
        (
            session("Reader", "s1"),
            "aws:PrincipalType",
            "AssumedRole".to_string(),
        ),
    ];
    for (caller, key, value) in cases {
        let req = json!({
            "PolicyInputList": [allow_if("StringEquals", key, &value)],
            "ActionNames": ["s3:GetObject"],
            "CallerArn": caller,
        });
        assert_eq!(
            decide(req.clone()),
            "allowed",
            "{key} = {value} for {caller}"
        );
        assert!(missing(req).is_empty());
    }
    // A role has no user name.
    let req = json!({
        "PolicyInputList": [allow_if("Null", "aws:username", "false")],
        "ActionNames": ["s3:GetObject"],
        "CallerArn": session("Reader", "s1"),
    });
    assert_eq!(decide(req), "implicitDeny");
}

#[test]
fn role_and_session_callers_are_an_extension_that_strict_refuses() {
    for caller in [role("Reader"), session("Reader", "s1")] {
        let req = json!({
            "PolicyInputList": [ALLOW_ALL],
            "ActionNames": ["s3:GetObject"],
            "CallerArn": caller,
        });
        assert!(simulate(req.clone(), false).is_ok());
        let e = simulate(req, true).unwrap_err();
        assert!(e.starts_with("InvalidInput"), "{e}");
        assert!(e.contains("only the ARN of an IAM user"), "{e}");
    }
    let e = simulate(
        json!({"ActionNames":["s3:GetObject"],"CallerArn":"arn:aws:iam::111122223333:group/Devs"}),
        false,
    )
    .unwrap_err();
    assert!(e.starts_with("InvalidInput"), "{e}");
}

#[test]
fn resource_policies_without_resource_are_trust_policies_only_for_assume_role() {
    let trust_policy = trust(&user("alice"));
    let assume = simulate(
        json!({
            "ActionNames": ["sts:AssumeRole"],
            "ResourceArns": [role("Deployer")],
            "ResourcePolicy": trust_policy,
            "CallerArn": user("alice"),
        }),
        false,
    );
    assert_eq!(
        assume.unwrap().evaluation_results[0].eval_decision,
        "allowed"
    );
    let other = simulate(
        json!({
            "PolicyInputList": [ALLOW_ALL],
            "ActionNames": ["s3:GetObject"],
            "ResourceArns": ["arn:aws:s3:::reports/q1"],
            "ResourcePolicy": trust_policy,
            "CallerArn": user("alice"),
        }),
        false,
    );
    assert!(other.unwrap_err().starts_with("MalformedPolicyDocument"));
}

#[test]
fn not_principal_deny_applies_to_every_principal_with_a_boundary() {
    // AWS: "The NotPrincipal element with a Deny effect will always deny any
    // IAM principal that has a permissions boundary policy attached,
    // regardless of the values specified in the NotPrincipal element."
    let bucket = json!({"Version":"2012-10-17","Statement":[
        {"Effect":"Deny","NotPrincipal":{"AWS":[user("alice"), format!("arn:aws:iam::{ACCOUNT}:root")]},"Action":"s3:*","Resource":"*"}
    ]})
    .to_string();
    for (boundary, want) in [(vec![], "allowed"), (vec![ALLOW_ALL], "explicitDeny")] {
        let d = decide(json!({
            "PolicyInputList": [ALLOW_ALL],
            "PermissionsBoundaryPolicyInputList": boundary,
            "ActionNames": ["s3:GetObject"],
            "ResourceArns": ["arn:aws:s3:::reports/q1"],
            "ResourcePolicy": bucket,
            "CallerArn": user("alice"),
        }));
        assert_eq!(d, want, "boundary {boundary:?}");
    }
}

#[test]
fn a_batch_parses_each_policy_once_and_answers_alike() {
    // The cache must never change an answer: the same request twice, and a
    // text used first as a trust policy then as a resource policy.
    let mut cache = PolicyCache::new();
    let req: SimulateCustomPolicy = serde_json::from_value(json!({
        "PolicyInputList": [ALLOW_ALL],
        "ActionNames": ["s3:GetObject"],
        "CallerArn": user("alice"),
    }))
    .unwrap();
    let a = simulate_custom_with(&req, DEFAULT_NOW, &mut cache, SimulateOptions::default());
    let b = simulate_custom_with(&req, DEFAULT_NOW, &mut cache, SimulateOptions::default());
    assert_eq!(a.unwrap(), b.unwrap());
    let trust_policy = trust(&user("alice"));
    for (action, resource, ok) in [
        ("sts:AssumeRole", role("Deployer"), true),
        ("s3:GetObject", "arn:aws:s3:::r/x".to_string(), false),
    ] {
        let req: SimulateCustomPolicy = serde_json::from_value(json!({
            "ActionNames": [action],
            "ResourceArns": [resource],
            "ResourcePolicy": trust_policy,
            "CallerArn": user("alice"),
        }))
        .unwrap();
        let r = simulate_custom_with(&req, DEFAULT_NOW, &mut cache, SimulateOptions::default());
        assert_eq!(r.is_ok(), ok, "{action}");
    }
}

#[test]
fn a_session_caller_implies_aws_userid_as_roleid_colon_session() {
    let req = json!({
        "PolicyInputList": [allow_if("StringLike", "aws:userid", "AROA*:s1")],
        "ActionNames": ["s3:GetObject"],
        "CallerArn": session("Reader", "s1"),
    });
    assert_eq!(decide(req.clone()), "allowed");
    assert!(missing(req).is_empty());
    let other = json!({
        "PolicyInputList": [allow_if("StringLike", "aws:userid", "AROA*:s1")],
        "ActionNames": ["s3:GetObject"],
        "CallerArn": session("Reader", "s2"),
    });
    assert_eq!(decide(other), "implicitDeny");
}
