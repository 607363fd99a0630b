//! Drawing, and only drawing: each screen's module turns the app's state
//! into widgets. Nothing here changes the app; what drawing learns (where
//! things are, how far text can scroll) goes into the returned `HitMap` or
//! the views' `max_scroll` cells.

pub mod access;
pub mod console;
pub mod home;
pub mod lesson;
pub mod practice;
pub mod present;
pub mod quiz;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

pub use crate::app::HitMap;
use crate::app::keymap::{self, Key};
use crate::app::{App, Context, Overlay, Screen, Target};
use theme::Theme;

/// Smaller than this, the screens cannot be drawn legibly.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole app; returns where clickable things are.
pub fn render(app: &App, frame: &mut Frame) -> HitMap {
    let theme = Theme::new(app.theme, app.no_color);
    let area = frame.area();
    let mut hits = HitMap::default();
    frame.render_widget(Block::default().style(theme.base), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, &theme);
        hits.too_small = true;
        return hits;
    }
    // The presenter has no chrome: it draws the whole screen.
    if let Screen::Present(v) = app.screen() {
        present::draw(app, v, frame, area, &theme);
        if let Some(Overlay::Help { scroll }) = &app.overlay {
            help(app, *scroll, frame, area, &theme);
        }
        return hits;
    }
    // A notice too long for one row (a damaged file's backup, with its
    // path) takes up to three, so none of it is cut off.
    let footer_rows = app.notice.as_ref().map_or(1, |n| {
        notice_lines(n, area.width, &theme).len().clamp(1, 3) as u16
    });
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_rows),
    ])
    .areas(area);
    match app.screen() {
        Screen::Home(v) => home::draw(app, v, frame, header, body, &theme, &mut hits),
        Screen::Lesson(v) => lesson::draw(app, v, frame, header, body, &theme),
        Screen::Quiz(v) => quiz::draw(app, v, frame, header, body, &theme, &mut hits),
        Screen::Sandbox(v) => console::draw_sandbox(app, v, frame, header, body, &theme),
        Screen::Lab(v) => console::draw_lab(app, v, frame, header, body, &theme, &mut hits),
        Screen::Review(v) => practice::draw_review(app, v, frame, header, body, &theme, &mut hits),
        Screen::Interview(v) => practice::draw_interview(app, v, frame, header, body, &theme),
        Screen::Dashboard(v) => practice::draw_dashboard(app, v, frame, header, body, &theme),
        Screen::Access(v) => access::draw(v, frame, header, body, &theme),
        Screen::Present(_) => {}
    }
    draw_footer(app, frame, footer, &theme);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help(app, *scroll, frame, body, &theme),
        Some(Overlay::Jump { rows, selected }) => {
            jump(app, rows, *selected, frame, body, &theme, &mut hits);
        }
        None => {}
    }
    hits
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = format!(
        "iamtutor needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. \
         Make it larger, or press Ctrl-C to quit.",
        area.width, area.height
    );
    let p = Paragraph::new(text)
        .style(theme.warn)
        .wrap(Wrap { trim: true });
    frame.render_widget(p, area);
}

/// The top line: where you are on the left, `extra` on the right.
pub fn header(frame: &mut Frame, area: Rect, theme: &Theme, left: &str, right: &str) {
    let right_w = right.chars().count() as u16;
    let [l, r] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(right_w + 1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(left.to_string(), theme.title)),
        l,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(right.to_string(), theme.muted)).right_aligned(),
        r,
    );
}

/// A notice, wrapped to `width`.
fn notice_lines<'a>(notice: &str, width: u16, theme: &Theme) -> Vec<Line<'a>> {
    text::plain(&format!("» {notice}"), width as usize, theme.warn)
}

fn draw_footer(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    if let Some(notice) = &app.notice {
        frame.render_widget(
            Paragraph::new(notice_lines(notice, area.width, theme)),
            area,
        );
        return;
    }
    // Help is always shown, last; the other hints as many as fit, in the
    // table's order.
    let hints = keymap::footer(app.context());
    let (help, rest): (Vec<_>, Vec<_>) = hints.into_iter().partition(|(_, w)| *w == "help");
    let piece = |keys: &str, words: &str| keys.chars().count() + words.chars().count() + 4;
    let mut room =
        (area.width as usize).saturating_sub(help.iter().map(|(k, w)| piece(k, w)).sum::<usize>());
    let mut spans = Vec::new();
    for (keys, words) in rest.into_iter().chain(help.iter().cloned()) {
        let need = piece(&keys, words);
        if words != "help" {
            if need > room {
                continue;
            }
            room -= need;
        }
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {words}   "), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The reading column of a screen's body: a margin either side, and at
/// most 100 columns so lines stay short enough to read on a wide terminal;
/// a blank row above.
pub fn column(body: Rect) -> Rect {
    let width = body.width.saturating_sub(4).min(100);
    Rect {
        x: body.x + (body.width - width) / 2,
        y: body.y + 1,
        width,
        height: body.height.saturating_sub(1),
    }
}

/// A box centred in `area`, at most `w`×`h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub fn block<'a>(title: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(Span::styled(format!(" {title} "), theme.title))
}

/// Which screen help is about, in words.
fn context_name(c: Context) -> &'static str {
    match c {
        Context::Home => "Home",
        Context::Lesson
        | Context::LessonLab
        | Context::LessonCheckpoint
        | Context::LessonCheckpointDone
        | Context::LessonCourseDone => "Lesson",
        Context::QuizChoice | Context::QuizMany | Context::QuizOrder | Context::QuizText => {
            "Question"
        }
        Context::QuizFeedback => "Answer",
        Context::QuizSummary => "Quiz summary",
        Context::Console => "Sandbox",
        Context::LabConsole => "Lab",
        Context::LabGoals | Context::LabGoalWhy => "Lab goals",
        Context::Confirm => "Question",
        Context::Editor | Context::EditorLeave => "Editor",
        Context::Help => "Help",
        Context::Jump => "Jump",
        Context::ReviewFront | Context::ReviewGrade | Context::ReviewDone => "Review",
        Context::InterviewAsk | Context::InterviewGrade | Context::InterviewReport => "Interview",
        Context::Dashboard => "Dashboard",
        Context::Present => "Presenter",
        Context::Access => "Who can do what",
    }
}

fn help(app: &App, scroll: u16, frame: &mut Frame, body: Rect, theme: &Theme) {
    let context = app.screen_context();
    // Wrapped here, not by the paragraph, so the height and the scroll
    // count the rows drawn.
    let inner_w = (body.width.min(76) as usize).saturating_sub(2);
    let mut lines = Vec::new();
    for binding in keymap::bindings(context) {
        let keys: Vec<String> = binding.keys.iter().map(|k: &Key| k.label()).collect();
        lines.extend(text::wrap(
            vec![
                Span::styled(format!("{:<18}", keys.join(" ")), theme.key),
                Span::styled(binding.does.to_string(), theme.base),
            ],
            inner_w,
            18,
        ));
    }
    lines.push(Line::default());
    lines.extend(text::wrap(
        vec![Span::styled(
            "The mouse works too: the wheel scrolls, a click picks.",
            theme.muted,
        )],
        inner_w,
        0,
    ));
    let area = centered(body, 76, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    let title = format!("Help: {}", context_name(context));
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block(&title, theme))
            .style(theme.base)
            .scroll((scroll.min(max), 0)),
        area,
    );
}

fn jump(
    app: &App,
    rows: &[crate::app::JumpRow],
    selected: usize,
    frame: &mut Frame,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    let area = centered(body, 70, body.height);
    frame.render_widget(Clear, area);
    let inner_h = area.height.saturating_sub(2) as usize;
    let top = selected
        .saturating_sub(inner_h.saturating_sub(1) / 2)
        .min(rows.len().saturating_sub(inner_h));
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(top).take(inner_h) {
        let lesson = &app.course.lessons[row.lesson];
        let text = match row.scene {
            None => format!("{:>2}  {}", lesson.number, lesson.title),
            Some(s) if s < lesson.scenes.len() => {
                let seen = app
                    .progress
                    .lessons
                    .get(&lesson.id)
                    .is_some_and(|p| p.seen.contains(&s));
                let mark = if seen { "✓" } else { "·" };
                format!(
                    "      {mark} {}",
                    lesson::scene_title(&lesson.scenes[s], app)
                )
            }
            Some(_) => "      ? Checkpoint".to_string(),
        };
        let style = if i == selected {
            theme.selected
        } else {
            theme.base
        };
        lines.push(Line::from(Span::styled(text, style)));
        hits.add(
            area.x + 1,
            area.y + 1 + (i - top) as u16,
            area.width - 2,
            1,
            Target::Row(i),
        );
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block("Jump to", theme))
            .style(theme.base),
        area,
    );
}

/// A bar of `width` cells, `done` of `total` full, with the count after it.
pub fn progress_bar(done: usize, total: usize, width: usize) -> String {
    let total = total.max(1);
    let full = (done.min(total) * width).div_ceil(total).min(width);
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

/// Styles for a line of the scrollback or a status.
pub fn style_ok(ok: bool, theme: &Theme) -> Style {
    if ok { theme.good } else { theme.bad }
}
