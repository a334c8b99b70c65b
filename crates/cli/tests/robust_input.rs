//! Hostile and careless input end to end: text that once crashed the parser, typo'd front
//! matter keys, and floods of one warning. Every run must exit 0, 1 or 2 with the problem
//! named, never panic.

mod common;

use common::*;

fn timeline_postmortem(title: &str, started: &str, timeline: &str) -> String {
    postmortem(
        title,
        "SEV2",
        started,
        "resolved: 2025-03-14T11:00:00Z\n",
        &format!("## Summary\n\nCheckout failed for shoppers in the EU for two hours.\n\n## Timeline\n\n{timeline}"),
    )
}

/// `09:12+01:0é` once cut a string inside `é` while looking for a `+01:00` offset, and
/// `09:12-é:—` inside `—` (issue 11): both `check` and `build` exited 101.
#[test]
fn multi_byte_characters_after_a_timeline_time_do_not_crash() {
    let site = Site::new();
    site.write(
        "content/eu-checkout.md",
        timeline_postmortem(
            "EU checkout failures",
            "2025-03-14T09:00:00Z",
            "- 09:12+01:0é it broke\n- 09:40 rolled back the payment gateway\n",
        ),
    );
    site.write(
        "content/payment-retries.md",
        timeline_postmortem(
            "Payment retries stalled",
            "2025-03-14T08:00:00Z",
            "- 09:12-é:— retries queued\n- 09:50 queue drained\n",
        ),
    );
    let check = site.check(&[]);
    check.expect(0);
    assert!(check.errors().is_empty(), "{}", check.stderr);
    site.build(&[]).expect(0);
    let page = site.read_public("incidents/eu-checkout/index.html");
    assert!(page.contains("it broke"), "the event is published");
    assert!(page.contains("rolled back the payment gateway"), "the next event is published");
    let page = site.read_public("incidents/payment-retries/index.html");
    assert!(page.contains("retries queued"), "the event is published");
}

/// A postmortem whose front matter has the given extra lines, after `started:` (line 5 on).
fn with_fields(title: &str, fields: &str) -> String {
    postmortem(
        title,
        "SEV2",
        "2024-01-01T00:10:00Z",
        fields,
        "## Summary\n\nThe scheduler skipped the nightly billing run.\n",
    )
}

/// `resovled:` was taken as an internal field, so the incident was published as ongoing
/// without a word (issue 11). Internal fields that are not near a known one stay quiet.
#[test]
fn typo_d_front_matter_fields_get_did_you_mean() {
    let site = Site::new();
    site.write(
        "content/billing-run.md",
        with_fields(
            "Nightly billing run skipped",
            "resovled: 2024-01-01T01:00:00Z\nsevrity: SEV1\ntag: [billing]\nservice: [scheduler]\nticket: INC-4411\nauthors: [Ana]\nowner: billing\n",
        ),
    );
    let check = site.check(&[]);
    check.expect(0);
    let got: Vec<(usize, usize, String, Option<String>)> =
        check.diagnostics().into_iter().map(|d| (d.line, d.column, d.message, d.hint)).collect();
    let expected =
        [(5, "resovled", "resolved"), (6, "sevrity", "severity"), (7, "tag", "tags"), (8, "service", "services")];
    assert_eq!(got.len(), expected.len(), "{}", check.stderr);
    for ((line, column, message, hint), (want_line, typo, known)) in got.iter().zip(expected) {
        assert_eq!((*line, *column), (want_line, 1), "{message}");
        assert_eq!(message, &format!("unknown field `{typo}`: did you mean `{known}`?"));
        assert!(check.diagnostics().iter().all(|d| d.level == "warning" && d.file == "content/billing-run.md"));
        assert!(hint.as_deref().is_some_and(|h| h.starts_with(&format!("rename it to `{known}`"))), "{hint:?}");
    }
    // The incident still builds, as before, with the typo'd field kept internal.
    site.build(&[]).expect(0);
    assert!(site.public().join("incidents/billing-run/index.html").is_file());
}

/// `check --strict` turns every warning into an error and exits 1.
#[test]
fn strict_check_fails_on_a_typo_d_field() {
    let site = Site::new();
    site.write("content/billing-run.md", with_fields("Nightly billing run skipped", "titel: Billing\n"));
    site.check(&[]).expect(0);
    let strict = site.check(&["--strict"]);
    strict.expect(1);
    let errors = strict.errors();
    assert_eq!(errors.len(), 1, "{}", strict.stderr);
    assert_eq!((errors[0].line, errors[0].message.as_str()), (5, "unknown field `titel`: did you mean `title`?"));
    assert!(strict.stderr.contains("1 error(s), 0 warning(s)"), "{}", strict.stderr);
}

/// A clean site passes `--strict`: it adds no errors of its own.
#[test]
fn strict_check_passes_a_clean_site() {
    let site = Site::new();
    site.write("content/a.md", simple_postmortem("Checkout certificate expired"));
    let run = site.check(&["--strict"]);
    run.expect(0);
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
}

/// A timeline table whose time column cannot be read: one warning per row.
fn flood(rows: usize) -> String {
    let mut body = String::from("## Summary\n\nReplicas lagged behind the primary for three hours.\n\n## Timeline\n\n");
    body.push_str("| Time | Event |\n| --- | --- |\n");
    for i in 0..rows {
        body.push_str(&format!("| 2024-03-{:02} HH:mm | Replica {i} lagged behind the primary |\n", i % 28 + 1));
    }
    postmortem("Replica lag", "SEV3", "2024-03-01T09:00:00Z", "resolved: 2024-03-01T12:00:00Z\n", &body)
}

/// Thousands of warnings of one kind in one file: people see the first five and one line
/// counting the rest (issue 11: every row printed five lines, in quadratic time); JSON
/// keeps every one; the site still builds.
#[test]
fn a_flood_of_one_warning_is_summarised_for_people_and_kept_in_json() {
    const ROWS: usize = 20_000;
    let site = Site::new();
    site.write("content/replica-lag.md", flood(ROWS));
    site.write("content/ok.md", simple_postmortem("Checkout certificate expired"));

    let human = site.check(&[]);
    human.expect(0);
    let shown = human.diagnostics();
    assert_eq!(shown.len(), 5, "{}", human.stderr);
    let lines: Vec<usize> = shown.iter().map(|d| d.line).collect();
    assert_eq!(lines, [16, 17, 18, 19, 20], "the first five rows, in order");
    assert!(
        human.stderr.contains(
            "warning: content/replica-lag.md: … and 19,995 more like this (timeline time `…` is a placeholder; the event is kept with its date only)"
        ),
        "{}",
        human.stderr
    );
    assert!(human.stderr.contains("0 error(s), 20000 warning(s)"), "{}", human.stderr);

    let json = site.check(&["--format", "json"]);
    json.expect(0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(doc["warnings"], ROWS);
    let all = doc["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(all.len(), ROWS);
    let mut lines: Vec<u64> = all.iter().map(|d| d["line"].as_u64().expect("line")).collect();
    lines.dedup();
    assert_eq!(lines.len(), ROWS, "one warning per row, each on its own line");

    let github = site.check(&["--format", "github"]);
    github.expect(0);
    let annotations: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(annotations.len(), 6, "{}", github.stdout);
    assert_eq!(
        annotations[5],
        "::warning file=content/replica-lag.md,line=16,col=1::… and 19,995 more like this (timeline time `…` is a placeholder; the event is kept with its date only)"
    );

    let build = site.build(&[]);
    build.expect(0);
    assert_eq!(build.diagnostics().len(), 5, "{}", build.stderr);
    assert!(build.stderr.contains("… and 19,995 more like this"), "{}", build.stderr);
    let page = site.read_public("incidents/replica-lag/index.html");
    assert!(page.contains("Replica 19999 lagged"), "every row is published");
}
