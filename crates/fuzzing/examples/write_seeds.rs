//! Writes the seed corpora of the fuzz targets into `fuzz/corpus/<target>/`: the Markdown
//! files of the given folders (the example site's `content/` and the real corpus) for
//! `frontmatter`, `content` and `redaction`; search queries; the reference search index's
//! files; real-looking timeline data. File names are content hashes, as libFuzzer's are.
//!
//! `cargo run -p debrief-fuzzing --example write_seeds -- content ../shared/corpus/real`

use std::path::{Path, PathBuf};

const QUERIES: &[&str] = &[
    "checkout",
    "certificate expired",
    "\"certificate expired\" -dns",
    "service:payments severity:SEV2",
    "paymnts kafak",
    "sort:duration year:2024",
    "after:2024-01-01 before:2025-06-30 tls",
    "tag:deploy OR tag:tls",
    "Élan naïve",
    "-",
    "\"unclosed phrase",
    "service: severity:",
];

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn write(target: &str, bytes: &[u8]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus").join(target);
    std::fs::create_dir_all(&dir).expect("create corpus folder");
    std::fs::write(dir.join(format!("seed-{:016x}", fnv(bytes))), bytes).expect("write seed");
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for dir in std::env::args().skip(1) {
        markdown_files(Path::new(&dir), &mut files);
    }
    files.sort();
    for file in &files {
        let bytes = std::fs::read(file).expect("read Markdown");
        for target in ["frontmatter", "content", "redaction"] {
            write(target, &bytes);
        }
    }
    for q in QUERIES {
        write("search_query", q.as_bytes());
    }
    for seed in debrief_fuzzing::search::decode_seeds() {
        write("search_decode", &seed);
    }
    for seed in debrief_fuzzing::timeline::seeds() {
        write("timeline_decode", &seed);
    }
    println!("{} Markdown files seeded", files.len());
}
