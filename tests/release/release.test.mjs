// The release package built by `make pkg` (optimised by wasm-opt, which wasm-pack's test
// builds skip): its default entry in Node (ES module and CommonJS), and both entries (the
// default, with the module inlined, and `asset`, with the .wasm as a file) in Chromium.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));
const APP = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b" };
let server;

before(async () => {
  assert.ok(existsSync(join(pkgDir, "index.js")), `no package in ${pkgDir}: run make pkg`);
  server = await startServer({ port: 0, staticDir: here, mounts: [["/pkg", pkgDir]], appInDoors: true });
});
after(() => server?.close());

for (const format of ["import", "require"]) test(`default entry in Node (${format}): loads without init() and lists tickets`, async () => {
  const pkg = format === "import"
    ? await import(pathToFileURL(join(pkgDir, "index.js")).href)
    : createRequire(import.meta.url)(join(pkgDir, "index.cjs"));
  const client = pkg.createClient({ baseUrl: server.url, ...APP, bk_token: "test-token-admin" });
  const page = await client.getTickets({ page_size: 4, creator: "admin" });
  assert.equal(page.page, 1);
  assert.equal(page.items.length, 4);
  assert.ok(page.items.every((t) => t.creator === "admin"));
  assert.match(page.request_id, /^[0-9a-f]{32}$/);

  const e = await client.getTickets({ page_size: "10.5" }).catch((e) => e);
  assert.ok(pkg.isItsmError(e) && e instanceof Error);
  assert.equal(e.kind, "validation");
  assert.equal(e.field, "page_size");

  const api = await pkg.createClient({ baseUrl: server.url, ...APP }).getTickets({}).catch((e) => e);
  assert.equal(api.kind, "api");
  assert.equal(api.code, 1306000);

  // No page origin in Node: the default client says what to do.
  const noBase = await pkg.getTickets({}).catch((e) => e);
  assert.equal(noBase.kind, "validation");
  assert.equal(noBase.field, "baseUrl");
});

for (const entry of ["index.js", "asset.js"]) test(`${entry} in Chromium: same-origin default client with the login cookie`, async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    const wasm = [];
    page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
    await page.goto(`${server.url}/login?username=admin&next=${encodeURIComponent(`/page.html?entry=${entry}`)}`);
    const results = await page.waitForFunction(() => window.__results, null, { timeout: 20000 }).then((h) => h.jsonValue());

    assert.deepEqual(problems, []);
    assert.equal(results.page.page, 2);
    assert.equal(results.page.count, 2000);
    assert.equal(results.page.items, 3);
    assert.match(results.page.requestId, /^[0-9a-f]{32}$/);
    assert.equal(typeof results.page.first.sn, "string");
    assert.equal(results.gateway.items, 1);
    assert.match(results.gateway.requestId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      { ...results.validation, message: undefined },
      { isItsm: true, isError: true, name: "ItsmError", kind: "validation", field: "page_size", code: undefined, status: undefined, message: undefined },
    );
    assert.equal(results.api.kind, "api");
    assert.equal(results.api.code, "SERVER_500_ERROR");
    assert.deepEqual(results.issues.map((i) => i.field), ["pagesize", "sns"]);
    // The default entry carries its module; the asset entry fetches it once.
    assert.deepEqual(wasm, entry === "index.js" ? [] : [`${server.url}/pkg/bk_itsm_tickets_bg.wasm`]);
  } finally {
    await browser.close();
  }
});
