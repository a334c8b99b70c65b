//! Fuzz target `frontmatter`: see `debrief_fuzzing::content::frontmatter` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| debrief_fuzzing::content::frontmatter(data));
