//! STS for federated callers: AssumeRoleWithWebIdentity (an OIDC token) and
//! AssumeRoleWithSAML (a SAML assertion). No AWS credentials sign these
//! calls: the token is the proof, the identity provider in the role's
//! account says whose tokens count, and only the role's trust policy
//! decides.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::sts::{PolicyArnInput, check_duration, issue_session, session_policies};
use super::{Ctx, OpResult, validate};
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::federation::WELL_KNOWN;
use crate::iam::model::{
    Caller, PolicyDoc, Role, SessionKind, Tag, assumed_role_arn, saml_provider_arn,
};
use crate::iam::policy;
use crate::iam::tokens::{self, Assertion};

const SESSION_POLICY_MAX: usize = 2048;
/// AWS's leeway past a web identity token's `exp` for clock skew.
const CLOCK_SKEW_SECONDS: i64 = 300;
/// The claim where a token carries session tags.
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "AssumeRoleWithWebIdentity" => super::input(v).and_then(|i| with_web_identity(cx, i)),
        "AssumeRoleWithSAML" => super::input(v).and_then(|i| with_saml(cx, i)),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct WebIdentity {
    role_arn: String,
    role_session_name: String,
    web_identity_token: String,
    provider_id: Option<String>,
    policy_arns: Option<Vec<PolicyArnInput>>,
    policy: Option<String>,
    duration_seconds: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Saml {
    role_arn: String,
    principal_arn: String,
    #[serde(rename = "SAMLAssertion")]
    saml_assertion: String,
    policy_arns: Option<Vec<PolicyArnInput>>,
    policy: Option<String>,
    duration_seconds: Option<u32>,
}

fn invalid_token(msg: impl Into<String>) -> AwsError {
    AwsError::new("InvalidIdentityToken", msg)
}

fn not_authorized(action: &str) -> AwsError {
    AwsError::new(
        "AccessDenied",
        format!("Not authorized to perform {action}"),
    )
}

/// The account of a role ARN (the one the provider must live in).
fn role_account(arn: &str) -> Option<&str> {
    let a = crate::iam::access::Arn::parse(arn)?;
    (a.service == "iam" && a.resource.starts_with("role/")).then_some(a.account)
}

/// What both calls share once the caller is known: session policies,
/// the trust policy's verdict (and sts:TagSession's, with tags), the
/// session and AWS's common output members.
struct Request<'a> {
    action: &'static str,
    role_arn: &'a str,
    session_name: String,
    duration: Option<u32>,
    /// The inline session policy as given (its size is reported) and parsed.
    policy: Option<String>,
    policy_doc: Option<std::sync::Arc<PolicyDoc>>,
    policy_arns: Vec<String>,
    caller: Caller,
    tags: Vec<Tag>,
    source_identity: Option<String>,
}

/// Asks the trust policy, opens the session, and returns the output's
/// Credentials and AssumedRoleUser.
fn open_session(cx: &mut Ctx<'_>, r: Request<'_>) -> Result<Map<String, Value>, AwsError> {
    let mut ctx = Context::new();
    ctx.set_one("sts:RoleSessionName", r.session_name.clone());
    if let Some(s) = &r.source_identity {
        ctx.set_one("sts:SourceIdentity", s.clone());
    }
    let eval = cx
        .org
        .explain(&r.caller, r.action, r.role_arn, &ctx)
        .map_err(invalid_token)?;
    let role: Option<(String, Role)> = role_account(r.role_arn).and_then(|account| {
        let name = r.role_arn.rsplit('/').next()?;
        let role = cx.org.role(account, name)?;
        (role.arn(account) == r.role_arn).then(|| (account.to_string(), role.clone()))
    });
    let allowed = eval.decision.is_allowed();
    *cx.last_evaluation.borrow_mut() = Some(eval);
    // A role that does not exist is refused like one the trust policy does
    // not open, so that nobody can probe for role names.
    let Some((account, role)) = role.filter(|_| allowed) else {
        return Err(not_authorized(r.action));
    };
    if !r.tags.is_empty() {
        for t in &r.tags {
            ctx.set_one(&format!("aws:RequestTag/{}", t.key), t.value.clone());
        }
        ctx.set(
            "aws:TagKeys",
            r.tags.iter().map(|t| t.key.clone()).collect(),
        );
        let tag_eval = cx
            .org
            .explain(&r.caller, "sts:TagSession", r.role_arn, &ctx)
            .map_err(invalid_token)?;
        let refused = !tag_eval.decision.is_allowed();
        *cx.last_evaluation.borrow_mut() = Some(tag_eval);
        if refused {
            return Err(not_authorized("sts:TagSession"));
        }
    }
    let duration = r.duration.unwrap_or(3600);
    if duration > role.max_session_duration {
        return Err(AwsError::validation(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        ));
    }
    let credentials = issue_session(
        cx,
        duration,
        SessionKind::Role {
            account: account.clone(),
            role: role.name.to_ascii_lowercase(),
            session_name: r.session_name.clone(),
            policy: r.policy_doc,
            policy_arns: r.policy_arns,
            chained: false,
            source_identity: r.source_identity.clone(),
            tags: r.tags,
        },
        false,
    );
    let mut out = Map::new();
    out.insert("Credentials".into(), credentials);
    out.insert(
        "AssumedRoleUser".into(),
        json!({
            "AssumedRoleId": format!("{}:{}", role.id, r.session_name),
            "Arn": assumed_role_arn(&account, &role.name, &r.session_name),
        }),
    );
    if let Some(text) = &r.policy {
        out.insert(
            "PackedPolicySize".into(),
            json!(policy::counted_size(text) * 100 / SESSION_POLICY_MAX),
        );
    }
    Ok(out)
}

/// A claim as strings: a string, or each string of an array.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Session tags from a token's `https://aws.amazon.com/tags` claim.
fn token_tags(claims: &Map<String, Value>) -> Result<Vec<Tag>, AwsError> {
    let Some(t) = claims.get(TAGS_CLAIM) else {
        return Ok(Vec::new());
    };
    let Some(principal_tags) = t.get("principal_tags").and_then(Value::as_object) else {
        return Err(invalid_token(format!(
            "The claim {TAGS_CLAIM} must hold an object with principal_tags"
        )));
    };
    let mut tags = Vec::new();
    for (k, v) in principal_tags {
        // Each tag's value is a list of one string.
        let value = strings(Some(v)).into_iter().next().unwrap_or_default();
        tags.push(Tag {
            key: k.clone(),
            value,
        });
    }
    Ok(tags)
}

fn with_web_identity(cx: &mut Ctx<'_>, i: WebIdentity) -> OpResult {
    const ACTION: &str = "sts:AssumeRoleWithWebIdentity";
    validate::session_name(&i.role_session_name)?;
    check_duration(i.duration_seconds)?;
    let claims = tokens::jwt_claims(&i.web_identity_token).map_err(|e| {
        invalid_token(format!(
            "The web identity token could not be read: {e} (`token oidc` makes one the sandbox accepts)"
        ))
    })?;
    let iss = claims.get("iss").and_then(Value::as_str).unwrap_or("");
    let issuer_host = iss
        .strip_prefix("https://")
        .unwrap_or(iss)
        .trim_end_matches('/');
    // OAuth 2.0 access tokens of Amazon and Facebook name their provider in
    // ProviderId; everything else is an OIDC token whose iss decides.
    let well_known = i
        .provider_id
        .as_deref()
        .or(Some(issuer_host))
        .filter(|p| WELL_KNOWN.contains(p));
    let Some(account) = role_account(&i.role_arn).map(str::to_string) else {
        return Err(not_authorized(ACTION));
    };
    let (provider, prefix) = match well_known {
        Some(w) => (w.to_string(), w.to_string()),
        None => {
            let found = cx
                .org
                .account(&account)
                .and_then(|a| a.oidc_providers.get(issuer_host));
            let Some(p) = found else {
                return Err(invalid_token(format!(
                    "No OpenIDConnect provider found in your account for {iss}"
                )));
            };
            let auds = strings(claims.get("aud"));
            if !auds.iter().any(|a| p.client_ids.contains(a)) {
                return Err(invalid_token("Incorrect token audience"));
            }
            (
                crate::iam::model::oidc_provider_arn(&account, issuer_host),
                issuer_host.to_string(),
            )
        }
    };
    if let Some(exp) = claims.get("exp").and_then(Value::as_i64)
        && cx.now() >= exp + CLOCK_SKEW_SECONDS
    {
        return Err(AwsError::new(
            "ExpiredTokenException",
            format!(
                "Token expired: current date/time {} must be before the expiration date/time {exp}",
                cx.now()
            ),
        ));
    }
    let sub = claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    keys.insert(format!("{prefix}:sub"), vec![sub.clone()]);
    let auds = strings(claims.get("aud"));
    keys.insert(format!("{prefix}:aud"), auds.clone());
    if prefix == "cognito-identity.amazonaws.com" {
        keys.insert(format!("{prefix}:amr"), strings(claims.get("amr")));
    }
    let tags = token_tags(&claims)?;
    let (policy_doc, policy_arns) = session_policies(cx, i.policy.as_deref(), i.policy_arns)?;
    let mut out = open_session(
        cx,
        Request {
            action: ACTION,
            role_arn: &i.role_arn,
            session_name: i.role_session_name,
            duration: i.duration_seconds,
            policy: i.policy,
            policy_doc,
            policy_arns,
            caller: Caller::Federated {
                provider,
                claims: keys,
            },
            tags,
            source_identity: None,
        },
    )?;
    out.insert("SubjectFromWebIdentityToken".into(), json!(sub));
    let shown_provider = i.provider_id.unwrap_or_else(|| iss.to_string());
    out.insert("Provider".into(), json!(shown_provider));
    out.insert(
        "Audience".into(),
        json!(auds.first().cloned().unwrap_or_default()),
    );
    Ok(Value::Object(out))
}

fn with_saml(cx: &mut Ctx<'_>, i: Saml) -> OpResult {
    const ACTION: &str = "sts:AssumeRoleWithSAML";
    check_duration(i.duration_seconds)?;
    let a = Assertion::from_base64(&i.saml_assertion).map_err(|e| {
        invalid_token(format!(
            "Invalid SAML response: {e} (`token saml` makes one the sandbox accepts)"
        ))
    })?;
    let Some(account) = role_account(&i.role_arn).map(str::to_string) else {
        return Err(not_authorized(ACTION));
    };
    let provider_name = match crate::iam::federation::ProviderRef::parse(&i.principal_arn) {
        Some(crate::iam::federation::ProviderRef::Saml { account: pa, name }) if pa == account => {
            name.to_string()
        }
        _ => return Err(invalid_token("Specified provider doesn't exist")),
    };
    let Some(provider) = cx
        .org
        .account(&account)
        .and_then(|acc| acc.saml_providers.get(&provider_name))
    else {
        return Err(invalid_token("Specified provider doesn't exist"));
    };
    if provider.entity_id() != Some(a.issuer.as_str()) {
        return Err(invalid_token(format!(
            "Issuer `{}` is not the identity provider that SAML provider {provider_name}'s metadata names ({})",
            a.issuer,
            provider.entity_id().unwrap_or("none")
        )));
    }
    if cx.now() >= a.not_on_or_after {
        return Err(AwsError::new(
            "ExpiredTokenException",
            format!(
                "The SAML assertion expired at {} (NotOnOrAfter)",
                crate::iam::time::iso8601_z(a.not_on_or_after)
            ),
        ));
    }
    // The IdP lists the role and provider pairs this person may choose.
    let pair_listed = a.attribute(tokens::ATTR_ROLE).is_some_and(|pairs| {
        pairs.iter().any(|p| {
            let mut parts: Vec<&str> = p.split(',').map(str::trim).collect();
            parts.sort();
            let mut want = vec![i.role_arn.as_str(), i.principal_arn.as_str()];
            want.sort();
            parts == want
        })
    });
    if !pair_listed {
        return Err(not_authorized(ACTION));
    }
    let Some(session_name) = a
        .attribute(tokens::ATTR_SESSION_NAME)
        .and_then(|v| v.first())
        .cloned()
    else {
        return Err(invalid_token(format!(
            "The SAML assertion has no {} attribute",
            tokens::ATTR_SESSION_NAME
        )));
    };
    validate::session_name(&session_name)?;
    let sub_type = a
        .subject_format
        .strip_prefix(tokens::NAMEID_PREFIX)
        .unwrap_or(&a.subject_format)
        .to_string();
    let name_qualifier = tokens::base64(
        &sha1_smol::Sha1::from(format!("{}{account}/{provider_name}", a.issuer))
            .digest()
            .bytes(),
    );
    let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    keys.insert("saml:aud".into(), vec![a.recipient.clone()]);
    keys.insert("saml:sub".into(), vec![a.subject.clone()]);
    keys.insert("saml:sub_type".into(), vec![sub_type.clone()]);
    keys.insert("saml:iss".into(), vec![a.issuer.clone()]);
    keys.insert("saml:namequalifier".into(), vec![name_qualifier.clone()]);
    keys.insert(
        "saml:doc".into(),
        vec![format!("{account}/{provider_name}")],
    );
    let tags: Vec<Tag> = a
        .attributes
        .iter()
        .filter_map(|(n, v)| {
            Some(Tag {
                key: n.strip_prefix(tokens::ATTR_PRINCIPAL_TAG)?.to_string(),
                value: v.first().cloned().unwrap_or_default(),
            })
        })
        .collect();
    let source_identity = a
        .attribute(tokens::ATTR_SOURCE_IDENTITY)
        .and_then(|v| v.first())
        .cloned();
    let (policy_doc, policy_arns) = session_policies(cx, i.policy.as_deref(), i.policy_arns)?;
    let mut out = open_session(
        cx,
        Request {
            action: ACTION,
            role_arn: &i.role_arn,
            session_name,
            duration: i.duration_seconds,
            policy: i.policy,
            policy_doc,
            policy_arns,
            caller: Caller::Federated {
                provider: saml_provider_arn(&account, &provider_name),
                claims: keys,
            },
            tags,
            source_identity: source_identity.clone(),
        },
    )?;
    out.insert("Subject".into(), json!(a.subject));
    out.insert("SubjectType".into(), json!(sub_type));
    out.insert("Issuer".into(), json!(a.issuer));
    out.insert("Audience".into(), json!(a.recipient));
    out.insert("NameQualifier".into(), json!(name_qualifier));
    if let Some(s) = source_identity {
        out.insert("SourceIdentity".into(), json!(s));
    }
    Ok(Value::Object(out))
}
