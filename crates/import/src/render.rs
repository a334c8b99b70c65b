//! One incident as a debrief postmortem: front matter (title, severity, times, status,
//! services, `extra`, and the `imported` record that lets a re-import recognise the file
//! and tell whether it was edited since), a Summary, the Timeline (one event per update,
//! oldest first), then the postmortem the source had.
//!
//! Timeline events are list items led by a bold label with the date, time and zone
//! (`- **2024-03-01 10:05 -05:00** — **Investigating** — text`). An update's first
//! paragraph is the event's text; the rest of it follows inside the item, and a list in
//! it sits in a block quote so that its items are never read as events of their own.

use crate::model::{Incident, State};
use crate::time;
use comrak::nodes::NodeValue;
use debrief_scaffold::yaml_string;
use sha2::{Digest, Sha256};

/// The front matter key of the import record.
pub const RECORD_KEY: &str = "imported";
/// The line prefix of the content hash inside the record.
const HASH_PREFIX: &str = "  sha256: \"";
/// Longest facet value debrief accepts.
const FACET_MAX: usize = 80;

/// The postmortem for `incident` with severity `severity`, its content hash filled in.
pub fn render(incident: &Incident, severity: &str) -> String {
    let zone = &incident.zone;
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(&clean(&incident.title))));
    out.push_str(&format!("severity: {}\n", yaml_string(severity)));
    out.push_str(&format!("started: {}\n", time::rfc3339(time::to_second(incident.started), zone)));
    for (key, value) in
        [("detected", incident.detected), ("mitigated", incident.mitigated), ("resolved", incident.resolved)]
    {
        if let Some(at) = value {
            out.push_str(&format!("{key}: {}\n", time::rfc3339(time::to_second(at), zone)));
        }
    }
    match incident.state {
        State::Ongoing => out.push_str("status: ongoing\n"),
        State::Resolved => out.push_str("status: resolved\n"),
        State::Unstated => {}
    }
    let services = facets(&incident.services);
    let quoted: Vec<String> = services.iter().map(|s| yaml_string(s)).collect();
    out.push_str(&format!("services: [{}]\n", quoted.join(", ")));
    if !incident.extra.is_empty() {
        out.push_str("extra:\n");
        for (key, value) in &incident.extra {
            out.push_str(&format!("  {key}: {}\n", yaml_string(&clean(value))));
        }
    }
    out.push_str(&format!("{RECORD_KEY}:  # written by `debrief import`; edits are kept unless --force\n"));
    out.push_str(&format!("  from: {}\n", incident.format.id()));
    out.push_str(&format!("  id: {}\n", yaml_string(&clean(&incident.id))));
    out.push_str(&format!("{HASH_PREFIX}\"\n"));
    out.push_str("---\n");

    let mut updates: Vec<&crate::model::Update> = incident.updates.iter().collect();
    updates.sort_by_key(|u| u.at);
    let postmortem = incident.postmortem.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let has_summary = postmortem.is_some_and(|p| {
        p.lines().any(|l| {
            l.starts_with('#')
                && debrief_content::markdown::section_kind(l.trim_start_matches('#'))
                    == Some(debrief_content::SectionKind::Summary)
        })
    });
    if !has_summary && let Some(summary) = updates.first().and_then(|u| first_paragraph(&u.body)) {
        out.push_str(&format!("\n## Summary\n\n{summary}\n"));
    }
    if let Some(notes) = incident.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        out.push_str(&format!("\n{}\n", quote_lists(notes)));
    }
    if !updates.is_empty() {
        out.push_str("\n## Timeline\n\n");
        for (i, update) in updates.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&event(update, zone));
        }
    }
    if let Some(postmortem) = postmortem {
        out.push_str(&format!("\n## Postmortem\n\n{postmortem}\n"));
    }
    with_hash(&out)
}

/// One timeline event as a list item.
fn event(update: &crate::model::Update, zone: &jiff::tz::TimeZone) -> String {
    // A status word always follows the time, so text after it is never read as part of
    // the time label (a date or a time range at the start of an update).
    let status = update.status.as_deref().map(clean).map(|s| s.trim().replace('*', "")).filter(|s| !s.is_empty());
    let mut head = format!("- **{}** — **{}**", time::label(update.at, zone), status.as_deref().unwrap_or("Update"));
    let blocks = blocks(&update.body);
    let mut rest: &[Block] = &blocks;
    match blocks.first() {
        Some(first) if first.paragraph => {
            let mut lines = first.text.lines();
            head.push_str(&format!(" — {}", lines.next().unwrap_or_default()));
            for line in lines {
                head.push_str(&format!("\n  {line}"));
            }
            rest = &blocks[1..];
        }
        _ => {}
    }
    let mut out = format!("{head}\n");
    for block in rest {
        out.push('\n');
        for line in block.text.lines() {
            match (block.list, line.is_empty()) {
                (true, true) => out.push_str("  >\n"),
                (true, false) => out.push_str(&format!("  > {line}\n")),
                (false, true) => out.push('\n'),
                (false, false) => out.push_str(&format!("  {line}\n")),
            }
        }
    }
    out
}

/// A top-level block of a Markdown body, as written.
struct Block {
    text: String,
    paragraph: bool,
    list: bool,
}

/// The top-level blocks of `markdown`, each as its source lines.
fn blocks(markdown: &str) -> Vec<Block> {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &debrief_content::markdown::options());
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::new();
    for node in root.children() {
        let data = node.data();
        let (start, end) = (data.sourcepos.start.line, data.sourcepos.end.line);
        if start == 0 || start > lines.len() {
            continue;
        }
        let end = end.clamp(start, lines.len());
        let text = lines[start - 1..end].join("\n");
        let text = text.trim_end().to_string();
        if text.trim().is_empty() {
            continue;
        }
        out.push(Block {
            paragraph: matches!(data.value, NodeValue::Paragraph),
            list: matches!(data.value, NodeValue::List(_)),
            text,
        });
    }
    out
}

/// The first paragraph of a body, on one line (for the Summary).
fn first_paragraph(markdown: &str) -> Option<String> {
    let blocks = blocks(markdown);
    let first = blocks.iter().find(|b| b.paragraph)?;
    let line = first.text.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let line = line.trim_end_matches('\\').trim().to_string();
    (!line.is_empty()).then_some(line)
}

/// Lists of free text put in block quotes, so a time-led list is not read as a timeline.
fn quote_lists(markdown: &str) -> String {
    let mut out = Vec::new();
    for block in blocks(markdown) {
        if block.list {
            out.push(
                block
                    .text
                    .lines()
                    .map(|l| if l.is_empty() { ">".into() } else { format!("> {l}") })
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        } else {
            out.push(block.text);
        }
    }
    out.join("\n\n")
}

/// Facet values debrief accepts: one line, at most 80 characters, no duplicates.
fn facets(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        let one_line = clean(value).split_whitespace().collect::<Vec<_>>().join(" ");
        let cut: String = one_line.chars().take(FACET_MAX).collect();
        let cut = cut.trim().to_string();
        if !cut.is_empty() && !out.contains(&cut) {
            out.push(cut);
        }
    }
    out
}

/// Characters YAML does not allow in a document, or reads as line breaks, as spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => ' ',
            c => c,
        })
        .collect()
}

fn with_hash(text: &str) -> String {
    let hash = content_hash(text);
    text.replacen(&format!("{HASH_PREFIX}\"\n"), &format!("{HASH_PREFIX}{hash}\"\n"), 1)
}

/// SHA-256 of `text` with its recorded hash blanked.
fn content_hash(text: &str) -> String {
    let blanked = blank_hash(text);
    let digest = Sha256::digest(blanked.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn blank_hash(text: &str) -> String {
    match recorded_hash_span(text) {
        Some((start, end)) => format!("{}{}", &text[..start], &text[end..]),
        None => text.to_string(),
    }
}

/// Byte range of the hash value in the record line, if there is one.
fn recorded_hash_span(text: &str) -> Option<(usize, usize)> {
    let front_end = text.get(4..)?.find("\n---").map_or(text.len(), |i| i + 4);
    let at = text[..front_end].find(&format!("\n{HASH_PREFIX}"))? + 1 + HASH_PREFIX.len();
    let end = at + text[at..].find('"')?;
    Some((at, end))
}

/// Whether a file written by `debrief import` is as it was written: its content matches
/// the hash it records. `None` when the file records no hash.
pub fn is_unedited(text: &str) -> Option<bool> {
    let (start, end) = recorded_hash_span(text)?;
    Some(text[start..end] == content_hash(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Update};
    use debrief_content::{ParseContext, SourceDoc, parse_postmortem};
    use jiff::tz::TimeZone;

    fn incident() -> Incident {
        let at = |s: &str| s.parse::<jiff::Timestamp>().expect("ts");
        Incident {
            format: Format::Statuspage,
            id: "abc".into(),
            origin: "x".into(),
            title: "API \"errors\": 50% of calls\nfailed".into(),
            level: "major".into(),
            started: at("2024-03-01T15:00:00.250Z"),
            detected: Some(at("2024-03-01T15:20:00Z")),
            mitigated: None,
            resolved: Some(at("2024-03-01T16:00:00Z")),
            state: State::Resolved,
            services: vec!["API".into(), "API".into(), "x".repeat(100)],
            updates: vec![
                Update { at: at("2024-03-01T15:50:00Z"), status: Some("Resolved".into()), body: "Fixed.".into() },
                Update {
                    at: at("2024-03-01T15:05:00Z"),
                    status: Some("Investigating".into()),
                    body: "We are looking\ninto it.\n\n- 10:05 restarted a node\n- Seen at 2024-03-01 10:07 UTC\n\nMore text.".into(),
                },
                Update { at: at("2024-03-01T15:20:00Z"), status: None, body: "- only a list".into() },
            ],
            postmortem: Some("## Root cause\n\nA bad deploy.".into()),
            notes: None,
            extra: [("shortlink".to_string(), "https://stspg.example/x".to_string())].into(),
            zone: TimeZone::get("America/New_York").expect("zone"),
            problems: vec![],
        }
    }

    fn parse(text: &str) -> debrief_content::Postmortem {
        let doc = SourceDoc {
            path: "a.md".into(),
            display_path: "a.md".into(),
            bytes: text.into(),
            bundle: None,
            assets: vec![],
        };
        let (pm, diagnostics) = parse_postmortem(&doc, &ParseContext::default());
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}\n{text}");
        pm.unwrap_or_else(|| panic!("{diagnostics:?}"))
    }

    #[test]
    fn renders_a_valid_postmortem_whose_timeline_is_the_updates_in_order() {
        let text = render(&incident(), "SEV2");
        let pm = parse(&text);
        assert_eq!(pm.title, "API \"errors\": 50% of calls failed");
        assert_eq!(pm.started.instant.to_string(), "2024-03-01T15:00:00Z");
        assert_eq!(pm.resolved.map(|w| w.instant.to_string()).as_deref(), Some("2024-03-01T16:00:00Z"));
        assert_eq!(pm.services, ["API".to_string(), "x".repeat(80)]);
        let times: Vec<String> = pm.timeline.iter().map(|e| e.at.expect("time").to_string()).collect();
        assert_eq!(times, ["2024-03-01T15:05:00Z", "2024-03-01T15:20:00Z", "2024-03-01T15:50:00Z"], "{text}");
        assert!(pm.timeline[0].text.starts_with("Investigating — We are looking into it."), "{:?}", pm.timeline[0]);
        assert_eq!(pm.extra["shortlink"], "https://stspg.example/x");
        assert!(pm.section(debrief_content::SectionKind::RootCause).is_some());
        assert_eq!(pm.summary.as_deref(), Some("We are looking into it."));
        assert!(text.contains("  > - 10:05 restarted a node"), "{text}");
    }

    #[test]
    fn the_hash_tells_an_edited_file() {
        let text = render(&incident(), "SEV2");
        assert_eq!(render(&incident(), "SEV2"), text, "deterministic");
        assert_eq!(is_unedited(&text), Some(true));
        assert_eq!(is_unedited(&text.replace("A bad deploy.", "A bad deploy, we think.")), Some(false));
        assert_eq!(is_unedited("---\ntitle: x\n---\n"), None);
    }
}
