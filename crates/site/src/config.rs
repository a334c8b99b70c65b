//! `debrief.toml`: the site configuration. The struct is the reference: every field is
//! documented here, unknown keys are an error with a "did you mean" hint.

use debrief_content::Diagnostic;
use debrief_content::diagnostic::line_col;
use jiff::tz::TimeZone;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name of the configuration file in a site root.
pub const CONFIG_FILE: &str = "debrief.toml";

/// One level of the severity scale.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Severity {
    /// The id written in front matter (`SEV1`).
    pub id: String,
    /// The label shown next to it (`Critical`).
    pub label: String,
}

/// The site configuration, as written in `debrief.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header, the feeds and the browser tab.
    pub title: String,
    /// Absolute URL the site is published at; may include a path (`https://x.example/status/`).
    pub base_url: String,
    /// One sentence about the site, for the home page, meta tags and feeds.
    #[serde(default)]
    pub description: String,
    /// BCP 47 language tag of the content (`en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// IANA time zone in which times are shown (`UTC`, `Europe/Paris`).
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Folder of postmortems, relative to the root.
    #[serde(default = "default_content")]
    pub content: PathBuf,
    /// Output folder, relative to the root.
    #[serde(default = "default_output")]
    pub output: PathBuf,
    /// Redaction rules file, relative to the root. When not set, `redaction.toml` is used if
    /// it exists, else the built-in detectors alone; a file named here must exist.
    #[serde(default)]
    pub redaction: Option<PathBuf>,
    /// Optional folder whose `templates/` and `static/` files replace their embedded twins.
    #[serde(default)]
    pub theme: Option<PathBuf>,
    /// The severity scale, most severe first.
    #[serde(default = "default_severities")]
    pub severity: Vec<Severity>,
    /// Review lints of `debrief check`, each on (the default) or off: `[lint]` with
    /// `missing-section`, `action-owner`, `timeline-order`, `stale-unresolved`, `blame`,
    /// `placeholder` (see `debrief_lint`). Lints never change what is built.
    #[serde(default)]
    pub lint: debrief_lint::LintConfig,
    /// `debrief import`: `[import.severity]` maps a source's impact or severity word
    /// (`major`, `down`), or `format.word` (`"cstate.down"`), to a level of the scale.
    #[serde(default)]
    pub import: ImportConfig,
}

/// The `[import]` table of `debrief.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ImportConfig {
    /// Source word → severity id (checked against the scale when importing).
    #[serde(default)]
    pub severity: std::collections::BTreeMap<String, String>,
}

fn default_language() -> String {
    "en".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_content() -> PathBuf {
    "content".into()
}
fn default_output() -> PathBuf {
    "public".into()
}

/// The default scale: SEV1 Critical … SEV4 Low.
pub fn default_severities() -> Vec<Severity> {
    [("SEV1", "Critical"), ("SEV2", "Major"), ("SEV3", "Minor"), ("SEV4", "Low")]
        .into_iter()
        .map(|(id, label)| Severity { id: id.into(), label: label.into() })
        .collect()
}

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "timezone",
    "content",
    "output",
    "redaction",
    "theme",
    "severity",
    "lint",
    "import",
];

/// A loaded configuration with the values derived from it.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// As written.
    pub config: Config,
    /// The folder holding `debrief.toml`.
    pub root: PathBuf,
    /// Parsed display time zone.
    pub timezone: TimeZone,
    /// The same zone as the timelines take it (offsets between transitions).
    pub zone: debrief_timeline::Zone,
    /// `base_url` with a trailing slash.
    pub base_url: String,
    /// The path part of `base_url`, with leading and trailing slash (`/history/`).
    pub base_path: String,
    /// A preview build (`--preview`, or a base URL other than the configured one): every
    /// page `noindex`, a visible banner, no sitemap, `robots.txt` disallowing all.
    pub preview: bool,
    /// The configured `base_url` (normalised), whatever `--base-url` says: the public site.
    pub public_base_url: String,
}

impl SiteConfig {
    /// The content folder, absolute or relative to the working directory.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.config.content)
    }
    /// The redaction rules file, and whether the configuration names it explicitly.
    pub fn redaction_file(&self) -> (PathBuf, bool) {
        match &self.config.redaction {
            Some(path) => (self.root.join(path), true),
            None => (self.root.join("redaction.toml"), false),
        }
    }
    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.output)
    }
    /// Severity ids, most severe first.
    pub fn severity_ids(&self) -> Vec<String> {
        self.config.severity.iter().map(|s| s.id.clone()).collect()
    }
    /// Replaces the base URL (`--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base_url, base_path) = split_base_url(url)?;
        self.config.base_url = url.to_string();
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// Loads `root/debrief.toml`. Errors are diagnostics naming the line of the problem.
pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![
            Diagnostic::error(&shown, 1, 1, format!("cannot read {}: {e}", path.display()))
                .with_hint("run debrief in the folder that holds debrief.toml, or pass --root DIR"),
        ]
    })?;
    parse(&text, root, &shown)
}

/// Parses configuration text (for tests and `load`).
pub fn parse(text: &str, root: &Path, shown: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        let message = e.message().lines().next().unwrap_or("invalid configuration").to_string();
        let mut d = Diagnostic::error(shown, line, column, format!("invalid {CONFIG_FILE}: {message}"));
        if let Some(hint) = unknown_key_hint(&message) {
            d = d.with_hint(hint);
        }
        vec![d]
    })?;
    let mut problems = Vec::new();
    let at = |key: &str| find_key(text, key);
    let timezone = match TimeZone::get(&config.timezone) {
        Ok(tz) => Some(tz),
        Err(_) => {
            let (line, col) = at("timezone");
            problems.push(
                Diagnostic::error(shown, line, col, format!("unknown time zone `{}`", config.timezone))
                    .with_hint("use an IANA zone name such as `UTC`, `Europe/London` or `America/New_York`"),
            );
            None
        }
    };
    let base = match split_base_url(&config.base_url) {
        Ok(base) => Some(base),
        Err(message) => {
            let (line, col) = at("base_url");
            problems.push(
                Diagnostic::error(shown, line, col, message)
                    .with_hint("write it like https://status.example.com/history/"),
            );
            None
        }
    };
    if config.title.trim().is_empty() {
        let (line, col) = at("title");
        problems.push(Diagnostic::error(shown, line, col, "`title` is empty"));
    }
    if config.severity.is_empty() {
        let (line, col) = at("severity");
        problems.push(
            Diagnostic::error(shown, line, col, "the severity scale is empty")
                .with_hint("remove the `[[severity]]` tables to use SEV1–SEV4"),
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for sev in &config.severity {
        let bad = sev.id.is_empty() || !sev.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if bad || !seen.insert(sev.id.to_ascii_lowercase()) {
            let (line, col) = find_value(text, &sev.id);
            problems.push(Diagnostic::error(
                shown,
                line,
                col,
                format!(
                    "severity id `{}` is empty, repeated or has characters other than letters, digits, `-` and `_`",
                    sev.id
                ),
            ));
        }
    }
    match (timezone, base, problems.is_empty()) {
        (Some(timezone), Some((base_url, base_path)), true) => {
            let zone = debrief_timeline::Zone::from_jiff(&timezone);
            Ok(SiteConfig {
                config,
                root: root.to_path_buf(),
                timezone,
                zone,
                public_base_url: base_url.clone(),
                base_url,
                base_path,
                preview: false,
            })
        }
        _ => Err(problems),
    }
}

/// `https://x.example/a/b` → (`https://x.example/a/b/`, `/a/b/`).
fn split_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`base_url` must start with https:// or http://, got `{url}`"))?;
    if rest.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err(format!("`base_url` may not contain a query, fragment, space or quote: `{url}`"));
    }
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(format!("`base_url` has no host: `{url}`"));
    }
    let path = path.trim_matches('/');
    if path.split('/').any(|seg| seg == ".." || seg == ".") {
        return Err(format!("`base_url` path may not contain `.` or `..`: `{url}`"));
    }
    let base_path = if path.is_empty() { "/".to_string() } else { format!("/{path}/") };
    let scheme = if url.starts_with("https://") { "https://" } else { "http://" };
    Ok((format!("{scheme}{host}{base_path}"), base_path))
}

fn unknown_key_hint(message: &str) -> Option<String> {
    // toml/serde: "unknown field `titel`, expected one of `title`, …"
    let rest = message.strip_prefix("unknown field `")?;
    let key = &rest[..rest.find('`')?];
    let candidates: Vec<&str> = if message.contains("`label`") && !message.contains("`base_url`") {
        vec!["id", "label"]
    } else if message.contains("`missing-section`") {
        debrief_lint::RULES.to_vec()
    } else {
        TOP_KEYS.to_vec()
    };
    Some(match debrief_content::diagnostic::did_you_mean(key, &candidates) {
        Some(c) => format!("did you mean `{c}`? known keys: {}", candidates.join(", ")),
        None => format!("known keys: {}", candidates.join(", ")),
    })
}

fn find_key(text: &str, key: &str) -> (usize, usize) {
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return (i + 1, line.len() - t.len() + 1);
        }
        if key == "severity" && t.starts_with("[[severity]]") {
            return (i + 1, 1);
        }
    }
    (1, 1)
}

fn find_value(text: &str, value: &str) -> (usize, usize) {
    let needle = format!("\"{value}\"");
    text.find(&needle).map_or((1, 1), |i| line_col(text, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        parse(text, Path::new("."), Path::new(CONFIG_FILE))
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse_str("title = \"T\"\nbase_url = \"https://x.example/history\"\n").unwrap();
        assert_eq!(c.base_url, "https://x.example/history/");
        assert_eq!(c.base_path, "/history/");
        assert_eq!(c.config.content, PathBuf::from("content"));
        assert_eq!(c.severity_ids(), ["SEV1", "SEV2", "SEV3", "SEV4"]);
    }

    #[test]
    fn unknown_key_has_did_you_mean() {
        let errs = parse_str("title = \"T\"\nbase_url = \"https://x.example/\"\ntimezon = \"UTC\"\n").unwrap_err();
        assert_eq!(errs[0].line, 3, "{errs:?}");
        assert!(errs[0].message.contains("unknown field `timezon`"), "{errs:?}");
        assert!(errs[0].hint.as_deref().unwrap().starts_with("did you mean `timezone`?"), "{errs:?}");
    }

    #[test]
    fn bad_values_are_all_reported() {
        let errs = parse_str("title = \"T\"\nbase_url = \"ftp://x\"\ntimezone = \"Mars/Olympus\"\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!((errs[0].line, errs[1].line), (3, 2));
    }

    #[test]
    fn lint_rules_turn_off_and_unknown_ones_have_did_you_mean() {
        let c = parse_str("title = \"T\"\nbase_url = \"https://x.example/\"\n[lint]\nblame = false\n").unwrap();
        assert!(!c.config.lint.blame && c.config.lint.action_owner, "{:?}", c.config.lint);
        let errs = parse_str("title = \"T\"\nbase_url = \"https://x.example/\"\n[lint]\nblme = false\n").unwrap_err();
        assert_eq!(errs[0].line, 4, "{errs:?}");
        assert!(errs[0].hint.as_deref().unwrap().starts_with("did you mean `blame`?"), "{errs:?}");
        let errs = parse_str("title = \"T\"\nbase_url = \"https://x.example/\"\n[lnt]\nblame = false\n").unwrap_err();
        assert!(errs[0].hint.as_deref().unwrap().starts_with("did you mean `lint`?"), "{errs:?}");
    }

    #[test]
    fn root_base_url() {
        let c = parse_str("title = \"T\"\nbase_url = \"https://x.example\"\n").unwrap();
        assert_eq!((c.base_url.as_str(), c.base_path.as_str()), ("https://x.example/", "/"));
    }
}
