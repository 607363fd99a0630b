//! botocore's client-side check of a request against the model
//! (`botocore/validate.py`): required members, unknown members, types, and
//! minimum lengths and values. Maximums and patterns are the service's to
//! enforce, so, as in botocore, they are not checked here.

use serde_json::Value;

use super::model::{Kind, Service, Shape};

/// `Parameter validation failed:` and one line per problem, or `None`.
pub fn validate(service: &Service, shape: &Shape, params: &Value) -> Option<String> {
    let mut errors = Vec::new();
    check(service, shape, params, "", &mut errors);
    (!errors.is_empty()).then(|| format!("Parameter validation failed:\n{}", errors.join("\n")))
}

fn label(name: &str) -> &str {
    if name.is_empty() {
        "input"
    } else {
        name.strip_prefix('.').unwrap_or(name)
    }
}

/// Python's `str()` of a decoded JSON value.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// Python's `repr()` of a decoded JSON value.
pub fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => py_number(n),
        Value::String(s) => super::errors::py_repr(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", super::errors::py_repr(k), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A number as Python prints it: floats keep a `.0`.
pub fn py_number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() => super::output::py_float(f),
        _ => n.to_string(),
    }
}

fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

fn invalid_type(name: &str, v: &Value, valid: &str, errors: &mut Vec<String>) {
    errors.push(format!(
        "Invalid type for parameter {}, value: {}, type: {}, valid types: {valid}",
        label(name),
        py_str(v),
        py_type(v)
    ));
}

fn min_check(name: &str, n: f64, shape: &Shape, what: &str, shown: &str, errors: &mut Vec<String>) {
    if let Some(min) = shape.min
        && n < min
    {
        errors.push(format!(
            "Invalid {what} for parameter {}, value: {shown}, valid min {what}: {}",
            label(name),
            py_number(&serde_json::Number::from(min as i64))
        ));
    }
}

fn valid_types(kind: Kind) -> &'static str {
    match kind {
        Kind::Structure | Kind::Map => "<class 'dict'>",
        Kind::List => "<class 'list'>, <class 'tuple'>",
        Kind::String => "<class 'str'>",
        Kind::Integer | Kind::Long => "<class 'int'>",
        Kind::Boolean => "<class 'bool'>",
        Kind::Double | Kind::Float => "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
        Kind::Timestamp => "<class 'datetime.datetime'>, timestamp-string",
        Kind::Blob => "<class 'bytes'>, <class 'bytearray'>, file-like object",
    }
}

fn type_ok(kind: Kind, v: &Value) -> bool {
    match kind {
        Kind::Structure | Kind::Map => v.is_object(),
        Kind::List => v.is_array(),
        Kind::String | Kind::Blob => v.is_string(),
        // In Python a bool is an int.
        Kind::Integer | Kind::Long => v.is_i64() || v.is_u64() || v.is_boolean(),
        Kind::Boolean => v.is_boolean(),
        Kind::Double | Kind::Float => v.is_number() || v.is_boolean(),
        Kind::Timestamp => match v {
            Value::Number(_) => true,
            Value::String(s) => timestamp_like(s),
            _ => false,
        },
    }
}

/// What dateutil would read as a time: an epoch number or an ISO-8601-ish
/// date.
fn timestamp_like(s: &str) -> bool {
    let s = s.trim();
    if s.parse::<f64>().is_ok() {
        return true;
    }
    let digits: String = s.chars().take(4).collect();
    digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-:.+ TZ/".contains(c))
}

fn check(service: &Service, shape: &Shape, v: &Value, name: &str, errors: &mut Vec<String>) {
    if !type_ok(shape.kind, v) {
        invalid_type(name, v, valid_types(shape.kind), errors);
        return;
    }
    match (shape.kind, v) {
        (Kind::Structure, Value::Object(map)) => {
            if shape.union {
                let members: Vec<&str> = shape.members.iter().map(|m| m.name.as_str()).collect();
                if map.is_empty() {
                    errors.push(format!(
                        "Must set one of the following keys for tagged unionstructure {}: {}.",
                        label(name),
                        members.join(", ")
                    ));
                } else if map.len() > 1 {
                    errors.push(format!(
                        "Invalid number of parameters set for tagged union structure {}. \
                         Can only set one of the following keys: {}.",
                        label(name),
                        members.join(", ")
                    ));
                }
            }
            for required in &shape.required {
                if !map.contains_key(required) {
                    errors.push(format!(
                        "Missing required parameter in {}: \"{required}\"",
                        label(name)
                    ));
                }
            }
            let mut known = Vec::new();
            for (key, value) in map {
                match shape.member(key) {
                    Some(member) => known.push((key, value, member)),
                    None => errors.push(format!(
                        "Unknown parameter in {}: \"{key}\", must be one of: {}",
                        label(name),
                        shape
                            .members
                            .iter()
                            .map(|m| m.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                }
            }
            for (key, value, member) in known {
                check(
                    service,
                    service.shape(&member.shape),
                    value,
                    &format!("{name}.{key}"),
                    errors,
                );
            }
        }
        (Kind::List, Value::Array(items)) => {
            min_check(
                name,
                items.len() as f64,
                shape,
                "length",
                &items.len().to_string(),
                errors,
            );
            if let Some(member) = &shape.member {
                let inner = service.shape(member);
                let plain = inner.kind.is_scalar()
                    && inner.kind != Kind::Blob
                    && inner.kind != Kind::Timestamp
                    && inner.min.is_none();
                for (i, item) in items.iter().enumerate() {
                    let item_name = format!("{name}[{i}]");
                    if plain {
                        if !type_ok(inner.kind, item) {
                            invalid_type(&item_name, item, valid_types(inner.kind), errors);
                        }
                    } else {
                        check(service, inner, item, &item_name, errors);
                    }
                }
            }
        }
        (Kind::Map, Value::Object(map)) => {
            let key_shape = shape.key.as_deref().map(|k| service.shape(k));
            let value_shape = shape.value.as_deref().map(|k| service.shape(k));
            for (key, value) in map {
                if let Some(ks) = key_shape {
                    check(
                        service,
                        ks,
                        &Value::String(key.clone()),
                        &format!("{name} (key: {key})"),
                        errors,
                    );
                }
                if let Some(vs) = value_shape {
                    check(service, vs, value, &format!("{name}.{key}"), errors);
                }
            }
        }
        (Kind::String, Value::String(s)) => {
            let n = s.chars().count();
            min_check(name, n as f64, shape, "length", &n.to_string(), errors);
        }
        (Kind::Integer | Kind::Long | Kind::Double | Kind::Float, Value::Number(n)) => {
            min_check(
                name,
                n.as_f64().unwrap_or_default(),
                shape,
                "value",
                &py_number(n),
                errors,
            );
        }
        _ => {}
    }
}
