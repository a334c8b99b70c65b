//! `debrief-web`: the wasm-bindgen module every page loads. It enhances pages that already
//! work without JavaScript; search and the interactive timeline (glue over `debrief-search`
//! and `debrief-timeline`) build on this module.
//!
//! On start it marks the document as ready (`<html data-debrief="ready">`), so pages and
//! tests can tell the module booted. It logs nothing.

use wasm_bindgen::prelude::*;

/// The attribute set on `<html>` once the module runs.
pub const READY_ATTRIBUTE: &str = "data-debrief";

/// Runs when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
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
