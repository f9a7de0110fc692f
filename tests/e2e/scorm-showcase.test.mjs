// End to end, for SCORM 1.2 and SCORM 2004: the showcase course (one module per construct) with
// the SCORM player. A learner answers every question of every kind; each answer reaches the LMS
// as an interaction record of its type in the version's value formats, which the recorder checks
// (choice ids, true-false, matching pairs, sequences, numeric ranges, fill-in text), and the
// score the LMS gets is the one the learner is shown.
//
// Needs LOTSE_E2E_SCORM_SHOWCASE: tests/e2e/showcase built with the SCORM player; `cargo xtask
// test` builds it and sets it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";
import { answerEverything } from "./showcase-walk.mjs";
import {
  SCORM,
  VERSIONS,
  withBrowser,
  openLms,
  readLms,
  finish,
  lastSet,
  assertCleanSession,
  interactions,
  earlierAttempt,
} from "./scorm-harness.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOWCASE = process.env.LOTSE_E2E_SCORM_SHOWCASE ? path.resolve(process.env.LOTSE_E2E_SCORM_SHOWCASE) : "";

let server;
before(async () => {
  if (!SHOWCASE) return;
  server = await startServer({
    routes: {
      "/harness/": HERE,
      "/node_modules/scorm-again/": path.join(HERE, "..", "..", "node_modules", "scorm-again"),
      "/course/": SHOWCASE,
    },
  });
});
after(async () => {
  await server?.close();
});

function requireShowcase() {
  if (!SHOWCASE || !existsSync(path.join(SHOWCASE, "index.html"))) {
    assert.fail(
      `LOTSE_E2E_SCORM_SHOWCASE=${JSON.stringify(SHOWCASE)} is not a built course. Run \`cargo xtask test\`, which ` +
        "builds tests/e2e/showcase with the SCORM player and sets it.",
    );
  }
}

const TYPES = {
  "1.2": ["choice", "true-false", "fill-in", "numeric", "matching", "sequencing"],
  "2004": ["choice", "true-false", "fill-in", "long-fill-in", "numeric", "matching", "sequencing"],
};

for (const version of VERSIONS) {
  test(`SCORM ${version}: every kind of answer reaches the LMS as an interaction of its type`, { timeout: 180_000 }, async () => {
    await withBrowser(server, async (ctx) => {
      const frame = await openLms(ctx, SCORM[version].page);
      await ctx.step("answer every question", () => answerEverything(frame));
      await ctx.step('"Finish course"', () => finish(ctx, frame, version));
      const shown = await ctx.step("the results", async () => {
        const text = await frame.locator("main").innerText();
        const m = /(\d+(?:\.\d+)?) %/.exec(text);
        assert.ok(m, `the results show a score in per cent:\n${text.slice(0, 400)}`);
        return m[1];
      });
      await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
      const lms = await readLms(ctx.page);
      const log = assertCleanSession(lms, version);
      const records = interactions(lms.calls, version);
      const types = new Set(records.map((r) => r.type));
      for (const type of TYPES[version]) assert.ok(types.has(type), `a ${type} interaction` + log);
      for (const [i, r] of records.entries()) {
        assert.ok(r.id && r.type && r.result && r.latency, `interaction ${i} has id, type, result and latency` + log);
        assert.ok(r.response !== undefined, `interaction ${i} has the learner's response` + log);
      }
      assert.equal(new Set(records.map((r) => r.id)).size, records.length, "one record per question" + log);
      assert.equal(lastSet(lms.calls, version, SCORM[version].raw), shown, "the LMS has the score the learner sees" + log);
    }, { requireCourse: requireShowcase });
  });
}

// What each module shows of its answers: feedback given, options checked, text entered.
async function answersShown(frame) {
  const toc = frame.locator("nav.toc li button");
  const shown = [];
  for (let m = 0; m < (await toc.count()); m++) {
    await toc.nth(m).click();
    await frame.waitForFunction(
      (n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page",
      m,
    );
    shown.push(
      await frame.evaluate(() => {
        const main = document.querySelector("main");
        return {
          module: main.querySelector("h1")?.textContent.trim(),
          feedback: [...main.querySelectorAll(".feedback")].map((f) => f.className).join(" "),
          checked: [...main.querySelectorAll("input:checked")].length,
          text: [...main.querySelectorAll("input[type=text], input:not([type]), textarea")].map((t) => t.value).join("|"),
          selected: [...main.querySelectorAll("select")].map((s) => s.selectedIndex).join(","),
        };
      }),
    );
  }
  return shown;
}

for (const version of VERSIONS) {
  test(`SCORM ${version}: every kind of answer comes back from suspend_data at the next launch`, { timeout: 180_000 }, async () => {
    await withBrowser(
      server,
      async (ctx) => {
        let frame = await openLms(ctx, SCORM[version].page);
        await ctx.step("answer every question", () => answerEverything(frame));
        const before = await ctx.step("what the modules show", () => answersShown(frame));
        assert.ok(before.filter((m) => m.feedback).length >= 8, `answers shown in most modules: ${JSON.stringify(before)}`);
        await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
        const first = await readLms(ctx.page);
        assertCleanSession(first, version);
        await ctx.page.evaluate(() => localStorage.clear());
        const preload = earlierAttempt(version, first.cmi.cmi, "resume");
        frame = await ctx.step("the next launch", () => openLms(ctx, SCORM[version].page, { preload }));
        await frame.waitForSelector("main h1");
        const after = await ctx.step("what the modules show now", () => answersShown(frame));
        assert.deepEqual(after, before, "every module shows the answers it showed before");
        await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());
        assertCleanSession(await readLms(ctx.page), version);
      },
      { requireCourse: requireShowcase },
    );
  });
}
