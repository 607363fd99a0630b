//! Home: the course map with progress, "continue", the sandbox.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::text::fit;
use super::theme::Theme;
use super::{block, header, progress_bar};
use crate::app::home::{Entry, HomeView, entries};
use crate::app::{App, HitMap, Target};
use crate::content::words::plural;
use crate::learn::progress::{LabState, Place};
use crate::learn::review;

pub fn draw(
    app: &App,
    view: &HomeView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    header(
        frame,
        top,
        theme,
        "iamtutor · learn AWS IAM by doing",
        &if app.no_color {
            "no colour".to_string()
        } else {
            format!("theme: {}", app.theme.label())
        },
    );
    let t = app.progress.totals(&app.course);
    let mut summary = format!(
        "{}/{} lessons done · {}/{} scenes read · {}/{} labs solved",
        t.lessons_done, t.lessons, t.scenes_seen, t.scenes, t.labs_solved, t.labs
    );
    // What is due shows at once, not only on the review row far below.
    let due = review::due(&app.progress.review, app.today).len();
    if due > 0 {
        summary.push_str(&format!(" · {due} due for review"));
    }
    let wide = body.width >= 110;
    let [line, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    frame.render_widget(Paragraph::new(Span::styled(summary, theme.accent)), line);
    let (list_area, detail_area) = if wide {
        let [l, d] = Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
            .areas(rest);
        (l, d)
    } else {
        let [l, d] = Layout::vertical([Constraint::Min(5), Constraint::Length(5)]).areas(rest);
        (l, d)
    };
    let rows = entries(app);
    let selected = view.selected(&rows);
    let outer = block("Course", theme);
    let inner = outer.inner(list_area);
    frame.render_widget(outer, list_area);
    let height = inner.height as usize;
    let top_row = selected
        .saturating_sub(height.saturating_sub(1) / 2)
        .min(rows.len().saturating_sub(height));
    let mut lines = Vec::new();
    for (i, entry) in rows.iter().enumerate().skip(top_row).take(height) {
        let (left, right) = row_text(app, entry);
        let width = inner.width as usize;
        let right_w = right.width();
        let room = width.saturating_sub(right_w + 2);
        let left = fit(&left, room);
        let pad = width.saturating_sub(left.width() + right_w);
        let text = format!("{left}{}{right}", " ".repeat(pad.saturating_sub(1)));
        let style = if i == selected {
            theme.selected
        } else {
            match entry {
                Entry::Continue(_) => theme.accent,
                Entry::Lab(..) => theme.muted,
                _ => theme.base,
            }
        };
        lines.push(Line::from(Span::styled(text, style)));
        hits.add(
            inner.x,
            inner.y + (i - top_row) as u16,
            inner.width,
            1,
            Target::Row(i),
        );
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(entry) = rows.get(selected) {
        detail(app, entry, frame, detail_area, theme);
    }
}

fn lab_mark(state: LabState) -> &'static str {
    match state {
        LabState::NotStarted => "○ to do",
        LabState::Started => "◐ started",
        LabState::Solved => "✓ solved",
        LabState::SolvedPar => "★ par",
    }
}

fn row_text(app: &App, entry: &Entry) -> (String, String) {
    match entry {
        Entry::Continue(Place::Scene {
            lesson,
            scene,
            step,
        }) => {
            let l = app.course.lessons.iter().find(|l| &l.id == lesson);
            let title = l.map_or(String::new(), |l| {
                format!("lesson {}, {}", l.number, l.title)
            });
            let at = l.map_or(0, |l| l.scenes.len());
            let where_ = if *scene >= at {
                "checkpoint".to_string()
            } else if *step > 0 {
                format!("scene {}, step {}", scene + 1, step + 1)
            } else {
                format!("scene {}", scene + 1)
            };
            (format!("▶ Continue: {title}"), where_)
        }
        Entry::Continue(Place::Lab { lab }) => {
            let title = app
                .course
                .lab(lab)
                .map_or(lab.clone(), |(_, l)| l.title.clone());
            (format!("▶ Continue the lab: {title}"), String::new())
        }
        Entry::Lesson(i) => {
            let l = &app.course.lessons[*i];
            let seen = app.progress.seen(&l.id).min(l.scenes.len());
            let best = app
                .progress
                .lessons
                .get(&l.id)
                .and_then(|p| p.best)
                .map_or("  —  ".to_string(), |(r, o)| format!("✓{r:>2}/{o:<2}"));
            (
                format!("{:>2}  {}", l.number, l.title),
                format!(
                    "{} {seen:>2}/{:<2} {best}",
                    progress_bar(seen, l.scenes.len(), 6),
                    l.scenes.len()
                ),
            )
        }
        Entry::Lab(i, j) => {
            let lab = &app.course.lessons[*i].labs[*j];
            (
                format!("     ⚗ lab: {}", lab.title),
                lab_mark(app.progress.lab_state(&lab.id)).to_string(),
            )
        }
        Entry::Sandbox(name) => sandbox_row(app, name),
        Entry::Review => {
            let due = review::due(&app.progress.review, app.today).len();
            ("↻  Review".to_string(), format!("{due} due  r"))
        }
        Entry::Interview => ("?  Interview practice".to_string(), "i".to_string()),
        Entry::Drill => (
            format!(
                "↯  Drill: fresh questions, level {}",
                crate::app::drill::home_level(app)
            ),
            String::new(),
        ),
        Entry::Dashboard => ("≡  Dashboard: your progress".to_string(), "d".to_string()),
    }
}

/// Where Continue leads, in words.
fn continue_detail(app: &App, place: &Place) -> String {
    match place {
        Place::Scene {
            lesson,
            scene,
            step,
        } => {
            let Some(l) = app.course.lessons.iter().find(|l| &l.id == lesson) else {
                return "Pick up where you left off.".to_string();
            };
            match l.scenes.get(*scene) {
                Some(s) => {
                    let title = super::lesson::scene_title(s, app);
                    let steps = if *step > 0 {
                        format!(", with the demo's first {step} steps run again")
                    } else {
                        String::new()
                    };
                    format!("Lesson {}, scene {}: {title}{steps}.", l.number, scene + 1)
                }
                None => format!(
                    "Lesson {}'s checkpoint: {} questions.",
                    l.number,
                    l.checkpoint.len()
                ),
            }
        }
        Place::Lab { lab } => match app.course.lab(lab) {
            Some((_, l)) => format!(
                "The lab {}, as you left it: everything you did there is kept. `reset` in the \
                 lab starts over.",
                l.title
            ),
            None => "Pick up where you left off.".to_string(),
        },
    }
}

/// The kept sandbox called `name`, if it is kept.
fn kept<'a>(app: &'a App, name: &str) -> Option<&'a crate::app::keep::SavedSandbox> {
    app.sandboxes.iter().find(|s| s.name == name)
}

/// A sandbox's row: the one used last opens with `s`; others say when
/// they last changed.
fn sandbox_row(app: &App, name: &str) -> (String, String) {
    let last = crate::app::home::last_sandbox(app) == name;
    let Some(saved) = kept(app, name) else {
        return (
            "▷  Sandbox: an empty AWS account to try anything".to_string(),
            "s".to_string(),
        );
    };
    let when = match saved.day.map(|d| app.today - d) {
        Some(0) => "today".to_string(),
        Some(1) => "yesterday".to_string(),
        Some(n) if n > 1 => format!("{n} days ago"),
        _ => String::new(),
    };
    let right = if last { "s".to_string() } else { when.clone() };
    let left = if last && !when.is_empty() {
        format!("▷  Sandbox `{name}`, changed {when}")
    } else {
        format!("▷  Sandbox `{name}`")
    };
    (left, right)
}

fn detail(app: &App, entry: &Entry, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (title, text) = match entry {
        Entry::Continue(place) => ("Continue".to_string(), continue_detail(app, place)),
        Entry::Lesson(i) => {
            let l = &app.course.lessons[*i];
            let minutes = l.minutes.map_or(String::new(), |m| {
                format!(" About {}.", plural(m as usize, "minute"))
            });
            (
                format!("Lesson {}", l.number),
                format!(
                    "{}{minutes} {}, a {}-question checkpoint{}.",
                    l.summary,
                    plural(l.scenes.len(), "scene"),
                    l.checkpoint.len(),
                    match l.labs.len() {
                        0 => String::new(),
                        1 => " and a lab".to_string(),
                        n => format!(" and {n} labs"),
                    }
                ),
            )
        }
        Entry::Lab(i, j) => {
            let lab = &app.course.lessons[*i].labs[*j];
            let goals = lab.goals.len();
            (
                format!("Lab: {}", lab.title),
                format!(
                    "{} ({}{})",
                    lab.story.lines().next().unwrap_or(""),
                    plural(goals, "goal"),
                    lab.par.map_or(String::new(), |p| format!(
                        ", par {}",
                        plural(p as usize, "command")
                    ))
                ),
            )
        }
        Entry::Sandbox(name) if kept(app, name).is_some() => (
            format!("Sandbox `{name}`"),
            format!(
                "Your sandbox `{name}`, kept as you left it: its organization, files, history and \
                 undo. In a sandbox, `save NAME` keeps a copy, `open NAME` switches and \
                 `new NAME` starts another."
            ),
        ),
        Entry::Sandbox(_) => (
            "Sandbox".to_string(),
            "An empty AWS account where you are the administrator: create users, groups, roles \
             and policies with real `aws` commands, act as anyone, and ask why. Everything you \
             build is kept as you go."
                .to_string(),
        ),
        Entry::Review => (
            "Review".to_string(),
            format!(
                "Questions you answered wrong, lab goals you left unmet and weak interview answers \
                 come back here, spaced out so each returns just before you would forget it. \
                 {} in your deck.",
                plural(app.progress.review.len(), "card")
            ),
        ),
        Entry::Interview => (
            "Interview practice".to_string(),
            format!(
                "A mock interview from {} questions: pick easy, medium, hard, a ladder that rises, \
                 or cases to read and fix live. Each question runs on a clock; answer aloud or \
                 type, tick the key points you covered, and get pass, borderline or miss, with \
                 follow-ups and a report of what to revisit.",
                app.course.interview.len()
            ),
        ),
        Entry::Drill => (
            "Drill".to_string(),
            format!(
                "{} each time, decided by the engine. Level {} for now (it rises with \
                 your lessons); misses go to review. `iamtutor drill` picks a level and topic.",
                plural(crate::learn::drill::LENGTH, "fresh question"),
                crate::app::drill::home_level(app)
            ),
        ),
        Entry::Dashboard => (
            "Dashboard".to_string(),
            "Lessons, checkpoint scores, labs with hints and par, quiz accuracy by topic, your \
             streak and what is due."
                .to_string(),
        ),
    };
    let b = block(&title, theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let w = inner.width as usize;
    let mut lines = super::text::prose(&text, w, theme, theme.base);
    // A tall pane (a wide screen) has room for what the entry holds.
    let more = contents(app, entry, w, theme);
    if !more.is_empty() && lines.len() + 1 + more.len() <= inner.height as usize {
        lines.push(Line::default());
        lines.extend(more);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// What a lesson or lab holds, for a detail pane with room: a lesson's
/// scenes (✓ read, · not yet), its checkpoint and labs; a lab's goals.
fn contents<'a>(app: &App, entry: &Entry, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let wrap = |text: String, style| super::text::wrap(vec![Span::styled(text, style)], w, 4);
    let mut lines = Vec::new();
    match entry {
        Entry::Lesson(i) => {
            let l = &app.course.lessons[*i];
            let progress = app.progress.lessons.get(&l.id);
            lines.push(Line::from(Span::styled("Scenes", theme.title)));
            for (n, scene) in l.scenes.iter().enumerate() {
                let seen = progress.is_some_and(|p| p.seen.contains(&n));
                let mark = if seen { "✓" } else { "·" };
                let title = super::lesson::scene_title(scene, app);
                lines.extend(wrap(format!("{mark} {:>2}  {title}", n + 1), theme.base));
            }
            let best = match progress.and_then(|p| p.best) {
                Some((r, o)) => format!("best so far {r} of {o}"),
                None => "not taken yet".to_string(),
            };
            lines.extend(wrap(
                format!(
                    "?     Checkpoint: {}, {best}",
                    plural(l.checkpoint.len(), "question")
                ),
                theme.base,
            ));
            if !l.labs.is_empty() {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled("Labs", theme.title)));
                for lab in &l.labs {
                    let state = lab_mark(app.progress.lab_state(&lab.id));
                    lines.extend(wrap(format!("⚗ {} · {state}", lab.title), theme.base));
                }
            }
        }
        Entry::Lab(i, j) => {
            let lab = &app.course.lessons[*i].labs[*j];
            // A solved lab met every goal; otherwise the goals are to do.
            let solved = matches!(
                app.progress.lab_state(&lab.id),
                LabState::Solved | LabState::SolvedPar
            );
            let mark = if solved { "✓" } else { "○" };
            lines.push(Line::from(Span::styled("Goals", theme.title)));
            for g in &lab.goals {
                lines.extend(super::text::wrap(
                    vec![Span::styled(format!("{mark} {}", g.text), theme.base)],
                    w,
                    2,
                ));
            }
        }
        _ => {}
    }
    lines
}
