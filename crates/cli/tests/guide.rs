//! Every example of the user guide (`docs/guide/`) works: the `sh` blocks run in order in a
//! fresh folder (`cd` included), each `markdown` postmortem checks and builds, each
//! `debrief.toml` and `redaction.toml` block is used as the site's and checks (an
//! `[import…]` table is added to `debrief.toml`), a `json FILE` block is written to FILE
//! (the importing page's sources), and the theme's postmortem template makes a
//! postmortem that checks.

mod common;

use common::{Site, run_with_env};
use std::path::{Path, PathBuf};

const PAGES: &[&str] = &["README.md", "writing.md", "redaction.md", "theming.md", "cli.md", "importing.md"];

/// The fenced blocks of a Markdown file: (info string, text).
fn fenced_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_string(), String::new())),
            (Some(_), Some(rest)) if rest.trim().is_empty() => out.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// Splits a command line into words; double quotes group words.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

fn run(cwd: &Path, args: &[&str]) -> common::Run {
    run_with_env(cwd, args, &[("DEBRIEF_NOW", "2026-07-01T10:30:00Z")])
}

/// `debrief serve …` as the guide shows it (on any free port): it serves the site's home
/// page, then stops on SIGINT with exit 0.
fn serve_once(cwd: &Path, args: &[&str]) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("debrief"))
        .args(args)
        .args(["--port", "0"])
        .current_dir(cwd)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start serve");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("URL line");
    let url = line.trim().strip_prefix("Serving ").unwrap_or_else(|| panic!("{line:?}")).to_string();
    let status = ureq::get(&url).call().map(|r| r.status().as_u16());
    let sent = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    let code = child.wait().expect("wait").code();
    assert_eq!(status.ok(), Some(200), "{url}");
    assert!(sent.is_ok_and(|s| s.success()));
    assert_eq!(code, Some(0), "serve stops on SIGINT with exit 0");
}

#[test]
fn every_guide_example_works() {
    let tmp = Site::empty();
    let mut cwd: PathBuf = tmp.root().to_path_buf();
    let guide = common::repo_root().join("docs/guide");
    let mut commands = 0;
    let mut postmortems = 0;
    let mut configs = 0;
    for page in PAGES {
        let text = std::fs::read_to_string(guide.join(page)).expect("guide page");
        for (info, body) in fenced_blocks(&text) {
            match info.as_str() {
                "sh" => {
                    for line in body.lines().filter(|l| !l.trim().is_empty()) {
                        let args = words(line);
                        if args[0] == "cd" {
                            cwd = cwd.join(&args[1]);
                            continue;
                        }
                        assert_eq!(args[0], "debrief", "{page}: {line}");
                        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
                        if args[0] == "serve" {
                            serve_once(&cwd, &args);
                        } else {
                            run(&cwd, &args).expect(0);
                        }
                        commands += 1;
                    }
                }
                "markdown" if body.starts_with("---\ntitle:") => {
                    let name = format!("content/guide-{postmortems}.md");
                    std::fs::write(cwd.join(&name), &body).expect("write");
                    let check = run(&cwd, &["check"]);
                    check.expect(0);
                    assert!(!check.stderr.contains(&name), "{page}: the example is not lint-clean: {}", check.stderr);
                    postmortems += 1;
                }
                "markdown" => {
                    // A theme postmortem template (theming.md).
                    std::fs::create_dir_all(cwd.join("theme/postmortems")).expect("theme");
                    std::fs::write(cwd.join("theme/postmortems/guide.md"), &body).expect("write");
                }
                "toml" if body.starts_with("[import") => {
                    let config = std::fs::read_to_string(cwd.join("debrief.toml")).expect("config");
                    std::fs::write(cwd.join("debrief.toml"), format!("{config}\n{body}")).expect("write");
                    run(&cwd, &["check"]).expect(0);
                    configs += 1;
                }
                info if info.starts_with("json ") => {
                    std::fs::write(cwd.join(info["json ".len()..].trim()), &body).expect("write");
                }
                "toml" => {
                    let file = if body.contains("base_url") { "debrief.toml" } else { "redaction.toml" };
                    std::fs::write(cwd.join(file), &body).expect("write");
                    run(&cwd, &["check"]).expect(0);
                    configs += 1;
                }
                _ => {}
            }
        }
    }
    assert!(commands >= 6 && postmortems >= 1 && configs >= 3, "{commands} {postmortems} {configs}");
    // The theme template of theming.md, with the configuration that names its folder.
    let new = run(&cwd, &["new", "Exposed API key", "--template", "guide"]);
    new.expect(0);
    let written = std::fs::read_to_string(cwd.join(new.stdout.trim())).expect("written");
    assert!(written.contains("ticket: \"\"") && written.contains("- 10:30 — TODO: first signal"), "{written}");
    run(&cwd, &["check"]).expect(0);
    run(&cwd, &["build"]).expect(0);
    assert!(cwd.join("public/incidents/guide-0/index.html").is_file());
    // importing.md's example import, built with the rest.
    assert!(cwd.join("public/incidents/checkout-api-errors/index.html").is_file());
}
