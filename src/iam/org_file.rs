//! Organization files: a whole organization as RON text, and back.
//!
//! Teachers and course authors write organizations by hand (lab start states,
//! demo companies), and the sandbox saves what a learner built. Both use this
//! one format, described for authors in `docs/org-format.md`. Policies are
//! AWS's JSON, verbatim, inside RON raw strings, so a policy reads exactly as
//! it would in the AWS console.
//!
//! Reading happens in two passes. The first is serde over RON: it catches
//! syntax errors, unknown fields and wrong types, with ron's own position.
//! Every field that a later check may need to point at (names, references,
//! dates, policy documents) is captured in that pass as a `&RawValue`: a slice
//! of the source text, so its byte offset in the file is known exactly. The
//! second pass builds the model and checks what serde cannot (AWS's name
//! rules, references, quotas, policy grammar), collecting every problem it
//! finds instead of stopping at the first.
//!
//! No file-system access here: the caller reads the file and passes the text.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use ron::value::RawValue;
use serde::Deserialize;

use super::aws_managed;
use super::json::Pos;
use super::model::{
    AccessKey, Account, Billing, Bucket, Function, Group, Instance, InstanceProfile, InstanceState,
    KeyAttribute, KeyStatus, LastUsed, LoginProfile, ManagedPolicy, MfaDevice, Org, PolicyDoc,
    PolicyVersion, ProfileAssociation, Role, S3Object, ScalarType, Scp, Session, SessionKind,
    Table, Tag, User, check_attribute_value, function_arn, policy_arn, table_arn,
};
use super::model::{OrgPolicy, OrgPolicyType, Organization};
use super::org_policy;
use super::policy::{PolicyKind, counted_size};
use super::time;

mod federation;
mod usage;
pub use federation::{SSO_ROLE_PATH, sso_provider_name, sso_role_arn, sso_role_name};

/// One problem in an organization file, at a 1-based line and column (the
/// column counts characters, as ron's do). Displays as `line:col: message`;
/// the caller puts the file name in front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFileError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for OrgFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for OrgFileError {}

// ---------------------------------------------------------------------------
// AWS's limits that a file is checked against.

const GROUPS_PER_USER: usize = 10;
const MANAGED_PER_ENTITY: usize = 10;
const ACCESS_KEYS_PER_USER: usize = 2;
const VERSIONS_PER_POLICY: usize = 5;
const MFA_DEVICES_PER_USER: usize = 8;
const TAGS_PER_ENTITY: usize = 50;
const MANAGED_POLICY_SIZE: usize = 6144;
const TRUST_POLICY_SIZE: usize = 2048;
const INLINE_SIZE_USER: usize = 2048;
const INLINE_SIZE_GROUP: usize = 5120;
const INLINE_SIZE_ROLE: usize = 10240;
const DEFAULT_SESSION: u32 = 3600;
const MAX_SESSION: u32 = 43_200;
const DEFAULT_REGION: &str = "us-east-1";

// ---------------------------------------------------------------------------
// The file's shape, as serde reads it. `Raw` fields are decoded in the
// second pass, where their position is known.

type Raw<'a> = &'a RawValue;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Org")]
struct OrgFile<'a> {
    #[serde(borrow, default)]
    now: Option<Raw<'a>>,
    #[serde(default)]
    id_counter: Option<u64>,
    #[serde(borrow, default)]
    accounts: Vec<AccountFile<'a>>,
    #[serde(borrow, default)]
    buckets: Vec<BucketFile<'a>>,
    #[serde(borrow, default)]
    sessions: Vec<SessionFile<'a>>,
    #[serde(borrow, default)]
    instances: Vec<InstanceFile<'a>>,
    #[serde(borrow, default)]
    functions: Vec<FunctionFile<'a>>,
    #[serde(borrow, default)]
    tables: Vec<TableFile<'a>>,
    #[serde(borrow, default)]
    organization: Option<OrganizationFile<'a>>,
    /// IAM Identity Center permission sets and the accounts they are
    /// assigned to: each becomes a role in each of those accounts.
    #[serde(borrow, default)]
    permission_sets: Vec<federation::PermissionSetFile<'a>>,
    /// The AWS CLI's named profiles, kept by `iamtutor aws --state` so a
    /// profile configured by one command is there for the next.
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

/// One profile of the AWS CLI's configuration (what `~/.aws/credentials`
/// and `~/.aws/config` hold for it), as a state file keeps it. The engine
/// does not read it: the sandbox's command line does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename = "Profile")]
pub struct CliProfile {
    pub name: String,
    #[serde(default)]
    pub aws_access_key_id: Option<String>,
    #[serde(default)]
    pub aws_secret_access_key: Option<String>,
    #[serde(default)]
    pub aws_session_token: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub output: Option<String>,
}

/// The CLI profiles an organization file keeps (none when it does not
/// read: [`from_ron`] says why).
pub fn cli_profiles(text: &str) -> Vec<CliProfile> {
    ron_options()
        .from_str::<OrgFile<'_>>(text)
        .map(|f| f.profiles)
        .unwrap_or_default()
}

/// An organization file with the CLI profiles after the organization.
pub fn to_ron_with_profiles(org: &Org, profiles: &[CliProfile]) -> String {
    let text = to_ron(org);
    if profiles.is_empty() {
        return text;
    }
    let mut w = Writer {
        out: String::new(),
        depth: 1,
    };
    w.open("profiles: [");
    for p in profiles {
        w.open("Profile(");
        w.string("name", &p.name);
        for (key, value) in [
            ("aws_access_key_id", &p.aws_access_key_id),
            ("aws_secret_access_key", &p.aws_secret_access_key),
            ("aws_session_token", &p.aws_session_token),
            ("region", &p.region),
            ("output", &p.output),
        ] {
            if let Some(v) = value {
                w.string(key, v);
            }
        }
        w.close("),");
    }
    w.close("],");
    // The organization's closing parenthesis is its last line.
    let end = text.trim_end().len() - 1;
    format!("{}{}{}", &text[..end], w.out, &text[end..])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Account")]
struct AccountFile<'a> {
    #[serde(borrow)]
    id: Raw<'a>,
    #[serde(borrow, default)]
    alias: Option<Raw<'a>>,
    #[serde(borrow, default)]
    policies: Vec<PolicyFile<'a>>,
    #[serde(borrow, default)]
    groups: Vec<GroupFile<'a>>,
    #[serde(borrow, default)]
    users: Vec<UserFile<'a>>,
    #[serde(borrow, default)]
    roles: Vec<RoleFile<'a>>,
    #[serde(borrow, default)]
    instance_profiles: Vec<InstanceProfileFile<'a>>,
    #[serde(borrow, default)]
    mfa_devices: Vec<MfaDeviceFile<'a>>,
    #[serde(borrow, default)]
    scps: Option<Vec<ScpFile<'a>>>,
    #[serde(default)]
    password_policy: Option<PasswordPolicyFile>,
    #[serde(borrow, default)]
    rcps: Option<Vec<RcpFile<'a>>>,
    #[serde(borrow, default)]
    oidc_providers: Vec<federation::OidcProviderFile<'a>>,
    #[serde(borrow, default)]
    saml_providers: Vec<federation::SamlProviderFile<'a>>,
    #[serde(borrow, default)]
    credential_report: Option<CredentialReportFile<'a>>,
    #[serde(borrow, default)]
    access_reports: Vec<usage::AccessReportFile<'a>>,
}

/// The last credential report the account generated, kept so that
/// GetCredentialReport hands out the same snapshot later.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "CredentialReport")]
struct CredentialReportFile<'a> {
    #[serde(borrow)]
    generated: Raw<'a>,
    csv: String,
}

/// The account password policy, with AWS's member names in snake case and
/// AWS's defaults for what is left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "PasswordPolicy")]
struct PasswordPolicyFile {
    #[serde(default)]
    minimum_password_length: Option<u32>,
    #[serde(default)]
    require_symbols: bool,
    #[serde(default)]
    require_numbers: bool,
    #[serde(default)]
    require_uppercase_characters: bool,
    #[serde(default)]
    require_lowercase_characters: bool,
    #[serde(default)]
    allow_users_to_change_password: bool,
    #[serde(default)]
    max_password_age: Option<u32>,
    #[serde(default)]
    password_reuse_prevention: Option<u32>,
    #[serde(default)]
    hard_expiry: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Policy")]
struct PolicyFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(default)]
    description: String,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    updated: Option<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
    #[serde(borrow, default)]
    document: Option<Raw<'a>>,
    #[serde(borrow, default)]
    versions: Vec<VersionFile<'a>>,
    #[serde(borrow, default)]
    default_version: Option<Raw<'a>>,
    #[serde(default)]
    next_version: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Version")]
struct VersionFile<'a> {
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow)]
    document: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Group")]
struct GroupFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    policies: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    inline: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "User")]
struct UserFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    groups: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    policies: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    inline: Pairs<'a>,
    #[serde(borrow, default)]
    boundary: Option<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
    #[serde(borrow, default)]
    login_profile: Option<LoginProfileFile<'a>>,
    #[serde(borrow, default)]
    access_keys: Vec<AccessKeyFile<'a>>,
    #[serde(borrow, default)]
    mfa_devices: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    password_last_used: Option<Raw<'a>>,
    #[serde(borrow, default)]
    accessed: Vec<usage::AttemptFile<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "LoginProfile")]
struct LoginProfileFile<'a> {
    password: String,
    #[serde(default)]
    password_reset_required: bool,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    /// When the password was last set, if not at creation.
    #[serde(borrow, default)]
    changed: Option<Raw<'a>>,
    /// Earlier passwords, newest first, for password reuse prevention.
    #[serde(default)]
    previous: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "AccessKey")]
struct AccessKeyFile<'a> {
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    status: Option<StatusFile>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    last_used: Option<LastUsedFile<'a>>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename = "KeyStatus")]
enum StatusFile {
    Active,
    Inactive,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "LastUsed")]
struct LastUsedFile<'a> {
    #[serde(borrow)]
    date: Raw<'a>,
    service: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Role")]
struct RoleFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(default)]
    description: String,
    #[serde(borrow)]
    trust: Raw<'a>,
    #[serde(default)]
    max_session_duration: Option<u32>,
    #[serde(borrow, default)]
    policies: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    inline: Pairs<'a>,
    #[serde(borrow, default)]
    boundary: Option<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
    #[serde(borrow, default)]
    last_used: Option<Raw<'a>>,
    #[serde(borrow, default)]
    accessed: Vec<usage::AttemptFile<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "InstanceProfile")]
struct InstanceProfileFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    roles: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "MfaDevice")]
struct MfaDeviceFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    path: Option<Raw<'a>>,
    #[serde(default)]
    serial: Option<String>,
    #[serde(default)]
    seed: Option<String>,
    #[serde(borrow, default)]
    enabled: Option<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Scp")]
struct ScpFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    /// Optional in an organization for a policy it already has (AWS's
    /// FullAWSAccess, or one in `organization.policies`).
    #[serde(borrow, default)]
    document: Option<Raw<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Rcp")]
struct RcpFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    document: Option<Raw<'a>>,
}

/// The AWS organization the accounts belong to.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Organization")]
struct OrganizationFile<'a> {
    #[serde(borrow)]
    id: Raw<'a>,
    #[serde(borrow)]
    management_account: Raw<'a>,
    #[serde(borrow, default)]
    root_id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    root_scps: Option<Vec<ScpFile<'a>>>,
    #[serde(borrow, default)]
    root_rcps: Option<Vec<RcpFile<'a>>>,
    #[serde(borrow, default)]
    policies: Vec<OrgPolicyFile<'a>>,
}

/// A policy of the organization, attached or not.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "OrgPolicy")]
struct OrgPolicyFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, rename = "type")]
    kind: Raw<'a>,
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(default)]
    description: String,
    #[serde(borrow)]
    document: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Bucket")]
struct BucketFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    account: Option<Raw<'a>>,
    #[serde(default)]
    region: Option<String>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    policy: Option<Raw<'a>>,
    #[serde(borrow, default)]
    objects: Vec<ObjectFile<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Object")]
struct ObjectFile<'a> {
    #[serde(borrow)]
    key: Raw<'a>,
    #[serde(default)]
    body: String,
    #[serde(borrow, default)]
    modified: Option<Raw<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Session")]
struct SessionFile<'a> {
    #[serde(borrow, default)]
    access_key_id: Option<Raw<'a>>,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    expires: Option<Raw<'a>>,
    #[serde(default)]
    mfa: bool,
    #[serde(borrow)]
    kind: SessionKindFile<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "SessionKind")]
enum SessionKindFile<'a> {
    Role {
        account: String,
        role: String,
        session_name: String,
        #[serde(borrow, default)]
        policy: Option<Raw<'a>>,
        #[serde(default)]
        policy_arns: Vec<String>,
        #[serde(default)]
        chained: bool,
        #[serde(default)]
        source_identity: Option<String>,
        #[serde(borrow, default)]
        tags: Pairs<'a>,
    },
    User {
        account: String,
        user: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Instance")]
struct InstanceFile<'a> {
    #[serde(borrow)]
    id: Raw<'a>,
    #[serde(borrow, default)]
    account: Option<Raw<'a>>,
    #[serde(default)]
    region: Option<String>,
    #[serde(borrow, default)]
    reservation: Option<Raw<'a>>,
    #[serde(default)]
    image_id: Option<String>,
    #[serde(default)]
    instance_type: Option<String>,
    #[serde(default)]
    state: Option<StateFile>,
    #[serde(borrow, default)]
    launched: Option<Raw<'a>>,
    #[serde(borrow, default)]
    instance_profile: Option<Raw<'a>>,
    #[serde(borrow, default)]
    profile_id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    association_id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename = "InstanceState")]
enum StateFile {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Function")]
struct FunctionFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    account: Option<Raw<'a>>,
    #[serde(default)]
    region: Option<String>,
    #[serde(borrow)]
    role: Raw<'a>,
    #[serde(default)]
    runtime: Option<String>,
    #[serde(default)]
    handler: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    timeout: Option<u32>,
    #[serde(default)]
    memory_size: Option<u32>,
    #[serde(default)]
    code_size: u64,
    #[serde(default)]
    code_sha256: Option<String>,
    #[serde(borrow, default)]
    last_modified: Option<Raw<'a>>,
    #[serde(borrow, default)]
    revision_id: Option<Raw<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Table")]
struct TableFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(borrow, default)]
    account: Option<Raw<'a>>,
    #[serde(default)]
    region: Option<String>,
    #[serde(borrow, default)]
    id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow)]
    partition_key: Raw<'a>,
    #[serde(borrow, default)]
    partition_key_type: Option<Raw<'a>>,
    #[serde(borrow, default)]
    sort_key: Option<Raw<'a>>,
    #[serde(borrow, default)]
    sort_key_type: Option<Raw<'a>>,
    #[serde(borrow, default)]
    billing: Option<Raw<'a>>,
    #[serde(default)]
    read_capacity: Option<u64>,
    #[serde(default)]
    write_capacity: Option<u64>,
    #[serde(borrow, default)]
    items: Vec<Raw<'a>>,
}

/// A RON map read in the order written, keys and values kept raw: tags and
/// inline policies keep their order, and duplicates can be reported where
/// they stand instead of silently replacing each other.
#[derive(Default)]
struct Pairs<'a>(Vec<(Raw<'a>, Raw<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visitor<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map such as `{\"key\": \"value\"}`")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<Raw<'de>, Raw<'de>>()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

// ---------------------------------------------------------------------------
// Positions in the source.

struct Source<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, line_starts }
    }

    /// Where a raw value starts in the file. A raw value is a slice of the
    /// source, so this is plain pointer arithmetic; leading white space and
    /// comments are trimmed first so the position is the value's first
    /// character.
    fn offset(&self, raw: &RawValue) -> usize {
        let s = raw.trim().get_ron();
        (s.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len())
    }

    /// The 1-based line and character column of a byte offset.
    fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (to_u32(line), to_u32(col))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Text decoded from a RON string, with the file offset of each character,
/// so that a position inside the text (a policy's JSON error) maps back to
/// the exact character in the file.
struct Located {
    text: String,
    /// The byte offset in the file of each character of `text`.
    offsets: Vec<usize>,
    /// Where the string ends in the file: errors "at the end of the document".
    end: usize,
}

impl Located {
    /// The file offset of a 1-based line and column of `text`, counting the
    /// way the JSON reader does (a line feed starts a new line; every other
    /// character is one column).
    fn offset_at(&self, pos: Pos) -> usize {
        let (mut line, mut col) = (1, 1);
        for (i, c) in self.text.chars().enumerate() {
            if line == pos.line && col == pos.col {
                return self.offsets[i];
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        self.end
    }
}

/// Converts ron's error (the first pass) into ours.
fn ron_error(text: &str, e: &ron::error::SpannedError) -> OrgFileError {
    let (mut line, mut col) = (e.span.start.line, e.span.start.col);
    if e.code == ron::Error::TrailingCharacters {
        // ron points just after the value; the author wants to see the
        // stray text itself.
        let start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let rest = &text[start..];
        let skip: usize = rest
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        for c in rest[skip..].chars() {
            if !c.is_whitespace() {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
    }
    OrgFileError {
        line: to_u32(line),
        col: to_u32(col),
        message: lower_first(&e.code.to_string()),
    }
}

/// ron's messages start with a capital letter; ours start lower case.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

// ---------------------------------------------------------------------------
// Reading.

/// Reads an organization file. On failure, every problem found, in file
/// order; a syntax or type error stops reading, so it comes alone.
pub fn from_ron(text: &str) -> Result<Org, Vec<OrgFileError>> {
    let file: OrgFile<'_> = ron_options()
        .from_str(text)
        .map_err(|e| vec![ron_error(text, &e)])?;
    let mut loader = Loader::new(text);
    loader.load(&file);
    if loader.errors.is_empty() {
        Ok(loader.org)
    } else {
        let mut errors = loader.errors;
        errors.sort_by_key(|e| (e.line, e.col));
        Err(errors)
    }
}

/// A name as written and where it stands.
struct Name {
    text: String,
    offset: usize,
}

impl Name {
    fn key(&self) -> String {
        self.text.to_ascii_lowercase()
    }
}

struct Loader<'a> {
    src: Source<'a>,
    errors: Vec<OrgFileError>,
    org: Org,
    /// Ids and access key ids the file gives; generated ones avoid them.
    used_ids: BTreeSet<String>,
    /// Where each (kind, account, lower-case name) was first defined, for
    /// duplicate reports.
    defined: BTreeMap<(&'static str, String, String), usize>,
}

/// What kind of entity a name belongs to, with AWS's maximum length.
#[derive(Clone, Copy)]
struct Kind {
    word: &'static str,
    max: usize,
}

const USER: Kind = Kind {
    word: "user",
    max: 64,
};
const GROUP: Kind = Kind {
    word: "group",
    max: 128,
};
const ROLE: Kind = Kind {
    word: "role",
    max: 64,
};
const POLICY: Kind = Kind {
    word: "policy",
    max: 128,
};
const INSTANCE_PROFILE: Kind = Kind {
    word: "instance profile",
    max: 128,
};
const MFA_DEVICE: Kind = Kind {
    word: "MFA device",
    max: 226,
};

/// An identity that holds policies, for messages and per-kind limits.
struct Holder<'s> {
    word: &'static str,
    name: &'s str,
    inline_limit: usize,
}

impl Holder<'_> {
    fn label(&self) -> String {
        format!("{} `{}`", self.word, self.name)
    }
}

impl<'a> Loader<'a> {
    fn new(text: &'a str) -> Self {
        Loader {
            src: Source::new(text),
            errors: Vec::new(),
            org: Org::default(),
            used_ids: BTreeSet::new(),
            defined: BTreeMap::new(),
        }
    }

    fn error_at(&mut self, offset: usize, message: impl Into<String>) {
        let (line, col) = self.src.line_col(offset);
        self.errors.push(OrgFileError {
            line,
            col,
            message: message.into(),
        });
    }

    fn error(&mut self, raw: &RawValue, message: impl Into<String>) {
        let offset = self.src.offset(raw);
        self.error_at(offset, message);
    }

    // -- decoding raw values ------------------------------------------------

    fn string(&mut self, raw: &RawValue, what: &str) -> Option<String> {
        match ron::from_str::<String>(raw.get_ron()) {
            Ok(s) => Some(s),
            Err(_) => {
                let found = raw.trim().get_ron().to_string();
                self.error(raw, format!("{what} must be a string, found `{found}`"));
                None
            }
        }
    }

    fn opt_string(&mut self, raw: Option<&RawValue>, what: &str) -> Option<String> {
        raw.and_then(|r| self.string(r, what))
    }

    fn name(&mut self, raw: &RawValue, what: &str) -> Option<Name> {
        let offset = self.src.offset(raw);
        self.string(raw, what).map(|text| Name { text, offset })
    }

    /// A date: an ISO 8601 string (`"2026-01-05T09:00:00Z"`), or a number of
    /// seconds since 1970 for instants outside years 0000 to 9999.
    fn time(&mut self, raw: &RawValue, what: &str) -> Option<i64> {
        let s = raw.trim().get_ron();
        if s.starts_with('"') || s.starts_with('r') {
            let text = self.string(raw, what)?;
            let t = parse_iso8601(&text);
            if t.is_none() {
                self.error(
                    raw,
                    format!(
                        "{what} `{text}` is not a date: write ISO 8601 such as `2026-01-05T09:00:00Z`"
                    ),
                );
            }
            t
        } else {
            match ron::from_str::<i64>(s) {
                Ok(t) => Some(t),
                Err(_) => {
                    self.error(
                        raw,
                        format!(
                            "{what} must be a date such as `\"2026-01-05T09:00:00Z\"`, found `{s}`"
                        ),
                    );
                    None
                }
            }
        }
    }

    fn time_or(&mut self, raw: Option<&RawValue>, what: &str, default: i64) -> i64 {
        match raw {
            Some(r) => self.time(r, what).unwrap_or(default),
            None => default,
        }
    }

    fn opt_time(&mut self, raw: Option<&RawValue>, what: &str) -> Option<i64> {
        raw.and_then(|r| self.time(r, what))
    }

    /// A string with the file offset of each character: see [`Located`].
    /// Raw strings that open with a line break are dedented; see
    /// `docs/org-format.md`.
    fn located(&mut self, raw: &RawValue, what: &str) -> Option<Located> {
        let base = self.src.offset(raw);
        let s = raw.trim().get_ron();
        if let Some(rest) = s.strip_prefix('r') {
            let hashes = rest.bytes().take_while(|&b| b == b'#').count();
            let open = 1 + hashes + 1;
            let close = 1 + hashes;
            if s.len() >= open + close && s.as_bytes()[open - 1] == b'"' {
                return Some(dedent(&s[open..s.len() - close], base + open));
            }
        } else if s.starts_with('"') {
            let text = self.string(raw, what)?;
            let end = base + s.len() - 1;
            let offsets = escaped_offsets(&s[1..s.len() - 1], base + 1, &text)
                .unwrap_or_else(|| vec![base; text.chars().count()]);
            return Some(Located { text, offsets, end });
        }
        self.error(
            raw,
            format!("{what} must be a string, such as r#\"{{ ... }}\"#, found `{s}`"),
        );
        None
    }

    fn document(&mut self, raw: &RawValue, kind: PolicyKind, what: &str) -> Option<Arc<PolicyDoc>> {
        let located = self.located(raw, what)?;
        match PolicyDoc::parse(&located.text, kind) {
            Ok(doc) => Some(doc),
            Err(e) => {
                self.error_at(located.offset_at(e.pos), format!("{what}: {}", e.message));
                None
            }
        }
    }

    // -- checks ---------------------------------------------------------------

    /// Decodes and checks an entity's name, and reports a second entity of
    /// the same kind and name (ignoring case) in the same account. `None`
    /// means the entity is skipped.
    fn entity_name(&mut self, raw: &RawValue, kind: Kind, account: &str) -> Option<Name> {
        let name = self.name(raw, &format!("{} name", kind.word))?;
        self.check_name(&name, kind.word, kind.max);
        let key = (kind.word, account.to_string(), name.key());
        if let Some(&first) = self.defined.get(&key) {
            let (line, col) = self.src.line_col(first);
            self.error_at(
                name.offset,
                format!(
                    "duplicate {} name `{}`: one is already defined at {line}:{col}, and IAM names are unique ignoring case",
                    kind.word, name.text
                ),
            );
            return None;
        }
        self.defined.insert(key, name.offset);
        Some(name)
    }

    /// AWS's rule for IAM names: 1 to `max` letters, digits and `_+=,.@-`.
    fn check_name(&mut self, name: &Name, word: &str, max: usize) {
        let n = name.text.chars().count();
        let chars_ok = name
            .text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
        if n == 0 || n > max || !chars_ok {
            self.error_at(
                name.offset,
                format!(
                    "{word} name `{}` is not valid: use 1 to {max} letters, digits and `_+=,.@-`",
                    name.text
                ),
            );
        }
    }

    /// A path is `/`, or starts and ends with `/` with printable ASCII
    /// between; at most 512 characters.
    fn path(&mut self, raw: Option<&RawValue>) -> String {
        let Some(raw) = raw else {
            return "/".into();
        };
        let Some(path) = self.string(raw, "path") else {
            return "/".into();
        };
        let ok = path == "/"
            || (path.len() >= 2
                && path.len() <= 512
                && path.starts_with('/')
                && path.ends_with('/')
                && path.chars().all(|c| ('!'..='~').contains(&c)));
        if !ok {
            self.error(
                raw,
                format!(
                    "path `{path}` is not valid: a path is `/` or starts and ends with `/`, such as `/engineering/`"
                ),
            );
        }
        path
    }

    /// The given id, or a new one from the organization's counter that the
    /// file does not already use.
    fn id(&mut self, raw: Option<&RawValue>, prefix: &str) -> String {
        if let Some(id) = self.opt_string(raw, "id") {
            return id;
        }
        loop {
            let id = self.org.new_id(prefix);
            if self.used_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn tags(&mut self, pairs: &Pairs<'_>, owner: &str) -> Vec<Tag> {
        let mut tags: Vec<Tag> = Vec::new();
        for (k, v) in &pairs.0 {
            let (Some(key), Some(value)) = (self.string(k, "tag key"), self.string(v, "tag value"))
            else {
                continue;
            };
            let klen = key.chars().count();
            if klen == 0 || klen > 128 {
                self.error(k, format!("tag key `{key}` must be 1 to 128 characters"));
            } else if key.to_ascii_lowercase().starts_with("aws:") {
                self.error(
                    k,
                    format!("tag key `{key}` starts with `aws:`, which AWS keeps for its own tags"),
                );
            }
            if value.chars().count() > 256 {
                self.error(
                    v,
                    format!("tag value of `{key}` is longer than 256 characters"),
                );
            }
            if tags.iter().any(|t| t.key.eq_ignore_ascii_case(&key)) {
                self.error(
                    k,
                    format!("{owner} has tag `{key}` twice (tag keys are unique ignoring case)"),
                );
                continue;
            }
            if tags.len() == TAGS_PER_ENTITY {
                self.error(
                    k,
                    format!("{owner} has more than {TAGS_PER_ENTITY} tags, AWS's limit"),
                );
            }
            tags.push(Tag { key, value });
        }
        tags
    }

    fn inline(
        &mut self,
        pairs: &Pairs<'_>,
        holder: &Holder<'_>,
    ) -> BTreeMap<String, Arc<PolicyDoc>> {
        let mut out = BTreeMap::new();
        let mut total = 0;
        let mut last = None;
        for (k, v) in &pairs.0 {
            let Some(name) = self.name(k, "inline policy name") else {
                continue;
            };
            self.check_name(&name, "inline policy", POLICY.max);
            if out.contains_key(&name.text) {
                self.error_at(
                    name.offset,
                    format!(
                        "{} has two inline policies named `{}`",
                        holder.label(),
                        name.text
                    ),
                );
                continue;
            }
            let what = format!("inline policy `{}` of {}", name.text, holder.label());
            if let Some(doc) = self.document(v, PolicyKind::Identity, &what) {
                total += counted_size(&doc.text);
                last = Some(name.offset);
                out.insert(name.text, doc);
            }
        }
        if let Some(offset) = last.filter(|_| total > holder.inline_limit) {
            self.error_at(
                offset,
                format!(
                    "the inline policies of {} add up to {total} characters; AWS allows {} in all (white space not counted)",
                    holder.label(),
                    holder.inline_limit
                ),
            );
        }
        out
    }

    /// Resolves a policy reference: an ARN, or a bare name that is first a
    /// customer managed policy of `account`, then an AWS managed policy.
    fn resolve_policy(&self, account: &str, reference: &str) -> Result<String, String> {
        if reference.starts_with("arn:") {
            let owner = reference
                .strip_prefix("arn:aws:iam::")
                .and_then(|r| r.split_once(':'))
                .map(|(a, _)| a);
            return match (self.org.managed_policy(reference), owner) {
                (Some(p), Some(owner)) if owner == "aws" || owner == account => Ok(p.arn.clone()),
                (Some(_), Some(owner)) => Err(format!(
                    "policy `{reference}` belongs to account `{owner}`: attach only policies of account `{account}` or AWS managed ones"
                )),
                _ if owner == Some("aws") => Err(format!(
                    "`{reference}` is not an AWS managed policy that iamtutor knows"
                )),
                _ => Err(format!("no managed policy has the ARN `{reference}`")),
            };
        }
        if let Some(p) = self
            .org
            .accounts
            .get(account)
            .and_then(|a| a.policies.get(&reference.to_ascii_lowercase()))
        {
            return Ok(p.arn.clone());
        }
        match aws_managed::by_name(reference) {
            Some(p) => Ok(p.arn.clone()),
            None => Err(format!(
                "no managed policy named `{reference}`: neither a customer managed policy of account `{account}` nor an AWS managed policy"
            )),
        }
    }

    fn policy_ref(&mut self, raw: &RawValue, account: &str, what: &str) -> Option<String> {
        let reference = self.string(raw, what)?;
        match self.resolve_policy(account, &reference) {
            Ok(arn) => Some(arn),
            Err(message) => {
                self.error(raw, message);
                None
            }
        }
    }

    fn attached(&mut self, raws: &[Raw<'_>], account: &str, holder: &Holder<'_>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            if i == MANAGED_PER_ENTITY {
                self.error(
                    raw,
                    format!(
                        "{} has more than {MANAGED_PER_ENTITY} managed policies attached, AWS's limit",
                        holder.label()
                    ),
                );
            }
            let Some(arn) = self.policy_ref(raw, account, "policy") else {
                continue;
            };
            if out.contains(&arn) {
                self.error(
                    raw,
                    format!("{} has policy `{arn}` attached twice", holder.label()),
                );
                continue;
            }
            out.push(arn);
        }
        out
    }

    fn boundary(&mut self, raw: Option<&RawValue>, account: &str) -> Option<String> {
        self.policy_ref(raw?, account, "boundary")
    }

    // -- the organization ---------------------------------------------------

    fn load(&mut self, file: &OrgFile<'_>) {
        self.org.now = match file.now {
            Some(raw) => self.time(raw, "now").unwrap_or(time::DEFAULT_NOW),
            None => time::DEFAULT_NOW,
        };
        self.org.id_counter = file.id_counter.unwrap_or(0);
        self.collect_ids(file);

        let mut accounts = Vec::new();
        for a in &file.accounts {
            if let Some(id) = self.account(a) {
                accounts.push((id, a));
            }
        }
        if let Some(o) = &file.organization {
            self.organization(o);
        }
        // Every account's managed policies first: an ARN may name a policy
        // of an account further down the file.
        for (id, a) in &accounts {
            for p in &a.policies {
                self.managed_policy(id, p);
            }
        }
        for (id, a) in &accounts {
            self.account_entities(id, a);
        }
        for p in &file.permission_sets {
            self.permission_set(p);
        }
        let mut seen = BTreeMap::new();
        for b in &file.buckets {
            self.bucket(b, &mut seen);
        }
        for s in &file.sessions {
            self.session(s);
        }
        let mut seen = BTreeMap::new();
        for i in &file.instances {
            self.instance(i, &mut seen);
        }
        for f in &file.functions {
            self.function(f);
        }
        for t in &file.tables {
            self.table(t);
        }
        if let Some(o) = &file.organization {
            self.check_organization(o);
        }
    }

    /// Ids the file gives, so that generated ones never collide with them.
    fn collect_ids(&mut self, file: &OrgFile<'_>) {
        let mut raws: Vec<Raw<'_>> = Vec::new();
        for a in &file.accounts {
            raws.extend(a.policies.iter().filter_map(|p| p.id));
            raws.extend(a.groups.iter().filter_map(|g| g.id));
            raws.extend(a.roles.iter().filter_map(|r| r.id));
            raws.extend(a.instance_profiles.iter().filter_map(|p| p.id));
            for u in &a.users {
                raws.extend(u.id);
                raws.extend(u.access_keys.iter().filter_map(|k| k.id));
            }
        }
        raws.extend(file.sessions.iter().filter_map(|s| s.access_key_id));
        for i in &file.instances {
            raws.push(i.id);
            raws.extend([i.reservation, i.association_id].into_iter().flatten());
        }
        raws.extend(file.functions.iter().filter_map(|f| f.revision_id));
        raws.extend(file.tables.iter().filter_map(|t| t.id));
        for raw in raws {
            if let Ok(id) = ron::from_str::<String>(raw.get_ron()) {
                self.used_ids.insert(id);
            }
        }
    }

    fn account(&mut self, a: &AccountFile<'_>) -> Option<String> {
        let id = self.name(a.id, "account id")?;
        if id.text.len() != 12 || !id.text.bytes().all(|b| b.is_ascii_digit()) {
            self.error_at(
                id.offset,
                format!(
                    "account id `{}` is not valid: an account id is 12 digits",
                    id.text
                ),
            );
        }
        if self.org.accounts.contains_key(&id.text) {
            self.error_at(id.offset, format!("account `{}` is defined twice", id.text));
            return None;
        }
        let alias = self.opt_string(a.alias, "alias");
        if let (Some(alias), Some(raw)) = (&alias, a.alias) {
            let ok = (3..=63).contains(&alias.len())
                && alias
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !alias.starts_with('-')
                && !alias.ends_with('-');
            if !ok {
                self.error(
                    raw,
                    format!(
                        "account alias `{alias}` is not valid: use 3 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen"
                    ),
                );
            }
        }
        self.org.accounts.insert(
            id.text.clone(),
            Account {
                id: id.text.clone(),
                alias,
                ..Default::default()
            },
        );
        Some(id.text)
    }

    fn account_mut(&mut self, id: &str) -> &mut Account {
        self.org
            .accounts
            .get_mut(id)
            .expect("accounts are created before their entities")
    }

    fn managed_policy(&mut self, account: &str, p: &PolicyFile<'_>) {
        let Some(name) = self.entity_name(p.name, POLICY, account) else {
            return;
        };
        let path = self.path(p.path);
        let id = self.id(p.id, "ANPA");
        let now = self.org.now;
        let created = self.time_or(p.created, "created", now);
        let tags = self.tags(&p.tags, &format!("policy `{}`", name.text));
        let label = format!("managed policy `{}`", name.text);

        let mut versions: Vec<PolicyVersion> = Vec::new();
        match (p.document, p.versions.is_empty()) {
            (Some(doc), true) => {
                if let Some(doc) = self.policy_document(doc, &label) {
                    versions.push(PolicyVersion {
                        id: "v1".into(),
                        doc,
                        created,
                    });
                }
            }
            (Some(doc), false) => self.error(
                doc,
                format!("{label} has both `document` and `versions`: give one or the other"),
            ),
            (None, true) => self.error_at(
                name.offset,
                format!("{label} has no `document` (or `versions`)"),
            ),
            (None, false) => {
                for (i, v) in p.versions.iter().enumerate() {
                    self.version(v, i, created, &label, &mut versions);
                }
            }
        }
        if p.versions.len() > VERSIONS_PER_POLICY {
            self.error_at(
                name.offset,
                format!(
                    "{label} has {} versions; AWS keeps at most {VERSIONS_PER_POLICY}",
                    p.versions.len()
                ),
            );
        }
        // A policy with errors is still added, so that references to it
        // don't report it missing as well; the file is refused anyway.
        let expected = p.versions.len().max(1);
        let default_version = match p.default_version {
            Some(raw) => match self.string(raw, "default_version") {
                Some(v) => {
                    if versions.len() == expected && !versions.iter().any(|x| x.id == v) {
                        self.error(raw, format!("{label} has no version `{v}`"));
                    }
                    v
                }
                None => "v1".into(),
            },
            None => {
                if p.versions.len() > 1 {
                    self.error_at(
                        name.offset,
                        format!("{label} has several versions: say which is the `default_version`"),
                    );
                }
                versions
                    .first()
                    .map_or_else(|| "v1".into(), |v| v.id.clone())
            }
        };
        let highest = versions
            .iter()
            .filter_map(|v| version_number(&v.id))
            .max()
            .unwrap_or(0);
        let next_version = p.next_version.unwrap_or(highest + 1);
        if next_version <= highest {
            self.error_at(
                name.offset,
                format!(
                    "{label} has `next_version: {next_version}` but already has version `v{highest}`: AWS never reuses a version id"
                ),
            );
        }
        let default_created = versions
            .iter()
            .find(|v| v.id == default_version)
            .map_or(created, |v| v.created);
        let updated = self.time_or(p.updated, "updated", default_created);
        let arn = policy_arn(account, &path, &name.text);
        let policy = ManagedPolicy {
            name: name.text.clone(),
            path,
            id,
            arn,
            description: p.description.clone(),
            created,
            updated,
            versions,
            default_version,
            next_version,
            tags,
        };
        self.account_mut(account)
            .policies
            .insert(name.key(), policy);
    }

    fn version(
        &mut self,
        v: &VersionFile<'_>,
        index: usize,
        created: i64,
        label: &str,
        versions: &mut Vec<PolicyVersion>,
    ) {
        let id = match v.id {
            Some(raw) => {
                let Some(id) = self.string(raw, "version id") else {
                    return;
                };
                if version_number(&id).is_none() {
                    self.error(
                        raw,
                        format!(
                            "version id `{id}` is not valid: version ids are `v1`, `v2` and so on"
                        ),
                    );
                    return;
                }
                if versions.iter().any(|x| x.id == id) {
                    self.error(raw, format!("{label} has version `{id}` twice"));
                    return;
                }
                id
            }
            None => format!("v{}", index + 1),
        };
        let created = self.time_or(v.created, "created", created);
        let what = format!("version `{id}` of {label}");
        if let Some(doc) = self.policy_document(v.document, &what) {
            versions.push(PolicyVersion { id, doc, created });
        }
    }

    /// A managed policy's document: identity grammar and AWS's size limit.
    fn policy_document(&mut self, raw: &RawValue, what: &str) -> Option<Arc<PolicyDoc>> {
        let doc = self.document(raw, PolicyKind::Identity, what)?;
        let size = counted_size(&doc.text);
        if size > MANAGED_POLICY_SIZE {
            self.error(
                raw,
                format!(
                    "{what} is {size} characters; AWS allows {MANAGED_POLICY_SIZE} (white space not counted)"
                ),
            );
        }
        Some(doc)
    }

    fn account_entities(&mut self, account: &str, a: &AccountFile<'_>) {
        self.providers(account, &a.oidc_providers, &a.saml_providers);
        for g in &a.groups {
            self.group(account, g);
        }
        let mut users = Vec::new();
        for u in &a.users {
            if let Some(key) = self.user(account, u) {
                users.push((key, u));
            }
        }
        for r in &a.roles {
            self.role(account, r);
        }
        for p in &a.instance_profiles {
            self.instance_profile(account, p);
        }
        for d in &a.mfa_devices {
            self.mfa_device(account, d);
        }
        // Devices are linked after all are declared, so a user may name a
        // device listed further down the file.
        for (key, u) in users {
            self.link_mfa(account, &key, u);
        }
        if let Some(scps) = &a.scps {
            let list: Vec<_> = scps.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ServiceControl);
            self.account_mut(account).scps = Some(out);
        }
        if let Some(rcps) = &a.rcps {
            let list: Vec<_> = rcps.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ResourceControl);
            self.account_mut(account).rcps = Some(out);
        }
        if let Some(p) = &a.password_policy {
            self.account_mut(account).password_policy = Some(super::model::PasswordPolicy {
                // UpdateAccountPasswordPolicy's default when the length is left out.
                minimum_password_length: p.minimum_password_length.unwrap_or(6),
                require_symbols: p.require_symbols,
                require_numbers: p.require_numbers,
                require_uppercase_characters: p.require_uppercase_characters,
                require_lowercase_characters: p.require_lowercase_characters,
                allow_users_to_change_password: p.allow_users_to_change_password,
                max_password_age: p.max_password_age,
                password_reuse_prevention: p.password_reuse_prevention,
                hard_expiry: p.hard_expiry,
            });
        }
        if let Some(r) = &a.credential_report
            && let Some(generated) = self.time(r.generated, "credential report time")
        {
            self.account_mut(account).credential_report = Some(super::model::CredentialReport {
                generated,
                csv: r.csv.clone(),
            });
        }
        for r in &a.access_reports {
            if let Some(report) = self.access_report(r) {
                self.account_mut(account)
                    .access_reports
                    .insert(report.id.clone(), report);
            }
        }
    }

    fn group(&mut self, account: &str, g: &GroupFile<'_>) {
        let Some(name) = self.entity_name(g.name, GROUP, account) else {
            return;
        };
        let path = self.path(g.path);
        let id = self.id(g.id, "AGPA");
        let now = self.org.now;
        let created = self.time_or(g.created, "created", now);
        let holder = Holder {
            word: "group",
            name: &name.text,
            inline_limit: INLINE_SIZE_GROUP,
        };
        let attached = self.attached(&g.policies, account, &holder);
        let inline = self.inline(&g.inline, &holder);
        let group = Group {
            name: name.text.clone(),
            path,
            id,
            created,
            inline,
            attached,
        };
        self.account_mut(account).groups.insert(name.key(), group);
    }

    fn user(&mut self, account: &str, u: &UserFile<'_>) -> Option<String> {
        let name = self.entity_name(u.name, USER, account)?;
        let path = self.path(u.path);
        let id = self.id(u.id, "AIDA");
        let now = self.org.now;
        let created = self.time_or(u.created, "created", now);
        let holder = Holder {
            word: "user",
            name: &name.text,
            inline_limit: INLINE_SIZE_USER,
        };

        let mut groups: Vec<String> = Vec::new();
        for (i, raw) in u.groups.iter().enumerate() {
            if i == GROUPS_PER_USER {
                self.error(
                    raw,
                    format!(
                        "user `{}` is in more than {GROUPS_PER_USER} groups; a user can belong to at most {GROUPS_PER_USER}",
                        name.text
                    ),
                );
            }
            let Some(g) = self.string(raw, "group name") else {
                continue;
            };
            let key = g.to_ascii_lowercase();
            if !self.org.accounts[account].groups.contains_key(&key) {
                self.error(
                    raw,
                    format!(
                        "user `{}` is a member of group `{g}`, which account `{account}` does not have",
                        name.text
                    ),
                );
            } else if groups.contains(&key) {
                self.error(
                    raw,
                    format!("user `{}` is listed in group `{g}` twice", name.text),
                );
            } else {
                groups.push(key);
            }
        }
        let attached = self.attached(&u.policies, account, &holder);
        let inline = self.inline(&u.inline, &holder);
        let boundary = self.boundary(u.boundary, account);
        let tags = self.tags(&u.tags, &holder.label());
        let login_profile = u.login_profile.as_ref().map(|l| {
            let created = self.time_or(l.created, "created", now);
            LoginProfile {
                created,
                password_reset_required: l.password_reset_required,
                password: l.password.clone(),
                changed: self.time_or(l.changed, "changed", created),
                previous: l.previous.clone(),
            }
        });
        if u.access_keys.len() > ACCESS_KEYS_PER_USER {
            self.error_at(
                name.offset,
                format!(
                    "user `{}` has {} access keys; a user can have at most {ACCESS_KEYS_PER_USER}",
                    name.text,
                    u.access_keys.len()
                ),
            );
        }
        let mut access_keys = Vec::new();
        for k in &u.access_keys {
            if let Some(key) = self.access_key(k) {
                access_keys.push(key);
            }
        }
        let password_last_used = self.opt_time(u.password_last_used, "password_last_used");
        let accessed = self.accessed(&u.accessed, &format!("user `{}`", name.text));
        let user = User {
            name: name.text.clone(),
            path,
            id,
            created,
            login_profile,
            access_keys,
            mfa_devices: Vec::new(),
            tags,
            inline,
            attached,
            boundary,
            groups,
            password_last_used,
            accessed,
        };
        let key = name.key();
        self.account_mut(account).users.insert(key.clone(), user);
        Some(key)
    }

    fn access_key(&mut self, k: &AccessKeyFile<'_>) -> Option<AccessKey> {
        let id = match k.id {
            Some(raw) => {
                let id = self.string(raw, "access key id")?;
                let ok = id.len() == 20
                    && id.starts_with("AKIA")
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                if !ok {
                    self.error(
                        raw,
                        format!(
                            "access key id `{id}` is not valid: long-term key ids are `AKIA` and 16 more capital letters or digits"
                        ),
                    );
                }
                if self.access_key_taken(&id) {
                    self.error(raw, format!("access key id `{id}` is used twice"));
                    return None;
                }
                id
            }
            None => loop {
                let id = self.org.new_access_key_id("AKIA");
                if self.used_ids.insert(id.clone()) {
                    break id;
                }
            },
        };
        let secret = match &k.secret {
            Some(s) => s.clone(),
            None => self.org.new_secret(),
        };
        let now = self.org.now;
        let created = self.time_or(k.created, "created", now);
        let last_used = match &k.last_used {
            Some(l) => Some(LastUsed {
                date: self.time(l.date, "date")?,
                service: l.service.clone(),
            }),
            None => None,
        };
        Some(AccessKey {
            id,
            secret,
            status: match k.status {
                Some(StatusFile::Inactive) => KeyStatus::Inactive,
                _ => KeyStatus::Active,
            },
            created,
            last_used,
        })
    }

    fn access_key_taken(&self, id: &str) -> bool {
        self.org.accounts.values().any(|a| {
            a.users
                .values()
                .any(|u| u.access_keys.iter().any(|k| k.id == id))
        })
    }

    fn role(&mut self, account: &str, r: &RoleFile<'_>) {
        let Some(name) = self.entity_name(r.name, ROLE, account) else {
            return;
        };
        let path = self.path(r.path);
        let id = self.id(r.id, "AROA");
        let now = self.org.now;
        let created = self.time_or(r.created, "created", now);
        let what = format!("trust policy of role `{}`", name.text);
        let trust = self.document(r.trust, PolicyKind::Trust, &what);
        if let Some(t) = &trust {
            let size = counted_size(&t.text);
            if size > TRUST_POLICY_SIZE {
                self.error(
                    r.trust,
                    format!(
                        "{what} is {size} characters; AWS allows {TRUST_POLICY_SIZE} (white space not counted)"
                    ),
                );
            }
        }
        let max_session_duration = r.max_session_duration.unwrap_or(DEFAULT_SESSION);
        if !(DEFAULT_SESSION..=MAX_SESSION).contains(&max_session_duration) {
            self.error_at(
                name.offset,
                format!(
                    "role `{}` has `max_session_duration: {max_session_duration}`: it must be 3600 to 43200 seconds (1 to 12 hours)",
                    name.text
                ),
            );
        }
        let holder = Holder {
            word: "role",
            name: &name.text,
            inline_limit: INLINE_SIZE_ROLE,
        };
        let attached = self.attached(&r.policies, account, &holder);
        let inline = self.inline(&r.inline, &holder);
        let boundary = self.boundary(r.boundary, account);
        let tags = self.tags(&r.tags, &holder.label());
        let last_used = self.opt_time(r.last_used, "last_used");
        let accessed = self.accessed(&r.accessed, &format!("role `{}`", name.text));
        // A role whose trust policy has errors is still added, so that
        // instance profiles naming it don't report it missing as well.
        let trust = trust.unwrap_or_else(placeholder_trust);
        let role = Role {
            name: name.text.clone(),
            path,
            id,
            created,
            description: r.description.clone(),
            trust,
            max_session_duration,
            inline,
            attached,
            boundary,
            tags,
            last_used,
            accessed,
        };
        self.account_mut(account).roles.insert(name.key(), role);
    }

    fn instance_profile(&mut self, account: &str, p: &InstanceProfileFile<'_>) {
        let Some(name) = self.entity_name(p.name, INSTANCE_PROFILE, account) else {
            return;
        };
        let path = self.path(p.path);
        let id = self.id(p.id, "AIPA");
        let now = self.org.now;
        let created = self.time_or(p.created, "created", now);
        let mut roles = Vec::new();
        for (i, raw) in p.roles.iter().enumerate() {
            let Some(role) = self.string(raw, "role name") else {
                continue;
            };
            if i == 1 {
                self.error(
                    raw,
                    format!(
                        "instance profile `{}` has a second role `{role}`: an instance profile holds one role",
                        name.text
                    ),
                );
                continue;
            }
            let key = role.to_ascii_lowercase();
            if self.org.accounts[account].roles.contains_key(&key) {
                roles.push(key);
            } else {
                self.error(
                    raw,
                    format!(
                        "instance profile `{}` holds role `{role}`, which account `{account}` does not have",
                        name.text
                    ),
                );
            }
        }
        let tags = self.tags(&p.tags, &format!("instance profile `{}`", name.text));
        let profile = InstanceProfile {
            name: name.text.clone(),
            path,
            id,
            created,
            roles,
            tags,
        };
        self.account_mut(account)
            .instance_profiles
            .insert(name.key(), profile);
    }

    fn mfa_device(&mut self, account: &str, d: &MfaDeviceFile<'_>) {
        let Some(name) = self.entity_name(d.name, MFA_DEVICE, account) else {
            return;
        };
        let path = self.path(d.path);
        let serial = d
            .serial
            .clone()
            .unwrap_or_else(|| mfa_serial(account, &path, &name.text));
        let seed = match &d.seed {
            Some(s) => s.clone(),
            None => self.org.new_mfa_seed(),
        };
        let enabled = self.opt_time(d.enabled, "enabled");
        let tags = self.tags(&d.tags, &format!("MFA device `{}`", name.text));
        let device = MfaDevice {
            name: name.text.clone(),
            path,
            serial,
            seed,
            user: None,
            enabled,
            tags,
        };
        self.account_mut(account)
            .mfa_devices
            .insert(name.key(), device);
    }

    /// Enables the devices a user lists: by device name (a virtual device is
    /// created when the account declares none of that name) or by serial
    /// number (an ARN that matches no declared device stands for a hardware
    /// device and is kept as written).
    fn link_mfa(&mut self, account: &str, user: &str, u: &UserFile<'_>) {
        let now = self.org.now;
        let mut serials: Vec<String> = Vec::new();
        for (i, raw) in u.mfa_devices.iter().enumerate() {
            let Some(entry) = self.name(raw, "MFA device") else {
                continue;
            };
            if i == MFA_DEVICES_PER_USER {
                self.error(
                    raw,
                    format!(
                        "user `{}` has more than {MFA_DEVICES_PER_USER} MFA devices, AWS's limit",
                        self.org.accounts[account].users[user].name
                    ),
                );
            }
            let found = self.org.accounts[account]
                .mfa_devices
                .iter()
                .find(|(k, d)| {
                    if entry.text.starts_with("arn:") {
                        d.serial == entry.text
                    } else {
                        **k == entry.key()
                    }
                })
                .map(|(k, _)| k.clone());
            let key = match found {
                Some(k) => k,
                None if entry.text.starts_with("arn:") => {
                    if serials.contains(&entry.text) {
                        self.error(raw, format!("MFA device `{}` is listed twice", entry.text));
                    } else {
                        serials.push(entry.text);
                    }
                    continue;
                }
                None => {
                    // A bare name that no device has: create the virtual
                    // device, as `create-virtual-mfa-device` would.
                    self.check_name(&entry, "MFA device", MFA_DEVICE.max);
                    let device = MfaDevice {
                        name: entry.text.clone(),
                        path: "/".into(),
                        serial: mfa_serial(account, "/", &entry.text),
                        seed: self.org.new_mfa_seed(),
                        user: None,
                        enabled: None,
                        tags: Vec::new(),
                    };
                    self.account_mut(account)
                        .mfa_devices
                        .insert(entry.key(), device);
                    entry.key()
                }
            };
            let device = self.account_mut(account).mfa_devices.get_mut(&key);
            let device = device.expect("the device was found or created above");
            match &device.user {
                Some(other) if other != user => {
                    let other = other.clone();
                    self.error(
                        raw,
                        format!(
                            "MFA device `{}` is already enabled for user `{other}`",
                            entry.text
                        ),
                    );
                    continue;
                }
                Some(_) => {
                    self.error(raw, format!("MFA device `{}` is listed twice", entry.text));
                    continue;
                }
                None => {}
            }
            device.user = Some(user.to_string());
            device.enabled.get_or_insert(now);
            serials.push(device.serial.clone());
        }
        if let Some(u) = self.account_mut(account).users.get_mut(user) {
            u.mfa_devices = serials;
        }
    }

    fn bucket(&mut self, b: &BucketFile<'_>, seen: &mut BTreeMap<String, usize>) {
        let Some(name) = self.name(b.name, "bucket name") else {
            return;
        };
        let n = &name.text;
        let ok = (3..=63).contains(&n.len())
            && n.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
            && n.bytes().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && n.bytes().last().is_some_and(|c| c.is_ascii_alphanumeric());
        if !ok {
            self.error_at(
                name.offset,
                format!(
                    "bucket name `{n}` is not valid: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit"
                ),
            );
        }
        if let Some(&first) = seen.get(n) {
            let (line, col) = self.src.line_col(first);
            self.error_at(
                name.offset,
                format!("bucket `{n}` is already defined at {line}:{col}: bucket names are global"),
            );
            return;
        }
        seen.insert(n.clone(), name.offset);
        let account = match b.account {
            Some(raw) => {
                let Some(a) = self.string(raw, "account") else {
                    return;
                };
                if !self.org.accounts.contains_key(&a) {
                    self.error(
                        raw,
                        format!(
                            "bucket `{n}` belongs to account `{a}`, which the file does not define"
                        ),
                    );
                }
                a
            }
            None if self.org.accounts.len() == 1 => {
                self.org.accounts.keys().next().cloned().unwrap_or_default()
            }
            None => {
                self.error_at(
                    name.offset,
                    format!(
                        "bucket `{n}` needs an `account`: the file defines {} accounts",
                        self.org.accounts.len()
                    ),
                );
                return;
            }
        };
        let now = self.org.now;
        let created = self.time_or(b.created, "created", now);
        let policy = b.policy.and_then(|raw| {
            let what = format!("bucket policy of `{n}`");
            self.document(raw, PolicyKind::Resource, &what)
        });
        let mut objects = BTreeMap::new();
        for o in &b.objects {
            let Some(key) = self.string(o.key, "object key") else {
                continue;
            };
            if key.is_empty() || key.len() > 1024 {
                self.error(o.key, "object key must be 1 to 1024 bytes");
            }
            if objects.contains_key(&key) {
                self.error(o.key, format!("bucket `{n}` has object `{key}` twice"));
                continue;
            }
            let modified = self.time_or(o.modified, "modified", now);
            objects.insert(
                key,
                S3Object {
                    body: o.body.clone(),
                    modified,
                },
            );
        }
        self.org.buckets.insert(
            n.clone(),
            Bucket {
                name: n.clone(),
                account,
                region: b.region.clone().unwrap_or_else(|| DEFAULT_REGION.into()),
                created,
                policy,
                objects,
            },
        );
    }

    fn session(&mut self, s: &SessionFile<'_>) {
        let access_key_id = match s.access_key_id {
            Some(raw) => {
                let Some(id) = self.string(raw, "access_key_id") else {
                    return;
                };
                if self.org.sessions.contains_key(&id) {
                    self.error(raw, format!("session `{id}` is defined twice"));
                    return;
                }
                id
            }
            None => loop {
                let id = self.org.new_access_key_id("ASIA");
                if self.used_ids.insert(id.clone()) {
                    break id;
                }
            },
        };
        let secret = match &s.secret {
            Some(x) => x.clone(),
            None => self.org.new_secret(),
        };
        let token = match &s.token {
            Some(x) => x.clone(),
            None => self.org.new_session_token(),
        };
        let now = self.org.now;
        let created = self.time_or(s.created, "created", now);
        let expires = self.time_or(s.expires, "expires", created + i64::from(DEFAULT_SESSION));
        let kind = match &s.kind {
            SessionKindFile::Role {
                account,
                role,
                session_name,
                policy,
                policy_arns,
                chained,
                source_identity,
                tags,
            } => {
                let tags = self.tags(tags, &format!("session `{access_key_id}`"));
                let policy = policy.and_then(|raw| {
                    let what = format!("session policy of `{access_key_id}`");
                    self.document(raw, PolicyKind::Identity, &what)
                });
                SessionKind::Role {
                    account: account.clone(),
                    role: role.to_ascii_lowercase(),
                    session_name: session_name.clone(),
                    policy,
                    policy_arns: policy_arns.clone(),
                    chained: *chained,
                    source_identity: source_identity.clone(),
                    tags,
                }
            }
            SessionKindFile::User { account, user } => SessionKind::User {
                account: account.clone(),
                user: user.clone(),
            },
        };
        self.org.sessions.insert(
            access_key_id.clone(),
            Session {
                access_key_id,
                secret,
                token,
                expires,
                kind,
                mfa: s.mfa,
                created,
            },
        );
    }
}

// ---------------------------------------------------------------------------
// The services' state: EC2 instances, Lambda functions, DynamoDB tables.

/// What a hand-written instance launches from when the file does not say:
/// the AMI id AWS's documentation uses in its examples.
const DEFAULT_IMAGE: &str = "ami-0abcdef1234567890";
const DEFAULT_INSTANCE_TYPE: &str = "t3.micro";
const DEFAULT_RUNTIME: &str = "python3.12";
const DEFAULT_HANDLER: &str = "lambda_function.lambda_handler";
const DEFAULT_TIMEOUT: u32 = 3;
const DEFAULT_MEMORY: u32 = 128;
/// SHA-256 of an empty deployment package, as Lambda prints it.
const EMPTY_SHA256: &str = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
const DEFAULT_CAPACITY: u64 = 5;

impl StateFile {
    fn state(self) -> InstanceState {
        match self {
            StateFile::Pending => InstanceState::Pending,
            StateFile::Running => InstanceState::Running,
            StateFile::ShuttingDown => InstanceState::ShuttingDown,
            StateFile::Terminated => InstanceState::Terminated,
            StateFile::Stopping => InstanceState::Stopping,
            StateFile::Stopped => InstanceState::Stopped,
        }
    }
}

fn state_name(s: InstanceState) -> &'static str {
    match s {
        InstanceState::Pending => "Pending",
        InstanceState::Running => "Running",
        InstanceState::ShuttingDown => "ShuttingDown",
        InstanceState::Terminated => "Terminated",
        InstanceState::Stopping => "Stopping",
        InstanceState::Stopped => "Stopped",
    }
}

impl Loader<'_> {
    /// The account a resource belongs to: the one written, or the file's
    /// only account. `at` is where to point when it is missing.
    fn owner(&mut self, raw: Option<&RawValue>, what: &str, at: usize) -> Option<String> {
        match raw {
            Some(raw) => {
                let a = self.string(raw, "account")?;
                if self.org.accounts.contains_key(&a) {
                    Some(a)
                } else {
                    self.error(
                        raw,
                        format!("{what} belongs to account `{a}`, which the file does not define"),
                    );
                    None
                }
            }
            None if self.org.accounts.len() == 1 => self.org.accounts.keys().next().cloned(),
            None => {
                self.error_at(
                    at,
                    format!(
                        "{what} needs an `account`: the file defines {} accounts",
                        self.org.accounts.len()
                    ),
                );
                None
            }
        }
    }

    /// The id the file gives, or a new one from the organization's counter
    /// that the file does not already use.
    fn given_or_new(
        &mut self,
        raw: Option<&RawValue>,
        what: &str,
        make: fn(&mut Org) -> String,
    ) -> String {
        if let Some(id) = self.opt_string(raw, what) {
            return id;
        }
        loop {
            let id = make(&mut self.org);
            if self.used_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn instance(&mut self, f: &InstanceFile<'_>, seen: &mut BTreeMap<String, usize>) {
        let Some(id) = self.name(f.id, "instance id") else {
            return;
        };
        let hex = id.text.strip_prefix("i-").unwrap_or("");
        if !((hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| b.is_ascii_hexdigit())) {
            self.error_at(
                id.offset,
                format!(
                    "instance id `{}` is not valid: write `i-` and 17 hex digits, such as `i-0abc1234567890def`",
                    id.text
                ),
            );
        }
        if let Some(&first) = seen.get(&id.text) {
            let (line, col) = self.src.line_col(first);
            self.error_at(
                id.offset,
                format!("instance `{}` is already defined at {line}:{col}", id.text),
            );
            return;
        }
        seen.insert(id.text.clone(), id.offset);
        let what = format!("instance `{}`", id.text);
        let Some(account) = self.owner(f.account, &what, id.offset) else {
            return;
        };
        let reservation = self.given_or_new(f.reservation, "reservation", |o| o.new_hex_id("r-"));
        let now = self.org.now;
        let launched = self.time_or(f.launched, "launched", now);
        let instance_profile = match f.instance_profile {
            Some(raw) => self.association(raw, f, &account, &what),
            None => {
                for raw in [f.profile_id, f.association_id].into_iter().flatten() {
                    self.error(
                        raw,
                        format!("{what} has no `instance_profile` for this to belong to"),
                    );
                }
                None
            }
        };
        let tags = self.tags(&f.tags, &what);
        let instance = Instance {
            id: id.text.clone(),
            account,
            region: f.region.clone().unwrap_or_else(|| DEFAULT_REGION.into()),
            reservation,
            image_id: f.image_id.clone().unwrap_or_else(|| DEFAULT_IMAGE.into()),
            instance_type: f
                .instance_type
                .clone()
                .unwrap_or_else(|| DEFAULT_INSTANCE_TYPE.into()),
            state: f.state.map_or(InstanceState::Running, StateFile::state),
            launched,
            instance_profile,
            tags,
        };
        self.org.instances.insert(id.text, instance);
    }

    /// An instance's instance profile: a name or ARN of a profile of its
    /// account. A saved file may name one that was deleted since (its ARN,
    /// with `profile_id`), as an instance keeps its association then.
    fn association(
        &mut self,
        raw: &RawValue,
        f: &InstanceFile<'_>,
        account: &str,
        what: &str,
    ) -> Option<ProfileAssociation> {
        let spec = self.string(raw, "instance profile")?;
        let acct = &self.org.accounts[account];
        let found = if spec.starts_with("arn:") {
            acct.instance_profiles
                .values()
                .find(|p| p.arn(account) == spec)
        } else {
            acct.instance_profiles.get(&spec.to_ascii_lowercase())
        }
        .map(|p| (p.arn(account), p.id.clone()));
        let given_id = self.opt_string(f.profile_id, "profile_id");
        let (arn, id) = match (found, given_id) {
            (Some((arn, id)), given) => (arn, given.unwrap_or(id)),
            (None, Some(id)) if spec.starts_with("arn:") => (spec, id),
            (None, _) => {
                self.error(
                    raw,
                    format!(
                        "{what} has instance profile `{spec}`, which account `{account}` does not have"
                    ),
                );
                return None;
            }
        };
        let association_id = self.given_or_new(f.association_id, "association_id", |o| {
            o.new_hex_id("iip-assoc-")
        });
        Some(ProfileAssociation {
            arn,
            id,
            association_id,
        })
    }

    fn function(&mut self, f: &FunctionFile<'_>) {
        let Some(name) = self.name(f.name, "function name") else {
            return;
        };
        let n = &name.text;
        if !(1..=64).contains(&n.len())
            || !n
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            self.error_at(
                name.offset,
                format!(
                    "function name `{n}` is not valid: use 1 to 64 letters, digits, hyphens and underscores"
                ),
            );
        }
        let what = format!("function `{n}`");
        let Some(account) = self.owner(f.account, &what, name.offset) else {
            return;
        };
        let region = f.region.clone().unwrap_or_else(|| DEFAULT_REGION.into());
        let arn = function_arn(&region, &account, n);
        if self.org.functions.contains_key(&arn) {
            self.error_at(
                name.offset,
                format!("{what} is defined twice in account `{account}`, region `{region}`"),
            );
            return;
        }
        let role = self.function_role(f.role, &account, &what);
        let timeout = f.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if !(1..=900).contains(&timeout) {
            self.error_at(
                name.offset,
                format!("{what} has `timeout: {timeout}`: it must be 1 to 900 seconds"),
            );
        }
        let memory_size = f.memory_size.unwrap_or(DEFAULT_MEMORY);
        if !(128..=10240).contains(&memory_size) {
            self.error_at(
                name.offset,
                format!("{what} has `memory_size: {memory_size}`: it must be 128 to 10240 MB"),
            );
        }
        let now = self.org.now;
        let last_modified = self.time_or(f.last_modified, "last_modified", now);
        let revision_id = self.given_or_new(f.revision_id, "revision_id", Org::new_uuid);
        let Some(role) = role else {
            return;
        };
        let function = Function {
            name: n.clone(),
            account,
            region,
            role,
            runtime: f.runtime.clone().unwrap_or_else(|| DEFAULT_RUNTIME.into()),
            handler: f.handler.clone().unwrap_or_else(|| DEFAULT_HANDLER.into()),
            description: f.description.clone(),
            timeout,
            memory_size,
            code_size: f.code_size,
            code_sha256: f.code_sha256.clone().unwrap_or_else(|| EMPTY_SHA256.into()),
            last_modified,
            revision_id,
        };
        self.org.functions.insert(arn, function);
    }

    /// A function's execution role: a role name of its account, or a role
    /// ARN (kept as written: a role may be deleted while a function uses it).
    fn function_role(&mut self, raw: &RawValue, account: &str, what: &str) -> Option<String> {
        let spec = self.string(raw, "role")?;
        if spec.starts_with("arn:") {
            let ok = super::access::Arn::parse(&spec)
                .is_some_and(|a| a.service == "iam" && a.resource.starts_with("role/"));
            if !ok {
                self.error(
                    raw,
                    format!("{what} has role `{spec}`, which is not a role ARN"),
                );
                return None;
            }
            return Some(spec);
        }
        match self.org.accounts[account]
            .roles
            .get(&spec.to_ascii_lowercase())
        {
            Some(r) => Some(r.arn(account)),
            None => {
                self.error(
                    raw,
                    format!(
                        "{what} runs as role `{spec}`, which account `{account}` does not have"
                    ),
                );
                None
            }
        }
    }

    fn key_type(&mut self, raw: Option<&RawValue>, what: &str) -> ScalarType {
        let Some(raw) = raw else {
            return ScalarType::S;
        };
        let Some(s) = self.string(raw, what) else {
            return ScalarType::S;
        };
        ScalarType::parse(&s).unwrap_or_else(|| {
            self.error(
                raw,
                format!("{what} `{s}` is not valid: write \"S\" (string), \"N\" (number) or \"B\" (binary)"),
            );
            ScalarType::S
        })
    }

    fn key_attribute(
        &mut self,
        raw: &RawValue,
        kind: Option<&RawValue>,
        what: &str,
    ) -> KeyAttribute {
        let name = self.string(raw, what).unwrap_or_default();
        if name.is_empty() || name.len() > 255 {
            self.error(raw, format!("{what} must be 1 to 255 characters"));
        }
        KeyAttribute {
            name,
            kind: self.key_type(kind, &format!("{what} type")),
        }
    }

    fn billing(&mut self, t: &TableFile<'_>, what: &str, at: usize) -> Billing {
        let mode = match t.billing {
            Some(raw) => {
                let mode = self.string(raw, "billing").unwrap_or_default();
                if mode != "PAY_PER_REQUEST" && mode != "PROVISIONED" {
                    self.error(
                        raw,
                        format!("billing `{mode}` is not valid: write \"PAY_PER_REQUEST\" or \"PROVISIONED\""),
                    );
                }
                mode
            }
            None => "PAY_PER_REQUEST".into(),
        };
        if mode == "PROVISIONED" {
            let read = t.read_capacity.unwrap_or(DEFAULT_CAPACITY);
            let write = t.write_capacity.unwrap_or(DEFAULT_CAPACITY);
            if read == 0 || write == 0 {
                self.error_at(at, format!("{what}: capacities must be at least 1"));
            }
            Billing::Provisioned { read, write }
        } else {
            if t.read_capacity.is_some() || t.write_capacity.is_some() {
                self.error_at(
                    at,
                    format!(
                        "{what} gives a read or write capacity, which only `billing: \"PROVISIONED\"` tables have"
                    ),
                );
            }
            Billing::PayPerRequest
        }
    }

    fn table(&mut self, t: &TableFile<'_>) {
        let Some(name) = self.name(t.name, "table name") else {
            return;
        };
        let n = name.text.clone();
        if !(3..=255).contains(&n.len())
            || !n
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
        {
            self.error_at(
                name.offset,
                format!(
                    "table name `{n}` is not valid: use 3 to 255 letters, digits, `_`, `.` and `-`"
                ),
            );
        }
        let what = format!("table `{n}`");
        let Some(account) = self.owner(t.account, &what, name.offset) else {
            return;
        };
        let region = t.region.clone().unwrap_or_else(|| DEFAULT_REGION.into());
        let arn = table_arn(&region, &account, &n);
        if self.org.tables.contains_key(&arn) {
            self.error_at(
                name.offset,
                format!("{what} is defined twice in account `{account}`, region `{region}`"),
            );
            return;
        }
        let id = self.given_or_new(t.id, "id", Org::new_uuid);
        let now = self.org.now;
        let created = self.time_or(t.created, "created", now);
        let partition_key =
            self.key_attribute(t.partition_key, t.partition_key_type, "partition key");
        let sort_key = match t.sort_key {
            Some(raw) => Some(self.key_attribute(raw, t.sort_key_type, "sort key")),
            None => {
                if let Some(raw) = t.sort_key_type {
                    self.error(
                        raw,
                        format!("{what} has a `sort_key_type` but no `sort_key`"),
                    );
                }
                None
            }
        };
        if sort_key
            .as_ref()
            .is_some_and(|s| s.name == partition_key.name)
        {
            self.error_at(
                name.offset,
                format!(
                    "{what} uses `{}` as both partition and sort key",
                    partition_key.name
                ),
            );
        }
        let billing = self.billing(t, &what, name.offset);
        let mut table = Table {
            name: n,
            account,
            region,
            id,
            created,
            partition_key,
            sort_key,
            billing,
            items: BTreeMap::new(),
        };
        for raw in &t.items {
            self.item(raw, &mut table, &what);
        }
        self.org.tables.insert(arn, table);
    }

    /// One item: DynamoDB's JSON (`{"id": {"S": "1"}}`) in a string.
    fn item(&mut self, raw: &RawValue, table: &mut Table, what: &str) {
        let Some(located) = self.located(raw, "item") else {
            return;
        };
        let value = match serde_json::from_str::<serde_json::Value>(&located.text) {
            Ok(v) => v,
            Err(e) => {
                let pos = Pos {
                    line: to_u32(e.line()),
                    col: to_u32(e.column().max(1)),
                };
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                self.error_at(
                    located.offset_at(pos),
                    format!("item of {what} is not JSON: {message}"),
                );
                return;
            }
        };
        let serde_json::Value::Object(item) = value else {
            self.error(
                raw,
                format!(
                    "item of {what} must be a JSON object such as {{\"id\": {{\"S\": \"1\"}}}}"
                ),
            );
            return;
        };
        for (attribute, v) in &item {
            if let Err(e) = check_attribute_value(v) {
                self.error(raw, format!("item of {what}, attribute `{attribute}`: {e}"));
                return;
            }
        }
        match table.item_key(&item) {
            Ok(key) if table.items.contains_key(&key) => {
                self.error(raw, format!("{what} has two items with the key {key}"));
            }
            Ok(key) => {
                table.items.insert(key, item);
            }
            Err(e) => self.error(raw, format!("item of {what}: {e}")),
        }
    }
}

fn write_instance(w: &mut Writer, i: &Instance) {
    w.open("Instance(");
    w.string("id", &i.id);
    w.string("account", &i.account);
    if i.region != DEFAULT_REGION {
        w.string("region", &i.region);
    }
    w.string("reservation", &i.reservation);
    if i.image_id != DEFAULT_IMAGE {
        w.string("image_id", &i.image_id);
    }
    if i.instance_type != DEFAULT_INSTANCE_TYPE {
        w.string("instance_type", &i.instance_type);
    }
    if i.state != InstanceState::Running {
        w.field("state", state_name(i.state).into());
    }
    w.field("launched", time_value(i.launched));
    if let Some(p) = &i.instance_profile {
        w.string("instance_profile", &p.arn);
        w.string("profile_id", &p.id);
        w.string("association_id", &p.association_id);
    }
    w.tags(&i.tags);
    w.close("),");
}

fn write_function(w: &mut Writer, f: &Function) {
    w.open("Function(");
    w.string("name", &f.name);
    w.string("account", &f.account);
    if f.region != DEFAULT_REGION {
        w.string("region", &f.region);
    }
    w.string("role", &f.role);
    if f.runtime != DEFAULT_RUNTIME {
        w.string("runtime", &f.runtime);
    }
    if f.handler != DEFAULT_HANDLER {
        w.string("handler", &f.handler);
    }
    if !f.description.is_empty() {
        w.string("description", &f.description);
    }
    if f.timeout != DEFAULT_TIMEOUT {
        w.field("timeout", f.timeout.to_string());
    }
    if f.memory_size != DEFAULT_MEMORY {
        w.field("memory_size", f.memory_size.to_string());
    }
    if f.code_size != 0 {
        w.field("code_size", f.code_size.to_string());
    }
    w.string("code_sha256", &f.code_sha256);
    w.field("last_modified", time_value(f.last_modified));
    w.string("revision_id", &f.revision_id);
    w.close("),");
}

fn write_table(w: &mut Writer, t: &Table) {
    w.open("Table(");
    w.string("name", &t.name);
    w.string("account", &t.account);
    if t.region != DEFAULT_REGION {
        w.string("region", &t.region);
    }
    w.string("id", &t.id);
    w.field("created", time_value(t.created));
    w.string("partition_key", &t.partition_key.name);
    if t.partition_key.kind != ScalarType::S {
        w.string("partition_key_type", t.partition_key.kind.as_str());
    }
    if let Some(s) = &t.sort_key {
        w.string("sort_key", &s.name);
        if s.kind != ScalarType::S {
            w.string("sort_key_type", s.kind.as_str());
        }
    }
    if let Billing::Provisioned { read, write } = t.billing {
        w.string("billing", "PROVISIONED");
        w.field("read_capacity", read.to_string());
        w.field("write_capacity", write.to_string());
    }
    if !t.items.is_empty() {
        w.open("items: [");
        for item in t.items.values() {
            // One line of JSON: serde_json escapes every line break.
            let text = serde_json::Value::Object(item.clone()).to_string();
            let hashes = "#".repeat(hashes_needed(&text));
            w.line(&format!("r{hashes}\"{text}\"{hashes},"));
        }
        w.close("],");
    }
    w.close("),");
}

/// Stands in for a trust policy with errors; never seen, since a file with
/// errors gives no organization.
fn placeholder_trust() -> Arc<PolicyDoc> {
    PolicyDoc::parse(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}]}"#,
        PolicyKind::Trust,
    )
    .expect("the placeholder trust policy is valid")
}

fn mfa_serial(account: &str, path: &str, name: &str) -> String {
    format!("arn:aws:iam::{account}:mfa{path}{name}")
}

/// `v3` -> 3. AWS's version ids are `v` and a positive number.
fn version_number(id: &str) -> Option<u32> {
    let digits = id.strip_prefix('v')?;
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

/// The text of a raw string and each character's file offset. A raw string
/// that opens with a line break is written "indented with the file": the
/// opening line break goes, a last line holding only spaces or tabs (the
/// line of the closing quote) goes, and the indentation common to the
/// non-blank lines is removed. Other raw strings are taken as they are.
fn dedent(content: &str, base: usize) -> Located {
    let end = base + content.len();
    let first_break = if content.starts_with('\n') {
        Some(1)
    } else if content.starts_with("\r\n") {
        Some(2)
    } else {
        None
    };
    let Some(skip) = first_break else {
        let offsets = content.char_indices().map(|(i, _)| base + i).collect();
        return Located {
            text: content.to_string(),
            offsets,
            end,
        };
    };
    let last = content.rfind('\n').unwrap_or(0);
    let body_end = if content[last + 1..].chars().all(|c| c == ' ' || c == '\t') {
        last
    } else {
        content.len()
    };
    // The lines between, with their byte offset inside `content`.
    let body = content.get(skip..body_end).unwrap_or("");
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = skip;
    for line in body.split('\n') {
        lines.push((at, line));
        at += line.len() + 1;
    }
    let mut common: Option<&str> = None;
    for (_, l) in &lines {
        if is_blank(l) {
            continue;
        }
        let ind = &l[..indent_len(l)];
        common = Some(match common {
            None => ind,
            Some(c) => {
                let n = c
                    .bytes()
                    .zip(ind.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..n]
            }
        });
    }
    let common = common.unwrap_or("");
    let mut text = String::new();
    let mut offsets = Vec::new();
    for (i, (start, line)) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
            offsets.push(base + start - 1);
        }
        let strip = if line.starts_with(common) {
            common.len()
        } else {
            // A blank line shorter than the indentation.
            line.len()
        };
        for (j, c) in line[strip..].char_indices() {
            text.push(c);
            offsets.push(base + start + strip + j);
        }
    }
    Located { text, offsets, end }
}

/// A line that holds nothing but white space: it does not count when the
/// common indentation is measured.
fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t', '\r']).is_empty()
}

fn indent_len(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The file offset of each character of an escaped RON string (`inner` is
/// between the quotes, starting at `base`). Gives up (`None`) on escapes it
/// does not follow, checked by comparing with ron's own decoding; positions
/// then fall back to the string's start.
fn escaped_offsets(inner: &str, base: usize, decoded: &str) -> Option<Vec<usize>> {
    let mut text = String::new();
    let mut offsets = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        offsets.push(base + i);
        if c != '\\' {
            text.push(c);
            continue;
        }
        let (_, e) = chars.next()?;
        text.push(match e {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\\' | '"' | '\'' => e,
            'u' => {
                chars.next().filter(|&(_, c)| c == '{')?;
                let mut hex = String::new();
                for (_, h) in chars.by_ref() {
                    if h == '}' {
                        break;
                    }
                    hex.push(h);
                }
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            _ => return None,
        });
    }
    (text == decoded).then_some(offsets)
}

// ---------------------------------------------------------------------------
// Dates.

/// Reads an ISO 8601 instant into seconds since 1970: `2026-01-05T09:00:00Z`,
/// with `Z` or an offset such as `+02:00`, optional fractional seconds
/// (dropped), or a date alone (`2026-01-05`, midnight UTC).
pub fn parse_iso8601(s: &str) -> Option<i64> {
    fn digits(s: &str, at: usize, n: usize) -> Option<i64> {
        let part = s.get(at..at + n)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    }
    fn sep(s: &str, at: usize, c: u8) -> Option<()> {
        (s.as_bytes().get(at) == Some(&c)).then_some(())
    }
    let year = digits(s, 0, 4)?;
    sep(s, 4, b'-')?;
    let month = digits(s, 5, 2)?;
    sep(s, 7, b'-')?;
    let day = digits(s, 8, 2)?;
    let date = super::time::days_since_epoch(year, month, day)? * 86_400;
    if s.len() == 10 {
        return Some(date);
    }
    sep(s, 10, b'T')?;
    let hour = digits(s, 11, 2)?;
    sep(s, 13, b':')?;
    let minute = digits(s, 14, 2)?;
    sep(s, 16, b':')?;
    let second = digits(s, 17, 2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 {
                return None;
            }
            let h = digits(rest, 1, 2)?;
            sep(rest, 3, b':')?;
            let m = digits(rest, 4, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    Some(date + hour * 3600 + minute * 60 + second - offset)
}

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants that four-digit
/// ISO 8601 years can write.
const FIRST_WRITABLE: i64 = -62_167_219_200;
const LAST_WRITABLE: i64 = 253_402_300_799;

fn time_value(t: i64) -> String {
    if (FIRST_WRITABLE..=LAST_WRITABLE).contains(&t) {
        quote(&time::iso8601_z(t))
    } else {
        t.to_string()
    }
}

// ---------------------------------------------------------------------------
// Writing.

/// Writes an organization in the file format: pretty, and the same text for
/// the same organization (every collection in a fixed order). Fields equal to
/// the default a reader would give are left out, except ids and dates,
/// which are always written so that reading gives back exactly `org`.
pub fn to_ron(org: &Org) -> String {
    let mut w = Writer::default();
    w.out
        .push_str("// An iamtutor organization. The format: docs/org-format.md\n");
    w.open("Org(");
    w.field("now", time_value(org.now));
    w.field("id_counter", org.id_counter.to_string());
    if !org.accounts.is_empty() {
        w.open("accounts: [");
        for a in org.accounts.values() {
            write_account(&mut w, a, org.organization.is_some());
        }
        w.close("],");
    }
    if !org.buckets.is_empty() {
        w.open("buckets: [");
        for b in org.buckets.values() {
            write_bucket(&mut w, b);
        }
        w.close("],");
    }
    if !org.sessions.is_empty() {
        w.open("sessions: [");
        for s in org.sessions.values() {
            write_session(&mut w, s);
        }
        w.close("],");
    }
    if !org.instances.is_empty() {
        w.open("instances: [");
        for i in org.instances.values() {
            write_instance(&mut w, i);
        }
        w.close("],");
    }
    if !org.functions.is_empty() {
        w.open("functions: [");
        for f in org.functions.values() {
            write_function(&mut w, f);
        }
        w.close("],");
    }
    if !org.tables.is_empty() {
        w.open("tables: [");
        for t in org.tables.values() {
            write_table(&mut w, t);
        }
        w.close("],");
    }
    if let Some(o) = &org.organization {
        write_organization(&mut w, o);
    }
    w.depth -= 1;
    w.line(")");
    w.out
}

#[derive(Default)]
struct Writer {
    out: String,
    depth: usize,
}

const INDENT: &str = "    ";

impl Writer {
    fn line(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn open(&mut self, head: &str) {
        self.line(head);
        self.depth += 1;
    }

    fn close(&mut self, tail: &str) {
        self.depth -= 1;
        self.line(tail);
    }

    fn field(&mut self, key: &str, value: String) {
        self.line(&format!("{key}: {value},"));
    }

    fn string(&mut self, key: &str, value: &str) {
        self.field(key, quote(value));
    }

    fn path(&mut self, path: &str) {
        if path != "/" {
            self.string("path", path);
        }
    }

    fn list(&mut self, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.open(&format!("{key}: ["));
        for item in items {
            self.line(&format!("{},", quote(item)));
        }
        self.close("],");
    }

    fn tags(&mut self, tags: &[Tag]) {
        if tags.is_empty() {
            return;
        }
        self.open("tags: {");
        for t in tags {
            self.line(&format!("{}: {},", quote(&t.key), quote(&t.value)));
        }
        self.close("},");
    }

    fn inline(&mut self, inline: &BTreeMap<String, Arc<PolicyDoc>>) {
        if inline.is_empty() {
            return;
        }
        self.open("inline: {");
        for (name, doc) in inline {
            self.document(&quote(name), &doc.text);
        }
        self.close("},");
    }

    /// A policy document as a raw string: on one line when it has no line
    /// break; otherwise opening with a line break and indented one level
    /// deeper than `key`, which the reader's dedent rule takes off again.
    fn document(&mut self, key: &str, text: &str) {
        let hashes = "#".repeat(hashes_needed(text));
        // The dedent rule gives back exactly the text written when at least
        // one non-blank line has no indentation of its own.
        let multi_line =
            text.contains('\n') && text.split('\n').any(|l| !is_blank(l) && indent_len(l) == 0);
        if !multi_line {
            if text.contains('\n') {
                // Every line indented or blank: the dedent rule would change
                // it, so write it escaped instead.
                self.field(key, quote(text));
            } else {
                self.field(key, format!("r{hashes}\"{text}\"{hashes}"));
            }
            return;
        }
        self.line(&format!("{key}: r{hashes}\""));
        for l in text.split('\n') {
            if l.is_empty() {
                self.out.push('\n');
            } else {
                self.depth += 1;
                self.line(l);
                self.depth -= 1;
            }
        }
        self.line(&format!("\"{hashes},"));
    }
}

/// The fewest `#` (at least one) such that the text never contains the
/// closing `"#...`.
fn hashes_needed(text: &str) -> usize {
    let mut n = 1;
    while text.contains(&format!("\"{}", "#".repeat(n))) {
        n += 1;
    }
    n
}

/// A RON string literal. Control characters are escaped so the file stays
/// plain text; everything else is written as it is.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_account(w: &mut Writer, a: &Account, in_org: bool) {
    w.open("Account(");
    w.string("id", &a.id);
    if let Some(alias) = &a.alias {
        w.string("alias", alias);
    }
    if !a.policies.is_empty() {
        w.open("policies: [");
        for p in a.policies.values() {
            write_policy(w, p);
        }
        w.close("],");
    }
    if !a.groups.is_empty() {
        w.open("groups: [");
        for g in a.groups.values() {
            w.open("Group(");
            w.string("name", &g.name);
            w.path(&g.path);
            w.string("id", &g.id);
            w.field("created", time_value(g.created));
            w.list("policies", &g.attached);
            w.inline(&g.inline);
            w.close("),");
        }
        w.close("],");
    }
    if !a.users.is_empty() {
        w.open("users: [");
        for u in a.users.values() {
            write_user(w, a, u);
        }
        w.close("],");
    }
    if !a.roles.is_empty() {
        w.open("roles: [");
        for r in a.roles.values() {
            write_role(w, r);
        }
        w.close("],");
    }
    if !a.instance_profiles.is_empty() {
        w.open("instance_profiles: [");
        for p in a.instance_profiles.values() {
            w.open("InstanceProfile(");
            w.string("name", &p.name);
            w.path(&p.path);
            w.string("id", &p.id);
            w.field("created", time_value(p.created));
            let roles: Vec<String> = p
                .roles
                .iter()
                .map(|r| a.roles.get(r).map_or(r.clone(), |r| r.name.clone()))
                .collect();
            w.list("roles", &roles);
            w.tags(&p.tags);
            w.close("),");
        }
        w.close("],");
    }
    if !a.mfa_devices.is_empty() {
        w.open("mfa_devices: [");
        for d in a.mfa_devices.values() {
            w.open("MfaDevice(");
            w.string("name", &d.name);
            w.path(&d.path);
            if d.serial != mfa_serial(&a.id, &d.path, &d.name) {
                w.string("serial", &d.serial);
            }
            w.string("seed", &d.seed);
            if let Some(t) = d.enabled {
                w.field("enabled", time_value(t));
            }
            w.tags(&d.tags);
            w.close("),");
        }
        w.close("],");
    }
    federation::write_providers(w, a);
    write_guardrails(w, "scps", "Scp", a.scps.as_deref(), !in_org);
    write_guardrails(w, "rcps", "Rcp", a.rcps.as_deref(), !in_org);
    if let Some(p) = &a.password_policy {
        w.open("password_policy: PasswordPolicy(");
        w.field(
            "minimum_password_length",
            p.minimum_password_length.to_string(),
        );
        for (key, on) in [
            ("require_symbols", p.require_symbols),
            ("require_numbers", p.require_numbers),
            (
                "require_uppercase_characters",
                p.require_uppercase_characters,
            ),
            (
                "require_lowercase_characters",
                p.require_lowercase_characters,
            ),
            (
                "allow_users_to_change_password",
                p.allow_users_to_change_password,
            ),
        ] {
            if on {
                w.field(key, "true".into());
            }
        }
        if let Some(n) = p.max_password_age {
            w.field("max_password_age", n.to_string());
        }
        if let Some(n) = p.password_reuse_prevention {
            w.field("password_reuse_prevention", n.to_string());
        }
        if let Some(b) = p.hard_expiry {
            w.field("hard_expiry", b.to_string());
        }
        w.close("),");
    }
    if let Some(r) = &a.credential_report {
        w.open("credential_report: CredentialReport(");
        w.field("generated", time_value(r.generated));
        w.string("csv", &r.csv);
        w.close("),");
    }
    usage::write_access_reports(w, a);
    w.close("),");
}

fn write_policy(w: &mut Writer, p: &ManagedPolicy) {
    w.open("Policy(");
    w.string("name", &p.name);
    w.path(&p.path);
    w.string("id", &p.id);
    if !p.description.is_empty() {
        w.string("description", &p.description);
    }
    w.field("created", time_value(p.created));
    let default_created = p
        .versions
        .iter()
        .find(|v| v.id == p.default_version)
        .map_or(p.created, |v| v.created);
    if p.updated != default_created {
        w.field("updated", time_value(p.updated));
    }
    w.tags(&p.tags);
    let only = match p.versions.as_slice() {
        [v] if v.id == "v1" && v.created == p.created && p.default_version == "v1" => Some(v),
        _ => None,
    };
    match only {
        Some(v) => w.document("document", &v.doc.text),
        None => {
            w.open("versions: [");
            for v in &p.versions {
                w.open("Version(");
                w.string("id", &v.id);
                w.field("created", time_value(v.created));
                w.document("document", &v.doc.text);
                w.close("),");
            }
            w.close("],");
            w.string("default_version", &p.default_version);
        }
    }
    let highest = p
        .versions
        .iter()
        .filter_map(|v| version_number(&v.id))
        .max()
        .unwrap_or(0);
    if p.next_version != highest + 1 {
        w.field("next_version", p.next_version.to_string());
    }
    w.close("),");
}

fn write_user(w: &mut Writer, a: &Account, u: &User) {
    w.open("User(");
    w.string("name", &u.name);
    w.path(&u.path);
    w.string("id", &u.id);
    w.field("created", time_value(u.created));
    let groups: Vec<String> = u
        .groups
        .iter()
        .map(|g| a.groups.get(g).map_or(g.clone(), |g| g.name.clone()))
        .collect();
    w.list("groups", &groups);
    w.list("policies", &u.attached);
    w.inline(&u.inline);
    if let Some(b) = &u.boundary {
        w.string("boundary", b);
    }
    w.tags(&u.tags);
    if let Some(l) = &u.login_profile {
        w.open("login_profile: LoginProfile(");
        w.string("password", &l.password);
        if l.password_reset_required {
            w.field("password_reset_required", "true".into());
        }
        w.field("created", time_value(l.created));
        if l.changed != l.created {
            w.field("changed", time_value(l.changed));
        }
        w.list("previous", &l.previous);
        w.close("),");
    }
    if !u.access_keys.is_empty() {
        w.open("access_keys: [");
        for k in &u.access_keys {
            w.open("AccessKey(");
            w.string("id", &k.id);
            w.string("secret", &k.secret);
            if k.status == KeyStatus::Inactive {
                w.field("status", "Inactive".into());
            }
            w.field("created", time_value(k.created));
            if let Some(l) = &k.last_used {
                w.field(
                    "last_used",
                    format!(
                        "LastUsed(date: {}, service: {})",
                        time_value(l.date),
                        quote(&l.service)
                    ),
                );
            }
            w.close("),");
        }
        w.close("],");
    }
    w.list("mfa_devices", &u.mfa_devices);
    if let Some(t) = u.password_last_used {
        w.field("password_last_used", time_value(t));
    }
    usage::write_accessed(w, &u.accessed);
    w.close("),");
}

fn write_role(w: &mut Writer, r: &Role) {
    w.open("Role(");
    w.string("name", &r.name);
    w.path(&r.path);
    w.string("id", &r.id);
    w.field("created", time_value(r.created));
    if !r.description.is_empty() {
        w.string("description", &r.description);
    }
    w.document("trust", &r.trust.text);
    if r.max_session_duration != DEFAULT_SESSION {
        w.field("max_session_duration", r.max_session_duration.to_string());
    }
    w.list("policies", &r.attached);
    w.inline(&r.inline);
    if let Some(b) = &r.boundary {
        w.string("boundary", b);
    }
    w.tags(&r.tags);
    if let Some(t) = r.last_used {
        w.field("last_used", time_value(t));
    }
    usage::write_accessed(w, &r.accessed);
    w.close("),");
}

fn write_bucket(w: &mut Writer, b: &Bucket) {
    w.open("Bucket(");
    w.string("name", &b.name);
    w.string("account", &b.account);
    if b.region != DEFAULT_REGION {
        w.string("region", &b.region);
    }
    w.field("created", time_value(b.created));
    if let Some(p) = &b.policy {
        w.document("policy", &p.text);
    }
    if !b.objects.is_empty() {
        w.open("objects: [");
        for (key, o) in &b.objects {
            w.open("Object(");
            w.string("key", key);
            w.string("body", &o.body);
            w.field("modified", time_value(o.modified));
            w.close("),");
        }
        w.close("],");
    }
    w.close("),");
}

fn write_session(w: &mut Writer, s: &Session) {
    w.open("Session(");
    w.string("access_key_id", &s.access_key_id);
    w.string("secret", &s.secret);
    w.string("token", &s.token);
    w.field("created", time_value(s.created));
    w.field("expires", time_value(s.expires));
    if s.mfa {
        w.field("mfa", "true".into());
    }
    match &s.kind {
        SessionKind::Role {
            account,
            role,
            session_name,
            policy,
            policy_arns,
            chained,
            source_identity,
            tags,
        } => {
            w.open("kind: Role(");
            w.string("account", account);
            w.string("role", role);
            w.string("session_name", session_name);
            if let Some(p) = policy {
                w.document("policy", &p.text);
            }
            w.list("policy_arns", policy_arns);
            if *chained {
                w.field("chained", "true".into());
            }
            if let Some(si) = source_identity {
                w.string("source_identity", si);
            }
            w.tags(tags);
            w.close("),");
        }
        SessionKind::User { account, user } => {
            w.open("kind: User(");
            w.string("account", account);
            w.string("user", user);
            w.close("),");
        }
    }
    w.close("),");
}

// ---------------------------------------------------------------------------
// The organization: its id, management account, root and policies (SCPs and
// RCPs). Read after the accounts exist and before their entities, so that an
// account's `scps` and `rcps` can name the organization's policies.

impl Loader<'_> {
    fn organization(&mut self, f: &OrganizationFile<'_>) {
        let id = self.string(f.id, "organization id").unwrap_or_default();
        if !org_policy::valid_org_id(&id) {
            self.error(
                f.id,
                format!("organization id `{id}` is not valid: `o-` and 10 to 32 lower-case letters or digits"),
            );
        }
        let management = self
            .string(f.management_account, "management account")
            .unwrap_or_default();
        if !self.org.accounts.contains_key(&management) {
            self.error(
                f.management_account,
                format!("management account `{management}` is not an account of this file"),
            );
        }
        let root_id = match f.root_id {
            Some(raw) => {
                let r = self.string(raw, "root id").unwrap_or_default();
                if !org_policy::valid_root_id(&r) {
                    self.error(
                        raw,
                        format!("root id `{r}` is not valid: `r-` and 4 to 32 lower-case letters or digits"),
                    );
                }
                r
            }
            None => format!(
                "r-{}",
                id.get(id.len().saturating_sub(4)..).unwrap_or("0000")
            ),
        };
        self.org.organization = Some(Organization::new(&id, &management, &root_id));
        for p in &f.policies {
            self.org_policy(p);
        }
        if let Some(list) = &f.root_scps {
            let list: Vec<_> = list.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ServiceControl);
            if let Some(o) = &mut self.org.organization {
                o.root_scps = out;
            }
        }
        if let Some(list) = &f.root_rcps {
            let list: Vec<_> = list.iter().map(|s| (s.name, s.document)).collect();
            let out = self.guardrails(&list, OrgPolicyType::ResourceControl);
            if let Some(o) = &mut self.org.organization {
                o.root_rcps = out;
            }
        }
    }

    fn org_policy(&mut self, p: &OrgPolicyFile<'_>) {
        let Some(name) = self.org_policy_name(p.name) else {
            return;
        };
        let Some(type_name) = self.string(p.kind, "policy type") else {
            return;
        };
        let Some(kind) = OrgPolicyType::parse(&type_name) else {
            self.error(
                p.kind,
                format!("policy type `{type_name}` is not valid: SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY"),
            );
            return;
        };
        if self
            .org
            .organization
            .as_ref()
            .is_some_and(|o| o.policies.contains_key(&name))
        {
            self.error(
                p.name,
                format!(
                    "policy `{name}` is defined twice: an organization's policy names are unique"
                ),
            );
            return;
        }
        let Some(doc) = self.guardrail_document(p.document, kind, &name) else {
            return;
        };
        let id = match p.id {
            Some(raw) => {
                let id = self.string(raw, "policy id").unwrap_or_default();
                let ok = id.strip_prefix("p-").is_some_and(|r| {
                    (8..=128).contains(&r.len())
                        && r.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                });
                if !ok {
                    self.error(
                        raw,
                        format!("policy id `{id}` is not valid: `p-` and 8 to 128 lower-case letters, digits or underscores"),
                    );
                }
                id
            }
            None => org_policy::new_policy_id(&mut self.org),
        };
        if let Some(o) = &mut self.org.organization {
            o.policies.insert(
                name.clone(),
                OrgPolicy {
                    id,
                    name,
                    description: p.description.clone(),
                    kind,
                    aws_managed: false,
                    doc,
                },
            );
        }
    }

    fn org_policy_name(&mut self, raw: &RawValue) -> Option<String> {
        let name = self.string(raw, "policy name")?;
        if name.is_empty() || name.chars().count() > 128 {
            self.error(
                raw,
                format!("policy name `{name}` is not valid: 1 to 128 characters"),
            );
            return None;
        }
        Some(name)
    }

    /// A document for an SCP or RCP, checked with AWS's rules for its type.
    fn guardrail_document(
        &mut self,
        raw: &RawValue,
        kind: OrgPolicyType,
        name: &str,
    ) -> Option<Arc<PolicyDoc>> {
        let (grammar, what) = match kind {
            OrgPolicyType::ServiceControl => (
                PolicyKind::ServiceControl,
                format!("service control policy `{name}`"),
            ),
            OrgPolicyType::ResourceControl => (
                PolicyKind::Resource,
                format!("resource control policy `{name}`"),
            ),
        };
        let doc = self.document(raw, grammar, &what)?;
        let size = doc.text.chars().count();
        if size > org_policy::MAX_POLICY_SIZE {
            self.error(
                raw,
                format!(
                    "{what} is {size} characters; AWS Organizations allows {}",
                    org_policy::MAX_POLICY_SIZE
                ),
            );
            return None;
        }
        if kind == OrgPolicyType::ResourceControl
            && let Err(why) = org_policy::check_rcp_rules(&doc.text, &doc)
        {
            self.error(raw, format!("{what}: {why}"));
            return None;
        }
        Some(doc)
    }

    /// The SCPs or RCPs of an account or of the root. In an organization, a
    /// name the organization knows needs no document, and a new one joins
    /// the organization's policies.
    fn guardrails(
        &mut self,
        list: &[(&RawValue, Option<&RawValue>)],
        kind: OrgPolicyType,
    ) -> Vec<Scp> {
        let word = match kind {
            OrgPolicyType::ServiceControl => "SCP",
            OrgPolicyType::ResourceControl => "RCP",
        };
        let mut out: Vec<Scp> = Vec::new();
        for &(name_raw, doc_raw) in list {
            let Some(name) = self.string(name_raw, &format!("{word} name")) else {
                continue;
            };
            if out.iter().any(|s| s.name == name) {
                self.error(name_raw, format!("{word} `{name}` is attached twice here"));
                continue;
            }
            let known = self
                .org
                .organization
                .as_ref()
                .and_then(|o| o.policies.get(&name))
                .map(|p| (p.kind, p.doc.clone()));
            if let Some((k, _)) = &known
                && *k != kind
            {
                self.error(
                    name_raw,
                    format!(
                        "`{name}` is a policy of type {}, not a {word}",
                        k.api_name()
                    ),
                );
                continue;
            }
            let doc = match (doc_raw, known) {
                (None, Some((_, doc))) => doc,
                (None, None) => {
                    self.error(
                        name_raw,
                        format!("{word} `{name}` needs a document: the organization has no policy of that name"),
                    );
                    continue;
                }
                (Some(raw), known) => {
                    let Some(doc) = self.guardrail_document(raw, kind, &name) else {
                        continue;
                    };
                    match known {
                        Some((_, have)) if squeeze(&have.text) != squeeze(&doc.text) => {
                            self.error(
                                raw,
                                format!("{word} `{name}` has another document elsewhere in this file: an organization has one policy per name (leave the document out to use the one it has)"),
                            );
                            continue;
                        }
                        Some((_, have)) => have,
                        None => {
                            self.add_org_policy(&name, kind, &doc);
                            doc
                        }
                    }
                }
            };
            out.push(Scp { name, doc });
        }
        out
    }

    fn add_org_policy(&mut self, name: &str, kind: OrgPolicyType, doc: &Arc<PolicyDoc>) {
        if self.org.organization.is_none() {
            return;
        }
        let id = org_policy::new_policy_id(&mut self.org);
        if let Some(o) = &mut self.org.organization {
            o.policies.insert(
                name.to_string(),
                OrgPolicy {
                    id,
                    name: name.to_string(),
                    description: String::new(),
                    kind,
                    aws_managed: false,
                    doc: doc.clone(),
                },
            );
        }
    }

    fn check_organization(&mut self, f: &OrganizationFile<'_>) {
        let Some(o) = &self.org.organization else {
            return;
        };
        let management = o.management_account.clone();
        let strays: Vec<String> = self
            .org
            .accounts
            .values()
            .filter(|a| a.rcps.is_some() && a.scps.is_none() && a.id != management)
            .map(|a| a.id.clone())
            .collect();
        for id in strays {
            self.error(
                f.id,
                format!("account {id} has `rcps` but no `scps`: in an organization, the member accounts are those with `scps` (write `scps: [Scp(name: \"FullAWSAccess\")]` for AWS's default)"),
            );
        }
    }
}

/// A document without its white space outside strings, to tell whether two
/// copies say the same.
fn squeeze(text: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_whitespace() {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}

/// An account's or the root's SCPs or RCPs. In an organization the
/// documents are in its `policies`, so each entry is a name.
fn write_guardrails(
    w: &mut Writer,
    key: &str,
    record: &str,
    list: Option<&[Scp]>,
    with_documents: bool,
) {
    let Some(list) = list else {
        return;
    };
    if list.is_empty() {
        w.field(key, "[]".into());
        return;
    }
    w.open(&format!("{key}: ["));
    for s in list {
        if with_documents {
            w.open(&format!("{record}("));
            w.string("name", &s.name);
            w.document("document", &s.doc.text);
            w.close("),");
        } else {
            w.line(&format!("{record}(name: {}),", quote(&s.name)));
        }
    }
    w.close("],");
}

fn write_organization(w: &mut Writer, o: &Organization) {
    w.open("organization: Organization(");
    w.string("id", &o.id);
    w.string("management_account", &o.management_account);
    w.string("root_id", &o.root_id);
    let mut policies: Vec<&OrgPolicy> = o.policies.values().filter(|p| !p.aws_managed).collect();
    policies.sort_by(|a, b| a.id.cmp(&b.id));
    if !policies.is_empty() {
        w.open("policies: [");
        for p in policies {
            w.open("OrgPolicy(");
            w.string("name", &p.name);
            w.string("type", p.kind.api_name());
            w.string("id", &p.id);
            if !p.description.is_empty() {
                w.string("description", &p.description);
            }
            w.document("document", &p.doc.text);
            w.close("),");
        }
        w.close("],");
    }
    write_guardrails(w, "root_scps", "Scp", Some(&o.root_scps), false);
    write_guardrails(w, "root_rcps", "Rcp", Some(&o.root_rcps), false);
    w.close("),");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_reads_what_time_writes() {
        for t in [0, time::DEFAULT_NOW, 951_782_400, -1, 4_102_444_799] {
            assert_eq!(parse_iso8601(&time::iso8601_z(t)), Some(t));
            assert_eq!(parse_iso8601(&time::iso8601(t)), Some(t));
        }
        assert_eq!(
            parse_iso8601("2026-01-05T11:00:00+02:00"),
            Some(time::DEFAULT_NOW)
        );
        assert_eq!(
            parse_iso8601("2026-01-05T09:00:00.250Z"),
            Some(time::DEFAULT_NOW)
        );
        assert_eq!(
            parse_iso8601("2026-01-05"),
            Some(time::DEFAULT_NOW - 9 * 3600)
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-01-05T24:00:00Z",
            "2026-01-05T09:00:00",
            "2026-01-05 09:00:00Z",
            "26-01-05",
            "2026-01-05T09:00:00.Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(time_value(FIRST_WRITABLE), "\"0000-01-01T00:00:00Z\"");
        assert_eq!(time_value(LAST_WRITABLE), "\"9999-12-31T23:59:59Z\"");
        assert_eq!(time_value(LAST_WRITABLE + 1), "253402300800");
    }

    #[test]
    fn dedent_removes_the_common_indentation_and_maps_offsets() {
        let content = "\n    {\n      \"a\": 1\n\n    }\n  ";
        let l = dedent(content, 100);
        assert_eq!(l.text, "{\n  \"a\": 1\n\n}");
        assert_eq!(l.offsets.len(), l.text.chars().count());
        // `"a"` is on text line 2, column 3; in `content` it is byte 13.
        assert_eq!(l.offset_at(Pos { line: 2, col: 3 }), 100 + 13);
        let plain = dedent("{\"a\": 1}", 7);
        assert_eq!(plain.text, "{\"a\": 1}");
        assert_eq!(plain.offset_at(Pos { line: 1, col: 2 }), 8);
    }

    #[test]
    fn hash_count_avoids_the_text() {
        assert_eq!(hashes_needed("{}"), 1);
        assert_eq!(hashes_needed("\"#"), 2);
        assert_eq!(hashes_needed("x \"## y \"#"), 3);
    }

    #[test]
    fn escaped_offsets_follow_escapes() {
        let inner = r#"a\"b\u{e9}c"#;
        let offs = escaped_offsets(inner, 10, "a\"bék").map(|_| ());
        assert_eq!(offs, None);
        let offs = escaped_offsets(inner, 10, "a\"béc").unwrap();
        assert_eq!(offs, vec![10, 11, 13, 14, 20]);
    }
}
