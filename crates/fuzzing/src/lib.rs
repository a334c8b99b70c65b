//! `debrief-fuzzing`: what each fuzz target (`fuzz/fuzz_targets/*.rs`) checks, as plain
//! functions that compile on stable.
//!
//! A target is a function from bytes to nothing that panics when a property fails. The
//! cargo-fuzz targets call them under libFuzzer (nightly); `tests/replay.rs` calls them on
//! every committed corpus and regression file (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`), so a plain `cargo test` replays them without nightly.
//!
//! Checks beyond "no panic": diagnostics point inside the file; timeline events carry
//! lines of the file; redaction is idempotent and leaves nothing any rule or detector
//! matches.

pub mod content;
pub mod redaction;
pub mod search;
pub mod timeline;

/// A target's check: panics when a property fails.
pub type Check = fn(&[u8]);

/// Every target by the name its folders and cargo-fuzz binary use.
pub const TARGETS: &[(&str, Check)] = &[
    ("frontmatter", content::frontmatter),
    ("content", content::content),
    ("search_query", search::query),
    ("search_decode", search::decode),
    ("timeline_decode", timeline::decode),
    ("redaction", redaction::redaction),
];

/// The target called `name`.
pub fn target(name: &str) -> Option<Check> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}
