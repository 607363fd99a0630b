//! The CLI's error texts and exit codes, as AWS CLI v2 (2.34 and later, with
//! its default "enhanced" error format) writes them to stderr: a blank line,
//! then `aws: [ERROR]: ` and the message.

/// Parse and validation errors (`awscli/constants.py`).
pub const PARAM_VALIDATION_RC: i32 = 252;
/// Configuration errors: unknown profile, bad config file.
pub const CONFIGURATION_RC: i32 = 253;
/// The service answered with an error.
pub const CLIENT_ERROR_RC: i32 = 254;
/// Anything else the CLI raised (a `ValueError` from `int()`, say).
pub const GENERAL_ERROR_RC: i32 = 255;

/// The usage block argparse prints after a parse error.
pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\
\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    /// The whole text for stderr, newlines included.
    pub message: String,
    /// The process exit code the real CLI returns.
    pub code: i32,
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// `write_error`: the message is stripped and framed by newlines.
fn framed(message: &str) -> String {
    format!("\naws: [ERROR]: {}\n", message.trim())
}

impl CliError {
    /// A ParamValidation error without the usage block: `Unknown options`,
    /// `Error parsing parameter ...`, botocore's `Parameter validation
    /// failed`.
    pub fn param(message: impl AsRef<str>) -> CliError {
        CliError {
            message: framed(&format!(
                "An error occurred (ParamValidation): {}",
                message.as_ref()
            )),
            code: PARAM_VALIDATION_RC,
        }
    }

    /// An argparse error: the message, then the usage block.
    pub fn usage(message: impl AsRef<str>) -> CliError {
        CliError {
            message: framed(&format!(
                "An error occurred (ParamValidation): {}\n\n{USAGE}",
                message.as_ref()
            )),
            code: PARAM_VALIDATION_RC,
        }
    }

    /// `aws` with nothing after it: the CLI reports this one without the
    /// `An error occurred (ParamValidation)` wrapper.
    pub fn bare_usage(message: impl AsRef<str>) -> CliError {
        CliError {
            message: framed(&format!("{}\n\n{USAGE}", message.as_ref())),
            code: PARAM_VALIDATION_RC,
        }
    }

    /// An uncaught Python exception in the CLI, reported as its text.
    pub fn general(message: impl AsRef<str>) -> CliError {
        CliError {
            message: framed(message.as_ref()),
            code: GENERAL_ERROR_RC,
        }
    }

    /// `Error parsing parameter '--x': ...`.
    pub fn parameter(cli_name: &str, message: impl AsRef<str>) -> CliError {
        CliError::param(format!(
            "Error parsing parameter '{cli_name}': {}",
            message.as_ref()
        ))
    }

    /// A message of iamtutor's own, where the real CLI would have gone on
    /// (to a service the sandbox does not simulate): one line, not framed
    /// as the CLI's.
    pub fn ours(message: impl AsRef<str>, code: i32) -> CliError {
        CliError {
            message: format!("{}\n", message.as_ref().trim_end()),
            code,
        }
    }

    /// Adds a line of our own after the CLI's text (a spelling hint), set
    /// apart so a learner can tell it from what AWS prints.
    pub fn with_hint(mut self, hint: impl AsRef<str>) -> CliError {
        self.message
            .push_str(&format!("(iamtutor) {}\n", hint.as_ref()));
        self
    }
}

/// An error's text with the usage block cut down to one line of ours,
/// `help` (which command's help to read), for panes too narrow for the
/// CLI's seven lines after every slip. Text without the block is returned
/// as it is.
pub fn brief_usage(text: &str, help: &str) -> String {
    let block = USAGE.trim_end();
    let Some(at) = text.find(block) else {
        return text.to_string();
    };
    let before = text[..at].trim_end_matches('\n');
    let after = text[at + block.len()..].trim_start_matches('\n');
    format!("{before}\n(iamtutor) {help}\n{after}")
}

/// A service's error as the CLI reports it:
/// `An error occurred (NoSuchEntity) when calling the GetUser operation: ...`,
/// followed, as the enhanced format does, by any further fields of the
/// error (`Type: Sender` for the query-protocol services such as IAM).
pub fn service_error(
    code: &str,
    message: &str,
    operation: &str,
    details: &[(&str, &str)],
) -> CliError {
    let mut text = framed(&format!(
        "An error occurred ({code}) when calling the {operation} operation: {message}"
    ));
    if !details.is_empty() {
        text.push_str("\nAdditional error details:\n");
        for (key, value) in details {
            text.push_str(&format!("{key}: {value}\n"));
        }
    }
    CliError {
        message: text,
        code: CLIENT_ERROR_RC,
    }
}

/// Python's `repr()` of a string, which the CLI uses to quote what it
/// rejects: single quotes unless the text holds one and no double quote.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usage_block_becomes_one_line_and_hints_stay() {
        let e = CliError::usage("the following arguments are required: --user-name")
            .with_hint("did you mean --user-name?");
        assert!(e.message.contains("  aws <command> <subcommand> help\n"));
        let short = brief_usage(&e.message, "`aws iam create-user help` lists its options");
        assert_eq!(
            short,
            "\naws: [ERROR]: An error occurred (ParamValidation): the following arguments are required: --user-name\n\
             (iamtutor) `aws iam create-user help` lists its options\n\
             (iamtutor) did you mean --user-name?\n"
        );
        let service = service_error("NoSuchEntity", "gone", "GetUser", &[]);
        assert_eq!(brief_usage(&service.message, "x"), service.message);
    }
}
