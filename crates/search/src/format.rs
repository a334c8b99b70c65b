//! The index format: the one set of types the builder writes and the engine reads.
//!
//! Every file is one of these types encoded with `postcard`. Integer lists are delta-coded
//! where noted (postcard writes each integer as a varint). Decoding checks the version, the
//! content hash carried in the file name and the structural invariants, and returns
//! [`Error`]s, never panics.
//!
//! Files (`N` = shard number, `H` = 8 hex digits of a 32-bit FNV-1a content hash):
//! - `search-H.bin`: [`Manifest`] (the only file a page must name).
//! - `t-N-H.bin`: [`TermShard`], a contiguous range of terms with their postings.
//! - `p-N-H.bin`: [`PositionsShard`], the word positions of the same terms (phrases only).
//! - `f-H-N.bin`: [`FragmentShard`], what a result shows, for `fragment_docs` documents.
//! - `facet-KEY-H.bin`: [`FacetTable`], value → documents, for one facet key.
//! - `meta-H.bin`: [`DocMeta`], start times and durations (sorting by duration).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The format version; a manifest with another version is refused.
pub const FORMAT_VERSION: u32 = 1;

/// The facet keys, in the order facet counts are reported.
pub const FACET_KEYS: [&str; 6] = ["severity", "service", "tag", "region", "compliance", "year"];

/// The text fields, in the order used by postings.
pub const FIELDS: [&str; 6] = ["title", "summary", "body", "timeline", "actions", "facets"];

/// The small file read first: what exists and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT_VERSION`].
    pub version: u32,
    /// Number of documents; document numbers are `0..doc_count`, newest first.
    pub doc_count: u32,
    /// Per text field: weight and average length (in tokens), as used for BM25F impacts.
    pub fields: Vec<FieldStats>,
    /// Term shards in term order; shard `i` holds terms from its first term up to (not
    /// including) the first term of shard `i + 1`.
    pub term_shards: Vec<ShardRef>,
    /// Documents per fragment shard.
    pub fragment_docs: u32,
    /// Content hash shared by all fragment shard names.
    pub fragment_hash: u32,
    /// Facet tables, one per key of [`FACET_KEYS`] that has values.
    pub facets: Vec<FacetRef>,
    /// Content hash of the [`DocMeta`] file.
    pub meta_hash: u32,
}

/// Statistics of one text field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldStats {
    /// Field weight in BM25F.
    pub weight: f32,
    /// Average length in tokens.
    pub avg_len: f32,
}

/// One term shard as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardRef {
    /// Bytes shared with the previous shard's first term (front coding).
    pub shared: u8,
    /// The rest of the first term.
    pub suffix: String,
    /// Content hash of the term shard and its positions shard together.
    pub hash: u32,
}

/// One facet table as listed in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetRef {
    /// The facet key (one of [`FACET_KEYS`]).
    pub key: String,
    /// Content hash of the table.
    pub hash: u32,
}

/// A range of terms with postings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermShard {
    /// The terms in order.
    pub terms: Vec<TermPostings>,
}

/// One term's postings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermPostings {
    /// Bytes shared with the previous term of the shard (front coding).
    pub shared: u8,
    /// The rest of the term.
    pub suffix: String,
    /// The most common unstemmed form when it differs from the term (`certif` →
    /// `certificate`), front-coded against the term: typo and prefix matching compare
    /// typed words with it.
    pub surface: Option<(u8, String)>,
    /// Document numbers, delta-coded (the first is absolute), strictly increasing.
    pub docs: Vec<u32>,
    /// Per document: the BM25F term-frequency factor, quantized to 1..=255 (see
    /// [`impact_to_f32`]); the IDF is applied at query time.
    pub impacts: Vec<u8>,
}

/// Word positions of the terms of one term shard (same order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositionsShard {
    /// Per term, per document of its postings: `field_count`, then per field
    /// `field, count, delta-coded positions…`.
    pub terms: Vec<Vec<u32>>,
}

/// What results show for a run of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FragmentShard {
    /// The first document number in this shard.
    pub first_doc: u32,
    /// The documents, in number order.
    pub docs: Vec<Fragment>,
}

/// What a result shows for one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    /// The caller's id ([`crate::SearchDoc::id`]).
    pub id: u32,
    /// Page URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Severity id.
    pub severity: String,
    /// The start time as shown.
    pub started_display: String,
    /// Services.
    pub services: Vec<String>,
    /// Plain text the snippet is cut from: the body, bounded by
    /// [`crate::IndexOptions::excerpt_bytes`].
    pub excerpt: String,
}

/// Facet values of one key with their documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetTable {
    /// The facet key.
    pub key: String,
    /// Values in display order (severity by rank, year newest first, others by count).
    pub values: Vec<FacetValue>,
}

/// One facet value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The value as written.
    pub value: String,
    /// The documents with this value.
    pub docs: DocSet,
}

/// A set of document numbers, in whichever encoding is smallest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DocSet {
    /// Delta-coded, strictly increasing (the first is absolute).
    Deltas(Vec<u32>),
    /// Runs of consecutive documents: `gap, length` pairs (gap from the previous run's end).
    Runs(Vec<u32>),
    /// One bit per document, least significant bit first.
    Bitmap(Vec<u8>),
}

impl DocSet {
    /// The smallest encoding of `docs` (ascending, distinct).
    pub fn encode(docs: &[u32]) -> DocSet {
        let mut deltas = Vec::with_capacity(docs.len());
        let mut prev = None;
        for &d in docs {
            deltas.push(prev.map_or(d, |p| d - p));
            prev = Some(d);
        }
        let mut runs = Vec::new();
        let mut next = 0u32; // first document after the previous run
        let mut i = 0;
        while i < docs.len() {
            let mut j = i + 1;
            while j < docs.len() && docs[j] == docs[j - 1] + 1 {
                j += 1;
            }
            runs.push(docs[i] - next);
            runs.push((j - i) as u32);
            next = docs[j - 1] + 1;
            i = j;
        }
        let mut bitmap = vec![0u8; docs.last().map_or(0, |&d| d as usize / 8 + 1)];
        for &d in docs {
            bitmap[d as usize / 8] |= 1 << (d % 8);
        }
        let options = [DocSet::Deltas(deltas), DocSet::Runs(runs), DocSet::Bitmap(bitmap)];
        let sizes: Vec<usize> = options.iter().map(|o| encode(o).len()).collect();
        let best = (0..3).min_by_key(|&k| sizes[k]).unwrap_or(0);
        options.into_iter().nth(best).unwrap_or(DocSet::Deltas(Vec::new()))
    }

    /// The document numbers, checked to be increasing and below `limit`.
    pub fn decode(&self, what: &'static str, limit: u32) -> Result<Vec<u32>, Error> {
        match self {
            DocSet::Deltas(d) => undelta(what, d, limit),
            DocSet::Runs(r) => {
                if r.len() % 2 != 0 {
                    return Err(invalid(what, "odd run list"));
                }
                let mut out = Vec::new();
                let mut next = 0u32;
                for pair in r.chunks_exact(2) {
                    let start = next.checked_add(pair[0]).ok_or_else(|| invalid(what, "run overflow"))?;
                    let end = start.checked_add(pair[1]).ok_or_else(|| invalid(what, "run overflow"))?;
                    if pair[1] == 0 || end > limit || (!out.is_empty() && pair[0] == 0) {
                        return Err(invalid(what, "bad run"));
                    }
                    out.extend(start..end);
                    next = end;
                }
                Ok(out)
            }
            DocSet::Bitmap(b) => {
                if b.len() > (limit as usize).div_ceil(8) {
                    return Err(invalid(what, "bitmap too long"));
                }
                let mut out = Vec::new();
                for (i, &byte) in b.iter().enumerate() {
                    for bit in 0..8 {
                        if byte & (1 << bit) != 0 {
                            let d = (i * 8 + bit) as u32;
                            if d >= limit {
                                return Err(invalid(what, "document number out of range"));
                            }
                            out.push(d);
                        }
                    }
                }
                Ok(out)
            }
        }
    }
}

/// Per-document numbers for sorting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Start times (unix seconds), delta-coded (`started[i-1] - started[i]`, never negative
    /// as documents are newest first; the first is absolute).
    pub started: Vec<i64>,
    /// Durations in seconds; `-1` when unknown (ongoing).
    pub duration: Vec<i64>,
}

/// The largest BM25 term-frequency factor (`k1 + 1`).
pub(crate) const K1: f32 = 1.2;

/// Turns a stored impact back into the BM25 term-frequency factor.
pub fn impact_to_f32(q: u8) -> f32 {
    f32::from(q) / 255.0 * (K1 + 1.0)
}

/// Quantizes a BM25 term-frequency factor (`0..k1+1`).
pub(crate) fn f32_to_impact(x: f32) -> u8 {
    let q = (x / (K1 + 1.0) * 255.0).round();
    q.clamp(1.0, 255.0) as u8
}

/// FNV-1a, 32 bits: the content hash in file names.
pub fn content_hash(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Name of the manifest with this content hash.
pub fn manifest_name(hash: u32) -> String {
    format!("search-{hash:08x}.bin")
}

/// Name of term shard `i`.
pub fn term_shard_name(i: usize, hash: u32) -> String {
    format!("t-{i}-{hash:08x}.bin")
}

/// Name of positions shard `i`.
pub fn positions_shard_name(i: usize, hash: u32) -> String {
    format!("p-{i}-{hash:08x}.bin")
}

/// Name of fragment shard `i`.
pub fn fragment_shard_name(i: usize, hash: u32) -> String {
    format!("f-{hash:08x}-{i}.bin")
}

/// Name of the facet table of `key`.
pub fn facet_name(key: &str, hash: u32) -> String {
    format!("facet-{key}-{hash:08x}.bin")
}

/// Name of the doc-meta file.
pub fn meta_name(hash: u32) -> String {
    format!("meta-{hash:08x}.bin")
}

pub(crate) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serializing these plain types into a Vec cannot fail.
    postcard::to_allocvec(value).unwrap_or_default()
}

pub(crate) fn decode<T: DeserializeOwned>(what: &'static str, bytes: &[u8]) -> Result<T, Error> {
    let (value, rest) = postcard::take_from_bytes(bytes).map_err(|e| Error::Decode { what, reason: e.to_string() })?;
    if !rest.is_empty() {
        return Err(Error::Invalid { what, reason: format!("{} trailing bytes", rest.len()) });
    }
    Ok(value)
}

fn invalid(what: &'static str, reason: impl Into<String>) -> Error {
    Error::Invalid { what, reason: reason.into() }
}

/// Undoes delta coding, checking the list is strictly increasing and below `limit`.
pub(crate) fn undelta(what: &'static str, deltas: &[u32], limit: u32) -> Result<Vec<u32>, Error> {
    let mut out = Vec::with_capacity(deltas.len());
    let mut prev: Option<u32> = None;
    for &d in deltas {
        let v = match prev {
            None => d,
            Some(p) => {
                if d == 0 {
                    return Err(invalid(what, "document list not increasing"));
                }
                p.checked_add(d).ok_or_else(|| invalid(what, "document number overflow"))?
            }
        };
        if v >= limit {
            return Err(invalid(what, "document number out of range"));
        }
        out.push(v);
        prev = Some(v);
    }
    Ok(out)
}

/// Undoes front coding of a sorted term list.
pub(crate) fn unfront<'a>(
    what: &'static str,
    items: impl Iterator<Item = (u8, &'a str)>,
) -> Result<Vec<String>, Error> {
    let mut out: Vec<String> = Vec::new();
    for (shared, suffix) in items {
        let prev = out.last().map(String::as_str).unwrap_or("");
        let shared = usize::from(shared);
        if shared > prev.len() || !prev.is_char_boundary(shared) {
            return Err(invalid(what, "bad shared prefix"));
        }
        let term = format!("{}{}", &prev[..shared], suffix);
        if out.last().is_some_and(|p| p.as_str() >= term.as_str()) {
            return Err(invalid(what, "terms not sorted"));
        }
        out.push(term);
    }
    Ok(out)
}

/// Front-codes `term` against `prev`.
pub(crate) fn front(prev: &str, term: &str) -> (u8, String) {
    let mut shared = prev.bytes().zip(term.bytes()).take_while(|(a, b)| a == b).count().min(255);
    while !term.is_char_boundary(shared) {
        shared -= 1;
    }
    (shared as u8, term[shared..].to_owned())
}

/// Most documents an index may hold (16.7 million; the engine keeps 4 bytes per document).
pub const MAX_DOCS: u32 = 1 << 24;

impl Manifest {
    /// Decodes and checks a manifest.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::Decode { what: "manifest", reason: "empty".into() });
        }
        let (version, _) = postcard::take_from_bytes::<u32>(bytes)
            .map_err(|e| Error::Decode { what: "manifest", reason: e.to_string() })?;
        if version != FORMAT_VERSION {
            return Err(Error::Version { found: version, expected: FORMAT_VERSION });
        }
        let m: Manifest = decode("manifest", bytes)?;
        if m.fields.len() != FIELDS.len() {
            return Err(invalid("manifest", "wrong number of fields"));
        }
        if m.fragment_docs == 0 {
            return Err(invalid("manifest", "fragment_docs is 0"));
        }
        // The engine keeps a score per document: a corrupt count must not ask for gigabytes
        // (found by fuzzing: 1.6 billion documents, a 6 GB allocation).
        if m.doc_count > MAX_DOCS {
            return Err(invalid("manifest", "more documents than an index may hold"));
        }
        if m.facets.iter().any(|f| !FACET_KEYS.contains(&f.key.as_str())) {
            return Err(invalid("manifest", "unknown facet key"));
        }
        unfront("manifest", m.term_shards.iter().map(|s| (s.shared, s.suffix.as_str())))?;
        Ok(m)
    }

    /// Encodes the manifest.
    pub fn encode(&self) -> Vec<u8> {
        encode(self)
    }

    /// The first term of every term shard.
    pub fn shard_first_terms(&self) -> Vec<String> {
        unfront("manifest", self.term_shards.iter().map(|s| (s.shared, s.suffix.as_str()))).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_sets_round_trip_in_every_encoding() {
        let cases: [&[u32]; 5] =
            [&[], &[0], &[3, 4, 5, 6, 7, 100, 101], &[1, 9, 17, 25, 1000], &[0, 2, 4, 6, 8, 10, 12, 14, 16]];
        for docs in cases {
            let set = DocSet::encode(docs);
            assert_eq!(set.decode("test", 2000).unwrap(), docs, "{set:?}");
            for other in [DocSet::Runs(vec![0, 3]), DocSet::Bitmap(vec![0xff; 300]), DocSet::Deltas(vec![5, 0])] {
                let _ = other.decode("test", 2000);
            }
        }
        assert!(matches!(DocSet::encode(&(10..200).collect::<Vec<_>>()), DocSet::Runs(_)));
        assert!(DocSet::Bitmap(vec![0xff; 300]).decode("test", 2000).is_err());
        assert!(DocSet::Runs(vec![1999, 5]).decode("test", 2000).is_err());
    }
}
