// End-to-end test: the sample course built with the cmi5 player, launched as a cmi5 LMS launches
// it (the five parameters in its URL) against the small LRS in cmi5-lrs.mjs, which checks every
// request and statement by the cmi5 rules. Headless Chromium; the course is served from another
// origin than the LRS, as in a real LMS.
//
// Needs LOTSE_E2E_CMI5 and LOTSE_E2E_CMI5_SHOWCASE: the sample course and the showcase built with
// the cmi5 player (`cargo xtask test` builds them and sets both).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";
import { answerEverything } from "./showcase-walk.mjs";
import { startLrs, verbName, VERBS, CATEGORY_CMI5, CATEGORY_MOVEON, SESSION_ID } from "./cmi5-lrs.mjs";

const SITE = process.env.LOTSE_E2E_CMI5 ? path.resolve(process.env.LOTSE_E2E_CMI5) : "";
const SHOWCASE = process.env.LOTSE_E2E_CMI5_SHOWCASE ? path.resolve(process.env.LOTSE_E2E_CMI5_SHOWCASE) : "";
const CORRECT = "The goals agreed with the person and the steps taken towards them.";
const TIMEOUT = 30_000;

let server;

before(async () => {
  if (!SITE) return;
  server = await startServer({ routes: { "/course/": SITE, ...(SHOWCASE ? { "/showcase/": SHOWCASE } : {}) } });
});

after(async () => {
  await server?.close();
});

function requireSite() {
  if (!SITE || !existsSync(path.join(SITE, "index.html"))) {
    assert.fail("LOTSE_E2E_CMI5 is not set to the course built with the cmi5 player. Run `cargo xtask test`.");
  }
}

// Waits until `predicate()` holds (polling node-side state such as the LRS's records).
async function until(predicate, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

function verbs(lrs) {
  return lrs.statements.map((s) => verbName(s.statement));
}

function describe(lrs) {
  const lines = lrs.statements.map((s, i) => `  #${i} ${verbName(s.statement)} ${JSON.stringify(s.statement.result ?? {})}`);
  const requests = lrs.requests.map((r) => `  ${r.method} ${r.path}${r.query.stateId ? " " + r.query.stateId : ""}`);
  return `\nstatements:\n${lines.join("\n") || "  (none)"}\nrequests:\n${requests.join("\n")}\nviolations:\n  ${lrs.violations.join("\n  ") || "(none)"}`;
}

// Chromium with a fresh profile, the course opened with the LRS's launch URL; fails on console
// errors (unless `allowErrors`), page errors and requests to hosts other than 127.0.0.1.
async function withCourse(lrs, fn, { query = lrs.launchQuery(), allowErrors = false, course = "course" } = {}) {
  requireSite();
  const problems = { errors: [], warnings: [], external: [] };
  const browser = await launch("lotse-cmi5-");
  try {
    const context = browser.context;
    context.setDefaultTimeout(TIMEOUT);
    await context.route(
      (url) => url.hostname !== "127.0.0.1" && url.protocol.startsWith("http"),
      (route) => {
        problems.external.push(route.request().url());
        return route.abort();
      },
    );
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (msg) => {
      // The browser's own line for an answer the AU expects: 404 for a document not written yet
      // (the player's state, the learner's preferences), and the failures a test injects.
      const expected = / status of (404|503) /.test(msg.text()) && new URL(msg.location().url).port === new URL(lrs.url).port;
      if (msg.type() === "error" && !expected) problems.errors.push(msg.text());
      if (msg.type() === "warning") problems.warnings.push(msg.text());
    });
    page.on("pageerror", (error) => problems.errors.push(`uncaught: ${error.stack || error.message}`));
    await page.goto(`${server.url}/${course}/index.html${query}`);
    await fn({ page, problems });
    if (problems.external.length) assert.fail(`requests to other hosts: ${problems.external.join(", ")}`);
    if (!allowErrors && problems.errors.length) assert.fail(`console errors:\n  ${problems.errors.join("\n  ")}${describe(lrs)}`);
  } finally {
    await browser.close();
  }
}

function heading() {
  const h1 = document.querySelector("main h1");
  return h1 ? h1.textContent.replace(/\s+/g, " ").trim() : "";
}

async function firstModule(page) {
  await page.waitForFunction(heading, null, { timeout: TIMEOUT });
  return page.evaluate(heading);
}

async function next(page) {
  const before = await page.evaluate(heading);
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.waitForFunction((b) => {
    const h1 = document.querySelector("main h1");
    return h1 && h1.textContent.replace(/\s+/g, " ").trim() !== b;
  }, before);
}

async function answer(page, correctly = true) {
  const question = page.locator("fieldset.question");
  await question.waitFor({ state: "visible" });
  const labels = await question.evaluate((f) =>
    [...f.querySelectorAll('input[type="radio"]')].map((i) => i.labels[0].textContent.replace(/\s+/g, " ").trim()),
  );
  const index = correctly ? labels.indexOf(CORRECT) : labels.findIndex((l) => l !== CORRECT);
  assert.ok(index >= 0, `an option to pick among ${labels.join(" | ")}`);
  await question.locator('input[type="radio"]').nth(index).check();
  await question.getByRole("button", { name: "Check answer", exact: true }).click();
  await page.waitForFunction(() => {
    const status = document.querySelector('fieldset.question [role="status"]');
    return !!status && status.textContent.trim().length > 0;
  });
}

test("a cmi5 launch: initialized, answered, completed, passed, terminated, then the return URL", async () => {
  const lrs = await startLrs({ launchData: { masteryScore: 0.8, moveOn: "CompletedAndPassed" } });
  try {
    const returnURL = `${lrs.url}/return`;
    lrs.newSession({ masteryScore: 0.8, returnURL });
    await withCourse(lrs, async ({ page }) => {
      await firstModule(page);
      await until(() => verbs(lrs).length >= 1, "initialized");
      assert.deepEqual(verbs(lrs), ["initialized"], describe(lrs));
      await next(page);
      await answer(page, true);
      await until(() => verbs(lrs).includes("passed"), "completed and passed");
      await page.getByRole("button", { name: "Finish course", exact: true }).click();
      await page.waitForURL(returnURL, { timeout: TIMEOUT });
    });
    const log = describe(lrs);
    assert.deepEqual(lrs.finished(), [], `no breach of the cmi5 rules${log}`);
    assert.deepEqual(verbs(lrs), ["initialized", "answered", "completed", "passed", "terminated"], log);
    const [initialized, answered, completed, passed, terminated] = lrs.statements.map((s) => s.statement);
    for (const s of [initialized, completed, passed, terminated]) {
      assert.equal(s.context.registration, lrs.registration);
      assert.equal(s.context.extensions[SESSION_ID], lrs.session.id);
      assert.ok(s.context.contextActivities.category.some((c) => c.id === CATEGORY_CMI5), `${verbName(s)}: cmi5 category`);
      assert.equal(s.object.id, lrs.activityId);
      assert.deepEqual(s.actor, lrs.actor);
    }
    assert.equal(initialized.verb.id, VERBS.initialized);
    assert.equal(answered.result.success, true);
    assert.equal(answered.object.definition.interactionType, "choice");
    assert.ok(!answered.context.contextActivities?.category?.some((c) => c.id === CATEGORY_CMI5), "answered is cmi5 allowed");
    assert.equal(completed.result.completion, true);
    assert.match(completed.result.duration, /^PT/);
    assert.ok(completed.context.contextActivities.category.some((c) => c.id === CATEGORY_MOVEON));
    assert.deepEqual(
      { success: passed.result.success, scaled: passed.result.score.scaled },
      { success: true, scaled: 1 },
    );
    assert.match(terminated.result.duration, /^PT(\d+M)?\d+(\.\d+)?S$/);
    // One POST to the fetch URL; every xAPI request with its token.
    assert.equal(lrs.requests.filter((r) => r.path.startsWith("/fetch/")).length, 1, log);
    const xapi = lrs.requests.filter((r) => r.path.startsWith("/xapi/"));
    assert.ok(xapi.every((r) => r.auth === `Basic ${lrs.token}`), log);
    // The progress is in the State API, and the verdicts with it.
    const state = JSON.parse(lrs.state("lotse.progress"));
    assert.match(state.progress, /^L1/);
    assert.deepEqual(state.reported, ["completed", "passed"]);
  } finally {
    await lrs.close();
  }
});

test("a reload keeps the token and resumes the progress from the LRS; the ended session sends nothing more", async () => {
  const lrs = await startLrs({ launchData: { masteryScore: 0.8 } });
  try {
    await withCourse(lrs, async ({ page, problems }) => {
      const first = await firstModule(page);
      await next(page);
      const second = await page.evaluate(heading);
      await answer(page, false);
      await until(() => lrs.state("lotse.progress") !== undefined, "the progress in the State API");
      // Only the LRS can bring the progress back: this browser's own copy is gone.
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await page.waitForFunction(heading);
      assert.equal(await page.evaluate(heading), second, `the course reopens on the module the learner was on, not "${first}"`);
      const checked = await page.locator('fieldset.question input[type="radio"]:checked').count();
      assert.equal(checked, 1, "the answer given before the reload is shown");
      await page.getByText("not recorded by your learning platform").waitFor();
      assert.ok(problems.warnings.some((w) => w.includes("terminated")), "the console says why");
    });
    const log = describe(lrs);
    assert.equal(lrs.requests.filter((r) => r.path.startsWith("/fetch/")).length, 1, `one POST to the fetch URL${log}`);
    assert.deepEqual(lrs.finished(), [], `no breach of the cmi5 rules${log}`);
    assert.deepEqual(verbs(lrs), ["initialized", "answered", "completed", "failed", "terminated"], log);
    const afterReload = lrs.requests.filter((r) => r.query.stateId === "lotse.progress" && r.method === "GET");
    assert.equal(afterReload.length, 2, `the stored progress read at each load${log}`);
  } finally {
    await lrs.close();
  }
});

test("statements the LRS refuses at first are sent again, in order, and the learner is told meanwhile", async () => {
  const lrs = await startLrs();
  try {
    lrs.newSession({ masteryScore: 0.8, returnURL: `${lrs.url}/return` });
    await withCourse(lrs, async ({ page }) => {
      await firstModule(page);
      await until(() => verbs(lrs).length >= 1, "initialized");
      lrs.failNext("statements", 2, 503);
      await next(page);
      await answer(page, true);
      await page.getByText("did not save your latest progress").waitFor();
      await until(() => verbs(lrs).includes("passed"), "the statements after the failures");
      await page.getByText("did not save your latest progress").waitFor({ state: "detached" });
      // Failing again when the learner finishes: terminated still arrives, then the LMS's page.
      lrs.failNext("statements", 2, 503);
      await page.getByRole("button", { name: "Finish course", exact: true }).click();
      await page.waitForURL(`${lrs.url}/return`, { timeout: TIMEOUT });
    });
    const log = describe(lrs);
    assert.deepEqual(lrs.finished(), [], `no breach of the cmi5 rules${log}`);
    assert.deepEqual(verbs(lrs), ["initialized", "answered", "completed", "passed", "terminated"], log);
  } finally {
    await lrs.close();
  }
});

test("a progress save answered with a sign-in page instead of the LRS's 204 is sent again", async () => {
  const lrs = await startLrs();
  try {
    await withCourse(lrs, async ({ page, problems }) => {
      await firstModule(page);
      await until(() => verbs(lrs).length >= 1, "initialized");
      const puts = () => lrs.requests.filter((r) => r.query.stateId === "lotse.progress" && r.method === "PUT");
      const before = puts().length;
      lrs.failNext("activities/state", 1, "page");
      await next(page);
      await answer(page, true);
      // The first save after the failure got the page; the same document goes again by itself.
      await until(() => puts().length >= before + 2, "the progress sent again" + describe(lrs));
      const [failed, again] = puts().slice(before);
      assert.equal(again.body, failed.body, "the document the sign-in page swallowed");
      assert.equal(lrs.state("lotse.progress"), puts().at(-1).body, "the LRS holds the latest progress");
      assert.ok(problems.warnings.some((w) => /saving the progress \(State API\) failed: 200/.test(w)), "the console says why");
    });
    assert.deepEqual(lrs.finished().filter((v) => !/last statement/.test(v)), [], describe(lrs));
  } finally {
    await lrs.close();
  }
});

test("Browse mode sends only initialized and terminated", async () => {
  const lrs = await startLrs({ launchData: { launchMode: "Browse" } });
  try {
    await withCourse(lrs, async ({ page }) => {
      await firstModule(page);
      await next(page);
      await answer(page, true);
      await page.getByRole("button", { name: "Finish course", exact: true }).click();
      await until(() => verbs(lrs).includes("terminated"), "terminated");
    });
    assert.deepEqual(lrs.finished(), [], describe(lrs));
    assert.deepEqual(verbs(lrs), ["initialized", "terminated"], describe(lrs));
  } finally {
    await lrs.close();
  }
});

test("incomplete launch parameters or a broken LaunchData: the course runs on its own and the console says why", async () => {
  const lrs = await startLrs();
  try {
    const partial = `?endpoint=${encodeURIComponent(lrs.endpoint())}&registration=${lrs.registration}`;
    await withCourse(
      lrs,
      async ({ page, problems }) => {
        await firstModule(page);
        await next(page);
        assert.ok(problems.warnings.some((w) => w.includes("lacks fetch, actor, activityId")), problems.warnings.join("\n"));
      },
      { query: partial },
    );
    assert.equal(lrs.requests.length, 0, "nothing sent to the LMS");

    lrs.newSession({ contextTemplate: "broken" });
    await withCourse(
      lrs,
      async ({ page, problems }) => {
        await firstModule(page);
        await next(page);
        assert.ok(problems.errors.some((e) => e.includes("contextTemplate")), problems.errors.join("\n"));
      },
      { allowErrors: true },
    );
    assert.deepEqual(verbs(lrs), [], "no statement without a context template");
  } finally {
    await lrs.close();
  }
});

test("the showcase: every kind of scored answer reaches the LRS as an answered statement of its type", { timeout: 120_000 }, async () => {
  if (!SHOWCASE || !existsSync(path.join(SHOWCASE, "index.html"))) {
    assert.fail("LOTSE_E2E_CMI5_SHOWCASE is not set to the showcase built with the cmi5 player. Run `cargo xtask test`.");
  }
  const lrs = await startLrs();
  try {
    await withCourse(
      lrs,
      async ({ page }) => {
        await page.waitForSelector("main h1");
        await answerEverything(page);
        await page.getByRole("button", { name: "Finish course", exact: true }).click();
        await until(() => verbs(lrs).includes("terminated"), "terminated");
      },
      { course: "showcase" },
    );
    const log = describe(lrs);
    assert.deepEqual(lrs.finished(), [], `no breach of the cmi5 rules${log}`);
    const answered = lrs.statements.map((s) => s.statement).filter((s) => verbName(s) === "answered");
    const types = new Set(answered.map((s) => s.object.definition.interactionType));
    for (const type of ["choice", "true-false", "fill-in", "numeric", "matching", "sequencing"]) {
      assert.ok(types.has(type), `an answered ${type} statement${log}`);
    }
    assert.equal(new Set(answered.map((s) => s.object.id)).size, answered.length, `one statement per answer${log}`);
    assert.ok(verbs(lrs).includes("completed") || verbs(lrs).includes("failed") || verbs(lrs).includes("passed"), log);
  } finally {
    await lrs.close();
  }
});

// The checker itself: a bad sequence is caught, so the tests above cannot pass vacuously.
test("the test LRS rejects what breaks the cmi5 rules", async () => {
  const lrs = await startLrs({ launchData: { masteryScore: 0.8 } });
  try {
    const fetchUrl = new URLSearchParams(lrs.launchQuery()).get("fetch");
    const token = (await (await fetch(fetchUrl, { method: "POST" })).json())["auth-token"];
    const again = await (await fetch(fetchUrl, { method: "POST" })).json();
    assert.equal(again["error-code"], "1", "a second POST to the fetch URL is an error");
    const headers = { Authorization: `Basic ${token}`, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" };
    const context = (categories) => ({
      registration: lrs.registration,
      contextActivities: { grouping: [{ id: lrs.publisherId }], category: categories.map((id) => ({ id })) },
      extensions: { [SESSION_ID]: lrs.session.id },
    });
    let n = 0;
    const statement = (verb, result, categories = [CATEGORY_CMI5], extra = {}) => ({
      id: `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      actor: lrs.actor,
      verb: { id: VERBS[verb] },
      object: { id: lrs.activityId },
      context: context(categories),
      ...(result ? { result } : {}),
      ...extra,
    });
    const post = (body) =>
      fetch(`${lrs.endpoint()}statements`, { method: "POST", headers, body: JSON.stringify(body) });
    await post([
      statement("completed", { completion: true, duration: "PT1M" }, [CATEGORY_CMI5, CATEGORY_MOVEON]),
      statement("initialized"),
      statement("passed", { success: true, score: { scaled: 0.5 }, duration: "PT1M" }, [CATEGORY_CMI5, CATEGORY_MOVEON]),
      statement("completed", { completion: true, duration: "P" }, [CATEGORY_CMI5]),
      statement("terminated", { duration: "PT2M" }),
      { ...statement("initialized"), id: "not-a-uuid" },
      {
        ...statement("initialized", { response: 1 }, []),
        verb: { id: "http://adlnet.gov/expapi/verbs/answered" },
        object: { id: `${lrs.activityId}/interactions/q`, definition: { type: "x", interactionType: "essay" } },
      },
    ]);
    const unauthorised = await fetch(`${lrs.endpoint()}statements`, { method: "POST", body: "[]" });
    assert.equal(unauthorised.status, 401);
    const v = lrs.violations.join("\n");
    for (const expected of [
      "the fetch URL was used again",
      "#0 (completed): the first statement of the session is not initialized",
      "#2 (passed): passed with 0.5 below the masteryScore 0.8",
      "#2 (passed): no masteryscore extension",
      "#3 (completed): no moveon category",
      '#3 (completed): result.duration "P"',
      "#3 (completed): verb sent twice in the session",
      "#3 (completed): a second completed in the registration",
      '#5 (initialized): id "not-a-uuid" is not a UUID',
      "#5 (initialized): sent after terminated",
      "#6 (answered): not a cmi.interaction activity",
      '#6 (answered): interactionType "essay"',
      "#6 (answered): no result.response",
      "Authorization",
    ]) {
      assert.ok(v.includes(expected), `the LRS flags "${expected}"; it flagged:\n${v}`);
    }
    // A session that never terminates is a breach too.
    lrs.newSession();
    assert.ok(lrs.finished().includes("the session has no statement"));
  } finally {
    await lrs.close();
  }
});
