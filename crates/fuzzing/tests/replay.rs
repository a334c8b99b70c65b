//! Replays every committed fuzz input: `fuzz/corpus/<target>/*` (minimised corpora) and
//! `fuzz/regressions/<target>/*` (inputs that once failed). Runs on stable in the normal
//! `cargo test`, so CI replays them without nightly or libFuzzer.

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = fuzz_dir().join(kind).join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn replay(kind: &str) -> usize {
    let mut count = 0;
    for (target, check) in debrief_fuzzing::TARGETS {
        for file in inputs(kind, target) {
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{target} fails on {}", file.display());
            count += 1;
        }
    }
    count
}

#[test]
fn every_target_has_a_committed_corpus() {
    for (target, _) in debrief_fuzzing::TARGETS {
        let seeds = inputs("corpus", target);
        assert!(!seeds.is_empty(), "fuzz/corpus/{target}/ is empty or missing");
        assert!(Path::new(&fuzz_dir()).join("fuzz_targets").join(format!("{target}.rs")).is_file(), "{target}");
    }
}

#[test]
fn corpora_replay_without_failure() {
    let n = replay("corpus");
    assert!(n >= debrief_fuzzing::TARGETS.len(), "only {n} corpus files");
}

#[test]
fn regressions_replay_without_failure() {
    replay("regressions");
}
