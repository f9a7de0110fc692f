// `cargo xtask screenshots`: pictures of the player for people to look at (not a test).
// Desktop, 320 px wide (reflow), 640 px (like 200 % zoom on a 1280 px screen), right-to-left,
// and print, of the sample course (also in German, its handout and its certificate), the
// showcase (one module per construct) and the Arabic course. Written to the folder in LOTSE_SCREENSHOTS (target/screenshots, never committed).
//
// Needs LOTSE_E2E_SITE, LOTSE_E2E_SHOWCASE and LOTSE_E2E_RTL: built courses (xtask builds them).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

const OUT = path.resolve(process.env.LOTSE_SCREENSHOTS || "target/screenshots");
const COURSES = {
  sample: process.env.LOTSE_E2E_SITE,
  showcase: process.env.LOTSE_E2E_SHOWCASE,
  rtl: process.env.LOTSE_E2E_RTL,
};
for (const [name, dir] of Object.entries(COURSES)) {
  if (!dir) throw new Error(`the built ${name} course is missing: run \`cargo xtask screenshots\``);
}

const server = await startServer({
  routes: { "/sample/": COURSES.sample, "/showcase/": COURSES.showcase, "/rtl/": COURSES.rtl },
});
const browser = await launch("lotse-screenshots-");
const context = browser.context;
mkdirSync(OUT, { recursive: true });
const written = [];

/// Opens `course` at module `n` (1-based) in a fresh page of the given width.
async function open(course, width, n = 1) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(`${server.url}/${course}/index.html`);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector("main h1");
  if (n > 1) {
    await page.locator("nav.toc li button").nth(n - 1).click();
    await page.waitForFunction((i) => document.querySelectorAll("nav.toc li button")[i]?.getAttribute("aria-current") === "page", n - 1);
  }
  return page;
}

async function shot(page, name, { fullPage = true } = {}) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  written.push(file);
}

/// Answers the first question on the page (first option) and checks it.
async function answer(page) {
  const option = page.locator("main fieldset input[type=radio]").first();
  if (await option.count()) await option.check();
  const check = page.locator("main fieldset button", { hasText: "Check answer" }).first();
  if (await check.count()) await check.click();
  await page.waitForTimeout(100);
}

try {
  for (const [label, width] of [["desktop", 1280], ["zoom-200", 640], ["narrow-320", 320]]) {
    let page = await open("sample", width);
    await shot(page, `sample-${label}-module-1`, { fullPage: false });
    await page.close();
    page = await open("sample", width, 2);
    await answer(page);
    await shot(page, `sample-${label}-module-2-answered`);
    const finish = page.locator("button", { hasText: "Finish course" });
    if (await finish.count()) {
      await finish.click();
      await page.waitForTimeout(100);
      await shot(page, `sample-${label}-results`);
    }
    await page.close();
    page = await open("rtl", width, 2);
    await answer(page);
    await shot(page, `rtl-${label}-module-2-answered`);
    await page.close();
  }
  // The showcase: every construct, one page each, on a laptop-sized screen.
  const page = await open("showcase", 1280);
  const titles = await page.locator("nav.toc li button").allTextContents();
  await page.close();
  for (let n = 1; n <= titles.length; n++) {
    const p = await open("showcase", 1280, n);
    await shot(p, `showcase-${String(n).padStart(2, "0")}`);
    await p.close();
  }
  // A glossary term's definition, open.
  const glossary = await open("showcase", 1280, 5);
  await glossary.locator("main button.term").first().click();
  await shot(glossary, "showcase-05-term-open", { fullPage: false });
  await glossary.close();
  // Print: the page as the browser prints it.
  for (const course of ["sample", "rtl"]) {
    const p = await open(course, 1280, 2);
    await p.emulateMedia({ media: "print" });
    await shot(p, `${course}-print`);
    await p.close();
  }
  // The sample course in German (the language switch), its handout on screen and in print, and
  // the certificate after passing, on screen and in print.
  const de = await open("sample", 1280);
  await de.locator("header [role=group] button[lang=de]").click();
  await de.waitForFunction(() => document.documentElement.lang === "de");
  await shot(de, "sample-german", { fullPage: false });
  await de.locator("nav.toc button.handout-button").click();
  await de.waitForSelector("main .handout");
  await shot(de, "sample-handout");
  await de.emulateMedia({ media: "print" });
  await shot(de, "sample-handout-print");
  await de.close();
  const passed = await open("sample", 1280, 2);
  await passed.getByLabel("The goals agreed with the person and the steps taken towards them.").check();
  await passed.locator("main fieldset button", { hasText: "Check answer" }).click();
  await passed.locator("main nav button", { hasText: "Finish course" }).click();
  await passed.locator("main button", { hasText: "Show the certificate" }).click();
  await passed.waitForSelector("main .certificate");
  await passed.getByLabel("Name on the certificate").fill("Erika Musterfrau");
  await shot(passed, "sample-certificate");
  await passed.emulateMedia({ media: "print" });
  await shot(passed, "sample-certificate-print");
  await passed.close();
} finally {
  await browser.close();
  await server.close();
}
console.log(`${written.length} screenshots in ${OUT}`);
