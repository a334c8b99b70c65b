//! `debrief serve` over real HTTP: the real binary is started on a free port (`--port 0`;
//! it prints the URL it listens on), driven with a blocking HTTP client, and stopped with
//! SIGINT. Rebuilds are awaited through `/_debrief/status` (the served site's version
//! moves on when a rebuild changed it), never through a sleep of a guessed length.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long any one wait may take before the test fails (only catches hangs).
const PATIENCE: Duration = Duration::from_secs(120);

/// The injected live-reload tag (`debrief_serve::routes::script_tag`), without its version.
const SCRIPT_START: &str = "<script type=\"module\" src=\"/_debrief/live.js?site=";

/// A running `debrief serve`, stopped (SIGINT) when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    origin: String,
    /// The base path the site is served under (`/history/`).
    base: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(site: &Site, args: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("debrief"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start debrief serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read the URL line");
        let url = line.trim().strip_prefix("Serving ").unwrap_or_else(|| panic!("no URL line: {line:?}")).to_string();
        let after_scheme = url.strip_prefix("http://").expect("http URL");
        let slash = after_scheme.find('/').expect("a path");
        let origin = format!("http://{}", &after_scheme[..slash]);
        let base = after_scheme[slash..].to_string();
        let agent: ureq::Agent =
            ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();
        Server { child, origin, base, agent }
    }

    /// (status, content type, `location` header, body) of a GET.
    fn get(&self, path: &str) -> (u16, String, String, Vec<u8>) {
        let mut response = self.agent.get(&format!("{}{path}", self.origin)).call().expect("GET");
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let (ctype, location) = (header("content-type"), header("location"));
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(u64::MAX).read_to_vec().expect("body");
        (status, ctype, location, body)
    }

    fn text(&self, path: &str) -> String {
        String::from_utf8(self.get(path).3).expect("UTF-8")
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.text("/_debrief/status")).expect("status JSON")
    }

    /// Waits until the served site's version is past `version` (a rebuild changed it).
    fn wait_for_site_after(&self, version: u64) -> u64 {
        let start = Instant::now();
        loop {
            let status = self.status();
            let now = status["site"].as_u64().unwrap_or(0);
            if now > version && status["error"].is_null() {
                return now;
            }
            assert!(start.elapsed() < PATIENCE, "no rebuild came: {status}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the server reports an error, and returns it.
    fn wait_for_error(&self) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let status = self.status();
            if !status["error"].is_null() {
                return status["error"].clone();
            }
            assert!(start.elapsed() < PATIENCE, "no error came: {status}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn version(&self) -> u64 {
        self.status()["site"].as_u64().expect("a version")
    }

    /// Every served file, with the live-reload tag taken out of pages (the only byte
    /// `serve` adds).
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let list: Vec<String> = serde_json::from_str(&self.text("/_debrief/files")).expect("file list");
        list.into_iter()
            .map(|rel| {
                let (status, _, _, body) = self.get(&format!("{}{}", self.base, url_path(&rel)));
                assert_eq!(status, 200, "{rel}");
                let body = if rel.ends_with(".html") { strip_script(&body, &rel) } else { body };
                (rel, body)
            })
            .collect()
    }

    /// SIGINT, then the exit code.
    fn interrupt(mut self) -> i32 {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().expect("kill");
        assert!(sent.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(start.elapsed() < PATIENCE, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A site-relative file as a URL path (spaces and the like escaped).
fn url_path(rel: &str) -> String {
    rel.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A served page without the one script tag `serve` injects before `</body>`.
fn strip_script(body: &[u8], rel: &str) -> Vec<u8> {
    let text = String::from_utf8(body.to_vec()).expect("UTF-8 page");
    let start = text.rfind(SCRIPT_START).unwrap_or_else(|| panic!("{rel} has no live-reload script"));
    let end = start + text[start..].find("</script>\n").expect("closed tag") + "</script>\n".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// What `debrief build` writes for the same site, into a temporary folder.
fn full_build(site: &Site, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().expect("tempdir");
    let out_dir = out.path().join("site");
    let mut all = vec!["build", "--out", out_dir.to_str().expect("UTF-8 path")];
    all.extend_from_slice(args);
    run_in(site.root(), &all).expect(0);
    snapshot(&out_dir)
}

/// The example site's first published single-file postmortem (path from the root) and its
/// text.
fn some_postmortem(site: &Site) -> (String, String) {
    files(&site.path("content"))
        .into_iter()
        .filter(|f| f.ends_with(".md") && !f.ends_with("index.md"))
        .map(|f| format!("content/{f}"))
        .map(|rel| {
            let text = std::fs::read_to_string(site.path(&rel)).expect("read");
            (rel, text)
        })
        .find(|(_, text)| !text.contains("draft: true") && text.lines().any(|l| l.starts_with("severity:")))
        .expect("a published postmortem")
}

#[test]
fn serves_the_site_under_its_base_path_and_never_touches_the_output_folder() {
    let site = Site::example();
    // A previous build's output, which serve must leave exactly as it is.
    site.write("public/index.html", "previous output");
    let server = Server::start(&site, &[]);
    assert_eq!(server.base, "/history/", "the example site's base_url has the path /history/");

    let (status, ctype, _, body) = server.get("/history/");
    let page = String::from_utf8(body).expect("UTF-8");
    assert_eq!((status, ctype.as_str()), (200, "text/html; charset=utf-8"));
    assert!(page.contains("<title>Northwind Cloud incident history</title>"), "{page}");
    assert_eq!(page.matches(SCRIPT_START).count(), 1, "one live-reload script");

    let (status, _, location, _) = server.get("/");
    assert_eq!((status, location.as_str()), (302, "/history/"));
    let (status, _, location, _) = server.get("/history/stats");
    assert_eq!((status, location.as_str()), (302, "/history/stats/"));
    let (status, ctype, _, body) = server.get("/history/no/such/page/");
    assert_eq!((status, ctype.as_str()), (404, "text/html; charset=utf-8"));
    assert!(String::from_utf8_lossy(&body).contains("Page not found"), "the theme's 404 page");
    assert_eq!(server.get("/no/such/page/").0, 404, "outside the base path");
    assert_eq!(server.get("/history/feed.xml").1, "application/atom+xml");
    let (status, ctype, _, _) = server.get("/_debrief/live.js");
    assert_eq!((status, ctype.as_str()), (200, "text/javascript; charset=utf-8"));

    // Every page of the built site is served, with the same bytes apart from the script.
    assert_same_tree(&server.snapshot(), &full_build(&site, &[]));
    assert_eq!(server.interrupt(), 0);
    assert_eq!(files(&site.public()), vec!["index.html"], "serve wrote nothing to the output folder");
    assert_eq!(std::fs::read_to_string(site.path("public/index.html")).unwrap(), "previous output");
    assert_eq!(site.leftovers(), Vec::<String>::new(), "no staging folder either");
}

#[test]
fn incremental_rebuilds_equal_a_full_build_after_edit_add_rename_and_delete() {
    let site = Site::example();
    let server = Server::start(&site, &[]);
    let mut version = server.version();
    let (rel, text) = some_postmortem(&site);

    let first = server.status()["build"].clone();
    assert_eq!(first["full"], true, "{first}");

    // Edit: a new title reaches the page, the lists, the feeds and the search index.
    site.write(&rel, text.replacen("title: ", "title: Renamed by the serve test — ", 1));
    version = server.wait_for_site_after(version);
    assert!(server.text("/history/").contains("Renamed by the serve test"));
    assert_same_tree(&server.snapshot(), &full_build(&site, &[]));
    // Only what the edit touched was redone: one file parsed and redacted, the other
    // incident pages reused (and not scanned again).
    let build = server.status()["build"].clone();
    assert_eq!(
        (build["full"].as_bool(), build["parsed"].as_u64(), build["redacted"].as_u64()),
        (Some(false), Some(1), Some(1)),
        "{build}"
    );
    assert!(build["pages_reused"].as_u64() > Some(0), "{build}");
    assert!(build["pages_rendered"].as_u64() < first["pages_rendered"].as_u64(), "{build} vs {first}");
    assert!(build["scanned"].as_u64() < first["scanned"].as_u64(), "{build} vs {first}");

    // Add a postmortem; it links to a tag page no postmortem has yet (published as text).
    let added = simple_postmortem("Added while serving").replace(
        "Something broke and we fixed it.",
        "Something broke, like [the others](/history/tags/serve-new-tag/).",
    );
    site.write("content/2025/serve-test-added.md", &added);
    version = server.wait_for_site_after(version);
    assert_eq!(server.get("/history/incidents/serve-test-added/").0, 200);
    assert!(!server.text("/history/incidents/serve-test-added/").contains("href=\"/history/tags/serve-new-tag/\""));
    assert_same_tree(&server.snapshot(), &full_build(&site, &[]));

    // Another postmortem gets that tag: the added page, untouched, now links to it.
    let edited = std::fs::read_to_string(site.path(&rel)).expect("read");
    let tagged = if edited.contains("\ntags: [") {
        edited.replacen("\ntags: [", "\ntags: [serve-new-tag, ", 1)
    } else {
        assert!(!edited.contains("\ntags:"), "a postmortem with flow-style tags or none");
        edited.replacen("---\n", "---\ntags: [serve-new-tag]\n", 1)
    };
    site.write(&rel, tagged);
    version = server.wait_for_site_after(version);
    assert!(server.text("/history/incidents/serve-test-added/").contains("href=\"/history/tags/serve-new-tag/\""));
    assert_same_tree(&server.snapshot(), &full_build(&site, &[]));

    // Rename it: the old URL is gone, the new one served.
    std::fs::rename(site.path("content/2025/serve-test-added.md"), site.path("content/2025/serve-test-moved.md"))
        .expect("rename");
    version = server.wait_for_site_after(version);
    assert_eq!(server.get("/history/incidents/serve-test-added/").0, 404);
    assert_eq!(server.get("/history/incidents/serve-test-moved/").0, 200);
    assert_same_tree(&server.snapshot(), &full_build(&site, &[]));

    // Delete the edited one.
    site.remove(&rel);
    server.wait_for_site_after(version);
    assert!(!server.text("/history/").contains("Renamed by the serve test"));
    assert_same_tree(&server.snapshot(), &full_build(&site, &[]));
}

#[test]
fn an_invalid_edit_keeps_the_last_good_site_and_shows_the_error_until_fixed() {
    let site = Site::example();
    let server = Server::start(&site, &[]);
    let version = server.version();
    let before = server.snapshot();
    let (rel, text) = some_postmortem(&site);
    let line = text.lines().position(|l| l.starts_with("severity:")).expect("a severity line") + 1;
    let broken: Vec<&str> =
        text.lines().enumerate().map(|(i, l)| if i + 1 == line { "severity: SEV9" } else { l }).collect();
    site.write(&rel, broken.join("\n") + "\n");
    let shown_line = "severity: SEV9";
    let error = server.wait_for_error();
    let first = &error["errors"][0];
    assert_eq!(first["file"], rel.as_str(), "{error}");
    assert_eq!(first["line"].as_u64(), Some(line as u64), "{error}");
    // `severity: ` is 10 characters: the value starts in column 11.
    assert_eq!(first["column"].as_u64(), Some(11), "{error}");
    assert_eq!(first["source"], shown_line, "{error}");
    assert!(first["message"].as_str().unwrap().contains("unknown severity"), "{error}");
    assert!(first["hint"].as_str().unwrap().contains("did you mean"), "{error}");
    // The last good site is still served, byte for byte.
    assert_eq!(server.version(), version);
    assert_same_tree(&server.snapshot(), &before);

    // Fixing it clears the error (the site is the same as before: its version stays).
    site.write(&rel, &text);
    let start = Instant::now();
    while !server.status()["error"].is_null() {
        assert!(start.elapsed() < PATIENCE, "the error stayed");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_same_tree(&server.snapshot(), &before);
}

#[test]
fn drafts_are_served_with_their_banner_only_with_drafts() {
    let site = Site::example();
    site.write(
        "content/2025/serve-draft.md",
        simple_postmortem("A half-written draft").replacen("---\n", "---\ndraft: true\n", 1),
    );
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/history/incidents/serve-draft/").0, 404);
    drop(server);
    let server = Server::start(&site, &["--drafts"]);
    let page = server.text("/history/incidents/serve-draft/");
    assert!(page.contains("class=\"draft-banner\""), "a Draft banner: {page}");
    assert_same_tree(&server.snapshot(), &full_build(&site, &["--drafts"]));
}

#[test]
fn sigint_stops_serve_cleanly() {
    let site = Site::example();
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/history/").0, 200);
    assert_eq!(server.interrupt(), 0);
}
