//! `iamtutor progress show | export | import | reset`.

use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use iamtutor::content::course::Course;
use iamtutor::learn::dashboard;
use iamtutor::learn::progress::Progress;
use iamtutor::store::{Store, write_atomic};

use super::cli::Cli;
use super::common;

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

pub fn run(cli: &Cli, command: &ProgressCommand) -> ExitCode {
    // The course loader says its own problems, whole.
    let course = match common::load_course(cli) {
        Ok(course) => course,
        Err(code) => return code,
    };
    common::exit(run_inner(cli, command, &course))
}

fn run_inner(cli: &Cli, command: &ProgressCommand, course: &Course) -> Result<(), String> {
    let store = common::open_store(cli)?;
    let loaded = store.load().map_err(|e| e.to_string())?;
    if let Some(n) = &loaded.notice {
        errln!("iamtutor: {n}");
    }
    let mut progress = loaded.progress;
    match command {
        ProgressCommand::Show => {
            out!("{}", show(&store, course, &progress, common::today()));
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
            let found = match lesson {
                None => None,
                Some(l) => Some(
                    common::find_lesson(course, l)
                        .map(|(_, x)| x)
                        .ok_or_else(|| format!("there is no lesson `{l}`"))?,
                ),
            };
            let what = match found {
                None => "all of your progress".to_string(),
                Some(x) => format!("your progress in lesson {} ({})", x.number, x.title),
            };
            if !yes && !confirm(&format!("Forget {what}? [y/N] "))? {
                outln!("nothing changed");
                return Ok(());
            }
            match found {
                None => progress = Progress::default(),
                Some(x) => progress.reset_lesson(course, &x.id),
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
