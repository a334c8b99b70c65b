//! The intermediate incident model every importer produces and the writer reads: what a
//! source says about one incident, in debrief's terms, before severity mapping and slugs.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::collections::BTreeMap;

/// The source formats `debrief import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Atlassian Statuspage, public API v2 JSON (`incidents.json`, `summary.json`, …).
    Statuspage,
    /// A cState (Hugo) site folder.
    Cstate,
    /// Upptime: GitHub issues as the REST API returns them.
    Upptime,
}

impl Format {
    /// `statuspage`, `cstate`, `upptime`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Statuspage => "statuspage",
            Self::Cstate => "cstate",
            Self::Upptime => "upptime",
        }
    }

    /// Reads a format id (case-insensitive).
    pub fn from_id(id: &str) -> Option<Self> {
        [Self::Statuspage, Self::Cstate, Self::Upptime].into_iter().find(|f| f.id().eq_ignore_ascii_case(id))
    }
}

/// Where an incident stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Still going on (`status: ongoing`).
    Ongoing,
    /// Over (`status: resolved`, with or without a `resolved` time).
    Resolved,
    /// The source does not say (no `status` is written).
    Unstated,
}

/// One status update: a timeline event.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// When it was posted (shown).
    pub at: Timestamp,
    /// Its status (`Investigating`, `Resolved`…), as the source names it.
    pub status: Option<String>,
    /// Its text, Markdown.
    pub body: String,
}

/// One incident as a source describes it.
#[derive(Debug, Clone)]
pub struct Incident {
    /// The source format.
    pub format: Format,
    /// Its id in the source (Statuspage id, cState file, Upptime issue number): stable
    /// across exports, so a re-import finds the file it wrote before.
    pub id: String,
    /// Where it is in the source, for messages (`incidents.json: incidents[3]`).
    pub origin: String,
    /// The public title.
    pub title: String,
    /// The source's impact or severity word (`major`, `disrupted`, `down`), lower case.
    pub level: String,
    /// When impact began.
    pub started: Timestamp,
    /// When the cause was identified.
    pub detected: Option<Timestamp>,
    /// When a fix was in place and being watched.
    pub mitigated: Option<Timestamp>,
    /// When it ended.
    pub resolved: Option<Timestamp>,
    /// Ongoing or over.
    pub state: State,
    /// Affected components, systems or sites.
    pub services: Vec<String>,
    /// Status updates, in any order (the writer sorts them by time, then source order).
    pub updates: Vec<Update>,
    /// The postmortem, Markdown, when the source has one.
    pub postmortem: Option<String>,
    /// Free text kept as-is before the timeline (cState text outside any update).
    pub notes: Option<String>,
    /// Public extra fields (`shortlink`, `issue`): published to templates.
    pub extra: BTreeMap<String, String>,
    /// The zone times are written in (the source page's, else the site's).
    pub zone: TimeZone,
    /// What could not be mapped for this incident (kept in the summary).
    pub problems: Vec<String>,
}

/// An entry of the source that is not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is in the source.
    pub origin: String,
    /// Why it was left out.
    pub reason: String,
}

/// Everything read from one source.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The incidents, in source order.
    pub incidents: Vec<Incident>,
    /// What was left out.
    pub skipped: Vec<Skipped>,
}

/// Makes facts consistent before writing: debrief requires started ≤ detected ≤
/// mitigated ≤ resolved. A detected or mitigated time out of order is dropped; a
/// resolution before the start moves to the start. Each change is noted as a problem.
pub fn order_facts(incident: &mut Incident) {
    if let Some(resolved) = incident.resolved
        && resolved < incident.started
    {
        incident.problems.push(format!(
            "resolved ({resolved}) is before the start ({}); resolved set to the start",
            incident.started
        ));
        incident.resolved = Some(incident.started);
    }
    let mut floor = incident.started;
    let ceiling = incident.resolved;
    for (name, fact) in [("detected", &mut incident.detected), ("mitigated", &mut incident.mitigated)] {
        if let Some(at) = *fact {
            if at < floor || ceiling.is_some_and(|c| at > c) {
                incident.problems.push(format!("{name} ({at}) is out of order with the other times; left out"));
                *fact = None;
            } else {
                floor = at;
            }
        }
    }
    if incident.resolved.is_some() {
        incident.state = State::Resolved;
    }
}
