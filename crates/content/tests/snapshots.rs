//! Snapshot tests of the parser: what debrief reads out of real postmortems (front matter,
//! derived figures, sections, timeline events with resolved times, action items). A change
//! in parsing shows up as a reviewed snapshot diff (`cargo insta review`).

use debrief_content::{ParseContext, Postmortem, SourceDoc, parse_postmortem};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct Parsed {
    slug: String,
    title: String,
    severity: String,
    started: String,
    detected: Option<String>,
    mitigated: Option<String>,
    resolved: Option<String>,
    derived: Vec<&'static str>,
    resolution: &'static str,
    duration_minutes: Option<i64>,
    time_to_detect_minutes: Option<i64>,
    summary: Option<String>,
    services: Vec<String>,
    internal_fields: Vec<String>,
    sections: Vec<String>,
    timeline: Vec<String>,
    action_items: Vec<String>,
    warnings: Vec<String>,
}

fn parse(path: &Path, rel: &str) -> Parsed {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bundle =
        path.file_name().is_some_and(|n| n == "index.md").then(|| PathBuf::from(rel).parent().unwrap().to_path_buf());
    let doc = SourceDoc { path: rel.into(), display_path: rel.into(), bytes, bundle, assets: vec![] };
    let (pm, diags) = parse_postmortem(&doc, &ParseContext::default());
    let pm: Postmortem = pm.unwrap_or_else(|| panic!("{rel} did not parse: {diags:#?}"));
    let figures = pm.figures();
    Parsed {
        slug: pm.slug.clone(),
        title: pm.title.clone(),
        severity: pm.severity.clone(),
        started: pm.started.instant.to_string(),
        detected: pm.detected.map(|w| w.instant.to_string()),
        mitigated: pm.mitigated.map(|w| w.instant.to_string()),
        resolved: pm.resolved.map(|w| w.instant.to_string()),
        derived: pm.derived_facts(),
        resolution: pm.resolution(),
        duration_minutes: figures.duration.map(|d| d.as_secs() / 60),
        time_to_detect_minutes: figures.time_to_detect.map(|d| d.as_secs() / 60),
        summary: pm.summary.clone(),
        services: pm.services.clone(),
        internal_fields: pm.internal.keys().cloned().collect(),
        sections: pm
            .sections
            .iter()
            .map(|s| format!("{} {} [{}]", "#".repeat(s.level as usize), s.heading, s.kind.map_or("-", |k| k.id())))
            .collect(),
        timeline: pm
            .timeline
            .iter()
            .map(|e| {
                let text: String = e.text.chars().take(60).collect();
                let at = match e.at {
                    Some(t) if e.date_only => format!("{} (date)", t.strftime("%Y-%m-%d")),
                    Some(t) => t.to_string(),
                    None => "?".to_string(),
                };
                format!("{at} | {} | {text}", e.label)
            })
            .collect(),
        action_items: pm
            .action_items
            .iter()
            .map(|a| {
                format!(
                    "[{}] {} (owner: {}, due: {})",
                    if a.done { "x" } else { " " },
                    a.text,
                    a.owner.as_deref().unwrap_or("-"),
                    a.due.as_deref().unwrap_or("-")
                )
            })
            .collect(),
        warnings: diags.iter().map(|d| format!("{:?} {}:{} {}", d.level, d.line, d.column, d.message)).collect(),
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

macro_rules! snapshot_example {
    ($name:ident, $rel:expr) => {
        #[test]
        fn $name() {
            let parsed = parse(&repo().join("content").join($rel), $rel);
            insta::assert_yaml_snapshot!(parsed);
        }
    };
}

// Example history: a table timeline, a PST timeline, one crossing midnight, one with full
// dates, TOML front matter, a bundle.
snapshot_example!(example_expired_certificate, "2024/expired-tls-certificate-checkout.md");
snapshot_example!(example_pst_timeline, "2026/sso-sign-in-failures-clock-drift.md");
snapshot_example!(example_crosses_midnight, "2024/acquirer-outage-card-authorisations-eu.md");
snapshot_example!(example_multi_day_list, "2025/object-storage-latency-compaction-backlog.md");
snapshot_example!(example_toml_front_matter, "2025/edge-rate-limit-config-push.md");
snapshot_example!(example_bundle, "2025/global-outage-service-catalogue-quorum-loss/index.md");

macro_rules! snapshot_corpus {
    ($name:ident, $rel:expr) => {
        #[test]
        fn $name() {
            let corpus = std::env::var_os("DEBRIEF_REAL_CORPUS")
                .map(PathBuf::from)
                .or_else(|| repo().ancestors().skip(1).map(|a| a.join("shared/corpus/real")).find(|d| d.is_dir()));
            let Some(path) = corpus.map(|c| c.join($rel)).filter(|p| p.exists()) else {
                // A test never passes without its input: skipping needs saying so (never on CI).
                let skip = std::env::var_os("DEBRIEF_SKIP_REAL_CORPUS").is_some_and(|v| v == "1");
                assert!(skip && std::env::var_os("CI").is_none(), "the real corpus is missing: {}", $rel);
                return;
            };
            insta::assert_yaml_snapshot!(parse(&path, $rel));
        }
    };
}

// Real postmortems: weekday/date/time columns, `HH:mm` placeholders, PDT in parentheses,
// key events as nested lists.
snapshot_corpus!(corpus_day_date_time_columns, "chia/chia-2022-01-20-employeecompromise.md");
snapshot_corpus!(corpus_placeholder_times, "dfds/dfds-pm2022-006-alb-502-errors.md");
snapshot_corpus!(corpus_times_in_parentheses, "chia/chia-2021-05-09-negative-coin-values.md");
snapshot_corpus!(corpus_nested_key_events, "moj/moj-2020-02-12.md");
snapshot_corpus!(corpus_posthog, "posthog/posthog-2025-11-15-persons-db-migration.md");

macro_rules! snapshot_shape {
    ($name:ident, $file:expr) => {
        #[test]
        fn $name() {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/shapes").join($file);
            insta::assert_yaml_snapshot!(parse(&path, $file));
        }
    };
}

// The layouts teams really use (issue 12): each fixture is a short postmortem in one shape.
snapshot_shape!(shape_date_headings_and_time_subheadings, "date-headings-and-time-subheadings.md");
snapshot_shape!(shape_moj_bold_list_sections, "moj-bold-list-sections.md");
snapshot_shape!(shape_mixed_time_forms, "mixed-time-forms.md");
snapshot_shape!(shape_action_items_every_shape, "action-items-every-shape.md");
snapshot_shape!(shape_facts_from_statements, "facts-from-statements.md");
snapshot_shape!(shape_no_resolution_stated, "no-resolution-stated.md");
