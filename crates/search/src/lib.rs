//! `debrief-search`: the search index format, the index builder and the query engine.
//!
//! One crate so the same code builds the index at build time and answers queries in the
//! browser (wasm32) and in `debrief search` (native). Pure logic: no I/O, no threads, no
//! clock. The engine is pull-based: it names the files it needs and the caller fetches them.
//!
//! # Building (site build time)
//!
//! ```
//! use debrief_search::{IndexBuilder, IndexOptions, SearchDoc};
//! let mut b = IndexBuilder::new(IndexOptions::default());
//! b.add(SearchDoc { id: 0, url: "/incidents/tls/".into(), title: "Expired TLS certificate".into(),
//!     severity: "SEV2".into(), year: 2025, started: 1_741_943_520, ..SearchDoc::default() });
//! let files = b.build(); // files.files: Vec<(name, bytes)>; write them into `search/`
//! # assert!(files.files[0].0 == files.manifest_name);
//! ```
//!
//! [`IndexBuilder::build`] is deterministic: the same documents give byte-identical files.
//! Document numbers are assigned newest first (by `started`, then `id`);
//! [`IndexFiles::doc_numbers`] maps [`SearchDoc::id`] to them.
//!
//! # Querying (browser, `debrief search`)
//!
//! ```
//! # use debrief_search::{IndexBuilder, IndexOptions, SearchDoc, Searcher, Query};
//! # let mut b = IndexBuilder::new(IndexOptions::default());
//! # b.add(SearchDoc { id: 7, title: "Expired TLS certificate".into(), ..SearchDoc::default() });
//! # let files = b.build();
//! # let fetch = |name: &str| files.get(name).unwrap().to_vec();
//! let mut s = Searcher::new(&fetch(&files.manifest_name))?;        // round trip 1
//! let q = Query::parse("certficate");                                // a typo
//! for name in s.needed(&q) { s.add_file(&name, &fetch(&name))?; }    // round trip 2 (parallel)
//! let results = s.search(&q, 10)?;
//! for name in &results.needed_fragments { s.add_file(name, &fetch(name))?; } // same trip if
//! let views = s.render(&results, 10)?;                                // fetched alongside
//! assert_eq!(views[0].id, 7);
//! # Ok::<(), debrief_search::Error>(())
//! ```
//!
//! The browser fetches the manifest, then in one parallel batch the files of
//! [`Searcher::needed`] (and, for facet chips, [`Searcher::facet_files`]); fragments for the
//! top results follow as soon as [`Results::needed_fragments`] is known. Term shards and
//! fragments are small, so a first query on a 10,000-document site moves tens of KB.
//!
//! # Files
//!
//! See [`format`](mod@format): a manifest (`search-H.bin`), term shards (`t-N-H.bin`) with BM25F
//! impacts, positions shards (`p-N-H.bin`, only for phrases), fragment shards
//! (`f-H-N.bin`), one facet table per key (`facet-KEY-H.bin`) and durations
//! (`meta-H.bin`, only for `sort:longest`). All are `postcard` encodings of the types in
//! [`format`](mod@format); decoding malformed bytes returns an [`Error`], never panics.
//!
//! # Text and ranking
//!
//! [`tokenize()`](tokenize::tokenize) explains the tokenizer (folding, joined tokens such as
//! `eu-west-1`, codes, Porter2 stemming). Fields are title, summary, body, timeline,
//! actions and facets (severity, services, tags, regions, compliance) with BM25F weights
//! 6 / 3 / 1 / 1 / 1 / 2, precomputed per posting as a one-byte impact; the IDF is applied
//! at query time; ties go to the newer incident. Prefix candidates count 0.85, one-typo
//! candidates 0.6, two-typo 0.4. [`query`] describes the query language.

pub mod build;
pub mod engine;
pub mod format;
pub mod query;
pub mod snippet;
pub mod stem;
pub mod tokenize;

pub use build::{IndexBuilder, IndexFiles, IndexOptions, SearchDoc};
pub use engine::{Hit, ResultView, Results, Searcher};
pub use query::{Query, Sort};
pub use tokenize::{Token, TokenKind, tokenize};

/// Why index bytes could not be used, or a search could not be answered yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes are not a valid encoding of the expected type.
    #[error("cannot decode the {what}: {reason}")]
    Decode {
        /// Which kind of file.
        what: &'static str,
        /// The decoder's message.
        reason: String,
    },
    /// The bytes decode but break an invariant of the format.
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// Which kind of file.
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The manifest has another format version.
    #[error("index format version {found}; this engine reads version {expected}")]
    Version {
        /// The manifest's version.
        found: u32,
        /// [`format::FORMAT_VERSION`].
        expected: u32,
    },
    /// The file name is not part of this index.
    #[error("{0} is not a file of this index")]
    UnknownFile(String),
    /// These files must be added first.
    #[error("index files not loaded yet: {}", .0.join(", "))]
    Missing(Vec<String>),
}
