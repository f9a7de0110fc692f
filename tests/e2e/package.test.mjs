// End to end, for `lotse package`: the sample course packaged in each format by the `lotse` tool
// (the players inside it), each zip unzipped by an implementation independent of ours (Python's
// zipfile, which also checks every entry's CRC), imported the way an LMS imports it (the launch
// file, the version and the mastery score read from imsmanifest.xml or cmi5.xml), served by a file
// server that sends `.wasm` as application/octet-stream, as many LMS file servers do, and played in
// headless Chromium: SCORM 1.2 and 2004 inside the scorm-again harness of the package's version,
// cmi5 against the test LRS with the LaunchData the LMS takes from cmi5.xml, and the web folder on
// its own.
//
// Needs LOTSE_E2E_LOTSE: the `lotse` tool with the players embedded. `cargo xtask test` builds it
// and sets it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";
import {
  SCORM,
  TIMEOUT,
  harnessRoutes,
  withBrowser,
  openLms,
  readLms,
  toSecondModule,
  nextHeading,
  answer,
  finish,
  waitForSet,
  lastSet,
  assertCleanSession,
  button,
  pause,
} from "./scorm-harness.mjs";
import { startLrs, verbName, MASTERY_SCORE } from "./cmi5-lrs.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const COURSE = path.join(REPO, "courses", "integration-basics");
const LOTSE = process.env.LOTSE_E2E_LOTSE ? path.resolve(process.env.LOTSE_E2E_LOTSE) : "";
// What a misconfigured LMS file server sends for `.wasm`.
const WRONG_WASM_TYPE = "application/octet-stream";
const OPTIONS = { timeout: 60_000 };

function requireLotse() {
  if (!LOTSE || !existsSync(LOTSE)) {
    assert.fail(
      `LOTSE_E2E_LOTSE=${JSON.stringify(LOTSE)} is not the \`lotse\` tool. Run \`cargo xtask test\`, which builds it ` +
        "with the players inside and sets it.",
    );
  }
}

// ---- packaging and unzipping ----------------------------------------------------

// Packages the sample course in `format` into a fresh temporary folder, unzips it (not for web)
// and runs `fn({dir, zip, entries})` with the folder an LMS would serve; removes it all after.
// The tool runs from a copy alone in that folder, as a trainer who was handed the one file runs
// it: the player comes from inside it, not from the repository's dist/.
async function withPackage(format, fn) {
  requireLotse();
  const tmp = mkdtempSync(path.join(os.tmpdir(), `lotse-package-${format}-`));
  try {
    const out = path.join(tmp, format === "web" ? "web" : `course-${format}.zip`);
    const alone = path.join(tmp, "lotse");
    copyFileSync(LOTSE, alone);
    try {
      execFileSync(alone, ["package", COURSE, "--format", format, "-o", out], { stdio: "pipe", cwd: tmp });
    } catch (error) {
      assert.fail(`lotse package --format ${format} failed (${error.status}):\n${error.stderr}${error.stdout}`);
    }
    if (format === "web") return await fn({ dir: out, zip: null, entries: null });
    const entries = inspectZip(out);
    const dir = path.join(tmp, "unzipped");
    execFileSync("python3", ["-m", "zipfile", "-e", out, dir], { stdio: "pipe" });
    return await fn({ dir, zip: out, entries });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// The zip's entries by Python's zipfile; fails on a bad CRC or an entry that would land outside
// the folder it is unzipped into.
function inspectZip(zip) {
  const script = [
    "import json, sys, zipfile",
    "with zipfile.ZipFile(sys.argv[1]) as z:",
    "    print(json.dumps({'bad': z.testzip(), 'entries': [{'name': i.filename, 'dir': i.is_dir()} for i in z.infolist()]}))",
  ].join("\n");
  const { bad, entries } = JSON.parse(execFileSync("python3", ["-c", script, zip], { encoding: "utf8" }));
  assert.equal(bad, null, `zipfile's testzip: the CRC of ${JSON.stringify(bad)} is wrong`);
  const names = entries.map((e) => e.name);
  assert.equal(new Set(names).size, names.length, `no entry twice: ${names.join(", ")}`);
  for (const name of names) {
    assert.ok(
      !name.startsWith("/") && !name.includes("\\") && !name.split("/").includes("..") && !/^[A-Za-z]:/.test(name),
      `entry ${JSON.stringify(name)} is a relative path inside the package`,
    );
  }
  return entries;
}

// Every file below `dir`, as relative paths with "/".
function filesIn(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesIn(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

// ---- reading manifests (minimally, as an LMS's importer does) ---------------------

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const unescapeXml = (s) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e]);

function attributes(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = unescapeXml(m[2]);
  return out;
}

function only(xml, re, what) {
  const found = [...xml.matchAll(re)];
  assert.equal(found.length, 1, `exactly one ${what} in the manifest (found ${found.length})`);
  return found[0];
}

const MANIFEST = {
  "1.2": {
    namespace: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    schemaversion: "1.2",
    scormType: "adlcp:scormtype",
    wrongScormType: "adlcp:scormType",
    // The LMS gives the content <adlcp:masteryscore> as cmi.student_data.mastery_score.
    mastery: /<adlcp:masteryscore>([^<]*)<\/adlcp:masteryscore>/g,
    passingElement: "cmi.student_data.mastery_score",
    preload: (value) => ({ student_data: { mastery_score: value } }),
  },
  "2004": {
    namespace: "http://www.imsglobal.org/xsd/imscp_v1p1",
    schemaversion: "2004 4th Edition",
    scormType: "adlcp:scormType",
    wrongScormType: "adlcp:scormtype",
    // The primary objective's <imsss:minNormalizedMeasure> becomes cmi.scaled_passing_score.
    mastery: /<imsss:minNormalizedMeasure>([^<]*)<\/imsss:minNormalizedMeasure>/g,
    passingElement: "cmi.scaled_passing_score",
    preload: (value) => ({ scaled_passing_score: value }),
  },
};

// The launch file, the listed files and the mastery score of a SCORM manifest, after checking
// what Moodle's and ILIAS's importers rely on.
function readScormManifest(xml, version) {
  const rules = MANIFEST[version];
  const manifest = only(xml, /<manifest\b[^>]*>/g, "<manifest>")[0];
  assert.equal(attributes(manifest).xmlns, rules.namespace, "the manifest's namespace");
  const schemaversion = only(xml, /<schemaversion>([^<]*)<\/schemaversion>/g, "<schemaversion>")[1];
  assert.equal(schemaversion, rules.schemaversion, "<schemaversion> exactly as LMSs match it");
  assert.ok(!xml.includes(`${rules.wrongScormType}=`), `no ${rules.wrongScormType} (SCORM ${version} spells it ${rules.scormType})`);

  const resources = [...xml.matchAll(/<resource\b([^>]*)>([\s\S]*?)<\/resource>/g)].map((m) => ({
    attrs: attributes(m[1]),
    body: m[2],
  }));
  const scos = resources.filter((r) => r.attrs[rules.scormType] === "sco");
  assert.equal(scos.length, 1, `one resource with ${rules.scormType}="sco" (of ${resources.length})`);
  const [sco] = scos;
  assert.ok(sco.attrs.href, "the SCO has a launch file (href)");
  const files = [...sco.body.matchAll(/<file\b([^>]*?)\/?>/g)].map((m) => attributes(m[1]).href);
  assert.ok(files.every(Boolean), "every <file> has an href");

  // The item that launches the SCO, and the passing score on it.
  only(xml, new RegExp(`<item\\b[^>]*identifierref="${escapeRe(sco.attrs.identifier ?? "")}"[^>]*>`, "g"), "<item> of the SCO");
  const mastery = only(xml, rules.mastery, "passing score")[1].trim();
  if (version === "1.2") {
    assert.match(mastery, /^(\d|[1-9]\d|100)$/, "<adlcp:masteryscore> is an integer 0–100");
  } else {
    assert.match(mastery, /^(0(\.\d+)?|1(\.0+)?)$/, "<imsss:minNormalizedMeasure> is in [0, 1]");
    const controls = only(xml, /<imsss:deliveryControls\b[^>]*\/?>/g, "<imsss:deliveryControls>")[0];
    const c = attributes(controls);
    assert.equal(c.completionSetByContent, "true", "completionSetByContent");
    assert.equal(c.objectiveSetByContent, "true", "objectiveSetByContent");
    const objective = only(xml, /<imsss:primaryObjective\b[^>]*>/g, "<imsss:primaryObjective>")[0];
    assert.equal(attributes(objective).satisfiedByMeasure, "true", "the minimum measure decides the objective");
  }
  return { href: sco.attrs.href, files, mastery };
}

function readCmi5Structure(xml) {
  const root = only(xml, /<courseStructure\b[^>]*>/g, "<courseStructure>")[0];
  assert.equal(attributes(root).xmlns, "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd", "cmi5.xml's namespace");
  only(xml, /<course\b[^>]*>/g, "<course>");
  const au = only(xml, /<au\b([^>]*)>([\s\S]*?)<\/au>/g, "<au>");
  const attrs = attributes(au[1]);
  const url = unescapeXml(only(au[2], /<url>([^<]*)<\/url>/g, "<url> in the <au>")[1].trim());
  assert.ok(attrs.id, "the AU has an id (the publisher's id)");
  const moveOn = attrs.moveOn ?? "NotApplicable";
  assert.ok(
    ["Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable"].includes(moveOn),
    `moveOn ${JSON.stringify(moveOn)}`,
  );
  let masteryScore;
  if (attrs.masteryScore !== undefined) {
    masteryScore = Number(attrs.masteryScore);
    assert.ok(/^\d+(\.\d+)?$/.test(attrs.masteryScore) && masteryScore >= 0 && masteryScore <= 1, `masteryScore ${attrs.masteryScore} in [0, 1]`);
  }
  return { id: attrs.id, url, moveOn, masteryScore };
}

// The package's version as its page says it: <html data-scorm="...">, or null.
function pageVersion(dir, href = "index.html") {
  const html = readFileSync(path.join(dir, href), "utf8");
  const tag = /<html\b[^>]*>/i.exec(html)?.[0] ?? "";
  return attributes(tag)["data-scorm"] ?? null;
}

// The package's modules, in order (from its course document).
function moduleTitles(dir) {
  return JSON.parse(readFileSync(path.join(dir, "course.json"), "utf8")).modules.map((m) => m.title);
}

// ---- a file server that gets the wasm MIME type wrong -----------------------------

// server.mjs's server (127.0.0.1, a free port), but `.wasm` as WRONG_WASM_TYPE; stopped after `fn`.
async function withLmsFileServer(routes, fn) {
  const server = await startServer({ routes, mimeTypes: { ".wasm": WRONG_WASM_TYPE } });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

// Records the wasm responses and the console warnings of the page (and its frames).
function watchPage(page) {
  const seen = { wasm: [], warnings: [] };
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.endsWith(".wasm")) {
      seen.wasm.push({ url: response.url(), status: response.status(), type: response.headers()["content-type"] });
    }
  });
  page.on("console", (msg) => {
    if (msg.type() === "warning") seen.warnings.push(msg.text());
  });
  return seen;
}

// The player was fetched with the wrong type and still started: wasm-bindgen's loader fell back
// from instantiateStreaming to instantiate(arrayBuffer).
function assertWrongWasmType(seen) {
  assert.ok(seen.wasm.length >= 1, "the page fetched the player's wasm");
  for (const r of seen.wasm) {
    assert.equal(r.status, 200, `${r.url} answered 200`);
    assert.equal(r.type, WRONG_WASM_TYPE, `${r.url} was served as ${WRONG_WASM_TYPE}, not application/wasm`);
  }
  assert.ok(
    seen.warnings.some((w) => w.includes("instantiateStreaming")),
    `the loader said it fell back from instantiateStreaming; warnings:\n  ${seen.warnings.join("\n  ")}`,
  );
}

// The player started (its first module's heading is there), or the page's own "could not be
// started" text, which fails the test with the reason it gives.
async function started(frame) {
  await frame.waitForFunction(() => document.querySelector("main h1") || document.querySelector("#lotse > h1"), null, {
    timeout: TIMEOUT,
  });
  const failure = await frame.evaluate(() => (document.querySelector("main h1") ? null : document.getElementById("lotse").innerText));
  if (failure) assert.fail(`the player did not start:\n${failure}`);
}

// ---- SCORM 1.2 and 2004 ------------------------------------------------------------

const SCORM_FORMATS = { "1.2": "scorm12", "2004": "scorm2004" };

for (const version of ["1.2", "2004"]) {
  const format = SCORM_FORMATS[version];
  test(`lotse package --format ${format}: imported and played in a SCORM ${version} LMS (wasm served as ${WRONG_WASM_TYPE})`, OPTIONS, async () => {
    await withPackage(format, async ({ dir, entries }) => {
      const v = SCORM[version];
      const rules = MANIFEST[version];
      const names = entries.map((e) => e.name);
      assert.ok(names.includes("imsmanifest.xml"), `imsmanifest.xml at the zip's root; the entries: ${names.join(", ")}`);

      const manifest = readScormManifest(readFileSync(path.join(dir, "imsmanifest.xml"), "utf8"), version);
      const present = filesIn(dir).sort();
      const listed = [...manifest.files].sort();
      assert.deepEqual(
        present.filter((f) => f !== "imsmanifest.xml"),
        listed,
        "the resource lists every file of the package (but the manifest), and every file it lists is there",
      );
      assert.ok(listed.includes(manifest.href), "the launch file is one of the resource's files");
      assert.equal(pageVersion(dir, manifest.href), version, `the launch page says data-scorm="${version}"`);

      await withLmsFileServer(harnessRoutes(dir), (server) =>
        withBrowser(
          server,
          async (ctx) => {
            const seen = watchPage(ctx.page);
            // The other version's API on the LMS's page too (some LMSs offer both): the player
            // must take the one its package says.
            const other = version === "1.2" ? SCORM["2004"] : SCORM["1.2"];
            const methods = [other.initialize, other.get, other.set, other.commit, other.terminate].concat(
              version === "1.2" ? ["GetLastError", "GetErrorString", "GetDiagnostic"] : ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
            );
            await ctx.context.addInitScript(
              ({ name, methods }) => {
                if (!location.pathname.startsWith("/harness/")) return;
                const calls = (window.otherApiCalls = []);
                const api = {};
                for (const m of methods) {
                  api[m] = (...args) => {
                    calls.push(m + "(" + args.map((a) => JSON.stringify(a)).join(", ") + ")");
                    return /GetLastError$/.test(m) ? "101" : "false";
                  };
                }
                window[name] = api;
              },
              { name: other.api, methods },
            );

            const frame = await ctx.step("the package starts in the LMS's frame", () =>
              // The LMS hands the manifest's passing score to the content.
              openLms(ctx, v.page, { course: `/course/${manifest.href}`, preload: rules.preload(manifest.mastery) }),
            );
            await ctx.step(`the player takes ${v.api}, not ${other.api}`, async () => {
              await started(frame);
              await ctx.page.waitForFunction(() => window.LotseRecorder.calls.length > 0 || window.otherApiCalls.length > 0);
              const wrong = await ctx.page.evaluate(() => window.otherApiCalls);
              assert.deepEqual(wrong, [], `the ${other.api} on the same page is not used`);
            });
            const titles = moduleTitles(dir);
            await ctx.step("through both modules; the question answered right", async () => {
              const { first, second } = await toSecondModule(frame);
              assert.deepEqual([first, second], titles.slice(0, 2), "the modules' headings");
              await answer(frame, true);
              await waitForSet(ctx, version, "cmi.interactions.0.result", { committed: true });
            });
            await ctx.step('"Finish course"', () => finish(ctx, frame, version));
            await ctx.step("the results", () => frame.waitForFunction(() => /(^|\D)100(\D|$)/.test(document.body.innerText)));
            // Late timers must not call the API after the end.
            await pause(500);
            await ctx.page.evaluate(() => window.LotseHarness.unloadCourse());

            const lms = await readLms(ctx.page);
            const { calls } = lms;
            const log = assertCleanSession(lms, version);
            const cmi = lms.cmi.cmi;
            if (version === "1.2") {
              assert.equal(lastSet(calls, version, "cmi.core.lesson_status"), "passed", log);
              assert.equal(cmi.core.lesson_status, "passed", "scorm-again keeps the status");
              assert.equal(cmi.core.score.raw, "100", "scorm-again keeps the score");
            } else {
              assert.equal(lastSet(calls, version, "cmi.completion_status"), "completed", log);
              assert.equal(lastSet(calls, version, "cmi.success_status"), "passed", log);
              assert.equal(lastSet(calls, version, "cmi.score.scaled"), "1", log);
              assert.equal(cmi.completion_status, "completed", "scorm-again keeps the completion");
              assert.equal(cmi.success_status, "passed", "scorm-again keeps the success");
            }
            assert.equal(lastSet(calls, version, v.raw), "100", "the raw score is set" + log);

            // The version the package says, and the manifest's passing score reached the player.
            assert.deepEqual(await ctx.page.evaluate(() => window.otherApiCalls), [], `the ${other.api} on the same page is not used`);
            assert.ok(
              !seen.warnings.some((w) => /only .* was found/.test(w)),
              `the player found the API of its version; warnings:\n  ${seen.warnings.join("\n  ")}`,
            );
            const passing = calls.filter((c) => c.method === v.get && c.args[0] === rules.passingElement);
            assert.ok(passing.length >= 1, `the player reads ${rules.passingElement}` + log);
            assert.equal(passing.at(-1).result, manifest.mastery, `the manifest's passing score ${manifest.mastery} reached the player` + log);
            assertWrongWasmType(seen);
          },
          { requireCourse: requireLotse },
        ),
      );
    });
  });
}

// ---- cmi5 ----------------------------------------------------------------------------

// Waits until `predicate()` holds (node-side state such as the LRS's records).
async function until(predicate, what) {
  const end = Date.now() + TIMEOUT;
  while (!predicate()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await pause(50);
  }
}

test(`lotse package --format cmi5: imported and played against an LRS (wasm served as ${WRONG_WASM_TYPE})`, OPTIONS, async () => {
  await withPackage("cmi5", async ({ dir, entries }) => {
    const names = entries.map((e) => e.name);
    assert.ok(names.includes("cmi5.xml"), `cmi5.xml at the zip's root; the entries: ${names.join(", ")}`);
    assert.ok(!names.includes("imsmanifest.xml"), "no SCORM manifest in a cmi5 package");
    const au = readCmi5Structure(readFileSync(path.join(dir, "cmi5.xml"), "utf8"));
    assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(au.url), `the AU's url ${au.url} is relative: inside the package`);
    const launchFile = au.url.split(/[?#]/)[0];
    assert.ok(existsSync(path.join(dir, launchFile)), `the AU's url ${au.url} is a file of the package`);
    assert.equal(pageVersion(dir, launchFile), null, "no data-scorm on a cmi5 page");
    assert.equal(au.masteryScore, 0.8, "course.toml's passing score 80 as cmi5.xml's masteryScore");

    // As an LMS: LaunchData from the course structure; the publisher's AU id in the grouping.
    const launchData = { moveOn: au.moveOn, ...(au.masteryScore === undefined ? {} : { masteryScore: au.masteryScore }) };
    const lrs = await startLrs({ launchData, publisherId: au.id });
    try {
      const returnURL = `${lrs.url}/return`;
      lrs.newSession({ ...launchData, returnURL });
      await withLmsFileServer({ "/course/": dir }, (server) =>
        withBrowser(
          server,
          async (ctx) => {
            const seen = watchPage(ctx.page);
            const launch = new URL(au.url, `${server.url}/course/`);
            for (const [k, value] of new URLSearchParams(lrs.launchQuery())) launch.searchParams.set(k, value);
            await ctx.page.goto(launch.href);
            const frame = ctx.page.mainFrame();
            await ctx.step("the player starts", () => started(frame));
            const titles = moduleTitles(dir);
            await ctx.step("through both modules; the question answered right", async () => {
              const { first, second } = await toSecondModule(frame);
              assert.deepEqual([first, second], titles.slice(0, 2), "the modules' headings");
              await answer(frame, true);
              await until(() => lrs.statements.some((s) => verbName(s.statement) === "passed"), "passed");
            });
            await ctx.step('"Finish course", back to the LMS', async () => {
              await button(frame, "Finish course").click();
              await ctx.page.waitForURL(returnURL, { timeout: TIMEOUT });
            });
            assertWrongWasmType(seen);
          },
          {
            requireCourse: requireLotse,
            // The browser's line for a document the AU asks for and the LRS does not have yet.
            allowErrors: [new RegExp(`^console\\.error at ${escapeRe(lrs.url)}/.*status of 404`)],
          },
        ),
      );
      const log =
        `\nstatements:\n${lrs.statements.map((s, i) => `  #${i} ${verbName(s.statement)} ${JSON.stringify(s.statement.result ?? {})}`).join("\n")}` +
        `\nviolations:\n  ${lrs.violations.join("\n  ") || "(none)"}`;
      assert.deepEqual(lrs.finished(), [], `no breach of the cmi5 rules${log}`);
      const verbs = lrs.statements.map((s) => verbName(s.statement));
      assert.deepEqual(verbs, ["initialized", "answered", "completed", "passed", "terminated"], log);
      const passed = lrs.statements[3].statement;
      assert.equal(passed.result.success, true, log);
      assert.equal(passed.result.score.scaled, 1, log);
      assert.equal(passed.context.extensions[MASTERY_SCORE], au.masteryScore, `passed carries cmi5.xml's masteryScore${log}`);
      for (const { statement } of lrs.statements) {
        assert.ok(
          statement.context.contextActivities.grouping.some((a) => a.id === au.id),
          `${verbName(statement)} is grouped under the AU's id from cmi5.xml${log}`,
        );
      }
    } finally {
      await lrs.close();
    }
  });
});

// ---- web -----------------------------------------------------------------------------

test(`lotse package --format web: the folder plays on its own (wasm served as ${WRONG_WASM_TYPE})`, OPTIONS, async () => {
  await withPackage("web", async ({ dir }) => {
    const files = filesIn(dir);
    assert.ok(files.includes("index.html"), `index.html in the folder: ${files.join(", ")}`);
    assert.ok(!files.includes("imsmanifest.xml") && !files.includes("cmi5.xml"), "no LMS manifest in a web folder");
    assert.equal(pageVersion(dir), null, "no data-scorm on the web page");
    await withLmsFileServer({ "/course/": dir }, (server) =>
      withBrowser(
        server,
        async (ctx) => {
          const seen = watchPage(ctx.page);
          await ctx.page.goto(`${server.url}/course/index.html`);
          const frame = ctx.page.mainFrame();
          const [first] = moduleTitles(dir);
          await ctx.step("the player starts", () => started(frame));
          const heading = await nextHeading(frame, "");
          assert.equal(heading, first, "the first module's heading");
          assert.ok(await frame.locator("main h1").isVisible(), "the heading is visible");
          assert.ok(await button(frame, "Next").isVisible(), 'a visible "Next"');
          const course = JSON.parse(readFileSync(path.join(dir, "course.json"), "utf8"));
          assert.equal(await ctx.page.title(), course.title, "the player names the page after the course");
          assertWrongWasmType(seen);
        },
        { requireCourse: requireLotse },
      ),
    );
  });
});
