//! Atomic output: every file is written into a staging folder beside the output folder, and
//! only a build that fully succeeded swaps it in. A failed build leaves the previous output
//! exactly as it was, and removes its staging folder.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A staging folder that becomes the output folder on [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    written: Mutex<std::collections::BTreeSet<String>>,
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
        Ok(Self { dir, target: target.to_path_buf(), written: Mutex::new(Default::default()), committed: false })
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
            std::fs::create_dir_all(parent)?;
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
        let path = Path::new(rel);
        let safe = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("output path `{rel}` leaves the output folder"),
            ));
        }
        Ok(self.dir.join(path))
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
