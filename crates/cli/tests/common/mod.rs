//! Shared helpers for the `debrief` end-to-end tests: temporary site roots, running the
//! binary, reading what it wrote, parsing its diagnostics and the links of its pages.
//!
//! Every test file does `mod common;`, and not every file uses every helper.
#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The longest a single run of the binary may take before the test fails (a hang is a bug).
pub const RUN_TIMEOUT: Duration = Duration::from_secs(600);

/// The minimal valid configuration.
pub const MINIMAL_CONFIG: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\n";

/// The repository root (holds the example site: `debrief.toml` + `content/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `tests/fixtures/` at the repository root.
pub fn fixtures_dir() -> PathBuf {
    repo_root().join("tests/fixtures")
}

/// The text of a fixture file (`fixture("bad/yaml-unclosed-bracket.md")`).
pub fn fixture(rel: &str) -> String {
    let path = fixtures_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// A valid postmortem with the given title, severity and start; `more` is extra front
/// matter lines (each ending in `\n`), `body` the Markdown after the front matter.
pub fn postmortem(title: &str, severity: &str, started: &str, more: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nseverity: {severity}\nstarted: {started}\n{more}---\n\n{body}")
}

/// A small valid postmortem, distinguishable by `title`.
pub fn simple_postmortem(title: &str) -> String {
    postmortem(
        title,
        "SEV3",
        "2025-03-14T09:12:00Z",
        "resolved: 2025-03-14T10:40:00Z\nservices: [checkout-api]\ntags: [tls]\n",
        "## Summary\n\nSomething broke and we fixed it.\n\n## Timeline\n\n| Time (UTC) | Event |\n| --- | --- |\n| 09:12 | It broke. |\n| 10:40 | Fixed. |\n",
    )
}

/// A site root in a temporary folder, removed when dropped.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// An empty folder: no `debrief.toml`, no content.
    pub fn empty() -> Self {
        let dir = tempfile::Builder::new().prefix("debrief-test-").tempdir().expect("temp dir");
        Self { dir }
    }

    /// A site with the minimal configuration and an empty `content/` folder.
    pub fn new() -> Self {
        Self::with_config(MINIMAL_CONFIG)
    }

    /// A site with the given `debrief.toml` and an empty `content/` folder.
    /// The review lints are off (tests that count `check`'s warnings predate them; a
    /// config with its own `[lint]` keeps it; `authoring.rs` tests the lints).
    pub fn with_config(config: &str) -> Self {
        let site = Self::empty();
        site.write("debrief.toml", with_lints_off(config));
        std::fs::create_dir_all(site.path("content")).expect("content dir");
        site
    }

    /// A copy of the repository's example site (`debrief.toml`, `redaction.toml` when
    /// present, `content/`). Never build in the repository itself.
    pub fn example() -> Self {
        let site = Self::empty();
        let repo = repo_root();
        std::fs::copy(repo.join("debrief.toml"), site.path("debrief.toml")).expect("copy debrief.toml");
        if repo.join("redaction.toml").is_file() {
            std::fs::copy(repo.join("redaction.toml"), site.path("redaction.toml")).expect("copy redaction.toml");
        }
        copy_dir(&repo.join("content"), &site.path("content"));
        site
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path under the site root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.path("public")
    }

    /// Writes a file under the site root, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Removes a file under the site root.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        self
    }

    /// A file of the output folder, as text.
    pub fn read_public(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// `debrief build --root <root> <args>`.
    pub fn build(&self, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        let mut all = vec!["build", "--root", root.as_str()];
        all.extend_from_slice(args);
        run_in(self.root(), &all)
    }

    /// `debrief check --root <root> <args>`.
    pub fn check(&self, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        let mut all = vec!["check", "--root", root.as_str()];
        all.extend_from_slice(args);
        run_in(self.root(), &all)
    }

    /// Staging or previous-output folders left beside the output folder.
    pub fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.root())
            .expect("read root")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public."))
            .collect()
    }
}

/// `config` with every review lint turned off, unless it has a `[lint]` table already.
pub fn with_lints_off(config: &str) -> String {
    if config.contains("[lint]") {
        return config.to_string();
    }
    format!(
        "{config}\n[lint]\nmissing-section = false\naction-owner = false\ntimeline-order = false\nstale-unresolved = false\nblame = false\nplaceholder = false\n"
    )
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code and that nothing panicked; prints both streams when not.
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Self {
        assert!(!self.stderr.contains("panicked"), "the binary panicked:\n{}", self.stderr);
        assert_eq!(self.code, code, "unexpected exit code\n--- stdout:\n{}\n--- stderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// The diagnostics printed on stderr in the human format.
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_human(&self.stderr)
    }

    /// Only the error diagnostics.
    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics().into_iter().filter(|d| d.level == "error").collect()
    }
}

/// Runs the binary with `args` in the folder `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    run_with_env(cwd, args, &[])
}

/// Runs the binary with `args` in the folder `cwd`, with extra environment variables.
pub fn run_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = assert_cmd::Command::cargo_bin("debrief")
        .expect("the debrief binary")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .timeout(RUN_TIMEOUT)
        .output()
        .expect("run debrief");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// One diagnostic as printed for people: `error: <file>:<line>:<col>: <message>`, then a
/// source snippet, then `= hint: …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// `error` or `warning`.
    pub level: String,
    /// The file as printed, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The message.
    pub message: String,
    /// The hint, when printed.
    pub hint: Option<String>,
}

/// Reads `level: file:line:col: message` headers and the `= hint:` lines under them.
/// Lines that do not have that shape (summaries like `error: build failed: …`) are skipped.
pub fn parse_human(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    for line in stderr.lines() {
        if let Some(d) = parse_header(line) {
            out.push(d);
        } else if let Some(hint) = line.trim_start().strip_prefix("= hint: ")
            && let Some(last) = out.last_mut()
        {
            last.hint = Some(hint.to_string());
        }
    }
    out
}

fn parse_header(line: &str) -> Option<Diag> {
    let (level, rest) = line.split_once(": ")?;
    if level != "error" && level != "warning" {
        return None;
    }
    let mut parts = rest.splitn(4, ':');
    let file = parts.next()?;
    let line_no = parts.next()?.parse().ok()?;
    let column = parts.next()?.parse().ok()?;
    let message = parts.next()?.strip_prefix(' ')?.to_string();
    Some(Diag { level: level.to_string(), file: file.replace('\\', "/"), line: line_no, column, message, hint: None })
}

/// Copies a folder tree (files and folders; symbolic links are not expected).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create target");
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir`, as `/`-separated paths relative to it, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let entry = entry.expect("dir entry");
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("under dir");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir).into_iter().map(|rel| (rel.clone(), std::fs::read(dir.join(&rel)).expect("read file"))).collect()
}

/// Asserts two snapshots are equal, naming the first files that differ.
#[track_caller]
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two trees hold different files");
    let differ: Vec<&String> = a.iter().filter(|(k, v)| b.get(*k) != Some(*v)).map(|(k, _)| k).take(10).collect();
    assert!(differ.is_empty(), "files differ: {differ:?}");
}

/// Paths under `dir` whose contents contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let needle = needle.as_bytes();
    files(dir)
        .into_iter()
        .filter(|rel| {
            let bytes = std::fs::read(dir.join(rel)).expect("read file");
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}

/// A start tag of an HTML page: the lower-cased name and its attributes (names lower-cased,
/// values as written, entities not decoded).
#[derive(Debug, Clone)]
pub struct Tag {
    /// `a`, `img`, `script`…
    pub name: String,
    /// `(name, value)`; a bare attribute has an empty value.
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML document. Small and forgiving: text has `<` escaped in
/// debrief's output, so every `<` that starts a letter is a tag. Comments are skipped.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !matches!(bytes[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..].find(q as char).map_or(bytes.len(), |e| j + 1 + e);
                        value = html[j + 1..end].to_string();
                        j = (end + 1).min(bytes.len());
                    }
                    _ => {
                        let start = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                            j += 1;
                        }
                        value = html[start..j].to_string();
                    }
                }
            }
            if attr.is_empty() {
                j += 1;
            } else {
                attrs.push((attr, value));
            }
        }
        tags.push(Tag { name, attrs });
        i = j + 1;
    }
    tags
}

/// Decodes the character references that matter for URLs (`&amp;`, `&#58;`, `&#x3a;`…).
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser would see in a URL attribute: entities decoded, ASCII whitespace
/// and control characters removed, lower-cased, up to the first `:` (None when relative).
pub fn url_scheme(value: &str) -> Option<String> {
    let cleaned: String =
        decode_entities(value).chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    (!scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| scheme.to_ascii_lowercase())
}

/// Every URL-bearing attribute value of a page (`href`, `src`, and the `url=` of a
/// meta refresh), decoded.
pub fn page_urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in start_tags(html) {
        for (name, value) in &tag.attrs {
            if name == "href" || name == "src" {
                out.push(decode_entities(value));
            }
        }
        if tag.name == "meta"
            && tag.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
            && let Some(content) = tag.attr("content")
            && let Some(at) = content.to_ascii_lowercase().find("url=")
        {
            out.push(decode_entities(content[at + 4..].trim()));
        }
    }
    out
}

/// Resolves a site link to the file it names under `public`: `base_path` (`/a/b/`) is the
/// site's path, `page` the page's path relative to `public` (`incidents/x/index.html`).
/// `x/` means `x/index.html`; `#fragments` and `?queries` are ignored. Returns None for
/// links that are not site links (other schemes, `//host`, pure fragments) and Err when a
/// root-relative link is outside `base_path`.
pub fn resolve_link(base_path: &str, page: &str, url: &str) -> Option<Result<String, String>> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    if url.is_empty() || url.starts_with("//") || url_scheme(url).is_some() {
        return None;
    }
    let joined = if let Some(abs) = url.strip_prefix('/') {
        let Some(rest) = format!("/{abs}").strip_prefix(base_path).map(str::to_string) else {
            return Some(Err(format!("`{url}` is outside the base path `{base_path}`")));
        };
        rest
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        if dir.is_empty() { url.to_string() } else { format!("{dir}/{url}") }
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(format!("`{url}` climbs above the site root")));
                }
            }
            seg => parts.push(seg),
        }
    }
    let mut path = parts.join("/");
    if joined.is_empty() || joined.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(Ok(path))
}

/// Whether a page is an alias redirect (`<meta http-equiv="refresh">`).
pub fn is_redirect(html: &str) -> bool {
    start_tags(html)
        .iter()
        .any(|t| t.name == "meta" && t.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")))
}

/// Slugs of the real incident pages under `public` (`incidents/<slug>/index.html` that are
/// not alias redirects).
pub fn incident_pages(public: &Path) -> std::collections::BTreeSet<String> {
    files(public)
        .into_iter()
        .filter_map(|f| {
            let slug = f.strip_prefix("incidents/")?.strip_suffix("/index.html")?.to_string();
            (!slug.contains('/')).then_some(slug)
        })
        .filter(|slug| {
            let page = public.join(format!("incidents/{slug}/index.html"));
            !is_redirect(&std::fs::read_to_string(page).expect("read incident page"))
        })
        .collect()
}

/// Where the corpus of real postmortems lives (outside the repository): the folder
/// `DEBRIEF_REAL_CORPUS` names, else the first `shared/corpus/real` in a folder above the
/// repository (a git worktree sits deeper than the main checkout).
pub fn real_corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEBRIEF_REAL_CORPUS") {
        return PathBuf::from(dir);
    }
    let repo = repo_root();
    repo.ancestors()
        .skip(1)
        .map(|a| a.join("shared/corpus/real"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| repo.join("../shared/corpus/real"))
}

/// The real corpus, or None when `DEBRIEF_SKIP_REAL_CORPUS=1` says to run without it. A
/// missing corpus otherwise fails the test: a test never passes without its input.
#[track_caller]
pub fn real_corpus() -> Option<PathBuf> {
    let dir = real_corpus_dir();
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("DEBRIEF_SKIP_REAL_CORPUS").is_some_and(|v| v == "1") && std::env::var_os("CI").is_none() {
        eprintln!("skipped (DEBRIEF_SKIP_REAL_CORPUS=1): no real corpus at {}", dir.display());
        return None;
    }
    panic!(
        "the real corpus is missing at {} (set DEBRIEF_REAL_CORPUS=DIR, or DEBRIEF_SKIP_REAL_CORPUS=1 to skip outside CI)",
        dir.display()
    );
}

/// Markdown files under `dir`, recursively.
pub fn markdown_files(dir: &Path) -> Vec<String> {
    files(dir).into_iter().filter(|f| f.ends_with(".md")).collect()
}

/// Whether a postmortem's front matter says `draft: true` (YAML or TOML).
pub fn is_draft(text: &str) -> bool {
    let mut lines = text.lines();
    let Some(open) = lines.next().map(str::trim_end) else { return false };
    if open != "---" && open != "+++" {
        return false;
    }
    for line in lines {
        let line = line.trim_end();
        if line == open {
            break;
        }
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if compact == "draft:true" || compact == "draft=true" {
            return true;
        }
    }
    false
}

/// The value of a top-level front matter field written on one line, `key: value` (YAML) or
/// `key = value` (TOML), with quotes removed.
pub fn front_value(text: &str, key: &str) -> Option<String> {
    let mut lines = text.lines();
    let open = lines.next()?.trim_end();
    let sep = match open {
        "---" => ':',
        "+++" => '=',
        _ => return None,
    };
    lines.take_while(|l| l.trim_end() != open).find_map(|l| {
        let rest = l.strip_prefix(key)?.trim_start().strip_prefix(sep)?;
        Some(rest.trim().trim_matches(['"', '\'']).to_string())
    })
}
