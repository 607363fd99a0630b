//! Federated callers: the decisions AWS documents for OIDC and SAML trust
//! policies, asked of the engine the way questions, labs and `simulate` ask
//! (a caller named by its identity provider's ARN, claims as context keys),
//! and revoking sessions with aws:TokenIssueTime.

use crate::common;

use common::*;
use iamtutor::iam::context::Context;
use iamtutor::iam::eval::Decision;
use iamtutor::iam::model::{OidcProvider, Org, SamlProvider};
use iamtutor::iam::ops::call;
use serde_json::json;

const GH: &str = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const SAML: &str = "arn:aws:iam::111122223333:saml-provider/ExampleIdP";
const ROLE: &str = "arn:aws:iam::111122223333:role/Deploy";

fn github_trust(condition: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"{GH}"}},"Action":"sts:AssumeRoleWithWebIdentity"{condition}}}]}}"#
    )
}

fn with_providers(trust: &str) -> Org {
    let mut o = org();
    let a = o.accounts.get_mut(A).unwrap();
    a.oidc_providers.insert(
        "token.actions.githubusercontent.com".into(),
        OidcProvider {
            url: "token.actions.githubusercontent.com".into(),
            client_ids: vec!["sts.amazonaws.com".into()],
            thumbprints: Vec::new(),
            created: 0,
            tags: Vec::new(),
        },
    );
    a.saml_providers.insert(
        "ExampleIdP".into(),
        SamlProvider {
            name: "ExampleIdP".into(),
            metadata: iamtutor::iam::tokens::saml_metadata("https://idp.example.com/"),
            uuid: "SPUUID0".into(),
            created: 0,
            valid_until: None,
            tags: Vec::new(),
        },
    );
    add_role(&mut o, A, "Deploy", trust);
    o
}

fn decide(o: &Org, who: &str, action: &str, claims: &[(&str, &str)]) -> Decision {
    let caller = o.resolve_principal(who, A).expect("the provider resolves");
    let mut ctx = Context::new();
    for (k, v) in claims {
        ctx.set_one(k, *v);
    }
    o.explain(&caller, action, ROLE, &ctx).unwrap().decision
}

const SUB: &str = "token.actions.githubusercontent.com:sub";
const AUD: &str = "token.actions.githubusercontent.com:aud";

#[test]
fn github_trust_decisions_follow_awss_documented_examples() {
    let main = "repo:acme/web:ref:refs/heads/main";
    let pinned = github_trust(&format!(
        r#","Condition":{{"StringEquals":{{"{AUD}":"sts.amazonaws.com","{SUB}":"{main}"}}}}"#
    ));
    let wildcard = github_trust(&format!(
        r#","Condition":{{"StringEquals":{{"{AUD}":"sts.amazonaws.com"}},"StringLike":{{"{SUB}":"repo:acme/*"}}}}"#
    ));
    let no_sub = github_trust(&format!(
        r#","Condition":{{"StringEquals":{{"{AUD}":"sts.amazonaws.com"}}}}"#
    ));
    let action = "sts:AssumeRoleWithWebIdentity";
    let ok = |sub: &str| {
        vec![
            (SUB, sub.to_string()),
            (AUD, "sts.amazonaws.com".to_string()),
        ]
    };
    // (case, trust, claims, allowed?)
    type Case<'a> = (&'a str, &'a String, Vec<(&'a str, String)>, bool);
    let table: Vec<Case<'_>> = vec![
        ("pinned, its own branch", &pinned, ok(main), true),
        (
            "pinned, another branch",
            &pinned,
            ok("repo:acme/web:ref:refs/heads/dev"),
            false,
        ),
        (
            "pinned, another repository",
            &pinned,
            ok("repo:mallory/web:ref:refs/heads/main"),
            false,
        ),
        (
            "wildcard, any repo of acme",
            &wildcard,
            ok("repo:acme/api:pull_request"),
            true,
        ),
        (
            "wildcard, a fork elsewhere",
            &wildcard,
            ok("repo:acme-fork/web:ref:refs/heads/main"),
            false,
        ),
        (
            "no sub: anyone on GitHub",
            &no_sub,
            ok("repo:mallory/x:ref:refs/heads/main"),
            true,
        ),
        (
            "wrong aud",
            &pinned,
            vec![
                (SUB, main.to_string()),
                (AUD, "https://github.com/acme".to_string()),
            ],
            false,
        ),
    ];
    for (label, trust, claims, allowed) in table {
        let o = with_providers(trust);
        let claims: Vec<(&str, &str)> = claims.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let d = decide(&o, GH, action, &claims);
        assert_eq!(d == Decision::Allowed, allowed, "{label}: {d:?}");
    }
    // The trust names the action: the same caller may not sts:AssumeRole.
    let o = with_providers(&pinned);
    assert_ne!(
        decide(
            &o,
            GH,
            "sts:AssumeRole",
            &[(SUB, main), (AUD, "sts.amazonaws.com")]
        ),
        Decision::Allowed
    );
}

#[test]
fn saml_trust_checks_the_sign_in_audience() {
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"{SAML}"}},"Action":"sts:AssumeRoleWithSAML","Condition":{{"StringEquals":{{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}}}}]}}"#
    );
    let o = with_providers(&trust);
    let a = "sts:AssumeRoleWithSAML";
    assert_eq!(
        decide(
            &o,
            SAML,
            a,
            &[("saml:aud", "https://signin.aws.amazon.com/saml")]
        ),
        Decision::Allowed
    );
    assert_ne!(
        decide(
            &o,
            SAML,
            a,
            &[("saml:aud", "https://other.example.com/saml")]
        ),
        Decision::Allowed
    );
    // GitHub's provider is not the SAML provider the trust names.
    assert_ne!(
        decide(
            &o,
            GH,
            a,
            &[("saml:aud", "https://signin.aws.amazon.com/saml")]
        ),
        Decision::Allowed
    );
}

#[test]
fn a_provider_missing_from_the_account_is_refused_by_name() {
    let o = org();
    let e = o.resolve_principal(GH, A).unwrap_err();
    assert!(
        e.contains("no OIDC provider for https://token.actions.githubusercontent.com"),
        "{e}"
    );
    let e = o.resolve_principal(SAML, A).unwrap_err();
    assert!(e.contains("no SAML provider `ExampleIdP`"), "{e}");
    // Providers AWS knows by name need no IAM entity.
    assert!(o.resolve_principal("accounts.google.com", A).is_ok());
}

/// AWS's "revoke active sessions" policy: deny everything to sessions
/// issued before a moment.
#[test]
fn token_issue_time_revokes_older_sessions_only() {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#;
    let mut o = with_providers(trust);
    role_mut(&mut o, A, "Deploy")
        .attached
        .push("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".into());
    add_user(&mut o, A, "john");
    o.accounts
        .get_mut(A)
        .unwrap()
        .users
        .get_mut("john")
        .unwrap()
        .attached
        .push("arn:aws:iam::aws:policy/AdministratorAccess".into());
    let john = o.resolve_principal("john", A).unwrap();
    let assume = |o: &mut Org, name: &str| {
        let out = call(
            o,
            &john,
            "sts",
            "AssumeRole",
            &json!({"RoleArn": ROLE, "RoleSessionName": name}),
        )
        .unwrap();
        out["Credentials"]["AccessKeyId"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let old = assume(&mut o, "old");
    o.now += 600;
    let cutoff = iamtutor::iam::time::iso8601_z(o.now);
    o.now += 60;
    let new = assume(&mut o, "new");
    let revoke = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"*","Resource":"*","Condition":{{"DateLessThan":{{"aws:TokenIssueTime":"{cutoff}"}}}}}}]}}"#
    );
    let root = iamtutor::iam::model::Caller::Root { account: A.into() };
    call(
        &mut o,
        &root,
        "iam",
        "PutRolePolicy",
        &json!({"RoleName": "Deploy", "PolicyName": "AWSRevokeOlderSessions", "PolicyDocument": revoke}),
    )
    .unwrap();
    let read = |o: &Org, key: &str| {
        let caller = o.caller_for_access_key(key).unwrap();
        o.explain(
            &caller,
            "s3:ListBucket",
            "arn:aws:s3:::any",
            &Context::new(),
        )
        .unwrap()
        .decision
    };
    assert_eq!(read(&o, &old), Decision::ExplicitDeny);
    assert_eq!(read(&o, &new), Decision::Allowed);
}

/// Lesson 14's organization: the permission set made its role and provider,
/// and saving then loading gives back the same organization.
#[test]
fn the_federation_org_makes_identity_centers_role_and_round_trips() {
    use iamtutor::iam::org_file::{from_ron, sso_provider_name, sso_role_name, to_ron};
    let text = include_str!("../assets/orgs/l14-federation.ron");
    let o = from_ron(text).expect("the lesson 14 organization loads");
    let a = &o.accounts[A];
    let role = &a.roles[&sso_role_name("S3ReadOnly", A).to_ascii_lowercase()];
    assert_eq!(role.path, "/aws-reserved/sso.amazonaws.com/");
    assert_eq!(role.max_session_duration, 14400);
    assert!(role.name.starts_with("AWSReservedSSO_S3ReadOnly_"));
    assert_eq!(role.name.len(), "AWSReservedSSO_S3ReadOnly_".len() + 16);
    assert!(role.trust.text.contains(&sso_provider_name()));
    assert!(a.saml_providers.contains_key(&sso_provider_name()));
    assert!(
        a.oidc_providers
            .contains_key("token.actions.githubusercontent.com")
    );
    // Identity Center's role: the SAML session works, IAM cannot change it.
    let caller = o
        .resolve_principal(
            &format!("arn:aws:iam::{A}:saml-provider/{}", sso_provider_name()),
            A,
        )
        .unwrap();
    let mut ctx = Context::new();
    ctx.set_one("saml:aud", "https://signin.aws.amazon.com/saml");
    let arn = role.arn(A);
    assert_eq!(
        o.explain(&caller, "sts:AssumeRoleWithSAML", &arn, &ctx)
            .unwrap()
            .decision,
        Decision::Allowed
    );
    let root = iamtutor::iam::model::Caller::Root { account: A.into() };
    assert_eq!(
        o.explain(&root, "iam:AttachRolePolicy", &arn, &Context::new())
            .unwrap()
            .decision,
        Decision::ExplicitDeny
    );
    let again = from_ron(&to_ron(&o)).expect("the saved text loads");
    assert_eq!(again, o);
}
