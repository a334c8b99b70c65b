//! Verbatim copies of the original (slow, obviously correct) text layer: the skeleton
//! with one origin entry per byte, the term matcher without a gate, `decode` and
//! `strip_tags` building new strings char by char. The fast paths in the crate must
//! give exactly the same results; `tests/fast_paths.rs` checks that.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use debrief_redact::terms::TermMatch;

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
pub struct RefSkeleton {
    text: String,
    /// For every skeleton byte, the original byte range of the character it came from.
    origin: Vec<(usize, usize)>,
}

impl RefSkeleton {
    /// Builds the skeleton of `text`.
    pub fn new(text: &str) -> RefSkeleton {
        let mut sk = RefSkeleton { text: String::with_capacity(text.len()), origin: Vec::with_capacity(text.len()) };
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
    RefSkeleton::new(text).as_str().trim().to_owned()
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

/// Finds any of many literal terms in one pass (Aho-Corasick over the skeleton).
#[derive(Debug, Clone)]
pub struct RefTermMatcher {
    ac: Option<AhoCorasick>,
    entries: Vec<Entry>,
    /// Whole-word matching applies to group `g` when `whole_word[g]` is true.
    whole_word: Vec<bool>,
}

impl RefTermMatcher {
    /// Builds a matcher from groups of terms. `whole_word[g]` says whether group `g` is
    /// matched as whole words (rule terms) or anywhere (scanner needles). A term whose
    /// normalised form is empty is ignored; if a normalised term occurs twice, the first
    /// occurrence (group, index) wins.
    pub fn new(groups: &[(Vec<String>, bool)]) -> RefTermMatcher {
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
        RefTermMatcher { ac, entries, whole_word: groups.iter().map(|(_, w)| *w).collect() }
    }

    /// True when no term was given.
    pub fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    /// Every match (possibly overlapping) in an already-built skeleton, in skeleton order.
    pub fn find_all_in(&self, sk: &RefSkeleton) -> Vec<TermMatch> {
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
        let mut all = self.find_all_in(&RefSkeleton::new(text));
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

/// Decodes HTML character references, JavaScript/JSON escapes and URL percent escapes.
/// Escapes that would produce a newline produce a space, so line numbers are kept.
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    let mut pending: Vec<u8> = Vec::new(); // percent-decoded bytes awaiting UTF-8 check
    let push_char = |out: &mut String, c: char| out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    while i < b.len() {
        // Percent escapes: collect a run, emit it if it is valid UTF-8.
        if b[i] == b'%' && hex2(b, i + 1).is_some() {
            let start = i;
            pending.clear();
            while i < b.len()
                && b[i] == b'%'
                && let Some(v) = hex2(b, i + 1)
            {
                pending.push(v);
                i += 3;
            }
            match std::str::from_utf8(&pending) {
                Ok(s) => s.chars().for_each(|c| push_char(&mut out, c)),
                Err(_) => out.push_str(&text[start..i]),
            }
            continue;
        }
        if b[i] == b'&'
            && let Some((c, len)) = entity(&text[i..])
        {
            push_char(&mut out, c);
            i += len;
            continue;
        }
        if b[i] == b'\\' && i + 1 < b.len() {
            match b[i + 1] {
                b'u' => {
                    if let Some((c, len)) = js_unicode(&text[i..]) {
                        push_char(&mut out, c);
                        i += len;
                        continue;
                    }
                }
                b'n' | b'r' | b't' => {
                    out.push(' ');
                    i += 2;
                    continue;
                }
                b'/' | b'"' | b'\'' | b'\\' => {
                    out.push(b[i + 1] as char);
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn hex2(b: &[u8], i: usize) -> Option<u8> {
    let h = |x: u8| (x as char).to_digit(16);
    if i + 1 < b.len() { Some((h(b[i])? * 16 + h(b[i + 1])?) as u8) } else { None }
}

/// Decodes `\uXXXX` (and a following low surrogate); returns the char and bytes consumed.
fn js_unicode(s: &str) -> Option<(char, usize)> {
    let hex4 = |t: &str| -> Option<u32> {
        let h = t.get(2..6)?;
        if t.starts_with("\\u") && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            u32::from_str_radix(h, 16).ok()
        } else {
            None
        }
    };
    let hi = hex4(s)?;
    if (0xD800..0xDC00).contains(&hi) {
        let lo = hex4(s.get(6..)?)?;
        if (0xDC00..0xE000).contains(&lo) {
            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            return char::from_u32(c).map(|c| (c, 12));
        }
        return None;
    }
    char::from_u32(hi).map(|c| (c, 6))
}

/// Decodes one HTML character reference at the start of `s`.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(40).position(|&b| b == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        char::from_u32(v)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{A0}',
            "shy" => '\u{AD}',
            "zwj" => '\u{200D}',
            "zwnj" => '\u{200C}',
            "lrm" => '\u{200E}',
            "rlm" => '\u{200F}',
            "ndash" => '–',
            "mdash" => '—',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "hellip" => '…',
            "commat" => '@',
            "period" => '.',
            "colon" => ':',
            "lowbar" => '_',
            "hyphen" | "dash" => '-',
            "plus" => '+',
            "num" => '#',
            "sol" => '/',
            "equals" => '=',
            "lpar" => '(',
            "rpar" => ')',
            "ast" => '*',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// Inline elements: removing them must join the text on either side.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "font",
];

/// Removes HTML tags (and comments): inline tags vanish, others become a space.
/// Newlines inside a tag are kept, so line numbers stay right.
pub fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let starts_tag =
            after.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        let end =
            if after.starts_with("!--") { after.find("-->").map(|e| e + 3) } else { after.find('>').map(|e| e + 1) };
        match (starts_tag, end) {
            (true, Some(end)) => {
                let tag = &after[..end];
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !INLINE_TAGS.contains(&name.as_str()) {
                    out.push(' ');
                }
                for _ in 0..tag.matches('\n').count() {
                    out.push('\n');
                }
                rest = &after[end..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
