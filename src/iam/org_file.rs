//! Organization files: a whole organization as RON text, and back.
//!
//! Teachers and course authors write organizations by hand (lab start states,
//! demo companies), and the sandbox saves what a learner built. Both use this
//! one format, described for authors in `docs/org-format.md`. Policies are
//! AWS's JSON, verbatim, inside RON raw strings, so a policy reads exactly as
//! it would in the AWS console.
//!
//! Reading happens in two passes. The first is serde over RON: it catches
//! syntax errors, unknown fields and wrong types, with ron's own position.
//! Every field that a later check may need to point at (names, references,
//! dates, policy documents) is captured in that pass as a `&RawValue`: a slice
//! of the source text, so its byte offset in the file is known exactly. The
//! second pass builds the model and checks what serde cannot (AWS's name
//! rules, references, quotas, policy grammar), collecting every problem it
//! finds instead of stopping at the first.
//!
//! No file-system access here: the caller reads the file and passes the text.
//!
//! The parts: `file` (the records serde reads), `position` (offsets, lines
//! and columns, ron's errors), `dates`, `read` (the loader and the checks all
//! entities share), `read_accounts`, `read_services`, `read_organization`,
//! `federation` and `usage` (each a part of the organization, read), and
//! `write` (the other direction).

use std::fmt;

use super::model::Org;

/// One problem in an organization file, at a 1-based line and column (the
/// column counts characters, as ron's do). Displays as `line:col: message`;
/// the caller puts the file name in front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFileError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for OrgFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for OrgFileError {}

// ---------------------------------------------------------------------------
// AWS's limits that a file is checked against.

const GROUPS_PER_USER: usize = 10;
const MANAGED_PER_ENTITY: usize = 10;
const ACCESS_KEYS_PER_USER: usize = 2;
const VERSIONS_PER_POLICY: usize = 5;
const MFA_DEVICES_PER_USER: usize = 8;
const TAGS_PER_ENTITY: usize = 50;
const MANAGED_POLICY_SIZE: usize = 6144;
const TRUST_POLICY_SIZE: usize = 2048;
const INLINE_SIZE_USER: usize = 2048;
const INLINE_SIZE_GROUP: usize = 5120;
const INLINE_SIZE_ROLE: usize = 10240;
const DEFAULT_SESSION: u32 = 3600;
const MAX_SESSION: u32 = 43_200;
const DEFAULT_REGION: &str = "us-east-1";

// What the services' records default to when the file does not say: the
// reader fills these in, and the writer leaves them out.

/// What a hand-written instance launches from: the AMI id AWS's
/// documentation uses in its examples.
const DEFAULT_IMAGE: &str = "ami-0abcdef1234567890";
const DEFAULT_INSTANCE_TYPE: &str = "t3.micro";
const DEFAULT_RUNTIME: &str = "python3.12";
const DEFAULT_HANDLER: &str = "lambda_function.lambda_handler";
const DEFAULT_TIMEOUT: u32 = 3;
const DEFAULT_MEMORY: u32 = 128;
/// SHA-256 of an empty deployment package, as Lambda prints it.
const EMPTY_SHA256: &str = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
const DEFAULT_CAPACITY: u64 = 5;

mod dates;
mod federation;
mod file;
mod position;
mod read;
mod read_accounts;
mod read_organization;
mod read_services;
mod usage;
mod write;

use file::OrgFile;
use position::{ron_error, ron_options};
use read::Loader;

pub use dates::parse_iso8601;
pub use federation::{SSO_ROLE_PATH, sso_provider_name, sso_role_arn, sso_role_name};
pub use file::CliProfile;
pub use write::{to_ron, to_ron_with_profiles};

/// The CLI profiles an organization file keeps (none when it does not
/// read: [`from_ron`] says why).
pub fn cli_profiles(text: &str) -> Vec<CliProfile> {
    ron_options()
        .from_str::<OrgFile<'_>>(text)
        .map(|f| f.profiles)
        .unwrap_or_default()
}

/// Reads an organization file. On failure, every problem found, in file
/// order; a syntax or type error stops reading, so it comes alone.
pub fn from_ron(text: &str) -> Result<Org, Vec<OrgFileError>> {
    let file: OrgFile<'_> = ron_options()
        .from_str(text)
        .map_err(|e| vec![ron_error(text, &e)])?;
    let mut loader = Loader::new(text);
    loader.load(&file);
    if loader.errors.is_empty() {
        Ok(loader.org)
    } else {
        let mut errors = loader.errors;
        errors.sort_by_key(|e| (e.line, e.col));
        Err(errors)
    }
}
