//! Reading condition values as the typed operators see them: decimal numbers,
//! dates, booleans, base64, IP ranges and ARNs. Each reader answers `None` for
//! text it can't read, and the caller turns that into "no match".

use std::cmp::Ordering;
use std::net::IpAddr;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};

/// Compares two decimal numbers exactly (no floating point, so that
/// `9007199254740993` is not equal to `9007199254740992`). Accepts an optional
/// sign, digits and an optional fraction: `10`, `-3`, `+2.50`, `.5`, `5.`.
/// Exponents, spaces, `NaN` and `Infinity` are not numbers here.
pub(super) fn cmp_decimal(a: &str, b: &str) -> Option<Ordering> {
    Some(Decimal::parse(a)?.cmp(&Decimal::parse(b)?))
}

/// A decimal as its sign and its digits, with leading zeros of the integer
/// part and trailing zeros of the fraction removed, so that equal numbers
/// have equal parts.
#[derive(Debug, PartialEq, Eq)]
struct Decimal<'a> {
    negative: bool,
    int: &'a str,
    frac: &'a str,
}

impl<'a> Decimal<'a> {
    fn parse(s: &'a str) -> Option<Self> {
        let (negative, unsigned) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        // Minus zero is zero.
        let negative = negative && !(int.is_empty() && frac.is_empty());
        Some(Decimal {
            negative,
            int,
            frac,
        })
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        // Integer parts have no leading zeros: the longer one is larger.
        // Fractions are compared digit by digit (lexically).
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(other.int))
            .then_with(|| self.frac.cmp(other.frac))
    }
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Reads a date as milliseconds since the Unix epoch (UTC).
///
/// AWS takes "one of the W3C implementations of the ISO 8601 date formats"
/// or epoch (Unix) time:
/// - `1700000000` or `1700000000.25`: epoch seconds (`aws:EpochTime`);
/// - `YYYY-MM` and `YYYY-MM-DD` (midnight UTC);
/// - `YYYY-MM-DDThh:mm`, `...:ss` and `...:ss.s` (any number of fraction
///   digits, kept to the millisecond), followed by `Z`, `+hh:mm`, `-hh:mm`
///   (also `+hhmm` and `+hh`) or nothing, which means UTC.
///
/// A bare year such as `2026` is read as epoch seconds: it is all digits, and
/// epoch time is what AWS compares `aws:EpochTime` with.
pub(super) fn parse_date_ms(s: &str) -> Option<i64> {
    if let Some(ms) = parse_epoch_ms(s) {
        return Some(ms);
    }
    let mut cur = Cursor::new(s);
    let year = cur.digits(4)?;
    cur.expect(b'-')?;
    let month = cur.digits(2)?;
    let day = if cur.eat(b'-') { cur.digits(2)? } else { 1 };
    let mut ms = crate::iam::time::days_since_epoch(year, month, day)? * 86_400_000;
    if cur.eat(b'T') || cur.eat(b't') {
        ms += cur.time_of_day_ms()?;
        ms -= cur.offset_ms()?;
    }
    cur.at_end().then_some(ms)
}

/// Epoch seconds, optionally negative, optionally with a fraction.
fn parse_epoch_ms(s: &str) -> Option<i64> {
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (secs, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if secs.is_empty() || !secs.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = secs.parse().ok()?;
    let millis = frac
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0, |acc, b| acc * 10 + i64::from(b - b'0'));
    let ms = whole.checked_mul(1000)?.checked_add(millis)?;
    Some(if negative { -ms } else { ms })
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let end = self.pos.checked_add(n)?;
        let run = self.bytes.get(self.pos..end)?;
        if !run.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos = end;
        Some(run.iter().fold(0, |acc, b| acc * 10 + i64::from(b - b'0')))
    }

    /// `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff...` as milliseconds.
    fn time_of_day_ms(&mut self) -> Option<i64> {
        let hour = self.digits(2)?;
        self.expect(b':')?;
        let minute = self.digits(2)?;
        let mut second = 0;
        let mut millis = 0;
        if self.eat(b':') {
            second = self.digits(2)?;
            if self.eat(b'.') {
                millis = self.fraction_ms()?;
            }
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        Some(((hour * 60 + minute) * 60 + second) * 1000 + millis)
    }

    /// One or more digits after the point, kept to the millisecond.
    fn fraction_ms(&mut self) -> Option<i64> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let run = &self.bytes[start..self.pos];
        if run.is_empty() {
            return None;
        }
        Some(
            run.iter()
                .chain(std::iter::repeat(&b'0'))
                .take(3)
                .fold(0, |acc, b| acc * 10 + i64::from(b - b'0')),
        )
    }

    /// `Z`, `±hh:mm`, `±hhmm`, `±hh` or nothing (UTC), as milliseconds east
    /// of UTC.
    fn offset_ms(&mut self) -> Option<i64> {
        if self.at_end() || self.eat(b'Z') || self.eat(b'z') {
            return Some(0);
        }
        let sign = match self.peek()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        self.pos += 1;
        let hours = self.digits(2)?;
        let minutes = if self.eat(b':') {
            self.digits(2)?
        } else if self.at_end() {
            0
        } else {
            self.digits(2)?
        };
        if hours > 18 || minutes > 59 {
            return None;
        }
        Some(sign * (hours * 60 + minutes) * 60_000)
    }
}

/// `true` or `false`, in any case.
pub(super) fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Standard base64 (RFC 4648 alphabet), with or without `=` padding.
/// Leftover bits must be zero, as in a canonical encoding: `aGl=` is not
/// another spelling of `aGk=`.
pub(super) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let body = s.trim_end_matches('=');
    if s.len() - body.len() > 2 || body.len() % 4 == 1 {
        return None;
    }
    CANONICAL_UNPADDED.decode(body).ok()
}

/// Standard base64 with its padding already taken off, refusing text whose
/// last character carries bits that no byte uses.
const CANONICAL_UNPADDED: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// An IP range in CIDR form. A bare address is a range of one (`/32` for
/// IPv4, `/128` for IPv6), as AWS documents for `IpAddress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub(super) fn parse(s: &str) -> Option<Self> {
        let (addr, prefix) = match s.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (s, None),
        };
        let network: IpAddr = addr.parse().ok()?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok().filter(|n| *n <= max)?
            }
            Some(_) => return None,
        };
        Some(Cidr { network, prefix })
    }

    /// Is `ip` inside the range? An address of the other family never is.
    pub(super) fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => same_prefix(
                u128::from(net.to_bits()),
                u128::from(ip.to_bits()),
                32,
                self.prefix,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                same_prefix(net.to_bits(), ip.to_bits(), 128, self.prefix)
            }
            _ => false,
        }
    }
}

/// Do the first `prefix` of `width` bits agree?
fn same_prefix(a: u128, b: u128, width: u32, prefix: u8) -> bool {
    let host_bits = width - u32::from(prefix);
    // Shifting a u128 by 128 overflows: a /0 range holds everything.
    host_bits >= 128 || (a >> host_bits) == (b >> host_bits)
}

/// The six colon-separated parts of an ARN: `arn`, partition, service,
/// region, account and resource (which keeps any further colons).
pub(super) fn split_arn(s: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    (parts.len() == 6).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_exactly() {
        use Ordering::*;
        let cases = [
            ("10", "10", Some(Equal)),
            ("10", "10.0", Some(Equal)),
            ("010", "10.000", Some(Equal)),
            ("-0", "0", Some(Equal)),
            ("+5", "5", Some(Equal)),
            (".5", "0.5", Some(Equal)),
            ("5.", "5", Some(Equal)),
            ("9", "10", Some(Less)),
            ("0.25", "0.5", Some(Less)),
            ("0.12", "0.1", Some(Greater)),
            ("-2", "-10", Some(Greater)),
            ("-0.5", "0.1", Some(Less)),
            ("9007199254740993", "9007199254740992", Some(Greater)),
            ("1e3", "1000", None),
            ("ten", "10", None),
            ("", "0", None),
            (".", "0", None),
            ("-", "0", None),
            (" 1", "1", None),
            ("1.2.3", "1", None),
            ("NaN", "NaN", None),
        ];
        for (a, b, want) in cases {
            assert_eq!(cmp_decimal(a, b), want, "{a} vs {b}");
        }
    }

    /// Thousandths written as decimals, e.g. -1500 as `-1.500`.
    fn thousandths(x: i64) -> String {
        let sign = if x < 0 { "-" } else { "" };
        let abs = x.unsigned_abs();
        format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
    }

    proptest::proptest! {
        #[test]
        fn decimals_order_like_integers(a in -5000i64..5000, b in -5000i64..5000) {
            proptest::prop_assert_eq!(
                cmp_decimal(&thousandths(a), &thousandths(b)),
                Some(a.cmp(&b))
            );
            proptest::prop_assert_eq!(
                cmp_decimal(&a.to_string(), &b.to_string()),
                Some(a.cmp(&b))
            );
        }
    }

    #[test]
    fn dates_table() {
        let cases: &[(&str, Option<i64>)] = &[
            ("0", Some(0)),
            ("1700000000", Some(1_700_000_000_000)),
            ("1700000000.25", Some(1_700_000_000_250)),
            ("-1", Some(-1000)),
            ("1970-01-01", Some(0)),
            ("1970-01", Some(0)),
            ("2026-01-01", Some(1_767_225_600_000)),
            ("2026-01-01T00:00:00Z", Some(1_767_225_600_000)),
            ("2026-01-01T00:00Z", Some(1_767_225_600_000)),
            ("2026-01-01T00:00:00", Some(1_767_225_600_000)),
            ("2026-01-01T01:00:00+01:00", Some(1_767_225_600_000)),
            ("2025-12-31T19:00:00-05:00", Some(1_767_225_600_000)),
            ("2026-01-01T05:30:00+0530", Some(1_767_225_600_000)),
            ("2026-01-01T02:00:00+02", Some(1_767_225_600_000)),
            ("2026-01-01T00:00:00.5Z", Some(1_767_225_600_500)),
            ("2026-01-01T00:00:00.123456789Z", Some(1_767_225_600_123)),
            ("2024-02-29", Some(1_709_164_800_000)),
            ("2000-03-01T12:34:56Z", Some(951_914_096_000)),
            ("1969-12-31T23:59:59Z", Some(-1000)),
            ("2023-02-29", None),
            ("2026-13-01", None),
            ("2026-00-10", None),
            ("2026-01-32", None),
            ("2026-01-01T24:00:00Z", None),
            ("2026-01-01T12:60Z", None),
            ("2026-01-01T12Z", None),
            ("2026-01-01T00:00:00.Z", None),
            ("2026-01-01T00:00:00+19:00", None),
            ("2026-01-01 00:00:00Z", None),
            ("2026-1-1", None),
            ("yesterday", None),
            ("", None),
            ("2026-01-01T00:00:00Zjunk", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date_ms(s), *want, "{s}");
        }
    }

    #[test]
    fn base64_table() {
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("QmluYXJ5VmFsdWVJbkJhc2U2NA==", Some(b"BinaryValueInBase64")),
            ("aGk=", Some(b"hi")),
            ("aGk", Some(b"hi")),
            ("", Some(b"")),
            ("/+8=", Some(&[0xff, 0xef])),
            ("a", None),
            ("aGk===", None),
            ("a-k=", None),
            ("aGl=", None),
        ];
        for (s, want) in cases {
            assert_eq!(decode_base64(s).as_deref(), *want, "{s}");
        }
    }

    #[test]
    fn cidr_table() {
        let cases = [
            ("203.0.113.0/24", "203.0.113.255", true),
            ("203.0.113.0/24", "203.0.114.0", false),
            ("203.0.113.7", "203.0.113.7", true),
            ("203.0.113.7", "203.0.113.8", false),
            // Host bits in the range are ignored, as a mask would.
            ("203.0.113.7/24", "203.0.113.200", true),
            ("0.0.0.0/0", "8.8.8.8", true),
            (
                "2001:DB8:1234:5678::/64",
                "2001:db8:1234:5678:abcd::1",
                true,
            ),
            ("2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false),
            ("2001:db8::1", "2001:db8::1", true),
            ("::/0", "2001:db8::1", true),
            // The other family is never inside.
            ("0.0.0.0/0", "2001:db8::1", false),
            ("::/0", "8.8.8.8", false),
        ];
        for (range, ip, want) in cases {
            let cidr = Cidr::parse(range).unwrap();
            assert_eq!(cidr.contains(ip.parse().unwrap()), want, "{range} {ip}");
        }
        for bad in [
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/",
            "10.0.0.0/x",
            "10.0.0",
            "nope",
        ] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn arn_parts() {
        assert_eq!(
            split_arn("arn:aws:s3:::bucket/a:b").unwrap(),
            ["arn", "aws", "s3", "", "", "bucket/a:b"]
        );
        assert_eq!(split_arn("arn:aws:s3"), None);
    }
}
