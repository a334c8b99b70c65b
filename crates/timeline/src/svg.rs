//! The SVG writer for both scenes.
//!
//! Output is deterministic (same scene, same bytes: fixed two-decimal numbers, no maps
//! iterated), uses classes only (no `style=` attribute or `<style>` element, for a strict
//! CSP; the hatch fills are `fill="url(#…)"` presentation attributes), and is accessible:
//! `<title>` and `<desc>` referenced by `aria-labelledby` / `aria-describedby`, one
//! `<title>` tooltip per bar, phase, marker and event.
//!
//! Both SVGs are `role="group"`: the global one holds one link per bar, the per-incident
//! one a focusable element per event (its text shows on hover and focus), and
//! `role="img"` would make those presentational (hidden from assistive technology yet
//! still focusable, a WCAG failure). In the global SVG
//! extra copies of a multi-service incident are taken out of the tab order
//! (`tabindex="-1"`) so keyboard users meet each incident once.

use std::fmt::Write as _;

use crate::global::Scene;
use crate::incident::IncidentScene;
use crate::severity::{hatch_body, severity_class};
use crate::text::{format_datetime, format_duration, num, xml_escape};

/// Accessible names and the id prefix for one SVG.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SvgOptions {
    /// The chart's name (`<title>`).
    pub title: String,
    /// A one-paragraph description (`<desc>`), e.g. "42 incidents from … to …; the table
    /// below lists the same facts".
    pub desc: String,
    /// Prefix for element ids (several SVGs on one page must differ). Characters other
    /// than ASCII letters, digits, `-` and `_` are dropped; empty becomes `tl`.
    pub id_prefix: String,
    /// Ids of the incidents to highlight (the current search's matches), sorted. Their
    /// bars get the class `match`, the others `dim`. `None` highlights nothing.
    pub highlight: Option<Vec<u32>>,
    /// Lighter markup for the browser's live timeline, redrawn on every frame: each bar's
    /// facts go in an `aria-label` attribute instead of a `<title>` element, and bars too
    /// narrow to show a hatch tile (under 6 px) get no hatch rectangle.
    pub compact: bool,
    /// Show only `(x, width)` of the drawing: the `viewBox` starts at `x` and the element
    /// is `width` wide, and lane labels sit at the window's left edge. The browser lays out
    /// a margin on both sides and pans by moving the window. `None`: all of it.
    pub window: Option<(f64, f64)>,
}

impl SvgOptions {
    fn prefix(&self) -> String {
        let p: String =
            self.id_prefix.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
        if p.is_empty() { "tl".to_owned() } else { p }
    }
}

fn open_svg(out: &mut String, class: &str, role: &str, w: f64, h: f64, opts: &SvgOptions, p: &str) {
    let (x, w) = opts.window.unwrap_or((0.0, w));
    let (x, w, h) = (num(x), num(w), num(h));
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="debrief-timeline {class}" role="{role}" aria-labelledby="{p}-title" aria-describedby="{p}-desc" viewBox="{x} 0 {w} {h}" width="{w}" height="{h}">"#
    );
    let _ = write!(
        out,
        r#"<title id="{p}-title">{}</title><desc id="{p}-desc">{}</desc>"#,
        xml_escape(&opts.title),
        xml_escape(&opts.desc)
    );
}

impl Scene<'_> {
    /// The global timeline as an SVG document fragment (an `<svg>` element).
    pub fn to_svg(&self, opts: &SvgOptions) -> String {
        let p = opts.prefix();
        let mut out = String::with_capacity(512 + self.bars.len() * 400);
        open_svg(&mut out, "timeline-global", "group", self.width, self.height, opts, &p);

        out.push_str("<defs>");
        for rank in 1..=5u8 {
            let _ = write!(
                out,
                r#"<pattern id="{p}-hatch-{rank}" width="6" height="6" patternUnits="userSpaceOnUse">{}</pattern>"#,
                hatch_body(rank)
            );
        }
        out.push_str("</defs>");

        out.push_str(r#"<g class="lanes">"#);
        for (i, lane) in self.lanes.iter().enumerate() {
            let parity = if i % 2 == 0 { "even" } else { "odd" };
            let _ = write!(
                out,
                r#"<g class="lane"><rect class="lane-bg {parity}" x="0" y="{}" width="{}" height="{}"/><text class="lane-label" x="{}" y="{}">{}"#,
                num(lane.y),
                num(self.width),
                num(lane.height),
                num(opts.window.map_or(0.0, |w| w.0) + 4.0),
                num(lane.y + 13.0),
                xml_escape(&lane.label)
            );
            if lane.hidden > 0 {
                let _ = write!(out, r#"<tspan class="lane-more"> · {} more: zoom in to see them</tspan>"#, lane.hidden);
            }
            out.push_str("</text></g>");
        }
        out.push_str("</g>");

        out.push_str(r#"<g class="axis" aria-hidden="true">"#);
        for t in &self.ticks {
            let major = if t.major { " major" } else { "" };
            let _ = write!(
                out,
                r#"<g class="tick{major}"><line x1="{x}" y1="{}" x2="{x}" y2="{}"/><text x="{}" y="{}">{}</text></g>"#,
                num(self.axis_height - 6.0),
                num(self.height),
                num(t.label_x),
                num(self.axis_height - 10.0),
                xml_escape(&t.label),
                x = num(t.x),
            );
        }
        out.push_str("</g>");

        out.push_str(r#"<g class="bars">"#);
        for b in &self.bars {
            let inc = &self.incidents[b.incident];
            let class = severity_class(b.severity_rank);
            let ongoing = if b.ongoing { " ongoing" } else { "" };
            let tab = if b.primary { "" } else { r#" tabindex="-1""# };
            let mark = match &opts.highlight {
                Some(ids) if ids.binary_search(&b.id).is_ok() => " match",
                Some(_) => " dim",
                None => "",
            };
            let tip = xml_escape(&self.tooltip(b.incident));
            let url = xml_escape(&inc.url);
            if opts.compact {
                let _ = write!(
                    out,
                    r#"<a href="{url}" class="bar {class}{ongoing}{mark}" data-id="{}"{tab} aria-label="{tip}">"#,
                    b.id
                );
            } else {
                let _ = write!(
                    out,
                    r#"<a href="{url}" class="bar {class}{ongoing}{mark}" data-id="{}"{tab}><title>{tip}</title>"#,
                    b.id
                );
            }
            let (x, y, w, h) = (num(b.x), num(b.y), num(b.w), num(b.h));
            let _ = write!(out, r#"<rect class="bar-fill" x="{x}" y="{y}" width="{w}" height="{h}"/>"#);
            if !opts.compact || b.w >= 6.0 {
                let _ = write!(
                    out,
                    r#"<rect class="bar-hatch" x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#{p}-hatch-{})"/>"#,
                    crate::severity::class_rank(b.severity_rank)
                );
            }
            if let Some(l) = &b.label {
                let side = if l.inside { "inside" } else { "outside" };
                let _ = write!(
                    out,
                    r#"<text class="bar-label {side}" x="{}" y="{}">{}</text>"#,
                    num(l.x),
                    num(l.y),
                    xml_escape(&l.text)
                );
            }
            out.push_str("</a>");
        }
        out.push_str("</g></svg>");
        out
    }

    /// The tooltip of a visible incident: title, severity, times and services.
    pub fn tooltip(&self, incident: usize) -> String {
        let Some(inc) = self.incidents.get(incident) else { return String::new() };
        let start = format_datetime(inc.start, &self.tz);
        let (end, dur) = match inc.end {
            Some(e) => (format_datetime(e, &self.tz), format_duration(e.saturating_sub(inc.start))),
            None => ("ongoing".to_owned(), format!("{} so far", format_duration(self.now.saturating_sub(inc.start)))),
        };
        let mut s = format!("{}\n{} · {} – {} ({})", inc.title, inc.severity_label, start, end, dur);
        if !inc.lanes.is_empty() {
            s.push('\n');
            s.push_str(&inc.lanes.join(", "));
        }
        s
    }
}

impl IncidentScene {
    /// The per-incident timeline as an SVG element.
    pub fn to_svg(&self, opts: &SvgOptions) -> String {
        let p = opts.prefix();
        let mut out = String::with_capacity(2048 + self.events.len() * 300);
        // `group`, not `img`: the events are focusable (their text shows on focus), and
        // focusable children of an `img` would be hidden from assistive technology.
        open_svg(&mut out, "timeline-incident", "group", self.width, self.height, opts, &p);
        let (band_top, band_bottom) = self.band;

        out.push_str(r#"<g class="axis">"#);
        for t in &self.ticks {
            let major = if t.major { " major" } else { "" };
            let _ = write!(
                out,
                r#"<g class="tick{major}"><line x1="{x}" y1="10" x2="{x}" y2="{}"/><text x="{}" y="14">{}</text></g>"#,
                num(band_bottom),
                num(t.label_x),
                xml_escape(&t.label),
                x = num(t.x),
            );
        }
        out.push_str("</g>");

        let _ = write!(
            out,
            r#"<g class="phases"><rect class="phase-band" x="0" y="{}" width="{}" height="{}"/>"#,
            num(band_top),
            num(self.width),
            num(band_bottom - band_top)
        );
        for ph in &self.phases {
            let ongoing = if ph.ongoing { " (ongoing)" } else { "" };
            let tip = format!(
                "{}{}: {} – {} ({})",
                ph.kind.name(),
                ongoing,
                format_datetime(ph.start, &self.tz),
                format_datetime(ph.end, &self.tz),
                format_duration(ph.end.saturating_sub(ph.start))
            );
            let _ = write!(
                out,
                r#"<g class="phase"><title>{}</title><rect class="{}" x="{}" y="{}" width="{}" height="{}"/>"#,
                xml_escape(&tip),
                ph.kind.class(),
                num(ph.x),
                num(ph.y),
                num(ph.w),
                num(ph.h)
            );
            if let Some(l) = &ph.label {
                let _ = write!(
                    out,
                    r#"<text class="phase-label" x="{}" y="{}">{}</text>"#,
                    num(l.x),
                    num(l.y),
                    xml_escape(&l.text)
                );
            }
            out.push_str("</g>");
        }
        out.push_str("</g>");

        out.push_str(r#"<g class="markers">"#);
        for m in &self.markers {
            let mut tip = format!("{} {}", m.kind.name(), format_datetime(m.at, &self.tz));
            if let Some(metric) = &m.metric {
                let _ = write!(tip, " · {}: {}", metric.kind.name(), format_duration(metric.seconds));
            }
            let _ = write!(
                out,
                r#"<g class="marker {}"><title>{}</title><line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
                m.kind.class(),
                xml_escape(&tip),
                num(band_top - 4.0),
                num(band_bottom + 4.0),
                x = num(m.x)
            );
            if let Some(l) = &m.label {
                let _ = write!(
                    out,
                    r#"<text class="marker-label" x="{}" y="{}">{}</text>"#,
                    num(l.x),
                    num(l.y),
                    xml_escape(&l.text)
                );
            }
            out.push_str("</g>");
        }
        out.push_str("</g>");

        let _ = write!(
            out,
            r#"<line class="event-line" x1="0" y1="{y}" x2="{}" y2="{y}"/><g class="events">"#,
            num(self.width),
            y = num(self.event_line_y)
        );
        for e in &self.events {
            let tip = format!("{} — {}", format_datetime(e.at, &self.tz), e.text);
            let _ = write!(
                out,
                r#"<g class="event" data-index="{}" tabindex="0"><title>{}</title><circle class="event-dot" cx="{}" cy="{}" r="4"/>"#,
                e.index,
                xml_escape(&tip),
                num(e.x),
                num(e.y)
            );
            if let Some(l) = &e.label {
                let _ = write!(
                    out,
                    r#"<text class="event-label" x="{}" y="{}">{}</text>"#,
                    num(l.x),
                    num(l.y),
                    xml_escape(&l.text)
                );
            }
            out.push_str("</g>");
        }
        out.push_str("</g></svg>");
        out
    }
}
