//! The command line: subcommands and their options.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "iamtutor",
    version,
    about = "Learn AWS IAM by doing: users, groups, roles and the policies behind them, offline."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate access like AWS's policy simulator.
    ///
    /// With --batch, each input line is a SimulateCustomPolicy request in JSON
    /// and each output line its response. With --org, one request against an
    /// organization file, explained for people.
    Simulate(SimulateArgs),
    /// Work with the course: `iamtutor course check [DIR]`.
    #[command(subcommand)]
    Course(CourseCommand),
}

#[derive(Debug, Subcommand)]
pub enum CourseCommand {
    /// Check a course folder (the embedded course when none is given): every
    /// file parses, references resolve, demos run, labs replay.
    Check {
        /// A folder with lesson files (*.ron) and an `orgs/` folder or the
        /// project's `assets/orgs/` beside it.
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// A file of SimulateCustomPolicy requests, one JSON object a line (`-` for standard input).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["org", "principal", "action", "resource", "context"])]
    pub batch: Option<PathBuf>,
    /// An organization file (see docs/org-format.md).
    #[arg(long, value_name = "FILE", requires_all = ["principal", "action", "resource"])]
    pub org: Option<PathBuf>,
    /// Who asks: a user name, role/NAME, root, or a user or role ARN.
    #[arg(long)]
    pub principal: Option<String>,
    /// The action, such as s3:GetObject.
    #[arg(long)]
    pub action: Option<String>,
    /// The resource ARN, or `*`.
    #[arg(long)]
    pub resource: Option<String>,
    /// A context key and value, KEY=VALUE; repeat the key for several values.
    #[arg(long, value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// The account a bare principal name belongs to (default: the first account).
    #[arg(long)]
    pub account: Option<String>,
}
