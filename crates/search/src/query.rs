//! The query language.
//!
//! - words: all must match (AND); the last word is prefix-matched unless the query ends
//!   with a space (as-you-type); words of 5+ letters tolerate one edit, 9+ letters two
//!   (letters only; codes and numbers are exact);
//! - `"quoted phrases"`: the words in this order, adjacent, in one field;
//! - `-word`, `-"a phrase"`: exclude documents that contain it (exact);
//! - filters `severity:SEV1 service:checkout-api tag:dns region:eu-west-1 compliance:SOC2
//!   year:2024` (case-insensitive; repeating a key, or `key:a,b`, means either);
//! - `sort:relevance|newest|longest`.
//!
//! A `key:value` whose key is not a filter key is searched as text.

use crate::tokenize::{TokenKind, fold, tokenize};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By score, newest first among equal scores (the default with words; without words,
    /// the same as [`Sort::Newest`]).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
    /// Longest duration first (ongoing incidents last), newest first among equals.
    Longest,
}

/// One word to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The word folded (lowercase, no diacritics), as typed: the prefix for prefix matching.
    pub text: String,
    /// The index term (stemmed, or the whole joined token for `eu-west-1`).
    pub term: String,
    /// Prefix-match this word (the last word, while typing).
    pub prefix: bool,
    /// Allowed edits for typo tolerance (0, 1 or 2).
    pub max_edits: u8,
}

/// A quoted phrase: index terms with their relative positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// `(term, offset from the first word)`.
    pub terms: Vec<(String, u32)>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Words that must all match.
    pub words: Vec<QueryTerm>,
    /// Phrases that must all match.
    pub phrases: Vec<Phrase>,
    /// Excluded terms.
    pub excluded_terms: Vec<String>,
    /// Excluded phrases.
    pub excluded_phrases: Vec<Phrase>,
    /// Filters: facet key → accepted values (lowercase); keys in first-seen order.
    pub filters: Vec<(String, Vec<String>)>,
    /// Requested order; `None` means relevance with words, newest without.
    pub sort: Option<Sort>,
    /// Only incidents that overlap this range (unix seconds, inclusive): set by the
    /// timeline's brush, not typed.
    pub within: Option<(i64, i64)>,
}

/// Maps a typed filter key to its facet key.
pub fn facet_key(key: &str) -> Option<&'static str> {
    Some(match key.to_ascii_lowercase().as_str() {
        "severity" | "sev" => "severity",
        "service" | "services" => "service",
        "tag" | "tags" => "tag",
        "region" | "regions" => "region",
        "compliance" => "compliance",
        "year" | "years" => "year",
        _ => return None,
    })
}

/// Typo budget for a word of `chars` letters.
pub fn edits_for(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl Query {
    /// Parses a query string. Never fails: anything unrecognised is searched as text.
    pub fn parse(input: &str) -> Query {
        let mut q = Query::default();
        let chars: Vec<char> = input.chars().collect();
        let mut i = 0;
        let mut last_word_item: Option<usize> = None; // index in q.words of the last bare item's first word
        let mut last_item_was_word = false;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let negate = c == '-' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace());
            if negate {
                i += 1;
            }
            if matches!(chars.get(i), Some('"' | '\u{201c}' | '\u{201d}')) {
                i += 1;
                let start = i;
                while i < chars.len() && !matches!(chars[i], '"' | '\u{201c}' | '\u{201d}') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                i += 1;
                let phrase = phrase_of(&text);
                if !phrase.terms.is_empty() {
                    if negate {
                        q.excluded_phrases.push(phrase);
                    } else {
                        q.phrases.push(phrase);
                    }
                }
                last_item_was_word = false;
                continue;
            }
            // A bare item up to whitespace; `key:"quoted value"` keeps its spaces.
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                if chars[i] == ':' && matches!(chars.get(i + 1), Some('"')) {
                    i += 2;
                    while i < chars.len() && chars[i] != '"' {
                        i += 1;
                    }
                }
                i += 1;
            }
            let item: String = chars[start..i.min(chars.len())].iter().collect();
            if let Some((key, value)) = item.split_once(':') {
                let value = value.trim_matches('"');
                if key.eq_ignore_ascii_case("sort") {
                    q.sort = match value.to_ascii_lowercase().as_str() {
                        "newest" | "new" | "recent" | "date" => Some(Sort::Newest),
                        "longest" | "duration" => Some(Sort::Longest),
                        _ => Some(Sort::Relevance),
                    };
                    last_item_was_word = false;
                    continue;
                }
                if let Some(fk) = facet_key(key) {
                    let values: Vec<String> =
                        value.split(',').map(|v| crate::tokenize::lower(v.trim())).filter(|v| !v.is_empty()).collect();
                    if !values.is_empty() && !negate {
                        match q.filters.iter_mut().find(|(k, _)| k == fk) {
                            Some((_, vs)) => vs.extend(values),
                            None => q.filters.push((fk.to_owned(), values)),
                        }
                    }
                    last_item_was_word = false;
                    continue;
                }
            }
            let words = words_of(&item);
            if negate {
                q.excluded_terms.extend(words.into_iter().map(|w| w.term));
                last_item_was_word = false;
            } else if !words.is_empty() {
                last_word_item = Some(q.words.len() + words.len() - 1);
                q.words.extend(words);
                last_item_was_word = true;
            } else {
                last_item_was_word = false;
            }
        }
        let typing = !input.ends_with(char::is_whitespace);
        if typing
            && last_item_was_word
            && let Some(k) = last_word_item
            && let Some(w) = q.words.get_mut(k)
            && w.text.chars().count() >= 2
        {
            w.prefix = true;
        }
        q
    }

    /// Whether the query has no words or phrases (it only filters or sorts).
    pub fn is_text_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }

    /// The effective sort.
    pub fn effective_sort(&self) -> Sort {
        match self.sort {
            Some(s) => s,
            None if self.is_text_empty() => Sort::Newest,
            None => Sort::Relevance,
        }
    }
}

/// The words of one bare item.
fn words_of(item: &str) -> Vec<QueryTerm> {
    let mut out = Vec::new();
    let toks = tokenize(item);
    let mut skip_until = 0usize;
    for tok in &toks {
        if tok.kind == TokenKind::Part && tok.start < skip_until {
            continue;
        }
        let raw = &item[tok.start..tok.end];
        let text: String = fold(raw).chars().filter(|c| !matches!(c, '\'' | '\u{2019}')).collect();
        let letters = text.chars().all(crate::tokenize::is_letter);
        let max_edits = if tok.kind == TokenKind::Word && letters { edits_for(text.chars().count()) } else { 0 };
        if tok.kind == TokenKind::Whole {
            skip_until = tok.end;
        }
        out.push(QueryTerm { text, term: tok.term.clone(), prefix: false, max_edits });
    }
    out
}

/// The terms of a quoted phrase with relative positions (joined tokens by their parts).
fn phrase_of(text: &str) -> Phrase {
    let toks: Vec<_> = tokenize(text).into_iter().filter(|t| t.kind != TokenKind::Whole).collect();
    let base = toks.first().map(|t| t.position).unwrap_or(0);
    Phrase { terms: toks.into_iter().map(|t| (t.term, t.position - base)).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_prefix_and_typos() {
        let q = Query::parse("Kafka certficate kaf");
        let v: Vec<(&str, bool, u8)> = q.words.iter().map(|w| (w.term.as_str(), w.prefix, w.max_edits)).collect();
        assert_eq!(v, [("kafka", false, 1), ("certfic", false, 2), ("kaf", true, 0)]);
        let q = Query::parse("kafka ");
        assert!(!q.words[0].prefix);
    }

    #[test]
    fn filters_phrases_exclusions_sort() {
        let q = Query::parse(
            r#"severity:SEV1 Service:checkout-api tag:dns,tls "root cause" -redis -"load balancer" sort:longest year:2024 sev:sev2"#,
        );
        assert_eq!(
            q.filters,
            vec![
                ("severity".to_owned(), vec!["sev1".to_owned(), "sev2".to_owned()]),
                ("service".to_owned(), vec!["checkout-api".to_owned()]),
                ("tag".to_owned(), vec!["dns".to_owned(), "tls".to_owned()]),
                ("year".to_owned(), vec!["2024".to_owned()]),
            ]
        );
        assert_eq!(q.phrases, vec![Phrase { terms: vec![("root".into(), 0), ("caus".into(), 1)] }]);
        assert_eq!(q.excluded_terms, vec!["redi".to_owned()]);
        assert_eq!(q.excluded_phrases.len(), 1);
        assert_eq!(q.sort, Some(Sort::Longest));
        assert!(q.words.is_empty());
        assert_eq!(q.effective_sort(), Sort::Longest);
    }

    #[test]
    fn compound_words_keep_the_whole_token() {
        let q = Query::parse("eu-west-1 outage");
        assert_eq!(q.words.iter().map(|w| w.term.as_str()).collect::<Vec<_>>(), ["eu-west-1", "outag"]);
        assert_eq!(q.words[0].max_edits, 0);
        let q = Query::parse("HTTP 502");
        assert_eq!(
            q.words.iter().map(|w| (w.term.as_str(), w.max_edits)).collect::<Vec<_>>(),
            [("http", 0), ("502", 0)]
        );
    }

    #[test]
    fn unknown_keys_are_text_and_empty_is_empty() {
        let q = Query::parse("error:timeout");
        assert_eq!(q.words.len(), 2);
        let q = Query::parse("   ");
        assert!(q.is_text_empty() && q.filters.is_empty());
        assert_eq!(q.effective_sort(), Sort::Newest);
    }
}
