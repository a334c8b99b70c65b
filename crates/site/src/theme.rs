//! The theme: templates and static files, embedded in the binary from `site/`, where any
//! file of a user's theme folder replaces its twin. Also sets up the template engine
//! (minijinja, HTML auto-escape on, strict undefined).

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));

/// Theme files by path relative to the theme folder (`templates/base.html`, `static/style.css`).
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, Vec<u8>>,
}

/// Why a theme could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// A file of the theme folder could not be read.
    #[error("cannot read theme file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A template does not parse.
    #[error("template {name}: {message}")]
    Template {
        /// Template name.
        name: String,
        /// What minijinja said, with the line.
        message: String,
    },
}

impl Theme {
    /// The embedded default theme.
    pub fn embedded() -> Self {
        Self { files: EMBEDDED.iter().map(|(p, b)| ((*p).to_string(), b.to_vec())).collect() }
    }

    /// The embedded theme with the files of `dir` (its `templates/` and `static/`) on top.
    pub fn with_overrides(dir: &Path) -> Result<Self, ThemeError> {
        let mut theme = Self::embedded();
        for sub in ["templates", "static"] {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in walkdir(&base) {
                let rel = entry.strip_prefix(dir).unwrap_or(&entry).to_string_lossy().replace('\\', "/");
                let bytes = std::fs::read(&entry).map_err(|source| ThemeError::Read { path: rel.clone(), source })?;
                theme.files.insert(rel, bytes);
            }
        }
        Ok(theme)
    }

    /// A theme file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Static files (`static/…`), as (path below `static/`, bytes).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(p, b)| p.strip_prefix("static/").map(|rel| (rel, b.as_slice())))
    }

    /// A hash of every file of the theme (a changed theme means a full rebuild in `serve`).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.files.hash(&mut h);
        h.finish()
    }

    /// A template engine loaded with every `templates/*` file.
    pub fn environment(&self) -> Result<Environment<'static>, ThemeError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // One HTML escaper for the whole site: templates escape with the search engine's
        // (the one its snippets and the browser's results use).
        env.set_formatter(|out, state, value| match state.auto_escape() {
            minijinja::AutoEscape::Html if !value.is_safe() && !value.is_undefined() && !value.is_none() => {
                let mut text = String::new();
                debrief_search::snippet::escape_html(&value.to_string(), &mut text);
                out.write_str(&text).map_err(minijinja::Error::from)
            }
            _ => minijinja::escape_formatter(out, state, value),
        });
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
            env.set_syntax(syntax);
        }
        for (path, bytes) in &self.files {
            let Some(name) = path.strip_prefix("templates/") else { continue };
            let source = String::from_utf8(bytes.clone())
                .map_err(|_| ThemeError::Template { name: name.to_string(), message: "not UTF-8".into() })?;
            env.add_template_owned(name.to_string(), source)
                .map_err(|e| ThemeError::Template { name: name.to_string(), message: template_error(&e) })?;
        }
        Ok(env)
    }
}

/// A template error with its line, as one string.
pub fn template_error(e: &minijinja::Error) -> String {
    let mut message = e.to_string();
    if let (Some(name), Some(line)) = (e.name(), e.line()) {
        message = format!("{message} ({name}:{line})");
    }
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        message.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    message
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_escape_with_the_search_engines_html_escaper() {
        let mut env = Theme::embedded().environment().expect("embedded theme loads");
        env.add_template("probe.html", "{{ x }}|{{ n }}|{{ s }}").unwrap();
        let text = "<a href='x'>\"Tom & Jerry\"</a>";
        let out = env
            .get_template("probe.html")
            .unwrap()
            .render(minijinja::context! { x => text, n => 3, s => minijinja::Value::from_safe_string("<b>".into()) })
            .unwrap();
        let mut want = String::new();
        debrief_search::snippet::escape_html(text, &mut want);
        assert_eq!(out, format!("{want}|3|<b>"));
        assert_eq!(want, "&lt;a href=&#39;x&#39;&gt;&quot;Tom &amp; Jerry&quot;&lt;/a&gt;");
    }
}
