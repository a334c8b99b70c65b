//! Search targets: the query parser (anything typed in the search box) and the decoders of
//! the index files the browser fetches (anything a cache or proxy may hand it).

use debrief_search::{IndexBuilder, IndexFiles, IndexOptions, Query, SearchDoc, Searcher};
use std::sync::OnceLock;

fn doc(id: u32, title: &str, body: &str, services: &[&str], severity: (&str, u8)) -> SearchDoc {
    SearchDoc {
        id,
        url: format!("/incidents/{id}/"),
        title: title.into(),
        summary: format!("{title}: what happened and what we changed."),
        body: body.into(),
        timeline: "09:12 alerts fired. 09:40 rolled back.".into(),
        actions: "Alert on certificate expiry 30 days ahead.".into(),
        severity: severity.0.into(),
        severity_rank: severity.1,
        services: services.iter().map(|s| (*s).to_string()).collect(),
        tags: vec!["tls".into(), "deploy".into()],
        regions: vec!["eu-west-1".into()],
        compliance: vec!["SOC2".into()],
        year: 2024 + (id % 2) as u16,
        started: 1_700_000_000 + i64::from(id) * 86_400,
        duration_secs: (!id.is_multiple_of(3)).then_some(3600 * i64::from(id)),
        started_display: format!("2024-11-{:02} 09:12 UTC", id + 1),
    }
}

/// A small real index (several term shards, one document per fragment).
pub fn reference_index() -> &'static IndexFiles {
    static INDEX: OnceLock<IndexFiles> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut b = IndexBuilder::new(IndexOptions { shard_bytes: 256, ..IndexOptions::default() });
        let docs = [
            (
                "Checkout API certificate expired",
                "The TLS certificate of checkout-api expired at 09:12 and every payment failed with a handshake error.",
                &["checkout-api"][..],
                ("SEV1", 0),
            ),
            (
                "Payments queue stalled after a Kafka rebalance",
                "Consumers of the payments topic stopped committing offsets; retries piled up.",
                &["payments", "kafka"][..],
                ("SEV2", 1),
            ),
            (
                "DNS resolution failures in eu-west-1",
                "A resolver change dropped AAAA answers; services in eu-west-1 timed out.",
                &["dns"][..],
                ("SEV2", 1),
            ),
            (
                "Dashboard sign-outs after an auth deploy",
                "Sessions issued by auth 4.12.0 could not be read by 4.11.3 after the rollback.",
                &["auth", "dashboard"][..],
                ("SEV3", 2),
            ),
            (
                "Élan: slow search results",
                "Search latency p99 rose to 4 s while the index rebuilt; naïve retries made it worse.",
                &["search"][..],
                ("SEV4", 3),
            ),
        ];
        for (i, (title, body, services, severity)) in docs.into_iter().enumerate() {
            b.add(doc(i as u32, title, body, services, severity));
        }
        b.build()
    })
}

/// Runs `query` the way the browser does: fetch what is needed, search, fetch fragments,
/// render. Returns `None` when a file could not be added (a decoder said no).
fn run(searcher: &mut Searcher, files: &IndexFiles, query: &Query, limit: usize) -> Option<()> {
    let fetch = |searcher: &mut Searcher, names: &[String]| -> Option<()> {
        for name in names {
            let bytes = files.get(name)?;
            if !searcher.is_loaded(name) {
                searcher.add_file(name, bytes).ok()?;
            }
        }
        Some(())
    };
    fetch(searcher, &searcher.needed(query))?;
    fetch(searcher, &searcher.facet_files())?;
    let results = searcher.search(query, limit).ok()?;
    assert_eq!(results.total, results.matches.len(), "total counts every match");
    assert!(results.hits.len() <= limit, "at most {limit} hits");
    assert!(results.matches.windows(2).all(|w| w[0] < w[1]), "matches ascending");
    for hit in &results.hits {
        assert!(results.matches.binary_search(&hit.doc).is_ok(), "a hit that is not a match");
        assert!(hit.score.is_finite(), "score {}", hit.score);
    }
    fetch(searcher, &results.needed_fragments)?;
    let views = searcher.render(&results, limit).ok()?;
    assert_eq!(views.len(), results.hits.len(), "every hit renders");
    Some(())
}

/// The query parser and the engine over a small real index: any text is a query; results
/// are consistent (every hit a match, matches sorted, finite scores, every hit renders).
pub fn query(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let query = Query::parse(&text);
    let files = reference_index();
    let mut searcher = Searcher::new(files.get(&files.manifest_name).expect("manifest")).expect("reference index");
    run(&mut searcher, files, &query, 10).expect("the reference index answers every query");
}

/// The index decoders: byte 0 picks the file (0 = the manifest, else a file of the
/// reference index), the rest replaces its bytes. Decoding says yes or no, never panics;
/// an engine that accepted the bytes answers queries without panicking.
pub fn decode(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let files = reference_index();
    let mut searcher = if pick == 0 {
        match Searcher::new(bytes) {
            Ok(s) => {
                assert!(s.doc_count() <= debrief_search::format::MAX_DOCS, "{} documents accepted", s.doc_count());
                s
            }
            Err(_) => return,
        }
    } else {
        let mut searcher = Searcher::new(files.get(&files.manifest_name).expect("manifest")).expect("reference");
        let (name, _) = &files.files[usize::from(pick) % files.files.len()];
        if searcher.add_file(name, bytes).is_err() {
            return;
        }
        searcher
    };
    for q in
        ["checkout", "paymnts", "\"certificate expired\"", "service:dns -resolver", "severity:SEV2 sort:duration", "é"]
    {
        let _ = run(&mut searcher, files, &Query::parse(q), 5);
    }
}

/// Seeds for `decode`: every file of the reference index behind its pick byte.
pub fn decode_seeds() -> Vec<Vec<u8>> {
    let files = reference_index();
    let mut out = Vec::new();
    for (i, (name, bytes)) in files.files.iter().enumerate() {
        let pick = if *name == files.manifest_name { 0 } else { u8::try_from(i).unwrap_or(1) };
        let mut seed = vec![pick];
        seed.extend_from_slice(bytes);
        out.push(seed);
    }
    out
}
