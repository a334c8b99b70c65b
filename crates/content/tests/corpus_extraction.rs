//! The extraction snapshot of the real corpus: every postmortem of `shared/corpus/real/`
//! as debrief reads it (timeline events with UTC times, facts with their derived marks,
//! action items, what `check` says), in one committed Markdown file a reviewer can read:
//! `tests/corpus/real-extraction.md`. The test fails when the output differs; run it with
//! `UPDATE_EXTRACTION=1` to rewrite the file, then review the diff.

use debrief_content::{Fact, Level, ParseContext, SourceDoc, parse_postmortem};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The shared corpus: `DEBRIEF_CORPUS`, or `shared/corpus/real` in a folder above the crate.
fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DEBRIEF_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().map(|a| a.join("shared/corpus/real")).find(|p| p.is_dir())
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md")
                && !path.file_name().is_some_and(|n| n == "README.md" || n == "SOURCES.md")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// One file's extraction, as Markdown.
fn extraction(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc =
        SourceDoc { path: rel.clone().into(), display_path: rel.clone().into(), bytes, bundle: None, assets: vec![] };
    let (pm, diags) = parse_postmortem(&doc, &ParseContext::default());
    let mut out = format!("## {rel}\n\n");
    let Some(pm) = pm else {
        out.push_str("Not read:\n\n");
        for d in diags.iter().filter(|d| d.is_error()) {
            let _ = writeln!(out, "- {}:{} {}", d.line, d.column, d.message);
        }
        out.push('\n');
        return out;
    };
    let fact = |name: &str, fact: Fact, value: Option<debrief_content::When>| {
        let mark = if pm.is_derived(fact) { " (derived)" } else { "" };
        match value {
            Some(w) if w.date_only => format!("{name} {}{mark}", w.civil().date()),
            Some(w) => format!("{name} {}{mark}", w.instant),
            None => format!("{name} -"),
        }
    };
    let started =
        if pm.started.date_only { pm.started.civil().date().to_string() } else { pm.started.instant.to_string() };
    let _ = writeln!(
        out,
        "Facts: started {started}; {}; {}; {}; resolution {}\n",
        fact("detected", Fact::Detected, pm.detected),
        fact("mitigated", Fact::Mitigated, pm.mitigated),
        fact("resolved", Fact::Resolved, pm.resolved),
        pm.resolution()
    );
    let _ = writeln!(out, "Timeline ({} events):\n", pm.timeline.len());
    for e in &pm.timeline {
        let at = match e.at {
            Some(at) if e.date_only => at.strftime("%Y-%m-%d").to_string(),
            Some(at) => at.strftime("%Y-%m-%d %H:%M").to_string(),
            None => "?".into(),
        };
        let text: String = e.text.chars().take(90).collect();
        let _ = writeln!(out, "- L{} `{at}` ({}) {text}", e.line, e.label);
    }
    let _ = writeln!(out, "\nAction items ({}):\n", pm.action_items.len());
    for a in &pm.action_items {
        let text: String = a.text.chars().take(90).collect();
        let mut extra = Vec::new();
        if let Some(owner) = &a.owner {
            extra.push(format!("owner {owner}"));
        }
        if let Some(due) = &a.due {
            extra.push(format!("due {due}"));
        }
        let extra = if extra.is_empty() { String::new() } else { format!(" ({})", extra.join(", ")) };
        let _ = writeln!(out, "- L{} [{}] {text}{extra}", a.line, if a.done { "x" } else { " " });
    }
    let notes: Vec<_> = diags.iter().filter(|d| d.level != Level::Note).collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\nCheck:\n");
        for d in notes {
            let _ = writeln!(out, "- {}:{} {}", d.line, d.column, d.message);
        }
    }
    out.push('\n');
    out
}

#[test]
fn real_corpus_extraction_matches_the_committed_snapshot() {
    let Some(dir) = corpus_dir() else {
        assert!(std::env::var_os("CI").is_none(), "the shared corpus is missing in CI");
        eprintln!("skipped: shared/corpus/real not found (set DEBRIEF_CORPUS)");
        return;
    };
    let files = markdown_files(&dir);
    let mut out = String::from(
        "# Extraction of the real corpus\n\nGenerated by `crates/content/tests/corpus_extraction.rs` \
         (`UPDATE_EXTRACTION=1 cargo test -p debrief-content --test corpus_extraction`). Times are UTC; \
         `(derived)` marks facts read from the text, not front matter; `Check` lists warnings.\n\n",
    );
    let (mut events, mut timed, mut actions, mut resolved) = (0, 0, 0, 0);
    let mut bodies = String::new();
    for path in &files {
        bodies.push_str(&extraction(&dir, path));
    }
    for line in bodies.lines() {
        if line.starts_with("- L") && line.contains(" `") {
            events += 1;
            if !line.contains("`?`") && line.contains(':') && line.split('`').nth(1).is_some_and(|t| t.len() > 10) {
                timed += 1;
            }
        } else if line.starts_with("- L") {
            actions += 1;
        }
        if line.starts_with("Facts:") && line.ends_with("resolution resolved") {
            resolved += 1;
        }
    }
    let _ = writeln!(
        out,
        "{} files; {events} timeline events ({timed} with a time of day); {actions} action items; {resolved} resolved.\n",
        files.len()
    );
    out.push_str(&bodies);
    let snapshot = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real-extraction.md");
    if std::env::var_os("UPDATE_EXTRACTION").is_some() {
        std::fs::write(&snapshot, &out).expect("write the snapshot");
        return;
    }
    let committed = std::fs::read_to_string(&snapshot).unwrap_or_default();
    if committed != out {
        let first = committed.lines().zip(out.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "the extraction differs from {} at line {} (run with UPDATE_EXTRACTION=1 and review the diff)\ncommitted: {:?}\nnow:       {:?}",
            snapshot.display(),
            first + 1,
            committed.lines().nth(first),
            out.lines().nth(first)
        );
    }
}
