//! Building the sandbox a question or lab starts from, and deciding lab
//! goals. Every answer comes from the engine.

use crate::iam::advisor::{self, Rule};
use crate::iam::context::Context;
use crate::iam::eval::Evaluation;
use crate::iam::model::Org;
use crate::iam::org_file;
use crate::shell::Shell;

use super::goal_report;
use super::schema::{Check, DecideRequest, Setup};

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

/// A decide question's request, decided by the engine in the sandbox its
/// setup builds (returned too: the quiz lists what decides it).
pub fn decide(d: &DecideRequest, orgs: OrgSource<'_>) -> Result<(Shell, Evaluation), String> {
    let shell = build(&d.setup, orgs)?;
    let evaluation = evaluate(
        &shell.org,
        &shell.home,
        &d.principal,
        &d.action,
        &d.resource,
        &d.context,
    )?;
    Ok((shell, evaluation))
}

/// Is the goal met? An error is a fault in the course (an unknown advisor
/// rule, an ARN that names no role); a goal about a user or role that does
/// not exist is simply not met. `goal_report::judge` says why.
pub fn met(org: &Org, home: &str, check: &Check) -> Result<bool, String> {
    goal_report::judge(org, home, check, None).map(|v| v.met)
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
