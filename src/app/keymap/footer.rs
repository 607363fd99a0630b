//! The footer's hints, drawn from the tables, and which of them fit.

use super::Key::Down;
use super::bindings;
use crate::app::{Action, KeyScope};

/// The footer's hints for `scope`: (keys, words).
pub fn footer(scope: KeyScope) -> Vec<(String, &'static str)> {
    footer_hints(scope)
        .into_iter()
        .map(|(keys, words, _)| (keys, words))
        .collect()
}

/// The footer's hints with their rank (see `footer_rank`), help last.
fn footer_hints(scope: KeyScope) -> Vec<(String, &'static str, u8)> {
    let mut out = Vec::new();
    let mut help = None;
    for binding in bindings(scope) {
        if binding.short.is_empty() {
            continue;
        }
        // Up and down go together in the footer: one "↑↓" for both.
        let keys = match binding.keys.first() {
            Some(Down) => "↑↓".to_string(),
            Some(k) => k.label(),
            None => String::new(),
        };
        let hint = (keys, binding.short, footer_rank(scope, &binding.action));
        if binding.action == Action::Help {
            help = Some(hint);
        } else {
            out.push(hint);
        }
    }
    if !matches!(scope, KeyScope::Help) {
        let key = if matches!(
            scope,
            KeyScope::Console
                | KeyScope::LabConsole
                | KeyScope::LabGoals
                | KeyScope::LabGoalWhy
                | KeyScope::QuizText
                | KeyScope::Editor
                | KeyScope::EditorLeave
                | KeyScope::Confirm
                | KeyScope::InterviewAsk
                | KeyScope::InterviewLive
        ) {
            "F1"
        } else {
            "?"
        };
        out.push(help.unwrap_or((key.to_string(), "help", 0)));
    }
    out
}

/// How much a footer hint matters when the row is too short for all:
/// 0 for the ways out and to help (always shown), 2 for what a learner
/// finds without being told (moving, scrolling, history, completion, the
/// theme, Enter on a list or a command line), 1 for the rest: what the
/// screen itself offers.
fn footer_rank(scope: KeyScope, action: &Action) -> u8 {
    match action {
        Action::Back | Action::Quit | Action::Help | Action::Confirm(_) | Action::Save => 0,
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::ScrollUp
        | Action::ScrollDown
        | Action::First
        | Action::Last
        | Action::HistoryPrev
        | Action::HistoryNext
        | Action::Complete
        | Action::CycleTheme => 2,
        Action::Open
            if matches!(
                scope,
                KeyScope::Home | KeyScope::Console | KeyScope::LabConsole | KeyScope::InterviewLive
            ) =>
        {
            2
        }
        // A lab's side pane is its goals: the tree gives way first.
        Action::ToggleTree if scope == KeyScope::LabConsole => 2,
        _ => 1,
    }
}

/// The columns between two footer hints.
pub const FOOTER_GAP: usize = 3;

/// The footer's hints that fit in `width` columns: every hint of rank 0,
/// then as many of rank 1, then of rank 2, as fit, each rank in the
/// table's order; shown in the table's order, help last.
pub fn footer_fit(scope: KeyScope, width: usize) -> Vec<(String, &'static str)> {
    let hints = footer_hints(scope);
    let piece =
        |(keys, words, _): &(String, &str, u8)| keys.chars().count() + 1 + words.chars().count();
    let mut chosen = vec![false; hints.len()];
    let mut used = 0;
    for rank in 0..=2 {
        for (i, hint) in hints.iter().enumerate() {
            if hint.2 != rank {
                continue;
            }
            let need = piece(hint) + if used == 0 { 0 } else { FOOTER_GAP };
            if used + need <= width || rank == 0 {
                chosen[i] = true;
                used += need;
            }
        }
    }
    hints
        .into_iter()
        .zip(chosen)
        .filter(|(_, c)| *c)
        .map(|((keys, words, _), _)| (keys, words))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{FOOTER_GAP, footer, footer_fit};
    use crate::app::KeyScope;

    fn line(scope: KeyScope, width: usize) -> String {
        footer_fit(scope, width)
            .iter()
            .map(|(k, w)| format!("{k} {w}"))
            .collect::<Vec<_>>()
            .join(&" ".repeat(FOOTER_GAP))
    }

    #[test]
    fn at_80_columns_the_footer_keeps_the_ways_out_and_the_screens_own_keys() {
        let home = line(KeyScope::Home, 80);
        assert_eq!(
            home,
            "c continue   s sandbox   r review   i interview   d dashboard   q quit   ? help"
        );
        let sandbox = line(KeyScope::Console, 80);
        for want in ["F2 why?", "F3 tree", "F6 access", "Esc leave", "F1 help"] {
            assert!(sandbox.contains(want), "{want} in {sandbox}");
        }
        let lab = line(KeyScope::LabConsole, 80);
        for want in [
            "F4 hint",
            "F5 solution",
            "F6 access",
            "Esc leave",
            "F1 help",
        ] {
            assert!(lab.contains(want), "{want} in {lab}");
        }
        assert!(lab.ends_with("Esc leave   F1 help"), "{lab}");
    }

    #[test]
    fn every_footer_fits_80_columns_and_a_wide_one_shows_everything() {
        for &c in KeyScope::ALL {
            let text = line(c, 80);
            assert!(text.chars().count() <= 80, "{c:?}: {text}");
            assert_eq!(footer_fit(c, 500), footer(c), "{c:?}");
        }
        // Narrower still: the ways out stay, the rest gives way.
        let narrow = line(KeyScope::Home, 30);
        assert_eq!(narrow, "c continue   q quit   ? help");
    }
}
