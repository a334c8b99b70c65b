//! Text helpers shared by layout and the SVG writer: label width estimates, fixed float
//! formatting (deterministic bytes), XML escaping, durations and time formatting.

use crate::zone::Zone;

/// English weekday abbreviations, Monday first.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// English month abbreviations, January first.
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Estimated rendered width of `text` in pixels: `char_px` per character.
///
/// Layout has no font metrics (it runs in wasm without a DOM), so every width is this
/// estimate; the site's CSS uses a font size for which `char_px` is an upper bound on the
/// average advance (the default 7 px suits 12 px sans-serif).
pub fn text_width(text: &str, char_px: f64) -> f64 {
    text.chars().count() as f64 * char_px
}

/// Formats a coordinate with at most two decimals, no trailing zeros and no `-0`, so the
/// same layout always gives the same bytes.
pub fn num(v: f64) -> String {
    // Integer arithmetic rather than `{:.2}`: the same bytes, without linking the float
    // formatter into the WASM bundle. Coordinates stay far below 2^53 / 100.
    if !v.is_finite() {
        return "0".to_owned();
    }
    let cents = (v * 100.0).round();
    if cents == 0.0 || cents.abs() >= 9.0e15 {
        return "0".to_owned();
    }
    let c = cents as i64;
    let (sign, c) = if c < 0 { ("-", -c) } else { ("", c) };
    let (whole, frac) = (c / 100, c % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// Escapes text for XML (and SVG) element content and attribute values: the one XML
/// escaper of debrief (feeds, sitemap, charts and timelines). `'` becomes `&#39;`, valid in
/// XML and in HTML alike, since SVG is inlined into pages; characters XML 1.0 forbids are
/// dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A short human duration: `45s`, `7m`, `1h 28m`, `3d 4h`.
pub fn format_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    if s < 60 {
        return format!("{s}s");
    }
    let m = s / 60;
    if m < 60 {
        return format!("{m}m");
    }
    let (h, m) = (m / 60, m % 60);
    if h < 24 {
        return if m == 0 { format!("{h}h") } else { format!("{h}h {m}m") };
    }
    let (d, h) = (h / 24, h % 24);
    if h == 0 { format!("{d}d") } else { format!("{d}d {h}h") }
}

/// `2025-03-14 10:12 CET`: a full date and time in the site's zone, for tables and tooltips.
pub fn format_datetime(seconds: i64, tz: &Zone) -> String {
    let dt = tz.to_datetime(seconds);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {}",
        dt.date.year(),
        dt.date.month(),
        dt.date.day(),
        dt.hour,
        dt.minute,
        tz.abbreviation(crate::zone::clamp_second(seconds))
    )
}

/// `Mon`, `Tue`, … for a Monday-zero offset.
pub(crate) fn weekday_name(monday_zero: i8) -> &'static str {
    WEEKDAYS[monday_zero.clamp(0, 6) as usize]
}

/// `Jan`, `Feb`, … for a month number 1–12.
pub(crate) fn month_name(month: i8) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.234_56), "1.23");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(42), "42s");
        assert_eq!(format_duration(7 * 60), "7m");
        assert_eq!(format_duration(88 * 60), "1h 28m");
        assert_eq!(format_duration(2 * 3600), "2h");
        assert_eq!(format_duration(3 * 86_400 + 4 * 3600 + 59), "3d 4h");
    }

    #[test]
    fn escaping() {
        assert_eq!(xml_escape("a<b & \"c\"'\u{1}\r\n\t"), "a&lt;b &amp; &quot;c&quot;&#39;\r\n\t");
    }
}
