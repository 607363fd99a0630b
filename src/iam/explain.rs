//! An evaluation as plain text, for people: the decision, why, and every
//! policy and statement that was looked at.

use std::fmt::Write;

use super::eval::{Decision, Evaluation};
use super::policy::Effect;

/// The decision as a word and a symbol, so it never relies on colour.
pub fn decision_label(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "✓ allowed",
        Decision::ExplicitDeny => "✗ denied (explicit deny)",
        Decision::ImplicitDeny => "✗ denied (implicit deny)",
    }
}

pub fn to_text(e: &Evaluation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", decision_label(e.decision));
    let _ = writeln!(s, "  principal: {}", e.principal);
    let _ = writeln!(s, "  action:    {}", e.action);
    let _ = writeln!(s, "  resource:  {}", e.resource);
    let _ = writeln!(s, "why: {}", e.reason);
    if let Some(layer) = e.decided_by {
        let _ = writeln!(s, "decided by: the {}", layer.describe());
    }
    if e.policies.is_empty() {
        let _ = writeln!(s, "policies considered: none");
    } else {
        let _ = writeln!(s, "policies considered:");
    }
    for p in &e.policies {
        let _ = writeln!(s, "  {}", p.label());
        for st in &p.statements {
            let mark = match (st.outcome.matched(), st.effect) {
                (true, Effect::Allow) => "✓",
                (true, Effect::Deny) => "✗",
                (false, _) => "·",
            };
            let name = match &st.sid {
                Some(sid) if !sid.is_empty() => format!("{} ({sid})", st.index + 1),
                _ => format!("{}", st.index + 1),
            };
            let _ = writeln!(
                s,
                "    {mark} statement {name}, {} at line {}: {}",
                st.effect,
                st.pos.line,
                st.outcome.describe()
            );
        }
    }
    if !e.missing_context.is_empty() {
        let _ = writeln!(
            s,
            "context keys asked for but not in the request: {}",
            e.missing_context.join(", ")
        );
    }
    s
}
