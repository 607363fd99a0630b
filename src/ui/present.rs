//! Presenter mode, drawn for a projector: a heading in large letters
//! (tui-big-text) when it fits, the page's text in a centred column, and no
//! chrome but a small page count in the bottom corner.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use super::lesson::{Density, scene_lines, scene_title};
use super::quiz::{kind_hint, question_head, trail_lines};
use super::text::{markup, plain, prose, wrap};
use super::theme::Theme;
use crate::app::App;
use crate::app::present::{Page, PresentView};
use crate::app::quiz::options;
use crate::content::schema::QuestionKind;
use crate::content::words::plural;
use crate::iam::explain;
use crate::learn::quiz::{Item, findings_text};

/// The widest the text column grows, for lines short enough to read.
const COLUMN: u16 = 100;

pub fn draw(app: &App, view: &PresentView, frame: &mut Frame, area: Rect, theme: &Theme) {
    let lesson = &app.course.lessons[view.lesson];
    let inner = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    // The heading: large when it fits in a quarter of the screen.
    let title = heading(app, view);
    let budget = (area.height / 4).max(4);
    let heading_h = match big_lines(&title, inner.width, budget) {
        Some((size, lines, height)) => {
            let big = BigText::builder()
                .pixel_size(size)
                .style(theme.title.remove_modifier(Modifier::UNDERLINED))
                .lines(lines.into_iter().map(Line::from).collect::<Vec<_>>())
                .centered()
                .build();
            frame.render_widget(big, Rect { height, ..inner });
            height
        }
        None => {
            let lines = wrap(
                vec![Span::styled(
                    title,
                    theme.title.add_modifier(Modifier::UNDERLINED),
                )],
                inner.width as usize,
                0,
            );
            let height = (lines.len() as u16).min(inner.height);
            frame.render_widget(Paragraph::new(lines).centered(), Rect { height, ..inner });
            height
        }
    };
    // The text, in a column centred under it.
    let width = inner.width.min(COLUMN);
    let top = inner.y + heading_h + 1;
    let body = Rect {
        x: inner.x + (inner.width - width) / 2,
        y: top,
        width,
        height: (inner.y + inner.height).saturating_sub(top),
    };
    let w = width as usize;
    let mut lines: Vec<Line> = Vec::new();
    // The rows to keep in view when following the newest thing: from the
    // first, as far as the second (`usize::MAX`: the end).
    let mut focus = (0usize, 0usize);
    match view.current() {
        Page::Title | Page::Checkpoint | Page::End => lines = cover_lines(app, view, w, theme),
        Page::Scene(_) => {
            if let Some(scene) = view.scene(app) {
                let room = Density::Room { shown: view.shown };
                let demo = view.demo.as_ref();
                focus = scene_lines(app, scene, demo, room, w, theme, &mut lines);
            }
        }
        Page::Question(i) => match &view.quiz {
            Ok(session) => {
                let item = &session.items[i];
                let revealed = view.revealed[i];
                question_lines(item, revealed, true, w, theme, &mut lines, &mut focus);
                // Options close together when spaced ones do not fit.
                if lines.len() > body.height as usize {
                    lines.clear();
                    question_lines(item, revealed, false, w, theme, &mut lines, &mut focus);
                }
            }
            Err(e) => lines.extend(plain(
                &format!("✗ the checkpoint cannot be shown: {e}"),
                w,
                theme.bad,
            )),
        },
    }
    let height = body.height as usize;
    let max = lines.len().saturating_sub(height) as u16;
    let mut scroll = view.scroll.fit_rows(max);
    if view.scroll.is_following() {
        // As little as shows the focus whole, and never past its start.
        let (start, end) = (focus.0, focus.1.min(lines.len()));
        scroll = (start.min(end.saturating_sub(height)) as u16).min(max);
        view.scroll.shown_at(usize::from(scroll));
    }
    // The covers (title, checkpoint, end) stand centred; pages that teach
    // read from the left, as in the lesson player.
    let cover = matches!(view.current(), Page::Title | Page::Checkpoint | Page::End);
    let alignment = if cover {
        Alignment::Center
    } else {
        Alignment::Left
    };
    frame.render_widget(
        Paragraph::new(lines)
            .style(theme.base)
            .alignment(alignment)
            .scroll((scroll, 0)),
        body,
    );
    // The bottom line: a notice on the left, where we are on the right.
    let bottom = Rect {
        x: inner.x,
        y: area.y + area.height.saturating_sub(1),
        width: inner.width,
        height: 1,
    };
    let more = if scroll < max { "↓ more · " } else { "" };
    let place = format!(
        "{more}lesson {} · {}/{}",
        lesson.number,
        view.page + 1,
        view.pages.len()
    );
    frame.render_widget(
        Paragraph::new(Span::styled(place, theme.muted)).right_aligned(),
        bottom,
    );
    if let Some(notice) = &app.notice {
        frame.render_widget(
            Paragraph::new(Span::styled(format!("» {notice}"), theme.warn)),
            bottom,
        );
    }
}

/// The page's heading.
fn heading(app: &App, view: &PresentView) -> String {
    let lesson = &app.course.lessons[view.lesson];
    match view.current() {
        Page::Title => lesson.title.clone(),
        Page::Scene(_) => view
            .scene(app)
            .map_or_else(String::new, |s| scene_title(s, app)),
        Page::Checkpoint => "Checkpoint".to_string(),
        Page::Question(i) => format!("Question {} of {}", i + 1, view.revealed.len()),
        Page::End => format!("End of lesson {}", lesson.number),
    }
}

/// `text` in large letters: the largest glyphs with which it wraps, at
/// spaces, into at most two lines within `width` columns and `rows` rows.
/// `None` when no size fits, or the text has letters the font lacks.
fn big_lines(text: &str, width: u16, rows: u16) -> Option<(PixelSize, Vec<String>, u16)> {
    // font8x8's Latin letters; nothing else is sure to be drawn.
    if !text
        .chars()
        .all(|c| (' '..='~').contains(&c) || ('¡'..='ÿ').contains(&c))
    {
        return None;
    }
    // Cells per glyph (columns, rows): half-height pixels look square.
    for (size, gw, gh) in [(PixelSize::HalfHeight, 8, 4), (PixelSize::Quadrant, 4, 4)] {
        let per_line = (width / gw) as usize;
        let Some(lines) = wrap_words(text, per_line) else {
            continue;
        };
        let height = lines.len() as u16 * gh;
        if lines.len() <= 2 && height <= rows {
            return Some((size, lines, height));
        }
    }
    None
}

/// Words joined into lines of at most `max` characters; `None` when a word
/// is longer than that.
fn wrap_words(text: &str, max: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if n > max {
            return None;
        }
        if line.is_empty() {
            line = word.to_string();
        } else if line.chars().count() + 1 + n <= max {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Some(lines)
}

fn question_lines<'a>(
    item: &Item,
    revealed: bool,
    spaced: bool,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
    focus: &mut (usize, usize),
) {
    let q = &item.question;
    let prompt = theme.base.add_modifier(Modifier::BOLD);
    question_head(item, kind_hint(item, false), prompt, w, theme, lines);
    let right = crate::app::quiz::right_positions(item);
    for (i, text) in options(item).iter().enumerate() {
        if spaced || i == 0 {
            lines.push(Line::default());
        }
        let (mark, style) = match revealed {
            false => ("", theme.base),
            true if right.contains(&i) => ("✓ ", theme.good),
            true => ("  ", theme.muted),
        };
        let mut spans = vec![Span::styled(format!("{mark}{}. ", i + 1), style)];
        spans.extend(markup(text, theme, style));
        lines.extend(wrap(spans, w, mark.chars().count() + 3));
    }
    lines.push(Line::default());
    if !revealed {
        lines.push(Line::from(Span::styled(
            "The room votes. r reveals the answer.",
            theme.muted,
        )));
        return;
    }
    let start = lines.len();
    let (answer, items) = right_answer(item);
    let mut head = vec![Span::styled("✓ The answer: ", theme.good)];
    head.extend(markup(&answer, theme, theme.good));
    lines.extend(wrap(head, w, 2));
    for text in items {
        let mut spans = vec![Span::styled("  → ", theme.good)];
        spans.extend(markup(&text, theme, theme.good));
        lines.extend(wrap(spans, w, 7));
    }
    lines.push(Line::default());
    lines.extend(prose(&q.explanation, w, theme, theme.base));
    // Why each wrong option is wrong, where the course says.
    let why_nots: Vec<(usize, &String)> = match &q.kind {
        QuestionKind::ChooseOne { options } | QuestionKind::ChooseMany { options } => item
            .order
            .iter()
            .enumerate()
            .filter_map(|(p, &i)| {
                let o = &options[i];
                if o.correct {
                    None
                } else {
                    o.why_not.as_ref().map(|w| (p, w))
                }
            })
            .collect(),
        QuestionKind::TrueFalse { answer, why_not } => {
            vec![(if *answer { 1 } else { 0 }, why_not)]
        }
        _ => Vec::new(),
    };
    for (p, why) in why_nots {
        lines.push(Line::default());
        let mut spans = vec![Span::styled(format!("Why not {}: ", p + 1), theme.warn)];
        spans.extend(markup(why, theme, theme.base));
        lines.extend(wrap(spans, w, 0));
    }
    // The answer and why, in view; the engine's trail may run below.
    *focus = (start, lines.len());
    let trail = match (&item.spotted, &item.decided) {
        (Some(spotted), _) => Some(findings_text(&spotted.findings)),
        (None, Some(e)) => Some(explain::to_text(e)),
        (None, None) => None,
    };
    if let Some(trail) = trail {
        trail_lines(item, &trail, w, theme, lines);
    }
}

/// The right answer in words: a heading's worth, then one line per item
/// of an ordering question (the items with the numbers they are shown by).
fn right_answer(item: &Item) -> (String, Vec<String>) {
    let right = crate::app::quiz::right_positions(item);
    let opts = options(item);
    match &item.question.kind {
        QuestionKind::ShortAnswer { accept } => (accept.join(" · "), Vec::new()),
        QuestionKind::Order { items } => {
            let shown = |i: usize| item.order.iter().position(|&o| o == i).unwrap_or(i) + 1;
            let lines = (0..items.len())
                .map(|i| format!("{}. {}", shown(i), items[i]))
                .collect();
            ("in this order".to_string(), lines)
        }
        // The options are marked above: their numbers say enough.
        QuestionKind::ChooseMany { .. } => {
            let numbers: Vec<String> = right.iter().map(|p| (p + 1).to_string()).collect();
            (numbers.join(", "), Vec::new())
        }
        _ => {
            let words: Vec<String> = right
                .iter()
                .map(|&p| format!("{}. {}", p + 1, opts[p]))
                .collect();
            (words.join("; "), Vec::new())
        }
    }
}

/// The lines of the title, the checkpoint's cover and the end: pages of
/// a few short paragraphs, which `draw` centres.
fn cover_lines(app: &App, view: &PresentView, w: usize, theme: &Theme) -> Vec<Line<'static>> {
    let lesson = &app.course.lessons[view.lesson];
    let paragraph = |text: &str, style: Style| plain(text, w, style);
    let parts: Vec<Vec<Line>> = match view.current() {
        Page::Title => {
            let mut about = format!("Lesson {} of {}", lesson.number, app.course.lessons.len());
            if let Some(m) = lesson.minutes {
                about.push_str(&format!(" · about {m} minutes"));
            }
            vec![
                paragraph(&about, theme.accent),
                prose(&lesson.summary, w, theme, theme.base),
                paragraph(
                    "→ or Space: next · ←: back · ?: keys · q: quit",
                    theme.muted,
                ),
            ]
        }
        Page::Checkpoint => match &view.quiz {
            Err(e) => vec![paragraph(
                &format!("✗ the checkpoint cannot be shown: {e}"),
                theme.bad,
            )],
            Ok(_) => vec![
                paragraph(
                    &format!(
                        "{} on \"{}\", one at a time. The room votes, then r reveals the answer.",
                        plural(lesson.checkpoint.len(), "question"),
                        lesson.title
                    ),
                    theme.base,
                ),
                paragraph(
                    "Same questions, same order, same options for every student who starts",
                    theme.base,
                ),
                paragraph(&format!("iamtutor --seed {}", view.seed), theme.key),
                paragraph(
                    "and opens this checkpoint before any other quiz, review or interview.",
                    theme.base,
                ),
            ],
        },
        _ => {
            let next = match app.course.lessons.get(view.lesson + 1) {
                Some(next) => format!(
                    "Next: lesson {}, {} (iamtutor present {})",
                    next.number, next.title, next.number
                ),
                None => "That was the last lesson of the course.".to_string(),
            };
            vec![
                paragraph(&next, theme.base),
                paragraph(
                    "Students save their progress with `iamtutor progress export FILE`; \
                     `iamtutor class report FILES...` shows who finished what and the questions \
                     the class missed most.",
                    theme.muted,
                ),
                paragraph("← back · q quits", theme.muted),
            ]
        }
    };
    // A blank line between paragraphs.
    let mut lines = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        lines.extend(part);
    }
    lines
}
