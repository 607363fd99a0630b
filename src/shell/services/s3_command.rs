//! The high-level `aws s3` commands (`ls`, `mb`, `rb`, `cp`, `rm`), built on
//! the s3api operations as the AWS CLI builds them, with its output lines
//! and error texts.
//!
//! Local paths name files of the sandbox's workspace: `notes.txt` and
//! `./notes.txt` are the same file, and `.` (or a name ending in `/`) is the
//! workspace itself. Times print in UTC, the sandbox's only time zone.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Value, json};

use super::DEFAULT_REGION;
use crate::iam::call::{Backup, call_traced_with};
use crate::iam::error::AwsError;
use crate::iam::eval::Evaluation;
use crate::iam::model::{Caller, Org};
use crate::shell::cli::{CliError, service_error};

/// A failed `aws s3` command: what the CLI writes to stderr, exactly (each
/// line ending in `\n`; empty when it writes nothing), what it wrote to
/// stdout before it failed (the summary of a listing that found nothing),
/// and the exit status it ends with: 1 when a transfer, bucket command or
/// listing of a named prefix fails, 252 for a command line the CLI refuses,
/// 254 for a service error in `ls`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct S3CommandError {
    pub message: String,
    pub status: i32,
    pub stdout: String,
}

impl fmt::Display for S3CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for S3CommandError {}

/// A failure the command reports itself, as lines of its own on stderr
/// (`upload failed: ...`, `fatal error: ...`): `lines` without a final
/// line break.
fn fail(lines: impl Into<String>, status: i32) -> S3CommandError {
    let mut message = lines.into();
    if !message.is_empty() {
        message.push('\n');
    }
    S3CommandError {
        message,
        status,
        stdout: String::new(),
    }
}

/// A command line argparse refuses: its message, then the usage block.
fn usage(error: &str) -> S3CommandError {
    from_cli(CliError::usage(error))
}

/// A ParamValidationError the command raises: the message alone.
fn param(error: &str) -> S3CommandError {
    from_cli(CliError::param(error))
}

fn from_cli(e: CliError) -> S3CommandError {
    S3CommandError {
        message: e.message,
        status: e.code,
        stdout: String::new(),
    }
}

/// A service error that ends the command, reported by the CLI's error
/// handler as any `aws` command's is.
fn service(e: &AwsError, operation: &str) -> S3CommandError {
    from_cli(service_error(&e.code, &e.message, operation, &[]))
}

/// A path of the wrong kind: the CLI's check of the paths' types raises a
/// ParamValidationError naming what the command takes.
fn invalid_type(synopsis: &str) -> S3CommandError {
    param(&format!("{synopsis}\nError: Invalid argument type"))
}

/// Runs `aws s3 ARGS...` (`args` is what follows `s3`) as `caller`. On
/// success, the text the CLI prints, each line ending in `\n` (empty when
/// it prints nothing). A command that fails changes neither the
/// organization nor the workspace `files`.
pub fn s3_command(
    org: &mut Org,
    caller: &Caller,
    args: &[String],
    files: &mut BTreeMap<String, String>,
) -> Result<String, S3CommandError> {
    s3_command_in(org, Ok(caller), DEFAULT_REGION, args, files).result
}

/// What `aws s3` did, with the access decision behind it.
#[derive(Debug, Clone)]
pub struct S3Outcome {
    pub result: Result<String, S3CommandError>,
    /// The first refusal among the command's calls, or, when nothing was
    /// refused, the last authorization: what "why?" explains.
    pub evaluation: Option<Evaluation>,
}

/// Like [`s3_command`], in `region` (the global `--region`, which a
/// `--region` after the subcommand overrides) and with the evaluation.
/// `caller` may be the error AWS answers every request with (keys it does
/// not accept, an expired session): each call the command makes then fails
/// with it, and the command reports that as it reports any failed call.
pub fn s3_command_in(
    org: &mut Org,
    caller: Result<&Caller, &AwsError>,
    region: &str,
    args: &[String],
    files: &mut BTreeMap<String, String>,
) -> S3Outcome {
    let backup = org.clone();
    let done = s3_command_held(org, caller, region, args, files);
    if done.result.is_err() {
        *org = backup;
    }
    done
}

/// Like [`s3_command_in`], for a caller that holds its own copy of the
/// organization from before the command and puts it back when the command
/// fails (the sandbox, which copies once per command). The workspace files
/// the command wrote are put back here.
pub fn s3_command_held(
    org: &mut Org,
    caller: Result<&Caller, &AwsError>,
    region: &str,
    args: &[String],
    files: &mut BTreeMap<String, String>,
) -> S3Outcome {
    let files_before = files.clone();
    let mut refusal = None;
    let mut last = None;
    let result = Args::parse(args, region).and_then(|a| {
        let mut run = Run {
            org,
            caller,
            files,
            args: &a,
            out: Vec::new(),
            refusal: &mut refusal,
            last: &mut last,
        };
        match run.command() {
            Ok(()) => Ok(run.out.iter().map(|l| format!("{l}\n")).collect()),
            Err(mut e) => {
                e.stdout = run.out.iter().map(|l| format!("{l}\n")).collect();
                Err(e)
            }
        }
    });
    if result.is_err() {
        *files = files_before;
    }
    S3Outcome {
        result,
        evaluation: refusal.or(last),
    }
}

struct Args {
    sub: String,
    paths: Vec<String>,
    recursive: bool,
    force: bool,
    quiet: bool,
    summarize: bool,
    human: bool,
    region: String,
}

/// The subcommands of `aws s3`, in the CLI's order.
const SUBCOMMANDS: [&str; 9] = [
    "ls", "website", "cp", "mv", "rm", "sync", "mb", "rb", "presign",
];

/// The ones the sandbox runs.
pub const SIMULATED: [&str; 5] = ["ls", "cp", "rm", "mb", "rb"];

impl Args {
    fn parse(args: &[String], region: &str) -> Result<Args, S3CommandError> {
        let Some(sub) = args.first() else {
            // The s3 command's own check, worded as its usage error.
            return Err(param(
                "usage: aws [options] s3 <subcommand> [parameters]\naws: [ERROR]: too few arguments",
            ));
        };
        if !SIMULATED.contains(&sub.as_str()) {
            return Err(if SUBCOMMANDS.contains(&sub.as_str()) {
                fail(
                    format!(
                        "(iamtutor) the sandbox does not simulate `aws s3 {sub}`: use ls, cp, rm, mb or rb"
                    ),
                    252,
                )
            } else {
                let choices: Vec<String> = SUBCOMMANDS.iter().map(|c| c.to_string()).collect();
                from_cli(crate::shell::cli::invalid_choice(
                    "subcommand",
                    sub,
                    &choices,
                ))
            });
        }
        let mut a = Args {
            sub: sub.clone(),
            paths: Vec::new(),
            recursive: false,
            force: false,
            quiet: false,
            summarize: false,
            human: false,
            region: region.to_string(),
        };
        let mut unknown = Vec::new();
        let mut it = args[1..].iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--recursive" if ["ls", "cp", "rm"].contains(&a.sub.as_str()) => a.recursive = true,
                "--force" if a.sub == "rb" => a.force = true,
                "--quiet" if ["cp", "rm"].contains(&a.sub.as_str()) => a.quiet = true,
                "--summarize" if a.sub == "ls" => a.summarize = true,
                "--human-readable" if a.sub == "ls" => a.human = true,
                "--region" => match it.next() {
                    Some(r) => a.region = r.clone(),
                    None => return Err(usage("argument --region: expected one argument")),
                },
                s if s.starts_with("--") => unknown.push(s.to_string()),
                _ => a.paths.push(arg.clone()),
            }
        }
        if !unknown.is_empty() {
            // BasicCommand joins them with a bare comma.
            return Err(param(&format!("Unknown options: {}", unknown.join(","))));
        }
        let (min, max) = match a.sub.as_str() {
            "ls" => (0, 1),
            "cp" => (2, 2),
            _ => (1, 1),
        };
        if a.paths.len() < min {
            return Err(usage("the following arguments are required: paths"));
        }
        if a.paths.len() > max {
            return Err(param(&format!(
                "Unknown options: {}",
                a.paths[max..].join(",")
            )));
        }
        Ok(a)
    }
}

/// `s3://bucket/key` -> (bucket, key); None for a local path.
fn s3_path(p: &str) -> Option<(&str, &str)> {
    let rest = p.strip_prefix("s3://")?;
    Some(rest.split_once('/').unwrap_or((rest, "")))
}

/// A workspace file's name from how the command line wrote it.
fn local_name(p: &str) -> &str {
    p.trim_start_matches("./")
}

/// How the CLI shows a local path: relative, from `./`.
fn shown(name: &str) -> String {
    if name.starts_with('/') {
        name.to_string()
    } else {
        format!("./{name}")
    }
}

/// A key as the prefix of the objects "in" it: an empty key or one ending
/// in `/` already is one, any other gets the `/`.
fn as_prefix(key: &str) -> String {
    if key.is_empty() || key.ends_with('/') {
        key.to_string()
    } else {
        format!("{key}/")
    }
}

/// Where a single object named `name` goes given `key`: inside it when
/// `key` names a folder (empty or ending in `/`), else at `key` itself.
fn into_folder(key: &str, name: &str) -> String {
    if key.is_empty() || key.ends_with('/') {
        format!("{key}{name}")
    } else {
        key.to_string()
    }
}

fn basename(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

fn is_dir(local: &str) -> bool {
    local == "." || local.ends_with('/')
}

/// A file name under a workspace "directory" (`.` is the top).
fn in_dir(dir: &str, name: &str) -> String {
    let dir = local_name(dir).trim_start_matches('.');
    format!("{dir}{name}")
}

/// `2026-01-05 09:00:00`, the CLI's listing date.
fn listing_date(iso: &str) -> String {
    iso.get(..19).unwrap_or(iso).replace('T', " ")
}

/// The CLI's `--human-readable` sizes.
fn human_size(n: u64) -> String {
    const SUFFIXES: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n == 1 {
        return "1 Byte".into();
    }
    if n < 1024 {
        return format!("{n} Bytes");
    }
    let bytes = n as f64;
    for (i, suffix) in SUFFIXES.iter().enumerate() {
        let unit = 1024f64.powi(i as i32 + 2);
        if ((bytes / unit) * 1024.0).round() < 1024.0 {
            return format!("{:.1} {suffix}", 1024.0 * bytes / unit);
        }
    }
    format!("{:.1} PiB", bytes / 1024f64.powi(5))
}

struct Run<'a> {
    org: &'a mut Org,
    caller: Result<&'a Caller, &'a AwsError>,
    files: &'a mut BTreeMap<String, String>,
    args: &'a Args,
    out: Vec<String>,
    /// The first authorization a call was refused, for "why?".
    refusal: &'a mut Option<Evaluation>,
    /// The last authorization of any call.
    last: &'a mut Option<Evaluation>,
}

impl Run<'_> {
    fn api(&mut self, op: &str, input: Value) -> Result<Value, AwsError> {
        let caller = self.caller.map_err(AwsError::clone)?;
        // Any failed call fails the command, and whoever runs the command
        // holds the copy that undoes it.
        let t = call_traced_with(
            self.org,
            caller,
            &self.args.region,
            "s3api",
            op,
            &input,
            Backup::HeldByCaller,
        );
        if let Some(e) = t.evaluation {
            if self.refusal.is_none() && !e.decision.is_allowed() {
                *self.refusal = Some(e.clone());
            }
            *self.last = Some(e);
        }
        t.result
    }

    fn say(&mut self, line: String) {
        if !self.args.quiet {
            self.out.push(line);
        }
    }

    fn command(&mut self) -> Result<(), S3CommandError> {
        let paths = self.args.paths.clone();
        match self.args.sub.as_str() {
            "ls" => self.ls(paths.first().map_or("s3://", String::as_str)),
            "mb" => self.mb(&paths[0]),
            "rb" => self.rb(&paths[0]),
            "rm" => self.rm(&paths[0]),
            _ => self.cp(&paths[0], &paths[1]),
        }
    }

    // -- ls -----------------------------------------------------------------

    fn ls(&mut self, path: &str) -> Result<(), S3CommandError> {
        let rest = path.strip_prefix("s3://").unwrap_or(path);
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            let r = self
                .api("ListBuckets", json!({}))
                .map_err(|e| service(&e, "ListBuckets"))?;
            for b in r["Buckets"].as_array().into_iter().flatten() {
                let line = format!(
                    "{} {}",
                    listing_date(b["CreationDate"].as_str().unwrap_or("")),
                    b["Name"].as_str().unwrap_or("")
                );
                self.out.push(line);
            }
            return Ok(());
        }
        let (mut objects, mut total) = (0u64, 0u64);
        let mut found = false;
        let mut token: Option<String> = None;
        loop {
            let mut input = json!({ "Bucket": bucket, "Prefix": prefix });
            if !self.args.recursive {
                input["Delimiter"] = json!("/");
            }
            if let Some(t) = &token {
                input["ContinuationToken"] = json!(t);
            }
            let page = self
                .api("ListObjectsV2", input)
                .map_err(|e| service(&e, "ListObjectsV2"))?;
            for p in page["CommonPrefixes"].as_array().into_iter().flatten() {
                found = true;
                let p = p["Prefix"].as_str().unwrap_or("");
                let parts: Vec<&str> = p.split('/').collect();
                let name = parts.get(parts.len().saturating_sub(2)).unwrap_or(&"");
                self.out.push(format!("{:>30} {name}/", "PRE"));
            }
            for c in page["Contents"].as_array().into_iter().flatten() {
                found = true;
                let key = c["Key"].as_str().unwrap_or("");
                let size = c["Size"].as_u64().unwrap_or(0);
                objects += 1;
                total += size;
                let size = if self.args.human {
                    human_size(size)
                } else {
                    size.to_string()
                };
                let name = if self.args.recursive {
                    key
                } else {
                    basename(key)
                };
                let date = listing_date(c["LastModified"].as_str().unwrap_or(""));
                self.out.push(format!("{date} {size:>10} {name}"));
            }
            match page["NextContinuationToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => break,
            }
        }
        if self.args.summarize {
            let size = if self.args.human {
                human_size(total)
            } else {
                total.to_string()
            };
            self.out.push(String::new());
            self.out.push(format!("Total Objects: {objects}"));
            self.out.push(format!("   Total Size: {size}"));
        }
        // Naming a prefix that matches nothing fails, saying nothing on
        // stderr (the summary, when asked for, is still printed).
        if !prefix.is_empty() && !found {
            return Err(fail("", 1));
        }
        Ok(())
    }

    // -- mb, rb -------------------------------------------------------------

    fn mb(&mut self, path: &str) -> Result<(), S3CommandError> {
        let Some((bucket, _)) = s3_path(path) else {
            return Err(invalid_type("<S3Uri>"));
        };
        let mut input = json!({ "Bucket": bucket });
        if self.args.region != DEFAULT_REGION {
            input["CreateBucketConfiguration"] = json!({ "LocationConstraint": self.args.region });
        }
        match self.api("CreateBucket", input) {
            Ok(_) => {
                self.out.push(format!("make_bucket: {bucket}"));
                Ok(())
            }
            Err(e) => Err(fail(
                format!("make_bucket failed: {path} {}", e.cli_line("CreateBucket")),
                1,
            )),
        }
    }

    fn rb(&mut self, path: &str) -> Result<(), S3CommandError> {
        let Some((bucket, key)) = s3_path(path) else {
            return Err(invalid_type("<S3Uri>"));
        };
        if !key.is_empty() {
            return Err(param(&format!(
                "Please specify a valid bucket name only. E.g. s3://{bucket}"
            )));
        }
        if self.args.force {
            self.rm_recursive(bucket, "").map_err(|e| {
                let mut lines = e.message;
                lines.push_str(
                    "remove_bucket failed: Unable to delete all objects in the bucket, bucket will not be deleted.",
                );
                fail(lines, 1)
            })?;
        }
        match self.api("DeleteBucket", json!({ "Bucket": bucket })) {
            Ok(_) => {
                self.out.push(format!("remove_bucket: {bucket}"));
                Ok(())
            }
            Err(e) => Err(fail(
                format!(
                    "remove_bucket failed: {path} {}",
                    e.cli_line("DeleteBucket")
                ),
                1,
            )),
        }
    }

    // -- rm -------------------------------------------------------------------

    fn rm(&mut self, path: &str) -> Result<(), S3CommandError> {
        let Some((bucket, key)) = s3_path(path) else {
            return Err(invalid_type("<S3Uri>"));
        };
        if self.args.recursive {
            return self.rm_recursive(bucket, key);
        }
        self.delete(bucket, key)
    }

    fn delete(&mut self, bucket: &str, key: &str) -> Result<(), S3CommandError> {
        match self.api("DeleteObject", json!({ "Bucket": bucket, "Key": key })) {
            Ok(_) => {
                self.say(format!("delete: s3://{bucket}/{key}"));
                Ok(())
            }
            Err(e) => Err(fail(
                format!(
                    "delete failed: s3://{bucket}/{key} {}",
                    e.cli_line("DeleteObject")
                ),
                1,
            )),
        }
    }

    /// Every key under a prefix, as the CLI's file generator lists them.
    fn keys_under(&mut self, bucket: &str, prefix: &str) -> Result<Vec<String>, S3CommandError> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut input = json!({ "Bucket": bucket, "Prefix": prefix });
            if let Some(t) = &token {
                input["ContinuationToken"] = json!(t);
            }
            let page = self
                .api("ListObjectsV2", input)
                .map_err(|e| fail(format!("fatal error: {}", e.cli_line("ListObjectsV2")), 1))?;
            for c in page["Contents"].as_array().into_iter().flatten() {
                keys.push(c["Key"].as_str().unwrap_or("").to_string());
            }
            match page["NextContinuationToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => return Ok(keys),
            }
        }
    }

    /// Deletes every key under a prefix. Like the CLI, it goes on past a
    /// failure and fails at the end, naming each key it could not delete.
    fn rm_recursive(&mut self, bucket: &str, prefix: &str) -> Result<(), S3CommandError> {
        let keys = self.keys_under(bucket, prefix)?;
        self.each(keys, |run, key| run.delete(bucket, &key))
    }

    // -- cp -------------------------------------------------------------------

    fn cp(&mut self, from: &str, to: &str) -> Result<(), S3CommandError> {
        match (s3_path(from), s3_path(to)) {
            (None, Some((bucket, key))) => {
                if self.args.recursive {
                    let dir = local_name(from).trim_start_matches('.').to_string();
                    let names: Vec<String> = self
                        .files
                        .keys()
                        .filter(|n| n.starts_with(&dir))
                        .cloned()
                        .collect();
                    let base = as_prefix(key);
                    return self.each(names, |run, name| {
                        let k = format!("{base}{}", &name[dir.len()..]);
                        run.upload(&name, bucket, &k)
                    });
                }
                let name = local_name(from).to_string();
                if !self.files.contains_key(&name) {
                    return Err(param(&format!(
                        "The user-provided path {from} does not exist."
                    )));
                }
                let key = into_folder(key, basename(&name));
                self.upload(&name, bucket, &key)
            }
            (Some((bucket, key)), None) => {
                if self.args.recursive {
                    let keys = self.keys_under(bucket, key)?;
                    let dir = if is_dir(to) {
                        to.to_string()
                    } else {
                        format!("{to}/")
                    };
                    let base = as_prefix(key);
                    return self.each(keys, |run, k| {
                        let rel = k.strip_prefix(&base).unwrap_or(basename(&k));
                        run.download(bucket, &k, &in_dir(&dir, rel))
                    });
                }
                self.head(bucket, key)?;
                let dest = if is_dir(to) {
                    in_dir(to, basename(key))
                } else {
                    local_name(to).to_string()
                };
                self.download(bucket, key, &dest)
            }
            (Some((sb, sk)), Some((db, dk))) => {
                if self.args.recursive {
                    let keys = self.keys_under(sb, sk)?;
                    let base = as_prefix(sk);
                    let dest_base = as_prefix(dk);
                    return self.each(keys, |run, k| {
                        let rel = k.strip_prefix(&base).unwrap_or(basename(&k));
                        run.copy(sb, &k, db, &format!("{dest_base}{rel}"))
                    });
                }
                self.head(sb, sk)?;
                let dk = into_folder(dk, basename(sk));
                self.copy(sb, sk, db, &dk)
            }
            (None, None) => Err(invalid_type(
                "<LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>",
            )),
        }
    }

    /// Runs one transfer or deletion per item, going on past failures, and fails at the
    /// end with every failure line.
    fn each(
        &mut self,
        items: Vec<String>,
        mut one: impl FnMut(&mut Self, String) -> Result<(), S3CommandError>,
    ) -> Result<(), S3CommandError> {
        let mut failures = Vec::new();
        for item in items {
            if let Err(e) = one(self, item) {
                failures.push(e.message);
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(fail(failures.concat().trim_end(), 1))
        }
    }

    /// The CLI asks for an object's size with HeadObject before it copies or
    /// downloads it; a failure there is fatal.
    fn head(&mut self, bucket: &str, key: &str) -> Result<(), S3CommandError> {
        match self.api("HeadObject", json!({ "Bucket": bucket, "Key": key })) {
            Ok(_) => Ok(()),
            Err(e) if e.code == "404" => Err(fail(
                format!(
                    "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"{key}\" does not exist"
                ),
                1,
            )),
            Err(e) => Err(fail(
                format!("fatal error: {}", e.cli_line("HeadObject")),
                1,
            )),
        }
    }

    fn upload(&mut self, name: &str, bucket: &str, key: &str) -> Result<(), S3CommandError> {
        let body = self.files.get(name).cloned().unwrap_or_default();
        let body = crate::shell::cli::b64::encode(body.as_bytes());
        let input = json!({ "Bucket": bucket, "Key": key, "Body": body });
        let what = format!("{} to s3://{bucket}/{key}", shown(name));
        match self.api("PutObject", input) {
            Ok(_) => {
                self.say(format!("upload: {what}"));
                Ok(())
            }
            Err(e) => Err(fail(
                format!("upload failed: {what} {}", e.cli_line("PutObject")),
                1,
            )),
        }
    }

    fn download(&mut self, bucket: &str, key: &str, dest: &str) -> Result<(), S3CommandError> {
        let what = format!("s3://{bucket}/{key} to {}", shown(dest));
        match self.api("GetObject", json!({ "Bucket": bucket, "Key": key })) {
            Ok(r) => {
                let body = r["Body"].as_str().unwrap_or("").to_string();
                self.files.insert(dest.to_string(), body);
                self.say(format!("download: {what}"));
                Ok(())
            }
            Err(e) => Err(fail(
                format!("download failed: {what} {}", e.cli_line("GetObject")),
                1,
            )),
        }
    }

    fn copy(&mut self, sb: &str, sk: &str, db: &str, dk: &str) -> Result<(), S3CommandError> {
        let what = format!("s3://{sb}/{sk} to s3://{db}/{dk}");
        let input = json!({ "Bucket": db, "Key": dk, "CopySource": format!("{sb}/{sk}") });
        match self.api("CopyObject", input) {
            Ok(_) => {
                self.say(format!("copy: {what}"));
                Ok(())
            }
            Err(e) => Err(fail(
                format!("copy failed: {what} {}", e.cli_line("CopyObject")),
                1,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_the_cli() {
        assert_eq!(human_size(1), "1 Byte");
        assert_eq!(human_size(1000), "1000 Bytes");
        assert_eq!(human_size(1024), "1.0 KiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(5 * 1024 * 1024), "5.0 MiB");
    }

    #[test]
    fn paths_split_into_bucket_and_key() {
        assert_eq!(s3_path("s3://b/dir/k"), Some(("b", "dir/k")));
        assert_eq!(s3_path("s3://b"), Some(("b", "")));
        assert_eq!(s3_path("notes.txt"), None);
        assert_eq!(in_dir(".", "k"), "k");
        assert_eq!(in_dir("./out/", "k"), "out/k");
        assert_eq!(shown("k"), "./k");
    }
}
