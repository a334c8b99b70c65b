// The interactive timeline in a real browser: it replaces the static SVG once the module
// has loaded the timeline data; zoom (buttons, keys, wheel), pan (drag, keys), lane
// switch, brushing (filters the history list and the search), search highlighting, click
// to open, tooltips on hover and focus, and the per-incident timeline's focusable events.
// Also saves screenshots of the history and an incident page in light, dark and phone
// width to tests/browser/artifacts/screens/ (looked at by hand; not compared).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { artifacts, assertClean as clean, exampleUnderHistory, type, waitForModule, withPage } from "./harness.js";

const site = exampleUnderHistory();

const FIG = "[data-timeline] .timeline-figure";

/** Waits for the interactive timeline. */
async function ready(page) {
  await waitForModule(page);
  await page.waitForSelector("[data-timeline][data-ready]", { timeout: 10_000 });
}

/** The live SVG's title: "Timeline: N incidents from A to B" → { n, from, to }. */
async function shown(page) {
  const title = await page.$eval(`${FIG} svg > title`, (t) => t.textContent);
  const m = title.match(/^Timeline: (\d+) incidents? from (\S+) to (\S+)$/);
  assert.ok(m, title);
  return { n: Number(m[1]), from: m[2], to: m[3], span: Date.parse(m[3]) - Date.parse(m[2]) };
}

/** Waits until the SVG title differs from `before`. */
async function changed(page, before) {
  await page.waitForFunction(
    ([sel, t]) => document.querySelector(sel)?.textContent !== t,
    [`${FIG} svg > title`, `Timeline: ${before.n} incident${before.n === 1 ? "" : "s"} from ${before.from} to ${before.to}`],
  );
  return shown(page);
}

const visibleItems = (page) => page.$$eval("li.incident", (els) => els.filter((e) => !e.hidden).length);

describe("interactive timeline", () => {
  test("replaces the static SVG and zooms with the buttons, keys and wheel", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      // Before the module: the static SVG with all incidents, tools hidden.
      await ready(page);
      assert.equal(await page.isVisible("[data-timeline] .timeline-tools"), true);
      const start = await shown(page);
      assert.equal(start.n, 19, "every published incident is in the first view");
      await page.click('[data-tl="zoom-in"]');
      const zoomed = await changed(page, start);
      assert.ok(zoomed.span < start.span, `${zoomed.span} < ${start.span}`);
      // Keys on the focused figure: + zooms in further, - back out.
      await page.focus(FIG);
      await page.keyboard.press("+");
      const closer = await changed(page, zoomed);
      assert.ok(closer.span < zoomed.span);
      await page.keyboard.press("-");
      const back = await changed(page, closer);
      assert.ok(back.span > closer.span);
      // The wheel zooms around the pointer.
      const box = await page.$eval(FIG, (f) => f.getBoundingClientRect().toJSON());
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      const wheeled = await changed(page, back);
      assert.ok(wheeled.span < back.span);
      // Reset (0) returns to the first view.
      await page.keyboard.press("0");
      assert.deepEqual(await changed(page, wheeled), start);
      clean(log);
    });
  });

  test("pans by dragging and with the arrow keys, without opening a bar", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await ready(page);
      const first = await shown(page);
      await page.click('[data-tl="zoom-in"]');
      const start = await changed(page, first);
      const url = page.url();
      const box = await page.$eval(FIG, (f) => f.getBoundingClientRect().toJSON());
      // Drag to the right: earlier times come into view.
      const y = box.y + box.height - 10;
      await page.mouse.move(box.x + 100, y);
      await page.mouse.down();
      await page.mouse.move(box.x + 300, y, { steps: 8 });
      await page.mouse.up();
      const dragged = await changed(page, start);
      assert.ok(dragged.from < start.from, `${dragged.from} < ${start.from}`);
      assert.equal(page.url(), url, "a drag does not follow a link");
      await page.focus(FIG);
      await page.keyboard.press("ArrowRight");
      const right = await changed(page, dragged);
      assert.ok(right.from > dragged.from);
      clean(log);
    });
  });

  test("switches lanes between severity and service", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await ready(page);
      const lanes = () => page.$$eval(`${FIG} .lane-label`, (els) => els.map((e) => e.firstChild.textContent));
      assert.deepEqual((await lanes()).slice(0, 1), ["SEV1 Critical"]);
      await page.click('[data-tl="lanes-service"]');
      await page.waitForFunction((sel) => !document.querySelector(sel).textContent.startsWith("SEV"), `${FIG} .lane-label`);
      const services = await lanes();
      assert.ok(services.includes("checkout-api"), services.join(", "));
      assert.equal(await page.getAttribute('[data-tl="lanes-service"]', "aria-pressed"), "true");
      assert.equal(await page.getAttribute('[data-tl="lanes-severity"]', "aria-pressed"), "false");
      clean(log);
    });
  });

  test("brushing a range filters the history list and the search results", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await ready(page);
      const all = await visibleItems(page);
      assert.equal(all, 19);
      const box = await page.$eval(FIG, (f) => f.getBoundingClientRect().toJSON());
      const y = box.y + box.height - 10;
      await page.keyboard.down("Shift");
      await page.mouse.move(box.x + box.width * 0.55, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.99, y, { steps: 6 });
      await page.mouse.up();
      await page.keyboard.up("Shift");
      await page.waitForSelector(".timeline-brush:not([hidden])");
      const note = await page.textContent(".timeline-brush span");
      const n = Number(note.match(/: (\d+) incidents?\./)[1]);
      assert.ok(n > 0 && n < all, note);
      assert.equal(await visibleItems(page), n, "the list shows the brushed incidents");
      assert.equal(await page.$$eval(`${FIG} rect.brush`, (r) => r.length), 1);
      // Empty month and year headings are hidden with their incidents.
      const emptyMonths = await page.$$eval("section.month:not([hidden])", (ss) => ss.filter((s) => !s.querySelector("li.incident:not([hidden])")).length);
      assert.equal(emptyMonths, 0);
      // The search honours the range: every result is a shown list item.
      await type(page, "#debrief-search", "the");
      await page.waitForFunction(() => /result/i.test(document.getElementById("debrief-status").textContent));
      const results = await page.$$eval("#debrief-results [role=option]", (os) => os.map((o) => o.dataset.url));
      const listed = await page.$$eval("li.incident:not([hidden]) h4 a", (as) => as.map((a) => a.getAttribute("href")));
      assert.ok(results.length > 0 && results.length <= n, `${results.length} results, ${n} brushed`);
      for (const r of results) assert.ok(listed.includes(r), `${r} is in the brushed list`);
      // Clearing the range reruns the search without reopening its closed panel.
      await page.keyboard.press("Escape");
      await page.waitForSelector("#debrief-search-panel", { state: "hidden" });
      await page.click(".timeline-brush button");
      await page.waitForSelector(".timeline-brush[hidden]", { state: "attached" });
      await page.waitForFunction((n) => document.querySelectorAll("li.incident:not([hidden])").length > n, n);
      assert.equal(await page.isVisible("#debrief-search-panel"), false, "the panel stays closed");
      // Without a query, the whole list is back.
      await page.fill("#debrief-search", "");
      await page.waitForFunction(() => [...document.querySelectorAll("li.incident")].every((e) => !e.hidden));
      assert.equal(await page.$$eval(`${FIG} rect.brush`, (r) => r.length), 0);
      clean(log);
    });
  });

  test("highlights the search's matches and opens an incident on click", async (t) => {
    await withPage(t, site.browser, site.server.base, {}, async (page, log) => {
      await ready(page);
      await type(page, "#debrief-search", "kafka");
      await page.waitForSelector(`${FIG} a.bar.match`);
      const matched = await page.$$eval(`${FIG} a.bar.match`, (as) => as.map((a) => a.getAttribute("href")));
      const dimmed = await page.$$eval(`${FIG} a.bar.dim`, (as) => as.length);
      assert.ok(matched.length >= 1 && dimmed >= 1, `${matched.length} matched, ${dimmed} dimmed`);
      const results = await page.$$eval("#debrief-results [role=option]", (os) => os.map((o) => o.dataset.url));
      for (const m of matched) assert.ok(results.includes(m), `${m} is a search result`);
      await page.keyboard.press("Escape");
      // Hover shows the facts; a click opens the incident.
      const bar = page.locator(`${FIG} a.bar.match`).first();
      await bar.hover();
      await page.waitForSelector(".timeline-tip:not([hidden])");
      assert.match(await page.textContent(".timeline-tip"), /SEV\d .*\d{4}-\d\d-\d\d \d\d:\d\d/);
      await bar.click();
      await page.waitForURL(/\/history\/incidents\/[^/]+\/$/);
      assert.equal(new URL(page.url()).pathname, matched[0]);
      clean(log);
    });
  });

  test("the incident timeline's events show their text on focus", async (t) => {
    await withPage(t, site.browser, site.server.base + "incidents/expired-tls-certificate-checkout/", {}, async (page, log) => {
      await waitForModule(page);
      const events = await page.$$eval(".timeline-incident .event", (es) => es.map((e) => e.getAttribute("tabindex")));
      assert.ok(events.length >= 3 && events.every((t) => t === "0"), events.join());
      await page.focus(".timeline-incident .event");
      await page.waitForSelector(".timeline-tip:not([hidden])");
      const text = await page.textContent(".timeline-tip");
      const title = await page.$eval(".timeline-incident .event title", (t) => t.textContent);
      assert.equal(text, title);
      assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d \S+ — ./);
      await page.keyboard.press("Tab");
      const second = await page.$$eval(".timeline-incident .event title", (ts) => ts[1].textContent);
      await page.waitForFunction((s) => document.querySelector(".timeline-tip").textContent === s, second);
      clean(log);
    });
  });

  test("screenshots: history and incident, light, dark and phone", async (t) => {
    const dir = join(artifacts, "screens");
    mkdirSync(dir, { recursive: true });
    const shots = [
      ["history-light", "", { colorScheme: "light" }],
      ["history-dark", "", { colorScheme: "dark" }],
      ["history-phone", "", { viewport: { width: 390, height: 844 } }],
      ["incident-light", "incidents/expired-tls-certificate-checkout/", { colorScheme: "light" }],
      ["incident-dark", "incidents/expired-tls-certificate-checkout/", { colorScheme: "dark" }],
      ["incident-phone", "incidents/expired-tls-certificate-checkout/", { viewport: { width: 390, height: 844 } }],
    ];
    for (const [name, path, options] of shots) {
      await withPage(t, site.browser, site.server.base + path, options, async (page, log) => {
        await waitForModule(page);
        if (!path) await page.waitForSelector("[data-timeline][data-ready]");
        const card = page.locator(".timeline-card").first();
        await card.screenshot({ path: join(dir, `${name}.png`) });
        // The timeline fits the viewport: no horizontal page scroll.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name}: page scrolls sideways by ${overflow}px`);
        clean(log);
      });
    }
  });
});
