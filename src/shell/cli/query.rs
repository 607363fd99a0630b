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
    jmespath::compile(expression).map_err(|e| {
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
