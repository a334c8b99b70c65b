//! `debrief-content`: reads a folder of incident postmortems into a validated content model.
//!
//! - [`discover`] finds `content/**/*.md` files and bundle folders (the only I/O).
//! - [`frontmatter`] splits and reads YAML or TOML front matter with positions.
//! - [`parse`] validates front matter fields and reads the body into a [`Postmortem`].
//! - [`markdown`] recognises sections and walks the body for timeline and action items.
//! - [`timeline`] reads timeline events in the many layouts teams use.
//! - [`actions`] reads action items in every shape (lists, tables, groups).
//! - [`facts`] derives detected / mitigated / resolved from the text.
//! - [`when`] reads the many ways people write dates and times.
//! - [`diagnostic`] reports problems with file, line, column and a hint.
//!
//! [`load`] runs all of it over a folder, in parallel, and reports every problem at once.

pub mod actions;
pub mod diagnostic;
pub mod discover;
pub mod facts;
pub mod frontmatter;
pub mod markdown;
pub mod model;
pub mod parse;
pub mod slug;
pub mod timeline;
pub mod when;

pub use diagnostic::{Diagnostic, Level};
pub use facts::Derived;
pub use model::{ActionItem, Fact, Figures, Postmortem, Section, SectionKind, Status, TimelineEvent};
pub use parse::{ParseContext, SourceDoc, parse_postmortem};
pub use when::When;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// All postmortems of a content folder, newest first.
#[derive(Debug, Default)]
pub struct Library {
    /// Valid postmortems (drafts included), newest first, then by slug.
    pub postmortems: Vec<Postmortem>,
    /// Every problem found, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }
}

/// Reads, parses and validates every postmortem under `content_dir`.
pub fn load(content_dir: &Path, display_base: &Path, ctx: &ParseContext) -> Library {
    let (docs, diagnostics) = discover::discover(content_dir, display_base);
    parse_all(&docs, diagnostics, ctx)
}

/// Parses and validates the postmortems [`discover::discover`] read (`diagnostics` are
/// its own, kept in the library).
pub fn parse_all(docs: &[SourceDoc], diagnostics: Vec<Diagnostic>, ctx: &ParseContext) -> Library {
    parse_all_with(docs, diagnostics, &|doc| parse_postmortem(doc, ctx))
}

/// A postmortem's parse: the postmortem when it is valid, and its diagnostics.
pub type Parsed = (Option<Postmortem>, Vec<Diagnostic>);

/// [`parse_all`] with the parse of one document given by the caller (`serve` reuses the
/// parse of a file whose bytes did not change); the checks across documents (duplicate
/// slugs, aliases) and the order are the same.
pub fn parse_all_with(
    docs: &[SourceDoc],
    mut diagnostics: Vec<Diagnostic>,
    parse: &(dyn Fn(&SourceDoc) -> Parsed + Sync),
) -> Library {
    let parsed: Vec<(Option<Postmortem>, Vec<Diagnostic>, PathBuf)> = docs
        .par_iter()
        .map(|doc| {
            let (pm, diags) = parse(doc);
            (pm, diags, doc.display_path.clone())
        })
        .collect();
    let mut postmortems = Vec::with_capacity(parsed.len());
    let mut shown_paths: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (pm, diags, shown) in parsed {
        diagnostics.extend(diags);
        if let Some(pm) = pm {
            if let Some(first) = shown_paths.get(&pm.slug) {
                diagnostics.push(
                    Diagnostic::error(
                        shown.clone(),
                        pm.slug_line.max(1),
                        1,
                        format!("duplicate slug `{}`: {} has it too", pm.slug, first.display()),
                    )
                    .with_hint(if pm.slug_line > 0 {
                        "change this `slug:`: every postmortem needs its own URL"
                    } else {
                        "give one of them an explicit `slug:` in its front matter"
                    }),
                );
                continue;
            }
            shown_paths.insert(pm.slug.clone(), shown);
            postmortems.push(pm);
        }
    }
    check_aliases(&postmortems, &mut diagnostics);
    postmortems.sort_by(|a, b| b.started.instant.cmp(&a.started.instant).then_with(|| a.slug.cmp(&b.slug)));
    diagnostic::sort(&mut diagnostics);
    Library { postmortems, diagnostics }
}

/// Top-level names the site generates; an alias may not take them.
pub const RESERVED_PATHS: &[&str] = &[
    "index.html",
    "404.html",
    "feed.xml",
    "feed.json",
    "sitemap.xml",
    "robots.txt",
    "favicon.svg",
    "api",
    "stats",
    "services",
    "tags",
    "severity",
    "years",
    "search",
    "incidents",
];

/// Two aliases, or an alias and an incident URL or a generated page, may not claim the
/// same path.
fn check_aliases(postmortems: &[Postmortem], diagnostics: &mut Vec<Diagnostic>) {
    let mut claimed: BTreeMap<String, &Path> =
        postmortems.iter().map(|pm| (format!("incidents/{}/", pm.slug), pm.path_shown.as_path())).collect();
    for pm in postmortems {
        for (alias, line) in pm.aliases.iter().zip(pm.alias_lines.iter()) {
            let first = alias.split('/').next().unwrap_or("");
            let generated = RESERVED_PATHS.contains(&first)
                && !(first == "incidents" && alias.split('/').filter(|s| !s.is_empty()).count() >= 2)
                || first.starts_with("style.")
                || first.starts_with("debrief.");
            let error = if generated {
                Some(format!("alias `/{alias}` would replace a page debrief generates"))
            } else {
                claimed.get(alias).map(|other| format!("alias `/{alias}` is already taken by {}", other.display()))
            };
            match error {
                Some(message) => diagnostics.push(
                    Diagnostic::error(pm.path_shown.clone(), *line, 1, message)
                        .with_hint("remove the alias or pick another old URL"),
                ),
                None => {
                    claimed.insert(alias.clone(), pm.path_shown.as_path());
                }
            }
        }
    }
}
