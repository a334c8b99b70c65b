//! What an import writes: each incident gets a file `<year>/<slug>.md` in the content
//! folder, unique and stable, and an action (create, update, leave, keep an edited file).
//!
//! - A file that records the same source and id (`imported: {from, id}`) is the
//!   incident's file: its path is kept, whatever the title says now.
//! - A new incident takes the slug of its title; when another file (imported or not)
//!   has it, the start date is added, then the source id, then a number: incidents are
//!   taken in order of start, then id, so the same source always gives the same names.
//! - A file whose content no longer matches the hash it records was edited since the
//!   import: it is kept unless `force`.
//!
//! Every file is validated with debrief's own parser before anything is written; one that
//! does not pass (never expected) is left out and listed, not written.

use crate::model::{Format, Parsed, Skipped};
use crate::render::{self, RECORD_KEY, is_unedited};
use crate::severity::SeverityMap;
use crate::time;
use debrief_content::frontmatter;
use debrief_content::slug::{MAX_LEN, slugify};
use debrief_content::{ParseContext, Postmortem, SourceDoc, parse_postmortem};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest slug made from a title (room is left for a date and an id).
const TITLE_SLUG_MAX: usize = 80;

/// A Markdown file already in the content folder.
#[derive(Debug, Clone)]
pub struct Existing {
    /// Path relative to the content folder.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A new file.
    Create,
    /// The file of an earlier import, unedited: replaced with the new text.
    Update,
    /// The file is already exactly this: nothing to do.
    Unchanged,
    /// The file was edited since the import: kept as it is (no `--force`).
    Kept,
    /// The file was edited since the import and `--force` replaces it.
    Overwrite,
}

impl Action {
    /// Whether the file is (re)written.
    pub fn writes(self) -> bool {
        matches!(self, Self::Create | Self::Update | Self::Overwrite)
    }
}

/// One incident's file.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Path relative to the content folder.
    pub path: PathBuf,
    /// The postmortem's text.
    pub text: String,
    /// What happens to it.
    pub action: Action,
    /// Where the incident is in the source.
    pub origin: String,
    /// The severity it was given.
    pub severity: String,
    /// What could not be mapped.
    pub problems: Vec<String>,
    /// The postmortem as debrief reads it (for the redaction count).
    pub postmortem: Postmortem,
    /// Updates in the source.
    pub updates: usize,
}

/// The whole import.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// One file per incident, in order of start.
    pub files: Vec<Planned>,
    /// Source entries left out, and why.
    pub skipped: Vec<Skipped>,
}

/// How to plan.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The severity mapping.
    pub severities: &'a SeverityMap,
    /// What debrief's parser needs from the site (its levels and zone).
    pub ctx: &'a ParseContext,
    /// The content folder as messages show it (`content`).
    pub content_shown: &'a Path,
    /// Replace files edited since the last import.
    pub force: bool,
}

/// The import record and slug of an existing file.
struct Known {
    record: Option<(String, String)>,
    slug: String,
}

fn known(file: &Existing) -> Known {
    let stem = if file.path.file_name().is_some_and(|n| n == "index.md") {
        file.path.parent().and_then(Path::file_name)
    } else {
        file.path.file_stem()
    };
    let mut slug = slugify(&stem.map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let mut record = None;
    if let Ok(split) = frontmatter::split(&file.text)
        && let Ok(fields) = frontmatter::parse_fields(&split)
    {
        if let Some(Value::String(s)) = fields.get("slug").map(|f| &f.value) {
            slug = s.clone();
        }
        if let Some(Value::Object(map)) = fields.get(RECORD_KEY).map(|f| &f.value) {
            let text = |k: &str| match map.get(k) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            if let (Some(from), Some(id)) = (text("from"), text("id")) {
                record = Some((from, id));
            }
        }
    }
    Known { record, slug }
}

/// Plans the import of `parsed` into a content folder holding `existing`.
pub fn plan(parsed: Parsed, existing: &[Existing], opts: &Options<'_>) -> Plan {
    let mut skipped = parsed.skipped;
    let mut incidents = Vec::new();
    let mut ids: BTreeSet<(Format, String)> = BTreeSet::new();
    for incident in parsed.incidents {
        if ids.insert((incident.format, incident.id.clone())) {
            incidents.push(incident);
        } else {
            skipped.push(Skipped { origin: incident.origin, reason: format!("duplicate id `{}`", incident.id) });
        }
    }
    incidents.sort_by(|a, b| a.started.cmp(&b.started).then_with(|| a.id.cmp(&b.id)));

    let known: Vec<Known> = existing.iter().map(known).collect();
    let wanted: BTreeSet<(String, String)> = ids.iter().map(|(f, id)| (f.id().to_string(), id.clone())).collect();
    let owned: BTreeMap<(String, String), usize> = known
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.record.clone().map(|r| (r, i)))
        .filter(|(r, _)| wanted.contains(r))
        .collect();
    let by_path: BTreeMap<&Path, &Existing> = existing.iter().map(|e| (e.path.as_path(), e)).collect();
    let mut taken_slugs: BTreeSet<String> = BTreeSet::new();
    let mut taken_paths: BTreeSet<PathBuf> = existing.iter().map(|e| e.path.clone()).collect();
    for (i, k) in known.iter().enumerate() {
        let mine = k.record.as_ref().is_some_and(|r| owned.get(r) == Some(&i));
        if !mine {
            taken_slugs.insert(k.slug.clone());
        }
    }
    // Files of earlier imports keep their names; new incidents are named after.
    let mut paths: Vec<Option<PathBuf>> = vec![None; incidents.len()];
    for (n, incident) in incidents.iter().enumerate() {
        if let Some(&i) = owned.get(&(incident.format.id().to_string(), incident.id.clone())) {
            taken_slugs.insert(known[i].slug.clone());
            paths[n] = Some(existing[i].path.clone());
        }
    }
    for (n, incident) in incidents.iter().enumerate() {
        if paths[n].is_some() {
            continue;
        }
        let year = time::year(incident.started, &incident.zone);
        let date = incident.zone.to_offset(incident.started).to_datetime(incident.started).date();
        let slug = free_slug(&incident.title, &date.to_string(), &incident.id, |slug| {
            !taken_slugs.contains(slug) && !taken_paths.contains(&PathBuf::from(format!("{year}/{slug}.md")))
        });
        taken_slugs.insert(slug.clone());
        let path = PathBuf::from(format!("{year}/{slug}.md"));
        taken_paths.insert(path.clone());
        paths[n] = Some(path);
    }

    let mut files = Vec::with_capacity(incidents.len());
    for (incident, path) in incidents.into_iter().zip(paths) {
        let path = path.unwrap_or_default();
        let (severity, note) = opts.severities.map(incident.format, &incident.level);
        let mut problems = incident.problems.clone();
        problems.extend(note);
        let text = render::render(&incident, &severity);
        let shown = opts.content_shown.join(&path);
        let doc = SourceDoc {
            path: path.clone(),
            display_path: shown.clone(),
            bytes: text.clone().into_bytes(),
            bundle: None,
            assets: vec![],
        };
        let (postmortem, diagnostics) = parse_postmortem(&doc, opts.ctx);
        let postmortem = match (postmortem, diagnostics.iter().find(|d| d.is_error())) {
            (Some(pm), None) => pm,
            (_, first) => {
                // Never expected (the writer's output is valid by construction), but one
                // odd entry must not stop a history of thousands: it is left out and listed.
                let message = first.map_or_else(|| "it could not be read".to_string(), |d| d.message.clone());
                skipped.push(Skipped {
                    origin: incident.origin,
                    reason: format!("the postmortem written for it does not pass validation ({message})"),
                });
                continue;
            }
        };
        if postmortem.timeline.len() != incident.updates.len() && !incident.updates.is_empty() {
            problems.push(format!(
                "{} updates, {} timeline events (the postmortem has a timeline of its own)",
                incident.updates.len(),
                postmortem.timeline.len()
            ));
        }
        let action = match by_path.get(path.as_path()) {
            None => Action::Create,
            Some(file) if file.text == text => Action::Unchanged,
            Some(file) if is_unedited(&file.text) == Some(true) => Action::Update,
            Some(_) if opts.force => Action::Overwrite,
            Some(_) => Action::Kept,
        };
        files.push(Planned {
            path,
            text,
            action,
            origin: incident.origin,
            severity,
            problems,
            postmortem,
            updates: incident.updates.len(),
        });
    }
    Plan { files, skipped }
}

/// The first free slug for a title: `title`, `title-2024-03-01`, `title-2024-03-01-<id>`,
/// then `title-2024-03-01-2`, `-3`…
fn free_slug(title: &str, date: &str, id: &str, free: impl Fn(&str) -> bool) -> String {
    let mut base = slugify(title);
    if base.len() > TITLE_SLUG_MAX {
        let cut = base[..TITLE_SLUG_MAX].rfind('-').filter(|&i| i > TITLE_SLUG_MAX / 2).unwrap_or(TITLE_SLUG_MAX);
        base.truncate(cut);
    }
    if base.is_empty() || base == "index" {
        base = format!("incident{}", if base.is_empty() { "" } else { "-index" });
    }
    let id_slug: String = slugify(id).chars().rev().take(20).collect::<String>().chars().rev().collect();
    let id_slug = id_slug.trim_matches('-').to_string();
    let dated = format!("{base}-{date}");
    let mut candidates = vec![base.clone(), dated.clone()];
    if !id_slug.is_empty() {
        candidates.push(format!("{dated}-{id_slug}"));
    }
    for candidate in candidates {
        if candidate.len() <= MAX_LEN && free(&candidate) {
            return candidate;
        }
    }
    (2..).map(|n| format!("{dated}-{n}")).find(|c| free(c)).unwrap_or(dated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Incident, State, Update};
    use jiff::tz::TimeZone;

    fn incident(id: &str, title: &str, started: &str) -> Incident {
        let at: jiff::Timestamp = started.parse().expect("ts");
        Incident {
            format: Format::Statuspage,
            id: id.into(),
            origin: format!("incidents[{id}]"),
            title: title.into(),
            level: "minor".into(),
            started: at,
            detected: None,
            mitigated: None,
            resolved: None,
            state: State::Ongoing,
            services: vec![],
            updates: vec![Update { at, status: Some("Investigating".into()), body: "Looking.".into() }],
            postmortem: None,
            notes: None,
            extra: BTreeMap::new(),
            zone: TimeZone::UTC,
            problems: vec![],
        }
    }

    fn run(incidents: Vec<Incident>, existing: &[Existing], force: bool) -> Plan {
        let severities =
            SeverityMap::new(vec!["SEV1".into(), "SEV2".into(), "SEV3".into(), "SEV4".into()], &BTreeMap::new())
                .expect("map");
        let ctx = ParseContext::default();
        let opts = Options { severities: &severities, ctx: &ctx, content_shown: Path::new("content"), force };
        plan(Parsed { incidents, skipped: vec![] }, existing, &opts)
    }

    fn paths(plan: &Plan) -> Vec<String> {
        plan.files.iter().map(|f| f.path.display().to_string()).collect()
    }

    #[test]
    fn duplicate_titles_get_unique_stable_names_in_start_order() {
        let list = || {
            vec![
                incident("b", "API errors", "2024-03-02T10:00:00Z"),
                incident("a", "API errors", "2024-03-01T10:00:00Z"),
                incident("c", "API errors", "2024-03-01T12:00:00Z"),
                incident("d", "🛑", "2023-12-31T23:00:00Z"),
            ]
        };
        let first = run(list(), &[], false);
        assert_eq!(
            paths(&first),
            [
                "2023/incident.md",
                "2024/api-errors.md",
                "2024/api-errors-2024-03-01.md",
                "2024/api-errors-2024-03-02.md"
            ]
        );
        // A hand-written postmortem with the slug pushes the import aside.
        let mine = Existing { path: "2020/api-errors.md".into(), text: "---\ntitle: Mine\n---\n".into() };
        assert_eq!(paths(&run(list(), &[mine], false))[1], "2024/api-errors-2024-03-01.md");
        // Re-import: the files are found again by their record, and are unchanged.
        let existing: Vec<Existing> =
            first.files.iter().map(|f| Existing { path: f.path.clone(), text: f.text.clone() }).collect();
        let again = run(list(), &existing, false);
        assert_eq!(paths(&again), paths(&first));
        assert!(again.files.iter().all(|f| f.action == Action::Unchanged));
    }

    #[test]
    fn edited_files_are_kept_unless_forced_and_unedited_ones_update() {
        let first = run(vec![incident("a", "API errors", "2024-03-01T10:00:00Z")], &[], false);
        let written = &first.files[0];
        let mut changed = incident("a", "API errors (renamed)", "2024-03-01T10:00:00Z");
        changed.level = "critical".into();
        let unedited = [Existing { path: written.path.clone(), text: written.text.clone() }];
        let update = run(vec![changed.clone()], &unedited, false);
        assert_eq!((update.files[0].action, update.files[0].path.clone()), (Action::Update, written.path.clone()));
        assert_eq!(update.files[0].severity, "SEV1");
        let edited = [Existing { path: written.path.clone(), text: written.text.replace("Looking.", "Looking hard.") }];
        assert_eq!(run(vec![changed.clone()], &edited, false).files[0].action, Action::Kept);
        assert_eq!(run(vec![changed], &edited, true).files[0].action, Action::Overwrite);
    }
}
