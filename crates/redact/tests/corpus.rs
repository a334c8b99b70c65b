//! Runs every built-in detector over the real postmortems in the shared corpus and
//! checks that git hashes, version numbers, dates, times, HTTP status codes and
//! durations are never matched; and redacts the repository's example content with its
//! example rules. Run with `--nocapture` to see per-rule counts.
//!
//! The corpus is `shared/corpus/real` beside the repository or any folder above it (a
//! git worktree sits deeper than the main checkout), or `$DEBRIEF_CORPUS`. A missing
//! corpus fails the test: a test that skips silently proves nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use debrief_redact::Builtin;
use regex::Regex;

/// The repository root.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared corpus of real postmortems; panics with directions when it is missing.
fn corpus() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEBRIEF_CORPUS") {
        return PathBuf::from(dir);
    }
    let repo = std::fs::canonicalize(repo()).unwrap();
    repo.ancestors().map(|a| a.join("shared/corpus/real")).find(|d| d.is_dir()).unwrap_or_else(|| {
        panic!("no shared/corpus/real beside {} or above it; set DEBRIEF_CORPUS to the corpus folder", repo.display())
    })
}

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
    let dir = corpus();
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    assert!(files.len() >= 100, "only {} postmortems in {}", files.len(), dir.display());
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

/// The repository's own example `redaction.toml` compiles and redacts its example
/// content: every planted kind is found, none of it survives, and redacting again
/// changes nothing.
#[test]
fn example_content_redacts() {
    let root = repo();
    let toml = std::fs::read_to_string(root.join("redaction.toml")).expect("the example redaction.toml");
    let cfg = debrief_redact::RedactionConfig::from_toml_str(&toml, "redaction.toml").unwrap();
    let r = debrief_redact::Redactor::new(&cfg).unwrap();
    let mut files = Vec::new();
    markdown_files(&root.join("content"), &mut files);
    assert!(files.len() >= 10, "the example content has {} postmortems", files.len());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let out = r.redact(&text);
        assert_eq!(r.redact(&out.text).text, out.text, "{}", f.display());
        assert!(r.is_clean(&out.text).is_none(), "{}: a rule still matches the output", f.display());
        for term in [
            "Larkspur Outfitters",
            "Meridian Vet Clinics",
            "Copperline Freight",
            "Ingrid Vasquez-Holm",
            "Dmitri Achterberg",
            "Keziah Obuya",
            ".corp.northwind.example",
        ] {
            assert!(!out.text.to_lowercase().contains(&term.to_lowercase()), "{}: {term} survived", f.display());
        }
        for (rule, n) in out.counts() {
            *counts.entry(rule).or_default() += n;
        }
    }
    println!("example content: {} files, hits per rule: {counts:?}", files.len());
    for rule in ["customers", "people", "internal-hosts", "email", "ipv4"] {
        assert!(
            counts.get(rule).copied().unwrap_or(0) >= 1,
            "rule {rule} fired {:?} times: {counts:?}",
            counts.get(rule)
        );
    }
}
