//! Facts derived from the text, end to end: the incident page marks them, the API lists
//! them, a postmortem without a resolution is "resolution not stated" (not ongoing), and
//! `status` is validated; `check` reports what it derived and what it skipped.

mod common;

use common::*;

/// Detection, mitigation and resolution only in the timeline's words.
fn derived_postmortem() -> String {
    postmortem(
        "Checkout errors after a bad deploy",
        "SEV2",
        "2025-03-14T09:12:00Z",
        "",
        "## Summary\n\nCheckout failed.\n\n## Timeline\n\n- 09:12 UTC — Deploy of v2 starts\n- 09:19 UTC — Alert fired for the 5xx rate; on-call paged\n- 10:02 UTC — Rolled back to v1\n- 10:40 UTC — Incident resolved\n",
    )
}

/// Nothing says it ended.
fn unstated_postmortem(more: &str) -> String {
    postmortem(
        "Old incident with no end written down",
        "SEV3",
        "2020-02-12",
        more,
        "## Summary\n\nA node pool ran out of addresses.\n\n## Timeline\n\n- 11:45 — Fault occurs\n- 11:51 — Investigation starts\n",
    )
}

#[test]
fn derived_facts_are_marked_on_the_page_and_in_the_api() {
    let site = Site::new();
    site.write("content/derived.md", derived_postmortem());
    site.build(&[]).expect(0);
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).unwrap();
    let incident = api["incidents"]
        .as_array()
        .and_then(|list| list.iter().find(|i| i["slug"] == "derived"))
        .cloned()
        .unwrap_or_else(|| panic!("no `derived` incident in {api}"));
    assert_eq!(incident["derived"], serde_json::json!(["detected", "mitigated", "resolved"]));
    assert_eq!(incident["detected"], "2025-03-14T09:19:00Z");
    assert_eq!(incident["mitigated"], "2025-03-14T10:02:00Z");
    assert_eq!(incident["resolved"], "2025-03-14T10:40:00Z");
    assert_eq!((incident["ongoing"].as_bool(), incident["resolution"].as_str()), (Some(false), Some("resolved")));
    assert_eq!(incident["duration_seconds"], 88 * 60);
    let page = site.read_public("incidents/derived/index.html");
    assert_eq!(page.matches("(derived from the timeline)").count(), 3, "{page}");
    assert!(page.contains(">Resolved</span>"), "{page}");
}

#[test]
fn no_resolution_anywhere_is_not_ongoing() {
    let site = Site::new();
    site.write("content/unstated.md", unstated_postmortem(""));
    site.build(&[]).expect(0);
    let page = site.read_public("incidents/unstated/index.html");
    assert!(page.contains("Resolution not stated"), "{page}");
    assert!(!page.contains(">Ongoing<"), "{page}");
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).unwrap();
    let incident = &api["incidents"][0];
    assert_eq!((incident["ongoing"].as_bool(), incident["resolution"].as_str()), (Some(false), Some("not-stated")));
    assert_eq!(incident["derived"], serde_json::json!([]));
}

#[test]
fn status_ongoing_is_ongoing_and_bad_status_is_an_error_with_a_hint() {
    let site = Site::new();
    site.write("content/unstated.md", unstated_postmortem("status: ongoing\n"));
    site.build(&[]).expect(0);
    let page = site.read_public("incidents/unstated/index.html");
    assert!(page.contains(">Ongoing<"), "{page}");

    site.write("content/unstated.md", unstated_postmortem("status: finished\n"));
    let run = site.check(&[]);
    run.expect(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("content/unstated.md", 5));
    assert!(errors[0].message.contains("unknown status `finished`"), "{}", errors[0].message);
    assert_eq!(errors[0].hint.as_deref(), Some("write `status: ongoing` or `status: resolved`"));
}

#[test]
fn check_notes_what_it_derived_and_warns_about_skipped_lines() {
    let site = Site::new();
    site.write("content/derived.md", derived_postmortem());
    let body = "## Timeline\n\n- 09:12 — Deploy starts\n- 10:6O — someone notices\n- 10:00 — Rolled back\n";
    site.write("content/skipped.md", postmortem("Skipped lines", "SEV3", "2025-03-14T09:12:00Z", "", body));
    let run = site.check(&["--format", "json"]);
    run.expect(0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let notes: Vec<_> = diagnostics.iter().filter(|d| d["level"] == "note").collect();
    assert_eq!(doc["notes"].as_u64(), Some(notes.len() as u64));
    let derived: Vec<(&str, u64)> = notes
        .iter()
        .filter(|d| d["file"] == "content/derived.md")
        .map(|d| (d["message"].as_str().unwrap().split('`').nth(1).unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    // Lines 14, 15, 16 of the file hold the paged / rolled back / resolved events.
    assert_eq!(derived, [("detected", 14), ("mitigated", 15), ("resolved", 16)]);
    let warning = diagnostics
        .iter()
        .find(|d| d["file"] == "content/skipped.md" && d["level"] == "warning")
        .unwrap_or_else(|| panic!("no warning for the skipped line: {}", run.stdout));
    assert_eq!(warning["line"], 10);
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.starts_with("3 lines in the timeline look like events; 2 read; 1 skipped: line 10 `10:6O"),
        "{message}"
    );
}
