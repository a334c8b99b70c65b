//! Extraction measured against hand annotations of real postmortems
//! (`tests/annotated/*.txt`: every timeline entry by source line with its UTC minute, every
//! action item by line, and the detected / mitigated / resolved times the text states).
//! Prints found % and right-time % per file and asserts the project's goals on the set.

use debrief_content::{ParseContext, SourceDoc, parse_postmortem};
use std::path::PathBuf;

#[derive(Default)]
struct Score {
    events: usize,
    found: usize,
    right: usize,
    invented: usize,
    actions: usize,
    actions_found: usize,
    facts: usize,
    facts_right: usize,
}

fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DEBRIEF_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).ancestors().map(|a| a.join("shared/corpus/real")).find(|p| p.is_dir())
}

fn score(corpus: &std::path::Path, annotation: &str) -> (String, Score) {
    let source = annotation
        .lines()
        .find_map(|l| l.strip_prefix("# source: "))
        .expect("an annotation names its source")
        .trim()
        .to_string();
    let bytes = std::fs::read(corpus.join(&source)).unwrap_or_else(|e| panic!("{source}: {e}"));
    let doc = SourceDoc {
        path: source.clone().into(),
        display_path: source.clone().into(),
        bytes,
        bundle: None,
        assets: vec![],
    };
    let (pm, diags) = parse_postmortem(&doc, &ParseContext::default());
    let pm = pm.unwrap_or_else(|| panic!("{source} did not parse: {diags:?}"));
    let minute = |t: jiff::Timestamp| t.strftime("%Y-%m-%dT%H:%M").to_string();
    let mut s = Score::default();
    let mut annotated_lines = Vec::new();
    for line in annotation.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["event", at, expected] => {
                let at: usize = at.parse().expect("a line number");
                annotated_lines.push(at);
                s.events += 1;
                if let Some(e) = pm.timeline.iter().find(|e| e.line == at) {
                    s.found += 1;
                    s.right += usize::from(e.at.is_some_and(|t| !e.date_only && minute(t) == *expected));
                }
            }
            ["action", at] => {
                let at: usize = at.parse().expect("a line number");
                s.actions += 1;
                s.actions_found += usize::from(pm.action_items.iter().any(|a| a.line == at));
            }
            ["fact", name, expected] => {
                let value = match *name {
                    "detected" => pm.detected,
                    "mitigated" => pm.mitigated,
                    "resolved" => pm.resolved,
                    other => panic!("unknown fact {other}"),
                };
                s.facts += 1;
                s.facts_right += usize::from(value.is_some_and(|w| !w.date_only && minute(w.instant) == *expected));
            }
            _ => panic!("bad annotation line: {line}"),
        }
    }
    s.invented = pm.timeline.iter().filter(|e| !annotated_lines.contains(&e.line)).count();
    (source, s)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 100.0 } else { a as f64 * 100.0 / b as f64 }
}

#[test]
fn annotated_real_postmortems_meet_the_extraction_goals() {
    let Some(corpus) = corpus_dir() else {
        assert!(std::env::var_os("CI").is_none(), "the shared corpus is missing in CI");
        eprintln!("skipped: shared/corpus/real not found (set DEBRIEF_CORPUS)");
        return;
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/annotated");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("tests/annotated").map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut total = Score::default();
    for file in &files {
        let (source, s) = score(&corpus, &std::fs::read_to_string(file).expect("annotation"));
        println!(
            "{source}: events {}/{} found, {}/{} right time, {} not annotated; actions {}/{}; facts {}/{}",
            s.found, s.events, s.right, s.events, s.invented, s.actions_found, s.actions, s.facts_right, s.facts
        );
        total.events += s.events;
        total.found += s.found;
        total.right += s.right;
        total.invented += s.invented;
        total.actions += s.actions;
        total.actions_found += s.actions_found;
        total.facts += s.facts;
        total.facts_right += s.facts_right;
    }
    let (found, right) = (pct(total.found, total.events), pct(total.right, total.events));
    let (actions, facts) = (pct(total.actions_found, total.actions), pct(total.facts_right, total.facts));
    println!(
        "total: events {found:.0}% found, {right:.0}% right time ({} events, {} not annotated); actions {actions:.0}%; facts {facts:.0}%",
        total.events, total.invented
    );
    assert!(found >= 95.0, "events found {found:.1}% < 95%");
    assert!(right >= 95.0, "events at the right time {right:.1}% < 95%");
    assert_eq!(total.invented, 0, "events invented");
    assert!(actions >= 90.0, "action items {actions:.1}% < 90%");
    assert!(facts >= 90.0, "stated facts {facts:.1}% < 90%");
}
