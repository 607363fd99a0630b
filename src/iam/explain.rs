//! An evaluation as plain text, for people: the decision, why, and every
//! policy and statement that was looked at.

use std::fmt::Write;

use super::eval::{Evaluation, KeySource};
use super::policy::Effect;

pub fn to_text(e: &Evaluation) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", e.decision.label());
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

/// The context keys the sandbox supplied for a call it made itself, one
/// line per source: what the request carried (a real HTTPS call carries
/// aws:SecureTransport and the time), what the caller implies, and what the
/// resource's owner adds. Empty when the evaluation had no context at all.
pub fn supplied_context_text(e: &Evaluation) -> String {
    let mut s = String::new();
    if e.supplied_context.is_empty() {
        return s;
    }
    let _ = writeln!(s, "context the sandbox supplied:");
    for (source, label) in [
        (KeySource::Request, "the request: "),
        (KeySource::Caller, "the caller:  "),
        (KeySource::Resource, "the resource:"),
    ] {
        let keys: Vec<String> = e
            .supplied_context
            .iter()
            .filter(|k| k.source == source)
            .map(|k| match k.values.as_slice() {
                [one] => format!("{}={one}", k.key),
                many => format!("{}=[{}]", k.key, many.join(", ")),
            })
            .collect();
        if !keys.is_empty() {
            let _ = writeln!(s, "  {label} {}", keys.join(", "));
        }
    }
    s
}

/// What `why` shows after a sandbox call: the trail, then the context the
/// sandbox supplied for it.
pub fn why_text(e: &Evaluation) -> String {
    to_text(e) + &supplied_context_text(e)
}
