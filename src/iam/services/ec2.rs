//! EC2 (`aws ec2`): instances and the instance profiles that give their code
//! a role.
//!
//! Launching an instance with a profile, or associating one later, passes the
//! profile's role to EC2: the caller needs `iam:PassRole` on that role as
//! well as the EC2 permission, or anyone allowed to launch instances could
//! borrow any role's power. That check is the heart of the PassRole lesson.
//!
//! State changes are immediate: a call answers with the transitional state
//! (`pending`, `stopping`, `shutting-down`) as AWS does, and the instance is
//! already in the final one when it is next described.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{Ctx, tag_context};
use crate::iam::access::Arn;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Instance, InstanceState, ProfileAssociation, Tag, instance_arn};
use crate::iam::ops::{OpResult, TagInput, date, merge_tags};
use crate::iam::pattern;

/// The most instances one RunInstances call may launch here: a stand-in for
/// the account's vCPU quota.
const MAX_INSTANCES_PER_CALL: i64 = 20;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "RunInstances" => cx.input(v).and_then(|i| run_instances(cx, i)),
        "DescribeInstances" => cx.input(v).and_then(|i| describe_instances(cx, i)),
        "StartInstances" => cx.input(v).and_then(|i| change_state(cx, i, Change::Start)),
        "StopInstances" => cx.input(v).and_then(|i| change_state(cx, i, Change::Stop)),
        "TerminateInstances" => cx
            .input(v)
            .and_then(|i| change_state(cx, i, Change::Terminate)),
        "AssociateIamInstanceProfile" => cx.input(v).and_then(|i| associate(cx, i)),
        "ReplaceIamInstanceProfileAssociation" => cx.input(v).and_then(|i| replace(cx, i)),
        "DisassociateIamInstanceProfile" => cx.input(v).and_then(|i| disassociate(cx, i)),
        "DescribeIamInstanceProfileAssociations" => {
            cx.input(v).and_then(|i| describe_associations(cx, i))
        }
        _ => return None,
    })
}

const PASSED_TO: &str = "ec2.amazonaws.com";

fn dry_run_ok() -> AwsError {
    AwsError::new(
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
    )
}

/// `i-` and 8 or 17 hex digits.
fn check_instance_id(id: &str) -> Result<(), AwsError> {
    let hex = id.strip_prefix("i-").unwrap_or("");
    if (hex.len() == 8 || hex.len() == 17) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(AwsError::new(
            "InvalidInstanceID.Malformed",
            format!("Invalid id: \"{id}\" (expecting \"i-...\")"),
        ))
    }
}

fn not_found(ids: &[&str]) -> AwsError {
    if ids.len() == 1 {
        AwsError::new(
            "InvalidInstanceID.NotFound",
            format!("The instance ID '{}' does not exist", ids[0]),
        )
    } else {
        AwsError::new(
            "InvalidInstanceID.NotFound",
            format!("The instance IDs '{}' do not exist", ids.join(", ")),
        )
    }
}

/// An instance of the caller's account in the call's region: instances are
/// regional, and another account's are invisible.
fn visible<'a>(cx: &'a Ctx<'_>, id: &str) -> Option<&'a Instance> {
    cx.org
        .instances
        .get(id)
        .filter(|i| i.account == cx.account && i.region == cx.region)
}

fn arn_of(cx: &Ctx<'_>, id: &str) -> String {
    instance_arn(&cx.region, &cx.account, id)
}

/// The condition keys an existing instance brings to a request about it.
fn instance_context(inst: Option<&Instance>) -> Context {
    let mut c = Context::new();
    if let Some(i) = inst {
        tag_context(&mut c, &i.tags, false, "ec2");
        c.set_one("ec2:InstanceType", i.instance_type.clone());
        if let Some(p) = &i.instance_profile {
            c.set_one("ec2:InstanceProfile", p.arn.clone());
        }
    }
    c
}

/// The private address of the default VPC that an instance gets, derived
/// from its id so that it never changes.
fn private_ip(id: &str) -> (u8, u8) {
    let h = sha1_smol::Sha1::from(id).digest().bytes();
    (h[0], h[1].max(4))
}

fn instance_json(inst: &Instance, index: usize, state: InstanceState) -> Value {
    let (a, b) = private_ip(&inst.id);
    let domain = if inst.region == "us-east-1" {
        "ec2.internal".to_string()
    } else {
        format!("{}.compute.internal", inst.region)
    };
    let mut v = json!({
        "AmiLaunchIndex": index,
        "ImageId": inst.image_id,
        "InstanceId": inst.id,
        "InstanceType": inst.instance_type,
        "LaunchTime": date(inst.launched),
        "Monitoring": { "State": "disabled" },
        "Placement": {
            "AvailabilityZone": format!("{}a", inst.region),
            "GroupName": "",
            "Tenancy": "default",
        },
        "PrivateDnsName": format!("ip-172-31-{a}-{b}.{domain}"),
        "PrivateIpAddress": format!("172.31.{a}.{b}"),
        "ProductCodes": [],
        "PublicDnsName": "",
        "State": state_json(state),
        "StateTransitionReason": "",
        "Architecture": "x86_64",
        "RootDeviceName": "/dev/xvda",
        "RootDeviceType": "ebs",
    });
    if matches!(state, InstanceState::Stopped | InstanceState::Terminated) {
        // AWS adds the time of the change, which is not kept here.
        v["StateTransitionReason"] = Value::String("User initiated".into());
    }
    if let Some(p) = &inst.instance_profile {
        v["IamInstanceProfile"] = json!({ "Arn": p.arn, "Id": p.id });
    }
    if !inst.tags.is_empty() {
        v["Tags"] = crate::iam::ops::tags_json(&inst.tags);
    }
    v
}

fn state_json(s: InstanceState) -> Value {
    json!({ "Code": s.code(), "Name": s.name() })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ProfileSpec {
    arn: Option<String>,
    name: Option<String>,
}

/// A resolved instance profile: what the association records, and the ARN
/// of its role when it has one.
struct Profile {
    association: ProfileAssociation,
    role_arn: Option<String>,
}

/// Finds the instance profile named by ARN or name in the caller's account,
/// with EC2's errors for a profile it cannot use.
fn resolve_profile(cx: &mut Ctx<'_>, spec: &ProfileSpec) -> Result<Profile, AwsError> {
    let invalid = |what: &str, value: &str| {
        AwsError::new(
            "InvalidParameterValue",
            format!(
                "Value ({value}) for parameter iamInstanceProfile.{} is invalid. Invalid IAM Instance Profile {what}",
                what.to_ascii_lowercase()
            ),
        )
    };
    let account = cx.org.account(&cx.account).expect("the caller's account");
    let profile = match (&spec.arn, &spec.name) {
        (Some(_), Some(_)) => {
            return Err(AwsError::new(
                "InvalidParameterCombination",
                "The parameter 'iamInstanceProfile.name' may not be used in combination with 'iamInstanceProfile.arn'",
            ));
        }
        (None, None) => {
            return Err(AwsError::new(
                "MissingParameter",
                "The request must contain the parameter iamInstanceProfile.name or iamInstanceProfile.arn",
            ));
        }
        (Some(arn), None) => {
            let name = Arn::parse(arn)
                .filter(|a| a.service == "iam" && a.account == cx.account)
                .and_then(|a| a.resource.strip_prefix("instance-profile/"))
                .map(|r| r.rsplit('/').next().unwrap_or(r).to_ascii_lowercase());
            name.and_then(|n| account.instance_profiles.get(&n))
                .filter(|p| p.arn(&account.id) == *arn)
                .ok_or_else(|| invalid("ARN", arn))?
        }
        (None, Some(name)) => account
            .instance_profiles
            .get(&name.to_ascii_lowercase())
            .ok_or_else(|| invalid("name", name))?,
    };
    let role_arn = profile
        .roles
        .first()
        .and_then(|r| account.roles.get(r))
        .map(|r| r.arn(&account.id));
    let arn = profile.arn(&account.id);
    let id = profile.id.clone();
    Ok(Profile {
        association: ProfileAssociation {
            arn,
            id,
            association_id: cx.org.new_hex_id("iip-assoc-"),
        },
        role_arn,
    })
}

/// Handing a role to EC2 needs iam:PassRole on it, with the service it is
/// passed to as a condition key.
fn authorize_pass_role(cx: &Ctx<'_>, profile: &Profile) -> Result<(), AwsError> {
    let Some(role) = &profile.role_arn else {
        // An empty profile passes no role: nothing to check.
        return Ok(());
    };
    let mut context = Context::new();
    context.set_one("iam:PassedToService", PASSED_TO);
    cx.authorize_with("iam:PassRole", role, context)
}

// -- RunInstances ---------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct RunInstances {
    image_id: Option<String>,
    instance_type: Option<String>,
    min_count: Option<i64>,
    max_count: Option<i64>,
    iam_instance_profile: Option<ProfileSpec>,
    tag_specifications: Option<Vec<TagSpecification>>,
    dry_run: Option<bool>,
    // Accepted for realism; networking and storage are not modelled.
    key_name: Option<String>,
    security_group_ids: Option<Vec<String>>,
    security_groups: Option<Vec<String>>,
    subnet_id: Option<String>,
    user_data: Option<String>,
    client_token: Option<String>,
    ebs_optimized: Option<bool>,
    disable_api_termination: Option<bool>,
    instance_initiated_shutdown_behavior: Option<String>,
    monitoring: Option<Value>,
    placement: Option<Value>,
    block_device_mappings: Option<Value>,
    metadata_options: Option<Value>,
    credit_specification: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct TagSpecification {
    resource_type: Option<String>,
    tags: Option<Vec<TagInput>>,
}

fn run_instances(cx: &mut Ctx<'_>, i: RunInstances) -> OpResult {
    let _ = (
        &i.key_name,
        &i.security_group_ids,
        &i.security_groups,
        &i.subnet_id,
        &i.user_data,
        &i.client_token,
        i.ebs_optimized,
        i.disable_api_termination,
        &i.instance_initiated_shutdown_behavior,
        &i.monitoring,
        &i.placement,
        &i.block_device_mappings,
        &i.metadata_options,
        &i.credit_specification,
    );
    let Some(image_id) = i.image_id else {
        return Err(AwsError::new(
            "MissingParameter",
            "The request must contain the parameter ImageId",
        ));
    };
    let hex = image_id.strip_prefix("ami-").unwrap_or("");
    if !(hex.len() == 8 || hex.len() == 17) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AwsError::new(
            "InvalidAMIID.Malformed",
            format!("Invalid id: \"{image_id}\" (expecting \"ami-...\")"),
        ));
    }
    // EC2's default instance type, when none is given, is still m1.small.
    let instance_type = i.instance_type.unwrap_or_else(|| "m1.small".into());
    let type_ok = instance_type
        .split_once('.')
        .is_some_and(|(f, s)| !f.is_empty() && !s.is_empty())
        && instance_type
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    if !type_ok {
        return Err(AwsError::new(
            "InvalidParameterValue",
            format!("The following supplied instance types do not exist: [{instance_type}]"),
        ));
    }
    let min = i.min_count.unwrap_or(1);
    let max = i.max_count.unwrap_or(min);
    if min < 1 {
        return Err(AwsError::new(
            "InvalidParameterValue",
            format!(
                "Value ({min}) for parameter minCount is invalid. Expected a positive integer."
            ),
        ));
    }
    if max < min {
        return Err(AwsError::new(
            "InvalidParameterValue",
            format!(
                "Value ({max}) for parameter maxCount is invalid. Expected a value greater than or equal to minCount ({min})."
            ),
        ));
    }
    if min > MAX_INSTANCES_PER_CALL {
        return Err(AwsError::new(
            "InstanceLimitExceeded",
            format!(
                "You have requested more instances ({min}) than your current instance limit of {MAX_INSTANCES_PER_CALL} allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit."
            ),
        ));
    }
    let count = max.min(MAX_INSTANCES_PER_CALL) as usize;

    let mut tags: Vec<Tag> = Vec::new();
    for spec in i.tag_specifications.iter().flatten() {
        if spec.resource_type.as_deref().unwrap_or("instance") == "instance" {
            merge_tags(&mut tags, spec.tags.as_deref().unwrap_or_default())
                .map_err(|e| AwsError::new("InvalidParameterValue", e.message))?;
        }
    }

    // Authorization, as EC2 does it: the launch, then tagging at launch
    // (ec2:CreateTags with ec2:CreateAction), then passing the role.
    let resource = arn_of(cx, "*");
    let mut context = Context::new();
    tag_context(&mut context, &tags, true, "ec2");
    context.set_one("ec2:InstanceType", instance_type.clone());
    cx.authorize_with("ec2:RunInstances", &resource, context.clone())?;
    if !tags.is_empty() {
        context.set_one("ec2:CreateAction", "RunInstances");
        cx.authorize_with("ec2:CreateTags", &resource, context)?;
    }
    let profile = match &i.iam_instance_profile {
        Some(spec) => {
            let p = resolve_profile(cx, spec)?;
            authorize_pass_role(cx, &p)?;
            Some(p)
        }
        None => None,
    };
    if i.dry_run == Some(true) {
        return Err(dry_run_ok());
    }

    let reservation = cx.org.new_hex_id("r-");
    let now = cx.now();
    let mut out = Vec::new();
    for index in 0..count {
        let id = loop {
            let id = cx.org.new_hex_id("i-");
            if !cx.org.instances.contains_key(&id) {
                break id;
            }
        };
        // Each instance gets its own association of the profile.
        let instance_profile = match (&profile, index) {
            (Some(p), 0) => Some(p.association.clone()),
            (Some(p), _) => Some(ProfileAssociation {
                association_id: cx.org.new_hex_id("iip-assoc-"),
                ..p.association.clone()
            }),
            (None, _) => None,
        };
        let inst = Instance {
            id: id.clone(),
            account: cx.account.clone(),
            region: cx.region.clone(),
            reservation: reservation.clone(),
            image_id: image_id.clone(),
            instance_type: instance_type.clone(),
            state: InstanceState::Running,
            launched: now,
            instance_profile,
            tags: tags.clone(),
        };
        out.push(instance_json(&inst, index, InstanceState::Pending));
        cx.org.instances.insert(id, inst);
    }
    Ok(json!({
        "Groups": [],
        "Instances": out,
        "OwnerId": cx.account,
        "ReservationId": reservation,
    }))
}

// -- DescribeInstances ----------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Filter {
    name: String,
    values: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DescribeInstances {
    instance_ids: Option<Vec<String>>,
    filters: Option<Vec<Filter>>,
    dry_run: Option<bool>,
    max_results: Option<u32>,
    next_token: Option<String>,
}

/// The value(s) an instance has for a filter name; None for a filter EC2
/// does not know.
fn filter_values(inst: &Instance, name: &str) -> Option<Vec<String>> {
    Some(match name {
        "instance-id" => vec![inst.id.clone()],
        "instance-state-name" => vec![inst.state.name().into()],
        "instance-state-code" => vec![inst.state.code().to_string()],
        "instance-type" => vec![inst.instance_type.clone()],
        "image-id" => vec![inst.image_id.clone()],
        "reservation-id" => vec![inst.reservation.clone()],
        "owner-id" => vec![inst.account.clone()],
        "availability-zone" => vec![format!("{}a", inst.region)],
        "iam-instance-profile.arn" => inst
            .instance_profile
            .iter()
            .map(|p| p.arn.clone())
            .collect(),
        "tag-key" => inst.tags.iter().map(|t| t.key.clone()).collect(),
        _ => {
            let key = name.strip_prefix("tag:")?;
            inst.tags
                .iter()
                .filter(|t| t.key == key)
                .map(|t| t.value.clone())
                .collect()
        }
    })
}

fn check_filters(filters: &[Filter], known: &dyn Fn(&str) -> bool) -> Result<(), AwsError> {
    for f in filters {
        if !known(&f.name) {
            return Err(AwsError::new(
                "InvalidParameterValue",
                format!("The filter '{}' is invalid", f.name),
            ));
        }
    }
    Ok(())
}

/// Every filter must match (AND); within one, any value may (OR), with `*`
/// and `?` wildcards.
fn passes(filters: &[Filter], values_of: &dyn Fn(&str) -> Vec<String>) -> bool {
    filters.iter().all(|f| {
        let have = values_of(&f.name);
        f.values
            .iter()
            .any(|want| have.iter().any(|h| pattern::matches(want, h, false)))
    })
}

fn describe_instances(cx: &mut Ctx<'_>, i: DescribeInstances) -> OpResult {
    let _ = (i.max_results, i.next_token);
    let filters = i.filters.unwrap_or_default();
    check_filters(&filters, &|n| {
        n.starts_with("tag:") || filter_values(&Instance::blank(), n).is_some()
    })?;
    for id in i.instance_ids.iter().flatten() {
        check_instance_id(id)?;
    }
    cx.authorize("ec2:DescribeInstances", "*")?;
    if i.dry_run == Some(true) {
        return Err(dry_run_ok());
    }
    if let Some(ids) = &i.instance_ids {
        let missing: Vec<&str> = ids
            .iter()
            .filter(|id| visible(cx, id).is_none())
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(not_found(&missing));
        }
    }
    let mut chosen: Vec<&Instance> = cx
        .org
        .instances
        .values()
        .filter(|inst| inst.account == cx.account && inst.region == cx.region)
        .filter(|inst| {
            i.instance_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&inst.id))
        })
        .filter(|inst| passes(&filters, &|n| filter_values(inst, n).unwrap_or_default()))
        .collect();
    // Reservations in launch order; instances by id within one.
    chosen.sort_by(|a, b| {
        (a.launched, &a.reservation, &a.id).cmp(&(b.launched, &b.reservation, &b.id))
    });
    let mut reservations: Vec<Value> = Vec::new();
    let mut current: Option<&str> = None;
    for inst in &chosen {
        if current != Some(inst.reservation.as_str()) {
            current = Some(&inst.reservation);
            reservations.push(json!({
                "Groups": [],
                "Instances": [],
                "OwnerId": inst.account,
                "ReservationId": inst.reservation,
            }));
        }
        let index = cx
            .org
            .instances
            .values()
            .filter(|o| o.reservation == inst.reservation && o.id < inst.id)
            .count();
        let last = reservations.last_mut().expect("pushed above");
        if let Some(list) = last["Instances"].as_array_mut() {
            list.push(instance_json(inst, index, inst.state));
        }
    }
    Ok(json!({ "Reservations": reservations }))
}

impl Instance {
    /// An instance with no data, to ask which filter names exist.
    fn blank() -> Instance {
        Instance {
            id: String::new(),
            account: String::new(),
            region: String::new(),
            reservation: String::new(),
            image_id: String::new(),
            instance_type: String::new(),
            state: InstanceState::Running,
            launched: 0,
            instance_profile: None,
            tags: Vec::new(),
        }
    }
}

// -- Start, Stop, Terminate -----------------------------------------------------

#[derive(Clone, Copy)]
enum Change {
    Start,
    Stop,
    Terminate,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct InstanceIds {
    instance_ids: Vec<String>,
    dry_run: Option<bool>,
    force: Option<bool>,
    hibernate: Option<bool>,
    additional_info: Option<String>,
    skip_os_shutdown: Option<bool>,
}

fn change_state(cx: &mut Ctx<'_>, i: InstanceIds, change: Change) -> OpResult {
    let _ = (i.force, i.hibernate, i.additional_info, i.skip_os_shutdown);
    let (action, member) = match change {
        Change::Start => ("ec2:StartInstances", "StartingInstances"),
        Change::Stop => ("ec2:StopInstances", "StoppingInstances"),
        Change::Terminate => ("ec2:TerminateInstances", "TerminatingInstances"),
    };
    for id in &i.instance_ids {
        check_instance_id(id)?;
    }
    // Every instance must be allowed, or none is touched.
    for id in &i.instance_ids {
        authorize_on_instance(cx, action, id)?;
    }
    if i.dry_run == Some(true) {
        return Err(dry_run_ok());
    }
    let missing: Vec<&str> = i
        .instance_ids
        .iter()
        .filter(|id| visible(cx, id).is_none())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(not_found(&missing));
    }
    use InstanceState::*;
    let mut out = Vec::new();
    let mut changes = Vec::new();
    for id in &i.instance_ids {
        let before = visible(cx, id).expect("checked above").state;
        let (shown, after) = match (change, before) {
            (Change::Start, Stopped) => (Pending, Running),
            (Change::Start, Terminated) => {
                return Err(AwsError::new(
                    "IncorrectInstanceState",
                    format!("The instance '{id}' is not in a state from which it can be started."),
                ));
            }
            (Change::Stop, Running) => (Stopping, Stopped),
            (Change::Stop, Terminated) => {
                return Err(AwsError::new(
                    "IncorrectInstanceState",
                    format!("This instance '{id}' is not in a state from which it can be stopped."),
                ));
            }
            (Change::Terminate, Terminated) => (Terminated, Terminated),
            (Change::Terminate, _) => (ShuttingDown, Terminated),
            // Starting a running instance or stopping a stopped one changes
            // nothing, and says so.
            (_, s) => (s, s),
        };
        out.push(json!({
            "CurrentState": state_json(shown),
            "InstanceId": id,
            "PreviousState": state_json(before),
        }));
        changes.push((id.clone(), after));
    }
    for (id, after) in changes {
        let inst = cx.org.instances.get_mut(&id).expect("checked above");
        inst.state = after;
        if after == Terminated {
            // A terminated instance keeps no instance profile association.
            inst.instance_profile = None;
        }
    }
    Ok(json!({ member: out }))
}

// -- instance profile associations ---------------------------------------------

fn association_json(inst: &Instance, p: &ProfileAssociation, state: &str) -> Value {
    json!({
        "AssociationId": p.association_id,
        "InstanceId": inst.id,
        "IamInstanceProfile": { "Arn": p.arn, "Id": p.id },
        "State": state,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Associate {
    iam_instance_profile: ProfileSpec,
    instance_id: String,
}

/// Asks the caller's policies about `action` on instance `id`, with the
/// instance's tags and profile as the request's context.
fn authorize_on_instance(cx: &mut Ctx<'_>, action: &str, id: &str) -> Result<(), AwsError> {
    let context = instance_context(visible(cx, id));
    cx.authorize_with(action, &arn_of(cx, id), context)
}

fn associate(cx: &mut Ctx<'_>, i: Associate) -> OpResult {
    check_instance_id(&i.instance_id)?;
    authorize_on_instance(cx, "ec2:AssociateIamInstanceProfile", &i.instance_id)?;
    let profile = resolve_profile(cx, &i.iam_instance_profile)?;
    authorize_pass_role(cx, &profile)?;
    let inst = visible(cx, &i.instance_id).ok_or_else(|| not_found(&[&i.instance_id]))?;
    if matches!(
        inst.state,
        InstanceState::Terminated | InstanceState::ShuttingDown
    ) {
        return Err(AwsError::new(
            "IncorrectState",
            format!(
                "The instance '{}' is not in a valid state for this operation.",
                i.instance_id
            ),
        ));
    }
    if inst.instance_profile.is_some() {
        return Err(AwsError::new(
            "IncorrectState",
            format!(
                "There is an existing association for instance {}",
                i.instance_id
            ),
        ));
    }
    let association = profile.association;
    let inst = cx
        .org
        .instances
        .get_mut(&i.instance_id)
        .expect("checked above");
    inst.instance_profile = Some(association.clone());
    Ok(json!({
        "IamInstanceProfileAssociation": association_json(inst, &association, "associating"),
    }))
}

/// The instance (of the caller's account and region) that holds an
/// association.
fn by_association(cx: &Ctx<'_>, association_id: &str) -> Result<String, AwsError> {
    cx.org
        .instances
        .values()
        .filter(|i| i.account == cx.account && i.region == cx.region)
        .find(|i| {
            i.instance_profile
                .as_ref()
                .is_some_and(|p| p.association_id == association_id)
        })
        .map(|i| i.id.clone())
        .ok_or_else(|| {
            AwsError::new(
                "InvalidAssociationID.NotFound",
                format!("An association with ID {association_id} does not exist."),
            )
        })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Replace {
    iam_instance_profile: ProfileSpec,
    association_id: String,
}

fn replace(cx: &mut Ctx<'_>, i: Replace) -> OpResult {
    let id = by_association(cx, &i.association_id)?;
    authorize_on_instance(cx, "ec2:ReplaceIamInstanceProfileAssociation", &id)?;
    let profile = resolve_profile(cx, &i.iam_instance_profile)?;
    authorize_pass_role(cx, &profile)?;
    let association = profile.association;
    let inst = cx.org.instances.get_mut(&id).expect("found above");
    inst.instance_profile = Some(association.clone());
    Ok(json!({
        "IamInstanceProfileAssociation": association_json(inst, &association, "associating"),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Disassociate {
    association_id: String,
}

fn disassociate(cx: &mut Ctx<'_>, i: Disassociate) -> OpResult {
    let id = by_association(cx, &i.association_id)?;
    authorize_on_instance(cx, "ec2:DisassociateIamInstanceProfile", &id)?;
    let inst = cx.org.instances.get_mut(&id).expect("found above");
    let association = inst.instance_profile.take().expect("found by it");
    Ok(json!({
        "IamInstanceProfileAssociation": association_json(inst, &association, "disassociating"),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct DescribeAssociations {
    association_ids: Option<Vec<String>>,
    filters: Option<Vec<Filter>>,
    max_results: Option<u32>,
    next_token: Option<String>,
}

fn describe_associations(cx: &mut Ctx<'_>, i: DescribeAssociations) -> OpResult {
    let _ = (i.max_results, i.next_token);
    let filters = i.filters.unwrap_or_default();
    check_filters(&filters, &|n| n == "instance-id" || n == "state")?;
    cx.authorize("ec2:DescribeIamInstanceProfileAssociations", "*")?;
    for a in i.association_ids.iter().flatten() {
        by_association(cx, a)?;
    }
    let out: Vec<Value> = cx
        .org
        .instances
        .values()
        .filter(|inst| inst.account == cx.account && inst.region == cx.region)
        .filter_map(|inst| inst.instance_profile.as_ref().map(|p| (inst, p)))
        .filter(|(_, p)| {
            i.association_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&p.association_id))
        })
        .filter(|(inst, _)| {
            passes(&filters, &|n| match n {
                "instance-id" => vec![inst.id.clone()],
                _ => vec!["associated".to_string()],
            })
        })
        .map(|(inst, p)| association_json(inst, p, "associated"))
        .collect();
    Ok(json!({ "IamInstanceProfileAssociations": out }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_are_checked_for_shape() {
        assert!(check_instance_id("i-0123456789abcdef0").is_ok());
        assert!(check_instance_id("i-12345678").is_ok());
        let e = check_instance_id("web-1").unwrap_err();
        assert_eq!(e.code, "InvalidInstanceID.Malformed");
        assert_eq!(e.message, "Invalid id: \"web-1\" (expecting \"i-...\")");
    }

    #[test]
    fn not_found_names_every_missing_instance() {
        assert_eq!(
            not_found(&["i-1", "i-2"]).message,
            "The instance IDs 'i-1, i-2' do not exist"
        );
    }
}
