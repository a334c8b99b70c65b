//! The Markdown body: one set of comrak options for the whole project, and the structure
//! debrief reads out of a body — known sections by heading, timeline events, action items
//! and the summary paragraph. Pure; walks the comrak tree iteratively so deep nesting cannot
//! overflow the stack.

use crate::actions;
use crate::model::{ActionItem, Section, SectionKind, TimelineEvent};
use crate::timeline::{Skipped, TimelineReader, is_time_led_run};
use crate::when::When;
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use jiff::civil::Time;

/// The comrak options every part of debrief parses with: GFM, no raw HTML, sourcepos.
pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.render.escape = true;
    options.render.r#unsafe = false;
    options
}

/// Section headings and their synonyms, matched case-insensitively at the start of the
/// heading text (so "Timeline (all times PST)" is a Timeline).
const SYNONYMS: &[(SectionKind, &[&str])] = &[
    (
        SectionKind::Summary,
        &["summary", "issue summary", "incident summary", "executive summary", "overview", "tl;dr", "tldr"],
    ),
    (SectionKind::Impact, &["impact", "customer impact", "user impact", "business impact", "scope", "blast radius"]),
    (
        SectionKind::Timeline,
        &[
            "timeline",
            "incident timeline",
            "key events",
            "chronology",
            "sequence of events",
            "timeline of events",
            "context",
            "what happened",
            "events",
            "detailed timeline",
            "follow-up timeline",
        ],
    ),
    (
        SectionKind::RootCause,
        &["root cause", "root causes", "root cause analysis", "cause", "causes", "trigger", "the technical problem"],
    ),
    (SectionKind::ContributingFactors, &["contributing factors", "contributing factor", "contributing causes"]),
    (SectionKind::Detection, &["detection", "how we detected", "how it was detected", "identified"]),
    (SectionKind::Resolution, &["mitigation", "resolution", "recovery", "resolution and recovery", "fix", "response"]),
    (SectionKind::FiveWhys, &["five whys", "5 whys", "the five whys"]),
    (
        SectionKind::ActionItems,
        &[
            "action items",
            "action item",
            "actions",
            "follow-up actions",
            "follow-up items",
            "follow-ups",
            "follow up",
            "followups",
            "corrective actions",
            "corrective and preventative measures",
            "corrective and preventive measures",
            "corrective and preventative measure",
            "next steps",
            "action plan",
            "remediation items",
            "remediation",
            "remediations",
            "preventive measures",
            "preventative measures",
            "preventive actions",
            "preventative actions",
            "review actions",
            "what we're doing",
            "what we are doing",
            "what we’re doing",
            "what we will do",
            "what we're changing",
            "improvements",
            "planned improvements",
            "short-term improvements",
            "medium-term improvements",
            "long-term improvements",
            "immediate actions",
            "planned actions",
            "future actions",
            "future work",
            "todo",
            "to do",
            "follow-up",
            "follow-up tasks",
            "followup",
            "moving forward",
        ],
    ),
    (
        SectionKind::LessonsLearned,
        &[
            "lessons learned",
            "lessons learnt",
            "lessons",
            "learnings",
            "key takeaways",
            "takeaways",
            "what went well",
            "what went wrong",
            "what didn't go well",
            "what did not go well",
            "what went poorly",
            "where we got lucky",
            "what could have gone better",
        ],
    ),
];

/// Recognises a known section from its heading text.
pub fn section_kind(heading: &str) -> Option<SectionKind> {
    let lower = heading.trim().to_lowercase();
    // "3. Root cause" / "3) Root cause": a numbered heading.
    let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
    let lower = match lower[digits..].strip_prefix(['.', ')']) {
        Some(rest) if digits > 0 => rest.trim_start(),
        _ => lower.as_str(),
    };
    let mut best: Option<(usize, SectionKind)> = None;
    for (kind, names) in SYNONYMS {
        for name in *names {
            if let Some(rest) = lower.strip_prefix(name)
                && (rest.is_empty() || !rest.starts_with(|c: char| c.is_alphanumeric()))
                && best.is_none_or(|(len, _)| name.len() > len)
            {
                best = Some((name.len(), *kind));
            }
        }
    }
    if best.is_none() && (lower.contains("timeline") || lower.contains("chronology")) {
        return Some(SectionKind::Timeline);
    }
    if best.is_none() && (lower.contains("action items") || lower.contains("follow-up items")) {
        return Some(SectionKind::ActionItems);
    }
    best.map(|(_, kind)| kind)
}

/// Removes every `<!-- … -->` comment from raw HTML (an unclosed one removes the rest).
pub fn strip_html_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Removes every HTML comment from a parsed body: comment blocks and inline comments are
/// detached, and comments inside other raw HTML (`<details>\n<!-- note -->`) are cut out.
/// HTML comments are never published.
pub fn drop_html_comments<'a>(root: &'a AstNode<'a>) {
    let is_comment = |html: &str| html.trim_start().starts_with("<!--");
    let comments: Vec<&AstNode<'_>> = root
        .descendants()
        .filter(|n| match &n.data().value {
            NodeValue::HtmlBlock(block) => is_comment(&block.literal),
            NodeValue::HtmlInline(html) => is_comment(html),
            _ => false,
        })
        .collect();
    for node in comments {
        node.detach();
    }
    for node in root.descendants() {
        let mut data = node.data_mut();
        match &mut data.value {
            NodeValue::HtmlBlock(block) if block.literal.contains("<!--") => {
                block.literal = strip_html_comments(&block.literal);
            }
            NodeValue::HtmlInline(html) if html.contains("<!--") => *html = strip_html_comments(html),
            _ => {}
        }
    }
}

/// The plain text of a node: text and code, breaks as `\n`, nothing else.
pub fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for child in node.descendants() {
        match &child.data().value {
            NodeValue::Text(text) => out.push_str(text),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push('\n'),
            _ => {}
        }
    }
    out
}

/// The plain text of an item's own paragraph (not of nested lists).
pub fn item_text<'a>(item: &'a AstNode<'a>) -> String {
    item.children().find(|c| matches!(c.data().value, NodeValue::Paragraph)).map(plain_text).unwrap_or_default()
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a body says, in structured form.
#[derive(Debug, Default)]
pub struct BodyFacts {
    /// Every heading, with the known kind where recognised.
    pub sections: Vec<Section>,
    /// Events of the timeline sections (and of time-led runs elsewhere).
    pub timeline: Vec<TimelineEvent>,
    /// Items of the action items sections.
    pub action_items: Vec<ActionItem>,
    /// First paragraph of the Summary section (or of the body).
    pub summary: Option<String>,
    /// Timeline entries whose time could not be read: (line, text of the label).
    pub unreadable_times: Vec<(usize, String)>,
    /// Timeline entries like `13:55 PM`, read as 24-hour times: (line, label).
    pub odd_meridiem: Vec<(usize, String)>,
    /// Lines in timeline sections that look like events but were not read.
    pub skipped: Vec<Skipped>,
    /// Lines in timeline sections that look like events, read or not.
    pub timeline_candidates: usize,
    /// 1-based line of the first timeline section heading (or first event).
    pub timeline_line: Option<usize>,
}

/// A heading (or a bold list item / paragraph acting as one) that is open over the blocks
/// that follow it.
#[derive(Debug, Clone)]
struct Open {
    level: u8,
    kind: Option<SectionKind>,
    /// A date or time heading inside a timeline: closed by the next such heading.
    date_heading: bool,
    /// Its words say the actions under it are done ("Immediate actions (completed)").
    done: bool,
}

/// Reads the structure out of a Markdown body.
///
/// `started` anchors timeline times that carry no date; `body_line` is the file line where
/// the body starts, so positions point into the file.
pub fn read_body(body: &str, body_line: usize, started: Option<&When>) -> BodyFacts {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &options());
    let line_of = |node: &AstNode<'_>| node.data().sourcepos.start.line + body_line - 1;

    let mut facts = BodyFacts::default();
    let mut open: Vec<Open> = Vec::new();
    // A bold paragraph naming a section ("**Timeline**") opens it until the next heading.
    let mut pseudo: Option<(SectionKind, bool)> = None;
    let mut first_paragraph: Option<String> = None;
    let mut timeline = TimelineReader::new(started);
    // Runs of time-led list items or table rows outside any timeline section: read only
    // when the postmortem has no timeline of its own.
    let mut runs: Vec<&AstNode<'_>> = Vec::new();

    for block in root.children() {
        let value = block.data().value.clone();
        if let NodeValue::Heading(heading) = &value {
            let text = collapse(&plain_text(block));
            let kind = section_kind(&text);
            let line = line_of(block);
            pseudo = None;
            let in_timeline = open.iter().any(|o| o.kind == Some(SectionKind::Timeline));
            // Date and time headings inside a timeline, at any level, stay in it.
            if in_timeline && kind.is_none() && timeline.heading(&text, line) {
                while open.last().is_some_and(|o| o.date_heading || o.level > heading.level) {
                    open.pop();
                }
                open.push(Open {
                    level: heading.level,
                    kind: Some(SectionKind::Timeline),
                    date_heading: true,
                    done: false,
                });
                continue;
            }
            while open.last().is_some_and(|o| o.level >= heading.level) {
                open.pop();
            }
            if kind == Some(SectionKind::Timeline) {
                timeline.start_section(&text);
                facts.timeline_line.get_or_insert(line);
            }
            let done = done_words(&text);
            facts.sections.push(Section { kind, heading: text, level: heading.level, line });
            open.push(Open { level: heading.level, kind, date_heading: false, done });
            continue;
        }
        let mut current: Vec<SectionKind> = open.iter().filter_map(|o| o.kind).collect();
        let mut done_default = open.iter().any(|o| o.done);
        if let Some((kind, done)) = pseudo {
            current.push(kind);
            done_default |= done;
        }
        if matches!(value, NodeValue::Paragraph) {
            if let Some(kind) = pseudo_heading(block) {
                if kind == SectionKind::Timeline {
                    timeline.start_section(&plain_text(block));
                    facts.timeline_line.get_or_insert(line_of(block));
                }
                pseudo = Some((kind, done_words(&plain_text(block))));
                continue;
            }
            if first_paragraph.is_none() {
                first_paragraph = Some(collapse(&plain_text(block)));
            }
            if current.last() == Some(&SectionKind::Summary) && facts.summary.is_none() {
                facts.summary = Some(collapse(&plain_text(block)));
            }
        }
        let in_actions = current.contains(&SectionKind::ActionItems);
        if current.contains(&SectionKind::Timeline) {
            timeline.block(block, &line_of);
        } else if !in_actions && is_time_led_run(block) {
            runs.push(block);
        } else if matches!(value, NodeValue::List(_)) {
            // Bold list items naming a section (MoJ's `- **Key events**`, `- **Review
            // actions**:`) hold that section's content in their nested lists.
            list_sections(block, &line_of, &mut timeline, &mut facts);
        }
        if in_actions {
            actions::read_block(block, done_default, &line_of, &mut facts.action_items);
        }
    }
    if timeline.events.is_empty() {
        for block in runs {
            facts.timeline_line.get_or_insert(line_of(block));
            timeline.start_section("");
            timeline.block(block, &line_of);
        }
    }
    if facts.summary.is_none() {
        facts.summary = first_paragraph.filter(|p| !p.is_empty());
    }
    facts.summary = facts.summary.map(|s| truncate_words(&s, 300));
    facts.timeline = timeline.events;
    facts.unreadable_times = timeline.unreadable;
    facts.odd_meridiem = timeline.odd_meridiem;
    facts.skipped = timeline.skipped;
    facts.timeline_candidates = timeline.candidates;
    facts
}

/// Words in a heading saying the actions under it are done.
fn done_words(heading: &str) -> bool {
    let lower = heading.to_lowercase();
    (lower.contains("completed") || lower.contains("(done)") || lower.contains("already done"))
        && !lower.contains("planned")
        && !lower.contains("not completed")
}

/// A paragraph that is only a bold section name (`**Timeline**`, `**Action items:**`).
fn pseudo_heading<'a>(para: &'a AstNode<'a>) -> Option<SectionKind> {
    let strong = para.first_child().filter(|c| matches!(c.data().value, NodeValue::Strong))?;
    let rest: String = para.children().skip(1).map(plain_text).collect();
    if !rest.trim().trim_start_matches(':').trim().is_empty() {
        return None;
    }
    section_kind(plain_text(strong).trim().trim_end_matches(':'))
}

/// The section a list item's bold lead names (`- **Context**:` → Timeline).
fn item_section<'a>(item: &'a AstNode<'a>) -> Option<(SectionKind, String)> {
    let para = item.children().find(|c| matches!(c.data().value, NodeValue::Paragraph))?;
    let strong = para.first_child().filter(|c| matches!(c.data().value, NodeValue::Strong))?;
    let name = collapse(&plain_text(strong));
    let kind = section_kind(name.trim_end_matches(':'))?;
    let rest: String = para.children().skip(1).map(plain_text).collect();
    Some((kind, collapse(rest.trim_start().trim_start_matches(':'))))
}

fn list_sections<'a>(
    list: &'a AstNode<'a>,
    line_of: &dyn Fn(&AstNode<'_>) -> usize,
    timeline: &mut TimelineReader,
    facts: &mut BodyFacts,
) {
    for item in list.children() {
        let Some((kind, _rest)) = item_section(item) else { continue };
        let nested = item.children().filter(|c| !matches!(c.data().value, NodeValue::Paragraph));
        match kind {
            SectionKind::Timeline => {
                facts.timeline_line.get_or_insert(line_of(item));
                timeline.start_section("");
                for block in nested {
                    timeline.block(block, line_of);
                }
            }
            SectionKind::ActionItems => {
                let before = facts.action_items.len();
                for block in nested {
                    actions::read_block(block, false, line_of, &mut facts.action_items);
                }
                if facts.action_items.len() == before && !_rest.is_empty() {
                    let mut action = ActionItem::from_text(&_rest, false, line_of(item));
                    action.text = collapse(&action.text);
                    facts.action_items.push(action);
                }
            }
            _ => {}
        }
    }
}

/// Cuts `text` to at most `max` characters at a word boundary, adding an ellipsis.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

impl ActionItem {
    /// Reads `text (owner: platform, due: 2025-04-01)` into an action item.
    pub fn from_text(text: &str, done: bool, line: usize) -> Self {
        let mut item = ActionItem { text: text.to_string(), done, owner: None, due: None, line };
        let Some(open) = text.rfind('(') else { return item };
        let Some(close) = text[open..].find(')').map(|i| open + i) else { return item };
        let inner = &text[open + 1..close];
        let mut found = false;
        for part in inner.split([',', ';']) {
            let Some((key, value)) = part.split_once(':') else { continue };
            let value = value.trim();
            match key.trim().to_lowercase().as_str() {
                "owner" | "owners" | "assignee" | "team" if !value.is_empty() => {
                    item.owner = Some(value.to_string());
                    found = true;
                }
                "due" | "due date" | "deadline" if !value.is_empty() => {
                    item.due = Some(value.to_string());
                    found = true;
                }
                _ => {}
            }
        }
        if found {
            let before = text[..open].trim_end();
            let after = text[close + 1..].trim();
            item.text = if after.is_empty() { before.to_string() } else { format!("{before} {after}") };
        }
        item
    }
}

/// Midnight as a civil time, for callers that need a default.
pub fn midnight() -> Time {
    Time::midnight()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::parse_when;
    use jiff::tz::TimeZone;

    fn started(s: &str) -> When {
        parse_when(s, &TimeZone::UTC).unwrap()
    }

    #[test]
    fn html_comments_are_stripped_anywhere() {
        assert_eq!(strip_html_comments("<details>\n<!-- internal -->\n</details>"), "<details>\n\n</details>");
        assert_eq!(strip_html_comments("a <!-- x --> b <!-- y"), "a  b ");
        assert_eq!(strip_html_comments("none"), "none");
    }

    #[test]
    fn recognises_sections_with_synonyms() {
        assert_eq!(section_kind("Timeline (all times PST)"), Some(SectionKind::Timeline));
        assert_eq!(section_kind("Issue Summary"), Some(SectionKind::Summary));
        assert_eq!(section_kind("Resolution and Recovery"), Some(SectionKind::Resolution));
        assert_eq!(section_kind("Corrective and Preventative Measures"), Some(SectionKind::ActionItems));
        assert_eq!(section_kind("What went well?"), Some(SectionKind::LessonsLearned));
        assert_eq!(section_kind("5 Whys"), Some(SectionKind::FiveWhys));
        assert_eq!(section_kind("Impacted services"), None);
        assert_eq!(section_kind("Attendees"), None);
    }

    #[test]
    fn table_timeline_rolls_over_midnight_in_named_zone() {
        let body =
            "## Timeline\n\nAll times in PST.\n\n| Time | Event |\n|---|---|\n| 23:50 | Deploy |\n| 00:10 | Alert |\n";
        let facts = read_body(body, 5, Some(&started("2025-03-15T07:50:00Z")));
        let at: Vec<String> = facts.timeline.iter().map(|e| e.at.unwrap().to_string()).collect();
        assert_eq!(at, ["2025-03-15T07:50:00Z", "2025-03-15T08:10:00Z"]);
        assert_eq!(facts.timeline[1].text, "Alert");
        assert_eq!(facts.timeline[0].line, 11);
    }

    #[test]
    fn list_timeline_with_full_dates() {
        let body = "## Timeline\n\n- **2025-03-14 09:12 UTC** Cert expired\n- 10:00 — Renewed\n- **2025-03-16 08:00 UTC** Closed\n";
        let facts = read_body(body, 1, Some(&started("2025-03-14T09:12:00Z")));
        let got: Vec<(String, String)> =
            facts.timeline.iter().map(|e| (e.at.unwrap().to_string(), e.text.clone())).collect();
        assert_eq!(
            got,
            [
                ("2025-03-14T09:12:00Z".to_string(), "Cert expired".to_string()),
                ("2025-03-14T10:00:00Z".to_string(), "Renewed".to_string()),
                ("2025-03-16T08:00:00Z".to_string(), "Closed".to_string()),
            ]
        );
    }

    #[test]
    fn placeholder_times_keep_the_date_and_are_reported() {
        let body = "## Timeline\n\n| Time | Event |\n|---|---|\n| 2022-06-02 HH:mm | OOM found |\n| HH:mm | Someone forgot |\n";
        let facts = read_body(body, 1, Some(&started("2022-06-01")));
        assert_eq!(facts.timeline.len(), 2);
        let first = &facts.timeline[0];
        assert_eq!((first.at.map(|t| t.to_string()), first.date_only), (Some("2022-06-02T00:00:00Z".into()), true));
        assert_eq!((facts.timeline[1].at, facts.timeline[1].text.as_str()), (None, "Someone forgot"));
        assert_eq!(facts.unreadable_times.iter().map(|u| u.0).collect::<Vec<_>>(), [5, 6]);
    }

    #[test]
    fn action_items_with_owner_and_due() {
        let body = "## Action items\n\n- [x] Automate renewal (owner: platform, due: 2025-04-01)\n- [ ] Alert earlier (owner: observability)\n- not a task\n";
        let facts = read_body(body, 1, None);
        assert_eq!(facts.action_items.len(), 3, "a plain bullet is an action item too");
        let a = &facts.action_items[0];
        assert_eq!(
            (a.text.as_str(), a.done, a.owner.as_deref(), a.due.as_deref()),
            ("Automate renewal", true, Some("platform"), Some("2025-04-01"))
        );
        assert!(!facts.action_items[1].done);
        assert_eq!((facts.action_items[2].text.as_str(), facts.action_items[2].done), ("not a task", false));
    }

    #[test]
    fn summary_from_section_or_first_paragraph() {
        let facts = read_body("Intro.\n\n## Summary\n\nThe real\nsummary.\n", 1, None);
        assert_eq!(facts.summary.as_deref(), Some("The real summary."));
        let facts = read_body("Only a paragraph.\n", 1, None);
        assert_eq!(facts.summary.as_deref(), Some("Only a paragraph."));
    }
}
