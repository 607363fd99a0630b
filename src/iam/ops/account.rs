//! Account-wide reports: GetAccountSummary, the account's entity counts
//! next to IAM's quotas, in AWS's `SummaryMap` keys.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{Ctx, OpResult, input};

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "GetAccountSummary" => input(v).and_then(|i| summary(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

/// IAM's default quotas, as AWS's IAM quotas page gives them and
/// GetAccountSummary reports them.
const QUOTAS: [(&str, u64); 20] = [
    ("UsersQuota", 5000),
    ("GroupsQuota", 300),
    ("ServerCertificatesQuota", 20),
    ("UserPolicySizeQuota", 2048),
    ("GroupPolicySizeQuota", 5120),
    ("GroupsPerUserQuota", 10),
    ("SigningCertificatesPerUserQuota", 2),
    ("AccessKeysPerUserQuota", 2),
    ("AttachedPoliciesPerGroupQuota", 10),
    ("AttachedPoliciesPerRoleQuota", 10),
    ("AttachedPoliciesPerUserQuota", 10),
    ("PoliciesQuota", 1500),
    ("PolicySizeQuota", 6144),
    ("PolicyVersionsInUseQuota", 10000),
    ("VersionsPerPolicyQuota", 5),
    ("GlobalEndpointTokenVersion", 1),
    ("AssumeRolePolicySizeQuota", 2048),
    ("InstanceProfilesQuota", 1000),
    ("RolePolicySizeQuota", 10240),
    ("RolesQuota", 1000),
];

fn summary(cx: &mut Ctx<'_>, _: Empty) -> OpResult {
    cx.authorize("iam:GetAccountSummary", "*")?;
    let a = cx.account();
    let count = |n: usize| json!(n);
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("Users", count(a.users.len()));
    put("Groups", count(a.groups.len()));
    put("ServerCertificates", json!(0));
    put("MFADevices", count(a.mfa_devices.len()));
    put(
        "MFADevicesInUse",
        count(a.users.values().map(|u| u.mfa_devices.len()).sum()),
    );
    // The root user's own credentials, which the sandbox does not model:
    // a root user always has a password, and here no MFA, keys or
    // signing certificates.
    put("AccountMFAEnabled", json!(0));
    put("AccountAccessKeysPresent", json!(0));
    put("AccountPasswordPresent", json!(1));
    put("AccountSigningCertificatesPresent", json!(0));
    put("Policies", count(a.policies.len()));
    // Versions of customer managed policies, which count against the
    // quota on stored versions.
    put(
        "PolicyVersionsInUse",
        count(a.policies.values().map(|p| p.versions.len()).sum()),
    );
    put("InstanceProfiles", count(a.instance_profiles.len()));
    put("Providers", json!(0));
    put("Roles", count(a.roles.len()));
    for (k, v) in QUOTAS {
        put(k, json!(v));
    }
    Ok(json!({ "SummaryMap": Value::Object(m) }))
}
