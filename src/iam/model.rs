//! The model of an organization: accounts and everything IAM keeps in them.
//!
//! Names that AWS treats as unique ignoring case are keyed by their lower-case
//! form; each entity keeps the name as the learner wrote it. Ordered maps keep
//! every listing deterministic.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

use super::policy::{self, Policy, PolicyError, PolicyKind};

mod caller;
mod organizations;
mod services;

pub use caller::{Auth, Caller, Session, SessionKind};
pub use organizations::{
    FULL_AWS_ACCESS, OrgPolicy, OrgPolicyType, Organization, RCP_FULL_AWS_ACCESS, Rcp, Scp,
};
pub use services::{
    Billing, Bucket, Function, Instance, InstanceState, KeyAttribute, ProfileAssociation, S3Object,
    ScalarType, Table, check_attribute_value, function_arn, instance_arn, table_arn,
};

/// A policy document: the text as written (AWS returns it as given) and its
/// parsed form, shared so that copies of an organization stay cheap.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDoc {
    pub text: String,
    pub policy: Policy,
}

impl PolicyDoc {
    pub fn parse(text: &str, kind: PolicyKind) -> Result<Arc<PolicyDoc>, PolicyError> {
        let policy = policy::parse(text, kind)?;
        Ok(Arc::new(PolicyDoc {
            text: text.to_string(),
            policy,
        }))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Org {
    /// Accounts by their 12-digit id.
    pub accounts: BTreeMap<String, Account>,
    /// Simulated "now", in seconds since the Unix epoch.
    pub now: i64,
    /// Drives the deterministic generator of ids and secrets.
    pub id_counter: u64,
    /// S3 buckets by name: bucket names are global across accounts.
    pub buckets: BTreeMap<String, Bucket>,
    /// Temporary credentials issued by STS, by access key id.
    pub sessions: BTreeMap<String, Session>,
    /// EC2 instances by instance id (`i-` and 17 hex digits).
    pub instances: BTreeMap<String, Instance>,
    /// Lambda functions by ARN.
    pub functions: BTreeMap<String, Function>,
    /// DynamoDB tables by ARN.
    pub tables: BTreeMap<String, Table>,
    /// The AWS organization the accounts belong to, when the file names one:
    /// its id, management account, root and policies. `None` keeps the
    /// flattened model, where each account's `scps` say all there is.
    pub organization: Option<Organization>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Account {
    pub id: String,
    pub alias: Option<String>,
    pub users: BTreeMap<String, User>,
    pub groups: BTreeMap<String, Group>,
    pub roles: BTreeMap<String, Role>,
    /// Customer managed policies by lower-case name.
    pub policies: BTreeMap<String, ManagedPolicy>,
    pub instance_profiles: BTreeMap<String, InstanceProfile>,
    /// Virtual MFA devices by lower-case name.
    pub mfa_devices: BTreeMap<String, MfaDevice>,
    /// Service control policies that apply to this account; `None` when the
    /// account is not governed by AWS Organizations.
    pub scps: Option<Vec<Scp>>,
    /// The account's password policy; `None` until one is set, when AWS's
    /// default rules apply.
    pub password_policy: Option<PasswordPolicy>,
    /// Resource control policies attached to this account: they cap what
    /// anyone may do to the account's resources. `None` when no RCP is
    /// attached beyond AWS's default `RCPFullAWSAccess`.
    pub rcps: Option<Vec<Scp>>,
    /// IAM OIDC identity providers by URL without its `https://` (the part
    /// of the ARN after `oidc-provider/`).
    pub oidc_providers: BTreeMap<String, OidcProvider>,
    /// IAM SAML identity providers by name (the part of the ARN after
    /// `saml-provider/`).
    pub saml_providers: BTreeMap<String, SamlProvider>,
    /// The last credential report GenerateCredentialReport made.
    pub credential_report: Option<CredentialReport>,
    /// Service last accessed reports by job id.
    pub access_reports: BTreeMap<String, AccessReport>,
}

/// An OpenID Connect identity provider: whose web identity tokens STS
/// accepts for AssumeRoleWithWebIdentity, and for which audiences.
#[derive(Debug, Clone, PartialEq)]
pub struct OidcProvider {
    /// The issuer URL without `https://`: `token.actions.githubusercontent.com`.
    pub url: String,
    /// The audiences (`aud` claims) accepted, in the order given.
    pub client_ids: Vec<String>,
    /// SHA-1 thumbprints of the issuer's certificate, 40 hex digits each;
    /// optional since AWS trusts well-known issuers' root CAs.
    pub thumbprints: Vec<String>,
    pub created: i64,
    pub tags: Vec<Tag>,
}

/// A SAML 2.0 identity provider: the metadata document that says whose
/// assertions STS accepts for AssumeRoleWithSAML.
#[derive(Debug, Clone, PartialEq)]
pub struct SamlProvider {
    pub name: String,
    pub metadata: String,
    /// The SAMLProviderUUID AWS assigns (`SPUUID` and hex digits).
    pub uuid: String,
    pub created: i64,
    /// The metadata's `validUntil`, as written there, when it has one.
    pub valid_until: Option<String>,
    pub tags: Vec<Tag>,
}

pub fn oidc_provider_arn(account: &str, url: &str) -> String {
    format!("arn:aws:iam::{account}:oidc-provider/{url}")
}

pub fn saml_provider_arn(account: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:saml-provider/{name}")
}

/// A credential report as IAM keeps it: a snapshot taken when it was
/// generated, handed out unchanged until a newer one replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialReport {
    pub generated: i64,
    /// The CSV text, before the API base64-encodes it.
    pub csv: String,
}

/// An account password policy, as UpdateAccountPasswordPolicy sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub minimum_password_length: u32,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase_characters: bool,
    pub require_lowercase_characters: bool,
    pub allow_users_to_change_password: bool,
    /// Days a password stays valid; `None`: passwords never expire.
    pub max_password_age: Option<u32>,
    /// How many earlier passwords a user may not reuse.
    pub password_reuse_prevention: Option<u32>,
    pub hard_expiry: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub name: String,
    pub path: String,
    pub id: String,
    pub created: i64,
    pub login_profile: Option<LoginProfile>,
    pub access_keys: Vec<AccessKey>,
    /// Serial numbers (ARNs) of the MFA devices enabled for this user.
    pub mfa_devices: Vec<String>,
    pub tags: Vec<Tag>,
    /// Inline policies by name (case-sensitive, as AWS keeps them).
    pub inline: BTreeMap<String, Arc<PolicyDoc>>,
    /// ARNs of attached managed policies, in attachment order.
    pub attached: Vec<String>,
    pub boundary: Option<String>,
    /// Lower-case names of the groups the user belongs to, in joining order.
    pub groups: Vec<String>,
    pub password_last_used: Option<i64>,
    /// What the user last attempted, action by action: IAM's service and
    /// action last accessed data (see `usage`).
    pub accessed: Accessed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoginProfile {
    pub created: i64,
    pub password_reset_required: bool,
    /// Kept so sign-in can be simulated; never printed.
    pub password: String,
    /// When the password was last set: at creation, then by each change.
    pub changed: i64,
    /// Earlier passwords, newest first, as many as password reuse
    /// prevention can ask about (24); never printed.
    pub previous: Vec<String>,
}

/// Deserialize: an organization file names the status (`status: Inactive`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum KeyStatus {
    Active,
    Inactive,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "Active",
            KeyStatus::Inactive => "Inactive",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AccessKey {
    pub id: String,
    pub secret: String,
    pub status: KeyStatus,
    pub created: i64,
    pub last_used: Option<LastUsed>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LastUsed {
    pub date: i64,
    pub service: String,
}

/// The last attempt of each action by one user or role, keyed by the
/// action in AWS's spelling (`s3:CreateBucket`).
pub type Accessed = BTreeMap<String, Attempt>;

/// When and where an identity last attempted an action, allowed or not:
/// IAM's last accessed data counts every authenticated attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub date: i64,
    pub region: String,
}

/// A service last accessed report, made by GenerateServiceLastAccessedDetails
/// and kept for GetServiceLastAccessedDetails: a snapshot of the usage
/// records when it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReport {
    /// The job id AWS hands out: 36 characters, like a UUID.
    pub id: String,
    /// The user, group, role or policy reported on.
    pub arn: String,
    /// `SERVICE_LEVEL` or `ACTION_LEVEL`.
    pub granularity: String,
    pub created: i64,
    /// The ARN of the user or role that asked: only it may read the job.
    pub by: String,
    /// `ServicesLastAccessed` as the API returns it, in JSON.
    pub services: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub path: String,
    pub id: String,
    pub created: i64,
    pub inline: BTreeMap<String, Arc<PolicyDoc>>,
    pub attached: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub name: String,
    pub path: String,
    pub id: String,
    pub created: i64,
    pub description: String,
    pub trust: Arc<PolicyDoc>,
    /// In seconds, 3600 to 43200.
    pub max_session_duration: u32,
    pub inline: BTreeMap<String, Arc<PolicyDoc>>,
    pub attached: Vec<String>,
    pub boundary: Option<String>,
    pub tags: Vec<Tag>,
    pub last_used: Option<i64>,
    /// What sessions of the role last attempted, action by action.
    pub accessed: Accessed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ManagedPolicy {
    pub name: String,
    pub path: String,
    pub id: String,
    pub arn: String,
    pub description: String,
    pub created: i64,
    pub updated: i64,
    pub versions: Vec<PolicyVersion>,
    pub default_version: String,
    /// Next version number to hand out: AWS never reuses a version id.
    pub next_version: u32,
    pub tags: Vec<Tag>,
}

impl ManagedPolicy {
    pub fn default_doc(&self) -> &Arc<PolicyDoc> {
        &self
            .versions
            .iter()
            .find(|v| v.id == self.default_version)
            .expect("a managed policy always has its default version")
            .doc
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVersion {
    pub id: String,
    pub doc: Arc<PolicyDoc>,
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceProfile {
    pub name: String,
    pub path: String,
    pub id: String,
    pub created: i64,
    /// Lower-case role names; AWS allows one role per instance profile.
    pub roles: Vec<String>,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MfaDevice {
    pub name: String,
    pub path: String,
    pub serial: String,
    /// The shared secret, Base32 as AWS returns it.
    pub seed: String,
    /// Lower-case name of the user it is enabled for.
    pub user: Option<String>,
    pub enabled: Option<i64>,
    pub tags: Vec<Tag>,
}

pub fn user_arn(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:user{path}{name}")
}

pub fn group_arn(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:group{path}{name}")
}

pub fn role_arn(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:role{path}{name}")
}

pub fn policy_arn(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:policy{path}{name}")
}

pub fn instance_profile_arn(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:instance-profile{path}{name}")
}

pub fn assumed_role_arn(account: &str, role_name: &str, session: &str) -> String {
    format!("arn:aws:sts::{account}:assumed-role/{role_name}/{session}")
}

pub fn root_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:root")
}

impl User {
    pub fn arn(&self, account: &str) -> String {
        user_arn(account, &self.path, &self.name)
    }
}

impl Group {
    pub fn arn(&self, account: &str) -> String {
        group_arn(account, &self.path, &self.name)
    }
}

impl Role {
    pub fn arn(&self, account: &str) -> String {
        role_arn(account, &self.path, &self.name)
    }
}

impl InstanceProfile {
    pub fn arn(&self, account: &str) -> String {
        instance_profile_arn(account, &self.path, &self.name)
    }
}

impl Org {
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.get(id)
    }

    /// The ARN of a caller, as `aws sts get-caller-identity` prints it.
    pub fn caller_arn(&self, caller: &Caller) -> String {
        match caller {
            Caller::Root { account } => root_arn(account),
            Caller::User { account, user, .. } => match self.user(account, user) {
                Some(u) => u.arn(account),
                None => user_arn(account, "/", user),
            },
            Caller::RoleSession {
                account,
                role,
                session_name,
                ..
            } => {
                let name = self
                    .role(account, role)
                    .map_or(role.as_str(), |r| r.name.as_str());
                assumed_role_arn(account, name, session_name)
            }
            Caller::Service(s) => s.clone(),
            Caller::Federated { provider, .. } => provider.clone(),
        }
    }

    pub fn user(&self, account: &str, name: &str) -> Option<&User> {
        self.accounts
            .get(account)?
            .users
            .get(&name.to_ascii_lowercase())
    }

    pub fn role(&self, account: &str, name: &str) -> Option<&Role> {
        self.accounts
            .get(account)?
            .roles
            .get(&name.to_ascii_lowercase())
    }

    pub fn group(&self, account: &str, name: &str) -> Option<&Group> {
        self.accounts
            .get(account)?
            .groups
            .get(&name.to_ascii_lowercase())
    }

    /// A managed policy by ARN: AWS managed (`arn:aws:iam::aws:policy/...`)
    /// or customer managed in one of the accounts.
    pub fn managed_policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        let rest = arn.strip_prefix("arn:aws:iam::")?;
        let (account, rest) = rest.split_once(':')?;
        let path_name = rest.strip_prefix("policy")?;
        let name = path_name.rsplit('/').next()?;
        if account == "aws" {
            return super::aws_managed::by_arn(arn);
        }
        let p = self
            .accounts
            .get(account)?
            .policies
            .get(&name.to_ascii_lowercase())?;
        (p.arn == arn).then_some(p)
    }
}

/// The account id AWS uses in its documentation examples; the sandbox's home.
pub const DEFAULT_ACCOUNT: &str = "111122223333";

impl Org {
    /// An organization with one empty account, at the default simulated time.
    pub fn new() -> Self {
        Self::with_accounts(&[DEFAULT_ACCOUNT])
    }

    pub fn with_accounts(ids: &[&str]) -> Self {
        let mut org = Org {
            now: super::time::DEFAULT_NOW,
            ..Default::default()
        };
        for id in ids {
            org.add_account(id);
        }
        org
    }

    pub fn add_account(&mut self, id: &str) {
        self.accounts
            .entry(id.to_string())
            .or_insert_with(|| Account {
                id: id.to_string(),
                ..Default::default()
            });
    }
}
