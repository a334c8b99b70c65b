//! Fuzz target `search_query`: see `debrief_fuzzing::search::query` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| debrief_fuzzing::search::query(data));
