//! A question, its feedback, and the quiz's summary.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{markup, plain, prose, wrap};
use super::theme::Theme;
use super::{header, style_ok};
use crate::app::quiz::{Origin, QuizView, options};
use crate::app::{App, HitMap, Target};
use crate::content::schema::QuestionKind;
use crate::learn::quiz::Answer;

pub fn draw(
    app: &App,
    view: &QuizView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    let (lesson, what) = match view.origin {
        Origin::Checkpoint(l) => (l, "Checkpoint"),
        Origin::Retry(l) => (l, "Retry"),
        Origin::Review(l) => (l, "Review"),
    };
    let l = &app.course.lessons[lesson];
    let total = view.session.items.len();
    let (right, _) = view.session.score();
    let answered = view.session.answers.iter().flatten().count();
    let status = if view.summary {
        "done".to_string()
    } else {
        format!(
            "question {}/{total} · ✓{right} ✗{}",
            view.index + 1,
            answered - right
        )
    };
    header(
        frame,
        top,
        theme,
        &format!("{what} · Lesson {} · {}", l.number, l.title),
        &status,
    );
    let area = super::column(body);
    let w = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    // Rows of `lines` that belong to each option, for clicks.
    let mut option_rows: Vec<(usize, usize)> = Vec::new();
    if view.summary {
        summary(view, w, theme, &mut lines);
    } else {
        question(view, w, theme, &mut lines, &mut option_rows);
    }
    let max = lines.len().saturating_sub(area.height as usize) as u16;
    view.max_scroll.set(max);
    // Before the answer, the highlighted option is always in view: a long
    // question (an organization to judge) must not hide its options.
    let follow = if view.summary || view.graded.is_some() {
        0
    } else {
        option_rows
            .iter()
            .filter(|(_, o)| *o == view.cursor)
            .map(|(row, _)| row + 1)
            .max()
            .map_or(0, |end| end.saturating_sub(area.height as usize) as u16)
    };
    let scroll = view.scroll.max(follow).min(max);
    for (row, option) in option_rows {
        let y = row as i64 - scroll as i64;
        if y >= 0 && (y as u16) < area.height {
            hits.add(
                area.x,
                area.y + y as u16,
                area.width,
                1,
                Target::Row(option),
            );
        }
    }
    if max > 0 && scroll < max {
        let r = Rect { height: 1, ..body };
        frame.render_widget(
            Paragraph::new(Span::styled("↓ more below (j / ↓)", theme.muted)).right_aligned(),
            r,
        );
    }
    frame.render_widget(
        Paragraph::new(lines).style(theme.base).scroll((scroll, 0)),
        area,
    );
}

fn question<'a>(
    view: &QuizView,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
    option_rows: &mut Vec<(usize, usize)>,
) {
    let item = view.item();
    let q = &item.question;
    let kind_hint = match &q.kind {
        QuestionKind::ChooseOne { .. } => "Choose one",
        QuestionKind::ChooseMany { .. } => {
            "Choose every right answer: tick with Space or the numbers, then Enter"
        }
        QuestionKind::TrueFalse { .. } => "True or false?",
        QuestionKind::ShortAnswer { .. } => "Type your answer, then Enter",
        QuestionKind::Decide(_) => "What does AWS decide?",
        QuestionKind::Spot(_) => "Spot the problem: which one breaks a best practice?",
        QuestionKind::Order { .. } => {
            "Put these in order: press the numbers, first to last; Backspace takes back"
        }
    };
    lines.push(Line::from(Span::styled(kind_hint, theme.muted)));
    lines.push(Line::default());
    lines.extend(prose(&q.prompt, w, theme, theme.base));
    if let Some(spotted) = &item.spotted {
        lines.push(Line::default());
        lines.extend(plain(&spotted.inventory.join("\n"), w, theme.code));
    }
    if let QuestionKind::Decide(d) = &q.kind {
        lines.push(Line::default());
        for (k, v) in [
            ("principal", &d.principal),
            ("action", &d.action),
            ("resource", &d.resource),
        ] {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<10}"), theme.muted),
                Span::styled(v.clone(), theme.code),
            ]));
        }
        for (k, v) in &d.context {
            lines.push(Line::from(vec![
                Span::styled("  context   ", theme.muted),
                Span::styled(format!("{k} = {v}"), theme.code),
            ]));
        }
    }
    lines.push(Line::default());
    let opts = options(item);
    let graded = view.graded.as_ref();
    let right = crate::app::quiz::right_positions(view.item());
    for (i, text) in opts.iter().enumerate() {
        let chosen = match &view.answer {
            Some(Answer::One(p)) => *p == i,
            Some(Answer::Many(ps)) => ps.contains(&i),
            Some(Answer::Bool(b)) => (i == 0) == *b,
            Some(Answer::Decision(d)) => crate::app::quiz::DECISIONS[i].0 == *d,
            _ => false,
        };
        let cursor = if graded.is_none() && i == view.cursor {
            "▸"
        } else {
            " "
        };
        let mark = match &q.kind {
            QuestionKind::ChooseMany { .. } if graded.is_none() => if view.picked.contains(&i) {
                "[x] "
            } else {
                "[ ] "
            }
            .to_string(),
            QuestionKind::Order { .. } if graded.is_none() => {
                match view.ordered.iter().position(|p| *p == i) {
                    Some(n) => format!("({}) ", n + 1),
                    None => "( ) ".to_string(),
                }
            }
            _ => String::new(),
        };
        // After the answer: ✓ on every right option, ✗ on a wrong one chosen.
        let verdict = match graded {
            Some(_) if right.contains(&i) => "✓ ",
            Some(_) if chosen => "✗ ",
            Some(_) => "  ",
            None => "",
        };
        let style = match graded {
            Some(_) if right.contains(&i) => theme.good,
            Some(_) if chosen => theme.bad,
            None if i == view.cursor => theme.accent,
            _ => theme.base,
        };
        let mut spans = vec![Span::styled(
            format!("{cursor}{verdict}{}. {mark}", i + 1),
            style,
        )];
        spans.extend(markup(text, theme, style));
        let before = lines.len();
        lines.extend(wrap(spans, w, 5));
        for row in before..lines.len() {
            option_rows.push((row, i));
        }
    }
    if let QuestionKind::ShortAnswer { .. } = &q.kind {
        let mut text = view.text.text().to_string();
        if graded.is_none() {
            let at = view
                .text
                .text()
                .char_indices()
                .nth(view.text.cursor())
                .map_or(text.len(), |(i, _)| i);
            text.insert(at, '▏');
        }
        lines.push(Line::from(vec![
            Span::styled("answer › ", theme.key),
            Span::styled(text, theme.code),
        ]));
    }
    if let Some(g) = graded {
        lines.push(Line::default());
        let (mark, words) = if g.correct {
            ("✓", "Right.")
        } else {
            ("✗", "Not quite.")
        };
        let mut head = vec![Span::styled(
            format!("{mark} {words}"),
            style_ok(g.correct, theme),
        )];
        if !g.correct && !g.right_answer.is_empty() {
            head.push(Span::styled(" The answer: ", theme.base));
            head.extend(markup(&g.right_answer, theme, theme.term));
        }
        lines.extend(wrap(head, w, 2));
        if let Some(why_not) = &g.why_not {
            lines.push(Line::default());
            let mut spans = vec![Span::styled("Why not: ", theme.warn)];
            spans.extend(markup(why_not, theme, theme.base));
            lines.extend(wrap(spans, w, 0));
        }
        lines.push(Line::default());
        lines.extend(prose(&g.explanation, w, theme, theme.base));
        if let Some(trail) = &g.trail {
            lines.push(Line::default());
            let heading = if view.item().spotted.is_some() {
                "What the advisor found"
            } else {
                "How the engine decided"
            };
            lines.push(Line::from(Span::styled(heading, theme.title)));
            lines.extend(plain(trail, w, theme.muted));
        }
        lines.push(Line::default());
        let next = if view.index + 1 < view.session.items.len() {
            "▶ Enter: next question"
        } else {
            "▶ Enter: see your score"
        };
        lines.push(Line::from(Span::styled(next, theme.key)));
    }
}

fn summary<'a>(view: &QuizView, w: usize, theme: &Theme, lines: &mut Vec<Line<'a>>) {
    let (right, total) = view.session.score();
    lines.push(Line::from(Span::styled(
        format!("Your score: {right} of {total}"),
        theme.title,
    )));
    lines.push(Line::default());
    for (item, answer) in view.session.items.iter().zip(&view.session.answers) {
        let ok = answer.as_ref().is_some_and(|g| g.correct);
        let mark = if ok { "✓ " } else { "✗ " };
        let first = item.question.prompt.lines().next().unwrap_or("");
        let mut spans = vec![Span::styled(mark, style_ok(ok, theme))];
        spans.extend(markup(first, theme, theme.base));
        lines.extend(wrap(spans, w, 2));
    }
    lines.push(Line::default());
    let wrong = view.session.wrong().len();
    let text = match wrong {
        0 => "Every answer right. Enter goes back to the lesson.".to_string(),
        1 => "r retries the one you missed; Enter goes back to the lesson.".to_string(),
        n => format!("r retries the {n} you missed; Enter goes back to the lesson."),
    };
    lines.push(Line::from(Span::styled(text, theme.key)));
}
