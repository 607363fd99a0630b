//! Rules about the people behind users: one user shared by several people,
//! more administrators than an account needs, and privileged people who
//! sign in with a password alone.

use super::commands;
use super::plan::{self, Removal};
use super::privilege;
use super::{Finding, Rule, Scan, Severity};
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
/// The fix deletes the user, so no other rule reports it (see `plan`).
pub(super) fn shared_users(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for user in cx.account.users.values() {
        let by_name = looks_generic(&user.name);
        let by_keys = plan::recent_keys(cx.org, user, cx.settings.unused_days) >= 2;
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
        why.push_str("CloudTrail then records this user, the address and the program behind each call, but not which person acted, and one person's access cannot be taken away without cutting off everyone. Give each person a user of their own in the right groups, then delete this one.");
        let held = holdings(user);
        if !held.is_empty() {
            why.push_str(&format!(
                " Deleting it also removes {}, so nothing else is reported about it.",
                commands::and_list(&held)
            ));
        }
        f.why = why;
        f.fix = commands::delete_user(cx.account, user);
        out.push(f);
    }
}

/// What a user holds that goes with it, for messages: "its password, 2
/// access keys and 1 policy of its own".
pub(super) fn holdings(user: &User) -> Vec<String> {
    let mut held = Vec::new();
    if user.login_profile.is_some() {
        held.push("its password".to_string());
    }
    if !user.access_keys.is_empty() {
        held.push(commands::count(
            user.access_keys.len(),
            "access key",
            "access keys",
        ));
    }
    let policies = user.attached.len() + user.inline.len();
    if policies > 0 {
        held.push(format!(
            "{} of its own",
            commands::count(policies, "policy", "policies")
        ));
    }
    held
}

/// Rule `admin-for-many`: more than one person is a full administrator and
/// administrators are more than a third of the people. Who is an
/// administrator is asked of the evaluator (see `privilege::is_admin`), so
/// AdministratorAccess, a hand-written `"Action": "*"`, a group's policy or
/// an inline one all count, and a deny or a boundary that takes IAM away
/// does not. Users a fix deletes (a shared login) are not people here.
///
/// The fix keeps the administrators `plan` ranks first (MFA, an admin
/// group, an IT tag, the longest-standing) and makes the others step
/// down: each first joins the group their team's policies move to, if
/// their team has one, then loses AdministratorAccess (detached, or the
/// admin group left).
pub(super) fn admin_for_many(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let plan = cx.plan;
    if plan.demotions.is_empty() {
        return;
    }
    let people = plan::people(cx.account, &plan.doomed);
    let name = |key: &String| cx.account.users[key].name.clone();
    let mut names: Vec<String> = plan.admins.iter().map(name).collect();
    names.sort();
    let mut f = Finding::new(Rule::AdminForMany, &cx.account.id, names.clone());
    f.summary = format!(
        "{} of {} people are administrators",
        plan.admins.len(),
        people.len()
    );
    let mut kept: Vec<String> = plan
        .admins
        .iter()
        .filter(|k| plan.kept.contains(*k))
        .map(name)
        .collect();
    let mut demoted: Vec<String> = plan
        .admins
        .iter()
        .filter(|k| !plan.kept.contains(*k))
        .map(name)
        .collect();
    kept.sort();
    demoted.sort();
    let mut why = format!(
        "An administrator can do anything, including giving themselves more and covering their tracks, so each one is a password or key that opens the whole account. Keep full access for the one or two who run the account and give everyone else their job's policies through groups. Administrators now: {}. The fix keeps {} (ranked first: MFA, an admin group or an IT tag, then the longest-standing) and takes full access from {}.",
        names.join(", "),
        commands::and_list(&kept),
        commands::and_list(&demoted)
    );
    let homeless: Vec<String> = plan
        .demotions
        .keys()
        .filter(|k| !plan.demoted_home.contains_key(*k))
        .map(name)
        .collect();
    if homeless.len() < demoted.len() {
        why.push_str(" Each first joins the group their team's policies move to, so nobody is locked out on the way.");
    }
    if !homeless.is_empty() {
        why.push_str(&format!(
            " {} keep only their other policies: give them their job's policies through a group first.",
            commands::and_list(&homeless)
        ));
    }
    f.why = why;
    // Give first: each demoted administrator joins their team's group.
    for key in &plan.admins {
        let Some(&i) = plan.demoted_home.get(key) else {
            continue;
        };
        let group = &plan.groups[i];
        f.fix.extend(plan::Plan::ensure_group(group, &plan.shared));
        f.fix.push(format!(
            "aws iam add-user-to-group --group-name {} --user-name {}",
            group.name,
            name(key)
        ));
    }
    // Then take.
    for key in &plan.admins {
        let Some(removals) = plan.demotions.get(key) else {
            continue;
        };
        let n = name(key);
        for r in removals {
            f.fix.push(match r {
                Removal::Detach(arn) => {
                    format!("aws iam detach-user-policy --user-name {n} --policy-arn {arn}")
                }
                Removal::DeleteInline(p) => {
                    format!("aws iam delete-user-policy --user-name {n} --policy-name {p}")
                }
                Removal::LeaveGroup(g) => {
                    format!("aws iam remove-user-from-group --group-name {g} --user-name {n}")
                }
            });
        }
    }
    out.push(f);
}

/// The guard the no-mfa fix puts on users: AWS's pattern for "MFA or
/// nothing". A user may set up their own virtual MFA device (and see their
/// user, which the console's Security credentials page needs), and nothing
/// else works until they sign in with MFA.
const REQUIRE_MFA: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowListMfaDevices","Effect":"Allow","Action":"iam:ListVirtualMFADevices","Resource":"*"},{"Sid":"AllowCreateOwnVirtualMfaDevice","Effect":"Allow","Action":"iam:CreateVirtualMFADevice","Resource":"arn:aws:iam::*:mfa/*"},{"Sid":"AllowManageOwnMfa","Effect":"Allow","Action":["iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"},{"Sid":"DenyAllExceptMfaSetupWithoutMfa","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#;

/// Rule `no-mfa`: a user with a console password, no MFA device enabled,
/// and a password that opens something on its own. AWS recommends MFA for
/// every IAM user who signs in to the console; the finding is high when
/// the password alone can change IAM (or do everything), medium otherwise.
/// The fix does not need the person's phone: it puts the user in a group
/// whose policy (`REQUIRE_MFA`) lets them set up a device and refuses
/// everything else until they sign in with it, so the password alone
/// opens nothing.
pub(super) fn no_mfa(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let mut guard: Option<(Vec<String>, String, String)> = None;
    for user in cx.account.users.values() {
        if user.login_profile.is_none() || !user.mfa_devices.is_empty() || cx.doomed(&user.name) {
            continue;
        }
        let privileged = privilege::privileged_by_password(cx.org, &cx.account.id, &user.name);
        if !privileged && !privilege::opens_anything_by_password(cx.org, &cx.account.id, user) {
            continue;
        }
        let (setup, group, policy) = guard.get_or_insert_with(|| mfa_guard(cx.account)).clone();
        let mut f = Finding::new(Rule::NoMfa, &cx.account.id, vec![user.name.clone()]);
        let n = &user.name;
        if privileged {
            f.summary = format!("{n} can change IAM with a password alone");
            f.why = format!(
                "{n} can sign in to the console and create users or grant permissions, and has no MFA device. A guessed, phished or reused password is then enough to take over the account."
            );
        } else {
            f.severity = Severity::Medium;
            f.summary = format!("{n} signs in to the console without MFA");
            f.why = format!(
                "{n} has a console password and no MFA device, so a guessed, phished or reused password is enough to act as {n}. AWS recommends MFA for every IAM user who signs in."
            );
        }
        f.why.push_str(&format!(
            " The fix puts {n} in {group}, whose policy {policy} lets {n} set up a virtual MFA device and refuses everything else until {n} signs in with it (in the sandbox, `mfa-code` plays the phone)."
        ));
        f.fix = setup;
        f.fix.push(format!(
            "aws iam add-user-to-group --group-name {group} --user-name {n}"
        ));
        out.push(f);
    }
}

/// The commands that make the MFA guard exist (the policy and the group
/// that carries it) and the group's name. An existing customer managed
/// policy that says the same is used, and a group that has it attached.
fn mfa_guard(account: &Account) -> (Vec<String>, String, String) {
    let guard =
        crate::iam::model::PolicyDoc::parse(REQUIRE_MFA, crate::iam::policy::PolicyKind::Identity)
            .expect("the MFA guard is a valid identity policy");
    let meaning = super::policies::canonical(&guard.policy);
    let mut setup = Vec::new();
    let existing = account
        .policies
        .values()
        .find(|p| super::policies::canonical(&p.default_doc().policy) == meaning);
    let (arn, policy) = match existing {
        Some(p) => (p.arn.clone(), p.name.clone()),
        None => {
            let mut name = "RequireMfa".to_string();
            let mut i = 2;
            while account.policies.contains_key(&name.to_ascii_lowercase()) {
                name = format!("RequireMfa{i}");
                i += 1;
            }
            setup.push(format!(
                "aws iam create-policy --policy-name {name} --policy-document '{REQUIRE_MFA}'"
            ));
            (format!("arn:aws:iam::{}:policy/{name}", account.id), name)
        }
    };
    if let Some(g) = account.groups.values().find(|g| g.attached.contains(&arn)) {
        return (setup, g.name.clone(), policy);
    }
    let mut group = "MfaRequired".to_string();
    let mut i = 2;
    while account.groups.contains_key(&group.to_ascii_lowercase()) {
        group = format!("MfaRequired{i}");
        i += 1;
    }
    setup.push(format!("aws iam create-group --group-name {group}"));
    setup.push(format!(
        "aws iam attach-group-policy --group-name {group} --policy-arn {arn}"
    ));
    (setup, group, policy)
}
