//! Publishing on merge: preview builds (noindex, banner, no sitemap) against public builds,
//! the `_headers` file, `--precompress`, `check --format gitlab`, the GitHub Action's run
//! step against the real binary, and the copyable GitLab CI file.

mod common;

use common::*;
use std::io::Read as _;

/// A postmortem whose severity is not a configured level (line 3, column 11).
fn broken_site() -> Site {
    let site = Site::new();
    site.write("content/2025-06-01-slow-dashboards.md", fixture("bad/unknown-severity.md"));
    site.write(
        "content/2025-03-14-checkout-tls.md",
        simple_postmortem("Checkout API errors after an expired TLS certificate"),
    );
    site
}

/// HTML pages of a built site that are not alias redirects (those are always noindex).
fn content_pages(public: &std::path::Path) -> Vec<(String, String)> {
    files(public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let html = std::fs::read_to_string(public.join(&f)).expect("read page");
            (f, html)
        })
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .collect()
}

const NOINDEX: &str = "<meta name=\"robots\" content=\"noindex\">";
const BANNER: &str = "class=\"preview-banner\"";

#[test]
fn a_preview_build_is_noindex_everywhere_with_a_banner_and_no_sitemap() {
    let site = Site::example();
    site.build(&["--preview"]).expect(0);
    let public = site.public();
    let pages = content_pages(&public);
    assert!(pages.len() > 50, "only {} pages", pages.len());
    for (file, html) in &pages {
        assert!(html.contains(NOINDEX), "{file} has no noindex");
        assert!(html.contains(BANNER), "{file} has no Preview banner");
        assert!(html.contains("<strong>Preview</strong>"), "{file}: the banner does not say Preview");
    }
    assert!(!public.join("sitemap.xml").exists(), "a preview has no sitemap");
    let robots = site.read_public("robots.txt");
    assert!(robots.contains("User-agent: *\nDisallow: /\n"), "{robots}");
    assert!(!robots.contains("Sitemap:"), "{robots}");
    // No page points at a sitemap that does not exist.
    assert!(files_containing(&public, "sitemap.xml").is_empty());
}

#[test]
fn another_base_url_than_the_configured_one_is_a_preview() {
    let site = Site::example();
    site.build(&["--base-url", "https://deploy-preview-42--northwind.netlify.example/history/"]).expect(0);
    let index = site.read_public("index.html");
    assert!(index.contains(NOINDEX) && index.contains(BANNER), "{index}");
    assert!(!site.public().join("sitemap.xml").exists());
}

#[test]
fn the_public_build_has_neither_banner_nor_noindex() {
    let site = Site::example();
    // The configured base URL, given explicitly, is still the public site.
    site.build(&["--base-url", "https://status.northwind.example/history"]).expect(0);
    let public = site.public();
    let pages = content_pages(&public);
    assert!(pages.len() > 50, "only {} pages", pages.len());
    for (file, html) in &pages {
        assert!(!html.contains("noindex"), "{file} is noindex in a public build");
        assert!(!html.contains("preview-banner"), "{file} has the Preview banner in a public build");
    }
    assert!(site.read_public("sitemap.xml").contains("<loc>https://status.northwind.example/history/</loc>"));
    assert!(site.read_public("robots.txt").contains("Allow: /"));
}

#[test]
fn every_build_writes_host_headers_under_the_base_path() {
    let site = Site::example();
    site.build(&[]).expect(0);
    let headers = site.read_public("_headers");
    assert!(headers.starts_with("# Written by debrief"), "{headers}");
    assert!(headers.contains("\n/history/*\n  Content-Security-Policy: default-src 'none';"), "{headers}");
    assert!(headers.contains("; frame-ancestors 'none'\n"), "{headers}");
    assert!(headers.contains("\n  X-Content-Type-Options: nosniff\n"), "{headers}");
    assert!(headers.contains("\n  Referrer-Policy: strict-origin-when-cross-origin\n"), "{headers}");
    // Every content-hashed asset the pages load is cached for a year; pages are not.
    let css =
        files(&site.public()).into_iter().find(|f| f.starts_with("style.") && f.ends_with(".css")).expect("stylesheet");
    assert!(site.read_public("index.html").contains(&css), "the page loads {css}");
    assert!(
        headers.contains(&format!("\n/history/{css}\n  Cache-Control: public, max-age=31536000, immutable\n")),
        "{css}: {headers}"
    );
    assert!(
        headers.contains("\n/history/incidents/*\n  Cache-Control: public, max-age=300, must-revalidate\n"),
        "{headers}"
    );
    assert!(headers.contains("\n/history/search/index.json\n  Cache-Control: public, max-age=300"), "{headers}");
    // Every pattern is under the base path.
    for line in headers.lines().filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(' ')) {
        assert!(line.starts_with("/history/"), "{line}");
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
    out
}

#[test]
fn precompress_writes_identical_gz_and_br_twins_deterministically() {
    let site = Site::example();
    site.build(&[]).expect(0);
    assert!(files(&site.public()).iter().all(|f| !f.ends_with(".gz")), "no .gz without --precompress");

    site.build(&["--precompress"]).expect(0);
    let public = site.public();
    let all = files(&public);
    let gz: Vec<&String> = all.iter().filter(|f| f.ends_with(".gz")).collect();
    assert!(gz.len() > 50, "only {} .gz files", gz.len());
    for name in &gz {
        let original = std::fs::read(public.join(name.trim_end_matches(".gz"))).expect("the twin exists");
        assert_eq!(gunzip(&std::fs::read(public.join(name)).unwrap()), original, "{name} differs from its twin");
    }
    let br: Vec<&String> = all.iter().filter(|f| f.ends_with(".br")).collect();
    assert!(br.len() > 50, "only {} .br files", br.len());
    for name in &br {
        let original = std::fs::read(public.join(name.trim_end_matches(".br"))).expect("the twin exists");
        let mut out = Vec::new();
        brotli::Decompressor::new(&std::fs::read(public.join(name)).unwrap()[..], 4096)
            .read_to_end(&mut out)
            .expect("valid brotli");
        assert_eq!(out, original, "{name} differs from its twin");
    }
    for must in ["index.html.gz", "feed.xml.gz", "api/incidents.json.gz", "index.html.br", "feed.xml.br"] {
        assert!(all.iter().any(|f| f == must), "{must} missing");
    }
    assert!(
        all.iter().any(|f| f.starts_with("debrief.") && f.ends_with(".wasm.gz")),
        "the wasm module is precompressed"
    );
    assert!(!all.iter().any(|f| f.ends_with(".bin.gz") || f.ends_with(".bin.br") || f.starts_with("_headers.")));

    let first: Vec<(String, Vec<u8>)> =
        all.iter().map(|f| (f.clone(), std::fs::read(public.join(f)).unwrap())).collect();
    site.build(&["--precompress"]).expect(0);
    let again: Vec<(String, Vec<u8>)> =
        files(&public).iter().map(|f| (f.clone(), std::fs::read(public.join(f)).unwrap())).collect();
    assert!(first == again, "two --precompress builds differ");
}

#[test]
fn check_format_gitlab_is_a_code_quality_report() {
    let site = broken_site();
    let run = site.check(&["--format", "gitlab"]);
    run.expect(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    let issues = doc.as_array().expect("an array of issues");
    assert_eq!(issues.len(), 1, "{}", run.stdout);
    let issue = &issues[0];
    // GitLab's required fields, with their types.
    assert!(issue["description"].as_str().is_some_and(|d| d.contains("SEV-2") && d.contains("did you mean `SEV2`")));
    assert!(issue["check_name"].as_str().is_some_and(|c| !c.is_empty()));
    assert!(issue["fingerprint"].as_str().is_some_and(|f| f.len() == 32 && f.bytes().all(|b| b.is_ascii_hexdigit())));
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "content/2025-06-01-slow-dashboards.md");
    assert_eq!(issue["location"]["lines"]["begin"], 3);
    // Stable: the same problem has the same fingerprint in the next pipeline.
    let again: serde_json::Value = serde_json::from_str(&site.check(&["--format", "gitlab"]).stdout).unwrap();
    assert_eq!(again[0]["fingerprint"], issue["fingerprint"]);

    let clean = Site::new();
    clean.write("content/ok.md", simple_postmortem("Checkout API errors"));
    let run = clean.check(&["--format", "gitlab"]);
    run.expect(0);
    assert_eq!(run.stdout.trim(), "[]");
}

/// Runs `action/run.sh` as the composite action's last step does, with the built binary.
fn run_action(cwd: &std::path::Path, env: &[(&str, &str)]) -> std::process::Output {
    let script = repo_root().join("action/run.sh");
    let mut cmd = std::process::Command::new("bash");
    cmd.arg(&script).current_dir(cwd).env("DEBRIEF_BIN", env!("CARGO_BIN_EXE_debrief"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run bash")
}

#[test]
fn the_action_annotates_a_broken_postmortem_on_the_diff() {
    let site = broken_site();
    let out = run_action(site.root(), &[("DEBRIEF_COMMAND", "check"), ("DEBRIEF_ROOT", ".")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].starts_with("::error file=content/2025-06-01-slow-dashboards.md,line=3,col=11::"), "{stdout}");
    assert!(lines[0].contains("did you mean `SEV2`"), "{stdout}");
}

#[test]
fn the_action_names_files_from_the_repository_root_and_builds_nothing_on_errors() {
    // The site lives in a sub-folder of the repository: annotations must name it.
    let repo = Site::empty();
    let site = broken_site();
    let sub = repo.path("docs/incidents");
    std::fs::create_dir_all(&sub).unwrap();
    for rel in ["debrief.toml", "content/2025-06-01-slow-dashboards.md", "content/2025-03-14-checkout-tls.md"] {
        std::fs::create_dir_all(sub.join(rel).parent().unwrap()).unwrap();
        std::fs::copy(site.path(rel), sub.join(rel)).unwrap();
    }
    let out = run_action(repo.root(), &[("DEBRIEF_COMMAND", "build"), ("DEBRIEF_ROOT", "./docs/incidents/")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with("::error file=docs/incidents/content/2025-06-01-slow-dashboards.md,line=3,col=11::"),
        "{stdout}"
    );
    assert!(!sub.join("public").exists(), "a failed check must build nothing");

    // Fixed, the same step builds the preview it was asked for.
    std::fs::remove_file(sub.join("content/2025-06-01-slow-dashboards.md")).unwrap();
    let out = run_action(
        repo.root(),
        &[("DEBRIEF_COMMAND", "build"), ("DEBRIEF_ROOT", "docs/incidents"), ("DEBRIEF_PREVIEW", "true")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let index = std::fs::read_to_string(sub.join("public/index.html")).unwrap();
    assert!(index.contains(NOINDEX), "DEBRIEF_PREVIEW=true must make a preview");
}

#[test]
fn the_action_metadata_runs_the_tested_script_with_its_inputs() {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).expect("action.yml");
    let doc: serde_json::Value = serde_saphyr::from_str(&text).expect("action.yml parses");
    assert_eq!(doc["runs"]["using"], "composite");
    for input in ["version", "root", "base-url", "command"] {
        assert!(doc["inputs"][input].is_object(), "input {input} missing");
    }
    let steps = doc["runs"]["steps"].as_array().expect("steps");
    let last = steps.last().expect("a step");
    assert_eq!(last["run"], "bash \"$GITHUB_ACTION_PATH/action/run.sh\"");
    for (var, input) in [
        ("DEBRIEF_COMMAND", "command"),
        ("DEBRIEF_ROOT", "root"),
        ("DEBRIEF_BASE_URL", "base-url"),
        ("DEBRIEF_PREVIEW", "preview"),
    ] {
        assert_eq!(last["env"][var], format!("${{{{ inputs.{input} }}}}"), "{var}");
    }
    assert!(
        steps.iter().any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@"))),
        "the binary is cached"
    );
}

#[test]
fn the_gitlab_ci_file_publishes_public_from_the_pages_job() {
    let text = std::fs::read_to_string(repo_root().join("docs/publishing/gitlab-ci.yml")).expect("gitlab-ci.yml");
    let doc: serde_json::Value = serde_saphyr::from_str(&text).expect("gitlab-ci.yml parses");
    let pages = &doc["pages"];
    assert_eq!(pages["artifacts"]["paths"], serde_json::json!(["public"]));
    let script: Vec<&str> = pages["script"].as_array().expect("script").iter().filter_map(|s| s.as_str()).collect();
    assert_eq!(script.first(), Some(&"debrief check"), "check first: a failed check deploys nothing");
    assert!(script.iter().any(|s| s.starts_with("debrief build")));
    assert_eq!(doc["check"]["artifacts"]["reports"]["codequality"], "gl-code-quality-report.json");
    assert!(doc["check"]["script"][0].as_str().is_some_and(|s| s.contains("check --format gitlab")));
}
