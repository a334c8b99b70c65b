//! The global timeline: every incident on one time axis, in lanes by service or severity.
//!
//! [`layout`] culls the incidents outside the view, maps the rest to pixels, packs each
//! lane into rows greedily (bars in start order; each takes the lowest row that is free
//! at its start, so overlapping bars never share a row), and places title labels inside a
//! bar when they fit, else just right of it when the row is free up to the label's end,
//! else nowhere (the title stays in the link's `<title>` and in the table).
//!
//! **Service lanes show every service**: an incident that lists three services appears
//! in three lanes (the copy in its first-listed service's lane is the `primary` one; the
//! SVG writer takes the other copies out of the tab order). An incident without
//! services goes to the [`NO_SERVICE`] lane. Lanes are ordered by how many incidents of
//! the whole input list the service (most first, then by name), so the order does not
//! change while panning; only lanes with a visible bar are laid out. Severity lanes are
//! ordered by rank, most severe first.
//!
//! Cost per call: one O(n) pass to cull and count lanes, then O(k log k) for the k
//! visible bars (sort and heap-based packing).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use crate::zone::Zone;

use crate::text::{format_datetime, format_duration, text_width};
use crate::ticks::{Tick, TickStep, TimeScale, axis_ticks};

/// The lane of incidents that list no service.
pub const NO_SERVICE: &str = "No service";

/// One incident as the global timeline needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    /// A stable id (the caller's index or a hash of the slug).
    pub id: u32,
    /// When impact began, unix seconds.
    pub start: i64,
    /// When it was resolved, unix seconds; `None` while ongoing (the bar runs to `now`).
    pub end: Option<i64>,
    /// Severity rank, 1 = most severe.
    pub severity_rank: u8,
    /// The severity's display label (`SEV1 Critical`).
    pub severity_label: String,
    /// The affected services, first = primary.
    pub lanes: Vec<String>,
    /// The public title.
    pub title: String,
    /// The incident page's URL.
    pub url: String,
}

/// The visible time range and the drawing width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Unix seconds at the left edge.
    pub from: i64,
    /// Unix seconds at the right edge.
    pub to: i64,
    /// Width of the drawing in pixels.
    pub width_px: f64,
}

/// How incidents are grouped into lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LaneMode {
    /// One lane per service (an incident appears in each of its services' lanes).
    Service,
    /// One lane per severity, most severe first.
    Severity,
}

/// Layout constants and the caller's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    /// "Now" in unix seconds: where ongoing incidents end. Layout never reads a clock.
    pub now: i64,
    /// Minimum bar width in pixels, so short incidents stay visible.
    pub min_bar_px: f64,
    /// Height of one packed row.
    pub row_height: f64,
    /// Height of a bar (less than `row_height`, the rest is the gap between rows).
    pub bar_height: f64,
    /// Height of the band above a lane's rows that holds the lane's name.
    pub lane_header: f64,
    /// Space below the last row of a lane.
    pub lane_padding: f64,
    /// Height of the axis band (tick labels) at the top.
    pub axis_height: f64,
    /// Estimated width of one label character in pixels.
    pub char_px: f64,
    /// Space between a bar's edge and its label.
    pub label_padding: f64,
    /// Rows drawn per lane at most; bars packed into later rows are counted in
    /// [`Lane::hidden`] instead of drawn (bounds the work per frame when zoomed out on a
    /// long history). Unlimited by default.
    pub max_rows: usize,
    /// Bars drawn at most, over all lanes: when more are in view, every lane shows fewer
    /// rows (the same number each, at least one). Unlimited by default.
    pub max_bars: usize,
}

impl LayoutOptions {
    /// Defaults for 12 px labels, with the caller's `now`.
    pub fn new(now: i64) -> Self {
        LayoutOptions {
            now,
            min_bar_px: 3.0,
            row_height: 20.0,
            bar_height: 16.0,
            lane_header: 18.0,
            lane_padding: 4.0,
            axis_height: 24.0,
            char_px: 7.0,
            label_padding: 4.0,
            max_rows: usize::MAX,
            max_bars: usize::MAX,
        }
    }
}

/// A laid-out global timeline. It borrows the input bars (no per-frame copies of titles
/// and URLs), so re-run [`layout`] rather than keep a scene next to its bars.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene<'a> {
    /// Axis ticks, increasing, inside `0..=width`.
    pub ticks: Vec<Tick>,
    /// The tick step used.
    pub step: TickStep,
    /// Lanes with at least one visible bar, top to bottom.
    pub lanes: Vec<Lane>,
    /// Placed bars, by lane then left edge (the packing order). An incident may appear in several lanes.
    pub bars: Vec<PlacedBar>,
    /// The visible incidents, once each, by start then id (what the table lists).
    pub incidents: Vec<&'a Bar>,
    /// Drawing width in pixels.
    pub width: f64,
    /// Drawing height in pixels.
    pub height: f64,
    /// Height of the axis band at the top.
    pub axis_height: f64,
    /// The view this scene shows.
    pub view: View,
    /// The caller's "now".
    pub now: i64,
    pub(crate) tz: Zone,
}

/// One lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// The service name or severity label.
    pub label: String,
    /// Top of the lane.
    pub y: f64,
    /// Height of the lane (header, rows, padding).
    pub height: f64,
    /// Number of packed rows.
    pub rows: usize,
    /// Incidents in this lane in the whole input (what orders service lanes).
    pub total: usize,
    /// Incidents in this lane inside the view.
    pub visible: usize,
    /// Incidents inside the view not drawn because the lane reached
    /// [`LayoutOptions::max_rows`].
    pub hidden: usize,
}

/// A bar's title label.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLabel {
    /// Left edge of the text.
    pub x: f64,
    /// Text baseline.
    pub y: f64,
    /// Estimated width.
    pub w: f64,
    /// The text.
    pub text: String,
    /// Inside its bar (`true`) or to the right of it (`false`).
    pub inside: bool,
}

/// A bar placed in a lane row.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedBar {
    /// The incident's id.
    pub id: u32,
    /// Index into [`Scene::incidents`].
    pub incident: usize,
    /// Index into [`Scene::lanes`].
    pub lane: usize,
    /// Row within the lane, 0 = top.
    pub row: usize,
    /// Left edge, clipped to the view.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (at least the minimum bar width).
    pub w: f64,
    /// Height.
    pub h: f64,
    /// Severity rank, 1 = most severe (class `sev-N`).
    pub severity_rank: u8,
    /// This copy is in the incident's first-listed lane (always true for severity lanes).
    pub primary: bool,
    /// Still ongoing: the bar runs to `now`.
    pub ongoing: bool,
    /// The title label, if it fits somewhere.
    pub label: Option<PlacedLabel>,
}

impl PlacedBar {
    /// The bar's right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
}

/// Whether `bar` intersects `[from, to]` (an ongoing bar ends at `now`).
pub fn is_visible(bar: &Bar, from: i64, to: i64, now: i64) -> bool {
    bar.start <= to && effective_end(bar, now) >= from
}

/// How many of the newest incidents the static overview timeline draws; the browser's
/// interactive timeline opens on the same ones.
pub const OVERVIEW_INCIDENTS: usize = 300;

/// The range that shows every bar (an ongoing one runs to `now`), with 2% of room on
/// both sides and at least a day wide; `None` without bars. The static timeline frames its
/// incidents with it, and the browser's first view is the same.
pub fn fit_range(bars: &[Bar], now: i64) -> Option<(i64, i64)> {
    let from = bars.iter().map(|b| b.start).min()?;
    let to = bars.iter().map(|b| effective_end(b, now)).max()?;
    // Saturating: corrupt data may hold any instants (found by fuzzing: `to - from`
    // overflowed).
    let span = to.saturating_sub(from).max(86_400);
    Some((from.saturating_sub(span / 50), from.saturating_add(span).saturating_add(span / 50)))
}

fn effective_end(bar: &Bar, now: i64) -> i64 {
    bar.end.unwrap_or(now).max(bar.start)
}

/// A bar's services without duplicates, in listed order; [`NO_SERVICE`] when empty.
fn services(bar: &Bar) -> impl Iterator<Item = &str> {
    let none = bar.lanes.is_empty().then_some(NO_SERVICE);
    let listed = bar.lanes.iter().enumerate().filter(|(i, s)| !bar.lanes[..*i].contains(s)).map(|(_, s)| s.as_str());
    none.into_iter().chain(listed)
}

/// The lanes of a set of bars and their order, independent of the view: compute once
/// with [`Lanes::new`] and pass to [`layout_with`] for every frame (what the browser
/// does), or let [`layout`] compute them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lanes {
    mode: LaneMode,
    /// (label, total) in display order.
    lanes: Vec<(String, usize)>,
    /// `(service, lane)` sorted by service name.
    service_index: Vec<(String, usize)>,
    /// `(rank, lane)`, a handful of entries.
    rank_index: Vec<(u8, usize)>,
}

impl Lanes {
    /// The lanes of `bars` in `mode`.
    pub fn new(bars: &[Bar], mode: LaneMode) -> Lanes {
        let mut order = Lanes { mode, lanes: Vec::new(), service_index: Vec::new(), rank_index: Vec::new() };
        match mode {
            LaneMode::Service => {
                // Count by sorting the names (no hash map: smaller WebAssembly).
                let mut names: Vec<&str> = bars.iter().flat_map(services).collect();
                debrief_sort::sort(&mut names);
                let mut v: Vec<(&str, usize)> = Vec::new();
                for name in names {
                    match v.last_mut() {
                        Some(last) if last.0 == name => last.1 += 1,
                        _ => v.push((name, 1)),
                    }
                }
                debrief_sort::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                for (i, (s, n)) in v.into_iter().enumerate() {
                    order.service_index.push((s.to_owned(), i));
                    order.lanes.push((s.to_owned(), n));
                }
                debrief_sort::sort_by(&mut order.service_index, |a, b| a.0.cmp(&b.0));
            }
            LaneMode::Severity => {
                // (rank, label of its first bar, count); a handful of ranks, so a list.
                let mut ranks: Vec<(u8, &str, usize)> = Vec::new();
                for bar in bars {
                    match ranks.iter_mut().find(|r| r.0 == bar.severity_rank) {
                        Some(r) => r.2 += 1,
                        None => ranks.push((bar.severity_rank, &bar.severity_label, 1)),
                    }
                }
                debrief_sort::sort_by(&mut ranks, |a, b| a.0.cmp(&b.0));
                for (i, (rank, label, n)) in ranks.into_iter().enumerate() {
                    order.rank_index.push((rank, i));
                    order.lanes.push((label.to_owned(), n));
                }
            }
        }
        order
    }

    /// How these lanes group incidents.
    pub fn mode(&self) -> LaneMode {
        self.mode
    }

    fn service(&self, name: &str) -> Option<usize> {
        self.service_index.binary_search_by(|(s, _)| s.as_str().cmp(name)).ok().map(|i| self.service_index[i].1)
    }

    fn rank(&self, rank: u8) -> Option<usize> {
        self.rank_index.iter().find(|r| r.0 == rank).map(|r| r.1)
    }
}

/// A bar's pixel span, clipped to the view and widened to the minimum width.
fn pixel_span(scale: &TimeScale, start: i64, end: i64, min_px: f64) -> (f64, f64) {
    let width = scale.width;
    let mut x0 = scale.x(start).max(0.0);
    let mut x1 = scale.x(end).min(width);
    if x1 - x0 < min_px {
        x1 = x0 + min_px;
        if x1 > width {
            x1 = width;
            x0 = (width - min_px).max(0.0);
        }
    }
    (x0, x1.max(x0))
}

/// A row's right edge, ordered for the packing heap.
#[derive(PartialEq)]
struct RowEnd(f64, usize);
impl Eq for RowEnd {}
impl PartialOrd for RowEnd {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for RowEnd {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

/// Horizontal space kept between two bars of one row.
pub const BAR_GAP: f64 = 1.0;

/// Greedy interval packing of `spans` (sorted by start): each span takes the lowest row
/// whose last span ends at least [`BAR_GAP`] before it. Returns the row of each span and
/// the row count. O(k log k).
pub fn pack_rows(spans: &[(f64, f64)]) -> (Vec<usize>, usize) {
    let mut rows = Vec::with_capacity(spans.len());
    let mut busy: BinaryHeap<Reverse<RowEnd>> = BinaryHeap::new();
    let mut free: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut count = 0;
    for &(x0, x1) in spans {
        while let Some(Reverse(RowEnd(end, row))) = busy.peek() {
            if *end + BAR_GAP <= x0 {
                free.push(Reverse(*row));
                busy.pop();
            } else {
                break;
            }
        }
        let row = match free.pop() {
            Some(Reverse(r)) => r,
            None => {
                count += 1;
                count - 1
            }
        };
        busy.push(Reverse(RowEnd(x1, row)));
        rows.push(row);
    }
    (rows, count)
}

/// Lays out the global timeline for `view`. `tz` is the site's time zone (ticks and
/// labels follow its calendar). See the module docs for lanes and packing.
pub fn layout<'a>(bars: &'a [Bar], view: &View, mode: LaneMode, tz: &Zone, opts: &LayoutOptions) -> Scene<'a> {
    layout_with(bars, &Lanes::new(bars, mode), view, tz, opts)
}

/// [`layout`] with lanes computed beforehand by [`Lanes::new`] over the same `bars`.
pub fn layout_with<'a>(bars: &'a [Bar], order: &Lanes, view: &View, tz: &Zone, opts: &LayoutOptions) -> Scene<'a> {
    let mode = order.mode;
    let scale = TimeScale::new(view.from, view.to, view.width_px);
    let (step, ticks) = axis_ticks(&scale, tz, opts.char_px);

    // Cull, then sort the visible bars by start.
    let mut visible: Vec<&'a Bar> = bars.iter().filter(|b| is_visible(b, scale.from, scale.to, opts.now)).collect();
    let by_start = |a: &&Bar, b: &&Bar| a.start.cmp(&b.start).then(a.id.cmp(&b.id)).then(a.end.cmp(&b.end));
    // Callers that keep their bars in this order (the browser does) skip the sort.
    if !visible.is_sorted_by(|a, b| by_start(a, b).is_le()) {
        debrief_sort::sort_by(&mut visible, by_start);
    }

    // Spans per lane: (x0, x1, incident index, primary).
    let mut per_lane: Vec<Vec<(f64, f64, usize, bool)>> = vec![Vec::new(); order.lanes.len()];
    let mut incidents = Vec::with_capacity(visible.len());
    for (i, bar) in visible.iter().enumerate() {
        let (x0, x1) = pixel_span(&scale, bar.start, effective_end(bar, opts.now), opts.min_bar_px);
        match mode {
            LaneMode::Service => {
                for (k, s) in services(bar).enumerate() {
                    if let Some(lane) = order.service(s) {
                        per_lane[lane].push((x0, x1, i, k == 0));
                    }
                }
            }
            LaneMode::Severity => {
                if let Some(lane) = order.rank(bar.severity_rank) {
                    per_lane[lane].push((x0, x1, i, true));
                }
            }
        }
        incidents.push(*bar);
    }

    // Pack every lane first, so the row cap can depend on the total (max_bars).
    let mut packed: Vec<PackedLane> = Vec::with_capacity(per_lane.len());
    for (lane_idx, mut items) in per_lane.into_iter().enumerate() {
        if items.is_empty() {
            continue;
        }
        let order = |a: &(f64, f64, usize, bool), b: &(f64, f64, usize, bool)| {
            a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2))
        };
        // Usually in order already (visible bars are sorted by start).
        if !items.is_sorted_by(|a, b| order(a, b).is_le()) {
            debrief_sort::sort_by(&mut items, order);
        }
        let spans: Vec<(f64, f64)> = items.iter().map(|i| (i.0, i.1)).collect();
        let (rows, row_count) = pack_rows(&spans);
        packed.push((lane_idx, items, rows, row_count));
    }
    let row_cap = row_cap(&packed, opts);

    let mut lanes = Vec::new();
    let mut placed = Vec::new();
    let mut y = opts.axis_height;
    for (lane_idx, items, rows, row_count) in packed {
        let row_count = row_count.min(row_cap);
        let hidden = rows.iter().filter(|&&r| r >= row_count).count();
        let height = opts.lane_header + row_count as f64 * opts.row_height + opts.lane_padding;
        let out_lane = lanes.len();
        // The next bar in the same row, for label placement.
        let mut next_in_row = vec![usize::MAX; items.len()];
        let mut last_in_row = vec![usize::MAX; row_count];
        for (j, &r) in rows.iter().enumerate().filter(|(_, r)| **r < row_count) {
            if let Some(prev) = last_in_row.get(r).copied().filter(|&p| p != usize::MAX) {
                next_in_row[prev] = j;
            }
            last_in_row[r] = j;
        }
        for (j, &(x0, x1, inc, primary)) in items.iter().enumerate() {
            let r = rows[j];
            if r >= row_count {
                continue;
            }
            let bar_y = y + opts.lane_header + r as f64 * opts.row_height + (opts.row_height - opts.bar_height) / 2.0;
            let next_x = items.get(next_in_row[j]).map_or(scale.width, |n| n.0 - BAR_GAP);
            let label = place_label(&incidents[inc].title, x0, x1, next_x, bar_y, opts);
            placed.push(PlacedBar {
                id: incidents[inc].id,
                incident: inc,
                lane: out_lane,
                row: r,
                x: x0,
                y: bar_y,
                w: x1 - x0,
                h: opts.bar_height,
                severity_rank: incidents[inc].severity_rank,
                primary,
                ongoing: incidents[inc].end.is_none(),
                label,
            });
        }
        let (label, total) = &order.lanes[lane_idx];
        // A bar is in a lane at most once (its services are de-duplicated).
        lanes.push(Lane {
            label: label.clone(),
            y,
            height,
            rows: row_count,
            total: *total,
            visible: items.len(),
            hidden,
        });
        y += height;
    }

    Scene {
        ticks,
        step,
        lanes,
        bars: placed,
        incidents,
        width: scale.width,
        height: y.max(opts.axis_height + opts.row_height),
        axis_height: opts.axis_height,
        view: *view,
        now: opts.now,
        tz: tz.clone(),
    }
}

/// The most rows per lane such that at most [`LayoutOptions::max_bars`] bars are drawn
/// (at least one row), and at most [`LayoutOptions::max_rows`].
/// A lane's spans `(x0, x1, incident, primary)` in packing order, each span's row, and
/// the row count.
type PackedLane = (usize, Vec<(f64, f64, usize, bool)>, Vec<usize>, usize);

fn row_cap(packed: &[PackedLane], opts: &LayoutOptions) -> usize {
    let total: usize = packed.iter().map(|p| p.1.len()).sum();
    if total <= opts.max_bars {
        return opts.max_rows;
    }
    // Bars per row index over all lanes, then the longest prefix within the budget.
    let deepest = packed.iter().map(|p| p.3).max().unwrap_or(0).min(opts.max_rows);
    let mut per_row = vec![0usize; deepest];
    for p in packed {
        for &r in &p.2 {
            if r < deepest {
                per_row[r] += 1;
            }
        }
    }
    let mut drawn = 0;
    for (r, n) in per_row.iter().enumerate() {
        drawn += n;
        if drawn > opts.max_bars {
            return r.max(1);
        }
    }
    opts.max_rows
}

/// One row of the global timeline's table: the same facts as a bar and its tooltip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// The incident's id.
    pub id: u32,
    /// Title.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Severity rank (for sorting and the `sev-N` class).
    pub severity_rank: u8,
    /// Severity label.
    pub severity_label: String,
    /// Start in the site's zone (`2025-03-14 09:12 UTC`).
    pub start: String,
    /// End in the site's zone, or `ongoing`.
    pub end: String,
    /// Duration (`1h 28m`, or `3h so far` while ongoing).
    pub duration: String,
    /// Services, as listed.
    pub services: Vec<String>,
}

impl Scene<'_> {
    /// The visible incidents as table rows, once each, in start order (the site renders
    /// the table next to the SVG so the chart's facts are readable without it).
    pub fn to_table_rows(&self) -> Vec<TableRow> {
        self.incidents
            .iter()
            .map(|inc| {
                let (end, duration) = match inc.end {
                    Some(e) => (format_datetime(e, &self.tz), format_duration(e.saturating_sub(inc.start))),
                    None => (
                        "ongoing".to_owned(),
                        format!("{} so far", format_duration(self.now.saturating_sub(inc.start))),
                    ),
                };
                TableRow {
                    id: inc.id,
                    title: inc.title.clone(),
                    url: inc.url.clone(),
                    severity_rank: inc.severity_rank,
                    severity_label: inc.severity_label.clone(),
                    start: format_datetime(inc.start, &self.tz),
                    end,
                    duration,
                    services: inc.lanes.clone(),
                }
            })
            .collect()
    }
}

/// Inside the bar if it fits, else right of it if the row is free up to `free_until`
/// (the next bar's left edge or the view's edge), else `None`.
fn place_label(text: &str, x0: f64, x1: f64, free_until: f64, bar_y: f64, opts: &LayoutOptions) -> Option<PlacedLabel> {
    let pad = opts.label_padding;
    // Most bars of a zoomed-out view have room for no character at all: skip counting.
    let room = (x1 - x0 - 2.0 * pad).max(free_until - x1 - 2.0 * pad);
    if text.is_empty() || room < opts.char_px {
        return None;
    }
    let w = text_width(text, opts.char_px);
    let baseline = bar_y + opts.bar_height - 4.0;
    if w + 2.0 * pad <= x1 - x0 {
        return Some(PlacedLabel { x: x0 + pad, y: baseline, w, text: text.to_owned(), inside: true });
    }
    let lx = x1 + pad;
    if lx + w + pad <= free_until {
        return Some(PlacedLabel { x: lx, y: baseline, w, text: text.to_owned(), inside: false });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(id: u32, start: i64, end: Option<i64>, lanes: &[&str]) -> Bar {
        Bar {
            id,
            start,
            end,
            severity_rank: 2,
            severity_label: "SEV2".into(),
            lanes: lanes.iter().map(|s| s.to_string()).collect(),
            title: format!("Incident {id}"),
            url: format!("/incidents/{id}/"),
        }
    }

    #[test]
    fn packing_reuses_lowest_free_row() {
        let (rows, n) = pack_rows(&[(0.0, 10.0), (5.0, 20.0), (12.0, 30.0), (21.0, 25.0)]);
        assert_eq!(rows, vec![0, 1, 0, 1]);
        assert_eq!(n, 2);
    }

    #[test]
    fn every_service_gets_a_copy_and_lanes_are_ordered_by_count() {
        let bars = vec![
            bar(1, 0, Some(100), &["api", "db"]),
            bar(2, 50, Some(150), &["db"]),
            bar(3, 200, None, &[]),
            bar(4, 10_000, Some(10_001), &["zeta"]),
        ];
        let view = View { from: 0, to: 1000, width_px: 1000.0 };
        let s = layout(&bars, &view, LaneMode::Service, &Zone::utc(), &LayoutOptions::new(400));
        let names: Vec<&str> = s.lanes.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(names, vec!["db", "No service", "api"]);
        assert_eq!(s.incidents.len(), 3, "zeta is culled");
        assert_eq!(s.bars.iter().filter(|b| b.id == 1).count(), 2);
        assert_eq!(s.bars.iter().filter(|b| b.id == 1 && b.primary).count(), 1);
        let ongoing = s.bars.iter().find(|b| b.id == 3).expect("ongoing bar");
        assert!(ongoing.ongoing);
        assert!((ongoing.right() - 400.0).abs() < 1e-9, "ongoing runs to now");
    }

    #[test]
    fn short_incidents_get_minimum_width_inside_the_view() {
        let bars = vec![bar(1, 999, Some(999), &["a"]), bar(2, 0, Some(0), &["a"])];
        let view = View { from: 0, to: 1000, width_px: 500.0 };
        let s = layout(&bars, &view, LaneMode::Severity, &Zone::utc(), &LayoutOptions::new(0));
        for b in &s.bars {
            assert!(b.w >= 3.0 - 1e-9);
            assert!(b.x >= 0.0 && b.right() <= 500.0 + 1e-9);
        }
    }

    #[test]
    fn row_cap_hides_and_counts_the_overflow_and_highlight_marks_matches() {
        // Ten incidents that all overlap: ten rows without a cap.
        let bars: Vec<Bar> = (0..10).map(|i| bar(i, i64::from(i), Some(500), &["a"])).collect();
        let view = View { from: 0, to: 1000, width_px: 1000.0 };
        let mut opts = LayoutOptions::new(1000);
        let full = layout(&bars, &view, LaneMode::Severity, &Zone::utc(), &opts);
        assert_eq!((full.lanes[0].rows, full.lanes[0].hidden, full.bars.len()), (10, 0, 10));
        opts.max_rows = 3;
        let capped = layout(&bars, &view, LaneMode::Severity, &Zone::utc(), &opts);
        assert_eq!((capped.lanes[0].rows, capped.lanes[0].hidden, capped.bars.len()), (3, 7, 3));
        assert!(capped.bars.iter().all(|b| b.row < 3));
        assert!(capped.height < full.height);
        let svg = capped.to_svg(&crate::SvgOptions { highlight: Some(vec![1]), ..Default::default() });
        assert!(svg.contains("7 more: zoom in"));
        // A bar budget lowers the rows of every lane alike.
        opts.max_bars = 2;
        let budget = layout(&bars, &view, LaneMode::Severity, &Zone::utc(), &opts);
        assert_eq!((budget.lanes[0].rows, budget.lanes[0].hidden, budget.bars.len()), (2, 8, 2));
        // A window shows part of the drawing, lane labels at its left edge.
        let windowed =
            capped.to_svg(&crate::SvgOptions { window: Some((250.0, 500.0)), compact: true, ..Default::default() });
        assert!(windowed.contains(r#"viewBox="250 0 500 "#) && windowed.contains(r#"width="500""#));
        assert!(windowed.contains(r#"class="lane-label" x="254""#));
        assert!(!windowed.contains("<title>Incident") && windowed.contains(r#"aria-label="Incident 0"#));
        opts.max_bars = 0;
        let budget = layout(&bars, &view, LaneMode::Severity, &Zone::utc(), &opts);
        assert_eq!((budget.lanes[0].rows, budget.lanes[0].hidden, budget.bars.len()), (1, 9, 1), "one row at least");
        assert_eq!(svg.matches(" match\"").count(), 1);
        assert_eq!(svg.matches(" dim\"").count(), 2);
    }
}
