//! Built-in detectors: e-mail addresses, IPv4/IPv6 addresses, secrets (cloud keys,
//! tokens, high-entropy credentials in assignments), payment card numbers, phone
//! numbers, PEM private keys and JWTs.
//!
//! Each detector returns sorted, non-overlapping byte ranges of the input. The
//! detectors are tuned against incident write-ups: git hashes, version numbers,
//! dates, times, durations, HTTP status codes, ports and block heights must not match.
//!
//! # Speed
//!
//! Most text contains nothing to find, so the detectors first look for something cheap
//! that each of their matches must contain, and run their regular expressions only
//! there ([`Builtin::find`]). [`Builtin::find_unfiltered`] runs the same expressions and
//! checks over the whole text; the two always agree (`tests/fast_paths.rs` checks it on
//! real and random text, and it must stay that way: a prefilter that misses a match
//! would leak it).
//!
//! - IPv4 addresses, card numbers and phone numbers consist only of digits and
//!   ` .()+-`. A match therefore lies inside one maximal run of those bytes; a regex run
//!   on the run plus one whole character of context either side finds exactly what it
//!   finds in the whole text (its only look-arounds are ASCII word boundaries, which
//!   read one character either side, and it never matches the context character).
//!   Runs with too few digits (or no `.`, `+`, `(`) for a reported match are skipped.
//!   Digits are found eight bytes at a time; the three detectors share the runs.
//! - Secrets: see [`crate::secrets`] (token rules run only when one of their
//!   literals is in the text; the assignment reader is the same on both paths).
//! - E-mail, private-key, JWT and the two rules with `aws` or `://` in them: the regex
//!   engine's own literal search is already fast.

use std::net::Ipv6Addr;
use std::ops::Range;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

pub use crate::secrets::shannon_entropy;
use crate::secrets::{find_secrets, find_secrets_unfiltered};

/// A built-in detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Builtin {
    /// E-mail addresses.
    Email,
    /// Dotted-quad IPv4 addresses.
    Ipv4,
    /// IPv6 addresses, including compressed, zoned and IPv4-mapped forms.
    Ipv6,
    /// Cloud keys, API tokens and high-entropy credentials in assignments.
    Secrets,
    /// Payment card numbers (Luhn-checked, known issuer prefixes).
    CreditCard,
    /// Phone numbers with phone formatting (E.164, NANP, national with spaces).
    Phone,
    /// PEM private key blocks.
    PrivateKey,
    /// JSON Web Tokens.
    Jwt,
}

impl Builtin {
    /// Every built-in detector, in configuration order.
    pub const ALL: [Builtin; 8] = [
        Builtin::Email,
        Builtin::Ipv4,
        Builtin::Ipv6,
        Builtin::Secrets,
        Builtin::CreditCard,
        Builtin::Phone,
        Builtin::PrivateKey,
        Builtin::Jwt,
    ];

    /// The name used in `redaction.toml` and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Email => "email",
            Builtin::Ipv4 => "ipv4",
            Builtin::Ipv6 => "ipv6",
            Builtin::Secrets => "secrets",
            Builtin::CreditCard => "credit-card",
            Builtin::Phone => "phone",
            Builtin::PrivateKey => "private-key",
            Builtin::Jwt => "jwt",
        }
    }

    /// Looks a detector up by its configuration name.
    pub fn from_name(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }

    /// The text that replaces a match.
    pub fn replacement(self) -> &'static str {
        match self {
            Builtin::Email => "[email]",
            Builtin::Ipv4 | Builtin::Ipv6 => "[ip]",
            Builtin::Secrets => "[secret]",
            Builtin::CreditCard => "[card]",
            Builtin::Phone => "[phone]",
            Builtin::PrivateKey => "[private key]",
            Builtin::Jwt => "[token]",
        }
    }

    /// Byte ranges of every match in `text`: sorted and non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let runs = if self.uses_numeric_runs() { numeric_runs(text) } else { Vec::new() };
        self.find_with(text, &runs)
    }

    /// Like [`Builtin::find`] but without any prefilter: every regular expression runs
    /// over the whole text. Same result, much slower; kept to test the fast path.
    #[doc(hidden)]
    pub fn find_unfiltered(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let whole = 0..text.len();
        match self {
            Builtin::Email => find_email(text, &mut out),
            Builtin::Ipv4 => ipv4_in(text, whole, &mut out),
            Builtin::Ipv6 => find_ipv6(text, &mut out),
            Builtin::Secrets => find_secrets_unfiltered(text, &mut out),
            Builtin::CreditCard => cards_in(text, whole, &mut out),
            Builtin::Phone => phones_in(text, whole, [true; 4], &mut out),
            Builtin::PrivateKey => find_private_keys(text, &mut out),
            Builtin::Jwt => find_jwt(text, &mut out),
        }
        merge_ranges(out)
    }

    /// Whether the fast path of this detector works on [`numeric_runs`].
    pub(crate) fn uses_numeric_runs(self) -> bool {
        matches!(self, Builtin::Ipv4 | Builtin::CreditCard | Builtin::Phone)
    }

    /// [`Builtin::find`] with the numeric runs of `text` already computed (they are
    /// shared by the IPv4, card and phone detectors; other detectors ignore them).
    pub(crate) fn find_with(&self, text: &str, runs: &[NumericRun]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        match self {
            Builtin::Email => find_email(text, &mut out),
            Builtin::Ipv4 => {
                for run in runs.iter().filter(|r| r.digits >= 4 && r.dots >= 3) {
                    ipv4_in(text, run.window(text), &mut out);
                }
            }
            Builtin::Ipv6 => find_ipv6(text, &mut out),
            Builtin::Secrets => find_secrets(text, &mut out),
            Builtin::CreditCard => {
                for run in runs.iter().filter(|r| r.digits >= 13) {
                    cards_in(text, run.window(text), &mut out);
                }
            }
            Builtin::Phone => {
                // Reported matches: the first pattern starts with `+` and has 8+ digits,
                // the second starts with `(`, the others have 10 or 11 digits.
                for run in runs.iter().filter(|r| r.digits >= 8) {
                    let ten = run.digits >= 10;
                    phones_in(text, run.window(text), [run.plus, run.paren && ten, ten, ten], &mut out);
                }
            }
            Builtin::PrivateKey => find_private_keys(text, &mut out),
            Builtin::Jwt => find_jwt(text, &mut out),
        }
        merge_ranges(out)
    }
}

/// Sorts ranges and merges overlapping ones into their union.
pub(crate) fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if ranges.is_empty() {
        return ranges;
    }
    ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        if r.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn char_after(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// True when `text[i..]` starts with `.` or `-` followed by a digit (a longer dotted number).
fn continues_number(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    i + 1 < b.len() && matches!(b[i], b'.' | b'-' | b':' | b',') && b[i + 1].is_ascii_digit()
}

/// True when the character before `i` is a digit followed by a separator (`1.` / `1-`).
fn preceded_by_number(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    i >= 2 && matches!(b[i - 1], b'.' | b'-' | b':' | b',' | b'/') && b[i - 2].is_ascii_alphanumeric()
}

// ---------------------------------------------------------------- numeric runs

/// Bytes that can occur in an IPv4, card or phone match.
fn is_numeric_byte(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b' ' | b'.' | b'(' | b')' | b'+' | b'-')
}

/// A maximal run of [`is_numeric_byte`] bytes that contains at least one digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumericRun {
    start: usize,
    end: usize,
    digits: usize,
    dots: usize,
    /// Whether the run holds a `+` / a `(`.
    plus: bool,
    paren: bool,
}

impl NumericRun {
    /// The run plus the whole character before and after it (the context an ASCII word
    /// boundary reads), as a range of `text`.
    fn window(&self, text: &str) -> Range<usize> {
        let mut start = self.start;
        if start > 0 {
            start -= 1;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
        }
        let mut end = self.end;
        if end < text.len() {
            end += 1;
            while !text.is_char_boundary(end) {
                end += 1;
            }
        }
        start..end
    }
}

/// Position of the first ASCII digit in `b[from..]`, eight bytes at a time.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while i + 8 <= b.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(word);
        // Per byte, without carries between bytes: the high bit is set exactly when the
        // byte is ASCII and 0x2F < byte < 0x3A ("hasbetween" from Bit Twiddling Hacks).
        let low7 = x & (ONES * 0x7F);
        let hits = (ONES * (0x7F + 0x3A) - low7) & !x & (low7 + ONES * (0x7F - 0x2F)) & HIGH;
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b[i..].iter().position(u8::is_ascii_digit).map(|p| i + p)
}

/// Every maximal run of digits and ` .()+-` with at least four digits (fewer can hold
/// no IPv4 address, card or phone number), in order.
pub(crate) fn numeric_runs(text: &str) -> Vec<NumericRun> {
    let b = text.as_bytes();
    let mut runs = Vec::new();
    let mut pos = 0;
    while let Some(first) = next_digit(b, pos) {
        // Bytes in pos..first hold no digit; the run may start among them.
        let mut run = NumericRun { start: first, end: first, digits: 0, dots: 0, plus: false, paren: false };
        while run.start > pos && is_numeric_byte(b[run.start - 1]) {
            run.start -= 1;
        }
        for &c in &b[run.start..first] {
            run.dots += usize::from(c == b'.');
            run.plus |= c == b'+';
            run.paren |= c == b'(';
        }
        while run.end < b.len() && is_numeric_byte(b[run.end]) {
            let c = b[run.end];
            if c.is_ascii_digit() {
                run.digits += 1;
            } else {
                run.dots += usize::from(c == b'.');
                run.plus |= c == b'+';
                run.paren |= c == b'(';
            }
            run.end += 1;
        }
        if run.digits >= 4 {
            runs.push(run);
        }
        pos = run.end;
    }
    runs
}

// ---------------------------------------------------------------- email

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)[a-z0-9][a-z0-9._%+-]*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?-u:\b)")
});
static IMAGE_DENSITY: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)@\d(?:\.\d)?x\.(?:png|jpe?g|gif|svg|webp|avif)$"));

fn find_email(text: &str, out: &mut Vec<Range<usize>>) {
    // Every match contains an `@` (the regex finds it with memchr too).
    out.extend(EMAIL.find_iter(text).filter(|m| !IMAGE_DENSITY.is_match(m.as_str())).map(|m| m.range()));
}

// ---------------------------------------------------------------- ipv4

static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u:\b)(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?-u:\b)",
    )
});

/// IPv4 matches of the regex run on `text[window]`, checked against the whole text.
fn ipv4_in(text: &str, window: Range<usize>, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let offset = window.start;
    for m in IPV4.find_iter(&text[window]) {
        let (s, e) = (m.start() + offset, m.end() + offset);
        // Not part of a longer dotted number (OIDs, 5-part versions).
        let before_ok = !(s >= 2 && b[s - 1] == b'.' && b[s - 2].is_ascii_digit());
        if before_ok && !(e + 1 < b.len() && b[e] == b'.' && b[e + 1].is_ascii_digit()) {
            out.push(s..e);
        }
    }
}

// ---------------------------------------------------------------- ipv6

fn ipv6_char(b: u8) -> bool {
    b.is_ascii_hexdigit() || b == b':' || b == b'.'
}

/// Maximal runs of hex digits, colons and dots that contain at least two colons,
/// plus a `%zone` suffix. Found from the colons (memchr), which is much faster than a
/// regex whose every position could start a match.
fn ipv6_candidates(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut covered = 0;
    for (i, _) in text.match_indices(':') {
        if i < covered {
            continue;
        }
        let mut start = i;
        while start > 0 && ipv6_char(b[start - 1]) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < b.len() && ipv6_char(b[end]) {
            end += 1;
        }
        covered = end;
        if b[start..end].iter().filter(|&&c| c == b':').count() < 2 {
            continue;
        }
        if end < b.len() && b[end] == b'%' {
            let mut z = end + 1;
            while z < b.len() && (b[z].is_ascii_alphanumeric() || matches!(b[z], b'_' | b'.' | b'-')) {
                z += 1;
            }
            if z > end + 1 {
                end = z;
            }
        }
        out.push(start..end);
    }
    out
}

fn valid_ipv6(candidate: &str) -> bool {
    let addr = candidate.split('%').next().unwrap_or("");
    addr.len() >= 3
        && addr.bytes().any(|b| b.is_ascii_digit())
        && (addr.contains("::") || addr.matches(':').count() == 7)
        && Ipv6Addr::from_str(addr).is_ok()
}

fn find_ipv6(text: &str, out: &mut Vec<Range<usize>>) {
    for mut r in ipv6_candidates(text) {
        // Trim trailing punctuation (sentence dots, "addr:" labels) until it parses.
        loop {
            let s = &text[r.clone()];
            if valid_ipv6(s) {
                break;
            }
            if s.ends_with(['.', ':']) && r.len() > 2 {
                r.end -= 1;
            } else {
                r.end = r.start;
                break;
            }
        }
        // Trim leading single colons that are punctuation ("at:2001:db8::1").
        if r.is_empty() {
            continue;
        }
        if is_word(char_before(text, r.start)) || is_word(char_after(text, r.end)) {
            continue;
        }
        out.push(r);
    }
}

// ---------------------------------------------------------------- credit cards

static CARD: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)[0-9](?:[ \-]?[0-9]){12,18}(?-u:\b)"));

fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

fn known_iin(d: &[u8]) -> bool {
    let prefix = |n: usize| d.iter().take(n).fold(0u32, |a, &x| a * 10 + u32::from(x));
    let len = d.len();
    let p1 = prefix(1);
    let p2 = prefix(2);
    let p3 = prefix(3);
    let p4 = prefix(4);
    let p6 = prefix(6);
    (p1 == 4 && matches!(len, 13 | 16 | 19)) // Visa
        || ((51..=55).contains(&p2) && len == 16) // Mastercard
        || ((2221..=2720).contains(&p4) && len == 16) // Mastercard 2-series
        || (matches!(p2, 34 | 37) && len == 15) // Amex
        || ((p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) || (622_126..=622_925).contains(&p6))
            && (16..=19).contains(&len)) // Discover
        || (((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && (14..=19).contains(&len)) // Diners
        || ((3528..=3589).contains(&p4) && (16..=19).contains(&len)) // JCB
        || (p2 == 62 && (16..=19).contains(&len)) // UnionPay
        || ((matches!(p2, 50 | 56 | 57 | 58) || p2 == 67) && (12..=19).contains(&len)) // Maestro
}

fn card_grouping_ok(s: &str) -> bool {
    let seps: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    if seps.is_empty() {
        return true;
    }
    if seps.iter().any(|&c| c != seps[0]) {
        return false;
    }
    let groups: Vec<usize> = s.split(seps[0]).map(str::len).collect();
    let fours = groups[..groups.len() - 1].iter().all(|&g| g == 4) && (1..=4).contains(groups.last().unwrap_or(&0));
    fours || groups == [4, 6, 5] || groups == [4, 6, 4]
}

/// Card numbers found by the regex in `text[window]`, checked against the whole text.
fn cards_in(text: &str, window: Range<usize>, out: &mut Vec<Range<usize>>) {
    let offset = window.start;
    for m in CARD.find_iter(&text[window]) {
        let s = m.as_str();
        let (start, end) = (m.start() + offset, m.end() + offset);
        let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
        if (13..=19).contains(&digits.len())
            && card_grouping_ok(s)
            && luhn(&digits)
            && known_iin(&digits)
            && !preceded_by_number(text, start)
            && !continues_number(text, end)
        {
            out.push(start..end);
        }
    }
}

// ---------------------------------------------------------------- phone numbers

static PHONE_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        // International, E.164 or formatted: +44 20 7946 0958, +1 (415) 555-0132, +441632960123
        re(r"\+[1-9][0-9]{0,2}(?:[ .\-]?\([0-9]{1,4}\))?(?:[ .\-]?[0-9]{1,6}){1,5}"),
        // NANP: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199
        re(r"\([2-9][0-9]{2}\) ?[2-9][0-9]{2}[.\-][0-9]{4}(?-u:\b)"),
        re(r"(?-u:\b)(?:1[ .\-])?[2-9][0-9]{2}[.\-][2-9][0-9]{2}[.\-][0-9]{4}(?-u:\b)"),
        // National with trunk prefix 0 and spaces/dashes: 020 7946 0958, 01632 960123, 07700 900123
        re(r"(?-u:\b)0[1-9][0-9]{1,3}[ \-][0-9]{3,4}[ \-]?[0-9]{3,4}(?-u:\b)"),
    ]
});

/// Phone numbers found by the patterns in `text[window]`, checked against the whole text.
/// `try_pattern[i]` false skips pattern `i` (when it cannot produce a reported match).
fn phones_in(text: &str, window: Range<usize>, try_pattern: [bool; 4], out: &mut Vec<Range<usize>>) {
    let offset = window.start;
    let hay = &text[window];
    for (i, pattern) in PHONE_PATTERNS.iter().enumerate() {
        if !try_pattern[i] {
            continue;
        }
        for m in pattern.find_iter(hay) {
            let s = m.as_str();
            let (start, end) = (m.start() + offset, m.end() + offset);
            let digits = s.bytes().filter(u8::is_ascii_digit).count();
            let before = char_before(text, start);
            // Part of a larger token (hash, version, identifier, path)?
            if is_word(before) || matches!(before, Some('.' | '/' | '-' | ':' | '#' | '+' | '=' | '@')) {
                continue;
            }
            if is_word(char_after(text, end)) || continues_number(text, end) {
                continue;
            }
            let ok = match i {
                0 => {
                    let compact = !s.contains([' ', '.', '-', '(']);
                    (8..=15).contains(&digits) && (!compact || digits >= 10)
                }
                1 | 2 => digits == 10 || digits == 11,
                _ => {
                    (10..=11).contains(&digits)
                        && (s.contains(' ') || s.matches('-').count() >= 1)
                        // A date like 0012-12-12 is not a phone; neither is 2025-03-14.
                        && !(s.len() == 10 && s.as_bytes()[4] == b'-')
                }
            };
            if ok {
                out.push(start..end);
            }
        }
    }
}

// ---------------------------------------------------------------- private keys, JWT

static PRIVATE_KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?s)-----BEGIN[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----|\z)",
    )
});

fn find_private_keys(text: &str, out: &mut Vec<Range<usize>>) {
    out.extend(PRIVATE_KEY.find_iter(text).map(|m| m.range()));
}

static JWT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]*"));

fn find_jwt(text: &str, out: &mut Vec<Range<usize>>) {
    out.extend(JWT.find_iter(text).map(|m| m.range()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(b: Builtin, text: &str) -> Vec<&str> {
        b.find(text).into_iter().map(|r| &text[r]).collect()
    }

    fn assert_finds(b: Builtin, text: &str, expected: &str) {
        assert_eq!(found(b, text), vec![expected], "{} in {text:?}", b.name());
    }

    fn assert_none(b: Builtin, text: &str) {
        assert!(found(b, text).is_empty(), "{} wrongly matched {:?} in {text:?}", b.name(), found(b, text));
    }

    #[test]
    fn names_round_trip() {
        for b in Builtin::ALL {
            assert_eq!(Builtin::from_name(b.name()), Some(b));
            for other in Builtin::ALL {
                assert!(other.find(b.replacement()).is_empty(), "{} matches {}", other.name(), b.replacement());
            }
        }
        assert_eq!(Builtin::from_name("nope"), None);
    }

    #[test]
    fn email_true_positives() {
        assert_finds(Builtin::Email, "mail alice.smith@example.com now", "alice.smith@example.com");
        assert_finds(Builtin::Email, "<bob+ops@corp.example.co.uk>", "bob+ops@corp.example.co.uk");
        assert_finds(Builtin::Email, "(ONCALL@Example.ORG)", "ONCALL@Example.ORG");
        assert_finds(Builtin::Email, "mailto:a_b-c@sub-domain.io.", "a_b-c@sub-domain.io");
        assert_finds(Builtin::Email, "git@github.com:org/repo", "git@github.com");
        assert_finds(Builtin::Email, "x 123@numbers.net y", "123@numbers.net");
    }

    #[test]
    fn email_false_positives() {
        assert_none(Builtin::Email, "logo@2x.png");
        assert_none(Builtin::Email, "@alice mentioned it");
        assert_none(Builtin::Email, "npm i @scope/package@1.2.3");
        assert_none(Builtin::Email, "user@localhost");
        assert_none(Builtin::Email, "cron 0 */5 * * * @ hourly");
        assert_none(Builtin::Email, "docker pull image@sha256:abc123");
    }

    #[test]
    fn ipv4_true_positives() {
        assert_finds(Builtin::Ipv4, "host 10.0.0.1 down", "10.0.0.1");
        assert_finds(Builtin::Ipv4, "from 192.168.1.254:8080", "192.168.1.254");
        assert_finds(Builtin::Ipv4, "cidr 172.16.0.0/12", "172.16.0.0");
        assert_finds(Builtin::Ipv4, "(8.8.8.8).", "8.8.8.8");
        assert_finds(Builtin::Ipv4, "ip=255.255.255.255,", "255.255.255.255");
        assert_finds(Builtin::Ipv4, "`203.0.113.7`", "203.0.113.7");
    }

    #[test]
    fn ipv4_false_positives() {
        assert_none(Builtin::Ipv4, "version 1.1.4 and v3.5");
        assert_none(Builtin::Ipv4, "v1.2.3.4 release");
        assert_none(Builtin::Ipv4, "OID 1.3.6.1.4.1");
        assert_none(Builtin::Ipv4, "256.1.1.1 is invalid");
        assert_none(Builtin::Ipv4, "2025-03-14 10:00");
        assert_none(Builtin::Ipv4, "HTTP 502 for 0h 16m in eu-west-1");
    }

    #[test]
    fn ipv6_true_positives() {
        assert_finds(Builtin::Ipv6, "addr 2001:db8::1 failed", "2001:db8::1");
        assert_finds(Builtin::Ipv6, "loopback ::1.", "::1");
        assert_finds(Builtin::Ipv6, "link fe80::1%eth0 up", "fe80::1%eth0");
        assert_finds(Builtin::Ipv6, "mapped ::ffff:192.0.2.128 here", "::ffff:192.0.2.128");
        assert_finds(
            Builtin::Ipv6,
            "full 2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        );
        assert_finds(Builtin::Ipv6, "http://[2001:db8:1::ab9:c0a8:102]:8080/", "2001:db8:1::ab9:c0a8:102");
        assert_finds(Builtin::Ipv6, "prefix 2001:db8:: is", "2001:db8::");
    }

    #[test]
    fn ipv6_false_positives() {
        assert_none(Builtin::Ipv6, "at 10:30:45 UTC");
        assert_none(Builtin::Ipv6, "std::io::Error and Vec::new");
        assert_none(Builtin::Ipv6, "mac 00:1a:2b:3c:4d:5e");
        assert_none(Builtin::Ipv6, "a::before { }");
        assert_none(Builtin::Ipv6, "ratio 3:2 and 12:00");
        assert_none(Builtin::Ipv6, "Foo::bar::baz1 and ::");
        assert_none(Builtin::Ipv6, "2025-03-14T10:30:00Z");
        assert_none(Builtin::Ipv6, "dead::beef");
    }

    #[test]
    fn secrets_true_positives() {
        assert_finds(Builtin::Secrets, "key AKIAQ3EGRT5LXPZ7UW2K leaked", "AKIAQ3EGRT5LXPZ7UW2K");
        assert_finds(
            Builtin::Secrets,
            "aws_secret_access_key = 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",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEKEYZ1234",
        );
        assert_finds(
            Builtin::Secrets,
            "token ghp_R8kq2Lm7ZpX0vB4nC6dW9tYs3HjQ1aF5gE2u.",
            "ghp_R8kq2Lm7ZpX0vB4nC6dW9tYs3HjQ1aF5gE2u",
        );
        assert_finds(Builtin::Secrets, "glpat-Ab3dEf6hIj9kLm2nOp5q in ci", "glpat-Ab3dEf6hIj9kLm2nOp5q");
        assert_finds(
            Builtin::Secrets,
            "xoxb-7812365427-2364535789652-GkwFDQoHqzXD",
            "xoxb-7812365427-2364535789652-GkwFDQoHqzXD",
        );
        assert_finds(Builtin::Secrets, "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc");
        assert_finds(
            Builtin::Secrets,
            "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
            "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
        );
        assert_finds(Builtin::Secrets, "db_password: Zq8#rT2!vL9pXw4m", "Zq8#rT2!vL9pXw4m");
        assert_finds(Builtin::Secrets, "API_TOKEN=\"a9F3kQ7zL2mX8vB4nC6d\"", "a9F3kQ7zL2mX8vB4nC6d");
        assert_finds(Builtin::Secrets, "postgres://app:s3cr3tPw@db.internal/x", "app:s3cr3tPw");
        assert_finds(
            Builtin::Secrets,
            "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",
            "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",
        );
    }

    #[test]
    fn secrets_false_positives() {
        assert_none(Builtin::Secrets, "example key AKIAIOSFODNN7EXAMPLE in docs");
        assert_none(Builtin::Secrets, "password: <redacted>");
        assert_none(Builtin::Secrets, "token=${GITHUB_TOKEN_VALUE_1234}");
        assert_none(Builtin::Secrets, "api_key = xxxxxxxxxxxxxxxxxxxx");
        assert_none(Builtin::Secrets, "secret: aaaaaaaaaaaaaaaa1");
        assert_none(Builtin::Secrets, "primary key: customer_id_and_timestamp");
        assert_none(Builtin::Secrets, "commit 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6");
        assert_none(Builtin::Secrets, "token: 2025-03-14");
        assert_none(Builtin::Secrets, "the key: rotation happened at 10:00");
        assert_none(Builtin::Secrets, "key_file: /etc/ssl/private/server2.key");
        assert_none(Builtin::Secrets, "sk_live_short");
    }

    #[test]
    fn card_true_positives() {
        assert_finds(Builtin::CreditCard, "card 4111 1111 1111 1111 declined", "4111 1111 1111 1111");
        assert_finds(Builtin::CreditCard, "4111-1111-1111-1111", "4111-1111-1111-1111");
        assert_finds(Builtin::CreditCard, "pan=5555555555554444;", "5555555555554444");
        assert_finds(Builtin::CreditCard, "amex 3782 822463 10005", "3782 822463 10005");
        assert_finds(Builtin::CreditCard, "amex 378282246310005", "378282246310005");
        assert_finds(Builtin::CreditCard, "discover 6011111111111117.", "6011111111111117");
        assert_finds(Builtin::CreditCard, "jcb 3530111333300000", "3530111333300000");
        assert_finds(Builtin::CreditCard, "mc2 2223003122003222", "2223003122003222");
    }

    #[test]
    fn card_false_positives() {
        assert_none(Builtin::CreditCard, "4111 1111 1111 1112"); // Luhn fails
        assert_none(Builtin::CreditCard, "block 1234567890123456");
        assert_none(Builtin::CreditCard, "order 0000000000000000");
        assert_none(Builtin::CreditCard, "4111 11111 111 1111"); // odd grouping
        assert_none(Builtin::CreditCard, "ts 1710412345678 ms");
        assert_none(Builtin::CreditCard, "sha 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6");
        assert_none(Builtin::CreditCard, "4111-1111 1111-1111"); // mixed separators
        assert_none(Builtin::CreditCard, "v4111111111111111.2");
    }

    #[test]
    fn phone_true_positives() {
        assert_finds(Builtin::Phone, "call +441632960123 now", "+441632960123");
        assert_finds(Builtin::Phone, "call +1 (415) 555-0132.", "+1 (415) 555-0132");
        assert_finds(Builtin::Phone, "call (415) 555-0132", "(415) 555-0132");
        assert_finds(Builtin::Phone, "call 415-555-0132,", "415-555-0132");
        assert_finds(Builtin::Phone, "call 020 7946 0958", "020 7946 0958");
        assert_finds(Builtin::Phone, "tel: +44 20 7946 0958", "+44 20 7946 0958");
        assert_finds(Builtin::Phone, "mobile 07700 900123", "07700 900123");
        assert_finds(Builtin::Phone, "US 1-800-555-0199", "1-800-555-0199");
        assert_finds(Builtin::Phone, "de +49 30 901820", "+49 30 901820");
    }

    #[test]
    fn phone_false_positives() {
        for text in [
            "on 2025-03-14 at 10:30:45",
            "released v3.5.2 and 1.1.4",
            "lasted 0h 16m (about 960 s)",
            "at 2025-03-14T10:30:00+00:00",
            "listening on :8080 and port 443",
            "HTTP 502 and 503",
            "commit 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6",
            "block height 255108 and 1234567890",
            "uuid 123e4567-e89b-12d3-a456-426614174000",
            "between 10:00-11:30 UTC",
            "ratio 1000 2000 3000",
            "version 2024.03.14",
            "epoch 1710412345",
            "id 0123-4567",
            "+0.5 increase and x+1234",
            "2025-03-14 15:04:05.999",
        ] {
            assert_none(Builtin::Phone, text);
        }
    }

    #[test]
    fn private_key_blocks() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----";
        let text = format!("before\n{pem}\nafter");
        assert_finds(Builtin::PrivateKey, &text, pem);
        let open = "x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nNhLXRz";
        assert_finds(Builtin::PrivateKey, open, &open[2..]);
        assert_finds(
            Builtin::PrivateKey,
            "-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----",
        );
        assert_none(Builtin::PrivateKey, "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----");
        assert_none(Builtin::PrivateKey, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----");
        assert_none(Builtin::PrivateKey, "we rotated the private key");
    }

    #[test]
    fn jwt_tokens() {
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_finds(Builtin::Jwt, &format!("Authorization: Bearer {jwt}\n"), jwt);
        assert_none(Builtin::Jwt, "eyJ alone");
        assert_none(Builtin::Jwt, "file.name.ext and a.b.c");
        assert_none(Builtin::Jwt, "commit 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6");
    }

    #[test]
    fn merged_ranges() {
        assert_eq!(merge_ranges(vec![5..8, 0..3, 2..4, 7..10]), vec![0..4, 5..10]);
    }
}
