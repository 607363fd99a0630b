//! The AWS services the course talks about, beyond IAM and STS: S3, EC2,
//! Lambda, DynamoDB, and the read calls of CloudWatch, Auto Scaling and
//! Elastic Load Balancing. Each call is authorized as the caller by the
//! engine, with the real action name and resource ARN, and answers in AWS's
//! shapes and with AWS's errors.
//!
//! Input is the operation's request as JSON with the API's member names
//! (what `aws <service> <operation>` builds from its options); output is the
//! response shape. As with IAM, a call that fails leaves the organization
//! exactly as it was.
//!
//! Blobs: in a request, blob members (PutObject's `Body`, CreateFunction's
//! `Code.ZipFile`, Invoke's `Payload`) are base64 text, as in
//! `--cli-input-json` and as the CLI front end passes them; the sandbox keeps
//! their content as text. In a response, the CLI writes GetObject's `Body`
//! and Invoke's `Payload` to the outfile argument instead of printing them:
//! here they come back as plain text under those member names, and
//! [`streaming_member`] names the member so the shell can move it into its
//! workspace file and print the rest.
//!
//! The AWS CLI's own high-level commands (`aws s3 ls`, `cp`, ...) are the
//! shell's: they parse arguments and move files, then make these calls.

mod dynamodb;
mod ec2;
mod lambda;
mod readonly;
mod s3;
mod workload;

pub use workload::{workload_caller, workload_runs};

/// May Lambda assume the role with this ARN (its trust policy lets
/// `lambda.amazonaws.com` in)? The error says why not.
pub fn lambda_can_assume(org: &Org, role_arn: &str) -> Result<(), String> {
    workload::service_can_assume(org, lambda::SERVICE, role_arn)
}

use serde_json::Value;

use crate::iam::call::Ctx;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::Org;
use crate::iam::ops::OpResult;

/// The region a call goes to when none is given, as in a fresh AWS CLI set-up
/// with `us-east-1` configured.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The CLI names of the services here, as `aws <name> ...` spells them.
pub const SERVICES: [&str; 7] = [
    "s3api",
    "ec2",
    "lambda",
    "dynamodb",
    "cloudwatch",
    "autoscaling",
    "elbv2",
];

/// Runs one operation, in the default region or in `region` (what
/// `--region` says); for the services here `service` is the CLI's name
/// (`s3api`, `ec2`, `lambda`, `dynamodb`, `cloudwatch`, `autoscaling`,
/// `elbv2`), and `operation` the API name, such as `RunInstances`.
pub use crate::iam::call::{call, call_in};

/// The operation `operation` of one of the services here, run in `cx`;
/// None when the service has no such operation.
pub(crate) fn dispatch(
    service: &str,
    operation: &str,
    cx: &mut Ctx<'_>,
    input: &Value,
) -> Option<OpResult> {
    match service {
        "s3api" => s3::dispatch(operation, cx, input),
        "ec2" => ec2::dispatch(operation, cx, input),
        "lambda" => lambda::dispatch(operation, cx, input),
        "dynamodb" => dynamodb::dispatch(operation, cx, input),
        _ => readonly::dispatch(service, operation, cx, input),
    }
}

/// The response member the CLI writes to the outfile instead of printing:
/// `Body` for `s3api get-object`, `Payload` for `lambda invoke`.
pub fn streaming_member(service: &str, operation: &str) -> Option<&'static str> {
    match (service, operation) {
        ("s3api", "GetObject") => Some("Body"),
        ("lambda", "Invoke") => Some("Payload"),
        _ => None,
    }
}

/// The service's prefix in IAM action names, for the CLI's name of it.
pub fn namespace(cli_service: &str) -> &str {
    match cli_service {
        "s3api" | "s3" => "s3",
        "elbv2" => "elasticloadbalancing",
        other => other,
    }
}

/// The content of a blob member, which travels base64-encoded. The
/// sandbox's objects and files are text, so bytes that are not UTF-8 are
/// kept as well as text can keep them.
pub(crate) fn blob_text(cx: &Ctx<'_>, encoded: &str) -> Result<String, AwsError> {
    let bytes = super::b64::decode(encoded).ok_or_else(|| {
        AwsError::new(
            cx.style.validation_code(),
            format!("Invalid base64: \"{encoded}\""),
        )
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `{"Key": ..., "Value": ...}` tags into condition keys: the request's
/// (`aws:RequestTag/K`, `aws:TagKeys`) or the resource's
/// (`aws:ResourceTag/K`, and the service's own `PREFIX:ResourceTag/K`).
pub(crate) fn tag_context(
    context: &mut Context,
    tags: &[crate::iam::model::Tag],
    request: bool,
    prefix: &str,
) {
    if request {
        for t in tags {
            context.set_one(&format!("aws:RequestTag/{}", t.key), t.value.clone());
        }
        if !tags.is_empty() {
            context.set("aws:TagKeys", tags.iter().map(|t| t.key.clone()).collect());
        }
    } else {
        for t in tags {
            context.set_one(&format!("aws:ResourceTag/{}", t.key), t.value.clone());
            context.set_one(&format!("{prefix}:ResourceTag/{}", t.key), t.value.clone());
        }
    }
}
