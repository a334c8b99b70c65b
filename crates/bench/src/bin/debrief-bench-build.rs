//! `debrief-bench-build`: times `debrief build` on generated corpora and reports wall
//! time, throughput, peak RSS (per child, via `wait4`), and output size.

use std::fs::{self, File};
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser;
use debrief_bench::corpus;
use debrief_bench::measure::{self, ChildUsage};

/// Benchmark `debrief build` on generated corpora of several sizes.
///
/// For each size, generates the corpus once (WORK/docs-N), then runs
/// `DEBRIEF build --root WORK/docs-N` --runs times, removing WORK/docs-N/public before
/// each run. Peak RSS is the child's own `ru_maxrss`, read with wait4(2).
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Path to the debrief binary to benchmark.
    #[arg(long)]
    debrief: PathBuf,
    /// Corpus sizes, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    docs: Vec<usize>,
    /// Timed runs per size.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Working folder for the corpora (default: $TMPDIR/debrief-bench).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Corpus seed.
    #[arg(long, default_value_t = corpus::DEFAULT_SEED)]
    seed: u64,
    /// Also write the results as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// One size's results.
struct Row {
    docs: usize,
    markdown_bytes: u64,
    walls: Vec<Duration>,
    cpus: Vec<Duration>,
    max_rss_bytes: u64,
    out_files: u64,
    out_bytes: u64,
}

fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s[s.len() / 2]
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<()> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    if args.docs.is_empty() {
        bail!("--docs needs at least one size");
    }
    let debrief = fs::canonicalize(&args.debrief)
        .with_context(|| format!("the debrief binary {} does not exist", args.debrief.display()))?;
    let work = args.work.clone().unwrap_or_else(|| std::env::temp_dir().join("debrief-bench"));
    fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;

    let mut rows = Vec::new();
    for &n in &args.docs {
        let root = work.join(format!("docs-{n}"));
        let t0 = Instant::now();
        let stats = corpus::write_site(&root, n, args.seed, true)
            .with_context(|| format!("generating the corpus in {}", root.display()))?;
        eprintln!(
            "generated {n} postmortems ({:.1} MB) in {:.2} s: {}",
            stats.markdown_bytes as f64 / 1e6,
            t0.elapsed().as_secs_f64(),
            root.display()
        );
        let mut row = Row {
            docs: n,
            markdown_bytes: stats.markdown_bytes,
            walls: Vec::new(),
            cpus: Vec::new(),
            max_rss_bytes: 0,
            out_files: 0,
            out_bytes: 0,
        };
        for run in 1..=args.runs {
            let public = root.join("public");
            if public.exists() {
                fs::remove_dir_all(&public).with_context(|| format!("removing {}", public.display()))?;
            }
            let (wall, usage) = run_build(&debrief, &root, &work, n, run)?;
            eprintln!(
                "  {n} docs, run {run}/{}: {:.2} s wall, {:.2} CPU-s, peak RSS {:.0} MiB",
                args.runs,
                wall.as_secs_f64(),
                (usage.user + usage.system).as_secs_f64(),
                usage.max_rss_bytes as f64 / MIB
            );
            row.walls.push(wall);
            row.cpus.push(usage.user + usage.system);
            row.max_rss_bytes = row.max_rss_bytes.max(usage.max_rss_bytes);
        }
        let (files, bytes) = dir_size(&root.join("public"))?;
        if files == 0 {
            bail!("debrief build exited 0 but wrote nothing to {}", root.join("public").display());
        }
        row.out_files = files;
        row.out_bytes = bytes;
        rows.push(row);
    }

    print_table(&rows, &debrief, args.runs);
    if let Some(path) = &args.json {
        fs::write(path, json(&rows)).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

const MIB: f64 = 1024.0 * 1024.0;

/// Runs one build, its output going to a log file; fails with the log's tail if the
/// build fails.
fn run_build(debrief: &Path, root: &Path, work: &Path, n: usize, run: usize) -> anyhow::Result<(Duration, ChildUsage)> {
    let log_path = work.join(format!("build-{n}-run{run}.log"));
    let log = File::create(&log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let log2 = log.try_clone()?;
    let t0 = Instant::now();
    let child = Command::new(debrief)
        .arg("build")
        .arg("--root")
        .arg(root)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log2)
        .spawn()
        .with_context(|| format!("starting {}", debrief.display()))?;
    let usage = measure::wait_with_usage(child).context("waiting for debrief build")?;
    let wall = t0.elapsed();
    if !usage.status.success() {
        bail!(
            "`{} build --root {}` failed ({}) on run {run} with {n} docs; output (last lines, full log in {}):\n{}",
            debrief.display(),
            root.display(),
            usage.status,
            log_path.display(),
            tail(&log_path, 4000)
        );
    }
    Ok((wall, usage))
}

fn tail(path: &Path, max: u64) -> String {
    let mut s = String::new();
    if let Ok(mut f) = File::open(path) {
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = f.seek(SeekFrom::Start(len.saturating_sub(max)));
        let mut buf = Vec::new();
        let _ = f.read_to_end(&mut buf);
        s = String::from_utf8_lossy(&buf).into_owned();
    }
    s
}

/// Files and bytes under `dir`, recursively (symlinks not followed).
fn dir_size(dir: &Path) -> anyhow::Result<(u64, u64)> {
    let (mut files, mut bytes) = (0, 0);
    if !dir.exists() {
        return Ok((0, 0));
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let entry = entry?;
            let ft = entry.file_type()?;
            if ft.is_dir() {
                stack.push(entry.path());
            } else if ft.is_file() {
                files += 1;
                bytes += entry.metadata()?.len();
            }
        }
    }
    Ok((files, bytes))
}

fn print_table(rows: &[Row], debrief: &Path, runs: usize) {
    println!(
        "debrief build: {} ({runs} run(s) per size; wall median/min; peak RSS = max over runs of the child's own ru_maxrss via wait4)",
        debrief.display()
    );
    println!(
        "| docs | Markdown MB | wall median s | wall min s | CPU s (median) | docs/s | peak RSS MiB | output files | output MB |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in rows {
        let med = median(&r.walls).as_secs_f64();
        let min = r.walls.iter().min().copied().unwrap_or_default().as_secs_f64();
        println!(
            "| {} | {:.1} | {:.2} | {:.2} | {:.2} | {:.0} | {:.0} | {} | {:.1} |",
            r.docs,
            r.markdown_bytes as f64 / 1e6,
            med,
            min,
            median(&r.cpus).as_secs_f64(),
            r.docs as f64 / med.max(1e-9),
            r.max_rss_bytes as f64 / MIB,
            r.out_files,
            r.out_bytes as f64 / 1e6
        );
    }
}

fn json(rows: &[Row]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|r| {
            let walls: Vec<String> = r.walls.iter().map(|w| format!("{:.4}", w.as_secs_f64())).collect();
            let cpus: Vec<String> = r.cpus.iter().map(|w| format!("{:.4}", w.as_secs_f64())).collect();
            format!(
                "{{\"docs\":{},\"markdown_bytes\":{},\"wall_s\":[{}],\"cpu_s\":[{}],\"peak_rss_bytes\":{},\"output_files\":{},\"output_bytes\":{}}}",
                r.docs,
                r.markdown_bytes,
                walls.join(","),
                cpus.join(","),
                r.max_rss_bytes,
                r.out_files,
                r.out_bytes
            )
        })
        .collect();
    format!("[{}]\n", items.join(",\n"))
}
