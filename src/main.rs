//! iamtutor's entry point: parse the command line and hand it to the
//! binary's wing, `cmd/`.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    cmd::run(&cmd::cli::Cli::parse())
}
