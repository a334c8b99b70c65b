//! `debrief-gen-corpus`: writes a deterministic, realistic debrief site root.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser;
use debrief_bench::corpus;

/// Generate a deterministic corpus of incident postmortems as a debrief site root:
/// `DIR/debrief.toml` and `DIR/content/<year>/<slug>.md`.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Number of postmortems to generate.
    #[arg(long)]
    docs: usize,
    /// Site root to write (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// Seed; the same --docs and --seed give byte-identical files.
    #[arg(long, default_value_t = corpus::DEFAULT_SEED)]
    seed: u64,
    /// Replace an existing, non-empty DIR/content (and remove DIR/public).
    #[arg(long)]
    force: bool,
    /// Which site to write: a debrief site root, or the same documents as a Hugo site
    /// with a minimal theme (list, single page, three taxonomies, RSS, sitemap).
    #[arg(long, value_enum, default_value_t = Flavour::Debrief)]
    flavour: Flavour,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Flavour {
    /// `debrief.toml` and `content/<year>/<slug>.md`.
    Debrief,
    /// `hugo.toml`, `layouts/` and `content/incidents/<year>/<slug>.md`.
    Hugo,
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
    let t0 = Instant::now();
    let write = match args.flavour {
        Flavour::Debrief => corpus::write_site,
        Flavour::Hugo => debrief_bench::hugo::write_site,
    };
    let stats = write(&args.out, args.docs, args.seed, args.force)
        .with_context(|| format!("writing the corpus to {}", args.out.display()))?;
    eprintln!(
        "wrote {} postmortems, {:.1} MB of Markdown, to {} in {:.2} s (seed {})",
        stats.docs,
        stats.markdown_bytes as f64 / 1e6,
        args.out.display(),
        t0.elapsed().as_secs_f64(),
        args.seed
    );
    Ok(())
}
