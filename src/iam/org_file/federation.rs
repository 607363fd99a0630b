//! Identity providers and IAM Identity Center permission sets in
//! organization files: reading them (each account's `oidc_providers` and
//! `saml_providers`, the organization's `permission_sets`) and writing the
//! providers back. A permission set is written back as what it made: the
//! roles and the provider in each account it was assigned to.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::file::{Pairs, Raw};
use super::read::{Holder, Loader};
use super::write::{Writer, quote};
use crate::iam::model::{OidcProvider, Role, SamlProvider, role_arn, saml_provider_arn};
use crate::iam::policy::PolicyKind;
use crate::iam::tokens;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "OidcProvider")]
pub(super) struct OidcProviderFile<'a> {
    #[serde(borrow)]
    url: Raw<'a>,
    #[serde(default)]
    client_ids: Vec<String>,
    #[serde(default)]
    thumbprints: Vec<String>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "SamlProvider")]
pub(super) struct SamlProviderFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    /// The IdP's entity id: the sandbox writes metadata naming it.
    #[serde(borrow, default)]
    issuer: Option<Raw<'a>>,
    /// Or the whole metadata document.
    #[serde(default)]
    metadata: Option<String>,
    #[serde(default)]
    uuid: Option<String>,
    #[serde(borrow, default)]
    created: Option<Raw<'a>>,
    #[serde(borrow, default)]
    tags: Pairs<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "PermissionSet")]
pub(super) struct PermissionSetFile<'a> {
    #[serde(borrow)]
    name: Raw<'a>,
    #[serde(default)]
    description: String,
    /// Managed policies: AWS managed by ARN, customer managed by name (the
    /// policy must exist in each assigned account, as Identity Center asks).
    #[serde(borrow, default)]
    policies: Vec<Raw<'a>>,
    #[serde(borrow, default)]
    inline: Option<Raw<'a>>,
    #[serde(borrow, default)]
    boundary: Option<Raw<'a>>,
    /// Seconds, 3600 to 43200 (Identity Center's PT1H to PT12H).
    #[serde(default)]
    session_duration: Option<u32>,
    #[serde(borrow)]
    accounts: Vec<Raw<'a>>,
}

/// The path of the roles Identity Center makes.
pub const SSO_ROLE_PATH: &str = "/aws-reserved/sso.amazonaws.com/";
/// The name Identity Center gives each permission set's inline policy.
pub const SSO_INLINE_POLICY: &str = "AwsSSOInlinePolicy";

/// 16 hex digits that stand for what AWS draws at random, made from `seed`
/// so that the same file always gives the same names.
fn hex16(seed: &str) -> String {
    sha1_smol::Sha1::from(seed).digest().to_string()[..16].to_string()
}

/// The SAML provider Identity Center creates in every account it manages.
pub fn sso_provider_name() -> String {
    format!(
        "AWSSSO_{}_DO_NOT_DELETE",
        hex16("iam-identity-center-instance")
    )
}

/// The role a permission set becomes in an account.
pub fn sso_role_name(permission_set: &str, account: &str) -> String {
    format!(
        "AWSReservedSSO_{permission_set}_{}",
        hex16(&format!("{permission_set}/{account}"))
    )
}

/// The trust policy of an Identity Center role: the account's SSO provider,
/// for AssumeRoleWithSAML and TagSession, with AWS sign-in's audience.
pub fn sso_trust(account: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Principal": {{
        "Federated": "{}"
      }},
      "Action": [
        "sts:AssumeRoleWithSAML",
        "sts:TagSession"
      ],
      "Condition": {{
        "StringEquals": {{
          "SAML:aud": "{}"
        }}
      }}
    }}
  ]
}}"#,
        saml_provider_arn(account, &sso_provider_name()),
        tokens::SAML_AUDIENCE
    )
}

impl Loader<'_> {
    pub(super) fn providers(
        &mut self,
        account: &str,
        oidc: &[OidcProviderFile<'_>],
        saml: &[SamlProviderFile<'_>],
    ) {
        let now = self.org.now;
        for p in oidc {
            let Some(url) = self.string(p.url, "provider url") else {
                continue;
            };
            let Some(key) = url.strip_prefix("https://") else {
                self.error(
                    p.url,
                    format!("OIDC provider url `{url}` must begin with https://"),
                );
                continue;
            };
            let key = key.trim_end_matches('/').to_string();
            if self.org.accounts[account].oidc_providers.contains_key(&key) {
                self.error(
                    p.url,
                    format!("account {account} has the OIDC provider `{url}` twice"),
                );
                continue;
            }
            if let Some(t) = p
                .thumbprints
                .iter()
                .find(|t| t.len() != 40 || !t.chars().all(|c| c.is_ascii_hexdigit()))
            {
                self.error(
                    p.url,
                    format!("OIDC provider `{url}` has thumbprint `{t}`: a thumbprint is 40 hexadecimal digits"),
                );
            }
            let created = self.time_or(p.created, "created", now);
            let tags = self.tags(&p.tags, &format!("OIDC provider `{url}`"));
            let provider = OidcProvider {
                url: key.clone(),
                client_ids: p.client_ids.clone(),
                thumbprints: p.thumbprints.clone(),
                created,
                tags,
            };
            self.account_mut(account)
                .oidc_providers
                .insert(key, provider);
        }
        for p in saml {
            let Some(name) = self.string(p.name, "SAML provider name") else {
                continue;
            };
            if self.org.accounts[account]
                .saml_providers
                .contains_key(&name)
            {
                self.error(
                    p.name,
                    format!("account {account} has the SAML provider `{name}` twice"),
                );
                continue;
            }
            let issuer = self.opt_string(p.issuer, "issuer");
            let metadata = match (&p.metadata, issuer) {
                (Some(m), None) => m.clone(),
                (None, Some(i)) => tokens::saml_metadata(&i),
                _ => {
                    self.error(
                        p.name,
                        format!(
                            "SAML provider `{name}` needs either `issuer` (the IdP's entity id) or `metadata`, not both"
                        ),
                    );
                    continue;
                }
            };
            let created = self.time_or(p.created, "created", now);
            let tags = self.tags(&p.tags, &format!("SAML provider `{name}`"));
            let uuid = p
                .uuid
                .clone()
                .unwrap_or_else(|| format!("SPUUID{}", hex16(&format!("{account}/{name}"))));
            let valid_until =
                crate::iam::federation::saml_attribute(&metadata, "validUntil").map(str::to_string);
            let provider = SamlProvider {
                name: name.clone(),
                metadata,
                uuid,
                created,
                valid_until,
                tags,
            };
            if provider.entity_id().is_none() {
                self.error(
                    p.name,
                    format!("the metadata of SAML provider `{name}` has no entityID"),
                );
            }
            self.account_mut(account)
                .saml_providers
                .insert(name, provider);
        }
    }

    /// A permission set: in each assigned account, the SSO provider (once)
    /// and the role `AWSReservedSSO_<name>_<hex>` under the reserved path.
    pub(super) fn permission_set(&mut self, ps: &PermissionSetFile<'_>) {
        let Some(name) = self.string(ps.name, "permission set name") else {
            return;
        };
        let ok = (1..=32).contains(&name.chars().count())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c));
        if !ok {
            self.error(
                ps.name,
                format!(
                    "permission set name `{name}` is not valid: 1 to 32 letters, digits and +=,.@-_"
                ),
            );
            return;
        }
        let duration = ps.session_duration.unwrap_or(3600);
        if !(3600..=43_200).contains(&duration) {
            self.error(
                ps.name,
                format!(
                    "permission set `{name}` has `session_duration: {duration}`: it must be 3600 to 43200 seconds (PT1H to PT12H)"
                ),
            );
            return;
        }
        let inline = ps.inline.and_then(|raw| {
            let what = format!("inline policy of permission set `{name}`");
            self.document(raw, PolicyKind::Identity, &what)
        });
        let now = self.org.now;
        let provider = sso_provider_name();
        for raw in &ps.accounts {
            let Some(account) = self.string(raw, "account id") else {
                continue;
            };
            if !self.org.accounts.contains_key(&account) {
                self.error(
                    raw,
                    format!(
                        "permission set `{name}` is assigned to account `{account}`, which the file does not define"
                    ),
                );
                continue;
            }
            let holder = Holder {
                word: "permission set",
                name: &name,
                inline_limit: usize::MAX,
            };
            let attached = self.attached(&ps.policies, &account, &holder);
            let boundary = self.boundary(ps.boundary, &account);
            let role_name = sso_role_name(&name, &account);
            let key = role_name.to_ascii_lowercase();
            if self.org.accounts[&account].roles.contains_key(&key) {
                self.error(
                    ps.name,
                    format!("permission set `{name}` is assigned to account {account} twice"),
                );
                continue;
            }
            let trust = match crate::iam::model::PolicyDoc::parse(
                &sso_trust(&account),
                PolicyKind::Trust,
            ) {
                Ok(t) => t,
                Err(e) => unreachable!("the SSO trust policy is valid: {e}"),
            };
            let id = self.id(None, "AROA");
            let mut inline_map = BTreeMap::new();
            if let Some(doc) = &inline {
                inline_map.insert(SSO_INLINE_POLICY.to_string(), doc.clone());
            }
            let role = Role {
                name: role_name,
                path: SSO_ROLE_PATH.to_string(),
                id,
                created: now,
                description: ps.description.clone(),
                trust,
                max_session_duration: duration,
                inline: inline_map,
                attached,
                boundary,
                tags: Vec::new(),
                last_used: None,
                accessed: Default::default(),
            };
            let acct = self.account_mut(&account);
            acct.roles.insert(key, role);
            acct.saml_providers
                .entry(provider.clone())
                .or_insert_with(|| SamlProvider {
                    name: provider.clone(),
                    metadata: tokens::saml_metadata(&format!(
                        "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/{}",
                        hex16("iam-identity-center-instance")
                    )),
                    uuid: format!("SPUUID{}", hex16(&format!("{account}/{provider}"))),
                    created: now,
                    valid_until: None,
                    tags: Vec::new(),
                });
        }
    }
}

/// The providers of an account, as the file writes them.
pub(super) fn write_providers(w: &mut Writer, a: &crate::iam::model::Account) {
    w.records("oidc_providers", a.oidc_providers.values(), |w, p| {
        w.open("OidcProvider(");
        w.string("url", &format!("https://{}", p.url));
        w.list("client_ids", &p.client_ids);
        w.list("thumbprints", &p.thumbprints);
        w.time("created", p.created);
        w.tags(&p.tags);
        w.close("),");
    });
    w.records("saml_providers", a.saml_providers.values(), |w, p| {
        w.open("SamlProvider(");
        w.string("name", &p.name);
        // Metadata the sandbox wrote is kept as its issuer alone.
        match p.entity_id() {
            Some(i) if tokens::saml_metadata(i) == p.metadata => w.string("issuer", i),
            _ => w.field("metadata", quote(&p.metadata)),
        }
        w.string("uuid", &p.uuid);
        w.time("created", p.created);
        w.tags(&p.tags);
        w.close("),");
    });
}

/// The ARN of the role a permission set made in an account.
pub fn sso_role_arn(permission_set: &str, account: &str) -> String {
    role_arn(
        account,
        SSO_ROLE_PATH,
        &sso_role_name(permission_set, account),
    )
}
