//! `debrief-search`: the search index format, the index builder and the query engine.
//!
//! One crate so the same code builds the index at build time and answers queries in the
//! browser (wasm32) and in `debrief search` (native). Filled by the search issue.
