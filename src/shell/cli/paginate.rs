//! What the CLI does with a paginated operation (botocore's `PageIterator`
//! and `build_full_result`): it calls page after page, gathers the result
//! keys, keeps the first page's non-aggregate keys, stops at `--max-items`
//! and then prints a `NextToken` to resume from. So `aws iam list-users`
//! prints `Users` and no `IsTruncated` or `Marker`.

use serde_json::{Map, Value};

use super::model::{self, Paginator};
use super::{Call, b64, pyjson};

/// Runs `call`, sending each page's request through `send`. A call that is
/// not paginated (or has pagination off) is one `send`.
pub fn paginate<E>(
    call: &Call,
    mut send: impl FnMut(&Value) -> Result<Value, E>,
) -> Result<Value, E> {
    let paginator = model::service(&call.service)
        .and_then(|s| s.operation_by_api(&call.operation))
        .and_then(|o| o.paginator.as_ref());
    let (Some(p), Some(paging)) = (paginator, &call.paging) else {
        return send(&call.input);
    };
    let Some(primary) = p.result_key.first() else {
        return send(&call.input);
    };
    let mut input = match &call.input {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    let (mut next_token, starting_truncation) = match &paging.starting_token {
        Some(t) => decode_token(p, t),
        None => (
            p.input_token
                .iter()
                .map(|k| (k.clone(), Value::Null))
                .collect(),
            0,
        ),
    };
    inject(&mut input, &next_token);
    if let (Some(size), Some(limit)) = (paging.page_size, &p.limit_key) {
        input.insert(limit.clone(), Value::from(size));
    }
    let mut complete = Map::new();
    let mut non_aggregate = Map::new();
    let mut resume: Option<Map<String, Value>> = None;
    let mut total: i64 = 0;
    let mut first = true;
    let mut previous: Option<Map<String, Value>> = None;
    loop {
        let mut page = send(&Value::Object(input.clone()))?;
        let mut truncation = 0;
        if first {
            if paging.starting_token.is_some() {
                truncation = starting_truncation;
                skip_first(p, &mut page, truncation);
            }
            for key in &p.non_aggregate_keys {
                if let Some(v) = page.get(key) {
                    non_aggregate.insert(key.clone(), v.clone());
                }
            }
            first = false;
        }
        let count = page
            .get(primary)
            .and_then(Value::as_array)
            .map_or(0, Vec::len) as i64;
        let over = paging.max_items.map_or(0, |m| total + count - m);
        if over > 0 {
            let keep = (count - over).max(0);
            if let Some(Value::Array(items)) = page.get_mut(primary) {
                items.truncate(keep as usize);
            }
            next_token.insert(
                "boto_truncate_amount".into(),
                Value::from(keep + truncation),
            );
            resume = Some(next_token.clone());
            gather(p, &mut complete, &page);
            break;
        }
        gather(p, &mut complete, &page);
        total += count;
        next_token = next_of(p, &page);
        if next_token.values().all(Value::is_null) {
            break;
        }
        if paging.max_items == Some(total) {
            resume = Some(next_token.clone());
            break;
        }
        // botocore raises here; a repeated token would only loop forever.
        if previous.as_ref() == Some(&next_token) {
            break;
        }
        inject(&mut input, &next_token);
        previous = Some(next_token.clone());
    }
    for (k, v) in non_aggregate {
        complete.entry(k).or_insert(v);
    }
    if let Some(token) = resume {
        let encoded = b64::encode(pyjson::dumps(&Value::Object(token)).as_bytes());
        complete.insert("NextToken".into(), Value::String(encoded));
    }
    Ok(Value::Object(complete))
}

fn inject(input: &mut Map<String, Value>, token: &Map<String, Value>) {
    for (name, value) in token {
        let none = value.is_null() || value.as_str() == Some("None");
        if none {
            input.shift_remove(name);
        } else {
            input.insert(name.clone(), value.clone());
        }
    }
}

/// A `NextToken` back to the service's own token (and how many items of
/// its page were already shown). A token that is not ours is taken as the
/// service's raw token, as botocore's fallback parser does.
fn decode_token(p: &Paginator, token: &str) -> (Map<String, Value>, i64) {
    let decoded = b64::decode(token)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| pyjson::loads(&text).ok());
    if let Some(Value::Object(mut map)) = decoded {
        let amount = map
            .shift_remove("boto_truncate_amount")
            .and_then(|v| v.as_i64())
            .unwrap_or(0);
        return (map, amount);
    }
    let mut map = Map::new();
    if let Some(first) = p.input_token.first() {
        map.insert(first.clone(), Value::String(token.to_owned()));
    }
    (map, 0)
}

/// Drops the items of the first page that an earlier `--max-items` showed.
fn skip_first(p: &Paginator, page: &mut Value, amount: i64) {
    if let Some(Value::Array(items)) = page.get_mut(&p.result_key[0]) {
        let n = (amount.max(0) as usize).min(items.len());
        items.drain(..n);
    }
    for key in p.result_key.iter().skip(1) {
        if let Some(v) = page.get_mut(key) {
            *v = match v {
                Value::Array(_) => Value::Array(Vec::new()),
                Value::String(_) => Value::String(String::new()),
                Value::Number(_) => v.clone(),
                _ => Value::Null,
            };
        }
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
    }
}

fn next_of(p: &Paginator, page: &Value) -> Map<String, Value> {
    if let Some(more) = &p.more_results
        && !page.get(more).is_some_and(truthy)
    {
        return Map::new();
    }
    p.output_token
        .iter()
        .zip(&p.input_token)
        .map(|(out, input)| {
            let v = page
                .get(out)
                .filter(|v| truthy(v))
                .cloned()
                .unwrap_or(Value::Null);
            (input.clone(), v)
        })
        .collect()
}

fn gather(p: &Paginator, complete: &mut Map<String, Value>, page: &Value) {
    for key in &p.result_key {
        let Some(value) = page.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        match (complete.get_mut(key), value) {
            (None, v) => {
                complete.insert(key.clone(), v.clone());
            }
            (Some(Value::Array(existing)), Value::Array(more)) => {
                existing.extend(more.iter().cloned())
            }
            (Some(Value::Number(a)), Value::Number(b)) => {
                let sum = match (a.as_i64(), b.as_i64()) {
                    (Some(x), Some(y)) => Value::from(x + y),
                    _ => serde_json::Number::from_f64(
                        a.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0),
                    )
                    .map(Value::Number)
                    .unwrap_or(Value::Null),
                };
                complete.insert(key.clone(), sum);
            }
            (Some(Value::String(a)), Value::String(b)) => a.push_str(b),
            _ => {}
        }
    }
}
