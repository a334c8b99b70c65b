//! Literal term matching that cannot be dodged by formatting tricks.
//!
//! Text is first turned into a [`Skeleton`]: compatibility-decomposed (NFKD, so
//! full-width letters become ASCII), stripped of combining marks, lower-cased,
//! folded from common Cyrillic/Greek look-alikes to Latin, with zero-width and
//! soft-hyphen characters and Markdown emphasis markers (`*`, `~`, `` ` ``) removed
//! and every run of whitespace collapsed to one space. Each skeleton byte keeps the
//! byte range of the original character it came from, so matches found on the
//! skeleton map back to exact ranges of the original text.
//!
//! Terms are matched on the skeleton case-insensitively and as whole words (a term
//! edge that is a letter or digit must not touch another letter or digit; `_` and
//! `-` separate words). A possessive `'s` / `’s` after a term is kept, so
//! `Globex's` becomes `Customer 1's`.
//!
//! Speed: plain ASCII (most text) is copied to the skeleton eight bytes at a time, and
//! the map back to the original is kept in pieces (one per stretch that maps byte for
//! byte) instead of one entry per byte. Before the overlapping search, a Teddy (SIMD)
//! search says whether any term occurs at all; usually none does.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Characters that are invisible or formatting-only and removed from the skeleton.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM/RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}' // BOM / zero-width no-break space
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}' // tags
    )
}

/// Markdown inline markers that can split a word without being visible when rendered.
fn is_emphasis_marker(c: char) -> bool {
    matches!(c, '*' | '~' | '`')
}

/// Maps look-alike letters (already lower-cased) to the Latin letter they imitate.
fn fold_confusable(c: char) -> char {
    match c {
        // Cyrillic
        'а' => 'a',
        'в' => 'b',
        'с' => 'c',
        'ԁ' => 'd',
        'е' | 'ё' | 'є' => 'e',
        'һ' | 'н' => 'h',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'к' => 'k',
        'ӏ' => 'l',
        'м' => 'm',
        'о' => 'o',
        'р' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' => 't',
        'у' => 'y',
        'ԝ' => 'w',
        'х' => 'x',
        'ү' => 'y',
        // Greek
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'ζ' => 'z',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'μ' => 'm',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        // Latin oddities
        'ı' => 'i',
        'ȷ' => 'j',
        'ſ' => 's',
        _ => c,
    }
}

/// A normalised copy of a text with a map back to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct Skeleton {
    text: String,
    /// The map back to the original, in pieces sorted by skeleton offset; a piece covers
    /// the skeleton bytes up to the next piece (or the end). Plain ASCII text maps one
    /// to one, so a typical text needs few pieces.
    pieces: Vec<Piece>,
}

/// Skeleton bytes from `sk` on: with `identity`, byte `sk + k` comes from original byte
/// `start + k`; otherwise every byte comes from the original range `start..end`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    sk: usize,
    start: usize,
    end: usize,
    identity: bool,
}

/// Byte classes for the skeleton's fast path.
const PLAIN: u8 = 0; // ASCII, copied lower-cased
const SPACE: u8 = 1; // ASCII whitespace, becomes one space
const OTHER: u8 = 2; // emphasis marker or part of a non-ASCII character

const CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() {
            SPACE
        } else if matches!(c, b'*' | b'~' | b'`') {
            OTHER
        } else {
            PLAIN
        };
        b += 1;
    }
    t
};

/// What a [`PLAIN`] or [`SPACE`] byte becomes in the skeleton.
const FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() { b' ' } else { c.to_ascii_lowercase() };
        b += 1;
    }
    t
};

/// `word` lower-cased, and whether it ends with a space, if every byte of it is
/// printable ASCII other than an emphasis marker, or a space that follows no space
/// (`after_space`: whether the skeleton so far ends with a space). SWAR: `below` and
/// `is` set the high bit of exactly the bytes they are about, except that `is(c)` may
/// also mark a byte `c ^ 1` right after a `c`, which only sends the word to the slow
/// path (or, for a space, makes `after_space` wrongly true, which does the same).
fn plain_word(word: &[u8], after_space: bool) -> Option<([u8; 8], bool)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(word);
    let x = u64::from_le_bytes(bytes);
    let low7 = x & !HIGH;
    // An ASCII byte below `n`: its low 7 bits plus (0x80 - n) stay below the high bit.
    let below = |n: u8| !(low7 + ONES * u64::from(0x80 - n)) & !x & HIGH;
    let is = |c: u8| {
        let y = x ^ (ONES * u64::from(c));
        y.wrapping_sub(ONES) & !y & HIGH
    };
    let spaces = is(b' ');
    let follows_space = (spaces << 8) | if after_space { 0x80 } else { 0 };
    let bad = (x & HIGH) | below(0x20) | is(b'*') | is(b'~') | is(b'`') | is(0x7F) | (spaces & follows_space);
    if bad != 0 {
        return None;
    }
    // Upper-case letters (0x41..=0x5A): `| 0x20` lower-cases them.
    let upper = !below(0x41) & below(0x5B) & HIGH;
    Some(((x | (upper >> 2)).to_le_bytes(), spaces >> 63 == 1))
}

impl Skeleton {
    /// Builds the skeleton of `text`.
    pub fn new(text: &str) -> Skeleton {
        let mut out: Vec<u8> = Vec::with_capacity(text.len());
        let mut sk = Skeleton::default();
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            // Fast path: ASCII that maps one byte to one byte (anything but emphasis
            // markers and a whitespace that follows a space).
            let (run, at) = (pos, out.len());
            let mut after_space = out.last() == Some(&b' ');
            loop {
                // Eight bytes at a time while they are printable ASCII and single spaces...
                while let Some(word) = bytes.get(pos..pos + 8) {
                    let Some((lowered, ends_with_space)) = plain_word(word, after_space) else {
                        break;
                    };
                    out.extend_from_slice(&lowered);
                    after_space = ends_with_space;
                    pos += 8;
                }
                // ...then one byte at a time (branch-free: words and spaces alternate too
                // often to predict), for at most a word, or up to a byte that is not 1:1.
                let stop = bytes.len().min(pos + 8);
                while pos < stop {
                    let class = CLASS[bytes[pos] as usize];
                    if (class & OTHER) | (class & u8::from(after_space)) != 0 {
                        break;
                    }
                    out.push(FOLD[bytes[pos] as usize]);
                    after_space = class == SPACE;
                    pos += 1;
                }
                if pos < stop || pos == bytes.len() {
                    break;
                }
            }
            if pos > run {
                sk.map_identity(at, run);
                continue;
            }
            let b = bytes[pos];
            if b.is_ascii() {
                if b.is_ascii_whitespace() {
                    // A run of ASCII whitespace (indentation, blank lines) in one go:
                    // the space it becomes covers the whole run.
                    let run_end = pos + bytes[pos..].iter().take_while(|c| c.is_ascii_whitespace()).count();
                    sk.push_space(&mut out, pos, pos + 1);
                    if run_end > pos + 1 {
                        sk.push_space(&mut out, pos + 1, run_end);
                    }
                    pos = run_end;
                } else {
                    pos += 1; // an emphasis marker: dropped
                }
                continue;
            }
            let c = text[pos..].chars().next().unwrap_or(' ');
            let (start, end) = (pos, pos + c.len_utf8());
            pos = end;
            if is_ignorable(c) {
                continue;
            }
            if c.is_whitespace() {
                sk.push_space(&mut out, start, end);
                continue;
            }
            unicode_normalization::char::decompose_compatible(c, |d| {
                for l in d.to_lowercase() {
                    if unicode_normalization::char::is_combining_mark(l) || is_ignorable(l) {
                        continue;
                    }
                    if l.is_whitespace() {
                        sk.push_space(&mut out, start, end);
                    } else if !is_emphasis_marker(l) {
                        sk.push_char(&mut out, fold_confusable(l), start, end);
                    }
                }
            });
        }
        sk.text = String::from_utf8(out).expect("the skeleton is built from whole characters");
        sk
    }

    /// The next skeleton byte (at `at`) comes from original byte `start`, one to one.
    fn map_identity(&mut self, at: usize, start: usize) {
        if let Some(last) = self.pieces.last()
            && last.identity
            && last.start + (at - last.sk) == start
        {
            return;
        }
        self.pieces.push(Piece { sk: at, start, end: start + 1, identity: true });
    }

    /// Appends `c`, every byte of which comes from the original range `start..end`.
    fn push_char(&mut self, out: &mut Vec<u8>, c: char, start: usize, end: usize) {
        let at = out.len();
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        if end - start == 1 && c.len_utf8() == 1 {
            self.map_identity(at, start);
        } else if !self.pieces.last().is_some_and(|p| !p.identity && p.start == start && p.end == end) {
            self.pieces.push(Piece { sk: at, start, end, identity: false });
        }
    }

    fn push_space(&mut self, out: &mut Vec<u8>, start: usize, end: usize) {
        if out.last() != Some(&b' ') {
            self.push_char(out, ' ', start, end);
            return;
        }
        // Extend the original range of the space already there (the last skeleton byte).
        let at = out.len() - 1;
        let last = self.pieces.last_mut().expect("a skeleton byte has a piece");
        let from = if last.identity { last.start + (at - last.sk) } else { last.start };
        if last.sk == at {
            *last = Piece { sk: at, start: from, end, identity: false };
        } else {
            self.pieces.push(Piece { sk: at, start: from, end, identity: false });
        }
    }

    /// The original byte range that skeleton byte `i` comes from.
    fn origin(&self, i: usize) -> (usize, usize) {
        let p = &self.pieces[self.pieces.partition_point(|p| p.sk <= i) - 1];
        if p.identity {
            let o = p.start + (i - p.sk);
            (o, o + 1)
        } else {
            (p.start, p.end)
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte range covered by skeleton byte range `r` (which must be non-empty).
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        assert!(r.start < len && (1..=len).contains(&r.end), "skeleton range {r:?} out of bounds (length {len})");
        self.origin(r.start).0..self.origin(r.end - 1).1
    }
}

/// Normalises a term or needle the same way as [`Skeleton`], trimming outer whitespace.
pub fn normalize(text: &str) -> String {
    Skeleton::new(text).as_str().trim().to_owned()
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// One term to look for.
#[derive(Debug, Clone)]
struct Entry {
    /// Index of the owning group (rule).
    group: usize,
    /// 0-based index of the term within its group.
    index: usize,
    /// Whether the start / end of the normalised term is a word character.
    word_start: bool,
    word_end: bool,
}

/// A match of a term in some text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the group (rule) the term belongs to, in the order given to [`TermMatcher::new`].
    pub group: usize,
    /// 0-based index of the matched term in its group.
    pub index: usize,
    /// Byte range in the original text.
    pub range: Range<usize>,
}

/// How common a byte is in skeleton text (lower-cased English, HTML, numbers): higher is
/// more common. Used to pick the rarest part of each pattern for the [`Gate`].
fn commonness(b: u8) -> u32 {
    match b {
        b' ' => 255,
        b'e' | b't' | b'a' | b'o' | b'i' | b'n' => 200,
        b's' | b'r' | b'h' | b'l' | b'd' | b'c' | b'u' => 160,
        b'm' | b'f' | b'p' | b'g' | b'w' | b'y' | b'b' => 110,
        b'.' | b',' | b'-' | b'/' | b'0'..=b'9' => 90,
        b'a'..=b'z' => 60,
        0x80.. => 20,
        _ => 40,
    }
}

/// A quick "does any pattern occur?" test: a text holds a pattern exactly when a
/// leftmost search finds one, and a leftmost search for one piece of each pattern (a
/// text without any piece holds no pattern) is much faster than the overlapping search:
/// the piece is the rarest `width` bytes, so that common words do not keep it busy, and
/// up to 64 pieces Teddy (SIMD, in `aho_corasick::packed`) finds them; with more, a DFA.
#[derive(Debug, Clone)]
enum Gate {
    Teddy(aho_corasick::packed::Searcher),
    Dfa(AhoCorasick),
}

impl Gate {
    fn new(patterns: &[String]) -> Option<Gate> {
        let pieces = |width: usize| {
            let mut pieces: Vec<&[u8]> = patterns
                .iter()
                .map(|p| {
                    let p = p.as_bytes();
                    let w = width.min(p.len());
                    let score = |i: &usize| p[*i..*i + w].iter().map(|&b| commonness(b)).sum::<u32>();
                    let start = (0..=p.len() - w).min_by_key(score).unwrap_or(0);
                    &p[start..start + w]
                })
                .collect();
            pieces.sort_unstable();
            pieces.dedup();
            pieces
        };
        for width in [8, 6, 4, 3] {
            let pieces = pieces(width);
            if pieces.len() > 64 {
                continue;
            }
            let teddy = aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(&pieces)
                .build();
            if let Some(teddy) = teddy {
                return Some(Gate::Teddy(teddy));
            }
        }
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(pieces(8))
            .ok()
            .map(Gate::Dfa)
    }

    fn is_match(&self, text: &str) -> bool {
        match self {
            Gate::Teddy(t) => t.find(text).is_some(),
            Gate::Dfa(ac) => ac.is_match(text),
        }
    }
}

/// Finds any of many literal terms in one pass (Aho-Corasick over the skeleton).
#[derive(Debug, Clone)]
pub struct TermMatcher {
    ac: Option<AhoCorasick>,
    /// Finds out quickly that a text holds no pattern at all.
    gate: Option<Gate>,
    entries: Vec<Entry>,
    /// Whole-word matching applies to group `g` when `whole_word[g]` is true.
    whole_word: Vec<bool>,
}

impl TermMatcher {
    /// Builds a matcher from groups of terms. `whole_word[g]` says whether group `g` is
    /// matched as whole words (rule terms) or anywhere (scanner needles). A term whose
    /// normalised form is empty is ignored; if a normalised term occurs twice, the first
    /// occurrence (group, index) wins.
    pub fn new(groups: &[(Vec<String>, bool)]) -> TermMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        for (g, (terms, _)) in groups.iter().enumerate() {
            for (i, t) in terms.iter().enumerate() {
                let n = normalize(t);
                if n.is_empty() || patterns.contains(&n) {
                    continue;
                }
                entries.push(Entry {
                    group: g,
                    index: i,
                    word_start: n.chars().next().is_some_and(char::is_alphanumeric),
                    word_end: n.chars().next_back().is_some_and(char::is_alphanumeric),
                });
                patterns.push(n);
            }
        }
        let ac = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&patterns).expect("literal patterns build")
        });
        let gate = Gate::new(&patterns);
        TermMatcher { ac, gate, entries, whole_word: groups.iter().map(|(_, w)| *w).collect() }
    }

    /// True when no term was given.
    pub fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    /// Every match (possibly overlapping) in an already-built skeleton, in skeleton order.
    pub fn find_all_in(&self, sk: &Skeleton) -> Vec<TermMatch> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let s = sk.as_str();
        if self.gate.as_ref().is_some_and(|g| !g.is_match(s)) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(s) {
            let e = &self.entries[m.pattern().as_usize()];
            if self.whole_word[e.group] {
                if e.word_start && is_word_char(s[..m.start()].chars().next_back()) {
                    continue;
                }
                if e.word_end && is_word_char(s[m.end()..].chars().next()) {
                    continue;
                }
            }
            out.push(TermMatch { group: e.group, index: e.index, range: sk.original_range(m.start()..m.end()) });
        }
        out
    }

    /// Non-overlapping matches in `text` (earliest, then longest, wins), sorted.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut all = self.find_all_in(&Skeleton::new(text));
        all.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        let mut out: Vec<TermMatch> = Vec::new();
        for m in all {
            if out.last().is_none_or(|last| m.range.start >= last.range.end) {
                out.push(m);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(terms: &[&str]) -> TermMatcher {
        TermMatcher::new(&[(terms.iter().map(|s| s.to_string()).collect(), true)])
    }

    fn found<'a>(m: &TermMatcher, text: &'a str) -> Vec<(&'a str, usize)> {
        m.find(text).into_iter().map(|x| (&text[x.range], x.index)).collect()
    }

    #[test]
    fn case_insensitive_whole_word() {
        let m = matcher(&["Globex", "Umbrella Health"]);
        assert_eq!(found(&m, "GLOBEX and globex"), vec![("GLOBEX", 0), ("globex", 0)]);
        assert!(found(&m, "Globextra and MegaGlobex").is_empty());
        assert_eq!(found(&m, "snake_globex-db"), vec![("globex", 0)]);
        assert_eq!(found(&m, "umbrella health."), vec![("umbrella health", 1)]);
        assert!(found(&m, "Umbrella Healthcare").is_empty());
    }

    #[test]
    fn possessives() {
        let m = matcher(&["Globex"]);
        assert_eq!(found(&m, "Globex's outage"), vec![("Globex", 0)]);
        assert_eq!(found(&m, "Globex’s outage"), vec![("Globex", 0)]);
    }

    #[test]
    fn zero_width_and_soft_hyphen() {
        let m = matcher(&["Globex"]);
        for text in ["Glo\u{200B}bex", "G\u{200C}l\u{200D}obex", "Glob\u{2060}ex", "\u{FEFF}Globex", "Glo\u{00AD}bex"] {
            assert_eq!(found(&m, text).len(), 1, "{text:?}");
            assert_eq!(m.find(text)[0].range.end, text.len());
        }
    }

    #[test]
    fn full_width_and_lookalikes() {
        let m = matcher(&["Globex"]);
        assert_eq!(found(&m, "ＧＬＯＢＥＸ inc").len(), 1);
        assert_eq!(found(&m, "Glоbеx").len(), 1); // Cyrillic о and е
        assert_eq!(found(&m, "GLΟΒΕΧ").len(), 1); // Greek capitals
        assert_eq!(found(&m, "Glóbex").len(), 1); // combining accent
        assert_eq!(found(&m, "Glo\u{301}bex").len(), 1);
    }

    #[test]
    fn markdown_emphasis_split() {
        let m = matcher(&["Globex"]);
        let text = "Glo**bex** and **Globex** and ~~Glo~~bex and `Globex`";
        let hits = found(&m, text);
        assert_eq!(hits.len(), 4, "{hits:?}");
        assert_eq!(hits[0].0, "Glo**bex");
        assert_eq!(hits[1].0, "Globex");
    }

    #[test]
    fn multi_word_across_whitespace() {
        let m = matcher(&["Umbrella Health"]);
        assert_eq!(found(&m, "Umbrella\n  Health"), vec![("Umbrella\n  Health", 0)]);
        assert_eq!(found(&m, "Umbrella\t**Health**"), vec![("Umbrella\t**Health", 0)]);
        assert_eq!(found(&m, "Umbrella\u{00A0}Health").len(), 1);
    }

    #[test]
    fn overlapping_terms_prefer_longest_valid() {
        let m = matcher(&["Umbrella", "Umbrella Health"]);
        assert_eq!(found(&m, "Umbrella Health"), vec![("Umbrella Health", 1)]);
        assert_eq!(found(&m, "Umbrella Healthcare"), vec![("Umbrella", 0)]);
    }

    #[test]
    fn needles_anywhere() {
        let m = TermMatcher::new(&[(vec!["secret plan".into()], false)]);
        assert_eq!(m.find("thesecret planned").len(), 1);
    }

    #[test]
    fn skeleton_maps_back() {
        let sk = Skeleton::new("A\u{200B}b  *C*");
        assert_eq!(sk.as_str(), "ab c");
        assert_eq!(sk.original_range(0..4), 0..9);
    }
}
