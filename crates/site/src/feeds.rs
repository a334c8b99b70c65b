//! Machine-readable outputs: Atom feed, JSON Feed 1.1, `api/incidents.json`, `sitemap.xml`
//! and `robots.txt`. Built from the same incident views as the pages, so they can never
//! show more than the pages do.

use crate::config::SiteConfig;
use crate::model::IncidentView;
use serde_json::json;
use std::fmt::Write as _;

pub use debrief_timeline::xml_escape;

/// The last time anything changed: the latest resolved (or started) time.
fn updated(incidents: &[IncidentView]) -> String {
    incidents
        .iter()
        .map(|i| i.resolved.as_ref().map_or(&i.started.instant, |r| &r.instant).clone())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// How many incidents the feeds carry (newest first).
pub const FEED_ITEMS: usize = 50;

/// What a feed covers: the whole site (`path` empty), or one facet value's page
/// (`services/checkout-api/`), whose feeds sit in its folder.
#[derive(Debug, Clone)]
pub struct Channel {
    /// The feed's title.
    pub title: String,
    /// Site-relative path of the page the feed follows (`""` for the home page).
    pub path: String,
}

/// Atom 1.0 of the whole site.
pub fn atom(cfg: &SiteConfig, incidents: &[IncidentView]) -> String {
    atom_for(cfg, &Channel { title: cfg.config.title.clone(), path: String::new() }, incidents)
}

/// Atom 1.0 of one channel.
pub fn atom_for(cfg: &SiteConfig, channel: &Channel, incidents: &[IncidentView]) -> String {
    let c = &cfg.config;
    let home = format!("{}{}", cfg.base_url, channel.path);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", xml_escape(&c.language));
    let _ = writeln!(out, "  <title>{}</title>", xml_escape(&channel.title));
    if !c.description.is_empty() && channel.path.is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml_escape(&c.description));
    }
    let _ = writeln!(out, "  <id>{}</id>", xml_escape(&home));
    let _ = writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&home));
    let _ =
        writeln!(out, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}feed.xml\"/>", xml_escape(&home));
    let _ = writeln!(out, "  <updated>{}</updated>", updated(incidents));
    let _ = writeln!(out, "  <generator>debrief</generator>");
    for i in incidents.iter().take(FEED_ITEMS) {
        let updated = i.resolved.as_ref().map_or(&i.started.instant, |r| &r.instant).clone();
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", xml_escape(&format!("[{}] {}", i.severity.id, i.title)));
        let _ = writeln!(out, "    <id>{}</id>", xml_escape(&i.permalink));
        let _ = writeln!(out, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&i.permalink));
        let _ = writeln!(out, "    <published>{}</published>", i.started.instant.clone());
        let _ = writeln!(out, "    <updated>{updated}</updated>");
        let _ = writeln!(out, "    <author><name>{}</name></author>", xml_escape(&c.title));
        let _ = writeln!(
            out,
            "    <category term=\"{}\" label=\"{}\"/>",
            xml_escape(&i.severity.id),
            xml_escape(&i.severity.label)
        );
        for s in &i.services {
            let _ = writeln!(out, "    <category term=\"{}\"/>", xml_escape(&s.name));
        }
        let _ = writeln!(out, "    <summary>{}</summary>", xml_escape(&feed_summary(i)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn feed_summary(i: &IncidentView) -> String {
    let mut s = format!("{} ({}).", i.severity.label, i.severity.id);
    match (&i.duration, i.ongoing) {
        (_, true) => s.push_str(" Ongoing."),
        (None, false) if i.resolution == "not-stated" => s.push_str(" Resolution not stated."),
        (Some(d), false) => {
            let _ = write!(s, " Duration {d}.");
        }
        _ => {}
    }
    if let Some(summary) = &i.summary {
        s.push(' ');
        s.push_str(summary);
    }
    s
}

/// JSON Feed 1.1 of the whole site.
pub fn json_feed(cfg: &SiteConfig, incidents: &[IncidentView]) -> String {
    json_feed_for(cfg, &Channel { title: cfg.config.title.clone(), path: String::new() }, incidents)
}

/// JSON Feed 1.1 of one channel.
pub fn json_feed_for(cfg: &SiteConfig, channel: &Channel, incidents: &[IncidentView]) -> String {
    let c = &cfg.config;
    let home = format!("{}{}", cfg.base_url, channel.path);
    let items: Vec<_> = incidents
        .iter()
        .take(FEED_ITEMS)
        .map(|i| {
            json!({
                "id": i.permalink,
                "url": i.permalink,
                "title": format!("[{}] {}", i.severity.id, i.title),
                "summary": i.summary,
                "content_text": feed_summary(i),
                "date_published": i.started.instant.clone(),
                "date_modified": i.resolved.as_ref().map_or(&i.started.instant, |r| &r.instant).clone(),
                "tags": std::iter::once(i.severity.id.clone()).chain(i.services.iter().map(|s| s.name.clone())).chain(i.tags.iter().map(|t| t.name.clone())).collect::<Vec<_>>(),
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": home,
        "feed_url": format!("{home}feed.json"),
        "description": c.description,
        "language": c.language,
        "items": items,
    });
    pretty(&feed)
}

/// `api/incidents.json`: every published incident with its public fields and URLs.
pub fn api(cfg: &SiteConfig, incidents: &[IncidentView]) -> String {
    let list: Vec<_> = incidents
        .iter()
        .map(|i| {
            let mut v = json!({
                "slug": i.slug,
                "url": i.permalink,
                "title": i.title,
                "summary": i.summary,
                "severity": i.severity.id,
                "severity_label": i.severity.label,
                "started": i.started.instant.clone(),
                "detected": i.detected.as_ref().map(|t| t.instant.clone()),
                "mitigated": i.mitigated.as_ref().map(|t| t.instant.clone()),
                "resolved": i.resolved.as_ref().map(|t| t.instant.clone()),
                "ongoing": i.ongoing,
                "status": i.resolution,
                "resolution": i.resolution,
                "derived": i.derived,
                "duration_seconds": i.duration_seconds,
                "time_to_detect_seconds": i.time_to_detect_seconds,
                "time_to_mitigate_seconds": i.time_to_mitigate_seconds,
                "time_to_resolve_seconds": i.time_to_resolve_seconds,
                "services": i.services.iter().map(|s| &s.name).collect::<Vec<_>>(),
                "regions": i.regions,
                "tags": i.tags.iter().map(|s| &s.name).collect::<Vec<_>>(),
                "compliance": i.compliance,
                "action_items": {
                    "total": i.action_items.len(),
                    "done": i.actions_done,
                    "items": i.action_items,
                },
            });
            if !i.extra.is_empty() {
                v["extra"] = json!(i.extra);
            }
            for (k, value) in &i.public_fields {
                v[k] = value.clone();
            }
            v
        })
        .collect();
    pretty(&json!({
        "version": 1,
        "title": cfg.config.title,
        "home_page_url": cfg.base_url,
        "count": list.len(),
        "incidents": list,
    }))
}

/// `sitemap.xml` over the given site-relative page paths (`incidents/x/`).
pub fn sitemap(cfg: &SiteConfig, pages: &[(String, Option<String>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in pages {
        let _ = write!(out, "  <url><loc>{}</loc>", xml_escape(&format!("{}{}", cfg.base_url, path)));
        if let Some(lastmod) = lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", xml_escape(lastmod));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` pointing at the sitemap; a preview disallows everything and has no sitemap.
pub fn robots(cfg: &SiteConfig) -> String {
    if cfg.preview {
        return "# A preview build of this site: not for search engines.\nUser-agent: *\nDisallow: /\n".to_string();
    }
    format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", cfg.base_url)
}

fn pretty(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_handles_markup_and_control_chars() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        // The sitemap's and the feed's apostrophes are the timeline's: one XML escaper.
        assert_eq!(xml_escape("O'Hare"), "O&#39;Hare");
    }
}
