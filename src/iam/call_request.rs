//! The request the sandbox's own call would make for "may this principal do
//! this action on this resource?". Every view that answers that question
//! (the access grid, the `access:` lines and `changes` after a command,
//! `matrix`, `iamtutor diff`) asks it through [`CallRequest`], so each gives
//! the answer a real call in the sandbox gets:
//!
//! - the condition keys the call carries: `aws:RequestedRegion` (the
//!   sandbox's default region) on calls to services other than IAM and STS,
//!   and `iam:PassedToService` on `iam:PassRole`, which is never asked
//!   alone: it is asked when a role is handed to a service. The grid asks it
//!   for each service the role trusts that the sandbox hands roles to (EC2
//!   and Lambda), or for both when the role trusts neither, and the cell is
//!   allowed when one of them is;
//! - nothing else: no MFA, no external ID, no tags on the request;
//! - a call on a role, user or group that does not exist cannot succeed,
//!   whatever the policies say (AWS answers NoSuchEntity, or refuses
//!   AssumeRole as it would a role you may not assume), so such a cell is
//!   denied. Creating the thing is the exception. Buckets are left to the
//!   policies: other accounts' buckets are not in the organization.

use super::access::Arn;
use super::context::Context;
use super::eval::{Decision, Evaluation};
use super::model::{Caller, Org};
use super::pattern::has_wildcard;
use super::principal::Principal;

/// The region the sandbox's calls go to unless told otherwise.
pub const SANDBOX_REGION: &str = "us-east-1";

/// The services the sandbox hands roles to, in the order they are tried.
pub const PASS_TARGETS: [&str; 2] = ["ec2.amazonaws.com", "lambda.amazonaws.com"];

/// What a text view's answers assume, in lines of at most 80 characters.
pub const ASSUMED: [&str; 2] = [
    "Asked as the sandbox's own calls ask: region us-east-1, no MFA, no external ID;",
    "iam:PassRole passed to a service the role trusts; a missing entity denies.",
];

/// [`ASSUMED`] as text, a line each.
pub fn assumed_text() -> String {
    ASSUMED.iter().map(|l| format!("{l}\n")).collect()
}

/// The same in one line of at most 80 characters, for a screen's legend.
pub const ASSUMED_SHORT: &str =
    "asked as sandbox calls ask: us-east-1, no MFA, PassRole to a trusted service";

/// How the sandbox asks one action on one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRequest {
    /// The contexts the call may be made with; the answer is allowed when
    /// any is (one for every action but `iam:PassRole`).
    pub contexts: Vec<Context>,
    /// Why no call can succeed: the resource names something that does not
    /// exist.
    pub missing: Option<String>,
}

impl CallRequest {
    /// The request for `action` on `resource` in `org`.
    pub fn new(org: &Org, action: &str, resource: &str) -> CallRequest {
        let service = action
            .split_once(':')
            .map_or(action, |(s, _)| s)
            .to_ascii_lowercase();
        let mut base = Context::new();
        if service != "iam" && service != "sts" {
            base.set_one("aws:RequestedRegion", SANDBOX_REGION);
        }
        let contexts = if action.eq_ignore_ascii_case("iam:PassRole") {
            pass_targets(org, resource)
                .into_iter()
                .map(|s| {
                    let mut c = base.clone();
                    c.set_one("iam:PassedToService", s);
                    c
                })
                .collect()
        } else {
            vec![base]
        };
        CallRequest {
            contexts,
            missing: missing(org, action, resource),
        }
    }

    /// The decision for one resolved principal.
    pub fn decide(&self, org: &Org, p: &Principal<'_>, action: &str, resource: &str) -> Decision {
        if self.missing.is_some() {
            return Decision::ImplicitDeny;
        }
        combine(
            self.contexts
                .iter()
                .map(|c| org.decide_for(p, action, resource, c)),
        )
    }

    /// The evaluation behind [`CallRequest::decide`], for a "why?" panel:
    /// the one for the context that gave the answer, and, for a missing
    /// resource, the engine's trail with the reason the call fails.
    pub fn explain(
        &self,
        org: &Org,
        caller: &Caller,
        action: &str,
        resource: &str,
    ) -> Result<Evaluation, String> {
        let evals = self
            .contexts
            .iter()
            .map(|c| org.explain(caller, action, resource, c))
            .collect::<Result<Vec<_>, _>>()?;
        let decision = combine(evals.iter().map(|e| e.decision));
        let mut eval = evals
            .into_iter()
            .find(|e| e.decision == decision)
            .ok_or_else(|| "no request to evaluate".to_string())?;
        if let Some(why) = &self.missing {
            eval.decision = Decision::ImplicitDeny;
            eval.decided_by = None;
            eval.reason = why.clone();
        }
        Ok(eval)
    }
}

/// Allowed when any try is; otherwise an explicit deny when any is one.
fn combine(decisions: impl Iterator<Item = Decision>) -> Decision {
    let mut out = Decision::ImplicitDeny;
    for d in decisions {
        match d {
            Decision::Allowed => return Decision::Allowed,
            Decision::ExplicitDeny => out = Decision::ExplicitDeny,
            Decision::ImplicitDeny => {}
        }
    }
    out
}

/// The services a role at `resource` would be passed to: those among
/// [`PASS_TARGETS`] its trust policy lets in, or all of them when it trusts
/// none (or `resource` is no single role).
pub fn pass_targets(org: &Org, resource: &str) -> Vec<&'static str> {
    let trusted: Vec<&'static str> = PASS_TARGETS
        .into_iter()
        .filter(|s| {
            let caller = Caller::Service(s.to_string());
            org.principal(&caller).is_ok_and(|sp| {
                org.decide_for(&sp, "sts:AssumeRole", resource, &Context::new())
                    .is_allowed()
            })
        })
        .collect();
    if trusted.is_empty() {
        PASS_TARGETS.to_vec()
    } else {
        trusted
    }
}

/// The context a call that passes a role to `service` carries.
pub fn passed_to(service: &str) -> Context {
    let mut ctx = Context::new();
    ctx.set_one("iam:PassedToService", service);
    ctx
}

/// Why a call on `resource` cannot succeed because it names a role, user
/// or group of this organization that does not exist. Resources in
/// accounts outside the organization, patterns and `*` are never missing.
pub fn missing(org: &Org, action: &str, resource: &str) -> Option<String> {
    if has_wildcard(resource) {
        return None;
    }
    let arn = Arn::parse(resource)?;
    let verb = action.split_once(':').map_or("", |(_, n)| n);
    let creates = |what: &str| verb.eq_ignore_ascii_case(what);
    match arn.service {
        "iam" => {
            let account = org.accounts.get(arn.account)?;
            let (kind, rest) = arn.resource.split_once('/')?;
            let name = rest.rsplit('/').next().unwrap_or(rest);
            let (exists, word, create) = match kind {
                "role" => (
                    account.roles.contains_key(&name.to_ascii_lowercase()),
                    "role",
                    "CreateRole",
                ),
                "user" => (
                    account.users.contains_key(&name.to_ascii_lowercase()),
                    "user",
                    "CreateUser",
                ),
                "group" => (
                    account.groups.contains_key(&name.to_ascii_lowercase()),
                    "group",
                    "CreateGroup",
                ),
                _ => return None,
            };
            (!exists && !creates(create)).then(|| {
                format!(
                    "{word} {name} does not exist: no call on it can succeed, whatever the policies say"
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assumptions_fit_80_columns() {
        for line in ASSUMED.iter().chain([&ASSUMED_SHORT]) {
            assert!(line.chars().count() <= 80, "{line}");
        }
    }

    #[test]
    fn combine_prefers_allowed_then_explicit_deny() {
        use Decision::*;
        assert_eq!(combine([ImplicitDeny, Allowed].into_iter()), Allowed);
        assert_eq!(
            combine([ExplicitDeny, ImplicitDeny].into_iter()),
            ExplicitDeny
        );
        assert_eq!(combine([ImplicitDeny].into_iter()), ImplicitDeny);
        assert_eq!(combine(std::iter::empty()), ImplicitDeny);
    }

    #[test]
    fn region_is_carried_except_by_iam_and_sts() {
        let org = Org::new();
        let ec2 = CallRequest::new(&org, "ec2:RunInstances", "*");
        assert_eq!(
            ec2.contexts[0].values("aws:RequestedRegion"),
            Some(&[SANDBOX_REGION.to_string()][..])
        );
        let iam = CallRequest::new(&org, "iam:CreateUser", "*");
        assert!(iam.contexts[0].values("aws:RequestedRegion").is_none());
    }

    #[test]
    fn pass_role_is_asked_for_each_service_it_may_go_to() {
        let org = Org::new();
        let r = CallRequest::new(&org, "iam:PassRole", "*");
        let services: Vec<&str> = r
            .contexts
            .iter()
            .map(|c| c.values("iam:PassedToService").unwrap()[0].as_str())
            .collect();
        assert_eq!(services, PASS_TARGETS);
    }
}
