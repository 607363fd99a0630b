//! `iamtutor paths --org FILE [--from NAME] [--json]`: the privilege
//! escalation paths of an organization file, for people or as JSON. Exits 0
//! when there are none, 1 when there are some (so scripts and CI can fail
//! on them), 2 for bad input.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use iamtutor::iam::paths::{self, Path};

use super::common::{self, BAD_INPUT};

#[derive(Debug, Clone, clap::Args)]
pub struct PathsArgs {
    /// The organization file (see docs/org-format.md).
    #[arg(long, value_name = "FILE")]
    pub org: PathBuf,
    /// Whose paths: a user name, role/NAME, or a user or role ARN. Every
    /// user's and role's when left out.
    #[arg(long, value_name = "NAME")]
    pub from: Option<String>,
    /// Print a JSON array of paths instead.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &PathsArgs) -> ExitCode {
    let org = match common::load_org(&args.org, BAD_INPUT) {
        Ok(org) => org,
        Err(code) => return code,
    };
    let found: Vec<(String, Vec<Path>)> = match &args.from {
        Some(spec) => {
            let home = org.accounts.keys().next().cloned().unwrap_or_default();
            match org.resolve_principal(spec, &home) {
                Ok(caller) => vec![(spec.clone(), paths::paths_from(&org, &caller))],
                Err(e) => {
                    errln!("iamtutor: {e}");
                    return ExitCode::from(BAD_INPUT);
                }
            }
        }
        None => paths::all_paths(&org),
    };
    let any = found.iter().any(|(_, p)| !p.is_empty());
    if args.json {
        let all: Vec<Value> = found
            .iter()
            .flat_map(|(_, ps)| ps.iter().map(path_json))
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&all).expect("JSON values serialize")
        );
    } else {
        match &args.from {
            Some(spec) => out!("{}", paths::to_text(spec, &found[0].1)),
            None => out!("{}", paths::all_to_text(&found)),
        }
    }
    ExitCode::from(u8::from(any))
}

fn path_json(path: &Path) -> Value {
    let from = path.steps.first().map_or("", |s| s.from.as_str());
    json!({
        "from": from,
        "reaches": path.reaches,
        "admin": path.admin,
        "gains": path.gains,
        "steps": path.steps.iter().map(|s| json!({
            "from": s.from,
            "kind": s.kind.id(),
            "title": s.kind.title(),
            "actions": s.actions,
            "target": s.target,
            "explain": s.explain,
        })).collect::<Vec<_>>(),
    })
}
