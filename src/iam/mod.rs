//! The IAM engine: the model of an organization, the policy language, the
//! evaluator and the IAM / STS operations. Pure: no I/O, no clock, no randomness.

pub mod condition;
pub mod context;
pub mod json;
pub mod pattern;
pub mod variables;
