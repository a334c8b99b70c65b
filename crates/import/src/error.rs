//! Why an import wrote nothing: typed errors that name the file and, for JSON and front
//! matter, the line and column, each with a hint.

use std::path::PathBuf;

/// An import that cannot go ahead.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The source is not valid JSON.
    #[error("{}:{line}:{column}: invalid JSON: {message}", .file.display())]
    Json {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// A file of the source (cState issue or configuration) cannot be read as YAML or TOML.
    #[error("{}:{line}:{column}: {message}", .file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Valid syntax, but not the shape of the format.
    #[error("{}: {message}", .file.display())]
    Shape {
        /// The file or folder.
        file: PathBuf,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// Reading the source, or writing the postmortems, failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl ImportError {
    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            Self::Json { .. } => {
                "fix the JSON at that position (export it again, or check it with `jq . FILE`); nothing was written"
                    .into()
            }
            Self::Syntax { .. } => "fix the syntax at that position; nothing was written".into(),
            Self::Shape { hint, .. } => format!("{hint}; nothing was written"),
            Self::Io { .. } => "check the path and its permissions".into(),
        }
    }

    /// Whether the input is at fault (exit 1) rather than the system (exit 2).
    pub fn is_input_error(&self) -> bool {
        !matches!(self, Self::Io { .. })
    }
}

/// Parses JSON, positioning a syntax error in `file`.
pub(crate) fn parse_json(file: &std::path::Path, text: &str) -> Result<serde_json::Value, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the position is shown in front.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        ImportError::Json { file: file.to_path_buf(), line: e.line().max(1), column: e.column().max(1), message }
    })
}
