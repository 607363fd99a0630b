//! `iamtutor advise`: the advisor over an organization file, as a linter
//! would report it. Exits 0 when there is nothing to say, 1 when there are
//! findings, 2 when the file cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use iamtutor::iam::advisor::{self, Finding, Severity};
use iamtutor::iam::org_file;

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
    let path = &args.org;
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("iamtutor: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let org = match org_file::from_ron(&text) {
        Ok(org) => org,
        Err(errors) => {
            for e in errors {
                eprintln!("{}:{e}", path.display());
            }
            return ExitCode::from(2);
        }
    };
    let findings = advisor::advise(&org);
    if args.json {
        let list: Vec<_> = findings.iter().map(to_json).collect();
        match serde_json::to_string_pretty(&list) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("iamtutor: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", to_text(&findings));
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

/// Findings grouped by severity, most severe first, then a count.
fn to_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "No findings: nothing the advisor checks for is wrong here.\n".into();
    }
    let mut out = String::new();
    let mut counts = Vec::new();
    for &sev in Severity::ALL_DESCENDING {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        counts.push(format!("{} {}", group.len(), sev.name()));
        for f in group {
            let label = format!("[{}]", sev.name().to_ascii_uppercase());
            out.push_str(&format!("{label} {}  {}\n", f.rule.id(), f.summary));
            out.push_str(&format!("    {}\n", f.why));
            if !f.fix.is_empty() {
                out.push_str("    fix:\n");
                for cmd in &f.fix {
                    out.push_str(&format!("      {cmd}\n"));
                }
            }
            out.push('\n');
        }
    }
    let total = findings.len();
    out.push_str(&format!(
        "{total} finding{}: {}\n",
        if total == 1 { "" } else { "s" },
        counts.join(", ")
    ));
    out
}
