//! AWS Organizations' policy operations: SCPs and RCPs created, attached,
//! changed and deleted from the management account, and the organization,
//! its accounts and its root described.
//!
//! Every call is first authorized by the evaluator (`organizations:*`
//! actions). Then AWS's own rules: the account must be in an organization
//! (`AWSOrganizationsNotInUseException`), and only the management account
//! manages policies or lists accounts (`AccessDeniedException`); a member
//! may describe its organization. Attachments live with their targets
//! (`Account::scps`, `Account::rcps`, the root's lists), so evaluation sees
//! a change at once.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ctx, OpResult, input};
use crate::iam::error::AwsError;
use crate::iam::model::{OrgPolicy, OrgPolicyType, Organization, Scp};
use crate::iam::org_policy;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreatePolicy" => input(v).and_then(|i| create_policy(cx, i)),
        "AttachPolicy" => input(v).and_then(|i| attach_policy(cx, i)),
        "DetachPolicy" => input(v).and_then(|i| detach_policy(cx, i)),
        "ListPolicies" => input(v).and_then(|i| list_policies(cx, i)),
        "DescribePolicy" => input(v).and_then(|i| describe_policy(cx, i)),
        "UpdatePolicy" => input(v).and_then(|i| update_policy(cx, i)),
        "DeletePolicy" => input(v).and_then(|i| delete_policy(cx, i)),
        "ListTargetsForPolicy" => input(v).and_then(|i| list_targets(cx, i)),
        "ListPoliciesForTarget" => input(v).and_then(|i| list_for_target(cx, i)),
        "DescribeOrganization" => input(v).and_then(|i| describe_organization(cx, i)),
        "ListAccounts" => input(v).and_then(|i| list_accounts(cx, i)),
        "ListRoots" => input(v).and_then(|i| list_roots(cx, i)),
        _ => return None,
    })
}

// -- AWS's errors -------------------------------------------------------------

fn not_in_use() -> AwsError {
    AwsError::new(
        "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.",
    )
}

fn not_management() -> AwsError {
    AwsError::new(
        "AccessDeniedException",
        "You don't have permissions to access this resource.",
    )
}

fn policy_not_found() -> AwsError {
    AwsError::new(
        "PolicyNotFoundException",
        "We can't find a policy with the PolicyId that you specified.",
    )
}

fn target_not_found() -> AwsError {
    AwsError::new(
        "TargetNotFoundException",
        "We can't find a root, OU, account, or policy with the TargetId that you specified.",
    )
}

fn constraint(message: &str) -> AwsError {
    AwsError::new("ConstraintViolationException", message)
}

fn invalid_input(message: impl Into<String>) -> AwsError {
    AwsError::new("InvalidInputException", message)
}

// -- checks every call makes ----------------------------------------------------

/// Authorizes the call, then checks that the caller's account is in an
/// organization and, unless `members_too`, that it is the management
/// account. Gives the organization back.
fn organization(
    cx: &Ctx<'_>,
    action: &str,
    resource: &str,
    members_too: bool,
) -> Result<Organization, AwsError> {
    cx.authorize(action, resource)?;
    let Some(o) = &cx.org.organization else {
        return Err(not_in_use());
    };
    if !o.has_member(cx.org, &cx.account) {
        return Err(not_in_use());
    }
    if !members_too && o.management_account != cx.account {
        return Err(not_management());
    }
    Ok(o.clone())
}

fn org_mut<'a>(cx: &'a mut Ctx<'_>) -> &'a mut Organization {
    cx.org
        .organization
        .as_mut()
        .expect("checked by `organization` before any change")
}

fn policy_type(s: &str) -> Result<OrgPolicyType, AwsError> {
    OrgPolicyType::parse(s).ok_or_else(|| {
        invalid_input(format!(
            "1 validation error detected: Value '{s}' at 'type' failed to satisfy constraint: this sandbox serves SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY"
        ))
    })
}

fn find<'o>(o: &'o Organization, id: &str) -> Result<&'o OrgPolicy, AwsError> {
    o.policy_by_id(id).ok_or_else(policy_not_found)
}

fn summary(o: &Organization, p: &OrgPolicy) -> Value {
    json!({
        "Id": p.id,
        "Arn": o.policy_arn(p),
        "Name": p.name,
        "Description": p.description,
        "Type": p.kind.api_name(),
        "AwsManaged": p.aws_managed,
    })
}

fn full(o: &Organization, p: &OrgPolicy) -> Value {
    json!({"Policy": {"PolicySummary": summary(o, p), "Content": p.doc.text}})
}

/// A policy's content, checked with AWS's rules for its type. An SCP or RCP
/// over 5,120 characters is a constraint violation; one that breaks the
/// grammar is malformed.
fn content(
    text: &str,
    kind: OrgPolicyType,
) -> Result<std::sync::Arc<crate::iam::model::PolicyDoc>, AwsError> {
    if text.chars().count() > org_policy::MAX_POLICY_SIZE {
        return Err(constraint(
            "You attempted to exceed the maximum size of a policy document: SCPs and RCPs may have at most 5,120 characters.",
        ));
    }
    org_policy::parse(text, kind).map_err(|e| AwsError::new("MalformedPolicyDocumentException", e))
}

// -- targets ---------------------------------------------------------------------

/// A policy target: the root or a member account.
#[derive(Clone, PartialEq)]
enum Target {
    Root,
    Account(String),
}

fn target(cx: &Ctx<'_>, o: &Organization, id: &str) -> Result<Target, AwsError> {
    if id == o.root_id {
        return Ok(Target::Root);
    }
    if o.has_member(cx.org, id) {
        return Ok(Target::Account(id.to_string()));
    }
    Err(target_not_found())
}

/// The list of a kind of policy attached to a target. An account with no
/// RCP list has AWS's default, RCPFullAWSAccess: it is written out when the
/// list is first changed.
fn attached_mut<'a>(cx: &'a mut Ctx<'_>, t: &Target, kind: OrgPolicyType) -> &'a mut Vec<Scp> {
    let default_rcp = org_policy::aws_managed(OrgPolicyType::ResourceControl);
    match t {
        Target::Root => {
            let o = org_mut(cx);
            match kind {
                OrgPolicyType::ServiceControl => &mut o.root_scps,
                OrgPolicyType::ResourceControl => &mut o.root_rcps,
            }
        }
        Target::Account(id) => {
            let a = cx
                .org
                .accounts
                .get_mut(id)
                .expect("a target account exists: checked by `target`");
            match kind {
                OrgPolicyType::ServiceControl => a.scps.get_or_insert_with(Vec::new),
                OrgPolicyType::ResourceControl => a.rcps.get_or_insert_with(|| {
                    vec![Scp {
                        name: default_rcp.name.clone(),
                        doc: default_rcp.doc.clone(),
                    }]
                }),
            }
        }
    }
}

fn attached_names(cx: &Ctx<'_>, o: &Organization, t: &Target, kind: OrgPolicyType) -> Vec<String> {
    let names = |l: &[Scp]| l.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    match (t, kind) {
        (Target::Root, OrgPolicyType::ServiceControl) => names(&o.root_scps),
        (Target::Root, OrgPolicyType::ResourceControl) => names(&o.root_rcps),
        (Target::Account(id), OrgPolicyType::ServiceControl) => {
            names(cx.org.accounts[id].scps.as_deref().unwrap_or_default())
        }
        (Target::Account(id), OrgPolicyType::ResourceControl) => {
            match cx.org.accounts[id].rcps.as_deref() {
                Some(l) => names(l),
                None => vec![
                    OrgPolicyType::ResourceControl
                        .full_access_name()
                        .to_string(),
                ],
            }
        }
    }
}

// -- operations -------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreatePolicyInput {
    content: String,
    description: String,
    name: String,
    #[serde(rename = "Type")]
    kind: String,
    #[serde(default)]
    tags: Option<Value>,
}

fn create_policy(cx: &mut Ctx<'_>, i: CreatePolicyInput) -> OpResult {
    let o = organization(cx, "organizations:CreatePolicy", "*", false)?;
    let kind = policy_type(&i.kind)?;
    let _ = i.tags;
    if i.name.is_empty() || i.name.chars().count() > 128 {
        return Err(invalid_input(
            "You provided a value that does not match the required pattern: a policy name has 1 to 128 characters.",
        ));
    }
    if o.policies.contains_key(&i.name) {
        return Err(AwsError::new(
            "DuplicatePolicyException",
            "A policy with the same name already exists.",
        ));
    }
    let doc = content(&i.content, kind)?;
    let id = org_policy::new_policy_id(cx.org);
    let p = OrgPolicy {
        id,
        name: i.name.clone(),
        description: i.description,
        kind,
        aws_managed: false,
        doc,
    };
    let out = full(&o, &p);
    org_mut(cx).policies.insert(i.name, p);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AttachInput {
    policy_id: String,
    target_id: String,
}

fn attach_policy(cx: &mut Ctx<'_>, i: AttachInput) -> OpResult {
    let o = organization(cx, "organizations:AttachPolicy", "*", false)?;
    let p = find(&o, &i.policy_id)?.clone();
    let t = target(cx, &o, &i.target_id)?;
    if attached_names(cx, &o, &t, p.kind).contains(&p.name) {
        return Err(AwsError::new(
            "DuplicatePolicyAttachmentException",
            "The selected policy is already attached to the specified target.",
        ));
    }
    attached_mut(cx, &t, p.kind).push(Scp {
        name: p.name.clone(),
        doc: p.doc.clone(),
    });
    Ok(json!({}))
}

fn detach_policy(cx: &mut Ctx<'_>, i: AttachInput) -> OpResult {
    let o = organization(cx, "organizations:DetachPolicy", "*", false)?;
    let p = find(&o, &i.policy_id)?.clone();
    let t = target(cx, &o, &i.target_id)?;
    let names = attached_names(cx, &o, &t, p.kind);
    if !names.contains(&p.name) {
        return Err(AwsError::new(
            "PolicyNotAttachedException",
            "The policy isn't attached to the specified target in the specified root.",
        ));
    }
    if p.aws_managed && p.kind == OrgPolicyType::ResourceControl {
        return Err(constraint(
            "You can't detach RCPFullAWSAccess: AWS keeps it attached to the root, every OU and every account.",
        ));
    }
    if p.kind == OrgPolicyType::ServiceControl && names.len() == 1 {
        return Err(constraint(
            "You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.",
        ));
    }
    attached_mut(cx, &t, p.kind).retain(|s| s.name != p.name);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListPoliciesInput {
    filter: String,
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    max_results: Option<i64>,
}

fn list_policies(cx: &mut Ctx<'_>, i: ListPoliciesInput) -> OpResult {
    let o = organization(cx, "organizations:ListPolicies", "*", false)?;
    let kind = policy_type(&i.filter)?;
    let _ = (i.next_token, i.max_results);
    let mut list: Vec<&OrgPolicy> = o.policies.values().filter(|p| p.kind == kind).collect();
    list.sort_by(|a, b| (!a.aws_managed, &a.name).cmp(&(!b.aws_managed, &b.name)));
    Ok(json!({"Policies": list.iter().map(|p| summary(&o, p)).collect::<Vec<_>>()}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PolicyIdInput {
    policy_id: String,
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    max_results: Option<i64>,
}

fn describe_policy(cx: &mut Ctx<'_>, i: PolicyIdInput) -> OpResult {
    let o = organization(cx, "organizations:DescribePolicy", "*", false)?;
    Ok(full(&o, find(&o, &i.policy_id)?))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct UpdatePolicyInput {
    policy_id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    content: Option<String>,
}

fn update_policy(cx: &mut Ctx<'_>, i: UpdatePolicyInput) -> OpResult {
    let o = organization(cx, "organizations:UpdatePolicy", "*", false)?;
    let mut p = find(&o, &i.policy_id)?.clone();
    if p.aws_managed {
        return Err(constraint("You can't change an AWS managed policy."));
    }
    let old_name = p.name.clone();
    if let Some(name) = i.name {
        if name != old_name && o.policies.contains_key(&name) {
            return Err(AwsError::new(
                "DuplicatePolicyException",
                "A policy with the same name already exists.",
            ));
        }
        p.name = name;
    }
    if let Some(d) = i.description {
        p.description = d;
    }
    if let Some(text) = i.content {
        p.doc = content(&text, p.kind)?;
    }
    // The copies at every target follow the policy's name and content.
    let rename = |list: &mut Vec<Scp>| {
        for s in list.iter_mut().filter(|s| s.name == old_name) {
            s.name = p.name.clone();
            s.doc = p.doc.clone();
        }
    };
    {
        let org = org_mut(cx);
        rename(&mut org.root_scps);
        rename(&mut org.root_rcps);
        org.policies.remove(&old_name);
        org.policies.insert(p.name.clone(), p.clone());
    }
    for a in cx.org.accounts.values_mut() {
        if let Some(l) = &mut a.scps {
            rename(l);
        }
        if let Some(l) = &mut a.rcps {
            rename(l);
        }
    }
    let o = cx.org.organization.clone().unwrap_or(o);
    Ok(full(&o, &p))
}

fn delete_policy(cx: &mut Ctx<'_>, i: PolicyIdInput) -> OpResult {
    let o = organization(cx, "organizations:DeletePolicy", "*", false)?;
    let p = find(&o, &i.policy_id)?.clone();
    if p.aws_managed {
        return Err(constraint("You can't delete an AWS managed policy."));
    }
    if !org_policy::targets(cx.org, &p).is_empty() {
        return Err(AwsError::new(
            "PolicyInUseException",
            "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.",
        ));
    }
    org_mut(cx).policies.remove(&p.name);
    Ok(json!({}))
}

fn target_json(cx: &Ctx<'_>, o: &Organization, id: &str) -> Value {
    if id == o.root_id {
        return json!({
            "TargetId": id,
            "Arn": format!("arn:aws:organizations::{}:root/{}/{}", o.management_account, o.id, id),
            "Name": "Root",
            "Type": "ROOT",
        });
    }
    json!({
        "TargetId": id,
        "Arn": account_arn(o, id),
        "Name": account_name(cx, id),
        "Type": "ACCOUNT",
    })
}

fn account_arn(o: &Organization, id: &str) -> String {
    format!(
        "arn:aws:organizations::{}:account/{}/{}",
        o.management_account, o.id, id
    )
}

fn account_name(cx: &Ctx<'_>, id: &str) -> String {
    cx.org
        .accounts
        .get(id)
        .and_then(|a| a.alias.clone())
        .unwrap_or_else(|| id.to_string())
}

fn list_targets(cx: &mut Ctx<'_>, i: PolicyIdInput) -> OpResult {
    let o = organization(cx, "organizations:ListTargetsForPolicy", "*", false)?;
    let _ = (i.next_token, i.max_results);
    let p = find(&o, &i.policy_id)?;
    let mut ids = org_policy::targets(cx.org, p);
    // An account with no RCP list of its own has RCPFullAWSAccess.
    if p.aws_managed && p.kind == OrgPolicyType::ResourceControl {
        for (id, a) in &cx.org.accounts {
            if a.rcps.is_none() && o.has_member(cx.org, id) && !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    let targets: Vec<Value> = ids.iter().map(|id| target_json(cx, &o, id)).collect();
    Ok(json!({"Targets": targets}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ForTargetInput {
    target_id: String,
    filter: String,
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    max_results: Option<i64>,
}

fn list_for_target(cx: &mut Ctx<'_>, i: ForTargetInput) -> OpResult {
    let o = organization(cx, "organizations:ListPoliciesForTarget", "*", false)?;
    let _ = (i.next_token, i.max_results);
    let kind = policy_type(&i.filter)?;
    let t = target(cx, &o, &i.target_id)?;
    let list: Vec<Value> = attached_names(cx, &o, &t, kind)
        .iter()
        .filter_map(|n| o.policies.get(n))
        .map(|p| summary(&o, p))
        .collect();
    Ok(json!({"Policies": list}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

fn policy_types() -> Value {
    json!([
        {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
        {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"},
    ])
}

fn describe_organization(cx: &mut Ctx<'_>, _: Empty) -> OpResult {
    let o = organization(cx, "organizations:DescribeOrganization", "*", true)?;
    Ok(json!({"Organization": {
        "Id": o.id,
        "Arn": o.arn(),
        "FeatureSet": "ALL",
        "MasterAccountArn": account_arn(&o, &o.management_account),
        "MasterAccountId": o.management_account,
        "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
    }}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PageInput {
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    max_results: Option<i64>,
}

fn list_accounts(cx: &mut Ctx<'_>, i: PageInput) -> OpResult {
    let o = organization(cx, "organizations:ListAccounts", "*", false)?;
    let _ = (i.next_token, i.max_results);
    let now = cx.now();
    let accounts: Vec<Value> = cx
        .org
        .accounts
        .keys()
        .filter(|id| o.has_member(cx.org, id))
        .map(|id| {
            json!({
                "Id": id,
                "Arn": account_arn(&o, id),
                "Name": account_name(cx, id),
                "Status": "ACTIVE",
                "JoinedMethod": if *id == o.management_account { "INVITED" } else { "CREATED" },
                "JoinedTimestamp": super::date(now),
            })
        })
        .collect();
    Ok(json!({"Accounts": accounts}))
}

fn list_roots(cx: &mut Ctx<'_>, i: PageInput) -> OpResult {
    let o = organization(cx, "organizations:ListRoots", "*", false)?;
    let _ = (i.next_token, i.max_results);
    Ok(json!({"Roots": [{
        "Id": o.root_id,
        "Arn": format!("arn:aws:organizations::{}:root/{}/{}", o.management_account, o.id, o.root_id),
        "Name": "Root",
        "PolicyTypes": policy_types(),
    }]}))
}
