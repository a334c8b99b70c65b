//! Publishing extras written beside the site: the `_headers` file that Netlify and
//! Cloudflare Pages read (the Content-Security-Policy as a real header, caching rules), and
//! optional precompressed `.gz` and `.br` twins of text files for hosts that serve them.
//!
//! The header rules are pure functions of the list of written files (unit-tested here);
//! [`finish`] writes them through the scanned [`Output`] like every other file, so the
//! scanner reads (and decompresses) everything that is published.

use crate::output::Output;
use std::collections::BTreeSet;
use std::io::Write as _;

/// The Content-Security-Policy every page carries in its `<meta>` tag (`base.html`).
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data: https:; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'";

/// What only a real header can carry: a page may not be framed by anyone.
pub const CSP_HEADER_EXTRA: &str = "frame-ancestors 'none'";

/// The referrer policy sent with every response.
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// Caching of content-hashed files: their name changes when their bytes do.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Caching of pages and of every file whose name stays the same across builds.
pub const CACHE_SHORT: &str = "public, max-age=300, must-revalidate";

/// The file Netlify and Cloudflare Pages read their header rules from.
pub const HEADERS_FILE: &str = "_headers";

/// Why publishing extras could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// Reading or writing in the staging folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The site-relative path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// The full Content-Security-Policy header value.
pub fn csp_header() -> String {
    format!("{CSP}; {CSP_HEADER_EXTRA}")
}

/// Whether a site-relative file name carries a content hash (`style.1a2b3c4d.css`,
/// `debrief.1a2b3c4d.wasm`, `search/t-0-1a2b3c4d.bin`): eight lowercase hex digits
/// between separators.
pub fn is_content_hashed(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.split(['.', '-'])
        .skip(1)
        .any(|part| part.len() == 8 && part.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// The `_headers` file for a site whose files are `written` (site-relative paths), served
/// under `base_path` (`/` or `/history/`).
///
/// Hosts apply every rule whose pattern matches and join repeated headers, so the caching
/// rules never overlap: content-hashed files at the top level are named exactly, the
/// hashed search index by its name prefixes (`search/t-*`), and everything else (pages,
/// feeds, the API, the search pointer `search/index.json`) by folder or exact name.
pub fn headers_file(written: &[String], base_path: &str) -> String {
    let mut immutable = BTreeSet::new();
    let mut short = BTreeSet::new();
    short.insert(base_path.to_string());
    for rel in written {
        if rel == HEADERS_FILE || rel.ends_with(".gz") || rel.ends_with(".br") {
            continue;
        }
        match rel.split_once('/') {
            Some(("search", name)) if is_content_hashed(rel) => {
                let prefix = name.split_once('-').map_or(name, |(p, _)| p);
                immutable.insert(format!("{base_path}search/{prefix}-*"));
            }
            Some(("search", name)) => {
                short.insert(format!("{base_path}search/{name}"));
            }
            Some((dir, _)) => {
                short.insert(format!("{base_path}{dir}/*"));
            }
            None if is_content_hashed(rel) => {
                immutable.insert(format!("{base_path}{rel}"));
            }
            None => {
                short.insert(format!("{base_path}{rel}"));
            }
        }
    }
    let mut out = String::from(
        "# Written by debrief for Netlify and Cloudflare Pages (other hosts: docs/publishing/).\n\
         # Security headers on every response; caching by kind of file.\n",
    );
    out.push_str(&format!(
        "{base_path}*\n  Content-Security-Policy: {}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: {REFERRER_POLICY}\n",
        csp_header()
    ));
    out.push_str("\n# Content-hashed files: a new build gives them new names.\n");
    for path in &immutable {
        out.push_str(&format!("{path}\n  Cache-Control: {CACHE_IMMUTABLE}\n"));
    }
    out.push_str("\n# Pages and files that keep their names: short caching.\n");
    for path in &short {
        out.push_str(&format!("{path}\n  Cache-Control: {CACHE_SHORT}\n"));
    }
    out
}

/// Whether a file is text worth precompressing (the WebAssembly module too).
pub fn is_compressible(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
    matches!(ext, "html" | "css" | "js" | "json" | "xml" | "txt" | "svg" | "wasm")
}

/// Gzip at the best level with a fixed header (no name, no time stamp, OS "unknown"), so
/// the same bytes always compress to the same file.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::with_capacity(bytes.len() / 3), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Brotli at quality 9 with a 4 MiB window: deterministic (Brotli has no header fields),
/// close to quality 11's size at a fraction of its time on large sites.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let params = brotli::enc::BrotliEncoderParams { quality: 9, lgwin: 22, ..Default::default() };
    // Reading from a slice and writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

/// Writes `_headers` and, with `precompress`, a `.gz` and a `.br` beside every text file
/// that each makes smaller. Returns how many compressed files were written.
pub fn finish(output: &Output<'_>, base_path: &str, precompress: bool) -> Result<usize, PublishError> {
    let io = |path: &str| {
        let path = path.to_string();
        move |source| PublishError::Io { path, source }
    };
    let written = output.written();
    let mut compressed = 0;
    if precompress {
        for rel in written.iter().filter(|rel| is_compressible(rel)) {
            // In memory (`check`) there is nothing to compress; a leaking file was never written.
            let Some(bytes) = output.read_back(rel) else { continue };
            let bytes = bytes.map_err(io(rel))?;
            let gz = gzip(&bytes);
            let br = brotli(&bytes);
            for (ext, packed) in [("gz", gz), ("br", br)] {
                if packed.len() < bytes.len() {
                    let name = format!("{rel}.{ext}");
                    // Scanned like every other file (the scanner reads both decompressed).
                    output.write(&name, &packed).map_err(io(&name))?;
                    compressed += 1;
                }
            }
        }
    }
    output.write(HEADERS_FILE, headers_file(&written, base_path).as_bytes()).map_err(io(HEADERS_FILE))?;
    Ok(compressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn site_files() -> Vec<String> {
        [
            "index.html",
            "404.html",
            "favicon.svg",
            "feed.xml",
            "sitemap.xml",
            "style.2e93cfc0.css",
            "debrief.72769271.wasm",
            "debrief.91335c74.js",
            "timeline.b8228b73.bin",
            "incidents/dns-outage/index.html",
            "incidents/dns-outage/diagram.svg",
            "tags/dns/index.html",
            "api/incidents.json",
            "search/index.json",
            "search/t-0-b26ff473.bin",
            "search/t-1-319b4fab.bin",
            "search/f-59660303-0.bin",
            "search/facet-tag-9daa2775.bin",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    /// Header blocks as (pattern, lines).
    fn rules(text: &str) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some(header) = line.strip_prefix("  ") {
                out.last_mut().expect("a pattern first").1.push(header.to_string());
            } else {
                out.push((line.to_string(), Vec::new()));
            }
        }
        out
    }

    #[test]
    fn content_hashed_names_are_recognised() {
        assert!(is_content_hashed("style.2e93cfc0.css"));
        assert!(is_content_hashed("debrief.72769271.wasm"));
        assert!(is_content_hashed("search/t-0-b26ff473.bin"));
        assert!(is_content_hashed("search/f-59660303-0.bin"));
        assert!(!is_content_hashed("search/index.json"));
        assert!(!is_content_hashed("favicon.svg"));
        assert!(!is_content_hashed("incidents/2025-03-14-dns/index.html"));
        assert!(!is_content_hashed("style.2E93CFC0.css"));
    }

    #[test]
    fn security_headers_cover_every_path_under_the_base_path() {
        let text = headers_file(&site_files(), "/history/");
        let rules = rules(&text);
        let (pattern, headers) = &rules[0];
        assert_eq!(pattern, "/history/*");
        assert_eq!(
            headers,
            &vec![
                format!("Content-Security-Policy: {CSP}; frame-ancestors 'none'"),
                "X-Content-Type-Options: nosniff".to_string(),
                format!("Referrer-Policy: {REFERRER_POLICY}"),
            ]
        );
        assert!(rules.iter().all(|(p, _)| p.starts_with("/history/")), "{text}");
    }

    #[test]
    fn hashed_assets_are_immutable_and_pages_short_lived() {
        let text = headers_file(&site_files(), "/");
        let cache: Vec<(String, String)> = rules(&text)
            .into_iter()
            .filter_map(|(p, h)| {
                h.iter().find_map(|l| l.strip_prefix("Cache-Control: ").map(|v| (p.clone(), v.to_string())))
            })
            .collect();
        let immutable: Vec<&str> =
            cache.iter().filter(|(_, v)| v == CACHE_IMMUTABLE).map(|(p, _)| p.as_str()).collect();
        let short: Vec<&str> = cache.iter().filter(|(_, v)| v == CACHE_SHORT).map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            immutable,
            [
                "/debrief.72769271.wasm",
                "/debrief.91335c74.js",
                "/search/f-*",
                "/search/facet-*",
                "/search/t-*",
                "/style.2e93cfc0.css",
                "/timeline.b8228b73.bin"
            ]
        );
        assert_eq!(
            short,
            [
                "/",
                "/404.html",
                "/api/*",
                "/favicon.svg",
                "/feed.xml",
                "/incidents/*",
                "/index.html",
                "/search/index.json",
                "/sitemap.xml",
                "/tags/*"
            ]
        );
    }

    #[test]
    fn headers_file_is_deterministic_whatever_the_order() {
        let mut files = site_files();
        let a = headers_file(&files, "/");
        files.reverse();
        assert_eq!(a, headers_file(&files, "/"));
    }

    #[test]
    fn gzip_round_trips_and_has_no_time_stamp() {
        let text = "<!doctype html><p>The resolver fleet ran out of file descriptors.</p>\n".repeat(20);
        let a = gzip(text.as_bytes());
        assert_eq!(a, gzip(text.as_bytes()));
        assert_eq!(&a[4..8], &[0, 0, 0, 0], "MTIME must be zero");
        assert_eq!(a[3] & 0x08, 0, "no file name in the header");
        let mut back = String::new();
        flate2::read::GzDecoder::new(&a[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        assert!(a.len() < text.len());
    }

    #[test]
    fn brotli_round_trips_and_is_deterministic() {
        let text = "<!doctype html><p>The resolver fleet ran out of file descriptors.</p>\n".repeat(20);
        let a = brotli(text.as_bytes());
        assert_eq!(a, brotli(text.as_bytes()));
        let mut back = String::new();
        brotli::Decompressor::new(&a[..], 4096).read_to_string(&mut back).unwrap();
        assert_eq!(back, text);
        assert!(a.len() < text.len() / 4, "{} bytes", a.len());
    }

    #[test]
    fn only_text_and_wasm_are_precompressed() {
        assert!(is_compressible("index.html"));
        assert!(is_compressible("debrief.72769271.wasm"));
        assert!(is_compressible("api/incidents.json"));
        assert!(!is_compressible("search/t-0-b26ff473.bin"));
        assert!(!is_compressible("incidents/x/diagram.png"));
        assert!(!is_compressible("_headers"));
    }

    #[test]
    fn the_header_policy_is_the_policy_of_the_page_template() {
        let base = crate::theme::Theme::embedded();
        let template = String::from_utf8_lossy(base.get("templates/base.html").expect("base.html")).into_owned();
        assert!(template.contains(&format!("content=\"{CSP}\"")), "base.html and publish::CSP differ");
    }
}
