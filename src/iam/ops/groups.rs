//! Groups: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup and
//! membership (AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser).
//!
//! Membership is kept on the user (`User.groups`, lower-case group keys in
//! joining order), so a group rename rewrites those keys. Groups are never
//! members of groups and are never principals: nothing here touches access.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ctx, OpResult, date, input, not_truncated, path_matches, users, validate};
use crate::iam::error::AwsError;
use crate::iam::model::{Group, group_arn};

/// Groups per account (AWS's default quota; it can be raised to 500).
pub const GROUPS_PER_ACCOUNT: usize = 300;
/// Groups a user can belong to (fixed by AWS).
pub const GROUPS_PER_USER: usize = 10;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateGroup" => input(v).and_then(|i| create_group(cx, i)),
        "GetGroup" => input(v).and_then(|i| get_group(cx, i)),
        "ListGroups" => input(v).and_then(|i| list_groups(cx, i)),
        "UpdateGroup" => input(v).and_then(|i| update_group(cx, i)),
        "DeleteGroup" => input(v).and_then(|i| delete_group(cx, i)),
        "AddUserToGroup" => input(v).and_then(|i| add_user_to_group(cx, i)),
        "RemoveUserFromGroup" => input(v).and_then(|i| remove_user_from_group(cx, i)),
        "ListGroupsForUser" => input(v).and_then(|i| list_groups_for_user(cx, i)),
        _ => return None,
    })
}

/// Finds a group of the caller's account or answers NoSuchEntity.
pub fn find<'a>(cx: &'a Ctx<'_>, name: &str) -> Result<&'a Group, AwsError> {
    cx.account()
        .groups
        .get(&name.to_ascii_lowercase())
        .ok_or_else(|| not_found(name))
}

/// The ARN a call about group `name` is authorized against: the real one
/// (with its path) when the group exists, else the ARN it would have.
pub fn arn_for(cx: &Ctx<'_>, name: &str) -> String {
    find(cx, name).map_or_else(
        |_| group_arn(&cx.account, "/", name),
        |g| g.arn(&cx.account),
    )
}

pub fn not_found(name: &str) -> AwsError {
    AwsError::no_such_entity(format!("The group with name {name} cannot be found."))
}

pub fn group_json(g: &Group, account: &str) -> Value {
    json!({
        "Path": g.path,
        "GroupName": g.name,
        "GroupId": g.id,
        "Arn": g.arn(account),
        "CreateDate": date(g.created),
    })
}

/// Checks a `PathPrefix` of a List call: AWS's pattern `\u002F[\u0021-\u007F]*`.
pub fn path_prefix(prefix: Option<&str>) -> Result<(), AwsError> {
    let Some(p) = prefix else { return Ok(()) };
    let ok = (1..=512).contains(&p.chars().count())
        && p.starts_with('/')
        && p.chars().all(|c| ('\u{21}'..='\u{7f}').contains(&c));
    if ok {
        Ok(())
    } else {
        Err(AwsError::validation(format!(
            "1 validation error detected: Value '{p}' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*"
        )))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateGroup {
    group_name: String,
    path: Option<String>,
}

fn create_group(cx: &mut Ctx<'_>, i: CreateGroup) -> OpResult {
    validate::group_name(&i.group_name)?;
    let path = i.path.unwrap_or_else(|| "/".into());
    validate::path(&path)?;
    cx.authorize(
        "iam:CreateGroup",
        &group_arn(&cx.account, &path, &i.group_name),
    )?;
    let key = i.group_name.to_ascii_lowercase();
    if cx.account().groups.contains_key(&key) {
        return Err(AwsError::already_exists(format!(
            "Group with name {} already exists.",
            i.group_name
        )));
    }
    if cx.account().groups.len() >= GROUPS_PER_ACCOUNT {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for GroupsPerAccount: {GROUPS_PER_ACCOUNT}"
        )));
    }
    let group = Group {
        name: i.group_name,
        path,
        id: cx.org.new_id("AGPA"),
        created: cx.now(),
        inline: Default::default(),
        attached: Vec::new(),
    };
    let out = json!({ "Group": group_json(&group, &cx.account) });
    cx.account_mut().groups.insert(key, group);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GetGroup {
    group_name: String,
    marker: Option<String>,
    max_items: Option<u32>,
}

/// A user as GetGroup and ListVirtualMFADevices embed it: like ListUsers,
/// without tags or the permissions boundary.
pub fn member_json(u: &crate::iam::model::User, account: &str) -> Value {
    let mut v = users::user_json(u, account);
    if let Value::Object(m) = &mut v {
        m.remove("Tags");
        m.remove("PermissionsBoundary");
    }
    v
}

fn get_group(cx: &mut Ctx<'_>, i: GetGroup) -> OpResult {
    let _ = (i.marker, i.max_items);
    validate::group_name(&i.group_name)?;
    cx.authorize("iam:GetGroup", &arn_for(cx, &i.group_name))?;
    let g = find(cx, &i.group_name)?;
    let key = i.group_name.to_ascii_lowercase();
    let members: Vec<Value> = cx
        .account()
        .users
        .values()
        .filter(|u| u.groups.contains(&key))
        .map(|u| member_json(u, &cx.account))
        .collect();
    Ok(not_truncated(json!({
        "Group": group_json(g, &cx.account),
        "Users": members,
    })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListGroups {
    path_prefix: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_groups(cx: &mut Ctx<'_>, i: ListGroups) -> OpResult {
    let _ = (i.marker, i.max_items);
    path_prefix(i.path_prefix.as_deref())?;
    cx.authorize("iam:ListGroups", &group_arn(&cx.account, "/", ""))?;
    let groups: Vec<Value> = cx
        .account()
        .groups
        .values()
        .filter(|g| path_matches(&g.path, i.path_prefix.as_deref()))
        .map(|g| group_json(g, &cx.account))
        .collect();
    Ok(not_truncated(json!({ "Groups": groups })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateGroup {
    group_name: String,
    new_path: Option<String>,
    new_group_name: Option<String>,
}

fn update_group(cx: &mut Ctx<'_>, i: UpdateGroup) -> OpResult {
    validate::group_name(&i.group_name)?;
    if let Some(n) = &i.new_group_name {
        validate::name(n, "newGroupName", 128)?;
    }
    if let Some(p) = &i.new_path {
        validate::path(p)?;
    }
    // AWS requires permission on both the old and the new identity of the
    // group, so a learner cannot rename their way out of a scoped policy.
    let old_arn = arn_for(cx, &i.group_name);
    cx.authorize("iam:UpdateGroup", &old_arn)?;
    let g = find(cx, &i.group_name)?;
    let new_arn = group_arn(
        &cx.account,
        i.new_path.as_deref().unwrap_or(&g.path),
        i.new_group_name.as_deref().unwrap_or(&g.name),
    );
    if new_arn != old_arn {
        cx.authorize("iam:UpdateGroup", &new_arn)?;
    }
    let old_key = i.group_name.to_ascii_lowercase();
    let new_key = i
        .new_group_name
        .as_deref()
        .map_or_else(|| old_key.clone(), str::to_ascii_lowercase);
    if new_key != old_key && cx.account().groups.contains_key(&new_key) {
        return Err(AwsError::already_exists(format!(
            "Group with name {} already exists.",
            i.new_group_name.as_deref().unwrap_or_default()
        )));
    }
    let account = cx.account_mut();
    let mut group = account.groups.remove(&old_key).expect("found above");
    if let Some(n) = i.new_group_name {
        group.name = n;
    }
    if let Some(p) = i.new_path {
        group.path = p;
    }
    account.groups.insert(new_key.clone(), group);
    // Members keep their membership: they refer to the group by key.
    if new_key != old_key {
        for u in account.users.values_mut() {
            for k in u.groups.iter_mut().filter(|k| **k == old_key) {
                k.clone_from(&new_key);
            }
        }
    }
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GroupName {
    group_name: String,
}

fn delete_group(cx: &mut Ctx<'_>, i: GroupName) -> OpResult {
    validate::group_name(&i.group_name)?;
    cx.authorize("iam:DeleteGroup", &arn_for(cx, &i.group_name))?;
    let g = find(cx, &i.group_name)?;
    let key = i.group_name.to_ascii_lowercase();
    let conflict = |what: &str| {
        Err(AwsError::delete_conflict(format!(
            "Cannot delete entity, must {what} first."
        )))
    };
    if cx.account().users.values().any(|u| u.groups.contains(&key)) {
        return conflict("remove users from group");
    }
    if !g.attached.is_empty() {
        return conflict("detach all policies");
    }
    if !g.inline.is_empty() {
        return conflict("delete policies");
    }
    cx.account_mut().groups.remove(&key);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Membership {
    group_name: String,
    user_name: String,
}

/// Validates a membership call, authorizes it on the group, and resolves
/// both sides. AWS looks for the user before the group: removing an unknown
/// user from an unknown group names the user.
fn membership(cx: &Ctx<'_>, i: &Membership, action: &str) -> Result<(String, String), AwsError> {
    validate::group_name(&i.group_name)?;
    // AWS's existingUserNameType allows 128 characters here, not 64.
    validate::name(&i.user_name, "userName", 128)?;
    cx.authorize(action, &arn_for(cx, &i.group_name))?;
    users::find(cx, &i.user_name)?;
    find(cx, &i.group_name)?;
    Ok((
        i.group_name.to_ascii_lowercase(),
        i.user_name.to_ascii_lowercase(),
    ))
}

fn add_user_to_group(cx: &mut Ctx<'_>, i: Membership) -> OpResult {
    let (group, user) = membership(cx, &i, "iam:AddUserToGroup")?;
    let u = cx.account_mut().users.get_mut(&user).expect("found above");
    // Adding a member again succeeds and changes nothing, as in AWS.
    if u.groups.contains(&group) {
        return Ok(json!({}));
    }
    if u.groups.len() >= GROUPS_PER_USER {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for GroupsPerUser: {GROUPS_PER_USER}"
        )));
    }
    u.groups.push(group);
    Ok(json!({}))
}

fn remove_user_from_group(cx: &mut Ctx<'_>, i: Membership) -> OpResult {
    let (group, user) = membership(cx, &i, "iam:RemoveUserFromGroup")?;
    // Removing a user who is not a member succeeds in AWS (checked against
    // the live service): the call only promises the user is not a member.
    let u = cx.account_mut().users.get_mut(&user).expect("found above");
    u.groups.retain(|g| *g != group);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListGroupsForUser {
    user_name: String,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list_groups_for_user(cx: &mut Ctx<'_>, i: ListGroupsForUser) -> OpResult {
    let _ = (i.marker, i.max_items);
    validate::name(&i.user_name, "userName", 128)?;
    cx.authorize("iam:ListGroupsForUser", &users::arn_for(cx, &i.user_name))?;
    let u = users::find(cx, &i.user_name)?;
    let account = cx.account();
    let groups: Vec<Value> = u
        .groups
        .iter()
        .filter_map(|k| account.groups.get(k))
        .map(|g| group_json(g, &cx.account))
        .collect();
    Ok(not_truncated(json!({ "Groups": groups })))
}
