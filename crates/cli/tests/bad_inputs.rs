//! Bad inputs: each case is added to a site that built fine, then the site is rebuilt.
//! The build must fail with exit 1, name the right file and line with a hint, report every
//! error of the run together, never panic, and leave the previous output byte for byte as
//! it was (no staging folder left behind). One test puts every content case in one site.
//!
//! Text fixtures live in `tests/fixtures/bad/`; byte-level ones (non-UTF-8, NUL, deep
//! nesting) are generated here.

mod common;

use common::*;
use std::ops::RangeInclusive;
use std::path::PathBuf;

/// Where a symbolic link points.
enum Target {
    /// An absolute path.
    Abs(PathBuf),
    /// A path under the site root (outside `content/`).
    InRoot(&'static str),
}

/// One change to the good site.
enum Setup {
    /// Write a file under the site root.
    File(String, Vec<u8>),
    /// Create a symbolic link under the site root (unix only).
    Link(&'static str, Target),
    /// Replace `debrief.toml`.
    Config(String),
}

/// What the hint of an error must say.
#[derive(Clone, Copy)]
enum Hint {
    /// Any hint, but one must be there.
    Any,
    /// A hint containing this text.
    Contains(&'static str),
    /// Known to be missing (a product bug with its own ignored test): not checked.
    KnownMissing,
}

/// One expected error.
struct Expect {
    file: String,
    lines: RangeInclusive<usize>,
    message: &'static str,
    hint: Hint,
}

fn expect(file: &str, line: usize, message: &'static str, hint: Hint) -> Expect {
    Expect { file: file.to_string(), lines: line..=line, message, hint }
}

struct Case {
    setup: Vec<Setup>,
    expect: Vec<Expect>,
}

fn file(rel: &str, bytes: impl Into<Vec<u8>>) -> Setup {
    Setup::File(rel.to_string(), bytes.into())
}

/// A case made of one fixture file copied into `content/`.
fn fixture_case(name: &str, line: usize, message: &'static str, hint: Hint) -> Case {
    let dest = format!("content/{name}.md");
    Case {
        setup: vec![file(&dest, fixture(&format!("bad/{name}.md")))],
        expect: vec![expect(&dest, line, message, hint)],
    }
}

/// A valid postmortem head, then `before` body lines; returns the text and the 1-based line
/// the next line written will have.
fn head_with_body(title: &str) -> (String, usize) {
    let text = postmortem(title, "SEV3", "2025-03-14T09:12:00Z", "", "## Summary\n\nLatency rose.\n\n");
    let next_line = text.lines().count() + 1;
    (text, next_line)
}

// --- the cases -------------------------------------------------------------------------

fn yaml_unclosed_bracket() -> Case {
    // The `[` opens on line 5; YAML notices on line 6, where `tags:` sits inside the
    // still-open flow sequence. Either line is a fair place to point at.
    let mut case = fixture_case("yaml-unclosed-bracket", 5, "invalid YAML front matter", Hint::Any);
    case.expect[0].lines = 5..=6;
    case
}

fn toml_malformed() -> Case {
    fixture_case("toml-malformed", 3, "invalid TOML front matter", Hint::Any)
}

fn no_front_matter() -> Case {
    fixture_case("no-front-matter", 1, "missing front matter", Hint::Contains("---"))
}

fn unclosed_front_matter() -> Case {
    fixture_case("unclosed-front-matter", 1, "not closed", Hint::Contains("---"))
}

fn missing_required_fields() -> Case {
    let dest = "content/missing-required-fields.md";
    Case {
        setup: vec![file(dest, fixture("bad/missing-required-fields.md"))],
        expect: vec![
            expect(dest, 1, "`title`", Hint::Contains("title")),
            expect(dest, 1, "`severity`", Hint::Contains("SEV")),
            expect(dest, 1, "`started`", Hint::Contains("started")),
        ],
    }
}

fn unknown_severity() -> Case {
    fixture_case("unknown-severity", 3, "unknown severity `SEV-2`", Hint::Contains("did you mean `SEV2`"))
}

fn impossible_date() -> Case {
    fixture_case("impossible-date", 4, "2025-02-30", Hint::Any)
}

fn resolved_before_started() -> Case {
    fixture_case("resolved-before-started", 5, "`resolved`", Hint::Any)
}

fn non_utf8_body() -> Case {
    let (mut text, line) = head_with_body("Non-UTF-8 body");
    text.push_str("Latency rose to 3");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"\xff\xfe0 ms at peak.\nMore text.\n");
    let dest = "content/non-utf8.md";
    Case { setup: vec![file(dest, bytes)], expect: vec![expect(dest, line, "UTF-8", Hint::Any)] }
}

fn nul_byte() -> Case {
    let (mut text, line) = head_with_body("NUL byte");
    text.push_str("Some text\0with a NUL.\nMore text.\n");
    let dest = "content/nul-byte.md";
    Case { setup: vec![file(dest, text)], expect: vec![expect(dest, line, "NUL", Hint::Any)] }
}

fn slug_traversal() -> Case {
    fixture_case("slug-traversal", 5, "../../etc", Hint::Any)
}

fn duplicate_slugs() -> Case {
    // Two files whose names make the same slug; the second (in path order) is reported.
    Case {
        setup: vec![
            file("content/2024/cache-failover.md", fixture("bad/duplicate-slug-first.md")),
            file("content/2025/cache-failover.md", fixture("bad/duplicate-slug-second.md")),
        ],
        expect: vec![expect("content/2025/cache-failover.md", 1, "duplicate slug `cache-failover`", Hint::Any)],
    }
}

fn symlink_to_etc_hostname() -> Case {
    let (target, mut setup) = if std::path::Path::new("/etc/hostname").is_file() {
        (Target::Abs("/etc/hostname".into()), Vec::new())
    } else {
        (Target::InRoot("outside/hostname"), vec![file("outside/hostname", "buildhost\n")])
    };
    setup.push(Setup::Link("content/hostname.md", target));
    Case { setup, expect: vec![expect("content/hostname.md", 1, "outside the content folder", Hint::Any)] }
}

fn symlink_to_outside_postmortem() -> Case {
    // A perfectly valid postmortem, but outside the content folder: linking it in must not
    // publish it.
    Case {
        setup: vec![
            file("private/secret-incident.md", simple_postmortem("Private incident kept outside content")),
            Setup::Link("content/secret-incident.md", Target::InRoot("private/secret-incident.md")),
        ],
        expect: vec![expect("content/secret-incident.md", 1, "outside the content folder", Hint::Any)],
    }
}

fn deep_blockquote() -> Case {
    let (mut text, line) = head_with_body("Deep quote");
    text.push_str(&">".repeat(10_000));
    text.push_str(" quoted\n\nAfter.\n");
    let dest = "content/deep-blockquote.md";
    Case { setup: vec![file(dest, text)], expect: vec![expect(dest, line, "nested", Hint::Any)] }
}

fn deep_list() -> Case {
    let (mut text, first) = head_with_body("Deep list");
    const LEVELS: usize = 5_000;
    for level in 0..LEVELS {
        text.push_str(&"  ".repeat(level));
        text.push_str("- level\n");
    }
    let dest = "content/deep-list.md";
    // The error points at the first line that nests too deep: somewhere in the list.
    let mut e = expect(dest, first, "nested", Hint::Any);
    e.lines = first + 1..=first + LEVELS - 1;
    Case { setup: vec![file(dest, text)], expect: vec![e] }
}

fn draft_not_boolean() -> Case {
    // The hint is missing today: see `draft_not_boolean_has_a_hint`.
    fixture_case("draft-not-boolean", 5, "`draft`", Hint::KnownMissing)
}

fn config_unknown_key() -> Case {
    Case {
        setup: vec![Setup::Config(fixture("bad/config-unknown-key.toml"))],
        expect: vec![expect("debrief.toml", 3, "timezon", Hint::Contains("did you mean `timezone`"))],
    }
}

fn config_bad_timezone() -> Case {
    Case {
        setup: vec![Setup::Config(fixture("bad/config-bad-timezone.toml"))],
        expect: vec![expect("debrief.toml", 4, "Mars/Olympus_Mons", Hint::Any)],
    }
}

/// Every case that lives in `content/` (config cases stop the run before content is read).
fn content_cases() -> Vec<Case> {
    let mut cases = vec![
        yaml_unclosed_bracket(),
        toml_malformed(),
        no_front_matter(),
        unclosed_front_matter(),
        missing_required_fields(),
        unknown_severity(),
        impossible_date(),
        resolved_before_started(),
        non_utf8_body(),
        nul_byte(),
        slug_traversal(),
        duplicate_slugs(),
        deep_blockquote(),
        deep_list(),
        draft_not_boolean(),
    ];
    if cfg!(unix) {
        cases.push(symlink_to_etc_hostname());
        cases.push(symlink_to_outside_postmortem());
    }
    cases
}

// --- running a case --------------------------------------------------------------------

/// A site with two good postmortems, built once.
fn built_good_site() -> Site {
    let site = Site::new();
    site.write("content/good-one.md", simple_postmortem("Good incident one"));
    site.write(
        "content/2024/good-two.md",
        postmortem("Good incident two", "SEV1", "2024-11-29T08:00:00Z", "resolved: 2024-11-29T09:00:00Z\n", "Body.\n"),
    );
    site.build(&[]).expect(0);
    site
}

fn apply(site: &Site, setup: &[Setup]) {
    for s in setup {
        match s {
            Setup::File(rel, bytes) => {
                site.write(rel, bytes);
            }
            Setup::Config(text) => {
                site.write("debrief.toml", text);
            }
            Setup::Link(link, target) => {
                let target = match target {
                    Target::Abs(p) => p.clone(),
                    Target::InRoot(rel) => site.path(rel),
                };
                #[cfg(unix)]
                std::os::unix::fs::symlink(&target, site.path(link)).expect("create symlink");
                #[cfg(not(unix))]
                panic!("symbolic link cases run on unix only: {link} → {}", target.display());
            }
        }
    }
}

/// Builds the good site, applies the cases, rebuilds and checks everything.
fn run_cases(cases: Vec<Case>) {
    let site = built_good_site();
    let before = snapshot(&site.public());
    assert!(before.contains_key("incidents/good-one/index.html"));
    let mut expected: Vec<Expect> = Vec::new();
    for case in cases {
        apply(&site, &case.setup);
        expected.extend(case.expect);
    }

    let run = site.build(&[]);
    run.expect(1);
    let errors = run.errors();
    let shown = || format!("\n--- stderr:\n{}", run.stderr);
    assert_eq!(errors.len(), expected.len(), "all errors of the run, together{}", shown());
    let summary = format!("{} error(s)", expected.len());
    assert!(run.stderr.lines().last().is_some_and(|l| l.contains(&summary)), "summary `{summary}`{}", shown());

    for e in &expected {
        let found = errors
            .iter()
            .find(|d| d.file == e.file && e.lines.contains(&d.line) && d.message.contains(e.message))
            .unwrap_or_else(|| panic!("no error at {}:{:?} mentioning `{}`{}", e.file, e.lines, e.message, shown()));
        match (e.hint, &found.hint) {
            (Hint::KnownMissing, _) => {}
            (Hint::Any, Some(_)) => {}
            (Hint::Contains(text), Some(hint)) => assert!(hint.contains(text), "hint `{hint}` lacks `{text}`"),
            (_, None) => panic!("no hint for {}:{}: {}{}", found.file, found.line, found.message, shown()),
        }
    }

    // The previous output is untouched, and no staging folder is left.
    assert_same_tree(&before, &snapshot(&site.public()));
    assert!(site.leftovers().is_empty(), "left behind: {:?}", site.leftovers());

    // `check` reports the same errors, as JSON.
    let check = site.check(&["--format", "json"]);
    check.expect(1);
    let doc: serde_json::Value = serde_json::from_str(&check.stdout).expect("JSON");
    assert_eq!(doc["errors"], expected.len(), "{}", check.stdout);
    let mut from_json: Vec<(String, u64)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["level"] == "error")
        .map(|d| (d["file"].as_str().unwrap().replace('\\', "/"), d["line"].as_u64().unwrap()))
        .collect();
    let mut from_human: Vec<(String, u64)> = errors.iter().map(|d| (d.file.clone(), d.line as u64)).collect();
    from_json.sort();
    from_human.sort();
    assert_eq!(from_json, from_human, "check and build report the same places");
}

// --- one test per case -----------------------------------------------------------------

#[test]
fn malformed_yaml_front_matter() {
    run_cases(vec![yaml_unclosed_bracket()]);
}

#[test]
fn malformed_toml_front_matter() {
    run_cases(vec![toml_malformed()]);
}

#[test]
fn missing_front_matter() {
    run_cases(vec![no_front_matter()]);
}

#[test]
fn front_matter_not_closed() {
    run_cases(vec![unclosed_front_matter()]);
}

#[test]
fn missing_title_severity_and_started() {
    run_cases(vec![missing_required_fields()]);
}

#[test]
fn unknown_severity_suggests_the_closest() {
    run_cases(vec![unknown_severity()]);
}

#[test]
fn impossible_date_is_explained() {
    run_cases(vec![impossible_date()]);
}

#[test]
fn resolved_before_started_is_refused() {
    run_cases(vec![resolved_before_started()]);
}

#[test]
fn non_utf8_bytes_point_at_their_line() {
    run_cases(vec![non_utf8_body()]);
}

#[test]
fn nul_byte_is_refused() {
    run_cases(vec![nul_byte()]);
}

#[test]
fn slug_that_leaves_the_folder() {
    run_cases(vec![slug_traversal()]);
}

#[test]
fn duplicate_slugs_are_refused() {
    run_cases(vec![duplicate_slugs()]);
}

#[cfg(unix)]
#[test]
fn symlink_to_a_file_outside_content() {
    run_cases(vec![symlink_to_etc_hostname()]);
}

#[cfg(unix)]
#[test]
fn symlink_to_a_postmortem_outside_content_is_not_published() {
    run_cases(vec![symlink_to_outside_postmortem()]);
}

#[test]
fn deeply_nested_block_quotes() {
    run_cases(vec![deep_blockquote()]);
}

#[test]
fn deeply_nested_lists() {
    run_cases(vec![deep_list()]);
}

#[test]
fn draft_that_is_not_a_boolean() {
    run_cases(vec![draft_not_boolean()]);
}

#[test]
fn unknown_key_in_config_has_did_you_mean() {
    run_cases(vec![config_unknown_key()]);
}

#[test]
fn bad_timezone_in_config() {
    run_cases(vec![config_bad_timezone()]);
}

#[test]
fn every_bad_input_at_once_is_reported_together() {
    run_cases(content_cases());
}

#[test]
fn missing_content_folder_is_an_error_with_a_hint() {
    let site = Site::new();
    std::fs::remove_dir(site.path("content")).unwrap();
    let run = site.build(&[]);
    run.expect(1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("content", 1));
    assert!(errors[0].hint.as_deref().is_some_and(|h| h.contains("content")), "{}", run.stderr);
    assert!(!site.public().exists());
}

// --- known product bugs ----------------------------------------------------------------

#[test]
fn draft_not_boolean_has_a_hint() {
    let mut case = draft_not_boolean();
    case.expect[0].hint = Hint::Contains("true");
    run_cases(vec![case]);
}

#[test]
fn duplicate_explicit_slug_points_at_the_slug_line() {
    let with_slug = |rel: &str| fixture(rel).replacen("severity: SEV3\n", "severity: SEV3\nslug: cache-failover\n", 1);
    let case = Case {
        setup: vec![
            file("content/first.md", with_slug("bad/duplicate-slug-first.md")),
            file("content/second.md", with_slug("bad/duplicate-slug-second.md")),
        ],
        // `slug:` is the fourth line of the second file.
        expect: vec![expect("content/second.md", 4, "duplicate slug", Hint::Any)],
    };
    run_cases(vec![case]);
}

#[cfg(unix)]
#[test]
fn refused_symlink_does_not_print_the_linked_file() {
    let site = built_good_site();
    site.write("private/credentials.md", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI-do-not-print\n");
    apply(&site, &[Setup::Link("content/credentials.md", Target::InRoot("private/credentials.md"))]);
    for run in [site.build(&[]), site.check(&[])] {
        run.expect(1);
        assert!(run.stderr.contains("content/credentials.md:1:1"), "{}", run.stderr);
        assert!(!run.stderr.contains("do-not-print"), "the refused file's contents were printed:\n{}", run.stderr);
    }
}

#[test]
fn alias_that_claims_a_generated_page_is_a_content_error() {
    let pm = postmortem(
        "Alias onto the stats page",
        "SEV3",
        "2025-03-14T09:12:00Z",
        "aliases: [\"/stats/\"]\n",
        "## Summary\n\nAn old URL that is now the stats page.\n",
    );
    let case = Case {
        setup: vec![file("content/alias-clash.md", pm)],
        expect: vec![expect("content/alias-clash.md", 5, "/stats/", Hint::Any)],
    };
    run_cases(vec![case]);
}
