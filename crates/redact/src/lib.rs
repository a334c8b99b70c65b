//! Redaction for debrief: the rules from `redaction.toml`, the built-in detectors,
//! the text redactor and the leak scanner that checks a finished site.
//!
//! Flow: [`RedactionConfig::from_toml_str`] → [`Redactor::new`] → [`Redactor::redact`]
//! on every piece of text that can reach the output; after the site is written,
//! [`LeakScanner::scan_dir`] re-reads every output file and fails the build on any hit.

pub mod config;
pub mod detectors;
pub mod document;
pub mod media;
pub mod redactor;
pub mod scan;
pub mod secrets;
pub mod terms;

pub use config::{ConfigError, RedactionConfig, Rule, RuleKind};
pub use detectors::Builtin;
pub use document::{DocumentRedactor, RedactedDocument};
pub use redactor::{Hit, Redacted, Redactor};
pub use scan::{Leak, LeakScanner};
