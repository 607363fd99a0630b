//! The decision cube: a decision for every principal, action and resource,
//! all crossed with all. It is the evaluator's fast path measured whole (the
//! benchmarks) and the list of every principal the access grid
//! ([`super::access_grid`]) reads by default.
//!
//! Each principal is resolved once and each resource's owner and policy are
//! looked up once, so a cell costs one evaluation on the fast path.

use super::context::Context;
use super::eval::{self, Decision, Request, ResourcePolicy};
use super::model::{Caller, Org};

/// Decisions laid out principal-major: `cells[(p * actions + a) * resources + r]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionCube {
    pub principals: Vec<String>,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    pub cells: Vec<Decision>,
}

impl DecisionCube {
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
                issued: None,
            });
        }
    }
    out
}

/// Below this many cells a cube is computed on one thread: starting
/// threads would cost more than it saves.
const PARALLEL_CELLS: usize = 100_000;

/// Computes the cube. Callers that cannot be resolved are skipped. Large
/// cubes are split by rows over the machine's cores; the result is the
/// same as on one thread, cell for cell.
pub fn compute(
    org: &Org,
    callers: &[Caller],
    actions: &[String],
    resources: &[String],
) -> DecisionCube {
    let resource_side: Vec<Vec<(Option<String>, Option<ResourcePolicy<'_>>)>> = actions
        .iter()
        .map(|a| resources.iter().map(|r| org.resource_side(a, r)).collect())
        .collect();
    let cells = callers.len() * actions.len() * resources.len();
    let threads = if cells >= PARALLEL_CELLS {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(callers.len().max(1))
    } else {
        1
    };
    let rows: Vec<(Vec<String>, Vec<Decision>)> = if threads <= 1 {
        vec![rows(org, callers, actions, resources, &resource_side)]
    } else {
        let chunk = callers.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = callers
                .chunks(chunk)
                .map(|part| {
                    let side = &resource_side;
                    scope.spawn(move || rows(org, part, actions, resources, side))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a cube thread does not panic"))
                .collect()
        })
    };
    let mut principals = Vec::with_capacity(callers.len());
    let mut out = Vec::with_capacity(cells);
    for (p, c) in rows {
        principals.extend(p);
        out.extend(c);
    }
    DecisionCube {
        principals,
        actions: actions.to_vec(),
        resources: resources.to_vec(),
        cells: out,
    }
}

/// The rows of some callers: their ARNs and decisions.
fn rows(
    org: &Org,
    callers: &[Caller],
    actions: &[String],
    resources: &[String],
    resource_side: &[Vec<(Option<String>, Option<ResourcePolicy<'_>>)>],
) -> (Vec<String>, Vec<Decision>) {
    let empty = Context::new();
    let mut principals = Vec::with_capacity(callers.len());
    let mut cells = Vec::with_capacity(callers.len() * actions.len() * resources.len());
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
    (principals, cells)
}
