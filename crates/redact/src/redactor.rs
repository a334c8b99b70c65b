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

use regex::Regex;

use crate::config::{ConfigError, RedactionConfig, RuleKind};
use crate::detectors::Builtin;
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
}

/// A compiled `[[rule]]` with terms.
#[derive(Debug, Clone)]
pub(crate) struct TermRule {
    pub(crate) name: String,
    pub(crate) terms: Vec<String>,
    pub(crate) replace: String,
}

impl TermRule {
    fn replacement(&self, index: usize) -> String {
        self.replace.replace("{n}", &(index + 1).to_string())
    }
}

/// Applies a redaction configuration to text.
#[derive(Debug, Clone)]
pub struct Redactor {
    pub(crate) builtins: Vec<Builtin>,
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
                RuleKind::Terms(terms) => term_rules.push(TermRule {
                    name: rule.name.clone(),
                    terms: terms.clone(),
                    replace: rule.replace.clone(),
                }),
                RuleKind::Pattern(p) => {
                    let re = Regex::new(p).map_err(|e| {
                        rule_err(rule.line, format!("rule `{}`: invalid regular expression: {e}", rule.name), None)
                    })?;
                    patterns.push(PatternRule { name: rule.name.clone(), re, replace: rule.replace.clone() });
                }
            }
        }
        let groups: Vec<(Vec<String>, bool)> = term_rules.iter().map(|r| (r.terms.clone(), true)).collect();
        let redactor =
            Redactor { builtins: config.builtins.clone(), terms: TermMatcher::new(&groups), term_rules, patterns };

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
        self.detect_terms(&Skeleton::new(text), &mut hits);
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
            for m in p.re.find_iter(text) {
                if !m.is_empty() {
                    hits.push(Hit { rule: p.name.clone(), range: m.range(), replacement: p.replace.clone() });
                }
            }
        }
        for b in &self.builtins {
            for r in b.find(text) {
                hits.push(Hit { rule: b.name().to_owned(), range: r, replacement: b.replacement().to_owned() });
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
        assert!(Redactor::new(&cfg).is_err());
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
}
