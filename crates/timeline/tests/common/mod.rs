//! Shared generators for the integration tests.
#![allow(dead_code, unreachable_pub)]

use debrief_timeline::{Bar, Event, Incident, Zone};
use jiff::tz::TimeZone;
use proptest::prelude::*;

/// 2025-03-14T09:12:00Z.
pub const T0: i64 = 1_741_943_520;

/// The jiff zone (the reference the tests check against).
pub fn jzone(name: &str) -> TimeZone {
    TimeZone::get(name).expect("bundled tzdb has the zone")
}

/// The zone as layout takes it, made as the site builder makes it.
pub fn zone(name: &str) -> Zone {
    Zone::from_jiff(&jzone(name))
}

pub const ZONES: [&str; 5] = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"];

pub fn zones() -> impl Strategy<Value = Zone> {
    prop::sample::select(vec!["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"])
        .prop_map(zone)
}

pub fn bar(id: u32, start: i64, end: Option<i64>, rank: u8, lanes: &[&str], title: &str) -> Bar {
    Bar {
        id,
        start,
        end,
        severity_rank: rank,
        severity_label: format!("SEV{rank}"),
        lanes: lanes.iter().map(|s| s.to_string()).collect(),
        title: title.to_owned(),
        url: format!("incidents/{id}/"),
    }
}

/// Bars over about 60 days after T0, durations from seconds to ~10 days, some ongoing.
pub fn bars(max: usize) -> impl Strategy<Value = Vec<Bar>> {
    let one = (
        0i64..60 * 86_400,
        prop_oneof![0i64..600, 0i64..86_400, 0i64..10 * 86_400],
        prop::bool::weighted(0.1),
        1u8..=5,
        prop::collection::vec(prop::sample::select(vec!["api", "db", "cdn", "auth", "search"]), 0..4),
        prop::sample::select(vec![
            "x",
            "Short",
            "A medium length title",
            "A rather long incident title that rarely fits",
        ]),
    );
    prop::collection::vec(one, 0..max).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (s, d, ongoing, rank, lanes, title))| {
                let start = T0 + s;
                bar(i as u32, start, (!ongoing).then_some(start + d), rank, &lanes, title)
            })
            .collect()
    })
}

pub fn incident() -> impl Strategy<Value = Incident> {
    (
        prop::collection::vec(0i64..30 * 86_400, 0..4),
        prop::bool::ANY,
        prop::collection::vec((-3600i64..30 * 86_400, "[a-z ]{0,40}"), 0..30),
        prop::sample::select(vec![600i64, 7200, 86_400, 30 * 86_400]),
    )
        .prop_map(|(mut instants, resolved, events, scale)| {
            instants.iter_mut().for_each(|i| *i %= scale);
            instants.sort();
            let mut it = instants.into_iter();
            let detected = it.next().map(|d| T0 + d);
            let mitigated = it.next().map(|d| T0 + d);
            let resolved_at = if resolved { it.next().map(|d| T0 + d) } else { None };
            Incident {
                started: T0,
                detected,
                mitigated,
                resolved: resolved_at,
                events: events
                    .into_iter()
                    .map(|(at, text)| Event { at: T0 + at % scale, label: String::new(), text })
                    .collect(),
            }
        })
}
