//! The site model: postmortems turned into what pages show — display times, durations,
//! severity labels, facet links. Built once, shared by every page, feed and API output.

use crate::config::SiteConfig;
use debrief_content::{Postmortem, slug};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// A severity level as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct SeverityView {
    /// `SEV1`.
    pub id: String,
    /// `Critical`.
    pub label: String,
    /// 1 = most severe.
    pub rank: usize,
    /// URL name of its facet page (`sev1`).
    pub slug: String,
    /// CSS class carrying the colour (`sev-1`; ranks past 5 share `sev-5`).
    pub class: String,
}

/// A link to a facet page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct FacetLink {
    /// The value as written.
    pub name: String,
    /// Site-relative URL (`/history/services/checkout-api/`).
    pub url: String,
}

/// One action item as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    /// What is to be done.
    pub text: String,
    /// Done or open.
    pub done: bool,
    /// Owner, when given.
    pub owner: Option<String>,
    /// Due date, when given.
    pub due: Option<String>,
    /// Open and due before the build date (set by the renderer, which knows the date).
    pub overdue: bool,
}

/// A moment as shown and as machine-readable.
#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    /// `14 Mar 2025, 09:12 UTC` (or `14 Mar 2025` for plain dates).
    pub display: String,
    /// RFC 3339.
    pub iso: String,
    /// Written as a plain date.
    pub date_only: bool,
    /// The instant as RFC 3339 in UTC (for plain dates: midnight in the site's zone).
    pub instant: String,
}

/// Everything pages need about one incident.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentView {
    /// URL name.
    pub slug: String,
    /// Site-relative URL of its page.
    pub url: String,
    /// Absolute URL of its page.
    pub permalink: String,
    /// Title.
    pub title: String,
    /// One sentence.
    pub summary: Option<String>,
    /// Severity.
    pub severity: SeverityView,
    /// Impact start.
    pub started: TimeView,
    /// Detection.
    pub detected: Option<TimeView>,
    /// Mitigation.
    pub mitigated: Option<TimeView>,
    /// Resolution.
    pub resolved: Option<TimeView>,
    /// Front matter says `status: ongoing`.
    pub ongoing: bool,
    /// `ongoing`, `resolved` or `not-stated` (no resolution anywhere in the postmortem).
    pub resolution: &'static str,
    /// Facts derived from the text, not front matter (`["detected", "resolved"]`).
    pub derived: Vec<&'static str>,
    /// For each derived fact, what it was derived from: `the timeline` or `the text`.
    pub derived_from: BTreeMap<&'static str, &'static str>,
    /// `1h 28m`.
    pub duration: Option<String>,
    /// Time to detect.
    pub time_to_detect: Option<String>,
    /// Time to mitigate.
    pub time_to_mitigate: Option<String>,
    /// Time to resolve.
    pub time_to_resolve: Option<String>,
    /// Seconds, for the API and charts.
    pub duration_seconds: Option<i64>,
    /// Seconds.
    pub time_to_detect_seconds: Option<i64>,
    /// Seconds.
    pub time_to_mitigate_seconds: Option<i64>,
    /// Seconds.
    pub time_to_resolve_seconds: Option<i64>,
    /// Services, linked.
    pub services: Vec<FacetLink>,
    /// Tags, linked.
    pub tags: Vec<FacetLink>,
    /// Regions.
    pub regions: Vec<String>,
    /// Compliance frameworks.
    pub compliance: Vec<String>,
    /// Year page link.
    pub year: FacetLink,
    /// `2025-03` (for grouping).
    pub month_key: String,
    /// `March 2025`.
    pub month_name: String,
    /// Action items.
    pub action_items: Vec<ActionView>,
    /// Done action items.
    pub actions_done: usize,
    /// `extra` front matter map.
    pub extra: BTreeMap<String, Value>,
    /// Front matter fields the configuration made public.
    pub public_fields: BTreeMap<String, Value>,
    /// Whether it is a draft (only with `--drafts`).
    pub draft: bool,
}

/// Which facet a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    /// services/<name>/
    Services,
    /// tags/<name>/
    Tags,
    /// severity/<level>/
    Severity,
    /// years/<yyyy>/
    Years,
}

impl FacetKind {
    /// All, in navigation order.
    pub const ALL: [FacetKind; 4] = [FacetKind::Services, FacetKind::Tags, FacetKind::Severity, FacetKind::Years];

    /// URL folder.
    pub fn dir(self) -> &'static str {
        match self {
            Self::Services => "services",
            Self::Tags => "tags",
            Self::Severity => "severity",
            Self::Years => "years",
        }
    }

    /// Heading for the overview page.
    pub fn title(self) -> &'static str {
        match self {
            Self::Services => "Services",
            Self::Tags => "Tags",
            Self::Severity => "Severity",
            Self::Years => "Years",
        }
    }

    /// Label for one value (`Service`).
    pub fn singular(self) -> &'static str {
        match self {
            Self::Services => "Service",
            Self::Tags => "Tag",
            Self::Severity => "Severity",
            Self::Years => "Year",
        }
    }
}

/// URL name of a facet value; values that slugify to nothing get a stable hash name.
pub fn facet_slug(name: &str) -> String {
    let made = slug::slugify(name);
    if !made.is_empty() {
        return made;
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("x-{hex}")
}

/// Turns validated postmortems into views, in the library's order (newest first).
pub struct Views<'a> {
    cfg: &'a SiteConfig,
    severities: Vec<SeverityView>,
}

impl<'a> Views<'a> {
    /// Prepares severity views from the configuration.
    pub fn new(cfg: &'a SiteConfig) -> Self {
        let severities = cfg
            .config
            .severity
            .iter()
            .enumerate()
            .map(|(i, s)| SeverityView {
                id: s.id.clone(),
                label: s.label.clone(),
                rank: i + 1,
                slug: facet_slug(&s.id),
                class: format!("sev-{}", (i + 1).min(5)),
            })
            .collect();
        Self { cfg, severities }
    }

    /// The severity scale as views.
    pub fn severities(&self) -> &[SeverityView] {
        &self.severities
    }

    /// A site-relative URL for `path` (`incidents/x/` → `/history/incidents/x/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.cfg.base_path, path)
    }

    /// A facet value's link.
    pub fn facet(&self, kind: FacetKind, name: &str) -> FacetLink {
        FacetLink { name: name.to_string(), url: self.url(&format!("{}/{}/", kind.dir(), facet_slug(name))) }
    }

    /// The view of one postmortem. `public_fields` names internal fields that may publish.
    pub fn incident(&self, pm: &Postmortem, public_fields: &[String]) -> IncidentView {
        let tz = &self.cfg.timezone;
        let severity = self.severities.iter().find(|s| s.id == pm.severity).cloned().unwrap_or_else(|| SeverityView {
            id: pm.severity.clone(),
            label: pm.severity.clone(),
            rank: self.severities.len() + 1,
            slug: facet_slug(&pm.severity),
            class: "sev-5".into(),
        });
        let figures = pm.figures();
        let started_local = pm.started.instant.to_zoned_datetime(tz.clone());
        let year = started_local.year().to_string();
        let url = self.url(&pm.url_path());
        IncidentView {
            slug: pm.slug.clone(),
            permalink: format!("{}{}", self.cfg.base_url, pm.url_path()),
            url,
            title: pm.title.clone(),
            summary: pm.summary.clone(),
            severity,
            started: time_view(pm.started.instant, pm.started.date_only, tz),
            detected: pm.detected.map(|w| time_view(w.instant, w.date_only, tz)),
            mitigated: pm.mitigated.map(|w| time_view(w.instant, w.date_only, tz)),
            resolved: pm.resolved.map(|w| time_view(w.instant, w.date_only, tz)),
            ongoing: pm.is_ongoing(),
            resolution: pm.resolution(),
            derived: pm.derived_facts(),
            derived_from: pm
                .derived
                .iter()
                .map(|d| (d.fact.id(), if d.source == "timeline" { "the timeline" } else { "the text" }))
                .collect(),
            duration: figures.duration.map(human_duration),
            time_to_detect: figures.time_to_detect.map(human_duration),
            time_to_mitigate: figures.time_to_mitigate.map(human_duration),
            time_to_resolve: figures.time_to_resolve.map(human_duration),
            duration_seconds: figures.duration.map(|d| d.as_secs()),
            time_to_detect_seconds: figures.time_to_detect.map(|d| d.as_secs()),
            time_to_mitigate_seconds: figures.time_to_mitigate.map(|d| d.as_secs()),
            time_to_resolve_seconds: figures.time_to_resolve.map(|d| d.as_secs()),
            services: pm.services.iter().map(|s| self.facet(FacetKind::Services, s)).collect(),
            tags: pm.tags.iter().map(|s| self.facet(FacetKind::Tags, s)).collect(),
            regions: pm.regions.clone(),
            compliance: pm.compliance.clone(),
            year: self.facet(FacetKind::Years, &year),
            month_key: started_local.strftime("%Y-%m").to_string(),
            month_name: started_local.strftime("%B %Y").to_string(),
            action_items: pm
                .action_items
                .iter()
                .map(|a| ActionView {
                    text: a.text.clone(),
                    done: a.done,
                    owner: a.owner.clone(),
                    due: a.due.clone(),
                    overdue: false,
                })
                .collect(),
            actions_done: pm.action_items.iter().filter(|a| a.done).count(),
            extra: pm.extra.clone(),
            public_fields: pm
                .internal
                .iter()
                .filter(|(k, _)| public_fields.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            draft: pm.draft,
        }
    }
}

/// A timestamp shown in the site's zone.
pub fn time_view(instant: Timestamp, date_only: bool, tz: &TimeZone) -> TimeView {
    let local = instant.to_zoned_datetime(tz.clone());
    if date_only {
        TimeView {
            display: local.strftime("%-d %b %Y").to_string(),
            iso: local.strftime("%Y-%m-%d").to_string(),
            date_only,
            instant: instant.to_string(),
        }
    } else {
        TimeView {
            display: local.strftime("%-d %b %Y, %H:%M %Z").to_string(),
            iso: instant.to_string(),
            date_only,
            instant: instant.to_string(),
        }
    }
}

/// `45s`, `45m`, `1h 28m`, `3d 4h`: the timeline's formatter, so a page's facts, its
/// timeline's tooltips and the interactive timeline always agree.
pub fn human_duration(d: SignedDuration) -> String {
    debrief_timeline::format_duration(d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        let d = |s| human_duration(SignedDuration::from_secs(s));
        assert_eq!(d(20), "20s");
        assert_eq!(d(20), debrief_timeline::format_duration(20));
        assert_eq!(d(45 * 60), "45m");
        assert_eq!(d(3600), "1h");
        assert_eq!(d(88 * 60), "1h 28m");
        assert_eq!(d(3 * 86_400 + 4 * 3600 + 5), "3d 4h");
        assert_eq!(d(-5), "0s");
    }

    #[test]
    fn facet_slugs_are_valid() {
        assert_eq!(facet_slug("Checkout API"), "checkout-api");
        let hashed = facet_slug("日本");
        assert!(hashed.starts_with("x-") && hashed.len() == 12, "{hashed}");
        assert_eq!(slug::problem(&hashed), None);
    }

    #[test]
    fn times_in_site_zone() {
        let ts: Timestamp = "2025-03-14T09:12:00Z".parse().unwrap();
        let v = time_view(ts, false, &TimeZone::get("Europe/Paris").unwrap());
        assert_eq!(v.display, "14 Mar 2025, 10:12 CET");
        assert_eq!(v.iso, "2025-03-14T09:12:00Z");
    }
}
