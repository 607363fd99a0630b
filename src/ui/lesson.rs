//! The lesson player: one scene, drawn by its kind, with a progress bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::{markup, plain, prose, wrap};
use super::theme::Theme;
use super::{header, progress_bar};
use crate::app::App;
use crate::app::lesson::{DemoPlayer, LessonView};
use crate::app::present::paragraphs;
use crate::content::revisit::own_title;
use crate::content::schema::{CalloutKind, DemoStep, Scene};
use crate::content::words::plural;
use crate::learn::progress::LabProgress;

/// A scene's title, for the jump list and the header.
pub fn scene_title(scene: &Scene, app: &App) -> String {
    match scene {
        Scene::LabIntro { lab } => app
            .course
            .lab(lab)
            .map_or(format!("Lab {lab}"), |(_, l)| format!("Lab: {}", l.title)),
        _ => own_title(scene).unwrap_or_default().to_string(),
    }
}

pub fn draw(app: &App, view: &LessonView, frame: &mut Frame, top: Rect, body: Rect, theme: &Theme) {
    let lesson = &app.course.lessons[view.lesson];
    let total = lesson.scenes.len();
    let where_ = if view.scene < total {
        format!("scene {}/{total}", view.scene + 1)
    } else {
        "checkpoint".to_string()
    };
    let bar = progress_bar(view.scene + 1, total + 1, 10);
    header(
        frame,
        top,
        theme,
        &format!("Lesson {} · {}", lesson.number, lesson.title),
        &format!("{bar} {where_}"),
    );
    let area = super::column(body);
    let w = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    match lesson.scenes.get(view.scene) {
        Some(scene) => {
            lines.push(Line::from(Span::styled(
                scene_title(scene, app),
                theme.title,
            )));
            lines.push(Line::default());
            let demo = view.demo.as_ref();
            scene_lines(app, scene, demo, Density::Desk, w, theme, &mut lines);
        }
        None => checkpoint_lines(app, view, w, theme, &mut lines),
    }
    let height = area.height as usize;
    let max = lines.len().saturating_sub(height) as u16;
    let scroll = view.scroll.fit_rows(max);
    // At the bottom of a demo with steps to run, the scene is not over.
    let steps_left = match lesson.scenes.get(view.scene) {
        Some(Scene::Demo { steps, .. }) => view
            .demo
            .as_ref()
            .is_some_and(|d| d.error.is_none() && d.outputs.len() < steps.len()),
        _ => false,
    };
    let at_end = if steps_left {
        "Space runs the next step"
    } else {
        "end of scene"
    };
    super::scroll_marks(frame, body, theme, scroll, max, at_end);
    frame.render_widget(
        Paragraph::new(lines).style(theme.base).scroll((scroll, 0)),
        area,
    );
}

/// How a scene is laid out: for one learner at a desk, or for a room
/// watching a projector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Density {
    /// The lesson player: the whole scene at once, every demo step run so
    /// far in full, and the keys that go on.
    Desk,
    /// The presenter: the first `shown` paragraphs of prose or points of
    /// takeaways, a blank line between them, earlier demo steps one line
    /// each, and no learner's record (the presenter is not a learner).
    Room { shown: usize },
}

/// A scene's lines below its title. Returns the rows to keep in view when
/// following the newest thing (a paragraph just shown, the latest demo
/// step): from the first as far as the second (`usize::MAX`: the end).
pub(super) fn scene_lines<'a>(
    app: &App,
    scene: &Scene,
    demo: Option<&DemoPlayer>,
    density: Density,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) -> (usize, usize) {
    let mut focus = (0, 0);
    let shown = match density {
        Density::Desk => usize::MAX,
        Density::Room { shown } => shown,
    };
    match scene {
        Scene::Prose { text, .. } if density == Density::Desk => {
            lines.extend(prose(text, w, theme, theme.base));
        }
        Scene::Prose { text, .. } => {
            let paras = paragraphs(text);
            for (i, p) in paras.iter().take(shown).enumerate() {
                if i > 0 {
                    lines.push(Line::default());
                }
                focus = (lines.len(), usize::MAX);
                lines.extend(prose(p, w, theme, theme.base));
            }
            if shown < paras.len() {
                lines.push(Line::from(Span::styled("…", theme.muted)));
            }
        }
        Scene::Table {
            intro,
            header,
            rows,
            ..
        } => {
            intro_lines(intro.as_deref(), w, theme, lines);
            table(header, rows, w, theme, lines);
        }
        Scene::Diagram { art, caption, .. } => {
            for l in art.trim_matches('\n').lines() {
                lines.push(Line::from(Span::styled(l.to_string(), theme.accent)));
            }
            if let Some(c) = caption {
                lines.push(Line::default());
                // The arrow says "of the picture above" where colour cannot.
                marked_prose("↑ ", c, w, theme, theme.base, lines);
            }
        }
        Scene::Callout { kind, text, .. } => {
            let (mark, word, bar, style) = match kind {
                CalloutKind::Analogy => ("≈", "Analogy", "┆ ", theme.accent),
                CalloutKind::Warning => ("⚠", "Warning", "┃ ", theme.warn),
                CalloutKind::Tip => ("✦", "Tip", "│ ", theme.good),
            };
            lines.push(Line::from(Span::styled(format!("{mark} {word}"), style)));
            for l in prose(text, w.saturating_sub(2), theme, theme.base) {
                let mut spans = vec![Span::styled(bar, style)];
                spans.extend(l.spans);
                lines.push(Line::from(spans));
            }
        }
        Scene::Demo { intro, steps, .. } => {
            intro_lines(intro.as_deref(), w, theme, lines);
            if let Some(demo) = demo {
                focus = demo_lines(steps, demo, density, w, theme, lines);
            }
        }
        Scene::Takeaways { points, .. } => {
            for (i, p) in points.iter().take(shown).enumerate() {
                if i > 0 && density != Density::Desk {
                    lines.push(Line::default());
                }
                focus = (lines.len(), usize::MAX);
                let mut spans = vec![Span::styled("✓ ", theme.good)];
                spans.extend(markup(p, theme, theme.base));
                lines.extend(wrap(spans, w, 2));
            }
            if shown < points.len() {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled("…", theme.muted)));
            }
        }
        Scene::LabIntro { lab } => lab_intro(app, lab, density, w, theme, lines),
    }
    focus
}

/// A table's or a demo's introduction, and a blank line after it.
fn intro_lines<'a>(intro: Option<&str>, w: usize, theme: &Theme, lines: &mut Vec<Line<'a>>) {
    if let Some(intro) = intro {
        lines.extend(prose(intro, w, theme, theme.base));
        lines.push(Line::default());
    }
}

/// A blank line, unless the last line is blank already (or there is none).
fn gap(lines: &mut Vec<Line<'_>>) {
    if lines.last().is_some_and(|l| l.width() > 0) {
        lines.push(Line::default());
    }
}

/// A demo's steps: each run one with what it printed (at a desk), or one
/// line each but the newest (in a room); then the step being typed, the
/// key that runs the next, or that it is done. Returns the rows to follow.
fn demo_lines<'a>(
    steps: &[DemoStep],
    demo: &DemoPlayer,
    density: Density,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) -> (usize, usize) {
    let mut focus = (0, 0);
    if let Some(e) = &demo.error {
        lines.extend(plain(&format!("✗ this demo cannot run: {e}"), w, theme.bad));
        return focus;
    }
    let done = demo.outputs.len();
    for (i, out) in demo.outputs.iter().enumerate() {
        if density != Density::Desk && i + 1 < done {
            let mark = if out.ok { "✓ " } else { "✗ " };
            let first = steps[i].run.lines().next().unwrap_or("");
            lines.extend(wrap(
                vec![
                    Span::styled(mark, theme.muted),
                    Span::styled(format!("$ {first}"), theme.muted),
                ],
                w,
                4,
            ));
            continue;
        }
        gap(lines);
        focus = (lines.len(), usize::MAX);
        said(&steps[i].say, w, theme, lines);
        command_lines(&steps[i].run, None, w, theme, lines);
        lines.extend(plain(&out.stdout, w, theme.base));
        lines.extend(plain(&out.stderr, w, theme.bad));
    }
    gap(lines);
    let Some(step) = steps.get(done) else {
        let words = match density {
            Density::Desk => "✓ demo done: → for the next scene",
            Density::Room { .. } => "✓ demo done",
        };
        lines.push(Line::from(Span::styled(words, theme.good)));
        return focus;
    };
    if demo.typing.is_some() {
        focus = (lines.len(), usize::MAX);
    }
    said(&step.say, w, theme, lines);
    match demo.typing {
        Some(n) => command_lines(&step.run, Some(n), w, theme, lines),
        None => lines.push(Line::from(Span::styled(
            format!("▶ Space runs step {} of {}", done + 1, steps.len()),
            theme.key,
        ))),
    }
    focus
}

/// What the demo says before a step runs: marked `#`, as a comment in a
/// shell, so it reads apart from the command's output without colour.
fn said<'a>(text: &str, w: usize, theme: &Theme, lines: &mut Vec<Line<'a>>) {
    marked_prose("# ", text, w, theme, theme.accent, lines);
}

/// Prose whose first row starts with `mark` and whose other rows hang
/// under its text.
fn marked_prose<'a>(
    mark: &'static str,
    text: &str,
    w: usize,
    theme: &Theme,
    style: Style,
    lines: &mut Vec<Line<'a>>,
) {
    let indent = mark.width();
    for (i, line) in text.trim_matches('\n').lines().enumerate() {
        if line.trim().is_empty() {
            lines.push(Line::default());
            continue;
        }
        let lead = if i == 0 {
            mark.to_string()
        } else {
            " ".repeat(indent)
        };
        let mut spans = vec![Span::styled(lead, theme.muted)];
        spans.extend(markup(line, theme, style));
        lines.extend(wrap(spans, w, indent));
    }
}

/// A lab's story and goals. At a desk, once solved, the goals ticked and
/// how it went, and the key that opens it; in a room, where students
/// find it.
fn lab_intro<'a>(
    app: &App,
    id: &str,
    density: Density,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) {
    let Some((_, lab)) = app.course.lab(id) else {
        return;
    };
    let solved = match density {
        Density::Desk => app.progress.labs.get(&lab.id).filter(|l| l.solved),
        Density::Room { .. } => None,
    };
    lines.extend(prose(&lab.story, w, theme, theme.base));
    lines.push(Line::default());
    // Solved: said on the heading's line, so the scene keeps its height.
    match solved {
        Some(record) => lines.extend(wrap(
            vec![
                Span::styled("Goals · ", theme.title),
                Span::styled(solved_words(record), theme.good),
            ],
            w,
            2,
        )),
        None => lines.push(Line::from(Span::styled("Goals", theme.title))),
    }
    let (mark, style) = match solved {
        Some(_) => ("✓", theme.good),
        None => ("○", theme.base),
    };
    for g in &lab.goals {
        lines.extend(wrap(
            vec![Span::styled(format!("{mark} {}", g.text), style)],
            w,
            2,
        ));
    }
    lines.push(Line::default());
    let (prompt, style) = match (density, solved) {
        (Density::Room { .. }, _) => (
            "Students open this lab from the lesson, or from home in iamtutor.",
            theme.muted,
        ),
        (Density::Desk, Some(_)) => ("▶ Enter opens the lab again; → moves on", theme.key),
        (Density::Desk, None) => ("▶ Enter opens the lab; → moves on without it", theme.key),
    };
    lines.extend(plain(prompt, w, style));
}

/// "★ solved in 26 commands, within par, with 2 hints".
fn solved_words(record: &LabProgress) -> String {
    let mut s = match record.commands {
        Some(n) => format!("★ solved in {}", plural(n, "command")),
        None => "★ solved".to_string(),
    };
    if record.met_par {
        s.push_str(", within par");
    }
    if record.solution_shown {
        s.push_str(", after seeing the solution");
    } else if record.hints > 0 {
        s.push_str(&format!(", with {}", plural(record.hints, "hint")));
    }
    s
}

/// A sandbox command as typed (`typed` characters of it so far), with the
/// prompt; here-documents show on their own lines.
pub(super) fn command_lines<'a>(
    cmd: &str,
    typed: Option<usize>,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) {
    let shown: String = match typed {
        Some(n) => cmd.chars().take(n).collect::<String>() + "▏",
        None => cmd.to_string(),
    };
    for (i, l) in shown.lines().enumerate() {
        let prompt = if i == 0 { "$ " } else { "> " };
        let spans = vec![
            Span::styled(prompt, theme.key),
            Span::styled(l.to_string(), theme.code),
        ];
        lines.extend(wrap(spans, w, 2));
    }
}

pub(super) fn table<'a>(
    header: &[String],
    rows: &[Vec<String>],
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) {
    let cols = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if cols == 0 {
        return;
    }
    let mut widths = vec![1usize; cols];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    // Shrink the widest column until the table fits.
    let sep = 3;
    let room = w.saturating_sub(sep * (cols - 1));
    while widths.iter().sum::<usize>() > room {
        let (i, &widest) = widths
            .iter()
            .enumerate()
            .max_by_key(|(_, w)| **w)
            .expect("a column");
        if widest <= 6 {
            break;
        }
        widths[i] -= 1;
    }
    let draw_row = |cells: &[String], style: Style, lines: &mut Vec<Line<'a>>| {
        let wrapped: Vec<Vec<Line>> = (0..cols)
            .map(|i| {
                let cell = cells.get(i).map_or("", String::as_str);
                wrap(markup(cell, theme, style), widths[i], 0)
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for r in 0..height {
            let mut spans = Vec::new();
            for (i, cell) in wrapped.iter().enumerate() {
                if i > 0 {
                    spans.push(Span::styled(" │ ", theme.border));
                }
                let line = cell.get(r).cloned().unwrap_or_default();
                let pad = widths[i].saturating_sub(line.width());
                spans.extend(line.spans);
                spans.push(Span::raw(" ".repeat(pad)));
            }
            lines.push(Line::from(spans));
        }
    };
    draw_row(header, theme.title, lines);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    lines.push(Line::from(Span::styled(rule.join("─┼─"), theme.border)));
    for row in rows {
        draw_row(row, theme.base, lines);
    }
}

fn checkpoint_lines<'a>(
    app: &App,
    view: &LessonView,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) {
    let lesson = &app.course.lessons[view.lesson];
    lines.push(Line::from(Span::styled("Checkpoint", theme.title)));
    lines.push(Line::default());
    lines.extend(plain(
        &format!(
            "{} on \"{}\", in a shuffled order. Each answer is marked at once, with why.",
            crate::content::words::plural(lesson.checkpoint.len(), "question"),
            lesson.title
        ),
        w,
        theme.base,
    ));
    let best = app.progress.lessons.get(&lesson.id).and_then(|p| p.best);
    if let Some((r, o)) = best {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("Your best so far: {r} of {o}."),
            theme.accent,
        )));
    }
    lines.push(Line::default());
    let next = app.course.lessons.get(view.lesson + 1);
    // What Enter and → do here, as the footer says: once the checkpoint is
    // taken, → moves on and Enter takes it again.
    let (first, second) = match (best, next) {
        (None, Some(next)) => (
            "▶ Enter starts the checkpoint".to_string(),
            format!("  Next lesson: {} {} (g to jump)", next.number, next.title),
        ),
        (None, None) => (
            "▶ Enter starts the checkpoint".to_string(),
            "  This is the last lesson.".to_string(),
        ),
        (Some(_), Some(next)) => (
            format!("▶ → next lesson: {} {}", next.number, next.title),
            "  Enter takes the checkpoint again; your best score is kept.".to_string(),
        ),
        (Some(_), None) => (
            "▶ → home: this is the last lesson".to_string(),
            "  Enter takes the checkpoint again; your best score is kept.".to_string(),
        ),
    };
    lines.extend(wrap(vec![Span::styled(first, theme.key)], w, 2));
    lines.extend(wrap(vec![Span::styled(second, theme.muted)], w, 2));
}
