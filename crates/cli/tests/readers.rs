//! The readers' features on the example site, built as of a fixed day
//! (`SOURCE_DATE_EPOCH` = 2026-12-05): follow-ups (`/actions/`, overdue, per-incident
//! counts, the API), related incidents and repeats, the service calendar (including an
//! incident that crosses midnight), feeds per facet value (Atom 1.0 and JSON Feed 1.1 shapes,
//! linked from the page), sharing metadata (Open Graph, Twitter card, schema.org JSON-LD)
//! and the ongoing-incident banner. Every expectation is recomputed from the source or the
//! JSON API, not copied from the output.

mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// 2026-12-05T00:00:00Z.
const AS_OF: &str = "1796428800";

fn built() -> Site {
    let site = Site::example();
    let run = run_with_env(site.root(), &["build"], &[("SOURCE_DATE_EPOCH", AS_OF)]);
    run.expect(0);
    site
}

fn api(site: &Site) -> Value {
    serde_json::from_str(&site.read_public("api/incidents.json")).unwrap()
}

fn incidents(api: &Value) -> &Vec<Value> {
    api["incidents"].as_array().unwrap()
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

/// Counts action-item checkboxes in a postmortem's `## Action items` section.
fn checkboxes(markdown: &str) -> (usize, usize) {
    let mut in_actions = false;
    let (mut done, mut open) = (0, 0);
    for line in markdown.lines() {
        if line.starts_with("## ") {
            in_actions = line.trim_start_matches('#').trim().eq_ignore_ascii_case("action items");
            continue;
        }
        if in_actions {
            let l = line.trim_start();
            if l.starts_with("- [x]") || l.starts_with("- [X]") {
                done += 1;
            } else if l.starts_with("- [ ]") {
                open += 1;
            }
        }
    }
    (done, open)
}

#[test]
fn follow_ups_page_lists_every_action_item_with_overdue_as_of_the_build_date() {
    let site = built();
    let api = api(&site);
    let page = site.read_public("actions/index.html");
    assert!(page.contains("due before 5 Dec 2026"), "the page says the date overdue is judged at");

    // Counts match the API per incident, and the checkboxes of the Markdown where the
    // postmortem uses them.
    let mut total = 0;
    for i in incidents(&api) {
        let items = i["action_items"]["items"].as_array().unwrap();
        assert_eq!(items.len() as u64, i["action_items"]["total"].as_u64().unwrap());
        total += items.len();
        let slug = i["slug"].as_str().unwrap();
        let source = files(&site.root().join("content"))
            .into_iter()
            .find(|f| f.ends_with(&format!("{slug}.md")) || f.ends_with(&format!("{slug}/index.md")));
        if let Some(source) = source {
            let (done, open) = checkboxes(&std::fs::read_to_string(site.root().join("content").join(source)).unwrap());
            if done + open > 0 {
                assert_eq!(done + open, items.len(), "{slug}");
                assert_eq!(done as u64, i["action_items"]["done"].as_u64().unwrap(), "{slug}");
            }
        }
        // The incident page says how many are done.
        let page = site.read_public(&format!("incidents/{slug}/index.html"));
        if !items.is_empty() {
            let done = items.iter().filter(|a| a["done"] == true).count();
            assert!(page.contains(&format!("{done} of {} follow-ups done.", items.len())), "{slug}");
        }
        // Overdue exactly when open and due (as a date) before the build date.
        for a in items {
            let due = a["due"].as_str().unwrap_or("");
            let expect =
                a["done"] == false && due.len() >= 10 && due[..10] < *"2026-12-05" && due.as_bytes()[4] == b'-';
            assert_eq!(a["overdue"].as_bool().unwrap(), expect, "{slug}: {a}");
        }
    }
    let overdue = incidents(&api)
        .iter()
        .flat_map(|i| i["action_items"]["items"].as_array().unwrap())
        .filter(|a| a["overdue"] == true)
        .count();
    assert!(overdue >= 2, "the example history shows overdue follow-ups");

    // The page: one row per item, overdue ones first among the open ones.
    let rows: Vec<&str> = page.split("<tr class=\"").skip(1).map(|r| r.split('"').next().unwrap()).collect();
    assert_eq!(rows.len(), total);
    let open_rows: Vec<&&str> = rows.iter().filter(|r| **r != "done").collect();
    let first_not_overdue = open_rows.iter().position(|r| **r != "overdue").unwrap_or(open_rows.len());
    assert!(open_rows[first_not_overdue..].iter().all(|r| **r != "overdue"), "overdue first: {rows:?}");
    assert_eq!(rows.iter().filter(|r| **r == "overdue").count(), overdue);
    // Linked from every page and from the sitemap.
    assert!(site.read_public("index.html").contains("/history/actions/\""));
    assert!(site.read_public("sitemap.xml").contains("/history/actions/</loc>"));
    // The stats page charts follow-through.
    assert!(site.read_public("stats/index.html").contains("id=\"follow-through-h\""));
}

#[test]
fn related_incidents_share_a_service_or_tag_and_repeats_are_counted() {
    let site = built();
    let api = api(&site);
    let by_url: BTreeMap<String, &Value> = incidents(&api)
        .iter()
        .map(|i| (i["url"].as_str().unwrap().replace("https://status.northwind.example", ""), i))
        .collect();
    let mut pages_with_related = 0;
    for i in incidents(&api) {
        let slug = i["slug"].as_str().unwrap();
        let page = site.read_public(&format!("incidents/{slug}/index.html"));
        let Some(section) = page.split("<section class=\"related\"").nth(1) else { continue };
        let section = section.split("</section>").next().unwrap();
        pages_with_related += 1;
        let links: Vec<&str> = section.split("<a href=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
        assert!(!links.is_empty() && links.len() <= 5, "{slug}: {links:?}");
        for link in &links {
            let other = by_url
                .iter()
                .find(|(u, _)| u.ends_with(link.trim_start_matches("/history")))
                .map(|(_, v)| *v)
                .unwrap_or_else(|| panic!("{slug}: related {link} is not a published incident"));
            assert_ne!(other["slug"], i["slug"], "{slug} lists itself");
            let shares_service = !strings(&other["services"]).is_disjoint(&strings(&i["services"]));
            let shares_tag = !strings(&other["tags"]).is_disjoint(&strings(&i["tags"]));
            assert!(shares_service || shares_tag, "{slug} and {link} share nothing");
        }
    }
    assert!(pages_with_related >= 15, "most incidents have related ones: {pages_with_related}");

    // The ongoing checkout incident follows the 14 October one within 90 days.
    let page = site.read_public("incidents/checkout-errors-card-network-tokens-ongoing/index.html");
    assert!(page.contains("Second incident affecting checkout-api in 90 days."), "no repeat sentence");
    // An incident with no other one on its services in the 90 days before it has none.
    let first = site.read_public("incidents/expired-tls-certificate-checkout/index.html");
    assert!(!first.contains("class=\"repeat\""));
}

/// Days (`YYYY-MM-DD`, UTC: the example site's zone) from `start` to `end` inclusive.
fn days_between(start: &str, end: &str) -> Vec<String> {
    let day = |s: &str| -> i64 {
        let (y, m, d) =
            (s[..4].parse::<i64>().unwrap(), s[5..7].parse::<i64>().unwrap(), s[8..10].parse::<i64>().unwrap());
        // Days from civil (Howard Hinnant's algorithm).
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
    };
    let civil = |z: i64| -> String {
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        format!("{y:04}-{m:02}-{d:02}")
    };
    (day(start)..=day(end)).map(civil).collect()
}

#[test]
fn service_calendar_marks_exactly_the_incident_days_including_one_across_midnight() {
    let site = built();
    let api = api(&site);
    let page = site.read_public("services/checkout-api/index.html");
    let marked = marked_days(&page);
    let window = days_between("2026-09-07", "2026-12-05");
    assert_eq!(page.matches("data-date=\"").count(), 90);
    let mut expected = BTreeSet::new();
    for i in incidents(&api) {
        if !strings(&i["services"]).contains("checkout-api") {
            continue;
        }
        let start = i["started"].as_str().unwrap();
        let end = match (i["resolved"].as_str(), i["status"].as_str()) {
            (Some(r), _) => r.to_string(),
            (None, Some("ongoing")) => "2026-12-05".to_string(),
            _ => start.to_string(),
        };
        expected.extend(days_between(start, &end).into_iter().filter(|d| window.contains(d)));
    }
    assert!(expected.contains("2026-10-14") && expected.contains("2026-10-15"), "the example crosses midnight");
    assert_eq!(marked, expected);
    // Twelve months, the worst severity of October is SEV2; a text table says the same.
    assert_eq!(page.matches("data-month=\"").count(), 12);
    assert!(page.contains("<li class=\"sev-2\" tabindex=\"0\" title=\"Oct 2026: 1 incident, worst SEV2"), "October");
    assert!(page.contains("<th scope=\"row\">Oct 2026</th><td>1</td><td>SEV2</td><td>2h 50m</td>"), "month table");
    assert!(page.contains("An incident touched this service today (5 Dec 2026)."));
    // Only service pages have a calendar.
    assert!(!site.read_public("tags/cache/index.html").contains("calendar-card"));

    // In another zone (India: +05:30 all year) the days are that zone's: the October
    // incident (21:35–00:25 UTC) falls on 15 October alone.
    let site = Site::example();
    let config = std::fs::read_to_string(site.path("debrief.toml")).unwrap();
    let config: String = config
        .lines()
        .map(|l| if l.starts_with("timezone") { "timezone = \"Asia/Kolkata\"" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(config.contains("Asia/Kolkata"));
    site.write("debrief.toml", config + "\n");
    run_with_env(site.root(), &["build"], &[("SOURCE_DATE_EPOCH", AS_OF)]).expect(0);
    let page = site.read_public("services/checkout-api/index.html");
    let shifted = |t: &str| -> String {
        // Add 5 h 30 min to an RFC 3339 UTC time and return its date.
        let (h, m) = (t[11..13].parse::<i64>().unwrap(), t[14..16].parse::<i64>().unwrap());
        let minutes = h * 60 + m + 330;
        let day = days_between(&t[..10], &t[..10])[0].clone();
        if minutes >= 24 * 60 { days_between(&day, "2100-01-01")[1].clone() } else { day }
    };
    let mut expected = BTreeSet::new();
    let window = days_between("2026-09-07", "2026-12-05");
    for i in incidents(&api) {
        if !strings(&i["services"]).contains("checkout-api") {
            continue;
        }
        let start = shifted(i["started"].as_str().unwrap());
        let end = match (i["resolved"].as_str(), i["status"].as_str()) {
            (Some(r), _) => shifted(r),
            (None, Some("ongoing")) => "2026-12-05".to_string(),
            _ => start.clone(),
        };
        expected.extend(days_between(&start, &end).into_iter().filter(|d| window.contains(d)));
    }
    assert!(!expected.contains("2026-10-14") && expected.contains("2026-10-15"));
    assert_eq!(marked_days(&page), expected);
}

fn marked_days(page: &str) -> BTreeSet<String> {
    page.split("<li class=\"")
        .skip(1)
        .filter(|li| li.contains("data-date=\""))
        .filter(|li| !li.starts_with("none"))
        .map(|li| li.split("data-date=\"").nth(1).unwrap()[..10].to_string())
        .collect()
}

#[test]
fn every_facet_value_has_its_own_atom_and_json_feed_linked_from_its_page() {
    let site = built();
    let api = api(&site);
    for (dir, key) in [("services", "services"), ("tags", "tags")] {
        for entry in std::fs::read_dir(site.public().join(dir)).unwrap() {
            let entry = entry.unwrap();
            if !entry.file_type().unwrap().is_dir() {
                continue;
            }
            let slug = entry.file_name().to_string_lossy().into_owned();
            let page = site.read_public(&format!("{dir}/{slug}/index.html"));
            let atom_url = format!("/history/{dir}/{slug}/feed.xml");
            let json_url = format!("/history/{dir}/{slug}/feed.json");
            assert!(
                page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
                    && page.contains(&format!("href=\"{atom_url}\"")),
                "{dir}/{slug}: atom link"
            );
            assert!(page.contains(&format!("href=\"{json_url}\"")), "{dir}/{slug}: json link");
            assert!(page.contains("class=\"subscribe\""), "{dir}/{slug}: visible Subscribe links");
            assert!(page.contains("<meta name=\"description\""), "{dir}/{slug}: meta description");

            // Atom 1.0: the required feed and entry elements; entries are exactly this value's.
            let atom = site.read_public(&format!("{dir}/{slug}/feed.xml"));
            assert!(atom.starts_with(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
            ));
            for required in ["<title>", "<id>", "<updated>", "rel=\"self\""] {
                assert!(atom.split("<entry>").next().unwrap().contains(required), "{dir}/{slug}: feed {required}");
            }
            let entries: Vec<&str> = atom.split("<entry>").skip(1).collect();
            for e in &entries {
                for required in ["<title>", "<id>", "<updated>", "<link rel=\"alternate\""] {
                    assert!(e.contains(required), "{dir}/{slug}: entry {required}");
                }
            }
            let name_of = |v: &Value| v.as_str().unwrap().to_string();
            let expected: Vec<&Value> = incidents(&api)
                .iter()
                .filter(|i| {
                    i[key].as_array().unwrap().iter().any(|v| {
                        page.contains(&format!(
                            "<h1>{}: {}</h1>",
                            if dir == "services" { "Service" } else { "Tag" },
                            name_of(v)
                        ))
                    })
                })
                .collect();
            assert_eq!(entries.len(), expected.len().min(50), "{dir}/{slug}");

            // JSON Feed 1.1.
            let feed: Value = serde_json::from_str(&site.read_public(&format!("{dir}/{slug}/feed.json"))).unwrap();
            assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
            assert!(
                feed["title"].is_string()
                    && feed["home_page_url"].as_str().unwrap().ends_with(&format!("/{dir}/{slug}/"))
            );
            assert!(feed["feed_url"].as_str().unwrap().ends_with(&format!("/{dir}/{slug}/feed.json")));
            let items = feed["items"].as_array().unwrap();
            assert_eq!(items.len(), entries.len());
            assert!(items.iter().all(|i| i["id"].is_string() && i["url"].is_string()));
        }
    }
}

#[test]
fn incident_pages_carry_open_graph_twitter_and_json_ld_of_what_they_show() {
    let site = built();
    let api = api(&site);
    for i in incidents(&api) {
        let slug = i["slug"].as_str().unwrap();
        let page = site.read_public(&format!("incidents/{slug}/index.html"));
        assert!(page.contains("<meta property=\"og:type\" content=\"article\">"), "{slug}");
        assert!(
            page.contains(&format!(
                "<meta property=\"article:published_time\" content=\"{}\">",
                i["started"].as_str().unwrap()
            )),
            "{slug}"
        );
        assert!(page.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{slug}");
        let ld = page.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
        let ld: Value = serde_json::from_str(ld).unwrap_or_else(|e| panic!("{slug}: JSON-LD does not parse: {e}"));
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "Article");
        assert_eq!(ld["headline"], i["title"]);
        assert_eq!(ld["description"], i["summary"]);
        assert_eq!(ld["datePublished"], i["started"]);
        assert_eq!(
            ld["dateModified"],
            if i["resolved"].is_null() { i["started"].clone() } else { i["resolved"].clone() }
        );
        assert!(ld.to_string().contains(&format!("Severity {}", i["severity"].as_str().unwrap())));
        // Nothing the page does not show: only these keys.
        let keys: BTreeSet<&str> = ld.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "@context",
                "@type",
                "headline",
                "description",
                "url",
                "datePublished",
                "dateModified",
                "about",
                "keywords"
            ])
        );
    }
    // Other pages are websites, not articles.
    assert!(site.read_public("index.html").contains("<meta property=\"og:type\" content=\"website\">"));
}

#[test]
fn an_ongoing_incident_puts_a_banner_on_every_page_and_its_status_in_the_api() {
    let site = built();
    let api = api(&site);
    let ongoing: Vec<&Value> = incidents(&api).iter().filter(|i| i["status"] == "ongoing").collect();
    assert_eq!(ongoing.len(), 1, "the example history has one ongoing incident");
    assert!(ongoing[0]["resolved"].is_null());
    assert!(
        incidents(&api).iter().all(|i| ["ongoing", "resolved", "not-stated"].contains(&i["status"].as_str().unwrap()))
    );
    let url = "/history/incidents/checkout-errors-card-network-tokens-ongoing/";
    for page in files(&site.public()).into_iter().filter(|f| f.ends_with(".html") && !f.starts_with("incidents/inc-")) {
        let html = site.read_public(&page);
        if html.contains("http-equiv=\"refresh\"") {
            continue; // alias redirects
        }
        let banner =
            html.split("<section class=\"ongoing-banner\"").nth(1).unwrap_or_else(|| panic!("{page}: no banner"));
        assert!(banner.split("</section>").next().unwrap().contains(&format!("href=\"{url}\"")), "{page}");
    }
    // With many ongoing incidents the banner names the newest three and counts the rest.
    let site = Site::example();
    for n in 1..=4 {
        site.write(
            &format!("content/2026/ongoing-{n}.md"),
            format!("---\ntitle: Ongoing test incident {n}\nseverity: SEV3\nstarted: 2026-12-0{n}T08:00:00Z\nstatus: ongoing\nservices: [checkout-api]\n---\n\n## Summary\n\nStill under investigation.\n"),
        );
    }
    run_with_env(site.root(), &["build"], &[("SOURCE_DATE_EPOCH", AS_OF)]).expect(0);
    let html = site.read_public("stats/index.html");
    let banner = html.split("<section class=\"ongoing-banner\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert_eq!(banner.matches("/history/incidents/").count(), 3, "{banner}");
    assert!(
        banner.contains("Ongoing test incident 4") && !banner.contains("Ongoing test incident 1"),
        "newest first: {banner}"
    );
    assert!(banner.contains("and 2 more"), "{banner}");

    // Without an ongoing incident there is no banner.
    let site = Site::example();
    site.remove("content/2026/checkout-errors-card-network-tokens-ongoing.md");
    run_with_env(site.root(), &["build"], &[("SOURCE_DATE_EPOCH", AS_OF)]).expect(0);
    assert!(!site.read_public("index.html").contains("ongoing-banner"));
}

#[test]
fn builds_with_the_same_source_date_epoch_are_identical() {
    let a = built();
    let b = built();
    assert_same_tree(&snapshot(&a.public()), &snapshot(&b.public()));
}
