// Timeline benchmark in headless Chromium: the history page of each built site, timing
// the interactive timeline's first render (decode the data file, lay out, write the SVG,
// into the DOM) and its frames while panning and zooming (`bench_timeline` in the WASM
// module: input → layout → SVG → DOM → forced layout, per frame), plus real frames while a
// mouse drag pans and while the wheel zooms (requestAnimationFrame intervals). Prints a
// markdown table.
//
//   node bench/timeline/bench.js 1000=/tmp/debrief-bench-search/1000/public 10000=...
//
// Uses playwright-core from tests/browser/node_modules and Debian's /usr/bin/chromium.
// The sites must be built with a base URL whose path is `/` (scripts/bench-timeline.sh).
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const repo = resolve(fileURLToPath(import.meta.url), "../../..");
const require = createRequire(join(repo, "tests/browser/package.json"));
const { chromium } = require("playwright-core");

const FRAMES = Number(process.env.FRAMES ?? 60);
const MIME = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".svg": "image/svg+xml" };

function serve(dir) {
  const server = createServer((req, res) => {
    let file = normalize(join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!file.startsWith(dir + sep) && file !== dir) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const f = (x) => x.toFixed(1);

const rows = [];
for (const arg of process.argv.slice(2)) {
  const [label, dir] = arg.split("=");
  const server = await serve(resolve(dir));
  const origin = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(origin, { waitUntil: "load" });
  await page.waitForSelector("[data-timeline][data-ready]", { timeout: 60_000 });
  const dataBytes = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => /timeline\.[0-9a-f]+\.bin$/.test(e.name)).map((e) => e.decodedBodySize)[0]);
  const shown = await page.$eval("[data-timeline] svg > title", (t) => t.textContent);
  const times = await page.evaluate(async (frames) => {
    const mod = await import(document.querySelector("script[type=module]").src);
    return Array.from(mod.bench_timeline(frames));
  }, FRAMES);
  const [first, ...rest] = times;
  const pan = rest.slice(0, FRAMES);
  const zoom = rest.slice(FRAMES);
  // Zoomed all the way out: every incident in view (the worst frame).
  const all = await page.evaluate(async () => {
    const mod = await import(document.querySelector("script[type=module]").src);
    for (let i = 0; i < 12; i++) document.querySelector('[data-tl="zoom-out"]').click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const t0 = performance.now();
    const times = Array.from(mod.bench_timeline(10)).slice(1, 11);
    return { times, title: document.querySelector("[data-timeline] svg > title").textContent, ms: performance.now() - t0 };
  });
  // Real frames while a mouse drag pans: intervals between animation frames.
  const box = await page.$eval("[data-timeline] .timeline-figure", (el) => el.getBoundingClientRect().toJSON());
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 400) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const y = box.y + box.height - 8;
  await page.mouse.move(box.x + 100, y);
  await page.mouse.down();
  for (let i = 0; i < 60; i++) await page.mouse.move(box.x + 100 + (i % 20) * 15 * (Math.floor(i / 20) % 2 ? -1 : 1), y);
  await page.mouse.up();
  const intervals = (await page.evaluate(() => window.__frames)).slice(2);
  // Real frames while the wheel zooms in and out around the middle of the timeline.
  await page.keyboard.press("0");
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 400) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(box.x + box.width / 2, y);
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, Math.floor(i / 15) % 2 ? 60 : -60);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  }
  const wheelIntervals = (await page.evaluate(() => window.__frames)).slice(2);
  rows.push({
    label, dataBytes, shown, first,
    pan50: pct(pan, 0.5), pan95: pct(pan, 0.95), zoom50: pct(zoom, 0.5), zoom95: pct(zoom, 0.95),
    all50: pct(all.times, 0.5), all95: pct(all.times, 0.95), allTitle: all.title,
    raf50: pct(intervals, 0.5), raf95: pct(intervals, 0.95),
    wheel50: pct(wheelIntervals, 0.5), wheel95: pct(wheelIntervals, 0.95), wheelMax: Math.max(...wheelIntervals),
  });
  await browser.close();
  server.close();
}

console.log("| figure | " + rows.map((r) => r.label).join(" | ") + " |");
console.log("| --- |" + rows.map(() => " --- |").join(""));
const line = (name, fn) => console.log(`| ${name} | ${rows.map(fn).join(" | ")} |`);
line("timeline data file (bytes, raw)", (r) => r.dataBytes);
line("first view", (r) => r.shown.replace(/^Timeline: /, ""));
line("first render ms (decode + layout + SVG + DOM)", (r) => f(r.first));
line(`pan frame ms p50 / p95 (${FRAMES} frames)`, (r) => `${f(r.pan50)} / ${f(r.pan95)}`);
line(`zoom frame ms p50 / p95 (${FRAMES} frames)`, (r) => `${f(r.zoom50)} / ${f(r.zoom95)}`);
line("fully zoomed out: frame ms p50 / p95", (r) => `${f(r.all50)} / ${f(r.all95)} (${r.allTitle.replace(/^Timeline: /, "").replace(/ from.*/, "")})`);
line("mouse drag: animation frame interval ms p50 / p95", (r) => `${f(r.raf50)} / ${f(r.raf95)}`);
line("wheel zoom: animation frame interval ms p50 / p95 / max", (r) => `${f(r.wheel50)} / ${f(r.wheel95)} / ${f(r.wheelMax)}`);
