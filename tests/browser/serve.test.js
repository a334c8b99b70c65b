// `debrief serve` in a real browser: a page open in Chromium reloads by itself after a
// postmortem is saved and shows the new text; an invalid edit shows the error overlay
// (file:line:col, the source line, the hint) over the last good page; fixing it clears
// the overlay. The live-reload script runs under the site's Content-Security-Policy
// (meta tag and header) with no console message and no page error.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyExample, launch, startServe, withPage } from "./harness.js";

const FILE = "content/2024/expired-tls-certificate-checkout.md";
const PAGE = "incidents/expired-tls-certificate-checkout/";

let browser;
let root;
let server;
before(async () => {
  browser = await launch();
  root = copyExample();
  server = await startServe(root);
});
after(async () => {
  const code = await server?.stop();
  await browser?.close();
  assert.equal(code, 0, "serve exits 0 on SIGINT");
});

/** The page's log without the event stream a reload cancels (that is not an error). */
function clean(log) {
  const failed = log.failed.filter((f) => !f.includes("/_debrief/events"));
  assert.deepEqual(log.errors, [], "page errors");
  assert.deepEqual(failed, [], "failed requests");
  assert.deepEqual(log.console.filter((m) => m.type === "error" || m.type === "warning"), [], "console errors");
}

test("a saved edit reloads the open page with the new text", async (t) => {
  const path = join(root, FILE);
  const original = readFileSync(path, "utf8");
  await withPage(t, browser, server.url + PAGE, {}, async (page, log) => {
    assert.match(await page.textContent("h1"), /certificate/i);
    // The script is loaded (the event stream is open) before the edit.
    await page.waitForFunction(() => document.documentElement.dataset.debriefServe === "live");
    writeFileSync(path, original.replace(/^title: .*$/m, "title: Reloaded by itself after the save"));
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Reloaded by itself"), null, { timeout: 60_000 });
    clean(log);
  });
  writeFileSync(path, original);
});

test("an invalid edit shows the overlay over the last good page; fixing it clears it", async (t) => {
  const path = join(root, FILE);
  const original = readFileSync(path, "utf8");
  const line = original.split("\n").findIndex((l) => l.startsWith("severity:")) + 1;
  // Let the restore of the previous test land first.
  await new Promise((ok) => setTimeout(ok, 300));
  await withPage(t, browser, server.url + PAGE, {}, async (page, log) => {
    await page.waitForFunction(() => document.documentElement.dataset.debriefServe === "live");
    const title = await page.textContent("h1");
    writeFileSync(path, original.replace(/^severity: .*$/m, "severity: SEV9"));
    const overlay = page.locator("#debrief-serve-overlay");
    await overlay.waitFor({ timeout: 60_000 });
    assert.equal(await overlay.locator(".where").first().textContent(), `${FILE}:${line}:11`);
    assert.match(await overlay.locator(".message").first().textContent(), /unknown severity `SEV9`/);
    assert.match(await overlay.locator(".source").first().textContent(), /severity: SEV9/);
    assert.match(await overlay.locator(".hint").first().textContent(), /did you mean/);
    // The last good page stays under it.
    assert.equal(await page.textContent("h1"), title);

    writeFileSync(path, original.replace(/^title: .*$/m, "title: Fixed and reloaded"));
    await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("Fixed and reloaded"), null, { timeout: 60_000 });
    assert.equal(await page.locator("#debrief-serve-overlay").count(), 0, "the overlay is gone");
    clean(log);
  });
  writeFileSync(path, original);
});
