// Every course in courses/, in each of its languages, taken to the end by a learner who answers
// everything correctly (course-walk.mjs): packaged as a web folder by the `lotse` tool, opened in a
// browser set to that language, each module opened, each interaction answered and checked, then
// "Finish course": the results must show the course passed (or completed) and offer the
// certificate. No console errors on the way.
//
// Needs LOTSE_E2E_LOTSE (the `lotse` tool with the players inside); `cargo xtask test` sets it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";
import { interactionsOf, walkCourse } from "./course-walk.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LOTSE = process.env.LOTSE_E2E_LOTSE ? path.resolve(process.env.LOTSE_E2E_LOTSE) : "";
const COURSES = readdirSync(path.join(REPO, "courses"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(REPO, "courses", entry.name, "course.toml")))
  .map((entry) => entry.name)
  .sort();

// What the results page says, by interface language.
const WORDS = {
  en: { results: "Your results", certificate: "Show the certificate", locale: "en-GB" },
  de: { results: "Ihr Ergebnis", certificate: "Bescheinigung anzeigen", locale: "de-DE" },
};

// The short sample the other end-to-end tests use; every other course is a full one.
const SAMPLE = "integration-basics";
const QUESTION_KINDS = ["single_choice", "multiple_choice", "true_false", "fill_in", "numeric", "matching", "ordering"];

// What a full course must hold (issue 7): 5–8 modules, 20–40 minutes, at least 10 graded
// questions of at least 4 kinds, a branching scenario, a reflection, glossary terms, key takeaways,
// and a last module that names its sources (a list of links or titles).
function assertFullCourse(course) {
  const where = `${course.id} (${course.language})`;
  assert.ok(course.modules.length >= 5 && course.modules.length <= 8, `${where}: 5–8 modules`);
  assert.ok(course.estimated_minutes >= 20 && course.estimated_minutes <= 40, `${where}: 20–40 minutes`);
  const all = course.modules.flatMap((m) => interactionsOf(m.blocks));
  const kindOf = (it) => Object.keys(it.kind)[0];
  const graded = all.filter((it) => it.graded && QUESTION_KINDS.includes(kindOf(it)));
  assert.ok(graded.length >= 10, `${where}: at least 10 graded questions (${graded.length})`);
  assert.ok(new Set(graded.map(kindOf)).size >= 4, `${where}: graded questions of at least 4 kinds`);
  for (const kind of ["scenario", "reflection"]) assert.ok(all.some((it) => kindOf(it) === kind), `${where}: a ${kind}`);
  assert.ok(course.glossary?.length > 0, `${where}: glossary terms`);
  assert.ok(JSON.stringify(course.modules).includes('"takeaways"'), `${where}: key takeaways`);
  const last = JSON.stringify(course.modules.at(-1));
  assert.ok(/"list"/.test(last), `${where}: the last module lists its sources`);
}

for (const name of COURSES) {
  test(`${name}: a learner who knows every answer completes it in each language`, { timeout: 240_000 }, async (t) => {
    assert.ok(LOTSE && existsSync(LOTSE), `LOTSE_E2E_LOTSE=${JSON.stringify(LOTSE)} is not the lotse tool; run \`cargo xtask test\``);
    const tmp = mkdtempSync(path.join(os.tmpdir(), `lotse-course-${name}-`));
    const site = path.join(tmp, "site");
    let server;
    try {
      execFileSync(LOTSE, ["package", path.join(REPO, "courses", name), "--format", "web", "-o", site], { stdio: "pipe" });
      server = await startServer({ routes: { "/course/": site } });
      const original = JSON.parse(readFileSync(path.join(site, "course.json"), "utf8"));
      const languages = original.languages?.length ? original.languages : [original.language];
      for (const language of languages) {
        await t.test(language, async () => {
          const file = language === original.language ? "course.json" : `course.${language}.json`;
          const course = JSON.parse(readFileSync(path.join(site, file), "utf8"));
          if (name !== SAMPLE) assertFullCourse(course);
          const words = WORDS[language] ?? WORDS.en;
          const browser = await launch(`lotse-course-${language}-`, { locale: words.locale });
          const errors = [];
          try {
            const page = await browser.context.newPage();
            page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
            page.on("pageerror", (e) => errors.push(String(e)));
            await page.goto(`${server.url}/course/`);
            // The page in the browser's language: the translation loaded, its title on the page.
            await page.waitForFunction(
              ([lang, title]) => document.documentElement.lang === lang && document.title === title,
              [language, course.title],
            );
            const counts = await walkCourse(page, course);
            await page.getByRole("heading", { name: words.results }).waitFor();
            await page.getByRole("button", { name: words.certificate }).waitFor();
            // Every graded question right: the full score.
            assert.match(await page.locator("main").innerText(), /\b100\s?%/, "the full score");
            t.diagnostic?.(`${name} (${language}): ${JSON.stringify(counts)}`);
          } finally {
            await browser.close();
          }
          assert.deepEqual(errors, [], "no console errors");
        });
      }
    } finally {
      await server?.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
}
