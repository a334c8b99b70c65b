//! Static SVG charts for the stats page: incidents per period by severity, time to detect
//! and to resolve over time, top services. Pure functions from incident views to SVG text;
//! each chart also returns its numbers as a table, so the same facts reach screen readers
//! and readers without SVG.

use crate::feeds::xml_escape;
use crate::model::{IncidentView, SeverityView};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A chart: SVG plus the same facts as a table.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// One-sentence description (also the SVG `<desc>`).
    pub desc: String,
    /// The `<svg>` element.
    pub svg: String,
    /// Table header.
    pub head: Vec<String>,
    /// Table rows.
    pub rows: Vec<Vec<String>>,
}

const W: f64 = 720.0;
const H: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 36.0;

fn svg_open(id: &str, title: &str, desc: &str) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        xml_escape(title),
        xml_escape(desc)
    )
}

/// The largest "nice" axis maximum at or above `n` (1, 2, 5 × 10^k).
fn nice_max(n: usize) -> usize {
    let n = n.max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= n {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// Bucket key of an incident: month `2025-03`, quarter `2025-Q1`, or year `2025`.
#[derive(Clone, Copy)]
enum Bucket {
    Month,
    Quarter,
    Year,
}

fn bucket_of(month_key: &str, bucket: Bucket) -> String {
    let (y, m) = month_key.split_once('-').unwrap_or((month_key, "01"));
    match bucket {
        Bucket::Month => month_key.to_string(),
        Bucket::Quarter => format!("{y}-Q{}", (m.parse::<u32>().unwrap_or(1) - 1) / 3 + 1),
        Bucket::Year => y.to_string(),
    }
}

fn all_buckets(first: &str, last: &str, bucket: Bucket) -> Vec<String> {
    let parse = |k: &str| {
        let (y, m) = k.split_once('-').unwrap_or((k, "01"));
        (y.parse::<i32>().unwrap_or(1970), m.parse::<i32>().unwrap_or(1))
    };
    let (mut y, mut m) = parse(first);
    let (ly, lm) = parse(last);
    let mut out: Vec<String> = Vec::new();
    while (y, m) <= (ly, lm) {
        let key = bucket_of(&format!("{y:04}-{m:02}"), bucket);
        if out.last() != Some(&key) {
            out.push(key);
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// Horizontal grid lines with their counts, `steps` of them up to `max`.
fn count_grid(svg: &mut String, max: usize, steps: usize, plot_h: f64) {
    for k in 0..=steps {
        let v = max * k / steps.max(1);
        let y = TOP + plot_h - plot_h * v as f64 / max as f64;
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
}

/// Incidents per month (or quarter, or year on long histories), stacked by severity.
pub fn per_period(incidents: &[IncidentView], severities: &[SeverityView]) -> Chart {
    let id = "per-period";
    let (Some(first), Some(last)) =
        (incidents.iter().map(|i| &i.month_key).min(), incidents.iter().map(|i| &i.month_key).max())
    else {
        return empty_chart(id, "Incidents over time");
    };
    let months = all_buckets(first, last, Bucket::Month).len();
    let (bucket, unit) = if months <= 48 {
        (Bucket::Month, "month")
    } else if months <= 48 * 3 {
        (Bucket::Quarter, "quarter")
    } else {
        (Bucket::Year, "year")
    };
    let keys = all_buckets(first, last, bucket);
    let index: BTreeMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let mut counts = vec![vec![0usize; severities.len() + 1]; keys.len()];
    for i in incidents {
        let k = bucket_of(&i.month_key, bucket);
        if let Some(&b) = index.get(k.as_str()) {
            counts[b][(i.severity.rank - 1).min(severities.len())] += 1;
        }
    }
    let max = nice_max(counts.iter().map(|c| c.iter().sum::<usize>()).max().unwrap_or(0));
    let title = format!("Incidents per {unit}, by severity");
    let desc = format!(
        "Stacked bars: the number of incidents that started in each {unit} from {} to {}, split by severity.",
        keys.first().map_or("", String::as_str),
        keys.last().map_or("", String::as_str)
    );
    let mut svg = svg_open(id, &title, &desc);
    axis_y_linear(&mut svg, max);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let slot = plot_w / keys.len() as f64;
    let bar = (slot * 0.7).max(1.0);
    for (b, row) in counts.iter().enumerate() {
        let x = LEFT + b as f64 * slot + (slot - bar) / 2.0;
        let mut y = TOP + plot_h;
        for (s, &n) in row.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let h = plot_h * n as f64 / max as f64;
            y -= h;
            let class = severities.get(s).map_or("sev-5", |sv| sv.class.as_str());
            let label = severities.get(s).map_or("Other", |sv| sv.id.as_str());
            let _ = write!(
                svg,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>{}: {n} {}</title></rect>",
                xml_escape(&keys[b]),
                xml_escape(label)
            );
        }
    }
    // x labels: at most ~12.
    let every = keys.len().div_ceil(12).max(1);
    for (b, key) in keys.iter().enumerate().filter(|(b, _)| b % every == 0) {
        let x = LEFT + b as f64 * slot + slot / 2.0;
        let _ = write!(
            svg,
            "<text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            H - BOTTOM + 16.0,
            xml_escape(key)
        );
    }
    svg.push_str("</svg>");
    let mut head = vec![unit_title(unit)];
    head.extend(severities.iter().map(|s| format!("{} ({})", s.id, s.label)));
    head.push("Total".into());
    let rows = keys
        .iter()
        .zip(&counts)
        .filter(|(_, c)| c.iter().sum::<usize>() > 0)
        .map(|(k, c)| {
            let mut row = vec![k.clone()];
            row.extend(c[..severities.len()].iter().map(usize::to_string));
            row.push(c.iter().sum::<usize>().to_string());
            row
        })
        .collect();
    Chart { id: id.into(), title, desc, svg, head, rows }
}

fn unit_title(unit: &str) -> String {
    let mut c = unit.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn axis_y_linear(svg: &mut String, max: usize) {
    let plot_h = H - TOP - BOTTOM;
    let steps = if max <= 5 { max } else { 5 };
    count_grid(svg, max, steps, plot_h);
}

/// Log-scale ticks for durations: (seconds, label).
const DURATION_TICKS: &[(f64, &str)] = &[
    (60.0, "1m"),
    (600.0, "10m"),
    (3600.0, "1h"),
    (21600.0, "6h"),
    (86400.0, "1d"),
    (604800.0, "7d"),
    (2592000.0, "30d"),
];

/// A duration figure over time: one dot per incident (log scale), with the median per year.
pub fn duration_trend(
    incidents: &[IncidentView],
    id: &str,
    title: &str,
    what: &str,
    pick: impl Fn(&IncidentView) -> Option<i64>,
) -> Chart {
    let points: Vec<(&IncidentView, i64)> = incidents.iter().filter_map(|i| pick(i).map(|s| (i, s.max(1)))).collect();
    if points.is_empty() {
        return empty_chart(id, title);
    }
    let desc = format!(
        "One dot per incident: {what} (log scale) against when the incident started; the line is the median per year."
    );
    let mut svg = svg_open(id, title, &desc);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let (lo, hi) = (30f64.ln(), 2_592_000f64.ln());
    let y_of = |secs: f64| TOP + plot_h - plot_h * ((secs.clamp(30.0, 2_592_000.0).ln() - lo) / (hi - lo));
    for (secs, label) in DURATION_TICKS {
        let y = y_of(*secs);
        let _ = write!(
            svg,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
    let first = points.iter().map(|(i, _)| i.month_key.as_str()).min().unwrap_or("1970-01");
    let last = points.iter().map(|(i, _)| i.month_key.as_str()).max().unwrap_or("1970-01");
    let months = all_buckets(first, last, Bucket::Month);
    let index: BTreeMap<&str, usize> = months.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    let slot = plot_w / months.len() as f64;
    let x_of = |key: &str| LEFT + index.get(key).copied().unwrap_or(0) as f64 * slot + slot / 2.0;
    let mut by_year: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (n, (i, secs)) in points.iter().enumerate() {
        // Spread dots of one month a little so they do not hide each other.
        let jitter = ((n * 7) % 5) as f64 - 2.0;
        let _ = write!(
            svg,
            "<circle class=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\"><title>{}: {}</title></circle>",
            i.severity.class,
            x_of(&i.month_key) + jitter * slot.min(8.0) / 4.0,
            y_of(*secs as f64),
            xml_escape(&i.title),
            crate::model::human_duration(jiff::SignedDuration::from_secs(*secs))
        );
        by_year.entry(i.month_key[..4].to_string()).or_default().push(*secs);
    }
    let medians: Vec<(String, i64, usize)> = by_year
        .into_iter()
        .map(|(y, mut v)| {
            v.sort_unstable();
            (y, v[v.len() / 2], v.len())
        })
        .collect();
    let line: Vec<String> = medians
        .iter()
        .map(|(y, m, _)| {
            let mid = format!("{y}-07");
            let key = if index.contains_key(mid.as_str()) {
                mid
            } else {
                format!("{y}-01").max(first.to_string()).min(last.to_string())
            };
            format!("{:.1},{:.1}", x_of(&key), y_of(*m as f64))
        })
        .collect();
    if line.len() > 1 {
        let _ = write!(svg, "<polyline class=\"median\" points=\"{}\"/>", line.join(" "));
    }
    let every = months.len().div_ceil(8).max(1);
    for (_, key) in months.iter().enumerate().filter(|(b, _)| b % every == 0) {
        let _ = write!(
            svg,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x_of(key),
            H - BOTTOM + 16.0,
            xml_escape(key)
        );
    }
    svg.push_str("</svg>");
    let rows = medians
        .iter()
        .map(|(y, m, n)| {
            vec![y.clone(), n.to_string(), crate::model::human_duration(jiff::SignedDuration::from_secs(*m))]
        })
        .collect();
    Chart {
        id: id.into(),
        title: title.into(),
        desc,
        svg,
        head: vec!["Year".into(), "Incidents with a figure".into(), format!("Median {what}")],
        rows,
    }
}

/// The services with the most incidents, as horizontal bars.
pub fn top_services(incidents: &[IncidentView], limit: usize) -> Chart {
    let id = "top-services";
    let title = "Services with the most incidents";
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for i in incidents {
        for s in &i.services {
            *counts.entry(s.name.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(limit);
    if ranked.is_empty() {
        return empty_chart(id, title);
    }
    let desc = format!("Horizontal bars: incidents per service, the {} most affected services.", ranked.len());
    let row_h = 24.0;
    let height = TOP + row_h * ranked.len() as f64 + 8.0;
    let label_w = 170.0;
    let max = ranked[0].1 as f64;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height:.0}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        xml_escape(title),
        xml_escape(&desc)
    );
    for (n, (name, count)) in ranked.iter().enumerate() {
        let y = TOP + n as f64 * row_h;
        let w = (W - label_w - 60.0) * *count as f64 / max;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"bar\" x=\"{label_w}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\">{count}</text>",
            label_w - 8.0,
            y + 16.0,
            xml_escape(name),
            y + 4.0,
            row_h - 8.0,
            label_w + w + 6.0,
            y + 16.0
        );
    }
    svg.push_str("</svg>");
    let rows = ranked.iter().map(|(n, c)| vec![(*n).to_string(), c.to_string()]).collect();
    Chart { id: id.into(), title: title.into(), desc, svg, head: vec!["Service".into(), "Incidents".into()], rows }
}

/// Follow-through: action items done and still open, by the year of their incident.
pub fn follow_through(incidents: &[IncidentView]) -> Chart {
    let id = "follow-through";
    let title = "Follow-through on action items";
    let mut per_year: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for i in incidents {
        if i.action_items.is_empty() {
            continue;
        }
        let e = per_year.entry(i.year.name.as_str()).or_default();
        e.0 += i.actions_done;
        e.1 += i.action_items.len() - i.actions_done;
    }
    if per_year.is_empty() {
        return empty_chart(id, title);
    }
    let desc = format!(
        "Stacked bars per year of the incident: action items done (solid) and still open (light), {} years.",
        per_year.len()
    );
    let max = nice_max(per_year.values().map(|(d, o)| d + o).max().unwrap_or(1));
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let slot = plot_w / per_year.len() as f64;
    let bar_w = (slot * 0.6).min(64.0);
    let mut svg = svg_open(id, title, &desc);
    count_grid(&mut svg, max, 4, plot_h);
    let mut rows = Vec::new();
    for (n, (year, (done, open))) in per_year.iter().enumerate() {
        let x = LEFT + slot * n as f64 + (slot - bar_w) / 2.0;
        let h_done = plot_h * *done as f64 / max as f64;
        let h_open = plot_h * *open as f64 / max as f64;
        let base = TOP + plot_h;
        let _ = write!(
            svg,
            "<rect class=\"bar done\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h_done:.1}\"/><rect class=\"bar open\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h_open:.1}\"/><text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            base - h_done,
            base - h_done - h_open,
            x + bar_w / 2.0,
            H - BOTTOM + 18.0,
            xml_escape(year)
        );
        let total = done + open;
        rows.push(vec![
            (*year).to_string(),
            done.to_string(),
            open.to_string(),
            format!("{}%", (done * 100).checked_div(total).unwrap_or(0)),
        ]);
    }
    svg.push_str("</svg>");
    Chart {
        id: id.into(),
        title: title.into(),
        desc,
        svg,
        head: vec!["Year".into(), "Done".into(), "Open".into(), "Done (share)".into()],
        rows,
    }
}

fn empty_chart(id: &str, title: &str) -> Chart {
    Chart {
        id: id.into(),
        title: title.into(),
        desc: "No data yet.".into(),
        svg: String::new(),
        head: Vec::new(),
        rows: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axis_maximum() {
        assert_eq!([0, 1, 3, 7, 11, 120].map(nice_max), [1, 1, 5, 10, 20, 200]);
    }

    #[test]
    fn buckets_cover_the_range() {
        assert_eq!(all_buckets("2024-11", "2025-02", Bucket::Month), ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert_eq!(all_buckets("2024-11", "2025-02", Bucket::Quarter), ["2024-Q4", "2025-Q1"]);
        assert_eq!(all_buckets("2023-05", "2025-02", Bucket::Year), ["2023", "2024", "2025"]);
    }
}
