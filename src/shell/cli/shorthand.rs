//! The CLI's shorthand syntax, `Key=team,Value=blue`, ported from
//! `awscli/shorthand.py`: the same grammar, the same backtracking on
//! `a=b,c=d`, and the same error texts with their caret under the spot.
//! [`coerce`] then applies the model the way its `BackCompatVisitor` does.

use serde_json::{Map, Value};

use super::model::{Kind, Service, Shape};

#[derive(Debug, PartialEq)]
pub enum Error {
    /// A `ShorthandParseError`: reported as `Error parsing parameter`.
    Syntax(String),
    /// A value the model could not convert (`int('x')`): the CLI lets the
    /// Python exception escape, so it is reported as a general error.
    Value(String),
}

/// Reads `@=` values through the workspace: `key@=file://x`.
pub type Files<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn parse(input: &str, files: Files<'_>) -> Result<Value, Error> {
    let mut p = Parser {
        s: input.chars().collect(),
        i: 0,
        paramfile: false,
        files,
        depth: 0,
    };
    p.parameter().map(Value::Object)
}

struct Parser<'a> {
    s: Vec<char>,
    i: usize,
    /// Set by `@=`: the value may name a file to read.
    paramfile: bool,
    files: Files<'a>,
    /// Lists and hashes open around the current value.
    depth: usize,
}

/// How deep `[...]` and `{...}` may nest: Python's parser would stop at its
/// recursion limit; stopping before keeps far from the end of the stack.
const MAX_DEPTH: usize = 500;

/// `_START_WORD`: what may begin an unquoted value.
fn start_word(c: char) -> bool {
    matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z' | '|'..='\u{ffff}')
}

/// `_FIRST_FOLLOW_CHARS`: what may continue the first value of a list.
fn first_follow(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|' | '~'..='\u{ffff}')
}

/// `_SECOND_FOLLOW_CHARS`: what may continue a later value of a list.
fn second_follow(c: char) -> bool {
    c.is_whitespace() || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='\u{ffff}')
}

fn py_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}' | '\u{c}')
}

impl Parser<'_> {
    fn current(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn at_eof(&self) -> bool {
        self.i >= self.s.len()
    }

    fn location(&self, index: usize) -> String {
        let value: String = self.s.iter().collect();
        let before: String = self.s[..index.min(self.s.len())].iter().collect();
        let mut spaces = index;
        if let Some(nl) = before.rfind('\n') {
            spaces = index - before[..nl].chars().count() - 1;
        }
        let (mut consumed, mut remaining) = (value.clone(), String::new());
        if let Some(offset) = self.s[index.min(self.s.len())..]
            .iter()
            .position(|&c| c == '\n')
        {
            let next = index + offset;
            consumed = self.s[..next].iter().collect();
            remaining = self.s[next..].iter().collect();
        }
        format!("{consumed}\n{}^{remaining}", " ".repeat(spaces))
    }

    fn syntax(&self, expected: &str, actual: &str) -> Error {
        Error::Syntax(format!(
            "Expected: '{expected}', received: '{actual}' for input:\n{}",
            self.location(self.i)
        ))
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(py_whitespace) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: char, whitespace: bool) -> Result<(), Error> {
        if whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(self.syntax(&c.to_string(), "EOF")),
            Some(actual) if actual != c => {
                return Err(self.syntax(&c.to_string(), &actual.to_string()));
            }
            Some(_) => self.i += 1,
        }
        if whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    fn parameter(&mut self) -> Result<Map<String, Value>, Error> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last = self.i;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if params.contains_key(&key) {
                return Err(Error::Syntax(format!(
                    "Second instance of key \"{key}\" encountered for input:\n{}\n\
                     This is often because there is a preceding \",\" instead of a space.",
                    self.location(last + 1)
                )));
            }
            params.insert(key, value);
            last = self.i;
        }
        Ok(params)
    }

    fn keyval(&mut self) -> Result<(String, Value), Error> {
        let key = self.key();
        self.file_marker()?;
        self.expect('=', true)?;
        Ok((key, self.values()?))
    }

    /// An optional `@` before `=`; a failed look still eats the whitespace,
    /// as `_expect` does.
    fn file_marker(&mut self) -> Result<(), Error> {
        self.paramfile = false;
        self.consume_whitespace();
        if self.current() == Some('@') {
            self.i += 1;
            self.consume_whitespace();
            self.paramfile = true;
        }
        Ok(())
    }

    fn key(&mut self) -> String {
        let start = self.i;
        while self
            .current()
            .is_some_and(|c| c.is_ascii_alphanumeric() || "-_.#/:".contains(c))
        {
            self.i += 1;
        }
        self.s[start..self.i].iter().collect()
    }

    fn values(&mut self) -> Result<Value, Error> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<Value, Error> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.at_eof() || self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first.clone()];
        loop {
            let attempt = (|| -> Result<Option<Value>, Error> {
                let current = self.second_value()?;
                self.consume_whitespace();
                if self.at_eof() {
                    return Ok(Some(current));
                }
                self.expect(',', true)?;
                list.push(current);
                Ok(None)
            })();
            match attempt {
                Ok(Some(last)) => {
                    list.push(last);
                    break;
                }
                Ok(None) => {}
                Err(e @ Error::Syntax(_)) => {
                    if self.at_eof() {
                        return Err(e);
                    }
                    // `a=b,c=d`: what followed the comma was the next key.
                    while self.i > 0 && self.s.get(self.i) != Some(&',') {
                        self.i -= 1;
                    }
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if list.len() == 1 {
            return Ok(first);
        }
        Ok(Value::Array(list))
    }

    /// `(\\,|[start])(\\,|[follow])*`, longest match.
    fn word(&mut self, follow: fn(char) -> bool) -> Option<String> {
        let start = self.i;
        let mut j = self.i;
        let mut first = true;
        loop {
            if self.s.get(j) == Some(&'\\') && self.s.get(j + 1) == Some(&',') {
                j += 2;
            } else if let Some(&c) = self.s.get(j) {
                let ok = if first { start_word(c) } else { follow(c) };
                if !ok {
                    break;
                }
                j += 1;
            } else {
                break;
            }
            first = false;
        }
        if j == start {
            return None;
        }
        self.i = j;
        let raw: String = self.s[start..j].iter().collect();
        Some(raw.replace("\\,", ",").trim_end().to_owned())
    }

    fn resolve(&self, value: String) -> Value {
        if self.paramfile {
            for prefix in ["file://", "fileb://"] {
                if let Some(path) = value.strip_prefix(prefix)
                    && let Some(text) = (self.files)(path)
                {
                    return Value::String(text);
                }
            }
        }
        Value::String(value)
    }

    fn plain_value(&mut self) -> Value {
        match self.word(first_follow) {
            Some(v) => self.resolve(v),
            None => Value::String(String::new()),
        }
    }

    fn first_value(&mut self) -> Result<Value, Error> {
        match self.current() {
            Some('\'') => self.quoted('\'', "singled quoted"),
            Some('"') => self.quoted('"', "double quoted"),
            _ => Ok(self.plain_value()),
        }
    }

    fn second_value(&mut self) -> Result<Value, Error> {
        match self.current() {
            Some('\'') => self.quoted('\'', "singled quoted"),
            Some('"') => self.quoted('"', "double quoted"),
            _ => match self.word(second_follow) {
                Some(v) => Ok(self.resolve(v)),
                None => Err(self.syntax("<second>", "<none>")),
            },
        }
    }

    /// `'(?:\\'|[^'])*'`: a backslash only escapes the quote and itself.
    fn quoted(&mut self, q: char, name: &str) -> Result<Value, Error> {
        let start = self.i;
        let mut j = start + 1;
        loop {
            match self.s.get(j) {
                None => {
                    return Err(self.syntax(&format!("<{name}>"), "<none>"));
                }
                Some('\\') if self.s.get(j + 1) == Some(&q) => j += 2,
                Some(&c) if c == q => break,
                Some(_) => j += 1,
            }
        }
        self.i = j + 1;
        let inner: String = self.s[start + 1..j].iter().collect();
        let escaped = format!("\\{q}");
        let value = inner
            .replace(&escaped, &q.to_string())
            .replace("\\\\", "\\");
        Ok(self.resolve(value))
    }

    fn explicit_list(&mut self) -> Result<Value, Error> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Value::Array(values))
    }

    fn explicit_value(&mut self) -> Result<Value, Error> {
        if matches!(self.current(), Some('[' | '{')) {
            if self.depth >= MAX_DEPTH {
                return Err(Error::Syntax(format!(
                    "maximum recursion depth exceeded: lists and hashes nest at most {MAX_DEPTH} deep, for input:\n{}",
                    self.location(self.i)
                )));
            }
            self.depth += 1;
            let value = if self.current() == Some('[') {
                self.explicit_list()
            } else {
                self.hash_literal()
            };
            self.depth -= 1;
            return value;
        }
        self.first_value()
    }

    fn hash_literal(&mut self) -> Result<Value, Error> {
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.file_marker()?;
            self.expect('=', true)?;
            let value = self.explicit_value()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            map.insert(key, value);
        }
        self.expect('}', false)?;
        Ok(Value::Object(map))
    }
}

/// `BackCompatVisitor`: wraps a lone value where the model wants a list,
/// and turns strings into the numbers and booleans the model names. Keys
/// the model does not know are left for validation to report.
pub fn coerce(service: &Service, shape: &Shape, value: &mut Value) -> Result<(), Error> {
    match shape.kind {
        Kind::Structure => {
            if let Value::Object(map) = value {
                for member in &shape.members {
                    if let Some(v) = map.get_mut(&member.name) {
                        let inner = service.shape(&member.shape);
                        if inner.kind == Kind::List && !v.is_array() && !v.is_null() {
                            *v = Value::Array(vec![v.take()]);
                        }
                        coerce(service, inner, v)?;
                    }
                }
            }
        }
        Kind::List => {
            if let (Value::Array(items), Some(member)) = (value, &shape.member) {
                let inner = service.shape(member);
                for item in items {
                    if inner.kind == Kind::List && !item.is_array() && !item.is_null() {
                        *item = Value::Array(vec![item.take()]);
                    }
                    coerce(service, inner, item)?;
                }
            }
        }
        Kind::Map => {
            if let (Value::Object(map), Some(v)) = (value, &shape.value) {
                let inner = service.shape(v);
                for item in map.values_mut() {
                    if inner.kind == Kind::List && !item.is_array() && !item.is_null() {
                        *item = Value::Array(vec![item.take()]);
                    }
                    coerce(service, inner, item)?;
                }
            }
        }
        _ => scalar(shape.kind, value)?,
    }
    Ok(())
}

fn scalar(kind: Kind, value: &mut Value) -> Result<(), Error> {
    let Value::String(text) = value else {
        return match (kind, &*value) {
            (Kind::Integer | Kind::Long | Kind::Double | Kind::Float, Value::Array(_)) => {
                Err(Error::Value(format!(
                    "{}() argument must be a string, a bytes-like object or a real number, not 'list'",
                    if matches!(kind, Kind::Integer | Kind::Long) {
                        "int"
                    } else {
                        "float"
                    }
                )))
            }
            _ => Ok(()),
        };
    };
    match kind {
        Kind::Integer | Kind::Long => {
            *value = Value::from(py_int(text).ok_or_else(|| {
                Error::Value(format!(
                    "invalid literal for int() with base 10: {}",
                    super::errors::py_repr(text)
                ))
            })?);
        }
        Kind::Double | Kind::Float => {
            let number = py_float(text).ok_or_else(|| {
                Error::Value(format!(
                    "could not convert string to float: {}",
                    super::errors::py_repr(text)
                ))
            })?;
            *value = serde_json::Number::from_f64(number)
                .map(Value::Number)
                .unwrap_or(Value::Null);
        }
        Kind::Boolean => {
            if text.eq_ignore_ascii_case("true") {
                *value = Value::Bool(true);
            } else if text.eq_ignore_ascii_case("false") {
                *value = Value::Bool(false);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Python's `int(text)`: surrounding whitespace, a sign, and `_` between
/// digits are allowed.
pub fn py_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    digits
        .replace('_', "")
        .parse::<i64>()
        .ok()
        .map(|n| sign * n)
}

/// Python's `float(text)`.
pub fn py_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    match lower.trim_start_matches(['+', '-']) {
        "inf" | "infinity" | "nan" => return t.parse::<f64>().ok(),
        _ => {}
    }
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE_".contains(c))
    {
        return None;
    }
    t.replace('_', "").parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &str) -> Option<String> {
        None
    }

    fn sh(s: &str) -> Value {
        parse(s, &no_files).unwrap()
    }

    #[test]
    fn grammar() {
        assert_eq!(
            sh("Key=team,Value=blue"),
            serde_json::json!({"Key": "team", "Value": "blue"})
        );
        assert_eq!(
            sh("a=b,c,d=e"),
            serde_json::json!({"a": ["b", "c"], "d": "e"})
        );
        assert_eq!(
            sh("a=[1,2],b={c=d}"),
            serde_json::json!({"a": ["1", "2"], "b": {"c": "d"}})
        );
        assert_eq!(sh("a='x,y'"), serde_json::json!({"a": "x,y"}));
        assert_eq!(sh(r"a=x\,y"), serde_json::json!({"a": "x,y"}));
    }

    #[test]
    fn errors_point_at_the_spot() {
        assert_eq!(
            parse("Key", &no_files).unwrap_err(),
            Error::Syntax("Expected: '=', received: 'EOF' for input:\nKey\n   ^".into())
        );
        let Error::Syntax(dup) = parse("a=b,a=c", &no_files).unwrap_err() else {
            panic!("not a syntax error")
        };
        assert!(
            dup.starts_with("Second instance of key \"a\" encountered"),
            "{dup}"
        );
    }
}
