//! Fuzz target `search_decode`: see `debrief_fuzzing::search::decode` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| debrief_fuzzing::search::decode(data));
