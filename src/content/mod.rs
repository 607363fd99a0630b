//! The course: lesson, quiz and lab files, their loading and checking.
//! Pure: files come in as text; the binary reads them.

pub mod cases;
pub mod check;
pub mod check_interview;
pub mod course;
pub mod embedded;
pub mod goal_report;
pub mod goals;
pub mod lint;
pub mod load;
pub mod revisit;
pub mod schema;
pub mod stats;
pub mod whole_access;
pub mod words;
