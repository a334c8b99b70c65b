//! What readers ask of the history beyond "what happened": did the team do what it
//! promised (follow-through on action items), does this keep happening (related incidents
//! and repeats), what has a service been through (its calendar), and is anything going on
//! right now (ongoing incidents). Pure functions over incident views and their (redacted)
//! postmortems: nothing here reads the clock or the environment; the build date comes in.

use crate::model::{IncidentView, SeverityView};
use debrief_content::{Postmortem, SectionKind};
use debrief_timeline::{Date, Zone};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The civil date of `epoch_seconds` in the site's zone.
pub fn date_in(zone: &Zone, epoch_seconds: i64) -> Date {
    zone.to_datetime(epoch_seconds).date
}

/// `2025-03-14`.
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

/// `14 Mar 2025`.
pub fn display_date(d: Date) -> String {
    format!("{} {} {}", d.day(), month_name(d.month()), d.year())
}

/// A due date as written, when it starts with an ISO date (`2025-04-01`, `2025-04-01 (Q2)`).
/// Other forms (`Q3`, `next sprint`) have no date: never overdue.
pub fn parse_due(due: &str) -> Option<Date> {
    let s = due.trim();
    let head = s.get(..10)?;
    let b = head.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || s[10..].chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let year = head[..4].parse().ok()?;
    let month = head[5..7].parse().ok()?;
    let day = head[8..10].parse().ok()?;
    Date::new(year, month, day)
}

// ------------------------------------------------------------------ follow-through

/// One action item on the follow-through page.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    /// What is to be done.
    pub text: String,
    /// Done or open.
    pub done: bool,
    /// Owner, when given.
    pub owner: Option<String>,
    /// Due date as written.
    pub due: Option<String>,
    /// Due date as an ISO date, when it is one.
    pub due_iso: Option<String>,
    /// Open and due before the build date.
    pub overdue: bool,
    /// The incident's title.
    pub incident_title: String,
    /// The incident's page.
    pub incident_url: String,
}

/// Every published action item, open ones first (overdue, then by due date), then done.
#[derive(Debug, Clone, Serialize)]
pub struct FollowThrough {
    /// Open items: overdue first, then by due date, then those without a date.
    pub open: Vec<ActionRow>,
    /// Done items, newest incident first.
    pub done: Vec<ActionRow>,
    /// All items.
    pub total: usize,
    /// Open and overdue.
    pub overdue: usize,
    /// The date "overdue" is judged at (`2025-03-14`).
    pub as_of: String,
    /// The same date as shown.
    pub as_of_display: String,
}

/// Whether an action item is open and due before `today`.
pub fn is_overdue(done: bool, due: Option<&str>, today: Date) -> bool {
    !done && due.and_then(parse_due).is_some_and(|d| d < today)
}

/// The follow-through of every incident (`incidents` newest first), as of `today`.
pub fn follow_through(incidents: &[IncidentView], today: Date) -> FollowThrough {
    let mut open = Vec::new();
    let mut done = Vec::new();
    for i in incidents {
        for a in &i.action_items {
            let due_date = a.due.as_deref().and_then(parse_due);
            let row = ActionRow {
                text: a.text.clone(),
                done: a.done,
                owner: a.owner.clone(),
                due: a.due.clone(),
                due_iso: due_date.map(iso_date),
                overdue: is_overdue(a.done, a.due.as_deref(), today),
                incident_title: i.title.clone(),
                incident_url: i.url.clone(),
            };
            if a.done { done.push(row) } else { open.push(row) }
        }
    }
    // Stable: equal keys keep the incidents' order (newest first).
    open.sort_by_key(|r| (!r.overdue, r.due_iso.is_none(), r.due_iso.clone()));
    let overdue = open.iter().filter(|r| r.overdue).count();
    FollowThrough {
        total: open.len() + done.len(),
        overdue,
        open,
        done,
        as_of: iso_date(today),
        as_of_display: display_date(today),
    }
}

// ------------------------------------------------------------------ recurrence

/// How many related incidents an incident page lists at most.
pub const RELATED_LIMIT: usize = 5;

/// The window in which a repeat is counted.
pub const REPEAT_WINDOW_DAYS: i64 = 90;

/// A related incident as an incident page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// Title.
    pub title: String,
    /// Page.
    pub url: String,
    /// When it started (as shown).
    pub started: String,
    /// Its severity.
    pub severity: SeverityView,
    /// What the two share, as shown: `checkout-api`, `tls`, `root cause: certificate, expiry`.
    pub shared: Vec<String>,
}

/// What an incident page says about recurrence.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Recurrence {
    /// Related incidents, best first (at most [`RELATED_LIMIT`]).
    pub related: Vec<Related>,
    /// `Third incident affecting checkout-api in 90 days.` when it is a repeat.
    pub repeat: Option<String>,
}

/// Words too common to say two root causes are alike.
const STOP_WORDS: &[&str] = &[
    "about",
    "after",
    "again",
    "also",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "caused",
    "could",
    "during",
    "each",
    "from",
    "have",
    "into",
    "more",
    "most",
    "only",
    "other",
    "over",
    "same",
    "should",
    "some",
    "such",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "under",
    "until",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "will",
    "with",
    "within",
    "would",
    "incident",
    "root",
    "cause",
    "causes",
    "issue",
    "problem",
    "since",
    "still",
    "first",
    "later",
    "investigation",
    "requests",
    "request",
    "service",
    "services",
    "time",
    "team",
];

/// The distinct content words (four letters or more) of the Root cause section(s) of a
/// postmortem's (redacted) body.
pub fn root_cause_words(pm: &Postmortem) -> BTreeSet<String> {
    let lines: Vec<&str> = pm.body.lines().collect();
    let mut words = BTreeSet::new();
    for (n, section) in pm.sections.iter().enumerate() {
        if section.kind != Some(SectionKind::RootCause) {
            continue;
        }
        // Up to the next heading of the same or a higher level.
        let end_line = pm.sections[n + 1..].iter().find(|s| s.level <= section.level).map_or(usize::MAX, |s| s.line);
        let first = section.line.saturating_sub(pm.body_line) + 1;
        let last = end_line.saturating_sub(pm.body_line).min(lines.len());
        for line in lines.get(first..last.max(first)).unwrap_or_default() {
            for w in line.split(|c: char| !c.is_alphanumeric()) {
                if w.chars().count() >= 4 && w.chars().any(char::is_alphabetic) {
                    let w = w.to_lowercase();
                    if !STOP_WORDS.contains(&w.as_str()) {
                        words.insert(w);
                    }
                }
            }
        }
    }
    words
}

fn ordinal(n: usize) -> String {
    const WORDS: [&str; 11] =
        ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    match WORDS.get(n) {
        Some(w) => (*w).to_string(),
        None => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// Related incidents and repeats for every incident. `items` pairs each postmortem with
/// its view, newest first; the result is in the same order.
///
/// Two incidents are related when they share a service or a tag. They are ranked by
/// 3 points per shared service, 2 per shared tag and up to 4 for alike root causes (the
/// share of root-cause words they have in common, when two or more; compared for the 48
/// best by services and tags), then by closeness in time, then by the order of `items`. A repeat is an incident with an earlier one affecting the
/// same service in the [`REPEAT_WINDOW_DAYS`] days before it started.
pub fn recurrence(items: &[(&Postmortem, &IncidentView)]) -> Vec<Recurrence> {
    use rayon::prelude::*;
    let n = items.len();
    let mut by_service: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_tag: HashMap<&str, Vec<usize>> = HashMap::new();
    for (k, (pm, _)) in items.iter().enumerate() {
        for s in dedup(&pm.services) {
            by_service.entry(s).or_default().push(k);
        }
        for t in dedup(&pm.tags) {
            by_tag.entry(t).or_default().push(k);
        }
    }
    // Root-cause words as sorted ids, so two incidents compare in one merge.
    let word_sets: Vec<BTreeSet<String>> = items.par_iter().map(|(pm, _)| root_cause_words(pm)).collect();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let words: Vec<Vec<u32>> = word_sets
        .iter()
        .map(|set| {
            let mut v: Vec<u32> = set
                .iter()
                .map(|w| {
                    let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                    *ids.entry(w.as_str()).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    // Start times by index: read for every candidate, so kept in one array.
    let started: Vec<i64> = items.iter().map(|(pm, _)| pm.started.instant.as_second()).collect();
    let start = |k: usize| started[k];
    // Per service, start times in increasing order (for the repeat count).
    let starts: HashMap<&str, Vec<i64>> = by_service
        .iter()
        .map(|(s, ks)| {
            let mut v: Vec<i64> = ks.iter().map(|&k| start(k)).collect();
            v.sort_unstable();
            (*s, v)
        })
        .collect();
    // Candidates are ranked by shared services and tags first (integer points in a
    // per-thread table); only the best of them are compared by root cause.
    const SHORTLIST: usize = 48;
    // (Chunks of 64: `map_init` makes a table per chunk it splits off, not per thread.)
    (0..n)
        .into_par_iter()
        .with_min_len(64)
        .map_init(
            || (vec![0u32; n], Vec::<usize>::new()),
            |(points, touched), k| {
                let (pm, _) = items[k];
                let services = dedup(&pm.services);
                let tags = dedup(&pm.tags);
                for (list, weight) in [(&services, 30), (&tags, 20)] {
                    for key in list.iter() {
                        let postings = if weight == 30 { &by_service[key] } else { &by_tag[key] };
                        for &o in postings {
                            if o != k {
                                if points[o] == 0 {
                                    touched.push(o);
                                }
                                points[o] += weight;
                            }
                        }
                    }
                }
                let t = start(k);
                // (Ties: the incident listed first, i.e. the newer one.)
                let mut ranked: Vec<(u32, i64, usize)> =
                    touched.iter().map(|&o| (points[o], (start(o) - t).abs(), o)).collect();
                for &o in touched.iter() {
                    points[o] = 0;
                }
                touched.clear();
                let order = |a: &(u32, i64, usize), b: &(u32, i64, usize)| {
                    b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
                };
                if ranked.len() > SHORTLIST {
                    ranked.select_nth_unstable_by(SHORTLIST, order);
                    ranked.truncate(SHORTLIST);
                }
                ranked.sort_unstable_by(order);
                let mut common_words: HashMap<usize, Vec<u32>> = HashMap::new();
                for entry in &mut ranked {
                    let o = entry.2;
                    let common = intersect(&words[k], &words[o]);
                    if common.len() >= 2 {
                        let union = words[k].len() + words[o].len() - common.len();
                        entry.0 += u32::try_from(40 * common.len() / union.max(1)).unwrap_or(40);
                        common_words.insert(o, common);
                    }
                }
                ranked.sort_unstable_by(order);
                let related = ranked
                    .iter()
                    .take(RELATED_LIMIT)
                    .map(|&(_, _, o)| {
                        let (other, v) = items[o];
                        let mut shared: Vec<String> = Vec::new();
                        let other_services = dedup(&other.services);
                        shared.extend(services.iter().filter(|s| other_services.contains(s)).map(|s| (*s).to_string()));
                        let other_tags = dedup(&other.tags);
                        shared.extend(tags.iter().filter(|t| other_tags.contains(t)).map(|t| format!("tag {t}")));
                        if let Some(common) = common_words.get(&o) {
                            // The words in the order of this incident's sorted set.
                            let shown: Vec<&str> = word_sets[k]
                                .iter()
                                .filter(|w| ids.get(w.as_str()).is_some_and(|id| common.contains(id)))
                                .take(3)
                                .map(String::as_str)
                                .collect();
                            shared.push(format!("root cause: {}", shown.join(", ")));
                        }
                        Related {
                            title: v.title.clone(),
                            url: v.url.clone(),
                            started: v.started.display.clone(),
                            severity: v.severity.clone(),
                            shared,
                        }
                    })
                    .collect();
                // The service with the most incidents in the window ending at this one's start.
                let repeat = services
                    .iter()
                    .map(|s| {
                        let v = &starts[s];
                        let lo = v.partition_point(|&x| x <= t - REPEAT_WINDOW_DAYS * DAY);
                        let hi = v.partition_point(|&x| x <= t);
                        (hi - lo, *s)
                    })
                    .fold(None::<(usize, &str)>, |best, c| if best.is_none_or(|b| c.0 > b.0) { Some(c) } else { best })
                    .filter(|(count, _)| *count >= 2)
                    .map(|(count, s)| {
                        let mut sentence = ordinal(count);
                        sentence[..1].make_ascii_uppercase();
                        format!("{sentence} incident affecting {s} in {REPEAT_WINDOW_DAYS} days.")
                    });
                Recurrence { related, repeat }
            },
        )
        .collect()
}

/// The common values of two sorted lists.
fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The distinct values of a list, in order.
fn dedup(values: &[String]) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    values.iter().map(String::as_str).filter(|v| seen.insert(*v)).collect()
}

// ------------------------------------------------------------------ service calendar

/// Days the calendar strip shows.
pub const CALENDAR_DAYS: i64 = 90;
/// Months the month strip shows.
pub const CALENDAR_MONTHS: usize = 12;

/// One day (or month) of a service's calendar.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarCell {
    /// `2025-03-14` or `2025-03`.
    pub key: String,
    /// `14 Mar 2025` or `Mar 2025`.
    pub label: String,
    /// CSS class of the worst severity that touched it (`sev-1`), or `none`.
    pub class: String,
    /// The worst severity's id, if any.
    pub severity: Option<String>,
    /// Incidents that touched it.
    pub incidents: usize,
    /// For months: time in incident (`3h 10m`), when any.
    pub time_in_incident: Option<String>,
    /// The facts in one line, for hover, focus and screen readers.
    pub facts: String,
}

/// A service's history over the last 90 days and 12 months.
#[derive(Debug, Clone, Serialize)]
pub struct Calendar {
    /// The last [`CALENDAR_DAYS`] days, oldest first.
    pub days: Vec<CalendarCell>,
    /// The last [`CALENDAR_MONTHS`] months, oldest first.
    pub months: Vec<CalendarCell>,
    /// Days since the last incident started (0 while one is ongoing or it started today).
    pub days_since_last: Option<i64>,
    /// Days of the 90 with an incident.
    pub incident_days: usize,
    /// The date the calendar ends on (`2025-03-14`), as shown.
    pub as_of: String,
}

/// When an incident touched the calendar: its start, and its end (resolution; for an
/// ongoing incident the build time; for one whose end is not stated, its start).
fn span(pm: &Postmortem, view: &IncidentView, now: i64) -> (i64, i64) {
    let start = pm.started.instant.as_second();
    let end = match (&pm.resolved, view.ongoing) {
        (Some(r), _) => r.instant.as_second(),
        (None, true) => now,
        (None, false) => start,
    };
    (start, end.max(start))
}

fn worse(a: Option<&SeverityView>, b: &SeverityView) -> bool {
    a.is_none_or(|a| b.rank < a.rank)
}

/// The calendar of one service from its incidents (`items`), ending on the day of `now`
/// (seconds) in `zone`.
pub fn calendar(items: &[(&Postmortem, &IncidentView)], zone: &Zone, now: i64) -> Calendar {
    let today = date_in(zone, now);
    let first_day = today.add_days(-(CALENDAR_DAYS - 1)).unwrap_or(today);
    // Days: worst severity and count, over each incident's local days.
    let mut per_day: BTreeMap<i64, (Option<&SeverityView>, usize)> = BTreeMap::new();
    let mut per_month: BTreeMap<(i32, i8), (Option<&SeverityView>, usize, i64)> = BTreeMap::new();
    let first_month = {
        let mut y = today.year();
        let mut m = i32::from(today.month()) - (CALENDAR_MONTHS as i32 - 1);
        while m < 1 {
            m += 12;
            y -= 1;
        }
        (y, m as i8)
    };
    for (pm, view) in items {
        let (s, e) = span(pm, view, now);
        let (d0, d1) = (date_in(zone, s).to_days(), date_in(zone, e).to_days());
        for d in d0.max(first_day.to_days())..=d1.min(today.to_days()) {
            let cell = per_day.entry(d).or_insert((None, 0));
            if worse(cell.0, &view.severity) {
                cell.0 = Some(&view.severity);
            }
            cell.1 += 1;
        }
        // Months: worst severity, count, and seconds of the span inside each month.
        let (sd, ed) = (date_in(zone, s), date_in(zone, e));
        let (mut y, mut m) = (sd.year(), sd.month());
        while (y, m) <= (ed.year(), ed.month()) {
            if (y, m) >= first_month && (y, m) <= (today.year(), today.month()) {
                let month_start = zone.day_start(Date::new(y, m, 1).unwrap_or(sd));
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                let month_end = zone.day_start(Date::new(ny, nm, 1).unwrap_or(ed));
                let overlap = (e.min(month_end) - s.max(month_start)).max(0);
                let cell = per_month.entry((y, m)).or_insert((None, 0, 0));
                if worse(cell.0, &view.severity) {
                    cell.0 = Some(&view.severity);
                }
                cell.1 += 1;
                cell.2 += overlap;
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    let days: Vec<CalendarCell> = (first_day.to_days()..=today.to_days())
        .map(|d| {
            let date = Date::from_days(d);
            let (sev, count) = per_day.get(&d).copied().unwrap_or((None, 0));
            let label = display_date(date);
            let facts = match sev {
                Some(s) => format!(
                    "{label}: {count} incident{}, worst {} ({})",
                    if count == 1 { "" } else { "s" },
                    s.id,
                    s.label
                ),
                None => format!("{label}: no incident"),
            };
            CalendarCell {
                key: iso_date(date),
                label,
                class: sev.map_or_else(|| "none".to_string(), |s| s.class.clone()),
                severity: sev.map(|s| s.id.clone()),
                incidents: count,
                time_in_incident: None,
                facts,
            }
        })
        .collect();
    let mut months = Vec::with_capacity(CALENDAR_MONTHS);
    let (mut y, mut m) = first_month;
    for _ in 0..CALENDAR_MONTHS {
        let (sev, count, seconds) = per_month.get(&(y, m)).copied().unwrap_or((None, 0, 0));
        let label = format!("{} {y}", month_name(m));
        let time = (seconds > 0).then(|| crate::model::human_duration(jiff::SignedDuration::from_secs(seconds)));
        let facts = match sev {
            Some(s) => format!(
                "{label}: {count} incident{}, worst {} ({}){}",
                if count == 1 { "" } else { "s" },
                s.id,
                s.label,
                time.as_ref().map(|t| format!(", {t} in incident")).unwrap_or_default()
            ),
            None => format!("{label}: no incident"),
        };
        months.push(CalendarCell {
            key: format!("{y:04}-{m:02}"),
            label,
            class: sev.map_or_else(|| "none".to_string(), |s| s.class.clone()),
            severity: sev.map(|s| s.id.clone()),
            incidents: count,
            time_in_incident: time,
            facts,
        });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let days_since_last = items
        .iter()
        .map(|(pm, view)| {
            if view.ongoing && pm.resolved.is_none() {
                0
            } else {
                (today.to_days() - date_in(zone, pm.started.instant.as_second()).to_days()).max(0)
            }
        })
        .min();
    Calendar {
        incident_days: days.iter().filter(|d| d.incidents > 0).count(),
        days,
        months,
        days_since_last,
        as_of: display_date(today),
    }
}

// ------------------------------------------------------------------ ongoing

/// An ongoing incident as the banner on every page links it.
#[derive(Debug, Clone, Serialize)]
pub struct Ongoing {
    /// Title.
    pub title: String,
    /// Page.
    pub url: String,
    /// Its severity.
    pub severity: SeverityView,
    /// When it started (as shown).
    pub started: String,
}

/// Published incidents with no resolution that are ongoing (status `ongoing`, or no
/// `resolved` time and no stated end), newest first.
pub fn ongoing(incidents: &[IncidentView]) -> Vec<Ongoing> {
    incidents
        .iter()
        .filter(|i| i.resolved.is_none() && (i.ongoing || i.resolution == "ongoing"))
        .map(|i| Ongoing {
            title: i.title.clone(),
            url: i.url.clone(),
            severity: i.severity.clone(),
            started: i.started.display.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_are_read_only_when_they_are_dates() {
        assert_eq!(parse_due("2025-04-01"), Date::new(2025, 4, 1));
        assert_eq!(parse_due(" 2025-04-01 (Q2)"), Date::new(2025, 4, 1));
        assert_eq!(parse_due("Q3 2025"), None);
        assert_eq!(parse_due("2025-13-01"), None);
        assert_eq!(parse_due("2025-04-012"), None);
        assert_eq!(parse_due("next sprint"), None);
    }

    #[test]
    fn overdue_only_when_open_and_past() {
        let today = Date::new(2025, 5, 1).unwrap();
        assert!(is_overdue(false, Some("2025-04-30"), today));
        assert!(!is_overdue(false, Some("2025-05-01"), today), "due today is not overdue yet");
        assert!(!is_overdue(true, Some("2025-04-30"), today), "done is never overdue");
        assert!(!is_overdue(false, Some("soon"), today));
        assert!(!is_overdue(false, None, today));
    }

    #[test]
    fn ordinals_read_as_words_then_numbers() {
        assert_eq!(
            [2, 3, 10, 11, 12, 13, 21, 22, 23, 101].map(ordinal),
            ["second", "third", "tenth", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st"]
        );
    }
}
