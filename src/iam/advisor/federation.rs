//! Rules about roles that trust a web identity provider: a trust that does
//! not say which subject (`oidc-trust-no-sub`) or which audience
//! (`oidc-trust-no-aud`) may use it.

use serde_json::{Value, json};

use super::{Finding, Rule, Scan};
use crate::iam::federation::ProviderRef;
use crate::iam::model::Role;
use crate::iam::policy::{Effect, Statement, service_hash};

/// GitHub Actions' issuer, whose `sub` names a repository and branch.
const GITHUB: &str = "token.actions.githubusercontent.com";

/// The web identity providers an Allow statement trusts for
/// sts:AssumeRoleWithWebIdentity, with their condition-key prefixes.
fn web_identity_providers(st: &Statement) -> Vec<(String, String)> {
    if st.effect != Effect::Allow {
        return Vec::new();
    }
    let Some(p) = st.principal.as_ref().filter(|p| !p.negated) else {
        return Vec::new();
    };
    let hash = service_hash("sts");
    let covers = st.action.patterns.iter().any(|a| {
        a.matches_lower(
            "sts:assumerolewithwebidentity",
            "sts",
            hash,
            "assumerolewithwebidentity",
        )
    }) != st.action.negated;
    if !covers {
        return Vec::new();
    }
    p.federated
        .iter()
        .filter_map(|f| match ProviderRef::parse(f)? {
            r @ (ProviderRef::Oidc { .. } | ProviderRef::WellKnown(_)) => {
                Some((f.clone(), r.key_prefix().to_string()))
            }
            ProviderRef::Saml { .. } => None,
        })
        .collect()
}

/// Whether the statement narrows `key` to something other than everything.
fn constrains(st: &Statement, key: &str) -> bool {
    st.conditions.iter().any(|c| {
        c.key.eq_ignore_ascii_case(key)
            && !c.operator.name.contains("IfExists")
            && !c.operator.name.starts_with("Null")
            && !c.values.iter().all(|v| v.chars().all(|ch| ch == '*'))
    })
}

/// Rules `oidc-trust-no-sub` and `oidc-trust-no-aud`.
pub(super) fn web_identity_trust(cx: &Scan<'_>, out: &mut Vec<Finding>) {
    for role in cx.account.roles.values() {
        let mut no_sub = Vec::new();
        let mut no_aud = Vec::new();
        for st in &role.trust.policy.statements {
            for (provider, prefix) in web_identity_providers(st) {
                let oidc = matches!(
                    ProviderRef::parse(&provider),
                    Some(ProviderRef::Oidc { .. })
                );
                if oidc && !constrains(st, &format!("{prefix}:sub")) {
                    no_sub.push((provider.clone(), prefix.clone()));
                }
                if !constrains(st, &format!("{prefix}:aud")) {
                    no_aud.push((provider, prefix));
                }
            }
        }
        // One trust policy that fixes both, so that the two fixes, run one
        // after the other, do not undo each other: the second is then the
        // same command and `settle` prints it once.
        let mut doc = role.trust.text.clone();
        let mut changed = false;
        for (provider, prefix) in &no_sub {
            if let Some(sub) = pinned_subject(cx, prefix)
                && let Some(d) =
                    add_condition(&doc, provider, "StringLike", &format!("{prefix}:sub"), &sub)
            {
                doc = d;
                changed = true;
            }
        }
        for (provider, prefix) in &no_aud {
            if let Some(aud) = audience(cx, provider)
                && let Some(d) = add_condition(
                    &doc,
                    provider,
                    "StringEquals",
                    &format!("{prefix}:aud"),
                    &aud,
                )
            {
                doc = d;
                changed = true;
            }
        }
        let fix = changed.then(|| update_trust(&role.name, &doc));
        if let Some((_, prefix)) = no_sub.first() {
            let mut f = no_sub_finding(cx, role, prefix);
            f.fix
                .extend(fix.clone().filter(|_| pinned_subject(cx, prefix).is_some()));
            out.push(f);
        }
        if let Some((provider, prefix)) = no_aud.first() {
            let mut f = no_aud_finding(cx, role, prefix);
            f.fix
                .extend(fix.filter(|_| audience(cx, provider).is_some()));
            out.push(f);
        }
    }
}

/// The subject pattern the fix pins a trust to. For GitHub, the account's
/// own GitHub owner, read from its alias (or id) as the one name the
/// organization gives itself: every repository of that owner, and no one
/// else's. For other providers, nothing can be guessed: None.
fn pinned_subject(cx: &Scan<'_>, prefix: &str) -> Option<String> {
    (prefix == GITHUB).then(|| {
        let owner = cx.account.alias.clone().unwrap_or(cx.account.id.clone());
        format!("repo:{owner}/*")
    })
}

/// The audience a fix pins an OIDC trust to: the provider's first client id.
fn audience(cx: &Scan<'_>, provider: &str) -> Option<String> {
    match ProviderRef::parse(provider) {
        Some(ProviderRef::Oidc { url, .. }) => cx
            .account
            .oidc_providers
            .get(url)
            .and_then(|p| p.client_ids.first().cloned()),
        _ => None,
    }
}

fn no_sub_finding(cx: &Scan<'_>, role: &Role, prefix: &str) -> Finding {
    let n = &role.name;
    let mut f = Finding::new(
        Rule::OidcTrustNoSub,
        &cx.account.id,
        vec![format!("role/{n}")],
    );
    f.summary = format!("role/{n} trusts {prefix} without a condition on {prefix}:sub");
    f.why = if prefix == GITHUB {
        format!(
            "Its trust policy lets any workflow that GitHub signs a token for assume {n}: every repository of every GitHub user and organization, not only yours. AWS asks every role that trusts GitHub's provider to check {prefix}:sub, the repository and branch (or environment) the workflow runs for. The fix limits it to the repositories of `{}`; narrow it to the one repository and branch that deploys, as `repo:OWNER/REPO:ref:refs/heads/main`.",
            cx.account.alias.as_deref().unwrap_or(&cx.account.id)
        )
    } else {
        format!(
            "Its trust policy lets anyone the provider issues a token for assume {n}. Check {prefix}:sub, the identity the token was issued to, so that only the subjects you mean can use the role: only you know which they are, so no command is printed."
        )
    };
    f
}

fn no_aud_finding(cx: &Scan<'_>, role: &Role, prefix: &str) -> Finding {
    let n = &role.name;
    let mut f = Finding::new(
        Rule::OidcTrustNoAud,
        &cx.account.id,
        vec![format!("role/{n}")],
    );
    f.summary = format!("role/{n} trusts {prefix} without a condition on {prefix}:aud");
    f.why = format!(
        "The audience says which application the token was issued for. Without a condition on {prefix}:aud, a token that the provider issued to some other application (another client id, or for Cognito another identity pool) can assume {n} wherever the provider accepts it. AWS's own examples check it."
    );
    f
}

fn update_trust(role: &str, doc: &str) -> String {
    format!(
        "aws iam update-assume-role-policy --role-name {role} --policy-document '{}'",
        doc.replace('\'', r"'\''")
    )
}

/// The trust policy with `operator: {key: value}` added to every Allow
/// statement that trusts `provider` and lacks `key`, on one line.
fn add_condition(
    text: &str,
    provider: &str,
    operator: &str,
    key: &str,
    value: &str,
) -> Option<String> {
    let mut doc: Value = serde_json::from_str(text).ok()?;
    let names = |p: &Value| match p.get("Federated") {
        Some(Value::String(s)) => s == provider,
        Some(Value::Array(a)) => a.iter().any(|x| x == provider),
        _ => false,
    };
    let has_key = |c: &Value| {
        c.as_object().is_some_and(|ops| {
            ops.values().any(|m| {
                m.as_object()
                    .is_some_and(|m| m.keys().any(|k| k.eq_ignore_ascii_case(key)))
            })
        })
    };
    let add = |st: &mut Value| {
        let trusts = st.get("Effect").and_then(Value::as_str) == Some("Allow")
            && st.get("Principal").is_some_and(names);
        if !trusts || st.get("Condition").is_some_and(has_key) {
            return;
        }
        let cond = st
            .as_object_mut()
            .expect("a statement is an object")
            .entry("Condition")
            .or_insert_with(|| json!({}));
        let Some(ops) = cond.as_object_mut() else {
            return;
        };
        let op = ops.entry(operator).or_insert_with(|| json!({}));
        if let Some(m) = op.as_object_mut() {
            m.insert(key.to_string(), json!(value));
        }
    };
    match doc.get_mut("Statement")? {
        Value::Array(list) => list.iter_mut().for_each(add),
        st @ Value::Object(_) => add(st),
        _ => return None,
    }
    Some(doc.to_string())
}
