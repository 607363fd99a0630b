//! The dashboard: progress at a glance, scrolled when it is long.

use super::scroll::Scroll;
use super::{Action, Step};

#[derive(Debug, Default)]
pub struct DashboardView {
    pub scroll: Scroll,
}

pub fn update(view: &mut DashboardView, action: Action) -> Step {
    match action {
        Action::Back | Action::Open => return Step::Pop,
        _ => {
            view.scroll.handle(&action);
        }
    }
    Step::Stay
}
