//! Which file-system changes call for a rebuild: anything under the content folder or
//! the theme folder, `debrief.toml`, the redaction rules. Pure; the watcher itself (notify
//! with a debouncer) is set up in [`crate::run`].

use std::path::{Path, PathBuf};

/// What `serve` watches for one configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WatchSet {
    /// Folders whose whole tree matters (content, theme).
    pub trees: Vec<PathBuf>,
    /// Single files (`debrief.toml`, the redaction rules).
    pub files: Vec<PathBuf>,
}

impl WatchSet {
    /// The inputs of the site at `root`. When the configuration does not load, only
    /// `debrief.toml` and the default content folder and rules file.
    pub fn of(root: &Path) -> Self {
        let config = root.join(debrief_site::config::CONFIG_FILE);
        match debrief_site::config::load(root) {
            Ok(cfg) => {
                let mut trees = vec![cfg.content_dir()];
                if let Some(theme) = &cfg.config.theme {
                    trees.push(root.join(theme));
                }
                Self { trees, files: vec![config, cfg.redaction_file().0] }
            }
            Err(_) => Self { trees: vec![root.join("content")], files: vec![config, root.join("redaction.toml")] },
        }
    }

    /// The folders to hand the watcher: (path, recursive). A single file is watched
    /// through its folder (editors replace files by renaming, which ends a watch on the
    /// file itself).
    pub fn watches(&self) -> Vec<(PathBuf, bool)> {
        let mut out: Vec<(PathBuf, bool)> = self.trees.iter().map(|t| (normal(t), true)).collect();
        for f in &self.files {
            if let Some(parent) = normal(f).parent() {
                let parent = parent.to_path_buf();
                if !out.iter().any(|(p, _)| *p == parent) {
                    out.push((parent, false));
                }
            }
        }
        out
    }

    /// Whether a change at `path` can change the site.
    pub fn concerns(&self, path: &Path) -> bool {
        let path = normal(path);
        self.trees.iter().any(|t| path.starts_with(normal(t))) || self.files.iter().any(|f| normal(f) == path)
    }
}

/// An absolute path with `.` and `..` resolved lexically (events carry absolute paths;
/// the configuration may hold relative ones).
fn normal(path: &Path) -> PathBuf {
    debrief_site::lexical_absolute(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_theme_config_and_rules_concern_the_site_and_nothing_else() {
        let set = WatchSet {
            trees: vec![PathBuf::from("/s/content"), PathBuf::from("/s/theme")],
            files: vec![PathBuf::from("/s/debrief.toml"), PathBuf::from("/s/./redaction.toml")],
        };
        assert!(set.concerns(Path::new("/s/content/2025/x.md")));
        assert!(set.concerns(Path::new("/s/theme/templates/base.html")));
        assert!(set.concerns(Path::new("/s/debrief.toml")));
        assert!(set.concerns(Path::new("/s/redaction.toml")));
        assert!(!set.concerns(Path::new("/s/public/index.html")));
        assert!(!set.concerns(Path::new("/s/contented.md")));
        assert!(!set.concerns(Path::new("/s/README.md")));
        assert_eq!(
            set.watches(),
            vec![(PathBuf::from("/s/content"), true), (PathBuf::from("/s/theme"), true), (PathBuf::from("/s"), false)]
        );
    }
}
