//! Snippets: the best-matching passage of a result, HTML-escaped, matches in `<mark>`.
//!
//! Work is bounded whatever the input: at most [`MAX_SCAN_BYTES`] of a text are scanned
//! and a snippet is at most about [`SNIPPET_BYTES`] of text.

use crate::tokenize::tokenize_with;

/// Bytes of one text examined for a snippet.
pub const MAX_SCAN_BYTES: usize = 64 * 1024;

/// Target length of a snippet in bytes of text.
pub const SNIPPET_BYTES: usize = 220;

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte ranges of tokens of `text` whose term is in `terms` (sorted), merged.
fn match_spans(text: &str, terms: &[String]) -> Vec<(usize, usize, usize)> {
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    if terms.is_empty() {
        return spans;
    }
    tokenize_with(text, |tok| {
        if let Ok(k) = terms.binary_search(&tok.term) {
            match spans.last_mut() {
                Some(last) if tok.start < last.1 => last.1 = last.1.max(tok.end),
                _ => spans.push((tok.start, tok.end, k)),
            }
        }
    });
    spans
}

fn write_marked(text: &str, from: usize, to: usize, spans: &[(usize, usize, usize)], out: &mut String) {
    let mut at = from;
    for &(s, e, _) in spans {
        if e <= from || s >= to {
            continue;
        }
        let (s, e) = (s.max(from), e.min(to));
        escape_html(&text[at..s], out);
        out.push_str("<mark>");
        escape_html(&text[s..e], out);
        out.push_str("</mark>");
        at = e;
    }
    escape_html(&text[at..to], out);
}

/// `text` (bounded to `max_bytes`) with every match marked.
pub fn highlight_all(text: &str, terms: &[String], max_bytes: usize) -> String {
    let text = &text[..floor_boundary(text, max_bytes)];
    let spans = match_spans(text, terms);
    let mut out = String::with_capacity(text.len() + 16);
    write_marked(text, 0, text.len(), &spans, &mut out);
    out
}

/// The best passage among `texts` (the first with most distinct matches wins), marked.
/// Without any match, the start of the first non-empty text.
pub fn best_passage(texts: &[&str], terms: &[String]) -> String {
    let mut best: Option<(usize, usize, usize, usize)> = None; // (score, text index, start, end)
    let mut spans_of = Vec::new();
    for (ti, text) in texts.iter().enumerate() {
        let text = &text[..floor_boundary(text, MAX_SCAN_BYTES)];
        let spans = match_spans(text, terms);
        // Window starting at each match: distinct terms, then total matches.
        let mut j = 0;
        for i in 0..spans.len() {
            let limit = spans[i].0 + SNIPPET_BYTES;
            if j < i {
                j = i;
            }
            while j + 1 < spans.len() && spans[j + 1].1 <= limit {
                j += 1;
            }
            let mut distinct: Vec<usize> = spans[i..=j].iter().map(|s| s.2).collect();
            debrief_sort::sort(&mut distinct);
            distinct.dedup();
            let score = distinct.len() * 1000 + (j - i + 1);
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, ti, spans[i].0, spans[j].1));
            }
        }
        spans_of.push(spans);
    }
    let (ti, ms, me) = match best {
        Some((_, ti, s, e)) => (ti, s, e),
        None => match texts.iter().position(|t| !t.trim().is_empty()) {
            Some(ti) => (ti, 0, 0),
            None => return String::new(),
        },
    };
    let text = &texts[ti][..floor_boundary(texts[ti], MAX_SCAN_BYTES)];
    // Centre the matches in a window of about SNIPPET_BYTES, cut at spaces.
    let room = SNIPPET_BYTES.saturating_sub(me - ms);
    let mut start = floor_boundary(text, ms.saturating_sub(room / 3));
    if start > 0 {
        start = text[start..ms].find(' ').map(|k| start + k + 1).filter(|&s| s <= ms).unwrap_or(start);
    }
    let mut end = floor_boundary(text, (start + SNIPPET_BYTES).max(me));
    if end < text.len() {
        end = text[me.min(end)..end].rfind(' ').map(|k| me.min(end) + k).filter(|&e| e >= me).unwrap_or(end);
    }
    let mut out = String::with_capacity(end - start + 32);
    if start > 0 {
        out.push('…');
    }
    write_marked(text, start, end, &spans_of[ti], &mut out);
    if end < texts[ti].len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_marks() {
        let terms = vec!["certif".to_owned()];
        let s = highlight_all("<b>Certificate</b> & co", &terms, 100);
        assert_eq!(s, "&lt;b&gt;<mark>Certificate</mark>&lt;/b&gt; &amp; co");
    }

    #[test]
    fn picks_the_passage_with_most_terms() {
        let text =
            format!("{} kafka alone here. {} kafka metrics together now.", "filler ".repeat(60), "pad ".repeat(60));
        let terms = vec!["kafka".to_owned(), "metric".to_owned()];
        let s = best_passage(&[&text], &terms);
        assert!(s.contains("<mark>kafka</mark> <mark>metrics</mark>"), "{s}");
        assert!(s.starts_with('…'));
    }

    #[test]
    fn no_match_gives_start() {
        let s = best_passage(&["", "hello world"], &[]);
        assert_eq!(s, "hello world");
    }
}
