//! Dates and times as postmortems write them.
//!
//! Front matter uses RFC 3339 date-times or plain dates ([`parse_when`]); timelines use
//! whatever people type: `09:12`, `1:38 pm`, `2025-03-14 09:12 UTC`, `July 14, 2025, 11:20 am`
//! ([`parse_time_label`]). Zone abbreviations (`UTC`, `PST`, `BST`…) map to fixed offsets
//! ([`zone_abbreviation`]). Pure functions, no I/O.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// A point in time from front matter, remembering how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct When {
    /// The instant.
    pub instant: Timestamp,
    /// The UTC offset it was written in (or the site's, for dates and local times).
    #[serde(skip)]
    pub offset: Offset,
    /// Written as a plain date (`2025-03-14`), so the time of day is unknown.
    pub date_only: bool,
}

impl When {
    /// The civil date-time in the offset it was written in.
    pub fn civil(&self) -> DateTime {
        self.offset.to_datetime(self.instant)
    }

    /// The time from `self` to `later`.
    pub fn until(&self, later: &When) -> SignedDuration {
        later.instant.duration_since(self.instant)
    }
}

/// Parses an RFC 3339 date-time (`2025-03-14T09:12:00Z`, `…+02:00`), a plain date
/// (`2025-03-14`, midnight in `zone`), or a date-time without an offset (read in `zone`).
pub fn parse_when(text: &str, zone: &TimeZone) -> Result<When, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty date".into());
    }
    if let Ok(instant) = text.parse::<Timestamp>() {
        let without_zone = strip_offset(text);
        let offset = match without_zone.parse::<DateTime>() {
            Ok(civil) => {
                let as_utc = Offset::UTC.to_timestamp(civil).map_err(|e| e.to_string())?;
                let seconds = as_utc.duration_since(instant).as_secs();
                Offset::from_seconds(i32::try_from(seconds).unwrap_or(0)).unwrap_or(Offset::UTC)
            }
            Err(_) => Offset::UTC,
        };
        return Ok(When { instant, offset, date_only: false });
    }
    if text.len() == 10
        && let Ok(date) = text.parse::<Date>()
    {
        let instant = zone.to_timestamp(date.to_datetime(Time::midnight())).map_err(|e| e.to_string())?;
        return Ok(When { instant, offset: zone.to_offset(instant), date_only: true });
    }
    if let Ok(civil) = text.parse::<DateTime>() {
        let instant = zone.to_timestamp(civil).map_err(|e| e.to_string())?;
        return Ok(When { instant, offset: zone.to_offset(instant), date_only: false });
    }
    Err(explain_bad_date(text))
}

fn strip_offset(text: &str) -> &str {
    let trimmed = text.trim_end_matches(['Z', 'z']);
    if trimmed.len() != text.len() {
        return trimmed;
    }
    // `±HH:MM` or `±HHMM` at the end, after the time part.
    if let Some(pos) = text.rfind(['+', '-'])
        && pos > 10
    {
        return &text[..pos];
    }
    text
}

/// A human explanation of why `text` is not a date: impossible day, bad shape…
fn explain_bad_date(text: &str) -> String {
    let digits: Vec<&str> = text.get(..10).unwrap_or("").split('-').collect();
    if digits.len() == 3
        && digits.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && let (Ok(y), Ok(m), Ok(d)) = (digits[0].parse::<i16>(), digits[1].parse::<i8>(), digits[2].parse::<i8>())
        && let Err(e) = Date::new(y, m, d)
    {
        return format!("`{text}` is not a real date ({e})");
    }
    format!("`{text}` is not an RFC 3339 date-time or a date")
}

/// Known time-zone abbreviations as fixed offsets (seconds east of UTC).
///
/// Abbreviations are ambiguous in general (IST, CST); this table picks the reading an
/// English-language postmortem most likely means, and documents it.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("ZULU", 0),
    ("WET", 0),
    ("BST", 3600),
    ("IST", 19800),
    ("CET", 3600),
    ("CEST", 7200),
    ("WEST", 3600),
    ("EET", 7200),
    ("EEST", 10800),
    ("MSK", 10800),
    ("EST", -18000),
    ("EDT", -14400),
    ("CST", -21600),
    ("CDT", -18000),
    ("MST", -25200),
    ("MDT", -21600),
    ("PST", -28800),
    ("PDT", -25200),
    ("PT", -28800),
    ("ET", -18000),
    ("AKST", -32400),
    ("AKDT", -28800),
    ("HST", -36000),
    ("JST", 32400),
    ("KST", 32400),
    ("SGT", 28800),
    ("AEST", 36000),
    ("AEDT", 39600),
    ("NZST", 43200),
    ("NZDT", 46800),
];

/// The fixed offset of a zone abbreviation (`UTC`, `PST`, `BST`…), case-sensitive upper case.
pub fn zone_abbreviation(word: &str) -> Option<Offset> {
    ZONES.iter().find(|(name, _)| *name == word).and_then(|(_, secs)| Offset::from_seconds(*secs).ok())
}

/// Finds a zone named in free text: "All times in UTC", "Timeline (PST)", "Time (BST)".
/// `UTC±HH[:MM]` is read too. Returns the first zone found.
pub fn find_zone_in_text(text: &str) -> Option<Offset> {
    let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == ':'));
    for raw in words {
        let word = raw.trim_matches(|c: char| c == '-' || c == ':');
        if word.len() < 2 || word == "Z" {
            continue;
        }
        if let Some(rest) = word.strip_prefix("UTC").or_else(|| word.strip_prefix("GMT")) {
            if rest.is_empty() {
                return Some(Offset::UTC);
            }
            if let Some(offset) = parse_numeric_offset(rest) {
                return Some(offset);
            }
            continue;
        }
        if let Some(offset) = zone_abbreviation(word)
            && word != "ET"
            && word != "PT"
        {
            return Some(offset);
        }
    }
    None
}

/// Like [`find_zone_in_text`], and reads zone names too: "Pacific" (or `PT`), "Eastern"
/// (`ET`), "Central", "Mountain" follow their region's daylight saving time.
pub fn find_zone_rule_in_text(text: &str) -> Option<TimeZone> {
    const NAMED: &[(&str, &str)] = &[
        ("pacific", "America/Los_Angeles"),
        ("eastern", "America/New_York"),
        ("central", "America/Chicago"),
        ("mountain", "America/Denver"),
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    for (word, name) in NAMED {
        let named = words
            .windows(2)
            .any(|w| w[0] == *word && matches!(w[1], "time" | "timezone" | "standard" | "daylight" | ""))
            || words.last() == Some(word)
            || text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == "PT" && *word == "pacific" || w == "ET" && *word == "eastern");
        if named && let Ok(zone) = TimeZone::get(name) {
            return Some(zone);
        }
    }
    find_zone_in_text(text).map(TimeZone::fixed)
}

fn parse_numeric_offset(text: &str) -> Option<Offset> {
    // Only ASCII is sliced by byte offset: `+`/`-` is one byte, and `rest` must be ASCII
    // before it is cut in two.
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, text.get(1..)?),
        b'-' => (-1, text.get(1..)?),
        _ => return None,
    };
    if !rest.is_ascii() {
        return None;
    }
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if rest.len() <= 2 => (rest.parse::<i32>().ok()?, 0),
        None if rest.len() == 4 => (rest[..2].parse::<i32>().ok()?, rest[2..].parse::<i32>().ok()?),
        None => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// What the start of a timeline entry says about when it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeLabel {
    /// A calendar date, when written (`2025-03-14`, `March 14, 2025`, `14 Mar`).
    pub date: Option<LabelDate>,
    /// A time of day, when written.
    pub time: Option<Time>,
    /// A zone written right after the time (`09:12 UTC`).
    pub offset: Option<Offset>,
    /// A region's zone written right after the time (`2:15 PM ET`, `09:00 Pacific`): an
    /// IANA name, so daylight saving time is followed.
    pub named_zone: Option<&'static str>,
    /// A 24-hour time with a contradicting `AM`/`PM` (`13:55 PM`, `23:00 AM`): read as
    /// the 24-hour time, worth a warning.
    pub odd_meridiem: bool,
    /// A placeholder where the time should be (`2022-06-02 HH:mm`, `??:??`).
    pub placeholder_time: bool,
    /// Bytes of the input the label took, including separators after it.
    pub consumed: usize,
}

/// A date in a label: full, or a month and day whose year comes from context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelDate {
    /// Year, month and day.
    Full(Date),
    /// Month and day only.
    MonthDay(i8, i8),
}

const MONTHS: &[&str] = &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The month (1–12) a word names: `Mar`, `March`, `Sept.`.
pub fn month_from_word(word: &str) -> Option<i8> {
    let lower = word.to_ascii_lowercase();
    let lower = lower.trim_end_matches('.');
    if lower.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    for (i, abbr) in MONTHS.iter().enumerate() {
        if lower == *abbr || lower == full[i] || (lower == "sept" && i == 8) {
            return Some(i as i8 + 1);
        }
    }
    None
}

const WEEKDAYS: &[&str] = &[
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "weds",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];

/// Whether `word` is a weekday name or abbreviation (`Fri`, `Thur`, `Tuesday`).
pub fn is_weekday(word: &str) -> bool {
    WEEKDAYS.contains(&word.to_ascii_lowercase().as_str())
}

/// A small cursor over the label text.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }
    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }
    fn digits(&mut self, min: usize, max: usize) -> Option<u32> {
        let rest = self.rest();
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n < min || n > max {
            return None;
        }
        let value = rest[..n].parse().ok()?;
        self.pos += n;
        Some(value)
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    fn word(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let n = rest.bytes().take_while(|b| b.is_ascii_alphabetic() || *b == b'.').count();
        if n == 0 {
            return None;
        }
        self.pos += n;
        Some(&rest[..n])
    }
}

/// Reads the date and/or time at the start of a timeline entry.
///
/// Returns `None` when the text does not start with a date or a time. Separators after the
/// label (`—`, `-`, `:`, `|`, `,`) count as consumed so `text[consumed..]` is the event.
/// Read: `09:12`, `9:12am`, `13:55 PM` (as 13:55), `0835 UTC`, `T08:35Z`, `10:05–10:40`,
/// `2025-03-14 09:12`, `February 15, 2024: 8:35pm UTC`, `7/6/23`, `Oct 29-30, 2025`,
/// `13:55 PM PST Saturday Oct 30th`, `22:30 UTC (Oct 29)`, `At 14:05 UTC`.
pub fn parse_time_label(text: &str) -> Option<TimeLabel> {
    let mut cur = Cursor { text, pos: 0 };
    cur.skip_spaces();
    let mut label = TimeLabel::default();
    // "~09:12", "approx. 09:12", "At 09:12": an approximate time is still a time.
    // "At around ~14:05": several prefixes may stack.
    for _ in 0..3 {
        let before = cur.pos;
        for prefix in ["[", "(", "~", "≈", "approx.", "approx", "ca.", "c.", "At ", "at ", "Around ", "around "] {
            if cur.eat(prefix) {
                cur.skip_spaces();
                break;
            }
        }
        if cur.pos == before {
            break;
        }
    }
    skip_weekday(&mut cur);

    // A date first?
    let start = cur.pos;
    if let Some(date) = parse_label_date(&mut cur) {
        label.date = Some(date);
        let after_date = cur.pos;
        // Date-time separator: `T`, space, comma, colon, dash, " at ".
        if !cur.eat("T") {
            cur.skip_spaces();
            for sep in [",", ":", "—", "–", "-", "@"] {
                if cur.eat(sep) {
                    break;
                }
            }
            cur.skip_spaces();
            if cur.rest().to_ascii_lowercase().starts_with("at ") {
                cur.pos += 3;
            }
        }
        match parse_label_time(&mut cur, &mut label) {
            Some((time, offset)) => {
                label.time = Some(time);
                label.offset = offset;
                if offset.is_none() {
                    label.named_zone = named_region(&mut cur);
                }
            }
            None => {
                cur.pos = after_date;
                label.placeholder_time = placeholder_after(cur.rest());
            }
        }
    } else {
        cur.pos = start;
        cur.eat("T");
        let (time, offset) = parse_label_time(&mut cur, &mut label)?;
        label.time = Some(time);
        label.offset = offset;
        if offset.is_none() {
            label.named_zone = named_region(&mut cur);
        }
        // A date after the time: `13:55 PM PST Saturday Oct 30th`, `22:30 UTC (Oct 29)`.
        let save = cur.pos;
        cur.skip_spaces();
        let paren = cur.eat("(");
        skip_weekday(&mut cur);
        match parse_label_date(&mut cur) {
            Some(date) if !paren || cur.eat(")") => label.date = Some(date),
            _ => cur.pos = save,
        }
    }
    // Skip a time range end (`14:20-2:00`, `09:12–09:40`, `10:05 - 10:40 UTC`).
    let save = cur.pos;
    cur.skip_spaces();
    if cur.eat("-") || cur.eat("–") || cur.eat("—") || cur.eat("to ") {
        cur.skip_spaces();
        let mut probe = Cursor { text, pos: cur.pos };
        let mut scratch = TimeLabel::default();
        if let Some((_, offset)) = parse_label_time(&mut probe, &mut scratch) {
            cur.pos = probe.pos;
            if label.offset.is_none() {
                label.offset = offset;
            }
        } else {
            cur.pos = save;
        }
    } else {
        cur.pos = save;
    }
    // Separators between label and event text.
    loop {
        let before = cur.pos;
        cur.skip_spaces();
        for sep in ["—", "–", "-", ":", "|", ",", "·", "•", "→", "=>", "->", "]", ")"] {
            if cur.eat(sep) {
                break;
            }
        }
        if cur.pos == before {
            break;
        }
    }
    label.consumed = cur.pos;
    Some(label)
}

/// Skips a leading weekday ("Fri, Jan 21 00:20" says nothing the date does not).
fn skip_weekday(cur: &mut Cursor<'_>) {
    let save = cur.pos;
    match cur.word() {
        Some(word) if is_weekday(word.trim_end_matches('.')) => {
            cur.eat(",");
            cur.skip_spaces();
        }
        _ => cur.pos = save,
    }
}

/// Whether the text after a date is a time placeholder: `HH:mm`, `??:??`, `XX:XX`, `TBD`.
fn placeholder_after(rest: &str) -> bool {
    let word: String = rest.trim_start().chars().take_while(|c| !c.is_whitespace() && *c != '|').collect();
    let upper = word.to_ascii_uppercase();
    upper == "TBD"
        || upper == "UNKNOWN"
        || (upper.contains(':') && upper.chars().all(|c| matches!(c, 'H' | 'M' | 'X' | '?' | ':' | '.')))
}

fn parse_label_date(cur: &mut Cursor<'_>) -> Option<LabelDate> {
    let start = cur.pos;
    // US-style: 7/6/23, 07/06/2023, 01-05-2024 (month first unless the first number is
    // over 12).
    if let Some(first) = cur.digits(1, 2) {
        let sep = if cur.eat("/") {
            Some("/")
        } else if cur.eat("-") {
            Some("-")
        } else {
            None
        };
        if let Some(sep) = sep
            && let Some(second) = cur.digits(1, 2)
            && cur.eat(sep)
            && let Some(year) = cur.digits(if sep == "-" { 4 } else { 2 }, 4)
            && !cur.rest().starts_with(|c: char| c.is_ascii_digit())
        {
            let year = if year < 100 { 2000 + year } else { year };
            let (month, day) = if first > 12 { (second, first) } else { (first, second) };
            if let Ok(date) = Date::new(year as i16, month as i8, day as i8) {
                return Some(LabelDate::Full(date));
            }
        }
        cur.pos = start;
    }
    // ISO: 2025-03-14 or 2025/03/14
    if let Some(year) = cur.digits(4, 4) {
        let sep = if cur.eat("-") {
            '-'
        } else if cur.eat("/") {
            '/'
        } else {
            cur.pos = start;
            return None;
        };
        let month = cur.digits(1, 2);
        let ok_sep = cur.eat(&sep.to_string());
        let day = cur.digits(1, 2);
        if let (Some(m), true, Some(d)) = (month, ok_sep, day)
            && let Ok(date) = Date::new(year as i16, m as i8, d as i8)
        {
            return Some(LabelDate::Full(date));
        }
        cur.pos = start;
        return None;
    }
    // Month-name first: "March 14, 2025", "Mar 14"
    if let Some(word) = cur.word() {
        if let Some(month) = month_from_word(word) {
            cur.skip_spaces();
            if let Some(day) = cur.digits(1, 2) {
                for suffix in ["st", "nd", "rd", "th"] {
                    if cur.eat(suffix) {
                        break;
                    }
                }
                // A range of days ("October 29-30, 2025") starts on its first day.
                let save = cur.pos;
                if !((cur.eat("-") || cur.eat("–")) && cur.digits(1, 2).is_some()) {
                    cur.pos = save;
                }
                let after_day = cur.pos;
                cur.eat(",");
                cur.skip_spaces();
                if let Some(year) = cur.digits(4, 4)
                    && let Ok(date) = Date::new(year as i16, month, day as i8)
                {
                    return Some(LabelDate::Full(date));
                }
                cur.pos = after_day;
                if (1..=31).contains(&day) {
                    return Some(LabelDate::MonthDay(month, day as i8));
                }
            }
        }
        cur.pos = start;
        return None;
    }
    // Day first: "14 March 2025", "14 Mar", "3rd of September 2023"
    if let Some(day) = cur.digits(1, 2) {
        for suffix in ["st", "nd", "rd", "th"] {
            if cur.eat(suffix) {
                break;
            }
        }
        cur.skip_spaces();
        if cur.eat("of ") {
            cur.skip_spaces();
        }
        if let Some(word) = cur.word()
            && let Some(month) = month_from_word(word)
        {
            let after_month = cur.pos;
            cur.eat(",");
            cur.skip_spaces();
            if let Some(year) = cur.digits(4, 4)
                && let Ok(date) = Date::new(year as i16, month, day as i8)
            {
                return Some(LabelDate::Full(date));
            }
            cur.pos = after_month;
            if (1..=31).contains(&day) {
                return Some(LabelDate::MonthDay(month, day as i8));
            }
        }
    }
    cur.pos = start;
    None
}

fn parse_label_time(cur: &mut Cursor<'_>, label: &mut TimeLabel) -> Option<(Time, Option<Offset>)> {
    let start = cur.pos;
    cur.skip_spaces();
    if let Some(found) = four_digit_time(cur) {
        return Some(found);
    }
    let Some(hour) = cur.digits(1, 2) else {
        cur.pos = start;
        return None;
    };
    if !(cur.eat(":") || cur.eat(".") && cur.rest().as_bytes().first().is_some_and(u8::is_ascii_digit)) {
        // "9am" / "9 pm"
        let save = cur.pos;
        cur.skip_spaces();
        if let Some(h) = meridiem(cur).and_then(|pm| to_24h(hour, pm)) {
            let time = Time::new(h as i8, 0, 0, 0).ok()?;
            let offset = trailing_zone(cur);
            return Some((time, offset));
        }
        cur.pos = save;
        cur.pos = start;
        return None;
    }
    let Some(minute) = cur.digits(2, 2) else {
        cur.pos = start;
        return None;
    };
    let mut second = 0;
    let save = cur.pos;
    if cur.eat(":") {
        match cur.digits(2, 2) {
            Some(s) => {
                second = s;
                // fractional seconds
                if cur.eat(".") {
                    cur.digits(1, 9);
                }
            }
            None => cur.pos = save,
        }
    }
    let save = cur.pos;
    cur.skip_spaces();
    let hour = match meridiem(cur) {
        Some(pm) => match to_24h(hour, pm) {
            Some(h) => h,
            // "13:55 PM", "23:00 AM", "00:30 AM": a 24-hour time with a stray meridiem.
            None if hour <= 23 => {
                label.odd_meridiem = hour > 12 || (hour == 0 && pm);
                hour
            }
            None => {
                cur.pos = start;
                return None;
            }
        },
        None => {
            cur.pos = save;
            hour
        }
    };
    if hour > 23 || minute > 59 || second > 60 {
        cur.pos = start;
        return None;
    }
    let time = Time::new(hour as i8, minute as i8, second.min(59) as i8, 0).ok()?;
    let offset = trailing_zone(cur);
    Some((time, offset))
}

/// A region named right after a time: `ET`, `PT`, `CT`, `MT`, `Pacific`, `Eastern time`…
/// Returns its IANA zone name (daylight saving time is followed).
fn named_region(cur: &mut Cursor<'_>) -> Option<&'static str> {
    let save = cur.pos;
    cur.skip_spaces();
    let paren = cur.eat("(");
    let Some(word) = cur.word() else {
        cur.pos = save;
        return None;
    };
    let name = match word.trim_end_matches('.').to_ascii_lowercase().as_str() {
        "pt" | "pacific" => "America/Los_Angeles",
        "et" | "eastern" => "America/New_York",
        "ct" | "central" => "America/Chicago",
        "mt" | "mountain" => "America/Denver",
        _ => {
            cur.pos = save;
            return None;
        }
    };
    if word.len() == 2 && word != word.to_ascii_uppercase() {
        cur.pos = save;
        return None;
    }
    let after = cur.pos;
    cur.skip_spaces();
    if !cur.eat("time") && !cur.eat("Time") {
        cur.pos = after;
    }
    if paren {
        cur.eat(")");
    }
    Some(name)
}

/// `0835 UTC`, `2215Z`, `0835 -`: four digits as a 24-hour time, only when a zone or a
/// separator follows (so years and counts are not read as times).
fn four_digit_time(cur: &mut Cursor<'_>) -> Option<(Time, Option<Offset>)> {
    let start = cur.pos;
    let rest = cur.rest();
    let bytes = rest.as_bytes();
    if bytes.len() < 4 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes.get(4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let after = &rest[4..];
    if after.starts_with(['-', '/', '.', ':', ',']) && after[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let hour: i8 = rest[..2].parse().ok()?;
    let minute: i8 = rest[2..4].parse().ok()?;
    if hour > 23 || minute > 59 {
        return None;
    }
    cur.pos += 4;
    let offset = trailing_zone(cur);
    let save = cur.pos;
    cur.skip_spaces();
    let followed = offset.is_some()
        || cur.eat("hrs")
        || cur.eat("h ")
        || ["—", "–", "- ", ": ", "|"].iter().any(|sep| cur.rest().starts_with(sep));
    cur.pos = save;
    if !followed {
        cur.pos = start;
        return None;
    }
    Some((Time::new(hour, minute, 0, 0).ok()?, offset))
}

fn meridiem(cur: &mut Cursor<'_>) -> Option<bool> {
    let rest = cur.rest().to_ascii_lowercase();
    for (word, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if let Some(after) = rest.strip_prefix(word)
            && !after.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            cur.pos += word.len();
            return Some(pm);
        }
    }
    None
}

fn to_24h(hour: u32, pm: bool) -> Option<u32> {
    if !(1..=12).contains(&hour) {
        return None;
    }
    Some(match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, false) => h,
        (h, true) => h + 12,
    })
}

fn trailing_zone(cur: &mut Cursor<'_>) -> Option<Offset> {
    let save = cur.pos;
    cur.skip_spaces();
    let paren = cur.eat("(");
    if cur.eat("Z") && !cur.rest().starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Some(Offset::UTC);
    }
    let rest = cur.rest();
    let n = rest.bytes().take_while(|b| b.is_ascii_uppercase()).count();
    if (2..=5).contains(&n) && !rest[n..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
        let word = &rest[..n];
        let numeric_len =
            rest[n..].bytes().take_while(|b| b.is_ascii_digit() || *b == b'+' || *b == b'-' || *b == b':').count();
        if (word == "UTC" || word == "GMT")
            && numeric_len > 0
            && let Some(offset) = parse_numeric_offset(&rest[n..n + numeric_len])
        {
            cur.pos += n + numeric_len;
            if paren {
                cur.eat(")");
            }
            return Some(offset);
        }
        if let Some(offset) = zone_abbreviation(word)
            && word != "ET"
            && word != "PT"
        {
            cur.pos += n;
            if paren {
                cur.eat(")");
            }
            return Some(offset);
        }
    }
    // RFC 3339 style numeric offset right after the time: +02:00
    if !paren {
        let rest = cur.rest();
        // `get`, not `[..6]`: the sixth byte may fall inside a multi-byte character
        // (`09:12+01:0é`).
        if rest.starts_with(['+', '-'])
            && rest.as_bytes().get(3) == Some(&b':')
            && let Some(numeric) = rest.get(..6)
            && let Some(offset) = parse_numeric_offset(numeric)
        {
            cur.pos += 6;
            return Some(offset);
        }
    }
    cur.pos = save;
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i8, m: i8) -> Time {
        Time::new(h, m, 0, 0).unwrap()
    }

    #[test]
    fn rfc3339_keeps_offset() {
        let w = parse_when("2025-03-14T09:12:00+02:00", &TimeZone::UTC).unwrap();
        assert_eq!(w.instant.to_string(), "2025-03-14T07:12:00Z");
        assert_eq!(w.offset.seconds(), 7200);
        assert_eq!(w.civil().to_string(), "2025-03-14T09:12:00");
        assert!(!w.date_only);
    }

    #[test]
    fn plain_date_is_midnight_in_site_zone() {
        let zone = TimeZone::get("America/New_York").unwrap();
        let w = parse_when("2025-03-14", &zone).unwrap();
        assert!(w.date_only);
        assert_eq!(w.instant.to_string(), "2025-03-14T04:00:00Z");
    }

    #[test]
    fn impossible_dates_are_explained() {
        let err = parse_when("2025-02-30", &TimeZone::UTC).unwrap_err();
        assert!(err.contains("not a real date"), "{err}");
        let err = parse_when("2025-13-01T00:00:00Z", &TimeZone::UTC).unwrap_err();
        assert!(err.contains("2025-13-01"), "{err}");
        assert!(parse_when("yesterday", &TimeZone::UTC).is_err());
    }

    #[test]
    fn labels_of_every_shape() {
        let l = parse_time_label("09:12 — cert expired").unwrap();
        assert_eq!((l.time, l.date, &"09:12 — cert expired"[l.consumed..]), (Some(t(9, 12)), None, "cert expired"));
        let l = parse_time_label("1:38 pm").unwrap();
        assert_eq!(l.time, Some(t(13, 38)));
        let text = "2025-03-14 09:12 UTC text";
        let l = parse_time_label(text).unwrap();
        assert_eq!(l.date, Some(LabelDate::Full(Date::new(2025, 3, 14).unwrap())));
        assert_eq!(l.offset, Some(Offset::UTC));
        assert_eq!(&text[l.consumed..], "text");
        let l = parse_time_label("July 14, 2025, 11:20 am").unwrap();
        assert_eq!(l.date, Some(LabelDate::Full(Date::new(2025, 7, 14).unwrap())));
        assert_eq!(l.time, Some(t(11, 20)));
        let text = "12:48 (6:48 PDT): The last block";
        let l = parse_time_label(text).unwrap();
        assert_eq!(l.time, Some(t(12, 48)));
        assert_eq!(&text[l.consumed..], "(6:48 PDT): The last block");
        let text = "14:20-2:00 Through the next two hours";
        let l = parse_time_label(text).unwrap();
        assert_eq!(&text[l.consumed..], "Through the next two hours");
        let l = parse_time_label("2022-06-02 HH:mm").unwrap();
        assert_eq!((l.date.is_some(), l.time), (true, None));
        let l = parse_time_label("6:48AM PDT").unwrap();
        assert_eq!((l.time, l.offset.map(|o| o.seconds())), (Some(t(6, 48)), Some(-25200)));
        let l = parse_time_label("2025-03-14T09:12:00+02:00 x").unwrap();
        assert_eq!(l.offset.map(|o| o.seconds()), Some(7200));
        let l = parse_time_label("14 Mar 10:00").unwrap();
        assert_eq!((l.date, l.time), (Some(LabelDate::MonthDay(3, 14)), Some(t(10, 0))));
    }

    #[test]
    fn non_labels() {
        for text in ["HH:mm", "The deploy started", "2021/22-??-?? HH:mm", "25:00", "v3.5 rollout", "Mayday"] {
            let label = parse_time_label(text);
            assert!(label.is_none() || (label.unwrap().time.is_none() && label.unwrap().date.is_none()), "{text}");
        }
    }

    #[test]
    fn regions_follow_daylight_saving_and_ordinal_dates_read() {
        let l = parse_time_label("2:15 PM ET - deploy").unwrap();
        assert_eq!((l.time, l.offset, l.named_zone), (Some(t(14, 15)), None, Some("America/New_York")));
        let l = parse_time_label("09:00 Pacific time: alert").unwrap();
        assert_eq!(l.named_zone, Some("America/Los_Angeles"));
        let l = parse_time_label("At around 14:05 UTC we paged").unwrap();
        assert_eq!((l.time, l.offset), (Some(t(14, 5)), Some(Offset::UTC)));
        let l = parse_time_label("[14:05] paged").unwrap();
        assert_eq!(&"[14:05] paged"[l.consumed..], "paged");
        let l = parse_time_label("3rd of September 2023, 14:00 text").unwrap();
        assert_eq!((l.date, l.time), (Some(LabelDate::Full(Date::new(2023, 9, 3).unwrap())), Some(t(14, 0))));
        let l = parse_time_label("13:55 PM PST Saturday Oct 30th: alarms").unwrap();
        assert_eq!((l.time, l.odd_meridiem, l.date), (Some(t(13, 55)), true, Some(LabelDate::MonthDay(10, 30))));
        let l = parse_time_label("February 15, 2024: 8:35pm UTC").unwrap();
        assert_eq!((l.time, l.offset), (Some(t(20, 35)), Some(Offset::UTC)));
        let l = parse_time_label("0835 UTC - build").unwrap();
        assert_eq!(l.time, Some(t(8, 35)));
        assert!(parse_time_label("2024 was a long year").is_none_or(|l| l.time.is_none()));
        let l = parse_time_label("7/6/23").unwrap();
        assert_eq!(l.date, Some(LabelDate::Full(Date::new(2023, 7, 6).unwrap())));
        let l = parse_time_label("October 29-30, 2025 - CPU-bound latency").unwrap();
        assert_eq!(l.date, Some(LabelDate::Full(Date::new(2025, 10, 29).unwrap())));
    }

    #[test]
    fn multi_byte_characters_after_a_time_are_not_cut() {
        // Found by hand (issue 11): the sixth byte of the would-be offset is inside `é`.
        let text = "09:12+01:0é it broke";
        let l = parse_time_label(text).unwrap();
        assert_eq!((l.time, l.offset), (Some(t(9, 12)), None));
        assert_eq!(&text[l.consumed..], "+01:0é it broke");
        // Found by random input: `—` straddles the sixth byte.
        let text = "09:12-é:—";
        let l = parse_time_label(text).unwrap();
        assert_eq!((l.time, l.offset), (Some(t(9, 12)), None));
        assert_eq!(&text[l.consumed..], "é:—");
        assert_eq!(parse_numeric_offset("+a€"), None);
        assert_eq!(parse_numeric_offset("+0530").map(|o| o.seconds()), Some(19800));
    }

    #[test]
    fn zones_in_text() {
        assert_eq!(find_zone_in_text("All times in UTC.").map(|o| o.seconds()), Some(0));
        assert_eq!(find_zone_in_text("Timeline (all times PST)").map(|o| o.seconds()), Some(-28800));
        assert_eq!(find_zone_in_text("Time (BST)").map(|o| o.seconds()), Some(3600));
        assert_eq!(find_zone_in_text("times are UTC+05:30").map(|o| o.seconds()), Some(19800));
        assert_eq!(find_zone_in_text("Timeline"), None);
        assert_eq!(find_zone_in_text("What IT did"), None);
    }
}
