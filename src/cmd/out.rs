//! Printing that survives a closed pipe. `println!` panics when standard
//! output is gone (`iamtutor class report a b | head`); these write what
//! they can and go on, so a command still finishes its work (a state file
//! is still saved) and ends with its own exit status, never a panic.

use std::io::{self, Write};

/// Writes `text` to standard output; a closed pipe or a full disk is not
/// worth a panic, and nothing else can be told about it.
pub fn stdout(text: &str) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Writes `text` to standard output, and says on standard error when that
/// fails for any reason but a reader that stopped early (`| head`): for a
/// report whose whole point is its output (`matrix`, `diff`).
pub fn emit(text: &str) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        stderr(&format!("iamtutor: cannot write the output: {e}\n"));
    }
}

/// Writes `text` to standard error, as `stdout` does.
pub fn stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// `print!` that never panics.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cmd::out::stdout(&format!($($arg)*)) };
}

/// `println!` that never panics.
macro_rules! outln {
    () => { $crate::cmd::out::stdout("\n") };
    ($($arg:tt)*) => { $crate::cmd::out::stdout(&(format!($($arg)*) + "\n")) };
}

/// `eprint!` that never panics.
macro_rules! err {
    ($($arg:tt)*) => { $crate::cmd::out::stderr(&format!($($arg)*)) };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    () => { $crate::cmd::out::stderr("\n") };
    ($($arg:tt)*) => { $crate::cmd::out::stderr(&(format!($($arg)*) + "\n")) };
}
