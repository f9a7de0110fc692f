// The browser half of `cargo xtask bench` (issue 9): how soon a course's first module text is
// painted in headless Chromium on 127.0.0.1, with Lotse's player and with LiaScript's on the same
// course text, the bytes each loads before that, the memory Lotse's player uses, and how it scales
// to 500 modules. A benchmark, not a test: it asserts no time and CI never runs it.
//
//   npm ci && npm ci --prefix bench      # playwright-core; LiaScript's player (bench/package.json)
//   LOTSE=target/release/lotse node bench/browser.mjs
//
// Environment:
//   LOTSE            the `lotse` binary with the players inside (default target/release/lotse)
//   LOTSE_BENCH_OUT  where the JSON goes (default target/bench/browser.json); a Markdown table
//                    goes to stdout
//   LOTSE_BENCH_RUNS runs per measurement (default 7, at least 7 for the figures to count)
//   LOTSE_CHROMIUM   the browser (default /usr/bin/chromium), as for the end-to-end tests
//
// "First module text painted", the same for both players: an init script, run before any page
// script, watches the document with a MutationObserver. The mark is the first line of the first
// module's first paragraph (its leading text up to any inline markup, at most 40 characters),
// which appears nowhere else on either page (the contents list only titles). Once an element
// whose text contains the mark is in the document and visible (checkVisibility() with opacity and
// visibility, a non-empty box), the script waits for two requestAnimationFrame callbacks: the
// first runs before the frame that shows the text, the second before the frame after it, so the
// text has been painted. The time is performance.now() in that second callback: milliseconds since
// navigation start (the document's time origin). The probe reports it with a console message, so
// nothing of Playwright's runs in the page until then: waiting with waitForFunction put
// Playwright's own script (about 10 ms to compile) into the page while it loaded, and routing
// requests through Playwright held each one up.
//
// The same probe splits Lotse's time: "player started" is when the page's "Loading the course"
// notice is gone (the wasm's first act clears it; everything before is the browser's: navigation,
// the files, the script and the wasm compiled), "text in the document" when the mark's element is
// there and visible (the course read and rendered); the rest is the browser's layout, paint and
// the two frames. The floor is the same measurement of a static page with the first module's
// title and first paragraph and the player's stylesheet, no script: what no player can beat on
// the machine, and the part of the figures that depends on the machine alone.
//
// Each run is a fresh browser context (empty cache, no storage). Every request off 127.0.0.1
// fails at once (the browser resolves no other host: --host-resolver-rules) and is counted from
// the browser's network events, for both players alike.
//
// Bytes before paint: Chromium's own count over CDP, Network.loadingFinished's encodedDataLength
// (bytes received, headers included) of each response that finished at or before the paint; the
// page's time origin is put on CDP's clock through the document request's wallTime and timestamp.
// The test server sends files uncompressed, so these are the files' own sizes; `*_gzip` adds what
// the same responses weigh at gzip -9 (each served file compressed here), as a web server that
// compresses would send them.
//
// LiaScript: @liascript/editor's built player (dist/index.html) loads a Markdown document named by
// URL after the "?": index.html?http://127.0.0.1:PORT/doc/README.md. "#2" opens its second
// section, the first module, as Lotse's player opens the first module. The document is the course
// converted: the course title as `#` with the description under it, each module's headings one
// level lower (the module title as `##`), attribute braces `{#id .kind}` removed, callout markers
// `[!TIP]` written as a bold word, questions left as they are (plain lists and quotes: no LiaScript
// quiz syntax), images beside it.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS, chromiumPath } from "../tests/e2e/browser.mjs";
import { resolveFile, startServer } from "../tests/e2e/server.mjs";
import { gzipSync } from "node:zlib";
import { generateCourse } from "./generate-course.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LOTSE = path.resolve(ROOT, process.env.LOTSE || "target/release/lotse");
const OUT = path.resolve(ROOT, process.env.LOTSE_BENCH_OUT || "target/bench/browser.json");
const RUNS = Math.max(1, Number(process.env.LOTSE_BENCH_RUNS || 7));
const LIASCRIPT = path.join(ROOT, "bench/node_modules/@liascript/editor/dist");
const TIMEOUT_MS = 30_000;

// ---- courses --------------------------------------------------------------------------------

// The few course.toml fields the benchmark needs: title, description, modules.
function readCourseToml(dir) {
  const text = readFileSync(path.join(dir, "course.toml"), "utf8");
  const field = (name) => text.match(new RegExp(`^${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, "m"))?.[1] ?? "";
  const list = text.match(/^modules\s*=\s*\[([\s\S]*?)\]/m)?.[1] ?? "";
  return {
    title: field("title"),
    description: field("description"),
    modules: [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]),
  };
}

// The first line of the first paragraph after the module's title, up to any inline markup.
function markOf(markdown) {
  const lines = markdown.replace(/^---\n[\s\S]*?\n---\n/, "").split("\n");
  let seenTitle = false;
  for (const line of lines) {
    if (/^#\s/.test(line)) {
      seenTitle = true;
      continue;
    }
    if (!seenTitle || !line.trim() || /^\s*([#>\-*|!<:]|\d+\.)/.test(line)) continue;
    const plain = line.trim().split(/[*_`\[\]<&{"]/)[0].slice(0, 40).trim();
    if (plain.length >= 12) return plain;
  }
  throw new Error("no plain first paragraph to recognise the first module by");
}

function packageCourse(dir, site) {
  rmSync(site, { recursive: true, force: true });
  execFileSync(LOTSE, ["package", dir, "--format", "web", "-o", site], { stdio: ["ignore", "ignore", "inherit"] });
}

// One LiaScript document of the whole course (see the header), with the course's other files
// (images) beside it.
function writeLiaDocument(dir, course, outDir) {
  mkdirSync(outDir, { recursive: true });
  const parts = [`# ${course.title}`, "", course.description, ""];
  for (const file of course.modules) {
    const text = readFileSync(path.join(dir, file), "utf8").replace(/^---\n[\s\S]*?\n---\n/, "");
    let fence = false;
    for (const line of text.split("\n")) {
      if (/^\s*(```|~~~)/.test(line)) fence = !fence;
      if (fence) {
        parts.push(line);
        continue;
      }
      let out = line.replace(/\s*\{[#.][^}]*\}\s*$/, "");
      const heading = out.match(/^(#{1,6})\s/);
      if (heading) out = `${"#".repeat(Math.min(6, heading[1].length + 1))}${out.slice(heading[1].length)}`;
      out = out.replace(/^(\s*>\s*)\[!([A-Z]+)\]/, (_, q, word) => `${q}**${word[0]}${word.slice(1).toLowerCase()}**`);
      parts.push(out);
    }
    parts.push("");
  }
  writeFileSync(path.join(outDir, "README.md"), parts.join("\n"));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && !/\.(md|toml)$/.test(entry.name)) copyFileSync(path.join(dir, entry.name), path.join(outDir, entry.name));
  }
}

// ---- the page side --------------------------------------------------------------------------

// Runs in the page before its scripts (see the header for what it measures).
function paintProbe(mark) {
  const state = { painted: null, started: null, inserted: null, wasmMemories: [] };
  window.__lotseBench = state;
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    const memory = instance && Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
    if (memory) state.wasmMemories.push(memory);
    return result;
  };
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then(keep);
  const streaming = WebAssembly.instantiateStreaming;
  if (streaming) WebAssembly.instantiateStreaming = (...args) => streaming.apply(WebAssembly, args).then(keep);

  if (!mark) return;
  const candidates = new Set();
  const visible = (el) =>
    el.isConnected &&
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
    el.getBoundingClientRect().height > 0;
  const consider = (node) => {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (el && el.nodeType === Node.ELEMENT_NODE && el.textContent.includes(mark)) candidates.add(el);
  };
  // Lotse's player has started once its page's "Loading the course" notice is gone (the wasm's
  // first act is to clear the element holding it); LiaScript has no such notice.
  let loading = false;
  const observer = new MutationObserver((mutations) => {
    if (state.started == null) {
      const notice = document.getElementById("lotse-loading");
      if (notice) loading = true;
      else if (loading) state.started = performance.now();
    }
    for (const m of mutations) {
      if (m.type === "characterData") consider(m.target);
      else for (const node of m.addedNodes) consider(node);
    }
    for (const el of candidates) {
      if (!visible(el)) continue;
      observer.disconnect();
      state.inserted = performance.now();
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          state.painted = performance.now();
          console.debug("lotse-bench:painted");
        }),
      );
      return;
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
}

// Clicks contents entry `index` and resolves with the milliseconds until `title` is the painted
// main heading (two animation frames after it is in the document).
function switchModule([index, title]) {
  return new Promise((resolve, reject) => {
    const button = document.querySelectorAll("nav.toc li button")[index];
    if (!button) return reject(new Error(`no contents entry ${index}`));
    const shown = () => document.querySelector("main h1")?.textContent.includes(title);
    const start = performance.now();
    const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
    const observer = new MutationObserver(() => {
      if (!shown()) return;
      observer.disconnect();
      done();
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    button.click();
    if (shown()) {
      observer.disconnect();
      done();
    }
  });
}

// ---- the node side --------------------------------------------------------------------------

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (ms) => Math.round(ms * 10) / 10;

// Loads `url` in a fresh context until the mark is painted. Returns { ms, bytes, external, page,
// context, cdp } (the page left open when `keep` is set, else closed).
let ROUTES = {};
const gzipSizes = new Map();
// A served file's size at gzip -9 (0 for what is not a served file).
function gzipSize(url) {
  if (!url || !gzipSizes.has(url)) {
    let size = 0;
    try {
      const target = resolveFile(ROUTES, new URL(url).pathname);
      let file = target?.file;
      if (file && target.isRootRequest) file = path.join(file, "index.html");
      if (file) size = gzipSync(readFileSync(file), { level: 9 }).length;
    } catch {
      size = 0;
    }
    if (!url) return 0;
    gzipSizes.set(url, size);
  }
  return gzipSizes.get(url);
}

async function loadOnce(browser, origin, url, mark, keep = false) {
  const context = await browser.newContext();
  await context.addInitScript(paintProbe, mark);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const finished = [];
  const urls = new Map();
  const external = [];
  let documentRequest = null;
  cdp.on("Network.requestWillBeSent", (e) => {
    if (!documentRequest && e.type === "Document") documentRequest = e;
    urls.set(e.requestId, e.request.url);
    if (/^(https?|wss?):/.test(e.request.url) && new URL(e.request.url).origin !== origin) external.push(e.request.url);
  });
  cdp.on("Network.loadingFinished", (e) => finished.push(e));
  await cdp.send("Network.enable");
  const painted = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${url}: no paint of "${mark}" within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    page.on("console", (message) => {
      if (message.text() === "lotse-bench:painted") {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  painted.catch(() => {}); // awaited below; this keeps a failed goto from leaving it unhandled
  try {
    await page.goto(url, { waitUntil: "commit" });
    await painted;
    const { ms, started, inserted, timeOrigin } = await page.evaluate(() => ({
      ms: window.__lotseBench.painted,
      started: window.__lotseBench.started,
      inserted: window.__lotseBench.inserted,
      timeOrigin: performance.timeOrigin,
    }));
    let bytes = null;
    let gzip = null;
    if (documentRequest) {
      const paintedAt = documentRequest.timestamp + ((timeOrigin + ms) / 1000 - documentRequest.wallTime);
      const before = finished.filter((e) => e.timestamp <= paintedAt);
      bytes = before.reduce((sum, e) => sum + e.encodedDataLength, 0);
      gzip = before.reduce((sum, e) => sum + gzipSize(urls.get(e.requestId)), 0);
    }
    const result = { ms, started, inserted, bytes, gzip, external: external.length, externalUrls: external, page, context, cdp };
    if (!keep) await context.close();
    return result;
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}

async function measureLoads(browser, origin, url, mark, label) {
  const runs = [];
  const started = [];
  const inserted = [];
  const bytes = [];
  const gzip = [];
  // One load first that does not count: the browser's own start-up is no part of any course.
  await loadOnce(browser, origin, url, mark);
  const external = new Set();
  let externalCount = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await loadOnce(browser, origin, url, mark);
    runs.push(round(r.ms));
    if (r.started != null) started.push(round(r.started));
    if (r.inserted != null) inserted.push(round(r.inserted));
    if (r.bytes != null) bytes.push(r.bytes);
    if (r.gzip != null) gzip.push(r.gzip);
    externalCount = Math.max(externalCount, r.external);
    r.externalUrls.forEach((u) => external.add(u));
  }
  const result = {
    runs_ms: runs,
    median_ms: round(median(runs)),
    min_ms: Math.min(...runs),
    max_ms: Math.max(...runs),
    // The same loads' medians of when the player started and when the text was in the document.
    started_median_ms: started.length ? round(median(started)) : null,
    inserted_median_ms: inserted.length ? round(median(inserted)) : null,
    bytes: bytes.length ? median(bytes) : null,
    gzip: gzip.length ? median(gzip) : null,
    external_requests: externalCount,
    external_urls: [...external],
  };
  console.log(
    `  ${label}: median ${result.median_ms} ms (min ${result.min_ms}, max ${result.max_ms}; runs ${runs.join(", ")}),` +
      (result.started_median_ms == null ? "" : ` player started at ${result.started_median_ms} ms,`) +
      ` text in the document at ${result.inserted_median_ms} ms,` +
      ` ${result.bytes ?? "?"} bytes before paint (${result.gzip ?? "?"} at gzip -9), ${externalCount} requests off 127.0.0.1 blocked`,
  );
  return result;
}

async function main() {
  if (!existsSync(LOTSE)) {
    console.error(`bench/browser.mjs: no lotse binary at ${LOTSE}. Build it (cargo xtask build) or set LOTSE.`);
    process.exit(2);
  }
  const haveLia = existsSync(path.join(LIASCRIPT, "index.html"));
  if (!haveLia) {
    console.error(
      "bench/browser.mjs: LiaScript's player is not installed, so there is no comparison.\n" +
        "  Install it with: npm ci --prefix bench   (bench/package.json pins @liascript/editor)",
    );
  }

  const work = mkdtempSync(path.join(os.tmpdir(), "lotse-bench-browser-"));
  // No host but 127.0.0.1 resolves: a request off it fails at once, as a blocked one would.
  const args = [...CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args });
  try {
    // The courses: the generated 60-module one, each real one, and the 500-module one for scale.
    const measured = [];
    const gen60 = path.join(work, "src/generated-60");
    const gen60Course = generateCourse(gen60, { id: "generated-60", modules: 60, questionsPerModule: 1 });
    measured.push({ name: "generated-60", dir: gen60 });
    const coursesDir = path.join(ROOT, "courses");
    for (const name of readdirSync(coursesDir).sort()) {
      if (existsSync(path.join(coursesDir, name, "course.toml"))) measured.push({ name, dir: path.join(coursesDir, name) });
    }
    const gen500 = path.join(work, "src/generated-500");
    const scaleCourse = generateCourse(gen500, { id: "generated-500", modules: 500, questionsPerModule: 4 });

    const routes = {};
    for (const c of measured) {
      c.course = readCourseToml(c.dir);
      c.mark = markOf(readFileSync(path.join(c.dir, c.course.modules[0]), "utf8"));
      packageCourse(c.dir, path.join(work, "site", c.name));
      routes[`/ours/${c.name}/`] = path.join(work, "site", c.name);
      if (haveLia) {
        writeLiaDocument(c.dir, c.course, path.join(work, "lia-doc", c.name));
        routes[`/doc/${c.name}/`] = path.join(work, "lia-doc", c.name);
      }
    }
    // The floor: the browser alone, on a page of the first module's title and first paragraph as
    // plain HTML with the player's stylesheet and nothing else (no script, no other file).
    const floorDir = path.join(work, "site/floor");
    mkdirSync(floorDir, { recursive: true });
    copyFileSync(path.join(work, "site/generated-60/lotse.css"), path.join(floorDir, "lotse.css"));
    const first = gen60Course.modules[0];
    const escape = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    writeFileSync(
      path.join(floorDir, "index.html"),
      `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escape(gen60Course.title)}</title>\n` +
        `<link rel="stylesheet" href="lotse.css">\n</head>\n<body>\n<main>\n<h1>${escape(first.title)}</h1>\n<p>${escape(first.firstLine)}</p>\n</main>\n</body>\n</html>\n`,
    );
    routes["/floor/"] = floorDir;
    packageCourse(gen500, path.join(work, "site/generated-500"));
    routes["/ours/generated-500/"] = path.join(work, "site/generated-500");
    if (haveLia) routes["/liascript/"] = LIASCRIPT;
    ROUTES = routes;
    const server = await startServer({ routes });
    const origin = server.url;

    const machine = {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? "unknown",
      memory: os.totalmem(),
      chromium: browser.version(),
      node: process.version,
    };
    console.log(`Machine: ${machine.cpus} × ${machine.model}, ${(machine.memory / 2 ** 30).toFixed(1)} GiB, Chromium ${machine.chromium}, Node ${machine.node}`);
    console.log(`Runs per measurement: ${RUNS}, each in a fresh browser context`);

    // The floor (written above), measured just before the 60-module course, so that both see the
    // machine in the same state.
    console.log("floor: a static page of the first module's title and paragraph with the player's stylesheet, no script");
    const floorLoad = await measureLoads(browser, origin, `${origin}/floor/`, measured[0].mark, "static page");
    const floor = { runs_ms: floorLoad.runs_ms, median_ms: floorLoad.median_ms, inserted_median_ms: floorLoad.inserted_median_ms };

    // 1–3: first module text painted, and the bytes before it.
    const firstPaint = [];
    const bytesBeforePaint = [];
    for (const c of measured) {
      console.log(`${c.name} (${c.course.modules.length} modules), mark "${c.mark}"`);
      const ours = await measureLoads(browser, origin, `${origin}/ours/${c.name}/`, c.mark, "Lotse    ");
      let lia = null;
      if (haveLia) {
        const docUrl = `${origin}/doc/${c.name}/README.md`;
        lia = await measureLoads(browser, origin, `${origin}/liascript/index.html?${docUrl}#2`, c.mark, "LiaScript");
      }
      const ratio = lia ? Math.round((lia.median_ms / ours.median_ms) * 10) / 10 : null;
      if (ratio != null) console.log(`  LiaScript / Lotse: ${ratio}×`);
      firstPaint.push({
        course: c.name,
        modules: c.course.modules.length,
        runs_ms: ours.runs_ms,
        median_ms: ours.median_ms,
        min_ms: ours.min_ms,
        max_ms: ours.max_ms,
        started_median_ms: ours.started_median_ms,
        inserted_median_ms: ours.inserted_median_ms,
        external_requests: ours.external_requests,
        liascript: lia && {
          runs_ms: lia.runs_ms,
          median_ms: lia.median_ms,
          min_ms: lia.min_ms,
          max_ms: lia.max_ms,
          inserted_median_ms: lia.inserted_median_ms,
          external_requests: lia.external_requests,
          external_urls: lia.external_urls,
        },
        ratio,
      });
      bytesBeforePaint.push({
        course: c.name,
        ours: ours.bytes,
        liascript: lia?.bytes ?? null,
        ours_gzip: ours.gzip,
        liascript_gzip: lia?.gzip ?? null,
      });
    }

    // 4: memory after loading the 60-module course.
    const gen = measured[0];
    // Half a second after the paint, then a full garbage collection.
    const heapAfterLoad = async (url) => {
      const loaded = await loadOnce(browser, origin, url, gen.mark, true);
      await loaded.page.waitForTimeout(500);
      await loaded.cdp.send("HeapProfiler.collectGarbage").catch(() => {});
      await loaded.cdp.send("Performance.enable");
      const { metrics } = await loaded.cdp.send("Performance.getMetrics");
      const wasm = await loaded.page.evaluate(() =>
        window.__lotseBench.wasmMemories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
      );
      await loaded.context.close();
      return { js: metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? null, wasm };
    };
    const oursHeap = await heapAfterLoad(`${origin}/ours/${gen.name}/`);
    const liaHeap = haveLia ? await heapAfterLoad(`${origin}/liascript/index.html?${origin}/doc/${gen.name}/README.md#2`) : null;
    const memory = {
      js_heap_bytes: oursHeap.js,
      wasm_memory_bytes: oursHeap.wasm,
      liascript_js_heap_bytes: liaHeap?.js ?? null,
    };
    console.log(
      `Memory after loading ${gen.name}: JS heap ${memory.js_heap_bytes} bytes, wasm memory ${memory.wasm_memory_bytes} bytes` +
        ` (LiaScript's JS heap: ${memory.liascript_js_heap_bytes ?? "not measured"} bytes)`,
    );

    // 5: scale: 500 modules, 2,000 questions.
    const scaleMark = scaleCourse.modules[0].firstLine.slice(0, 40);
    console.log(`generated-500 (500 modules, ${500 * 4} questions)`);
    const scaleLoad = await measureLoads(browser, origin, `${origin}/ours/generated-500/`, scaleMark, "Lotse load");
    const big = await loadOnce(browser, origin, `${origin}/ours/generated-500/`, scaleMark, true);
    const switches = [];
    for (let i = 1; i <= Math.max(RUNS, 7); i++) {
      // Far apart in the contents, so the list scrolls too.
      const index = (i * 61) % 500;
      const ms = await big.page.evaluate(switchModule, [index, scaleCourse.modules[index].title]);
      switches.push(round(ms));
    }
    await big.context.close();
    const scale = {
      modules: 500,
      questions: 500 * 4,
      load_runs_ms: scaleLoad.runs_ms,
      load_median_ms: scaleLoad.median_ms,
      switch_runs_ms: switches,
      switch_median_ms: round(median(switches)),
      bytes_before_paint: scaleLoad.bytes,
      bytes_before_paint_gzip: scaleLoad.gzip,
    };
    console.log(`  module switch: median ${scale.switch_median_ms} ms (runs ${switches.join(", ")})`);
    await server.close();

    const report = { machine, runs: RUNS, first_paint: firstPaint, floor, bytes_before_paint: bytesBeforePaint, memory, scale };
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(report, null, 2) + "\n");

    const kb = (b) => (b == null ? "–" : `${(b / 1024).toFixed(0)} KB`);
    const ms = (v) => (v == null ? "–" : `${v} ms`);
    console.log("");
    console.log(`Browser benchmark (${machine.cpus} × ${machine.model}, Chromium ${machine.chromium}, median of ${RUNS} cold loads)`);
    console.log("");
    console.log("| course | modules | Lotse first text | Lotse: player started, text in the document | LiaScript first text | LiaScript / Lotse | Lotse bytes before (gzip -9) | LiaScript bytes before (gzip -9) |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [i, f] of firstPaint.entries()) {
      const b = bytesBeforePaint[i];
      console.log(
        `| ${f.course} | ${f.modules} | ${ms(f.median_ms)} | ${ms(f.started_median_ms)}, ${ms(f.inserted_median_ms)} | ${ms(f.liascript?.median_ms)} | ${f.ratio == null ? "–" : `${f.ratio}×`} | ${kb(b.ours)} (${kb(b.ours_gzip)}) | ${kb(b.liascript)} (${kb(b.liascript_gzip)}) |`,
      );
    }
    console.log(`| static page (the floor: no player) | 1 | ${ms(floor.median_ms)} | –, ${ms(floor.inserted_median_ms)} | – | – | – | – |`);
    console.log("");
    console.log(`| 60 modules loaded | JS heap | wasm memory |`);
    console.log(`| --- | ---: | ---: |`);
    console.log(`| Lotse | ${kb(memory.js_heap_bytes)} | ${kb(memory.wasm_memory_bytes)} |`);
    console.log(`| LiaScript | ${kb(memory.liascript_js_heap_bytes)} | – |`);
    console.log("");
    console.log(`| scale | modules | questions | load (median) | module switch (median) |`);
    console.log(`| --- | ---: | ---: | ---: | ---: |`);
    console.log(`| Lotse | ${scale.modules} | ${scale.questions} | ${ms(scale.load_median_ms)} | ${ms(scale.switch_median_ms)} |`);
    console.log("");
    if (haveLia) {
      const off = firstPaint.reduce((n, f) => n + (f.liascript?.external_requests ?? 0), 0);
      console.log(`Requests off 127.0.0.1 blocked (most in one load): LiaScript ${off ? firstPaint.map((f) => f.liascript.external_requests).join("/") : "none"}, Lotse ${firstPaint.some((f) => f.external_requests) ? "some" : "none"}`);
    } else {
      console.log("LiaScript not measured: install it with `npm ci --prefix bench`.");
    }
    console.log(`Figures in ${path.relative(ROOT, OUT) || OUT}`);
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
