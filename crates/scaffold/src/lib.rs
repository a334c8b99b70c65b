//! `debrief-scaffold`: what `debrief init` and `debrief new` write.
//!
//! - [`INIT_FILES`]: a working site skeleton (commented `debrief.toml` and
//!   `redaction.toml`, one example postmortem, a `.gitignore` for the output folder, and
//!   the GitHub Pages and GitLab Pages workflows of `docs/publishing/`), embedded with
//!   `include_str!`; [`init`] writes it.
//! - [`BUILTIN_TEMPLATES`]: postmortem bodies (`default`, `google`, `pagerduty`) with every
//!   section debrief recognises, each with a one-line prompt in an HTML comment (comments
//!   are never published); a site adds its own as `<theme>/postmortems/NAME.md`.
//!   [`render`] puts front matter on top; [`write_new`] writes it without overwriting.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One file of the site skeleton: its path relative to the site root and its text.
#[derive(Debug, Clone, Copy)]
pub struct InitFile {
    /// Relative path, `/`-separated.
    pub path: &'static str,
    /// The text.
    pub text: &'static str,
}

/// The site skeleton `debrief init` writes.
pub const INIT_FILES: &[InitFile] = &[
    InitFile { path: "debrief.toml", text: include_str!("../files/init/debrief.toml") },
    InitFile { path: "redaction.toml", text: include_str!("../files/init/redaction.toml") },
    InitFile { path: ".gitignore", text: include_str!("../files/init/gitignore") },
    InitFile {
        path: "content/search-results-delayed-index-migration.md",
        text: include_str!("../files/init/content/search-results-delayed-index-migration.md"),
    },
    InitFile {
        path: ".github/workflows/incident-history.yml",
        text: include_str!("../../../docs/publishing/github-pages.yml"),
    },
    InitFile { path: ".gitlab-ci.yml", text: include_str!("../../../docs/publishing/gitlab-ci.yml") },
];

/// The built-in postmortem templates, by name. `default` is used without `--template`.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("default", include_str!("../files/templates/default.md")),
    ("google", include_str!("../files/templates/google.md")),
    ("pagerduty", include_str!("../files/templates/pagerduty.md")),
];

/// Where a site's own templates live, inside its theme folder.
pub const THEME_TEMPLATES_DIR: &str = "postmortems";

/// Why `init` or `new` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The target folder has files and `--force` was not given.
    #[error("{} is not empty ({} found)", .dir.display(), .example.display())]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
        /// One of the files in it.
        example: PathBuf,
    },
    /// The postmortem exists already.
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    /// No template of that name.
    #[error("no postmortem template `{name}`; known: {known}")]
    UnknownTemplate {
        /// The name asked for.
        name: String,
        /// The names there are, comma-separated.
        known: String,
    },
    /// Reading or writing failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ScaffoldError + '_ {
    move |source| ScaffoldError::Io { path: path.to_path_buf(), source }
}

/// Writes the site skeleton into `dir` (created if missing). A folder with anything in it
/// is refused unless `force`, which overwrites the skeleton's files and leaves every other
/// file alone. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !force
        && let Ok(mut entries) = std::fs::read_dir(dir)
        && let Some(entry) = entries.next()
    {
        let entry = entry.map_err(io(dir))?;
        return Err(ScaffoldError::NotEmpty { dir: dir.to_path_buf(), example: entry.path() });
    }
    let mut written = Vec::new();
    for file in INIT_FILES {
        let path = dir.join(file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, file.text).map_err(io(&path))?;
        written.push(PathBuf::from(file.path));
    }
    Ok(written)
}

/// The template `name`: the site's `<theme>/postmortems/<name>.md` when it exists (it wins
/// over a built-in of the same name), else a built-in.
pub fn template(name: &str, theme_dir: Option<&Path>) -> Result<String, ScaffoldError> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid && let Some(theme) = theme_dir {
        let path = theme.join(THEME_TEMPLATES_DIR).join(format!("{name}.md"));
        match std::fs::read_to_string(&path) {
            Ok(text) => return Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(ScaffoldError::Io { path, source: e }),
        }
    }
    if let Some((_, text)) = BUILTIN_TEMPLATES.iter().find(|(n, _)| *n == name) {
        return Ok((*text).to_string());
    }
    let mut known: Vec<String> = BUILTIN_TEMPLATES.iter().map(|(n, _)| (*n).to_string()).collect();
    if let Some(theme) = theme_dir
        && let Ok(entries) = std::fs::read_dir(theme.join(THEME_TEMPLATES_DIR))
    {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md")
                && let Some(stem) = path.file_stem()
            {
                known.push(stem.to_string_lossy().into_owned());
            }
        }
    }
    known.sort();
    known.dedup();
    Err(ScaffoldError::UnknownTemplate { name: name.to_string(), known: known.join(", ") })
}

/// What goes into the front matter of a new postmortem.
#[derive(Debug, Clone)]
pub struct NewPostmortem<'a> {
    /// The title as typed.
    pub title: &'a str,
    /// A severity id of the site's scale.
    pub severity: &'a str,
    /// Every severity id, for the comment beside `severity`.
    pub severities: &'a [String],
    /// "Now".
    pub now: Timestamp,
    /// The site's zone: `started` is written in it.
    pub timezone: &'a TimeZone,
}

/// The text of a new postmortem: front matter (title, severity, `started` set to now in
/// the site's zone to the minute, commented `detected` / `mitigated` / `resolved`, empty
/// facets, `draft: true`), then the template's body.
///
/// A template may start with its own front matter (`---` … `---`): its lines are added to
/// the generated ones. In the body, `{{date}}` and `{{time}}` become the start's date
/// (`2025-03-14`) and time (`09:12`) in the site's zone.
pub fn render(new: &NewPostmortem<'_>, template: &str) -> String {
    let offset = new.timezone.to_offset(new.now);
    let civil = offset.to_datetime(new.now);
    let zone = match offset.seconds() {
        0 => "Z".to_string(),
        secs => {
            let sign = if secs < 0 { '-' } else { '+' };
            let minutes = secs.unsigned_abs() / 60;
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    };
    let started = format!("{}{zone}", civil.strftime("%Y-%m-%dT%H:%M:00"));
    let date = civil.strftime("%Y-%m-%d").to_string();
    let time = civil.strftime("%H:%M").to_string();
    let (extra_front, body) = split_template(template);
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(new.title)));
    out.push_str(&format!("severity: {}  # one of {}\n", new.severity, new.severities.join(", ")));
    out.push_str(&format!("started: {started}  # when impact began\n"));
    out.push_str(&format!("# detected: {started}\n# mitigated: {started}\n# resolved: {started}\n"));
    out.push_str("services: []\nregions: []\ntags: []\n");
    out.push_str("draft: true  # never published; remove once the postmortem is reviewed\n");
    out.push_str(extra_front);
    out.push_str("---\n\n");
    out.push_str(&body.trim_start_matches('\n').replace("{{date}}", &date).replace("{{time}}", &time));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A template's own front matter lines (with their newline) and its body.
fn split_template(template: &str) -> (&str, &str) {
    let template = template.strip_prefix('\u{feff}').unwrap_or(template);
    if let Some(rest) = template.strip_prefix("---\n").or_else(|| template.strip_prefix("---\r\n")) {
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == "---" {
                return (&rest[..offset], &rest[offset + line.len()..]);
            }
            offset += line.len();
        }
    }
    ("", template)
}

/// A YAML double-quoted string on one line (JSON's escapes are valid YAML): line breaks
/// become spaces, other control characters `\uXXXX` escapes. `debrief import` writes its
/// front matter values with it too.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where a new postmortem goes: `<dir>/<slug>.md`, or `<dir>/<slug>/index.md` for a
/// bundle. Either one existing counts as taken (they would have the same URL).
pub fn new_path(dir: &Path, slug: &str, bundle: bool) -> Result<PathBuf, ScaffoldError> {
    let file = dir.join(format!("{slug}.md"));
    let folder = dir.join(slug);
    for taken in [&file, &folder] {
        if taken.exists() {
            return Err(ScaffoldError::Exists(taken.clone()));
        }
    }
    Ok(if bundle { folder.join("index.md") } else { file })
}

/// Writes `text` to `path`, creating folders, never replacing an existing file.
pub fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            ScaffoldError::Exists(path.to_path_buf())
        } else {
            ScaffoldError::Io { path: path.to_path_buf(), source: e }
        }
    })?;
    file.write_all(text.as_bytes()).map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use debrief_content::{ParseContext, SectionKind, SourceDoc, parse_postmortem};

    fn rendered(template: &str) -> String {
        let severities = vec!["SEV1".to_string(), "SEV2".to_string()];
        let new = NewPostmortem {
            title: "A \"quoted\" title: with colon\\",
            severity: "SEV2",
            severities: &severities,
            now: "2025-03-14T09:12:45Z".parse().expect("time"),
            timezone: &TimeZone::get("America/New_York").expect("zone"),
        };
        render(&new, template)
    }

    #[test]
    fn every_builtin_template_has_every_recognised_section_and_an_action_item() {
        let all = [
            SectionKind::Summary,
            SectionKind::Impact,
            SectionKind::Timeline,
            SectionKind::RootCause,
            SectionKind::ContributingFactors,
            SectionKind::Detection,
            SectionKind::Resolution,
            SectionKind::FiveWhys,
            SectionKind::ActionItems,
            SectionKind::LessonsLearned,
        ];
        for (name, template) in BUILTIN_TEMPLATES {
            let text = rendered(template);
            let doc = SourceDoc {
                path: "a.md".into(),
                display_path: "a.md".into(),
                bytes: text.clone().into(),
                bundle: None,
                assets: vec![],
            };
            let (pm, diagnostics) = parse_postmortem(&doc, &ParseContext::default());
            let pm = pm.unwrap_or_else(|| panic!("{name}: {diagnostics:?}"));
            assert!(diagnostics.iter().all(|d| !d.is_error()), "{name}: {diagnostics:?}");
            assert_eq!(pm.title, "A \"quoted\" title: with colon\\");
            for kind in all {
                assert!(pm.section(kind).is_some(), "{name} has no {kind:?} section");
            }
            assert_eq!(pm.action_items.len(), 1, "{name}");
            // The timeline's first event is "now", in the site's zone (EDT in March 14).
            assert_eq!(
                pm.timeline.first().and_then(|e| e.at).map(|t| t.to_string()),
                Some("2025-03-14T09:12:00Z".into()),
                "{name}"
            );
            assert!(pm.draft, "{name}");
            // A prompt under every heading (or under each of its sub-headings).
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.starts_with("##")) {
                let next = lines.get(i + 1).copied().unwrap_or_default();
                assert!(next.starts_with("<!--") || next.starts_with("###"), "{name}: no prompt under {line}");
            }
        }
    }

    #[test]
    fn started_is_now_in_the_site_zone_to_the_minute() {
        let text = rendered(BUILTIN_TEMPLATES[0].1);
        assert!(text.contains("\nstarted: 2025-03-14T05:12:00-04:00  # when impact began\n"), "{text}");
        assert!(text.contains("- 05:12 — "), "{text}");
    }

    #[test]
    fn init_refuses_a_non_empty_folder_and_new_never_overwrites() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("x"), "x").expect("write");
        assert!(matches!(init(dir.path(), false), Err(ScaffoldError::NotEmpty { .. })));
        assert_eq!(init(dir.path(), true).expect("forced").len(), INIT_FILES.len());
        let path = new_path(dir.path(), "a", false).expect("free");
        write_new(&path, "one").expect("written");
        assert!(matches!(new_path(dir.path(), "a", true), Err(ScaffoldError::Exists(_))));
        assert!(matches!(write_new(&path, "two"), Err(ScaffoldError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "one");
    }
}
