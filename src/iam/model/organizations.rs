//! AWS Organizations in the model: the organization, its policies (SCPs and
//! RCPs) and AWS's FullAWSAccess documents.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Org, PolicyDoc};

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
