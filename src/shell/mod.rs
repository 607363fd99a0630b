//! The sandbox: an offline AWS CLI for IAM and STS, plus the service calls
//! the course needs, over an in-memory organization. Pure like the engine:
//! no terminal, no files, no clock. Reading and writing real files is asked
//! of the host through `Effect`s.

pub mod lexer;
pub mod services;
