//! Splitting a command line into words the way a POSIX shell does, so that a
//! policy pasted in single quotes arrives as one argument, untouched.
//!
//! Supported: blanks between words; '...' (literal); "..." with \" \\ \$ \`
//! escapes; a backslash outside quotes escaping the next character; a
//! backslash at the end of a line joining the next; `#` starting a comment
//! at the beginning of a word; and a here-document (`<<TAG` ... a line that
//! is just TAG), whose body becomes the last word.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub message: String,
    /// 1-based character column in the line where the problem starts.
    pub col: usize,
}

/// The start of the message for a here-document still open.
const UNCLOSED: &str = "the here-document is never closed";

/// True when `input` opens a here-document that no line has closed yet: a
/// command line should then read more lines before running it.
pub fn awaits_more(input: &str) -> bool {
    matches!(split(input), Err(e) if e.message.starts_with(UNCLOSED))
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (column {})", self.message, self.col)
    }
}

/// The words of one command. A here-document's body is appended as a final
/// word and flagged, so commands can tell `write NAME <<EOF` from an argument.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Words {
    pub words: Vec<String>,
    pub heredoc: Option<String>,
}

/// Reads the quoted part of a word that opens at `chars[start]` (a single
/// or double quote) into `word`, and returns where the scan goes on. Like
/// a POSIX shell, single quotes keep everything as it is; inside double
/// quotes a backslash escapes only `"`, `\\`, `$` and a backtick.
fn quoted(chars: &[char], start: usize, quote: char, word: &mut String) -> Result<usize, LexError> {
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => {
                let name = if quote == '"' { "double" } else { "single" };
                return Err(LexError {
                    message: format!("this {name} quote is never closed"),
                    col: start + 1,
                });
            }
            Some(&c) if c == quote => return Ok(i + 1),
            Some('\\')
                if quote == '"' && matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) =>
            {
                word.push(chars[i + 1]);
                i += 2;
            }
            Some(&c) => {
                word.push(c);
                i += 1;
            }
        }
    }
}

/// Longest command line accepted: anything longer is almost certainly a
/// paste gone wrong, and is refused rather than processed.
pub const MAX_LINE: usize = 256 * 1024;

/// Splits `input` (one command, possibly spanning lines through a
/// here-document or trailing backslashes) into words.
pub fn split(input: &str) -> Result<Words, LexError> {
    if input.len() > MAX_LINE {
        return Err(LexError {
            message: format!(
                "the command is {} characters long; the most the sandbox takes is {MAX_LINE}",
                input.len()
            ),
            col: 1,
        });
    }
    let (line, rest) = match input.find('\n') {
        Some(i) => (&input[..i], Some(&input[i + 1..])),
        None => (input, None),
    };
    let mut words = Vec::new();
    let mut heredoc_tag: Option<String> = None;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut current: Option<String> = None;
    // Lines joined by a trailing backslash continue the same scan.
    let mut pending_rest = rest;
    let mut chars = chars;
    loop {
        if i >= chars.len() {
            break;
        }
        let c = chars[i];
        match c {
            ' ' | '\t' => {
                if let Some(w) = current.take() {
                    words.push(w);
                }
                i += 1;
            }
            '#' if current.is_none() => break,
            quote @ ('\'' | '"') => {
                let word = current.get_or_insert_with(String::new);
                i = quoted(&chars, i, quote, word)?;
            }
            '\\' => match chars.get(i + 1) {
                Some(&next) => {
                    current.get_or_insert_with(String::new).push(next);
                    i += 2;
                }
                None => match pending_rest.take() {
                    // A trailing backslash joins the next line.
                    Some(more) => {
                        let (next_line, after) = match more.find('\n') {
                            Some(j) => (&more[..j], Some(&more[j + 1..])),
                            None => (more, None),
                        };
                        chars.truncate(i);
                        chars.extend(next_line.chars());
                        pending_rest = after;
                    }
                    None => {
                        return Err(LexError {
                            message: "the line ends with a backslash: nothing follows it".into(),
                            col: i + 1,
                        });
                    }
                },
            },
            '<' if current.is_none() && chars.get(i + 1) == Some(&'<') => {
                let mut j = i + 2;
                if chars.get(j) == Some(&'-') {
                    j += 1;
                }
                let tag: String = chars[j..]
                    .iter()
                    .take_while(|c| !c.is_whitespace())
                    .filter(|c| **c != '\'' && **c != '"')
                    .collect();
                if tag.is_empty() {
                    return Err(LexError {
                        message: "`<<` needs a word to end the here-document, as in <<JSON".into(),
                        col: i + 1,
                    });
                }
                j += chars[j..].iter().take_while(|c| !c.is_whitespace()).count();
                heredoc_tag = Some(tag);
                i = j;
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                return Err(LexError {
                    message: format!("the line contains a control character (U+{:04X})", c as u32),
                    col: i + 1,
                });
            }
            c => {
                current.get_or_insert_with(String::new).push(c);
                i += 1;
            }
        }
    }
    if let Some(w) = current.take() {
        words.push(w);
    }
    let heredoc = match heredoc_tag {
        None => {
            if let Some(more) = pending_rest
                && !more.trim().is_empty()
            {
                return Err(LexError {
                    message: "one command at a time: the input has more than one line".into(),
                    col: 1,
                });
            }
            None
        }
        Some(tag) => {
            let body = pending_rest.unwrap_or("");
            let mut lines = Vec::new();
            let mut closed = false;
            for l in body.split('\n') {
                if l.trim() == tag {
                    closed = true;
                    break;
                }
                lines.push(l);
            }
            if !closed {
                return Err(LexError {
                    // Keep the wording: `awaits_more` recognises it.
                    message: format!("{UNCLOSED}: end it with a line that says {tag}"),
                    col: 1,
                });
            }
            Some(lines.join("\n"))
        }
    };
    Ok(Words { words, heredoc })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        split(s).unwrap().words
    }

    #[test]
    fn quoting_like_a_posix_shell() {
        assert_eq!(
            w("aws iam create-user --user-name john"),
            ["aws", "iam", "create-user", "--user-name", "john"]
        );
        assert_eq!(
            w(r#"echo 'a "b" \c' "d \"e\" \\ f" g\ h"#),
            ["echo", r#"a "b" \c"#, r#"d "e" \ f"#, "g h"]
        );
        assert_eq!(w("a'b'\"c\"d"), ["abcd"]);
        assert_eq!(w("  spaced\t\tout  "), ["spaced", "out"]);
        assert_eq!(w("x # a comment"), ["x"]);
        assert_eq!(w("x#notcomment"), ["x#notcomment"]);
        assert_eq!(w("empty '' \"\""), ["empty", "", ""]);
        assert_eq!(
            w("aws iam put-user-policy \\\n --user-name john"),
            ["aws", "iam", "put-user-policy", "--user-name", "john"]
        );
    }

    #[test]
    fn a_policy_in_single_quotes_is_one_word() {
        let policy = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}"#;
        let words = w(&format!(
            "aws iam create-policy --policy-name P --policy-document '{policy}'"
        ));
        assert_eq!(words.last().unwrap(), policy);
    }

    #[test]
    fn an_open_here_document_awaits_more_lines() {
        assert!(awaits_more("write p.json <<JSON"));
        assert!(awaits_more("write p.json <<JSON\n{"));
        assert!(!awaits_more("write p.json <<JSON\n{}\nJSON"));
        assert!(!awaits_more("aws iam list-users"));
        assert!(!awaits_more("echo 'unbalanced"));
    }

    #[test]
    fn here_documents_become_the_body() {
        let r = split("write p.json <<JSON\n{\n  \"a\": 1\n}\nJSON").unwrap();
        assert_eq!(r.words, ["write", "p.json"]);
        assert_eq!(r.heredoc.unwrap(), "{\n  \"a\": 1\n}");
        let e = split("write p.json <<JSON\n{}\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn bad_input_is_refused_with_a_position() {
        let e = split("aws iam create-user --user-name 'john").unwrap_err();
        assert_eq!(e.col, 33);
        assert!(e.message.contains("single quote"));
        assert!(
            split("say \"hi")
                .unwrap_err()
                .message
                .contains("double quote")
        );
        assert!(
            split("bad\u{1b}[31m")
                .unwrap_err()
                .message
                .contains("control character")
        );
        assert!(
            split("one\ntwo")
                .unwrap_err()
                .message
                .contains("one command")
        );
        assert!(
            split(&"x".repeat(MAX_LINE + 1))
                .unwrap_err()
                .message
                .contains("the most")
        );
        assert!(split("end\\").unwrap_err().message.contains("backslash"));
    }
}
