//! iamtutor: learn AWS IAM by doing.

pub mod content;
pub mod iam;
pub mod learn;
pub mod shell;
