//! What the subcommands share: reading an organization file, the course
//! and the learner's store, building the app from them, and finding a
//! lesson the command line names.

use std::fs;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use iamtutor::app::{App, ThemeName};
use iamtutor::content::course::Course;
use iamtutor::content::schema::Lesson;
use iamtutor::iam::model::Org;
use iamtutor::iam::org_file;
use iamtutor::learn::progress::Progress;
use iamtutor::store::{Store, files};
use iamtutor::tui;

use super::cli::Cli;
use super::course;

/// The exit status for input that cannot be used: a missing or broken
/// file, an action or principal that cannot be read; 2, as for clap's own
/// errors.
pub const BAD_INPUT: u8 = 2;

/// Reads an organization file (docs/org-format.md). On failure, the text
/// for standard error: `iamtutor: ...` when the file cannot be read, one
/// `FILE:LINE:COL: message` line a problem when it does not parse.
pub fn read_org(path: &Path) -> Result<Org, String> {
    let text = files::read_text(path).map_err(|e| format!("iamtutor: {e}\n"))?;
    org_file::from_ron(&text).map_err(|errors| {
        errors
            .iter()
            .map(|e| format!("{}:{e}\n", path.display()))
            .collect()
    })
}

/// Reads an organization file, or says why not on standard error and
/// gives `code` as the exit status.
pub fn load_org(path: &Path, code: u8) -> Result<Org, ExitCode> {
    read_org(path).map_err(|message| {
        err!("{message}");
        ExitCode::from(code)
    })
}

/// The organization a `--state FILE` command starts from: a fresh one
/// without the option, or while the file does not exist yet.
pub fn load_state(path: Option<&Path>) -> Result<Org, ExitCode> {
    match path {
        Some(path) if !is_missing(path) => load_org(path, 1),
        _ => Ok(Org::new()),
    }
}

/// Nothing at all is at `path`, not even a broken link.
fn is_missing(path: &Path) -> bool {
    fs::symlink_metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
}

/// The course to play (`--course DIR`, or the embedded one), or its
/// problems said on standard error and a failing exit status.
pub fn load_course(cli: &Cli) -> Result<Course, ExitCode> {
    course::load(cli.course.as_deref()).map_err(|text| {
        err!("{text}");
        ExitCode::FAILURE
    })
}

/// The learner's store, from `--data-dir` and `--learner`.
pub fn open_store(cli: &Cli) -> Result<Store, String> {
    let dir = match &cli.data_dir {
        Some(d) => d.clone(),
        None => Store::default_dir()
            .ok_or("no data folder is known for this system; give one with --data-dir DIR")?,
    };
    Store::new(dir, &cli.learner).map_err(|e| e.to_string())
}

/// Today in days since 1970-01-01, UTC: the host's clock, for streaks.
pub fn today() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| (d.as_secs() / 86_400) as i64)
}

/// Nanoseconds since 1970 by the host's clock (0 if it is set before):
/// what quizzes are shuffled from when no `--seed` is given.
pub fn clock_seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Both standard streams are a terminal, as the app needs to draw and to
/// read keys.
pub fn has_terminal() -> bool {
    io::stdout().is_terminal() && io::stdin().is_terminal()
}

/// The app over a course and some progress, its quizzes shuffled from
/// `seed`: in the theme `--theme` names, else the one the learner last
/// picked with `t`, and without colour when NO_COLOR says so.
pub fn new_app(cli: &Cli, course: Course, progress: Progress, seed: u64) -> App {
    let mut app = App::new(course, progress, seed);
    let remembered = app.progress.theme.as_deref().and_then(ThemeName::from_id);
    app.theme = cli
        .theme
        .as_deref()
        .and_then(ThemeName::from_id)
        .or(remembered)
        .unwrap_or_default();
    // https://no-color.org: present and not empty.
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app
}

/// Runs `app` in the terminal until it quits (see [`tui::in_terminal`]);
/// `after` runs after every step. What went wrong is said on standard
/// error.
pub fn in_terminal(app: &mut App, after: &mut dyn FnMut(&mut App)) -> ExitCode {
    exit(tui::in_terminal(app, after))
}

/// The exit status of a command that either worked or failed for the
/// reason given, which is said on standard error.
pub fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("iamtutor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The lesson a command line names, by id (`roles`) or number (`3`), and
/// where it stands in the course.
pub fn find_lesson<'c>(course: &'c Course, key: &str) -> Option<(usize, &'c Lesson)> {
    course
        .lessons
        .iter()
        .enumerate()
        .find(|(_, l)| l.id == key || l.number.to_string() == key)
}

/// A fresh, empty folder for one test, under the system's temporary
/// folder and named for the test and this process.
#[cfg(test)]
pub fn scratch_dir(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("iamtutor-{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_is_found_by_id_or_by_number() {
        let course = Course::embedded().unwrap();
        let second = &course.lessons[1];
        let by_id = find_lesson(&course, &second.id).map(|(i, _)| i);
        let by_number = find_lesson(&course, &second.number.to_string()).map(|(i, _)| i);
        assert_eq!(by_id, Some(1));
        assert_eq!(by_number, Some(1));
        assert!(find_lesson(&course, "no-such-lesson").is_none());
    }

    #[test]
    fn an_organization_file_that_does_not_parse_says_where() {
        let dir = scratch_dir("read-org");
        let file = dir.join("broken.ron");
        fs::write(&file, "(accounts: [").unwrap();
        let message = read_org(&file).unwrap_err();
        let first = message.lines().next().unwrap();
        assert!(
            first.starts_with(&format!("{}:1:", file.display())),
            "{message}"
        );
        assert!(message.ends_with('\n'), "{message:?}");
        let missing = read_org(&dir.join("missing.ron")).unwrap_err();
        assert!(missing.starts_with("iamtutor: "), "{missing}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
