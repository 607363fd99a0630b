//! iamtutor's entry point: parse the command line and dispatch.

mod cli;
mod simulate_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        Some(cli::Command::Simulate(args)) => simulate_cmd::run(args),
        None => {
            println!(
                "iamtutor: the interactive course is not built yet. Try `iamtutor simulate --help`."
            );
            ExitCode::SUCCESS
        }
    }
}
