//! Pure request logic: which file of the in-memory site a URL path names (under the
//! site's base path), its content type, and the live-reload script tag added to served
//! pages. No I/O; unit-tested below.

/// Where `serve`'s own files live: outside any base path a site can have under it (a
/// site never generates a top-level `_debrief/`), same origin, so the site's
/// Content-Security-Policy (`script-src 'self'`, `connect-src 'self'`) allows them.
pub const PREFIX: &str = "/_debrief/";

/// The live-reload script's URL.
pub const SCRIPT_URL: &str = "/_debrief/live.js";

/// The server-sent events stream's URL.
pub const EVENTS_URL: &str = "/_debrief/events";

/// The current error (JSON, `null` when the site builds).
pub const ERROR_URL: &str = "/_debrief/error";

/// The current status (JSON: the served site's version, the error or `null`).
pub const STATUS_URL: &str = "/_debrief/status";

/// The served site's files (JSON list of site-relative paths), for tests and tools.
pub const FILES_URL: &str = "/_debrief/files";

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its site-relative path.
    File(String),
    /// A redirect to this absolute path (a folder without its slash, `/` to the base path).
    Redirect(String),
    /// Nothing there: the site's `404.html` if it has one.
    NotFound,
}

/// Resolves a URL path (`/history/incidents/x/`) against the site's files under
/// `base_path` (`/history/`). `exists` says whether a site-relative file exists.
pub fn resolve(path: &str, base_path: &str, exists: &dyn Fn(&str) -> bool) -> Route {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path);
    if base_path != "/" && (decoded == "/" || decoded.is_empty() || decoded == base_path.trim_end_matches('/')) {
        return Route::Redirect(base_path.to_string());
    }
    let Some(rel) = decoded.strip_prefix(base_path) else { return Route::NotFound };
    if rel.split('/').any(|part| part == ".." || part == ".") {
        return Route::NotFound;
    }
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) { Route::File(index) } else { Route::NotFound };
    }
    if exists(rel) {
        return Route::File(rel.to_string());
    }
    if exists(&format!("{rel}/index.html")) {
        return Route::Redirect(format!("{base_path}{rel}/"));
    }
    Route::NotFound
}

/// `%20` and friends decoded (invalid sequences kept as they are; the result is only
/// looked up, never used as a file-system path).
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) =
                (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex))
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The content type of a site file, by extension.
pub fn content_type(rel: &str) -> &'static str {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => {
            if rel.ends_with("feed.xml") {
                "application/atom+xml"
            } else {
                "application/xml"
            }
        }
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "bin" => "application/octet-stream",
        _ if rel.ends_with("_headers") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The tag that loads the live-reload script (a file, not inline code: the page's
/// Content-Security-Policy allows scripts from `'self'` only). `site` is the version of
/// the site the page comes from: the script reloads as soon as a newer one is served.
pub fn script_tag(site: u64) -> String {
    format!("<script type=\"module\" src=\"{SCRIPT_URL}?site={site}\"></script>\n")
}

/// A served page: the site's HTML with the live-reload script before its last `</body>`
/// (at the end when it has none). Only what `serve` sends; the built site never has it.
pub fn inject(html: &[u8], site: u64) -> Vec<u8> {
    let tag = script_tag(site);
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site<'a>(files: &'a [&'a str]) -> impl Fn(&str) -> bool + 'a {
        move |rel: &str| files.contains(&rel)
    }

    #[test]
    fn pages_resolve_under_the_base_path() {
        let files = ["index.html", "incidents/x/index.html", "feed.xml", "a b.png"];
        let exists = site(&files);
        assert_eq!(resolve("/history/", "/history/", &exists), Route::File("index.html".into()));
        assert_eq!(
            resolve("/history/incidents/x/", "/history/", &exists),
            Route::File("incidents/x/index.html".into())
        );
        assert_eq!(
            resolve("/history/incidents/x/?q=1", "/history/", &exists),
            Route::File("incidents/x/index.html".into())
        );
        assert_eq!(
            resolve("/history/incidents/x", "/history/", &exists),
            Route::Redirect("/history/incidents/x/".into())
        );
        assert_eq!(resolve("/history/feed.xml", "/history/", &exists), Route::File("feed.xml".into()));
        assert_eq!(resolve("/history/a%20b.png", "/history/", &exists), Route::File("a b.png".into()));
        assert_eq!(resolve("/", "/history/", &exists), Route::Redirect("/history/".into()));
        assert_eq!(resolve("/history", "/history/", &exists), Route::Redirect("/history/".into()));
        assert_eq!(resolve("/incidents/x/", "/history/", &exists), Route::NotFound);
        assert_eq!(resolve("/history/nope/", "/history/", &exists), Route::NotFound);
        assert_eq!(resolve("/history/../history/feed.xml", "/history/", &exists), Route::NotFound);
        assert_eq!(resolve("/", "/", &exists), Route::File("index.html".into()));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("incidents/x/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("debrief.1a2b3c4d.wasm"), "application/wasm");
        assert_eq!(content_type("feed.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("search/t-0-1a2b3c4d.bin"), "application/octet-stream");
        assert_eq!(content_type("style.1a2b3c4d.css"), "text/css; charset=utf-8");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let tag = "<script type=\"module\" src=\"/_debrief/live.js?site=7\"></script>\n";
        assert_eq!(inject(b"<p>a</p></body></html>", 7), format!("<p>a</p>{tag}</body></html>").into_bytes());
        assert_eq!(inject(b"<p>a</p>", 7), format!("<p>a</p>{tag}").into_bytes());
        assert_eq!(
            inject(b"<pre>&lt;/body&gt;</pre></BODY>", 7),
            format!("<pre>&lt;/body&gt;</pre>{tag}</BODY>").into_bytes()
        );
    }
}
