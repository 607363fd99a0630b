//! Scripts of sandbox commands (`iamtutor run`, an exported `export cli`):
//! grouping lines into commands before `Shell::run` sees them. A command is
//! one line, or several when lines end in a backslash or a here-document
//! (`write p.json <<JSON` ... `JSON`) follows. Blank lines and lines that
//! start with `#` are skipped. A command ending in `|| true` may fail
//! without stopping the script, as in a shell script run with `set -e`.

/// One command of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptCommand {
    /// The 1-based line the command starts on.
    pub line: usize,
    /// The command to give `Shell::run`: continuation lines joined, a
    /// here-document's body and end line kept, `|| true` taken off.
    pub command: String,
    /// The lines as written, for echoing and for error messages.
    pub source: String,
    /// The command ended in `|| true`: a failure does not stop the script.
    pub may_fail: bool,
}

impl ScriptCommand {
    /// The first line as written: what an error message quotes.
    pub fn first_line(&self) -> &str {
        self.source.lines().next().unwrap_or_default()
    }
}

/// Groups the lines of a script into commands, in order.
pub fn split_script(text: &str) -> Vec<ScriptCommand> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let trimmed = lines[i].trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        // Lines ending in a backslash join the next, as the shell joins them.
        let mut header = lines[i].to_string();
        let mut scan = scan_line(&header);
        while scan.continues && i + 1 < lines.len() {
            header.pop();
            i += 1;
            header.push_str(lines[i]);
            scan = scan_line(&header);
        }
        let mut command = header.clone();
        let mut may_fail = false;
        if let Some(at) = scan.or_true {
            command = header[..at].trim_end().to_string();
            may_fail = true;
        }
        // A here-document runs to the line that is just its end word (or to
        // the end of the script, and the shell then says it is not closed).
        if let Some(tag) = &scan.heredoc {
            while i + 1 < lines.len() {
                i += 1;
                command.push('\n');
                command.push_str(lines[i]);
                if lines[i].trim() == tag {
                    break;
                }
            }
        }
        out.push(ScriptCommand {
            line: start + 1,
            command,
            source: lines[start..=i].join("\n"),
            may_fail,
        });
        i += 1;
    }
    out
}

/// What a scan of a command's first line found.
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    /// Ends in a backslash outside quotes: the next line continues it.
    continues: bool,
    /// The end word of a here-document the line starts.
    heredoc: Option<String>,
    /// Where a final `|| true` begins (a byte offset), if the line ends so.
    or_true: Option<usize>,
}

/// Reads a line the way the sandbox's lexer does (quotes, backslashes,
/// comments, `<<`), to find what matters for grouping.
fn scan_line(line: &str) -> Scan {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Scan::default();
    // Byte offsets of `||` words outside quotes, and where the code ends
    // (a comment starts, or the line does).
    let mut or_at: Vec<usize> = Vec::new();
    let mut end = line.len();
    let mut word_start = true;
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        match c {
            ' ' | '\t' => {
                word_start = true;
                k += 1;
                continue;
            }
            '#' if word_start => {
                end = at;
                break;
            }
            '\\' => {
                if k + 1 == chars.len() {
                    out.continues = true;
                    end = at;
                }
                k += 2;
            }
            '\'' => {
                k += 1;
                while k < chars.len() && chars[k].1 != '\'' {
                    k += 1;
                }
                k += 1;
            }
            '"' => {
                k += 1;
                while k < chars.len() && chars[k].1 != '"' {
                    if chars[k].1 == '\\' {
                        k += 1;
                    }
                    k += 1;
                }
                k += 1;
            }
            '<' if word_start && chars.get(k + 1).map(|c| c.1) == Some('<') => {
                k += 2;
                if chars.get(k).map(|c| c.1) == Some('-') {
                    k += 1;
                }
                let mut tag = String::new();
                while k < chars.len() && !chars[k].1.is_whitespace() {
                    if !matches!(chars[k].1, '\'' | '"') {
                        tag.push(chars[k].1);
                    }
                    k += 1;
                }
                if out.heredoc.is_none() && !tag.is_empty() {
                    out.heredoc = Some(tag);
                }
            }
            '|' if word_start && chars.get(k + 1).map(|c| c.1) == Some('|') => {
                or_at.push(at);
                k += 2;
            }
            _ => k += 1,
        }
        word_start = false;
    }
    if !out.continues
        && let Some(&at) = or_at.last()
    {
        let tail = line[at + 2..end].trim();
        let spaced = line[at + 2..].starts_with([' ', '\t']);
        if tail == "true" && spaced {
            out.or_true = Some(at);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commands(text: &str) -> Vec<(usize, String, bool)> {
        split_script(text)
            .into_iter()
            .map(|c| (c.line, c.command, c.may_fail))
            .collect()
    }

    #[test]
    fn one_command_a_line_skipping_blanks_and_comments() {
        let text = "# a script\n\naws iam create-user --user-name john\n   \n  # indented comment\nas john\r\nwhoami # trailing comment\n";
        assert_eq!(
            commands(text),
            [
                (3, "aws iam create-user --user-name john".into(), false),
                (6, "as john".into(), false),
                (7, "whoami # trailing comment".into(), false),
            ]
        );
    }

    #[test]
    fn backslashes_join_lines() {
        let text = "aws iam create-role \\\n  --role-name r \\\n  --description 'x'\nwhoami\n";
        let c = split_script(text);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].line, 1);
        assert_eq!(
            c[0].command,
            "aws iam create-role   --role-name r   --description 'x'"
        );
        assert_eq!(c[0].source.lines().count(), 3);
        assert_eq!(c[0].first_line(), "aws iam create-role \\");
        assert_eq!(c[1].line, 4);
        // An escaped backslash, or one inside quotes, joins nothing.
        assert_eq!(commands("echo a\\\\\nb\n").len(), 2);
        assert_eq!(commands("echo 'a\\'\nb\n").len(), 2);
        // A comment's backslash is part of the comment.
        assert_eq!(commands("whoami # see \\\nls\n").len(), 2);
    }

    #[test]
    fn here_documents_are_one_command() {
        let text = "write p.json <<JSON\n{\n  # not a comment\n\n  \"a\": 1\n}\nJSON\ncat p.json\n";
        let c = split_script(text);
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0].command,
            "write p.json <<JSON\n{\n  # not a comment\n\n  \"a\": 1\n}\nJSON"
        );
        assert_eq!(c[1].line, 8);
        // `<<` inside quotes is just text.
        assert_eq!(commands("echo '<<X'\nls\n").len(), 2);
        // A here-document that never ends takes the rest of the script; the
        // shell then reports it.
        let c = split_script("write p <<EOF\na\nb\n");
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].command, "write p <<EOF\na\nb\n");
    }

    #[test]
    fn or_true_lets_a_command_fail() {
        assert_eq!(
            commands("aws iam delete-user --user-name x || true\nls ||true\necho '|| true'\n"),
            [
                (1, "aws iam delete-user --user-name x".into(), true),
                // `||true` is not the shell's `|| true`: kept as written.
                (2, "ls ||true".into(), false),
                (3, "echo '|| true'".into(), false),
            ]
        );
        let c = split_script("write p <<EOF || true\nbody\nEOF\n");
        assert_eq!(c[0].command, "write p <<EOF\nbody\nEOF");
        assert!(c[0].may_fail);
        assert_eq!(c[0].source, "write p <<EOF || true\nbody\nEOF");
        let c = split_script("cat x || true # may be missing\n");
        assert_eq!(c[0].command, "cat x");
        assert!(c[0].may_fail);
    }

    #[test]
    fn an_empty_script_has_no_commands() {
        assert!(split_script("").is_empty());
        assert!(split_script("\n\n# only comments\n").is_empty());
    }
}
