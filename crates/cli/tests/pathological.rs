//! Pathological but valid inputs build: a 20 MB Markdown table (~600k rows) and a single
//! 5 MB line. Generated here (never committed), in one site and one build. The run timeout
//! in `common` guards against hangs; tests never assert on time.
//!
//! In a debug build the unoptimised workspace crates need minutes for the 20 MB table, so a
//! debug `cargo test` uses a tenth of the rows (2 MB); a release build
//! (`cargo test --release -p debrief-cli --test pathological`) or `DEBRIEF_TEST_FULL_SIZE=1`
//! runs the full 600k rows. The 5 MB line is always full size.

mod common;

use common::*;

/// Rows of the table: 600k (~20 MB) at full size, 60k (~2 MB) in a debug build.
fn table_rows() -> usize {
    if cfg!(debug_assertions) && std::env::var_os("DEBRIEF_TEST_FULL_SIZE").is_none() { 60_000 } else { 600_000 }
}

fn huge_table(rows: usize) -> String {
    let mut body = String::with_capacity(21 << 20);
    body.push_str("## Summary\n\nThe request log of the incident, in full.\n\n## Request log\n\n");
    body.push_str("| Request | Shard | Status | Note |\n| --- | --- | --- | --- |\n");
    for i in 0..rows {
        body.push_str(&format!("| r{i} | shard-{} | ok | steady state |\n", i % 7));
    }
    body.push_str("| last-row-marker | shard-x | ok | end |\n");
    postmortem("Huge table", "SEV3", "2025-01-10T10:00:00Z", "resolved: 2025-01-10T11:00:00Z\n", &body)
}

fn huge_line() -> String {
    let mut line = String::with_capacity(5 << 20);
    while line.len() < 5 << 20 {
        line.push_str("lorem ipsum dolor sit amet consectetur ");
    }
    line.push_str("end-of-line-marker");
    let body = format!("## Summary\n\nOne very long line follows.\n\n## Impact\n\n{line}\n");
    postmortem("Huge line", "SEV4", "2025-01-11T10:00:00Z", "resolved: 2025-01-11T10:30:00Z\n", &body)
}

#[test]
fn huge_table_and_huge_line_build() {
    let site = Site::new();
    let rows = table_rows();
    let table = huge_table(rows);
    assert!(table.len() > rows * 33, "the table is {} bytes", table.len());
    eprintln!("table: {rows} rows, {} MB", table.len() >> 20);
    site.write("content/huge-table.md", &table);
    drop(table);
    site.write("content/huge-line.md", huge_line());
    site.write("content/ordinary.md", simple_postmortem("An ordinary incident"));

    let started = std::time::Instant::now();
    let run = site.build(&[]);
    eprintln!("built the pathological site in {:.1}s", started.elapsed().as_secs_f64());
    run.expect(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);

    let table_page = site.read_public("incidents/huge-table/index.html");
    assert!(table_page.contains("<table"), "the table is rendered as a table");
    assert!(table_page.contains("last-row-marker"), "the whole table is rendered");
    assert!(table_page.matches("<tr>").count() > rows, "every row is rendered");
    let line_page = site.read_public("incidents/huge-line/index.html");
    assert!(line_page.contains("end-of-line-marker"), "the whole line is rendered");
    assert!(site.public().join("incidents/ordinary/index.html").is_file());
    let api: serde_json::Value = serde_json::from_str(&site.read_public("api/incidents.json")).unwrap();
    assert_eq!(api["count"], 3);
}
