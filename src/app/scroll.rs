//! One scroll model for every page, pane and list of output that scrolls.
//!
//! Only drawing knows how tall the text is once wrapped, so a `Scroll` is
//! told its reach (how far it can go: the content's height less the
//! viewport's) each time it is drawn, and every move after that stays
//! within it. Moves start from where the text was last shown, so a key
//! never spends itself on rows the screen had already clamped away.
//!
//! A scroll can also follow its end (the newest output, the answer just
//! revealed): it stays at the end as the content grows, until moved.

use std::cell::Cell;

use super::Action;

/// Rows one line key moves.
pub const LINE: usize = 1;
/// Rows one page key moves.
pub const PAGE: usize = 10;
/// Rows one turn of the mouse wheel moves.
pub const WHEEL: usize = 3;

/// The rows a reading key moves a page of text: the arrows (and the wheel)
/// a line, the page keys a page. `None` for any other action.
pub fn rows_for(action: &Action) -> Option<isize> {
    Some(match action {
        Action::Up | Action::ScrollUp => -(LINE as isize),
        Action::Down | Action::ScrollDown => LINE as isize,
        Action::PageUp => -(PAGE as isize),
        Action::PageDown => PAGE as isize,
        _ => return None,
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    /// Rows scrolled past, as asked (drawing clamps it to the reach).
    offset: usize,
    /// Stay at the end, however far it moves, until scrolled.
    follow: bool,
    /// Where the text was last shown from: moves start here.
    shown: Cell<usize>,
    /// How far it can go, as last drawn.
    reach: Cell<usize>,
}

impl Scroll {
    /// At the start.
    pub fn new() -> Scroll {
        Scroll::default()
    }

    /// At the end, following it.
    pub fn following() -> Scroll {
        Scroll {
            follow: true,
            ..Scroll::default()
        }
    }

    // Drawing.

    /// Drawing: the text reaches `reach` rows past the viewport. Returns
    /// where to show it from: the offset clamped to the reach, or the end
    /// while following.
    pub fn fit(&self, reach: usize) -> usize {
        self.reach.set(reach);
        let at = if self.follow {
            reach
        } else {
            self.offset.min(reach)
        };
        self.shown.set(at);
        at
    }

    /// `fit` for a text of `content` rows in a viewport of `viewport`.
    pub fn fit_content(&self, content: usize, viewport: usize) -> usize {
        self.fit(content.saturating_sub(viewport))
    }

    /// `fit` in the rows a paragraph counts in.
    pub fn fit_rows(&self, reach: u16) -> u16 {
        self.fit(usize::from(reach)) as u16
    }

    /// Drawing showed the text from `at` instead (to keep something in
    /// view): the next move starts there, and the offset asked for is
    /// kept for the next drawing.
    pub fn shown_at(&self, at: usize) {
        self.shown.set(at.min(self.reach.get()));
    }

    // Reading.

    /// Rows scrolled past, as last drawn or moved.
    pub fn offset(&self) -> usize {
        self.shown.get()
    }

    /// `offset` in the rows a paragraph counts in.
    pub fn rows(&self) -> u16 {
        self.shown.get().min(usize::from(u16::MAX)) as u16
    }

    /// How far it can go, as last drawn.
    pub fn reach(&self) -> usize {
        self.reach.get()
    }

    /// Whether it stays at the end as the content grows.
    pub fn is_following(&self) -> bool {
        self.follow
    }

    /// At the end: following it, or as far as it goes.
    pub fn at_end(&self) -> bool {
        self.follow || self.shown.get() >= self.reach.get()
    }

    // Moving.

    /// Moves `rows` on (negative: back), within what was last drawn; a
    /// move stops following.
    pub fn by(&mut self, rows: isize) {
        // Following, drawing showed the end (or what it chose to show of
        // it): that is where the move starts too.
        let from = self.shown.get().min(self.reach.get());
        self.follow = false;
        self.offset = from.saturating_add_signed(rows).min(self.reach.get());
        self.shown.set(self.offset);
    }

    /// Moves as a reading key says (see `rows_for`); returns whether
    /// `action` was one.
    pub fn handle(&mut self, action: &Action) -> bool {
        match rows_for(action) {
            Some(rows) => {
                self.by(rows);
                true
            }
            None => false,
        }
    }

    /// Stays where the text was last shown, wherever drawing put it.
    pub fn hold(&mut self) {
        self.follow = false;
        self.offset = self.shown.get();
    }

    pub fn line_up(&mut self) {
        self.by(-(LINE as isize));
    }

    pub fn line_down(&mut self) {
        self.by(LINE as isize);
    }

    pub fn page_up(&mut self) {
        self.by(-(PAGE as isize));
    }

    pub fn page_down(&mut self) {
        self.by(PAGE as isize);
    }

    pub fn wheel_up(&mut self) {
        self.by(-(WHEEL as isize));
    }

    pub fn wheel_down(&mut self) {
        self.by(WHEEL as isize);
    }

    /// Back to the start (new text: a new page, a new question).
    pub fn home(&mut self) {
        self.follow = false;
        self.offset = 0;
        self.shown.set(0);
    }

    /// To the end, and staying there as the content grows.
    pub fn end(&mut self) {
        self.follow = true;
        self.offset = self.reach.get();
        self.shown.set(self.offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(reach: usize) -> Scroll {
        let s = Scroll::new();
        s.fit(reach);
        s
    }

    #[test]
    fn moves_stop_at_both_edges_of_what_was_drawn() {
        let mut s = drawn(12);
        s.page_down();
        assert_eq!(s.offset(), 10);
        s.page_down();
        assert_eq!(s.offset(), 12, "a page past the end stops at the end");
        assert!(s.at_end());
        s.line_down();
        assert_eq!(s.offset(), 12);
        s.page_up();
        s.line_up();
        assert_eq!(s.offset(), 1);
        s.page_up();
        assert_eq!(s.offset(), 0, "a page before the start stops at the start");
        s.wheel_up();
        assert_eq!(s.offset(), 0);
        s.wheel_down();
        assert_eq!(s.offset(), 3);
    }

    #[test]
    fn text_that_shrinks_pulls_the_offset_back_and_moves_start_there() {
        let mut s = drawn(40);
        s.by(30);
        assert_eq!(s.offset(), 30);
        // A wider window wraps the same text into fewer rows.
        assert_eq!(s.fit(8), 8);
        assert_eq!(s.offset(), 8);
        // One line up from what is shown, not from the 30 once asked for.
        s.line_up();
        assert_eq!(s.offset(), 7);
        assert!(!s.at_end());
    }

    #[test]
    fn text_that_fits_does_not_scroll() {
        let mut s = Scroll::new();
        assert_eq!(s.fit_content(5, 20), 0);
        s.page_down();
        s.line_down();
        assert_eq!(s.offset(), 0);
        assert!(s.at_end());
    }

    #[test]
    fn following_keeps_the_end_in_view_as_the_text_grows_until_moved() {
        let mut s = Scroll::following();
        assert_eq!(s.fit(3), 3);
        assert_eq!(s.fit(9), 9, "new output: still at the end");
        assert!(s.at_end() && s.is_following());
        s.line_up();
        assert!(!s.is_following());
        assert_eq!(s.offset(), 8);
        assert_eq!(s.fit(15), 8, "scrolled back, growth leaves it where it is");
        s.end();
        assert_eq!(s.fit(20), 20);
        s.home();
        assert_eq!(s.fit(25), 0);
    }

    #[test]
    fn drawing_may_show_elsewhere_and_moves_start_from_there() {
        let mut s = Scroll::new();
        s.fit(30);
        // Drawing keeps a highlighted option in view: it shows from row 12,
        // while the offset asked for stays 0 for the next drawing.
        s.shown_at(12);
        assert_eq!(s.offset(), 12);
        assert_eq!(s.fit(30), 0);
        s.shown_at(12);
        s.line_down();
        assert_eq!(s.offset(), 13);
        assert_eq!(s.fit(30), 13, "a move is asked for where it went");
        // Held, it stays where drawing put it.
        s.shown_at(20);
        s.hold();
        assert_eq!(s.fit(30), 20);
        // Never past the reach, whatever drawing says.
        s.shown_at(99);
        assert_eq!(s.offset(), 30);
    }

    #[test]
    fn reading_keys_move_a_line_or_a_page_and_other_actions_nothing() {
        let mut s = drawn(30);
        assert!(s.handle(&Action::PageDown));
        assert!(s.handle(&Action::Down));
        assert!(s.handle(&Action::ScrollDown));
        assert_eq!(s.offset(), 12);
        assert!(s.handle(&Action::Up));
        assert!(s.handle(&Action::PageUp));
        assert_eq!(s.offset(), 1);
        assert!(!s.handle(&Action::Open));
        assert!(!s.handle(&Action::Next));
        assert_eq!(s.offset(), 1);
    }

    #[test]
    fn paragraph_rows_clamp_to_u16() {
        assert_eq!(Scroll::following().fit_rows(7), 7);
        assert_eq!(Scroll::new().fit_rows(7), 0);
        let big = Scroll::following();
        big.fit(100_000);
        assert_eq!(big.rows(), u16::MAX);
    }
}
