//! AWS's parameter rules: names, paths, lengths. Messages are AWS's own
//! ValidationError wording, naming the parameter in camelCase as AWS does.

use super::TagInput;
use crate::iam::error::AwsError;

/// Letters, digits and `_+=,.@-`: the character set of IAM user, group,
/// role, policy and instance profile names.
fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

fn check_len(value: &str, param: &str, min: usize, max: usize) -> Result<(), AwsError> {
    let n = value.chars().count();
    if n < min {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{value}' at '{param}' failed to satisfy constraint: Member must have length greater than or equal to {min}"
        )));
    }
    if n > max {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{value}' at '{param}' failed to satisfy constraint: Member must have length less than or equal to {max}"
        )));
    }
    Ok(())
}

/// `param` is AWS's camelCase member name, e.g. `userName`.
pub fn name(value: &str, param: &str, max: usize) -> Result<(), AwsError> {
    check_len(value, param, 1, max)?;
    if !value.chars().all(name_char) {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{value}' at '{param}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
        )));
    }
    Ok(())
}

pub fn user_name(v: &str) -> Result<(), AwsError> {
    name(v, "userName", 64)
}

pub fn role_name(v: &str) -> Result<(), AwsError> {
    name(v, "roleName", 64)
}

pub fn group_name(v: &str) -> Result<(), AwsError> {
    name(v, "groupName", 128)
}

pub fn policy_name(v: &str) -> Result<(), AwsError> {
    name(v, "policyName", 128)
}

pub fn instance_profile_name(v: &str) -> Result<(), AwsError> {
    name(v, "instanceProfileName", 128)
}

/// A path is `/` or starts and ends with `/`, with printable ASCII between.
pub fn path(value: &str) -> Result<(), AwsError> {
    check_len(value, "path", 1, 512)?;
    let ok = value == "/"
        || (value.len() >= 2
            && value.starts_with('/')
            && value.ends_with('/')
            && value.chars().all(|c| ('!'..='~').contains(&c)));
    if !ok {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{value}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)"
        )));
    }
    Ok(())
}

pub fn tag(t: &TagInput) -> Result<(), AwsError> {
    check_len(&t.key, "tags.member.key", 1, 128)?;
    check_len(&t.value, "tags.member.value", 0, 256)?;
    if t.key.to_ascii_lowercase().starts_with("aws:") {
        return Err(AwsError::invalid_input(
            "User-defined tag keys can't start with \"aws:\". This prefix is reserved for AWS tags.",
        ));
    }
    Ok(())
}

/// A role session name: 2 to 64 of `[\w+=,.@-]`.
pub fn session_name(value: &str) -> Result<(), AwsError> {
    check_len(value, "roleSessionName", 2, 64)?;
    if !value.chars().all(name_char) {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{value}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_aws_rules() {
        assert!(user_name("john.doe+ops@example.com").is_ok());
        assert!(user_name(&"a".repeat(64)).is_ok());
        let e = user_name(&"a".repeat(65)).unwrap_err();
        assert!(
            e.message.contains("less than or equal to 64"),
            "{}",
            e.message
        );
        assert!(group_name(&"a".repeat(128)).is_ok());
        assert!(group_name(&"a".repeat(129)).is_err());
        let e = user_name("john doe").unwrap_err();
        assert_eq!(e.code, "ValidationError");
        assert!(e.message.contains("'userName'"));
        assert!(user_name("").is_err());
        assert!(session_name("a").is_err());
        assert!(session_name("ab").is_ok());
    }

    #[test]
    fn paths_start_and_end_with_slash() {
        assert!(path("/").is_ok());
        assert!(path("/engineering/").is_ok());
        assert!(path("/engineering").is_err());
        assert!(path("engineering/").is_err());
        assert!(path("/a b/").is_err());
    }
}
