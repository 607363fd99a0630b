//! Long-term credentials over time: access keys that were never rotated,
//! and keys and passwords that nobody uses any more.

use super::commands::active_keys;
use super::{Finding, Rule, Scan};
use crate::iam::model::{AccessKey, User};

/// Rules `old-keys` and `unused-credentials`, for every user's active keys
/// and password. A key that is both old and unused is reported only as
/// unused: rotating a key nobody uses would keep a credential alive that
/// should simply go. Users a fix deletes are left out: their keys and
/// password go with them.
pub(super) fn keys_and_passwords(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for user in cx.account.users.values() {
        if cx.doomed(&user.name) {
            continue;
        }
        for key in active_keys(user) {
            if key_unused(cx, key) {
                out.push(unused_key(cx, user, key));
            } else if cx.older_than(key.created, cx.settings.key_max_age_days) {
                out.push(old_key(cx, user, key));
            }
        }
        if let Some(f) = unused_password(cx, user) {
            out.push(f);
        }
    }
}

/// Created before the unused period and not used within it.
fn key_unused(cx: &Scan<'_>, key: &AccessKey) -> bool {
    let days = cx.settings.unused_days;
    cx.older_than(key.created, days)
        && key
            .last_used
            .as_ref()
            .is_none_or(|l| cx.older_than(l.date, days))
}

fn old_key(cx: &Scan<'_>, user: &User, key: &AccessKey) -> Finding {
    let (n, id) = (&user.name, &key.id);
    let mut f = Finding::new(Rule::OldKeys, &cx.account.id, vec![n.clone(), id.clone()]);
    f.summary = format!(
        "access key {id} of {n} is {} days old",
        cx.days_since(key.created)
    );
    let mut why = format!(
        "A long-term key works until someone deletes it, and every day adds copies in scripts, laptops and backups. Rotate it at least every {} days: make a new key, move everything that uses the old one to it, deactivate the old one, and delete it once nothing breaks.",
        cx.settings.key_max_age_days
    );
    if user.access_keys.len() >= 2 {
        why.push_str(" The user already has two keys, the most IAM allows, so move to the other key instead of making a new one.");
    }
    f.why = why;
    if user.access_keys.len() < 2 {
        f.fix
            .push(format!("aws iam create-access-key --user-name {n}"));
    }
    f.fix.push(format!(
        "aws iam update-access-key --user-name {n} --access-key-id {id} --status Inactive"
    ));
    f.fix.push(format!(
        "aws iam delete-access-key --user-name {n} --access-key-id {id}"
    ));
    f
}

fn unused_key(cx: &Scan<'_>, user: &User, key: &AccessKey) -> Finding {
    let (n, id) = (&user.name, &key.id);
    let mut f = Finding::new(
        Rule::UnusedCredentials,
        &cx.account.id,
        vec![n.clone(), id.clone()],
    );
    f.summary = match &key.last_used {
        Some(l) => format!(
            "access key {id} of {n} was last used {} days ago",
            cx.days_since(l.date)
        ),
        None => format!(
            "access key {id} of {n} was never used in {} days",
            cx.days_since(key.created)
        ),
    };
    f.why = "A key nobody uses still opens the account for whoever finds a copy of it, and nobody would notice it being used. Deactivate it, and delete it when nothing complains.".into();
    f.fix.push(format!(
        "aws iam update-access-key --user-name {n} --access-key-id {id} --status Inactive"
    ));
    f.fix.push(format!(
        "aws iam delete-access-key --user-name {n} --access-key-id {id}"
    ));
    f
}

/// A console password created before the unused period and not used
/// within it.
fn unused_password(cx: &Scan<'_>, user: &User) -> Option<Finding> {
    let profile = user.login_profile.as_ref()?;
    let days = cx.settings.unused_days;
    let unused = cx.older_than(profile.created, days)
        && user
            .password_last_used
            .is_none_or(|d| cx.older_than(d, days));
    if !unused {
        return None;
    }
    let n = &user.name;
    let mut f = Finding::new(Rule::UnusedCredentials, &cx.account.id, vec![n.clone()]);
    f.summary = match user.password_last_used {
        Some(d) => format!(
            "{n}'s console password was last used {} days ago",
            cx.days_since(d)
        ),
        None => format!(
            "{n}'s console password was never used in {} days",
            cx.days_since(profile.created)
        ),
    };
    f.why = "A password nobody uses can still be guessed or phished, and a sign-in with it would surprise no one. Delete the login profile; create a new one if the person comes back.".into();
    f.fix
        .push(format!("aws iam delete-login-profile --user-name {n}"));
    Some(f)
}
