//! Interview practice on screen: the round's choices, a question on its
//! clock (the topic hidden until the answer), a case's organization and
//! choices, a live case's command line beside the case, the "time's up"
//! notice, the model answer with the key points to tick and the verdict
//! they give, and the report with its links to revisit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{plain, prose, wrap};
use super::theme::Theme;
use super::{HitMap, block, centered, column, header};
use crate::app::interview::{CaseState, InterviewView, Live, Phase};
use crate::app::{App, Target};
use crate::content::revisit;
use crate::content::schema::AskKind;
use crate::learn::interview::{self as grading, Level, Verdict, clock};

pub fn draw(
    app: &App,
    view: &InterviewView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    match view.phase {
        Phase::Setup => draw_setup(app, view, frame, top, body, theme, hits),
        Phase::Report => draw_report(app, view, frame, top, body, theme, hits),
        Phase::Live => draw_live(view, frame, top, body, theme),
        Phase::Ask | Phase::Choose | Phase::TimeUp | Phase::Tick => {
            if view.card().is_none() {
                return;
            }
            header(frame, top, theme, &left_header(view), &right_header(view));
            match view.phase {
                Phase::Ask => draw_ask(view, frame, body, theme),
                Phase::Choose => draw_choose(view, frame, body, theme, hits),
                Phase::TimeUp => draw_time_up(view, frame, body, theme),
                _ => draw_tick(view, frame, body, theme, hits),
            }
        }
    }
}

/// Before the answer, the difficulty and the kind of question; after it,
/// the topic (before, it would give the answer away).
fn left_header(view: &InterviewView) -> String {
    let Some(card) = view.card() else {
        return "Interview practice".into();
    };
    if view.phase == Phase::Tick {
        return format!("Interview practice · {}", card.topic);
    }
    let d = grading::difficulty_label(grading::difficulty(card));
    // A follow-up says so on the right, with its number: said once, the
    // header fits 80 columns even with "time's up".
    let kind = if view.part > 0 {
        ""
    } else {
        match (&card.kind, &view.case) {
            (_, Some(CaseState::Broken(_))) => "",
            (AskKind::Talk, _) => "",
            (AskKind::Junior, _) => " · explain it to a junior",
            (AskKind::WhoCan(_) | AskKind::WhyDenied(_), _) => " · case",
            (AskKind::SmallestChange(_), _) => " · smallest change",
            (AskKind::Troubleshoot(_), _) => " · live troubleshooting",
        }
    };
    format!("Interview practice · {d}{kind}")
}

/// Where the round is, and the clock (or, once answered, the time used).
fn right_header(view: &InterviewView) -> String {
    let mut s = format!("question {}/{}", view.index + 1, view.cards.len());
    if view.part_count() > 1 && view.part > 0 {
        s.push_str(&format!(
            " · follow-up {}/{}",
            view.part,
            view.part_count() - 1
        ));
    }
    match view.phase {
        Phase::Tick | Phase::TimeUp => {
            s.push_str(&format!(" · {} used", clock(view.used_ms)));
            if view.timed_out {
                s.push_str(" · time's up");
            }
        }
        _ => s.push_str(&format!(" · ⏱ {}", clock(view.remaining_ms()))),
    }
    s
}

fn rule<'a>(w: usize, theme: &Theme) -> Line<'a> {
    Line::from(Span::styled("─".repeat(w), theme.border))
}

/// The question asked, with what frames it: a follow-up's first question,
/// a junior prompt's three beats.
fn question_lines<'a>(view: &InterviewView, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let (Some(card), Some(part)) = (view.card(), view.current_part()) else {
        return lines;
    };
    if view.part > 0 {
        lines.extend(wrap(
            vec![
                Span::styled("Following up on: ", theme.muted),
                Span::styled(card.question.clone(), theme.muted),
            ],
            w,
            2,
        ));
        lines.push(Line::default());
    } else if matches!(card.kind, AskKind::Junior) {
        lines.extend(plain(
            "Explain it to a junior colleague: what it is, an example, and the catch.",
            w,
            theme.accent,
        ));
        lines.push(Line::default());
    }
    lines.extend(prose(&part.question, w, theme, theme.title));
    lines
}

fn draw_setup(
    app: &App,
    view: &InterviewView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    header(frame, top, theme, "Interview practice · a new round", "");
    let area = column(body);
    let w = area.width as usize;
    let mut lines = plain("How should this round go?", w, theme.title);
    lines.push(Line::default());
    let bank = &app.course.interview;
    let name_w = Level::ALL
        .iter()
        .map(|l| l.label().len())
        .max()
        .unwrap_or(0);
    let mut rows = Vec::new();
    for (i, level) in Level::ALL.iter().enumerate() {
        let count = bank.iter().filter(|c| level.admits(c)).count();
        let here = i == view.setup_cursor;
        let style = if here { theme.selected } else { theme.base };
        let marker = if here { "▸ " } else { "  " };
        rows.push((lines.len(), i));
        lines.extend(wrap(
            vec![
                Span::styled(format!("{marker}{} ", i + 1), theme.key),
                Span::styled(format!("{:<name_w$}", level.label()), style),
                Span::styled(
                    format!("  {} ({count} questions)", level.about()),
                    theme.muted,
                ),
            ],
            w,
            name_w + 6,
        ));
    }
    lines.push(Line::default());
    let count = grading::questions_for(view.minutes);
    lines.extend(wrap(
        vec![
            Span::styled("Length  ", theme.accent),
            Span::styled(format!("◂ {count} questions ▸"), theme.key),
            Span::styled(
                format!("  about {} minutes (← → change it)", view.minutes),
                theme.muted,
            ),
        ],
        w,
        8,
    ));
    lines.push(Line::default());
    lines.extend(plain(
        "Each question runs on a clock: 2 minutes when easy, 3 medium, 4 hard; a follow-up 1:30; \
         a case to read a minute more; live troubleshooting 8. The topic shows only after your \
         answer. Then you tick the key points you covered, and the verdict (pass, borderline or \
         miss) comes from them.",
        w,
        theme.muted,
    ));
    let max = lines.len().saturating_sub(area.height as usize) as u16;
    view.scroll.fit_rows(max);
    for (row, i) in rows {
        if row < area.height as usize {
            hits.add(area.x, area.y + row as u16, area.width, 1, Target::Row(i));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_ask(view: &InterviewView, frame: &mut Frame, body: Rect, theme: &Theme) {
    let area = column(body);
    let w = area.width as usize;
    let mut lines = question_lines(view, w, theme);
    lines.push(Line::default());
    if let Some(CaseState::Broken(e)) = &view.case {
        lines.extend(plain(
            &format!("(This case could not be built: {e}. Talk it through instead.)"),
            w,
            theme.warn,
        ));
        lines.push(Line::default());
    }
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
        "Answer as you would aloud, or type it. Enter when you are done: the model answer \
         shows, and you tick the key points you covered.",
        w,
        theme.muted,
    ));
    // The notes' line stays in view, however long the question.
    let max = lines.len().saturating_sub(area.height as usize) as u16;
    view.scroll.fit_rows(max);
    view.scroll.shown_at(usize::from(max));
    frame.render_widget(Paragraph::new(lines).scroll((max, 0)), area);
}

/// A pinned list at the bottom of `area`: at most three fifths of it, the
/// window following `cursor_rows` (the rows of the highlighted entry).
/// Returns the area left above it and where each drawn row of the list
/// landed (row of the list -> screen y).
fn pin<'a>(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line<'a>>,
    cursor_rows: std::ops::Range<usize>,
    head: Vec<Line<'a>>,
    foot: Vec<Line<'a>>,
) -> (Rect, Vec<(usize, u16)>) {
    let room = (area.height as usize * 3 / 5).max(head.len() + foot.len() + 1);
    let list_room = room.saturating_sub(head.len() + foot.len()).max(1);
    let start = if lines.len() <= list_room {
        0
    } else {
        cursor_rows
            .end
            .saturating_sub(list_room)
            .min(cursor_rows.start)
            .min(lines.len() - list_room)
    };
    let shown: Vec<Line> = lines.into_iter().skip(start).take(list_room).collect();
    let total = head.len() + shown.len() + foot.len();
    let h = (total as u16).min(area.height);
    let r = Rect {
        y: area.bottom() - h,
        height: h,
        ..area
    };
    let list_y = r.y + head.len() as u16;
    let placed: Vec<(usize, u16)> = (0..shown.len())
        .map(|i| (start + i, list_y + i as u16))
        .collect();
    let mut all = head;
    all.extend(shown);
    all.extend(foot);
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new(all), r);
    (
        Rect {
            height: area.height - h,
            ..area
        },
        placed,
    )
}

/// Lines of a list of choices: `▸ [x] 1 text`, each entry's rows, and
/// which entry each row belongs to.
fn choice_lines<'a>(
    entries: &[(String, bool)],
    cursor: usize,
    radio: bool,
    extra: &dyn Fn(usize) -> Option<Span<'a>>,
    w: usize,
    theme: &Theme,
) -> (Vec<Line<'a>>, Vec<usize>) {
    let mut lines = Vec::new();
    let mut owner = Vec::new();
    for (i, (text, on)) in entries.iter().enumerate() {
        let here = i == cursor;
        let boxed = match (radio, on) {
            (true, true) => "(•)",
            (true, false) => "( )",
            (false, true) => "[x]",
            (false, false) => "[ ]",
        };
        let mut spans = vec![
            Span::styled(if here { "▸ " } else { "  " }, theme.key),
            Span::styled(format!("{boxed} {} ", i + 1), theme.key),
        ];
        if let Some(s) = extra(i) {
            spans.push(s);
        }
        spans.push(Span::styled(
            text.clone(),
            if here { theme.selected } else { theme.base },
        ));
        let rows = wrap(spans, w, 8);
        owner.extend(std::iter::repeat_n(i, rows.len()));
        lines.extend(rows);
    }
    (lines, owner)
}

fn rows_of(owner: &[usize], i: usize) -> std::ops::Range<usize> {
    let start = owner.iter().position(|o| *o == i).unwrap_or(0);
    let end = owner.iter().rposition(|o| *o == i).map_or(start, |e| e + 1);
    start..end
}

fn draw_choose(
    view: &InterviewView,
    frame: &mut Frame,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    let area = column(body);
    let w = area.width as usize;
    let (inventory, entries, radio, prompt) = match &view.case {
        Some(CaseState::WhoCan {
            inventory, options, ..
        }) => (
            inventory,
            options
                .iter()
                .enumerate()
                .map(|(i, (p, _))| (p.clone(), view.picked.contains(&i)))
                .collect::<Vec<_>>(),
            false,
            "Who can do it? Tick everyone who is allowed (Space or 1-9), then Enter:",
        ),
        Some(CaseState::WhyDenied {
            inventory, reasons, ..
        }) => (
            inventory,
            reasons
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| (o.clone(), view.picked.contains(&i)))
                .collect(),
            true,
            "Why is it denied? Pick one (Space or 1-9), then Enter:",
        ),
        _ => return,
    };
    let (list, owner) = choice_lines(&entries, view.cursor, radio, &|_| None, w, theme);
    let mut head = vec![rule(w, theme)];
    head.extend(plain(prompt, w, theme.accent));
    let (above, placed) = pin(
        frame,
        area,
        list,
        rows_of(&owner, view.cursor),
        head,
        Vec::new(),
    );
    for (row, y) in placed {
        hits.add(area.x, y, area.width, 1, Target::Row(owner[row]));
    }
    let mut lines = question_lines(view, w, theme);
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "The organization, as its inventory lists it:",
        theme.accent,
    )));
    for l in inventory {
        lines.extend(wrap(vec![Span::styled(l.clone(), theme.base)], w, 6));
    }
    scrolled(view, frame, body, above, lines, theme);
}

/// Draws `lines` in `area`, scrolled as the view says, with the marks.
fn scrolled(
    view: &InterviewView,
    frame: &mut Frame,
    body: Rect,
    area: Rect,
    lines: Vec<Line>,
    theme: &Theme,
) {
    let max = lines.len().saturating_sub(area.height as usize) as u16;
    let scroll = view.scroll.fit_rows(max);
    if max > 0 {
        let mut marks = Vec::new();
        if scroll > 0 {
            marks.push("↑ more above (PgUp)");
        }
        if scroll < max {
            marks.push("↓ more below (PgDn)");
        }
        let text = super::text::fit(&marks.join(" · "), body.width as usize);
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.muted)).right_aligned(),
            Rect { height: 1, ..body },
        );
    }
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

fn draw_time_up(view: &InterviewView, frame: &mut Frame, body: Rect, theme: &Theme) {
    let area = column(body);
    let w = area.width as usize;
    let mut lines = question_lines(view, w, theme);
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("⏱ Time's up.", theme.warn)));
    lines.push(Line::default());
    let stands = match &view.case {
        Some(CaseState::WhoCan { .. }) | Some(CaseState::WhyDenied { .. }) if view.part == 0 => {
            "Your choices stand as you left them."
        }
        Some(CaseState::Fix(_)) if view.part == 0 => {
            "The sandbox stands as you left it: the case is not solved."
        }
        _ if view.notes.is_empty() => "Your answer stands as you gave it aloud.",
        _ => "Your answer stands as you gave it, notes and all.",
    };
    lines.extend(plain(
        &format!(
            "{} used, the whole clock. In an interview you would be stopped here. {stands}",
            clock(view.used_ms)
        ),
        w,
        theme.base,
    ));
    lines.push(Line::default());
    lines.extend(plain(
        "Enter shows the model answer and the key points to tick.",
        w,
        theme.key,
    ));
    scrolled(view, frame, body, area, lines, theme);
}

/// What the engine made of a case's answer, in its words.
fn engine_lines<'a>(view: &InterviewView, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let Some(right) = view.engine_right.filter(|_| view.part == 0) else {
        return lines;
    };
    let (mark, style) = if right {
        ("✓ Right", theme.good)
    } else {
        ("✗ Not right", theme.bad)
    };
    match &view.case {
        Some(CaseState::WhoCan { options, .. }) => {
            lines.extend(plain(
                &format!("{mark}: the engine decides each principal as follows."),
                w,
                style,
            ));
            for (i, (p, d)) in options.iter().enumerate() {
                let said = view.picked.contains(&i);
                let agrees = said == d.is_allowed();
                let you = if said { "you ticked it" } else { "you left it" };
                lines.extend(wrap(
                    vec![
                        Span::styled(
                            format!("  {} ", if agrees { "✓" } else { "✗" }),
                            super::style_ok(agrees, theme),
                        ),
                        Span::styled(format!("{p}: {}", d.adjective()), theme.base),
                        Span::styled(format!(" ({you})"), theme.muted),
                    ],
                    w,
                    4,
                ));
            }
        }
        Some(CaseState::WhyDenied { reasons, .. }) => {
            let picked = view.picked.iter().next().copied();
            let right_text = &reasons.options[reasons.correct];
            if right {
                lines.extend(plain(&format!("{mark}: {right_text}."), w, style));
            } else {
                let said = picked.map_or("nothing", |i| reasons.options[i].as_str());
                lines.extend(plain(
                    &format!("{mark}: you picked \"{said}\". It is: {right_text}."),
                    w,
                    style,
                ));
            }
            lines.extend(wrap(
                vec![
                    Span::styled("The engine: ", theme.muted),
                    Span::styled(reasons.evaluation.reason.clone(), theme.base),
                ],
                w,
                2,
            ));
        }
        Some(CaseState::Fix(live)) => {
            let who = &live.case.principal;
            if live.state.solved() {
                lines.extend(plain(
                    &format!(
                        "{mark}: solved in {} with {}: the command works as {who}, and nobody \
                         gained anything else.",
                        clock(view.used_ms),
                        crate::content::words::plural(live.session.commands, "command")
                    ),
                    w,
                    style,
                ));
            } else {
                lines.extend(plain(&format!("{mark}: not solved."), w, style));
                lines.extend(fix_lines(live, w, theme));
            }
            if !live.state.lost.is_empty() {
                lines.extend(plain(
                    "Access lost since the start (not counted against the fix):",
                    w,
                    theme.muted,
                ));
                for l in &live.state.lost {
                    lines.extend(wrap(vec![Span::styled(format!("  {l}"), theme.base)], w, 4));
                }
            }
            lines.extend(plain("A reference solution:", w, theme.accent));
            for c in &live.case.solution {
                lines.extend(wrap(vec![Span::styled(format!("  {c}"), theme.code)], w, 4));
            }
        }
        _ => {}
    }
    lines.push(Line::default());
    lines
}

/// A fix's two conditions, each marked, with what stands in the way.
fn fix_lines<'a>(live: &Live, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let s = &live.state;
    let command = live.case.command.lines().next().unwrap_or("");
    let cond = |ok: bool, text: String| {
        wrap(
            vec![
                Span::styled(
                    if ok { "✓ " } else { "○ " },
                    if ok { theme.good } else { theme.muted },
                ),
                Span::styled(text, theme.base),
            ],
            w,
            2,
        )
    };
    lines.extend(cond(
        s.works,
        format!("`{command}` works as {}", live.case.principal),
    ));
    if !s.works && !s.error.is_empty() {
        lines.extend(wrap(
            vec![Span::styled(format!("  {}", s.error), theme.bad)],
            w,
            4,
        ));
    }
    lines.extend(cond(
        s.also_gained.is_empty(),
        "nobody gains anything else".to_string(),
    ));
    for g in &s.also_gained {
        lines.extend(wrap(
            vec![Span::styled(format!("  ✗ also {g}"), theme.bad)],
            w,
            4,
        ));
    }
    lines
}

fn draw_tick(
    view: &InterviewView,
    frame: &mut Frame,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    let Some(part) = view.current_part() else {
        return;
    };
    let area = column(body);
    let w = area.width as usize;
    let essential = grading::essential_points(part.key_points.len(), &part.essential);
    let marked = !part.essential.is_empty();
    let entries: Vec<(String, bool)> = part
        .key_points
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), view.ticked.contains(&i)))
        .collect();
    let star =
        |i: usize| (marked && essential[i]).then(|| Span::styled("★ ".to_string(), theme.warn));
    let (list, owner) = choice_lines(&entries, view.cursor, false, &star, w, theme);
    let mut head = vec![rule(w, theme)];
    let essentials = if marked {
        " ★ marks the essential ones."
    } else {
        ""
    };
    head.extend(plain(
        &format!(
            "Tick the points you covered (1-9, or ↑↓ and Space), then → to go on.{essentials}"
        ),
        w,
        theme.accent,
    ));
    let mut foot = Vec::new();
    if let Some(v) = view.points_verdict() {
        let style = match v.verdict {
            Verdict::Pass => theme.good,
            Verdict::Borderline => theme.warn,
            Verdict::Miss => theme.bad,
        };
        foot.extend(wrap(
            vec![
                Span::styled(
                    format!("Verdict: {} {}", v.verdict.mark(), v.verdict.label()),
                    style,
                ),
                Span::styled(format!(" · {}", v.reason), theme.base),
            ],
            w,
            2,
        ));
    }
    let (above, placed) = pin(frame, area, list, rows_of(&owner, view.cursor), head, foot);
    for (row, y) in placed {
        hits.add(area.x, y, area.width, 1, Target::Row(owner[row]));
    }
    let mut lines = question_lines(view, w, theme);
    lines.push(Line::default());
    if view.timed_out {
        lines.push(Line::from(Span::styled(
            "⏱ Time ran out on this one.",
            theme.warn,
        )));
    }
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
    lines.extend(engine_lines(view, w, theme));
    lines.push(Line::from(Span::styled("Model answer", theme.accent)));
    lines.extend(prose(&part.answer, w, theme, theme.base));
    scrolled(view, frame, body, above, lines, theme);
}

fn draw_live(view: &InterviewView, frame: &mut Frame, top: Rect, body: Rect, theme: &Theme) {
    let Some(CaseState::Fix(live)) = &view.case else {
        return;
    };
    let mut right = right_header(view);
    if live.solved_ms.is_some() {
        right = format!(
            "question {}/{} · ✓ solved in {}",
            view.index + 1,
            view.cards.len(),
            clock(view.elapsed_ms())
        );
    }
    header(frame, top, theme, &left_header(view), &right);
    let question = view.card().map_or(String::new(), |c| c.question.clone());
    let side = |frame: &mut Frame, r: Rect| {
        let b = block("The case", theme);
        let inner = b.inner(r);
        frame.render_widget(b, r);
        let w = inner.width as usize;
        let mut lines = prose(&question, w, theme, theme.base);
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Solved when:", theme.accent)));
        lines.extend(fix_lines(live, w, theme));
        lines.push(Line::default());
        lines.extend(plain(
            "The why-pane is off, the clock is running. `as NAME` tries a call as someone; \
             `as admin` comes back. Esc on an empty line ends the attempt.",
            w,
            theme.muted,
        ));
        frame.render_widget(Paragraph::new(lines), inner);
    };
    super::console::draw_console_beside(
        &live.console,
        &live.session.shell,
        frame,
        body,
        theme,
        &side,
    );
    if live.confirm_end {
        let width = body.width.min(60);
        let text = "The case counts as not solved; the model answer and the key points show \
                    next. y ends the attempt, n goes back to it.";
        let lines = prose(text, width.saturating_sub(4) as usize, theme, theme.base);
        let area = centered(body, width, lines.len() as u16 + 2);
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block("End the attempt?", theme))
                .style(theme.base),
            area,
        );
    }
}

fn verdict_style(v: Verdict, theme: &Theme) -> Style {
    match v {
        Verdict::Pass => theme.good,
        Verdict::Borderline => theme.warn,
        Verdict::Miss => theme.bad,
    }
}

fn draw_report(
    app: &App,
    view: &InterviewView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) {
    let level = view.level.map_or("", |l| l.label());
    header(
        frame,
        top,
        theme,
        "Interview practice · report",
        &format!("{level} · {} questions", view.answers.len()),
    );
    let area = column(body);
    let w = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let count = |v: Verdict| view.answers.iter().filter(|a| a.verdict == v).count();
    let total: u64 = view.answers.iter().map(|a| a.ms()).sum();
    if view.answers.is_empty() {
        lines.extend(plain(
            "No questions in this round: the course has none of this level.",
            w,
            theme.title,
        ));
    } else {
        lines.extend(plain(
            &format!(
                "✓ {} pass · ~ {} borderline · ✗ {} miss · {} in all",
                count(Verdict::Pass),
                count(Verdict::Borderline),
                count(Verdict::Miss),
                clock(total)
            ),
            w,
            theme.title,
        ));
    }
    let links = view.links(&app.course.lessons);
    // Rows of `lines` that hold each link: its first row, how many it
    // wraps to, and its number.
    let mut link_rows: Vec<(usize, usize, usize)> = Vec::new();
    for (i, a) in view.answers.iter().enumerate() {
        lines.push(Line::default());
        let q = view
            .cards
            .iter()
            .find(|c| c.id == a.card)
            .map_or("", |c| c.question.as_str());
        let first = a.parts.first();
        let timed = if first.is_some_and(|p| p.timed_out) {
            " ⏱ time's up"
        } else {
            ""
        };
        lines.extend(wrap(
            vec![
                Span::styled(
                    format!("{} {:<10}", a.verdict.mark(), a.verdict.label()),
                    verdict_style(a.verdict, theme),
                ),
                Span::styled(
                    format!(" {}{timed} ", clock(first.map_or(0, |p| p.ms))),
                    theme.muted,
                ),
                Span::styled(format!("[{}] ", a.topic), theme.muted),
                Span::styled(q.to_string(), theme.base),
            ],
            w,
            4,
        ));
        if let Some(right) = a.engine_right {
            lines.extend(plain(
                &format!(
                    "    the engine: {}",
                    if right {
                        "your answer was right"
                    } else {
                        "your answer was not right"
                    }
                ),
                w,
                theme.muted,
            ));
        }
        for (k, p) in a.parts.iter().enumerate() {
            if k > 0 {
                let timed = if p.timed_out { " ⏱ time's up" } else { "" };
                lines.extend(wrap(
                    vec![
                        Span::styled(format!("    follow-up {k}: "), theme.muted),
                        Span::styled(
                            format!("{} {}", p.verdict.mark(), p.verdict.label()),
                            verdict_style(p.verdict, theme),
                        ),
                        Span::styled(format!(" {}{timed}", clock(p.ms)), theme.muted),
                    ],
                    w,
                    6,
                ));
            }
            for m in &p.missed {
                lines.extend(wrap(
                    vec![
                        Span::styled("      missed: ", theme.muted),
                        Span::styled(m.clone(), theme.base),
                    ],
                    w,
                    14,
                ));
            }
        }
        for (j, (owner, link)) in links.iter().enumerate() {
            if *owner != i {
                continue;
            }
            let here = j == view.link;
            let at = lines.len();
            lines.extend(wrap(
                vec![
                    Span::styled(
                        if here {
                            "    ▸ revisit: "
                        } else {
                            "      revisit: "
                        },
                        theme.key,
                    ),
                    Span::styled(
                        revisit::label(&app.course.lessons, link),
                        if here { theme.selected } else { theme.accent },
                    ),
                ],
                w,
                15,
            ));
            link_rows.push((at, lines.len() - at, j));
        }
    }
    lines.push(Line::default());
    let weak = view.weak_topics();
    if view.answers.is_empty() {
        // Nothing was asked: nothing is weak or strong.
    } else if weak.is_empty() {
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
            "The borderline and missed questions are now in your review deck.",
            w,
            theme.muted,
        ));
    }
    if !links.is_empty() {
        lines.extend(plain(
            "↑↓ picks a link and Enter opens it; Esc there comes back to this report.",
            w,
            theme.muted,
        ));
    }
    let height = area.height as usize;
    let max = lines.len().saturating_sub(height) as u16;
    let mut scroll = view.scroll.fit_rows(max);
    if view.follow_link
        && let Some((row, rows, _)) = link_rows.iter().find(|(_, _, j)| *j == view.link)
    {
        // The whole link in view, wrapped rows and all.
        let (row, end) = (*row as u16, (*row + *rows) as u16);
        if row < scroll {
            scroll = row;
        } else if end > scroll + area.height {
            scroll = end.saturating_sub(area.height).min(max);
        }
    }
    view.scroll.shown_at(usize::from(scroll));
    for (row, rows, j) in link_rows {
        for r in row..row + rows {
            let y = r as i64 - scroll as i64;
            if y >= 0 && (y as u16) < area.height {
                hits.add(area.x, area.y + y as u16, area.width, 1, Target::Row(j));
            }
        }
    }
    super::scroll_marks(frame, body, theme, scroll, max, "");
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_list_follows_its_cursor_rows() {
        let owner = vec![0, 0, 1, 2, 2, 2];
        assert_eq!(rows_of(&owner, 0), 0..2);
        assert_eq!(rows_of(&owner, 2), 3..6);
        assert_eq!(rows_of(&owner, 1), 2..3);
    }
}
