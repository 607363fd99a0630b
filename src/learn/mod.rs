//! Learning logic: quiz, lab and interview sessions, generated drills,
//! spaced review, the learner's progress and what is drawn from it (the
//! dashboard, a teacher's class report). Pure: seeds, dates and
//! organizations come in; no clock, no entropy (the drill's random numbers
//! come from a seed it is given).

pub mod class;
pub mod dashboard;
pub mod drill;
pub mod interview;
pub mod inventory;
pub mod lab;
pub mod progress;
pub mod quiz;
pub mod review;
