//! The words a goal's verdict is made of: examples of differing access,
//! lists, counts, a role's trust and a user's remaining credentials, each
//! said the same way wherever a check needs it.

use std::collections::BTreeMap;

use super::Verdict;
use crate::content::{goals, whole_access};
use crate::iam::access::Arn;
use crate::iam::advisor::{self, Finding};
use crate::iam::eval::Evaluation;
use crate::iam::explain;
use crate::iam::model::{Org, User};
use crate::iam::policy::Effect;
use crate::iam::principal::Layer;

/// How many differences an explanation lists, one per action.
pub(super) const EXAMPLES: usize = 6;

/// Differences of whole access, one line per action, the weightiest first
/// (permissions management and writes before reads), each on its most
/// telling resource (one the organization or the story names, then `*`,
/// then a resource that exists nowhere), then how many more actions there
/// are.
pub(super) fn examples(requests: &[whole_access::Request]) -> Vec<String> {
    let mut by_action: Vec<(&str, &str, usize)> = Vec::new();
    for r in requests {
        match by_action.iter_mut().find(|(a, _, _)| *a == r.action) {
            Some((_, best, n)) => {
                *n += 1;
                if resource_rank(&r.resource) < resource_rank(best) {
                    *best = &r.resource;
                }
            }
            None => by_action.push((&r.action, &r.resource, 1)),
        }
    }
    // Requests on what the lab names come first (web-1 before `*`), the
    // riskiest kinds of action first within them.
    by_action.sort_by_key(|(a, r, _)| (resource_rank(r), action_rank(a)));
    let mut lines: Vec<String> = Vec::new();
    if by_action.len() > EXAMPLES {
        lines.push(format!("  by service: {}", per_service(&by_action)));
    }
    lines.extend(by_action.iter().take(EXAMPLES).map(|(a, r, n)| {
        let nowhere = if r.contains(whole_access::ELSEWHERE) {
            " (one the lab never names)"
        } else {
            ""
        };
        match n {
            1 => format!("  {a} on {r}{nowhere}"),
            n => format!(
                "  {a} on {r}{nowhere}, and {} more {}",
                n - 1,
                if *n == 2 { "resource" } else { "resources" }
            ),
        }
    }));
    if by_action.len() > EXAMPLES {
        let more = by_action.len() - EXAMPLES;
        lines.push(format!(
            "  ... and {more} more {}",
            if more == 1 { "action" } else { "actions" }
        ));
    }
    lines
}

/// How many of the actions belong to each service, the largest first:
/// "612 ec2, 205 cloudwatch and 3 s3 actions". Many actions from one
/// service say at a glance that a whole service was granted.
pub(super) fn per_service(by_action: &[(&str, &str, usize)]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (a, _, _) in by_action {
        *counts
            .entry(a.split_once(':').map_or(*a, |(s, _)| s))
            .or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    format!("{} actions", and_list(&parts))
}

/// Named resources first, then `*`, then resources that exist nowhere.
pub(super) fn resource_rank(resource: &str) -> u8 {
    if resource.contains(whole_access::ELSEWHERE) {
        2
    } else if resource == "*" {
        1
    } else {
        0
    }
}

/// Permissions management first, then writes, tagging, reads and lists;
/// actions the catalog does not know last.
pub(super) fn action_rank(action: &str) -> u8 {
    use crate::iam::catalog::{AccessLevel, catalog};
    match catalog().action(action).map(|a| a.access) {
        Some(AccessLevel::PermissionsManagement) => 0,
        Some(AccessLevel::Write) => 1,
        Some(AccessLevel::Tagging) => 2,
        Some(AccessLevel::Read) => 3,
        Some(AccessLevel::List) => 4,
        None => 5,
    }
}

/// The reference of an `AccessWithin` goal in words: managed policies by
/// name, a written-out document as "the story's policy".
pub(super) fn reference_words(org: &Org, policies: &[String]) -> Result<String, String> {
    let names: Vec<String> = policies
        .iter()
        .map(|p| {
            let p = p.trim();
            if p.starts_with('{') {
                Ok("the story's policy".to_string())
            } else {
                org.managed_policy(p)
                    .map(|m| m.name.clone())
                    .ok_or_else(|| format!("`{p}` is not a managed policy"))
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(and_list(&names))
}

/// What written-out reference documents allow, in one line: `s3:GetObject
/// on arn:aws:s3:::reports/*; ...`. None when the reference is managed
/// policies only (their names say it).
pub(super) fn story_allows(policies: &[String]) -> Option<String> {
    let mut parts = Vec::new();
    for p in policies.iter().filter(|p| p.trim().starts_with('{')) {
        let Ok(doc) = crate::iam::policy::parse(p, crate::iam::policy::PolicyKind::Identity) else {
            continue;
        };
        for s in doc.statements.iter().filter(|s| s.effect == Effect::Allow) {
            let actions: Vec<&str> = s.action.patterns.iter().map(|a| a.text.as_str()).collect();
            let resources: Vec<&str> = s
                .resource
                .iter()
                .flat_map(|r| &r.patterns)
                .map(|r| r.text.as_str())
                .collect();
            parts.push(format!(
                "{} on {}",
                actions.join(", "),
                resources.join(", ")
            ));
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// "with aws:MultiFactorAuthPresent=false", for a request's context.
pub(super) fn context_words(context: &[(String, String)]) -> String {
    if context.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = context.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(" with {}", pairs.join(", "))
}

/// The engine's trail, indented under the line it explains.
pub(super) fn trail(ev: &Evaluation) -> Vec<String> {
    indent(&explain::to_text(ev))
}

pub(super) fn indent(text: &str) -> Vec<String> {
    text.lines().map(|l| format!("  {l}")).collect()
}

/// "a", "a and b", "a, b and c".
pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "1 way", "3 ways".
pub(super) fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The role an action uses, when it uses one named in its resource:
/// assuming it, or passing it to a service.
pub(super) fn used_role<'a>(action: &str, resource: &'a str) -> Option<(&'a str, &'a str)> {
    let uses = ["sts:AssumeRole", "iam:PassRole"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(action));
    if !uses {
        return None;
    }
    let arn = Arn::parse(resource)?;
    let path = arn.resource.strip_prefix("role/")?;
    let name = path.rsplit('/').next().filter(|n| !n.contains('*'))?;
    Some((arn.account, name))
}

/// A role as a goal names it: a name in the home account, or a role ARN in
/// any account of the organization. An ARN that is not a role's, or whose
/// account is unknown, is the course's fault.
pub(super) fn role_ref<'a>(
    org: &Org,
    home: &'a str,
    role: &'a str,
) -> Result<(&'a str, &'a str), String> {
    match Arn::parse(role) {
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
            Ok((arn.account, name))
        }
        None => Ok((home, role)),
    }
}

/// What the goal wants let in, in words: `account 111122223333`, a
/// service, or the principal as written.
pub(super) fn wanted_words(principal: &str) -> String {
    if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
        return format!("account {principal}");
    }
    match Arn::parse(principal) {
        Some(arn) if arn.resource == "root" => format!("account {}", arn.account),
        _ => principal.to_string(),
    }
}

/// Whom the Allow statements of a role's trust policy name, shortly:
/// `ec2.amazonaws.com`, `account 111122223333`, `user/sarah` (with its
/// account when that is not the role's), `anyone (*)`.
pub(super) fn trust_names(role: &crate::iam::model::Role, account: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &role.trust.policy.statements {
        if s.effect != Effect::Allow {
            continue;
        }
        let Some(p) = &s.principal else { continue };
        let not = if p.negated { "everyone but " } else { "" };
        if p.any {
            out.push(format!("{not}anyone (*)"));
        }
        out.extend(p.service.iter().map(|x| format!("{not}{x}")));
        for a in &p.aws {
            let short = match Arn::parse(a) {
                Some(arn) if arn.resource == "root" => format!("account {}", arn.account),
                Some(arn) if arn.account == account => arn.resource.to_string(),
                Some(arn) => format!("{} of account {}", arn.resource, arn.account),
                None => a.clone(),
            };
            out.push(format!("{not}{short}"));
        }
        out.extend(p.federated.iter().map(|x| format!("{not}{x}")));
    }
    out.dedup();
    out
}

/// Whether the resource's own policy (here a trust policy) lets the caller
/// in, whatever the caller's own policies say: an Allow statement of it
/// matches and no Deny of it does.
pub(super) fn trust_admits(ev: &Evaluation) -> bool {
    let statements = || {
        ev.policies
            .iter()
            .filter(|p| p.layer == Layer::Resource)
            .flat_map(|p| &p.statements)
            .filter(|s| s.outcome.matched())
    };
    statements().any(|s| s.effect == Effect::Allow)
        && !statements().any(|s| s.effect == Effect::Deny)
}

/// A user's own policies: `AmazonEC2ReadOnlyAccess (attached)`,
/// `JohnDailyWork (inline)`.
pub(super) fn own_policies(u: &User) -> Vec<String> {
    let attached = u
        .attached
        .iter()
        .map(|arn| format!("{} (attached)", arn.rsplit('/').next().unwrap_or(arn)));
    let inline = u.inline.keys().map(|n| format!("{n} (inline)"));
    attached.chain(inline).collect()
}

/// "1 access key (AKIA..., Active)", "2 access keys (...)".
pub(super) fn keys(u: &User) -> String {
    let ids: Vec<String> = u
        .access_keys
        .iter()
        .map(|k| format!("{}, {}", k.id, k.status.as_str()))
        .collect();
    format!(
        "{} ({})",
        count(u.access_keys.len(), "access key"),
        ids.join("; ")
    )
}

/// A user that a goal wants gone, and what still holds it: AWS refuses to
/// delete a user until these are removed.
pub(super) fn user_still_there(u: &User, groups: &[String]) -> Vec<String> {
    let mut holds = Vec::new();
    if u.login_profile.is_some() {
        holds.push("a console password".to_string());
    }
    if !u.access_keys.is_empty() {
        holds.push(keys(u));
    }
    if !u.mfa_devices.is_empty() {
        holds.push(count(u.mfa_devices.len(), "MFA device"));
    }
    let own = own_policies(u);
    if !own.is_empty() {
        holds.push(format!("policies {}", own.join(", ")));
    }
    if !u.groups.is_empty() {
        holds.push(format!("membership of {}", groups.join(", ")));
    }
    let mut lines = vec![format!("user {} still exists", u.name)];
    if !holds.is_empty() {
        lines.push(format!(
            "before delete-user it must lose: {}",
            holds.join("; ")
        ));
    }
    lines
}

/// `AdvisorQuiet`: the advisor's findings of the rules asked about.
pub(super) fn advisor_quiet(org: &Org, ids: &[String]) -> Result<Verdict, String> {
    let rules = goals::parse_rules(ids)?;
    let of = if ids.is_empty() {
        String::new()
    } else {
        format!(" of {}", ids.join(", "))
    };
    let found: Vec<Finding> = advisor::advise_rules(org, &rules);
    if found.is_empty() {
        return Ok(Verdict::new(
            true,
            vec![format!("`advise` has no finding{of}")],
        ));
    }
    let mut lines = vec![format!(
        "`advise` has {}{of}:",
        count(found.len(), "finding")
    )];
    for f in &found {
        lines.push(format!(
            "  [{}] {}  {}",
            f.severity.name(),
            f.rule.id(),
            f.summary
        ));
        for cmd in &f.fix {
            lines.push(format!("    fix: {cmd}"));
        }
    }
    Ok(Verdict::new(false, lines))
}
