//! Every integration test in one binary: one link instead of one per file,
//! which is most of what a clean CI run spends on tests. Each file below
//! is still read alone; `cargo test --test it app_screens::` runs one.

#[path = "access_grid.rs"]
mod access_grid;
#[path = "advisor.rs"]
mod advisor;
#[path = "advisor_fixes.rs"]
mod advisor_fixes;
#[path = "app_journeys.rs"]
mod app_journeys;
#[path = "app_kit/mod.rs"]
mod app_kit;
#[path = "app_loop/mod.rs"]
mod app_loop;
#[path = "app_screens.rs"]
mod app_screens;
#[path = "architecture.rs"]
mod architecture;
#[path = "assets.rs"]
mod assets;
#[path = "aws_run_cli.rs"]
mod aws_run_cli;
#[path = "aws_state_profiles.rs"]
mod aws_state_profiles;
#[path = "class_report.rs"]
mod class_report;
#[path = "common/mod.rs"]
mod common;
#[path = "content.rs"]
mod content;
#[path = "content_fixtures.rs"]
mod content_fixtures;
#[path = "course_lint.rs"]
mod course_lint;
#[path = "decision_cube.rs"]
mod decision_cube;
#[path = "drill_cli.rs"]
mod drill_cli;
#[path = "drill_screens.rs"]
mod drill_screens;
#[path = "engine_smoke.rs"]
mod engine_smoke;
#[path = "evaluation.rs"]
mod evaluation;
#[path = "export_fixture/mod.rs"]
mod export_fixture;
#[path = "federation.rs"]
mod federation;
#[path = "guardrails.rs"]
mod guardrails;
#[path = "hostile_cli.rs"]
mod hostile_cli;
#[path = "hostile_lib.rs"]
mod hostile_lib;
#[path = "hostile_properties.rs"]
mod hostile_properties;
#[path = "keeping.rs"]
mod keeping;
#[path = "lab_shortcuts.rs"]
mod lab_shortcuts;
#[path = "lab_shortcuts_13.rs"]
mod lab_shortcuts_13;
#[path = "lab_shortcuts_14.rs"]
mod lab_shortcuts_14;
#[path = "lab_shortcuts_b.rs"]
mod lab_shortcuts_b;
#[path = "last_accessed.rs"]
mod last_accessed;
#[path = "learn.rs"]
mod learn;
#[path = "one_answer.rs"]
mod one_answer;
#[path = "ops_groups_credentials.rs"]
mod ops_groups_credentials;
#[path = "ops_roles_policies.rs"]
mod ops_roles_policies;
#[path = "org_file.rs"]
mod org_file;
#[path = "paths.rs"]
mod paths;
#[path = "policy_grammar.rs"]
mod policy_grammar;
#[path = "present.rs"]
mod present;
#[path = "properties.rs"]
mod properties;
#[path = "reference/mod.rs"]
mod reference;
#[path = "scratch/mod.rs"]
mod scratch;
#[path = "shell_cli.rs"]
mod shell_cli;
#[path = "shell_core.rs"]
mod shell_core;
#[path = "shell_export.rs"]
mod shell_export;
#[path = "shell_properties.rs"]
mod shell_properties;
#[path = "shell_scripts.rs"]
mod shell_scripts;
#[path = "shell_services.rs"]
mod shell_services;
#[path = "simulate_cli.rs"]
mod simulate_cli;
#[path = "simulate_fidelity.rs"]
mod simulate_fidelity;
#[path = "spot_and_checks.rs"]
mod spot_and_checks;
#[path = "store.rs"]
mod store;
#[path = "sts.rs"]
mod sts;
#[path = "transcripts.rs"]
mod transcripts;
