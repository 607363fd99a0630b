//! Base64 for blob parameters and pagination tokens. Blobs travel in the
//! request as base64 text, the form the JSON protocols and
//! `--cli-input-json` use.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Python's lenient `base64.b64decode`: characters outside the alphabet
/// are skipped, and the data must come out whole.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut count = 0usize;
    let mut out = Vec::new();
    let mut data = 0usize;
    for c in text.bytes() {
        if c == b'=' {
            break;
        }
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        data += 1;
        bits = (bits << 6) | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    // One leftover character cannot make a byte; two or three need padding
    // that Python insists on.
    let padded = text.trim_end().ends_with('=');
    match data % 4 {
        0 => Some(out),
        1 => None,
        _ if padded => Some(out),
        _ => None,
    }
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
}
