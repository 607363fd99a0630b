//! A small JSON reader that remembers where every value started.
//!
//! serde_json reports the position of syntax errors, but once a document is a
//! `serde_json::Value` the positions are gone. Policy documents need positions
//! for semantic errors too ("`Efect` is not a policy element, line 4 column 7"),
//! so policies are read with this parser instead.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.col)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    /// Numbers keep their source text: conditions compare them as strings or
    /// as numbers depending on the operator.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in document order; duplicates are kept so callers can reject them.
    Object(Vec<(Key, Json)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub pos: Pos,
    /// Just past the value's last character.
    pub end: Pos,
    pub kind: JsonKind,
}

impl Json {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// Converts to serde_json's value (positions are dropped).
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            JsonKind::Null => Value::Null,
            JsonKind::Bool(b) => Value::Bool(*b),
            JsonKind::Number(n) => serde_json::from_str(n).unwrap_or(Value::String(n.clone())),
            JsonKind::String(s) => Value::String(s.clone()),
            JsonKind::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            JsonKind::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.pos)
    }
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut p = Parser {
        text,
        i: 0,
        line: 1,
        col: 1,
    };
    p.skip_ws();
    if p.peek().is_none() {
        return Err(p.error("the document is empty"));
    }
    let value = p.value(0)?;
    p.skip_ws();
    if p.peek().is_some() {
        return Err(p.error("unexpected text after the end of the document"));
    }
    Ok(value)
}

/// Walks the text by bytes; columns count characters, so UTF-8 continuation
/// bytes do not advance the column.
struct Parser<'a> {
    text: &'a str,
    i: usize,
    line: u32,
    col: u32,
}

impl Parser<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            pos: self.pos(),
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        let b = *self.text.as_bytes().get(self.i)?;
        if b.is_ascii() {
            Some(b as char)
        } else {
            self.text[self.i..].chars().next()
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn expect(&mut self, want: char, what: &str) -> Result<(), JsonError> {
        match self.peek() {
            Some(c) if c == want => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(format!("expected {what}, found `{c}`"))),
            None => Err(self.error(format!("expected {what}, found the end of the document"))),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("the document is nested too deeply"));
        }
        let pos = self.pos();
        let kind = match self.peek() {
            None => return Err(self.error("expected a value, found the end of the document")),
            Some('{') => self.object(depth)?,
            Some('[') => self.array(depth)?,
            Some('"') => JsonKind::String(self.string()?),
            Some('t') => self.word("true", JsonKind::Bool(true))?,
            Some('f') => self.word("false", JsonKind::Bool(false))?,
            Some('n') => self.word("null", JsonKind::Null)?,
            Some(c) if c == '-' || c.is_ascii_digit() => JsonKind::Number(self.number()?),
            Some('\'') => {
                return Err(self.error("strings must use double quotes (\"), not single quotes"));
            }
            Some(c) => return Err(self.error(format!("expected a value, found `{c}`"))),
        };
        Ok(Json {
            pos,
            end: self.pos(),
            kind,
        })
    }

    fn word(&mut self, word: &str, kind: JsonKind) -> Result<JsonKind, JsonError> {
        let start = self.pos();
        for want in word.chars() {
            if self.peek() != Some(want) {
                return Err(JsonError {
                    pos: start,
                    message: "expected a value (strings need double quotes)".into(),
                });
            }
            self.bump();
        }
        Ok(kind)
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.pos();
        let mut s = String::new();
        if self.peek() == Some('-') {
            s.push('-');
            self.bump();
        }
        let digits = |p: &mut Self, s: &mut String| {
            let mut n = 0;
            while let Some(c) = p.peek().filter(char::is_ascii_digit) {
                s.push(c);
                p.bump();
                n += 1;
            }
            n
        };
        if digits(self, &mut s) == 0 {
            return Err(JsonError {
                pos: start,
                message: "malformed number".into(),
            });
        }
        if self.peek() == Some('.') {
            s.push('.');
            self.bump();
            if digits(self, &mut s) == 0 {
                return Err(self.error("malformed number: digits must follow the decimal point"));
            }
        }
        if let Some(e @ ('e' | 'E')) = self.peek() {
            s.push(e);
            self.bump();
            if let Some(sign @ ('+' | '-')) = self.peek() {
                s.push(sign);
                self.bump();
            }
            if digits(self, &mut s) == 0 {
                return Err(self.error("malformed number: digits must follow the exponent"));
            }
        }
        Ok(s)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        let start = self.pos();
        self.bump(); // opening quote
        let mut s = String::new();
        loop {
            match self.peek() {
                // A raw line break inside a string is almost always a closing
                // quote forgotten at the end of the line: say that, pointing
                // where the quote belongs, rather than blaming the line break.
                None | Some('\n' | '\r') => return Err(self.unclosed_string(start)),
                Some('"') => {
                    self.bump();
                    return Ok(s);
                }
                Some('\\') => {
                    self.bump();
                    let esc = self.peek();
                    match esc {
                        Some('"') => s.push('"'),
                        Some('\\') => s.push('\\'),
                        Some('/') => s.push('/'),
                        Some('b') => s.push('\u{8}'),
                        Some('f') => s.push('\u{c}'),
                        Some('n') => s.push('\n'),
                        Some('r') => s.push('\r'),
                        Some('t') => s.push('\t'),
                        Some('u') => {
                            self.bump();
                            let c = self.unicode_escape()?;
                            s.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape sequence in a string")),
                    }
                    self.bump();
                }
                Some(c) if (c as u32) < 0x20 => {
                    return Err(self.error("control characters must be escaped inside a string"));
                }
                Some(_) => {
                    // Copy the run up to the next quote, escape or control
                    // character in one go.
                    let rest = &self.text[self.i..];
                    let end = rest
                        .find(|c: char| c == '"' || c == '\\' || (c as u32) < 0x20)
                        .unwrap_or(rest.len());
                    let run = &rest[..end];
                    s.push_str(run);
                    self.i += end;
                    self.col += run.chars().count() as u32;
                }
            }
        }
    }

    fn unclosed_string(&self, start: Pos) -> JsonError {
        self.error(format!(
            "this string, opened at line {} column {}, is never closed: expected `\"` before the end of the {}",
            start.line,
            start.col,
            if self.peek().is_some() { "line" } else { "document" }
        ))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error("a \\u escape needs four hex digits"))?;
            v = v * 16 + d;
            self.bump();
        }
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.text[self.i..].starts_with("\\u") {
                self.bump();
                self.bump();
                let lo = self.hex4()?;
                if (0xDC00..0xE000).contains(&lo) {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c).ok_or_else(|| self.error("invalid \\u escape"));
                }
            }
            return Err(self.error("unpaired surrogate in a \\u escape"));
        }
        char::from_u32(hi).ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn array(&mut self, depth: usize) -> Result<JsonKind, JsonError> {
        self.bump();
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(JsonKind::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                    self.skip_ws();
                    if self.peek() == Some(']') {
                        return Err(self.error("a trailing comma is not allowed in JSON"));
                    }
                }
                Some(']') => {
                    self.bump();
                    return Ok(JsonKind::Array(items));
                }
                Some(c) => return Err(self.error(format!("expected `,` or `]`, found `{c}`"))),
                None => return Err(self.error("this array is never closed: expected `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonKind, JsonError> {
        self.bump();
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(JsonKind::Object(members));
        }
        loop {
            self.skip_ws();
            let pos = self.pos();
            match self.peek() {
                Some('"') => {}
                Some('}') => return Err(self.error("a trailing comma is not allowed in JSON")),
                Some(c) => {
                    return Err(self.error(format!(
                        "expected a member name in double quotes, found `{c}`"
                    )));
                }
                None => return Err(self.error("this object is never closed: expected `}`")),
            }
            let name = self.string()?;
            self.skip_ws();
            self.expect(':', "`:` after the member name")?;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push((Key { name, pos }, value));
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(JsonKind::Object(members));
                }
                Some(c) => return Err(self.error(format!("expected `,` or `}}`, found `{c}`"))),
                None => return Err(self.error("this object is never closed: expected `}`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let doc = parse("{\n  \"a\": [1, \"é\", true],\n  \"b\": null\n}").unwrap();
        let JsonKind::Object(members) = &doc.kind else {
            panic!("not an object")
        };
        assert_eq!(members[0].0.pos, Pos { line: 2, col: 3 });
        assert_eq!(members[1].1.pos, Pos { line: 3, col: 8 });
        let JsonKind::Array(items) = &members[0].1.kind else {
            panic!("not an array")
        };
        assert_eq!(items[2].pos, Pos { line: 2, col: 17 });
    }

    #[test]
    fn errors_point_at_the_problem() {
        let err = parse("{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(err.pos, Pos { line: 3, col: 1 });
        assert!(err.message.contains("trailing comma"));

        let err = parse("{\"a\": 'x'}").unwrap_err();
        assert_eq!(err.pos, Pos { line: 1, col: 7 });
        assert!(err.message.contains("double quotes"));

        let err = parse("{\"a\": \"open").unwrap_err();
        assert_eq!(err.pos, Pos { line: 1, col: 12 });
        assert!(
            err.message
                .starts_with("this string, opened at line 1 column 7, is never closed"),
            "{}",
            err.message
        );

        // A quote forgotten at the end of a line is an unclosed string, not a
        // control character: the error names where the string opened.
        let err = parse("{\n  \"Action\": \"s3:GetObject,\n  \"Resource\": \"*\"\n}").unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, col: 27 });
        assert!(
            err.message
                .starts_with("this string, opened at line 2 column 13, is never closed"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("control"), "{}", err.message);

        // Other control characters are still named as such.
        let err = parse("[\"a\tb\"]").unwrap_err();
        assert!(
            err.message.contains("control characters"),
            "{}",
            err.message
        );

        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(parse("{} x").unwrap_err().message.contains("after the end"));
        assert!(
            parse("[1,]")
                .unwrap_err()
                .message
                .contains("trailing comma")
        );
    }

    #[test]
    fn escapes_and_numbers_round_trip_through_serde_json() {
        let text = r#"{"s":"a\"b\\c\u00e9\ud83d\ude00","n":-1.5e3,"x":[true,false,null]}"#;
        let ours = parse(text).unwrap().to_value();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = "[".repeat(10_000);
        assert!(
            parse(&text)
                .unwrap_err()
                .message
                .contains("nested too deeply")
        );
    }
}
