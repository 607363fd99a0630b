//! `iamtutor aws --state FILE <args...>`: one AWS CLI command against an
//! organization kept in a file, run as the account's administrator, printed
//! exactly as the sandbox prints it. The file is saved (atomically) when
//! the organization changed: a command that failed changes nothing but the
//! usage IAM records (a refused call is an attempt too), so it is saved
//! only for that.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{common, host};
use std::collections::BTreeMap;

use iamtutor::iam::org_file::{self, CliProfile};
use iamtutor::shell::cli::CliError;
use iamtutor::shell::identity::Profile;
use iamtutor::shell::{Shell, lexer};
use iamtutor::store::files;

#[derive(Debug, Clone, clap::Args)]
pub struct AwsArgs {
    /// The organization file to run against, and to save to.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The command after `aws`, such as: iam create-user --user-name john
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
}

pub fn run(args: AwsArgs) -> ExitCode {
    let org = match common::load_state(args.state.as_deref()) {
        Ok(org) => org,
        Err(code) => return code,
    };
    let mut shell = Shell::new(org);
    shell.profiles = args.state.as_deref().map(load_profiles).unwrap_or_default();
    let profiles_before = shell.profiles.clone();
    let org_before = shell.org.clone();
    if let Err(e) = preload_files(&mut shell, &args.args) {
        err!("{e}");
        return ExitCode::from(u8::try_from(e.code).unwrap_or(1).max(1));
    }
    // The words come split by the real shell already: they go in as words,
    // so a document passed as "$(cat policy.json)" keeps its line breaks.
    let mut words = vec!["aws".to_string()];
    words.extend(args.args);
    let outcome = shell.run_words(&lexer::Words {
        words,
        heredoc: None,
    });
    // The command line is the user's own: its files are where they say.
    let outcome = host::carry_out(&mut shell, outcome, host::Reach::Anywhere);
    host::show(&outcome);
    if (shell.org != org_before || shell.profiles != profiles_before)
        && let Some(path) = &args.state
        && let Err(message) = save(path, &shell)
    {
        err!("{message}");
        return ExitCode::FAILURE;
    }
    if !outcome.ok {
        return ExitCode::from(u8::try_from(outcome.code).unwrap_or(1).max(1));
    }
    ExitCode::SUCCESS
}

/// The CLI profiles a state file keeps (`aws configure set ... --profile`
/// in an earlier command). The organization in it has been read already, so
/// a file that does not read has said why.
fn load_profiles(path: &Path) -> BTreeMap<String, Profile> {
    let Ok(text) = files::read_text(path) else {
        return BTreeMap::new();
    };
    org_file::cli_profiles(&text)
        .into_iter()
        .map(|p| {
            let profile = Profile {
                access_key_id: p.aws_access_key_id,
                secret_access_key: p.aws_secret_access_key,
                session_token: p.aws_session_token,
                region: p.region,
                output: p.output,
            };
            (p.name, profile)
        })
        .collect()
}

/// Saves the organization and the profiles together, atomically.
fn save(path: &Path, shell: &Shell) -> Result<(), String> {
    let profiles: Vec<CliProfile> = shell
        .profiles
        .iter()
        .map(|(name, p)| CliProfile {
            name: name.clone(),
            aws_access_key_id: p.access_key_id.clone(),
            aws_secret_access_key: p.secret_access_key.clone(),
            aws_session_token: p.session_token.clone(),
            region: p.region.clone(),
            output: p.output.clone(),
        })
        .collect();
    host::save_text(path, &org_file::to_ron_with_profiles(&shell.org, &profiles))
}

/// Outside the sandbox, `file://NAME` means a real file, as it does for the
/// AWS CLI: each one named is read (relative to the current directory) into
/// the sandbox's workspace under that name, where the command looks for it.
/// A missing file is left out, and the command says so the way the CLI
/// does; a file that is there but cannot be read (a folder, a loop of
/// links, bytes that are not text) stops the command with what it is.
fn preload_files(shell: &mut Shell, args: &[String]) -> Result<(), CliError> {
    let mut option = "";
    for arg in args {
        // `--option=file://NAME` as well as `--option file://NAME`.
        let (name_of_option, value) = match arg.split_once('=') {
            Some((o, v)) if o.starts_with("--") => (o, v),
            _ => (option, arg.as_str()),
        };
        if arg.starts_with("--") {
            option = arg.split_once('=').map_or(arg.as_str(), |(o, _)| o);
        }
        let (name, binary) = match (
            value.strip_prefix("file://"),
            value.strip_prefix("fileb://"),
        ) {
            (Some(n), _) => (n, false),
            (_, Some(n)) => (n, true),
            _ => continue,
        };
        let unloadable = |why: String| {
            CliError::parameter(
                name_of_option,
                format!("Unable to load paramfile {value}: {why}"),
            )
        };
        let bytes = match read_bytes(Path::new(name)) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                let errno = e
                    .raw_os_error()
                    .map_or(String::new(), |n| format!("[Errno {n}] "));
                return Err(unloadable(format!("{errno}{}: '{name}'", files::why(&e))));
            }
        };
        match files::text(bytes) {
            Ok(text) => {
                shell.files.insert(name.to_string(), text);
            }
            Err(e) if binary => {
                return Err(unloadable(format!(
                    "iamtutor's sandbox keeps files as text, and {}",
                    e.trim_start_matches("it is ")
                )));
            }
            Err(e) => {
                return Err(CliError::parameter(
                    name_of_option,
                    format!(
                        "Unable to load paramfile ({value}), text contents could not be decoded ({}).  \
                         If this is a binary file, please use the fileb:// prefix instead of the file:// prefix.",
                        e.trim_start_matches("it is not UTF-8 text: ")
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A file's bytes, at most [`files::MAX_FILE`] of them; a folder is an
/// error of its own.
fn read_bytes(path: &Path) -> io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::from_raw_os_error(21));
    }
    let mut bytes = Vec::new();
    file.take(files::MAX_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > files::MAX_FILE {
        return Err(io::Error::other("the file is larger than 32 MiB"));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use iamtutor::iam::model::Org;

    use super::super::common::scratch_dir;
    use super::*;

    #[test]
    fn file_arguments_are_read_from_disk() {
        let dir = scratch_dir("aws-preload");
        let file = dir.join("p.json");
        fs::write(&file, "{\n}\n").unwrap();
        let name = file.to_str().unwrap().to_string();
        let mut shell = Shell::new(Org::new());
        preload_files(
            &mut shell,
            &[
                "iam".into(),
                format!("file://{name}"),
                format!("--policy-document=file://{name}"),
                "file://does/not/exist.json".into(),
                format!("xfile://{name}-not-this"),
                format!("fileb://{name}"),
            ],
        )
        .unwrap();
        assert_eq!(shell.files.len(), 1, "{:?}", shell.files.keys());
        assert_eq!(shell.files[&name], "{\n}\n");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_that_is_there_but_unreadable_says_what_it_is() {
        let dir = scratch_dir("aws-unreadable");
        fs::create_dir_all(dir.join("folder")).unwrap();
        fs::write(dir.join("bin"), b"{\n\"a\": \"\xff\"}").unwrap();
        let at = |name: &str| dir.join(name).to_str().unwrap().to_string();
        let error = |arg: String| {
            let mut shell = Shell::new(Org::new());
            preload_files(&mut shell, &["--policy-document".into(), arg])
                .unwrap_err()
                .message
        };
        let folder = error(format!("file://{}", at("folder")));
        assert!(folder.contains("'--policy-document'"), "{folder}");
        assert!(folder.contains("folder, not a file"), "{folder}");
        assert!(!folder.contains("No such file"), "{folder}");
        let binary = error(format!("file://{}", at("bin")));
        assert!(binary.contains("line 2, column 7"), "{binary}");
        assert!(binary.contains("fileb://"), "{binary}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(at("loop"), at("loop")).unwrap();
            let looped = error(format!("file://{}", at("loop")));
            assert!(looped.contains("loop of symbolic links"), "{looped}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
