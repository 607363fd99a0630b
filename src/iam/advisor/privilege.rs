//! Who holds power, asked of the evaluator rather than read off policy
//! names: an explicit deny, a permissions boundary or a service control
//! policy changes the answer exactly as it changes access, and a customer
//! policy that amounts to AdministratorAccess counts as it.

use crate::iam::catalog::catalog;
use crate::iam::context::Context;
use crate::iam::model::{Auth, Caller, Org, PolicyDoc, User};
use crate::iam::pattern::has_wildcard;
use crate::iam::policy::Effect;

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

/// The actions the MFA guard lets a user call before MFA: setting up a
/// device. A password that opens only these opens nothing.
const MFA_SETUP: &[&str] = &[
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
];

/// At most this many requests are tried per user.
const MAX_PROBES: usize = 60;

/// Whether a console sign-in with the password alone (no MFA) is allowed
/// anything: one request for each action an Allow statement of the user's
/// identity policies names (for a wildcard, the first few catalog actions
/// it matches), on a resource of the statement's (wildcards filled in,
/// `${aws:username}` as the user). Setting up MFA does not count.
pub fn opens_anything_by_password(org: &Org, account: &str, user: &User) -> bool {
    let caller = user_caller(account, &user.name, Auth::Console { mfa: false });
    let Ok(p) = org.principal(&caller) else {
        return false;
    };
    let ctx = Context::new();
    probes(org, account, user)
        .iter()
        .any(|(a, r)| org.decide_for(&p, a, r, &ctx).is_allowed())
}

/// The requests `opens_anything_by_password` tries.
fn probes(org: &Org, account: &str, user: &User) -> Vec<(String, String)> {
    let mut docs: Vec<&PolicyDoc> = user.inline.values().map(|d| &**d).collect();
    let managed = |arn: &String| org.managed_policy(arn).map(|p| &**p.default_doc());
    docs.extend(user.attached.iter().filter_map(managed));
    if let Some(acct) = org.accounts.get(account) {
        for g in user.groups.iter().filter_map(|g| acct.groups.get(g)) {
            docs.extend(g.inline.values().map(|d| &**d));
            docs.extend(g.attached.iter().filter_map(managed));
        }
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for doc in docs {
        for st in &doc.policy.statements {
            if st.effect != Effect::Allow {
                continue;
            }
            let resource = st
                .resource
                .as_ref()
                .filter(|r| !r.negated)
                .and_then(|r| r.patterns.first())
                .map_or_else(|| "*".to_string(), |p| sample(&p.text, &user.name));
            let actions: Vec<String> = if st.action.negated {
                [
                    "s3:ListAllMyBuckets",
                    "ec2:DescribeInstances",
                    "iam:ListUsers",
                ]
                .iter()
                .map(|s| s.to_string())
                .collect()
            } else {
                st.action
                    .patterns
                    .iter()
                    .flat_map(|p| {
                        if has_wildcard(&p.text) {
                            catalog()
                                .actions_matching(&p.text)
                                .into_iter()
                                .filter(|a| !MFA_SETUP.contains(&a.full_name()))
                                .take(3)
                                .map(|a| a.full_name().to_string())
                                .collect()
                        } else {
                            vec![p.text.clone()]
                        }
                    })
                    .collect()
            };
            for a in actions {
                if MFA_SETUP.iter().any(|m| m.eq_ignore_ascii_case(&a)) {
                    continue;
                }
                out.push((a, resource.clone()));
                if out.len() >= MAX_PROBES {
                    return out;
                }
            }
        }
    }
    out
}

/// A resource a pattern matches: `*` itself, or the pattern with
/// `${aws:username}` as the user and each wildcard filled in.
fn sample(pattern: &str, user: &str) -> String {
    if pattern == "*" {
        return pattern.to_string();
    }
    pattern
        .replace("${aws:username}", user)
        .replace('*', "example")
        .replace('?', "x")
}
