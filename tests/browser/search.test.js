// Search in a real browser: the header search box on every page, results as you type,
// typo tolerance, keyboard use, the query in the URL, facet chips, the home list following
// the query, and the page answering exactly as `debrief search`. Under a base path (/history/).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { assertClean as clean, debriefBin, exampleUnderHistory, type, waitForModule, withPage } from "./harness.js";

const site = exampleUnderHistory();

const INPUT = "#debrief-search";
const OPTIONS = "#debrief-results [role=option]";

/** Waits for the results to show the live-region count, returns the result titles. */
async function titles(page) {
  await page.waitForFunction(() => /result/i.test(document.getElementById("debrief-status").textContent));
  return page.$$eval(`${OPTIONS} .search-title`, (els) => els.map((e) => e.textContent));
}

describe("search under /history/", () => {
  test("typing shows ranked, highlighted results in an accessible combobox", async (t) => {
    await withPage(t, site.browser, site.server.base + "incidents/expired-tls-certificate-checkout/", {}, async (page, log) => {
      await waitForModule(page);
      assert.equal(await page.getAttribute(INPUT, "aria-expanded"), "false");
      await type(page, INPUT, "kafka");
      await page.waitForFunction(() => document.getElementById("debrief-status").textContent.endsWith("results") || document.getElementById("debrief-status").textContent === "1 result");
      const first = await page.$eval(OPTIONS, (el) => ({ title: el.textContent, html: el.innerHTML, href: el.dataset.url }));
      assert.match(first.title, /kafka/i);
      assert.match(first.html, /<mark>/i);
      assert.ok(first.href.startsWith("/history/incidents/"), first.href);
      assert.equal(await page.getAttribute(INPUT, "role"), "combobox");
      assert.equal(await page.getAttribute(INPUT, "aria-expanded"), "true");
      assert.equal(await page.getAttribute("#debrief-results", "role"), "listbox");
      assert.match(await page.textContent("#debrief-status"), /^\d+ results?$/);
      // The query is in the URL.
      assert.equal(new URL(page.url()).searchParams.get("q"), "kafka");
      await page.waitForLoadState("networkidle");
      clean(log);
      assert.ok(site.server.requests.every((p) => p.startsWith("/history/")));
    });
  });

  test("the manifest is fetched as the page loads, so a first query needs only its term and fragment files", async (t) => {
    await withPage(t, site.browser, site.server.base + "stats/", {}, async (page, log) => {
      await waitForModule(page);
      await page.waitForLoadState("networkidle");
      const fetched = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
      const manifest = await page.getAttribute("[data-search]", "data-manifest");
      const before = await fetched();
      assert.ok(before.includes(manifest), `${manifest} fetched before typing`);
      await type(page, INPUT, "kafka");
      await titles(page);
      await page.waitForLoadState("networkidle");
      const during = (await fetched()).slice(before.length);
      assert.ok(!during.includes(manifest), "not fetched again");
      assert.ok(during.some((p) => /\/search\/t-/.test(p)) && during.some((p) => /\/search\/f-/.test(p)), during.join(" "));
      clean(log);
    });
  });

  test("a typo still finds the certificate incident", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await waitForModule(page);
      await type(page, INPUT, "certficate");
      const found = await titles(page);
      assert.ok(found.slice(0, 3).some((x) => /certificate/i.test(x)), found.join(" | "));
      clean(log);
    });
  });

  test("/ focuses the box; ArrowDown + Enter opens the first result; Escape closes", async (t) => {
    await withPage(t, site.browser, site.server.base + "stats/", {}, async (page, log) => {
      await waitForModule(page);
      await page.click("h1");
      await page.keyboard.press("/");
      assert.equal(await page.evaluate(() => document.activeElement.id), "debrief-search");
      await page.keyboard.type("dnssec");
      await titles(page);
      const href = await page.$eval(OPTIONS, (o) => new URL(o.dataset.url, location.href).href);
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.getAttribute(INPUT, "aria-activedescendant"), "debrief-opt-0");
      assert.equal(await page.getAttribute(OPTIONS, "aria-selected"), "true");
      await page.keyboard.press("Escape");
      assert.equal(await page.getAttribute(INPUT, "aria-expanded"), "false");
      assert.ok(await page.$eval("#debrief-search-panel", (p) => p.hidden));
      await page.keyboard.press("ArrowDown"); // reopens
      await page.waitForFunction(() => !document.getElementById("debrief-search-panel").hidden);
      await page.keyboard.press("ArrowDown");
      await Promise.all([page.waitForURL(href), page.keyboard.press("Enter")]);
      assert.match(page.url(), /\/history\/incidents\/dnssec/);
      clean(log);
    });
  });

  test("?q= on load shows the results and fills the box", async (t) => {
    await withPage(t, site.browser, site.server.base + "?q=dnssec", {}, async (page, log) => {
      await waitForModule(page);
      const found = await titles(page);
      assert.match(found[0], /dnssec/i);
      assert.equal(await page.inputValue(INPUT), "dnssec");
      clean(log);
    });
  });

  test("facet chips add and remove filters and update the URL", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await waitForModule(page);
      await type(page, INPUT, "checkout");
      await titles(page);
      await page.waitForSelector('#debrief-facets button[data-filter^="severity:"]');
      // Token and count from the same element in one step (the chips re-render as facet
      // tables arrive).
      const { token, count } = await page.$eval('#debrief-facets button[data-filter^="severity:"]', (b) => ({
        token: b.dataset.filter,
        count: Number(b.querySelector(".search-count").textContent),
      }));
      await page.click(`#debrief-facets button[data-filter="${token}"]`);
      await page.waitForFunction((tok) => document.getElementById("debrief-search").value.includes(tok), token);
      await page.waitForFunction(
        (n) => document.getElementById("debrief-status").textContent === (n === 1 ? "1 result" : `${n} results`),
        count,
      );
      assert.equal(await page.inputValue(INPUT), `checkout ${token}`);
      assert.equal(new URL(page.url()).searchParams.get("q"), `checkout ${token}`);
      const pressed = page.locator(`#debrief-facets button[data-filter="${token}"]`);
      assert.equal(await pressed.getAttribute("aria-pressed"), "true");
      await pressed.click();
      await page.waitForFunction(() => document.getElementById("debrief-search").value === "checkout");
      clean(log);
    });
  });

  test("sort chips order the results by date or duration and keep the order in the URL", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await waitForModule(page);
      await type(page, INPUT, "checkout");
      await titles(page);
      await page.waitForSelector('[data-sort="relevance"][aria-pressed="true"]');
      await page.click('[data-sort="newest"]');
      await page.waitForSelector('[data-sort="newest"][aria-pressed="true"]');
      assert.equal(new URL(page.url()).searchParams.get("q"), "checkout sort:newest");
      const dates = await page.$$eval(`${OPTIONS} .search-meta`, (els) => els.map((e) => Date.parse(e.textContent.match(/\d+ \w{3} \d{4}/)[0])));
      assert.ok(dates.length >= 3, `${dates.length} results`);
      for (let i = 1; i < dates.length; i++) assert.ok(dates[i - 1] >= dates[i], `newest first: ${dates}`);
      await page.click('[data-sort="relevance"]');
      await page.waitForSelector('[data-sort="relevance"][aria-pressed="true"]');
      assert.equal(await page.inputValue(INPUT), "checkout");
      clean(log);
    });
  });

  test("no match: an empty state suggests removing filters", async (t) => {
    await withPage(t, site.browser, site.server.base + "?q=" + encodeURIComponent("dnssec severity:SEV4"), {}, async (page, log) => {
      await waitForModule(page);
      await page.waitForFunction(() => document.getElementById("debrief-status").textContent === "No results");
      assert.match(await page.textContent("#debrief-empty"), /removing a filter/);
      await page.click('#debrief-empty button[data-filter="severity:sev4"]');
      await page.waitForFunction(() => document.getElementById("debrief-search").value === "dnssec");
      await titles(page);
      clean(log);
    });
  });

  test("the home list shows only the matching incidents", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await waitForModule(page);
      const all = await page.locator("li.incident").count();
      assert.ok(all > 5);
      await type(page, INPUT, "kafka");
      await titles(page);
      const total = Number((await page.textContent("#debrief-status")).match(/\d+/)[0]);
      const visible = await page.$$eval("li.incident:not([hidden]) h4 a", (as) => as.map((a) => a.getAttribute("href")));
      assert.equal(visible.length, total);
      const results = await page.$$eval(OPTIONS, (os) => os.map((o) => o.dataset.url));
      assert.deepEqual([...visible].sort(), [...results].sort());
      await page.fill(INPUT, "");
      await page.waitForFunction((n) => document.querySelectorAll("li.incident:not([hidden])").length === n, all);
      assert.equal(new URL(page.url()).search, "");
      clean(log);
    });
  });

  // Latency is measured by scripts/bench-search.sh (tests never assert on time); this
  // checks what the page answers: for every query, the same incidents in the same order as
  // `debrief search` over the same site.
  test("the page answers every query exactly as debrief search does", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await waitForModule(page);
      let compared = 0;
      for (const q of ["kafka", "certificate expired", "certficate", '"consumer lag"', "checkout -certificate", "severity:SEV1", "tag:dns sort:newest", "sort:longest checkout"]) {
        const run = spawnSync(debriefBin(), ["search", site.dir, q, "--json", "--limit", "10"], { encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
        const expected = JSON.parse(run.stdout).results.map((r) => r.url);
        assert.ok(expected.length > 0, `query ${q} finds something`);
        await page.fill(INPUT, q);
        // Wait until the page shows these results (or give up and let the assertion show the difference).
        await page.waitForFunction(
          (want) => [...document.querySelectorAll("#debrief-results [role=option]")].map((o) => o.dataset.url).join(" ") === want,
          expected.join(" "),
          { timeout: 5000 },
        ).catch(() => {});
        const shown = await page.$$eval(OPTIONS, (os) => os.map((o) => o.dataset.url));
        assert.deepEqual(shown, expected, `query ${q}`);
        compared += shown.length;
      }
      assert.ok(compared >= 10, `only ${compared} results compared`);
      clean(log);
    });
  });

  test("without JavaScript the search box stays hidden", async (t) => {
    await withPage(t, site.browser, site.server.base, { javaScript: false }, async (page) => {
      assert.equal(await page.locator("[data-search]").isHidden(), true);
    });
  });
});
