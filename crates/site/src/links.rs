//! Links and images in postmortem bodies: a link to another postmortem's source file
//! becomes a link to its incident page, a link to a page or file the site publishes is
//! kept, and anything else local is broken: it is reported as a warning with its file,
//! line and column, and published as its text alone (an image as its alt text).
//!
//! Pure logic: the map of what the site publishes is built from the postmortems and the
//! configuration, never from the file system.

use crate::model::{FacetKind, Views};
use comrak::nodes::{AstNode, NodeValue};
use debrief_content::{Diagnostic, Postmortem, slug};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What a body link becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Published as written: external, a fragment of the same page, or a page or file the
    /// site publishes.
    Keep,
    /// Published with this URL instead (a postmortem's source path → its incident page).
    Rewrite(String),
    /// A local path the site does not publish; the reason says what was looked for.
    Broken(String),
}

/// Everything a body link may point at: the postmortems by source path and the site's
/// generated pages and files.
#[derive(Debug, Clone, Default)]
pub struct LinkMap {
    /// The site's path (`/history/`).
    base_path: String,
    /// Source path relative to the content folder (`2024/x.md`) → page (`incidents/x/`).
    sources: BTreeMap<String, String>,
    /// Site-relative paths of every generated page (`stats/`) and published file.
    published: BTreeSet<String>,
    /// Folder (`2024`) → (the file or bundle name as a slug, page), for links written to a
    /// file's old name.
    by_folder: BTreeMap<String, Vec<(String, String)>>,
}

impl LinkMap {
    /// The map for a site publishing `postmortems` (already filtered for drafts).
    pub fn new(views: &Views<'_>, base_path: &str, postmortems: &[&Postmortem]) -> Self {
        let mut sources = BTreeMap::new();
        let mut by_folder: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut published: BTreeSet<String> = [
            "",
            "404.html",
            "stats/",
            "feed.xml",
            "feed.json",
            "api/incidents.json",
            "sitemap.xml",
            "robots.txt",
            "favicon.svg",
            "search/index.json",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for kind in FacetKind::ALL {
            published.insert(format!("{}/", kind.dir()));
        }
        let strip = |url: &str| url.strip_prefix(base_path).unwrap_or(url).to_string();
        for pm in postmortems {
            let page = pm.url_path();
            sources.insert(slash_path(&pm.path), page.clone());
            let named = if pm.bundle.is_some() { pm.path.parent().unwrap_or(Path::new("")) } else { &pm.path };
            let folder = slash_path(named.parent().unwrap_or(Path::new("")));
            let stem = named.file_stem().map(|s| slug::slugify(&s.to_string_lossy())).unwrap_or_default();
            by_folder.entry(folder).or_default().push((stem, page.clone()));
            for asset in &pm.assets {
                published.insert(format!("{page}{}", slash_path(asset)));
            }
            for alias in &pm.aliases {
                published.insert(alias.trim_start_matches('/').to_string());
            }
            let view = views.incident(pm, &[]);
            published.insert(page);
            published.insert(format!("severity/{}/", view.severity.slug));
            published.insert(strip(&view.year.url));
            for facet in view.services.iter().chain(&view.tags) {
                published.insert(strip(&facet.url));
            }
        }
        Self { base_path: base_path.to_string(), sources, published, by_folder }
    }

    /// A hash of everything links resolve against: two maps with the same fingerprint
    /// resolve every link alike (`serve` reuses a page while it stays the same).
    pub fn fingerprint(&self) -> u64 {
        crate::memo::hash_of(&(&self.base_path, &self.sources, &self.published, &self.by_folder))
    }

    /// Whether the site publishes this site-relative path (`stats/`, `incidents/x/a.png`).
    pub fn publishes(&self, path: &str) -> bool {
        let path = path.strip_suffix("index.html").unwrap_or(path);
        self.published.contains(path)
            || (!path.is_empty() && !path.ends_with('/') && self.published.contains(&format!("{path}/")))
    }

    /// What `url`, written in the postmortem at `source` (relative to the content folder)
    /// whose page is `page` (`incidents/x/`), becomes.
    pub fn resolve(&self, source: &Path, page: &str, url: &str) -> Resolved {
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') || url.starts_with('?') || url.starts_with("//") || has_scheme(url) {
            return Resolved::Keep;
        }
        let (path, fragment) = match url.find(['#', '?']) {
            Some(at) => (&url[..at], &url[at..]),
            None => (url, ""),
        };
        let decoded = percent_decode(path);
        let not_found = || {
            Resolved::Broken(format!("`{url}` is neither a postmortem of this site nor a page or file it publishes"))
        };
        if let Some(abs) = decoded.strip_prefix('/') {
            let Some(rest) =
                decoded.strip_prefix(self.base_path.as_str()).or(if self.base_path == "/" { Some(abs) } else { None })
            else {
                return not_found();
            };
            let Some(rest) = normalise(rest) else { return not_found() };
            if self.publishes(&rest) {
                return Resolved::Keep;
            }
            return match self.source_page(&rest) {
                Some(target) => Resolved::Rewrite(format!("{}{target}{fragment}", self.base_path)),
                None => not_found(),
            };
        }
        let dir = slash_path(source.parent().unwrap_or(Path::new("")));
        let joined = if dir.is_empty() { decoded.clone() } else { format!("{dir}/{decoded}") };
        if let Some(target) = normalise(&joined).and_then(|p| self.source_page(&p)) {
            return Resolved::Rewrite(format!("{}{target}{fragment}", self.base_path));
        }
        // Relative to the published page: a bundle's own files, or another generated page.
        match normalise(&format!("{page}{decoded}")) {
            Some(rest) if self.publishes(&rest) => Resolved::Keep,
            _ => not_found(),
        }
    }

    /// The incident page of the postmortem whose source is `path` (`2024/x`, `2024/x.md`,
    /// `2024/bundle/`, `2024/bundle/index.md`).
    /// When no file has that name, the one postmortem of the same folder whose file name,
    /// as a slug, is or ends with the link's (`PM2019-009 - IP starvation.md` →
    /// `dfds-pm2019-009-ip-starvation.md`: a history collected under a prefix).
    fn source_page(&self, path: &str) -> Option<&String> {
        let trimmed = path.trim_end_matches('/').trim_start_matches('/');
        if let Some(page) = [trimmed.to_string(), format!("{trimmed}.md"), format!("{trimmed}/index.md")]
            .iter()
            .find_map(|candidate| self.sources.get(candidate))
        {
            return Some(page);
        }
        let (folder, name) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
        let wanted = slug::slugify(name.strip_suffix(".md").unwrap_or(name));
        if wanted.is_empty() {
            return None;
        }
        let suffix = format!("-{wanted}");
        let mut found =
            self.by_folder.get(folder)?.iter().filter(|(stem, _)| *stem == wanted || stem.ends_with(&suffix));
        match (found.next(), found.next()) {
            (Some((_, page)), None) => Some(page),
            _ => None,
        }
    }

    /// Warnings for every broken link and image of `pm` (whose body lines are those of its
    /// file), at the link's file, line and column.
    pub fn check(&self, pm: &Postmortem) -> Vec<Diagnostic> {
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, &pm.body, &debrief_content::markdown::options());
        debrief_content::markdown::drop_html_comments(root);
        let lines: Vec<&str> = pm.body.lines().collect();
        let page = pm.url_path();
        let mut out = Vec::new();
        for node in root.descendants() {
            let (url, what) = match &node.data().value {
                NodeValue::Link(l) => (l.url.clone(), "link"),
                NodeValue::Image(l) => (l.url.clone(), "image"),
                _ => continue,
            };
            if let Resolved::Broken(reason) = self.resolve(&pm.path, &page, &url) {
                let pos = node.data().sourcepos.start;
                let column = lines.get(pos.line.saturating_sub(1)).map_or(pos.column, |text| {
                    text.char_indices().take_while(|(i, _)| *i < pos.column.saturating_sub(1)).count() + 1
                });
                let published = if what == "image" { "its alt text" } else { "its text without the link" };
                out.push(
                    Diagnostic::warning(&pm.path_shown, pm.body_line + pos.line - 1, column, format!("broken {what}: {reason}"))
                        .with_hint(format!(
                            "only {published} is published; link another postmortem by its file (`../2024/other.md`), \
                             put images in a bundle folder (`<slug>/index.md` beside the image), or use a full https:// URL"
                        )),
                );
            }
        }
        out
    }

    /// Rewrites the links and images of a parsed body: source paths become incident pages,
    /// broken ones are replaced by their text (an image by its alt text).
    pub fn apply<'a>(&self, root: &'a AstNode<'a>, source: &Path, page: &str) {
        let nodes: Vec<&'a AstNode<'a>> =
            root.descendants().filter(|n| matches!(n.data().value, NodeValue::Link(_) | NodeValue::Image(_))).collect();
        for node in nodes {
            let url = match &node.data().value {
                NodeValue::Link(l) | NodeValue::Image(l) => l.url.clone(),
                _ => continue,
            };
            match self.resolve(source, page, &url) {
                Resolved::Keep => {}
                Resolved::Rewrite(to) => {
                    if let NodeValue::Link(l) | NodeValue::Image(l) = &mut node.data_mut().value {
                        l.url = to;
                    }
                }
                Resolved::Broken(_) => {
                    while let Some(child) = node.first_child() {
                        node.insert_before(child);
                    }
                    node.detach();
                }
            }
        }
    }
}

/// `a\b` → `a/b`.
fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`).
fn has_scheme(url: &str) -> bool {
    url.find(':').is_some_and(|at| {
        let scheme = &url[..at];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// `%20` → ` `; an invalid escape or non-UTF-8 result leaves the text as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Resolves `.` and `..` in a `/`-separated relative path, keeping a trailing `/`; None
/// when it climbs above its root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            seg => parts.push(seg),
        }
    }
    let mut out = parts.join("/");
    if !out.is_empty() && (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> LinkMap {
        LinkMap {
            base_path: "/history/".into(),
            sources: [
                ("2024/PM2019-009 - IP starvation.md", "incidents/ip-starvation/"),
                ("2024/other.md", "incidents/other/"),
                ("2025/bundle/index.md", "incidents/bundle/"),
            ]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
            published: [
                "",
                "stats/",
                "incidents/other/",
                "incidents/bundle/",
                "incidents/bundle/graph.png",
                "severity/sev1/",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            by_folder: [(
                "2024".to_string(),
                vec![
                    ("acme-pm2019-010-dns".to_string(), "incidents/dns/".to_string()),
                    ("acme-pm2019-011-dns-again".to_string(), "incidents/dns-again/".to_string()),
                    ("acme-pm2019-012-dns".to_string(), "incidents/dns-2/".to_string()),
                ],
            )]
            .into_iter()
            .collect(),
        }
    }

    fn resolve(url: &str) -> Resolved {
        map().resolve(Path::new("2024/this.md"), "incidents/this/", url)
    }

    #[test]
    fn source_paths_become_incident_pages() {
        let to = |s: &str| Resolved::Rewrite(s.to_string());
        assert_eq!(resolve("other.md"), to("/history/incidents/other/"));
        assert_eq!(resolve("other"), to("/history/incidents/other/"));
        assert_eq!(resolve("./other.md#root-cause"), to("/history/incidents/other/#root-cause"));
        assert_eq!(resolve("PM2019-009%20-%20IP%20starvation.md"), to("/history/incidents/ip-starvation/"));
        assert_eq!(resolve("../2025/bundle/index.md"), to("/history/incidents/bundle/"));
        assert_eq!(resolve("../2025/bundle/"), to("/history/incidents/bundle/"));
        assert_eq!(resolve("../2025/bundle"), to("/history/incidents/bundle/"));
    }

    #[test]
    fn a_renamed_file_is_found_by_the_end_of_its_name_when_only_one_matches() {
        assert_eq!(resolve("PM2019-010%20-%20DNS.md"), Resolved::Rewrite("/history/incidents/dns/".into()));
        assert_eq!(resolve("pm2019-011-dns-again"), Resolved::Rewrite("/history/incidents/dns-again/".into()));
        // `dns` ends both names: ambiguous, so broken.
        assert!(matches!(resolve("dns.md"), Resolved::Broken(_)));
    }

    #[test]
    fn published_targets_and_external_links_are_kept() {
        for url in
            ["https://example.org/x", "mailto:a@b.c", "#impact", "//cdn.example/x", "/history/stats/", "/history/"]
        {
            assert_eq!(resolve(url), Resolved::Keep, "{url}");
        }
        let bundle = map().resolve(Path::new("2025/bundle/index.md"), "incidents/bundle/", "graph.png");
        assert_eq!(bundle, Resolved::Keep);
    }

    #[test]
    fn missing_local_targets_are_broken() {
        for url in [
            "/assets/images/graph.png",
            "/history/severity/sev4/",
            "missing.md",
            "graph.png",
            "../../../../etc/passwd",
            "/community/profiles/34651",
        ] {
            assert!(matches!(resolve(url), Resolved::Broken(ref r) if r.contains(url)), "{url}: {:?}", resolve(url));
        }
    }

    #[test]
    fn percent_decoding_keeps_invalid_escapes() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%C3%A9"), "é");
        assert_eq!(percent_decode("%FF"), "%FF");
    }

    #[test]
    fn normalise_resolves_dots() {
        assert_eq!(normalise("a/./b/../c"), Some("a/c".into()));
        assert_eq!(normalise("a/b/"), Some("a/b/".into()));
        assert_eq!(normalise("../x"), None);
    }
}
