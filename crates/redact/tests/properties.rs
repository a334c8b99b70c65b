//! Property tests: redaction is idempotent, no built-in detector matches redacted
//! output, and term pseudonyms are stable whatever variant of a term was written.

use debrief_redact::{Builtin, RedactionConfig, Redactor};
use proptest::prelude::*;

const CONFIG: &str = r#"
[[rule]]
name = "customers"
terms = ["Globex", "Initech", "Umbrella Health"]
replace = "Customer {n}"

[[rule]]
name = "people"
terms = ["Alice Smith"]
replace = "an engineer"

[[rule]]
name = "internal-hosts"
pattern = '\b[a-z0-9.-]+\.corp\.example\.net\b'
replace = "[internal host]"
"#;

const TERMS: [&str; 3] = ["Globex", "Initech", "Umbrella Health"];

fn redactor() -> Redactor {
    Redactor::new(&RedactionConfig::from_toml_str(CONFIG, "redaction.toml").unwrap()).unwrap()
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            " ",
            " ",
            "\n",
            ".",
            ",",
            "-",
            ":",
            "::",
            "**",
            "_",
            "'s",
            "’s",
            "\u{200B}",
            "\u{00AD}",
            "(",
            ")",
            "+",
            "/",
            "@",
            "=",
            "the",
            "db",
            "Globex",
            "GLOBEX",
            "Initech",
            "Umbrella",
            "Health",
            "Alice",
            "Smith",
            "Customer",
            "HTTP 502",
            "v3.5.2",
            "2025-03-14",
            "10:30:45",
            "0h 16m",
            "eu-west-1",
            "[ip]",
            "[secret]",
            "70c7229f0bf735a0ebb5087eb3a232288d9a7cf6",
            "AKIAQ3EGRT5LXPZ7UW2K",
            "ghp_1234567890abcdefghijABCDEFGHIJ123456",
            "password: Zq8#rT2!vL9pXw4m",
            "4111 1111 1111 1111",
            "+1 (415) 555-0132",
            "020 7946 0958",
            "::1",
            "fe80::1%eth0",
            "2001:db8::1",
            "alice@example.com",
            "db1.corp.example.net",
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----END RSA PRIVATE KEY-----",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ])
        .prop_map(str::to_owned),
        any::<u32>().prop_map(|n| n.to_string()),
        (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        "[a-zA-Z0-9 .:@+_-]{0,8}",
        "\\PC{0,3}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
}

/// A written variant of a term: random case, zero-width characters, emphasis.
fn variant() -> impl Strategy<Value = (usize, String)> {
    (0..TERMS.len(), any::<u64>(), 0..4usize).prop_map(|(i, bits, style)| {
        let mut s = String::new();
        for (k, c) in TERMS[i].chars().enumerate() {
            let c = if bits >> (k % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
            s.push(c);
            if style == 1 && k == 2 {
                s.push('\u{200B}');
            }
        }
        match style {
            2 => s = format!("**{s}**"),
            3 => s.push_str("'s"),
            _ => {}
        }
        (i, s)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn redaction_is_idempotent(input in text()) {
        let r = redactor();
        let once = r.redact(&input);
        let twice = r.redact(&once.text);
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.hits.is_empty());
        for h in &once.hits {
            prop_assert!(h.range.end <= input.len());
            prop_assert!(input.is_char_boundary(h.range.start) && input.is_char_boundary(h.range.end));
        }
    }

    #[test]
    fn no_builtin_matches_output(input in text()) {
        let r = redactor();
        let out = r.redact(&input);
        for b in Builtin::ALL {
            let found = b.find(&out.text);
            prop_assert!(found.is_empty(), "{} matched {:?} in {:?}", b.name(), found, out.text);
        }
        prop_assert!(r.is_clean(&out.text).is_none());
    }

    #[test]
    fn pseudonyms_are_stable((index, written) in variant(), before in "[a-z ]{0,6}", after in "[ .,]{1,3}[a-z ]{0,6}") {
        let r = redactor();
        let input = format!("{before} {written}{after}");
        let out = r.redact(&input);
        let expected = format!("Customer {}", index + 1);
        prop_assert!(out.text.contains(&expected), "{:?} -> {:?}", input, out.text);
        let hits: Vec<_> = out.hits.iter().filter(|h| h.rule == "customers").collect();
        prop_assert_eq!(hits.len(), 1);
        prop_assert_eq!(&hits[0].replacement, &expected);
        prop_assert!(!out.text.to_lowercase().contains(&TERMS[index].to_lowercase()));
    }
}
