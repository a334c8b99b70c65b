//! The index builder: documents in, content-hashed index files out. Deterministic.

use std::collections::{BTreeMap, HashMap};

use crate::format::{
    self, DocMeta, DocSet, FACET_KEYS, FIELDS, FacetRef, FacetTable, FacetValue, FieldStats, Fragment, FragmentShard,
    K1, Manifest, PositionsShard, ShardRef, TermPostings, TermShard,
};
use crate::tokenize::{Scanner, TokenKind};

/// A fast, non-cryptographic hasher (FxHash) for the builder's maps: keys are our own
/// terms, so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// [`FxHasher`] as a `BuildHasher`.
pub(crate) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// One document to index: the redacted, public text of a postmortem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    /// The caller's id for the document; carried to results ([`crate::ResultView::id`]) and
    /// mapped to the index's document number in [`IndexFiles::doc_numbers`].
    pub id: u32,
    /// Page URL (as links should use it).
    pub url: String,
    /// Title.
    pub title: String,
    /// One-sentence summary.
    pub summary: String,
    /// Plain text of the body sections.
    pub body: String,
    /// Plain text of the timeline events.
    pub timeline: String,
    /// Plain text of the action items.
    pub actions: String,
    /// Severity id (`SEV1`).
    pub severity: String,
    /// Severity rank, 0 = most severe (orders the severity facet).
    pub severity_rank: u8,
    /// Services.
    pub services: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Regions.
    pub regions: Vec<String>,
    /// Compliance labels.
    pub compliance: Vec<String>,
    /// Year of `started` (in the site's zone).
    pub year: u16,
    /// Start of impact, unix seconds.
    pub started: i64,
    /// Start to resolution in seconds; `None` when ongoing.
    pub duration_secs: Option<i64>,
    /// The start time as pages show it.
    pub started_display: String,
}

/// Tuning of the built index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexOptions {
    /// Target encoded size of a term shard in bytes (a single large term may exceed it).
    pub shard_bytes: usize,
    /// Documents per fragment shard.
    pub fragment_docs: u32,
    /// Bytes of body text kept per document for snippets.
    pub excerpt_bytes: usize,
    /// BM25F field weights, in [`FIELDS`] order.
    pub weights: [f32; 6],
    /// BM25F length normalisation per field, in [`FIELDS`] order.
    pub b: [f32; 6],
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            shard_bytes: 8 * 1024,
            fragment_docs: 1,
            excerpt_bytes: 1500,
            weights: [6.0, 3.0, 1.0, 1.0, 1.0, 2.0],
            b: [0.3, 0.5, 0.75, 0.75, 0.75, 0.3],
        }
    }
}

/// The built index: file names and bytes, to be written into one folder.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexFiles {
    /// Name of the manifest (also the first entry of `files`).
    pub manifest_name: String,
    /// Every file: name and content.
    pub files: Vec<(String, Vec<u8>)>,
    /// `(SearchDoc::id, document number)` sorted by id. Document numbers are the index's
    /// own: newest first (by `started`, then id), as [`crate::Hit::doc`] reports them.
    pub doc_numbers: Vec<(u32, u32)>,
}

impl IndexFiles {
    /// Total size of all files in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|(_, b)| b.len()).sum()
    }

    /// The content of the file `name`.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_slice())
    }
}

/// Collects documents and builds the index files.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    options: IndexOptions,
    docs: Vec<SearchDoc>,
}

/// One term while indexing.
#[derive(Default)]
struct Acc {
    /// Occurrences: `doc << 32 | field << 29 | position`, in order.
    occ: Vec<u64>,
    /// Majority vote (Boyer–Moore) for the most common surface form; empty = the term.
    surface: String,
    votes: u32,
}

impl Acc {
    fn vote(&mut self, term: &str, surface: &str) {
        let surface = if surface == term { "" } else { surface };
        if self.surface == surface {
            self.votes += 1;
        } else if self.votes == 0 {
            self.surface.clear();
            self.surface.push_str(surface);
            self.votes = 1;
        } else {
            self.votes -= 1;
        }
    }
}

impl Acc {
    /// Appends a later chunk's occurrences; combines the majority votes (the larger
    /// count wins, by the difference; a tie keeps this one).
    fn merge(&mut self, later: Acc) {
        self.occ.extend(later.occ);
        if self.surface == later.surface {
            self.votes += later.votes;
        } else if later.votes > self.votes {
            self.votes = later.votes - self.votes;
            self.surface = later.surface;
        } else {
            self.votes -= later.votes;
        }
    }
}

/// Documents per tokenizing chunk (fixed: the index must not depend on the thread count).
const CHUNK_DOCS: usize = 256;

/// A chunk's postings by term, and each document's field lengths.
type Tokenized = (HashMap<String, Acc, FxBuild>, Vec<[u32; 6]>);

/// Tokenizes `docs` (document numbers from `first`): postings and field lengths.
fn tokenize_chunk(docs: &[SearchDoc], first: usize) -> Tokenized {
    let mut postings: HashMap<String, Acc, FxBuild> = HashMap::default();
    let mut scanner = Scanner::<true>::default();
    let mut lens: Vec<[u32; 6]> = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        let num = first + i;
        let facets_text = facet_text(doc);
        let texts: [&str; 6] = [&doc.title, &doc.summary, &doc.body, &doc.timeline, &doc.actions, &facets_text];
        let mut doc_lens = [0u32; 6];
        for (field, text) in texts.iter().enumerate() {
            let mut len = 0u32;
            scanner.scan(text, |term, surface, position, _, _, kind| {
                let pos = u64::from(position).min(POS_MASK);
                if kind != TokenKind::Whole {
                    len = len.max(position + 1);
                }
                let occ = ((num as u64) << 32) | ((field as u64) << POS_BITS) | pos;
                match postings.get_mut(term) {
                    Some(acc) => {
                        acc.occ.push(occ);
                        acc.vote(term, surface);
                    }
                    None => {
                        let mut acc = Acc { occ: vec![occ], ..Acc::default() };
                        acc.vote(term, surface);
                        postings.insert(term.to_owned(), acc);
                    }
                }
            });
            doc_lens[field] = len;
        }
        lens.push(doc_lens);
    }
    (postings, lens)
}

const POS_BITS: u32 = 29;
const POS_MASK: u64 = (1 << POS_BITS) - 1;

impl IndexBuilder {
    /// A builder with these options.
    pub fn new(options: IndexOptions) -> Self {
        IndexBuilder { options, docs: Vec::new() }
    }

    /// Adds a document.
    pub fn add(&mut self, doc: SearchDoc) {
        self.docs.push(doc);
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Builds the index files.
    pub fn build(mut self) -> IndexFiles {
        let opts = self.options.clone();
        self.docs.sort_by(|a, b| b.started.cmp(&a.started).then(a.id.cmp(&b.id)));
        let docs = self.docs;
        let n = docs.len();
        let mut doc_numbers: Vec<(u32, u32)> = docs.iter().enumerate().map(|(i, d)| (d.id, i as u32)).collect();
        doc_numbers.sort_unstable();

        // Tokenize everything: in chunks of a fixed size (in parallel with the `parallel`
        // feature), merged in document order, so the index never depends on the threads.
        let chunks: Vec<Tokenized> = {
            #[cfg(feature = "parallel")]
            {
                use rayon::prelude::*;
                docs.par_chunks(CHUNK_DOCS)
                    .enumerate()
                    .map(|(c, chunk)| tokenize_chunk(chunk, c * CHUNK_DOCS))
                    .collect()
            }
            #[cfg(not(feature = "parallel"))]
            {
                docs.chunks(CHUNK_DOCS).enumerate().map(|(c, chunk)| tokenize_chunk(chunk, c * CHUNK_DOCS)).collect()
            }
        };
        let mut postings: HashMap<String, Acc, FxBuild> = HashMap::default();
        let mut lens: Vec<[u32; 6]> = Vec::with_capacity(n);
        for (chunk_postings, chunk_lens) in chunks {
            lens.extend(chunk_lens);
            if postings.is_empty() {
                postings = chunk_postings;
                continue;
            }
            for (term, acc) in chunk_postings {
                match postings.get_mut(&term) {
                    Some(mine) => mine.merge(acc),
                    None => {
                        postings.insert(term, acc);
                    }
                }
            }
        }
        let mut avg = [0f32; 6];
        for (f, a) in avg.iter_mut().enumerate() {
            let total: u64 = lens.iter().map(|l| u64::from(l[f])).sum();
            *a = if n == 0 { 1.0 } else { (total as f32 / n as f32).max(1.0) };
        }

        let mut terms: Vec<(String, Acc)> = postings.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));

        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut shard_refs: Vec<ShardRef> = Vec::new();
        let mut cur_terms: Vec<TermPostings> = Vec::new();
        let mut cur_pos: Vec<Vec<u32>> = Vec::new();
        let mut cur_size = 0usize;
        let mut cur_first = String::new();
        let mut prev_first = String::new();
        let mut prev_term = String::new();
        let flush = |cur_terms: &mut Vec<TermPostings>,
                     cur_pos: &mut Vec<Vec<u32>>,
                     files: &mut Vec<(String, Vec<u8>)>,
                     shard_refs: &mut Vec<ShardRef>,
                     first: &str,
                     prev_first: &mut String| {
            if cur_terms.is_empty() {
                return;
            }
            let t = format::encode(&TermShard { terms: std::mem::take(cur_terms) });
            let p = format::encode(&PositionsShard { terms: std::mem::take(cur_pos) });
            let mut both = t.clone();
            both.extend_from_slice(&p);
            let hash = format::content_hash(&both);
            let i = shard_refs.len();
            files.push((format::term_shard_name(i, hash), t));
            files.push((format::positions_shard_name(i, hash), p));
            let (shared, suffix) = format::front(prev_first, first);
            shard_refs.push(ShardRef { shared, suffix, hash });
            *prev_first = first.to_owned();
        };
        for (term, acc) in &terms {
            let (entry, positions) = term_postings(&acc.occ, &lens, &avg, &opts);
            let (shared, suffix) =
                if cur_terms.is_empty() { (0, term.clone()) } else { format::front(&prev_term, term) };
            let surface = (!acc.surface.is_empty()).then(|| format::front(term, &acc.surface));
            let mut entry = TermPostings { shared, suffix, surface, docs: entry.0, impacts: entry.1 };
            let size = format::encode(&entry).len();
            if !cur_terms.is_empty() && cur_size + size > opts.shard_bytes {
                flush(&mut cur_terms, &mut cur_pos, &mut files, &mut shard_refs, &cur_first, &mut prev_first);
                cur_size = 0;
                entry.shared = 0;
                entry.suffix = term.clone();
            }
            if cur_terms.is_empty() {
                cur_first = term.clone();
            }
            cur_size += size;
            cur_terms.push(entry);
            cur_pos.push(positions);
            prev_term.clone_from(term);
        }
        flush(&mut cur_terms, &mut cur_pos, &mut files, &mut shard_refs, &cur_first, &mut prev_first);
        drop(terms);

        // Fragments.
        let per = opts.fragment_docs.max(1) as usize;
        let mut frag_files: Vec<Vec<u8>> = Vec::new();
        for (k, chunk) in docs.chunks(per).enumerate() {
            let shard = FragmentShard {
                first_doc: (k * per) as u32,
                docs: chunk.iter().map(|d| fragment(d, opts.excerpt_bytes)).collect(),
            };
            frag_files.push(format::encode(&shard));
        }
        let mut fh: u32 = 0x811c_9dc5;
        for f in &frag_files {
            fh = format::content_hash(&[fh.to_le_bytes().as_slice(), f].concat());
        }
        for (i, f) in frag_files.into_iter().enumerate() {
            files.push((format::fragment_shard_name(i, fh), f));
        }

        // Facets.
        let mut facet_refs = Vec::new();
        for key in FACET_KEYS {
            let table = facet_table(key, &docs);
            if table.values.is_empty() {
                continue;
            }
            let bytes = format::encode(&table);
            let hash = format::content_hash(&bytes);
            files.push((format::facet_name(key, hash), bytes));
            facet_refs.push(FacetRef { key: key.to_owned(), hash });
        }

        // Doc meta.
        let mut started = Vec::with_capacity(n);
        let mut prev: Option<i64> = None;
        for d in &docs {
            started.push(match prev {
                None => d.started,
                Some(p) => p.saturating_sub(d.started),
            });
            prev = Some(d.started);
        }
        let meta = DocMeta { started, duration: docs.iter().map(|d| d.duration_secs.unwrap_or(-1).max(-1)).collect() };
        let meta_bytes = format::encode(&meta);
        let meta_hash = format::content_hash(&meta_bytes);
        files.push((format::meta_name(meta_hash), meta_bytes));

        let manifest = Manifest {
            version: format::FORMAT_VERSION,
            doc_count: n as u32,
            fields: (0..FIELDS.len()).map(|f| FieldStats { weight: opts.weights[f], avg_len: avg[f] }).collect(),
            term_shards: shard_refs,
            fragment_docs: per as u32,
            fragment_hash: fh,
            facets: facet_refs,
            meta_hash,
        };
        let mbytes = manifest.encode();
        let manifest_name = format::manifest_name(format::content_hash(&mbytes));
        files.insert(0, (manifest_name.clone(), mbytes));
        IndexFiles { manifest_name, files, doc_numbers }
    }
}

/// The text of the `facets` field: severity, services, tags, regions, compliance.
fn facet_text(doc: &SearchDoc) -> String {
    let mut s = doc.severity.clone();
    for v in doc.services.iter().chain(&doc.tags).chain(&doc.regions).chain(&doc.compliance) {
        s.push_str(" ; ");
        s.push_str(v);
    }
    s
}

/// Postings (delta-coded docs, impacts) and positions of one term.
fn term_postings(
    occ: &[u64],
    lens: &[[u32; 6]],
    avg: &[f32; 6],
    opts: &IndexOptions,
) -> ((Vec<u32>, Vec<u8>), Vec<u32>) {
    let mut docs = Vec::new();
    let mut impacts = Vec::new();
    let mut positions = Vec::new();
    let mut prev_doc: Option<u32> = None;
    let mut i = 0;
    while i < occ.len() {
        let doc = (occ[i] >> 32) as u32;
        let mut j = i;
        while j < occ.len() && (occ[j] >> 32) as u32 == doc {
            j += 1;
        }
        docs.push(match prev_doc {
            None => doc,
            Some(p) => doc - p,
        });
        prev_doc = Some(doc);
        // Per field.
        let group = &occ[i..j];
        let field_of = |o: u64| ((o >> POS_BITS) & 7) as usize;
        let mut tf_norm = 0f32;
        let mut nfields = 0u32;
        let count_at = positions.len();
        positions.push(0);
        let mut k = 0;
        while k < group.len() {
            let f = field_of(group[k]);
            let mut m = k;
            while m < group.len() && field_of(group[m]) == f {
                m += 1;
            }
            let tf = (m - k) as f32;
            let len = lens[doc as usize][f] as f32;
            let norm = 1.0 - opts.b[f] + opts.b[f] * len / avg[f];
            tf_norm += opts.weights[f] * tf / norm.max(0.05);
            nfields += 1;
            positions.push(f as u32);
            positions.push((m - k) as u32);
            let mut prev_pos = 0u32;
            for &o in &group[k..m] {
                let p = (o & POS_MASK) as u32;
                positions.push(p - prev_pos);
                prev_pos = p;
            }
            k = m;
        }
        positions[count_at] = nfields;
        let factor = tf_norm * (K1 + 1.0) / (tf_norm + K1);
        impacts.push(format::f32_to_impact(factor));
        i = j;
    }
    ((docs, impacts), positions)
}

fn truncate_at(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    // Prefer a word boundary.
    match s[..end].rfind(char::is_whitespace) {
        Some(ws) if ws > max / 2 => &s[..ws],
        _ => &s[..end],
    }
}

fn fragment(d: &SearchDoc, excerpt_bytes: usize) -> Fragment {
    let source = if d.body.trim().is_empty() { &d.timeline } else { &d.body };
    // Collapse whitespace runs so the bounded excerpt holds as much text as possible.
    let bounded = truncate_at(source, excerpt_bytes.saturating_mul(2));
    let mut excerpt = String::with_capacity(bounded.len());
    for w in bounded.split_whitespace() {
        if !excerpt.is_empty() {
            excerpt.push(' ');
        }
        excerpt.push_str(w);
    }
    let excerpt = truncate_at(&excerpt, excerpt_bytes).to_owned();
    Fragment {
        id: d.id,
        url: d.url.clone(),
        title: d.title.clone(),
        summary: d.summary.clone(),
        severity: d.severity.clone(),
        started_display: d.started_display.clone(),
        services: d.services.clone(),
        excerpt,
    }
}

fn facet_table(key: &str, docs: &[SearchDoc]) -> FacetTable {
    // lowercase value → (display value, sort key, docs)
    let mut map: BTreeMap<String, (String, i64, Vec<u32>)> = BTreeMap::new();
    for (num, d) in docs.iter().enumerate() {
        let year;
        let (values, sort_key): (Vec<&str>, i64) = match key {
            "severity" => (vec![d.severity.as_str()], i64::from(d.severity_rank)),
            "service" => (d.services.iter().map(String::as_str).collect(), 0),
            "tag" => (d.tags.iter().map(String::as_str).collect(), 0),
            "region" => (d.regions.iter().map(String::as_str).collect(), 0),
            "compliance" => (d.compliance.iter().map(String::as_str).collect(), 0),
            _ => {
                year = d.year.to_string();
                (vec![year.as_str()], -i64::from(d.year))
            }
        };
        for v in values {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            let e = map.entry(crate::tokenize::lower(v)).or_insert_with(|| (v.to_owned(), sort_key, Vec::new()));
            if e.2.last() != Some(&(num as u32)) {
                e.2.push(num as u32);
            }
            e.1 = e.1.min(sort_key);
        }
    }
    let mut values: Vec<(String, String, i64, Vec<u32>)> = map.into_iter().map(|(k, (v, s, d))| (k, v, s, d)).collect();
    match key {
        "severity" | "year" => values.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0))),
        _ => values.sort_by(|a, b| b.3.len().cmp(&a.3.len()).then(a.0.cmp(&b.0))),
    }
    FacetTable {
        key: key.to_owned(),
        values: values
            .into_iter()
            .map(|(_, value, _, docs)| {
                let docs = DocSet::encode(&docs);
                FacetValue { value, docs }
            })
            .collect(),
    }
}
