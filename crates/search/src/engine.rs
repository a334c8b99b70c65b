//! The query engine: pull-based, the caller fetches the files it asks for.
//!
//! Term shards hold contiguous term ranges. A word needs the shard holding its exact term;
//! a prefix (last word) needs the shards covering the prefix range; a typo-tolerant word
//! needs the shards holding every term that shares its first `k` characters, where `k` is
//! the smallest prefix length (at least 1) whose range spans at most
//! [`MAX_FUZZY_SHARDS`] shards. Typos are therefore tolerated only after the first `k`
//! characters (usually the first one or two): a common trade-off that keeps every
//! candidate of a word within a known, small set of files, so any query is answered after
//! two dependent fetches (manifest, then shards).

use std::ops::Range;

use crate::format::{
    self, DocMeta, FACET_KEYS, FacetTable, FragmentShard, Manifest, PositionsShard, TermShard, impact_to_f32,
};
use crate::query::{Phrase, Query, QueryTerm, Sort};
use crate::{Error, snippet};

/// At most this many term shards are fetched for the typo candidates of one word.
pub const MAX_FUZZY_SHARDS: usize = 2;

/// At most this many index terms are tried for one prefix or typo-tolerant word.
pub const MAX_CANDIDATES: usize = 48;

const PREFIX_WEIGHT: f32 = 0.85;
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.6, 0.4];

/// One result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Document number (newest first; see [`crate::IndexFiles::doc_numbers`]).
    pub doc: u32,
    /// Relevance score (0 for filter-only queries).
    pub score: f32,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// Number of matching documents.
    pub total: usize,
    /// The best `limit` matches in order.
    pub hits: Vec<Hit>,
    /// Every matching document number, ascending (newest first).
    pub matches: Vec<u32>,
    /// Per facet key (of the loaded facet tables): `(value, count)` over all matches, for
    /// values with matches and values the query filters on.
    pub facet_counts: Vec<(String, Vec<(String, u32)>)>,
    /// Fragment files still needed to render the hits.
    pub needed_fragments: Vec<String>,
    /// Index terms that matched (for highlighting).
    pub terms: Vec<String>,
}

/// A rendered result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultView {
    /// The caller's id of the document ([`crate::SearchDoc::id`]).
    pub id: u32,
    /// Document number.
    pub doc: u32,
    /// Page URL.
    pub url: String,
    /// Title (plain text).
    pub title: String,
    /// Title, HTML-escaped, matches in `<mark>`.
    pub title_html: String,
    /// Severity id.
    pub severity: String,
    /// Start time as shown.
    pub started_display: String,
    /// Services.
    pub services: Vec<String>,
    /// The best-matching passage, HTML-escaped, matches in `<mark>`, bounded in length.
    pub snippet_html: String,
}

struct LoadedTerms {
    terms: Vec<String>,
    surfaces: Vec<Option<String>>,
    docs: Vec<Vec<u32>>,
    impacts: Vec<Vec<u8>>,
}

struct LoadedPositions {
    data: Vec<Vec<u32>>,
    /// Per term, per posting: start offset in `data`.
    offsets: Vec<Vec<u32>>,
}

struct LoadedFacet {
    values: Vec<(String, String, Vec<u32>)>,
}

#[derive(Clone, Copy)]
enum FileKind {
    Terms(usize),
    Positions(usize),
    Facet(usize),
    Meta,
}

/// The query engine over one index.
pub struct Searcher {
    manifest: Manifest,
    first_terms: Vec<String>,
    /// Known file names and what they hold, sorted by name.
    files: Vec<(String, FileKind)>,
    terms: Vec<Option<LoadedTerms>>,
    positions: Vec<Option<LoadedPositions>>,
    /// Loaded fragment shards by number (a short list: a query loads a few).
    fragments: Vec<(usize, FragmentShard)>,
    facets: Vec<Option<LoadedFacet>>,
    durations: Option<Vec<i64>>,
    /// Start times (absolute), loaded with the durations.
    started: Vec<i64>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher").field("doc_count", &self.manifest.doc_count).finish_non_exhaustive()
    }
}

/// A candidate term for one query word.
struct Candidate<'a> {
    shard: usize,
    index: usize,
    term: &'a str,
    weight: f32,
}

impl Searcher {
    /// An engine over the index whose manifest is `manifest_bytes`.
    pub fn new(manifest_bytes: &[u8]) -> Result<Searcher, Error> {
        let manifest = Manifest::decode(manifest_bytes)?;
        let first_terms = manifest.shard_first_terms();
        let mut files = Vec::new();
        for (i, s) in manifest.term_shards.iter().enumerate() {
            files.push((format::term_shard_name(i, s.hash), FileKind::Terms(i)));
            files.push((format::positions_shard_name(i, s.hash), FileKind::Positions(i)));
        }
        for (i, f) in manifest.facets.iter().enumerate() {
            files.push((format::facet_name(&f.key, f.hash), FileKind::Facet(i)));
        }
        files.push((format::meta_name(manifest.meta_hash), FileKind::Meta));
        debrief_sort::sort_by(&mut files, |a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        let shards = manifest.term_shards.len();
        let facets = manifest.facets.len();
        Ok(Searcher {
            manifest,
            first_terms,
            files,
            terms: (0..shards).map(|_| None).collect(),
            positions: (0..shards).map(|_| None).collect(),
            fragments: Vec::new(),
            facets: (0..facets).map(|_| None).collect(),
            durations: None,
            started: Vec::new(),
        })
    }

    /// Number of indexed documents.
    pub fn doc_count(&self) -> u32 {
        self.manifest.doc_count
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn fragment_shards(&self) -> usize {
        (self.manifest.doc_count as usize).div_ceil(self.manifest.fragment_docs as usize)
    }

    fn fragment_index(&self, name: &str) -> Option<usize> {
        let rest = name.strip_prefix("f-")?.strip_suffix(".bin")?;
        let (hash, i) = rest.split_once('-')?;
        let hash = u32::from_str_radix(hash, 16).ok()?;
        let i: usize = i.parse().ok()?;
        (hash == self.manifest.fragment_hash && i < self.fragment_shards() && name == self.fragment_name(i))
            .then_some(i)
    }

    fn fragment_name(&self, i: usize) -> String {
        format::fragment_shard_name(i, self.manifest.fragment_hash)
    }

    /// The fragment file holding document `doc`.
    pub fn fragment_file(&self, doc: u32) -> String {
        self.fragment_name(doc as usize / self.manifest.fragment_docs as usize)
    }

    fn file_kind(&self, name: &str) -> Option<FileKind> {
        self.files.binary_search_by(|(n, _)| n.as_str().cmp(name)).ok().map(|i| self.files[i].1)
    }

    /// The facet table files (fetch them to get facet counts).
    pub fn facet_files(&self) -> Vec<String> {
        self.manifest.facets.iter().map(|f| format::facet_name(&f.key, f.hash)).collect()
    }

    /// The doc-meta file (needed to sort by duration).
    pub fn meta_file(&self) -> String {
        format::meta_name(self.manifest.meta_hash)
    }

    /// Whether `name` was added.
    pub fn is_loaded(&self, name: &str) -> bool {
        match self.file_kind(name).as_ref() {
            Some(FileKind::Terms(i)) => self.terms[*i].is_some(),
            Some(FileKind::Positions(i)) => self.positions[*i].is_some(),
            Some(FileKind::Facet(i)) => self.facets[*i].is_some(),
            Some(FileKind::Meta) => self.durations.is_some(),
            None => self.fragment_index(name).is_some_and(|i| self.fragments.iter().any(|(k, _)| *k == i)),
        }
    }

    /// Adds a fetched file. Unknown names and malformed bytes are errors; the engine is
    /// unchanged then.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let n = self.manifest.doc_count;
        match self.file_kind(name) {
            Some(FileKind::Terms(i)) => {
                let shard: TermShard = format::decode("term shard", bytes)?;
                let terms = format::unfront("term shard", shard.terms.iter().map(|t| (t.shared, t.suffix.as_str())))?;
                let first_ok = terms.first().is_some_and(|t| *t == self.first_terms[i]);
                let last_ok = match (terms.last(), self.first_terms.get(i + 1)) {
                    (Some(last), Some(next)) => last < next,
                    _ => true,
                };
                if !first_ok || !last_ok {
                    return Err(Error::Invalid {
                        what: "term shard",
                        reason: "terms outside the shard's range".into(),
                    });
                }
                let mut docs = Vec::with_capacity(terms.len());
                let mut impacts = Vec::with_capacity(terms.len());
                let mut surfaces = Vec::with_capacity(terms.len());
                for (t, term) in shard.terms.into_iter().zip(&terms) {
                    surfaces.push(match &t.surface {
                        None => None,
                        Some((shared, suffix)) => {
                            let k = usize::from(*shared);
                            if k > term.len() || !term.is_char_boundary(k) {
                                return Err(Error::Invalid { what: "term shard", reason: "bad surface form".into() });
                            }
                            Some(format!("{}{}", &term[..k], suffix))
                        }
                    });
                    let d = format::undelta("term shard", &t.docs, n)?;
                    if d.len() != t.impacts.len() || d.is_empty() {
                        return Err(Error::Invalid {
                            what: "term shard",
                            reason: "postings and impacts differ".into(),
                        });
                    }
                    docs.push(d);
                    impacts.push(t.impacts);
                }
                self.terms[i] = Some(LoadedTerms { terms, surfaces, docs, impacts });
            }
            Some(FileKind::Positions(i)) => {
                let shard: PositionsShard = format::decode("positions shard", bytes)?;
                let mut offsets = Vec::with_capacity(shard.terms.len());
                for data in &shard.terms {
                    offsets.push(posting_offsets(data)?);
                }
                self.positions[i] = Some(LoadedPositions { data: shard.terms, offsets });
            }
            Some(FileKind::Facet(i)) => {
                let table: FacetTable = format::decode("facet table", bytes)?;
                if table.key != self.manifest.facets[i].key {
                    return Err(Error::Invalid { what: "facet table", reason: "wrong key".into() });
                }
                let mut values = Vec::with_capacity(table.values.len());
                for v in table.values {
                    let docs = v.docs.decode("facet table", n)?;
                    let lower = crate::tokenize::lower(&v.value);
                    values.push((v.value, lower, docs));
                }
                self.facets[i] = Some(LoadedFacet { values });
            }
            Some(FileKind::Meta) => {
                let meta: DocMeta = format::decode("doc meta", bytes)?;
                if meta.duration.len() != n as usize || meta.started.len() != n as usize {
                    return Err(Error::Invalid { what: "doc meta", reason: "wrong document count".into() });
                }
                // Delta-coded, newest first: each start is the previous one minus its delta.
                let mut at = 0i64;
                self.started = meta
                    .started
                    .iter()
                    .enumerate()
                    .map(|(i, &d)| {
                        at = if i == 0 { d } else { at.saturating_sub(d) };
                        at
                    })
                    .collect();
                self.durations = Some(meta.duration);
            }
            None => {
                let Some(i) = self.fragment_index(name) else {
                    return Err(Error::UnknownFile(name.to_owned()));
                };
                let shard: FragmentShard = format::decode("fragment shard", bytes)?;
                let per = self.manifest.fragment_docs as usize;
                let expected = per.min(n as usize - i * per);
                if shard.first_doc as usize != i * per || shard.docs.len() != expected {
                    return Err(Error::Invalid { what: "fragment shard", reason: "wrong documents".into() });
                }
                if !self.fragments.iter().any(|(k, _)| *k == i) {
                    self.fragments.push((i, shard));
                }
            }
        }
        Ok(())
    }

    /// Term shards overlapping `[lo, hi]`.
    fn shards_for(&self, lo: &str, hi: &str) -> Range<usize> {
        if self.first_terms.is_empty() || lo > hi {
            return 0..0;
        }
        let start = self.first_terms.partition_point(|f| f.as_str() <= lo).saturating_sub(1);
        let end = self.first_terms.partition_point(|f| f.as_str() <= hi).max(start + 1);
        start..end
    }

    /// How many leading bytes of `term` a typo may not touch.
    fn fuzzy_fixed(&self, term: &str) -> usize {
        for (k, _) in term.char_indices().skip(1) {
            let p = &term[..k];
            if self.shards_for(p, &upper(p)).len() <= MAX_FUZZY_SHARDS {
                return k;
            }
        }
        term.len()
    }

    /// Index-term ranges one query word may match.
    fn word_ranges(&self, w: &QueryTerm) -> Vec<(String, String)> {
        let mut out = vec![(w.term.clone(), w.term.clone())];
        if w.prefix {
            let m = prefix_floor(&w.text);
            out.push((w.text[..m].to_owned(), upper(&w.text)));
        }
        if w.max_edits > 0 {
            let k = self.fuzzy_fixed(&w.term);
            out.push((w.term[..k].to_owned(), upper(&w.term[..k])));
        }
        out
    }

    /// Files still missing to answer `query` (term shards, positions for phrases, facet
    /// tables for filters, doc meta for `sort:longest`). Fetch them all at once, add them
    /// with [`Searcher::add_file`], then [`Searcher::search`].
    pub fn needed(&self, query: &Query) -> Vec<String> {
        let mut shards: Vec<usize> = Vec::new();
        let mut pos_shards: Vec<usize> = Vec::new();
        for w in &query.words {
            for (lo, hi) in self.word_ranges(w) {
                shards.extend(self.shards_for(&lo, &hi));
            }
        }
        for t in &query.excluded_terms {
            shards.extend(self.shards_for(t, t));
        }
        for p in query.phrases.iter().chain(&query.excluded_phrases) {
            for (t, _) in &p.terms {
                let r = self.shards_for(t, t);
                shards.extend(r.clone());
                if p.terms.len() > 1 {
                    pos_shards.extend(r);
                }
            }
        }
        debrief_sort::sort_dedup(&mut shards);
        debrief_sort::sort_dedup(&mut pos_shards);
        let mut out = Vec::new();
        for i in shards {
            if self.terms[i].is_none() {
                out.push(format::term_shard_name(i, self.manifest.term_shards[i].hash));
            }
        }
        for i in pos_shards {
            if self.positions[i].is_none() {
                out.push(format::positions_shard_name(i, self.manifest.term_shards[i].hash));
            }
        }
        for (key, _) in &query.filters {
            if let Some(i) = self.manifest.facets.iter().position(|f| &f.key == key)
                && self.facets[i].is_none()
            {
                out.push(format::facet_name(key, self.manifest.facets[i].hash));
            }
        }
        if (query.effective_sort() == Sort::Longest || query.within.is_some()) && self.durations.is_none() {
            out.push(self.meta_file());
        }
        out
    }

    fn lookup(&self, term: &str) -> Option<(usize, usize)> {
        let r = self.shards_for(term, term);
        let s = r.start;
        if r.is_empty() {
            return None;
        }
        let shard = self.terms[s].as_ref()?;
        shard.terms.binary_search_by(|t| t.as_str().cmp(term)).ok().map(|i| (s, i))
    }

    fn postings(&self, shard: usize, index: usize) -> (&[u32], &[u8]) {
        match &self.terms[shard] {
            Some(t) => (&t.docs[index], &t.impacts[index]),
            None => (&[], &[]),
        }
    }

    fn idf(&self, df: usize) -> f32 {
        let n = self.manifest.doc_count as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The most common unstemmed form of a term.
    fn surface(&self, shard: usize, index: usize) -> Option<&str> {
        self.terms.get(shard)?.as_ref()?.surfaces.get(index)?.as_deref()
    }

    /// Loaded terms in `[lo, hi]`, with their shard and index.
    fn terms_in(&self, lo: &str, hi: &str) -> Vec<(usize, usize, &str)> {
        let mut out = Vec::new();
        for s in self.shards_for(lo, hi) {
            let Some(shard) = &self.terms[s] else { continue };
            let start = shard.terms.partition_point(|t| t.as_str() < lo);
            for (i, t) in shard.terms.iter().enumerate().skip(start) {
                if t.as_str() > hi {
                    break;
                }
                out.push((s, i, t.as_str()));
            }
        }
        out
    }

    fn candidates(&self, w: &QueryTerm) -> Vec<Candidate<'_>> {
        let mut out: Vec<Candidate<'_>> = Vec::new();
        if let Some((s, i)) = self.lookup(&w.term) {
            let term = self.terms[s].as_ref().map(|t| t.terms[i].as_str()).unwrap_or("");
            out.push(Candidate { shard: s, index: i, term, weight: 1.0 });
        }
        let mut extra: Vec<Candidate<'_>> = Vec::new();
        if w.prefix {
            let m = prefix_floor(&w.text);
            for (s, i, t) in self.terms_in(&w.text[..m], &upper(&w.text)) {
                let surface_match = self.surface(s, i).is_some_and(|f| f.starts_with(&w.text));
                if t != w.term && (t.starts_with(&w.text) || w.text.starts_with(t) || surface_match) {
                    extra.push(Candidate { shard: s, index: i, term: t, weight: PREFIX_WEIGHT });
                }
            }
        }
        if w.max_edits > 0 {
            let k = self.fuzzy_fixed(&w.term);
            let fixed = &w.term[..k];
            for (s, i, t) in self.terms_in(fixed, &upper(fixed)) {
                if t == w.term || !t.starts_with(fixed) {
                    continue;
                }
                let mut d = osa_distance(t, &w.term, w.max_edits).min(osa_distance(t, &w.text, w.max_edits));
                if let Some(f) = self.surface(s, i) {
                    d = d.min(osa_distance(f, &w.text, w.max_edits));
                }
                if d <= w.max_edits {
                    let weight = TYPO_WEIGHT[usize::from(d.min(2))];
                    match extra.iter_mut().find(|c| c.term == t) {
                        Some(c) => c.weight = c.weight.max(weight),
                        None => extra.push(Candidate { shard: s, index: i, term: t, weight }),
                    }
                }
            }
        }
        if extra.len() > MAX_CANDIDATES {
            // Keep the best: by weight, then document frequency.
            debrief_sort::sort_by(&mut extra, |a, b| {
                b.weight
                    .total_cmp(&a.weight)
                    .then_with(|| self.postings(b.shard, b.index).0.len().cmp(&self.postings(a.shard, a.index).0.len()))
                    .then_with(|| a.term.cmp(b.term))
            });
            extra.truncate(MAX_CANDIDATES);
        }
        out.extend(extra);
        out
    }

    /// Documents matching one word, with scores, ascending.
    fn word_docs(&self, w: &QueryTerm, scratch: &mut [f32], terms: &mut Vec<String>) -> Vec<(u32, f32)> {
        let mut touched: Vec<u32> = Vec::new();
        for c in self.candidates(w) {
            let (docs, impacts) = self.postings(c.shard, c.index);
            terms.push(c.term.to_owned());
            let idf = self.idf(docs.len()) * c.weight;
            for (&d, &q) in docs.iter().zip(impacts) {
                let Some(slot) = scratch.get_mut(d as usize) else { continue };
                if *slot == 0.0 {
                    touched.push(d);
                }
                *slot = slot.max(idf * impact_to_f32(q));
            }
        }
        debrief_sort::sort(&mut touched);
        touched.dedup();
        touched
            .into_iter()
            .map(|d| {
                let s = std::mem::replace(&mut scratch[d as usize], 0.0);
                (d, s)
            })
            .collect()
    }

    /// Documents matching a phrase, with scores, ascending. Needs positions when longer
    /// than one word.
    fn phrase_docs(&self, p: &Phrase, terms: &mut Vec<String>) -> Vec<(u32, f32)> {
        let mut found = Vec::new();
        for (t, rel) in &p.terms {
            match self.lookup(t) {
                Some((s, i)) => found.push((s, i, *rel)),
                None => return Vec::new(),
            }
        }
        terms.extend(p.terms.iter().map(|(t, _)| t.clone()));
        // Intersect postings, remembering each term's posting index.
        let lists: Vec<(&[u32], &[u8])> = found.iter().map(|&(s, i, _)| self.postings(s, i)).collect();
        let idfs: Vec<f32> = lists.iter().map(|(d, _)| self.idf(d.len())).collect();
        let mut cursors = vec![0usize; lists.len()];
        let mut out = Vec::new();
        let Some(first) = lists.first() else { return out };
        'docs: for (k0, &d) in first.0.iter().enumerate() {
            cursors[0] = k0;
            for (j, (docs, _)) in lists.iter().enumerate().skip(1) {
                let c = &mut cursors[j];
                while *c < docs.len() && docs[*c] < d {
                    *c += 1;
                }
                if *c >= docs.len() || docs[*c] != d {
                    continue 'docs;
                }
            }
            if lists.len() > 1 && !self.positions_match(&found, &cursors) {
                continue;
            }
            let score: f32 =
                lists.iter().zip(&cursors).zip(&idfs).map(|(((_, imp), &c), idf)| idf * impact_to_f32(imp[c])).sum();
            out.push((d, score));
        }
        out
    }

    /// Whether the phrase terms (shard, index, relative position) at these posting indices
    /// appear in sequence in one field.
    fn positions_match(&self, found: &[(usize, usize, u32)], cursors: &[usize]) -> bool {
        let fields: Vec<Option<FieldPositions>> = found
            .iter()
            .zip(cursors)
            .map(|(&(s, i, _), &k)| {
                let lp = self.positions[s].as_ref()?;
                let off = *lp.offsets.get(i)?.get(k)? as usize;
                decode_fields(lp.data.get(i)?, off)
            })
            .collect();
        let Some(Some(first)) = fields.first() else { return false };
        for (field, starts) in first {
            'start: for &p in starts {
                let base = p.wrapping_sub(found[0].2);
                for (j, f) in fields.iter().enumerate().skip(1) {
                    let Some(f) = f else { return false };
                    let want = base.wrapping_add(found[j].2);
                    let ok = f.iter().any(|(fid, ps)| fid == field && ps.binary_search(&want).is_ok());
                    if !ok {
                        continue 'start;
                    }
                }
                return true;
            }
        }
        false
    }

    /// Answers `query`: every match counted, the best `limit` returned. Fails with
    /// [`Error::Missing`] when [`Searcher::needed`] files were not added.
    pub fn search(&self, query: &Query, limit: usize) -> Result<Results, Error> {
        let missing = self.needed(query);
        if !missing.is_empty() {
            return Err(Error::Missing(missing));
        }
        let n = self.manifest.doc_count as usize;
        let mut terms = Vec::new();
        let mut scratch = vec![0f32; n];
        let mut acc: Option<Vec<(u32, f32)>> = None;
        for w in &query.words {
            let docs = self.word_docs(w, &mut scratch, &mut terms);
            acc = Some(match acc {
                None => docs,
                Some(a) => intersect(&a, &docs),
            });
        }
        for p in &query.phrases {
            let docs = self.phrase_docs(p, &mut terms);
            acc = Some(match acc {
                None => docs,
                Some(a) => intersect(&a, &docs),
            });
        }
        let mut matched: Vec<(u32, f32)> = acc.unwrap_or_else(|| (0..n as u32).map(|d| (d, 0.0)).collect());
        // Filters.
        for (key, values) in &query.filters {
            let table = self.manifest.facets.iter().position(|f| &f.key == key).and_then(|i| self.facets[i].as_ref());
            let mut allowed: Vec<u32> = Vec::new();
            if let Some(t) = table {
                for (_, lower, docs) in &t.values {
                    if values.iter().any(|v| v == lower) {
                        allowed.extend_from_slice(docs);
                    }
                }
            }
            debrief_sort::sort(&mut allowed);
            allowed.dedup();
            matched.retain(|(d, _)| allowed.binary_search(d).is_ok());
        }
        // Time range: incidents that overlap it (ongoing ones run on).
        if let Some((from, to)) = query.within {
            let durations = self.durations.as_deref().unwrap_or(&[]);
            matched.retain(|(d, _)| {
                let (Some(&start), Some(&dur)) = (self.started.get(*d as usize), durations.get(*d as usize)) else {
                    return false;
                };
                start <= to && (dur < 0 || start.saturating_add(dur) >= from)
            });
        }
        // Exclusions.
        let mut excluded: Vec<u32> = Vec::new();
        for t in &query.excluded_terms {
            if let Some((s, i)) = self.lookup(t) {
                excluded.extend_from_slice(self.postings(s, i).0);
            }
        }
        for p in &query.excluded_phrases {
            let mut ignore = Vec::new();
            excluded.extend(self.phrase_docs(p, &mut ignore).into_iter().map(|(d, _)| d));
        }
        if !excluded.is_empty() {
            debrief_sort::sort(&mut excluded);
            matched.retain(|(d, _)| excluded.binary_search(d).is_err());
        }

        let matches: Vec<u32> = matched.iter().map(|(d, _)| *d).collect();
        let facet_counts = self.facet_counts(&matches, query);
        match query.effective_sort() {
            Sort::Relevance => debrief_sort::sort_by(&mut matched, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))),
            Sort::Newest => {}
            Sort::Longest => {
                let dur = |d: u32| self.durations.as_ref().and_then(|v| v.get(d as usize).copied()).unwrap_or(-1);
                debrief_sort::sort_by(&mut matched, |a, b| dur(b.0).cmp(&dur(a.0)).then(a.0.cmp(&b.0)));
            }
        }
        let total = matched.len();
        matched.truncate(limit);
        let hits: Vec<Hit> = matched.into_iter().map(|(doc, score)| Hit { doc, score }).collect();
        let mut needed_fragments: Vec<String> = Vec::new();
        for h in &hits {
            let name = self.fragment_file(h.doc);
            if !self.is_loaded(&name) && !needed_fragments.contains(&name) {
                needed_fragments.push(name);
            }
        }
        debrief_sort::sort(&mut terms);
        terms.dedup();
        Ok(Results { total, hits, matches, facet_counts, needed_fragments, terms })
    }

    fn facet_counts(&self, matches: &[u32], query: &Query) -> Vec<(String, Vec<(String, u32)>)> {
        let n = self.manifest.doc_count as usize;
        let mut bits = vec![0u64; n.div_ceil(64)];
        for &d in matches {
            bits[d as usize / 64] |= 1 << (d % 64);
        }
        let mut out = Vec::new();
        for key in FACET_KEYS {
            let Some(i) = self.manifest.facets.iter().position(|f| f.key == key) else { continue };
            let Some(table) = &self.facets[i] else { continue };
            let selected: &[String] =
                query.filters.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_slice()).unwrap_or(&[]);
            let mut counts = Vec::new();
            for (value, lower, docs) in &table.values {
                let c = docs.iter().filter(|&&d| bits[d as usize / 64] & (1 << (d % 64)) != 0).count() as u32;
                if c > 0 || selected.contains(lower) {
                    counts.push((value.clone(), c));
                }
            }
            out.push((key.to_owned(), counts));
        }
        out
    }

    /// Renders the first `n` hits: title, snippet from the best-matching passage. Fails
    /// with [`Error::Missing`] when [`Results::needed_fragments`] were not added.
    pub fn render(&self, results: &Results, n: usize) -> Result<Vec<ResultView>, Error> {
        let per = self.manifest.fragment_docs as usize;
        let mut missing = Vec::new();
        let mut out = Vec::new();
        for h in results.hits.iter().take(n) {
            let i = h.doc as usize / per;
            let Some((_, shard)) = self.fragments.iter().find(|(k, _)| *k == i) else {
                let name = self.fragment_name(i);
                if !missing.contains(&name) {
                    missing.push(name);
                }
                continue;
            };
            let Some(f) = shard.docs.get(h.doc as usize - i * per) else { continue };
            out.push(ResultView {
                id: f.id,
                doc: h.doc,
                url: f.url.clone(),
                title: f.title.clone(),
                title_html: snippet::highlight_all(&f.title, &results.terms, 400),
                severity: f.severity.clone(),
                started_display: f.started_display.clone(),
                services: f.services.clone(),
                snippet_html: snippet::best_passage(&[&f.summary, &f.excerpt], &results.terms),
            });
        }
        if missing.is_empty() { Ok(out) } else { Err(Error::Missing(missing)) }
    }
}

/// Smallest prefix of a typed prefix word whose terms may be stems of it.
fn prefix_floor(text: &str) -> usize {
    let n = text.chars().count();
    let want = (2 * n).div_ceil(3).max(2).min(n);
    text.char_indices().nth(want).map(|(i, _)| i).unwrap_or(text.len())
}

/// The largest string starting with `p` (for ranges).
fn upper(p: &str) -> String {
    format!("{p}\u{10FFFF}")
}

fn intersect(a: &[(u32, f32)], b: &[(u32, f32)]) -> Vec<(u32, f32)> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Positions per field of one posting: `(field, positions)`.
type FieldPositions = Vec<(u32, Vec<u32>)>;

/// Start offsets of each posting in a term's positions list, checking its structure.
fn posting_offsets(data: &[u32]) -> Result<Vec<u32>, Error> {
    let bad = || Error::Invalid { what: "positions shard", reason: "malformed positions".into() };
    let mut offsets = Vec::new();
    let mut off = 0usize;
    while off < data.len() {
        offsets.push(u32::try_from(off).map_err(|_| bad())?);
        let nfields = data[off] as usize;
        off += 1;
        if nfields > format::FIELDS.len() {
            return Err(bad());
        }
        for _ in 0..nfields {
            let (Some(&field), Some(&count)) = (data.get(off), data.get(off + 1)) else { return Err(bad()) };
            if field as usize >= format::FIELDS.len() {
                return Err(bad());
            }
            off = off.checked_add(2 + count as usize).ok_or_else(bad)?;
            if off > data.len() {
                return Err(bad());
            }
        }
    }
    Ok(offsets)
}

/// The positions per field of one posting starting at `off`.
fn decode_fields(data: &[u32], off: usize) -> Option<FieldPositions> {
    let nfields = *data.get(off)? as usize;
    let mut at = off + 1;
    let mut out = Vec::with_capacity(nfields);
    for _ in 0..nfields {
        let field = *data.get(at)?;
        let count = *data.get(at + 1)? as usize;
        let deltas = data.get(at + 2..at + 2 + count)?;
        let mut p = 0u32;
        let ps = deltas
            .iter()
            .map(|&d| {
                p = p.wrapping_add(d);
                p
            })
            .collect();
        out.push((field, ps));
        at += 2 + count;
    }
    Some(out)
}

/// Optimal-string-alignment distance (edits with adjacent transpositions), capped at
/// `max + 1`.
pub fn osa_distance(a: &str, b: &str, max: u8) -> u8 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let cap = usize::from(max) + 1;
    if a.len().abs_diff(b.len()) >= cap {
        return cap as u8;
    }
    let w = b.len() + 1;
    let mut prev2 = vec![0usize; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur = vec![0usize; w];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min >= cap {
            return cap as u8;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osa() {
        assert_eq!(osa_distance("kafka", "kafak", 2), 1);
        assert_eq!(osa_distance("certificate", "certficate", 2), 1);
        assert_eq!(osa_distance("abc", "abc", 1), 0);
        assert_eq!(osa_distance("abc", "xyz", 1), 2);
        assert_eq!(osa_distance("", "ab", 2), 2);
    }

    #[test]
    fn prefix_floor_is_two_thirds() {
        assert_eq!(prefix_floor("certifica"), 6);
        assert_eq!(prefix_floor("ka"), 2);
    }
}
