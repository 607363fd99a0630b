//! `iamtutor aws --state FILE`: what `aws configure set` keeps is in the
//! state file, so the next process (each command here is one) uses it.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::scratch::scratch;

/// One `iamtutor aws --state state.ron ...` process: (stdout, stderr, code).
fn aws(dir: &PathBuf, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_iamtutor"))
        .current_dir(dir)
        .args(["aws", "--state", "state.ron"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_profile_set_in_one_process_signs_the_next_ones_calls() {
    let dir = scratch("state-profiles");
    // Before it is configured, the profile does not exist.
    let (_, err, code) = aws(&dir, &["sts", "get-caller-identity", "--profile", "john"]);
    assert_eq!(code, 255, "{err}");
    assert!(
        err.contains("The config profile (john) could not be found"),
        "{err}"
    );

    aws(&dir, &["iam", "create-user", "--user-name", "john"]);
    let (keys, _, code) = aws(
        &dir,
        &[
            "iam",
            "create-access-key",
            "--user-name",
            "john",
            "--query",
            "AccessKey.[AccessKeyId,SecretAccessKey]",
            "--output",
            "text",
        ],
    );
    assert_eq!(code, 0);
    let (id, secret) = keys.trim().split_once('\t').unwrap();
    for (key, value) in [
        ("aws_access_key_id", id),
        ("aws_secret_access_key", secret),
        ("region", "eu-west-1"),
        ("output", "text"),
    ] {
        let (out, err, code) = aws(&dir, &["configure", "set", key, value, "--profile", "john"]);
        assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
    }
    // The profile's keys sign the call, and its output setting applies.
    let (out, err, code) = aws(&dir, &["sts", "get-caller-identity", "--profile", "john"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "111122223333\tarn:aws:iam::111122223333:user/john\tAIDAPUPM3KB4DGJW3PZLV\n"
    );
    let (out, _, _) = aws(&dir, &["configure", "get", "region", "--profile", "john"]);
    assert_eq!(out, "eu-west-1\n");
    let (out, _, _) = aws(&dir, &["configure", "list-profiles"]);
    assert_eq!(out, "john\n");

    // The default profile's output applies to commands without --profile.
    aws(&dir, &["configure", "set", "output", "text"]);
    let (out, _, code) = aws(&dir, &["iam", "list-users", "--query", "Users[].UserName"]);
    assert_eq!((out.as_str(), code), ("john\n", 0));

    // The file still reads as an organization, with the profiles in it.
    let text = fs::read_to_string(dir.join("state.ron")).unwrap();
    assert!(iamtutor::iam::org_file::from_ron(&text).is_ok());
    let profiles = iamtutor::iam::org_file::cli_profiles(&text);
    let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["default", "john"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_password_policy_set_in_one_process_holds_in_the_next() {
    let dir = scratch("state-password-policy");
    let (_, _, code) = aws(
        &dir,
        &[
            "iam",
            "update-account-password-policy",
            "--minimum-password-length",
            "14",
        ],
    );
    assert_eq!(code, 0);
    aws(&dir, &["iam", "create-user", "--user-name", "ann"]);
    let (_, err, code) = aws(
        &dir,
        &[
            "iam",
            "create-login-profile",
            "--user-name",
            "ann",
            "--password",
            "Short-pass1",
        ],
    );
    assert_eq!(code, 254);
    assert!(err.contains("(PasswordPolicyViolation)"), "{err}");
    assert!(err.contains("minimum length of 14"), "{err}");
    let (out, _, _) = aws(
        &dir,
        &[
            "iam",
            "get-account-password-policy",
            "--query",
            "PasswordPolicy.MinimumPasswordLength",
        ],
    );
    assert_eq!(out, "14\n");
    fs::remove_dir_all(&dir).unwrap();
}
