//! `debrief build --timings`: the table names every phase of the build, with the bytes and
//! files written; without the flag nothing of it is printed. Never asserts on time.

mod common;

use common::*;

const PHASES: [&str; 8] =
    ["read", "parse", "redact", "render pages", "search index", "timeline data", "write", "leak scan"];

#[test]
fn timings_table_lists_every_phase_and_what_was_written() {
    let site = Site::example();
    let run = site.build(&["--timings"]);
    run.expect(0);
    let table: Vec<&str> = run.stderr.lines().skip_while(|l| !l.starts_with("phase")).collect();
    assert!(!table.is_empty(), "no timings table:\n{}", run.stderr);
    for phase in PHASES.iter().chain(["total"].iter()) {
        let row = table.iter().find(|l| l.starts_with(&format!("{phase} ")));
        let row = row.unwrap_or_else(|| panic!("no row for `{phase}`:\n{}", run.stderr));
        // Two figures: wall and cpu, in seconds.
        let figures: Vec<&str> = row[phase.len()..].split_whitespace().collect();
        assert!(
            figures.len() == 4 && figures[1] == "s" && figures[3] == "s" && figures[0].parse::<f64>().is_ok(),
            "row `{row}`"
        );
    }
    let files = files(&site.public()).len();
    let written = table.iter().find(|l| l.starts_with("written: ")).expect("written line");
    assert!(written.starts_with(&format!("written: {files} files, ")), "{written} (the site has {files} files)");
    let bytes: u64 = files_bytes(&site.public());
    assert!(written.contains(&format!("({bytes} bytes)")), "{written} (the site has {bytes} bytes)");
}

#[test]
fn no_table_without_the_flag() {
    let site = Site::example();
    let run = site.build(&[]);
    run.expect(0);
    assert!(!run.stderr.contains("leak scan"), "{}", run.stderr);
}

fn files_bytes(dir: &std::path::Path) -> u64 {
    files(dir).iter().map(|f| std::fs::metadata(dir.join(f)).expect("metadata").len()).sum()
}
