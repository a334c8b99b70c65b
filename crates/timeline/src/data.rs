//! The interactive timeline's data file: every published incident as the global timeline
//! needs it, plus the site's time zone, written by the site builder and read by the WASM
//! module with the same types (postcard; no second, hand-kept decoder).
//!
//! Incidents are listed newest first, in the same order as the search index's documents,
//! so incident `i` here is search document `i` (search matches can be highlighted without
//! a lookup table). Service and severity names are interned.

use serde::{Deserialize, Serialize};

use crate::global::Bar;
use crate::zone::Zone;

/// Bumped when the layout of [`TimelineData`] changes.
pub const FORMAT_VERSION: u32 = 1;

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineData {
    /// [`FORMAT_VERSION`] of the writer.
    pub version: u32,
    /// The instant ongoing incidents run to (unix seconds).
    pub now: i64,
    /// The site's time zone (its transitions from 1900 to 2100).
    pub zone: Zone,
    /// Severity levels: `(rank, label)`.
    pub severities: Vec<(u8, String)>,
    /// Service names.
    pub services: Vec<String>,
    /// Incidents, newest first (search document order).
    pub incidents: Vec<IncidentRecord>,
}

/// One incident.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentRecord {
    /// Start, unix seconds.
    pub start: i64,
    /// Resolution, unix seconds; `None` while ongoing.
    pub end: Option<i64>,
    /// Index into [`TimelineData::severities`].
    pub severity: u16,
    /// Indexes into [`TimelineData::services`], first = primary.
    pub services: Vec<u32>,
    /// Public title.
    pub title: String,
    /// Page URL.
    pub url: String,
}

/// Why a data file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// Not a postcard encoding of [`TimelineData`].
    #[error("timeline data is corrupt: {0}")]
    Corrupt(#[from] postcard::Error),
    /// Written by another version.
    #[error("timeline data has format {found}, expected {FORMAT_VERSION}")]
    Version {
        /// The file's version.
        found: u32,
    },
    /// An index points past a table, or the zone's transitions are out of order.
    #[error("timeline data is inconsistent: {0}")]
    Inconsistent(String),
}

impl TimelineData {
    /// Encodes the file.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// Decodes and checks a file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DataError> {
        let data: TimelineData = postcard::from_bytes(bytes)?;
        if data.version != FORMAT_VERSION {
            return Err(DataError::Version { found: data.version });
        }
        for (i, inc) in data.incidents.iter().enumerate() {
            let bad_service = inc.services.iter().any(|&s| s as usize >= data.services.len());
            if usize::from(inc.severity) >= data.severities.len() || bad_service {
                return Err(DataError::Inconsistent(format!("incident {i} refers to a missing name")));
            }
        }
        let z = &data.zone;
        let abbr_ok = |a: u16| usize::from(a) < z.abbreviations.len();
        if !z.transitions.windows(2).all(|w| w[0].0 < w[1].0)
            || !abbr_ok(z.initial.1)
            || !z.transitions.iter().all(|t| abbr_ok(t.2))
        {
            return Err(DataError::Inconsistent("time zone transitions".into()));
        }
        Ok(data)
    }

    /// The incidents as layout input, moving titles and URLs out of the file (the browser
    /// keeps only the bars); `id` = position in [`TimelineData::incidents`]. Returns the
    /// zone and `now` too.
    pub fn into_bars(self) -> (Vec<Bar>, Zone, i64) {
        let TimelineData { now, zone, severities, services, incidents, .. } = self;
        let bars = incidents
            .into_iter()
            .enumerate()
            .map(|(i, inc)| {
                let (rank, label) =
                    severities.get(usize::from(inc.severity)).cloned().unwrap_or((u8::MAX, String::new()));
                Bar {
                    id: u32::try_from(i).unwrap_or(u32::MAX),
                    start: inc.start,
                    end: inc.end,
                    severity_rank: rank,
                    severity_label: label,
                    lanes: inc.services.iter().filter_map(|&s| services.get(s as usize).cloned()).collect(),
                    title: inc.title,
                    url: inc.url,
                }
            })
            .collect();
        (bars, zone, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TimelineData {
        TimelineData {
            version: FORMAT_VERSION,
            now: 1_000,
            zone: Zone::utc(),
            severities: vec![(1, "SEV1 Critical".into()), (3, "SEV3 Minor".into())],
            services: vec!["api".into(), "db".into()],
            incidents: vec![
                IncidentRecord {
                    start: 500,
                    end: None,
                    severity: 1,
                    services: vec![1, 0],
                    title: "B".into(),
                    url: "/b/".into(),
                },
                IncidentRecord {
                    start: 100,
                    end: Some(200),
                    severity: 0,
                    services: vec![],
                    title: "A".into(),
                    url: "/a/".into(),
                },
            ],
        }
    }

    #[test]
    fn round_trips_and_builds_bars_in_document_order() {
        let data = sample();
        let back = TimelineData::from_bytes(&data.to_bytes()).expect("decodes");
        assert_eq!(back, data);
        let (bars, zone, now) = back.into_bars();
        assert_eq!((zone, now), (Zone::utc(), 1_000));
        assert_eq!(bars[0].id, 0);
        assert_eq!(bars[0].lanes, vec!["db".to_string(), "api".to_string()]);
        assert_eq!((bars[0].severity_rank, bars[0].severity_label.as_str()), (3, "SEV3 Minor"));
        assert_eq!((bars[1].start, bars[1].end, bars[1].url.as_str()), (100, Some(200), "/a/"));
    }

    #[test]
    fn rejects_corrupt_versions_and_dangling_indexes() {
        assert!(matches!(TimelineData::from_bytes(&[1, 2, 3]), Err(DataError::Corrupt(_) | DataError::Version { .. })));
        let mut old = sample();
        old.version = 0;
        assert!(matches!(TimelineData::from_bytes(&old.to_bytes()), Err(DataError::Version { found: 0 })));
        let mut bad = sample();
        bad.incidents[0].services.push(9);
        assert!(matches!(TimelineData::from_bytes(&bad.to_bytes()), Err(DataError::Inconsistent(_))));
        let mut zone = sample();
        zone.zone.transitions = vec![(10, 3600, 0), (5, 0, 0)];
        assert!(matches!(TimelineData::from_bytes(&zone.to_bytes()), Err(DataError::Inconsistent(_))));
    }
}
