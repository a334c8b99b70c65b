//! What the browser's error overlay shows: each error of a failed rebuild with its file,
//! line, column, the source line and the hint, as JSON for the live-reload script. The
//! source line is read only from the site's own input files (Markdown and TOML inside the
//! root, never through a symbolic link, never an output file).

use debrief_content::Diagnostic;
use debrief_site::Failure;
use serde_json::{Value, json};
use std::path::Path;

/// The overlay of a failed build: a title and one entry per error (warnings are left to
/// the terminal).
pub fn failure_json(failure: &Failure, root: &Path) -> Value {
    match failure {
        Failure::Content(diagnostics) => {
            let errors: Vec<Value> = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| diagnostic_json(d, debrief_site::read_input_source(root, &d.file).as_deref()))
                .collect();
            json!({ "title": format!("{} error(s): the last good site is still served", errors.len()), "errors": errors })
        }
        Failure::Theme(message) => json!({
            "title": "theme error: the last good site is still served",
            "errors": [{ "file": "", "line": 0, "column": 0, "message": message, "source": null, "hint": "fix the template named above" }],
        }),
        Failure::Io(message) => json!({
            "title": "the site cannot be built: the last good site is still served",
            "errors": [{ "file": "", "line": 0, "column": 0, "message": message, "source": null, "hint": null }],
        }),
    }
}

/// One diagnostic with the line of `source` it points at.
pub fn diagnostic_json(d: &Diagnostic, source: Option<&str>) -> Value {
    let line = source.and_then(|text| text.lines().nth(d.line.checked_sub(1)?)).map(|l| l.trim_end_matches('\r'));
    json!({
        "file": d.file.to_string_lossy().replace('\\', "/"),
        "line": d.line,
        "column": d.column,
        "message": d.message,
        "source": line,
        "hint": d.hint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_carries_its_place_source_line_and_hint() {
        let d = Diagnostic::error("content/x.md", 3, 11, "unknown severity `SEV9`").with_hint("did you mean `SEV1`?");
        let v = diagnostic_json(&d, Some("---\ntitle: X\nseverity: SEV9\r\n---\n"));
        assert_eq!(v["file"], "content/x.md");
        assert_eq!((v["line"].as_u64(), v["column"].as_u64()), (Some(3), Some(11)));
        assert_eq!(v["source"], "severity: SEV9");
        assert_eq!(v["hint"], "did you mean `SEV1`?");
        // A line past the end has no source line; nothing panics.
        let far = Diagnostic::error("content/x.md", 99, 1, "m");
        assert!(diagnostic_json(&far, Some("one line")).get("source").is_some_and(Value::is_null));
    }

    #[test]
    fn warnings_stay_out_of_the_overlay() {
        let failure = Failure::Content(vec![
            Diagnostic::warning("content/a.md", 1, 1, "a warning"),
            Diagnostic::error("content/b.md", 2, 3, "an error"),
        ]);
        let v = failure_json(&failure, Path::new("/nonexistent"));
        assert_eq!(v["errors"].as_array().map(Vec::len), Some(1));
        assert_eq!(v["errors"][0]["message"], "an error");
    }
}
