//! Atomic, scanned output: every file the site builder produces passes through
//! [`Output::write`], which runs the leak scanner over its bytes first; `build` then writes
//! it into a staging folder beside the output folder, and only a build that fully succeeded
//! (no leak anywhere) swaps it in. `check` runs the same [`Output`] without a folder: the
//! same files are rendered and scanned, nothing is written. `serve` keeps the scanned files
//! in memory ([`Output::kept_in_memory`]); a file whose bytes equal the ones the same
//! scanner passed in the previous build is not scanned again. A failed build leaves the
//! previous output exactly as it was, and removes its staging folder.

use crate::timings::{Phase, Timings};
use debrief_redact::{Leak, LeakScanner};
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A site in memory: site-relative path → bytes, every file scanned.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// Where the site's files go: scanned, then written to a staging folder (`build`) or
/// dropped (`check`).
#[derive(Debug)]
pub struct Output<'s> {
    scanner: &'s LeakScanner,
    staging: Option<Staging>,
    written: Mutex<std::collections::BTreeSet<String>>,
    leaks: Mutex<Vec<Leak>>,
    timings: Option<&'s Timings>,
    /// Files kept in memory (`serve`).
    kept: Option<Mutex<Files>>,
    /// The files this same scanner passed before: equal bytes are not scanned again.
    passed: Option<&'s Files>,
    /// How many files were scanned (the rest were known clean).
    scanned: std::sync::atomic::AtomicUsize,
    /// What `serve`'s renderer may reuse from the previous build.
    cache: Option<&'s crate::memo::RenderCache>,
}

impl<'s> Output<'s> {
    /// An output that scans and keeps nothing (`check`).
    pub fn in_memory(scanner: &'s LeakScanner) -> Self {
        Self {
            scanner,
            staging: None,
            written: Mutex::default(),
            leaks: Mutex::default(),
            timings: None,
            kept: None,
            passed: None,
            scanned: Default::default(),
            cache: None,
        }
    }

    /// An output that scans and keeps every clean file in memory (`serve`). `passed` are
    /// files an identical scanner passed before (the previous build of the same rules and
    /// removed sentences): a file with the same path and bytes is kept without a second scan.
    pub fn kept_in_memory(scanner: &'s LeakScanner, passed: Option<&'s Files>) -> Self {
        Self { kept: Some(Mutex::default()), passed, ..Self::in_memory(scanner) }
    }

    /// The files kept in memory (empty unless [`Output::kept_in_memory`]); `None` when any
    /// file leaked.
    pub fn into_files(self) -> Option<Files> {
        if !self.leaks().is_empty() {
            return None;
        }
        self.kept.map(|k| k.into_inner().unwrap_or_default())
    }

    /// How many files were leak-scanned (the others were known clean).
    pub fn scanned(&self) -> usize {
        self.scanned.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether the previous build's identical scanner passed exactly these bytes at `rel`.
    fn passed_before(&self, rel: &str, bytes: &[u8]) -> bool {
        self.passed.and_then(|p| p.get(rel)).is_some_and(|old| **old == *bytes)
    }

    /// An output that scans and writes into a staging folder for `target` (`build`).
    pub fn staged(scanner: &'s LeakScanner, target: &Path) -> io::Result<Self> {
        Ok(Self { scanner, staging: Some(Staging::new(target)?), ..Self::in_memory(scanner) })
    }

    /// Counts the time of scans and writes, and the bytes and files written, in `timings`.
    pub fn with_timings(mut self, timings: &'s Timings) -> Self {
        self.timings = Some(timings);
        self
    }

    /// Lets the renderer reuse pages of the previous build (`serve`).
    pub fn with_cache(mut self, cache: &'s crate::memo::RenderCache) -> Self {
        self.cache = Some(cache);
        self
    }

    /// What the renderer may reuse, if anything.
    pub fn cache(&self) -> Option<&'s crate::memo::RenderCache> {
        self.cache
    }

    /// Where scans and writes are counted, if anywhere.
    pub fn timings(&self) -> Option<&'s Timings> {
        self.timings
    }

    fn time<T>(&self, phase: Phase, f: impl FnOnce() -> T) -> T {
        match self.timings {
            Some(t) => t.time(phase, f),
            None => f(),
        }
    }

    /// Scans `bytes` and writes them at the site-relative path `rel`. Refuses paths that
    /// would leave the folder and paths already written.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.claim(rel)?;
        if self.passed_before(rel, bytes) {
            return self.keep(rel, bytes, Vec::new());
        }
        self.scanned.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let leaks = self.time(Phase::LeakScan, || self.scanner.scan_file(Path::new(rel), bytes))?;
        self.keep(rel, bytes, leaks)
    }

    /// [`Output::write`] of bytes held in an `Arc` (a page `serve` reuses): kept as they
    /// are, and not scanned again when they are the very bytes the same scanner passed.
    pub fn write_shared(&self, rel: &str, bytes: Arc<[u8]>) -> io::Result<()> {
        let same = self.passed.and_then(|p| p.get(rel)).is_some_and(|old| Arc::ptr_eq(old, &bytes));
        if !same || self.kept.is_none() {
            return self.write(rel, &bytes);
        }
        self.claim(rel)?;
        if let Some(kept) = &self.kept {
            kept.lock().map_err(|_| io::Error::other("lock poisoned"))?.insert(rel.to_string(), bytes);
        }
        Ok(())
    }

    /// Writes a binary file debrief produced itself from redacted data: its bytes are
    /// scanned for terms, and `strings` (everything it holds, decoded) with every rule.
    pub fn write_own_binary(&self, rel: &str, bytes: &[u8], strings: &str) -> io::Result<()> {
        self.claim(rel)?;
        // Known clean only when the strings were scanned too: the first search file carries
        // the strings of the whole index, so it is always scanned.
        if strings.is_empty() && self.passed_before(rel, bytes) {
            return self.keep(rel, bytes, Vec::new());
        }
        self.scanned.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let leaks = self.time(Phase::LeakScan, || self.scanner.scan_own_binary(Path::new(rel), bytes, strings));
        self.keep(rel, bytes, leaks)
    }

    /// Scans `strings` (text that went into the binary file `rel`) with every rule, as
    /// [`Output::write_own_binary`] does; a hit is a leak of `rel`. Returns whether it was
    /// clean.
    pub fn scan_strings(&self, rel: &str, strings: &str) -> bool {
        self.scanned.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let leaks = self.time(Phase::LeakScan, || self.scanner.scan_own_binary(Path::new(rel), b"", strings));
        if leaks.is_empty() {
            return true;
        }
        if let Ok(mut all) = self.leaks.lock() {
            all.extend(leaks);
        }
        false
    }

    fn claim(&self, rel: &str) -> io::Result<()> {
        resolve(Path::new("."), rel)?;
        let mut written = self.written.lock().map_err(|_| io::Error::other("lock poisoned"))?;
        if !written.insert(rel.to_string()) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("two outputs claim `{rel}`")));
        }
        Ok(())
    }

    fn keep(&self, rel: &str, bytes: &[u8], leaks: Vec<Leak>) -> io::Result<()> {
        if !leaks.is_empty() {
            // A leaking file is never written, not even to the staging folder.
            self.leaks.lock().map_err(|_| io::Error::other("lock poisoned"))?.extend(leaks);
            return Ok(());
        }
        if let Some(kept) = &self.kept {
            let shared = match self.passed.and_then(|p| p.get(rel)) {
                Some(old) if **old == *bytes => old.clone(),
                _ => Arc::from(bytes),
            };
            kept.lock().map_err(|_| io::Error::other("lock poisoned"))?.insert(rel.to_string(), shared);
        }
        match &self.staging {
            Some(staging) => {
                self.time(Phase::Write, || staging.write(rel, bytes))?;
                if let Some(t) = self.timings {
                    t.wrote(bytes.len());
                }
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// The site-relative paths produced so far, sorted.
    pub fn written(&self) -> Vec<String> {
        self.written.lock().map(|w| w.iter().cloned().collect()).unwrap_or_default()
    }

    /// The bytes of a file already written to the staging folder (`None` for an in-memory
    /// output, or a file that was not written because it leaked).
    pub fn read_back(&self, rel: &str) -> Option<io::Result<Vec<u8>>> {
        if let Some(kept) = &self.kept {
            return kept.lock().ok()?.get(rel).map(|b| Ok(b.to_vec()));
        }
        let staging = self.staging.as_ref()?;
        let path = resolve(staging.dir(), rel).ok()?;
        path.is_file().then(|| std::fs::read(path))
    }

    /// How many files were produced.
    pub fn files(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or_default()
    }

    /// Every leak found so far, sorted by file, line and rule.
    pub fn leaks(&self) -> Vec<Leak> {
        let mut leaks = self.leaks.lock().map(|l| l.clone()).unwrap_or_default();
        leaks.sort();
        leaks
    }

    /// Swaps the staging folder in (nothing to do for an in-memory output). Refuses when
    /// any file leaked: nothing is published.
    pub fn commit(self) -> io::Result<()> {
        if !self.leaks().is_empty() {
            return Err(io::Error::other("the output holds leaks; nothing was published"));
        }
        match self.staging {
            Some(staging) => match self.timings {
                Some(t) => t.time(Phase::Write, || staging.commit()),
                None => staging.commit(),
            },
            None => Ok(()),
        }
    }
}

/// `base/rel`, refusing a `rel` that is empty or would leave `base`.
fn resolve(base: &Path, rel: &str) -> io::Result<PathBuf> {
    let path = Path::new(rel);
    let safe = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("output path `{rel}` leaves the output folder"),
        ));
    }
    Ok(base.join(path))
}

/// A staging folder that becomes the output folder on [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    written: Mutex<std::collections::BTreeSet<String>>,
    /// Folders already created (one `mkdir` per folder, not per file).
    dirs: Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> io::Result<Self> {
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name"))?
            .to_string_lossy()
            .into_owned();
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Self {
            dir,
            target: target.to_path_buf(),
            written: Mutex::new(Default::default()),
            dirs: Mutex::new(Default::default()),
            committed: false,
        })
    }

    /// The staging folder (for scans before commit).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at the site-relative path `rel` (`incidents/x/index.html`).
    ///
    /// Refuses paths that would leave the folder, and paths already written (two pages
    /// claiming one URL is a bug or a content conflict, never a silent overwrite).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.resolve(rel)?;
        {
            let mut written = self.written.lock().map_err(|_| io::Error::other("lock poisoned"))?;
            if !written.insert(rel.to_string()) {
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("two outputs claim `{rel}`")));
            }
        }
        if let Some(parent) = path.parent() {
            let known = self.dirs.lock().map_err(|_| io::Error::other("lock poisoned"))?.contains(parent);
            if !known {
                std::fs::create_dir_all(parent)?;
                self.dirs.lock().map_err(|_| io::Error::other("lock poisoned"))?.insert(parent.to_path_buf());
            }
        }
        std::fs::write(path, bytes)
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(rel, &bytes)
    }

    /// Every path written so far, sorted.
    pub fn written(&self) -> Vec<String> {
        self.written.lock().map(|w| w.iter().cloned().collect()).unwrap_or_default()
    }

    fn resolve(&self, rel: &str) -> io::Result<PathBuf> {
        resolve(&self.dir, rel)
    }

    /// Replaces the output folder with the staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.previous-{}",
            self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        let had_previous = match std::fs::symlink_metadata(&self.target) {
            Ok(meta) if meta.is_dir() => {
                std::fs::rename(&self.target, &old)?;
                true
            }
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} exists and is not a folder", self.target.display()),
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_previous {
                // Put the previous output back.
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_previous {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

/// Whether `path` lies inside the output folder `target`, or inside a staging or previous
/// folder a build of `target` creates beside it (`.<name>.staging-*`, `.<name>.previous-*`):
/// anything written there is published (or swapped in) with the site. Compares absolute
/// paths with `.` and `..` resolved, and the real paths through symbolic links where the
/// folders exist.
pub fn is_published_path(path: &Path, target: &Path) -> bool {
    let lexical = crate::lexical_absolute;
    // The real path of the deepest existing ancestor, with the rest appended.
    let real = |p: &Path| {
        let p = lexical(p);
        let mut base = p.clone();
        let mut rest = Vec::new();
        loop {
            if let Ok(r) = std::fs::canonicalize(&base) {
                let mut out = r;
                for c in rest.iter().rev() {
                    out.push(c);
                }
                return out;
            }
            match (base.file_name().map(|n| n.to_os_string()), base.parent().map(Path::to_path_buf)) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    base = parent;
                }
                _ => return p,
            }
        }
    };
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let inside = |p: &Path, t: &Path| {
        if p.starts_with(t) {
            return true;
        }
        let Some(parent) = t.parent() else { return false };
        p.strip_prefix(parent).ok().and_then(|rest| rest.components().next()).is_some_and(|first| {
            let first = first.as_os_str().to_string_lossy();
            first.starts_with(&format!(".{name}.staging-")) || first.starts_with(&format!(".{name}.previous-"))
        })
    };
    inside(&lexical(path), &lexical(target)) || inside(&real(path), &real(target))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_build_leaves_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write("index.html", b"new").unwrap();
            // dropped without commit
        }
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "staging folder removed");
    }

    #[test]
    fn commit_swaps_and_cleans() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write("a/b/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/b/index.html")).unwrap(), "new");
        assert!(!out.join("stale.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    fn scanner() -> LeakScanner {
        let cfg = debrief_redact::RedactionConfig::from_toml_str(
            "[[rule]]\nname = \"customers\"\nterms = [\"Globex\"]\nreplace = \"Customer {n}\"\n",
            "redaction.toml",
        )
        .unwrap();
        LeakScanner::new(&debrief_redact::Redactor::new(&cfg).unwrap(), vec![])
    }

    #[test]
    fn a_leak_is_never_written_and_stops_the_commit() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let scanner = scanner();
        let output = Output::staged(&scanner, &out).unwrap();
        output.write("index.html", b"<p>Customer 1</p>").unwrap();
        output.write("a/leak.html", b"<p>Glob&#101;x</p>").unwrap();
        let staging = output.staging.as_ref().unwrap().dir().to_path_buf();
        assert!(staging.join("index.html").is_file() && !staging.join("a/leak.html").exists());
        assert_eq!(output.leaks(), vec![Leak { file: "a/leak.html".into(), rule: "customers".into(), line: 1 }]);
        assert_eq!(output.files(), 2);
        assert!(output.commit().is_err());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "staging folder removed");
    }

    #[test]
    fn in_memory_output_scans_and_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let scanner = scanner();
        let output = Output::in_memory(&scanner);
        output.write("x/index.html", b"GLOBEX").unwrap();
        assert!(output.write("x/index.html", b"again").is_err());
        assert!(output.write("../escape", b"").is_err());
        assert_eq!(output.leaks().len(), 1);
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn published_paths_include_the_output_and_its_staging_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        assert!(is_published_path(&out.join("report.json"), &out));
        assert!(is_published_path(&out.join("a/../b/report.json"), &out));
        assert!(is_published_path(&tmp.path().join(".site.staging-42/report.json"), &out));
        assert!(is_published_path(&tmp.path().join(".site.previous-42/r.json"), &out));
        assert!(!is_published_path(&tmp.path().join("report.json"), &out));
        assert!(!is_published_path(&tmp.path().join("site-report.json"), &out));
        assert!(!is_published_path(&tmp.path().join(".other.staging-1/r.json"), &out));
        assert!(is_published_path(&out.join("x/../../site/report.json"), &out));
    }

    #[cfg(unix)]
    #[test]
    fn published_paths_through_symbolic_links() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&out, tmp.path().join("alias")).unwrap();
        assert!(is_published_path(&tmp.path().join("alias/report.json"), &out));
    }

    #[test]
    fn refuses_escaping_and_duplicate_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::new(&tmp.path().join("public")).unwrap();
        let kind = |r: io::Result<()>| r.expect_err("refused").kind();
        assert_eq!(kind(staging.write("../x", b"")), io::ErrorKind::InvalidInput);
        assert_eq!(kind(staging.write("/etc/x", b"")), io::ErrorKind::InvalidInput);
        assert!(!tmp.path().join("x").exists());
        staging.write("a.html", b"1").unwrap();
        assert_eq!(kind(staging.write("a.html", b"2")), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(staging.dir().join("a.html")).unwrap(), b"1", "the first write is kept");
    }
}
