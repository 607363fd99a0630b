//! `iamtutor interview`: the app, opened on a round of interview practice.

use std::process::ExitCode;

use iamtutor::learn::interview::Level;

use super::app;
use super::cli::Cli;

#[derive(Debug, Clone, clap::Args)]
pub struct InterviewArgs {
    /// How long to practise: one question per three minutes.
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=180))]
    pub minutes: u64,
    /// The round: ladder (easy rising to hard), easy, medium, hard,
    /// mixed, or cases (organizations to read, AccessDenied to fix live).
    #[arg(long, default_value = "ladder", value_parser = ["ladder", "easy", "medium", "hard", "mixed", "cases"])]
    pub level: String,
}

pub fn run(cli: &Cli, args: &InterviewArgs) -> ExitCode {
    let minutes = args.minutes;
    // clap has checked the level already; a round that does not know it
    // still starts, on the ladder.
    let level = Level::from_id(&args.level).or(Some(Level::Ladder));
    app::run_opening(cli, &mut |app| app.open_interview(minutes, level))
}
