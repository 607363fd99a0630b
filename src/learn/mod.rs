//! Learning logic: quiz sessions, lab sessions and the learner's progress.
//! Pure: seeds and organizations come in, no clock, no randomness of its
//! own.

pub mod class;
pub mod dashboard;
pub mod drill;
pub mod interview;
pub mod inventory;
pub mod lab;
pub mod progress;
pub mod quiz;
pub mod review;
