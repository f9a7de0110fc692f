// End-to-end test: the compiled course, launched by a SCORM 1.2 test LMS (scorm-again)
// in headless Chromium, with every API call recorded and checked against the LMS contract.
//
// Needs LOTSE_E2E_SCORM: the directory of the course built with the SCORM player (index.html, lotse.js,
// lotse_bg.wasm, lotse.css, course.json, images). `cargo xtask test` builds it and runs this.
// Optional LOTSE_E2E_CORRECT: the label text of the correct option of the course's question.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const SITE = process.env.LOTSE_E2E_SCORM ? path.resolve(process.env.LOTSE_E2E_SCORM) : "";
const CORRECT = normalize(
  process.env.LOTSE_E2E_CORRECT || "The goals agreed with the person and the steps taken towards them.",
);
const TIMEOUT = 30_000;

function normalize(text) {
  return String(text ?? "").replace(/\s+/g, " ").trim();
}

function requireSite() {
  if (!SITE) {
    assert.fail(
      "LOTSE_E2E_SCORM is not set. Run `cargo xtask test`, which builds the player and the course first " +
        "(it sets LOTSE_E2E_SCORM to the built course's directory).",
    );
  }
  if (!existsSync(path.join(SITE, "index.html"))) {
    assert.fail(
      `LOTSE_E2E_SCORM=${SITE} has no index.html. Run \`cargo xtask test\`, which builds the player and the course first.`,
    );
  }
}

let server;

before(async () => {
  if (!SITE) return;
  server = await startServer({
    routes: {
      "/harness/": HERE,
      "/node_modules/": path.join(REPO, "node_modules"),
      "/course/": SITE,
    },
  });
});

after(async () => {
  await server?.close();
});

function isLocal(url) {
  if (url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:") return true;
  return url.hostname === "127.0.0.1";
}

function describeCalls(calls) {
  return calls
    .map((c, i) => {
      const args = c.args.map((a) => (typeof a === "string" ? JSON.stringify(a) : String(a))).join(", ");
      const error = c.errorCode ? ` (error ${c.errorCode})` : "";
      return `  #${i} ${c.method}(${args}) -> ${JSON.stringify(c.result)}${error}`;
    })
    .join("\n");
}

async function readLms(page) {
  return page.evaluate(() => {
    const cmi = window.scormApi.cmi;
    return {
      calls: window.LotseRecorder.calls,
      violations: window.LotseRecorder.violations,
      lmsLog: window.LotseHarness.lmsLog,
      status: cmi.core.lesson_status,
      raw: cmi.core.score.raw,
    };
  });
}

// Launches Chromium with a fresh profile, opens the harness with the course (or, with
// `standalone`, the course page alone, as without an LMS), runs `fn`, then fails on console
// errors, page errors and requests to other hosts.
async function withCourse(fn, { standalone = false } = {}) {
  requireSite();
  const problems = { errors: [], external: [] };
  let browser;
  try {
    browser = await launch("lotse-e2e-");
    const context = browser.context;
    context.setDefaultTimeout(TIMEOUT);
    await context.route(
      (url) => !isLocal(url),
      (route) => {
        problems.external.push(route.request().url());
        return route.abort();
      },
    );
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(TIMEOUT);
    // Console messages and errors of the page and of its frames (the course).
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.errors.push(`console.error at ${msg.location().url}: ${msg.text()}`);
    });
    page.on("pageerror", (error) => problems.errors.push(`uncaught: ${error.stack || error.message}`));
    page.on("crash", () => problems.errors.push("the page crashed"));

    let frame;
    if (standalone) {
      await page.goto(`${server.url}/course/index.html`);
      frame = page.mainFrame();
    } else {
      await page.goto(`${server.url}/harness/scorm12.html?course=/course/index.html`);
      frame = await (await page.locator('iframe[title="Course"]').elementHandle()).contentFrame();
      assert.ok(frame, "the harness has a course iframe");
    }

    const ctx = { page, frame, problems };
    // Runs one step; on failure, says which and shows what the LMS saw.
    ctx.step = async (name, body) => {
      try {
        return await body();
      } catch (error) {
        let lms = "";
        try {
          const state = await readLms(page);
          lms =
            `\nLMS calls so far:\n${describeCalls(state.calls) || "  (none: the course did not find window.API?)"}` +
            `\nviolations:\n${state.violations.map((v) => "  " + v).join("\n") || "  (none)"}` +
            `\nscorm-again log:\n${state.lmsLog.map((l) => `  [${l.level}] ${l.message}`).join("\n") || "  (empty)"}`;
        } catch {
          /* the page is gone */
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

// Text of the current module's heading, or "" while there is none.
function headingText() {
  const h1 = document.querySelector("main h1");
  return h1 ? h1.textContent.replace(/\s+/g, " ").trim() : "";
}

// Walks through the course, answering the question correctly or not, finishes it,
// unloads the course frame and returns what the LMS saw.
async function walkThrough({ page, frame, step }, { answerCorrectly, expectedScore }) {
  const button = (name) => frame.getByRole("button", { name, exact: true });
  const nav = frame.getByRole("navigation", { name: "Contents" });
  const currentModule = () =>
    frame.evaluate(() =>
      [...document.querySelectorAll('nav[aria-label="Contents"] button')].findIndex(
        (b) => b.getAttribute("aria-current") === "page",
      ),
    );

  const firstTitle = await step("the player shows the first module", async () => {
    await frame.waitForFunction(headingText, null, { timeout: TIMEOUT });
    const title = await frame.evaluate(headingText);
    assert.ok(title, "the <h1> in <main> is not empty");
    return title;
  });

  await step("the course found window.API and initialised", async () => {
    await page.waitForFunction(() => window.LotseRecorder.calls.length > 0, null, { timeout: TIMEOUT });
    const first = await page.evaluate(() => window.LotseRecorder.calls[0]);
    assert.equal(first.method, "LMSInitialize", "the first call is LMSInitialize");
    assert.deepEqual(first.args, [""], 'LMSInitialize gets ""');
  });

  await step("the contents navigation", async () => {
    const modules = await nav.getByRole("button").count();
    assert.ok(modules >= 2, `the contents list one button per module (found ${modules}; the course has 2)`);
    assert.equal(await nav.locator('button[aria-current="page"]').count(), 1, 'one module button has aria-current="page"');
    assert.equal(await currentModule(), 0, "the first module is current");
    assert.equal(await button("Finish course").count(), 0, 'no "Finish course" before the last module');
  });

  await step('"Next" goes to the second module', async () => {
    await button("Next").click();
    await nextHeading(frame, firstTitle);
    assert.equal(await currentModule(), 1, "the second module's button is now the current one");
    assert.equal(await button("Previous").count(), 1, 'a "Previous" button');
  });

  const question = frame.locator("fieldset.question");
  await step("answer the question", async () => {
    await question.waitFor({ state: "visible", timeout: TIMEOUT });
    const legend = normalize(await question.locator("legend").first().textContent());
    assert.ok(legend, "the question's <legend> is not empty");
    const options = await question.evaluate((fieldset) =>
      [...fieldset.querySelectorAll('input[type="radio"]')].map((input) => ({
        label: input.labels && input.labels[0] ? input.labels[0].textContent.replace(/\s+/g, " ").trim() : "",
        name: input.name,
      })),
    );
    assert.ok(options.length >= 2, `the question has at least two radio options (found ${options.length})`);
    for (const [i, o] of options.entries()) assert.ok(o.label, `radio option ${i} has a <label> with text`);
    assert.equal(new Set(options.map((o) => o.name)).size, 1, "the radio inputs form one group (same name)");
    const labels = options.map((o) => o.label);
    const index = answerCorrectly ? labels.indexOf(CORRECT) : labels.findIndex((l) => l !== CORRECT);
    assert.ok(
      index >= 0,
      answerCorrectly
        ? `no option labelled ${JSON.stringify(CORRECT)} (set LOTSE_E2E_CORRECT); the options are:\n  ${labels.join("\n  ")}`
        : "no wrong option to pick",
    );
    await question.locator('input[type="radio"]').nth(index).check();
    await question.getByRole("button", { name: "Check answer", exact: true }).click();
    await frame.waitForFunction(
      () => {
        const status = document.querySelector('fieldset.question [role="status"]');
        return !!status && status.textContent.trim().length > 0;
      },
      null,
      { timeout: TIMEOUT },
    );
  });

  await step('"Finish course" finishes the session', async () => {
    assert.equal(await button("Next").count(), 0, 'no "Next" on the last module');
    await button("Finish course").click();
    await page.waitForFunction(() => window.LotseRecorder.calls.some((c) => c.method === "LMSFinish"), null, {
      timeout: TIMEOUT,
    });
  });

  await step(`the results show the score ${expectedScore}`, async () => {
    await frame.waitForFunction(
      (score) => new RegExp(`(^|\\D)${score}(\\D|$)`).test(document.body.innerText),
      expectedScore,
      { timeout: TIMEOUT },
    );
  });

  // Leaving the page runs the course's pagehide handlers: they must not call the API again.
  await step("unload the course", () => page.evaluate(() => window.LotseHarness.unloadCourse()));
  return readLms(page);
}

function lastSet(calls, element) {
  const sets = calls.filter((c) => c.method === "LMSSetValue" && c.args[0] === element);
  return sets.length ? sets.at(-1).args[1] : undefined;
}

function checkSession(lms, { status, raw }) {
  const { calls, violations } = lms;
  const log = `\nLMS calls:\n${describeCalls(calls)}`;
  assert.deepEqual(violations, [], `${violations.length} LMS contract violation(s):\n${violations.join("\n")}${log}`);

  assert.equal(calls[0]?.method, "LMSInitialize", "the first call is LMSInitialize" + log);
  assert.deepEqual(calls[0].args, [""], 'LMSInitialize("")' + log);

  const statuses = calls.filter((c) => c.method === "LMSSetValue" && c.args[0] === "cmi.core.lesson_status");
  const statusValues = statuses.map((c) => c.args[1]);
  assert.equal(statusValues.at(-1), status, `the final cmi.core.lesson_status is "${status}"` + log);
  const lastStatusIndex = calls.indexOf(statuses.at(-1));
  assert.ok(
    calls.slice(0, lastStatusIndex).some((c) => c.method === "LMSSetValue" && c.args[0] === "cmi.core.lesson_status" && c.args[1] === "incomplete"),
    `cmi.core.lesson_status is set to "incomplete" before the final "${status}" (values: ${JSON.stringify(statusValues)})` + log,
  );

  assert.equal(lastSet(calls, "cmi.core.score.raw"), raw, `cmi.core.score.raw ends as "${raw}"` + log);
  assert.equal(lastSet(calls, "cmi.core.score.min"), "0", 'cmi.core.score.min is "0"' + log);
  assert.equal(lastSet(calls, "cmi.core.score.max"), "100", 'cmi.core.score.max is "100"' + log);
  assert.notEqual(lastSet(calls, "cmi.core.lesson_location"), undefined, "cmi.core.lesson_location is set" + log);
  assert.notEqual(lastSet(calls, "cmi.core.session_time"), undefined, "cmi.core.session_time is set" + log);

  const finishes = calls.filter((c) => c.method === "LMSFinish");
  assert.equal(finishes.length, 1, "LMSFinish is called exactly once" + log);
  assert.deepEqual(finishes[0].args, [""], 'LMSFinish("")' + log);
  assert.equal(calls.at(-1).method, "LMSFinish", "LMSFinish is the last call" + log);
  const finishIndex = calls.length - 1;
  assert.ok(
    calls.slice(0, finishIndex).some((c) => c.method === "LMSCommit" && c.args.length === 1 && c.args[0] === ""),
    'at least one LMSCommit("") before LMSFinish' + log,
  );

  // scorm-again's own view of the attempt.
  assert.equal(lms.status, status, `scorm-again's cmi.core.lesson_status is "${status}"`);
  assert.equal(String(lms.raw), raw, `scorm-again's cmi.core.score.raw is "${raw}"`);
}

test("SCORM 1.2: a learner who answers correctly passes with 100", { timeout: 180_000 }, async () => {
  await withCourse(async (ctx) => {
    const lms = await walkThrough(ctx, { answerCorrectly: true, expectedScore: "100" });
    checkSession(lms, { status: "passed", raw: "100" });
  });
});

test("SCORM 1.2: a learner who answers wrongly fails with 0 (passing score 80)", { timeout: 180_000 }, async () => {
  await withCourse(async (ctx) => {
    const lms = await walkThrough(ctx, { answerCorrectly: false, expectedScore: "0" });
    checkSession(lms, { status: "failed", raw: "0" });
  });
});

// Waits until the module heading is there and differs from `old`; returns its text.
async function nextHeading(frame, old) {
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

test("SCORM 1.2: a learner who closes the course halfway is suspended, finished once", { timeout: 180_000 }, async () => {
  await withCourse(async ({ page, frame, step }) => {
    const first = await step("the first module", () => nextHeading(frame, ""));
    await step('"Next"', async () => {
      await frame.getByRole("button", { name: "Next", exact: true }).click();
      await nextHeading(frame, first);
    });
    // The tab goes away without "Finish course": pagehide must end the session.
    await step("unload the course", () => page.evaluate(() => window.LotseHarness.unloadCourse()));
    const { calls, violations } = await readLms(page);
    const log = `\nLMS calls:\n${describeCalls(calls)}`;
    assert.deepEqual(violations, [], violations.join("\n") + log);
    const finishes = calls.filter((c) => c.method === "LMSFinish");
    assert.equal(finishes.length, 1, 'LMSFinish("") once, on pagehide' + log);
    assert.equal(calls.at(-1).method, "LMSFinish", "LMSFinish is the last call" + log);
    assert.equal(lastSet(calls, "cmi.core.lesson_status"), "incomplete", log);
    assert.equal(lastSet(calls, "cmi.core.exit"), "suspend", "an unfinished attempt is suspended, so it can resume" + log);
    assert.equal(lastSet(calls, "cmi.core.lesson_location"), "integration-management", log);
    assert.equal(lastSet(calls, "cmi.core.score.raw"), undefined, "no score before any answer" + log);
    assert.notEqual(lastSet(calls, "cmi.core.session_time"), undefined, log);
    const lastCommit = calls.findLastIndex((c) => c.method === "LMSCommit");
    assert.equal(lastCommit, calls.length - 2, 'LMSCommit("") right before LMSFinish' + log);
  });
});

test("without an LMS, the course keeps the learner's place and answers across a reload", { timeout: 180_000 }, async () => {
  await withCourse(
    async ({ page, frame, step }) => {
      const first = await step("the first module", () => nextHeading(frame, ""));
      const second = await step('"Next"', async () => {
        await frame.getByRole("button", { name: "Next", exact: true }).click();
        return nextHeading(frame, first);
      });
      await step("answer the question", async () => {
        await frame.getByLabel(CORRECT).check();
        await frame.getByRole("button", { name: "Check answer", exact: true }).click();
        await frame.waitForSelector("main .feedback.correct", { timeout: TIMEOUT });
      });
      await step("reload", async () => {
        await page.reload();
        const again = page.mainFrame();
        const after = await nextHeading(again, "");
        assert.equal(after, second, "after a reload the learner is on the module they left");
        await again.waitForSelector("main .feedback.correct", { timeout: TIMEOUT });
        assert.ok(
          await again.getByLabel(CORRECT).isChecked(),
          "the answer is restored, checked and locked",
        );
        assert.equal(await again.getByRole("button", { name: "Check answer", exact: true }).count(), 0);
      });
    },
    { standalone: true },
  );
});
