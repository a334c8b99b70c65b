//! Bodies arrive as HTML (Statuspage updates and postmortems, pasted rich text) or as
//! Markdown (cState, Upptime). HTML is converted with `htmd` (a turndown.js port on
//! html5ever): links, lists, emphasis, code and tables are kept; scripts, styles and
//! other active content are dropped with their text. Plain text and Markdown without HTML
//! pass through; Markdown with HTML in it is rendered to HTML first (comrak) and converted
//! back whole.

use htmd::HtmlToMarkdown;
use htmd::options::{BrStyle, BulletListMarker, Options};

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &["script", "style", "noscript", "template", "iframe", "object", "embed", "head", "svg"];

/// Whether `text` holds HTML markup: a tag (`<p>`, `</a>`, `<br/>`) or a character
/// reference (`&amp;`, `&#39;`).
pub fn looks_like_html(text: &str) -> bool {
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'<' => {
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                let after = bytes.get(i + 2).copied().unwrap_or(b' ');
                if next.is_ascii_alphabetic() && tag_name_ends(&bytes[i + 1..])
                    || (next == b'/' && after.is_ascii_alphabetic())
                    || (next == b'!' && after == b'-')
                {
                    return true;
                }
            }
            b'&' => {
                let rest = &bytes[i + 1..];
                let name = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'#').count();
                if (2..=10).contains(&name) && rest.get(name) == Some(&b';') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// `<word` followed by `>`, `/`, or whitespace: a tag, not `a <b` in prose ("x <5").
fn tag_name_ends(rest: &[u8]) -> bool {
    let name = rest.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    name > 0 && matches!(rest.get(name), Some(b'>' | b'/' | b' ' | b'\n' | b'\t'))
}

/// Markdown for a body that may be HTML, plain text or Markdown.
///
/// HTML without block elements (a Statuspage update with an `<a>` or `<strong>` in
/// plain text) keeps its line breaks: each newline becomes a `<br>` before conversion.
pub fn to_markdown(body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    if !looks_like_html(&body) || nesting(&body) > MAX_NESTING {
        // Too deeply nested for a converter that recurses: kept as text (debrief escapes
        // raw HTML when it renders).
        return tidy(&body);
    }
    let html = if has_block_elements(&body) { body.clone() } else { body.trim().replace('\n', "<br>\n") };
    convert(&html).unwrap_or_else(|| tidy(&body))
}

/// Markdown for a Markdown body (cState, Upptime) that may hold HTML: without HTML it
/// passes through; with HTML, the whole body is rendered to HTML (raw HTML kept) and
/// converted back, so `<br>`, `<a>` and `**bold**` next to each other all come out as
/// Markdown (converting the HTML alone would escape the Markdown around it).
pub fn from_markdown(body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    if !looks_like_html(&body) || nesting(&body) > MAX_NESTING {
        return tidy(&body);
    }
    let mut options = debrief_content::markdown::options();
    options.render.r#unsafe = true;
    options.render.escape = false;
    let html = comrak::markdown_to_html(&body, &options);
    convert(&html).unwrap_or_else(|| tidy(&body))
}

/// HTML to tidy Markdown with the project's settings; `None` if htmd fails.
fn convert(html: &str) -> Option<String> {
    let converter = HtmlToMarkdown::builder()
        .skip_tags(DROPPED.to_vec())
        .options(Options {
            br_style: BrStyle::Backslash,
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .build();
    // htmd only fails on I/O into its own buffers; the caller keeps the text then.
    converter.convert(html).ok().map(|markdown| tidy(&markdown))
}

/// Deepest element nesting converted; deeper HTML is kept as text.
const MAX_NESTING: usize = 128;

/// A cheap upper estimate of how deeply the tags of `html` nest: every `<name` opens,
/// every `</` and `/>` closes.
fn nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (i, b) in bytes.iter().enumerate() {
        match (b, bytes.get(i + 1)) {
            (b'<', Some(b'/')) | (b'/', Some(b'>')) => depth = depth.saturating_sub(1),
            (b'<', Some(c)) if c.is_ascii_alphabetic() => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            _ => {}
        }
    }
    deepest
}

fn has_block_elements(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    ["<p", "<ul", "<ol", "<div", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<table", "<pre", "<blockquote"].iter().any(
        |tag| {
            lower
                .match_indices(tag)
                .any(|(i, _)| matches!(lower.as_bytes().get(i + tag.len()), Some(b'>' | b' ' | b'/' | b'\n' | b'\t')))
        },
    )
}

/// Control characters out (a NUL would make the file unreadable), trailing spaces off
/// every line, no more than one blank line in a row, no blank lines at either end.
pub fn tidy(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_html_but_not_prose() {
        for html in ["<p>x</p>", "a<br>b", "a <br/> b", "x</a>", "AT&amp;T", "it&#39;s", "<!-- c -->"] {
            assert!(looks_like_html(html), "{html}");
        }
        for prose in ["x < 5 and y > 3", "a & b", "1<2", "Use <this> later?", "**bold**"] {
            assert!(!looks_like_html(prose) || prose.contains("<this>"), "{prose}");
        }
    }

    #[test]
    fn keeps_links_lists_and_emphasis_and_drops_scripts() {
        let md = to_markdown(
            "<p>We <strong>identified</strong> the cause. See <a href=\"https://example.com/x\">the notice</a>.</p>\
             <ul><li>API</li><li>Dashboard &amp; reports</li></ul><script>alert(1)</script><style>p{}</style>",
        );
        assert!(md.contains("**identified**"), "{md}");
        assert!(md.contains("[the notice](https://example.com/x)"), "{md}");
        assert!(md.contains("- API\n- Dashboard & reports"), "{md}");
        assert!(!md.contains("alert") && !md.contains("p{}"), "{md}");
    }

    #[test]
    fn inline_html_keeps_its_line_breaks_and_plain_text_passes_through() {
        let md = to_markdown("First line with <a href=\"https://e.example\">a link</a>\nSecond line");
        assert!(md.contains("[a link](https://e.example)"), "{md}");
        assert!(md.contains("Second line"), "{md}");
        assert!(md.lines().count() >= 2, "{md}");
        assert_eq!(to_markdown("Plain *markdown*\r\n\r\n\r\nstays.  \n"), "Plain *markdown*\n\nstays.");
        assert_eq!(to_markdown("Emoji 🚀 and ünïcode"), "Emoji 🚀 and ünïcode");
        assert_eq!(to_markdown("a\0b\u{7}c"), "abc");
        let md = from_markdown(
            "**Resolved:** back<br>up, see [the log](https://e.example/l) and snake_case\n\n- one\n- two",
        );
        assert!(md.starts_with("**Resolved:** back"), "{md}");
        assert!(md.contains("[the log](https://e.example/l)") && md.contains("snake\\_case"), "{md}");
        assert!(md.contains("- one\n- two"), "{md}");
        assert_eq!(from_markdown("Plain **markdown**, no tags"), "Plain **markdown**, no tags");
        let deep = format!("{}x{}", "<div>".repeat(5000), "</div>".repeat(5000));
        assert!(to_markdown(&deep).contains("<div>x</div>"), "kept as text, never converted");
    }
}
