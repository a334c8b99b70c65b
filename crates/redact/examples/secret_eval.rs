//! Measures the `secrets` detector on a labelled set: how many planted credentials are
//! removed whole, and how many look-alikes are redacted.
//!
//! ```text
//! cargo run --release -p debrief-redact --example secret_eval -- TP.jsonl FP.txt [--misses]
//! ```
//!
//! ```text
//! cargo run --release -p debrief-redact --example secret_eval -- --corpus DIR
//! ```
//!
//! The second form prints every `secrets` match in the Markdown files under `DIR` (to
//! count false positives on real postmortems).
//!
//! `TP.jsonl`: one JSON object a line, `{"id": family, "secret": token, "text": context}`.
//! `FP.txt`: one look-alike a line (`\n` inside a line stands for a line break).
//! A credential counts as caught when the redacted text no longer contains it; a
//! look-alike counts as redacted when anything in it is. Both are measured with the
//! `secrets` detector alone and with all eight built-ins (the default configuration).

use std::collections::BTreeMap;

use debrief_redact::{Builtin, RedactionConfig, Redactor};

fn markdown_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn corpus(dir: &str) {
    let mut files = Vec::new();
    markdown_files(std::path::Path::new(dir), &mut files);
    let mut hits = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read file");
        for r in Builtin::Secrets.find(&text) {
            hits += 1;
            let line = text[..r.start].matches('\n').count() + 1;
            println!("{}:{line}: {:?}", f.display(), &text[r]);
        }
    }
    println!("{hits} secrets matches in {} files", files.len());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--corpus") {
        corpus(args.get(1).map_or("/work/shared/corpus/real", String::as_str));
        return;
    }
    let (Some(tp), Some(fp)) = (args.first(), args.get(1)) else {
        eprintln!("usage: secret_eval TP.jsonl FP.txt [--misses]");
        std::process::exit(2);
    };
    let show = args.iter().any(|a| a == "--misses");
    let all = Redactor::new(&RedactionConfig::default()).expect("default config");
    let only = Redactor::new(&RedactionConfig { builtins: vec![Builtin::Secrets], ..RedactionConfig::default() })
        .expect("secrets-only config");

    let mut per_family: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut total, mut caught_all, mut caught_only) = (0, 0, 0);
    for line in std::fs::read_to_string(tp).expect("read TP file").lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("TP line is JSON");
        let (id, secret, text) =
            (v["id"].as_str().unwrap(), v["secret"].as_str().unwrap(), v["text"].as_str().unwrap());
        total += 1;
        let ok_all = !all.redact(text).text.contains(secret);
        let ok_only = !only.redact(text).text.contains(secret);
        caught_all += usize::from(ok_all);
        caught_only += usize::from(ok_only);
        let e = per_family.entry(id.to_owned()).or_default();
        e.0 += 1;
        e.1 += usize::from(ok_only);
        if show && !ok_only {
            println!("MISS {id}: {text:?} -> {:?}", only.redact(text).text);
        }
    }
    let (mut fps, mut fp_all, mut fp_only) = (0, 0, 0);
    for line in std::fs::read_to_string(fp).expect("read FP file").lines().filter(|l| !l.trim().is_empty()) {
        let text = line.replace("\\n", "\n");
        fps += 1;
        let hit_only = only.is_clean(&text).is_some();
        let hit_all = all.is_clean(&text);
        fp_all += usize::from(hit_all.is_some());
        if show
            && !hit_only
            && let Some(h) = hit_all
        {
            println!("FP({}) {text:?}", h.rule);
        }
        fp_only += usize::from(hit_only);
        if show && hit_only {
            println!("FP   {text:?} -> {:?}", only.redact(&text).text);
        }
    }
    let families_full = per_family.values().filter(|(n, c)| n == c).count();
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    println!(
        "true positives: {caught_only}/{total} caught by `secrets` ({:.1} %), {caught_all}/{total} by all built-ins ({:.1} %)",
        pct(caught_only, total),
        pct(caught_all, total)
    );
    println!("families fully caught: {families_full}/{}", per_family.len());
    println!(
        "look-alikes: {fp_only}/{fps} redacted by `secrets` ({:.1} %), {fp_all}/{fps} by all built-ins ({:.1} %)",
        pct(fp_only, fps),
        pct(fp_all, fps)
    );
    for (id, (n, c)) in &per_family {
        if n != c {
            println!("  {id}: {c}/{n}");
        }
    }
}
