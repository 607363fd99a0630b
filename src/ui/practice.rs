//! Review, interview practice and the dashboard on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{plain, prose, wrap};
use super::theme::Theme;
use super::{HitMap, column, header, quiz};
use crate::app::App;
use crate::app::dashboard::DashboardView;
use crate::app::interview::InterviewView;
use crate::app::review::{Current, ReviewView};
use crate::learn::dashboard;
use crate::learn::review::Grade;

fn grade_line<'a>(theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled("How well did you know it?  ", theme.base)];
    for (i, g) in Grade::ALL.iter().enumerate() {
        spans.push(Span::styled(format!("{} ", i + 1), theme.key));
        spans.push(Span::styled(format!("{}   ", g.label()), theme.base));
    }
    Line::from(spans)
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
    match &view.current {
        Some(Current::Question(q)) => {
            quiz::draw(app, q, frame, top, body, theme, hits);
            // The header and, once answered, the grades replace the quiz's.
            header(frame, top, theme, "Review", &right);
            if q.graded.is_some() {
                let r = Rect {
                    y: body.bottom().saturating_sub(1),
                    height: 1,
                    ..column(body)
                };
                frame.render_widget(Paragraph::new(grade_line(theme)).style(theme.base), r);
            }
        }
        Some(Current::Recall {
            title,
            front,
            back,
            revealed,
            ..
        }) => {
            header(frame, top, theme, &format!("Review · {title}"), &right);
            let area = column(body);
            let w = area.width as usize;
            let mut lines = prose(front, w, theme, theme.base);
            lines.push(Line::default());
            if *revealed {
                lines.extend(prose(back, w, theme, theme.accent));
                lines.push(Line::default());
                lines.push(grade_line(theme));
            } else {
                lines.push(Line::from(Span::styled(
                    "Recall it, then Enter shows the answer",
                    theme.key,
                )));
            }
            frame.render_widget(Paragraph::new(lines), area);
        }
        None => {
            header(frame, top, theme, "Review", &right);
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
        }
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
        frame.render_widget(Paragraph::new(lines), area);
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
        lines.push(Line::from(vec![
            Span::styled("notes › ", theme.key),
            Span::styled(notes, theme.code),
        ]));
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
        lines.push(grade_line(theme));
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
    frame.render_widget(
        Paragraph::new(lines).scroll((view.scroll.min(max), 0)),
        area,
    );
}
