//! Facts from the text: when front matter lacks `detected`, `mitigated` or `resolved`,
//! they are derived from timeline wording ("alert fired", "rolled back", "all clear") and
//! from explicit statements ("Time to resolve: 1h 10m", "Duration: 45 minutes",
//! "resolved at 16:40 UTC"). Pure: no I/O.

use crate::model::{Fact, TimelineEvent};
use crate::when::{LabelDate, When, parse_time_label};
use jiff::SignedDuration;
use serde::Serialize;

/// Where a derived fact came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// Which fact.
    pub fact: Fact,
    /// Its value.
    pub when: When,
    /// 1-based file line of the evidence.
    pub line: usize,
    /// `timeline` or `text`.
    pub source: &'static str,
    /// The words it was derived from (shortened).
    pub evidence: String,
    /// For a stated duration ("Time to recovery: 148 minutes"), the duration.
    #[serde(skip)]
    pub duration: Option<SignedDuration>,
}

/// What the text says about detection, mitigation and resolution.
#[derive(Debug, Default)]
pub struct TextFacts {
    /// Derived times, one per fact at most.
    pub derived: Vec<Derived>,
    /// The text says the incident was resolved, with or without a time.
    pub resolution_stated: bool,
}

const DETECTED: &[&str] = &[
    "detected",
    "detects",
    "detect ",
    "alerted",
    "alert fired",
    "alerts fired",
    "alert triggered",
    "alarm",
    "paged",
    "declared",
    "first report",
    "reported",
    "report of",
    "ticket",
    "noticed",
    "was notified",
    "were notified",
    "identified the issue",
];
const MITIGATED: &[&str] = &[
    "mitigated",
    "mitigation applied",
    "rolled back",
    "rollback",
    "roll back",
    "reverted",
    "revert ",
    "workaround",
    "failed over",
    "failover",
    "restored",
    "service restored",
    "repaired",
    "fix deployed",
    "fix applied",
    "hotfix",
];
const RESOLVED: &[&str] =
    &["resolved", "all clear", "all-clear", "incident closed", "closed the incident", "incident over"];
const RECOVERED: &[&str] =
    &["fully recovered", "recovered", "back to normal", "fully operational", "operating normally"];
const NEGATIONS: &[&str] =
    &["not resolved", "unresolved", "not yet", "until ", "not fully", "still ", "partially", "before "];

fn mentions(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Derives the facts front matter lacks. `have` says which front matter gives.
pub fn derive(events: &[TimelineEvent], body: &str, body_line: usize, started: &When, have: [bool; 3]) -> TextFacts {
    let mut out = TextFacts::default();
    let timed: Vec<&TimelineEvent> = events.iter().filter(|e| e.at.is_some()).collect();
    let first = |words: &[&str], after: Option<jiff::Timestamp>| {
        timed.iter().find(|e| {
            let lower = e.text.to_lowercase();
            mentions(&lower, words)
                && !mentions(&lower, NEGATIONS)
                && after.is_none_or(|a| e.at.is_some_and(|t| t >= a))
        })
    };
    let not_before = (!started.date_only).then_some(started.instant);
    let mut floor = not_before;
    // Stated durations run from `started`; when `started` is a plain date, from the
    // first event at which the duration lands exactly on another event (a cross-check),
    // else, weakly, from the first timed event.
    let times: Vec<jiff::Timestamp> = timed.iter().filter(|e| !e.date_only).filter_map(|e| e.at).collect();
    let anchor = if started.date_only {
        times.iter().min().map(|&instant| When { instant, offset: started.offset, date_only: false })
    } else {
        Some(*started)
    };
    let event_lines: Vec<usize> = events.iter().map(|e| e.line).collect();
    let mut statements = statements(body, body_line, started, anchor.as_ref(), &event_lines);
    // (statement, strong): a plain-date `started` makes duration statements weak unless an
    // event pair confirms them.
    let mut strength = Vec::with_capacity(statements.len());
    for d in &mut statements {
        let duration = d.duration;
        let strong = match (started.date_only, duration) {
            (true, Some(span)) => {
                match times.iter().find(|&&from| from.checked_add(span).is_ok_and(|to| times.contains(&to))) {
                    Some(&from) => {
                        d.when.instant = from.checked_add(span).unwrap_or(from);
                        true
                    }
                    None => false,
                }
            }
            _ => true,
        };
        strength.push(strong);
    }
    let kinds = [(Fact::Detected, DETECTED), (Fact::Mitigated, MITIGATED), (Fact::Resolved, RESOLVED)];
    for (i, (fact, words)) in kinds.into_iter().enumerate() {
        if have[i] {
            continue;
        }
        let mut event = first(words, floor);
        // An event that says "resolved" outright beats any stated duration.
        let explicit = fact == Fact::Resolved && event.is_some();
        if event.is_none() && fact == Fact::Resolved {
            event = first(RECOVERED, floor);
        }
        let from_event = event.map(|e| Derived {
            fact,
            when: When { instant: e.at.unwrap_or(started.instant), offset: started.offset, date_only: e.date_only },
            line: e.line,
            source: "timeline",
            evidence: shorten(&e.text),
            duration: None,
        });
        let from_statement = statements
            .iter()
            .zip(&strength)
            .find(|(d, _)| d.fact == fact && floor.is_none_or(|f| d.when.instant >= f))
            .map(|(d, strong)| (d.clone(), *strong));
        // An explicit statement beats timeline wording, unless it is a duration that no
        // pair of events confirms.
        let chosen = match (from_event, from_statement) {
            (Some(e), _) if explicit => Some(e),
            (_, Some((s, true))) => Some(s),
            (Some(e), _) => Some(e),
            (None, s) => s.map(|(s, _)| s),
        };
        if let Some(d) = chosen {
            floor = Some(d.when.instant);
            out.derived.push(d);
        }
    }
    out.resolution_stated = out.derived.iter().any(|d| d.fact == Fact::Resolved) || states_resolution(body);
    out
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() { format!("{short}…") } else { short }
}

/// Whether prose says the incident ended ("the issue was resolved", "service was restored").
fn states_resolution(body: &str) -> bool {
    let lower = body.to_lowercase();
    [
        "was resolved",
        "were resolved",
        "has been resolved",
        "is resolved",
        "incident resolved",
        "issue resolved",
        "fully resolved",
        "resolved the issue",
        "resolved the incident",
        "was fixed",
        "has been fixed",
        "service was restored",
        "services were restored",
        "was restored",
        "were restored",
        "fully recovered",
        "has recovered",
        "incident was closed",
        "back to normal",
        "resolved at",
        "resolved on",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// Explicit statements: "Time to resolve: 1h 10m", "Duration: 45 minutes", "resolved at
/// 16:40 UTC".
fn statements(
    body: &str,
    body_line: usize,
    started: &When,
    anchor: Option<&When>,
    event_lines: &[usize],
) -> Vec<Derived> {
    let mut out = Vec::new();
    for (i, raw) in body.lines().enumerate() {
        let line = body_line + i;
        // Timeline entries speak through their events, not as statements.
        if event_lines.contains(&line) {
            continue;
        }
        let clean: String = raw.chars().filter(|c| !matches!(c, '*' | '_' | '`')).collect();
        let clean = clean.trim().trim_start_matches(['-', '+', '>', ' ']).trim();
        let lower = clean.to_lowercase();
        let spans: &[(&[&str], Fact)] = &[
            (&["time to detect", "time to detection", "ttd", "mttd"], Fact::Detected),
            (&["time to mitigate", "time to mitigation", "ttm"], Fact::Mitigated),
            (
                &[
                    "time to resolve",
                    "time to resolution",
                    "time to recover",
                    "time to recovery",
                    "time to restore",
                    "time to repair",
                    "total duration",
                    "incident duration",
                    "outage duration",
                    "duration",
                    "total downtime",
                    "downtime",
                    "impact duration",
                    "outage length",
                    "ttr",
                ],
                Fact::Resolved,
            ),
        ];
        'spans: for (keys, fact) in spans {
            for key in *keys {
                let Some(rest) = lower.strip_prefix(key) else { continue };
                let rest = skip_parenthetical(rest.trim_start());
                let Some(rest) = rest.strip_prefix([':', '=', '-', '–']) else { continue };
                if let Some(d) = parse_duration(rest)
                    && let Some(anchor) = anchor
                {
                    let instant = anchor.instant.checked_add(d).unwrap_or(anchor.instant);
                    out.push(Derived {
                        fact: *fact,
                        when: When { instant, offset: anchor.offset, date_only: false },
                        line,
                        source: "text",
                        evidence: shorten(clean),
                        duration: Some(d),
                    });
                }
                break 'spans;
            }
        }
        if let Some(d) = labelled_time(clean, &lower, line, started) {
            out.push(d);
            continue;
        }
        for sentence in clean.split(". ") {
            if let Some(d) = sentence_fact(sentence, line, started) {
                out.push(d);
            }
        }
    }
    out
}

/// `(TTD)` after a key is skipped.
fn skip_parenthetical(text: &str) -> &str {
    match text.strip_prefix('(').and_then(|rest| rest.split_once(')')) {
        Some((_, after)) => after.trim_start(),
        None => text,
    }
}

/// A labelled time: "Detected: 2024-03-12 14:05 UTC", "Resolution time: 16:40 UTC",
/// "End time: March 12, 2024 4:40 PM".
fn labelled_time(clean: &str, lower: &str, line: usize, started: &When) -> Option<Derived> {
    let keys: &[(&[&str], Fact)] = &[
        (
            &["detected at", "detection time", "time detected", "time of detection", "detected", "detection"],
            Fact::Detected,
        ),
        (&["mitigated at", "mitigation time", "time mitigated", "mitigated", "mitigation"], Fact::Mitigated),
        (
            &[
                "resolved at",
                "resolution time",
                "time resolved",
                "time of resolution",
                "resolved",
                "end time",
                "impact end",
                "incident end",
                "outage ended",
                "ended",
            ],
            Fact::Resolved,
        ),
    ];
    for (names, fact) in keys {
        for name in *names {
            let Some(rest) = lower.strip_prefix(name) else { continue };
            let rest = skip_parenthetical(rest.trim_start());
            let Some(rest) = rest.strip_prefix(':') else { continue };
            let offset_in_clean = clean.len() - rest.len();
            let value = clean.get(offset_in_clean..)?;
            let label = parse_time_label(value)?;
            let time = label.time?;
            let date = match label.date {
                Some(LabelDate::Full(date)) => date,
                Some(LabelDate::MonthDay(m, d)) => jiff::civil::Date::new(started.civil().year(), m, d).ok()?,
                None => started.civil().date(),
            };
            let civil = date.to_datetime(time);
            let instant = match (label.offset, label.named_zone) {
                (Some(offset), _) => offset.to_timestamp(civil).ok()?,
                (None, Some(name)) => jiff::tz::TimeZone::get(name).ok()?.to_timestamp(civil).ok()?,
                (None, None) => started.offset.to_timestamp(civil).ok()?,
            };
            return Some(Derived {
                fact: *fact,
                when: When { instant, offset: label.offset.unwrap_or(started.offset), date_only: false },
                line,
                source: "text",
                evidence: shorten(clean),
                duration: None,
            });
        }
    }
    None
}

/// A sentence that says when the incident was detected, mitigated or resolved: "By
/// November 15, 6:20 AM UTC we had … fully recovered", "resolved at 16:40 UTC".
fn sentence_fact(sentence: &str, line: usize, started: &When) -> Option<Derived> {
    let lower = sentence.to_lowercase();
    let words: &[(&[&str], Fact)] = &[
        (
            &["fully recovered", "resolved", "healthy again", "back to normal", "all clear", "fully restored"],
            Fact::Resolved,
        ),
        (&["mitigated", "rolled back", "workaround"], Fact::Mitigated),
        (
            &["was detected", "were alerted", "was alerted", "alert fired", "first noticed", "were paged"],
            Fact::Detected,
        ),
    ];
    let fact = words.iter().find(|(w, _)| mentions(&lower, w) && !mentions(&lower, NEGATIONS))?.1;
    let starts = sentence.char_indices().filter(|&(i, _)| i == 0 || sentence[..i].ends_with(' ')).map(|(i, _)| i);
    for at in starts {
        let Some(label) = parse_time_label(&sentence[at..]) else { continue };
        let Some(time) = label.time else { continue };
        let date = match label.date {
            Some(LabelDate::Full(date)) => date,
            Some(LabelDate::MonthDay(m, d)) => jiff::civil::Date::new(started.civil().year(), m, d).ok()?,
            None => started.civil().date(),
        };
        let offset = label.offset.unwrap_or(started.offset);
        let instant = offset.to_timestamp(date.to_datetime(time)).ok()?;
        if instant < started.instant && !(started.date_only && date == started.civil().date()) {
            return None;
        }
        return Some(Derived {
            fact,
            when: When { instant, offset, date_only: false },
            line,
            source: "text",
            evidence: shorten(sentence.trim()),
            duration: None,
        });
    }
    None
}

/// `2h 10m`, `0h 45m`, `45 minutes`, `1 hour 10 minutes`, `1.5 hours`, `3 days`, `~30 mins`.
pub fn parse_duration(text: &str) -> Option<SignedDuration> {
    let text = text.trim().trim_start_matches(['~', '≈']).trim();
    let text = text.strip_prefix("about ").or_else(|| text.strip_prefix("approximately ")).unwrap_or(text);
    let mut total = 0f64;
    let mut any = false;
    let mut rest = text;
    loop {
        rest = rest.trim_start().trim_start_matches(',').trim_start();
        let rest_after_and = rest.strip_prefix("and ").unwrap_or(rest);
        rest = rest_after_and;
        let n = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        if n == 0 {
            break;
        }
        let Ok(value) = rest[..n].parse::<f64>() else { break };
        let after = rest[n..].trim_start();
        let unit_len = after.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &after[..unit_len];
        let secs = match unit {
            "d" | "day" | "days" => 86400.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            _ => break,
        };
        total += value * secs;
        any = true;
        rest = &after[unit_len..];
    }
    (any && total > 0.0 && total < 366.0 * 86400.0).then(|| SignedDuration::from_secs(total.round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::parse_when;
    use jiff::tz::TimeZone;

    fn at(s: &str) -> When {
        parse_when(s, &TimeZone::UTC).unwrap()
    }

    fn event(at_: &str, text: &str, line: usize) -> TimelineEvent {
        TimelineEvent { at: Some(at(at_).instant), date_only: false, label: String::new(), text: text.into(), line }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2h 10m"), Some(SignedDuration::from_mins(130)));
        assert_eq!(parse_duration("0h 45m"), Some(SignedDuration::from_mins(45)));
        assert_eq!(parse_duration(" 45 minutes"), Some(SignedDuration::from_mins(45)));
        assert_eq!(parse_duration("1 hour and 10 minutes"), Some(SignedDuration::from_mins(70)));
        assert_eq!(parse_duration("1.5 hours"), Some(SignedDuration::from_mins(90)));
        assert_eq!(parse_duration("unknown"), None);
    }

    #[test]
    fn from_timeline_wording() {
        let events = [
            event("2025-03-14T09:12:00Z", "Deploy of v2 starts", 10),
            event("2025-03-14T09:19:00Z", "Alert fired for 5xx rate; on-call paged", 11),
            event("2025-03-14T10:02:00Z", "Rolled back to v1", 12),
            event("2025-03-14T10:40:00Z", "Incident resolved", 13),
        ];
        let facts = derive(&events, "", 1, &at("2025-03-14T09:12:00Z"), [false; 3]);
        let got: Vec<(Fact, String, usize)> =
            facts.derived.iter().map(|d| (d.fact, d.when.instant.to_string(), d.line)).collect();
        assert_eq!(
            got,
            [
                (Fact::Detected, "2025-03-14T09:19:00Z".into(), 11),
                (Fact::Mitigated, "2025-03-14T10:02:00Z".into(), 12),
                (Fact::Resolved, "2025-03-14T10:40:00Z".into(), 13),
            ]
        );
        assert!(facts.resolution_stated);
    }

    #[test]
    fn front_matter_wins_and_negations_do_not_count() {
        let events = [event("2025-03-14T09:30:00Z", "Not resolved yet; still failing", 4)];
        let facts = derive(&events, "", 1, &at("2025-03-14T09:12:00Z"), [true, true, false]);
        assert!(facts.derived.is_empty());
        assert!(!facts.resolution_stated);
    }

    #[test]
    fn stated_durations_anchor_where_events_confirm_them() {
        // A latent trigger days before the impact: the durations count from 08:00, where
        // they land on other events, not from the first event.
        let events = [
            event("2021-09-01T11:34:00Z", "Malformed manifest applied", 16),
            event("2021-09-06T08:00:00Z", "All services returning 404", 18),
            event("2021-09-06T08:05:00Z", "Investigation started", 19),
            event("2021-09-06T09:08:00Z", "All ingress traffic working as intended", 26),
        ];
        let body = "- Time to detection: 5 minutes\n- Time to recovery: 68 minutes\n";
        let facts = derive(&events, body, 60, &at("2021-09-01"), [false; 3]);
        let got: Vec<(Fact, String)> = facts.derived.iter().map(|d| (d.fact, d.when.instant.to_string())).collect();
        assert_eq!(
            got,
            [(Fact::Detected, "2021-09-06T08:05:00Z".into()), (Fact::Resolved, "2021-09-06T09:08:00Z".into())]
        );
    }

    #[test]
    fn from_statements() {
        let body = "Summary.\n\n- **Time to resolve**: 1h 10m\n";
        let facts = derive(&[], body, 5, &at("2025-03-14T09:00:00Z"), [false; 3]);
        assert_eq!(facts.derived.len(), 1);
        assert_eq!(facts.derived[0].when.instant.to_string(), "2025-03-14T10:10:00Z");
        assert_eq!((facts.derived[0].line, facts.derived[0].source), (7, "text"));
        let facts = derive(&[], "The issue was resolved at 16:40 UTC.\n", 1, &at("2025-03-14"), [false; 3]);
        assert_eq!(facts.derived[0].when.instant.to_string(), "2025-03-14T16:40:00Z");
        let body =
            "**Detected:** 2024-03-12 14:05 UTC\n**Resolution time**: 4:40 PM ET\nTime to mitigate (TTM): 25 minutes\n";
        let facts = derive(&[], body, 1, &at("2024-03-12T14:00:00Z"), [false; 3]);
        let got: Vec<(Fact, String)> = facts.derived.iter().map(|d| (d.fact, d.when.instant.to_string())).collect();
        assert_eq!(
            got,
            [
                (Fact::Detected, "2024-03-12T14:05:00Z".into()),
                (Fact::Mitigated, "2024-03-12T14:25:00Z".into()),
                (Fact::Resolved, "2024-03-12T20:40:00Z".into()),
            ]
        );
    }
}
