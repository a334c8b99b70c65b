//! Diagnostics: what went wrong (or looks wrong) in a content file, where, and how to fix it.
//!
//! Every stage that reads user input reports through [`Diagnostic`], so a run can collect
//! all problems of all files and show them together, as text for people, JSON for tools or
//! GitHub workflow commands for CI annotations.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The build cannot go on: nothing is published.
    Error,
    /// Published anyway, but the author should look.
    Warning,
}

/// One problem in one file, with a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// The file, as the user would name it (relative to the site root where possible).
    #[serde(serialize_with = "lossy_path")]
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub fn error(file: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            level: Level::Error,
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `file:line:column`.
    pub fn warning(file: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self { level: Level::Warning, ..Self::error(file, line, column, message) }
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// Renders as a GitHub Actions workflow command (`::error file=…,line=…::message`).
    pub fn to_github(&self) -> String {
        let kind = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        let mut message = self.message.clone();
        if let Some(hint) = &self.hint {
            message.push_str(" (hint: ");
            message.push_str(hint);
            message.push(')');
        }
        format!(
            "::{kind} file={},line={},col={}::{}",
            github_escape_property(&self.file.display().to_string()),
            self.line,
            self.column,
            github_escape_data(&message)
        )
    }

    /// Renders for a person, with the offending source line when `source` is given.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = self.to_string();
        if let Some(line) = source.and_then(|s| s.lines().nth(self.line.saturating_sub(1))) {
            let shown: String = line.chars().take(160).collect();
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let caret_at = self.column.saturating_sub(1).min(shown.chars().count());
            let lead: String = shown.chars().take(caret_at).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            out.push_str(&format!("\n {pad} |\n {gutter} | {shown}\n {pad} | {lead}^"));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("\n  = hint: {hint}"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        write!(f, "{kind}: {}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)
    }
}

/// File names need not be UTF-8; JSON output shows them lossily rather than failing.
fn lossy_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

fn github_escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn github_escape_property(s: &str) -> String {
    github_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Sorts diagnostics by file, line, column so output is stable whatever the parallel order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.level, &a.message).cmp(&(&b.file, b.line, b.column, b.level, &b.message))
    });
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut cut = offset;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &text[..cut];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Makes `path` relative to `base` for display when it lies inside it.
pub fn display_path(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé\nxyz";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 7), (3, 1));
    }

    #[test]
    fn renders_snippet_and_hint() {
        let d = Diagnostic::error("a.md", 2, 11, "unknown severity `SEV9`").with_hint("use one of SEV1, SEV2");
        let text = d.render(Some("---\nseverity: SEV9\n---\n"));
        assert!(text.starts_with("error: a.md:2:11: unknown severity `SEV9`"), "{text}");
        assert!(text.contains(" 2 | severity: SEV9"), "{text}");
        assert!(text.contains("= hint: use one of SEV1, SEV2"), "{text}");
    }

    #[test]
    fn github_format_escapes() {
        let d = Diagnostic::warning("x,y.md", 3, 1, "50%\nbad");
        assert_eq!(d.to_github(), "::warning file=x%2Cy.md,line=3,col=1::50%25%0Abad");
    }
}
