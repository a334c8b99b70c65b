//! The text redactor: compiles a [`RedactionConfig`] once and applies every rule and
//! built-in detector to a piece of text, returning the redacted text and a list of
//! [`Hit`]s (rule, range, replacement — never the removed text).
//!
//! Overlapping matches are merged: the earliest match (then the longest) names the
//! hit, and the merged span is replaced as a whole, so no fragment of a detected
//! value survives. Redaction is repeated until nothing matches (a replacement joined
//! with its neighbours could in theory form a new match), which makes [`Redactor::redact`]
//! idempotent and guarantees that no enabled rule or detector matches its output.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::config::{ConfigError, RedactionConfig, RuleKind};
use crate::detectors::{Builtin, numeric_runs};
use crate::terms::{Skeleton, TermMatcher};

/// Maximum number of redaction passes before giving up on reaching a fixed point.
const MAX_PASSES: usize = 8;

/// One redacted span. Deliberately has no `Display` and never holds the removed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The built-in detector name (`email`, `secrets`, …) or the `[[rule]]` name.
    pub rule: String,
    /// Byte range of the input text that was replaced.
    pub range: Range<usize>,
    /// The text that replaced it.
    pub replacement: String,
}

/// The result of [`Redactor::redact`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Redacted {
    /// The redacted text.
    pub text: String,
    /// What was replaced, sorted by position in the input.
    pub hits: Vec<Hit>,
}

impl Redacted {
    /// Number of hits per rule name (for the redaction report).
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for h in &self.hits {
            *m.entry(h.rule.clone()).or_insert(0) += 1;
        }
        m
    }
}

/// A compiled `[[rule]]` with a pattern.
#[derive(Debug, Clone)]
pub(crate) struct PatternRule {
    pub(crate) name: String,
    pub(crate) re: Regex,
    pub(crate) replace: String,
    /// The pattern with its word-boundary assertions removed, when it has any: it
    /// matches wherever the pattern does (an assertion only ever rules a match out),
    /// and unlike Unicode `\b` it never forces the regex engine off its fast DFA on
    /// non-ASCII text. A text it does not match is skipped.
    pub(crate) prefilter: Option<Regex>,
    /// A literal every match contains (see [`required_literal`]): a text without it is
    /// skipped after one fast substring search.
    pub(crate) literal: Option<AhoCorasick>,
}

/// The longest literal that every match of `pattern` must contain, read off its
/// top-level concatenation; `None` when there is none or the pattern uses anything this
/// does not understand for sure (alternation at the top level, flags or other `(?`
/// groups, nested classes, escapes other than punctuation and `\b \B \d \D \w \W \s
/// \S \A \z \< \>`). Groups, classes, `.` and those escapes end a literal run; a literal
/// character made optional by `?`, `*` or `{0,…}` ends it too (and is not part of it).
pub(crate) fn required_literal(pattern: &str) -> Option<String> {
    if pattern.match_indices("(?").any(|(i, _)| !pattern[i + 2..].starts_with(':')) {
        return None;
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut best = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, best: &mut String| {
        if run.len() > best.len() {
            *best = std::mem::take(run);
        }
        run.clear();
    };
    let mut i = 0;
    while i < chars.len() {
        let literal = match chars[i] {
            '\\' => {
                let next = *chars.get(i + 1)?;
                i += 2;
                if next.is_ascii_punctuation() && !matches!(next, '<' | '>') {
                    Some(next)
                } else if matches!(next, 'b' | 'B' | 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'A' | 'z' | '<' | '>') {
                    None
                } else {
                    return None;
                }
            }
            '[' => {
                i = skip_class(&chars, i)?;
                None
            }
            '(' => {
                i = skip_group(&chars, i)?;
                None
            }
            '.' | '^' | '$' => {
                i += 1;
                None
            }
            '|' | ')' => return None,
            '*' | '+' | '?' | '{' => {
                // A quantifier on something that is not a literal character.
                i = skip_quantifier(&chars, i)?.0;
                None
            }
            c => {
                i += 1;
                Some(c)
            }
        };
        let Some(c) = literal else {
            flush(&mut run, &mut best);
            continue;
        };
        if chars.get(i).is_some_and(|q| matches!(q, '*' | '+' | '?' | '{')) {
            let (after, optional) = skip_quantifier(&chars, i)?;
            i = after;
            if !optional {
                run.push(c);
            }
            flush(&mut run, &mut best);
        } else {
            run.push(c);
        }
    }
    flush(&mut run, &mut best);
    (!best.is_empty()).then_some(best)
}

/// Skips the class opening at `chars[i]`; `None` for a nested or POSIX class.
fn skip_class(chars: &[char], mut i: usize) -> Option<usize> {
    i += 1;
    if chars.get(i) == Some(&'^') {
        i += 1;
    }
    if chars.get(i) == Some(&']') {
        i += 1;
    }
    loop {
        match *chars.get(i)? {
            '\\' => i += 2,
            '[' => return None,
            ']' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// Skips the group opening at `chars[i]` (up to its closing parenthesis).
fn skip_group(chars: &[char], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    loop {
        match *chars.get(i)? {
            '\\' => i += 2,
            '[' => i = skip_class(chars, i)?,
            '(' => {
                depth += 1;
                i += 1;
            }
            ')' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
}

/// Skips the quantifiers at `chars[i..]` (a lazy `?` counts as one more, and
/// quantifiers can follow each other: `a+??` may match nothing); also says whether any
/// allows zero repetitions. `None` if one is not understood.
fn skip_quantifier(chars: &[char], mut i: usize) -> Option<(usize, bool)> {
    let mut optional = false;
    loop {
        match chars.get(i) {
            Some('*' | '?') => {
                optional = true;
                i += 1;
            }
            Some('+') => i += 1,
            Some('{') => {
                let close = i + chars[i..].iter().position(|&c| c == '}')?;
                let body: String = chars[i + 1..close].iter().collect();
                let min = body.split(',').next()?;
                if min.is_empty() || !min.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                optional |= min.bytes().all(|b| b == b'0');
                i = close + 1;
            }
            _ => return Some((i, optional)),
        }
    }
}

/// `pattern` with every `\b`, `\B`, `\b{start}`, `\b{end}`, `\b{start-half}` and
/// `\b{end-half}` replaced by an empty group, or `None` if it has none.
///
/// Outside a character class these are assertions; inside one they are a syntax error,
/// so in a pattern that compiles every occurrence (pairing each backslash with the
/// character after it) is an assertion or sits in an `(?x)` comment, where replacing
/// it changes nothing. `\<` and `\>` are left alone (a valid escape inside a class).
pub(crate) fn without_word_boundaries(pattern: &str) -> Option<String> {
    const SPECIAL: [&str; 4] = ["{start}", "{end}", "{start-half}", "{end-half}"];
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut changed = false;
    let mut chars = pattern.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'b' | 'B')) => {
                out.push_str("(?:)");
                changed = true;
                let rest = &pattern[i + 2..];
                if let Some(special) = SPECIAL.iter().find(|s| rest.starts_with(*s)) {
                    for _ in 0..special.len() {
                        chars.next();
                    }
                }
            }
            Some((_, next)) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    changed.then_some(out)
}

/// Adds, for every multi-word term, the forms it takes in URLs, file names and
/// identifiers: words joined by `-`, `_`, `.` or nothing. Returns the terms and, for each,
/// the index of the term it came from.
fn with_joined_variants(terms: &[String]) -> (Vec<String>, Vec<usize>) {
    let mut all: Vec<String> = terms.to_vec();
    let mut origin: Vec<usize> = (0..terms.len()).collect();
    for (i, term) in terms.iter().enumerate() {
        let words: Vec<&str> = term.split_whitespace().collect();
        if words.len() < 2 {
            continue;
        }
        for sep in ["-", "_", ".", ""] {
            let variant = words.join(sep);
            if !all.iter().any(|t| t.eq_ignore_ascii_case(&variant)) {
                all.push(variant);
                origin.push(i);
            }
        }
    }
    (all, origin)
}

/// A compiled `[[rule]]` with terms.
#[derive(Debug, Clone)]
pub(crate) struct TermRule {
    pub(crate) name: String,
    /// The rule's terms, then URL-shaped variants of its multi-word terms
    /// (`umbrella-health`, `umbrella_health`, `umbrella.health`, `umbrellahealth`).
    pub(crate) terms: Vec<String>,
    /// For each entry of `terms`, the position of the term it came from in the rule.
    pub(crate) origin: Vec<usize>,
    pub(crate) replace: String,
}

impl TermRule {
    fn replacement(&self, index: usize) -> String {
        let n = self.origin.get(index).copied().unwrap_or(index) + 1;
        self.replace.replace("{n}", &n.to_string())
    }
}

/// Applies a redaction configuration to text.
#[derive(Debug, Clone)]
pub struct Redactor {
    pub(crate) builtins: Vec<Builtin>,
    /// Values the built-in detectors keep (`allow` in `redaction.toml`).
    pub(crate) allow: std::collections::HashSet<String>,
    pub(crate) term_rules: Vec<TermRule>,
    pub(crate) terms: TermMatcher,
    pub(crate) patterns: Vec<PatternRule>,
}

impl Redactor {
    /// Compiles a configuration. Fails if a pattern does not compile or if a
    /// replacement text would itself be matched by a rule or detector.
    pub fn new(config: &RedactionConfig) -> Result<Redactor, ConfigError> {
        let mut term_rules = Vec::new();
        let mut patterns = Vec::new();
        let rule_err = |line: usize, message: String, hint: Option<String>| ConfigError {
            file: config.file.clone(),
            line,
            column: if line > 0 { 1 } else { 0 },
            message,
            hint,
        };
        for rule in &config.rules {
            match &rule.kind {
                RuleKind::Terms(terms) => {
                    let (terms, origin) = with_joined_variants(terms);
                    term_rules.push(TermRule { name: rule.name.clone(), terms, origin, replace: rule.replace.clone() })
                }
                RuleKind::Pattern(p) => {
                    let re = Regex::new(p).map_err(|e| {
                        rule_err(rule.line, format!("rule `{}`: invalid regular expression: {e}", rule.name), None)
                    })?;
                    // Without a prefilter (it does not compile) the pattern simply always runs.
                    let prefilter = without_word_boundaries(p).and_then(|relaxed| Regex::new(&relaxed).ok());
                    let literal = required_literal(p).and_then(|l| AhoCorasick::new([l]).ok());
                    patterns.push(PatternRule {
                        name: rule.name.clone(),
                        re,
                        replace: rule.replace.clone(),
                        prefilter,
                        literal,
                    });
                }
            }
        }
        let groups: Vec<(Vec<String>, bool)> = term_rules.iter().map(|r| (r.terms.clone(), true)).collect();
        let redactor = Redactor {
            builtins: config.builtins.clone(),
            allow: config.allow.iter().cloned().collect(),
            terms: TermMatcher::new(&groups),
            term_rules,
            patterns,
        };

        // Replacement texts must be inert, or redaction could never be stable.
        let mut replacements: Vec<(String, String)> = Vec::new();
        for r in &redactor.term_rules {
            for i in 0..r.terms.len() {
                replacements.push((r.name.clone(), r.replacement(i)));
            }
        }
        for p in &redactor.patterns {
            replacements.push((p.name.clone(), p.replace.clone()));
        }
        for b in &redactor.builtins {
            replacements.push((b.name().to_owned(), b.replacement().to_owned()));
        }
        for (owner, text) in &replacements {
            if let Some(hit) = redactor.is_clean(text) {
                let line = config.rules.iter().find(|r| &r.name == owner).map_or(0, |r| r.line);
                return Err(rule_err(
                    line,
                    format!("the replacement {text:?} of rule `{owner}` is itself matched by rule `{}`", hit.rule),
                    Some("choose a replacement that contains none of the redacted terms or patterns".into()),
                ));
            }
        }
        Ok(redactor)
    }

    /// The enabled built-in detectors.
    pub fn builtins(&self) -> &[Builtin] {
        &self.builtins
    }

    /// Every candidate match in `text`, unmerged and possibly overlapping, sorted by start.
    pub fn detect(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        if !self.terms.is_empty() {
            self.detect_terms(&Skeleton::new(text), &mut hits);
        }
        self.detect_regex(text, &mut hits);
        hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
        hits
    }

    /// Term matches on a prepared skeleton.
    pub(crate) fn detect_terms(&self, sk: &Skeleton, hits: &mut Vec<Hit>) {
        for m in self.terms.find_all_in(sk) {
            let rule = &self.term_rules[m.group];
            hits.push(Hit { rule: rule.name.clone(), range: m.range, replacement: rule.replacement(m.index) });
        }
    }

    /// Pattern-rule and built-in detector matches.
    pub(crate) fn detect_regex(&self, text: &str, hits: &mut Vec<Hit>) {
        for p in &self.patterns {
            if p.literal.as_ref().is_some_and(|lit| !lit.is_match(text))
                || p.prefilter.as_ref().is_some_and(|pre| !text.is_ascii() && !pre.is_match(text))
            {
                continue;
            }
            for m in p.re.find_iter(text) {
                if !m.is_empty() {
                    hits.push(Hit { rule: p.name.clone(), range: m.range(), replacement: p.replace.clone() });
                }
            }
        }
        // The IPv4, card and phone detectors share one scan for runs of digits.
        let runs = if self.builtins.iter().any(|b| b.uses_numeric_runs()) { numeric_runs(text) } else { Vec::new() };
        for b in &self.builtins {
            for r in b.find_with(text, &runs) {
                // A value the team has checked (`allow`) is kept, here and so in the scanner.
                if self.allow.is_empty() || !self.allow.contains(&text[r.clone()]) {
                    hits.push(Hit { rule: b.name().to_owned(), range: r, replacement: b.replacement().to_owned() });
                }
            }
        }
    }

    /// The first match in `text` (earliest, then longest), or `None` when the text is clean.
    pub fn is_clean(&self, text: &str) -> Option<Hit> {
        self.detect(text).into_iter().next()
    }

    /// Redacts `text`.
    pub fn redact(&self, text: &str) -> Redacted {
        let (mut current, mut hits) = self.one_pass(text);
        if hits.is_empty() {
            return Redacted { text: current, hits };
        }
        // `pieces` maps the current text back to the input: (current range, input range).
        let mut pieces = pieces_of(text, &hits, &current);
        for _ in 1..MAX_PASSES {
            let (next, more) = self.one_pass(&current);
            if more.is_empty() {
                break;
            }
            for h in &more {
                let range = map_back(&pieces, &h.range);
                hits.push(Hit { rule: h.rule.clone(), range, replacement: h.replacement.clone() });
            }
            let new_pieces = pieces_of(&current, &more, &next);
            pieces = compose(&new_pieces, &pieces);
            current = next;
        }
        hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
        Redacted { text: current, hits }
    }

    /// One detection and replacement pass; hits are merged and non-overlapping.
    fn one_pass(&self, text: &str) -> (String, Vec<Hit>) {
        let candidates = self.detect(text);
        let mut merged: Vec<Hit> = Vec::new();
        for h in candidates {
            match merged.last_mut() {
                Some(last) if h.range.start < last.range.end => {
                    last.range.end = last.range.end.max(h.range.end);
                }
                _ => merged.push(h),
            }
        }
        if merged.is_empty() {
            return (text.to_owned(), merged);
        }
        // A hit anywhere in a URL takes the whole URL: a ticket id, a path or a query
        // next to a redacted host says as much as the host.
        let mut whole: Vec<Hit> = Vec::with_capacity(merged.len());
        for mut h in merged {
            h.range = url_around(text, h.range.clone());
            match whole.last_mut() {
                Some(last) if h.range.start < last.range.end => last.range.end = last.range.end.max(h.range.end),
                _ => whole.push(h),
            }
        }
        let merged = whole;
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for h in &merged {
            out.push_str(&text[pos..h.range.start]);
            out.push_str(&h.replacement);
            pos = h.range.end;
        }
        out.push_str(&text[pos..]);
        (out, merged)
    }
}

/// Characters that end a URL in running text, Markdown or markup.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '{' | '}' | '|' | '\\' | '^')
}

/// `range` widened to the whole URL around it, when it lies in one: a `scheme://…` URL
/// (host, user info, path, query, fragment), or a host name followed by a path
/// (`jira.corp.example.net/browse/OPS-1`). Trailing punctuation and an unbalanced closing
/// bracket are not part of the URL. Otherwise `range` itself.
pub(crate) fn url_around(text: &str, range: Range<usize>) -> Range<usize> {
    let token_start =
        text[..range.start].rfind(ends_url).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let token_end = text[range.end..].find(ends_url).map_or(text.len(), |i| range.end + i);
    if token_start >= range.start && token_end <= range.end {
        return range;
    }
    let token = &text[token_start..token_end];
    // The URL's start: the scheme before the first `://` of the token, if any.
    let start = match token.find("://") {
        Some(sep) if token_start + sep < range.end => {
            let scheme_len = token[..sep]
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
                .count();
            let scheme = &token[sep - scheme_len..sep];
            // A scheme starts with a letter.
            let skip = scheme.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(scheme.len());
            if skip == scheme.len() {
                return range;
            }
            token_start + sep - scheme_len + skip
        }
        _ => {
            // No scheme: a host followed by a path.
            let after = &text[range.end..token_end];
            if !after.starts_with('/') || after.len() < 2 {
                return range;
            }
            range.start
        }
    };
    let mut end = token_end;
    loop {
        let url = &text[start..end];
        let Some(last) = url.chars().last() else { break };
        let unbalanced =
            |open: char, close: char| last == close && url.matches(open).count() < url.matches(close).count();
        if end > range.end
            && (matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '*' | '_' | '~')
                || unbalanced('(', ')')
                || unbalanced('[', ']'))
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    start.min(range.start)..end.max(range.end)
}

/// A correspondence between a range of an output text and a range of its input.
#[derive(Debug, Clone)]
struct Piece {
    out: Range<usize>,
    input: Range<usize>,
}

/// Splits an output text into pieces: kept text (1:1) and replacements (whole spans).
fn pieces_of(input: &str, hits: &[Hit], _output: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let (mut ipos, mut opos) = (0, 0);
    for h in hits {
        let kept = h.range.start - ipos;
        if kept > 0 {
            pieces.push(Piece { out: opos..opos + kept, input: ipos..h.range.start });
        }
        opos += kept;
        pieces.push(Piece { out: opos..opos + h.replacement.len(), input: h.range.clone() });
        opos += h.replacement.len();
        ipos = h.range.end;
    }
    let rest = input.len() - ipos;
    pieces.push(Piece { out: opos..opos + rest, input: ipos..input.len() });
    pieces
}

/// Maps a range of an output back to the input range it came from.
fn map_back(pieces: &[Piece], r: &Range<usize>) -> Range<usize> {
    let point = |p: usize, is_end: bool| -> usize {
        for piece in pieces {
            let identity = piece.out.len() == piece.input.len();
            if (p >= piece.out.start && p < piece.out.end) || (is_end && p == piece.out.end && p > piece.out.start) {
                if identity {
                    return piece.input.start + (p - piece.out.start);
                }
                return if is_end { piece.input.end } else { piece.input.start };
            }
        }
        pieces.last().map_or(0, |p| p.input.end)
    };
    point(r.start, false)..point(r.end, true)
}

/// Composes pieces (current → previous) with (previous → input) into (current → input).
fn compose(outer: &[Piece], inner: &[Piece]) -> Vec<Piece> {
    outer.iter().map(|p| Piece { out: p.out.clone(), input: map_back(inner, &p.input) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(toml: &str) -> Redactor {
        Redactor::new(&RedactionConfig::from_toml_str(toml, "r.toml").unwrap()).unwrap()
    }

    const CONFIG: &str = r#"
[[rule]]
name = "customers"
terms = ["Globex", "Initech", "Umbrella Health"]
replace = "Customer {n}"

[[rule]]
name = "people"
terms = ["Alice Smith"]
replace = "an engineer"

[[rule]]
name = "internal-hosts"
pattern = '\b[a-z0-9.-]+\.corp\.example\.net\b'
replace = "[internal host]"
"#;

    #[test]
    fn pseudonyms_are_stable() {
        let r = redactor(CONFIG);
        let out = r.redact("GLOBEX's db on db1.corp.example.net; Initech and globex, Umbrella\nHealth.");
        assert_eq!(out.text, "Customer 1's db on [internal host]; Customer 2 and Customer 1, Customer 3.");
        let rules: Vec<&str> = out.hits.iter().map(|h| h.rule.as_str()).collect();
        assert_eq!(rules, ["customers", "internal-hosts", "customers", "customers", "customers"]);
        assert_eq!(out.counts()["customers"], 4);
    }

    #[test]
    fn builtins_replace() {
        let r = redactor("");
        let out = r.redact("mail alice@example.com from 10.0.0.1 and ::1, key AKIAQ3EGRT5LXPZ7UW2K");
        assert_eq!(out.text, "mail [email] from [ip] and [ip], key [secret]");
        assert_eq!(r.redact(&out.text).text, out.text);
        assert!(r.is_clean(&out.text).is_none());
        assert_eq!(r.is_clean("x 10.0.0.1").unwrap().rule, "ipv4");
    }

    #[test]
    fn a_hit_in_a_url_takes_the_whole_url() {
        let r = redactor(CONFIG);
        let cases = [
            ("<https://jira.corp.example.net/browse/OPS-99123>", "<[internal host]>"),
            ("see https://jira.corp.example.net/browse/OPS-99123.", "see [internal host]."),
            ("(https://jira.corp.example.net/browse/OPS-1?x=2#c)", "([internal host])"),
            ("[t](https://jira.corp.example.net/browse/OPS-1)", "[t]([internal host])"),
            ("https://crm.example.com/accounts/globex/overview?tab=1 ok", "Customer 1 ok"),
            ("https://crm.example.com/?customer=Initech&x=1", "Customer 2"),
            ("https://crm.example.com/#alice-smith", "an engineer"),
            ("ftp://db1.corp.example.net:21/dump", "[internal host]"),
            ("https://svc:pw@db1.corp.example.net/x", "[email]"),
            ("jira.corp.example.net/browse/OPS-7 was filed", "[internal host] was filed"),
            ("host db1.corp.example.net, then", "host [internal host], then"),
            ("Globex's page https://status.example.com/ is up", "Customer 1's page https://status.example.com/ is up"),
        ];
        for (input, want) in cases {
            let out = r.redact(input);
            assert_eq!(out.text, want, "{input}");
            assert!(!out.text.contains("OPS-") && !out.text.contains("corp."), "{input}: {}", out.text);
            assert_eq!(r.redact(&out.text).text, out.text, "idempotent: {input}");
        }
        // The hit's range covers the whole URL.
        let out = r.redact("a <https://jira.corp.example.net/browse/OPS-99123> b");
        assert_eq!(out.hits.len(), 1);
        assert_eq!(out.hits[0].range, 3..49);
    }

    #[test]
    fn allow_list_keeps_checked_values_from_detectors() {
        let text = "publish AKIAQ3EGRT5LXPZ7UW2K but not AKIAZ7UW2KQ3EGRT5LXP, build 203.0.113.7 and 198.51.100.9";
        let plain = redactor("").redact(text).text;
        assert_eq!(plain, "publish [secret] but not [secret], build [ip] and [ip]");
        let r = redactor("allow = [\"AKIAQ3EGRT5LXPZ7UW2K\", \"203.0.113.7\"]");
        let out = r.redact(text);
        assert_eq!(out.text, "publish AKIAQ3EGRT5LXPZ7UW2K but not [secret], build 203.0.113.7 and [ip]");
        assert!(r.is_clean(&out.text).is_none());
        // Only the exact value: a longer or shorter match is still redacted.
        assert_eq!(r.redact("db 203.0.113.70 up").text, "db [ip] up");
    }

    #[test]
    fn allow_list_does_not_override_rules() {
        let r = redactor(
            "allow = [\"Globex\", \"203.0.113.7\"]\n[[rule]]\nname = \"c\"\nterms = [\"Globex\"]\nreplace = \"Customer {n}\"\n[[rule]]\nname = \"hosts\"\npattern = '203\\.0\\.113\\.7'\n",
        );
        assert_eq!(r.redact("Globex at 203.0.113.7").text, "Customer 1 at [redacted]");
    }

    #[test]
    fn leak_scanner_passes_allowed_values() {
        use crate::scan::LeakScanner;
        let html = "<p>key AKIAQ3EGRT5LXPZ7UW2K from 203.0.113.7</p>";
        let strict = LeakScanner::new(&redactor(""), vec![]);
        let rules: Vec<String> = strict
            .scan_file(std::path::Path::new("index.html"), html.as_bytes())
            .unwrap()
            .into_iter()
            .map(|l| l.rule)
            .collect();
        assert_eq!(rules, ["ipv4", "secrets"]);
        let allowing = LeakScanner::new(&redactor("allow = [\"AKIAQ3EGRT5LXPZ7UW2K\", \"203.0.113.7\"]"), vec![]);
        assert!(allowing.scan_file(std::path::Path::new("index.html"), html.as_bytes()).unwrap().is_empty());
    }

    #[test]
    fn overlaps_merge() {
        let r = redactor(CONFIG);
        // IPv4-mapped IPv6 contains an IPv4: one hit, the earliest/longest.
        let out = r.redact("addr ::ffff:192.0.2.128 end");
        assert_eq!(out.text, "addr [ip] end");
        assert_eq!(out.hits.len(), 1);
        assert_eq!(out.hits[0].rule, "ipv6");
    }

    #[test]
    fn bad_replacement_is_rejected() {
        let cfg = RedactionConfig::from_toml_str(
            "[[rule]]\nname = \"c\"\nterms = [\"Customer\"]\nreplace = \"Customer {n}\"\n",
            "r.toml",
        )
        .unwrap();
        let e = Redactor::new(&cfg).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("replacement"), "{e}");
        let cfg = RedactionConfig::from_toml_str(
            "[[rule]]\nname = \"c\"\npattern = 'x'\nreplace = \"see a@b.com\"\n",
            "r.toml",
        )
        .unwrap();
        let e = Redactor::new(&cfg).unwrap_err();
        assert_eq!(e.message, "the replacement \"see a@b.com\" of rule `c` is itself matched by rule `email`");
        assert!(e.hint.is_some_and(|h| h.contains("choose a replacement")));
    }

    #[test]
    fn follow_up_pass_maps_ranges() {
        // "[ip]" next to digits cannot form anything, but a pattern joining replacement
        // text and neighbours can: "Customer 1" + "-99" matches `\d-\d\d`.
        let r = redactor(
            "[[rule]]\nname = \"c\"\nterms = [\"Globex\"]\nreplace = \"Customer {n}\"\n[[rule]]\nname = \"ids\"\npattern = '\\d-\\d\\d'\nreplace = \"[id]\"\n",
        );
        let input = "Globex-99 ok";
        let out = r.redact(input);
        assert_eq!(out.text, "Customer [id] ok");
        assert_eq!(r.redact(&out.text).text, out.text);
        for h in &out.hits {
            assert!(h.range.end <= input.len());
        }
        assert!(out.hits.iter().any(|h| h.rule == "ids" && h.range == (0..9)));
    }

    #[test]
    fn required_literals() {
        let lit = |p: &str| required_literal(p);
        assert_eq!(lit(r"\b[a-z0-9.-]+\.corp\.northwind\.example\b").as_deref(), Some(".corp.northwind.example"));
        assert_eq!(lit(r"ab?c*d{0,2}e+[xy]\.?z\B").as_deref(), Some("a"));
        assert_eq!(lit(r"xyzab?").as_deref(), Some("xyza"));
        assert_eq!(lit(r"xyzab{2}c").as_deref(), Some("xyzab"));
        assert_eq!(lit(r"\bOPS-\d{3,}\b").as_deref(), Some("OPS-"));
        assert_eq!(lit(r"ab+?cd").as_deref(), Some("cd"));
        assert_eq!(lit(r"xab+??cd").as_deref(), Some("xa"));
        assert_eq!(lit(r"\<node\>").as_deref(), Some("node"));
        assert_eq!(lit(r"(?:group)literal[^]x]more").as_deref(), Some("literal"));
        for none in [
            r"a|b",
            r"(?i)abc",
            r"abc(?i:d)",
            r"(?x)a b c",
            r"\x41BC",
            r"\pLabc",
            r"[[:alpha:]]abc",
            r"[a[b]]abc",
            r"\d+",
            r"a{,3}",
            r"(unclosed",
        ] {
            assert_eq!(lit(none), None, "{none}");
        }
    }

    #[test]
    fn word_boundaries_removed() {
        let relaxed = |p: &str| without_word_boundaries(p);
        assert_eq!(relaxed(r"\bab\B").as_deref(), Some("(?:)ab(?:)"));
        assert_eq!(relaxed(r"\\b\b{start}x\b{end-half}").as_deref(), Some(r"\\b(?:)x(?:)"));
        assert_eq!(relaxed(r"abc"), None);
        assert_eq!(relaxed(r"\\bc"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Whatever the pattern, a text it matches contains the required literal and is
        /// matched by the pattern without word boundaries.
        #[test]
        fn prefilters_never_miss(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "b", "é", "-", r"\.", ".", r"\b", r"\B", r"\b{start}", r"\b{end}", r"\d", r"\w", "[ab]",
                "[^a]", "[]a]", "(?:ab|b)", "(a)", "|", "?", "*", "+", "{2}", "{0,2}", "{1,}", "??", "^", "$",
                "(?i)", " ", r"\-", r"\\", r"\<", r"\>", r"\.", "]", "}", "#",
            ]), 1..10),
            haystacks in proptest::collection::vec("[ab.\\- é_1<>#}\\]]{0,14}", 40),
        ) {
            let pattern = parts.concat();
            let Ok(re) = Regex::new(&pattern) else { return Ok(()) };
            let lit = required_literal(&pattern);
            let relaxed = without_word_boundaries(&pattern).map(|p| Regex::new(&p).unwrap());
            for h in &haystacks {
                if re.is_match(h) {
                    if let Some(l) = &lit {
                        proptest::prop_assert!(h.contains(l.as_str()), "{pattern:?} matches {h:?} without {l:?}");
                    }
                    if let Some(r) = &relaxed {
                        proptest::prop_assert!(r.is_match(h), "{pattern:?} matches {h:?}, relaxed does not");
                    }
                }
            }
        }
    }
}
