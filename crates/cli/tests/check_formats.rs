//! `debrief check --format human|json|github`: the shapes of the output, the counts, and the
//! exit codes (1 with errors, 0 with warnings only).

mod common;

use common::*;

/// A timeline row whose time is the template placeholder `HH:mm`: a warning, not an error.
fn warning_only_postmortem() -> String {
    postmortem(
        "Placeholder time in the timeline",
        "SEV3",
        "2025-02-01T10:00:00Z",
        "resolved: 2025-02-01T11:00:00Z\n",
        "## Summary\n\nOne row kept the template's time.\n\n## Timeline\n\n| Time (UTC) | Event |\n| --- | --- |\n| 10:00 | Started. |\n| HH:mm | Someone forgot the time. |\n",
    )
}

/// The line of the `HH:mm` row.
fn placeholder_line() -> usize {
    warning_only_postmortem().lines().position(|l| l.contains("HH:mm")).expect("the row") + 1
}

/// 4 errors (unknown severity; missing title, severity and started) and 1 warning.
fn mixed_site() -> Site {
    let site = Site::new();
    site.write("content/unknown-severity.md", fixture("bad/unknown-severity.md"));
    site.write("content/missing-required-fields.md", fixture("bad/missing-required-fields.md"));
    site.write("content/placeholder-time.md", warning_only_postmortem());
    site
}

#[test]
fn json_format_has_counts_and_fields() {
    let site = mixed_site();
    let run = site.check(&["--format", "json"]);
    run.expect(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON document");
    assert_eq!(doc["errors"], 4, "{}", run.stdout);
    assert_eq!(doc["warnings"], 1, "{}", run.stdout);
    let diagnostics = doc["diagnostics"].as_array().expect("diagnostics array");
    assert_eq!(diagnostics.len(), 5);
    for d in diagnostics {
        assert!(matches!(d["level"].as_str(), Some("error" | "warning")), "{d}");
        assert!(d["file"].as_str().is_some_and(|f| f.starts_with("content/") && f.ends_with(".md")), "{d}");
        assert!(d["line"].as_u64().is_some_and(|l| l >= 1), "{d}");
        assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d}");
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d}");
        assert!(d["hint"].is_null() || d["hint"].is_string(), "{d}");
        let known = ["level", "file", "line", "column", "message", "hint"];
        assert!(d.as_object().unwrap().keys().all(|k| known.contains(&k.as_str())), "unexpected field in {d}");
    }
    let find = |file: &str, level: &str| {
        diagnostics.iter().filter(|d| d["file"] == file && d["level"] == level).cloned().collect::<Vec<_>>()
    };
    let sev = find("content/unknown-severity.md", "error");
    assert_eq!(sev.len(), 1);
    assert_eq!((sev[0]["line"].as_u64(), sev[0]["column"].as_u64()), (Some(3), Some(11)));
    assert!(sev[0]["hint"].as_str().unwrap().contains("did you mean `SEV2`"));
    assert_eq!(find("content/missing-required-fields.md", "error").len(), 3);
    let warn = find("content/placeholder-time.md", "warning");
    assert_eq!(warn.len(), 1);
    assert_eq!(warn[0]["line"], placeholder_line());
    assert_eq!(placeholder_line(), 17, "line 17 of the file, counted from the opening `---`");
    assert!(warn[0]["message"].as_str().unwrap().contains("HH:mm"));
    // Nothing but the JSON document on stdout; nothing is built.
    assert!(run.stdout.trim_start().starts_with('{') && run.stdout.trim_end().ends_with('}'));
    assert!(!site.public().exists());
}

#[test]
fn github_format_prints_workflow_commands() {
    let site = mixed_site();
    let run = site.check(&["--format", "github"]);
    run.expect(1);
    let lines: Vec<&str> = run.stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    let mut errors = 0;
    for line in &lines {
        let (kind, rest) = line
            .strip_prefix("::error ")
            .map(|r| ("error", r))
            .or_else(|| line.strip_prefix("::warning ").map(|r| ("warning", r)))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        errors += usize::from(kind == "error");
        let (props, message) = rest.split_once("::").unwrap_or_else(|| panic!("no message: {line}"));
        let props: Vec<(&str, &str)> = props.split(',').map(|p| p.split_once('=').expect("key=value")).collect();
        let keys: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["file", "line", "col"], "{line}");
        assert!(props[0].1.starts_with("content/"), "{line}");
        assert!(props[1].1.parse::<u32>().is_ok_and(|n| n >= 1), "{line}");
        assert!(props[2].1.parse::<u32>().is_ok_and(|n| n >= 1), "{line}");
        assert!(!message.is_empty() && !message.contains('\n'), "{line}");
    }
    assert_eq!(errors, 4);
    assert!(
        lines.contains(&"::error file=content/unknown-severity.md,line=3,col=11::unknown severity `SEV-2` (hint: did you mean `SEV2`? the configured levels are SEV1, SEV2, SEV3, SEV4)"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn github_format_escapes_properties() {
    let site = Site::new();
    site.write("content/a,b: c.md", fixture("bad/unknown-severity.md"));
    let run = site.check(&["--format", "github"]);
    run.expect(1);
    assert!(run.stdout.starts_with("::error file=content/a%2Cb%3A c.md,line=3,col=11::"), "{}", run.stdout);
}

#[test]
fn human_format_counts_on_stderr() {
    let site = mixed_site();
    let run = site.check(&[]);
    run.expect(1);
    assert!(run.stderr.contains("4 error(s), 1 warning(s)"), "{}", run.stderr);
    assert_eq!(run.errors().len(), 4);
    assert_eq!(run.diagnostics().len(), 5);
    assert!(run.diagnostics().iter().all(|d| d.hint.is_some()), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "human diagnostics go to stderr: {}", run.stdout);
}

#[test]
fn warnings_only_exit_zero_in_every_format_and_build() {
    let site = Site::new();
    site.write("content/placeholder-time.md", warning_only_postmortem());
    let human = site.check(&[]);
    human.expect(0);
    assert!(human.stderr.contains("0 error(s), 1 warning(s)"), "{}", human.stderr);
    let warning = &human.diagnostics()[0];
    assert_eq!(
        (warning.level.as_str(), warning.file.as_str(), warning.line),
        ("warning", "content/placeholder-time.md", placeholder_line())
    );

    let json = site.check(&["--format", "json"]);
    json.expect(0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!((doc["errors"].as_u64(), doc["warnings"].as_u64()), (Some(0), Some(1)));

    let github = site.check(&["--format", "github"]);
    github.expect(0);
    let expected = format!("::warning file=content/placeholder-time.md,line={},col=", placeholder_line());
    assert!(github.stdout.starts_with(&expected), "{}", github.stdout);

    let build = site.build(&[]);
    build.expect(0);
    let expected = format!("warning: content/placeholder-time.md:{}:", placeholder_line());
    assert!(build.stderr.contains(&expected), "build shows warnings: {}", build.stderr);
    assert!(site.public().join("incidents/placeholder-time/index.html").is_file());
}

#[test]
fn clean_site_checks_with_no_output_in_machine_formats() {
    let site = Site::new();
    site.write("content/ok.md", simple_postmortem("All good"));
    let json = site.check(&["--format", "json"]);
    json.expect(0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["warnings"], 0);
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(0));
    let github = site.check(&["--format", "github"]);
    github.expect(0);
    assert!(github.stdout.trim().is_empty(), "{}", github.stdout);
}

#[test]
fn config_errors_come_out_in_the_chosen_format() {
    let site = Site::with_config(&fixture("bad/config-unknown-key.toml"));
    let json = site.check(&["--format", "json"]);
    json.expect(1);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["diagnostics"][0]["file"], "debrief.toml");
    assert_eq!(doc["diagnostics"][0]["line"], 3);
    let github = site.check(&["--format", "github"]);
    github.expect(1);
    assert!(github.stdout.starts_with("::error file=debrief.toml,line=3,col=1::"), "{}", github.stdout);
}

#[test]
fn unknown_format_is_a_usage_error() {
    let site = Site::new();
    site.check(&["--format", "xml"]).expect(2);
}

/// A content file whose name is not valid UTF-8 (Linux allows it; other systems may not).
#[cfg(unix)]
fn site_with_non_utf8_file_name(text: &str) -> Option<Site> {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    match std::fs::write(site.path("content").join(name), text) {
        Ok(()) => Some(site),
        Err(e) => {
            eprintln!("skipped: this file system refuses non-UTF-8 names ({e})");
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_in_human_and_github_formats() {
    let Some(site) = site_with_non_utf8_file_name(&fixture("bad/unknown-severity.md")) else { return };
    let human = site.check(&[]);
    human.expect(1);
    assert_eq!(human.errors().len(), 1, "{}", human.stderr);
    assert_eq!(human.errors()[0].line, 3);
    let github = site.check(&["--format", "github"]);
    github.expect(1);
    assert!(github.stdout.starts_with("::error file=content/caf"), "{}", github.stdout);
}

#[cfg(unix)]
#[test]
fn non_utf8_file_name_in_json_format() {
    let Some(site) = site_with_non_utf8_file_name(&fixture("bad/unknown-severity.md")) else { return };
    let json = site.check(&["--format", "json"]);
    json.expect(1);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["diagnostics"][0]["line"], 3);
    assert!(doc["diagnostics"][0]["file"].as_str().is_some_and(|f| f.starts_with("content/caf")));
}
