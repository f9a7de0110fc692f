// What the SCORM end-to-end tests share: the server for the harness pages and the course (one
// for a test file's tests, harnessServerForFile), a browser per test, opening a launch page and finding the course in it, the learner's steps
// through the sample course, and reading what the LMS saw. Not a test file itself.
//
// Needs LOTSE_E2E_SCORM: the sample course built with the SCORM player. `cargo xtask test` builds
// it and sets it.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
export const SITE = process.env.LOTSE_E2E_SCORM ? path.resolve(process.env.LOTSE_E2E_SCORM) : "";
export const TIMEOUT = 20_000;
// The sample course (courses/integration-basics): two modules, one graded question in the second,
// passing score 80.
export const CORRECT = "The goals agreed with the person and the steps taken towards them.";
export const SECOND_MODULE = "integration-management";
export const COURSE_ID = "integration-basics";

// Element and method names of each version.
export const SCORM = {
  "1.2": {
    page: "scorm12.html",
    api: "API",
    initialize: "LMSInitialize",
    get: "LMSGetValue",
    set: "LMSSetValue",
    commit: "LMSCommit",
    terminate: "LMSFinish",
    location: "cmi.core.lesson_location",
    exit: "cmi.core.exit",
    sessionTime: "cmi.core.session_time",
    raw: "cmi.core.score.raw",
    min: "cmi.core.score.min",
    max: "cmi.core.score.max",
    response: "student_response",
    wrong: "wrong",
    // preload for scorm-again's loadFromJSON
    mode: (mode) => ({ core: { lesson_mode: mode } }),
    entry: (entry) => ({ core: { entry } }),
  },
  "2004": {
    page: "scorm2004.html",
    api: "API_1484_11",
    initialize: "Initialize",
    get: "GetValue",
    set: "SetValue",
    commit: "Commit",
    terminate: "Terminate",
    location: "cmi.location",
    exit: "cmi.exit",
    sessionTime: "cmi.session_time",
    raw: "cmi.score.raw",
    min: "cmi.score.min",
    max: "cmi.score.max",
    response: "learner_response",
    wrong: "incorrect",
    mode: (mode) => ({ mode }),
    entry: (entry) => ({ entry }),
  },
};
export const VERSIONS = ["1.2", "2004"];

export function requireSite() {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) {
    assert.fail(
      `LOTSE_E2E_SCORM=${JSON.stringify(SITE)} is not a built course. Run \`cargo xtask test\`, which builds the ` +
        "SCORM player and the course and sets it.",
    );
  }
}

// The routes of an LMS with the harness: its pages, scorm-again, and `course` (a built course's
// folder; the sample course of LOTSE_E2E_SCORM unless another is given) under /course/.
export function harnessRoutes(course = SITE) {
  return {
    "/harness/": HERE,
    "/node_modules/scorm-again/": path.join(REPO, "node_modules", "scorm-again"),
    "/course/": course,
  };
}

// The harness pages, scorm-again, and the course.
export async function startHarnessServer() {
  if (!SITE) return null;
  return startServer({ routes: harnessRoutes() });
}

// The harness server for the tests of the file that calls this (at its top level): started
// before them, closed after them. The object returned takes the server's url and close once it
// has started (it stays empty without LOTSE_E2E_SCORM, when withBrowser fails first).
export function harnessServerForFile() {
  const server = {};
  before(async () => {
    Object.assign(server, await startHarnessServer());
  });
  after(async () => {
    await server.close?.();
  });
  return server;
}

function isLocal(url) {
  if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return true;
  return url.hostname === "127.0.0.1";
}

export function describeCalls(calls) {
  return calls
    .map((c, i) => {
      const args = c.args.map((a) => (typeof a === "string" ? JSON.stringify(a.length > 120 ? a.slice(0, 117) + "..." : a) : String(a))).join(", ");
      const error = c.errorCode && c.errorCode !== "0" ? ` (error ${c.errorCode})` : "";
      return `  #${i} ${c.method}(${args}) -> ${JSON.stringify(c.result)}${error}`;
    })
    .join("\n");
}

// What the LMS page saw: the recorded calls, the violations, scorm-again's log and its cmi data.
export async function readLms(page) {
  return page.evaluate(() => ({
    calls: window.LotseRecorder.calls,
    violations: window.LotseRecorder.violations,
    lmsLog: window.LotseHarness.lmsLog,
    cmi: window.scormApi ? window.LotseHarness.cmi() : null,
    apiShownAt: window.LotseHarness.apiShownAt,
    launchedAt: window.LotseHarness.launchedAt,
  }));
}

// Launches Chromium with a fresh profile (and playwright's `launchOptions`, e.g. a time zone), runs `fn({server, context, page, problems, step, lmsPage})`, then
// fails on console errors (other than those matching `allowErrors`), page errors and requests to
// other hosts. `step(name, body)` names a failing step and shows what the LMS saw so far.
// `requireCourse` fails the test when its course is not built (by default: LOTSE_E2E_SCORM's).
export async function withBrowser(server, fn, { allowErrors = [], requireCourse = requireSite, launchOptions = {} } = {}) {
  requireCourse();
  const problems = { errors: [], external: [] };
  let browser;
  try {
    browser = await launch("lotse-scorm-", launchOptions);
    const context = browser.context;
    context.setDefaultTimeout(TIMEOUT);
    await context.route(
      (url) => !isLocal(url),
      (route) => {
        problems.external.push(route.request().url());
        return route.abort();
      },
    );
    const watch = (page) => {
      page.setDefaultTimeout(TIMEOUT);
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const text = `console.error at ${msg.location().url}: ${msg.text()}`;
        if (!allowErrors.some((re) => re.test(text))) problems.errors.push(text);
      });
      page.on("pageerror", (error) => problems.errors.push(`uncaught: ${error.stack || error.message}`));
      page.on("crash", () => problems.errors.push("a page crashed"));
    };
    context.pages().forEach(watch);
    context.on("page", watch);
    const page = context.pages()[0] ?? (await context.newPage());

    const ctx = { server, context, page, problems, lmsPage: page };
    ctx.step = async (name, body) => {
      try {
        return await body();
      } catch (error) {
        let lms = "";
        try {
          const state = await readLms(ctx.lmsPage);
          lms =
            `\nLMS calls so far:\n${describeCalls(state.calls) || "  (none: the course did not find the API?)"}` +
            `\nviolations:\n${state.violations.map((v) => "  " + v).join("\n") || "  (none)"}` +
            `\nscorm-again log:\n${state.lmsLog.map((l) => `  [${l.level}] ${l.message}`).join("\n") || "  (empty)"}`;
        } catch {
          /* no LMS page, or it is gone */
        }
        let seen = problems.errors.length ? `\nbrowser errors:\n  ${problems.errors.join("\n  ")}` : "";
        if (problems.external.length) seen += `\nrequests to other hosts:\n  ${problems.external.join("\n  ")}`;
        throw new Error(`step "${name}" failed: ${error.message}${lms}${seen}`, { cause: error });
      }
    };

    await fn(ctx);

    const report = [];
    if (problems.external.length) {
      report.push(`requests to hosts other than 127.0.0.1 (the product makes none):\n  ${problems.external.join("\n  ")}`);
    }
    if (problems.errors.length) report.push(`console or page errors:\n  ${problems.errors.join("\n  ")}`);
    if (report.length) assert.fail(report.join("\n"));
  } finally {
    await browser?.close();
  }
}

// The query string of a launch page.
export function query({ version, preload, commit, late, course, refuse, middle } = {}) {
  const q = new URLSearchParams();
  if (version) q.set("version", version);
  if (course) q.set("course", course);
  if (preload) q.set("preload", JSON.stringify(preload));
  if (commit) q.set("commit", commit);
  if (late) q.set("late", String(late));
  if (refuse) q.set("refuse", refuse);
  if (middle) q.set("middle", middle);
  const s = q.toString();
  return s ? `?${s}` : "";
}

// The frame (of any page in the context) that shows the course, once it is there.
export async function courseFrame(context) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    for (const p of context.pages()) {
      const frame = p.frames().find((f) => new URL(f.url(), "http://x").pathname.startsWith("/course/"));
      if (frame) return frame;
    }
    if (Date.now() > deadline) assert.fail("no frame or window shows the course");
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Opens a launch page (`name`, e.g. "scorm2004.html") and returns the course's frame.
export async function openLms(ctx, name, options = {}) {
  await ctx.page.goto(`${ctx.server.url}/harness/${name}${query(options)}`);
  ctx.lmsPage = ctx.page;
  await ctx.page.waitForFunction(() => window.LotseHarness && window.LotseHarness.ready, null, { timeout: TIMEOUT });
  return courseFrame(ctx.context);
}

// ---- the learner ------------------------------------------------------------

export function headingText() {
  const h1 = document.querySelector("main h1");
  return h1 ? h1.textContent.replace(/\s+/g, " ").trim() : "";
}

// Waits until the module heading is there and differs from `old`; returns its text.
export async function nextHeading(frame, old) {
  await frame.waitForFunction(
    (previous) => {
      const h1 = document.querySelector("main h1");
      const text = h1 ? h1.textContent.replace(/\s+/g, " ").trim() : "";
      return text !== "" && text !== previous;
    },
    old,
    { timeout: TIMEOUT },
  );
  return frame.evaluate(headingText);
}

export const button = (frame, name) => frame.getByRole("button", { name, exact: true });

// From the first module to the second; returns both headings.
export async function toSecondModule(frame) {
  const first = await nextHeading(frame, "");
  await button(frame, "Next").click();
  const second = await nextHeading(frame, first);
  return { first, second };
}

// The labels of the question's options, in order.
export async function optionLabels(frame) {
  const question = frame.locator("fieldset.question");
  await question.waitFor({ state: "visible", timeout: TIMEOUT });
  return question.evaluate((fieldset) =>
    [...fieldset.querySelectorAll('input[type="radio"]')].map((input) =>
      input.labels && input.labels[0] ? input.labels[0].textContent.replace(/\s+/g, " ").trim() : "",
    ),
  );
}

// Answers the question (correctly or not) and checks it; returns the label chosen.
export async function answer(frame, correctly) {
  const labels = await optionLabels(frame);
  const label = correctly ? CORRECT : labels.find((l) => l !== CORRECT);
  assert.ok(labels.includes(label), `no option ${JSON.stringify(label)} among:\n  ${labels.join("\n  ")}`);
  await frame.getByLabel(label, { exact: true }).check();
  await frame.getByRole("button", { name: "Check answer", exact: true }).click();
  await frame.waitForSelector(`main .feedback.${correctly ? "correct" : "wrong"}`, { timeout: TIMEOUT });
  return label;
}

// The answer is shown as given and checked: the option is checked, its feedback shown, no "Check".
export async function assertAnswered(frame, label, correctly) {
  await frame.waitForSelector(`main .feedback.${correctly ? "correct" : "wrong"}`, { timeout: TIMEOUT });
  assert.ok(await frame.getByLabel(label, { exact: true }).isChecked(), `the option ${JSON.stringify(label)} is checked`);
  assert.equal(await button(frame, "Check answer").count(), 0, 'no "Check answer": the answer is checked already');
}

// "Finish course", then waits for the session's end at the LMS.
export async function finish(ctx, frame, version) {
  await button(frame, "Finish course").click();
  const terminate = SCORM[version].terminate;
  await ctx.lmsPage.waitForFunction((t) => window.LotseRecorder.calls.some((c) => c.method === t), terminate, {
    timeout: TIMEOUT,
  });
}

// Waits until the LMS has seen a SetValue of `element` (and a commit after it, with `committed`).
export async function waitForSet(ctx, version, element, { committed = false, value } = {}) {
  const { set, commit } = SCORM[version];
  await ctx.lmsPage.waitForFunction(
    ([set, commit, element, committed, value]) => {
      const calls = window.LotseRecorder.calls;
      const i = calls.findLastIndex((c) => c.method === set && c.args[0] === element && (value === null || c.args[1] === value));
      if (i < 0) return false;
      return !committed || calls.slice(i + 1).some((c) => c.method === commit && c.result === "true");
    },
    [set, commit, element, committed, value ?? null],
    { timeout: TIMEOUT },
  );
}

// ---- what the LMS saw ---------------------------------------------------------

// What an LMS keeps of an attempt (scorm-again's cmi data, as its commits carry it) and gives the
// next launch, for the launch page's preload.
export function earlierAttempt(version, cmi, entry) {
  if (version === "1.2") {
    const { lesson_location, lesson_status, score } = cmi.core;
    return { core: { lesson_location, lesson_status, score, entry }, suspend_data: cmi.suspend_data };
  }
  const { location, suspend_data, completion_status, success_status, progress_measure, score, interactions } = cmi;
  return { location, suspend_data, completion_status, success_status, progress_measure, score, interactions, entry };
}

export function setValues(calls, version, element) {
  const set = SCORM[version].set;
  return calls.filter((c) => c.method === set && c.args[0] === element).map((c) => c.args[1]);
}

export function lastSet(calls, version, element) {
  return setValues(calls, version, element).at(-1);
}

// The recorder found nothing wrong; Initialize("") first, Terminate("") once and last.
export function assertCleanSession(lms, version) {
  const { calls, violations } = lms;
  const { initialize, terminate } = SCORM[version];
  const log = `\nLMS calls:\n${describeCalls(calls)}`;
  assert.deepEqual(violations, [], `${violations.length} LMS contract violation(s):\n${violations.join("\n")}${log}`);
  assert.equal(calls[0]?.method, initialize, `the first call is ${initialize}` + log);
  assert.equal(calls.filter((c) => c.method === initialize).length, 1, `${initialize} once` + log);
  const ends = calls.filter((c) => c.method === terminate);
  assert.equal(ends.length, 1, `${terminate} once` + log);
  assert.equal(calls.at(-1).method, terminate, `${terminate} is the last call` + log);
  return log;
}

// The interactions the course recorded, by index: {id, type, response, pattern, result, ...}.
export function interactions(calls, version) {
  const set = SCORM[version].set;
  const out = [];
  for (const c of calls) {
    if (c.method !== set) continue;
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(c.args[0]);
    if (!m) continue;
    const entry = (out[Number(m[1])] ??= {});
    const field = m[2] === "correct_responses.0.pattern" ? "pattern" : m[2] === SCORM[version].response ? "response" : m[2];
    entry[field] = c.args[1];
  }
  return out;
}

// Waits `ms` (to let late timers run).
export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

// Seconds in a session_time: 2004's ISO 8601 duration or 1.2's HHHH:MM:SS.SS; NaN if neither.
export function durationSeconds(version, value) {
  if (version === "1.2") {
    const m = /^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value ?? "");
    return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN;
  }
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value ?? "");
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  return ((y * 365 + mo * 30 + d) * 24 + h) * 3600 + mi * 60 + s;
}
