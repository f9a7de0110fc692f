// `lotse serve` as a trainer uses it, in headless Chromium: a copy of the sample course served
// with live preview. Saving a module reloads the page by itself, on the module the learner was
// reading; a warning is offered in a small panel; an error shows over the page (file:line:column,
// snippet, hint) without reloading it, and clears when it is fixed; a deleted module file and a
// deleted course folder say so on the page and in the terminal, and the page recovers when they
// are back; the list of courses follows the folder; a page first opened on a broken course shows
// its problems and becomes the course once they are fixed.
//
// Every step waits for what the page shows (or the terminal says), never for a fixed time.
//
// Needs LOTSE_E2E_LOTSE: the `lotse` tool with the players embedded. `cargo xtask test` builds it
// and sets it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";

// Writes a course file as most editors save one: a temporary file renamed into place, so the
// server never reads it half written (a hidden name, which lotse never reads as a course file).
function save(file, text) {
  const part = path.join(path.dirname(file), `.${path.basename(file)}.part`);
  writeFileSync(part, text);
  renameSync(part, file);
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const SAMPLE = path.join(REPO, "courses", "integration-basics");
const LOTSE = process.env.LOTSE_E2E_LOTSE ? path.resolve(process.env.LOTSE_E2E_LOTSE) : "";
const NAME = "integration-basics";
const SECOND = "02-integration-management.md";
const HEADING = "# Integration management: plans and referrals";
const NEW_HEADING = "# Integration management: plans, referrals and follow-up";
const OVERLAY = "#lotse-serve-problems";
// Generous: a debug build compiles the course on every request.
const WAIT = { timeout: 20_000 };

function requireLotse() {
  if (!LOTSE || !existsSync(LOTSE)) {
    assert.fail(
      `LOTSE_E2E_LOTSE=${JSON.stringify(LOTSE)} is not the \`lotse\` tool. Run \`cargo xtask test\`, which builds it ` +
        "(target/debug/lotse) with the players inside and sets it, or set it to target/debug/lotse.",
    );
  }
}

let browser;

before(async () => {
  browser = await launch("lotse-serve-");
});

after(async () => {
  await browser?.close();
});

// A copy of the sample course in a fresh temporary folder, removed after the test.
function courseCopy(t) {
  const root = mkdtempSync(path.join(os.tmpdir(), "lotse-serve-course-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, NAME);
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

// `lotse serve DIR --port 0`, stopped after the test. Resolves once it says its address;
// `waitForLine(re)` resolves with the first line of its output (from now on) that matches.
async function serve(t, dir) {
  requireLotse();
  const child = spawn(LOTSE, ["serve", dir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  t.after(() => {
    if (child.exitCode === null) child.kill();
  });
  let output = "";
  let stderr = "";
  const waiting = [];
  const check = () => {
    for (const w of [...waiting]) {
      const lines = output.slice(w.from).split("\n");
      lines.pop(); // not complete yet
      const line = lines.find((l) => w.re.test(l));
      if (line !== undefined) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text) => {
    output += text;
    check();
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text) => (stderr += text));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const waitForLine = (re, from = output.length) =>
    Promise.race([
      new Promise((resolve) => {
        waiting.push({ re, from, resolve });
        check();
      }),
      exited.then((code) => assert.fail(`lotse serve ended (exit ${code}) before printing ${re}: ${stderr}`)),
    ]);
  const first = await waitForLine(/http:\/\//, 0);
  const url = first.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
  assert.ok(url, `lotse serve names its address on 127.0.0.1: ${first}`);
  return { url: `http://${url[1]}`, waitForLine };
}

const heading = (page) => page.locator("main h1").first().textContent();
// The contents entry of the module on the page (0 for the first).
const current = (page) =>
  page.evaluate(() => [...document.querySelectorAll("nav.toc li button")].findIndex((b) => b.getAttribute("aria-current") === "page"));
// A mark in the page's window: gone after a reload, kept otherwise.
const mark = (page) => page.evaluate(() => (window.lotseServeTest = true));
const marked = (page) => page.evaluate(() => window.lotseServeTest === true);
const overlayText = (page) => page.locator(OVERLAY).textContent();

test("saving reloads the page on the same module; errors show over it and clear when fixed", async (t) => {
  const dir = courseCopy(t);
  const server = await serve(t, dir);
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));

  await page.goto(`${server.url}/${NAME}/`);
  await page.waitForSelector("main h1", WAIT);
  assert.match(await heading(page), /two-way process/);
  // lotse serve shows the trainer's preview build: its panel says what an LMS would receive.
  const preview = page.getByRole("button", { name: "LMS preview" });
  await preview.click();
  await page.getByText(/of 4096 characters/).first().waitFor(WAIT);
  await preview.click();
  await page.locator("main button", { hasText: /^Next/ }).first().click();
  await page.waitForFunction(() => /Integration management/.test(document.querySelector("main h1")?.textContent ?? ""), null, WAIT);
  assert.equal(await current(page), 1, "on the second module");

  // An edit: the page reloads by itself, still on the second module.
  await mark(page);
  const second = path.join(dir, SECOND);
  const original = readFileSync(second, "utf8");
  assert.ok(original.startsWith(HEADING + "\n"), "the sample's second module starts with its heading");
  const edited = original.replace(HEADING, NEW_HEADING);
  save(second, edited);
  await page.waitForFunction((h) => document.querySelector("main h1")?.textContent === h, NEW_HEADING.slice(2), WAIT);
  assert.equal(await marked(page), false, "the page was reloaded");
  assert.equal(await current(page), 1, "the reloaded page is on the second module still");

  // A warning: the page reloads and offers it in a panel that does not cover the course; fixed,
  // the panel goes with the next reload.
  const WARNINGS = "#lotse-serve-warnings-panel";
  const warned = edited + "\nSome <b>bold</b> words.\n";
  const warnedLine = warned.split("\n").indexOf("Some <b>bold</b> words.") + 1;
  await mark(page);
  save(second, warned);
  const toggle = page.locator(`${WARNINGS} button`);
  await toggle.waitFor(WAIT);
  assert.equal(await marked(page), false, "the page was reloaded");
  // Two: the opening and the closing tag, each shown as text.
  assert.equal(await toggle.textContent(), "2 warnings about this course");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.locator(`${WARNINGS} pre`).isVisible(), false, "closed at first");
  assert.notEqual(await page.evaluate(() => document.activeElement?.closest("aside")?.id), "lotse-serve-warnings-panel", "it takes no focus");
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const warningText = await page.locator(`${WARNINGS} pre`).textContent();
  assert.ok(warningText.includes(`${SECOND}:${warnedLine}:`), `file:line:column in ${warningText}`);
  assert.match(warningText, /warning: /);
  assert.match(warningText, /0 errors, 2 warnings/, "the same count as the panel's button");
  assert.equal(await heading(page), NEW_HEADING.slice(2), "the course shows under the panel");
  await mark(page);
  save(second, edited);
  await page.waitForSelector(WARNINGS, { state: "detached", ...WAIT });
  await page.waitForSelector("main h1", WAIT);
  assert.equal(await marked(page), false, "reloaded without the warning");
  assert.equal(await current(page), 1);

  // An error: the problems show over the page, as `lotse check` writes them; no reload.
  await mark(page);
  const broken = edited + "\n![](two-way.svg)\n";
  save(second, broken);
  const line = broken.split("\n").indexOf("![](two-way.svg)") + 1;
  await page.waitForSelector(`${OVERLAY}[role=alertdialog]`, WAIT);
  let text = await overlayText(page);
  assert.match(text, /This course has problems/);
  assert.ok(text.includes(`${SECOND}:${line}:1`), `file:line:column in ${text}`);
  assert.match(text, /error: this image has no alt text/);
  assert.ok(text.includes(`${line} │ ![](two-way.svg)`), `the snippet in ${text}`);
  assert.match(text, /hint: describe what the image shows/);
  assert.ok(await marked(page), "the page was not reloaded: the learner's place is kept");
  assert.equal(await heading(page), NEW_HEADING.slice(2), "the course is still under the problems");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "lotse-serve-problems", "focus is on the dialog");
  const labelled = await page.evaluate((sel) => {
    const o = document.querySelector(sel);
    return document.getElementById(o.getAttribute("aria-labelledby"))?.textContent;
  }, OVERLAY);
  assert.equal(labelled, "This course has problems", "the dialog is labelled by its heading");

  // A modal dialog keeps the keyboard: Tab and Shift+Tab never reach the page under it.
  const focused = [];
  for (const key of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    const inside = await page.evaluate((sel) => document.querySelector(sel).contains(document.activeElement), OVERLAY);
    assert.ok(inside, `after ${key}, the focus is in the dialog`);
    focused.push(await page.evaluate(() => document.activeElement.tagName));
  }
  assert.deepEqual(focused, ["BUTTON", "DIV", "BUTTON", "DIV", "BUTTON", "DIV"], "between the dialog and its button");

  // Escape closes it; another error opens it again; the fix clears it without a reload.
  await page.keyboard.press("Escape");
  await page.waitForSelector(OVERLAY, { state: "detached", ...WAIT });
  const question = "\n### A question {#serve-test .question}\n\n- [ ] one\n- [ ] two\n";
  save(second, broken + question);
  await page.waitForFunction(
    (sel) => /this question has no correct option/.test(document.querySelector(sel)?.textContent ?? ""),
    OVERLAY,
    WAIT,
  );
  save(second, edited);
  await page.waitForSelector(OVERLAY, { state: "detached", ...WAIT });
  assert.ok(await marked(page), "fixing the errors of an unchanged course does not reload the page");
  assert.equal(await current(page), 1);

  // A module file deleted: its diagnostic over the page; back: cleared.
  const first = path.join(dir, "01-two-way-process.md");
  const firstText = readFileSync(first, "utf8");
  rmSync(first);
  await page.waitForSelector(OVERLAY, WAIT);
  text = await overlayText(page);
  assert.match(text, /module file `01-two-way-process\.md` does not exist/);
  assert.match(text, /course\.toml:\d+:\d+/);
  save(first, firstText);
  await page.waitForSelector(OVERLAY, { state: "detached", ...WAIT });

  // The whole course folder deleted: said on the page and in the terminal; lotse serve keeps
  // running, and the page follows when the folder is back.
  const gone = server.waitForLine(/is gone \(deleted or moved\?\)/);
  rmSync(dir, { recursive: true });
  assert.ok((await gone).includes(dir), "the terminal names the folder");
  await page.waitForSelector(OVERLAY, WAIT);
  text = await overlayText(page);
  assert.match(text, /The course is not there/);
  assert.ok(text.includes(`${dir} is gone`), text);
  assert.match(text, /put the course folder back/);
  // Put back at once (a rename), as the page last showed it.
  const restored = `${dir}-restored`;
  cpSync(SAMPLE, restored, { recursive: true });
  save(path.join(restored, SECOND), edited);
  const back = server.waitForLine(/is back/);
  renameSync(restored, dir);
  await back;
  await page.waitForSelector(OVERLAY, { state: "detached", ...WAIT });
  assert.ok(await marked(page), "no reload: the course is as the page shows it");
  // And it is watched again: the next edit reloads the page.
  save(second, original);
  await page.waitForFunction((h) => document.querySelector("main h1")?.textContent === h, HEADING.slice(2), WAIT);
  assert.equal(await marked(page), false);
  assert.equal(await current(page), 1, "still on the second module");

  assert.deepEqual(errors, [], "no script error in the page");
  await page.close();
});

test("the list of courses follows the folder: a course copied in shows by itself", async (t) => {
  const dir = courseCopy(t);
  const root = path.dirname(dir);
  const server = await serve(t, root);
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/`);
  const links = () => page.locator("main li a").count();
  assert.equal(await links(), 1, "one course");
  await mark(page);
  cpSync(SAMPLE, path.join(root, "a-second-course"), { recursive: true });
  await page.waitForFunction(() => document.querySelectorAll("main li a").length === 2, null, WAIT);
  assert.equal(await marked(page), false, "the page was reloaded");
  assert.deepEqual(
    await page.locator("main li a").evaluateAll((as) => as.map((a) => a.getAttribute("href"))),
    ["/a-second-course/", `/${NAME}/`],
  );
  await page.close();
});

test("a page opened on a course with errors shows them, and becomes the course once they are fixed", async (t) => {
  const dir = courseCopy(t);
  const second = path.join(dir, SECOND);
  const original = readFileSync(second, "utf8");
  save(second, original + "\n![](two-way.svg)\n");
  const server = await serve(t, dir);
  const page = await browser.context.newPage();

  await page.goto(`${server.url}/${NAME}/`);
  assert.equal(await heading(page), "This course has problems");
  assert.match(await page.locator("pre").textContent(), new RegExp(`${SECOND}:\\d+:1`));
  assert.equal(await page.locator(OVERLAY).count(), 0, "the problems page itself, no overlay");

  save(second, original);
  await page.waitForFunction(() => /two-way process/.test(document.querySelector("main h1")?.textContent ?? ""), null, WAIT);
  await page.waitForSelector("nav.toc", WAIT);
  await page.close();
});
