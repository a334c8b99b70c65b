//! Tests of the corpus generator: determinism, front matter validity, timeline
//! consistency, unique slugs and titles, and a realistic size distribution.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;

use debrief_bench::corpus::{self, Doc};
use debrief_bench::time;

/// The front matter of a generated document as `key → raw value`.
fn front_matter(doc: &Doc) -> BTreeMap<String, String> {
    let text = doc.text.strip_prefix("---\n").expect("starts with ---");
    let end = text.find("\n---\n").expect("front matter is closed");
    text[..end]
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap_or_else(|| panic!("bad line {l:?}"));
            (k.to_string(), v.to_string())
        })
        .collect()
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` strictly, returning Unix seconds.
fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    let days = time::days_from_civil(y, mo as u32, d as u32);
    // Reject dates like 2023-02-30 that do not round-trip.
    if time::civil_from_days(days) != (y, mo as u32, d as u32) {
        return None;
    }
    let t = days * time::DAY + h * time::HOUR + mi * time::MINUTE + se;
    (time::rfc3339(t) == s).then_some(t)
}

/// Timeline times of a document, resolved with the spec's rule: a bare `HH:MM` takes
/// the date of `started`, rolling over midnight when times go backwards.
fn timeline_times(doc: &Doc, started: i64) -> Vec<i64> {
    let body = doc.text.split("\n## Timeline\n\n").nth(1).expect("has a Timeline");
    let body = body.split("\n## ").next().unwrap_or(body);
    let mut day = started.div_euclid(time::DAY) * time::DAY;
    let mut prev_clock = -1;
    let mut out = Vec::new();
    for line in body.lines() {
        let stamp = if let Some(rest) = line.strip_prefix("| ") {
            rest.split(" |").next().unwrap_or("")
        } else if let Some(rest) = line.strip_prefix("- **") {
            rest.split(" UTC**").next().unwrap_or("")
        } else if let Some(rest) = line.strip_prefix("- ") {
            rest.split(" — ").next().unwrap_or("")
        } else {
            continue;
        };
        if stamp == "Time (UTC)" || stamp.starts_with("---") {
            continue;
        }
        let (date, clock) = match stamp.split_once(' ') {
            Some((d, c)) => (Some(d), c),
            None => (None, stamp),
        };
        let (h, m) = clock.split_once(':').expect("HH:MM");
        let clock = h.parse::<i64>().unwrap() * time::HOUR + m.parse::<i64>().unwrap() * time::MINUTE;
        let t = match date {
            Some(d) => parse_rfc3339(&format!("{d}T00:00:00Z")).expect("date") + clock,
            None => {
                if clock < prev_clock {
                    day += time::DAY;
                }
                prev_clock = clock;
                day + clock
            }
        };
        out.push(t);
    }
    out
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    corpus::write_site(a.path(), 300, 7, false).unwrap();
    corpus::write_site(b.path(), 300, 7, false).unwrap();
    corpus::write_site(c.path(), 300, 8, false).unwrap();
    let files = |root: &Path| {
        let mut v = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(root).unwrap().to_path_buf();
                    v.push((rel, fs::read(&p).unwrap()));
                }
            }
        }
        v.sort();
        v
    };
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert_eq!(fa.len(), 301, "300 documents and debrief.toml");
    assert!(fa == fb, "same seed must give identical files");
    assert!(fa != fc, "a different seed must give different files");
    let differing = fa.iter().zip(&fc).filter(|(x, y)| x.1 != y.1).count();
    assert!(differing > 250, "only {differing} of 301 files differ");
}

#[test]
fn documents_do_not_depend_on_generation_order() {
    let all: Vec<Doc> = corpus::generate(50, 3).collect();
    for i in [49, 0, 17] {
        assert_eq!(corpus::generate_doc(3, i, 50), all[i]);
    }
}

/// Pins the generator's output so that an accidental change (or a platform
/// difference) is noticed: benchmark figures are only comparable on the same corpus.
/// If you change the generator on purpose, update the constant and say so in the
/// commit: figures measured before and after are then not comparable.
#[test]
fn output_is_pinned() {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for doc in corpus::generate(40, corpus::DEFAULT_SEED) {
        for b in doc.rel_path().bytes().chain(doc.text.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    assert_eq!(h, PINNED, "the generated corpus changed: {h:#018x}");
}

const PINNED: u64 = 0x062c_0b4b_dce1_f3ca;

#[test]
fn front_matter_is_complete_and_times_are_ordered() {
    for doc in corpus::generate(1000, 11) {
        let fm = front_matter(&doc);
        let title = fm.get("title").expect("title");
        assert!(title.starts_with('"') && title.ends_with('"') && title.len() > 12);
        let sev = fm.get("severity").expect("severity");
        assert!(["SEV1", "SEV2", "SEV3", "SEV4"].contains(&sev.as_str()), "{sev}");
        for list in ["services", "regions", "tags"] {
            let v = fm.get(list).unwrap_or_else(|| panic!("{list} in {}", doc.slug));
            assert!(v.starts_with('[') && v.ends_with(']') && v.len() > 2, "{list}: {v}");
        }
        let times: Vec<i64> = ["started", "detected", "mitigated", "resolved"]
            .iter()
            .map(|k| {
                let v = fm.get(*k).unwrap_or_else(|| panic!("{k} missing in {}", doc.slug));
                parse_rfc3339(v).unwrap_or_else(|| panic!("{k} = {v} is not RFC 3339"))
            })
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{}: {times:?}", doc.slug);
        assert_eq!(time::year(times[0]), doc.year);
        let start = time::unix_from_civil(2020, 1, 1);
        let end = time::unix_from_civil(2026, 1, 1);
        assert!((start..end).contains(&times[0]));

        // The timeline agrees with the front matter.
        let tl = timeline_times(&doc, times[0]);
        assert!(tl.len() >= 4, "{}: timeline too short", doc.slug);
        assert!(tl.windows(2).all(|w| w[0] <= w[1]), "{}: {tl:?}", doc.slug);
        for t in &times {
            assert!(tl.contains(t), "{}: {t} not in timeline {tl:?}", doc.slug);
        }
        assert_eq!(*tl.last().unwrap(), times[3], "{}", doc.slug);

        for section in ["## Summary", "## Timeline", "## Root cause", "## Action items"] {
            assert!(doc.text.contains(section), "{}: no {section}", doc.slug);
        }
    }
}

#[test]
fn slugs_and_titles_are_unique() {
    let mut slugs = HashSet::new();
    let mut titles = HashSet::new();
    for doc in corpus::generate(3000, 5) {
        assert!(doc.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", doc.slug);
        let title = front_matter(&doc)["title"].clone();
        assert!(slugs.insert(doc.slug.clone()), "duplicate slug {}", doc.slug);
        assert!(titles.insert(title.clone()), "duplicate title {title}");
    }
}

#[test]
fn sizes_look_like_the_real_corpus() {
    let mut sizes: Vec<usize> = corpus::generate(500, corpus::DEFAULT_SEED).map(|d| d.text.len()).collect();
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2];
    assert!((1500..=6000).contains(&median), "median {median} bytes");
    let big = sizes.iter().filter(|&&s| s > 10_000).count();
    assert!(big >= 3, "only {big} documents above 10 KB");
    assert!(sizes[0] >= 800, "smallest {} bytes", sizes[0]);
}

#[test]
fn variety() {
    let docs: Vec<Doc> = corpus::generate(400, 9).collect();
    let count = |needle: &str| docs.iter().filter(|d| d.text.contains(needle)).count();
    assert!(count("| Time (UTC) | Event |") > 200);
    assert!(count(" — ") > 40, "HH:MM list timelines");
    assert!(count("```") > 40, "code blocks");
    assert!(count("](https://") > 40, "links");
    assert!(count("- [x] ") > 200 && count("- [ ] ") > 100, "task lists");
    assert!(count("compliance: ") > 20);
    let sev1 = count("severity: SEV1");
    assert!((5..60).contains(&sev1), "SEV1 count {sev1}");
    // Some timelines cross midnight.
    let crossing = docs
        .iter()
        .filter(|d| {
            let fm = front_matter(d);
            let s = parse_rfc3339(&fm["started"]).unwrap();
            let r = parse_rfc3339(&fm["resolved"]).unwrap();
            r - s < 23 * time::HOUR && s.div_euclid(time::DAY) != r.div_euclid(time::DAY)
        })
        .count();
    assert!(crossing > 5, "only {crossing} timelines cross midnight");
}
