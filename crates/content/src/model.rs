//! The content model: a postmortem as debrief understands it, after validation.

use crate::when::When;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A known section of a postmortem, recognised by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Summary, Overview, TL;DR…
    Summary,
    /// Impact, Customer impact…
    Impact,
    /// Timeline, Key events…
    Timeline,
    /// Root cause, Trigger…
    RootCause,
    /// Contributing factors.
    ContributingFactors,
    /// Detection.
    Detection,
    /// Mitigation, Resolution, Recovery.
    Resolution,
    /// Five whys.
    FiveWhys,
    /// Action items, Follow-ups, Corrective actions…
    ActionItems,
    /// Lessons learned; What went well / wrong; Where we got lucky.
    LessonsLearned,
}

impl SectionKind {
    /// A stable machine name (`root-cause`).
    pub fn id(self) -> &'static str {
        match self {
            Self::Summary => "summary",
            Self::Impact => "impact",
            Self::Timeline => "timeline",
            Self::RootCause => "root-cause",
            Self::ContributingFactors => "contributing-factors",
            Self::Detection => "detection",
            Self::Resolution => "resolution",
            Self::FiveWhys => "five-whys",
            Self::ActionItems => "action-items",
            Self::LessonsLearned => "lessons-learned",
        }
    }
}

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The known section it starts, if recognised.
    pub kind: Option<SectionKind>,
    /// The heading text, plain.
    pub heading: String,
    /// 1–6.
    pub level: u8,
    /// 1-based line in the file.
    pub line: usize,
}

/// A fact of an incident that front matter gives or the text can state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fact {
    /// When the problem was detected.
    Detected,
    /// When impact was mitigated.
    Mitigated,
    /// When it was resolved.
    Resolved,
}

impl Fact {
    /// `detected`, `mitigated`, `resolved`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Detected => "detected",
            Self::Mitigated => "mitigated",
            Self::Resolved => "resolved",
        }
    }
}

/// The `status` front matter field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Still going on: shown as ongoing even without `resolved`.
    Ongoing,
    /// Over, whether or not a time is known.
    Resolved,
}

/// One event of the Timeline section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    /// When it happened, if the label could be read.
    pub at: Option<Timestamp>,
    /// The label gave a date but no time of day (`at` is midnight).
    pub date_only: bool,
    /// The time as written (`09:12`, `2025-03-14 09:12 UTC`).
    pub label: String,
    /// What happened, plain text.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// One action item (a task, bullet, numbered item or table row of an action items section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionItem {
    /// What is to be done, plain text, without the `(owner: …, due: …)` part.
    pub text: String,
    /// Checked (`- [x]`).
    pub done: bool,
    /// `owner:` when given.
    pub owner: Option<String>,
    /// `due:` when given, as written.
    pub due: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A validated postmortem.
#[derive(Debug, Clone, PartialEq)]
pub struct Postmortem {
    /// Path of the Markdown file relative to the content folder.
    pub path: PathBuf,
    /// Path of the file as diagnostics show it (relative to the site root).
    pub path_shown: PathBuf,
    /// For a bundle (`<slug>/index.md`): the bundle folder relative to the content folder.
    pub bundle: Option<PathBuf>,
    /// Files of the bundle other than `index.md`, relative to the bundle folder.
    pub assets: Vec<PathBuf>,
    /// URL name.
    pub slug: String,
    /// 1-based line of an explicit `slug:` field; 0 when the slug comes from the file name.
    pub slug_line: usize,
    /// Public title.
    pub title: String,
    /// Severity id from the configured scale.
    pub severity: String,
    /// When impact began.
    pub started: When,
    /// When it was detected.
    pub detected: Option<When>,
    /// When impact was mitigated.
    pub mitigated: Option<When>,
    /// When it was resolved (front matter, or derived from the text).
    pub resolved: Option<When>,
    /// `status:` from front matter.
    pub status: Option<Status>,
    /// Facts derived from the text rather than given in front matter, with their evidence.
    pub derived: Vec<crate::facts::Derived>,
    /// The text or front matter says the incident ended (with or without a time).
    pub resolution_stated: bool,
    /// Affected services.
    pub services: Vec<String>,
    /// Affected regions.
    pub regions: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Compliance frameworks concerned.
    pub compliance: Vec<String>,
    /// One sentence: from front matter, or the Summary section's first paragraph.
    pub summary: Option<String>,
    /// The summary was written in front matter (not derived from the body).
    pub summary_explicit: bool,
    /// Never published unless drafts are asked for.
    pub draft: bool,
    /// Old URL paths that redirect here, relative to the site root, ending in `/` or `.html`.
    pub aliases: Vec<String>,
    /// 1-based line of the `aliases` field, once per alias.
    pub alias_lines: Vec<usize>,
    /// Free map for templates.
    pub extra: BTreeMap<String, Value>,
    /// Every other front matter field: internal unless the config makes it public.
    pub internal: BTreeMap<String, Value>,
    /// The Markdown body.
    pub body: String,
    /// 1-based file line where the body starts.
    pub body_line: usize,
    /// Headings of the body.
    pub sections: Vec<Section>,
    /// Timeline events.
    pub timeline: Vec<TimelineEvent>,
    /// Action items.
    pub action_items: Vec<ActionItem>,
}

/// Durations derived from the front matter times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Figures {
    /// started → resolved.
    pub duration: Option<SignedDuration>,
    /// started → detected.
    pub time_to_detect: Option<SignedDuration>,
    /// started → mitigated.
    pub time_to_mitigate: Option<SignedDuration>,
    /// started → resolved.
    pub time_to_resolve: Option<SignedDuration>,
}

impl Postmortem {
    /// Duration, time to detect, mitigate and resolve.
    ///
    /// A figure is only given when both ends carry a time of day: a plain date says
    /// nothing about minutes.
    pub fn figures(&self) -> Figures {
        let span = |end: &Option<When>| match end {
            Some(end) if !self.started.date_only && !end.date_only => Some(self.started.until(end)),
            _ => None,
        };
        Figures {
            duration: span(&self.resolved),
            time_to_detect: span(&self.detected),
            time_to_mitigate: span(&self.mitigated),
            time_to_resolve: span(&self.resolved),
        }
    }

    /// Whether the incident is ongoing: only when front matter says `status: ongoing`. A
    /// postmortem that states no resolution is "resolution not stated", not ongoing.
    pub fn is_ongoing(&self) -> bool {
        self.status == Some(Status::Ongoing)
    }

    /// Whether a resolution is known: a `resolved` time, `status: resolved`, or text that
    /// says the incident ended.
    pub fn is_resolved(&self) -> bool {
        !self.is_ongoing()
            && (self.resolved.is_some() || self.status == Some(Status::Resolved) || self.resolution_stated)
    }

    /// Where the incident ends on a time axis: `None` while ongoing (it runs on to "now");
    /// else `resolved`, or, when the resolution is not stated, the last instant known
    /// (detected, mitigated, a timeline event, or the start).
    pub fn end_for_timeline(&self) -> Option<Timestamp> {
        if self.is_ongoing() {
            return None;
        }
        if let Some(resolved) = self.resolved {
            return Some(resolved.instant);
        }
        let known = [self.detected, self.mitigated].into_iter().flatten().map(|w| w.instant);
        let events = self.timeline.iter().filter_map(|e| e.at);
        Some(known.chain(events).chain([self.started.instant]).max().unwrap_or(self.started.instant))
    }

    /// `ongoing`, `resolved` or `not-stated`.
    pub fn resolution(&self) -> &'static str {
        if self.is_ongoing() {
            "ongoing"
        } else if self.is_resolved() {
            "resolved"
        } else {
            "not-stated"
        }
    }

    /// Facts derived from the text (`["resolved"]`), in a stable order.
    pub fn derived_facts(&self) -> Vec<&'static str> {
        let mut facts: Vec<Fact> = self.derived.iter().map(|d| d.fact).collect();
        facts.sort();
        facts.dedup();
        facts.into_iter().map(Fact::id).collect()
    }

    /// Whether `fact` was derived from the text.
    pub fn is_derived(&self, fact: Fact) -> bool {
        self.derived.iter().any(|d| d.fact == fact)
    }

    /// The public output path of the incident page, relative to the site root.
    pub fn url_path(&self) -> String {
        format!("incidents/{}/", self.slug)
    }

    /// The first section of a known kind.
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == Some(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{ParseContext, SourceDoc, parse_postmortem};

    fn parse(front: &str, body: &str) -> Postmortem {
        let text = format!("---\ntitle: T\nseverity: SEV3\n{front}---\n{body}");
        let doc = SourceDoc {
            path: "a.md".into(),
            display_path: "a.md".into(),
            bytes: text.into(),
            bundle: None,
            assets: vec![],
        };
        parse_postmortem(&doc, &ParseContext::default()).0.expect("parses")
    }

    #[test]
    fn resolution_not_stated_is_not_ongoing_and_ends_at_the_last_known_time() {
        let pm =
            parse("started: 2020-02-12\n", "## Timeline\n\n- 11:45 — Fault occurs\n- 11:51 — Investigation starts\n");
        assert_eq!((pm.is_ongoing(), pm.resolution()), (false, "not-stated"));
        assert_eq!(pm.end_for_timeline().map(|t| t.to_string()), Some("2020-02-12T11:51:00Z".into()));
    }

    #[test]
    fn derived_resolution_ends_the_bar_and_status_ongoing_runs_on() {
        let pm = parse("started: 2020-02-12T11:45:00Z\n", "## Timeline\n\n- 11:45 — Fault\n- 12:07 — Resolved\n");
        assert_eq!((pm.resolution(), pm.derived_facts()), ("resolved", vec!["resolved"]));
        assert_eq!(pm.end_for_timeline().map(|t| t.to_string()), Some("2020-02-12T12:07:00Z".into()));
        let pm = parse("started: 2020-02-12T11:45:00Z\nstatus: ongoing\n", "## Timeline\n\n- 12:07 — Resolved\n");
        assert_eq!((pm.is_ongoing(), pm.resolved, pm.end_for_timeline()), (true, None, None));
    }
}
