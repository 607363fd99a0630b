//! Simulated time. The engine owns no clock: the organization carries "now" as
//! seconds since the Unix epoch, and callers move it forward.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime};

/// Formats epoch seconds the way the AWS CLI prints timestamps:
/// `2026-11-28T01:20:56+00:00`.
pub fn iso8601(epoch: i64) -> String {
    let t = utc(epoch);
    format!("{}+00:00", ymd_hms(t))
}

/// `2026-11-28T01:20:56Z`, the form condition keys such as aws:CurrentTime use.
pub fn iso8601_z(epoch: i64) -> String {
    format!("{}Z", ymd_hms(utc(epoch)))
}

fn ymd_hms(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The instant in UTC. Past the years a four-digit ISO 8601 date can write
/// (which no simulated clock reaches), it stops at the first or last one.
fn utc(epoch: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(epoch).unwrap_or(if epoch < 0 {
        PrimitiveDateTime::MIN.assume_utc()
    } else {
        PrimitiveDateTime::MAX.assume_utc()
    })
}

/// Days since 1970-01-01 of a day of the (proleptic Gregorian) calendar,
/// or `None` when there is no such day: month 13, 31 April, 29 February
/// outside a leap year.
pub fn days_since_epoch(year: i64, month: i64, day: i64) -> Option<i64> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    Some(i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY))
}

/// The Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The default start of simulated time: 2026-01-05T09:00:00Z, a Monday morning.
pub const DEFAULT_NOW: i64 = 1_767_603_600;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso8601(DEFAULT_NOW), "2026-01-05T09:00:00+00:00");
        assert_eq!(iso8601_z(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59+00:00");
    }

    #[test]
    fn counts_days_from_1970_and_knows_which_days_exist() {
        assert_eq!(days_since_epoch(1970, 1, 1), Some(0));
        assert_eq!(days_since_epoch(2026, 1, 5), Some(DEFAULT_NOW / 86_400));
        assert_eq!(days_since_epoch(1969, 12, 31), Some(-1));
        assert_eq!(days_since_epoch(2000, 2, 29), Some(11_016));
        assert_eq!(days_since_epoch(1900, 2, 29), None);
        assert_eq!(days_since_epoch(2026, 4, 31), None);
        assert_eq!(days_since_epoch(2026, 13, 1), None);
        assert_eq!(days_since_epoch(2026, 0, 1), None);
    }
}
