//! Roles: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
//! DeleteRole, UpdateAssumeRolePolicy and tags.

use serde::Deserialize;
use serde_json::{Value, json};

use super::policies::{
    authorize, check_arn_param, check_document, doc_json, invalid, parse_doc, request_tags,
    require_boundary, resource_tags,
};
use super::{
    Ctx, OpResult, TagInput, add_boundary_and_tags, date, input, merge_tags, not_truncated,
    remove_tags, tags_json, validate,
};
use crate::iam::access::Arn;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Org, PolicyDoc, Role, role_arn};
use crate::iam::policy::{self, PolicyKind};

/// Roles per account (AWS's default quota).
pub const ROLES_PER_ACCOUNT: usize = 1000;
/// Characters of a trust policy, white space not counted (AWS's default).
pub const TRUST_POLICY_SIZE: usize = 2048;
/// A role's maximum session duration, in seconds: one hour to twelve.
pub const MIN_SESSION: i64 = 3600;
pub const MAX_SESSION: i64 = 43_200;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateRole" => input(v).and_then(|i| create_role(cx, i)),
        "GetRole" => input(v).and_then(|i| get_role(cx, i)),
        "ListRoles" => input(v).and_then(|i| list_roles(cx, i)),
        "UpdateRole" => input(v).and_then(|i| update_role(cx, i)),
        "UpdateRoleDescription" => input(v).and_then(|i| update_role_description(cx, i)),
        "DeleteRole" => input(v).and_then(|i| delete_role(cx, i)),
        "UpdateAssumeRolePolicy" => input(v).and_then(|i| update_assume_role_policy(cx, i)),
        "TagRole" => input(v).and_then(|i| tag_role(cx, i)),
        "UntagRole" => input(v).and_then(|i| untag_role(cx, i)),
        "ListRoleTags" => input(v).and_then(|i| list_role_tags(cx, i)),
        _ => return None,
    })
}

/// Finds a role of the caller's account or answers NoSuchEntity.
pub fn find<'a>(cx: &'a Ctx<'_>, name: &str) -> Result<&'a Role, AwsError> {
    cx.account()
        .roles
        .get(&name.to_ascii_lowercase())
        .ok_or_else(|| not_found(name))
}

pub fn not_found(name: &str) -> AwsError {
    AwsError::no_such_entity(format!("The role with name {name} cannot be found."))
}

/// The ARN a call about role `name` is authorized against: the real one
/// (with its path) when the role exists, else the ARN it would have.
pub fn arn_for(cx: &Ctx<'_>, name: &str) -> String {
    find(cx, name).map_or_else(|_| role_arn(&cx.account, "/", name), |r| r.arn(&cx.account))
}

/// Authorizes `action` on role `name` with the keys IAM sends for a role:
/// its tags, and (for the actions that take it) its permissions boundary.
/// `extra` adds the call's own keys. Authorization comes before the
/// existence check, as in AWS: a caller who may not look learns nothing.
pub(super) fn authorize_role(
    cx: &Ctx<'_>,
    action: &str,
    name: &str,
    with_boundary: bool,
    extra: Context,
) -> Result<(), AwsError> {
    let mut ctx = extra;
    if let Ok(r) = find(cx, name) {
        resource_tags(&mut ctx, &r.tags, true);
        if let Some(b) = r.boundary.as_ref().filter(|_| with_boundary) {
            ctx.set_default("iam:PermissionsBoundary", b.clone());
        }
    }
    authorize(
        cx,
        action,
        &arn_for(cx, name),
        &format!("role {name}"),
        &ctx,
    )
}

/// The members every Role element has. The AWS CLI prints the trust
/// policy decoded, as a JSON object, so that is what goes out here.
pub(super) fn role_core(r: &Role, account: &str) -> Value {
    json!({
        "Path": r.path,
        "RoleName": r.name,
        "RoleId": r.id,
        "Arn": r.arn(account),
        "CreateDate": date(r.created),
        "AssumeRolePolicyDocument": doc_json(&r.trust.text),
    })
}

/// The Role element as ListRoles returns it.
pub fn role_json(r: &Role, account: &str) -> Value {
    let mut v = role_core(r, account);
    if !r.description.is_empty() {
        v["Description"] = json!(r.description);
    }
    v["MaxSessionDuration"] = json!(r.max_session_duration);
    v
}

/// The Role element as GetRole returns it: everything, including the
/// boundary, the tags and when the role was last used.
pub fn role_json_full(r: &Role, account: &str) -> Value {
    let mut v = role_json(r, account);
    add_boundary_and_tags(&mut v, r.boundary.as_ref(), &r.tags);
    v["RoleLastUsed"] = role_last_used(r);
    v
}

/// A role's RoleLastUsed member: IAM reports the region of the last use,
/// and every call the sandbox answers counts as us-east-1.
pub(super) fn role_last_used(r: &Role) -> Value {
    match r.last_used {
        Some(t) => json!({"LastUsedDate": date(t), "Region": "us-east-1"}),
        None => json!({}),
    }
}

/// A role description: up to 1000 characters of printable Latin-1.
fn check_description(d: &str) -> Result<(), AwsError> {
    if d.chars().count() > 1000 {
        return Err(invalid(
            d,
            "description",
            "Member must have length less than or equal to 1000",
        ));
    }
    let ok = |c: char| matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a1}'..='\u{ff}');
    if !d.chars().all(ok) {
        return Err(invalid(
            d,
            "description",
            "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*",
        ));
    }
    Ok(())
}

fn check_max_session(seconds: i64) -> Result<u32, AwsError> {
    if seconds < MIN_SESSION {
        return Err(invalid(
            seconds,
            "maxSessionDuration",
            "Member must have value greater than or equal to 3600",
        ));
    }
    if seconds > MAX_SESSION {
        return Err(invalid(
            seconds,
            "maxSessionDuration",
            "Member must have value less than or equal to 43200",
        ));
    }
    Ok(seconds as u32)
}

/// Reads a trust policy and applies IAM's checks beyond the grammar: its
/// size, and that every user or role it names exists.
fn read_trust(org: &Org, text: &str) -> Result<std::sync::Arc<PolicyDoc>, AwsError> {
    let doc = parse_doc(text, PolicyKind::Trust)?;
    if policy::counted_size(text) > TRUST_POLICY_SIZE {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_SIZE}"
        )));
    }
    check_principals(org, &doc)?;
    Ok(doc)
}

/// IAM resolves each AWS principal of a trust policy when the policy is
/// saved, and refuses one that names nothing. We can only know the accounts
/// of this organization; principals in other accounts are taken as written.
pub(super) fn check_principals(org: &Org, doc: &PolicyDoc) -> Result<(), AwsError> {
    for s in &doc.policy.statements {
        for p in s.principal.iter().flat_map(|b| &b.aws) {
            if !principal_exists(org, p) {
                return Err(AwsError::malformed_policy(format!(
                    "Invalid principal in policy: \"AWS\":\"{p}\""
                )));
            }
        }
    }
    Ok(())
}

fn principal_exists(org: &Org, p: &str) -> bool {
    let Some(arn) = Arn::parse(p) else {
        return false;
    };
    let Some(account) = org.account(arn.account) else {
        return true;
    };
    let last = |rest: &str| {
        rest.rsplit('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    match (arn.service, arn.resource.split_once('/')) {
        ("iam", None) => arn.resource == "root",
        ("iam", Some(("user", rest))) => account
            .users
            .get(&last(rest))
            .is_some_and(|u| u.arn(arn.account) == p),
        ("iam", Some(("role", rest))) => account
            .roles
            .get(&last(rest))
            .is_some_and(|r| r.arn(arn.account) == p),
        ("sts", Some(("assumed-role", rest))) => {
            let role = rest.split('/').next().unwrap_or_default();
            account.roles.contains_key(&role.to_ascii_lowercase())
        }
        ("sts", Some(("federated-user", _))) => true,
        _ => false,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateRole {
    role_name: String,
    path: Option<String>,
    assume_role_policy_document: String,
    description: Option<String>,
    max_session_duration: Option<i64>,
    permissions_boundary: Option<String>,
    tags: Option<Vec<TagInput>>,
}

fn create_role(cx: &mut Ctx<'_>, i: CreateRole) -> OpResult {
    validate::role_name(&i.role_name)?;
    let path = i.path.unwrap_or_else(|| "/".into());
    validate::path(&path)?;
    check_document(&i.assume_role_policy_document, "assumeRolePolicyDocument")?;
    let description = i.description.unwrap_or_default();
    check_description(&description)?;
    let max_session = check_max_session(i.max_session_duration.unwrap_or(MIN_SESSION))?;
    if let Some(b) = &i.permissions_boundary {
        check_arn_param(b, "permissionsBoundary")?;
    }
    let tags_in = i.tags.unwrap_or_default();
    let arn = role_arn(&cx.account, &path, &i.role_name);
    let mut ctx = Context::new();
    request_tags(&mut ctx, &tags_in);
    if let Some(b) = &i.permissions_boundary {
        ctx.set_one("iam:PermissionsBoundary", b.clone());
    }
    // CreateRole is the one role call whose refusal names the ARN.
    authorize(cx, "iam:CreateRole", &arn, &arn, &ctx)?;
    let key = i.role_name.to_ascii_lowercase();
    if cx.account().roles.contains_key(&key) {
        return Err(AwsError::already_exists(format!(
            "Role with name {} already exists.",
            i.role_name
        )));
    }
    if cx.account().roles.len() >= ROLES_PER_ACCOUNT {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for RolesPerAccount: {ROLES_PER_ACCOUNT}"
        )));
    }
    let trust = read_trust(cx.org, &i.assume_role_policy_document)?;
    if let Some(b) = &i.permissions_boundary {
        require_boundary(cx, b)?;
    }
    let mut tags = Vec::new();
    merge_tags(&mut tags, &tags_in)?;
    let role = Role {
        name: i.role_name,
        path,
        id: cx.org.new_id("AROA"),
        created: cx.now(),
        description,
        trust,
        max_session_duration: max_session,
        inline: Default::default(),
        attached: Vec::new(),
        boundary: i.permissions_boundary,
        tags,
        last_used: None,
        accessed: Default::default(),
    };
    // CreateRole answers with what was given: no MaxSessionDuration and no
    // RoleLastUsed, which GetRole adds.
    let mut out = role_json(&role, &cx.account);
    if let Value::Object(m) = &mut out {
        m.remove("MaxSessionDuration");
    }
    add_boundary_and_tags(&mut out, role.boundary.as_ref(), &role.tags);
    cx.account_mut().roles.insert(key, role);
    Ok(json!({ "Role": out }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct RoleName {
    role_name: String,
}

fn get_role(cx: &mut Ctx<'_>, i: RoleName) -> OpResult {
    validate::role_name(&i.role_name)?;
    authorize_role(cx, "iam:GetRole", &i.role_name, true, Context::new())?;
    let r = find(cx, &i.role_name)?;
    Ok(json!({ "Role": role_json_full(r, &cx.account) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListRoles {
    path_prefix: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_roles(cx: &mut Ctx<'_>, i: ListRoles) -> OpResult {
    let _ = (i.marker, i.max_items);
    let prefix = i.path_prefix.unwrap_or_else(|| "/".into());
    let ok = (1..=512).contains(&prefix.chars().count())
        && prefix.starts_with('/')
        && prefix.chars().all(|c| ('!'..='\u{7f}').contains(&c));
    if !ok {
        return Err(invalid(
            &prefix,
            "pathPrefix",
            "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*",
        ));
    }
    // IAM checks ListRoles against the path being listed.
    let arn = role_arn(&cx.account, &prefix, "");
    authorize(cx, "iam:ListRoles", &arn, &arn, &Context::new())?;
    let roles: Vec<Value> = cx
        .account()
        .roles
        .values()
        .filter(|r| r.path.starts_with(&prefix))
        .map(|r| role_json(r, &cx.account))
        .collect();
    Ok(not_truncated(json!({ "Roles": roles })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateRole {
    role_name: String,
    description: Option<String>,
    max_session_duration: Option<i64>,
}

fn update_role(cx: &mut Ctx<'_>, i: UpdateRole) -> OpResult {
    validate::role_name(&i.role_name)?;
    if let Some(d) = &i.description {
        check_description(d)?;
    }
    let max_session = i.max_session_duration.map(check_max_session).transpose()?;
    authorize_role(cx, "iam:UpdateRole", &i.role_name, true, Context::new())?;
    find(cx, &i.role_name)?;
    let role = role_mut(cx, &i.role_name);
    if let Some(d) = i.description {
        role.description = d;
    }
    if let Some(m) = max_session {
        role.max_session_duration = m;
    }
    Ok(json!({}))
}

fn role_mut<'a>(cx: &'a mut Ctx<'_>, name: &str) -> &'a mut Role {
    cx.account_mut()
        .roles
        .get_mut(&name.to_ascii_lowercase())
        .expect("found above")
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateRoleDescription {
    role_name: String,
    description: String,
}

fn update_role_description(cx: &mut Ctx<'_>, i: UpdateRoleDescription) -> OpResult {
    validate::role_name(&i.role_name)?;
    check_description(&i.description)?;
    authorize_role(
        cx,
        "iam:UpdateRoleDescription",
        &i.role_name,
        true,
        Context::new(),
    )?;
    find(cx, &i.role_name)?;
    let account = cx.account.clone();
    let role = role_mut(cx, &i.role_name);
    role.description = i.description;
    Ok(json!({ "Role": role_json_full(role, &account) }))
}

fn delete_role(cx: &mut Ctx<'_>, i: RoleName) -> OpResult {
    validate::role_name(&i.role_name)?;
    authorize_role(cx, "iam:DeleteRole", &i.role_name, true, Context::new())?;
    let r = find(cx, &i.role_name)?;
    let conflict = |what: &str| {
        Err(AwsError::delete_conflict(format!(
            "Cannot delete entity, must {what} first."
        )))
    };
    if !r.inline.is_empty() {
        return conflict("delete policies");
    }
    if !r.attached.is_empty() {
        return conflict("detach all policies");
    }
    let key = i.role_name.to_ascii_lowercase();
    if cx
        .account()
        .instance_profiles
        .values()
        .any(|p| p.roles.contains(&key))
    {
        return conflict("remove roles from instance profile");
    }
    cx.account_mut().roles.remove(&key);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateAssumeRolePolicy {
    role_name: String,
    policy_document: String,
}

fn update_assume_role_policy(cx: &mut Ctx<'_>, i: UpdateAssumeRolePolicy) -> OpResult {
    validate::role_name(&i.role_name)?;
    check_document(&i.policy_document, "policyDocument")?;
    authorize_role(
        cx,
        "iam:UpdateAssumeRolePolicy",
        &i.role_name,
        true,
        Context::new(),
    )?;
    find(cx, &i.role_name)?;
    let trust = read_trust(cx.org, &i.policy_document)?;
    role_mut(cx, &i.role_name).trust = trust;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TagRole {
    role_name: String,
    tags: Vec<TagInput>,
}

fn tag_role(cx: &mut Ctx<'_>, i: TagRole) -> OpResult {
    validate::role_name(&i.role_name)?;
    let mut ctx = Context::new();
    request_tags(&mut ctx, &i.tags);
    authorize_role(cx, "iam:TagRole", &i.role_name, false, ctx)?;
    find(cx, &i.role_name)?;
    merge_tags(&mut role_mut(cx, &i.role_name).tags, &i.tags)?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UntagRole {
    role_name: String,
    tag_keys: Vec<String>,
}

fn untag_role(cx: &mut Ctx<'_>, i: UntagRole) -> OpResult {
    validate::role_name(&i.role_name)?;
    let mut ctx = Context::new();
    ctx.set("aws:TagKeys", i.tag_keys.clone());
    authorize_role(cx, "iam:UntagRole", &i.role_name, false, ctx)?;
    find(cx, &i.role_name)?;
    remove_tags(&mut role_mut(cx, &i.role_name).tags, &i.tag_keys);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListRoleTags {
    role_name: String,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_role_tags(cx: &mut Ctx<'_>, i: ListRoleTags) -> OpResult {
    let _ = (i.marker, i.max_items);
    validate::role_name(&i.role_name)?;
    authorize_role(cx, "iam:ListRoleTags", &i.role_name, false, Context::new())?;
    let r = find(cx, &i.role_name)?;
    Ok(not_truncated(json!({ "Tags": tags_json(&r.tags) })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_durations_are_one_to_twelve_hours() {
        assert_eq!(check_max_session(3600).unwrap(), 3600);
        assert_eq!(check_max_session(43_200).unwrap(), 43_200);
        let e = check_max_session(3599).unwrap_err();
        assert!(e.message.contains("'maxSessionDuration'"), "{}", e.message);
        assert!(e.message.contains("greater than or equal to 3600"));
        assert!(check_max_session(43_201).is_err());
    }

    #[test]
    fn descriptions_allow_latin1_but_not_other_scripts() {
        assert!(check_description("Lets EC2 read the café's bucket").is_ok());
        assert!(check_description(&"d".repeat(1000)).is_ok());
        assert!(check_description(&"d".repeat(1001)).is_err());
        assert!(check_description("emoji 🙂").is_err());
    }
}
