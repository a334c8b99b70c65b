//! `debrief-web`: the wasm-bindgen module every page loads. It enhances pages that already
//! work without JavaScript; search and the interactive timeline (glue over `debrief-search`
//! and `debrief-timeline`) build on this module.
//!
//! On start it wires the search box (`div[data-search]` in the page header, rendered
//! `hidden` so pages without the module show nothing) and marks the document as ready
//! (`<html data-debrief="ready">`), so pages and tests can tell the module booted. It logs
//! nothing.
//!
//! Search is thin glue over [`debrief_search::Searcher`]: the manifest (named by the page,
//! `data-manifest`) is fetched as the module starts, then for every query the files of
//! [`Searcher::needed`] in parallel, then the fragments of the top results; facet tables
//! follow after the first results are shown. Fetches are cached (as promises, so parallel
//! queries share one request) and stale queries are dropped by a generation counter.
//!
//! The timeline (see `timeline.rs`) is glue over [`debrief_timeline`]: the history page's
//! timeline becomes zoomable, pannable and brushable; its brush narrows the search and
//! the history list, and the search's matches are highlighted on it.

/// Talc instead of dlmalloc: about 4 KB less WebAssembly and faster (single-threaded:
/// the module never uses atomics).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

mod search;
mod timeline;

use wasm_bindgen::prelude::*;

pub use search::bench_query;
pub use timeline::bench_timeline;

/// The attribute set on `<html>` once the module runs.
pub const READY_ATTRIBUTE: &str = "data-debrief";

/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    search::init(&document)?;
    timeline::init(&document)?;
    if let Some(root) = document.document_element() {
        root.set_attribute(READY_ATTRIBUTE, "ready")?;
    }
    Ok(())
}

/// The module's version, for diagnostics from the page.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
