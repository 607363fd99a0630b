//! Who calls: STS sessions, the caller a request is made as, and how it
//! authenticated.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{PolicyDoc, Tag};

/// Temporary credentials handed out by STS.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub access_key_id: String,
    pub secret: String,
    pub token: String,
    pub expires: i64,
    pub kind: SessionKind,
    pub mfa: bool,
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SessionKind {
    /// From AssumeRole.
    Role {
        account: String,
        /// Lower-case role name.
        role: String,
        session_name: String,
        policy: Option<Arc<PolicyDoc>>,
        policy_arns: Vec<String>,
        /// True when these credentials came from another role's session.
        chained: bool,
        source_identity: Option<String>,
        /// Session tags passed to AssumeRole; they become principal tags.
        tags: Vec<Tag>,
    },
    /// From GetSessionToken: the same user, with temporary keys.
    User { account: String, user: String },
}

/// Who is making a request, with what kind of credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Caller {
    /// The account's root user: every IAM permission, limited only by SCPs
    /// and explicit denies in resource policies.
    Root { account: String },
    User {
        account: String,
        /// Lower-case user name.
        user: String,
        auth: Auth,
    },
    RoleSession {
        account: String,
        /// Lower-case role name.
        role: String,
        session_name: String,
        #[serde(with = "session_policy_text")]
        policy: Option<Arc<PolicyDoc>>,
        policy_arns: Vec<String>,
        mfa: bool,
        /// Session tags: principal tags that win over the role's own.
        tags: Vec<Tag>,
        /// When STS issued the session (simulated seconds): it becomes
        /// aws:TokenIssueTime. None for a role stepped into with `as`.
        #[serde(default)]
        issued: Option<i64>,
    },
    /// An AWS service principal such as `ec2.amazonaws.com`.
    Service(String),
    /// Someone signed in with an identity provider, holding its token or
    /// assertion, before STS has turned it into a role session: only a role's
    /// trust policy can let them in (AssumeRoleWithWebIdentity,
    /// AssumeRoleWithSAML).
    Federated {
        /// The provider's ARN (`arn:aws:iam::111122223333:oidc-provider/...`,
        /// `...:saml-provider/NAME`) or a provider AWS knows by name
        /// (`accounts.google.com`, `cognito-identity.amazonaws.com`,
        /// `graph.facebook.com`, `www.amazon.com`).
        provider: String,
        /// The token's claims as AWS's condition keys
        /// (`token.actions.githubusercontent.com:sub`, `saml:aud`, ...).
        claims: std::collections::BTreeMap<String, Vec<String>>,
    },
}

impl Caller {
    /// A user signed in with a long-term access key: how the tool acts as a
    /// user when nothing says otherwise. `user` is the lower-case name.
    pub fn user_with_key(account: &str, user: &str) -> Caller {
        Caller::User {
            account: account.to_string(),
            user: user.to_ascii_lowercase(),
            auth: Auth::AccessKey,
        }
    }

    /// A plain session of a role (no session policy, tags or MFA), named
    /// `iamtutor`: how the tool acts as a role when nothing says otherwise.
    pub fn role_session(account: &str, role: &str) -> Caller {
        Caller::RoleSession {
            account: account.to_string(),
            role: role.to_ascii_lowercase(),
            session_name: "iamtutor".into(),
            policy: None,
            policy_arns: Vec::new(),
            mfa: false,
            tags: Vec::new(),
            issued: None,
        }
    }
}

/// A session policy kept as its JSON text (a sandbox saved to disk keeps
/// who it acts as), parsed again when read back.
mod session_policy_text {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::iam::model::PolicyDoc;
    use crate::iam::policy::PolicyKind;

    pub fn serialize<S: Serializer>(doc: &Option<Arc<PolicyDoc>>, s: S) -> Result<S::Ok, S::Error> {
        doc.as_ref().map(|d| d.text.as_str()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Arc<PolicyDoc>>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        PolicyDoc::parse(&text, PolicyKind::Identity)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("session policy: {e}")))
    }
}

/// How a user authenticated: it decides aws:MultiFactorAuthPresent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Auth {
    /// A long-term access key: AWS sends no aws:MultiFactorAuthPresent at all.
    AccessKey,
    /// Temporary credentials from GetSessionToken, with or without MFA.
    SessionToken { mfa: bool },
    /// Console sign-in, with or without MFA.
    Console { mfa: bool },
}
