//! `debrief-site`: the site builder.
//!
//! - [`config`] — `debrief.toml`.
//! - [`theme`] — embedded templates and static files, user overrides, the template engine.
//! - [`markdown`] — postmortem bodies to HTML.
//! - [`links`] — body links: source paths to incident pages, broken links reported.
//! - [`model`] — incident views shared by pages, feeds and the API.
//! - [`charts`] — static SVG charts for the stats page.
//! - [`feeds`] — Atom, JSON Feed, JSON API, sitemap, robots.txt.
//! - [`memo`] — what `serve` keeps between builds to redo only what an edit touched.
//! - [`output`] — the staging folder swapped in only when the whole build succeeded.
//! - [`timelines`] — static SVG timelines (global and per incident).
//! - [`pipeline`] — `build` and `check`.
//! - [`publish`] — host headers (`_headers`) and precompressed `.gz` files.
//! - [`timings`] — wall and CPU time per build phase (`build --timings`).

pub mod charts;
pub mod config;
pub mod feeds;
pub mod links;
pub mod markdown;
pub mod memo;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod publish;
pub mod readers;
pub mod theme;
pub mod timelines;
pub mod timings;

pub use pipeline::{BuildOptions, BuildReport, Failure, MemorySite, RedactionEntry, build, build_in_memory, check};

/// Shows `path` relative to `base` when it lies inside it.
pub fn display_path(path: &std::path::Path, base: &std::path::Path) -> std::path::PathBuf {
    debrief_content::diagnostic::display_path(path, base)
}
