//! Review, interview practice and the dashboard on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::text::{plain, prose, wrap};
use super::theme::Theme;
use super::{HitMap, column, header, quiz};
use crate::app::dashboard::DashboardView;
use crate::app::interview::InterviewView;
use crate::app::quiz::Origin;
use crate::app::review::{Current, ReviewView};
use crate::app::{App, Context};
use crate::learn::dashboard;
use crate::learn::review::Grade;

/// The grades and their keys; `enter` names the grade Enter gives, where
/// Enter grades.
fn grade_line<'a>(theme: &Theme, enter: Option<Grade>) -> Line<'a> {
    let mut spans = vec![Span::styled("How well did you know it?  ", theme.base)];
    for (i, g) in Grade::ALL.iter().enumerate() {
        spans.push(Span::styled(format!("{} ", i + 1), theme.key));
        spans.push(Span::styled(format!("{}  ", g.label()), theme.base));
    }
    if let Some(g) = enter {
        spans.push(Span::styled("· ", theme.muted));
        spans.push(Span::styled("Enter ", theme.key));
        spans.push(Span::styled(g.label(), theme.muted));
    }
    Line::from(spans)
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
    // Once a card is answered or revealed, its grades keep the body's last
    // row, and the card scrolls above them (a recall card that fits has
    // them just below).
    let answered = view.context() == Context::ReviewGrade;
    let (card, mut grades) = if answered {
        let card = Rect {
            height: body.height.saturating_sub(1),
            ..body
        };
        let grades = Rect {
            y: body.bottom().saturating_sub(1),
            height: 1,
            ..column(body)
        };
        (card, Some(grades))
    } else {
        (body, None)
    };
    let title = match &view.current {
        Some(Current::Question(q)) => {
            quiz::draw(app, q, frame, top, card, theme, hits);
            // The header is the review's: its count, not the quiz's.
            let lesson = match q.origin {
                Origin::Checkpoint(l) | Origin::Retry(l) | Origin::Review(l) => {
                    &app.course.lessons[l]
                }
            };
            format!("Review · Lesson {} · {}", lesson.number, lesson.title)
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
                if lines.len() + 2 <= whole.height as usize {
                    lines.push(Line::default());
                    lines.push(grade_line(theme, Some(view.suggested())));
                    area = whole;
                    grades = None;
                }
            } else {
                lines.push(Line::from(Span::styled(
                    "Recall it, then Enter shows the answer",
                    theme.key,
                )));
            }
            let max = lines.len().saturating_sub(area.height as usize) as u16;
            view.max_scroll.set(max);
            let scroll = view.scroll.min(max);
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
    if let Some(r) = grades {
        frame.render_widget(
            Paragraph::new(grade_line(theme, Some(view.suggested()))).style(theme.base),
            r,
        );
    }
}

fn clock(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    format!("{}:{:02}", s / 60, s % 60)
}

pub fn draw_interview(
    app: &App,
    view: &InterviewView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
) {
    let _ = app;
    let area = column(body);
    let w = area.width as usize;
    let mut lines = Vec::new();
    if view.finished || view.cards.is_empty() {
        header(frame, top, theme, "Interview practice · report", "");
        let strong = view
            .grades
            .iter()
            .filter(|(_, _, g)| matches!(g, Grade::Good | Grade::Easy))
            .count();
        lines.push(Line::from(Span::styled(
            format!("{strong} of {} answered well.", view.grades.len()),
            theme.title,
        )));
        lines.push(Line::default());
        for (id, topic, g) in &view.grades {
            let ok = matches!(g, Grade::Good | Grade::Easy);
            let mark = if ok { "✓" } else { "✗" };
            let q = view
                .cards
                .iter()
                .find(|c| &c.id == id)
                .map_or("", |c| c.question.as_str());
            lines.extend(wrap(
                vec![
                    Span::styled(
                        format!("{mark} {:<5} ", g.label()),
                        super::style_ok(ok, theme),
                    ),
                    Span::styled(format!("[{topic}] "), theme.muted),
                    Span::styled(q.to_string(), theme.base),
                ],
                w,
                8,
            ));
        }
        lines.push(Line::default());
        let weak = view.weak_topics();
        if weak.is_empty() {
            lines.push(Line::from(Span::styled(
                "No weak topics this time.",
                theme.good,
            )));
        } else {
            lines.extend(wrap(
                vec![
                    Span::styled("Weak topics: ", theme.warn),
                    Span::styled(weak.join(", "), theme.base),
                ],
                w,
                2,
            ));
            lines.extend(plain(
                "The questions you graded Again or Hard are now in your review deck.",
                w,
                theme.muted,
            ));
        }
        let max = lines.len().saturating_sub(area.height as usize) as u16;
        view.max_scroll.set(max);
        let scroll = view.scroll.min(max);
        more_below(frame, body, theme, scroll, max);
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
        return;
    }
    let card = &view.cards[view.index];
    let remaining = view.remaining_ms();
    let right = if view.revealed {
        format!("question {}/{}", view.index + 1, view.cards.len())
    } else {
        format!(
            "question {}/{} · ⏱ {}",
            view.index + 1,
            view.cards.len(),
            clock(remaining)
        )
    };
    header(
        frame,
        top,
        theme,
        &format!("Interview practice · {}", card.topic),
        &right,
    );
    lines.extend(prose(&card.question, w, theme, theme.title));
    lines.push(Line::default());
    if !view.revealed {
        let mut notes = view.notes.text().to_string();
        let at = notes
            .char_indices()
            .nth(view.notes.cursor())
            .map_or(notes.len(), |(i, _)| i);
        notes.insert(at, '▏');
        // Long notes wrap, so the cursor stays in sight.
        lines.extend(wrap(
            vec![
                Span::styled("notes › ", theme.key),
                Span::styled(notes, theme.code),
            ],
            w,
            8,
        ));
        lines.push(Line::default());
        lines.extend(plain(
            "Answer as you would aloud; type notes if you like. Enter shows the model answer.",
            w,
            theme.muted,
        ));
    } else {
        if !view.notes.is_empty() {
            lines.extend(wrap(
                vec![
                    Span::styled("your notes: ", theme.muted),
                    Span::styled(view.notes.text().to_string(), theme.code),
                ],
                w,
                2,
            ));
            lines.push(Line::default());
        }
        lines.extend(prose(&card.answer, w, theme, theme.base));
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Key points", theme.accent)));
        for k in &card.key_points {
            lines.extend(prose(&format!("- {k}"), w, theme, theme.base));
        }
        lines.push(Line::default());
        lines.push(grade_line(theme, None));
    }
    frame.render_widget(Paragraph::new(lines), area);
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
    view.max_scroll.set(max);
    more_below(frame, body, theme, view.scroll.min(max), max);
    frame.render_widget(
        Paragraph::new(lines).scroll((view.scroll.min(max), 0)),
        area,
    );
}
