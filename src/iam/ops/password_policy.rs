//! The account password policy: GetAccountPasswordPolicy,
//! UpdateAccountPasswordPolicy, DeleteAccountPasswordPolicy, and the rules
//! it sets for every new console password (CreateLoginProfile,
//! UpdateLoginProfile, ChangePassword).
//!
//! The policy's actions have no resource of their own: AWS authorizes them
//! against `*`. ChangePassword is authorized against the caller's own user.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::credentials::meets_default_password_policy;
use super::policies::invalid;
use super::{Ctx, OpResult, input};
use crate::iam::error::AwsError;
use crate::iam::model::{Caller, LoginProfile, PasswordPolicy};

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "GetAccountPasswordPolicy" => input(v).and_then(|i| get(cx, i)),
        "UpdateAccountPasswordPolicy" => input(v).and_then(|i| update(cx, i)),
        "DeleteAccountPasswordPolicy" => input(v).and_then(|i| delete(cx, i)),
        "ChangePassword" => input(v).and_then(|i| change_password(cx, i)),
        _ => return None,
    })
}

/// The length AWS gives a policy that does not say (the API's default,
/// not the console's).
const DEFAULT_MINIMUM_LENGTH: u32 = 6;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

fn not_found(account: &str) -> AwsError {
    AwsError::no_such_entity(format!(
        "The Password Policy with domain name {account} cannot be found."
    ))
}

/// The policy as GetAccountPasswordPolicy returns it: the optional members
/// only when set, `ExpirePasswords` worked out from the maximum age.
pub fn policy_json(p: &PasswordPolicy) -> Value {
    let mut m = Map::new();
    m.insert(
        "MinimumPasswordLength".into(),
        json!(p.minimum_password_length),
    );
    m.insert("RequireSymbols".into(), json!(p.require_symbols));
    m.insert("RequireNumbers".into(), json!(p.require_numbers));
    m.insert(
        "RequireUppercaseCharacters".into(),
        json!(p.require_uppercase_characters),
    );
    m.insert(
        "RequireLowercaseCharacters".into(),
        json!(p.require_lowercase_characters),
    );
    m.insert(
        "AllowUsersToChangePassword".into(),
        json!(p.allow_users_to_change_password),
    );
    m.insert(
        "ExpirePasswords".into(),
        json!(p.max_password_age.is_some()),
    );
    if let Some(n) = p.max_password_age {
        m.insert("MaxPasswordAge".into(), json!(n));
    }
    if let Some(n) = p.password_reuse_prevention {
        m.insert("PasswordReusePrevention".into(), json!(n));
    }
    if let Some(b) = p.hard_expiry {
        m.insert("HardExpiry".into(), json!(b));
    }
    Value::Object(m)
}

fn get(cx: &mut Ctx<'_>, _: Empty) -> OpResult {
    cx.authorize("iam:GetAccountPasswordPolicy", "*")?;
    let p = cx
        .account()
        .password_policy
        .as_ref()
        .ok_or_else(|| not_found(&cx.account))?;
    Ok(json!({ "PasswordPolicy": policy_json(p) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Update {
    minimum_password_length: Option<i64>,
    require_symbols: Option<bool>,
    require_numbers: Option<bool>,
    require_uppercase_characters: Option<bool>,
    require_lowercase_characters: Option<bool>,
    allow_users_to_change_password: Option<bool>,
    max_password_age: Option<i64>,
    password_reuse_prevention: Option<i64>,
    hard_expiry: Option<bool>,
}

/// AWS's range for an integer member, checked as its validation layer
/// does (the CLI checks only the lower bound before sending).
fn in_range(
    value: Option<i64>,
    param: &str,
    (min, max): (i64, i64),
) -> Result<Option<u32>, AwsError> {
    let Some(n) = value else {
        return Ok(None);
    };
    if n < min {
        return Err(invalid(
            n,
            param,
            &format!("Member must have value greater than or equal to {min}"),
        ));
    }
    if n > max {
        return Err(invalid(
            n,
            param,
            &format!("Member must have value less than or equal to {max}"),
        ));
    }
    Ok(Some(u32::try_from(n).expect("in range")))
}

fn update(cx: &mut Ctx<'_>, i: Update) -> OpResult {
    let minimum = in_range(i.minimum_password_length, "minimumPasswordLength", (6, 128))?;
    let max_age = in_range(i.max_password_age, "maxPasswordAge", (1, 1095))?;
    let reuse = in_range(
        i.password_reuse_prevention,
        "passwordReusePrevention",
        (1, 24),
    )?;
    cx.authorize("iam:UpdateAccountPasswordPolicy", "*")?;
    // Not a partial update: whatever the call leaves out returns to its
    // default.
    cx.account_mut().password_policy = Some(PasswordPolicy {
        minimum_password_length: minimum.unwrap_or(DEFAULT_MINIMUM_LENGTH),
        require_symbols: i.require_symbols.unwrap_or(false),
        require_numbers: i.require_numbers.unwrap_or(false),
        require_uppercase_characters: i.require_uppercase_characters.unwrap_or(false),
        require_lowercase_characters: i.require_lowercase_characters.unwrap_or(false),
        allow_users_to_change_password: i.allow_users_to_change_password.unwrap_or(false),
        max_password_age: max_age,
        password_reuse_prevention: reuse,
        hard_expiry: i.hard_expiry,
    });
    Ok(json!({}))
}

fn delete(cx: &mut Ctx<'_>, _: Empty) -> OpResult {
    cx.authorize("iam:DeleteAccountPasswordPolicy", "*")?;
    let account = cx.account.clone();
    if cx.account_mut().password_policy.take().is_none() {
        return Err(not_found(&account));
    }
    Ok(json!({}))
}

/// The symbols AWS's password policy counts, as RequireSymbols lists
/// them: `! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`. Other punctuation
/// (a full stop, a comma) does not satisfy the rule.
fn is_symbol(c: char) -> bool {
    "!@#$%^&*()_+-=[]{}|'".contains(c)
}

/// A kind of character a policy may require.
type CharTest = fn(char) -> bool;

/// Checks a new console password against the account's policy, or AWS's
/// default rules when none is set, naming the first rule it breaks.
pub(super) fn enforce(policy: Option<&PasswordPolicy>, password: &str) -> Result<(), AwsError> {
    let violation = |m: String| Err(AwsError::new("PasswordPolicyViolation", m));
    let Some(p) = policy else {
        if meets_default_password_policy(password) {
            return Ok(());
        }
        return violation("Password does not conform to the account password policy.".into());
    };
    let length = password.chars().count();
    if length < p.minimum_password_length as usize {
        return violation(format!(
            "Password should have a minimum length of {}",
            p.minimum_password_length
        ));
    }
    let rules: [(bool, CharTest, &str); 4] = [
        (
            p.require_lowercase_characters,
            |c| c.is_ascii_lowercase(),
            "at least one lowercase letter",
        ),
        (
            p.require_uppercase_characters,
            |c| c.is_ascii_uppercase(),
            "at least one uppercase letter",
        ),
        (
            p.require_numbers,
            |c| c.is_ascii_digit(),
            "at least one number",
        ),
        (p.require_symbols, is_symbol, "at least one symbol"),
    ];
    for (required, test, what) in rules {
        if required && !password.chars().any(test) {
            return violation(format!("Password should have {what}"));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ChangePassword {
    old_password: Option<String>,
    new_password: Option<String>,
}

fn change_password(cx: &mut Ctx<'_>, i: ChangePassword) -> OpResult {
    let missing = |param: &str| {
        AwsError::validation(format!(
            "1 validation error detected: Value null at '{param}' failed to satisfy constraint: Member must not be null"
        ))
    };
    let old = i.old_password.ok_or_else(|| missing("oldPassword"))?;
    let new = i.new_password.ok_or_else(|| missing("newPassword"))?;
    // Only an IAM user has a password this call can change: the root
    // user's is changed in the console, and a role has none.
    let Caller::User { user: key, .. } = cx.caller else {
        return Err(AwsError::new(
            "InvalidUserType",
            "Only IAM Users can change their own password",
        ));
    };
    let key = key.clone();
    let name = cx
        .account()
        .users
        .get(&key)
        .map_or_else(|| key.clone(), |u| u.name.clone());
    let arn = super::users::arn_for(cx, &name);
    cx.authorize("iam:ChangePassword", &arn)?;
    let user = cx.account().users.get(&key).ok_or_else(|| {
        AwsError::no_such_entity(format!("The user with name {name} cannot be found."))
    })?;
    let Some(profile) = &user.login_profile else {
        return Err(AwsError::no_such_entity(format!(
            "Login Profile for User {name} cannot be found."
        )));
    };
    if profile.password != old {
        return Err(AwsError::new(
            "InvalidUserType",
            "The old password was incorrect",
        ));
    }
    enforce(cx.account().password_policy.as_ref(), &new)?;
    refuse_reuse(cx.account().password_policy.as_ref(), profile, &new)?;
    let now = cx.now();
    let user = cx.account_mut().users.get_mut(&key).expect("found above");
    let profile = user.login_profile.as_mut().expect("checked above");
    set_password(profile, new, now);
    // A changed password is no longer one that must be reset.
    profile.password_reset_required = false;
    Ok(json!({}))
}

/// How many earlier passwords a login profile remembers: the most that
/// PasswordReusePrevention can ask about.
const REMEMBERED: usize = 24;

/// Refuses a new password that is the current one or one of the earlier
/// ones the policy's PasswordReusePrevention counts (the current password
/// is the newest of them).
pub(super) fn refuse_reuse(
    policy: Option<&PasswordPolicy>,
    profile: &LoginProfile,
    new: &str,
) -> Result<(), AwsError> {
    let Some(n) = policy.and_then(|p| p.password_reuse_prevention) else {
        return Ok(());
    };
    let n = n as usize;
    let recent = std::iter::once(&profile.password).chain(profile.previous.iter().take(n - 1));
    if recent.into_iter().any(|p| p == new) {
        return Err(AwsError::new(
            "PasswordPolicyViolation",
            format!("Password should not be one of your last {n} passwords"),
        ));
    }
    Ok(())
}

/// Sets a new password, remembering the old one for reuse prevention and
/// the time for password age.
pub(super) fn set_password(profile: &mut LoginProfile, new: String, now: i64) {
    let old = std::mem::replace(&mut profile.password, new);
    profile.previous.insert(0, old);
    profile.previous.truncate(REMEMBERED);
    profile.changed = now;
}

/// When a password set at `changed` expires under `policy`, if it does.
pub fn expires_at(policy: Option<&PasswordPolicy>, changed: i64) -> Option<i64> {
    policy
        .and_then(|p| p.max_password_age)
        .map(|days| changed + i64::from(days) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            minimum_password_length: 6,
            require_symbols: true,
            require_numbers: false,
            require_uppercase_characters: false,
            require_lowercase_characters: false,
            allow_users_to_change_password: true,
            max_password_age: Some(90),
            password_reuse_prevention: Some(3),
            hard_expiry: None,
        }
    }

    #[test]
    fn only_the_listed_symbols_count() {
        assert!(enforce(Some(&policy()), "abcdef!").is_ok());
        assert!(enforce(Some(&policy()), "abc'def").is_ok());
        let e = enforce(Some(&policy()), "abc.def,").unwrap_err();
        assert_eq!(e.message, "Password should have at least one symbol");
    }

    #[test]
    fn reuse_counts_the_current_password_and_the_ones_before_it() {
        let mut p = LoginProfile {
            created: 0,
            password_reset_required: false,
            password: "one".into(),
            changed: 0,
            previous: Vec::new(),
        };
        for (n, next) in ["two", "three", "four"].into_iter().enumerate() {
            set_password(&mut p, next.into(), n as i64 + 1);
        }
        assert_eq!(p.previous, ["three", "two", "one"]);
        assert_eq!(p.changed, 3);
        let policy = policy();
        for reused in ["four", "three", "two"] {
            assert!(refuse_reuse(Some(&policy), &p, reused).is_err(), "{reused}");
        }
        assert!(refuse_reuse(Some(&policy), &p, "one").is_ok());
        assert!(refuse_reuse(None, &p, "four").is_ok());
        assert_eq!(expires_at(Some(&policy), 0), Some(90 * 86_400));
    }
}
