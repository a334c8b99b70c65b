//! Real-world postmortems (public write-ups from several organisations, kept outside the
//! repository in `shared/corpus/real/`): all 123 build without a single error.

mod common;

use common::*;

#[test]
fn real_corpus_builds_with_zero_errors() {
    let Some(corpus) = real_corpus() else { return };
    let markdown = markdown_files(&corpus);
    assert_eq!(markdown.len(), 123, "the corpus holds 123 postmortems");
    assert!(files(&corpus).iter().any(|f| f.ends_with("LICENSE")), "LICENSE files are copied along");

    let site = Site::new();
    copy_dir(&corpus, &site.path("content"));

    let check = site.check(&["--format", "json"]);
    check.expect(0);
    let doc: serde_json::Value = serde_json::from_str(&check.stdout).expect("check --format json is JSON");
    assert_eq!(doc["errors"], 0, "{}", check.stdout);

    let run = site.build(&[]);
    run.expect(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    assert_eq!(incident_pages(&site.public()).len(), 123, "one page per postmortem");
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).unwrap();
    assert_eq!(api["count"], 123);
    // LICENSE files are not postmortems and are not published.
    for license_text in ["Permission is hereby granted", "Redistribution and use in source", "Apache License"] {
        let found = files_containing(&site.public(), license_text);
        assert!(found.is_empty(), "LICENSE text `{license_text}` published in {found:?}");
    }
}
