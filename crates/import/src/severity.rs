//! From a source's impact or severity word to one of the site's severity levels.
//!
//! The default puts every known word on a four-step scale — critical; major, down;
//! minor, disrupted, degraded; none, notice, maintenance — and spreads it over the site's
//! levels (most severe first): on the default SEV1…SEV4 scale, critical → SEV1, major and
//! down → SEV2, minor, disrupted and degraded → SEV3, none, notice and maintenance →
//! SEV4. `[import.severity]` in debrief.toml (or `--severity-map word=ID`) overrides a
//! word for every format (`major = "SEV1"`) or for one (`"cstate.down" = "SEV1"`).

use crate::model::Format;
use std::collections::BTreeMap;

/// Known words and their step on the four-step scale (0 = most severe).
const STEPS: &[(&str, usize)] = &[
    ("critical", 0),
    ("major", 1),
    ("down", 1),
    ("major_outage", 1),
    ("minor", 2),
    ("disrupted", 2),
    ("degraded", 2),
    ("partial_outage", 2),
    ("degraded_performance", 2),
    ("none", 3),
    ("notice", 3),
    ("maintenance", 3),
    ("informational", 3),
];

/// A mapping word → severity id that names a level the site does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("severity mapping `{word} = {id}`: `{id}` is not one of the site's levels ({})", .known.join(", "))]
pub struct UnknownLevel {
    /// The source word.
    pub word: String,
    /// The id asked for.
    pub id: String,
    /// The site's levels.
    pub known: Vec<String>,
}

/// The mapping for one site.
#[derive(Debug, Clone)]
pub struct SeverityMap {
    levels: Vec<String>,
    overrides: BTreeMap<String, String>,
}

impl SeverityMap {
    /// The mapping onto `levels` (most severe first) with `overrides` (word or
    /// `format.word` → id, ids matched case-insensitively).
    pub fn new(levels: Vec<String>, overrides: &BTreeMap<String, String>) -> Result<Self, UnknownLevel> {
        let mut checked = BTreeMap::new();
        for (word, id) in overrides {
            let Some(level) = levels.iter().find(|l| l.eq_ignore_ascii_case(id.trim())) else {
                return Err(UnknownLevel { word: word.clone(), id: id.clone(), known: levels.clone() });
            };
            checked.insert(normalise(word), level.clone());
        }
        Ok(Self { levels, overrides: checked })
    }

    /// The site's level for `word` of `format`, and a note when the word is unknown (it
    /// then takes the step of `minor`).
    pub fn map(&self, format: Format, word: &str) -> (String, Option<String>) {
        let word = normalise(word);
        let qualified = format!("{}.{word}", format.id());
        if let Some(id) = self.overrides.get(&qualified).or_else(|| self.overrides.get(&word)) {
            return (id.clone(), None);
        }
        let (step, note) = match STEPS.iter().find(|(w, _)| *w == word) {
            Some((_, step)) => (*step, None),
            None => (2, Some(format!("unknown severity `{word}`"))),
        };
        let last = self.levels.len().saturating_sub(1);
        // Spread the four steps over the site's levels, rounding to the nearest.
        let index = (step * last * 2 + 3) / 6;
        let id = self.levels.get(index.min(last)).cloned().unwrap_or_default();
        let note = note.map(|n| format!("{n}: mapped to {id} (set it in [import.severity])"));
        (id, note)
    }
}

fn normalise(word: &str) -> String {
    word.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn default_spreads_the_steps_over_the_site_scale() {
        let map = SeverityMap::new(levels(&["SEV1", "SEV2", "SEV3", "SEV4"]), &BTreeMap::new()).expect("map");
        let got: Vec<String> = ["critical", "major", "minor", "none", "maintenance"]
            .iter()
            .map(|w| map.map(Format::Statuspage, w).0)
            .collect();
        assert_eq!(got, ["SEV1", "SEV2", "SEV3", "SEV4", "SEV4"]);
        assert_eq!(map.map(Format::Cstate, "down").0, "SEV2");
        assert_eq!(map.map(Format::Cstate, "Disrupted").0, "SEV3");
        let (id, note) = map.map(Format::Cstate, "weird");
        assert_eq!(id, "SEV3");
        assert!(note.is_some_and(|n| n.contains("unknown severity `weird`")));
        let three = SeverityMap::new(levels(&["high", "medium", "low"]), &BTreeMap::new()).expect("map");
        let got: Vec<String> =
            ["critical", "major", "minor", "none"].iter().map(|w| three.map(Format::Upptime, w).0).collect();
        assert_eq!(got, ["high", "medium", "medium", "low"]);
        let one = SeverityMap::new(levels(&["P1"]), &BTreeMap::new()).expect("map");
        assert_eq!(one.map(Format::Upptime, "none").0, "P1");
    }

    #[test]
    fn overrides_per_word_and_per_format() {
        let overrides: BTreeMap<String, String> =
            [("major".to_string(), "sev1".to_string()), ("cstate.down".to_string(), "SEV4".to_string())].into();
        let map = SeverityMap::new(levels(&["SEV1", "SEV2", "SEV3", "SEV4"]), &overrides).expect("map");
        assert_eq!(map.map(Format::Statuspage, "major").0, "SEV1");
        assert_eq!(map.map(Format::Cstate, "down").0, "SEV4");
        assert_eq!(map.map(Format::Upptime, "down").0, "SEV2");
        let bad: BTreeMap<String, String> = [("major".to_string(), "SEV9".to_string())].into();
        let err = SeverityMap::new(levels(&["SEV1"]), &bad).unwrap_err();
        assert_eq!((err.word.as_str(), err.id.as_str()), ("major", "SEV9"));
    }
}
