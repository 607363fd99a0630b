//! Base64 for blob parameters and pagination tokens. Blobs travel in the
//! request as base64 text, the form the JSON protocols and
//! `--cli-input-json` use.

use base64::Engine as _;

use crate::iam::tokens::FORGIVING;

pub use crate::iam::tokens::base64 as encode;

/// Python's lenient `base64.b64decode`: characters outside the alphabet
/// are skipped, everything from the first `=` on is padding, and the data
/// must come out whole.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let data: String = text
        .chars()
        .take_while(|&c| c != '=')
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    // One leftover character cannot make a byte; two or three need padding
    // that Python insists on.
    let padded = text.trim_end().ends_with('=');
    match data.len() % 4 {
        0 => {}
        1 => return None,
        _ if padded => {}
        _ => return None,
    }
    FORGIVING.decode(data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        assert_eq!(encode(b"hello"), "aGVsbG8=");
        assert_eq!(decode("aGVsbG8=").unwrap(), b"hello");
        assert!(decode("{\"a\": 1}").is_none());
    }

    #[test]
    fn decoding_skips_stray_characters_but_wants_padding_like_python() {
        assert_eq!(decode("aGVs\nbG8=").unwrap(), b"hello");
        assert_eq!(decode("aGVsbG8=\n").unwrap(), b"hello");
        assert!(decode("aGVsbG8").is_none());
        assert!(decode("aGVsb").is_none());
    }
}
