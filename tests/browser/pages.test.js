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
  ["follow-ups", "actions/"],
  ["ongoing incident (JSON-LD, related)", "incidents/checkout-errors-card-network-tokens-ongoing/"],
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

describe("print", () => {
  let server;
  before(async () => {
    server = await serve(buildExample({ baseUrl: "https://example.org/history/" }), "/history/");
  });
  after(async () => {
    await server?.close();
  });

  test("an incident prints without controls, in light colours, with link targets written out", async (t) => {
    const url = server.base + "incidents/duplicate-receipt-emails/";
    await withPage(t, browser, url, { colorScheme: "dark" }, async (page) => {
      await waitForModule(page);
      const shown = (sel) => page.$$eval(sel, (els) => els.filter((e) => getComputedStyle(e).display !== "none").length);
      // On screen (dark) the controls are there.
      assert.ok((await shown(".site-header nav")) === 1);
      assert.ok((await shown(".ongoing-banner")) === 1);
      await page.emulateMedia({ media: "print" });
      for (const sel of [".site-header nav", ".search", ".site-footer", ".ongoing-banner", ".timeline-tools", ".skip"]) {
        assert.equal(await shown(sel), 0, `${sel} is hidden in print`);
      }
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, "rgb(255, 255, 255)", "light background whatever the screen theme");
      const after = await page.$$eval(".pm-body a[href^='http']", (as) => as.map((a) => getComputedStyle(a, "::after").content));
      assert.ok(after.length > 0 && after.every((c) => c.includes("http")), `link targets written out: ${after.join(" ")}`);
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
