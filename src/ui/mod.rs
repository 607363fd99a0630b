//! Drawing, and only drawing: each screen's module turns the app's state
//! into widgets. Nothing here changes the app; what drawing learns (where
//! things are, how far text can scroll) goes into the returned `HitMap` or
//! the views' `Scroll`s (`app::scroll`), which drawing tells their reach.

pub mod access;
pub mod console;
pub mod home;
pub mod interview;
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
use unicode_width::UnicodeWidthStr;

pub use crate::app::HitMap;
use crate::app::keymap::{self, Key};
use crate::app::scroll::Scroll;
use crate::app::{App, KeyScope, Overlay, Screen, Target};
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
            help(app, scroll, frame, area, &theme);
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
        Screen::Quiz(v) => {
            quiz::draw(app, v, frame, header, body, &theme, &mut hits);
        }
        Screen::Sandbox(v) => console::draw_sandbox(app, v, frame, header, body, &theme),
        Screen::Lab(v) => console::draw_lab(app, v, frame, header, body, &theme, &mut hits),
        Screen::Review(v) => practice::draw_review(app, v, frame, header, body, &theme, &mut hits),
        Screen::Interview(v) => interview::draw(app, v, frame, header, body, &theme, &mut hits),
        Screen::Dashboard(v) => practice::draw_dashboard(app, v, frame, header, body, &theme),
        Screen::Access(v) => access::draw(v, frame, header, body, &theme),
        Screen::Present(_) => {}
    }
    draw_footer(app, frame, footer, &theme);
    match &app.overlay {
        Some(Overlay::Help { scroll }) => help(app, scroll, frame, body, &theme),
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

/// The top line: where you are on the left, `right` (a status) on the
/// right. When both do not fit, the status keeps up to `STATUS_KEPT`
/// columns and the place the rest; whatever is cut ends in "…".
pub fn header(frame: &mut Frame, area: Rect, theme: &Theme, left: &str, right: &str) {
    let (left_w, right_w) = header_widths(area.width as usize, left.width(), right.width());
    let [l, _, r] = Layout::horizontal([
        Constraint::Length(left_w as u16),
        Constraint::Min(0),
        Constraint::Length(right_w as u16),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(text::fit(left, left_w), theme.title)),
        l,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(text::fit(right, right_w), theme.muted)).right_aligned(),
        r,
    );
}

/// What a cut header status keeps: a quiz's whole score, enough to read
/// who one acts as.
const STATUS_KEPT: usize = 24;

/// The columns the header gives its two sides, with a space between.
fn header_widths(width: usize, left: usize, right: usize) -> (usize, usize) {
    if left + 1 + right <= width {
        return (left, right);
    }
    let left_w = left.min(
        width
            .saturating_sub(right.min(STATUS_KEPT) + 1)
            .max(width / 2),
    );
    let right_w = width.saturating_sub(left_w + 1).min(right);
    // A status cut to a few columns says nothing: drop it.
    if right_w < 6 {
        (left.min(width), 0)
    } else {
        (left_w, right_w)
    }
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
    // The ways out and help always; then what fits, the screen's own
    // keys before the ones a learner finds alone (see `keymap::footer_fit`).
    let hints = keymap::footer_fit(app.key_scope(), area.width as usize);
    let mut spans = Vec::new();
    for (i, (keys, words)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" ".repeat(keymap::FOOTER_GAP)));
        }
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {words}"), theme.muted));
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
fn scope_name(c: KeyScope) -> &'static str {
    match c {
        KeyScope::Home => "Home",
        KeyScope::Lesson
        | KeyScope::LessonLab
        | KeyScope::LessonCheckpoint
        | KeyScope::LessonCheckpointDone
        | KeyScope::LessonCourseDone => "Lesson",
        KeyScope::QuizChoice | KeyScope::QuizMany | KeyScope::QuizOrder | KeyScope::QuizText => {
            "Question"
        }
        KeyScope::QuizFeedback => "Answer",
        KeyScope::QuizSummary => "Quiz summary",
        KeyScope::Console => "Sandbox",
        KeyScope::LabConsole => "Lab",
        KeyScope::LabGoals | KeyScope::LabGoalWhy => "Lab goals",
        KeyScope::Confirm => "Question",
        KeyScope::Editor | KeyScope::EditorLeave => "Editor",
        KeyScope::Help => "Help",
        KeyScope::Jump => "Jump",
        KeyScope::ReviewFront | KeyScope::ReviewGrade | KeyScope::ReviewDone => "Review",
        KeyScope::InterviewSetup
        | KeyScope::InterviewAsk
        | KeyScope::InterviewChoose
        | KeyScope::InterviewLive
        | KeyScope::InterviewTimeUp
        | KeyScope::InterviewGrade
        | KeyScope::InterviewReport => "Interview",
        KeyScope::Dashboard => "Dashboard",
        KeyScope::Present => "Presenter",
        KeyScope::Access => "Who can do what",
    }
}

fn help(app: &App, scroll: &Scroll, frame: &mut Frame, body: Rect, theme: &Theme) {
    let scope = app.screen_scope();
    // Wrapped here, not by the paragraph, so the height and the scroll
    // count the rows drawn.
    let inner_w = (body.width.min(76) as usize).saturating_sub(2);
    let mut lines = Vec::new();
    for binding in keymap::bindings(scope) {
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
    let title = format!("Help: {}", scope_name(scope));
    let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    let scroll = scroll.fit_rows(max);
    frame.render_widget(
        Paragraph::new(lines)
            .block(with_scroll_marks(block(&title, theme), theme, scroll, max))
            .style(theme.base)
            .scroll((scroll, 0)),
        area,
    );
}

/// A box whose text scrolls, with "more above" and "more below" on its
/// bottom border while there is.
pub fn with_scroll_marks<'a>(b: Block<'a>, theme: &Theme, scroll: u16, max: u16) -> Block<'a> {
    let mut marks = Vec::new();
    if scroll > 0 {
        marks.push("↑ more above");
    }
    if scroll < max {
        marks.push("↓ more below");
    }
    if marks.is_empty() {
        return b;
    }
    b.title_bottom(
        Line::from(Span::styled(
            format!(" {} ", marks.join(" · ")),
            theme.muted,
        ))
        .right_aligned(),
    )
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
        let text = text::fit(&text, area.width.saturating_sub(2) as usize);
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

/// Where scrolled text stands, on `row` (a row of its own, above the
/// text, so the mark never hides any): "↑ more above" once scrolled down,
/// "↓ more below" while there is more, else `at_end` (what comes next),
/// right-aligned. Nothing when the text fits.
pub fn scroll_marks(
    frame: &mut Frame,
    row: Rect,
    theme: &Theme,
    scroll: u16,
    max: u16,
    at_end: &str,
) {
    if max == 0 {
        return;
    }
    let mut marks = Vec::new();
    if scroll > 0 {
        marks.push("↑ more above (k / ↑)");
    }
    if scroll < max {
        marks.push("↓ more below (j / ↓)");
    } else if !at_end.is_empty() {
        marks.push(at_end);
    }
    let text = text::fit(&marks.join(" · "), row.width as usize);
    frame.render_widget(
        Paragraph::new(Span::styled(text, theme.muted)).right_aligned(),
        Rect { height: 1, ..row },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_keeps_the_place_and_cuts_the_status_first() {
        assert_eq!(header_widths(80, 20, 30), (20, 30));
        // 40 + 1 + 53 > 80: the place whole, the status gets the rest.
        assert_eq!(header_widths(80, 40, 53), (40, 39));
        // A long place leaves the status its 24 columns.
        assert_eq!(header_widths(60, 70, 53), (35, 24));
        assert_eq!(header_widths(60, 30, 53), (30, 29));
        // A quiz's score stays whole beside a long lesson title.
        assert_eq!(header_widths(80, 70, 22), (57, 22));
        // The place keeps half the row at least; a status too cut to say
        // anything goes.
        assert_eq!(header_widths(20, 30, 53), (10, 9));
        assert_eq!(header_widths(10, 30, 53), (10, 0));
        assert_eq!(
            text::fit("Lab · A door between two accounts", 20),
            "Lab · A door betwee…"
        );
    }
}
