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

/// `path` made absolute (from the current folder) with `.` and `..` resolved lexically,
/// without touching the file system (the path may not exist yet).
pub fn lexical_absolute(path: &std::path::Path) -> std::path::PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = std::path::PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The text of a site input (`.md` or `.toml` under `root`) to quote under its diagnostics:
/// never through a symbolic link (a link may point at anything) and never an output file
/// (a leak). `None` for anything else.
pub fn read_input_source(root: &std::path::Path, file: &std::path::Path) -> Option<String> {
    let path = root.join(file);
    let is_input = file.extension().is_some_and(|e| e == "md" || e == "toml")
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    if !is_input {
        return None;
    }
    std::fs::read(&path).ok().map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Shows `path` relative to `base` when it lies inside it.
pub fn display_path(path: &std::path::Path, base: &std::path::Path) -> std::path::PathBuf {
    debrief_content::diagnostic::display_path(path, base)
}
