//! The IAM engine: the model of an organization, the policy language, the
//! evaluator and the IAM / STS operations. Pure: no I/O, no clock, no randomness.

pub mod catalog;
pub mod context;
pub mod json;
pub mod managed;
pub mod pattern;
