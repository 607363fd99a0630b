//! Who can do what: the access grid of the sandbox's organization, a cell
//! at a time. Rows are (action, resource) columns of the grid, columns are
//! principals: action labels are long and names are short, so this way
//! round fits a terminal. Enter opens a cell's trail; `p` shows how the
//! selected principal could gain more power.

use std::cell::Cell;

use super::scroll::Scroll;
use super::{Action, Step};
use crate::iam::access_grid::{self, Grid};
use crate::iam::eval::Evaluation;
use crate::iam::model::Org;
use crate::iam::paths::{self, Path};

/// What the pane under the grid shows.
#[derive(Debug, Clone)]
pub enum Detail {
    /// The selected cell's decision in one line.
    Summary,
    /// The engine's trail for the selected cell.
    Trail(Box<Evaluation>),
    /// The selected principal's escalation paths.
    Paths { principal: String, paths: Vec<Path> },
}

#[derive(Debug)]
pub struct AccessView {
    /// A snapshot: the grid does not follow later commands.
    pub org: Org,
    pub grid: Grid,
    /// The selected (action, resource) row of the grid.
    pub row: usize,
    /// The selected principal.
    pub col: usize,
    pub detail: Detail,
    /// The trail's or the paths' scroll.
    pub detail_scroll: Scroll,
    /// First principal drawn: set by the screen as it scrolls sideways.
    pub first_col: Cell<usize>,
    pub first_row: Cell<usize>,
}

impl AccessView {
    pub fn new(org: &Org) -> AccessView {
        let columns = access_grid::default_columns(org);
        let grid = access_grid::compute(org, &columns);
        AccessView {
            org: org.clone(),
            grid,
            row: 0,
            col: 0,
            detail: Detail::Summary,
            detail_scroll: Scroll::new(),
            first_col: Cell::new(0),
            first_row: Cell::new(0),
        }
    }

    pub fn rows(&self) -> usize {
        self.grid.columns.len()
    }

    pub fn cols(&self) -> usize {
        self.grid.principals.len()
    }

    fn select(&mut self, row: usize, col: usize) {
        let row = row.min(self.rows().saturating_sub(1));
        let col = col.min(self.cols().saturating_sub(1));
        if (row, col) != (self.row, self.col) {
            // A trail belongs to one cell; paths belong to one principal.
            let keep = matches!(&self.detail, Detail::Paths { .. }) && col == self.col;
            if !keep {
                self.detail = Detail::Summary;
            }
            self.detail_scroll.home();
        }
        self.row = row;
        self.col = col;
    }

    fn trail(&self) -> Option<Evaluation> {
        // The same request the cell was decided with, so the trail and the
        // mark never disagree.
        access_grid::explain_cell(&self.org, &self.grid, self.col, self.row)
    }

    fn paths(&self) -> Option<Detail> {
        let caller = self.grid.callers.get(self.col)?;
        Some(Detail::Paths {
            principal: self.grid.principals[self.col].clone(),
            paths: paths::paths_from(&self.org, caller),
        })
    }
}

pub fn update(view: &mut AccessView, action: Action) -> Step {
    let (row, col) = (view.row, view.col);
    match action {
        Action::Up => view.select(row.saturating_sub(1), col),
        Action::Down => view.select(row + 1, col),
        Action::CursorLeft | Action::Prev => view.select(row, col.saturating_sub(1)),
        Action::CursorRight | Action::Next => view.select(row, col + 1),
        // With a trail or paths open, the page keys read them; otherwise
        // they move through the grid a page at a time.
        Action::PageUp if !matches!(view.detail, Detail::Summary) => view.detail_scroll.page_up(),
        Action::PageDown if !matches!(view.detail, Detail::Summary) => {
            view.detail_scroll.page_down();
        }
        Action::PageUp => view.select(row.saturating_sub(10), col),
        Action::PageDown => view.select(row + 10, col),
        Action::First => view.select(0, col),
        Action::Last => view.select(usize::MAX, col),
        Action::ScrollUp => view.detail_scroll.wheel_up(),
        Action::ScrollDown => view.detail_scroll.wheel_down(),
        Action::Open => {
            view.detail = match (&view.detail, view.trail()) {
                (Detail::Trail(_), _) | (_, None) => Detail::Summary,
                (_, Some(e)) => Detail::Trail(Box::new(e)),
            };
            view.detail_scroll.home();
        }
        Action::ShowPaths => {
            view.detail = match &view.detail {
                Detail::Paths { .. } => Detail::Summary,
                _ => view.paths().unwrap_or(Detail::Summary),
            };
            view.detail_scroll.home();
        }
        Action::Back => {
            if matches!(view.detail, Detail::Summary) {
                return Step::Pop;
            }
            view.detail = Detail::Summary;
        }
        _ => {}
    }
    Step::Stay
}
