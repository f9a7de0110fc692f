// End-to-end test of the postMessage protocol (docs/embedding.md): the example host page
// (www/embed-example.html) on one origin embeds the sample course served from another, as an
// intranet page embeds a course from a course server.
//
// Needs LOTSE_E2E_LOTSE (the `lotse` tool) and LOTSE_E2E_EMBED_PLAYER (dist/embed): the course is
// built here with `--host-origin` set to the host server's origin, known only once it listens.
// LOTSE_E2E_EMBED_SITE is the same course built with the embed player but without
// `--host-origin`. `cargo xtask test` sets all three.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const LOTSE = process.env.LOTSE_E2E_LOTSE || path.join(REPO, "target/debug/lotse");
const PLAYER = process.env.LOTSE_E2E_EMBED_PLAYER || path.join(REPO, "dist/embed");
const PLAIN = process.env.LOTSE_E2E_EMBED_SITE ? path.resolve(process.env.LOTSE_E2E_EMBED_SITE) : "";
const CORRECT = "The goals agreed with the person and the steps taken towards them.";
const SECOND = "Integration management: plans and referrals";
const TIMEOUT = 30_000;

// Three origins: the host page, the course, and a stranger.
let host, course, stranger, work;

before(async () => {
  if (!existsSync(LOTSE) || !existsSync(path.join(PLAYER, "lotse_bg.wasm"))) return;
  host = await startServer({ routes: { "/host/": path.join(REPO, "www"), "/harness/": HERE } });
  stranger = await startServer({ routes: { "/harness/": HERE } });
  work = mkdtempSync(path.join(os.tmpdir(), "lotse-embed-"));
  const site = path.join(work, "site");
  const built = spawnSync(
    LOTSE,
    ["build", path.join(REPO, "courses/integration-basics"), "--player", PLAYER, "--host-origin", host.url, "--out", site],
    { encoding: "utf8" },
  );
  assert.equal(built.status, 0, `lotse build --host-origin failed:\n${built.stdout}\n${built.stderr}`);
  const routes = { "/course/": site };
  if (PLAIN) routes["/plain/"] = PLAIN;
  course = await startServer({ routes });
});

after(async () => {
  await Promise.all([host?.close(), course?.close(), stranger?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

function requireBuilds() {
  if (!course) {
    assert.fail(
      `the lotse tool (${LOTSE}) or the embed player (${PLAYER}) is missing. Run \`cargo xtask test\`, ` +
        "which builds both and sets LOTSE_E2E_LOTSE and LOTSE_E2E_EMBED_PLAYER.",
    );
  }
}

function isLocal(url) {
  if (["data:", "blob:", "about:"].includes(url.protocol)) return true;
  return url.hostname === "127.0.0.1";
}

// A fresh browser with the host page open on `courseUrl`; `fn` gets { page, browser, warnings,
// course(), log() }. Fails on console errors, page errors and requests to other hosts.
async function withHost(courseUrl, fn, { init } = {}) {
  requireBuilds();
  const problems = [];
  const warnings = [];
  const browser = await launch("lotse-embed-");
  try {
    const context = browser.context;
    context.setDefaultTimeout(TIMEOUT);
    await context.route(
      (url) => !isLocal(url),
      (route) => {
        problems.push(`request to another host: ${route.request().url()}`);
        return route.abort();
      },
    );
    if (init) await context.addInitScript(init.script, init.arg);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console.error at ${msg.location().url}: ${msg.text()}`);
      if (msg.type() === "warning") warnings.push({ url: msg.location().url, text: msg.text() });
    });
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.stack || error.message}`));
    const open = () => page.goto(`${host.url}/host/embed-example.html?course=${encodeURIComponent(courseUrl)}`);
    await open();
    const ctx = {
      page,
      warnings,
      open,
      // The course's frame (found again after a reload).
      course: async () => {
        const handle = await page.locator('iframe[title="Course"]').elementHandle();
        return handle.contentFrame();
      },
      // What the host page received and sent (window.lotseHost of the example page).
      log: () => page.evaluate(() => JSON.parse(JSON.stringify(window.lotseHost))),
    };
    await fn(ctx);
    if (problems.length) assert.fail(problems.join("\n"));
  } finally {
    await browser.close();
  }
}

function headingText() {
  const h1 = document.querySelector("main h1");
  return h1 ? h1.textContent.replace(/\s+/g, " ").trim() : "";
}

async function heading(frame, old = "") {
  await frame.waitForFunction((previous) => {
    const h1 = document.querySelector("main h1");
    const text = h1 ? h1.textContent.replace(/\s+/g, " ").trim() : "";
    return text !== "" && text !== previous;
  }, old);
  return frame.evaluate(headingText);
}

// Waits until the host page has received a message that `match` accepts; returns it.
async function received(page, match, what) {
  const source = match.toString();
  try {
    await page.waitForFunction((src) => window.lotseHost.received.some(eval(src)), source, { timeout: TIMEOUT });
  } catch (error) {
    const log = await page.evaluate(() => JSON.stringify(window.lotseHost.received, null, 1));
    throw new Error(`the host page never received ${what}; it received:\n${log}`, { cause: error });
  }
  return page.evaluate((src) => window.lotseHost.received.find(eval(src)), source);
}

// From the first module: on to the second, the right answer checked, "Finish course"; returns
// the terminate the host page then receives.
async function answerAndFinish(page, frame, first) {
  await frame.getByRole("button", { name: "Next", exact: true }).click();
  assert.equal(await heading(frame, first), SECOND);
  await frame.getByLabel(CORRECT).check();
  await frame.getByRole("button", { name: "Check answer", exact: true }).click();
  await frame.waitForSelector("main .feedback.correct");
  await frame.getByRole("button", { name: "Finish course", exact: true }).click();
  return received(page, (m) => m.type === "terminate", "a terminate");
}

// An embed-intruder.html frame beside the course in the host page, from a stranger's origin and
// from the host's own.
async function addIntruders(page) {
  for (const origin of [stranger.url, host.url]) {
    await page.evaluate((src) => {
      const intruder = document.createElement("iframe");
      intruder.title = "Intruder";
      intruder.src = src;
      document.body.appendChild(intruder);
    }, `${origin}/harness/embed-intruder.html`);
  }
}

const reports = (log) => log.received.filter((m) => m.type === "progress" || m.type === "terminate");

test("a host page on another origin is greeted, receives the walk-through, acknowledges it, and resumes it", { timeout: 180_000 }, async () => {
  let state;
  await withHost(`${course.url}/course/index.html`, async ({ page, course: frameOf, log }) => {
    const hello = await received(page, (m) => m.type === "hello", "a hello");
    assert.deepEqual(hello, {
      lotse: 1,
      type: "hello",
      course: { id: "integration-basics", title: "Integration as a two-way process", version: "1.0.0", language: "en" },
    });
    const frame = await frameOf();
    const first = await heading(frame);
    const start = await received(page, (m) => m.type === "progress", "a first progress");
    assert.equal(start.seq, 1);
    assert.equal(start.completion, "incomplete");
    assert.equal(start.success, "unknown");
    assert.equal(start.score, undefined, "no score before an answer");
    assert.equal(start.location, "two-way-process");
    assert.ok(start.progress > 0 && start.progress < 1, `progress ${start.progress}`);
    assert.match(start.state, /^L1[A-Za-z0-9_-]+$/, "the state is the compact suspend data");

    const end = await answerAndFinish(page, frame, first);
    assert.equal(end.reason, "finish");
    assert.equal(end.completion, "completed");
    assert.equal(end.success, "passed");
    assert.deepEqual(end.score, { scaled: 1, raw: 100, min: 0, max: 100 });
    assert.equal(end.progress, 1);
    assert.equal(end.location, "integration-management");
    assert.ok(end.total_time >= end.session_time && end.session_time > 0);
    // The page shows what it received, and meets WCAG 2.1 A and AA itself (the course is checked
    // by a11y.test.mjs).
    await page.waitForFunction(() => document.getElementById("p-score").textContent === "100 of 100");
    await page.addScriptTag({ path: path.join(REPO, "node_modules/axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
      const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, iframes: false });
      return result.violations.map((v) => `${v.id}: ${v.help}; ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
    });
    assert.deepEqual(violations, [], "the example host page has no axe-core violation");

    // Leaving the course sends nothing more: one terminate, last.
    await page.evaluate(() => {
      document.querySelector('iframe[title="Course"]').src = "about:blank";
    });
    await page.waitForTimeout(1_500);
    const all = await log();
    const sent = reports(all);
    assert.equal(all.received[0].type, "hello", "hello comes first");
    assert.deepEqual(
      sent.map((m) => m.seq),
      sent.map((_, i) => i + 1),
      "seq counts 1, 2, 3 …",
    );
    assert.equal(sent.filter((m) => m.type === "terminate").length, 1, "one terminate");
    assert.equal(sent.at(-1).type, "terminate", "terminate is the last message");
    const records = sent.flatMap((m) => m.interactions);
    assert.equal(records.length, 1, `one graded answer, recorded once: ${JSON.stringify(records)}`);
    const [record] = records;
    assert.equal(record.id, "integration-plan-contents");
    assert.equal(record.type, "choice");
    assert.equal(record.attempt, 1);
    assert.equal(record.result, "correct");
    assert.deepEqual(record.correct, [record.response]);
    assert.ok(record.latency > 0 && Math.abs(record.time - Date.now()) < 120_000);
    // Each message was acknowledged, and the host answered with one welcome.
    assert.equal(all.sent[0].type, "welcome");
    assert.deepEqual(
      all.sent.filter((m) => m.type === "saved").map((m) => m.seq),
      sent.map((m) => m.seq),
    );
    state = end.state;
  });

  // Another browser (nothing of the course's own copy in it), the same host storage: the course
  // resumes from the state the host page kept.
  await withHost(
    `${course.url}/course/index.html`,
    async ({ page, course: frameOf }) => {
      const frame = await frameOf();
      assert.equal(await heading(frame), SECOND, "resumed on the module the learner left");
      await frame.waitForSelector("main .feedback.correct");
      assert.ok(await frame.getByLabel(CORRECT).isChecked(), "the answer is restored");
      const again = await received(page, (m) => m.type === "progress", "progress after resuming");
      assert.equal(again.success, "passed");
      assert.deepEqual(again.interactions, [], "what was answered before is not recorded again");
    },
    {
      init: {
        script: ({ origin, state }) => {
          if (location.origin === origin) localStorage.setItem("lotse-example:state:integration-basics", state);
        },
        arg: { origin: host.url, state },
      },
    },
  );
});

test("messages from another origin, another window or in a wrong form are ignored and logged", { timeout: 180_000 }, async () => {
  await withHost(`${course.url}/course/index.html`, async ({ page, warnings, course: frameOf, log }) => {
    const frame = await frameOf();
    const first = await heading(frame);
    await received(page, (m) => m.type === "progress", "a first progress");
    // Forged welcomes and acknowledgements: from a stranger's origin, and from another frame of
    // the host's own origin, both beside the course in the host page.
    await addIntruders(page);
    // Messages in a wrong form from the host page itself.
    await page.evaluate((origin) => {
      const course = document.querySelector('iframe[title="Course"]').contentWindow;
      course.postMessage("garbage", origin);
      course.postMessage({ lotse: 2, type: "welcome" }, origin);
      course.postMessage({ lotse: 1, type: "saved", seq: "one" }, origin);
      course.postMessage({ lotse: 1, type: "saved", seq: 999 }, origin);
      course.postMessage({ lotse: 1, type: "welcome", state: "again" }, origin);
    }, course.url);
    const expected = [
      `Lotse: ignored a message from ${stranger.url}: not the host page`,
      `Lotse: ignored a message from ${host.url}: not the host page`,
      "Lotse: ignored a message from the host page: ",
      "Lotse: ignored a saved for a message never sent",
      "Lotse: ignored a second welcome",
    ];
    for (const text of expected) {
      const deadline = Date.now() + 10_000;
      while (!warnings.some((w) => w.text.startsWith(text)) && Date.now() < deadline) await page.waitForTimeout(100);
      assert.ok(
        warnings.some((w) => w.text.startsWith(text) && w.url.startsWith(course.url)),
        `the course logs "${text}…"; it logged:\n${warnings.map((w) => w.text).join("\n")}`,
      );
    }
    assert.equal(warnings.filter((w) => w.text.startsWith("Lotse: ignored a message from the host page: ")).length, 3);
    // The course goes on reporting to the host page as before.
    await frame.getByRole("button", { name: "Next", exact: true }).click();
    assert.equal(await heading(frame, first), SECOND);
    const moved = await received(page, (m) => m.type === "progress" && m.location === "integration-management", "the next page");
    const all = await log();
    assert.equal(moved.seq, reports(all).length, "no message lost or skipped");
    assert.equal(await frame.locator(".not-recorded").count(), 0, "no notice: the host page saved everything");
  });
});

test("a host page that does not confirm saves gets them again, and the learner is told until it does", { timeout: 180_000 }, async () => {
  await withHost(`${course.url}/course/index.html`, async ({ page, course: frameOf, log }) => {
    const frame = await frameOf();
    const first = await heading(frame);
    await received(page, (m) => m.type === "progress", "a first progress");
    await page.getByLabel(/Confirm each save/).uncheck();
    await frame.getByRole("button", { name: "Next", exact: true }).click();
    await heading(frame, first);
    const notice = frame.locator(".not-recorded");
    await notice.waitFor({ state: "visible", timeout: TIMEOUT });
    assert.match(await notice.textContent(), /kept in this browser and sent again/);
    await received(page, (m) => m.location === "integration-management" && m.seq >= 3, "the progress sent again");
    await page.getByLabel(/Confirm each save/).check();
    await notice.waitFor({ state: "detached", timeout: TIMEOUT });
    const sent = reports(await log()).filter((m) => m.location === "integration-management");
    assert.ok(sent.length >= 2, `sent again (${sent.map((m) => m.seq).join(", ")})`);
    assert.deepEqual(
      sent.map((m) => m.state),
      sent.map(() => sent[0].state),
      "the same progress each time",
    );

    // The end, unconfirmed: the terminate is sent again while the page lives, nothing else.
    await page.getByLabel(/Confirm each save/).uncheck();
    await frame.getByRole("button", { name: "Finish course", exact: true }).click();
    const again = await received(
      page,
      (m) => m.type === "terminate" && window.lotseHost.received.filter((x) => x.type === "terminate").length >= 2,
      "the terminate sent again",
    );
    await page.getByLabel(/Confirm each save/).check();
    await page.waitForFunction(
      (seq) => window.lotseHost.sent.some((m) => m.type === "saved" && m.seq > seq),
      again.seq,
      { timeout: TIMEOUT },
    );
    const after = reports(await log());
    const end = after.findIndex((m) => m.type === "terminate");
    assert.ok(after.slice(end).every((m) => m.type === "terminate" && m.reason === "finish"), "only the terminate follows it");
  });
});

test("a course built without the host page's origin does not talk to it and runs on its own", { timeout: 180_000 }, async (t) => {
  if (!PLAIN) return t.skip("LOTSE_E2E_EMBED_SITE is not set (cargo xtask test sets it)");
  await withHost(`${course.url}/plain/index.html`, async ({ page, warnings, course: frameOf, log }) => {
    const frame = await frameOf();
    const first = await heading(frame);
    await frame.getByRole("button", { name: "Next", exact: true }).click();
    await heading(frame, first);
    await page.waitForTimeout(1_500);
    assert.deepEqual((await log()).received, [], "the host page received nothing");
    assert.ok(warnings.some((w) => w.text.startsWith("Lotse: no host page answered")), "the course says why");
    // Standalone: the learner's place is kept in the browser across a reload.
    await frame.evaluate(() => location.reload()).catch(() => {});
    const again = await frameOf();
    assert.equal(await heading(again), SECOND);
  });
});

// Posted by the host page's own window (its origin allowed, its window the parent) when the
// course's first hello arrives, before the page's welcome: the early half of the hundred. A
// welcome among them that the course took would show: Mallory on the certificate, German words,
// a passing score of 0, and the page's own welcome logged as a second one.
function earlyMessages({ hostOrigin }) {
  if (location.origin !== hostOrigin || !location.pathname.endsWith("/embed-example.html")) return;
  let sent = false;
  window.addEventListener("message", (event) => {
    if (sent || !event.data || event.data.type !== "hello") return;
    sent = true;
    const to = (m) => event.source.postMessage(m, event.origin);
    const mallory = { learner_name: "Mallory", language: "de", passing_score: 0 };
    to({ lotse: 1, type: "saved", seq: 1 });
    to({ lotse: 1, type: "saved", seq: 0 });
    to({ lotse: 2, type: "welcome", ...mallory });
    to({ lotse: "1", type: "welcome", ...mallory });
    to({ type: "welcome", ...mallory });
    to({ lotse: 1, type: { welcome: {} }, ...mallory });
    to({ lotse: 1, type: "Welcome", ...mallory });
    to({ lotse: 1, type: "welcome", ...mallory, passing_score: 101 });
    to({ lotse: 1, type: "welcome", ...mallory, passing_score: "80" });
    to({ lotse: 1, type: "welcome", ...mallory, completion_threshold: 0.5 });
    to({ lotse: 1, type: "welcome", ...mallory, learner_name: ["Mallory"] });
    to({ lotse: 1, type: "welcome", ...mallory, language: 7 });
    to({ lotse: 1, type: "welcome", ...mallory, state: 42 });
    to({ lotse: 1, type: "welcome", ...mallory, learner_id: {} });
    to(JSON.parse('{"__proto__":{"lotse":1,"type":"welcome","learner_name":"Mallory","language":"de"}}'));
    to(Object.create({ lotse: 1, type: "welcome", learner_name: "Mallory", language: "de" }));
  });
}

// The rest, from the host page's window once the course runs; returns the warning each must
// cause (a prefix where the reason names a detail).
function lateMessages({ courseOrigin, mallory }) {
  const course = document.querySelector('iframe[title="Course"]').contentWindow;
  const HOST = "Lotse: ignored a message from the host page: ";
  const NOT_JSON = `${HOST}not JSON of at most 100000 characters`;
  const expected = [];
  const post = (data, expect = HOST) => {
    course.postMessage(data, courseOrigin);
    expected.push(expect);
  };
  // Not objects, or objects of no Lotse form (a string holding JSON is a string).
  const plain = [
    "garbage", "", '{"lotse":1,"type":"saved","seq":1}', 42, 0, NaN, true, false, null, [], [1, "saved"],
    new Date(0), /lotse/g, new Map([["lotse", 1]]), new ArrayBuffer(8), new Error("lotse"),
  ];
  for (const data of plain) post(data);
  const cyclic = { lotse: 1, type: "saved" };
  cyclic.seq = cyclic;
  for (const data of [undefined, 1n, cyclic]) post(data, NOT_JSON);
  // `lotse` missing or not the number 1.
  for (const lotse of [undefined, 0, 2, "1", 1.5, true, null, [1], {}, -1]) post({ lotse, type: "saved", seq: 1 });
  // Unknown types, and types of the wrong kind.
  for (const type of ["hello", "progress", "terminate", "SAVED", " saved", "", 7, { saved: 1 }, ["saved"], null, undefined]) {
    post({ lotse: 1, type, seq: 1 });
  }
  // `seq` missing or not a whole number of 32 bits.
  for (const seq of [undefined, "1", -1, 1.5, 1e21, true, [], {}, 4294967296, null]) post({ lotse: 1, type: "saved", seq });
  // Out of order: a saved for a message the course never sent, and welcomes after the welcome.
  for (const seq of [4294967295, 1000000, 0]) post({ lotse: 1, type: "saved", seq }, "Lotse: ignored a saved for a message never sent");
  for (const welcome of [{}, mallory, { state: "L1AAAA" }, { learner_name: "x".repeat(90_000) }]) {
    post({ lotse: 1, type: "welcome", ...welcome }, "Lotse: ignored a second welcome");
  }
  // Huge: longer than any message of the protocol, and a huge type.
  post("x".repeat(200_000), NOT_JSON);
  post({ lotse: 1, type: "saved", seq: 1, padding: "x".repeat(150_000) }, NOT_JSON);
  post({ lotse: 1, type: "s".repeat(50_000), seq: 1 });
  // Deep nesting.
  let deep = [];
  for (let i = 0; i < 300; i++) deep = [deep];
  post(deep);
  let deeper = {};
  for (let i = 0; i < 1_000; i++) deeper = { a: deeper };
  post(deeper);
  post({ lotse: 1, type: "saved", seq: 1, extra: deep });
  // Prototype tricks: nothing inherited or named after Object's own members counts.
  post(JSON.parse('{"__proto__":{"lotse":1,"type":"saved","seq":1}}'));
  post(Object.create({ lotse: 1, type: "saved", seq: 1 }));
  post({ constructor: { lotse: 1, type: "saved", seq: 1 } });
  for (const type of ["__proto__", "constructor", "toString"]) post({ lotse: 1, type, seq: 1 });
  return expected;
}

test("a hundred bad messages are each ignored and logged once, and the host page still gets everything right", { timeout: 180_000 }, async () => {
  await withHost(
    `${course.url}/course/index.html`,
    async ({ page, warnings, course: frameOf, log }) => {
      const frame = await frameOf();
      const first = await heading(frame);
      await received(page, (m) => m.type === "progress", "a first progress");
      await page.waitForFunction(() => window.lotseHost.sent.some((m) => m.type === "saved" && m.seq === 1));
      const before = reports(await log()).length;
      const expected = [
        "Lotse: ignored a saved for a message never sent",
        "Lotse: ignored a saved for a message never sent",
        ...Array(14).fill("Lotse: ignored a message from the host page: "),
      ];
      expected.push(...(await page.evaluate(lateMessages, { courseOrigin: course.url, mallory: { learner_name: "Mallory", language: "de" } })));

      // From other windows: a stranger's origin and the host's own origin beside the course (two
      // messages each from embed-intruder.html, three more each here), the course's own window,
      // and a frame inside the course.
      await addIntruders(page);
      let intruders = [];
      for (let tries = 0; intruders.length < 2 && tries < 200; tries++) {
        intruders = page.frames().filter((f) => f.url().endsWith("/harness/embed-intruder.html"));
        if (intruders.length < 2) await page.waitForTimeout(50);
      }
      assert.equal(intruders.length, 2, "both intruders are there");
      for (const intruder of intruders) {
        await intruder.waitForFunction(() => document.title === "sent");
        await intruder.evaluate(() => {
          const target = parent.frames[0];
          target.postMessage({ lotse: 1, type: "saved", seq: 2 }, "*");
          target.postMessage({ lotse: 1, type: "welcome", learner_name: "Mallory" }, "*");
          target.postMessage("garbage", "*");
        });
        const origin = new URL(intruder.url()).origin;
        expected.push(...Array(5).fill(`Lotse: ignored a message from ${origin}: not the host page`));
      }
      await frame.evaluate(() => {
        for (const m of [{ lotse: 1, type: "saved", seq: 1 }, { lotse: 1, type: "welcome" }, "garbage"]) postMessage(m, "*");
        const inner = document.createElement("iframe");
        inner.title = "Inner";
        document.body.appendChild(inner);
      });
      let inner;
      for (let tries = 0; !inner && tries < 100; tries++) {
        inner = frame.childFrames().find((f) => f.url() === "about:blank");
        if (!inner) await page.waitForTimeout(50);
      }
      assert.ok(inner, "a frame inside the course");
      await inner.evaluate(() => {
        parent.postMessage({ lotse: 1, type: "saved", seq: 1 }, "*");
        parent.postMessage({ lotse: 1, type: "welcome", learner_name: "Mallory" }, "*");
      });
      expected.push(...Array(5).fill(`Lotse: ignored a message from ${course.url}: not the host page`));
      assert.equal(expected.length, 100, "a hundred bad messages");

      // One warning each, from the course's page, none more.
      const logged = () => warnings.filter((w) => w.url.startsWith(course.url) && w.text.startsWith("Lotse: "));
      const deadline = Date.now() + 20_000;
      while (logged().length < expected.length && Date.now() < deadline) await page.waitForTimeout(100);
      await page.waitForTimeout(1_000);
      const texts = logged().map((w) => w.text);
      assert.equal(texts.length, 100, `a warning for each of the hundred, and no other:\n${texts.join("\n")}`);
      const unmatched = [...texts];
      for (const prefix of expected) {
        const i = unmatched.findIndex((t) => t.startsWith(prefix));
        assert.ok(i >= 0, `a warning "${prefix}…" among:\n${unmatched.join("\n")}`);
        unmatched.splice(i, 1);
      }
      assert.ok(texts.every((t) => t.length < 200), "no warning repeats what the sender wrote at length");

      // Nothing changed: the same page, nothing sent because of them, the learner's words in English.
      assert.equal(await frame.evaluate(headingText), first);
      assert.equal(reports(await log()).length, before, "nothing was sent because of them");
      await frame.evaluate(() => document.querySelector('iframe[title="Inner"]').remove());

      // The course goes on, and the host page gets everything in order.
      const end = await answerAndFinish(page, frame, first);
      assert.equal(end.success, "passed");
      assert.deepEqual(end.score, { scaled: 1, raw: 100, min: 0, max: 100 });
      await page.waitForFunction((seq) => window.lotseHost.sent.some((m) => m.type === "saved" && m.seq === seq), end.seq);
      const all = await log();
      const sent = reports(all);
      assert.deepEqual(sent.map((m) => m.seq), sent.map((_, i) => i + 1), "seq counts 1, 2, 3 … without a gap");
      const records = sent.flatMap((m) => m.interactions);
      assert.deepEqual(records.map((r) => [r.id, r.result]), [["integration-plan-contents", "correct"]], "the one answer, recorded once");
      assert.equal(all.sent.filter((m) => m.type === "welcome").length, 1);
      assert.equal(await frame.locator(".not-recorded").count(), 0, "no notice: every save was confirmed");
      const body = await frame.evaluate(() => document.body.innerText);
      assert.ok(!body.includes("Mallory"), "no forged name on the certificate");
      assert.equal(await frame.evaluate(() => document.documentElement.lang), "en", "no forged language");
    },
    { init: { script: earlyMessages, arg: { hostOrigin: host.url } } },
  );
});
