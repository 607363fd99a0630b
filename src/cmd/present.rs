//! `iamtutor present [LESSON]`: a lesson on a projector. Nothing is read
//! from or saved to the learner's progress: the presenter is not a learner.

use std::process::ExitCode;

use iamtutor::app::present;
use iamtutor::learn::progress::Progress;

use super::cli::Cli;
use super::common;

#[derive(Debug, Clone, clap::Args)]
pub struct PresentArgs {
    /// The lesson, by id (`roles`) or number; the first when left out.
    pub lesson: Option<String>,
}

pub fn run(cli: &Cli, args: &PresentArgs) -> ExitCode {
    let course = match common::load_course(cli) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let lesson = match &args.lesson {
        None => 0,
        Some(l) => match common::find_lesson(&course, l) {
            Some((i, _)) => i,
            None => {
                let known: Vec<String> = course
                    .lessons
                    .iter()
                    .map(|x| format!("{} {}", x.number, x.id))
                    .collect();
                errln!(
                    "iamtutor: there is no lesson `{l}`; give a number or an id: {}",
                    known.join(", ")
                );
                return ExitCode::FAILURE;
            }
        },
    };
    if course.lessons.is_empty() {
        errln!("iamtutor: the course has no lessons to present");
        return ExitCode::FAILURE;
    }
    if !common::has_terminal() {
        errln!("iamtutor: presenter mode needs a terminal to draw in");
        return ExitCode::FAILURE;
    }
    // Without --seed, a short one from the clock: the checkpoint page shows
    // it, for the class to type.
    let seed = cli
        .seed
        .unwrap_or_else(|| 1000 + common::clock_seed() % 9000);
    // No progress: the presenter's theme is --theme's, or the default.
    let mut app = common::new_app(cli, course, Progress::default(), seed);
    present::open(&mut app, lesson);
    common::in_terminal(&mut app, &mut |_| {})
}
