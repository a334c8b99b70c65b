//! Fuzz target `timeline_decode`: see `debrief_fuzzing::timeline::decode` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| debrief_fuzzing::timeline::decode(data));
