//! Build timings (`debrief build --timings`): for each phase of a build, its wall time
//! and the time threads spent in it, plus the bytes and files written.
//!
//! Phases overlap (pages are rendered, scanned and written by every thread at once), so a
//! phase's wall time runs from the first moment any thread entered it to the last moment
//! one left it, and its busy time is the sum over threads (close to its CPU time: the
//! build does not wait on anything but the disk). Recording costs two clock reads and
//! three atomic operations per call, so it is always on; `--timings` only prints it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A phase of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the content folder (discovery and file reads).
    Read,
    /// Parsing front matter, Markdown, timelines and action items.
    Parse,
    /// Redacting every published postmortem.
    Redact,
    /// Rendering pages, feeds and the API (templates and Markdown to HTML).
    RenderPages,
    /// Building the search index.
    SearchIndex,
    /// Building the interactive timeline's data.
    TimelineData,
    /// Writing files to the staging folder and swapping it in.
    Write,
    /// Leak-scanning every file before it is written.
    LeakScan,
}

impl Phase {
    /// Every phase, in table order.
    pub const ALL: [Phase; 8] = [
        Phase::Read,
        Phase::Parse,
        Phase::Redact,
        Phase::RenderPages,
        Phase::SearchIndex,
        Phase::TimelineData,
        Phase::Write,
        Phase::LeakScan,
    ];

    /// The name shown in the table.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Read => "read",
            Phase::Parse => "parse",
            Phase::Redact => "redact",
            Phase::RenderPages => "render pages",
            Phase::SearchIndex => "search index",
            Phase::TimelineData => "timeline data",
            Phase::Write => "write",
            Phase::LeakScan => "leak scan",
        }
    }
}

#[derive(Debug)]
struct Clock {
    /// Nanoseconds since the build started: first entry, last exit, sum over threads.
    first: AtomicU64,
    last: AtomicU64,
    busy: AtomicU64,
}

impl Default for Clock {
    fn default() -> Self {
        Self { first: AtomicU64::new(u64::MAX), last: AtomicU64::new(0), busy: AtomicU64::new(0) }
    }
}

/// Timings of one build, shared by every thread.
#[derive(Debug)]
pub struct Timings {
    start: Instant,
    cpu_at_start: Option<Duration>,
    clocks: [Clock; 8],
    bytes: AtomicU64,
    files: AtomicU64,
}

impl Default for Timings {
    fn default() -> Self {
        Self::new()
    }
}

impl Timings {
    /// Starts the clock.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            cpu_at_start: process_cpu_time(),
            clocks: Default::default(),
            bytes: AtomicU64::new(0),
            files: AtomicU64::new(0),
        }
    }

    fn nanos(&self, at: Instant) -> u64 {
        u64::try_from(at.duration_since(self.start).as_nanos()).unwrap_or(u64::MAX)
    }

    /// Runs `f`, counting its time to `phase`.
    pub fn time<T>(&self, phase: Phase, f: impl FnOnce() -> T) -> T {
        let t0 = Instant::now();
        let out = f();
        let t1 = Instant::now();
        let clock = &self.clocks[phase as usize];
        let (a, b) = (self.nanos(t0), self.nanos(t1));
        clock.first.fetch_min(a, Ordering::Relaxed);
        clock.last.fetch_max(b, Ordering::Relaxed);
        clock.busy.fetch_add(b - a, Ordering::Relaxed);
        out
    }

    /// Counts one file of `bytes` bytes written.
    pub fn wrote(&self, bytes: usize) {
        self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    /// The figures so far.
    pub fn report(&self) -> TimingsReport {
        let phases = Phase::ALL
            .iter()
            .map(|&phase| {
                let c = &self.clocks[phase as usize];
                let (first, last) = (c.first.load(Ordering::Relaxed), c.last.load(Ordering::Relaxed));
                PhaseTime {
                    phase,
                    wall: Duration::from_nanos(last.saturating_sub(first)),
                    busy: Duration::from_nanos(c.busy.load(Ordering::Relaxed)),
                }
            })
            .collect();
        let cpu = match (self.cpu_at_start, process_cpu_time()) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        };
        TimingsReport {
            phases,
            wall: self.start.elapsed(),
            cpu,
            bytes: self.bytes.load(Ordering::Relaxed),
            files: self.files.load(Ordering::Relaxed),
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct PhaseTime {
    /// The phase.
    pub phase: Phase,
    /// From the first entry into the phase to the last exit (phases may overlap).
    pub wall: Duration,
    /// Time spent in the phase, summed over threads.
    pub busy: Duration,
}

/// The timings of a finished build.
#[derive(Debug, Clone)]
pub struct TimingsReport {
    /// Every phase, in [`Phase::ALL`] order.
    pub phases: Vec<PhaseTime>,
    /// Wall time of the whole build.
    pub wall: Duration,
    /// CPU time (user and system) of the process during the build, where the platform
    /// says (Linux).
    pub cpu: Option<Duration>,
    /// Bytes written to the output folder.
    pub bytes: u64,
    /// Files written to the output folder.
    pub files: u64,
}

impl TimingsReport {
    /// The table `--timings` prints.
    pub fn table(&self) -> String {
        let secs = |d: Duration| format!("{:.3} s", d.as_secs_f64());
        let mut out = format!("{:<14} {:>10} {:>10}\n", "phase", "wall", "cpu");
        for p in &self.phases {
            out.push_str(&format!("{:<14} {:>10} {:>10}\n", p.phase.name(), secs(p.wall), secs(p.busy)));
        }
        let cpu = self.cpu.map_or_else(|| "-".to_string(), secs);
        out.push_str(&format!("{:<14} {:>10} {:>10}\n", "total", secs(self.wall), cpu));
        out.push_str(&format!(
            "written: {} files, {:.1} MB ({} bytes)\n\
             (phases overlap: wall runs from a phase's first to its last moment; cpu is the time threads spent in it; the total's cpu is the process's)\n",
            self.files,
            self.bytes as f64 / 1e6,
            self.bytes
        ));
        out
    }
}

/// User plus system time of this process so far, from `/proc/self/stat` (Linux); `None`
/// elsewhere.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The clock tick is 100 Hz on every Linux architecture debrief is released for.
    Some(Duration::from_millis(ticks * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_every_phase() {
        let t = Timings::new();
        t.time(Phase::Parse, || std::hint::black_box(1 + 1));
        t.wrote(10);
        let report = t.report();
        let table = report.table();
        for phase in Phase::ALL {
            assert!(table.contains(phase.name()), "{table}");
        }
        assert_eq!((report.files, report.bytes), (1, 10));
        assert_eq!(report.phases[Phase::Read as usize].busy, Duration::ZERO);
    }
}
