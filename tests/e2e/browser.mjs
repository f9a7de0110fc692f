// Debian's Chromium for the end-to-end tests and the screenshots: headless, as root, with a
// fresh profile that is removed afterwards, and without the background traffic this machine's
// closed network would refuse.
//
//   const browser = await launch("lotse-a11y-");
//   const page = await browser.context.newPage();
//   ...
//   await browser.close();
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The browser: LOTSE_CHROMIUM, else Debian's Chromium.
export function chromiumPath() {
  return process.env.LOTSE_CHROMIUM || "/usr/bin/chromium";
}

// `options` go to Playwright's context, e.g. `{ locale: "de-DE" }` for a German browser.
export async function launch(prefix, options = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: CHROMIUM_ARGS,
      ...options,
    });
    return {
      context,
      async close() {
        await context.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
