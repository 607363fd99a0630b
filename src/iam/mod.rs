//! The engine: the model of an organization, the policy language, the
//! evaluator, every AWS API the sandbox answers (IAM, STS and AWS
//! Organizations in `ops/`; S3, EC2, Lambda, DynamoDB and the read-only
//! services in `services/`), the analyses built on its decisions (simulator,
//! access grid, access diff, escalation paths, advisor) and the organization
//! file format. Pure: no I/O, no clock, no randomness.

pub mod access;
pub mod access_diff;
pub mod access_grid;
pub mod advisor;
pub mod aws_managed;
pub mod b64;
pub mod call;
pub mod call_request;
pub mod catalog;
pub mod condition;
pub mod context;
pub mod decision_cube;
pub mod error;
pub mod eval;
pub mod eval_outside;
pub mod explain;
pub mod federation;
pub mod guard;
pub mod ids;
pub mod json;
pub mod model;
pub mod ops;
pub mod org_file;
pub mod org_policy;
pub mod paths;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod services;
pub mod simulate;
pub mod synthetic;
pub mod time;
pub mod tokens;
pub mod usage;
pub mod variables;
