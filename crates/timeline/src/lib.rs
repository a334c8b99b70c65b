//! `debrief-timeline`: timeline layout (time scales, lanes, ticks) producing a scene that
//! renders to SVG, at build time natively and in the browser through wasm32.
//!
//! The crate is pure: no I/O, no threads, no clock (the caller passes `now`) and no time
//! zone database: the caller passes a [`Zone`] (offsets between transitions). The site
//! builder makes one from its IANA zone with `Zone::from_jiff` (feature `jiff`) and ships
//! the same one to the browser in the timeline data file, so the WASM bundle carries no
//! tz database, no TZif parser and no calendar library.
//!
//! - [`layout`]: the global timeline ([`Bar`]s in lanes by service or severity) →
//!   [`Scene`] → [`Scene::to_svg`] / [`Scene::to_table_rows`].
//! - [`layout_incident`]: one incident's events, markers and phases → [`IncidentScene`] →
//!   [`IncidentScene::to_svg`] / [`IncidentScene::to_table_rows`].
//! - [`axis_ticks`]: the calendar-aware axis both share.
//! - [`data::TimelineData`]: the interactive timeline's data file (builder → browser).
//! - [`DEFAULT_CSS`]: the stylesheet for the classes the SVG uses (`sev-1` … `sev-5`, …).
//!
//! ```
//! use debrief_timeline::{Bar, LaneMode, LayoutOptions, SvgOptions, View, layout};
//! use debrief_timeline::Zone;
//!
//! let bars = vec![Bar {
//!     id: 1,
//!     start: 1_741_943_520,
//!     end: Some(1_741_949_400),
//!     severity_rank: 2,
//!     severity_label: "SEV2 Major".into(),
//!     lanes: vec!["checkout-api".into()],
//!     title: "Checkout API errors".into(),
//!     url: "incidents/tls-expiry/".into(),
//! }];
//! let view = View { from: 1_741_939_200, to: 1_741_953_600, width_px: 800.0 };
//! let scene = layout(&bars, &view, LaneMode::Service, &Zone::utc(), &LayoutOptions::new(1_741_953_600));
//! assert_eq!(scene.bars.len(), 1);
//! let svg = scene.to_svg(&SvgOptions { title: "Incidents".into(), desc: "One incident".into(), id_prefix: "g".into(), highlight: None, compact: false, window: None });
//! assert!(svg.starts_with("<svg"));
//! ```

pub mod data;
mod global;
mod incident;
mod severity;
mod svg;
mod text;
mod ticks;
mod zone;

pub use global::{
    BAR_GAP, Bar, Lane, LaneMode, Lanes, LayoutOptions, NO_SERVICE, OVERVIEW_INCIDENTS, PlacedBar, PlacedLabel, Scene,
    TableRow, View, fit_range, is_visible, layout, layout_with, pack_rows,
};
pub use incident::{
    Event, Incident, IncidentOptions, IncidentScene, IncidentTableRow, Marker, MarkerKind, Metric, MetricKind, Phase,
    PhaseKind, PlacedEvent, layout_incident,
};
pub use severity::{DEFAULT_CSS, PALETTE, class_rank, severity_class};
pub use svg::SvgOptions;
pub use text::{format_datetime, format_duration, num, text_width, xml_escape};
pub use ticks::{LADDER, TICK_LABEL_GAP, TICK_LABEL_OFFSET, Tick, TickStep, TimeScale, axis_ticks, choose_step};
pub use zone::{Date, DateTime, Zone};
