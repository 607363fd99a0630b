//! What AWS Organizations adds to a caller's evaluation: the SCPs attached
//! to the organization root (a level above the account's own), the resource
//! control policies that guard each account's resources, and the condition
//! keys that name the organization (`aws:PrincipalOrgID`, ...).
//!
//! Resolved with the caller (`Org::principal`), so that every decision for
//! it, in the sandbox, the grid, `simulate` and the labs, sees the same
//! guardrails.

use std::collections::BTreeMap;

use super::context::Context;
use super::model::{Caller, Org, Organization, Scp};
use super::principal::{Layer, PolicyRef, PrincipalKind, Via};

/// The services whose resources RCPs guard, by their action prefix. AWS
/// lists them in the Organizations user guide ("List of AWS services that
/// support RCPs"); an RCP statement about any other service has no effect.
pub const RCP_SERVICES: [&str; 10] = [
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "ecr",
    "aoss",
    "cognito-idp",
    "logs",
    "dynamodb",
];

/// Does AWS apply RCPs to this action's service?
pub fn rcp_applies_to(action: &str) -> bool {
    let service = action.split_once(':').map_or(action, |(s, _)| s);
    RCP_SERVICES.iter().any(|s| s.eq_ignore_ascii_case(service))
}

/// The levels of RCPs over one account's resources: the root's, then the
/// account's own. Each level must allow.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RcpLevels<'o> {
    pub root: Vec<PolicyRef<'o>>,
    /// `None`: only AWS's default RCPFullAWSAccess, which allows everything.
    pub account: Option<Vec<PolicyRef<'o>>>,
}

/// The organization's part in a caller's evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Guard<'o> {
    /// SCPs attached to the root; `None` outside an organization, for the
    /// management account and for service-linked roles.
    pub root_scps: Option<Vec<PolicyRef<'o>>>,
    /// RCP levels by the account that owns the resource. Empty when the
    /// caller is exempt (a service-linked role or an AWS service).
    pub rcps: BTreeMap<String, RcpLevels<'o>>,
    /// The organization, when the file names one: for `aws:ResourceOrgID`.
    pub org: Option<OrgFacts>,
}

/// Just enough of the organization to set the resource's condition keys.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgFacts {
    pub id: String,
    pub path: String,
    pub members: Vec<String>,
}

impl Guard<'_> {
    /// Sets the keys AWS derives from the resource's account: the account
    /// itself and, for a resource in the organization, its id and path.
    pub fn resource_keys(&self, ctx: &mut Context, resource_account: &str) {
        let Some(org) = &self.org else {
            return;
        };
        if resource_account.is_empty() {
            return;
        }
        ctx.set_default("aws:ResourceAccount", resource_account);
        if org.members.iter().any(|m| m == resource_account) {
            ctx.set_default("aws:ResourceOrgID", org.id.clone());
            ctx.set_default("aws:ResourceOrgPaths", org.path.clone());
        }
    }
}

fn refs<'o>(scps: &'o [Scp], layer: Layer, via: Via) -> Vec<PolicyRef<'o>> {
    scps.iter()
        .map(|s| PolicyRef {
            layer,
            name: s.name.clone(),
            arn: None,
            via: via.clone(),
            doc: &s.doc,
        })
        .collect()
}

/// Is this caller a session of a service-linked role? SCPs and RCPs never
/// apply to those.
pub fn is_service_linked(org: &Org, caller: &Caller) -> bool {
    match caller {
        Caller::RoleSession { account, role, .. } => org
            .role(account, role)
            .is_some_and(|r| r.path.starts_with("/aws-service-role/")),
        _ => false,
    }
}

impl Org {
    /// The guardrails for a caller of `kind` in `account` (empty for an
    /// AWS service), and the organization's keys added to its context.
    pub(super) fn guard_for<'o>(
        &'o self,
        caller: &Caller,
        kind: PrincipalKind,
        account: &str,
        ctx: &mut Context,
    ) -> Guard<'o> {
        let exempt = kind == PrincipalKind::Service || is_service_linked(self, caller);
        let mut g = Guard::default();
        if !exempt {
            for (id, a) in &self.accounts {
                let managed = self
                    .organization
                    .as_ref()
                    .is_some_and(|o| &o.management_account == id);
                let in_org = self
                    .organization
                    .as_ref()
                    .is_some_and(|o| o.has_member(self, id));
                if managed {
                    continue;
                }
                let root = match (&self.organization, in_org) {
                    (Some(o), true) => refs(&o.root_rcps, Layer::Rcp, Via::OrgRoot),
                    _ => Vec::new(),
                };
                let own = a.rcps.as_deref().map(|r| refs(r, Layer::Rcp, Via::Direct));
                if !root.is_empty() || own.is_some() {
                    g.rcps.insert(id.clone(), RcpLevels { root, account: own });
                }
            }
        }
        let Some(o) = &self.organization else {
            return g;
        };
        org_keys(o, self, kind, account, ctx);
        g.org = Some(OrgFacts {
            id: o.id.clone(),
            path: o.account_path(),
            members: self
                .accounts
                .keys()
                .filter(|id| o.has_member(self, id))
                .cloned()
                .collect(),
        });
        if !exempt && o.has_member(self, account) && account != o.management_account {
            g.root_scps = Some(refs(&o.root_scps, Layer::Scp, Via::OrgRoot));
        }
        g
    }
}

/// The keys AWS sets from the caller's place in the organization.
fn org_keys(o: &Organization, org: &Org, kind: PrincipalKind, account: &str, ctx: &mut Context) {
    let service = kind == PrincipalKind::Service;
    ctx.set_one(
        "aws:PrincipalIsAWSService",
        if service { "true" } else { "false" },
    );
    if !service && o.has_member(org, account) {
        ctx.set_one("aws:PrincipalOrgID", o.id.clone());
        ctx.set_one("aws:PrincipalOrgPaths", o.account_path());
    }
}
