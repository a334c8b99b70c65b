//! Hostile and broken input: every prefix of each fixture is read without a panic, and
//! incidents with awkward titles and bodies still give valid postmortems whose timeline
//! has one event per update, in time order.

use debrief_content::ParseContext;
use debrief_import::plan::{Options, plan};
use debrief_import::{Format, SeverityMap, cstate, statuspage, upptime};
use jiff::tz::TimeZone;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every prefix (at char boundaries, in steps) of `text`.
fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    (0..text.len()).step_by(7).filter(|&i| text.is_char_boundary(i)).map(move |i| &text[..i])
}

#[test]
fn truncated_sources_never_panic() {
    let zone = TimeZone::UTC;
    let incidents = fixture("statuspage/incidents.json");
    for prefix in prefixes(&incidents) {
        let _ = statuspage::parse(Path::new("i.json"), prefix, &zone);
    }
    let issues = fixture("upptime/issues.json");
    for prefix in prefixes(&issues) {
        let _ = upptime::parse(Path::new("i.json"), prefix, None, &zone);
    }
    let issue = fixture("cstate/content/issues/2021-06-01-eu-connection-issues.md");
    for prefix in prefixes(&issue) {
        let site = cstate::Site { config: None, issues: vec![(PathBuf::from("x.md"), "x.md".into(), prefix.into())] };
        let _ = cstate::parse(&site, &zone);
    }
    let config = fixture("cstate/config.yml");
    for prefix in prefixes(&config) {
        let site = cstate::Site { config: Some((PathBuf::from("config.yml"), prefix.into())), issues: vec![] };
        let _ = cstate::parse(&site, &zone);
    }
}

#[test]
fn awkward_titles_and_bodies_give_valid_postmortems_with_every_update_as_an_event() {
    let titles = [
        "Outage: \"quoted\" # not a comment",
        "- starts like a list",
        "--- looks like a delimiter",
        "& * | ! % @ ` { } [ ] > < ?",
        "Ünïcödé and emoji 🔥🚒",
        "tab\there and\nnewline and \u{0} nul and \u{2028} separator",
        &"very long title ".repeat(40),
        "日本語のタイトル",
    ];
    let bodies = [
        "<p>Para</p><h1>Timeline</h1><ul><li>09:00 not an event</li><li>First seen 2024-01-01 10:00 UTC</li></ul>",
        "March 5: a date at the start\n\n10:30 a time at the start",
        "line\r\nwith\rcarriage returns\0 and a nul",
        "Text\n---\nsetext underline and a ```fence\n\n```\ncode\n```",
        "",
        "<table><tr><th>a</th></tr><tr><td>1</td></tr></table>",
        "# Heading\n\n## Root cause\n\n> quote\n\n1. one\n2. two",
        &"long body with <b>tags</b> ".repeat(2000),
    ];
    let mut incidents = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        let updates: Vec<_> = bodies
            .iter()
            .enumerate()
            .map(|(j, body)| {
                // Two updates share each time: the order within a time is the source's.
                let minute = (bodies.len() - j) / 2;
                let status = ["investigating", "identified", "monitoring", "in_progress"][j % 4];
                json!({"status": status, "body": body,
                       "display_at": format!("2024-0{}-01T10:{minute:02}:00.5+05:30", i % 9 + 1)})
            })
            .collect();
        incidents.push(json!({"id": format!("id{i}"), "name": title, "status": "monitoring", "impact": "weird",
            "created_at": format!("2024-0{}-01T09:59:00Z", i % 9 + 1), "components": [{"name": title}, {"name": null}],
            "incident_updates": updates}));
    }
    let text = json!({"page": {"time_zone": "Asia/Kolkata"}, "incidents": incidents}).to_string();
    let parsed = statuspage::parse(Path::new("i.json"), &text, &TimeZone::UTC).expect("parses");
    assert_eq!(parsed.incidents.len(), titles.len());
    let severities = SeverityMap::new(vec!["SEV1".into(), "SEV2".into()], &BTreeMap::new()).expect("map");
    let ctx = ParseContext { severities: vec!["SEV1".into(), "SEV2".into()], timezone: TimeZone::UTC };
    let opts = Options { severities: &severities, ctx: &ctx, content_shown: Path::new("content"), force: false };
    let plan = plan(parsed, &[], &opts);
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    assert_eq!(plan.files.len(), titles.len());
    for file in &plan.files {
        let pm = &file.postmortem;
        assert_eq!(pm.timeline.len(), bodies.len(), "{}\n{}", file.path.display(), file.text);
        let times: Vec<_> = pm.timeline.iter().map(|e| e.at.expect("timed")).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{}: {times:?}", file.path.display());
        assert!(file.problems.iter().any(|p| p.contains("unknown severity `weird`")));
        assert!(!file.text.contains('\0'));
    }
    let slugs: std::collections::BTreeSet<_> = plan.files.iter().map(|f| f.postmortem.slug.clone()).collect();
    assert_eq!(slugs.len(), titles.len(), "slugs are unique");
    assert_eq!(Format::from_id("UPPTIME"), Some(Format::Upptime));
}
