//! Relevance over the real postmortems in `../shared/corpus/real/` (required: see
//! `corpus_dir`).

use std::path::{Path, PathBuf};

use debrief_search::{IndexBuilder, IndexOptions, Query, SearchDoc, Searcher};

/// The real corpus: `DEBRIEF_REAL_CORPUS`, else the first `shared/corpus/real` above the
/// repository (a git worktree sits deeper than the main checkout). Missing, the tests fail
/// unless `DEBRIEF_SKIP_REAL_CORPUS=1` (never on CI) says to skip them.
fn corpus_dir() -> Option<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let found = std::env::var_os("DEBRIEF_REAL_CORPUS")
        .map(PathBuf::from)
        .or_else(|| repo.ancestors().skip(1).map(|a| a.join("shared/corpus/real")).find(|d| d.is_dir()));
    if let Some(dir) = found.filter(|d| d.is_dir()) {
        return Some(dir);
    }
    let skip = std::env::var_os("DEBRIEF_SKIP_REAL_CORPUS").is_some_and(|v| v == "1");
    assert!(
        skip && std::env::var_os("CI").is_none(),
        "the real corpus is missing (set DEBRIEF_REAL_CORPUS=DIR, or DEBRIEF_SKIP_REAL_CORPUS=1 to skip outside CI)"
    );
    eprintln!("skipped (DEBRIEF_SKIP_REAL_CORPUS=1): no real corpus");
    None
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// Crude: title from `title:`, start from `started:`, body = everything after the front matter.
fn load(dir: &Path) -> (Vec<SearchDoc>, Vec<String>) {
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    let mut docs = Vec::new();
    let mut names = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        let src = std::fs::read_to_string(p).unwrap();
        let mut d = SearchDoc { id: i as u32, url: format!("/{i}/"), ..SearchDoc::default() };
        let mut body = src.as_str();
        if let Some(rest) = src.strip_prefix("---\n")
            && let Some(end) = rest.find("\n---")
        {
            for line in rest[..end].lines() {
                if let Some(v) = line.strip_prefix("title:") {
                    d.title = v.trim().trim_matches('"').to_owned();
                }
                if let Some(v) = line.strip_prefix("started:") {
                    let v = v.trim().trim_matches('"');
                    d.year = v.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                    d.started = v.get(0..10).map(|s| s.replace('-', "").parse::<i64>().unwrap_or(0)).unwrap_or(0);
                }
            }
            body = &rest[end + 4..];
        }
        d.body = body.to_owned();
        docs.push(d);
        names.push(p.file_stem().unwrap().to_string_lossy().into_owned());
    }
    (docs, names)
}

struct Real {
    searcher: Searcher,
    names: Vec<String>,
    bodies: Vec<String>,
}

fn real() -> Option<Real> {
    let dir = corpus_dir()?;
    let (docs, names) = load(&dir);
    assert!(docs.len() > 100, "the real corpus has {} documents", docs.len());
    let bodies = docs.iter().map(|d| format!("{}\n{}", d.title, d.body)).collect();
    let mut b = IndexBuilder::new(IndexOptions::default());
    for d in docs {
        b.add(d);
    }
    let files = b.build();
    let mut searcher = Searcher::new(files.get(&files.manifest_name).unwrap()).unwrap();
    for (n, bytes) in &files.files[1..] {
        searcher.add_file(n, bytes).unwrap();
    }
    Some(Real { searcher, names, bodies })
}

impl Real {
    /// Caller ids of the top `k` results.
    fn top(&self, q: &str, k: usize) -> Vec<usize> {
        let r = self.searcher.search(&Query::parse(q), k).unwrap();
        self.searcher.render(&r, k).unwrap().iter().map(|v| v.id as usize).collect()
    }

    fn top_names(&self, q: &str, k: usize) -> Vec<&str> {
        self.top(q, k).into_iter().map(|i| self.names[i].as_str()).collect()
    }

    fn expect_any(&self, q: &str, want: &[&str]) {
        let top = self.top_names(q, 3);
        assert!(top.iter().any(|n| want.contains(n)), "{q:?}: top 3 {top:?}, expected one of {want:?}");
    }
}

#[test]
fn certificate_expired() {
    let Some(r) = real() else { return };
    r.expect_any("certificate expired", &["learningequality-004-sushibar-certificate-expired"]);
    r.expect_any("certificate expired ", &["learningequality-004-sushibar-certificate-expired"]);
    r.expect_any("certficate expird", &["learningequality-004-sushibar-certificate-expired"]);
}

#[test]
fn kafka_metrics() {
    let Some(r) = real() else { return };
    let want = [
        "dfds-pm2022-007-kafka-metrics-stopped-being-exported-to-prometheus",
        "dfds-pm2022-004-kafka-metrics-missing-from-prometheus",
    ];
    r.expect_any("kafka metrics", &want);
    r.expect_any("kafka metr", &want);
    let top = r.top_names("kafka metrics", 2);
    assert!(top.iter().all(|n| want.contains(n)), "both kafka-metrics postmortems first: {top:?}");
}

#[test]
fn ingress_nginx() {
    let Some(r) = real() else { return };
    let want = [
        "moj-2026-03-30-ingress-nginx-rollback",
        "2i2c-2023-01-23-upgrading-ingress-nginx-caused-brief-outage-in-carbonplan",
    ];
    r.expect_any("ingress nginx", &want);
    r.expect_any("ingress-nginx", &want);
}

#[test]
fn oom_killed() {
    let Some(r) = real() else { return };
    let top = r.top("OOM killed", 3);
    assert!(!top.is_empty());
    for i in &top[..1] {
        let body = &r.bodies[*i];
        assert!(body.contains("OOM"), "{}: top result is about OOM", r.names[*i]);
    }
    assert!(top.iter().all(|i| r.bodies[*i].to_lowercase().contains("oom")), "{:?}", r.top_names("OOM killed", 3));
}

#[test]
fn dns() {
    let Some(r) = real() else { return };
    r.expect_any("dns", &["moj-2022-01-22-some-dns-records-deleted", "dfds-pm2020-004-coredns-upgrade-issue"]);
    let top = r.top_names("dns records", 1);
    assert_eq!(top, ["moj-2022-01-22-some-dns-records-deleted"]);
}

#[test]
fn more_real_queries() {
    let Some(r) = real() else { return };
    r.expect_any("log4shell", &["dfds-pm2021-011-log4shell"]);
    r.expect_any("etcd data inconsistency", &["etcd-v3-5-data-inconsistency"]);
    r.expect_any("inotify", &["dfds-pm2020-001-inotify-file-watches-exhaustion"]);
    r.expect_any("shai hulud", &["posthog-2025-11-26-shai-hulud-attack"]);
    r.expect_any(
        "\"feature flags\"",
        &["posthog-2025-10-21-feature-flags-recurring-outages", "posthog-2025-09-29-flags-is-down"],
    );
    r.expect_any(
        "traefik",
        &[
            "dfds-pm2025-002-traefik-rule-preventing-some-inbound-traffic",
            "dfds-pm2021-008-kubernetes-ingress-controller-traefik-v2-configuration-caused-ou",
        ],
    );
}

#[test]
#[ignore = "prints rankings for inspection"]
fn print_rankings() {
    let Some(r) = real() else { return };
    for q in [
        "certificate expired",
        "kafka metrics",
        "ingress nginx",
        "OOM killed",
        "dns",
        "prometheus down",
        "kafak",
        "node notready",
    ] {
        println!("{q:?}: {:?}", r.top_names(q, 5));
    }
}
