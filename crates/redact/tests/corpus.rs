//! Runs every built-in detector over the real postmortems in the shared corpus and
//! checks that git hashes, version numbers, dates, times, HTTP status codes and
//! durations are never matched. Run with `--nocapture` to see per-rule counts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use debrief_redact::Builtin;
use regex::Regex;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/real");

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

#[test]
fn builtins_do_not_match_protected_shapes_in_corpus() {
    let dir = Path::new(CORPUS);
    if !dir.is_dir() {
        println!("note: corpus folder {CORPUS} is missing; skipping");
        return;
    }
    let mut files = Vec::new();
    markdown_files(dir, &mut files);
    let protected = [
        ("git hash", Regex::new(r"\b[0-9a-f]{7,40}\b").unwrap()),
        ("version", Regex::new(r"\bv?[0-9]+\.[0-9]+(?:\.[0-9]+)?(?:-[0-9A-Za-z.]+)?\b").unwrap()),
        ("date", Regex::new(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?").unwrap()),
        ("time", Regex::new(r"\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\b").unwrap()),
        ("http status", Regex::new(r"(?i)\bHTTP[ /]?(?:[0-9.]+ )?[1-5][0-9]{2}\b").unwrap()),
        ("duration", Regex::new(r"\b[0-9]+(?:\.[0-9]+)?\s?(?:ms|s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b(?:\s[0-9]+\s?(?:m|s|min|minutes?)\b)?").unwrap()),
    ];
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut samples: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut violations = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        // Every protected span in this file, with what it is.
        let mut spans: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
        for (what, re) in &protected {
            for m in re.find_iter(&text) {
                let s = m.as_str();
                let hexy = s.bytes().any(|c| c.is_ascii_digit()) && s.bytes().any(|c| c.is_ascii_alphabetic());
                if *what != "git hash" || hexy {
                    spans.push((what, m.range()));
                }
            }
        }
        for b in Builtin::ALL {
            let found = b.find(&text);
            *counts.entry(b.name()).or_default() += found.len();
            for r in found {
                let s = &text[r.clone()];
                samples.entry(b.name()).or_default().push(s.chars().take(60).collect());
                for (what, span) in &spans {
                    // A dotted quad is both an IPv4 address and version-shaped: allowed.
                    let ip_as_version = b == Builtin::Ipv4 && *what == "version";
                    if span.start < r.end && r.start < span.end && !ip_as_version {
                        violations.push(format!(
                            "{}: {} matched {what} {:?} (match {s:?})",
                            file.display(),
                            b.name(),
                            &text[span.clone()]
                        ));
                    }
                }
            }
        }
    }
    println!("corpus: {} Markdown files", files.len());
    for b in Builtin::ALL {
        println!("  {:<12} {}", b.name(), counts.get(b.name()).unwrap_or(&0));
        for s in samples.get(b.name()).into_iter().flatten() {
            println!("      {s:?}");
        }
    }
    assert!(violations.is_empty(), "protected shapes matched:\n{}", violations.join("\n"));
}

/// The repository's own example `redaction.toml` compiles, and its example content
/// redacts idempotently. Skipped if the files are not there.
#[test]
fn example_content_redacts() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let Ok(toml) = std::fs::read_to_string(root.join("redaction.toml")) else {
        println!("note: no redaction.toml at the repository root; skipping");
        return;
    };
    let cfg = debrief_redact::RedactionConfig::from_toml_str(&toml, "redaction.toml").unwrap();
    let r = debrief_redact::Redactor::new(&cfg).unwrap();
    let mut files = Vec::new();
    if root.join("content").is_dir() {
        markdown_files(&root.join("content"), &mut files);
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let out = r.redact(&text);
        assert_eq!(r.redact(&out.text).text, out.text, "{}", f.display());
        for (rule, n) in out.counts() {
            *counts.entry(rule).or_default() += n;
        }
    }
    println!("example content: {} files, hits per rule: {counts:?}", files.len());
}
