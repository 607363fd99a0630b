//! `iamtutor diff`: what changed in access between two organization files.
//! Exits 0 when nothing changed, 1 when something did, 2 for bad input,
//! as `diff` does, so a script can test it.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use iamtutor::iam::access_diff::{self, AccessDiff, Change};
use iamtutor::iam::{access_grid, call_request};

use super::common::{self, BAD_INPUT};
use super::out;

#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The organization file before the change.
    #[arg(value_name = "BEFORE")]
    pub before: PathBuf,
    /// The organization file after the change.
    #[arg(value_name = "AFTER")]
    pub after: PathBuf,
    /// Only these actions, comma-separated: s3:GetObject (on the resources
    /// that fit it) or s3:GetObject=arn:aws:s3:::my-bucket/* (on that one).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub actions: Vec<String>,
    /// Print JSON: the summary, then the cells gained and lost.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let (before, after) = match (
        common::load_org(&args.before, BAD_INPUT),
        common::load_org(&args.after, BAD_INPUT),
    ) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let diff = if args.actions.is_empty() {
        access_diff::diff_orgs(&before, &after)
    } else {
        // Default resources come from both files: a bucket made by the
        // change is one of the resources to compare.
        let columns = access_grid::parse_columns(&args.actions, &before).and_then(|mut c| {
            c.extend(access_grid::parse_columns(&args.actions, &after)?);
            access_grid::sort_columns(&mut c);
            Ok(c)
        });
        match columns {
            Ok(c) => access_diff::diff_on(&before, &after, &c),
            Err(e) => {
                errln!("iamtutor: {e}");
                return ExitCode::from(BAD_INPUT);
            }
        }
    };
    let text = if args.json {
        format!("{:#}\n", to_json(&diff))
    } else {
        // What each compared cell assumes goes to standard error, so the
        // changes on standard output stay one block per change.
        err!("{}", call_request::assumed_text());
        diff.to_text()
    };
    out::emit(&text);
    if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn to_json(diff: &AccessDiff) -> Value {
    let cells = |changes: &[Change]| -> Vec<Value> {
        changes
            .iter()
            .map(|c| {
                json!({
                    "principal": c.principal,
                    "action": c.column.action,
                    "resource": c.column.resource,
                    "before": c.before.aws_name(),
                    "after": c.after.aws_name(),
                })
            })
            .collect()
    };
    json!({
        "summary": diff.summary(),
        "gained": cells(&diff.gained),
        "lost": cells(&diff.lost),
    })
}
