//! Building organizations for tests straight on the model, so evaluation tests
//! do not depend on the operations.
#![allow(dead_code)]

use std::sync::Arc;

use iamtutor::iam::context::Context;
use iamtutor::iam::eval::{Decision, Evaluation};
use iamtutor::iam::model::{
    Auth, Bucket, Caller, Group, ManagedPolicy, Org, PolicyDoc, PolicyVersion, Role, Scp, Tag, User,
};
use iamtutor::iam::policy::PolicyKind;

pub const A: &str = "111122223333";
pub const B: &str = "444455556666";

pub fn doc(text: &str) -> Arc<PolicyDoc> {
    PolicyDoc::parse(text, PolicyKind::Identity).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

pub fn resource_doc(text: &str) -> Arc<PolicyDoc> {
    PolicyDoc::parse(text, PolicyKind::Resource).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

pub fn trust_doc(text: &str) -> Arc<PolicyDoc> {
    PolicyDoc::parse(text, PolicyKind::Trust).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// `{"Version": ..., "Statement": [stmt]}` around one statement's JSON.
pub fn one(effect: &str, action: &str, resource: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Action":"{action}","Resource":"{resource}"}}]}}"#
    )
}

pub fn org() -> Org {
    Org::with_accounts(&[A, B])
}

pub fn add_user(org: &mut Org, account: &str, name: &str) {
    let id = org.new_id("AIDA");
    org.accounts.get_mut(account).unwrap().users.insert(
        name.to_ascii_lowercase(),
        User {
            name: name.into(),
            path: "/".into(),
            id,
            created: org.now,
            login_profile: None,
            access_keys: vec![],
            mfa_devices: vec![],
            tags: vec![],
            inline: Default::default(),
            attached: vec![],
            boundary: None,
            groups: vec![],
            password_last_used: None,
            accessed: Default::default(),
        },
    );
}

pub fn user_mut<'a>(org: &'a mut Org, account: &str, name: &str) -> &'a mut User {
    org.accounts
        .get_mut(account)
        .unwrap()
        .users
        .get_mut(name)
        .unwrap()
}

pub fn user_inline(org: &mut Org, account: &str, user: &str, name: &str, text: &str) {
    user_mut(org, account, user)
        .inline
        .insert(name.into(), doc(text));
}

pub fn user_tag(org: &mut Org, account: &str, user: &str, key: &str, value: &str) {
    user_mut(org, account, user).tags.push(Tag {
        key: key.into(),
        value: value.into(),
    });
}

pub fn add_group(org: &mut Org, account: &str, name: &str, members: &[&str]) {
    let id = org.new_id("AGPA");
    let acct = org.accounts.get_mut(account).unwrap();
    acct.groups.insert(
        name.to_ascii_lowercase(),
        Group {
            name: name.into(),
            path: "/".into(),
            id,
            created: 0,
            inline: Default::default(),
            attached: vec![],
        },
    );
    for m in members {
        acct.users
            .get_mut(*m)
            .unwrap()
            .groups
            .push(name.to_ascii_lowercase());
    }
}

pub fn group_inline(org: &mut Org, account: &str, group: &str, name: &str, text: &str) {
    org.accounts
        .get_mut(account)
        .unwrap()
        .groups
        .get_mut(&group.to_ascii_lowercase())
        .unwrap()
        .inline
        .insert(name.into(), doc(text));
}

pub fn group_attach(org: &mut Org, account: &str, group: &str, arn: &str) {
    org.accounts
        .get_mut(account)
        .unwrap()
        .groups
        .get_mut(&group.to_ascii_lowercase())
        .unwrap()
        .attached
        .push(arn.into());
}

/// Adds a customer managed policy and returns its ARN.
pub fn add_policy(org: &mut Org, account: &str, name: &str, text: &str) -> String {
    let arn = format!("arn:aws:iam::{account}:policy/{name}");
    let id = org.new_id("ANPA");
    org.accounts.get_mut(account).unwrap().policies.insert(
        name.to_ascii_lowercase(),
        ManagedPolicy {
            name: name.into(),
            path: "/".into(),
            id,
            arn: arn.clone(),
            description: String::new(),
            created: 0,
            updated: 0,
            versions: vec![PolicyVersion {
                id: "v1".into(),
                doc: doc(text),
                created: 0,
            }],
            default_version: "v1".into(),
            next_version: 2,
            tags: vec![],
        },
    );
    arn
}

pub fn add_role(org: &mut Org, account: &str, name: &str, trust: &str) {
    let id = org.new_id("AROA");
    org.accounts.get_mut(account).unwrap().roles.insert(
        name.to_ascii_lowercase(),
        Role {
            name: name.into(),
            path: "/".into(),
            id,
            created: 0,
            description: String::new(),
            trust: trust_doc(trust),
            max_session_duration: 3600,
            inline: Default::default(),
            attached: vec![],
            boundary: None,
            tags: vec![],
            last_used: None,
            accessed: Default::default(),
        },
    );
}

pub fn role_mut<'a>(org: &'a mut Org, account: &str, name: &str) -> &'a mut Role {
    org.accounts
        .get_mut(account)
        .unwrap()
        .roles
        .get_mut(&name.to_ascii_lowercase())
        .unwrap()
}

pub fn add_bucket(org: &mut Org, account: &str, name: &str, policy: Option<&str>) {
    org.buckets.insert(
        name.into(),
        Bucket {
            name: name.into(),
            account: account.into(),
            region: "us-east-1".into(),
            created: 0,
            policy: policy.map(resource_doc),
            objects: Default::default(),
        },
    );
}

pub fn set_scps(org: &mut Org, account: &str, scps: &[&str]) {
    org.accounts.get_mut(account).unwrap().scps = Some(
        scps.iter()
            .enumerate()
            .map(|(i, t)| Scp {
                name: format!("scp{}", i + 1),
                doc: doc(t),
            })
            .collect(),
    );
}

pub fn user(account: &str, name: &str) -> Caller {
    Caller::User {
        account: account.into(),
        user: name.to_ascii_lowercase(),
        auth: Auth::AccessKey,
    }
}

pub fn session(account: &str, role: &str) -> Caller {
    Caller::RoleSession {
        account: account.into(),
        role: role.to_ascii_lowercase(),
        session_name: "s1".into(),
        policy: None,
        policy_arns: vec![],
        mfa: false,
        tags: Vec::new(),
        issued: None,
    }
}

pub fn explain(org: &Org, caller: &Caller, action: &str, resource: &str) -> Evaluation {
    explain_ctx(org, caller, action, resource, &Context::new())
}

pub fn explain_ctx(
    org: &Org,
    caller: &Caller,
    action: &str,
    resource: &str,
    ctx: &Context,
) -> Evaluation {
    let e = org.explain(caller, action, resource, ctx).unwrap();
    // The fast path must always agree with the explaining path.
    let p = org.principal(caller).unwrap();
    assert_eq!(
        org.decide_for(&p, action, resource, ctx),
        e.decision,
        "decide and explain disagree"
    );
    e
}

pub fn decision(org: &Org, caller: &Caller, action: &str, resource: &str) -> Decision {
    explain(org, caller, action, resource).decision
}

/// Asserts that `after` is `before` but for usage records: a failed call
/// changes nothing a learner built, yet an attempt is still recorded (AWS's
/// last accessed data counts refused attempts).
pub fn assert_unchanged_but_usage(before: &Org, after: &Org, what: &str) {
    let mut expected = before.clone();
    iamtutor::iam::usage::carry(after, &mut expected);
    assert_eq!(*after, expected, "{what} changed the organization");
}
