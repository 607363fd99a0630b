//! Placeholder until the services branch lands.
use std::collections::BTreeMap;

use serde_json::Value;

use crate::iam::error::AwsError;
use crate::iam::model::{Caller, Org};
use crate::iam::ops::OpResult;

pub fn call(
    _org: &mut Org,
    _caller: &Caller,
    service: &str,
    operation: &str,
    _input: &Value,
) -> OpResult {
    Err(AwsError::new(
        "InvalidAction",
        format!("{service} {operation} is not available yet"),
    ))
}

pub fn workload_caller(_org: &Org, target: &str) -> Result<Caller, String> {
    Err(format!("{target}: not available yet"))
}

pub fn s3_command(
    _org: &mut Org,
    _caller: &Caller,
    _args: &[String],
    _files: &mut BTreeMap<String, String>,
) -> Result<String, String> {
    Err("not yet".into())
}
