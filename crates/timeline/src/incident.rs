//! The per-incident timeline: the Timeline section's events on a time axis, the
//! started / detected / mitigated / resolved markers, and the phases between them.
//!
//! The spec names four phases (impact before detection, investigation, mitigation,
//! recovery) but a postmortem records only three instants after the start, so there
//! are three intervals: `started → detected` is [`PhaseKind::BeforeDetection`],
//! `detected → mitigated` is [`PhaseKind::Investigation`] ("investigation and
//! mitigation": no field says when mitigation began), `mitigated → resolved` is
//! [`PhaseKind::Recovery`]. A missing instant merges its neighbours; an unresolved
//! incident's last phase runs to the caller's `now` and is flagged `ongoing`.
//! Instants that go backwards are clamped forward (the content crate rejects them; the
//! layout must still not panic).
//!
//! Time to detect / mitigate / resolve are measured from `started` and shown with their
//! marker (`Detected · TTD 7m`). Marker labels and event labels are staggered into rows
//! so that no two labels overlap; an event label that finds no row within
//! `max_event_rows` is omitted (its text stays in the `<title>` tooltip and the table).

use crate::zone::Zone;

use crate::global::PlacedLabel;
use crate::text::{format_datetime, format_duration, text_width};
use crate::ticks::{Tick, TickStep, TimeScale, axis_ticks};

/// One event of the Timeline section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// When, unix seconds.
    pub at: i64,
    /// A short label for the chart (the site passes the event's first words); empty =
    /// use `text`. Truncated to `max_label_chars` with an ellipsis.
    pub label: String,
    /// The full text (tooltip and table).
    pub text: String,
}

/// The instants and events of one incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    /// When impact began.
    pub started: i64,
    /// When it was detected.
    pub detected: Option<i64>,
    /// When it was mitigated.
    pub mitigated: Option<i64>,
    /// When it was resolved; `None` = ongoing.
    pub resolved: Option<i64>,
    /// The Timeline section's events (any order).
    pub events: Vec<Event>,
}

/// Layout constants and the caller's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IncidentOptions {
    /// "Now", where an ongoing incident's last phase ends.
    pub now: i64,
    /// Drawing width in pixels.
    pub width_px: f64,
    /// Estimated width of one label character.
    pub char_px: f64,
    /// Event labels longer than this are cut with `…`.
    pub max_label_chars: usize,
    /// Rows available to event labels; a label that fits in none is omitted.
    pub max_event_rows: usize,
    /// Rows available to marker labels.
    pub max_marker_rows: usize,
    /// Height of one label row.
    pub row_height: f64,
}

impl IncidentOptions {
    /// Defaults for 12 px labels.
    pub fn new(now: i64, width_px: f64) -> Self {
        IncidentOptions {
            now,
            width_px,
            char_px: 7.0,
            max_label_chars: 32,
            max_event_rows: 6,
            max_marker_rows: 4,
            row_height: 16.0,
        }
    }
}

/// A shaded interval between two markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhaseKind {
    /// `started → detected`: impact nobody knew about yet.
    BeforeDetection,
    /// `detected → mitigated` (or any interval not covered by the other two).
    Investigation,
    /// `mitigated → resolved`.
    Recovery,
}

impl PhaseKind {
    /// The phase's name in labels and tables.
    pub fn name(self) -> &'static str {
        match self {
            PhaseKind::BeforeDetection => "Impact before detection",
            PhaseKind::Investigation => "Investigation and mitigation",
            PhaseKind::Recovery => "Recovery",
        }
    }

    /// A shorter name for narrow phases.
    pub fn short_name(self) -> &'static str {
        match self {
            PhaseKind::BeforeDetection => "Undetected",
            PhaseKind::Investigation => "Investigating",
            PhaseKind::Recovery => "Recovery",
        }
    }

    /// The CSS class (`phase-before-detection`, …).
    pub fn class(self) -> &'static str {
        match self {
            PhaseKind::BeforeDetection => "phase-before-detection",
            PhaseKind::Investigation => "phase-investigation",
            PhaseKind::Recovery => "phase-recovery",
        }
    }
}

/// A phase placed on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    /// Which phase.
    pub kind: PhaseKind,
    /// Start, unix seconds.
    pub start: i64,
    /// End, unix seconds (`now` when ongoing).
    pub end: i64,
    /// Runs to `now` because the incident is not resolved.
    pub ongoing: bool,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
    /// The name inside the band, when it fits.
    pub label: Option<PlacedLabel>,
}

/// The instant a marker stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// Impact began.
    Started,
    /// Detected.
    Detected,
    /// Mitigated.
    Mitigated,
    /// Resolved.
    Resolved,
    /// "Now" on an ongoing incident.
    Now,
}

impl MarkerKind {
    /// `Started`, `Detected`, …
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Started => "Started",
            MarkerKind::Detected => "Detected",
            MarkerKind::Mitigated => "Mitigated",
            MarkerKind::Resolved => "Resolved",
            MarkerKind::Now => "Now (ongoing)",
        }
    }

    /// The CSS class (`marker-detected`, …).
    pub fn class(self) -> &'static str {
        match self {
            MarkerKind::Started => "marker-started",
            MarkerKind::Detected => "marker-detected",
            MarkerKind::Mitigated => "marker-mitigated",
            MarkerKind::Resolved => "marker-resolved",
            MarkerKind::Now => "marker-now",
        }
    }
}

/// Time to detect / mitigate / resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetricKind {
    /// `detected - started`.
    TimeToDetect,
    /// `mitigated - started`.
    TimeToMitigate,
    /// `resolved - started`.
    TimeToResolve,
}

impl MetricKind {
    /// `TTD`, `TTM`, `TTR`.
    pub fn abbreviation(self) -> &'static str {
        match self {
            MetricKind::TimeToDetect => "TTD",
            MetricKind::TimeToMitigate => "TTM",
            MetricKind::TimeToResolve => "TTR",
        }
    }

    /// `Time to detect`, …
    pub fn name(self) -> &'static str {
        match self {
            MetricKind::TimeToDetect => "Time to detect",
            MetricKind::TimeToMitigate => "Time to mitigate",
            MetricKind::TimeToResolve => "Time to resolve",
        }
    }
}

/// A measured interval from `started`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    /// Which.
    pub kind: MetricKind,
    /// Seconds from `started`.
    pub seconds: i64,
    /// `TTD 7m`.
    pub text: String,
}

/// A marker placed on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Which instant.
    pub kind: MarkerKind,
    /// Unix seconds.
    pub at: i64,
    /// x of the marker line.
    pub x: f64,
    /// The metric that ends here (TTD at `Detected`, …).
    pub metric: Option<Metric>,
    /// Label row, if the label was placed.
    pub row: Option<usize>,
    /// `Detected · TTD 7m`, if placed.
    pub label: Option<PlacedLabel>,
}

/// An event placed on the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedEvent {
    /// Index in [`Incident::events`].
    pub index: usize,
    /// Unix seconds.
    pub at: i64,
    /// x of the dot.
    pub x: f64,
    /// y of the dot.
    pub y: f64,
    /// The full text.
    pub text: String,
    /// Label row, if placed.
    pub row: Option<usize>,
    /// The (possibly shortened) label, if placed.
    pub label: Option<PlacedLabel>,
}

/// A laid-out per-incident timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentScene {
    /// Axis ticks.
    pub ticks: Vec<Tick>,
    /// The tick step used.
    pub step: TickStep,
    /// Phases in time order.
    pub phases: Vec<Phase>,
    /// Markers in time order.
    pub markers: Vec<Marker>,
    /// Events in time order.
    pub events: Vec<PlacedEvent>,
    /// TTD / TTM / TTR that are known.
    pub metrics: Vec<Metric>,
    /// Unix seconds at `x = 0`.
    pub from: i64,
    /// Unix seconds at `x = width`.
    pub to: i64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Top and bottom of the phase band.
    pub band: (f64, f64),
    /// y of the event line.
    pub event_line_y: f64,
    pub(crate) tz: Zone,
}

/// Label rows: assigns each `(x, width)` label the first row where it does not touch the
/// previous label (by at least `gap`), shifting labels left to stay inside `0..=width`.
/// Returns `(row, left x)` per input, `None` when no row is free.
pub(crate) fn stagger(items: &[(f64, f64)], width: f64, max_rows: usize, gap: f64) -> Vec<Option<(usize, f64)>> {
    let mut order: Vec<(usize, f64)> =
        items.iter().enumerate().map(|(i, &(x, w))| (i, if x + w > width { width - w } else { x }.max(0.0))).collect();
    debrief_sort::sort_by(&mut order, |a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut row_end: Vec<f64> = Vec::new();
    let mut out = vec![None; items.len()];
    for (i, lx) in order {
        let w = items[i].1;
        if w > width {
            continue;
        }
        let row = match row_end.iter().position(|&e| e + gap <= lx) {
            Some(r) => Some(r),
            None if row_end.len() < max_rows => {
                row_end.push(f64::NEG_INFINITY);
                Some(row_end.len() - 1)
            }
            None => None,
        };
        if let Some(r) = row {
            row_end[r] = lx + w;
            out[i] = Some((r, lx));
        }
    }
    out
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_owned();
    out.push('…');
    out
}

const AXIS_H: f64 = 22.0;
const BAND_TOP: f64 = 24.0;
const BAND_H: f64 = 24.0;
const LABEL_GAP: f64 = 8.0;

/// Lays out one incident's timeline. The time range is chosen to hold every instant and
/// event with a margin, so incidents of minutes and of weeks both get a readable axis.
pub fn layout_incident(incident: &Incident, tz: &Zone, opts: &IncidentOptions) -> IncidentScene {
    // Instants, clamped so they never go backwards.
    let started = incident.started;
    let mut bounds: Vec<(MarkerKind, i64)> = vec![(MarkerKind::Started, started)];
    let mut last = started;
    for (kind, at) in [
        (MarkerKind::Detected, incident.detected),
        (MarkerKind::Mitigated, incident.mitigated),
        (MarkerKind::Resolved, incident.resolved),
    ] {
        if let Some(at) = at {
            last = at.max(last);
            bounds.push((kind, last));
        }
    }
    if incident.resolved.is_none() {
        last = opts.now.max(last);
        bounds.push((MarkerKind::Now, last));
    }

    let mut events: Vec<(usize, &Event)> = incident.events.iter().enumerate().collect();
    debrief_sort::sort_by(&mut events, |a, b| a.1.at.cmp(&b.1.at).then(a.0.cmp(&b.0)));
    let lo = events.first().map_or(started, |e| e.1.at.min(started));
    let hi = events.last().map_or(last, |e| e.1.at.max(last));
    // At least five minutes around the incident, so even a zero-length one gets several
    // ticks (the range used to be one minute wide when every instant was the same).
    let short = 300u64.saturating_sub(hi.saturating_sub(lo) as u64) as i64;
    let (lo, hi) = (lo.saturating_sub(short / 2), hi.saturating_add(short - short / 2));
    let span = hi.saturating_sub(lo).max(300);
    let pad = (span / 20).max(30);
    let scale = TimeScale::new(lo.saturating_sub(pad), hi.saturating_add(pad), opts.width_px);
    let (step, ticks) = axis_ticks(&scale, tz, opts.char_px);
    let width = scale.width;

    // Phases between consecutive instants.
    let mut phases = Vec::new();
    for pair in bounds.windows(2) {
        let ((k0, t0), (k1, t1)) = (pair[0], pair[1]);
        let kind = match (k0, k1) {
            (_, MarkerKind::Detected) => PhaseKind::BeforeDetection,
            (MarkerKind::Mitigated, _) => PhaseKind::Recovery,
            _ => PhaseKind::Investigation,
        };
        let ongoing = k1 == MarkerKind::Now;
        let x = scale.x(t0);
        let w = scale.x(t1) - x;
        let label = [kind.name(), kind.short_name()].into_iter().find_map(|name| {
            let text = if ongoing { format!("{name} (ongoing)") } else { name.to_owned() };
            let tw = text_width(&text, opts.char_px);
            (tw + 8.0 <= w).then(|| PlacedLabel {
                x: x + 4.0,
                y: BAND_TOP + BAND_H / 2.0 + 4.0,
                w: tw,
                text,
                inside: true,
            })
        });
        phases.push(Phase { kind, start: t0, end: t1, ongoing, x, y: BAND_TOP, w, h: BAND_H, label });
    }

    // Metrics and markers.
    let mut metrics = Vec::new();
    let mut markers: Vec<Marker> = bounds
        .iter()
        .map(|&(kind, at)| {
            let metric_kind = match kind {
                MarkerKind::Detected => Some(MetricKind::TimeToDetect),
                MarkerKind::Mitigated => Some(MetricKind::TimeToMitigate),
                MarkerKind::Resolved => Some(MetricKind::TimeToResolve),
                _ => None,
            };
            let metric = metric_kind.map(|k| {
                let seconds = at.saturating_sub(started);
                Metric { kind: k, seconds, text: format!("{} {}", k.abbreviation(), format_duration(seconds)) }
            });
            if let Some(m) = &metric {
                metrics.push(m.clone());
            }
            Marker { kind, at, x: scale.x(at), metric, row: None, label: None }
        })
        .collect();
    let rh = opts.row_height;
    let marker_top = BAND_TOP + BAND_H + 4.0;
    let texts: Vec<String> = markers
        .iter()
        .map(|m| match &m.metric {
            Some(metric) => format!("{} · {}", m.kind.name(), metric.text),
            None => m.kind.name().to_owned(),
        })
        .collect();
    let items: Vec<(f64, f64)> = markers.iter().zip(&texts).map(|(m, t)| (m.x, text_width(t, opts.char_px))).collect();
    let placed = stagger(&items, width, opts.max_marker_rows, LABEL_GAP);
    let mut marker_rows = 0;
    for ((m, text), p) in markers.iter_mut().zip(texts).zip(placed) {
        if let Some((row, lx)) = p {
            marker_rows = marker_rows.max(row + 1);
            let w = text_width(&text, opts.char_px);
            m.row = Some(row);
            m.label = Some(PlacedLabel { x: lx, y: marker_top + row as f64 * rh + rh - 4.0, w, text, inside: false });
        }
    }

    // Events: dots on a line, labels staggered below it.
    let line_y = marker_top + marker_rows as f64 * rh + 10.0;
    let label_top = line_y + 8.0;
    let labels: Vec<String> = events
        .iter()
        .map(|(_, e)| shorten(if e.label.trim().is_empty() { &e.text } else { &e.label }, opts.max_label_chars))
        .collect();
    let items: Vec<(f64, f64)> =
        events.iter().zip(&labels).map(|((_, e), l)| (scale.x(e.at) - 3.0, text_width(l, opts.char_px))).collect();
    let placed = stagger(&items, width, opts.max_event_rows, LABEL_GAP);
    let mut event_rows = 0;
    let mut placed_events = Vec::with_capacity(events.len());
    for (((index, e), text), p) in events.iter().zip(labels).zip(placed) {
        let x = scale.x(e.at);
        let (row, label) = match p {
            Some((row, lx)) if !text.is_empty() => {
                event_rows = event_rows.max(row + 1);
                let w = text_width(&text, opts.char_px);
                let y = label_top + row as f64 * rh + rh - 4.0;
                (Some(row), Some(PlacedLabel { x: lx, y, w, text, inside: false }))
            }
            _ => (None, None),
        };
        placed_events.push(PlacedEvent { index: *index, at: e.at, x, y: line_y, text: e.text.clone(), row, label });
    }
    let height = label_top + event_rows as f64 * rh + 6.0;

    IncidentScene {
        ticks,
        step,
        phases,
        markers,
        events: placed_events,
        metrics,
        from: scale.from,
        to: scale.to,
        width,
        height: height.max(AXIS_H + BAND_H + 40.0),
        band: (BAND_TOP, BAND_TOP + BAND_H),
        event_line_y: line_y,
        tz: tz.clone(),
    }
}

/// One row of the per-incident table (markers and events in time order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentTableRow {
    /// Unix seconds.
    pub at: i64,
    /// `2025-03-14 09:12 UTC` in the site's zone.
    pub time: String,
    /// `Started`, `Detected`, …, or `Event`.
    pub kind: String,
    /// The event text, or the metric for a marker (`Time to detect: 7m`).
    pub text: String,
}

impl IncidentScene {
    /// The same facts as the chart, as table rows: markers (with their metric) and events,
    /// in time order (a marker before an event at the same instant).
    pub fn to_table_rows(&self) -> Vec<IncidentTableRow> {
        let mut rows: Vec<(i64, u8, IncidentTableRow)> = Vec::new();
        for m in &self.markers {
            let text = m
                .metric
                .as_ref()
                .map_or(String::new(), |mt| format!("{}: {}", mt.kind.name(), format_duration(mt.seconds)));
            let row = IncidentTableRow {
                at: m.at,
                time: format_datetime(m.at, &self.tz),
                kind: m.kind.name().to_owned(),
                text,
            };
            rows.push((m.at, 0, row));
        }
        for e in &self.events {
            let row = IncidentTableRow {
                at: e.at,
                time: format_datetime(e.at, &self.tz),
                kind: "Event".into(),
                text: e.text.clone(),
            };
            rows.push((e.at, 1, row));
        }
        debrief_sort::sort_by(&mut rows, |a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        rows.into_iter().map(|r| r.2).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stagger_moves_overlapping_labels_down() {
        let rows = stagger(&[(0.0, 50.0), (10.0, 50.0), (70.0, 10.0)], 200.0, 3, 4.0);
        assert_eq!(rows, vec![Some((0, 0.0)), Some((1, 10.0)), Some((0, 70.0))]);
        let full = stagger(&[(0.0, 50.0), (10.0, 50.0)], 200.0, 1, 4.0);
        assert_eq!(full[1], None);
    }

    #[test]
    fn shorten_adds_ellipsis() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
