//! Access questions asked of a whole organization: find the resource's owner
//! and its resource-based policy, resolve the caller, evaluate.

use super::context::Context;
use super::eval::{self, Decision, Evaluation, Request, ResourcePolicy};
use super::model::{Caller, Org};
use super::principal::Principal;

/// The parts of an ARN: `arn:partition:service:region:account:resource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    pub fn parse(s: &'a str) -> Option<Arn<'a>> {
        let mut it = s.splitn(6, ':');
        if it.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: it.next()?,
            service: it.next()?,
            region: it.next()?,
            account: it.next()?,
            resource: it.next()?,
        })
    }
}

impl Org {
    /// The account that owns a resource and the resource-based policy that
    /// applies to `action` on it, if any. An unknown owner counts as the
    /// caller's own account.
    pub fn resource_context<'o>(
        &'o self,
        action: &str,
        resource: &str,
        caller_account: &str,
    ) -> (String, Option<ResourcePolicy<'o>>) {
        let (owner, policy) = self.resource_side(action, resource);
        (owner.unwrap_or_else(|| caller_account.to_string()), policy)
    }

    /// The owner (None when it cannot be known from the organization) and
    /// the resource-based policy of a resource, for `action`.
    pub fn resource_side<'o>(
        &'o self,
        action: &str,
        resource: &str,
    ) -> (Option<String>, Option<ResourcePolicy<'o>>) {
        let Some(arn) = Arn::parse(resource) else {
            return (None, None);
        };
        match arn.service {
            "s3" => {
                let bucket = arn.resource.split('/').next().unwrap_or("");
                match self.buckets.get(bucket) {
                    Some(b) => (
                        Some(b.account.clone()),
                        b.policy.as_deref().map(|doc| ResourcePolicy {
                            name: "bucket policy",
                            doc,
                            must_allow: false,
                        }),
                    ),
                    None => (None, None),
                }
            }
            "iam" if is_assume_action(action) => {
                let policy = arn
                    .resource
                    .strip_prefix("role/")
                    .and_then(|r| r.rsplit('/').next())
                    .and_then(|name| self.role(arn.account, name))
                    .filter(|role| role.arn(arn.account) == resource)
                    .map(|role| ResourcePolicy {
                        name: "trust policy",
                        doc: &role.trust,
                        must_allow: true,
                    });
                (Some(arn.account.to_string()), policy)
            }
            // AWS managed policies (`arn:aws:iam::aws:policy/...`) are shared
            // with every account: reading or attaching one is not a
            // cross-account request, so they count as the caller's own.
            _ if arn.account.is_empty() || (arn.service == "iam" && arn.account == "aws") => {
                (None, None)
            }
            _ => (Some(arn.account.to_string()), None),
        }
    }

    /// Evaluates one request and explains the decision.
    pub fn explain(
        &self,
        caller: &Caller,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Result<Evaluation, String> {
        let principal = self.principal(caller)?;
        Ok(self.explain_for(&principal, action, resource, context))
    }

    /// Evaluates one request for an already resolved principal.
    pub fn explain_for(
        &self,
        principal: &Principal<'_>,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Evaluation {
        self.request_for(principal, action, resource, context, eval::explain)
    }

    /// The decision alone, for an already resolved principal.
    pub fn decide_for(
        &self,
        principal: &Principal<'_>,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Decision {
        self.request_for(principal, action, resource, context, eval::decide)
    }

    /// Builds the request (the resource's owner and policy found here) and
    /// hands it to `evaluate`: the full trail or the fast decision.
    fn request_for<T>(
        &self,
        principal: &Principal<'_>,
        action: &str,
        resource: &str,
        context: &Context,
        evaluate: impl FnOnce(&Principal<'_>, &Request<'_>, Option<ResourcePolicy<'_>>) -> T,
    ) -> T {
        let (owner, policy) = self.resource_context(action, resource, &principal.account);
        let req = Request {
            action,
            resource,
            resource_account: &owner,
            context,
        };
        evaluate(principal, &req, policy)
    }
}

fn is_assume_action(action: &str) -> bool {
    [
        "sts:AssumeRole",
        "sts:AssumeRoleWithWebIdentity",
        "sts:AssumeRoleWithSAML",
        "sts:TagSession",
        "sts:SetSourceIdentity",
    ]
    .iter()
    .any(|a| a.eq_ignore_ascii_case(action))
}

impl Org {
    /// Resolves how a person names a principal: `john` (a user of the home
    /// account), `role/S3AccessRole`, `admin` or `root` (the account's root
    /// user), a full user, role or root ARN, or an identity provider's ARN
    /// (or a well-known provider's name) for a web identity or SAML caller. `home` is the account a bare
    /// name is looked up in.
    pub fn resolve_principal(&self, spec: &str, home: &str) -> Result<Caller, String> {
        // A web identity or SAML caller, named by its identity provider.
        if let Some(federated) = self.resolve_federated(spec) {
            return federated;
        }
        if let Some(arn) = Arn::parse(spec) {
            if arn.service != "iam" || self.account(arn.account).is_none() {
                return Err(format!(
                    "`{spec}` is not a user, role or root ARN of an account in this organization"
                ));
            }
            return self.resolve_in(arn.resource, arn.account, spec);
        }
        if self.account(home).is_none() {
            return Err(format!("account `{home}` is not in this organization"));
        }
        self.resolve_in(spec, home, spec)
    }

    fn resolve_in(&self, rest: &str, account: &str, spec: &str) -> Result<Caller, String> {
        if rest == "root" || rest == "admin" {
            return Ok(Caller::Root {
                account: account.to_string(),
            });
        }
        if let Some(role) = rest.strip_prefix("role/") {
            let name = role.rsplit('/').next().unwrap_or(role);
            return match self.role(account, name) {
                Some(r) => Ok(Caller::role_session(account, &r.name)),
                None => Err(format!("there is no role `{name}` in account {account}")),
            };
        }
        let name = rest.strip_prefix("user/").unwrap_or(rest);
        let name = name.rsplit('/').next().unwrap_or(name);
        match self.user(account, name) {
            Some(u) => Ok(Caller::user_with_key(account, &u.name)),
            None => Err(format!(
                "there is no user `{name}` in account {account} (from `{spec}`; write role/NAME for a role)"
            )),
        }
    }
}
