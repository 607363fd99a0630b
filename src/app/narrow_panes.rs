//! The sandbox's side panes on a screen too narrow to show them beside the
//! console: F2 (why?) and F3 (the organization) open them over the
//! console's output instead, full width, until F2, F3, Esc or Enter. What
//! is narrow is the drawing's to know: it says so in `narrow` each frame.

use std::cell::Cell;

use super::Action;
use super::scroll::Scroll;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Why,
    Tree,
}

#[derive(Debug, Default)]
pub struct NarrowPanes {
    /// The pane open over the console, if any.
    pub open: Option<Pane>,
    /// Where the open pane is scrolled to.
    pub scroll: Scroll,
    /// Set by drawing: the side panes have no room beside the console.
    pub narrow: Cell<bool>,
}

impl NarrowPanes {
    /// Takes the keys that belong to the panes on a narrow screen; returns
    /// whether `action` was used up here. Enter closes the pane and still
    /// runs the command; typing goes on into the command line below.
    pub fn handle(&mut self, action: &Action) -> bool {
        if !self.narrow.get() {
            self.open = None;
            return false;
        }
        let pane = match action {
            Action::ToggleWhy => Some(Pane::Why),
            Action::ToggleTree => Some(Pane::Tree),
            _ => None,
        };
        if let Some(pane) = pane {
            self.open = if self.open == Some(pane) {
                None
            } else {
                Some(pane)
            };
            self.scroll.home();
            return true;
        }
        if self.open.is_none() {
            return false;
        }
        match action {
            Action::Back => self.open = None,
            Action::Open => {
                self.open = None;
                return false;
            }
            Action::PageUp => self.scroll.page_up(),
            Action::ScrollUp => self.scroll.wheel_up(),
            Action::PageDown => self.scroll.page_down(),
            Action::ScrollDown => self.scroll.wheel_down(),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_a_wide_screen_the_keys_pass_through() {
        let mut p = NarrowPanes::default();
        assert!(!p.handle(&Action::ToggleWhy));
        assert_eq!(p.open, None);
    }

    #[test]
    fn on_a_narrow_screen_f2_and_f3_open_and_switch_and_esc_or_enter_close() {
        let mut p = NarrowPanes::default();
        p.narrow.set(true);
        assert!(p.handle(&Action::ToggleWhy));
        assert_eq!(p.open, Some(Pane::Why));
        assert!(p.handle(&Action::ToggleTree));
        assert_eq!(p.open, Some(Pane::Tree));
        assert!(p.handle(&Action::ToggleTree));
        assert_eq!(p.open, None);
        p.handle(&Action::ToggleWhy);
        // Typing goes to the command line under the pane.
        assert!(!p.handle(&Action::Type('a')));
        assert_eq!(p.open, Some(Pane::Why));
        p.scroll.fit(12);
        assert!(p.handle(&Action::PageDown));
        assert!(p.handle(&Action::PageDown));
        assert_eq!(p.scroll.offset(), 12);
        assert!(p.handle(&Action::Back));
        assert_eq!(p.open, None);
        // Esc with nothing open is the console's again.
        assert!(!p.handle(&Action::Back));
        p.handle(&Action::ToggleTree);
        assert!(!p.handle(&Action::Open), "Enter still runs the line");
        assert_eq!(p.open, None);
        // Widened: the pane goes, the keys are the console's.
        p.handle(&Action::ToggleTree);
        p.narrow.set(false);
        assert!(!p.handle(&Action::Back));
        assert_eq!(p.open, None);
    }
}
