//! `debrief init` and `debrief new`: the files come from `debrief-scaffold`; this module
//! reads the site's configuration, checks the arguments and prints what was written.

use debrief_content::diagnostic::did_you_mean;
use std::path::Path;
use std::process::ExitCode;

/// `debrief init [DIR] [--force]`.
pub(crate) fn init(dir: &Path, force: bool) -> ExitCode {
    match debrief_scaffold::init(dir, force) {
        Ok(files) => {
            for file in &files {
                println!("{}", dir.join(file).display());
            }
            let root = if dir == Path::new(".") { String::new() } else { format!(" --root {}", dir.display()) };
            eprintln!(
                "Created a debrief site in {}.\nNext: `debrief new \"Title\"{root}` to start a postmortem, `debrief check{root}`, then `debrief build{root}`.",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e @ debrief_scaffold::ScaffoldError::NotEmpty { .. }) => {
            eprintln!(
                "error: {e}\n  hint: pick an empty or new folder (`debrief init my-site`), or pass --force to write the skeleton's files into it"
            );
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `debrief new "Title" [--severity S] [--bundle] [--template NAME] [--root DIR]`.
pub(crate) fn new(root: &Path, title: &str, severity: Option<&str>, bundle: bool, template: &str) -> ExitCode {
    let cfg = match crate::load_config(root) {
        Ok(cfg) => cfg,
        Err(code) => return code,
    };
    let severities = cfg.severity_ids();
    let severity = match severity {
        None => severities.last().cloned().unwrap_or_default(),
        Some(wanted) => match severities.iter().find(|s| s.eq_ignore_ascii_case(wanted)) {
            Some(s) => s.clone(),
            None => {
                let names: Vec<&str> = severities.iter().map(String::as_str).collect();
                let near = did_you_mean(wanted, &names).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
                eprintln!("error: unknown severity `{wanted}`\n  hint: {near}the site's scale: {}", names.join(", "));
                return ExitCode::from(2);
            }
        },
    };
    let slug = debrief_content::slug::slugify(title);
    if slug.is_empty() || debrief_content::slug::problem(&slug).is_some() {
        eprintln!(
            "error: cannot make a file name from the title {title:?}\n  hint: use a title with letters or digits"
        );
        return ExitCode::from(2);
    }
    let theme = cfg.config.theme.as_ref().map(|t| cfg.root.join(t));
    let text = match debrief_scaffold::template(template, theme.as_deref()) {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "error: {e}\n  hint: add your own as {}/NAME.md in the theme folder (`theme` in debrief.toml)",
                debrief_scaffold::THEME_TEMPLATES_DIR
            );
            return ExitCode::from(2);
        }
    };
    let now = match debrief_lint::now() {
        Ok(now) => now,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let new = debrief_scaffold::NewPostmortem {
        title,
        severity: &severity,
        severities: &severities,
        now,
        timezone: &cfg.timezone,
    };
    let text = debrief_scaffold::render(&new, &text);
    let written = debrief_scaffold::new_path(&cfg.content_dir(), &slug, bundle)
        .and_then(|path| debrief_scaffold::write_new(&path, &text).map(|()| path));
    match written {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!(
                "Wrote a draft postmortem: fill in each section (the <!-- prompts --> are never published), run `debrief check`, and remove `draft: true` once it is reviewed."
            );
            ExitCode::SUCCESS
        }
        Err(e @ debrief_scaffold::ScaffoldError::Exists(_)) => {
            eprintln!("error: {e}; nothing was written\n  hint: pick another title, or edit the existing postmortem");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
