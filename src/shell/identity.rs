//! Who a command runs as: the account's administrator, an identity chosen
//! with the classroom shortcut `as`, or an AWS CLI profile made the real way
//! (`aws configure set aws_access_key_id ... --profile john`).

use serde::{Deserialize, Serialize};

use super::{Outcome, Shell};
use crate::iam::error::AwsError;
use crate::iam::model::{Caller, Org};

/// The identity commands run as when they name no profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Acting {
    /// The root user of the home account: the sandbox's administrator.
    Admin,
    /// The classroom shortcut: act as an identity without making keys.
    As { label: String, caller: Caller },
    /// A configured profile's credentials.
    Profile(String),
}

/// One profile, as `~/.aws/credentials` and `~/.aws/config` would hold it
/// (here only in memory).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub session_token: Option<String>,
    pub region: Option<String>,
    pub output: Option<String>,
}

const KEYS: [&str; 5] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "region",
    "output",
];

impl Profile {
    fn field(&mut self, key: &str) -> Option<&mut Option<String>> {
        Some(match key {
            "aws_access_key_id" => &mut self.access_key_id,
            "aws_secret_access_key" => &mut self.secret_access_key,
            "aws_session_token" => &mut self.session_token,
            "region" => &mut self.region,
            "output" => &mut self.output,
            _ => return None,
        })
    }
}

/// The secret and session token AWS expects with an access key id.
fn expected_secret(org: &Org, key_id: &str) -> Option<(String, Option<String>)> {
    if let Some(s) = org.sessions.get(key_id) {
        return Some((s.secret.clone(), Some(s.token.clone())));
    }
    org.accounts
        .values()
        .flat_map(|a| a.users.values())
        .flat_map(|u| &u.access_keys)
        .find(|k| k.id == key_id)
        .map(|k| (k.secret.clone(), None))
}

impl Shell {
    /// The caller for the acting identity.
    pub(super) fn acting_caller(&self) -> Result<Caller, AwsError> {
        match &self.acting {
            Acting::Admin => Ok(Caller::Root {
                account: self.home.clone(),
            }),
            Acting::As { caller, .. } => Ok(caller.clone()),
            Acting::Profile(name) => self.profile_caller(name),
        }
    }

    /// The caller for `--profile NAME`, or the acting identity.
    pub(super) fn caller_for(
        &self,
        profile: Option<&str>,
        acting: Result<Caller, AwsError>,
    ) -> Result<Caller, AwsError> {
        match profile {
            Some(name) => self.profile_caller(name),
            None => acting,
        }
    }

    /// The settings of the profile a command uses: `--profile NAME`, or the
    /// profile acted as, or else the `default` profile, whose region and
    /// output the CLI reads whatever credentials it signs with. None when
    /// there is no such profile.
    pub(super) fn profile_settings(&self, given: Option<&str>) -> Option<&Profile> {
        let name = match (given, &self.acting) {
            (Some(name), _) => name,
            (None, Acting::Profile(name)) => name.as_str(),
            (None, _) => "default",
        };
        self.profiles.get(name)
    }

    /// Records that the long-term access key of the profile a request is
    /// signed with (`--profile NAME`, or the profile acted as) was used for
    /// `cli_service` by `caller`, the key's owner as the request's check
    /// found it. Other callers sign with no key the sandbox keeps.
    pub(super) fn record_key_use(
        &mut self,
        given: Option<&str>,
        caller: &Caller,
        cli_service: &str,
    ) {
        let name = match (given, &self.acting) {
            (Some(name), _) => name,
            (None, Acting::Profile(name)) => name.as_str(),
            (None, _) => return,
        };
        let Some(key) = self
            .profiles
            .get(name)
            .and_then(|p| p.access_key_id.clone())
        else {
            return;
        };
        let service = super::services::namespace(cli_service);
        crate::iam::usage::record_key_use(&mut self.org, caller, &key, service);
    }

    /// Checks a profile's credentials the way AWS checks a signed request.
    fn profile_caller(&self, name: &str) -> Result<Caller, AwsError> {
        let Some(p) = self.profiles.get(name) else {
            return Err(AwsError::new(
                "ProfileNotFound",
                format!("The config profile ({name}) could not be found"),
            ));
        };
        // botocore reads a key id without its secret as "partial"
        // credentials, and no key id as none at all.
        let Some(key) = &p.access_key_id else {
            return Err(AwsError::new(
                "NoCredentials",
                format!(
                    "Unable to locate credentials. You can configure credentials by running \"aws login\".\n{}",
                    set_keys_hint(name)
                ),
            ));
        };
        let Some(secret) = &p.secret_access_key else {
            return Err(AwsError::new(
                "PartialCredentials",
                format!(
                    "Partial credentials found in shared-credentials-file, missing: aws_secret_access_key\n{}",
                    set_keys_hint(name)
                ),
            ));
        };
        let invalid = || {
            AwsError::new(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            )
        };
        let (want_secret, want_token) = expected_secret(&self.org, key).ok_or_else(invalid)?;
        if want_token.is_some() && p.session_token != want_token {
            return Err(invalid());
        }
        if *secret != want_secret {
            return Err(AwsError::new(
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            ));
        }
        self.org.caller_for_access_key(key)
    }

    pub(super) fn as_cmd(&mut self, args: &[String]) -> Outcome {
        let Some(who) = args.first() else {
            return self.whoami();
        };
        if who == "admin" || who == "root" {
            self.acting = Acting::Admin;
            return self.whoami();
        }
        if self.profiles.contains_key(who) {
            if let Err(e) = self.profile_caller(who) {
                let why = e.message.lines().next().unwrap_or_default();
                return Outcome::err(format!("as: profile {who} cannot be used: {why}\n"));
            }
            self.acting = Acting::Profile(who.clone());
            return self.whoami();
        }
        match self.org.resolve_principal(who, &self.home) {
            Ok(caller) => {
                // Said before the switch: whether the one acting now could
                // have assumed the role the real way.
                let mut note = self.shortcut_note(&caller);
                note.push_str(&self.expired_password_note(&caller));
                self.acting = Acting::As {
                    label: who.clone(),
                    caller,
                };
                let mut o = self.whoami();
                o.stdout.push_str(&note);
                o
            }
            Err(e) => Outcome::err(format!("as: {e}\n")),
        }
    }

    /// When `as USER` acts as a user whose console password has outlived
    /// the password policy's maximum age: what AWS does at the user's next
    /// console sign-in. Empty otherwise.
    fn expired_password_note(&self, target: &Caller) -> String {
        let Caller::User { account, user, .. } = target else {
            return String::new();
        };
        let Some(a) = self.org.accounts.get(account) else {
            return String::new();
        };
        let Some(u) = a.users.get(user) else {
            return String::new();
        };
        let Some(profile) = &u.login_profile else {
            return String::new();
        };
        let policy = a.password_policy.as_ref();
        let Some(expired) = crate::iam::ops::expires_at(policy, profile.changed) else {
            return String::new();
        };
        if expired > self.org.now {
            return String::new();
        }
        let when = crate::iam::time::iso8601(expired);
        let name = &u.name;
        // HardExpiry: only an administrator can give the user a password
        // again; without it, the expired password still signs in once, to
        // choose a new one.
        let next = if policy.and_then(|p| p.hard_expiry) == Some(true) {
            format!(
                "with HardExpiry set, {name} cannot choose a new one and cannot sign in until an administrator sets a new password:\n  \
                 aws iam update-login-profile --user-name {name} --password NEW-PASSWORD --password-reset-required\n"
            )
        } else {
            format!(
                "at the next console sign-in AWS asks {name} to choose a new password (HardExpiry is not set).\n"
            )
        };
        format!(
            "(iamtutor) {name}'s console password expired on {when}, under the account's maximum password age: {next}"
        )
    }

    /// When `as role/NAME` steps into a role that its trust policy would
    /// not let the identity acting now assume: a note that `as` is the
    /// sandbox's shortcut, and the real way in. Empty otherwise (and for
    /// anything but a role).
    fn shortcut_note(&self, target: &Caller) -> String {
        let Caller::RoleSession { account, role, .. } = target else {
            return String::new();
        };
        let Some(r) = self.org.role(account, role) else {
            return String::new();
        };
        let arn = r.arn(account);
        let Ok(me) = self.acting_caller() else {
            return String::new();
        };
        let who = self.identity_label();
        let why = if matches!(me, Caller::Root { .. }) {
            "the root user, acting now, can never assume a role".to_string()
        } else {
            let mut context = crate::iam::context::Context::new();
            context.set_one("sts:RoleSessionName", "iamtutor".to_string());
            match self.org.explain(&me, "sts:AssumeRole", &arn, &context) {
                Ok(e) if e.decision.is_allowed() => return String::new(),
                _ => format!("its trust policy would not let {who} assume it"),
            }
        };
        let (names, services_only) = trusted(r, account);
        let trusts = if names.is_empty() {
            String::new()
        } else {
            format!(" (it trusts {})", names.join(", "))
        };
        // A role for a service is assumed by the service, for code it runs.
        let who_calls = if services_only {
            "the service makes this call for code it runs (`help on`)"
        } else {
            "an identity it trusts runs"
        };
        format!(
            "(iamtutor) `as` stepped into {} directly, a sandbox shortcut (`help as`): \
             {why}{trusts}. In AWS, {who_calls}:\n  \
             aws sts assume-role --role-arn {arn} --role-session-name my-session\n",
            r.name,
        )
    }

    /// A short sentence on who commands run as now.
    pub fn identity_label(&self) -> String {
        match &self.acting {
            Acting::Admin => format!("admin (root user of account {})", self.home),
            Acting::As { label, .. } => label.clone(),
            Acting::Profile(name) => format!("profile {name}"),
        }
    }

    pub(super) fn whoami(&self) -> Outcome {
        match self.acting_caller() {
            Ok(caller) => Outcome::out(format!(
                "Acting as {}: {}\n",
                self.identity_label(),
                self.org.caller_arn(&caller)
            )),
            Err(e) => Outcome::err(format!(
                "Acting as {}, whose credentials do not work: {}\n",
                self.identity_label(),
                e.message
            )),
        }
    }

    /// `aws configure set|get|list|list-profiles`.
    /// `aws configure set|get|list|list-profiles`. `given` is the global
    /// `--profile`, already taken off the line.
    pub(super) fn configure(&mut self, given: Option<String>, args: &[String]) -> Outcome {
        let profile = given.clone().unwrap_or_else(|| "default".to_string());
        let rest: Vec<&str> = args.iter().map(String::as_str).collect();
        match rest.as_slice() {
            ["set", key, value] => {
                let entry = self.profiles.entry(profile.clone()).or_default();
                match entry.field(key) {
                    Some(slot) => {
                        *slot = Some(value.to_string());
                        Outcome::out("")
                    }
                    None => Outcome::err(format!(
                        "iamtutor: the sandbox keeps only {} in a profile; `{key}` is not one of them\n",
                        KEYS.join(", ")
                    )),
                }
            }
            ["get", key] => {
                let value = self.profiles.get(&profile).cloned().unwrap_or_default();
                let mut value = value;
                match value.field(key) {
                    Some(Some(v)) => Outcome::out(format!("{v}\n")),
                    // The real CLI prints nothing and exits 1 when a value is
                    // not set.
                    Some(None) => Outcome::fail("", 1),
                    None => Outcome::err(format!("iamtutor: `{key}` is not a profile setting\n")),
                }
            }
            ["list"] => self.configure_list(&profile, given.is_some()),
            ["list-profiles"] => Outcome::out(
                self.profiles
                    .keys()
                    .map(|k| format!("{k}\n"))
                    .collect::<String>(),
            ),
            [] => Outcome::err(
                "iamtutor: `aws configure` asks its questions interactively; in the sandbox set each value instead:\n  aws configure set aws_access_key_id AKIA... --profile john\n  aws configure set aws_secret_access_key ... --profile john\n".to_string(),
            ),
            _ => Outcome::err(
                "usage: aws configure set|get <setting> [value] [--profile NAME] | list [--profile NAME] | list-profiles\n".to_string(),
            ),
        }
    }

    /// `aws configure list`: each setting with where it came from, as the
    /// CLI prints them (`%10s %24s %16s    %s`). The keys live in the
    /// credentials file, the region in the config file.
    fn configure_list(&self, name: &str, given: bool) -> Outcome {
        let p = self.profiles.get(name).cloned().unwrap_or_default();
        let row = |n: &str, value: &str, kind: &str, location: &str| {
            format!("{n:>10} {value:>24} {kind:>16}    {location}\n")
        };
        let unset = |n: &str| row(n, "<not set>", "None", "None");
        // The CLI masks all but the last four characters, whatever the length.
        let masked = |v: &str| {
            let tail: String = v
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("{}{tail}", "*".repeat(16))
        };
        let mut s = row("Name", "Value", "Type", "Location");
        s.push_str(&row("----", "-----", "----", "--------"));
        s.push_str(&if given {
            row("profile", name, "manual", "--profile")
        } else {
            unset("profile")
        });
        match (&p.access_key_id, &p.secret_access_key) {
            (Some(key), secret) => {
                s.push_str(&row(
                    "access_key",
                    &masked(key),
                    "shared-credentials-file",
                    "",
                ));
                s.push_str(&match secret {
                    Some(secret) => {
                        row("secret_key", &masked(secret), "shared-credentials-file", "")
                    }
                    None => unset("secret_key"),
                });
            }
            (None, _) => {
                s.push_str(&unset("access_key"));
                s.push_str(&unset("secret_key"));
            }
        }
        s.push_str(&match &p.region {
            Some(r) => row("region", r, "config-file", "~/.aws/config"),
            None => unset("region"),
        });
        Outcome::out(s)
    }
}

/// Whom a role's trust policy allows in, in short: services by name, the
/// role's own account's principals without the ARN's front; and whether
/// it names services only.
fn trusted(role: &crate::iam::model::Role, account: &str) -> (Vec<String>, bool) {
    let own = format!("arn:aws:iam::{account}:");
    let mut out = Vec::new();
    let mut services_only = true;
    for statement in &role.trust.policy.statements {
        let Some(p) = statement
            .principal
            .as_ref()
            .filter(|_| statement.effect == crate::iam::policy::Effect::Allow)
        else {
            continue;
        };
        if p.any || !p.aws.is_empty() || !p.federated.is_empty() {
            services_only = false;
        }
        if p.any {
            out.push("anyone (*)".to_string());
        }
        for arn in &p.aws {
            out.push(match arn.strip_prefix(&own) {
                Some("root") => format!("account {account}"),
                Some(rest) => rest.to_string(),
                None => arn.clone(),
            });
        }
        out.extend(p.service.iter().cloned());
        out.extend(p.federated.iter().cloned());
    }
    out.dedup();
    let services_only = services_only && !out.is_empty();
    (out, services_only)
}

/// How the CLI words a credentials problem, and the status it exits with:
/// its own messages for a missing profile (255, an uncaught botocore error),
/// half-configured keys (255) or no keys at all (253, a configuration
/// error); AWS's error line for keys the service refuses (254, as for any
/// error the service returns).
/// A line of ours after the CLI's own message, when there is one, sits
/// after a line break in the error's message.
pub fn credential_error(e: &AwsError, operation: &str) -> super::cli::CliError {
    use super::cli::{CONFIGURATION_RC, CliError};
    let (message, hint) = match e.message.split_once('\n') {
        Some((m, h)) => (m, Some(h)),
        None => (e.message.as_str(), None),
    };
    let err = match e.code.as_str() {
        "ProfileNotFound" | "PartialCredentials" => CliError::general(message),
        "NoCredentials" => {
            let mut err =
                CliError::general(format!("An error occurred (NoCredentials): {message}"));
            err.code = CONFIGURATION_RC;
            err
        }
        _ => super::cli::service_error(&e.code, message, operation, &[]),
    };
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

/// Whether the CLI finds the problem itself, before it sends a request: a
/// missing profile or keys. Anything else is AWS refusing the keys.
pub fn before_any_request(e: &AwsError) -> bool {
    matches!(
        e.code.as_str(),
        "ProfileNotFound" | "PartialCredentials" | "NoCredentials"
    )
}

/// How to give a profile its keys in the sandbox, where `aws configure`
/// cannot ask its questions.
fn set_keys_hint(profile: &str) -> String {
    format!(
        "set the profile's keys with `aws configure set aws_access_key_id ... --profile {profile}` and `aws configure set aws_secret_access_key ... --profile {profile}`"
    )
}

#[cfg(test)]
mod tests {
    use crate::iam::org_file;
    use crate::shell::Shell;

    fn startup() -> Shell {
        let text = include_str!("../../assets/orgs/startup.ron");
        Shell::new(org_file::from_ron(text).expect("startup loads"))
    }

    const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/S3AccessRole";

    #[test]
    fn as_a_role_the_trust_policy_refuses_says_it_is_a_shortcut_and_the_real_way() {
        let mut sh = startup();
        sh.run("as john");
        let o = sh.run("as role/S3AccessRole");
        assert!(o.ok);
        assert!(
            o.stdout.starts_with("Acting as role/S3AccessRole: "),
            "{}",
            o.stdout
        );
        let note = o.stdout.lines().skip(1).collect::<Vec<_>>().join("\n");
        assert!(
            note.contains(
                "its trust policy would not let john assume it (it trusts ec2.amazonaws.com)"
            ),
            "{note}"
        );
        assert!(note.contains("a sandbox shortcut (`help as`)"), "{note}");
        assert!(
            note.contains("In AWS, the service makes this call for code it runs"),
            "{note}"
        );
        assert!(
            note.ends_with(&format!(
                "aws sts assume-role --role-arn {ROLE_ARN} --role-session-name my-session"
            )),
            "{note}"
        );
        // The real call agrees.
        sh.run("as john");
        let o = sh.run(&format!(
            "aws sts assume-role --role-arn {ROLE_ARN} --role-session-name my-session"
        ));
        assert!(o.stderr.contains("(AccessDenied)"), "{}", o.stderr);
        // As the administrator (the root user), whom no trust policy lets in.
        sh.run("as admin");
        let o = sh.run("as role/S3AccessRole");
        assert!(
            o.stdout
                .contains("root user, acting now, can never assume a role")
        );
    }

    #[test]
    fn as_a_role_the_trust_policy_allows_says_nothing_more() {
        let mut sh = startup();
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/john"},"Action":"sts:AssumeRole"}]}"#;
        let o = sh.run(&format!(
            "aws iam update-assume-role-policy --role-name S3AccessRole --policy-document '{trust}'"
        ));
        assert!(o.ok, "{}", o.stderr);
        sh.run("as john");
        let o = sh.run("as role/S3AccessRole");
        assert_eq!(
            o.stdout,
            "Acting as role/S3AccessRole: arn:aws:sts::111122223333:assumed-role/S3AccessRole/iamtutor\n"
        );
        // Sarah may not: the note names whom it trusts, and who calls.
        sh.run("as sarah");
        let o = sh.run("as role/S3AccessRole");
        assert!(
            o.stdout.contains(
                "its trust policy would not let sarah assume it (it trusts user/john). \
                 In AWS, an identity it trusts runs:"
            ),
            "{}",
            o.stdout
        );
        // The real call agrees: john may assume it.
        sh.run("as john");
        let o = sh.run(&format!(
            "aws sts assume-role --role-arn {ROLE_ARN} --role-session-name my-session"
        ));
        assert!(o.ok, "{}", o.stderr);
    }
}
