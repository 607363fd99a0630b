//! Lambda (`aws lambda`): functions and their execution roles.
//!
//! A function's execution role is what its code runs as. Creating a function
//! with a role passes that role to Lambda (the caller needs `iam:PassRole`),
//! and Lambda must be able to assume it: the role's trust policy has to let
//! `lambda.amazonaws.com` in, which the engine decides.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Ctx;
use super::workload::service_can_assume;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Function, function_arn};
use crate::iam::ops::OpResult;
use crate::iam::time;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateFunction" => cx.input(v).and_then(|i| create(cx, i)),
        "GetFunction" => cx.input(v).and_then(|i| get(cx, i)),
        "GetFunctionConfiguration" => cx.input(v).and_then(|i| get_configuration(cx, i)),
        "ListFunctions" => cx.input(v).and_then(|i| list(cx, i)),
        "DeleteFunction" => cx.input(v).and_then(|i| delete(cx, i)),
        "Invoke" => cx.input(v).and_then(|i| invoke(cx, i)),
        _ => return None,
    })
}

pub const SERVICE: &str = "lambda.amazonaws.com";

const NAME_PATTERN: &str = r"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?";
const ROLE_PATTERN: &str = r"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+";

fn constraint(value: &str, member: &str, rule: &str) -> AwsError {
    AwsError::new(
        "ValidationException",
        format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {rule}"
        ),
    )
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Where a function named by name, full ARN or partial ARN
/// (`ACCOUNT:function:NAME`) lives: (region, account, name). A `$LATEST`
/// qualifier is accepted; published versions are not modelled.
fn locate(cx: &Ctx<'_>, spec: &str) -> Result<(String, String, String), AwsError> {
    let bad = || {
        constraint(
            spec,
            "functionName",
            &format!("Member must satisfy regular expression pattern: {NAME_PATTERN}"),
        )
    };
    let unqualified = spec.strip_suffix(":$LATEST").unwrap_or(spec);
    let parts: Vec<&str> = unqualified.split(':').collect();
    let (region, account, name) = match parts.as_slice() {
        [name] => (cx.region.clone(), cx.account.clone(), *name),
        [account, "function", name] => (cx.region.clone(), account.to_string(), *name),
        ["arn", p, "lambda", region, account, "function", name] if p.starts_with("aws") => {
            (region.to_string(), account.to_string(), *name)
        }
        _ => return Err(bad()),
    };
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if !valid_name(name) || !account_ok || region.is_empty() {
        return Err(bad());
    }
    Ok((region, account, name.to_string()))
}

fn not_found(arn: &str) -> AwsError {
    AwsError::new(
        "ResourceNotFoundException",
        format!("Function not found: {arn}"),
    )
}

/// The function a call names, after its authorization: Lambda answers
/// ResourceNotFoundException only to a caller that may ask.
fn find<'a>(cx: &'a Ctx<'_>, arn: &str) -> Result<&'a Function, AwsError> {
    cx.org.functions.get(arn).ok_or_else(|| not_found(arn))
}

/// `2026-01-05T09:00:00.000+0000`: Lambda's own timestamp format.
fn lambda_time(t: i64) -> String {
    time::iso8601_z(t).replace('Z', ".000+0000")
}

/// A stand-in for the SHA-256 of the deployment package: 32 bytes derived
/// from its content, in base64 as Lambda prints it.
fn code_sha256(code: &str) -> String {
    let a = sha1_smol::Sha1::from(code).digest().bytes();
    let b = sha1_smol::Sha1::from(format!("{code}\u{0}"))
        .digest()
        .bytes();
    let mut bytes = a.to_vec();
    bytes.extend_from_slice(&b[..12]);
    crate::iam::tokens::base64(&bytes)
}

fn configuration(f: &Function) -> Value {
    json!({
        "FunctionName": f.name,
        "FunctionArn": f.arn(),
        "Runtime": f.runtime,
        "Role": f.role,
        "Handler": f.handler,
        "CodeSize": f.code_size,
        "Description": f.description,
        "Timeout": f.timeout,
        "MemorySize": f.memory_size,
        "LastModified": lambda_time(f.last_modified),
        "CodeSha256": f.code_sha256,
        "Version": "$LATEST",
        "TracingConfig": { "Mode": "PassThrough" },
        "RevisionId": f.revision_id,
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "PackageType": "Zip",
        "Architectures": ["x86_64"],
        "EphemeralStorage": { "Size": 512 },
        "SnapStart": { "ApplyOn": "None", "OptimizationStatus": "Off" },
        "LoggingConfig": { "LogFormat": "Text", "LogGroup": format!("/aws/lambda/{}", f.name) },
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Create {
    function_name: String,
    role: String,
    runtime: Option<String>,
    handler: Option<String>,
    /// `ZipFile` (the package's bytes), `S3Bucket`/`S3Key` or `ImageUri`:
    /// only its size and a digest are kept.
    code: Map<String, Value>,
    description: Option<String>,
    timeout: Option<i64>,
    memory_size: Option<i64>,
    publish: Option<bool>,
    environment: Option<Value>,
    tags: Option<Map<String, Value>>,
    architectures: Option<Vec<String>>,
    package_type: Option<String>,
}

fn create(cx: &mut Ctx<'_>, i: Create) -> OpResult {
    let _ = (i.publish, &i.environment, &i.tags, &i.architectures);
    if !valid_name(&i.function_name) {
        return Err(constraint(
            &i.function_name,
            "functionName",
            &format!("Member must satisfy regular expression pattern: {NAME_PATTERN}"),
        ));
    }
    let role_ok = crate::iam::access::Arn::parse(&i.role).is_some_and(|a| {
        a.service == "iam"
            && a.account.len() == 12
            && a.account.bytes().all(|b| b.is_ascii_digit())
            && a.resource.starts_with("role/")
            && a.resource.len() > 5
    });
    if !role_ok {
        return Err(constraint(
            &i.role,
            "role",
            &format!("Member must satisfy regular expression pattern: {ROLE_PATTERN}"),
        ));
    }
    let timeout = i.timeout.unwrap_or(3);
    if !(1..=900).contains(&timeout) {
        let rule = if timeout < 1 {
            "Member must have value greater than or equal to 1"
        } else {
            "Member must have value less than or equal to 900"
        };
        return Err(constraint(&timeout.to_string(), "timeout", rule));
    }
    let memory = i.memory_size.unwrap_or(128);
    if !(128..=10240).contains(&memory) {
        let rule = if memory < 128 {
            "Member must have value greater than or equal to 128"
        } else {
            "Member must have value less than or equal to 10240"
        };
        return Err(constraint(&memory.to_string(), "memorySize", rule));
    }
    if i.package_type.as_deref().is_some_and(|p| p != "Zip") {
        return Err(AwsError::new(
            "InvalidParameterValueException",
            "iamtutor models functions deployed as .zip packages only",
        ));
    }
    let arn = function_arn(&cx.region, &cx.account, &i.function_name);
    cx.authorize("lambda:CreateFunction", &arn)?;
    // Giving the function a role passes that role to Lambda.
    let mut context = Context::new();
    context.set_one("iam:PassedToService", SERVICE);
    cx.authorize_with("iam:PassRole", &i.role, context)?;
    if cx.org.functions.contains_key(&arn) {
        return Err(AwsError::new(
            "ResourceConflictException",
            format!("Function already exist: {}", i.function_name),
        ));
    }
    if service_can_assume(cx.org, SERVICE, &i.role).is_err() {
        return Err(AwsError::new(
            "InvalidParameterValueException",
            "The role defined for the function cannot be assumed by Lambda.",
        ));
    }
    let (Some(runtime), Some(handler)) = (i.runtime, i.handler) else {
        return Err(AwsError::new(
            "InvalidParameterValueException",
            "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
        ));
    };
    let package = match i.code.get("ZipFile") {
        Some(Value::String(s)) => super::blob_text(cx, s)?,
        _ => Value::Object(i.code.clone()).to_string(),
    };
    let f = Function {
        name: i.function_name,
        account: cx.account.clone(),
        region: cx.region.clone(),
        role: i.role,
        runtime,
        handler,
        description: i.description.unwrap_or_default(),
        timeout: timeout as u32,
        memory_size: memory as u32,
        code_size: package.len() as u64,
        code_sha256: code_sha256(&package),
        last_modified: cx.now(),
        revision_id: cx.org.new_uuid(),
    };
    // The function is ready by the next call; this one sees it being made.
    let mut out = configuration(&f);
    if let Value::Object(m) = &mut out {
        m.remove("LastUpdateStatus");
        m.insert("State".into(), "Pending".into());
        m.insert(
            "StateReason".into(),
            "The function is being created.".into(),
        );
        m.insert("StateReasonCode".into(), "Creating".into());
    }
    cx.org.functions.insert(arn, f);
    Ok(out)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Named {
    function_name: String,
    qualifier: Option<String>,
}

/// Locates, authorizes and finds the function a call is about.
fn named<'a>(cx: &'a Ctx<'_>, i: &Named, action: &str) -> Result<&'a Function, AwsError> {
    if i.qualifier.as_deref().is_some_and(|q| q != "$LATEST") {
        return Err(AwsError::new(
            "ResourceNotFoundException",
            format!(
                "Function not found: {}:{}",
                i.function_name,
                i.qualifier.as_deref().unwrap_or_default()
            ),
        ));
    }
    let (region, account, name) = locate(cx, &i.function_name)?;
    let arn = function_arn(&region, &account, &name);
    cx.authorize(action, &arn)?;
    find(cx, &arn)
}

fn get(cx: &mut Ctx<'_>, i: Named) -> OpResult {
    let f = named(cx, &i, "lambda:GetFunction")?;
    Ok(json!({
        "Configuration": configuration(f),
        "Code": {
            "RepositoryType": "S3",
            "Location": format!(
                "https://awslambda-{}-tasks.s3.{}.amazonaws.com/snapshots/{}/{}-{}",
                f.region, f.region, f.account, f.name, f.revision_id
            ),
        },
    }))
}

fn get_configuration(cx: &mut Ctx<'_>, i: Named) -> OpResult {
    let f = named(cx, &i, "lambda:GetFunctionConfiguration")?;
    Ok(configuration(f))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct List {
    master_region: Option<String>,
    function_version: Option<String>,
    marker: Option<String>,
    max_items: Option<u32>,
}

fn list(cx: &mut Ctx<'_>, i: List) -> OpResult {
    let _ = (i.master_region, i.function_version, i.marker, i.max_items);
    cx.authorize("lambda:ListFunctions", "*")?;
    let functions: Vec<Value> = cx
        .org
        .functions
        .values()
        .filter(|f| f.account == cx.account && f.region == cx.region)
        .map(configuration)
        .collect();
    Ok(json!({ "Functions": functions }))
}

fn delete(cx: &mut Ctx<'_>, i: Named) -> OpResult {
    let arn = named(cx, &i, "lambda:DeleteFunction")?.arn();
    cx.org.functions.remove(&arn);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct Invoke {
    function_name: String,
    qualifier: Option<String>,
    invocation_type: Option<String>,
    log_type: Option<String>,
    client_context: Option<String>,
    /// The event: JSON text, base64-encoded (a blob).
    payload: Option<String>,
}

/// Invoke runs nothing: the sandbox has no code to run. It answers as a
/// function that returns nothing would (`null`), which is enough to show
/// who may invoke it.
fn invoke(cx: &mut Ctx<'_>, i: Invoke) -> OpResult {
    let _ = (i.log_type, i.client_context);
    let kind = i.invocation_type.as_deref().unwrap_or("RequestResponse");
    if !["RequestResponse", "Event", "DryRun"].contains(&kind) {
        return Err(constraint(
            kind,
            "invocationType",
            "Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
        ));
    }
    let named_input = Named {
        function_name: i.function_name,
        qualifier: i.qualifier,
    };
    named(cx, &named_input, "lambda:InvokeFunction")?;
    let payload = match &i.payload {
        Some(p) => Some(super::blob_text(cx, p)?),
        None => None,
    };
    if let Some(p) = &payload
        && let Err(e) = serde_json::from_str::<Value>(p)
    {
        return Err(AwsError::new(
            "InvalidRequestContentException",
            format!("Could not parse request body into json: {e}"),
        ));
    }
    Ok(match kind {
        "RequestResponse" => json!({
            "StatusCode": 200,
            "ExecutedVersion": "$LATEST",
            "Payload": "null",
        }),
        "Event" => json!({ "StatusCode": 202, "Payload": "" }),
        _ => json!({ "StatusCode": 204, "Payload": "" }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_sha256_is_32_bytes_in_padded_base64() {
        assert_eq!(code_sha256("x").len(), 44);
    }

    #[test]
    fn lambda_times_have_milliseconds_and_a_bare_offset() {
        assert_eq!(
            lambda_time(time::DEFAULT_NOW),
            "2026-01-05T09:00:00.000+0000"
        );
    }
}
