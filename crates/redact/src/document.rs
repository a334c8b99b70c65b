//! Redaction of a whole postmortem: the pure transform from a parsed [`Postmortem`] to the
//! public one, before anything renders or indexes it.
//!
//! - The Markdown body is redacted on its syntax tree: `<!-- private -->` blocks and
//!   `drop_sections` are removed whole; every run of inline text (a paragraph, a heading, a
//!   table cell) is redacted as one string, so a term split by emphasis (`**Glo**bex`) is
//!   still found; link targets and image sources with a hit lose the link or the image;
//!   code blocks and footnote names are redacted too. The tree is written back as Markdown
//!   and the sections, timeline, action items and summary are read again from it, so no
//!   later stage ever sees the original.
//! - Front matter: title, summary, facets and `extra` are redacted; internal fields not
//!   listed in `public_fields` are dropped.
//! - A slug, alias or bundle asset name that holds something to redact is an error: URLs
//!   must be chosen, not silently rewritten.

use crate::config::RedactionConfig;
use crate::redactor::{Hit, Redactor};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use debrief_content::diagnostic::Diagnostic;
use debrief_content::markdown::{options, plain_text, read_body};
use debrief_content::model::Postmortem;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Rule name used for sentences of removed `<!-- private -->` blocks.
pub const PRIVATE_BLOCK: &str = "private-block";
/// Rule name used for sentences of removed sections.
pub const DROPPED_SECTION: &str = "drop-section";

/// Redacts postmortems with one set of rules.
#[derive(Debug, Clone)]
pub struct DocumentRedactor {
    redactor: Redactor,
    drop_sections: Vec<String>,
    public_fields: Vec<String>,
}

/// One redacted postmortem and what was done to it.
#[derive(Debug, Clone)]
pub struct RedactedDocument {
    /// The public postmortem.
    pub postmortem: Postmortem,
    /// Redactions per rule (never the text): one per text redaction, removed link or
    /// image, and removed section or private block.
    pub counts: BTreeMap<String, usize>,
    /// Every redaction, in the order it was made, with the removed text (for
    /// `redact --preview`, which shows the author their own file; never published or
    /// written to a report). [`DocumentRedactor::preview`] gives them file positions.
    pub events: Vec<PreviewItem>,
    /// `(rule, sentence)` of every removed block and section, for the leak scanner.
    pub removed: Vec<(String, String)>,
}

impl DocumentRedactor {
    /// Compiles the rules.
    pub fn new(config: &RedactionConfig) -> Result<Self, crate::ConfigError> {
        Ok(Self {
            redactor: Redactor::new(config)?,
            drop_sections: config.drop_sections.iter().map(|s| normalise_heading(s)).collect(),
            public_fields: config.public_fields.clone(),
        })
    }

    /// The text redactor (for the leak scanner and previews).
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// Front matter fields that publish beyond the standard ones.
    pub fn public_fields(&self) -> &[String] {
        &self.public_fields
    }

    /// Redacts one postmortem. `shown` is the path diagnostics name.
    pub fn redact(&self, pm: &Postmortem, shown: &Path) -> Result<RedactedDocument, Vec<Diagnostic>> {
        let mut log: Vec<PreviewItem> = Vec::new();
        let mut diagnostics = Vec::new();
        let text = |s: &str, log: &mut Vec<PreviewItem>| {
            let r = self.redactor.redact(s);
            record(log, 0, s, &r);
            r.text
        };

        // URLs are chosen, not rewritten.
        let url_problem = |what: &str, value: &str, hint: &str| -> Option<Diagnostic> {
            let hit = self.first_hit(&value.replace(['-', '_', '/', '.'], " "))?;
            Some(
                Diagnostic::error(
                    shown,
                    1,
                    1,
                    format!("{what} `{value}` contains text that redaction rule `{}` removes", hit.rule),
                )
                .with_hint(hint.to_string()),
            )
        };
        diagnostics.extend(url_problem("the slug", &pm.slug, "give the postmortem an explicit `slug:` without it"));
        for alias in &pm.aliases {
            diagnostics.extend(url_problem("the alias", alias, "remove the alias or rename it"));
        }
        for asset in &pm.assets {
            let name = asset.to_string_lossy();
            diagnostics.extend(url_problem("the bundle file name", &name, "rename the file"));
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }

        let mut removed = Vec::new();
        let body = self.redact_body(&pm.body, pm.body_line, &mut log, &mut removed);
        let facts = read_body(&body, pm.body_line, Some(&pm.started));
        let list = |items: &[String], log: &mut Vec<PreviewItem>| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for item in items {
                let r = text(item, log);
                if !out.contains(&r) {
                    out.push(r);
                }
            }
            out
        };
        let summary =
            if pm.summary_explicit { pm.summary.as_deref().map(|s| text(s, &mut log)) } else { facts.summary.clone() };
        let postmortem = Postmortem {
            path: pm.path.clone(),
            path_shown: pm.path_shown.clone(),
            bundle: pm.bundle.clone(),
            assets: pm.assets.clone(),
            slug: pm.slug.clone(),
            slug_line: pm.slug_line,
            title: text(&pm.title, &mut log),
            severity: pm.severity.clone(),
            started: pm.started,
            detected: pm.detected,
            mitigated: pm.mitigated,
            resolved: pm.resolved,
            status: pm.status,
            // The evidence quotes the unredacted body: never carried to the site.
            derived: pm
                .derived
                .iter()
                .map(|d| debrief_content::Derived { evidence: String::new(), ..d.clone() })
                .collect(),
            resolution_stated: pm.resolution_stated,
            services: list(&pm.services, &mut log),
            regions: list(&pm.regions, &mut log),
            tags: list(&pm.tags, &mut log),
            compliance: list(&pm.compliance, &mut log),
            summary_explicit: pm.summary_explicit,
            summary,
            draft: pm.draft,
            aliases: pm.aliases.clone(),
            alias_lines: pm.alias_lines.clone(),
            extra: pm.extra.iter().map(|(k, v)| (k.clone(), self.redact_value(v, &mut log))).collect(),
            internal: pm
                .internal
                .iter()
                .filter(|(k, _)| self.public_fields.contains(k))
                .map(|(k, v)| (k.clone(), self.redact_value(v, &mut log)))
                .collect(),
            body,
            body_line: pm.body_line,
            sections: facts.sections,
            timeline: facts.timeline,
            action_items: facts.action_items,
        };
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for e in &log {
            *counts.entry(e.rule.clone()).or_default() += 1;
        }
        Ok(RedactedDocument { postmortem, counts, events: log, removed })
    }

    fn first_hit(&self, text: &str) -> Option<Hit> {
        self.redactor.is_clean(text)
    }

    fn redact_value(&self, value: &Value, log: &mut Vec<PreviewItem>) -> Value {
        match value {
            Value::String(s) => {
                let r = self.redactor.redact(s);
                record(log, 0, s, &r);
                Value::String(r.text)
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.redact_value(v, log)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let key = self.redactor.redact(k);
                        record(log, 0, k, &key);
                        (key.text, self.redact_value(v, log))
                    })
                    .collect(),
            ),
            Value::Number(n) => {
                // A number can be a card or phone number: redacted, it becomes text.
                let shown = n.to_string();
                let r = self.redactor.redact(&shown);
                if r.hits.is_empty() {
                    value.clone()
                } else {
                    record(log, 0, &shown, &r);
                    Value::String(r.text)
                }
            }
            other => other.clone(),
        }
    }

    /// Redacts a Markdown body (whose first line is line `body_line` of its file),
    /// returning Markdown; every redaction is logged.
    pub fn redact_body(
        &self,
        body: &str,
        body_line: usize,
        log: &mut Vec<PreviewItem>,
        removed: &mut Vec<(String, String)>,
    ) -> String {
        if !self.needs_tree_pass(body) {
            return body.to_string();
        }
        let opts = options();
        let mut current = body.to_string();
        // A second pass catches anything the Markdown writer's escaping brought together.
        for pass in 0..3 {
            let arena = Arena::new();
            let root = comrak::parse_document(&arena, &current, &opts);
            let mut changed = pass == 0;
            if pass == 0 {
                remove_private_blocks(root, removed, log, body_line);
                self.remove_sections(root, removed, log, body_line);
                debrief_content::markdown::drop_html_comments(root);
            }
            changed |= self.redact_tree(root, log, body_line);
            if !changed {
                break;
            }
            current = write_markdown(root, &opts);
        }
        current
    }

    /// Whether the body holds anything to redact or remove. Checked on the raw text and on
    /// the text with Markdown emphasis marks removed and entities decoded (what a reader
    /// sees), so the syntax-tree pass only runs where it has work; the leak scanner checks
    /// the result either way.
    fn needs_tree_pass(&self, body: &str) -> bool {
        if body.contains("<!--") {
            return true;
        }
        if !self.drop_sections.is_empty()
            && body.lines().any(|line| {
                let t = line.trim_start();
                t.starts_with('#') && self.drop_sections.contains(&normalise_heading(t.trim_start_matches('#')))
                    || self.drop_sections.contains(&normalise_heading(t))
            })
        {
            return true;
        }
        // Line breaks read as spaces: a number wrapped over two lines is one number.
        if self.first_hit(&body.replace('\n', " ")).is_some() {
            return true;
        }
        let shown: String = body
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '~' | '`' | '\\'))
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        self.first_hit(&crate::scan::decode(&shown)).is_some()
    }

    fn remove_sections<'a>(
        &self,
        root: &'a AstNode<'a>,
        removed: &mut Vec<(String, String)>,
        log: &mut Vec<PreviewItem>,
        body_line: usize,
    ) {
        if self.drop_sections.is_empty() {
            return;
        }
        let headings: Vec<&AstNode<'_>> = root
            .descendants()
            .filter(|n| matches!(n.data().value, NodeValue::Heading(_)))
            .filter(|n| self.drop_sections.contains(&normalise_heading(&plain_text(n))))
            .collect();
        for heading in headings {
            if heading.parent().is_none() {
                continue; // already removed with an enclosing section
            }
            let NodeValue::Heading(h) = heading.data().value.clone() else { continue };
            let mut doomed = vec![heading];
            let mut next = heading.next_sibling();
            while let Some(node) = next {
                if let NodeValue::Heading(other) = &node.data().value
                    && other.level <= h.level
                {
                    break;
                }
                doomed.push(node);
                next = node.next_sibling();
            }
            let (start, end) = line_span(&doomed, body_line);
            log.push(PreviewItem {
                line: start,
                column: 1,
                end_line: end,
                rule: DROPPED_SECTION.into(),
                original: plain_text(heading).trim().to_string(),
                replacement: format!("(section removed: lines {start}–{end})"),
            });
            for node in doomed {
                collect_sentences(node, DROPPED_SECTION, removed);
                node.detach();
            }
        }
    }

    /// Redacts every text-bearing part of the tree. Returns whether anything changed.
    fn redact_tree<'a>(&self, root: &'a AstNode<'a>, log: &mut Vec<PreviewItem>, body_line: usize) -> bool {
        let mut changed = false;
        let nodes: Vec<&AstNode<'_>> = root.descendants().collect();
        let mut footnotes: BTreeMap<String, String> = BTreeMap::new();
        for node in &nodes {
            let is_container = {
                let data = node.data();
                matches!(data.value, NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell)
                    || matches!(data.value, NodeValue::Image(_) | NodeValue::Link(_))
                        && !node.ancestors().skip(1).any(|a| {
                            matches!(
                                a.data().value,
                                NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell
                            )
                        })
            };
            if is_container {
                changed |= self.redact_inlines(node, log, body_line);
            }
        }
        for node in &nodes {
            let line = node.data().sourcepos.start.line + body_line - 1;
            let mut data = node.data_mut();
            // A renamed footnote label: logged once, at its definition.
            let mut rename = |name: &mut String, log: &mut Vec<PreviewItem>, definition: bool| {
                let n = footnotes.len() + 1;
                let new = footnotes.entry(name.clone()).or_insert_with(|| format!("note-{n}")).clone();
                if definition && let Some(hit) = self.first_hit(name) {
                    log.push(item(line, hit.rule, name.clone(), format!("(footnote renamed `{new}`)")));
                }
                *name = new;
            };
            match &mut data.value {
                NodeValue::CodeBlock(block) => {
                    // The info string is on the fence line; the code starts one line later.
                    changed |= self.redact_string(&mut block.literal, log, line + 1);
                    changed |= self.redact_string(&mut block.info, log, line);
                }
                NodeValue::HtmlBlock(block) => changed |= self.redact_string(&mut block.literal, log, line),
                NodeValue::FootnoteDefinition(def) if self.first_hit(&def.name).is_some() => {
                    rename(&mut def.name, log, true);
                    changed = true;
                }
                NodeValue::FootnoteReference(r) if self.first_hit(&r.name).is_some() => {
                    rename(&mut r.name, log, false);
                    changed = true;
                }
                _ => {}
            }
        }
        // Links and images whose target holds something to redact.
        for node in &nodes {
            let (is_image, url_hit, title_hit) = match &node.data().value {
                NodeValue::Link(link) => (false, self.url_hit(&link.url), self.first_hit(&link.title).is_some()),
                NodeValue::Image(link) => (true, self.url_hit(&link.url), self.first_hit(&link.title).is_some()),
                _ => continue,
            };
            let line = node.data().sourcepos.start.line + body_line - 1;
            if title_hit {
                if let NodeValue::Link(link) | NodeValue::Image(link) = &mut node.data_mut().value {
                    let r = self.redactor.redact(&link.title);
                    record(log, line, &link.title, &r);
                    link.title = r.text;
                }
                changed = true;
            }
            if let Some(rule) = url_hit {
                let url = match &node.data().value {
                    NodeValue::Link(link) | NodeValue::Image(link) => link.url.clone(),
                    _ => String::new(),
                };
                let what =
                    if is_image { "(image removed; its alt text stays)" } else { "(link removed; its text stays)" };
                log.push(item(line, rule, url, what.into()));
                changed = true;
                if is_image {
                    // The image goes; its (already redacted) alt text stays as text.
                    let alt = plain_text(node);
                    for child in node.children().collect::<Vec<_>>() {
                        child.detach();
                    }
                    node.data_mut().value = NodeValue::Text(alt.into());
                } else {
                    // The link goes; its text stays.
                    for child in node.children().collect::<Vec<_>>() {
                        node.insert_before(child);
                    }
                    node.detach();
                }
            }
        }
        changed
    }

    fn url_hit(&self, url: &str) -> Option<String> {
        let decoded = percent_decode(url);
        let spaced = decoded.replace(['/', '?', '&', '=', '#', '+', '_'], " ");
        self.first_hit(&decoded).or_else(|| self.first_hit(&spaced)).map(|h| h.rule)
    }

    fn redact_string(&self, s: &mut String, log: &mut Vec<PreviewItem>, line: usize) -> bool {
        let r = self.redactor.redact(s);
        if r.hits.is_empty() {
            return false;
        }
        record(log, line, s, &r);
        *s = r.text;
        true
    }

    /// Redacts the inline text under `container` as one string, then writes each piece back
    /// to the node it came from: a match spanning several nodes leaves its replacement in
    /// the first and removes the rest.
    fn redact_inlines<'a>(&self, container: &'a AstNode<'a>, log: &mut Vec<PreviewItem>, body_line: usize) -> bool {
        // Segments: (node, start, end) in `joined`.
        let mut joined = String::new();
        let mut segments: Vec<(&AstNode<'_>, usize, usize)> = Vec::new();
        for node in container.descendants().skip(1) {
            // Nested containers (a table cell's paragraph…) are handled on their own.
            if node
                .ancestors()
                .skip(1)
                .take_while(|a| !std::ptr::eq(*a, container))
                .any(|a| matches!(a.data().value, NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell))
            {
                continue;
            }
            let piece = match &node.data().value {
                NodeValue::Text(t) => Some(t.to_string()),
                NodeValue::Code(c) => Some(c.literal.clone()),
                NodeValue::HtmlInline(h) => Some(h.clone()),
                NodeValue::SoftBreak | NodeValue::LineBreak => {
                    joined.push('\n');
                    None
                }
                _ => None,
            };
            if let Some(piece) = piece {
                let start = joined.len();
                joined.push_str(&piece);
                segments.push((node, start, joined.len()));
            }
        }
        if segments.is_empty() {
            return false;
        }
        // A soft line break shows as a space: a number wrapped over two source lines is
        // still one number. Same length, so ranges stay valid for `joined`.
        let as_shown = joined.replace('\n', " ");
        let redacted = self.redactor.redact(&as_shown);
        if redacted.hits.is_empty() {
            return self.redact_segments_alone(
                &segments,
                log,
                body_line,
                container.data().sourcepos.start.line + body_line - 1,
            );
        }
        let first_line = container.data().sourcepos.start.line + body_line - 1;
        for hit in &redacted.hits {
            let line = first_line + joined[..hit.range.start].matches('\n').count();
            let original = joined.get(hit.range.clone()).unwrap_or_default().to_string();
            log.push(item(line, hit.rule.clone(), original, hit.replacement.clone()));
        }
        // Which segment receives each hit's replacement: the one holding its start, or the
        // next one when it starts on a line break.
        let owner = |pos: usize| {
            segments
                .iter()
                .position(|(_, s, e)| pos < *e && pos >= *s)
                .or_else(|| segments.iter().position(|(_, s, _)| *s >= pos))
        };
        let mut new_texts: Vec<String> = vec![String::new(); segments.len()];
        for (i, (_, start, end)) in segments.iter().enumerate() {
            let mut out = String::new();
            let mut pos = *start;
            for hit in &redacted.hits {
                if hit.range.end <= *start || hit.range.start >= *end {
                    continue;
                }
                let cut_start = hit.range.start.max(*start);
                if cut_start > pos {
                    push_piece(&mut out, &joined[pos..cut_start], pos > *start && joined[..*start].ends_with('\n'));
                }
                if owner(hit.range.start) == Some(i) {
                    out.push_str(&hit.replacement);
                }
                pos = pos.max(hit.range.end.min(*end));
            }
            // Hits that start in a gap (line break) before this segment and are owned here.
            for hit in &redacted.hits {
                if hit.range.start < *start && owner(hit.range.start) == Some(i) && hit.range.end <= *start {
                    out.insert_str(0, &hit.replacement);
                }
            }
            if pos < *end {
                push_piece(&mut out, &joined[pos..*end], pos > *start && joined[..*start].ends_with('\n'));
            }
            new_texts[i] = out;
        }
        for ((node, _, _), text) in segments.iter().zip(new_texts) {
            set_inline_text(node, text);
        }
        self.redact_segments_alone(&segments, log, body_line, first_line);
        true
    }

    /// Fail closed: each piece of inline text on its own. Joining pieces lets a term split
    /// by emphasis match (`**Glo**bex`), but it also joins a word to the next piece
    /// (`db-7.corp.example` + code `` `egins` `` reads `…exampleegins`), so a pattern's
    /// word boundary that holds inside one piece can fail in the joined text.
    fn redact_segments_alone<'a>(
        &self,
        segments: &[(&'a AstNode<'a>, usize, usize)],
        log: &mut Vec<PreviewItem>,
        body_line: usize,
        container_line: usize,
    ) -> bool {
        let mut changed = false;
        for (node, _, _) in segments {
            let text = match &node.data().value {
                NodeValue::Text(t) => t.to_string(),
                NodeValue::Code(c) => c.literal.clone(),
                NodeValue::HtmlInline(h) => h.clone(),
                _ => continue,
            };
            let redacted = self.redactor.redact(&text);
            if redacted.hits.is_empty() {
                continue;
            }
            let own = node.data().sourcepos.start.line;
            let line = if own > 0 { own + body_line - 1 } else { container_line };
            record(log, line, &text, &redacted);
            set_inline_text(node, redacted.text);
            changed = true;
        }
        changed
    }
}

/// Replaces the text of an inline text, code or HTML node.
fn set_inline_text<'a>(node: &'a AstNode<'a>, text: String) {
    let mut data = node.data_mut();
    match &mut data.value {
        NodeValue::Text(t) => *t = text.into(),
        NodeValue::Code(c) => c.literal = text,
        NodeValue::HtmlInline(h) => *h = text,
        _ => {}
    }
}

/// Appends kept text to a piece; when a match owned by an earlier piece ran over a line
/// break into this one, the space it leaves at the start is dropped.
fn push_piece(out: &mut String, kept: &str, after_cut: bool) {
    if out.is_empty() && after_cut {
        out.push_str(kept.trim_start());
    } else {
        out.push_str(kept);
    }
}

/// `Internal notes:` → `internal notes`.
fn normalise_heading(text: &str) -> String {
    text.trim().trim_end_matches([':', '.']).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn comment_body(html: &str) -> Option<String> {
    let t = html.trim();
    let inner = t.strip_prefix("<!--")?.strip_suffix("-->")?;
    Some(inner.trim().to_lowercase())
}

fn html_of<'a>(node: &'a AstNode<'a>) -> Option<String> {
    match &node.data().value {
        NodeValue::HtmlBlock(b) => Some(b.literal.clone()),
        NodeValue::HtmlInline(h) => Some(h.clone()),
        _ => None,
    }
}

fn is_marker<'a>(node: &'a AstNode<'a>, closing: bool) -> bool {
    let want = if closing { "/private" } else { "private" };
    html_of(node).and_then(|h| comment_body(&h)).is_some_and(|b| b == want)
}

/// Removes everything between `<!-- private -->` and `<!-- /private -->`. An opener with no
/// closer removes everything after it (fail closed).
fn remove_private_blocks<'a>(
    root: &'a AstNode<'a>,
    removed: &mut Vec<(String, String)>,
    log: &mut Vec<PreviewItem>,
    body_line: usize,
) {
    while let Some(opener) = root.descendants().find(|n| is_marker(n, false)) {
        let mut doomed: Vec<&AstNode<'_>> = vec![opener];
        let mut level = opener;
        // Walk forward through siblings, climbing to the parent's siblings when a level
        // runs out, until the closer.
        'search: loop {
            for node in level.following_siblings().skip(1) {
                if is_marker(node, true) {
                    doomed.push(node);
                    break 'search;
                }
                if let Some(closer) = node.descendants().find(|n| is_marker(n, true)) {
                    // The closer is nested: remove what precedes it at every level down to it.
                    for ancestor in closer.ancestors().take_while(|a| !a.same_node(node)) {
                        doomed.extend(ancestor.preceding_siblings().skip(1));
                    }
                    doomed.push(closer);
                    break 'search;
                }
                doomed.push(node);
            }
            match level.parent() {
                Some(parent) if !parent.same_node(root) => level = parent,
                _ => break,
            }
        }
        let closed = doomed.len() > 1 && doomed.last().is_some_and(|n| is_marker(n, true));
        let (start, end) = line_span(&doomed, body_line);
        let mut text = String::new();
        for node in &doomed {
            text.push_str(&plain_text(node));
        }
        let lines = if closed {
            format!("lines {start}–{end}")
        } else {
            format!("everything from line {start}: no `<!-- /private -->`")
        };
        log.push(PreviewItem {
            line: start,
            column: 1,
            end_line: end,
            rule: PRIVATE_BLOCK.into(),
            original: text.split_whitespace().collect::<Vec<_>>().join(" "),
            replacement: format!("(private block removed: {lines})"),
        });
        for node in doomed {
            collect_sentences(node, PRIVATE_BLOCK, removed);
            node.detach();
        }
    }
}

/// The first and last file lines of a run of nodes.
fn line_span<'a>(nodes: &[&'a AstNode<'a>], body_line: usize) -> (usize, usize) {
    let start = nodes.iter().map(|n| n.data().sourcepos.start.line).filter(|&l| l > 0).min().unwrap_or(1);
    let end = nodes.iter().map(|n| n.data().sourcepos.end.line).max().unwrap_or(start).max(start);
    (start + body_line - 1, end + body_line - 1)
}

/// A logged redaction at `line` (0: not known yet), positioned later by the preview.
fn item(line: usize, rule: String, original: String, replacement: String) -> PreviewItem {
    PreviewItem { line, column: 0, end_line: line, rule, original, replacement }
}

/// Logs every hit of a redaction of `source`.
fn record(log: &mut Vec<PreviewItem>, line: usize, source: &str, r: &crate::redactor::Redacted) {
    for hit in &r.hits {
        let original = source.get(hit.range.clone()).unwrap_or_default().to_string();
        log.push(item(line, hit.rule.clone(), original, hit.replacement.clone()));
    }
}

/// Splits the text of a removed node into sentences the leak scanner searches for.
fn collect_sentences<'a>(node: &'a AstNode<'a>, rule: &str, out: &mut Vec<(String, String)>) {
    let mut text = plain_text(node);
    for d in node.descendants() {
        if let NodeValue::CodeBlock(b) = &d.data().value {
            text.push('\n');
            text.push_str(&b.literal);
        }
    }
    for sentence in text.split(['.', '!', '?', '\n', '|']) {
        let s = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.chars().count() >= crate::scan::MIN_NEEDLE_CHARS {
            out.push((rule.to_string(), s));
        }
    }
}

fn write_markdown<'a>(root: &'a AstNode<'a>, opts: &Options<'_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = comrak::format_commonmark(root, opts, &mut out);
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One thing `debrief redact --preview` shows: what would go, why, and what replaces it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PreviewItem {
    /// 1-based first line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// 1-based last line.
    pub end_line: usize,
    /// The rule.
    pub rule: String,
    /// The text that would be removed (the preview is for the author's own terminal).
    pub original: String,
    /// What takes its place.
    pub replacement: String,
}

impl DocumentRedactor {
    /// Every redaction the build makes to `pm`, whose file text is `text`, in file order:
    /// the events of [`DocumentRedactor::redact`] itself (so the preview and the build
    /// cannot disagree), each placed at the line and column of its text in the file.
    /// Errors are what the build refuses (a slug holding a term…).
    pub fn preview(&self, text: &str, pm: &Postmortem, shown: &Path) -> Result<Vec<PreviewItem>, Vec<Diagnostic>> {
        let doc = self.redact(pm, shown)?;
        let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        // Where to look next for each removed text, so repeats map to successive places.
        let mut next: BTreeMap<String, usize> = BTreeMap::new();
        let mut items = doc.events;
        for it in &mut items {
            if it.column != 0 {
                continue; // a block: placed by its lines
            }
            let from_line = line_starts.get(it.line.saturating_sub(1)).copied().unwrap_or(0);
            let from = next.get(&it.original).copied().unwrap_or(0).max(if it.line > 0 { from_line } else { 0 });
            let found = (!it.original.is_empty())
                .then(|| text.get(from..).and_then(|t| t.find(&it.original)).map(|p| from + p))
                .flatten()
                .or_else(|| text.find(&it.original).filter(|_| !it.original.is_empty()));
            match found {
                Some(at) => {
                    let (line, column) = debrief_content::diagnostic::line_col(text, at);
                    let (end_line, _) = debrief_content::diagnostic::line_col(text, at + it.original.len());
                    (it.line, it.column, it.end_line) = (line, column, end_line);
                    next.insert(it.original.clone(), at + it.original.len());
                }
                None => {
                    // Text the Markdown writer re-joined: the line of its paragraph.
                    it.line = it.line.max(1);
                    it.column = 1;
                    it.end_line = it.line;
                }
            }
        }
        items.sort_by_key(|a| (a.line, a.column));
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use debrief_content::{ParseContext, SourceDoc, parse_postmortem};

    fn rules() -> DocumentRedactor {
        let config = RedactionConfig::from_toml_str(
            r#"
drop_sections = ["Internal notes"]
public_fields = ["ticket"]
[[rule]]
name = "customers"
terms = ["Globex", "Umbrella Health"]
replace = "Customer {n}"
[[rule]]
name = "hosts"
pattern = '\b[a-z0-9-]+\.corp\.example\.net\b'
replace = "[internal host]"
"#,
            "redaction.toml",
        )
        .unwrap();
        DocumentRedactor::new(&config).unwrap()
    }

    fn parse(text: &str) -> Postmortem {
        let doc = SourceDoc {
            path: "a.md".into(),
            display_path: "content/a.md".into(),
            bytes: text.as_bytes().to_vec(),
            bundle: None,
            assets: vec![],
        };
        let (pm, diags) = parse_postmortem(&doc, &ParseContext::default());
        pm.unwrap_or_else(|| panic!("{diags:?}"))
    }

    const DOC: &str = "---\ntitle: Globex checkout down\nseverity: SEV2\nstarted: 2025-03-14T09:12:00Z\nservices: [globex-sync, api]\nticket: INC-9\nauthors: [alice]\nextra: { contact: ops@example.com }\n---\n\n## Summary\n\nCheckout for **Glo**bex and Umbrella\nHealth failed; db1.corp.example.net was full.\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 09:12 | Globex paged us from 10.1.2.3 |\n\n<!-- private -->\nThe root password was rotated by the on-call engineer.\n<!-- /private -->\n\nSee [the ticket](https://jira.corp.example.net/INC-9) and ![graph](https://grafana.example/globex.png \"Globex\").\n\n```\nssh db1.corp.example.net\n```\n\nNote[^globex].\n\n[^globex]: Globex agreed.\n\n## Internal notes\n\nOnly for us: the vendor contract renews in May next year.\n\n### Sub\n\nStill internal text here.\n\n## Action items\n\n- [ ] Tell Globex (owner: Umbrella Health)\n";

    #[test]
    fn every_channel_of_a_document_is_redacted() {
        let r = rules();
        let doc = r.redact(&parse(DOC), Path::new("content/a.md")).unwrap();
        let pm = &doc.postmortem;
        let everything = format!(
            "{} {:?} {:?} {} {:?} {:?} {:?} {:?}",
            pm.title, pm.summary, pm.services, pm.body, pm.timeline, pm.action_items, pm.extra, pm.internal
        );
        for secret in [
            "Globex",
            "Glo**bex",
            "Umbrella",
            "corp.example.net",
            "10.1.2.3",
            "ops@example.com",
            "root password",
            "vendor contract",
            "Still internal",
            "alice",
            "globex",
        ] {
            assert!(!everything.contains(secret), "{secret} leaked:\n{everything}");
        }
        assert_eq!(pm.title, "Customer 1 checkout down");
        assert_eq!(pm.services, ["Customer 1-sync", "api"]);
        assert!(pm.body.contains("**Customer 1** and Customer 2"), "{}", pm.body);
        assert!(pm.body.contains("[internal host]"), "{}", pm.body);
        assert!(pm.body.contains("the ticket"), "link text kept: {}", pm.body);
        assert!(!pm.body.contains("](https://jira"), "link removed: {}", pm.body);
        assert!(pm.internal.contains_key("ticket") && !pm.internal.contains_key("authors"));
        assert_eq!(pm.timeline.len(), 1);
        assert_eq!(pm.timeline[0].text, "Customer 1 paged us from [ip]");
        assert_eq!(pm.action_items[0].owner.as_deref(), Some("Customer 2"));
        assert!(doc.removed.iter().any(|(rule, s)| rule == PRIVATE_BLOCK && s.contains("root password")));
        assert!(doc.removed.iter().any(|(rule, s)| rule == DROPPED_SECTION && s.contains("vendor contract")));
        assert!(doc.counts["customers"] >= 5, "{:?}", doc.counts);
    }

    #[test]
    fn whole_internal_urls_go_in_every_url_form() {
        let r = rules();
        let text = "---\ntitle: T\nseverity: SEV3\nstarted: 2025-01-01\n---\n\nFiled as <https://jira.corp.example.net/browse/OPS-99123>.\n\nBare: https://jira.corp.example.net/browse/OPS-99124 too.\n\nA [link](https://jira.corp.example.net/browse/OPS-99125) and a [reference][r].\n\n`curl https://jira.corp.example.net/browse/OPS-99127`\n\n[r]: https://jira.corp.example.net/browse/OPS-99126\n";
        let doc = r.redact(&parse(text), Path::new("a.md")).unwrap();
        let body = &doc.postmortem.body;
        assert!(!body.contains("OPS-") && !body.contains("/browse") && !body.contains("corp.example"), "{body}");
        assert!(body.contains("Filed as \\[internal host\\]"), "{body}");
        assert!(body.contains("Bare: \\[internal host\\] too"), "{body}");
        assert!(body.contains("A link and a reference"), "{body}");
        assert!(body.contains("curl [internal host]"), "{body}");
    }

    #[test]
    fn redaction_is_idempotent_on_documents() {
        let r = rules();
        let once = r.redact(&parse(DOC), Path::new("a.md")).unwrap().postmortem;
        let twice = r.redact(&once, Path::new("a.md")).unwrap();
        assert_eq!(once.body, twice.postmortem.body);
        assert_eq!(once.title, twice.postmortem.title);
        assert!(twice.counts.is_empty(), "{:?}", twice.counts);
    }

    #[test]
    fn a_match_inside_one_piece_of_a_paragraph_is_redacted_even_when_joining_hides_it() {
        // Found by fuzzing: joined with the code span that follows, the host reads
        // `…example.netegins`, and the pattern's word boundary fails.
        let r = rules();
        let body = "| a | b |\n| --- | --- |\n| 7:05 | team bdb-7.corp.example.net`egins looking at `.env` files |\n\nthen db1.corp.example.net`x` and **Glo**bex\n";
        let mut log = Vec::new();
        let out = r.redact_body(body, 1, &mut log, &mut Vec::new());
        assert!(!out.contains("corp.example.net"), "{out}");
        assert_eq!(out.matches("internal host").count(), 2, "{out}");
        assert!(out.contains("Customer 1"), "{out}");
        let rules: Vec<&str> = log.iter().map(|i| i.rule.as_str()).collect();
        assert_eq!(rules.iter().filter(|r| **r == "hosts").count(), 2, "{rules:?}");
        assert!(r.redactor().detect(&out).is_empty());
    }

    #[test]
    fn slug_with_a_term_is_an_error() {
        let r = rules();
        let mut pm = parse(DOC);
        pm.slug = "globex-outage".into();
        let errs = r.redact(&pm, Path::new("content/globex-outage.md")).unwrap_err();
        assert!(errs[0].message.contains("the slug `globex-outage`"), "{errs:?}");
        assert!(errs[0].hint.as_deref().unwrap().contains("slug:"), "{errs:?}");
        pm.slug = "ok".into();
        pm.assets = vec!["globex-diagram.svg".into()];
        let errs = r.redact(&pm, Path::new("a.md")).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(
            errs[0].message,
            "the bundle file name `globex-diagram.svg` contains text that redaction rule `customers` removes"
        );
        assert_eq!(errs[0].hint.as_deref(), Some("rename the file"));
    }

    #[test]
    fn unclosed_private_block_removes_the_rest() {
        let r = rules();
        let text = "---\ntitle: T\nseverity: SEV3\nstarted: 2025-01-01\n---\n\nPublic part.\n\n<!-- private -->\n\nSecret part of the story.\n\n## Later heading\n\nMore secret words.\n";
        let pm = r.redact(&parse(text), Path::new("a.md")).unwrap().postmortem;
        assert!(pm.body.contains("Public part"));
        assert!(!pm.body.contains("Secret") && !pm.body.contains("More secret"), "{}", pm.body);
    }

    #[test]
    fn inline_private_block() {
        let r = rules();
        let text = "---\ntitle: T\nseverity: SEV3\nstarted: 2025-01-01\n---\n\nWe <!-- private -->blame the intern<!-- /private --> fixed it.\n";
        let pm = r.redact(&parse(text), Path::new("a.md")).unwrap().postmortem;
        assert!(!pm.body.contains("intern"), "{}", pm.body);
        assert!(pm.body.contains("We") && pm.body.contains("fixed it"), "{}", pm.body);
    }

    #[test]
    fn preview_lists_rules_and_lines() {
        let r = rules();
        let items = r.preview(DOC, &parse(DOC), Path::new("a.md")).unwrap();
        let customers: Vec<_> = items.iter().filter(|i| i.rule == "customers").collect();
        assert_eq!((customers[0].line, customers[0].column), (2, 8));
        assert_eq!(customers[0].original, "Globex");
        assert_eq!(customers[0].replacement, "Customer 1");
        assert!(items.iter().any(|i| i.rule == PRIVATE_BLOCK && i.line == 22 && i.end_line == 24), "{items:#?}");
        let section = items.iter().find(|i| i.rule == DROPPED_SECTION).unwrap();
        assert_eq!(
            (section.line, section.end_line, section.original.as_str()),
            (36, 42, "Internal notes"),
            "{items:#?}"
        );
        let link = items.iter().find(|i| i.replacement.starts_with("(link removed")).unwrap();
        assert_eq!((link.line, link.rule.as_str()), (26, "hosts"), "{items:#?}");
        let ip = items.iter().find(|i| i.rule == "ipv4").unwrap();
        assert_eq!((ip.line, ip.original.as_str()), (20, "10.1.2.3"));
        // The preview is the build's own log: one item per counted redaction.
        let doc = r.redact(&parse(DOC), Path::new("a.md")).unwrap();
        let mut tally: BTreeMap<String, usize> = BTreeMap::new();
        for i in &items {
            *tally.entry(i.rule.clone()).or_default() += 1;
        }
        assert_eq!(tally, doc.counts);
    }

    #[test]
    fn preview_sees_a_setext_dropped_section_as_the_build_does() {
        let r = rules();
        let text = "---\ntitle: T\nseverity: SEV3\nstarted: 2025-01-01\n---\n\nPublic part.\n\nInternal notes\n--------------\n\nThe vendor contract renews in May next year.\n\nAfterword\n=========\n\nKept.\n";
        let pm = parse(text);
        let doc = r.redact(&pm, Path::new("a.md")).unwrap();
        assert!(!doc.postmortem.body.contains("vendor contract"), "{}", doc.postmortem.body);
        let items = r.preview(text, &pm, Path::new("a.md")).unwrap();
        assert_eq!(items.len(), 1, "{items:#?}");
        assert_eq!((items[0].rule.as_str(), items[0].line, items[0].end_line), (DROPPED_SECTION, 9, 12));
        assert_eq!(doc.counts[DROPPED_SECTION], 1);
    }
}
