//! `iamtutor simulate`: the binary's side (files and standard streams) of
//! the engine's policy simulator.

use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use iamtutor::iam::context::Context;
use iamtutor::iam::simulate::{
    self, PolicyCache, SimulateCustomPolicy, SimulateOptions, simulate_custom_with,
};
use iamtutor::iam::{explain, time};
use iamtutor::store::files;

use super::common;

#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// A file of SimulateCustomPolicy requests, one JSON object a line (`-` for standard input).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["org", "principal", "action", "resource", "context"])]
    pub batch: Option<PathBuf>,
    /// An organization file (see docs/org-format.md).
    #[arg(long, value_name = "FILE", requires_all = ["principal", "action", "resource"])]
    pub org: Option<PathBuf>,
    /// Who asks: a user name, role/NAME, root, or a user or role ARN.
    #[arg(long)]
    pub principal: Option<String>,
    /// The action, such as s3:GetObject.
    #[arg(long)]
    pub action: Option<String>,
    /// The resource ARN, or `*`.
    #[arg(long)]
    pub resource: Option<String>,
    /// A context key and value, KEY=VALUE; repeat the key for several values.
    #[arg(long, value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// The account a bare principal name belongs to (default: the first account).
    #[arg(long)]
    pub account: Option<String>,
    /// With --batch: take CallerArn as AWS's API does, only IAM user ARNs
    /// (without it, role and assumed-role session ARNs are taken too).
    #[arg(long, requires = "batch")]
    pub strict: bool,
}

/// The longest request line read: AWS's request members already bound a
/// sensible one (a policy document is at most 131,072 characters), and a
/// longer line is answered with an error, not read into memory whole.
const MAX_LINE: usize = 8 * 1024 * 1024;

/// A command line that cannot be used: exit status 2, as for clap's errors.
const USAGE: u8 = 2;

pub fn run(args: SimulateArgs) -> ExitCode {
    if let Some(batch) = &args.batch {
        let options = SimulateOptions {
            strict: args.strict,
        };
        return match batch.to_str() {
            Some("-") => batch_run(io::stdin().lock(), "standard input", options),
            _ => match std::fs::File::open(batch) {
                Ok(f) => batch_run(io::BufReader::new(f), &batch.display().to_string(), options),
                Err(e) => {
                    errln!(
                        "iamtutor: cannot read {}: {}",
                        batch.display(),
                        files::why(&e)
                    );
                    ExitCode::FAILURE
                }
            },
        };
    }
    let Some(org_path) = &args.org else {
        errln!(
            "iamtutor: simulate needs --batch FILE, or --org FILE with --principal, --action and --resource"
        );
        return ExitCode::from(USAGE);
    };
    // The command line first: a mistake in it is said before any file is
    // read.
    let action = args.action.as_deref().unwrap_or_default().trim();
    let resource = args.resource.as_deref().unwrap_or_default().trim();
    if let Err(e) = check_action(action) {
        errln!("iamtutor: --action {e}");
        return ExitCode::from(USAGE);
    }
    if resource.is_empty() {
        errln!(
            "iamtutor: --resource is empty: give a resource ARN, such as arn:aws:s3:::my-bucket/report.pdf, or *"
        );
        return ExitCode::from(USAGE);
    }
    let ctx = match context(&args.context) {
        Ok(c) => c,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::from(USAGE);
        }
    };
    // A file that cannot be used fails the run (1); only the command line
    // is a usage error (2).
    let org = match common::load_org(org_path, 1) {
        Ok(org) => org,
        Err(code) => return code,
    };
    let home = match args
        .account
        .clone()
        .or_else(|| org.accounts.keys().next().cloned())
    {
        Some(a) => a,
        None => {
            errln!("iamtutor: {} has no accounts", org_path.display());
            return ExitCode::FAILURE;
        }
    };
    let spec = args.principal.as_deref().unwrap_or_default();
    let caller = match org.resolve_principal(spec, &home) {
        Ok(c) => c,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut principal = match org.principal(&caller) {
        Ok(p) => p,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::FAILURE;
        }
    };
    // A simulation has only the request keys given with --context, as in
    // AWS's simulator; the caller's own keys stay.
    for key in simulate::REQUEST_KEYS {
        principal.context.remove(key);
    }
    let e = org.explain_for(&principal, action, resource, &ctx);
    out!("{}", explain::to_text(&e));
    ExitCode::SUCCESS
}

/// An action as the simulator takes one: `service:Action`, as AWS writes
/// them (3 to 128 characters, the simulator's ActionNameType).
fn check_action(action: &str) -> Result<(), String> {
    if action.is_empty() {
        return Err("is empty: name an action, such as s3:GetObject".into());
    }
    let well_formed = action.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty()
            && !name.is_empty()
            && service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !well_formed || !(3..=128).contains(&action.chars().count()) {
        return Err(format!(
            "`{}` is not an action: write SERVICE:Action, such as s3:GetObject",
            simulate::shorten(action)
        ));
    }
    Ok(())
}

/// The request context from `--context KEY=VALUE` options, each value
/// checked against its key's type where AWS gives the key one.
fn context(pairs: &[String]) -> Result<Context, String> {
    let mut values: Vec<(String, Vec<String>)> = Vec::new();
    for kv in pairs {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(format!(
                "--context takes KEY=VALUE, got `{}`",
                simulate::shorten(kv)
            ));
        };
        let k = k.trim();
        if k.is_empty() {
            return Err(format!(
                "--context `{}` has no key: write KEY=VALUE, such as aws:SourceIp=203.0.113.7",
                simulate::shorten(kv)
            ));
        }
        if let Some(kind) = simulate::global_key_type(k)
            && !simulate::value_fits(kind, v)
        {
            return Err(format!(
                "--context {k}=`{}`: {k} takes {}",
                simulate::shorten(v),
                simulate::kind_words(kind)
            ));
        }
        match values
            .iter_mut()
            .find(|(key, _)| key.eq_ignore_ascii_case(k))
        {
            Some((_, vs)) => vs.push(v.to_string()),
            None => values.push((k.to_string(), vec![v.to_string()])),
        }
    }
    let mut ctx = Context::new();
    for (k, vs) in values {
        simulate::too_many_values(&k, vs.len()).map_err(|e| e.message)?;
        ctx.set(&k, vs);
    }
    Ok(ctx)
}

/// One request a line in, one response a line out, each written as soon as
/// it is answered; a bad line gets an error object of its own and the batch
/// goes on, and the exit status says that some line failed. A line that
/// cannot be read at all (the input is a folder, say) ends the batch with
/// one message. Each distinct policy text is parsed once a batch.
fn batch_run(mut input: impl BufRead, name: &str, options: SimulateOptions) -> ExitCode {
    let mut cache = PolicyCache::new();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let read = match read_line(&mut input, &mut buf) {
            Ok(r) => r,
            Err(e) => {
                let _ = out.flush();
                // Where the batch stopped matters only once lines were read.
                let place = match line_no {
                    0 => String::new(),
                    n => format!(" after line {n}"),
                };
                errln!("iamtutor: cannot read {name}{place}: {}", files::why(&e));
                return ExitCode::FAILURE;
            }
        };
        let Some(too_long) = read else { break };
        line_no += 1;
        let response = if too_long {
            failures += 1;
            error_json(
                line_no,
                "ValidationError",
                &format!(
                    "the line is longer than {} MiB, more than any request AWS accepts",
                    MAX_LINE / (1024 * 1024)
                ),
            )
        } else {
            match files::text(std::mem::take(&mut buf)) {
                Err(e) => {
                    failures += 1;
                    error_json(line_no, "ValidationError", &format!("the line: {e}"))
                }
                Ok(line) if line.trim().is_empty() => continue,
                Ok(line) => match answer(&line, &mut cache, options) {
                    Ok(v) => {
                        if serde_json::to_writer(&mut out, &v).is_err() || writeln!(out).is_err() {
                            return ExitCode::FAILURE;
                        }
                        continue;
                    }
                    Err((code, message)) => {
                        failures += 1;
                        error_json(line_no, &code, &message)
                    }
                },
            }
        };
        if serde_json::to_writer(&mut out, &response).is_err() || writeln!(out).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    if failures > 0 {
        let lines = if line_no == 1 { "line" } else { "lines" };
        errln!(
            "iamtutor: {failures} of {line_no} {lines} could not be simulated; see their Error objects"
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Reads one line into `buf`, without its line break. `None` at the end of
/// the input; `Some(true)` for a line longer than [`MAX_LINE`], whose rest
/// is skipped unread into memory.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
    let n = input
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Some(false));
    }
    if buf.len() <= MAX_LINE {
        // The last line, without a line break.
        return Ok(Some(false));
    }
    // Skip to the end of the overlong line.
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                break;
            }
            None => {
                let n = chunk.len();
                input.consume(n);
            }
        }
    }
    buf.clear();
    Ok(Some(true))
}

/// One line's response, or its error code and message.
fn answer(
    line: &str,
    cache: &mut PolicyCache,
    options: SimulateOptions,
) -> Result<simulate::SimulationResponse, (String, String)> {
    let req = serde_json::from_str::<SimulateCustomPolicy>(line).map_err(|e| {
        (
            "ValidationError".to_string(),
            format!("not a SimulateCustomPolicy request: {e}"),
        )
    })?;
    simulate_custom_with(&req, time::DEFAULT_NOW, cache, options).map_err(|e| (e.code, e.message))
}

fn error_json(line: usize, code: &str, message: &str) -> serde_json::Value {
    json!({"Error": {"Code": code, "Message": message, "Line": line}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_longer_than_the_limit_are_skipped_not_kept() {
        let mut text = vec![b'x'; MAX_LINE + 10];
        text.extend_from_slice(b"\nnext\n");
        let mut input = io::Cursor::new(text);
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), Some(true));
        assert!(buf.is_empty());
        buf.clear();
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), Some(false));
        assert_eq!(buf, b"next");
        buf.clear();
        assert_eq!(read_line(&mut input, &mut buf).unwrap(), None);
    }

    #[test]
    fn context_values_are_checked_against_their_keys() {
        let bad = |kv: &str| context(&[kv.to_string()]).unwrap_err();
        assert!(bad("aws:SourceIp=garbage").contains("an IP address"));
        assert!(bad("aws:CurrentTime=nope").contains("a date"));
        assert!(bad("aws:SecureTransport=maybe").contains("`true` or `false`"));
        assert!(bad("=x").contains("no key"));
        let ok = context(&[
            "aws:SourceIp=203.0.113.7".into(),
            "aws:CurrentTime=2026-01-05T09:00:00Z".into(),
            "aws:TagKeys=a".into(),
            "aws:tagkeys=b".into(),
        ])
        .unwrap();
        assert_eq!(ok.values("aws:TagKeys").unwrap(), ["a", "b"]);
    }
}
