//! `iamtutor run SCRIPT [--state FILE] [--echo]`: a file of sandbox
//! commands, run in order in one sandbox, stopping at the first that fails
//! (unless it ends in `|| true`). With --state, the organization comes from
//! FILE and goes back to it, atomically, when the script succeeded and
//! changed it.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{common, host};
use iamtutor::shell::Shell;
use iamtutor::shell::script::split_script;
use iamtutor::store::files;

#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// The script of sandbox commands (`-` for standard input).
    #[arg(value_name = "SCRIPT")]
    pub script: PathBuf,
    /// An organization file to start from, and to save to when the script
    /// succeeds.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Print each command, after `$ `, before its output (for transcripts).
    #[arg(long)]
    pub echo: bool,
    /// Let `export ... --to FILE` and `import FILE` reach files outside the
    /// current folder (absolute paths, `..`, links that lead out). Without
    /// it a script reads and writes only inside the folder it runs in.
    #[arg(long)]
    pub allow_outside: bool,
}

pub fn run(args: RunArgs) -> ExitCode {
    let text = match read_script(&args.script) {
        Ok(t) => t,
        Err(e) => {
            errln!("iamtutor: {e}");
            return ExitCode::FAILURE;
        }
    };
    let org = match common::load_state(args.state.as_deref()) {
        Ok(org) => org,
        Err(code) => return code,
    };
    let mut shell = Shell::new(org);
    // The course's organizations import by name, as in the app.
    shell.named_orgs = std::sync::Arc::new(iamtutor::content::embedded::orgs());
    let start = shell.org.clone();
    for cmd in split_script(&text) {
        if args.echo {
            let mut out = io::stdout().lock();
            let _ = writeln!(out, "$ {}", cmd.source);
        }
        let outcome = shell.run(&cmd.command);
        let reach = if args.allow_outside {
            host::Reach::Anywhere
        } else {
            host::Reach::CurrentFolder
        };
        let outcome = host::carry_out(&mut shell, outcome, reach);
        host::show(&outcome);
        if !outcome.ok && !cmd.may_fail {
            errln!("iamtutor: line {} failed: {}", cmd.line, cmd.first_line());
            return ExitCode::FAILURE;
        }
    }
    if shell.org != start
        && let Some(path) = &args.state
        && let Err(message) = host::save_state(path, &shell.org)
    {
        err!("{message}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn read_script(path: &std::path::Path) -> Result<String, String> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .take(files::MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {}", files::why(&e)))?;
        if bytes.len() as u64 > files::MAX_FILE {
            return Err("cannot read standard input: the script is larger than 32 MiB".into());
        }
        files::text(bytes).map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        files::read_text(path)
    }
}
