//! The tokenizer shared by the index builder, the query parser and the snippet highlighter.
//!
//! Rules, in order:
//! - A raw token is a run of letters/digits joined by `-`, `.`, `_` or an apostrophe
//!   (`eu-west-1`, `v3.5`, `x509`, `customer's`); everything else separates tokens.
//! - Terms are lowercased and Latin diacritics are folded (`é` → `e`, `ß` → `ss`); combining
//!   marks are dropped. Apostrophes are removed (a trailing `'s` first).
//! - Versions and numbers (`3.5.2`, `v3.5`, `99.9`) stay one token.
//! - Other joined tokens (`eu-west-1`, `checkout-api`) are indexed whole (unstemmed) **and**
//!   as their parts, at consecutive positions, so both `eu-west-1` and `west` find them and a
//!   phrase `"eu west"` matches. Mixed-case words split the same way at case changes
//!   (`OOMKilled` → `oomkilled` + `oom`, `kill`; `CrashLoopBackOff`).
//! - Plain words of ASCII letters get Porter2 stemming; anything with a digit (`p99`, `k8s`,
//!   `502`) does not. A tiny stop-word list is skipped (positions still advance).
//! - Terms longer than [`MAX_TERM_LEN`] bytes (hashes, base64) are dropped.

use crate::stem::stem;

/// Longest term kept, in bytes.
pub const MAX_TERM_LEN: usize = 40;

/// The stop words: never indexed, ignored in queries.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "into", "is", "it",
    "its", "of", "on", "or", "that", "the", "their", "then", "there", "this", "to", "was", "were", "will", "with",
];

/// Whether `word` (lowercase) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    word.len() <= 5 && STOP_WORDS.binary_search(&word).is_ok()
}

/// What a token stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A plain word or code.
    Word,
    /// A joined token kept whole (`eu-west-1`); its parts follow as [`TokenKind::Part`].
    Whole,
    /// One part of a joined token.
    Part,
}

/// One term with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The index term (folded, lowercased, maybe stemmed).
    pub term: String,
    /// Word position (a [`TokenKind::Whole`] token shares the position of its first part).
    pub position: u32,
    /// Byte range in the input text.
    pub start: usize,
    /// End of the byte range in the input text.
    pub end: usize,
    /// What the token stands for.
    pub kind: TokenKind,
}

/// Tokenizes `text` into index terms.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_with(text, |t| out.push(t));
    out
}

/// The terms of `text`, in order (a convenience over [`tokenize`]).
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.term).collect()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '\'' | '\u{2019}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || is_combining(c)
}

/// Whether a non-ASCII character is punctuation, a symbol, a space or a control (not
/// part of a word): Latin-1 punctuation, the general punctuation, symbol, arrow, maths,
/// box-drawing and dingbat blocks, CJK and fullwidth punctuation, private use, emoji.
/// Everything else (letters of any script, their digits and marks) is a word character.
///
/// Not `char::is_alphanumeric`: its tables cost the WebAssembly bundle several KB. The
/// index builder and the engine both use this, so they split text the same way.
fn is_separator(u: u32) -> bool {
    matches!(u,
        0x80..=0xA9 | 0xAB..=0xB4 | 0xB6..=0xB9 | 0xBB..=0xBF | 0xD7 | 0xF7
        | 0x1680 | 0x2000..=0x215F | 0x2190..=0x24B5 | 0x24EA..=0x2BFF | 0x2E00..=0x2E7F
        | 0x3000..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0xD800..=0xF8FF | 0xFE00..=0xFE0F
        | 0xFE10..=0xFE6F | 0xFEFF | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65 | 0xFFF0..=0xFFFF | 0x1F000..=0x1FAFF | 0xE0000..=0xE007F)
}

/// A letter or digit (ASCII exactly; other scripts as [`is_separator`] leaves them).
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { !is_separator(c as u32) }
}

/// A letter (ASCII exactly; other scripts as [`is_alphanumeric`]).
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() } else { !is_separator(c as u32) }
}

/// Calls `emit` for every token of `text`, in order.
pub fn tokenize_with(text: &str, mut emit: impl FnMut(Token)) {
    Scanner::<false>::default().scan(text, |term, _, position, start, end, kind| {
        emit(Token { term: term.to_owned(), position, start, end, kind })
    });
}

/// A fast, reusable tokenizer that hands out borrowed terms; with `CACHE` it also caches
/// stems (the builder, over many documents). [`tokenize_with`] is the same algorithm
/// without the cache (the browser's queries: no hash map in the bundle).
#[derive(Default)]
pub(crate) struct Scanner<const CACHE: bool> {
    stems: std::collections::HashMap<String, u32, crate::build::FxBuild>,
    stem_list: Vec<String>,
    buf: String,
    last: String,
}

/// One segment of a raw token: its byte range and its folded text.
struct Segment {
    start: usize,
    end: usize,
    folded: String,
}

fn needs_camel_split(b: &[u8]) -> bool {
    (1..b.len()).any(|i| {
        b[i].is_ascii_uppercase()
            && (b[i - 1].is_ascii_lowercase()
                || (b[i - 1].is_ascii_uppercase() && b.get(i + 1).is_some_and(u8::is_ascii_lowercase)))
    })
}

impl<const CACHE: bool> Scanner<CACHE> {
    /// Calls `emit(term, surface, position, start, end, kind)` for every token of `text`;
    /// `surface` is the folded, unstemmed word.
    pub(crate) fn scan(&mut self, text: &str, mut emit: impl FnMut(&str, &str, u32, usize, usize, TokenKind)) {
        let mut position = 0u32;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() && !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else { break };
            if !is_alphanumeric(c) {
                i += c.len_utf8();
                continue;
            }
            // A raw token: word chars and joiners, ending on a word char.
            let start = i;
            let mut last_word_end = start;
            let mut simple = true;
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii_alphanumeric() {
                    i += 1;
                    last_word_end = i;
                    continue;
                }
                if b.is_ascii() {
                    if is_joiner(b as char) {
                        simple = false;
                        i += 1;
                        continue;
                    }
                    break;
                }
                let Some(c) = text[i..].chars().next() else { break };
                if is_word_char(c) {
                    simple = false;
                    i += c.len_utf8();
                    last_word_end = i;
                } else if is_joiner(c) {
                    simple = false;
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            let raw = &bytes[start..last_word_end];
            if (simple || raw.iter().all(u8::is_ascii_alphanumeric)) && !needs_camel_split(raw) {
                self.buf.clear();
                self.buf.extend(raw.iter().map(|b| b.to_ascii_lowercase() as char));
                let folded = std::mem::take(&mut self.buf);
                if let Some(term) = self.word_term(&folded) {
                    emit(term, &folded, position, start, last_word_end, TokenKind::Word);
                }
                self.buf = folded;
                position += 1;
                continue;
            }
            self.raw_token(text, start, last_word_end, &mut position, &mut emit);
        }
    }

    /// The index term of one folded word: stop words and over-long words give `None`.
    fn word_term(&mut self, folded: &str) -> Option<&str> {
        if folded.len() > MAX_TERM_LEN || is_stop_word(folded) {
            return None;
        }
        if !CACHE {
            self.last = stem(folded);
            return Some(&self.last);
        }
        if let Some(&i) = self.stems.get(folded) {
            return self.stem_list.get(i as usize).map(String::as_str);
        }
        if self.stems.len() > 500_000 {
            self.stems.clear();
            self.stem_list.clear();
        }
        self.stems.insert(folded.to_owned(), self.stem_list.len() as u32);
        self.stem_list.push(stem(folded));
        self.stem_list.last().map(String::as_str)
    }

    fn raw_token(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
        position: &mut u32,
        emit: &mut impl FnMut(&str, &str, u32, usize, usize, TokenKind),
    ) {
        let raw = &text[start..end];
        // Split into segments at joiners (apostrophes only remove) and camel-case changes.
        let mut segments: Vec<Segment> = Vec::new();
        let mut whole = String::with_capacity(raw.len());
        let mut cur = Segment { start, end: start, folded: String::new() };
        let chars: Vec<(usize, char)> = raw.char_indices().map(|(i, c)| (i + start, c)).collect();
        let mut skip_s = false;
        for (k, &(i, c)) in chars.iter().enumerate() {
            if skip_s {
                skip_s = false;
                cur.end = i + c.len_utf8();
                continue;
            }
            if is_apostrophe(c) {
                // `customer's` → `customer`; `don't` → `dont`.
                let next = chars.get(k + 1).map(|&(_, c)| c);
                let after = chars.get(k + 2).map(|&(_, c)| c);
                if matches!(next, Some('s' | 'S')) && after.is_none_or(is_joiner) {
                    skip_s = true;
                }
                continue;
            }
            if is_joiner(c) {
                if !cur.folded.is_empty() {
                    segments.push(std::mem::replace(&mut cur, Segment { start: i, end: i, folded: String::new() }));
                }
                if !whole.is_empty() && !whole.ends_with(is_joiner) {
                    whole.push(c);
                }
                cur.start = i + c.len_utf8();
                continue;
            }
            // Camel-case boundary: aB, or ABc (before B).
            // ASCII only: identifiers are, and it keeps Unicode case tables out of the bundle.
            if c.is_ascii_uppercase() && !cur.folded.is_empty() && k > 0 {
                let prev = chars[k - 1].1;
                let next_lower = chars.get(k + 1).is_some_and(|&(_, n)| n.is_ascii_lowercase());
                if prev.is_ascii_lowercase() || (prev.is_ascii_uppercase() && next_lower) {
                    segments.push(std::mem::replace(&mut cur, Segment { start: i, end: i, folded: String::new() }));
                }
            }
            let before = cur.folded.len();
            fold_into(c, &mut cur.folded);
            whole.push_str(&cur.folded[before..]);
            cur.end = i + c.len_utf8();
        }
        if !cur.folded.is_empty() {
            segments.push(cur);
        }
        let whole = whole.trim_end_matches(is_joiner).to_owned();
        if segments.is_empty() {
            return;
        }
        let numeric = segments.iter().enumerate().all(|(k, s)| {
            let t = if k == 0 { s.folded.strip_prefix('v').unwrap_or(&s.folded) } else { &s.folded };
            !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
        });
        if numeric && segments.len() > 1 {
            if whole.len() <= MAX_TERM_LEN {
                emit(&whole, &whole, *position, start, end, TokenKind::Word);
            }
            *position += 1;
            return;
        }
        if segments.len() == 1 {
            if let Some(term) = self.word_term(&segments[0].folded) {
                emit(term, &segments[0].folded, *position, start, end, TokenKind::Word);
            }
            *position += 1;
            return;
        }
        if whole.len() <= MAX_TERM_LEN {
            emit(&whole, &whole, *position, start, end, TokenKind::Whole);
        }
        for seg in &segments {
            if let Some(term) = self.word_term(&seg.folded) {
                emit(term, &seg.folded, *position, seg.start, seg.end, TokenKind::Part);
            }
            *position += 1;
        }
    }
}

/// Folds one character: lowercase, Latin diacritics removed, combining marks dropped.
pub fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_combining(c) {
        return;
    }
    if let Some(s) = fold_latin(c) {
        out.push_str(s);
        return;
    }
    out.push(lower_char(c));
}

/// Lowercases one character for the scripts incident reports use: Latin (with Latin-1,
/// Extended-A and Extended Additional), Greek, Cyrillic, Armenian, Georgian, fullwidth
/// Latin, Roman numerals and circled letters. Other characters are returned unchanged.
///
/// Not `char::to_lowercase`: its tables cost the WebAssembly bundle about 15 KB. The
/// index builder and the engine both use this function, so they always agree.
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    if u < 0x80 {
        return c.to_ascii_lowercase();
    }
    let even_upper = |lo: u32, hi: u32| (lo..=hi).contains(&u) && u.is_multiple_of(2);
    let odd_upper = |lo: u32, hi: u32| (lo..=hi).contains(&u) && !u.is_multiple_of(2);
    let lower = match u {
        0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        0x130 => 0x69,
        0x178 => 0xFF,
        _ if even_upper(0x100, 0x12F) || even_upper(0x132, 0x137) || even_upper(0x14A, 0x177) => u + 1,
        _ if odd_upper(0x139, 0x148) || odd_upper(0x179, 0x17E) => u + 1,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 0x3F,
        0x391..=0x3A1 | 0x3A3..=0x3AB => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        0x4C0 => 0x4CF,
        _ if even_upper(0x460, 0x481) || even_upper(0x48A, 0x4BF) || even_upper(0x4D0, 0x52F) => u + 1,
        _ if odd_upper(0x4C1, 0x4CE) => u + 1,
        0x531..=0x556 => u + 0x30,
        0x10A0..=0x10C5 => u + 0x1C60,
        _ if even_upper(0x1E00, 0x1E95) || even_upper(0x1EA0, 0x1EFF) => u + 1,
        0x2160..=0x216F => u + 0x10,
        0x24B6..=0x24CF => u + 0x1A,
        0xFF21..=0xFF3A => u + 0x20,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Lowercases a string with [`lower_char`] (facet values, filters).
pub fn lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// Folds a whole string (as [`fold_into`] per character).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_into(c, &mut out);
    }
    out
}

fn fold_latin(c: char) -> Option<&'static str> {
    let u = c as u32;
    Some(match u {
        0xC0..=0xC5 | 0xE0..=0xE5 | 0x100..=0x105 => "a",
        0xC6 | 0xE6 => "ae",
        0xC7 | 0xE7 | 0x106..=0x10D => "c",
        0xC8..=0xCB | 0xE8..=0xEB | 0x112..=0x11B => "e",
        0xCC..=0xCF | 0xEC..=0xEF | 0x128..=0x131 => "i",
        0xD0 | 0xF0 | 0x10E..=0x111 => "d",
        0xD1 | 0xF1 | 0x143..=0x14B => "n",
        0xD2..=0xD6 | 0xD8 | 0xF2..=0xF6 | 0xF8 | 0x14C..=0x151 => "o",
        0xD9..=0xDC | 0xF9..=0xFC | 0x168..=0x173 => "u",
        0xDD | 0xFD | 0xFF | 0x176..=0x178 => "y",
        0xDE | 0xFE => "th",
        0xDF => "ss",
        0x11C..=0x123 => "g",
        0x124..=0x127 => "h",
        0x132 | 0x133 => "ij",
        0x134 | 0x135 => "j",
        0x136..=0x138 => "k",
        0x139..=0x142 => "l",
        0x152 | 0x153 => "oe",
        0x154..=0x159 => "r",
        0x15A..=0x161 | 0x17F => "s",
        0x162..=0x167 => "t",
        0x174 | 0x175 => "w",
        0x179..=0x17E => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        terms(s)
    }

    #[test]
    fn lower_char_agrees_with_unicode_on_the_scripts_it_covers() {
        let ranges =
            [(0xC0u32, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x531, 0x556), (0x1E00, 0x1EFF), (0xFF21, 0xFF3A)];
        let mut checked = 0;
        for (lo, hi) in ranges {
            for u in lo..=hi {
                let Some(c) = char::from_u32(u) else { continue };
                let mut std = c.to_lowercase();
                let (Some(l), None) = (std.next(), std.next()) else { continue };
                let ours = lower_char(c);
                // Where ours changes a character, it agrees with Unicode.
                if ours != c {
                    assert_eq!(ours, l, "U+{u:04X}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 400, "{checked}");
        assert_eq!(lower("ÉTAT Ωμέγα ПРИВЕТ Ｆｕｌｌ"), "état ωμέγα привет ｆｕｌｌ");
    }

    #[test]
    fn word_characters_agree_with_unicode_on_common_text() {
        // Letters and digits of many scripts, and the punctuation around them.
        for c in "aZ09éßøŁżΩωЖжԱաאبअ中日한ひカ٣१".chars() {
            assert!(is_alphanumeric(c), "{c}");
        }
        for c in " \u{a0}\u{2009}—–…“”‘’•·×÷§©®°±€£¥→⇒✓✗★←↑∞≤≥「」。、，！？：；（）\u{200b}\u{feff}🔥😀".chars()
        {
            assert!(!is_alphanumeric(c), "U+{:04X}", c as u32);
            assert!(!c.is_alphanumeric(), "U+{:04X} is not alphanumeric in Unicode either", c as u32);
        }
        assert!(is_letter('é') && !is_letter('1') && is_letter('Ж'));
    }

    #[test]
    fn stop_words_sorted() {
        let mut sorted = STOP_WORDS.to_vec();
        debrief_sort::sort(&mut sorted);
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn lowercase_and_stem() {
        assert_eq!(t("The Certificates EXPIRED"), ["certif", "expir"]);
    }

    #[test]
    fn diacritics_folded() {
        assert_eq!(t("Café résumé naïve Straße"), ["cafe", "resum", "naiv", "strass"]);
        assert_eq!(t("cafe\u{301}"), ["cafe"]);
    }

    #[test]
    fn regions_whole_and_parts() {
        let toks = tokenize("in eu-west-1 today");
        let v: Vec<(&str, u32, TokenKind)> = toks.iter().map(|t| (t.term.as_str(), t.position, t.kind)).collect();
        assert_eq!(
            v,
            [
                ("eu-west-1", 1, TokenKind::Whole),
                ("eu", 1, TokenKind::Part),
                ("west", 2, TokenKind::Part),
                ("1", 3, TokenKind::Part),
                ("today", 4, TokenKind::Word)
            ]
        );
    }

    #[test]
    fn versions_and_codes() {
        assert_eq!(t("upgraded to v3.5 then 3.5.2."), ["upgrad", "v3.5", "3.5.2"]);
        assert_eq!(t("p99 latency"), ["p99", "latenc"]);
        assert_eq!(t("x509 k8s"), ["x509", "k8s"]);
        assert_eq!(t("HTTP 502 errors"), ["http", "502", "error"]);
        assert_eq!(t("OOM"), ["oom"]);
    }

    #[test]
    fn camel_case() {
        assert_eq!(t("OOMKilled"), ["oomkilled", "oom", "kill"]);
        assert_eq!(t("CrashLoopBackOff"), ["crashloopbackoff", "crash", "loop", "back", "off"]);
        assert_eq!(t("Kafka"), ["kafka"]);
    }

    #[test]
    fn apostrophes() {
        assert_eq!(t("customer's didn't"), ["custom", "didnt"]);
    }

    #[test]
    fn byte_ranges_point_into_input() {
        let text = "Ünïcode checkout-api: ok";
        for tok in tokenize(text) {
            assert!(text.is_char_boundary(tok.start) && text.is_char_boundary(tok.end));
        }
        let toks = tokenize(text);
        assert_eq!(&text[toks[1].start..toks[1].end], "checkout-api");
    }

    #[test]
    fn punctuation_only() {
        assert!(t("--- ... !!").is_empty());
        assert!(t("").is_empty());
    }
}
