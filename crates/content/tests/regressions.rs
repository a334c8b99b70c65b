//! Inputs that once went wrong in the content crate, each with what it must give now.

use debrief_content::{ParseContext, SourceDoc, parse_postmortem};
use std::path::PathBuf;

/// Parses `text`, keeping warnings and errors (notes say what was derived, not what is wrong).
fn parse(text: &str) -> (Option<debrief_content::Postmortem>, Vec<debrief_content::Diagnostic>) {
    let doc = SourceDoc {
        path: PathBuf::from("p.md"),
        display_path: PathBuf::from("content/p.md"),
        bytes: text.as_bytes().to_vec(),
        bundle: None,
        assets: Vec::new(),
    };
    let (pm, diagnostics) = parse_postmortem(&doc, &ParseContext::default());
    let problems = diagnostics.into_iter().filter(|d| d.level != debrief_content::Level::Note).collect();
    (pm, problems)
}

/// A lone `\r` ends a line for the Markdown parser and for YAML, but the front matter
/// splitter and positions counted only `\n`, so events after one pointed at the wrong line
/// (found by fuzzing: an event "at line 199" of a 197-line file).
#[test]
fn a_lone_carriage_return_ends_a_line_everywhere() {
    let text = "---\ntitle: Queue stalled\rseverity: SEV3\nstarted: 2025-03-14T09:00:00Z\n---\n\n## Timeline\n\n- 09:12 paged\r- 09:30 drained\n";
    let (pm, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let pm = pm.expect("a postmortem");
    assert_eq!((pm.title.as_str(), pm.severity.as_str()), ("Queue stalled", "SEV3"));
    let lines: Vec<(usize, &str)> = pm.timeline.iter().map(|e| (e.line, e.text.as_str())).collect();
    // Lines: 1 ---, 2 title, 3 severity, 4 started, 5 ---, 6, 7 ## Timeline, 8, 9 and 10.
    assert_eq!(lines, [(9, "paged"), (10, "drained")]);
}

/// `09:12+01:0é` and `09:12-é:—` cut a string inside a character (issue 11).
#[test]
fn multi_byte_characters_after_a_time_are_event_text() {
    let text = "---\ntitle: EU checkout failures\nseverity: SEV2\nstarted: 2025-03-14T09:00:00Z\n---\n\n## Timeline\n\n- 09:12+01:0é it broke\n- 09:20-é:— retried\n";
    let (pm, diagnostics) = parse(text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let texts: Vec<String> = pm.expect("a postmortem").timeline.into_iter().map(|e| e.text).collect();
    assert_eq!(texts, ["+01:0é it broke", "é:— retried"]);
}
