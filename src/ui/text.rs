//! Text for the screen: the lessons' light markup (`*term*`, `` `code` ``,
//! `[Key]`) as styled spans, and word wrapping that knows each line's
//! height, so scrolling can stop at the end.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::theme::Theme;

/// One line of source text as styled spans.
pub fn markup<'a>(line: &str, theme: &Theme, base: Style) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let mut chars = line.char_indices().peekable();
    let flush = |plain: &mut String, spans: &mut Vec<Span<'a>>| {
        if !plain.is_empty() {
            spans.push(Span::styled(std::mem::take(plain), base));
        }
    };
    while let Some((i, c)) = chars.next() {
        let closing = match c {
            '*' => Some('*'),
            '`' => Some('`'),
            '[' => Some(']'),
            _ => None,
        };
        let Some(close) = closing else {
            plain.push(c);
            continue;
        };
        let rest = &line[i + 1..];
        // A mark counts only when it closes on the same line around
        // something: "3 * 4" stays as written.
        match rest.find(close) {
            Some(end) if end > 0 && !rest.starts_with(' ') => {
                let inner = &rest[..end];
                flush(&mut plain, &mut spans);
                let span = match c {
                    '*' => Span::styled(inner.to_string(), theme.term),
                    '`' if theme.plain => Span::styled(format!("`{inner}`"), theme.code),
                    '`' => Span::styled(inner.to_string(), theme.code),
                    _ => Span::styled(format!("[{inner}]"), theme.key),
                };
                spans.push(span);
                for _ in 0..inner.chars().count() + 1 {
                    chars.next();
                }
            }
            _ => plain.push(c),
        }
    }
    flush(&mut plain, &mut spans);
    spans
}

/// Marks the end of a row where a word too long for any row was cut: the
/// word goes on at the start of the next row.
pub const CONTINUED: &str = "↩";

/// Wraps styled spans to `width` columns at spaces, never inside a word:
/// `indent` starts every line after the first (lists, continued output); a
/// word that fits a row but not after the indent (an ARN in a narrow pane)
/// starts its row at the margin instead; only a word longer than a whole
/// row is cut, each cut row ending in `CONTINUED`.
pub fn wrap<'a>(spans: Vec<Span<'a>>, width: usize, indent: usize) -> Vec<Line<'a>> {
    let width = width.max(4);
    let indent = indent.min(width - 1);
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut current: Vec<Span<'a>> = Vec::new();
    let mut used = 0usize;
    // Break every span into words that keep their trailing spaces. A word
    // may run across spans (a styled term and the colon after it), so it is
    // kept as styled pieces and never broken between them.
    let mut words: Vec<Vec<(String, Style)>> = Vec::new();
    let mut open = false;
    for span in spans {
        let mut piece = String::new();
        for c in span.content.chars() {
            piece.push(c);
            if c == ' ' {
                add_piece(&mut words, open, std::mem::take(&mut piece), span.style);
                open = false;
            }
        }
        if !piece.is_empty() {
            add_piece(&mut words, open, piece, span.style);
            open = true;
        }
    }
    for word in words {
        let w: usize = word.iter().map(|(p, _)| p.width()).sum::<usize>()
            - word
                .last()
                .map_or(0, |(p, _)| p.width() - p.trim_end().width());
        if used > 0 && used + w > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
            if indent + w <= width {
                current.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
        }
        for (mut piece, style) in word {
            // A word longer than a row: cut, row by row, each marked.
            while used + piece.trim_end().width() > width {
                if used + CONTINUED.width() >= width {
                    // No room for even one character and the mark.
                    lines.push(Line::from(std::mem::take(&mut current)));
                    used = 0;
                    continue;
                }
                let room = width - used - CONTINUED.width();
                let (head, rest) = split_at_width(&piece, room);
                current.push(Span::styled(head, style));
                current.push(Span::styled(CONTINUED, style));
                lines.push(Line::from(std::mem::take(&mut current)));
                used = 0;
                piece = rest;
            }
            used += piece.width();
            current.push(Span::styled(piece, style));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

/// Adds `piece` to the last word when that word is still open (its span
/// ended without a space), else starts a word with it.
fn add_piece(words: &mut Vec<Vec<(String, Style)>>, open: bool, piece: String, style: Style) {
    match words.last_mut() {
        Some(word) if open => word.push((piece, style)),
        _ => words.push(vec![(piece, style)]),
    }
}

/// `text` cut after at most `room` columns (at least one character).
fn split_at_width(text: &str, room: usize) -> (String, String) {
    let mut taken = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let cw = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
        if taken + cw > room && end > 0 {
            break;
        }
        taken += cw;
        end = i + c.len_utf8();
    }
    (text[..end].to_string(), text[end..].to_string())
}

/// Prose as wrapped lines: each source line wrapped on its own, blank lines
/// kept, list items (`- `) with a hanging indent.
pub fn prose<'a>(text: &str, width: usize, theme: &Theme, base: Style) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for line in text.trim_matches('\n').lines() {
        if line.trim().is_empty() {
            out.push(Line::default());
            continue;
        }
        let indent = if line.starts_with("- ") || line.starts_with("• ") {
            2
        } else {
            0
        };
        out.extend(wrap(markup(line, theme, base), width, indent));
    }
    out
}

/// Plain text wrapped in one style. An indented line's continuation rows
/// sit two columns deeper than the line itself, so indented output (a
/// command's JSON, a finding's fix) still reads as a block.
pub fn plain<'a>(text: &str, width: usize, style: Style) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            out.push(Line::default());
        } else {
            let lead = line.len() - line.trim_start_matches(' ').len();
            let indent = if lead == 0 {
                0
            } else {
                (lead + 2).min(width / 2)
            };
            out.extend(wrap(
                vec![Span::styled(line.to_string(), style)],
                width,
                indent,
            ));
        }
    }
    out
}

/// `s` cut to `width` columns, with `…` in the last column when it is
/// longer. Counts columns, not characters, so a wide character that would
/// cross the edge is left out rather than pushing the row past it.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ThemeName;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn fit_keeps_short_text_and_cuts_long_text_to_the_width_with_a_mark() {
        assert_eq!(fit("alice", 5), "alice");
        assert_eq!(fit("developer1", 6), "devel…");
        // A wide character that would cross the edge is left out.
        assert_eq!(fit("ab漢字", 4), "ab…");
        assert!(fit("ab漢字", 4).width() <= 4);
    }

    #[test]
    fn markup_styles_terms_code_and_keys_but_not_lone_stars() {
        let t = Theme::new(ThemeName::Dark, false);
        let spans = markup(
            "a *role* is `assumed`, press [Enter]; 3 * 4",
            &t,
            Style::default(),
        );
        let words: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(
            words,
            [
                "a ", "role", " is ", "assumed", ", press ", "[Enter]", "; 3 * 4"
            ]
        );
        assert_eq!(spans[1].style, t.term);
        assert_eq!(spans[3].style, t.code);
        let plain = Theme::new(ThemeName::Dark, true);
        let spans = markup("run `aws`", &plain, Style::default());
        assert_eq!(spans[1].content, "`aws`");
    }

    #[test]
    fn wraps_at_spaces_and_cuts_only_words_longer_than_a_row_with_a_mark() {
        let lines = wrap(vec![Span::raw("one two three four")], 9, 0);
        assert_eq!(text(&lines), ["one two ", "three ", "four"]);
        let lines = wrap(vec![Span::raw("abcdefghijkl")], 5, 0);
        assert_eq!(text(&lines), ["abcd↩", "efgh↩", "ijkl"]);
        for l in &lines {
            assert!(l.width() <= 5);
        }
    }

    #[test]
    fn a_styled_term_keeps_the_punctuation_after_it_on_its_row() {
        let t = Theme::new(ThemeName::Dark, false);
        // "credentials:" is one word although the colon is not styled.
        let spans = markup(
            "hands them *temporary credentials*: an ID",
            &t,
            Style::default(),
        );
        let lines = wrap(spans, 32, 0);
        assert_eq!(
            text(&lines),
            ["hands them temporary ", "credentials: an ID"]
        );
        let row: Vec<(&str, Style)> = lines[1]
            .spans
            .iter()
            .filter(|s| !s.content.is_empty())
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        assert_eq!(row[0], ("credentials", t.term));
        assert_eq!(row[1].0, ": ");
    }

    /// The words of `lines`, rows joined where a row ended in the mark.
    fn rejoined(lines: &[Line]) -> Vec<String> {
        let joined = text(lines)
            .iter()
            .map(|row| match row.strip_suffix(CONTINUED) {
                Some(cut) => cut.to_string(),
                None => format!("{row}\n"),
            })
            .collect::<String>();
        joined.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn a_46_column_pane_never_splits_a_word_or_an_arn() {
        let fix = "    aws iam attach-role-policy --role-name AppServerRole --policy-arn arn:aws:iam::aws:policy/AdministratorAccess --output json";
        // The console's continuation indent: the line's own, and two more.
        let lines = wrap(vec![Span::raw(fix)], 46, 6);
        let rows = text(&lines);
        for row in &rows {
            assert!(row.width() <= 46, "{row:?}");
            assert!(
                !row.ends_with(CONTINUED),
                "nothing here is longer than a row: {rows:?}"
            );
        }
        // Every word is whole on one row; the ARN, too long for the indent,
        // starts its row at the margin.
        let words: Vec<&str> = fix.split_whitespace().collect();
        for w in &words {
            assert!(
                rows.iter().any(|r| r.split_whitespace().any(|x| x == *w)),
                "{w} whole in {rows:?}"
            );
        }
        assert!(
            rows.iter()
                .any(|r| r.starts_with("arn:aws:iam::aws:policy/AdministratorAccess")),
            "{rows:?}"
        );
        assert_eq!(rejoined(&lines), words);
        // Longer than the pane itself: cut, marked, and nothing lost.
        let long = format!(
            "see {} now",
            "arn:aws:iam::111122223333:policy/a-very/long/path/to/SomePolicyWithALongName"
        );
        let lines = wrap(vec![Span::raw(long.clone())], 46, 6);
        let rows = text(&lines);
        assert!(
            rows[1].ends_with(CONTINUED) && rows[1].width() == 46,
            "{rows:?}"
        );
        assert!(
            !rows[1].starts_with(' '),
            "a cut word starts at the margin: {rows:?}"
        );
        assert_eq!(
            rejoined(&lines),
            long.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn list_items_hang() {
        let t = Theme::new(ThemeName::Dark, true);
        let lines = prose("- alpha beta gamma", 10, &t, Style::default());
        assert_eq!(text(&lines), ["- alpha ", "  beta ", "  gamma"]);
    }
}
