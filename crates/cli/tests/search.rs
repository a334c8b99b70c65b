//! `debrief search SITE_DIR "query" [--json]`: the same index files and engine as the
//! browser, natively. Relevance over the example history and the real corpus: the expected
//! incident is in the top 3.

mod common;

use common::*;

fn search_json(site: &Site, query: &str) -> serde_json::Value {
    let public = site.public();
    let run = run_in(site.root(), &["search", public.to_str().unwrap(), query, "--json"]);
    run.expect(0);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn top_urls(result: &serde_json::Value, n: usize) -> Vec<String> {
    result["results"].as_array().unwrap().iter().take(n).map(|r| r["url"].as_str().unwrap().to_string()).collect()
}

#[track_caller]
fn assert_top3(site: &Site, query: &str, expected: &str) {
    let result = search_json(site, query);
    let top = top_urls(&result, 3);
    assert!(top.iter().any(|u| u.contains(expected)), "{query:?}: expected {expected} in the top 3, got {top:#?}");
}

#[test]
fn example_history_queries_find_the_right_incident() {
    let site = Site::example();
    site.build(&[]).expect(0);
    assert_top3(&site, "certificate expired", "expired-tls-certificate-checkout");
    assert_top3(&site, "certficate", "expired-tls-certificate-checkout"); // a typo
    assert_top3(&site, "kafka", "webhook-delays-kafka-consumer-lag");
    assert_top3(&site, "kaf", "webhook-delays-kafka-consumer-lag"); // as you type
    assert_top3(&site, "dnssec", "dnssec-key-rollover-servfail");
    assert_top3(&site, "connection pool", "black-friday-checkout-connection-pool-exhaustion");
    assert_top3(&site, "restored from backup", "webhook-endpoints-deleted-restored-from-backup");
    assert_top3(&site, "quorum", "global-outage-service-catalogue-quorum-loss");
    assert_top3(&site, "clock drift", "sso-sign-in-failures-clock-drift");

    // Filters and sorting.
    let sev1 = search_json(&site, "severity:SEV1");
    assert_eq!(sev1["total"], 3, "{sev1:#}");
    assert!(sev1["results"].as_array().unwrap().iter().all(|r| r["severity"] == "SEV1"));
    let newest = search_json(&site, "service:checkout-api sort:newest");
    let dates: Vec<&str> = newest["results"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert!(dates.len() >= 3, "{newest:#}");
    // Exclusion removes a match.
    let with = search_json(&site, "certificate");
    let without = search_json(&site, "certificate -expired");
    assert!(without["total"].as_u64() < with["total"].as_u64(), "{with:#} {without:#}");
    // Snippets are highlighted and escaped HTML.
    let hit = &search_json(&site, "kafka")["results"][0];
    assert!(hit["snippet_html"].as_str().unwrap().contains("<mark>"), "{hit:#}");
}

#[test]
fn redacted_text_is_not_searchable() {
    let site = Site::example();
    site.build(&[]).expect(0);
    // Planted in the example content and removed by redaction.toml.
    for secret in ["Larkspur", "Vasquez-Holm", "Achterberg", "corp.northwind.example", "vendor contract"] {
        let result = search_json(&site, secret);
        assert_eq!(result["total"], 0, "{secret} is searchable: {result:#}");
    }
    // The replacement is.
    assert!(search_json(&site, "\"internal host\"")["total"].as_u64().unwrap() >= 1);
}

#[test]
fn human_output_and_errors() {
    let site = Site::example();
    site.build(&[]).expect(0);
    let public = site.public();
    let run = run_in(site.root(), &["search", public.to_str().unwrap(), "kafka"]);
    run.expect(0);
    assert!(run.stdout.starts_with("1 result(s) for \"kafka\""), "{}", run.stdout);
    assert!(run.stdout.contains("**Kafka**") || run.stdout.contains("**kafka**"), "{}", run.stdout);
    let run = run_in(site.root(), &["search", site.root().join("nowhere").to_str().unwrap(), "x"]);
    run.expect(2);
    assert!(run.stderr.contains("not a built debrief site"), "{}", run.stderr);
}

#[test]
fn real_corpus_relevance() {
    let Some(corpus) = real_corpus() else { return };
    let site = Site::new();
    copy_dir(&corpus, &site.path("content"));
    site.build(&[]).expect(0);
    assert_top3(&site, "certificate expired", "learningequality-004-sushibar-certificate-expired");
    assert_top3(&site, "kafka metrics", "kafka-metrics");
    assert_top3(&site, "ingress nginx", "ingress-nginx");
    assert_top3(&site, "OOM killed", "");
    let oom = search_json(&site, "OOM killed");
    assert!(oom["total"].as_u64().unwrap() >= 1, "{oom:#}");
    assert_top3(&site, "dns", "dns");
}
