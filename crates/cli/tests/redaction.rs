//! End-to-end redaction tests for `debrief build`, `--report` and `debrief redact --preview`,
//! over the planted-secrets site in `tests/fixtures/planted/`.
//!
//! The fixture hides customer names, people, internal host names and credentials in every
//! channel text can take to the output: front matter (YAML and TOML), facets, headings,
//! links, images, code, tables, footnotes, timelines, action items, `extra`, internal and
//! public fields, private blocks, dropped sections, raw HTML, look-alike characters, a
//! bundle and a draft. [`PLANTED`] records what was planted where. The build must succeed,
//! and then every output file and file name is read back — raw, JSON-unescaped,
//! HTML-decoded, percent-decoded and with tags stripped, folded like a reader's eye folds
//! look-alikes — and must hold none of it.
//!
//! Product bugs are kept as failing assertions in `#[ignore]`d tests whose reason starts
//! with `LEAK:` (a secret reaches an output) or `BUG:` (anything else). Run them with
//! `cargo test -p debrief-cli --test redaction -- --ignored`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

// ------------------------------------------------------------------------------------------
// What was planted where
// ------------------------------------------------------------------------------------------

/// How a planted secret is searched for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A `[[rule]]` term: case-insensitive, look-alikes folded, and for multi-word terms
    /// also the URL-shaped forms (`umbrella-health`, `umbrella_health`, …).
    Term,
    /// Any other text (a token, an address, a sentence): case-insensitive, folded,
    /// whitespace collapsed.
    Text,
}

/// One planted secret and the channel it was planted in.
#[derive(Clone, Copy, Debug)]
struct Planted {
    secret: &'static str,
    kind: Kind,
    channel: &'static str,
}

const fn term(secret: &'static str, channel: &'static str) -> Planted {
    Planted { secret, kind: Kind::Term, channel }
}

const fn text(secret: &'static str, channel: &'static str) -> Planted {
    Planted { secret, kind: Kind::Text, channel }
}

/// Every secret planted in `tests/fixtures/planted/content`. File short names:
/// `checkout` = 2025/checkout-connection-pool-exhaustion.md (YAML), `dns` =
/// 2025/dns-resolver-timeouts.md (TOML), `bundle` = 2024/api-latency-cache-stampede/index.md,
/// `creds` = 2024/credential-exposure-in-build-logs.md, `webhooks` =
/// 2023/webhook-retry-queue-stuck.md, `draft` = 2019/ledger-replay-quokka.md (`draft: true`).
const PLANTED: &[Planted] = &[
    // checkout (YAML front matter)
    term("Initech", "checkout: title"),
    term("Hooli", "checkout: summary (front matter, possessive)"),
    term("Vandelay Industries", "checkout: services facet (page URL and name, stats chart)"),
    term("Wonka", "checkout: regions"),
    term("Cyberdyne", "checkout: tags facet (page URL and name)"),
    term("Tyrell", "checkout: compliance"),
    term("Zorg", "checkout: public field `ticket`"),
    term("Priya Raman", "checkout: internal field `authors`"),
    text("mkowalczyk-sre", "checkout: internal field `authors`"),
    text("zebrafish-war-room", "checkout: internal field `slack_channel`"),
    term("Bluth", "checkout: `extra` value"),
    text("pager-bridge@tessellate-ops.example", "checkout: `extra` value (email)"),
    term("Nuka", "checkout: `extra` nested list"),
    term("Globex", "checkout: split by emphasis (`**Glo**bex`)"),
    term("Umbrella Health", "checkout: across a line break"),
    term("Monarch Airlines", "checkout: table cell"),
    text("4539 1488 0343 6467", "checkout: card number with spaces"),
    text("4539148803436467", "checkout: card number (digits only)"),
    text("0343 6467", "checkout: card number (last eight digits)"),
    term("Gekko", "checkout: timeline table event (possessive)"),
    text("10.42.7.19", "checkout: timeline table event (IPv4)"),
    text("pgb-2.int.tessellate.net", "checkout: timeline table inline code (internal host)"),
    term("Oscorp", "checkout: heading text and anchor id"),
    term("Pied Piper", "checkout + bundle: inline code"),
    text("db-primary-3.int.tessellate.net", "checkout: fenced code block (internal host)"),
    term("Gringotts", "checkout + bundle: fenced code block (`gringotts_refunds`)"),
    term("Aperture", "checkout: footnote label `[^aperture]`"),
    term("Dunder Mifflin", "checkout: footnote text"),
    term("Massive Dynamic", "checkout: link target query string (`%20`)"),
    text("runbooks/pgbouncer", "checkout: link target that holds a term (link must go)"),
    term("Soylent", "checkout: link text"),
    term("Stark Logistics", "checkout: link title"),
    text("grafana.int.tessellate.net", "checkout: link target (internal host)"),
    term("Cogswell", "checkout: raw HTML `<span title=…>`"),
    term("Ollivanders", "checkout: inline private block"),
    text("threatened to cancel their contract", "checkout: inline private block"),
    term("Buy n Large", "checkout: block private block"),
    text("service credit of twelve percent", "checkout: block private block"),
    term("Alice Smith", "checkout: action item owner"),
    term("Sirius Cybernetics", "checkout: action item text"),
    term("Spacely", "checkout: dropped section `Internal notes`"),
    text("account manager was told about the outage", "checkout: dropped section"),
    text("credit memo on the bridge call", "checkout: dropped section"),
    text("Internal notes", "checkout: dropped section heading"),
    text("Customer list", "checkout: dropped sub-section heading"),
    text("exported to the shared drive", "checkout: dropped sub-section `Customer list`"),
    // dns (TOML front matter)
    term("Virtucon", "dns: title (TOML)"),
    term("Tricell", "dns: summary (TOML, possessive)"),
    term("Brawndo", "dns: `[extra]` table (TOML)"),
    term("Hannelore Quist", "dns: internal field `authors` (TOML)"),
    text("marmoset-dns", "dns: internal field `slack_channel` (TOML)"),
    term("Bob Jones", "dns: timeline list event and action item owner"),
    term("Prestige Worldwide", "dns: timeline list event (possessive)"),
    text("172.16.254.3", "dns: timeline list event (IPv4)"),
    text("020 7946 0958", "dns: timeline list event (phone)"),
    term("Krusty", "dns: unclosed private block"),
    text("refund of forty-eight thousand dollars", "dns: unclosed private block"),
    text("retention offer", "dns: unclosed private block, after a heading"),
    // bundle
    term("Ghostbusters", "bundle: local image alt text"),
    term("Nakatomi", "bundle: remote image src"),
    text("render/nakatomi", "bundle: image src that holds a term (image must go)"),
    term("Wayne Enterprises", "bundle: image alt text"),
    term("Contoso", "bundle: image title"),
    text("db-replica-2.int.tessellate.net", "bundle: fenced code block (internal host)"),
    term("Yoyodyne", "bundle: link target with a percent-encoded letter (`%59oyodyne`)"),
    // creds
    text("AKIAZJ4R7TQ2WLX3MN5P", "creds: fenced code block (AWS key)"),
    text("ghp_R8xK2mQ9vL4nT7pW3yB6cF1hJ5sD0gA2eZ8u", "creds: fenced code block (GitHub token)"),
    text("xoxb-2849201934-5829301847266-Qw3rTy7UiOp9AsDf", "creds: fenced code block (Slack token)"),
    text("sk_live_51HqLyjWDarjtT1zdp7dc9Kx", "creds: fenced code block (Stripe key)"),
    text("AIzaSyD4k9Xq2Lm7Wn3Vb8Rt5Yc1Hg6Jf0Ps2Qe", "creds: fenced code block (Google key)"),
    text("Vq7#Lm2!Rt9xWz4K", "creds: fenced code block (generic `db_password:`)"),
    text("AKIAYB6K2M7QPL4XR3TD", "creds: AWS key split by emphasis (`**AKIA**…`)"),
    text("YB6K2M7QPL4XR3TD", "creds: AWS key split by emphasis (tail)"),
    text(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXBsb3ktYm90Iiwic2NvcGUiOiJwcm9kOmRlcGxveSIsImlhdCI6MTcyMTM5Nzc4MH0",
        "creds: inline code (JWT header and payload)",
    ),
    text("Xk3fP9qLm2Rt7Vb4Nc8Yw1Zs6Hd0Gj5Ua3Ee9Ko2Ti", "creds: inline code (JWT signature)"),
    text("BEGIN RSA PRIVATE KEY", "creds: fenced code block (PEM header)"),
    text("MIIEpQIBAAKCAQEAw3Jk9vQm2LpXz8RtYb4NcHs7GdF1eKa6WqUo0TiVjPlM5ZyS", "creds: PEM body line 1"),
    text("h8QnBx2CvRf9LkJd3MwPa7EgTs4UoYi6HbNq1XzKc5VmWlG0RjDeFtSa8pQyCuZn", "creds: PEM body line 2"),
    text("Q7rT2vXm9LkJh3GfDs5AaPo1IuYt6ReWq8ZxCv4BnMl0KjHg2FdSa7PoIuYtReWq", "creds: PEM body line 3"),
    text("ghp_N3bV7cX1zL5kJ9hG2fD4sA8pO6iU0yT3rE7w", "creds: link target query string (GitHub token)"),
    text("security-reports@tessellate-ops.example", "creds: autolinked email"),
    text("sec.desk@tessellate-ops.example", "creds: `mailto:` link"),
    text("2a03:2880:f12f:83:face:b00c:0:25de", "creds: IPv6 in text"),
    text("2001:67c:2e8:22::c100:68b", "creds: IPv6 in a link target"),
    text("555-0132", "creds: phone number"),
    text("build-runner-7.int.tessellate.net", "creds: inline code (internal host)"),
    text(".int.tessellate.net", "any: internal host name"),
    // webhooks: look-alikes
    term("Gadgetron", "webhooks: zero-width space inside (`Gadg\u{200B}etron`)"),
    text("Gadg\u{200B}etron", "webhooks: zero-width space inside (raw)"),
    term("Weyland", "webhooks: soft hyphen inside (`Wey\u{AD}land`)"),
    text("Wey\u{AD}land", "webhooks: soft hyphen inside (raw)"),
    term("Blue Sun", "webhooks: full-width letters"),
    text("\u{FF22}\u{FF4C}\u{FF55}\u{FF45} \u{FF33}\u{FF55}\u{FF4E}", "webhooks: full-width letters (raw)"),
    term("Veidt", "webhooks: Cyrillic look-alike `е`"),
    text("V\u{435}idt", "webhooks: Cyrillic look-alike (raw)"),
    term("Rekall", "webhooks: possessive `Rekall's`"),
    term("Globex", "webhooks: possessive `Globex's`"),
    term("Hyperion", "webhooks: HTML character reference inside (`Hyper&#105;on`)"),
    // draft: nothing of it may be published anywhere
    term("Omni Consumer Products", "draft: title, summary, body"),
    term("Dmitri Volkov", "draft: summary, body, action item owner"),
    text("quokka", "draft: slug, facets, alias, ticket, extra, body"),
    text("10.99.3.14", "draft: summary (IPv4)"),
    text("AKIAQW3E5R7T2Y4U6I3O", "draft: body (AWS key)"),
    text("quokka-audit@tessellate-ops.example", "draft: `extra` (email)"),
    text("OPS-1999", "draft: ticket"),
    text("ledger-replay", "draft: slug"),
];

/// The slugs of the five published postmortems.
const SLUGS: [&str; 5] = [
    "checkout-connection-pool-exhaustion",
    "dns-resolver-timeouts",
    "api-latency-cache-stampede",
    "credential-exposure-in-build-logs",
    "webhook-retry-queue-stuck",
];

const CHECKOUT: &str = "content/2025/checkout-connection-pool-exhaustion.md";
const DNS: &str = "content/2025/dns-resolver-timeouts.md";

// ------------------------------------------------------------------------------------------
// Running debrief on a copy of the fixture
// ------------------------------------------------------------------------------------------

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/planted")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn log(&self) -> String {
        format!("exit {}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }
}

fn debrief<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(env!("CARGO_BIN_EXE_debrief")).args(args).output().expect("run debrief");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A private copy of a site in a temporary folder.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    /// The whole planted fixture.
    fn planted() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixture(), &root);
        Site { _tmp: tmp, root }
    }

    /// The fixture's `debrief.toml` and `redaction.toml` with an empty content folder.
    fn rules_only() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        for f in ["debrief.toml", "redaction.toml"] {
            fs::copy(fixture().join(f), root.join(f)).unwrap();
        }
        Site { _tmp: tmp, root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn public(&self) -> PathBuf {
        self.path("public")
    }

    fn page(&self, rel: &str) -> String {
        self.read(&format!("public/{rel}"))
    }

    fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build".to_string(), "--root".to_string(), self.root.display().to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        debrief(args)
    }

    /// Builds and insists on success.
    fn build_ok(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        assert_eq!(run.code, 0, "build failed:\n{}", run.log());
        run
    }

    /// Names in the site root (to spot leftover staging folders).
    fn root_entries(&self) -> BTreeSet<String> {
        fs::read_dir(&self.root).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
    }
}

/// Every file under `dir`, by relative path (with `/`), with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Asserts that two snapshots are byte-identical, naming the first difference.
fn assert_same_tree(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>, what: &str) {
    let a: BTreeSet<&String> = before.keys().collect();
    let b: BTreeSet<&String> = after.keys().collect();
    assert_eq!(a, b, "{what}: the set of files changed");
    for (name, bytes) in before {
        assert!(after[name] == *bytes, "{what}: {name} changed");
    }
}

/// 1-based number of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle:?}")) + 1
}

// ------------------------------------------------------------------------------------------
// Reading output the way a reader, a browser or a script would
// ------------------------------------------------------------------------------------------

/// Decodes HTML character references (numeric and the common named ones).
fn html_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos..];
        let decoded = after.get(1..).and_then(|t| t.find(';').filter(|&e| e > 0 && e < 32)).and_then(|end| {
            let body = &after[1..=end];
            let c = if let Some(num) = body.strip_prefix('#') {
                let v = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(v)?
            } else {
                match body {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => '\u{A0}',
                    "shy" => '\u{AD}',
                    "zwj" => '\u{200D}',
                    "zwnj" => '\u{200C}',
                    "ndash" => '–',
                    "mdash" => '—',
                    "rsquo" => '’',
                    "lsquo" => '‘',
                    "commat" => '@',
                    "period" => '.',
                    "colon" => ':',
                    "lowbar" => '_',
                    "hyphen" | "dash" => '-',
                    "sol" => '/',
                    "num" => '#',
                    "equals" => '=',
                    "plus" => '+',
                    _ => return None,
                }
            };
            Some((c, end + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes (invalid UTF-8 is replaced, not kept as escapes).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Undoes JSON / JavaScript string escapes (`\uXXXX` with surrogate pairs, `\n`, `\"`, …).
fn json_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let Ok(hi) = u32::from_str_radix(&hex, 16) else {
                    out.push_str("\\u");
                    out.push_str(&hex);
                    continue;
                };
                let mut code = hi;
                if (0xD800..0xDC00).contains(&hi) {
                    let rest: String = chars.clone().take(6).collect();
                    if let Some(lo) = rest.strip_prefix("\\u").and_then(|h| u32::from_str_radix(h, 16).ok()) {
                        code = 0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                        for _ in 0..6 {
                            chars.next();
                        }
                    }
                }
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            Some('n' | 'r' | 't' | 'b' | 'f') => out.push(' '),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Removes HTML tags and comments entirely (so `Glo<em>bex</em>` reads `Globex`).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let is_tag = after.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        let end =
            if after.starts_with("!--") { after.find("-->").map(|e| e + 3) } else { after.find('>').map(|e| e + 1) };
        match (is_tag, end) {
            (true, Some(end)) => rest = &after[end..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a reader's eye does: drops invisible characters and Markdown emphasis markers,
/// folds full-width letters and Cyrillic/Greek look-alikes to ASCII, lower-cases and
/// collapses whitespace.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\u{AD}' | '\u{34F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '*')
        {
            continue;
        }
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        for l in c.to_lowercase() {
            let l = match l {
                'а' | 'α' => 'a',
                'в' | 'β' => 'b',
                'с' => 'c',
                'ԁ' => 'd',
                'е' | 'ё' | 'є' | 'ε' => 'e',
                'һ' | 'н' => 'h',
                'і' | 'ї' | 'ι' | 'ı' => 'i',
                'ј' => 'j',
                'к' | 'κ' => 'k',
                'ӏ' => 'l',
                'м' | 'μ' => 'm',
                'о' | 'ο' => 'o',
                'р' | 'ρ' => 'p',
                'ѕ' => 's',
                'т' | 'τ' => 't',
                'у' | 'ү' => 'y',
                'ԝ' => 'w',
                'х' | 'χ' => 'x',
                other => other,
            };
            if l.is_whitespace() {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                out.push(l);
                space = false;
            }
        }
    }
    out
}

/// The text of a file as several readers see it.
fn views(raw: &str) -> Vec<(&'static str, String)> {
    let json = json_unescape(raw);
    let html = html_unescape(raw);
    let decoded = percent_decode(&html_unescape(&json));
    vec![
        ("raw", raw.to_owned()),
        ("JSON-unescaped", json),
        ("tags stripped", strip_tags(&html)),
        ("HTML-decoded", html),
        ("percent-decoded", percent_decode(raw)),
        ("fully decoded", decoded.clone()),
        ("fully decoded, tags stripped", strip_tags(&decoded)),
    ]
}

/// The forms a planted secret is searched in (already folded).
fn forms(p: &Planted) -> Vec<String> {
    let base = fold(p.secret).trim().to_owned();
    let mut out = vec![base.clone()];
    if p.kind == Kind::Term && base.contains(' ') {
        for sep in ["-", "_", ".", "+", ""] {
            out.push(base.replace(' ', sep));
        }
    }
    out
}

/// Every (secret, channels, place, view) hit of `planted` in `text`, which came from `place`.
fn find_in(place: &str, text: &str, binary: bool, planted: &[Planted], hits: &mut Vec<String>) {
    let views = if binary { vec![("bytes", text.to_owned())] } else { views(text) };
    let folded: Vec<(&str, String)> = views.iter().map(|(name, v)| (*name, fold(v))).collect();
    let mut seen = BTreeSet::new();
    for p in planted {
        if seen.contains(p.secret) {
            continue;
        }
        for form in forms(p) {
            if let Some((view, _)) = folded.iter().find(|(_, v)| v.contains(&form)) {
                let channels: Vec<&str> = planted.iter().filter(|q| q.secret == p.secret).map(|q| q.channel).collect();
                hits.push(format!(
                    "{:?} (as {form:?}; planted in: {}) in {place} [{view}]",
                    p.secret,
                    channels.join("; ")
                ));
                seen.insert(p.secret);
                break;
            }
        }
    }
}

/// Scans every file and file name under `dir`.
fn leaks_in_dir(dir: &Path, planted: &[Planted]) -> Vec<String> {
    let mut hits = Vec::new();
    for (name, bytes) in tree(dir) {
        find_in(&format!("the file name {name}"), &name, false, planted, &mut hits);
        let binary = name.ends_with(".png") || bytes.iter().take(8192).any(|&b| b == 0);
        find_in(&name, &String::from_utf8_lossy(&bytes), binary, planted, &mut hits);
    }
    hits
}

fn assert_no_leaks(hits: &[String]) {
    assert!(hits.is_empty(), "{} planted secret(s) reached the output:\n  {}", hits.len(), hits.join("\n  "));
}

// ------------------------------------------------------------------------------------------
// 1. Nothing planted reaches any output file, file name or the build log
// ------------------------------------------------------------------------------------------

#[test]
fn planted_secrets_reach_no_output_file_name_or_log() {
    let site = Site::planted();
    let run = site.build_ok(&[]);
    let files = tree(&site.public());
    assert!(files.len() >= 40, "suspiciously small site: {:?}", files.keys().collect::<Vec<_>>());
    let mut hits = leaks_in_dir(&site.public(), PLANTED);
    // CI logs are often public: the build's own output must not repeat a secret either.
    find_in("the build's stdout", &run.stdout, false, PLANTED, &mut hits);
    find_in("the build's stderr", &run.stderr, false, PLANTED, &mut hits);
    assert_no_leaks(&hits);
    // The rules file is never published.
    assert!(!files.keys().any(|f| f.contains("redaction")), "{:?}", files.keys().collect::<Vec<_>>());
}

/// The readers' channels (follow-ups page and API, feeds per facet value, sharing meta
/// tags and JSON-LD, service calendars) exist on the planted site and hold no secret.
#[test]
fn readers_channels_hold_no_planted_secret() {
    let site = Site::planted();
    site.build_ok(&[]);
    let public = site.public();
    let files = tree(&public);
    let actions = String::from_utf8_lossy(&files["actions/index.html"]).into_owned();
    assert!(
        actions.contains("Mask environment variables in CI output by default"),
        "the follow-ups page lists the planted site's action items"
    );
    let facet_feeds: Vec<&String> = files
        .keys()
        .filter(|f| f.matches('/').count() == 2 && (f.ends_with("/feed.xml") || f.ends_with("/feed.json")))
        .collect();
    assert!(facet_feeds.len() >= 8, "{facet_feeds:?}");
    let pages_with_ld = files
        .iter()
        .filter(|(f, b)| f.starts_with("incidents/") && String::from_utf8_lossy(b).contains("application/ld+json"))
        .count();
    assert!(pages_with_ld >= 4, "JSON-LD on incident pages: {pages_with_ld}");
    let mut hits = Vec::new();
    for (name, bytes) in &files {
        let reader_channel = name.starts_with("actions/")
            || name == "api/incidents.json"
            || facet_feeds.contains(&name)
            || name.starts_with("incidents/")
            || name.starts_with("services/");
        if reader_channel {
            find_in(name, &String::from_utf8_lossy(bytes), false, PLANTED, &mut hits);
        }
    }
    assert_no_leaks(&hits);
}

#[test]
fn drafts_publish_nothing_anywhere() {
    let site = Site::planted();
    site.build_ok(&[]);
    let files = tree(&site.public());
    // The draft is the only 2019 and the only SEV4 postmortem: no page may exist for either.
    for gone in ["years/2019/index.html", "severity/sev4/index.html", "incidents/ledger-replay-quokka/index.html"] {
        assert!(!files.contains_key(gone), "{gone} was published for a draft");
    }
    assert!(!files.keys().any(|f| f.contains("quokka") || f.contains("2019")), "{:?}", files.keys());
    for machine in ["sitemap.xml", "feed.xml", "feed.json", "api/incidents.json", "stats/index.html", "index.html"] {
        let text = site.page(machine);
        assert!(!text.contains("quokka") && !text.contains("2019"), "{machine} mentions the draft");
    }
    let api: serde_json::Value = serde_json::from_str(&site.page("api/incidents.json")).unwrap();
    assert_eq!(api["count"], 5, "only the five published postmortems");
    let sitemap = site.page("sitemap.xml");
    for slug in SLUGS {
        assert!(sitemap.contains(&format!("incidents/{slug}/")), "{slug} missing from the sitemap");
    }

    // The draft is a valid postmortem: with `--drafts` it is published (redacted), so the
    // checks above are not vacuous.
    let preview = site.path("../preview");
    site.build_ok(&["--drafts", "--out", &preview.display().to_string()]);
    let page = readable(&fs::read_to_string(preview.join("incidents/ledger-replay-quokka/index.html")).unwrap());
    assert_has(&page, "Ledger replay for Customer 43 double-posted refunds", "draft preview");
    assert!(preview.join("years/2019/index.html").is_file() && preview.join("severity/sev4/index.html").is_file());
}

// ------------------------------------------------------------------------------------------
// 2. Redaction replaced, it did not just delete
// ------------------------------------------------------------------------------------------

fn assert_has(haystack: &str, needle: &str, what: &str) {
    assert!(haystack.contains(needle), "{what}: expected {needle:?} in:\n{haystack}");
}

/// The page as a reader sees its text: entities decoded, whitespace collapsed.
fn readable(html: &str) -> String {
    html_unescape(html).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn redaction_keeps_the_public_story() {
    let site = Site::planted();
    site.build_ok(&[]);
    for slug in SLUGS {
        assert!(site.public().join(format!("incidents/{slug}/index.html")).is_file(), "no page for {slug}");
    }

    // checkout: front matter and body.
    let raw = site.page("incidents/checkout-connection-pool-exhaustion/index.html");
    let page = readable(&raw);
    let what = "checkout page";
    assert_has(
        &page,
        "<h1>Checkout errors for Customer 2 merchants after database connection pool exhaustion</h1>",
        what,
    );
    assert_has(&page, "after Customer 4's bulk refund job exhausted", what);
    assert_has(&page, ">Customer 5 sync</a>", what);
    assert_has(&page, "eu-west-1, Customer 7 dedicated", what);
    assert_has(&page, "SOC2, Customer 8 MSA", what);
    assert_has(&page, ">Customer 6-migration</a>", what);
    assert_has(&page, "<strong>Customer 1</strong> and Customer 3 saw the highest error rates", what);
    assert_has(&page, "<td>Customer 17</td>", what);
    assert_has(&page, "pasted the card number [card] into the support chat", what);
    assert_has(&page, "Customer 20's refund batch starts and opens 400 connections from [ip].", what);
    assert_has(&page, "PgBouncer on <code>[internal host]</code> reports", what);
    assert_has(&page, "id=\"why-customer-9s-checkout-failed-first\"", what);
    assert_has(&page, "the busiest merchants on that cluster feel pool exhaustion first", what);
    assert_has(&page, "<code>SELECT max_conns FROM merchant_limits WHERE merchant = 'Customer 15'</code>", what);
    assert_has(&page, "host=[internal host] user=Customer 16_refunds sslmode=require", what);
    assert_has(&page, "FATAL: remaining connection slots are reserved", what);
    // Footnote: renamed label, redacted text.
    assert_has(&page, "id=\"fn-note-1\"", what);
    assert_has(&page, "Customer 18's onboarding in 2022 set the current limits.", what);
    // A link whose target held a term: the text stays, the link goes.
    assert_has(&page, "Our runbook for pool exhaustion was followed from step 3.", what);
    assert_has(&page, "The connection graph shows the exhaustion clearly.", what);
    // A link with a term in its text or title: the link stays, redacted.
    assert_has(&page, "<a href=\"https://status.tessellate.example/\">Customer 10 status page</a>", what);
    assert_has(&page, "title=\"Prepared for Customer 12\">capacity model</a>", what);
    // Raw HTML is shown as text, redacted, never passed through.
    assert_has(&raw, "&lt;span title=&quot;Customer 29 escalation path&quot;&gt;for the escalation path", what);
    // Private blocks: the rest of the sentence stays.
    assert_has(&page, "The job was paused by the payments team at 10:02.", what);
    assert_has(&page, "Give Customer 22 a dedicated refund queue", what);
    assert_has(&page, "Owner: Engineer 1", what);
    // Dropped section: heading and sub-section gone, next section kept.
    assert!(!page.contains("Internal notes") && !page.contains("Customer list"), "dropped headings published");
    assert_has(&page, "Quotas that default to unlimited are not quotas.", what);

    // dns: TOML front matter, timeline list, unclosed private block.
    let page = readable(&site.page("incidents/dns-resolver-timeouts/index.html"));
    let what = "dns page";
    assert_has(&page, "<h1>DNS resolution timeouts for Customer 35 API clients in us-east-1</h1>", what);
    assert_has(&page, "Customer 36's integration had to retry", what);
    assert_has(&page, "14:06 — Engineer 2 is paged by the DNS latency alert.", what);
    assert_has(&page, "14:12 — Customer 21's API client reports timeouts from [ip].", what);
    assert_has(&page, "calls the support line from [phone].", what);
    assert_has(&page, "Unit mistakes survive review when the unit is not written next to the number.", what);
    // (In the postmortem's body: the navigation has a "Follow-ups" link of its own.)
    let body = page.split("<div class=\"pm-body prose\">").nth(1).expect("the postmortem body");
    assert!(!body.contains("Follow-up"), "the heading after an unclosed private block was published");

    // bundle: images, inline code, code block, link.
    let page = readable(&site.page("incidents/api-latency-cache-stampede/index.html"));
    let what = "bundle page";
    assert_has(
        &page,
        "<img src=\"error-rate.png\" alt=\"Error rate of the catalogue API during the Customer 37 catalogue import, peaking at 14%\"",
        what,
    );
    assert_has(&page, "<p>Cache hit ratio during the flush</p>", what);
    assert_has(&page, "alt=\"p99 latency for Customer 13 by region\" title=\"Rendered for Customer 38\"", what);
    assert_has(&page, "<code>merchant_name = 'Customer 15'</code>", what);
    assert_has(&page, "import worker for Customer 16_catalogue on [internal host]", what);
    assert_has(&page, "The merchant status page was updated at 16:40.", what);
    let png = fs::read(site.public().join("incidents/api-latency-cache-stampede/error-rate.png")).unwrap();
    let src = fs::read(site.path("content/2024/api-latency-cache-stampede/error-rate.png")).unwrap();
    assert!(png == src, "the bundle image is copied as it is");

    // creds: every built-in detector's replacement.
    let page = readable(&site.page("incidents/credential-exposure-in-build-logs/index.html"));
    let what = "credentials page";
    for line in [
        "AWS_ACCESS_KEY_ID=[secret]",
        "GITHUB_TOKEN=[secret]",
        "SLACK_BOT_TOKEN=[secret]",
        "STRIPE_SECRET=[secret]",
        "MAPS_API=[secret]",
        "db_password: [secret]",
        "formatting that split it: <strong>[secret]</strong>.",
        "<code>Authorization: Bearer [token]</code>",
        "<pre><code>[private key] </code></pre>",
        "a token in its query string: build 88213.",
        "reported the exposure to [email] at 14:40.",
        "Reporters can also write to the security desk.",
        "The first unexpected request came from [ip], which turned out",
        "its status endpoint is public.",
        "fraud line on [phone] as a precaution.",
        "The runner was <code>[internal host]</code>.",
    ] {
        assert_has(&page, line, what);
    }

    // webhooks: look-alikes and possessives.
    let page = readable(&site.page("incidents/webhook-retry-queue-stuck/index.html"));
    let what = "webhooks page";
    assert_has(&page, "hit hardest: Customer 30 and Customer 31 both saw delays over an hour.", what);
    assert_has(&page, "Customer 32 and Customer 33 reported duplicated order confirmations", what);
    assert_has(&page, "Customer 34's endpoint timed out", what);
    assert_has(&page, "Customer 1's integration paused itself", what);
    assert_has(&page, "Customer 42 noticed first", what);

    // Facet pages are named after the redacted values.
    for facet in ["services/customer-5-sync/index.html", "tags/customer-6-migration/index.html"] {
        assert!(site.public().join(facet).is_file(), "{facet} missing");
    }
    assert_has(&readable(&site.page("stats/index.html")), "Customer 5 sync", "stats chart");
    // The alias redirects to the page.
    assert_has(
        &readable(&site.page("incidents/2025-03-checkout-pool/index.html")),
        "/history/incidents/checkout-connection-pool-exhaustion/",
        "alias page",
    );

    // API: public field published (redacted), internal fields dropped, `extra` redacted.
    let api: serde_json::Value = serde_json::from_str(&site.page("api/incidents.json")).unwrap();
    let by_slug = |slug: &str| api["incidents"].as_array().unwrap().iter().find(|i| i["slug"] == slug).unwrap().clone();
    let checkout = by_slug("checkout-connection-pool-exhaustion");
    assert_eq!(checkout["ticket"], "OPS-4411 (escalated by Customer 24)");
    assert_eq!(checkout["title"], "Checkout errors for Customer 2 merchants after database connection pool exhaustion");
    assert_eq!(checkout["services"], serde_json::json!(["checkout-api", "Customer 5 sync"]));
    assert_eq!(checkout["tags"], serde_json::json!(["database", "connection-pool", "Customer 6-migration"]));
    assert_eq!(
        checkout["extra"],
        serde_json::json!({
            "status_page_note": "Customer 23 was notified by their account team before the status page update.",
            "escalation_contact": "[email]",
            "shards": ["eu-west-1a", "Customer 41 shard 7"],
        })
    );
    let dns = by_slug("dns-resolver-timeouts");
    assert_eq!(dns["ticket"], "OPS-4502");
    assert_eq!(dns["extra"], serde_json::json!({ "customer_note": "Customer 40 asked for the resolver logs." }));
    for incident in api["incidents"].as_array().unwrap() {
        for internal in ["authors", "slack_channel", "draft", "aliases", "body"] {
            assert!(incident.get(internal).is_none(), "{internal} published in the API: {incident}");
        }
    }
    let feed: serde_json::Value = serde_json::from_str(&site.page("feed.json")).unwrap();
    assert_eq!(feed["items"].as_array().unwrap().len(), 5);
    assert_has(&site.page("feed.xml"), "DNS resolution timeouts for Customer 35 API clients", "Atom feed");
}

// ------------------------------------------------------------------------------------------
// 3. The redaction report
// ------------------------------------------------------------------------------------------

#[test]
fn report_counts_every_planted_rule_and_holds_no_secret() {
    let site = Site::planted();
    let report_path = site.path("../report.json");
    site.build_ok(&["--report", &report_path.display().to_string()]);
    let text = fs::read_to_string(&report_path).unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    for rule in [
        "customers",
        "people",
        "internal-hosts",
        "email",
        "ipv4",
        "ipv6",
        "secrets",
        "credit-card",
        "phone",
        "private-key",
        "jwt",
        "private-block (sentences)",
        "drop-section (sentences)",
    ] {
        let n = report["per_rule"][rule].as_u64().unwrap_or(0);
        assert!(n > 0, "rule {rule} fired {n} times:\n{text}");
    }
    let entries = report["entries"].as_array().unwrap();
    let sum: u64 = entries.iter().map(|e| e["count"].as_u64().unwrap()).sum();
    assert_eq!(report["total"].as_u64(), Some(sum), "total is the sum of the entries");
    for e in entries {
        let file = e["file"].as_str().unwrap();
        assert!(file.starts_with("content/") && !file.contains("2019/"), "entry for {file}: drafts are not reported");
    }
    assert!(report["per_rule"]["customers"].as_u64().unwrap() >= 35, "{text}");
    let mut hits = Vec::new();
    find_in("the report", &text, false, PLANTED, &mut hits);
    assert_no_leaks(&hits);
    assert!(!tree(&site.public()).keys().any(|f| f.contains("report")), "the report is never part of the site");
}

#[test]
fn report_inside_the_output_folder_is_refused() {
    let site = Site::planted();
    let inside = site.public().join("report.json");
    let run = site.build(&["--report", &inside.display().to_string()]);
    assert_eq!(run.code, 2, "{}", run.log());
    assert!(!inside.exists());
}

#[test]
fn report_inside_the_configured_output_folder_or_its_staging_folder_is_refused() {
    let site = Site::planted();
    let config = site.read("debrief.toml");
    site.write("debrief.toml", format!("output = \"site\"\n{config}"));
    for rel in ["site/report.json", "site/sub/../report.json", ".site.staging-1234/report.json"] {
        let inside = site.path(rel);
        let run = site.build(&["--report", &inside.display().to_string()]);
        assert_eq!(run.code, 2, "{rel}: {}", run.log());
        assert!(run.stderr.contains("is inside the output folder"), "{rel}: {}", run.log());
        assert!(run.stderr.contains("hint:"), "{rel}: {}", run.log());
        assert!(!inside.exists() && !site.path("site").exists(), "{rel}: something was written");
    }
    // Beside the output folder is fine.
    let beside = site.path("report.json");
    site.build_ok(&["--report", &beside.display().to_string()]);
    assert!(beside.is_file() && site.path("site/index.html").is_file());
    assert!(!site.path("site/report.json").exists());
}

// ------------------------------------------------------------------------------------------
// 4. A slug holding a term is an error
// ------------------------------------------------------------------------------------------

#[test]
fn slug_holding_a_term_fails_and_keeps_the_previous_output() {
    let site = Site::planted();
    site.build_ok(&[]);
    let before = tree(&site.public());
    let entries = site.root_entries();
    site.write(
        "content/2025/globex-outage.md",
        "---\ntitle: Checkout outage for one merchant\nseverity: SEV3\nstarted: 2025-05-01T10:00:00Z\n---\n\n## Summary\n\nOne merchant could not take payments for ten minutes.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.log());
    assert!(run.stderr.contains("content/2025/globex-outage.md"), "names the file:\n{}", run.log());
    assert!(run.stderr.contains("slug"), "mentions the slug:\n{}", run.log());
    assert!(run.stderr.contains("`customers`"), "names the rule:\n{}", run.log());
    assert_same_tree(&before, &tree(&site.public()), "public/ after a refused slug");
    assert_eq!(site.root_entries(), entries, "no staging folder is left behind");

    // The fix the error asks for works.
    let fixed = site.read("content/2025/globex-outage.md").replacen("---\n", "---\nslug: merchant-outage-may\n", 1);
    site.write("content/2025/globex-outage.md", fixed);
    site.build_ok(&[]);
    assert!(site.public().join("incidents/merchant-outage-may/index.html").is_file());
}

#[test]
fn alias_and_bundle_file_names_holding_a_term_are_errors() {
    let site = Site::rules_only();
    site.write(
        "content/2025/ok.md",
        "---\ntitle: Fine\nseverity: SEV3\nstarted: 2025-05-01T10:00:00Z\naliases: [\"/incidents/umbrella-health-outage/\"]\n---\n\nText.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.log());
    assert!(run.stderr.contains("alias") && run.stderr.contains("content/2025/ok.md"), "{}", run.log());
    assert!(!site.public().exists(), "nothing published");

    let site = Site::rules_only();
    site.write(
        "content/2025/cdn/index.md",
        "---\ntitle: Fine\nseverity: SEV3\nstarted: 2025-05-01T10:00:00Z\n---\n\n![graph](nakatomi-graph.svg)\n",
    );
    site.write("content/2025/cdn/nakatomi-graph.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.log());
    assert!(run.stderr.contains("bundle file name"), "{}", run.log());
    assert!(!site.public().exists(), "nothing published");
}

// ------------------------------------------------------------------------------------------
// 5. Fail closed: a theme that leaks stops the build
// ------------------------------------------------------------------------------------------

#[test]
fn leaking_theme_fails_closed_and_keeps_the_previous_output() {
    let site = Site::planted();
    site.build_ok(&[]);
    let before = tree(&site.public());
    let base =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../site/templates/base.html")).unwrap();
    let footer = "<p class=\"muted\">Published with debrief.</p>";
    assert!(base.contains(footer), "the default base.html changed; update this test");
    site.write(
        "mytheme/templates/base.html",
        base.replace(footer, "<p class=\"muted\">Published with debrief. Proudly hosting Globex since 2019.</p>"),
    );
    let config = site.read("debrief.toml");
    site.write("debrief.toml", format!("theme = \"mytheme\"\n{config}"));
    let entries = site.root_entries();

    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.log());
    assert!(run.stderr.contains("leak"), "{}", run.log());
    assert!(run.stderr.contains("`customers`"), "names the rule:\n{}", run.log());
    assert!(run.stderr.contains("public/index.html"), "names a file:\n{}", run.log());
    let mut hits = Vec::new();
    find_in("the failed build's stderr", &run.stderr, false, PLANTED, &mut hits);
    assert_no_leaks(&hits);
    assert_same_tree(&before, &tree(&site.public()), "public/ after a leaking theme");
    assert_eq!(site.root_entries(), entries, "no staging folder is left behind");
}

// ------------------------------------------------------------------------------------------
// 6. `debrief redact --preview`
// ------------------------------------------------------------------------------------------

fn preview(site: &Site, rel: &str, json: bool) -> Run {
    let file = site.path(rel).display().to_string();
    let root = site.root.display().to_string();
    let mut args = vec!["redact", "--preview", &file, "--root", &root];
    if json {
        args.push("--json");
    }
    debrief(args)
}

#[test]
fn redact_preview_lists_each_redaction_with_rule_and_line() {
    let site = Site::planted();
    let source = site.read(CHECKOUT);
    let file = site.path(CHECKOUT).display().to_string();

    let run = preview(&site, CHECKOUT, false);
    assert_eq!(run.code, 0, "{}", run.log());
    let lines: Vec<&str> = run.stdout.lines().collect();
    let title = line_of(&source, "title:");
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("{file}:{title}:"))
            && l.contains("[customers]")
            && l.contains("Customer 2")),
        "title redaction on line {title}:\n{}",
        run.stdout
    );
    // The block-level private block (the first `<!-- private -->` is inline).
    let block_open = source.lines().position(|l| l == "<!-- private -->").unwrap() + 1;
    let block_close = source.lines().position(|l| l == "<!-- /private -->").unwrap() + 1;
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{file}:{block_open}-{block_close}")) && l.contains("[private-block]")),
        "private block on lines {block_open}-{block_close}:\n{}",
        run.stdout
    );
    let section = line_of(&source, "## Internal notes");
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("{file}:{section}-")) && l.contains("[drop-section]")),
        "dropped section from line {section}:\n{}",
        run.stdout
    );
    for rule in ["[people]", "[internal-hosts]", "[email]", "[ipv4]", "[credit-card]"] {
        assert!(run.stdout.contains(rule), "{rule} missing:\n{}", run.stdout);
    }
    let items = lines.iter().filter(|l| l.starts_with(&file)).count();
    assert!(lines.last().unwrap().ends_with(&format!("{items} redaction(s)")), "{}", run.stdout);

    let run = preview(&site, CHECKOUT, true);
    assert_eq!(run.code, 0, "{}", run.log());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    let items = json.as_array().expect("a JSON array");
    assert_eq!(items.len(), lines.len() - 1, "text and JSON list the same redactions");
    let keys: BTreeSet<&str> = ["line", "column", "end_line", "rule", "original", "replacement"].into();
    for item in items {
        let have: BTreeSet<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(have, keys, "{item}");
    }
    let find = |original: &str| {
        items
            .iter()
            .find(|i| i["original"] == original)
            .unwrap_or_else(|| panic!("no item for {original:?}:\n{json:#}"))
    };
    let initech = find("Initech");
    assert_eq!(initech["rule"], "customers");
    assert_eq!(initech["line"], title);
    assert_eq!(initech["end_line"], title);
    assert_eq!(initech["replacement"], "Customer 2");
    assert_eq!(initech["column"], source.lines().nth(title - 1).unwrap().find("Initech").unwrap() + 1);
    let wrapped = find("Umbrella\nHealth");
    let umbrella = line_of(&source, "and Umbrella");
    assert_eq!(
        (wrapped["line"].as_u64(), wrapped["end_line"].as_u64()),
        (Some(umbrella as u64), Some(umbrella as u64 + 1))
    );
    let card = find("4539 1488 0343 6467");
    assert_eq!(card["rule"], "credit-card");
    assert_eq!(card["replacement"], "[card]");
    let private =
        items.iter().find(|i| i["rule"] == "private-block" && i["end_line"] != i["line"]).expect("private block item");
    assert_eq!(
        (private["line"].as_u64(), private["end_line"].as_u64()),
        (Some(block_open as u64), Some(block_close as u64))
    );

    // TOML front matter and an unclosed private block.
    let source = site.read(DNS);
    let run = preview(&site, DNS, true);
    assert_eq!(run.code, 0, "{}", run.log());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let items = json.as_array().unwrap();
    let unclosed = line_of(&source, "<!-- private -->");
    assert!(
        items.iter().any(|i| i["rule"] == "private-block"
            && i["line"] == unclosed
            && i["end_line"].as_u64() == Some(source.lines().count() as u64)),
        "unclosed private block from line {unclosed} to the end:\n{json:#}"
    );
    assert!(items.iter().any(|i| i["original"] == "Virtucon" && i["line"] == 2), "{json:#}");
}

#[test]
fn redact_preview_lists_inline_private_blocks() {
    let site = Site::planted();
    let source = site.read(CHECKOUT);
    let line = line_of(&source, "after Ollivanders threatened");
    let run = preview(&site, CHECKOUT, true);
    assert_eq!(run.code, 0, "{}", run.log());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        json.as_array().unwrap().iter().any(|i| i["rule"] == "private-block" && i["line"] == line),
        "no private-block item on line {line}:\n{json:#}"
    );
}

// ------------------------------------------------------------------------------------------
// 7. Determinism and stable pseudonyms
// ------------------------------------------------------------------------------------------

/// Every `Customer N` / `Engineer N` in `text`, in order.
fn pseudonyms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in ["Customer ", "Engineer "] {
        for (i, _) in text.match_indices(word) {
            let digits: String = text[i + word.len()..].chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                out.push(format!("{word}{digits}@{i}"));
            }
        }
    }
    out.sort_by_key(|s| s.rsplit_once('@').map(|(_, i)| i.parse::<usize>().unwrap_or(0)));
    out.into_iter().map(|s| s.rsplit_once('@').unwrap().0.to_string()).collect()
}

#[test]
fn builds_are_byte_identical_and_pseudonyms_stable() {
    let site = Site::planted();
    let (one, two) = (site.path("../one"), site.path("../two"));
    site.build_ok(&["--out", &one.display().to_string()]);
    site.build_ok(&["--out", &two.display().to_string()]);
    assert_same_tree(&tree(&one), &tree(&two), "second build");

    let pages = |dir: &Path| -> BTreeMap<&str, Vec<String>> {
        SLUGS
            .iter()
            .map(|s| (*s, pseudonyms(&fs::read_to_string(dir.join(format!("incidents/{s}/index.html"))).unwrap())))
            .collect()
    };
    let before = pages(&one);
    assert!(before["checkout-connection-pool-exhaustion"].contains(&"Customer 2".to_string()));

    // A new, earlier postmortem naming customers in another order changes no number.
    site.write(
        "content/2022/early-settlement-delay.md",
        "---\ntitle: Settlement files delayed for Nuka and Initech\nseverity: SEV3\nstarted: 2022-02-01T08:00:00Z\nresolved: 2022-02-01T11:00:00Z\n---\n\n## Summary\n\nUmbrella Health, Initech and Nuka received their settlement files three hours late. Alice Smith reran the export.\n",
    );
    let three = site.path("../three");
    site.build_ok(&["--out", &three.display().to_string()]);
    assert_eq!(pages(&three), before, "adding a postmortem renumbered pseudonyms");
    let new = fs::read_to_string(three.join("incidents/early-settlement-delay/index.html")).unwrap();
    assert_has(&new, "Settlement files delayed for Customer 41 and Customer 2", "new page");
    assert_has(&new, "Customer 3, Customer 2 and Customer 41 received their settlement files", "new page");
    assert_has(&new, "Engineer 1 reran the export", "new page");
}

// ------------------------------------------------------------------------------------------
// 8. An invalid redaction.toml is an error, never "no rules"
// ------------------------------------------------------------------------------------------

/// Builds once, breaks `redaction.toml` with `edit`, builds again: returns the failed run,
/// the edited text, and checks that the previous output is untouched.
fn broken_rules(edit: impl Fn(&str) -> String) -> (Run, String) {
    let site = Site::planted();
    site.build_ok(&[]);
    let before = tree(&site.public());
    let text = edit(&site.read("redaction.toml"));
    assert_ne!(text, site.read("redaction.toml"), "the edit changed nothing");
    site.write("redaction.toml", &text);
    let run = site.build(&[]);
    assert_same_tree(&before, &tree(&site.public()), "public/ after a broken redaction.toml");
    let check = debrief(["check", "--root", &site.root.display().to_string()]);
    assert_eq!(check.code, 1, "`debrief check` accepts the broken rules:\n{}", check.log());
    (run, text)
}

#[test]
fn invalid_redaction_config_is_an_error_with_position_and_hint() {
    let cases: [(&str, &str, &str, &str); 4] = [
        ("drop_sections =", "drop_section =", "drop_section", "did you mean `drop_sections`?"),
        ("replace = \"Engineer {n}\"", "replacement = \"Engineer {n}\"", "replacement", "did you mean `replace`?"),
        ("\"credit-card\"", "\"creditcard\"", "creditcard", "did you mean `credit-card`?"),
        ("[[rule]]", "[[rules]]", "[[rules]]", "did you mean `rule`?"),
    ];
    for (from, to, at, hint) in cases {
        let (run, text) = broken_rules(|t| t.replacen(from, to, 1));
        assert_eq!(run.code, 1, "{to}: {}", run.log());
        let line = line_of(&text, at);
        assert!(
            run.stderr.contains(&format!("redaction.toml:{line}:")),
            "{to}: no redaction.toml:{line}:\n{}",
            run.log()
        );
        assert!(run.stderr.contains(&format!("hint: {hint}")), "{to}: no hint {hint:?}:\n{}", run.log());
        assert!(!run.stderr.contains("Built"), "{to}: {}", run.log());
    }
}

#[test]
fn bad_regex_is_an_error_with_position() {
    let broken = r"pattern = '(?i)\b[a-z0-9-]+(\.[a-z0-9-]+*\.int\.tessellate\.net\b'";
    let (run, text) = broken_rules(|t| {
        t.lines().map(|l| if l.starts_with("pattern = ") { broken } else { l }).collect::<Vec<_>>().join("\n")
    });
    assert_eq!(run.code, 1, "{}", run.log());
    let line = line_of(&text, "pattern = ");
    assert!(run.stderr.contains(&format!("redaction.toml:{line}:")), "{}", run.log());
    assert!(run.stderr.contains("`internal-hosts`"), "names the rule:\n{}", run.log());
    assert!(
        run.stderr.contains("invalid regular expression") && run.stderr.contains("unclosed group"),
        "{}",
        run.log()
    );
}

#[test]
fn bad_regex_error_has_a_hint() {
    let (run, _) = broken_rules(|t| t.replacen(r"(?:\.[a-z0-9-]+)*", r"(\.[a-z0-9-]+*", 1));
    assert_eq!(run.code, 1, "{}", run.log());
    assert!(run.stderr.contains("hint:"), "{}", run.log());
}

#[test]
fn configured_redaction_file_that_is_missing_is_an_error() {
    let site = Site::planted();
    let config = site.read("debrief.toml").replace("redaction = \"redaction.toml\"", "redaction = \"redactions.toml\"");
    site.write("debrief.toml", config);
    let run = site.build(&[]);
    let mut hits = Vec::new();
    if site.public().exists() {
        hits = leaks_in_dir(&site.public(), PLANTED);
    }
    assert_eq!(run.code, 1, "a missing rules file must stop the build:\n{}", run.log());
    assert!(run.stderr.contains("redactions.toml"), "{}", run.log());
    assert_no_leaks(&hits);
}

// ------------------------------------------------------------------------------------------
// Probes: channels the fixture above keeps clean because they leak today
// ------------------------------------------------------------------------------------------

/// Builds `site`, insists that the build succeeded, and returns every planted secret found
/// in what it published.
fn published_leaks(site: &Site, planted: &[Planted]) -> Vec<String> {
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "the build was expected to succeed (redacting, not refusing):\n{}", run.log());
    leaks_in_dir(&site.public(), planted)
}

/// Builds `site`, insists that it failed closed (exit 1, nothing published), and returns
/// its standard error.
fn fails_closed(site: &Site) -> String {
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "the build was expected to fail closed:\n{}", run.log());
    assert!(!site.public().exists(), "a failed build published something:\n{}", run.log());
    run.stderr
}

#[test]
fn multi_word_terms_in_url_shaped_forms_are_redacted() {
    let site = Site::rules_only();
    site.write(
        "content/2025/url-shapes.md",
        "---\ntitle: Partner sync failures\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\nservices: [stark_logistics_sync]\ntags: [umbrella-health-migration]\n---\n\n## Summary\n\nSee the [account page](https://crm.tessellate.example/accounts/umbrella-health/overview), the\n[export](https://crm.tessellate.example/export?customer=Massive-Dynamic) and the\n[profile](https://people.tessellate.example/alice.smith).\n\n![graph](https://img.tessellate.example/wayne-enterprises-latency.png)\n\nThe numbers were confirmed.[^dunder-mifflin]\n\n## Umbrella-Health escalation\n\nThe escalation went well.\n\n[^dunder-mifflin]: Confirmed on the call.\n",
    );
    let planted = [
        term("Stark Logistics", "services facet `stark_logistics_sync`"),
        term("Umbrella Health", "tags facet, link target, heading (hyphenated)"),
        term("Massive Dynamic", "link target query `customer=Massive-Dynamic`"),
        term("Alice Smith", "link target `/alice.smith`"),
        term("Wayne Enterprises", "image src `wayne-enterprises-latency.png`"),
        term("Dunder Mifflin", "footnote label `[^dunder-mifflin]`"),
    ];
    assert_no_leaks(&published_leaks(&site, &planted));
}

#[test]
fn numbers_wrapped_across_lines_are_redacted() {
    let site = Site::rules_only();
    site.write(
        "content/2025/wrapped.md",
        "---\ntitle: Payment errors\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\nsummary: Shoppers saw payment errors.\n---\n\n## Summary\n\nShoppers saw payment errors.\n\n## Impact\n\nOne shopper pasted the card number 4539 1488\n0343 6467 into the chat, and another called the support line on +1 (415)\n555-0132 to complain.\n",
    );
    let planted = [
        text("4539 1488 0343 6467", "card number wrapped across a line break"),
        text("+1 (415) 555-0132", "phone number wrapped across a line break"),
    ];
    assert_no_leaks(&published_leaks(&site, &planted));
}

/// A PNG with one `tEXt` chunk (keyword `Comment`).
fn png_with_comment(comment: &str) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    chunk(&mut png, b"tEXt", format!("Comment\0{comment}").as_bytes());
    // zlib stream of one filtered row (filter 0, one grey pixel 0), stored block.
    chunk(&mut png, b"IDAT", &[0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
    chunk(&mut png, b"IEND", b"");
    png
}

fn bundle_with_image(png: &[u8]) -> Site {
    let site = Site::rules_only();
    site.write(
        "content/2025/cdn-purge/index.md",
        "---\ntitle: CDN purge emptied the checkout asset cache\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\n---\n\n## Summary\n\nA purge emptied the CDN cache for checkout assets.\n\n![Cache hit ratio](hit-ratio.png)\n",
    );
    site.write("content/2025/cdn-purge/hit-ratio.png", png);
    site
}

#[test]
fn bundle_image_metadata_with_a_term_is_stripped() {
    // Image metadata never publishes: the text chunk goes, the image stays.
    let site = bundle_with_image(&png_with_comment("exported for Globex by Priya Raman"));
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.log());
    let png = site.public().join("incidents/cdn-purge/hit-ratio.png");
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("{}: {e}", png.display()));
    let text = String::from_utf8_lossy(&bytes);
    assert!(bytes.starts_with(b"\x89PNG") && text.contains("IDAT") && text.contains("IEND"), "still a PNG");
    assert!(!text.contains("Globex") && !text.contains("Priya") && !text.contains("tEXt"), "metadata published");
}

#[test]
fn bundle_image_metadata_is_not_published() {
    let comment = "exported by sre.oncall@tessellate-ops.example from 10.42.7.19 on grafana.int.tessellate.net";
    let site = bundle_with_image(&png_with_comment(comment));
    let planted = [
        text("sre.oncall@tessellate-ops.example", "PNG tEXt chunk (email)"),
        text("10.42.7.19", "PNG tEXt chunk (IPv4)"),
        text("grafana.int.tessellate.net", "PNG tEXt chunk (internal host)"),
    ];
    assert_no_leaks(&published_leaks(&site, &planted));
}

#[test]
fn markdown_beside_a_bundle_is_not_published_raw() {
    let site = bundle_with_image(&png_with_comment("hit ratio"));
    site.write(
        "content/2025/cdn-purge/notes.md",
        "---\ntitle: Working notes\nauthors: [oncall-lead-kpatel]\nslack_channel: \"#inc-axolotl-bridge\"\n---\n\n<!-- private -->\nThe purge was run by a contractor whose access should have been revoked in March.\n<!-- /private -->\n\n## Internal notes\n\nThe vendor contract renews at a forty percent discount after this outage.\n",
    );
    let planted = [
        text("oncall-lead-kpatel", "sidecar notes.md: internal field `authors`"),
        text("axolotl-bridge", "sidecar notes.md: internal field `slack_channel`"),
        text("access should have been revoked", "sidecar notes.md: private block"),
        text("forty percent discount", "sidecar notes.md: dropped section"),
    ];
    assert_no_leaks(&published_leaks(&site, &planted));
}

#[test]
fn unredacted_extra_keys_and_numbers_fail_closed() {
    // `extra` keys and non-string values are not redacted; the leak scanner must stop them.
    let site = Site::rules_only();
    site.write(
        "content/2025/extra.md",
        "---\ntitle: Refund delays\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\nextra:\n  globex_account_manager: named in the key\n  refund_card: 4539148803436467\n---\n\n## Summary\n\nRefunds were delayed.\n",
    );
    let stderr = fails_closed(&site);
    assert!(stderr.contains("public/api/incidents.json"), "names the file:\n{stderr}");
    assert!(stderr.contains("rule `customers`"), "names the rule:\n{stderr}");
    let mut hits = Vec::new();
    find_in("the build's stderr", &stderr, false, &[text("4539148803436467", "`extra` number (card)")], &mut hits);
    assert_no_leaks(&hits);
    // `check` fails the same way (it renders and scans too).
    let check = debrief(["check", "--root", &site.root.display().to_string()]);
    assert_eq!(check.code, 1, "{}", check.log());
    assert!(check.stderr.contains("public/api/incidents.json"), "{}", check.log());
}

#[test]
fn extra_numbers_are_redacted() {
    let site = Site::rules_only();
    site.write(
        "content/2025/extra.md",
        "---\ntitle: Refund delays\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\nextra:\n  refund_card: 4539148803436467\n  refund_note: for Globex\n---\n\n## Summary\n\nRefunds were delayed.\n",
    );
    let planted = [term("Globex", "`extra` value"), text("4539148803436467", "`extra` number (card)")];
    assert_no_leaks(&published_leaks(&site, &planted));
    let api: serde_json::Value = serde_json::from_str(&site.page("api/incidents.json")).unwrap();
    assert_eq!(
        api["incidents"][0]["extra"],
        serde_json::json!({ "refund_card": "[card]", "refund_note": "for Customer 1" })
    );
}

// ------------------------------------------------------------------------------------------
// Every channel of issue 10: whole URLs, every image format, SVG, binary files
// ------------------------------------------------------------------------------------------

#[test]
fn internal_urls_are_replaced_whole_with_the_example_rules() {
    let site = Site::rules_only();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../redaction.toml");
    site.write("redaction.toml", fs::read(example).unwrap());
    site.write(
        "content/2025/jira.md",
        "---\ntitle: Queue backlog\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\n---\n\n## Summary\n\nTracked in <https://jira.corp.northwind.example/browse/OPS-99123>, also https://jira.corp.northwind.example/browse/OPS-99124?focused=1#c2 and [the board](https://jira.corp.northwind.example/secure/RapidBoard.jspa?rapidView=OPS-99125) and [the epic][epic].\n\n[epic]: https://jira.corp.northwind.example/browse/OPS-99126\n",
    );
    let planted = [
        text("OPS-99123", "autolink path"),
        text("OPS-99124", "bare URL path"),
        text("focused=1", "bare URL query"),
        text("OPS-99125", "link target query"),
        text("OPS-99126", "reference definition"),
        text("/browse/", "URL path"),
        text("corp.northwind.example", "host"),
    ];
    assert_no_leaks(&published_leaks(&site, &planted));
    let page = readable(&site.page("incidents/jira/index.html"));
    assert_has(&page, "Tracked in [internal host], also [internal host] and the board and the epic.", "jira page");
}

/// A bundle `content/2025/cdn-purge/` whose page shows `name`, holding `bytes`.
fn bundle_with(name: &str, bytes: &[u8]) -> Site {
    let site = Site::rules_only();
    site.write(
        "content/2025/cdn-purge/index.md",
        format!("---\ntitle: CDN purge emptied the checkout asset cache\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\n---\n\n## Summary\n\nA purge emptied the CDN cache for checkout assets.\n\n![Cache hit ratio]({name})\n"),
    );
    site.write(&format!("content/2025/cdn-purge/{name}"), bytes);
    site
}

/// A WebP (lossless, 1×1) with `VP8X`, an `EXIF` chunk holding `exif` and an `XMP ` chunk.
fn webp_with_exif(exif: &str) -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    let vp8l: &[u8] = &[0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0];
    let exif = [b"MM\0*\0\0\0\x08".as_slice(), exif.as_bytes()].concat();
    let xmp = b"<x:xmpmeta><dc:creator>Priya Raman</dc:creator></x:xmpmeta>".to_vec();
    for (kind, data) in
        [(b"VP8X", vec![0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]), (b"VP8L", vp8l.to_vec()), (b"EXIF", exif), (b"XMP ", xmp)]
    {
        body.extend_from_slice(kind);
        body.extend((data.len() as u32).to_le_bytes());
        body.extend_from_slice(&data);
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    [b"RIFF".as_slice(), &(body.len() as u32).to_le_bytes(), &body].concat()
}

#[test]
fn webp_exif_with_an_email_and_an_internal_ip_is_not_published() {
    let site =
        bundle_with("hit-ratio.webp", &webp_with_exif("Artist: sre.oncall@tessellate-ops.example GPS 10.42.7.19"));
    let planted = [
        text("sre.oncall@tessellate-ops.example", "WebP EXIF (email)"),
        text("10.42.7.19", "WebP EXIF (IPv4)"),
        term("Priya Raman", "WebP XMP"),
    ];
    assert_no_leaks(&published_leaks(&site, &planted));
    let webp = fs::read(site.public().join("incidents/cdn-purge/hit-ratio.webp")).unwrap();
    assert!(webp.starts_with(b"RIFF") && &webp[8..16] == b"WEBPVP8X", "still a WebP");
}

#[test]
fn gif_comments_are_not_published() {
    let mut gif = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff".to_vec();
    let comment = b"exported for Globex by sre.oncall@tessellate-ops.example";
    gif.extend([0x21, 0xFE, comment.len() as u8]);
    gif.extend_from_slice(comment);
    gif.push(0);
    gif.extend([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B]);
    let site = bundle_with("hit-ratio.gif", &gif);
    let planted = [term("Globex", "GIF comment"), text("sre.oncall@tessellate-ops.example", "GIF comment (email)")];
    assert_no_leaks(&published_leaks(&site, &planted));
    assert!(site.public().join("incidents/cdn-purge/hit-ratio.gif").is_file());
}

#[test]
fn svg_title_desc_metadata_and_comments_are_redacted() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 40\" role=\"img\">\n<!-- drawn by Priya Raman -->\n<metadata>owner: sre.oncall@tessellate-ops.example</metadata>\n<title>Globex traffic through pgb-2.int.tessellate.net</title>\n<desc>Umbrella\nHealth requests</desc>\n<text x=\"5\" y=\"20\">Initech</text>\n</svg>\n";
    let site = bundle_with("flow.svg", svg.as_bytes());
    let planted = [
        term("Priya Raman", "SVG comment"),
        text("sre.oncall@tessellate-ops.example", "SVG metadata"),
        term("Globex", "SVG title"),
        text("pgb-2.int.tessellate.net", "SVG title (internal host)"),
        term("Umbrella Health", "SVG desc (across a line break)"),
        term("Initech", "SVG text"),
    ];
    assert_no_leaks(&published_leaks(&site, &planted));
    let published = fs::read_to_string(site.public().join("incidents/cdn-purge/flow.svg")).unwrap();
    assert!(published.contains("<title>Customer 1 traffic through [internal host]</title>"), "{published}");
}

#[test]
fn assets_debrief_cannot_clean_are_refused() {
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "shot.avif",
            b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\x08meta".to_vec(),
            "AVIF files (brand `avif`) are not published",
        ),
        ("scan.tiff", b"II*\0\x08\0\0\0\0\0".to_vec(), "TIFF files are not published"),
        ("notes.txt", b"Globex asked for this".to_vec(), "cannot tell this file's format"),
        ("flow.svg", b"<svg onload=\"fetch('https://x.example')\"/>".to_vec(), "event handler attribute"),
        ("broken.png", b"\x89PNG\r\n\x1a\n\0\0".to_vec(), "truncated or malformed PNG"),
    ];
    for (name, bytes, message) in cases {
        let site = bundle_with(name, &bytes);
        let stderr = fails_closed(&site);
        assert!(stderr.contains(&format!("content/2025/cdn-purge/{name}")), "{name}: names the file:\n{stderr}");
        assert!(stderr.contains(message), "{name}: {message:?} missing:\n{stderr}");
        assert!(stderr.contains("hint:"), "{name}: no hint:\n{stderr}");
        let check = debrief(["check", "--root", &site.root.display().to_string()]);
        assert_eq!(check.code, 1, "{name}: check passes what build refuses:\n{}", check.log());
    }
}

#[test]
fn binary_theme_files_are_scanned_with_every_detector() {
    // A theme's own image is not cleaned (it is not content): its metadata is scanned, and
    // an address in it fails the build instead of publishing.
    let site = Site::rules_only();
    site.write("debrief.toml", format!("{}\ntheme = \"theme\"\n", site.read("debrief.toml")));
    site.write("theme/static/logo.png", png_with_comment("made by sre.oncall@tessellate-ops.example at 10.42.7.19"));
    site.write(
        "content/2025/ok.md",
        "---\ntitle: Short outage\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\n---\n\n## Summary\n\nIt was short.\n",
    );
    let stderr = fails_closed(&site);
    assert!(stderr.contains("public/logo.png"), "{stderr}");
    assert!(stderr.contains("rule `email`") && stderr.contains("rule `ipv4`"), "{stderr}");
}

#[test]
fn report_never_holds_a_secret_through_file_names() {
    let site = Site::rules_only();
    site.write(
        "content/initech/globex-outage.md",
        "---\ntitle: Checkout outage for one merchant\nslug: merchant-checkout-outage\nseverity: SEV3\nstarted: 2025-01-10T10:00:00Z\n---\n\n## Summary\n\nGlobex could not take payments for ten minutes.\n",
    );
    let report = site.path("../report.json");
    site.build_ok(&["--report", &report.display().to_string()]);
    let text = fs::read_to_string(report).unwrap();
    let mut hits = Vec::new();
    find_in("the report", &text, false, &[term("Globex", "file name"), term("Initech", "folder name")], &mut hits);
    assert_no_leaks(&hits);
}

// ------------------------------------------------------------------------------------------
// The scanner of this file finds what it should (so "zero hits" means something)
// ------------------------------------------------------------------------------------------

#[test]
fn this_files_scanner_sees_through_encodings() {
    let planted = [term("Umbrella Health", "t"), term("Globex", "t"), text("sec.desk@tessellate-ops.example", "t")];
    for (place, text) in [
        ("html", "<p>Glo<em>bex</em></p>"),
        ("entity", "Glob&#101;x and Glob&#x65;x"),
        ("json", r#"{"a":"Glo\u0062ex"}"#),
        ("percent", "https://x.example/?q=Umbrella%20Health"),
        ("slug", "/tags/umbrella-health/"),
        ("fullwidth", "\u{FF27}lobex"),
        ("cyrillic", "Gl\u{43E}bex"),
        ("zero-width", "Glo\u{200B}bex"),
        ("wrapped", "Umbrella\n  Health"),
        ("mailto", "mailto:sec.desk%40tessellate-ops.example"),
        ("case", "GLOBEX"),
    ] {
        let mut hits = Vec::new();
        find_in(place, text, false, &planted, &mut hits);
        assert!(!hits.is_empty(), "{place}: {text:?} not found");
    }
    let mut hits = Vec::new();
    find_in("clean", "<p>Customer 1 and Customer 3 [email]</p>", false, &planted, &mut hits);
    assert!(hits.is_empty(), "{hits:?}");
    assert_eq!(pseudonyms("Customer 2 met Engineer 1 and Customer 10."), ["Customer 2", "Engineer 1", "Customer 10"]);
}
