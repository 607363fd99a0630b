//! A question, its feedback, and the quiz's summary.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::{markup, plain, prose, wrap};
use super::theme::Theme;
use super::{header, style_ok};
use crate::app::quiz::{DECISIONS, Origin, QuizView, options, right_positions};
use crate::app::{App, HitMap, Target};
use crate::content::schema::QuestionKind;
use crate::learn::quiz::marks::{Mark, marks_summary, option_marks, order_places, places_summary};
use crate::learn::quiz::{Answer, Graded, Item};

/// Draws the quiz's page; returns the row just below the last one drawn on,
/// for what goes under it (review's grading legend).
pub fn draw(
    app: &App,
    view: &QuizView,
    frame: &mut Frame,
    top: Rect,
    body: Rect,
    theme: &Theme,
    hits: &mut HitMap,
) -> u16 {
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
    header(frame, top, theme, &title(app, view), &status);
    let column = super::column(body);
    let w = column.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    // Rows of `lines` that belong to each option, for clicks.
    let mut option_rows: Vec<(usize, usize)> = Vec::new();
    // Rows of the answer's marks: the options marked, or the order placed.
    let mut marks = 0..0;
    if view.summary {
        summary(view, w, theme, &mut lines);
    } else {
        marks = question(view, w, theme, &mut lines, &mut option_rows);
    }
    // Once answered, a rule and the verdict follow the page where it all
    // fits; where it does not, they keep the column's last rows and the
    // page scrolls above them. However long the question, the verdict
    // stays in view.
    let mut pinned = Vec::new();
    if let Some(g) = view.graded.as_ref().filter(|_| !view.summary) {
        pinned.push(rule(view, w, theme));
        pinned.extend(verdict_lines(view, g, w, theme));
    }
    let mut area = column;
    let mut pinned_at = None;
    if !pinned.is_empty() {
        let rows = (pinned.len() as u16).min(column.height);
        let y = if lines.len() + 1 + pinned.len() <= column.height as usize {
            area.height = lines.len() as u16;
            column.y + area.height + 1
        } else {
            area.height = column.height - rows;
            column.bottom() - rows
        };
        pinned_at = Some(Rect {
            y,
            height: rows,
            ..column
        });
    }
    let height = area.height as usize;
    let max = lines.len().saturating_sub(height) as u16;
    let asked = view.scroll.fit_rows(max);
    let scroll = if view.summary {
        asked
    } else if view.graded.is_none() {
        // Before the answer, the highlighted option is always in view: a
        // long question (an organization to judge) must not hide it.
        let follow = option_rows
            .iter()
            .filter(|(_, o)| *o == view.cursor)
            .map(|(row, _)| row + 1)
            .max()
            .map_or(0, |end| end.saturating_sub(height));
        asked.max(follow as u16)
    } else if view.settling {
        // Just answered: as much of the marks as fits, from their top.
        let lowest = marks.end.saturating_sub(height) as u16;
        asked.max(lowest).min(marks.start as u16)
    } else {
        asked
    }
    .min(max);
    view.scroll.shown_at(usize::from(scroll));
    if view.graded.is_none() {
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
    }
    super::scroll_marks(frame, body, theme, scroll, max, "");
    let bottom = area.y + (lines.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(lines).style(theme.base).scroll((scroll, 0)),
        area,
    );
    match pinned_at {
        Some(r) => {
            frame.render_widget(Paragraph::new(pinned).style(theme.base), r);
            r.bottom()
        }
        None => bottom,
    }
}

/// What the quiz is, for its header: a lesson's checkpoint, or a drill.
fn title(app: &App, view: &QuizView) -> String {
    let (lesson, what) = match view.origin {
        Origin::Checkpoint(l) => (l, "Checkpoint"),
        Origin::Retry(l) => (l, "Retry"),
        Origin::Review(l) => (l, "Review"),
        Origin::Drill(spec) => {
            return format!("Drill · {} · seed {}", spec.title(), spec.seed);
        }
        Origin::DrillReview => return "Review · Drill".to_string(),
    };
    let l = &app.course.lessons[lesson];
    format!("{what} · Lesson {} · {}", l.number, l.title)
}

/// The verdict, for the pinned rows: right or not, and the answer in
/// short (the marks above say the rest). Three rows at most.
fn verdict_lines<'a>(view: &QuizView, g: &Graded, w: usize, theme: &Theme) -> Vec<Line<'a>> {
    let item = view.item();
    let detail = match (&item.question.kind, &view.answer) {
        (QuestionKind::ChooseMany { .. }, Some(Answer::Many(ticked))) => {
            Some(marks_summary(&option_marks(item, ticked)))
        }
        (QuestionKind::Order { .. }, Some(Answer::Order(given))) => {
            Some(places_summary(&order_places(item, given)))
        }
        _ => None,
    };
    let style = style_ok(g.correct, theme).add_modifier(Modifier::BOLD);
    let mut spans = vec![Span::styled(
        if g.correct {
            "✓ Right"
        } else {
            "✗ Not quite"
        },
        style,
    )];
    match detail {
        Some(d) => spans.push(Span::styled(format!(": {d}."), style_ok(g.correct, theme))),
        None if !g.correct && !g.right_answer.is_empty() => {
            spans.push(Span::styled(". The answer: ", theme.base));
            spans.extend(markup(&g.right_answer, theme, theme.term));
        }
        None => spans.push(Span::styled(".", style)),
    }
    let mut lines = wrap(spans, w, 2);
    if lines.len() > 3 {
        lines.truncate(3);
        if let Some(last) = lines.last_mut() {
            last.spans.push(Span::styled(" …", theme.muted));
        }
    }
    lines
}

/// The rule above the verdict, ending in the key that goes on (in review,
/// the grades below say what comes next).
fn rule<'a>(view: &QuizView, w: usize, theme: &Theme) -> Line<'a> {
    let next = match view.origin {
        Origin::Review(_) | Origin::DrillReview => "",
        _ if view.on_last() => " → your score",
        _ => " → next question",
    };
    let len = w.saturating_sub(next.width());
    Line::from(vec![
        Span::styled("─".repeat(len), theme.border),
        Span::styled(next, theme.key),
    ])
}

/// The width of an option's lead ("▸1. ( ) "), where its wrapped rows
/// start.
fn lead_width(lead: &str) -> usize {
    lead.width()
}

/// The question and, once answered, its marks and feedback. Returns the
/// rows of the marks.
fn question<'a>(
    view: &QuizView,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
    option_rows: &mut Vec<(usize, usize)>,
) -> Range<usize> {
    let item = view.item();
    let q = &item.question;
    let graded = view.graded.as_ref();
    let hint = kind_hint(item, graded.is_none());
    question_head(item, hint, theme.base, w, theme, lines);
    lines.push(Line::default());
    let start = lines.len();
    match (&q.kind, &view.answer) {
        (QuestionKind::ChooseMany { .. }, Some(Answer::Many(ticked))) => {
            marked_options(item, ticked, w, theme, lines);
        }
        (QuestionKind::Order { .. }, Some(Answer::Order(given))) => {
            let end = placed_order(item, given, w, theme, lines);
            let marks = start..end;
            feedback(view, w, theme, lines);
            return marks;
        }
        _ => options_lines(view, w, theme, lines, option_rows),
    }
    let marks = start..lines.len();
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
    feedback(view, w, theme, lines);
    marks
}

/// The question's kind, as the line above its prompt: with the keys that
/// answer it while the learner answers (`keys`); without them once it is
/// answered, and on a projector, where the room answers aloud.
pub(super) fn kind_hint(item: &Item, keys: bool) -> String {
    const PICK: &str = "↑↓ or its number, then Enter";
    let (name, how) = match &item.question.kind {
        // A drill's choice asks which policy decides.
        QuestionKind::ChooseOne { .. } if !item.setting.is_empty() => {
            ("Which policy decides?", Some(PICK))
        }
        QuestionKind::ChooseOne { .. } => ("Choose one", Some(PICK)),
        QuestionKind::ChooseMany { .. } => (
            "Choose every right answer",
            Some("tick with Space or the numbers, then Enter"),
        ),
        QuestionKind::TrueFalse { .. } => ("True or false?", Some(PICK)),
        QuestionKind::ShortAnswer { .. } if keys => {
            return "Type your answer, then Enter".to_string();
        }
        QuestionKind::ShortAnswer { .. } => ("Answer in a word or two", None),
        QuestionKind::Decide(_) => ("What does AWS decide?", Some(PICK)),
        QuestionKind::Spot(_) => ("Spot the problem: which one breaks a best practice?", None),
        QuestionKind::Order { .. } => (
            "Put these in order",
            Some("press the numbers, first to last; Backspace takes back"),
        ),
    };
    match how.filter(|_| keys) {
        Some(how) if name.ends_with('?') => format!("{name} {how}"),
        Some(how) => format!("{name}: {how}"),
        None => name.to_string(),
    }
}

/// A question above its options: its kind (`hint`), its prompt in
/// `prompt` style, and what it asks about: the organization to judge, the
/// policies that decide, a decide question's request.
pub(super) fn question_head<'a>(
    item: &Item,
    hint: String,
    prompt: Style,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) {
    let q = &item.question;
    lines.extend(wrap(vec![Span::styled(hint, theme.muted)], w, 0));
    lines.push(Line::default());
    lines.extend(prose(&q.prompt, w, theme, prompt));
    if let Some(spotted) = &item.spotted {
        lines.push(Line::default());
        lines.extend(plain(&spotted.inventory.join("\n"), w, theme.code));
    }
    // A generated question's organization, as its prompt refers to it.
    if !item.setting.is_empty() {
        lines.push(Line::default());
        lines.extend(plain(&item.setting.join("\n"), w, theme.code));
    }
    if let QuestionKind::Decide(d) = &q.kind {
        lines.push(Line::default());
        let context = d
            .context
            .iter()
            .map(|(k, v)| ("context", format!("{k} = {v}")));
        let rows = [
            ("principal", d.principal.clone()),
            ("action", d.action.clone()),
            ("resource", d.resource.clone()),
        ];
        // Long ARNs wrap under their value, never cut.
        for (k, v) in rows.into_iter().chain(context) {
            lines.extend(wrap(
                vec![
                    Span::styled(format!("  {k:<10}"), theme.muted),
                    Span::styled(v, theme.code),
                ],
                w,
                12,
            ));
        }
    }
}

/// The engine's or the advisor's own words on a question, under a heading
/// that says whose.
pub(super) fn trail_lines<'a>(
    item: &Item,
    trail: &str,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) {
    lines.push(Line::default());
    let heading = if item.spotted.is_some() {
        "What the advisor found"
    } else {
        "How the engine decided"
    };
    lines.push(Line::from(Span::styled(heading, theme.title)));
    lines.extend(plain(trail, w, theme.muted));
}

/// The options as a list to pick from, or, answered, with ✓ on every right
/// one and ✗ on a wrong one chosen.
fn options_lines<'a>(
    view: &QuizView,
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
    option_rows: &mut Vec<(usize, usize)>,
) {
    let item = view.item();
    let graded = view.graded.as_ref();
    let right = right_positions(item);
    for (i, text) in options(item).iter().enumerate() {
        let chosen = match &view.answer {
            Some(Answer::One(p)) => *p == i,
            Some(Answer::Bool(b)) => (i == 0) == *b,
            Some(Answer::Decision(d)) => DECISIONS[i] == *d,
            _ => false,
        };
        let cursor = if graded.is_none() && i == view.cursor {
            "▸"
        } else {
            " "
        };
        let mark = match &item.question.kind {
            QuestionKind::ChooseMany { .. } if view.picked.contains(&i) => "[x] ".to_string(),
            QuestionKind::ChooseMany { .. } => "[ ] ".to_string(),
            QuestionKind::Order { .. } => match view.ordered.iter().position(|p| *p == i) {
                Some(n) => format!("({}) ", n + 1),
                None => "( ) ".to_string(),
            },
            _ => String::new(),
        };
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
        let lead = format!("{cursor}{verdict}{}. {mark}", i + 1);
        let indent = lead_width(&lead);
        let mut spans = vec![Span::styled(lead, style)];
        spans.extend(markup(text, theme, style));
        let before = lines.len();
        lines.extend(wrap(spans, w, indent));
        for row in before..lines.len() {
            option_rows.push((row, i));
        }
    }
}

/// An answered choose-several question: each option with its mark, in
/// symbol and words, and a ticked wrong one's "why not".
fn marked_options<'a>(
    item: &Item,
    ticked: &[usize],
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) {
    for (i, m) in option_marks(item, ticked).iter().enumerate() {
        let style = match m.mark {
            Mark::Ticked => theme.good,
            Mark::Missed => theme.warn,
            Mark::TickedWrong => theme.bad,
            Mark::LeftAlone => theme.base,
        };
        let lead = format!(" {} {}. ", m.mark.symbol(), i + 1);
        let indent = lead_width(&lead);
        let mut spans = vec![Span::styled(lead, style)];
        spans.extend(markup(&m.text, theme, style));
        lines.extend(wrap(spans, w, indent));
        if let Some(note) = m.note() {
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            spans.extend(markup(&note, theme, style.add_modifier(Modifier::ITALIC)));
            lines.extend(wrap(spans, w, indent));
        }
    }
}

/// An answered ordering question: the learner's order place by place, each
/// wrong place with what belongs there, then the right order. Returns the
/// end of the places (the marks).
fn placed_order<'a>(
    item: &Item,
    given: &[usize],
    w: usize,
    theme: &Theme,
    lines: &mut Vec<Line<'a>>,
) -> usize {
    let places = order_places(item, given);
    lines.push(Line::from(vec![
        Span::styled("Your order", theme.title),
        Span::styled(": ✓ in its place, ✗ out of place", theme.muted),
    ]));
    for (k, p) in places.iter().enumerate() {
        let style = style_ok(p.ok(), theme);
        let lead = format!(" {} {}. ", p.symbol(), k + 1);
        let indent = lead_width(&lead);
        let mut spans = vec![Span::styled(lead, style)];
        match &p.yours {
            Some(text) => spans.extend(markup(text, theme, style)),
            None => spans.push(Span::styled("(nothing placed)", theme.muted)),
        }
        lines.extend(wrap(spans, w, indent));
        if let Some(note) = p.note() {
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            spans.extend(markup(
                &note,
                theme,
                theme.base.add_modifier(Modifier::ITALIC),
            ));
            lines.extend(wrap(spans, w, indent));
        }
    }
    let end = lines.len();
    if !places.iter().all(|p| p.ok()) {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("The right order", theme.title)));
        for (k, p) in places.iter().enumerate() {
            let lead = format!("   {}. ", k + 1);
            let indent = lead_width(&lead);
            let mut spans = vec![Span::styled(lead, theme.good)];
            spans.extend(markup(&p.right, theme, theme.base));
            lines.extend(wrap(spans, w, indent));
        }
    }
    end
}

/// After the answer: the chosen wrong option's "why not", the explanation,
/// and the engine's or the advisor's own words.
fn feedback<'a>(view: &QuizView, w: usize, theme: &Theme, lines: &mut Vec<Line<'a>>) {
    let Some(g) = &view.graded else { return };
    // A choose-several question's "why not"s sit on their options.
    let many = matches!(view.item().question.kind, QuestionKind::ChooseMany { .. });
    if let Some(why_not) = g.why_not.as_ref().filter(|_| !many) {
        lines.push(Line::default());
        let mut spans = vec![Span::styled("Why not: ", theme.warn)];
        spans.extend(markup(why_not, theme, theme.base));
        lines.extend(wrap(spans, w, 0));
    }
    lines.push(Line::default());
    lines.extend(prose(&g.explanation, w, theme, theme.base));
    if let Some(trail) = &g.trail {
        trail_lines(view.item(), trail, w, theme, lines);
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
    let back = match view.origin {
        Origin::Drill(_) => "Enter goes back home",
        _ => "Enter goes back to the lesson",
    };
    let text = match wrong {
        0 => format!("Every answer right. {back}."),
        1 => format!("r retries the one you missed; {back}."),
        n => format!("r retries the {n} you missed; {back}."),
    };
    if let Origin::Drill(spec) = view.origin {
        lines.extend(wrap(
            vec![Span::styled(
            format!(
                "Missed questions wait in review. The same drill again: iamtutor drill --level {}{} --seed {}",
                spec.level,
                spec.topic.map_or(String::new(), |t| format!(" --topic {}", t.id())),
                spec.seed
            ),
            theme.muted,
        )],
            w,
            0,
        ));
    }
    lines.push(Line::from(Span::styled(text, theme.key)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ThemeName;
    use crate::learn::quiz::marks::fixtures::{choice, item};

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// Every row fits `w`; a wrapped row starts under its first row's
    /// text; the words read whole once the rows are joined.
    fn check(lines: &[Line], w: usize, leads: &[&str], words: &[&str]) {
        let rows: Vec<String> = lines.iter().map(text).collect();
        for r in &rows {
            assert!(r.trim_end().width() <= w, "{w}: {r:?}");
        }
        let continued = |r: &&String| !r.is_empty() && !leads.iter().any(|l| r.starts_with(l));
        for r in rows.iter().filter(continued) {
            // Every lead here is six columns wide.
            assert!(
                r.starts_with("      ") && !r.starts_with("       "),
                "{w}: a row out of line: {r:?}"
            );
        }
        let joined = rows.iter().map(|r| r.trim()).collect::<Vec<_>>().join(" ");
        for word in words {
            assert!(joined.contains(word), "{w}: {word:?} not in {joined:?}");
        }
    }

    #[test]
    fn a_long_resource_is_wrapped_whole_within_the_column_never_cut_off() {
        let theme = Theme::new(ThemeName::Dark, true);
        let arn = "arn:aws:s3:::startup-reports-archive-eu-west-1/2025/q4/sales-by-region.csv";
        let decide = item(
            QuestionKind::Decide(crate::content::schema::DecideRequest {
                setup: crate::content::schema::Setup::Org("startup".into()),
                principal: "role/S3AccessRole".into(),
                action: "s3:GetObject".into(),
                resource: arn.into(),
                context: vec![("aws:SourceIp".into(), "203.0.113.7".into())],
            }),
            vec![0, 1, 2],
        );
        // Too long after its label at 80 columns, and longer than a row at 46.
        for w in [46, 80] {
            let mut lines = Vec::new();
            let hint = kind_hint(&decide, false);
            question_head(&decide, hint, theme.base, w, &theme, &mut lines);
            let rows: Vec<String> = lines.iter().map(text).collect();
            assert!(rows.iter().all(|r| r.width() <= w), "{w}: {rows:?}");
            let from = rows.iter().position(|r| r.starts_with("  resource"));
            let to = rows.iter().position(|r| r.starts_with("  context"));
            let (Some(from), Some(to)) = (from, to) else {
                panic!("{w}: {rows:?}");
            };
            let value: String = rows[from..to]
                .iter()
                .map(|r| r.trim_start_matches("  resource").trim())
                .collect::<String>()
                .replace(crate::ui::text::CONTINUED, "");
            assert_eq!(value, arn, "{w}: {rows:?}");
            assert_eq!(rows[to], "  context   aws:SourceIp = 203.0.113.7");
        }
    }

    #[test]
    fn marks_read_whole_and_in_line_from_46_to_80_columns() {
        let theme = Theme::new(ThemeName::Dark, true);
        let many = item(
            QuestionKind::ChooseMany {
                options: vec![
                    choice(
                        "Lists copied by hand drift apart, so two people in the same job differ",
                        true,
                        None,
                    ),
                    choice("Applications have no person to hold a list", true, None),
                    choice(
                        "Permissions given to a user stop working after a year",
                        false,
                        Some("permissions last until someone removes them"),
                    ),
                    choice("An account may have at most 10 users", false, Some("5,000")),
                ],
            },
            vec![0, 1, 2, 3],
        );
        let order = item(
            QuestionKind::Order {
                items: vec![
                    "The CLI signs the request with John's access key".into(),
                    "AWS checks the signature and learns the principal: the user john".into(),
                    "John gets the answer: the servers stop, or an error says he is not authorized"
                        .into(),
                ],
            },
            vec![2, 1, 0],
        );
        for w in 46..=80 {
            let mut lines = Vec::new();
            marked_options(&many, &[0, 2], w, &theme, &mut lines);
            check(
                &lines,
                w,
                &[" ✓ 1. ", " ○ 2. ", " ✗ 3. ", "   4. "],
                &[
                    "✓ 1. Lists copied by hand drift apart, so two people in the same job differ ticked, right",
                    "○ 2. Applications have no person to hold a list missed: this one is right too",
                    "✗ 3. Permissions given to a user stop working after a year ticked, but wrong: permissions last until someone removes them",
                    "4. An account may have at most 10 users",
                ],
            );
            assert!(!lines.iter().any(|l| text(l).contains("5,000")));
            let mut lines = Vec::new();
            // The learner's order: John's answer, the signature, the CLI.
            placed_order(&order, &[0, 1, 2], w, &theme, &mut lines);
            check(
                &lines,
                w,
                &[
                    "Your order",
                    " ✗ 1. ",
                    " ✓ 2. ",
                    " ✗ 3. ",
                    "The right order",
                    "   1. ",
                    "   2. ",
                    "   3. ",
                ],
                &[
                    "✗ 1. John gets the answer: the servers stop, or an error says he is not authorized belongs here: The CLI signs the request with John's access key",
                    "✓ 2. AWS checks the signature and learns the principal: the user john",
                    "The right order 1. The CLI signs",
                ],
            );
        }
    }
}
