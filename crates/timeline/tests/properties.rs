//! Property tests of the layout: ticks, packing, labels, culling, determinism.

mod common;

use std::collections::BTreeSet;

use common::*;
use debrief_timeline::*;
use proptest::prelude::*;

const EPS: f64 = 1e-6;

fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    // (x, y, w, h), touching edges do not overlap
    a.0 + EPS < b.0 + b.2 && b.0 + EPS < a.0 + a.2 && a.1 + EPS < b.1 + b.3 && b.1 + EPS < a.1 + a.3
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ticks_increase_stay_inside_and_labels_never_overlap(
        from in -2_000_000_000i64..4_000_000_000,
        span in prop_oneof![60i64..7200, 7200i64..30 * 86_400, 30 * 86_400i64..40 * 365 * 86_400],
        width in 80.0f64..3000.0,
        char_px in 5.0f64..9.0,
        tz in zones(),
    ) {
        let scale = TimeScale::new(from, from + span, width);
        let (step, ticks) = axis_ticks(&scale, &tz, char_px);
        for t in &ticks {
            prop_assert!(t.at >= scale.from && t.at <= scale.to);
            prop_assert!(t.x >= 0.0 && t.x <= width + EPS);
            prop_assert!(t.label_x + t.label_w <= width + EPS);
            prop_assert!(!t.label.is_empty());
        }
        for w in ticks.windows(2) {
            prop_assert!(w[0].at < w[1].at);
            prop_assert!(w[0].x < w[1].x);
            prop_assert!(w[0].label_x + w[0].label_w + TICK_LABEL_GAP <= w[1].label_x + EPS,
                "{:?} overlaps {:?}", w[0], w[1]);
        }
        // A wide axis over a span the ladder covers always gets at least two ticks.
        if width >= 800.0 && (300..=20 * 365 * 86_400).contains(&span) {
            prop_assert!(ticks.len() >= 2, "{step:?} gave {} ticks", ticks.len());
        }
    }

    #[test]
    fn packing_never_overlaps_and_culling_is_exact(
        bars in bars(120),
        from_off in -5i64 * 86_400..50 * 86_400,
        span in 600i64..70 * 86_400,
        width in 120.0f64..2000.0,
        mode in prop::sample::select(vec![LaneMode::Service, LaneMode::Severity]),
    ) {
        let now = T0 + 61 * 86_400;
        let view = View { from: T0 + from_off, to: T0 + from_off + span, width_px: width };
        let opts = LayoutOptions::new(now);
        let scene = layout(&bars, &view, mode, &Zone::utc(), &opts);

        // Culling keeps exactly the bars that intersect the view.
        let expected: BTreeSet<u32> = bars.iter()
            .filter(|b| b.start <= view.to && b.end.unwrap_or(now).max(b.start) >= view.from)
            .map(|b| b.id).collect();
        let got: BTreeSet<u32> = scene.incidents.iter().map(|i| i.id).collect();
        prop_assert_eq!(&got, &expected);
        let placed: BTreeSet<u32> = scene.bars.iter().map(|b| b.id).collect();
        prop_assert_eq!(&placed, &expected);
        for inc in &scene.incidents {
            let copies = scene.bars.iter().filter(|b| b.id == inc.id).count();
            let want = match mode {
                LaneMode::Severity => 1,
                LaneMode::Service => inc.lanes.iter().collect::<BTreeSet<_>>().len().max(1),
            };
            prop_assert_eq!(copies, want);
            prop_assert_eq!(scene.bars.iter().filter(|b| b.id == inc.id && b.primary).count(), 1);
        }

        // Geometry: inside the view, at least the minimum width, inside its lane and row.
        for b in &scene.bars {
            prop_assert!(b.x >= -EPS && b.right() <= width + EPS);
            prop_assert!(b.w >= opts.min_bar_px - EPS);
            let lane = &scene.lanes[b.lane];
            prop_assert!(b.row < lane.rows);
            prop_assert!(b.y >= lane.y && b.y + b.h <= lane.y + lane.height + EPS);
        }

        // No two bars of a lane row overlap, and no two bars overlap anywhere.
        for (i, a) in scene.bars.iter().enumerate() {
            for b in &scene.bars[i + 1..] {
                if a.lane == b.lane && a.row == b.row {
                    prop_assert!(a.right() + BAR_GAP <= b.x + EPS || b.right() + BAR_GAP <= a.x + EPS);
                }
                prop_assert!(!overlap((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h)));
            }
        }

        // Labels: inside their own bar or in free space; never over another label or bar.
        let boxes: Vec<(usize, (f64, f64, f64, f64))> = scene.bars.iter().enumerate()
            .filter_map(|(i, b)| b.label.as_ref().map(|l| (i, (l.x, b.y, l.w, b.h)))).collect();
        for &(i, lb) in &boxes {
            let own = &scene.bars[i];
            let label = own.label.as_ref().expect("label");
            prop_assert!(lb.0 >= -EPS && lb.0 + lb.2 <= width + EPS);
            if label.inside {
                prop_assert!(lb.0 >= own.x && lb.0 + lb.2 <= own.right() + EPS);
            }
            for (j, other) in scene.bars.iter().enumerate() {
                if j != i {
                    prop_assert!(!overlap(lb, (other.x, other.y, other.w, other.h)),
                        "label of {} over bar {}", own.id, other.id);
                }
            }
            for &(j, ob) in &boxes {
                if j != i {
                    prop_assert!(!overlap(lb, ob));
                }
            }
        }

        // Lanes stack without gaps or overlap.
        let mut y = scene.axis_height;
        for lane in &scene.lanes {
            prop_assert!((lane.y - y).abs() < EPS);
            y += lane.height;
        }
    }

    #[test]
    fn svg_is_deterministic_and_independent_of_input_order(bars in bars(60), width in 200.0f64..1500.0) {
        let view = View { from: T0, to: T0 + 30 * 86_400, width_px: width };
        let opts = LayoutOptions::new(T0 + 61 * 86_400);
        let tz = common::zone("Europe/Paris");
        let svg_opts = SvgOptions { title: "t".into(), desc: "d".into(), id_prefix: "p".into(), highlight: None, compact: false, window: None };
        let a = layout(&bars, &view, LaneMode::Service, &tz, &opts).to_svg(&svg_opts);
        let b = layout(&bars, &view, LaneMode::Service, &tz, &opts).to_svg(&svg_opts);
        prop_assert_eq!(&a, &b);
        let mut reversed = bars.clone();
        reversed.reverse();
        let c = layout(&reversed, &view, LaneMode::Service, &tz, &opts).to_svg(&svg_opts);
        prop_assert_eq!(&a, &c);
        prop_assert!(!a.contains("style="));
    }

    #[test]
    fn incident_phases_are_ordered_and_labels_never_overlap(
        incident in incident(),
        width in 240.0f64..1600.0,
        tz in zones(),
    ) {
        let now = T0 + 40 * 86_400;
        let scene = layout_incident(&incident, &tz, &IncidentOptions::new(now, width));
        // Phases tile [started, end] in order, each labelled by kind.
        prop_assert_eq!(scene.phases.len() + 1, scene.markers.len());
        for (i, p) in scene.phases.iter().enumerate() {
            prop_assert!(p.start <= p.end);
            prop_assert_eq!(p.start, scene.markers[i].at);
            prop_assert_eq!(p.end, scene.markers[i + 1].at);
            prop_assert!(p.w >= -EPS);
        }
        prop_assert_eq!(scene.markers[0].kind, MarkerKind::Started);
        for w in scene.markers.windows(2) {
            prop_assert!(w[0].at <= w[1].at);
        }
        prop_assert_eq!(scene.phases.last().is_some_and(|p| p.ongoing), incident.resolved.is_none());
        // Every marker and event is inside the axis range.
        for m in &scene.markers {
            prop_assert!(m.x >= 0.0 && m.x <= scene.width);
        }
        for e in &scene.events {
            prop_assert!(e.x >= 0.0 && e.x <= scene.width);
        }
        prop_assert_eq!(scene.events.len(), incident.events.len());
        // Labels: within the width and pairwise disjoint (rows are separate bands).
        let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
        for l in scene.markers.iter().filter_map(|m| m.label.as_ref())
            .chain(scene.events.iter().filter_map(|e| e.label.as_ref()))
            .chain(scene.phases.iter().filter_map(|p| p.label.as_ref()))
        {
            prop_assert!(l.x >= -EPS && l.x + l.w <= scene.width + EPS);
            boxes.push((l.x, l.y - 12.0, l.w, 14.0));
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                prop_assert!(!overlap(*a, *b), "{a:?} {b:?}");
            }
        }
        // Ticks increase.
        for w in scene.ticks.windows(2) {
            prop_assert!(w[0].at < w[1].at);
        }
        prop_assert!(scene.ticks.len() >= 2 || width < 400.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The compact zone the browser gets agrees with jiff's tz database between 1900 and
    /// 2100: offsets, local date and time, abbreviations, and local → instant (gaps skipped,
    /// the earlier instant of a fold).
    #[test]
    fn zone_agrees_with_jiff(at in -2_208_988_800i64..4_102_444_800, which in 0usize..ZONES.len()) {
        use jiff::tz::AmbiguousOffset;
        let (j, z) = (jzone(ZONES[which]), zone(ZONES[which]));
        let ts = jiff::Timestamp::from_second(at).unwrap();
        let info = j.to_offset_info(ts);
        prop_assert_eq!(z.offset(at), info.offset().seconds());
        prop_assert_eq!(z.abbreviation(at), info.abbreviation());
        let (jd, zd) = (j.to_datetime(ts), z.to_datetime(at));
        prop_assert_eq!(
            (i32::from(jd.year()), jd.month(), jd.day(), jd.hour(), jd.minute()),
            (zd.date.year(), zd.date.month(), zd.date.day(), zd.hour, zd.minute)
        );
        prop_assert_eq!(zd.date.weekday_monday_zero(), jd.weekday().to_monday_zero_offset());
        let civil = jd.date().at(jd.hour(), jd.minute(), 0, 0);
        let amb = j.to_ambiguous_timestamp(civil);
        let expected = match amb.offset() {
            AmbiguousOffset::Gap { .. } => None,
            _ => Some(amb.earlier().unwrap().as_second()),
        };
        prop_assert_eq!(z.local_instant(zd), expected);
        let midnight = j.to_ambiguous_timestamp(jd.date().at(0, 0, 0, 0)).compatible().unwrap().as_second();
        prop_assert_eq!(z.day_start(zd.date), midnight);
    }
}

/// An incident whose every instant is the same minute still gets an axis with ticks
/// (found by the property above: the range was one minute wide and held one tick).
#[test]
fn a_zero_length_incident_gets_at_least_two_ticks() {
    let at = 1_741_943_520; // 2025-03-14 09:12 UTC
    let incident = Incident {
        started: at,
        detected: Some(at),
        mitigated: Some(at),
        resolved: Some(at),
        events: vec![Event { at, label: String::new(), text: String::new() }],
    };
    for width in [400.0, 435.262586885929, 800.0] {
        let scene = layout_incident(&incident, &zone("UTC"), &IncidentOptions::new(at + 86_400, width));
        assert!(scene.ticks.len() >= 2, "width {width}: {:?}", scene.ticks);
        assert!(scene.ticks.first().unwrap().at <= at && scene.ticks.last().unwrap().at >= at);
    }
}
