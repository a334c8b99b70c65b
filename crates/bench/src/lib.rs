//! Benchmarks for debrief: a deterministic generator of realistic incident
//! postmortems ([`corpus`]) and the helpers the `debrief-bench-build` binary uses to
//! time `debrief build` and measure its peak memory ([`measure`]); [`hugo`] writes the same
//! corpus as a Hugo site, for the comparison in `scripts/bench-vs-hugo.sh`.

pub mod corpus;
pub mod hugo;
#[cfg(unix)]
pub mod measure;
pub mod rng;
pub mod time;
pub mod vocab;
