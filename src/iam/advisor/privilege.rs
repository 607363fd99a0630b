//! Who holds power, asked of the evaluator rather than read off policy
//! names: an explicit deny, a permissions boundary or a service control
//! policy changes the answer exactly as it changes access, and a customer
//! policy that amounts to AdministratorAccess counts as it.

use crate::iam::context::Context;
use crate::iam::model::{Auth, Caller, Org};

/// Actions that together mean "can do anything": IAM writes (which give
/// every other permission), plus destroying compute and data. An identity
/// allowed all of them on `*` is treated as a full administrator.
const ADMIN_PROBE: &[&str] = &[
    "iam:CreateUser",
    "iam:AttachUserPolicy",
    "iam:PutRolePolicy",
    "ec2:TerminateInstances",
    "s3:DeleteBucket",
    "dynamodb:DeleteTable",
];

/// IAM writes that let the holder grant itself or anyone anything: any one
/// of them makes an identity privileged.
const IAM_WRITES: &[&str] = &[
    "iam:CreateUser",
    "iam:AttachUserPolicy",
    "iam:PutUserPolicy",
    "iam:AttachRolePolicy",
    "iam:CreateAccessKey",
];

fn user_caller(account: &str, user: &str, auth: Auth) -> Caller {
    Caller::User {
        account: account.to_string(),
        user: user.to_ascii_lowercase(),
        auth,
    }
}

fn allowed_all(org: &Org, caller: &Caller, actions: &[&str]) -> bool {
    let Ok(p) = org.principal(caller) else {
        return false;
    };
    let ctx = Context::new();
    actions
        .iter()
        .all(|a| org.decide_for(&p, a, "*", &ctx).is_allowed())
}

fn allowed_any(org: &Org, caller: &Caller, actions: &[&str]) -> bool {
    let Ok(p) = org.principal(caller) else {
        return false;
    };
    let ctx = Context::new();
    actions
        .iter()
        .any(|a| org.decide_for(&p, a, "*", &ctx).is_allowed())
}

/// A full administrator: judged with the strongest sign-in a user has
/// (temporary credentials with MFA), so a policy that demands MFA still
/// counts its holder as an administrator.
pub fn is_admin(org: &Org, account: &str, user: &str) -> bool {
    let caller = user_caller(account, user, Auth::SessionToken { mfa: true });
    allowed_all(org, &caller, ADMIN_PROBE)
}

/// Privileged for the no-mfa rule: what someone holding only the password
/// gets, signed in to the console without MFA. A policy that denies
/// everything without MFA makes the password alone harmless, and the user
/// is then not reported.
pub fn privileged_by_password(org: &Org, account: &str, user: &str) -> bool {
    let caller = user_caller(account, user, Auth::Console { mfa: false });
    allowed_any(org, &caller, IAM_WRITES) || allowed_all(org, &caller, ADMIN_PROBE)
}
