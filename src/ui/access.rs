//! The access grid: actions down, principals across, one mark per cell,
//! and under it the selected cell's decision, trail or escalation paths.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::{fit, plain, wrap};
use super::theme::Theme;
use super::{block, header};
use crate::app::access::{AccessView, Detail};
use crate::iam::call_request;
use crate::iam::eval::Decision;
use crate::iam::explain;
use crate::iam::paths::Path;

/// The widest a principal's column gets; longer names are cut with `…`.
const MAX_NAME: usize = 12;
/// The widest the action labels get, so principals keep most of the room.
const MAX_LABEL: usize = 44;

/// The grid's mark for a decision, as `iamtutor matrix` prints it.
fn mark(d: Decision) -> String {
    d.mark().to_string()
}

fn mark_style(d: Decision, theme: &Theme) -> Style {
    match d {
        Decision::Allowed => theme.good,
        Decision::ImplicitDeny => theme.muted,
        Decision::ExplicitDeny => theme.bad,
    }
}

/// Scrolls `first` so that `selected` is among the `visible` items.
fn follow(first: usize, selected: usize, visible: usize) -> usize {
    if selected < first {
        selected
    } else if visible > 0 && selected >= first + visible {
        selected + 1 - visible
    } else {
        first
    }
}

pub fn draw(view: &AccessView, frame: &mut Frame, top: Rect, body: Rect, theme: &Theme) {
    let g = &view.grid;
    let allowed = g.cells.iter().filter(|d| d.is_allowed()).count();
    header(
        frame,
        top,
        theme,
        "Who can do what",
        &format!(
            "{} × {} · {allowed} allowed",
            crate::content::words::plural(g.principals.len(), "principal"),
            crate::content::words::plural(g.columns.len(), "action")
        ),
    );
    if g.principals.is_empty() || g.columns.is_empty() {
        let text = "Nobody to show yet: this organization has no users or roles, or its \
                    policies name no actions. Create some in the sandbox, then press F6 again.";
        frame.render_widget(
            Paragraph::new(plain(text, body.width as usize, theme.muted)),
            body,
        );
        return;
    }
    // The detail pane takes a third of the room, half when it has a trail.
    let detail_rows = match view.detail {
        Detail::Summary => 4,
        _ => body.height / 2,
    }
    .max(4);
    let [grid_area, detail_area] =
        Layout::vertical([Constraint::Min(4), Constraint::Length(detail_rows)]).areas(body);
    draw_grid(view, frame, grid_area, theme);
    draw_detail(view, frame, detail_area, theme);
}

fn draw_grid(view: &AccessView, frame: &mut Frame, area: Rect, theme: &Theme) {
    let g = &view.grid;
    let w = area.width as usize;
    let label_w = g
        .columns
        .iter()
        .map(|c| c.label().width())
        .max()
        .unwrap_or(0)
        .clamp(12, MAX_LABEL.min(w / 2));
    let col_w: Vec<usize> = g
        .principals
        .iter()
        .map(|p| p.width().clamp(1, MAX_NAME) + 1)
        .collect();
    // Principals that fit beside the labels, from the first shown.
    let room = w.saturating_sub(label_w + 1);
    let fits = |first: usize| {
        let mut used = 0;
        col_w[first..]
            .iter()
            .take_while(|cw| {
                used += **cw;
                used <= room
            })
            .count()
            .max(1)
    };
    let mut first_col = view.first_col.get().min(g.principals.len() - 1);
    while view.col >= first_col + fits(first_col) {
        first_col += 1;
    }
    first_col = first_col.min(view.col);
    view.first_col.set(first_col);
    let shown = fits(first_col);
    let cols = first_col..(first_col + shown).min(g.principals.len());
    // Two rows of header and two of legend.
    let rows_visible = (area.height as usize).saturating_sub(4);
    let first_row = follow(view.first_row.get(), view.row, rows_visible);
    view.first_row.set(first_row);

    let mut lines = Vec::new();
    let mut head = vec![Span::raw(format!("{:label_w$} ", ""))];
    for c in cols.clone() {
        let style = if c == view.col {
            theme.accent.add_modifier(Modifier::BOLD)
        } else {
            theme.accent
        };
        head.push(Span::styled(
            format!(
                "{:<width$}",
                fit(&g.principals[c], col_w[c] - 1),
                width = col_w[c]
            ),
            style,
        ));
    }
    lines.push(Line::from(head));
    let more_left = if first_col > 0 { "◂ more" } else { "" };
    let more_right = if cols.end < g.principals.len() {
        "more ▸"
    } else {
        ""
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{:label_w$} ", "action and resource"), theme.muted),
        Span::styled(format!("{more_left} {more_right}"), theme.muted),
    ]));
    for r in (first_row..g.columns.len()).take(rows_visible) {
        let selected_row = r == view.row;
        let label_style = if selected_row {
            theme.selected
        } else {
            theme.base
        };
        let mut spans = vec![
            Span::styled(
                format!("{:<label_w$}", fit(&g.columns[r].label(), label_w)),
                label_style,
            ),
            Span::raw(" "),
        ];
        for c in cols.clone() {
            let d = g.get(c, r);
            let mut style = mark_style(d, theme);
            if selected_row && c == view.col {
                style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
            }
            let pad = col_w[c] - 1;
            spans.push(Span::styled(mark(d), style));
            spans.push(Span::raw(" ".repeat(pad)));
        }
        lines.push(Line::from(spans));
    }
    let legend_at = area.height.saturating_sub(2);
    frame.render_widget(Paragraph::new(lines), area);
    // The legend's words are the engine's, as `iamtutor matrix` prints
    // them; only the colour of each mark is the screen's own.
    let mut legend = Vec::new();
    for (i, d) in Decision::ALL.into_iter().enumerate() {
        let gap = if i == 0 { "" } else { "  " };
        legend.push(Span::styled(gap, theme.muted));
        legend.push(Span::styled(mark(d), mark_style(d, theme)));
        legend.push(Span::styled(format!(" {}", d.adjective()), theme.muted));
    }
    let legend = Line::from(legend);
    frame.render_widget(
        Paragraph::new(legend),
        Rect {
            y: area.y + legend_at,
            height: 1,
            ..area
        },
    );
    // The request every cell stands for, so a mark is never read as an
    // answer to a different question.
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            call_request::ASSUMED_SHORT,
            theme.muted,
        ))),
        Rect {
            y: area.y + legend_at + 1,
            height: 1,
            ..area
        },
    );
}

fn draw_detail(view: &AccessView, frame: &mut Frame, area: Rect, theme: &Theme) {
    let g = &view.grid;
    let principal = &g.principals[view.col];
    let column = &g.columns[view.row];
    let (title, lines) = match &view.detail {
        Detail::Summary => {
            let d = g.get(view.col, view.row);
            let w = area.width.saturating_sub(2) as usize;
            let mut lines = wrap(
                vec![
                    Span::styled(principal.clone(), theme.accent),
                    Span::styled(format!(" {} ", column.action), theme.code),
                    Span::styled(format!("on {}: ", column.resource), theme.base),
                    Span::styled(
                        format!("{} {}", mark(d), d.sentence()),
                        mark_style(d, theme),
                    ),
                ],
                w,
                2,
            );
            lines.extend(plain(
                "Enter shows why; p shows how this principal could gain more.",
                w,
                theme.muted,
            ));
            ("Cell".to_string(), lines)
        }
        Detail::Trail(e) => {
            let w = area.width.saturating_sub(2) as usize;
            let mut lines = Vec::new();
            for l in explain::to_text(e).lines() {
                let indent = l.len() - l.trim_start().len();
                lines.extend(wrap(
                    vec![Span::styled(l.to_string(), theme.base)],
                    w,
                    indent + 2,
                ));
            }
            (format!("Why: {principal}, {}", column.action), lines)
        }
        Detail::Paths { principal, paths } => (
            format!("How {principal} could gain more"),
            path_lines(
                principal,
                paths,
                area.width.saturating_sub(2) as usize,
                theme,
            ),
        ),
    };
    let b = block(&title, theme);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let max = lines.len().saturating_sub(inner.height as usize) as u16;
    let scroll = view.detail_scroll.fit_rows(max);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// Escalation paths drawn as chains: who, each step with the actions that
/// make it, and what the end can do that the start cannot.
pub fn path_lines<'a>(principal: &str, paths: &[Path], w: usize, theme: &Theme) -> Vec<Line<'a>> {
    if paths.is_empty() {
        return plain(
            &format!("No escalation paths: {principal} cannot gain power it does not have."),
            w,
            theme.good,
        );
    }
    let mut lines = Vec::new();
    for p in paths {
        let mut chain = vec![Span::styled(principal.to_string(), theme.accent)];
        for s in &p.steps {
            chain.push(Span::styled(" → ", theme.muted));
            chain.push(Span::styled(s.target.clone(), theme.accent));
        }
        if p.admin {
            chain.push(Span::styled("  (administrator)", theme.bad));
        }
        lines.extend(wrap(chain, w, 2));
        for (i, s) in p.steps.iter().enumerate() {
            lines.extend(wrap(
                vec![
                    Span::styled(format!("  {}. ", i + 1), theme.muted),
                    Span::styled(s.explain.clone(), theme.base),
                    Span::styled(format!("  [{}]", s.actions.join(", ")), theme.code),
                ],
                w,
                5,
            ));
        }
        if !p.gains.is_empty() {
            lines.extend(wrap(
                vec![
                    Span::styled("     gains: ", theme.muted),
                    Span::styled(p.gains.join(", "), theme.warn),
                ],
                w,
                12,
            ));
        }
    }
    lines
}
