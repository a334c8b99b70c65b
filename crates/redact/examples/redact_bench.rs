//! Throughput of the redaction crate: every built-in detector, `Redactor::detect` /
//! `is_clean` on Markdown, the scanner's text passes on HTML, and `LeakScanner::scan_dir`.
//!
//! ```text
//! CARGO_TARGET_DIR=/tmp/target-perf cargo run --release -p debrief-redact --example redact_bench -- \
//!     [--md DIR] [--site DIR] [--needles N] [--only detectors|detect|html|scan|equiv|one=NAME]
//! ```
//!
//! Defaults: Markdown from `/tmp/debrief-bench/docs-10000/content`, site from `/tmp/perf-public`.
//! The configuration is the repository's `redaction.toml` (all 8 built-ins, two term
//! rules, one pattern rule) plus 50 needles (`--needles`), like a real build. Rates are
//! MB/s of thread CPU time (best of three rounds): the machine is shared, and CPU time is
//! what other load disturbs least. `scan_dir` reports wall and all-threads CPU time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use debrief_redact::terms::Skeleton;
use debrief_redact::{Builtin, LeakScanner, RedactionConfig, Redactor, scan};

const CONFIG: &str = include_str!("../../../redaction.toml");
/// The pattern rule of `redaction.toml`, timed on its own.
const PATTERN: &str = r"\b[a-z0-9.-]+\.corp\.northwind\.example\b";

fn files_with(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_with(&p, exts, out);
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| exts.contains(&e)) {
            out.push(p);
        }
    }
}

fn load(dir: &Path, exts: &[&str], limit: usize) -> Vec<String> {
    let mut files = Vec::new();
    files_with(dir, exts, &mut files);
    files.truncate(limit);
    files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
}

/// CPU time of the calling thread (Linux: /proc/thread-self/schedstat), or wall time
/// elsewhere. The machine is shared: CPU time is what other load disturbs least.
fn thread_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let fallback = || START.get_or_init(Instant::now).elapsed();
    match std::fs::read_to_string("/proc/thread-self/schedstat") {
        Ok(s) => s.split_whitespace().next().and_then(|ns| ns.parse().ok()).map_or_else(fallback, Duration::from_nanos),
        Err(_) => fallback(),
    }
}

/// CPU time of the whole process, all threads (Linux), or zero elsewhere.
fn process_time() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return Duration::ZERO };
    let ns: u64 = tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(ns)
}

/// Runs `f` over every text, in rounds of at least 200 ms (the CPU clock is coarse);
/// returns the best round's MB/s (by thread CPU time) and the result count.
fn rate(texts: &[String], mut f: impl FnMut(&str) -> usize) -> (f64, usize) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best = f64::MAX; // seconds per pass
    let mut count = 0;
    for _ in 0..3 {
        let (wall, cpu) = (Instant::now(), thread_time());
        let mut passes = 0;
        while passes == 0 || wall.elapsed() < Duration::from_millis(200) {
            count = texts.iter().map(|s| f(s)).sum();
            passes += 1;
        }
        best = best.min(thread_time().saturating_sub(cpu).as_secs_f64() / f64::from(passes));
    }
    (bytes as f64 / 1e6 / best, count)
}

fn report(label: &str, texts: &[String], f: impl FnMut(&str) -> usize) {
    let (mbs, n) = rate(texts, f);
    println!("  {label:<22} {mbs:>9.1} MB/s  ({n} results)");
}

/// A redactor with only the pattern rule (no built-ins, no terms).
fn pattern_only() -> Redactor {
    let toml = format!("builtins = []\n[[rule]]\nname = \"hosts\"\npattern = '{PATTERN}'\nreplace = \"[host]\"\n");
    Redactor::new(&RedactionConfig::from_toml_str(&toml, "redaction.toml").unwrap()).unwrap()
}

fn redactor() -> Redactor {
    Redactor::new(&RedactionConfig::from_toml_str(CONFIG, "redaction.toml").unwrap()).unwrap()
}

/// `n` removed sentences, as a build passes them to the scanner (none of them is in
/// the site). They start with different words, like real ones.
fn needles(n: usize) -> Vec<(String, String)> {
    const FIRST: [&str; 12] =
        ["Internal", "We", "The", "Ticket", "Paged", "Ask", "Root", "Customer", "Escalated", "Rotate", "Our", "Bob"];
    (0..n)
        .map(|i| {
            let rule = if i % 2 == 0 { "drop_sections" } else { "private" };
            let first = FIRST[i % FIRST.len()];
            (rule.to_owned(), format!("{first} sentence number {i} about the failover of the primary database."))
        })
        .collect()
}

fn main() {
    let mut md_dir = PathBuf::from("/tmp/debrief-bench/docs-10000/content");
    let mut site_dir = PathBuf::from("/tmp/perf-public");
    let mut only: Option<String> = None;
    let mut needle_count = 50;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--md" => md_dir = args.next().unwrap().into(),
            "--site" => site_dir = args.next().unwrap().into(),
            "--only" => only = args.next(),
            "--needles" => needle_count = args.next().unwrap().parse().unwrap(),
            other => panic!("unknown argument {other}"),
        }
    }
    let want = |s: &str| only.as_deref().is_none_or(|o| o == s);
    let r = redactor();

    if want("detectors") || want("detect") {
        let md = load(&md_dir, &["md"], usize::MAX);
        let mb = md.iter().map(String::len).sum::<usize>() as f64 / 1e6;
        println!("markdown: {} files, {mb:.1} MB from {}", md.len(), md_dir.display());
        if want("detectors") {
            for b in Builtin::ALL {
                report(b.name(), &md, |s| b.find(s).len());
            }
            for b in Builtin::ALL {
                report(&format!("{} (unfiltered)", b.name()), &md, |s| b.find_unfiltered(s).len());
            }
            report("skeleton", &md, |s| Skeleton::new(s).as_str().len());
            report("decode", &md, |s| scan::decode(s).len());
            let pat = regex::Regex::new(PATTERN).unwrap();
            report("pattern (plain regex)", &md, |s| pat.find_iter(s).count());
            let only_pattern = pattern_only();
            report("pattern rule", &md, |s| only_pattern.detect(s).len());
        }
        if want("detect") {
            report("Redactor::detect", &md, |s| r.detect(s).len());
            report("Redactor::is_clean", &md, |s| usize::from(r.is_clean(s).is_some()));
        }
    }

    if want("html") {
        let html = load(&site_dir, &["html"], 2000);
        let mb = html.iter().map(String::len).sum::<usize>() as f64 / 1e6;
        println!("html: {} files, {mb:.1} MB from {}", html.len(), site_dir.display());
        let decoded: Vec<String> = html.iter().map(|s| scan::decode(s).to_string()).collect();
        for b in Builtin::ALL {
            report(b.name(), &decoded, |s| b.find(s).len());
        }
        report("skeleton", &decoded, |s| Skeleton::new(s).as_str().len());
        report("decode", &html, |s| scan::decode(s).len());
        report("strip_tags", &decoded, |s| scan::strip_tags(s).len());
        let only_pattern = pattern_only();
        report("pattern rule", &decoded, |s| only_pattern.detect(s).len());
        let scanner = LeakScanner::new(&r, needles(needle_count));
        report("scan_file", &html, |s| scanner.scan_file(Path::new("x/index.html"), s.as_bytes()).unwrap().len());
    }

    // One function, five times (for profiling): a detector name, `skeleton`, `skeleton-big`
    // (all the Markdown as one text), `decode` or `detect`.
    if let Some(name) = only.as_deref().and_then(|o| o.strip_prefix("one=")) {
        let md = load(&md_dir, &["md"], usize::MAX);
        for _ in 0..5 {
            match name {
                "skeleton" => report(name, &md, |s| Skeleton::new(s).as_str().len()),
                "skeleton-big" => report(name, &[md.concat()], |s| Skeleton::new(s).as_str().len()),
                "decode" => report(name, &md, |s| scan::decode(s).len()),
                "detect" => report(name, &md, |s| r.detect(s).len()),
                _ => {
                    let b = Builtin::from_name(name).expect("a built-in detector name");
                    report(name, &md, |s| b.find(s).len());
                }
            }
        }
    }

    if want("equiv") {
        // The fast path must agree with the unfiltered one on every file.
        let mut texts = load(&md_dir, &["md"], usize::MAX);
        texts.extend(load(&site_dir, &["html", "json", "xml"], usize::MAX).iter().map(|s| scan::decode(s)));
        let mut checked = 0;
        for t in &texts {
            for b in Builtin::ALL {
                assert_eq!(b.find(t), b.find_unfiltered(t), "{} differs", b.name());
            }
            checked += t.len();
        }
        println!("equiv: fast == unfiltered on {} texts, {:.1} MB", texts.len(), checked as f64 / 1e6);
    }

    if want("scan") {
        let scanner = LeakScanner::new(&r, needles(needle_count));
        let mut best = f64::MAX;
        for run in 0..3 {
            let (t, cpu) = (Instant::now(), process_time());
            let leaks = scanner.scan_dir(&site_dir).unwrap();
            let secs = t.elapsed().as_secs_f64();
            let cpu = (process_time().saturating_sub(cpu)).as_secs_f64();
            best = best.min(secs);
            println!("scan_dir run {run}: {secs:.2} s wall, {cpu:.2} s CPU (all threads), {} leaks", leaks.len());
            for l in leaks.iter().take(5) {
                println!("    {l:?}");
            }
        }
        println!("scan_dir best: {best:.2} s on {}", site_dir.display());
    }
}
