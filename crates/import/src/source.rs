//! The thin I/O edge: reading a source (a file or a folder, by format) and the content
//! folder, and writing the planned files all at once (staged in a hidden folder inside
//! the content folder, then moved into place, so a failure leaves no half-written file).

use crate::error::ImportError;
use crate::model::{Format, Parsed};
use crate::plan::{Existing, Planned};
use crate::{cstate, statuspage, upptime};
use jiff::tz::TimeZone;
use std::path::{Path, PathBuf};

/// The staging folder's name inside the content folder (hidden: never read as content).
pub const STAGING: &str = ".debrief-import-staging";
/// File names looked for when a JSON source is a folder.
const STATUSPAGE_FILES: &[&str] = &["incidents.json", "summary.json", "history.json", "scheduled-maintenances.json"];
/// cState configuration files, first found wins.
const CSTATE_CONFIGS: &[&str] = &["config.yml", "config.yaml", "config.toml", "hugo.yml", "hugo.yaml", "hugo.toml"];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ImportError + '_ {
    move |source| ImportError::Io { path: path.to_path_buf(), source }
}

/// A file's text; not UTF-8 is an input error.
fn read_text(path: &Path) -> Result<String, ImportError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    String::from_utf8(bytes).map_err(|e| ImportError::Shape {
        file: path.to_path_buf(),
        message: format!("not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
        hint: "save the export as UTF-8".into(),
    })
}

/// Reads and parses `source` in `format`. `zone` is the site's, for sources that name none.
pub fn read(format: Format, source: &Path, zone: &TimeZone) -> Result<Parsed, ImportError> {
    let meta = std::fs::metadata(source).map_err(io(source))?;
    match format {
        Format::Statuspage => {
            let file = if meta.is_dir() {
                first_file(source, STATUSPAGE_FILES, "incidents.json")?
            } else {
                source.to_path_buf()
            };
            statuspage::parse(&file, &read_text(&file)?, zone)
        }
        Format::Upptime => {
            let (file, comments) = if meta.is_dir() {
                let file = first_file(source, &["issues.json"], "issues.json")?;
                let comments = source.join("comments.json");
                (file, comments.is_file().then_some(comments))
            } else {
                (source.to_path_buf(), None)
            };
            let text = read_text(&file)?;
            let comments_text = comments.as_deref().map(read_text).transpose()?;
            let extra = comments.as_deref().zip(comments_text.as_deref());
            upptime::parse(&file, &text, extra, zone)
        }
        Format::Cstate => {
            if !meta.is_dir() {
                return Err(ImportError::Shape {
                    file: source.to_path_buf(),
                    message: "a cState source is the site's folder (with content/issues/ and config.yml)".into(),
                    hint: "pass the folder that holds config.yml".into(),
                });
            }
            cstate::parse(&read_cstate(source)?, zone)
        }
    }
}

fn first_file(dir: &Path, names: &[&str], example: &str) -> Result<PathBuf, ImportError> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file()).ok_or_else(|| ImportError::Shape {
        file: dir.to_path_buf(),
        message: format!("a folder without {}", names.join(", ")),
        hint: format!("pass the JSON file itself, or a folder holding {example}"),
    })
}

/// The configuration and issue files of a cState site folder.
fn read_cstate(root: &Path) -> Result<cstate::Site, ImportError> {
    let config = match CSTATE_CONFIGS.iter().map(|n| root.join(n)).find(|p| p.is_file()) {
        Some(path) => Some((path.clone(), read_text(&path)?)),
        None => None,
    };
    let issues_dir = [root.join("content/issues"), root.join("issues")]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.to_path_buf());
    let mut issues = Vec::new();
    for path in markdown_files(&issues_dir)? {
        if path.file_name().is_some_and(|n| n == "_index.md" || n == "index.md") {
            continue;
        }
        let rel = path.strip_prefix(&issues_dir).unwrap_or(&path);
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        issues.push((path.clone(), rel, read_text(&path)?));
    }
    if issues.is_empty() && config.is_none() {
        return Err(ImportError::Shape {
            file: root.to_path_buf(),
            message: "no cState issues (content/issues/*.md) and no config.yml here".into(),
            hint: "pass the cState site's folder".into(),
        });
    }
    Ok(cstate::Site { config, issues })
}

/// Every `*.md` under `dir`, hidden files and folders skipped, sorted.
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            ImportError::Io { path, source: e.into() }
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "md") {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// The Markdown files of the content folder (none when it does not exist yet).
pub fn read_content(content_dir: &Path) -> Result<Vec<Existing>, ImportError> {
    if !content_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for path in markdown_files(content_dir)? {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let rel = path.strip_prefix(content_dir).unwrap_or(&path).to_path_buf();
        out.push(Existing { path: rel, text });
    }
    Ok(out)
}

/// Writes every file of `files` that is to be written: all into the staging folder first,
/// then each moved into place. Returns the paths written, relative to the content folder.
pub fn write(content_dir: &Path, files: &[Planned]) -> Result<Vec<PathBuf>, ImportError> {
    let staging = content_dir.join(STAGING);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let result = stage_and_move(content_dir, &staging, files);
    let _ = std::fs::remove_dir_all(&staging);
    result
}

fn stage_and_move(content_dir: &Path, staging: &Path, files: &[Planned]) -> Result<Vec<PathBuf>, ImportError> {
    let to_write: Vec<&Planned> = files.iter().filter(|f| f.action.writes()).collect();
    for file in &to_write {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, &file.text).map_err(io(&path))?;
    }
    let mut written = Vec::new();
    for file in to_write {
        let target = content_dir.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::rename(staging.join(&file.path), &target).map_err(io(&target))?;
        written.push(file.path.clone());
    }
    Ok(written)
}
