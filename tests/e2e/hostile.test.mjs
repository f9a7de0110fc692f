// Script injection, rendered: the course in tests/hostile/rendered is made of attempts (raw HTML,
// event attributes, SVG, CSS, entity tricks, in the text, the questions, the feedback, a hint, the
// glossary and course.toml) that `lotse check` reports as warnings, so it compiles
// (crates/lotse-cli/tests/hostile.rs shows that each is reported). Here a learner goes through all
// of it in Chromium: every module, every feedback, the glossary, the handout. Nothing may run.
//
// The page's Content-Security-Policy, if the package has one, is taken out first: this test is
// about the player's own rendering (text is always a text node), the policy is a second wall.
// A second copy of the course has its links, attachment and image pointed at `javascript:` and
// `data:` URLs by hand, as a compiler bug or a tampered course.json would, to show that the
// player checks them again.
//
// Execution is detected three ways: any dialog (every attempt calls alert), any request for
// /pwned/ (the CSS and link attempts), and attributes and elements in the page that could run
// inside the player (on* attributes, javascript: URLs, script, iframe, object, embed, style, base,
// meta).
// The detector is shown to work at the end: a real injection into the page is caught.
//
// Needs LOTSE_E2E_HOSTILE: the built hostile course. `cargo xtask test` builds it and runs this.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";
import { walkCourse } from "./course-walk.mjs";

const SITE = process.env.LOTSE_E2E_HOSTILE ? path.resolve(process.env.LOTSE_E2E_HOSTILE) : "";

let server;
let work;

// Writes a copy of the site without a CSP meta element; `edit` may change its course.json.
function copySite(name, edit = (course) => course) {
  const dir = path.join(work, name);
  cpSync(SITE, dir, { recursive: true });
  const index = path.join(dir, "index.html");
  writeFileSync(index, readFileSync(index, "utf8").replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, ""));
  const file = path.join(dir, "course.json");
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, "utf8")))));
  return dir;
}

// Every link, attachment and image of the course pointed at a URL that runs a script.
function tampered(course) {
  const hostile = [
    "javascript:alert('J01')",
    " JavaScript:alert('J02')",
    "data:text/html,<script>alert('J03')</script>",
    "vbscript:msgbox('J04')",
    "java\tscript:alert('J05')",
  ];
  let n = 0;
  const next = () => hostile[n++ % hostile.length];
  const walk = (value) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== "object") return;
    if (value.link) value.link.href = next();
    if (value.attachment) value.attachment.src = next();
    if (value.image) value.image.src = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(\"J06\")'/>";
    Object.values(value).forEach(walk);
  };
  walk(course.modules);
  walk(course.glossary);
  course.title = "<img src=x onerror=alert('J07')>";
  return course;
}

before(async () => {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) return;
  work = mkdtempSync(path.join(os.tmpdir(), "lotse-hostile-"));
  server = await startServer({
    routes: { "/plain/": copySite("plain"), "/tampered/": copySite("tampered", tampered) },
  });
});

after(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function requireSite() {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) {
    assert.fail("LOTSE_E2E_HOSTILE is not set to the built hostile course. Run `cargo xtask test`.");
  }
}

// The course served at `/<site>/` ("plain" or "tampered") opened in a browser of its own (no
// progress from another test), on a page that records every sign of a script that ran.
async function watchedPage(t, site) {
  requireSite();
  const browser = await launch("lotse-hostile-");
  t.after(() => browser.close());
  const page = await browser.context.newPage();
  const ran = [];
  page.on("dialog", (dialog) => {
    ran.push(`dialog: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/pwned") || url.origin !== server.url) ran.push(`request: ${request.url()}`);
  });
  page.on("popup", (popup) => ran.push(`popup: ${popup.url()}`));
  await page.goto(`${server.url}/${site}/index.html`);
  return { page, ran };
}

// What in the page could run a script: on* attributes, script URLs in attributes that load or
// navigate, and elements that run or load code, inside the player.
function audit() {
  const found = [];
  const describe = (el) => el.outerHTML.slice(0, 120);
  const urlAttributes = /^(href|src|action|formaction|xlink:href|data|poster|background|srcdoc|ping|cite)$/i;
  // The player's part of the page (the page's own head is the package's, not the course's).
  const root = document.getElementById("lotse") ?? document.body;
  for (const el of [root, ...root.querySelectorAll("*")]) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) found.push(`${a.name} on ${describe(el)}`);
      if (urlAttributes.test(a.name) && /^\s*(javascript|vbscript|data)\s*:/i.test(a.value.replace(/[\t\n\r]/g, ""))) {
        found.push(`${a.name}=${a.value} on ${describe(el)}`);
      }
      if (a.name === "style" && /url\s*\(|expression\s*\(/i.test(a.value)) found.push(`style on ${describe(el)}`);
    }
  }
  for (const el of root.querySelectorAll("script, iframe, frame, object, embed, style, link, meta, base, foreignObject")) {
    found.push(describe(el));
  }
  return found;
}

async function checkPage(page, where) {
  assert.deepEqual(await page.evaluate(audit), [], `${where}: nothing in the page can run`);
}

// Opens the whole course for printing and audits it.
async function checkHandout(page, where) {
  await page.getByRole("button", { name: "Whole course for printing" }).click();
  await page.locator(".handout").waitFor();
  await checkPage(page, `${where}, handout`);
}

// Opens every module from the contents, with every section open, and audits each.
async function everyModule(page, where) {
  const toc = page.locator("nav.toc li button");
  await toc.first().waitFor();
  const count = await toc.count();
  for (let m = 0; m < count; m++) {
    await toc.nth(m).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page",
      m,
    );
    await page.evaluate(() => document.querySelectorAll("main details").forEach((d) => (d.open = true)));
    await checkPage(page, `${where}, module ${m + 1}`);
  }
}

test("no injection in the text, questions, feedback, glossary or course.toml runs; each is shown as text", async (t) => {
  const { page, ran } = await watchedPage(t, "plain");
  const course = JSON.parse(readFileSync(path.join(SITE, "course.json"), "utf8"));
  await everyModule(page, "plain");
  // The attempts are on the page as the text the trainer wrote.
  await page.locator("nav.toc li button").first().click();
  const text = await page.locator("main").innerText();
  for (const shown of ["<script>alert('H04')</script>", "<img src=x onerror=alert('H05')>", "<svg onload=alert('H06')>"]) {
    assert.ok(text.includes(shown), `"${shown}" is shown as text`);
  }
  // The right answers, with their feedback, to the end of the course.
  await walkCourse(page, course);
  await checkPage(page, "plain, results");
  await checkHandout(page, "plain");
  const handout = await page.locator(".handout").innerText();
  for (const shown of ["alert('H27')", "alert('H33')", "alert('H24')"]) assert.ok(handout.includes(shown), shown);
  assert.deepEqual(ran, [], "no script ran");
  await page.close();
});

test("the wrong answers' feedback runs nothing either", async (t) => {
  const { page, ran } = await watchedPage(t, "plain");
  await page.locator("nav.toc li button").nth(1).click();
  await page.locator("#i_q1_1").check();
  await page.locator("#i_q1").getByRole("button", { name: "Check answer" }).click();
  await page.locator("#i_q1 .feedback").first().waitFor();
  await page.locator("#i_q2_0").fill("<script>alert('H31')</script>");
  await page.locator("#i_q2").getByRole("button", { name: "Check answer" }).click();
  await page.locator("#i_q2 .feedback").first().waitFor();
  const feedback = await page.locator("main").innerText();
  assert.ok(feedback.includes("alert('H28')"), "the wrong choice's feedback is shown as text");
  assert.ok(feedback.includes("alert('H32')"), "the wrong answer's feedback is shown as text");
  await checkPage(page, "wrong answers");
  assert.deepEqual(ran, [], "no script ran");
  await page.close();
});

test("links, attachments and images pointed at javascript: or data: in course.json are not followed", async (t) => {
  const { page, ran } = await watchedPage(t, "tampered");
  await everyModule(page, "tampered");
  // Click whatever the player made of them: a link it refused is no link.
  for (const locator of [page.getByText("UNHCR Handbook"), page.getByText("checklist for the first visit")]) {
    await locator.first().click({ timeout: 5_000 }).catch(() => {});
  }
  await checkHandout(page, "tampered");
  assert.equal(await page.title(), "<img src=x onerror=alert('J07')>", "the title is text");
  assert.deepEqual(ran, [], "no script ran");
  await page.close();
});

test("the detector catches a script that does run", async (t) => {
  const { page, ran } = await watchedPage(t, "plain");
  await page.locator("nav.toc li button").first().waitFor();
  await page.evaluate(() => {
    document.getElementById("lotse").insertAdjacentHTML("beforeend", `<img src="/pwned/probe" onerror="alert('probe')">`);
  });
  // Wait for the signs themselves (the dialog comes after the failed request), a few seconds at most.
  for (let i = 0; i < 400 && !ran.includes("dialog: probe"); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ran.includes("dialog: probe"), `the dialog was seen: ${ran.join(", ")}`);
  assert.ok(ran.some((r) => r.includes("/pwned/probe")), "the request was seen");
  assert.ok((await page.evaluate(audit)).some((f) => f.startsWith("onerror")), "the attribute was seen");
  await page.close();
});
