// The showcase (tests/e2e/showcase: one module per construct) walked through by a learner who
// answers everything: the SCORM and cmi5 tests check that every kind of answer reaches the LMS.
import assert from "node:assert/strict";

// Every module in turn; in each, every question answered with its first possible answer. `frame`:
// the page or frame the course runs in.
export async function answerEverything(frame) {
  await frame.waitForSelector("main h1");
  const toc = frame.locator("nav.toc li button");
  const modules = await toc.count();
  assert.ok(modules >= 15, `the showcase has a module per construct; found ${modules}`);
  for (let m = 0; m < modules; m++) {
    await toc.nth(m).click();
    await frame.waitForFunction(
      (n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page",
      m,
    );
    const sets = frame.locator("main fieldset");
    for (let f = 0; f < (await sets.count()); f++) {
      const set = sets.nth(f);
      // The first option of each group of radio buttons (a self-assessment has one per statement).
      const groups = await set.evaluate((el) => [...new Set([...el.querySelectorAll("input[type=radio]")].map((r) => r.name))]);
      for (const name of groups) await set.locator(`input[type=radio][name="${name}"]`).first().check();
      const box = set.locator("input[type=checkbox]");
      if (await box.count()) await box.first().check();
      const field = set.locator("input[type=text], input:not([type]), textarea");
      if (await field.count()) await field.first().fill("6");
      const selects = set.locator("select");
      for (let s = 0; s < (await selects.count()); s++) await selects.nth(s).selectOption({ index: 1 });
      // A scenario's first path.
      const step = set.locator("button", { hasNotText: /Check answer|Save|Move|Start again/ });
      if (await step.count()) await step.first().click();
      const check = set.locator("button", { hasText: /Check answer|Save/ });
      if (await check.count()) await check.first().click();
    }
  }
}
