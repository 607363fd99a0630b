//! `iamtutor aws --state FILE <args...>`: one AWS CLI command against an
//! organization kept in a file, run as the account's administrator, printed
//! exactly as the sandbox prints it. The file is saved (atomically) only
//! when the command succeeded and changed the organization.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::AwsArgs;
use crate::host;
use iamtutor::iam::model::Org;
use iamtutor::shell::{Shell, lexer};

pub fn run(args: AwsArgs) -> ExitCode {
    let org = match &args.state {
        Some(path) => match host::load_state(path) {
            Ok(org) => org,
            Err(message) => {
                eprint!("{message}");
                return ExitCode::FAILURE;
            }
        },
        None => Org::new(),
    };
    let mut shell = Shell::new(org);
    preload_files(&mut shell, &args.args);
    // The words come split by the real shell already: they go in as words,
    // so a document passed as "$(cat policy.json)" keeps its line breaks.
    let mut words = vec!["aws".to_string()];
    words.extend(args.args);
    let outcome = shell.run_words(&lexer::Words {
        words,
        heredoc: None,
    });
    let outcome = host::carry_out(&mut shell, outcome);
    host::show(&outcome);
    if !outcome.ok {
        return ExitCode::from(u8::try_from(outcome.code).unwrap_or(1).max(1));
    }
    if outcome.changed
        && let Some(path) = &args.state
        && let Err(message) = host::save_state(path, &shell.org)
    {
        eprint!("{message}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Outside the sandbox, `file://NAME` means a real file, as it does for the
/// AWS CLI: each one named is read (relative to the current directory) into
/// the sandbox's workspace under that name, where the command looks for it.
/// A file that cannot be read is left out, and the command says so the way
/// the CLI does.
fn preload_files(shell: &mut Shell, args: &[String]) {
    for arg in args {
        // `--option=file://NAME` as well as `file://NAME` on its own.
        let value = arg
            .split_once('=')
            .filter(|(option, _)| option.starts_with("--"))
            .map_or(arg.as_str(), |(_, v)| v);
        let Some(name) = value
            .strip_prefix("file://")
            .or_else(|| value.strip_prefix("fileb://"))
        else {
            continue;
        };
        if let Ok(text) = fs::read_to_string(Path::new(name)) {
            shell.files.insert(name.to_string(), text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_arguments_are_read_from_disk() {
        let dir = std::env::temp_dir().join(format!("iamtutor-aws-preload-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
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
        );
        assert_eq!(shell.files.len(), 1, "{:?}", shell.files.keys());
        assert_eq!(shell.files[&name], "{\n}\n");
        fs::remove_dir_all(&dir).unwrap();
    }
}
