//! Placeholder until the conditions branch lands.
use super::context::Context;

pub fn has_variables(s: &str) -> bool {
    s.contains("${")
}

pub fn matches_with_variables(
    pattern: &str,
    text: &str,
    ctx: &Context,
    ignore_case: bool,
) -> Option<bool> {
    let _ = ctx;
    Some(super::pattern::matches(pattern, text, ignore_case))
}
