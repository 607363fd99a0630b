//! iamtutor's entry point: parse the command line and dispatch.

#[macro_use]
mod out;
mod advise_cmd;
mod app_cmd;
mod aws_cmd;
mod class_cmd;
mod cli;
mod course_cmd;
mod diff_cmd;
mod drill_cmd;
mod host;
mod matrix_cmd;
mod paths_cmd;
mod present_cmd;
mod progress_cmd;
mod run_cmd;
mod simulate_cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match &cli.command {
        Some(cli::Command::Simulate(args)) => simulate_cmd::run(args.clone()),
        Some(cli::Command::Course(cli::CourseCommand::Check { dir, strict, stats })) => {
            course_cmd::check(dir.as_deref().or(cli.course.as_deref()), *strict, *stats)
        }
        Some(cli::Command::Aws(args)) => aws_cmd::run(args.clone()),
        Some(cli::Command::Run(args)) => run_cmd::run(args.clone()),
        Some(cli::Command::Progress(command)) => progress_cmd::run(&cli, command),
        Some(cli::Command::Present(args)) => present_cmd::run(&cli, args),
        Some(cli::Command::Class(cli::ClassCommand::Report { files, csv })) => {
            class_cmd::report(&cli, files, *csv)
        }
        Some(cli::Command::Matrix(args)) => matrix_cmd::run(args),
        Some(cli::Command::Diff(args)) => diff_cmd::run(args),
        Some(cli::Command::Advise(args)) => advise_cmd::run(args),
        Some(cli::Command::Paths(args)) => paths_cmd::run(args),
        Some(cli::Command::Interview { minutes, level }) => {
            app_cmd::run(&cli, Some((*minutes, level.as_str())))
        }
        Some(cli::Command::Drill(args)) => drill_cmd::run(&cli, args),
        None => app_cmd::run(&cli, None),
    }
}
