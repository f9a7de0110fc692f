// End to end, for SCORM 1.2 and SCORM 2004: the course finds the LMS's API where LMSs put it, and
// works without one. The API two frames up (the LMS's page, a player frame, the course), in the
// window that opened the course's window, and set up 1.5 s after the course started; and no API
// at all, where the course keeps the learner's place and answers in the browser across a reload.
//
// Needs LOTSE_E2E_SCORM (see scorm-harness.mjs); `cargo xtask test` sets it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";
import {
  SCORM,
  VERSIONS,
  SECOND_MODULE,
  CORRECT,
  COURSE_ID,
  TIMEOUT,
  harnessServerForFile,
  withBrowser,
  openLms,
  courseFrame,
  readLms,
  toSecondModule,
  nextHeading,
  answer,
  assertAnswered,
  waitForSet,
  lastSet,
  assertCleanSession,
  query,
} from "./scorm-harness.mjs";

const server = harnessServerForFile();
// Another origin (another port) for a player frame the course may not look into.
let other;
before(async () => {
  other = await startServer({ routes: { "/harness/": path.dirname(fileURLToPath(import.meta.url)) } });
});
after(async () => {
  await other?.close();
});

const OPTIONS = { timeout: 120_000 };

// The learner goes to the second module; the LMS learns where they are; the course goes away.
async function session(ctx, frame, version) {
  await ctx.step("the learner moves on, and the LMS learns it", async () => {
    await toSecondModule(frame);
    await waitForSet(ctx, version, SCORM[version].location, { value: SECOND_MODULE });
  });
  await ctx.step("the course goes away", () => ctx.lmsPage.evaluate(() => window.LotseHarness.unloadCourse()));
  const lms = await readLms(ctx.lmsPage);
  const log = assertCleanSession(lms, version);
  assert.equal(lastSet(lms.calls, version, SCORM[version].exit), "suspend", log);
  assert.equal(lastSet(lms.calls, version, SCORM[version].location), SECOND_MODULE, log);
  return lms;
}

for (const version of VERSIONS) {
  test(`SCORM ${version}: the API two frames up (LMS page → player frame → course)`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const frame = await openLms(ctx, "scorm-nested.html", { version });
      assert.equal(frame.parentFrame()?.parentFrame(), ctx.page.mainFrame(), "the course is two frames below the LMS page");
      await session(ctx, frame, version);
    });
  });

  test(`SCORM ${version}: the API two frames up, past a player frame of another origin`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const middle = `${other.url}/harness/scorm-middle.html`;
      const frame = await openLms(ctx, "scorm-nested.html", { version, middle });
      const player = frame.parentFrame();
      assert.ok(player.url().startsWith(other.url), "the player frame is of another origin");
      const blocked = await frame.evaluate(() => {
        try {
          return typeof window.parent.document;
        } catch (error) {
          return "blocked";
        }
      });
      assert.equal(blocked, "blocked", "the course may not look into the player frame");
      await session(ctx, frame, version);
    });
  });

  test(`SCORM ${version}: the API in the window that opened the course`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      await ctx.page.goto(`${server.url}/harness/scorm-opener.html${query({ version })}`);
      await ctx.page.waitForFunction(() => window.LotseHarness && window.LotseHarness.ready);
      const [popup] = await Promise.all([
        ctx.context.waitForEvent("page"),
        ctx.page.getByRole("button", { name: "Launch the course" }).click(),
      ]);
      await popup.waitForLoadState();
      const frame = await courseFrame(ctx.context);
      assert.equal(frame, popup.mainFrame(), "the course is the new window's page");
      await session(ctx, frame, version);
    });
  });

  // The new window's page is another origin's, which frames the course: the course climbs to a
  // top it may not look into, and finds the API through that top's opener.
  test(`SCORM ${version}: the API in the opener of a window whose page is of another origin`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const course = `${other.url}/harness/scorm-middle.html?course=${encodeURIComponent(`${server.url}/course/index.html`)}`;
      await ctx.page.goto(`${server.url}/harness/scorm-opener.html${query({ version, course })}`);
      await ctx.page.waitForFunction(() => window.LotseHarness && window.LotseHarness.ready);
      const [popup] = await Promise.all([
        ctx.context.waitForEvent("page"),
        ctx.page.getByRole("button", { name: "Launch the course" }).click(),
      ]);
      await popup.waitForLoadState();
      const frame = await courseFrame(ctx.context);
      assert.equal(frame.parentFrame(), popup.mainFrame(), "the course is framed by the new window's page");
      assert.ok(popup.url().startsWith(other.url), "which is of another origin");
      await session(ctx, frame, version);
    });
  });

  test(`SCORM ${version}: an API that appears 1.5 s after the course started`, OPTIONS, async () => {
    await withBrowser(server, async (ctx) => {
      const frame = await openLms(ctx, SCORM[version].page, { late: 1_500 });
      const lms = await session(ctx, frame, version);
      const first = lms.calls[0];
      assert.ok(lms.apiShownAt - lms.launchedAt >= 1_400, "the API was not there when the course started");
      assert.ok(first.t >= lms.apiShownAt, "Initialize after the API appeared");
      assert.ok(first.t - lms.apiShownAt < 1_500, `found within the discovery's retries (after ${Math.round(first.t - lms.apiShownAt)} ms)`);
    });
  });
}

test("without an LMS, the course keeps the learner's place and answers across a reload", OPTIONS, async () => {
  await withBrowser(server, async (ctx) => {
    const { page } = ctx;
    await page.goto(`${server.url}/course/index.html`);
    const frame = page.mainFrame();
    const { second } = await ctx.step("to the second module", () => toSecondModule(frame));
    const label = await ctx.step("answer the question", () => answer(frame, true));
    assert.equal(label, CORRECT);
    await ctx.step("reload", async () => {
      // Give the player's search for an API (5 s) time to end, so the progress is stored.
      await page.waitForFunction((id) => Object.keys(localStorage).some((k) => k.startsWith(`lotse:${id}`)), COURSE_ID, {
        timeout: TIMEOUT,
      });
      await page.reload();
      const heading = await nextHeading(page.mainFrame(), "");
      assert.equal(heading, second, "after a reload the learner is on the module they left");
      await assertAnswered(page.mainFrame(), label, true);
    });
  });
});
