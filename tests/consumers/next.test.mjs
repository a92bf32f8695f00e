// Next.js 16 (App Router) with its default configuration: a server component (app/page.js,
// rendered per request in Node) and a "use client" component (app/tickets.js, prerendered on
// the server, then run in the browser) import the package by name from the tarball `npm pack`
// makes. Built with both of Next's bundlers, Turbopack (16's default) and webpack
// (`next build --webpack`), each served by `next start`: the server component's output is read
// in the HTML, and the page is loaded in headless Chromium, where the client component lists
// tickets from the local ITSM server (another origin, allowed by its CORS).
//
// The project lives in a temporary folder: Next picks its root by the nearest lock file upward.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";
import { APP, ESB_PATH, TOKEN, expectedPage, install, mustRun, pack, workDir } from "./helpers.mjs";

let server;
let app;
let env;

before(async (t) => {
  // The portal's proxy at ITSM's address adds the app to the browser's requests; the server
  // component sends its own.
  server = await startServer({ port: 0, appInDoors: true });
  const work = workDir("next");
  const { tarball } = await pack(t, work);
  app = await install(t, "next-app", work, tarball);
  env = {
    NEXT_TELEMETRY_DISABLED: "1",
    // Read by the client component, inlined at build time.
    NEXT_PUBLIC_ITSM_URL: server.url,
    NEXT_PUBLIC_ITSM_TOKEN: TOKEN,
    // Read by the server component at request time.
    ITSM_URL: server.url,
    BK_APP_CODE: APP.bk_app_code,
    BK_APP_SECRET: APP.bk_app_secret,
    BK_TOKEN: TOKEN,
  };
});

after(() => server?.close());

/** A port nothing listens on now. */
function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

/** `next start` on a free port; resolves once it says it is ready. */
async function nextStart() {
  const port = await freePort();
  const childEnv = { ...process.env, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  const child = spawn(join(app, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], { cwd: app, env: childEnv });
  let output = "";
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`next start did not get ready:\n${output}`)), 60_000);
    const read = (d) => {
      output += d;
      if (/Ready in/.test(output)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => fail(new Error(`next start exited with ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop: () => child.kill() };
}

for (const [bundler, args] of [["Turbopack", []], ["webpack", ["--webpack"]]]) {
  test(`next build (${bundler}) and next start: both components work`, { timeout: 10 * 60_000 }, async (t) => {
    rmSync(join(app, ".next"), { recursive: true, force: true });
    const build = await mustRun(t, `next build ${args.join(" ")}`.trim(), join(app, "node_modules", ".bin", "next"), ["build", ...args], { cwd: app, env });
    // The build used the bundler named (Next prints which one it runs).
    assert.match(build.stdout, bundler === "Turbopack" ? /Turbopack/ : /webpack/, build.stdout);
    // The default entry inlines the module: no .wasm file in the client's assets.
    const assets = readdirSync(join(app, ".next", "static"), { recursive: true }).filter((f) => String(f).endsWith(".wasm"));
    assert.deepEqual(assets, []);
    assert.ok(existsSync(join(app, ".next", "BUILD_ID")));

    const next = await nextStart();
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    try {
      await fetch(`${server.url}/__log?tag=`, { method: "DELETE" });
      // The server component's output, in the HTML as Next sends it.
      const html = await (await fetch(`${next.url}/`)).text();
      const pre = /<pre id="server">([^<]*)<\/pre>/.exec(html);
      assert.ok(pre, `no <pre id="server"> in the HTML:\n${html.slice(0, 2000)}\n${next.output()}`);
      const fromServer = JSON.parse(pre[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#x27;/g, "'"));
      const first = await expectedPage(server.url, { page_size: 6 });
      assert.deepEqual(fromServer.sns, first.items.map((i) => i.sn), JSON.stringify(fromServer));
      assert.equal(fromServer.count, first.count);
      assert.deepEqual(fromServer.issues.map((i) => i.field), ["pagesize"]);

      // The client component in the browser.
      const page = await browser.newPage();
      const errors = [];
      const requests = [];
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      // Failed loads are reported with their URL (the console's line has none); the browser's
      // own /favicon.ico probe is not the app's.
      page.on("console", (m) => {
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
      });
      page.on("response", (r) => {
        if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") errors.push(`HTTP ${r.status()} ${r.url()}`);
      });
      page.on("request", (r) => requests.push(r.url()));
      const started = Date.now();
      await page.goto(`${next.url}/`);
      const out = page.locator("#out[data-state]");
      await out.waitFor({ timeout: 30_000 });
      t.diagnostic(`page rendered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const text = await out.textContent();
      assert.equal(await out.getAttribute("data-state"), "done", `${text}\n${errors.join("\n")}`);
      assert.deepEqual(errors, []);
      const result = JSON.parse(text);
      const second = await expectedPage(server.url, { page: 2, page_size: 5 });
      assert.equal(result.page, 2);
      assert.deepEqual(result.sns, second.items.map((i) => i.sn));
      assert.deepEqual(result.issues, ["pagesize"]);
      assert.deepEqual(result.validation, { name: "ItsmError", kind: "validation", field: "page_size", attempts: 0 });
      assert.deepEqual(requests.filter((u) => u.endsWith(".wasm")), []);

      // The browser's call: the user's token, no app credentials (the proxy added them).
      const log = await (await fetch(`${server.url}/__log?tag=`)).json();
      const fromBrowser = log.filter((e) => e.path === ESB_PATH && !e.preflight && e.headers.origin === next.url);
      assert.equal(fromBrowser.length, 1, JSON.stringify(log.map((e) => [e.path, e.headers.origin, e.body])));
      assert.equal(fromBrowser[0].body.bk_token, TOKEN);
      assert.equal(fromBrowser[0].body.bk_app_secret, undefined);
    } finally {
      await browser.close();
      next.stop();
    }
  });
}
