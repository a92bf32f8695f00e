// The README's usage example, exactly as written there, against the release package in
// Chromium: a page on the portal's origin (the local server playing the portal's proxy), with
// the login cookie, and "bk-itsm-tickets" mapped to the package by an import map.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));

function usageExample() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const usage = readme.slice(readme.indexOf("## Usage"));
  const match = usage.match(/```js\n([\s\S]*?)```/);
  assert.ok(match, "README.md has a js block under ## Usage");
  return match[1];
}

test("the README's usage example runs and prints 20 tickets", async () => {
  const code = usageExample();
  assert.ok(code.trim().split("\n").length <= 6, "the example stays short");
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  writeFileSync(join(dir, "index.html"), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{"imports":{"bk-itsm-tickets":"/pkg/index.js"}}</script>
<script type="module">
${code}
console.log("done");
</script>`);
  const server = await startServer({ port: 0, staticDir: dir, mounts: [["/pkg", pkgDir]], appInDoors: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const lines = [];
    const errors = [];
    page.on("console", (m) => (m.type() === "error" ? errors : lines).push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}/login?username=admin&next=/`);
    await page.waitForFunction(() => true);
    for (let i = 0; i < 100 && !lines.includes("done"); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(errors, []);
    const tickets = lines.filter((l) => l !== "done");
    assert.equal(tickets.length, 20);
    for (const line of tickets) assert.match(line, /^(INC|REQ|CRQ|PBI)\d{14} [0-9A-Za-z_]+ /);
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
