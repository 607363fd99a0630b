//! Building the sandbox a question or lab starts from, and deciding lab
//! goals. Every answer comes from the engine.

use crate::iam::access::Arn;
use crate::iam::advisor::{self, Rule};
use crate::iam::context::Context;
use crate::iam::eval::Evaluation;
use crate::iam::model::Org;
use crate::iam::org_file;
use crate::iam::paths;
use crate::shell::Shell;

use super::schema::{Check, Setup};

/// Finds an organization file's text by name (`startup`), from the embedded
/// course or a folder given with `--course`.
pub type OrgSource<'a> = &'a dyn Fn(&str) -> Option<String>;

/// A sandbox in the state `setup` describes.
pub fn build(setup: &Setup, orgs: OrgSource<'_>) -> Result<Shell, String> {
    let from_file = |name: &str| -> Result<Org, String> {
        let text = orgs(name).ok_or_else(|| {
            format!("there is no organization `{name}` (looked for assets/orgs/{name}.ron)")
        })?;
        org_file::from_ron(&text).map_err(|errors| {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            format!("organization `{name}` does not load: {name}.ron:{first}")
        })
    };
    let (org, commands): (Org, &[String]) = match setup {
        Setup::Org(name) => (from_file(name)?, &[]),
        Setup::Commands(cmds) => (Org::new(), cmds),
        Setup::OrgThen(name, cmds) => (from_file(name)?, cmds),
    };
    let mut shell = Shell::new(org);
    for cmd in commands {
        let o = shell.run(cmd);
        if !o.ok {
            return Err(format!("setup command `{cmd}` failed: {}", o.stderr.trim()));
        }
    }
    Ok(shell)
}

fn context(pairs: &[(String, String)]) -> Context {
    let mut ctx = Context::new();
    for (k, v) in pairs {
        let mut values = ctx.values(k).map(<[String]>::to_vec).unwrap_or_default();
        values.push(v.clone());
        ctx.set(k, values);
    }
    ctx
}

/// Evaluates an access request as a person names it (`john`,
/// `role/S3AccessRole`, an ARN).
pub fn evaluate(
    org: &Org,
    home: &str,
    principal: &str,
    action: &str,
    resource: &str,
    ctx: &[(String, String)],
) -> Result<Evaluation, String> {
    let caller = org.resolve_principal(principal, home)?;
    org.explain(&caller, action, resource, &context(ctx))
}

/// Is the goal met? An error means the goal cannot be decided in this
/// state (it names an entity that does not exist); for a learner that is a
/// goal not met yet.
pub fn met(org: &Org, home: &str, check: &Check) -> Result<bool, String> {
    let account = org
        .account(home)
        .ok_or_else(|| format!("account {home} is missing"))?;
    let user = |name: &str| account.users.get(&name.to_ascii_lowercase());
    Ok(match check {
        Check::Access {
            principal,
            action,
            resource,
            allowed,
            context,
        } => {
            evaluate(org, home, principal, action, resource, context)?
                .decision
                .is_allowed()
                == *allowed
        }
        Check::UserExists(n) => user(n).is_some(),
        Check::UserAbsent(n) => user(n).is_none(),
        Check::GroupExists(n) => account.groups.contains_key(&n.to_ascii_lowercase()),
        Check::RoleExists(n) => account.roles.contains_key(&n.to_ascii_lowercase()),
        Check::InGroup { user: u, group } => {
            user(u).is_some_and(|u| u.groups.contains(&group.to_ascii_lowercase()))
        }
        Check::NoDirectPolicies(n) => {
            user(n).is_some_and(|u| u.attached.is_empty() && u.inline.is_empty())
        }
        Check::HasAccessKey(n) => user(n).is_some_and(|u| !u.access_keys.is_empty()),
        Check::NoAccessKeys(n) => user(n).is_none_or(|u| u.access_keys.is_empty()),
        Check::HasLoginProfile(n) => user(n).is_some_and(|u| u.login_profile.is_some()),
        Check::HasMfa(n) => user(n).is_some_and(|u| !u.mfa_devices.is_empty()),
        Check::Trusts { role, principal } => {
            let Some(arn) = role_arn(org, home, role)? else {
                return Ok(false);
            };
            let caller = if principal.ends_with(".amazonaws.com") {
                crate::iam::model::Caller::Service(principal.clone())
            } else {
                org.resolve_principal(principal, home)?
            };
            org.explain(&caller, "sts:AssumeRole", &arn, &Context::new())?
                .decision
                .is_allowed()
        }
        Check::InstanceProfileHasRole { profile, role } => account
            .instance_profiles
            .get(&profile.to_ascii_lowercase())
            .is_some_and(|p| p.roles.contains(&role.to_ascii_lowercase())),
        Check::AdvisorQuiet(rules) => {
            let rules = parse_rules(rules)?;
            !advisor::advise(org)
                .iter()
                .any(|f| rules.is_empty() || rules.contains(&f.rule))
        }
        Check::NoEscalation(principal) => {
            let caller = org.resolve_principal(principal, home)?;
            paths::paths_from(org, &caller).is_empty()
        }
        Check::All(checks) => {
            for c in checks {
                if !met(org, home, c)? {
                    return Ok(false);
                }
            }
            true
        }
    })
}

/// Advisor rules by id; an unknown id is an error in the course.
pub fn parse_rules(ids: &[String]) -> Result<Vec<Rule>, String> {
    ids.iter()
        .map(|id| {
            Rule::parse(id).ok_or_else(|| {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                format!(
                    "`{id}` is not an advisor rule (known: {})",
                    known.join(", ")
                )
            })
        })
        .collect()
}

/// The ARN of a role a goal names: a name in the home account, or a role ARN
/// in any account of the organization. `None` when the role does not exist
/// (yet); an error when the ARN is not a role's or its account is unknown.
fn role_arn(org: &Org, home: &str, role: &str) -> Result<Option<String>, String> {
    let (account, name) = match Arn::parse(role) {
        Some(arn) => {
            let name = arn
                .resource
                .strip_prefix("role/")
                .filter(|_| arn.service == "iam")
                .map(|path| path.rsplit('/').next().unwrap_or(path))
                .ok_or_else(|| format!("`{role}` is not a role ARN"))?;
            if org.account(arn.account).is_none() {
                return Err(format!(
                    "`{role}`: account {} is not in this organization",
                    arn.account
                ));
            }
            (arn.account, name)
        }
        None => (home, role),
    };
    Ok(org.role(account, name).map(|r| r.arn(account)))
}

/// What the advisor says about a spot-the-problem question: for each option,
/// whether a finding involves it, the findings that do, and the organization
/// they are about.
pub fn spot(
    q: &crate::content::schema::SpotQuestion,
    orgs: OrgSource<'_>,
) -> Result<(Vec<bool>, Vec<advisor::Finding>, Org), String> {
    let rules = parse_rules(q.rule.as_slice())?;
    let shell = build(&q.setup, orgs)?;
    let findings: Vec<advisor::Finding> = advisor::advise(&shell.org)
        .into_iter()
        .filter(|f| rules.is_empty() || rules.contains(&f.rule))
        .collect();
    let flagged: Vec<bool> = q
        .options
        .iter()
        .map(|o| findings.iter().any(|f| f.involves(o)))
        .collect();
    let relevant = findings
        .into_iter()
        .filter(|f| q.options.iter().any(|o| f.involves(o)))
        .collect();
    Ok((flagged, relevant, shell.org))
}
