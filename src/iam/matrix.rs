//! Who can do what: decisions for every principal, action and resource.
//!
//! Each principal is resolved once and each resource's owner and policy are
//! looked up once, so a cell costs one evaluation on the fast path.

use super::context::Context;
use super::eval::{self, Decision, Request, ResourcePolicy};
use super::model::{Caller, Org};

/// Decisions laid out principal-major: `cells[(p * actions + a) * resources + r]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub principals: Vec<String>,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    pub cells: Vec<Decision>,
}

impl Matrix {
    pub fn get(&self, p: usize, a: usize, r: usize) -> Decision {
        self.cells[(p * self.actions.len() + a) * self.resources.len() + r]
    }

    pub fn allowed_count(&self) -> usize {
        self.cells.iter().filter(|d| d.is_allowed()).count()
    }
}

/// Every IAM user and role of every account, as callers (roles as sessions).
pub fn all_principals(org: &Org) -> Vec<Caller> {
    let mut out = Vec::new();
    for (id, account) in &org.accounts {
        for key in account.users.keys() {
            out.push(Caller::User {
                account: id.clone(),
                user: key.clone(),
                auth: super::model::Auth::AccessKey,
            });
        }
        for key in account.roles.keys() {
            out.push(Caller::RoleSession {
                account: id.clone(),
                role: key.clone(),
                session_name: "matrix".into(),
                policy: None,
                policy_arns: Vec::new(),
                mfa: false,
                tags: Vec::new(),
            });
        }
    }
    out
}

/// Computes the matrix. Callers that cannot be resolved are skipped.
pub fn compute(org: &Org, callers: &[Caller], actions: &[String], resources: &[String]) -> Matrix {
    let empty = Context::new();
    let mut principals = Vec::with_capacity(callers.len());
    let mut cells = Vec::with_capacity(callers.len() * actions.len() * resources.len());
    // The resource side depends on the action only for trust policies
    // (sts:AssumeRole on a role), so it is looked up per action and resource.
    let resource_side: Vec<Vec<(Option<String>, Option<ResourcePolicy<'_>>)>> = actions
        .iter()
        .map(|a| resources.iter().map(|r| org.resource_side(a, r)).collect())
        .collect();
    for caller in callers {
        let Ok(p) = org.principal(caller) else {
            continue;
        };
        principals.push(p.arn.clone());
        for (ai, a) in actions.iter().enumerate() {
            for (ri, r) in resources.iter().enumerate() {
                let (owner, policy) = &resource_side[ai][ri];
                // Resources of unknown owner count as the caller's own.
                let owner = owner.as_deref().unwrap_or(&p.account);
                let req = Request {
                    action: a,
                    resource: r,
                    resource_account: owner,
                    context: &empty,
                };
                cells.push(eval::decide(&p, &req, *policy));
            }
        }
    }
    Matrix {
        principals,
        actions: actions.to_vec(),
        resources: resources.to_vec(),
        cells,
    }
}
