//! `debrief check --format gitlab`: diagnostics as a GitLab code-quality report (a JSON
//! array of issues with `description`, `check_name`, `fingerprint`, `severity` and
//! `location.path` / `location.lines.begin`), which GitLab shows on the merge request's diff.

use debrief_content::Diagnostic;
use debrief_content::diagnostic::Level;
use sha2::Digest;

/// GitLab's severity for a diagnostic: errors stop the build (`major`), warnings do not
/// (`minor`), notes (facts derived from the text) are `info`.
fn severity(d: &Diagnostic) -> &'static str {
    match d.level {
        Level::Error => "major",
        Level::Warning => "minor",
        Level::Note => "info",
    }
}

/// A stable fingerprint: the same problem at the same place always has the same one, so
/// GitLab can tell new problems from fixed ones between pipelines.
fn fingerprint(d: &Diagnostic) -> String {
    let key = format!("{}\0{}\0{}\0{}\0{}", severity(d), d.file.display(), d.line, d.column, d.message);
    sha2::Sha256::digest(key.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The code-quality report, pretty-printed (an empty array when all is well).
pub(crate) fn code_quality(diagnostics: &[Diagnostic]) -> String {
    let issues: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut description = d.message.clone();
            if let Some(hint) = &d.hint {
                description.push_str(" (hint: ");
                description.push_str(hint);
                description.push(')');
            }
            serde_json::json!({
                "type": "issue",
                "check_name": match d.level {
                    Level::Error => "debrief-error",
                    Level::Warning => "debrief-warning",
                    Level::Note => "debrief-note",
                },
                "description": description,
                "severity": severity(d),
                "fingerprint": fingerprint(d),
                "location": {
                    "path": d.file.to_string_lossy().replace('\\', "/"),
                    "lines": { "begin": d.line },
                },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_places_apart() {
        let a = Diagnostic::error("content/dns.md", 3, 11, "unknown severity `SEV9`");
        let b = Diagnostic::error("content/dns.md", 4, 11, "unknown severity `SEV9`");
        assert_eq!(fingerprint(&a), fingerprint(&a.clone()));
        assert_eq!(fingerprint(&a).len(), 32);
        assert_ne!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn issues_carry_gitlab_fields() {
        let d = Diagnostic::error("content/dns.md", 3, 11, "unknown severity `SEV9`").with_hint("did you mean `SEV2`?");
        let doc: serde_json::Value = serde_json::from_str(&code_quality(&[d])).unwrap();
        let issue = &doc[0];
        assert_eq!(issue["severity"], "major");
        assert_eq!(issue["location"]["path"], "content/dns.md");
        assert_eq!(issue["location"]["lines"]["begin"], 3);
        assert_eq!(issue["description"], "unknown severity `SEV9` (hint: did you mean `SEV2`?)");
        assert_eq!(code_quality(&[]), "[]");
    }
}
