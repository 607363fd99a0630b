//! Reading course files: RON text in, lessons out, with `file:line:col`
//! errors that show the offending line. One broken file never stops the
//! others from loading.

use std::fmt;

use serde::de::DeserializeOwned;

use super::schema::{InterviewBank, Lesson};

/// A problem in a course file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The text of the line, to show under the message.
    pub source_line: Option<String>,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )?;
        if let Some(l) = &self.source_line {
            let (shown, at) = around(l, self.col);
            let caret = " ".repeat(at);
            write!(f, "\n  | {shown}\n  | {caret}^")?;
        }
        Ok(())
    }
}

/// The characters of a line shown under an error, at most.
const SHOWN: usize = 100;

/// The part of `line` around column `col` (1-based, in characters) that an
/// error shows, with `…` where it is cut, and where the column is in it: a
/// crafted file's line of a megabyte is not printed whole.
fn around(line: &str, col: usize) -> (String, usize) {
    let at = col.saturating_sub(1);
    let count = line.chars().count();
    if count <= SHOWN {
        return (line.to_string(), at);
    }
    let at = at.min(count);
    let start = at.saturating_sub(SHOWN / 2).min(count - SHOWN);
    let mut shown: String = line.chars().skip(start).take(SHOWN).collect();
    let mut caret = at - start;
    if start > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if start + SHOWN < count {
        shown.push('…');
    }
    (shown, caret)
}

impl ContentError {
    pub fn at(file: &str, text: &str, line: usize, col: usize, message: impl Into<String>) -> Self {
        ContentError {
            file: file.to_string(),
            line,
            col,
            message: message.into(),
            source_line: text.lines().nth(line.saturating_sub(1)).map(str::to_string),
        }
    }
}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses one RON file into `T`, reporting ron's position.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ContentError> {
    options().from_str(text).map_err(|e| {
        let start = e.span.start;
        ContentError::at(
            file,
            text,
            start.line,
            start.col,
            lower_first(&e.code.to_string()),
        )
    })
}

pub fn lesson(file: &str, text: &str) -> Result<Lesson, ContentError> {
    parse(file, text)
}

pub fn interview(file: &str, text: &str) -> Result<InterviewBank, ContentError> {
    parse(file, text)
}

/// Error messages start in lower case, as the project's style says.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Finds where `needle` (such as `id: "users-03"`) first appears in `text`,
/// as a 1-based line and column, for errors found after parsing.
pub fn locate(text: &str, needle: &str) -> (usize, usize) {
    match text.find(needle) {
        Some(i) => {
            let before = &text[..i];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (line, col)
        }
        None => (1, 1),
    }
}
