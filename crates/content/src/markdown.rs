//! The Markdown body: one set of comrak options for the whole project, and the structure
//! debrief reads out of a body — known sections by heading, timeline events, action items
//! and the summary paragraph. Pure; walks the comrak tree iteratively so deep nesting cannot
//! overflow the stack.

use crate::model::{ActionItem, Section, SectionKind, TimelineEvent};
use crate::when::{LabelDate, When, find_zone_in_text, parse_time_label};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

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
        &[
            "summary",
            "issue summary",
            "incident summary",
            "executive summary",
            "overview",
            "tl;dr",
            "tldr",
            "what happened",
        ],
    ),
    (SectionKind::Impact, &["impact", "customer impact", "user impact", "business impact", "scope", "blast radius"]),
    (
        SectionKind::Timeline,
        &["timeline", "incident timeline", "key events", "chronology", "sequence of events", "timeline of events"],
    ),
    (
        SectionKind::RootCause,
        &["root cause", "root causes", "root cause analysis", "cause", "causes", "trigger", "the technical problem"],
    ),
    (SectionKind::ContributingFactors, &["contributing factors", "contributing factor", "contributing causes"]),
    (SectionKind::Detection, &["detection", "how we detected", "how it was detected", "identified"]),
    (
        SectionKind::Resolution,
        &["mitigation", "resolution", "recovery", "resolution and recovery", "remediation", "fix", "response"],
    ),
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
            "preventive measures",
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
fn item_text<'a>(item: &'a AstNode<'a>) -> String {
    item.children().find(|c| matches!(c.data().value, NodeValue::Paragraph)).map(plain_text).unwrap_or_default()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a body says, in structured form.
#[derive(Debug, Default)]
pub struct BodyFacts {
    /// Every heading, with the known kind where recognised.
    pub sections: Vec<Section>,
    /// Events of the Timeline section.
    pub timeline: Vec<TimelineEvent>,
    /// Task-list items of the Action items section.
    pub action_items: Vec<ActionItem>,
    /// First paragraph of the Summary section (or of the body).
    pub summary: Option<String>,
    /// Timeline entries whose time could not be read: (line, text of the label).
    pub unreadable_times: Vec<(usize, String)>,
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
    // Top-level blocks with the heading stack that covers them.
    let mut open: Vec<(u8, Option<SectionKind>)> = Vec::new();
    let mut first_paragraph: Option<String> = None;
    let mut timeline = TimelineReader::new(started);

    for block in root.children() {
        let value = block.data().value.clone();
        if let NodeValue::Heading(heading) = &value {
            let text = collapse(&plain_text(block));
            while open.last().is_some_and(|(level, _)| *level >= heading.level) {
                open.pop();
            }
            let kind = section_kind(&text);
            // A time as a sub-heading of the Timeline is an event of its own.
            let in_timeline = open.iter().any(|(_, k)| *k == Some(SectionKind::Timeline));
            if in_timeline && kind.is_none() && timeline.heading_event(&text, line_of(block)) {
                open.push((heading.level, Some(SectionKind::Timeline)));
                continue;
            }
            if kind == Some(SectionKind::Timeline) {
                timeline.zone_hint(&text);
            }
            facts.sections.push(Section { kind, heading: text, level: heading.level, line: line_of(block) });
            open.push((heading.level, kind));
            continue;
        }
        let current: Vec<SectionKind> = open.iter().filter_map(|(_, k)| *k).collect();
        if matches!(value, NodeValue::Paragraph) {
            if first_paragraph.is_none() {
                first_paragraph = Some(collapse(&plain_text(block)));
            }
            if current.last() == Some(&SectionKind::Summary) && facts.summary.is_none() {
                facts.summary = Some(collapse(&plain_text(block)));
            }
        }
        if current.contains(&SectionKind::Timeline) {
            timeline.block(block, &line_of);
        }
        if current.contains(&SectionKind::ActionItems) {
            for node in block.descendants() {
                if let NodeValue::TaskItem(task) = &node.data().value {
                    let text = collapse(&item_text(node));
                    facts.action_items.push(ActionItem::from_text(&text, task.symbol.is_some(), line_of(node)));
                }
            }
        }
    }
    if facts.summary.is_none() {
        facts.summary = first_paragraph.filter(|p| !p.is_empty());
    }
    facts.summary = facts.summary.map(|s| truncate_words(&s, 300));
    facts.timeline = timeline.events;
    facts.unreadable_times = timeline.unreadable;
    facts
}

/// Whether a table cell holds only a date, a time or a weekday.
fn is_label_cell(cell: &str) -> bool {
    let cell = cell.trim();
    if cell.is_empty() {
        return false;
    }
    if crate::when::is_weekday(cell.trim_end_matches(['.', ','])) {
        return true;
    }
    parse_time_label(cell).is_some_and(|l| l.consumed >= cell.len() && (l.date.is_some() || l.time.is_some()))
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

/// Turns timeline blocks into dated events, keeping the running date for times without one.
struct TimelineReader {
    events: Vec<TimelineEvent>,
    unreadable: Vec<(usize, String)>,
    zone: Option<Offset>,
    started_offset: Offset,
    started: Option<When>,
    current_date: Option<Date>,
    last: Option<DateTime>,
}

impl TimelineReader {
    fn new(started: Option<&When>) -> Self {
        Self {
            events: Vec::new(),
            unreadable: Vec::new(),
            zone: None,
            started_offset: started.map_or(Offset::UTC, |w| w.offset),
            started: started.copied(),
            current_date: None,
            last: None,
        }
    }

    fn zone_hint(&mut self, text: &str) {
        if self.zone.is_none() {
            self.zone = find_zone_in_text(text);
        }
    }

    fn offset(&self) -> Offset {
        self.zone.unwrap_or(self.started_offset)
    }

    fn block<'a>(&mut self, block: &'a AstNode<'a>, line_of: &dyn Fn(&AstNode<'_>) -> usize) {
        match &block.data().value {
            NodeValue::Paragraph => {
                let text = plain_text(block);
                let line = line_of(block);
                let mut any = false;
                for (i, part) in text.split('\n').enumerate() {
                    any |= self.entry(part, line + i, false);
                }
                if !any {
                    self.zone_hint(&text);
                }
            }
            NodeValue::List(_) => self.list(block, line_of),
            NodeValue::Table(_) => self.table(block, line_of),
            _ => {}
        }
    }

    fn list<'a>(&mut self, list: &'a AstNode<'a>, line_of: &dyn Fn(&AstNode<'_>) -> usize) {
        // Iterative over nested lists: a stack of list nodes.
        let mut stack = vec![list];
        while let Some(list) = stack.pop() {
            let items: Vec<_> = list.children().collect();
            for item in items.iter() {
                let text = item_text(item);
                let first = text.split('\n').next().unwrap_or("");
                self.entry(first, line_of(item), false);
            }
            // Nested lists, visited after this level, in order.
            for item in items.iter().rev() {
                for child in item.children().collect::<Vec<_>>().into_iter().rev() {
                    if matches!(child.data().value, NodeValue::List(_)) {
                        stack.push(child);
                    }
                }
            }
        }
    }

    fn table<'a>(&mut self, table: &'a AstNode<'a>, line_of: &dyn Fn(&AstNode<'_>) -> usize) {
        for row in table.children() {
            let header = matches!(row.data().value, NodeValue::TableRow(true));
            let cells: Vec<String> = row.children().map(|c| collapse(&plain_text(c))).collect();
            let Some(first) = cells.first() else { continue };
            if header {
                self.zone_hint(first);
                continue;
            }
            // Leading cells that are all date, time or weekday ("| Fri | Jan 21 | 00:20 | … |")
            // form the label together.
            let lead = cells.iter().take(3).take_while(|c| is_label_cell(c)).count().clamp(1, cells.len().max(1));
            let label = cells[..lead].join(" ");
            let rest: Vec<&str> = cells[lead..].iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
            let line = line_of(row);
            if !self.dated_event(&label, &rest.join(" — "), line) && !label.trim().is_empty() {
                self.unreadable.push((line, label.clone()));
                self.events.push(TimelineEvent { at: None, date_only: false, label, text: rest.join(" — "), line });
            }
        }
    }

    /// A heading like "### 22:00" or "### July 14, 2025, 11:20 am".
    fn heading_event(&mut self, text: &str, line: usize) -> bool {
        match parse_time_label(text) {
            Some(label) if label.time.is_some() && label.consumed >= text.trim_end().len().min(label.consumed) => {
                self.entry(text, line, true)
            }
            _ => false,
        }
    }

    /// One line of text that may start with a time. Returns whether it was an event.
    fn entry(&mut self, text: &str, line: usize, allow_empty: bool) -> bool {
        let Some(label) = parse_time_label(text) else { return false };
        let rest = collapse(&text[label.consumed..]);
        if rest.is_empty() && !allow_empty {
            return false;
        }
        let label_text = collapse(&text[..label.consumed]);
        let label_text = label_text.trim_end_matches(['—', '–', '-', ':', '|', ',', ' ']).to_string();
        let at = self.resolve(&label, "");
        let date_only = label.time.is_none() && at.is_some();
        self.events.push(TimelineEvent { at, date_only, label: label_text, text: rest, line });
        true
    }

    /// A table row: the first cell is the label, the rest the event.
    fn dated_event(&mut self, first: &str, rest: &str, line: usize) -> bool {
        let Some(label) = parse_time_label(first) else { return false };
        if label.consumed < first.trim_end().len() && label.time.is_none() && label.date.is_none() {
            return false;
        }
        let at = self.resolve(&label, &first[label.consumed.min(first.len())..]);
        if at.is_none() {
            self.unreadable.push((line, first.to_string()));
        }
        let date_only = label.time.is_none() && at.is_some();
        self.events.push(TimelineEvent { at, date_only, label: first.to_string(), text: rest.to_string(), line });
        true
    }

    fn resolve(&mut self, label: &crate::when::TimeLabel, label_rest: &str) -> Option<jiff::Timestamp> {
        let offset = label.offset.unwrap_or_else(|| self.offset());
        let base_date = self.current_date.or_else(|| self.started.map(|w| offset.to_datetime(w.instant).date()));
        let date = match label.date {
            Some(LabelDate::Full(date)) => Some(date),
            Some(LabelDate::MonthDay(month, day)) => {
                let year = base_date.map_or(2000, |d| d.year());
                Date::new(year, month, day).ok()
            }
            None => None,
        };
        if let Some(date) = date {
            self.current_date = Some(date);
            self.last = None;
        }
        let Some(time) = label.time else {
            // A date with no time: the event is placed at the start of that day, unless the
            // label had something where the time should be (`2022-06-02 HH:mm`).
            let rest = label_rest.trim();
            return match date {
                Some(date) if rest.is_empty() => offset.to_timestamp(date.to_datetime(Time::midnight())).ok(),
                _ => None,
            };
        };
        let mut date = date.or(base_date)?;
        if label.date.is_none() {
            // Times that go backwards roll over midnight.
            if let Some(last) = self.last
                && last.date() == date
                && time < last.time()
            {
                date = date.tomorrow().ok()?;
            }
        }
        let civil = date.to_datetime(time);
        self.current_date = Some(date);
        self.last = Some(civil);
        offset.to_timestamp(civil).ok()
    }
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
    fn unreadable_times_are_kept_and_reported() {
        let body = "## Timeline\n\n| Time | Event |\n|---|---|\n| 2022-06-02 HH:mm | OOM found |\n";
        let facts = read_body(body, 1, Some(&started("2022-06-01")));
        assert_eq!(facts.timeline.len(), 1);
        assert_eq!(facts.timeline[0].at, None);
        assert_eq!(facts.unreadable_times.len(), 1);
    }

    #[test]
    fn action_items_with_owner_and_due() {
        let body = "## Action items\n\n- [x] Automate renewal (owner: platform, due: 2025-04-01)\n- [ ] Alert earlier (owner: observability)\n- not a task\n";
        let facts = read_body(body, 1, None);
        assert_eq!(facts.action_items.len(), 2);
        let a = &facts.action_items[0];
        assert_eq!(
            (a.text.as_str(), a.done, a.owner.as_deref(), a.due.as_deref()),
            ("Automate renewal", true, Some("platform"), Some("2025-04-01"))
        );
        assert!(!facts.action_items[1].done);
    }

    #[test]
    fn summary_from_section_or_first_paragraph() {
        let facts = read_body("Intro.\n\n## Summary\n\nThe real\nsummary.\n", 1, None);
        assert_eq!(facts.summary.as_deref(), Some("The real summary."));
        let facts = read_body("Only a paragraph.\n", 1, None);
        assert_eq!(facts.summary.as_deref(), Some("Only a paragraph."));
    }
}
