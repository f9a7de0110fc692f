// The keyboard alone: a learner who cannot use a mouse completes the sample course (read every
// module, answer the question, finish) and a showcase question of each operable kind, using only
// Tab, Shift+Tab, the arrow keys, Space and Enter. Every control must be reachable in the tab
// order and work from the keyboard (WCAG 2.1.1), and focus must stay visible in the page.
//
// Needs LOTSE_E2E_SITE (the built sample course) and LOTSE_E2E_SHOWCASE (the built showcase);
// `cargo xtask test` builds both and runs this.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

const SITE = process.env.LOTSE_E2E_SITE ? path.resolve(process.env.LOTSE_E2E_SITE) : "";
const SHOWCASE = process.env.LOTSE_E2E_SHOWCASE ? path.resolve(process.env.LOTSE_E2E_SHOWCASE) : "";
const CORRECT = "The goals agreed with the person and the steps taken towards them.";

let server;
let browser;
let context;

before(async () => {
  if (!SITE || !SHOWCASE) return;
  server = await startServer({ routes: { "/course/": SITE, "/showcase/": SHOWCASE } });
  browser = await launch("lotse-keyboard-");
  context = browser.context;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function requireSites() {
  for (const [name, dir] of [["LOTSE_E2E_SITE", SITE], ["LOTSE_E2E_SHOWCASE", SHOWCASE]]) {
    if (!dir || !existsSync(path.join(dir, "index.html"))) {
      assert.fail(`${name} is not set to a built course. Run \`cargo xtask test\`, which builds it and sets it.`);
    }
  }
}

/// What has focus: its tag, type, accessible text and whether it is inside <main>.
async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: "body", text: "" };
    const label = e.labels?.[0]?.textContent ?? "";
    return {
      tag: e.tagName.toLowerCase(),
      type: e.getAttribute("type") ?? "",
      text: (e.getAttribute("aria-label") || label || e.textContent || e.value || "").replace(/\s+/g, " ").trim(),
      inMain: !!e.closest("main"),
    };
  });
}

/// Press Tab until the focused element matches `want`; fail after `limit` presses.
async function tabTo(page, want, describe, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (want(now)) return now;
  }
  assert.fail(`Tab never reached ${describe} within ${limit} presses`);
}

const button = (text) => (f) => f.tag === "button" && f.text.includes(text);

test("the sample course is completed with the keyboard alone", async () => {
  requireSites();
  const page = await context.newPage();
  await page.goto(`${server.url}/course/index.html`);
  await page.waitForSelector("main h1");
  // Module 1 → module 2 by "Next".
  await tabTo(page, button("Next"), "the Next button");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll("nav.toc [aria-current=page]").length === 1);
  assert.match(await page.locator("main h1").textContent(), /Integration management/);
  // The question: Tab into the radio group, arrows to the correct option, Space, Check.
  await tabTo(page, (f) => f.tag === "input" && f.type === "radio", "the question's options");
  for (let i = 0; i < 6; i++) {
    const now = await focused(page);
    if (now.text.includes(CORRECT)) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Space");
  assert.ok((await focused(page)).text.includes(CORRECT), "the correct option has focus and is chosen");
  await tabTo(page, button("Check answer"), "Check answer");
  await page.keyboard.press("Enter");
  await page.waitForSelector("main .feedback.correct");
  const after = await focused(page);
  assert.notEqual(after.tag, "body", "focus stays in the page after checking (it moved to the feedback)");
  // Finish the course.
  await tabTo(page, button("Finish course"), "Finish course");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /passed/i.test(document.querySelector("main")?.textContent ?? ""));
  assert.notEqual((await focused(page)).tag, "body", "focus moved to the results, not lost");
  // The certificate, and back.
  await tabTo(page, button("Show the certificate"), "Show the certificate");
  await page.keyboard.press("Enter");
  await page.waitForSelector("main .certificate");
  assert.equal((await focused(page)).tag, "h1", "focus on the certificate's heading");
  await tabTo(page, button("Back to the results"), "Back to the results");
  await page.keyboard.press("Enter");
  await page.waitForSelector("main .results");
  await page.close();
});

test("ordering, matching and a scenario work with the keyboard alone", async () => {
  requireSites();
  const page = await context.newPage();
  await page.goto(`${server.url}/showcase/index.html`);
  await page.waitForSelector("main h1");
  // The showcase's modules in course.toml order: 15 matching, 16 ordering, 19 scenario.
  const open = async (number) => {
    const titles = await page.locator("nav.toc li button").allTextContents();
    const name = titles[number - 1].replace(/\s*\([^)]*\)\s*$/, "").trim();
    // Reach the module's contents entry by Tab and open it with Enter.
    await page.evaluate(() => document.activeElement?.blur());
    const nth = titles.slice(0, number - 1).filter((t) => t.replace(/\s*\([^)]*\)\s*$/, "").trim() === name).length;
    let seen = -1;
    await tabTo(
      page,
      (f) => f.tag === "button" && f.text.replace(/\s*\([^)]*\)$/, "") === name && ++seen === nth,
      `the contents entry ${name}`,
      60,
    );
    await page.keyboard.press("Enter");
    await page.waitForFunction((n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page", number - 1);
  };

  // Ordering: each "Move … up/down" button is reachable and moves the item; focus follows it.
  await open(16);
  assert.ok(await page.locator("main fieldset button", { hasText: /^Move .* down$/ }).count(), "module 16 is the ordering");
  const first = await tabTo(page, (f) => f.tag === "button" && /^Move .* down$/.test(f.text), "a Move down button");
  await page.keyboard.press("Enter");
  const moved = await focused(page);
  assert.ok(/^Move .* (up|down)$/.test(moved.text) && moved.inMain, `focus follows the moved item: ${JSON.stringify(moved)}`);
  assert.equal(moved.text.replace(/ (up|down)$/, ""), first.text.replace(/ (up|down)$/, ""), "the same item keeps focus");
  const status = await page.locator("main fieldset [role=status]").first().textContent();
  assert.match(status, /position 2 of/, "the new position is announced");

  // Matching: each select is reachable and takes a choice from the keyboard.
  await open(15);
  assert.ok(await page.locator("main fieldset select").count(), "module 15 is the matching");
  await tabTo(page, (f) => f.tag === "select", "a matching select");
  await page.keyboard.press("ArrowDown");
  const value = await page.evaluate(() => document.activeElement.selectedIndex);
  assert.ok(value > 0, "the arrow key chose an item");

  // Scenario: the choices are buttons; Enter takes one and focus moves to the next step.
  await open(19);
  const before = await page.locator("main fieldset").first().textContent();
  await tabTo(page, (f) => f.tag === "button" && f.inMain && /Ask/.test(f.text), "a scenario choice");
  await page.keyboard.press("Enter");
  await page.waitForFunction((t) => document.querySelector("main fieldset")?.textContent !== t, before);
  const step = await focused(page);
  assert.ok(step.inMain, `focus is on the new step, not lost: ${JSON.stringify(step)}`);

  // A glossary term: Enter opens its definition, Tab reaches the link in it, Escape closes it.
  await open(5);
  await tabTo(page, (f) => f.tag === "button" && f.inMain, "a glossary term");
  await page.keyboard.press("Enter");
  await page.waitForSelector("main .definition:popover-open");
  const link = await tabTo(page, (f) => f.tag === "a", "the link in the definition", 3);
  assert.match(link.text, /Glossary/);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("main .definition:popover-open"));
  await page.close();
});
