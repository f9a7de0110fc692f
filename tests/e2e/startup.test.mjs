// The page before the player runs: index.html's own words ("Loading the course …", and what to
// do when the browser cannot start the player) in the browser's language, English or German.
//
// Needs LOTSE_E2E_SITE: the built sample course. `cargo xtask test` builds it and runs this.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

const SITE = process.env.LOTSE_E2E_SITE ? path.resolve(process.env.LOTSE_E2E_SITE) : "";

let server;
let browser;

before(async () => {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) return;
  server = await startServer({ routes: { "/course/": SITE } });
  browser = await launch("lotse-startup-", { locale: "de-DE" });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function requireSite() {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) {
    assert.fail("LOTSE_E2E_SITE is not set to the built sample course. Run `cargo xtask test`.");
  }
}

test("a German browser is told in German that the course is loading", async () => {
  requireSite();
  const page = await browser.context.newPage();
  // The player never arrives: the page shows its own loading text.
  let held;
  await page.route("**/lotse_bg.wasm", (route) => {
    held = route;
  });
  await page.goto(`${server.url}/course/index.html`);
  await page.waitForFunction(() => document.getElementById("lotse-loading")?.textContent === "Der Kurs wird geladen …");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
  await held?.abort().catch(() => {});
  await page.close();
});

test("a German browser that cannot start the player is told in German what to do", async () => {
  requireSite();
  const page = await browser.context.newPage();
  // An LMS file server that answers with an error page instead of the wasm.
  await page.route("**/lotse_bg.wasm", (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Access denied</h1>" }),
  );
  await page.goto(`${server.url}/course/index.html`);
  await page.waitForSelector("#lotse h1");
  assert.equal(await page.locator("#lotse h1").textContent(), "Dieser Kurs konnte nicht gestartet werden");
  assert.match(await page.locator("#lotse p").textContent(), /Firefox, Chrome oder Edge/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
  await page.close();
});

test("the page asks for the script, the wasm and the course at once, and for each only once", async () => {
  requireSite();
  // A browser of its own: an empty cache, so every file comes over the network.
  const fresh = await launch("lotse-startup-preload-");
  try {
    const page = await fresh.context.newPage();
    const requested = [];
    const warnings = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    page.on("console", (message) => /preload/i.test(message.text()) && warnings.push(message.text()));
    await page.goto(`${server.url}/course/index.html`);
    await page.waitForSelector("main h1");
    // Chromium says so 3 s after the load event when a preloaded file went unused (a preload that
    // does not match the player's own fetch, which then fetches the file a second time).
    await page.waitForTimeout(3500);
    for (const file of ["lotse.js", "lotse_bg.wasm", "course.json"]) {
      assert.equal(requested.filter((p) => p === `/course/${file}`).length, 1, `${file} requested once: ${requested.join(", ")}`);
    }
    assert.deepEqual(warnings, []);
    // All three were asked for together, by the page, before the script had even arrived; without
    // the preloads the course is asked for only once the wasm runs.
    const timing = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType("resource").map((e) => [new URL(e.name).pathname.split("/").pop(), e])),
    );
    for (const file of ["lotse_bg.wasm", "course.json"]) {
      assert.ok(timing[file].startTime <= timing["lotse.js"].responseEnd, `${file} asked for before lotse.js arrived`);
    }
  } finally {
    await fresh.close();
  }
});
