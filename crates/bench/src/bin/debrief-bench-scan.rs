//! `debrief-bench-scan`: times the leak scanner alone over a built site held in memory
//! (every file, as `debrief build` scans it before writing), with the built-in detectors
//! and the rules of an optional `redaction.toml`. Prints bytes, files, single-thread
//! throughput and the time per file kind, so a change to the scanner can be measured
//! without the rest of the build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Parser;
use debrief_redact::{LeakScanner, RedactionConfig, Redactor};

/// Time the leak scanner over the files of a built site.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// A built site (an output folder).
    site: PathBuf,
    /// Rules to scan with besides the built-in detectors.
    #[arg(long)]
    redaction: Option<PathBuf>,
    /// Passes over the whole site (the median is printed).
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> anyhow::Result<()> {
    let config = match &args.redaction {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            RedactionConfig::from_toml_str(&text, &path.display().to_string())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => RedactionConfig::default(),
    };
    let redactor = Redactor::new(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let scanner = LeakScanner::new(&redactor, Vec::new());
    let mut files = Vec::new();
    collect(&args.site, Path::new(""), &mut files)?;
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    println!("site: {} ({} files, {:.1} MB)", args.site.display(), files.len(), bytes as f64 / 1e6);
    let mut totals = Vec::new();
    let mut kinds: BTreeMap<String, (usize, usize, Duration)> = BTreeMap::new();
    for run in 0..args.runs.max(1) {
        let start = Instant::now();
        let mut leaks = 0;
        for (rel, data) in &files {
            let t = Instant::now();
            leaks += scanner.scan_file(rel, data)?.len();
            if run == 0 {
                let kind = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
                let kind = match kind {
                    Some(k) if rel.components().count() > 1 => k,
                    _ => "(root)".to_string(),
                };
                let e = kinds.entry(kind).or_default();
                e.0 += 1;
                e.1 += data.len();
                e.2 += t.elapsed();
            }
        }
        let took = start.elapsed();
        println!(
            "pass {}: {:.3} s, {:.1} MB/s on one thread, {leaks} leaks",
            run + 1,
            took.as_secs_f64(),
            bytes as f64 / 1e6 / took.as_secs_f64()
        );
        totals.push(took);
    }
    totals.sort();
    let median = totals[totals.len() / 2];
    println!("median: {:.3} s ({:.1} MB/s)", median.as_secs_f64(), bytes as f64 / 1e6 / median.as_secs_f64());
    println!("{:<12} {:>7} {:>9} {:>8} {:>7}", "folder", "files", "MB", "s", "MB/s");
    for (kind, (n, b, t)) in kinds {
        println!(
            "{kind:<12} {n:>7} {:>9.1} {:>8.3} {:>7.1}",
            b as f64 / 1e6,
            t.as_secs_f64(),
            b as f64 / 1e6 / t.as_secs_f64()
        );
    }
    Ok(())
}

/// Every regular file under `dir/rel`, sorted, with its bytes.
fn collect(root: &Path, rel: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(rel))?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let path = rel.join(e.file_name());
        let ty = e.file_type()?;
        if ty.is_dir() {
            collect(root, &path, out)?;
        } else if ty.is_file() {
            let bytes = std::fs::read(root.join(&path))?;
            out.push((path, bytes));
        }
    }
    Ok(())
}
