//! A small reference evaluator, written to be obviously right rather than
//! fast: its own policy representation, regular expressions for wildcards,
//! and AWS's documented flow written out literally. Property tests compare the
//! engine against it.
#![allow(dead_code)]

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// `StringEquals: {"aws:username": value}`
    UsernameIs(String),
    /// `BoolIfExists: {"aws:MultiFactorAuthPresent": "false"}`
    NoMfaIfExists,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub effect: Effect,
    pub not_action: bool,
    pub actions: Vec<String>,
    pub not_resource: bool,
    pub resources: Vec<String>,
    /// Resource policies only: AWS principal ARNs or "*".
    pub principals: Vec<String>,
    pub cond: Option<Cond>,
}

pub type Pol = Vec<Stmt>;

#[derive(Debug, Clone)]
pub struct Case {
    pub caller_account: String,
    /// "user" or "session".
    pub caller_kind: &'static str,
    pub caller_arn: String,
    pub role_arn: Option<String>,
    pub username: Option<String>,
    pub identity: Vec<Pol>,
    pub boundary: Option<Pol>,
    pub session: Option<Pol>,
    pub scps: Option<Vec<Pol>>,
    pub resource_policy: Option<Pol>,
    pub resource_account: String,
    pub action: String,
    pub resource: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

fn wildcard(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let mut re = String::from(if ignore_case { "(?is)^" } else { "(?s)^" });
    for c in pattern.chars() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    Regex::new(&re).unwrap().is_match(text)
}

pub fn wildcard_reference(pattern: &str, text: &str, ignore_case: bool) -> bool {
    wildcard(pattern, text, ignore_case)
}

/// How a resource-policy statement's principals name the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Named {
    Account,
    Role,
    Caller,
}

fn named(case: &Case, principals: &[String]) -> Option<Named> {
    let mut best = None;
    for p in principals {
        let n = if p == "*" || *p == case.caller_arn {
            Some(Named::Caller)
        } else if Some(p) == case.role_arn.as_ref() {
            Some(Named::Role)
        } else if *p == format!("arn:aws:iam::{}:root", case.caller_account) {
            Some(Named::Account)
        } else {
            None
        };
        best = best.max(n);
    }
    best
}

fn applies(case: &Case, s: &Stmt) -> bool {
    let action_hit = s.actions.iter().any(|a| wildcard(a, &case.action, true));
    if action_hit == s.not_action {
        return false;
    }
    let resource_hit = s
        .resources
        .iter()
        .any(|r| wildcard(r, &case.resource, false));
    if resource_hit == s.not_resource {
        return false;
    }
    match &s.cond {
        None => true,
        Some(Cond::UsernameIs(u)) => case.username.as_ref() == Some(u),
        // Callers in these cases use long-term keys or plain sessions without
        // MFA: the key is absent for users (IfExists: true), "false" for
        // sessions (true).
        Some(Cond::NoMfaIfExists) => true,
    }
}

fn any(case: &Case, pols: &[Pol], effect: Effect) -> bool {
    pols.iter()
        .flatten()
        .any(|s| s.effect == effect && applies(case, s))
}

pub fn evaluate(case: &Case) -> Decision {
    let single = |p: &Option<Pol>| p.iter().cloned().collect::<Vec<Pol>>();
    let scps = case.scps.clone().unwrap_or_default();
    let boundary = single(&case.boundary);
    let session = single(&case.session);
    let resource_denies = case.resource_policy.iter().flatten().any(|s| {
        s.effect == Effect::Deny && applies(case, s) && named(case, &s.principals).is_some()
    });
    // 1. Explicit deny anywhere.
    if any(case, &scps, Effect::Deny)
        || resource_denies
        || any(case, &case.identity, Effect::Deny)
        || any(case, &boundary, Effect::Deny)
        || any(case, &session, Effect::Deny)
    {
        return Decision::ExplicitDeny;
    }
    // 2. Organizations.
    if case.scps.is_some() && !any(case, &scps, Effect::Allow) {
        return Decision::ImplicitDeny;
    }
    let resource_grant = case
        .resource_policy
        .iter()
        .flatten()
        .filter(|s| s.effect == Effect::Allow && applies(case, s))
        .filter_map(|s| named(case, &s.principals))
        .max();
    let boundary_ok = case.boundary.is_none() || any(case, &boundary, Effect::Allow);
    let session_ok = case.session.is_none() || any(case, &session, Effect::Allow);
    let identity_ok = any(case, &case.identity, Effect::Allow) && boundary_ok && session_ok;
    if case.caller_account == case.resource_account {
        // 3. Same account: the resource policy can grant alone.
        if resource_grant == Some(Named::Caller) {
            return Decision::Allowed;
        }
        if resource_grant == Some(Named::Role) && boundary_ok && session_ok {
            return Decision::Allowed;
        }
        return if identity_ok {
            Decision::Allowed
        } else {
            Decision::ImplicitDeny
        };
    }
    // 4. Cross account: both sides.
    if identity_ok && resource_grant.is_some() {
        Decision::Allowed
    } else {
        Decision::ImplicitDeny
    }
}

/// The JSON text of a policy, as the engine reads it.
pub fn to_json(p: &Pol, with_principal: bool) -> String {
    let stmts: Vec<serde_json::Value> = p
        .iter()
        .map(|s| {
            let mut m = serde_json::Map::new();
            m.insert(
                "Effect".into(),
                (if s.effect == Effect::Allow { "Allow" } else { "Deny" }).into(),
            );
            m.insert(
                (if s.not_action { "NotAction" } else { "Action" }).into(),
                s.actions.clone().into(),
            );
            m.insert(
                (if s.not_resource { "NotResource" } else { "Resource" }).into(),
                s.resources.clone().into(),
            );
            if with_principal {
                let aws: Vec<&String> = s.principals.iter().filter(|p| *p != "*").collect();
                let principal = if s.principals.iter().any(|p| p == "*") {
                    serde_json::json!("*")
                } else {
                    serde_json::json!({ "AWS": aws })
                };
                m.insert("Principal".into(), principal);
            }
            match &s.cond {
                Some(Cond::UsernameIs(u)) => {
                    m.insert("Condition".into(), serde_json::json!({"StringEquals": {"aws:username": u}}));
                }
                Some(Cond::NoMfaIfExists) => {
                    m.insert(
                        "Condition".into(),
                        serde_json::json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}),
                    );
                }
                None => {}
            }
            serde_json::Value::Object(m)
        })
        .collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": stmts}).to_string()
}
