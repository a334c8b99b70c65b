// Lighthouse (npm `lighthouse`, run with Debian's Chromium) over the example site as a
// static host serves it: gzip-compressed (the `--precompress` twins), content-hashed
// assets cached for a year. Prints the four category scores and the layout shift of the
// index, an incident, a service, a tag, a year and the stats page, in the mobile preset.
//
// Usage: node lighthouse.mjs SITE_DIR   (scripts/lighthouse.sh builds the site first)
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const dir = process.argv[2];
const mount = "/history/";
const PAGES = [
  ["index", ""],
  ["incident", "incidents/expired-tls-certificate-checkout/"],
  ["service", "services/checkout-api/"],
  ["tag", "tags/dns/"],
  ["year", "years/2025/"],
  ["stats", "stats/"],
];
const MIME = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".bin": "application/octet-stream", ".txt": "text/plain; charset=utf-8", ".png": "image/png",
};
const HASHED = /\.[0-9a-f]{8}\.[a-z]+$|\/search-[0-9a-f]+\.bin$|\/(f|p|t|facet|meta)-[0-9a-f]{8}/;

const server = createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (!url.pathname.startsWith(mount)) { res.writeHead(404); res.end(); return; }
  let file = normalize(join(dir, decodeURIComponent(url.pathname.slice(mount.length))));
  if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  const status = existsSync(file) ? 200 : 404;
  if (status === 404) file = join(dir, "404.html");
  const headers = { "content-type": MIME[extname(file)] ?? "application/octet-stream" };
  headers["cache-control"] = HASHED.test(file) ? "public, max-age=31536000, immutable" : "public, max-age=300";
  let body = readFileSync(file);
  if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "") && existsSync(file + ".gz")) {
    body = readFileSync(file + ".gz");
    headers["content-encoding"] = "gzip";
    headers["vary"] = "Accept-Encoding";
  }
  res.writeHead(status, headers);
  res.end(body);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}${mount}`;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let worst = 100;
try {
  console.log("page       perf  a11y  best  seo   CLS     LCP");
  for (const [name, path] of PAGES) {
    const result = await lighthouse(base + path, { port: chrome.port, output: "json", logLevel: "error" });
    const lhr = result.lhr;
    const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
    const scores = ["performance", "accessibility", "best-practices", "seo"].map(score);
    worst = Math.min(worst, ...scores);
    const cls = lhr.audits["cumulative-layout-shift"].numericValue;
    const lcp = lhr.audits["largest-contentful-paint"].displayValue;
    console.log(`${name.padEnd(10)} ${scores.map((s) => String(s).padStart(4)).join("  ")}  ${cls.toFixed(3).padStart(6)}  ${lcp}`);
    for (const [id, audit] of Object.entries(lhr.audits)) {
      if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary") console.log(`    ${id}: ${audit.title}`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
console.log(worst === 100 ? "every category 100 on every page" : `lowest score: ${worst}`);
