//! `iamtutor advise`: the advisor over an organization file, as a linter
//! would report it. Exits 0 when there is nothing to say, 1 when there are
//! findings, 2 when the file cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use iamtutor::iam::advisor::{self, Finding};

use super::common::{self, BAD_INPUT};

#[derive(Debug, Clone, clap::Args)]
pub struct AdviseArgs {
    /// The organization file to review (see docs/org-format.md).
    #[arg(long, value_name = "FILE")]
    pub org: PathBuf,
    /// Print the findings as a JSON array instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &AdviseArgs) -> ExitCode {
    let org = match common::load_org(&args.org, BAD_INPUT) {
        Ok(org) => org,
        Err(code) => return code,
    };
    let findings = advisor::advise(&org);
    if args.json {
        let list: Vec<_> = findings.iter().map(to_json).collect();
        match serde_json::to_string_pretty(&list) {
            Ok(s) => outln!("{s}"),
            Err(e) => {
                errln!("iamtutor: {e}");
                return ExitCode::from(BAD_INPUT);
            }
        }
    } else {
        out!("{}", advisor::to_text(&findings));
    }
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn to_json(f: &Finding) -> serde_json::Value {
    json!({
        "rule": f.rule.id(),
        "severity": f.severity.name(),
        "account": f.account,
        "entities": f.entities,
        "summary": f.summary,
        "why": f.why,
        "fix": f.fix,
    })
}
