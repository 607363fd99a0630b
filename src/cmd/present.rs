//! `iamtutor present [LESSON]`: a lesson on a projector. Nothing is read
//! from or saved to the learner's progress: the presenter is not a learner.

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use iamtutor::app::{App, ThemeName, present};
use iamtutor::learn::progress::Progress;

use super::cli::Cli;
use super::{app, course};

#[derive(Debug, Clone, clap::Args)]
pub struct PresentArgs {
    /// The lesson, by id (`roles`) or number; the first when left out.
    pub lesson: Option<String>,
}

pub fn run(cli: &Cli, args: &PresentArgs) -> ExitCode {
    let course = match course::load(cli.course.as_deref()) {
        Ok(c) => c,
        Err(text) => {
            err!("{text}");
            return ExitCode::FAILURE;
        }
    };
    let lesson = match &args.lesson {
        None => 0,
        Some(l) => match course
            .lessons
            .iter()
            .position(|x| x.id == *l || x.number.to_string() == *l)
        {
            Some(i) => i,
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
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        errln!("iamtutor: presenter mode needs a terminal to draw in");
        return ExitCode::FAILURE;
    }
    // Without --seed, a short one from the clock: the checkpoint page shows
    // it, for the class to type.
    let seed = cli.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1000, |d| 1000 + d.as_nanos() as u64 % 9000)
    });
    let mut app = App::new(course, Progress::default(), seed);
    app.theme = match cli.theme.as_deref() {
        Some("light") => ThemeName::Light,
        Some("high-contrast") => ThemeName::HighContrast,
        _ => ThemeName::Dark,
    };
    // https://no-color.org: present and not empty.
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    present::open(&mut app, lesson);
    app::in_terminal(&mut app, &mut |_| {})
}
