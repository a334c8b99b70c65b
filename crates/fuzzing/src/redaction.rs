//! Redaction target: Markdown built from the fuzz input with planted terms and secrets,
//! redacted with the example site's `redaction.toml` (every built-in detector, term and
//! pattern rules, dropped sections). Checks, beyond "no panic":
//!
//! - text redaction is idempotent and leaves nothing any rule or detector matches;
//! - body redaction (the syntax-tree pass the build uses) is idempotent (a second pass
//!   redacts nothing; its Markdown settles after one rewrite), and the leak
//!   scanner finds nothing in its Markdown or in the HTML it renders to.

use debrief_redact::{DocumentRedactor, LeakScanner, RedactionConfig, Redactor};
use std::path::Path;
use std::sync::OnceLock;

/// The rules: the example site's own.
pub const CONFIG: &str = include_str!("../../../redaction.toml");

/// What a control byte of the input plants. Terms of every rule kind, secrets of every
/// detector, and the Markdown syntax that has split them before.
pub const PLANTS: &[&str] = &[
    "Larkspur Outfitters",
    "Ingrid Vasquez-Holm",
    "db-7.corp.northwind.example",
    "ingrid.vasquez@northwind.example",
    "10.42.7.19",
    "2001:db8:85a3::8a2e:370:7334",
    "AKIAIOSFODNN7EXAMPLE",
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "4111 1111 1111 1111",
    "+1 415-555-0132",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7b\n-----END RSA PRIVATE KEY-----",
    "**",
    "_",
    "`",
    "[",
    "](",
    ")",
    "\n\n## Internal notes\n\n",
    "\n\n## Timeline\n\n- 09:12 ",
    "<!-- private -->",
    "&#64;",
    "\n| a | b |\n| --- | --- |\n| ",
    "<https://",
    "![",
    "\\",
    "\n\n",
    "Meridian Vet Clinics",
    "Keziah Obuya",
    "Copperline Freight",
];

/// Markdown from fuzz bytes: bytes 0x01–0x1f (but tab and newline) plant [`PLANTS`], the
/// rest is the input's text.
pub fn markdown_from(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        let n = c as u32;
        if (1..0x20).contains(&n) && c != '\n' && c != '\t' {
            out.push_str(PLANTS[(n as usize - 1) % PLANTS.len()]);
        } else {
            out.push(c);
        }
    }
    out
}

struct Rules {
    redactor: Redactor,
    document: DocumentRedactor,
    scanner: LeakScanner,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let config = RedactionConfig::from_toml_str(CONFIG, "redaction.toml").expect("the example rules");
        let redactor = Redactor::new(&config).expect("the example rules compile");
        let document = DocumentRedactor::new(&config).expect("the example rules compile");
        let scanner = LeakScanner::new(&redactor, Vec::new());
        Rules { redactor, document, scanner }
    })
}

/// The checks (see the module header).
pub fn redaction(data: &[u8]) {
    let rules = rules();
    let markdown = markdown_from(data);

    let once = rules.redactor.redact(&markdown);
    let twice = rules.redactor.redact(&once.text);
    assert_eq!(twice.text, once.text, "text redaction is not idempotent");
    let left: Vec<String> = rules.redactor.detect(&once.text).into_iter().map(|h| h.rule).collect();
    assert!(left.is_empty(), "redacted text still matches {left:?}");

    let body = |text: &str| {
        let mut log = Vec::new();
        let out = rules.document.redact_body(text, 1, &mut log, &mut Vec::new());
        (out, log)
    };
    let (once, _) = body(&markdown);
    // Idempotent: a second pass finds nothing left to redact. Its Markdown may still be
    // written differently once (text that reads as a bare URL after a replacement comes
    // back as an autolink), and then no more.
    let (twice, again) = body(&once);
    assert!(again.is_empty(), "body redaction is not idempotent: the second pass redacts {again:?}");
    if twice != once {
        let (thrice, _) = body(&twice);
        assert_eq!(thrice, twice, "the redacted Markdown never settles");
    }
    let html = comrak::markdown_to_html(&once, &debrief_content::markdown::options());
    for (name, bytes) in [("page.md", once.as_bytes()), ("page.html", html.as_bytes())] {
        let leaks = rules.scanner.scan_file(Path::new(name), bytes).expect("scan text");
        let found: Vec<(String, usize)> = leaks.into_iter().map(|l| (l.rule, l.line)).collect();
        assert!(found.is_empty(), "the leak scanner finds {found:?} in the redacted {name}");
    }
}
