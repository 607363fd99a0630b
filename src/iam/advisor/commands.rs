//! Building the sandbox commands a finding suggests: quoting policy
//! documents for the command line, naming new groups and roles, and the
//! long but fixed order in which IAM lets a user be deleted.

use crate::iam::model::{Account, KeyStatus, User};

/// A policy document as one single-quoted shell word: compacted to one line
/// (the sandbox's command line is one line), with any `'` inside written
/// the POSIX way, `'\''`.
pub fn quoted_policy(text: &str) -> String {
    let compact = serde_json::from_str::<serde_json::Value>(text)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| text.split_whitespace().collect::<Vec<_>>().join(" "));
    format!("'{}'", compact.replace('\'', r"'\''"))
}

/// `app-server` → `AppServer`: a name in the CamelCase IAM's examples use
/// for groups and roles.
pub fn camel(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The entity name of a managed policy, as a learner types it: the ARN for
/// AWS managed policies, `policy/Name` for customer managed ones.
pub fn policy_entity(arn: &str) -> String {
    if arn.starts_with("arn:aws:iam::aws:") {
        arn.to_string()
    } else {
        format!("policy/{}", arn.rsplit('/').next().unwrap_or(arn))
    }
}

/// Everything that must go before `delete-user` succeeds, in IAM's order,
/// then `delete-user` itself. MFA devices are deactivated (a virtual device
/// is kept; the learner may delete it afterwards).
pub fn delete_user(account: &Account, user: &User) -> Vec<String> {
    let n = &user.name;
    let mut out = Vec::new();
    for k in &user.access_keys {
        out.push(format!(
            "aws iam delete-access-key --user-name {n} --access-key-id {}",
            k.id
        ));
    }
    if user.login_profile.is_some() {
        out.push(format!("aws iam delete-login-profile --user-name {n}"));
    }
    for serial in &user.mfa_devices {
        out.push(format!(
            "aws iam deactivate-mfa-device --user-name {n} --serial-number {serial}"
        ));
    }
    for name in user.inline.keys() {
        out.push(format!(
            "aws iam delete-user-policy --user-name {n} --policy-name {name}"
        ));
    }
    for arn in &user.attached {
        out.push(format!(
            "aws iam detach-user-policy --user-name {n} --policy-arn {arn}"
        ));
    }
    for g in &user.groups {
        let g = account
            .groups
            .get(g)
            .map_or(g.as_str(), |g| g.name.as_str());
        out.push(format!(
            "aws iam remove-user-from-group --user-name {n} --group-name {g}"
        ));
    }
    out.push(format!("aws iam delete-user --user-name {n}"));
    out
}

/// The active access keys of a user.
pub fn active_keys(user: &User) -> impl Iterator<Item = &crate::iam::model::AccessKey> {
    user.access_keys
        .iter()
        .filter(|k| k.status == KeyStatus::Active)
}

/// "1 policy", "2 policies".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_joins_words() {
        assert_eq!(camel("app-server"), "AppServer");
        assert_eq!(camel("report_writer.bot"), "ReportWriterBot");
    }

    #[test]
    fn lists_read_as_sentences() {
        let l = |v: &[&str]| and_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&[]), "");
        assert_eq!(l(&["a"]), "a");
        assert_eq!(l(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn quoting_survives_a_single_quote() {
        let q = quoted_policy(r#"{"Sid": "it's"}"#);
        assert_eq!(q, r#"'{"Sid":"it'\''s"}'"#);
    }
}
