//! `iamtutor simulate`: the binary's side (files and standard streams) of
//! the engine's policy simulator.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use serde_json::json;

use crate::cli::SimulateArgs;
use iamtutor::iam::context::Context;
use iamtutor::iam::simulate::{SimulateCustomPolicy, simulate_custom};
use iamtutor::iam::{explain, org_file, time};

pub fn run(args: SimulateArgs) -> ExitCode {
    if let Some(batch) = &args.batch {
        return match batch.to_str() {
            Some("-") => batch_run(io::stdin().lock()),
            _ => match std::fs::File::open(batch) {
                Ok(f) => batch_run(io::BufReader::new(f)),
                Err(e) => {
                    eprintln!("iamtutor: cannot read {}: {e}", batch.display());
                    ExitCode::FAILURE
                }
            },
        };
    }
    let Some(org_path) = &args.org else {
        eprintln!(
            "iamtutor: simulate needs --batch FILE, or --org FILE with --principal, --action and --resource"
        );
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(org_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("iamtutor: cannot read {}: {e}", org_path.display());
            return ExitCode::FAILURE;
        }
    };
    let org = match org_file::from_ron(&text) {
        Ok(org) => org,
        Err(errors) => {
            for e in errors {
                eprintln!("{}:{e}", org_path.display());
            }
            return ExitCode::FAILURE;
        }
    };
    let home = match args
        .account
        .clone()
        .or_else(|| org.accounts.keys().next().cloned())
    {
        Some(a) => a,
        None => {
            eprintln!("iamtutor: {} has no accounts", org_path.display());
            return ExitCode::FAILURE;
        }
    };
    let spec = args.principal.as_deref().unwrap_or_default();
    let caller = match org.resolve_principal(spec, &home) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("iamtutor: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut ctx = Context::new();
    for kv in &args.context {
        let Some((k, v)) = kv.split_once('=') else {
            eprintln!("iamtutor: --context takes KEY=VALUE, got `{kv}`");
            return ExitCode::from(2);
        };
        let mut values = ctx.values(k).map(<[String]>::to_vec).unwrap_or_default();
        values.push(v.to_string());
        ctx.set(k, values);
    }
    let action = args.action.as_deref().unwrap_or_default();
    let resource = args.resource.as_deref().unwrap_or_default();
    match org.explain(&caller, action, resource, &ctx) {
        Ok(e) => {
            print!("{}", explain::to_text(&e));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("iamtutor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One request a line in, one response a line out; a bad line gets an error
/// object of its own and the batch goes on.
fn batch_run(input: impl BufRead) -> ExitCode {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    for (n, line) in input.lines().enumerate() {
        let line_no = n + 1;
        let response = match line {
            Err(e) => {
                failures += 1;
                error_json(
                    line_no,
                    "InvalidInput",
                    &format!("cannot read the line: {e}"),
                )
            }
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => match serde_json::from_str::<SimulateCustomPolicy>(&line) {
                Err(e) => {
                    failures += 1;
                    error_json(
                        line_no,
                        "ValidationError",
                        &format!("not a SimulateCustomPolicy request: {e}"),
                    )
                }
                Ok(req) => match simulate_custom(&req, time::DEFAULT_NOW) {
                    Ok(v) => {
                        if serde_json::to_writer(&mut out, &v).is_err() || writeln!(out).is_err() {
                            return ExitCode::FAILURE;
                        }
                        continue;
                    }
                    Err(e) => {
                        failures += 1;
                        error_json(line_no, &e.code, &e.message)
                    }
                },
            },
        };
        if serde_json::to_writer(&mut out, &response).is_err() || writeln!(out).is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    if failures > 0 {
        eprintln!("iamtutor: {failures} line(s) could not be simulated; see the Error objects");
    }
    ExitCode::SUCCESS
}

fn error_json(line: usize, code: &str, message: &str) -> serde_json::Value {
    json!({"Error": {"Code": code, "Message": message, "Line": line}})
}
