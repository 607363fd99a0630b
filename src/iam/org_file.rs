//! Placeholder until the orgfile branch lands.
use std::fmt;

use super::model::Org;

#[derive(Debug, Clone)]
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

pub fn from_ron(_text: &str) -> Result<Org, Vec<OrgFileError>> {
    Err(vec![OrgFileError {
        line: 1,
        col: 1,
        message: "organization files are not supported yet".into(),
    }])
}
