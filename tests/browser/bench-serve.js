// Measures `debrief serve` on one site root (run by scripts/bench-serve.sh; never a test):
//   - `debrief build` wall time (into a temporary folder) and serve's first build
//     (the "Built … in N ms" line it prints);
//   - save-to-reload: a page open in Chromium, a postmortem saved, the time from just
//     before the write to the reloaded page's DOMContentLoaded showing the new title
//     (both on this machine's clock: performance.timeOrigin + the navigation entry), and
//     serve's own rebuild time for that edit.
// Usage: node bench-serve.js SITE_ROOT [EDITS]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { debriefBin, launch, startServe } from "./harness.js";

const root = process.argv[2];
const edits = Number(process.argv[3] ?? 7);
if (!root) throw new Error("usage: node bench-serve.js SITE_ROOT [EDITS]");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

// 1. `debrief build`, wall time.
const out = mkdtempSync(join(tmpdir(), "debrief-bench-serve-"));
const t0 = performance.now();
const built = spawnSync(debriefBin(), ["build", "--root", root, "--out", join(out, "site")], { encoding: "utf8" });
const buildMs = performance.now() - t0;
rmSync(out, { recursive: true, force: true });
if (built.status !== 0) throw new Error(`debrief build failed:\n${built.stderr}`);

// 2. serve's first build.
const spawned = performance.now();
const server = await startServe(root);
const listeningMs = performance.now() - spawned;
const firstBuild = Number(/Built \d+ incidents, \d+ files in (\d+) ms/.exec(server.stderr())?.[1]);

// 3. Save-to-reload on one incident page.
const year = readdirSync(join(root, "content")).filter((d) => /^\d{4}$/.test(d)).sort().at(-1);
const file = join(root, "content", year, readdirSync(join(root, "content", year)).filter((f) => f.endsWith(".md")).sort()[0]);
const slug = file.split("/").at(-1).replace(/\.md$/, "");
const original = readFileSync(file, "utf8");
const browser = await launch();
const page = await (await browser.newContext()).newPage();
await page.goto(`${server.url}incidents/${slug}/`, { waitUntil: "load" });
const latencies = [];
const rebuilds = [];
try {
  for (let i = 1; i <= edits; i++) {
    await page.waitForFunction(() => document.documentElement.dataset.debriefServe === "live");
    const marker = `Bench edit ${i} ${Date.now()}`;
    const seen = server.stderr().length;
    const saved = Date.now();
    writeFileSync(file, original.replace(/^title: .*$/m, `title: ${marker}`));
    await page.waitForFunction((m) => document.querySelector("h1")?.textContent.includes(m), marker, { timeout: 600_000 });
    const shown = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd);
    latencies.push(shown - saved);
    const rebuilt = /Rebuilt \d+ incidents, \d+ files in (\d+) ms/.exec(server.stderr().slice(seen));
    if (rebuilt) rebuilds.push(Number(rebuilt[1]));
    await new Promise((ok) => setTimeout(ok, 200));
  }
} finally {
  writeFileSync(file, original);
  await browser.close();
  await server.stop();
}

console.log(`site: ${root}`);
console.log(`debrief build (wall):           ${buildMs.toFixed(0)} ms`);
console.log(`serve first build:              ${firstBuild} ms (URL printed after ${listeningMs.toFixed(0)} ms)`);
console.log(`save → reloaded page shows it:  ${fmt(latencies)}`);
if (rebuilds.length) console.log(`serve rebuild per edit:         ${fmt(rebuilds)}`);
