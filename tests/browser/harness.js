// Browser test harness: builds a debrief site with the real binary, serves it from
// 127.0.0.1 with a static file server, and drives Debian Chromium (headless) through
// playwright-core. On a failed test, a screenshot and the console log are saved under
// tests/browser/artifacts/.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const artifacts = join(repo, "tests/browser/artifacts");

/** The debrief binary: $DEBRIEF_BIN, else target/release/debrief (built by scripts/test.sh). */
export function debriefBin() {
  const bin = process.env.DEBRIEF_BIN ?? join(repo, "target/release/debrief");
  if (!existsSync(bin)) {
    throw new Error(`${bin} not found: run \`cargo build --release --locked -p debrief-cli\` first (scripts/test.sh does)`);
  }
  return bin;
}

/**
 * Copies the example site (debrief.toml, redaction.toml, content/) to a temporary root and
 * builds it. Returns the output folder.
 */
export function buildExample({ baseUrl, extraArgs = [] } = {}) {
  const root = mkdtempSync(join(tmpdir(), "debrief-browser-"));
  for (const name of ["debrief.toml", "redaction.toml", "content"]) {
    cpSync(join(repo, name), join(root, name), { recursive: true });
  }
  const out = join(root, "public");
  const args = ["build", "--root", root, "--out", out, ...(baseUrl ? ["--base-url", baseUrl] : []), ...extraArgs];
  const run = spawnSync(debriefBin(), args, { encoding: "utf8" });
  if (run.status !== 0) {
    throw new Error(`debrief build failed (${run.status}):\n${run.stderr}`);
  }
  return out;
}

/** Copies the example site (debrief.toml, redaction.toml, content/) to a temporary root. */
export function copyExample() {
  const root = mkdtempSync(join(tmpdir(), "debrief-browser-"));
  for (const name of ["debrief.toml", "redaction.toml", "content"]) {
    cpSync(join(repo, name), join(root, name), { recursive: true });
  }
  return root;
}

/**
 * Starts `debrief serve --port 0` on `root` and resolves with `{ url, origin, stop, stderr }`
 * once it printed the URL it listens on. `stop()` sends SIGINT and resolves with the exit code.
 */
export function startServe(root, extraArgs = []) {
  const child = spawn(debriefBin(), ["serve", "--root", root, "--port", "0", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.on("exit", (code) => fail(new Error(`debrief serve exited (${code}):\n${stderr}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith("Serving "));
      if (!line) return;
      const url = line.slice("Serving ".length).trim();
      child.removeAllListeners("exit");
      ok({
        url,
        origin: new URL(url).origin,
        child,
        stderr: () => stderr,
        stop: () =>
          new Promise((done) => {
            child.on("exit", (code) => done(code));
            child.kill("SIGINT");
          }),
      });
    });
  });
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `dir` at `mount` (e.g. "/history/") on 127.0.0.1, like a static host: folders
 * serve their index.html, unknown paths get 404.html with status 404.
 */
export async function serve(dir, mount = "/") {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    requests.push(url.pathname);
    const send = (status, file) => {
      res.writeHead(status, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
      res.end(readFileSync(file));
    };
    if (!url.pathname.startsWith(mount)) {
      return send(404, join(dir, "404.html"));
    }
    let rel = decodeURIComponent(url.pathname.slice(mount.length));
    let file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return send(404, join(dir, "404.html"));
    send(200, file);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, base: origin + mount, requests, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches Debian Chromium headless; never a downloaded browser. */
export async function launch() {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/**
 * Opens a page that records console messages, page errors and failed requests (network
 * failures and HTTP errors), for assertions and for the failure artifacts.
 */
export async function open(browser, url, { javaScript = true, viewport = { width: 1280, height: 900 }, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport, colorScheme });
  const page = await context.newPage();
  const log = { console: [], errors: [], failed: [] };
  page.on("console", (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => log.errors.push(String(e)));
  page.on("requestfailed", (r) => log.failed.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400 && r.url() !== url) log.failed.push(`${r.url()} (HTTP ${r.status()})`);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  return { page, context, log, response };
}

/** Waits until the WebAssembly module marked the page ready; returns ms since navigation. */
export async function waitForModule(page, timeout = 10_000) {
  await page.waitForFunction(() => document.documentElement.dataset.debrief, null, { timeout });
  return page.evaluate(() => {
    const state = document.documentElement.dataset.debrief;
    const mark = performance.getEntriesByName("debrief-ready")[0];
    return { state, readyMs: mark ? mark.startTime : null };
  });
}

/** Type text into a field, like a person. */
export async function type(page, selector, text) {
  await page.click(selector);
  await page.keyboard.type(text);
}

/** Evaluate JavaScript in the page. */
export function evaluate(page, fn, arg) {
  return page.evaluate(fn, arg);
}

/** Saves a screenshot and the recorded log of a page, named after the test. */
export async function saveArtifacts(name, page, log) {
  mkdirSync(artifacts, { recursive: true });
  const safe = name.replace(/[^a-z0-9-]+/gi, "-").toLowerCase();
  await page.screenshot({ path: join(artifacts, `${safe}.png`), fullPage: true }).catch(() => {});
  writeFileSync(join(artifacts, `${safe}.log.json`), JSON.stringify(log, null, 2));
}

/**
 * Runs `body(page, log)` on a fresh page; on failure saves the artifacts and rethrows.
 */
export async function withPage(t, browser, url, options, body) {
  const { page, context, log, response } = await open(browser, url, options);
  try {
    await body(page, log, response);
  } catch (error) {
    await saveArtifacts(t.name, page, log);
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * Registers hooks that launch Chromium and serve the example site (base_url
 * https://example.org/history/) at /history/ for the tests of one file. The returned
 * object holds `browser`, `server` and `dir` (the built site) once the hooks have run.
 */
export function exampleUnderHistory() {
  const site = { browser: null, server: null, dir: null };
  before(async () => {
    site.browser = await launch();
    site.dir = buildExample({ baseUrl: "https://example.org/history/" });
    site.server = await serve(site.dir, "/history/");
  });
  after(async () => {
    await site.server?.close();
    await site.browser?.close();
  });
  return site;
}

/** The page logged no errors, no failed requests and nothing on the console. */
export function assertClean(log) {
  assert.deepEqual(log.errors, [], "page errors");
  assert.deepEqual(log.failed, [], "failed requests");
  assert.deepEqual(log.console, [], "console messages");
}
