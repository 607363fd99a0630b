//! `--query`, with the jmespath crate. The crate keeps objects in sorted
//! maps, where Python keeps insertion order; so after a search the key
//! order is put back: the keys of a multi-select hash in the order the
//! expression writes them; an object of the response, picked out whole, in
//! the order it had there (found by its set of keys); anything else in the
//! order each key first appears in the response.

use std::collections::HashMap;

use jmespath::ast::Ast;
use serde_json::{Map, Value};

use super::errors::CliError;

/// The longest `--query` read. The jmespath crate parses and searches by
/// recursion, one level for each `(`, `[`, `!` or `.`: tens of thousands of
/// them would run off the end of the stack and abort the process (the app
/// with it). Real queries are a few dozen characters.
const MAX_QUERY: usize = 2000;

/// The CLI's check of `--query`, done before anything is called.
pub fn compile(expression: &str) -> Result<jmespath::Expression<'static>, CliError> {
    let length = expression.chars().count();
    if length > MAX_QUERY {
        return Err(CliError::param(format!(
            "Bad value for --query: the expression is {length} characters long; iamtutor reads \
             expressions of up to {MAX_QUERY} characters"
        )));
    }
    let rewritten = legacy_literals(expression);
    jmespath::compile(&rewritten).map_err(|e| {
        let reason = match &e.reason {
            jmespath::ErrorReason::Parse(m) => m.clone(),
            other => other.to_string(),
        };
        let caret = " ".repeat(e.offset);
        CliError::param(format!(
            "Bad value for --query {expression}: Bad jmespath expression: {reason}:\n{expression}\n{caret}^"
        ))
    })
}

/// The AWS CLI's jmespath still reads a literal that is not JSON, such as
/// `` `s3` `` in `[?ServiceNamespace==`s3`]`, as the string it spells
/// (deprecated, and everywhere in AWS's own examples); the crate refuses
/// it. Such literals become JSON strings before the crate sees them.
fn legacy_literals(expression: &str) -> std::borrow::Cow<'_, str> {
    if !expression.contains('`') {
        return expression.into();
    }
    let mut out = String::with_capacity(expression.len() + 8);
    let mut chars = expression.chars().peekable();
    // Inside '...' (a raw string) or "..." (a quoted name), backticks are text.
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
            out.push(c);
            continue;
        }
        if c != '`' {
            out.push(c);
            continue;
        }
        let mut body = String::new();
        let mut closed = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'`') => body.push(chars.next().unwrap_or('`')),
                '`' => {
                    closed = true;
                    break;
                }
                c => body.push(c),
            }
        }
        let legacy = serde_json::from_str::<Value>(&body).is_err()
            && serde_json::from_str::<Value>(&format!("\"{}\"", body.trim_start())).is_ok();
        out.push('`');
        if legacy {
            let text = Value::String(body.trim_start().to_string()).to_string();
            out.push_str(&text.replace('`', "\\`"));
        } else {
            out.push_str(&body.replace('`', "\\`"));
        }
        if closed {
            out.push('`');
        }
    }
    out.into()
}

pub fn search(expression: &str, data: &Value) -> Result<Value, CliError> {
    let compiled = compile(expression)?;
    let result = compiled
        .search(data)
        .map_err(|e| CliError::general(e.reason.to_string()))?;
    let mut value = serde_json::to_value(&*result).unwrap_or(Value::Null);
    let mut order = Order::default();
    hash_keys(compiled.as_ast(), &mut order);
    document_keys(data, &mut order);
    reorder(&mut value, &order);
    Ok(value)
}

/// What key orders the result can take.
#[derive(Default)]
struct Order {
    /// Each key's rank: multi-select hash keys first, then the response's.
    ranks: HashMap<String, usize>,
    /// The key order of each multi-select hash, by its sorted keys.
    hashes: HashMap<Vec<String>, Vec<String>>,
    /// The key order of each object of the response, by its sorted keys
    /// (the first one seen, when several have the same keys).
    objects: HashMap<Vec<String>, Vec<String>>,
}

fn sorted(keys: &[String]) -> Vec<String> {
    let mut k = keys.to_vec();
    k.sort();
    k
}

fn rank(ranks: &mut HashMap<String, usize>, key: &str) {
    let next = ranks.len();
    ranks.entry(key.to_owned()).or_insert(next);
}

fn hash_keys(ast: &Ast, order: &mut Order) {
    match ast {
        Ast::MultiHash { elements, .. } => {
            let keys: Vec<String> = elements.iter().map(|kv| kv.key.clone()).collect();
            for k in &keys {
                rank(&mut order.ranks, k);
            }
            order.hashes.entry(sorted(&keys)).or_insert(keys);
            for kv in elements {
                hash_keys(&kv.value, order);
            }
        }
        Ast::Comparison { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. } => {
            hash_keys(lhs, order);
            hash_keys(rhs, order);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            hash_keys(predicate, order);
            hash_keys(then, order);
        }
        Ast::Expref { ast, .. } | Ast::Flatten { node: ast, .. } | Ast::Not { node: ast, .. } => {
            hash_keys(ast, order)
        }
        Ast::ObjectValues { node, .. } => hash_keys(node, order),
        Ast::Function { args, .. } | Ast::MultiList { elements: args, .. } => {
            for a in args {
                hash_keys(a, order);
            }
        }
        _ => {}
    }
}

fn document_keys(v: &Value, order: &mut Order) {
    match v {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            order.objects.entry(sorted(&keys)).or_insert(keys);
            for (k, inner) in map {
                rank(&mut order.ranks, k);
                document_keys(inner, order);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| document_keys(i, order)),
        _ => {}
    }
}

fn reorder(v: &mut Value, order: &Order) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            let keys: Vec<String> = entries.iter().map(|(k, _)| k.clone()).collect();
            let set = sorted(&keys);
            match order.hashes.get(&set).or_else(|| order.objects.get(&set)) {
                Some(known) => {
                    entries.sort_by_key(|(k, _)| known.iter().position(|n| n == k));
                }
                None => {
                    entries.sort_by_key(|(k, _)| order.ranks.get(k).copied().unwrap_or(usize::MAX));
                }
            }
            let mut out = Map::new();
            for (k, mut inner) in entries {
                reorder(&mut inner, order);
                out.insert(k, inner);
            }
            *map = out;
        }
        Value::Array(items) => items.iter_mut().for_each(|i| reorder(i, order)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_literal_that_is_not_json_is_the_string_it_spells() {
        let data = json!({"S": [{"N": "s3"}, {"N": "ec2"}]});
        let legacy = search("S[?N==`s3`].N", &data).unwrap();
        assert_eq!(legacy, json!(["s3"]));
        let strict = search("S[?N==`\"ec2\"`].N", &data).unwrap();
        assert_eq!(strict, json!(["ec2"]));
        assert_eq!(search("length(S) == `2`", &data).unwrap(), json!(true));
    }

    #[test]
    fn backticks_inside_strings_are_left_alone() {
        assert_eq!(legacy_literals("S[?N=='a`b`']"), "S[?N=='a`b`']");
        assert_eq!(legacy_literals("\"we`ird\".x"), "\"we`ird\".x");
        assert_eq!(legacy_literals("[?a==` x`]"), "[?a==`\"x\"`]");
    }
}
