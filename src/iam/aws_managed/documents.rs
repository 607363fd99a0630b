//! The AWS managed policies that iamtutor ships: AWS's own documents, embedded
//! in the binary from `assets/managed-policies/` (where `SOURCE.md` says where
//! each one came from). Nothing is read from disk at run time.

use serde::Deserialize;
use std::sync::OnceLock;

/// One AWS managed policy: its identity and the document of its default version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedPolicyData {
    pub name: &'static str,
    /// `arn:aws:iam::aws:policy` + path + name.
    pub arn: &'static str,
    /// `/` for most policies, `/service-role/` or `/job-function/` for some.
    pub path: &'static str,
    pub description: &'static str,
    /// The default version, `v1`, `v2`, ...
    pub version_id: &'static str,
    /// The policy document as pretty JSON, in AWS's statement and key order.
    pub document: String,
}

/// Embeds one asset file by policy name, so the list below stays readable.
macro_rules! embed {
    ($($name:ident),* $(,)?) => {
        &[$(include_str!(concat!(
            "../../../assets/managed-policies/",
            stringify!($name),
            ".json"
        ))),*]
    };
}

/// Every shipped policy file. A test in `tests/assets.rs` checks that each
/// `.json` file in the assets folder is listed here.
const FILES: &[&str] = embed!(
    AdministratorAccess,
    AmazonDynamoDBFullAccess,
    AmazonDynamoDBReadOnlyAccess,
    AmazonEC2FullAccess,
    AmazonEC2ReadOnlyAccess,
    AmazonS3FullAccess,
    AmazonS3ReadOnlyAccess,
    AutoScalingFullAccess,
    AWSLambda_FullAccess,
    AWSLambdaBasicExecutionRole,
    CloudWatchFullAccess,
    CloudWatchReadOnlyAccess,
    ElasticLoadBalancingFullAccess,
    IAMFullAccess,
    IAMReadOnlyAccess,
    IAMUserChangePassword,
    PowerUserAccess,
);

/// The shape of an asset file. The strings borrow from the embedded text,
/// which is `'static`, so the names cost no allocation.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PolicyFile {
    policy_name: &'static str,
    arn: &'static str,
    path: &'static str,
    description: &'static str,
    default_version_id: &'static str,
    document: serde_json::Value,
}

/// All shipped managed policies, sorted by name. Parsed once, on first use.
pub fn all() -> &'static [ManagedPolicyData] {
    static ALL: OnceLock<Vec<ManagedPolicyData>> = OnceLock::new();
    ALL.get_or_init(load)
}

/// The policy with this ARN. ARNs compare exactly, as in AWS.
pub fn by_arn(arn: &str) -> Option<&'static ManagedPolicyData> {
    // A handful of policies: a scan is simpler than an index and as fast.
    all().iter().find(|p| p.arn == arn)
}

/// The policy with this name (exact match).
pub fn by_name(name: &str) -> Option<&'static ManagedPolicyData> {
    let all = all();
    all.binary_search_by(|p| p.name.cmp(name))
        .ok()
        .map(|i| &all[i])
}

fn load() -> Vec<ManagedPolicyData> {
    let mut policies: Vec<ManagedPolicyData> = FILES.iter().map(|text| parse(text)).collect();
    policies.sort_by(|a, b| a.name.cmp(b.name));
    policies
}

/// The files are part of the binary and checked by the tests below, so a
/// broken one is a build defect, not a user error: panic with its name.
fn parse(text: &'static str) -> ManagedPolicyData {
    let file: PolicyFile = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("embedded managed policy is malformed: {e}"));
    let document = serde_json::to_string_pretty(&file.document)
        .unwrap_or_else(|e| panic!("cannot print {}: {e}", file.policy_name));
    ManagedPolicyData {
        name: file.policy_name,
        arn: file.arn,
        path: file.path,
        description: file.description,
        version_id: file.default_version_id,
        document,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const EXPECTED: [&str; 17] = [
        "AdministratorAccess",
        "PowerUserAccess",
        "IAMFullAccess",
        "IAMReadOnlyAccess",
        "IAMUserChangePassword",
        "AmazonEC2FullAccess",
        "AmazonEC2ReadOnlyAccess",
        "AmazonS3FullAccess",
        "AmazonS3ReadOnlyAccess",
        "CloudWatchReadOnlyAccess",
        "CloudWatchFullAccess",
        "AutoScalingFullAccess",
        "ElasticLoadBalancingFullAccess",
        "AmazonDynamoDBFullAccess",
        "AmazonDynamoDBReadOnlyAccess",
        "AWSLambdaBasicExecutionRole",
        "AWSLambda_FullAccess",
    ];

    fn document(name: &str) -> Value {
        let policy = by_name(name).unwrap_or_else(|| panic!("{name} is missing"));
        serde_json::from_str(&policy.document).unwrap()
    }

    #[test]
    fn every_expected_policy_is_shipped_with_a_parseable_document() {
        assert_eq!(all().len(), EXPECTED.len());
        for name in EXPECTED {
            let policy = by_name(name).unwrap_or_else(|| panic!("{name} is missing"));
            assert_eq!(policy.name, name);
            // The engine reads policies with the spanned reader, so the
            // shipped text must pass it, not only serde_json.
            let parsed =
                crate::iam::json::parse(&policy.document).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(parsed.to_value()["Version"], "2012-10-17", "{name}");
            assert!(!policy.description.is_empty(), "{name} has no description");
        }
    }

    #[test]
    fn arn_is_built_from_path_and_name() {
        for p in all() {
            assert!(
                p.path.starts_with('/') && p.path.ends_with('/'),
                "{}",
                p.name
            );
            assert_eq!(
                p.arn,
                format!("arn:aws:iam::aws:policy{}{}", p.path, p.name)
            );
            assert!(p.version_id.starts_with('v'), "{}", p.name);
            assert!(p.version_id[1..].parse::<u32>().is_ok(), "{}", p.name);
        }
    }

    #[test]
    fn sorted_by_name() {
        let names: Vec<&str> = all().iter().map(|p| p.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn administrator_access_allows_everything() {
        assert_eq!(
            document("AdministratorAccess")["Statement"],
            json!([{"Effect": "Allow", "Action": "*", "Resource": "*"}])
        );
    }

    #[test]
    fn lambda_basic_execution_role_is_a_service_role() {
        let policy = by_name("AWSLambdaBasicExecutionRole").unwrap();
        assert_eq!(policy.path, "/service-role/");
        assert_eq!(
            policy.arn,
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        );
    }

    #[test]
    fn lookups() {
        let admin = by_arn("arn:aws:iam::aws:policy/AdministratorAccess").unwrap();
        assert_eq!(admin.name, "AdministratorAccess");
        assert_eq!(admin.version_id, "v1");
        // ARNs and names are exact: no case folding, no missing path.
        assert!(by_arn("arn:aws:iam::aws:policy/administratoraccess").is_none());
        assert!(by_arn("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole").is_none());
        assert!(by_name("administratoraccess").is_none());
        assert!(by_name("ReadOnlyAccess").is_none());
    }

    #[test]
    fn documents_keep_aws_order() {
        // PowerUserAccess: the NotAction statement comes first, as AWS has it.
        let statements = document("PowerUserAccess")["Statement"].clone();
        assert_eq!(
            statements[0]["NotAction"],
            json!(["iam:*", "organizations:*", "account:*"])
        );
        let sids: Vec<Value> = document("AmazonDynamoDBReadOnlyAccess")["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Sid"].clone())
            .collect();
        assert_eq!(sids, [json!("GeneralReadOnlyAccess"), json!("CCIAccess")]);
    }
}
