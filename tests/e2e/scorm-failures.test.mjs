// End to end, for SCORM 1.2 and SCORM 2004: the LMS fails to save. scorm-again sends each commit
// to a test back end (lms-server.mjs, its lmsCommitUrl) that answers HTTP 500 at first, so Commit
// returns "false". The learner is told, without being stopped, and keeps working; when the back
// end recovers, the course's retry brings everything there, and the finished attempt arrives
// whole: nothing the learner did is lost.
//
// Needs LOTSE_E2E_SCORM (see scorm-harness.mjs); `cargo xtask test` sets it.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SCORM,
  VERSIONS,
  SECOND_MODULE,
  TIMEOUT,
  harnessServerForFile,
  withBrowser,
  openLms,
  readLms,
  toSecondModule,
  nextHeading,
  answer,
  assertAnswered,
  finish,
  lastSet,
  assertCleanSession,
  describeCalls,
  button,
  waitForSet,
  earlierAttempt,
  pause,
} from "./scorm-harness.mjs";
import { startCommitServer } from "./lms-server.mjs";

const server = harnessServerForFile();

// Chromium reports each 500 as a failed resource load on the console.
const FAILED_COMMIT = /Failed to load resource: the server responded with a status of 500/;
const NOTICE = ".not-recorded[role=status]";

// The cmi data of a commit, as scorm-again sent it.
function cmiOf(commit) {
  return commit && typeof commit.body === "object" ? commit.body.cmi : undefined;
}

// The interactions in a commit's cmi data (an object keyed by index, or an array).
function committedInteractions(cmi) {
  const list = cmi?.interactions ?? {};
  return Object.keys(list)
    .filter((k) => /^\d+$/.test(k))
    .map((k) => list[k]);
}

for (const version of VERSIONS) {
  test(`SCORM ${version}: commits that fail are retried until the LMS has everything`, { timeout: 120_000 }, async () => {
    const lms = await startCommitServer();
    try {
      lms.failing = true;
      await withBrowser(
        server,
        async (ctx) => {
          const frame = await ctx.step("the course starts", () => openLms(ctx, SCORM[version].page, { commit: lms.url }));
          const { second, label } = await ctx.step("the learner answers while the LMS fails", async () => {
            const { second } = await toSecondModule(frame);
            return { second, label: await answer(frame, true) };
          });
          await ctx.step("the learner is told that progress is not saved, without being stopped", async () => {
            await frame.locator(NOTICE).waitFor({ state: "visible", timeout: TIMEOUT });
            assert.ok(lms.commits.length > 0 && lms.commits.every((c) => c.status === 500), "the commits reached the LMS and failed");
            const calls = (await readLms(ctx.page)).calls;
            const commits = calls.filter((c) => c.method === SCORM[version].commit);
            assert.ok(commits.some((c) => c.result === "false"), `Commit returned "false"\n${describeCalls(calls)}`);
          });
          await ctx.step("the learner keeps working", async () => {
            await button(frame, "Previous").click();
            const h = await nextHeading(frame, second);
            await button(frame, "Next").click();
            await nextHeading(frame, h);
            await assertAnswered(frame, label, true);
            assert.equal(await button(frame, "Finish course").isEnabled(), true, '"Finish course" works');
          });
          const failed = lms.commits.length;
          lms.failing = false;
          await ctx.step("the LMS recovers: the retry succeeds and the notice goes", async () => {
            // Backoff of 1 s, 2 s, 4 s ... after the failures so far.
            await frame.locator(NOTICE).waitFor({ state: "detached", timeout: 40_000 });
            const ok = lms.commits.slice(failed).filter((c) => c.status === 200);
            assert.ok(ok.length > 0, "a commit arrived after the recovery");
            const cmi = cmiOf(ok.at(-1));
            const records = committedInteractions(cmi);
            assert.equal(records.length, 1, `the answer arrived: ${JSON.stringify(cmi?.interactions)}`);
            assert.equal(records[0].result, "correct");
            assert.ok(cmi.suspend_data, "the learner's state arrived");
          });
          await ctx.step('"Finish course"', () => finish(ctx, frame, version));
          await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
          const seen = await readLms(ctx.page);
          const log = assertCleanSession(seen, version);
          // The last request is Terminate's (a beacon); it holds the whole, finished attempt.
          const last = cmiOf(lms.commits.at(-1));
          assert.ok(last, "the finished attempt reached the LMS" + log);
          const records = committedInteractions(last);
          assert.equal(records.length, 1, "every answer is in the LMS's data" + log);
          assert.equal(records[0].result, "correct", log);
          assert.equal(last.suspend_data, lastSet(seen.calls, version, "cmi.suspend_data"), "the last suspend_data" + log);
          if (version === "1.2") {
            assert.equal(last.core.lesson_status, "passed", log);
            assert.equal(String(last.core.score.raw), "100", log);
            assert.equal(last.core.lesson_location, SECOND_MODULE, log);
          } else {
            assert.equal(last.completion_status, "completed", log);
            assert.equal(last.success_status, "passed", log);
            assert.equal(String(last.score.scaled), "1", log);
            assert.equal(String(last.score.raw), "100", log);
            assert.equal(last.location, SECOND_MODULE, log);
          }
        },
        { allowErrors: [FAILED_COMMIT] },
      );
    } finally {
      await lms.close();
    }
  });
}

// The LMS fails, the learner closes the tab: the LMS lost the session. The next launch brings the
// learner's place and answer back from this browser's copy: when the LMS has nothing, and when it
// has the older state of the session's first commit (the newer of the two wins).
for (const version of VERSIONS) for (const older of [false, true]) {
  const has = older ? "the session's first commit" : "nothing";
  test(`SCORM ${version}: what the LMS lost comes back from this browser at the next launch (the LMS has ${has})`, { timeout: 120_000 }, async () => {
    const lms = await startCommitServer();
    try {
      lms.failing = !older;
      await withBrowser(
        server,
        async (ctx) => {
          const frame = await openLms(ctx, SCORM[version].page, { commit: lms.url });
          if (older) {
            await ctx.step("the start is committed, then the LMS fails", async () => {
              await waitForSet(ctx, version, SCORM[version].location, { committed: true });
              lms.failing = true;
            });
          }
          const { second, label } = await ctx.step("the learner answers while the LMS fails", async () => {
            const { second } = await toSecondModule(frame);
            return { second, label: await answer(frame, false) };
          });
          await ctx.step("the notice, then the tab closes", async () => {
            await frame.locator(NOTICE).waitFor({ state: "visible", timeout: TIMEOUT });
            await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
          });
          assertCleanSession(await readLms(ctx.page), version);
          const kept = lms.commits.filter((c) => c.status === 200).at(-1);
          assert.equal(!!kept, older, older ? "the LMS has the first commit" : "the LMS has nothing");
          const preload = older ? earlierAttempt(version, kept.body.cmi, "resume") : undefined;
          if (older) assert.ok(preload.suspend_data, "an older suspend_data");
          const again = await ctx.step(`the next launch, where the LMS has ${has}`, () =>
            openLms(ctx, SCORM[version].page, { preload }),
          );
          await ctx.step("the learner is back where they were, the answer checked", async () => {
            assert.equal(await nextHeading(again, ""), second);
            await assertAnswered(again, label, false);
          });
          await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
          const seen = await readLms(ctx.page);
          const log = assertCleanSession(seen, version);
          assert.ok(lastSet(seen.calls, version, "cmi.suspend_data"), "the state goes to the LMS again" + log);
        },
        { allowErrors: [FAILED_COMMIT] },
      );
    } finally {
      await lms.close();
    }
  });
}

// The LMS refuses to start a session (Initialize answers "false"): the learner is told that their
// progress is not recorded, works on, and finds their place again in this browser.
for (const version of VERSIONS) {
  test(`SCORM ${version}: when the LMS refuses Initialize, the learner is told and the progress stays in the browser`, { timeout: 120_000 }, async () => {
    await withBrowser(server, async (ctx) => {
      const frame = await openLms(ctx, SCORM[version].page, { refuse: "initialize" });
      const { second } = await ctx.step("the learner is told, and works on", async () => {
        await frame.locator(NOTICE).waitFor({ state: "visible", timeout: TIMEOUT });
        return toSecondModule(frame);
      });
      const label = await answer(frame, true);
      await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
      const { calls, violations } = await readLms(ctx.page);
      const log = `\nLMS calls:\n${describeCalls(calls)}`;
      assert.deepEqual(violations, [], violations.join("\n") + log);
      const { initialize, get, set, commit, terminate } = SCORM[version];
      assert.equal(calls[0].method, initialize, log);
      assert.equal(calls[0].result, "false", log);
      assert.deepEqual(
        calls.filter((c) => [initialize, get, set, commit, terminate].includes(c.method)).length,
        1,
        "nothing but the refused Initialize (and reading its error)" + log,
      );
      const again = await ctx.step("the next launch", () => openLms(ctx, SCORM[version].page, { refuse: "initialize" }));
      await ctx.step("the learner is back where they were", async () => {
        assert.equal(await nextHeading(again, ""), second);
        await assertAnswered(again, label, true);
      });
    });
  });
}

// The learner finishes while the LMS fails: the session still ends with one Terminate, and no
// retry reaches the API after it (the retries' timers wait 1 s, 2 s, ...).
for (const version of VERSIONS) {
  test(`SCORM ${version}: finishing while the LMS fails ends the session once, with nothing after it`, { timeout: 120_000 }, async () => {
    const lms = await startCommitServer();
    try {
      lms.failing = true;
      await withBrowser(
        server,
        async (ctx) => {
          const frame = await openLms(ctx, SCORM[version].page, { commit: lms.url });
          await ctx.step("the learner answers while the LMS fails, and is told", async () => {
            await toSecondModule(frame);
            await answer(frame, true);
            await frame.locator(NOTICE).waitFor({ state: "visible", timeout: TIMEOUT });
          });
          await ctx.step('"Finish course": the results', async () => {
            await finish(ctx, frame, version);
            await frame.waitForFunction(() => /(^|\D)100(\D|$)/.test(document.body.innerText));
          });
          // Longer than the next retries would wait.
          await pause(3_500);
          const seen = await readLms(ctx.page);
          const log = assertCleanSession(seen, version);
          assert.ok(
            seen.calls.some((c) => c.method === SCORM[version].commit && c.result === "false"),
            "commits failed" + log,
          );
          await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
          assert.equal((await readLms(ctx.page)).calls.length, seen.calls.length, "nothing when the page goes away");
        },
        { allowErrors: [FAILED_COMMIT] },
      );
    } finally {
      await lms.close();
    }
  });
}
