//! Property tests of the content crate, the one that reads every byte users write: any
//! document parses to a postmortem or to diagnostics that point inside the file; slugs
//! made from any text are valid; dates round-trip; timeline times without dates never go
//! backwards; time labels never cut a character in two.

use debrief_content::diagnostic::line_starts;
use debrief_content::markdown::read_body;
use debrief_content::slug::{problem, slugify};
use debrief_content::when::{parse_time_label, parse_when};
use debrief_content::{ParseContext, SourceDoc, parse_postmortem};
use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use proptest::prelude::*;
use std::path::PathBuf;

/// Pieces real postmortems are made of, and the characters that broke parsers before.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "---\n",
            "+++\n",
            "title: Checkout certificate expired\n",
            "severity: SEV2\n",
            "severity: [SEV2\n",
            "started: 2025-03-14T09:12:00Z\n",
            "resolved: 2025-02-30\n",
            "resovled: 2025-03-14T10:00:00Z\n",
            "services: [checkout-api, payments]\n",
            "slug: ../etc\n",
            "draft: maybe\n",
            "## Timeline\n",
            "## Summary\n",
            "## Action items\n",
            "- [ ] Alert on expiry (owner: platform, due: 2025-04-01)\n",
            "- 09:12+01:0é it broke\n",
            "- 09:12-é:— x\n",
            "| Time | Event |\n| --- | --- |\n",
            "| 2024-03-01 HH:mm | lag |\n",
            "| 09:12 UTC | fixed |\n",
            "- 1:38 pm PDT — paged\n",
            "- July 14, 2025, 11:20 am — rolled back\n",
            "> > > ",
            "    ",
            "\t",
            "\r\n",
            "\r",
            "\n",
            "é",
            "—",
            "日本",
            "\u{feff}",
            "`",
            ":",
            "\"",
            "<!--",
        ])
        .prop_map(String::from),
        "[ -~]{0,12}",
        "\\PC{0,6}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|parts| parts.concat())
}

fn parse(text: &str) -> (Option<debrief_content::Postmortem>, Vec<debrief_content::Diagnostic>) {
    let doc = SourceDoc {
        path: PathBuf::from("p.md"),
        display_path: PathBuf::from("content/p.md"),
        bytes: text.as_bytes().to_vec(),
        bundle: None,
        assets: Vec::new(),
    };
    parse_postmortem(&doc, &ParseContext::default())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_document_gives_a_postmortem_or_positioned_errors(text in document()) {
        let (pm, diagnostics) = parse(&text);
        // Lines end at `\n`, `\r\n` or a lone `\r`, as Markdown reads them.
        let starts = line_starts(&text);
        let lines: Vec<&str> = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).map_or(text.len(), |next| next - 1);
                text[start..end].trim_end_matches('\r')
            })
            .collect();
        for d in &diagnostics {
            prop_assert!((1..=lines.len()).contains(&d.line), "{d} in a file of {} lines", lines.len());
            let chars = lines[d.line - 1].chars().count();
            prop_assert!((1..=chars + 1).contains(&d.column), "{d}: line {} has {chars} characters", d.line);
        }
        let errors = diagnostics.iter().any(debrief_content::Diagnostic::is_error);
        prop_assert_eq!(pm.is_some(), !errors, "{:?}", diagnostics);
        if let Some(pm) = pm {
            prop_assert_eq!(problem(&pm.slug), None);
            for e in &pm.timeline {
                prop_assert!((1..=lines.len()).contains(&e.line));
            }
        }
    }

    #[test]
    fn slugs_made_from_any_text_are_valid_or_empty(text in "\\PC{0,80}") {
        let slug = slugify(&text);
        prop_assert!(slug.is_empty() || problem(&slug).is_none(), "{text:?} → {slug:?}");
    }

    #[test]
    fn rfc3339_date_times_round_trip(secs in -2_000_000_000i64..4_000_000_000, offset_min in -14 * 60i32..=14 * 60) {
        let instant = Timestamp::from_second(secs).unwrap();
        let offset = Offset::from_seconds(offset_min * 60).unwrap();
        let written = offset.to_datetime(instant).to_string();
        let sign = if offset_min < 0 { '-' } else { '+' };
        let text = format!("{written}{sign}{:02}:{:02}", offset_min.abs() / 60, offset_min.abs() % 60);
        let when = parse_when(&text, &TimeZone::UTC).unwrap();
        prop_assert_eq!(when.instant, instant, "{}", text);
        prop_assert_eq!(when.offset, offset, "{}", text);
        prop_assert_eq!(when.civil(), offset.to_datetime(instant));
    }

    #[test]
    fn plain_dates_round_trip(days in 0i64..80_000) {
        let date = jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
        let when = parse_when(&date.to_string(), &TimeZone::UTC).unwrap();
        prop_assert!(when.date_only);
        prop_assert_eq!(when.civil().date(), date);
    }

    #[test]
    fn times_without_dates_never_go_backwards(times in prop::collection::vec((0u8..24, 0u8..60), 1..30)) {
        let started = parse_when("2025-03-14T00:00:00Z", &TimeZone::UTC).unwrap();
        let mut body = String::from("## Timeline\n\n");
        for (h, m) in &times {
            body.push_str(&format!("- {h:02}:{m:02} the on-call engineer did something\n"));
        }
        let facts = read_body(&body, 1, Some(&started));
        prop_assert_eq!(facts.timeline.len(), times.len());
        let at: Vec<Timestamp> = facts.timeline.iter().map(|e| e.at.unwrap()).collect();
        prop_assert!(at.windows(2).all(|w| w[0] <= w[1]), "{:?}", at);
        prop_assert!(at[0] >= started.instant);
    }

    #[test]
    fn time_labels_end_on_a_character_boundary(text in "[0-9:+\\-. apmUTCé—–]{0,24}\\PC{0,4}") {
        if let Some(label) = parse_time_label(&text) {
            prop_assert!(label.consumed <= text.len());
            prop_assert!(text.is_char_boundary(label.consumed), "{text:?} consumed {}", label.consumed);
        }
    }
}
