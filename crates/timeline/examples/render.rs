//! Writes a demo HTML page (both timelines, the default CSS) to the path given as the
//! first argument, for looking at the output in a browser.

use debrief_timeline::Zone;
use debrief_timeline::*;
use jiff::tz::TimeZone;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "timeline-demo.html".to_owned());
    let tz = Zone::from_jiff(&TimeZone::get("Europe/Paris").unwrap_or(TimeZone::UTC));
    let t0 = 1_741_943_520;
    let titles = [
        "Checkout API errors after an expired TLS certificate",
        "Login slow",
        "CDN 5xx in eu-west-1",
        "Search index stale",
        "Webhooks delayed",
    ];
    let services = ["checkout-api", "payments", "auth", "cdn", "search", "webhooks"];
    let mut bars = Vec::new();
    let mut seed = 7u64;
    let mut rnd = |m: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % m
    };
    for i in 0..60u32 {
        let start = t0 + rnd(90 * 86_400) as i64;
        let dur = [600, 3600, 5 * 3600, 2 * 86_400][rnd(4) as usize] as i64;
        let rank = 1 + rnd(4) as u8;
        let lanes: Vec<String> = (0..1 + rnd(2)).map(|_| services[rnd(6) as usize].to_owned()).collect();
        bars.push(Bar {
            id: i,
            start,
            end: if i == 7 { None } else { Some(start + dur) },
            severity_rank: rank,
            severity_label: ["SEV1 Critical", "SEV2 Major", "SEV3 Minor", "SEV4 Low"][usize::from(rank - 1)].into(),
            lanes,
            title: titles[rnd(5) as usize].into(),
            url: format!("incidents/{i}/"),
        });
    }
    let now = t0 + 91 * 86_400;
    let mut html = format!(
        "<!doctype html><meta charset=utf-8><style>{DEFAULT_CSS} body{{margin:16px;font:14px sans-serif}}</style>"
    );
    for (w, from, to, mode) in [
        (1000.0, t0, t0 + 92 * 86_400, LaneMode::Service),
        (1000.0, t0 + 10 * 86_400, t0 + 17 * 86_400, LaneMode::Severity),
        (360.0, t0, t0 + 92 * 86_400, LaneMode::Severity),
    ] {
        let scene = layout(&bars, &View { from, to, width_px: w }, mode, &tz, &LayoutOptions::new(now));
        html.push_str(&scene.to_svg(&SvgOptions {
            title: "Incidents".into(),
            desc: "demo".into(),
            id_prefix: format!("g{w}"),
            highlight: None,
            compact: false,
            window: None,
        }));
        html.push_str("<br>");
    }
    let incident = Incident {
        started: t0,
        detected: Some(t0 + 7 * 60),
        mitigated: Some(t0 + 50 * 60),
        resolved: Some(t0 + 88 * 60),
        events: (0..12)
            .map(|k| Event {
                at: t0 + k * 8 * 60,
                label: String::new(),
                text: format!("Step {k}: something happened and was noted"),
            })
            .collect(),
    };
    for w in [800.0, 360.0] {
        let scene = layout_incident(&incident, &tz, &IncidentOptions::new(now, w));
        html.push_str(&scene.to_svg(&SvgOptions {
            title: "Incident".into(),
            desc: "demo".into(),
            id_prefix: format!("i{w}"),
            highlight: None,
            compact: false,
            window: None,
        }));
        html.push_str("<br>");
    }
    std::fs::write(&path, html).expect("write demo");
}
