//! Vocabularies and sentence templates for the generated postmortems.
//!
//! Templates use `{name}` placeholders that [`crate::corpus`] fills per document
//! (`{svc}`, `{region}`, `{dep}`, `{team}`, `{pct}`, `{n}`, `{ms}`, `{ver}`, ...).
//! The words are the ones real SRE write-ups use, so a search index over the
//! generated corpus has a realistic vocabulary and term distribution.

/// Service names (the `services` facet).
pub const SERVICES: &[&str] = &[
    "checkout-api",
    "payments",
    "auth-service",
    "identity",
    "user-profile",
    "search-api",
    "recommendations",
    "notifications",
    "email-delivery",
    "sms-gateway",
    "webhooks",
    "billing",
    "invoicing",
    "ledger",
    "orders",
    "inventory",
    "catalog",
    "pricing",
    "cart",
    "shipping",
    "api-gateway",
    "edge-proxy",
    "cdn",
    "dns",
    "load-balancer",
    "object-storage",
    "media-upload",
    "image-resizer",
    "analytics-ingest",
    "event-pipeline",
    "reporting",
    "data-warehouse",
    "feature-flags",
    "config-service",
    "status-page",
    "mobile-api",
    "web-frontend",
    "admin-console",
    "scheduler",
    "audit-log",
    "realtime-sync",
    "websocket-gateway",
];

/// Cloud regions (the `regions` facet).
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "eu-north-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
    "ca-central-1",
];

/// Owning teams (action item owners).
pub const TEAMS: &[&str] = &[
    "platform",
    "sre",
    "payments",
    "identity",
    "data",
    "networking",
    "storage",
    "observability",
    "security",
    "core-api",
    "mobile",
    "web",
    "database",
    "release-engineering",
    "support",
];

/// Tag pool (the `tags` facet); scenarios add their own from this pool.
pub const TAGS: &[&str] = &[
    "kubernetes",
    "kafka",
    "postgres",
    "mysql",
    "redis",
    "dns",
    "tls",
    "certificates",
    "expiry",
    "oom",
    "memory-leak",
    "latency",
    "p99",
    "http-5xx",
    "http-502",
    "http-503",
    "timeouts",
    "deploy",
    "rollback",
    "config",
    "feature-flag",
    "database",
    "replication",
    "failover",
    "connection-pool",
    "network",
    "bgp",
    "load-balancer",
    "cdn",
    "cache",
    "rate-limiting",
    "autoscaling",
    "capacity",
    "disk",
    "storage",
    "s3",
    "iam",
    "permissions",
    "security",
    "credentials",
    "ddos",
    "third-party",
    "cloud-provider",
    "region-outage",
    "queue",
    "backlog",
    "cron",
    "migration",
    "schema",
    "locking",
    "etcd",
    "control-plane",
    "ingress",
    "service-mesh",
    "envoy",
    "monitoring",
    "alerting",
    "logging",
    "data-delay",
    "clock-skew",
    "terraform",
    "ci-cd",
    "elasticsearch",
];

/// Compliance facets, used on a minority of incidents.
pub const COMPLIANCE: &[&[&str]] =
    &[&["SOC2"], &["SOC2", "ISO27001"], &["PCI-DSS"], &["SOC2", "PCI-DSS"], &["HIPAA"], &["GDPR"], &["ISO27001"]];

/// Severities with their weights (SEV1 rare, SEV3 most common).
pub const SEVERITIES: &[(&str, u64)] = &[("SEV1", 6), ("SEV2", 22), ("SEV3", 44), ("SEV4", 28)];

/// One kind of incident: its titles, cause, fix, and typical follow-ups.
#[derive(Debug)]
pub struct Scenario {
    /// Title templates.
    pub titles: &'static [&'static str],
    /// Tags this kind of incident usually carries.
    pub tags: &'static [&'static str],
    /// Values for `{dep}`: the component at fault.
    pub deps: &'static [&'static str],
    /// Timeline text for the moment impact began.
    pub trigger: &'static [&'static str],
    /// Root-cause sentences.
    pub cause: &'static [&'static str],
    /// Timeline text for the mitigation.
    pub fix: &'static [&'static str],
    /// Contributing factors specific to this kind.
    pub factors: &'static [&'static str],
    /// Action items specific to this kind.
    pub actions: &'static [&'static str],
    /// An optional fenced block: (info string, body template).
    pub snippet: Option<(&'static str, &'static str)>,
}

/// The incident kinds.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        titles: &[
            "{Svc} errors after an expired TLS certificate",
            "Expired certificate on the {svc} load balancer in {region}",
            "TLS handshake failures for {svc} clients",
        ],
        tags: &["tls", "certificates", "expiry", "http-5xx"],
        deps: &["the public load balancer", "the internal mTLS mesh", "the edge proxy"],
        trigger: &["The certificate served by {dep} for `{svc}.example.org` expired."],
        cause: &[
            "The certificate for `{svc}.example.org` was issued manually {n} months earlier, outside the automated ACME renewal that covers our other endpoints.",
            "The renewal reminder was sent to a mailing list that was retired during the {team} team reorganisation, so nobody saw it.",
            "Clients that pin the intermediate CA rejected the handshake with `x509: certificate has expired or is not yet valid`.",
            "Our synthetic checks connect with certificate verification disabled, so they kept reporting the endpoint as healthy.",
        ],
        fix: &[
            "Issued a new certificate through cert-manager and rolled it out to {dep}.",
            "Replaced the expired certificate and reloaded the listeners on {dep}.",
        ],
        factors: &[
            "The certificate was not tracked in the certificate inventory.",
            "Synthetic probes skipped TLS verification.",
            "Expiry alerts were routed to an unmonitored mailbox.",
        ],
        actions: &[
            "Move every public certificate to automated ACME renewal",
            "Alert 21 days before any certificate expires",
            "Enable certificate verification in synthetic probes",
        ],
        snippet: Some((
            "text",
            "$ openssl s_client -connect {svc}.example.org:443 -servername {svc}.example.org\nverify error:num=10:certificate has expired\nnotAfter=Mar {n} 23:59:59 2025 GMT\nVerify return code: 10 (certificate has expired)",
        )),
    },
    Scenario {
        titles: &[
            "DNS resolution failures for {svc} in {region}",
            "Misconfigured DNS record took {svc} offline",
            "Intermittent NXDOMAIN responses for internal services",
        ],
        tags: &["dns", "config", "network"],
        deps: &["CoreDNS", "the Route 53 private zone", "the internal resolver fleet"],
        trigger: &[
            "A change to {dep} removed the `{svc}` record set.",
            "{Dep} began returning SERVFAIL for a subset of queries.",
        ],
        cause: &[
            "A Terraform change intended for the staging zone was applied to the production zone because both workspaces shared a variable file.",
            "{Dep} pods were scheduled on only {n} nodes and hit their `max_concurrent` limit once query volume doubled after the {svc} deploy.",
            "Negative answers were cached for 300 seconds by clients, so the outage outlived the fix by several minutes.",
            "The `ndots:5` default in Kubernetes multiplied every external lookup into five or six queries.",
        ],
        fix: &[
            "Restored the record set from the previous Terraform state and flushed resolver caches.",
            "Scaled {dep} from {n} to {n2} replicas and spread them with a pod anti-affinity rule.",
        ],
        factors: &[
            "Staging and production DNS shared one Terraform variable file.",
            "There was no alert on the SERVFAIL rate.",
            "The negative-cache TTL was longer than our recovery objective.",
        ],
        actions: &[
            "Split DNS Terraform state per environment",
            "Alert when the resolver SERVFAIL rate exceeds 1%",
            "Lower `ndots` for services that call external APIs",
            "Add NodeLocal DNSCache to every cluster",
        ],
        snippet: Some((
            "yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  dnsConfig:\n    options:\n      - name: ndots\n        value: \"2\"\n      - name: single-request-reopen",
        )),
    },
    Scenario {
        titles: &[
            "{Svc} unavailable after the primary database failed over",
            "Postgres connection pool exhaustion on {svc}",
            "Elevated latency for {svc} during a database failover in {region}",
        ],
        tags: &["postgres", "database", "failover", "connection-pool"],
        deps: &["the primary Postgres cluster", "PgBouncer", "the {svc} database"],
        trigger: &[
            "The primary instance of {dep} became unresponsive and the replica was promoted.",
            "Active connections on {dep} reached `max_connections` ({big}).",
        ],
        cause: &[
            "A long-running analytics query held a lock on the `orders` table, and writes from {svc} queued behind it until every pool connection was busy.",
            "After the failover, clients kept the old primary's address cached and retried against a read-only node, failing with `cannot execute UPDATE in a read-only transaction`.",
            "Each {svc} pod opened {n} connections at start-up; the autoscaler added {n2} pods in two minutes and exhausted the connection limit on {dep}.",
            "The replica was {n} seconds behind when it was promoted, so a small number of writes had to be replayed from the application's outbox.",
        ],
        fix: &[
            "Terminated the blocking query and restarted {svc} to reset its connection pools.",
            "Pointed PgBouncer at the new primary and drained the old connections.",
        ],
        factors: &[
            "Analytics queries ran against the primary instead of a replica.",
            "The application cached database addresses beyond the DNS TTL.",
            "Connection pool sizes were not adjusted when the autoscaler limits were raised.",
            "Failover had not been exercised in production for over a year.",
        ],
        actions: &[
            "Route analytics queries to a dedicated read replica",
            "Set `statement_timeout` and `lock_timeout` on application roles",
            "Run a quarterly production failover drill",
            "Size connection pools from the autoscaler maximum",
        ],
        snippet: Some((
            "sql",
            "SELECT pid, now() - query_start AS runtime, wait_event_type, left(query, 60)\nFROM pg_stat_activity\nWHERE state <> 'idle'\nORDER BY runtime DESC\nLIMIT 5;",
        )),
    },
    Scenario {
        titles: &[
            "{Svc} pods OOMKilled after a deploy",
            "Memory leak in {svc} caused repeated restarts",
            "Crash-looping {svc} workers in {region}",
        ],
        tags: &["kubernetes", "oom", "memory-leak", "deploy"],
        deps: &["the {svc} deployment", "the JSON serializer", "the HTTP client library"],
        trigger: &[
            "Version {ver} of {svc} finished rolling out to {region}.",
            "The first {svc} pods were `OOMKilled` with exit code 137.",
        ],
        cause: &[
            "Version {ver} introduced an in-memory cache without an eviction policy; resident memory grew by roughly {n} MiB per minute under production traffic.",
            "The container memory limit was {n2}00 MiB while the JVM heap was configured by `-Xmx` to a value close to it, leaving no room for off-heap buffers.",
            "When pods restarted together, the remaining replicas received their traffic and crossed the memory limit in turn, a cascading failure.",
            "Load tests in staging ran for ten minutes, not long enough for the leak to show.",
        ],
        fix: &[
            "Rolled back {svc} to the previous version.",
            "Raised the memory limit temporarily and disabled the new cache with a feature flag.",
        ],
        factors: &[
            "Canary analysis only compared error rates, not memory growth.",
            "Memory limits were set by copying another service's manifest.",
            "The rollout completed across all regions within fifteen minutes.",
        ],
        actions: &[
            "Add memory growth to the canary analysis",
            "Run soak tests for at least two hours before a release",
            "Derive JVM heap size from the container limit",
            "Stagger rollouts across regions",
        ],
        snippet: Some((
            "text",
            "NAME                          READY   STATUS      RESTARTS   AGE\n{svc}-7d9f8c6b5-x2k4p    0/1     OOMKilled   {n}          14m\n{svc}-7d9f8c6b5-q8w1z    0/1     CrashLoopBackOff   {n2}   14m\n{svc}-7d9f8c6b5-m5n7r    1/1     Running     3          14m",
        )),
    },
    Scenario {
        titles: &[
            "Kafka consumer lag delayed {svc} events",
            "Delayed {svc} processing after a Kafka broker failure",
            "Event pipeline backlog in {region}",
        ],
        tags: &["kafka", "queue", "backlog", "data-delay"],
        deps: &["the Kafka cluster", "the `{svc}-events` topic", "the consumer group"],
        trigger: &[
            "A broker in {dep} lost its disk and {n} partitions went offline.",
            "Consumer lag on {dep} started to grow.",
        ],
        cause: &[
            "A consumer group rebalance was triggered every time a pod was slow to send heartbeats, and each rebalance paused consumption for about {n} seconds.",
            "`max.poll.interval.ms` was lower than the time needed to process a full batch of {big} records, so consumers were evicted repeatedly.",
            "The topic had a replication factor of 2 with `min.insync.replicas=2`, so losing one broker made the affected partitions unwritable.",
            "Producers retried without backoff and saturated the remaining brokers' network threads.",
        ],
        fix: &[
            "Increased `max.poll.interval.ms`, reduced the batch size and restarted the consumers one at a time.",
            "Replaced the failed broker and reassigned the offline partitions.",
        ],
        factors: &[
            "Consumer lag was graphed but did not page anyone.",
            "Replication settings had not been reviewed since the topic was created.",
            "Producers used the client library's default retry policy.",
        ],
        actions: &[
            "Page on consumer lag above 10 minutes for tier-1 topics",
            "Raise the replication factor of tier-1 topics to 3",
            "Enable cooperative sticky rebalancing",
            "Add exponential backoff to producer retries",
        ],
        snippet: Some((
            "text",
            "GROUP            TOPIC            PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG\n{svc}-consumer  {svc}-events     0          {big}          {big2}         {n}412\n{svc}-consumer  {svc}-events     1          {big}          {big2}         {n2}877",
        )),
    },
    Scenario {
        titles: &[
            "Bad configuration push caused {svc} HTTP 502 errors",
            "Elevated HTTP 502 errors from {svc}",
            "Config change broke routing to {svc} in {region}",
        ],
        tags: &["config", "http-502", "deploy", "rollback"],
        deps: &["the edge proxy", "the Envoy route configuration", "the config service"],
        trigger: &[
            "A configuration change to {dep} was pushed to all regions at once.",
            "The new route table for {dep} went live.",
        ],
        cause: &[
            "The change renamed an upstream cluster, but the routes for {svc} still referenced the old name, so Envoy answered with `502 Bad Gateway` and `no healthy upstream`.",
            "The configuration passed schema validation because the reference was a plain string; nothing checked that the upstream existed.",
            "The change was marked as low risk and skipped the staged rollout that code deploys get.",
        ],
        fix: &[
            "Reverted the configuration change in {dep}.",
            "Rolled back to the last known good configuration snapshot.",
        ],
        factors: &[
            "Configuration changes did not go through the canary pipeline.",
            "Validation checked syntax, not references.",
            "The rollback procedure for configuration was not documented.",
        ],
        actions: &[
            "Deploy configuration through the same staged pipeline as code",
            "Validate that every route references an existing upstream",
            "Document the configuration rollback procedure in the runbook",
        ],
        snippet: Some((
            "yaml",
            "routes:\n  - match: {{ prefix: \"/api/{svc}\" }}\n    route:\n      cluster: {svc}-v{n}   # renamed to {svc}-primary in this change\n      timeout: 15s",
        )),
    },
    Scenario {
        titles: &[
            "Disk full on {svc} nodes",
            "{Svc} writes failed when volumes ran out of space",
            "Log volume spike filled disks in {region}",
        ],
        tags: &["disk", "storage", "logging", "capacity"],
        deps: &["the node root volumes", "the {svc} data volume", "the log shipper"],
        trigger: &["{Dep} reached 100% usage on {n} nodes."],
        cause: &[
            "A debug log level left enabled after an investigation raised log volume from {n} GB to {n2}0 GB a day.",
            "Log rotation was configured by size, but the shipper held deleted files open, so the space was never freed.",
            "The disk usage alert fired at 95%, which left less than ten minutes of headroom at the new write rate.",
        ],
        fix: &[
            "Restarted the log shipper to release deleted files and reset the log level to `info`.",
            "Expanded {dep} online and cleaned up old snapshots.",
        ],
        factors: &[
            "Debug logging could be enabled in production without an expiry.",
            "The disk alert threshold was a fixed percentage, not a time-to-full forecast.",
        ],
        actions: &[
            "Make debug log levels expire automatically after one hour",
            "Alert on predicted time to full disk",
            "Cap per-pod log throughput",
        ],
        snippet: Some((
            "text",
            "$ df -h /var/lib\nFilesystem      Size  Used Avail Use% Mounted on\n/dev/nvme1n1    500G  500G     0 100% /var/lib\n$ lsof +L1 | wc -l\n{n2}14",
        )),
    },
    Scenario {
        titles: &[
            "Partial outage of {svc} during a cloud provider incident in {region}",
            "{Region} availability zone failure degraded {svc}",
            "Upstream provider outage affected {svc}",
        ],
        tags: &["cloud-provider", "region-outage", "third-party", "failover"],
        deps: &["one availability zone", "the provider's load balancers", "the managed Kubernetes control plane"],
        trigger: &["The cloud provider began reporting elevated error rates for {dep} in {region}."],
        cause: &[
            "The provider lost power to part of a data centre, and instances in {dep} stopped responding.",
            "Our {svc} deployment had a minimum of two replicas per zone, but the zonal autoscaling group could not launch replacements while the provider's API was degraded.",
            "Cross-zone load balancing was disabled on the {svc} target group, so a third of requests kept going to the unhealthy zone.",
        ],
        fix: &[
            "Shifted traffic away from the affected zone with the weighted DNS records.",
            "Failed {svc} over to {region2}.",
        ],
        factors: &[
            "Zone evacuation was a manual procedure.",
            "Cross-zone load balancing was disabled to save on data transfer costs.",
            "The regional failover runbook had not been exercised in the last year.",
        ],
        actions: &[
            "Automate zone evacuation for tier-1 services",
            "Enable cross-zone load balancing for tier-1 target groups",
            "Run a regional failover game day every quarter",
        ],
        snippet: None,
    },
    Scenario {
        titles: &[
            "Rate limiter misconfiguration rejected legitimate {svc} traffic",
            "HTTP 429 errors for {svc} customers",
            "Overly strict rate limits on the API gateway",
        ],
        tags: &["rate-limiting", "config", "api-gateway"],
        deps: &["the API gateway", "the Redis-backed rate limiter", "the WAF"],
        trigger: &["A new rate-limit policy on {dep} took effect."],
        cause: &[
            "The new policy counted requests per source IP instead of per API key, so customers behind shared NAT gateways exhausted the limit within seconds.",
            "The limit was expressed per minute in the policy file but read as per second by the older gateway version still running in {region}.",
            "Responses carried `429 Too Many Requests` without a `Retry-After` header, and several SDKs retried immediately.",
        ],
        fix: &["Reverted the rate-limit policy on {dep}.", "Raised the limits and switched the key to the API key."],
        factors: &[
            "The policy was tested against synthetic traffic from a single client.",
            "Gateway versions differed between regions.",
        ],
        actions: &[
            "Replay a sample of production traffic against new rate-limit policies",
            "Return `Retry-After` on every 429 response",
            "Keep gateway versions in lockstep across regions",
        ],
        snippet: None,
    },
    Scenario {
        titles: &[
            "Cache stampede overloaded {svc}",
            "Redis failover caused a thundering herd on {svc}",
            "{Svc} p99 latency above 5 seconds after a cache flush",
        ],
        tags: &["redis", "cache", "latency", "p99"],
        deps: &["the Redis cluster", "the {svc} cache", "the CDN cache"],
        trigger: &["{Dep} was flushed during maintenance.", "The primary node of {dep} failed over."],
        cause: &[
            "With the cache empty, every request for popular keys went to the database at once; the hit ratio fell from {pct}% to almost zero.",
            "Cache entries for the catalog all had the same TTL, so they expired together every hour and the load spiked each time.",
            "p99 latency on {svc} rose from {ms} ms to over {n} seconds as database CPU reached 100%.",
        ],
        fix: &[
            "Enabled request coalescing on {svc} and warmed the cache from a replica.",
            "Throttled cache misses and let the hit ratio recover.",
        ],
        factors: &[
            "No request coalescing for cache misses.",
            "TTL jitter was not applied.",
            "The maintenance procedure flushed the whole cache instead of rotating it.",
        ],
        actions: &[
            "Add TTL jitter to every cache write",
            "Coalesce concurrent misses for the same key",
            "Rewrite the cache maintenance runbook to avoid full flushes",
        ],
        snippet: Some((
            "text",
            "keyspace_hits:{big}\nkeyspace_misses:{big2}\nevicted_keys:0\nconnected_clients:{n}384\ninstantaneous_ops_per_sec:{big}",
        )),
    },
    Scenario {
        titles: &[
            "Schema migration locked the {svc} tables",
            "Writes to {svc} blocked by a database migration",
            "Failed migration during the {svc} release",
        ],
        tags: &["migration", "schema", "locking", "database"],
        deps: &["the `orders` table", "the `events` table", "the `accounts` table"],
        trigger: &["The migration `add_index_{n}` started on {dep}."],
        cause: &[
            "The migration added an index without `CONCURRENTLY`, taking an `ACCESS EXCLUSIVE` lock on {dep} for the duration of the build.",
            "The table had grown to {big} rows, so a migration that took seconds in staging took {n} minutes in production.",
            "Requests waiting on the lock held their connections, exhausting the pool and failing unrelated endpoints.",
        ],
        fix: &["Cancelled the migration and re-ran it with `CREATE INDEX CONCURRENTLY` off-peak."],
        factors: &[
            "The migration linter did not flag blocking index builds.",
            "Staging data was much smaller than production.",
        ],
        actions: &[
            "Add a migration linter check for locking DDL",
            "Set `lock_timeout` for migration sessions",
            "Refresh staging with production-sized anonymised data",
        ],
        snippet: Some((
            "sql",
            "-- what ran\nCREATE INDEX idx_{n}_created_at ON orders (created_at);\n-- what should have run\nSET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY idx_{n}_created_at ON orders (created_at);",
        )),
    },
    Scenario {
        titles: &[
            "Kubernetes node pool upgrade evicted {svc} pods",
            "etcd quorum loss on the {region} cluster",
            "Kubernetes control plane unavailable in {region}",
        ],
        tags: &["kubernetes", "etcd", "control-plane", "autoscaling"],
        deps: &["the node pool upgrade", "etcd", "the cluster autoscaler"],
        trigger: &["{Dep} started on the production cluster in {region}."],
        cause: &[
            "The upgrade drained {n} nodes at a time, and {svc} had no PodDisruptionBudget, so all of its replicas were evicted together.",
            "etcd database size reached its 8 GiB quota after a controller wrote a status update every few seconds, and the API server switched to read-only.",
            "New pods stayed `Pending` because the cluster autoscaler could not find instance types with capacity in {region}.",
        ],
        fix: &[
            "Paused the upgrade and added a PodDisruptionBudget to {svc}.",
            "Compacted and defragmented etcd and raised its quota.",
        ],
        factors: &[
            "PodDisruptionBudgets were optional for production services.",
            "etcd size was not monitored.",
            "The node pools allowed a single instance type.",
        ],
        actions: &[
            "Require a PodDisruptionBudget for every production deployment",
            "Alert on etcd database size at 70% of quota",
            "Allow several instance types in every node pool",
        ],
        snippet: Some((
            "text",
            "Warning  FailedScheduling  pod/{svc}-6c8d9-abcde  0/{n2} nodes are available: {n} Insufficient cpu, 3 node(s) had untolerated taint.\netcdserver: mvcc: database space exceeded",
        )),
    },
    Scenario {
        titles: &[
            "Leaked credential rotated for {svc}",
            "Exposed API key for {svc} in a public repository",
            "Suspicious access with a compromised {svc} token",
        ],
        tags: &["security", "credentials", "iam"],
        deps: &["a CI pipeline log", "a public Git repository", "a support ticket attachment"],
        trigger: &["An API key for {svc} was published in {dep}."],
        cause: &[
            "A debug step in the build printed the environment, including a long-lived API key, to {dep}.",
            "The key had broader permissions than {svc} needed, including read access to object storage.",
            "Our secret scanner ran on pull requests but not on build logs.",
        ],
        fix: &[
            "Revoked the exposed key and issued a short-lived replacement.",
            "Rotated every credential the pipeline could read.",
        ],
        factors: &[
            "Long-lived static credentials were still in use.",
            "Build logs were retained and public for open-source repositories.",
        ],
        actions: &[
            "Replace static keys with short-lived OIDC credentials in CI",
            "Scan build logs for secrets",
            "Scope the {svc} key to the permissions it needs",
        ],
        snippet: None,
    },
    Scenario {
        titles: &[
            "DDoS attack against {svc}",
            "Traffic flood degraded the {svc} login page",
            "Layer 7 attack caused elevated latency in {region}",
        ],
        tags: &["ddos", "security", "cdn", "rate-limiting"],
        deps: &["the CDN", "the WAF", "the origin load balancer"],
        trigger: &["Request rate on {svc} rose from {n} thousand to {n2}00 thousand requests per second."],
        cause: &[
            "A botnet sent requests with randomised query strings that bypassed {dep} caching and reached the origin.",
            "The WAF rule set was in count mode after a false-positive incident {n} weeks earlier and was never switched back to block.",
            "The origin autoscaled, but each new instance took {n} minutes to warm up.",
        ],
        fix: &[
            "Enabled the managed challenge on {dep} and blocked the attacking ASNs.",
            "Switched the WAF rules to block mode.",
        ],
        factors: &["WAF rules were left in count mode.", "Query strings were part of the cache key for static pages."],
        actions: &[
            "Alert when WAF rules stay in count mode for more than 24 hours",
            "Normalise query strings in the cache key",
            "Prepare a DDoS runbook with pre-approved mitigations",
        ],
        snippet: None,
    },
    Scenario {
        titles: &[
            "Clock skew broke token validation for {svc}",
            "Authentication failures after an NTP change",
            "Expired tokens rejected by {svc} in {region}",
        ],
        tags: &["clock-skew", "identity", "auth", "timeouts"],
        deps: &["the NTP configuration", "the host image", "the token validator"],
        trigger: &["A new host image that changed {dep} was rolled out."],
        cause: &[
            "The new image pointed chrony at an internal NTP server that had been decommissioned, and clocks drifted by up to {n} seconds.",
            "{Svc} validated `nbf` and `exp` claims with no leeway, so tokens issued by hosts with a skewed clock were rejected.",
        ],
        fix: &["Restored the previous NTP servers and forced a clock step on the affected hosts."],
        factors: &["Clock offset was not monitored.", "Token validation allowed no clock leeway."],
        actions: &["Alert on clock offset above 500 ms", "Allow 30 seconds of leeway when validating tokens"],
        snippet: Some((
            "text",
            "$ chronyc tracking\nReference ID    : 00000000 ()\nSystem time     : {n}.417 seconds slow of NTP time\nLeap status     : Not synchronised",
        )),
    },
    Scenario {
        titles: &[
            "Feature flag rollout broke {svc} for some users",
            "Percentage rollout exposed an unfinished {svc} feature",
            "{Svc} errors for mobile clients after a flag change",
        ],
        tags: &["feature-flag", "deploy", "mobile"],
        deps: &["the feature flag service", "the new checkout flow", "the mobile API"],
        trigger: &["The flag `{svc}-new-flow` was raised to {pct}% of traffic."],
        cause: &[
            "Older mobile clients did not understand the new response field and crashed on launch.",
            "The flag was evaluated per request instead of per user, so users switched between the old and new flows mid-session.",
            "The rollout was scheduled by a bot and nobody was watching the dashboards when it advanced.",
        ],
        fix: &["Set the flag back to 0% and invalidated the flag cache."],
        factors: &[
            "Flag rollouts were not tied to health checks.",
            "Client versions were not part of the targeting rules.",
        ],
        actions: &["Stop automatic flag rollouts when error rates rise", "Target flags by minimum client version"],
        snippet: Some((
            "json",
            "{{\n  \"key\": \"{svc}-new-flow\",\n  \"rollout\": {{ \"percentage\": {pct}, \"bucketBy\": \"requestId\" }},\n  \"enabled\": true\n}}",
        )),
    },
    Scenario {
        titles: &[
            "Network partition between {region} and {region2}",
            "BGP route leak caused packet loss for {svc}",
            "Elevated packet loss on the {region} transit links",
        ],
        tags: &["network", "bgp", "latency", "timeouts"],
        deps: &["a transit provider", "the VPN gateway", "the inter-region peering link"],
        trigger: &["{Dep} began dropping packets between {region} and {region2}."],
        cause: &[
            "A transit provider accepted a route leak and advertised a more specific prefix for our address space, pulling traffic through a congested path.",
            "Packet loss of {pct}% on {dep} caused TCP retransmissions, and {svc} requests timed out after {n} seconds.",
            "Health checks used a separate path and kept passing, so traffic was never shifted automatically.",
        ],
        fix: &["Withdrew the affected routes and moved traffic to the backup link.", "Failed {svc} over to {region2}."],
        factors: &["RPKI route origin validation was not enforced.", "Health checks did not follow the data path."],
        actions: &[
            "Publish ROAs and ask transit providers to enforce RPKI",
            "Run health checks over the same path as production traffic",
        ],
        snippet: None,
    },
    Scenario {
        titles: &[
            "Scheduled job overloaded {svc}",
            "Nightly batch job saturated the {svc} database",
            "Cron job retries caused duplicate {svc} notifications",
        ],
        tags: &["cron", "capacity", "queue"],
        deps: &["the nightly export job", "the billing run", "the reconciliation job"],
        trigger: &["{Dep} started at its scheduled time."],
        cause: &[
            "{Dep} was moved to a larger instance and ran with {n} workers instead of 4, saturating the database shared with {svc}.",
            "The job was not idempotent: when it timed out, the scheduler retried it and sent {big} duplicate messages.",
        ],
        fix: &["Paused {dep} and cleaned up the duplicate records."],
        factors: &["Batch jobs shared a database with user-facing traffic.", "Retries assumed the job was idempotent."],
        actions: &["Give batch jobs their own read replica", "Make the job idempotent with a run identifier"],
        snippet: Some(("text", "0 2 * * *  /opt/jobs/{svc}-export --workers={n} --since=24h")),
    },
];

/// Generic sentences for the Summary section's opening.
pub const SUMMARY_OPEN: &[&str] = &[
    "On {day}, {svc} was degraded for {duration}.",
    "Between {start} and {end} UTC on {day}, customers using {svc} in {region} saw elevated error rates.",
    "On {day} at {start} UTC, {svc} began failing requests, and the incident was resolved {duration} later.",
    "For {duration} on {day}, a problem with {dep} affected {svc}.",
    "This postmortem covers the {svc} incident of {day}, which lasted {duration}.",
];

/// Generic sentences that close the Summary.
pub const SUMMARY_MORE: &[&str] = &[
    "Roughly {pct}% of requests failed with HTTP 5xx errors during the worst of it.",
    "No data was lost, but some requests had to be retried by clients.",
    "We detected the problem through automated alerting after {ttd}.",
    "The on-call engineer for the {team} team led the response.",
    "Customers were informed through the status page within {n} minutes of detection.",
    "The impact was limited to {region}; other regions were not affected.",
    "We apologise for the disruption this caused.",
    "The issue was mitigated after {ttm} and fully resolved after {duration}.",
];

/// Impact sentences.
pub const IMPACT: &[&str] = &[
    "About {pct}% of requests to {svc} failed or timed out.",
    "p99 latency for {svc} rose from {ms} ms to more than {n} seconds.",
    "Roughly {big} API requests returned HTTP 502 or 503.",
    "{n} enterprise customers opened support tickets during the incident.",
    "Webhooks were delayed by up to {n} minutes and were delivered once the backlog cleared.",
    "Users in {region} could not sign in, and existing sessions were unaffected.",
    "Mobile clients showed a generic error screen; the web app displayed a maintenance banner.",
    "Background jobs that depend on {svc} were delayed but not lost.",
    "Dashboards in the admin console showed stale data for the duration of the incident.",
    "Payments that failed were not charged, and customers could retry them.",
    "The error budget for {svc} for the month was {pct}% consumed by this incident.",
    "Internal tooling was also affected, which slowed down the response.",
];

/// Investigation steps for the timeline.
pub const INVESTIGATE: &[&str] = &[
    "The on-call engineer acknowledged the page and started investigating.",
    "Incident declared; an incident commander from the {team} team joined the bridge.",
    "Dashboards showed the error rate on {svc} climbing in {region}.",
    "Ruled out the most recent {svc2} deploy; error rates had started before it.",
    "Found `connection refused` errors in the {svc} logs.",
    "Paged the {team2} team for help with {dep}.",
    "Posted the first status page update: investigating elevated errors.",
    "Identified {dep} as the likely cause.",
    "Traces showed requests from {svc} waiting on {dep}.",
    "Attempted a rolling restart of {svc}; it did not help.",
    "Scaled {svc} from {n} to {n2} replicas to absorb retries.",
    "Confirmed that other regions were healthy.",
    "Customer support reported a spike in tickets about {svc}.",
    "Compared the configuration of {region} with {region2} and found a difference.",
    "Opened a support case with the cloud provider.",
    "Status page updated: the cause has been identified and a fix is being applied.",
    "Grafana showed p99 latency on {svc} above {n} seconds.",
    "Disabled non-essential background jobs to reduce load on {dep}.",
    "Checked recent changes in the deploy log and the Terraform history.",
    "Engineers from {team} and {team2} joined the incident channel.",
];

/// Recovery steps for the timeline (after mitigation).
pub const RECOVER: &[&str] = &[
    "Error rates returned to normal levels.",
    "Monitoring the recovery; queues draining.",
    "Backlog fully processed.",
    "Status page updated: a fix has been applied and we are monitoring.",
    "Latency back within the SLO.",
    "Re-enabled the background jobs that had been paused.",
    "Verified that no data was lost.",
];

/// Sentences for the Resolution section.
pub const RESOLUTION: &[&str] = &[
    "Once the change was applied, error rates on {svc} returned to baseline within {n} minutes.",
    "We kept the incident open for another {n} hours to watch for regressions before resolving it.",
    "Queued work was processed in the order it arrived, and no messages were dropped.",
    "A follow-up change made the fix permanent and removed the temporary workaround.",
    "The {team} team verified recovery with synthetic checks from every region.",
    "Customers who contacted support received a summary of the incident once it was resolved.",
    "We confirmed through the audit log that no data was accessed or modified.",
];

/// Generic root-cause elaboration, used to grow long documents.
pub const ANALYSIS: &[&str] = &[
    "Looking back at the metrics, the first signs were visible {n} minutes before the alert fired, but they stayed below the paging threshold.",
    "The dependency between {svc} and {dep} was not documented in the service catalog, so responders did not look there first.",
    "Retries in the client library multiplied the load by a factor of {n} during the incident.",
    "The runbook for {svc} described an architecture that had changed since it was written.",
    "Our load tests did not cover this traffic pattern, because they replay a sample recorded before {svc2} launched.",
    "The alert that should have caught this was routed to the {team2} team, which no longer owns {dep}.",
    "Circuit breakers were configured on the path to {svc2} but not on the path to {dep}.",
    "Health checks only verified that the process was running, not that it could reach its dependencies.",
    "Because the change looked routine, it was approved without a second reviewer from the owning team.",
    "The same failure mode had occurred in a smaller form {n} months earlier, and the follow-up action was never completed.",
    "Several engineers investigated the same hypothesis in parallel because roles were not assigned early.",
    "The rollback took longer than expected because the previous artifact had been garbage-collected from the registry.",
    "Autoscaling reacted to CPU, but the bottleneck was the number of open connections.",
    "Timeouts were longer on the caller than on the callee, so requests piled up instead of failing fast.",
    "Logs were sampled at 1% under high load, which hid the error messages we needed.",
    "During the incident, the dashboards themselves were slow because they queried the same overloaded cluster.",
    "SLO burn-rate alerts fired {n} minutes after the threshold-based alert, which is expected for a fast burn.",
    "The incident channel had more than {n}0 participants, which made coordination harder.",
    "The fix itself was small; most of the time went into finding where the problem was.",
    "We found that {svc} in {region2} had the same misconfiguration but had not yet hit the triggering condition.",
];

/// Generic contributing factors.
pub const FACTORS: &[&str] = &[
    "The alert threshold was tuned for average load, not peak load.",
    "The runbook was out of date.",
    "On-call responders did not have read access to the dashboards for {dep}.",
    "The change was deployed on a Friday afternoon.",
    "There was no automated rollback on elevated error rates.",
    "Client retries had no jitter.",
    "The service had no load shedding.",
    "Ownership of {dep} was unclear after a team change.",
    "Staging did not reproduce production traffic volumes.",
    "Status page updates depended on a manual step.",
];

/// Generic action items.
pub const ACTIONS: &[&str] = &[
    "Update the {svc} runbook with the diagnosis steps from this incident",
    "Add an SLO burn-rate alert for {svc}",
    "Add jitter and a retry budget to the {svc} client",
    "Add load shedding to {svc}",
    "Review alert routing for {dep}",
    "Automate the status page update from the incident tool",
    "Add {dep} to the service dependency map",
    "Run a game day that reproduces this failure",
    "Shorten the caller timeouts for {svc}",
    "Add a saturation panel for {dep} to the service dashboard",
];

/// "What went well" items.
pub const WENT_WELL: &[&str] = &[
    "The alert fired within minutes and reached the right person.",
    "The incident commander assigned roles early.",
    "The rollback worked the first time.",
    "Customer support had a clear message to share within {n} minutes.",
    "Other regions were isolated and unaffected.",
];

/// "What went wrong" items.
pub const WENT_WRONG: &[&str] = &[
    "It took {ttd} to notice the impact.",
    "We spent time on a hypothesis that the metrics could have ruled out.",
    "The runbook pointed at a dashboard that no longer exists.",
    "The status page was updated late.",
    "Nobody on call knew how {dep} was configured.",
];

/// "Where we got lucky" items.
pub const LUCKY: &[&str] = &[
    "The incident happened outside peak hours.",
    "An engineer who knew {dep} well happened to be online.",
    "The batch jobs that would have made it worse were not scheduled that day.",
];

/// Lessons learned sentences.
pub const LESSONS: &[&str] = &[
    "Treat configuration changes with the same care as code changes.",
    "Alerts should measure what customers experience, not only what machines report.",
    "Every dependency needs an owner and a documented failure mode.",
    "A rollback that has not been tested is a hope, not a plan.",
    "Small, staged rollouts limit the blast radius of mistakes we will keep making.",
    "Clear incident roles save more time than any single tool.",
];

/// Five-whys questions and answers (a whole list, used rarely).
pub const WHYS: &[&str] = &[
    "Why did requests fail? Because {svc} could not reach {dep}.",
    "Why could it not reach {dep}? Because the change removed the route it used.",
    "Why was the change not caught? Because validation did not check references.",
    "Why did validation not check references? Because it was written before routes could point at other resources.",
    "Why was it not updated? Because no team owned the validation tooling.",
];

/// Link targets for the occasional reference.
pub const LINKS: &[(&str, &str)] = &[
    ("the status page update", "https://status.example.org/incidents/{n2}{n}"),
    ("the upstream issue", "https://github.com/example/{svc}/issues/{big}"),
    ("the provider's incident report", "https://health.cloud.example.com/incidents/{big}"),
    ("our SLO policy", "https://status.example.org/history/slo/"),
    ("the runbook", "https://docs.example.org/runbooks/{svc}/"),
];

/// Sentence openers for composed analysis sentences (may be empty).
pub const OPENERS: &[&str] = &[
    "",
    "",
    "",
    "During the investigation, ",
    "In hindsight, ",
    "Later analysis showed that ",
    "As traffic shifted, ",
    "Meanwhile, ",
    "Unfortunately, ",
    "Because of this, ",
    "At the same time, ",
    "Within a few minutes, ",
    "Shortly after the alert, ",
    "Once the backlog grew, ",
    "According to the traces, ",
    "In {region}, ",
    "After the rollback, ",
    "Before anyone was paged, ",
];

/// Subjects for composed analysis sentences.
pub const SUBJECTS: &[&str] = &[
    "the {svc} workers",
    "requests from {svc2}",
    "{dep}",
    "the on-call engineer",
    "the {team} team",
    "retries from mobile clients",
    "the cluster autoscaler",
    "the connection pool on {svc}",
    "p99 latency on {svc}",
    "the error rate in {region}",
    "the Kafka consumers for {svc}",
    "the readiness probes",
    "the load balancer in front of {svc}",
    "the Postgres primary",
    "the Redis cache",
    "the deploy pipeline",
    "the incident commander",
    "the Prometheus alert for {svc}",
    "the ingress controller",
    "the canary instances",
    "a background job in {svc2}",
    "the service mesh sidecars",
    "the CDN edge nodes",
    "customer traffic from {region2}",
    "the DNS resolvers",
    "the rate limiter",
];

/// Past-tense predicates for composed analysis sentences.
pub const PREDICATES: &[&str] = &[
    "kept retrying against {dep}",
    "returned HTTP 503 for roughly {pct}% of requests",
    "saturated the available database connections",
    "stopped reporting metrics",
    "got throttled by the cloud provider API",
    "masked the underlying `context deadline exceeded` errors",
    "doubled the load on {svc}",
    "came back on its own after {n} minutes",
    "pointed the investigation in the wrong direction",
    "failed health checks and were removed from rotation",
    "added about {ms} ms to every request",
    "hit the memory limit and restarted",
    "queued more than {big} messages",
    "routed traffic to the unhealthy zone",
    "timed out after {n} seconds",
    "kept a stale copy of the configuration",
    "used a hard-coded limit that nobody remembered",
    "logged `ERROR upstream connect error or disconnect/reset before headers`",
    "emitted thousands of duplicate alerts",
    "needed a manual restart",
    "fell back to the secondary region",
    "burned through the error budget for the quarter",
    "rejected connections with `TLS handshake timeout`",
    "reported healthy while serving errors",
    "scaled out, which made the contention worse",
    "ended up waiting on a lock held by a migration",
];

/// Endings for composed analysis sentences (may be empty).
pub const TAILS: &[&str] = &[
    "",
    "",
    "",
    " until the fix was deployed",
    " in {region}",
    " for about {n} minutes",
    ", which made the dashboards hard to read",
    ", and nobody noticed at first",
    " while the rollback was in progress",
    " during the peak of the incident",
    ", so the alert stayed quiet",
    " once the retries started",
    " across every availability zone",
    " for requests from {svc2}",
];

/// Sub-headings that long Root cause sections are split into.
pub const ROOT_CAUSE_SUBHEADINGS: &[&str] = &[
    "Background",
    "What happened",
    "Why it was not caught earlier",
    "Why recovery took so long",
    "Technical details",
    "How {dep} works",
    "The trigger",
    "Investigation",
];
