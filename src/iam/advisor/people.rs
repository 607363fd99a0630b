//! Rules about the people behind users: one user shared by several people,
//! more administrators than an account needs, and privileged people who
//! sign in with a password alone.

use super::commands::{self, active_keys};
use super::privilege;
use super::{Finding, Rule, Scan};
use crate::iam::model::{Account, User};

/// Words that name a role, a team or nobody in particular rather than a
/// person. A user whose name is made only of these (with digits after
/// them, and `-`, `_`, `.` between them) is probably used by whoever is on
/// duty: `developer1`, `dev2`, `admin`, `shared`, `ops-user`, `test_account`.
const GENERIC_WORDS: &[&str] = &[
    "account",
    "admin",
    "admins",
    "administrator",
    "common",
    "contractor",
    "default",
    "demo",
    "dev",
    "developer",
    "developers",
    "devops",
    "devs",
    "engineer",
    "everyone",
    "generic",
    "guest",
    "intern",
    "login",
    "operator",
    "ops",
    "qa",
    "root",
    "share",
    "shared",
    "staff",
    "superuser",
    "support",
    "sysadmin",
    "team",
    "temp",
    "test",
    "tester",
    "tmp",
    "training",
    "user",
    "users",
];

/// Whether a user name looks like it stands for a job or a team, not a
/// person: every word of it (words split at `-`, `_`, `.`, `@`, `+`, `=`,
/// `,`, with trailing digits removed) is a generic word, or a generic word
/// run together with `user` (`devuser`). `developer1` and `ops-user` do;
/// `john`, `admin-alice` and `app-server` do not.
pub fn looks_generic(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .collect();
    let generic = |w: &str| {
        GENERIC_WORDS.contains(&w)
            || w.strip_suffix("user")
                .is_some_and(|rest| GENERIC_WORDS.contains(&rest))
    };
    !words.is_empty() && words.into_iter().all(generic)
}

/// Rule `shared-user`: a generic name, or two active access keys that have
/// both been used within the unused period (AWS allows two keys so that
/// one can replace the other; both in use means several copies are out).
/// A key rotation caught half way also shows two keys in use: the finding
/// goes away once the old key is deactivated, as the rotation requires.
pub(super) fn shared_users(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for user in cx.account.users.values() {
        let by_name = looks_generic(&user.name);
        let recent = active_keys(user)
            .filter(|k| {
                k.last_used
                    .as_ref()
                    .is_some_and(|l| !cx.older_than(l.date, cx.settings.unused_days))
            })
            .count();
        let by_keys = recent >= 2;
        if !by_name && !by_keys {
            continue;
        }
        let mut f = Finding::new(Rule::SharedUser, &cx.account.id, vec![user.name.clone()]);
        f.summary = format!("{} looks shared by several people", user.name);
        let mut why = String::new();
        if by_name {
            why.push_str(&format!(
                "`{}` names a job or a team, not a person. ",
                user.name
            ));
        }
        if by_keys {
            why.push_str(&format!(
                "Both of its access keys were used in the last {} days, as when several people hold copies. ",
                cx.settings.unused_days
            ));
        }
        why.push_str("The logs then say which user acted but not who, and one person's access cannot be taken away without cutting off everyone. Give each person a user of their own in the right groups, then delete this one.");
        f.why = why;
        f.fix = commands::delete_user(cx.account, user);
        out.push(f);
    }
}

/// The people of an account: users who can sign in to the console, or,
/// when nobody has a password (an account that signs in another way, or a
/// lesson's example), every user.
fn people(account: &Account) -> Vec<&User> {
    let with_password: Vec<&User> = account
        .users
        .values()
        .filter(|u| u.login_profile.is_some())
        .collect();
    if with_password.is_empty() {
        account.users.values().collect()
    } else {
        with_password
    }
}

/// Rule `admin-for-many`: more than one person is a full administrator and
/// administrators are more than a third of the people. Who is an
/// administrator is asked of the evaluator (see `privilege::is_admin`), so
/// AdministratorAccess, a hand-written `"Action": "*"`, a group's policy or
/// an inline one all count, and a deny or a boundary that takes IAM away
/// does not.
pub(super) fn admin_for_many(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let people = people(cx.account);
    let admins: Vec<&User> = people
        .iter()
        .copied()
        .filter(|u| privilege::is_admin(cx.org, &cx.account.id, &u.name))
        .collect();
    if admins.len() < 2 || admins.len() * 3 <= people.len() {
        return;
    }
    let names: Vec<String> = admins.iter().map(|u| u.name.clone()).collect();
    let mut f = Finding::new(Rule::AdminForMany, &cx.account.id, names.clone());
    f.summary = format!(
        "{} of {} people are administrators",
        admins.len(),
        people.len()
    );
    f.why = format!(
        "An administrator can do anything, including giving themselves more and covering their tracks, so each one is a password or key that opens the whole account. Keep full access for the one or two who run the account and give everyone else their job's policies through groups. Administrators now: {}.",
        names.join(", ")
    );
    f.fix.push(
        "aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AdministratorAccess"
            .into(),
    );
    for u in &admins {
        f.fix.push(format!(
            "aws iam list-attached-user-policies --user-name {}",
            u.name
        ));
        f.fix.push(format!(
            "aws iam list-groups-for-user --user-name {}",
            u.name
        ));
    }
    out.push(f);
}

/// Rule `no-mfa`: a user with a console password, no MFA device enabled,
/// and IAM write access (or full access) for someone who signs in with the
/// password alone. The fix creates a virtual device and enables it; the
/// two codes come from `mfa-code`, thirty seconds apart.
pub(super) fn no_mfa(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for user in cx.account.users.values() {
        if user.login_profile.is_none() || !user.mfa_devices.is_empty() {
            continue;
        }
        if !privilege::privileged_by_password(cx.org, &cx.account.id, &user.name) {
            continue;
        }
        let mut device = user.name.clone();
        while cx
            .account
            .mfa_devices
            .contains_key(&device.to_ascii_lowercase())
        {
            device.push_str("-mfa");
        }
        let serial = format!("arn:aws:iam::{}:mfa/{device}", cx.account.id);
        let mut f = Finding::new(Rule::NoMfa, &cx.account.id, vec![user.name.clone()]);
        f.summary = format!("{} can change IAM with a password alone", user.name);
        f.why = format!(
            "{} can sign in to the console and create users or grant permissions, and has no MFA device. A guessed, phished or reused password is then enough to take over the account. Enable a virtual MFA device, typing two codes that `mfa-code {device}` shows thirty seconds apart.",
            user.name
        );
        f.fix = vec![
            format!(
                "aws iam create-virtual-mfa-device --virtual-mfa-device-name {device} --outfile {device}.txt --bootstrap-method Base32StringSeed"
            ),
            format!("mfa-code {device}"),
            "time +30s".into(),
            format!("mfa-code {device}"),
            format!(
                "aws iam enable-mfa-device --user-name {} --serial-number {serial} --authentication-code-1 CODE1 --authentication-code-2 CODE2",
                user.name
            ),
        ];
        out.push(f);
    }
}
