//! STUB (not committed)
use super::model::{Caller, Org};
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    AssumeRole,
}
impl Kind {
    pub fn id(self) -> &'static str {
        "assume-role"
    }
    pub fn title(self) -> &'static str {
        "x"
    }
}
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub from: String,
    pub kind: Kind,
    pub actions: Vec<String>,
    pub target: String,
    pub explain: String,
}
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub steps: Vec<Step>,
    pub reaches: String,
    pub gains: Vec<String>,
    pub admin: bool,
}
pub fn paths_from(_org: &Org, _from: &Caller) -> Vec<Path> {
    Vec::new()
}
pub fn all_paths(_org: &Org) -> Vec<(String, Vec<Path>)> {
    Vec::new()
}
pub fn to_text(_n: &str, _p: &[Path]) -> String {
    String::new()
}
pub fn all_to_text(_p: &[(String, Vec<Path>)]) -> String {
    String::new()
}
