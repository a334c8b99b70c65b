//! `debrief`: the command line. Parses arguments, runs the site builder, prints diagnostics
//! and maps outcomes to exit codes (0 success, 1 content or redaction errors, 2 usage or
//! I/O errors).

use clap::{Parser, Subcommand, ValueEnum};
use debrief_content::Diagnostic;
use debrief_site::{BuildOptions, Failure};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Publish incident postmortems as a static, redacted incident-history site.
#[derive(Parser, Debug)]
#[command(name = "debrief", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// Folder holding debrief.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `output` from debrief.toml, relative to the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL to publish under, instead of the configured one.
        #[arg(long)]
        base_url: Option<String>,
        /// Publish drafts too (for previews, never for the public site).
        #[arg(long)]
        drafts: bool,
    },
    /// Validate configuration and content without writing anything.
    Check {
        /// Folder holding debrief.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    /// For people.
    Human,
    /// One JSON document.
    Json,
    /// GitHub Actions annotations.
    Github,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Build { root, out, base_url, drafts } => build(BuildOptions { root, out, base_url, drafts }),
        Command::Check { root, format } => check(&root, format),
    }
}

fn build(opts: BuildOptions) -> ExitCode {
    let tty = std::io::stderr().is_terminal();
    let progress = |msg: &str| {
        if tty {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{msg}…");
            let _ = err.flush();
        }
    };
    let result = debrief_site::build(&opts, &progress);
    if tty {
        eprint!("\r\x1b[2K");
    }
    match result {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, &opts.root, Format::Human);
            eprintln!(
                "Built {} incidents: {} pages, {} files in {} ({:.2}s)",
                report.incidents,
                report.pages,
                report.files,
                report.out_dir.display(),
                report.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            report_failure(&failure, &opts.root, Format::Human, "build failed; the previous output was left as it was")
        }
    }
}

fn check(root: &Path, format: Format) -> ExitCode {
    match debrief_site::check(root) {
        Ok(diagnostics) => {
            print_diagnostics(&diagnostics, root, format);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            if format == Format::Human {
                eprintln!("{errors} error(s), {warnings} warning(s)");
            }
            if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(failure) => report_failure(&failure, root, format, "check failed"),
    }
}

fn report_failure(failure: &Failure, root: &Path, format: Format, what: &str) -> ExitCode {
    match failure {
        Failure::Content(diagnostics) => {
            print_diagnostics(diagnostics, root, format);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: {what}: {errors} error(s)");
        }
        other => eprintln!("error: {what}: {other}"),
    }
    ExitCode::from(u8::try_from(failure.exit_code()).unwrap_or(2))
}

fn print_diagnostics(diagnostics: &[Diagnostic], root: &Path, format: Format) {
    match format {
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for d in diagnostics {
                let source = std::fs::read(root.join(&d.file)).ok().map(|b| String::from_utf8_lossy(&b).into_owned());
                let _ = writeln!(err, "{}\n", d.render(source.as_deref()));
            }
        }
        Format::Json => {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let doc = serde_json::json!({ "errors": errors, "warnings": diagnostics.len() - errors, "diagnostics": diagnostics });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Github => {
            for d in diagnostics {
                println!("{}", d.to_github());
            }
        }
    }
}
