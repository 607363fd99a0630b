//! STUB (not committed)
use super::eval::Decision;
use super::model::{Caller, Org};
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Column { pub action: String, pub resource: String }
impl Column { pub fn label(&self) -> String { format!("{} {}", self.action, self.resource) } }
#[derive(Debug, Clone, PartialEq)]
pub struct Grid { pub principals: Vec<String>, pub callers: Vec<Caller>, pub columns: Vec<Column>, pub cells: Vec<Decision> }
impl Grid { pub fn get(&self, p: usize, c: usize) -> Decision { self.cells[p * self.columns.len() + c] } }
pub fn default_columns(_org: &Org) -> Vec<Column> { Vec::new() }
pub fn compute(_org: &Org, columns: &[Column]) -> Grid { Grid { principals: vec![], callers: vec![], columns: columns.to_vec(), cells: vec![] } }
pub fn to_text(_g: &Grid) -> String { String::new() }
pub fn parse_columns(_s: &[String], _o: &Org) -> Result<Vec<Column>, String> { Ok(vec![]) }
