//! Front matter: splitting it from the body, and reading YAML (`---`) or TOML (`+++`) into
//! a map of fields that remember the line each came from, so validation can point at it.

use crate::diagnostic::line_col;
use serde_json::Value;
use std::collections::BTreeMap;

/// Which syntax the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` … `---`
    Yaml,
    /// `+++` … `+++`
    Toml,
}

/// A document split into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// YAML or TOML.
    pub format: Format,
    /// The text between the delimiters.
    pub front: &'a str,
    /// 1-based line of the first front matter line.
    pub front_line: usize,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Why a document could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let first = text[..first_line_end].trim_end_matches('\r').trim_end();
    let (format, closers): (Format, &[&str]) = match first {
        "---" => (Format::Yaml, &["---", "..."]),
        "+++" => (Format::Toml, &["+++"]),
        _ => {
            return Err(SplitError {
                line: 1,
                message: "missing front matter".into(),
                hint: "start the file with a `---` line, then `title:`, `severity:` and `started:`, then a closing `---` line"
                    .into(),
            });
        }
    };
    let front_start = (first_line_end + 1).min(text.len());
    let mut offset = front_start;
    for (line_no, line) in (2..).zip(text[front_start..].split_inclusive('\n')) {
        let bare = line.trim_end_matches(['\n', '\r']).trim_end();
        if closers.contains(&bare) {
            let body_start = offset + line.len();
            return Ok(Split {
                format,
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError {
        line: 1,
        message: format!("front matter is not closed: no `{}` line after the opening one", closers[0]),
        hint: format!("add a line with `{}` after the last front matter field", closers[0]),
    })
}

/// One front matter field: its value and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The value, as JSON-like data (TOML dates become strings).
    pub value: Value,
    /// 1-based line in the whole file.
    pub line: usize,
    /// 1-based column in the whole file.
    pub column: usize,
}

/// The fields of one front matter block, by name.
pub type Fields = BTreeMap<String, Field>;

/// A syntax error in front matter, positioned in the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What the parser said.
    pub message: String,
}

/// Parses the front matter of `split` into fields.
pub fn parse_fields(split: &Split<'_>) -> Result<Fields, SyntaxError> {
    match split.format {
        Format::Yaml => parse_yaml(split.front, split.front_line),
        Format::Toml => parse_toml(split.front, split.front_line),
    }
}

fn parse_yaml(front: &str, first_line: usize) -> Result<Fields, SyntaxError> {
    if front.trim().is_empty() {
        return Ok(Fields::new());
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 64,
            max_nodes: 100_000,
            max_total_scalar_bytes: 4 * 1024 * 1024,
        },
    };
    type Spanned = serde_saphyr::Spanned<Value>;
    let parsed: Result<Option<BTreeMap<String, Spanned>>, _> = serde_saphyr::from_str_with_options(front, options);
    match parsed {
        Ok(map) => Ok(map
            .unwrap_or_default()
            .into_iter()
            .map(|(key, spanned)| {
                let line = spanned.referenced.line() as usize;
                let column = spanned.referenced.column() as usize;
                let field = Field {
                    value: spanned.value,
                    line: if line == 0 { first_line } else { line + first_line - 1 },
                    column: column.max(1),
                };
                (key, field)
            })
            .collect()),
        Err(err) => {
            let (line, column) = err
                .location()
                .map(|l| (l.line() as usize, l.column() as usize))
                .filter(|(l, _)| *l > 0)
                .unwrap_or((1, 1));
            let message = first_line_of(&err.without_snippet().to_string());
            Err(SyntaxError {
                line: line + first_line - 1,
                column,
                message: format!("invalid YAML front matter: {message}"),
            })
        }
    }
}

fn first_line_of(message: &str) -> String {
    let line = message.lines().next().unwrap_or("syntax error").trim();
    // saphyr appends " at line X column Y"; the diagnostic carries the position itself.
    match line.rfind(" at line ") {
        Some(i) => line[..i].to_string(),
        None => line.to_string(),
    }
}

fn parse_toml(front: &str, first_line: usize) -> Result<Fields, SyntaxError> {
    let table: toml::Spanned<toml::Table> = match toml::from_str(front) {
        Ok(table) => table,
        Err(err) => {
            let (line, column) = err.span().map_or((1, 1), |span| line_col(front, span.start));
            let message = first_line_of(err.message());
            return Err(SyntaxError {
                line: line + first_line - 1,
                column,
                message: format!("invalid TOML front matter: {message}"),
            });
        }
    };
    let mut fields = Fields::new();
    for (key, value) in table.into_inner() {
        let (line, column) = find_toml_key(front, &key).unwrap_or((1, 1));
        fields.insert(key, Field { value: toml_to_json(value), line: line + first_line - 1, column });
    }
    Ok(fields)
}

/// Finds the line of a top-level `key =` in TOML text (good enough for pointing at it).
fn find_toml_key(front: &str, key: &str) -> Option<(usize, usize)> {
    for (i, line) in front.lines().enumerate() {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key).or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if let Some(rest) = rest
            && rest.trim_start().starts_with('=')
        {
            return Some((i + 1, line.len() - trimmed.len() + 1));
        }
    }
    None
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_toml() {
        let s = split("---\ntitle: A\n---\n\n## Summary\n").unwrap();
        assert_eq!((s.format, s.front, s.body, s.body_line), (Format::Yaml, "title: A\n", "\n## Summary\n", 4));
        let s = split("+++\r\ntitle = 'A'\r\n+++\r\nbody").unwrap();
        assert_eq!((s.format, s.body), (Format::Toml, "body"));
        assert_eq!(split("# Title\n").unwrap_err().line, 1);
        assert!(split("---\ntitle: A\n").unwrap_err().message.contains("not closed"));
    }

    #[test]
    fn yaml_fields_have_lines() {
        let text = "---\ntitle: A\nseverity: SEV2\nservices:\n  - api\n---\n";
        let fields = parse_fields(&split(text).unwrap()).unwrap();
        assert_eq!(fields["title"].line, 2);
        assert_eq!(fields["severity"].line, 3);
        assert_eq!(fields["severity"].value, Value::String("SEV2".into()));
        assert_eq!(fields["services"].value, serde_json::json!(["api"]));
    }

    #[test]
    fn yaml_syntax_error_is_positioned() {
        let text = "---\ntitle: A\nseverity: [SEV2\nstarted: x\n---\n";
        let err = parse_fields(&split(text).unwrap()).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        assert!(err.message.starts_with("invalid YAML front matter"), "{err:?}");
    }

    #[test]
    fn toml_dates_become_strings() {
        let text = "+++\ntitle = \"A\"\nstarted = 2025-02-03T14:05:00Z\n+++\n";
        let fields = parse_fields(&split(text).unwrap()).unwrap();
        assert_eq!(fields["started"].value, Value::String("2025-02-03T14:05:00Z".into()));
        assert_eq!(fields["started"].line, 3);
    }

    #[test]
    fn toml_syntax_error_is_positioned() {
        let text = "+++\ntitle = \"A\"\nstarted = \n+++\n";
        let err = parse_fields(&split(text).unwrap()).unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
    }
}
