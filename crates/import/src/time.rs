//! Reading the time stamps the source formats write, and writing them back for debrief.
//!
//! Sources write RFC 3339 (`2024-05-01T10:00:00.123-07:00`, `…Z`), date-times without a
//! zone (`2021-06-01 14:00:00`, read in the source's zone), Go's default layout
//! (`2021-06-01 14:00:00 +0000 UTC`) and plain dates. Output is RFC 3339 to the second in
//! the zone the incident is shown in, and timeline labels debrief's timeline reader reads.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// Reads a time stamp; a time without a zone (or a plain date, at midnight) is read in
/// `zone`. `None` when the text is not a time stamp.
pub fn parse(text: &str, zone: &TimeZone) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    // Go's layout: `2021-06-01 14:00:00 +0000 UTC`, or a trailing zone name alone.
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut named: Option<TimeZone> = None;
    if words.len() >= 2
        && let Some(last) = words.last()
        && last.chars().all(|c| c.is_ascii_alphabetic())
    {
        named = match *last {
            "UTC" | "GMT" | "Z" => Some(TimeZone::UTC),
            other => debrief_content::when::zone_abbreviation(other).map(TimeZone::fixed),
        };
        words.pop();
    }
    if words.len() == 3
        && let Some(offset) = parse_offset(words[2])
    {
        let civil = parse_civil(&format!("{} {}", words[0], words[1]))?;
        return offset.to_timestamp(civil).ok();
    }
    let rest = words.join(" ");
    if rest != text
        && let Ok(ts) = rest.parse::<Timestamp>()
    {
        return Some(ts);
    }
    let zone = named.as_ref().unwrap_or(zone);
    if let Some(civil) = parse_civil(&rest) {
        return zone.to_timestamp(civil).ok();
    }
    None
}

fn parse_civil(text: &str) -> Option<DateTime> {
    if let Ok(civil) = text.parse::<DateTime>() {
        return Some(civil);
    }
    if text.len() == 10
        && let Ok(date) = text.parse::<Date>()
    {
        return Some(date.to_datetime(Time::midnight()));
    }
    None
}

/// `+0200`, `-07:00`, `+02`.
fn parse_offset(text: &str) -> Option<Offset> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    if hours > 18 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// `2025-03-14T05:12:00-04:00` (or `…Z` for UTC): RFC 3339 to the second, in `zone`.
pub fn rfc3339(ts: Timestamp, zone: &TimeZone) -> String {
    let offset = zone.to_offset(ts);
    let civil = offset.to_datetime(ts);
    format!("{}{}", civil.strftime("%Y-%m-%dT%H:%M:%S"), offset_suffix(offset, "Z"))
}

/// A timeline label debrief reads back to the same minute: `2025-03-14 05:12 -04:00`, or
/// `2025-03-14 09:12 UTC`.
pub fn label(ts: Timestamp, zone: &TimeZone) -> String {
    let offset = zone.to_offset(ts);
    let civil = offset.to_datetime(ts);
    format!("{} {}", civil.strftime("%Y-%m-%d %H:%M"), offset_suffix(offset, "UTC"))
}

fn offset_suffix(offset: Offset, utc: &str) -> String {
    match offset.seconds() {
        0 => utc.to_string(),
        secs => {
            let sign = if secs < 0 { '-' } else { '+' };
            let minutes = secs.unsigned_abs() / 60;
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    }
}

/// The calendar year of `ts` in `zone` (the folder an incident is filed under).
pub fn year(ts: Timestamp, zone: &TimeZone) -> i16 {
    zone.to_offset(ts).to_datetime(ts).year()
}

/// `ts` without its fractional seconds (front matter and labels are to the second).
pub fn to_second(ts: Timestamp) -> Timestamp {
    Timestamp::from_second(ts.as_second()).unwrap_or(ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        parse(text, &TimeZone::get("Europe/Paris").expect("zone")).map(|t| t.to_string()).unwrap_or_default()
    }

    #[test]
    fn reads_the_shapes_sources_write() {
        assert_eq!(utc("2024-05-01T10:00:00.123-07:00"), "2024-05-01T17:00:00.123Z");
        assert_eq!(utc("2024-12-27T09:43:40.482Z"), "2024-12-27T09:43:40.482Z");
        assert_eq!(utc("2021-06-01 14:00:00"), "2021-06-01T12:00:00Z", "no zone: the source's zone");
        assert_eq!(utc("2021-06-01T14:00"), "2021-06-01T12:00:00Z");
        assert_eq!(utc("2021-06-01 14:00"), "2021-06-01T12:00:00Z");
        assert_eq!(utc("2021-06-01T14:00:00+02:00"), "2021-06-01T12:00:00Z");
        assert_eq!(utc("2021-06-01 14:00:00.123456789 +0000"), "2021-06-01T14:00:00.123456789Z");
        assert_eq!(utc("2021-06-01 14:00:00 +0000 UTC"), "2021-06-01T14:00:00Z");
        assert_eq!(utc("2021-06-01 14:00:00 -0700"), "2021-06-01T21:00:00Z");
        assert_eq!(utc("2021-06-01 14:00:00 UTC"), "2021-06-01T14:00:00Z");
        assert_eq!(utc("2021-06-01"), "2021-05-31T22:00:00Z");
        for bad in ["", "soon", "2021-13-01", "yesterday at noon"] {
            assert_eq!(utc(bad), "", "{bad}");
        }
    }

    #[test]
    fn writes_rfc3339_and_labels_in_the_zone() {
        let ts: Timestamp = "2025-03-14T09:12:45.5Z".parse().expect("ts");
        let ny = TimeZone::get("America/New_York").expect("zone");
        assert_eq!(rfc3339(to_second(ts), &ny), "2025-03-14T05:12:45-04:00");
        assert_eq!(rfc3339(ts, &TimeZone::UTC), "2025-03-14T09:12:45Z");
        assert_eq!(label(ts, &ny), "2025-03-14 05:12 -04:00");
        assert_eq!(label(ts, &TimeZone::UTC), "2025-03-14 09:12 UTC");
        assert_eq!(year("2025-01-01T02:00:00Z".parse().expect("ts"), &ny), 2024);
    }
}
