//! iamtutor: learn AWS IAM by doing.

pub mod iam;
