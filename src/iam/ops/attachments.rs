//! Policies on users, groups and roles: attaching managed policies, inline
//! policies, and permissions boundaries. The three kinds of entity follow
//! the same rules with their own names and quotas, so each operation is
//! written once over `Kind`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::policies::{
    authorize, check_arn_param, check_document, check_policy_path, doc_json, parse_doc,
    require_boundary, require_usable, resource_tags, split_policy_arn,
};
use super::{Ctx, OpResult, input, not_truncated, validate};
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Account, PolicyDoc, Tag, group_arn, role_arn, user_arn};
use crate::iam::policy::{self, PolicyKind};

/// Managed policies attached to one user, group or role (AWS's default).
pub const POLICIES_PER_ENTITY: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    User,
    Group,
    Role,
}

impl Kind {
    /// The word in AWS's messages and action names: `user`, `group`, `role`.
    fn noun(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Group => "group",
            Kind::Role => "role",
        }
    }

    /// `User`, `Group`, `Role`: as in `AttachUserPolicy`.
    fn title(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
            Kind::Role => "Role",
        }
    }

    /// The longest name the attach and boundary calls accept.
    fn max_name(self) -> usize {
        match self {
            Kind::Group => 128,
            _ => 64,
        }
    }

    /// The total size of an entity's inline policies, white space not counted.
    fn inline_quota(self) -> usize {
        match self {
            Kind::User => 2048,
            Kind::Group => 5120,
            Kind::Role => 10_240,
        }
    }

    fn arn(self, account: &str, path: &str, name: &str) -> String {
        match self {
            Kind::User => user_arn(account, path, name),
            Kind::Group => group_arn(account, path, name),
            Kind::Role => role_arn(account, path, name),
        }
    }

    fn not_found(self, name: &str) -> AwsError {
        AwsError::no_such_entity(format!(
            "The {} with name {name} cannot be found.",
            self.noun()
        ))
    }
}

/// What the operations here read of a user, group or role.
struct Entity<'a> {
    name: &'a str,
    path: &'a str,
    inline: &'a BTreeMap<String, Arc<PolicyDoc>>,
    attached: &'a [String],
    boundary: Option<&'a str>,
    tags: &'a [Tag],
}

/// What they change.
struct EntityMut<'a> {
    inline: &'a mut BTreeMap<String, Arc<PolicyDoc>>,
    attached: &'a mut Vec<String>,
    boundary: Option<&'a mut Option<String>>,
}

fn entity<'a>(account: &'a Account, kind: Kind, name: &str) -> Option<Entity<'a>> {
    let key = name.to_ascii_lowercase();
    Some(match kind {
        Kind::User => {
            let u = account.users.get(&key)?;
            Entity {
                name: &u.name,
                path: &u.path,
                inline: &u.inline,
                attached: &u.attached,
                boundary: u.boundary.as_deref(),
                tags: &u.tags,
            }
        }
        Kind::Group => {
            let g = account.groups.get(&key)?;
            Entity {
                name: &g.name,
                path: &g.path,
                inline: &g.inline,
                attached: &g.attached,
                boundary: None,
                tags: &[],
            }
        }
        Kind::Role => {
            let r = account.roles.get(&key)?;
            Entity {
                name: &r.name,
                path: &r.path,
                inline: &r.inline,
                attached: &r.attached,
                boundary: r.boundary.as_deref(),
                tags: &r.tags,
            }
        }
    })
}

fn entity_mut<'a>(account: &'a mut Account, kind: Kind, name: &str) -> EntityMut<'a> {
    let key = name.to_ascii_lowercase();
    match kind {
        Kind::User => {
            let u = account.users.get_mut(&key).expect("found above");
            EntityMut {
                inline: &mut u.inline,
                attached: &mut u.attached,
                boundary: Some(&mut u.boundary),
            }
        }
        Kind::Group => {
            let g = account.groups.get_mut(&key).expect("found above");
            EntityMut {
                inline: &mut g.inline,
                attached: &mut g.attached,
                boundary: None,
            }
        }
        Kind::Role => {
            let r = account.roles.get_mut(&key).expect("found above");
            EntityMut {
                inline: &mut r.inline,
                attached: &mut r.attached,
                boundary: Some(&mut r.boundary),
            }
        }
    }
}

fn find<'a>(cx: &'a Ctx<'_>, kind: Kind, name: &str) -> Result<Entity<'a>, AwsError> {
    entity(cx.account(), kind, name).ok_or_else(|| kind.not_found(name))
}

/// Which condition keys about the entity IAM sends with a call.
#[derive(Clone, Copy)]
enum Keys {
    /// Only the resource's tags.
    Tags,
    /// Its tags and its current permissions boundary (`iam:PermissionsBoundary`),
    /// for the calls the Service Authorization Reference lists with that key.
    TagsAndBoundary,
}

/// Authorizes `Verb{Kind}Suffix` on the entity. IAM names the entity in a
/// refusal as `user bob`, `group Developers`, `role Admin`.
fn authorize_on(
    cx: &Ctx<'_>,
    kind: Kind,
    action: &str,
    name: &str,
    keys: Keys,
    mut ctx: Context,
) -> Result<(), AwsError> {
    let existing = entity(cx.account(), kind, name);
    let arn = match &existing {
        Some(e) => kind.arn(&cx.account, e.path, e.name),
        None => kind.arn(&cx.account, "/", name),
    };
    if let Some(e) = &existing {
        resource_tags(&mut ctx, e.tags, kind != Kind::Group);
        // Only users and roles have boundaries, and only those calls carry it.
        if let (Keys::TagsAndBoundary, Some(b)) = (keys, e.boundary) {
            ctx.set_default("iam:PermissionsBoundary", b);
        }
    }
    authorize(cx, action, &arn, &format!("{} {name}", kind.noun()), &ctx)
}

/// The boundary key applies to user and role calls, never to group calls.
fn boundary_keys(kind: Kind) -> Keys {
    if kind == Kind::Group {
        Keys::Tags
    } else {
        Keys::TagsAndBoundary
    }
}

/// Builds the input types of one kind: the same members under AWS's name
/// for the entity (`UserName`, `GroupName`, `RoleName`); the others are
/// AWS's names in Rust's case.
macro_rules! inputs {
    ($module:ident, $name:literal) => {
        mod $module {
            use serde::Deserialize;

            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            pub struct Attach {
                #[serde(rename = $name)]
                pub name: String,
                pub policy_arn: String,
            }

            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            pub struct ListAttached {
                #[serde(rename = $name)]
                pub name: String,
                pub path_prefix: Option<String>,
                pub marker: Option<String>,
                pub max_items: Option<u32>,
            }

            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            pub struct Put {
                #[serde(rename = $name)]
                pub name: String,
                pub policy_name: String,
                pub policy_document: String,
            }

            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            pub struct Named {
                #[serde(rename = $name)]
                pub name: String,
                pub policy_name: String,
            }

            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            pub struct List {
                #[serde(rename = $name)]
                pub name: String,
                pub marker: Option<String>,
                pub max_items: Option<u32>,
            }

            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            pub struct PutBoundary {
                #[serde(rename = $name)]
                pub name: String,
                #[serde(rename = "PermissionsBoundary")]
                pub boundary: String,
            }

            #[derive(Deserialize)]
            #[serde(rename_all = "PascalCase", deny_unknown_fields)]
            pub struct Entity {
                #[serde(rename = $name)]
                pub name: String,
            }
        }
    };
}

inputs!(user_in, "UserName");
inputs!(group_in, "GroupName");
inputs!(role_in, "RoleName");

/// The operations here, each the same for every kind of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Attach,
    Detach,
    ListAttached,
    Put,
    Get,
    Delete,
    List,
    PutBoundary,
    DeleteBoundary,
}

/// Reads an operation name such as `AttachGroupPolicy` into its verb and kind.
fn operation(op: &str) -> Option<(Verb, Kind)> {
    for kind in [Kind::User, Kind::Group, Kind::Role] {
        let t = kind.title();
        let mut table = vec![
            (format!("Attach{t}Policy"), Verb::Attach),
            (format!("Detach{t}Policy"), Verb::Detach),
            (format!("ListAttached{t}Policies"), Verb::ListAttached),
            (format!("Put{t}Policy"), Verb::Put),
            (format!("Get{t}Policy"), Verb::Get),
            (format!("Delete{t}Policy"), Verb::Delete),
            (format!("List{t}Policies"), Verb::List),
        ];
        // Groups have no permissions boundary.
        if kind != Kind::Group {
            table.push((format!("Put{t}PermissionsBoundary"), Verb::PutBoundary));
            table.push((
                format!("Delete{t}PermissionsBoundary"),
                Verb::DeleteBoundary,
            ));
        }
        if let Some((_, verb)) = table.into_iter().find(|(name, _)| name == op) {
            return Some((verb, kind));
        }
    }
    None
}

/// Reads the input with the kind's own member names, then runs the verb.
macro_rules! run {
    ($verb:expr, $cx:expr, $v:expr, $kind:expr, $m:ident) => {{
        let (cx, v, kind) = ($cx, $v, $kind);
        match $verb {
            Verb::Attach => {
                input::<$m::Attach>(v).and_then(|i| attach(cx, kind, &i.name, &i.policy_arn))
            }
            Verb::Detach => {
                input::<$m::Attach>(v).and_then(|i| detach(cx, kind, &i.name, &i.policy_arn))
            }
            Verb::ListAttached => input::<$m::ListAttached>(v).and_then(|i| {
                let _ = (i.marker, i.max_items);
                list_attached(cx, kind, &i.name, i.path_prefix.as_deref())
            }),
            Verb::Put => input::<$m::Put>(v)
                .and_then(|i| put_inline(cx, kind, &i.name, &i.policy_name, &i.policy_document)),
            Verb::Get => {
                input::<$m::Named>(v).and_then(|i| get_inline(cx, kind, &i.name, &i.policy_name))
            }
            Verb::Delete => {
                input::<$m::Named>(v).and_then(|i| delete_inline(cx, kind, &i.name, &i.policy_name))
            }
            Verb::List => input::<$m::List>(v).and_then(|i| {
                let _ = (i.marker, i.max_items);
                list_inline(cx, kind, &i.name)
            }),
            Verb::PutBoundary => input::<$m::PutBoundary>(v)
                .and_then(|i| put_boundary(cx, kind, &i.name, &i.boundary)),
            Verb::DeleteBoundary => {
                input::<$m::Entity>(v).and_then(|i| delete_boundary(cx, kind, &i.name))
            }
        }
    }};
}

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    let (verb, kind) = operation(op)?;
    Some(match kind {
        Kind::User => run!(verb, cx, v, kind, user_in),
        Kind::Group => run!(verb, cx, v, kind, group_in),
        Kind::Role => run!(verb, cx, v, kind, role_in),
    })
}

fn check_name(kind: Kind, name: &str, max: usize) -> Result<(), AwsError> {
    validate::name(name, &format!("{}Name", kind.noun()), max)
}

fn attach(cx: &mut Ctx<'_>, kind: Kind, name: &str, arn: &str) -> OpResult {
    check_name(kind, name, kind.max_name())?;
    check_arn_param(arn, "policyArn")?;
    split_policy_arn(arn)?;
    let mut ctx = Context::new();
    ctx.set_one("iam:PolicyARN", arn);
    let action = format!("iam:Attach{}Policy", kind.title());
    authorize_on(cx, kind, &action, name, boundary_keys(kind), ctx)?;
    let e = find(cx, kind, name)?;
    require_usable(cx, arn)?;
    // Attaching a policy that is already attached changes nothing and succeeds.
    if e.attached.iter().any(|a| a == arn) {
        return Ok(json!({}));
    }
    if e.attached.len() >= POLICIES_PER_ENTITY {
        return Err(AwsError::limit_exceeded(format!(
            "Cannot exceed quota for PoliciesPer{}: {POLICIES_PER_ENTITY}",
            kind.title()
        )));
    }
    entity_mut(cx.account_mut(), kind, name)
        .attached
        .push(arn.to_string());
    Ok(json!({}))
}

fn detach(cx: &mut Ctx<'_>, kind: Kind, name: &str, arn: &str) -> OpResult {
    check_name(kind, name, kind.max_name())?;
    check_arn_param(arn, "policyArn")?;
    split_policy_arn(arn)?;
    let mut ctx = Context::new();
    ctx.set_one("iam:PolicyARN", arn);
    let action = format!("iam:Detach{}Policy", kind.title());
    authorize_on(cx, kind, &action, name, boundary_keys(kind), ctx)?;
    let e = find(cx, kind, name)?;
    if !e.attached.iter().any(|a| a == arn) {
        return Err(AwsError::no_such_entity(format!(
            "Policy {arn} was not found."
        )));
    }
    entity_mut(cx.account_mut(), kind, name)
        .attached
        .retain(|a| a != arn);
    Ok(json!({}))
}

fn list_attached(cx: &mut Ctx<'_>, kind: Kind, name: &str, prefix: Option<&str>) -> OpResult {
    check_name(kind, name, kind.max_name())?;
    if let Some(p) = prefix {
        check_policy_path(p, "pathPrefix")?;
    }
    let action = format!("iam:ListAttached{}Policies", kind.title());
    authorize_on(cx, kind, &action, name, Keys::Tags, Context::new())?;
    let e = find(cx, kind, name)?;
    let list: Vec<Value> = e
        .attached
        .iter()
        .filter_map(|arn| cx.org.managed_policy(arn))
        .filter(|p| super::path_matches(&p.path, prefix))
        .map(|p| json!({"PolicyName": p.name, "PolicyArn": p.arn}))
        .collect();
    Ok(not_truncated(json!({ "AttachedPolicies": list })))
}

/// Inline calls about users accept the longer existingUserNameType (128).
fn inline_name_max(kind: Kind) -> usize {
    match kind {
        Kind::Role => 64,
        _ => 128,
    }
}

fn put_inline(cx: &mut Ctx<'_>, kind: Kind, name: &str, policy_name: &str, text: &str) -> OpResult {
    check_name(kind, name, inline_name_max(kind))?;
    validate::policy_name(policy_name)?;
    check_document(text, "policyDocument")?;
    let action = format!("iam:Put{}Policy", kind.title());
    authorize_on(cx, kind, &action, name, boundary_keys(kind), Context::new())?;
    let e = find(cx, kind, name)?;
    let doc = parse_doc(text, PolicyKind::Identity)?;
    // The quota is on the sum of all of the entity's inline policies; a
    // policy being replaced no longer counts.
    let others: usize = e
        .inline
        .iter()
        .filter(|(n, _)| n.as_str() != policy_name)
        .map(|(_, d)| policy::counted_size(&d.text))
        .sum();
    let quota = kind.inline_quota();
    if others + policy::counted_size(text) > quota {
        return Err(AwsError::limit_exceeded(format!(
            "Maximum policy size of {quota} bytes exceeded for {} {}",
            kind.noun(),
            e.name
        )));
    }
    entity_mut(cx.account_mut(), kind, name)
        .inline
        .insert(policy_name.to_string(), doc);
    Ok(json!({}))
}

fn inline_not_found(kind: Kind, policy_name: &str) -> AwsError {
    AwsError::no_such_entity(format!(
        "The {} policy with name {policy_name} cannot be found.",
        kind.noun()
    ))
}

fn get_inline(cx: &mut Ctx<'_>, kind: Kind, name: &str, policy_name: &str) -> OpResult {
    check_name(kind, name, inline_name_max(kind))?;
    validate::policy_name(policy_name)?;
    let action = format!("iam:Get{}Policy", kind.title());
    authorize_on(cx, kind, &action, name, Keys::Tags, Context::new())?;
    let e = find(cx, kind, name)?;
    let doc = e
        .inline
        .get(policy_name)
        .ok_or_else(|| inline_not_found(kind, policy_name))?;
    let mut out = json!({});
    out[format!("{}Name", kind.title())] = json!(e.name);
    out["PolicyName"] = json!(policy_name);
    out["PolicyDocument"] = doc_json(&doc.text);
    Ok(out)
}

fn delete_inline(cx: &mut Ctx<'_>, kind: Kind, name: &str, policy_name: &str) -> OpResult {
    check_name(kind, name, inline_name_max(kind))?;
    validate::policy_name(policy_name)?;
    let action = format!("iam:Delete{}Policy", kind.title());
    authorize_on(cx, kind, &action, name, boundary_keys(kind), Context::new())?;
    let e = find(cx, kind, name)?;
    if !e.inline.contains_key(policy_name) {
        return Err(inline_not_found(kind, policy_name));
    }
    entity_mut(cx.account_mut(), kind, name)
        .inline
        .remove(policy_name);
    Ok(json!({}))
}

fn list_inline(cx: &mut Ctx<'_>, kind: Kind, name: &str) -> OpResult {
    check_name(kind, name, inline_name_max(kind))?;
    let action = format!("iam:List{}Policies", kind.title());
    authorize_on(cx, kind, &action, name, Keys::Tags, Context::new())?;
    let e = find(cx, kind, name)?;
    let names: Vec<&String> = e.inline.keys().collect();
    Ok(not_truncated(json!({ "PolicyNames": names })))
}

fn put_boundary(cx: &mut Ctx<'_>, kind: Kind, name: &str, arn: &str) -> OpResult {
    check_name(kind, name, kind.max_name())?;
    check_arn_param(arn, "permissionsBoundary")?;
    split_policy_arn(arn)?;
    // The key carries the boundary being set, not the one being replaced.
    let mut ctx = Context::new();
    ctx.set_one("iam:PermissionsBoundary", arn);
    let action = format!("iam:Put{}PermissionsBoundary", kind.title());
    authorize_on(cx, kind, &action, name, Keys::Tags, ctx)?;
    find(cx, kind, name)?;
    require_boundary(cx, arn)?;
    if let Some(b) = entity_mut(cx.account_mut(), kind, name).boundary {
        *b = Some(arn.to_string());
    }
    Ok(json!({}))
}

fn delete_boundary(cx: &mut Ctx<'_>, kind: Kind, name: &str) -> OpResult {
    check_name(kind, name, kind.max_name())?;
    let action = format!("iam:Delete{}PermissionsBoundary", kind.title());
    authorize_on(
        cx,
        kind,
        &action,
        name,
        Keys::TagsAndBoundary,
        Context::new(),
    )?;
    find(cx, kind, name)?;
    if let Some(b) = entity_mut(cx.account_mut(), kind, name).boundary {
        *b = None;
    }
    Ok(json!({}))
}
