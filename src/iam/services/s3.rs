//! S3 (`aws s3api`): buckets, objects and bucket policies.
//!
//! Bucket names are global, so buckets live on the organization rather than
//! in an account; a bucket policy is a resource-based policy that the engine
//! reads through `Org::resource_side`.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::Ctx;
use crate::iam::context::Context;
use crate::iam::error::AwsError;
use crate::iam::model::{Bucket, PolicyDoc, S3Object};
use crate::iam::ops::{OpResult, date};
use crate::iam::policy::PolicyKind;

/// S3's limit on a bucket policy, in bytes.
const POLICY_MAX: usize = 20 * 1024;
/// The most keys one ListObjectsV2 page holds.
const MAX_KEYS: usize = 1000;

pub(super) fn dispatch(op: &str, cx: &mut Ctx<'_>, v: &Value) -> Option<OpResult> {
    Some(match op {
        "CreateBucket" => cx.input(v).and_then(|i| create_bucket(cx, i)),
        "DeleteBucket" => cx.input(v).and_then(|i| delete_bucket(cx, i)),
        "HeadBucket" => cx.input(v).and_then(|i| head_bucket(cx, i)),
        "ListBuckets" => cx.input(v).and_then(|i| list_buckets(cx, i)),
        "PutObject" => cx.input(v).and_then(|i| put_object(cx, i)),
        "GetObject" => cx.input(v).and_then(|i| get_object(cx, i)),
        "HeadObject" => cx.input(v).and_then(|i| head_object(cx, i)),
        "CopyObject" => cx.input(v).and_then(|i| copy_object(cx, i)),
        "DeleteObject" => cx.input(v).and_then(|i| delete_object(cx, i)),
        "ListObjectsV2" => cx.input(v).and_then(|i| list_objects(cx, i)),
        "PutBucketPolicy" => cx.input(v).and_then(|i| put_policy(cx, i)),
        "GetBucketPolicy" => cx.input(v).and_then(|i| get_policy(cx, i)),
        "DeleteBucketPolicy" => cx.input(v).and_then(|i| delete_policy(cx, i)),
        _ => return None,
    })
}

pub fn bucket_arn(bucket: &str) -> String {
    format!("arn:aws:s3:::{bucket}")
}

pub fn object_arn(bucket: &str, key: &str) -> String {
    format!("arn:aws:s3:::{bucket}/{key}")
}

/// S3's naming rules for general purpose buckets.
pub fn valid_bucket_name(name: &str) -> bool {
    let b = name.as_bytes();
    let edge_ok = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let looks_like_ip = name.split('.').count() == 4
        && name
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    (3..=63).contains(&b.len())
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
        && edge_ok(b.first())
        && edge_ok(b.last())
        && !name.contains("..")
        && !looks_like_ip
        && !["xn--", "sthree-", "amzn-s3-demo-"]
            .iter()
            .any(|p| name.starts_with(p))
        && !["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]
            .iter()
            .any(|s| name.ends_with(s))
}

fn no_such_bucket() -> AwsError {
    AwsError::new("NoSuchBucket", "The specified bucket does not exist")
}

/// A refused HEAD request: the status code is all S3 can send.
fn forbidden() -> AwsError {
    AwsError::new("403", "Forbidden")
}

fn no_such_key() -> AwsError {
    AwsError::new("NoSuchKey", "The specified key does not exist.")
}

/// The bucket, or NoSuchBucket. S3 answers NoSuchBucket before it looks at
/// permissions: a missing bucket has no owner whose policies could decide.
fn find<'a>(cx: &'a Ctx<'_>, name: &str) -> Result<&'a Bucket, AwsError> {
    cx.org.buckets.get(name).ok_or_else(no_such_bucket)
}

/// `ExpectedBucketOwner`: a guard against writing to someone else's bucket.
fn check_owner(b: &Bucket, expected: Option<&str>) -> Result<(), AwsError> {
    match expected {
        Some(e) if e != b.account => Err(AwsError::new("AccessDenied", "Access Denied")),
        _ => Ok(()),
    }
}

fn bucket_mut<'a>(cx: &'a mut Ctx<'_>, name: &str) -> &'a mut Bucket {
    cx.org
        .buckets
        .get_mut(name)
        .expect("the bucket was found before")
}

/// An object's ETag: the MD5 of its body, in quotes, as S3 gives it for
/// objects uploaded in one part.
pub fn etag(body: &str) -> String {
    format!("\"{:x}\"", md5::compute(body.as_bytes()))
}

/// The canonical user id of an account's root: 64 hex digits, stable.
fn canonical_id(account: &str) -> String {
    let a = sha1_smol::Sha1::from(format!("canonical-user:{account}"))
        .digest()
        .to_string();
    let b = sha1_smol::Sha1::from(format!("{account}:canonical-user"))
        .digest()
        .to_string();
    format!("{a}{}", &b[..24])
}

// -- buckets ------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CreateBucket {
    bucket: String,
    create_bucket_configuration: Option<BucketConfiguration>,
    #[serde(rename = "ACL")]
    acl: Option<String>,
    object_ownership: Option<String>,
    object_lock_enabled_for_bucket: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct BucketConfiguration {
    location_constraint: Option<String>,
}

fn create_bucket(cx: &mut Ctx<'_>, i: CreateBucket) -> OpResult {
    let _ = (i.acl, i.object_ownership, i.object_lock_enabled_for_bucket);
    if !valid_bucket_name(&i.bucket) {
        return Err(AwsError::new(
            "InvalidBucketName",
            "The specified bucket is not valid.",
        ));
    }
    let constraint = i
        .create_bucket_configuration
        .and_then(|c| c.location_constraint);
    // The bucket's region comes from the endpoint the request went to; the
    // location constraint must agree with it, and us-east-1 takes none.
    match constraint.as_deref() {
        Some("us-east-1") => {
            return Err(AwsError::new(
                "InvalidLocationConstraint",
                "The specified location-constraint is not valid",
            ));
        }
        Some(c) if c != cx.region => {
            return Err(AwsError::new(
                "IllegalLocationConstraintException",
                format!(
                    "The {c} location constraint is incompatible for the region specific endpoint this request was sent to."
                ),
            ));
        }
        None if cx.region != super::DEFAULT_REGION => {
            return Err(AwsError::new(
                "IllegalLocationConstraintException",
                "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.",
            ));
        }
        _ => {}
    }
    // The namespace is shared by everyone: a name another account holds is
    // taken, whatever the caller may do. (Authorizing first would ask the
    // other account's bucket, and wrongly answer AccessDenied.)
    if cx
        .org
        .buckets
        .get(&i.bucket)
        .is_some_and(|b| b.account != cx.account)
    {
        return Err(AwsError::new(
            "BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
        ));
    }
    cx.authorize("s3:CreateBucket", &bucket_arn(&i.bucket))?;
    if cx.org.buckets.contains_key(&i.bucket) {
        return Err(AwsError::new(
            "BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it.",
        ));
    }
    let bucket = Bucket {
        name: i.bucket.clone(),
        account: cx.account.clone(),
        region: cx.region.clone(),
        created: cx.now(),
        policy: None,
        objects: Default::default(),
    };
    cx.org.buckets.insert(i.bucket.clone(), bucket);
    let location = if cx.region == super::DEFAULT_REGION {
        format!("/{}", i.bucket)
    } else {
        format!("http://{}.s3.amazonaws.com/", i.bucket)
    };
    Ok(json!({ "Location": location }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct BucketOnly {
    bucket: String,
    expected_bucket_owner: Option<String>,
}

fn delete_bucket(cx: &mut Ctx<'_>, i: BucketOnly) -> OpResult {
    let b = find(cx, &i.bucket)?;
    check_owner(b, i.expected_bucket_owner.as_deref())?;
    cx.authorize("s3:DeleteBucket", &bucket_arn(&i.bucket))?;
    if !find(cx, &i.bucket)?.objects.is_empty() {
        return Err(AwsError::new(
            "BucketNotEmpty",
            "The bucket you tried to delete is not empty",
        ));
    }
    cx.org.buckets.remove(&i.bucket);
    Ok(json!({}))
}

fn head_bucket(cx: &mut Ctx<'_>, i: BucketOnly) -> OpResult {
    // HEAD responses have no body, so S3 can only send the status code.
    let b = cx
        .org
        .buckets
        .get(&i.bucket)
        .ok_or_else(|| AwsError::new("404", "Not Found"))?;
    check_owner(b, i.expected_bucket_owner.as_deref())?;
    let region = b.region.clone();
    cx.authorize("s3:ListBucket", &bucket_arn(&i.bucket))
        .map_err(|_| forbidden())?;
    Ok(json!({ "BucketRegion": region, "AccessPointAlias": false }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListBuckets {
    prefix: Option<String>,
    bucket_region: Option<String>,
    max_buckets: Option<u32>,
    continuation_token: Option<String>,
}

fn list_buckets(cx: &mut Ctx<'_>, i: ListBuckets) -> OpResult {
    let _ = (i.max_buckets, i.continuation_token);
    cx.authorize("s3:ListAllMyBuckets", "*")?;
    // Only the caller's own buckets, even those it may not read.
    let buckets: Vec<Value> = cx
        .org
        .buckets
        .values()
        .filter(|b| b.account == cx.account)
        .filter(|b| i.prefix.as_deref().is_none_or(|p| b.name.starts_with(p)))
        .filter(|b| i.bucket_region.as_deref().is_none_or(|r| b.region == r))
        .map(|b| {
            json!({
                "Name": b.name,
                "CreationDate": date(b.created),
                "BucketRegion": b.region,
            })
        })
        .collect();
    let mut out = json!({
        "Buckets": buckets,
        "Owner": { "ID": canonical_id(&cx.account) },
    });
    if let Some(p) = i.prefix {
        out["Prefix"] = Value::String(p);
    }
    Ok(out)
}

// -- objects ------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PutObject {
    bucket: String,
    key: String,
    /// The object's content, base64-encoded (a blob). The CLI reads
    /// `--body FILE`; the sandbox's files are text, so the body is too.
    body: Option<String>,
    content_type: Option<String>,
    #[serde(rename = "ACL")]
    acl: Option<String>,
    server_side_encryption: Option<String>,
    storage_class: Option<String>,
    metadata: Option<Map<String, Value>>,
    tagging: Option<String>,
    expected_bucket_owner: Option<String>,
}

fn check_key(key: &str) -> Result<(), AwsError> {
    if key.is_empty() {
        return Err(AwsError::new(
            "InvalidArgument",
            "An object key must not be empty",
        ));
    }
    if key.len() > 1024 {
        return Err(AwsError::new("KeyTooLongError", "Your key is too long"));
    }
    Ok(())
}

fn put_object(cx: &mut Ctx<'_>, i: PutObject) -> OpResult {
    let _ = (i.content_type, i.storage_class, i.metadata, i.tagging);
    check_key(&i.key)?;
    check_owner(find(cx, &i.bucket)?, i.expected_bucket_owner.as_deref())?;
    if let Some(s) = &i.server_side_encryption
        && !["AES256", "aws:kms", "aws:kms:dsse"].contains(&s.as_str())
    {
        return Err(AwsError::new(
            "InvalidArgument",
            "The encryption method specified is not supported",
        ));
    }
    authorize_put(
        cx,
        &i.bucket,
        &i.key,
        i.server_side_encryption.as_deref(),
        i.acl.as_deref(),
    )?;
    let body = match &i.body {
        Some(b) => super::blob_text(cx, b)?,
        None => String::new(),
    };
    let (tag, _) = store(cx, &i.bucket, i.key, body);
    Ok(json!({
        "ETag": tag,
        "ServerSideEncryption": i.server_side_encryption.as_deref().unwrap_or("AES256"),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ObjectRef {
    bucket: String,
    key: String,
    version_id: Option<String>,
    expected_bucket_owner: Option<String>,
    checksum_mode: Option<String>,
}

/// A missing key is NoSuchKey only for a caller that may list the bucket:
/// anyone else gets AccessDenied, so that S3 does not reveal which keys
/// exist. The refusal names the s3:ListBucket permission that is missing.
fn missing_key(cx: &Ctx<'_>, bucket: &str) -> AwsError {
    match cx.authorize("s3:ListBucket", &bucket_arn(bucket)) {
        Ok(()) => no_such_key(),
        Err(e) => e,
    }
}

/// The metadata GetObject and HeadObject share.
fn object_meta(o: &S3Object) -> Value {
    json!({
        "AcceptRanges": "bytes",
        "LastModified": date(o.modified),
        "ContentLength": o.body.len(),
        "ETag": etag(&o.body),
        "ContentType": "binary/octet-stream",
        "ServerSideEncryption": "AES256",
        "Metadata": {},
    })
}

fn get_object(cx: &mut Ctx<'_>, i: ObjectRef) -> OpResult {
    let _ = (i.version_id, i.checksum_mode);
    check_key(&i.key)?;
    check_owner(find(cx, &i.bucket)?, i.expected_bucket_owner.as_deref())?;
    cx.authorize("s3:GetObject", &object_arn(&i.bucket, &i.key))?;
    let Some(o) = find(cx, &i.bucket)?.objects.get(&i.key) else {
        return Err(missing_key(cx, &i.bucket));
    };
    let mut out = object_meta(o);
    out["Body"] = Value::String(o.body.clone());
    Ok(out)
}

/// HeadObject: GetObject without the body. A HEAD response has no body to
/// carry an error code or message, so S3's errors are bare status codes and
/// the CLI's reasons (`404` Not Found, `403` Forbidden). The evaluation
/// behind a refusal is still recorded, so `why` can tell the learner why.
fn head_object(cx: &mut Ctx<'_>, i: ObjectRef) -> OpResult {
    let _ = (i.version_id, i.checksum_mode);
    let not_found = || AwsError::new("404", "Not Found");
    let b = cx.org.buckets.get(&i.bucket).ok_or_else(not_found)?;
    check_owner(b, i.expected_bucket_owner.as_deref()).map_err(|_| forbidden())?;
    cx.authorize("s3:GetObject", &object_arn(&i.bucket, &i.key))
        .map_err(|_| forbidden())?;
    let Some(o) = find(cx, &i.bucket)?.objects.get(&i.key) else {
        let e = missing_key(cx, &i.bucket);
        return Err(if e.code == "NoSuchKey" {
            not_found()
        } else {
            forbidden()
        });
    };
    Ok(object_meta(o))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct CopyObject {
    bucket: String,
    key: String,
    /// `source-bucket/source-key`, optionally with a leading `/`.
    copy_source: String,
    #[serde(rename = "ACL")]
    acl: Option<String>,
    server_side_encryption: Option<String>,
    storage_class: Option<String>,
    metadata_directive: Option<String>,
    expected_bucket_owner: Option<String>,
}

/// Asks for s3:PutObject on `bucket`/`key` with the request headers a
/// bucket policy can test, such as a policy that refuses uploads without
/// server-side encryption.
fn authorize_put(
    cx: &mut Ctx<'_>,
    bucket: &str,
    key: &str,
    encryption: Option<&str>,
    acl: Option<&str>,
) -> Result<(), AwsError> {
    let mut context = Context::new();
    if let Some(s) = encryption {
        context.set_one("s3:x-amz-server-side-encryption", s);
    }
    if let Some(acl) = acl {
        context.set_one("s3:x-amz-acl", acl);
    }
    cx.authorize_with("s3:PutObject", &object_arn(bucket, key), context)
}

/// Writes `body` at `key` now, and answers with its ETag and that time.
fn store(cx: &mut Ctx<'_>, bucket: &str, key: String, body: String) -> (String, i64) {
    let tag = etag(&body);
    let now = cx.now();
    bucket_mut(cx, bucket).objects.insert(
        key,
        S3Object {
            body,
            modified: now,
        },
    );
    (tag, now)
}

fn copy_object(cx: &mut Ctx<'_>, i: CopyObject) -> OpResult {
    let _ = (i.storage_class, i.metadata_directive);
    check_key(&i.key)?;
    let source = i.copy_source.trim_start_matches('/');
    let Some((src_bucket, src_key)) = source.split_once('/') else {
        return Err(AwsError::new(
            "InvalidArgument",
            "Invalid copy source object key",
        ));
    };
    check_owner(find(cx, &i.bucket)?, i.expected_bucket_owner.as_deref())?;
    find(cx, src_bucket)?;
    // A copy reads one object and writes another: both must be allowed.
    cx.authorize("s3:GetObject", &object_arn(src_bucket, src_key))?;
    authorize_put(
        cx,
        &i.bucket,
        &i.key,
        i.server_side_encryption.as_deref(),
        i.acl.as_deref(),
    )?;
    let Some(o) = find(cx, src_bucket)?.objects.get(src_key) else {
        return Err(missing_key(cx, src_bucket));
    };
    let body = o.body.clone();
    let (tag, now) = store(cx, &i.bucket, i.key, body);
    Ok(json!({
        "ServerSideEncryption": "AES256",
        "CopyObjectResult": { "ETag": tag, "LastModified": date(now) },
    }))
}

fn delete_object(cx: &mut Ctx<'_>, i: ObjectRef) -> OpResult {
    let _ = (i.version_id, i.checksum_mode);
    check_key(&i.key)?;
    check_owner(find(cx, &i.bucket)?, i.expected_bucket_owner.as_deref())?;
    cx.authorize("s3:DeleteObject", &object_arn(&i.bucket, &i.key))?;
    // Deleting a key that is not there succeeds: S3 deletes are idempotent.
    bucket_mut(cx, &i.bucket).objects.remove(&i.key);
    Ok(json!({}))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ListObjects {
    bucket: String,
    prefix: Option<String>,
    delimiter: Option<String>,
    max_keys: Option<i64>,
    continuation_token: Option<String>,
    start_after: Option<String>,
    encoding_type: Option<String>,
    fetch_owner: Option<bool>,
    expected_bucket_owner: Option<String>,
}

/// One line of a listing: an object, or a common prefix standing for every
/// key under it.
#[derive(PartialEq)]
enum Entry<'a> {
    Key(&'a str),
    Prefix(&'a str),
}

/// Continuation tokens are opaque to the caller; this one is the hex of
/// where the last page stopped, with a letter saying whether that was a key
/// or a common prefix (whose keys the next page must skip).
fn token(entry: &Entry<'_>) -> String {
    let (tag, s) = match entry {
        Entry::Key(k) => ('K', *k),
        Entry::Prefix(p) => ('P', *p),
    };
    let hex: String = s.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{tag}{hex}")
}

fn read_token(t: &str) -> Option<(bool, String)> {
    let prefix = match t.as_bytes().first()? {
        b'K' => false,
        b'P' => true,
        _ => return None,
    };
    let hex = &t[1..];
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    Some((prefix, String::from_utf8(bytes?).ok()?))
}

fn list_objects(cx: &mut Ctx<'_>, i: ListObjects) -> OpResult {
    let _ = i.encoding_type;
    let b = find(cx, &i.bucket)?;
    check_owner(b, i.expected_bucket_owner.as_deref())?;
    // The request's parameters are condition keys of s3:ListBucket: this is
    // how a policy limits a user to a home folder.
    let prefix = i.prefix.clone().unwrap_or_default();
    let mut context = Context::new();
    context.set_one("s3:prefix", prefix.clone());
    if let Some(d) = &i.delimiter {
        context.set_one("s3:delimiter", d.clone());
    }
    if let Some(m) = i.max_keys {
        context.set_one("s3:max-keys", m.to_string());
    }
    cx.authorize_with("s3:ListBucket", &bucket_arn(&i.bucket), context)?;
    let max_keys = match i.max_keys {
        Some(m) if m < 0 => {
            return Err(AwsError::new(
                "InvalidArgument",
                "Argument maxKeys must be an integer between 0 and 2147483647",
            ));
        }
        Some(m) => (m as usize).min(MAX_KEYS),
        None => MAX_KEYS,
    };
    let resume = match &i.continuation_token {
        Some(t) => Some(read_token(t).ok_or_else(|| {
            AwsError::new(
                "InvalidArgument",
                "The continuation token provided is incorrect",
            )
        })?),
        None => None,
    };
    let b = find(cx, &i.bucket)?;
    let delimiter = i.delimiter.as_deref().filter(|d| !d.is_empty());
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut truncated = false;
    for key in b.objects.keys() {
        if !key.starts_with(&prefix) {
            continue;
        }
        if i.start_after.as_deref().is_some_and(|s| key.as_str() <= s) {
            continue;
        }
        if let Some((is_prefix, at)) = &resume
            && (key <= at || (*is_prefix && key.starts_with(at.as_str())))
        {
            continue;
        }
        let entry = match delimiter.and_then(|d| key[prefix.len()..].find(d).map(|p| (d, p))) {
            Some((d, p)) => Entry::Prefix(&key[..prefix.len() + p + d.len()]),
            None => Entry::Key(key),
        };
        if matches!(entry, Entry::Prefix(_)) && entries.last() == Some(&entry) {
            continue;
        }
        if entries.len() == max_keys {
            truncated = true;
            break;
        }
        entries.push(entry);
    }
    let owner = i
        .fetch_owner
        .unwrap_or(false)
        .then(|| json!({ "ID": canonical_id(&b.account) }));
    let contents: Vec<Value> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Key(k) => Some(*k),
            Entry::Prefix(_) => None,
        })
        .map(|k| {
            let o = &b.objects[k];
            let mut v = json!({
                "Key": k,
                "LastModified": date(o.modified),
                "ETag": etag(&o.body),
                "Size": o.body.len(),
                "StorageClass": "STANDARD",
            });
            if let Some(owner) = &owner {
                v["Owner"] = owner.clone();
            }
            v
        })
        .collect();
    let prefixes: Vec<Value> = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Prefix(p) => Some(json!({ "Prefix": p })),
            Entry::Key(_) => None,
        })
        .collect();
    let mut out = json!({ "IsTruncated": truncated });
    if !contents.is_empty() {
        out["Contents"] = Value::Array(contents);
    }
    out["Name"] = Value::String(i.bucket.clone());
    out["Prefix"] = Value::String(prefix);
    if let Some(d) = &i.delimiter {
        out["Delimiter"] = Value::String(d.clone());
    }
    out["MaxKeys"] = json!(i.max_keys.unwrap_or(MAX_KEYS as i64));
    if !prefixes.is_empty() {
        out["CommonPrefixes"] = Value::Array(prefixes);
    }
    out["KeyCount"] = json!(entries.len());
    if let Some(t) = &i.continuation_token {
        out["ContinuationToken"] = Value::String(t.clone());
    }
    if truncated && let Some(last) = entries.last() {
        out["NextContinuationToken"] = Value::String(token(last));
    }
    if let Some(s) = &i.start_after {
        out["StartAfter"] = Value::String(s.clone());
    }
    Ok(out)
}

// -- bucket policies ----------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PutPolicy {
    bucket: String,
    policy: String,
    confirm_remove_self_bucket_access: Option<bool>,
    checksum_algorithm: Option<String>,
    #[serde(rename = "ContentMD5")]
    content_md5: Option<String>,
    expected_bucket_owner: Option<String>,
}

fn malformed(message: impl Into<String>) -> AwsError {
    AwsError::new("MalformedPolicy", message)
}

/// Checks a bucket policy the way S3 does: AWS's policy grammar for a
/// resource policy, and every statement about this bucket and S3 only.
fn check_policy(bucket: &str, text: &str) -> Result<std::sync::Arc<PolicyDoc>, AwsError> {
    if text.len() > POLICY_MAX {
        return Err(malformed(
            "Policy exceeds the maximum allowed document size.",
        ));
    }
    // S3's sentence names both rules; a document that does start with `{`
    // is told which place breaks the first, not the rule it keeps.
    if !text.trim_start().starts_with('{') {
        return Err(malformed(
            "Policies must be valid JSON and the first byte must be '{'",
        ));
    }
    if let Err(e) = serde_json::from_str::<Value>(text) {
        return Err(malformed(format!("Policies must be valid JSON: {e}")));
    }
    let doc = PolicyDoc::parse(text, PolicyKind::Resource).map_err(|e| {
        // S3 says "Invalid principal in policy" without naming it.
        if e.message.starts_with("Invalid principal in policy") {
            malformed("Invalid principal in policy")
        } else {
            malformed(e.message)
        }
    })?;
    let arn = bucket_arn(bucket);
    for s in &doc.policy.statements {
        if let Some(r) = s.resource.as_ref().filter(|r| !r.negated) {
            let outside = r
                .patterns
                .iter()
                .any(|p| p.text != arn && !p.text.starts_with(&format!("{arn}/")));
            if outside {
                return Err(malformed("Policy has invalid resource"));
            }
        }
        if !s.action.negated
            && s.action
                .patterns
                .iter()
                .any(|p| p.service.as_deref().is_some_and(|svc| svc != "s3"))
        {
            return Err(malformed("Policy has invalid action"));
        }
    }
    Ok(doc)
}

fn put_policy(cx: &mut Ctx<'_>, i: PutPolicy) -> OpResult {
    let _ = (
        i.confirm_remove_self_bucket_access,
        i.checksum_algorithm,
        i.content_md5,
    );
    check_owner(find(cx, &i.bucket)?, i.expected_bucket_owner.as_deref())?;
    cx.authorize("s3:PutBucketPolicy", &bucket_arn(&i.bucket))?;
    let doc = check_policy(&i.bucket, &i.policy)?;
    bucket_mut(cx, &i.bucket).policy = Some(doc);
    Ok(json!({}))
}

fn get_policy(cx: &mut Ctx<'_>, i: BucketOnly) -> OpResult {
    check_owner(find(cx, &i.bucket)?, i.expected_bucket_owner.as_deref())?;
    cx.authorize("s3:GetBucketPolicy", &bucket_arn(&i.bucket))?;
    match &find(cx, &i.bucket)?.policy {
        Some(p) => Ok(json!({ "Policy": p.text })),
        None => Err(AwsError::new(
            "NoSuchBucketPolicy",
            "The bucket policy does not exist",
        )),
    }
}

fn delete_policy(cx: &mut Ctx<'_>, i: BucketOnly) -> OpResult {
    check_owner(find(cx, &i.bucket)?, i.expected_bucket_owner.as_deref())?;
    cx.authorize("s3:DeleteBucketPolicy", &bucket_arn(&i.bucket))?;
    bucket_mut(cx, &i.bucket).policy = None;
    Ok(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_follow_s3s_rules() {
        for ok in ["reports", "my.bucket-1", "a1b", &"x".repeat(63)] {
            assert!(valid_bucket_name(ok), "{ok}");
        }
        for bad in [
            "ab",
            "Reports",
            "-reports",
            "reports-",
            "my..bucket",
            "192.168.5.4",
            "xn--bucket",
            "my_bucket",
            "bucket--x-s3",
            &"x".repeat(64),
        ] {
            assert!(!valid_bucket_name(bad), "{bad}");
        }
    }

    #[test]
    fn etag_is_the_md5_of_the_body() {
        assert_eq!(etag(""), "\"d41d8cd98f00b204e9800998ecf8427e\"");
    }

    #[test]
    fn continuation_tokens_read_back() {
        for e in [Entry::Key("a/b c"), Entry::Prefix("dir/")] {
            let (is_prefix, s) = read_token(&token(&e)).unwrap();
            assert_eq!(is_prefix, matches!(e, Entry::Prefix(_)));
            assert!(e == Entry::Key(&s) || e == Entry::Prefix(&s));
        }
        assert_eq!(read_token("Kzz"), None);
    }
}
