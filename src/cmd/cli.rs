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
    /// Play a course from this folder instead of the built-in one (its
    /// lesson files, and organizations in DIR/orgs/). It is checked first,
    /// as `iamtutor course check DIR` would.
    #[arg(long, global = true, value_name = "DIR")]
    pub course: Option<PathBuf>,
    /// Seed the quizzes' shuffles: the same seed gives every learner the
    /// same order (for a classroom).
    #[arg(long, global = true, value_name = "N")]
    pub seed: Option<u64>,
    /// Colours: dark (the default), light, or high-contrast. NO_COLOR in
    /// the environment turns colour off whatever the theme.
    #[arg(long, global = true, value_name = "THEME", value_parser = ["dark", "light", "high-contrast"])]
    pub theme: Option<String>,
    /// Where progress is kept, instead of the platform's data folder (on
    /// Linux ~/.local/share/iamtutor).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Whose progress: several learners can share one machine.
    #[arg(long, global = true, value_name = "NAME", default_value = "default")]
    pub learner: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate access like AWS's policy simulator.
    ///
    /// With --batch, each input line is a SimulateCustomPolicy request in JSON
    /// and each output line its response. With --org, one request against an
    /// organization file, explained for people.
    ///
    /// Limits, as AWS's API has them: each policy document 1 to 131,072
    /// characters; MaxItems 1 to 1,000 results a page (100 when not given),
    /// the next page from the response's Marker. iamtutor's own, so that every
    /// request answers within a fraction of a second: ActionNames x
    /// ResourceArns at most 10,000 evaluations, at most 50 values per context
    /// key, and a line of at most 8 MiB.
    ///
    /// Like AWS's simulator, a request has only the context keys it gives
    /// and those its caller implies (aws:PrincipalArn, aws:PrincipalType,
    /// aws:PrincipalAccount, aws:username): no aws:SecureTransport, no
    /// aws:CurrentTime. A condition on a key that is missing is not met
    /// (met for ...IfExists; Null as written), and the key is listed in
    /// MissingContextValues. The exit status is 1 when any line failed.
    ///
    /// An extension to AWS's API: CallerArn may also be a role ARN or an
    /// assumed-role session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION),
    /// evaluated as AWS evaluates those principals (aws:PrincipalArn is the
    /// role's ARN, aws:PrincipalType is AssumedRole; a resource policy naming
    /// the role's ARN does not escape a permissions boundary, one naming the
    /// session does). --strict refuses them as AWS does. For sts:AssumeRole*
    /// on a role ARN, ResourcePolicy is the role's trust policy (no Resource
    /// element).
    Simulate(super::simulate::SimulateArgs),
    /// Work with the course: `iamtutor course check [DIR]`.
    #[command(subcommand)]
    Course(super::course::CourseCommand),
    /// Run one AWS CLI command against an organization kept in a file.
    ///
    /// As in the sandbox, as the account's administrator, printing what the
    /// sandbox prints. FILE is an organization file (docs/org-format.md): a
    /// fresh organization when missing, saved (atomically) only when the
    /// command succeeds and changes something. Exits 252 for a wrong command
    /// line, 253 for a profile or credentials problem, 254 when the service
    /// refuses the call, as the AWS CLI does. `file://NAME` reads a real file.
    ///
    /// Example: iamtutor aws --state org.ron iam create-user --user-name john
    Aws(super::aws::AwsArgs),
    /// Run a script of sandbox commands, stopping at the first that fails.
    ///
    /// Any sandbox command: aws ..., as john, write p.json <<JSON ... JSON,
    /// export cli --to FILE, import FILE. Blank lines and # comments are
    /// skipped, a trailing backslash joins lines, and a command ending in
    /// `|| true` may fail without stopping the script. `export --to` and
    /// `import` reach only files inside the current folder, unless
    /// --allow-outside is given.
    Run(super::run::RunArgs),
    /// A mock interview from the course's interview bank: each question
    /// on a clock, key points ticked after the answer (pass, borderline or
    /// miss), follow-ups, cases graded by the engine, then a report of
    /// missed points, time used and what to revisit.
    Interview(super::interview::InterviewArgs),
    /// Endless practice: fresh decide and spot questions made from small
    /// organizations, decided by the engine and explained with its trail.
    /// Misses go to review. The same --seed gives the same drill everywhere.
    Drill(super::drill::DrillArgs),
    /// The learner's progress: show, export, import, reset.
    #[command(subcommand)]
    Progress(super::progress::ProgressCommand),
    /// Show a lesson on a projector: large headings, no chrome, one step
    /// per key, demos run live, quiz answers revealed on `r`.
    ///
    /// With --seed N the checkpoint's questions and options come in the
    /// same order as for each student who starts `iamtutor --seed N` and
    /// opens this checkpoint before any other quiz, review or interview;
    /// without it, a seed is picked and shown on the checkpoint page, to
    /// give to the class.
    Present(super::present::PresentArgs),
    /// Who can do what in an organization file: a table of principals and actions.
    Matrix(super::matrix::MatrixArgs),
    /// What changed in access between two organization files (exit 1 if anything did).
    Diff(super::diff::DiffArgs),
    /// For teachers: `iamtutor class report FILES... [--csv]`.
    #[command(subcommand)]
    Class(super::class::ClassCommand),
    /// Review an organization file like a security auditor: findings, why
    /// they matter, and the commands that fix them. Exits 1 when there are
    /// findings, 2 for a file that cannot be read.
    Advise(super::advise::AdviseArgs),
    /// Privilege escalation paths in an organization file: how a user or role can gain power it does not have. Exits 0 with none, 1 with some, 2 for bad input.
    Paths(super::paths::PathsArgs),
}
