//! Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, the
//! version calls, tags and ListEntitiesForPolicy. Also the helpers that roles
//! and attachments share: policy documents, ARNs, authorization wording.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    Ctx, OpResult, TagInput, date, input, merge_tags, not_truncated, remove_tags, tags_json,
    validate,
};
use crate::iam::aws_managed;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Account, ManagedPolicy, PolicyDoc, PolicyVersion, Tag, policy_arn};
use crate::iam::policy::{self, PolicyKind};

/// Customer managed policies per account (AWS's default quota).
pub const POLICIES_PER_ACCOUNT: usize = 1500;
/// Characters of a managed policy document, white space not counted.
pub const POLICY_SIZE: usize = 6144;
/// Versions a managed policy keeps.
pub const VERSIONS_PER_POLICY: usize = 5;
/// The longest policy document the API accepts at all, white space included.
const DOCUMENT_MAX: usize = 131_072;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreatePolicy" => input(v).and_then(|i| create_policy(cx, i)),
        "GetPolicy" => input(v).and_then(|i| get_policy(cx, i)),
        "ListPolicies" => input(v).and_then(|i| list_policies(cx, i)),
        "DeletePolicy" => input(v).and_then(|i| delete_policy(cx, i)),
        "CreatePolicyVersion" => input(v).and_then(|i| create_policy_version(cx, i)),
        "GetPolicyVersion" => input(v).and_then(|i| get_policy_version(cx, i)),
        "ListPolicyVersions" => input(v).and_then(|i| list_policy_versions(cx, i)),
        "DeletePolicyVersion" => input(v).and_then(|i| delete_policy_version(cx, i)),
        "SetDefaultPolicyVersion" => input(v).and_then(|i| set_default_policy_version(cx, i)),
        "TagPolicy" => input(v).and_then(|i| tag_policy(cx, i)),
        "UntagPolicy" => input(v).and_then(|i| untag_policy(cx, i)),
        "ListPolicyTags" => input(v).and_then(|i| list_policy_tags(cx, i)),
        "ListEntitiesForPolicy" => input(v).and_then(|i| list_entities_for_policy(cx, i)),
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Helpers shared with roles.rs and attachments.rs.

/// AWS's ValidationError for one parameter.
pub(super) fn invalid(value: impl std::fmt::Display, param: &str, constraint: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value '{value}' at '{param}' failed to satisfy constraint: {constraint}"
    ))
}

/// AWS's ValidationError for a required parameter left out.
pub(super) fn missing(param: &str) -> AwsError {
    AwsError::validation(format!(
        "1 validation error detected: Value null at '{param}' failed to satisfy constraint: Member must not be null"
    ))
}

/// Authorizes with the call's condition keys, naming the resource as IAM
/// does in a refusal (see `Ctx::authorize_as`).
pub(super) fn authorize(
    cx: &Ctx<'_>,
    action: &str,
    resource: &str,
    shown: &str,
    context: &Context,
) -> Result<(), AwsError> {
    cx.authorize_as(action, resource, Some(shown), context)
}

/// `aws:RequestTag/...` and `aws:TagKeys` for a call that sets tags.
pub(super) fn request_tags(ctx: &mut Context, tags: &[TagInput]) {
    for t in tags {
        ctx.set_one(&format!("aws:RequestTag/{}", t.key), t.value.clone());
    }
    if !tags.is_empty() {
        ctx.set("aws:TagKeys", tags.iter().map(|t| t.key.clone()).collect());
    }
}

/// `aws:ResourceTag/...` (and, for users and roles, `iam:ResourceTag/...`)
/// from the tags of the resource a call is about.
pub(super) fn resource_tags(ctx: &mut Context, tags: &[Tag], iam_keys: bool) {
    for t in tags {
        ctx.set_one(&format!("aws:ResourceTag/{}", t.key), t.value.clone());
        if iam_keys {
            ctx.set_one(&format!("iam:ResourceTag/{}", t.key), t.value.clone());
        }
    }
}

/// The document as the AWS CLI prints it: AWS returns policies URL-encoded,
/// and the CLI decodes them into JSON objects.
pub fn doc_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The parameter rules every policy document must pass before IAM reads it.
pub(super) fn check_document(text: &str, param: &str) -> Result<(), AwsError> {
    let n = text.chars().count();
    // AWS echoes the value in these messages; a whole policy would drown the
    // point, so the value is left out, as the CLI does for long values.
    if n < 1 {
        return Err(invalid(
            "",
            param,
            "Member must have length greater than or equal to 1",
        ));
    }
    if n > DOCUMENT_MAX {
        return Err(invalid(
            "...",
            param,
            &format!("Member must have length less than or equal to {DOCUMENT_MAX}"),
        ));
    }
    let ok = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}');
    if let Some(bad) = text.chars().find(|&c| !ok(c)) {
        return Err(invalid(
            format!("... {bad} ..."),
            param,
            "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
        ));
    }
    Ok(())
}

/// Reads a policy document, mapping a refusal to MalformedPolicyDocument
/// with the line and column.
pub(super) fn parse_doc(text: &str, kind: PolicyKind) -> Result<Arc<PolicyDoc>, AwsError> {
    PolicyDoc::parse(text, kind).map_err(|e| AwsError::malformed_policy(e.to_string()))
}

/// An ARN parameter: AWS's arnType is 20 to 2048 characters.
pub(super) fn check_arn_param(value: &str, param: &str) -> Result<(), AwsError> {
    let n = value.chars().count();
    if n < 20 {
        return Err(invalid(
            value,
            param,
            "Member must have length greater than or equal to 20",
        ));
    }
    if n > 2048 {
        return Err(invalid(
            value,
            param,
            "Member must have length less than or equal to 2048",
        ));
    }
    Ok(())
}

/// The account and name of a managed policy ARN, or InvalidInput as IAM
/// answers for anything that is not a policy ARN.
pub(super) fn split_policy_arn(arn: &str) -> Result<(&str, &str), AwsError> {
    let bad = || AwsError::invalid_input(format!("ARN {arn} is not valid."));
    let rest = arn.strip_prefix("arn:aws:iam::").ok_or_else(bad)?;
    let (account, resource) = rest.split_once(':').ok_or_else(bad)?;
    let path_name = resource.strip_prefix("policy/").ok_or_else(bad)?;
    let name = path_name.rsplit('/').next().unwrap_or_default();
    let account_ok =
        account == "aws" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    if !account_ok || name.is_empty() {
        return Err(bad());
    }
    Ok((account, name))
}

/// A managed policy the caller's account can use: AWS managed, or customer
/// managed in that same account. Other accounts' policies are invisible.
fn usable<'a>(cx: &'a Ctx<'_>, arn: &str) -> Option<&'a ManagedPolicy> {
    let (account, _) = split_policy_arn(arn).ok()?;
    if account != "aws" && account != cx.account {
        return None;
    }
    cx.org.managed_policy(arn)
}

/// Fails unless `arn` names a managed policy that can be attached.
pub fn require_attachable(cx: &Ctx<'_>, arn: &str) -> Result<(), crate::iam::error::AwsError> {
    match cx.org.managed_policy(arn) {
        Some(_) => Ok(()),
        None => Err(crate::iam::error::AwsError::no_such_entity(format!(
            "Policy {arn} does not exist or is not attachable."
        ))),
    }
}

/// Fails unless `arn` names a managed policy of the caller's account (or an
/// AWS managed one) that can serve as a permissions boundary, with IAM's own
/// wording for boundaries, which speaks of a "Scope ARN".
pub fn require_boundary(cx: &Ctx<'_>, arn: &str) -> Result<(), AwsError> {
    split_policy_arn(arn)?;
    match usable(cx, arn) {
        Some(_) => Ok(()),
        None => Err(AwsError::no_such_entity(format!(
            "Scope ARN: {arn} does not exist or is not attachable."
        ))),
    }
}

/// Fails unless `arn` names a policy the caller's account may attach.
pub(super) fn require_usable(cx: &Ctx<'_>, arn: &str) -> Result<(), AwsError> {
    split_policy_arn(arn)?;
    match usable(cx, arn) {
        Some(_) => Ok(()),
        None => Err(AwsError::no_such_entity(format!(
            "Policy {arn} does not exist or is not attachable."
        ))),
    }
}

/// How often a policy is used in one account: as an attached permissions
/// policy, and as a permissions boundary.
pub fn usage(account: &Account, arn: &str) -> (usize, usize) {
    let has = |v: &Vec<String>| v.iter().any(|a| a == arn);
    let attached = account.users.values().filter(|u| has(&u.attached)).count()
        + account.groups.values().filter(|g| has(&g.attached)).count()
        + account.roles.values().filter(|r| has(&r.attached)).count();
    let boundary = account
        .users
        .values()
        .filter(|u| u.boundary.as_deref() == Some(arn))
        .count()
        + account
            .roles
            .values()
            .filter(|r| r.boundary.as_deref() == Some(arn))
            .count();
    (attached, boundary)
}

/// What a Policy element carries beyond the fields every call returns.
#[derive(Clone, Copy)]
struct Detail {
    /// GetPolicy has the description; CreatePolicy and ListPolicies do not.
    description: bool,
    /// ListPolicies leaves tags out.
    tags: bool,
}

fn policy_json(p: &ManagedPolicy, account: &Account, detail: Detail) -> Value {
    let (attached, boundary) = usage(account, &p.arn);
    let mut v = json!({
        "PolicyName": p.name,
        "PolicyId": p.id,
        "Arn": p.arn,
        "Path": p.path,
        "DefaultVersionId": p.default_version,
        "AttachmentCount": attached,
        "PermissionsBoundaryUsageCount": boundary,
        "IsAttachable": true,
    });
    if detail.description && !p.description.is_empty() {
        v["Description"] = json!(p.description);
    }
    v["CreateDate"] = date(p.created);
    v["UpdateDate"] = date(p.updated);
    if detail.tags && !p.tags.is_empty() {
        v["Tags"] = tags_json(&p.tags);
    }
    v
}

/// The Policy element as ListPolicies (and the authorization details)
/// give it: no description, no tags.
pub(super) fn listed_policy_json(p: &ManagedPolicy, account: &Account) -> Value {
    let detail = Detail {
        description: false,
        tags: false,
    };
    policy_json(p, account, detail)
}

/// A policy's versions, newest first, as IAM lists them everywhere; with
/// their documents or not.
pub(super) fn versions_json(p: &ManagedPolicy, document: bool) -> Vec<Value> {
    let mut versions: Vec<&PolicyVersion> = p.versions.iter().collect();
    versions.sort_by_key(|v| std::cmp::Reverse(version_number(&v.id)));
    versions
        .into_iter()
        .map(|v| version_json(p, v, document))
        .collect()
}

fn version_json(p: &ManagedPolicy, ver: &PolicyVersion, document: bool) -> Value {
    let mut v = json!({});
    if document {
        v["Document"] = doc_json(&ver.doc.text);
    }
    v["VersionId"] = json!(ver.id);
    v["IsDefaultVersion"] = json!(ver.id == p.default_version);
    v["CreateDate"] = date(ver.created);
    v
}

/// A policy path: stricter than user and role paths, as AWS's policyPathType.
pub(super) fn check_policy_path(value: &str, param: &str) -> Result<(), AwsError> {
    let segment_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".,+@=_-".contains(c))
    };
    let n = value.chars().count();
    let ok = (1..=512).contains(&n)
        && value.starts_with('/')
        && value.ends_with('/')
        && (value == "/" || value[1..value.len() - 1].split('/').all(segment_ok));
    if !ok {
        return Err(invalid(
            value,
            param,
            "Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/",
        ));
    }
    Ok(())
}

fn check_version_id(value: &str) -> Result<(), AwsError> {
    let ok = value
        .strip_prefix('v')
        .map(|rest| {
            let (num, suffix) = rest
                .split_once('.')
                .map_or((rest, None), |(a, b)| (a, Some(b)));
            !num.is_empty()
                && !num.starts_with('0')
                && num.bytes().all(|b| b.is_ascii_digit())
                && suffix.is_none_or(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        })
        .unwrap_or(false);
    if !ok {
        return Err(invalid(
            value,
            "versionId",
            "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
        ));
    }
    Ok(())
}

fn not_found(arn: &str) -> AwsError {
    AwsError::no_such_entity(format!("Policy {arn} was not found."))
}

fn version_not_found(arn: &str, version: &str) -> AwsError {
    AwsError::no_such_entity(format!(
        "Policy {arn} version {version} does not exist or is not attachable."
    ))
}

/// A policy a call reads: AWS managed, or customer managed in the caller's
/// account.
fn find<'a>(cx: &'a Ctx<'_>, arn: &str) -> Result<&'a ManagedPolicy, AwsError> {
    split_policy_arn(arn)?;
    usable(cx, arn).ok_or_else(|| not_found(arn))
}

/// The key of a customer managed policy a call changes. AWS managed policies
/// belong to AWS: no account may change them, whatever its policies say.
fn find_own(cx: &Ctx<'_>, action: &str, arn: &str) -> Result<String, AwsError> {
    let p = find(cx, arn)?;
    if arn.starts_with("arn:aws:iam::aws:") {
        return Err(AwsError::new(
            "AccessDenied",
            format!(
                "User: {} is not authorized to perform: {action} on resource: policy {arn}",
                cx.org.caller_arn(cx.caller)
            ),
        ));
    }
    Ok(p.name.to_ascii_lowercase())
}

/// A customer managed policy as CreatePolicy makes it at `now`: one
/// version, `v1`, its default; no description and no tags.
pub fn new_managed_policy(
    name: String,
    path: String,
    id: String,
    arn: String,
    doc: Arc<PolicyDoc>,
    now: i64,
) -> ManagedPolicy {
    ManagedPolicy {
        name,
        path,
        id,
        arn,
        description: String::new(),
        created: now,
        updated: now,
        versions: vec![PolicyVersion {
            id: "v1".into(),
            doc,
            created: now,
        }],
        default_version: "v1".into(),
        next_version: 2,
        tags: Vec::new(),
    }
}

fn own_mut<'a>(cx: &'a mut Ctx<'_>, key: &str) -> &'a mut ManagedPolicy {
    cx.account_mut().policies.get_mut(key).expect("found above")
}

/// Authorizes a call about an existing policy, named by ARN.
fn authorize_arn(cx: &Ctx<'_>, action: &str, arn: &str, mut ctx: Context) -> Result<(), AwsError> {
    check_arn_param(arn, "policyArn")?;
    split_policy_arn(arn)?;
    if let Some(p) = usable(cx, arn) {
        resource_tags(&mut ctx, &p.tags, false);
    }
    authorize(cx, action, arn, &format!("policy {arn}"), &ctx)
}

// ---------------------------------------------------------------------------
// Operations.

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreatePolicy {
    policy_name: String,
    path: Option<String>,
    policy_document: String,
    description: Option<String>,
    tags: Option<Vec<TagInput>>,
}

fn create_policy(cx: &mut Ctx<'_>, i: CreatePolicy) -> OpResult {
    validate::policy_name(&i.policy_name)?;
    let path = i.path.unwrap_or_else(|| "/".into());
    check_policy_path(&path, "path")?;
    check_document(&i.policy_document, "policyDocument")?;
    let description = i.description.unwrap_or_default();
    if description.chars().count() > 1000 {
        return Err(invalid(
            &description,
            "description",
            "Member must have length less than or equal to 1000",
        ));
    }
    let tags_in = i.tags.unwrap_or_default();
    let arn = policy_arn(&cx.account, &path, &i.policy_name);
    let mut ctx = Context::new();
    request_tags(&mut ctx, &tags_in);
    // IAM names the policy being created by its name alone.
    authorize(
        cx,
        "iam:CreatePolicy",
        &arn,
        &format!("policy {}", i.policy_name),
        &ctx,
    )?;
    let key = i.policy_name.to_ascii_lowercase();
    if cx.account().policies.contains_key(&key) {
        return Err(AwsError::already_exists(format!(
            "A policy called {} already exists. Duplicate names are not allowed.",
            i.policy_name
        )));
    }
    if cx.account().policies.len() >= POLICIES_PER_ACCOUNT {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for PoliciesPerAccount: {POLICIES_PER_ACCOUNT}"
        )));
    }
    let doc = parse_doc(&i.policy_document, PolicyKind::Identity)?;
    check_size(&i.policy_document)?;
    let mut tags = Vec::new();
    merge_tags(&mut tags, &tags_in)?;
    let now = cx.now();
    let id = cx.org.new_id("ANPA");
    let p = ManagedPolicy {
        description,
        tags,
        ..new_managed_policy(i.policy_name, path, id, arn, doc, now)
    };
    let out = json!({
        "Policy": policy_json(&p, cx.account(), Detail { description: false, tags: true })
    });
    cx.account_mut().policies.insert(key, p);
    Ok(out)
}

fn check_size(text: &str) -> Result<(), AwsError> {
    if policy::counted_size(text) > POLICY_SIZE {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for PolicySize: {POLICY_SIZE}"
        )));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PolicyArn {
    policy_arn: String,
}

fn get_policy(cx: &mut Ctx<'_>, i: PolicyArn) -> OpResult {
    authorize_arn(cx, "iam:GetPolicy", &i.policy_arn, Context::new())?;
    let p = find(cx, &i.policy_arn)?;
    Ok(json!({
        "Policy": policy_json(p, cx.account(), Detail { description: true, tags: true })
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListPolicies {
    scope: Option<String>,
    only_attached: Option<bool>,
    path_prefix: Option<String>,
    policy_usage_filter: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn check_enum(value: Option<&str>, param: &str, allowed: &[&str]) -> Result<(), AwsError> {
    match value {
        Some(v) if !allowed.contains(&v) => Err(invalid(
            v,
            param,
            &format!(
                "Member must satisfy enum value set: [{}]",
                allowed.join(", ")
            ),
        )),
        _ => Ok(()),
    }
}

fn list_policies(cx: &mut Ctx<'_>, i: ListPolicies) -> OpResult {
    let _ = (i.marker, i.max_items);
    check_enum(i.scope.as_deref(), "scope", &["All", "AWS", "Local"])?;
    check_enum(
        i.policy_usage_filter.as_deref(),
        "policyUsageFilter",
        &["PermissionsPolicy", "PermissionsBoundary"],
    )?;
    let prefix = i.path_prefix.unwrap_or_else(|| "/".into());
    check_policy_path(&prefix, "pathPrefix")?;
    authorize(
        cx,
        "iam:ListPolicies",
        &policy_arn(&cx.account, &prefix, ""),
        &format!("policy path {prefix}"),
        &Context::new(),
    )?;
    let scope = i.scope.as_deref().unwrap_or("All");
    let account = cx.account();
    let mut policies: Vec<&ManagedPolicy> = Vec::new();
    if scope != "Local" {
        // One by one: `extend` would tie the list's lifetime to 'static.
        for p in aws_managed::all() {
            policies.push(p);
        }
    }
    if scope != "AWS" {
        policies.extend(account.policies.values());
    }
    policies.retain(|p| {
        if !p.path.starts_with(&prefix) {
            return false;
        }
        if !i.only_attached.unwrap_or(false) {
            return true;
        }
        // "Attached" follows the usage filter: as a permissions policy (the
        // default), or as a permissions boundary.
        let (attached, boundary) = usage(account, &p.arn);
        match i.policy_usage_filter.as_deref() {
            Some("PermissionsBoundary") => boundary > 0,
            _ => attached > 0,
        }
    });
    policies.sort_by(|a, b| a.name.cmp(&b.name));
    let list: Vec<Value> = policies
        .into_iter()
        .map(|p| listed_policy_json(p, account))
        .collect();
    Ok(not_truncated(json!({ "Policies": list })))
}

fn delete_policy(cx: &mut Ctx<'_>, i: PolicyArn) -> OpResult {
    let action = "iam:DeletePolicy";
    authorize_arn(cx, action, &i.policy_arn, Context::new())?;
    let key = find_own(cx, action, &i.policy_arn)?;
    let (attached, boundary) = usage(cx.account(), &i.policy_arn);
    if attached + boundary > 0 {
        return Err(AwsError::delete_conflict(
            "Cannot delete a policy attached to entities.",
        ));
    }
    if cx.account().policies[&key].versions.len() > 1 {
        return Err(AwsError::delete_conflict(
            "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        ));
    }
    cx.account_mut().policies.remove(&key);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreatePolicyVersion {
    policy_arn: String,
    policy_document: String,
    set_as_default: Option<bool>,
}

fn create_policy_version(cx: &mut Ctx<'_>, i: CreatePolicyVersion) -> OpResult {
    let action = "iam:CreatePolicyVersion";
    check_document(&i.policy_document, "policyDocument")?;
    authorize_arn(cx, action, &i.policy_arn, Context::new())?;
    let key = find_own(cx, action, &i.policy_arn)?;
    if cx.account().policies[&key].versions.len() >= VERSIONS_PER_POLICY {
        return Err(AwsError::limit_exceeded(
            "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
        ));
    }
    let doc = parse_doc(&i.policy_document, PolicyKind::Identity)?;
    check_size(&i.policy_document)?;
    let now = cx.now();
    let p = own_mut(cx, &key);
    // Version ids are never reused, even after a version is deleted.
    let version = PolicyVersion {
        id: format!("v{}", p.next_version),
        doc,
        created: now,
    };
    p.next_version += 1;
    if i.set_as_default.unwrap_or(false) {
        p.default_version = version.id.clone();
    }
    // UpdateDate is when the newest version was created.
    p.updated = now;
    let out = json!({ "PolicyVersion": version_json(p, &version, false) });
    p.versions.push(version);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PolicyVersionId {
    policy_arn: String,
    version_id: String,
}

fn get_policy_version(cx: &mut Ctx<'_>, i: PolicyVersionId) -> OpResult {
    check_version_id(&i.version_id)?;
    authorize_arn(cx, "iam:GetPolicyVersion", &i.policy_arn, Context::new())?;
    let p = find(cx, &i.policy_arn)?;
    let ver = p
        .versions
        .iter()
        .find(|v| v.id == i.version_id)
        .ok_or_else(|| version_not_found(&i.policy_arn, &i.version_id))?;
    Ok(json!({ "PolicyVersion": version_json(p, ver, true) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListPolicyVersions {
    policy_arn: String,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn version_number(id: &str) -> u32 {
    id.trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn list_policy_versions(cx: &mut Ctx<'_>, i: ListPolicyVersions) -> OpResult {
    let _ = (i.marker, i.max_items);
    authorize_arn(cx, "iam:ListPolicyVersions", &i.policy_arn, Context::new())?;
    let p = find(cx, &i.policy_arn)?;
    Ok(not_truncated(
        json!({ "Versions": versions_json(p, false) }),
    ))
}

fn delete_policy_version(cx: &mut Ctx<'_>, i: PolicyVersionId) -> OpResult {
    let action = "iam:DeletePolicyVersion";
    check_version_id(&i.version_id)?;
    authorize_arn(cx, action, &i.policy_arn, Context::new())?;
    let key = find_own(cx, action, &i.policy_arn)?;
    let p = &cx.account().policies[&key];
    if !p.versions.iter().any(|v| v.id == i.version_id) {
        return Err(version_not_found(&i.policy_arn, &i.version_id));
    }
    if p.default_version == i.version_id {
        return Err(AwsError::delete_conflict(
            "Cannot delete the default version of a policy.",
        ));
    }
    own_mut(cx, &key).versions.retain(|v| v.id != i.version_id);
    Ok(json!({}))
}

fn set_default_policy_version(cx: &mut Ctx<'_>, i: PolicyVersionId) -> OpResult {
    let action = "iam:SetDefaultPolicyVersion";
    check_version_id(&i.version_id)?;
    authorize_arn(cx, action, &i.policy_arn, Context::new())?;
    let key = find_own(cx, action, &i.policy_arn)?;
    if !cx.account().policies[&key]
        .versions
        .iter()
        .any(|v| v.id == i.version_id)
    {
        return Err(version_not_found(&i.policy_arn, &i.version_id));
    }
    own_mut(cx, &key).default_version = i.version_id;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TagPolicy {
    policy_arn: String,
    tags: Vec<TagInput>,
}

fn tag_policy(cx: &mut Ctx<'_>, i: TagPolicy) -> OpResult {
    let action = "iam:TagPolicy";
    let mut ctx = Context::new();
    request_tags(&mut ctx, &i.tags);
    authorize_arn(cx, action, &i.policy_arn, ctx)?;
    let key = find_own(cx, action, &i.policy_arn)?;
    merge_tags(&mut own_mut(cx, &key).tags, &i.tags)?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UntagPolicy {
    policy_arn: String,
    tag_keys: Vec<String>,
}

fn untag_policy(cx: &mut Ctx<'_>, i: UntagPolicy) -> OpResult {
    let action = "iam:UntagPolicy";
    let mut ctx = Context::new();
    ctx.set("aws:TagKeys", i.tag_keys.clone());
    authorize_arn(cx, action, &i.policy_arn, ctx)?;
    let key = find_own(cx, action, &i.policy_arn)?;
    remove_tags(&mut own_mut(cx, &key).tags, &i.tag_keys);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListPolicyTags {
    policy_arn: String,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_policy_tags(cx: &mut Ctx<'_>, i: ListPolicyTags) -> OpResult {
    let _ = (i.marker, i.max_items);
    authorize_arn(cx, "iam:ListPolicyTags", &i.policy_arn, Context::new())?;
    let p = find(cx, &i.policy_arn)?;
    Ok(not_truncated(json!({ "Tags": tags_json(&p.tags) })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListEntitiesForPolicy {
    policy_arn: String,
    entity_filter: Option<String>,
    path_prefix: Option<String>,
    policy_usage_filter: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_entities_for_policy(cx: &mut Ctx<'_>, i: ListEntitiesForPolicy) -> OpResult {
    let _ = (i.marker, i.max_items);
    check_enum(
        i.entity_filter.as_deref(),
        "entityFilter",
        &[
            "User",
            "Role",
            "Group",
            "LocalManagedPolicy",
            "AWSManagedPolicy",
        ],
    )?;
    check_enum(
        i.policy_usage_filter.as_deref(),
        "policyUsageFilter",
        &["PermissionsPolicy", "PermissionsBoundary"],
    )?;
    if let Some(p) = &i.path_prefix {
        validate::path(p)?;
    }
    authorize_arn(
        cx,
        "iam:ListEntitiesForPolicy",
        &i.policy_arn,
        Context::new(),
    )?;
    let p = find(cx, &i.policy_arn)?;
    let arn = p.arn.as_str();
    let aws_managed = arn.starts_with("arn:aws:iam::aws:");
    // User, Role and Group pick one kind of entity; the two policy filters
    // keep every kind when the policy is of that sort, and none otherwise.
    let want = |kind: &str| match i.entity_filter.as_deref() {
        None => true,
        Some("LocalManagedPolicy") => !aws_managed,
        Some("AWSManagedPolicy") => aws_managed,
        Some(f) => f == kind,
    };
    let as_policy = i.policy_usage_filter.as_deref() != Some("PermissionsBoundary");
    let as_boundary = i.policy_usage_filter.as_deref() != Some("PermissionsPolicy");
    let uses = |attached: &Vec<String>, boundary: Option<&String>| {
        (as_policy && attached.iter().any(|a| a == arn))
            || (as_boundary && boundary.is_some_and(|b| b == arn))
    };
    let prefix = i.path_prefix.as_deref();
    let in_path = |path: &str| super::path_matches(path, prefix);
    let account = cx.account();
    let users: Vec<Value> = account
        .users
        .values()
        .filter(|u| want("User") && in_path(&u.path) && uses(&u.attached, u.boundary.as_ref()))
        .map(|u| json!({"UserName": u.name, "UserId": u.id}))
        .collect();
    let groups: Vec<Value> = account
        .groups
        .values()
        .filter(|g| want("Group") && in_path(&g.path) && uses(&g.attached, None))
        .map(|g| json!({"GroupName": g.name, "GroupId": g.id}))
        .collect();
    let roles: Vec<Value> = account
        .roles
        .values()
        .filter(|r| want("Role") && in_path(&r.path) && uses(&r.attached, r.boundary.as_ref()))
        .map(|r| json!({"RoleName": r.name, "RoleId": r.id}))
        .collect();
    Ok(not_truncated(json!({
        "PolicyGroups": groups,
        "PolicyUsers": users,
        "PolicyRoles": roles,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_arns_and_paths_follow_aws_patterns() {
        assert_eq!(
            split_policy_arn("arn:aws:iam::111122223333:policy/team/Dev").unwrap(),
            ("111122223333", "Dev")
        );
        assert_eq!(
            split_policy_arn("arn:aws:iam::aws:policy/AdministratorAccess").unwrap(),
            ("aws", "AdministratorAccess")
        );
        let e = split_policy_arn("arn:aws:iam::111122223333:role/Dev").unwrap_err();
        assert_eq!(e.code, "InvalidInput");
        assert_eq!(
            e.message,
            "ARN arn:aws:iam::111122223333:role/Dev is not valid."
        );
        assert!(split_policy_arn("arn:aws:iam::1111:policy/Dev").is_err());
        assert!(check_policy_path("/", "path").is_ok());
        assert!(check_policy_path("/team/a.b/", "path").is_ok());
        assert!(check_policy_path("/team", "path").is_err());
        assert!(check_policy_path("/te am/", "path").is_err());
        assert!(check_policy_path("//", "path").is_err());
    }

    #[test]
    fn version_ids_follow_aws_pattern() {
        for ok in ["v1", "v12", "v3.beta-1"] {
            assert!(check_version_id(ok).is_ok(), "{ok}");
        }
        for bad in ["v0", "1", "v", "V1", "v1.x_y"] {
            assert!(check_version_id(bad).is_err(), "{bad}");
        }
        assert_eq!(version_number("v12"), 12);
    }

    #[test]
    fn documents_outside_latin1_are_refused_before_parsing() {
        assert!(check_document("{}", "policyDocument").is_ok());
        let e = check_document("{\"Sid\": \"“quoted”\"}", "policyDocument").unwrap_err();
        assert_eq!(e.code, "ValidationError");
        assert!(e.message.contains("'policyDocument'"), "{}", e.message);
        assert!(check_document("", "policyDocument").is_err());
    }
}
