//! `debrief-import`: `debrief import statuspage|cstate|upptime SOURCE` — an existing
//! incident history into debrief postmortems, one per incident.
//!
//! - [`statuspage`], [`cstate`], [`upptime`] read each format into the intermediate
//!   [`model`] (pure: they take text, not paths).
//! - [`html`] turns HTML bodies into Markdown (`htmd`); [`time`] reads and writes times.
//! - [`severity`] maps a source's impact words to the site's severity levels.
//! - [`render`] writes one postmortem (front matter, summary, timeline, postmortem).
//! - [`plan`] gives each incident a unique, stable file and decides what to write, keep
//!   or refuse, validating every file with debrief's own parser.
//! - [`source`] is the thin I/O edge: reading a source and the content folder, and
//!   writing the plan all at once.

pub mod cstate;
pub mod error;
pub mod html;
pub mod model;
pub mod plan;
pub mod render;
pub mod severity;
pub mod source;
pub mod statuspage;
pub mod time;
pub mod upptime;

pub use error::ImportError;
pub use model::{Format, Incident, Parsed, Skipped, State, Update};
pub use plan::{Action, Existing, Plan, Planned};
pub use severity::SeverityMap;

use serde_json::Value;

/// A non-empty, trimmed string field of a JSON object.
pub(crate) fn json_str<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// A status as a label: `in_progress` → `In progress`.
pub(crate) fn status_label(status: &str) -> String {
    let words = status.trim().replace(['_', '-'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}
