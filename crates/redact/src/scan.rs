//! The leak scanner: the fail-closed check over a finished output folder.
//!
//! Every file under the folder is read (recursively, in sorted order, without
//! following symbolic links); `.gz` and `.br` files are decompressed. File names are checked
//! too. Text files are searched in two normalised copies — one with HTML entities,
//! JavaScript/JSON `\uXXXX` escapes and `%XX` URL escapes decoded, and one that also
//! has HTML tags stripped (so `Glo<em>bex</em>` and `Glob&#101;x` are found) — for
//! every literal term, every pattern rule, every enabled built-in detector and every
//! extra needle (sentences of removed sections and private blocks). Binary files
//! (images, fonts) are searched as lossy UTF-8 for terms, and their printable strings
//! (runs of at least [`MIN_BINARY_STRING`] characters: metadata, embedded text) with
//! every rule and detector. Files debrief produces itself in a binary format (the
//! WebAssembly bundle, the search index, the timeline data) are scanned with
//! [`LeakScanner::scan_own_binary`]: terms in the bytes, and everything in the decoded
//! strings the caller gives (their varint framing would otherwise read as addresses).
//!
//! A [`Leak`] names the file, the rule and the line; it never carries the secret.
//!
//! Speed: files are read and scanned in parallel (rayon). Text without escapes is not
//! copied to be "decoded", and text without tags is not searched a second time (its
//! stripped copy would be the same text); the line index is only built for a hit.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::redactor::{Hit, Redactor};
use crate::terms::{Skeleton, TermMatcher, normalize};

/// Needles shorter than this (in normalised characters) are ignored: too likely to
/// occur by chance.
pub const MIN_NEEDLE_CHARS: usize = 12;

/// Printable runs shorter than this in a binary file are not scanned with the detectors:
/// compressed pixels hold short printable runs by chance.
pub const MIN_BINARY_STRING: usize = 8;

/// File extensions treated as binary (searched for terms only).
const BINARY_EXTENSIONS: &[&str] = &[
    "wasm", "bin", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", "tif", "tiff", "woff", "woff2", "ttf",
    "otf", "eot", "pdf", "zip", "br", "zst", "mp4", "webm", "mp3", "ogg",
];

/// A leak found in the output. Holds no part of the leaked text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Leak {
    /// Path of the file, relative to the scanned folder (for a `.gz` file, its own name).
    pub file: PathBuf,
    /// The rule, detector or needle group that matched.
    pub rule: String,
    /// 1-based line in the (decompressed) file; 0 for a match in the file name.
    pub line: usize,
}

/// Scans output folders for anything a [`Redactor`] would redact, plus extra needles.
#[derive(Debug, Clone)]
pub struct LeakScanner {
    redactor: Redactor,
    /// Term rules (whole word, one group per rule) followed by needles (one group each).
    matcher: TermMatcher,
    /// Rule name for each matcher group.
    group_rules: Vec<String>,
    /// Number of leading groups that are term rules (used for binary files).
    term_groups: usize,
}

impl LeakScanner {
    /// Builds a scanner. `extra_needles` are `(rule, sentence)` pairs, matched
    /// case-insensitively anywhere with whitespace collapsed; sentences shorter than
    /// [`MIN_NEEDLE_CHARS`] characters after normalisation are ignored. Pass plain text
    /// (as rendered), not Markdown syntax.
    pub fn new(redactor: &Redactor, extra_needles: Vec<(String, String)>) -> LeakScanner {
        let mut groups: Vec<(Vec<String>, bool)> = Vec::new();
        let mut group_rules = Vec::new();
        for r in &redactor.term_rules {
            groups.push((r.terms.clone(), true));
            group_rules.push(r.name.clone());
        }
        let term_groups = groups.len();
        for (rule, sentence) in extra_needles {
            if normalize(&sentence).chars().count() < MIN_NEEDLE_CHARS {
                continue;
            }
            groups.push((vec![sentence], false));
            group_rules.push(rule);
        }
        LeakScanner { redactor: redactor.clone(), matcher: TermMatcher::new(&groups), group_rules, term_groups }
    }

    /// Scans every file under `dir`. Leaks are sorted by file, line and rule.
    pub fn scan_dir(&self, dir: &Path) -> Result<Vec<Leak>, io::Error> {
        let mut files = Vec::new();
        walk(dir, Path::new(""), &mut files)?;
        let results: Vec<Result<Vec<Leak>, io::Error>> = files
            .par_iter()
            .map(|rel| {
                let bytes = fs::read(dir.join(rel))?;
                self.scan_file(rel, &bytes)
            })
            .collect();
        let mut out = Vec::new();
        for r in results {
            out.extend(r?);
        }
        Ok(out)
    }

    /// Scans one file's name and contents. `name` is reported as the file; a name ending
    /// in `.gz` or `.br` is decompressed first (an invalid stream is an error).
    pub fn scan_file(&self, name: &Path, bytes: &[u8]) -> Result<Vec<Leak>, io::Error> {
        let mut found: BTreeSet<(usize, String)> = BTreeSet::new();

        // The file name (every component of the relative path).
        let name_str = name.to_string_lossy().replace('\\', "/");
        for text in [name_str.as_str(), &decode_cow(&name_str)] {
            for h in self.redactor.detect(text) {
                found.insert((0, h.rule));
            }
        }

        let mut inner_name = name_str.as_str();
        let decompressed;
        let mut data = bytes;
        if let Some(stripped) = inner_name.strip_suffix(".gz") {
            let mut buf = Vec::new();
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut buf)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot decompress: {e}", name.display())))?;
            decompressed = buf;
            data = &decompressed;
            inner_name = stripped;
        } else if let Some(stripped) = inner_name.strip_suffix(".br") {
            let mut buf = Vec::new();
            brotli::Decompressor::new(bytes, 4096)
                .read_to_end(&mut buf)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: cannot decompress: {e}", name.display())))?;
            decompressed = buf;
            data = &decompressed;
            inner_name = stripped;
        }

        let ext = inner_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        let binary = BINARY_EXTENSIONS.contains(&ext.as_str()) || data.iter().take(8192).any(|&b| b == 0);
        // (`from_utf8` first: the lossy conversion is slower when there is nothing to replace.)
        let text = std::str::from_utf8(data).map_or_else(|_| String::from_utf8_lossy(data), Cow::Borrowed);

        if binary {
            self.scan_binary_terms(&text, &mut found);
            // Metadata and any embedded text: every rule and detector over each printable
            // run on its own (so no match joins two runs).
            let runs = printable_runs(&text);
            if !runs.is_empty() {
                let lines = LineIndex::new(&text);
                for run in runs {
                    let mut in_run = BTreeSet::new();
                    let decoded = decode_cow(&text[run.clone()]);
                    self.scan_text(&decoded, &mut in_run);
                    if let Cow::Owned(stripped) = strip_tags_cow(&decoded) {
                        self.scan_text(&stripped, &mut in_run);
                    }
                    for (_, rule) in in_run {
                        found.insert((lines.line(run.start), rule));
                    }
                }
            }
        } else {
            let decoded = decode_cow(&text);
            self.scan_text(&decoded, &mut found);
            // Without tags the stripped copy is the same text: nothing more to find.
            if let Cow::Owned(stripped) = strip_tags_cow(&decoded) {
                self.scan_text(&stripped, &mut found);
            }
        }

        Ok(found.into_iter().map(|(line, rule)| Leak { file: name.to_path_buf(), rule, line }).collect())
    }

    /// Scans a binary file debrief wrote itself from redacted data: `bytes` for literal
    /// terms, and `strings` — every string the file holds, decoded by the caller — with
    /// every rule, detector and needle (lines of `strings` are reported as lines).
    pub fn scan_own_binary(&self, name: &Path, bytes: &[u8], strings: &str) -> Vec<Leak> {
        let mut found: BTreeSet<(usize, String)> = BTreeSet::new();
        let name_str = name.to_string_lossy().replace('\\', "/");
        for h in self.redactor.detect(&name_str) {
            found.insert((0, h.rule));
        }
        let text = std::str::from_utf8(bytes).map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed);
        self.scan_binary_terms(&text, &mut found);
        self.scan_text(strings, &mut found);
        found.into_iter().map(|(line, rule)| Leak { file: name.to_path_buf(), rule, line }).collect()
    }

    fn scan_binary_terms(&self, text: &str, found: &mut BTreeSet<(usize, String)>) {
        if self.term_groups == 0 {
            return;
        }
        let sk = Skeleton::new(text);
        let lines = LineIndex::new(text);
        for m in self.matcher.find_all_in(&sk) {
            if m.group < self.term_groups {
                found.insert((lines.line(m.range.start), self.group_rules[m.group].clone()));
            }
        }
    }

    fn scan_text(&self, text: &str, found: &mut BTreeSet<(usize, String)>) {
        let lines = LineIndex::new(text);
        // No terms and no needles: the skeleton would be built for nothing.
        if !self.group_rules.is_empty() {
            let sk = Skeleton::new(text);
            for m in self.matcher.find_all_in(&sk) {
                found.insert((lines.line(m.range.start), self.group_rules[m.group].clone()));
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        self.redactor.detect_regex(text, &mut hits);
        for h in hits {
            found.insert((lines.line(h.range.start), h.rule));
        }
    }
}

/// The printable runs of a binary file's lossy text: at least [`MIN_BINARY_STRING`]
/// characters, ended by control characters (other than tab) and U+FFFD.
fn printable_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut run_start: Option<usize> = None;
    let mut flush = |from: usize, to: usize| {
        if text[from..to].chars().count() >= MIN_BINARY_STRING {
            runs.push(from..to);
        }
    };
    for (i, c) in text.char_indices() {
        let printable = !(c.is_control() || c == '\u{FFFD}') || c == '\t';
        match (printable, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(from)) => {
                flush(from, i);
                run_start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = run_start {
        flush(from, text.len());
    }
    runs
}

/// Collects regular files under `dir/rel`, sorted, without following symlinks.
fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(root.join(rel))?.collect::<Result<_, _>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for e in entries {
        let ty = e.file_type()?;
        let path = rel.join(e.file_name());
        if ty.is_dir() {
            walk(root, &path, out)?;
        } else if ty.is_file() {
            out.push(path);
        }
        // Symbolic links and special files are not followed or read.
    }
    Ok(())
}

/// Byte offset → 1-based line number (the newlines are only found once asked for).
struct LineIndex<'a> {
    text: &'a str,
    newlines: std::cell::OnceCell<Vec<usize>>,
}

impl LineIndex<'_> {
    fn new(text: &str) -> LineIndex<'_> {
        LineIndex { text, newlines: std::cell::OnceCell::new() }
    }

    fn line(&self, offset: usize) -> usize {
        let newlines = self.newlines.get_or_init(|| self.text.match_indices('\n').map(|(i, _)| i).collect());
        newlines.partition_point(|&nl| nl < offset) + 1
    }
}

/// Decodes HTML character references, JavaScript/JSON escapes and URL percent escapes.
/// Escapes that would produce a newline produce a space, so line numbers are kept.
pub fn decode(text: &str) -> String {
    decode_cow(text).into_owned()
}

/// Position of the first of `set` in `b[from..]`, eight bytes at a time.
fn find_any_of(b: &[u8], from: usize, set: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= b.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(word);
        // A zero byte in x ^ c marks a c; the lowest marked byte is always a true one.
        let hits = set.iter().fold(0, |acc, &c| {
            let y = x ^ (ONES * u64::from(c));
            acc | (y.wrapping_sub(ONES) & !y & HIGH)
        });
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b[i..].iter().position(|c| set.contains(c)).map(|p| i + p)
}

/// [`decode`], borrowing `text` when there is nothing to decode.
pub(crate) fn decode_cow(text: &str) -> Cow<'_, str> {
    const SPECIAL: &[u8] = b"%&\\";
    let b = text.as_bytes();
    let Some(mut next) = find_any_of(b, 0, SPECIAL) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut pending: Vec<u8> = Vec::new(); // percent-decoded bytes awaiting UTF-8 check
    let push_char = |out: &mut String, c: char| out.push(if c == '\n' || c == '\r' { ' ' } else { c });
    loop {
        // Bytes before the next escape character are copied as they are.
        out.push_str(&text[i..next]);
        i = next;
        if i >= b.len() {
            break;
        }
        if let Some(len) = decode_one(text, i, &mut out, &mut pending, push_char) {
            i += len;
        } else {
            out.push(b[i] as char); // `%`, `&` or a backslash, kept
            i += 1;
        }
        next = find_any_of(b, i, SPECIAL).unwrap_or(b.len());
    }
    Cow::Owned(out)
}

/// Decodes the escape at `text[i..]` (which starts with `%`, `&` or a backslash) into
/// `out`; returns the bytes consumed, or `None` if it is not an escape.
fn decode_one(
    text: &str,
    i: usize,
    out: &mut String,
    pending: &mut Vec<u8>,
    push_char: impl Fn(&mut String, char),
) -> Option<usize> {
    let b = text.as_bytes();
    // Percent escapes: collect a run, emit it if it is valid UTF-8.
    if b[i] == b'%' && hex2(b, i + 1).is_some() {
        let start = i;
        let mut end = i;
        pending.clear();
        while end < b.len()
            && b[end] == b'%'
            && let Some(v) = hex2(b, end + 1)
        {
            pending.push(v);
            end += 3;
        }
        match std::str::from_utf8(pending) {
            Ok(s) => s.chars().for_each(|c| push_char(out, c)),
            Err(_) => out.push_str(&text[start..end]),
        }
        return Some(end - start);
    }
    if b[i] == b'&'
        && let Some((c, len)) = entity(&text[i..])
    {
        push_char(out, c);
        return Some(len);
    }
    if b[i] == b'\\' && i + 1 < b.len() {
        match b[i + 1] {
            b'u' => {
                if let Some((c, len)) = js_unicode(&text[i..]) {
                    push_char(out, c);
                    return Some(len);
                }
            }
            b'n' | b'r' | b't' => {
                out.push(' ');
                return Some(2);
            }
            b'/' | b'"' | b'\'' | b'\\' => {
                out.push(b[i + 1] as char);
                return Some(2);
            }
            _ => {}
        }
    }
    None
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

/// Removes HTML tags (and comments): inline tags vanish, others become a space.
/// Newlines inside a tag are kept, so line numbers stay right.
pub fn strip_tags(text: &str) -> String {
    strip_tags_cow(text).into_owned()
}

/// Whether `name` (ASCII alphanumeric) is an inline element, ignoring case: removing an
/// inline tag must join the text on either side.
fn is_inline_tag(name: &[u8]) -> bool {
    let mut lower = [0u8; 6];
    if name.len() > lower.len() {
        return false;
    }
    for (l, c) in lower.iter_mut().zip(name) {
        *l = c.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"a" | b"abbr"
            | b"b"
            | b"bdi"
            | b"bdo"
            | b"cite"
            | b"code"
            | b"data"
            | b"del"
            | b"dfn"
            | b"em"
            | b"i"
            | b"ins"
            | b"kbd"
            | b"mark"
            | b"q"
            | b"s"
            | b"samp"
            | b"small"
            | b"span"
            | b"strong"
            | b"sub"
            | b"sup"
            | b"time"
            | b"u"
            | b"var"
            | b"wbr"
            | b"font"
    )
}

/// [`strip_tags`], borrowing `text` when it has no tag.
pub(crate) fn strip_tags_cow(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0; // text[copied..] is not in `out` yet
    let mut at = 0; // where to look for the next `<`
    // Once a search for the end of a tag or comment fails, it fails for every later one.
    let (mut no_gt, mut no_comment_end) = (false, false);
    while let Some(lt) = memchr::memchr(b'<', &b[at..]).map(|p| at + p) {
        let after = &text[lt + 1..];
        let starts_tag = after.as_bytes().first().is_some_and(|&c| c.is_ascii_alphabetic() || b"/!?".contains(&c));
        let comment = after.starts_with("!--");
        let end = match (starts_tag, comment) {
            (false, _) => None,
            (true, true) if !no_comment_end => memchr::memmem::find(after.as_bytes(), b"-->").map(|e| e + 3),
            (true, false) if !no_gt => memchr::memchr(b'>', after.as_bytes()).map(|e| e + 1),
            _ => None,
        };
        let Some(end) = end else {
            if starts_tag {
                *(if comment { &mut no_comment_end } else { &mut no_gt }) = true;
            }
            at = lt + 1; // a lone `<` stays
            continue;
        };
        if out.capacity() == 0 {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..lt]);
        let tag = &after.as_bytes()[..end];
        let name = tag.iter().position(|&c| c != b'/').map_or(&tag[tag.len()..], |p| &tag[p..]);
        let name = &name[..name.iter().take_while(|c| c.is_ascii_alphanumeric()).count()];
        if !is_inline_tag(name) {
            out.push(' ');
        }
        for _ in 0..tag.iter().filter(|&&c| c == b'\n').count() {
            out.push('\n');
        }
        copied = lt + 1 + end;
        at = copied;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RedactionConfig;
    use std::io::Write;

    fn scanner(needles: Vec<(String, String)>) -> LeakScanner {
        let cfg = RedactionConfig::from_toml_str(
            "[[rule]]\nname = \"customers\"\nterms = [\"Globex\", \"Umbrella Health\"]\nreplace = \"Customer {n}\"\n",
            "r.toml",
        )
        .unwrap();
        LeakScanner::new(&Redactor::new(&cfg).unwrap(), needles)
    }

    fn rules(leaks: &[Leak]) -> Vec<(&str, usize)> {
        leaks.iter().map(|l| (l.rule.as_str(), l.line)).collect()
    }

    /// The inline elements of the original implementation.
    const INLINE_TAGS: &[&str] = &[
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
        "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "font",
    ];

    #[test]
    fn inline_tags() {
        for t in INLINE_TAGS {
            assert!(is_inline_tag(t.as_bytes()) && is_inline_tag(t.to_ascii_uppercase().as_bytes()), "{t}");
        }
        for t in ["p", "div", "br", "abbrx", "spans", "", "strongest", "h1", "li"] {
            assert!(!is_inline_tag(t.as_bytes()), "{t}");
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(decode("Glob&#101;x &amp; Glob&#x65;x a&commat;b.com"), "Globex & Globex a@b.com");
        assert_eq!(decode("Glo\\u0062ex \\n x"), "Globex   x");
        assert_eq!(decode("Glo%62ex 100% %zz %E2%80%8B"), "Globex 100% %zz \u{200B}");
        assert_eq!(decode("&unknown; &#xD800;"), "&unknown; &#xD800;");
        assert_eq!(strip_tags("<p>Glo<em>bex</em></p><p>x</p>"), " Globex  x ");
        assert_eq!(strip_tags("a < b <3 <!-- c\n --> d"), "a < b <3  \n d");
    }

    #[test]
    fn finds_hidden_terms_in_html() {
        let s = scanner(vec![]);
        let html = "<html>\n<p>Glo<em>bex</em></p>\n<p>Glob&#101;x</p>\n<p>Customer 1</p>\n<a title=\"x@example.com\">ok</a>\n";
        let leaks = s.scan_file(Path::new("index.html"), html.as_bytes()).unwrap();
        assert_eq!(rules(&leaks), vec![("customers", 2), ("customers", 3), ("email", 5)]);
    }

    #[test]
    fn needles_and_names() {
        let s = scanner(vec![
            ("drop_sections".into(), "We paged the on-call   engineer at home.".into()),
            ("private".into(), "too short".into()),
        ]);
        let text = "intro\nwe paged the ON-CALL engineer\n at home. too short";
        let leaks = s.scan_file(Path::new("incidents/globex-outage/index.html"), text.as_bytes()).unwrap();
        assert_eq!(rules(&leaks), vec![("customers", 0), ("drop_sections", 2)]);
    }

    #[test]
    fn binary_files_are_scanned_with_every_rule_in_their_strings() {
        let s = scanner(vec![("x".into(), "a long sentence that leaks".into())]);
        let mut bytes =
            b"\0\x01PNG Globex\0\x02a long sentence that leaks\0\xFFExif oncall@corp.example 10.0.0.1".to_vec();
        bytes.push(0);
        let leaks = s.scan_file(Path::new("img.webp"), &bytes).unwrap();
        let mut got: Vec<&str> = leaks.iter().map(|l| l.rule.as_str()).collect();
        got.sort_unstable();
        assert_eq!(got, vec!["customers", "email", "ipv4", "x"]);
        // Short printable runs (as compressed pixels hold) are not read as text.
        let noise = b"\x001.2.3.4\x00\xFE\x00".to_vec();
        assert!(s.scan_file(Path::new("img.png"), &noise).unwrap().is_empty());
        assert_eq!(printable_runs("ab\0cdefghij\u{FFFD}ijklmno"), vec![3..11]);
    }

    #[test]
    fn own_binaries_terms_in_bytes_everything_in_decoded_strings() {
        let s = scanner(vec![]);
        // Framing bytes that would read as an address are not scanned as text…
        let framing = b"\x0c2001:db8::1\x00:\x04Globex";
        let leaks = s.scan_own_binary(Path::new("search/x.bin"), framing, "title one\nCustomer 1\n");
        assert_eq!(rules(&leaks), vec![("customers", 1)]);
        // …but the decoded strings are, with every detector.
        let leaks = s.scan_own_binary(Path::new("t.bin"), b"", "ok\nmail a@b.example\n");
        assert_eq!(rules(&leaks), vec![("email", 2)]);
        let leaks = s.scan_own_binary(Path::new("search/globex.bin"), b"", "");
        assert_eq!(rules(&leaks), vec![("customers", 0)]);
    }

    #[test]
    fn scan_dir_with_gzip_and_clean_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a/b")).unwrap();
        fs::write(dir.path().join("a/b/clean.html"), "<p>Customer 1 saw HTTP 502 for 0h 16m on v3.5.2</p>").unwrap();
        fs::write(dir.path().join("a/leak.json"), "{\"t\":\"Umbrella\\nHealth\"}").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"line1\nline2 10.0.0.1\n").unwrap();
        fs::write(dir.path().join("search.json.gz"), gz.finish().unwrap()).unwrap();
        fs::write(dir.path().join("bad.gz"), b"not gzip").unwrap();
        let s = scanner(vec![]);
        let err = s.scan_dir(dir.path()).unwrap_err();
        assert!(err.to_string().contains("bad.gz"));
        fs::remove_file(dir.path().join("bad.gz")).unwrap();
        let leaks = s.scan_dir(dir.path()).unwrap();
        assert_eq!(
            leaks,
            vec![
                Leak { file: PathBuf::from("a/leak.json"), rule: "customers".into(), line: 1 },
                Leak { file: PathBuf::from("search.json.gz"), rule: "ipv4".into(), line: 2 },
            ]
        );
    }

    #[test]
    fn brotli_files_are_scanned_decompressed() {
        let s = scanner(vec![]);
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut &b"line1\nline2 10.0.0.1\n"[..], &mut br, &Default::default()).unwrap();
        let leaks = s.scan_file(Path::new("index.html.br"), &br).unwrap();
        assert_eq!(leaks, vec![Leak { file: PathBuf::from("index.html.br"), rule: "ipv4".into(), line: 2 }]);
        let err = s.scan_file(Path::new("bad.br"), b"\xff\xff not brotli").unwrap_err();
        assert!(err.to_string().contains("bad.br"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.txt"), "Globex").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        assert!(scanner(vec![]).scan_dir(dir.path()).unwrap().is_empty());
    }
}
