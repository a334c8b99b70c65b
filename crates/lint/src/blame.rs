//! Wording lints: blame-laden phrases (`blame`) and template placeholders (`placeholder`).
//!
//! "Should have" and "forgot" are blame only with a person as their subject ("the
//! engineer should have known", "Alice forgot"): "we should have alerts" in an action item,
//! "the alert should have fired" and "we forgot" stay quiet.

use crate::text::{Line, lines};
use crate::{LintConfig, rule_hint};
use debrief_content::{Diagnostic, Postmortem};
use regex::Regex;
use std::sync::LazyLock;

static ALWAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(human[- ]errors?|careless(?:ly|ness)?|negligen(?:ce|t|tly)|operator errors?)\b").expect("regex")
});
static FORGOT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(forgot|forgotten)\b").expect("regex"));
static SHOULD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(should(?:n't| not)? have|should've)\s+(\w+)(?:\s+(\w+))?").expect("regex"));
static TODO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bTODO\b").expect("regex"));

/// Words for a person in a role: as the subject of "should have" or "forgot", blame.
const PEOPLE: &[&str] = &[
    "engineer",
    "engineers",
    "operator",
    "operators",
    "developer",
    "developers",
    "dev",
    "admin",
    "administrator",
    "sre",
    "on-call",
    "oncall",
    "on-caller",
    "responder",
    "employee",
    "staffer",
    "contractor",
    "person",
    "individual",
    "member",
    "reviewer",
    "author",
    "dba",
    "colleague",
    "teammate",
    "intern",
    "he",
    "she",
    "someone",
    "somebody",
];

/// Capitalised words that start sentences without naming anyone.
const NOT_NAMES: &[&str] = &[
    "we", "i", "it", "this", "that", "there", "they", "these", "those", "you", "nobody", "everyone", "which", "who",
    "what", "and", "but", "so", "then", "our", "the", "a", "an", "if", "also", "nothing", "one",
];

/// Verbs after "should have" that judge what a person knew or did.
const JUDGING: &[&str] =
    &["known", "noticed", "realised", "realized", "checked", "double-checked", "verified", "asked", "read", "followed"];

/// Words that may stand between a subject and its verb ("Alice had forgotten").
const FILLERS: &[&str] = &["had", "has", "just", "simply", "apparently", "also", "clearly", "obviously", "really"];

#[derive(PartialEq)]
enum Subject {
    /// A role, a pronoun for a person, an `@handle` or a name in mid-sentence.
    Person,
    /// A capitalised word at the start of a sentence: maybe a name.
    MaybeName,
    /// Anything else (we, it, the alert…).
    Other,
}

/// The subject just before byte `at` of `text`.
fn subject_before(text: &str, at: usize) -> Subject {
    let before = &text[..at];
    let mut words = before.split_whitespace().rev().map(|w| w.trim_matches(|c: char| ",;:()\"“”*_".contains(c)));
    let mut word = words.next().unwrap_or("");
    while FILLERS.contains(&word.to_lowercase().as_str()) {
        word = words.next().unwrap_or("");
    }
    let previous = words.next();
    let lower = word.to_lowercase();
    if word.is_empty() {
        return Subject::Other;
    }
    if word.starts_with('@') || PEOPLE.contains(&lower.as_str()) {
        return Subject::Person;
    }
    let lower = lower.trim_end_matches("'s").to_string();
    if NOT_NAMES.contains(&lower.as_str()) || !word.chars().next().is_some_and(char::is_uppercase) {
        return Subject::Other;
    }
    let sentence_start = previous.is_none_or(|p| p.ends_with(['.', '!', '?', ':']) || p == "-" || p == "*");
    if sentence_start { Subject::MaybeName } else { Subject::Person }
}

/// Column (1-based, in characters) of byte `at` in `text`.
fn column(text: &str, at: usize) -> usize {
    text[..at].chars().count() + 1
}

/// Whether the match at byte `at` is quoted (the text talks about the phrase itself).
fn quoted(text: &str, at: usize) -> bool {
    text[..at].ends_with(['"', '“', '\'', '‘'])
}

/// The wording warnings of one postmortem.
pub(crate) fn scan(pm: &Postmortem, config: &LintConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for line in lines(pm) {
        if config.blame {
            blame_line(pm, &line, &mut out);
        }
        if config.placeholder
            && let Some(m) = TODO.find(&line.text)
        {
            out.push(
                Diagnostic::warning(
                    &pm.path_shown,
                    line.number,
                    column(&line.text, m.start()),
                    "placeholder `TODO` left in",
                )
                .with_hint(rule_hint("write what goes here, or remove the line", "placeholder")),
            );
        }
    }
    out
}

fn blame_line(pm: &Postmortem, line: &Line, out: &mut Vec<Diagnostic>) {
    let text = &line.text;
    let mut warn = |at: usize, phrase: &str, hint: &str| {
        out.push(
            Diagnostic::warning(
                &pm.path_shown,
                line.number,
                column(text, at),
                format!("blame-laden wording: `{phrase}`"),
            )
            .with_hint(rule_hint(hint, "blame")),
        );
    };
    for m in ALWAYS.find_iter(text) {
        if quoted(text, m.start()) {
            continue;
        }
        let lower = m.as_str().to_lowercase();
        let hint = if lower.contains("error") {
            "name what made the mistake easy to make and hard to catch (a missing guardrail, a confusing tool, an unclear runbook), not the person"
        } else {
            "describe the conditions and the decision as it looked at the time, not a person's character"
        };
        warn(m.start(), m.as_str(), hint);
    }
    for m in FORGOT.find_iter(text) {
        if !quoted(text, m.start()) && subject_before(text, m.start()) != Subject::Other {
            warn(
                m.start(),
                m.as_str(),
                "say what the process or tool lacked (\"the checklist did not include the step\"), not who forgot",
            );
        }
    }
    if line.in_actions {
        // "We should have alerts on …" is a plan, not blame.
        return;
    }
    for c in SHOULD.captures_iter(text) {
        let (Some(whole), Some(phrase), Some(next)) = (c.get(0), c.get(1), c.get(2)) else { continue };
        if quoted(text, whole.start()) {
            continue;
        }
        let next = next.as_str().to_lowercase();
        let after = c.get(3).map(|m| m.as_str().to_lowercase()).unwrap_or_default();
        // "should have been paged" is about the system; "should have been more careful" is not.
        if next == "been" && !["more", "aware", "careful", "vigilant", "paying"].contains(&after.as_str()) {
            continue;
        }
        let blame = match subject_before(text, phrase.start()) {
            Subject::Person => true,
            Subject::MaybeName => JUDGING.contains(&next.as_str()),
            Subject::Other => false,
        };
        if blame {
            warn(
                phrase.start(),
                &format!("{} {next}", phrase.as_str()),
                "say what was missing (\"nothing warned that …\", \"the runbook did not cover …\"), not what a person should have done",
            );
        }
    }
}
