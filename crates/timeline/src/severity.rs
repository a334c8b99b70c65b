//! Severity styling: CSS classes, the colour-blind-safe palette, hatch patterns, and a
//! default stylesheet.
//!
//! Colour is never the only cue: each severity also has its own hatch pattern in the SVG
//! (`<pattern id="{prefix}hatch-N">`), and its label is in every tooltip and table row.
//! The palette is Okabe–Ito, distinguishable with the common colour-vision deficiencies:
//!
//! | class | default scale | colour | hex | hatch | text inside a bar |
//! | --- | --- | --- | --- | --- | --- |
//! | `sev-1` | SEV1 Critical | vermillion | `#D55E00` | cross-hatch | black (5.4:1) |
//! | `sev-2` | SEV2 Major | orange | `#E69F00` | diagonal lines `/` | black (9.3:1) |
//! | `sev-3` | SEV3 Minor | blue | `#0072B2` | diagonal lines `\` (sparse) | white (5.2:1) |
//! | `sev-4` | SEV4 Low | sky blue | `#56B4E9` | dots | black (9.1:1) |
//! | `sev-5` | rank 5 and beyond | grey | `#999999` | horizontal lines | black (7.4:1) |
//!
//! Bars get a 1 px outline in the text colour so they keep 3:1 against the page in light
//! and dark themes (orange and sky blue alone do not on white). The SVG carries classes
//! only (no `style=` attribute, no `<style>` element: the site's CSP forbids inline
//! styles); [`DEFAULT_CSS`] is the stylesheet the theme includes, and may override.

/// `(class, colour name, hex)` per rank 1–5.
pub const PALETTE: [(&str, &str, &str); 5] = [
    ("sev-1", "vermillion", "#D55E00"),
    ("sev-2", "orange", "#E69F00"),
    ("sev-3", "blue", "#0072B2"),
    ("sev-4", "sky blue", "#56B4E9"),
    ("sev-5", "grey", "#999999"),
];

/// The rank clamped to 1–5 (rank 0 is treated as 1, ranks past 5 share `sev-5`).
pub fn class_rank(rank: u8) -> u8 {
    rank.clamp(1, 5)
}

/// `sev-1` … `sev-5`.
pub fn severity_class(rank: u8) -> &'static str {
    PALETTE[usize::from(class_rank(rank) - 1)].0
}

/// The body of the hatch `<pattern>` for a rank (drawn in `hatch-line` class strokes on a
/// 6 × 6 tile).
pub(crate) fn hatch_body(rank: u8) -> &'static str {
    match class_rank(rank) {
        1 => r#"<path class="hatch-line" d="M0 6L6 0M-1 1L1 -1M5 7L7 5M0 0L6 6M-1 5L1 7M5 -1L7 1"/>"#,
        2 => r#"<path class="hatch-line" d="M0 6L6 0M-1 1L1 -1M5 7L7 5"/>"#,
        3 => r#"<path class="hatch-line" d="M0 0L6 6"/>"#,
        4 => r#"<circle class="hatch-dot" cx="3" cy="3" r="1"/>"#,
        _ => r#"<path class="hatch-line" d="M0 3L6 3"/>"#,
    }
}

/// The default stylesheet for both timelines, light and dark (`prefers-color-scheme`,
/// or `data-theme="dark"` / `"light"` on an ancestor).
pub const DEFAULT_CSS: &str = r#".debrief-timeline{--tl-text:#1a1a1a;--tl-muted:#5c5c5c;--tl-grid:#d0d0d0;--tl-lane:#f3f3f3;--tl-bg:#fff;font:12px system-ui,sans-serif}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]) .debrief-timeline{--tl-text:#ececec;--tl-muted:#b0b0b0;--tl-grid:#444;--tl-lane:#222;--tl-bg:#161616}}
[data-theme=dark] .debrief-timeline{--tl-text:#ececec;--tl-muted:#b0b0b0;--tl-grid:#444;--tl-lane:#222;--tl-bg:#161616}
.debrief-timeline text{fill:var(--tl-text);font-size:12px}
.debrief-timeline .tick line{stroke:var(--tl-grid);stroke-width:1}
.debrief-timeline .tick.major line{stroke:var(--tl-muted)}
.debrief-timeline .tick text{fill:var(--tl-muted)}
.debrief-timeline .lane-bg{fill:var(--tl-lane)}
.debrief-timeline .lane-bg.odd{fill:transparent}
.debrief-timeline .lane-label{font-weight:600}
.debrief-timeline .bar-fill{stroke:var(--tl-text);stroke-width:1}
.debrief-timeline .hatch-line{stroke:#000;stroke-opacity:.25;stroke-width:1;fill:none}
.debrief-timeline .hatch-dot{fill:#000;fill-opacity:.3}
.debrief-timeline .sev-1 .bar-fill{fill:#D55E00}
.debrief-timeline .sev-2 .bar-fill{fill:#E69F00}
.debrief-timeline .sev-3 .bar-fill{fill:#0072B2}
.debrief-timeline .sev-4 .bar-fill{fill:#56B4E9}
.debrief-timeline .sev-5 .bar-fill{fill:#999999}
.debrief-timeline .bar-label.inside{fill:#000}
.debrief-timeline .sev-3 .bar-label.inside{fill:#fff}
.debrief-timeline .ongoing .bar-fill{stroke-dasharray:4 2}
.debrief-timeline a:focus .bar-fill,.debrief-timeline a:hover .bar-fill{stroke-width:3}
.debrief-timeline a:focus-visible{outline:3px solid var(--tl-text);outline-offset:2px}
.debrief-timeline .match .bar-fill{stroke-width:1.5;stroke:var(--tl-text)}
.debrief-timeline .dim{opacity:.25}
.debrief-timeline .phase-before-detection{fill:#D55E00;fill-opacity:.25}
.debrief-timeline .phase-investigation{fill:#E69F00;fill-opacity:.25}
.debrief-timeline .phase-recovery{fill:#0072B2;fill-opacity:.2}
.debrief-timeline .phase-band{fill:none;stroke:var(--tl-grid)}
.debrief-timeline .marker line{stroke:var(--tl-text);stroke-width:2}
.debrief-timeline .marker-now line{stroke-dasharray:3 3}
.debrief-timeline .event-line{stroke:var(--tl-grid);stroke-width:2}
.debrief-timeline .event-dot{fill:var(--tl-bg);stroke:var(--tl-text);stroke-width:2}
.debrief-timeline .event-label{fill:var(--tl-muted)}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_clamp() {
        assert_eq!(severity_class(0), "sev-1");
        assert_eq!(severity_class(3), "sev-3");
        assert_eq!(severity_class(9), "sev-5");
    }
}
