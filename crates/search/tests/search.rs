//! End-to-end tests of the index builder and the query engine (native).

use debrief_search::{Error, IndexBuilder, IndexFiles, IndexOptions, Query, ResultView, SearchDoc, Searcher};

fn doc(id: u32, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        id,
        url: format!("/incidents/{id}/"),
        title: title.into(),
        body: body.into(),
        severity: "SEV3".into(),
        severity_rank: 2,
        year: 2024,
        started: 1_700_000_000 + i64::from(id) * 1000,
        started_display: format!("day {id}"),
        ..SearchDoc::default()
    }
}

fn build(docs: Vec<SearchDoc>, options: IndexOptions) -> IndexFiles {
    let mut b = IndexBuilder::new(options);
    for d in docs {
        b.add(d);
    }
    b.build()
}

/// A searcher that fetches what it needs from `files`, counting dependent fetch rounds.
struct Site {
    files: IndexFiles,
    searcher: Searcher,
}

impl Site {
    fn new(docs: Vec<SearchDoc>) -> Site {
        Site::with(docs, IndexOptions::default())
    }

    fn with(docs: Vec<SearchDoc>, options: IndexOptions) -> Site {
        let files = build(docs, options);
        let searcher = Searcher::new(files.get(&files.manifest_name).unwrap()).unwrap();
        Site { files, searcher }
    }

    fn fetch(&mut self, names: &[String]) {
        for n in names {
            let bytes = self.files.get(n).unwrap_or_else(|| panic!("{n} exists")).to_vec();
            self.searcher.add_file(n, &bytes).unwrap();
        }
    }

    /// Runs a query the way the browser does: needed files, search, fragments, render.
    fn run(&mut self, q: &str, limit: usize) -> (debrief_search::Results, Vec<ResultView>) {
        let query = Query::parse(q);
        let needed = self.searcher.needed(&query);
        self.fetch(&needed);
        assert!(self.searcher.needed(&query).is_empty());
        let facets = self.searcher.facet_files();
        self.fetch(&facets);
        let r = self.searcher.search(&query, limit).unwrap();
        let frags = r.needed_fragments.clone();
        self.fetch(&frags);
        let v = self.searcher.render(&r, limit).unwrap();
        (r, v)
    }

    fn ids(&mut self, q: &str) -> Vec<u32> {
        self.run(q, 100).1.iter().map(|v| v.id).collect()
    }
}

fn corpus() -> Vec<SearchDoc> {
    vec![
        doc(0, "Checkout errors after an expired TLS certificate", "The certificate on the load balancer expired."),
        doc(1, "Kafka consumer lag delayed webhooks", "A Kafka broker failed and consumers fell behind."),
        doc(2, "DNS resolution failures in eu-west-1", "CoreDNS pods were OOMKilled; HTTP 502 from the edge."),
        doc(
            3,
            "Database failover",
            "The root cause was a failed disk. Latency p99 rose to 4s after upgrading to v3.5.",
        ),
        doc(4, "Redis memory pressure", "Cause: keys without TTL. The root of it was a missing review."),
        doc(5, "Search outage", "Elasticsearch cluster went red after a café router update (résumé)."),
    ]
}

#[test]
fn words_match_with_and_semantics() {
    let mut s = Site::new(corpus());
    assert_eq!(s.ids("kafka"), [1]);
    assert_eq!(s.ids("kafka broker "), [1]);
    assert!(s.ids("kafka dns ").is_empty());
    assert_eq!(s.ids("certificates expiring "), [0]);
}

#[test]
fn codes_and_compounds_are_searchable() {
    let mut s = Site::new(corpus());
    assert_eq!(s.ids("eu-west-1"), [2]);
    assert_eq!(s.ids("west "), [2]);
    assert_eq!(s.ids("HTTP 502"), [2]);
    assert_eq!(s.ids("502 "), [2]);
    assert_eq!(s.ids("oom killed "), [2]);
    assert_eq!(s.ids("oomkilled "), [2]);
    assert_eq!(s.ids("dns"), [2]);
    assert_eq!(s.ids("p99 "), [3]);
    assert_eq!(s.ids("v3.5 "), [3]);
    assert_eq!(s.ids("cafe resume"), [5]);
    assert_eq!(s.ids("Café"), [5]);
}

#[test]
fn last_word_is_prefix_matched_while_typing() {
    let mut s = Site::new(corpus());
    assert_eq!(s.ids("kaf"), [1]);
    assert_eq!(s.ids("consumer la"), [1]);
    assert_eq!(s.ids("certifica"), [0]);
    assert!(s.ids("kaf ").is_empty(), "a finished word is not a prefix");
    assert!(s.ids("kaf lag").is_empty(), "only the last word is a prefix");
}

#[test]
fn typo_tolerance_one_and_two_edits() {
    let mut s = Site::new(corpus());
    assert_eq!(s.ids("kafak "), [1], "transposition, 5 letters");
    assert_eq!(s.ids("certficate "), [0], "one deletion");
    assert_eq!(s.ids("certfcate "), [0], "two deletions, 9 letters");
    assert_eq!(s.ids("databse "), [3], "one edit, 7 letters");
    assert!(s.ids("dtabse ").is_empty(), "two edits need 9+ letters");
    assert!(s.ids("dsn ").is_empty(), "short words do not fuzz");
    assert!(s.ids("kafk ").is_empty(), "4 letters do not fuzz");
    assert!(s.ids("503 ").is_empty(), "numbers do not fuzz");
}

#[test]
fn exact_match_outranks_typo_match() {
    let mut docs = corpus();
    docs.push(doc(6, "Kafla shipping report", "kafla is a word too"));
    let mut s = Site::new(docs);
    let ids = s.ids("kafka ");
    assert_eq!(ids[0], 1);
    assert!(ids.contains(&6));
}

#[test]
fn phrases_need_adjacent_words() {
    let mut s = Site::new(corpus());
    assert_eq!(s.ids("\"root cause\""), [3]);
    assert_eq!(s.ids("\"cause root\""), Vec::<u32>::new());
    assert_eq!(s.ids("\"kafka broker failed\""), [1]);
    assert_eq!(s.ids("\"eu west\""), [2]);
    assert!(s.ids("\"broker kafka\"").is_empty());
}

#[test]
fn exclusion_removes_documents() {
    let mut s = Site::new(corpus());
    let all = s.ids("root ");
    assert_eq!(all.len(), 2);
    assert_eq!(s.ids("root -redis"), [3]);
    assert_eq!(s.ids("root -\"failed disk\""), [4]);
}

fn faceted() -> Vec<SearchDoc> {
    let mut v = Vec::new();
    for i in 0..12u32 {
        let mut d = doc(i, &format!("Incident {i} outage"), "Something broke.");
        d.severity = format!("SEV{}", 1 + i % 3);
        d.severity_rank = (i % 3) as u8;
        d.services = vec![if i % 2 == 0 { "checkout-api".into() } else { "payments".into() }];
        d.tags = vec![if i % 4 == 0 { "dns".into() } else { "tls".into() }];
        d.regions = vec!["eu-west-1".into()];
        d.compliance = if i == 5 { vec!["SOC2".into()] } else { vec![] };
        d.year = 2020 + (i / 4) as u16;
        d.started = 1_600_000_000 + i64::from(i) * 86_400;
        d.duration_secs = if i == 7 { None } else { Some(i64::from((i * 7) % 12) * 60) };
        v.push(d);
    }
    v
}

#[test]
fn each_filter_works_and_values_of_one_key_are_or() {
    let mut s = Site::new(faceted());
    assert_eq!(s.ids("severity:SEV1").len(), 4);
    assert_eq!(s.ids("severity:sev1 severity:SEV2").len(), 8);
    assert_eq!(s.ids("sev:sev1,sev2").len(), 8);
    assert_eq!(s.ids("service:checkout-api").len(), 6);
    assert_eq!(s.ids("service:CHECKOUT-API severity:SEV1").len(), 2);
    assert_eq!(s.ids("tag:dns").len(), 3);
    assert_eq!(s.ids("year:2021").len(), 4);
    assert_eq!(s.ids("region:eu-west-1").len(), 12);
    assert_eq!(s.ids("compliance:soc2"), [5]);
    assert!(s.ids("year:1999").is_empty());
    assert_eq!(s.ids("outage tag:dns").len(), 3);
}

#[test]
fn filter_only_query_lists_newest_first() {
    let mut s = Site::new(faceted());
    assert_eq!(s.ids("tag:dns"), [8, 4, 0]);
    assert_eq!(s.ids("").len(), 12);
    assert_eq!(s.ids("")[0], 11);
}

#[test]
fn facet_counts_cover_all_matches() {
    let mut s = Site::new(faceted());
    let (r, _) = s.run("service:checkout-api", 2);
    assert_eq!(r.total, 6);
    assert_eq!(r.hits.len(), 2);
    let get = |key: &str| r.facet_counts.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap();
    assert_eq!(get("severity"), vec![("SEV1".to_owned(), 2), ("SEV2".to_owned(), 2), ("SEV3".to_owned(), 2)]);
    assert_eq!(get("service"), vec![("checkout-api".to_owned(), 6)]);
    assert_eq!(get("tag"), vec![("tls".to_owned(), 3), ("dns".to_owned(), 3)], "by overall count");
    assert_eq!(get("year"), vec![("2022".to_owned(), 2), ("2021".to_owned(), 2), ("2020".to_owned(), 2)]);
    assert_eq!(get("compliance"), vec![]);
}

#[test]
fn sorts() {
    let mut s = Site::new(faceted());
    assert_eq!(s.ids("outage sort:newest")[..3], [11, 10, 9]);
    // Durations (i * 7) % 12 minutes: 11 → 5, 5 → 11, 3 → 9, 9 → 3; 7 is ongoing → last.
    let longest = s.ids("outage sort:longest");
    assert_eq!(longest[..3], [5, 10, 3]);
    assert_eq!(*longest.last().unwrap(), 7);
    let (r, _) = s.run("outage sort:relevance", 12);
    assert!(r.hits.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn a_time_range_keeps_the_incidents_that_overlap_it() {
    let mut s = Site::new(faceted());
    let day = |i: i64| 1_600_000_000 + i * 86_400;
    let ids = |s: &mut Site, from: i64, to: i64, text: &str| -> Vec<u32> {
        let mut query = Query::parse(text);
        query.within = Some((from, to));
        let needed = s.searcher.needed(&query);
        s.fetch(&needed);
        let r = s.searcher.search(&query, 100).unwrap();
        let mut ids: Vec<u32> = r.hits.iter().map(|h| 11 - h.doc).collect();
        ids.sort_unstable();
        ids
    };
    // Days 3..=5 start inside; day 2 (6 minutes long) ends before; ongoing 7 is after.
    assert_eq!(ids(&mut s, day(3), day(5), "outage"), [3, 4, 5]);
    // An ongoing incident overlaps every later range.
    assert_eq!(ids(&mut s, day(20), day(30), ""), [7]);
    // A range inside incident 4 (28 minutes long) finds it.
    assert_eq!(ids(&mut s, day(4) + 60, day(4) + 120, "outage"), [4]);
    assert_eq!(ids(&mut s, day(3), day(5), "outage severity:SEV1"), [3]);
}

#[test]
fn title_match_outranks_body_match() {
    let mut title = doc(0, "Kafka outage", "Something happened.");
    title.started = 1_000; // older: recency does not help it
    let body = doc(1, "Queue outage", "The kafka cluster had an issue that day and something happened.");
    let mut s = Site::new(vec![title, body]);
    assert_eq!(s.ids("kafka"), [0, 1]);
}

#[test]
fn recency_breaks_ties() {
    let docs: Vec<SearchDoc> = (0..5).map(|i| doc(i, "Same title about kafka", "Same body.")).collect();
    let mut s = Site::new(docs);
    assert_eq!(s.ids("kafka"), [4, 3, 2, 1, 0]);
}

#[test]
fn build_is_deterministic() {
    let a = build(faceted(), IndexOptions::default());
    let mut rev = faceted();
    rev.reverse();
    let b = build(rev, IndexOptions::default());
    assert_eq!(a, b);
    let names: std::collections::BTreeSet<&str> = a.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), a.files.len(), "unique names");
    let mut changed = faceted();
    changed[3].body.push_str(" more");
    assert_ne!(build(changed, IndexOptions::default()).manifest_name, a.manifest_name);
}

#[test]
fn doc_numbers_map_ids() {
    let files = build(faceted(), IndexOptions::default());
    assert_eq!(files.doc_numbers[0], (0, 11));
    assert_eq!(files.doc_numbers[11], (11, 0));
}

#[test]
fn search_before_loading_reports_missing_files() {
    let files = build(corpus(), IndexOptions::default());
    let mut s = Searcher::new(files.get(&files.manifest_name).unwrap()).unwrap();
    let q = Query::parse("kafka");
    let needed = s.needed(&q);
    assert!(!needed.is_empty());
    assert_eq!(s.search(&q, 10), Err(Error::Missing(needed.clone())));
    assert!(matches!(s.add_file("nope.bin", b""), Err(Error::UnknownFile(_))));
    for n in &needed {
        s.add_file(n, files.get(n).unwrap()).unwrap();
    }
    let r = s.search(&q, 10).unwrap();
    assert!(matches!(s.render(&r, 10), Err(Error::Missing(_))));
}

/// Many small shards: a word's typo and prefix candidates are still found, from the shards
/// `needed` names up front (two dependent round trips), and only a few shards are named.
#[test]
fn sharded_index_answers_in_one_round_of_fetches() {
    let words = [
        "kafka",
        "kafla",
        "kappa",
        "karma",
        "kernel",
        "certificate",
        "certified",
        "cert",
        "cat",
        "dog",
        "database",
        "datastore",
        "delay",
        "dns",
        "domain",
        "outage",
        "outbound",
        "overflow",
        "zebra",
        "yield",
        "network",
        "node",
    ];
    let docs: Vec<SearchDoc> = (0..300u32)
        .map(|i| {
            let w = words[i as usize % words.len()];
            let v = words[(i as usize * 7 + 3) % words.len()];
            doc(i, &format!("{w} incident {i}"), &format!("{w} {v} failure number {i} w{i}x"))
        })
        .collect();
    let options = IndexOptions { shard_bytes: 256, ..IndexOptions::default() };
    let mut s = Site::with(docs, options);
    assert!(s.searcher.manifest().term_shards.len() > 20);
    for (q, want_min) in [("kafak ", 1), ("certficate ", 1), ("databse ", 1), ("kaf", 1), ("netw", 1), ("w12x ", 1)] {
        let query = Query::parse(q);
        let needed = s.searcher.needed(&query);
        assert!(needed.len() <= 4, "{q}: {needed:?}");
        let (r, _) = s.run(q, 10);
        assert!(r.total >= want_min, "{q}");
    }
}

#[test]
fn snippets_are_escaped_and_highlighted() {
    let mut d = doc(0, "Script <b>injection</b> & friends", "");
    d.body = "Intro text. Someone pasted <script>alert('x')</script> into the kafka topic name.".into();
    let mut s = Site::new(vec![d]);
    let (_, v) = s.run("kafka", 10);
    let snip = &v[0].snippet_html;
    assert!(snip.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "{snip}");
    assert!(!snip.contains("<script>"));
    assert!(snip.contains("<mark>kafka</mark>"), "{snip}");
    let (_, v) = s.run("injection", 10);
    assert_eq!(v[0].title_html, "Script &lt;b&gt;<mark>injection</mark>&lt;/b&gt; &amp; friends");
}

#[test]
fn snippet_is_bounded_on_a_5_mb_body() {
    let mut d = doc(0, "Huge page", "");
    let para = "The storage layer kept retrying writes while the queue grew without bound. ";
    while d.body.len() < 5 * 1024 * 1024 {
        d.body.push_str(para);
    }
    d.body.push_str("needle at the very end");
    let mut s = Site::new(vec![d]);
    let (r, v) = s.run("storage queue", 10);
    assert_eq!(r.total, 1);
    assert!(v[0].snippet_html.len() < 600, "{}", v[0].snippet_html.len());
    assert!(v[0].snippet_html.contains("<mark>storage</mark>"));
    let frag = s.files.files.iter().filter(|(n, _)| n.starts_with("f-")).map(|(_, b)| b.len()).max().unwrap();
    assert!(frag < 4096, "fragment {frag} bytes");
    // The far end is still searchable, with a snippet from the start.
    let (r, v) = s.run("needle", 10);
    assert_eq!(r.total, 1);
    assert!(v[0].snippet_html.len() < 600);
}

#[test]
fn empty_index_works() {
    let mut s = Site::new(vec![]);
    assert!(s.ids("anything").is_empty());
    assert!(s.ids("").is_empty());
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn site_files() -> IndexFiles {
        let mut docs = corpus();
        docs.extend(faceted().into_iter().map(|mut d| {
            d.id += 100;
            d
        }));
        build(docs, IndexOptions::default())
    }

    #[test]
    fn truncated_files_are_errors() {
        let files = site_files();
        let manifest = files.get(&files.manifest_name).unwrap();
        for cut in 0..manifest.len() {
            assert!(Searcher::new(&manifest[..cut]).is_err(), "manifest cut at {cut}");
        }
        for (name, bytes) in files.files.iter().skip(1) {
            for cut in 0..bytes.len() {
                let mut s = Searcher::new(manifest).unwrap();
                assert!(s.add_file(name, &bytes[..cut]).is_err(), "{name} cut at {cut}");
                assert!(!s.is_loaded(name));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600), pick in 0usize..64) {
            let files = site_files();
            let _ = Searcher::new(&bytes);
            let mut s = Searcher::new(files.get(&files.manifest_name).unwrap()).unwrap();
            let (name, _) = &files.files[1 + pick % (files.files.len() - 1)];
            let _ = s.add_file(name, &bytes);
            for q in ["kafka", "\"root cause\"", "sev:SEV1 sort:longest", "kaf", "-x"] {
                let query = Query::parse(q);
                if s.needed(&query).is_empty() {
                    let r = s.search(&query, 10).unwrap();
                    let _ = s.render(&r, 10);
                }
            }
        }

        #[test]
        fn mutated_files_never_panic(pick in 0usize..64, at in 0usize..4096, byte in any::<u8>()) {
            let files = site_files();
            let (name, orig) = &files.files[pick % files.files.len()];
            let mut bytes = orig.clone();
            if !bytes.is_empty() {
                let i = at % bytes.len();
                bytes[i] = byte;
            }
            if pick % files.files.len() == 0 {
                let _ = Searcher::new(&bytes);
            } else {
                let mut s = Searcher::new(files.get(&files.manifest_name).unwrap()).unwrap();
                for (n, b) in &files.files[1..] {
                    if n != name {
                        s.add_file(n, b).unwrap();
                    }
                }
                let _ = s.add_file(name, &bytes);
                for q in ["kafka", "\"root cause\"", "sev:SEV1 sort:longest", "kaf", "root -redis", "outage"] {
                    let query = Query::parse(q);
                    if s.needed(&query).is_empty() && let Ok(r) = s.search(&query, 10) {
                        let _ = s.render(&r, 10);
                    }
                }
            }
        }

        #[test]
        fn any_query_string_is_safe(q in "\\PC{0,40}") {
            let files = site_files();
            let mut s = Searcher::new(files.get(&files.manifest_name).unwrap()).unwrap();
            for (n, b) in &files.files[1..] {
                s.add_file(n, b).unwrap();
            }
            let query = Query::parse(&q);
            prop_assert!(s.needed(&query).is_empty());
            let r = s.search(&query, 5).unwrap();
            let _ = s.render(&r, 5).unwrap();
        }
    }
}
