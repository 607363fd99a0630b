//! Words to options, the way the CLI's argparse parsers read them: the main
//! parser takes the global options from anywhere on the line, the service
//! parser the operation name, the operation's parser its own options, with
//! argparse's rules for `--opt=value`, unambiguous prefixes (`--user` for
//! `--user-name`), lists that run to the next option, and `--`.

use super::errors::{CliError, py_repr};
use super::spec::{Arg, ArgKind};
use super::suggest::close_matches;

/// What one option received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    Flag(bool),
    One(String),
    Many(Vec<String>),
}

/// A global option: its name and whether it takes a value.
struct Global {
    name: &'static str,
    value: bool,
    choices: &'static [&'static str],
}

const GLOBALS: &[Global] = &[
    g("debug", false, &[]),
    g("endpoint-url", true, &[]),
    g("no-verify-ssl", false, &[]),
    g("no-paginate", false, &[]),
    g(
        "output",
        true,
        &["json", "text", "table", "yaml", "yaml-stream"],
    ),
    g("query", true, &[]),
    g("profile", true, &[]),
    g("region", true, &[]),
    g("version", false, &[]),
    g("color", true, &["on", "off", "auto"]),
    g("no-sign-request", false, &[]),
    g("ca-bundle", true, &[]),
    g("cli-read-timeout", true, &[]),
    g("cli-connect-timeout", true, &[]),
    g("cli-binary-format", true, &["base64", "raw-in-base64-out"]),
    g("no-cli-pager", false, &[]),
    g("cli-auto-prompt", false, &[]),
    g("no-cli-auto-prompt", false, &[]),
    g(
        "cli-error-format",
        true,
        &["legacy", "json", "yaml", "text", "table", "enhanced"],
    ),
];

const fn g(name: &'static str, value: bool, choices: &'static [&'static str]) -> Global {
    Global {
        name,
        value,
        choices,
    }
}

/// The global options, for completion and help.
pub fn global_names() -> impl Iterator<Item = (&'static str, bool, &'static [&'static str])> {
    GLOBALS.iter().map(|g| (g.name, g.value, g.choices))
}

#[derive(Debug, Default)]
pub struct Globals {
    pub values: Vec<(&'static str, Raw)>,
}

impl Globals {
    pub fn get(&self, name: &str) -> Option<&Raw> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    pub fn text(&self, name: &str) -> Option<String> {
        match self.get(name) {
            Some(Raw::One(s)) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Raw::Flag(true)))
    }
}

/// argparse's test for a word that is an option rather than a value.
pub fn option_like(word: &str) -> bool {
    if !word.starts_with('-') || word.len() < 2 {
        return false;
    }
    let negative_number = {
        let rest = &word[1..];
        !rest.is_empty()
            && rest.chars().filter(|&c| c == '.').count() <= 1
            && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
            && !rest.ends_with('.')
    };
    !negative_number && !word.contains(' ')
}

/// Resolves an option word against known names: exact, `name=value`, then a
/// unique prefix, as argparse does. `Ok(None)` is an unknown option.
fn resolve<'a>(
    word: &str,
    names: &[&'a str],
) -> Result<Option<(&'a str, Option<String>)>, CliError> {
    let Some(body) = word.strip_prefix("--") else {
        return Ok(None);
    };
    if let Some(name) = names.iter().find(|n| **n == body) {
        return Ok(Some((name, None)));
    }
    let (prefix, explicit) = match body.split_once('=') {
        Some((p, v)) => (p, Some(v.to_owned())),
        None => (body, None),
    };
    if let Some(name) = names.iter().find(|n| **n == prefix) {
        return Ok(Some((name, explicit)));
    }
    let matches: Vec<&&str> = names.iter().filter(|n| n.starts_with(prefix)).collect();
    match matches.len() {
        0 => Ok(None),
        1 => Ok(Some((matches[0], explicit))),
        _ => {
            let list: Vec<String> = matches.iter().map(|n| format!("--{n}")).collect();
            Err(CliError::usage(format!(
                "ambiguous option: --{prefix} could match {}",
                list.join(", ")
            )))
        }
    }
}

/// The CLI's message for a value outside an option's choices, with
/// difflib's close matches.
pub fn invalid_choice(dest: &str, value: &str, choices: &[String]) -> CliError {
    let possible = close_matches(value, choices);
    let mut message = format!("argument {dest}: Found invalid choice {}\n", py_repr(value));
    if !possible.is_empty() {
        message = format!(
            "argument {dest}: Found invalid choice {}\n\nMaybe you meant:\n\n{}",
            py_repr(value),
            possible
                .iter()
                .map(|p| format!("  * {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    CliError::usage(message)
}

/// The main parser: global options from anywhere, the first positional word
/// as the service; everything else, in order, for the next parser.
pub fn split_globals(args: &[String]) -> Result<(Globals, Option<String>, Vec<String>), CliError> {
    let names: Vec<&str> = GLOBALS.iter().map(|g| g.name).collect();
    let mut globals = Globals::default();
    let mut command = None;
    let mut rest = Vec::new();
    let mut i = 0;
    let mut dashdash = false;
    while i < args.len() {
        let word = &args[i];
        i += 1;
        if !dashdash && word == "--" {
            dashdash = true;
            rest.push(word.clone());
            continue;
        }
        if dashdash || !option_like(word) {
            if command.is_none() {
                command = Some(word.clone());
            } else {
                rest.push(word.clone());
            }
            continue;
        }
        let Some((name, explicit)) = resolve(word, &names)? else {
            rest.push(word.clone());
            continue;
        };
        let global = GLOBALS
            .iter()
            .find(|g| g.name == name)
            .expect("known global");
        if !global.value {
            if let Some(v) = explicit {
                return Err(CliError::usage(format!(
                    "argument --{name}: ignored explicit argument {}",
                    py_repr(&v)
                )));
            }
            globals.values.push((global.name, Raw::Flag(true)));
            continue;
        }
        let value = match explicit {
            Some(v) => v,
            None if i < args.len() && !option_like(&args[i]) => {
                i += 1;
                args[i - 1].clone()
            }
            None => {
                return Err(CliError::usage(format!(
                    "argument --{name}: expected one argument"
                )));
            }
        };
        if !global.choices.is_empty() && !global.choices.contains(&value.as_str()) {
            let choices: Vec<String> = global.choices.iter().map(|c| c.to_string()).collect();
            return Err(invalid_choice(&format!("--{name}"), &value, &choices));
        }
        globals.values.push((global.name, Raw::One(value)));
    }
    Ok((globals, command, rest))
}

/// The service parser: the first positional word is the operation.
pub fn split_operation(rest: &[String]) -> (Option<String>, Vec<String>) {
    let mut dashdash = false;
    for (i, word) in rest.iter().enumerate() {
        if !dashdash && word == "--" {
            dashdash = true;
            continue;
        }
        if dashdash || !option_like(word) {
            let mut remaining = rest.to_vec();
            remaining.remove(i);
            return (Some(word.clone()), remaining);
        }
    }
    (None, rest.to_vec())
}

/// The operation's options, parsed.
#[derive(Debug, Default)]
pub struct Parsed {
    /// One slot per argument of the table.
    pub values: Vec<Option<Raw>>,
    /// Words no option claimed, in order (`Unknown options: ...`).
    pub extras: Vec<String>,
    /// The stray positional argparse puts in the `help` slot.
    pub help: Option<String>,
}

pub fn parse_operation(table: &[Arg], words: &[String]) -> Result<Parsed, CliError> {
    let names: Vec<&str> = table
        .iter()
        .filter(|a| !a.positional())
        .map(|a| a.name.as_str())
        .collect();
    let mut parsed = Parsed {
        values: vec![None; table.len()],
        ..Parsed::default()
    };
    let mut i = 0;
    let mut dashdash = false;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if !dashdash && word == "--" {
            dashdash = true;
            continue;
        }
        if dashdash || !option_like(word) {
            positional(table, &mut parsed, word);
            continue;
        }
        let Some((name, explicit)) = resolve(word, &names)? else {
            parsed.extras.push(word.clone());
            continue;
        };
        let index = table
            .iter()
            .position(|a| a.name == name && !a.positional())
            .expect("resolved name is in the table");
        let arg = &table[index];
        let dest = format!("--{name}");
        let value = if arg.is_flag() {
            if let Some(v) = explicit {
                return Err(CliError::usage(format!(
                    "argument {dest}: ignored explicit argument {}",
                    py_repr(&v)
                )));
            }
            let ArgKind::Flag { value, .. } = arg.kind else {
                unreachable!()
            };
            Raw::Flag(value)
        } else if arg.list {
            match explicit {
                Some(v) => Raw::Many(vec![v]),
                None => {
                    let mut items = Vec::new();
                    while i < words.len() && !option_like(&words[i]) && words[i] != "--" {
                        items.push(words[i].clone());
                        i += 1;
                    }
                    Raw::Many(items)
                }
            }
        } else if arg.kind == ArgKind::GenerateCliSkeleton {
            // nargs='?' with const 'input'.
            match explicit {
                Some(v) => Raw::One(v),
                None if i < words.len() && !option_like(&words[i]) => {
                    i += 1;
                    Raw::One(words[i - 1].clone())
                }
                None => Raw::One("input".into()),
            }
        } else {
            match explicit {
                Some(v) => Raw::One(v),
                None if i < words.len() && !option_like(&words[i]) => {
                    i += 1;
                    Raw::One(words[i - 1].clone())
                }
                None => {
                    return Err(CliError::usage(format!(
                        "argument {dest}: expected one argument"
                    )));
                }
            }
        };
        if let (ArgKind::Custom { choices }, Raw::One(v)) = (&arg.kind, &value)
            && !choices.is_empty()
            && !choices.contains(v)
        {
            return Err(invalid_choice(&dest, v, choices));
        }
        if let (ArgKind::GenerateCliSkeleton, Raw::One(v)) = (&arg.kind, &value) {
            let choices = ["input".to_owned(), "yaml-input".into(), "output".into()];
            if !choices.contains(v) {
                return Err(invalid_choice(&dest, v, &choices));
            }
        }
        // Both halves of a boolean pair write one destination: last wins.
        if let ArgKind::Flag { member, .. } = &arg.kind {
            for (k, other) in table.iter().enumerate() {
                if matches!(&other.kind, ArgKind::Flag { member: m, .. } if m == member) {
                    parsed.values[k] = None;
                }
            }
        }
        parsed.values[index] = Some(value);
    }
    Ok(parsed)
}

/// A word that is not an option: the streaming `outfile` if the operation
/// has one and it is still empty, then argparse's `help` slot, then extras.
fn positional(table: &[Arg], parsed: &mut Parsed, word: &str) {
    if let Some(k) = table.iter().position(Arg::positional)
        && parsed.values[k].is_none()
    {
        parsed.values[k] = Some(Raw::One(word.to_owned()));
        return;
    }
    if parsed.help.is_none() {
        parsed.help = Some(word.to_owned());
    } else {
        parsed.extras.push(word.to_owned());
    }
}
