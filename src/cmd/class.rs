//! `iamtutor class report FILES... [--csv]`: the binary's side (reading
//! the files) of a teacher's class report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iamtutor::learn::class::{self, Learner};
use iamtutor::store;

use super::cli::Cli;
use super::common;

#[derive(Debug, clap::Subcommand)]
pub enum ClassCommand {
    /// A table of who finished what, from progress files exported with
    /// `iamtutor progress export FILE`, and the questions the class missed
    /// most.
    Report {
        /// Exported progress files, one per learner.
        #[arg(required = true, value_name = "FILES")]
        files: Vec<PathBuf>,
        /// Print the learner table as CSV instead, for a spreadsheet.
        #[arg(long)]
        csv: bool,
    },
}

/// How many missed questions the report lists.
const TOP_MISSED: usize = 10;

pub fn run(cli: &Cli, command: &ClassCommand) -> ExitCode {
    match command {
        ClassCommand::Report { files, csv } => report(cli, files, *csv),
    }
}

fn report(cli: &Cli, files: &[PathBuf], csv: bool) -> ExitCode {
    let course = match common::load_course(cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    // A bad file is said in one line, and the others are still reported.
    let mut failed = false;
    let mut read = Vec::new();
    for path in files {
        match read_one(path) {
            Ok(file) => read.push((path, file)),
            Err(e) => {
                errln!("iamtutor: {e}");
                failed = true;
            }
        }
    }
    if read.is_empty() {
        errln!("iamtutor: no progress file could be read, so there is nothing to report");
        return ExitCode::FAILURE;
    }
    let labels: Vec<(String, String, String)> = read
        .iter()
        .map(|(path, file)| {
            (
                file.learner.clone(),
                file_name(path),
                path.display().to_string(),
            )
        })
        .collect();
    let learners: Vec<Learner> = class::names(&labels)
        .into_iter()
        .zip(read)
        .map(|(name, (_, file))| Learner {
            name,
            progress: file.progress,
        })
        .collect();
    let report = class::report(&course, &learners);
    if csv {
        out!("{}", class::to_csv(&report));
    } else {
        out!("{}", class::to_text(&report, TOP_MISSED));
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn read_one(path: &Path) -> Result<store::ProgressFile, String> {
    let text = iamtutor::store::files::read_text(path).map_err(|e| format!("{e}; skipped"))?;
    let (file, fixes) = store::read_noting(&text).map_err(|m| {
        if m.starts_with("written by a newer") {
            format!("{}: {m}; skipped", path.display())
        } else {
            format!(
                "{} is not an iamtutor progress file ({m}); skipped",
                path.display()
            )
        }
    })?;
    for fix in fixes.iter().take(3) {
        errln!(
            "iamtutor: {}: {fix}; the report counts it as it can be",
            path.display()
        );
    }
    if fixes.len() > 3 {
        errln!(
            "iamtutor: {}: and {} more numbers that cannot be",
            path.display(),
            fixes.len() - 3
        );
    }
    Ok(file)
}

/// A file's name for the table, without `.progress.ron` or `.ron`.
fn file_name(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let short = name
        .strip_suffix(".progress.ron")
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(&name);
    if short.is_empty() {
        name.clone()
    } else {
        short.to_string()
    }
}
