//! iamtutor: learn AWS IAM by doing.

pub mod iam;
pub mod shell;
