//! Diagnostics: what went wrong (or looks wrong) in a content file, where, and how to fix it.
//!
//! Every stage that reads user input reports through [`Diagnostic`], so a run can collect
//! all problems of all files and show them together, as text for people, JSON for tools or
//! GitHub workflow commands for CI annotations.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The build cannot go on: nothing is published.
    Error,
    /// Published anyway, but the author should look.
    Warning,
    /// What debrief read or derived, for the author's information (`check` only).
    Note,
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

    /// A note at `file:line:column`: what was read or derived, not a problem.
    pub fn note(file: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self { level: Level::Note, ..Self::error(file, line, column, message) }
    }

    /// Whether this is a note (information, not a problem).
    pub fn is_note(&self) -> bool {
        self.level == Level::Note
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
            Level::Note => "notice",
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
        self.render_line(source.and_then(|s| s.lines().nth(self.line.saturating_sub(1))))
    }

    /// Renders for a person, with `line` as the offending source line (its text, without
    /// the newline). For many diagnostics of one file, split the file into lines once and
    /// pass each its line: rendering stays linear in the number of diagnostics.
    pub fn render_line(&self, line: Option<&str>) -> String {
        let mut out = self.to_string();
        if let Some(line) = line {
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
            Level::Note => "note",
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

impl Diagnostic {
    /// What kind of problem this is: the message with every `` `quoted` `` part (the
    /// offending value) replaced by `…`. Diagnostics of one file, level and kind are
    /// "more like this" when output is summarised ([`summarise`]).
    pub fn kind(&self) -> String {
        let mut out = String::with_capacity(self.message.len());
        let mut parts = self.message.split('`');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        let rest: Vec<&str> = parts.collect();
        // Pairs of backticks quote a value; an unpaired last one is kept as written.
        let mut chunks = rest.chunks_exact(2);
        for pair in &mut chunks {
            out.push_str("`…`");
            out.push_str(pair[1]);
        }
        for odd in chunks.remainder() {
            out.push('`');
            out.push_str(odd);
        }
        out
    }
}

/// How many diagnostics of one file, level and kind are shown before the rest are counted.
pub const SHOWN_PER_KIND: usize = 5;

/// One item of summarised output: a diagnostic to show, or the count of those held back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summarised<'a> {
    /// Show this diagnostic.
    Show(&'a Diagnostic),
    /// `count` more diagnostics like `example` (same file, level and kind) were not shown.
    More {
        /// The first diagnostic of the kind.
        example: &'a Diagnostic,
        /// How many were held back.
        count: usize,
    },
}

/// Summarises diagnostics for people: of each file's diagnostics of one level and kind
/// ([`Diagnostic::kind`]) the first [`SHOWN_PER_KIND`] are shown, then one
/// [`Summarised::More`] after that file's diagnostics counts the rest. Order is kept;
/// linear time. Machine formats (JSON) show every diagnostic instead.
pub fn summarise(diagnostics: &[Diagnostic]) -> Vec<Summarised<'_>> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    let mut i = 0;
    while i < diagnostics.len() {
        // One file's run (diagnostics are sorted by file; an unsorted list just makes runs
        // shorter).
        let file = &diagnostics[i].file;
        let end = diagnostics[i..].iter().position(|d| &d.file != file).map_or(diagnostics.len(), |n| i + n);
        // (level, kind) → (first, seen), in order of first appearance.
        let mut seen: HashMap<(Level, String), usize> = HashMap::new();
        let mut kinds: Vec<(&Diagnostic, usize)> = Vec::new();
        for d in &diagnostics[i..end] {
            let slot = *seen.entry((d.level, d.kind())).or_insert_with(|| {
                kinds.push((d, 0));
                kinds.len() - 1
            });
            kinds[slot].1 += 1;
            if kinds[slot].1 <= SHOWN_PER_KIND {
                out.push(Summarised::Show(d));
            }
        }
        for (example, count) in kinds {
            if count > SHOWN_PER_KIND {
                out.push(Summarised::More { example, count: count - SHOWN_PER_KIND });
            }
        }
        i = end;
    }
    out
}

/// `199990` → `199,990`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Summarised<'_> {
    /// The "… and N more like this" line for people (`None` for a shown diagnostic).
    pub fn more_line(&self) -> Option<String> {
        let Summarised::More { example, count } = self else { return None };
        let level = match example.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        };
        Some(format!(
            "{level}: {}: … and {} more like this ({})",
            example.file.display(),
            thousands(*count),
            example.kind()
        ))
    }
}

/// Sorts diagnostics by file, line, column so output is stable whatever the parallel order.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.level, &a.message).cmp(&(&b.file, b.line, b.column, b.level, &b.message))
    });
}

/// 1-based line and column (in characters) of a byte offset in `text`. Lines end at
/// `\n`, `\r\n` or a lone `\r`, as Markdown and YAML read them.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut cut = offset;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let before = &text[..cut];
    let bytes = before.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        // `\r\n` counts once, at its `\n`; a `\r` at the very end of `before` may be the
        // first half of one, and counts only when the text goes on without a `\n`.
        let lone_cr = b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n');
        if b == b'\n' || lone_cr {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offsets where the lines of `text` start; lines end as in [`line_col`].
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// `text` with every lone `\r` made a `\n`, so that every reader of a file (front matter,
/// Markdown, positions) agrees on its lines. Borrowed when there is none.
pub fn normalise_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for i in (0..bytes.len()).filter(|&i| lone(i)) {
        out.push_str(&text[from..i]);
        out.push('\n');
        from = i + 1;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// Edit distance between `a` and `b`, ignoring case: insertions, deletions, substitutions
/// and swaps of two neighbours (`resovled`) each cost 1 (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    // Three rows: the one before the previous (for swaps), the previous and the current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The one "did you mean" of debrief (front matter fields and severities, site and
/// redaction configuration): the candidate nearest to `word` by [`edit_distance`], when it
/// is near enough to be a typo of it — 1 edit for names of up to 4 characters, 2 up to 8,
/// 3 beyond — or, failing that, a candidate of 4 or more letters that `word` extends with
/// letters only (`replacement` → `replace`; `tags_internal` is not `tags`). Ties go to the
/// earlier candidate; an exact match is not a suggestion.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let near = candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|&(d, c)| {
            let allowed = match c.chars().count() {
                0..=4 => 1,
                5..=8 => 2,
                _ => 3,
            };
            d > 0 && d <= allowed
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c);
    near.or_else(|| {
        let lower = word.to_lowercase();
        candidates.iter().copied().find(|c| {
            let c_lower = c.to_lowercase();
            c.chars().count() >= 4
                && lower.len() > c_lower.len()
                && lower.strip_prefix(&c_lower).is_some_and(|rest| rest.chars().all(char::is_alphabetic))
        })
    })
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
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc\nd";
        assert_eq!(line_col(text, 2), (2, 1));
        assert_eq!(line_col(text, 3), (2, 2), "before the \\r of \\r\\n");
        assert_eq!(line_col(text, 5), (3, 1));
        assert_eq!(line_col(text, 7), (4, 1));
        assert_eq!(line_starts(text), [0, 2, 5, 7]);
        assert_eq!(normalise_line_ends(text), "a\nb\r\nc\nd");
        assert!(matches!(normalise_line_ends("a\r\nb"), std::borrow::Cow::Borrowed(_)));
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
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("resovled", "resolved"), 1);
        assert_eq!(edit_distance("Titel", "title"), 1);
        assert_eq!(edit_distance("tag", "tags"), 1);
        assert_eq!(edit_distance("ticket", "title"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("café", "cafe"), 1);
    }

    #[test]
    fn did_you_mean_suggests_only_near_names() {
        let fields = ["title", "severity", "resolved", "services", "tags"];
        assert_eq!(did_you_mean("resovled", &fields), Some("resolved"));
        assert_eq!(did_you_mean("sevrity", &fields), Some("severity"));
        assert_eq!(did_you_mean("service", &fields), Some("services"));
        assert_eq!(did_you_mean("tag", &fields), Some("tags"));
        assert_eq!(did_you_mean("ticket", &fields), None);
        assert_eq!(did_you_mean("owner", &fields), None);
        assert_eq!(did_you_mean("team", &fields), None);
        assert_eq!(did_you_mean("title", &fields), None, "an exact match is not a typo");
        assert_eq!(did_you_mean("replacement", &["name", "terms", "replace"]), Some("replace"));
        assert_eq!(did_you_mean("tags_internal", &fields), None);
    }

    #[test]
    fn kind_hides_quoted_values() {
        let d = Diagnostic::warning("a.md", 9, 1, "timeline time `9h12` could not be read");
        assert_eq!(d.kind(), "timeline time `…` could not be read");
        let d = Diagnostic::warning("a.md", 9, 1, "odd `one` and `unpaired");
        assert_eq!(d.kind(), "odd `…` and `unpaired");
    }

    #[test]
    fn summarise_shows_five_of_a_kind_per_file_then_counts() {
        let mut all = Vec::new();
        for line in 1..=12 {
            all.push(Diagnostic::warning("a.md", line, 1, format!("timeline time `x{line}` could not be read")));
        }
        all.insert(3, Diagnostic::error("a.md", 3, 1, "unknown severity `SEV9`"));
        all.push(Diagnostic::warning("b.md", 1, 1, "timeline time `y` could not be read"));
        let out = summarise(&all);
        let shown: Vec<(String, usize)> = out
            .iter()
            .filter_map(|s| match s {
                Summarised::Show(d) => Some((d.file.display().to_string(), d.line)),
                Summarised::More { .. } => None,
            })
            .collect();
        let expected = [("a.md", 1), ("a.md", 2), ("a.md", 3), ("a.md", 3), ("a.md", 4), ("a.md", 5), ("b.md", 1)];
        assert_eq!(shown, expected.map(|(f, l)| (f.to_string(), l)));
        let more: Vec<String> = out.iter().filter_map(Summarised::more_line).collect();
        assert_eq!(more, ["warning: a.md: … and 7 more like this (timeline time `…` could not be read)"]);
        assert!(matches!(out[6], Summarised::More { count: 7, .. }), "the count follows a.md's diagnostics");
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(199_990), "199,990");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn github_format_escapes() {
        let d = Diagnostic::warning("x,y.md", 3, 1, "50%\nbad");
        assert_eq!(d.to_github(), "::warning file=x%2Cy.md,line=3,col=1::50%25%0Abad");
    }
}
