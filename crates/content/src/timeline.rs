//! Timeline events as teams write them: tables, lists, bold-time lines, time
//! sub-headings, date headings and date lines at any level, prose "At 14:05 UTC we…",
//! times and dates in most common forms, zones named anywhere in the section.
//!
//! [`TimelineReader`] is fed the blocks of a timeline section (and runs of time-led list
//! items or table rows found elsewhere) in document order and keeps the running date, the
//! section's zone and what it could not read. Pure: no I/O.

use crate::markdown::{collapse, item_text, plain_text};
use crate::model::TimelineEvent;
use crate::when::{LabelDate, TimeLabel, When, find_zone_rule_in_text, is_weekday, parse_time_label};
use comrak::nodes::{AstNode, NodeValue};
use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// A timeline line that looked like an event but was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based file line.
    pub line: usize,
    /// The start of the line, as written.
    pub text: String,
    /// Why it was not read.
    pub reason: &'static str,
}

/// Turns timeline blocks into dated events, keeping the running date for times without one.
pub struct TimelineReader {
    /// Events read, in document order.
    pub events: Vec<TimelineEvent>,
    /// Entries kept whose time could not be read: (line, label).
    pub unreadable: Vec<(usize, String)>,
    /// Entries with a 24-hour time and a contradicting AM/PM: (line, label).
    pub odd_meridiem: Vec<(usize, String)>,
    /// Lines that look like events but were not read.
    pub skipped: Vec<Skipped>,
    /// Lines seen in timeline sections that look like events (read or not).
    pub candidates: usize,
    zone: Option<TimeZone>,
    started_offset: Offset,
    started: Option<When>,
    current_date: Option<Date>,
    last: Option<DateTime>,
    /// Index of an event from a time heading still waiting for its text.
    pending: Option<usize>,
}

impl TimelineReader {
    /// A reader anchored on the incident's `started` time.
    pub fn new(started: Option<&When>) -> Self {
        Self {
            events: Vec::new(),
            unreadable: Vec::new(),
            odd_meridiem: Vec::new(),
            skipped: Vec::new(),
            candidates: 0,
            zone: None,
            started_offset: started.map_or(Offset::UTC, |w| w.offset),
            started: started.copied(),
            current_date: None,
            last: None,
            pending: None,
        }
    }

    /// A new timeline section starts: times no longer roll over from the previous one.
    pub fn start_section(&mut self, heading: &str) {
        self.last = None;
        self.pending = None;
        if let Some(zone) = find_zone_rule_in_text(heading) {
            self.zone = Some(zone);
        }
    }

    /// Notes a zone named in free text, unless one is known already.
    pub fn zone_hint(&mut self, text: &str) {
        if self.zone.is_none() {
            self.zone = find_zone_rule_in_text(text);
        }
    }

    /// A heading inside a timeline: a date heading (`## May 12`, `### October 29-30, 2025 -
    /// CPU-bound latency`) sets the date; a time heading (`### 22:00`) is an event whose
    /// text is the heading's rest or the next paragraph. Returns whether it was either.
    pub fn heading(&mut self, text: &str, line: usize) -> bool {
        let Some(label) = parse_time_label(text) else { return false };
        if label.time.is_none() && label.date.is_none() {
            return false;
        }
        if label.time.is_none() {
            self.set_date(&label);
            self.zone_hint(&text[label.consumed..]);
            return true;
        }
        let rest = collapse(&text[label.consumed..]);
        self.push(&label, text, rest.clone(), line);
        if rest.is_empty() {
            self.pending = Some(self.events.len() - 1);
        }
        true
    }

    /// One top-level block of a timeline section.
    pub fn block<'a>(&mut self, block: &'a AstNode<'a>, line_of: &dyn Fn(&AstNode<'_>) -> usize) {
        match &block.data().value {
            NodeValue::Paragraph => self.paragraph(block, line_of(block)),
            NodeValue::List(_) => self.list(block, line_of),
            NodeValue::Table(_) => self.table(block, line_of),
            NodeValue::BlockQuote => {
                for child in block.children() {
                    self.block(child, line_of);
                }
            }
            _ => {}
        }
    }

    fn paragraph<'a>(&mut self, block: &'a AstNode<'a>, line: usize) {
        let text = plain_text(block);
        let mut any = false;
        // Lines after an event line are its text ("February 15, 2024: 7:56am UTC\nCNI
        // Employee received…").
        let mut last: Option<usize> = None;
        for (i, part) in text.split('\n').enumerate() {
            let before = self.events.len();
            if self.line(part, line + i, false) {
                any = true;
                last = (self.events.len() > before).then(|| self.events.len() - 1);
            } else if let Some(index) = last {
                let joined = collapse(&format!("{} {part}", self.events[index].text));
                self.events[index].text = crate::markdown::truncate_words(&joined, 300);
                self.pending = None;
            }
        }
        if !any {
            if let Some(index) = self.pending.take() {
                self.events[index].text = crate::markdown::truncate_words(&collapse(&text), 300);
                return;
            }
            self.zone_hint(&text);
        } else if last.is_some_and(|i| !self.events[i].text.is_empty()) {
            self.pending = None;
        }
    }

    fn list<'a>(&mut self, list: &'a AstNode<'a>, line_of: &dyn Fn(&AstNode<'_>) -> usize) {
        // Iterative over nested lists: a stack of (list, visited) in document order.
        let mut stack = vec![list];
        while let Some(list) = stack.pop() {
            let items: Vec<_> = list.children().collect();
            for item in &items {
                let text = item_text(item);
                let first = text.split('\n').next().unwrap_or("");
                let read = self.line(first, line_of(item), true);
                // `- **14:05**` with the event in a nested list: the nested items are its text.
                if read
                    && let Some(last) = self.events.last_mut()
                    && last.line == line_of(item)
                    && last.text.is_empty()
                {
                    let nested: Vec<String> = item
                        .children()
                        .filter(|c| matches!(c.data().value, NodeValue::List(_)))
                        .flat_map(|list| list.children().map(|i| collapse(&item_text(i))).collect::<Vec<_>>())
                        .filter(|t| !t.is_empty() && parse_time_label(t).is_none_or(|l| l.time.is_none()))
                        .collect();
                    if !nested.is_empty() {
                        last.text = crate::markdown::truncate_words(&nested.join("; "), 300);
                        self.pending = None;
                    }
                }
                if read {
                    // Continuation lines of the item belong to its text.
                    let more = collapse(text.split_once('\n').map_or("", |(_, rest)| rest));
                    if !more.is_empty()
                        && let Some(last) = self.events.last_mut()
                        && last.line == line_of(item)
                    {
                        last.text = collapse(&format!("{} {more}", last.text));
                    }
                }
            }
            for item in items.iter().rev() {
                for child in item.children().collect::<Vec<_>>().into_iter().rev() {
                    if matches!(child.data().value, NodeValue::List(_)) {
                        stack.push(child);
                    }
                }
            }
        }
        self.pending = None;
    }

    fn table<'a>(&mut self, table: &'a AstNode<'a>, line_of: &dyn Fn(&AstNode<'_>) -> usize) {
        // A time column that is not the first ("| Event | Time (UTC) |"), found by its header.
        let mut time_col: Option<usize> = None;
        for row in table.children() {
            let header = matches!(row.data().value, NodeValue::TableRow(true));
            let mut cells: Vec<String> = row.children().map(|c| collapse(&plain_text(c))).collect();
            if cells.is_empty() {
                continue;
            }
            if header {
                for cell in &cells {
                    self.zone_hint(cell);
                }
                time_col = cells.iter().position(|c| {
                    let lower = c.to_lowercase();
                    ["time", "date", "when", "timestamp"].iter().any(|w| lower.split_whitespace().next() == Some(*w))
                });
                continue;
            }
            if let Some(col) = time_col.filter(|&c| c > 0 && c < cells.len())
                && !is_label_cell(&cells[0])
                && is_label_cell(&cells[col])
            {
                let label = cells.remove(col);
                cells.insert(0, label);
            }
            // Leading cells that are all date, time or weekday ("| Fri | Jan 21 | 00:20 | … |")
            // form the label together.
            let lead = cells.iter().take(3).take_while(|c| is_label_cell(c)).count();
            let line = line_of(row);
            if lead == 0 {
                if looks_like_event(&cells[0]) {
                    let text = cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" — ");
                    if !self.line(&text, line, true) {
                        // Kept without a time (`| HH:mm | … |`) and reported, so not skipped.
                        self.skipped.pop();
                        self.unreadable.push((line, cells[0].clone()));
                        let rest = cells[1..].iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>();
                        self.events.push(TimelineEvent {
                            at: None,
                            date_only: false,
                            label: cells[0].clone(),
                            text: rest.join(" — "),
                            line,
                        });
                    }
                }
                continue;
            }
            let label_text = cells[..lead].join(" ");
            let rest: Vec<&str> = cells[lead..].iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
            self.candidates += 1;
            let Some(label) = parse_time_label(&label_text) else { continue };
            self.push(&label, &label_text, rest.join(" — "), line);
        }
        self.pending = None;
    }

    /// One line that may start with a time (or hold a date-time, in a list item). Returns
    /// whether it was read as an event or a date line.
    fn line(&mut self, text: &str, line: usize, list_item: bool) -> bool {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return false;
        }
        let looks = looks_like_event(trimmed);
        if looks {
            self.candidates += 1;
        }
        if let Some(label) = parse_time_label(trimmed)
            && (label.time.is_some() || label.date.is_some())
        {
            let rest = collapse(&trimmed[label.consumed..]);
            if label.time.is_none() && rest.is_empty() {
                // A date line (`_7/6/23_`, `**Oct 29**`): the date for what follows.
                self.set_date(&label);
                if looks {
                    self.candidates -= 1;
                }
                return true;
            }
            if rest.is_empty() && !label.placeholder_time {
                // A lone time: an event whose text follows.
                self.push(&label, trimmed, String::new(), line);
                self.pending = Some(self.events.len() - 1);
                return true;
            }
            self.push(&label, trimmed, rest, line);
            return true;
        }
        // "First detected 2020-08-25 11:01", "Incident declared: 2023-07-21 09:31".
        if list_item && let Some((at, label, text)) = inner_date_time(trimmed) {
            self.push(&label, &trimmed[at..at + label.consumed], text, line);
            return true;
        }
        if looks {
            self.skip(line, trimmed, "no date or time at the start of the line");
        }
        false
    }

    fn skip(&mut self, line: usize, text: &str, reason: &'static str) {
        let text: String = text.chars().take(40).collect();
        self.skipped.push(Skipped { line, text, reason });
    }

    fn set_date(&mut self, label: &TimeLabel) {
        if let Some(date) = self.label_date(label) {
            self.current_date = Some(date);
            self.last = None;
        }
    }

    fn label_date(&self, label: &TimeLabel) -> Option<Date> {
        match label.date? {
            LabelDate::Full(date) => Some(date),
            LabelDate::MonthDay(month, day) => {
                let year = self.current_date.or_else(|| self.started_date(label)).map_or(2000, |d| d.year());
                Date::new(year, month, day).ok()
            }
        }
    }

    /// The date of `started` as the timeline reads it: a plain date as written, whatever the
    /// timeline's zone; a date-time in the zone the label is read in.
    fn started_date(&self, label: &TimeLabel) -> Option<Date> {
        let started = self.started?;
        if started.date_only {
            return Some(started.civil().date());
        }
        Some(match (&label.offset, &self.zone) {
            (Some(offset), _) => offset.to_datetime(started.instant).date(),
            (None, Some(zone)) => zone.to_datetime(started.instant).date(),
            (None, None) => started.civil().date(),
        })
    }

    fn push(&mut self, label: &TimeLabel, written: &str, text: String, line: usize) {
        let label_text = collapse(written.get(..label.consumed).unwrap_or(written));
        let label_text = label_text.trim_end_matches(['—', '–', '-', ':', '|', ',', ' ']).to_string();
        let at = self.resolve(label);
        if at.is_none() || label.placeholder_time {
            self.unreadable.push((line, label_text.clone()));
        }
        if label.odd_meridiem {
            self.odd_meridiem.push((line, label_text.clone()));
        }
        let date_only = label.time.is_none() && at.is_some();
        self.events.push(TimelineEvent { at, date_only, label: label_text, text, line });
    }

    fn to_timestamp(&self, label: &TimeLabel, civil: DateTime) -> Option<Timestamp> {
        if let Some(zone) = label.named_zone.and_then(|name| TimeZone::get(name).ok()) {
            return zone.to_timestamp(civil).ok();
        }
        match (&label.offset, &self.zone) {
            (Some(offset), _) => offset.to_timestamp(civil).ok(),
            (None, Some(zone)) => zone.to_timestamp(civil).ok(),
            (None, None) => self.started_offset.to_timestamp(civil).ok(),
        }
    }

    fn resolve(&mut self, label: &TimeLabel) -> Option<Timestamp> {
        let date = self.label_date(label);
        if let Some(date) = date {
            self.current_date = Some(date);
            self.last = None;
        }
        let Some(time) = label.time else {
            // A date with no time (or a placeholder time): the event is placed at the
            // start of that day (in the zone plain dates are read in) and shown as a date.
            return date.and_then(|d| self.started_offset.to_timestamp(d.to_datetime(Time::midnight())).ok());
        };
        let mut date = date.or(self.current_date).or_else(|| self.started_date(label))?;
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
        self.to_timestamp(label, civil)
    }
}

/// Whether a table cell holds only a date, a time or a weekday.
pub fn is_label_cell(cell: &str) -> bool {
    let cell = cell.trim();
    if cell.is_empty() {
        return false;
    }
    if is_weekday(cell.trim_end_matches(['.', ','])) {
        return true;
    }
    parse_time_label(cell).is_some_and(|l| {
        (l.date.is_some() || l.time.is_some()) && (l.consumed >= cell.len() || l.placeholder_time || l.time.is_some())
    })
}

/// Whether a line starts like a timeline entry: a time (`09:12`, `9am`), a date, or a
/// placeholder (`HH:mm`), in its first few characters.
pub fn looks_like_event(text: &str) -> bool {
    let head: String = text.trim_start_matches(['~', '*', '_', ' ', '[', '(']).chars().take(24).collect();
    let digits = head.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let after = &head.as_bytes()[digits..];
        let clock =
            matches!(after.first(), Some(b':' | b'/' | b'-' | b'.')) && after.get(1).is_some_and(u8::is_ascii_digit);
        let meridiem = {
            let rest = head[digits..].trim_start().to_ascii_lowercase();
            rest.starts_with("am") || rest.starts_with("pm") || rest.starts_with("a.m") || rest.starts_with("p.m")
        };
        return clock && !(after.first() == Some(&b'.') && digits > 2) || meridiem;
    }
    let upper = head.to_ascii_uppercase();
    if upper.starts_with("HH:") || upper.starts_with("??:") || upper.starts_with("XX:") {
        return true;
    }
    let first_word: String = head.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (crate::when::month_from_word(&first_word).is_some() || is_weekday(&first_word))
        && head[first_word.len()..].trim_start().starts_with(|c: char| c.is_ascii_digit() || c == ',')
}

/// A full date and time inside a list item ("First detected 2020-08-25 11:01"): where it
/// starts, the label, and the item's text without it.
fn inner_date_time(text: &str) -> Option<(usize, TimeLabel, String)> {
    let starts = text.char_indices().filter(|&(i, _)| i > 0 && text[..i].ends_with([' ', ':', '(']));
    for (at, _) in starts {
        let Some(label) = parse_time_label(&text[at..]) else { continue };
        if matches!(label.date, Some(LabelDate::Full(_))) && label.time.is_some() {
            let before = text[..at].trim_end_matches([' ', ':', '(', '-', '–', '—', ',']).trim();
            let after = text[at + label.consumed..].trim_start_matches([')', ' ']);
            let joined = collapse(&format!("{before} {after}"));
            if joined.is_empty() {
                return None;
            }
            return Some((at, label, joined));
        }
    }
    None
}

/// Whether a list or table outside any timeline section is a timeline of its own: at
/// least three entries, two thirds of them led by a time of day.
pub fn is_time_led_run<'a>(block: &'a AstNode<'a>) -> bool {
    let leads: Vec<bool> = match &block.data().value {
        NodeValue::List(_) => block
            .children()
            .map(|item| {
                let text = item_text(item);
                parse_time_label(text.split('\n').next().unwrap_or("")).is_some_and(|l| l.time.is_some())
            })
            .collect(),
        NodeValue::Table(_) => block
            .children()
            .filter(|row| matches!(row.data().value, NodeValue::TableRow(false)))
            .map(|row| {
                row.first_child().is_some_and(|c| {
                    let cell = collapse(&plain_text(c));
                    is_label_cell(&cell)
                        && parse_time_label(&cell).is_some_and(|l| l.time.is_some() || l.date.is_some())
                })
            })
            .collect(),
        _ => return false,
    };
    let led = leads.iter().filter(|b| **b).count();
    leads.len() >= 3 && led * 3 >= leads.len() * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_like_event_examples() {
        for yes in ["09:12 text", "2022-06-02 HH:mm", "HH:mm", "Oct 29, 10:00", "13:55 PM PST", "7/6/23"] {
            assert!(looks_like_event(yes), "{yes}");
        }
        for no in ["The deploy started", "5 users were affected", "Version 1.2"] {
            assert!(!looks_like_event(no), "{no}");
        }
    }

    fn read(md: &str) -> Vec<(String, String)> {
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, md, &crate::markdown::options());
        let started = crate::when::parse_when("2025-03-14", &TimeZone::UTC).unwrap();
        let mut reader = TimelineReader::new(Some(&started));
        for block in root.children() {
            reader.block(block, &|n| n.data().sourcepos.start.line);
        }
        reader.events.iter().map(|e| (e.at.map_or("?".into(), |t| t.to_string()), e.text.clone())).collect()
    }

    #[test]
    fn time_column_found_by_its_header_and_nested_text_kept() {
        let got = read("| Event | Time (UTC) |\n| --- | --- |\n| Deploy starts | 09:12 |\n| Alert fires | 09:19 |\n");
        assert_eq!(
            got,
            [
                ("2025-03-14T09:12:00Z".to_string(), "Deploy starts".to_string()),
                ("2025-03-14T09:19:00Z".to_string(), "Alert fires".to_string())
            ]
        );
        let got = read("- **10:05 UTC**\n  - Rollback started\n  - Status page updated\n");
        assert_eq!(got, [("2025-03-14T10:05:00Z".to_string(), "Rollback started; Status page updated".to_string())]);
    }

    #[test]
    fn inner_date_time_reads_key_events() {
        let (_, label, text) = inner_date_time("First detected 2020-08-25 11:01").unwrap();
        assert_eq!(label.time, Some(Time::new(11, 1, 0, 0).unwrap()));
        assert_eq!(text, "First detected");
        assert!(inner_date_time("Deployed at 11:01").is_none());
    }
}
