//! Text for the screen: the lessons' light markup (`*term*`, `` `code` ``,
//! `[Key]`) as styled spans, and word wrapping that knows each line's
//! height, so scrolling can stop at the end.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

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

/// Wraps styled spans to `width` columns at spaces; a word longer than the
/// width is cut. `indent` starts every line after the first (lists).
pub fn wrap<'a>(spans: Vec<Span<'a>>, width: usize, indent: usize) -> Vec<Line<'a>> {
    let width = width.max(4);
    let mut lines: Vec<Line<'a>> = Vec::new();
    let mut current: Vec<Span<'a>> = Vec::new();
    let mut used = 0usize;
    // Break every span into words that keep their trailing spaces.
    let mut words: Vec<(String, Style)> = Vec::new();
    for span in spans {
        let mut word = String::new();
        for c in span.content.chars() {
            word.push(c);
            if c == ' ' {
                words.push((std::mem::take(&mut word), span.style));
            }
        }
        if !word.is_empty() {
            words.push((word, span.style));
        }
    }
    for (word, style) in words {
        let w = word.trim_end().width();
        if used > 0 && used + w > width {
            lines.push(Line::from(std::mem::take(&mut current)));
            current.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        let mut word = word;
        // Cut words that cannot fit on any line.
        while word.trim_end().width() > width - used.min(width - 1) && used + 1 < width {
            let room = width - used;
            let cut: String = word.chars().take(room).collect();
            let rest: String = word.chars().skip(room).collect();
            current.push(Span::styled(cut, style));
            lines.push(Line::from(std::mem::take(&mut current)));
            current.push(Span::raw(" ".repeat(indent)));
            used = indent;
            word = rest;
        }
        used += word.width();
        current.push(Span::styled(word, style));
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(Line::from(current));
    }
    lines
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
    fn wraps_at_spaces_and_cuts_long_words() {
        let lines = wrap(vec![Span::raw("one two three four")], 9, 0);
        assert_eq!(text(&lines), ["one two ", "three ", "four"]);
        let lines = wrap(vec![Span::raw("abcdefghijkl")], 5, 0);
        assert_eq!(text(&lines), ["abcde", "fghij", "kl"]);
        for l in &lines {
            assert!(l.width() <= 5);
        }
    }

    #[test]
    fn list_items_hang() {
        let t = Theme::new(ThemeName::Dark, true);
        let lines = prose("- alpha beta gamma", 10, &t, Style::default());
        assert_eq!(text(&lines), ["- alpha ", "  beta ", "  gamma"]);
    }
}
