//! Parsing and validation of `redaction.toml`: which built-in detectors run, which
//! sections and front-matter fields are handled specially, and the user's own
//! `[[rule]]` entries (literal term lists and regular expressions), and the `allow`
//! list of values the team has checked, which the built-in detectors then keep.
//!
//! Every error is a [`ConfigError`] that names the file, the line and column, and
//! where possible offers a "did you mean" hint.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::detectors::Builtin;

/// Default replacement text for a `[[rule]]` without `replace`.
pub const DEFAULT_REPLACEMENT: &str = "[redacted]";

/// Top-level keys accepted in `redaction.toml`.
const TOP_KEYS: &[&str] = &["allow", "builtins", "drop_sections", "public_fields", "rule"];
/// Keys accepted inside a `[[rule]]` table.
const RULE_KEYS: &[&str] = &["name", "terms", "pattern", "replace"];

/// An error in a redaction configuration, with its position in the file.
///
/// `line` and `column` are 1-based; `0` means the position is not known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file name the configuration came from (as given by the caller).
    pub file: String,
    /// 1-based line of the problem, or 0 when unknown.
    pub line: usize,
    /// 1-based column (in characters) of the problem, or 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// A suggestion, such as "did you mean `builtins`?".
    pub hint: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)?;
        } else {
            write!(f, "{}: {}", self.file, self.message)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " (help: {hint})")?;
        }
        Ok(())
    }
}

impl ConfigError {
    /// Builds an error located at byte offset `offset` of `text` (or unlocated if `None`).
    pub(crate) fn at(
        file: &str,
        text: &str,
        offset: Option<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let (line, column) = offset.map_or((0, 0), |o| line_col(text, o));
        ConfigError { file: file.to_owned(), line, column, message: message.into(), hint }
    }
}

/// Converts a byte offset into a 1-based (line, column) pair; the column counts characters.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Returns "did you mean `x`?" for the closest candidate, if any is close enough (the one
/// metric of [`debrief_content::diagnostic::did_you_mean`]).
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    debrief_content::diagnostic::did_you_mean(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// What a user rule matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleKind {
    /// Literal terms: case-insensitive, whole word, normalised (see [`crate::terms`]).
    Terms(Vec<String>),
    /// A regular expression (Rust `regex` syntax), applied to the raw text.
    Pattern(String),
}

/// One `[[rule]]` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The rule's name, used in reports and leak messages.
    pub name: String,
    /// Terms or pattern.
    pub kind: RuleKind,
    /// Replacement text. For term rules `{n}` is replaced by the 1-based index of the
    /// matched term in `terms`; for pattern rules the text is literal (no `$1` expansion).
    pub replace: String,
    /// 1-based line of the rule's `[[rule]]` table in the file (0 when unknown).
    pub line: usize,
}

/// The parsed contents of `redaction.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedactionConfig {
    /// The file name the configuration came from (used in later errors).
    pub file: String,
    /// Enabled built-in detectors (default: all of them).
    pub builtins: Vec<Builtin>,
    /// Headings whose sections are removed whole (compared case-insensitively by callers).
    pub drop_sections: Vec<String>,
    /// Front-matter fields that are published.
    pub public_fields: Vec<String>,
    /// User rules, in file order.
    pub rules: Vec<Rule>,
    /// Values the team has checked: a built-in detector match whose text is exactly one
    /// of these is kept, by the redactor and by the leak scanner. Rules still apply.
    pub allow: Vec<String>,
}

impl Default for RedactionConfig {
    /// The configuration used when there is no `redaction.toml`: all built-ins, no rules.
    fn default() -> Self {
        RedactionConfig {
            file: "redaction.toml".to_owned(),
            builtins: Builtin::ALL.to_vec(),
            drop_sections: Vec::new(),
            public_fields: Vec::new(),
            rules: Vec::new(),
            allow: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    builtins: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    drop_sections: Vec<String>,
    #[serde(default)]
    public_fields: Vec<String>,
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    allow: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Option<Spanned<String>>,
    terms: Option<Spanned<Vec<Spanned<String>>>>,
    pattern: Option<Spanned<String>>,
    replace: Option<Spanned<String>>,
}

impl RedactionConfig {
    /// Parses `redaction.toml` text. `file_name` is only used in error messages.
    pub fn from_toml_str(text: &str, file_name: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(text, file_name, &e))?;
        let err = |span: &Range<usize>, msg: String, hint: Option<String>| {
            ConfigError::at(file_name, text, Some(span.start), msg, hint)
        };

        let builtins = match raw.builtins {
            None => Builtin::ALL.to_vec(),
            Some(list) => {
                let mut out = Vec::new();
                for item in list {
                    let name = item.get_ref();
                    let Some(b) = Builtin::from_name(name) else {
                        let names: Vec<&str> = Builtin::ALL.iter().map(|b| b.name()).collect();
                        return Err(err(
                            &item.span(),
                            format!("unknown built-in detector `{name}`"),
                            did_you_mean(name, &names)
                                .or_else(|| Some(format!("known detectors: {}", names.join(", ")))),
                        ));
                    };
                    if !out.contains(&b) {
                        out.push(b);
                    }
                }
                out
            }
        };

        let mut rules: Vec<Rule> = Vec::new();
        for spanned in raw.rule {
            let span = spanned.span();
            let line = line_col(text, span.start).0;
            let r = spanned.into_inner();
            let Some(name) = r.name else {
                return Err(err(&span, "`[[rule]]` has no `name`".into(), None));
            };
            let name_span = name.span();
            let name = name.into_inner();
            if name.trim().is_empty() {
                return Err(err(&name_span, "rule `name` is empty".into(), None));
            }
            if rules.iter().any(|x| x.name == name) {
                return Err(err(
                    &name_span,
                    format!("duplicate rule name `{name}`"),
                    Some("give each rule its own name".into()),
                ));
            }
            let replace = r.replace.map_or_else(|| DEFAULT_REPLACEMENT.to_owned(), Spanned::into_inner);
            let kind = match (r.terms, r.pattern) {
                (Some(_), Some(p)) => {
                    return Err(err(
                        &p.span(),
                        format!("rule `{name}` has both `terms` and `pattern`"),
                        Some("split it into two rules".into()),
                    ));
                }
                (None, None) => {
                    return Err(err(&span, format!("rule `{name}` needs either `terms` or `pattern`"), None));
                }
                (Some(terms), None) => {
                    let tspan = terms.span();
                    let terms = terms.into_inner();
                    if terms.is_empty() {
                        return Err(err(&tspan, format!("rule `{name}` has an empty `terms` list"), None));
                    }
                    let mut out = Vec::new();
                    for t in terms {
                        if !t.get_ref().chars().any(char::is_alphanumeric) {
                            return Err(err(
                                &t.span(),
                                format!("rule `{name}`: term {:?} has no letters or digits", t.get_ref()),
                                None,
                            ));
                        }
                        out.push(t.into_inner());
                    }
                    RuleKind::Terms(out)
                }
                (None, Some(p)) => {
                    let pspan = p.span();
                    let pat = p.into_inner();
                    match regex::Regex::new(&pat) {
                        Err(e) => {
                            let first = e.to_string().lines().last().unwrap_or("").trim().to_string();
                            return Err(err(
                                &pspan,
                                format!("rule `{name}`: invalid regular expression: {first}"),
                                Some("patterns use Rust regex syntax; in TOML write them in single quotes, e.g. '\\bdb[0-9]+\\.corp\\b'".into()),
                            ));
                        }
                        Ok(re) => {
                            if re.is_match("") {
                                return Err(err(
                                    &pspan,
                                    format!("rule `{name}`: pattern matches the empty string"),
                                    Some("use `+` instead of `*`, or anchor the pattern".into()),
                                ));
                            }
                        }
                    }
                    RuleKind::Pattern(pat)
                }
            };
            rules.push(Rule { name, kind, replace, line });
        }

        let mut allow: Vec<String> = Vec::new();
        for item in raw.allow {
            let span = item.span();
            let value = item.into_inner();
            if value.trim().is_empty() {
                return Err(err(
                    &span,
                    "`allow` entry is empty".into(),
                    Some("list the exact values a detector may keep, e.g. allow = [\"AKIAIOSFODNN7EXAMPLE\"]".into()),
                ));
            }
            if value.trim() != value {
                return Err(err(
                    &span,
                    format!("`allow` entry {value:?} starts or ends with blanks"),
                    Some(format!("detector matches never include blanks; write {:?}", value.trim())),
                ));
            }
            if allow.contains(&value) {
                return Err(err(&span, format!("`allow` lists {value:?} twice"), Some("remove one of them".into())));
            }
            allow.push(value);
        }

        Ok(RedactionConfig {
            file: file_name.to_owned(),
            builtins,
            drop_sections: raw.drop_sections,
            public_fields: raw.public_fields,
            rules,
            allow,
        })
    }
}

/// Turns a toml/serde error into a [`ConfigError`], adding a did-you-mean hint for unknown keys.
fn toml_error(text: &str, file: &str, e: &toml::de::Error) -> ConfigError {
    let message = e.message().trim().to_owned();
    let offset = e.span().map(|s| s.start);
    let mut hint = None;
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        let key = &rest[..end];
        // Top-level or rule key? Whichever list the error's "expected" part names.
        let candidates = if message.contains("`pattern`") { RULE_KEYS } else { TOP_KEYS };
        hint = did_you_mean(key, candidates);
        if hint.is_none() && key.starts_with("rule") {
            hint = Some("did you mean `rule`?".into());
        }
        let msg = format!("unknown key `{key}`");
        return ConfigError::at(file, text, offset, msg, hint);
    }
    ConfigError::at(file, text, offset, message, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = RedactionConfig::from_toml_str("", "r.toml").unwrap();
        assert_eq!(c.builtins, Builtin::ALL.to_vec());
        assert!(c.rules.is_empty());
    }

    #[test]
    fn full_example() {
        let text = r#"
builtins = ["email", "ipv4"]
drop_sections = ["Internal notes"]
public_fields = ["owner"]

[[rule]]
name = "customers"
terms = ["Globex", "Initech", "Umbrella Health"]
replace = "Customer {n}"

[[rule]]
name = "internal-hosts"
pattern = '\b[a-z0-9.-]+\.corp\.example\.net\b'
replace = "[internal host]"
"#;
        let c = RedactionConfig::from_toml_str(text, "r.toml").unwrap();
        assert_eq!(c.builtins, vec![Builtin::Email, Builtin::Ipv4]);
        assert_eq!(c.rules.len(), 2);
        assert_eq!(c.rules[0].line, 6);
        assert_eq!(c.rules[1].replace, "[internal host]");
        assert!(matches!(c.rules[1].kind, RuleKind::Pattern(_)));
    }

    #[test]
    fn unknown_top_key_has_hint_and_position() {
        let text = "drop_sections = []\nbuiltin = [\"email\"]\n";
        let e = RedactionConfig::from_toml_str(text, "redaction.toml").unwrap_err();
        assert_eq!(e.file, "redaction.toml");
        assert_eq!(e.line, 2);
        assert_eq!(e.column, 1);
        assert!(e.message.contains("builtin"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `builtins`?"));
    }

    #[test]
    fn unknown_rule_key_has_hint() {
        let text = "[[rule]]\nname = \"x\"\nterm = [\"a\"]\n";
        let e = RedactionConfig::from_toml_str(text, "r.toml").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `terms`?"), "{e}");
    }

    #[test]
    fn bad_regex_names_rule_and_line() {
        let text = "[[rule]]\nname = \"hosts\"\npattern = '[a-z'\n";
        let e = RedactionConfig::from_toml_str(text, "r.toml").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("hosts"), "{e}");
        assert!(e.to_string().starts_with("r.toml:3:"), "{e}");
    }

    #[test]
    fn unknown_builtin_has_hint() {
        let text = "builtins = [\"email\", \"credit_card\"]";
        let e = RedactionConfig::from_toml_str(text, "r.toml").unwrap_err();
        assert_eq!(e.line, 1);
        assert_eq!(e.column, 22);
        assert_eq!(e.hint.as_deref(), Some("did you mean `credit-card`?"));
    }

    #[test]
    fn rule_shape_errors() {
        let both = "[[rule]]\nname = \"x\"\nterms = [\"a\"]\npattern = \"b\"\n";
        let e = RedactionConfig::from_toml_str(both, "r").unwrap_err();
        assert_eq!((e.line, e.column, e.message.as_str()), (4, 11, "rule `x` has both `terms` and `pattern`"));
        assert_eq!(e.hint.as_deref(), Some("split it into two rules"));
        let neither = "[[rule]]\nname = \"x\"\n";
        let e = RedactionConfig::from_toml_str(neither, "r").unwrap_err();
        assert_eq!(e.line, 1);
        let empty = "[[rule]]\nname = \"x\"\nterms = []\n";
        let e = RedactionConfig::from_toml_str(empty, "r").unwrap_err();
        assert_eq!((e.line, e.column, e.message.as_str()), (3, 9, "rule `x` has an empty `terms` list"));
        let dup = "[[rule]]\nname = \"x\"\nterms = [\"a\"]\n[[rule]]\nname = \"x\"\nterms = [\"b\"]\n";
        assert_eq!(RedactionConfig::from_toml_str(dup, "r").unwrap_err().line, 5);
        let empty_match = "[[rule]]\nname = \"x\"\npattern = 'a*'\n";
        let e = RedactionConfig::from_toml_str(empty_match, "r").unwrap_err();
        assert_eq!((e.line, e.column, e.message.as_str()), (3, 11, "rule `x`: pattern matches the empty string"));
        assert!(e.hint.as_deref().is_some_and(|h| h.contains("`+` instead of `*`")), "{e:?}");
        let syntax = "builtins = [\n";
        let e = RedactionConfig::from_toml_str(syntax, "r").unwrap_err();
        assert!(e.line >= 1);
    }

    #[test]
    fn allow_list_parses() {
        let text = "allow = [\"AKIAQ3EGRT5LXPZ7UW2K\", \"203.0.113.7\"]\n";
        let c = RedactionConfig::from_toml_str(text, "r.toml").unwrap();
        assert_eq!(c.allow, ["AKIAQ3EGRT5LXPZ7UW2K", "203.0.113.7"]);
        assert!(RedactionConfig::from_toml_str("", "r.toml").unwrap().allow.is_empty());
    }

    #[test]
    fn allow_list_errors_have_position_and_hint() {
        let empty = "builtins = [\"secrets\"]\nallow = [\"x1\", \"\"]\n";
        let e = RedactionConfig::from_toml_str(empty, "redaction.toml").unwrap_err();
        assert_eq!((e.line, e.column), (2, 16), "{e}");
        assert!(e.message.contains("empty"), "{e}");
        assert!(e.hint.is_some());
        let padded = "allow = [\" sk_live_abc \"]\n";
        let e = RedactionConfig::from_toml_str(padded, "redaction.toml").unwrap_err();
        assert_eq!((e.line, e.column), (1, 10), "{e}");
        assert_eq!(e.hint.as_deref(), Some("detector matches never include blanks; write \"sk_live_abc\""));
        let twice = "allow = [\"a1\",\n  \"a1\"]\n";
        assert_eq!(RedactionConfig::from_toml_str(twice, "r").unwrap_err().line, 2);
        let typo = "allows = [\"a1\"]\n";
        let e = RedactionConfig::from_toml_str(typo, "r").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `allow`?"), "{e}");
        let not_list = "allow = \"a1\"\n";
        assert_eq!(RedactionConfig::from_toml_str(not_list, "r").unwrap_err().line, 1);
    }

    #[test]
    fn default_replace() {
        let c = RedactionConfig::from_toml_str("[[rule]]\nname = \"p\"\nterms = [\"Bob\"]", "r").unwrap();
        assert_eq!(c.rules[0].replace, DEFAULT_REPLACEMENT);
    }
}
