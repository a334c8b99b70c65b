//! `debrief import`: each fixture format (`tests/fixtures/import/`) imports into an empty
//! site, which then builds with zero errors, one page per incident, each update a timeline
//! event in order; the built site's facts (API) match the source; a re-import is
//! byte-identical; an edited file is kept unless `--force`; malformed JSON is reported at
//! file:line:column with nothing written; `--dry-run` writes nothing.

mod common;

use common::{Site, fixtures_dir, run_in};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn import(site: &Site, args: &[&str]) -> common::Run {
    let root = site.root().to_str().expect("utf-8").to_string();
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend(["--root", root.as_str()]);
    run_in(site.root(), &all)
}

fn fixture_path(rel: &str) -> String {
    fixtures_dir().join("import").join(rel).to_str().expect("utf-8").to_string()
}

/// Every file under the content folder: relative path → bytes.
fn snapshot(site: &Site) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                out.insert(path.strip_prefix(base).expect("inside").to_path_buf(), std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&site.path("content"), &site.path("content"), &mut out);
    out
}

/// The incidents of the built site's `api/incidents.json`.
fn api(site: &Site) -> Vec<Value> {
    let api: Value = serde_json::from_str(&site.read_public("api/incidents.json")).expect("api json");
    api["incidents"].as_array().expect("incidents").clone()
}

/// The incident of the API with this slug.
fn by_slug(site: &Site, slug: &str) -> Value {
    api(site).into_iter().find(|i| i["slug"] == slug).unwrap_or_else(|| panic!("no incident {slug:?}"))
}

/// The timeline events of an incident page, from its table: (time shown, text), in order.
fn page_events(site: &Site, slug: &str) -> Vec<(String, String)> {
    let html = site.read_public(&format!("incidents/{slug}/index.html"));
    let dots = html.matches("<g class=\"event\" data-index=").count();
    let mut events = Vec::new();
    for row in html.split("<tr><th scope=\"row\">").skip(1) {
        let Some((time, rest)) = row.split_once("</th>") else { continue };
        if let Some(rest) = rest.strip_prefix("<td>Event</td><td>") {
            let text = rest.split("</td>").next().unwrap_or_default();
            events.push((time.to_string(), text.to_string()));
        }
    }
    assert_eq!(dots, events.len(), "{slug}: every event is drawn and listed");
    events
}

/// An instant as the API writes it (UTC, to the second).
fn utc(text: &str) -> String {
    let ts: jiff::Timestamp = text.parse().expect("timestamp");
    jiff::Timestamp::from_second(ts.as_second()).expect("second").to_string()
}

/// What a source says about one incident, as debrief must publish it.
#[derive(Debug, PartialEq)]
struct Facts {
    title: String,
    severity: String,
    started: String,
    resolved: Option<String>,
    ongoing: bool,
    services: Vec<String>,
    events: usize,
}

fn published(site: &Site) -> Vec<Facts> {
    let mut out: Vec<Facts> = api(site)
        .into_iter()
        .map(|i| {
            let slug = i["slug"].as_str().expect("slug");
            let events = page_events(site, slug);
            let times: Vec<&String> = events.iter().map(|e| &e.0).collect();
            let mut sorted = times.clone();
            sorted.sort();
            assert_eq!(times, sorted, "{slug}: events in time order");
            Facts {
                title: i["title"].as_str().expect("title").to_string(),
                severity: i["severity"].as_str().expect("severity").to_string(),
                started: i["started"].as_str().expect("started").to_string(),
                resolved: i["resolved"].as_str().map(str::to_string),
                ongoing: i["ongoing"].as_bool().expect("ongoing"),
                services: i["services"]
                    .as_array()
                    .expect("services")
                    .iter()
                    .map(|s| s.as_str().expect("s").to_string())
                    .collect(),
                events: events.len(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.started.cmp(&b.started));
    out
}

fn import_and_build(format: &str, source: &str) -> Site {
    let site = Site::new();
    import(&site, &[format, &fixture_path(source)]).expect(0);
    let build = site.build(&[]);
    build.expect(0);
    assert!(build.errors().is_empty(), "{}", build.stderr);
    site
}

#[test]
fn statuspage_round_trip_matches_the_source() {
    let site = import_and_build("statuspage", "statuspage/incidents.json");
    let source: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture_path("statuspage/incidents.json")).expect("read"))
            .expect("json");
    let severity = |impact: &str| match impact {
        "critical" => "SEV1",
        "major" => "SEV2",
        "minor" => "SEV3",
        _ => "SEV4",
    };
    let mut expected: Vec<Facts> = source["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().map(str::to_string);
            let started = s("started_at").or_else(|| s("created_at"));
            let mut services: Vec<String> = i["components"]
                .as_array()
                .expect("components")
                .iter()
                .map(|c| c["name"].as_str().expect("n").into())
                .collect();
            if services.is_empty() {
                for u in i["incident_updates"].as_array().expect("updates") {
                    for c in u["affected_components"].as_array().into_iter().flatten() {
                        let name = c["name"].as_str().expect("n").to_string();
                        if !services.contains(&name) {
                            services.push(name);
                        }
                    }
                }
            }
            Facts {
                title: s("name").expect("name"),
                severity: severity(&s("impact").expect("impact")).into(),
                started: utc(&started.expect("start")),
                resolved: s("resolved_at").map(|r| utc(&r)),
                ongoing: i["resolved_at"].is_null(),
                services,
                events: i["incident_updates"].as_array().expect("updates").len(),
            }
        })
        .collect();
    expected.sort_by(|a, b| a.started.cmp(&b.started));
    assert_eq!(published(&site), expected);
    // Updates arrive newest first with HTML bodies: oldest first on the page, as text.
    let events = page_events(&site, "elevated-api-error-rates");
    let statuses: Vec<&str> = events.iter().map(|e| e.1.split(" — ").next().unwrap_or_default()).collect();
    assert_eq!(statuses, ["Investigating", "Identified", "Monitoring", "Resolved"]);
    let page = site.read_public("incidents/elevated-api-error-rates/index.html");
    assert!(page.contains("href=\"https://docs.northwind.example/changes\""), "links are kept");
    assert!(page.contains("<strong>rolled back</strong>"), "emphasis is kept");
    assert!(!page.contains("alert("), "scripts are dropped");
    assert!(page.contains("Root cause"), "the postmortem becomes sections");
    let first = by_slug(&site, "elevated-api-error-rates");
    assert_eq!(first["extra"]["shortlink"], "https://stspg.example/apierr2");
}

#[test]
fn cstate_round_trip_matches_the_source() {
    let site = import_and_build("cstate", "cstate");
    let facts = |title: &str, severity: &str, started: &str, resolved: Option<&str>, services: &[&str], events| Facts {
        title: title.into(),
        severity: severity.into(),
        started: started.into(),
        resolved: resolved.map(Into::into),
        ongoing: resolved.is_none(),
        services: services.iter().map(|s| s.to_string()).collect(),
        events,
    };
    // Dates without a zone are in the configuration's zone (Europe/Berlin).
    assert_eq!(
        published(&site),
        [
            facts(
                "EU connection issues",
                "SEV3",
                "2021-06-01T12:00:00Z",
                Some("2021-06-01T13:30:00Z"),
                &["API", "Media Proxy"],
                3
            ),
            facts("Website maintenance", "SEV4", "2022-03-05T21:00:00Z", Some("2022-03-05T22:00:00Z"), &["Website"], 0),
            facts(
                "Gateway outage: every request failed",
                "SEV2",
                "2023-02-10T08:15:00Z",
                Some("2023-02-10T09:05:00Z"),
                &["Gateway", "Website"],
                3
            ),
            facts("API DNS resolution errors!", "SEV2", "2024-12-27T09:43:40Z", None, &["API"], 2),
        ]
    );
    let page = site.read_public("incidents/gateway-outage-every-request-failed/index.html");
    assert!(!page.contains("{{") && !page.contains("track"), "shortcodes never reach a page");
    assert!(page.contains("Get help"), "other shortcodes are unwrapped to their text");
}

#[test]
fn upptime_round_trip_matches_the_source_with_comments_from_both_places() {
    let site = import_and_build("upptime", "upptime");
    let facts = |title: &str, severity: &str, started: &str, resolved: Option<&str>, services: &[&str], events| Facts {
        title: title.into(),
        severity: severity.into(),
        started: started.into(),
        resolved: resolved.map(Into::into),
        ongoing: resolved.is_none(),
        services: services.iter().map(|s| s.to_string()).collect(),
        events,
    };
    assert_eq!(
        published(&site),
        [
            facts("🛑 API is down", "SEV2", "2024-02-29T23:50:00Z", Some("2024-03-01T00:31:00Z"), &["api"], 3),
            facts(
                "🛑 Northwind Website is down",
                "SEV2",
                "2024-04-18T22:05:10Z",
                Some("2024-04-18T22:40:58Z"),
                &["northwind-website"],
                3
            ),
            facts("⚠️ API has degraded performance", "SEV3", "2024-05-03T07:12:44Z", None, &["api"], 1),
        ]
    );
    let events = page_events(&site, "api-is-down");
    assert!(events[1].1.starts_with("Update — We are rolling back"), "a comment is an event: {events:?}");
}

#[test]
fn reimport_is_byte_identical_and_edited_files_are_kept_unless_forced() {
    let site = Site::new();
    let source = fixture_path("statuspage/incidents.json");
    import(&site, &["statuspage", &source]).expect(0);
    let first = snapshot(&site);
    assert_eq!(first.len(), 5);
    let again = import(&site, &["statuspage", &source]);
    again.expect(0);
    assert_eq!(snapshot(&site), first, "a re-import changes nothing");
    assert_eq!(again.stdout.matches("unchanged ").count(), 5, "{}", again.stdout);

    let edited = "content/2024/delayed-webhook-deliveries.md";
    let text = std::fs::read_to_string(site.path(edited)).expect("read");
    let mine = text.replace("## Timeline", "## Impact\n\nWebhooks arrived late for some customers.\n\n## Timeline");
    site.write(edited, &mine);
    let kept = import(&site, &["statuspage", &source]);
    kept.expect(0);
    assert!(kept.stdout.contains(&format!("kept {edited}")), "{}", kept.stdout);
    assert_eq!(std::fs::read_to_string(site.path(edited)).expect("read"), mine, "the edit is kept");
    import(&site, &["statuspage", &source, "--force"]).expect(0);
    assert_eq!(snapshot(&site), first, "--force puts the imported text back");
}

#[test]
fn malformed_json_names_the_file_line_and_column_and_writes_nothing() {
    let site = Site::new();
    let run = import(&site, &["statuspage", &fixture_path("statuspage/malformed.json")]);
    run.expect(1);
    assert!(run.stderr.contains("malformed.json:5:27: invalid JSON"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    assert!(snapshot(&site).is_empty());
    // A missing source is an I/O error (exit 2); a JSON file of another shape is refused.
    import(&site, &["upptime", &fixture_path("nothing-here.json")]).expect(2);
    import(&site, &["upptime", &fixture_path("statuspage/incidents.json")]).expect(1);
    assert!(snapshot(&site).is_empty());
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let site = Site::new();
    let run = import(&site, &["cstate", &fixture_path("cstate"), "--dry-run"]);
    run.expect(0);
    assert_eq!(run.stdout.matches("would create content/").count(), 4, "{}", run.stdout);
    assert!(run.stdout.contains("dry run: nothing was written"), "{}", run.stdout);
    assert!(snapshot(&site).is_empty());
}

#[test]
fn severity_mapping_from_the_config_and_the_flag_and_the_redaction_count() {
    let site = Site::with_config(&format!(
        "{}\n[[severity]]\nid = \"P1\"\nlabel = \"Urgent\"\n[[severity]]\nid = \"P2\"\nlabel = \"Normal\"\n[[severity]]\nid = \"P3\"\nlabel = \"Minor\"\n\n[import.severity]\n\"upptime.down\" = \"P1\"\n",
        common::MINIMAL_CONFIG
    ));
    let run = import(&site, &["upptime", &fixture_path("upptime"), "--severity-map", "degraded=p3"]);
    run.expect(0);
    // The email address in a comment: the built-in detector would redact it at build time.
    assert!(run.stdout.contains("would make 1 redaction in the imported files (email 1)"), "{}", run.stdout);
    assert!(run.stdout.contains("left out: a pull request"), "{}", run.stdout);
    site.build(&[]).expect(0);
    assert_eq!(by_slug(&site, "api-is-down")["severity"], "P1");
    assert_eq!(by_slug(&site, "api-has-degraded-performance")["severity"], "P3");
    let bad = import(&site, &["upptime", &fixture_path("upptime"), "--severity-map", "down=SEV9"]);
    bad.expect(2);
    assert!(bad.stderr.contains("`SEV9` is not one of the site's levels"), "{}", bad.stderr);
}
