//! iamtutor: learn AWS IAM by doing.

pub mod app;
pub mod content;
pub mod iam;
pub mod learn;
pub mod shell;
pub mod store;
pub mod tui;
pub mod ui;
