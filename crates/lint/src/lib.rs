//! `debrief-lint`: review lints, what a postmortem reviewer would flag. They run in
//! `debrief check` only, never in `build`, and never change what is published: a lint is
//! a warning (an error under `check --strict`) with file, line, column and a hint.
//!
//! | rule | flags |
//! | --- | --- |
//! | `missing-section` | no Summary, Impact, Root cause or Action items section |
//! | `action-owner` | an open action item without an owner |
//! | `timeline-order` | a timeline event earlier than the one before it |
//! | `stale-unresolved` | an incident with no resolution that started more than 30 days before "now" |
//! | `blame` | blame-laden wording ("human error", "the engineer should have known", …) |
//! | `placeholder` | a `TODO` left from the template |
//!
//! Each rule is on unless `[lint]` in `debrief.toml` turns it off ([`LintConfig`]). "Now"
//! is the clock, or `DEBRIEF_NOW` (RFC 3339) when set ([`now`]): tests and CI runs that
//! must repeat exactly pin it.

mod blame;
mod text;

use debrief_content::{Diagnostic, Postmortem, SectionKind};
use jiff::SignedDuration;
pub use jiff::Timestamp;
use serde::Deserialize;

/// The environment variable that pins "now" for the lints and `debrief new`.
pub const NOW_VAR: &str = "DEBRIEF_NOW";

/// How old an unresolved incident may get before `stale-unresolved` flags it.
pub const STALE_AFTER_DAYS: i64 = 30;

/// Every rule, by the name `[lint]` uses.
pub const RULES: &[&str] =
    &["missing-section", "action-owner", "timeline-order", "stale-unresolved", "blame", "placeholder"];

/// `[lint]` in `debrief.toml`: each rule on (`true`, the default) or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct LintConfig {
    /// A Summary, Impact, Root cause and Action items section (a `summary:` in front
    /// matter counts as a Summary).
    pub missing_section: bool,
    /// Every open action item has an owner.
    pub action_owner: bool,
    /// Timeline events in time order.
    pub timeline_order: bool,
    /// An incident without a resolution is at most 30 days old.
    pub stale_unresolved: bool,
    /// Blameless wording.
    pub blame: bool,
    /// No `TODO` left from the template.
    pub placeholder: bool,
}

impl Default for LintConfig {
    fn default() -> Self {
        Self {
            missing_section: true,
            action_owner: true,
            timeline_order: true,
            stale_unresolved: true,
            blame: true,
            placeholder: true,
        }
    }
}

/// `DEBRIEF_NOW` is set but is not an RFC 3339 time.
#[derive(Debug, thiserror::Error)]
#[error("{NOW_VAR}=`{value}` is not an RFC 3339 time (like 2025-03-14T09:12:00Z): {reason}")]
pub struct NowError {
    /// The value as set.
    pub value: String,
    /// What the parser said.
    pub reason: String,
}

/// "Now": `DEBRIEF_NOW` when set (RFC 3339, for tests and reproducible runs), else the clock.
pub fn now() -> Result<Timestamp, NowError> {
    match std::env::var(NOW_VAR) {
        Ok(value) => parse_now(&value),
        Err(_) => Ok(Timestamp::now()),
    }
}

/// Parses a `DEBRIEF_NOW` value.
pub fn parse_now(value: &str) -> Result<Timestamp, NowError> {
    value.trim().parse::<Timestamp>().map_err(|e| NowError { value: value.to_string(), reason: e.to_string() })
}

/// Names the rule in a hint, so a reader knows what to turn off.
fn rule_hint(hint: &str, rule: &str) -> String {
    format!("{hint} (review lint `{rule}`; `[lint] {rule} = false` in debrief.toml turns it off)")
}

/// The review lints of one postmortem, as warnings at the lines of its file
/// (`pm.path_shown`). `source` is the file's text (it places front matter warnings; without
/// it they point at 1:1); `now` is what "30 days old" counts from.
pub fn lint(pm: &Postmortem, source: Option<&str>, config: &LintConfig, now: Timestamp) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = &pm.path_shown;
    if config.missing_section {
        let required: [(SectionKind, &str, &str); 4] = [
            (SectionKind::Summary, "Summary", "two or three sentences: what happened, to whom, for how long"),
            (SectionKind::Impact, "Impact", "who was affected, how, and for how long"),
            (SectionKind::RootCause, "Root cause", "why it happened: the conditions, not a person"),
            (SectionKind::ActionItems, "Action items", "what will change, each with an owner"),
        ];
        for (kind, name, what) in required {
            let present = pm.section(kind).is_some()
                || (kind == SectionKind::Summary && pm.summary_explicit)
                || (kind == SectionKind::ActionItems && !pm.action_items.is_empty());
            if !present {
                out.push(
                    Diagnostic::warning(file, 1, 1, format!("no {name} section"))
                        .with_hint(rule_hint(&format!("add `## {name}`: {what}"), "missing-section")),
                );
            }
        }
    }
    if config.action_owner {
        for item in pm.action_items.iter().filter(|i| !i.done && i.owner.is_none()) {
            let shown: String = item.text.chars().take(60).collect();
            let ellipsis = if item.text.chars().count() > 60 { "…" } else { "" };
            out.push(
                Diagnostic::warning(file, item.line, 1, format!("action item without an owner: `{shown}{ellipsis}`"))
                    .with_hint(rule_hint(
                        "add `(owner: team-or-person)`, an owner column or an `@team` mention: an item nobody owns is rarely done",
                        "action-owner",
                    )),
            );
        }
    }
    if config.timeline_order {
        out.extend(timeline_order(pm));
    }
    if config.stale_unresolved && !pm.is_resolved() {
        let age = now.duration_since(pm.started.instant);
        if age > SignedDuration::from_hours(24 * STALE_AFTER_DAYS) {
            let days = age.as_hours() / 24;
            let (line, column) = front_matter_key(pm, source, "started");
            let message = if pm.is_ongoing() {
                format!("incident marked `status: ongoing` started {days} days ago")
            } else {
                format!("incident started {days} days ago and states no resolution")
            };
            out.push(Diagnostic::warning(file, line, column, message).with_hint(rule_hint(
                "if it is over, add `resolved:` (a time) or `status: resolved` to the front matter",
                "stale-unresolved",
            )));
        }
    }
    if config.blame || config.placeholder {
        out.extend(blame::scan(pm, config));
    }
    debrief_content::diagnostic::sort(&mut out);
    out
}

/// Events whose time is before the event above them. A date-only event stands for its
/// whole day, so it is out of order only when that whole day is before the event above.
///
/// Order is kept within a run of events: a heading or a bold label (`- **Context**:`)
/// between two events starts a new run (a "Key events" summary above a detailed timeline
/// is not out of order).
fn timeline_order(pm: &Postmortem) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let body: Vec<&str> = pm.body.lines().collect();
    let event_lines: std::collections::BTreeSet<usize> = pm.timeline.iter().map(|e| e.line).collect();
    let starts_run = |from: usize, to: usize| {
        (from + 1..to).any(|n| {
            let Some(line) = n.checked_sub(pm.body_line).and_then(|i| body.get(i)) else { return false };
            let t = line.trim_start();
            let t = ["- ", "* ", "+ "].iter().find_map(|m| t.strip_prefix(m)).map_or(t, str::trim_start);
            !event_lines.contains(&n) && (t.starts_with('#') || t.starts_with("**") || t.starts_with("__"))
        })
    };
    let mut previous: Option<(&debrief_content::TimelineEvent, Timestamp)> = None;
    for event in &pm.timeline {
        let Some(at) = event.at else { continue };
        if let Some((prev, _)) = previous
            && starts_run(prev.line, event.line)
        {
            previous = None;
        }
        if let Some((prev, prev_at)) = previous {
            let backwards = if event.date_only {
                at.checked_add(SignedDuration::from_hours(24)).is_ok_and(|end| end <= prev_at)
            } else {
                at < prev_at
            };
            if backwards {
                out.push(
                    Diagnostic::warning(
                        &pm.path_shown,
                        event.line,
                        1,
                        format!(
                            "timeline event `{}` is earlier than the event before it (`{}`, line {})",
                            event.label, prev.label, prev.line
                        ),
                    )
                    .with_hint(rule_hint(
                        "put the events in time order, or write the date when the timeline crosses a day",
                        "timeline-order",
                    )),
                );
            }
        }
        previous = Some((event, at));
    }
    out
}

/// Line and column of a front matter key (`started:` / `started =`) in the file's text
/// above the body, else 1:1.
fn front_matter_key(pm: &Postmortem, source: Option<&str>, key: &str) -> (usize, usize) {
    let Some(source) = source else { return (1, 1) };
    for (i, line) in source.lines().take(pm.body_line.saturating_sub(1)).enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with([':', '='])
        {
            return (i + 1, line.len() - trimmed.len() + 1);
        }
    }
    (1, 1)
}
