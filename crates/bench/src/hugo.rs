//! The Hugo flavour of a generated corpus, for `scripts/bench-vs-hugo.sh`: the same
//! documents as [`crate::corpus`], as a Hugo site with a minimal theme — a list page, a
//! single page, three taxonomies (services, tags, severity), RSS and a sitemap (Hugo's
//! built-in outputs). Hugo gets a `date` line (a copy of `started`) and `severity` as a
//! one-item list (a taxonomy); everything else is the debrief document as it is.

use std::fs;
use std::io;
use std::path::Path;

use crate::corpus::{CorpusStats, generate};

/// `hugo.toml` at the site root.
pub const CONFIG_TOML: &str = "baseURL = \"https://status.example.org/history/\"\n\
title = \"Example Corp incident history\"\n\
languageCode = \"en\"\n\
disableKinds = []\n\
\n\
[taxonomies]\n\
service = \"services\"\n\
tag = \"tags\"\n\
severity = \"severity\"\n\
\n\
[markup.goldmark.renderer]\n\
unsafe = false\n";

/// The minimal theme: `layouts/<path>` and its text.
pub const LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }} | {{ .Site.Title }}</title>\n\
{{ with .OutputFormats.Get \"rss\" }}<link rel=\"alternate\" type=\"application/rss+xml\" href=\"{{ .RelPermalink }}\">{{ end }}</head>\n\
<body><header><a href=\"{{ \"/\" | relURL }}\">{{ .Site.Title }}</a></header>\n<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    ),
    (
        "_default/list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> \
<time>{{ .Date.Format \"2006-01-02\" }}</time> {{ .Params.summary }}</li>\n{{ end }}</ul>{{ end }}\n",
    ),
    (
        "_default/single.html",
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>\n<p><time>{{ .Date.Format \"2006-01-02 15:04\" }}</time> \
{{ range .Params.severity }}<a href=\"{{ printf \"/severity/%s/\" (urlize .) | relURL }}\">{{ . }}</a>{{ end }}</p>\n\
<ul>{{ range .Params.services }}<li><a href=\"{{ printf \"/services/%s/\" (urlize .) | relURL }}\">{{ . }}</a></li>{{ end }}</ul>\n\
<ul>{{ range .Params.tags }}<li><a href=\"{{ printf \"/tags/%s/\" (urlize .) | relURL }}\">{{ . }}</a></li>{{ end }}</ul>\n\
{{ .Content }}</article>{{ end }}\n",
    ),
];

/// Rewrites a generated debrief document for Hugo: a `date` line before `started`,
/// `severity` as a list.
pub fn hugo_document(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_front = false;
    let mut front_done = false;
    for line in text.split_inclusive('\n') {
        if !front_done && line.trim_end() == "---" {
            if in_front {
                front_done = true;
            }
            in_front = !in_front;
            out.push_str(line);
            continue;
        }
        if in_front {
            if let Some(v) = line.strip_prefix("started: ") {
                out.push_str("date: ");
                out.push_str(v);
            } else if let Some(v) = line.strip_prefix("severity: ") {
                out.push_str(&format!("severity: [{}]\n", v.trim_end()));
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// Writes the Hugo flavour of the corpus of `total` documents into `out`: `hugo.toml`,
/// `layouts/` and `content/incidents/<year>/<slug>.md`. Replaces `out/content` and
/// `out/public` when `force` is set (refuses a non-empty `out/content` otherwise).
pub fn write_site(out: &Path, total: usize, seed: u64, force: bool) -> io::Result<CorpusStats> {
    let content = crate::corpus::empty_content_dir(out, force)?;
    // Hugo's output folder goes with --force even when the content folder was empty.
    if force && out.join("public").exists() {
        fs::remove_dir_all(out.join("public"))?;
    }
    fs::write(out.join("hugo.toml"), CONFIG_TOML)?;
    for (rel, text) in LAYOUTS {
        let path = out.join("layouts").join(rel);
        fs::create_dir_all(path.parent().unwrap_or(out))?;
        fs::write(path, text)?;
    }
    fs::write(content.join("_index.md"), "---\ntitle: Incident history\n---\n")?;
    let mut stats = CorpusStats::default();
    let mut made_year = Vec::new();
    for doc in generate(total, seed) {
        let dir = content.join("incidents").join(doc.year.to_string());
        if !made_year.contains(&doc.year) {
            fs::create_dir_all(&dir)?;
            made_year.push(doc.year);
        }
        let text = hugo_document(&doc.text);
        fs::write(dir.join(format!("{}.md", doc.slug)), &text)?;
        stats.docs += 1;
        stats.markdown_bytes += text.len() as u64;
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_document_dates_and_lists_the_severity() {
        let doc = "---\ntitle: \"X\"\nseverity: SEV2\nstarted: 2023-01-01T03:33:00Z\n---\n\nseverity: body\n";
        assert_eq!(
            hugo_document(doc),
            "---\ntitle: \"X\"\nseverity: [SEV2]\ndate: 2023-01-01T03:33:00Z\nstarted: 2023-01-01T03:33:00Z\n---\n\nseverity: body\n"
        );
    }

    #[test]
    fn writes_the_same_documents() {
        let tmp = tempfile::tempdir().unwrap();
        let stats = write_site(tmp.path(), 5, 7, false).unwrap();
        assert_eq!(stats.docs, 5);
        assert!(tmp.path().join("hugo.toml").is_file());
        assert!(tmp.path().join("layouts/_default/single.html").is_file());
        for doc in generate(5, 7) {
            let text =
                fs::read_to_string(tmp.path().join(format!("content/incidents/{}/{}.md", doc.year, doc.slug))).unwrap();
            assert_eq!(text, hugo_document(&doc.text));
        }
    }
}
