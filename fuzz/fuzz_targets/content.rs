//! Fuzz target `content`: see `debrief_fuzzing::content::content` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| debrief_fuzzing::content::content(data));
