//! Who a command runs as: the account's administrator, an identity chosen
//! with the classroom shortcut `as`, or an AWS CLI profile made the real way
//! (`aws configure set aws_access_key_id ... --profile john`).

use super::{Outcome, Shell};
use crate::iam::error::AwsError;
use crate::iam::model::{Caller, Org};

/// The identity commands run as when they name no profile.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

    /// Checks a profile's credentials the way AWS checks a signed request.
    fn profile_caller(&self, name: &str) -> Result<Caller, AwsError> {
        let Some(p) = self.profiles.get(name) else {
            return Err(AwsError::new(
                "ProfileNotFound",
                format!("The config profile ({name}) could not be found"),
            ));
        };
        let (Some(key), Some(secret)) = (&p.access_key_id, &p.secret_access_key) else {
            return Err(AwsError::new(
                "NoCredentials",
                format!(
                    "Unable to locate credentials for profile {name}. Set both with `aws configure set aws_access_key_id ... --profile {name}` and `aws configure set aws_secret_access_key ... --profile {name}`."
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
                return Outcome::err(format!("as: profile {who} cannot be used: {}\n", e.message));
            }
            self.acting = Acting::Profile(who.clone());
            return self.whoami();
        }
        match self.org.resolve_principal(who, &self.home) {
            Ok(caller) => {
                self.acting = Acting::As {
                    label: who.clone(),
                    caller,
                };
                self.whoami()
            }
            Err(e) => Outcome::err(format!("as: {e}\n")),
        }
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
    pub(super) fn configure(&mut self, args: &[String]) -> Outcome {
        let mut profile = "default".to_string();
        let mut rest = Vec::new();
        let mut i = 0;
        while i < args.len() {
            if args[i] == "--profile" {
                match args.get(i + 1) {
                    Some(p) => profile = p.clone(),
                    None => {
                        return Outcome::err(
                            "aws: error: argument --profile: expected one argument\n",
                        );
                    }
                }
                i += 2;
            } else {
                rest.push(args[i].as_str());
                i += 1;
            }
        }
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
                    // The real CLI prints nothing and fails when a value is not set.
                    Some(None) => Outcome {
                        ok: false,
                        ..Default::default()
                    },
                    None => Outcome::err(format!("iamtutor: `{key}` is not a profile setting\n")),
                }
            }
            ["list"] => self.configure_list(&profile),
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

    fn configure_list(&self, name: &str) -> Outcome {
        let p = self.profiles.get(name).cloned().unwrap_or_default();
        let masked = |v: &Option<String>| match v {
            Some(v) if v.len() > 4 => format!("{}{}", "*".repeat(16), &v[v.len() - 4..]),
            Some(v) => v.clone(),
            None => "<not set>".into(),
        };
        let plain = |v: &Option<String>| v.clone().unwrap_or_else(|| "<not set>".into());
        let rows = [
            ("profile", name.to_string()),
            ("access_key", masked(&p.access_key_id)),
            ("secret_key", masked(&p.secret_access_key)),
            ("region", plain(&p.region)),
        ];
        let mut s = format!(
            "{:>10} {:>24}\n{:>10} {:>24}\n",
            "Name", "Value", "----", "-----"
        );
        for (k, v) in rows {
            s.push_str(&format!("{k:>10} {v:>24}\n"));
        }
        Outcome::out(s)
    }
}

/// How the CLI words a credentials problem: its own messages for a missing
/// profile or missing keys, AWS's error line for keys AWS refuses.
pub fn credential_error(e: &AwsError, operation: &str) -> String {
    match e.code.as_str() {
        "ProfileNotFound" => super::cli::CliError::general(&e.message).message,
        "NoCredentials" => {
            super::cli::CliError::general(format!(
                "An error occurred (NoCredentials): {}",
                e.message
            ))
            .message
        }
        _ => super::cli::service_error(&e.code, &e.message, operation, &[]).message,
    }
}
