//! `iamtutor course check [DIR]`, and loading a course folder for
//! `--course DIR`: the binary's side (reading files) of the course checker.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iamtutor::content::check::{self, Report};
use iamtutor::content::course::Course;
use iamtutor::content::embedded;
use iamtutor::content::stats;
use iamtutor::store;

use super::cli::Cli;

#[derive(Debug, clap::Subcommand)]
pub enum CourseCommand {
    /// Check a course folder (the embedded course when none is given): every
    /// file parses, references resolve, demos run, labs replay.
    ///
    /// Then the lint looks for questions a learner could answer from their
    /// shape: unbalanced true/false answers, right options that are the
    /// longest or the only hedged one, near-duplicate questions, decide
    /// prompts that state their own answer (docs/lesson-format.md, "The
    /// lint"). Its findings fail the check, as with --strict.
    Check {
        /// A folder with lesson files (*.ron) and an `orgs/` folder or the
        /// project's `assets/orgs/` beside it.
        dir: Option<PathBuf>,
        /// Treat lint findings as errors: exit 1 when there are any
        /// (already the default; kept so that scripts may say so).
        #[arg(long)]
        strict: bool,
        /// Print the course's figures: questions by kind, topic and lesson,
        /// labs, interview cards, and the figures the lint checks.
        #[arg(long)]
        stats: bool,
    },
}

pub fn run(cli: &Cli, command: &CourseCommand) -> ExitCode {
    match command {
        CourseCommand::Check { dir, strict, stats } => {
            check(dir.as_deref().or(cli.course.as_deref()), *strict, *stats)
        }
    }
}

/// Checks a course and prints what was found; `strict` makes lint findings
/// errors, `stats` adds the course's figures.
fn check(dir: Option<&Path>, strict: bool, stats: bool) -> ExitCode {
    let report = match dir {
        None => check::check_embedded(),
        Some(dir) => match read_dir(dir) {
            Ok((files, orgs)) => check::check(&files, &|name| orgs.get(name).cloned()),
            Err(e) => {
                errln!("iamtutor: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let strict = strict || check::LINT_STRICT_BY_DEFAULT;
    print_report(&report, strict, stats);
    if report.fails(strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Errors, then lint findings, then the figures if asked, and the summary
/// last, where the eye looks for the verdict.
fn print_report(report: &Report, strict: bool, stats: bool) {
    for e in &report.errors {
        outln!("{e}");
    }
    for f in &report.lint.findings {
        outln!("{f}");
    }
    if stats {
        out!("{}", stats::render(report, STATS_WIDTH));
    }
    outln!("{}", report.summary_as(strict));
}

/// `--stats` is laid out for a terminal of this many columns.
const STATS_WIDTH: usize = 80;

/// The course to play: the embedded one, or a folder's after checking it.
/// On error, the text to print (each problem, then the summary).
pub fn load(dir: Option<&Path>) -> Result<Course, String> {
    match dir {
        None => Course::embedded()
            .map_err(|errors| errors.iter().map(|e| format!("{e}\n")).collect::<String>()),
        Some(dir) => {
            let (files, orgs) = read_dir(dir).map_err(|e| format!("iamtutor: {e}\n"))?;
            Course::checked(&files, orgs).map_err(|(errors, summary)| {
                let mut out: String = errors.iter().map(|e| format!("{e}\n")).collect();
                out.push_str(&format!(
                    "{summary}\niamtutor: the course in {} has problems; fix them and try again\n",
                    dir.display()
                ));
                out
            })
        }
    }
}

/// Files as (name, text) pairs.
type Files = Vec<(String, String)>;

/// Reads every `*.ron` of `dir`, and the organizations: `dir/orgs/*.ron`
/// first, then the embedded ones, so a teacher's course can use the
/// shipped companies.
fn read_dir(dir: &Path) -> Result<(Files, BTreeMap<String, String>), String> {
    let files = ron_files(dir)?;
    if files.is_empty() {
        return Err(format!("{} holds no lesson files (*.ron)", dir.display()));
    }
    let mut orgs = embedded::orgs();
    let orgs_dir = dir.join("orgs");
    if orgs_dir.is_dir() {
        for (name, text) in ron_files(&orgs_dir)? {
            if let Some(stem) = name.strip_suffix(".ron") {
                orgs.insert(stem.to_string(), text);
            }
        }
    }
    Ok((files, orgs))
}

/// The `*.ron` files of `dir`, as (name, text). A course is often someone
/// else's folder: a file that is a symbolic link leading out of it (to
/// `~/.ssh/id_rsa`, say) is refused, so a course can only show what it
/// holds.
fn ron_files(dir: &Path) -> Result<Files, String> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {}", dir.display(), store::files::why(&e)))?;
    let root = dir
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {}", dir.display(), store::files::why(&e)))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ron") {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                let inside = path
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(&root));
                if !inside {
                    return Err(format!(
                        "{} is a symbolic link that leads out of the course folder; a course \
                         may only use files it holds",
                        path.display()
                    ));
                }
            }
            let text = store::files::read_text(&path)?;
            files.push((name, text));
        }
    }
    files.sort();
    Ok(files)
}
