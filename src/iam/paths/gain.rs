//! What an identity can do, measured over a fixed set of probe requests, so
//! that "the end can do something the start cannot" is a comparison of two
//! bit sets.
//!
//! The probes are sensitive actions on `*` and every (action, resource) pair
//! that the organization's Allow statements name literally. A resource
//! pattern is used as the request's resource as written: the matcher takes
//! the request literally, so `arn:aws:s3:::reports/*` as a request matches
//! the statements that grant it.

use std::collections::HashSet;

use crate::iam::context::Context;
use crate::iam::eval::{self, Request, ResourcePolicy};
use crate::iam::model::{Org, PolicyDoc};
use crate::iam::pattern;
use crate::iam::policy::Effect;
use crate::iam::principal::Principal;

/// Requests that matter whatever the organization holds, most sensitive
/// first: taking over IAM, then destroying or reading data.
const SENSITIVE: &[&str] = &[
    "iam:CreateUser",
    "iam:AttachUserPolicy",
    "iam:PutUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:CreateRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:PassRole",
    "iam:AttachGroupPolicy",
    "iam:PutGroupPolicy",
    "iam:AddUserToGroup",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:DeleteUser",
    "iam:DeleteRole",
    "sts:AssumeRole",
    "organizations:LeaveOrganization",
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:DeleteObject",
    "s3:PutObject",
    "s3:GetObject",
    "ec2:TerminateInstances",
    "ec2:RunInstances",
    "lambda:CreateFunction",
    "lambda:UpdateFunctionCode",
    "dynamodb:DeleteTable",
    "kms:Decrypt",
    "secretsmanager:GetSecretValue",
    "iam:ListUsers",
    "ec2:DescribeInstances",
    "s3:ListAllMyBuckets",
];

/// One probe request, with its resource's owner and policy looked up once.
pub(super) struct Probe<'o> {
    /// How a gain is shown: see `label`.
    shown: String,
    action: String,
    resource: String,
    owner: Option<String>,
    policy: Option<ResourcePolicy<'o>>,
}

/// `iam:CreateUser`, or `s3:GetObject on arn:aws:s3:::reports/*`.
fn label(action: &str, resource: &str) -> String {
    if resource == "*" {
        action.to_string()
    } else {
        format!("{action} on {resource}")
    }
}

/// How sensitive an action looks: IAM and STS first, then changes, then
/// reads. Used to order the organization's own probes.
fn rank(action: &str) -> u8 {
    let (service, name) = action.split_once(':').unwrap_or(("", action));
    if ["iam", "sts", "organizations"].contains(&service.to_ascii_lowercase().as_str()) {
        return 0;
    }
    const WRITES: &[&str] = &[
        "Delete",
        "Put",
        "Create",
        "Update",
        "Attach",
        "Terminate",
        "Run",
        "Stop",
        "Modify",
        "Set",
        "Add",
        "Remove",
        "Pass",
        "Invoke",
    ];
    if WRITES.iter().any(|w| name.starts_with(w)) {
        1
    } else {
        2
    }
}

/// Every identity policy document in the organization: inline policies,
/// every version of customer managed policies, and the AWS managed policies
/// attached to someone.
fn documents(org: &Org) -> Vec<&PolicyDoc> {
    let mut out: Vec<&PolicyDoc> = Vec::new();
    let mut attached: Vec<&str> = Vec::new();
    for account in org.accounts.values() {
        for u in account.users.values() {
            out.extend(u.inline.values().map(|d| &**d));
            attached.extend(u.attached.iter().map(String::as_str));
        }
        for g in account.groups.values() {
            out.extend(g.inline.values().map(|d| &**d));
            attached.extend(g.attached.iter().map(String::as_str));
        }
        for r in account.roles.values() {
            out.extend(r.inline.values().map(|d| &**d));
            attached.extend(r.attached.iter().map(String::as_str));
        }
        for p in account.policies.values() {
            out.extend(p.versions.iter().map(|v| &*v.doc));
        }
    }
    for arn in attached {
        if arn.starts_with("arn:aws:iam::aws:")
            && let Some(p) = org.managed_policy(arn)
        {
            out.push(p.default_doc());
        }
    }
    out
}

/// The probes of an organization: the sensitive actions on `*`, then the
/// literal (action, resource) pairs of its Allow statements, most sensitive
/// first, each once.
pub(super) fn probes(org: &Org) -> Vec<Probe<'_>> {
    let mut pairs: Vec<(String, String)> = SENSITIVE
        .iter()
        .map(|a| (a.to_string(), "*".to_string()))
        .collect();
    let mut found: Vec<(String, String)> = Vec::new();
    for doc in documents(org) {
        for s in &doc.policy.statements {
            if s.effect != Effect::Allow || s.action.negated {
                continue;
            }
            let resources: Vec<&str> = match &s.resource {
                Some(block) if !block.negated => {
                    block.patterns.iter().map(|p| p.text.as_str()).collect()
                }
                _ => vec!["*"],
            };
            for a in &s.action.patterns {
                if pattern::has_wildcard(&a.text) {
                    continue;
                }
                for r in &resources {
                    found.push((a.text.clone(), r.to_string()));
                }
            }
        }
    }
    found.sort_by_key(|(a, _)| rank(a));
    pairs.extend(found);
    let mut seen = HashSet::new();
    pairs.retain(|(a, r)| seen.insert((a.to_ascii_lowercase(), r.clone())));
    pairs
        .into_iter()
        .map(|(action, resource)| {
            let (owner, policy) = org.resource_side(&action, &resource);
            Probe {
                shown: label(&action, &resource),
                action,
                resource,
                owner,
                policy,
            }
        })
        .collect()
}

/// A set of probes, one bit each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    pub(super) fn empty(len: usize) -> Bits {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    fn set(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// The probes in `self` and not in `other`.
    pub(super) fn minus(&self, other: &Bits) -> Vec<usize> {
        let mut out = Vec::new();
        for (w, (a, b)) in self.words.iter().zip(&other.words).enumerate() {
            let mut d = a & !b;
            while d != 0 {
                out.push(w * 64 + d.trailing_zeros() as usize);
                d &= d - 1;
            }
        }
        out
    }

    /// Full power: every sensitive action allowed on `*`. (The
    /// organization's own probes may name other accounts' resources, which
    /// no one here is allowed, so they do not count.)
    pub(super) fn is_full(&self) -> bool {
        (0..SENSITIVE.len().min(self.len)).all(|i| self.words[i / 64] & (1 << (i % 64)) != 0)
    }
}

/// The probes a principal is allowed, evaluated as the decision cube does:
/// the principal resolved once, each resource's side looked up once.
pub(super) fn allowed(p: &Principal<'_>, probes: &[Probe<'_>]) -> Bits {
    let empty = Context::new();
    let mut bits = Bits::empty(probes.len());
    for (i, probe) in probes.iter().enumerate() {
        let req = Request {
            action: &probe.action,
            resource: &probe.resource,
            resource_account: probe.owner.as_deref().unwrap_or(&p.account),
            context: &empty,
        };
        if eval::decide(p, &req, probe.policy).is_allowed() {
            bits.set(i);
        }
    }
    bits
}

/// Labels of up to `n` of the given probes, in probe order (most sensitive
/// first), each once.
pub(super) fn sample(probes: &[Probe<'_>], indices: &[usize], n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &i in indices {
        let label = &probes[i].shown;
        if !out.contains(label) {
            out.push(label.clone());
            if out.len() == n {
                break;
            }
        }
    }
    out
}
