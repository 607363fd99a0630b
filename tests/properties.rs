//! Properties of evaluation that must hold for every organization: checked on
//! generated cases against the reference evaluator in `tests/reference`.

use crate::common;
use crate::reference;

use common::*;
use iamtutor::iam::context::Context;
use iamtutor::iam::eval::Decision;
use iamtutor::iam::model::{Caller, Org};
use iamtutor::iam::pattern;
use proptest::prelude::*;
use reference::{Case, Cond, Effect, Pol, Stmt};

const ACTIONS: [&str; 7] = [
    "s3:*",
    "s3:Get*",
    "*",
    "ec2:StartInstances",
    "iam:*",
    "S3:getobject",
    "s3:?utObject",
];
const RESOURCES: [&str; 5] = [
    "*",
    "arn:aws:s3:::b/*",
    "arn:aws:s3:::b/k",
    "arn:aws:s3:::other/*",
    "arn:aws:s3:::b*",
];
const PRINCIPALS: [&str; 7] = [
    "*",
    "arn:aws:iam::111122223333:user/john",
    "arn:aws:iam::111122223333:root",
    "arn:aws:iam::444455556666:root",
    "arn:aws:iam::111122223333:role/App",
    "arn:aws:sts::111122223333:assumed-role/App/s1",
    "arn:aws:iam::111122223333:user/eve",
];
const REQ_ACTIONS: [&str; 5] = [
    "s3:GetObject",
    "s3:PutObject",
    "ec2:StartInstances",
    "iam:CreateUser",
    "s3:ListBucket",
];
const REQ_RESOURCES: [&str; 3] = ["arn:aws:s3:::b/k", "arn:aws:s3:::b/x", "arn:aws:s3:::b"];

fn pick<T: Clone + std::fmt::Debug + 'static>(
    items: &'static [T],
) -> impl Strategy<Value = Vec<T>> {
    proptest::sample::subsequence(items.to_vec(), 1..=2)
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (
        prop_oneof![3 => Just(Effect::Allow), 1 => Just(Effect::Deny)],
        proptest::bool::weighted(0.15),
        pick(&ACTIONS),
        proptest::bool::weighted(0.15),
        pick(&RESOURCES),
        pick(&PRINCIPALS),
        prop_oneof![4 => Just(None), 1 => Just(Some(Cond::UsernameIs("john".into()))), 1 => Just(Some(Cond::UsernameIs("eve".into()))), 1 => Just(Some(Cond::NoMfaIfExists))],
    )
        .prop_map(|(effect, not_action, actions, not_resource, resources, principals, cond)| Stmt {
            effect,
            not_action,
            actions: actions.iter().map(|s| s.to_string()).collect(),
            not_resource,
            resources: resources.iter().map(|s| s.to_string()).collect(),
            principals: principals.iter().map(|s| s.to_string()).collect(),
            cond,
        })
}

fn pol() -> impl Strategy<Value = Pol> {
    proptest::collection::vec(stmt(), 1..=3)
}

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::bool::ANY,
        proptest::collection::vec(pol(), 0..=3),
        proptest::option::weighted(0.3, pol()),
        proptest::option::weighted(0.3, pol()),
        proptest::option::weighted(0.2, proptest::collection::vec(pol(), 1..=2)),
        proptest::option::weighted(0.6, pol()),
        proptest::bool::weighted(0.7),
        proptest::sample::select(REQ_ACTIONS.to_vec()),
        proptest::sample::select(REQ_RESOURCES.to_vec()),
    )
        .prop_map(
            |(is_user, identity, boundary, session, scps, rp, same, action, resource)| Case {
                caller_account: A.into(),
                caller_kind: if is_user { "user" } else { "session" },
                caller_arn: if is_user {
                    "arn:aws:iam::111122223333:user/john".into()
                } else {
                    "arn:aws:sts::111122223333:assumed-role/App/s1".into()
                },
                role_arn: (!is_user).then(|| "arn:aws:iam::111122223333:role/App".into()),
                username: is_user.then(|| "john".into()),
                identity,
                boundary,
                session: if is_user { None } else { session },
                scps,
                resource_policy: rp,
                resource_account: if same { A.into() } else { B.into() },
                action: action.into(),
                resource: resource.into(),
            },
        )
}

/// The same case as an organization the engine can evaluate.
fn build(case: &Case) -> (Org, Caller) {
    let mut o = org();
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let boundary = case
        .boundary
        .as_ref()
        .map(|b| add_policy(&mut o, A, "Boundary", &reference::to_json(b, false)));
    if case.caller_kind == "user" {
        add_user(&mut o, A, "john");
        add_group(&mut o, A, "G", &["john"]);
        for (i, p) in case.identity.iter().enumerate() {
            let text = reference::to_json(p, false);
            // Spread the policies over the user and its group: both count.
            if i % 2 == 0 {
                user_inline(&mut o, A, "john", &format!("p{i}"), &text);
            } else {
                group_inline(&mut o, A, "G", &format!("p{i}"), &text);
            }
        }
        user_mut(&mut o, A, "john").boundary = boundary;
    } else {
        add_role(&mut o, A, "App", trust);
        let role = role_mut(&mut o, A, "App");
        for (i, p) in case.identity.iter().enumerate() {
            role.inline
                .insert(format!("p{i}"), doc(&reference::to_json(p, false)));
        }
        role.boundary = boundary;
    }
    if let Some(scps) = &case.scps {
        let texts: Vec<String> = scps.iter().map(|p| reference::to_json(p, false)).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        set_scps(&mut o, A, &refs);
    }
    let rp = case
        .resource_policy
        .as_ref()
        .map(|p| reference::to_json(p, true));
    add_bucket(&mut o, &case.resource_account, "b", rp.as_deref());
    let caller = if case.caller_kind == "user" {
        user(A, "john")
    } else {
        Caller::RoleSession {
            account: A.into(),
            role: "app".into(),
            session_name: "s1".into(),
            policy: case
                .session
                .as_ref()
                .map(|p| doc(&reference::to_json(p, false))),
            policy_arns: vec![],
            mfa: false,
            tags: Vec::new(),
            issued: None,
        }
    };
    (o, caller)
}

fn engine(case: &Case) -> Decision {
    let (o, caller) = build(case);
    let e = o
        .explain(&caller, &case.action, &case.resource, &Context::new())
        .unwrap();
    let p = o.principal(&caller).unwrap();
    assert_eq!(
        o.decide_for(&p, &case.action, &case.resource, &Context::new()),
        e.decision
    );
    e.decision
}

fn to_ref(d: Decision) -> reference::Decision {
    match d {
        Decision::Allowed => reference::Decision::Allowed,
        Decision::ExplicitDeny => reference::Decision::ExplicitDeny,
        Decision::ImplicitDeny => reference::Decision::ImplicitDeny,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_the_reference_evaluator(c in case()) {
        prop_assert_eq!(to_ref(engine(&c)), reference::evaluate(&c), "case: {:#?}", c);
    }

    #[test]
    fn an_explicit_deny_always_wins(mut c in case(), where_ in 0usize..3) {
        let deny = Stmt { effect: Effect::Deny, not_action: false, actions: vec!["*".into()], not_resource: false, resources: vec!["*".into()], principals: vec!["*".into()], cond: None };
        match where_ {
            0 => c.identity.push(vec![deny]),
            1 => c.resource_policy.get_or_insert_with(Vec::new).push(deny),
            _ => c.boundary.get_or_insert_with(Vec::new).push(deny),
        }
        prop_assert_eq!(engine(&c), Decision::ExplicitDeny);
    }

    #[test]
    fn order_of_policies_and_statements_never_matters(c in case()) {
        let before = engine(&c);
        let mut r = c.clone();
        r.identity.reverse();
        for p in &mut r.identity { p.reverse(); }
        if let Some(p) = &mut r.resource_policy { p.reverse(); }
        if let Some(p) = &mut r.boundary { p.reverse(); }
        if let Some(s) = &mut r.scps { s.reverse(); }
        prop_assert_eq!(engine(&r), before);
    }

    #[test]
    fn adding_an_allow_never_denies_and_adding_a_deny_never_allows(c in case(), s in stmt()) {
        let before = engine(&c);
        let mut more = c.clone();
        more.identity.push(vec![s.clone()]);
        let after = engine(&more);
        match s.effect {
            Effect::Allow => prop_assert!(!(before == Decision::Allowed && after != Decision::Allowed)),
            Effect::Deny => prop_assert!(!(before != Decision::Allowed && after == Decision::Allowed)),
        }
    }

    #[test]
    fn wildcard_matcher_agrees_with_a_regex(p in "[ab*?:/]{0,8}", t in "[abAB:/]{0,8}", ci in proptest::bool::ANY) {
        prop_assert_eq!(pattern::matches(&p, &t, ci), reference::wildcard_reference(&p, &t, ci));
    }
}
