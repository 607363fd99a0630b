//! The sandbox's side of the AWS services beyond IAM and STS: the engines
//! themselves live in [`crate::iam::services`] (their state is the
//! organization's), and are re-exported here for the shell's callers. What
//! stays here is the CLI's own: `aws s3`'s high-level commands, which parse
//! their arguments and move workspace files before making S3 calls.

mod s3_command;

pub use crate::iam::services::*;
pub use s3_command::{
    S3CommandError, S3Outcome, SIMULATED as S3_SUBCOMMANDS, s3_command, s3_command_held,
    s3_command_in,
};

/// What the AWS CLI says when it finds no credentials anywhere it looks, as
/// on an instance without an instance profile.
pub const NO_CREDENTIALS: &str =
    "Unable to locate credentials. You can configure credentials by running \"aws configure\".";
