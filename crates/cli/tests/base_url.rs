//! `base_url` with a path: every root-relative link of every page starts with that path and
//! names a file that exists in the output; feeds, API and sitemap use absolute URLs under it.

mod common;

use common::*;

const BASE: &str = "https://example.org/status/history/";
const BASE_PATH: &str = "/status/history/";

/// Checks every `href`/`src` (and meta refresh) of every HTML page under `public`.
/// Returns (links checked, problems).
fn check_links(public: &std::path::Path, base_path: &str) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for page in files(public).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(&page)).expect("read page");
        for url in page_urls(&html) {
            if url.starts_with('/') && !url.starts_with("//") && !url.starts_with(base_path) {
                problems.push(format!("{page}: `{url}` does not start with {base_path}"));
                continue;
            }
            match resolve_link(base_path, &page, &url) {
                None => {}
                Some(Err(e)) => problems.push(format!("{page}: {e}")),
                Some(Ok(target)) => {
                    checked += 1;
                    if !public.join(&target).is_file() {
                        problems.push(format!("{page}: `{url}` → {target} does not exist"));
                    }
                }
            }
        }
    }
    (checked, problems)
}

#[test]
fn every_link_is_under_the_base_path_and_resolves() {
    let site = Site::example();
    site.build(&["--base-url", BASE]).expect(0);
    let public = site.public();
    let (checked, problems) = check_links(&public, BASE_PATH);
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    assert!(checked > 500, "only {checked} links checked: the link reader is broken");
    // The configured base (`/history/`) must not linger anywhere in the pages.
    let stale: Vec<String> = files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter(|f| {
            let html = std::fs::read_to_string(public.join(f)).unwrap();
            page_urls(&html).iter().any(|u| u.starts_with("/history/") || u.contains("status.northwind.example"))
        })
        .collect();
    assert!(stale.is_empty(), "pages still link to the configured base_url: {stale:?}");
}

#[test]
fn links_resolve_with_the_base_url_from_the_config_too() {
    let site = Site::example();
    site.build(&[]).expect(0);
    let (checked, problems) = check_links(&site.public(), "/history/");
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    assert!(checked > 500);
}

#[test]
fn links_resolve_at_the_domain_root() {
    let site = Site::example();
    site.build(&["--base-url", "https://incidents.example.org"]).expect(0);
    let (checked, problems) = check_links(&site.public(), "/");
    assert!(problems.is_empty(), "{} broken links:\n{}", problems.len(), problems.join("\n"));
    assert!(checked > 500);
}

#[test]
fn feeds_api_and_sitemap_use_absolute_urls_under_the_base() {
    // The configured base URL (a different --base-url would be a preview, without sitemap).
    let site = Site::example();
    let config = std::fs::read_to_string(site.path("debrief.toml")).expect("debrief.toml");
    let config = config.replace("https://status.northwind.example/history/", BASE);
    assert!(config.contains(BASE), "the example's base_url moved: update this test");
    site.write("debrief.toml", config);
    site.build(&[]).expect(0);
    let public = site.public();

    let under_base = |what: &str, url: &str| {
        assert!(url.starts_with(BASE), "{what}: `{url}` is not under {BASE}");
        if let Some(Ok(target)) = resolve_link(BASE_PATH, "", &url[BASE.len() - BASE_PATH.len()..]) {
            assert!(public.join(&target).is_file(), "{what}: `{url}` → {target} does not exist");
        }
    };

    // Atom: every link and id.
    let atom = site.read_public("feed.xml");
    let atom_tags = start_tags(&atom);
    let links: Vec<&Tag> = atom_tags.iter().filter(|t| t.name == "link").collect();
    assert!(links.len() > 10, "Atom links: {}", links.len());
    for link in links {
        under_base("feed.xml <link>", &decode_entities(link.attr("href").expect("href")));
    }
    for id in atom.split("<id>").skip(1).map(|s| s.split("</id>").next().unwrap()) {
        under_base("feed.xml <id>", &decode_entities(id));
    }

    // JSON Feed.
    let feed: serde_json::Value = serde_json::from_str(&site.read_public("feed.json")).unwrap();
    under_base("feed.json home_page_url", feed["home_page_url"].as_str().unwrap());
    under_base("feed.json feed_url", feed["feed_url"].as_str().unwrap());
    let items = feed["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for item in items {
        under_base("feed.json item url", item["url"].as_str().unwrap());
        under_base("feed.json item id", item["id"].as_str().unwrap());
    }

    // API.
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).unwrap();
    under_base("api home_page_url", api["home_page_url"].as_str().unwrap());
    for incident in api["incidents"].as_array().unwrap() {
        under_base("api incident url", incident["url"].as_str().unwrap());
    }

    // Sitemap and robots.txt.
    let sitemap = site.read_public("sitemap.xml");
    let locs: Vec<String> =
        sitemap.split("<loc>").skip(1).map(|s| decode_entities(s.split("</loc>").next().unwrap())).collect();
    assert!(locs.len() > 20, "sitemap entries: {}", locs.len());
    for loc in &locs {
        under_base("sitemap <loc>", loc);
    }
    assert!(locs.iter().any(|l| l == BASE), "the sitemap lists the home page");
    let robots = site.read_public("robots.txt");
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")), "{robots}");

    // Canonical and og:url of every page are absolute and under the base.
    for page in files(&public).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(&page)).unwrap();
        for tag in start_tags(&html) {
            if tag.name == "meta" && tag.attr("property") == Some("og:url") {
                under_base(&format!("{page} og:url"), &decode_entities(tag.attr("content").unwrap()));
            }
        }
    }
}
