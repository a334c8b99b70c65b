//! Timeline data target: the `timeline.bin` file the browser decodes and lays out.

use debrief_timeline::data::{IncidentRecord, TimelineData};
use debrief_timeline::{LaneMode, Lanes, LayoutOptions, View, fit_range, layout_with};

/// Decoding says yes or no, never panics; accepted data lays out in both lane modes with
/// every placed bar inside the drawing.
pub fn decode(data: &[u8]) {
    let Ok(timeline) = TimelineData::from_bytes(data) else { return };
    let (bars, zone, now) = timeline.into_bars();
    let opts = LayoutOptions::new(now);
    let Some((from, to)) = fit_range(&bars, now) else { return };
    let view = View { from, to, width_px: 960.0 };
    for mode in [LaneMode::Service, LaneMode::Severity] {
        let lanes = Lanes::new(&bars, mode);
        let scene = layout_with(&bars, &lanes, &view, &zone, &opts);
        let _ = scene.to_table_rows();
    }
}

/// Seeds: a few real-looking timeline files.
pub fn seeds() -> Vec<Vec<u8>> {
    let record = |start: i64, end: Option<i64>, severity: u16, services: Vec<u32>, title: &str| IncidentRecord {
        start,
        end,
        severity,
        services,
        title: title.into(),
        url: format!("/incidents/{}/", title.to_lowercase().replace(' ', "-")),
    };
    let base = TimelineData {
        version: debrief_timeline::data::FORMAT_VERSION,
        now: 1_733_000_000,
        severities: vec![(0, "SEV1".into()), (1, "SEV2".into()), (2, "SEV3".into())],
        services: vec!["checkout-api".into(), "payments".into(), "dns".into()],
        incidents: vec![
            record(1_732_000_000, Some(1_732_007_200), 0, vec![0, 1], "Checkout certificate expired"),
            record(1_731_000_000, None, 1, vec![2], "DNS failures"),
            record(1_700_000_000, Some(1_700_000_060), 2, vec![], "Short blip"),
        ],
        ..TimelineData::default()
    };
    let mut empty = base.clone();
    empty.incidents.clear();
    vec![base.to_bytes(), empty.to_bytes()]
}
