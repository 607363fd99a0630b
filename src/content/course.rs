//! A course ready to play: its lessons in order, the interview bank and the
//! organizations its lessons name. The embedded course is parsed only (the
//! test suite checks it in full); a course from a folder comes through the
//! checker, so an author sees every problem before the app opens.

use std::collections::BTreeMap;

use super::check::{self, Report};
use super::embedded;
use super::load::{self, ContentError};
use super::schema::{Card, Lab, Lesson};

#[derive(Debug, Clone, Default)]
pub struct Course {
    /// In the order of their numbers.
    pub lessons: Vec<Lesson>,
    pub interview: Vec<Card>,
    /// Organization files by name (`startup`), as text.
    orgs: BTreeMap<String, String>,
}

impl Course {
    /// The course compiled into the binary.
    pub fn embedded() -> Result<Course, Vec<ContentError>> {
        let mut lessons = Vec::new();
        let mut interview = Vec::new();
        let mut errors = Vec::new();
        for (name, text) in embedded::LESSONS {
            if *name == "interview.ron" {
                match load::interview(name, text) {
                    Ok(bank) => interview = bank.cards,
                    Err(e) => errors.push(e),
                }
            } else {
                match load::lesson(name, text) {
                    Ok(l) => lessons.push(l),
                    Err(e) => errors.push(e),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Course::assemble(lessons, interview, embedded::orgs()))
    }

    /// A course given as files (name, text) with its organizations, checked
    /// first: any problem is returned with the report's summary line last.
    pub fn checked(
        files: &[(String, String)],
        orgs: BTreeMap<String, String>,
    ) -> Result<Course, (Vec<ContentError>, String)> {
        let lookup = |name: &str| orgs.get(name).cloned();
        let report: Report = check::check(files, &lookup);
        if !report.errors.is_empty() {
            let summary = report.summary();
            return Err((report.errors, summary));
        }
        let interview = report.interview.map(|b| b.cards).unwrap_or_default();
        Ok(Course::assemble(report.lessons, interview, orgs))
    }

    fn assemble(
        mut lessons: Vec<Lesson>,
        interview: Vec<Card>,
        orgs: BTreeMap<String, String>,
    ) -> Course {
        lessons.sort_by_key(|l| l.number);
        Course {
            lessons,
            interview,
            orgs,
        }
    }

    /// Every organization file by name, as text.
    pub fn orgs(&self) -> &BTreeMap<String, String> {
        &self.orgs
    }

    /// An organization file's text by name.
    pub fn org(&self, name: &str) -> Option<String> {
        self.orgs.get(name).cloned()
    }

    /// The lesson holding lab `id`, and the lab.
    pub fn lab(&self, id: &str) -> Option<(usize, &Lab)> {
        self.lessons
            .iter()
            .enumerate()
            .find_map(|(i, l)| l.labs.iter().find(|lab| lab.id == id).map(|lab| (i, lab)))
    }

    /// Every lab, in course order, with its lesson's index.
    pub fn labs(&self) -> impl Iterator<Item = (usize, &Lab)> {
        self.lessons
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.labs.iter().map(move |lab| (i, lab)))
    }

    /// The lab after `id` in course order.
    pub fn next_lab(&self, id: &str) -> Option<&Lab> {
        let mut labs = self.labs().map(|(_, l)| l);
        labs.by_ref().find(|l| l.id == id)?;
        labs.next()
    }

    pub fn lesson_index(&self, id: &str) -> Option<usize> {
        self.lessons.iter().position(|l| l.id == id)
    }
}
