//! Editing policy JSON for the advisor's fixes: what the rules that rewrite
//! a statement (close a trust, add a condition) share.

use serde_json::{Map, Value};

/// Applies `edit` to each statement of a policy and gives the policy back
/// compact, on one line. None when serde cannot read the text (the engine
/// accepted it, so this should not happen).
pub(super) fn edit_statements(text: &str, edit: impl Fn(&mut Value)) -> Option<String> {
    let mut doc: Value = serde_json::from_str(text).ok()?;
    match doc.get_mut("Statement")? {
        Value::Array(list) => list.iter_mut().for_each(&edit),
        st @ Value::Object(_) => edit(st),
        _ => return None,
    }
    Some(doc.to_string())
}

/// Adds `operator: {key: value}` to a statement's condition block,
/// creating the block and the operator where missing.
pub(super) fn add_condition(st: &mut Value, operator: &str, key: &str, value: Value) {
    let Some(obj) = st.as_object_mut() else {
        return;
    };
    let cond = obj
        .entry("Condition")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(cond) = cond.as_object_mut() else {
        return;
    };
    let op = cond
        .entry(operator)
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(op) = op.as_object_mut() {
        op.insert(key.to_string(), value);
    }
}

/// Whether a statement's `Principal` admits anyone: `"*"` or `{"AWS": "*"}`
/// (alone or in a list).
pub(super) fn is_everyone(p: &Value) -> bool {
    let star = |v: &Value| match v {
        Value::String(s) => s == "*",
        Value::Array(a) => a.iter().any(|x| x == "*"),
        _ => false,
    };
    star(p) || p.get("AWS").is_some_and(star)
}
