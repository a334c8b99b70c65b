//! What `serve` keeps between two builds so that a rebuild redoes only what an edit
//! touched: each postmortem's parse and redaction (reused while its file's bytes, bundle
//! and assets are the same), its rendered page and list entry (reused while their inputs
//! are), and the previous site's files (a file with the same bytes, checked by the same
//! leak scanner, is not scanned again).
//!
//! Everything is dropped when anything every page depends on changes: `debrief.toml`, the
//! redaction rules, the theme, or the build options ([`Memo::site_key`]). The memo is
//! only ever an optimisation: the site built with it is byte for byte the site built
//! without it (`crates/cli/tests/serve.rs` compares them file by file).

use crate::output::Files;
use debrief_content::{Diagnostic, SourceDoc};
use debrief_redact::RedactedDocument;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// The cached work of one postmortem file.
#[derive(Debug)]
pub(crate) struct DocMemo {
    /// The file as read (the key: reused only while it is equal).
    pub(crate) source: SourceDoc,
    /// Its parse.
    pub(crate) parsed: debrief_content::Parsed,
    /// Its review lints, once made.
    pub(crate) lints: Option<Vec<Diagnostic>>,
    /// Its link warnings, with the fingerprint of the link map they were checked against.
    pub(crate) links: Option<(u64, Vec<Diagnostic>)>,
    /// Its redaction, once made.
    pub(crate) redacted: Option<Result<RedactedDocument, Vec<Diagnostic>>>,
    /// Changes whenever the file does (its page, its list entry and the list pages that
    /// hold it are keyed by it).
    pub(crate) version: u64,
}

/// Whether two reads of a postmortem are the same input.
pub(crate) fn same_source(a: &SourceDoc, b: &SourceDoc) -> bool {
    a.path == b.path
        && a.display_path == b.display_path
        && a.bundle == b.bundle
        && a.assets == b.assets
        && a.bytes == b.bytes
}

/// State kept between the builds of one `serve` session.
#[derive(Debug, Default)]
pub struct Memo {
    pub(crate) site_key: Option<u64>,
    pub(crate) docs: HashMap<PathBuf, DocMemo>,
    /// Rendered pages by site-relative path: (key of their inputs, bytes).
    pub(crate) pages: Pages,
    /// Rendered list entries by slug: (key of their inputs, HTML).
    pub(crate) items: HashMap<String, (u64, String)>,
    /// Search documents by postmortem version.
    pub(crate) search_docs: HashMap<u64, debrief_search::SearchDoc>,
    /// The previous site and the key of the scanner that passed it.
    pub(crate) files: Option<(u64, Files)>,
    /// Postmortem versions whose search strings that scanner passed.
    pub(crate) scanned_strings: std::collections::HashSet<u64>,
    pub(crate) next_version: u64,
    /// The redaction rules, loaded once per site key.
    pub(crate) redactor: Option<Arc<debrief_redact::DocumentRedactor>>,
    /// What the last build reused, for `serve`'s log and tests.
    pub(crate) stats: MemoStats,
}

/// What one build with a [`Memo`] did again and what it reused.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MemoStats {
    /// Whether everything was dropped first (configuration, rules, theme or options changed).
    pub full: bool,
    /// Postmortems parsed (the rest reused).
    pub parsed: usize,
    /// Postmortems redacted.
    pub redacted: usize,
    /// Incident pages rendered.
    pub pages_rendered: usize,
    /// Incident pages reused.
    pub pages_reused: usize,
    /// Files leak-scanned (the rest passed the same scanner before with the same bytes).
    pub scanned: usize,
}

impl Memo {
    /// An empty memo: the first build does everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// What the last build did.
    pub fn stats(&self) -> MemoStats {
        self.stats
    }

    /// Drops everything when `key` (of the configuration, rules, theme and options)
    /// differs from the last build's.
    pub(crate) fn start(&mut self, key: u64) {
        self.stats = MemoStats::default();
        if self.site_key != Some(key) {
            self.docs.clear();
            self.pages.clear();
            self.items.clear();
            self.search_docs.clear();
            self.files = None;
            self.scanned_strings.clear();
            self.redactor = None;
            self.site_key = Some(key);
            self.stats.full = true;
        }
    }

    /// The entry for `doc`, parsed with `parse` unless the same bytes were parsed before.
    pub(crate) fn parse(&mut self, docs: &[SourceDoc], parse: &(dyn Fn(&SourceDoc) -> debrief_content::Parsed + Sync)) {
        use rayon::prelude::*;
        let stale: Vec<&SourceDoc> =
            docs.iter().filter(|d| self.docs.get(&d.path).is_none_or(|m| !same_source(&m.source, d))).collect();
        let parsed: Vec<debrief_content::Parsed> = stale.par_iter().map(|d| parse(d)).collect();
        self.stats.parsed = stale.len();
        for (doc, parsed) in stale.into_iter().zip(parsed) {
            self.next_version += 1;
            let entry = DocMemo {
                source: doc.clone(),
                parsed,
                lints: None,
                links: None,
                redacted: None,
                version: self.next_version,
            };
            self.docs.insert(doc.path.clone(), entry);
        }
        let present: std::collections::HashSet<&PathBuf> = docs.iter().map(|d| &d.path).collect();
        self.docs.retain(|p, _| present.contains(p));
    }
}

/// The placeholder that stands for a content-hashed name's hash in pages `serve` renders
/// (`search-5e7e5e7e.bin`): every page names the search manifest, whose hash changes with
/// any edit; with the placeholder, a page whose own inputs did not change keeps its bytes
/// (and its leak scan). The server puts the real name in as it sends the page.
pub const PLACEHOLDER_HASH: &str = "5e7e5e7e";

/// Rendered pages by site-relative path: (key of their inputs, bytes).
pub(crate) type Pages = HashMap<String, (u64, Arc<[u8]>)>;

/// What one build's renderer reuses and records ([`crate::pipeline::build_in_memory`]).
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Each postmortem's version, by its path in the content folder.
    pub(crate) versions: HashMap<PathBuf, u64>,
    /// The previous build's pages and list entries.
    pub(crate) old_pages: Pages,
    pub(crate) old_items: HashMap<String, (u64, String)>,
    /// This build's.
    pub(crate) pages: std::sync::Mutex<Pages>,
    pub(crate) items: std::sync::Mutex<HashMap<String, (u64, String)>>,
    /// Search documents by postmortem version: the previous build's and this one's.
    pub(crate) old_search_docs: HashMap<u64, debrief_search::SearchDoc>,
    pub(crate) search_docs: std::sync::Mutex<HashMap<u64, debrief_search::SearchDoc>>,
    /// Versions of postmortems whose search strings the same scanner passed before.
    pub(crate) old_scanned: std::collections::HashSet<u64>,
    /// This build's.
    pub(crate) scanned: std::sync::Mutex<std::collections::HashSet<u64>>,
    /// (placeholder, real) URL pairs to put back into pages as they are served.
    pub(crate) substitutions: std::sync::Mutex<Vec<(String, String)>>,
    pub(crate) rendered: std::sync::atomic::AtomicUsize,
    pub(crate) reused: std::sync::atomic::AtomicUsize,
}

impl RenderCache {
    /// The page at `rel` rendered with inputs `key`: the previous bytes when the key is
    /// the same, else `render`'s. Recorded for the next build either way.
    /// Without a key (an input of unknown version), it is rendered and not recorded.
    pub(crate) fn page<E>(
        &self,
        rel: &str,
        key: Option<u64>,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<[u8]>, E> {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(key) = key else {
            self.rendered.fetch_add(1, Relaxed);
            return Ok(Arc::from(render()?.into_bytes()));
        };
        let bytes = match self.old_pages.get(rel) {
            Some((k, bytes)) if *k == key => {
                self.reused.fetch_add(1, Relaxed);
                bytes.clone()
            }
            _ => {
                self.rendered.fetch_add(1, Relaxed);
                Arc::from(render()?.into_bytes())
            }
        };
        if let Ok(mut pages) = self.pages.lock() {
            pages.insert(rel.to_string(), (key, bytes.clone()));
        }
        Ok(bytes)
    }

    /// The list entry of `slug`, like [`RenderCache::page`].
    pub(crate) fn item<E>(
        &self,
        slug: &str,
        key: Option<u64>,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<String, E> {
        let Some(key) = key else { return render() };
        let html = match self.old_items.get(slug) {
            Some((k, html)) if *k == key => html.clone(),
            _ => render()?,
        };
        if let Ok(mut items) = self.items.lock() {
            items.insert(slug.to_string(), (key, html.clone()));
        }
        Ok(html)
    }

    /// Records that a postmortem's search strings passed the scanner.
    pub(crate) fn mark_scanned(&self, version: Option<u64>) {
        if let (Some(v), Ok(mut set)) = (version, self.scanned.lock()) {
            set.insert(v);
        }
    }

    /// The version of the postmortem at `path`.
    pub(crate) fn version(&self, path: &std::path::Path) -> Option<u64> {
        self.versions.get(path).copied()
    }
}

/// A hash of anything hashable (keys of cached work; never written anywhere).
pub(crate) fn hash_of(value: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}
