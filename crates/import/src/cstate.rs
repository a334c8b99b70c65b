//! cState (a Hugo theme): a site folder with `content/issues/*.md` and `config.yml`.
//!
//! An issue has YAML (`---`) or TOML (`+++`) front matter: `title`, `date`, `resolved`,
//! `resolvedWhen`, `severity` (down, disrupted, notice), `affected`, `section`,
//! `informational`, `pin`. Its body holds updates, each ended (or, in some sites, led)
//! by a `{{< track "2021-06-01 14:30:00" >}}` marker (`{{% track %}}` too), newest
//! first; an update that starts with `*Monitoring* -` names its status. Other shortcodes
//! are unwrapped to their text. The configuration gives the zone (Hugo's `timeZone`, or
//! `params.timezone`) for dates written without one, and the systems (`params.systems`)
//! whose spelling the affected names take.

use crate::error::ImportError;
use crate::html::from_markdown;
use crate::model::{Format, Incident, Parsed, Skipped, State, Update, order_facts};
use crate::time;
use debrief_content::frontmatter::{self, Fields};
use jiff::tz::TimeZone;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A cState site as read from disk.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The configuration file (path shown, text), when there is one.
    pub config: Option<(PathBuf, String)>,
    /// Issue files: (path shown, path relative to the issues folder, text).
    pub issues: Vec<(PathBuf, String, String)>,
}

/// What the configuration says.
#[derive(Debug, Clone)]
struct Config {
    zone: TimeZone,
    systems: Vec<String>,
}

/// Reads a cState site. `zone` is used when the configuration names none.
pub fn parse(site: &Site, zone: &TimeZone) -> Result<Parsed, ImportError> {
    let config = match &site.config {
        Some((file, text)) => config(file, text, zone)?,
        None => Config { zone: zone.clone(), systems: Vec::new() },
    };
    let mut parsed = Parsed::default();
    for (file, rel, text) in &site.issues {
        let origin = file.display().to_string();
        match issue(file, rel, text, &config)? {
            Ok(incident) => parsed.incidents.push(incident),
            Err(reason) => parsed.skipped.push(Skipped { origin, reason }),
        }
    }
    Ok(parsed)
}

fn config(file: &Path, text: &str, zone: &TimeZone) -> Result<Config, ImportError> {
    let toml = file.extension().is_some_and(|e| e == "toml");
    let split = frontmatter::Split {
        format: if toml { frontmatter::Format::Toml } else { frontmatter::Format::Yaml },
        front: text.strip_prefix('\u{feff}').unwrap_or(text),
        front_line: 1,
        body: "",
        body_line: 1,
    };
    let fields = frontmatter::parse_fields(&split).map_err(|e| ImportError::Syntax {
        file: file.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message.replace(" front matter", ""),
    })?;
    let params = fields.get("params").map(|f| &f.value);
    let named = ["timeZone", "timezone", "time_zone"]
        .iter()
        .find_map(|k| fields.get(*k).map(|f| &f.value).or_else(|| params.and_then(|p| p.get(*k))))
        .and_then(Value::as_str)
        .and_then(|name| TimeZone::get(name.trim()).ok());
    let systems = params
        .and_then(|p| p.get("systems"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| match s {
            Value::String(name) => Some(name.trim().to_string()),
            other => other.get("name").and_then(Value::as_str).map(|n| n.trim().to_string()),
        })
        .filter(|n| !n.is_empty())
        .collect();
    Ok(Config { zone: named.unwrap_or_else(|| zone.clone()), systems })
}

/// One issue file: an incident, a reason to leave it out, or an error for broken syntax.
fn issue(file: &Path, rel: &str, text: &str, config: &Config) -> Result<Result<Incident, String>, ImportError> {
    let text = text.replace("\r\n", "\n");
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(e) => return Ok(Err(format!("no front matter ({})", e.message))),
    };
    let fields = frontmatter::parse_fields(&split).map_err(|e| ImportError::Syntax {
        file: file.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    Ok(incident(&fields, split.body, rel, &file.display().to_string(), config))
}

fn field<'a>(fields: &'a Fields, key: &str) -> Option<&'a Value> {
    fields.get(key).map(|f| &f.value).filter(|v| !v.is_null())
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn flag(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn incident(fields: &Fields, body: &str, rel: &str, origin: &str, config: &Config) -> Result<Incident, String> {
    if let Some(section) = text_of(field(fields, "section"))
        && !section.eq_ignore_ascii_case("issue")
        && !section.eq_ignore_ascii_case("issues")
    {
        return Err(format!("`section: {section}` is not an issue"));
    }
    if flag(field(fields, "draft")) == Some(true) {
        return Err("a draft (never published by cState)".into());
    }
    let title = text_of(field(fields, "title")).ok_or("no `title`")?;
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let zone = &config.zone;
    let started =
        text_of(field(fields, "date")).as_deref().and_then(|d| time::parse(d, zone)).ok_or("no readable `date`")?;
    let mut problems = Vec::new();
    let informational = flag(field(fields, "informational")) == Some(true);
    let level = match text_of(field(fields, "severity")) {
        Some(level) => level.to_ascii_lowercase(),
        None if informational => "notice".to_string(),
        None => {
            problems.push("no `severity`: read as `disrupted`".to_string());
            "disrupted".to_string()
        }
    };
    let services = affected(field(fields, "affected"), &config.systems, &mut problems);

    let (updates, notes) = updates(body, zone, &mut problems);
    let resolved_flag = flag(field(fields, "resolved"));
    let resolved_when = text_of(field(fields, "resolvedWhen").or_else(|| field(fields, "resolvedwhen")));
    let mut resolved = resolved_when.as_deref().and_then(|w| time::parse(w, zone));
    if resolved_when.is_some() && resolved.is_none() {
        problems.push(format!("`resolvedWhen` {:?} is not a time; left out", resolved_when.unwrap_or_default()));
    }
    let status_of = |u: &Update| u.status.as_deref().map(str::to_ascii_lowercase);
    if resolved.is_none() && resolved_flag == Some(true) {
        resolved = updates.iter().rev().find(|u| status_of(u).as_deref() == Some("resolved")).map(|u| u.at);
    }
    let state = match resolved_flag {
        Some(true) => State::Resolved,
        Some(false) if resolved.is_none() => State::Ongoing,
        _ if resolved.is_some() => State::Resolved,
        _ => State::Unstated,
    };
    if resolved_flag == Some(false) {
        resolved = None;
    }
    let first = |wanted: &str| updates.iter().find(|u| status_of(u).as_deref() == Some(wanted)).map(|u| u.at);
    let mut incident = Incident {
        format: Format::Cstate,
        id: rel.to_string(),
        origin: origin.to_string(),
        title,
        level,
        started,
        detected: first("identified"),
        mitigated: first("monitoring"),
        resolved,
        state,
        services,
        updates,
        postmortem: None,
        notes,
        extra: BTreeMap::new(),
        zone: zone.clone(),
        problems,
    };
    order_facts(&mut incident);
    Ok(incident)
}

/// The affected systems, spelled as the configuration spells them.
fn affected(value: Option<&Value>, systems: &[String], problems: &mut Vec<String>) -> Vec<String> {
    let names: Vec<String> = match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| text_of(Some(v))).collect(),
        Some(other) => text_of(Some(other)).into_iter().collect(),
        None => Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let known = systems.iter().find(|s| s.eq_ignore_ascii_case(&name));
        if known.is_none() && !systems.is_empty() {
            problems.push(format!("affected `{name}` is not a system of the configuration; kept as written"));
        }
        let name = known.cloned().unwrap_or(name);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A `{{< track "…" >}}` marker: where it is in the body and its time text.
struct Marker {
    start: usize,
    end: usize,
    when: String,
}

/// The updates of a body and the text outside any (`None` when there is none).
fn updates(body: &str, zone: &TimeZone, problems: &mut Vec<String>) -> (Vec<Update>, Option<String>) {
    let markers = track_markers(body);
    let mut segments: Vec<(Option<&str>, &str)> = Vec::new();
    let mut notes = String::new();
    if markers.is_empty() {
        notes.push_str(body);
    } else if body[..markers[0].start].trim().is_empty() {
        // Markers lead their update: the text after each runs to the next marker.
        for (i, m) in markers.iter().enumerate() {
            let end = markers.get(i + 1).map_or(body.len(), |n| n.start);
            segments.push((Some(&m.when), &body[m.end..end]));
        }
    } else {
        // Markers end their update (cState's own layout).
        let mut from = 0;
        for m in &markers {
            segments.push((Some(&m.when), &body[from..m.start]));
            from = m.end;
        }
        notes.push_str(&body[from..]);
    }
    let mut updates = Vec::new();
    for (when, text) in segments {
        let at = when.and_then(|w| time::parse(w, zone));
        let (status, text) = lead_status(&unwrap_shortcodes(text));
        let body = from_markdown(&text);
        match at {
            Some(at) => updates.push(Update { at, status, body }),
            None => {
                problems
                    .push(format!("update marker {:?} is not a time; its text is kept as a note", when.unwrap_or("")));
                notes.push_str(&format!("\n\n{body}"));
            }
        }
    }
    let notes = from_markdown(&unwrap_shortcodes(&notes));
    (updates, Some(notes).filter(|n| !n.trim().is_empty()))
}

/// Every `{{< track "…" >}}` / `{{% track "…" %}}` in `body`.
fn track_markers(body: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((start, end, inner)) = next_shortcode(body, from) {
        from = end;
        let mut words = inner.trim().splitn(2, char::is_whitespace);
        if words.next().is_some_and(|w| w.eq_ignore_ascii_case("track")) {
            let arg = words.next().unwrap_or("").trim().trim_matches(['"', '\'', '`']).to_string();
            out.push(Marker { start, end, when: arg });
        }
    }
    out
}

/// The next shortcode at or after `from`: (start, end, the text between the delimiters).
fn next_shortcode(body: &str, from: usize) -> Option<(usize, usize, &str)> {
    let rest = body.get(from..)?;
    let open = [rest.find("{{<"), rest.find("{{%")].into_iter().flatten().min()?;
    let close = if rest[open..].starts_with("{{<") { ">}}" } else { "%}}" };
    let inner_start = open + 3;
    let close_at = rest[inner_start..].find(close)? + inner_start;
    Some((from + open, from + close_at + close.len(), &rest[inner_start..close_at]))
}

/// Removes every shortcode tag, keeping the text between paired tags.
fn unwrap_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some((start, end, _)) = next_shortcode(text, from) {
        out.push_str(&text[from..start]);
        from = end;
    }
    out.push_str(&text[from..]);
    out
}

/// `*Monitoring* - text` / `**Resolved**: text` → (`Monitoring`, `text`).
fn lead_status(text: &str) -> (Option<String>, String) {
    let trimmed = text.trim_start();
    let marks = trimmed.chars().take_while(|c| *c == '*' || *c == '_').count();
    if !(1..=3).contains(&marks) {
        return (None, text.trim().to_string());
    }
    let delimiter = &trimmed[..marks];
    let inner_start = marks;
    let Some(close) = trimmed[inner_start..].find(delimiter) else { return (None, text.trim().to_string()) };
    let word = trimmed[inner_start..inner_start + close].trim().trim_end_matches(':').trim();
    let after = trimmed[inner_start + close + marks..].trim_start();
    let sep = ['-', '—', '–', ':'].into_iter().find(|c| after.starts_with(*c));
    let short = !word.is_empty() && word.split_whitespace().count() <= 3 && !word.contains(['*', '_']);
    match sep {
        Some(sep) if short => (Some(word.to_string()), after[sep.len_utf8()..].trim().to_string()),
        None if short && after.is_empty() => (Some(word.to_string()), String::new()),
        _ => (None, text.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(config: Option<&str>, issues: &[(&str, &str)]) -> Site {
        Site {
            config: config.map(|c| (PathBuf::from("config.yml"), c.to_string())),
            issues: issues
                .iter()
                .map(|(name, text)| {
                    (PathBuf::from(format!("content/issues/{name}")), name.to_string(), text.to_string())
                })
                .collect(),
        }
    }

    #[test]
    fn reads_trailing_track_markers_newest_first_in_the_config_zone() {
        let parsed = parse(
            &site(
                Some("title: S\ntimeZone: Europe/Berlin\nparams:\n  systems:\n    - name: API\n      category: Core\n    - Website\n"),
                &[(
                    "a.md",
                    "---\ntitle: US East issues\ndate: 2021-06-01 14:00:00\nresolved: true\nresolvedWhen: 2021-06-01 15:30:00\nseverity: disrupted\naffected:\n  - api\n  - Website\nsection: issue\n---\n\n*Resolved* -\nAll good. {{< track \"2021-06-01 15:30:00\" >}}\n\n*Monitoring* - A fix is out, see {{< link \"x\" >}}the notes{{< /link >}}. {{% track \"2021-06-01 14:40:00\" %}}\n\n*Investigating* - Looking. {{< track \"2021-06-01 14:00:00\" >}}\n",
                )],
            ),
            &TimeZone::UTC,
        )
        .expect("parses");
        let i = &parsed.incidents[0];
        assert_eq!(i.started.to_string(), "2021-06-01T12:00:00Z");
        assert_eq!(i.resolved.map(|t| t.to_string()).as_deref(), Some("2021-06-01T13:30:00Z"));
        assert_eq!((i.state, i.level.as_str()), (State::Resolved, "disrupted"));
        assert_eq!(i.services, ["API", "Website"]);
        let mut statuses: Vec<(String, String)> =
            i.updates.iter().map(|u| (u.status.clone().unwrap_or_default(), u.body.clone())).collect();
        statuses.sort();
        assert_eq!(
            statuses,
            [
                ("Investigating".to_string(), "Looking.".to_string()),
                ("Monitoring".to_string(), "A fix is out, see the notes.".to_string()),
                ("Resolved".to_string(), "All good.".to_string()),
            ]
        );
        assert_eq!(i.mitigated.map(|t| t.to_string()).as_deref(), Some("2021-06-01T12:40:00Z"));
        assert_eq!(i.updates.iter().map(|u| u.at).max(), i.resolved);
        assert!(i.notes.is_none());
    }

    #[test]
    fn ongoing_leading_markers_no_markers_and_skips() {
        let parsed = parse(
            &site(
                None,
                &[
                    ("b.md", "---\ntitle: Down\ndate: 2024-12-27T09:43:40.482Z\nresolved: false\nseverity: down\naffected: [API]\n---\n{{< track \"2024-12-27T09:44:00Z\" >}} Escalated.\n\n{{< track \"2024-12-27T09:50:00Z\" >}} Still down.\n"),
                    ("c.md", "+++\ntitle = \"Plain\"\ndate = \"2020-01-01\"\nresolved = true\n+++\nJust text.\n"),
                    ("d.md", "---\ntitle: Page\nsection: pages\ndate: 2020-01-01\n---\n"),
                    ("e.md", "---\ntitle: No date\n---\n"),
                ],
            ),
            &TimeZone::UTC,
        )
        .expect("parses");
        assert_eq!(parsed.incidents.len(), 2);
        let b = &parsed.incidents[0];
        assert_eq!((b.state, b.resolved, b.updates.len()), (State::Ongoing, None, 2));
        assert_eq!(b.updates[1].body, "Still down.");
        let c = &parsed.incidents[1];
        assert_eq!((c.state, c.updates.len(), c.notes.as_deref()), (State::Resolved, 0, Some("Just text.")));
        assert!(c.problems.iter().any(|p| p.contains("no `severity`")));
        assert_eq!(parsed.skipped.len(), 2);
    }

    #[test]
    fn toml_configuration_gives_zone_and_systems() {
        let mut site = site(
            None,
            &[("a.md", "---\ntitle: A\ndate: 2020-01-01 10:00:00\nseverity: notice\naffected: cdn\n---\nText.\n")],
        );
        site.config = Some((
            PathBuf::from("config.toml"),
            "title = \"S\"\n[params]\ntimezone = \"Asia/Tokyo\"\n[[params.systems]]\nname = \"CDN\"\n".to_string(),
        ));
        let parsed = parse(&site, &TimeZone::UTC).expect("parses");
        let a = &parsed.incidents[0];
        assert_eq!(
            (a.started.to_string().as_str(), a.services.clone()),
            ("2020-01-01T01:00:00Z", vec!["CDN".to_string()])
        );
        assert_eq!((a.state, a.level.as_str()), (State::Unstated, "notice"));
    }

    #[test]
    fn broken_front_matter_names_the_file_and_line() {
        let err =
            parse(&site(None, &[("x.md", "---\ntitle: [oops\ndate: 2020-01-01\n---\n")]), &TimeZone::UTC).unwrap_err();
        let ImportError::Syntax { file, line, .. } = err else { panic!("{err:?}") };
        assert_eq!(file, PathBuf::from("content/issues/x.md"));
        assert!(line >= 2);
    }
}
