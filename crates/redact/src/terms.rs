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
    /// For every skeleton byte, the original byte range of the character it came from.
    origin: Vec<(usize, usize)>,
}

impl Skeleton {
    /// Builds the skeleton of `text`.
    pub fn new(text: &str) -> Skeleton {
        let mut sk = Skeleton { text: String::with_capacity(text.len()), origin: Vec::with_capacity(text.len()) };
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            let b = bytes[pos];
            if b.is_ascii() {
                // Fast path: one byte in, at most one byte out.
                if b.is_ascii_whitespace() {
                    sk.push_space(pos, pos + 1);
                } else if !is_emphasis_marker(b as char) {
                    sk.text.push(b.to_ascii_lowercase() as char);
                    sk.origin.push((pos, pos + 1));
                }
                pos += 1;
                continue;
            }
            let c = text[pos..].chars().next().unwrap_or(' ');
            let (start, end) = (pos, pos + c.len_utf8());
            pos = end;
            if is_ignorable(c) {
                continue;
            }
            if c.is_whitespace() {
                sk.push_space(start, end);
                continue;
            }
            unicode_normalization::char::decompose_compatible(c, |d| {
                for l in d.to_lowercase() {
                    if unicode_normalization::char::is_combining_mark(l) || is_ignorable(l) {
                        continue;
                    }
                    if l.is_whitespace() {
                        sk.push_space(start, end);
                    } else if !is_emphasis_marker(l) {
                        sk.push(fold_confusable(l), start, end);
                    }
                }
            });
        }
        sk
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.origin.push((start, end));
        }
    }

    fn push_space(&mut self, start: usize, end: usize) {
        if self.text.ends_with(' ') {
            if let Some(last) = self.origin.last_mut() {
                last.1 = end;
            }
        } else {
            self.push(' ', start, end);
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte range covered by skeleton byte range `r` (which must be non-empty).
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        self.origin[r.start].0..self.origin[r.end - 1].1
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

/// Finds any of many literal terms in one pass (Aho-Corasick over the skeleton).
#[derive(Debug, Clone)]
pub struct TermMatcher {
    ac: Option<AhoCorasick>,
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
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)
                    .expect("literal patterns build"),
            )
        };
        TermMatcher { ac, entries, whole_word: groups.iter().map(|(_, w)| *w).collect() }
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
