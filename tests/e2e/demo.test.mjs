// End-to-end test of the demo portal (www/) in headless Chromium, served the way `make demo`
// serves it: the local ITSM server with --static www, --mount /pkg=<package>, --proxy-app (the
// package's bk-itsm-tickets/proxy at /itsm, in front of the server's doors).
//
// Expected values come from the server's seeded data set (tests/server/data.mjs), from direct
// calls to the server and from the package itself (validateParams in Node), so the page is
// checked against the real thing. Issue 4's parts: the status summary (counts per status, a
// click filters), the status filter, and "Export all as CSV" (the downloaded file, and Cancel).
// Screenshots (desktop 1280x800, phone 390x844) go to tests/artifacts/ (git-ignored).
//
//   PKG_DIR=/tmp/x-pkg node --test tests/e2e/      (default package: <repo>/pkg, from `make pkg`)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { getDataset, STATUSES, XSS_TICKET_ID, XSS_TITLE } from "../server/data.mjs";
import { parseCsv } from "./parse-csv.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkgDir = resolve(process.env.PKG_DIR ?? join(root, "pkg"));
const wwwDir = join(root, "www");
const artifacts = join(root, "tests", "artifacts");
const ESB_PATH = "/api/c/compapi/v2/itsm/get_tickets/";
const GATEWAY_PATH = "/api/bk-itsm/prod/v2/itsm/get_tickets/";

if (!existsSync(join(pkgDir, "index.js"))) {
  throw new Error(`no package in ${pkgDir}: run \`make pkg\` or set PKG_DIR`);
}
const { validateParams } = await import(pathToFileURL(join(pkgDir, "index.js")).href);

const data = getDataset(2000, 1).newestFirst; // what the server serves, newest first
const PAGE_SIZE = 20; // the page's default
const EXPORT_PAGE_SIZE = 1000; // www/export.js
const EXPORT_COLUMNS = ["id", "sn", "title", "current_status", "service_type", "creator", "create_at", "end_at", "bk_biz_id", "ticket_url"];
const APP = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b" };

/** The package's message as the page shows it under a field (without "field: "). */
function packageMessage(params) {
  const [issue] = validateParams(params);
  assert.ok(issue, `validateParams(${JSON.stringify(params)}) should complain`);
  return issue.message.slice(`${issue.field}: `.length);
}


describe("demo portal", () => {
  let server;
  let browser;
  let desktop; // a signed-in browser context at laptop size
  const problems = []; // console errors and uncaught page errors, from every page
  /**
   * Drops the console errors Chromium logs for the proxy's 401 to a stale login (from `start`
   * on): the answer the two sign-in-expired tests provoke on purpose.
   */
  const expected401 = (start) => {
    const kept = problems.slice(start).filter((p) => !/status of 401 \(Unauthorized\)/.test(p));
    problems.splice(start, problems.length - start, ...kept);
  };

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
  async function open(context, path = "/", beforeLoad = async () => {}) {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await beforeLoad(page);
    await page.goto(server.url + path);
    return page;
  }

  /**
   * Waits until the results are in `state` (loading, ready, error, cancelled) and show what
   * `want` says: `page` (the pager's number), `search` (in the address), `rows`, `count`.
   * "ready" also waits for the status summary, which loads after the page, to settle.
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
          (want.count === undefined || $("results-count").textContent === want.count) &&
          (state !== "ready" || ["ready", "error"].includes($("summary").dataset.state))
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

  /** The API calls of tag `tag` the server saw, newest last. */
  async function allCalls(tag = "") {
    const log = await (await fetch(`${server.url}/__log?tag=${encodeURIComponent(tag)}`)).json();
    return log.filter((e) => e.method === "POST" && (e.path === ESB_PATH || e.path === GATEWAY_PATH));
  }
  /** The status summary's counts (and this test's direct ones): page_size 1. */
  const isCount = (call) => call.body?.page_size === 1;
  /** The table's and the export's API calls (untagged), newest last. */
  const apiCalls = async () => (await allCalls()).filter((call) => !isCount(call));

  /** `count` for `params`, asked of the server directly (not through the page). */
  async function serverCount(params) {
    const res = await fetch(server.url + ESB_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...APP, bk_token: "test-token-admin", ...params, page_size: 1 }),
    });
    const body = await res.json();
    assert.equal(body.result, true, JSON.stringify(body));
    return body.data.count;
  }

  /** The summary's bars: status (or "other") → count, in the order shown. */
  const summaryBars = (page) =>
    page.$$eval("#summary-bars .sbar", (bars) =>
      bars.map((b) => ({
        status: b.dataset.status,
        count: Number(b.dataset.count),
        pressed: b.getAttribute("aria-pressed"),
        dim: b.classList.contains("sbar--dim"),
        label: b.querySelector(".sbar__label").textContent,
        shown: b.querySelector(".sbar__count").textContent,
      })),
    );

  test("signing in sets the bk_token cookie, then page 1 lists the newest tickets as text", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const fromPage = []; // what the page itself sent to the portal's proxy
    context.on("request", (r) => r.url().includes("/itsm/") && fromPage.push(r));
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

    // The page sent its call to the portal's proxy on the same origin, with no app credentials;
    // the proxy forwarded it through ESB with the app's and the user's login token.
    assert.ok(fromPage.length > 0);
    for (const r of fromPage) assert.doesNotMatch(`${r.url()} ${r.postData() ?? ""} ${JSON.stringify(r.headers())}`, /bk_app_secret|bk_app_code|demo-secret/);
    const call = (await apiCalls()).at(-1);
    assert.equal(call.path, ESB_PATH);
    assert.equal(call.body.bk_token, cookies.find((c) => c.name === "bk_token").value);
    assert.deepEqual([call.body.bk_app_code, call.body.bk_app_secret], [APP.bk_app_code, APP.bk_app_secret]);
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

  test("the username filter: refused through ESB (which would drop it), applied by the gateway", async () => {
    const page = await open(desktop);
    await settled(page, "ready");
    assert.match(await text(page, "#f-username-hint"), /Gateway only: ESB drops this parameter/);

    const sent = (await apiCalls()).length;
    await page.fill("#f-username", "alice");
    await page.press("#f-username", "Enter");
    await settled(page, "error", { search: "username=alice" });
    assert.equal(await page.getAttribute("#notice", "data-kind"), "validation");
    assert.match(await text(page, '#notice dd[data-field="username"]'), /ESB drops it/);
    assert.equal((await apiCalls()).length, sent, "nothing was sent");

    const waiting = data.filter((t) => t.item.current_status === "RUNNING" && t.processors?.has("alice"));
    await page.check('input[name="door"][value="apigw"]');
    await settled(page, "ready", { search: "door=apigw" });
    assert.equal(await text(page, "#results-count"), countText(waiting.length));
    assert.ok((await rows(page)).every((r) => r.status === "RUNNING"));
    const call = (await apiCalls()).at(-1);
    assert.equal(call.path, GATEWAY_PATH);
    assert.equal(call.body.username, "alice");
    // Through the gateway, the proxy puts its app and the user's token in the gateway's header.
    const auth = JSON.parse(call.headers["x-bkapi-authorization"]);
    assert.deepEqual(Object.keys(auth), ["bk_app_code", "bk_app_secret", "bk_token"]);
    assert.doesNotMatch(await text(page, "#f-username-hint"), /Gateway only/);
    await page.close();
  });

  test("the tag and project filters reach the server and narrow the list", async () => {
    const page = await open(desktop);
    await settled(page, "ready");
    const want = data.filter((t) => t.tag === "ops" && t.projectKey === "0").length;
    assert.ok(want > 0 && want < 2000);
    await page.fill("#f-tag", "ops");
    await page.fill("#f-project_key", "0");
    await page.press("#f-tag", "Enter");
    await settled(page, "ready", { search: "tag=ops", count: countText(want) });
    const call = (await apiCalls()).filter((c) => c.body?.page !== undefined).at(-1);
    assert.deepEqual([call.body.tag, call.body.project_key], ["ops", "0"]);
    // The package's 32-character rule shows beside the field, and nothing is sent.
    const sent = (await apiCalls()).length;
    await page.fill("#f-tag", "x".repeat(33));
    await page.press("#f-tag", "Enter");
    await page.waitForFunction(() => document.querySelector("#f-tag-error").textContent !== "");
    assert.match(await text(page, "#f-tag-error"), /longer than 32 characters/);
    assert.equal((await apiCalls()).length, sent);
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

  test("the status summary: a bar per status, counted by the server; a click filters", async () => {
    const before = (await allCalls()).length;
    const page = await open(desktop, "/?creator=alice");
    await settled(page, "ready", { search: "creator=alice" });
    const alice = data.filter((t) => t.item.creator === "alice");
    const byStatus = (s) => alice.filter((t) => t.item.current_status === s).length;

    // Eight statuses in lifecycle order, then Other (custom).
    const bars = await summaryBars(page);
    assert.deepEqual(bars.map((b) => b.status), [...STATUSES, "other"]);
    assert.equal(bars.at(-1).label, "Other (custom)");
    const total = Number(await page.getAttribute("#summary-total", "data-total"));
    assert.equal(total, alice.length);
    assert.equal(await text(page, "#results-count"), countText(total));
    assert.equal(await text(page, "#summary-total"), `${total} tickets in all statuses`);
    // The eight and the custom ones make the total, and custom statuses are there to count.
    const known = bars.slice(0, 8).reduce((sum, b) => sum + b.count, 0);
    assert.equal(known + bars.at(-1).count, total);
    assert.ok(bars.at(-1).count > 0);
    assert.equal(bars.at(-1).count, alice.filter((t) => /^[0-9a-f]{32}$/.test(t.item.current_status)).length);
    // Each bar against the data set, and two against the server asked directly.
    for (const bar of bars.slice(0, 8)) assert.equal(bar.count, byStatus(bar.status), bar.status);
    for (const status of ["RUNNING", "SUSPENDED"]) {
      const bar = bars.find((b) => b.status === status);
      assert.equal(bar.count, await serverCount({ creator: "alice", current_status__in: [status] }), status);
      assert.equal(bar.shown, String(bar.count));
    }
    // Bars are scaled to the largest (Finished, here), which fills its track.
    await page.waitForFunction(() => [...document.querySelectorAll(".sbar__fill")].every((f) => f.getAnimations().length === 0));
    const widths = await page.$$eval("#summary-bars .sbar", (bs) =>
      bs.map((b) => b.querySelector(".sbar__fill").getBoundingClientRect().width / b.querySelector(".sbar__track").getBoundingClientRect().width),
    );
    const largest = bars.reduce((m, b, i) => (b.count > bars[m].count ? i : m), 0);
    assert.ok(Math.abs(widths[largest] - 1) < 0.01, String(widths));
    for (const [i, bar] of bars.entries()) {
      assert.ok(Math.abs(widths[i] - bar.count / bars[largest].count) < 0.03, `${bar.status}: ${widths[i]}`);
    }
    // Nine counts, page_size 1: the total and one per status.
    const counts = (await allCalls()).slice(before).filter((c) => isCount(c) && c.body.bk_token !== "test-token-admin");
    assert.equal(counts.length, 9);
    assert.deepEqual(
      counts.map((c) => c.body.current_status__in?.join() ?? "").sort(),
      ["", ...STATUSES].sort(),
    );

    // A click on a bar lists that status only: page 1, in the address, the chip ticked. The
    // counts stay as they are (the summary shows every status), so they are not asked again.
    const sentCounts = (await allCalls()).filter(isCount).length;
    await page.click('#summary-bars .sbar[data-status="RUNNING"]');
    await settled(page, "ready", { count: countText(byStatus("RUNNING")), search: "current_status__in=RUNNING" });
    assert.ok((await rows(page)).every((r) => r.status === "RUNNING"));
    assert.equal((await apiCalls()).at(-1).body.current_status__in.join(), "RUNNING");
    assert.equal(await page.isChecked('#f-status input[value="RUNNING"]'), true);
    assert.equal(await text(page, "#filters-active"), "2 active");
    let now = await summaryBars(page);
    assert.deepEqual(now.filter((b) => b.pressed === "true").map((b) => b.status), ["RUNNING"]);
    assert.ok(now.filter((b) => b.status !== "RUNNING").every((b) => b.dim));
    assert.deepEqual(now.map((b) => b.count), bars.map((b) => b.count));
    await shot(page, { path: join(artifacts, "demo-summary-desktop.png"), clip: await page.$eval("#results", (el) => {
      el.scrollIntoView();
      const r = el.getBoundingClientRect();
      return { x: 0, y: Math.max(0, r.top - 16), width: 1280, height: 800 };
    }) });

    // Ctrl-click adds a status; the form's chips say the same.
    await page.click('#summary-bars .sbar[data-status="SUSPENDED"]', { modifiers: ["Control"] });
    const both = byStatus("RUNNING") + byStatus("SUSPENDED");
    await settled(page, "ready", { count: countText(both) });
    assert.deepEqual(
      await page.$$eval("#f-status input:checked", (bs) => bs.map((b) => b.value)),
      ["RUNNING", "SUSPENDED"],
    );
    // The form's status chips filter the same way.
    await page.uncheck('#f-status input[value="RUNNING"]');
    await page.uncheck('#f-status input[value="SUSPENDED"]');
    await page.check('#f-status input[value="FINISHED"]');
    await page.click("#filters-submit");
    await settled(page, "ready", { count: countText(byStatus("FINISHED")) });
    now = await summaryBars(page);
    assert.deepEqual(now.filter((b) => b.pressed === "true").map((b) => b.status), ["FINISHED"]);
    // A second click on the only status shown, or "Show all statuses", lists them all again.
    await page.click('#summary-bars .sbar[data-status="FINISHED"]');
    await settled(page, "ready", { count: countText(total) });
    assert.equal(await page.$$eval("#f-status input:checked", (bs) => bs.length), 0);
    assert.doesNotMatch(page.url(), /current_status__in/);
    await page.click('#summary-bars .sbar[data-status="NEW"]');
    await settled(page, "ready", { count: countText(byStatus("NEW")) });
    await page.click("#summary-clear");
    await settled(page, "ready", { count: countText(total) });
    assert.equal((await allCalls()).filter(isCount).length, sentCounts);

    // Paging keeps the summary; another filter counts again.
    await page.click("#pager-next");
    await settled(page, "ready", { page: "2" });
    assert.equal((await allCalls()).filter(isCount).length, sentCounts);
    await page.fill("#f-creator", "bob");
    await page.press("#f-creator", "Enter");
    await settled(page, "ready", { search: "creator=bob" });
    const bob = data.filter((t) => t.item.creator === "bob");
    assert.equal(Number(await page.getAttribute("#summary-total", "data-total")), bob.length);
    assert.equal((await allCalls()).filter(isCount).length, sentCounts + 9);
    // An address naming a status the form cannot show is not carried into the search.
    await page.goto(`${server.url}/?creator=alice&current_status__in=${encodeURIComponent("running,bogus,NEW")}`);
    await settled(page, "ready", { count: countText(byStatus("RUNNING") + byStatus("NEW")) });
    assert.deepEqual(await page.$$eval("#f-status input:checked", (bs) => bs.map((b) => b.value)), ["NEW", "RUNNING"]);
    await page.close();
  });

  test("the summary's nine counts go out at once, and changing filters cancels them", async () => {
    // 1.5 s per answer: counted one by one, nine would take 13.5 s.
    const page = await open(desktop, `/?creator=alice&base=${encodeURIComponent("/__/tag=sum,delay=1500")}`);
    // How each of alice's counts ends in the browser: answered, or failed (and why).
    const aliceEnds = [];
    const isAliceCount = (request) => {
      const body = request.method() === "POST" ? request.postDataJSON() : null;
      return body?.page_size === 1 && body.creator === "alice";
    };
    page.on("requestfinished", (r) => isAliceCount(r) && aliceEnds.push("answered"));
    page.on("requestfailed", (r) => isAliceCount(r) && aliceEnds.push(r.failure().errorText));
    await settled(page, "loading");
    await page.waitForFunction(() => document.getElementById("summary").dataset.state === "loading");
    // The first counts reach the server; the filters change while they wait for answers.
    const aliceCounts = async () =>
      (await allCalls("sum")).filter((c) => isCount(c) && c.body.creator === "alice");
    while ((await aliceCounts()).length === 0) await page.waitForTimeout(50);
    await page.waitForTimeout(200);
    await page.fill("#f-creator", "carol");
    await page.press("#f-creator", "Enter");
    assert.equal(await page.getAttribute("#summary", "data-state"), "stale"); // dimmed: not carol's
    await settled(page, "ready", { search: "creator=carol" });
    const carol = data.filter((t) => t.item.creator === "carol");
    assert.equal(Number(await page.getAttribute("#summary-total", "data-total")), carol.length);
    // Carol's nine went out together: the browser's six connections at once, within one
    // answer's delay of each other (one by one, they would be 1.5 s apart).
    const carolCounts = (await allCalls("sum")).filter((c) => isCount(c) && c.body.creator === "carol");
    assert.equal(carolCounts.length, 9);
    const firstWave = carolCounts.filter((c) => c.at - carolCounts[0].at < 1000);
    assert.ok(firstWave.length >= 6, `${firstWave.length} counts in the first wave`);
    // Alice's nine counts were all aborted when the filters changed, none answered.
    assert.deepEqual(aliceEnds, Array(9).fill("net::ERR_ABORTED"));
    await page.close();
  });

  test("a count that fails shows in the summary, not over the table; Retry recovers", async () => {
    // The counts (page_size 1) get an API error; the table's page goes through. The route is
    // in place before the page loads: the package is ready at import, and the counts leave at
    // once.
    let refuse = true;
    const page = await open(desktop, "/?creator=dave", (page) =>
      page.route(`**${ESB_PATH}`, (route) => {
        if (!refuse || route.request().postDataJSON()?.page_size !== 1) return route.continue();
        return route.fulfill({
          contentType: "application/json",
          body: JSON.stringify({ result: false, code: 1642901, message: "Too many requests", data: null, request_id: "f".repeat(32) }),
        });
      }),
    );
    await settled(page, "ready", { search: "creator=dave" });
    assert.equal(await page.getAttribute("#summary", "data-state"), "error");
    assert.match(await text(page, "#summary-error"), /^Could not count the tickets by status \(api: .*Too many requests.*\)\. Retry$/);
    assert.deepEqual([...new Set((await summaryBars(page)).map((b) => b.shown))], ["–"]);
    assert.equal(await page.isHidden("#notice"), true);
    assert.equal(await page.isVisible("#table-wrap"), true);

    refuse = false;
    await page.click("#summary-error .link-btn");
    await page.waitForFunction(() => document.getElementById("summary").dataset.state === "ready");
    const dave = data.filter((t) => t.item.creator === "dave");
    assert.equal(Number(await page.getAttribute("#summary-total", "data-total")), dave.length);
    assert.equal(await page.isHidden("#summary-error"), true);
    await page.close();
  });

  test("Export all as CSV: every matching ticket, RFC 4180, with a BOM", async () => {
    const page = await open(desktop, "/?creator=alice");
    await settled(page, "ready");
    const expected = data.filter((t) => t.item.creator === "alice").map((t) => t.item);
    const count = await serverCount({ creator: "alice" });
    assert.equal(count, expected.length);
    assert.equal(await text(page, "#results-count"), countText(count));
    assert.ok(count > PAGE_SIZE); // more than the page on screen

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-start")]);
    assert.match(download.suggestedFilename(), /^tickets-\d{8}-\d{6}\.csv$/);
    const bytes = readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]); // UTF-8 BOM
    const csv = bytes.subarray(3).toString("utf8");
    const records = parseCsv(csv); // strict: CRLF, quoting
    assert.deepEqual(records[0], EXPORT_COLUMNS);
    assert.equal(records.length - 1, count);
    // Every ticket, newest first, each field as served (null → empty; text starting with
    // = + - @ would get a leading ').
    const guard = (t) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t);
    const asText = (v) => (v === null ? "" : typeof v === "string" ? guard(v) : String(v));
    assert.deepEqual(records.slice(1), expected.map((t) => EXPORT_COLUMNS.map((c) => asText(t[c]))));
    // Chinese titles survive; quotes are doubled inside a quoted field.
    assert.ok(records.some((r) => /[\u4e00-\u9fff]/.test(r[2])));
    const quotedTitle = expected.find((t) => t.title.includes('"')).title;
    assert.ok(csv.includes(`,"${quotedTitle.replaceAll('"', '""')}",`), quotedTitle);
    // The XSS title is just text in the file, and ran nothing on the page.
    const xss = records.find((r) => r[0] === String(XSS_TICKET_ID));
    assert.equal(xss[2], XSS_TITLE);
    assert.ok(csv.includes(`,${XSS_TITLE},`));
    assert.equal(await page.evaluate(() => typeof window.__xss), "undefined");

    // The walk: big pages through the same door, the filters, the proxy's app.
    const walk = (await apiCalls()).filter((c) => c.body.page_size === EXPORT_PAGE_SIZE);
    assert.equal(walk.length, Math.ceil(count / EXPORT_PAGE_SIZE));
    assert.equal(walk[0].body.creator, "alice");
    assert.equal(walk[0].body.bk_app_code, APP.bk_app_code);

    assert.equal(await page.getAttribute("#export", "data-state"), "done");
    assert.equal(await text(page, "#export-title"), `Exported ${count} tickets`);
    assert.equal(await text(page, "#export-detail"), `Saved as ${download.suggestedFilename()}`);
    assert.equal(await page.isEnabled("#export-start"), true);
    await shot(page, { path: join(artifacts, "demo-export-done-desktop.png"), clip: await page.$eval("#results", (el) => {
      el.scrollIntoView();
      const r = el.getBoundingClientRect();
      return { x: 0, y: Math.max(0, r.top - 16), width: 1280, height: 560 };
    }) });
    await page.click("#export-close");
    assert.equal(await page.isHidden("#export"), true);

    // The whole data set: two pages of 1000, in order.
    await page.click("#filters-reset");
    await settled(page, "ready", { count: countText(data.length) });
    const [all] = await Promise.all([page.waitForEvent("download"), page.click("#export-start")]);
    const allRecords = parseCsv(readFileSync(await all.path()).subarray(3).toString("utf8"));
    assert.deepEqual(allRecords.slice(1).map((r) => Number(r[0])), data.map((t) => t.id));
    await page.close();
  });

  test("Cancel stops an export: no file, and no page requested after the click", async () => {
    // 20,000 tickets, 0.4 s per answer: 20 pages of 1000 to walk.
    const page = await open(desktop, `/?base=${encodeURIComponent("/__/tag=exp,delay=400,n=20000")}`);
    await settled(page, "ready", { count: countText(20000) });
    let downloads = 0;
    page.on("download", () => downloads++);
    await page.click("#export-start");
    assert.equal(await page.isDisabled("#export-start"), true);
    await page.waitForFunction(
      () => document.getElementById("export-detail").textContent === "Exported 1,000 of 20,000",
    );
    assert.equal(await page.getAttribute("#export-meter", "aria-valuenow"), "1000");
    assert.equal(await page.getAttribute("#export-meter", "aria-valuemax"), "20000");
    await shot(page, { path: join(artifacts, "demo-export-desktop.png"), clip: await page.$eval("#results", (el) => {
      el.scrollIntoView();
      const r = el.getBoundingClientRect();
      return { x: 0, y: Math.max(0, r.top - 16), width: 1280, height: 420 };
    }) });

    await page.click("#export-cancel");
    const cancelledAt = Date.now();
    await page.waitForFunction(() => document.getElementById("export").dataset.state === "cancelled");
    assert.equal(await text(page, "#export-title"), "Export cancelled");
    assert.match(await text(page, "#export-detail"), /^No file was saved \(stopped after 1,000 of 20,000\)\.$/);
    assert.equal(await page.isHidden("#notice"), true); // a cancel is not an error
    await shot(page, { path: join(artifacts, "demo-export-cancelled-desktop.png"), clip: { x: 0, y: 0, width: 1280, height: 240 } });
    assert.equal(await page.isEnabled("#export-start"), true);

    const walk = async () => (await allCalls("exp")).filter((c) => c.body?.page_size === EXPORT_PAGE_SIZE);
    const atCancel = await walk();
    // Five answers' time: a walk still going (four pages at a time) would ask for more.
    await page.waitForTimeout(2000);
    const later = await walk();
    assert.equal(later.length, atCancel.length, "pages requested after Cancel");
    // The first page, and at most four ahead that were in flight when Cancel was clicked
    // (some were: the walk reads ahead).
    assert.ok(later.length >= 2 && later.length <= 5, `${later.length} pages requested`);
    // (Pages asked for together may reach the server in any order.)
    assert.deepEqual(later.map((c) => c.body.page).sort((a, b) => a - b), later.map((_, i) => i + 1));
    assert.ok(later.every((c) => c.at <= cancelledAt + 100), "a page request after Cancel");
    assert.equal(downloads, 0);
    await page.close();
  });

  test("an export that fails says so in the error panel; the table stays; Retry", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: await desktop.storageState() });
    const page = await open(context, "/?creator=alice");
    await settled(page, "ready");
    // The export's pages (page_size 1000) are refused; the table's went through.
    let refuse = true;
    await page.route(`**${ESB_PATH}`, (route) => {
      if (!refuse || route.request().postDataJSON()?.page_size !== EXPORT_PAGE_SIZE) return route.continue();
      return route.fulfill({
        contentType: "application/json",
        body: JSON.stringify({ result: false, code: 1642901, message: "Too many requests", data: null, request_id: "e".repeat(32) }),
      });
    });
    let downloads = 0;
    page.on("download", () => downloads++);
    await page.click("#export-start");
    await page.waitForSelector("#notice:not([hidden])");
    assert.equal(await page.getAttribute("#notice", "data-action"), "Export");
    assert.equal(await text(page, "#notice .notice__title"), "Export failed: ITSM refused the request");
    assert.equal(await text(page, '#notice dd[data-field="code"]'), "1642901");
    assert.equal(await text(page, '#notice dd[data-field="request-id"]'), "e".repeat(32));
    assert.equal(await page.isHidden("#export"), true);
    assert.equal(await page.isVisible("#table-wrap"), true);
    assert.equal(await page.getAttribute("#results", "data-state"), "ready");
    assert.equal(await page.isEnabled("#export-start"), true);
    assert.equal(downloads, 0);

    // The panel's Retry runs the export again; the error goes.
    refuse = false;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#notice button:text('Retry')")]);
    const records = parseCsv(readFileSync(await download.path()).subarray(3).toString("utf8"));
    assert.equal(records.length - 1, data.filter((t) => t.item.creator === "alice").length);
    assert.equal(await page.isHidden("#notice"), true);
    assert.equal(await page.getAttribute("#export", "data-state"), "done");

    // A login token gone stale (e.g. the server restarted) asks the user to sign in again.
    const start = problems.length;
    await page.evaluate(() => (document.cookie = `bk_token=${"0".repeat(32)}; path=/`));
    await page.click("#export-start");
    await page.waitForSelector("#notice:not([hidden])");
    assert.equal(await text(page, "#notice .notice__title"), "Export failed: Your sign-in has expired");
    assert.equal(await text(page, '#notice dd[data-field="code"]'), "1306000");
    assert.equal(await page.isVisible("#notice a:text('Sign in again')"), true);
    expected401(start);
    await context.close();
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
    // The status summary stacks its bars, labels whole.
    assert.deepEqual(
      await page.$$eval("#summary-bars .sbar", (bs) => [...new Set(bs.map((b) => b.getBoundingClientRect().left))].length),
      1,
    );
    assert.ok(await page.$$eval(".sbar__label", (ls) => ls.every((l) => l.scrollWidth <= l.clientWidth)));
    await page.$eval("#results", (el) => el.scrollIntoView());
    await shot(page, { path: join(artifacts, "demo-summary-phone.png") });
    await page.evaluate(() => window.scrollTo(0, 0));
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
    const start = problems.length;
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
    expected401(start);
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
