#!/usr/bin/env node
// The package's browser suites: every tests/browser/*.test.js run in headless browsers against
// the package `make pkg` built (pkg/, or PKG_DIR) and the local ITSM server, through W3C
// WebDriver (webdriver.mjs). Each browser test is a node:test subtest (browser > file > test),
// so failures show by name with the page's message, and the run fails when any test failed,
// when a page reported an uncaught error, or when a browser ran no test at all.
//
//   node tests/browser/run.mjs chrome firefox                 both browsers, every file
//   node tests/browser/run.mjs firefox --file walk            files whose name contains "walk"
//   node tests/browser/run.mjs chrome --grep "Retry-After"    tests whose name matches (a RegExp)
//
// The test pages come from an origin of their own (a static server for tests/browser/ and
// /pkg/), and the ITSM server listens on another port: as for an app calling ITSM across
// origins, and so the default client's same-origin path reaches a page origin without the API.
import { after, test } from "node:test";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../server/server.mjs";
import { sendSpec, serveStatic, text } from "../server/http.mjs";
import { newSession, startDriver } from "./webdriver.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));
const BROWSERS = ["chrome", "firefox"];

function parseArgs(argv) {
  const o = { browsers: [], files: [], grep: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? a.split(/=(.*)/s) : [a];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--file") o.files.push(...value().split(",").filter(Boolean));
    else if (flag === "--grep") o.grep = new RegExp(value());
    else if (BROWSERS.includes(a)) o.browsers.push(a);
    else throw new Error(`unknown argument ${a}: usage: run.mjs [chrome] [firefox] [--file NAME[,NAME]] [--grep REGEXP]`);
  }
  if (o.browsers.length === 0) throw new Error("name at least one browser: chrome, firefox");
  return o;
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
if (!existsSync(join(pkgDir, "index.js"))) {
  console.error(`no package in ${pkgDir}: run make pkg`);
  process.exit(1);
}
const files = readdirSync(here)
  .filter((f) => f.endsWith(".test.js"))
  .filter((f) => options.files.length === 0 || options.files.some((part) => f.includes(part)))
  .sort();
if (files.length === 0) {
  console.error(`no test file matches ${options.files.join(", ")}`);
  process.exit(1);
}

// ------------------------------------------------------------------------------------------
// Servers and processes

/** The test pages' origin: tests/browser/ at /, the package at /pkg/, nothing else. */
function startPageServer() {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://page");
    let spec = null;
    if (req.method === "GET" || req.method === "HEAD") {
      spec = pathname.startsWith("/pkg/") ? await serveStatic(pkgDir, pathname.slice(5)) : await serveStatic(here, pathname.slice(1));
    }
    sendSpec(req, res, spec ?? text(404, "not found: this origin serves the test pages only"));
  });
  return new Promise((resolveStart) => {
    server.listen(0, "127.0.0.1", () => {
      resolveStart({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

const itsm = await startServer({ port: 0 });
const pages = await startPageServer();
const drivers = new Set();
const sessions = new Set();

async function cleanUp() {
  await Promise.allSettled([...sessions].map((s) => s.quit()));
  sessions.clear();
  await Promise.allSettled([...drivers].map((d) => d.stop()));
  drivers.clear();
}
after(async () => {
  await cleanUp();
  await Promise.allSettled([itsm.close(), pages.close()]);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    cleanUp().finally(() => process.exit(130));
  });
}

// ------------------------------------------------------------------------------------------
// Pages and tests

let pageCount = 0;

/** Opens a new page of `file`'s tests and lists them. */
async function openPage(session, browser, file) {
  pageCount += 1;
  // `run` makes the server's log tags of this page unique: one server hears every page.
  const query = new URLSearchParams({ server: itsm.url, run: `${browser[0]}${pageCount}`, files: file });
  await session.navigate(`${pages.url}/?${query}`);
  await session.setTimeouts({ script: 60_000 });
  return session.executeAsync(
    `const done = arguments[arguments.length - 1];
     const start = Date.now();
     (function wait() {
       if (window.__harness) window.__harness.list().then(done, (e) => done({ loadErrors: [String(e)], tests: [] }));
       else if (Date.now() - start > 30000) done({ loadErrors: ["the page never loaded lib/harness.js"], tests: [] });
       else setTimeout(wait, 20);
     })();`,
    [],
    70_000,
  );
}

async function runInPage(session, index, timeout) {
  // The page fails a hung test itself after `timeout`; WebDriver's script timeout is a
  // backstop for a page that stopped answering altogether.
  await session.setTimeouts({ script: timeout + 15_000 });
  try {
    return await session.executeAsync(
      `const done = arguments[arguments.length - 1];
       window.__harness.run(arguments[0]).then(done, (e) => done({ ok: false, error: "harness: " + e }));`,
      [index],
      timeout + 30_000,
    );
  } catch (e) {
    return { ok: false, broken: true, error: `no answer from the page: ${e.message}` };
  }
}

/** The Error a failed test reports in Node: the page's message and where in the test
 * modules it was thrown (Chromium's and Firefox's stack lines both name file:line:column). */
function failure(result) {
  const frames = [...(result.stack ?? "").matchAll(/\/([\w.-]+\.test\.js):(\d+):(\d+)/g)].map((m) => `at ${m[1]}:${m[2]}:${m[3]}`);
  const e = new Error([result.error, ...new Set(frames)].join("\n"));
  e.stack = e.message;
  return e;
}

async function runFile(t, session, browser, file, counts) {
  let page = await openPage(session, browser, file);
  if (page.loadErrors.length || page.pageErrors?.length) {
    counts.failed += 1;
    await t.test("loads", () => {
      throw new Error([...page.loadErrors, ...(page.pageErrors ?? [])].join("\n"));
    });
    return;
  }
  const selected = page.tests.map((tc, index) => ({ ...tc, index })).filter((tc) => !options.grep || options.grep.test(tc.name));
  if (selected.length === 0) {
    t.skip(options.grep ? `no test matches ${options.grep}` : "no test");
    return;
  }
  let pristine = true;
  let reload = false;
  for (const tc of selected) {
    if (reload || (tc.fresh && !pristine)) {
      page = await openPage(session, browser, file);
      pristine = true;
      reload = false;
    }
    pristine = false;
    let result;
    // A known package bug (KNOWN_BUG in lib/test.js): a node:test TODO, whose failure does not
    // fail the run; its repro is the TODO's text.
    const todo = tc.todo ?? undefined;
    await t.test(tc.name, { todo }, async (tt) => {
      result = await runInPage(session, tc.index, tc.timeout);
      for (const n of result.notes ?? []) tt.diagnostic(n);
      if (todo) {
        counts.todo += 1;
        if (!result.ok) throw failure(result);
        tt.diagnostic("this known bug no longer reproduces: if it is fixed, remove the KNOWN_BUG marker");
        return;
      }
      if (!result.ok) {
        counts.failed += 1;
        throw failure(result);
      }
      counts.passed += 1;
    });
    // A fresh test leaves the page to itself; a hung test's promises may still run.
    if (tc.fresh || result.timedOut || result.broken) reload = true;
  }
  if (!reload) {
    const leftovers = await session.executeAsync(
      `const done = arguments[arguments.length - 1]; window.__harness.leftovers().then(done, (e) => done([String(e)]));`,
    );
    if (leftovers.length) {
      counts.failed += 1;
      await t.test("no uncaught error after the last test", () => {
        throw new Error(leftovers.join("\n"));
      });
    }
  }
}

const summary = [];

// Registered together (node:test runs them one after the other): the root's `after` hooks run
// once no test is pending, and would close the servers between two awaited browsers.
for (const browser of options.browsers) {
  test(browser, async (t) => {
    const started = Date.now();
    const counts = { passed: 0, failed: 0, todo: 0 };
    const driver = await startDriver(browser);
    drivers.add(driver);
    let session;
    try {
      session = await newSession(driver, browser);
      sessions.add(session);
      t.diagnostic(`${session.capabilities.browserName} ${session.capabilities.browserVersion}, package ${pkgDir}, ITSM server ${itsm.url}, pages ${pages.url}`);
      for (const file of files) {
        await t.test(file, (ft) => runFile(ft, session, browser, file, counts));
      }
    } finally {
      if (session) {
        await session.quit().catch(() => {});
        sessions.delete(session);
      }
      await driver.stop();
      drivers.delete(driver);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${browser}: ${counts.passed} passed, ${counts.failed} failed, ${counts.todo} todo (known bugs), ${seconds} s`;
    summary.push(line);
    t.diagnostic(line);
    if (counts.passed + counts.failed + counts.todo === 0) throw new Error(`${browser} ran no test`);
    if (counts.failed) throw new Error(line);
  });
}

after(() => {
  process.stderr.write(`\n${summary.join("\n")}\n`);
});
