// A learner who knows every answer: walks a built course module by module and answers each
// interaction correctly, reading the right answers from the course document the page loads
// (course.json or course.<lang>.json), then finishes the course. The courses test uses it for
// every course in courses/, in each of its languages.
import assert from "node:assert/strict";

// The words of an inline list, as lotse-core's `plain_text` has them (what the player shows).
export function plainText(inlines) {
  let out = "";
  for (const inline of inlines ?? []) {
    if (inline === "line_break") out += " ";
    else if (typeof inline !== "object") continue;
    else if ("text" in inline) out += inline.text;
    else if ("code" in inline) out += inline.code;
    else if ("emphasis" in inline) out += plainText(inline.emphasis);
    else if ("strong" in inline) out += plainText(inline.strong);
    else if ("strikethrough" in inline) out += plainText(inline.strikethrough);
    else if ("link" in inline) out += plainText(inline.link.content);
    else if ("term" in inline) out += plainText(inline.term.content);
    else if ("attachment" in inline) out += plainText(inline.attachment.content);
    else if ("image" in inline) out += inline.image.alt;
  }
  return out;
}

const squash = (text) => text.replace(/\s+/g, " ").trim();

// Every interaction of a module's blocks, also those inside sections and callouts, in order.
export function interactionsOf(blocks) {
  const found = [];
  const walk = (value) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== "object") return;
    if (value.interaction) return found.push(value.interaction);
    Object.values(value).forEach(walk);
  };
  walk(blocks);
  return found;
}

// The shortest way through a scenario to a good ending (else to any ending): the index of the
// choice taken at each step.
export function scenarioPath(steps) {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const search = (goal) => {
    const seen = new Set([0]);
    const queue = [[0, []]];
    while (queue.length) {
      const [at, path] = queue.shift();
      if (goal(steps[at])) return path;
      (steps[at].paths ?? []).forEach((p, k) => {
        const next = index.get(p.to);
        if (next !== undefined && !seen.has(next)) {
          seen.add(next);
          queue.push([next, [...path, k]]);
        }
      });
    }
    return null;
  };
  const isEnding = (s) => !(s.paths ?? []).length;
  const path = search((s) => isEnding(s) && s.success) ?? search(isEnding);
  assert.ok(path, "the scenario has an ending");
  return path;
}

// The button that checks (or saves) an interaction's answer, in English or German.
const CHECK = /^(Check answer|Save|Antwort prüfen|Speichern)$/;

// Answers one interaction correctly in the page. `it`: the interaction from the course document.
async function answer(page, it) {
  const set = page.locator(`#i_${it.id}`);
  await set.scrollIntoViewIfNeeded();
  const [kind, value] = Object.entries(it.kind)[0];
  const control = (n) => page.locator(`#i_${it.id}_${n}`);
  let check = true;
  switch (kind) {
    case "single_choice":
    case "true_false":
      await control(value.findIndex((c) => c.correct)).check();
      break;
    case "multiple_choice":
      for (const [n, choice] of value.entries()) if (choice.correct) await control(n).check();
      break;
    case "fill_in":
      await control(0).fill(value.answers.find((a) => a.correct).text);
      break;
    case "numeric":
      await control(0).fill(value.find((a) => a.correct).min);
      break;
    case "matching":
      for (let l = 0; l < value.length; l++) await control(l).selectOption(String(l));
      break;
    case "ordering": {
      const want = value.map((item) => squash(plainText(item)));
      const rows = set.locator("ol.ordering > li");
      const shown = async () =>
        (
          await rows.evaluateAll((lis) =>
            lis.map((li) => {
              const item = li.cloneNode(true);
              item.querySelectorAll("button").forEach((b) => b.remove());
              return item.textContent;
            }),
          )
        ).map(squash);
      // Each item in turn moved up to its place, with its own "Move … up" button.
      for (let target = 0; target < want.length; target++) {
        for (let guard = 0; guard < want.length; guard++) {
          const now = await shown();
          const at = now.findIndex((text) => text === want[target]);
          assert.ok(at >= 0, `ordering ${it.id}: "${want[target]}" is shown (${JSON.stringify(now)})`);
          if (at === target) break;
          await rows.nth(at).locator("button").first().click();
        }
      }
      assert.deepEqual(await shown(), want, `ordering ${it.id}`);
      break;
    }
    case "reflection":
      await control(0).fill("What I would do differently next time, in my own words.");
      break;
    case "self_assessment":
      for (let s = 0; s < value.statements.length; s++) await control(s * 1000).check();
      break;
    case "scenario": {
      check = false;
      for (const k of scenarioPath(value)) await set.locator(".paths > button").nth(k).click();
      break;
    }
    default:
      assert.fail(`interaction ${it.id}: the walker does not know the kind ${kind}`);
  }
  if (check) await set.getByRole("button", { name: CHECK }).click();
  if (it.graded) {
    await set.locator(".feedback.correct").first().waitFor({ timeout: 10_000 }).catch(async () => {
      const said = await set.innerText();
      assert.fail(`interaction ${it.id} (${kind}) was not answered correctly; the page says:\n${said}`);
    });
  }
}

// Walks `course` (the course document the page shows) through the page: every module opened from
// the contents, every interaction answered, then "Finish course". Returns how many interactions
// were answered by kind.
export async function walkCourse(page, course) {
  const counts = {};
  const toc = page.locator("nav.toc li button");
  await toc.first().waitFor();
  assert.equal(await toc.count(), course.modules.length, "a contents entry per module");
  for (const [m, module] of course.modules.entries()) {
    await toc.nth(m).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll("nav.toc li button")[n]?.getAttribute("aria-current") === "page",
      m,
    );
    await assert.doesNotReject(
      page.locator("main h1").first().waitFor(),
      `module ${module.id} shows its heading`,
    );
    // Questions in expandable sections are answered like the others.
    await page.evaluate(() => document.querySelectorAll("main details").forEach((d) => (d.open = true)));
    for (const it of interactionsOf(module.blocks)) {
      await answer(page, it);
      const kind = Object.keys(it.kind)[0];
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
  }
  await page.getByRole("button", { name: /^(Finish course|Kurs abschließen)$/ }).click();
  return counts;
}
