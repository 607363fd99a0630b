//! `iamtutor course check [DIR]`: the binary's side (reading the folder) of
//! the course checker.

use std::path::Path;
use std::process::ExitCode;

use iamtutor::content::check::{self, Report};
use iamtutor::content::embedded;

pub fn check(dir: Option<&Path>) -> ExitCode {
    let report = match dir {
        None => check::check_embedded(),
        Some(dir) => match check_dir(dir) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("iamtutor: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    for e in &report.errors {
        println!("{e}");
    }
    println!("{}", report.summary());
    if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Reads every `*.ron` of `dir`. Organizations come from `dir/orgs/`, then
/// the embedded ones, so a teacher's course can use the shipped companies.
fn check_dir(dir: &Path) -> Result<Report, String> {
    let mut files = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ron") {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.push((name, text));
        }
    }
    files.sort();
    let orgs_dir = dir.join("orgs");
    let orgs = move |name: &str| {
        std::fs::read_to_string(orgs_dir.join(format!("{name}.ron")))
            .ok()
            .or_else(|| embedded::org(name).map(str::to_string))
    };
    Ok(check::check(&files, &orgs))
}
