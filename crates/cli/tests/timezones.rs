//! Times and durations: offsets in front matter, a `## Timeline (PST)` with bare times, an
//! incident crossing midnight and a year, a DST change, the site's display zone, and plain
//! dates. Every expectation below is worked out by hand in the comments.

mod common;

use common::*;

/// The `<dd>` text of a fact (`Duration`, `Time to detect`…) in an incident page's header.
fn fact(html: &str, label: &str) -> Option<String> {
    let at = html.find(&format!(">{label}</dt>"))?;
    let rest = &html[at..];
    let dd = rest.find("<dd")?;
    let rest = &rest[dd..];
    let end = rest.find("</dd>")?;
    let inner = &rest[rest.find('>')? + 1..end];
    // Strip tags (`<time>`), decode entities, collapse spaces.
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(decode_entities(&text).split_whitespace().collect::<Vec<_>>().join(" "))
}

fn api_incident(site: &Site, slug: &str) -> serde_json::Value {
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).unwrap();
    api["incidents"].as_array().unwrap().iter().find(|i| i["slug"] == slug).cloned().unwrap_or_else(|| panic!("{slug}"))
}

#[test]
fn pacific_times_and_a_night_over_new_year() {
    let site = Site::new();
    site.write("content/evening-pst.md", fixture("good/timeline-pst.md"));
    site.write("content/new-year.md", fixture("good/timeline-midnight.md"));
    let check = site.check(&[]);
    check.expect(0);
    assert!(check.diagnostics().is_empty(), "no warnings: every timeline time is readable\n{}", check.stderr);
    site.build(&[]).expect(0);

    // Started 18:02 PST (= 02:02 UTC the next day), detected 18:10, mitigated 19:05,
    // resolved 19:30: 88 minutes = 1h 28m; detect 8m; mitigate 63 minutes = 1h 3m.
    let page = site.read_public("incidents/evening-pst/index.html");
    assert_eq!(fact(&page, "Duration").as_deref(), Some("1h 28m"));
    assert_eq!(fact(&page, "Time to detect").as_deref(), Some("8m"));
    assert_eq!(fact(&page, "Time to mitigate").as_deref(), Some("1h 3m"));
    assert_eq!(fact(&page, "Time to resolve").as_deref(), Some("1h 28m"));
    // The site shows UTC (the default): 18:02 PST on the 14th is 02:02 UTC on the 15th.
    assert_eq!(fact(&page, "Started").as_deref(), Some("15 Jan 2025, 02:02 UTC"));
    assert_eq!(fact(&page, "Resolved").as_deref(), Some("15 Jan 2025, 03:30 UTC"));
    let api = api_incident(&site, "evening-pst");
    assert_eq!(api["started"], "2025-01-15T02:02:00Z");
    assert_eq!(api["resolved"], "2025-01-15T03:30:00Z");
    assert_eq!(api["duration_seconds"], 88 * 60);
    assert_eq!(api["time_to_detect_seconds"], 8 * 60);
    assert_eq!(api["time_to_mitigate_seconds"], 63 * 60);

    // 23:40 on 31 Dec 2024 to 01:08 on 1 Jan 2025: 20 + 68 = 88 minutes; detect 12m;
    // mitigate 00:31 - 23:40 = 51m.
    let page = site.read_public("incidents/new-year/index.html");
    assert_eq!(fact(&page, "Duration").as_deref(), Some("1h 28m"));
    assert_eq!(fact(&page, "Time to detect").as_deref(), Some("12m"));
    assert_eq!(fact(&page, "Time to mitigate").as_deref(), Some("51m"));
    assert_eq!(fact(&page, "Started").as_deref(), Some("31 Dec 2024, 23:40 UTC"));
    assert_eq!(fact(&page, "Resolved").as_deref(), Some("1 Jan 2025, 01:08 UTC"));
    let api = api_incident(&site, "new-year");
    assert_eq!(api["duration_seconds"], 88 * 60);

    // The year is the year it started: 2024 for the New Year incident, 2025 for the other.
    let y2024 = site.read_public("years/2024/index.html");
    let y2025 = site.read_public("years/2025/index.html");
    let links = |html: &str, slug: &str| page_urls(html).iter().any(|u| u.ends_with(&format!("/incidents/{slug}/")));
    assert!(links(&y2024, "new-year") && !links(&y2024, "evening-pst"), "years/2024 lists only new-year");
    assert!(links(&y2025, "evening-pst") && !links(&y2025, "new-year"), "years/2025 lists only evening-pst");
}

#[test]
fn site_timezone_dst_and_plain_dates() {
    let site =
        Site::with_config("title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"America/Los_Angeles\"\n");
    // No offsets: read in the site's zone. Clocks went from 02:00 PST to 03:00 PDT on
    // 9 March 2025, so 01:30 → 03:30 on the wall clock is one hour, not two.
    site.write(
        "content/dst.md",
        postmortem(
            "Across the spring-forward change",
            "SEV3",
            "2025-03-09T01:30:00",
            "resolved: 2025-03-09T03:30:00\n",
            "## Summary\n\nAcross the DST change.\n",
        ),
    );
    // 05:00 UTC on 1 January is still 31 December (21:00 PST) for this site.
    site.write(
        "content/late-december.md",
        postmortem(
            "Late December in Pacific time",
            "SEV4",
            "2025-01-01T05:00:00Z",
            "resolved: 2025-01-01T05:45:00Z\n",
            "## Summary\n\nLate.\n",
        ),
    );
    // Plain dates say nothing about minutes: no duration is shown.
    site.write(
        "content/dates-only.md",
        postmortem("Dates only", "SEV4", "2025-03-14", "resolved: 2025-03-15\n", "## Summary\n\nDates.\n"),
    );
    site.build(&[]).expect(0);

    let page = site.read_public("incidents/dst/index.html");
    assert_eq!(fact(&page, "Duration").as_deref(), Some("1h"));
    assert_eq!(fact(&page, "Started").as_deref(), Some("9 Mar 2025, 01:30 PST"));
    assert_eq!(fact(&page, "Resolved").as_deref(), Some("9 Mar 2025, 03:30 PDT"));
    let api = api_incident(&site, "dst");
    assert_eq!(api["started"], "2025-03-09T09:30:00Z");
    assert_eq!(api["duration_seconds"], 3600);

    let page = site.read_public("incidents/late-december/index.html");
    assert_eq!(fact(&page, "Started").as_deref(), Some("31 Dec 2024, 21:00 PST"));
    assert_eq!(fact(&page, "Duration").as_deref(), Some("45m"));
    assert!(site.public().join("years/2024/index.html").is_file(), "filed under 2024 in the site's zone");
    let y2024 = site.read_public("years/2024/index.html");
    assert!(page_urls(&y2024).iter().any(|u| u.ends_with("/incidents/late-december/")));

    let page = site.read_public("incidents/dates-only/index.html");
    assert_eq!(fact(&page, "Duration"), None, "no duration from plain dates");
    assert_eq!(fact(&page, "Started").as_deref(), Some("14 Mar 2025"));
    let api = api_incident(&site, "dates-only");
    assert_eq!(api["duration_seconds"], serde_json::Value::Null);
    assert!(api["started"].as_str().unwrap().starts_with("2025-03-14"), "{}", api["started"]);
}

#[test]
fn plain_dates_in_the_api_are_midnight_in_the_site_zone() {
    let site =
        Site::with_config("title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"America/Los_Angeles\"\n");
    site.write(
        "content/dates-only.md",
        postmortem("Dates only", "SEV4", "2025-03-14", "resolved: 2025-03-15\n", "## Summary\n\nDates.\n"),
    );
    site.build(&[]).expect(0);
    // Midnight on 14 March 2025 in Los Angeles (PDT, UTC-7) is 07:00 UTC.
    let api = api_incident(&site, "dates-only");
    let started = api["started"].as_str().unwrap();
    assert!(
        ["2025-03-14", "2025-03-14T07:00:00Z", "2025-03-14T00:00:00-07:00"].contains(&started),
        "`started` {started} is not midnight of 14 March in the site's zone"
    );
    let feed: serde_json::Value = serde_json::from_str(&site.read_public("feed.json")).unwrap();
    let published = feed["items"][0]["date_published"].as_str().unwrap();
    assert!(
        ["2025-03-14T07:00:00Z", "2025-03-14T00:00:00-07:00"].contains(&published),
        "JSON Feed date_published {published} is not midnight of 14 March in the site's zone"
    );
}
