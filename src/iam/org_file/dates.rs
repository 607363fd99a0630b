//! Dates in organization files: ISO 8601 instants read and written.

use super::write::quote;
use crate::iam::time;

/// Reads an ISO 8601 instant into seconds since 1970: `2026-01-05T09:00:00Z`,
/// with `Z` or an offset such as `+02:00`, optional fractional seconds
/// (dropped), or a date alone (`2026-01-05`, midnight UTC).
pub fn parse_iso8601(s: &str) -> Option<i64> {
    fn digits(s: &str, at: usize, n: usize) -> Option<i64> {
        let part = s.get(at..at + n)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    }
    fn sep(s: &str, at: usize, c: u8) -> Option<()> {
        (s.as_bytes().get(at) == Some(&c)).then_some(())
    }
    let year = digits(s, 0, 4)?;
    sep(s, 4, b'-')?;
    let month = digits(s, 5, 2)?;
    sep(s, 7, b'-')?;
    let day = digits(s, 8, 2)?;
    let date = time::days_since_epoch(year, month, day)? * 86_400;
    if s.len() == 10 {
        return Some(date);
    }
    sep(s, 10, b'T')?;
    let hour = digits(s, 11, 2)?;
    sep(s, 13, b':')?;
    let minute = digits(s, 14, 2)?;
    sep(s, 16, b':')?;
    let second = digits(s, 17, 2)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 {
                return None;
            }
            let h = digits(rest, 1, 2)?;
            sep(rest, 3, b':')?;
            let m = digits(rest, 4, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    Some(date + hour * 3600 + minute * 60 + second - offset)
}

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants that four-digit
/// ISO 8601 years can write.
const FIRST_WRITABLE: i64 = -62_167_219_200;
const LAST_WRITABLE: i64 = 253_402_300_799;

pub(super) fn time_value(t: i64) -> String {
    if (FIRST_WRITABLE..=LAST_WRITABLE).contains(&t) {
        quote(&time::iso8601_z(t))
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_reads_what_time_writes() {
        for t in [0, time::DEFAULT_NOW, 951_782_400, -1, 4_102_444_799] {
            assert_eq!(parse_iso8601(&time::iso8601_z(t)), Some(t));
            assert_eq!(parse_iso8601(&time::iso8601(t)), Some(t));
        }
        assert_eq!(
            parse_iso8601("2026-01-05T11:00:00+02:00"),
            Some(time::DEFAULT_NOW)
        );
        assert_eq!(
            parse_iso8601("2026-01-05T09:00:00.250Z"),
            Some(time::DEFAULT_NOW)
        );
        assert_eq!(
            parse_iso8601("2026-01-05"),
            Some(time::DEFAULT_NOW - 9 * 3600)
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-01-05T24:00:00Z",
            "2026-01-05T09:00:00",
            "2026-01-05 09:00:00Z",
            "26-01-05",
            "2026-01-05T09:00:00.Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(time_value(FIRST_WRITABLE), "\"0000-01-01T00:00:00Z\"");
        assert_eq!(time_value(LAST_WRITABLE), "\"9999-12-31T23:59:59Z\"");
        assert_eq!(time_value(LAST_WRITABLE + 1), "253402300800");
    }
}
