//! Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser and tags.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    Ctx, OpResult, TagInput, add_boundary_and_tags, date, input, merge_tags, not_truncated,
    path_matches, remove_tags, tags_json, validate,
};
use crate::iam::error::AwsError;
use crate::iam::model::{Caller, User, user_arn};

/// Users per account (AWS's default quota).
pub const USERS_PER_ACCOUNT: usize = 5000;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateUser" => input(v).and_then(|i| create_user(cx, i)),
        "GetUser" => input(v).and_then(|i| get_user(cx, i)),
        "ListUsers" => input(v).and_then(|i| list_users(cx, i)),
        "UpdateUser" => input(v).and_then(|i| update_user(cx, i)),
        "DeleteUser" => input(v).and_then(|i| delete_user(cx, i)),
        "TagUser" => input(v).and_then(|i| tag_user(cx, i)),
        "UntagUser" => input(v).and_then(|i| untag_user(cx, i)),
        "ListUserTags" => input(v).and_then(|i| list_user_tags(cx, i)),
        _ => return None,
    })
}

/// Finds a user of the caller's account or answers NoSuchEntity.
pub fn find<'a>(cx: &'a Ctx<'_>, name: &str) -> Result<&'a User, AwsError> {
    cx.account()
        .users
        .get(&name.to_ascii_lowercase())
        .ok_or_else(|| not_found(name))
}

/// The ARN a call about user `name` is authorized against: the real one
/// (with its path) when the user exists, else the ARN it would have.
pub fn arn_for(cx: &Ctx<'_>, name: &str) -> String {
    find(cx, name).map_or_else(|_| user_arn(&cx.account, "/", name), |u| u.arn(&cx.account))
}

pub fn not_found(name: &str) -> AwsError {
    AwsError::no_such_entity(format!("The user with name {name} cannot be found."))
}

pub fn user_json(u: &User, account: &str) -> Value {
    let mut v = json!({
        "Path": u.path,
        "UserName": u.name,
        "UserId": u.id,
        "Arn": u.arn(account),
        "CreateDate": date(u.created),
    });
    if let Some(t) = u.password_last_used {
        v["PasswordLastUsed"] = date(t);
    }
    add_boundary_and_tags(&mut v, u.boundary.as_ref(), &u.tags);
    v
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateUser {
    user_name: String,
    path: Option<String>,
    permissions_boundary: Option<String>,
    tags: Option<Vec<TagInput>>,
}

fn create_user(cx: &mut Ctx<'_>, i: CreateUser) -> OpResult {
    validate::user_name(&i.user_name)?;
    let path = i.path.unwrap_or_else(|| "/".into());
    validate::path(&path)?;
    cx.authorize(
        "iam:CreateUser",
        &user_arn(&cx.account, &path, &i.user_name),
    )?;
    let key = i.user_name.to_ascii_lowercase();
    if cx.account().users.contains_key(&key) {
        return Err(AwsError::already_exists(format!(
            "User with name {} already exists.",
            i.user_name
        )));
    }
    if cx.account().users.len() >= USERS_PER_ACCOUNT {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for UsersPerAccount: {USERS_PER_ACCOUNT}"
        )));
    }
    if let Some(b) = &i.permissions_boundary {
        super::policies::require_boundary(cx, b)?;
    }
    let mut tags = Vec::new();
    merge_tags(&mut tags, i.tags.as_deref().unwrap_or_default())?;
    let user = User {
        name: i.user_name,
        path,
        id: cx.org.new_id("AIDA"),
        created: cx.now(),
        login_profile: None,
        access_keys: Vec::new(),
        mfa_devices: Vec::new(),
        tags,
        inline: Default::default(),
        attached: Vec::new(),
        boundary: i.permissions_boundary,
        groups: Vec::new(),
        password_last_used: None,
        accessed: Default::default(),
    };
    let out = json!({ "User": user_json(&user, &cx.account) });
    cx.account_mut().users.insert(key, user);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct GetUser {
    user_name: Option<String>,
}

/// The user a call is about: the named one, or (when no name is given) the
/// caller itself, as AWS does for GetUser and the credential calls.
pub fn target_name(cx: &Ctx<'_>, name: Option<String>, op: &str) -> Result<String, AwsError> {
    match (name, cx.caller) {
        (Some(n), _) => Ok(n),
        (None, Caller::User { user, .. }) => Ok(cx
            .org
            .user(&cx.account, user)
            .map_or(user.clone(), |u| u.name.clone())),
        (None, Caller::Root { .. }) if op == "GetUser" => Err(AwsError::validation(
            "Must specify userName when calling with non-User credentials",
        )),
        (None, _) => Err(AwsError::validation(
            "Must specify userName when calling with non-User credentials",
        )),
    }
}

fn get_user(cx: &mut Ctx<'_>, i: GetUser) -> OpResult {
    let name = target_name(cx, i.user_name, "GetUser")?;
    cx.authorize("iam:GetUser", &arn_for(cx, &name))?;
    let u = find(cx, &name)?;
    Ok(json!({ "User": user_json(u, &cx.account) }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListUsers {
    path_prefix: Option<String>,
    max_items: Option<u32>,
    marker: Option<String>,
}

fn list_users(cx: &mut Ctx<'_>, i: ListUsers) -> OpResult {
    let _ = (i.max_items, i.marker);
    cx.authorize("iam:ListUsers", &user_arn(&cx.account, "/", ""))?;
    let users: Vec<Value> = cx
        .account()
        .users
        .values()
        .filter(|u| path_matches(&u.path, i.path_prefix.as_deref()))
        .map(|u| {
            let mut v = user_json(u, &cx.account);
            // ListUsers leaves out tags and boundaries; GetUser has them.
            if let Value::Object(m) = &mut v {
                m.remove("Tags");
                m.remove("PermissionsBoundary");
            }
            v
        })
        .collect();
    Ok(not_truncated(json!({ "Users": users })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdateUser {
    user_name: String,
    new_path: Option<String>,
    new_user_name: Option<String>,
}

fn update_user(cx: &mut Ctx<'_>, i: UpdateUser) -> OpResult {
    cx.authorize("iam:UpdateUser", &arn_for(cx, &i.user_name))?;
    find(cx, &i.user_name)?;
    if let Some(p) = &i.new_path {
        validate::path(p)?;
    }
    let old_key = i.user_name.to_ascii_lowercase();
    let new_key = match &i.new_user_name {
        Some(n) => {
            validate::name(n, "newUserName", 64)?;
            let k = n.to_ascii_lowercase();
            if k != old_key && cx.account().users.contains_key(&k) {
                return Err(AwsError::already_exists(format!(
                    "User with name {n} already exists."
                )));
            }
            k
        }
        None => old_key.clone(),
    };
    let account = cx.account_mut();
    let mut user = account.users.remove(&old_key).expect("found above");
    if let Some(n) = i.new_user_name {
        user.name = n;
    }
    if let Some(p) = i.new_path {
        user.path = p;
    }
    // Group membership and MFA devices refer to the user by key.
    for d in account.mfa_devices.values_mut() {
        if d.user.as_deref() == Some(old_key.as_str()) {
            d.user = Some(new_key.clone());
        }
    }
    account.users.insert(new_key, user);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UserName {
    user_name: String,
}

fn delete_user(cx: &mut Ctx<'_>, i: UserName) -> OpResult {
    cx.authorize("iam:DeleteUser", &arn_for(cx, &i.user_name))?;
    let u = find(cx, &i.user_name)?;
    let conflict = |what: &str| {
        Err(AwsError::delete_conflict(format!(
            "Cannot delete entity, must {what} first."
        )))
    };
    if u.login_profile.is_some() {
        return conflict("delete login profile");
    }
    if !u.access_keys.is_empty() {
        return conflict("delete access keys");
    }
    if !u.mfa_devices.is_empty() {
        return conflict("delete MFA device");
    }
    if !u.inline.is_empty() {
        return conflict("delete policies");
    }
    if !u.attached.is_empty() {
        return conflict("detach all policies");
    }
    if !u.groups.is_empty() {
        return conflict("remove user from all groups");
    }
    let key = i.user_name.to_ascii_lowercase();
    cx.account_mut().users.remove(&key);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TagUser {
    user_name: String,
    tags: Vec<TagInput>,
}

fn tag_user(cx: &mut Ctx<'_>, i: TagUser) -> OpResult {
    cx.authorize("iam:TagUser", &arn_for(cx, &i.user_name))?;
    find(cx, &i.user_name)?;
    let key = i.user_name.to_ascii_lowercase();
    let user = cx.account_mut().users.get_mut(&key).expect("found above");
    merge_tags(&mut user.tags, &i.tags)?;
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UntagUser {
    user_name: String,
    tag_keys: Vec<String>,
}

fn untag_user(cx: &mut Ctx<'_>, i: UntagUser) -> OpResult {
    cx.authorize("iam:UntagUser", &arn_for(cx, &i.user_name))?;
    find(cx, &i.user_name)?;
    let key = i.user_name.to_ascii_lowercase();
    let user = cx.account_mut().users.get_mut(&key).expect("found above");
    remove_tags(&mut user.tags, &i.tag_keys);
    Ok(json!({}))
}

fn list_user_tags(cx: &mut Ctx<'_>, i: UserName) -> OpResult {
    cx.authorize("iam:ListUserTags", &arn_for(cx, &i.user_name))?;
    let u = find(cx, &i.user_name)?;
    Ok(not_truncated(json!({ "Tags": tags_json(&u.tags) })))
}
