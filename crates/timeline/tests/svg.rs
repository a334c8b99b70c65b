//! The SVG writer and the table rows: snapshots, accessibility, escaping, CSP.

mod common;

use common::*;
use debrief_timeline::*;

fn sample_bars() -> Vec<Bar> {
    vec![
        bar(
            1,
            T0,
            Some(T0 + 50 * 60),
            2,
            &["checkout-api", "payments"],
            "Checkout API errors after an expired TLS certificate",
        ),
        bar(2, T0 + 20 * 60, Some(T0 + 80 * 60), 1, &["payments"], "Card <payments> & refunds down"),
        bar(3, T0 + 3 * 3600, None, 3, &[], "Slow search"),
    ]
}

fn sample_scene(bars: &[Bar]) -> Scene<'_> {
    let view = View { from: T0 - 1800, to: T0 + 5 * 3600, width_px: 640.0 };
    layout(bars, &view, LaneMode::Service, &zone("Europe/Paris"), &LayoutOptions::new(T0 + 4 * 3600))
}

fn sample_incident() -> IncidentScene {
    let incident = Incident {
        started: T0,
        detected: Some(T0 + 7 * 60),
        mitigated: Some(T0 + 50 * 60),
        resolved: Some(T0 + 88 * 60),
        events: vec![
            Event {
                at: T0,
                label: "Certificate expired".into(),
                text: "The certificate on the load balancer expired.".into(),
            },
            Event { at: T0 + 7 * 60, label: "".into(), text: "Error-rate alert fired; on-call paged".into() },
            Event { at: T0 + 9 * 60, label: "Investigation".into(), text: "On-call started investigating.".into() },
            Event {
                at: T0 + 50 * 60,
                label: "Cert renewed".into(),
                text: "A renewed certificate was deployed.".into(),
            },
        ],
    };
    layout_incident(&incident, &zone("UTC"), &IncidentOptions::new(T0 + 86_400, 640.0))
}

fn opts(prefix: &str) -> SvgOptions {
    SvgOptions {
        title: "Incident history".into(),
        desc: "Three incidents on 14 March 2025.".into(),
        id_prefix: prefix.into(),
        highlight: None,
        compact: false,
        window: None,
    }
}

#[test]
fn global_svg_snapshot() {
    insta::assert_snapshot!("global", sample_scene(&sample_bars()).to_svg(&opts("g")));
}

#[test]
fn incident_svg_snapshot() {
    insta::assert_snapshot!("incident", sample_incident().to_svg(&opts("i")));
}

#[test]
fn global_svg_is_accessible_and_csp_safe() {
    let bars = sample_bars();
    let scene = sample_scene(&bars);
    let svg = scene.to_svg(&opts("g\"><x"));
    assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#));
    assert!(svg.contains(r#"aria-labelledby="gx-title""#), "prefix sanitised");
    assert!(svg.contains(r#"<title id="gx-title">Incident history</title>"#));
    assert!(svg.contains(r#"<desc id="gx-desc">"#));
    assert!(!svg.contains("style="));
    assert!(!svg.contains("<style"));
    assert!(!svg.contains("<payments>"), "titles are escaped");
    assert!(svg.contains("Card &lt;payments&gt; &amp; refunds down"));
    assert_eq!(svg.matches("<a href=").count(), scene.bars.len());
    assert_eq!(svg.matches(r#"tabindex="-1""#).count(), scene.bars.iter().filter(|b| !b.primary).count());
    for rank in 1..=5 {
        assert!(svg.contains(&format!(r#"id="gx-hatch-{rank}""#)));
    }
    assert!(svg.contains(r#"class="bar sev-1""#) && svg.contains(r#"class="bar sev-3 ongoing""#));
}

#[test]
fn incident_svg_is_a_group_with_focusable_events_phases_markers_and_metrics() {
    let scene = sample_incident();
    let svg = scene.to_svg(&opts("i"));
    assert!(svg.contains(r#"role="group""#) && !svg.contains(r#"role="img""#));
    assert_eq!(svg.matches(r#"class="event" "#).count(), scene.events.len());
    assert_eq!(svg.matches(r#"tabindex="0""#).count(), scene.events.len(), "every event is focusable");
    assert!(!svg.contains("style="));
    let kinds: Vec<PhaseKind> = scene.phases.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, vec![PhaseKind::BeforeDetection, PhaseKind::Investigation, PhaseKind::Recovery]);
    let metrics: Vec<&str> = scene.metrics.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(metrics, vec!["TTD 7m", "TTM 50m", "TTR 1h 28m"]);
    let labels: Vec<&str> = scene.markers.iter().filter_map(|m| m.label.as_ref()).map(|l| l.text.as_str()).collect();
    assert_eq!(labels, vec!["Started", "Detected · TTD 7m", "Mitigated · TTM 50m", "Resolved · TTR 1h 28m"]);
    assert!(svg.contains("Detected · TTD 7m"));
    assert!(svg.contains(r#"class="phase-before-detection""#));
    assert!(svg.contains("<title>Impact before detection: 2025-03-14 09:12 UTC – 2025-03-14 09:19 UTC (7m)</title>"));
    assert_eq!(svg.matches(r#"class="event-dot""#).count(), 4);
}

#[test]
fn ongoing_incident_runs_to_now() {
    let incident = Incident { started: T0, detected: Some(T0 + 600), mitigated: None, resolved: None, events: vec![] };
    let scene = layout_incident(&incident, &zone("UTC"), &IncidentOptions::new(T0 + 3600, 500.0));
    assert_eq!(scene.markers.last().map(|m| m.kind), Some(MarkerKind::Now));
    let last = scene.phases.last().expect("phase");
    assert!(last.ongoing);
    assert_eq!(last.end, T0 + 3600);
    assert_eq!(scene.metrics.len(), 1);
}

#[test]
fn table_rows_carry_the_same_facts() {
    let bars = sample_bars();
    let scene = sample_scene(&bars);
    let rows = scene.to_table_rows();
    assert_eq!(rows.len(), scene.incidents.len());
    assert_eq!(rows[0].title, "Checkout API errors after an expired TLS certificate");
    assert_eq!(rows[0].start, "2025-03-14 10:12 CET");
    assert_eq!(rows[0].duration, "50m");
    assert_eq!(rows[0].services, vec!["checkout-api", "payments"]);
    assert_eq!(rows[2].end, "ongoing");
    assert_eq!(rows[2].duration, "1h so far");

    let rows = sample_incident().to_table_rows();
    let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, vec!["Started", "Event", "Detected", "Event", "Event", "Mitigated", "Event", "Resolved"]);
    assert_eq!(rows[2].text, "Time to detect: 7m");
    assert_eq!(rows[2].time, "2025-03-14 09:19 UTC");
}

#[test]
fn empty_and_degenerate_inputs_do_not_panic() {
    let tz = zone("UTC");
    let s = layout(&[], &View { from: 10, to: 0, width_px: f64::NAN }, LaneMode::Severity, &tz, &LayoutOptions::new(0));
    assert!(s.bars.is_empty() && s.ticks.is_empty());
    let _ = s.to_svg(&SvgOptions::default());
    let extreme = vec![bar(1, i64::MIN, Some(i64::MAX), 0, &[], "")];
    let s = layout(
        &extreme,
        &View { from: i64::MIN, to: i64::MAX, width_px: 500.0 },
        LaneMode::Service,
        &tz,
        &LayoutOptions::new(0),
    );
    assert_eq!(s.bars.len(), 1);
    let _ = s.to_table_rows();
    let inc = Incident { started: 100, detected: Some(50), mitigated: None, resolved: Some(10), events: vec![] };
    let s = layout_incident(&inc, &tz, &IncidentOptions::new(0, 0.0));
    assert!(s.phases.iter().all(|p| p.start <= p.end));
    let _ = s.to_svg(&SvgOptions::default());
}
