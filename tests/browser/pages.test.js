// Page contract in a real browser: every page type loads the WebAssembly module with no
// console message, no page error and no failed request, under a base path and at the
// root; pages work with JavaScript off; the Content-Security-Policy allows nothing beyond
// 'wasm-unsafe-eval' for scripts.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildExample, launch, serve, waitForModule, withPage } from "./harness.js";

const PAGES = [
  ["home", ""],
  ["incident", "incidents/expired-tls-certificate-checkout/"],
  ["bundle incident", "incidents/global-outage-service-catalogue-quorum-loss/"],
  ["services overview", "services/"],
  ["service", "services/checkout-api/"],
  ["tag", "tags/dns/"],
  ["severity", "severity/sev1/"],
  ["year", "years/2025/"],
  ["stats", "stats/"],
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

for (const [label, baseUrl, mount] of [
  ["under a base path", "https://example.org/history/", "/history/"],
  ["at the root", "https://example.org/", "/"],
]) {
  describe(`pages ${label}`, () => {
    let server;
    before(async () => {
      server = await serve(buildExample({ baseUrl }), mount);
    });
    after(async () => {
      await server?.close();
    });

    for (const [name, path] of PAGES) {
      test(`${name} page loads the module cleanly`, async (t) => {
        await withPage(t, browser, server.base + path, {}, async (page, log, response) => {
          assert.equal(response.status(), 200);
          const { state, readyMs } = await waitForModule(page);
          assert.equal(state, "ready");
          assert.ok(readyMs > 0, "performance mark debrief-ready set");
          t.diagnostic(`module ready ${readyMs.toFixed(1)} ms after navigation start`);
          await page.waitForLoadState("networkidle");
          assert.deepEqual(log.errors, [], "page errors");
          assert.deepEqual(log.failed, [], "failed requests");
          assert.deepEqual(log.console, [], "console messages (the module logs nothing)");
          // Every request stayed under the mount point.
          assert.ok(server.requests.every((p) => p.startsWith(mount)), server.requests.join(", "));
        });
      });
    }

    test("a missing page gets the 404 page, still clean", async (t) => {
      await withPage(t, browser, server.base + "no/such/page/", {}, async (page, log, response) => {
        assert.equal(response.status(), 404);
        assert.match(await page.textContent("h1"), /Page not found/);
        assert.equal((await waitForModule(page)).state, "ready");
        assert.deepEqual(log.errors, []);
        assert.deepEqual(log.failed, []);
      });
    });

    test("an alias redirects to its incident", async (t) => {
      await withPage(t, browser, server.base + "incidents/2024-01-checkout-tls/", {}, async (page) => {
        await page.waitForURL(/expired-tls-certificate-checkout/);
        assert.match(await page.textContent("h1"), /TLS certificate/);
      });
    });
  });
}

describe("JavaScript off", () => {
  let server;
  before(async () => {
    server = await serve(buildExample({ baseUrl: "https://example.org/history/" }), "/history/");
  });
  after(async () => {
    await server?.close();
  });

  test("the history, an incident and the stats work without JavaScript", async (t) => {
    await withPage(t, browser, server.base, { javaScript: false }, async (page, log) => {
      assert.ok((await page.locator(".incident").count()) >= 15, "incident list rendered in HTML");
      assert.equal(await page.evaluate(() => document.documentElement.dataset.debrief ?? null), null);
      await page.click(".incident-title a:has-text('Checkout API errors after an internal TLS certificate expired')");
      await page.waitForURL(/expired-tls-certificate-checkout/);
      assert.equal(await page.locator(".facts dt").first().textContent(), "Started");
      await page.goto(server.base + "stats/");
      assert.ok((await page.locator("svg.chart").count()) >= 3, "static SVG charts");
      assert.deepEqual(log.failed, []);
    });
  });
});

describe("Content-Security-Policy", () => {
  let server;
  before(async () => {
    server = await serve(buildExample({ baseUrl: "https://example.org/history/" }), "/history/");
  });
  after(async () => {
    await server?.close();
  });

  test("scripts: only 'self' and 'wasm-unsafe-eval'; inline script is refused", async (t) => {
    await withPage(t, browser, server.base, {}, async (page, log) => {
      const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
      const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"));
      assert.equal(scriptSrc, "script-src 'self' 'wasm-unsafe-eval'");
      assert.ok(!csp.includes("unsafe-inline") && !csp.includes("'unsafe-eval'"), csp);
      // The policy is enforced: an injected inline script does not run.
      const ran = await page.evaluate(() => {
        const s = document.createElement("script");
        s.textContent = "window.__inline = true";
        document.body.append(s);
        return window.__inline === true;
      });
      assert.equal(ran, false);
      assert.equal((await waitForModule(page)).state, "ready");
      // The script tag carries Subresource Integrity.
      const integrity = await page.getAttribute("script[type=module]", "integrity");
      assert.match(integrity, /^sha384-[A-Za-z0-9+/]{64}$/);
      assert.ok(log.console.some((m) => m.type === "error" && /Content Security Policy/.test(m.text)), "the refusal is reported");
    });
  });
});
