//! Federated callers: people and workloads signed in with an identity
//! provider (OIDC or SAML) who ask STS for a role session. Before STS turns
//! their token into a session they are named by the provider, and only a
//! role's trust policy can let them in.

use std::collections::BTreeMap;

use super::context::Context;
use super::model::{Caller, Org};
use super::principal::{Principal, PrincipalKind};

/// Providers AWS knows by name: a trust policy names them directly in
/// `"Federated"`, and no IAM provider entity is needed for them.
pub const WELL_KNOWN: &[&str] = &[
    "accounts.google.com",
    "cognito-identity.amazonaws.com",
    "graph.facebook.com",
    "www.amazon.com",
];

/// What kind of provider an ARN or name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderRef<'a> {
    /// `arn:aws:iam::ACCOUNT:oidc-provider/URL` (URL without `https://`).
    Oidc { account: &'a str, url: &'a str },
    /// `arn:aws:iam::ACCOUNT:saml-provider/NAME`.
    Saml { account: &'a str, name: &'a str },
    /// One of [`WELL_KNOWN`].
    WellKnown(&'a str),
}

impl<'a> ProviderRef<'a> {
    pub fn parse(s: &'a str) -> Option<ProviderRef<'a>> {
        if let Some(w) = WELL_KNOWN.iter().find(|w| **w == s) {
            return Some(ProviderRef::WellKnown(w));
        }
        let rest = s.strip_prefix("arn:aws:iam::")?;
        let (account, resource) = rest.split_once(':')?;
        if let Some(url) = resource.strip_prefix("oidc-provider/") {
            return (!url.is_empty()).then_some(ProviderRef::Oidc { account, url });
        }
        let name = resource.strip_prefix("saml-provider/")?;
        (!name.is_empty()).then_some(ProviderRef::Saml { account, name })
    }

    /// The prefix of the provider's own condition keys: `HOST/PATH` for an
    /// OIDC provider (`token.actions.githubusercontent.com:sub`), the name
    /// for a well-known one, `saml` for SAML (`saml:aud`).
    pub fn key_prefix(&self) -> &'a str {
        match self {
            ProviderRef::Oidc { url, .. } => url,
            ProviderRef::Saml { .. } => "saml",
            ProviderRef::WellKnown(w) => w,
        }
    }

    /// The STS action that this kind of provider's callers ask for.
    pub fn assume_action(&self) -> &'static str {
        match self {
            ProviderRef::Saml { .. } => "sts:AssumeRoleWithSAML",
            _ => "sts:AssumeRoleWithWebIdentity",
        }
    }
}

/// The account of a provider ARN; None for well-known providers.
pub fn provider_account(provider: &str) -> Option<String> {
    match ProviderRef::parse(provider)? {
        ProviderRef::Oidc { account, .. } | ProviderRef::Saml { account, .. } => {
            Some(account.to_string())
        }
        ProviderRef::WellKnown(_) => None,
    }
}

impl Org {
    /// Does the provider an ARN names exist in its account?
    pub fn provider_exists(&self, provider: &ProviderRef<'_>) -> bool {
        match provider {
            ProviderRef::Oidc { account, url } => self
                .account(account)
                .is_some_and(|a| a.oidc_providers.contains_key(*url)),
            ProviderRef::Saml { account, name } => self
                .account(account)
                .is_some_and(|a| a.saml_providers.contains_key(*name)),
            ProviderRef::WellKnown(_) => true,
        }
    }

    /// A federated caller named by its provider (ARN or well-known name),
    /// with no claims yet: the request's context brings them.
    pub fn resolve_federated(&self, spec: &str) -> Option<Result<Caller, String>> {
        let provider = ProviderRef::parse(spec)?;
        Some(if self.provider_exists(&provider) {
            Ok(Caller::Federated {
                provider: spec.to_string(),
                claims: BTreeMap::new(),
            })
        } else {
            Err(missing_provider(spec, &provider))
        })
    }

    /// Fills in a federated caller's principal: named by its provider, its
    /// claims as condition keys, no policies of its own and no SCPs (it is
    /// nobody in the account until STS gives it a role session).
    pub(super) fn federated_principal(
        &self,
        p: &mut Principal<'_>,
        ctx: &mut Context,
        provider: &str,
        claims: &BTreeMap<String, Vec<String>>,
    ) -> Result<(), String> {
        let Some(r) = ProviderRef::parse(provider) else {
            return Err(format!(
                "`{provider}` is not an identity provider: write the ARN of an OIDC or SAML provider, or one of {}",
                WELL_KNOWN.join(", ")
            ));
        };
        if !self.provider_exists(&r) {
            return Err(missing_provider(provider, &r));
        }
        p.kind = PrincipalKind::Federated;
        p.arn = provider.to_string();
        p.scps = None;
        ctx.set_one("aws:FederatedProvider", provider.to_string());
        for (k, v) in claims {
            ctx.set(k, v.clone());
        }
        Ok(())
    }
}

fn missing_provider(spec: &str, r: &ProviderRef<'_>) -> String {
    match r {
        ProviderRef::Oidc { account, url } => {
            format!(
                "there is no OIDC provider for https://{url} in account {account} (from `{spec}`)"
            )
        }
        ProviderRef::Saml { account, name } => {
            format!("there is no SAML provider `{name}` in account {account} (from `{spec}`)")
        }
        ProviderRef::WellKnown(_) => String::new(),
    }
}

impl super::model::SamlProvider {
    /// The IdP's entity id (the `entityID` of the metadata's
    /// EntityDescriptor): what its assertions carry as their Issuer.
    pub fn entity_id(&self) -> Option<&str> {
        saml_attribute(&self.metadata, "entityID")
    }
}

/// The value of the first `NAME="..."` attribute in an XML text. Enough for
/// the metadata and assertions the sandbox reads, which carry each of the
/// attributes it needs once.
pub fn saml_attribute<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = xml[from..].find(name) {
        let at = from + i;
        let before_ok = at == 0 || xml.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = &xml[at + name.len()..];
        if before_ok && let Some(v) = rest.trim_start().strip_prefix('=') {
            let v = v.trim_start();
            let quote = v.chars().next()?;
            if quote == '"' || quote == '\'' {
                let body = &v[1..];
                return body.find(quote).map(|end| &body[..end]);
            }
        }
        from = at + name.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_parse_into_their_kind_and_key_prefix() {
        let gh = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
        let r = ProviderRef::parse(gh).unwrap();
        assert_eq!(r.key_prefix(), "token.actions.githubusercontent.com");
        assert_eq!(r.assume_action(), "sts:AssumeRoleWithWebIdentity");
        let s = ProviderRef::parse("arn:aws:iam::111122223333:saml-provider/ExampleIdP").unwrap();
        assert_eq!(
            s,
            ProviderRef::Saml {
                account: "111122223333",
                name: "ExampleIdP"
            }
        );
        assert_eq!(s.key_prefix(), "saml");
        assert_eq!(s.assume_action(), "sts:AssumeRoleWithSAML");
        assert_eq!(
            ProviderRef::parse("cognito-identity.amazonaws.com")
                .unwrap()
                .key_prefix(),
            "cognito-identity.amazonaws.com"
        );
        assert_eq!(ProviderRef::parse("arn:aws:iam::111122223333:role/x"), None);
        assert_eq!(ProviderRef::parse("example.com"), None);
        assert_eq!(provider_account(gh).as_deref(), Some("111122223333"));
    }
}
