//! Virtual MFA codes: RFC 6238's TOTP over HMAC-SHA1, as an authenticator
//! app computes them from the seed AWS hands out, and the checks AWS makes
//! of the codes a learner types.
//!
//! The Base32 decoder is written here because no crate the project already
//! builds with decodes Base32 (`base64` does not, and SHA-1 comes from
//! `sha1_smol`), and a dozen lines are not worth a new dependency.

/// The length of one TOTP time step, in seconds (RFC 6238's default, and
/// what AWS's virtual MFA devices use).
pub const TOTP_STEP: i64 = 30;

/// The six-digit TOTP code (RFC 6238: HMAC-SHA1, 30-second steps) that an
/// authenticator app holding `seed_base32` shows at `epoch` seconds.
///
/// The seed is Base32 text as AWS hands it out; letters may be in either
/// case, and spaces, hyphens and `=` padding are ignored as authenticator
/// apps ignore them. Any other character is skipped too.
pub fn totp(seed_base32: &str, epoch: i64) -> String {
    hotp(&base32_decode(seed_base32), epoch.div_euclid(TOTP_STEP))
}

/// RFC 4226's HOTP value for one counter, truncated to six digits.
fn hotp(key: &[u8], counter: i64) -> String {
    let mac = hmac_sha1(key, &counter.to_be_bytes());
    let offset = usize::from(mac[19] & 0x0f);
    let bin = u32::from_be_bytes([
        mac[offset] & 0x7f,
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]);
    format!("{:06}", bin % 1_000_000)
}

/// HMAC (RFC 2104) over SHA-1, whose block is 64 bytes.
fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..20].copy_from_slice(&sha1_smol::Sha1::from(key).digest().bytes());
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = sha1_smol::Sha1::new();
    inner.update(&block.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = sha1_smol::Sha1::new();
    outer.update(&block.map(|b| b ^ 0x5c));
    outer.update(&inner.digest().bytes());
    outer.digest().bytes()
}

/// RFC 4648 Base32 (A-Z, 2-7) to bytes, as forgiving as [`totp`] says.
fn base32_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars() {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => continue,
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Whether two codes are consecutive codes of the device at `now`.
///
/// AWS asks for two consecutive codes so that it can find where the
/// device's clock is. iamtutor accepts the pair when the second code is
/// from the current 30-second step or one step either side of it (AWS
/// tolerates that much clock skew), and the first code is from the step
/// just before the second. So codes read off an authenticator now and 30
/// seconds ago pass, as do the current code and the next.
pub fn codes_match(seed_base32: &str, now: i64, code1: &str, code2: &str) -> bool {
    let key = base32_decode(seed_base32);
    let step = now.div_euclid(TOTP_STEP);
    (step - 1..=step + 1)
        .any(|second| hotp(&key, second - 1) == code1 && hotp(&key, second) == code2)
}

/// Whether one code (an STS `TokenCode`, say) is valid for the device at
/// `now`: from the current step or one step either side, the same skew
/// that [`codes_match`] allows.
pub fn token_code_valid(seed_base32: &str, now: i64, code: &str) -> bool {
    let key = base32_decode(seed_base32);
    let step = now.div_euclid(TOTP_STEP);
    (step - 1..=step + 1).any(|s| hotp(&key, s) == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's SHA-1 seed: the ASCII bytes "12345678901234567890".
    const RFC_SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn base32_reads_known_values() {
        assert_eq!(base32_decode(RFC_SEED), b"12345678901234567890");
        assert_eq!(base32_decode("gezd gnbv-gy3t qojq===="), b"1234567890");
    }

    #[test]
    fn hmac_sha1_matches_rfc_2202() {
        let mac = hmac_sha1(&[0x0b; 20], b"Hi There");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "b617318655057264e28bc0b6fb378c8ef146be00");
        // A key longer than the block is hashed first.
        let mac = hmac_sha1(
            &[0xaa; 80],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    }

    #[test]
    fn a_single_code_is_valid_one_step_either_side() {
        let now = 1_767_603_600;
        for offset in [-30, 0, 30] {
            assert!(token_code_valid(
                RFC_SEED,
                now,
                &totp(RFC_SEED, now + offset)
            ));
        }
        assert!(!token_code_valid(RFC_SEED, now, &totp(RFC_SEED, now - 60)));
        assert!(!token_code_valid(RFC_SEED, now, &totp(RFC_SEED, now + 60)));
    }
}
