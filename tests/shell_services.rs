//! The services the course talks about (S3, EC2, Lambda, DynamoDB and the
//! read calls of CloudWatch, Auto Scaling and ELB): each operation's answer
//! and errors, authorization as the caller, the two role paths of the course
//! end to end, the high-level `aws s3` commands, and organization files that
//! keep instances, functions and tables.

use crate::common;
use std::collections::BTreeMap;

use iamtutor::iam::error::AwsError;
use iamtutor::iam::model::{Auth, Caller, Org};
use iamtutor::iam::ops;
use iamtutor::iam::org_file::{from_ron, to_ron};
use iamtutor::shell::services::{
    S3CommandError, call, call_in, s3_command, streaming_member, workload_caller,
};
use serde_json::{Value, json};

const A: &str = "111122223333";
const B: &str = "444455556666";

const EC2_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const LAMBDA_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

fn admin() -> Caller {
    Caller::Root { account: A.into() }
}

fn admin_of(account: &str) -> Caller {
    Caller::Root {
        account: account.into(),
    }
}

fn user(name: &str) -> Caller {
    Caller::User {
        account: A.into(),
        user: name.into(),
        auth: Auth::AccessKey,
    }
}

/// An IAM call as the administrator, which must succeed.
fn iam(org: &mut Org, op: &str, input: Value) -> Value {
    ops::call(org, &admin(), "iam", op, &input).unwrap_or_else(|e| panic!("{op}: {e}"))
}

/// A service call that must succeed.
fn ok(org: &mut Org, caller: &Caller, service: &str, op: &str, input: Value) -> Value {
    call(org, caller, service, op, &input).unwrap_or_else(|e| panic!("{service} {op}: {e}"))
}

/// A service call that must fail; the organization must be unchanged.
fn err(org: &mut Org, caller: &Caller, service: &str, op: &str, input: Value) -> AwsError {
    let before = org.clone();
    let e = match call(org, caller, service, op, &input) {
        Ok(v) => panic!("{service} {op} succeeded: {v}"),
        Err(e) => e,
    };
    common::assert_unchanged_but_usage(&before, org, &format!("a failed {op}"));
    e
}

/// Blob members travel base64-encoded, as the CLI sends them.
fn b64(text: &str) -> String {
    iamtutor::shell::cli::b64::encode(text.as_bytes())
}

fn policy(statements: Value) -> String {
    json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

fn allow(action: &str, resource: &str) -> String {
    policy(json!([{ "Effect": "Allow", "Action": action, "Resource": resource }]))
}

fn add_user(org: &mut Org, name: &str, inline: Option<String>) {
    iam(org, "CreateUser", json!({ "UserName": name }));
    if let Some(doc) = inline {
        iam(
            org,
            "PutUserPolicy",
            json!({ "UserName": name, "PolicyName": "p", "PolicyDocument": doc }),
        );
    }
}

fn add_role(org: &mut Org, name: &str, trust: &str, managed: &[&str]) -> String {
    let out = iam(
        org,
        "CreateRole",
        json!({ "RoleName": name, "AssumeRolePolicyDocument": trust }),
    );
    for m in managed {
        iam(
            org,
            "AttachRolePolicy",
            json!({ "RoleName": name, "PolicyArn": format!("arn:aws:iam::aws:policy/{m}") }),
        );
    }
    out["Role"]["Arn"].as_str().unwrap().to_string()
}

fn add_profile(org: &mut Org, name: &str, role: &str) -> String {
    let out = iam(
        org,
        "CreateInstanceProfile",
        json!({ "InstanceProfileName": name }),
    );
    iam(
        org,
        "AddRoleToInstanceProfile",
        json!({ "InstanceProfileName": name, "RoleName": role }),
    );
    out["InstanceProfile"]["Arn"].as_str().unwrap().to_string()
}

fn run_instance(org: &mut Org, caller: &Caller, profile: Option<&str>) -> OpResultLike {
    let mut input = json!({ "ImageId": "ami-0abcdef1234567890", "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1 });
    if let Some(p) = profile {
        input["IamInstanceProfile"] = json!({ "Name": p });
    }
    call(org, caller, "ec2", "RunInstances", &input)
}

type OpResultLike = Result<Value, AwsError>;

fn instance_id(run: &Value) -> String {
    run["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string()
}

// ---------------------------------------------------------------------------
// The framework.

#[test]
fn unknown_services_and_operations_are_refused() {
    let mut org = Org::new();
    let e = err(&mut org, &admin(), "sqs", "SendMessage", json!({}));
    assert_eq!(e.code, "InvalidAction");
    let e = err(&mut org, &admin(), "s3api", "PutBucketAcl", json!({}));
    assert_eq!(e.code, "InvalidAction");
    assert_eq!(
        e.message,
        "Could not find operation PutBucketAcl for service s3api"
    );
}

#[test]
fn unknown_members_are_a_validation_error_in_the_services_words() {
    let mut org = Org::new();
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "ListTables",
        json!({ "Bogus": 1 }),
    );
    assert_eq!(e.code, "ValidationException");
    assert!(e.message.contains("Bogus"), "{e}");
}

#[test]
fn streaming_members_are_named_for_the_shell() {
    assert_eq!(streaming_member("s3api", "GetObject"), Some("Body"));
    assert_eq!(streaming_member("lambda", "Invoke"), Some("Payload"));
    assert_eq!(streaming_member("s3api", "PutObject"), None);
}

// ---------------------------------------------------------------------------
// S3.

#[test]
fn buckets_are_created_listed_and_deleted() {
    let mut org = Org::with_accounts(&[A, B]);
    let out = ok(
        &mut org,
        &admin(),
        "s3api",
        "CreateBucket",
        json!({ "Bucket": "reports" }),
    );
    assert_eq!(out, json!({ "Location": "/reports" }));
    ok(
        &mut org,
        &admin_of(B),
        "s3api",
        "CreateBucket",
        json!({ "Bucket": "b-stuff" }),
    );

    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "CreateBucket",
        json!({ "Bucket": "reports" }),
    );
    assert_eq!(e.code, "BucketAlreadyOwnedByYou");
    let e = err(
        &mut org,
        &admin_of(B),
        "s3api",
        "CreateBucket",
        json!({ "Bucket": "reports" }),
    );
    assert_eq!(e.code, "BucketAlreadyExists");
    for bad in ["Reports", "ab", "-x-", "a..b", "10.0.0.1"] {
        let e = err(
            &mut org,
            &admin(),
            "s3api",
            "CreateBucket",
            json!({ "Bucket": bad }),
        );
        assert_eq!(e.code, "InvalidBucketName", "{bad}");
        assert_eq!(e.message, "The specified bucket is not valid.");
    }

    // Only the caller's own buckets, as AWS lists them.
    let out = ok(&mut org, &admin(), "s3api", "ListBuckets", json!({}));
    let names: Vec<&str> = out["Buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["reports"]);
    assert_eq!(
        out["Buckets"][0]["CreationDate"],
        "2026-01-05T09:00:00+00:00"
    );
    assert_eq!(out["Owner"]["ID"].as_str().unwrap().len(), 64);

    ok(
        &mut org,
        &admin(),
        "s3api",
        "PutObject",
        json!({ "Bucket": "reports", "Key": "q1.csv", "Body": b64("a,b\n") }),
    );
    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "DeleteBucket",
        json!({ "Bucket": "reports" }),
    );
    assert_eq!(e.code, "BucketNotEmpty");
    assert_eq!(e.message, "The bucket you tried to delete is not empty");
    ok(
        &mut org,
        &admin(),
        "s3api",
        "DeleteObject",
        json!({ "Bucket": "reports", "Key": "q1.csv" }),
    );
    ok(
        &mut org,
        &admin(),
        "s3api",
        "DeleteBucket",
        json!({ "Bucket": "reports" }),
    );
    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "DeleteBucket",
        json!({ "Bucket": "reports" }),
    );
    assert_eq!(
        e.cli_line("DeleteBucket"),
        "An error occurred (NoSuchBucket) when calling the DeleteBucket operation: The specified bucket does not exist"
    );
}

#[test]
fn a_bucket_outside_us_east_1_needs_a_matching_location_constraint() {
    let mut org = Org::new();
    let input = json!({ "Bucket": "eu-reports" });
    let e = call_in(
        &mut org,
        &admin(),
        "eu-west-1",
        "s3api",
        "CreateBucket",
        &input,
    )
    .unwrap_err();
    assert_eq!(e.code, "IllegalLocationConstraintException");
    let input = json!({ "Bucket": "eu-reports", "CreateBucketConfiguration": { "LocationConstraint": "eu-west-1" } });
    let out = call_in(
        &mut org,
        &admin(),
        "eu-west-1",
        "s3api",
        "CreateBucket",
        &input,
    )
    .unwrap();
    assert_eq!(out["Location"], "http://eu-reports.s3.amazonaws.com/");
    assert_eq!(org.buckets["eu-reports"].region, "eu-west-1");
}

fn reports_org() -> Org {
    let mut org = Org::new();
    ok(
        &mut org,
        &admin(),
        "s3api",
        "CreateBucket",
        json!({ "Bucket": "reports" }),
    );
    for (k, body) in [
        ("2026/jan.csv", "jan"),
        ("2026/feb.csv", "february"),
        ("2025/dec.csv", "dec"),
        ("readme.txt", "hello"),
    ] {
        ok(
            &mut org,
            &admin(),
            "s3api",
            "PutObject",
            json!({ "Bucket": "reports", "Key": k, "Body": b64(body) }),
        );
    }
    org
}

#[test]
fn objects_are_put_read_and_listed() {
    let mut org = Org::new();
    ok(
        &mut org,
        &admin(),
        "s3api",
        "CreateBucket",
        json!({ "Bucket": "reports" }),
    );
    let out = ok(
        &mut org,
        &admin(),
        "s3api",
        "PutObject",
        json!({ "Bucket": "reports", "Key": "notes.txt", "Body": b64("") }),
    );
    assert_eq!(
        out,
        json!({ "ETag": "\"d41d8cd98f00b204e9800998ecf8427e\"", "ServerSideEncryption": "AES256" })
    );

    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "PutObject",
        json!({ "Bucket": "reports", "Key": "bad", "Body": "not base64!" }),
    );
    assert_eq!(e.message, "Invalid base64: \"not base64!\"");

    let mut org = reports_org();
    let out = ok(
        &mut org,
        &admin(),
        "s3api",
        "GetObject",
        json!({ "Bucket": "reports", "Key": "readme.txt" }),
    );
    assert_eq!(out["Body"], "hello");
    assert_eq!(out["ContentLength"], 5);
    assert_eq!(out["LastModified"], "2026-01-05T09:00:00+00:00");
    let head = ok(
        &mut org,
        &admin(),
        "s3api",
        "HeadObject",
        json!({ "Bucket": "reports", "Key": "readme.txt" }),
    );
    assert_eq!(head["ETag"], out["ETag"]);
    assert!(head.get("Body").is_none());

    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "GetObject",
        json!({ "Bucket": "reports", "Key": "nope" }),
    );
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NoSuchKey", "The specified key does not exist.")
    );
    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "HeadObject",
        json!({ "Bucket": "reports", "Key": "nope" }),
    );
    assert_eq!(
        e.cli_line("HeadObject"),
        "An error occurred (404) when calling the HeadObject operation: Not Found"
    );
    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "GetObject",
        json!({ "Bucket": "nope-bucket", "Key": "k" }),
    );
    assert_eq!(e.code, "NoSuchBucket");

    // A delimiter folds keys into common prefixes.
    let out = ok(
        &mut org,
        &admin(),
        "s3api",
        "ListObjectsV2",
        json!({ "Bucket": "reports", "Delimiter": "/" }),
    );
    assert_eq!(
        out["CommonPrefixes"],
        json!([{ "Prefix": "2025/" }, { "Prefix": "2026/" }])
    );
    assert_eq!(out["Contents"][0]["Key"], "readme.txt");
    assert_eq!(out["KeyCount"], 3);
    assert_eq!(out["IsTruncated"], false);

    let out = ok(
        &mut org,
        &admin(),
        "s3api",
        "ListObjectsV2",
        json!({ "Bucket": "reports", "Prefix": "2026/" }),
    );
    let keys: Vec<&str> = out["Contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["2026/feb.csv", "2026/jan.csv"]);
    assert_eq!(out["Contents"][0]["Size"], 8);
    assert_eq!(out["Contents"][0]["StorageClass"], "STANDARD");

    // Pages: MaxKeys and the continuation token walk every key once.
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input = json!({ "Bucket": "reports", "MaxKeys": 1, "Delimiter": "/" });
        if let Some(t) = &token {
            input["ContinuationToken"] = json!(t);
        }
        let page = ok(&mut org, &admin(), "s3api", "ListObjectsV2", input);
        for c in page["Contents"].as_array().into_iter().flatten() {
            seen.push(c["Key"].as_str().unwrap().to_string());
        }
        for p in page["CommonPrefixes"].as_array().into_iter().flatten() {
            seen.push(p["Prefix"].as_str().unwrap().to_string());
        }
        match page["NextContinuationToken"].as_str() {
            Some(t) => token = Some(t.into()),
            None => break,
        }
    }
    assert_eq!(seen, ["2025/", "2026/", "readme.txt"]);

    ok(
        &mut org,
        &admin(),
        "s3api",
        "CopyObject",
        json!({ "Bucket": "reports", "Key": "copy.txt", "CopySource": "reports/readme.txt" }),
    );
    assert_eq!(org.buckets["reports"].objects["copy.txt"].body, "hello");
}

#[test]
fn s3_refusals_say_why_and_hide_missing_keys_from_those_who_cannot_list() {
    let mut org = reports_org();
    add_user(
        &mut org,
        "john",
        Some(allow("s3:GetObject", "arn:aws:s3:::reports/*")),
    );
    let john = user("john");
    ok(
        &mut org,
        &john,
        "s3api",
        "GetObject",
        json!({ "Bucket": "reports", "Key": "readme.txt" }),
    );
    let e = err(
        &mut org,
        &john,
        "s3api",
        "PutObject",
        json!({ "Bucket": "reports", "Key": "x", "Body": b64("x") }),
    );
    assert_eq!(e.code, "AccessDenied");
    assert_eq!(
        e.message,
        "User: arn:aws:iam::111122223333:user/john is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::reports/x because no identity-based policy allows the s3:PutObject action"
    );
    // Without s3:ListBucket, a missing key is AccessDenied, not NoSuchKey.
    let e = err(
        &mut org,
        &john,
        "s3api",
        "GetObject",
        json!({ "Bucket": "reports", "Key": "missing" }),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(e.message.contains("s3:ListBucket"), "{e}");
    let e = err(&mut org, &john, "s3api", "ListBuckets", json!({}));
    assert_eq!(
        e.message,
        "User: arn:aws:iam::111122223333:user/john is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action"
    );
}

#[test]
fn list_bucket_sends_the_prefix_as_a_condition_key() {
    let mut org = reports_org();
    let home = policy(json!([{
        "Effect": "Allow",
        "Action": "s3:ListBucket",
        "Resource": "arn:aws:s3:::reports",
        "Condition": { "StringLike": { "s3:prefix": ["2026/*"] } }
    }]));
    add_user(&mut org, "sarah", Some(home));
    let sarah = user("sarah");
    ok(
        &mut org,
        &sarah,
        "s3api",
        "ListObjectsV2",
        json!({ "Bucket": "reports", "Prefix": "2026/" }),
    );
    let e = err(
        &mut org,
        &sarah,
        "s3api",
        "ListObjectsV2",
        json!({ "Bucket": "reports" }),
    );
    assert_eq!(e.code, "AccessDenied");
}

#[test]
fn bucket_policies_are_checked_stored_and_let_other_accounts_in() {
    let mut org = Org::with_accounts(&[A, B]);
    ok(
        &mut org,
        &admin(),
        "s3api",
        "CreateBucket",
        json!({ "Bucket": "shared" }),
    );
    ok(
        &mut org,
        &admin(),
        "s3api",
        "PutObject",
        json!({ "Bucket": "shared", "Key": "k", "Body": b64("v") }),
    );
    let e = err(
        &mut org,
        &admin(),
        "s3api",
        "GetBucketPolicy",
        json!({ "Bucket": "shared" }),
    );
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("NoSuchBucketPolicy", "The bucket policy does not exist")
    );
    for (bad, message) in [
        (
            "not json",
            "Policies must be valid JSON and the first byte must be '{'",
        ),
        (
            "{\"Version\": ",
            "Policies must be valid JSON: EOF while parsing a value at line 1 column 12",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}"#,
            "Policy has invalid resource",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:StartInstances","Resource":"arn:aws:s3:::shared/*"}]}"#,
            "Policy has invalid action",
        ),
        (
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}"#,
            "Missing required field Principal",
        ),
    ] {
        let e = err(
            &mut org,
            &admin(),
            "s3api",
            "PutBucketPolicy",
            json!({ "Bucket": "shared", "Policy": bad }),
        );
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("MalformedPolicy", message),
            "{bad}"
        );
    }
    let bob_b = Caller::Root { account: B.into() };
    let e = err(
        &mut org,
        &bob_b,
        "s3api",
        "GetObject",
        json!({ "Bucket": "shared", "Key": "k" }),
    );
    assert_eq!(e.code, "AccessDenied");
    let text = policy(json!([{
        "Effect": "Allow",
        "Principal": { "AWS": format!("arn:aws:iam::{B}:root") },
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::shared/*"
    }]));
    ok(
        &mut org,
        &admin(),
        "s3api",
        "PutBucketPolicy",
        json!({ "Bucket": "shared", "Policy": text }),
    );
    let out = ok(
        &mut org,
        &admin(),
        "s3api",
        "GetBucketPolicy",
        json!({ "Bucket": "shared" }),
    );
    assert_eq!(out["Policy"], text);
    let out = ok(
        &mut org,
        &bob_b,
        "s3api",
        "GetObject",
        json!({ "Bucket": "shared", "Key": "k" }),
    );
    assert_eq!(out["Body"], "v");
    ok(
        &mut org,
        &admin(),
        "s3api",
        "DeleteBucketPolicy",
        json!({ "Bucket": "shared" }),
    );
    assert!(org.buckets["shared"].policy.is_none());
}

// ---------------------------------------------------------------------------
// EC2.

#[test]
fn instances_run_and_change_state() {
    let mut org = Org::new();
    let run = run_instance(&mut org, &admin(), None).unwrap();
    assert_eq!(run["OwnerId"], A);
    assert!(run["ReservationId"].as_str().unwrap().starts_with("r-"));
    let inst = &run["Instances"][0];
    let id = instance_id(&run);
    assert!(id.starts_with("i-") && id.len() == 19, "{id}");
    assert_eq!(inst["State"], json!({ "Code": 0, "Name": "pending" }));
    assert_eq!(inst["InstanceType"], "t3.micro");
    assert_eq!(inst["LaunchTime"], "2026-01-05T09:00:00+00:00");
    assert!(inst.get("IamInstanceProfile").is_none());

    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "DescribeInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(
        out["Reservations"][0]["Instances"][0]["State"],
        json!({ "Code": 16, "Name": "running" })
    );

    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "StopInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(
        out,
        json!({ "StoppingInstances": [{
            "CurrentState": { "Code": 64, "Name": "stopping" },
            "InstanceId": id,
            "PreviousState": { "Code": 16, "Name": "running" },
        }]})
    );
    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "StartInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(
        out["StartingInstances"][0]["PreviousState"]["Name"],
        "stopped"
    );
    assert_eq!(
        out["StartingInstances"][0]["CurrentState"]["Name"],
        "pending"
    );
    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "TerminateInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(
        out["TerminatingInstances"][0]["CurrentState"],
        json!({ "Code": 32, "Name": "shutting-down" })
    );
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "StartInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(e.code, "IncorrectInstanceState");

    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "DescribeInstances",
        json!({ "Filters": [{ "Name": "instance-state-name", "Values": ["running"] }] }),
    );
    assert_eq!(out, json!({ "Reservations": [] }));
}

#[test]
fn instance_errors_read_like_ec2s() {
    let mut org = Org::new();
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "StartInstances",
        json!({ "InstanceIds": ["i-0123456789abcdef0"] }),
    );
    assert_eq!(
        e.cli_line("StartInstances"),
        "An error occurred (InvalidInstanceID.NotFound) when calling the StartInstances operation: The instance ID 'i-0123456789abcdef0' does not exist"
    );
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "DescribeInstances",
        json!({ "InstanceIds": ["web-1"] }),
    );
    assert_eq!(e.code, "InvalidInstanceID.Malformed");
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "RunInstances",
        json!({ "ImageId": "ubuntu", "MinCount": 1, "MaxCount": 1 }),
    );
    assert_eq!(e.code, "InvalidAMIID.Malformed");
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "DescribeInstances",
        json!({ "Filters": [{ "Name": "colour", "Values": ["red"] }] }),
    );
    assert_eq!(e.message, "The filter 'colour' is invalid");
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "RunInstances",
        json!({ "ImageId": "ami-0abcdef1234567890", "MinCount": 1, "MaxCount": 1, "DryRun": true }),
    );
    assert_eq!(
        e.cli_line("RunInstances"),
        "An error occurred (DryRunOperation) when calling the RunInstances operation: Request would have succeeded, but DryRun flag is set."
    );
    assert!(org.instances.is_empty());
}

#[test]
fn ec2_refusals_are_unauthorized_operation_with_the_reason() {
    let mut org = Org::new();
    let id = instance_id(&run_instance(&mut org, &admin(), None).unwrap());
    let start_stop = policy(json!([{
        "Effect": "Allow",
        "Action": ["ec2:StartInstances", "ec2:StopInstances", "ec2:DescribeInstances"],
        "Resource": "*"
    }]));
    add_user(&mut org, "john", Some(start_stop));
    let john = user("john");
    ok(
        &mut org,
        &john,
        "ec2",
        "StopInstances",
        json!({ "InstanceIds": [id] }),
    );
    let e = err(
        &mut org,
        &john,
        "ec2",
        "TerminateInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(e.code, "UnauthorizedOperation");
    assert_eq!(
        e.message,
        format!(
            "You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/john is not authorized to perform: ec2:TerminateInstances on resource: arn:aws:ec2:us-east-1:111122223333:instance/{id} because no identity-based policy allows the ec2:TerminateInstances action"
        )
    );
    let e = err(
        &mut org,
        &john,
        "ec2",
        "RunInstances",
        json!({ "ImageId": "ami-0abcdef1234567890", "MinCount": 1, "MaxCount": 1 }),
    );
    assert!(
        e.message.contains(
            "ec2:RunInstances on resource: arn:aws:ec2:us-east-1:111122223333:instance/*"
        ),
        "{e}"
    );
    // Allowed, the dry run says so without launching anything.
    let e = err(
        &mut org,
        &john,
        "ec2",
        "StartInstances",
        json!({ "InstanceIds": [id], "DryRun": true }),
    );
    assert_eq!(e.code, "DryRunOperation");
}

#[test]
fn resource_tags_reach_conditions() {
    let mut org = Org::new();
    let run = ok(
        &mut org,
        &admin(),
        "ec2",
        "RunInstances",
        json!({
            "ImageId": "ami-0abcdef1234567890", "MinCount": 2, "MaxCount": 2,
            "TagSpecifications": [{ "ResourceType": "instance", "Tags": [{ "Key": "Team", "Value": "web" }] }]
        }),
    );
    assert_eq!(run["Instances"].as_array().unwrap().len(), 2);
    assert_eq!(run["Instances"][1]["AmiLaunchIndex"], 1);
    assert_eq!(
        run["Instances"][0]["Tags"],
        json!([{ "Key": "Team", "Value": "web" }])
    );
    let web = instance_id(&run);
    let other = instance_id(&run_instance(&mut org, &admin(), None).unwrap());
    let own_team = policy(json!([{
        "Effect": "Allow",
        "Action": "ec2:StopInstances",
        "Resource": "*",
        "Condition": { "StringEquals": { "aws:ResourceTag/Team": "web" } }
    }]));
    add_user(&mut org, "mike", Some(own_team));
    ok(
        &mut org,
        &user("mike"),
        "ec2",
        "StopInstances",
        json!({ "InstanceIds": [web] }),
    );
    let e = err(
        &mut org,
        &user("mike"),
        "ec2",
        "StopInstances",
        json!({ "InstanceIds": [other] }),
    );
    assert_eq!(e.code, "UnauthorizedOperation");
    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "DescribeInstances",
        json!({ "Filters": [{ "Name": "tag:Team", "Values": ["w*"] }] }),
    );
    assert_eq!(out["Reservations"].as_array().unwrap().len(), 1);
    assert_eq!(
        out["Reservations"][0]["Instances"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn instance_profiles_are_associated_described_and_removed() {
    let mut org = Org::new();
    add_role(
        &mut org,
        "S3AccessRole",
        EC2_TRUST,
        &["AmazonS3ReadOnlyAccess"],
    );
    let profile_arn = add_profile(&mut org, "S3AccessProfile", "S3AccessRole");
    let id = instance_id(&run_instance(&mut org, &admin(), None).unwrap());
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "AssociateIamInstanceProfile",
        json!({ "InstanceId": id, "IamInstanceProfile": { "Name": "Nope" } }),
    );
    assert_eq!(
        e.message,
        "Value (Nope) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"
    );
    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "AssociateIamInstanceProfile",
        json!({ "InstanceId": id, "IamInstanceProfile": { "Arn": profile_arn } }),
    );
    let assoc = &out["IamInstanceProfileAssociation"];
    assert_eq!(assoc["State"], "associating");
    assert_eq!(assoc["IamInstanceProfile"]["Arn"], profile_arn.as_str());
    assert!(
        assoc["IamInstanceProfile"]["Id"]
            .as_str()
            .unwrap()
            .starts_with("AIPA")
    );
    let assoc_id = assoc["AssociationId"].as_str().unwrap().to_string();
    assert!(assoc_id.starts_with("iip-assoc-"));
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "AssociateIamInstanceProfile",
        json!({ "InstanceId": id, "IamInstanceProfile": { "Name": "S3AccessProfile" } }),
    );
    assert_eq!(e.code, "IncorrectState");

    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "DescribeIamInstanceProfileAssociations",
        json!({}),
    );
    assert_eq!(
        out["IamInstanceProfileAssociations"][0]["State"],
        "associated"
    );
    assert_eq!(
        out["IamInstanceProfileAssociations"][0]["InstanceId"],
        id.as_str()
    );
    let described = ok(
        &mut org,
        &admin(),
        "ec2",
        "DescribeInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(
        described["Reservations"][0]["Instances"][0]["IamInstanceProfile"]["Arn"],
        profile_arn.as_str()
    );

    let out = ok(
        &mut org,
        &admin(),
        "ec2",
        "DisassociateIamInstanceProfile",
        json!({ "AssociationId": assoc_id }),
    );
    assert_eq!(
        out["IamInstanceProfileAssociation"]["State"],
        "disassociating"
    );
    let e = err(
        &mut org,
        &admin(),
        "ec2",
        "DisassociateIamInstanceProfile",
        json!({ "AssociationId": assoc_id }),
    );
    assert_eq!(e.code, "InvalidAssociationID.NotFound");
    assert!(workload_caller(&org, &id).is_err());
}

// ---------------------------------------------------------------------------
// The course's first role path: EC2 reads S3 through a role.

#[test]
fn an_instance_reads_s3_through_its_role_and_launching_it_needs_pass_role() {
    let mut org = reports_org();
    add_role(
        &mut org,
        "S3AccessRole",
        EC2_TRUST,
        &["AmazonS3ReadOnlyAccess"],
    );
    let role_arn = "arn:aws:iam::111122223333:role/S3AccessRole";
    add_profile(&mut org, "S3AccessRole", "S3AccessRole");
    add_user(&mut org, "devops", Some(allow("ec2:RunInstances", "*")));
    let devops = user("devops");

    // Launching with the profile passes its role: denied without PassRole.
    let e = run_instance(&mut org, &devops, Some("S3AccessRole")).unwrap_err();
    assert_eq!(e.code, "UnauthorizedOperation");
    assert_eq!(
        e.message,
        format!(
            "You are not authorized to perform this operation. User: arn:aws:iam::111122223333:user/devops is not authorized to perform: iam:PassRole on resource: {role_arn} because no identity-based policy allows the iam:PassRole action"
        )
    );
    assert!(org.instances.is_empty());
    // Without a profile, the same user may launch.
    run_instance(&mut org, &devops, None).unwrap();

    let pass = policy(json!([
        { "Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*" },
        {
            "Effect": "Allow", "Action": "iam:PassRole", "Resource": role_arn,
            "Condition": { "StringEquals": { "iam:PassedToService": "ec2.amazonaws.com" } }
        }
    ]));
    iam(
        &mut org,
        "PutUserPolicy",
        json!({ "UserName": "devops", "PolicyName": "p", "PolicyDocument": pass }),
    );
    let run = run_instance(&mut org, &devops, Some("S3AccessRole")).unwrap();
    let id = instance_id(&run);
    assert_eq!(
        run["Instances"][0]["IamInstanceProfile"]["Arn"],
        "arn:aws:iam::111122223333:instance-profile/S3AccessRole"
    );

    // Code on the instance acts as the role, with the instance id as session.
    let server = workload_caller(&org, &id).unwrap();
    assert_eq!(
        org.caller_arn(&server),
        format!("arn:aws:sts::111122223333:assumed-role/S3AccessRole/{id}")
    );
    let out = ok(
        &mut org,
        &server,
        "s3api",
        "GetObject",
        json!({ "Bucket": "reports", "Key": "readme.txt" }),
    );
    assert_eq!(out["Body"], "hello");
    let e = err(
        &mut org,
        &server,
        "s3api",
        "PutObject",
        json!({ "Bucket": "reports", "Key": "x", "Body": b64("x") }),
    );
    assert_eq!(e.code, "AccessDenied");
    assert!(
        e.message.starts_with(&format!(
            "User: arn:aws:sts::111122223333:assumed-role/S3AccessRole/{id} is not authorized to perform: s3:PutObject"
        )),
        "{e}"
    );

    // A stopped instance runs no code.
    ok(
        &mut org,
        &admin(),
        "ec2",
        "StopInstances",
        json!({ "InstanceIds": [id] }),
    );
    assert_eq!(
        workload_caller(&org, &id).unwrap_err(),
        format!("`{id}` is stopped: no code runs on it")
    );
}

#[test]
fn workload_caller_explains_when_code_gets_no_credentials() {
    let mut org = Org::new();
    let bare = instance_id(&run_instance(&mut org, &admin(), None).unwrap());
    assert_eq!(
        workload_caller(&org, &bare).unwrap_err(),
        format!("`{bare}` has no instance profile: code on it has no AWS credentials")
    );
    iam(
        &mut org,
        "CreateInstanceProfile",
        json!({ "InstanceProfileName": "Empty" }),
    );
    let empty = instance_id(&run_instance(&mut org, &admin(), Some("Empty")).unwrap());
    assert_eq!(
        workload_caller(&org, &empty).unwrap_err(),
        format!("instance profile `Empty` has no role: code on `{empty}` has no AWS credentials")
    );
    // A role that trusts Lambda, not EC2: EC2 cannot get its credentials.
    add_role(
        &mut org,
        "WrongTrust",
        LAMBDA_TRUST,
        &["AmazonS3ReadOnlyAccess"],
    );
    add_profile(&mut org, "WrongTrust", "WrongTrust");
    let wrong = instance_id(&run_instance(&mut org, &admin(), Some("WrongTrust")).unwrap());
    assert_eq!(
        workload_caller(&org, &wrong).unwrap_err(),
        format!(
            "the trust policy of role `WrongTrust` does not let `ec2.amazonaws.com` assume it, so code on `{wrong}` gets no credentials"
        )
    );
    assert!(workload_caller(&org, "i-0000000000000000f").is_err());
    assert!(workload_caller(&org, "server-1").is_err());
}

// ---------------------------------------------------------------------------
// Lambda, and the course's second role path: Lambda writes DynamoDB.

fn orders_table(org: &mut Org) {
    ok(
        org,
        &admin(),
        "dynamodb",
        "CreateTable",
        json!({
            "TableName": "Orders",
            "AttributeDefinitions": [{ "AttributeName": "id", "AttributeType": "S" }],
            "KeySchema": [{ "AttributeName": "id", "KeyType": "HASH" }],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
}

fn create_function(org: &mut Org, caller: &Caller, role: &str) -> OpResultLike {
    call(
        org,
        caller,
        "lambda",
        "CreateFunction",
        &json!({
            "FunctionName": "orders-writer",
            "Runtime": "python3.12",
            "Role": role,
            "Handler": "app.handler",
            "Code": { "ZipFile": "UEsDBBQAAAAIAA==" }
        }),
    )
}

#[test]
fn a_function_writes_dynamodb_through_its_execution_role() {
    let mut org = Org::new();
    orders_table(&mut org);
    let writer = policy(json!([{
        "Effect": "Allow",
        "Action": "dynamodb:PutItem",
        "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/Orders"
    }]));
    let role_arn = add_role(&mut org, "OrdersWriterRole", LAMBDA_TRUST, &[]);
    iam(
        &mut org,
        "PutRolePolicy",
        json!({ "RoleName": "OrdersWriterRole", "PolicyName": "write", "PolicyDocument": writer }),
    );
    add_user(&mut org, "dev", Some(allow("lambda:CreateFunction", "*")));
    let dev = user("dev");
    let e = create_function(&mut org, &dev, &role_arn).unwrap_err();
    assert_eq!(e.code, "AccessDeniedException");
    assert_eq!(
        e.message,
        format!(
            "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: iam:PassRole on resource: {role_arn} because no identity-based policy allows the iam:PassRole action"
        )
    );
    let out = create_function(&mut org, &admin(), &role_arn).unwrap();
    assert_eq!(
        out["FunctionArn"],
        "arn:aws:lambda:us-east-1:111122223333:function:orders-writer"
    );
    assert_eq!(out["Role"], role_arn.as_str());
    assert_eq!(out["State"], "Pending");
    assert_eq!(out["LastModified"], "2026-01-05T09:00:00.000+0000");

    let code = workload_caller(&org, "function:orders-writer").unwrap();
    assert_eq!(
        org.caller_arn(&code),
        "arn:aws:sts::111122223333:assumed-role/OrdersWriterRole/orders-writer"
    );
    let by_arn = workload_caller(
        &org,
        "arn:aws:lambda:us-east-1:111122223333:function:orders-writer",
    )
    .unwrap();
    assert_eq!(by_arn, code);
    ok(
        &mut org,
        &code,
        "dynamodb",
        "PutItem",
        json!({ "TableName": "Orders", "Item": { "id": { "S": "1" }, "total": { "N": "42" } } }),
    );
    let e = err(
        &mut org,
        &code,
        "dynamodb",
        "GetItem",
        json!({ "TableName": "Orders", "Key": { "id": { "S": "1" } } }),
    );
    assert_eq!(e.code, "AccessDeniedException");
    assert_eq!(
        e.message,
        "User: arn:aws:sts::111122223333:assumed-role/OrdersWriterRole/orders-writer is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:111122223333:table/Orders because no identity-based policy allows the dynamodb:GetItem action"
    );
}

#[test]
fn a_function_role_must_trust_lambda() {
    let mut org = Org::new();
    let ec2_role = add_role(&mut org, "Ec2Only", EC2_TRUST, &[]);
    let e = create_function(&mut org, &admin(), &ec2_role).unwrap_err();
    assert_eq!(
        e.cli_line("CreateFunction"),
        "An error occurred (InvalidParameterValueException) when calling the CreateFunction operation: The role defined for the function cannot be assumed by Lambda."
    );
    let e =
        create_function(&mut org, &admin(), "arn:aws:iam::111122223333:role/Missing").unwrap_err();
    assert_eq!(e.code, "InvalidParameterValueException");
    let e = create_function(&mut org, &admin(), "Missing").unwrap_err();
    assert_eq!(e.code, "ValidationException");
    assert!(org.functions.is_empty());

    // A function whose role stops trusting Lambda later gets no credentials.
    let role = add_role(&mut org, "FnRole", LAMBDA_TRUST, &[]);
    create_function(&mut org, &admin(), &role).unwrap();
    iam(
        &mut org,
        "UpdateAssumeRolePolicy",
        json!({ "RoleName": "FnRole", "PolicyDocument": EC2_TRUST }),
    );
    assert_eq!(
        workload_caller(&org, "function:orders-writer").unwrap_err(),
        "the trust policy of role `FnRole` does not let `lambda.amazonaws.com` assume it, so function `orders-writer` gets no credentials"
    );
}

#[test]
fn functions_are_read_listed_invoked_and_deleted() {
    let mut org = Org::new();
    let role = add_role(&mut org, "FnRole", LAMBDA_TRUST, &[]);
    create_function(&mut org, &admin(), &role).unwrap();
    let e = create_function(&mut org, &admin(), &role).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        (
            "ResourceConflictException",
            "Function already exist: orders-writer"
        )
    );
    let out = ok(
        &mut org,
        &admin(),
        "lambda",
        "GetFunction",
        json!({ "FunctionName": "orders-writer" }),
    );
    assert_eq!(out["Configuration"]["State"], "Active");
    assert_eq!(out["Code"]["RepositoryType"], "S3");
    let out = ok(&mut org, &admin(), "lambda", "ListFunctions", json!({}));
    assert_eq!(out["Functions"].as_array().unwrap().len(), 1);
    let out = ok(
        &mut org,
        &admin(),
        "lambda",
        "Invoke",
        json!({ "FunctionName": "orders-writer", "Payload": b64("{\"id\": 1}") }),
    );
    assert_eq!(
        out,
        json!({ "StatusCode": 200, "ExecutedVersion": "$LATEST", "Payload": "null" })
    );

    add_user(&mut org, "eve", None);
    let e = err(
        &mut org,
        &user("eve"),
        "lambda",
        "Invoke",
        json!({ "FunctionName": "orders-writer" }),
    );
    assert_eq!(
        e.message,
        "User: arn:aws:iam::111122223333:user/eve is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:111122223333:function:orders-writer because no identity-based policy allows the lambda:InvokeFunction action"
    );

    ok(
        &mut org,
        &admin(),
        "lambda",
        "DeleteFunction",
        json!({ "FunctionName": "arn:aws:lambda:us-east-1:111122223333:function:orders-writer" }),
    );
    let e = err(
        &mut org,
        &admin(),
        "lambda",
        "Invoke",
        json!({ "FunctionName": "orders-writer" }),
    );
    assert_eq!(
        e.cli_line("Invoke"),
        "An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: arn:aws:lambda:us-east-1:111122223333:function:orders-writer"
    );
}

// ---------------------------------------------------------------------------
// DynamoDB.

#[test]
fn tables_and_items() {
    let mut org = Org::new();
    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "CreateTable",
        json!({
            "TableName": "Events",
            "AttributeDefinitions": [
                { "AttributeName": "user", "AttributeType": "S" },
                { "AttributeName": "at", "AttributeType": "N" }
            ],
            "KeySchema": [
                { "AttributeName": "user", "KeyType": "HASH" },
                { "AttributeName": "at", "KeyType": "RANGE" }
            ],
            "ProvisionedThroughput": { "ReadCapacityUnits": 5, "WriteCapacityUnits": 5 }
        }),
    );
    let d = &out["TableDescription"];
    assert_eq!(d["TableStatus"], "CREATING");
    assert_eq!(
        d["TableArn"],
        "arn:aws:dynamodb:us-east-1:111122223333:table/Events"
    );
    assert_eq!(
        d["KeySchema"][1],
        json!({ "AttributeName": "at", "KeyType": "RANGE" })
    );
    assert_eq!(d["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
    assert_eq!(d["TableId"].as_str().unwrap().len(), 36);

    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "CreateTable",
        json!({
            "TableName": "Events",
            "AttributeDefinitions": [{ "AttributeName": "user", "AttributeType": "S" }],
            "KeySchema": [{ "AttributeName": "user", "KeyType": "HASH" }],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("ResourceInUseException", "Table already exists: Events")
    );
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "CreateTable",
        json!({
            "TableName": "Bad",
            "AttributeDefinitions": [{ "AttributeName": "user", "AttributeType": "S" }],
            "KeySchema": [{ "AttributeName": "user", "KeyType": "HASH" }]
        }),
    );
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
    );

    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "DescribeTable",
        json!({ "TableName": "Events" }),
    );
    assert_eq!(out["Table"]["TableStatus"], "ACTIVE");
    let out = ok(&mut org, &admin(), "dynamodb", "ListTables", json!({}));
    assert_eq!(out, json!({ "TableNames": ["Events"] }));

    for (u, at) in [("ann", "2"), ("ann", "1"), ("bob", "1")] {
        let out = ok(
            &mut org,
            &admin(),
            "dynamodb",
            "PutItem",
            json!({ "TableName": "Events", "Item": { "user": { "S": u }, "at": { "N": at }, "what": { "S": "login" } } }),
        );
        assert_eq!(out, json!({}));
    }
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "PutItem",
        json!({ "TableName": "Events", "Item": { "user": { "S": "ann" } } }),
    );
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Missing the key at in the item"
    );
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "PutItem",
        json!({ "TableName": "Events", "Item": { "user": { "N": "1" }, "at": { "N": "1" } } }),
    );
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Type mismatch for key user expected: S actual: N"
    );
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "PutItem",
        json!({
            "TableName": "Events",
            "Item": { "user": { "S": "ann" }, "at": { "N": "1" } },
            "ConditionExpression": "attribute_not_exists(#u)",
            "ExpressionAttributeNames": { "#u": "user" }
        }),
    );
    assert_eq!(e.code, "ConditionalCheckFailedException");

    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "GetItem",
        json!({ "TableName": "Events", "Key": { "user": { "S": "ann" }, "at": { "N": "1" } } }),
    );
    assert_eq!(out["Item"]["what"], json!({ "S": "login" }));
    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "GetItem",
        json!({ "TableName": "Events", "Key": { "user": { "S": "zed" }, "at": { "N": "1" } } }),
    );
    assert_eq!(out, json!({}));
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "GetItem",
        json!({ "TableName": "Events", "Key": { "user": { "S": "ann" } } }),
    );
    assert_eq!(
        e.message,
        "The provided key element does not match the schema"
    );

    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "Scan",
        json!({ "TableName": "Events" }),
    );
    assert_eq!(out["Count"], 3);
    assert_eq!(out["ScannedCount"], 3);
    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "Scan",
        json!({ "TableName": "Events", "Limit": 2 }),
    );
    assert_eq!(out["Count"], 2);
    let next = out["LastEvaluatedKey"].clone();
    let rest = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "Scan",
        json!({ "TableName": "Events", "ExclusiveStartKey": next }),
    );
    assert_eq!(rest["Count"], 1);

    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "DeleteItem",
        json!({ "TableName": "Events", "Key": { "user": { "S": "bob" }, "at": { "N": "1" } }, "ReturnValues": "ALL_OLD" }),
    );
    assert_eq!(out["Attributes"]["user"], json!({ "S": "bob" }));
    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "DeleteTable",
        json!({ "TableName": "Events" }),
    );
    assert_eq!(out["TableDescription"]["TableStatus"], "DELETING");
    assert_eq!(out["TableDescription"]["ItemCount"], 2);
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "PutItem",
        json!({ "TableName": "Events", "Item": { "user": { "S": "x" } } }),
    );
    assert_eq!(
        e.cli_line("PutItem"),
        "An error occurred (ResourceNotFoundException) when calling the PutItem operation: Requested resource not found"
    );
    let e = err(
        &mut org,
        &admin(),
        "dynamodb",
        "DescribeTable",
        json!({ "TableName": "Events" }),
    );
    assert_eq!(
        e.message,
        "Requested resource not found: Table: Events not found"
    );
}

// ---------------------------------------------------------------------------
// The read calls of CloudWatch, Auto Scaling and ELB.

#[test]
fn read_only_services_answer_empty_lists_to_those_allowed() {
    let mut org = Org::new();
    let calls = [
        ("cloudwatch", "DescribeAlarms", json!({}), "MetricAlarms"),
        (
            "cloudwatch",
            "ListMetrics",
            json!({ "Namespace": "AWS/EC2" }),
            "Metrics",
        ),
        (
            "cloudwatch",
            "GetMetricStatistics",
            json!({
                "Namespace": "AWS/EC2", "MetricName": "CPUUtilization",
                "StartTime": "2026-01-05T08:00:00Z", "EndTime": "2026-01-05T09:00:00Z",
                "Period": 300, "Statistics": ["Average"]
            }),
            "Datapoints",
        ),
        (
            "autoscaling",
            "DescribeAutoScalingGroups",
            json!({}),
            "AutoScalingGroups",
        ),
        (
            "autoscaling",
            "DescribeLaunchConfigurations",
            json!({}),
            "LaunchConfigurations",
        ),
        ("elbv2", "DescribeLoadBalancers", json!({}), "LoadBalancers"),
        ("elbv2", "DescribeTargetGroups", json!({}), "TargetGroups"),
    ];
    let developer = policy(json!([{
        "Effect": "Allow",
        "Action": ["cloudwatch:Describe*", "cloudwatch:List*", "cloudwatch:Get*"],
        "Resource": "*"
    }]));
    add_user(&mut org, "sarah", Some(developer));
    for (service, op, input, member) in calls {
        let out = ok(&mut org, &admin(), service, op, input.clone());
        assert_eq!(out[member], json!([]), "{service} {op}");
        let r = call(&mut org, &user("sarah"), service, op, &input);
        if service == "cloudwatch" {
            assert!(r.is_ok(), "{service} {op}");
        } else {
            let e = r.unwrap_err();
            assert_eq!(e.code, "AccessDenied");
            let action = if service == "elbv2" {
                format!("elasticloadbalancing:{op}")
            } else {
                format!("{service}:{op}")
            };
            assert_eq!(
                e.message,
                format!(
                    "User: arn:aws:iam::111122223333:user/sarah is not authorized to perform: {action} because no identity-based policy allows the {action} action"
                )
            );
        }
    }
    let e = err(
        &mut org,
        &admin(),
        "elbv2",
        "DescribeLoadBalancers",
        json!({ "Names": ["web"] }),
    );
    assert_eq!(e.code, "LoadBalancerNotFound");
}

// ---------------------------------------------------------------------------
// aws s3.

fn s3(
    org: &mut Org,
    caller: &Caller,
    files: &mut BTreeMap<String, String>,
    line: &str,
) -> Result<String, S3CommandError> {
    let args: Vec<String> = line.split_whitespace().map(String::from).collect();
    // Printed lines end in a newline; the expectations below leave the last
    // one out.
    s3_command(org, caller, &args, files).map(|text| {
        assert!(text.is_empty() || text.ends_with('\n'), "{text:?}");
        text.strip_suffix('\n').unwrap_or(&text).to_string()
    })
}

#[test]
fn the_s3_commands_print_what_the_cli_prints() {
    let mut org = Org::new();
    let mut files = BTreeMap::new();
    files.insert("notes.txt".to_string(), "twelve bytes".to_string());
    let me = admin();
    assert_eq!(
        s3(&mut org, &me, &mut files, "mb s3://reports").unwrap(),
        "make_bucket: reports"
    );
    assert_eq!(
        s3(&mut org, &me, &mut files, "cp notes.txt s3://reports/").unwrap(),
        "upload: ./notes.txt to s3://reports/notes.txt"
    );
    assert_eq!(
        s3(
            &mut org,
            &me,
            &mut files,
            "cp ./notes.txt s3://reports/2026/jan/notes.txt"
        )
        .unwrap(),
        "upload: ./notes.txt to s3://reports/2026/jan/notes.txt"
    );
    assert_eq!(
        s3(&mut org, &me, &mut files, "ls").unwrap(),
        "2026-01-05 09:00:00 reports"
    );
    assert_eq!(
        s3(&mut org, &me, &mut files, "ls s3://reports").unwrap(),
        "                           PRE 2026/\n2026-01-05 09:00:00         12 notes.txt"
    );
    assert_eq!(
        s3(&mut org, &me, &mut files, "ls s3://reports/2026/").unwrap(),
        "                           PRE jan/"
    );
    assert_eq!(
        s3(
            &mut org,
            &me,
            &mut files,
            "ls s3://reports --recursive --summarize"
        )
        .unwrap(),
        "2026-01-05 09:00:00         12 2026/jan/notes.txt\n2026-01-05 09:00:00         12 notes.txt\n\nTotal Objects: 2\n   Total Size: 24"
    );
    assert_eq!(
        s3(
            &mut org,
            &me,
            &mut files,
            "cp s3://reports/2026/jan/notes.txt copy.txt"
        )
        .unwrap(),
        "download: s3://reports/2026/jan/notes.txt to ./copy.txt"
    );
    assert_eq!(files["copy.txt"], "twelve bytes");
    assert_eq!(
        s3(&mut org, &me, &mut files, "cp s3://reports/notes.txt .").unwrap(),
        "download: s3://reports/notes.txt to ./notes.txt"
    );
    let e = s3(&mut org, &me, &mut files, "rb s3://reports").unwrap_err();
    assert_eq!(
        e,
        S3CommandError {
            message: "remove_bucket failed: s3://reports An error occurred (BucketNotEmpty) when calling the DeleteBucket operation: The bucket you tried to delete is not empty\n".into(),
            status: 1,
            stdout: String::new(),
        }
    );
    assert_eq!(
        s3(&mut org, &me, &mut files, "rm s3://reports/notes.txt").unwrap(),
        "delete: s3://reports/notes.txt"
    );
    assert_eq!(
        s3(&mut org, &me, &mut files, "rb s3://reports --force").unwrap(),
        "delete: s3://reports/2026/jan/notes.txt\nremove_bucket: reports"
    );
    assert!(org.buckets.is_empty());
}

#[test]
fn the_s3_commands_fail_like_the_cli_and_change_nothing() {
    let mut org = Org::new();
    let mut files = BTreeMap::new();
    files.insert("notes.txt".to_string(), "x".to_string());
    let me = admin();
    let e = s3(&mut org, &me, &mut files, "ls s3://nope-bucket").unwrap_err();
    assert_eq!(
        e.message,
        "\naws: [ERROR]: An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist\n"
    );
    assert_eq!(e.status, 254);
    let e = s3(
        &mut org,
        &me,
        &mut files,
        "cp notes.txt s3://nope-bucket/notes.txt",
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "upload failed: ./notes.txt to s3://nope-bucket/notes.txt An error occurred (NoSuchBucket) when calling the PutObject operation: The specified bucket does not exist\n"
    );
    let e = s3(&mut org, &me, &mut files, "cp missing.txt s3://b/").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.status),
        (
            "\naws: [ERROR]: An error occurred (ParamValidation): The user-provided path missing.txt does not exist.\n",
            252
        )
    );
    s3(&mut org, &me, &mut files, "mb s3://reports").unwrap();
    let e = s3(&mut org, &me, &mut files, "cp s3://reports/nope.txt .").unwrap_err();
    assert_eq!(
        e.message,
        "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"nope.txt\" does not exist\n"
    );
    // A prefix that matches nothing: no line at all on stderr, status 1.
    let e = s3(&mut org, &me, &mut files, "ls s3://reports/nothing-here").unwrap_err();
    assert_eq!((e.message.as_str(), e.status), ("", 1));
    let e = s3(
        &mut org,
        &me,
        &mut files,
        "ls s3://reports/nothing-here --summarize",
    )
    .unwrap_err();
    assert_eq!(
        (e.stdout.as_str(), e.message.as_str(), e.status),
        ("\nTotal Objects: 0\n   Total Size: 0\n", "", 1)
    );
    let e = s3(&mut org, &me, &mut files, "mb s3://reports").unwrap_err();
    assert_eq!(
        e.message,
        "make_bucket failed: s3://reports An error occurred (BucketAlreadyOwnedByYou) when calling the CreateBucket operation: Your previous request to create the named bucket succeeded and you already own it.\n"
    );
    let e = s3(&mut org, &me, &mut files, "cp a.txt b.txt").unwrap_err();
    assert_eq!(e.status, 252);
    let e = s3(&mut org, &me, &mut files, "ls --bogus").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.status),
        (
            "\naws: [ERROR]: An error occurred (ParamValidation): Unknown options: --bogus\n",
            252
        )
    );

    // John may read but not write: the upload fails with the reason.
    add_user(
        &mut org,
        "john",
        Some(allow("s3:GetObject", "arn:aws:s3:::reports/*")),
    );
    let before = (org.clone(), files.clone());
    let e = s3(
        &mut org,
        &user("john"),
        &mut files,
        "cp notes.txt s3://reports/",
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "upload failed: ./notes.txt to s3://reports/notes.txt An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:iam::111122223333:user/john is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::reports/notes.txt because no identity-based policy allows the s3:PutObject action\n"
    );
    assert_eq!((org.clone(), files.clone()), before);
    // Recursive removal that fails part-way deletes nothing.
    s3(&mut org, &me, &mut files, "cp notes.txt s3://reports/a.txt").unwrap();
    s3(&mut org, &me, &mut files, "cp notes.txt s3://reports/b.txt").unwrap();
    let deny_b = policy(json!([
        { "Effect": "Allow", "Action": ["s3:ListBucket", "s3:DeleteObject"], "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"] },
        { "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::reports/b.txt" }
    ]));
    add_user(&mut org, "mike", Some(deny_b));
    let e = s3(
        &mut org,
        &user("mike"),
        &mut files,
        "rm s3://reports --recursive",
    )
    .unwrap_err();
    assert!(
        e.message
            .starts_with("delete failed: s3://reports/b.txt An error occurred (AccessDenied)"),
        "{e}"
    );
    assert!(
        e.message
            .contains("with an explicit deny in an identity-based policy"),
        "{e}"
    );
    assert_eq!(org.buckets["reports"].objects.len(), 2);
}

#[test]
fn on_an_instance_aws_s3_ls_uses_the_instance_role() {
    let mut org = reports_org();
    add_role(
        &mut org,
        "S3AccessRole",
        EC2_TRUST,
        &["AmazonS3ReadOnlyAccess"],
    );
    add_profile(&mut org, "S3AccessRole", "S3AccessRole");
    let id = instance_id(&run_instance(&mut org, &admin(), Some("S3AccessRole")).unwrap());
    let server = workload_caller(&org, &id).unwrap();
    let mut files = BTreeMap::new();
    let listing = s3(&mut org, &server, &mut files, "ls s3://reports").unwrap();
    assert_eq!(
        listing,
        "                           PRE 2025/\n                           PRE 2026/\n2026-01-05 09:00:00          5 readme.txt"
    );
    let e = s3(&mut org, &server, &mut files, "rm s3://reports/readme.txt").unwrap_err();
    assert!(e.message.contains("assumed-role/S3AccessRole/"), "{e}");
}

// ---------------------------------------------------------------------------
// Organization files.

#[test]
fn instances_functions_and_tables_survive_a_write_and_a_read() {
    let mut org = reports_org();
    add_role(
        &mut org,
        "S3AccessRole",
        EC2_TRUST,
        &["AmazonS3ReadOnlyAccess"],
    );
    add_profile(&mut org, "S3AccessRole", "S3AccessRole");
    let run = ok(
        &mut org,
        &admin(),
        "ec2",
        "RunInstances",
        json!({
            "ImageId": "ami-0abcdef1234567890", "MinCount": 2, "MaxCount": 2,
            "IamInstanceProfile": { "Name": "S3AccessRole" },
            "TagSpecifications": [{ "ResourceType": "instance", "Tags": [{ "Key": "Name", "Value": "web \"1\"" }] }]
        }),
    );
    ok(
        &mut org,
        &admin(),
        "ec2",
        "StopInstances",
        json!({ "InstanceIds": [instance_id(&run)] }),
    );
    run_instance(&mut org, &admin(), None).unwrap();
    let role = add_role(&mut org, "FnRole", LAMBDA_TRUST, &[]);
    create_function(&mut org, &admin(), &role).unwrap();
    orders_table(&mut org);
    ok(
        &mut org,
        &admin(),
        "dynamodb",
        "CreateTable",
        json!({
            "TableName": "Events",
            "AttributeDefinitions": [
                { "AttributeName": "user", "AttributeType": "S" },
                { "AttributeName": "at", "AttributeType": "N" }
            ],
            "KeySchema": [
                { "AttributeName": "user", "KeyType": "HASH" },
                { "AttributeName": "at", "KeyType": "RANGE" }
            ],
            "ProvisionedThroughput": { "ReadCapacityUnits": 2, "WriteCapacityUnits": 3 }
        }),
    );
    ok(
        &mut org,
        &admin(),
        "dynamodb",
        "PutItem",
        json!({ "TableName": "Orders", "Item": { "id": { "S": "1" }, "lines": { "L": [{ "M": { "sku": { "S": "a\"#b" } } }] } } }),
    );
    ok(
        &mut org,
        &admin(),
        "dynamodb",
        "PutItem",
        json!({ "TableName": "Events", "Item": { "user": { "S": "ann" }, "at": { "N": "7" } } }),
    );
    assert_eq!(org.instances.len(), 3);
    let text = to_ron(&org);
    let back = from_ron(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    assert_eq!(back, org, "{text}");
    assert_eq!(to_ron(&back), text);
}

const HAND_WRITTEN: &str = r##"Org(
    accounts: [
        Account(
            id: "111122223333",
            roles: [
                Role(name: "S3AccessRole", trust: r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}"#, policies: ["AmazonS3ReadOnlyAccess"]),
                Role(name: "OrdersWriter", trust: r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}"#),
            ],
            instance_profiles: [InstanceProfile(name: "S3AccessRole", roles: ["S3AccessRole"])],
        ),
    ],
    instances: [
        Instance(id: "i-0abc1234567890def", instance_profile: "S3AccessRole"),
        Instance(id: "i-0abc1234567890aaa", state: Stopped, tags: {"Team": "web"}),
    ],
    functions: [Function(name: "orders-writer", role: "OrdersWriter")],
    tables: [
        Table(
            name: "Orders",
            partition_key: "id",
            items: [r#"{"id": {"S": "1"}, "total": {"N": "42"}}"#],
        ),
    ],
)
"##;

#[test]
fn hand_written_instances_functions_and_tables_get_defaults() {
    let org = from_ron(HAND_WRITTEN).unwrap_or_else(|e| panic!("{e:?}"));
    let web = &org.instances["i-0abc1234567890def"];
    assert_eq!(web.account, A);
    assert_eq!(web.region, "us-east-1");
    assert_eq!(web.instance_type, "t3.micro");
    assert!(web.reservation.starts_with("r-"));
    let p = web.instance_profile.as_ref().unwrap();
    assert_eq!(
        p.arn,
        "arn:aws:iam::111122223333:instance-profile/S3AccessRole"
    );
    assert!(p.association_id.starts_with("iip-assoc-"));
    assert_eq!(
        org.caller_arn(&workload_caller(&org, "i-0abc1234567890def").unwrap()),
        "arn:aws:sts::111122223333:assumed-role/S3AccessRole/i-0abc1234567890def"
    );
    assert!(workload_caller(&org, "i-0abc1234567890aaa").is_err());

    let f = &org.functions["arn:aws:lambda:us-east-1:111122223333:function:orders-writer"];
    assert_eq!(f.role, "arn:aws:iam::111122223333:role/OrdersWriter");
    assert_eq!(
        (f.runtime.as_str(), f.timeout, f.memory_size),
        ("python3.12", 3, 128)
    );
    let code = workload_caller(&org, "function:orders-writer").unwrap();

    let mut org = org;
    let out = ok(
        &mut org,
        &admin(),
        "dynamodb",
        "GetItem",
        json!({ "TableName": "Orders", "Key": { "id": { "S": "1" } } }),
    );
    assert_eq!(out["Item"]["total"], json!({ "N": "42" }));
    let e = err(
        &mut org,
        &code,
        "dynamodb",
        "Scan",
        json!({ "TableName": "Orders" }),
    );
    assert_eq!(e.code, "AccessDeniedException");
    // What the sandbox saves reads back the same.
    assert_eq!(from_ron(&to_ron(&org)).unwrap(), org);
}

/// 1-based line and column (in characters) of the first `needle`.
fn position_of(text: &str, needle: &str) -> (u32, u32) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() as u32 + 1;
    (line, col)
}

#[test]
fn mistakes_in_services_state_are_reported_where_they_stand() {
    let text = r##"Org(
    accounts: [Account(id: "111122223333", roles: [Role(name: "R", trust: r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}}"#)])],
    instances: [
        Instance(id: "web-1"),
        Instance(id: "i-0abc1234567890def", instance_profile: "NoSuchProfile"),
        Instance(id: "i-0abc1234567890def"),
    ],
    functions: [Function(name: "fn", role: "Ghost", timeout: 901)],
    tables: [
        Table(
            name: "Orders",
            partition_key: "id",
            partition_key_type: "X",
            items: [
                r#"{"total": {"N": "1"}}"#,
                r#"{"id": {"S": "1"}, "bad": {"Q": "1"}}"#,
                r#"{"id": {"S": "2"},, }"#,
            ],
        ),
    ],
)
"##;
    let errors = from_ron(text).unwrap_err();
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expect = |needle: &str, offset: u32, message: &str| {
        let (line, col) = position_of(text, needle);
        let want = format!("{line}:{}: {message}", col + offset);
        assert!(shown.contains(&want), "missing {want}\nin {shown:#?}");
    };
    expect(
        "\"web-1\"",
        0,
        "instance id `web-1` is not valid: write `i-` and 17 hex digits, such as `i-0abc1234567890def`",
    );
    expect(
        "\"NoSuchProfile\"",
        0,
        "instance `i-0abc1234567890def` has instance profile `NoSuchProfile`, which account `111122223333` does not have",
    );
    let (line, col) = position_of(text, "\"i-0abc1234567890def\"");
    assert!(
        shown.iter().any(|s| s.ends_with(&format!(
            "instance `i-0abc1234567890def` is already defined at {line}:{col}"
        ))),
        "{shown:#?}"
    );
    expect(
        "\"Ghost\"",
        0,
        "function `fn` runs as role `Ghost`, which account `111122223333` does not have",
    );
    expect(
        "\"fn\"",
        0,
        "function `fn` has `timeout: 901`: it must be 1 to 900 seconds",
    );
    expect(
        "\"X\"",
        0,
        "partition key type `X` is not valid: write \"S\" (string), \"N\" (number) or \"B\" (binary)",
    );
    expect(
        "r#\"{\"total\"",
        0,
        "item of table `Orders`: Missing the key id in the item",
    );
    expect(
        "r#\"{\"id\": {\"S\": \"1\"}, \"bad\"",
        0,
        "item of table `Orders`, attribute `bad`: Supplied AttributeValue has an unknown data type `Q`: use one of S, N, B, SS, NS, BS, M, L, NULL, BOOL",
    );
    // A JSON mistake inside an item points at the character.
    expect(
        ",, }",
        1,
        "item of table `Orders` is not JSON: key must be a string",
    );
}

// ---------------------------------------------------------------------------
// Random sequences of calls.

/// The org random call sequences start from: a role for instances, a role
/// for functions, and a user allowed some of everything.
fn playground() -> Org {
    let mut org = Org::new();
    add_role(
        &mut org,
        "S3AccessRole",
        EC2_TRUST,
        &["AmazonS3ReadOnlyAccess"],
    );
    add_profile(&mut org, "S3AccessRole", "S3AccessRole");
    add_role(
        &mut org,
        "FnRole",
        LAMBDA_TRUST,
        &["AmazonDynamoDBFullAccess"],
    );
    let some = policy(json!([
        { "Effect": "Allow", "Action": ["s3:*", "ec2:Describe*", "ec2:RunInstances", "dynamodb:PutItem"], "Resource": "*" },
        { "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*" }
    ]));
    add_user(&mut org, "dev", Some(some));
    org
}

/// One call from a small menu, its arguments picked by `a` (0 to 8: two
/// independent choices of three, `a % 3` and `a / 3`).
fn pick(op: usize, a: usize, org: &Org) -> (&'static str, &'static str, Value) {
    let bucket = ["alpha-bucket", "beta-bucket", "Bad_Name"][a % 3];
    let key = ["k", "dir/k", "dir/sub/k"][a % 3];
    let instance = org
        .instances
        .keys()
        .nth(a % 3)
        .cloned()
        .unwrap_or_else(|| "i-0123456789abcdef0".into());
    let item = json!({ "id": { "S": (["1", "2", ""][a % 3]) }, "n": { "N": "7" } });
    match op {
        0 => ("s3api", "CreateBucket", json!({ "Bucket": bucket })),
        1 => (
            "s3api",
            "PutObject",
            json!({ "Bucket": bucket, "Key": (["k", "dir/k", "dir/sub/k"][a / 3]), "Body": b64(&"x".repeat(a)) }),
        ),
        2 => (
            "s3api",
            "DeleteObject",
            json!({ "Bucket": bucket, "Key": key }),
        ),
        3 => ("s3api", "DeleteBucket", json!({ "Bucket": bucket })),
        4 => (
            "s3api",
            "PutBucketPolicy",
            json!({ "Bucket": bucket, "Policy": ([
                "{}",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::alpha-bucket/dir/*"}]}"#,
                "nope",
            ][a / 3]) }),
        ),
        5 => {
            let mut input =
                json!({ "ImageId": "ami-0abcdef1234567890", "MinCount": 1, "MaxCount": 1 + a % 2 });
            if !a.is_multiple_of(3) {
                input["IamInstanceProfile"] =
                    json!({ "Name": (["", "S3AccessRole", "Nope"][a % 3]) });
            }
            ("ec2", "RunInstances", input)
        }
        6 => (
            "ec2",
            (["StopInstances", "StartInstances", "TerminateInstances"][a % 3]),
            json!({ "InstanceIds": [instance] }),
        ),
        7 => (
            "ec2",
            "AssociateIamInstanceProfile",
            json!({ "InstanceId": instance, "IamInstanceProfile": { "Name": "S3AccessRole" } }),
        ),
        8 => (
            "dynamodb",
            "CreateTable",
            json!({
                "TableName": "Orders",
                "AttributeDefinitions": [{ "AttributeName": "id", "AttributeType": "S" }],
                "KeySchema": [{ "AttributeName": "id", "KeyType": "HASH" }],
                "BillingMode": (["PAY_PER_REQUEST", "PROVISIONED", "PAY_PER_REQUEST"][a % 3])
            }),
        ),
        9 => (
            "dynamodb",
            "PutItem",
            json!({ "TableName": "Orders", "Item": item }),
        ),
        10 => (
            "dynamodb",
            "DeleteItem",
            json!({ "TableName": "Orders", "Key": { "id": item["id"] } }),
        ),
        11 => (
            "lambda",
            "CreateFunction",
            json!({
                "FunctionName": (["fn-a", "fn-b", "bad name"][a % 3]),
                "Role": "arn:aws:iam::111122223333:role/FnRole",
                "Runtime": "python3.12", "Handler": "h", "Code": { "ZipFile": "x" }
            }),
        ),
        12 => (
            "lambda",
            "DeleteFunction",
            json!({ "FunctionName": (["fn-a", "fn-b", "fn-c"][a / 3]) }),
        ),
        _ => ("dynamodb", "DeleteTable", json!({ "TableName": "Orders" })),
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Whatever happens, a failed call changes nothing, and the organization
    /// that results survives a write and a read.
    #[test]
    fn random_calls_fail_cleanly_and_what_they_build_round_trips(
        steps in proptest::collection::vec((0..14usize, 0..9usize, 0..3usize), 1..30)
    ) {
        let mut org = playground();
        for (op, a, who) in steps {
            let caller = if who == 0 { user("dev") } else { admin() };
            let (service, operation, input) = pick(op, a, &org);
            let before = org.clone();
            if call(&mut org, &caller, service, operation, &input).is_err() {
                // Only the attempt is recorded (see `usage`).
                let mut expected = before;
                iamtutor::iam::usage::carry(&org, &mut expected);
                proptest::prop_assert_eq!(&org, &expected, "{} {} {}", service, operation, input);
            }
        }
        let text = to_ron(&org);
        match from_ron(&text) {
            Ok(back) => proptest::prop_assert_eq!(back, org, "{}", text),
            Err(e) => proptest::prop_assert!(false, "{:?}\n{}", e, text),
        }
    }
}
