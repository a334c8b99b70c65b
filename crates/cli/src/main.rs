//! `debrief`: the command line. Parses arguments, runs the site builder, prints diagnostics
//! and maps outcomes to exit codes (0 success, 1 content or redaction errors, 2 usage or
//! I/O errors).

use clap::{Parser, Subcommand, ValueEnum};
use debrief_content::Diagnostic;
use debrief_site::{BuildOptions, Failure};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod authoring;
mod gitlab;
mod import;

/// Publish incident postmortems as a static, redacted incident-history site.
#[derive(Parser, Debug)]
#[command(name = "debrief", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a working site: debrief.toml, redaction.toml, an example postmortem,
    /// .gitignore and CI workflows.
    Init {
        /// The folder to create the site in (default: the current folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write into a folder that is not empty (the skeleton's files are overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Write a new postmortem from a template and print its path.
    New {
        /// The incident's title (the file name is made from it).
        title: String,
        /// Severity id of the site's scale (default: the least severe).
        #[arg(long)]
        severity: Option<String>,
        /// Write a bundle folder (`<slug>/index.md`) for images next to the text.
        #[arg(long)]
        bundle: bool,
        /// Template: default, google, pagerduty, or NAME for `<theme>/postmortems/NAME.md`.
        #[arg(long, default_value = "default")]
        template: String,
        /// Folder holding debrief.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site into the output folder (default: public/).
    Build {
        /// Folder holding debrief.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `output` from debrief.toml, relative to the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL to publish under, instead of the configured one.
        #[arg(long)]
        base_url: Option<String>,
        /// Publish drafts too (for previews, never for the public site).
        #[arg(long)]
        drafts: bool,
        /// A preview build: `noindex` on every page, a "Preview" banner, no sitemap (implied
        /// by a --base-url other than the configured one).
        #[arg(long)]
        preview: bool,
        /// Also write a `.gz` beside every text file, for hosts that serve precompressed files.
        #[arg(long)]
        precompress: bool,
        /// Write a JSON redaction report (rule, file, count; never the text) to FILE.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Print wall and CPU time per phase (read, parse, redact, render pages, search
        /// index, timeline data, write, leak scan) and the bytes and files written.
        #[arg(long)]
        timings: bool,
    },
    /// Validate configuration and content without writing anything.
    Check {
        /// Folder holding debrief.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat every warning as an error (exit 1): for CI that wants a clean tree.
        #[arg(long)]
        strict: bool,
    },
    /// Import an incident history (Atlassian Statuspage JSON, a cState site, Upptime's
    /// GitHub issues): one postmortem per incident in the content folder.
    Import {
        /// The source format.
        #[arg(value_enum)]
        format: ImportFormat,
        /// Statuspage: a JSON file (incidents.json, summary.json, history.json, an array).
        /// cState: the site folder. Upptime: a JSON file of issues, or a folder with
        /// issues.json and comments.json.
        source: PathBuf,
        /// Folder holding debrief.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace files that were edited since the last import.
        #[arg(long)]
        force: bool,
        /// Print what would be written; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Map a source severity word to a level: `major=SEV1`, `cstate.down=SEV2` (repeatable;
        /// wins over [import.severity] in debrief.toml).
        #[arg(long, value_name = "WORD=ID")]
        severity_map: Vec<String>,
    },
    /// Serve the site from memory with live reload, rebuilding what each edit touches
    /// (the output folder is never written).
    Serve {
        /// Folder holding debrief.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show drafts (with a "Draft" banner).
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Search a built site with the same index and engine as the browser.
    Search {
        /// The built site (the output folder of `debrief build`).
        site_dir: PathBuf,
        /// The query: words, "phrases", -exclusions, filters like severity:SEV1 service:api year:2024 tag:dns, sort:newest.
        query: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// How many results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Show what redaction would remove from a postmortem, and why.
    Redact {
        /// The postmortem to preview.
        #[arg(long, value_name = "FILE")]
        preview: PathBuf,
        /// Folder holding debrief.toml (its redaction rules are used).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The formats `debrief import` reads.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ImportFormat {
    /// Atlassian Statuspage, public API v2 JSON.
    Statuspage,
    /// A cState (Hugo) site folder.
    Cstate,
    /// Upptime: GitHub issues as the REST API returns them.
    Upptime,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    /// For people.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// GitLab code-quality report (JSON).
    Gitlab,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Init { dir, force } => authoring::init(&dir, force),
        Command::New { title, severity, bundle, template, root } => {
            authoring::new(&root, &title, severity.as_deref(), bundle, &template)
        }
        Command::Build { root, out, base_url, drafts, preview, precompress, report, timings } => {
            build(BuildOptions { root, out, base_url, drafts, preview, precompress }, report.as_deref(), timings)
        }
        Command::Check { root, format, strict } => check(&root, format, strict),
        Command::Serve { root, port, bind, drafts, open } => {
            serve(debrief_serve::ServeOptions { root, bind, port, drafts, open })
        }
        Command::Redact { preview, root, json } => redact_preview(&preview, &root, json),
        Command::Search { site_dir, query, json, limit } => search(&site_dir, &query, json, limit),
        Command::Import { format, source, root, force, dry_run, severity_map } => {
            let format = match format {
                ImportFormat::Statuspage => debrief_import::Format::Statuspage,
                ImportFormat::Cstate => debrief_import::Format::Cstate,
                ImportFormat::Upptime => debrief_import::Format::Upptime,
            };
            import::run(&import::Request {
                format,
                source: &source,
                root: &root,
                force,
                dry_run,
                severity_map: &severity_map,
            })
        }
    }
}

fn build(opts: BuildOptions, report: Option<&Path>, timings: bool) -> ExitCode {
    if let Some(report) = report {
        // The report names what was redacted where: it must never be published, so it may
        // not be written inside the output folder (given or configured) or its staging
        // folder. A configuration that does not load fails the build below anyway.
        let out = opts.out.clone().or_else(|| debrief_site::config::load(&opts.root).ok().map(|c| c.output_dir()));
        if let Some(out) = out
            && debrief_site::output::is_published_path(report, &out)
        {
            eprintln!(
                "error: --report {} is inside the output folder {} (or its staging folder), which is published\n  hint: write the report somewhere outside it, e.g. --report redaction-report.json",
                report.display(),
                out.display()
            );
            return ExitCode::from(2);
        }
    }
    let tty = std::io::stderr().is_terminal();
    let trace = std::env::var_os("DEBRIEF_TRACE").is_some();
    let started = std::time::Instant::now();
    let progress = |msg: &str| {
        if trace {
            eprintln!("[{:>8.3}s] {msg}", started.elapsed().as_secs_f64());
        } else if tty {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{msg}…");
            let _ = err.flush();
        }
    };
    let report_path = report;
    let result = debrief_site::build(&opts, &progress);
    if tty {
        eprint!("\r\x1b[2K");
    }
    match result {
        Ok(report) => {
            // Notes (what was read and derived) are for `check`; a build shows problems only.
            let problems: Vec<Diagnostic> = report.diagnostics.iter().filter(|d| !d.is_note()).cloned().collect();
            print_diagnostics(&problems, &opts.root, Format::Human);
            let mut per_rule: std::collections::BTreeMap<&str, usize> = Default::default();
            for entry in &report.redactions {
                *per_rule.entry(entry.rule.as_str()).or_default() += entry.count;
            }
            if per_rule.is_empty() {
                eprintln!("Redaction: nothing to redact");
            } else {
                let parts: Vec<String> = per_rule.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
                eprintln!("Redaction: {}", parts.join(", "));
            }
            if let Some(path) = report_path {
                let doc = serde_json::json!({
                    "total": report.redactions.iter().map(|e| e.count).sum::<usize>(),
                    "per_rule": per_rule,
                    "entries": report.redactions,
                });
                let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
                if let Err(e) = std::fs::write(path, text) {
                    eprintln!("error: cannot write the redaction report {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
            eprintln!(
                "Built {} incidents: {} pages, {} files in {} ({:.2}s)",
                report.incidents,
                report.pages,
                report.files,
                report.out_dir.display(),
                report.elapsed.as_secs_f64()
            );
            if timings {
                eprint!("{}", report.timings.table());
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            report_failure(&failure, &opts.root, Format::Human, "build failed; the previous output was left as it was")
        }
    }
}

/// `debrief serve`: prints the URL on stdout (one line, for scripts), each build and its
/// diagnostics on stderr the way `check` prints them.
fn serve(opts: debrief_serve::ServeOptions) -> ExitCode {
    use debrief_serve::Report;
    if !opts.root.join(debrief_site::config::CONFIG_FILE).is_file() {
        eprintln!(
            "error: no {} in {} (pass --root DIR to point at the folder that holds it)",
            debrief_site::config::CONFIG_FILE,
            opts.root.display()
        );
        return ExitCode::from(2);
    }
    let root = opts.root.clone();
    // Each rebuild prints its errors, and only the warnings the previous build did not
    // have (a site's standing warnings are printed once, by the first build).
    let shown: std::sync::Mutex<std::collections::HashSet<String>> = Default::default();
    let fresh = move |diagnostics: &[Diagnostic]| -> Vec<Diagnostic> {
        let key = |d: &Diagnostic| format!("{:?}", d);
        let Ok(mut shown) = shown.lock() else { return diagnostics.to_vec() };
        let keys: std::collections::HashSet<String> = diagnostics.iter().filter(|d| !d.is_error()).map(key).collect();
        let out = diagnostics.iter().filter(|d| d.is_error() || !shown.contains(&key(d))).cloned().collect();
        *shown = keys;
        out
    };
    let report = move |event: Report<'_>| match event {
        Report::Listening(url) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "Serving {url}");
            let _ = out.flush();
            eprintln!("Watching content, debrief.toml, the redaction rules and the theme; Ctrl-C stops.");
        }
        Report::Built { site, changed } => {
            print_diagnostics(&fresh(&site.diagnostics), &root, Format::Human);
            let s = site.stats;
            eprintln!(
                "{} {} incidents, {} files in {:.0} ms ({}; parsed {}, rendered {} pages, reused {}, scanned {} files){}",
                if s.full { "Built" } else { "Rebuilt" },
                site.incidents,
                site.files.len(),
                site.elapsed.as_secs_f64() * 1000.0,
                if s.full { "everything" } else { "what changed" },
                s.parsed,
                s.pages_rendered,
                s.pages_reused,
                s.scanned,
                if changed { "" } else { "; nothing changed" }
            );
        }
        Report::Failed(failure) => {
            match failure {
                Failure::Content(diagnostics) => print_diagnostics(&fresh(diagnostics), &root, Format::Human),
                other => eprintln!("error: {other}"),
            }
            eprintln!("error: the site does not build; the last good site is still served");
        }
        Report::Stopping => eprintln!("Stopping."),
    };
    match debrief_serve::run(opts, std::sync::Arc::new(report)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn check(root: &Path, format: Format, strict: bool) -> ExitCode {
    let now = match debrief_lint::now() {
        Ok(now) => now,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match debrief_site::check(root, Some(now)) {
        Ok(mut diagnostics) => {
            if strict {
                for d in &mut diagnostics {
                    d.level = debrief_content::Level::Error;
                }
            }
            print_diagnostics(&diagnostics, root, format);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let notes = diagnostics.iter().filter(|d| d.is_note()).count();
            let warnings = diagnostics.len() - errors - notes;
            if format == Format::Human {
                let notes = if notes > 0 { format!(", {notes} note(s)") } else { String::new() };
                eprintln!("{errors} error(s), {warnings} warning(s){notes}");
            }
            if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(failure) => report_failure(&failure, root, format, "check failed"),
    }
}

fn report_failure(failure: &Failure, root: &Path, format: Format, what: &str) -> ExitCode {
    match failure {
        Failure::Content(diagnostics) => {
            print_diagnostics(diagnostics, root, format);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {what}: {errors} error(s)");
        }
        other => eprintln!("error: {what}: {other}"),
    }
    ExitCode::from(u8::try_from(failure.exit_code()).unwrap_or(2))
}

/// Prints diagnostics. People (human, GitHub) see each file's first few of a kind and a
/// count of the rest; JSON keeps every one. Each source file is read and split into lines
/// once, so printing is linear in the number of diagnostics.
fn print_diagnostics(diagnostics: &[Diagnostic], root: &Path, format: Format) {
    use debrief_content::diagnostic::{Summarised, summarise};
    match format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            // The current file, its text and where each of its lines starts.
            let mut source: Option<(&Path, Option<String>)> = None;
            let mut starts: Vec<usize> = Vec::new();
            for item in summarise(diagnostics) {
                let d = match item {
                    Summarised::Show(d) => d,
                    more => {
                        let _ = writeln!(err, "{}\n", more.more_line().unwrap_or_default());
                        continue;
                    }
                };
                if source.as_ref().is_none_or(|(file, _)| *file != d.file.as_path()) {
                    let text = debrief_site::read_input_source(root, &d.file);
                    starts = text.as_deref().map(debrief_content::diagnostic::line_starts).unwrap_or_default();
                    source = Some((d.file.as_path(), text));
                }
                let line = source.as_ref().and_then(|(_, text)| source_line(text.as_deref()?, &starts, d.line));
                let _ = writeln!(err, "{}\n", d.render_line(line));
            }
        }
        Format::Json => {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let notes = diagnostics.iter().filter(|d| d.is_note()).count();
            let doc = serde_json::json!({
                "errors": errors,
                "warnings": diagnostics.len() - errors - notes,
                "notes": notes,
                "diagnostics": diagnostics,
            });
            let _ = writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for item in summarise(diagnostics) {
                match item {
                    Summarised::Show(d) => {
                        let _ = writeln!(out, "{}", d.to_github());
                    }
                    Summarised::More { example, count } => {
                        let mut more = example.clone();
                        more.message = format!(
                            "… and {} more like this ({})",
                            debrief_content::diagnostic::thousands(count),
                            example.kind()
                        );
                        more.hint = None;
                        let _ = writeln!(out, "{}", more.to_github());
                    }
                }
            }
        }
        Format::Gitlab => {
            let _ = writeln!(std::io::stdout().lock(), "{}", gitlab::code_quality(diagnostics));
        }
    }
}

/// Line `line` (1-based) of `text`, without its line ending, as `str::lines` gives it.
fn source_line<'a>(text: &'a str, starts: &[usize], line: usize) -> Option<&'a str> {
    let start = *starts.get(line.checked_sub(1)?)?;
    if start >= text.len() {
        return None;
    }
    let end = starts.get(line).map_or(text.len(), |next| next - 1);
    let line = text.get(start..end)?;
    Some(line.strip_suffix('\r').unwrap_or(line))
}

/// The site's configuration, or the exit code after printing why it does not load: 1 for
/// an invalid `debrief.toml`, 2 when there is none (`new` and `import` need a site).
pub(crate) fn load_config(root: &Path) -> Result<debrief_site::config::SiteConfig, ExitCode> {
    debrief_site::config::load(root).map_err(|diagnostics| {
        for d in diagnostics {
            eprintln!("{d}");
        }
        ExitCode::from(if root.join(debrief_site::config::CONFIG_FILE).is_file() { 1 } else { 2 })
    })
}

fn redact_preview(file: &Path, root: &Path, json: bool) -> ExitCode {
    let cfg = match debrief_site::config::load(root) {
        Ok(cfg) => cfg,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, root, Format::Human);
            return ExitCode::from(1);
        }
    };
    let redactor = match debrief_site::pipeline::load_redaction(&cfg) {
        Ok(r) => r,
        Err(failure) => return report_failure(&failure, root, Format::Human, "cannot load the redaction rules"),
    };
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // The postmortem exactly as the build reads it (bundle assets included) when the file
    // is in the content folder; else the file on its own.
    let ctx = debrief_content::ParseContext { severities: cfg.severity_ids(), timezone: cfg.timezone.clone() };
    let content_dir = cfg.content_dir();
    let wanted = std::fs::canonicalize(file).ok();
    let library = debrief_content::load(&content_dir, root, &ctx);
    let in_library = library
        .postmortems
        .into_iter()
        .find(|pm| wanted.is_some() && std::fs::canonicalize(content_dir.join(&pm.path)).ok() == wanted);
    let (pm, shown) = match in_library {
        Some(pm) => {
            let shown = debrief_site::display_path(&content_dir, root).join(&pm.path);
            (pm, shown)
        }
        None => {
            let doc = debrief_content::SourceDoc {
                path: file.file_name().map(PathBuf::from).unwrap_or_default(),
                display_path: file.to_path_buf(),
                bytes,
                bundle: None,
                assets: Vec::new(),
            };
            match debrief_content::parse_postmortem(&doc, &ctx) {
                (Some(pm), _) => (pm, file.to_path_buf()),
                (None, diagnostics) => {
                    print_diagnostics(&diagnostics, root, Format::Human);
                    return ExitCode::from(1);
                }
            }
        }
    };
    // The build's own redaction of this postmortem, placed in the file.
    let items = match redactor.preview(&text, &pm, &shown) {
        Ok(items) => items,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, root, Format::Human);
            eprintln!("error: the build refuses this postmortem");
            return ExitCode::from(1);
        }
    };
    if json {
        let _ = writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&items).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    let color = std::io::stdout().is_terminal();
    let (red, green, dim, reset) =
        if color { ("\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m") } else { ("", "", "", "") };
    let mut out = std::io::stdout().lock();
    for item in &items {
        let place = if item.end_line > item.line {
            format!("{}:{}-{}", file.display(), item.line, item.end_line)
        } else {
            format!("{}:{}:{}", file.display(), item.line, item.column)
        };
        let _ = writeln!(
            out,
            "{place}  {dim}[{}]{reset}  {red}{}{reset} → {green}{}{reset}",
            item.rule,
            item.original.replace('\n', "⏎"),
            item.replacement
        );
    }
    let _ = writeln!(out, "{} redaction(s)", items.len());
    ExitCode::SUCCESS
}

/// `debrief search`: loads the built index from disk the way the browser fetches it.
fn search(site: &Path, text: &str, json: bool, limit: usize) -> ExitCode {
    match run_search(site, text, limit) {
        Ok((results, views)) => {
            let mut out = std::io::stdout().lock();
            if json {
                let hits: Vec<serde_json::Value> = views
                    .iter()
                    .zip(&results.hits)
                    .map(|(v, hit)| {
                        serde_json::json!({
                            "url": v.url, "title": v.title, "severity": v.severity, "started": v.started_display,
                            "services": v.services, "score": hit.score, "snippet_html": v.snippet_html,
                        })
                    })
                    .collect();
                let facets: serde_json::Map<String, serde_json::Value> =
                    results.facet_counts.iter().map(|(k, values)| (k.clone(), serde_json::json!(values))).collect();
                let doc =
                    serde_json::json!({ "query": text, "total": results.total, "results": hits, "facets": facets });
                let _ = writeln!(out, "{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            } else {
                let color = std::io::stdout().is_terminal();
                let _ = writeln!(out, "{} result(s) for {text:?}", results.total);
                for (i, v) in views.iter().enumerate() {
                    let _ = writeln!(out, "{:>2}. [{}] {}  ({})", i + 1, v.severity, v.title, v.started_display);
                    let _ = writeln!(out, "    {}", v.url);
                    let snippet = terminal_snippet(&v.snippet_html, color);
                    if !snippet.is_empty() {
                        let _ = writeln!(out, "    {snippet}");
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_search(
    site: &Path,
    text: &str,
    limit: usize,
) -> Result<(debrief_search::Results, Vec<debrief_search::ResultView>), String> {
    let dir = site.join("search");
    let pointer = std::fs::read_to_string(dir.join("index.json"))
        .map_err(|e| format!("{} is not a built debrief site ({e}); run `debrief build` first", site.display()))?;
    let pointer: serde_json::Value = serde_json::from_str(&pointer).map_err(|e| format!("search/index.json: {e}"))?;
    let manifest = pointer["manifest"].as_str().ok_or("search/index.json names no manifest")?;
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("search/{name}: {e}"));
    let mut searcher = debrief_search::Searcher::new(&read(manifest)?).map_err(|e| e.to_string())?;
    let query = debrief_search::Query::parse(text);
    for name in searcher.needed(&query) {
        searcher.add_file(&name, &read(&name)?).map_err(|e| e.to_string())?;
    }
    let results = searcher.search(&query, limit).map_err(|e| e.to_string())?;
    for name in results.needed_fragments.clone().into_iter().chain(searcher.facet_files()) {
        if !searcher.is_loaded(&name) {
            searcher.add_file(&name, &read(&name)?).map_err(|e| e.to_string())?;
        }
    }
    // Facet counts need the facet tables: search again now that they are loaded.
    let results = searcher.search(&query, limit).map_err(|e| e.to_string())?;
    let views = searcher.render(&results, limit).map_err(|e| e.to_string())?;
    Ok((results, views))
}

/// A highlighted HTML snippet for a terminal: `<mark>` as bold (or `**`), entities decoded.
fn terminal_snippet(html: &str, color: bool) -> String {
    let (open, close) = if color { ("\x1b[1m", "\x1b[0m") } else { ("**", "**") };
    html.replace("<mark>", open)
        .replace("</mark>", close)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
