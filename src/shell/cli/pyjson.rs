//! A JSON reader that fails the way Python's `json.loads` does, because the
//! CLI quotes that message to the learner: `Invalid JSON: Expecting ','
//! delimiter: line 1 column 14 (char 13)`. Positions count characters, not
//! bytes, and member order is kept (serde_json is built with
//! `preserve_order`), with a repeated key keeping its first place and its
//! last value, as a Python dict does.

use serde_json::{Map, Number, Value};

/// `json.loads`'s error text: `Expecting value: line 1 column 1 (char 0)`.
pub fn loads(text: &str) -> Result<Value, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser {
        s: &chars,
        depth: 0,
    };
    if chars.first() == Some(&'\u{feff}') {
        return Err(p.err("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
    }
    let start = p.ws(0);
    let (value, end) = p.value(start).map_err(|e| e.render(&chars))?;
    let end = p.ws(end);
    if end != chars.len() {
        return Err(p.err("Extra data", end));
    }
    Ok(value)
}

/// `json.dumps(value)` with Python's default separators (`", "`, `": "`),
/// used where the CLI shows or encodes Python's own rendering.
pub fn dumps(value: &Value) -> String {
    let mut out = String::new();
    dump(value, &mut out);
    out
}

fn dump(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                dump(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                ascii_string(k, out);
                out.push_str(": ");
                dump(v, out);
            }
            out.push('}');
        }
        Value::String(s) => ascii_string(s, out),
        other => out.push_str(&other.to_string()),
    }
}

/// Python's default `ensure_ascii=True` string form.
fn ascii_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    s: &'a [char],
    /// Arrays and objects open around the current value.
    depth: usize,
}

/// How deep arrays and objects may nest. Python's decoder stops near its
/// recursion limit (1,000 frames) with a RecursionError; stopping well
/// before keeps every reader of the value (validation, output) far from
/// the end of its stack.
const MAX_DEPTH: usize = 500;

/// An error and the character position it names.
struct At(&'static str, usize);

impl At {
    fn render(&self, s: &[char]) -> String {
        format_error(self.0, s, self.1)
    }
}

fn format_error(msg: &str, s: &[char], pos: usize) -> String {
    let before = &s[..pos.min(s.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = match before.iter().rposition(|&c| c == '\n') {
        Some(nl) => pos - nl,
        None => pos + 1,
    };
    format!("{msg}: line {line} column {column} (char {pos})")
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Parser<'_> {
    fn err(&self, msg: &'static str, pos: usize) -> String {
        format_error(msg, self.s, pos)
    }

    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ws) {
            i += 1;
        }
        i
    }

    fn literal(&self, i: usize, word: &str) -> bool {
        word.chars()
            .enumerate()
            .all(|(k, c)| self.at(i + k) == Some(c))
    }

    fn value(&mut self, i: usize) -> Result<(Value, usize), At> {
        match self.at(i) {
            Some('"') => self.string(i + 1).map(|(s, e)| (Value::String(s), e)),
            Some('{' | '[') if self.depth >= MAX_DEPTH => Err(At(
                "maximum recursion depth exceeded while decoding a JSON document",
                i,
            )),
            Some('{') => {
                self.depth += 1;
                let r = self.object(i + 1);
                self.depth -= 1;
                r
            }
            Some('[') => {
                self.depth += 1;
                let r = self.array(i + 1);
                self.depth -= 1;
                r
            }
            Some('n') if self.literal(i, "null") => Ok((Value::Null, i + 4)),
            Some('t') if self.literal(i, "true") => Ok((Value::Bool(true), i + 4)),
            Some('f') if self.literal(i, "false") => Ok((Value::Bool(false), i + 5)),
            // Python reads these as floats; JSON output has no such value.
            Some('N') if self.literal(i, "NaN") => Ok((Value::Null, i + 3)),
            Some('I') if self.literal(i, "Infinity") => Ok((Value::Null, i + 8)),
            Some('-') if self.literal(i, "-Infinity") => Ok((Value::Null, i + 9)),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(i),
            _ => Err(At("Expecting value", i)),
        }
    }

    fn number(&self, start: usize) -> Result<(Value, usize), At> {
        let mut i = start;
        if self.at(i) == Some('-') {
            i += 1;
        }
        match self.at(i) {
            Some('0') => i += 1,
            Some(c) if c.is_ascii_digit() => {
                while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
            }
            _ => return Err(At("Expecting value", start)),
        }
        let mut float = false;
        if self.at(i) == Some('.') && self.at(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            float = true;
            i += 2;
            while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some('+' | '-')) {
                j += 1;
            }
            if self.at(j).is_some_and(|c| c.is_ascii_digit()) {
                float = true;
                i = j;
                while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
            }
        }
        let text: String = self.s[start..i].iter().collect();
        let number = if float {
            text.parse::<f64>().ok().and_then(Number::from_f64)
        } else {
            text.parse::<i64>()
                .map(Number::from)
                .ok()
                .or_else(|| text.parse::<u64>().ok().map(Number::from))
                .or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64))
        };
        Ok((number.map(Value::Number).unwrap_or(Value::Null), i))
    }

    /// From just after the opening quote; returns the position after the
    /// closing one.
    fn string(&self, begin: usize) -> Result<(String, usize), At> {
        let mut out = String::new();
        let mut i = begin;
        loop {
            let Some(c) = self.at(i) else {
                return Err(At("Unterminated string starting at", begin - 1));
            };
            match c {
                '"' => return Ok((out, i + 1)),
                '\\' => {
                    let Some(e) = self.at(i + 1) else {
                        return Err(At("Unterminated string starting at", begin - 1));
                    };
                    match e {
                        '"' | '\\' | '/' => out.push(e),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => {
                            let (c, next) = self.unicode_escape(i)?;
                            out.push(c);
                            i = next;
                            continue;
                        }
                        _ => return Err(At("Invalid \\escape", i)),
                    }
                    i += 2;
                }
                c if (c as u32) < 0x20 => return Err(At("Invalid control character at", i)),
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    fn hex4(&self, i: usize) -> Option<u32> {
        let digits: String = self.s.get(i..i + 4)?.iter().collect();
        if digits.chars().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(&digits, 16).ok()
        } else {
            None
        }
    }

    /// `i` is at the backslash of `\uXXXX`.
    fn unicode_escape(&self, i: usize) -> Result<(char, usize), At> {
        let bad = At("Invalid \\uXXXX escape", i + 1);
        let first = self.hex4(i + 2).ok_or(bad)?;
        let mut next = i + 6;
        let mut code = first;
        if (0xd800..0xdc00).contains(&first)
            && self.at(next) == Some('\\')
            && self.at(next + 1) == Some('u')
        {
            let second = self
                .hex4(next + 2)
                .ok_or(At("Invalid \\uXXXX escape", next + 1))?;
            if (0xdc00..0xe000).contains(&second) {
                code = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                next += 6;
            }
        }
        Ok((char::from_u32(code).unwrap_or('\u{fffd}'), next))
    }

    fn object(&mut self, start: usize) -> Result<(Value, usize), At> {
        let mut map = Map::new();
        let mut end = self.ws(start);
        match self.at(end) {
            Some('}') => return Ok((Value::Object(map), end + 1)),
            Some('"') => {}
            _ => {
                return Err(At("Expecting property name enclosed in double quotes", end));
            }
        }
        end += 1;
        loop {
            let (key, after) = self.string(end)?;
            end = self.ws(after);
            if self.at(end) != Some(':') {
                return Err(At("Expecting ':' delimiter", end));
            }
            end = self.ws(end + 1);
            let (value, after) = self.value(end)?;
            map.insert(key, value);
            end = self.ws(after);
            match self.at(end) {
                Some('}') => return Ok((Value::Object(map), end + 1)),
                Some(',') => {}
                _ => return Err(At("Expecting ',' delimiter", end)),
            }
            let comma = end;
            end = self.ws(end + 1);
            match self.at(end) {
                Some('"') => end += 1,
                Some('}') => {
                    return Err(At("Illegal trailing comma before end of object", comma));
                }
                _ => {
                    return Err(At("Expecting property name enclosed in double quotes", end));
                }
            }
        }
    }

    fn array(&mut self, start: usize) -> Result<(Value, usize), At> {
        let mut items = Vec::new();
        let mut end = self.ws(start);
        if self.at(end) == Some(']') {
            return Ok((Value::Array(items), end + 1));
        }
        loop {
            let (value, after) = self.value(end)?;
            items.push(value);
            end = self.ws(after);
            match self.at(end) {
                Some(']') => return Ok((Value::Array(items), end + 1)),
                Some(',') => {}
                _ => return Err(At("Expecting ',' delimiter", end)),
            }
            let comma = end;
            end = self.ws(end + 1);
            if self.at(end) == Some(']') {
                return Err(At("Illegal trailing comma before end of array", comma));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{dumps, loads};

    #[test]
    fn messages_match_python() {
        assert_eq!(
            loads("{cuenta:1}").unwrap_err(),
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
        );
        assert_eq!(
            loads("{\"a\": 1 \"b\": 2}").unwrap_err(),
            "Expecting ',' delimiter: line 1 column 9 (char 8)"
        );
        assert_eq!(
            loads("").unwrap_err(),
            "Expecting value: line 1 column 1 (char 0)"
        );
        assert_eq!(
            loads("[1,]").unwrap_err(),
            "Illegal trailing comma before end of array: line 1 column 3 (char 2)"
        );
        assert_eq!(
            loads("{\"a\":\n \"x\ny\"}").unwrap_err(),
            "Invalid control character at: line 2 column 4 (char 9)"
        );
        assert_eq!(
            loads("{} x").unwrap_err(),
            "Extra data: line 1 column 4 (char 3)"
        );
    }

    #[test]
    fn nesting_stops_with_a_position_not_a_crash() {
        let deep = "[".repeat(100_000);
        let e = loads(&deep).unwrap_err();
        assert!(e.starts_with("maximum recursion depth exceeded"), "{e}");
        assert!(e.contains("(char 500)"), "{e}");
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(loads(&fine).is_ok());
    }

    #[test]
    fn keeps_order_and_last_duplicate() {
        let v = loads(r#"{"b": 1, "a": [true, null, 1.5], "b": 2}"#).unwrap();
        assert_eq!(dumps(&v), r#"{"b": 2, "a": [true, null, 1.5]}"#);
    }
}
