// Search benchmark: debrief's search index against Pagefind's, on the same built site, in
// Debian Chromium (headless, driven by playwright-core). Run by scripts/bench-search.sh:
//
//   node bench/search/bench.js LABEL=SITE_DIR [LABEL=SITE_DIR ...]
//   JSON=out.json node bench/search/bench.js 10000=/tmp/debrief-bench-search/10000/public
//
// SITE_DIR is a `debrief build` output (base_url path "/") on which Pagefind was run with
// `--output-subdir pagefind`. Each site is served by a tiny static server on 127.0.0.1 that
// records every request (path, bytes, start and end). Per engine it measures:
// - index on disk: debrief search/, Pagefind pagefind/ less its JS/wasm/UI bundles;
// - bytes fetched by the first query and by a session of five queries, in a fresh browser
//   context: index files only, and total with the code bundles (debrief's module loads
//   with the page; pagefind.js is imported before the first query, its wasm during it);
// - dependent round trips of the first query: while bytes are measured every response is
//   delayed by DELAY_MS (100), and a request the browser issued after another one of the
//   query had finished is one round trip later (times from Chromium, workers included);
// - query latency in the page after the files are loaded (median of ROUNDS=3 runs a query): debrief `bench_query(q)` (parse,
//   search, render of the top 10); Pagefind `await search(q)` + `await data()` of the top 10;
// - `debrief search` wall time per query (a process each: start-up, file reads, search).
// "gzip" is gzip -9 of each file served (never more than raw: Pagefind's files are
// already gzipped), i.e. what a host that compresses responses sends.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const DEBRIEF = process.env.DEBRIEF_BIN ?? join(repo, "target/release/debrief");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const DELAY_MS = Number(process.env.DELAY_MS ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

// Five queries typed one after another (words of crates/bench/src/vocab.rs), then more
// for latency: phrases, services, regions, prefixes, a typo. No filter syntax (Pagefind
// has none). Pagefind finds nothing for the typo; it is still timed.
const SESSION = ["dns", "certificate expired", "kafka", "database failover", "oom"];
const MORE = ["tls handshake", "postgres", "connection pool", "memory leak", "consumer lag", "broker", "http 502",
  "configuration push", "disk full", "volumes", "cloud provider", "availability zone", "rate limiter", "cache stampede",
  "redis", "thundering herd", "schema migration", "kubernetes", "etcd quorum", "control plane", "leaked credential",
  "api key", "ddos", "clock skew", "ntp", "feature flag", "rollout", "bgp", "packet loss", "network partition",
  "cron job", "batch job", "duplicate notifications", "checkout", "payments", "eu-west-1", "us-east-1", "latency",
  "rollback", "timeouts", "load balancer", "webhooks", "k", "ka", "kaf", "certficate"];
const LATENCY = [...SESSION, ...MORE];

// ---- files and sizes ----------------------------------------------------------------------

const gzCache = new Map();
function sizes(file) {
  if (!gzCache.has(file)) {
    const bytes = readFileSync(file);
    gzCache.set(file, { raw: bytes.length, gz: Math.min(bytes.length, gzipSync(bytes, { level: 9 }).length) });
  }
  return gzCache.get(file);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function total(files) {
  const s = files.map(sizes);
  return { files: files.length, raw: sum(s.map((x) => x.raw)), gz: sum(s.map((x) => x.gz)) };
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const kb = (n) => (n / 1000).toFixed(1);

// Which served paths belong to which engine, and which of those are code, not index.
const ENGINES = {
  debrief: { index: (p) => p.startsWith("/search/"), code: (p) => /^\/debrief[.-][^/]*\.(js|wasm)$/.test(p) },
  pagefind: {
    index: (p) => p.startsWith("/pagefind/") && !isPagefindCode(p),
    code: (p) => isPagefindCode(p),
  },
};
function isPagefindCode(p) {
  return p.startsWith("/pagefind/") && (/\.(js|css)$/.test(p) || /\/wasm\.[^/]*\.pagefind$/.test(p));
}

// ---- server -------------------------------------------------------------------------------

const MIME = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml" };

/** Serves `dir` at "/" on 127.0.0.1; `log` gets { path, raw, gz } per response. */
async function serve(dir) {
  const log = [];
  const self = { delay: 0, log };
  const server = createServer((req, res) => setTimeout(() => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(dir, path));
    if (file !== dir && !file.startsWith(dir + sep)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      log.push({ path, raw: 0, gz: 0, status: 404 });
      return res.writeHead(404).end();
    }
    const body = readFileSync(file);
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "max-age=3600" });
    log.push({ path, ...sizes(file), status: 200 });
    res.end(body);
  }, self.delay));
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  self.origin = `http://127.0.0.1:${server.address().port}`;
  self.close = () => new Promise((ok) => server.close(ok));
  return self;
}

/** Bytes of the responses in `entries` by engine part. */
function bytes(entries, engine) {
  const pick = (f) => entries.filter((e) => f(e.path));
  const index = pick(ENGINES[engine].index);
  const code = pick(ENGINES[engine].code);
  const t = (es) => ({ raw: sum(es.map((e) => e.raw)), gz: sum(es.map((e) => e.gz)), requests: es.length });
  return { index: t(index), code: t(code), all: t([...index, ...code]) };
}

/** Dependent round trips: a request issued after another one had finished is one later. */
function roundTrips(requests) {
  const r = [...requests].sort((a, b) => a.issued - b.issued);
  const w = [];
  for (const [i, e] of r.entries()) {
    w[i] = 1 + Math.max(0, ...r.slice(0, i).map((d, j) => (d.done <= e.issued ? w[j] : 0)));
  }
  return Math.max(0, ...w);
}

// ---- browser ------------------------------------------------------------------------------

async function launch(userDataDir) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
}

/** A fresh page (empty HTTP cache) on an incident page, with debrief's module booted. */
async function freshPage(origin, pagePath) {
  const dataDir = mkdtempSync(join(tmpdir(), "debrief-bench-chromium-"));
  const context = await launch(dataDir);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  const requests = []; // as Chromium saw them, from pages and workers
  page.on("pageerror", (e) => errors.push(String(e)));
  context.on("requestfailed", (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
  context.on("requestfinished", (r) => {
    const t = r.timing();
    requests.push({ path: new URL(r.url()).pathname, issued: t.startTime, done: t.startTime + t.responseEnd });
  });
  await page.goto(origin + pagePath, { waitUntil: "load" });
  await page.waitForFunction(() => document.documentElement.dataset.debrief === "ready", null, { timeout: 30_000 });
  const close = async () => {
    await context.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { page, errors, requests, close };
}

// In-page query runners. Each returns the number of results, so a broken run is visible.
const debriefRun = async ([q, time]) => {
  const mod = await import(document.querySelector("script[type=module]").src);
  const ms = await mod.bench_query(q);
  return time ? ms : null;
};
const pagefindRun = async ([q, time]) => {
  const pf = await import("/pagefind/pagefind.js");
  const t0 = performance.now();
  const r = await pf.search(q);
  await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return time ? performance.now() - t0 : r.results.length;
};

/** Bytes and round trips of the first query and of the five-query session; then latency. */
async function measureEngine(server, pagePath, engine) {
  const run = engine === "debrief" ? debriefRun : pagefindRun;
  server.delay = DELAY_MS;
  const { page, errors, requests, close } = await freshPage(server.origin, pagePath);
  try {
    await page.waitForLoadState("networkidle");
    if (engine === "pagefind") await page.evaluate(() => import("/pagefind/pagefind.js"));
    const before = server.log.length;
    const seen = requests.length;
    const mark = () => server.log.slice(before);
    const counts = [];
    counts.push(await page.evaluate(run, [SESSION[0], false]));
    const firstEntries = mark();
    const mine = (x) => ENGINES[engine].index(x.path) || ENGINES[engine].code(x.path);
    // Wait for Chromium's requestfinished events of every response the server sent.
    for (let i = 0; i < 100 && requests.slice(seen).filter(mine).length < firstEntries.filter(mine).length; i++) {
      await page.waitForTimeout(50);
    }
    const firstRequests = requests.slice(seen).filter(mine);
    for (const q of SESSION.slice(1)) counts.push(await page.evaluate(run, [q, false]));
    const sessionEntries = mark();
    server.delay = 0;
    // Code loaded with the page (debrief) or before the first query (pagefind.js).
    const preload = bytes(server.log.slice(0, before), engine).code;
    const first = bytes(firstEntries, engine);
    const session = bytes(sessionEntries, engine);
    const withCode = (b) => ({ raw: b.all.raw + preload.raw, gz: b.all.gz + preload.gz });

    // Latency: every query until a pass loads no more files (Pagefind's results can change
    // once more of its index is loaded), then each timed in ROUNDS rounds; a query's time is
    // its median over the rounds (the machine may be shared).
    for (let pass = 0, n = -1; pass < 5 && n !== server.log.length; pass++) {
      n = server.log.length;
      for (const q of LATENCY) await page.evaluate(run, [q, false]);
    }
    const loaded = server.log.length;
    const runs = LATENCY.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, q] of LATENCY.entries()) runs[i].push(await page.evaluate(run, [q, true]));
    }
    const times = runs.map((r) => stats(r).p50);
    if (server.log.length !== loaded) errors.push(`requests while timing: ${server.log.slice(loaded).map((e) => e.path).join(" ")}`);
    if (errors.length) throw new Error(`${engine}: page errors: ${errors.join("; ")}`);
    return {
      first_query: { index: first.index, total: withCode(first), requests: first.all.requests, round_trips: roundTrips(firstRequests),
        index_round_trips: roundTrips(firstRequests.filter((x) => ENGINES[engine].index(x.path))),
        timeline: firstRequests.map((x) => ({ path: x.path, issued: x.issued - firstRequests[0].issued, done: x.done - firstRequests[0].issued })) },
      session: { queries: SESSION, index: session.index, total: withCode(session), requests: session.all.requests },
      session_results: counts,
      latency_ms: { ...stats(times), rounds: ROUNDS, per_query: Object.fromEntries(LATENCY.map((q, i) => [q, runs[i]])) },
    };
  } finally {
    await close();
  }
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const p = (x) => s[Math.min(s.length - 1, Math.floor(x * s.length))];
  return { n: s.length, p50: p(0.5), p95: p(0.95), max: s.at(-1) };
}

/** `debrief search` wall time per query (one process per query, as a user runs it) and
 * the number of results of each query. */
function native(site) {
  const times = [];
  const totals = {};
  for (const q of LATENCY) {
    const t0 = performance.now();
    const r = spawnSync(DEBRIEF, ["search", site, q, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`debrief search ${JSON.stringify(q)} failed: ${r.stderr}`);
    totals[q] = JSON.parse(r.stdout).total;
  }
  return { latency: stats(times), totals };
}

// ---- main ---------------------------------------------------------------------------------

async function measureSite(label, site) {
  site = resolve(site);
  for (const need of ["search", "pagefind/pagefind.js"]) {
    if (!existsSync(join(site, need))) throw new Error(`${join(site, need)} missing: build the site and run pagefind first`);
  }
  const incidents = readdirSync(join(site, "incidents")).filter((d) => existsSync(join(site, "incidents", d, "index.html")));
  const pagePath = `/incidents/${incidents.sort()[0]}/`;
  const pfFiles = walk(join(site, "pagefind"));
  const rel = (f) => "/" + relative(site, f).split(sep).join("/");
  const disk = {
    debrief: { index: total(walk(join(site, "search"))), code: total(readdirSync(site).map((f) => join(site, f)).filter((f) => ENGINES.debrief.code(rel(f)))) },
    pagefind: { index: total(pfFiles.filter((f) => ENGINES.pagefind.index(rel(f)))), code: total(pfFiles.filter((f) => /\/(pagefind\.js|pagefind-worker\.js|wasm\.en\.pagefind)$/.test(rel(f)))) },
  };
  const server = await serve(site);
  try {
    const out = { label, site, documents: incidents.length, page: pagePath };
    for (const engine of ["debrief", "pagefind"]) {
      process.stderr.write(`== ${label}: ${engine} in Chromium\n`);
      out[engine] = { disk: disk[engine], ...(await measureEngine(server, pagePath, engine)) };
    }
    process.stderr.write(`== ${label}: debrief search (native)\n`);
    const n = native(site);
    out.debrief.native_latency_ms = n.latency;
    out.debrief.session_results = SESSION.map((q) => n.totals[q]);
    return out;
  } finally {
    await server.close();
  }
}

function table(results) {
  const rows = [
    ["documents (incident pages)", (r) => String(r.documents)],
    ["index on disk: files", (r, e) => String(r[e].disk.index.files)],
    ["index on disk: raw / gzip KB", (r, e) => `${kb(r[e].disk.index.raw)} / ${kb(r[e].disk.index.gz)}`],
    ["code bundle (JS + wasm): raw / gzip KB", (r, e) => `${kb(r[e].disk.code.raw)} / ${kb(r[e].disk.code.gz)}`],
    ["first query: index raw / gzip KB", (r, e) => `${kb(r[e].first_query.index.raw)} / ${kb(r[e].first_query.index.gz)}`],
    ["first query: total with code raw / gzip KB", (r, e) => `${kb(r[e].first_query.total.raw)} / ${kb(r[e].first_query.total.gz)}`],
    ["first query: requests", (r, e) => String(r[e].first_query.requests)],
    ["first query: round trips, index files / with code", (r, e) => `${r[e].first_query.index_round_trips} / ${r[e].first_query.round_trips}`],
    ["5-query session: index raw / gzip KB", (r, e) => `${kb(r[e].session.index.raw)} / ${kb(r[e].session.index.gz)}`],
    ["5-query session: total with code raw / gzip KB", (r, e) => `${kb(r[e].session.total.raw)} / ${kb(r[e].session.total.gz)}`],
    ["5-query session: requests", (r, e) => String(r[e].session.requests)],
    ["session: results per query", (r, e) => r[e].session_results.join(", ")],
    [`Chromium query ms p50 / p95 / max (${LATENCY.length} queries, median of ${ROUNDS} runs each)`, (r, e) => { const l = r[e].latency_ms; return `${l.p50.toFixed(2)} / ${l.p95.toFixed(2)} / ${l.max.toFixed(2)}`; }],
    ["native `debrief search` wall p50 / p95 ms", (r, e) => { const l = r[e].native_latency_ms; return l ? `${l.p50.toFixed(1)} / ${l.p95.toFixed(1)}` : "–"; }],
  ];
  const head = ["figure", ...results.flatMap((r) => [`debrief ${r.label}`, `Pagefind ${r.label}`])];
  const lines = [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`];
  for (const [name, f] of rows) {
    lines.push(`| ${[name, ...results.flatMap((r) => [f(r, "debrief"), f(r, "pagefind")])].join(" | ")} |`);
  }
  return lines.join("\n");
}

const sites = process.argv.slice(2).map((a) => a.split("="));
if (!sites.length || sites.some((s) => s.length !== 2)) {
  console.error("usage: node bench/search/bench.js LABEL=SITE_DIR [LABEL=SITE_DIR ...]");
  process.exit(2);
}
const results = [];
for (const [label, site] of sites) results.push(await measureSite(label, site));
console.log(table(results));
console.log(`\nsession: ${SESSION.map((q) => JSON.stringify(q)).join(", ")}; gzip = gzip -9 per file; Chromium ${CHROMIUM}`);
if (process.env.JSON) {
  writeFileSync(process.env.JSON, JSON.stringify({ session: SESSION, latency_queries: LATENCY, results }, null, 2) + "\n");
  console.error(`wrote ${process.env.JSON}`);
}
