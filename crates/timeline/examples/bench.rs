//! Layout and SVG timings for 1k and 10k incidents (native): `cargo run --release -p
//! debrief-timeline --example bench`. Prints the median of repeated runs for a full view
//! (everything visible), a one-month zoom (most bars culled) and the SVG writer.

use std::hint::black_box;
use std::time::{Duration, Instant};

use debrief_timeline::Zone;
use debrief_timeline::*;
use jiff::tz::TimeZone;

fn bars(n: usize) -> Vec<Bar> {
    let services = ["api", "db", "cdn", "auth", "search", "payments", "webhooks", "dns", "mail", "storage"];
    let mut seed = 42u64;
    let mut rnd = |m: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    let t0 = 1_420_070_400; // 2015-01-01
    (0..n)
        .map(|i| {
            let start = t0 + rnd(10 * 365 * 86_400) as i64;
            let dur = [300, 1800, 3 * 3600, 86_400, 5 * 86_400][rnd(5) as usize] as i64;
            let rank = 1 + rnd(4) as u8;
            let lanes = (0..1 + rnd(3)).map(|_| services[rnd(10) as usize].to_owned()).collect();
            Bar {
                id: i as u32,
                start,
                end: if rnd(50) == 0 { None } else { Some(start + dur) },
                severity_rank: rank,
                severity_label: format!("SEV{rank}"),
                lanes,
                title: format!("Incident number {i} with a typical title"),
                url: format!("incidents/incident-{i}/"),
            }
        })
        .collect()
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let tz = Zone::from_jiff(&TimeZone::get("Europe/Paris").unwrap_or(TimeZone::UTC));
    let now = 1_420_070_400 + 10 * 365 * 86_400;
    let opts = LayoutOptions::new(now);
    for n in [1_000, 10_000] {
        let input = bars(n);
        let full = View { from: 1_420_070_400, to: now, width_px: 1200.0 };
        let month = View { from: 1_580_515_200, to: 1_580_515_200 + 30 * 86_400, width_px: 1200.0 };
        for (name, view, mode) in [
            ("full, service lanes", full, LaneMode::Service),
            ("full, severity lanes", full, LaneMode::Severity),
            ("1-month zoom, service", month, LaneMode::Service),
        ] {
            let scene = layout(&input, &view, mode, &tz, &opts);
            let t = median(|| drop(black_box(layout(black_box(&input), &view, mode, &tz, &opts))), 21);
            println!(
                "{n:>6} bars  layout {name:<22} {:>8.3} ms  ({} visible, {} placed)",
                t.as_secs_f64() * 1e3,
                scene.incidents.len(),
                scene.bars.len()
            );
        }
        if std::env::var_os("BENCH_LAYOUT_ONLY").is_some() {
            continue;
        }
        let scene = layout(&input, &full, LaneMode::Service, &tz, &opts);
        let svg_opts = SvgOptions {
            title: "t".into(),
            desc: "d".into(),
            id_prefix: "b".into(),
            highlight: None,
            compact: false,
            window: None,
        };
        let t = median(|| drop(black_box(scene.to_svg(&svg_opts))), 11);
        println!(
            "{n:>6} bars  to_svg full, service lanes     {:>8.3} ms  ({} KiB)",
            t.as_secs_f64() * 1e3,
            scene.to_svg(&svg_opts).len() / 1024
        );
    }
}
