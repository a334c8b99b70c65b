//! Every fixture of `tests/fixtures/lint/` gives exactly the warnings its inline
//! expectations name, on the lines they name, and nothing else (see its README).

use debrief_content::{ParseContext, SourceDoc, parse_postmortem};
use debrief_lint::{LintConfig, lint, parse_now};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/lint")
}

/// (line, rule) → count, from the `expect` comments of a fixture.
fn expected(text: &str) -> BTreeMap<(usize, String), usize> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        for (marker, at_line) in [("<!-- expect: ", i + 1), ("# expect: ", i + 1), ("# expect-file: ", 1)] {
            if let Some(rest) = line.split_once(marker).map(|(_, r)| r) {
                let spec = rest.trim_end_matches("-->").trim();
                let (rule, count) = match spec.split_once(" x") {
                    Some((rule, n)) => (rule.trim(), n.trim().parse::<usize>().expect("count")),
                    None => (spec, 1),
                };
                *out.entry((at_line, rule.to_string())).or_default() += count;
            }
        }
    }
    out
}

/// The rule a lint warning names in its hint.
fn rule_of(hint: &str) -> String {
    let rest = hint.split_once("review lint `").expect("a lint hint names its rule").1;
    rest[..rest.find('`').expect("closing quote")].to_string()
}

fn lint_file(path: &Path, config: &LintConfig) -> Vec<debrief_content::Diagnostic> {
    let text = std::fs::read_to_string(path).expect("fixture");
    let name = PathBuf::from(path.file_name().expect("name"));
    let doc =
        SourceDoc { path: name.clone(), display_path: name, bytes: text.clone().into(), bundle: None, assets: vec![] };
    let (pm, diagnostics) = parse_postmortem(&doc, &ParseContext::default());
    let pm = pm.unwrap_or_else(|| panic!("{} parses: {diagnostics:?}", path.display()));
    lint(&pm, Some(&text), config, parse_now("2025-06-01T00:00:00Z").expect("now"))
}

#[test]
fn every_fixture_warns_exactly_where_it_says() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    let mut rules_seen = std::collections::BTreeSet::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("fixture");
        let want = expected(&text);
        let mut got: BTreeMap<(usize, String), usize> = BTreeMap::new();
        for d in lint_file(path, &LintConfig::default()) {
            assert_eq!(d.level, debrief_content::Level::Warning, "{d:?}");
            let rule = rule_of(d.hint.as_deref().unwrap_or_default());
            rules_seen.insert(rule.clone());
            *got.entry((d.line, rule)).or_default() += 1;
        }
        assert_eq!(got, want, "{}", path.display());
    }
    let all: std::collections::BTreeSet<String> = debrief_lint::RULES.iter().map(|r| (*r).to_string()).collect();
    assert_eq!(rules_seen, all, "every rule has a fixture that fires it");
}

#[test]
fn each_rule_turns_off() {
    let path = fixtures().join("blame.md");
    assert!(!lint_file(&path, &LintConfig::default()).is_empty());
    let off = LintConfig { blame: false, ..LintConfig::default() };
    assert_eq!(lint_file(&path, &off), vec![]);
    let off_one = [
        ("missing-sections.md", LintConfig { missing_section: false, ..LintConfig::default() }),
        ("timeline-order.md", LintConfig { timeline_order: false, ..LintConfig::default() }),
        ("stale-unresolved.md", LintConfig { stale_unresolved: false, ..LintConfig::default() }),
        ("action-owner.md", LintConfig { action_owner: false, ..LintConfig::default() }),
        ("placeholder.md", LintConfig { placeholder: false, ..LintConfig::default() }),
    ];
    for (file, off) in off_one {
        assert_eq!(lint_file(&fixtures().join(file), &off), vec![], "{file}");
    }
}

#[test]
fn blame_columns_point_at_the_phrase() {
    let d = lint_file(&fixtures().join("blame.md"), &LintConfig::default());
    let first = d.iter().find(|d| d.line == 10).expect("line 10");
    assert_eq!((first.column, first.message.as_str()), (14, "blame-laden wording: `should have known`"));
}

#[test]
fn now_must_be_rfc3339() {
    assert!(parse_now("2025-06-01T00:00:00Z").is_ok());
    let e = parse_now("yesterday").unwrap_err();
    assert!(e.to_string().starts_with("DEBRIEF_NOW=`yesterday` is not an RFC 3339 time"), "{e}");
}
