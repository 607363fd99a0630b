//! The identity of code that runs on an instance or inside a function.
//!
//! No keys live on the server: EC2's instance metadata service (or Lambda's
//! runtime) hands the code temporary credentials for the role of its
//! instance profile (or its execution role), which the service obtained by
//! assuming that role. So the code acts as a role session, and only if the
//! role's trust policy lets the service assume it.

use crate::iam::access::Arn;
use crate::iam::context::Context;
use crate::iam::model::{Caller, InstanceState, Org};

const EC2: &str = "ec2.amazonaws.com";
const LAMBDA: &str = super::lambda::SERVICE;

/// May `service` (such as `lambda.amazonaws.com`) assume the role with this
/// ARN? The engine decides, with the role's trust policy, exactly as when a
/// person calls AssumeRole. The error says why not.
pub(super) fn service_can_assume(org: &Org, service: &str, role_arn: &str) -> Result<(), String> {
    let name = Arn::parse(role_arn)
        .and_then(|a| a.resource.strip_prefix("role/").map(|r| (a.account, r)))
        .map(|(account, r)| (account, r.rsplit('/').next().unwrap_or(r)));
    let Some((account, name)) = name else {
        return Err(format!("`{role_arn}` is not a role ARN"));
    };
    let role = org
        .role(account, name)
        .filter(|r| r.arn(account) == role_arn)
        .ok_or_else(|| format!("role `{role_arn}` does not exist"))?;
    let eval = org.explain(
        &Caller::Service(service.to_string()),
        "sts:AssumeRole",
        role_arn,
        &Context::new(),
    )?;
    if eval.decision.is_allowed() {
        Ok(())
    } else {
        Err(format!(
            "the trust policy of role `{}` does not let `{service}` assume it",
            role.name
        ))
    }
}

/// The caller that code running on an instance (`i-0abc...`) or inside a
/// function (`function:NAME`, or a function ARN) acts as: a session of the
/// instance profile's role (session name: the instance id) or of the
/// function's execution role (session name: the function name), as AWS
/// names them. Fails, saying why, when that code would get no credentials.
pub fn workload_caller(org: &Org, target: &str) -> Result<Caller, String> {
    if target.starts_with("i-") {
        instance_caller(org, target)
    } else if target.starts_with("function:") || target.starts_with("arn:aws:lambda:") {
        function_caller(org, target)
    } else {
        Err(format!(
            "`{target}` is neither an instance id (`i-...`) nor a function (`function:NAME` or its ARN)"
        ))
    }
}

/// Whether code runs on `target` at all: a running instance, or a function
/// that exists. When it does and [`workload_caller`] still fails, the code
/// is there but has no credentials, which the AWS CLI on it reports as its
/// own "Unable to locate credentials".
pub fn workload_runs(org: &Org, target: &str) -> bool {
    if target.starts_with("i-") {
        org.instances
            .get(target)
            .is_some_and(|i| i.state == InstanceState::Running)
    } else if let Some(name) = target.strip_prefix("function:") {
        org.functions.values().filter(|f| f.name == name).count() == 1
    } else {
        org.functions
            .contains_key(target.strip_suffix(":$LATEST").unwrap_or(target))
    }
}

fn instance_caller(org: &Org, id: &str) -> Result<Caller, String> {
    let inst = org
        .instances
        .get(id)
        .ok_or_else(|| format!("there is no instance `{id}`"))?;
    if inst.state != InstanceState::Running {
        return Err(format!(
            "`{id}` is {}: no code runs on it",
            inst.state.name()
        ));
    }
    let Some(assoc) = &inst.instance_profile else {
        return Err(format!(
            "`{id}` has no instance profile: code on it has no AWS credentials"
        ));
    };
    let profile = Arn::parse(&assoc.arn)
        .and_then(|a| {
            let name = a.resource.strip_prefix("instance-profile/")?;
            let name = name.rsplit('/').next().unwrap_or(name);
            let account = org.account(a.account)?;
            let p = account.instance_profiles.get(&name.to_ascii_lowercase())?;
            (p.arn(a.account) == assoc.arn).then_some((account, p))
        })
        .ok_or_else(|| {
            format!(
                "the instance profile `{}` of `{id}` no longer exists: code on it has no AWS credentials",
                assoc.arn
            )
        })?;
    let (account, profile) = profile;
    let role = profile
        .roles
        .first()
        .and_then(|r| account.roles.get(r))
        .ok_or_else(|| {
            format!(
                "instance profile `{}` has no role: code on `{id}` has no AWS credentials",
                profile.name
            )
        })?;
    let role_arn = role.arn(&account.id);
    service_can_assume(org, EC2, &role_arn)
        .map_err(|why| format!("{why}, so code on `{id}` gets no credentials"))?;
    Ok(session(&account.id, &role.name, id))
}

fn function_caller(org: &Org, target: &str) -> Result<Caller, String> {
    let f = match target.strip_prefix("function:") {
        Some(name) => {
            let found: Vec<_> = org.functions.values().filter(|f| f.name == name).collect();
            match found.as_slice() {
                [f] => *f,
                [] => return Err(format!("there is no function `{name}`")),
                _ => {
                    return Err(format!(
                        "several functions are named `{name}` (in different accounts or regions): give its ARN"
                    ));
                }
            }
        }
        None => org
            .functions
            .get(target.strip_suffix(":$LATEST").unwrap_or(target))
            .ok_or_else(|| format!("there is no function `{target}`"))?,
    };
    service_can_assume(org, LAMBDA, &f.role)
        .map_err(|why| format!("{why}, so function `{}` gets no credentials", f.name))?;
    let name = Arn::parse(&f.role)
        .and_then(|a| a.resource.rsplit('/').next())
        .unwrap_or_default();
    let account = Arn::parse(&f.role).map(|a| a.account).unwrap_or_default();
    Ok(session(account, name, &f.name))
}

fn session(account: &str, role_name: &str, session_name: &str) -> Caller {
    Caller::RoleSession {
        account: account.to_string(),
        role: role_name.to_ascii_lowercase(),
        session_name: session_name.to_string(),
        policy: None,
        policy_arns: Vec::new(),
        mfa: false,
        tags: Vec::new(),
        issued: None,
    }
}
