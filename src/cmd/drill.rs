//! `iamtutor drill`: the app, opened on a drill of generated questions.

use std::process::ExitCode;

use iamtutor::app::drill::{open_now, short_seed};
use iamtutor::learn::drill::{Spec, Topic};

use super::app;
use super::cli::Cli;

#[derive(Debug, Clone, clap::Args)]
pub struct DrillArgs {
    /// What to practise: identity, groups, boundaries, resource,
    /// conditions or cross-account; every topic when left out.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// 1: one policy and an action; 2: groups, managed and inline
    /// policies, explicit denies, wildcards; 3: all of these with
    /// boundaries, resource policies, conditions and other accounts.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub level: u8,
}

pub fn run(cli: &Cli, args: &DrillArgs) -> ExitCode {
    let topic = match args.topic.as_deref().map(Topic::parse).transpose() {
        Ok(t) => t,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::from(2);
        }
    };
    let level = args.level;
    let seed = cli.seed;
    app::run_opening(cli, &mut |app| {
        // Without --seed, a short one from the app's (shown on screen, to
        // give to others).
        let seed = seed.unwrap_or_else(|| short_seed(app.seed));
        match Spec::new(level, topic, seed) {
            Ok(spec) => open_now(app, spec),
            Err(e) => app.say(e),
        }
    })
}
