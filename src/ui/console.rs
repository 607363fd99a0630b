//! The sandbox and labs on screen: scrollback and command line on the left;
//! on the right the organization tree, the "why?" trail, or a lab's goals.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::{plain, prose, wrap};
use super::theme::Theme;
use super::{block, centered, header};
use crate::app::console::{Console, LabView, LineKind, SandboxView};
use crate::app::lab_goals::{self, GoalsPane};
use crate::app::narrow_panes::Pane;
use crate::app::{App, HitMap, Target};
use crate::content::words::plural;
use crate::iam::eval::Decision;
use crate::iam::explain;
use crate::iam::model::Org;
use crate::iam::policy::Effect;
use crate::shell::Shell;

pub fn draw_sandbox(
    app: &App,
    view: &SandboxView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
) {
    let _ = app;
    header(frame, top, theme, "Sandbox", &badge(&view.shell));
    let (left, right) = split(
        body,
        view.console.show_why || view.console.show_tree,
        view.console.show_why,
    );
    let line_top = draw_console(&view.console, frame, left, theme, "Commands");
    if let Some(right) = right {
        if view.console.show_why {
            why(&view.shell, frame, right, theme);
        } else {
            tree(&view.shell, frame, right, theme);
        }
    }
    narrow_pane(&view.console, &view.shell, frame, body, line_top, theme);
    if view.console.editor.is_some() {
        editor(&view.console, frame, body, theme);
    }
    question(&view.console, frame, body, theme);
}

pub fn draw_lab(
    app: &App,
    view: &LabView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    let _ = app;
    let lab = &view.session.lab;
    header(
        frame,
        top,
        theme,
        &format!("Lab · {}", lab.title),
        &badge(&view.session.shell),
    );
    // A goal's explanation is wide text, as the "why?" trail is.
    let wide = view.console.show_why || view.goals.why.is_some();
    let (left, right) = split(body, true, wide);
    let line_top = draw_console(&view.console, frame, left, theme, "Commands");
    view.goals.has_room.set(right.is_some());
    if let Some(right) = right {
        if view.console.show_why {
            why(&view.session.shell, frame, right, theme);
        } else if view.console.show_tree && !view.console.show_why {
            tree(&view.session.shell, frame, right, theme);
        } else {
            goals(view, frame, right, theme, hits);
        }
    }
    narrow_pane(
        &view.console,
        &view.session.shell,
        frame,
        body,
        line_top,
        theme,
    );
    if view.console.editor.is_some() {
        editor(&view.console, frame, body, theme);
    }
    question(&view.console, frame, body, theme);
}

/// A command line beside a pane its caller draws, as a lab is laid out:
/// interview troubleshooting shows its case there (no "why?", no goals).
/// F3 shows the organization tree instead; the editor and the console's
/// questions go over both, as in a lab.
pub fn draw_console_beside(
    console: &Console,
    shell: &Shell,
    frame: &mut Frame,
    body: Rect,
    theme: &Theme,
    side: &dyn Fn(&mut Frame, Rect),
) {
    let (left, right) = split(body, true, false);
    let line_top = draw_console(console, frame, left, theme, "Commands");
    if let Some(right) = right {
        if console.show_tree {
            tree(shell, frame, right, theme);
        } else {
            side(frame, right);
        }
    }
    narrow_pane(console, shell, frame, body, line_top, theme);
    if console.editor.is_some() {
        editor(console, frame, body, theme);
    }
    question(console, frame, body, theme);
}

/// The console's question, if it asks one, over everything else.
fn question(console: &Console, frame: &mut Frame, body: Rect, theme: &Theme) {
    let Some((title, text)) = console.question() else {
        return;
    };
    let (title, text) = (title.as_str(), text.as_str());
    let width = body.width.min(60);
    let lines = prose(text, width.saturating_sub(4) as usize, theme, theme.base);
    let area = centered(body, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block(title, theme))
            .style(theme.base),
        area,
    );
}

/// Who commands run as, for the header.
fn badge(shell: &Shell) -> String {
    format!("⚑ acting as {}", shell.identity_label())
}

/// Narrower than this, the side panes do not fit beside the console: F2
/// and F3 open them over it instead.
const SIDE_MIN_WIDTH: u16 = 70;

/// The console on the left; a side pane on the right when there is room.
/// The "why?" trail is wide text: it gets half the width.
fn split(body: Rect, side: bool, wide: bool) -> (Rect, Option<Rect>) {
    if !side || body.width < SIDE_MIN_WIDTH {
        return (body, None);
    }
    let right = if wide {
        body.width / 2
    } else if body.width >= 120 {
        body.width * 2 / 5
    } else {
        32
    };
    let [l, r] = Layout::horizontal([Constraint::Min(30), Constraint::Length(right)]).areas(body);
    (l, Some(r))
}

/// Draws the console; returns the row where Tab's choices (or, without
/// them, the command line) begin.
fn draw_console(
    console: &Console,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
) -> u16 {
    let b = block(title, theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let w = inner.width as usize;
    // Choices take at most half the pane, above the command line.
    let room = (inner.height.saturating_sub(2) / 2).max(1) as usize;
    let choices = candidate_lines(&console.candidates, w, room, theme);
    let input_h = 1 + choices.len() as u16;
    let out_h = inner.height.saturating_sub(input_h) as usize;
    // Scrolled up, the top row says so (and how to come back) instead of
    // lying over the output.
    let scrolled = console.scroll.offset() > 0 && out_h > 1;
    let text_h = out_h - usize::from(scrolled);
    // Wrap from the newest line back, only as far as the view can reach.
    let want = out_h + console.scroll.offset() + out_h;
    let mut wrapped: Vec<Line> = Vec::new();
    let mut complete = true;
    for (kind, text) in console.lines.iter().rev() {
        if wrapped.len() > want {
            complete = false;
            break;
        }
        let style = match kind {
            LineKind::Command => theme.code,
            LineKind::Out => theme.base,
            LineKind::Err => theme.bad,
            LineKind::Info => theme.accent,
            LineKind::Good => theme.good,
        };
        // Continuation rows keep the line's own indent, and two more, so
        // indented output (a finding's fix, a policy) still reads as a block.
        let indent = text.len() - text.trim_start().len();
        let mut l = wrap(
            vec![Span::styled(text.clone(), style)],
            w,
            (indent + 2).min(w / 2),
        );
        l.reverse();
        wrapped.extend(l);
    }
    let total = wrapped.len();
    let max = total.saturating_sub(text_h) + if complete { 0 } else { out_h };
    let scroll = console.scroll.fit(max);
    let visible: Vec<Line> = wrapped
        .into_iter()
        .skip(scroll)
        .take(text_h)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let pad = text_h.saturating_sub(visible.len());
    let top = inner.y + u16::from(scrolled);
    let out_area = Rect {
        y: top + pad as u16,
        height: (text_h - pad) as u16,
        ..inner
    };
    frame.render_widget(Paragraph::new(visible), out_area);
    if scrolled {
        let r = Rect { height: 1, ..inner };
        let mark = format!(
            "↑ more above · {} down · PgDn",
            crate::content::words::plural(scroll, "line")
        );
        frame.render_widget(
            Paragraph::new(Span::styled(super::text::fit(&mark, w), theme.muted)).right_aligned(),
            r,
        );
    }
    let mut y = inner.y + out_h as u16;
    let line_top = y;
    if !choices.is_empty() {
        let h = choices.len() as u16;
        frame.render_widget(
            Paragraph::new(choices),
            Rect {
                y,
                height: h,
                ..inner
            },
        );
        y += h;
    }
    // The command line scrolls sideways to keep the cursor in view.
    let prompt = if console.pending.is_some() {
        "> "
    } else {
        "$ "
    };
    let text = console.input.text();
    let before: String = text.chars().take(console.input.cursor()).collect();
    let room = w.saturating_sub(prompt.len() + 1);
    let skip = before.width().saturating_sub(room);
    let shown: String = text.chars().skip(skip).collect();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prompt, theme.key),
            Span::styled(shown, theme.base),
        ])),
        Rect {
            y,
            height: 1,
            ..inner
        },
    );
    if console.editor.is_none() && console.panes.open.is_none() {
        let x = inner.x + (prompt.len() + before.width() - skip) as u16;
        frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), y));
    }
    line_top
}

/// Tab's choices, in their order, as many to a row as fit (two spaces
/// apart), in at most `rows` rows of `w` columns; what does not fit is
/// counted at the end. Choices that share a path
/// (`arn:aws:iam::aws:policy/...`) show only what follows it, as a shell
/// shows file names.
fn candidate_lines<'a>(
    candidates: &[String],
    w: usize,
    rows: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    if candidates.is_empty() || w == 0 {
        return Vec::new();
    }
    let shared = shared_path(candidates);
    let labels: Vec<String> = candidates
        .iter()
        .map(|c| super::text::fit(&c[shared..], w))
        .collect();
    let mut texts: Vec<String> = vec![String::new()];
    for (i, label) in labels.iter().enumerate() {
        let last = texts.last_mut().expect("a row");
        let need = if last.is_empty() { 0 } else { 2 } + label.width();
        if !last.is_empty() && last.width() + need > w {
            if texts.len() == rows {
                // No row left: the last says how many more there are,
                // taking the place of choices if it must.
                let more = |n: usize| format!("… {n} more: type more letters");
                let mut left = labels.len() - i;
                let row = texts.last_mut().expect("a row");
                while !row.is_empty() && row.width() + 2 + more(left).width() > w {
                    match row.rfind("  ") {
                        Some(cut) => row.truncate(cut),
                        None => row.clear(),
                    }
                    left += 1;
                }
                if !row.is_empty() {
                    row.push_str("  ");
                }
                row.push_str(&more(left));
                break;
            }
            texts.push(String::new());
        }
        let row = texts.last_mut().expect("a row");
        if !row.is_empty() {
            row.push_str("  ");
        }
        row.push_str(label);
    }
    texts
        .into_iter()
        .map(|t| Line::from(Span::styled(t, theme.muted)))
        .collect()
}

/// How many bytes of the choices' common beginning are a shared path: up
/// to the last `/` (or `:` of an ARN) that they all have.
fn shared_path(candidates: &[String]) -> usize {
    let first = &candidates[0];
    let mut common = first.len();
    for c in &candidates[1..] {
        common = common.min(
            first
                .bytes()
                .zip(c.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    if candidates.len() < 2 {
        return 0;
    }
    first[..common].rfind(['/', ':']).map_or(0, |i| i + 1)
}

fn why(shell: &Shell, frame: &mut Frame, area: Rect, theme: &Theme) {
    let b = block("Why? (F2 hides)", theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = why_lines(shell, inner.width as usize, theme);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The trail of the last access decision, wrapped to `w`.
fn why_lines<'a>(shell: &Shell, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    match &shell.last_evaluation {
        None => plain(
            "No access decision yet. Run a command as someone (as john, then an aws command); \
             the engine's reasons show here.",
            w,
            theme.muted,
        ),
        Some(e) => {
            let style = match e.decision {
                Decision::Allowed => theme.good,
                _ => theme.bad,
            };
            let text = explain::why_text(e);
            let mut lines = Vec::new();
            for (i, l) in text.lines().enumerate() {
                let s = if i == 0 { style } else { theme.base };
                lines.extend(wrap(vec![Span::styled(l.to_string(), s)], w, 4));
            }
            lines
        }
    }
}

/// On a screen too narrow for side panes, the pane F2 or F3 opened, over
/// the console's output down to `bottom` (Tab's choices and the command
/// line stay in view below it). Drawing tells the app the screen is narrow.
fn narrow_pane(
    console: &Console,
    shell: &Shell,
    frame: &mut Frame,
    body: Rect,
    bottom: u16,
    theme: &Theme,
) {
    let panes = &console.panes;
    panes.narrow.set(body.width < SIDE_MIN_WIDTH);
    let Some(pane) = panes.open.filter(|_| panes.narrow.get()) else {
        return;
    };
    let area = Rect {
        height: bottom.saturating_sub(body.y).max(3),
        ..body
    };
    let (title, key) = match pane {
        Pane::Why => ("Why?", "F2"),
        Pane::Tree => ("Organization", "F3"),
    };
    let b = block(&format!("{title} · {key} or Esc closes"), theme);
    let inner = b.inner(area);
    let w = inner.width as usize;
    let lines = match pane {
        Pane::Why => why_lines(shell, w, theme),
        Pane::Tree => tree_lines(shell, w, theme),
    };
    let max = lines.len().saturating_sub(inner.height as usize) as u16;
    let scroll = panes.scroll.fit_rows(max);
    let mut marks = Vec::new();
    if scroll > 0 {
        marks.push("↑ more above · PgUp");
    }
    if scroll < max {
        marks.push("↓ more below · PgDn");
    }
    let b = if marks.is_empty() {
        b
    } else {
        b.title_bottom(
            Line::from(Span::styled(
                format!(" {} ", marks.join(" · ")),
                theme.muted,
            ))
            .right_aligned(),
        )
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(b)
            .style(theme.base)
            .scroll((scroll, 0)),
        area,
    );
}

/// A policy ARN's short name.
fn policy_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// An entity's policies for the tree: managed ▪, inline ▫.
fn policy_lines<'a>(
    attached: &'a [String],
    inline: impl Iterator<Item = &'a String> + 'a,
) -> impl Iterator<Item = String> + 'a {
    attached
        .iter()
        .map(|p| format!("▪ {}", policy_name(p)))
        .chain(inline.map(|n| format!("▫ {n} (inline)")))
}

/// Who a role's trust policy lets in, in short words.
fn trusted(org: &Org, role: &crate::iam::model::Role) -> Vec<String> {
    let _ = org;
    let mut out = Vec::new();
    for s in &role.trust.policy.statements {
        if s.effect != Effect::Allow {
            continue;
        }
        let Some(p) = &s.principal else { continue };
        if p.any {
            out.push("anyone (*)".to_string());
        }
        out.extend(p.service.iter().cloned());
        for a in &p.aws {
            let short = match a.strip_prefix("arn:aws:iam::") {
                Some(rest) => match rest.split_once(':') {
                    Some((acct, "root")) => format!("account {acct}"),
                    Some((_, what)) => what.to_string(),
                    None => a.clone(),
                },
                None => a.clone(),
            };
            out.push(short);
        }
        out.extend(p.federated.iter().cloned());
    }
    out
}

/// The organization as a tree: accounts, users with their groups and
/// policies, groups, roles with who may assume them.
pub fn tree_lines<'a>(shell: &Shell, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let org = &shell.org;
    let mut lines = Vec::new();
    let mut push = |indent: usize, text: String, style| {
        // A managed policy's mark and name stay on one row: a name too long
        // for it is cut, with an ellipsis (`list-attached-*` has it whole).
        let one_name = text
            .strip_prefix("▪ ")
            .is_some_and(|name| !name.contains(' '));
        if one_name {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(super::text::fit(&text, w.saturating_sub(indent)), style),
            ]));
            return;
        }
        lines.extend(wrap(
            vec![Span::raw(" ".repeat(indent)), Span::styled(text, style)],
            w,
            indent + 2,
        ));
    };
    for (id, account) in &org.accounts {
        let home = if *id == shell.home { " (yours)" } else { "" };
        push(0, format!("▣ account {id}{home}"), theme.title);
        let empty =
            account.users.is_empty() && account.groups.is_empty() && account.roles.is_empty();
        if empty {
            push(2, "(no users, groups or roles yet)".into(), theme.muted);
        }
        if !account.users.is_empty() {
            push(1, "Users".into(), theme.accent);
        }
        for u in account.users.values() {
            let groups: Vec<&str> = u
                .groups
                .iter()
                .filter_map(|g| account.groups.get(g).map(|g| g.name.as_str()))
                .collect();
            let mut text = u.name.clone();
            if !groups.is_empty() {
                text.push_str(&format!(" ∈ {}", groups.join(", ")));
            }
            if !u.access_keys.is_empty() {
                text.push_str(" · key");
            }
            if !u.mfa_devices.is_empty() {
                text.push_str(" MFA");
            }
            push(2, text, theme.base);
            for l in policy_lines(&u.attached, u.inline.keys()) {
                push(4, l, theme.muted);
            }
        }
        if !account.groups.is_empty() {
            push(1, "Groups".into(), theme.accent);
        }
        for g in account.groups.values() {
            let members = account
                .users
                .values()
                .filter(|u| u.groups.contains(&g.name.to_ascii_lowercase()))
                .count();
            let members = crate::content::words::plural(members, "member");
            push(2, format!("{} ({members})", g.name), theme.base);
            for l in policy_lines(&g.attached, g.inline.keys()) {
                push(4, l, theme.muted);
            }
        }
        if !account.roles.is_empty() {
            push(1, "Roles".into(), theme.accent);
        }
        for r in account.roles.values() {
            push(2, r.name.clone(), theme.base);
            let who = trusted(org, r);
            if !who.is_empty() {
                push(4, format!("← {}", who.join(", ")), theme.code);
            }
            for l in policy_lines(&r.attached, r.inline.keys()) {
                push(4, l, theme.muted);
            }
        }
    }
    lines
}

fn tree(shell: &Shell, frame: &mut Frame, area: Rect, theme: &Theme) {
    let b = block("Organization", theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = tree_lines(shell, inner.width as usize, theme);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A lab's goals: the checklist (or one goal's explanation) scrolls, and
/// the count of goals met stays pinned at the bottom, in view at any size.
fn goals(view: &LabView, frame: &mut Frame, area: Rect, theme: &Theme, hits: &mut HitMap) {
    let pane = &view.goals;
    let session = &view.session;
    let of = session.lab.goals.len();
    let title = match (&pane.why, pane.focused) {
        (Some(w), true) => format!("Why: goal {} of {of}", w.goal + 1),
        (Some(w), false) => format!("Why: goal {} of {of} · F7", w.goal + 1),
        (None, true) => "Goals · ↑↓ pick · Enter why".to_string(),
        (None, false) => "Goals · F7".to_string(),
    };
    let mut b = block(&title, theme);
    if pane.focused {
        b = b.border_style(theme.key);
    }
    let inner = b.inner(area);
    frame.render_widget(b, area);
    hits.add(area.x, area.y, area.width, area.height, Target::GoalsPane);
    let w = inner.width as usize;

    // The pinned status: how many goals are met, and whether it is solved.
    let met = session.met.iter().filter(|m| **m).count();
    let mut status = vec![Line::from(Span::styled(
        format!(
            "{met} of {of} met · {}",
            plural(session.commands, "command")
        ),
        theme.muted,
    ))];
    if session.solved() {
        status.push(Line::from(Span::styled("★ solved", theme.good)));
    }
    let status_h = (status.len() as u16).min(inner.height);
    let list = Rect {
        height: inner.height - status_h,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(status),
        Rect {
            y: list.bottom(),
            height: status_h,
            ..inner
        },
    );

    match &pane.why {
        Some(why) => {
            let lines = verdict_lines(view, why, w, theme);
            let height = list.height as usize;
            let asked = why.scroll.fit(max_top(lines.len(), height));
            let (top, rows, above, below) = window(lines.len(), height, asked);
            why.scroll.shown_at(top);
            let shown: Vec<Line> = lines.into_iter().skip(top).take(rows).collect();
            let keys = scroll_keys(pane);
            let marks = (
                above.then(|| format!("↑ more above · {keys}")),
                below.then(|| format!("↓ more below · {keys}")),
            );
            draw_window(frame, list, shown, marks, theme);
        }
        None => goal_list(view, frame, list, theme, hits),
    }
}

/// The checklist, then the hints, scrolled to keep the picked goal in
/// view; a click on a goal explains it.
fn goal_list(view: &LabView, frame: &mut Frame, area: Rect, theme: &Theme, hits: &mut HitMap) {
    let pane = &view.goals;
    let session = &view.session;
    let w = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    // The rows each goal takes, first and past-the-end.
    let mut spans = Vec::new();
    for (i, (goal, met)) in session.lab.goals.iter().zip(&session.met).enumerate() {
        let (mark, mut style) = if *met {
            ("✓ ", theme.good)
        } else {
            ("○ ", theme.base)
        };
        if pane.focused && i == pane.selected {
            style = theme.selected;
        }
        let from = lines.len();
        let mut rows = wrap(
            vec![
                Span::styled(mark, style),
                Span::styled(goal.text.clone(), style),
            ],
            w,
            2,
        );
        if pane.focused && i == pane.selected {
            // The picked goal is a bar across the pane, not only its words.
            for row in &mut rows {
                let pad = w.saturating_sub(row.width());
                row.spans.push(Span::styled(" ".repeat(pad), style));
            }
        }
        lines.extend(rows);
        spans.push((from, lines.len()));
    }
    lines.push(Line::default());
    let of = session.lab.hints.len();
    lines.push(Line::from(Span::styled(
        format!("Hints {}/{of} (F4)", view.hints.len()),
        theme.accent,
    )));
    for h in &view.hints {
        lines.extend(prose(&format!("- {h}"), w, theme, theme.muted));
    }

    let height = area.height as usize;
    let total = lines.len();
    // Bringing the picked goal into view moves as little as it can from
    // where the list was shown.
    let shown = pane.scroll.offset();
    let asked = pane.scroll.fit(max_top(total, height));
    let mut top = if pane.follow { shown } else { asked };
    if pane.follow
        && let Some(&(from, to)) = spans.get(pane.selected)
    {
        top = follow(total, height, top, from, to);
        // Start on a goal's first row, not halfway through the one above.
        if let Some(&(_, end)) = spans.iter().find(|(f, t)| *f < top && top < *t)
            && end <= from
        {
            top = end;
        }
    }
    let (top, rows, above, below) = window(total, height, top);
    pane.scroll.shown_at(top);
    pane.page.set(
        spans
            .iter()
            .filter(|(f, t)| *f >= top && *t <= top + rows)
            .count(),
    );
    // Rows of goals in view, for clicks.
    let first_row = area.y + u16::from(above);
    for (i, &(from, to)) in spans.iter().enumerate() {
        for r in from.max(top)..to.min(top + rows) {
            hits.add(
                area.x,
                first_row + (r - top) as u16,
                area.width,
                1,
                Target::Goal(i),
            );
        }
    }
    let shown: Vec<Line> = lines.into_iter().skip(top).take(rows).collect();
    // The marks count the goals out of view, where there are any.
    let keys = scroll_keys(pane);
    let up = spans.iter().filter(|(_, t)| *t <= top).count();
    let down = spans.iter().filter(|(f, _)| *f >= top + rows).count();
    let mark = |arrow: &str, n: usize, side: &str| match n {
        0 => format!("{arrow} more {side} · {keys}"),
        n => format!("{arrow} {} {side} · {keys}", plural(n, "goal")),
    };
    let marks = (
        above.then(|| mark("↑", up, "above")),
        below.then(|| mark("↓", down, "below")),
    );
    draw_window(frame, area, shown, marks, theme);
}

/// One goal's explanation: its heading, then what the checker found, each
/// line's continuation indented under it.
fn verdict_lines<'a>(
    view: &LabView,
    why: &lab_goals::Why,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let goal = &view.session.lab.goals[why.goal];
    // The pane's title has the goal's number.
    let state = if why.verdict.met {
        "✓ met"
    } else {
        "○ not met"
    };
    let head = format!("{state}: {}", goal.text);
    let style = if why.verdict.met {
        theme.good
    } else {
        theme.accent
    };
    let mut lines = wrap(vec![Span::styled(head, style)], w, 2);
    for l in &why.verdict.lines {
        let indent = l.len() - l.trim_start().len();
        lines.extend(wrap(
            vec![Span::styled(l.clone(), theme.base)],
            w,
            (indent + 2).min(w / 2),
        ));
    }
    lines
}

/// The furthest the top row can go: the last rows in view under an
/// "above" mark.
fn max_top(total: usize, height: usize) -> usize {
    if total <= height {
        0
    } else {
        total - height.saturating_sub(1).max(1)
    }
}

/// The rows in view from `top`: (top, rows of content, a mark above, a
/// mark below). The marks take rows of their own, so they never cover text.
fn window(total: usize, height: usize, top: usize) -> (usize, usize, bool, bool) {
    if total <= height || height < 3 {
        return (0, height.min(total), false, false);
    }
    let top = top.min(max_top(total, height));
    let above = top > 0;
    let mut rows = height - usize::from(above);
    let below = top + rows < total;
    if below {
        rows -= 1;
    }
    (top, rows, above, below)
}

/// The top row that keeps rows `from..to` in view, moving as little as
/// possible from `top`.
fn follow(total: usize, height: usize, top: usize, from: usize, to: usize) -> usize {
    let mut top = top.min(max_top(total, height));
    if from < top {
        return from;
    }
    loop {
        let (t, rows, _, _) = window(total, height, top);
        if to <= t + rows || t >= max_top(total, height) {
            return t;
        }
        top = t + 1;
    }
}

/// The keys that scroll the pane, for its marks.
fn scroll_keys(pane: &GoalsPane) -> &'static str {
    if pane.focused { "↑↓ PgDn" } else { "F7" }
}

/// Draws the rows in view with their marks, each on a row of its own: one
/// above the rows, one below.
fn draw_window(
    frame: &mut Frame,
    area: Rect,
    shown: Vec<Line>,
    (above, below): (Option<String>, Option<String>),
    theme: &Theme,
) {
    let w = area.width as usize;
    let rows = shown.len() as u16;
    let mut y = area.y;
    let mark = |text: &str| Paragraph::new(Span::styled(super::text::fit(text, w), theme.muted));
    if let Some(text) = above {
        frame.render_widget(
            mark(&text),
            Rect {
                y,
                height: 1,
                ..area
            },
        );
        y += 1;
    }
    frame.render_widget(
        Paragraph::new(shown),
        Rect {
            y,
            height: rows,
            ..area
        },
    );
    if let Some(text) = below {
        frame.render_widget(
            mark(&text),
            Rect {
                y: y + rows,
                height: 1,
                ..area
            },
        );
    }
}

fn editor(console: &Console, frame: &mut Frame, body: Rect, theme: &Theme) {
    let Some(ed) = &console.editor else { return };
    frame.render_widget(Clear, body);
    let title = format!("edit {} · Ctrl-S save · Esc close", ed.name);
    let b = block(&title, theme);
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let [text, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(&ed.area, text);
    let (msg, style) = match &ed.error {
        Some(e) => (format!("✗ {e}"), theme.bad),
        None => {
            let ratatui_textarea::DataCursor(row, col) = ed.area.cursor();
            (format!("line {}, column {}", row + 1, col + 1), theme.muted)
        }
    };
    frame.render_widget(Paragraph::new(Span::styled(msg, style)), status);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ThemeName;

    fn rows(candidates: &[&str], w: usize, max: usize) -> Vec<String> {
        let theme = Theme::new(ThemeName::Dark, true);
        let owned: Vec<String> = candidates.iter().map(|c| c.to_string()).collect();
        candidate_lines(&owned, w, max, &theme)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn choices_flow_over_rows_in_their_order_and_count_the_rest() {
        let opts = [
            "--user-name",
            "--path",
            "--permissions-boundary",
            "--tags",
            "--cli-input-json",
            "--generate-cli-skeleton",
            "--debug",
        ];
        assert_eq!(
            rows(&opts, 46, 5),
            [
                "--user-name  --path  --permissions-boundary",
                "--tags  --cli-input-json",
                "--generate-cli-skeleton  --debug",
            ]
        );
        assert_eq!(
            rows(&opts, 46, 2),
            [
                "--user-name  --path  --permissions-boundary",
                "--tags  … 3 more: type more letters",
            ]
        );
    }

    #[test]
    fn a_shared_path_is_shown_once_in_the_command_line_not_in_the_choices() {
        let arns = [
            "arn:aws:iam::aws:policy/AdministratorAccess",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        ];
        assert_eq!(
            rows(&arns, 80, 3),
            ["AdministratorAccess  service-role/AWSLambdaBasicExecutionRole"]
        );
        assert_eq!(rows(&["--path"], 80, 3), ["--path"]);
    }
}
