//! Reading the files a person names on the command line (organization
//! files, scripts, progress files, lessons): text only, of a sensible size,
//! and when a file cannot be read, a sentence that says why in plain words
//! (a folder, a loop of links, a byte that is not UTF-8 and where it is)
//! rather than the system's number.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The largest file read whole: far more than any organization, course
/// or progress file (AWS's quotas keep an account's policies to a few
/// megabytes), and small enough that `/dev/zero` is refused, not read
/// until memory runs out.
pub const MAX_FILE: u64 = 32 * 1024 * 1024;

/// Reads `path` as UTF-8 text. The error is one line naming the file.
pub fn read_text(path: &Path) -> Result<String, String> {
    read_limited(path, MAX_FILE)
}

pub fn read_limited(path: &Path, limit: u64) -> Result<String, String> {
    let shown = path.display();
    let file = File::open(path).map_err(|e| format!("cannot read {shown}: {}", why(&e)))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(format!("cannot read {shown}: it is a folder, not a file"));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {}", why(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "cannot read {shown}: it is larger than {} MiB, more than iamtutor reads",
            limit / (1024 * 1024)
        ));
    }
    text(bytes).map_err(|e| format!("cannot read {shown}: {e}"))
}

/// Bytes as UTF-8 text, or where they stop being it.
pub fn text(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        not_utf8(bytes, at)
    })
}

/// "not UTF-8 text: byte 0xFF at line 3, column 7 (offset 41)".
pub fn not_utf8(bytes: &[u8], at: usize) -> String {
    let before = &bytes[..at];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    // Columns count characters, as the parsers' positions do; the text
    // before the bad byte is valid UTF-8.
    let column =
        std::str::from_utf8(&before[start..]).map_or(at - start, |s| s.chars().count()) + 1;
    format!(
        "it is not UTF-8 text: byte 0x{:02X} at line {line}, column {column} (offset {at}) is not valid UTF-8",
        bytes[at]
    )
}

/// An I/O error in words, without the system's error number.
pub fn why(e: &io::Error) -> String {
    // ELOOP and EISDIR have no stable ErrorKind everywhere yet.
    match e.raw_os_error() {
        Some(40) if cfg!(target_os = "linux") => {
            return "it is a loop of symbolic links (or one too deep to follow)".into();
        }
        Some(21) if cfg!(unix) => return "it is a folder, not a file".into(),
        _ => {}
    }
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::InvalidData => "it is not UTF-8 text".into(),
        _ => {
            let text = e.to_string();
            // "Is a directory (os error 21)" -> "Is a directory".
            match text.rsplit_once(" (os error ") {
                Some((words, _)) => words.to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_byte_is_placed_by_line_and_column() {
        let bytes = b"ab\ncd\xC3\xA9e\xFFf".to_vec();
        let e = text(bytes).unwrap_err();
        assert!(
            e.contains("byte 0xFF at line 2, column 5 (offset 8)"),
            "{e}"
        );
    }

    #[test]
    fn folders_and_missing_files_are_said_in_words() {
        let e = read_text(Path::new("/")).unwrap_err();
        assert!(e.contains("it is a folder, not a file"), "{e}");
        let e = read_text(Path::new("/no/such/iamtutor/file")).unwrap_err();
        assert!(e.contains("no such file or folder"), "{e}");
    }

    #[test]
    fn an_endless_file_is_refused_not_read() {
        if Path::new("/dev/zero").exists() {
            let e = read_limited(Path::new("/dev/zero"), 1024).unwrap_err();
            assert!(e.contains("larger than"), "{e}");
        }
    }
}
