//! The botocore service models, cut down by `assets/botocore/generate.py` and
//! embedded at build time. Parsed once, on first use, into plain structs the
//! rest of the CLI reads through `&'static` references.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

/// The embedded models, in the order `aws help` lists them.
const SOURCES: &[&str] = &[
    include_str!("../../../assets/botocore/autoscaling.json"),
    include_str!("../../../assets/botocore/cloudwatch.json"),
    include_str!("../../../assets/botocore/dynamodb.json"),
    include_str!("../../../assets/botocore/ec2.json"),
    include_str!("../../../assets/botocore/elbv2.json"),
    include_str!("../../../assets/botocore/iam.json"),
    include_str!("../../../assets/botocore/lambda.json"),
    include_str!("../../../assets/botocore/organizations.json"),
    include_str!("../../../assets/botocore/s3api.json"),
    include_str!("../../../assets/botocore/sts.json"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Double,
    Float,
    Timestamp,
    Blob,
}

impl Kind {
    fn parse(name: &str) -> Kind {
        match name {
            "structure" => Kind::Structure,
            "list" => Kind::List,
            "map" => Kind::Map,
            "integer" => Kind::Integer,
            "long" => Kind::Long,
            "boolean" => Kind::Boolean,
            "double" => Kind::Double,
            "float" => Kind::Float,
            "timestamp" => Kind::Timestamp,
            "blob" => Kind::Blob,
            _ => Kind::String,
        }
    }

    /// botocore's type name, as the CLI prints it in help.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Structure => "structure",
            Kind::List => "list",
            Kind::Map => "map",
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Long => "long",
            Kind::Boolean => "boolean",
            Kind::Double => "double",
            Kind::Float => "float",
            Kind::Timestamp => "timestamp",
            Kind::Blob => "blob",
        }
    }

    pub fn is_scalar(self) -> bool {
        !matches!(self, Kind::Structure | Kind::List | Kind::Map)
    }
}

#[derive(Debug)]
pub struct Member {
    pub name: String,
    pub shape: String,
    /// A streaming body (`s3api put-object --body`): botocore marks it on
    /// the member, and the CLI then reads the value as a file name.
    pub streaming: bool,
}

#[derive(Debug)]
pub struct Shape {
    pub name: String,
    pub kind: Kind,
    pub required: Vec<String>,
    pub members: Vec<Member>,
    /// The element shape of a list.
    pub member: Option<String>,
    pub key: Option<String>,
    pub value: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub pattern: Option<String>,
    pub enums: Vec<String>,
    /// The member sent or received as the whole HTTP body.
    pub payload: Option<String>,
    pub streaming: bool,
    pub document: bool,
    /// A tagged union: exactly one member may be set.
    pub union: bool,
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

#[derive(Debug)]
pub struct Paginator {
    pub input_token: Vec<String>,
    pub output_token: Vec<String>,
    pub more_results: Option<String>,
    pub limit_key: Option<String>,
    pub result_key: Vec<String>,
    pub non_aggregate_keys: Vec<String>,
}

#[derive(Debug)]
pub struct Operation {
    /// The API name, `CreateUser`.
    pub name: String,
    /// The CLI name, `create-user`.
    pub cli: String,
    pub doc: String,
    pub input: Option<String>,
    pub output: Option<String>,
    pub paginator: Option<Paginator>,
}

#[derive(Debug)]
pub struct Service {
    /// The CLI name, `s3api`.
    pub cli: String,
    pub service_id: String,
    pub operations: Vec<Operation>,
    pub shapes: HashMap<String, Shape>,
}

impl Service {
    pub fn shape(&self, name: &str) -> &Shape {
        // The generator keeps every shape an operation reaches, so a miss is
        // a broken asset, caught by the model tests.
        &self.shapes[name]
    }

    pub fn operation(&self, cli_name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.cli == cli_name)
    }

    pub fn operation_by_api(&self, api_name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == api_name)
    }
}

/// Every operation of the full botocore models, simulated or not: lines of
/// `<cli service> <API name> <CLI name>`.
const ALL_OPERATIONS: &str = include_str!("../../../assets/botocore/operations.txt");

/// Whether `cli_name` is an operation of the real service, though perhaps
/// not one the sandbox carries.
pub fn real_operation(service: &str, cli_name: &str) -> bool {
    ALL_OPERATIONS.lines().any(|line| {
        let mut words = line.split(' ');
        words.next() == Some(service) && words.nth(1) == Some(cli_name)
    })
}

pub fn services() -> &'static [Service] {
    static SERVICES: OnceLock<Vec<Service>> = OnceLock::new();
    SERVICES.get_or_init(|| SOURCES.iter().map(|s| load(s)).collect())
}

pub fn service(cli_name: &str) -> Option<&'static Service> {
    services().iter().find(|s| s.cli == cli_name)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn load(source: &str) -> Service {
    let root: Value = serde_json::from_str(source).expect("embedded botocore model is JSON");
    let pages = &root["paginators"];
    let operations = root["operations"]
        .as_object()
        .map(|ops| {
            ops.iter()
                .map(|(name, op)| Operation {
                    name: name.clone(),
                    cli: text(op, "cli").unwrap_or_default(),
                    doc: text(op, "doc").unwrap_or_default(),
                    input: text(op, "input"),
                    output: text(op, "output"),
                    paginator: pages.get(name).map(|p| Paginator {
                        input_token: strings(p.get("input_token")),
                        output_token: strings(p.get("output_token")),
                        more_results: text(p, "more_results"),
                        limit_key: text(p, "limit_key"),
                        result_key: strings(p.get("result_key")),
                        non_aggregate_keys: strings(p.get("non_aggregate_keys")),
                    }),
                })
                .collect()
        })
        .unwrap_or_default();
    let shapes = root["shapes"]
        .as_object()
        .map(|shapes| {
            shapes
                .iter()
                .map(|(name, s)| (name.clone(), shape(name, s)))
                .collect()
        })
        .unwrap_or_default();
    Service {
        cli: text(&root, "cli").unwrap_or_default(),
        service_id: text(&root["metadata"], "serviceId").unwrap_or_default(),
        operations,
        shapes,
    }
}

fn shape(name: &str, s: &Value) -> Shape {
    let inner = |key: &str| s.get(key).and_then(|m| text(m, "shape"));
    Shape {
        name: name.to_owned(),
        kind: Kind::parse(s["type"].as_str().unwrap_or("string")),
        required: strings(s.get("required")),
        members: s
            .get("members")
            .and_then(Value::as_object)
            .map(|members| {
                members
                    .iter()
                    .map(|(n, m)| Member {
                        name: n.clone(),
                        shape: text(m, "shape").unwrap_or_default(),
                        streaming: m.get("streaming").and_then(Value::as_bool) == Some(true),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        member: inner("member"),
        key: inner("key"),
        value: inner("value"),
        min: s.get("min").and_then(Value::as_f64),
        max: s.get("max").and_then(Value::as_f64),
        pattern: text(s, "pattern"),
        enums: strings(s.get("enum")),
        payload: text(s, "payload"),
        streaming: s.get("streaming").and_then(Value::as_bool) == Some(true),
        document: s.get("document").and_then(Value::as_bool) == Some(true),
        union: s.get("union").and_then(Value::as_bool) == Some(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_carried_operation_is_a_real_one_and_real_ones_go_further() {
        for service in services() {
            for op in &service.operations {
                assert!(
                    real_operation(&service.cli, &op.cli),
                    "{} {}",
                    service.cli,
                    op.cli
                );
            }
        }
        assert!(real_operation("iam", "create-saml-provider"));
        assert!(real_operation("sts", "assume-role-with-web-identity"));
        assert!(!real_operation("iam", "create-bucket"));
        assert!(!real_operation("sts", "create-user"));
    }
}
