//! Deterministic ids and secrets. The engine owns no randomness: every id
//! comes from the organization's counter through a mixing function, so the
//! same commands give the same ids on every machine.

use super::model::Org;

const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX: &[u8] = b"0123456789abcdef";
const SECRET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// SplitMix64: a tiny, well-mixed step from one counter value to the next.
fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Org {
    fn draw(&mut self, alphabet: &[u8], len: usize) -> String {
        let mut state = self.id_counter;
        let s = (0..len)
            .map(|_| alphabet[(splitmix(&mut state) % alphabet.len() as u64) as usize] as char)
            .collect();
        self.id_counter = self.id_counter.wrapping_add(1);
        s
    }

    /// A unique id such as `AIDA` + 17 characters (users); AWS's prefixes:
    /// AIDA users, AGPA groups, AROA roles, ANPA policies, AIPA instance profiles.
    pub fn new_id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.draw(UPPER, 17))
    }

    /// An access key id: `AKIA` (long-term) or `ASIA` (temporary) + 16 characters.
    pub fn new_access_key_id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.draw(UPPER, 16))
    }

    /// A 40-character secret access key.
    pub fn new_secret(&mut self) -> String {
        self.draw(SECRET, 40)
    }

    /// A session token: long and opaque, as AWS's are.
    pub fn new_session_token(&mut self) -> String {
        format!("IQoJb3JpZ2luX2Vj{}", self.draw(SECRET, 340))
    }

    /// An EC2-style id: `prefix` and 17 lower-case hex digits, such as
    /// `i-0a1b2c3d4e5f60718` (instances), `r-...` (reservations) or
    /// `iip-assoc-...` (instance profile associations).
    pub fn new_hex_id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.draw(HEX, 17))
    }

    /// A version 4 UUID (DynamoDB table ids, Lambda revision ids).
    pub fn new_uuid(&mut self) -> String {
        let h: Vec<char> = self.draw(HEX, 32).chars().collect();
        let variant = ['8', '9', 'a', 'b'][h[16].to_digit(16).unwrap_or(0) as usize % 4];
        let s = |a: usize, b: usize| h[a..b].iter().collect::<String>();
        format!(
            "{}-{}-4{}-{variant}{}-{}",
            s(0, 8),
            s(8, 12),
            s(13, 16),
            s(17, 20),
            s(20, 32)
        )
    }

    /// A Base32 seed for a virtual MFA device.
    pub fn new_mfa_seed(&mut self) -> String {
        self.draw(UPPER, 64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_distinct() {
        let mut a = Org::default();
        let mut b = Org::default();
        let ids_a: Vec<String> = (0..50).map(|_| a.new_id("AIDA")).collect();
        let ids_b: Vec<String> = (0..50).map(|_| b.new_id("AIDA")).collect();
        assert_eq!(ids_a, ids_b);
        let mut sorted = ids_a.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 50);
        assert_eq!(ids_a[0].len(), 21);
        assert!(a.new_access_key_id("AKIA").starts_with("AKIA"));
        assert_eq!(a.new_secret().len(), 40);
        let i = a.new_hex_id("i-");
        assert!(i.len() == 19 && i[2..].bytes().all(|b| b.is_ascii_hexdigit()));
        let u = a.new_uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
