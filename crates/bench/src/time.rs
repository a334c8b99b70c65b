//! Minimal UTC calendar arithmetic (proleptic Gregorian), enough to write RFC 3339
//! timestamps and dates without a date-time dependency (the dates come from
//! `debrief_timeline::Date`).

use debrief_timeline::Date;

/// Seconds in a minute.
pub const MINUTE: i64 = 60;
/// Seconds in an hour.
pub const HOUR: i64 = 3600;
/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 for a civil date (the timeline crate's calendar; a day past
/// the month's end rolls over).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let first = i32::try_from(year).ok().zip(i8::try_from(month).ok()).and_then(|(y, m)| Date::new(y, m, 1));
    first.map_or(0, |d| d.to_days() + i64::from(day) - 1)
}

/// The civil date `(year, month, day)` of a day number since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let d = Date::from_days(days);
    (i64::from(d.year()), d.month() as u32, d.day() as u32)
}

/// Unix seconds at 00:00:00 UTC of a civil date.
pub fn unix_from_civil(year: i64, month: u32, day: u32) -> i64 {
    days_from_civil(year, month, day) * DAY
}

/// `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(t: i64) -> String {
    let (y, mo, d) = civil_from_days(t.div_euclid(DAY));
    let s = t.rem_euclid(DAY);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", s / HOUR, s % HOUR / MINUTE, s % MINUTE)
}

/// `YYYY-MM-DD`.
pub fn date(t: i64) -> String {
    let (y, mo, d) = civil_from_days(t.div_euclid(DAY));
    format!("{y:04}-{mo:02}-{d:02}")
}

/// `HH:MM`.
pub fn hhmm(t: i64) -> String {
    let s = t.rem_euclid(DAY);
    format!("{:02}:{:02}", s / HOUR, s % HOUR / MINUTE)
}

/// The calendar year of a timestamp.
pub fn year(t: i64) -> i64 {
    civil_from_days(t.div_euclid(DAY)).0
}

/// A human duration: "12 minutes", "2 hours 5 minutes", "3 days 4 hours".
pub fn human_duration(secs: i64) -> String {
    let mins = (secs / MINUTE).max(1);
    let plural = |n: i64, unit: &str| {
        if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
    };
    if mins < 60 {
        plural(mins, "minute")
    } else if mins < 48 * 60 {
        let (h, m) = (mins / 60, mins % 60);
        if m == 0 { plural(h, "hour") } else { format!("{} {}", plural(h, "hour"), plural(m, "minute")) }
    } else {
        let (d, h) = (mins / (24 * 60), mins % (24 * 60) / 60);
        if h == 0 { plural(d, "day") } else { format!("{} {}", plural(d, "day"), plural(h, "hour")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for d in -800_000..800_000i64 {
            if d % 997 != 0 {
                continue;
            }
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_741_943_520), "2025-03-14T09:12:00Z");
        assert_eq!(unix_from_civil(2025, 3, 14), 1_741_910_400);
    }

    #[test]
    fn durations() {
        assert_eq!(human_duration(50 * MINUTE), "50 minutes");
        assert_eq!(human_duration(HOUR), "1 hour");
        assert_eq!(human_duration(2 * HOUR + 5 * MINUTE), "2 hours 5 minutes");
        assert_eq!(human_duration(3 * DAY + 4 * HOUR), "3 days 4 hours");
    }
}
