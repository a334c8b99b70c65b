//! Usage and I/O errors exit 2: no `debrief.toml`, unknown flags, a bad `--base-url`, and an
//! output folder that would replace the site's own sources — refused with nothing deleted.

mod common;

use common::*;

#[test]
fn no_config_is_exit_2_and_mentions_root() {
    let empty = Site::empty();
    for command in ["build", "check"] {
        // In the current folder, and with --root.
        let run = run_in(empty.root(), &[command]);
        run.expect(2);
        assert!(run.stderr.contains("debrief.toml") && run.stderr.contains("--root"), "{}", run.stderr);
        let root = empty.root().to_str().unwrap();
        let run = run_in(empty.root(), &[command, "--root", root]);
        run.expect(2);
        assert!(run.stderr.contains("--root"), "{}", run.stderr);
    }
    let run = run_in(empty.root(), &["build", "--root", "/definitely/not/here"]);
    run.expect(2);
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
    assert!(files(empty.root()).is_empty(), "nothing written: {:?}", files(empty.root()));
}

#[test]
fn unknown_flags_and_commands_are_exit_2() {
    let site = Site::new();
    for args in [
        &["build", "--frobnicate"][..],
        &["check", "--drafts"][..],
        &["frobnicate"][..],
        &[][..],
        &["build", "--out"][..],
    ] {
        let run = run_in(site.root(), args);
        run.expect(2);
        assert!(!run.stderr.is_empty(), "{args:?} explains itself");
    }
    run_in(site.root(), &["--help"]).expect(0);
    run_in(site.root(), &["--version"]).expect(0);
}

#[test]
fn bad_base_url_flag_is_exit_2() {
    let site = Site::new();
    site.write("content/ok.md", simple_postmortem("Fine"));
    let run = site.build(&["--base-url", "ftp://example.org/"]);
    run.expect(2);
    assert!(run.stderr.contains("--base-url"), "{}", run.stderr);
    assert!(!site.public().exists());
}

/// A built site; returns it with a snapshot of its whole root.
fn built_site() -> Site {
    let site = Site::new();
    site.write("content/ok.md", simple_postmortem("Fine"));
    site.write("content/2024/older.md", simple_postmortem("Older"));
    site.build(&[]).expect(0);
    site
}

#[track_caller]
fn refused(site: &Site, cwd: &std::path::Path, out: &str) {
    let before = snapshot(site.root());
    let root = site.root().to_str().unwrap();
    let run = run_in(cwd, &["build", "--root", root, "--out", out]);
    run.expect(2);
    assert!(run.stderr.contains("refusing") || run.stderr.contains("error"), "--out {out}: {}", run.stderr);
    assert_same_tree(&before, &snapshot(site.root()));
    assert!(site.leftovers().is_empty(), "--out {out} left {:?}", site.leftovers());
}

#[test]
fn out_equal_to_content_or_root_is_refused_and_nothing_is_deleted() {
    let site = built_site();
    let root = site.root();
    let abs = |rel: &str| root.join(rel).to_str().unwrap().to_string();
    refused(&site, root, &abs("content"));
    refused(&site, root, "content");
    refused(&site, root, "content/");
    refused(&site, root, &abs("content/2024"));
    refused(&site, root, root.to_str().unwrap());
    refused(&site, root, ".");
    refused(&site, root, "./content/../");
    refused(&site, &root.join("content"), "..");
    refused(&site, root, root.parent().unwrap().to_str().unwrap());
}

#[test]
fn configured_output_equal_to_content_or_root_is_refused() {
    for output in ["content", ".", ""] {
        let site = Site::with_config(&format!("{MINIMAL_CONFIG}output = \"{output}\"\n"));
        site.write("content/ok.md", simple_postmortem("Fine"));
        let before = snapshot(site.root());
        let run = site.build(&[]);
        run.expect(2);
        assert_same_tree(&before, &snapshot(site.root()));
    }
}

#[cfg(unix)]
#[test]
fn out_through_a_symlink_to_content_deletes_nothing() {
    let site = built_site();
    std::os::unix::fs::symlink(site.path("content"), site.path("public-link")).unwrap();
    let before = snapshot(&site.path("content"));
    let out = site.path("public-link");
    let run = site.build(&["--out", out.to_str().unwrap()]);
    run.expect(2);
    assert_same_tree(&before, &snapshot(&site.path("content")));
    assert!(site.path("public-link").is_symlink());
}

#[test]
fn out_equal_to_the_theme_folder_is_refused() {
    let site = Site::with_config(&format!("{MINIMAL_CONFIG}theme = \"mytheme\"\n"));
    site.write("content/ok.md", simple_postmortem("Fine"));
    site.write("mytheme/static/extra.css", "/* the user's own styles */\n");
    let before = snapshot(site.root());
    let run = site.build(&["--out", site.path("mytheme").to_str().unwrap()]);
    run.expect(2);
    assert_same_tree(&before, &snapshot(site.root()));
}

#[test]
fn out_equal_to_the_redaction_rules_folder_is_refused() {
    let site = Site::with_config(&format!("{MINIMAL_CONFIG}redaction = \"rules/redaction.toml\"\n"));
    site.write("content/ok.md", simple_postmortem("Fine"));
    site.write(
        "rules/redaction.toml",
        "[[rule]]\nname = \"customers\"\nterms = [\"Globex\"]\nreplace = \"a customer\"\n",
    );
    let before = snapshot(site.root());
    let run = site.build(&["--out", site.path("rules").to_str().unwrap()]);
    run.expect(2);
    assert_same_tree(&before, &snapshot(site.root()));
}
