//! Our own short help (the real CLI opens a man page), in the man page's
//! section layout, and the CLI's `--generate-cli-skeleton`.

use serde_json::{Map, Value};

use super::errors::CliError;
use super::model::{Kind, Operation, Service, Shape};
use super::output::json;
use super::spec::{self, Arg, ArgKind};

pub const VERSION: &str = "aws-cli/2.34.3 (iamtutor offline sandbox)\n";

pub fn services_help() -> String {
    let mut out = String::from(
        "AWS\n\nDESCRIPTION\n       The AWS Command Line Interface, offline: every call runs against\n       \
         iamtutor's own organization, never a real account.\n\nSYNOPSIS\n       \
         aws [options] <command> <subcommand> [parameters]\n\nAVAILABLE SERVICES\n",
    );
    for name in super::complete::services() {
        out.push_str(&format!("       o {name}\n"));
    }
    out.push_str("\nTry: aws iam help, aws iam create-user help\n");
    out
}

pub fn service_help(service: &Service) -> String {
    let mut out = format!(
        "{}\n\nDESCRIPTION\n       {} ({} operations here).\n\nAVAILABLE COMMANDS\n",
        service.cli,
        service.service_id,
        service.operations.len()
    );
    let mut ops: Vec<&Operation> = service.operations.iter().collect();
    ops.sort_by(|a, b| a.cli.cmp(&b.cli));
    let width = ops.iter().map(|o| o.cli.len()).max().unwrap_or(0);
    for op in ops {
        out.push_str(&format!("       o {:width$}  {}\n", op.cli, op.doc));
    }
    out.push_str(&format!(
        "\nTry: aws {} {} help\n",
        service.cli, service.operations[0].cli
    ));
    out
}

fn synopsis_item(arg: &Arg, table: &[Arg]) -> Option<String> {
    let item = match &arg.kind {
        ArgKind::Flag {
            member,
            value: true,
        } => {
            let negative = table.iter().find(
                |a| matches!(&a.kind, ArgKind::Flag { member: m, value: false } if m == member),
            )?;
            format!("--{} | --{}", arg.name, negative.name)
        }
        ArgKind::Flag { .. } => return None,
        ArgKind::Outfile => "<outfile>".to_owned(),
        _ => format!("--{} <value>", arg.name),
    };
    Some(if arg.required {
        item
    } else {
        format!("[{item}]")
    })
}

pub fn operation_help(service: &Service, op: &Operation) -> String {
    let table = spec::arguments(service, op);
    let mut visible: Vec<&Arg> = table.iter().filter(|a| !a.hidden).collect();
    visible.sort_by_key(|a| !a.required);
    let mut out = format!(
        "{}\n\nDESCRIPTION\n       {}\n\nSYNOPSIS\n            {}\n",
        op.cli, op.doc, op.cli
    );
    for arg in visible {
        if let Some(item) = synopsis_item(arg, &table) {
            out.push_str(&format!("          {item}\n"));
        }
    }
    let details: Vec<String> = table
        .iter()
        .filter(|a| !a.hidden)
        .filter_map(|a| option_line(service, a))
        .collect();
    if !details.is_empty() {
        out.push_str("\nOPTIONS\n");
        for line in details {
            out.push_str(&format!("       {line}\n"));
        }
    }
    out.push_str(&format!(
        "\nEXAMPLE\n       {}\n",
        example(service, op, &table)
    ));
    if op.paginator.is_some() {
        out.push_str(&format!(
            "\n       {} is a paginated operation: the CLI fetches every page unless\n       \
             --max-items stops it, and prints a NextToken to resume from.\n",
            op.cli
        ));
    }
    out
}

/// `--user-name (string, length 1..64, pattern [\w+=,.@-]+)`: the type
/// and the model's constraints, which the service enforces.
fn option_line(service: &Service, arg: &Arg) -> Option<String> {
    let ArgKind::Member { shape, .. } = &arg.kind else {
        return None;
    };
    let shape = service.shape(shape);
    let mut facts = vec![shape.kind.name().to_owned()];
    let bound = |v: Option<f64>| v.map(|n| (n as i64).to_string()).unwrap_or_default();
    if shape.min.is_some() || shape.max.is_some() {
        let what = if shape.kind == Kind::String {
            "length"
        } else {
            "range"
        };
        facts.push(format!("{what} {}..{}", bound(shape.min), bound(shape.max)));
    }
    if let Some(p) = &shape.pattern
        && p.chars().count() <= 40
    {
        facts.push(format!("pattern {p}"));
    }
    if !shape.enums.is_empty() && shape.enums.len() <= 8 {
        facts.push(format!("one of {}", shape.enums.join(" | ")));
    }
    Some(format!("--{} ({})", arg.name, facts.join(", ")))
}

/// A value that reads well in an example.
fn sample(name: &str, shape: Option<&Shape>, service: &Service) -> String {
    let known = match name {
        "user-name" => "john",
        "group-name" => "Developers",
        "role-name" => "S3AccessRole",
        "policy-name" => "ReadReports",
        "policy-arn" => "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "policy-document" | "permissions-policy" => "file://policy.json",
        "assume-role-policy-document" => "file://trust.json",
        "role-arn" => "arn:aws:iam::111122223333:role/S3AccessRole",
        "role-session-name" => "demo",
        "instance-profile-name" => "WebServer",
        "serial-number" => "arn:aws:iam::111122223333:mfa/john",
        "token-code" | "authentication-code-1" => "123456",
        "authentication-code-2" => "654321",
        "virtual-mfa-device-name" => "john-phone",
        "access-key-id" => "AKIAIOSFODNN7EXAMPLE",
        "password" => "'Str0ng!Passw0rd'",
        "version-id" => "v2",
        "bucket" => "reports",
        "key" => "2024/summary.csv",
        "policy" => "file://bucket-policy.json",
        "image-id" => "ami-0abcdef1234567890",
        "instance-ids" => "i-0abc123",
        "instance-id" => "i-0abc123",
        "iam-instance-profile" => "Name=WebServer",
        "association-id" => "iip-assoc-0abc123",
        "function-name" => "report-builder",
        "role" => "arn:aws:iam::111122223333:role/LambdaRole",
        "table-name" => "Orders",
        "key-schema" => "AttributeName=id,KeyType=HASH",
        "attribute-definitions" => "AttributeName=id,AttributeType=S",
        "item" => "'{\"id\": {\"S\": \"1\"}}'",
        "action-names" => "s3:GetObject s3:PutObject",
        "policy-input-list" => "file://policy.json",
        "policy-source-arn" => "arn:aws:iam::111122223333:user/john",
        "tags" => "Key=team,Value=blue",
        "tag-keys" => "team",
        "metric-name" => "CPUUtilization",
        "namespace" => "AWS/EC2",
        "start-time" => "2024-01-01T00:00:00Z",
        "end-time" => "2024-01-02T00:00:00Z",
        "period" => "3600",
        "outfile" => "out.txt",
        "bootstrap-method" => "Base32StringSeed",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    let Some(shape) = shape else {
        return "<value>".into();
    };
    if let Some(first) = shape.enums.first() {
        return first.clone();
    }
    match shape.kind {
        Kind::Integer | Kind::Long => "1".into(),
        Kind::List => shape
            .member
            .as_deref()
            .map(|m| service.shape(m))
            .and_then(|m| m.enums.first().cloned())
            .unwrap_or_else(|| "<value>".into()),
        _ => "<value>".into(),
    }
}

fn example(service: &Service, op: &Operation, table: &[Arg]) -> String {
    let mut words = vec![format!("aws {} {}", service.cli, op.cli)];
    for arg in table.iter().filter(|a| a.required) {
        let value = match &arg.kind {
            ArgKind::Member { shape, .. } => sample(&arg.name, Some(service.shape(shape)), service),
            ArgKind::Custom { choices } if !choices.is_empty() => {
                choices[choices.len() - 1].clone()
            }
            _ => sample(&arg.name, None, service),
        };
        if arg.positional() {
            words.push(value);
        } else {
            words.push(format!("--{} {value}", arg.name));
        }
    }
    words.join(" ")
}

/// `--generate-cli-skeleton [input|output]`: the request (or response) with
/// placeholder values, as botocore's `ArgumentGenerator` makes it. Where it
/// would pick a random enum value we take the first, to stay deterministic.
pub fn skeleton(service: &Service, op: &Operation, which: &str) -> Result<String, CliError> {
    let shape = match which {
        "output" => op.output.as_deref(),
        "input" => op.input.as_deref(),
        _ => {
            return Err(CliError::general(
                "YAML skeletons are not available in iamtutor; use --generate-cli-skeleton input",
            ));
        }
    };
    let value = match shape {
        Some(name) => generate(service, service.shape(name), &mut Vec::new()),
        None => Value::Object(Map::new()),
    };
    Ok(json(&value))
}

fn generate(service: &Service, shape: &Shape, stack: &mut Vec<String>) -> Value {
    stack.push(shape.name.clone());
    let value = match shape.kind {
        Kind::Structure => {
            if stack.iter().filter(|n| **n == shape.name).count() > 1 {
                Value::Object(Map::new())
            } else {
                Value::Object(
                    shape
                        .members
                        .iter()
                        .map(|m| {
                            (
                                m.name.clone(),
                                generate(service, service.shape(&m.shape), stack),
                            )
                        })
                        .collect(),
                )
            }
        }
        Kind::List => Value::Array(vec![
            shape
                .member
                .as_deref()
                .map(|m| generate(service, service.shape(m), stack))
                .unwrap_or(Value::Null),
        ]),
        Kind::Map => {
            let mut map = Map::new();
            let value = shape
                .value
                .as_deref()
                .map(|v| generate(service, service.shape(v), stack))
                .unwrap_or(Value::Null);
            map.insert("KeyName".into(), value);
            Value::Object(map)
        }
        Kind::String => Value::String(shape.enums.first().cloned().unwrap_or_default()),
        Kind::Integer | Kind::Long => Value::from(0),
        Kind::Double | Kind::Float => serde_json::json!(0.0),
        Kind::Boolean => Value::Bool(true),
        Kind::Timestamp => Value::String("1970-01-01T00:00:00".into()),
        Kind::Blob => Value::Null,
    };
    stack.pop();
    value
}
