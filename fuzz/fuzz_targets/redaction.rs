//! Fuzz target `redaction`: see `debrief_fuzzing::redaction::redaction` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| debrief_fuzzing::redaction::redaction(data));
