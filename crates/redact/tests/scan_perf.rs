//! A rough throughput check of the leak scanner on a generated 10,000-page site.
//! Ignored by default; run with
//! `cargo test --release -p debrief-redact --test scan_perf -- --ignored --nocapture`.

use std::time::Instant;

use debrief_redact::{LeakScanner, RedactionConfig, Redactor};

#[test]
#[ignore = "slow: generates and scans a 10,000-page site"]
fn scan_ten_thousand_pages() {
    let cfg = RedactionConfig::from_toml_str(
        "[[rule]]\nname = \"customers\"\nterms = [\"Globex\", \"Initech\", \"Umbrella Health\"]\nreplace = \"Customer {n}\"\n",
        "r.toml",
    )
    .unwrap();
    let redactor = Redactor::new(&cfg).unwrap();
    let needles: Vec<(String, String)> = (0..500)
        .map(|i| ("drop_sections".to_owned(), format!("internal sentence number {i} about the database failover")))
        .collect();
    let scanner = LeakScanner::new(&redactor, needles);
    let dir = tempfile::tempdir().unwrap();
    let para = "<p>At 10:32 UTC the <em>load balancer</em> returned HTTP 502 for 0h 16m after v3.5.2 was deployed \
                (commit 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6). Customer 1 &amp; Customer 2 were affected.</p>\n";
    let page: String = para.repeat(100);
    for i in 0..10_000 {
        let sub = dir.path().join(format!("incidents/{:04}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("page-{i}.html")), &page).unwrap();
    }
    let t = Instant::now();
    let leaks = scanner.scan_dir(dir.path()).unwrap();
    let mb = (page.len() * 10_000) as f64 / 1e6;
    println!("scanned {mb:.0} MB in {:?} ({} leaks)", t.elapsed(), leaks.len());
    assert!(leaks.is_empty(), "{:?}", &leaks[..leaks.len().min(5)]);
}

#[test]
#[ignore = "timing breakdown per detector"]
fn detector_timings() {
    let para = "<p>At 10:32 UTC the <em>load balancer</em> returned HTTP 502 for 0h 16m after v3.5.2 was deployed \
                (commit 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6). Customer 1 &amp; Customer 2 were affected.</p>\n";
    let text = para.repeat(10_000);
    for b in debrief_redact::Builtin::ALL {
        let t = Instant::now();
        let n = b.find(&text).len();
        println!("{:<12} {:?} ({n})", b.name(), t.elapsed());
    }
    let t = Instant::now();
    let sk = debrief_redact::terms::Skeleton::new(&text);
    println!("skeleton {:?} {}", t.elapsed(), sk.as_str().len());
    let t = Instant::now();
    let d = debrief_redact::scan::decode(&text);
    println!("decode {:?}", t.elapsed());
    let t = Instant::now();
    let s = debrief_redact::scan::strip_tags(&d);
    println!("strip {:?} {}", t.elapsed(), s.len());
}

#[test]
#[ignore = "timing of one large file"]
fn one_file_timing() {
    let redactor = Redactor::new(&RedactionConfig::default()).unwrap();
    let para = "<p>At 10:32 UTC the <em>load balancer</em> returned HTTP 502 for 0h 16m after v3.5.2 was deployed \
                (commit 70c7229f0bf735a0ebb5087eb3a232288d9a7cf6). Customer 1 &amp; Customer 2 were affected.</p>\n";
    let text = para.repeat(10_000);
    for n in [0, 500] {
        let needles: Vec<(String, String)> = (0..n)
            .map(|i| ("d".to_owned(), format!("internal sentence number {i} about the database failover")))
            .collect();
        let scanner = LeakScanner::new(&redactor, needles);
        let t = Instant::now();
        scanner.scan_file(std::path::Path::new("x.html"), text.as_bytes()).unwrap();
        println!("{n} needles: {:?}", t.elapsed());
    }
}
