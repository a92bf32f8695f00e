// End-to-end test of the demo portal (www/) in headless Chromium, served the way `make demo`
// serves it: the local ITSM server with --static www, --mount /pkg=<package>, --proxy-app.
//
// Expected values come from the server's seeded data set (tests/server/data.mjs) and from the
// package itself (validateParams in Node), so the page is checked against the real thing.
// Screenshots (desktop 1280x800, phone 390x844) go to tests/artifacts/ (git-ignored).
//
//   PKG_DIR=/tmp/x-pkg node --test tests/e2e/      (default package: <repo>/pkg, from `make pkg`)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { getDataset, XSS_TICKET_ID, XSS_TITLE } from "../server/data.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));
const wwwDir = join(root, "www");
const artifacts = join(root, "tests", "artifacts");
const ESB_PATH = "/api/c/compapi/v2/itsm/get_tickets/";
const GATEWAY_PATH = "/api/bk-itsm/prod/v2/itsm/get_tickets/";

if (!existsSync(join(pkgDir, "index.js"))) {
  throw new Error(`no package in ${pkgDir}: run \`make pkg\` or set PKG_DIR`);
}
const { validateParams } = await import(pathToFileURL(join(pkgDir, "node.js")).href);

const data = getDataset(2000, 1).newestFirst; // what the server serves, newest first
const PAGE_SIZE = 20; // the page's default

/** The package's message as the page shows it under a field (without "field: "). */
function packageMessage(params) {
  const [issue] = validateParams(params);
  assert.ok(issue, `validateParams(${JSON.stringify(params)}) should complain`);
  return issue.message.slice(`${issue.field}: `.length);
}

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

describe("demo portal", () => {
  let server;
  let browser;
  let desktop; // a signed-in browser context at laptop size
  const problems = []; // console errors and uncaught page errors, from every page

  before(async () => {
    server = await startServer({
      port: 0,
      staticDir: wwwDir,
      mounts: [["/pkg", pkgDir]],
      proxyApp: true,
    });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    mkdirSync(artifacts, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page that records console errors and uncaught exceptions into `problems`. */
  async function open(context, path = "/") {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(server.url + path);
    return page;
  }

  /**
   * Waits until the results are in `state` (loading, ready, error, cancelled) and show what
   * `want` says: `page` (the pager's number), `search` (in the address), `rows`, `count`.
   * (A function, not a string: the page's CSP forbids eval, Playwright's string form uses it.)
   */
  async function settled(page, state, want = {}) {
    await page.waitForFunction(
      ([state, want]) => {
        const $ = (id) => document.getElementById(id);
        return (
          $("results").dataset.state === state &&
          (want.page === undefined || $("pager-page").value === want.page) &&
          (want.search === undefined || location.search.includes(want.search)) &&
          (want.rows === undefined || document.querySelectorAll("#tickets-body tr").length === want.rows) &&
          (want.count === undefined || $("results-count").textContent === want.count)
        );
      },
      [state, want],
    );
  }

  /** A screenshot with CSS animations stopped, so no transition is caught half-way. */
  const shot = (page, options) => page.screenshot({ animations: "disabled", ...options });

  const rows = (page) =>
    page.$$eval("#tickets-body tr", (trs) =>
      trs.map((tr) => ({
        sn: tr.querySelector(".c-sn").textContent,
        title: tr.querySelector(".c-title").textContent,
        status: tr.querySelector(".badge").dataset.status,
        creator: tr.querySelector(".c-creator").textContent,
        href: tr.querySelector(".c-link a")?.href ?? null,
      })),
    );
  const text = (page, selector) => page.$eval(selector, (el) => el.textContent.trim());
  const countText = (n) => `${n.toLocaleString("en")} ${n === 1 ? "ticket" : "tickets"}`;

  /** The API calls the server saw (untagged), newest last. */
  async function apiCalls() {
    const log = await (await fetch(`${server.url}/__log?tag=`)).json();
    return log.filter((e) => e.method === "POST" && (e.path === ESB_PATH || e.path === GATEWAY_PATH));
  }

  test("signing in sets the bk_token cookie, then page 1 lists the newest tickets as text", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await open(context);
    await page.waitForSelector("#signin:not([hidden])");
    assert.equal(await page.isHidden("#app"), true);
    await shot(page, { path: join(artifacts, "demo-signin-desktop.png") });

    await page.fill("#signin-username", "admin");
    await page.click("#signin-form button[type=submit]");
    await settled(page, "ready");
    const cookies = await context.cookies();
    assert.match(cookies.find((c) => c.name === "bk_token")?.value ?? "", /^[0-9a-f]{32}$/);
    assert.equal(await text(page, "#user-name"), "admin");

    assert.equal(await text(page, "#results-count"), countText(2000));
    assert.equal(await text(page, "#results-pages"), "Page 1 of 100");
    assert.equal(await text(page, "#pager-range"), "1–20 of 2,000");
    assert.equal(await page.isDisabled("#pager-prev"), true);
    // Titles with <, &, quotes and emoji, shown exactly as served.
    const expected = data.slice(0, PAGE_SIZE).map(({ item }) => ({
      sn: item.sn,
      title: item.title,
      status: item.current_status,
      creator: item.creator ?? "—",
      href: item.ticket_url,
    }));
    assert.deepEqual(await rows(page), expected);

    // The call went through ESB on the same origin, with the user's token and no app secret:
    // the server (the portal's proxy) adds the app credentials.
    const call = (await apiCalls()).at(-1);
    assert.equal(call.path, ESB_PATH);
    assert.equal(call.body.bk_token, cookies.find((c) => c.name === "bk_token").value);
    assert.equal(call.body.bk_app_secret, undefined);
    assert.equal(call.body.bk_app_code, undefined);
    assert.deepEqual([call.body.page, call.body.page_size], [1, PAGE_SIZE]);

    await shot(page, { path: join(artifacts, "demo-desktop.png") });
    await shot(page, { path: join(artifacts, "demo-desktop-full.png"), fullPage: true });
    desktop = context; // signed in: the tests below reuse it
    await page.close();
  });

  test("filters by creator and dates, pages forward and back, and the back button", async () => {
    const page = await open(desktop);
    await settled(page, "ready");

    const alice = data.filter((t) => t.item.creator === "alice");
    await page.fill("#f-creator", "alice");
    await page.press("#f-creator", "Enter");
    await settled(page, "ready", { search: "creator=alice" });
    assert.equal(await text(page, "#results-count"), countText(alice.length));
    assert.deepEqual(
      (await rows(page)).map((r) => r.sn),
      alice.slice(0, PAGE_SIZE).map((t) => t.item.sn),
    );
    assert.equal(await text(page, "#filters-active"), "1 active");

    await page.click("#pager-next");
    await settled(page, "ready", { page: "2" });
    assert.deepEqual(
      (await rows(page)).map((r) => r.sn),
      alice.slice(PAGE_SIZE, 2 * PAGE_SIZE).map((t) => t.item.sn),
    );
    assert.equal(await page.isDisabled("#pager-prev"), false);
    assert.match(page.url(), /page=2/);

    await page.click("#pager-prev");
    await settled(page, "ready", { page: "1" });
    assert.deepEqual(
      (await rows(page)).map((r) => r.sn),
      alice.slice(0, PAGE_SIZE).map((t) => t.item.sn),
    );

    // The address bar holds the state: Back returns to page 2.
    await page.goBack();
    await settled(page, "ready", { page: "2" });
    assert.equal((await rows(page))[0].sn, alice[PAGE_SIZE].item.sn);

    // Rows per page, then a date range (created from / until are inclusive).
    await page.selectOption("#pager-size", "50");
    await settled(page, "ready", { rows: 50 });
    assert.equal(await page.inputValue("#f-page_size"), "50");
    assert.equal(await text(page, "#results-pages"), `Page 1 of ${Math.ceil(alice.length / 50)}`);

    const from = "2026-01-01 00:00:00";
    const until = "2026-03-31 23:59:59";
    await page.fill("#f-create_at__gte", from);
    await page.fill("#f-create_at__lte", until);
    await page.click("#filters-submit");
    const inRange = alice.filter((t) => t.item.create_at >= from && t.item.create_at <= until);
    assert.ok(inRange.length > 0 && inRange.length < alice.length);
    await settled(page, "ready", { count: countText(inRange.length) });
    const call = (await apiCalls()).at(-1);
    assert.deepEqual(
      [call.body.creator, call.body.create_at__gte, call.body.create_at__lte, call.body.page_size],
      ["alice", from, until, 50],
    );

    await page.click("#filters-reset");
    await settled(page, "ready", { count: countText(2000) });
    assert.equal(await page.inputValue("#f-creator"), "");
    assert.equal(await page.inputValue("#f-page_size"), String(PAGE_SIZE));
    await page.close();
  });

  test("inline validation messages come from the package, and nothing is sent", async () => {
    const page = await open(desktop);
    await settled(page, "ready");
    const sent = (await apiCalls()).length;
    const errorOf = (param) => `[data-param="${param}"] .field__error`;

    await page.fill("#f-page_size", "0");
    const sizeMessage = packageMessage({ page_size: "0" });
    await page.waitForFunction(
      ([sel, msg]) => document.querySelector(sel).textContent === msg,
      [errorOf("page_size"), sizeMessage],
    );
    assert.match(sizeMessage, /from 1 to 10000/);
    assert.equal(await page.getAttribute("#f-page_size", "aria-invalid"), "true");

    await page.fill("#f-create_at__gte", "2025-02-30 00:00:00");
    await page.waitForFunction(
      ([sel, msg]) => document.querySelector(sel).textContent === msg,
      [errorOf("create_at__gte"), packageMessage({ create_at__gte: "2025-02-30 00:00:00" })],
    );

    await shot(page, { path: join(artifacts, "demo-validation-desktop.png") });

    // Submitting with issues sends nothing and puts the cursor on the first bad field.
    await page.click("#filters-submit");
    assert.equal(await page.evaluate(() => document.activeElement.id), "f-create_at__gte");
    assert.equal((await apiCalls()).length, sent);

    // A range that cannot match: the package explains __gte / __lte.
    await page.fill("#f-create_at__gte", "2026-01-01 00:00:00");
    await page.fill("#f-create_at__lte", "2025-01-01 00:00:00");
    const rangeMessage = packageMessage({
      create_at__gte: "2026-01-01 00:00:00",
      create_at__lte: "2025-01-01 00:00:00",
    });
    assert.match(rangeMessage, /created at or after/);
    await page.waitForFunction(
      ([sel, msg]) => document.querySelector(sel).textContent === msg,
      [errorOf("create_at__gte"), rangeMessage],
    );

    // Fixed fields lose their messages.
    await page.fill("#f-create_at__lte", "");
    await page.fill("#f-page_size", "10");
    await page.waitForFunction(
      (sels) => sels.every((s) => document.querySelector(s).textContent === ""),
      [errorOf("create_at__gte"), errorOf("page_size")],
    );

    // The pager's page number is checked the same way.
    await page.fill("#pager-page", "1.5");
    assert.equal(await text(page, "#pager-error"), packageMessage({ page: "1.5" }));
    await page.press("#pager-page", "Enter");
    assert.equal((await apiCalls()).length, sent);
    await page.close();
  });

  test("the username filter: ESB strips it (as the hint says), the gateway applies it", async () => {
    const page = await open(desktop);
    await settled(page, "ready");
    assert.match(await text(page, "#f-username-hint"), /No effect through ESB/);

    await page.fill("#f-username", "alice");
    await page.press("#f-username", "Enter");
    await settled(page, "ready", { search: "username=alice" });
    assert.equal(await text(page, "#results-count"), countText(2000));
    assert.equal((await apiCalls()).at(-1).path, ESB_PATH);

    const waiting = data.filter((t) => t.item.current_status === "RUNNING" && t.processors?.has("alice"));
    await page.check('input[name="door"][value="apigw"]');
    await settled(page, "ready", { search: "door=apigw" });
    assert.equal(await text(page, "#results-count"), countText(waiting.length));
    assert.ok((await rows(page)).every((r) => r.status === "RUNNING"));
    const call = (await apiCalls()).at(-1);
    assert.equal(call.path, GATEWAY_PATH);
    assert.equal(call.body.username, "alice");
    // The user's token travels in the gateway's header; the app's credentials do not (the
    // proxy adds them).
    const auth = JSON.parse(call.headers["x-bkapi-authorization"]);
    assert.deepEqual(Object.keys(auth), ["bk_token"]);
    assert.doesNotMatch(await text(page, "#f-username-hint"), /No effect/);
    await page.close();
  });

  test("a server error shows kind, code, message and request id", async () => {
    const page = await open(desktop);
    await settled(page, "ready");
    await page.fill("#pager-page", "9999");
    await page.press("#pager-page", "Enter");
    await settled(page, "error");

    const field = (name) => text(page, `#notice dd[data-field="${name}"]`);
    assert.equal(await page.getAttribute("#notice", "data-kind"), "api");
    assert.equal(await field("kind"), "api");
    assert.equal(await field("code"), "SERVER_500_ERROR");
    assert.equal(await field("message"), "Invalid page.");
    assert.match(await field("request-id"), /^[0-9a-f]{32}$/);
    assert.equal(await page.isHidden("#table-wrap"), true);
    await shot(page, { path: join(artifacts, "demo-error-desktop.png") });

    // Another page number recovers.
    await page.fill("#pager-page", "3");
    await page.press("#pager-page", "Enter");
    await settled(page, "ready", { page: "3" });
    assert.equal(await page.isHidden("#notice"), true);
    assert.equal((await rows(page))[0].sn, data[2 * PAGE_SIZE].item.sn);
    await page.close();
  });

  test("Cancel aborts the slow request in flight", async () => {
    // The debug hook routes calls through the server's test prefix: 3 s before each answer.
    const page = await open(desktop, `/?base=${encodeURIComponent("/__/tag=slow,delay=3000")}`);
    await page.waitForSelector("#cancel:not([hidden])");
    assert.equal(await page.isVisible("#loading"), true);
    assert.equal(await page.isVisible("#debug-banner"), true);
    // Placeholder rows while the first page loads: grey bars, no text.
    assert.equal(await page.$$eval("#tickets-body tr.skeleton", (trs) => trs.length) > 0, true);
    assert.equal(await text(page, "#tickets-body"), "");
    await shot(page, { path: join(artifacts, "demo-loading-desktop.png") });

    await page.click("#cancel");
    await settled(page, "cancelled");
    assert.equal(await page.getAttribute("#notice", "data-kind"), "aborted");
    assert.equal(await text(page, '#notice dd[data-field="kind"]'), "aborted");
    assert.equal(await page.isHidden("#cancel"), true);
    assert.equal(await page.isHidden("#loading"), true);

    // The request did reach the server; its late answer must change nothing.
    const log = await (await fetch(`${server.url}/__log?tag=slow`)).json();
    assert.equal(log.filter((e) => e.method === "POST").length, 1);
    await page.waitForTimeout(3500);
    assert.equal(await page.getAttribute("#results", "data-state"), "cancelled");
    assert.equal(await page.$$eval("#tickets-body tr", (trs) => trs.length), 0);
    await page.close();
  });

  test("a ticket titled <img src=x onerror=...> shows as text and runs nothing", async () => {
    const ticket = data.find((t) => t.id === XSS_TICKET_ID).item;
    assert.equal(ticket.title, XSS_TITLE);
    for (const [name, viewport] of [
      ["desktop", { width: 1280, height: 800 }],
      ["phone", { width: 390, height: 844 }],
    ]) {
      const context = await browser.newContext({ viewport, storageState: await desktop.storageState() });
      const page = await open(context, `/?sns=${ticket.sn}`);
      await settled(page, "ready", { rows: 1 });
      const title = await page.$eval("#tickets-body .ticket-title", (el) => ({ text: el.textContent, tip: el.title }));
      assert.deepEqual(title, { text: XSS_TITLE, tip: XSS_TITLE }, name);
      assert.equal(await page.$$eval("#tickets img, #results img", (imgs) => imgs.length), 0, name);
      assert.equal(await page.evaluate(() => typeof window.__xss), "undefined", name);
      await shot(page, { path: join(artifacts, `demo-xss-${name}.png`), fullPage: true });
      await context.close();
    }
  });

  test("phone width: tickets become cards, nothing scrolls sideways", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: await desktop.storageState(),
    });
    const page = await open(context);
    await settled(page, "ready");
    assert.equal(await page.isHidden("#tickets thead"), true);
    assert.equal(await page.$eval("#tickets-body tr", (tr) => getComputedStyle(tr).display), "flex");
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    assert.equal(await page.$eval("#filters-panel", (d) => d.open), false); // folded on phones
    assert.equal(await text(page, "#user-name"), "admin");
    await shot(page, { path: join(artifacts, "demo-phone.png") });
    await page.click("#filters-panel summary");
    await shot(page, { path: join(artifacts, "demo-phone-filters.png") });
    await shot(page, { path: join(artifacts, "demo-phone-full.png"), fullPage: true });

    // The error panel at phone width.
    await page.click("#filters-panel summary");
    await page.fill("#pager-page", "9999");
    await page.press("#pager-page", "Enter");
    await settled(page, "error");
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    await page.$eval("#results", (el) => el.scrollIntoView());
    await shot(page, { path: join(artifacts, "demo-error-phone.png") });
    await context.close();
  });

  test("an unknown login token (the server restarted) leads back to sign-in", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const { hostname } = new URL(server.url);
    await context.addCookies([{ name: "bk_token", value: "0".repeat(32), domain: hostname, path: "/" }]);
    const page = await open(context);
    await settled(page, "error");
    assert.equal(await text(page, '#notice dd[data-field="code"]'), "1306000");
    assert.equal(await text(page, "#notice .notice__title"), "Your sign-in has expired");
    await page.click("#notice a:text('Sign in again')");
    await page.waitForSelector("#signin:not([hidden])");
    assert.equal((await context.cookies()).some((c) => c.name === "bk_token"), false);
    await context.close();
  });

  test("signing out clears the cookie and shows the sign-in screen", async () => {
    const page = await open(desktop);
    await settled(page, "ready");
    await page.click(".user__signout");
    await page.waitForSelector("#signin:not([hidden])");
    assert.equal((await desktop.cookies()).some((c) => c.name === "bk_token"), false);
    await page.close();
  });

  test("no console errors and no uncaught exceptions on any page", () => {
    assert.deepEqual(problems, []);
  });
});

test("the demo command serves the page and the package, and Ctrl-C stops it with code 0", async () => {
  // The command `make demo` runs (on a free port instead of 8000).
  const child = spawn(
    process.execPath,
    ["tests/server/server.mjs", "--port", "0", "--static", "www", "--mount", `/pkg=${pkgDir}`, "--proxy-app"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
  try {
    const url = await new Promise((done, fail) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        const m = /^listening (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (m) done(m[1]);
      });
      child.on("exit", () => fail(new Error(`server exited early: ${out}`)));
    });
    for (const [path, type] of [
      ["/", /^text\/html/],
      ["/app.js", /javascript/],
      ["/pkg/index.js", /javascript/],
      ["/pkg/bk_itsm_tickets_bg.wasm", /^application\/wasm/],
    ]) {
      const res = await fetch(url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get("content-type"), type, path);
    }
  } finally {
    child.kill("SIGINT");
  }
  assert.deepEqual(await exited, { code: 0, signal: null });
});
