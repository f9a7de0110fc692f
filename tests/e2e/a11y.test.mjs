// Accessibility end to end: the showcase course (tests/e2e/showcase: one module per construct of
// the format) in headless Chromium, checked by axe-core against the WCAG 2.1 A and AA rules on
// every page and in every interaction state a learner reaches: untouched, answered wrongly,
// answered, hints and sections opened, and the results page.
//
// The Arabic course (tests/e2e/rtl) gets the same checks, right to left; the sample course
// (courses/integration-basics, English and German) its language switch, handout and certificate.
//
// Needs LOTSE_E2E_SHOWCASE, LOTSE_E2E_RTL and LOTSE_E2E_SITE: the built showcase, Arabic and
// sample courses. `cargo xtask test` builds them and runs this.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const SITE = process.env.LOTSE_E2E_SHOWCASE ? path.resolve(process.env.LOTSE_E2E_SHOWCASE) : "";
const RTL = process.env.LOTSE_E2E_RTL ? path.resolve(process.env.LOTSE_E2E_RTL) : "";
const SAMPLE = process.env.LOTSE_E2E_SITE ? path.resolve(process.env.LOTSE_E2E_SITE) : "";
// The sample course's correct answer (courses/integration-basics/02-integration-management.md).
const CORRECT = "The goals agreed with the person and the steps taken towards them.";
const AXE = path.join(REPO, "node_modules", "axe-core", "axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

let server;
let browser;
let context;

before(async () => {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) return;
  const routes = { "/course/": SITE };
  if (RTL && existsSync(path.join(RTL, "index.html"))) routes["/rtl/"] = RTL;
  if (SAMPLE && existsSync(path.join(SAMPLE, "index.html"))) routes["/sample/"] = SAMPLE;
  server = await startServer({ routes });
  browser = await launch("lotse-a11y-");
  context = browser.context;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function requireSite() {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) {
    assert.fail(
      "LOTSE_E2E_SHOWCASE is not set to a built course. Run `cargo xtask test`, which builds " +
        "tests/e2e/showcase with the player and sets it.",
    );
  }
}

/// axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each.
async function violations(page, state) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    // Evaluated, not added as a <script>: the player's Content-Security-Policy refuses inline scripts.
    await page.evaluate(readFileSync(AXE, "utf8"));
  }
  const found = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`,
    );
  }, TAGS);
  return found.map((line) => `${state}: ${line}`);
}

/// A new page at the built course `dir` (served at `route`), its first module on screen, and the
/// script errors it raises. `name` names the environment variable that points to the course.
async function openCourse(dir, route, name) {
  requireSite();
  if (!dir || !existsSync(path.join(dir, "index.html"))) {
    assert.fail(`${name} is not set to a built course. Run \`cargo xtask test\`.`);
  }
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(`${server.url}/${route}/index.html`);
  await page.waitForSelector("main h1");
  return { page, errors };
}

async function title(page) {
  return (await page.locator("main h1").first().textContent())?.trim() ?? "?";
}

test("axe-core finds no WCAG 2.1 A or AA violation on any page or in any interaction state", async () => {
  const { page, errors } = await openCourse(SITE, "course", "LOTSE_E2E_SHOWCASE");
  const modules = await page.locator("nav.toc li button").count();
  assert.ok(modules >= 15, `the showcase has a module per construct; found ${modules}`);
  const found = [];
  const states = [];
  let interactions = 0;
  let answered = 0;
  for (let m = 0; m < modules; m++) {
    await page.locator("nav.toc li button").nth(m).click();
    await page.waitForFunction((n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page", m);
    const name = await title(page);
    found.push(...(await violations(page, `${name} (untouched)`)));
    states.push(name);
    const fieldsets = page.locator("main fieldset");
    const count = await fieldsets.count();
    if (count === 0) continue;
    // Checking without an answer, then with the first possible answer, then everything opened.
    for (let f = 0; f < count; f++) {
      const set = fieldsets.nth(f);
      const check = set.locator("button", { hasText: /Check answer|Save/ });
      if (await check.count()) await check.first().click().catch(() => {});
    }
    found.push(...(await violations(page, `${name} (checked without an answer)`)));
    for (let f = 0; f < count; f++) {
      const set = fieldsets.nth(f);
      const choice = set.locator("input[type=radio], input[type=checkbox]");
      if (await choice.count()) await choice.first().check().catch(() => {});
      const field = set.locator("input[type=text], textarea");
      if (await field.count()) await field.first().fill("6").catch(() => {});
      const select = set.locator("select");
      for (let s = 0; s < (await select.count()); s++) {
        await select.nth(s).selectOption({ index: 1 }).catch(() => {});
      }
      const step = set.locator("button", { hasNotText: /Check answer|Save|Move|Start again/ });
      if (await step.count()) await step.first().click().catch(() => {});
      const check = set.locator("button", { hasText: /Check answer|Save/ });
      if (await check.count()) await check.first().click().catch(() => {});
    }
    await page.evaluate(() => document.querySelectorAll("main details").forEach((d) => (d.open = true)));
    // A glossary term's definition, open as a popover.
    const term = page.locator("main button.term");
    if (await term.count()) {
      await term.first().click();
      await page.waitForSelector("main .definition:popover-open");
    }
    found.push(...(await violations(page, `${name} (answered, everything opened)`)));
    answered += await page.locator("main [role=status] .feedback").count();
    interactions += count;
  }
  // The states above were reached: most interactions show feedback now.
  assert.ok(interactions >= 12, `the showcase has an interaction of every kind; found ${interactions}`);
  assert.ok(answered >= interactions - 2, `feedback shown for ${answered} of ${interactions} interactions`);
  const finish = page.locator("button", { hasText: /Finish course|See results|Results/ });
  if (await finish.count()) {
    await finish.first().click();
    await page.waitForTimeout(200);
    found.push(...(await violations(page, "results page")));
  }
  await page.close();
  assert.deepEqual(errors, [], "no script errors");
  assert.deepEqual(found, [], `axe-core found violations (pages checked: ${states.join(", ")})`);
});

test("axe-core finds no WCAG 2.1 A or AA violation in the Arabic course, right to left", async () => {
  const { page, errors } = await openCourse(RTL, "rtl", "LOTSE_E2E_RTL");
  assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ar");
  const modules = await page.locator("nav.toc li button").count();
  assert.ok(modules >= 2, `the Arabic course has two modules; found ${modules}`);
  const found = [];
  for (let m = 0; m < modules; m++) {
    await page.locator("nav.toc li button").nth(m).click();
    await page.waitForFunction((n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page", m);
    const name = await title(page);
    found.push(...(await violations(page, `${name} (untouched)`)));
    const fieldsets = page.locator("main fieldset");
    for (let f = 0; f < (await fieldsets.count()); f++) {
      const set = fieldsets.nth(f);
      const choice = set.locator("input[type=radio], input[type=checkbox]");
      if (await choice.count()) await choice.first().check().catch(() => {});
      const check = set.locator("button", { hasText: /Check answer|Save|Antwort prüfen|Speichern/ });
      if (await check.count()) await check.first().click().catch(() => {});
    }
    await page.evaluate(() => document.querySelectorAll("main details").forEach((d) => (d.open = true)));
    found.push(...(await violations(page, `${name} (answered, everything opened)`)));
  }
  const finish = page.locator("main nav button.primary");
  await finish.last().click();
  await page.waitForSelector("main .results");
  found.push(...(await violations(page, "results page")));
  await page.close();
  assert.deepEqual(errors, [], "no script errors");
  assert.deepEqual(found, [], "axe-core found violations in the Arabic course");
});

test("the language switch, the handout and the certificate have no violation, in English and German", async () => {
  const { page, errors } = await openCourse(SAMPLE, "sample", "LOTSE_E2E_SITE");
  const found = [...(await violations(page, "first page, with the language switch"))];
  const modules = await page.locator("nav.toc li button").count();
  const language = async (tag) => {
    await page.locator(`header [role=group] button[lang=${tag}]`).click();
    await page.waitForFunction(
      (t) =>
        document.documentElement.lang === t &&
        document.querySelector(`header [role=group] button[lang=${t}]`)?.getAttribute("aria-current") === "true",
      tag,
    );
  };

  await language("de");
  assert.equal(await page.locator("nav.toc").getAttribute("aria-label"), "Inhalt", "the interface follows");
  found.push(...(await violations(page, "German")));
  await page.locator("nav.toc button.handout-button").click();
  await page.waitForSelector("main .handout");
  assert.equal(await page.locator("main h1").count(), 1, "one h1 in the handout: the course title");
  assert.equal(await page.locator("main article > h2").count(), modules, "every module in the handout");
  found.push(...(await violations(page, "handout (German)")));
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("main .actions").isVisible(), false, "no buttons in print");
  assert.equal(await page.locator("nav.toc").isVisible(), false, "no contents in print");
  await page.emulateMedia({ media: "screen" });

  // In English: the question answered correctly, the course finished, the certificate.
  await language("en");
  await page.locator("nav.toc li button").nth(modules - 1).click();
  await page.waitForFunction((n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page", modules - 1);
  await page.getByLabel(CORRECT).check();
  await page.locator("main fieldset button", { hasText: "Check answer" }).click();
  await page.waitForSelector("main .feedback.correct");
  await page.locator("main nav button", { hasText: "Finish course" }).click();
  await page.waitForSelector("main .results");
  found.push(...(await violations(page, "results (passed)")));
  await page.locator("main button", { hasText: "Show the certificate" }).click();
  await page.waitForSelector("main .certificate");
  const certificate = (await page.locator("main .certificate").textContent()).replace(/\s+/g, " ");
  assert.match(certificate, /Certificate of completion/);
  assert.match(certificate, /Integration as a two-way process/, "the course title");
  assert.match(certificate, /Time spent: \d+ (min|h)/);
  assert.equal(await page.getByLabel("Name on the certificate").count(), 1, "standalone: a field for the name");
  found.push(...(await violations(page, "certificate")));
  await page.close();
  assert.deepEqual(errors, [], "no script errors");
  assert.deepEqual(found, [], "axe-core found violations");
});
