//! The repository's example site (`debrief.toml` + `content/`), copied to a temporary
//! folder and built: every page type exists, one page per published postmortem, and the
//! draft reaches no output file unless `--drafts` is given.

mod common;

use common::*;
use std::collections::BTreeSet;

/// What the test expects of one postmortem, read from its source by the test itself.
struct Source {
    slug: String,
    title: String,
    started: String,
    draft: bool,
    services: Vec<String>,
    tags: Vec<String>,
    aliases: Vec<String>,
    bundle_assets: Vec<String>,
}

fn inline_list(text: &str, key: &str) -> Vec<String> {
    front_value(text, key)
        .map(|v| {
            v.trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn url_name(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn sources() -> Vec<Source> {
    let content = repo_root().join("content");
    let mut out = Vec::new();
    for rel in markdown_files(&content) {
        let text = std::fs::read_to_string(content.join(&rel)).expect("read postmortem");
        let path = std::path::Path::new(&rel);
        let is_bundle = path.file_name().is_some_and(|n| n == "index.md");
        let stem = if is_bundle { path.parent().and_then(|p| p.file_name()) } else { path.file_stem() };
        let slug = front_value(&text, "slug").unwrap_or_else(|| stem.expect("file name").to_string_lossy().into());
        let bundle_assets = if is_bundle {
            let dir = content.join(path.parent().expect("bundle folder"));
            files(&dir).into_iter().filter(|f| f != "index.md").collect()
        } else {
            Vec::new()
        };
        out.push(Source {
            slug,
            title: front_value(&text, "title").expect("every example postmortem has a title"),
            started: front_value(&text, "started").expect("every example postmortem has a start"),
            draft: is_draft(&text),
            services: inline_list(&text, "services"),
            tags: inline_list(&text, "tags"),
            aliases: inline_list(&text, "aliases"),
            bundle_assets,
        });
    }
    assert!(out.len() >= 10, "the example site should hold a realistic history, found {}", out.len());
    out
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[test]
fn example_site_builds_every_page_type_and_one_page_per_published_postmortem() {
    let sources = sources();
    let published: Vec<&Source> = sources.iter().filter(|s| !s.draft).collect();
    let drafts: Vec<&Source> = sources.iter().filter(|s| s.draft).collect();
    assert!(!drafts.is_empty(), "the example site has a draft (the test needs one)");

    let site = Site::example();
    site.build(&[]).expect(0);
    let public = site.public();
    let all = files(&public);

    // One real page per published postmortem, and nothing else under incidents/.
    let expected: BTreeSet<String> = published.iter().map(|s| s.slug.clone()).collect();
    assert_eq!(incident_pages(&public), expected);

    // Every page type.
    for page in [
        "index.html",
        "404.html",
        "stats/index.html",
        "services/index.html",
        "tags/index.html",
        "severity/index.html",
        "years/index.html",
        "feed.xml",
        "feed.json",
        "api/incidents.json",
        "sitemap.xml",
        "robots.txt",
        "favicon.svg",
    ] {
        assert!(public.join(page).is_file(), "missing {page}; the output holds {all:?}");
    }
    let css: Vec<&String> = all
        .iter()
        .filter(|f| {
            f.strip_prefix("style.")
                .and_then(|r| r.strip_suffix(".css"))
                .is_some_and(|h| h.len() >= 8 && h.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .collect();
    assert_eq!(css.len(), 1, "one content-hashed stylesheet: {all:?}");

    // Facet pages for every value a published postmortem uses.
    for s in &published {
        for service in &s.services {
            let page = format!("services/{}/index.html", url_name(service));
            assert!(public.join(&page).is_file(), "missing {page} (used by {})", s.slug);
        }
        for tag in &s.tags {
            let page = format!("tags/{}/index.html", url_name(tag));
            assert!(public.join(&page).is_file(), "missing {page} (used by {})", s.slug);
        }
        for asset in &s.bundle_assets {
            let copy = format!("incidents/{}/{asset}", s.slug);
            assert!(public.join(&copy).is_file(), "bundle asset not copied: {copy}");
        }
        for alias in &s.aliases {
            let page = format!("{}index.html", alias.trim_start_matches('/'));
            let html = std::fs::read_to_string(public.join(&page)).unwrap_or_else(|e| panic!("alias {page}: {e}"));
            assert!(is_redirect(&html), "{page} should redirect");
            let target = format!("/incidents/{}/", s.slug);
            assert!(page_urls(&html).iter().any(|u| u.ends_with(&target)), "{page} should point at {}", s.slug);
        }
    }
    let severities: Vec<String> = files(&public)
        .into_iter()
        .filter_map(|f| f.strip_prefix("severity/")?.strip_suffix("/index.html").map(str::to_string))
        .collect();
    assert!(severities.iter().all(|s| s.starts_with("sev")), "severity pages: {severities:?}");
    assert!(!severities.is_empty());
    let years: Vec<String> = files(&public)
        .into_iter()
        .filter_map(|f| f.strip_prefix("years/")?.strip_suffix("/index.html").map(str::to_string))
        .collect();
    assert!(years.iter().all(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())), "year pages: {years:?}");
    let expected_years: BTreeSet<String> = published.iter().map(|s| s.started[..4].to_string()).collect();
    assert_eq!(years.iter().cloned().collect::<BTreeSet<_>>(), expected_years, "one page per year with incidents");

    // The machine outputs list exactly the published incidents.
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).expect("API is JSON");
    let api_slugs: BTreeSet<String> = api["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(api_slugs, expected);
    assert_eq!(api["count"], published.len());
    let feed: serde_json::Value = serde_json::from_str(&site.read_public("feed.json")).expect("JSON Feed is JSON");
    assert_eq!(feed["items"].as_array().expect("items").len(), published.len().min(50));
    let sitemap = site.read_public("sitemap.xml");
    for slug in &expected {
        assert!(sitemap.contains(&format!("/incidents/{slug}/</loc>")), "sitemap misses {slug}");
    }
    let atom = site.read_public("feed.xml");
    assert_eq!(atom.matches("<entry>").count(), published.len().min(50));

    // The draft reaches no file: not its title, not its slug, not its private facets.
    let used: BTreeSet<String> = published.iter().flat_map(|s| s.tags.iter().chain(&s.services)).cloned().collect();
    for draft in &drafts {
        for needle in [draft.title.clone(), html_escaped(&draft.title), draft.slug.clone()] {
            let found = files_containing(&public, &needle);
            assert!(found.is_empty(), "the draft's `{needle}` was published in {found:?}");
        }
        for only_draft in draft.tags.iter().chain(&draft.services).filter(|v| !used.contains(*v)) {
            for dir in ["tags", "services"] {
                let page = format!("{dir}/{}/index.html", url_name(only_draft));
                assert!(!public.join(&page).exists(), "{page} exists only because of a draft");
            }
        }
    }
}

#[test]
fn example_site_checks_clean() {
    let site = Site::example();
    let run = site.check(&[]);
    run.expect(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    assert!(run.stderr.contains("0 error(s)"), "{}", run.stderr);
    assert!(!site.public().exists(), "check must not write the site");
}

#[test]
fn drafts_flag_publishes_the_draft() {
    let sources = sources();
    let draft = sources.iter().find(|s| s.draft).expect("a draft");
    let site = Site::example();
    site.build(&["--drafts"]).expect(0);
    let public = site.public();
    let pages = incident_pages(&public);
    assert_eq!(pages.len(), sources.len(), "every postmortem, drafts included");
    let page = site.read_public(&format!("incidents/{}/index.html", draft.slug));
    assert!(
        page.contains(&html_escaped(&draft.title)) || page.contains(&draft.title),
        "the draft page shows its title"
    );
    assert!(page.contains("Draft"), "a published draft is marked as one");
    let index = site.read_public("index.html");
    let target = format!("/incidents/{}/", draft.slug);
    assert!(page_urls(&index).iter().any(|u| u.ends_with(&target)), "the draft is listed on the index");
}

#[test]
fn empty_history_builds_every_page_type() {
    let site = Site::new();
    site.build(&[]).expect(0);
    for page in ["index.html", "404.html", "stats/index.html", "services/index.html", "tags/index.html"] {
        assert!(site.public().join(page).is_file(), "missing {page}");
    }
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).unwrap();
    assert_eq!(api["count"], 0);
    let feed: serde_json::Value = serde_json::from_str(&site.read_public("feed.json")).unwrap();
    assert_eq!(feed["items"].as_array().map(Vec::len), Some(0));
    assert!(site.read_public("feed.xml").contains("<feed"), "an empty Atom feed is still a feed");
}
