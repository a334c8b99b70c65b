//! The time scale and calendar-aware axis ticks.
//!
//! A [`TimeScale`] maps unix seconds linearly onto `0..width` pixels. [`axis_ticks`] picks
//! the smallest step of [`LADDER`] whose shortest real span (a 23-hour DST day, a 28-day
//! February) is wider than its widest label, then walks the calendar of the site's zone:
//! sub-day ticks at local clock times (a time skipped by DST is skipped), day ticks at
//! local midnight, week ticks on Mondays, month ticks on the 1st, year ticks on 1 January.
//! A final pass drops any tick whose label would touch the previous one or run past the
//! right edge, so labels never overlap whatever the zone.

use crate::text::{month_name, text_width, weekday_name};
use crate::zone::{Date, DateTime, Zone};

/// Horizontal distance from a tick line to the start of its label, in pixels.
pub const TICK_LABEL_OFFSET: f64 = 3.0;
/// Minimum free space between two tick labels, in pixels.
pub const TICK_LABEL_GAP: f64 = 6.0;

/// Linear mapping from unix seconds to pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeScale {
    /// Unix seconds at `x = 0`.
    pub from: i64,
    /// Unix seconds at `x = width`.
    pub to: i64,
    /// Width in pixels.
    pub width: f64,
}

impl TimeScale {
    /// A scale; an empty or reversed range becomes one second wide, a non-finite or
    /// negative width becomes 0.
    pub fn new(from: i64, to: i64, width: f64) -> Self {
        let width = if width.is_finite() && width > 0.0 { width } else { 0.0 };
        let to = if to > from { to } else { from.saturating_add(1) };
        TimeScale { from, to, width }
    }

    /// Pixels per second.
    pub fn px_per_second(&self) -> f64 {
        self.width / (self.to as f64 - self.from as f64)
    }

    /// The x of unix second `t` (not clamped).
    pub fn x(&self, t: i64) -> f64 {
        (t as f64 - self.from as f64) * self.px_per_second()
    }
}

/// One rung of the tick ladder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TickStep {
    /// Every n minutes of local clock time (1, 5, 15, 30).
    Minutes(u8),
    /// Every n hours of local clock time (1, 3, 6, 12), aligned on local midnight.
    Hours(u8),
    /// Every local day (1) or odd days of the month (2: 1, 3, … 29).
    Days(u8),
    /// Every Monday.
    Week,
    /// Every n months (1, 3, 6), on the 1st, aligned on January.
    Months(u8),
    /// Every n years (1, 2, 5, 10), on 1 January, aligned on multiples of n.
    Years(u16),
}

/// The ladder of steps, finest first.
pub const LADDER: [TickStep; 18] = [
    TickStep::Minutes(1),
    TickStep::Minutes(5),
    TickStep::Minutes(15),
    TickStep::Minutes(30),
    TickStep::Hours(1),
    TickStep::Hours(3),
    TickStep::Hours(6),
    TickStep::Hours(12),
    TickStep::Days(1),
    TickStep::Days(2),
    TickStep::Week,
    TickStep::Months(1),
    TickStep::Months(3),
    TickStep::Months(6),
    TickStep::Years(1),
    TickStep::Years(2),
    TickStep::Years(5),
    TickStep::Years(10),
];

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

impl TickStep {
    /// The shortest real time between two consecutive ticks of this step (DST days are
    /// 23 h, the shortest month 28 days).
    pub fn min_seconds(self) -> i64 {
        match self {
            TickStep::Minutes(n) => i64::from(n) * 60,
            TickStep::Hours(n) => i64::from(n) * HOUR,
            TickStep::Days(n) => i64::from(n) * DAY - HOUR,
            TickStep::Week => 7 * DAY - HOUR,
            TickStep::Months(n) => (i64::from(n) * 30 - 2) * DAY - HOUR,
            TickStep::Years(n) => i64::from(n) * 365 * DAY - HOUR,
        }
    }

    /// The widest label this step can produce, in characters (`Mon 14` at a midnight of
    /// an hourly axis, `Mar 2025` on the 1st of a daily axis).
    pub fn max_label_chars(self) -> usize {
        match self {
            TickStep::Minutes(_) | TickStep::Hours(_) => 6,
            TickStep::Days(_) => 8,
            TickStep::Week => 6,
            TickStep::Months(_) => 8,
            TickStep::Years(_) => 5,
        }
    }

    /// Whether labels of this step show clock times (minutes or hours).
    pub fn is_sub_day(self) -> bool {
        matches!(self, TickStep::Minutes(_) | TickStep::Hours(_))
    }
}

/// One axis tick.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// x of the tick line, within `0..=width`.
    pub x: f64,
    /// Unix seconds of the tick.
    pub at: i64,
    /// The label (`14:30`, `Mon 14`, `Mar 2025`, `2025`).
    pub label: String,
    /// A tick at the next unit up (an hour of a minute axis, a midnight of an hourly
    /// axis, the 1st of a daily axis, a January of a monthly axis, a decade of a yearly one).
    pub major: bool,
    /// x where the label starts (left aligned).
    pub label_x: f64,
    /// Estimated label width in pixels.
    pub label_w: f64,
}

/// Picks the finest step whose labels cannot overlap on this scale (the coarsest if
/// none fits).
pub fn choose_step(scale: &TimeScale, char_px: f64) -> TickStep {
    let pps = scale.px_per_second();
    for step in LADDER {
        let need = step.max_label_chars() as f64 * char_px + TICK_LABEL_GAP;
        if step.min_seconds() as f64 * pps >= need {
            return step;
        }
    }
    TickStep::Years(10)
}

/// The ticks of `scale` in zone `tz`, with the chosen step.
pub fn axis_ticks(scale: &TimeScale, tz: &Zone, char_px: f64) -> (TickStep, Vec<Tick>) {
    let step = choose_step(scale, char_px);
    if scale.width <= 0.0 {
        return (step, Vec::new());
    }
    let mut out: Vec<Tick> = Vec::new();
    let mut last_end = f64::NEG_INFINITY;
    for (at, label, major) in candidates(step, scale.from, scale.to, tz) {
        let x = scale.x(at);
        if !(0.0..=scale.width).contains(&x) {
            continue;
        }
        let label_x = x + TICK_LABEL_OFFSET;
        let label_w = text_width(&label, char_px);
        if label_x < last_end + TICK_LABEL_GAP || label_x + label_w > scale.width {
            continue;
        }
        last_end = label_x + label_w;
        out.push(Tick { x, at, label, major, label_x, label_w });
    }
    (step, out)
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.add_days(n)
}

/// The instant of local civil time `dt`, or `None` when DST skips it. In a fold the
/// earlier instant is used.
fn local_instant(tz: &Zone, dt: DateTime) -> Option<i64> {
    tz.local_instant(dt)
}

/// Start of a local day (if DST skips midnight, the first instant after the gap).
fn day_start(tz: &Zone, d: Date) -> Option<i64> {
    Some(tz.day_start(d))
}

fn day_label(d: Date) -> String {
    format!("{} {}", weekday_name(d.weekday_monday_zero()), d.day())
}

fn month_label(d: Date) -> String {
    format!("{} {}", month_name(d.month()), d.year())
}

/// Candidate ticks `(at, label, major)` in increasing order within `[from, to]`.
fn candidates(step: TickStep, from: i64, to: i64, tz: &Zone) -> Vec<(i64, String, bool)> {
    let mut out: Vec<(i64, String, bool)> = Vec::new();
    let start = tz.to_datetime(from);
    let first_day = add_days(start.date, -1).unwrap_or(start.date);
    // Appends a candidate inside [from, to]; false once past `to` (stop generating).
    let push = |at: i64, label: String, major: bool, out: &mut Vec<(i64, String, bool)>| -> bool {
        if at > to {
            return false;
        }
        if at >= from && out.last().is_none_or(|l| l.0 < at) {
            out.push((at, label, major));
        }
        true
    };
    match step {
        TickStep::Minutes(_) | TickStep::Hours(_) => {
            let step_min = match step {
                TickStep::Minutes(n) => i64::from(n),
                TickStep::Hours(n) => i64::from(n) * 60,
                _ => 60,
            };
            // Start on `from`'s local day, near its clock time rather than at midnight.
            let mut day = start.date;
            let m = i64::from(start.hour) * 60 + i64::from(start.minute);
            let mut k = (m / step_min - 1).max(0);
            'days: loop {
                while k * step_min < 1440 {
                    let mins = k * step_min;
                    let (h, m) = ((mins / 60) as i8, (mins % 60) as i8);
                    k += 1;
                    let Some(at) = local_instant(tz, day.at(h, m)) else { continue };
                    let midnight = h == 0 && m == 0;
                    let label = if midnight { day_label(day) } else { format!("{h:02}:{m:02}") };
                    let major = match step {
                        TickStep::Minutes(_) => m == 0,
                        _ => midnight,
                    };
                    if !push(at, label, major, &mut out) {
                        break 'days;
                    }
                }
                k = 0;
                match add_days(day, 1) {
                    Some(d) => day = d,
                    None => break,
                }
            }
        }
        TickStep::Days(n) => {
            let mut day = first_day;
            loop {
                let keep = n == 1 || (day.day() % 2 == 1 && day.day() != 31);
                if keep && let Some(at) = day_start(tz, day) {
                    let major = day.day() == 1;
                    let label = if major { month_label(day) } else { day_label(day) };
                    if !push(at, label, major, &mut out) {
                        break;
                    }
                }
                match add_days(day, 1) {
                    Some(d) => day = d,
                    None => break,
                }
            }
        }
        TickStep::Week => {
            let back = i64::from(first_day.weekday_monday_zero());
            let mut day = add_days(first_day, -back).unwrap_or(first_day);
            loop {
                if let Some(at) = day_start(tz, day) {
                    let label = format!("{} {}", month_name(day.month()), day.day());
                    if !push(at, label, day.day() <= 7, &mut out) {
                        break;
                    }
                }
                match add_days(day, 7) {
                    Some(d) => day = d,
                    None => break,
                }
            }
        }
        TickStep::Months(n) => {
            let n = i32::from(n);
            let mut y = first_day.year();
            let mut m = (i32::from(first_day.month()) - 1) / n * n + 1;
            while let Some(d) = Date::new(y, m as i8, 1) {
                if let Some(at) = day_start(tz, d)
                    && !push(at, month_label(d), m == 1, &mut out)
                {
                    break;
                }
                m += n;
                if m > 12 {
                    m -= 12;
                    y += 1;
                }
            }
        }
        TickStep::Years(n) => {
            let n = i32::from(n);
            let mut y = first_day.year().div_euclid(n) * n;
            let major_every = if n >= 5 { 50 } else { 10 };
            while let Some(d) = Date::new(y, 1, 1) {
                if let Some(at) = day_start(tz, d)
                    && !push(at, format!("{y}"), y.rem_euclid(major_every) == 0, &mut out)
                {
                    break;
                }
                y += n;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladder_is_increasing() {
        for w in LADDER.windows(2) {
            assert!(w[0].min_seconds() < w[1].min_seconds(), "{:?} {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn utc_hour_ticks() {
        // 2025-03-14 09:00Z .. 15:00Z over 600 px: 6 h, so 1-hour ticks.
        let from = 1_741_942_800;
        let scale = TimeScale::new(from, from + 6 * 3600, 600.0);
        let (step, ticks) = axis_ticks(&scale, &Zone::utc(), 7.0);
        assert_eq!(step, TickStep::Minutes(30));
        assert_eq!(ticks[0].label, "09:00");
        assert!(ticks[0].major);
        assert_eq!(ticks[1].label, "09:30");
        assert!(!ticks[1].major);
    }

    #[test]
    fn midnight_is_major_with_day_label() {
        let from = 1_741_910_400 - 6 * 3600; // 2025-03-13 18:00Z
        let scale = TimeScale::new(from, from + 24 * 3600, 400.0);
        let (step, ticks) = axis_ticks(&scale, &Zone::utc(), 7.0);
        assert_eq!(step, TickStep::Hours(3));
        let midnight = ticks.iter().find(|t| t.major).expect("a midnight");
        assert_eq!(midnight.label, "Fri 14");
        assert_eq!(midnight.at, 1_741_910_400);
    }
}
