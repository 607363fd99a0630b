//! STUB (not committed)
use super::eval::Decision;
use super::grid::Column;
use super::model::Org;
#[derive(Debug, Clone, PartialEq)]
pub struct Change { pub principal: String, pub column: Column, pub before: Decision, pub after: Decision }
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccessDiff { pub gained: Vec<Change>, pub lost: Vec<Change> }
impl AccessDiff { pub fn is_empty(&self) -> bool { true } pub fn summary(&self) -> Vec<String> { vec![] } pub fn to_text(&self) -> String { String::new() } }
pub fn diff_orgs(_b: &Org, _a: &Org) -> AccessDiff { AccessDiff::default() }
