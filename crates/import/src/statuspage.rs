//! Atlassian Statuspage, public API v2: `incidents.json` (`{"page":…,"incidents":[…]}`),
//! `summary.json` (`incidents` and `scheduled_maintenances`), `scheduled-maintenances.json`,
//! a bare array of incidents or one incident object, and the status page's own
//! `history.json` (`{"months":[{"year":…,"incidents":[{code, name, message, impact,
//! timestamp}]}]}`, which holds one message per incident).
//!
//! Every field may be missing or null: an incident needs a name and some time. Updates
//! come newest first, as the API returns them; `display_at` wins over `created_at`.

use crate::error::{ImportError, parse_json};
use crate::html::to_markdown;
use crate::model::{Format, Incident, Parsed, Skipped, State, Update, order_facts};
use crate::time;
use crate::{json_str, status_label};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Reads a Statuspage export. `zone` is used when the page names no zone of its own.
pub fn parse(file: &Path, text: &str, zone: &TimeZone) -> Result<Parsed, ImportError> {
    let root = parse_json(file, text)?;
    let zone = root
        .get("page")
        .and_then(|p| json_str(p, "time_zone"))
        .and_then(|name| TimeZone::get(name).ok())
        .unwrap_or_else(|| zone.clone());
    let Some(entries) = entries(&root) else {
        return Err(ImportError::Shape {
            file: file.to_path_buf(),
            message: "no incidents found: expected `{\"incidents\": […]}`, `scheduled_maintenances`, `months`, or an array of incidents".into(),
            hint: "export /api/v2/incidents.json (or summary.json, history.json) from the status page".into(),
        });
    };
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut parsed = Parsed::default();
    let mut seen = BTreeSet::new();
    for (origin, entry, year) in entries {
        let origin = format!("{name}: {origin}");
        match incident(entry, year, &origin, &zone) {
            Ok(incident) => {
                if seen.insert(incident.id.clone()) {
                    parsed.incidents.push(incident);
                }
            }
            Err(reason) => parsed.skipped.push(Skipped { origin, reason }),
        }
    }
    Ok(parsed)
}

/// The incident objects of every known shape, with where they are and, for
/// `history.json`, the year of their month.
fn entries(root: &Value) -> Option<Vec<(String, &Value, Option<i16>)>> {
    let mut out = Vec::new();
    match root {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // Saved pages of an export (`[{"page":…,"incidents":[…]}, …]`) are flattened.
                match item.get("incidents").and_then(Value::as_array) {
                    Some(inner) if item.get("name").is_none() => {
                        out.extend(inner.iter().enumerate().map(|(j, v)| (format!("[{i}].incidents[{j}]"), v, None)))
                    }
                    _ => out.push((format!("[{i}]"), item, None)),
                }
            }
        }
        Value::Object(map) => {
            if is_incident(map) {
                out.push(("incident".to_string(), root, None));
                return Some(out);
            }
            let mut known = false;
            for key in ["incidents", "scheduled_maintenances"] {
                if let Some(Value::Array(items)) = map.get(key) {
                    known = true;
                    out.extend(items.iter().enumerate().map(|(i, v)| (format!("{key}[{i}]"), v, None)));
                }
            }
            if let Some(Value::Array(months)) = map.get("months") {
                known = true;
                for (m, month) in months.iter().enumerate() {
                    let year = month.get("year").and_then(Value::as_i64).and_then(|y| i16::try_from(y).ok());
                    if let Some(Value::Array(items)) = month.get("incidents") {
                        out.extend(
                            items.iter().enumerate().map(|(i, v)| (format!("months[{m}].incidents[{i}]"), v, year)),
                        );
                    }
                }
            }
            if !known {
                return None;
            }
        }
        _ => return None,
    }
    Some(out)
}

fn is_incident(map: &Map<String, Value>) -> bool {
    map.contains_key("incident_updates") || (map.contains_key("name") && map.contains_key("created_at"))
}

fn incident(entry: &Value, year: Option<i16>, origin: &str, zone: &TimeZone) -> Result<Incident, String> {
    if !entry.is_object() {
        return Err("not an incident object".into());
    }
    let title = json_str(entry, "name").map(collapse_title).filter(|t| !t.is_empty()).ok_or("no `name`")?;
    let status = json_str(entry, "status").unwrap_or("").to_ascii_lowercase();
    let impact = json_str(entry, "impact").unwrap_or("none").to_ascii_lowercase();
    let at = |key: &str| json_str(entry, key).and_then(|t| time::parse(t, zone));
    let mut problems = Vec::new();

    let mut updates = Vec::new();
    if let Some(Value::Array(items)) = entry.get("incident_updates") {
        for (i, item) in items.iter().enumerate() {
            let when = ["display_at", "created_at", "updated_at"]
                .iter()
                .find_map(|k| json_str(item, k).and_then(|t| time::parse(t, zone)));
            let Some(when) = when else {
                problems.push(format!("update {i} has no readable time; left out"));
                continue;
            };
            let body = json_str(item, "body").map(to_markdown).unwrap_or_default();
            let status = json_str(item, "status").map(status_label);
            updates.push((when, status, body, json_str(item, "status").unwrap_or("").to_ascii_lowercase()));
        }
    }
    // The API lists updates newest first: put them oldest first, so that updates posted
    // in the same second keep their order once sorted by time.
    if updates.len() > 1 && updates.first().map(|u| u.0) >= updates.last().map(|u| u.0) {
        updates.reverse();
    }
    updates.sort_by_key(|u| u.0);

    // history.json: one message and a printed time range.
    if updates.is_empty()
        && let Some(stamp) = json_str(entry, "timestamp")
        && let Some((start, end)) = history_range(stamp, year, zone)
    {
        let body = json_str(entry, "message").map(to_markdown).unwrap_or_default();
        updates.push((end.unwrap_or(start), Some("Update".into()), body, String::new()));
        let status = if end.is_some() { "resolved".to_string() } else { status };
        return finish(entry, title, impact, status, start, end, updates, problems, origin, zone);
    }

    // As the page shows it: `started_at` (which the page sets, and an author may move
    // earlier), else `created_at`; a maintenance's `scheduled_for` is the plan, not the fact.
    let started = at("started_at")
        .or_else(|| at("created_at"))
        .or_else(|| updates.first().map(|u| u.0))
        .ok_or("no start time (`started_at`, `created_at` or an update)")?;
    let resolved = at("resolved_at").or_else(|| {
        updates.iter().rev().find(|u| matches!(u.3.as_str(), "resolved" | "completed" | "postmortem")).map(|u| u.0)
    });
    finish(entry, title, impact, status, started, resolved, updates, problems, origin, zone)
}

#[allow(clippy::too_many_arguments)]
fn finish(
    entry: &Value,
    title: String,
    impact: String,
    status: String,
    started: Timestamp,
    resolved: Option<Timestamp>,
    updates: Vec<(Timestamp, Option<String>, String, String)>,
    problems: Vec<String>,
    origin: &str,
    zone: &TimeZone,
) -> Result<Incident, String> {
    let at = |key: &str| json_str(entry, key).and_then(|t| time::parse(t, zone));
    let first_with = |wanted: &[&str]| updates.iter().find(|u| wanted.contains(&u.3.as_str())).map(|u| u.0);
    let detected = first_with(&["identified"]);
    let mitigated = first_with(&["monitoring"]).or_else(|| at("monitoring_at"));
    let state = match status.as_str() {
        _ if resolved.is_some() => State::Resolved,
        "resolved" | "postmortem" | "completed" => State::Resolved,
        "investigating" | "identified" | "monitoring" | "scheduled" | "in_progress" | "verifying" => State::Ongoing,
        _ => State::Unstated,
    };
    let mut services = names(entry.get("components"));
    if services.is_empty() {
        for update in entry.get("incident_updates").and_then(Value::as_array).into_iter().flatten() {
            for name in names(update.get("affected_components")) {
                if !services.contains(&name) {
                    services.push(name);
                }
            }
        }
    }
    let id = json_str(entry, "id")
        .or_else(|| json_str(entry, "code"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}-{}", started.as_second(), debrief_content::slug::slugify(&title)));
    let mut extra = BTreeMap::new();
    if let Some(link) = json_str(entry, "shortlink") {
        extra.insert("shortlink".to_string(), link.to_string());
    }
    let postmortem = json_str(entry, "postmortem_body").map(to_markdown).filter(|p| !p.trim().is_empty());
    let mut incident = Incident {
        format: Format::Statuspage,
        id,
        origin: origin.to_string(),
        title,
        level: impact,
        started,
        detected,
        mitigated,
        resolved,
        state,
        services,
        updates: updates.into_iter().map(|(at, status, body, _)| Update { at, status, body }).collect(),
        postmortem,
        notes: None,
        extra,
        zone: zone.clone(),
        problems,
    };
    order_facts(&mut incident);
    Ok(incident)
}

/// The `name`s of an array of component objects (or of plain strings).
fn names(value: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in value.and_then(Value::as_array).into_iter().flatten() {
        let name = match item {
            Value::String(s) => Some(s.as_str()),
            other => json_str(other, "name"),
        };
        if let Some(name) = name.map(collapse_title).filter(|n| !n.is_empty())
            && !out.contains(&name)
        {
            out.push(name);
        }
    }
    out
}

/// One line, single spaces.
fn collapse_title(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// history.json's `timestamp`, HTML such as `Apr <var data-var='date'>30</var>, <var
/// data-var='time'>14:01</var> - <var data-var='time'>15:45</var> UTC` (the end may carry
/// its own date). Returns the start and the end.
fn history_range(stamp: &str, year: Option<i16>, zone: &TimeZone) -> Option<(Timestamp, Option<Timestamp>)> {
    use debrief_content::when::{LabelDate, parse_time_label};
    let text = crate::html::to_markdown(stamp).replace('\\', "");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let zone_word = text.rsplit(' ').next().unwrap_or("");
    let zone = match zone_word {
        "UTC" | "GMT" => TimeZone::UTC,
        other => debrief_content::when::zone_abbreviation(other).map(TimeZone::fixed).unwrap_or_else(|| zone.clone()),
    };
    let (first, second) = match text.split_once(" - ") {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (text.clone(), None),
    };
    let resolve = |part: &str, default: Option<jiff::civil::Date>| -> Option<(Timestamp, jiff::civil::Date)> {
        let label = parse_time_label(part)?;
        let date = match label.date {
            Some(LabelDate::Full(d)) => d,
            Some(LabelDate::MonthDay(m, d)) => jiff::civil::Date::new(year?, m, d).ok()?,
            None => default?,
        };
        let time = label.time.unwrap_or(jiff::civil::Time::midnight());
        Some((zone.to_timestamp(date.to_datetime(time)).ok()?, date))
    };
    let (start, date) = resolve(&first, None)?;
    let end = second.and_then(|s| resolve(&s, Some(date))).map(|(t, _)| t).filter(|end| *end >= start);
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Parsed {
        parse(Path::new("incidents.json"), text, &TimeZone::UTC).expect("parses")
    }

    #[test]
    fn reads_an_incident_with_reverse_ordered_updates_and_html() {
        let parsed = parse_str(
            r#"{"page":{"id":"p","time_zone":"America/New_York"},"incidents":[{"id":"abc","name":"API errors","status":"resolved","impact":"major",
            "created_at":"2024-03-01T10:00:00.000-05:00","started_at":null,"monitoring_at":"2024-03-01T10:40:00-05:00","resolved_at":"2024-03-01T11:00:00-05:00",
            "shortlink":"https://stspg.example/x","components":[{"name":"API"},{"name":"Dashboard"}],"postmortem_body":null,
            "incident_updates":[
              {"status":"resolved","body":"Fixed.","display_at":"2024-03-01T11:00:00-05:00","created_at":"2024-03-01T11:00:00-05:00"},
              {"status":"monitoring","body":"A fix is <strong>live</strong>.","display_at":"2024-03-01T10:40:00-05:00"},
              {"status":"identified","body":"Found it.","created_at":"2024-03-01T10:20:00-05:00","display_at":null},
              {"status":"investigating","body":"Looking.","created_at":"2024-03-01T10:05:00-05:00"}]}]}"#,
        );
        assert_eq!(parsed.incidents.len(), 1);
        let i = &parsed.incidents[0];
        assert_eq!((i.title.as_str(), i.level.as_str(), i.state), ("API errors", "major", State::Resolved));
        assert_eq!(i.started.to_string(), "2024-03-01T15:00:00Z");
        assert_eq!(i.detected.map(|t| t.to_string()).as_deref(), Some("2024-03-01T15:20:00Z"));
        assert_eq!(i.mitigated.map(|t| t.to_string()).as_deref(), Some("2024-03-01T15:40:00Z"));
        assert_eq!(i.services, ["API", "Dashboard"]);
        let statuses: Vec<&str> = i.updates.iter().filter_map(|u| u.status.as_deref()).collect();
        assert_eq!(statuses, ["Investigating", "Identified", "Monitoring", "Resolved"]);
        assert_eq!(i.updates[2].body, "A fix is **live**.");
        assert_eq!(i.extra["shortlink"], "https://stspg.example/x");
        assert_eq!(i.zone, TimeZone::get("America/New_York").expect("zone"));
    }

    #[test]
    fn ongoing_bare_arrays_maintenance_and_nulls() {
        let parsed = parse_str(
            r#"[{"id":"a","name":"Slow","status":"investigating","impact":"minor","created_at":"2024-01-01T00:00:00Z","resolved_at":null,"components":[],"incident_updates":[]},
                {"id":"b","name":"Window","status":"completed","impact":"maintenance","created_at":"2023-12-01T00:00:00Z","scheduled_for":"2024-01-02T00:00:00Z",
                 "incident_updates":[{"status":"completed","body":null,"created_at":"2024-01-02T01:00:00Z","affected_components":[{"name":"DB"}]}]},
                {"name":null},42]"#,
        );
        assert_eq!(parsed.incidents.len(), 2);
        assert_eq!((parsed.incidents[0].state, parsed.incidents[0].resolved), (State::Ongoing, None));
        let m = &parsed.incidents[1];
        assert_eq!(m.started.to_string(), "2023-12-01T00:00:00Z", "created_at, not scheduled_for");
        assert_eq!(m.resolved.map(|t| t.to_string()).as_deref(), Some("2024-01-02T01:00:00Z"));
        assert_eq!(m.services, ["DB"]);
        assert_eq!(parsed.skipped.len(), 2);
        let pages = parse_str(
            r#"[{"page":{},"incidents":[{"id":"x","name":"A","created_at":"2024-01-01T00:00:00Z"}]},{"page":{},"incidents":[{"id":"y","name":"B","created_at":"2024-01-02T00:00:00Z"}]}]"#,
        );
        assert_eq!(pages.incidents.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["x", "y"]);
    }

    #[test]
    fn summary_json_has_incidents_and_scheduled_maintenances() {
        let parsed = parse_str(
            r#"{"page":{"time_zone":"Etc/UTC"},"components":[],"status":{"indicator":"minor"},
            "incidents":[{"id":"i","name":"Slow","status":"identified","impact":"minor","created_at":"2024-01-01T00:00:00Z","incident_updates":[
              {"status":"identified","body":"Found.","created_at":"2024-01-01T00:10:00Z"}]}],
            "scheduled_maintenances":[{"id":"m","name":"Upgrade","status":"scheduled","impact":"maintenance","created_at":"2023-12-20T00:00:00Z",
              "scheduled_for":"2024-02-01T00:00:00Z","scheduled_until":"2024-02-01T02:00:00Z","incident_updates":[]}]}"#,
        );
        assert_eq!(parsed.incidents.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["i", "m"]);
        assert_eq!(parsed.incidents[0].detected.map(|t| t.to_string()).as_deref(), Some("2024-01-01T00:10:00Z"));
        assert_eq!((parsed.incidents[1].state, parsed.incidents[1].level.as_str()), (State::Ongoing, "maintenance"));
    }

    #[test]
    fn history_json_months() {
        let parsed = parse_str(
            r#"{"months":[{"name":"April","year":2024,"incidents":[{"code":"c1","name":"Login errors","message":"This incident has been resolved.","impact":"minor",
            "timestamp":"Apr <var data-var='date'>30</var>, <var data-var='time'>14:01</var> - <var data-var='time'>15:45</var> UTC"}]}]}"#,
        );
        let i = &parsed.incidents[0];
        assert_eq!(i.started.to_string(), "2024-04-30T14:01:00Z");
        assert_eq!(i.resolved.map(|t| t.to_string()).as_deref(), Some("2024-04-30T15:45:00Z"));
        assert_eq!(i.updates.len(), 1);
    }

    #[test]
    fn malformed_json_is_positioned_and_unknown_shapes_are_refused() {
        let err = parse(Path::new("x.json"), "{\n  \"incidents\": [\n    {\"name\": }\n", &TimeZone::UTC).unwrap_err();
        let ImportError::Json { line, column, .. } = err else { panic!("{err:?}") };
        assert_eq!((line, column), (3, 14));
        assert!(matches!(
            parse(Path::new("x.json"), "{\"status\":{}}", &TimeZone::UTC),
            Err(ImportError::Shape { .. })
        ));
    }
}
