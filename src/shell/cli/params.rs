//! Parsed options to an API request, as the CLI unpacks them
//! (`awscli/argprocess.py`, `paramfile.py` and the customizations): files
//! named with `file://` are read first, then each value becomes the type
//! its member's shape asks for, from words, JSON or shorthand.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::args::Raw;
use super::errors::{CliError, py_repr};
use super::model::{Kind, Operation, Service, Shape};
use super::names::xform_name;
use super::spec::{Arg, ArgKind};
use super::{b64, pyjson, shorthand};

pub type Files<'a> = &'a dyn Fn(&str) -> Option<String>;

/// What the options came to.
#[derive(Debug, Default)]
pub struct Built {
    pub input: Map<String, Value>,
    pub custom: BTreeMap<String, String>,
    pub starting_token: Option<String>,
    pub page_size: Option<i64>,
    pub max_items: Option<i64>,
    pub cli_input_json: Option<Value>,
    pub skeleton: Option<String>,
    /// Top-level members whose blob was read as bytes (`fileb://`, a
    /// streaming body), already base64: not to be decoded again.
    pub raw_blobs: Vec<String>,
}

/// `file://NAME` / `fileb://NAME` through the sandbox workspace.
fn paramfile(
    cli_name: &str,
    value: &str,
    files: Files<'_>,
) -> Result<Option<(String, bool)>, CliError> {
    for (prefix, binary) in [("file://", false), ("fileb://", true)] {
        if let Some(path) = value.strip_prefix(prefix) {
            return match files(path) {
                Some(text) => Ok(Some((text, binary))),
                None => Err(CliError::parameter(
                    cli_name,
                    format!(
                        "Unable to load paramfile {value}: [Errno 2] No such file or directory: {}",
                        py_repr(path)
                    ),
                )),
            };
        }
    }
    Ok(None)
}

fn json_arg(cli_name: &str, value: &str) -> Result<Value, CliError> {
    pyjson::loads(value).map_err(|e| {
        CliError::parameter(
            cli_name,
            format!("Invalid JSON: {e}\nJSON received: {value}"),
        )
    })
}

fn looks_like_json(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('[') || v.starts_with('{')
}

fn shorthand_error(cli_name: &str, e: shorthand::Error) -> CliError {
    match e {
        shorthand::Error::Syntax(m) => CliError::parameter(cli_name, m),
        shorthand::Error::Value(m) => CliError::general(m),
    }
}

fn int_value(text: &str) -> Result<i64, CliError> {
    shorthand::py_int(text).ok_or_else(|| {
        CliError::general(format!(
            "invalid literal for int() with base 10: {}",
            py_repr(text)
        ))
    })
}

/// argparse's `type=int` / `type=float` conversions.
fn argparse_number(cli_name: &str, kind: Kind, text: &str) -> Result<Value, CliError> {
    let float = matches!(kind, Kind::Double | Kind::Float);
    let value = if float {
        shorthand::py_float(text)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
    } else {
        shorthand::py_int(text).map(Value::from)
    };
    value.ok_or_else(|| {
        CliError::usage(format!(
            "argument {cli_name}: invalid {} value: {}",
            if float { "float" } else { "int" },
            py_repr(text)
        ))
    })
}

/// A scalar from a word, as `unpack_scalar_cli_arg` converts it.
fn scalar(cli_name: &str, shape: &Shape, text: &str) -> Result<Value, CliError> {
    Ok(match shape.kind {
        Kind::Integer => Value::from(int_value(text)?),
        Kind::Long | Kind::Double | Kind::Float => argparse_number(cli_name, shape.kind, text)?,
        Kind::Boolean => Value::Bool(!text.eq_ignore_ascii_case("false") && !text.is_empty()),
        _ => Value::String(text.to_owned()),
    })
}

/// One member's value, from the words given to its option.
fn member_value(
    service: &Service,
    cli_name: &str,
    (shape, streaming): (&Shape, bool),
    raw: &Raw,
    files: Files<'_>,
) -> Result<(Value, bool), CliError> {
    // The paramfile handler sees a list of one as its single word.
    let single = match raw {
        Raw::One(s) => Some(s.as_str()),
        Raw::Many(items) if items.len() == 1 => Some(items[0].as_str()),
        _ => None,
    };
    let loaded = match single {
        Some(word) => paramfile(cli_name, word, files)?,
        None => None,
    };
    if shape.kind == Kind::Blob {
        let word = single.unwrap_or_default();
        if streaming || shape.streaming {
            // A streaming body names a file to send.
            let text = loaded
                .map(|(t, _)| t)
                .or_else(|| files(word))
                .ok_or_else(|| {
                    CliError::parameter(cli_name, "Blob values must be a path to a file.")
                })?;
            return Ok((Value::String(b64::encode(text.as_bytes())), true));
        }
        return Ok(match loaded {
            Some((text, true)) => (Value::String(b64::encode(text.as_bytes())), true),
            Some((text, false)) => (Value::String(text), false),
            None => (Value::String(word.to_owned()), false),
        });
    }
    let raw = match loaded {
        Some((text, _)) => Raw::One(text),
        None => raw.clone(),
    };
    let value = match (shape.kind, &raw) {
        (Kind::Structure | Kind::Map, Raw::One(text)) => {
            complex(service, cli_name, shape, text, files)?
        }
        (Kind::List, _) => list(service, cli_name, shape, &raw, files)?,
        (_, Raw::One(text)) => scalar(cli_name, shape, text)?,
        (_, Raw::Many(items)) => Value::String(items.join(" ")),
        (_, Raw::Flag(b)) => Value::Bool(*b),
    };
    Ok((value, false))
}

/// A structure or map: JSON if it looks like JSON, else shorthand.
fn complex(
    service: &Service,
    cli_name: &str,
    shape: &Shape,
    text: &str,
    files: Files<'_>,
) -> Result<Value, CliError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return json_arg(cli_name, text);
    }
    if trimmed.starts_with('[') || shape.document {
        return Err(CliError::parameter(
            cli_name,
            format!("Invalid JSON:\n{text}"),
        ));
    }
    // `--attribute value` for a structure whose only member is a string
    // `Value`.
    if shape.kind == Kind::Structure
        && shape.members.len() == 1
        && shape.members[0].name == "Value"
        && service.shape(&shape.members[0].shape).kind == Kind::String
        && !text.contains('=')
    {
        return Ok(serde_json::json!({ "Value": text }));
    }
    let mut value = shorthand::parse(text, files).map_err(|e| shorthand_error(cli_name, e))?;
    shorthand::coerce(service, shape, &mut value).map_err(|e| shorthand_error(cli_name, e))?;
    Ok(value)
}

fn list(
    service: &Service,
    cli_name: &str,
    shape: &Shape,
    raw: &Raw,
    files: Files<'_>,
) -> Result<Value, CliError> {
    let items: Vec<String> = match raw {
        Raw::One(s) => vec![s.clone()],
        Raw::Many(items) => items.clone(),
        Raw::Flag(_) => Vec::new(),
    };
    let member = service.shape(shape.member.as_deref().unwrap_or_default());
    if items.len() == 1 && items[0].trim_start().starts_with('[') {
        return json_arg(cli_name, &items[0]);
    }
    if !member.kind.is_scalar() {
        if items.first().is_some_and(|i| looks_like_json(i)) {
            // `--filters '{...}' '{...}'`: each word its own JSON.
            return items
                .iter()
                .map(|i| {
                    if i.trim_start().starts_with('{') {
                        json_arg(cli_name, i)
                    } else {
                        Err(CliError::parameter(cli_name, format!("Invalid JSON:\n{i}")))
                    }
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array);
        }
        let mut parsed = Vec::new();
        for item in &items {
            parsed.push(shorthand::parse(item, files).map_err(|e| shorthand_error(cli_name, e))?);
        }
        let mut value = Value::Array(parsed);
        shorthand::coerce(service, shape, &mut value).map_err(|e| shorthand_error(cli_name, e))?;
        return Ok(value);
    }
    items
        .iter()
        .map(|i| scalar(cli_name, member, i))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// What building one operation's parameters reads: the operation, its
/// arguments table, the workspace files `file://` names, and whether the
/// CLI pages.
pub struct OpArgs<'a> {
    pub service: &'a Service,
    pub op: &'a Operation,
    pub table: &'a [Arg],
    pub files: Files<'a>,
    pub paginate: bool,
}

pub fn build(cx: &OpArgs<'_>, values: &[Option<Raw>]) -> Result<Built, CliError> {
    let mut built = Built::default();
    for (arg, raw) in cx.table.iter().zip(values) {
        let Some(raw) = raw else { continue };
        let cli_name = arg.cli_name();
        let one = match raw {
            Raw::One(s) => s.clone(),
            _ => String::new(),
        };
        match &arg.kind {
            ArgKind::Member {
                member,
                shape,
                streaming,
            } => {
                let shape = cx.service.shape(shape);
                let (value, raw_blob) =
                    member_value(cx.service, &cli_name, (shape, *streaming), raw, cx.files)?;
                if raw_blob {
                    built.raw_blobs.push(member.clone());
                }
                built.input.insert(member.clone(), value);
            }
            ArgKind::Flag { member, value } => {
                if let Raw::Flag(_) = raw {
                    built.input.insert(member.clone(), Value::Bool(*value));
                }
            }
            ArgKind::CliInputJson => {
                let text = match paramfile(&cli_name, &one, cx.files)? {
                    Some((t, _)) => t,
                    None => one,
                };
                // The CLI names this one without its dashes.
                built.cli_input_json = Some(json_arg("cli-input-json", &text)?);
            }
            ArgKind::GenerateCliSkeleton => built.skeleton = Some(one),
            ArgKind::StartingToken => built.starting_token = Some(one),
            ArgKind::PageSize { .. } => built.page_size = Some(paging_int(&cli_name, &one)?),
            ArgKind::MaxItems { .. } => built.max_items = Some(paging_int(&cli_name, &one)?),
            ArgKind::Outfile | ArgKind::Custom { .. } => {
                built.custom.insert(arg.name.clone(), one);
            }
            ArgKind::Count => {
                let (min, max) = one.split_once(':').unwrap_or((&one, &one));
                let bad = || {
                    CliError::general(
                        "count parameter should be of form min[:max] (e.g. 1 or 1:10)",
                    )
                };
                let min = shorthand::py_int(min).ok_or_else(bad)?;
                let max = shorthand::py_int(max).ok_or_else(bad)?;
                built.input.insert("MinCount".into(), Value::from(min));
                built.input.insert("MaxCount".into(), Value::from(max));
            }
            ArgKind::ZipFile { member } => {
                let Some((text, true)) = paramfile(&cli_name, &one, cx.files)? else {
                    return Err(CliError::general(
                        "--zip-file must be a zip file with the fileb:// prefix.\n\
                         Example usage:  --zip-file fileb://path/to/file.zip",
                    ));
                };
                let code = built
                    .input
                    .entry(member.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(code) = code {
                    code.insert(
                        "ZipFile".into(),
                        Value::String(b64::encode(text.as_bytes())),
                    );
                }
                built.raw_blobs.push(format!("{member}.ZipFile"));
            }
        }
    }
    if !cx.paginate {
        unpaged(cx, &mut built)?;
    }
    if let Some(json) = built.cli_input_json.clone() {
        let Value::Object(map) = json else {
            return Err(CliError::general(format!(
                "'{}' object has no attribute 'keys'",
                if json.is_array() { "list" } else { "str" }
            )));
        };
        for (key, value) in map {
            built.input.entry(key).or_insert(value);
        }
    }
    if cx.service.cli == "ec2" && cx.op.name == "RunInstances" {
        built.input.entry("MaxCount").or_insert(Value::from(1));
        built.input.entry("MinCount").or_insert(Value::from(1));
    }
    Ok(built)
}

/// argparse `type=int` for the paging options.
fn paging_int(cli_name: &str, text: &str) -> Result<i64, CliError> {
    shorthand::py_int(text).ok_or_else(|| {
        CliError::usage(format!(
            "argument {cli_name}: invalid int value: {}",
            py_repr(text)
        ))
    })
}

/// With pagination off, the paging options are refused, except one that
/// shadowed a member of the same name, which goes back to that member.
fn unpaged(cx: &OpArgs<'_>, built: &mut Built) -> Result<(), CliError> {
    let members: Vec<(String, String)> = cx
        .op
        .input
        .as_deref()
        .map(|i| {
            cx.service
                .shape(i)
                .members
                .iter()
                .map(|m| (xform_name(&m.name), m.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let shadowed = |name: &str| {
        members
            .iter()
            .find(|(cli, _)| cli == name)
            .map(|(_, m)| m.clone())
    };
    let mut refused = Vec::new();
    if built.starting_token.is_some() {
        match shadowed("starting-token") {
            Some(m) => {
                let v = built.starting_token.take().unwrap_or_default();
                built.input.insert(m, Value::String(v));
            }
            None => refused.push("--starting-token"),
        }
    }
    for (name, value) in [
        ("page-size", built.page_size.take()),
        ("max-items", built.max_items.take()),
    ] {
        let Some(v) = value else { continue };
        match shadowed(name) {
            Some(m) => {
                built.input.insert(m, Value::from(v));
            }
            None => refused.push(if name == "page-size" {
                "--page-size"
            } else {
                "--max-items"
            }),
        }
    }
    if !refused.is_empty() {
        return Err(CliError::general(format!(
            "Error during pagination: Cannot specify --no-paginate along with pagination arguments: {}",
            refused.join(", ")
        )));
    }
    Ok(())
}

/// Blob members hold base64 text. With the CLI's default
/// `--cli-binary-format base64` a blob given as text must be base64 already
/// (`Invalid base64: "..."` otherwise); with `raw-in-base64-out` the text
/// is the content and is encoded here.
pub fn blobs(
    service: &Service,
    shape: &Shape,
    value: &mut Value,
    raw_text: bool,
    skip: &[String],
    path: &str,
) -> Result<(), CliError> {
    match (shape.kind, value) {
        (Kind::Blob, Value::String(text)) => {
            if skip.iter().any(|s| s == path) {
                return Ok(());
            }
            if raw_text {
                *text = b64::encode(text.as_bytes());
            } else {
                let bytes = b64::decode(text)
                    .ok_or_else(|| CliError::param(format!("Invalid base64: \"{text}\"")))?;
                *text = b64::encode(&bytes);
            }
        }
        (Kind::Structure, Value::Object(map)) => {
            for member in &shape.members {
                if let Some(v) = map.get_mut(&member.name) {
                    let inner = service.shape(&member.shape);
                    let p = if path.is_empty() {
                        member.name.clone()
                    } else {
                        format!("{path}.{}", member.name)
                    };
                    blobs(service, inner, v, raw_text, skip, &p)?;
                }
            }
        }
        (Kind::List, Value::Array(items)) => {
            if let Some(m) = &shape.member {
                let inner = service.shape(m);
                for item in items {
                    blobs(service, inner, item, raw_text, skip, &format!("{path}[]"))?;
                }
            }
        }
        (Kind::Map, Value::Object(map)) => {
            if let Some(v) = &shape.value {
                let inner = service.shape(v);
                for item in map.values_mut() {
                    blobs(service, inner, item, raw_text, skip, &format!("{path}{{}}"))?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}
