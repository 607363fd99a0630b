//! Learning logic: quiz sessions and lab sessions. Pure: seeds and
//! organizations come in, no clock, no randomness of its own.

pub mod lab;
pub mod quiz;
