//! From the bytes of one file to a validated [`Postmortem`], or to diagnostics that say
//! everything that is wrong with it at once. Pure: the caller reads the file.

use crate::diagnostic::{Diagnostic, did_you_mean, line_col};
use crate::facts;
use crate::frontmatter::{self, Field, Fields};
use crate::markdown::read_body;
use crate::model::{Fact, Postmortem, Status};
use crate::slug;
use crate::when::{When, parse_when};
use jiff::tz::TimeZone;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Largest Markdown file accepted.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Deepest nesting of block quotes and lists accepted in a body.
pub const MAX_NESTING: usize = 256;

/// One Markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceDoc {
    /// Path relative to the content folder.
    pub path: PathBuf,
    /// Path to show in diagnostics.
    pub display_path: PathBuf,
    /// The raw bytes.
    pub bytes: Vec<u8>,
    /// The bundle folder relative to the content folder, for `<slug>/index.md`.
    pub bundle: Option<PathBuf>,
    /// Bundle assets relative to the bundle folder.
    pub assets: Vec<PathBuf>,
}

/// What validation needs from the site configuration.
#[derive(Debug, Clone)]
pub struct ParseContext {
    /// Severity ids of the configured scale, most severe first.
    pub severities: Vec<String>,
    /// Zone for plain dates and date-times without an offset.
    pub timezone: TimeZone,
}

impl Default for ParseContext {
    fn default() -> Self {
        Self { severities: ["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec(), timezone: TimeZone::UTC }
    }
}

/// Front matter fields with a meaning of their own; everything else is internal.
pub const KNOWN_FIELDS: &[&str] = &[
    "title",
    "severity",
    "started",
    "detected",
    "mitigated",
    "resolved",
    "services",
    "regions",
    "tags",
    "compliance",
    "summary",
    "slug",
    "draft",
    "aliases",
    "extra",
    "status",
];

/// Parses and validates one file. Returns the postmortem when there is no error, and every
/// diagnostic (errors and warnings) found.
pub fn parse_postmortem(doc: &SourceDoc, ctx: &ParseContext) -> (Option<Postmortem>, Vec<Diagnostic>) {
    let file = &doc.display_path;
    let err = |line, col, msg: String| Diagnostic::error(file.clone(), line, col, msg);
    if doc.bytes.len() > MAX_FILE_BYTES {
        let msg =
            format!("file is {} MB; the most debrief reads is {} MB", doc.bytes.len() >> 20, MAX_FILE_BYTES >> 20);
        return (None, vec![err(1, 1, msg).with_hint("split the postmortem or move large data out of it")]);
    }
    let text = match std::str::from_utf8(&doc.bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&doc.bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, col) = line_col(valid, valid.len());
            let msg = format!("file is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to());
            return (None, vec![err(line, col, msg).with_hint("save the file as UTF-8")]);
        }
    };
    if let Some(pos) = text.find('\0') {
        let (line, col) = line_col(text, pos);
        return (None, vec![err(line, col, "file contains a NUL byte".into()).with_hint("is this a binary file?")]);
    }
    // The Markdown parser ends a line at a lone `\r`; so does everything else, or the
    // lines of events and diagnostics would disagree (found by fuzzing).
    let normalised = crate::diagnostic::normalise_line_ends(text);
    let text: &str = &normalised;
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(e) => return (None, vec![err(e.line, 1, e.message).with_hint(e.hint)]),
    };
    let fields = match frontmatter::parse_fields(&split) {
        Ok(fields) => fields,
        Err(e) => {
            return (
                None,
                vec![
                    err(e.line, e.column, e.message)
                        .with_hint("check quoting and indentation; values with `:` need quotes"),
                ],
            );
        }
    };
    let mut diagnostics = Vec::new();
    if let Some((line, depth)) = deepest_nesting(split.body, split.body_line) {
        let msg = format!("Markdown is nested {depth} levels deep; the most debrief accepts is {MAX_NESTING}");
        diagnostics.push(err(line, 1, msg).with_hint("flatten the block quotes or lists"));
        return (None, diagnostics);
    }
    let mut v = Validator { file: file.clone(), fields: &fields, diagnostics: &mut diagnostics, front_line: 1 };

    let title = v.required_string("title");
    let severity = v.severity(&ctx.severities);
    let started = v.when("started", true, &ctx.timezone);
    let detected = v.when("detected", false, &ctx.timezone);
    let mitigated = v.when("mitigated", false, &ctx.timezone);
    let resolved = v.when("resolved", false, &ctx.timezone);
    let status = v.status(resolved.is_some());
    v.order(&[("started", started), ("detected", detected), ("mitigated", mitigated), ("resolved", resolved)]);
    let services = v.string_list("services");
    let regions = v.string_list("regions");
    let tags = v.string_list("tags");
    let compliance = v.string_list("compliance");
    let summary = v.optional_string("summary");
    let draft = v.bool("draft");
    let aliases = v.aliases();
    let extra = v.map("extra");
    let slug = v.slug(doc);
    let slug_line = fields.get("slug").map_or(0, |f| f.line);

    let internal: BTreeMap<String, Value> = fields
        .iter()
        .filter(|(key, _)| !KNOWN_FIELDS.contains(&key.as_str()))
        .map(|(key, field)| (key.clone(), field.value.clone()))
        .collect();
    // Source lines, split once, only when some key looks like a typo.
    let mut lines: Option<Vec<&str>> = None;
    for key in internal.keys() {
        if let Some(known) = did_you_mean(key, KNOWN_FIELDS) {
            let field = &fields[key];
            let lines = lines.get_or_insert_with(|| text.lines().collect());
            let column = key_column(lines, field.line, key).unwrap_or(field.column);
            diagnostics.push(
                Diagnostic::warning(
                    file.clone(),
                    field.line,
                    column,
                    format!("unknown field `{key}`: did you mean `{known}`?"),
                )
                .with_hint(format!(
                    "rename it to `{known}`; a field debrief does not know is kept internal and never published"
                )),
            );
        }
    }

    let facts = read_body(split.body, split.body_line, started.as_ref());
    report_timeline(file, &facts, &mut diagnostics);
    let text_facts = match &started {
        Some(started) if status != Some(Status::Ongoing) => facts::derive(
            &facts.timeline,
            split.body,
            split.body_line,
            started,
            [detected.is_some(), mitigated.is_some(), resolved.is_some()],
        ),
        _ => facts::TextFacts::default(),
    };
    for d in &text_facts.derived {
        let source = if d.source == "timeline" { "the timeline" } else { "the text" };
        diagnostics.push(
            Diagnostic::note(
                file.clone(),
                d.line,
                1,
                format!("`{}` derived from {source}: {} (\"{}\")", d.fact.id(), d.when.instant, d.evidence),
            )
            .with_hint(format!("add `{}:` to the front matter to set it yourself", d.fact.id())),
        );
    }
    let derived_value = |fact: Fact| text_facts.derived.iter().find(|d| d.fact == fact).map(|d| d.when);
    let detected = detected.or_else(|| derived_value(Fact::Detected));
    let mitigated = mitigated.or_else(|| derived_value(Fact::Mitigated));
    let resolution_stated = resolved.is_some() || status == Some(Status::Resolved) || text_facts.resolution_stated;
    let resolved = resolved.or_else(|| derived_value(Fact::Resolved));

    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    let (Some(title), Some(severity), Some(started), Some(slug), true) = (title, severity, started, slug, ok) else {
        return (None, diagnostics);
    };
    let postmortem = Postmortem {
        path: doc.path.clone(),
        path_shown: doc.display_path.clone(),
        bundle: doc.bundle.clone(),
        assets: doc.assets.clone(),
        slug,
        slug_line,
        title,
        severity,
        started,
        detected,
        mitigated,
        resolved,
        status,
        derived: text_facts.derived,
        resolution_stated,
        services,
        regions,
        tags,
        compliance,
        summary_explicit: summary.is_some(),
        summary: summary.or(facts.summary),
        draft,
        alias_lines: vec![fields.get("aliases").map_or(1, |f| f.line); aliases.len()],
        aliases,
        extra,
        internal,
        body: split.body.to_string(),
        body_line: split.body_line,
        sections: facts.sections,
        timeline: facts.timeline,
        action_items: facts.action_items,
    };
    (Some(postmortem), diagnostics)
}

/// Warnings for what the timeline could not read, and a note of what it saw.
fn report_timeline(file: &std::path::Path, facts: &crate::markdown::BodyFacts, diagnostics: &mut Vec<Diagnostic>) {
    for (line, label) in &facts.unreadable_times {
        let dated = facts.timeline.iter().any(|e| e.line == *line && e.at.is_some());
        let message = if dated {
            format!("timeline time `{label}` is a placeholder; the event is kept with its date only")
        } else {
            format!("timeline time `{label}` could not be read; the event is kept without a time")
        };
        diagnostics.push(
            Diagnostic::warning(file.to_path_buf(), *line, 1, message)
                .with_hint("write times as `09:12`, `2025-03-14 09:12` or `2025-03-14T09:12:00Z`"),
        );
    }
    for (line, label) in &facts.odd_meridiem {
        diagnostics.push(
            Diagnostic::warning(
                file.to_path_buf(),
                *line,
                1,
                format!("timeline time `{label}` mixes a 24-hour time with AM/PM; read as the 24-hour time"),
            )
            .with_hint("write `13:55` or `1:55 PM`"),
        );
    }
    if !facts.skipped.is_empty() {
        let first = &facts.skipped[0];
        let listed: Vec<String> =
            facts.skipped.iter().take(5).map(|s| format!("line {} `{}` ({})", s.line, s.text, s.reason)).collect();
        let more = facts.skipped.len().saturating_sub(5);
        let read = facts.timeline_candidates.saturating_sub(facts.skipped.len());
        diagnostics.push(
            Diagnostic::warning(
                file.to_path_buf(),
                first.line,
                1,
                format!(
                    "{} lines in the timeline look like events; {read} read; {} skipped: {}{}",
                    facts.timeline_candidates,
                    facts.skipped.len(),
                    listed.join("; "),
                    if more > 0 { format!("; and {more} more") } else { String::new() }
                ),
            )
            .with_hint("start each event with its time: `- 09:12 UTC — what happened` or a `| time | event |` row"),
        );
    }
}

/// The 1-based column (in characters) of `key` on 1-based line `line` of `lines`: where a
/// typo'd key is, rather than its value.
fn key_column(lines: &[&str], line: usize, key: &str) -> Option<usize> {
    let source = lines.get(line.checked_sub(1)?)?;
    let at = source.find(key)?;
    Some(source.get(..at)?.chars().count() + 1)
}

/// Finds the first place where block quotes and list indentation nest deeper than
/// [`MAX_NESTING`]: cheap, line by line, before the Markdown parser sees it.
fn deepest_nesting(body: &str, body_line: usize) -> Option<(usize, usize)> {
    for (i, line) in body.lines().enumerate() {
        let bytes = line.as_bytes();
        let (mut depth, mut spaces, mut at) = (0usize, 0usize, 0usize);
        while at < bytes.len() {
            match bytes[at] {
                b'>' => depth += 1,
                b' ' => spaces += 1,
                b'\t' => spaces += 4,
                b'-' | b'*' | b'+' if bytes.get(at + 1).is_none_or(|b| *b == b' ') => depth += 1,
                _ => break,
            }
            at += 1;
        }
        let depth = depth + spaces / 2;
        if depth > MAX_NESTING {
            return Some((body_line + i, depth));
        }
    }
    None
}

/// Reads typed fields, collecting diagnostics that point at each field.
struct Validator<'a> {
    file: PathBuf,
    fields: &'a Fields,
    diagnostics: &'a mut Vec<Diagnostic>,
    front_line: usize,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

impl Validator<'_> {
    fn error(&mut self, field: &Field, message: String, hint: &str) {
        let mut d = Diagnostic::error(self.file.clone(), field.line, field.column, message);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.diagnostics.push(d);
    }

    fn missing(&mut self, key: &str, hint: &str) {
        self.diagnostics.push(
            Diagnostic::error(self.file.clone(), self.front_line, 1, format!("missing required field `{key}`"))
                .with_hint(hint.to_string()),
        );
    }

    fn required_string(&mut self, key: &str) -> Option<String> {
        match self.fields.get(key) {
            None => {
                self.missing(key, &format!("add `{key}: …` to the front matter"));
                None
            }
            Some(field) => match &field.value {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::String(_) => {
                    self.error(field, format!("`{key}` is empty"), "");
                    None
                }
                other => {
                    self.error(
                        field,
                        format!("`{key}` must be a string, not {}", type_name(other)),
                        "put it in quotes",
                    );
                    None
                }
            },
        }
    }

    fn optional_string(&mut self, key: &str) -> Option<String> {
        let field = self.fields.get(key)?;
        match &field.value {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Null => None,
            other => {
                self.error(field, format!("`{key}` must be a string, not {}", type_name(other)), "put it in quotes");
                None
            }
        }
    }

    fn severity(&mut self, scale: &[String]) -> Option<String> {
        let field = self.fields.get("severity");
        let value = match field.map(|f| &f.value) {
            None => {
                self.missing(
                    "severity",
                    &format!("add `severity: {}` (one of {})", scale.last().map_or("SEV3", |s| s), scale.join(", ")),
                );
                return None;
            }
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                let msg = format!("`severity` must be a string, not {}", type_name(other));
                self.error(field.unwrap_or_else(|| unreachable!()), msg, "");
                return None;
            }
        };
        if let Some(id) = scale.iter().find(|id| id.eq_ignore_ascii_case(&value)) {
            return Some(id.clone());
        }
        let field = field.unwrap_or_else(|| unreachable!());
        let ids: Vec<&str> = scale.iter().map(String::as_str).collect();
        let closest = did_you_mean(&value, &ids).map(|id| format!("did you mean `{id}`? ")).unwrap_or_default();
        self.error(
            field,
            format!("unknown severity `{value}`"),
            &format!("{closest}the configured levels are {}", scale.join(", ")),
        );
        None
    }

    fn when(&mut self, key: &str, required: bool, zone: &TimeZone) -> Option<When> {
        let Some(field) = self.fields.get(key) else {
            if required {
                self.missing(key, &format!("add `{key}: 2025-03-14T09:12:00Z` (RFC 3339) or a date"));
            }
            return None;
        };
        match &field.value {
            Value::Null if !required => None,
            Value::String(s) => match parse_when(s, zone) {
                Ok(when) => Some(when),
                Err(message) => {
                    self.error(
                        field,
                        format!("`{key}`: {message}"),
                        "use RFC 3339, e.g. 2025-03-14T09:12:00Z, or a date like 2025-03-14",
                    );
                    None
                }
            },
            other => {
                let msg = format!("`{key}` must be a date-time, not {}", type_name(other));
                self.error(field, msg, "use RFC 3339, e.g. 2025-03-14T09:12:00Z");
                None
            }
        }
    }

    fn order(&mut self, times: &[(&str, Option<When>)]) {
        let mut latest: Option<(&str, When)> = None;
        for (key, when) in times {
            let Some(when) = when else { continue };
            if let Some((before_key, before)) = latest {
                // Plain dates compare by day: a date-only `started` and a timed `detected`
                // on the same day are in order.
                let backwards = if before.date_only || when.date_only {
                    when.civil().date() < before.civil().date()
                } else {
                    when.instant < before.instant
                };
                if backwards {
                    let field =
                        self.fields.get(*key).cloned().unwrap_or(Field { value: Value::Null, line: 1, column: 1 });
                    self.error(
                        &field,
                        format!("`{key}` ({}) is before `{before_key}` ({})", when.instant, before.instant),
                        "times must not go backwards: started ≤ detected ≤ mitigated ≤ resolved",
                    );
                    continue;
                }
            }
            latest = Some((key, *when));
        }
    }

    fn status(&mut self, has_resolved: bool) -> Option<Status> {
        let field = self.fields.get("status")?.clone();
        let status = match &field.value {
            Value::Null => return None,
            Value::String(s) if s.trim().eq_ignore_ascii_case("ongoing") => Status::Ongoing,
            Value::String(s) if s.trim().eq_ignore_ascii_case("resolved") => Status::Resolved,
            other => {
                let shown = match other {
                    Value::String(s) => format!("`{s}`"),
                    other => type_name(other).to_string(),
                };
                self.error(&field, format!("unknown status {shown}"), "write `status: ongoing` or `status: resolved`");
                return None;
            }
        };
        if status == Status::Ongoing && has_resolved {
            self.error(
                &field,
                "`status: ongoing` but `resolved` is set".into(),
                "remove `resolved` while the incident is ongoing, or write `status: resolved`",
            );
        }
        Some(status)
    }

    fn string_list(&mut self, key: &str) -> Vec<String> {
        let Some(field) = self.fields.get(key) else { return Vec::new() };
        let items: Vec<&Value> = match &field.value {
            Value::Null => return Vec::new(),
            Value::String(_) => vec![&field.value],
            Value::Array(items) => items.iter().collect(),
            other => {
                let msg = format!("`{key}` must be a list of strings, not {}", type_name(other));
                self.error(field, msg, &format!("write `{key}: [a, b]`"));
                return Vec::new();
            }
        };
        let mut out: Vec<String> = Vec::new();
        for item in items {
            match item {
                Value::String(s) if !s.trim().is_empty() => {
                    let s = s.trim().to_string();
                    if s.chars().count() > 80 || s.contains('\n') {
                        self.error(
                            field,
                            format!(
                                "`{key}` value `{}` is too long for a facet (80 characters, one line)",
                                s.chars().take(40).collect::<String>()
                            ),
                            "",
                        );
                    } else if !out.contains(&s) {
                        out.push(s);
                    }
                }
                Value::Number(n) => out.push(n.to_string()),
                other => {
                    let msg = format!("`{key}` must be a list of strings; found {}", type_name(other));
                    self.error(field, msg, "");
                }
            }
        }
        out
    }

    fn bool(&mut self, key: &str) -> bool {
        let Some(field) = self.fields.get(key) else { return false };
        match &field.value {
            Value::Bool(b) => *b,
            Value::Null => false,
            other => {
                let msg = format!("`{key}` must be true or false, not {}", type_name(other));
                self.error(field, msg, &format!("write `{key}: true` or `{key}: false`, without quotes"));
                // Fail closed: something that looks like a draft is not published.
                true
            }
        }
    }

    fn map(&mut self, key: &str) -> BTreeMap<String, Value> {
        let Some(field) = self.fields.get(key) else { return BTreeMap::new() };
        match &field.value {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Value::Null => BTreeMap::new(),
            other => {
                let msg = format!("`{key}` must be a map, not {}", type_name(other));
                self.error(field, msg, "");
                BTreeMap::new()
            }
        }
    }

    fn aliases(&mut self) -> Vec<String> {
        let list = self.string_list("aliases");
        let Some(field) = self.fields.get("aliases").cloned() else { return list };
        let mut out = Vec::new();
        for alias in list {
            let path = alias.trim_start_matches('/');
            let bad = path.is_empty()
                || alias.contains("://")
                || alias.starts_with("//")
                || path.split('/').any(|seg| seg == ".." || seg == ".")
                || path.contains(['\\', '?', '#', '<', '>', '"', ' ']);
            if bad {
                self.error(
                    &field,
                    format!("alias `{alias}` is not a path inside the site"),
                    "write old URLs as paths like /incidents/old-name/",
                );
            } else if path.ends_with('/') || path.ends_with(".html") {
                out.push(path.to_string());
            } else {
                out.push(format!("{path}/"));
            }
        }
        out
    }

    fn slug(&mut self, doc: &crate::parse::SourceDoc) -> Option<String> {
        if let Some(field) = self.fields.get("slug") {
            let Value::String(s) = &field.value else {
                let msg = format!("`slug` must be a string, not {}", type_name(&field.value));
                self.error(field, msg, "");
                return None;
            };
            if let Some(problem) = slug::problem(s) {
                let hint = format!("try `slug: {}`", slug::slugify(s));
                self.error(field, problem, &hint);
                return None;
            }
            return Some(s.clone());
        }
        let stem = match &doc.bundle {
            Some(bundle) => bundle.file_name(),
            None => doc.path.file_stem(),
        }
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
        let made = slug::slugify(&stem);
        if made.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    self.file.clone(),
                    1,
                    1,
                    format!("cannot make a URL name from the file name `{stem}`"),
                )
                .with_hint("add `slug: some-name` to the front matter"),
            );
            return None;
        }
        Some(made)
    }
}
