//! GetAccountAuthorizationDetails: a snapshot of every user, group, role and
//! managed policy of the caller's account, with their relationships, in
//! AWS's response shape (UserDetail, GroupDetail, RoleDetail,
//! ManagedPolicyDetail). The sandbox's `export json` prints this.
//!
//! AWS returns the documents URL-encoded; the AWS CLI decodes them into JSON
//! objects, and so do we, as every other call here does.

use serde::Deserialize;
use serde_json::{Value, json};

use super::policies::{doc_json, invalid, usage};
use super::{Ctx, OpResult, date, input, not_truncated, tags_json};
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

fn boundary(arn: &str) -> Value {
    json!({
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": arn,
    })
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
    if let Some(b) = &u.boundary {
        v["PermissionsBoundary"] = boundary(b);
    }
    if !u.tags.is_empty() {
        v["Tags"] = tags_json(&u.tags);
    }
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

/// A role as it appears inside an instance profile (the Role shape).
fn role_summary(r: &Role, account: &str) -> Value {
    let mut v = json!({
        "Path": r.path,
        "RoleName": r.name,
        "RoleId": r.id,
        "Arn": r.arn(account),
        "CreateDate": date(r.created),
        "AssumeRolePolicyDocument": doc_json(&r.trust.text),
    });
    if !r.description.is_empty() {
        v["Description"] = json!(r.description);
    }
    v["MaxSessionDuration"] = json!(r.max_session_duration);
    v
}

fn instance_profile(p: &InstanceProfile, account: &Account) -> Value {
    let roles: Vec<Value> = p
        .roles
        .iter()
        .filter_map(|k| account.roles.get(k))
        .map(|r| role_summary(r, &account.id))
        .collect();
    let mut v = json!({
        "Path": p.path,
        "InstanceProfileName": p.name,
        "InstanceProfileId": p.id,
        "Arn": p.arn(&account.id),
        "CreateDate": date(p.created),
        "Roles": roles,
    });
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
    if let Some(b) = &r.boundary {
        v["PermissionsBoundary"] = boundary(b);
    }
    if !r.tags.is_empty() {
        v["Tags"] = tags_json(&r.tags);
    }
    v["RoleLastUsed"] = match r.last_used {
        Some(t) => json!({"LastUsedDate": date(t), "Region": "us-east-1"}),
        None => json!({}),
    };
    v
}

/// The number in a version id (`v3` is 3), for ordering.
fn version_number(id: &str) -> u32 {
    id.trim_start_matches('v').parse().unwrap_or(0)
}

fn policy_detail(p: &ManagedPolicy, account: &Account) -> Value {
    let (attached, boundaries) = usage(account, &p.arn);
    // Newest first, as IAM lists versions everywhere.
    let mut versions: Vec<_> = p.versions.iter().collect();
    versions.sort_by_key(|v| std::cmp::Reverse(version_number(&v.id)));
    let versions: Vec<Value> = versions
        .into_iter()
        .map(|v| {
            json!({
                "Document": doc_json(&v.doc.text),
                "VersionId": v.id,
                "IsDefaultVersion": v.id == p.default_version,
                "CreateDate": date(v.created),
            })
        })
        .collect();
    json!({
        "PolicyName": p.name,
        "PolicyId": p.id,
        "Arn": p.arn,
        "Path": p.path,
        "DefaultVersionId": p.default_version,
        "AttachmentCount": attached,
        "PermissionsBoundaryUsageCount": boundaries,
        "IsAttachable": true,
        "CreateDate": date(p.created),
        "UpdateDate": date(p.updated),
        "PolicyVersionList": versions,
    })
}
