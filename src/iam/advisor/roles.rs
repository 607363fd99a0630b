//! Rules about roles: who may assume them, and whether anyone still does.

use serde_json::{Value, json};

use super::policy_edits::{edit_statements, is_everyone};
use super::{Finding, Rule, Scan};
use crate::iam::model::{InstanceState, Role};
use crate::iam::policy::{Effect, Statement, service_hash};

/// Rule `open-trust`: a trust policy statement that lets anyone
/// (`"Principal": "*"` or `{"AWS": "*"}`) call `sts:AssumeRole`, with no
/// condition to narrow it. The fix rewrites those statements to trust the
/// account itself, so only its own users and roles that are allowed
/// `sts:AssumeRole` may use the role.
pub(super) fn open_trust(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for role in cx.account.roles.values() {
        if !role.trust.policy.statements.iter().any(open_statement) {
            continue;
        }
        let mut f = Finding::new(
            Rule::OpenTrust,
            &cx.account.id,
            vec![format!("role/{}", role.name)],
        );
        f.summary = format!("role/{} can be assumed by anyone", role.name);
        f.why = format!(
            "Its trust policy allows sts:AssumeRole to every AWS principal, in any account, with no condition. Anyone with an AWS account can get {}'s permissions today. Trust a named account, role or service instead, and add conditions such as sts:ExternalId for third parties.",
            role.name
        );
        if let Some(doc) = closed_trust(&role.trust.text, &cx.account.id) {
            f.fix.push(format!(
                "aws iam update-assume-role-policy --role-name {} --policy-document '{}'",
                role.name,
                doc.replace('\'', r"'\''")
            ));
        }
        out.push(f);
    }
}

fn open_statement(st: &Statement) -> bool {
    let anyone = st.principal.as_ref().is_some_and(|p| !p.negated && p.any);
    st.effect == Effect::Allow && anyone && st.conditions.is_empty() && allows_assume_role(st)
}

/// Whether the statement's Action (or NotAction) covers sts:AssumeRole.
fn allows_assume_role(st: &Statement) -> bool {
    let hash = service_hash("sts");
    let matched = st
        .action
        .patterns
        .iter()
        .any(|p| p.matches_lower("sts:assumerole", "sts", hash, "assumerole"));
    matched != st.action.negated
}

/// The trust policy with each unconditioned Allow to everyone changed to
/// the account's root, compact on one line. None when the text is not JSON
/// that serde reads (the engine accepted it, so this should not happen).
fn closed_trust(text: &str, account: &str) -> Option<String> {
    let root = json!({"AWS": format!("arn:aws:iam::{account}:root")});
    edit_statements(text, |st| {
        let open = st.get("Effect").and_then(Value::as_str) == Some("Allow")
            && st.get("Condition").is_none()
            && st.get("Principal").is_some_and(is_everyone);
        if open {
            st["Principal"] = root.clone();
        }
    })
}

/// Rule `unused-role`: created before the unused period and not used within
/// it. Exempt: service-linked roles (path `/aws-service-role/`, AWS manages
/// them), and roles a Lambda function or a running instance is configured
/// with, which are in use whatever the record says.
pub(super) fn unused_roles(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    let days = cx.settings.unused_days;
    for role in cx.account.roles.values() {
        if role.path.starts_with("/aws-service-role/") || configured(cx, role) {
            continue;
        }
        let unused = cx.older_than(role.created, days)
            && role.last_used.is_none_or(|d| cx.older_than(d, days));
        if !unused {
            continue;
        }
        let n = &role.name;
        let mut f = Finding::new(Rule::UnusedRole, &cx.account.id, vec![format!("role/{n}")]);
        f.summary = match role.last_used {
            Some(d) => format!("role/{n} was last used {} days ago", cx.days_since(d)),
            None => format!(
                "role/{n} was never used in {} days",
                cx.days_since(role.created)
            ),
        };
        f.why = "A role nobody uses still grants its permissions to whoever its trust policy allows, and nobody watches it. Delete it, or write down who needs it.".into();
        let key = n.to_ascii_lowercase();
        for p in cx.account.instance_profiles.values() {
            if p.roles.contains(&key) {
                f.fix.push(format!(
                    "aws iam remove-role-from-instance-profile --instance-profile-name {} --role-name {n}",
                    p.name
                ));
            }
        }
        for name in role.inline.keys() {
            f.fix.push(format!(
                "aws iam delete-role-policy --role-name {n} --policy-name {name}"
            ));
        }
        for arn in &role.attached {
            f.fix.push(format!(
                "aws iam detach-role-policy --role-name {n} --policy-arn {arn}"
            ));
        }
        f.fix.push(format!("aws iam delete-role --role-name {n}"));
        out.push(f);
    }
}

/// A function names the role, or a running instance's profile holds it.
fn configured(cx: &Scan<'_>, role: &Role) -> bool {
    let arn = role.arn(&cx.account.id);
    let key = role.name.to_ascii_lowercase();
    let by_function = cx.org.functions.values().any(|f| f.role == arn);
    let by_instance = cx.org.instances.values().any(|i| {
        i.account == cx.account.id
            && i.state == InstanceState::Running
            && i.instance_profile.as_ref().is_some_and(|a| {
                cx.account
                    .instance_profiles
                    .values()
                    .any(|p| p.arn(&cx.account.id) == a.arn && p.roles.contains(&key))
            })
    });
    by_function || by_instance
}
