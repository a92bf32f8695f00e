// Shared steps of the consumer tests: pack the package as npm would publish it, install the
// tarball into a throw-away copy of a consumer project, serve a built app (or put a tool's dev
// server) together with the local ITSM server on one origin, and read what the app rendered in
// headless Chromium.
//
// Installs use the registry through npm's ordinary client with --prefer-offline, so a warm npm
// cache (~/.npm) makes them quick and a cold one fetches only the pinned versions in each
// project's package-lock.json.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { connect, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");
export const pkgDir = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : join(root, "pkg");

// The local server's normal app and fixed user token (tests/server/README.md).
export const APP = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b" };
export const TOKEN = "test-token-admin";
export const ESB_PATH = "/api/c/compapi/v2/itsm/get_tickets/";


/** A fresh temporary folder, removed when the test file's process ends (unless KEEP_CONSUMERS=1). */
export function workDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `bk-itsm-consumer-${name}-`));
  if (!process.env.KEEP_CONSUMERS) process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs a command; resolves to {code, stdout, stderr, seconds}. The environment drops
 * NODE_TEST_CONTEXT, which node --test sets for its own children only.
 */
export function run(cmd, args, { cwd, env = {}, input } = {}) {
  const started = Date.now();
  const childEnv = { ...process.env, ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    // A child that exits before reading its input (`node --version`) must not crash the test
    // process with an uncaught EPIPE.
    child.stdin.on("error", () => {});
    child.on("close", (code) => done({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
    child.stdin.end(input ?? "");
  });
}

/** Runs a command that must succeed; its output is in the failure message when it does not. */
export async function mustRun(t, label, cmd, args, options) {
  const r = await run(cmd, args, options);
  t.diagnostic(`${label}: ${r.seconds.toFixed(1)} s`);
  assert.equal(r.code, 0, `${label} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** `npm pack` of the package into `dest`: the tarball's path and npm's description of it. */
export async function pack(t, dest) {
  assert.ok(
    (() => {
      try {
        return JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).name === "bk-itsm-tickets";
      } catch {
        return false;
      }
    })(),
    `no package in ${pkgDir}: run make pkg (or set PKG_DIR)`,
  );
  const r = await mustRun(t, "npm pack", "npm", ["pack", pkgDir, "--pack-destination", dest, "--json"]);
  const [info] = JSON.parse(r.stdout);
  return { tarball: join(dest, info.filename), info };
}

/**
 * Copies the consumer project `name` (tests/consumers/<name>, without any local node_modules
 * or build output) into `work` and installs its locked tools plus the tarball. `env` is added to
 * npm's environment (node16.test.mjs: a PATH whose `node` and `npm` are Node 16's).
 */
export async function install(t, name, work, tarball, extra = [], { env } = {}) {
  const dir = join(work, name);
  const copy = (from, filter = () => true) =>
    cpSync(join(here, from), dir, {
      recursive: true,
      filter: (src) => !["node_modules", "dist"].includes(basename(src)) && filter(src),
    });
  // A project that is another one with other tools names it in its package.json's
  // "consumerFrom": that project's files come first (its app, pages, settings), then its own
  // (the package.json and the lock file that pin the other versions).
  const { consumerFrom } = JSON.parse(readFileSync(join(here, name, "package.json"), "utf8"));
  if (consumerFrom) copy(consumerFrom, (src) => !/^package(-lock)?\.json$/.test(basename(src)));
  copy(name);
  // A browser project names where the shared app (app/main.js, one scenario for every bundler)
  // goes in its package.json's "consumerApp".
  const { consumerApp } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (consumerApp) {
    mkdirSync(dirname(join(dir, consumerApp)), { recursive: true });
    copyFileSync(join(here, "app", "main.js"), join(dir, consumerApp));
  }
  await mustRun(t, `npm install (${name})`, "npm", [
    "install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, ...extra,
  ], { cwd: dir, env });
  return dir;
}

/** The page of tickets the server gives for `params`, asked directly with app credentials. */
export async function expectedPage(serverUrl, params) {
  const res = await fetch(`${serverUrl}${ESB_PATH}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...APP, bk_token: TOKEN, ...params }),
  });
  const body = await res.json();
  assert.equal(body.result, true, JSON.stringify(body));
  return body.data;
}

/** A free TCP port on 127.0.0.1 (for tools that want a port number, e.g. a dev server). */
export function freePort() {
  return new Promise((done, fail) => {
    const probe = createNetServer();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

// What a portal's front proxy sends to ITSM: the API doors, the login pages and the test
// server's own prefixes (`/__/fault=…`, `/__log`). Everything else (the app, a dev server's
// `/__parcel_*` paths, its HMR socket) goes to the dev server.
const toItsm = (path) =>
  path.startsWith("/api/") || /^\/log(in|out)\/?(\?|$)/.test(path) || path.startsWith("/__/") || /^\/__log(\?|$)/.test(path);

/**
 * One origin in front of a dev server and the ITSM server, as a portal's proxy gives in
 * development: HTTP and WebSocket upgrades (hot reload) go to `devUrl`, the API to `itsmUrl`.
 * The Host header is kept, so both see the origin the browser sees.
 */
async function frontProxy(devUrl, itsmUrl) {
  const dev = new URL(devUrl);
  const itsm = new URL(itsmUrl);
  const sockets = new Set();
  const front = createServer((req, res) => {
    const to = toItsm(req.url) ? itsm : dev;
    const up = httpRequest(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    up.on("error", (e) => {
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`front proxy: ${to.origin}${req.url}: ${e.message}`);
    });
    req.pipe(up);
  });
  front.on("upgrade", (req, socket, head) => {
    const to = toItsm(req.url) ? itsm : dev;
    const up = connect(Number(to.port), to.hostname, () => {
      let lines = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      up.write(`${lines}\r\n`);
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    sockets.add(socket).add(up);
    const drop = () => {
      socket.destroy();
      up.destroy();
    };
    up.on("error", drop);
    socket.on("error", drop);
  });
  await new Promise((done) => front.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${front.address().port}`,
    close: () =>
      new Promise((done) => {
        for (const s of sockets) s.destroy();
        front.closeAllConnections();
        front.close(() => done());
      }),
  };
}

/**
 * Opens an app in headless Chromium on one origin with the ITSM API, as a portal with a
 * same-origin proxy does (the server adds the app's credentials), logs in as admin through
 * /login, and waits for the app to fill <pre id="out" data-state>. `site` is either a built
 * app's folder (served by the ITSM server) or `{ devServer: "http://127.0.0.1:PORT" }`, a tool's
 * running dev server, put behind a proxy together with the ITSM server. Returns what the app
 * rendered, what the browser requested, the errors it reported, the ESB requests the server
 * saw, the login token, and the pages the server gives for each of `expect` (parameter sets),
 * asked directly.
 */
export async function runInBrowser(t, site, expect = []) {
  const devServer = typeof site === "string" ? null : site.devServer;
  const itsm = await startServer({ port: 0, staticDir: devServer ? undefined : site, appInDoors: true });
  const front = devServer ? await frontProxy(devServer, itsm.url) : null;
  const origin = front ? front.url : itsm.url;
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests = [];
    const errors = [];
    const wasm = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    // Failed loads are reported with their URL below (the console's line has none); the
    // browser's own /favicon.ico probe is not the app's.
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(`console: ${m.text()}`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") errors.push(`HTTP ${r.status()} ${r.url()}`);
      if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] });
    });
    const started = Date.now();
    await page.goto(`${origin}/login?username=admin&next=/`);
    const out = page.locator("#out[data-state]");
    try {
      await out.waitFor({ timeout: 30_000 });
    } catch (e) {
      // A module that fails to load never fills #out: say what the browser saw instead.
      // eslint-disable-next-line no-control-regex
      const why = e.message.replace(/\x1b\[[0-9;]*m/g, "");
      throw new Error(`the app never rendered: ${why}\n${errors.join("\n")}`);
    }
    t.diagnostic(`page rendered in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const state = await out.getAttribute("data-state");
    const text = await out.textContent();
    assert.equal(state, "done", `the app failed: ${text}\n${errors.join("\n")}`);
    const token = (await context.cookies()).find((c) => c.name === "bk_token")?.value;
    const log = await (await fetch(`${itsm.url}/__log?tag=`)).json();
    const expected = [];
    for (const params of expect) expected.push(await expectedPage(itsm.url, params));
    return {
      expected,
      server: origin,
      result: JSON.parse(text),
      requests,
      errors,
      wasm,
      token,
      esb: log.filter((e) => e.path === ESB_PATH && !e.preflight),
    };
  } finally {
    await browser.close();
    await front?.close();
    await itsm.close();
  }
}

/** Every `.wasm` file under `dir` (relative paths), at any depth. */
export function wasmFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".wasm")).map(String);
}

/**
 * What every bundled app must have done: the first two pages of the server's tickets, a
 * validation error with nothing sent, the API's refusal as an ItsmError, every request to the
 * page's own origin, and no app secret from the browser. `site` is as for runInBrowser; `dist`
 * is the build output to look into (a folder `site`, or a dev server's output folder).
 *
 * `entry` says which package entry the app imports: "default" (`bk-itsm-tickets`, the module
 * inlined in the JavaScript: no .wasm in the output, none requested) or "asset"
 * (`bk-itsm-tickets/asset`: the bundler emits the .wasm, fetched once as application/wasm).
 */
export async function checkAppRun(t, site, { entry = "default", dist = typeof site === "string" ? site : undefined } = {}) {
  assert.ok(["default", "asset"].includes(entry), `entry: ${entry}`);
  const run = await runInBrowser(t, site, [{ page_size: 7 }, { page: 2, page_size: 7 }]);
  const { result, server } = run;
  const [first, second] = run.expected;

  assert.deepEqual(run.errors, []);
  assert.equal(result.page.count, first.count);
  assert.equal(result.page.total_page, first.total_page);
  assert.equal(result.page.page, 1);
  assert.deepEqual(result.page.sns, first.items.map((i) => i.sn));
  assert.equal(result.page.sns.length, 7);
  assert.deepEqual(result.second, second.items.map((i) => i.sn));
  assert.match(result.page.request_id, /^[0-9a-f]{32}$/);

  assert.deepEqual(result.validation, {
    name: "ItsmError", kind: "validation", instanceOfError: true, field: "page_size", code: null, status: null, attempts: 0,
  });
  assert.equal(result.issues.length, 1);
  assert.equal(result.issues[0].field, "pagesize");
  assert.match(result.issues[0].message, /did you mean "page_size"/);
  assert.equal(result.api.kind, "api");
  assert.equal(result.api.code, "SERVER_500_ERROR");
  assert.equal(result.api.attempts, 1);

  const emitted = dist === undefined ? null : wasmFiles(dist);
  if (entry === "default") {
    // The module travels inside the JavaScript: nothing for the bundler to emit or the
    // server to serve with the right type, nothing fetched.
    assert.deepEqual(run.wasm, []);
    assert.deepEqual(run.requests.filter((u) => new URL(u).pathname.endsWith(".wasm")), []);
    if (emitted) assert.deepEqual(emitted, [], `.wasm files in ${dist}`);
  } else {
    // The .wasm was emitted by the bundler, fetched once, and served as WebAssembly.
    assert.equal(run.wasm.length, 1, JSON.stringify(run.wasm));
    assert.equal(run.wasm[0].status, 200);
    assert.equal(run.wasm[0].type, "application/wasm");
    if (emitted) assert.equal(emitted.length, 1, `.wasm files in ${dist}: ${emitted}`);
  }

  // Same origin only; three API calls (the invalid one sent nothing); the login cookie's token
  // in the body; never an app secret from the browser (the proxy adds the app).
  const origin = new URL(server).origin;
  assert.deepEqual(run.requests.filter((u) => new URL(u).origin !== origin), []);
  assert.equal(run.esb.length, 3, JSON.stringify(run.esb.map((e) => e.body)));
  assert.ok(run.token, "no bk_token cookie after /login");
  for (const e of run.esb) {
    assert.equal(e.method, "POST");
    assert.equal(e.body.bk_token, run.token);
    assert.equal(e.body.bk_app_secret, undefined);
    assert.equal(e.body.bk_app_code, undefined);
  }
  return run;
}

/** The version in Cargo.toml's [package] table. */
export function cargoVersion() {
  const toml = readFileSync(join(root, "Cargo.toml"), "utf8");
  const table = /^\[package\]\s*$([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(toml)?.[1] ?? "";
  return /^version\s*=\s*"([^"]+)"/m.exec(table)?.[1];
}
