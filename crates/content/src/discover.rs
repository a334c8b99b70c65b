//! Finding postmortems on disk: `content/**/*.md` and bundle folders (`<slug>/index.md`
//! with their assets). The only module of this crate that touches the file system.
//!
//! Hidden files and folders are skipped. Symbolic links are followed only when they stay
//! inside the content folder; one that leaves it is an error, so a link can never pull
//! `/etc/passwd` or a private repository into a public site.

use crate::diagnostic::Diagnostic;
use crate::parse::{MAX_FILE_BYTES, SourceDoc};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads every postmortem file under `content_dir`, in a stable order.
///
/// `display_base` is the folder diagnostics paths are shown relative to (usually the
/// site root, so paths read `content/2025/x.md`).
pub fn discover(content_dir: &Path, display_base: &Path) -> (Vec<SourceDoc>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut diagnostics = Vec::new();
    let shown = |p: &Path| crate::diagnostic::display_path(p, display_base);
    let root = match fs::canonicalize(content_dir) {
        Ok(root) => root,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(shown(content_dir), 1, 1, format!("cannot read the content folder: {e}"))
                    .with_hint("set `content` in debrief.toml to the folder that holds your postmortems"),
            );
            return (docs, diagnostics);
        }
    };
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| content_dir.to_path_buf());
                diagnostics.push(Diagnostic::error(shown(&path), 1, 1, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            match fs::canonicalize(path) {
                Ok(target) if target.starts_with(&root) => {
                    if target.is_dir() {
                        diagnostics.push(
                            Diagnostic::warning(shown(path), 1, 1, "symbolic link to a folder is not followed")
                                .with_hint("move the folder into the content folder instead of linking it"),
                        );
                        continue;
                    }
                }
                Ok(_) => {
                    diagnostics.push(
                        Diagnostic::error(shown(path), 1, 1, "symbolic link points outside the content folder")
                            .with_hint("copy the file into the content folder; links may not leave it"),
                    );
                    continue;
                }
                Err(e) => {
                    diagnostics.push(Diagnostic::error(shown(path), 1, 1, format!("broken symbolic link: {e}")));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        files.push(path.to_path_buf());
    }

    // Bundle folders: every folder (below the root) holding an index.md.
    let bundles: Vec<PathBuf> = files
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| dir != content_dir)
        .collect();
    let bundle_of = |path: &Path| bundles.iter().filter(|b| path.starts_with(b)).max_by_key(|b| b.components().count());

    let mut assets: std::collections::BTreeMap<PathBuf, Vec<PathBuf>> = Default::default();
    let mut markdown: Vec<PathBuf> = Vec::new();
    for path in files {
        let is_md = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
        match bundle_of(&path) {
            Some(bundle)
                if !(is_md && path.file_name().is_some_and(|n| n == "index.md") && path.parent() == Some(bundle)) =>
            {
                if is_md {
                    // Never published: it could hold anything, and it is not redacted.
                    diagnostics.push(
                        Diagnostic::warning(
                            shown(&path),
                            1,
                            1,
                            "Markdown file inside a bundle folder is ignored and not published",
                        )
                        .with_hint("a bundle folder holds one `index.md` and its assets (images, diagrams)"),
                    );
                    continue;
                }
                let rel = path.strip_prefix(bundle).unwrap_or(&path).to_path_buf();
                assets.entry(bundle.clone()).or_default().push(rel);
            }
            _ if is_md => markdown.push(path),
            _ => {}
        }
    }

    for path in markdown {
        let rel = path.strip_prefix(content_dir).unwrap_or(&path).to_path_buf();
        let bytes = match read_limited(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                diagnostics.push(Diagnostic::error(shown(&path), 1, 1, format!("cannot read: {e}")));
                continue;
            }
        };
        let bundle_dir = (path.file_name().is_some_and(|n| n == "index.md"))
            .then(|| path.parent().filter(|p| *p != content_dir))
            .flatten();
        docs.push(SourceDoc {
            display_path: shown(&path),
            bundle: bundle_dir.map(|b| b.strip_prefix(content_dir).unwrap_or(b).to_path_buf()),
            assets: bundle_dir.and_then(|b| assets.get(b).cloned()).unwrap_or_default(),
            path: rel,
            bytes,
        });
    }
    (docs, diagnostics)
}

/// Reads a file, but no more than [`MAX_FILE_BYTES`] + 1 bytes, so a huge file is refused
/// by the parser without being loaded whole.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}
