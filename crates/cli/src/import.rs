//! `debrief import statuspage|cstate|upptime SOURCE`: reads the site's configuration,
//! runs `debrief-import` (read, plan, validate), counts what the site's redaction rules
//! would redact in the imported files, writes (unless `--dry-run`) and prints a summary:
//! what was written, what could not be mapped, and the redaction count.

use debrief_import::{Action, Format, ImportError, SeverityMap};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

/// What the command line asked for.
pub(crate) struct Request<'a> {
    pub(crate) format: Format,
    pub(crate) source: &'a Path,
    pub(crate) root: &'a Path,
    pub(crate) force: bool,
    pub(crate) dry_run: bool,
    pub(crate) severity_map: &'a [String],
}

fn fail(e: &ImportError) -> ExitCode {
    eprintln!("error: {e}\n  hint: {}", e.hint());
    ExitCode::from(if e.is_input_error() { 1 } else { 2 })
}

/// Runs the import.
pub(crate) fn run(req: &Request<'_>) -> ExitCode {
    let root = req.root;
    let cfg = match crate::load_config(root) {
        Ok(cfg) => cfg,
        Err(code) => return code,
    };
    let levels = cfg.severity_ids();
    if let Err(e) = SeverityMap::new(levels.clone(), &cfg.config.import.severity) {
        eprintln!("error: debrief.toml [import.severity]: {e}\n  hint: map each word to one of {}", levels.join(", "));
        return ExitCode::from(1);
    }
    let mut overrides = cfg.config.import.severity.clone();
    for pair in req.severity_map {
        let Some((word, id)) = pair.split_once('=').filter(|(w, i)| !w.trim().is_empty() && !i.trim().is_empty())
        else {
            eprintln!("error: --severity-map `{pair}` is not WORD=ID\n  hint: for example --severity-map major=SEV1");
            return ExitCode::from(2);
        };
        overrides.insert(word.trim().to_string(), id.trim().to_string());
    }
    let severities = match SeverityMap::new(levels.clone(), &overrides) {
        Ok(map) => map,
        Err(e) => {
            eprintln!("error: --severity-map: {e}\n  hint: map each word to one of {}", levels.join(", "));
            return ExitCode::from(2);
        }
    };

    let parsed = match debrief_import::source::read(req.format, req.source, &cfg.timezone) {
        Ok(parsed) => parsed,
        Err(e) => return fail(&e),
    };
    let content_dir = cfg.content_dir();
    let existing = match debrief_import::source::read_content(&content_dir) {
        Ok(existing) => existing,
        Err(e) => return fail(&e),
    };
    let ctx = debrief_content::ParseContext { severities: levels, timezone: cfg.timezone.clone() };
    let content_shown = debrief_site::display_path(&content_dir, root);
    let opts = debrief_import::plan::Options {
        severities: &severities,
        ctx: &ctx,
        content_shown: &content_shown,
        force: req.force,
    };
    let plan = debrief_import::plan::plan(parsed, &existing, &opts);

    // The redactions the site's rules would make in these files, as the build counts them.
    let redactor = match debrief_site::pipeline::load_redaction(&cfg) {
        Ok(r) => r,
        Err(failure) => {
            eprintln!("error: cannot load the redaction rules: {failure}");
            if let debrief_site::Failure::Content(diagnostics) = &failure {
                for d in diagnostics {
                    eprintln!("{d}");
                }
            }
            return ExitCode::from(u8::try_from(failure.exit_code()).unwrap_or(2));
        }
    };
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    let mut redaction_problems = Vec::new();
    for file in plan.files.iter().filter(|f| f.action != Action::Kept) {
        match redactor.redact(&file.postmortem, &content_shown.join(&file.path)) {
            Ok(doc) => {
                for (rule, count) in doc.counts {
                    *per_rule.entry(rule).or_default() += count;
                }
            }
            Err(diagnostics) => redaction_problems.extend(diagnostics),
        }
    }

    if !req.dry_run
        && let Err(e) = debrief_import::source::write(&content_dir, &plan.files)
    {
        return fail(&e);
    }

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for file in &plan.files {
        let verb = match (file.action, req.dry_run) {
            (Action::Create, false) => "created",
            (Action::Create, true) => "would create",
            (Action::Update, false) => "updated",
            (Action::Update, true) => "would update",
            (Action::Overwrite, false) => "overwrote",
            (Action::Overwrite, true) => "would overwrite",
            (Action::Unchanged, _) => "unchanged",
            (Action::Kept, _) => "kept",
        };
        *counts.entry(verb).or_default() += 1;
        let shown = content_shown.join(&file.path);
        let note = match file.action {
            Action::Kept => "  (edited since the last import; --force replaces it)".to_string(),
            _ => format!("  ({}, {} update{})", file.severity, file.updates, if file.updates == 1 { "" } else { "s" }),
        };
        println!("{verb} {}{note}", shown.display());
    }
    let total = plan.files.len();
    let tally: Vec<String> = counts.iter().map(|(verb, n)| format!("{n} {verb}")).collect();
    println!(
        "\n{} incident{} from {} ({}){}",
        total,
        if total == 1 { "" } else { "s" },
        req.format.id(),
        if tally.is_empty() { "nothing to import".to_string() } else { tally.join(", ") },
        if req.dry_run { "; dry run: nothing was written" } else { "" }
    );
    let unmapped: Vec<String> = plan
        .skipped
        .iter()
        .map(|s| format!("{}: left out: {}", s.origin, s.reason))
        .chain(plan.files.iter().flat_map(|f| {
            let shown = content_shown.join(&f.path);
            f.problems.iter().map(move |p| format!("{} ({}): {p}", f.origin, shown.display()))
        }))
        .collect();
    if unmapped.is_empty() {
        println!("Everything was mapped.");
    } else {
        println!("Could not map ({}):", unmapped.len());
        for line in &unmapped {
            println!("  {line}");
        }
    }
    let redactions: usize = per_rule.values().sum();
    if redactions == 0 {
        println!("Redaction: the site's rules find nothing to redact in the imported files.");
    } else {
        let rules: Vec<String> = per_rule.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
        println!(
            "Redaction: the site's rules would make {redactions} redaction{} in the imported files ({}); they apply when the site is built.",
            if redactions == 1 { "" } else { "s" },
            rules.join(", ")
        );
    }
    for d in &redaction_problems {
        println!("  the build will report: {d}");
    }
    ExitCode::SUCCESS
}
