//! The model of an organization: accounts and everything IAM keeps in them.
//!
//! Names that AWS treats as unique ignoring case are keyed by their lower-case
//! form; each entity keeps the name as the learner wrote it. Ordered maps keep
//! every listing deterministic.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

use super::policy::{self, Policy, PolicyError, PolicyKind};

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
pub struct Scp {
    pub name: String,
    pub doc: Arc<PolicyDoc>,
}

/// A resource control policy as attached to an account or the root: the
/// same shape as an SCP (a name and a document).
pub type Rcp = Scp;

/// The two kinds of authorization policy AWS Organizations manages, with
/// the names its API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgPolicyType {
    ServiceControl,
    ResourceControl,
}

impl OrgPolicyType {
    /// `SERVICE_CONTROL_POLICY` or `RESOURCE_CONTROL_POLICY`.
    pub fn api_name(self) -> &'static str {
        match self {
            OrgPolicyType::ServiceControl => "SERVICE_CONTROL_POLICY",
            OrgPolicyType::ResourceControl => "RESOURCE_CONTROL_POLICY",
        }
    }

    /// The lower-case form in a policy ARN: `service_control_policy`.
    pub fn arn_name(self) -> &'static str {
        match self {
            OrgPolicyType::ServiceControl => "service_control_policy",
            OrgPolicyType::ResourceControl => "resource_control_policy",
        }
    }

    pub fn parse(s: &str) -> Option<OrgPolicyType> {
        match s {
            "SERVICE_CONTROL_POLICY" => Some(OrgPolicyType::ServiceControl),
            "RESOURCE_CONTROL_POLICY" => Some(OrgPolicyType::ResourceControl),
            _ => None,
        }
    }

    /// The AWS managed policy AWS attaches everywhere by default.
    pub fn full_access_name(self) -> &'static str {
        match self {
            OrgPolicyType::ServiceControl => "FullAWSAccess",
            OrgPolicyType::ResourceControl => "RCPFullAWSAccess",
        }
    }
}

/// One policy of the organization, as `describe-policy` shows it. Where it
/// is attached is kept with the targets themselves (`Account::scps`,
/// `Account::rcps`, `Organization::root_scps`, `Organization::root_rcps`),
/// each holding the policy's name and a copy of its document.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgPolicy {
    /// `p-` and 8 to 128 lower-case letters or digits; AWS's own managed
    /// policies have ids such as `p-FullAWSAccess`.
    pub id: String,
    pub name: String,
    pub description: String,
    pub kind: OrgPolicyType,
    /// FullAWSAccess and RCPFullAWSAccess belong to AWS: they cannot be
    /// changed or deleted.
    pub aws_managed: bool,
    pub doc: Arc<PolicyDoc>,
}

/// An AWS organization: the accounts that belong to it are its management
/// account and every account with `scps`.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// `o-` and 10 to 32 lower-case letters or digits.
    pub id: String,
    /// The account that created the organization. SCPs and RCPs never
    /// apply to it.
    pub management_account: String,
    /// `r-` and 4 to 32 lower-case letters or digits.
    pub root_id: String,
    /// SCPs attached to the root: a level above each account's own SCPs,
    /// and, as in AWS, each level must allow.
    pub root_scps: Vec<Scp>,
    /// RCPs attached to the root, a level above each account's own RCPs.
    pub root_rcps: Vec<Rcp>,
    /// Every policy of the organization by name (AWS keeps names unique),
    /// attached or not, with AWS's two managed ones.
    pub policies: BTreeMap<String, OrgPolicy>,
}

impl Organization {
    /// Does the account belong to the organization?
    pub fn has_member(&self, org: &Org, account: &str) -> bool {
        account == self.management_account
            || org.accounts.get(account).is_some_and(|a| a.scps.is_some())
    }

    /// The organization's ARN, in the management account.
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:organizations::{}:organization/{}",
            self.management_account, self.id
        )
    }

    pub fn policy_by_id(&self, id: &str) -> Option<&OrgPolicy> {
        self.policies.values().find(|p| p.id == id)
    }

    /// A policy's ARN: AWS managed ones live under `aws`.
    pub fn policy_arn(&self, p: &OrgPolicy) -> String {
        if p.aws_managed {
            format!(
                "arn:aws:organizations::aws:policy/{}/{}",
                p.kind.arn_name(),
                p.id
            )
        } else {
            format!(
                "arn:aws:organizations::{}:policy/{}/{}/{}",
                self.management_account,
                self.id,
                p.kind.arn_name(),
                p.id
            )
        }
    }

    /// `o-a1b2c3d4e5/r-ab12/`: the path `aws:PrincipalOrgPaths` and
    /// `aws:ResourceOrgPaths` hold for an account directly under the root.
    pub fn account_path(&self) -> String {
        format!("{}/{}/", self.id, self.root_id)
    }
}

/// The document of AWS's managed `FullAWSAccess` SCP, as AWS shows it.
pub const FULL_AWS_ACCESS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

/// The document of AWS's managed `RCPFullAWSAccess` RCP.
pub const RCP_FULL_AWS_ACCESS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub name: String,
    pub account: String,
    pub region: String,
    pub created: i64,
    pub policy: Option<Arc<PolicyDoc>>,
    pub objects: BTreeMap<String, S3Object>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct S3Object {
    pub body: String,
    pub modified: i64,
}

/// An EC2 instance. Only what IAM lessons need: who owns it, whether it
/// runs, and the instance profile that gives its code a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub id: String,
    pub account: String,
    pub region: String,
    /// The reservation RunInstances made (`r-...`): instances launched
    /// together share one, and DescribeInstances groups by it.
    pub reservation: String,
    pub image_id: String,
    pub instance_type: String,
    pub state: InstanceState,
    pub launched: i64,
    pub instance_profile: Option<ProfileAssociation>,
    pub tags: Vec<Tag>,
}

impl Instance {
    pub fn arn(&self) -> String {
        instance_arn(&self.region, &self.account, &self.id)
    }
}

/// An instance profile associated with an instance, as EC2 records it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileAssociation {
    /// The instance profile's ARN. Kept as given: the profile may be deleted
    /// later, and the instance then simply gets no credentials.
    pub arn: String,
    /// The profile's id (`AIPA...`), which EC2 shows beside the ARN.
    pub id: String,
    /// `iip-assoc-` and 17 hex digits.
    pub association_id: String,
}

/// EC2's instance states, with the codes the API reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    pub fn code(self) -> u32 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
        }
    }
}

/// A Lambda function: its configuration, not its code.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub name: String,
    pub account: String,
    pub region: String,
    /// The execution role's ARN: the identity the function's code runs as.
    pub role: String,
    pub runtime: String,
    pub handler: String,
    pub description: String,
    /// Seconds, 1 to 900.
    pub timeout: u32,
    /// MB, 128 to 10240.
    pub memory_size: u32,
    pub code_size: u64,
    pub code_sha256: String,
    pub last_modified: i64,
    pub revision_id: String,
}

impl Function {
    pub fn arn(&self) -> String {
        function_arn(&self.region, &self.account, &self.name)
    }
}

/// A DynamoDB table and its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub account: String,
    pub region: String,
    /// The TableId, a UUID.
    pub id: String,
    pub created: i64,
    pub partition_key: KeyAttribute,
    pub sort_key: Option<KeyAttribute>,
    pub billing: Billing,
    /// Items (maps of attribute name to AttributeValue, as the API writes
    /// them) by [`Table::item_key`].
    pub items: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyAttribute {
    pub name: String,
    pub kind: ScalarType,
}

/// The types a key attribute may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    S,
    N,
    B,
}

impl ScalarType {
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::S => "S",
            ScalarType::N => "N",
            ScalarType::B => "B",
        }
    }

    pub fn parse(s: &str) -> Option<ScalarType> {
        match s {
            "S" => Some(ScalarType::S),
            "N" => Some(ScalarType::N),
            "B" => Some(ScalarType::B),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Billing {
    PayPerRequest,
    Provisioned { read: u64, write: u64 },
}

impl Table {
    pub fn arn(&self) -> String {
        table_arn(&self.region, &self.account, &self.name)
    }

    /// The key attributes, partition key first.
    pub fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.partition_key).chain(self.sort_key.as_ref())
    }

    /// The key an item is stored under: the JSON of its key attributes'
    /// values, partition key first. Fails, in DynamoDB's words (after "One
    /// or more parameter values were invalid: "), when a key attribute is
    /// missing, has the wrong type or is empty.
    pub fn item_key(
        &self,
        item: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<String, String> {
        let mut parts = Vec::new();
        for k in self.key_attributes() {
            let Some(v) = item.get(&k.name) else {
                return Err(format!("Missing the key {} in the item", k.name));
            };
            let actual = v
                .as_object()
                .and_then(|m| m.keys().next())
                .map_or("", String::as_str);
            if actual != k.kind.as_str() {
                return Err(format!(
                    "Type mismatch for key {} expected: {} actual: {actual}",
                    k.name,
                    k.kind.as_str()
                ));
            }
            if v[actual].as_str() == Some("") {
                return Err(format!(
                    "The AttributeValue for a key attribute cannot contain an empty string value. Key: {}",
                    k.name
                ));
            }
            parts.push(v.clone());
        }
        Ok(serde_json::Value::Array(parts).to_string())
    }
}

/// Checks one DynamoDB AttributeValue (`{"S": "text"}`, `{"N": "42"}`,
/// `{"M": {...}}`, ...), with DynamoDB's wording for what is wrong.
pub fn check_attribute_value(v: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value;
    let Some(m) = v.as_object() else {
        return Err("Supplied AttributeValue is not a map of one data type to a value".into());
    };
    let mut it = m.iter();
    let (Some((kind, inner)), None) = (it.next(), it.next()) else {
        return Err(if m.is_empty() {
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
                .into()
        } else {
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes".into()
        });
    };
    let number = |s: &Value| s.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok());
    let strings = |a: &Value, each: &dyn Fn(&Value) -> bool| {
        a.as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(each))
    };
    let ok = match kind.as_str() {
        "S" | "B" => inner.is_string(),
        "N" => {
            if inner.is_string() && !number(inner) {
                return Err("A value provided cannot be converted into a number".into());
            }
            inner.is_string()
        }
        "SS" | "BS" => strings(inner, &Value::is_string),
        "NS" => strings(inner, &number),
        "BOOL" => inner.is_boolean(),
        "NULL" => inner == &Value::Bool(true),
        "M" => match inner.as_object() {
            Some(m) => {
                for v in m.values() {
                    check_attribute_value(v)?;
                }
                true
            }
            None => false,
        },
        "L" => match inner.as_array() {
            Some(a) => {
                for v in a {
                    check_attribute_value(v)?;
                }
                true
            }
            None => false,
        },
        other => {
            return Err(format!(
                "Supplied AttributeValue has an unknown data type `{other}`: use one of S, N, B, SS, NS, BS, M, L, NULL, BOOL"
            ));
        }
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Supplied AttributeValue of type {kind} has a value of the wrong shape"
        ))
    }
}

pub fn instance_arn(region: &str, account: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:instance/{id}")
}

pub fn function_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:lambda:{region}:{account}:function:{name}")
}

pub fn table_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:dynamodb:{region}:{account}:table/{name}")
}

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

/// A session policy kept as its JSON text (a sandbox saved to disk keeps
/// who it acts as), parsed again when read back.
mod session_policy_text {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::PolicyDoc;
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
