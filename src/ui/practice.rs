//! Review and the dashboard on screen (interview practice is in
//! `interview.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::text::{prose, wrap};
use super::theme::Theme;
use super::{HitMap, column, header, quiz};
use crate::app::dashboard::DashboardView;
use crate::app::quiz::Origin;
use crate::app::review::{Current, ReviewView};
use crate::app::{App, KeyScope};
use crate::learn::dashboard;
use crate::learn::review::Grade;

/// What the grades mean where the learner grades a card in review.
const REVIEW_MEANINGS: [&str; 4] = [
    "forgot it: again today",
    "with effort",
    "recalled it",
    "at once",
];

/// The grading legend: a question, then each grade's key, name and
/// meaning, two to a row where they fit. It is pinned below whatever
/// scrolls, so it is always in view.
fn grade_legend<'a>(
    theme: &Theme,
    w: usize,
    question: &str,
    meanings: &[&str; 4],
) -> Vec<Line<'a>> {
    let entries: Vec<(String, &str)> = Grade::ALL
        .iter()
        .zip(meanings)
        .enumerate()
        .map(|(i, (g, m))| (format!("{} {:<7}", i + 1, g.label()), *m))
        .collect();
    let width = |i: usize| entries[i].0.width() + entries[i].1.width();
    // Two columns: Again and Good on the left, Hard and Easy on the right.
    let left = width(0).max(width(2));
    let per_row = if left + 3 + width(1).max(width(3)) <= w {
        2
    } else {
        1
    };
    let mut lines = wrap(vec![Span::styled(question.to_string(), theme.base)], w, 0);
    for row in entries.chunks(per_row) {
        let mut spans = Vec::new();
        for (i, (key, meaning)) in row.iter().enumerate() {
            spans.push(Span::styled(key.clone(), theme.key));
            spans.push(Span::styled(meaning.to_string(), theme.muted));
            if i + 1 < row.len() {
                let pad = left - key.width() - meaning.width();
                spans.push(Span::raw(" ".repeat(pad + 3)));
            }
        }
        lines.extend(wrap(spans, w, 9));
    }
    lines
}

/// The review's legend.
fn review_legend<'a>(theme: &Theme, w: usize) -> Vec<Line<'a>> {
    grade_legend(theme, w, "How well did you know it?", &REVIEW_MEANINGS)
}

/// "More above" and "more below" at the top right of `body`, when there is.
fn more_below(frame: &mut Frame, body: Rect, theme: &Theme, scroll: u16, max: u16) {
    super::scroll_marks(frame, body, theme, scroll, max, "");
}

pub fn draw_review(
    app: &App,
    view: &ReviewView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    let left = view.queue.len() + usize::from(view.current.is_some());
    let right = format!("{} reviewed · {left} to go", view.reviewed);
    // Once a card is answered or revealed, the grading legend keeps the
    // body's last rows, and the card scrolls above it (a recall card that
    // fits has it just below).
    let answered = view.key_scope() == KeyScope::ReviewGrade;
    let w = column(body).width as usize;
    let legend = if answered {
        review_legend(theme, w)
    } else {
        Vec::new()
    };
    // A question's own verdict has a rule above it; a recall card's legend
    // gets one.
    let ruled = answered && matches!(view.current, Some(Current::Recall { .. }));
    let mut pinned_lines = Vec::new();
    if ruled {
        pinned_lines.push(rule(w, theme));
    }
    pinned_lines.extend(legend.iter().cloned());
    let rows = (pinned_lines.len() as u16).min(body.height);
    let card = Rect {
        height: body.height - rows,
        ..body
    };
    let mut pinned = answered.then(|| Rect {
        y: body.bottom() - rows,
        height: rows,
        ..column(body)
    });
    let title = match &view.current {
        Some(Current::Question(q)) => {
            let below = quiz::draw(app, q, frame, top, card, theme, hits);
            // The legend follows the verdict (which keeps the card's last
            // rows when the question is long).
            if let Some(r) = pinned.as_mut() {
                r.y = below.min(r.y);
            }
            // The header is the review's: its count, not the quiz's.
            match q.origin {
                Origin::Checkpoint(l) | Origin::Retry(l) | Origin::Review(l) => {
                    let lesson = &app.course.lessons[l];
                    format!("Review · Lesson {} · {}", lesson.number, lesson.title)
                }
                Origin::Drill(_) | Origin::DrillReview => "Review · Drill".to_string(),
            }
        }
        Some(Current::Recall {
            title,
            front,
            back,
            revealed,
            ..
        }) => {
            let mut area = column(card);
            let w = area.width as usize;
            let mut lines = prose(front, w, theme, theme.base);
            lines.push(Line::default());
            if *revealed {
                lines.extend(prose(back, w, theme, theme.accent));
                let whole = column(body);
                if lines.len() + 1 + legend.len() <= whole.height as usize {
                    lines.push(Line::default());
                    lines.extend(legend.iter().cloned());
                    area = whole;
                    pinned = None;
                }
            } else {
                lines.push(Line::from(Span::styled(
                    "Recall it, then Enter shows the answer",
                    theme.key,
                )));
            }
            let max = lines.len().saturating_sub(area.height as usize) as u16;
            let scroll = view.scroll.fit_rows(max);
            more_below(frame, card, theme, scroll, max);
            frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
            format!("Review · {title}")
        }
        None => {
            let mut lines = vec![Line::from(Span::styled(
                "✓ Nothing more is due today.",
                theme.good,
            ))];
            if view.reviewed > 0 {
                lines.push(Line::default());
                lines.push(Line::from(format!(
                    "{} reviewed, {} of them again. Each card comes back when you are about to forget it.",
                    view.reviewed, view.again
                )));
            }
            frame.render_widget(
                Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
                column(body),
            );
            "Review".to_string()
        }
    };
    frame.render_widget(ratatui::widgets::Clear, top);
    frame.render_widget(Block::default().style(theme.base), top);
    header(frame, top, theme, &title, &right);
    if let Some(r) = pinned {
        frame.render_widget(Paragraph::new(pinned_lines).style(theme.base), r);
    }
}

/// A rule across the column, above what is pinned below it.
fn rule<'a>(w: usize, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled("─".repeat(w), theme.border))
}

pub fn draw_dashboard(
    app: &App,
    view: &DashboardView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
) {
    header(frame, top, theme, "Dashboard", "");
    let area = column(body);
    let mut lines = Vec::new();
    for (i, l) in dashboard::lines(&app.course, &app.progress, app.today)
        .into_iter()
        .enumerate()
    {
        let style = if i < 2 {
            theme.accent
        } else if l.starts_with(' ') {
            theme.base
        } else {
            theme.title
        };
        lines.push(Line::from(Span::styled(l, style)));
    }
    let max = lines.len().saturating_sub(area.height as usize) as u16;
    let scroll = view.scroll.fit_rows(max);
    more_below(frame, body, theme, scroll, max);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}
