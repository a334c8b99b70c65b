//! Markdown body → HTML: comrak with GFM, raw HTML escaped, HTML comments dropped, heading
//! anchors, body headings shifted under the page's `<h1>`, links resolved (see [`crate::links`]).

use crate::links::LinkMap;
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use std::path::Path;

/// Where a body is published, for its links: the site's link map, the postmortem's source
/// path (relative to the content folder) and its page (`incidents/x/`).
pub type LinkContext<'l> = (&'l LinkMap, &'l Path, &'l str);

/// Renders a postmortem body to HTML; with a [`LinkContext`], links and images are
/// rewritten or unlinked as [`LinkMap::apply`] says.
pub fn body_to_html(body: &str, links: Option<LinkContext<'_>>) -> String {
    let arena = Arena::new();
    let options = render_options();
    let root = comrak::parse_document(&arena, body, &options);
    prepare(root);
    if let Some((map, source, page)) = links {
        map.apply(root, source, page);
    }
    let mut html = String::new();
    // Writing to a String cannot fail.
    let _ = comrak::format_html(root, &options, &mut html);
    accessible(&html)
}

/// Makes comrak's HTML usable by everyone: a task-list checkbox (a control that cannot
/// work on a static page, and has no label) becomes a drawn box with its state as text;
/// a table, which may scroll sideways on a narrow screen, sits in a focusable, labelled
/// region so a keyboard can scroll it. Raw HTML in the Markdown is escaped, so every tag
/// matched here is comrak's own.
fn accessible(html: &str) -> String {
    let html = html
        .replace(
            "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> ",
            "<span class=\"task done\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">Done: </span>",
        )
        .replace(
            "<input type=\"checkbox\" disabled=\"\" /> ",
            "<span class=\"task\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">Not done: </span>",
        );
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    let mut n = 0;
    while let Some(at) = rest.find("<table>") {
        n += 1;
        out.push_str(&rest[..at]);
        out.push_str(&format!(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table {n}\"><table>"
        ));
        rest = &rest[at + "<table>".len()..];
        match rest.find("</table>") {
            Some(end) => {
                out.push_str(&rest[..end + "</table>".len()]);
                out.push_str("</div>");
                rest = &rest[end + "</table>".len()..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// The text a reader sees in a body (for the search index): paragraphs, headings, table
/// cells, list items and code, one block per line; HTML comments dropped.
pub fn body_to_text(body: &str) -> String {
    let arena = Arena::new();
    let options = render_options();
    let root = comrak::parse_document(&arena, body, &options);
    prepare(root);
    let mut out = String::with_capacity(body.len());
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::CodeBlock(c) => {
                out.push_str(&c.literal);
                out.push('\n');
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell | NodeValue::Item(_)
                if !out.ends_with('\n') && !out.is_empty() =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    out
}

fn render_options() -> Options<'static> {
    let mut options = debrief_content::markdown::options();
    options.extension.header_id_prefix = Some(String::new());
    options
}

/// Drops HTML comments and shifts headings so the body's top level is `<h2>`.
fn prepare<'a>(root: &'a AstNode<'a>) {
    debrief_content::markdown::drop_html_comments(root);
    let min_level = root
        .descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::Heading(h) => Some(h.level),
            _ => None,
        })
        .min()
        .unwrap_or(6);
    if min_level < 2 {
        let shift = 2 - min_level;
        for node in root.descendants() {
            if let NodeValue::Heading(h) = &mut node.data_mut().value {
                h.level = (h.level + shift).min(6);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfm_features_render() {
        let html = body_to_html(
            "## Root cause\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n~~old~~ https://example.org x[^1]\n\n[^1]: note\n",
            None,
        );
        assert!(html.contains("<h2><a href=\"#root-cause\"") || html.contains("id=\"root-cause\""), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<span class=\"task done\""), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("<a href=\"https://example.org\">"), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn task_boxes_are_text_and_tables_are_focusable_regions() {
        let html = body_to_html("- [x] Renew\n- [ ] Alert\n\n| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n", None);
        assert!(!html.contains("<input"), "{html}");
        assert!(html.contains("<span class=\"visually-hidden\">Done: </span>Renew"), "{html}");
        assert!(html.contains("<span class=\"visually-hidden\">Not done: </span>Alert"), "{html}");
        assert_eq!(html.matches("role=\"region\" tabindex=\"0\"").count(), 2, "{html}");
        assert!(html.contains("aria-label=\"Table 1\"><table>") && html.contains("aria-label=\"Table 2\"><table>"));
        assert_eq!(html.matches("</table></div>").count(), 2, "{html}");
        // Raw HTML that looks like comrak's is still escaped, never turned into markup.
        let raw = body_to_html("<input type=\"checkbox\" disabled=\"\" /> x <table>\n", None);
        assert!(!raw.contains("<span class=\"task") && !raw.contains("<div class=\"table-scroll"), "{raw}");
    }

    #[test]
    fn raw_html_is_escaped_and_comments_dropped() {
        let html = body_to_html(
            "<script>alert(1)</script>\n\nText <b>x</b> <!-- secret note -->\n\n<!--\nblock secret\n-->\n",
            None,
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("secret"), "{html}");
        assert!(!html.contains("<!--"), "{html}");
    }

    #[test]
    fn javascript_links_are_not_links() {
        let html = body_to_html("[x](javascript:alert(1))\n", None);
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn top_heading_becomes_h2() {
        let html = body_to_html("# Stats\n\n## Sub\n", None);
        assert!(html.contains("<h2"), "{html}");
        assert!(html.contains("<h3"), "{html}");
        assert!(!html.contains("<h1"), "{html}");
    }
}
