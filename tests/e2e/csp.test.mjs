// The packaged player under its Content-Security-Policy (www/index.html; the cmi5 build's second
// policy from boot.js): each format, packaged by the `lotse` tool with its embedded players, is
// taken to the end of the sample course as the other tests take it (web on its own, SCORM 1.2 in
// the scorm-again harness, cmi5 against the test LRS, the embed build in the example host page on
// another origin). No policy violation fires, the page carries exactly the policy expected, and
// every request stays on the page's origin (for cmi5, the LRS's origin from the launch URL as
// well). Then the policy is shown to bite: an injected inline script does not run, and a fetch,
// an image and a style attribute for a third origin are refused before anything reaches it.
//
// Needs LOTSE_E2E_LOTSE: the `lotse` tool with the players embedded. `cargo xtask test` sets it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";
import { harnessRoutes, withBrowser, openLms, toSecondModule, answer, button, finish, readLms, lastSet, TIMEOUT } from "./scorm-harness.mjs";
import { startLrs, verbName } from "./cmi5-lrs.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const COURSE = path.join(REPO, "courses", "integration-basics");
const LOTSE = process.env.LOTSE_E2E_LOTSE ? path.resolve(process.env.LOTSE_E2E_LOTSE) : "";
const OPTIONS = { timeout: 90_000 };

// The policy of every build's page, and the cmi5 build's two.
const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";
const CMI5_POLICY = POLICY.replace("connect-src 'self';", "connect-src 'self' http: https:;");

// A third origin, which nothing may reach: it counts every request that arrives.
let stranger;

before(async () => {
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { "Content-Type": "text/plain", "Access-Control-Allow-Origin": "*" });
    res.end("reached");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  stranger = { url: `http://127.0.0.1:${server.address().port}`, hits, close: () => new Promise((r) => server.close(r)) };
});

after(async () => {
  await stranger?.close();
});

function requireLotse() {
  if (!LOTSE || !existsSync(LOTSE)) {
    assert.fail(`LOTSE_E2E_LOTSE=${JSON.stringify(LOTSE)} is not the \`lotse\` tool. Run \`cargo xtask test\`, which sets it.`);
  }
}

// `lotse <args>` with `{out}` replaced by a fresh folder's path; unzips a zip; runs `fn(dir)`.
async function withOutput(args, fn) {
  requireLotse();
  const tmp = mkdtempSync(path.join(os.tmpdir(), "lotse-csp-"));
  try {
    const zip = args.includes("{zip}");
    const out = path.join(tmp, zip ? "course.zip" : "site");
    try {
      execFileSync(LOTSE, args.map((a) => (a === "{zip}" || a === "{out}" ? out : a)), { stdio: "pipe" });
    } catch (error) {
      assert.fail(`lotse ${args.join(" ")} failed (${error.status}):\n${error.stderr}${error.stdout}`);
    }
    if (!zip) return await fn(out);
    const dir = path.join(tmp, "unzipped");
    execFileSync("python3", ["-m", "zipfile", "-e", out, dir], { stdio: "pipe" });
    return await fn(dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Records, for the whole browser, every request (with the frame that made it) and every
// `securitypolicyviolation` event of any frame. Call before the first navigation.
async function watch(ctx, seen) {
  ctx.context.on("request", (request) => {
    let frame = null;
    try {
      frame = request.frame();
    } catch {
      /* a request without a frame */
    }
    seen.requests.push({ request, url: request.url(), frame, navigation: request.isNavigationRequest(), blocked: false });
  });
  // What the policy stopped before it went out (Chromium reports some of it as a request).
  ctx.context.on("requestfailed", (request) => {
    const entry = seen.requests.find((r) => r.request === request);
    if (entry && /^(csp|net::ERR_BLOCKED_BY_CSP)$/.test(request.failure()?.errorText ?? "")) entry.blocked = true;
  });
  await ctx.context.exposeBinding("lotseViolation", ({ frame }, v) => seen.violations.push({ ...v, frame: frame.url() }));
  await ctx.context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.lotseViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition }),
    );
  });
}

// What `watch` records, and the console errors allowed (`more`, and those `assertBites` causes).
function record(more = []) {
  return { requests: [], violations: [], allowErrors: [...more] };
}

const describeViolations = (list) => list.map((v) => `  ${v.directive} ${v.blocked} (${v.frame})`).join("\n") || "  (none)";

// The policies the course's page carries, and whether the static one comes before every
// resource of the page (a policy applies only to what follows it).
function policiesOf(frame) {
  return frame.evaluate(() => {
    const metas = [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')];
    const first = document.querySelector("link, script, style");
    return {
      policies: metas.map((m) => m.content),
      first: metas.length > 0 && !!first && !!(metas[0].compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
      inHead: metas.every((m) => m.parentElement === document.head),
    };
  });
}

async function assertPolicies(frame, expected) {
  const found = await policiesOf(frame);
  assert.deepEqual(found.policies, expected, "the page's Content-Security-Policy");
  assert.ok(found.first, "the policy comes before the page's first stylesheet and script");
  assert.ok(found.inHead, "every policy is in <head>, where the browser takes it");
}

// Tries what the policy must refuse, in the course's frame: an inline script, eval, a fetch, an
// image and a style attribute. Returns the violations it caused.
async function assertBites(ctx, seen, frame) {
  const port = new URL(stranger.url).port;
  // The browser's own lines for what is refused (its wording differs between versions).
  const target = `'http://127\\.0\\.0\\.1:${port}/`;
  seen.allowErrors.push(
    /(Executing inline script violates|Refused to execute inline script)/,
    /(Evaluating a string as JavaScript violates|Refused to evaluate a string as JavaScript)/,
    new RegExp(`(Connecting to ${target}.* violates|Refused to connect to ${target})`),
    new RegExp(`(Loading the image ${target}.* violates|Refused to load the image ${target})`),
    new RegExp(`Fetch API cannot load http://127\\.0\\.0\\.1:${port}/`),
    /(Applying inline style violates|Refused to apply inline style)/,
  );
  const before = seen.violations.length;
  const tried = await frame.evaluate(async (target) => {
    const script = document.createElement("script");
    script.textContent = "window.lotseInjected = true";
    document.head.append(script);
    // In a task of the page's own: code that Playwright evaluates may compile strings.
    const evaluated = await new Promise((resolve) =>
      setTimeout(() => {
        try {
          resolve(new Function("return 'ran'")());
        } catch {
          resolve("refused");
        }
      }),
    );
    let fetched = "refused";
    try {
      await fetch(`${target}/leak?answers=all`);
      fetched = "sent";
    } catch {
      /* refused */
    }
    const image = await new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve("loaded");
      img.onerror = () => resolve("refused");
      img.src = `${target}/pixel.png`;
    });
    document.body.setAttribute("style", "outline: 7px solid red");
    const styled = getComputedStyle(document.body).outlineWidth === "7px" ? "applied" : "refused";
    document.body.removeAttribute("style");
    return { ran: window.lotseInjected === true, evaluated, fetched, image, styled };
  }, stranger.url);
  assert.deepEqual(
    tried,
    { ran: false, evaluated: "refused", fetched: "refused", image: "refused", styled: "refused" },
    "the policy refuses an inline script, eval, a fetch and an image of another origin, and a style attribute",
  );
  // The events arrive a moment after the refusals.
  const deadline = Date.now() + 5_000;
  const directives = () => new Set(seen.violations.slice(before).map((v) => v.directive));
  const wanted = ["script-src-elem", "script-src", "connect-src", "img-src", "style-src-attr"];
  while (!wanted.every((d) => directives().has(d)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual([...directives()].sort(), [...wanted].sort(), `the violations reported:\n${describeViolations(seen.violations.slice(before))}`);
  assert.deepEqual(stranger.hits, [], "nothing reached the other origin");
  seen.violations.splice(before);
}

// Every request of the browser (that the policy let go out) went to one of `origins`; those the
// course's own document made
// (not the navigations of its frame) to `own` only. The course's files are among them, so the
// record is not empty by mistake.
function assertRequests(seen, { frame, own, origins }) {
  const sent = seen.requests.filter((r) => !r.blocked);
  const outside = sent.filter((r) => !origins.includes(new URL(r.url).origin) && !/^(data|about|blob):/.test(r.url));
  assert.deepEqual(outside.map((r) => r.url), [], `requests only to ${origins.join(", ")}`);
  const mine = sent.filter((r) => r.frame === frame && !r.navigation);
  const elsewhere = mine.filter((r) => !own.includes(new URL(r.url).origin) && !r.url.startsWith("data:"));
  assert.deepEqual(elsewhere.map((r) => r.url), [], `the course's page asks ${own.join(" and ")} only`);
  const files = new Set(mine.map((r) => new URL(r.url).pathname.split("/").pop()));
  for (const file of ["lotse.css", "boot.js", "lotse.js", "lotse_bg.wasm", "course.json"]) {
    assert.ok(files.has(file), `the course's page asked for ${file} (of ${[...files].join(", ")})`);
  }
  assert.deepEqual(stranger.hits, [], "nothing reached the other origin");
}

// What every format's test checks at the end of the walk, under the build's one policy: no
// violation fired, the page carries the policy, its requests stayed on `own` and `origins`
// (assertRequests), and the policy bites (assertBites).
async function assertUnderPolicy(ctx, seen, frame, { own, origins }) {
  assert.deepEqual(seen.violations, [], `no violation:\n${describeViolations(seen.violations)}`);
  await assertPolicies(frame, [POLICY]);
  assertRequests(seen, { frame, own, origins });
  await assertBites(ctx, seen, frame);
}

// `lotse <args>` (as withOutput) served by a test server at `routes(dir)` while `fn(server)` runs.
async function withServed(args, routes, fn) {
  await withOutput(args, async (dir) => {
    const server = await startServer({ routes: routes(dir) });
    try {
      await fn(server);
    } finally {
      await server.close();
    }
  });
}

// A fresh browser on `server` that records into `seen` (violations, requests) while `walk(ctx)`
// runs; the console lines `seen` allows are no failure.
async function browse(server, seen, walk) {
  await withBrowser(
    server,
    async (ctx) => {
      await watch(ctx, seen);
      await walk(ctx);
    },
    { requireCourse: requireLotse, allowErrors: seen.allowErrors },
  );
}

const course = (dir) => ({ "/course/": dir });

test("the web folder: the learner finishes the course under the policy, and nothing leaves the origin", OPTIONS, async () => {
  await withServed(["package", COURSE, "--format", "web", "-o", "{out}"], course, async (server) => {
    const seen = record();
    await browse(server, seen, async (ctx) => {
      await ctx.page.goto(`${server.url}/course/index.html`);
      const frame = ctx.page.mainFrame();
      await toSecondModule(frame);
      await answer(frame, true);
      await button(frame, "Finish course").click();
      await frame.waitForFunction(() => /(^|\D)100(\D|$)/.test(document.querySelector("main").innerText));
      await assertUnderPolicy(ctx, seen, frame, { own: [server.url], origins: [server.url] });
    });
  });
});

test("SCORM 1.2 in the scorm-again harness: passed under the policy, and nothing leaves the origin", OPTIONS, async () => {
  await withServed(["package", COURSE, "--format", "scorm12", "-o", "{zip}"], harnessRoutes, async (server) => {
    const seen = record();
    await browse(server, seen, async (ctx) => {
      const frame = await openLms(ctx, "scorm12.html", { course: "/course/index.html" });
      await toSecondModule(frame);
      await answer(frame, true);
      await finish(ctx, frame, "1.2");
      const { calls } = await readLms(ctx.page);
      assert.equal(lastSet(calls, "1.2", "cmi.core.lesson_status"), "passed");
      await assertUnderPolicy(ctx, seen, frame, { own: [server.url], origins: [server.url] });
    });
  });
});

test("cmi5 against the test LRS on another origin: only the endpoint's origin is allowed besides the package's", OPTIONS, async () => {
  const lrs = await startLrs({ launchData: { masteryScore: 0.8, moveOn: "CompletedAndPassed" } });
  try {
    await withServed(["package", COURSE, "--format", "cmi5", "-o", "{zip}"], course, async (server) => {
      const returnURL = `${lrs.url}/return`;
      lrs.newSession({ masteryScore: 0.8, returnURL });
      const query = new URLSearchParams(lrs.launchQuery());
      const endpoint = new URL(query.get("endpoint")).origin;
      assert.notEqual(endpoint, server.url, "the LRS is on another origin than the course");
      // The browser's line for a document the LRS does not have yet.
      const seen = record([new RegExp(`^console\\.error at ${lrs.url}/.*status of 404`)]);
      await browse(server, seen, async (ctx) => {
        await ctx.page.goto(`${server.url}/course/index.html${lrs.launchQuery()}`);
        const frame = ctx.page.mainFrame();
        await toSecondModule(frame);
        await assertPolicies(frame, [CMI5_POLICY, `connect-src 'self' ${endpoint}`]);
        // Before the end, which leaves the page for the LMS's return URL.
        await assertBites(ctx, seen, frame);
        await answer(frame, true);
        const deadline = Date.now() + TIMEOUT;
        while (!lrs.statements.some((s) => verbName(s.statement) === "passed") && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
        await button(frame, "Finish course").click();
        await ctx.page.waitForURL(returnURL, { timeout: TIMEOUT });
        assert.deepEqual(
          lrs.statements.map((s) => verbName(s.statement)),
          ["initialized", "answered", "completed", "passed", "terminated"],
        );
        assert.deepEqual(seen.violations, [], `no violation:\n${describeViolations(seen.violations)}`);
        assertRequests(seen, { frame, own: [server.url, endpoint], origins: [server.url, endpoint] });
        assert.ok(
          seen.requests.some((r) => r.frame === frame && r.url.startsWith(`${endpoint}/`) && !r.navigation),
          "the page did talk to the LRS",
        );
      });
    });
  } finally {
    await lrs.close();
  }
});

test("cmi5: a launch URL that names no usable LRS leaves the page its own origin only", OPTIONS, async () => {
  await withServed(["package", COURSE, "--format", "cmi5", "-o", "{zip}"], course, async (server) => {
    for (const [query, expected] of [
      ["", "connect-src 'self'"],
      ["?endpoint=javascript:alert(1)&fetch=data:,x", "connect-src 'self'"],
      ["?endpoint=http://lrs.example;script-src%20*/&fetch=http://x'y.example/", "connect-src 'self'"],
      [`?endpoint=${encodeURIComponent(`${stranger.url}/lrs/`)}&fetch=${encodeURIComponent(`${stranger.url}/token`)}`, `connect-src 'self' ${stranger.url}`],
    ]) {
      const seen = record([/lotse\.js/, /Failed to fetch dynamically imported module/]);
      await browse(server, seen, async (ctx) => {
        // Only the page: what the player then does with an incomplete launch is cmi5.test.mjs's.
        await ctx.context.route(/lotse\.js$/, (route) => route.abort());
        await ctx.page.goto(`${server.url}/course/index.html${query}`);
        await ctx.page.waitForSelector("#lotse > h1");
        await assertPolicies(ctx.page.mainFrame(), [CMI5_POLICY, expected]);
      });
    }
  });
});

test("the embed build in a host page on another origin: finished under the policy, its requests on its own origin", OPTIONS, async () => {
  const host = await startServer({ routes: { "/host/": path.join(REPO, "www") } });
  try {
    await withServed(["build", COURSE, "--host-origin", host.url, "--out", "{out}"], course, async (server) => {
      const seen = record();
      await browse(server, seen, async (ctx) => {
        const courseUrl = `${server.url}/course/index.html`;
        await ctx.page.goto(`${host.url}/host/embed-example.html?course=${encodeURIComponent(courseUrl)}`);
        const frame = await (await ctx.page.locator('iframe[title="Course"]').elementHandle()).contentFrame();
        await toSecondModule(frame);
        await answer(frame, true);
        await button(frame, "Finish course").click();
        await ctx.page.waitForFunction(() =>
          window.lotseHost.received.some((m) => m.type === "terminate" && m.success === "passed"),
        );
        const page = await frame.evaluate(() => document.querySelector('meta[name="lotse-host-origin"]')?.content);
        assert.equal(page, host.url, "the page names its host");
        await assertUnderPolicy(ctx, seen, frame, { own: [server.url], origins: [server.url, host.url] });
      });
    });
  } finally {
    await host.close();
  }
});
