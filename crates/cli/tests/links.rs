//! Links that never break: every internal `href`, `src` and `#fragment` of a built site
//! names a file the site publishes (and an `id` on that page); a link to another
//! postmortem's source file becomes a link to its page; a link or image to a local path
//! the site does not publish is a warning at its file, line and column, and publishes as
//! its text alone.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The `id`s of every HTML page under `public`, by page path.
fn page_ids(public: &Path) -> BTreeMap<String, BTreeSet<String>> {
    files(public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|page| {
            let html = std::fs::read_to_string(public.join(&page)).expect("read page");
            let ids = start_tags(&html).iter().filter_map(|t| t.attr("id").map(decode_entities)).collect();
            (page, ids)
        })
        .collect()
}

/// Every internal link of every page: (links checked, problems). A link is internal when it
/// has no scheme and no host; it must name a published file, and its fragment an `id` of
/// the page it names.
fn broken_links(public: &Path, base_path: &str) -> (usize, Vec<String>) {
    let ids = page_ids(public);
    let mut checked = 0;
    let mut problems = Vec::new();
    for (page, _) in ids.iter() {
        let html = std::fs::read_to_string(public.join(page)).expect("read page");
        for url in page_urls(&html) {
            let fragment = url.split_once('#').map(|(_, f)| f.to_string());
            let target = if url.starts_with('#') {
                page.clone()
            } else {
                match resolve_link(base_path, page, &url) {
                    None => continue,
                    Some(Err(e)) => {
                        problems.push(format!("{page}: {e}"));
                        continue;
                    }
                    Some(Ok(target)) => target,
                }
            };
            checked += 1;
            let decoded = target.replace("%20", " ");
            if !public.join(&decoded).is_file() {
                problems.push(format!("{page}: `{url}` → {target} does not exist"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let fragment = fragment.replace("%20", " ");
                match ids.get(&target) {
                    Some(page_ids) if page_ids.contains(&fragment) => {}
                    Some(_) => problems.push(format!("{page}: `{url}`: no id `{fragment}` on {target}")),
                    None => problems.push(format!("{page}: `{url}`: a fragment of {target}, which is not a page")),
                }
            }
        }
    }
    (checked, problems)
}

#[test]
fn every_internal_link_of_the_example_site_resolves() {
    let site = Site::example();
    site.build(&[]).expect(0);
    let (checked, problems) = broken_links(&site.public(), "/history/");
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    assert!(checked > 500, "only {checked} links checked: the link reader is broken");
}

#[test]
fn every_internal_link_of_the_real_corpus_site_resolves() {
    let Some(corpus) = real_corpus() else { return };
    let site = Site::new();
    copy_dir(&corpus, &site.path("content"));
    let run = site.build(&[]);
    run.expect(0);
    let (checked, problems) = broken_links(&site.public(), "/");
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    assert!(checked > 1000, "only {checked} links checked: the link reader is broken");
    // The corpus' own dead links are reported, each where it is written.
    let warnings: Vec<Diag> = run.diagnostics().into_iter().filter(|d| d.message.starts_with("broken")).collect();
    let at = |needle: &str| warnings.iter().find(|d| d.message.contains(needle));
    let dust = at("/assets/images/10-31-2021-dust-storm.jpg").expect("the dust-storm image is reported");
    assert_eq!(dust.level, "warning");
    assert!(dust.file.ends_with(".md") && dust.line > 1 && dust.column >= 1, "{dust:?}");
    assert!(at("/community/profiles/34651").is_some(), "{warnings:?}");
    // A link to another postmortem's source file is rewritten, not reported.
    assert!(at("PM2019-009").is_none(), "{warnings:?}");
}

/// A site of two postmortems linking each other every way an author might.
fn linked_site() -> Site {
    let site = Site::new();
    site.write(
        "content/2024/PM2019-009 - Kubernetes IP starvation.md",
        postmortem(
            "Kubernetes pods could not get IP addresses",
            "SEV2",
            "2024-02-01T10:00:00Z",
            "slug: ip-starvation\n",
            "## Summary\n\nNew pods waited for addresses for 40 minutes.\n\n## Root cause\n\nThe subnet was full.\n",
        ),
    );
    site.write(
        "content/2025/dns-outage/index.md",
        postmortem(
            "DNS resolution failed for internal services",
            "SEV1",
            "2025-05-02T08:00:00Z",
            "",
            "## Summary\n\nResolvers crashed. ![Query graph](graph.svg)\n",
        ),
    );
    site.write("content/2025/dns-outage/graph.svg", GRAPH);
    site.write(
        "content/2025/node-deletion.md",
        postmortem(
            "Cluster nodes deleted by an autoscaler bug",
            "SEV2",
            "2025-06-10T12:00:00Z",
            "",
            concat!(
                "## Summary\n\n",
                "See [the IP incident](../2024/PM2019-009%20-%20Kubernetes%20IP%20starvation.md) and\n",
                "[its root cause](<../2024/PM2019-009 - Kubernetes IP starvation.md#root-cause>),\n",
                "[without extension](../2024/PM2019-009%20-%20Kubernetes%20IP%20starvation),\n",
                "[the DNS bundle](dns-outage/index.md), [its folder](dns-outage/) and [stats](/stats/).\n\n",
                "## Impact\n\n",
                "A [dead link](missing-postmortem.md) and ![an old chart](/assets/images/chart.jpg) remain.\n",
            ),
        ),
    );
    site
}

/// A small chart, as a bundle would hold one.
const GRAPH: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><path d=\"M0 9L5 2L10 6\"/></svg>\n";

#[test]
fn links_to_source_files_become_links_to_incident_pages() {
    let site = linked_site();
    site.build(&["--base-url", "https://example.org/status/"]).expect(0);
    let html = site.read_public("incidents/node-deletion/index.html");
    let urls = page_urls(&html);
    let count = |u: &str| urls.iter().filter(|x| *x == u).count();
    assert_eq!(count("/status/incidents/ip-starvation/"), 2, "{urls:?}");
    assert_eq!(count("/status/incidents/ip-starvation/#root-cause"), 1, "{urls:?}");
    assert_eq!(count("/status/incidents/dns-outage/"), 2, "{urls:?}");
    assert!(!urls.iter().any(|u| u.contains(".md")), "{urls:?}");
    // The bundle's own image is kept, relative to its page.
    let bundle = site.read_public("incidents/dns-outage/index.html");
    assert!(page_urls(&bundle).contains(&"graph.svg".to_string()));
    let (checked, problems) = broken_links(&site.public(), "/status/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 20, "{checked}");
}

#[test]
fn broken_local_links_are_warnings_at_their_position_and_publish_their_text() {
    let site = linked_site();
    let run = site.build(&[]);
    run.expect(0);
    let warnings: Vec<Diag> = run.diagnostics().into_iter().filter(|d| d.level == "warning").collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    let text = std::fs::read_to_string(site.path("content/2025/node-deletion.md")).unwrap();
    let line = text.lines().position(|l| l.contains("[dead link]")).unwrap() + 1;
    let line_text = text.lines().nth(line - 1).unwrap();
    let column = |needle: &str| line_text[..line_text.find(needle).unwrap()].chars().count() + 1;
    for (w, needle, what) in [(&warnings[0], "[dead link]", "link"), (&warnings[1], "![an old chart]", "image")] {
        assert_eq!(w.file, "content/2025/node-deletion.md", "{w:?}");
        assert_eq!((w.line, w.column), (line, column(needle)), "{w:?}");
        assert!(w.message.starts_with(&format!("broken {what}: ")), "{w:?}");
        assert!(w.hint.as_deref().is_some_and(|h| h.contains("published")), "{w:?}");
    }
    let html = site.read_public("incidents/node-deletion/index.html");
    assert!(html.contains("A dead link and an old chart remain."), "{html}");
    assert!(!html.contains("missing-postmortem") && !html.contains("/assets/images/"), "{html}");
    // `check` reports the same warnings and still succeeds.
    let check = site.check(&[]);
    check.expect(0);
    let checked: Vec<Diag> = check.diagnostics().into_iter().filter(|d| d.level == "warning").collect();
    assert_eq!(checked, warnings);
}

#[test]
fn severity_levels_without_incidents_are_shown_but_not_linked() {
    let site = linked_site();
    site.build(&[]).expect(0);
    for page in ["index.html", "stats/index.html", "severity/sev1/index.html", "years/2025/index.html"] {
        let urls = page_urls(&site.read_public(page));
        assert!(urls.iter().any(|u| u == "/severity/sev1/"), "{page}: {urls:?}");
        assert!(!urls.iter().any(|u| u == "/severity/sev3/" || u == "/severity/sev4/"), "{page}: {urls:?}");
    }
    assert!(!site.public().join("severity/sev4").exists());
}
