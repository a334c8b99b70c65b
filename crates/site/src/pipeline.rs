//! The build: load the configuration and the content, redact, render every page and
//! machine output through the leak scanner into a staging folder, then swap it in. Also
//! `check`: the same steps, rendered and scanned in memory, nothing written — so `check`
//! passes exactly when `build` would.

use crate::charts;
use crate::config::{self, SiteConfig};
use crate::feeds;
use crate::links::LinkMap;
use crate::markdown::body_to_html;
use crate::model::{FacetKind, IncidentView, Views};
use crate::output::Output;
use crate::theme::{Theme, template_error};
use crate::timings::{Phase, Timings, TimingsReport};
use debrief_content::{Diagnostic, Library, ParseContext, Postmortem};
use debrief_redact::{DocumentRedactor, LeakScanner, RedactionConfig};
use minijinja::Environment;
use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::Digest;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Folder holding `debrief.toml`.
    pub root: PathBuf,
    /// Output folder instead of the configured one.
    pub out: Option<PathBuf>,
    /// Base URL instead of the configured one.
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// A preview build (also implied by a `base_url` other than the configured one).
    pub preview: bool,
    /// Write `.gz` twins of text files for hosts that serve them.
    pub precompress: bool,
}

/// Why a build or check did not succeed. The exit code follows from the variant.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// Invalid content or configuration (exit 1); diagnostics say where.
    #[error("{} error(s) in content or configuration", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// The theme's templates failed (exit 1).
    #[error("theme: {0}")]
    Theme(String),
    /// Usage or I/O problem (exit 2).
    #[error("{0}")]
    Io(String),
}

impl Failure {
    /// Process exit code: 1 for content problems, 2 for usage and I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Content(_) | Failure::Theme(_) => 1,
            Failure::Io(_) => 2,
        }
    }
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site is.
    pub out_dir: PathBuf,
    /// Published incidents.
    pub incidents: usize,
    /// Files written.
    pub files: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Warnings (errors stop the build).
    pub diagnostics: Vec<Diagnostic>,
    /// Redactions per file and rule (never the text).
    pub redactions: Vec<RedactionEntry>,
    /// Wall time.
    pub elapsed: std::time::Duration,
    /// Time per phase, bytes and files written.
    pub timings: TimingsReport,
}

/// One line of the redaction report: how often a rule fired in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct RedactionEntry {
    /// The postmortem, relative to the site root.
    pub file: PathBuf,
    /// Built-in detector, `[[rule]]` name, `private-block` or `drop-section`.
    pub rule: String,
    /// How many redactions.
    pub count: usize,
}

/// Loads the redaction rules: the file `redaction` names (which must exist), else
/// `redaction.toml` when present, else the built-in detectors alone.
pub fn load_redaction(cfg: &SiteConfig) -> Result<DocumentRedactor, Failure> {
    let (path, explicit) = cfg.redaction_file();
    let shown = crate::display_path(&path, &cfg.root);
    let config = match std::fs::read_to_string(&path) {
        Ok(text) => {
            RedactionConfig::from_toml_str(&text, &shown.to_string_lossy()).map_err(|e| config_failure(&shown, e))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit => {
            // A rules file that is named but missing must not silently mean "no rules".
            let (line, column) = std::fs::read_to_string(cfg.root.join(config::CONFIG_FILE))
                .ok()
                .and_then(|t| t.lines().position(|l| l.trim_start().starts_with("redaction")).map(|i| (i + 1, 1)))
                .unwrap_or((1, 1));
            return Err(Failure::Content(vec![
                Diagnostic::error(
                    config::CONFIG_FILE,
                    line,
                    column,
                    format!("the redaction rules file {} does not exist", shown.display()),
                )
                .with_hint("fix the `redaction` path in debrief.toml, or remove the key to use redaction.toml if present, else the built-in detectors alone"),
            ]));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => RedactionConfig::default(),
        Err(e) => return Err(Failure::Io(format!("cannot read {}: {e}", path.display()))),
    };
    DocumentRedactor::new(&config).map_err(|e| config_failure(&shown, e))
}

fn config_failure(shown: &Path, e: debrief_redact::ConfigError) -> Failure {
    let mut d = Diagnostic::error(shown, e.line, e.column, e.message);
    if let Some(hint) = e.hint {
        d = d.with_hint(hint);
    }
    Failure::Content(vec![d])
}

/// Configuration and content, loaded and validated.
#[derive(Debug)]
pub struct Loaded {
    /// The configuration.
    pub cfg: SiteConfig,
    /// The postmortems and all diagnostics.
    pub library: Library,
}

/// Loads configuration and content. Content diagnostics are in the library; configuration
/// errors are a failure.
pub fn load(root: &Path) -> Result<Loaded, Failure> {
    load_timed(root, &Timings::new())
}

/// [`load`], counting reading and parsing in `timings`.
pub fn load_timed(root: &Path, timings: &Timings) -> Result<Loaded, Failure> {
    load_sources(root, timings).map(|(loaded, _)| loaded)
}

/// [`load_timed`], also returning the files as read (the review lints place their
/// warnings with the source text).
fn load_sources(root: &Path, timings: &Timings) -> Result<(Loaded, Vec<debrief_content::SourceDoc>), Failure> {
    if !root.join(config::CONFIG_FILE).is_file() {
        return Err(Failure::Io(format!(
            "no {} in {} (pass --root DIR to point at the folder that holds it)",
            config::CONFIG_FILE,
            if root.as_os_str().is_empty() { Path::new(".") } else { root }.display()
        )));
    }
    let cfg = config::load(root).map_err(Failure::Content)?;
    let ctx = ParseContext { severities: cfg.severity_ids(), timezone: cfg.timezone.clone() };
    let (docs, diagnostics) =
        timings.time_all(Phase::Read, || debrief_content::discover::discover(&cfg.content_dir(), root));
    let library = timings.time_all(Phase::Parse, || debrief_content::parse_all(&docs, diagnostics, &ctx));
    Ok((Loaded { cfg, library }, docs))
}

/// The review lints (`debrief_lint`) of every postmortem of `library`, drafts included:
/// warnings for `check` (and `serve`) only, never part of what is built. `source` gives a
/// postmortem's text by its path in the content folder (front matter warnings are placed
/// with it).
pub fn review_lints<'s>(
    cfg: &SiteConfig,
    library: &Library,
    source: &(dyn Fn(&Path) -> Option<&'s [u8]> + Sync),
    now: debrief_lint::Timestamp,
) -> Vec<Diagnostic> {
    let config = cfg.config.lint;
    library
        .postmortems
        .par_iter()
        .flat_map_iter(|pm| {
            let text = source(&pm.path).map(String::from_utf8_lossy);
            debrief_lint::lint(pm, text.as_deref(), &config, now)
        })
        .collect()
}

/// `debrief check`: `build` without writing. Every diagnostic of the configuration, the
/// redaction rules and the content (including what redaction refuses); then, when there
/// is no error, every page and file is rendered and leak-scanned in memory, exactly as
/// `build` does, and each leak is an error. With `lint_now`, the review lints of every
/// postmortem (drafts too) are added as warnings, counting ages from that moment; the
/// content is read and parsed once for both.
pub fn check(root: &Path, lint_now: Option<debrief_lint::Timestamp>) -> Result<Vec<Diagnostic>, Failure> {
    let (loaded, sources) = match load_sources(root, &Timings::new()) {
        Ok(loaded) => loaded,
        Err(Failure::Content(diagnostics)) => return Ok(diagnostics),
        Err(other) => return Err(other),
    };
    let lints = match lint_now {
        Some(now) => {
            let by_path: std::collections::HashMap<&Path, &[u8]> =
                sources.iter().map(|d| (d.path.as_path(), d.bytes.as_slice())).collect();
            review_lints(&loaded.cfg, &loaded.library, &|p| by_path.get(p).copied(), now)
        }
        None => Vec::new(),
    };
    drop(sources);
    let mut diagnostics = loaded.library.diagnostics.clone();
    diagnostics.extend(link_warnings(&loaded.cfg, &loaded.library, false));
    let cfg = &loaded.cfg;
    if loaded.library.has_errors() {
        // `build` stops here; what redaction refuses is reported too, all at once.
        if let Err(Failure::Content(more)) = redact_all(cfg, &loaded.library, false, root) {
            diagnostics.extend(more);
        }
    } else {
        // The same steps, in the same order, as `build`.
        guard_output(&cfg.output_dir(), root, &site_inputs(cfg, root))?;
        let (theme, env) = load_theme(cfg, root)?;
        match redact_all(cfg, &loaded.library, false, root) {
            Ok((redactor, documents)) => {
                let scanner = leak_scanner(&redactor, &documents);
                let output = Output::in_memory(&scanner);
                let published: Vec<&Postmortem> = documents.iter().map(|d| &d.postmortem).collect();
                produce(cfg, &theme, &env, &published, &redactor, &output, &|_| {})?;
                crate::publish::finish(&output, &cfg.base_path, false)
                    .map_err(|e| Failure::Io(format!("writing the site: {e}")))?;
                diagnostics.extend(leak_diagnostics(&output.leaks(), &cfg.output_dir(), root));
            }
            Err(Failure::Content(more)) => diagnostics.extend(more),
            Err(other) => return Err(other),
        }
    }
    debrief_content::diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    if !lints.is_empty() {
        diagnostics.extend(lints);
        debrief_content::diagnostic::sort(&mut diagnostics);
    }
    Ok(diagnostics)
}

/// Warnings for every broken link and image of the postmortems that will be published,
/// read from the source files (so lines and columns are the author's).
pub fn link_warnings(cfg: &SiteConfig, library: &Library, drafts: bool) -> Vec<Diagnostic> {
    let published: Vec<&Postmortem> = library.postmortems.iter().filter(|pm| drafts || !pm.draft).collect();
    let map = LinkMap::new(&Views::new(cfg), &cfg.base_path, &published);
    published.par_iter().flat_map_iter(|pm| map.check(pm)).collect()
}

/// Loads the redaction rules and redacts every postmortem that will be published.
pub fn redact_all(
    cfg: &SiteConfig,
    library: &Library,
    drafts: bool,
    root: &Path,
) -> Result<(DocumentRedactor, Vec<debrief_redact::RedactedDocument>), Failure> {
    let redactor = load_redaction(cfg)?;
    let content_shown = crate::display_path(&cfg.content_dir(), root);
    let redacted: Vec<Result<debrief_redact::RedactedDocument, Vec<Diagnostic>>> = library
        .postmortems
        .par_iter()
        .filter(|pm| drafts || !pm.draft)
        .map(|pm| redactor.redact(pm, &content_shown.join(&pm.path)))
        .collect();
    let mut errors = Vec::new();
    let mut documents = Vec::with_capacity(redacted.len());
    for r in redacted {
        match r {
            Ok(doc) => documents.push(doc),
            Err(diags) => errors.extend(diags),
        }
    }
    if !errors.is_empty() {
        debrief_content::diagnostic::sort(&mut errors);
        return Err(Failure::Content(errors));
    }
    Ok((redactor, documents))
}

/// `debrief build`.
pub fn build(opts: &BuildOptions, progress: &(dyn Fn(&str) + Sync)) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    let timings = Timings::new();
    progress("reading content");
    let Loaded { mut cfg, library } = load_timed(&opts.root, &timings)?;
    if let Some(url) = &opts.base_url {
        cfg.set_base_url(url).map_err(|e| Failure::Io(format!("--base-url: {e}")))?;
    }
    cfg.preview = opts.preview || cfg.base_url != cfg.public_base_url;
    if library.has_errors() {
        return Err(Failure::Content(library.diagnostics));
    }
    let out_dir = match &opts.out {
        Some(out) => out.clone(),
        None => cfg.output_dir(),
    };
    guard_output(&out_dir, &opts.root, &site_inputs(&cfg, &opts.root))?;
    let (theme, env) = load_theme(&cfg, &opts.root)?;
    progress("redacting");
    let (redactor, documents) =
        timings.time_all(Phase::Redact, || redact_all(&cfg, &library, opts.drafts, &opts.root))?;
    let content_shown = crate::display_path(&cfg.content_dir(), &opts.root);
    let published: Vec<&Postmortem> = documents.iter().map(|d| &d.postmortem).collect();
    let mut diagnostics = library.diagnostics.clone();
    diagnostics.extend(link_warnings(&cfg, &library, opts.drafts));
    debrief_content::diagnostic::sort(&mut diagnostics);

    // Fail closed: every file is leak-scanned as it is produced, before it is written
    // (to the staging folder; the output folder is only replaced after a clean build).
    let scanner = leak_scanner(&redactor, &documents);
    let output = Output::staged(&scanner, &out_dir)
        .map_err(|e| Failure::Io(format!("cannot create the output folder: {e}")))?
        .with_timings(&timings);
    progress("rendering and scanning pages");
    let pages = produce(&cfg, &theme, &env, &published, &redactor, &output, progress)?;
    // Host headers and `.gz` twins, scanned like every other file.
    crate::publish::finish(&output, &cfg.base_path, opts.precompress)
        .map_err(|e| Failure::Io(format!("writing the site: {e}")))?;
    let files = output.files();
    let leaks = output.leaks();
    if !leaks.is_empty() {
        return Err(Failure::Content(leak_diagnostics(&leaks, &out_dir, &opts.root)));
    }
    let mut redactions: Vec<RedactionEntry> = documents
        .iter()
        .flat_map(|d| {
            // File names can hold what redaction removes: the report shows them redacted.
            let file = PathBuf::from(
                redactor.redactor().redact(&content_shown.join(&d.postmortem.path).to_string_lossy()).text,
            );
            let mut rows: Vec<RedactionEntry> = d
                .counts
                .iter()
                .map(|(rule, count)| RedactionEntry { file: file.clone(), rule: rule.clone(), count: *count })
                .collect();
            let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
            for (rule, _) in &d.removed {
                *removed.entry(rule.as_str()).or_default() += 1;
            }
            rows.extend(removed.into_iter().map(|(rule, count)| RedactionEntry {
                file: file.clone(),
                rule: format!("{rule} (sentences)"),
                count,
            }));
            rows
        })
        .collect();
    redactions.sort();
    progress("publishing");
    output.commit().map_err(|e| Failure::Io(format!("cannot replace {}: {e}", out_dir.display())))?;
    Ok(BuildReport {
        out_dir,
        incidents: published.len(),
        files,
        pages,
        diagnostics,
        redactions,
        elapsed: start.elapsed(),
        timings: timings.report(),
    })
}

/// "Now" for the review lints.
pub type LintNow = debrief_lint::Timestamp;

/// "Now" for the review lints: `DEBRIEF_NOW` when set, else the clock.
pub fn lint_now() -> Result<LintNow, debrief_lint::NowError> {
    debrief_lint::now()
}

/// A site built in memory by [`build_in_memory`] (`serve`).
#[derive(Debug)]
pub struct MemorySite {
    /// Every file, site-relative, each one leak-scanned.
    pub files: crate::output::Files,
    /// Warnings (and, with lints, review-lint warnings); errors are a [`Failure`].
    pub diagnostics: Vec<Diagnostic>,
    /// Published incidents.
    pub incidents: usize,
    /// The base path pages are served under (`/` or `/history/`).
    pub base_path: String,
    /// (placeholder, real) pairs to replace in HTML files as they are served: pages are
    /// rendered and scanned with a placeholder for the content-hashed names every page
    /// holds (see [`crate::memo::PLACEHOLDER_HASH`]), so an edit leaves the other pages'
    /// bytes as they were. [`MemorySite::file`] applies them.
    pub substitutions: Vec<(String, String)>,
    /// What was redone and what reused.
    pub stats: crate::memo::MemoStats,
    /// Wall time.
    pub elapsed: std::time::Duration,
}

impl MemorySite {
    /// The bytes of a file as `debrief build` writes them (placeholders replaced).
    pub fn file(&self, rel: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        let bytes = self.files.get(rel)?;
        if !rel.ends_with(".html") || self.substitutions.is_empty() {
            return Some(std::borrow::Cow::Borrowed(bytes));
        }
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        for (placeholder, real) in &self.substitutions {
            if text.contains(placeholder.as_str()) {
                text = text.replace(placeholder.as_str(), real);
            }
        }
        Some(std::borrow::Cow::Owned(text.into_bytes()))
    }
}

/// `build` into memory, for `serve`: the same steps, files and leak scan as [`build`]
/// (the configured output folder is never touched), reusing what `memo` kept from the
/// previous build where the inputs are the same. With `lint_now`, review-lint warnings are
/// among the diagnostics. The files are byte for byte those `build` writes with the same
/// options (without `--precompress`).
pub fn build_in_memory(
    opts: &BuildOptions,
    memo: &mut crate::memo::Memo,
    lint_now: Option<debrief_lint::Timestamp>,
) -> Result<MemorySite, Failure> {
    let start = Instant::now();
    // `DEBRIEF_TRACE=1 debrief serve`: when each step of a rebuild starts.
    let traced = std::env::var_os("DEBRIEF_TRACE").is_some();
    let trace = |step: &str| {
        if traced {
            eprintln!("[{:>8.1} ms] {step}", start.elapsed().as_secs_f64() * 1000.0);
        }
    };
    let root = &opts.root;
    if !root.join(config::CONFIG_FILE).is_file() {
        return Err(Failure::Io(format!("no {} in {}", config::CONFIG_FILE, root.display())));
    }
    let mut cfg = config::load(root).map_err(Failure::Content)?;
    if let Some(url) = &opts.base_url {
        cfg.set_base_url(url).map_err(|e| Failure::Io(format!("--base-url: {e}")))?;
    }
    cfg.preview = opts.preview || cfg.base_url != cfg.public_base_url;
    let (theme, env) = load_theme(&cfg, root)?;
    // Everything every page depends on: a change drops the whole memo.
    let config_bytes = std::fs::read(root.join(config::CONFIG_FILE)).unwrap_or_default();
    let rules_bytes = std::fs::read(cfg.redaction_file().0).ok();
    memo.start(crate::memo::hash_of(&(
        config_bytes,
        rules_bytes,
        theme.fingerprint(),
        &opts.base_url,
        opts.drafts,
        opts.preview,
    )));
    let ctx = ParseContext { severities: cfg.severity_ids(), timezone: cfg.timezone.clone() };
    trace("read");
    let (docs, read_diagnostics) = debrief_content::discover::discover(&cfg.content_dir(), root);
    trace("parse");
    memo.parse(&docs, &|doc| debrief_content::parse_postmortem(doc, &ctx));
    trace("library");
    let library = debrief_content::parse_all_with(&docs, read_diagnostics, &|doc| {
        memo.docs
            .get(&doc.path)
            .map(|m| m.parsed.clone())
            .unwrap_or_else(|| debrief_content::parse_postmortem(doc, &ctx))
    });
    let mut diagnostics = library.diagnostics.clone();
    trace("lints");
    if let Some(now) = lint_now {
        // Per file, reused while it is unchanged ("now" is fixed for a `serve` session).
        let by_path: std::collections::HashMap<&Path, &[u8]> =
            docs.iter().map(|d| (d.path.as_path(), d.bytes.as_slice())).collect();
        let stale: Vec<&Postmortem> =
            library.postmortems.iter().filter(|pm| memo.docs.get(&pm.path).is_none_or(|m| m.lints.is_none())).collect();
        let fresh: Vec<(PathBuf, Vec<Diagnostic>)> = stale
            .par_iter()
            .map(|pm| {
                let text = by_path.get(pm.path.as_path()).map(|b| String::from_utf8_lossy(b));
                (pm.path.clone(), debrief_lint::lint(pm, text.as_deref(), &cfg.config.lint, now))
            })
            .collect();
        for (path, lints) in fresh {
            if let Some(entry) = memo.docs.get_mut(&path) {
                entry.lints = Some(lints);
            }
        }
        for pm in &library.postmortems {
            diagnostics.extend(memo.docs.get(&pm.path).and_then(|m| m.lints.clone()).unwrap_or_default());
        }
    }
    if library.has_errors() {
        debrief_content::diagnostic::sort(&mut diagnostics);
        return Err(Failure::Content(diagnostics));
    }
    trace("links");
    {
        // Per file, reused while it and what links resolve against are unchanged.
        let published: Vec<&Postmortem> = library.postmortems.iter().filter(|pm| opts.drafts || !pm.draft).collect();
        let map = LinkMap::new(&Views::new(&cfg), &cfg.base_path, &published);
        let key = map.fingerprint();
        let stale: Vec<&Postmortem> = published
            .iter()
            .copied()
            .filter(|pm| memo.docs.get(&pm.path).is_none_or(|m| m.links.as_ref().is_none_or(|(k, _)| *k != key)))
            .collect();
        let fresh: Vec<(PathBuf, Vec<Diagnostic>)> =
            stale.par_iter().map(|pm| (pm.path.clone(), map.check(pm))).collect();
        for (path, warnings) in fresh {
            if let Some(entry) = memo.docs.get_mut(&path) {
                entry.links = Some((key, warnings));
            }
        }
        for pm in &published {
            diagnostics.extend(
                memo.docs.get(&pm.path).and_then(|m| m.links.as_ref()).map(|(_, w)| w.clone()).unwrap_or_default(),
            );
        }
    }
    debrief_content::diagnostic::sort(&mut diagnostics);

    // Redaction, reused per unchanged file; the rules are loaded once per session.
    trace("redact");
    let redactor = match memo.redactor.clone() {
        Some(redactor) => redactor,
        None => {
            let redactor = std::sync::Arc::new(load_redaction(&cfg)?);
            memo.redactor = Some(redactor.clone());
            redactor
        }
    };
    let content_shown = crate::display_path(&cfg.content_dir(), root);
    let wanted: Vec<&Postmortem> = library.postmortems.iter().filter(|pm| opts.drafts || !pm.draft).collect();
    let missing: Vec<&Postmortem> =
        wanted.iter().copied().filter(|pm| memo.docs.get(&pm.path).is_none_or(|m| m.redacted.is_none())).collect();
    let fresh: Vec<(PathBuf, Result<debrief_redact::RedactedDocument, Vec<Diagnostic>>)> =
        missing.par_iter().map(|pm| (pm.path.clone(), redactor.redact(pm, &content_shown.join(&pm.path)))).collect();
    memo.stats.redacted = fresh.len();
    for (path, result) in fresh {
        if let Some(entry) = memo.docs.get_mut(&path) {
            entry.redacted = Some(result);
        }
    }
    let mut errors = Vec::new();
    let mut documents = Vec::with_capacity(wanted.len());
    for pm in &wanted {
        match memo.docs.get(&pm.path).and_then(|m| m.redacted.as_ref()) {
            Some(Ok(doc)) => documents.push(doc.clone()),
            Some(Err(diags)) => errors.extend(diags.iter().cloned()),
            None => errors.extend(redactor.redact(pm, &content_shown.join(&pm.path)).err().unwrap_or_default()),
        }
    }
    if !errors.is_empty() {
        debrief_content::diagnostic::sort(&mut errors);
        return Err(Failure::Content(errors));
    }

    trace("scanner");
    let scanner = leak_scanner(&redactor, &documents);
    let scanner_key = crate::memo::hash_of(&documents.iter().map(|d| &d.removed).collect::<Vec<_>>());
    let (passed, old_scanned) = match memo.files.take() {
        Some((key, files)) if key == scanner_key => (Some(files), std::mem::take(&mut memo.scanned_strings)),
        _ => (None, Default::default()),
    };
    let timings = Timings::new();
    let cache = crate::memo::RenderCache {
        versions: memo.docs.iter().map(|(path, m)| (path.clone(), m.version)).collect(),
        old_pages: std::mem::take(&mut memo.pages),
        old_items: std::mem::take(&mut memo.items),
        old_scanned,
        old_search_docs: std::mem::take(&mut memo.search_docs),
        ..Default::default()
    };
    let output = Output::kept_in_memory(&scanner, passed.as_ref()).with_timings(&timings).with_cache(&cache);
    let published: Vec<&Postmortem> = documents.iter().map(|d| &d.postmortem).collect();
    trace("render");
    produce(&cfg, &theme, &env, &published, &redactor, &output, &|step| trace(step))?;
    trace("finish");
    crate::publish::finish(&output, &cfg.base_path, false)
        .map_err(|e| Failure::Io(format!("writing the site: {e}")))?;
    let leaks = output.leaks();
    memo.stats.scanned = output.scanned();
    trace("collect");
    let files = output.into_files().unwrap_or_default();
    // What this build rendered is kept for the next, whatever became of it.
    memo.pages = cache.pages.into_inner().unwrap_or_default();
    memo.items = cache.items.into_inner().unwrap_or_default();
    memo.search_docs = cache.search_docs.into_inner().unwrap_or_default();
    memo.stats.pages_rendered = cache.rendered.into_inner();
    memo.stats.pages_reused = cache.reused.into_inner();
    let substitutions = cache.substitutions.into_inner().unwrap_or_default();
    let scanned_strings = cache.scanned.into_inner().unwrap_or_default();
    if !leaks.is_empty() {
        return Err(Failure::Content(leak_diagnostics(&leaks, &cfg.output_dir(), root)));
    }
    memo.files = Some((scanner_key, files.clone()));
    memo.scanned_strings = scanned_strings;
    trace("done");
    if traced {
        eprint!("{}", timings.report().table());
    }
    Ok(MemorySite {
        files,
        diagnostics,
        incidents: published.len(),
        base_path: cfg.base_path.clone(),
        substitutions,
        stats: memo.stats,
        elapsed: start.elapsed(),
    })
}

/// The site's sources, which the output folder may not overlap.
fn site_inputs(cfg: &SiteConfig, root: &Path) -> Vec<PathBuf> {
    let mut inputs = vec![cfg.content_dir(), cfg.redaction_file().0];
    if let Some(theme) = &cfg.config.theme {
        inputs.push(root.join(theme));
    }
    inputs
}

fn load_theme(cfg: &SiteConfig, root: &Path) -> Result<(Theme, Environment<'static>), Failure> {
    let theme = match &cfg.config.theme {
        Some(dir) => Theme::with_overrides(&root.join(dir)).map_err(|e| Failure::Theme(e.to_string()))?,
        None => Theme::embedded(),
    };
    let env = theme.environment().map_err(|e| Failure::Theme(e.to_string()))?;
    Ok((theme, env))
}

/// The scanner for one build: every rule and detector, and the sentences of every
/// removed block.
fn leak_scanner(redactor: &DocumentRedactor, documents: &[debrief_redact::RedactedDocument]) -> LeakScanner {
    let needles: Vec<(String, String)> = documents.iter().flat_map(|d| d.removed.iter().cloned()).collect();
    LeakScanner::new(redactor.redactor(), needles)
}

/// The build time in seconds: `SOURCE_DATE_EPOCH` when set (reproducible builds), else
/// the clock. Follow-ups are overdue, and service calendars end, as of this moment.
pub fn build_time() -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok()) {
        return epoch;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// schema.org JSON-LD of an incident page: what the page shows (title, summary, dates,
/// severity), escaped so it cannot end its `<script>` element.
fn json_ld(view: &IncidentView) -> String {
    let modified = view.resolved.as_ref().map_or(&view.started.instant, |r| &r.instant);
    let mut about =
        vec![json!({ "@type": "Thing", "name": format!("Severity {}: {}", view.severity.id, view.severity.label) })];
    about.extend(view.services.iter().map(|s| json!({ "@type": "Thing", "name": s.name })));
    let doc = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": view.title,
        "description": view.summary,
        "url": view.permalink,
        "datePublished": view.started.instant,
        "dateModified": modified,
        "about": about,
        "keywords": view.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
    });
    serde_json::to_string(&doc)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Facet values with their incidents (newest first), keyed by URL name.
type FacetGroups<'v> = BTreeMap<String, (String, Vec<&'v IncidentView>)>;

/// Renders every page and file of the site into `output` (which scans each one).
/// Returns the number of HTML pages.
fn produce(
    cfg: &SiteConfig,
    theme: &Theme,
    env: &Environment<'static>,
    published: &[&Postmortem],
    redactor: &DocumentRedactor,
    output: &Output<'_>,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<usize, Failure> {
    let io = |e: std::io::Error| Failure::Io(format!("writing the site: {e}"));
    let mut renderer =
        Renderer::new(cfg, theme, env, published, redactor.public_fields(), output, redactor.redactor()).map_err(io)?;
    progress("rendering list entries");
    renderer.render_items()?;
    progress("rendering pages");
    renderer.render_all(published, progress)
}

/// One error per leak, naming the output file (under `out_dir` as shown from `root`).
fn leak_diagnostics(leaks: &[debrief_redact::Leak], out_dir: &Path, root: &Path) -> Vec<Diagnostic> {
    let out_shown = crate::display_path(out_dir, root);
    leaks
        .iter()
        .map(|leak| {
            Diagnostic::error(
                out_shown.join(&leak.file),
                leak.line,
                1,
                format!("leak: the output contains text that redaction rule `{}` removes", leak.rule),
            )
            .with_hint("nothing was published; find where this text reaches the page (a theme template, a removed sentence repeated elsewhere, an unredacted `extra` key or number, image metadata) and fix it there")
        })
        .collect()
}

/// Refuses output folders that would delete the site's own sources: the root, the content
/// folder, the theme, the redaction rules.
fn guard_output(out: &Path, root: &Path, inputs: &[PathBuf]) -> Result<(), Failure> {
    // `.` and `..` resolved without touching the file system (the folder may not exist).
    let abs = crate::lexical_absolute;
    // Through symbolic links too: compare the real paths where they exist.
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| abs(p));
    let out_abs = abs(out);
    let out_real = real(out);
    let clashes = |input: &Path| {
        let (a, r) = (abs(input), real(input));
        a.starts_with(&out_abs) || r.starts_with(&out_real) || out_abs.starts_with(&a) || out_real.starts_with(&r)
    };
    let replaces_root = abs(root).starts_with(&out_abs) || real(root).starts_with(&out_real);
    if replaces_root || inputs.iter().any(|i| clashes(i)) {
        return Err(Failure::Io(format!(
            "refusing to write the site to {}: it would replace the site root, the content, the theme or the redaction rules",
            out.display()
        )));
    }
    Ok(())
}

/// The home page lists this many of the newest incidents; older ones are on the year pages.
pub const INDEX_LIMIT: usize = 300;

/// Shared state for rendering pages.
struct Renderer<'a> {
    cfg: &'a SiteConfig,
    env: &'a Environment<'static>,
    staging: &'a Output<'a>,
    /// Redacts SVG assets.
    redactor: &'a debrief_redact::Redactor,
    views: Views<'a>,
    site: minijinja::Value,
    incidents: Vec<IncidentView>,
    /// Each incident's list entry, rendered once and reused by every list page.
    item_html: std::collections::HashMap<String, minijinja::Value>,
    /// The postmortem behind each incident view, by slug.
    sources: std::collections::HashMap<String, &'a Postmortem>,
    /// "Now" for timelines: the latest moment in the content (deterministic).
    now: i64,
    /// The build time (`SOURCE_DATE_EPOCH` when set): what "overdue", "days since" and the
    /// service calendars are judged at.
    build_time: i64,
    /// Related incidents and repeats, in the order of `incidents`.
    recurrence: Vec<crate::readers::Recurrence>,
    /// A hash of what every page shows besides its own data, and of the build date.
    site_key: u64,
    /// What body links may point at.
    links: LinkMap,
    timings: &'a Timings,
    /// `serve`'s reuse of pages whose inputs did not change.
    cache: Option<&'a crate::memo::RenderCache>,
    /// A hash of what body links resolve against (every page, slug, alias and asset).
    links_key: u64,
}

impl<'a> Renderer<'a> {
    fn new(
        cfg: &'a SiteConfig,
        theme: &Theme,
        env: &'a Environment<'static>,
        published: &[&'a Postmortem],
        public_fields: &[String],
        staging: &'a Output<'a>,
        redactor: &'a debrief_redact::Redactor,
    ) -> std::io::Result<Self> {
        let cache = staging.cache();
        // Counted where the output counts (`build`); `check` counts nowhere it shows.
        static UNTIMED: std::sync::LazyLock<Timings> = std::sync::LazyLock::new(Timings::new);
        let timings = staging.timings().unwrap_or(&UNTIMED);
        let views = Views::new(cfg);
        // Static files: CSS and JS get content-hashed names so they can be cached forever.
        let mut assets = BTreeMap::new();
        for (rel, bytes) in theme.static_files() {
            let name = hashed_name(rel, bytes);
            staging.write(&name, bytes)?;
            assets.insert(rel.to_string(), format!("{}{}", cfg.base_path, name));
        }
        if theme.get("static/timeline.css").is_none() {
            let css = debrief_timeline::DEFAULT_CSS.as_bytes();
            let name = hashed_name("timeline.css", css);
            staging.write(&name, css)?;
            assets.insert("timeline.css".to_string(), format!("{}{}", cfg.base_path, name));
        }
        let script = write_bundle(theme, staging, &cfg.base_path)?;
        // The search index, from the same redacted documents as the pages; built here so
        // every page can name the manifest (one round trip less for the first query).
        let build_time = build_time();
        let today = crate::readers::date_in(&cfg.zone, build_time);
        let mut incidents: Vec<IncidentView> = published.iter().map(|pm| views.incident(pm, public_fields)).collect();
        for view in &mut incidents {
            for a in &mut view.action_items {
                a.overdue = crate::readers::is_overdue(a.done, a.due.as_deref(), today);
            }
        }
        let (search, search_strings) =
            timings.time_all(Phase::SearchIndex, || search_index(published, &incidents, cache));
        // The index is built from the redacted documents: its strings are scanned as the
        // text that went in (once, with the first file), its bytes for terms. `serve` scans
        // each postmortem's strings apart, and not again while the postmortem and the
        // scanner stay the same.
        let first = search.files.first().map(|(name, _)| format!("search/{name}")).unwrap_or_default();
        let joined = match cache {
            None => search_strings.concat(),
            Some(cache) => {
                published.par_iter().zip(search_strings.par_iter()).for_each(|(pm, strings)| {
                    let version = cache.version(&pm.path);
                    if version.is_some_and(|v| cache.old_scanned.contains(&v)) || staging.scan_strings(&first, strings)
                    {
                        cache.mark_scanned(version);
                    }
                });
                String::new()
            }
        };
        search
            .files
            .par_iter()
            .enumerate()
            .map(|(i, (name, bytes))| {
                let strings = if i == 0 { joined.as_str() } else { "" };
                staging.write_own_binary(&format!("search/{name}"), bytes, strings)
            })
            .collect::<std::io::Result<Vec<()>>>()?;
        let pointer = json!({ "version": 1, "manifest": search.manifest_name, "documents": published.len() });
        staging.write(
            "search/index.json",
            format!("{}\n", serde_json::to_string_pretty(&pointer).unwrap_or_default()).as_bytes(),
        )?;
        // The interactive timeline's data, in the same document order as the index.
        let now = crate::timelines::content_now(published);
        let pairs: Vec<(&Postmortem, &IncidentView)> = published.iter().copied().zip(incidents.iter()).collect();
        let timeline =
            timings.time_all(Phase::TimelineData, || crate::timelines::data(&pairs, &cfg.zone, now).to_bytes());
        let timeline_name = format!("timeline.{}.bin", short_hash(&timeline));
        // Scanned as what the browser decodes: every string of the file.
        let strings = timings.time(Phase::LeakScan, || {
            let decoded = debrief_timeline::data::TimelineData::from_bytes(&timeline)
                .map_err(|e| std::io::Error::other(format!("{timeline_name}: {e}")))?;
            Ok::<_, std::io::Error>(serde_json::to_value(&decoded).map(|v| json_strings(&v)).unwrap_or_default())
        })?;
        staging.write_own_binary(&timeline_name, &timeline, &strings)?;
        let c = &cfg.config;
        let mut manifest_url = format!("{}search/{}", cfg.base_path, search.manifest_name);
        let mut timeline_url = format!("{}{timeline_name}", cfg.base_path);
        if let Some(cache) = cache {
            // Pages name these two with placeholders; the server puts the real ones back.
            let placeholder = |real: &str, hashed: &str| real.replacen(hashed, crate::memo::PLACEHOLDER_HASH, 1);
            let manifest_hash = search.manifest_name.trim_start_matches("search-").trim_end_matches(".bin");
            let timeline_hash = timeline_name.trim_start_matches("timeline.").trim_end_matches(".bin");
            let pairs = vec![
                (placeholder(&manifest_url, manifest_hash), manifest_url.clone()),
                (placeholder(&timeline_url, timeline_hash), timeline_url.clone()),
            ];
            manifest_url = pairs[0].0.clone();
            timeline_url = pairs[1].0.clone();
            if let Ok(mut subs) = cache.substitutions.lock() {
                *subs = pairs;
            }
        }
        let site = json!({
            "title": c.title,
            "description": c.description,
            "language": c.language,
            "base_url": cfg.base_url,
            "base_path": cfg.base_path,
            "timezone": c.timezone,
            "severities": views.severities(),
            "assets": assets,
            "facets": FacetKind::ALL.iter().map(|k| json!({"dir": k.dir(), "title": k.title(), "url": views.url(&format!("{}/", k.dir()))})).collect::<Vec<_>>(),
            "feed_url": format!("{}feed.xml", cfg.base_path),
            "json_feed_url": format!("{}feed.json", cfg.base_path),
            "api_url": format!("{}api/incidents.json", cfg.base_path),
            "stats_url": format!("{}stats/", cfg.base_path),
            "script": script,
            "search_manifest_url": manifest_url,
            "timeline_data_url": timeline_url,
            "preview": cfg.preview,
            "actions_url": format!("{}actions/", cfg.base_path),
            "ongoing": crate::readers::ongoing(&incidents),
        });
        // What every page shows besides its own data (the ongoing banner, asset names) and
        // the build date: part of every cached page's key in `serve`.
        let site_key = crate::memo::hash_of(&(site.to_string(), crate::readers::iso_date(today)));
        let site = minijinja::Value::from(minijinja::value::Serde(&site));
        let sources = published.iter().map(|pm| (pm.slug.clone(), *pm)).collect();
        let links = LinkMap::new(&views, &cfg.base_path, published);
        let recurrence = crate::readers::recurrence(&pairs);
        let links_key = links.fingerprint();
        Ok(Self {
            cfg,
            env,
            staging,
            redactor,
            views,
            site,
            incidents,
            item_html: Default::default(),
            sources,
            now,
            build_time,
            recurrence,
            site_key,
            links,
            timings,
            cache,
            links_key,
        })
    }

    /// The version of an incident's postmortem in `serve`'s memo.
    fn version_of(&self, slug: &str) -> Option<u64> {
        self.cache.and_then(|c| c.version(&self.sources.get(slug)?.path))
    }

    fn page(
        &self,
        template: &str,
        path: &str,
        title: &str,
        description: &str,
        extra: Value,
    ) -> Result<String, Failure> {
        self.page_with(
            template,
            path,
            title,
            description,
            minijinja::Value::from(minijinja::value::Serde(&extra)),
            None,
        )
    }

    /// Renders a page; `years` is a pre-built list of incident groups (see [`Renderer::years`]).
    fn page_with(
        &self,
        template: &str,
        path: &str,
        title: &str,
        description: &str,
        extra: minijinja::Value,
        years: Option<minijinja::Value>,
    ) -> Result<String, Failure> {
        let page = minijinja::context! {
            title => title,
            description => description,
            path => path,
            url => format!("{}{}", self.cfg.base_path, path),
            permalink => format!("{}{}", self.cfg.base_url, path),
        };
        let ctx = minijinja::context! { site => self.site.clone(), page => page, years => years, ..extra };
        let tmpl = self.env.get_template(template).map_err(|e| Failure::Theme(template_error(&e)))?;
        self.timings.time(Phase::RenderPages, || {
            tmpl.render(ctx).map_err(|e| Failure::Theme(format!("rendering {path}: {}", template_error(&e))))
        })
    }

    /// Renders every incident's list entry once (`item.html`).
    fn render_items(&mut self) -> Result<(), Failure> {
        let tmpl = self.env.get_template("item.html").map_err(|e| Failure::Theme(template_error(&e)))?;
        let site = self.site.clone();
        let timings = self.timings;
        let rendered: Result<Vec<(String, minijinja::Value)>, Failure> = self
            .incidents
            .par_iter()
            .map(|i| {
                let render = || {
                    timings
                        .time(Phase::RenderPages, || tmpl.render(minijinja::context! { site => site.clone(), incident => minijinja::Value::from(minijinja::value::Serde(i)) }))
                        .map_err(|e| Failure::Theme(format!("rendering the list entry of {}: {}", i.slug, template_error(&e))))
                };
                let html = match self.cache {
                    Some(cache) => cache.item(&i.slug, self.version_of(&i.slug).map(|v| crate::memo::hash_of(&(v, self.now))), render)?,
                    None => render()?,
                };
                Ok((i.slug.clone(), minijinja::Value::from_safe_string(html)))
            })
            .collect();
        self.item_html = rendered?.into_iter().collect();
        Ok(())
    }

    /// Incidents grouped by year, then month, keeping their order (newest first), with
    /// each incident as its pre-rendered list entry.
    fn years(&self, incidents: &[&IncidentView]) -> minijinja::Value {
        let mut years: Vec<(String, Vec<Month<'_>>)> = Vec::new();
        for i in incidents {
            let year = i.year.name.clone();
            if years.last().is_none_or(|(y, _)| *y != year) {
                years.push((year.clone(), Vec::new()));
            }
            let months = &mut years.last_mut().expect("pushed above").1;
            if months.last().is_none_or(|(k, _, _)| *k != i.month_key) {
                months.push((i.month_key.clone(), i.month_name.clone(), Vec::new()));
            }
            months.last_mut().expect("pushed above").2.push(i);
        }
        let years: Vec<minijinja::Value> = years
            .into_iter()
            .map(|(year, months)| {
                let count: usize = months.iter().map(|m| m.2.len()).sum();
                let months: Vec<minijinja::Value> = months
                    .into_iter()
                    .map(|(key, name, incidents)| {
                        let items: Vec<minijinja::Value> = incidents
                            .iter()
                            .map(|i| self.item_html.get(&i.slug).cloned().unwrap_or_default())
                            .collect();
                        minijinja::context! { key => key, name => name, items => items }
                    })
                    .collect();
                minijinja::context! { year => year, count => count, months => months }
            })
            .collect();
        minijinja::Value::from(years)
    }

    fn write_shared_page(&self, path: &str, html: std::sync::Arc<[u8]>) -> Result<(), Failure> {
        let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        self.staging.write_shared(&file, html).map_err(|e| Failure::Io(format!("writing {file}: {e}")))
    }

    fn write_page(&self, path: &str, html: &str) -> Result<(), Failure> {
        let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        self.staging.write(&file, html.as_bytes()).map_err(|e| Failure::Io(format!("writing {file}: {e}")))
    }

    /// Every page and machine output. The incident pages and the lists (index, facets,
    /// stats, feeds, API, sitemap) are rendered at the same time: each half is parallel
    /// inside, and the lists' few large files would otherwise leave a core idle.
    fn render_all(&self, published: &[&Postmortem], progress: &(dyn Fn(&str) + Sync)) -> Result<usize, Failure> {
        let (incident_pages, list_pages) =
            rayon::join(|| self.render_incident_pages(published, progress), || self.render_lists());
        Ok(incident_pages? + list_pages?)
    }

    /// One page per published incident (and its aliases and bundle files).
    fn render_incident_pages(
        &self,
        published: &[&Postmortem],
        progress: &(dyn Fn(&str) + Sync),
    ) -> Result<usize, Failure> {
        let done = std::sync::atomic::AtomicUsize::new(0);
        let total = published.len();
        published
            .par_iter()
            .zip(self.incidents.par_iter())
            .zip(self.recurrence.par_iter())
            .map(|((pm, view), recurrence)| {
                let path = pm.url_path();
                let render = || {
                    let body_html = self
                        .timings
                        .time(Phase::RenderPages, || body_to_html(&pm.body, Some((&self.links, &pm.path, &path))));
                    self.page_with(
                        "incident.html",
                        &path,
                        &view.title,
                        view.summary.as_deref().unwrap_or(""),
                        minijinja::context! {
                            incident => minijinja::Value::from(minijinja::value::Serde(view)),
                            body_html => body_html,
                            timeline => minijinja::Value::from(minijinja::value::Serde(
                                crate::timelines::incident(pm, &self.cfg.zone, self.now),
                            )),
                            recurrence => minijinja::Value::from(minijinja::value::Serde(recurrence)),
                            json_ld => json_ld(view),
                        },
                        None,
                    )
                };
                match self.cache {
                    Some(cache) => {
                        // Besides its own file: related incidents and repeats (other files),
                        // overdue follow-ups (the build date) and the ongoing banner.
                        let others = serde_json::to_string(recurrence).unwrap_or_default();
                        let key = cache
                            .version(&pm.path)
                            .map(|v| crate::memo::hash_of(&(v, self.now, self.links_key, self.site_key, &others)));
                        let bytes = cache.page(&path, key, render)?;
                        self.write_shared_page(&path, bytes)?;
                    }
                    None => self.write_page(&path, &render()?)?,
                }
                if let Some(bundle) = &pm.bundle {
                    let content_dir = self.cfg.content_dir();
                    for asset in &pm.assets {
                        let rel = format!("{path}{}", asset.to_string_lossy().replace('\\', "/"));
                        let from = content_dir.join(bundle).join(asset);
                        let bytes = std::fs::read(&from)
                            .map_err(|e| Failure::Io(format!("reading {}: {e}", from.display())))?;
                        // Image metadata never publishes; SVG is redacted; other formats are refused.
                        let name = asset.to_string_lossy();
                        let clean = debrief_redact::media::clean_asset(&name, &bytes, self.redactor).map_err(|e| {
                            Failure::Content(vec![
                                Diagnostic::error(
                                    crate::display_path(&from, &self.cfg.root),
                                    1,
                                    1,
                                    format!("cannot publish this file: {}", e.message),
                                )
                                .with_hint(e.hint),
                            ])
                        })?;
                        self.staging.write(&rel, &clean).map_err(|e| Failure::Io(format!("writing {rel}: {e}")))?;
                    }
                }
                for alias in &pm.aliases {
                    let html = self.page(
                        "redirect.html",
                        alias,
                        &view.title,
                        "",
                        json!({ "target": view.url, "target_permalink": view.permalink }),
                    )?;
                    self.write_page(alias, &html)?;
                }
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if n.is_multiple_of(500) || n == total {
                    progress(&format!("rendered {n}/{total} incident pages"));
                }
                Ok(())
            })
            .collect::<Result<Vec<()>, Failure>>()?;
        Ok(published.len())
    }

    /// The history index, facet overviews and pages, stats, 404 and the machine outputs.
    fn render_lists(&self) -> Result<usize, Failure> {
        let mut pages = 0;
        let all: Vec<&IncidentView> = self.incidents.iter().collect();
        let mut sitemap: Vec<(String, Option<String>)> = vec![(String::new(), None)];

        // History index.
        let description = self.cfg.config.description.clone();
        let shown: Vec<&IncidentView> = all.iter().copied().take(INDEX_LIMIT).collect();
        let years_list: Vec<Value> = self
            .facet_groups(FacetKind::Years)
            .iter()
            .rev()
            .map(|(slug, (name, items))| json!({ "name": name, "count": items.len(), "url": self.views.url(&format!("years/{slug}/")) }))
            .collect();
        let html = self.page_with(
            "index.html",
            "",
            &self.cfg.config.title,
            &description,
            to_value(&json!({ "count": all.len(), "shown": shown.len(), "all_years": years_list, "severity_counts": self.severity_counts(&all),
                              "timeline": self.global_timeline(&shown) })),
            Some(self.years(&shown)),
        )?;
        self.write_page("", &html)?;
        pages += 1;

        // Facet pages: the overview of each kind, then every value of every kind in one
        // parallel pass (a kind with a few large pages, like severity, no longer runs alone).
        let groups: Vec<(FacetKind, FacetGroups<'_>)> =
            FacetKind::ALL.iter().map(|&kind| (kind, self.facet_groups(kind))).collect();
        for (kind, groups) in &groups {
            let overview: Vec<Value> = groups
                .iter()
                .map(|(slug, (name, items))| {
                    json!({ "name": name, "url": self.views.url(&format!("{}/{slug}/", kind.dir())), "count": items.len(),
                            "latest": items.first().map(|i| i.started.display.clone()) })
                })
                .collect();
            let dir = format!("{}/", kind.dir());
            let description = format!(
                "Incidents by {}: {} value{}, each with its number of incidents and its latest one.",
                kind.singular().to_lowercase(),
                groups.len(),
                if groups.len() == 1 { "" } else { "s" }
            );
            let html = self.page(
                "facets.html",
                &dir,
                kind.title(),
                &description,
                json!({ "kind": kind, "kind_title": kind.title(), "values": overview }),
            )?;
            self.write_page(&dir, &html)?;
            sitemap.push((dir.clone(), None));
            pages += 1;
        }
        // The levels the site has pages for (facet pages link them).
        let levels: Vec<&str> = self
            .incidents
            .iter()
            .map(|i| i.severity.id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let values: Vec<(FacetKind, &String, &String, &Vec<&IncidentView>)> = groups
            .iter()
            .flat_map(|(kind, groups)| groups.iter().map(move |(slug, (name, items))| (*kind, slug, name, items)))
            .collect();
        let rendered: Vec<Result<String, Failure>> = values
            .par_iter()
            .map(|&(kind, slug, name, items)| {
                let path = format!("{}/{slug}/", kind.dir());
                let label = match kind {
                    FacetKind::Severity => self
                        .views
                        .severities()
                        .iter()
                        .find(|s| &s.id == name)
                        .map_or(name.clone(), |s| format!("{} ({})", s.id, s.label)),
                    _ => name.clone(),
                };
                let title = format!("{}: {label}", kind.singular());
                let calendar = (kind == FacetKind::Services).then(|| {
                    let pairs: Vec<(&Postmortem, &IncidentView)> =
                        items.iter().filter_map(|v| self.sources.get(&v.slug).map(|pm| (*pm, *v))).collect();
                    crate::readers::calendar(&pairs, &self.cfg.zone, self.build_time)
                });
                // Its own feeds: the same entries as the site's, for this value only.
                let owned: Vec<IncidentView> = items.iter().take(feeds::FEED_ITEMS).map(|v| (*v).clone()).collect();
                let channel = feeds::Channel {
                    title: format!("{} — {title}", self.cfg.config.title),
                    path: path.clone(),
                };
                let feed_files = [
                    (format!("{path}feed.xml"), self.timings.time(Phase::RenderPages, || feeds::atom_for(self.cfg, &channel, &owned))),
                    (format!("{path}feed.json"), self.timings.time(Phase::RenderPages, || feeds::json_feed_for(self.cfg, &channel, &owned))),
                ];
                for (rel, text) in &feed_files {
                    self.staging.write(rel, text.as_bytes()).map_err(|e| Failure::Io(format!("writing {rel}: {e}")))?;
                }
                let incidents = format!("{} incident{}", items.len(), if items.len() == 1 { "" } else { "s" });
                let description = match kind {
                    FacetKind::Services => {
                        format!("{incidents} affecting {label}, newest first, with their severity, duration and summary.")
                    }
                    FacetKind::Tags => format!("{incidents} tagged {label}, newest first."),
                    FacetKind::Severity => format!("{incidents} of severity {label}, newest first."),
                    FacetKind::Years => format!("{incidents} in {label}, newest first."),
                };
                let render = || {
                    self.page_with(
                        "facet.html",
                        &path,
                        &title,
                        &description,
                        to_value(&json!({ "kind": kind, "kind_title": kind.title(), "name": name, "label": label, "count": items.len(),
                                "severity_counts": self.severity_counts(items), "timeline": self.global_timeline(items),
                                "calendar": calendar,
                                "feeds": { "atom": self.views.url(&format!("{path}feed.xml")), "json": self.views.url(&format!("{path}feed.json")) } })),
                        Some(self.years(items)),
                    )
                };
                match self.cache {
                    Some(cache) => {
                        // Its incidents (each at its version), the levels the site has pages
                        // for, "now" (timelines), the build date (calendar) and what every
                        // page shows (the ongoing banner) are all it depends on.
                        let versions: Option<Vec<u64>> = items.iter().map(|i| self.version_of(&i.slug)).collect();
                        let key = versions
                            .map(|v| crate::memo::hash_of(&(&path, name, &label, v, &levels, self.now, self.site_key)));
                        let bytes = cache.page(&path, key, render)?;
                        self.write_shared_page(&path, bytes)?;
                    }
                    None => self.write_page(&path, &render()?)?,
                }
                Ok(path)
            })
            .collect();
        for r in rendered {
            sitemap.push((r?, None));
            pages += 1;
        }

        // Stats.
        let charts = vec![
            charts::per_period(&self.incidents, self.views.severities()),
            charts::duration_trend(&self.incidents, "ttd", "Time to detect", "time to detect", |i| {
                i.time_to_detect_seconds
            }),
            charts::duration_trend(&self.incidents, "ttr", "Time to resolve", "time to resolve", |i| {
                i.time_to_resolve_seconds
            }),
            charts::top_services(&self.incidents, 10),
            charts::follow_through(&self.incidents),
        ];
        let html = self.page(
            "stats.html",
            "stats/",
            "Statistics",
            "Incidents per month by severity, time to detect and resolve, most affected services.",
            json!({ "charts": charts, "count": all.len(), "severity_counts": self.severity_counts(&all), "medians": self.medians() }),
        )?;
        self.write_page("stats/", &html)?;
        sitemap.push(("stats/".into(), None));
        pages += 1;

        // Follow-through: every action item, open and done.
        let today = crate::readers::date_in(&self.cfg.zone, self.build_time);
        let follow = crate::readers::follow_through(&self.incidents, today);
        let description = format!(
            "{} follow-up action item{} from the postmortems: {} open ({} overdue), {} done.",
            follow.total,
            if follow.total == 1 { "" } else { "s" },
            follow.open.len(),
            follow.overdue,
            follow.done.len()
        );
        // (Straight to template values: at 10,000 incidents a JSON tree of the follow-ups
        // first would double the memory this page takes.)
        let html = self.page_with(
            "actions.html",
            "actions/",
            "Follow-ups",
            &description,
            minijinja::context! { actions => minijinja::Value::from(minijinja::value::Serde(&follow)) },
            None,
        )?;
        self.write_page("actions/", &html)?;
        sitemap.push(("actions/".into(), None));
        pages += 1;

        // 404.
        let html = self.page("404.html", "404.html", "Page not found", "", json!({}))?;
        self.write_page("404.html", &html)?;
        pages += 1;

        // Machine outputs.
        for incident in &self.incidents {
            let lastmod = incident.resolved.as_ref().map_or(&incident.started.iso, |r| &r.iso).clone();
            sitemap.push((format!("incidents/{}/", incident.slug), Some(lastmod)));
        }
        sitemap.sort();
        // The machine outputs, each rendered and scanned on its own thread.
        type Render<'r> = Box<dyn Fn() -> String + Send + Sync + 'r>;
        let mut outputs: Vec<(&str, Render<'_>)> = vec![
            ("feed.xml", Box::new(|| feeds::atom(self.cfg, &self.incidents))),
            ("feed.json", Box::new(|| feeds::json_feed(self.cfg, &self.incidents))),
            ("api/incidents.json", Box::new(|| feeds::api(self.cfg, &self.incidents))),
            ("robots.txt", Box::new(|| feeds::robots(self.cfg))),
        ];
        if !self.cfg.preview {
            outputs.push(("sitemap.xml", Box::new(|| feeds::sitemap(self.cfg, &sitemap))));
        }
        outputs
            .par_iter()
            .map(|(rel, render)| {
                let text = self.timings.time(Phase::RenderPages, render);
                self.staging.write(rel, text.as_bytes()).map_err(|e| Failure::Io(format!("writing {rel}: {e}")))
            })
            .collect::<Result<Vec<()>, Failure>>()?;
        Ok(pages)
    }

    /// The static global timeline of a list of incidents (newest first).
    fn global_timeline(&self, incidents: &[&IncidentView]) -> Option<crate::timelines::TimelineView> {
        let items: Vec<(&Postmortem, &IncidentView)> =
            incidents.iter().filter_map(|v| self.sources.get(&v.slug).map(|pm| (*pm, *v))).collect();
        crate::timelines::global(&items, &self.cfg.zone, self.now, "gt")
    }

    /// Facet values with their incidents (newest first), keyed by URL name.
    fn facet_groups(&self, kind: FacetKind) -> FacetGroups<'_> {
        let mut groups: BTreeMap<String, (String, Vec<&IncidentView>)> = BTreeMap::new();
        for incident in &self.incidents {
            let names: Vec<String> = match kind {
                FacetKind::Services => incident.services.iter().map(|f| f.name.clone()).collect(),
                FacetKind::Tags => incident.tags.iter().map(|f| f.name.clone()).collect(),
                FacetKind::Severity => vec![incident.severity.id.clone()],
                FacetKind::Years => vec![incident.year.name.clone()],
            };
            for name in names {
                let slug = crate::model::facet_slug(&name);
                let entry = groups.entry(slug).or_insert_with(|| (name.clone(), Vec::new()));
                // Incidents come in order and slugs are unique: a repeat (two names with
                // one URL name) can only be this incident, pushed last.
                if !entry.1.last().is_some_and(|i| std::ptr::eq(*i, incident)) {
                    entry.1.push(incident);
                }
            }
        }
        groups
    }

    fn severity_counts(&self, incidents: &[&IncidentView]) -> Vec<Value> {
        self.views
            .severities()
            .iter()
            .map(|s| {
                let n = incidents.iter().filter(|i| i.severity.id == s.id).count();
                // A level no incident of the site has gets no page: it is shown, not linked.
                let generated = self.incidents.iter().any(|i| i.severity.id == s.id);
                let url = generated.then(|| self.views.url(&format!("severity/{}/", s.slug)));
                json!({ "severity": s, "count": n, "url": url })
            })
            .collect()
    }

    fn medians(&self) -> Value {
        let median = |pick: fn(&IncidentView) -> Option<i64>| {
            let mut v: Vec<i64> = self.incidents.iter().filter_map(pick).collect();
            v.sort_unstable();
            v.get(v.len() / 2).map(|s| crate::model::human_duration(jiff::SignedDuration::from_secs(*s)))
        };
        json!({
            "time_to_detect": median(|i| i.time_to_detect_seconds),
            "time_to_mitigate": median(|i| i.time_to_mitigate_seconds),
            "time_to_resolve": median(|i| i.time_to_resolve_seconds),
        })
    }
}

fn to_value(json: &Value) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(json))
}

/// A month of incidents: key (`2025-03`), name (`March 2025`), incidents.
type Month<'a> = (String, String, Vec<&'a IncidentView>);

/// Every string in a JSON value (not keys, not numbers), one per line.
fn json_strings(value: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(value, &mut out);
    out
}

/// One postmortem's search document.
fn search_doc(id: u32, pm: &Postmortem, view: &IncidentView) -> debrief_search::SearchDoc {
    debrief_search::SearchDoc {
        id,
        url: view.url.clone(),
        title: view.title.clone(),
        summary: view.summary.clone().unwrap_or_default(),
        body: crate::markdown::body_to_text(&pm.body),
        timeline: pm.timeline.iter().map(|e| format!("{} {}", e.label, e.text)).collect::<Vec<_>>().join("\n"),
        actions: pm.action_items.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join("\n"),
        severity: view.severity.id.clone(),
        severity_rank: u8::try_from(view.severity.rank).unwrap_or(u8::MAX),
        services: pm.services.clone(),
        tags: pm.tags.clone(),
        regions: pm.regions.clone(),
        compliance: pm.compliance.clone(),
        year: view.year.name.parse().unwrap_or(0),
        started: pm.started.instant.as_second(),
        duration_secs: view.duration_seconds,
        started_display: view.started.display.clone(),
    }
}

/// Builds the search index over the published (redacted) postmortems; also returns every
/// string that went into it, one field per line, per postmortem (for the leak scanner).
/// `serve` reuses each postmortem's search document while its version is the same
/// (`cache`).
fn search_index(
    published: &[&Postmortem],
    incidents: &[IncidentView],
    cache: Option<&crate::memo::RenderCache>,
) -> (debrief_search::IndexFiles, Vec<String>) {
    let docs: Vec<debrief_search::SearchDoc> = published
        .par_iter()
        .zip(incidents.par_iter())
        .enumerate()
        .map(|(i, (pm, view))| {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            let Some(cache) = cache else { return search_doc(id, pm, view) };
            let version = cache.version(&pm.path);
            let doc = match version.and_then(|v| cache.old_search_docs.get(&v)) {
                Some(doc) => debrief_search::SearchDoc { id, ..doc.clone() },
                None => search_doc(id, pm, view),
            };
            if let (Some(v), Ok(mut docs)) = (version, cache.search_docs.lock()) {
                docs.insert(v, doc.clone());
            }
            doc
        })
        .collect();
    let strings: Vec<String> = docs
        .par_iter()
        .map(|d| {
            let mut strings = String::new();
            for field in
                [&d.url, &d.title, &d.summary, &d.body, &d.timeline, &d.actions, &d.severity, &d.started_display]
                    .into_iter()
                    .chain(d.services.iter())
                    .chain(d.tags.iter())
                    .chain(d.regions.iter())
                    .chain(d.compliance.iter())
            {
                strings.push_str(field);
                strings.push('\n');
            }
            strings
        })
        .collect();
    let mut builder = debrief_search::IndexBuilder::new(debrief_search::IndexOptions::default());
    for doc in docs {
        builder.add(doc);
    }
    (builder.build(), strings)
}

/// The WebAssembly bundle as a page loads it: `debrief.<hash>.wasm`, and one ES module
/// `debrief.<hash>.js` (the wasm-bindgen glue plus a boot line that instantiates the module
/// from its sibling file), with a Subresource Integrity hash for the script tag. Returns
/// `null` for themes without a bundle.
fn write_bundle(theme: &Theme, staging: &Output<'_>, base_path: &str) -> std::io::Result<Value> {
    let (Some(glue), Some(wasm)) = (theme.get("wasm/debrief.js"), theme.get("wasm/debrief_bg.wasm")) else {
        return Ok(Value::Null);
    };
    let wasm_name = format!("debrief.{}.wasm", short_hash(wasm));
    staging.write(&wasm_name, wasm)?;
    let mut js = String::from_utf8_lossy(glue).into_owned();
    js.push_str(&format!(
        "\n// debrief: instantiate the module from its content-hashed sibling; pages work without it.\n\
         __wbg_init({{ module_or_path: new URL({wasm_name:?}, import.meta.url) }})\n  \
         .then(() => performance.mark(\"debrief-ready\"))\n  \
         .catch(() => document.documentElement.setAttribute(\"data-debrief\", \"unavailable\"));\n"
    ));
    let js_name = format!("debrief.{}.js", short_hash(js.as_bytes()));
    staging.write(&js_name, js.as_bytes())?;
    let integrity = format!("sha384-{}", base64(&sha2::Sha384::digest(js.as_bytes())));
    Ok(
        json!({ "url": format!("{base_path}{js_name}"), "integrity": integrity, "wasm_url": format!("{base_path}{wasm_name}") }),
    )
}

fn short_hash(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().take(4).map(|b| format!("{b:02x}")).collect()
}

/// Standard base64 with padding (for integrity attributes).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `style.css` → `style.1a2b3c4d.css`; other files keep their names.
fn hashed_name(rel: &str, bytes: &[u8]) -> String {
    let hashable = rel.ends_with(".css") || rel.ends_with(".js");
    match (hashable, rel.rsplit_once('.')) {
        (true, Some((stem, ext))) => format!("{stem}.{}.{ext}", short_hash(bytes)),
        _ => rel.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
