//! STUB (not committed)
use super::model::Org;
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity { Low, Medium, High, Critical }
impl Severity { pub fn name(self) -> &'static str { "low" } }
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule { DirectPolicies }
impl Rule { pub fn id(self) -> &'static str { "direct-policies" } pub fn title(self) -> &'static str { "x" } pub fn parse(s: &str) -> Option<Rule> { (s == "direct-policies").then_some(Rule::DirectPolicies) } pub const ALL: &[Rule] = &[Rule::DirectPolicies]; }
#[derive(Debug, Clone, PartialEq)]
pub struct Finding { pub rule: Rule, pub severity: Severity, pub account: String, pub entities: Vec<String>, pub summary: String, pub why: String, pub fix: Vec<String> }
impl Finding { pub fn involves(&self, entity: &str) -> bool { self.entities.iter().any(|e| e.eq_ignore_ascii_case(entity)) } }
pub fn advise(_org: &Org) -> Vec<Finding> { Vec::new() }
pub fn to_text(_f: &[Finding]) -> String { String::new() }
