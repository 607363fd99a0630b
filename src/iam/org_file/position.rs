//! Positions in the source: ron's errors made ours, and text decoded from
//! a RON string mapped back to the file, character by character.

use ron::value::RawValue;

use super::OrgFileError;
use crate::iam::json::Pos;

pub(super) struct Source<'a> {
    pub(super) text: &'a str,
    /// Byte offset where each line starts.
    pub(super) line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, line_starts }
    }

    /// Where a raw value starts in the file. A raw value is a slice of the
    /// source, so this is plain pointer arithmetic; leading white space and
    /// comments are trimmed first so the position is the value's first
    /// character.
    pub(super) fn offset(&self, raw: &RawValue) -> usize {
        let s = raw.trim().get_ron();
        (s.as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len())
    }

    /// The 1-based line and character column of a byte offset.
    pub(super) fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        (to_u32(line), to_u32(col))
    }
}

pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Text decoded from a RON string, with the file offset of each character,
/// so that a position inside the text (a policy's JSON error) maps back to
/// the exact character in the file.
pub(super) struct Located {
    pub(super) text: String,
    /// The byte offset in the file of each character of `text`.
    pub(super) offsets: Vec<usize>,
    /// Where the string ends in the file: errors "at the end of the document".
    pub(super) end: usize,
}

impl Located {
    /// The file offset of a 1-based line and column of `text`, counting the
    /// way the JSON reader does (a line feed starts a new line; every other
    /// character is one column).
    pub(super) fn offset_at(&self, pos: Pos) -> usize {
        let (mut line, mut col) = (1, 1);
        for (i, c) in self.text.chars().enumerate() {
            if line == pos.line && col == pos.col {
                return self.offsets[i];
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        self.end
    }
}

/// Converts ron's error (the first pass) into ours.
pub(super) fn ron_error(text: &str, e: &ron::error::SpannedError) -> OrgFileError {
    let (mut line, mut col) = (e.span.start.line, e.span.start.col);
    if e.code == ron::Error::TrailingCharacters {
        // ron points just after the value; the author wants to see the
        // stray text itself.
        let start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let rest = &text[start..];
        let skip: usize = rest
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        for c in rest[skip..].chars() {
            if !c.is_whitespace() {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
    }
    OrgFileError {
        line: to_u32(line),
        col: to_u32(col),
        message: lower_first(&e.code.to_string()),
    }
}

/// ron's messages start with a capital letter; ours start lower case.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// The text of a raw string and each character's file offset. A raw string
/// that opens with a line break is written "indented with the file": the
/// opening line break goes, a last line holding only spaces or tabs (the
/// line of the closing quote) goes, and the indentation common to the
/// non-blank lines is removed. Other raw strings are taken as they are.
pub(super) fn dedent(content: &str, base: usize) -> Located {
    let end = base + content.len();
    let first_break = if content.starts_with('\n') {
        Some(1)
    } else if content.starts_with("\r\n") {
        Some(2)
    } else {
        None
    };
    let Some(skip) = first_break else {
        let offsets = content.char_indices().map(|(i, _)| base + i).collect();
        return Located {
            text: content.to_string(),
            offsets,
            end,
        };
    };
    let last = content.rfind('\n').unwrap_or(0);
    let body_end = if content[last + 1..].chars().all(|c| c == ' ' || c == '\t') {
        last
    } else {
        content.len()
    };
    // The lines between, with their byte offset inside `content`.
    let body = content.get(skip..body_end).unwrap_or("");
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = skip;
    for line in body.split('\n') {
        lines.push((at, line));
        at += line.len() + 1;
    }
    let mut common: Option<&str> = None;
    for (_, l) in &lines {
        if is_blank(l) {
            continue;
        }
        let ind = &l[..indent_len(l)];
        common = Some(match common {
            None => ind,
            Some(c) => {
                let n = c
                    .bytes()
                    .zip(ind.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &c[..n]
            }
        });
    }
    let common = common.unwrap_or("");
    let mut text = String::new();
    let mut offsets = Vec::new();
    for (i, (start, line)) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
            offsets.push(base + start - 1);
        }
        let strip = if line.starts_with(common) {
            common.len()
        } else {
            // A blank line shorter than the indentation.
            line.len()
        };
        for (j, c) in line[strip..].char_indices() {
            text.push(c);
            offsets.push(base + start + strip + j);
        }
    }
    Located { text, offsets, end }
}

/// A line that holds nothing but white space: it does not count when the
/// common indentation is measured.
pub(super) fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t', '\r']).is_empty()
}

pub(super) fn indent_len(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The file offset of each character of an escaped RON string (`inner` is
/// between the quotes, starting at `base`). Gives up (`None`) on escapes it
/// does not follow, checked by comparing with ron's own decoding; positions
/// then fall back to the string's start.
pub(super) fn escaped_offsets(inner: &str, base: usize, decoded: &str) -> Option<Vec<usize>> {
    let mut text = String::new();
    let mut offsets = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        offsets.push(base + i);
        if c != '\\' {
            text.push(c);
            continue;
        }
        let (_, e) = chars.next()?;
        text.push(match e {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\\' | '"' | '\'' => e,
            'u' => {
                chars.next().filter(|&(_, c)| c == '{')?;
                let mut hex = String::new();
                for (_, h) in chars.by_ref() {
                    if h == '}' {
                        break;
                    }
                    hex.push(h);
                }
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            _ => return None,
        });
    }
    (text == decoded).then_some(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedent_removes_the_common_indentation_and_maps_offsets() {
        let content = "\n    {\n      \"a\": 1\n\n    }\n  ";
        let l = dedent(content, 100);
        assert_eq!(l.text, "{\n  \"a\": 1\n\n}");
        assert_eq!(l.offsets.len(), l.text.chars().count());
        // `"a"` is on text line 2, column 3; in `content` it is byte 13.
        assert_eq!(l.offset_at(Pos { line: 2, col: 3 }), 100 + 13);
        let plain = dedent("{\"a\": 1}", 7);
        assert_eq!(plain.text, "{\"a\": 1}");
        assert_eq!(plain.offset_at(Pos { line: 1, col: 2 }), 8);
    }

    #[test]
    fn escaped_offsets_follow_escapes() {
        let inner = r#"a\"b\u{e9}c"#;
        let offs = escaped_offsets(inner, 10, "a\"bék").map(|_| ());
        assert_eq!(offs, None);
        let offs = escaped_offsets(inner, 10, "a\"béc").unwrap();
        assert_eq!(offs, vec![10, 11, 13, 14, 20]);
    }
}
