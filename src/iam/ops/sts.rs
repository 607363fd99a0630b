//! STS: AssumeRole, GetCallerIdentity, GetSessionToken, and turning an access
//! key back into the caller it belongs to.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ctx, OpResult, date, input, validate};
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{
    Auth, Caller, KeyStatus, Org, PolicyDoc, Session, SessionKind, assumed_role_arn,
};
use crate::iam::policy::{self, PolicyKind};

/// Role chaining caps a session at one hour, whatever the role allows.
pub const CHAINED_MAX_SECONDS: u32 = 3600;
/// The shortest session STS hands out.
pub const MIN_SESSION_SECONDS: u32 = 900;
/// Size limit of an inline session policy.
const SESSION_POLICY_MAX: usize = 2048;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "AssumeRole" => input(v).and_then(|i| assume_role(cx, i)),
        "GetCallerIdentity" => input::<Empty>(v).and_then(|_| get_caller_identity(cx)),
        "GetSessionToken" => input(v).and_then(|i| get_session_token(cx, i)),
        _ => return super::sts_federated::dispatch(op, cx, v),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

fn get_caller_identity(cx: &mut Ctx<'_>) -> OpResult {
    // GetCallerIdentity needs no permission: even an explicit deny cannot stop it.
    let user_id = match cx.caller {
        Caller::Root { account } => account.clone(),
        Caller::User { user, .. } => cx
            .org
            .user(&cx.account, user)
            .map(|u| u.id.clone())
            .unwrap_or_default(),
        Caller::RoleSession {
            role, session_name, ..
        } => {
            let id = cx
                .org
                .role(&cx.account, role)
                .map(|r| r.id.clone())
                .unwrap_or_default();
            format!("{id}:{session_name}")
        }
        Caller::Service(s) => s.clone(),
        Caller::Federated { provider, .. } => provider.clone(),
    };
    Ok(json!({
        "UserId": user_id,
        "Account": cx.account,
        "Arn": cx.org.caller_arn(cx.caller),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub(super) struct PolicyArnInput {
    pub(super) arn: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AssumeRole {
    role_arn: String,
    role_session_name: String,
    duration_seconds: Option<u32>,
    policy: Option<String>,
    policy_arns: Option<Vec<PolicyArnInput>>,
    external_id: Option<String>,
    serial_number: Option<String>,
    token_code: Option<String>,
    source_identity: Option<String>,
    tags: Option<Vec<super::TagInput>>,
}

/// AWS's lower bound on an AssumeRole* call's `DurationSeconds`; the upper
/// bound is the role's, checked once the role is found.
pub(super) fn check_duration(d: Option<u32>) -> Result<(), AwsError> {
    if let Some(d) = d
        && d < MIN_SESSION_SECONDS
    {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {MIN_SESSION_SECONDS}"
        )));
    }
    Ok(())
}

fn assume_role(cx: &mut Ctx<'_>, mut i: AssumeRole) -> OpResult {
    validate::session_name(&i.role_session_name)?;
    check_duration(i.duration_seconds)?;
    if let Some(e) = &i.external_id {
        let ok = (2..=1224).contains(&e.chars().count())
            && e.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@:/-_".contains(c));
        if !ok {
            return Err(AwsError::validation(format!(
                "1 validation error detected: Value '{e}' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*"
            )));
        }
    }
    let chained = matches!(cx.caller, Caller::RoleSession { .. });
    if matches!(cx.caller, Caller::Root { .. }) {
        return Err(AwsError::new(
            "AccessDenied",
            "Roles may not be assumed by root accounts.",
        ));
    }
    let (session_doc, policy_arns) =
        session_policies(cx, i.policy.as_deref(), i.policy_arns.take())?;

    // Who is asking, with what the request carries: the external id and
    // whether an MFA code came with it.
    let mut ctx = Context::new();
    if let Some(e) = &i.external_id {
        ctx.set_one("sts:ExternalId", e.clone());
    }
    ctx.set_one("sts:RoleSessionName", i.role_session_name.clone());
    if let Some(s) = &i.source_identity {
        ctx.set_one("sts:SourceIdentity", s.clone());
    }
    let mfa = session_mfa(cx, &i.serial_number, &i.token_code)?;
    if mfa {
        ctx.set_one("aws:MultiFactorAuthPresent", "true");
        ctx.set_one("aws:MultiFactorAuthAge", "0");
    }

    let eval = cx
        .org
        .explain(cx.caller, "sts:AssumeRole", &i.role_arn, &ctx)
        .map_err(|e| AwsError::new("InvalidClientTokenId", e))?;
    // A role that does not exist is refused like one you may not assume, so
    // that callers cannot probe another account for role names.
    let role = crate::iam::access::Arn::parse(&i.role_arn)
        .filter(|a| a.service == "iam")
        .and_then(|a| {
            let name = a.resource.strip_prefix("role/")?.rsplit('/').next()?;
            let role = cx.org.role(a.account, name)?;
            (role.arn(a.account) == i.role_arn).then(|| (a.account.to_string(), role.clone()))
        });
    *cx.last_evaluation.borrow_mut() = Some(eval.clone());
    let Some((role_account, role)) = role.filter(|_| eval.decision.is_allowed()) else {
        return Err(AwsError::access_denied(&eval));
    };

    let max = if chained {
        CHAINED_MAX_SECONDS
    } else {
        role.max_session_duration
    };
    let duration = i.duration_seconds.unwrap_or(3600);
    if duration > max {
        return Err(AwsError::validation(if chained {
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.".to_string()
        } else {
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
                .to_string()
        }));
    }
    let mut tags = Vec::new();
    super::merge_tags(&mut tags, i.tags.as_deref().unwrap_or_default())?;
    if !tags.is_empty() {
        // Passing session tags is its own permission, sts:TagSession, which
        // the trust policy (and the caller's policies) must allow as well.
        for t in &tags {
            ctx.set_one(&format!("aws:RequestTag/{}", t.key), t.value.clone());
        }
        ctx.set("aws:TagKeys", tags.iter().map(|t| t.key.clone()).collect());
        let tag_eval = cx
            .org
            .explain(cx.caller, "sts:TagSession", &i.role_arn, &ctx)
            .map_err(|e| AwsError::new("InvalidClientTokenId", e))?;
        let refused = !tag_eval.decision.is_allowed();
        let error = AwsError::access_denied(&tag_eval);
        *cx.last_evaluation.borrow_mut() = Some(tag_eval);
        if refused {
            return Err(error);
        }
    }

    let arn = assumed_role_arn(&role_account, &role.name, &i.role_session_name);
    let credentials = issue_session(
        cx,
        duration,
        SessionKind::Role {
            account: role_account,
            role: role.name.to_ascii_lowercase(),
            session_name: i.role_session_name.clone(),
            policy: session_doc,
            policy_arns,
            chained,
            source_identity: i.source_identity.clone(),
            tags,
        },
        mfa,
    );
    let mut out = json!({
        "Credentials": credentials,
        "AssumedRoleUser": {
            "AssumedRoleId": format!("{}:{}", role.id, i.role_session_name),
            "Arn": arn,
        },
    });
    if let Some(text) = &i.policy {
        // AWS reports the packed size as a percentage of the allowed maximum.
        out["PackedPolicySize"] = json!(policy::counted_size(text) * 100 / SESSION_POLICY_MAX);
    }
    if let Some(s) = i.source_identity {
        out["SourceIdentity"] = json!(s);
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GetSessionToken {
    duration_seconds: Option<u32>,
    serial_number: Option<String>,
    token_code: Option<String>,
}

fn get_session_token(cx: &mut Ctx<'_>, i: GetSessionToken) -> OpResult {
    let (user, max) = match cx.caller {
        Caller::User {
            user,
            auth: Auth::SessionToken { .. },
            ..
        } => {
            let _ = user;
            return Err(AwsError::new(
                "AccessDenied",
                "Cannot call GetSessionToken with session credentials",
            ));
        }
        Caller::User { user, .. } => (Some(user.clone()), 129_600),
        Caller::Root { .. } => (None, 3600),
        _ => {
            return Err(AwsError::new(
                "AccessDenied",
                "Cannot call GetSessionToken with session credentials",
            ));
        }
    };
    let duration = i
        .duration_seconds
        .unwrap_or(if user.is_some() { 43_200 } else { 3600 });
    if !(MIN_SESSION_SECONDS..=max).contains(&duration) {
        return Err(AwsError::validation(format!(
            "1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between {MIN_SESSION_SECONDS} and {max}"
        )));
    }
    let mfa = session_mfa(cx, &i.serial_number, &i.token_code)?;
    let Some(user) = user else {
        return Err(AwsError::new(
            "AccessDenied",
            "The sandbox's administrator does not need session credentials; act as an IAM user to try GetSessionToken.",
        ));
    };
    let credentials = issue_session(
        cx,
        duration,
        SessionKind::User {
            account: cx.account.clone(),
            user,
        },
        mfa,
    );
    Ok(json!({ "Credentials": credentials }))
}

/// Whether a session request proves MFA: AWS wants the device's serial
/// number and a code it shows now together, or neither.
fn session_mfa(
    cx: &Ctx<'_>,
    serial: &Option<String>,
    code: &Option<String>,
) -> Result<bool, AwsError> {
    match (serial, code) {
        (Some(serial), Some(code)) => {
            if !super::credentials::mfa_code_valid(cx.org, cx.caller, serial, code) {
                return Err(AwsError::new(
                    "AccessDenied",
                    "MultiFactorAuthentication failed with invalid MFA one time pass code.",
                ));
            }
            Ok(true)
        }
        (None, None) => Ok(false),
        _ => Err(AwsError::validation(
            "SerialNumber and TokenCode must be given together",
        )),
    }
}

/// Issues temporary credentials of `kind`, good for `duration` seconds from
/// now, and answers with AWS's `Credentials` member for them.
pub(super) fn issue_session(
    cx: &mut Ctx<'_>,
    duration: u32,
    kind: SessionKind,
    mfa: bool,
) -> Value {
    let access_key_id = cx.org.new_access_key_id("ASIA");
    let secret = cx.org.new_secret();
    let token = cx.org.new_session_token();
    let expires = cx.now() + i64::from(duration);
    cx.org.sessions.insert(
        access_key_id.clone(),
        Session {
            access_key_id: access_key_id.clone(),
            secret: secret.clone(),
            token: token.clone(),
            expires,
            kind,
            mfa,
            created: cx.now(),
        },
    );
    json!({
        "AccessKeyId": access_key_id,
        "SecretAccessKey": secret,
        "SessionToken": token,
        "Expiration": date(expires),
    })
}

impl Org {
    /// The caller an access key belongs to: a long-term key of a user, or
    /// temporary credentials from STS. Inactive, unknown and expired keys are
    /// refused with AWS's errors.
    pub fn caller_for_access_key(&self, key_id: &str) -> Result<Caller, AwsError> {
        let invalid = || {
            AwsError::new(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            )
        };
        if let Some(s) = self.sessions.get(key_id) {
            if self.now >= s.expires {
                return Err(AwsError::new(
                    "ExpiredToken",
                    "The security token included in the request is expired",
                ));
            }
            return Ok(match &s.kind {
                SessionKind::Role {
                    account,
                    role,
                    session_name,
                    policy,
                    policy_arns,
                    tags,
                    ..
                } => {
                    if self.role(account, role).is_none() {
                        return Err(invalid());
                    }
                    Caller::RoleSession {
                        account: account.clone(),
                        role: role.clone(),
                        session_name: session_name.clone(),
                        policy: policy.clone(),
                        policy_arns: policy_arns.clone(),
                        mfa: s.mfa,
                        tags: tags.clone(),
                        issued: Some(s.created),
                    }
                }
                SessionKind::User { account, user } => {
                    if self.user(account, user).is_none() {
                        return Err(invalid());
                    }
                    Caller::User {
                        account: account.clone(),
                        user: user.to_ascii_lowercase(),
                        auth: Auth::SessionToken { mfa: s.mfa },
                    }
                }
            });
        }
        for (account_id, account) in &self.accounts {
            for (key, user) in &account.users {
                if let Some(k) = user.access_keys.iter().find(|k| k.id == key_id) {
                    if k.status == KeyStatus::Inactive {
                        return Err(invalid());
                    }
                    return Ok(Caller::User {
                        account: account_id.clone(),
                        user: key.clone(),
                        auth: Auth::AccessKey,
                    });
                }
            }
        }
        Err(invalid())
    }
}

/// A session policy and managed session policy ARNs, checked as STS checks
/// them for every AssumeRole* call.
pub(super) fn session_policies(
    cx: &Ctx<'_>,
    policy_text: Option<&str>,
    policy_arns: Option<Vec<PolicyArnInput>>,
) -> Result<(Option<std::sync::Arc<PolicyDoc>>, Vec<String>), AwsError> {
    let doc = match policy_text {
        Some(text) => {
            let doc = PolicyDoc::parse(text, PolicyKind::Identity)
                .map_err(|e| AwsError::malformed_policy(e.to_string()))?;
            if policy::counted_size(text) > SESSION_POLICY_MAX {
                return Err(AwsError::new(
                    "PackedPolicyTooLarge",
                    "Packed size of the session policy exceeds the allowed limit.",
                ));
            }
            Some(doc)
        }
        None => None,
    };
    let arns: Vec<String> = policy_arns
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.arn)
        .collect();
    if arns.len() > 10 {
        return Err(AwsError::validation(
            "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10",
        ));
    }
    for arn in &arns {
        super::policies::require_attachable(cx, arn)?;
    }
    Ok((doc, arns))
}
