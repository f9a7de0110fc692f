// End to end, for SCORM 1.2 and SCORM 2004 4th edition: the sample course built with the SCORM
// player, launched by scorm-again in headless Chromium, every API call recorded and checked
// against shared/lms-contract.md (scorm-recorder.js). A learner walks through the course to the
// end; a learner leaves halfway and comes back (entry "resume" and entry ""); a learner browses.
//
// Needs LOTSE_E2E_SCORM (see scorm-harness.mjs); `cargo xtask test` sets it.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SCORM,
  VERSIONS,
  SECOND_MODULE,
  CORRECT,
  harnessServerForFile,
  withBrowser,
  openLms,
  readLms,
  toSecondModule,
  nextHeading,
  answer,
  assertAnswered,
  finish,
  waitForSet,
  setValues,
  lastSet,
  assertCleanSession,
  interactions,
  pause,
  button,
  durationSeconds,
  describeCalls,
  earlierAttempt,
} from "./scorm-harness.mjs";

const server = harnessServerForFile();

const OPTIONS = { timeout: 120_000 };

// ---- a full walk-through ------------------------------------------------------

// 1 h 2 min in earlier sessions, as the LMS keeps them (cmi.core.total_time, cmi.total_time).
const EARLIER = { "1.2": { core: { total_time: "0001:02:00" } }, "2004": { total_time: "PT1H2M" } };

async function walkThrough(ctx, version, correctly) {
  ctx.startedAt = Date.now();
  const preload = correctly ? EARLIER[version] : undefined;
  const frame = await ctx.step("the course starts in the LMS's frame", () => openLms(ctx, SCORM[version].page, { preload }));
  await ctx.step("to the second module and answer its question", async () => {
    await toSecondModule(frame);
    await answer(frame, correctly);
    // The player commits about a second after an answer.
    await waitForSet(ctx, version, "cmi.interactions.0.result", { committed: true });
  });
  await ctx.step('"Finish course"', () => finish(ctx, frame, version));
  ctx.finishedAt = Date.now();
  await ctx.step("the results", () =>
    frame.waitForFunction((s) => new RegExp(`(^|\\D)${s}(\\D|$)`).test(document.body.innerText), correctly ? "100" : "0"),
  );
  if (correctly) {
    await ctx.step("the certificate bears the learner's name from the LMS", async () => {
      await button(frame, "Show the certificate").click();
      const name = await frame.locator("main .learner").textContent();
      // 2004's learner_name "Test Learner"; 1.2's student_name "Learner, Test" (last, first).
      assert.match(name, /Test/);
      assert.match(name, /Learner/);
      const text = await frame.locator("main").innerText();
      assert.match(text, /1 h 3 min/, "the time spent: 1 h 2 min earlier and this session, rounded up");
    });
  }
  // Late timers (a debounced commit, a retry) must not call the API after Terminate.
  await pause(1_500);
  await ctx.step("the course page goes away", () => ctx.page.evaluate(() => window.LotseHarness.unloadCourse()));
  return readLms(ctx.page);
}

function checkInteraction(calls, version, correctly, log) {
  const records = interactions(calls, version);
  assert.equal(records.length, 1, "one interaction: the course's one graded question" + log);
  const [q] = records;
  assert.ok(q.id && !/\s/.test(q.id), `the interaction has an id without spaces (${JSON.stringify(q.id)})` + log);
  assert.equal(q.type, "choice", "a single-choice question is a choice interaction" + log);
  assert.ok(q.response, "the learner's response is recorded" + log);
  assert.ok(q.pattern, "the correct response's pattern is recorded" + log);
  if (correctly) assert.equal(q.response, q.pattern, "a correct response is the pattern" + log);
  else assert.notEqual(q.response, q.pattern, "a wrong response is not the pattern" + log);
  assert.equal(q.result, correctly ? "correct" : SCORM[version].wrong, log);
  assert.ok(q.latency, "the latency is recorded" + log);
  assert.ok(q[version === "1.2" ? "time" : "timestamp"], "the time of the answer is recorded" + log);
}

for (const version of VERSIONS) {
  for (const correctly of [true, false]) {
    const outcome = correctly ? "passes with 100" : "fails with 0 (passing score 80)";
    test(`SCORM ${version}: a learner who answers ${correctly ? "correctly" : "wrongly"} ${outcome}`, OPTIONS, async () => {
      await withBrowser(server, async (ctx) => {
        const lms = await walkThrough(ctx, version, correctly);
        const { calls } = lms;
        const log = assertCleanSession(lms, version);
        const v = SCORM[version];
        const cmi = lms.cmi.cmi;
        if (version === "1.2") {
          const statuses = setValues(calls, version, "cmi.core.lesson_status");
          assert.equal(statuses[0], "incomplete", "incomplete while the learner works" + log);
          assert.equal(statuses.at(-1), correctly ? "passed" : "failed", log);
          assert.equal(cmi.core.lesson_status, correctly ? "passed" : "failed", "scorm-again keeps the status");
          assert.equal(cmi.core.score.raw, correctly ? "100" : "0");
        } else {
          const completion = setValues(calls, version, "cmi.completion_status");
          assert.equal(completion[0], "incomplete", "incomplete while the learner works" + log);
          assert.equal(completion.at(-1), "completed", log);
          assert.equal(lastSet(calls, version, "cmi.success_status"), correctly ? "passed" : "failed", log);
          assert.equal(lastSet(calls, version, "cmi.score.scaled"), correctly ? "1" : "0", log);
          assert.equal(lastSet(calls, version, "cmi.progress_measure"), "1", "every module seen: progress 1" + log);
          assert.ok(
            setValues(calls, version, "cmi.progress_measure").some((p) => Number(p) > 0 && Number(p) < 1),
            "progress between 0 and 1 on the way" + log,
          );
          assert.equal(cmi.completion_status, "completed", "scorm-again keeps the completion");
          assert.equal(cmi.success_status, correctly ? "passed" : "failed", "scorm-again keeps the success");
          assert.equal(cmi.score.scaled, correctly ? "1" : "0");
        }
        assert.equal(lastSet(calls, version, v.raw), correctly ? "100" : "0", log);
        assert.equal(lastSet(calls, version, v.min), "0", log);
        assert.equal(lastSet(calls, version, v.max), "100", log);
        assert.equal(lastSet(calls, version, v.location), SECOND_MODULE, log);
        assert.ok(lastSet(calls, version, v.sessionTime), "the session time is set (its format is the recorder's)" + log);
        assert.equal(setValues(calls, version, v.sessionTime).length, 1, "the session time once, at the end" + log);
        const seconds = durationSeconds(version, lastSet(calls, version, v.sessionTime));
        const wall = (ctx.finishedAt - ctx.startedAt) / 1000;
        assert.ok(seconds >= 1 && seconds <= wall + 0.5, `the session time (${seconds} s) is this session's (${wall} s)` + log);
        // Debounced: a few commits for the whole walk, not one per value.
        const commits = calls.filter((c) => c.method === v.commit).length;
        assert.ok(commits >= 2 && commits <= 5, `${commits} commits for the walk-through` + log);
        const exit = lastSet(calls, version, v.exit);
        if (correctly) assert.equal(exit, version === "1.2" ? "" : "normal", "a passed course ends the attempt" + log);
        else assert.notEqual(exit, undefined, "the exit is set" + log);
        checkInteraction(calls, version, correctly, log);
        if (version === "2004") {
          const at = Date.parse(interactions(calls, version)[0].timestamp);
          assert.ok(Math.abs(at - ctx.finishedAt) < 60_000, "the answer's timestamp is the time it was given" + log);
        }
        // The LMS has the finished attempt: this browser's copy is gone.
        const kept = await ctx.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("lotse:")));
        assert.deepEqual(kept, [], "no copy of a finished attempt is kept in the browser");
      });
    });
  }
}

// SCORM 1.2's time of day has no zone, so an LMS reads it as local time: the learner's clock,
// here five and a half hours off UTC.
test("SCORM 1.2: an answer's time is the learner's local time of day", OPTIONS, async () => {
  await withBrowser(
    server,
    async (ctx) => {
      const frame = await openLms(ctx, SCORM["1.2"].page);
      await toSecondModule(frame);
      await answer(frame, true);
      await waitForSet(ctx, "1.2", "cmi.interactions.0.result", { committed: true });
      const local = await ctx.page.evaluate(() => {
        const now = new Date();
        return now.getHours() * 60 + now.getMinutes();
      });
      const lms = await readLms(ctx.page);
      const [hours, minutes] = interactions(lms.calls, "1.2")[0].time.split(":").map(Number);
      const apart = Math.abs(hours * 60 + minutes - local) % (24 * 60);
      assert.ok(Math.min(apart, 24 * 60 - apart) <= 1, `time ${hours}:${minutes}, the learner's clock ${local} min`);
    },
    { launchOptions: { timezoneId: "Asia/Kolkata" } },
  );
});

// ---- resume -------------------------------------------------------------------

// The first session: to the second module, an answer, then the page goes away. Returns the
// LMS's data of the attempt.
async function firstSession(ctx, version, correctly) {
  const frame = await openLms(ctx, SCORM[version].page);
  const { second } = await toSecondModule(frame);
  const label = await answer(frame, correctly);
  await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
  const lms = await readLms(ctx.page);
  const log = assertCleanSession(lms, version);
  assert.equal(lastSet(lms.calls, version, SCORM[version].exit), "suspend", "an unfinished attempt is suspended" + log);
  assert.ok(lastSet(lms.calls, version, "cmi.suspend_data"), "the learner's state is in suspend_data" + log);
  return { second, label, cmi: lms.cmi.cmi };
}

// With entry "resume" the learner answered correctly and finishes in the second session; with
// entry "" they answered wrongly and leave again.
for (const version of VERSIONS) {
  for (const entry of ["resume", ""]) {
    const correctly = entry === "resume";
    const then = correctly ? "finishes with the earlier answer's score" : "leaves again";
    test(`SCORM ${version}: a learner who comes back (entry ${JSON.stringify(entry)}) is on the same module with their answer checked, and ${then}`, OPTIONS, async () => {
      await withBrowser(server, async (ctx) => {
        const first = await ctx.step("the first session", () => firstSession(ctx, version, correctly));
        await ctx.step("nothing of it is left in this browser", () => ctx.page.evaluate(() => localStorage.clear()));
        const preload = earlierAttempt(version, first.cmi, entry);
        const frame = await ctx.step("the next launch", () => openLms(ctx, SCORM[version].page, { preload }));
        await ctx.step("the learner is back on the module they left, the answer checked", async () => {
          const heading = await nextHeading(frame, "");
          assert.equal(heading, first.second, "the module they left");
          await assertAnswered(frame, first.label, correctly);
        });
        await ctx.step("the learner keeps working: to the first module and back", async () => {
          await button(frame, "Previous").click();
          const h = await nextHeading(frame, first.second);
          await button(frame, "Next").click();
          await nextHeading(frame, h);
          await assertAnswered(frame, first.label, correctly);
        });
        if (correctly) {
          await ctx.step('"Finish course": the results count the earlier answer', async () => {
            await finish(ctx, frame, version);
            await frame.waitForFunction(() => /(^|\D)100(\D|$)/.test(document.body.innerText));
          });
        }
        await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
        const lms = await readLms(ctx.page);
        const log = assertCleanSession(lms, version);
        const { calls } = lms;
        const { get, set } = SCORM[version];
        const read = calls.findIndex((c) => c.method === get && c.args[0] === "cmi.suspend_data");
        assert.ok(read > 0 && calls[read].result === preload.suspend_data, "the earlier suspend_data is read" + log);
        if (correctly) {
          const cmi = lms.cmi.cmi;
          const [status, raw] = version === "1.2" ? [cmi.core.lesson_status, cmi.core.score.raw] : [cmi.success_status, cmi.score.raw];
          assert.equal(status, "passed", "the LMS has the attempt passed" + log);
          assert.equal(String(raw), "100", "with the earlier answer's score" + log);
          assert.notEqual(lastSet(calls, version, SCORM[version].exit), "suspend", "the finished attempt ends" + log);
          if (version === "2004") assert.equal(cmi.completion_status, "completed", log);
        } else {
          assert.equal(lastSet(calls, version, SCORM[version].exit), "suspend", "still unfinished: suspended again" + log);
        }
        const again = calls.filter((c) => c.method === set && /^cmi\.interactions\.\d+\.id$/.test(c.args[0]));
        assert.equal(again.length, 0, "the answer of the earlier session is not recorded a second time" + log);
        const data = lastSet(calls, version, "cmi.suspend_data") ?? preload.suspend_data;
        assert.ok(data, "suspend_data keeps the state" + log);
      });
    });
  }
}

// ---- browse mode ----------------------------------------------------------------

const NOT_GRADED = {
  "1.2": [
    ["lesson_mode browse", { core: { lesson_mode: "browse" } }],
    ["credit no-credit", { core: { credit: "no-credit" } }],
  ],
  "2004": [
    ["mode browse", { mode: "browse" }],
    ["credit no-credit", { credit: "no-credit" }],
  ],
};

for (const version of VERSIONS) for (const [mode, preload] of NOT_GRADED[version]) {
  test(`SCORM ${version}: in ${mode} no status, score or interaction is set`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const frame = await openLms(ctx, SCORM[version].page, { preload });
      await ctx.step("walk through, answer, finish", async () => {
        await toSecondModule(frame);
        await answer(frame, true);
        await waitForSet(ctx, version, SCORM[version].location, { value: SECOND_MODULE });
        await finish(ctx, frame, version);
      });
      await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
      const lms = await readLms(ctx.page);
      const log = assertCleanSession(lms, version);
      const set = SCORM[version].set;
      const sent = lms.calls.filter(
        (c) => c.method === set && /status|score|interactions|progress_measure/.test(c.args[0]),
      );
      assert.deepEqual(sent.map((c) => c.args), [], "nothing that grades the learner" + log);
      assert.equal(lastSet(lms.calls, version, SCORM[version].location), SECOND_MODULE, "the place is kept" + log);
    });
  });
}

// 2004's review mode: the learner looks at a finished attempt; nothing is graded again.
test("SCORM 2004: in mode review no status, score or interaction is set", OPTIONS, async () => {
  await withBrowser(server, async (ctx) => {
    const frame = await openLms(ctx, "scorm2004.html", { preload: { mode: "review", completion_status: "completed" } });
    await toSecondModule(frame);
    await frame.getByLabel(CORRECT, { exact: true }).check();
    await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
    const lms = await readLms(ctx.page);
    const log = assertCleanSession(lms, "2004");
    const sent = lms.calls.filter((c) => c.method === "SetValue" && /status|score|interactions|progress_measure/.test(c.args[0]));
    assert.deepEqual(sent.map((c) => c.args), [], log);
  });
});

// ---- commits: when ---------------------------------------------------------------

for (const version of VERSIONS) {
  test(`SCORM ${version}: a page change waits for the slow timer, and is committed at once when the page is hidden`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const frame = await openLms(ctx, SCORM[version].page);
      const v = SCORM[version];
      await ctx.step("the start is committed", () => waitForSet(ctx, version, v.location, { committed: true }));
      await ctx.step('"Next": the new place is set, its commit waits', async () => {
        await button(frame, "Next").click();
        await waitForSet(ctx, version, v.location, { value: SECOND_MODULE });
        await pause(1_500);
        const { calls } = await readLms(ctx.page);
        const set = calls.findLastIndex((c) => c.method === v.set && c.args[0] === v.location);
        const commits = calls.slice(set).filter((c) => c.method === v.commit);
        assert.deepEqual(commits, [], `a page change alone is not committed within 1.5 s\n${describeCalls(calls)}`);
      });
      await ctx.step("the learner switches to another tab: the commit happens then", async () => {
        // Hidden from the LMS's page, so the calls the course makes while handling it can be told.
        const during = await ctx.page.evaluate((commit) => {
          const doc = window.LotseHarness.frame.contentDocument;
          const before = window.LotseRecorder.calls.length;
          Object.defineProperty(doc, "visibilityState", { configurable: true, get: () => "hidden" });
          Object.defineProperty(doc, "hidden", { configurable: true, get: () => true });
          doc.dispatchEvent(new Event("visibilitychange"));
          return window.LotseRecorder.calls.slice(before).filter((c) => c.method === commit);
        }, v.commit);
        assert.equal(during.length, 1, "one commit while the page turns hidden");
        assert.equal(during[0].result, "true");
      });
      await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
      assertCleanSession(await readLms(ctx.page), version);
    });
  });
}

// ---- what the LMS decides ------------------------------------------------------

const GERMAN_TITLE = "Integration als Prozess in beide Richtungen";

for (const version of VERSIONS) {
  test(`SCORM ${version}: the learner's language at the LMS chooses the course's language`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const preload = version === "1.2" ? { student_preference: { language: "de" } } : { learner_preference: { language: "de" } };
      const frame = await openLms(ctx, SCORM[version].page, { preload });
      // The player shows the course's own language first and loads the translation meanwhile.
      await ctx.step("the first module, in German", () =>
        frame.waitForFunction((title) => document.querySelector("main h1")?.textContent.trim() === title, GERMAN_TITLE),
      );
      assert.equal(await frame.evaluate(() => document.documentElement.lang), "de", "the page says it is German");
      await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
      assertCleanSession(await readLms(ctx.page), version);
    });
  });
}

// ---- the harness itself ---------------------------------------------------------

// The recorder is what the tests above rely on to fail on a breach: in the browser, behind
// scorm-again, it flags one.
for (const version of VERSIONS) {
  test(`SCORM ${version}: the launch page's recorder flags a call that breaks the contract`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      await ctx.page.goto(`${server.url}/harness/${SCORM[version].page}?course=about:blank`);
      await ctx.page.waitForFunction(() => window.LotseHarness && window.LotseHarness.ready);
      const { violations, calls } = await ctx.page.evaluate(
        ([api, v]) => {
          const a = window[api];
          a[v.initialize]();
          a[v.set](v.location, 12);
          return { violations: window.LotseRecorder.violations, calls: window.LotseRecorder.calls };
        },
        [SCORM[version].api, { initialize: SCORM[version].initialize, set: SCORM[version].set, location: SCORM[version].location }],
      );
      assert.equal(calls.length, 2);
      assert.match(violations[0], /the empty string ""/);
      assert.match(violations[1], /argument 2 is 12 \(number\), not a string/);
    });
  });
}
// The LMS's passing score replaces the course's 80 %. The course's one question scores 0 or 100,
// so only a passing score of 0 tells the two apart: a wrong answer then passes.
const PASSING_ZERO = { "1.2": { student_data: { mastery_score: "0" } }, "2004": { scaled_passing_score: "0" } };
for (const version of VERSIONS) {
  test(`SCORM ${version}: the LMS's passing score replaces the course's`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const frame = await openLms(ctx, SCORM[version].page, { preload: PASSING_ZERO[version] });
      await ctx.step("a wrong answer, then finish", async () => {
        await toSecondModule(frame);
        await answer(frame, false);
        await finish(ctx, frame, version);
      });
      await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
      const lms = await readLms(ctx.page);
      const log = assertCleanSession(lms, version);
      const status = version === "1.2" ? "cmi.core.lesson_status" : "cmi.success_status";
      assert.equal(lastSet(lms.calls, version, SCORM[version].raw), "0", log);
      assert.equal(lastSet(lms.calls, version, status), "passed", "0 reaches the LMS's passing score 0" + log);
    });
  });
}

// In 2004, completion and success are separate: the threshold completes the course while its
// question is still unanswered (success stays "unknown").
test("SCORM 2004: the LMS's completion threshold decides when the course is completed", OPTIONS, async () => {
  await withBrowser(server, async (ctx) => {
    const frame = await openLms(ctx, "scorm2004.html", { preload: { completion_threshold: "0.5" } });
    await ctx.step("to the second module, without answering", async () => {
      await toSecondModule(frame);
      await waitForSet(ctx, "2004", "cmi.location", { value: SECOND_MODULE });
    });
    await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
    const lms = await readLms(ctx.page);
    const log = assertCleanSession(lms, "2004");
    const progress = Number(lastSet(lms.calls, "2004", "cmi.progress_measure"));
    assert.ok(progress >= 0.5 && progress < 1, `progress ${progress} reached the threshold 0.5` + log);
    assert.equal(lastSet(lms.calls, "2004", "cmi.completion_status"), "completed", "completed at the threshold" + log);
    assert.equal(lastSet(lms.calls, "2004", "cmi.success_status") ?? "unknown", "unknown", "not passed or failed yet" + log);
  });
});
