//! A time zone as the timeline needs it: UTC offsets and abbreviations between
//! transitions, plus proleptic Gregorian date arithmetic. Small enough for the WASM
//! bundle (no tz database, no TZif parser) and serialisable, so the builder hands the
//! browser exactly the zone it laid the static SVG out with.
//!
//! The builder makes one with `Zone::from_jiff` (feature `jiff`) from the site's IANA
//! zone, with every transition from 1900 to 2100; outside that range the nearest known
//! offset holds. Tests check it against jiff instant by instant.

use serde::{Deserialize, Serialize};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// The instants the timeline handles: years -9999 to 9999 (as jiff).
const MIN_SECOND: i64 = -377_705_116_800;
const MAX_SECOND: i64 = 253_402_207_199;

/// Clamps unix seconds into the supported range.
pub(crate) fn clamp_second(s: i64) -> i64 {
    s.clamp(MIN_SECOND, MAX_SECOND)
}

/// A time zone: an initial offset and the transitions after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    /// The IANA name (`Europe/Paris`), or `UTC`.
    pub name: String,
    /// Offset (seconds east of UTC) and abbreviation index before the first transition.
    pub initial: (i32, u16),
    /// `(instant, new offset, abbreviation index)`, increasing.
    pub transitions: Vec<(i64, i32, u16)>,
    /// Abbreviations (`CET`, `CEST`, `+0530`).
    pub abbreviations: Vec<String>,
}

impl Default for Zone {
    fn default() -> Self {
        Zone::utc()
    }
}

/// A civil date in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: i8,
    day: i8,
}

/// A civil date and wall-clock time (minutes precision is all ticks need).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// The date.
    pub date: Date,
    /// Hour 0–23.
    pub hour: i8,
    /// Minute 0–59.
    pub minute: i8,
}

fn days_in_month(year: i32, month: i8) -> i8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// A valid date, else `None`.
    pub fn new(year: i32, month: i8, day: i8) -> Option<Date> {
        ((-9999..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> i8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> i8 {
        self.day
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as i8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as i8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// `n` days later (or earlier), `None` outside years -9999 to 9999.
    pub fn add_days(self, n: i64) -> Option<Date> {
        let d = Date::from_days(self.to_days().checked_add(n)?);
        (-9999..=9999).contains(&d.year).then_some(d)
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday_monday_zero(self) -> i8 {
        // 1970-01-01 was a Thursday (3).
        (self.to_days() + 3).rem_euclid(7) as i8
    }

    /// This date at a wall-clock time.
    pub fn at(self, hour: i8, minute: i8) -> DateTime {
        DateTime { date: self, hour, minute }
    }
}

impl DateTime {
    /// Seconds of this wall-clock time as if it were UTC.
    fn local_seconds(self) -> i64 {
        self.date.to_days() * DAY + i64::from(self.hour) * 3600 + i64::from(self.minute) * 60
    }
}

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone { name: "UTC".into(), initial: (0, 0), transitions: Vec::new(), abbreviations: vec!["UTC".into()] }
    }

    /// Offset and abbreviation index in force at unix second `t`.
    fn at(&self, t: i64) -> (i32, u16) {
        match self.transitions.partition_point(|tr| tr.0 <= t) {
            0 => self.initial,
            i => (self.transitions[i - 1].1, self.transitions[i - 1].2),
        }
    }

    /// UTC offset in seconds at unix second `t`.
    pub fn offset(&self, t: i64) -> i32 {
        self.at(t).0
    }

    /// The abbreviation in force at `t` (`CET`).
    pub fn abbreviation(&self, t: i64) -> &str {
        self.abbreviations.get(usize::from(self.at(t).1)).map_or("", String::as_str)
    }

    /// The local date and time of unix second `t`.
    pub fn to_datetime(&self, t: i64) -> DateTime {
        let t = clamp_second(t);
        let local = t + i64::from(self.offset(t));
        let (days, secs) = (local.div_euclid(DAY), local.rem_euclid(DAY));
        DateTime { date: Date::from_days(days), hour: (secs / 3600) as i8, minute: (secs % 3600 / 60) as i8 }
    }

    /// The instants whose local time is `dt`, earliest first: none in a gap, two in a fold.
    fn candidates(&self, dt: DateTime) -> Vec<i64> {
        let local = dt.local_seconds();
        let (a, b) = (self.offset(local - DAY), self.offset(local + DAY));
        let offsets = [a.min(b), a.max(b)];
        let mut out: Vec<i64> = Vec::with_capacity(2);
        for o in offsets {
            let t = local - i64::from(o);
            if self.offset(t) == o && !out.contains(&t) {
                out.push(t);
            }
        }
        if out.len() == 2 && out[0] > out[1] {
            out.swap(0, 1);
        }
        out
    }

    /// The instant of local time `dt`: `None` when a transition skips it, the earlier
    /// one when it occurs twice.
    pub fn local_instant(&self, dt: DateTime) -> Option<i64> {
        self.candidates(dt).first().copied()
    }

    /// The first instant of a local day (when a transition skips midnight, the instant the
    /// gap ends, as jiff's "compatible" disambiguation).
    pub fn day_start(&self, d: Date) -> i64 {
        let dt = d.at(0, 0);
        match self.local_instant(dt) {
            Some(t) => t,
            // In a gap: read the wall time with the offset before the transition.
            None => {
                let local = dt.local_seconds();
                local - i64::from(self.offset(local - DAY))
            }
        }
    }
}

#[cfg(feature = "jiff")]
impl Zone {
    /// The zone `tz` between 1900 and 2100, for the builder.
    pub fn from_jiff(tz: &jiff::tz::TimeZone) -> Zone {
        use jiff::Timestamp;
        const FROM: i64 = -2_208_988_800; // 1900-01-01
        const TO: i64 = 4_102_444_800; // 2100-01-01
        let mut abbreviations: Vec<String> = Vec::new();
        let mut intern = |a: &str| -> u16 {
            match abbreviations.iter().position(|x| x == a) {
                Some(i) => i as u16,
                None => {
                    abbreviations.push(a.to_owned());
                    (abbreviations.len() - 1) as u16
                }
            }
        };
        let start = Timestamp::from_second(FROM).unwrap_or(Timestamp::UNIX_EPOCH);
        let info = tz.to_offset_info(start);
        let initial = (info.offset().seconds(), intern(info.abbreviation()));
        let mut transitions = Vec::new();
        for tr in tz.following(start) {
            let at = tr.timestamp().as_second();
            if at >= TO {
                break;
            }
            transitions.push((at, tr.offset().seconds(), intern(tr.abbreviation())));
        }
        let name = tz.iana_name().unwrap_or("UTC").to_owned();
        Zone { name, initial, transitions, abbreviations }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip_and_known_dates() {
        assert_eq!(Date::new(1970, 1, 1).map(Date::to_days), Some(0));
        assert_eq!(Date::new(2000, 3, 1).map(Date::to_days), Some(11_017));
        assert_eq!(Date::new(1969, 12, 31).map(Date::to_days), Some(-1));
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(2025, 3, 14).map(Date::weekday_monday_zero), Some(4), "a Friday");
        assert!(Date::new(2023, 2, 29).is_none() && Date::new(2024, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none() && Date::new(2000, 2, 29).is_some());
    }

    #[test]
    fn utc_is_identity() {
        let z = Zone::utc();
        let dt = z.to_datetime(1_741_943_520); // 2025-03-14 09:12 UTC
        assert_eq!((dt.date.year(), dt.date.month(), dt.date.day(), dt.hour, dt.minute), (2025, 3, 14, 9, 12));
        assert_eq!(z.local_instant(dt), Some(1_741_943_520));
        assert_eq!(z.abbreviation(0), "UTC");
    }
}
