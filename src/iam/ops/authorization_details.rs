//! GetAccountAuthorizationDetails: a snapshot of every user, group, role and
//! managed policy of the caller's account, with their relationships, in
//! AWS's response shape (UserDetail, GroupDetail, RoleDetail,
//! ManagedPolicyDetail). The sandbox's `export json` prints this.
//!
//! AWS returns the documents URL-encoded; the AWS CLI decodes them into JSON
//! objects, and so do we, as every other call here does.

use serde::Deserialize;
use serde_json::{Value, json};

use super::instance_profiles::profile_shape;
use super::policies::{doc_json, invalid, listed_policy_json, usage, versions_json};
use super::roles::{role_json, role_last_used};
use super::{Ctx, OpResult, add_boundary_and_tags, date, input, not_truncated, tags_json};
use crate::iam::aws_managed;
use crate::iam::model::{Account, Group, InstanceProfile, ManagedPolicy, PolicyDoc, Role, User};

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "GetAccountAuthorizationDetails" => input(v).and_then(|i| details(cx, i)),
        _ => return None,
    })
}

/// The entity types `Filter` takes (AWS's EntityType enum).
const ENTITY_TYPES: [&str; 5] = [
    "User",
    "Role",
    "Group",
    "LocalManagedPolicy",
    "AWSManagedPolicy",
];

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Request {
    filter: Option<Vec<String>>,
    max_items: Option<i64>,
    marker: Option<String>,
}

/// Which lists the caller asked for: all of them when there is no filter.
struct Wanted {
    users: bool,
    groups: bool,
    roles: bool,
    local: bool,
    aws: bool,
}

impl Wanted {
    fn from(filter: &[String]) -> Self {
        let has = |t: &str| filter.is_empty() || filter.iter().any(|f| f == t);
        Wanted {
            users: has("User"),
            groups: has("Group"),
            roles: has("Role"),
            local: has("LocalManagedPolicy"),
            aws: has("AWSManagedPolicy"),
        }
    }
}

fn details(cx: &mut Ctx<'_>, i: Request) -> OpResult {
    let filter = i.filter.unwrap_or_default();
    if let Some(bad) = filter.iter().find(|f| !ENTITY_TYPES.contains(&f.as_str())) {
        return Err(invalid(
            format!("[{}]", filter.join(", ")),
            "filter",
            &format!(
                "Member must satisfy constraint: [Member must satisfy enum value set: [{}]] (`{bad}` is not one of them)",
                ENTITY_TYPES.join(", ")
            ),
        ));
    }
    if let Some(n) = i.max_items
        && !(1..=1000).contains(&n)
    {
        return Err(invalid(
            n,
            "maxItems",
            if n < 1 {
                "Member must have value greater than or equal to 1"
            } else {
                "Member must have value less than or equal to 1000"
            },
        ));
    }
    // Everything fits in one page here, so there is never a marker to use.
    let _ = i.marker;
    cx.authorize("iam:GetAccountAuthorizationDetails", "*")?;
    let want = Wanted::from(&filter);
    let account = cx.account();
    let users: Vec<Value> = if want.users {
        account
            .users
            .values()
            .map(|u| user_detail(u, account))
            .collect()
    } else {
        Vec::new()
    };
    let groups: Vec<Value> = if want.groups {
        account
            .groups
            .values()
            .map(|g| group_detail(g, account))
            .collect()
    } else {
        Vec::new()
    };
    let roles: Vec<Value> = if want.roles {
        account
            .roles
            .values()
            .map(|r| role_detail(r, account))
            .collect()
    } else {
        Vec::new()
    };
    let mut policies: Vec<Value> = Vec::new();
    if want.local {
        policies.extend(account.policies.values().map(|p| policy_detail(p, account)));
    }
    if want.aws {
        // AWS lists only the AWS managed policies the account uses.
        policies.extend(
            aws_managed::all()
                .filter(|p| usage(account, &p.arn) != (0, 0))
                .map(|p| policy_detail(p, account)),
        );
    }
    Ok(not_truncated(json!({
        "UserDetailList": users,
        "GroupDetailList": groups,
        "RoleDetailList": roles,
        "Policies": policies,
    })))
}

/// `[{PolicyName, PolicyDocument}]`: an entity's inline policies.
fn inline_list<'a>(
    inline: impl IntoIterator<Item = (&'a String, &'a std::sync::Arc<PolicyDoc>)>,
) -> Value {
    Value::Array(
        inline
            .into_iter()
            .map(|(name, doc)| json!({"PolicyName": name, "PolicyDocument": doc_json(&doc.text)}))
            .collect(),
    )
}

/// `[{PolicyName, PolicyArn}]`: an entity's attached managed policies, in
/// attachment order.
fn attached_list(account: &Account, attached: &[String]) -> Value {
    Value::Array(
        attached
            .iter()
            .map(|arn| json!({"PolicyName": policy_name(account, arn), "PolicyArn": arn}))
            .collect(),
    )
}

fn user_detail(u: &User, account: &Account) -> Value {
    let groups: Vec<&str> = u
        .groups
        .iter()
        .map(|k| {
            account
                .groups
                .get(k)
                .map_or(k.as_str(), |g| g.name.as_str())
        })
        .collect();
    let mut v = json!({
        "Path": u.path,
        "UserName": u.name,
        "UserId": u.id,
        "Arn": u.arn(&account.id),
        "CreateDate": date(u.created),
        "UserPolicyList": inline_list(&u.inline),
        "GroupList": groups,
        "AttachedManagedPolicies": attached_list(account, &u.attached),
    });
    add_boundary_and_tags(&mut v, u.boundary.as_ref(), &u.tags);
    v
}

/// A managed policy's name from its ARN: customer managed policies of this
/// account by lookup, AWS managed ones from the shipped set, anything else
/// (a policy deleted since) from the ARN's last part.
fn policy_name(account: &Account, arn: &str) -> String {
    let from_arn = || arn.rsplit('/').next().unwrap_or(arn).to_string();
    if let Some(p) = aws_managed::by_arn(arn) {
        return p.name.clone();
    }
    account
        .policies
        .values()
        .find(|p| p.arn == arn)
        .map_or_else(from_arn, |p| p.name.clone())
}

fn group_detail(g: &Group, account: &Account) -> Value {
    json!({
        "Path": g.path,
        "GroupName": g.name,
        "GroupId": g.id,
        "Arn": g.arn(&account.id),
        "CreateDate": date(g.created),
        "GroupPolicyList": inline_list(&g.inline),
        "AttachedManagedPolicies": attached_list(account, &g.attached),
    })
}

/// An instance profile as the details list it: each role as ListRoles
/// draws it, and the profile's tags.
fn instance_profile(p: &InstanceProfile, account: &Account) -> Value {
    let mut v = profile_shape(p, account, role_json);
    if !p.tags.is_empty() {
        v["Tags"] = tags_json(&p.tags);
    }
    v
}

fn role_detail(r: &Role, account: &Account) -> Value {
    let key = r.name.to_ascii_lowercase();
    let profiles: Vec<Value> = account
        .instance_profiles
        .values()
        .filter(|p| p.roles.contains(&key))
        .map(|p| instance_profile(p, account))
        .collect();
    let mut v = json!({
        "Path": r.path,
        "RoleName": r.name,
        "RoleId": r.id,
        "Arn": r.arn(&account.id),
        "CreateDate": date(r.created),
        "AssumeRolePolicyDocument": doc_json(&r.trust.text),
        "InstanceProfileList": profiles,
        "RolePolicyList": inline_list(&r.inline),
        "AttachedManagedPolicies": attached_list(account, &r.attached),
    });
    add_boundary_and_tags(&mut v, r.boundary.as_ref(), &r.tags);
    v["RoleLastUsed"] = role_last_used(r);
    v
}

fn policy_detail(p: &ManagedPolicy, account: &Account) -> Value {
    let mut v = listed_policy_json(p, account);
    v["PolicyVersionList"] = json!(versions_json(p, true));
    v
}
