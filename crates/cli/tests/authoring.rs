//! The authoring loop: `init` → `new` → `check` → `build` on a fresh folder; `init` and
//! `new` refuse to overwrite; template prompts (HTML comments) are never published; the
//! review lints in `check` (formats, `--strict`, `[lint]`).

mod common;

use common::{Site, run_with_env};
use std::path::Path;

const NOW: &str = "2026-07-01T10:30:45Z";

fn debrief(cwd: &Path, args: &[&str]) -> common::Run {
    run_with_env(cwd, args, &[("DEBRIEF_NOW", NOW)])
}

/// Every file under `dir`, as text (lossy), with its path.
fn all_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                out.push((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    out
}

#[test]
fn init_new_check_build_on_a_fresh_folder() {
    let tmp = Site::empty();
    let run = debrief(tmp.root(), &["init", "site"]);
    run.expect(0);
    let site = tmp.path("site");
    for file in [
        "debrief.toml",
        "redaction.toml",
        ".gitignore",
        ".github/workflows/incident-history.yml",
        ".gitlab-ci.yml",
        "content/search-results-delayed-index-migration.md",
    ] {
        assert!(site.join(file).is_file(), "{file} missing; stdout: {}", run.stdout);
    }
    assert!(std::fs::read_to_string(site.join(".gitignore")).expect("gitignore").lines().any(|l| l == "/public/"));
    // The example postmortem is lint-clean: a fresh site checks with no warning at all.
    let check = debrief(&site, &["check"]);
    check.expect(0);
    assert!(check.stderr.contains("0 error(s), 0 warning(s)"), "{}", check.stderr);

    let new = debrief(&site, &["new", "Checkout errors after a TLS certificate expired", "--severity", "SEV2"]);
    new.expect(0);
    let written = new.stdout.trim();
    assert_eq!(Path::new(written), Path::new("./content/checkout-errors-after-a-tls-certificate-expired.md"));
    let text = std::fs::read_to_string(site.join(written)).expect("the new postmortem");
    assert!(
        text.starts_with("---\ntitle: \"Checkout errors after a TLS certificate expired\"\nseverity: SEV2"),
        "{text}"
    );
    assert!(text.contains("\nstarted: 2026-07-01T10:30:00Z"), "{text}");
    assert!(text.contains("\ndraft: true"), "{text}");

    // check passes: the only warnings are the template's TODO placeholders.
    let check = debrief(tmp.root(), &["check", "--root", "site"]);
    check.expect(0);
    let diagnostics = check.diagnostics();
    assert!(!diagnostics.is_empty());
    for d in &diagnostics {
        assert_eq!(
            (d.level.as_str(), d.file.as_str(), d.message.as_str()),
            ("warning", "content/checkout-errors-after-a-tls-certificate-expired.md", "placeholder `TODO` left in"),
            "{}",
            check.stderr
        );
    }
    debrief(tmp.root(), &["check", "--root", "site", "--strict"]).expect(1);

    let build = debrief(tmp.root(), &["build", "--root", "site"]);
    build.expect(0);
    assert!(site.join("public/incidents/search-results-delayed-index-migration/index.html").is_file());
    // A new postmortem is a draft: not published until someone removes `draft: true`.
    assert!(!site.join("public/incidents/checkout-errors-after-a-tls-certificate-expired").exists());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let tmp = Site::empty();
    tmp.write("notes.txt", "mine");
    tmp.write("debrief.toml", "title = \"Mine\"\n");
    let run = debrief(tmp.root(), &["init"]);
    run.expect(2);
    assert!(run.stderr.contains("is not empty") && run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(tmp.path("debrief.toml")).expect("kept"), "title = \"Mine\"\n");
    debrief(tmp.root(), &["init", "--force"]).expect(0);
    assert_eq!(std::fs::read_to_string(tmp.path("notes.txt")).expect("other files stay"), "mine");
    assert!(std::fs::read_to_string(tmp.path("debrief.toml")).expect("replaced").contains("[lint]"));
    debrief(tmp.root(), &["build"]).expect(0);
}

#[test]
fn new_refuses_to_overwrite_and_writes_bundles_templates_and_the_site_zone() {
    let site = Site::with_config(
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntimezone = \"Europe/Paris\"\ntheme = \"theme\"\n",
    );
    site.write(
        "theme/postmortems/security.md",
        "---\nticket: \"\"  # internal: never published\n---\n## Summary\n\n<!-- What was exposed? -->\n\n## Impact\n\n## Root cause\n\n## Action items\n\n- [ ] TODO (owner: security)\n",
    );
    let first = debrief(site.root(), &["new", "Key leak", "--template", "security"]);
    first.expect(0);
    let text = std::fs::read_to_string(site.path("content/key-leak.md")).expect("written");
    // Summer in Paris: UTC+2; the template's own front matter is kept.
    assert!(text.contains("\nstarted: 2026-07-01T12:30:00+02:00"), "{text}");
    assert!(text.contains("\nticket: \"\"  # internal"), "{text}");
    assert!(text.contains("<!-- What was exposed? -->"), "{text}");
    // Default severity: the least severe level of the scale.
    assert!(text.contains("\nseverity: SEV4"), "{text}");

    let again = debrief(site.root(), &["new", "Key leak!", "--bundle"]);
    again.expect(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(site.path("content/key-leak.md")).expect("kept"), text);

    let bundle = debrief(site.root(), &["new", "Disk full", "--bundle", "--template", "google"]);
    bundle.expect(0);
    assert!(site.path("content/disk-full/index.md").is_file(), "{}", bundle.stdout);
    assert!(bundle.stdout.trim().ends_with("content/disk-full/index.md"), "{}", bundle.stdout);

    let unknown = debrief(site.root(), &["new", "X", "--template", "nope"]);
    unknown.expect(2);
    assert!(unknown.stderr.contains("known: default, google, pagerduty, security"), "{}", unknown.stderr);
    let severity = debrief(site.root(), &["new", "X", "--severity", "SEV"]);
    severity.expect(2);
    assert!(severity.stderr.contains("unknown severity `SEV`"), "{}", severity.stderr);
    site.check(&[]).expect(0);
}

#[test]
fn template_prompts_are_never_published() {
    let site = Site::new();
    for (title, template) in [("Default one", "default"), ("Google one", "google"), ("Pager one", "pagerduty")] {
        let run = debrief(site.root(), &["new", title, "--template", template, "--severity", "SEV2"]);
        run.expect(0);
        // Published as written, prompts and placeholders included.
        let path = site.root().join(run.stdout.trim());
        let text = std::fs::read_to_string(&path).expect("written").replace("draft: true", "draft: false");
        std::fs::write(&path, text).expect("undraft");
    }
    site.build(&[]).expect(0);
    let mut prompts = Vec::new();
    for (_, template) in debrief_templates() {
        let mut rest = template.as_str();
        while let Some(start) = rest.find("<!--") {
            let end = rest[start..].find("-->").expect("closed") + start;
            let inner = rest[start + 4..end].trim();
            // A distinctive run of words of each prompt.
            prompts.push(inner.chars().take(40).collect::<String>());
            rest = &rest[end + 3..];
        }
    }
    assert!(prompts.len() >= 30, "{prompts:?}");
    for (path, text) in all_files(&site.public()) {
        for prompt in &prompts {
            assert!(!text.contains(prompt.as_str()), "{path} publishes the prompt {prompt:?}");
        }
    }
    assert!(site.public().join("incidents/google-one/index.html").is_file());
}

/// The built-in templates, read from the scaffold crate's files.
fn debrief_templates() -> Vec<(String, String)> {
    let dir = common::repo_root().join("crates/scaffold/files/templates");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("templates")
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).expect("read")))
        .collect();
    out.sort();
    assert_eq!(out.len(), 3);
    out
}

const LINTED: &str = "---\ntitle: Linted\nseverity: SEV3\nstarted: 2025-01-01T10:00:00Z\nresolved: 2025-01-01T11:00:00Z\n---\n\n## Summary\n\nThe engineer should have known.\n\n## Impact\n\nNone.\n\n## Root cause\n\nA bug.\n\n## Action items\n\n- [ ] We should have alerts on this\n";

#[test]
fn lints_are_warnings_in_every_format_errors_under_strict_and_turn_off() {
    let site = Site::new();
    // `Site::new` turns the lints off for older tests; this one wants them on.
    site.write("debrief.toml", common::MINIMAL_CONFIG);
    site.write("content/linted.md", LINTED);
    let human = site.check(&[]);
    human.expect(0);
    let got: Vec<(usize, usize, String)> =
        human.diagnostics().into_iter().map(|d| (d.line, d.column, d.message)).collect();
    assert_eq!(
        got,
        [
            (10, 14, "blame-laden wording: `should have known`".to_string()),
            (22, 1, "action item without an owner: `We should have alerts on this`".to_string()),
        ],
        "{}",
        human.stderr
    );
    let json = site.check(&["--format", "json"]);
    json.expect(0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!((doc["errors"].as_u64(), doc["warnings"].as_u64()), (Some(0), Some(2)), "{}", json.stdout);
    assert!(doc["diagnostics"][0]["hint"].as_str().unwrap_or_default().contains("review lint `blame`"));
    let github = site.check(&["--format", "github"]);
    github.expect(0);
    assert!(
        github.stdout.lines().any(|l| l.starts_with("::warning file=content/linted.md,line=10,col=14::blame-laden")),
        "{}",
        github.stdout
    );
    let gitlab = site.check(&["--format", "gitlab"]);
    gitlab.expect(0);
    assert!(gitlab.stdout.contains("blame-laden wording"), "{}", gitlab.stdout);
    site.check(&["--strict"]).expect(1);
    // The build never runs lints.
    let build = site.build(&[]);
    build.expect(0);
    assert!(!build.stderr.contains("blame-laden"), "{}", build.stderr);

    site.write("debrief.toml", format!("{}[lint]\nblame = false\naction-owner = false\n", common::MINIMAL_CONFIG));
    let quiet = site.check(&["--strict"]);
    quiet.expect(0);
    site.write("debrief.toml", format!("{}[lint]\nblame_ = false\n", common::MINIMAL_CONFIG));
    let typo = site.check(&[]);
    typo.expect(1);
    assert!(typo.stderr.contains("did you mean `blame`?"), "{}", typo.stderr);
}

#[test]
fn a_bad_now_is_a_usage_error() {
    let site = Site::new();
    let run = run_with_env(site.root(), &["check"], &[("DEBRIEF_NOW", "soon")]);
    run.expect(2);
    assert!(run.stderr.contains("DEBRIEF_NOW=`soon` is not an RFC 3339 time"), "{}", run.stderr);
}
