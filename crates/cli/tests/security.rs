//! Rendering is safe: raw HTML in a postmortem (body or front matter) never becomes markup,
//! no event-handler attribute or `javascript:` URL reaches a page, and HTML comments are
//! never published.

mod common;

use common::*;

/// Tags no page of the default theme has, so any of them came from content. (`svg` is
/// legitimate: the stats charts; `<svg onload>` is caught by the `on*` attribute check.)
const FORBIDDEN_TAGS: &[&str] = &["script", "iframe", "style", "object", "embed", "form", "input", "base"];
/// Schemes a link or image may never use.
const FORBIDDEN_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

fn hostile_site() -> Site {
    let site = Site::new();
    site.write("content/hostile-markup.md", fixture("good/hostile-markup.md"));
    site.write("content/hostile-front-matter.md", fixture("good/hostile-front-matter.md"));
    site.build(&[]).expect(0);
    site
}

/// The one script the theme adds: the WebAssembly module loader, a content-hashed
/// `debrief.<hash>.js` module with Subresource Integrity.
fn is_theme_module_script(attrs: &[(String, String)]) -> bool {
    let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let src = get("src").unwrap_or("").replace("&#x2f;", "/");
    let name = src.rsplit('/').next().unwrap_or("");
    let hashed = name
        .strip_prefix("debrief.")
        .and_then(|n| n.strip_suffix(".js"))
        .is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    get("type") == Some("module") && hashed && get("integrity").is_some_and(|i| i.starts_with("sha384-"))
}

/// The theme's schema.org data block on incident pages: `type="application/ld+json"`,
/// no `src`, no other attribute. Browsers never run it; the page tests check that its
/// text cannot end the element (`<` is escaped in it).
fn is_theme_json_ld(attrs: &[(String, String)]) -> bool {
    attrs.len() == 1 && attrs[0] == ("type".to_string(), "application/ld+json".to_string())
}

/// Every problem in the HTML pages of `public`.
fn unsafe_markup(public: &std::path::Path) -> Vec<String> {
    let mut problems = Vec::new();
    for page in files(public).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(&page)).unwrap();
        for tag in start_tags(&html) {
            let theme_search_box = tag.name == "input" && tag.attr("id") == Some("debrief-search");
            if FORBIDDEN_TAGS.contains(&tag.name.as_str())
                && !is_theme_module_script(&tag.attrs)
                && !is_theme_json_ld(&tag.attrs)
                && !theme_search_box
            {
                problems.push(format!("{page}: <{}> tag", tag.name));
            }
            for (name, value) in &tag.attrs {
                if name.starts_with("on") {
                    problems.push(format!("{page}: <{} {name}=\"{value}\">", tag.name));
                }
                if matches!(name.as_str(), "href" | "src" | "action" | "formaction" | "xlink:href")
                    && url_scheme(value).is_some_and(|s| FORBIDDEN_SCHEMES.contains(&s.as_str()))
                {
                    problems.push(format!("{page}: <{} {name}=\"{value}\">", tag.name));
                }
            }
        }
    }
    problems
}

#[test]
fn raw_html_never_becomes_markup() {
    let site = hostile_site();
    let public = site.public();
    let page = site.read_public("incidents/hostile-markup/index.html");
    // The page was really rendered from the hostile body.
    assert!(page.contains("Raw HTML in a postmortem must never reach the page"), "body rendered");
    assert!(page.contains("raw anchor") && page.contains("cell link"), "surrounding text kept");
    let problems = unsafe_markup(&public);
    assert!(problems.is_empty(), "unsafe markup in the output:\n{}", problems.join("\n"));
}

#[test]
fn no_javascript_url_anywhere() {
    let site = hostile_site();
    for page in files(&site.public()).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(site.public().join(&page)).unwrap();
        for url in page_urls(&html) {
            let scheme = url_scheme(&url);
            assert!(!scheme.as_deref().is_some_and(|s| FORBIDDEN_SCHEMES.contains(&s)), "{page}: link to `{url}`");
        }
    }
    // Not even as an attribute value the reader's browser could be tricked into using.
    let page = site.read_public("incidents/hostile-markup/index.html");
    let hrefs: Vec<String> = page_urls(&page);
    assert!(hrefs.iter().all(|u| !u.to_ascii_lowercase().contains("script:")), "{hrefs:?}");
}

#[test]
fn html_comments_are_never_published() {
    let site = hostile_site();
    let found = files_containing(&site.public(), "secret-thing");
    assert!(found.is_empty(), "an HTML comment was published in {found:?}");
    let found = files_containing(&site.public(), "<!--");
    assert!(found.is_empty(), "comment markers in {found:?}");
}

#[test]
fn markup_in_front_matter_is_text() {
    let site = hostile_site();
    let page = site.read_public("incidents/hostile-front-matter/index.html");
    assert!(page.contains("Markup in front matter fields must be shown as text"), "page rendered");
    // The title is there (its markup escaped or dropped, never live).
    let h1 = page.split("<h1>").nth(1).and_then(|r| r.split("</h1>").next()).expect("an <h1>");
    assert!(h1.contains("Checkout") && h1.contains("errors"), "the title is shown: {h1}");
    // Feeds escape it too: the Atom feed must stay well-formed XML around it.
    let atom = site.read_public("feed.xml");
    assert!(!atom.contains("<script"), "raw <script> in feed.xml");
    assert!(!atom.contains("<img"), "raw <img> in feed.xml");
    // The JSON-LD data block holds the title as JSON text: it cannot end its element or
    // open another one, and it still parses to the title.
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .expect("JSON-LD");
    assert!(!ld.contains('<') && !ld.contains('>'), "markup characters in the JSON-LD: {ld}");
    let ld: serde_json::Value = serde_json::from_str(ld).expect("JSON-LD parses");
    assert!(ld["headline"].as_str().is_some_and(|h| h.contains("Checkout")), "{ld}");
    let problems = unsafe_markup(&site.public());
    assert!(problems.is_empty(), "unsafe markup in the output:\n{}", problems.join("\n"));
}

#[test]
fn comments_inside_html_blocks_are_not_published() {
    let site = Site::new();
    site.write(
        "content/details.md",
        postmortem(
            "Comment inside an HTML block",
            "SEV4",
            "2025-04-03T10:00:00Z",
            "",
            "## Summary\n\nA details block.\n\n<details>\n<!-- internal: secret-in-html-block -->\n</details>\n\n<div>\nText <!-- secret-in-div -->\n</div>\n",
        ),
    );
    site.build(&[]).expect(0);
    for needle in ["secret-in-html-block", "secret-in-div"] {
        let found = files_containing(&site.public(), needle);
        assert!(found.is_empty(), "the comment `{needle}` was published in {found:?}");
    }
}
