//! `iamtutor matrix`: who can do what in an organization file, as a table.
//!
//! The table has one row per column of the grid (an action on a resource)
//! and one narrow column per principal, numbered, with a key above. Grids
//! have many more columns than principals, and an action's label is long
//! while a mark is one character, so this way round fits an 80-column
//! terminal; principals that do not fit go on to a second block.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use iamtutor::iam::access_grid::{self, Grid};

use super::common::{self, BAD_INPUT};
use super::out;

#[derive(Debug, Clone, clap::Args)]
pub struct MatrixArgs {
    /// An organization file (see docs/org-format.md).
    #[arg(long, value_name = "FILE")]
    pub org: PathBuf,
    /// Only these actions, comma-separated: s3:GetObject (on the resources
    /// that fit it) or s3:GetObject=arn:aws:s3:::my-bucket/* (on that one).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub actions: Vec<String>,
    /// Only these principals, comma-separated: john, role/AppRole, or ARNs.
    #[arg(long, value_name = "P,Q,...", value_delimiter = ',')]
    pub principals: Vec<String>,
    /// Print JSON: principals, columns and the decisions, a row per principal.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &MatrixArgs) -> ExitCode {
    let org = match common::load_org(&args.org, BAD_INPUT) {
        Ok(org) => org,
        Err(code) => return code,
    };
    let columns = if args.actions.is_empty() {
        access_grid::default_columns(&org)
    } else {
        match access_grid::parse_columns(&args.actions, &org) {
            Ok(c) => c,
            Err(e) => {
                errln!("iamtutor: {e}");
                return ExitCode::from(BAD_INPUT);
            }
        }
    };
    let grid = if args.principals.is_empty() {
        access_grid::compute(&org, &columns)
    } else {
        let home = access_grid::home_account(&org).to_string();
        let mut callers = Vec::new();
        for spec in args.principals.iter().filter(|s| !s.trim().is_empty()) {
            match org.resolve_principal(spec.trim(), &home) {
                Ok(c) => callers.push(c),
                Err(e) => {
                    errln!("iamtutor: {e}");
                    return ExitCode::from(BAD_INPUT);
                }
            }
        }
        access_grid::compute_for(&org, &callers, &columns)
    };
    let text = if args.json {
        format!("{:#}\n", to_json(&grid))
    } else {
        access_grid::to_text(&grid)
    };
    out::emit(&text);
    ExitCode::SUCCESS
}

fn to_json(grid: &Grid) -> Value {
    let columns: Vec<Value> = grid
        .columns
        .iter()
        .map(|c| json!({"action": c.action, "resource": c.resource}))
        .collect();
    let cells: Vec<Vec<&str>> = (0..grid.principals.len())
        .map(|p| {
            (0..grid.columns.len())
                .map(|c| grid.get(p, c).aws_name())
                .collect()
        })
        .collect();
    json!({"principals": grid.principals, "columns": columns, "cells": cells})
}
