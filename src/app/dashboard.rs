//! The dashboard: progress at a glance, scrolled when it is long.

use std::cell::Cell;

use super::{Action, Step};

#[derive(Debug, Default)]
pub struct DashboardView {
    pub scroll: u16,
    pub max_scroll: Cell<u16>,
}

pub fn update(view: &mut DashboardView, action: Action) -> Step {
    view.scroll = view.scroll.min(view.max_scroll.get());
    match action {
        Action::Up | Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown => view.scroll = view.scroll.saturating_add(1),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(10),
        Action::PageDown => view.scroll = view.scroll.saturating_add(10),
        Action::Back | Action::Open => return Step::Pop,
        _ => {}
    }
    Step::Stay
}
