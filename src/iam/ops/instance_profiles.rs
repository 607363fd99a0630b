//! Instance profiles: the container that hands a role to an EC2 instance.
//! CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
//! DeleteInstanceProfile, AddRoleToInstanceProfile,
//! RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole and the tag
//! calls.
//!
//! A profile keeps lower-case role keys; roles cannot be renamed in AWS, so
//! those keys stay valid for the role's whole life.

use serde::Deserialize;
use serde_json::{Value, json};

use super::roles::role_core;
use super::{
    Ctx, OpResult, TagInput, date, input, merge_tags, not_truncated, path_matches, remove_tags,
    tags_json, validate,
};
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Account, InstanceProfile, Role, instance_profile_arn, role_arn};

/// Instance profiles per account (AWS's default quota).
pub const INSTANCE_PROFILES_PER_ACCOUNT: usize = 1000;
/// The service a role in a profile is passed to: EC2 hands it to instances.
const PASSED_TO: &str = "ec2.amazonaws.com";
/// Roles per instance profile (fixed by AWS).
pub const ROLES_PER_INSTANCE_PROFILE: usize = 1;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateInstanceProfile" => input(v).and_then(|i| create(cx, i)),
        "GetInstanceProfile" => input(v).and_then(|i| get(cx, i)),
        "ListInstanceProfiles" => input(v).and_then(|i| list(cx, i)),
        "DeleteInstanceProfile" => input(v).and_then(|i| delete(cx, i)),
        "AddRoleToInstanceProfile" => input(v).and_then(|i| add_role(cx, i)),
        "RemoveRoleFromInstanceProfile" => input(v).and_then(|i| remove_role(cx, i)),
        "ListInstanceProfilesForRole" => input(v).and_then(|i| list_for_role(cx, i)),
        "TagInstanceProfile" => input(v).and_then(|i| tag(cx, i)),
        "UntagInstanceProfile" => input(v).and_then(|i| untag(cx, i)),
        "ListInstanceProfileTags" => input(v).and_then(|i| list_tags(cx, i)),
        _ => return None,
    })
}

fn not_found(name: &str) -> AwsError {
    AwsError::no_such_entity(format!("Instance Profile {name} cannot be found."))
}

fn find<'a>(cx: &'a Ctx<'_>, name: &str) -> Result<&'a InstanceProfile, AwsError> {
    cx.account()
        .instance_profiles
        .get(&name.to_ascii_lowercase())
        .ok_or_else(|| not_found(name))
}

/// The ARN a call about profile `name` is authorized against.
fn arn_for(cx: &Ctx<'_>, name: &str) -> String {
    find(cx, name).map_or_else(
        |_| instance_profile_arn(&cx.account, "/", name),
        |p| p.arn(&cx.account),
    )
}

fn find_role<'a>(cx: &'a Ctx<'_>, name: &str) -> Result<&'a Role, AwsError> {
    cx.account()
        .roles
        .get(&name.to_ascii_lowercase())
        .ok_or_else(|| {
            AwsError::no_such_entity(format!("The role with name {name} cannot be found."))
        })
}

fn role_arn_for(cx: &Ctx<'_>, name: &str) -> String {
    find_role(cx, name).map_or_else(|_| role_arn(&cx.account, "/", name), |r| r.arn(&cx.account))
}

/// The InstanceProfile shape as the instance profile operations return it:
/// each role with its core members only.
fn profile_json(p: &InstanceProfile, account: &Account) -> Value {
    profile_shape(p, account, role_core)
}

/// The InstanceProfile shape with each role as `role` draws it, without
/// tags (each call decides on those).
pub(super) fn profile_shape(
    p: &InstanceProfile,
    account: &Account,
    role: fn(&Role, &str) -> Value,
) -> Value {
    let roles: Vec<Value> = p
        .roles
        .iter()
        .filter_map(|k| account.roles.get(k))
        .map(|r| role(r, &account.id))
        .collect();
    json!({
        "Path": p.path,
        "InstanceProfileName": p.name,
        "InstanceProfileId": p.id,
        "Arn": p.arn(&account.id),
        "CreateDate": date(p.created),
        "Roles": roles,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Create {
    instance_profile_name: String,
    path: Option<String>,
    tags: Option<Vec<TagInput>>,
}

fn create(cx: &mut Ctx<'_>, i: Create) -> OpResult {
    validate::instance_profile_name(&i.instance_profile_name)?;
    let path = i.path.unwrap_or_else(|| "/".into());
    validate::path(&path)?;
    cx.authorize(
        "iam:CreateInstanceProfile",
        &instance_profile_arn(&cx.account, &path, &i.instance_profile_name),
    )?;
    let key = i.instance_profile_name.to_ascii_lowercase();
    if cx.account().instance_profiles.contains_key(&key) {
        return Err(AwsError::already_exists(format!(
            "Instance Profile {} already exists.",
            i.instance_profile_name
        )));
    }
    if cx.account().instance_profiles.len() >= INSTANCE_PROFILES_PER_ACCOUNT {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for InstanceProfilesPerAccount: {INSTANCE_PROFILES_PER_ACCOUNT}"
        )));
    }
    let mut tags = Vec::new();
    merge_tags(&mut tags, i.tags.as_deref().unwrap_or_default())?;
    let profile = InstanceProfile {
        name: i.instance_profile_name,
        path,
        id: cx.org.new_id("AIPA"),
        created: cx.now(),
        roles: Vec::new(),
        tags,
    };
    let mut out = profile_json(&profile, cx.account());
    // CreateInstanceProfile shows Tags only when some were given.
    if !profile.tags.is_empty() {
        out["Tags"] = tags_json(&profile.tags);
    }
    cx.account_mut().instance_profiles.insert(key, profile);
    Ok(json!({ "InstanceProfile": out }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ProfileName {
    instance_profile_name: String,
}

fn get(cx: &mut Ctx<'_>, i: ProfileName) -> OpResult {
    validate::instance_profile_name(&i.instance_profile_name)?;
    cx.authorize(
        "iam:GetInstanceProfile",
        &arn_for(cx, &i.instance_profile_name),
    )?;
    let p = find(cx, &i.instance_profile_name)?;
    let mut out = profile_json(p, cx.account());
    // GetInstanceProfile always carries Tags, empty or not.
    out["Tags"] = tags_json(&p.tags);
    Ok(json!({ "InstanceProfile": out }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct List {
    path_prefix: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list(cx: &mut Ctx<'_>, i: List) -> OpResult {
    let _ = (i.marker, i.max_items);
    super::groups::path_prefix(i.path_prefix.as_deref())?;
    cx.authorize(
        "iam:ListInstanceProfiles",
        &instance_profile_arn(&cx.account, "/", ""),
    )?;
    let account = cx.account();
    let profiles: Vec<Value> = account
        .instance_profiles
        .values()
        .filter(|p| path_matches(&p.path, i.path_prefix.as_deref()))
        .map(|p| profile_json(p, account))
        .collect();
    Ok(not_truncated(json!({ "InstanceProfiles": profiles })))
}

fn delete(cx: &mut Ctx<'_>, i: ProfileName) -> OpResult {
    validate::instance_profile_name(&i.instance_profile_name)?;
    cx.authorize(
        "iam:DeleteInstanceProfile",
        &arn_for(cx, &i.instance_profile_name),
    )?;
    if !find(cx, &i.instance_profile_name)?.roles.is_empty() {
        return Err(AwsError::delete_conflict(
            "Cannot delete entity, must remove roles from instance profile first.",
        ));
    }
    let key = i.instance_profile_name.to_ascii_lowercase();
    cx.account_mut().instance_profiles.remove(&key);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ProfileRole {
    instance_profile_name: String,
    role_name: String,
}

/// Validates and authorizes a call that joins a profile and a role, then
/// finds both: AWS names a missing profile before a missing role.
fn profile_and_role(
    cx: &Ctx<'_>,
    i: &ProfileRole,
    action: &str,
) -> Result<(String, String), AwsError> {
    validate::instance_profile_name(&i.instance_profile_name)?;
    validate::role_name(&i.role_name)?;
    cx.authorize(action, &arn_for(cx, &i.instance_profile_name))?;
    if action == "iam:AddRoleToInstanceProfile" {
        // Putting a role in a profile lets every instance launched with it
        // act as the role, so AWS also requires iam:PassRole on the role,
        // asked as a pass to EC2: a grant pinned with iam:PassedToService =
        // ec2.amazonaws.com covers it, one pinned to another service does not.
        let mut context = Context::new();
        context.set_one("iam:PassedToService", PASSED_TO);
        cx.authorize_as(
            "iam:PassRole",
            &role_arn_for(cx, &i.role_name),
            None,
            &context,
        )?;
    }
    find(cx, &i.instance_profile_name)?;
    find_role(cx, &i.role_name)?;
    Ok((
        i.instance_profile_name.to_ascii_lowercase(),
        i.role_name.to_ascii_lowercase(),
    ))
}

fn add_role(cx: &mut Ctx<'_>, i: ProfileRole) -> OpResult {
    let (profile, role) = profile_and_role(cx, &i, "iam:AddRoleToInstanceProfile")?;
    let p = cx
        .account_mut()
        .instance_profiles
        .get_mut(&profile)
        .expect("found above");
    // One role per profile, and that includes adding the same role again.
    if p.roles.len() >= ROLES_PER_INSTANCE_PROFILE {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for InstanceSessionsPerInstanceProfile: {ROLES_PER_INSTANCE_PROFILE}"
        )));
    }
    p.roles.push(role);
    Ok(json!({}))
}

fn remove_role(cx: &mut Ctx<'_>, i: ProfileRole) -> OpResult {
    let (profile, role) = profile_and_role(cx, &i, "iam:RemoveRoleFromInstanceProfile")?;
    let p = &cx.account().instance_profiles[&profile];
    if !p.roles.contains(&role) {
        return Err(AwsError::no_such_entity(format!(
            "Role {} in Instance Profile {} cannot be found.",
            cx.account().roles[&role].name,
            p.name
        )));
    }
    let p = cx
        .account_mut()
        .instance_profiles
        .get_mut(&profile)
        .expect("found above");
    p.roles.retain(|r| *r != role);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListForRole {
    role_name: String,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_for_role(cx: &mut Ctx<'_>, i: ListForRole) -> OpResult {
    let _ = (i.marker, i.max_items);
    validate::role_name(&i.role_name)?;
    cx.authorize(
        "iam:ListInstanceProfilesForRole",
        &role_arn_for(cx, &i.role_name),
    )?;
    find_role(cx, &i.role_name)?;
    let role = i.role_name.to_ascii_lowercase();
    let account = cx.account();
    let profiles: Vec<Value> = account
        .instance_profiles
        .values()
        .filter(|p| p.roles.contains(&role))
        .map(|p| profile_json(p, account))
        .collect();
    Ok(not_truncated(json!({ "InstanceProfiles": profiles })))
}

/// The profile a tagging call changes, once its name is valid, the caller
/// may `action` it, and it exists.
fn profile_to_tag<'a>(
    cx: &'a mut Ctx<'_>,
    name: &str,
    action: &str,
) -> Result<&'a mut InstanceProfile, AwsError> {
    validate::instance_profile_name(name)?;
    cx.authorize(action, &arn_for(cx, name))?;
    find(cx, name)?;
    Ok(cx
        .account_mut()
        .instance_profiles
        .get_mut(&name.to_ascii_lowercase())
        .expect("found above"))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Tag {
    instance_profile_name: String,
    tags: Vec<TagInput>,
}

fn tag(cx: &mut Ctx<'_>, i: Tag) -> OpResult {
    let p = profile_to_tag(cx, &i.instance_profile_name, "iam:TagInstanceProfile")?;
    merge_tags(&mut p.tags, &i.tags)?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Untag {
    instance_profile_name: String,
    tag_keys: Vec<String>,
}

fn untag(cx: &mut Ctx<'_>, i: Untag) -> OpResult {
    let p = profile_to_tag(cx, &i.instance_profile_name, "iam:UntagInstanceProfile")?;
    remove_tags(&mut p.tags, &i.tag_keys);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListTags {
    instance_profile_name: String,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_tags(cx: &mut Ctx<'_>, i: ListTags) -> OpResult {
    let _ = (i.marker, i.max_items);
    validate::instance_profile_name(&i.instance_profile_name)?;
    cx.authorize(
        "iam:ListInstanceProfileTags",
        &arn_for(cx, &i.instance_profile_name),
    )?;
    let p = find(cx, &i.instance_profile_name)?;
    Ok(not_truncated(json!({ "Tags": tags_json(&p.tags) })))
}
