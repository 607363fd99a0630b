//! The AWS CLI's front end: the words after `aws` become an API request,
//! and an API response becomes what the CLI prints. The syntax, option
//! names, error texts, exit codes and output shapes are AWS CLI v2's, read
//! from botocore's own service models (embedded, cut down, under
//! `assets/botocore/`), so a learner who moves to a real account has
//! nothing to unlearn. Pure: files come through a callback, nothing here
//! touches a terminal, a disk, a network or a clock.

mod args;
pub use crate::iam::b64;
mod complete;
mod eaw;
mod errors;
mod help;
mod model;
mod names;
mod output;
mod paginate;
mod params;
mod pyjson;
mod query;
mod shorthand;
mod spec;
mod suggest;
mod table;
mod validate;

use std::collections::BTreeMap;

use serde_json::Value;

pub use args::invalid_choice;
pub use complete::{
    OptionInfo, OptionKind, global_options, operation_names, operations, options, services,
};
pub use errors::{
    CLIENT_ERROR_RC, CONFIGURATION_RC, CliError, GENERAL_ERROR_RC, PARAM_VALIDATION_RC,
    brief_usage, service_error,
};
pub use names::xform_name;
pub use output::{render, render_with_width};
pub use paginate::paginate;
pub use suggest::distance as case_sensitive_distance;

/// What a command line asks for.
// One `Command` is made per typed line, so boxing the call to shrink the
// enum would only cost the callers a dereference.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Call an operation.
    Call(Call),
    /// Print this text on stdout and stop: `help`, `--version`,
    /// `--generate-cli-skeleton`.
    Help(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Json,
    Text,
    Table,
}

/// One API call, ready for the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The CLI's service name: `iam`, `s3api`.
    pub service: String,
    /// The API name: `CreateUser`.
    pub operation: String,
    /// The request, with API member names. Blob members carry base64 text.
    pub input: Value,
    pub output: OutputFormat,
    pub query: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Set for a paginated operation while pagination is on: the CLI then
    /// fetches every page (see [`paginate`]) unless told where to stop.
    pub paging: Option<Paging>,
    /// The CLI's own options that are not part of the request: the
    /// `outfile` of `s3api get-object` and `lambda invoke`, and
    /// `--outfile` / `--bootstrap-method` of `iam create-virtual-mfa-device`.
    pub custom: BTreeMap<String, String>,
}

/// The CLI's paging options (`--max-items`, `--page-size`,
/// `--starting-token`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paging {
    pub max_items: Option<i64>,
    pub page_size: Option<i64>,
    pub starting_token: Option<String>,
}

/// The main parser's reading of the words after `aws`: the global options
/// (taken from anywhere on the line) and the command word, for the commands
/// the CLI implements itself rather than from a service model (`aws s3`,
/// `aws configure`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Front {
    pub command: Option<String>,
    /// The words after the command, global options taken out.
    pub rest: Vec<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub output: Option<String>,
}

pub fn front(args: &[String]) -> Result<Front, CliError> {
    let (globals, command, rest) = args::split_globals(args)?;
    Ok(Front {
        command,
        rest,
        profile: globals.text("profile"),
        region: globals.text("region"),
        output: globals.text("output"),
    })
}

/// Where the help is for the words after `aws`, as a short sentence: the
/// operation's when the line names one, else the service's, else the
/// CLI's. The app prints it in place of the usage block. (`aws s3`, the
/// CLI's own command, is the caller's to point at.)
pub fn help_pointer(args: &[String]) -> String {
    let Ok((_, Some(command), rest)) = args::split_globals(args) else {
        return "`aws help` lists the services".into();
    };
    let Some(service) = model::service(&command) else {
        return "`aws help` lists the services".into();
    };
    match args::split_operation(&rest).0 {
        Some(op) if service.operation(&op).is_some() => {
            format!("`aws {command} {op} help` lists its options")
        }
        _ => format!("`aws {command} help` lists its operations"),
    }
}

/// Parses the words after `aws`. `files` reads a file of the sandbox's
/// workspace by name, for `file://NAME` and `fileb://NAME`.
pub fn parse(args: &[String], files: &dyn Fn(&str) -> Option<String>) -> Result<Command, CliError> {
    if args.is_empty() {
        return Err(CliError::bare_usage(
            "the following arguments are required: command",
        ));
    }
    let (globals, command, rest) = args::split_globals(args)?;
    if globals.flag("version") {
        return Ok(Command::Help(help::VERSION.to_owned()));
    }
    // The CLI compiles --query as soon as the global options are read, so a
    // bad one is reported before anything about the command.
    if let Some(q) = globals.text("query") {
        query::compile(&q)?;
    }
    let Some(command) = command else {
        return Err(CliError::usage(
            "the following arguments are required: command",
        ));
    };
    if command == "help" {
        return Ok(Command::Help(help::services_help()));
    }
    let Some(service) = model::service(&command) else {
        // The CLI's own commands are choices too, as in the real CLI.
        let mut choices: Vec<String> = services().iter().map(|s| s.to_string()).collect();
        choices.extend(["s3", "configure", "help"].map(String::from));
        return Err(with_nearest(
            args::invalid_choice("command", &command, &choices),
            &command,
            &choices,
        ));
    };
    let (operation, remaining) = args::split_operation(&rest);
    let Some(operation) = operation else {
        return Err(CliError::usage(
            "the following arguments are required: operation",
        ));
    };
    if operation == "help" {
        return Ok(Command::Help(help::service_help(service)));
    }
    let Some(op) = service.operation(&operation) else {
        if model::real_operation(&service.cli, &operation) {
            return Err(not_simulated(service, &operation));
        }
        let mut choices: Vec<String> = service.operations.iter().map(|o| o.cli.clone()).collect();
        choices.push("help".into());
        return Err(with_nearest(
            args::invalid_choice("operation", &operation, &choices),
            &operation,
            &choices,
        ));
    };
    if remaining == ["help"] {
        return Ok(Command::Help(help::operation_help(service, op)));
    }
    call(service, op, &globals, &remaining, files)
}

fn call(
    service: &'static model::Service,
    op: &'static model::Operation,
    globals: &args::Globals,
    words: &[String],
    files: &dyn Fn(&str) -> Option<String>,
) -> Result<Command, CliError> {
    let mut table = spec::arguments(service, op);
    // `--cli-input-json` and `--generate-cli-skeleton` lift every
    // requirement, when written out in full.
    if words
        .iter()
        .any(|w| w == "--cli-input-json" || w == "--generate-cli-skeleton")
    {
        for arg in &mut table {
            arg.required = false;
        }
    }
    let parsed = args::parse_operation(&table, words)?;
    let missing: Vec<String> = table
        .iter()
        .zip(&parsed.values)
        .filter(|(a, v)| a.required && v.is_none())
        .map(|(a, _)| a.cli_name())
        .collect();
    if !missing.is_empty() {
        let error = CliError::usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ));
        // `--username` for `--user-name`: the CLI names what is missing;
        // ours says which word on the line was probably meant as it.
        return Err(match nearest_option(&table, &parsed.extras) {
            Some((written, meant)) => {
                error.with_hint(format!("did you mean {meant}? (you wrote {written})"))
            }
            None => error,
        });
    }
    let mut extras = parsed.extras.clone();
    match parsed.help.as_deref() {
        Some("help") => return Ok(Command::Help(help::operation_help(service, op))),
        Some(word) => extras.push(word.to_owned()),
        None => {}
    }
    if !extras.is_empty() {
        return Err(unknown_options(&table, &extras));
    }
    let manual_paging = table
        .iter()
        .zip(&parsed.values)
        .any(|(a, v)| a.hidden && v.is_some());
    let paginate = op.paginator.is_some() && !globals.flag("no-paginate") && !manual_paging;
    let cx = params::OpArgs {
        service,
        op,
        table: &table,
        files,
        paginate,
    };
    let built = params::build(&cx, &parsed.values)?;
    if let Some(which) = &built.skeleton {
        return help::skeleton(service, op, which).map(Command::Help);
    }
    let mut input = Value::Object(built.input);
    if let Some(shape) = op.input.as_deref().map(|n| service.shape(n)) {
        let raw_text = globals.text("cli-binary-format").as_deref() == Some("raw-in-base64-out");
        params::blobs(service, shape, &mut input, raw_text, &built.raw_blobs, "")?;
        if let Some(report) = validate::validate(service, shape, &input) {
            return Err(CliError::param(report));
        }
        // The paginator puts --page-size into every page's request, and
        // botocore checks that request as any other: `--page-size 0` is
        // refused before anything is sent.
        if paginate
            && let (Some(size), Some(limit)) = (
                built.page_size,
                op.paginator.as_ref().and_then(|p| p.limit_key.as_ref()),
            )
        {
            let mut page = input.clone();
            if let Value::Object(m) = &mut page {
                m.insert(limit.clone(), Value::from(size));
            }
            if let Some(report) = validate::validate(service, shape, &page) {
                return Err(CliError::param(report));
            }
        }
    }
    let output = match globals.text("output").as_deref() {
        Some("text") => OutputFormat::Text,
        Some("table") => OutputFormat::Table,
        Some("yaml" | "yaml-stream") => {
            return Err(CliError::general(
                "yaml output is not available in iamtutor; use --output json, text or table",
            ));
        }
        _ => OutputFormat::Json,
    };
    let query = globals.text("query");
    Ok(Command::Call(Call {
        service: service.cli.clone(),
        operation: op.name.clone(),
        input,
        output,
        query,
        profile: globals.text("profile"),
        region: globals.text("region"),
        paging: paginate.then_some(Paging {
            max_items: built.max_items,
            page_size: built.page_size,
            starting_token: built.starting_token,
        }),
        custom: built.custom,
    }))
}

/// A real operation the sandbox does not carry: said as such, so that a
/// learner does not think the CLI lacks it.
fn not_simulated(service: &model::Service, operation: &str) -> CliError {
    CliError::ours(
        format!(
            "iamtutor: `{operation}` is a real {} operation that this sandbox does not simulate; `aws {} help` lists the {} it does",
            service.service_id,
            service.cli,
            service.operations.len()
        ),
        PARAM_VALIDATION_RC,
    )
}

/// When difflib found nothing close, ours: the nearest names by edit
/// distance.
fn with_nearest(error: CliError, word: &str, choices: &[String]) -> CliError {
    if !suggest::close_matches(word, choices).is_empty() {
        return error;
    }
    match suggest::nearest(word, choices, 3).as_slice() {
        [] => error,
        near => error.with_hint(format!("nearest: {}", near.join(", "))),
    }
}

/// `Unknown options: a, b`, and, ours, the nearest real option.
fn unknown_options(table: &[spec::Arg], extras: &[String]) -> CliError {
    let error = CliError::param(format!("Unknown options: {}", extras.join(", ")));
    match nearest_option(table, extras) {
        Some((_, meant)) => error.with_hint(format!("did you mean {meant}?")),
        None => error,
    }
}

/// The first unknown option on the line that reads as a typo of a real
/// one, with that option.
fn nearest_option(table: &[spec::Arg], extras: &[String]) -> Option<(String, String)> {
    let names: Vec<String> = table
        .iter()
        .filter(|a| !a.hidden && !a.positional())
        .map(|a| format!("--{}", a.name))
        .collect();
    extras.iter().filter(|w| w.starts_with("--")).find_map(|w| {
        let word = w.split('=').next().unwrap_or(w);
        let meant = suggest::nearest(word, &names, 1).into_iter().next()?;
        Some((word.to_string(), meant))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    fn error(line: &str) -> CliError {
        match parse(&words(line), &|_| None) {
            Err(e) => e,
            Ok(c) => panic!("`{line}` parsed: {c:?}"),
        }
    }

    #[test]
    fn a_real_operation_not_simulated_says_so() {
        let iam = model::service("iam").expect("iam");
        let e = error("iam create-service-specific-credential --user-name x");
        assert_eq!(
            e.message,
            format!(
                "iamtutor: `create-service-specific-credential` is a real IAM operation that this sandbox does not simulate; `aws iam help` lists the {} it does\n",
                iam.operations.len()
            )
        );
        assert_eq!(e.code, PARAM_VALIDATION_RC);
        let e = error("sts get-federation-token");
        assert!(e.message.contains("a real STS operation"), "{}", e.message);
        // A name that is no operation at all keeps the CLI's words.
        let e = error("iam crate-user");
        assert!(
            e.message
                .contains("argument operation: Found invalid choice 'crate-user'"),
            "{}",
            e.message
        );
        assert!(e.message.contains("  * create-user"), "{}", e.message);
    }

    #[test]
    fn a_mistyped_service_or_flag_gets_the_nearest() {
        let e = error("s4 ls");
        assert!(
            e.message.contains("Found invalid choice 's4'"),
            "{}",
            e.message
        );
        assert!(
            e.message.ends_with("(iamtutor) nearest: s3, sts\n"),
            "{}",
            e.message
        );
        let e = error("iam create-user --username john");
        assert!(
            e.message
                .contains("the following arguments are required: --user-name"),
            "{}",
            e.message
        );
        assert!(
            e.message
                .ends_with("(iamtutor) did you mean --user-name? (you wrote --username)\n"),
            "{}",
            e.message
        );
        let e = error("iam list-users --path-prefx /");
        assert!(
            e.message.contains("Unknown options: --path-prefx, /"),
            "{}",
            e.message
        );
        assert!(
            e.message
                .ends_with("(iamtutor) did you mean --path-prefix?\n"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_help_pointer_names_the_deepest_known_command() {
        assert_eq!(
            help_pointer(&words("iam create-user --username x")),
            "`aws iam create-user help` lists its options"
        );
        assert_eq!(
            help_pointer(&words("iam crate-user")),
            "`aws iam help` lists its operations"
        );
        assert_eq!(
            help_pointer(&words("s4 ls")),
            "`aws help` lists the services"
        );
    }
}
