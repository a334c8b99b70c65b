//! Static timelines at build time: the global timeline on the history and facet pages and
//! each incident's own timeline, laid out by `debrief-timeline` (the same code the browser
//! runs) and written as accessible SVG plus the same facts as table rows. Pages stay
//! complete with JavaScript off.

use crate::model::IncidentView;
use debrief_content::Postmortem;
use debrief_timeline::Zone;
use debrief_timeline::{Bar, Event, Incident, IncidentOptions, LaneMode, LayoutOptions, SvgOptions, View};
use serde::Serialize;

/// Width of the static global timeline, in SVG units (it scales to the page).
const GLOBAL_WIDTH: f64 = 960.0;
/// Width of an incident's timeline.
const INCIDENT_WIDTH: f64 = 720.0;

/// A timeline ready for a template.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineView {
    /// The `<svg>` element.
    pub svg: String,
    /// Table header.
    pub head: Vec<String>,
    /// Table rows: the same facts as the chart.
    pub rows: Vec<Vec<String>>,
}

/// The instant every timeline treats as "now": the latest moment in the content, so two
/// builds of the same input are identical (ongoing incidents extend to it).
pub fn content_now(postmortems: &[&Postmortem]) -> i64 {
    postmortems
        .iter()
        .flat_map(|pm| [Some(pm.started), pm.detected, pm.mitigated, pm.resolved])
        .flatten()
        .map(|w| w.instant.as_second())
        .chain(postmortems.iter().flat_map(|pm| pm.timeline.iter().filter_map(|e| e.at.map(|t| t.as_second()))))
        .max()
        .unwrap_or(0)
}

/// The global timeline of `items` (newest first; only the first [`debrief_timeline::OVERVIEW_INCIDENTS`] are drawn),
/// in severity lanes.
pub fn global(items: &[(&Postmortem, &IncidentView)], tz: &Zone, now: i64, id_prefix: &str) -> Option<TimelineView> {
    let items = &items[..items.len().min(debrief_timeline::OVERVIEW_INCIDENTS)];
    if items.is_empty() {
        return None;
    }
    let bars: Vec<Bar> = items
        .iter()
        .enumerate()
        .map(|(i, (pm, view))| Bar {
            id: u32::try_from(i).unwrap_or(u32::MAX),
            start: pm.started.instant.as_second(),
            end: pm.end_for_timeline().map(|t| t.as_second()),
            severity_rank: u8::try_from(view.severity.rank).unwrap_or(u8::MAX),
            severity_label: format!("{} {}", view.severity.id, view.severity.label),
            lanes: view.services.iter().map(|s| s.name.clone()).collect(),
            title: view.title.clone(),
            url: view.url.clone(),
        })
        .collect();
    let (from, to) = debrief_timeline::fit_range(&bars, now)?;
    let view = View { from, to, width_px: GLOBAL_WIDTH };
    let scene = debrief_timeline::layout(&bars, &view, LaneMode::Severity, tz, &LayoutOptions::new(now));
    let count = items.len();
    let svg = scene.to_svg(&SvgOptions {
        title: format!("Timeline of {count} incident{}", if count == 1 { "" } else { "s" }),
        desc: "Each bar runs from an incident's start to its resolution, in a lane per severity; select a bar to open the incident.".into(),
        id_prefix: id_prefix.into(),
        highlight: None,
compact: false,
window: None,
    });
    let rows = scene
        .to_table_rows()
        .into_iter()
        .map(|r| vec![r.title, r.severity_label, r.start, r.end, r.duration, r.services.join(", ")])
        .collect();
    Some(TimelineView {
        svg,
        head: ["Incident", "Severity", "Started", "Ended", "Duration", "Services"].map(String::from).to_vec(),
        rows,
    })
}

/// One incident's timeline: its events, the detected / mitigated / resolved markers and
/// the phases between them. `None` when there is nothing to place on a time axis.
pub fn incident(pm: &Postmortem, tz: &Zone, now: i64) -> Option<TimelineView> {
    let events: Vec<Event> = pm
        .timeline
        .iter()
        .filter_map(|e| e.at.map(|at| Event { at: at.as_second(), label: e.label.clone(), text: e.text.clone() }))
        .collect();
    let has_markers = pm.detected.is_some() || pm.mitigated.is_some() || pm.resolved.is_some();
    if events.is_empty() && (!has_markers || pm.started.date_only) {
        return None;
    }
    let incident = Incident {
        started: pm.started.instant.as_second(),
        detected: pm.detected.map(|w| w.instant.as_second()),
        mitigated: pm.mitigated.map(|w| w.instant.as_second()),
        resolved: pm.resolved.map(|w| w.instant.as_second()),
        events,
    };
    // Only an ongoing incident runs on to "now"; one whose resolution is not stated ends
    // at the last instant known.
    let now = match pm.end_for_timeline() {
        Some(end) if pm.resolved.is_none() => end.as_second(),
        _ => now,
    };
    let scene = debrief_timeline::layout_incident(&incident, tz, &IncidentOptions::new(now, INCIDENT_WIDTH));
    let svg = scene.to_svg(&SvgOptions {
        title: format!("Timeline of “{}”", pm.title),
        desc: "Events on a time axis, with the detected, mitigated and resolved markers and the phases between them."
            .into(),
        id_prefix: "it".into(),
        highlight: None,
        compact: false,
        window: None,
    });
    let rows = scene.to_table_rows().into_iter().map(|r| vec![r.time, r.kind, r.text]).collect();
    Some(TimelineView { svg, head: ["Time", "What", "Details"].map(String::from).to_vec(), rows })
}

/// The interactive timeline's data file: every published incident in search document
/// order (newest first, then input order, as `debrief-search` numbers documents), with
/// the site's time zone so the browser's ticks follow the same calendar.
pub fn data(items: &[(&Postmortem, &IncidentView)], zone: &Zone, now: i64) -> debrief_timeline::data::TimelineData {
    use debrief_timeline::data::{FORMAT_VERSION, IncidentRecord, TimelineData};
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[b].0.started.instant.cmp(&items[a].0.started.instant).then(a.cmp(&b)));
    let mut severities: Vec<(u8, String)> = Vec::new();
    let mut services: Vec<String> = Vec::new();
    let mut service_ids = std::collections::HashMap::new();
    let mut incidents = Vec::with_capacity(items.len());
    for i in order {
        let (pm, view) = items[i];
        let rank = u8::try_from(view.severity.rank).unwrap_or(u8::MAX);
        let label = format!("{} {}", view.severity.id, view.severity.label);
        let severity = match severities.iter().position(|(r, l)| *r == rank && *l == label) {
            Some(p) => p,
            None => {
                severities.push((rank, label));
                severities.len() - 1
            }
        };
        let ids = view
            .services
            .iter()
            .map(|s| {
                *service_ids.entry(s.name.clone()).or_insert_with(|| {
                    services.push(s.name.clone());
                    u32::try_from(services.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect();
        incidents.push(IncidentRecord {
            start: pm.started.instant.as_second(),
            end: pm.end_for_timeline().map(|t| t.as_second()),
            severity: u16::try_from(severity).unwrap_or(u16::MAX),
            services: ids,
            title: view.title.clone(),
            url: view.url.clone(),
        });
    }
    TimelineData { version: FORMAT_VERSION, now, zone: zone.clone(), severities, services, incidents }
}
