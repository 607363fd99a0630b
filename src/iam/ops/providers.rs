//! Identity providers: the IAM entities that say whose tokens STS accepts.
//! OIDC (CreateOpenIDConnectProvider and the calls that read, change, tag
//! and delete one) and SAML (CreateSAMLProvider and its calls).
//!
//! An OIDC provider is keyed by its URL without `https://`, which is also
//! what its ARN ends with; a SAML provider by its name.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ctx, OpResult, TagInput, date, input, merge_tags, remove_tags, tags_json};
use crate::iam::error::AwsError;
use crate::iam::federation::{ProviderRef, saml_attribute};
use crate::iam::model::{OidcProvider, SamlProvider, oidc_provider_arn, saml_provider_arn};

/// OIDC providers per account (AWS's quota).
pub const OIDC_PROVIDERS_PER_ACCOUNT: usize = 100;
/// SAML providers per account (AWS's quota).
pub const SAML_PROVIDERS_PER_ACCOUNT: usize = 100;
/// Client ids (audiences) per OIDC provider.
pub const CLIENT_IDS_PER_PROVIDER: usize = 100;
/// Thumbprints per OIDC provider.
pub const THUMBPRINTS_PER_PROVIDER: usize = 5;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateOpenIDConnectProvider" => input(v).and_then(|i| create_oidc(cx, i)),
        "GetOpenIDConnectProvider" => input(v).and_then(|i| get_oidc(cx, i)),
        "ListOpenIDConnectProviders" => input::<Empty>(v).and_then(|_| list_oidc(cx)),
        "DeleteOpenIDConnectProvider" => input(v).and_then(|i| delete_oidc(cx, i)),
        "AddClientIDToOpenIDConnectProvider" => input(v).and_then(|i| add_client_id(cx, i)),
        "RemoveClientIDFromOpenIDConnectProvider" => input(v).and_then(|i| remove_client_id(cx, i)),
        "UpdateOpenIDConnectProviderThumbprint" => input(v).and_then(|i| update_thumbprint(cx, i)),
        "TagOpenIDConnectProvider" => input(v).and_then(|i| tag_oidc(cx, i)),
        "UntagOpenIDConnectProvider" => input(v).and_then(|i| untag_oidc(cx, i)),
        "ListOpenIDConnectProviderTags" => input(v).and_then(|i| list_oidc_tags(cx, i)),
        "CreateSAMLProvider" => input(v).and_then(|i| create_saml(cx, i)),
        "GetSAMLProvider" => input(v).and_then(|i| get_saml(cx, i)),
        "ListSAMLProviders" => input::<Empty>(v).and_then(|_| list_saml(cx)),
        "UpdateSAMLProvider" => input(v).and_then(|i| update_saml(cx, i)),
        "DeleteSAMLProvider" => input(v).and_then(|i| delete_saml(cx, i)),
        "TagSAMLProvider" => input(v).and_then(|i| tag_saml(cx, i)),
        "UntagSAMLProvider" => input(v).and_then(|i| untag_saml(cx, i)),
        "ListSAMLProviderTags" => input(v).and_then(|i| list_saml_tags(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

// ---- OIDC ----

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateOidc {
    url: String,
    #[serde(rename = "ClientIDList")]
    client_id_list: Option<Vec<String>>,
    thumbprint_list: Option<Vec<String>>,
    tags: Option<Vec<TagInput>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OidcArn {
    #[serde(rename = "OpenIDConnectProviderArn")]
    arn: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OidcClientId {
    #[serde(rename = "OpenIDConnectProviderArn")]
    arn: String,
    #[serde(rename = "ClientID")]
    client_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OidcThumbprints {
    #[serde(rename = "OpenIDConnectProviderArn")]
    arn: String,
    thumbprint_list: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OidcTag {
    #[serde(rename = "OpenIDConnectProviderArn")]
    arn: String,
    tags: Vec<TagInput>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OidcUntag {
    #[serde(rename = "OpenIDConnectProviderArn")]
    arn: String,
    tag_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct OidcListTags {
    #[serde(rename = "OpenIDConnectProviderArn")]
    arn: String,
    #[allow(dead_code)]
    marker: Option<String>,
    #[allow(dead_code)]
    max_items: Option<i64>,
}

/// The provider URL as IAM keeps it: without `https://`, without a trailing
/// slash. Only https URLs without a query or port are accepted.
fn oidc_key(url: &str) -> Result<String, AwsError> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Err(AwsError::invalid_input(
            "Invalid OpenID Connect Provider URL: the URL must begin with https://",
        ));
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || rest.contains(['?', '#']) || host.contains(':') {
        return Err(AwsError::invalid_input(format!(
            "Invalid OpenID Connect Provider URL: {url} (a host name, an optional path, no port, no query)"
        )));
    }
    Ok(rest.trim_end_matches('/').to_string())
}

fn check_thumbprints(list: &[String]) -> Result<(), AwsError> {
    if list.len() > THUMBPRINTS_PER_PROVIDER {
        return Err(AwsError::limit_exceeded(format!(
            "Thumbprint list must contain fewer than {} entries.",
            THUMBPRINTS_PER_PROVIDER + 1
        )));
    }
    for t in list {
        if t.len() != 40 || !t.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AwsError::invalid_input(format!(
                "Thumbprint {t} is invalid: a thumbprint is the 40 hexadecimal digits of the certificate's SHA-1 fingerprint."
            )));
        }
    }
    Ok(())
}

fn check_client_id(id: &str) -> Result<(), AwsError> {
    if id.is_empty() || id.chars().count() > 255 {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{id}' at 'clientID' failed to satisfy constraint: Member must have length between 1 and 255"
        )));
    }
    Ok(())
}

fn no_oidc(arn: &str) -> AwsError {
    AwsError::no_such_entity(format!("OpenIDConnect Provider not found for arn {arn}"))
}

/// The key of the caller's account's OIDC provider that `arn` names.
fn oidc_key_of(cx: &Ctx<'_>, arn: &str) -> Result<String, AwsError> {
    match ProviderRef::parse(arn) {
        Some(ProviderRef::Oidc { account, url })
            if account == cx.account && cx.account().oidc_providers.contains_key(url) =>
        {
            Ok(url.to_string())
        }
        Some(ProviderRef::Oidc { .. }) => Err(no_oidc(arn)),
        _ => Err(AwsError::invalid_input(format!(
            "ARN {arn} is not valid: an OpenID Connect provider's ARN is arn:aws:iam::ACCOUNT:oidc-provider/URL."
        ))),
    }
}

fn oidc_mut<'a>(cx: &'a mut Ctx<'_>, key: &str) -> &'a mut OidcProvider {
    cx.account_mut()
        .oidc_providers
        .get_mut(key)
        .expect("looked up just before")
}

fn create_oidc(cx: &mut Ctx<'_>, i: CreateOidc) -> OpResult {
    let key = oidc_key(&i.url)?;
    let arn = oidc_provider_arn(&cx.account, &key);
    cx.authorize("iam:CreateOpenIDConnectProvider", &arn)?;
    let client_ids = i.client_id_list.unwrap_or_default();
    for c in &client_ids {
        check_client_id(c)?;
    }
    if client_ids.len() > CLIENT_IDS_PER_PROVIDER {
        return Err(AwsError::limit_exceeded(
            "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100",
        ));
    }
    let thumbprints = i.thumbprint_list.unwrap_or_default();
    check_thumbprints(&thumbprints)?;
    if cx.account().oidc_providers.contains_key(&key) {
        return Err(AwsError::already_exists(format!(
            "Provider with url https://{key} already exists."
        )));
    }
    if cx.account().oidc_providers.len() >= OIDC_PROVIDERS_PER_ACCOUNT {
        return Err(AwsError::limit_exceeded(
            "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100",
        ));
    }
    let mut tags = Vec::new();
    merge_tags(&mut tags, i.tags.as_deref().unwrap_or_default())?;
    // The same audience given twice is kept once, as IAM keeps a set.
    let mut unique: Vec<String> = Vec::new();
    for c in client_ids {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    let created = cx.now();
    cx.account_mut().oidc_providers.insert(
        key.clone(),
        OidcProvider {
            url: key,
            client_ids: unique,
            thumbprints,
            created,
            tags: tags.clone(),
        },
    );
    let mut out = json!({"OpenIDConnectProviderArn": arn});
    if !tags.is_empty() {
        out["Tags"] = tags_json(&tags);
    }
    Ok(out)
}

fn get_oidc(cx: &mut Ctx<'_>, i: OidcArn) -> OpResult {
    cx.authorize("iam:GetOpenIDConnectProvider", &i.arn)?;
    let key = oidc_key_of(cx, &i.arn)?;
    let p = &cx.account().oidc_providers[&key];
    let mut out = json!({
        "Url": p.url,
        "ClientIDList": p.client_ids,
        "ThumbprintList": p.thumbprints,
        "CreateDate": date(p.created),
    });
    if !p.tags.is_empty() {
        out["Tags"] = tags_json(&p.tags);
    }
    Ok(out)
}

fn list_oidc(cx: &mut Ctx<'_>) -> OpResult {
    cx.authorize("iam:ListOpenIDConnectProviders", "*")?;
    let list: Vec<Value> = cx
        .account()
        .oidc_providers
        .keys()
        .map(|k| json!({"Arn": oidc_provider_arn(&cx.account, k)}))
        .collect();
    Ok(json!({"OpenIDConnectProviderList": list}))
}

fn delete_oidc(cx: &mut Ctx<'_>, i: OidcArn) -> OpResult {
    cx.authorize("iam:DeleteOpenIDConnectProvider", &i.arn)?;
    let key = oidc_key_of(cx, &i.arn)?;
    cx.account_mut().oidc_providers.remove(&key);
    Ok(json!({}))
}

fn add_client_id(cx: &mut Ctx<'_>, i: OidcClientId) -> OpResult {
    cx.authorize("iam:AddClientIDToOpenIDConnectProvider", &i.arn)?;
    check_client_id(&i.client_id)?;
    let key = oidc_key_of(cx, &i.arn)?;
    let p = oidc_mut(cx, &key);
    // Adding an audience the provider already has changes nothing.
    if !p.client_ids.contains(&i.client_id) {
        if p.client_ids.len() >= CLIENT_IDS_PER_PROVIDER {
            return Err(AwsError::limit_exceeded(
                "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100",
            ));
        }
        p.client_ids.push(i.client_id);
    }
    Ok(json!({}))
}

fn remove_client_id(cx: &mut Ctx<'_>, i: OidcClientId) -> OpResult {
    cx.authorize("iam:RemoveClientIDFromOpenIDConnectProvider", &i.arn)?;
    check_client_id(&i.client_id)?;
    let key = oidc_key_of(cx, &i.arn)?;
    // Removing an audience the provider does not have is not an error.
    oidc_mut(cx, &key).client_ids.retain(|c| c != &i.client_id);
    Ok(json!({}))
}

fn update_thumbprint(cx: &mut Ctx<'_>, i: OidcThumbprints) -> OpResult {
    cx.authorize("iam:UpdateOpenIDConnectProviderThumbprint", &i.arn)?;
    check_thumbprints(&i.thumbprint_list)?;
    let key = oidc_key_of(cx, &i.arn)?;
    oidc_mut(cx, &key).thumbprints = i.thumbprint_list;
    Ok(json!({}))
}

fn tag_oidc(cx: &mut Ctx<'_>, i: OidcTag) -> OpResult {
    cx.authorize("iam:TagOpenIDConnectProvider", &i.arn)?;
    let key = oidc_key_of(cx, &i.arn)?;
    merge_tags(&mut oidc_mut(cx, &key).tags, &i.tags)?;
    Ok(json!({}))
}

fn untag_oidc(cx: &mut Ctx<'_>, i: OidcUntag) -> OpResult {
    cx.authorize("iam:UntagOpenIDConnectProvider", &i.arn)?;
    let key = oidc_key_of(cx, &i.arn)?;
    remove_tags(&mut oidc_mut(cx, &key).tags, &i.tag_keys);
    Ok(json!({}))
}

fn list_oidc_tags(cx: &mut Ctx<'_>, i: OidcListTags) -> OpResult {
    cx.authorize("iam:ListOpenIDConnectProviderTags", &i.arn)?;
    let key = oidc_key_of(cx, &i.arn)?;
    let tags = &cx.account().oidc_providers[&key].tags;
    Ok(json!({"Tags": tags_json(tags), "IsTruncated": false}))
}

// ---- SAML ----

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateSaml {
    #[serde(rename = "SAMLMetadataDocument")]
    metadata: String,
    name: String,
    tags: Option<Vec<TagInput>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct SamlArn {
    #[serde(rename = "SAMLProviderArn")]
    arn: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateSaml {
    #[serde(rename = "SAMLProviderArn")]
    arn: String,
    #[serde(rename = "SAMLMetadataDocument")]
    metadata: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct SamlTag {
    #[serde(rename = "SAMLProviderArn")]
    arn: String,
    tags: Vec<TagInput>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct SamlUntag {
    #[serde(rename = "SAMLProviderArn")]
    arn: String,
    tag_keys: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct SamlListTags {
    #[serde(rename = "SAMLProviderArn")]
    arn: String,
    #[allow(dead_code)]
    marker: Option<String>,
    #[allow(dead_code)]
    max_items: Option<i64>,
}

/// The metadata must be an IdP's EntityDescriptor with its entity id: that
/// is the Issuer its assertions will carry.
fn check_metadata(doc: &str) -> Result<Option<String>, AwsError> {
    let n = doc.chars().count();
    if !(1000..=10_000_000).contains(&n) {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value at 'sAMLMetadataDocument' failed to satisfy constraint: Member must have length greater than or equal to 1000 (this one has {n}; `token saml-metadata` writes one the sandbox accepts)"
        )));
    }
    if !doc.contains("EntityDescriptor") || saml_attribute(doc, "entityID").is_none() {
        return Err(AwsError::invalid_input(
            "Could not parse metadata: no EntityDescriptor with an entityID",
        ));
    }
    Ok(saml_attribute(doc, "validUntil").map(str::to_string))
}

fn check_saml_name(name: &str) -> Result<(), AwsError> {
    let ok = (1..=128).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(AwsError::validation(format!(
            "1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w._-]+"
        )))
    }
}

fn no_saml(arn: &str) -> AwsError {
    AwsError::no_such_entity(format!("Manifest not found for arn {arn}"))
}

fn saml_key_of(cx: &Ctx<'_>, arn: &str) -> Result<String, AwsError> {
    match ProviderRef::parse(arn) {
        Some(ProviderRef::Saml { account, name })
            if account == cx.account && cx.account().saml_providers.contains_key(name) =>
        {
            Ok(name.to_string())
        }
        Some(ProviderRef::Saml { .. }) => Err(no_saml(arn)),
        _ => Err(AwsError::invalid_input(format!(
            "ARN {arn} is not valid: a SAML provider's ARN is arn:aws:iam::ACCOUNT:saml-provider/NAME."
        ))),
    }
}

fn saml_mut<'a>(cx: &'a mut Ctx<'_>, key: &str) -> &'a mut SamlProvider {
    cx.account_mut()
        .saml_providers
        .get_mut(key)
        .expect("looked up just before")
}

fn create_saml(cx: &mut Ctx<'_>, i: CreateSaml) -> OpResult {
    check_saml_name(&i.name)?;
    let arn = saml_provider_arn(&cx.account, &i.name);
    cx.authorize("iam:CreateSAMLProvider", &arn)?;
    let valid_until = check_metadata(&i.metadata)?;
    if cx.account().saml_providers.contains_key(&i.name) {
        return Err(AwsError::already_exists(format!(
            "SAMLProvider {} already exists.",
            i.name
        )));
    }
    if cx.account().saml_providers.len() >= SAML_PROVIDERS_PER_ACCOUNT {
        return Err(AwsError::limit_exceeded(
            "Cannot exceed quota for SamlProvidersPerAccount: 100",
        ));
    }
    let mut tags = Vec::new();
    merge_tags(&mut tags, i.tags.as_deref().unwrap_or_default())?;
    let uuid = cx.org.new_hex_id("SPUUID");
    let created = cx.now();
    cx.account_mut().saml_providers.insert(
        i.name.clone(),
        SamlProvider {
            name: i.name,
            metadata: i.metadata,
            uuid,
            created,
            valid_until,
            tags: tags.clone(),
        },
    );
    let mut out = json!({"SAMLProviderArn": arn});
    if !tags.is_empty() {
        out["Tags"] = tags_json(&tags);
    }
    Ok(out)
}

fn get_saml(cx: &mut Ctx<'_>, i: SamlArn) -> OpResult {
    cx.authorize("iam:GetSAMLProvider", &i.arn)?;
    let key = saml_key_of(cx, &i.arn)?;
    let p = &cx.account().saml_providers[&key];
    let mut out = json!({
        "SAMLProviderUUID": p.uuid,
        "SAMLMetadataDocument": p.metadata,
        "CreateDate": date(p.created),
    });
    if let Some(v) = &p.valid_until {
        out["ValidUntil"] = json!(v);
    }
    if !p.tags.is_empty() {
        out["Tags"] = tags_json(&p.tags);
    }
    Ok(out)
}

fn list_saml(cx: &mut Ctx<'_>) -> OpResult {
    cx.authorize("iam:ListSAMLProviders", "*")?;
    let list: Vec<Value> = cx
        .account()
        .saml_providers
        .values()
        .map(|p| {
            let mut e = json!({"Arn": saml_provider_arn(&cx.account, &p.name)});
            if let Some(v) = &p.valid_until {
                e["ValidUntil"] = json!(v);
            }
            e["CreateDate"] = date(p.created);
            e
        })
        .collect();
    Ok(json!({"SAMLProviderList": list}))
}

fn update_saml(cx: &mut Ctx<'_>, i: UpdateSaml) -> OpResult {
    cx.authorize("iam:UpdateSAMLProvider", &i.arn)?;
    let key = saml_key_of(cx, &i.arn)?;
    if let Some(doc) = i.metadata {
        let valid_until = check_metadata(&doc)?;
        let p = saml_mut(cx, &key);
        p.metadata = doc;
        p.valid_until = valid_until;
    }
    Ok(json!({"SAMLProviderArn": i.arn}))
}

fn delete_saml(cx: &mut Ctx<'_>, i: SamlArn) -> OpResult {
    cx.authorize("iam:DeleteSAMLProvider", &i.arn)?;
    let key = saml_key_of(cx, &i.arn)?;
    cx.account_mut().saml_providers.remove(&key);
    Ok(json!({}))
}

fn tag_saml(cx: &mut Ctx<'_>, i: SamlTag) -> OpResult {
    cx.authorize("iam:TagSAMLProvider", &i.arn)?;
    let key = saml_key_of(cx, &i.arn)?;
    merge_tags(&mut saml_mut(cx, &key).tags, &i.tags)?;
    Ok(json!({}))
}

fn untag_saml(cx: &mut Ctx<'_>, i: SamlUntag) -> OpResult {
    cx.authorize("iam:UntagSAMLProvider", &i.arn)?;
    let key = saml_key_of(cx, &i.arn)?;
    remove_tags(&mut saml_mut(cx, &key).tags, &i.tag_keys);
    Ok(json!({}))
}

fn list_saml_tags(cx: &mut Ctx<'_>, i: SamlListTags) -> OpResult {
    cx.authorize("iam:ListSAMLProviderTags", &i.arn)?;
    let key = saml_key_of(cx, &i.arn)?;
    let tags = &cx.account().saml_providers[&key].tags;
    Ok(json!({"Tags": tags_json(tags), "IsTruncated": false}))
}
