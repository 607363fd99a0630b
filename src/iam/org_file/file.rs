//! The file's shape, as serde reads it (the first pass): one struct a
//! record. `Raw` fields keep their place in the text, so the second pass can
//! point at them.

use std::fmt;

use ron::value::RawValue;
use serde::Deserialize;

use super::{federation, usage};
use crate::iam::model::{InstanceState, KeyStatus};

/// A value kept as its slice of the source text, decoded in the second
/// pass, where its position is known.
pub(super) type Raw<'a> = &'a RawValue;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Org")]
pub(super) struct OrgFile<'a> {
    #[serde(borrow, default)]
    pub(super) now: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) id_counter: Option<u64>,
    #[serde(borrow, default)]
    pub(super) accounts: Vec<AccountFile<'a>>,
    #[serde(borrow, default)]
    pub(super) buckets: Vec<BucketFile<'a>>,
    #[serde(borrow, default)]
    pub(super) sessions: Vec<SessionFile<'a>>,
    #[serde(borrow, default)]
    pub(super) instances: Vec<InstanceFile<'a>>,
    #[serde(borrow, default)]
    pub(super) functions: Vec<FunctionFile<'a>>,
    #[serde(borrow, default)]
    pub(super) tables: Vec<TableFile<'a>>,
    #[serde(borrow, default)]
    pub(super) organization: Option<OrganizationFile<'a>>,
    /// IAM Identity Center permission sets and the accounts they are
    /// assigned to: each becomes a role in each of those accounts.
    #[serde(borrow, default)]
    pub(super) permission_sets: Vec<federation::PermissionSetFile<'a>>,
    /// The AWS CLI's named profiles, kept by `iamtutor aws --state` so a
    /// profile configured by one command is there for the next.
    #[serde(default)]
    pub(super) profiles: Vec<CliProfile>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Account")]
pub(super) struct AccountFile<'a> {
    #[serde(borrow)]
    pub(super) id: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) alias: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) policies: Vec<PolicyFile<'a>>,
    #[serde(borrow, default)]
    pub(super) groups: Vec<GroupFile<'a>>,
    #[serde(borrow, default)]
    pub(super) users: Vec<UserFile<'a>>,
    #[serde(borrow, default)]
    pub(super) roles: Vec<RoleFile<'a>>,
    #[serde(borrow, default)]
    pub(super) instance_profiles: Vec<InstanceProfileFile<'a>>,
    #[serde(borrow, default)]
    pub(super) mfa_devices: Vec<MfaDeviceFile<'a>>,
    #[serde(borrow, default)]
    pub(super) scps: Option<Vec<ScpFile<'a>>>,
    #[serde(default)]
    pub(super) password_policy: Option<PasswordPolicyFile>,
    #[serde(borrow, default)]
    pub(super) rcps: Option<Vec<RcpFile<'a>>>,
    #[serde(borrow, default)]
    pub(super) oidc_providers: Vec<federation::OidcProviderFile<'a>>,
    #[serde(borrow, default)]
    pub(super) saml_providers: Vec<federation::SamlProviderFile<'a>>,
    #[serde(borrow, default)]
    pub(super) credential_report: Option<CredentialReportFile<'a>>,
    #[serde(borrow, default)]
    pub(super) access_reports: Vec<usage::AccessReportFile<'a>>,
}

/// The last credential report the account generated, kept so that
/// GetCredentialReport hands out the same snapshot later.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "CredentialReport")]
pub(super) struct CredentialReportFile<'a> {
    #[serde(borrow)]
    pub(super) generated: Raw<'a>,
    pub(super) csv: String,
}

/// The account password policy, with AWS's member names in snake case and
/// AWS's defaults for what is left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "PasswordPolicy")]
pub(super) struct PasswordPolicyFile {
    #[serde(default)]
    pub(super) minimum_password_length: Option<u32>,
    #[serde(default)]
    pub(super) require_symbols: bool,
    #[serde(default)]
    pub(super) require_numbers: bool,
    #[serde(default)]
    pub(super) require_uppercase_characters: bool,
    #[serde(default)]
    pub(super) require_lowercase_characters: bool,
    #[serde(default)]
    pub(super) allow_users_to_change_password: bool,
    #[serde(default)]
    pub(super) max_password_age: Option<u32>,
    #[serde(default)]
    pub(super) password_reuse_prevention: Option<u32>,
    #[serde(default)]
    pub(super) hard_expiry: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Policy")]
pub(super) struct PolicyFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) description: String,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) updated: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) tags: Pairs<'a>,
    #[serde(borrow, default)]
    pub(super) document: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) versions: Vec<VersionFile<'a>>,
    #[serde(borrow, default)]
    pub(super) default_version: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) next_version: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Version")]
pub(super) struct VersionFile<'a> {
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow)]
    pub(super) document: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Group")]
pub(super) struct GroupFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) policies: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) inline: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "User")]
pub(super) struct UserFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) groups: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) policies: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) inline: Pairs<'a>,
    #[serde(borrow, default)]
    pub(super) boundary: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) tags: Pairs<'a>,
    #[serde(borrow, default)]
    pub(super) login_profile: Option<LoginProfileFile<'a>>,
    #[serde(borrow, default)]
    pub(super) access_keys: Vec<AccessKeyFile<'a>>,
    #[serde(borrow, default)]
    pub(super) mfa_devices: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) password_last_used: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) accessed: Vec<usage::AttemptFile<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "LoginProfile")]
pub(super) struct LoginProfileFile<'a> {
    pub(super) password: String,
    #[serde(default)]
    pub(super) password_reset_required: bool,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    /// When the password was last set, if not at creation.
    #[serde(borrow, default)]
    pub(super) changed: Option<Raw<'a>>,
    /// Earlier passwords, newest first, for password reuse prevention.
    #[serde(default)]
    pub(super) previous: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "AccessKey")]
pub(super) struct AccessKeyFile<'a> {
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) secret: Option<String>,
    #[serde(default)]
    pub(super) status: Option<KeyStatus>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) last_used: Option<LastUsedFile<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "LastUsed")]
pub(super) struct LastUsedFile<'a> {
    #[serde(borrow)]
    pub(super) date: Raw<'a>,
    pub(super) service: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Role")]
pub(super) struct RoleFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) description: String,
    #[serde(borrow)]
    pub(super) trust: Raw<'a>,
    #[serde(default)]
    pub(super) max_session_duration: Option<u32>,
    #[serde(borrow, default)]
    pub(super) policies: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) inline: Pairs<'a>,
    #[serde(borrow, default)]
    pub(super) boundary: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) tags: Pairs<'a>,
    #[serde(borrow, default)]
    pub(super) last_used: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) accessed: Vec<usage::AttemptFile<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "InstanceProfile")]
pub(super) struct InstanceProfileFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) path: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) roles: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) tags: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "MfaDevice")]
pub(super) struct MfaDeviceFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) path: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) serial: Option<String>,
    #[serde(default)]
    pub(super) seed: Option<String>,
    #[serde(borrow, default)]
    pub(super) enabled: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) tags: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Scp")]
pub(super) struct ScpFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    /// Optional in an organization for a policy it already has (AWS's
    /// FullAWSAccess, or one in `organization.policies`).
    #[serde(borrow, default)]
    pub(super) document: Option<Raw<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Rcp")]
pub(super) struct RcpFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) document: Option<Raw<'a>>,
}

/// The AWS organization the accounts belong to.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Organization")]
pub(super) struct OrganizationFile<'a> {
    #[serde(borrow)]
    pub(super) id: Raw<'a>,
    #[serde(borrow)]
    pub(super) management_account: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) root_id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) root_scps: Option<Vec<ScpFile<'a>>>,
    #[serde(borrow, default)]
    pub(super) root_rcps: Option<Vec<RcpFile<'a>>>,
    #[serde(borrow, default)]
    pub(super) policies: Vec<OrgPolicyFile<'a>>,
}

/// A policy of the organization, attached or not.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "OrgPolicy")]
pub(super) struct OrgPolicyFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) description: String,
    #[serde(borrow)]
    pub(super) document: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Bucket")]
pub(super) struct BucketFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) account: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) region: Option<String>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) policy: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) objects: Vec<ObjectFile<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Object")]
pub(super) struct ObjectFile<'a> {
    #[serde(borrow)]
    pub(super) key: Raw<'a>,
    #[serde(default)]
    pub(super) body: String,
    #[serde(borrow, default)]
    pub(super) modified: Option<Raw<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Session")]
pub(super) struct SessionFile<'a> {
    #[serde(borrow, default)]
    pub(super) access_key_id: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) secret: Option<String>,
    #[serde(default)]
    pub(super) token: Option<String>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) expires: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) mfa: bool,
    #[serde(borrow)]
    pub(super) kind: SessionKindFile<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "SessionKind")]
pub(super) enum SessionKindFile<'a> {
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
pub(super) struct InstanceFile<'a> {
    #[serde(borrow)]
    pub(super) id: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) account: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) region: Option<String>,
    #[serde(borrow, default)]
    pub(super) reservation: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) image_id: Option<String>,
    #[serde(default)]
    pub(super) instance_type: Option<String>,
    #[serde(default)]
    pub(super) state: Option<InstanceState>,
    #[serde(borrow, default)]
    pub(super) launched: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) instance_profile: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) profile_id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) association_id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) tags: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Function")]
pub(super) struct FunctionFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) account: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) region: Option<String>,
    #[serde(borrow)]
    pub(super) role: Raw<'a>,
    #[serde(default)]
    pub(super) runtime: Option<String>,
    #[serde(default)]
    pub(super) handler: Option<String>,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default)]
    pub(super) timeout: Option<u32>,
    #[serde(default)]
    pub(super) memory_size: Option<u32>,
    #[serde(default)]
    pub(super) code_size: u64,
    #[serde(default)]
    pub(super) code_sha256: Option<String>,
    #[serde(borrow, default)]
    pub(super) last_modified: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) revision_id: Option<Raw<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Table")]
pub(super) struct TableFile<'a> {
    #[serde(borrow)]
    pub(super) name: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) account: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) region: Option<String>,
    #[serde(borrow, default)]
    pub(super) id: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) created: Option<Raw<'a>>,
    #[serde(borrow)]
    pub(super) partition_key: Raw<'a>,
    #[serde(borrow, default)]
    pub(super) partition_key_type: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) sort_key: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) sort_key_type: Option<Raw<'a>>,
    #[serde(borrow, default)]
    pub(super) billing: Option<Raw<'a>>,
    #[serde(default)]
    pub(super) read_capacity: Option<u64>,
    #[serde(default)]
    pub(super) write_capacity: Option<u64>,
    #[serde(borrow, default)]
    pub(super) items: Vec<Raw<'a>>,
}

/// A RON map read in the order written, keys and values kept raw: tags and
/// inline policies keep their order, and duplicates can be reported where
/// they stand instead of silently replacing each other.
#[derive(Default)]
pub(super) struct Pairs<'a>(pub(super) Vec<(Raw<'a>, Raw<'a>)>);

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
