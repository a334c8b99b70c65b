//! `debrief check` is `debrief build` without writing: on every fixture site (the example
//! site, the planted-secrets site, the good and bad fixtures, and sites whose leaks only
//! the leak scanner over rendered pages can see) `check` exits with the same code and
//! reports the same errors as `build`, and writes nothing.

mod common;

use common::*;
use std::path::Path;

/// Copies a folder tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The planted-secrets site (`tests/fixtures/planted`).
fn planted() -> Site {
    let site = Site::empty();
    copy_dir(&fixtures_dir().join("planted"), site.root());
    site
}

/// Runs `check`, then `build`, and asserts they agree; returns the exit code.
fn agree(name: &str, site: &Site) -> i32 {
    let check = site.check(&[]);
    assert!(!site.public().exists(), "{name}: check wrote the output folder");
    assert!(site.leftovers().is_empty(), "{name}: check left {:?}", site.leftovers());
    let build = site.build(&[]);
    assert!(!check.stderr.contains("panicked") && !build.stderr.contains("panicked"), "{name}: panic");
    assert_eq!(
        check.code, build.code,
        "{name}: check and build disagree\n--- check:\n{}\n--- build:\n{}",
        check.stderr, build.stderr
    );
    assert_eq!(check.errors(), build.errors(), "{name}: different errors");
    assert_eq!(site.public().exists(), build.code == 0, "{name}: a failed build published");
    build.code
}

#[test]
fn check_agrees_with_build_on_the_example_and_planted_sites() {
    assert_eq!(agree("example", &Site::example()), 0);
    assert_eq!(agree("planted", &planted()), 0);
}

#[test]
fn check_agrees_with_build_on_the_good_and_bad_fixtures() {
    let site = Site::new();
    for entry in std::fs::read_dir(fixtures_dir().join("good")).unwrap() {
        let path = entry.unwrap().path();
        site.write(&format!("content/{}", path.file_name().unwrap().to_string_lossy()), std::fs::read(&path).unwrap());
    }
    assert_eq!(agree("good fixtures", &site), 0);

    let mut names: Vec<_> = std::fs::read_dir(fixtures_dir().join("bad")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let site = Site::new();
        site.write("content/fine.md", simple_postmortem("A fine postmortem"));
        if name.ends_with(".toml") {
            site.write("debrief.toml", std::fs::read(&path).unwrap());
        } else {
            site.write(&format!("content/{name}"), std::fs::read(&path).unwrap());
        }
        // The two halves of a duplicate slug are bad together: same file name, two folders.
        if name.starts_with("duplicate-slug-") {
            site.write("content/2024/cache-failover.md", fixture("bad/duplicate-slug-first.md"));
            site.write("content/2025/cache-failover.md", fixture("bad/duplicate-slug-second.md"));
        }
        assert_eq!(agree(&name, &site), 1, "{name} is a bad fixture");
    }
}

/// Rules that name a customer, as in the example `redaction.toml`.
const RULES: &str = "[[rule]]\nname = \"customers\"\nterms = [\"Globex\"]\nreplace = \"Customer {n}\"\n\n[[rule]]\nname = \"internal-hosts\"\npattern = '\\b[a-z0-9.-]+\\.corp\\.example\\.net\\b'\nreplace = \"[internal host]\"\n";

#[test]
fn leaks_only_rendering_shows_fail_check_as_they_fail_build() {
    // `extra` keys are not redacted: only the scan of the rendered API finds the name.
    let site = Site::new();
    site.write("redaction.toml", RULES);
    site.write(
        "content/extra.md",
        postmortem(
            "Refund delays",
            "SEV3",
            "2025-01-10T10:00:00Z",
            "extra:\n  globex_account_manager: named in the key\n",
            "## Summary\n\nRefunds were delayed.\n",
        ),
    );
    assert_eq!(agree("extra key", &site), 1);
    let check = site.check(&[]);
    let errors = check.errors();
    assert!(!errors.is_empty() && errors.iter().all(|d| d.message.contains("rule `customers`")), "{}", check.stderr);
    assert!(errors.iter().any(|d| d.file == "public/api/incidents.json"), "{}", check.stderr);

    // A theme template that prints an internal host.
    let site = Site::new();
    site.write("redaction.toml", RULES);
    site.write("debrief.toml", format!("{MINIMAL_CONFIG}theme = \"theme\"\n"));
    site.write("theme/templates/404.html", "<!doctype html><p>Ask on db1.corp.example.net</p>\n");
    site.write("content/ok.md", simple_postmortem("A fine postmortem"));
    assert_eq!(agree("theme template", &site), 1);
    let check = site.check(&[]);
    assert!(
        check.errors().iter().any(|d| d.file == "public/404.html" && d.message.contains("internal-hosts")),
        "{}",
        check.stderr
    );
}

#[test]
fn check_refuses_an_output_folder_build_refuses() {
    let site = Site::with_config(&format!("{MINIMAL_CONFIG}output = \"content\"\n"));
    site.write("content/ok.md", simple_postmortem("A fine postmortem"));
    let check = site.check(&[]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert_eq!(site.build(&[]).code, 2);
    assert!(site.path("content/ok.md").is_file());
}
