//! `--query`, with the jmespath crate. The crate keeps objects in sorted
//! maps, where Python keeps insertion order; so after a search the key
//! order is put back: the keys of a multi-select hash in the order the
//! expression writes them, every other key in the order it first appears in
//! the response.

use std::collections::HashMap;

use jmespath::ast::Ast;
use serde_json::{Map, Value};

use super::errors::CliError;

/// The CLI's check of `--query`, done before anything is called.
pub fn compile(expression: &str) -> Result<jmespath::Expression<'static>, CliError> {
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
    let mut ranks: HashMap<String, usize> = HashMap::new();
    hash_keys(compiled.as_ast(), &mut ranks);
    document_keys(data, &mut ranks);
    reorder(&mut value, &ranks);
    Ok(value)
}

fn rank(ranks: &mut HashMap<String, usize>, key: &str) {
    let next = ranks.len();
    ranks.entry(key.to_owned()).or_insert(next);
}

fn hash_keys(ast: &Ast, ranks: &mut HashMap<String, usize>) {
    match ast {
        Ast::MultiHash { elements, .. } => {
            for kv in elements {
                rank(ranks, &kv.key);
            }
            for kv in elements {
                hash_keys(&kv.value, ranks);
            }
        }
        Ast::Comparison { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. } => {
            hash_keys(lhs, ranks);
            hash_keys(rhs, ranks);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            hash_keys(predicate, ranks);
            hash_keys(then, ranks);
        }
        Ast::Expref { ast, .. } | Ast::Flatten { node: ast, .. } | Ast::Not { node: ast, .. } => {
            hash_keys(ast, ranks)
        }
        Ast::ObjectValues { node, .. } => hash_keys(node, ranks),
        Ast::Function { args, .. } | Ast::MultiList { elements: args, .. } => {
            for a in args {
                hash_keys(a, ranks);
            }
        }
        _ => {}
    }
}

fn document_keys(v: &Value, ranks: &mut HashMap<String, usize>) {
    match v {
        Value::Object(map) => {
            for (k, inner) in map {
                rank(ranks, k);
                document_keys(inner, ranks);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| document_keys(i, ranks)),
        _ => {}
    }
}

fn reorder(v: &mut Value, ranks: &HashMap<String, usize>) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            entries.sort_by_key(|(k, _)| ranks.get(k).copied().unwrap_or(usize::MAX));
            let mut out = Map::new();
            for (k, mut inner) in entries {
                reorder(&mut inner, ranks);
                out.insert(k, inner);
            }
            *map = out;
        }
        Value::Array(items) => items.iter_mut().for_each(|i| reorder(i, ranks)),
        _ => {}
    }
}
