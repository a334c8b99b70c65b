//! The fast paths agree with the slow ones.
//!
//! Every prefilter, gate and shortcut in the crate must change the speed and nothing
//! else. This runs the crate's fast code and the original slow code (kept in
//! `reference/`, or `Builtin::find_unfiltered`) over the same texts and compares:
//! the skeleton (text and every byte's origin), term matching, `decode`,
//! `strip_tags`, every built-in detector, `Redactor::detect` (pattern rules with their
//! prefilters) and `LeakScanner::scan_file`.
//!
//! Texts: the detectors' own test inputs, the real postmortems in the shared corpus,
//! the repository's example content and built site, synthetic HTML with hidden leaks,
//! random mixtures (proptest), and any folder listed in `DEBRIEF_EXTRA_CORPUS`
//! (colon-separated, e.g. a generated 10,000-page site; up to 400 files each).

mod reference;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use debrief_redact::terms::{Skeleton, TermMatcher};
use debrief_redact::{Builtin, Hit, Leak, LeakScanner, RedactionConfig, Redactor, RuleKind, scan};
use proptest::prelude::*;
use regex::Regex;

use reference::{RefSkeleton, RefTermMatcher};

const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// Inputs of the crate's own detector tests, plus shapes each fast path special-cases.
const TRICKY: &[&str] = &[
    "mail alice.smith@example.com now",
    "<bob+ops@corp.example.co.uk>",
    "(ONCALL@Example.ORG)",
    "mailto:a_b-c@sub-domain.io.",
    "git@github.com:org/repo",
    "x 123@numbers.net y",
    "logo@2x.png",
    "npm i @scope/package@1.2.3",
    "docker pull image@sha256:abc123",
    "host 10.0.0.1 down",
    "from 192.168.1.254:8080",
    "cidr 172.16.0.0/12",
    "(8.8.8.8).",
    "ip=255.255.255.255,",
    "`203.0.113.7`",
    "version 1.1.4 and v3.5",
    "v1.2.3.4 release",
    "OID 1.3.6.1.4.1",
    "256.1.1.1 is invalid",
    "2025-03-14 10:00",
    "HTTP 502 for 0h 16m in eu-west-1",
    "é10.0.0.1é and 10.0.0.1é and é10.0.0.1 and _10.0.0.1",
    "addr 2001:db8::1 failed",
    "loopback ::1.",
    "link fe80::1%eth0 up",
    "mapped ::ffff:192.0.2.128 here",
    "full 2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "http://[2001:db8:1::ab9:c0a8:102]:8080/",
    "at 10:30:45 UTC",
    "std::io::Error and Vec::new",
    "mac 00:1a:2b:3c:4d:5e",
    "key AKIAQ3EGRT5LXPZ7UW2K leaked",
    "aws_secret_access_key = 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",
    "AWS_SECRET_ACCESS_KEY: \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEKEYZ1234\"",
    "token ghp_1234567890abcdefghijABCDEFGHIJ123456.",
    "glpat-Ab3dEf6hIj9kLm2nOp5q in ci",
    "xoxb-1234567890-1234567890123-AbCdEfGhIjKl",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
    "db_password: Zq8#rT2!vL9pXw4m",
    "API_TOKEN=\"a9F3kQ7zL2mX8vB4nC6d\"",
    "postgres://app:s3cr3tPw@db.internal/x",
    "github_pat_11ABCDEFG0123456789abc_0123456789abcdefghijABCDEFGHIJ0123456789abcdefghijABCDEFGH",
    "example key AKIAIOSFODNN7EXAMPLE in docs",
    "password: <redacted>",
    "token=${GITHUB_TOKEN_VALUE_1234}",
    "api_key = xxxxxxxxxxxxxxxxxxxx",
    "secret: aaaaaaaaaaaaaaaa1",
    "primary key: customer_id_and_timestamp",
    "the key: rotation happened at 10:00",
    "key_file: /etc/ssl/private/server2.key",
    "sk_live_short",
    "secretoken=Zq8rT2vL9pXw4mAb secrettoken => 'Zq8rT2vL9pXw4mAb' authkey:=Zq8rT2vL9pXw4mAb",
    "pass\t=\t`Zq8rT2vL9pXw4mAb` PASSWORD := Zq8rT2vL9pXw4mAb.. tokentoken: a9F3kQ7zL2mX8vB4nC6d",
    "auth=Zq8rT2vL9pXw4mAb pwd: Zq8rT2vL9pXw4mAb credentials: Zq8rT2vL9pXw4mAb passphrase=Zq8rT2vL9pXw4mAb",
    "my_key.v2-x: Zq8rT2vL9pXw4mAb secret_token \"=>\" Zq8rT2vL9pXw4mAb token.a.b.c=Zq8rT2vL9pXw4mAb",
    "passwd=Zq8rT2vL9pXw4mAb,password='Zq8rT2vL9pXw4mAb' Token:Zq8rT2vL9pXw4mAb! KEY=Zq8rT2vL9pXw4mAb*",
    "\u{212A}ey: a9F3kQ7zL2mX8vB4nC6d and \u{17F}ecret=a9F3kQ7zL2mX8vB4nC6d and to\u{212A}en: a9F3kQ7zL2mX8vB4nC6d",
    "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "npm_abcdefghijklmnopqrstuvwxyz0123456789 SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789 and disk-full and task_queue and network_",
    "card 4111 1111 1111 1111 declined",
    "4111-1111-1111-1111",
    "pan=5555555555554444;",
    "amex 3782 822463 10005",
    "discover 6011111111111117.",
    "4111 1111 1111 1112",
    "ts 1710412345678 ms",
    "v4111111111111111.2",
    "call +441632960123 now",
    "call +1 (415) 555-0132.",
    "call (415) 555-0132",
    "call 415-555-0132,",
    "call 020 7946 0958",
    "tel: +44 20 7946 0958",
    "mobile 07700 900123",
    "US 1-800-555-0199",
    "de +49 30 901820",
    "on 2025-03-14 at 10:30:45",
    "uuid 123e4567-e89b-12d3-a456-426614174000",
    "between 10:00-11:30 UTC",
    "+0.5 increase and x+1234",
    "2025-03-14 15:04:05.999",
    "(415) 555-0132(415) 555-0132 +1 (415) 555-0132+1 (415) 555-0132",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----",
    "x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nNhLXRz",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U\n",
    "GLOBEX's db on db1.corp.example.net; Initech and globex, Umbrella\nHealth.",
    "Glo**bex** and **Globex** and ~~Glo~~bex and `Globex`",
    "Umbrella\n  Health and Umbrella\t**Health** and Umbrella\u{00A0}Health",
    "Glo\u{200B}bex G\u{200C}l\u{200D}obex Glob\u{2060}ex \u{FEFF}Globex Glo\u{00AD}bex",
    "ＧＬＯＢＥＸ inc Glоbеx GLΟΒΕΧ Glóbex Glo\u{301}bex ﬁre ㎏ ¨x",
    "a  b   c\t\t d\n\n\ne \r\n f \u{2003}\u{2003}g \u{A0} h",
    "A\u{200B}b  *C*",
    "<html>\n<p>Glo<em>bex</em></p>\n<p>Glob&#101;x</p>\n<a title=\"x@example.com\">ok</a>\n",
    "Glob&#101;x &amp; Glob&#x65;x a&commat;b.com &unknown; &#xD800; &#x1F600; &#128512;",
    "Glo\\u0062ex \\n x \\ud83d\\ude00 \\ud83d \\\\ \\\" \\/ \\q",
    "Glo%62ex 100% %zz %E2%80%8B %C3 %C3%A9 %0A%0D",
    "a < b <3 <!-- c\n --> d <br/><span>x</span>y</SPAN><B>z</b><p\nclass=x>w<!-- no end",
    "<a href=\"&#x2f;history&#x2f;\">x</a> <abbr title=\"10.0.0.1\">ip</abbr>",
    "aexzq acdde.zq abccddeeeyzz ab.z aez",
    "keykeykeykeykeykeykeykeykeykeykeykeykeykeykeykeykeykeykey-b-c=Zq8rT2vL9pXw4mAb tokentokentoken=Zq8rT2vL9pXw4mAb",
    "authkeykeykeykeykeykeykeykeykeykeykeykeykeykeykeykeykeyx_y=Zq8rT2vL9pXw4mAb",
    "OPS-1234 xOPS-123 OPS-12 failover FAILED failed.degraded éabc xéabc zone node nodes",
];

fn files_under(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, exts, out);
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e)) {
            out.push(p);
        }
    }
}

/// (name, contents) of every text the tests run on.
fn corpus() -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = TRICKY.iter().map(|t| ("tricky".to_owned(), (*t).to_owned())).collect();
    let root = Path::new(MANIFEST).join("../..");
    let mut dirs: Vec<(PathBuf, usize)> = vec![
        (root.join("../shared/corpus/real"), usize::MAX),
        (root.join("content"), usize::MAX),
        (root.join("public"), 300),
    ];
    for extra in std::env::var("DEBRIEF_EXTRA_CORPUS").unwrap_or_default().split(':').filter(|d| !d.is_empty()) {
        dirs.push((PathBuf::from(extra), 400));
    }
    for (dir, limit) in dirs {
        let mut files = Vec::new();
        files_under(&dir, &["md", "html", "json", "xml", "txt"], &mut files);
        for f in files.into_iter().take(limit) {
            if let Ok(t) = std::fs::read_to_string(&f) {
                texts.push((f.display().to_string(), t));
            }
        }
    }
    // The scanner's two views of markup.
    let views: Vec<(String, String)> = texts
        .iter()
        .filter(|(_, t)| t.contains(['<', '&', '%', '\\']))
        .flat_map(|(n, t)| {
            let d = reference::decode(t);
            let s = reference::strip_tags(&d);
            [(format!("{n} (decoded)"), d), (format!("{n} (stripped)"), s)]
        })
        .collect();
    texts.extend(views);
    texts
}

fn check_skeleton(text: &str) -> Result<(), String> {
    let (fast, slow) = (Skeleton::new(text), RefSkeleton::new(text));
    if fast.as_str() != slow.as_str() {
        return Err(format!("skeleton text differs for {text:?}"));
    }
    for i in 0..slow.as_str().len() {
        if fast.original_range(i..i + 1) != slow.original_range(i..i + 1) {
            return Err(format!("origin of skeleton byte {i} differs for {text:?}"));
        }
    }
    Ok(())
}

fn check_builtins(text: &str) -> Result<(), String> {
    for b in Builtin::ALL {
        if b.find(text) != b.find_unfiltered(text) {
            return Err(format!("{}: fast path differs from unfiltered on {text:?}", b.name()));
        }
    }
    Ok(())
}

fn check_decode_strip(text: &str) -> Result<(), String> {
    if scan::decode(text) != reference::decode(text) {
        return Err(format!("decode differs on {text:?}"));
    }
    if scan::strip_tags(text) != reference::strip_tags(text) {
        return Err(format!("strip_tags differs on {text:?}"));
    }
    Ok(())
}

/// 1-based line of each offset, like the scanner's line index.
fn line_of(text: &str) -> impl Fn(usize) -> usize + '_ {
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    move |offset| newlines.partition_point(|&nl| nl < offset) + 1
}

/// The original `Redactor` and `LeakScanner`, built from the same configuration out of
/// the reference pieces, the unfiltered detectors and plain regex searches.
struct Slow {
    cfg: RedactionConfig,
    terms: RefTermMatcher,
    term_rules: Vec<(String, String)>,
    patterns: Vec<(String, Regex, String)>,
    scan_matcher: RefTermMatcher,
    group_rules: Vec<String>,
    term_groups: usize,
}

impl Slow {
    fn new(cfg: &RedactionConfig, needles: &[(String, String)]) -> Slow {
        let mut groups = Vec::new();
        let mut term_rules = Vec::new();
        let mut patterns = Vec::new();
        for r in &cfg.rules {
            match &r.kind {
                RuleKind::Terms(t) => {
                    groups.push((t.clone(), true));
                    term_rules.push((r.name.clone(), r.replace.clone()));
                }
                RuleKind::Pattern(p) => patterns.push((r.name.clone(), Regex::new(p).unwrap(), r.replace.clone())),
            }
        }
        let mut scan_groups = groups.clone();
        let mut group_rules: Vec<String> = term_rules.iter().map(|(n, _)| n.clone()).collect();
        for (rule, sentence) in needles {
            if reference::normalize(sentence).chars().count() >= scan::MIN_NEEDLE_CHARS {
                scan_groups.push((vec![sentence.clone()], false));
                group_rules.push(rule.clone());
            }
        }
        Slow {
            cfg: cfg.clone(),
            terms: RefTermMatcher::new(&groups),
            term_groups: term_rules.len(),
            term_rules,
            patterns,
            scan_matcher: RefTermMatcher::new(&scan_groups),
            group_rules,
        }
    }

    fn detect_regex(&self, text: &str, hits: &mut Vec<Hit>) {
        for (name, re, replace) in &self.patterns {
            for m in re.find_iter(text) {
                if !m.is_empty() {
                    hits.push(Hit { rule: name.clone(), range: m.range(), replacement: replace.clone() });
                }
            }
        }
        for b in &self.cfg.builtins {
            for r in b.find_unfiltered(text) {
                hits.push(Hit { rule: b.name().to_owned(), range: r, replacement: b.replacement().to_owned() });
            }
        }
    }

    fn detect(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.terms.find_all_in(&RefSkeleton::new(text)) {
            let (name, replace) = &self.term_rules[m.group];
            hits.push(Hit {
                rule: name.clone(),
                range: m.range,
                replacement: replace.replace("{n}", &(m.index + 1).to_string()),
            });
        }
        self.detect_regex(text, &mut hits);
        hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
        hits
    }

    fn scan_text(&self, text: &str, found: &mut BTreeSet<(usize, String)>) {
        let line = line_of(text);
        for m in self.scan_matcher.find_all_in(&RefSkeleton::new(text)) {
            found.insert((line(m.range.start), self.group_rules[m.group].clone()));
        }
        let mut hits = Vec::new();
        self.detect_regex(text, &mut hits);
        for h in hits {
            found.insert((line(h.range.start), h.rule));
        }
    }

    /// The original `scan_file`, for uncompressed files.
    fn scan_file(&self, name: &Path, bytes: &[u8]) -> Vec<Leak> {
        let mut found = BTreeSet::new();
        let name_str = name.to_string_lossy().replace('\\', "/");
        for text in [name_str.clone(), reference::decode(&name_str)] {
            for h in self.detect(&text) {
                found.insert((0, h.rule));
            }
        }
        let text = String::from_utf8_lossy(bytes);
        if bytes.iter().take(8192).any(|&b| b == 0) {
            let line = line_of(&text);
            for m in self.scan_matcher.find_all_in(&RefSkeleton::new(&text)) {
                if m.group < self.term_groups {
                    found.insert((line(m.range.start), self.group_rules[m.group].clone()));
                }
            }
            // Each printable run of 8 or more characters, with every rule.
            let mut start = 0;
            for piece in text.split(|c: char| (c.is_control() && c != '\t') || c == '\u{FFFD}') {
                if piece.chars().count() >= 8 {
                    let mut in_run = BTreeSet::new();
                    let decoded = reference::decode(piece);
                    self.scan_text(&decoded, &mut in_run);
                    if decoded.contains('<') {
                        self.scan_text(&reference::strip_tags(&decoded), &mut in_run);
                    }
                    for (_, rule) in in_run {
                        found.insert((line(start), rule));
                    }
                }
                start += piece.len() + text[start + piece.len()..].chars().next().map_or(0, char::len_utf8);
            }
        } else {
            let decoded = reference::decode(&text);
            self.scan_text(&decoded, &mut found);
            if decoded.contains('<') {
                self.scan_text(&reference::strip_tags(&decoded), &mut found);
            }
        }
        found.into_iter().map(|(line, rule)| Leak { file: name.to_path_buf(), rule, line }).collect()
    }
}

/// Configurations whose pattern rules exercise the prefilters: Unicode `\b` (the
/// word-boundary-free prefilter), required literals, and patterns that have neither.
const CONFIGS: &[&str] = &[
    include_str!("../../../redaction.toml"),
    r#"
[[rule]]
name = "customers"
terms = ["Globex", "Initech", "Umbrella Health", "database", "on-call engineer", "é"]
replace = "Customer {n}"

[[rule]]
name = "internal-hosts"
pattern = '\b[a-z0-9.-]+\.corp\.example\.net\b'
replace = "[internal host]"

[[rule]]
name = "tickets"
pattern = '\bOPS-\d{3,}\b'
replace = "[ticket]"

[[rule]]
name = "words"
pattern = '(?i)\bfail(?:ed|over)\b|\bdegraded\b'
replace = "[w]"

[[rule]]
name = "optional"
pattern = 'ab?c*d{0,2}e+[xy]\.?z\B'
replace = "[o]"

[[rule]]
name = "special-boundaries"
pattern = '\b{start}zone\b{end}|\<node\>'
replace = "[s]"

[[rule]]
name = "unicode"
pattern = '\bé[a-z]+\b'
replace = "[u]"
"#,
    "builtins = [\"ipv4\", \"phone\"]\n",
];

fn needles() -> Vec<(String, String)> {
    vec![
        ("drop_sections".into(), "We paged the on-call engineer at home.".into()),
        ("drop_sections".into(), "customers using cdn in".into()),
        ("private".into(), "elevated error rates".into()),
        ("private".into(), "too short".into()),
    ]
}

fn redactors() -> Vec<(Redactor, LeakScanner, Slow)> {
    CONFIGS
        .iter()
        .map(|toml| {
            let cfg = RedactionConfig::from_toml_str(toml, "redaction.toml").unwrap();
            let r = Redactor::new(&cfg).unwrap();
            let scanner = LeakScanner::new(&r, needles());
            (r, scanner, Slow::new(&cfg, &needles()))
        })
        .collect()
}

fn check_redactors(rs: &[(Redactor, LeakScanner, Slow)], text: &str) -> Result<(), String> {
    for (fast, _, slow) in rs {
        let (a, b) = (fast.detect(text), slow.detect(text));
        if a != b {
            return Err(format!("detect differs on {text:?}:\nfast {a:?}\nslow {b:?}"));
        }
        if fast.is_clean(text) != b.into_iter().next() {
            return Err(format!("is_clean differs on {text:?}"));
        }
    }
    Ok(())
}

fn check_term_matcher(text: &str) -> Result<(), String> {
    let few: Vec<(Vec<String>, bool)> = vec![
        (vec!["Globex".into(), "Umbrella Health".into(), "database".into(), "incident".into(), "é".into()], true),
        (vec!["the on-call engineer".into(), "customers using".into(), "UTC on".into()], false),
    ];
    // More than 64 distinct patterns: the gate is a DFA instead of Teddy.
    let mut many = few.clone();
    many.push(((10..100).map(|i| format!("step {i} of")).chain(["root cause".into()]).collect(), false));
    for groups in [few, many] {
        let (fast, slow) = (TermMatcher::new(&groups), RefTermMatcher::new(&groups));
        let (a, b) = (fast.find_all_in(&Skeleton::new(text)), slow.find_all_in(&RefSkeleton::new(text)));
        if a != b {
            return Err(format!("term matches differ on {text:?}: {a:?} vs {b:?}"));
        }
        if fast.find(text) != slow.find(text) {
            return Err(format!("TermMatcher::find differs on {text:?}"));
        }
    }
    Ok(())
}

#[test]
fn corpus_fast_paths_agree() {
    let texts = corpus();
    let rs = redactors();
    let mut bytes = 0;
    for (name, text) in &texts {
        let checks = [
            check_skeleton(text),
            check_builtins(text),
            check_decode_strip(text),
            check_term_matcher(text),
            check_redactors(&rs, text),
        ];
        for c in checks {
            if let Err(e) = c {
                panic!("{name}: {e}");
            }
        }
        bytes += text.len();
    }
    println!("fast paths agree on {} texts, {:.1} MB", texts.len(), bytes as f64 / 1e6);
    assert!(texts.len() > TRICKY.len(), "no corpus file found");
}

#[test]
fn scan_file_agrees_with_reference() {
    let rs = redactors();
    let mut files: Vec<(PathBuf, Vec<u8>)> = TRICKY
        .iter()
        .enumerate()
        .map(|(i, t)| (PathBuf::from(format!("tricky/{i}/index.html")), t.as_bytes().to_vec()))
        .collect();
    files.push((PathBuf::from("incidents/globex-10.0.0.1/index.html"), b"<p>ok</p>".to_vec()));
    files.push((PathBuf::from("img/logo.png"), b"\x89PNG\0\0Globex 10.0.0.1 a long sentence".to_vec()));
    files.push((PathBuf::from("bad-utf8.txt"), b"Glo\xffbex \xc3 10.0.0.1 Globex".to_vec()));
    let html = "<p>We paged the <em>on-call</em>\nengineer at home.</p><p>Glo<b>bex</b> &amp; x&#64;example.com \
                <span>10.0.0</span>.1 <a href=\"https://db1.corp.example.net/\">x</a></p>\n";
    files.push((PathBuf::from("synthetic/index.html"), html.repeat(3).into_bytes()));
    let root = Path::new(MANIFEST).join("../..");
    let mut dirs = vec![root.join("public")];
    dirs.extend(
        std::env::var("DEBRIEF_EXTRA_CORPUS")
            .unwrap_or_default()
            .split(':')
            .filter(|d| !d.is_empty())
            .map(PathBuf::from),
    );
    for dir in dirs {
        let mut found = Vec::new();
        files_under(&dir, &["html", "json", "xml", "txt", "svg"], &mut found);
        for f in found.into_iter().take(200) {
            let rel = f.strip_prefix(&dir).unwrap_or(&f).to_path_buf();
            files.push((rel, std::fs::read(&f).unwrap()));
        }
    }
    let mut leaks = 0;
    for (name, bytes) in &files {
        for (_, scanner, slow) in &rs {
            let fast = scanner.scan_file(name, bytes).unwrap();
            assert_eq!(fast, slow.scan_file(name, bytes), "{}", name.display());
            leaks += fast.len();
        }
    }
    assert!(leaks > 0, "the synthetic files leak");
    println!("scan_file agrees on {} files ({leaks} leaks)", files.len());
}

/// Short pieces that trigger the fast paths' special cases.
const FRAGMENTS: &[&str] = &[
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    ".",
    ",",
    "-",
    ":",
    "::",
    "=",
    "=>",
    ":=",
    "\"",
    "'",
    "`",
    "*",
    "**",
    "~",
    "_",
    "@",
    "+",
    "(",
    ")",
    "/",
    "%",
    "&",
    "&#",
    ";",
    "<",
    ">",
    "</",
    "<b>",
    "<p>",
    "\\",
    "\\u",
    "é",
    "ſ",
    "\u{212A}",
    "\u{A0}",
    "\u{200B}",
    "\u{301}",
    "ﬁ",
    "key",
    "pass",
    "token",
    "auth",
    "secret",
    "credentials",
    "AKIA",
    "ghp_",
    "sk_",
    "sk-",
    "xox",
    "://",
    "Globex",
    "GLOBEX",
    "Umbrella",
    "Health",
    "database",
    "incident",
    "corp",
    ".corp.example.net",
    "OPS-",
    "failover",
    "zone",
    "node",
    "0",
    "1",
    "4",
    "9",
    "10",
    "192",
    "255",
    "415",
    "555",
    "0132",
    "4111",
    "1111",
    "+44",
    "020",
    "2025-03-14",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(TRICKY.to_vec()).prop_map(str::to_owned),
        prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        any::<u64>().prop_map(|n| n.to_string()),
        "[a-zA-Z0-9 .:@+_=/-]{0,12}",
        "\\PC{0,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn random_texts_fast_paths_agree(parts in prop::collection::vec(fragment(), 0..40)) {
        let text = parts.concat();
        let rs = redactors();
        for c in [check_skeleton(&text), check_builtins(&text), check_decode_strip(&text), check_term_matcher(&text), check_redactors(&rs, &text)] {
            prop_assert!(c.is_ok(), "{}", c.unwrap_err());
        }
        for (_, scanner, slow) in &rs {
            let name = Path::new("p/index.html");
            prop_assert_eq!(scanner.scan_file(name, text.as_bytes()).unwrap(), slow.scan_file(name, text.as_bytes()));
        }
    }
}
