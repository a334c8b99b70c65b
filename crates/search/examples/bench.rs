//! Index and query benchmark for `debrief-search`.
//!
//! ```text
//! cargo run --release -p debrief-search --features parallel --example bench -- DIR   # a folder of Markdown postmortems
//! cargo run --release -p debrief-search --features parallel --example bench -- --docs N
//! ```
//!
//! Prints build time, index size (raw and gzip), manifest size, bytes a browser fetches for
//! a first query (manifest + term shards + fragments of the top 10), for a session of five
//! queries, and native query latency (search + render of 10) p50/p95 over ~200 queries.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use debrief_search::{IndexBuilder, IndexFiles, IndexOptions, Query, SearchDoc, Searcher};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let docs = match args.as_slice() {
        [flag, n] if flag == "--docs" => generate(n.parse().expect("--docs N")),
        [dir] => load_dir(Path::new(dir)),
        _ => {
            eprintln!("usage: bench DIR | bench --docs N");
            std::process::exit(2);
        }
    };
    let titles: Vec<String> = docs.iter().map(|d| d.title.clone()).collect();
    let n = docs.len();
    let text_bytes: usize =
        docs.iter().map(|d| d.title.len() + d.summary.len() + d.body.len() + d.timeline.len() + d.actions.len()).sum();

    let t = Instant::now();
    let mut b = IndexBuilder::new(IndexOptions::default());
    for d in docs {
        b.add(d);
    }
    let files = b.build();
    let build = t.elapsed();

    let gz_total: usize = files.files.iter().map(|(_, b)| gz(b)).sum();
    let manifest = files.get(&files.manifest_name).unwrap_or_default();
    let count = |p: &str| files.files.iter().filter(|(n, _)| n.starts_with(p)).count();
    let size = |p: &str| files.files.iter().filter(|(n, _)| n.starts_with(p)).map(|(_, b)| b.len()).sum::<usize>();
    println!("documents: {n} ({:.1} MB of text)", text_bytes as f64 / 1e6);
    println!("build: {:.0} ms", build.as_secs_f64() * 1e3);
    println!("index: {} files, {} raw, {} gzip", files.files.len(), kb(files.total_bytes()), kb(gz_total));
    println!("  manifest {} raw / {} gzip", kb(manifest.len()), kb(gz(manifest)));
    println!("  term shards: {} files, {}", count("t-"), kb(size("t-")));
    println!("  positions:   {} files, {}", count("p-"), kb(size("p-")));
    println!("  fragments:   {} files, {}", count("f-"), kb(size("f-")));
    println!("  facets:      {} files, {}", count("facet-"), kb(size("facet-")));
    println!("  meta:        {}", kb(size("meta-")));
    for (name, b) in files.files.iter().filter(|(n, _)| n.starts_with("facet-")) {
        println!("    {name}: {} raw / {} gzip", kb(b.len()), kb(gz(b)));
    }

    // First queries: fresh engine each time.
    let firsts = [
        "certificate expired",
        "kafka",
        "kafka lag",
        "dns",
        "OOM killed",
        "ingress nginx",
        "database failover",
        "HTTP 502",
        "eu-west-1",
        "redis",
        "packet loss",
        "certficate",
        "migration locked",
        "deploy rollback",
        "latency p99",
        "severity:SEV1",
    ];
    let mut rows = Vec::new();
    for q in firsts {
        let mut fetched = Fetched::default();
        let mut s = Searcher::new(fetched.get(&files, &files.manifest_name)).expect("manifest");
        let r = run(&mut s, &files, &mut fetched, q);
        let (raw, gzb, reqs) = fetched.totals();
        let mut facets = Fetched::default();
        for f in s.facet_files() {
            if !fetched.names.contains(&f) {
                facets.get(&files, &f);
            }
        }
        let (fraw, fgz, _) = facets.totals();
        rows.push((q, r, raw, gzb, reqs, fraw, fgz));
    }
    println!(
        "\nfirst query (fresh cache; bytes = manifest + shards + top-10 fragments; 2 dependent round trips + fragments):"
    );
    println!("  {:<22} {:>7} {:>10} {:>10} {:>5} {:>14}", "query", "total", "raw", "gzip", "files", "+facets gzip");
    for (q, total, raw, gzb, reqs, _fraw, fgz) in &rows {
        println!("  {q:<22} {total:>7} {:>10} {:>10} {reqs:>5} {:>14}", kb(*raw), kb(*gzb), kb(*fgz));
    }
    let mut gzs: Vec<usize> = rows.iter().map(|r| r.3).collect();
    gzs.sort_unstable();
    let mut raws: Vec<usize> = rows.iter().map(|r| r.2).collect();
    raws.sort_unstable();
    println!(
        "  median {} raw / {} gzip; max {} raw / {} gzip; facet tables (all keys) {} raw / {} gzip",
        kb(raws[raws.len() / 2]),
        kb(gzs[gzs.len() / 2]),
        kb(raws[raws.len() - 1]),
        kb(gzs[gzs.len() - 1]),
        kb(rows[0].5),
        kb(rows[0].6)
    );

    // A session of five queries sharing a cache: whole queries, then keystroke by keystroke
    // (every prefix from the third character on), both including manifest and facet tables.
    let session = [
        "certificate expired",
        "kafka consumer lag",
        "dns severity:SEV1",
        "database failover -redis",
        "\"packet loss\"",
    ];
    for typed_mode in [false, true] {
        let mut fetched = Fetched::default();
        let mut s = Searcher::new(fetched.get(&files, &files.manifest_name)).expect("manifest");
        for f in s.facet_files() {
            let b = fetched.get(&files, &f).to_vec();
            s.add_file(&f, &b).expect("facet");
        }
        for q in session {
            let chars: Vec<char> = q.chars().collect();
            let from = if typed_mode { 3.min(chars.len()) } else { chars.len() };
            for k in from..=chars.len() {
                let typed: String = chars[..k].iter().collect();
                run(&mut s, &files, &mut fetched, &typed);
            }
        }
        let (raw, gzb, reqs) = fetched.totals();
        let mode = if typed_mode { "typed keystroke by keystroke" } else { "as whole queries" };
        println!(
            "\nsession of 5 queries {mode} (incl. manifest, facet tables): {} raw / {} gzip in {reqs} files",
            kb(raw),
            kb(gzb)
        );
    }

    // Latency: everything loaded, search + render 10.
    let mut s = Searcher::new(&files.files[0].1).expect("manifest");
    for (name, bytes) in &files.files[1..] {
        s.add_file(name, bytes).expect("add");
    }
    let queries = latency_queries(&titles, 200);
    let mut times = Vec::new();
    let mut slow: Vec<(f64, &str)> = Vec::new();
    let mut total_hits = 0usize;
    for q in &queries {
        // Median of three runs per query: this machine is shared, and a preempted run says
        // nothing about the engine.
        let mut runs = [0f64; 3];
        let mut ok = false;
        for r in &mut runs {
            let t = Instant::now();
            let parsed = Query::parse(q);
            let res = s.search(&parsed, 10).expect("search");
            let v = s.render(&res, 10).expect("render");
            *r = t.elapsed().as_secs_f64() * 1e3;
            ok = res.total > 0 && !v.is_empty();
        }
        runs.sort_by(f64::total_cmp);
        times.push(runs[1]);
        slow.push((runs[1], q));
        total_hits += usize::from(ok);
    }
    times.sort_by(f64::total_cmp);
    slow.sort_by(|a, b| b.0.total_cmp(&a.0));
    if std::env::var_os("BENCH_SLOW").is_some() {
        for (ms, q) in &slow[..5.min(slow.len())] {
            println!("  slow: {ms:.3} ms {q:?}");
        }
    }
    println!(
        "\nnative latency over {} queries (parse + search + render 10, all files loaded, median of 3 runs each): p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms ({} queries with results)",
        times.len(),
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times[times.len() - 1],
        total_hits
    );
}

fn run(s: &mut Searcher, files: &IndexFiles, fetched: &mut Fetched, q: &str) -> usize {
    let parsed = Query::parse(q);
    for name in s.needed(&parsed) {
        let b = fetched.get(files, &name).to_vec();
        s.add_file(&name, &b).expect("add");
    }
    let r = s.search(&parsed, 10).expect("search");
    for name in &r.needed_fragments {
        let b = fetched.get(files, name).to_vec();
        s.add_file(name, &b).expect("add fragment");
    }
    s.render(&r, 10).expect("render");
    r.total
}

#[derive(Default)]
struct Fetched {
    names: BTreeSet<String>,
    raw: usize,
    gz: usize,
}

impl Fetched {
    fn get<'a>(&mut self, files: &'a IndexFiles, name: &str) -> &'a [u8] {
        let b = files.get(name).expect("file exists");
        if self.names.insert(name.to_owned()) {
            self.raw += b.len();
            self.gz += gz(b);
        }
        b
    }

    fn totals(&self) -> (usize, usize, usize) {
        (self.raw, self.gz, self.names.len())
    }
}

fn gz(b: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).expect("gzip");
    e.finish().expect("gzip").len()
}

fn kb(b: usize) -> String {
    if b >= 1_000_000 { format!("{:.2} MB", b as f64 / 1e6) } else { format!("{:.1} KB", b as f64 / 1e3) }
}

/// Queries for latency: words and pairs from titles, prefixes, typos, filters.
fn latency_queries(titles: &[String], n: usize) -> Vec<String> {
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let words: Vec<Vec<String>> = titles
        .iter()
        .map(|t| t.split_whitespace().filter(|w| w.len() > 3 && !w.contains(':')).map(|w| w.to_lowercase()).collect())
        .collect();
    let mut out = Vec::new();
    while out.len() < n && !titles.is_empty() {
        let ws = &words[next() as usize % words.len()];
        if ws.is_empty() {
            continue;
        }
        let a = &ws[next() as usize % ws.len()];
        let b = &ws[next() as usize % ws.len()];
        let q = match out.len() % 6 {
            0 => a.clone(),
            1 => format!("{a} {b}"),
            2 => a.chars().take(4).collect(),
            3 => {
                let mut c: Vec<char> = a.chars().collect();
                if c.len() > 5 {
                    c.swap(2, 3);
                }
                c.into_iter().collect()
            }
            4 => format!("\"{a} {b}\""),
            _ => format!("{a} severity:SEV2"),
        };
        out.push(q);
    }
    out
}

// --- Markdown loading (crude: front matter lines, sections by `## `) ---

fn load_dir(dir: &Path) -> Vec<SearchDoc> {
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    paths
        .iter()
        .enumerate()
        .filter_map(|(i, p)| std::fs::read_to_string(p).ok().map(|s| parse_md(i as u32, p, &s)))
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').trim_matches('\'').to_owned()
}

fn list(s: &str) -> Vec<String> {
    s.trim().trim_start_matches('[').trim_end_matches(']').split(',').map(unquote).filter(|v| !v.is_empty()).collect()
}

/// Unix seconds of `YYYY-MM-DD[THH:MM[:SS]]…`.
fn unix(s: &str) -> Option<i64> {
    let s = s.trim().trim_matches('"');
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i64>().ok());
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm) = (num(11..13).unwrap_or(0), num(14..16).unwrap_or(0));
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400 + hh * 3600 + mm * 60)
}

fn strip_md(line: &str) -> String {
    line.replace(['|', '`', '*', '#', '>'], " ")
}

fn parse_md(id: u32, path: &Path, src: &str) -> SearchDoc {
    let mut doc = SearchDoc { id, ..SearchDoc::default() };
    let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    doc.url = format!("/incidents/{slug}/");
    let mut body = src;
    let mut resolved = None;
    if let Some(rest) = src.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---")
    {
        for line in rest[..end].lines() {
            let Some((k, v)) = line.split_once(':') else { continue };
            match k.trim() {
                "title" => doc.title = unquote(v),
                "summary" => doc.summary = unquote(v),
                "severity" => {
                    doc.severity = unquote(v);
                    doc.severity_rank = doc.severity.trim_start_matches("SEV").parse().unwrap_or(9);
                }
                "started" => {
                    doc.started = unix(v).unwrap_or(0);
                    doc.started_display = unquote(v);
                    doc.year = v.trim().trim_matches('"').get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
                }
                "resolved" => resolved = unix(v),
                "services" => doc.services = list(v),
                "tags" => doc.tags = list(v),
                "regions" => doc.regions = list(v),
                "compliance" => doc.compliance = list(v),
                _ => {}
            }
        }
        body = rest[end + 4..].trim_start_matches('-');
    }
    doc.duration_secs = resolved.map(|r| r - doc.started);
    let mut section = String::new();
    let (mut text, mut timeline, mut actions) = (String::new(), String::new(), String::new());
    for line in body.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim().to_lowercase();
            continue;
        }
        if line.trim_start().starts_with("| ---") {
            continue;
        }
        let target = match section.as_str() {
            "timeline" => &mut timeline,
            "action items" => &mut actions,
            _ => &mut text,
        };
        target.push_str(&strip_md(line));
        target.push('\n');
    }
    if doc.summary.is_empty() {
        doc.summary = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_owned();
    }
    doc.body = text;
    doc.timeline = timeline;
    doc.actions = actions;
    doc
}

// --- Generated documents (when no folder is given) ---

fn generate(n: usize) -> Vec<SearchDoc> {
    const SERVICES: &[&str] =
        &["checkout-api", "payments", "auth-service", "search", "cdn", "kafka", "postgres", "redis"];
    const CAUSES: &[&str] = &[
        "an expired TLS certificate",
        "a Kafka broker failure",
        "DNS resolution errors",
        "pods OOMKilled after a deploy",
        "a database failover",
        "an ingress-nginx upgrade",
        "HTTP 502 errors from the load balancer",
        "packet loss on transit links",
    ];
    const REGIONS: &[&str] = &["eu-west-1", "us-east-1", "ap-southeast-2"];
    (0..n)
        .map(|i| {
            let svc = SERVICES[i % SERVICES.len()];
            let cause = CAUSES[(i / 3) % CAUSES.len()];
            let region = REGIONS[(i / 7) % REGIONS.len()];
            let started = 1_600_000_000 + (i as i64) * 7_919;
            SearchDoc {
                id: i as u32,
                url: format!("/incidents/inc-{i}/"),
                title: format!("INC-{i}: {svc} degraded by {cause} in {region}"),
                summary: format!("Customers of {svc} in {region} saw errors caused by {cause}."),
                body: format!(
                    "Impact: {svc} returned errors for some requests. Root cause: {cause}. We restored service by \
                     rolling back and added monitoring. {}",
                    "Engineers investigated dashboards, logs and traces to confirm the fix. ".repeat(20)
                ),
                timeline: "09:12 alert fired. 09:20 on-call engineer paged. 10:02 mitigated.".into(),
                actions: format!("Add alerting for {svc}. Automate certificate renewal."),
                severity: format!("SEV{}", 1 + i % 4),
                severity_rank: (i % 4) as u8,
                services: vec![svc.into()],
                tags: vec![cause.split_whitespace().last().unwrap_or("x").into()],
                regions: vec![region.into()],
                compliance: vec![],
                year: (2020 + started / 31_557_600 - 50) as u16,
                started,
                duration_secs: Some(600 + (i as i64 % 50) * 300),
                started_display: format!("t{started}"),
            }
        })
        .collect()
}
