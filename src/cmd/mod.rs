//! The binary's wing: one file per subcommand, named for it (`simulate.rs`
//! is `iamtutor simulate`; `app.rs` is `iamtutor` with no subcommand), and
//! what they share. Only this wing reads the command line, the terminal's
//! streams, the environment and the clock on the library's behalf.
//!
//! Where clap's definitions live: `cli.rs` holds the global options and the
//! list of subcommands, with each subcommand's help; a subcommand's own
//! arguments (its `...Args` struct, or its `...Command` enum when it has
//! subcommands of its own) live in that subcommand's file, beside the code
//! that reads them.

#[macro_use]
mod out;
mod advise;
mod app;
mod aws;
mod class;
pub mod cli;
mod common;
mod course;
mod diff;
mod drill;
mod host;
mod interview;
mod matrix;
mod paths;
mod present;
mod progress;
mod run;
mod simulate;

use std::process::ExitCode;

use cli::{Cli, Command};

/// Runs the subcommand the command line names; the app when it names none.
pub fn run(cli: &Cli) -> ExitCode {
    match &cli.command {
        Some(Command::Simulate(args)) => simulate::run(args.clone()),
        Some(Command::Course(command)) => course::run(cli, command),
        Some(Command::Aws(args)) => aws::run(args.clone()),
        Some(Command::Run(args)) => run::run(args.clone()),
        Some(Command::Progress(command)) => progress::run(cli, command),
        Some(Command::Present(args)) => present::run(cli, args),
        Some(Command::Class(command)) => class::run(cli, command),
        Some(Command::Matrix(args)) => matrix::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Advise(args)) => advise::run(args),
        Some(Command::Paths(args)) => paths::run(args),
        Some(Command::Interview(args)) => interview::run(cli, args),
        Some(Command::Drill(args)) => drill::run(cli, args),
        None => app::run(cli),
    }
}
