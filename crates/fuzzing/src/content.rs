//! Front matter and whole-document targets: the content crate reads every byte a user
//! writes, so it must answer any input with a postmortem or positioned diagnostics.

use debrief_content::frontmatter::{parse_fields, split};
use debrief_content::{ParseContext, SourceDoc, parse_postmortem};
use std::path::PathBuf;

/// Number of lines a diagnostic may name in `text` (a file ending without a newline
/// still has its last line; an empty file has line 1). Lines end at `\n`, `\r\n` or a
/// lone `\r`, as Markdown reads them.
fn line_count(text: &str) -> usize {
    debrief_content::diagnostic::line_starts(text).len()
}

/// Front matter: split and parse never panic; every field and error names a line of the
/// file and a column from 1.
pub fn frontmatter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // As `parse_postmortem` reads a file: a lone `\r` ends a line.
    let text = debrief_content::diagnostic::normalise_line_ends(&text);
    let lines = line_count(&text);
    let Ok(parts) = split(&text) else { return };
    assert!(parts.front_line >= 1 && parts.body_line >= 2, "{parts:?}");
    assert!(parts.body_line <= lines + 1, "body line {} of {lines}", parts.body_line);
    match parse_fields(&parts) {
        Ok(fields) => {
            for (key, field) in &fields {
                assert!((1..=lines).contains(&field.line), "{key} at line {} of {lines}", field.line);
                assert!(field.column >= 1, "{key} at column 0");
            }
        }
        Err(err) => {
            assert!((1..=lines).contains(&err.line), "error at line {} of {lines}: {err:?}", err.line);
            assert!(err.column >= 1, "{err:?}");
        }
    }
}

/// A whole file through `parse_postmortem` (front matter, sections, timeline, action
/// items): never a panic; every diagnostic names a line of the file; a file that parses
/// has timeline events and action items on lines of the file, and a valid slug.
pub fn content(data: &[u8]) {
    let doc = SourceDoc {
        path: PathBuf::from("fuzz.md"),
        display_path: PathBuf::from("content/fuzz.md"),
        bytes: data.to_vec(),
        bundle: None,
        assets: Vec::new(),
    };
    let (pm, diagnostics) = parse_postmortem(&doc, &ParseContext::default());
    let text = String::from_utf8_lossy(data);
    let lines = line_count(&text);
    for d in &diagnostics {
        assert!((1..=lines).contains(&d.line), "diagnostic at line {} of {lines}: {d}", d.line);
        assert!(d.column >= 1, "{d}");
        assert!(!d.message.is_empty(), "{d}");
        // Rendering with the source never fails either.
        let _ = d.render(Some(&text));
    }
    let has_error = diagnostics.iter().any(|d| d.is_error());
    match pm {
        Some(pm) => {
            assert!(!has_error, "a postmortem came back with errors: {diagnostics:?}");
            assert_eq!(debrief_content::slug::problem(&pm.slug), None, "slug {:?}", pm.slug);
            for e in &pm.timeline {
                assert!((1..=lines).contains(&e.line), "event at line {} of {lines}", e.line);
            }
            for a in &pm.action_items {
                assert!((1..=lines).contains(&a.line), "action item at line {} of {lines}", a.line);
            }
        }
        None => assert!(has_error, "no postmortem and no error"),
    }
}
