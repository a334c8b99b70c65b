//! `debrief redact --preview` reports exactly what the build removes: for every postmortem
//! of every fixture site (the example site, the planted-secrets site, the good fixtures,
//! and a setext-heading case the old, separate preview code missed), the preview's
//! redactions per rule equal the build report's counts for that file.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `.md` file under `dir` that the build publishes (not Markdown beside a bundle's
/// `index.md`), relative to `base`.
fn postmortems(base: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    let bundle = entries.iter().any(|p| p.file_name().is_some_and(|n| n == "index.md"));
    for path in entries {
        if path.is_dir() {
            postmortems(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "md")
            && (!bundle || path.file_name().is_some_and(|n| n == "index.md"))
        {
            out.push(path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Builds `site` with drafts and a report, then compares every postmortem's preview with
/// the report. Returns how many redactions were compared.
fn preview_matches_build(name: &str, site: &Site) -> usize {
    let report_path = site.path("redaction-report.json");
    site.build(&["--drafts", "--report", report_path.to_str().unwrap()]).expect(0);
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    let mut built: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for e in report["entries"].as_array().unwrap() {
        let rule = e["rule"].as_str().unwrap();
        if !rule.ends_with(" (sentences)") {
            built
                .entry(e["file"].as_str().unwrap().to_string())
                .or_default()
                .insert(rule.to_string(), e["count"].as_u64().unwrap());
        }
    }
    let mut files = Vec::new();
    postmortems(site.root(), &site.path("content"), &mut files);
    assert!(!files.is_empty(), "{name}: no postmortems");
    let mut compared = 0;
    for file in files {
        let run =
            run_in(site.root(), &["redact", "--preview", &file, "--root", site.root().to_str().unwrap(), "--json"]);
        run.expect(0);
        let items: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        let mut previewed: BTreeMap<String, u64> = BTreeMap::new();
        for item in &items {
            *previewed.entry(item["rule"].as_str().unwrap().to_string()).or_default() += 1;
            assert!(item["line"].as_u64().unwrap() >= 1, "{name}: {file}: unplaced item {item}");
        }
        let want = built.remove(&file).unwrap_or_default();
        assert_eq!(previewed, want, "{name}: {file}: preview and build disagree");
        compared += items.len();
    }
    assert!(built.is_empty(), "{name}: the build redacted files the preview was not run on: {built:?}");
    compared
}

#[test]
fn preview_equals_build_on_every_fixture_site() {
    let example = Site::example();
    assert!(preview_matches_build("example", &example) > 10);

    let planted = Site::empty();
    copy_dir(&fixtures_dir().join("planted"), planted.root());
    assert!(preview_matches_build("planted", &planted) > 80);

    let good = Site::new();
    for entry in std::fs::read_dir(fixtures_dir().join("good")).unwrap() {
        let path = entry.unwrap().path();
        good.write(&format!("content/{}", path.file_name().unwrap().to_string_lossy()), std::fs::read(&path).unwrap());
    }
    preview_matches_build("good fixtures", &good);
}

#[test]
fn preview_shows_a_setext_dropped_section_the_build_drops() {
    let site = Site::new();
    site.write("redaction.toml", "drop_sections = [\"Internal notes\"]\n");
    site.write(
        "content/setext.md",
        postmortem(
            "Cache warm-up lagged after a deploy",
            "SEV3",
            "2025-03-14T09:12:00Z",
            "",
            "Summary\n=======\n\nThe cache warmed slowly after the deploy.\n\nInternal notes\n--------------\n\nThe vendor contract renews at a discount after this outage.\n\nLessons learned\n---------------\n\nWarm caches before shifting traffic.\n",
        ),
    );
    assert_eq!(preview_matches_build("setext", &site), 1);
    let page = site.read_public("incidents/setext/index.html");
    assert!(!page.contains("vendor contract") && page.contains("Warm caches"), "{page}");
    let run =
        run_in(site.root(), &["redact", "--preview", "content/setext.md", "--root", site.root().to_str().unwrap()]);
    run.expect(0);
    assert!(run.stdout.contains("content/setext.md:12-15  [drop-section]  Internal notes"), "{}", run.stdout);
    assert!(run.stdout.ends_with("1 redaction(s)\n"), "{}", run.stdout);
}
