//! What the Tab key can offer: services, operations and options, from the
//! same argument tables the parser uses, so they never disagree.

use super::model::{self, Kind};
use super::spec::{self, ArgKind};

/// What an option takes, for completion of its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionKind {
    /// `--flag` / `--no-flag`: no value.
    Flag,
    String,
    Integer,
    Double,
    Timestamp,
    Blob,
    /// Several words, or JSON.
    List,
    /// JSON or shorthand.
    Structure,
    Map,
    /// A file name (the streaming `outfile`, `--zip-file fileb://...`).
    File,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionInfo {
    /// With its dashes: `--user-name`; `outfile` for a positional.
    pub name: String,
    pub required: bool,
    pub kind: OptionKind,
    pub enum_values: Vec<String>,
}

/// The CLI names of the services we carry, sorted.
pub fn services() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = model::services().iter().map(|s| s.cli.as_str()).collect();
    names.sort_unstable();
    names
}

/// The CLI names of a service's operations, sorted; empty for an unknown
/// service.
pub fn operations(service: &str) -> Vec<String> {
    let mut ops: Vec<String> = model::service(service)
        .map(|s| s.operations.iter().map(|o| o.cli.clone()).collect())
        .unwrap_or_default();
    ops.sort();
    ops
}

/// A service's operations as (CLI name, API name), in CLI-name order: the
/// table of everything `aws <service> ...` can call.
pub fn operation_names(service: &str) -> Vec<(String, String)> {
    let mut ops: Vec<(String, String)> = model::service(service)
        .map(|s| {
            s.operations
                .iter()
                .map(|o| (o.cli.clone(), o.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    ops.sort();
    ops
}

fn kind_of(kind: Kind) -> OptionKind {
    match kind {
        Kind::Structure => OptionKind::Structure,
        Kind::List => OptionKind::List,
        Kind::Map => OptionKind::Map,
        Kind::String => OptionKind::String,
        Kind::Integer | Kind::Long => OptionKind::Integer,
        Kind::Double | Kind::Float => OptionKind::Double,
        Kind::Boolean => OptionKind::Flag,
        Kind::Timestamp => OptionKind::Timestamp,
        Kind::Blob => OptionKind::Blob,
    }
}

/// The options of an operation (CLI names), required first, without the
/// undocumented ones; empty for an unknown service or operation.
pub fn options(service: &str, operation: &str) -> Vec<OptionInfo> {
    let Some(svc) = model::service(service) else {
        return Vec::new();
    };
    let Some(op) = svc.operation(operation) else {
        return Vec::new();
    };
    let mut out: Vec<OptionInfo> = spec::arguments(svc, op)
        .into_iter()
        .filter(|a| !a.hidden)
        .map(|a| {
            let (kind, enum_values) = match &a.kind {
                ArgKind::Member { shape, .. } => {
                    let shape = svc.shape(shape);
                    let enums = match shape.kind {
                        Kind::List => shape
                            .member
                            .as_deref()
                            .map(|m| svc.shape(m).enums.clone())
                            .unwrap_or_default(),
                        _ => shape.enums.clone(),
                    };
                    (kind_of(shape.kind), enums)
                }
                ArgKind::Flag { .. } => (OptionKind::Flag, Vec::new()),
                ArgKind::CliInputJson => (OptionKind::Structure, Vec::new()),
                ArgKind::GenerateCliSkeleton => {
                    (OptionKind::String, vec!["input".into(), "output".into()])
                }
                ArgKind::StartingToken | ArgKind::Count => (OptionKind::String, Vec::new()),
                ArgKind::PageSize { .. } | ArgKind::MaxItems { .. } => {
                    (OptionKind::Integer, Vec::new())
                }
                ArgKind::Outfile | ArgKind::ZipFile { .. } => (OptionKind::File, Vec::new()),
                ArgKind::Custom { choices } if choices.is_empty() => (OptionKind::File, Vec::new()),
                ArgKind::Custom { choices } => (OptionKind::String, choices.clone()),
            };
            OptionInfo {
                name: a.cli_name(),
                required: a.required,
                kind,
                enum_values,
            }
        })
        .collect();
    out.sort_by_key(|o| !o.required);
    out
}

/// The global options, which may appear anywhere after `aws`.
pub fn global_options() -> Vec<OptionInfo> {
    super::args::global_names()
        .map(|(name, value, choices)| OptionInfo {
            name: format!("--{name}"),
            required: false,
            kind: if value {
                OptionKind::String
            } else {
                OptionKind::Flag
            },
            enum_values: choices.iter().map(|c| c.to_string()).collect(),
        })
        .collect()
}
