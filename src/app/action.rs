//! Everything the app can be asked to do. Keys, the mouse and tests all
//! speak this one language; the keymap (`keymap/dispatch.rs`) is the only
//! place that turns key events into actions.

/// Where a click landed, as the screen last drew it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A row of the current list (home entries, jump list, quiz options).
    Row(usize),
    /// A lab's goal, by index, in the goals pane.
    Goal(usize),
    /// The rest of the goals pane: the wheel scrolls it.
    GoalsPane,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Moving around.
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// The next scene, question or step.
    Next,
    /// The previous scene.
    Prev,
    /// Enter: open, continue, or submit.
    Open,
    /// Esc: back one level.
    Back,
    Quit,
    /// Ctrl-C: clear the line being typed; on an empty one, twice, quit.
    Interrupt,
    Help,
    CycleTheme,
    /// The list of scenes and lessons to jump to.
    Jump,
    /// Home shortcuts.
    Sandbox,
    Continue,
    Review,
    Interview,
    Dashboard,
    // Answering.
    /// An option by its number, from 0.
    Pick(usize),
    /// Space on a choose-several question: tick or untick.
    Toggle,
    /// Take back the last item put in order.
    Undo,
    /// Retry the questions answered wrong.
    Retry,
    /// A click on something drawn: select it and open it.
    Click(Target),
    ScrollUp,
    ScrollDown,
    // Typing, in the sandbox and short answers.
    Type(char),
    Backspace,
    Delete,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    /// Ctrl-U: clear the line.
    ClearLine,
    HistoryPrev,
    HistoryNext,
    Complete,
    // Sandbox and labs.
    ToggleWhy,
    ToggleTree,
    /// Open the access grid: who can do what.
    AccessGrid,
    /// In the access grid: the selected principal's escalation paths.
    ShowPaths,
    Hint,
    Solution,
    /// A lab's goals pane takes the keys (F7), or gives them back.
    FocusGoals,
    /// The wheel over the goals pane.
    ScrollGoalsUp,
    ScrollGoalsDown,
    /// Presenter mode: show the question's answer.
    Reveal,
    /// An answer to a yes/no question on screen.
    Confirm(bool),
    // The policy editor.
    Edit(ratatui_textarea::Input),
    Save,
    // From the loop.
    Resize,
    Tick,
    /// The host's clock, in milliseconds from any fixed start.
    Clock(u64),
}
