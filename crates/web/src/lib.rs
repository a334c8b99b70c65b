//! `debrief-web`: the wasm-bindgen module every page loads — search UI and interactive
//! timeline, thin glue over `debrief-search` and `debrief-timeline`. Filled by the WASM
//! pipeline issue.
