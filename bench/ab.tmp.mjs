// A/B: first text painted for two sites, alternating, N runs each (not committed).
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, chromiumPath } from "../tests/e2e/browser.mjs";
import { startServer } from "../tests/e2e/server.mjs";
const [A, B, mark] = [process.env.A, process.env.B, process.env.MARK];
const N = Number(process.env.N || 15);
const server = await startServer({ routes: { "/a/": A, "/b/": B } });
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
function probe(mark) {
  const obs = new MutationObserver(() => {
    for (const el of document.querySelectorAll("p")) if (el.textContent.includes(mark)) {
      obs.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => console.debug("painted " + performance.now())));
      return;
    }
  });
  obs.observe(document, { childList: true, subtree: true });
}
const res = { a: [], b: [] };
for (let i = 0; i < N + 1; i++) for (const w of ["a", "b"]) {
  const ctx = await browser.newContext(); await ctx.addInitScript(probe, mark);
  const page = await ctx.newPage();
  const done = new Promise((r) => page.on("console", (m) => m.text().startsWith("painted") && r(Number(m.text().slice(8)))));
  await page.goto(`${server.url}/${w}/`, { waitUntil: "commit" });
  const ms = await done; if (i > 0) res[w].push(ms); await ctx.close();
}
const med = (v) => { const s = [...v].sort((x, y) => x - y); return s[s.length >> 1].toFixed(1); };
console.log("A median", med(res.a), "B median", med(res.b));
await browser.close(); await server.close();
