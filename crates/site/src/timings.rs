//! Build timings (`debrief build --timings`): for each phase of a build, its wall time
//! and the time threads spent in it, plus the bytes and files written.
//!
//! Phases overlap (pages are rendered, scanned and written by every thread at once), so a
//! phase's wall time runs from the first moment any thread entered it to the last moment
//! one left it, and its CPU time is the calling threads' CPU time in it, summed (the
//! thread CPU clock on Unix, so a busy machine does not inflate it; elsewhere the time
//! spent in it). Recording costs a few clock reads and atomic operations per call, so it
//! is always on; `--timings` only prints it.

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

    /// Runs `f`, which may use every thread (rayon), counting its time to `phase`: the
    /// process's CPU time. Only for steps nothing else runs beside.
    pub fn time_all<T>(&self, phase: Phase, f: impl FnOnce() -> T) -> T {
        self.measure(phase, process_cpu_time, f)
    }

    /// Runs `f` on this thread, counting its time to `phase`: this thread's CPU time.
    pub fn time<T>(&self, phase: Phase, f: impl FnOnce() -> T) -> T {
        self.measure(phase, thread_cpu_time, f)
    }

    /// Runs `f`, counting its wall time and the CPU time `cpu` reads to `phase`.
    fn measure<T>(&self, phase: Phase, cpu: fn() -> Option<Duration>, f: impl FnOnce() -> T) -> T {
        let c0 = cpu();
        let t0 = Instant::now();
        let out = f();
        self.record(phase, t0, c0, cpu());
        out
    }

    fn record(&self, phase: Phase, t0: Instant, c0: Option<Duration>, c1: Option<Duration>) {
        let t1 = Instant::now();
        let clock = &self.clocks[phase as usize];
        let (a, b) = (self.nanos(t0), self.nanos(t1));
        clock.first.fetch_min(a, Ordering::Relaxed);
        clock.last.fetch_max(b, Ordering::Relaxed);
        let busy = match (c0, c1) {
            (Some(c0), Some(c1)) => u64::try_from(c1.saturating_sub(c0).as_nanos()).unwrap_or(u64::MAX),
            _ => b - a,
        };
        clock.busy.fetch_add(busy, Ordering::Relaxed);
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
    /// CPU time of the threads in the phase, summed.
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
             (phases overlap: wall runs from a phase's first to its last moment; cpu is the CPU time of the threads in it; the total's cpu is the process's)\n",
            self.files,
            self.bytes as f64 / 1e6,
            self.bytes
        ));
        out
    }
}

/// CPU time of the calling thread (user and system), on Unix.
#[cfg(unix)]
#[allow(unsafe_code)]
fn thread_cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
    let r = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (r == 0).then(|| Duration::new(u64::try_from(ts.tv_sec).unwrap_or(0), u32::try_from(ts.tv_nsec).unwrap_or(0)))
}

#[cfg(not(unix))]
fn thread_cpu_time() -> Option<Duration> {
    None
}

/// User plus system time of this process so far (every thread), on Unix.
#[cfg(unix)]
#[allow(unsafe_code)]
fn process_cpu_time() -> Option<Duration> {
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `ru` is a valid, writable rusage; the call only writes it.
    let r = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| {
        Duration::new(u64::try_from(t.tv_sec).unwrap_or(0), 0)
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    (r == 0).then(|| tv(ru.ru_utime) + tv(ru.ru_stime))
}

#[cfg(not(unix))]
fn process_cpu_time() -> Option<Duration> {
    None
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
