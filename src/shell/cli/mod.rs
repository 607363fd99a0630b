//! Placeholder until the cli branch lands.
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Text,
    Table,
}

pub struct Call {
    pub service: String,
    pub operation: String,
    pub input: Value,
    pub output: OutputFormat,
    pub query: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
}

pub enum Command {
    Call(Call),
    Help(String),
}

pub struct CliError {
    pub message: String,
}

pub fn parse(
    _args: &[String],
    _files: &dyn Fn(&str) -> Option<String>,
) -> Result<Command, CliError> {
    Err(CliError {
        message: "not yet".into(),
    })
}

pub fn render(
    v: &Value,
    _f: OutputFormat,
    _q: Option<&str>,
    _op: &str,
) -> Result<String, CliError> {
    Ok(serde_json::to_string_pretty(v).unwrap_or_default())
}
