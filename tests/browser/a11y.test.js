// Accessibility: axe-core (pinned in package.json) over every page kind, with the search
// panel open, at phone width, in dark mode and with JavaScript off: no violation of any
// impact under axe's default rules (WCAG 2.x A and AA, and best practices). Keyboard: Tab
// reaches every control, each with a visible focus indicator; no control is shown that
// cannot work.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { exampleUnderHistory, saveArtifacts, waitForModule } from "./harness.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const PAGES = [
  ["history", ""],
  ["incident (timeline, action items, code)", "incidents/expired-tls-certificate-checkout/"],
  ["bundle incident", "incidents/global-outage-service-catalogue-quorum-loss/"],
  ["services overview", "services/"],
  ["service", "services/checkout-api/"],
  ["tag", "tags/dns/"],
  ["severity", "severity/sev1/"],
  ["year", "years/2025/"],
  ["stats", "stats/"],
  ["follow-ups", "actions/"],
  ["ongoing incident (related, repeat)", "incidents/checkout-errors-card-network-tokens-ongoing/"],
  ["404", "no-such-page/"],
  ["alias redirect", "incidents/2024-01-checkout-tls/"],
];

const MODES = [
  ["desktop", {}],
  ["phone", { viewport: { width: 375, height: 740 } }],
  ["dark", { colorScheme: "dark" }],
  ["no JavaScript", { javaScript: false }],
];

/**
 * Opens `url` and runs `body(page)`. "No JavaScript" is a page whose module script never
 * loads (the pages have no inline script and no <noscript>, so that is what a reader with
 * JavaScript off gets; Chromium with scripting disabled would also refuse the audit's own
 * script). An alias page is audited as sent; the navigation its refresh starts is refused.
 */
async function withAuditPage(t, browser, url, { javaScript = true, viewport = { width: 1280, height: 900 }, colorScheme = "light" }, body) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  if (!javaScript) await page.route(/\/debrief\.[0-9a-f]+\.(js|wasm)$/, (route) => route.abort());
  // An alias page refreshes to its target at once: stop that navigation to audit the alias.
  await page.route(/\/incidents\/expired-tls-certificate-checkout\/$/, (route) =>
    // 204 No Content: the browser stays on the page it has.
    url.includes("/incidents/2024-01-checkout-tls/") ? route.fulfill({ status: 204 }) : route.continue(),
  );
  try {
    await page.goto(url, { waitUntil: "load" });
    await body(page);
  } catch (error) {
    await saveArtifacts(t.name, page, {});
    throw error;
  } finally {
    await context.close();
  }
}

/** Runs axe in the page (injected through the debugger, so the page's CSP still holds). */
async function audit(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
      })),
    ),
  );
  return result;
}

const site = exampleUnderHistory();

describe("axe-core finds no violation", () => {
  for (const [mode, options] of MODES) {
    for (const [name, path] of PAGES) {
      test(`${name}, ${mode}`, async (t) => {
        await withAuditPage(t, site.browser, site.server.base + path, options, async (page) => {
          if (options.javaScript !== false && name !== "alias redirect") await waitForModule(page);
          if (name === "alias redirect") {
            assert.match(await page.textContent("h1"), /^Moved: /, "the alias page itself is audited");
          }
          if (options.javaScript === false) {
            assert.equal(await page.evaluate(() => document.documentElement.dataset.debrief ?? null), null, "the module did not run");
          }
          const violations = await audit(page);
          assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
        });
      });
    }
  }

  for (const [mode, options] of MODES.filter(([, o]) => o.javaScript !== false)) {
    test(`search panel open with results, ${mode}`, async (t) => {
      await withAuditPage(t, site.browser, site.server.base, options, async (page) => {
        await waitForModule(page);
        await page.click("#debrief-search");
        await page.keyboard.type("certificate");
        await page.waitForFunction(() => /result/i.test(document.getElementById("debrief-status").textContent));
        await page.keyboard.press("ArrowDown");
        const shown = await page.evaluate(() => document.querySelectorAll("#debrief-results [role=option]").length);
        assert.ok(shown > 0, "results are shown");
        const violations = await audit(page);
        assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
      });
    });
  }
});

/** Tabs through the page; returns each focused element's description and focus style. */
async function tabThrough(page, max = 400) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
      const ring = s.boxShadow !== "none" && s.boxShadow !== "";
      const r = el.getBoundingClientRect();
      const id = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.getAttribute("data-tl") ? "[" + el.getAttribute("data-tl") + "]" : ""} ${(el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40)}`;
      return { id, key: el.outerHTML.slice(0, 200), visible: outline || ring, shown: r.width > 0 && r.height > 0 };
    });
    if (!info) continue;
    if (seen.length && seen[0].key === info.key) break;
    seen.push(info);
  }
  return seen;
}

describe("keyboard", () => {
  for (const [name, path] of [
    ["history", ""],
    ["incident", "incidents/expired-tls-certificate-checkout/"],
    ["stats", "stats/"],
  ]) {
    test(`${name}: Tab reaches every control, each with a visible focus indicator`, async (t) => {
      await withAuditPage(t, site.browser, site.server.base + path, {}, async (page) => {
        await waitForModule(page);
        const focused = await tabThrough(page);
        const controls = await page.evaluate(() => {
          const sel = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
          return [...document.querySelectorAll(sel)].filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && !el.closest("[hidden], [inert]") && !el.disabled;
          }).length;
        });
        assert.ok(focused.length >= controls, `Tab reached ${focused.length} of ${controls} controls`);
        const invisible = focused.filter((f) => f.shown && !f.visible);
        assert.deepEqual(invisible, [], "focused without a visible outline or ring");
      });
    });
  }

  test("without JavaScript no control is shown that needs it", async (t) => {
    await withAuditPage(t, site.browser, site.server.base, { javaScript: false }, async (page) => {
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll("button, input, [role=button], [data-tl]")]
          // The search box and timeline tools keep their place (so the page does not
          // shift when the module shows them) but are invisible, so neither seen nor
          // reachable with Tab.
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === "visible";
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      assert.deepEqual(shown, [], "controls shown without JavaScript");
    });
  });
});

before(() => {
  assert.ok(AXE.length > 100_000, "axe-core is installed");
});
