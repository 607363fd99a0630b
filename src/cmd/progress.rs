//! `iamtutor progress show | export | import | reset`, and opening the
//! learner's store for the app.

use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use iamtutor::content::course::Course;
use iamtutor::learn::dashboard;
use iamtutor::learn::progress::Progress;
use iamtutor::store::{Store, write_atomic};

use super::cli::Cli;
use super::course;

#[derive(Debug, clap::Subcommand)]
pub enum ProgressCommand {
    /// A summary for people: lessons, labs, quiz accuracy by topic, streak.
    Show,
    /// Write the progress to FILE, to carry to another machine.
    Export { file: PathBuf },
    /// Replace the progress with FILE's (the old one is kept beside it,
    /// ending in `.before-import-N`, numbered so no import loses another's).
    Import { file: PathBuf },
    /// Forget one lesson's progress (by id or number), or everything.
    Reset {
        /// A lesson id (`users`) or number; everything when left out.
        lesson: Option<String>,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// Today in days since 1970-01-01, UTC: the host's clock, for streaks.
pub fn today() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| (d.as_secs() / 86_400) as i64)
}

/// The learner's store, from `--data-dir` and `--learner`.
pub fn open(cli: &Cli) -> Result<Store, String> {
    let dir = match &cli.data_dir {
        Some(d) => d.clone(),
        None => Store::default_dir()
            .ok_or("no data folder is known for this system; give one with --data-dir DIR")?,
    };
    Store::new(dir, &cli.learner).map_err(|e| e.to_string())
}

pub fn run(cli: &Cli, command: &ProgressCommand) -> ExitCode {
    match run_inner(cli, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("iamtutor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner(cli: &Cli, command: &ProgressCommand) -> Result<(), String> {
    let store = open(cli)?;
    let course = course::load(cli.course.as_deref())?;
    let loaded = store.load().map_err(|e| e.to_string())?;
    if let Some(n) = &loaded.notice {
        errln!("iamtutor: {n}");
    }
    let mut progress = loaded.progress;
    match command {
        ProgressCommand::Show => {
            out!("{}", show(&store, &course, &progress, today()));
            Ok(())
        }
        ProgressCommand::Export { file } => {
            write_atomic(file, &store.render(&progress))
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            outln!(
                "exported {}'s progress to {}",
                store.learner(),
                file.display()
            );
            Ok(())
        }
        ProgressCommand::Import { file } => {
            let (_, backup) = store.import(file).map_err(|e| e.to_string())?;
            outln!(
                "imported {} as {}'s progress",
                file.display(),
                store.learner()
            );
            if let Some(kept) = backup {
                outln!("the progress it replaced is kept as {}", kept.display());
            }
            Ok(())
        }
        ProgressCommand::Reset { lesson, yes } => {
            let what = match lesson {
                None => "all of your progress".to_string(),
                Some(l) => {
                    let found = course
                        .lessons
                        .iter()
                        .find(|x| x.id == *l || x.number.to_string() == *l)
                        .ok_or_else(|| format!("there is no lesson `{l}`"))?;
                    format!("your progress in lesson {} ({})", found.number, found.title)
                }
            };
            if !yes && !confirm(&format!("Forget {what}? [y/N] "))? {
                outln!("nothing changed");
                return Ok(());
            }
            match lesson {
                None => progress = Progress::default(),
                Some(l) => {
                    let id = course
                        .lessons
                        .iter()
                        .find(|x| x.id == *l || x.number.to_string() == *l)
                        .map(|x| x.id.clone())
                        .unwrap_or_default();
                    progress.reset_lesson(&course, &id);
                }
            }
            store.save(&progress).map_err(|e| e.to_string())?;
            outln!("forgot {what}");
            Ok(())
        }
    }
}

fn confirm(question: &str) -> Result<bool, String> {
    out!("{question}");
    io::stdout().flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes"))
}

/// The summary `progress show` prints.
pub fn show(store: &Store, course: &Course, p: &Progress, today: i64) -> String {
    let mut out = format!(
        "{}'s progress ({})\n",
        store.learner(),
        store.path().display()
    );
    for line in dashboard::lines(course, p, today) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Loads the learner's progress for the app. A newer file stops the app
/// with its message; a damaged one becomes a notice.
pub fn load_for_app(store: &Store) -> Result<(Progress, Option<String>), String> {
    let loaded = store.load().map_err(|e| e.to_string())?;
    Ok((loaded.progress, loaded.notice))
}
