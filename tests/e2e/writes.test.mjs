// End-to-end test of the demo portal's writes (issue 19) in headless Chromium, served as
// `make demo` serves it (see demo.test.mjs), on a server of its own (its writes change no other
// file's tickets): "New ticket" (the catalogue, the services, a service's form with the package's
// messages under its fields, createTicket, the new ticket's drawer waiting for its flow) and the
// drawer's actions (approve through the API gateway, withdraw, suspend and resume, rate).
//
// Expected values are the server's own answers, asked for directly (not through the page), and
// the package's own messages (validateTicketFields and validate in Node, in both languages).
// Where a test needs a write in flight (a disabled button, "the flow is starting"), it holds the
// call in the browser until it lets it go, never racing a delay. Screenshots (desktop 1280x800,
// phone 390x844) go to tests/artifacts/writes-*.png.
//
//   PKG_DIR=/tmp/x-pkg node --test tests/e2e/writes.test.mjs   (default: <repo>/pkg, `make pkg`)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "../server/server.mjs";
import { CHROMIUM_ARGS } from "../chromium.mjs";
import { artifacts, pkg, pkgDir, watchedPage, wwwDir } from "./setup.mjs";



const APP = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b" };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ESB = "/api/c/compapi/v2/itsm/";
const GATEWAY = "/api/bk-itsm/prod/v2/itsm/";
/** Where the page's calls go: the proxy's mount, then the door's path. */
const MOUNT = "/itsm";
/** Direct calls: logged under their own tag, but in the page's scope of writes (`state=` "" is the untagged one). */
const DIRECT = "/__/tag=direct,state=";
/** Service 13 of the local server: a form with every field type (tests/server/catalog.mjs). */
const ALL_TYPES = 13;
/** The types the page fills in; every other type is shown read-only (www/form.js). */
const EDITABLE = ["STRING", "TEXT", "INT", "DATE", "DATETIME", "SELECT", "MULTISELECT", "CHECKBOX", "RADIO", "MEMBER", "MEMBERS", "INPUTSELECT"];
const SECTIONS = ["drawer-info", "drawer-status", "drawer-logs"];

/** Resolves once `condition()` (async) holds, asked every 50 ms; fails after 15 s, naming `what`. */
async function until(condition, what) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe("demo portal: New ticket and the drawer's actions", () => {
  let server;
  let browser;
  const signedIn = {}; // user name → storage state
  const problems = [];
  let service; // service 13's ServiceDetail, from the package in Node
  const messages = {}; // locale → the package's messages in Node

  before(async () => {
    server = await startServer({ port: 0, staticDir: wwwDir, mounts: [["/pkg", pkgDir]], proxyApp: true });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    mkdirSync(artifacts, { recursive: true });
    // Signing in through the form, as a user does: the page keeps the name it acts as.
    for (const user of ["admin", "alice", "bob"]) {
      const context = await browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await page.goto(server.url + "/");
      await page.fill("#signin-username", user);
      await page.click("#signin-form button[type=submit]");
      await page.waitForSelector("#app:not([hidden])");
      signedIn[user] = await context.storageState();
      await context.close();
    }
    const node = (locale) => pkg.createClient({ baseUrl: server.url + DIRECT, locale, ...APP, bk_token: "test-token-admin" });
    service = await node("en").getServiceDetail({ service_id: ALL_TYPES });
    for (const locale of ["en", "zh-CN"]) messages[locale] = node(locale);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page signed in as `user` at `viewport` that records console errors and uncaught exceptions. */
  async function open(user, path = "/", viewport = DESKTOP, beforeLoad = async () => {}) {
    const context = await browser.newContext({ viewport, storageState: signedIn[user] });
    return watchedPage(context, server.url + path, problems, beforeLoad);
  }
  const done = (page) => page.context().close();

  /** The server's `data` for a GET endpoint, asked of the gateway directly. */
  async function serverData(endpoint, params) {
    const res = await fetch(`${server.url}${DIRECT}${GATEWAY}${endpoint}/?${new URLSearchParams(params)}`, {
      headers: { "X-Bkapi-Authorization": JSON.stringify(APP) },
    });
    const body = await res.json();
    assert.equal(body.result, true, JSON.stringify(body));
    return body.data;
  }
  /** get_tickets' `data`, asked of ESB directly. */
  async function serverTickets(params) {
    const res = await fetch(`${server.url}${DIRECT}${ESB}get_tickets/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...APP, bk_token: "test-token-admin", ...params }),
    });
    const body = await res.json();
    assert.equal(body.result, true, JSON.stringify(body));
    return body.data;
  }

  /** The page's calls to `endpoint` the server saw (untagged), oldest first. */
  async function callsTo(endpoint) {
    const log = await (await fetch(`${server.url}/__log?tag=`)).json();
    return log.filter((e) => !e.preflight && e.path.endsWith(`/${endpoint}/`));
  }

  /**
   * Holds the page's calls whose path ends with `/${endpoint}/` in the browser until `release()`
   * lets them (and every later one) go. `held` are the routes held now, `seen` every request.
   */
  function hold(page, endpoint) {
    const held = [];
    const seen = [];
    let releasing = false;
    const ready = page.route(
      (url) => url.pathname.endsWith(`/${endpoint}/`),
      (route) => {
        seen.push(route.request());
        if (releasing) return route.continue();
        held.push(route);
      },
    );
    return {
      ready,
      held,
      seen,
      async release() {
        releasing = true;
        for (const route of held.splice(0)) await route.continue().catch(() => {});
      },
    };
  }

  const text = (page, selector) => page.$eval(selector, (el) => el.textContent.trim());
  const shot = (page, name, options = {}) =>
    page.screenshot({ path: join(artifacts, `writes-${name}.png`), animations: "disabled", ...options });
  /** The dialog (or drawer) whole: the viewport made as tall as its panel's content. */
  async function panelShot(page, panel, name) {
    const viewport = page.viewportSize();
    const height = await page.$eval(panel, (p) => p.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 4000) });
    await shot(page, name);
    await page.setViewportSize(viewport);
  }
  const state = (page, id, want) => page.waitForFunction(([id, want]) => document.getElementById(id)?.dataset.state === want, [id, want]);
  const sections = (page, want) =>
    page.waitForFunction((want) => want.every((id) => document.getElementById(id).dataset.state === "ready"), want);
  const actionsOffered = (page) => page.$$eval("#drawer-actions:not([hidden]) .act", (bs) => bs.map((b) => b.dataset.action));
  /** The message under the form field `key`. */
  const fieldError = (page, key) => text(page, `#compose-fields [data-key="${key}"] .field__error`);
  const waitFieldError = (page, key, want) =>
    page.waitForFunction(
      ([key, want]) => document.querySelector(`#compose-fields [data-key="${key}"] .field__error`)?.textContent === want,
      [key, want],
    );

  /** The package's message for field `key` of service 13 with `values`, in `locale` ("" when none). */
  function packageMessage(values, key, locale = "en") {
    const issue = messages[locale].validateTicketFields(service, values).find((i) => i.field === key);
    return issue?.userMessage ?? "";
  }
  /** What the form sends for service 13 as it first shows (the defaults), before anything is typed. */
  const DEFAULTS = {
    title: "", contact_phone: "", description: "", tags_en: "", quantity: "1", start_date: "", deadline: "", history_date: "",
    env: "test", app_name: "", modules: [], notify_by: [], urgency: "normal", owner: "", watchers: [], project_code: "",
  };

  // ---------------------------------------------------------------- seeded tickets to act on

  /** A seeded ticket of `user`'s list `view_type` that `pick(item, status)` accepts (and not in `not`). */
  async function seeded(user, viewType, pick, not = []) {
    const list = (await serverData("get_tickets_by_user", { user, view_type: viewType, page_size: 1000 })).items;
    for (const item of list) {
      if (not.includes(item.sn)) continue;
      const status = await serverData("get_ticket_status", { sn: item.sn });
      if (pick(item, status)) return { sn: item.sn, item, status };
    }
    throw new Error(`no seeded ticket for ${user} ${viewType}`);
  }
  /** A running approval waiting on `who`, created by someone else than admin and bob (who may withdraw their own). */
  const approvalWaitingOn = (who) => (item, s) =>
    !["admin", "bob"].includes(item.creator) &&
    s.current_status === "RUNNING" &&
    s.current_steps.some((step) => step.status === "RUNNING" && step.processors.split(",").includes(who) && step.fields.some((f) => f.meta?.code === "APPROVE_RESULT"));
  const used = [];

  // ---------------------------------------------------------------- New ticket

  test("New ticket: catalogue, services, a form of every field type; invalid input shows the package's messages (English, 中文), nothing is sent", async () => {
    const page = await open("admin");
    await state(page, "results", "ready");
    await page.click("#new-ticket");
    await state(page, "compose-catalogs", "ready");
    assert.match(page.url(), /[?&]new=(&|$)/);
    assert.equal(await page.$eval("#app", (el) => el.inert), true);

    // The catalogue as the server has it, the tree in order.
    const tree = await serverData("get_service_catalogs", {});
    const flat = [];
    const walk = (nodes) => nodes.forEach((n) => (flat.push(n.name), walk(n.children)));
    walk(tree);
    assert.deepEqual(await page.$$eval(".cat .cat__name", (ns) => ns.map((n) => n.textContent)), flat);
    const find = (nodes) => nodes.map((n) => (n.key === "form_samples" ? n : find(n.children))).find(Boolean);
    const samples = find(tree); // 表单样例: service 13's catalogue
    await page.click(`.cat[data-id="${samples.id}"]`);
    await state(page, "compose-services", "ready");
    const services = await serverData("get_services", { catalog_id: samples.id });
    assert.deepEqual(await page.$$eval(".svc", (bs) => bs.map((b) => b.dataset.id)), services.map((s) => String(s.id)));
    assert.equal(await page.getAttribute(`.cat[data-id="${samples.id}"]`, "aria-pressed"), "true");
    await shot(page, "catalog-desktop");

    await page.click(`.svc[data-id="${ALL_TYPES}"]`);
    await state(page, "compose-form", "ready");
    assert.match(page.url(), new RegExp(`[?&]new=${ALL_TYPES}(&|$)`));
    assert.equal(await text(page, "#compose-title"), service.name);

    // Every field, in the form's order: editable or read-only by type (and by where its choices
    // come from), the required mark from validate_type, desc as help.
    const shown = await page.$$eval("#compose-fields .cfield", (fs) =>
      fs.map((f) => ({
        key: f.dataset.key,
        editable: f.dataset.editable === "true",
        required: Boolean(f.querySelector(".field__label .cfield__req")),
        hint: f.querySelector(".field__hint").textContent,
        link: f.querySelector(".cfield__readonly a")?.href ?? null,
        hidden: f.hidden,
      })),
    );
    const itsmHome = new URL((await serverTickets({ page_size: 1 })).items[0].ticket_url);
    itsmHome.hash = "";
    assert.deepEqual(
      shown,
      service.fields.map((f) => {
        const editable = EDITABLE.includes(f.type) && !(["SELECT", "MULTISELECT", "CHECKBOX", "RADIO"].includes(f.type) && !f.choice.length);
        return {
          key: f.key,
          editable,
          required: f.validate_type === "REQUIRE",
          hint: f.desc ?? "",
          link: editable ? null : itsmHome.href,
          hidden: f.key === "rollback_plan", // show_type 0: hidden while `env != prod`
        };
      }),
    );
    // Sensible inputs for each type, with the form's defaults.
    const control = (key) =>
      page.$eval(`#compose-fields [data-key="${key}"]`, (f) => {
        const c = f.querySelector("input, select, textarea");
        return [c.tagName.toLowerCase(), c.type, c.inputMode, f.querySelectorAll("input").length];
      });
    assert.deepEqual(await control("title"), ["input", "text", "", 1]);
    assert.deepEqual(await control("description"), ["textarea", "textarea", "", 0]);
    assert.deepEqual(await control("quantity"), ["input", "text", "numeric", 1]);
    assert.deepEqual(await control("start_date"), ["input", "date", "", 1]);
    assert.deepEqual(await control("deadline"), ["input", "datetime-local", "", 1]);
    assert.deepEqual(await control("env"), ["select", "select-one", "", 0]);
    assert.deepEqual(await control("modules"), ["input", "checkbox", "", 3]);
    assert.deepEqual(await control("notify_by"), ["input", "checkbox", "", 3]);
    assert.deepEqual(await control("urgency"), ["input", "radio", "", 3]);
    assert.deepEqual(await control("owner"), ["input", "text", "", 1]);
    assert.deepEqual(await control("watchers"), ["input", "text", "", 1]);
    assert.equal(await page.inputValue('[data-key="quantity"] input'), "1");
    assert.equal(await page.inputValue('[data-key="env"] select'), "test");
    assert.equal(await page.isChecked('[data-key="urgency"] input[value="normal"]'), true);
    assert.equal(await page.getAttribute('[data-key="title"] input', "aria-required"), "true");

    // The rollback plan shows (required) only for production, live.
    await page.selectOption('[data-key="env"] select', "prod");
    await page.waitForSelector('[data-key="rollback_plan"]:not([hidden])');
    await page.selectOption('[data-key="env"] select', "test");
    await page.waitForSelector('[data-key="rollback_plan"]', { state: "hidden" });

    // As the user types: the package's message under each field changed, nothing under the others.
    const typed = { quantity: "0", contact_phone: "abc", project_code: "ops-1", start_date: "2020-01-01" };
    const values = { ...DEFAULTS, ...typed };
    await page.fill('[data-key="quantity"] input', typed.quantity);
    await page.fill('[data-key="contact_phone"] input', typed.contact_phone);
    await page.fill('[data-key="project_code"] input', typed.project_code);
    await page.fill('[data-key="start_date"] input', typed.start_date);
    for (const key of Object.keys(typed)) {
      const want = packageMessage(values, key);
      assert.ok(want, `the package refuses ${key} ${typed[key]}`);
      await waitFieldError(page, key, want);
    }
    assert.equal(await fieldError(page, "quantity"), "Must be a number not starting with 0");
    assert.equal(await fieldError(page, "contact_phone"), "Must be a mainland mobile number");
    assert.equal(await fieldError(page, "title"), "", "not typed in yet");
    assert.equal(await page.getAttribute('[data-key="quantity"] input', "aria-invalid"), "true");

    // Submit: every message, the cursor on the first field at fault, and nothing sent.
    await page.click("#compose-submit");
    for (const key of ["title", "description", ...Object.keys(typed)]) await waitFieldError(page, key, packageMessage(values, key));
    assert.equal(await fieldError(page, "title"), "Required");
    assert.equal(await page.evaluate(() => document.activeElement.closest("[data-key]")?.dataset.key), "title");
    assert.equal(await text(page, "#compose-result"), "Nothing was sent: fix the fields marked above.");
    assert.equal((await callsTo("create_ticket")).length, 0);
    await shot(page, "form-desktop");
    await panelShot(page, "#compose-panel", "form-desktop-full");

    // 中文: the package's messages again, from a client made with locale zh-CN; nothing is sent.
    // (The switch is in the top bar, behind the dialog: set as a script would.)
    await page.$eval('input[name="locale"][value="zh-CN"]', (radio) => radio.click());
    for (const key of ["title", "description", ...Object.keys(typed)]) await waitFieldError(page, key, packageMessage(values, key, "zh-CN"));
    assert.equal(await fieldError(page, "title"), "必填");
    assert.equal(await fieldError(page, "quantity"), "须为首位非零的数字");
    assert.equal(await text(page, "#compose-result"), "未发送：请修改上面标出的字段。");
    assert.equal(await text(page, "#compose-submit"), "提交");
    assert.equal(await text(page, "#compose-kicker"), "新建单据");
    assert.equal(await text(page, '[data-key="servers"] .cfield__note'), "TABLE 类型字段：请在 ITSM 中填写。");
    await page.fill('[data-key="quantity"] input', "");
    await waitFieldError(page, "quantity", packageMessage({ ...values, quantity: "" }, "quantity", "zh-CN"));
    await page.click("#compose-submit");
    assert.equal((await callsTo("create_ticket")).length, 0);
    await shot(page, "form-zh-desktop");

    // Esc closes it, and focus goes back to the button that opened it.
    await page.keyboard.press("Escape");
    await page.waitForSelector("#compose", { state: "hidden" });
    assert.doesNotMatch(page.url(), /new=/);
    assert.equal(await page.evaluate(() => document.activeElement.id), "new-ticket");
    assert.equal(await text(page, "#new-ticket"), "提单");
    await done(page);

    // A phone: the button floats at the bottom, the dialog takes the screen, nothing scrolls sideways.
    const phone = await open("admin", "/", PHONE);
    await state(phone, "results", "ready");
    assert.equal(await phone.$eval("#new-ticket", (b) => getComputedStyle(b).position), "fixed");
    await phone.click("#new-ticket");
    await state(phone, "compose-catalogs", "ready");
    await phone.click(`.cat[data-id="${samples.id}"]`);
    await state(phone, "compose-services", "ready");
    await shot(phone, "catalog-phone");
    await phone.click(`.svc[data-id="${ALL_TYPES}"]`);
    await state(phone, "compose-form", "ready");
    await phone.fill('[data-key="quantity"] input', "0");
    await phone.click("#compose-submit");
    await waitFieldError(phone, "title", "Required");
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
    assert.equal(await phone.$eval("#compose-panel", (p) => p.scrollWidth <= p.clientWidth), true);
    await shot(phone, "form-phone");
    await panelShot(phone, "#compose-panel", "form-phone-full");
    assert.equal((await callsTo("create_ticket")).length, 0);
    await done(phone);
  });

  test("a valid form is sent once, as the signed-in user; the new ticket's drawer shows its flow starting, then its first step", async () => {
    const page = await open("admin", `/?new=${ALL_TYPES}`);
    await state(page, "compose-form", "ready");
    const create = hold(page, "create_ticket");
    const status = hold(page, "get_ticket_status");
    await Promise.all([create.ready, status.ready]);

    const title = `E2E 新工单 <b>&amp;</b> ${Date.now()}`;
    await page.fill('[data-key="title"] input', title);
    await page.fill('[data-key="description"] textarea', "A second monitor, please.\n第二行");
    await page.selectOption('[data-key="env"] select', "prod");
    await page.fill('[data-key="rollback_plan"] textarea', "Unplug it.");
    await page.check('[data-key="modules"] input[value="api"]');
    await page.check('[data-key="modules"] input[value="db"]');
    await page.check('[data-key="notify_by"] input[value="mail"]');
    await page.check('[data-key="urgency"] input[value="high"]');
    await page.fill('[data-key="owner"] input', "alice");
    await page.fill('[data-key="watchers"] input', "alice, bob");
    await page.fill('[data-key="start_date"] input', "2099-01-01");
    await page.fill('[data-key="deadline"] input', "2099-01-02T10:30");
    await page.click("#compose-submit");

    // In flight: the button is disabled and says so.
    await until(() => create.held.length === 1, "the create call");
    assert.equal(await page.isDisabled("#compose-submit"), true);
    assert.equal(await text(page, "#compose-submit"), "Submitting…");
    assert.equal(await page.getAttribute("#compose-form", "data-state"), "submitting");
    const body = create.held[0].request().postDataJSON();
    assert.equal(create.held[0].request().url(), `${server.url}${MOUNT}${ESB}create_ticket/`);
    assert.equal(body.service_id, ALL_TYPES);
    assert.equal(body.creator, "admin");
    assert.equal(body.bk_app_secret, undefined, "no app secret in the page");
    const sent = Object.fromEntries(body.fields.map((f) => [f.key, f.value]));
    assert.deepEqual(
      { title: sent.title, env: sent.env, rollback_plan: sent.rollback_plan, modules: sent.modules, notify_by: sent.notify_by, urgency: sent.urgency, owner: sent.owner, watchers: sent.watchers, start_date: sent.start_date, deadline: sent.deadline, quantity: sent.quantity },
      { title, env: "prod", rollback_plan: "Unplug it.", modules: "api,db", notify_by: "mail", urgency: "high", owner: "alice", watchers: "alice,bob", start_date: "2099-01-01", deadline: "2099-01-02 10:30:00", quantity: "1" },
    );
    assert.equal(sent.servers, undefined, "read-only fields are not sent");
    await create.release();

    // The dialog closes; the new ticket's drawer waits for its flow (its status calls held).
    await page.waitForSelector("#compose", { state: "hidden" });
    await state(page, "drawer-status", "starting");
    const sn = await text(page, "#drawer-sn");
    const created = await serverData("get_ticket_info", { sn });
    assert.equal(created.title, title);
    assert.equal(created.creator, "admin");
    assert.equal(await text(page, "#drawer-status .dsec__content"), "The ticket was created. Its flow is starting…");
    assert.match(page.url(), new RegExp(`[?&]ticket=${sn}(&|$)`));
    assert.doesNotMatch(page.url(), /new=/);
    await state(page, "drawer-info", "ready");
    assert.equal(await text(page, "#drawer-title"), title, "the title as typed, as text");
    await shot(page, "new-starting-desktop");

    await status.release();
    await sections(page, SECTIONS);
    const now = await serverData("get_ticket_status", { sn });
    assert.equal(now.current_steps.length, 1);
    assert.deepEqual(
      await page.$$eval("#drawer-status .step", (ls) => ls.map((l) => [l.querySelector(".step__name").textContent, l.querySelector(".step__who").textContent])),
      [[now.current_steps[0].name, `Waiting on ${now.current_steps[0].processors.split(",").join(", ")}`]],
    );
    // Its first log entries and its fields arrived with the flow.
    await page.waitForFunction(() => document.querySelectorAll("#drawer-logs .timeline__entry").length > 0);
    assert.equal(await page.$eval('#drawer-info dd[data-key="title"]', (dd) => dd.textContent), title);
    // admin created it and is its approver: approve, reject, withdraw; suspend.
    await state(page, "drawer-actions", "ready");
    assert.deepEqual(await actionsOffered(page), ["approve", "reject", "withdraw", "suspend"]);
    await shot(page, "new-drawer-desktop");
    // The list has it on top.
    await page.waitForFunction((sn) => document.querySelector("#tickets-body tr")?.dataset.sn === sn, sn);
    assert.equal((await callsTo("create_ticket")).length, 1, "sent once");

    // Esc closes the drawer; focus goes back to the New ticket button.
    await page.keyboard.press("Escape");
    await page.waitForSelector("#drawer", { state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement.id), "new-ticket");
    await done(page);
  });

  test("a submit whose answer is lost: the ticket may have been created, the list is shown again, nothing is sent again", async () => {
    const page = await open("admin", `/?new=${ALL_TYPES}`);
    await state(page, "compose-form", "ready");
    await state(page, "results", "ready");
    page.expected = /^Failed to load resource: net::ERR_CONNECTION_RESET$/;
    await page.route(
      (url) => url.pathname.endsWith("/create_ticket/"),
      async (route) => {
        await route.fetch(); // the server creates it
        await route.abort("connectionreset");
      },
    );
    const before = (await callsTo("create_ticket")).length;
    const title = `Lost answer ${Date.now()}`;
    await page.fill('[data-key="title"] input', title);
    await page.fill('[data-key="description"] textarea', "x");
    await page.click("#compose-submit");
    await page.waitForSelector("#compose-result .maybe");
    assert.equal(await text(page, "#compose-result .maybe__title"), "No answer came back: the ticket may have been created.");
    // The list is asked again and shows it; the dialog stays, its button usable, nothing resent.
    await page.waitForFunction((title) => document.querySelector("#tickets-body tr .ticket-title")?.textContent === title, title);
    assert.equal(await page.isEnabled("#compose-submit"), true);
    assert.equal(await text(page, "#compose-submit"), "Submit");
    assert.equal((await callsTo("create_ticket")).length, before + 1);
    await shot(page, "create-maybe-desktop");
    await page.click("#compose-result .maybe button");
    await page.waitForSelector("#compose", { state: "hidden" });
    await done(page);
  });

  // ---------------------------------------------------------------- the drawer's actions

  test("approve: offered to a processor of a running approval step, through the API gateway; absent for anyone else", async () => {
    const target = await seeded("alice", "my_approval", approvalWaitingOn("admin"), used);
    used.push(target.sn);
    const step = target.status.current_steps[0];

    // bob is not a processor: no approve, no reject. Suspending is offered (the status does not
    // say who may), and the server refuses it: shown as the page shows errors, the form kept.
    const bob = await open("bob", `/?ticket=${target.sn}`);
    await sections(bob, SECTIONS);
    assert.deepEqual(await actionsOffered(bob), ["suspend"]);
    await bob.click('#drawer-actions [data-action="suspend"]');
    await bob.fill("#act-text", "let me");
    await bob.click(".act-panel__confirm");
    await bob.waitForSelector("#drawer-actions .dsec__error");
    assert.equal(await text(bob, "#drawer-actions .dsec__error-title"), "Not suspended: ITSM refused the request");
    assert.equal(await text(bob, "#drawer-actions .dsec__error-message"), "The operation failed");
    assert.equal(await text(bob, '#drawer-actions .facts--error dd[data-key="code"]'), "3900004");
    assert.match(await text(bob, '#drawer-actions .facts--error dd[data-key="message"]'), /bob无权操作该单据/);
    assert.equal(await bob.inputValue("#act-text"), "let me");
    assert.equal(await bob.isEnabled(".act-panel__confirm"), true);
    assert.equal((await serverData("get_ticket_status", { sn: target.sn })).current_status, "RUNNING");
    await shot(bob, "refused-desktop");
    await done(bob);

    const page = await open("admin", `/?sns=${target.sn}&ticket=${target.sn}`);
    await sections(page, SECTIONS);
    await state(page, "drawer-actions", "ready");
    assert.deepEqual(await actionsOffered(page), ["approve", "reject", "suspend"]);
    await page.click('#drawer-actions [data-action="approve"]');
    assert.equal(await page.getAttribute('#drawer-actions [data-action="approve"]', "aria-expanded"), "true");
    assert.equal(await text(page, ".act-panel__title"), `Approve “${step.name}”`);
    await page.fill("#act-text", "同意 <ok>");
    await shot(page, "approve-desktop");

    const approve = hold(page, "approve");
    await approve.ready;
    const statusCalls = (await callsTo("get_ticket_status")).length;
    await page.click(".act-panel__confirm");
    await until(() => approve.held.length === 1, "the approve call");
    // In flight: every button of the section disabled, the confirm says it is working.
    assert.equal(await page.getAttribute("#drawer-actions", "data-state"), "busy");
    assert.deepEqual(await page.$$eval("#drawer-actions button", (bs) => bs.map((b) => b.disabled)), [true, true, true, true, true]);
    assert.equal(await text(page, ".act-panel__confirm"), "Working…");
    const request = approve.held[0].request();
    assert.equal(new URL(request.url()).pathname, `${MOUNT}${GATEWAY}approve/`);
    assert.deepEqual(request.postDataJSON(), { sn: target.sn, state_id: step.state_id, action: "true", remark: "同意 <ok>", approver: "admin" });
    // No credential from the page: the proxy adds the app and the token of the login cookie.
    assert.equal(request.headers()["x-bkapi-authorization"], undefined);
    assert.equal(request.headers()["x-bk-itsm-tickets"], "1", "the proof the proxy asks for");
    await approve.release();

    await page.waitForSelector('#drawer-actions .done');
    assert.equal(await text(page, "#drawer-actions .done p"), "Approved. ITSM moves the flow on in a moment.");
    // Decided: not offered again, though the step still lists admin until the flow moves on.
    assert.deepEqual(await actionsOffered(page), ["suspend"]);
    await until(async () => (await callsTo("get_ticket_status")).length > statusCalls, "the drawer loaded again");
    // The server recorded it (the flow moves on asynchronously: asked until it has).
    const logs = await until(async () => {
      const l = (await serverData("get_ticket_logs", { sn: target.sn })).logs;
      return l.some((e) => e.message === `admin 已处理【${step.name}】(通过)`) && l;
    }, "the approval in the ticket's log");
    assert.ok(logs);
    await shot(page, "approved-desktop");
    // "Look again" shows where the ticket stands now: past the approval.
    await page.click("#drawer-actions .done .link-btn");
    await page.waitForFunction((name) => ![...document.querySelectorAll("#drawer-status .step__name")].some((n) => n.textContent === name), step.name);
    await done(page);

    // A phone, another approval waiting on admin: the actions and the form fit the screen.
    const other = await seeded("alice", "my_approval", approvalWaitingOn("admin"), used);
    used.push(other.sn);
    const phone = await open("admin", `/?ticket=${other.sn}`, PHONE);
    await sections(phone, SECTIONS);
    await state(phone, "drawer-actions", "ready");
    await phone.click('#drawer-actions [data-action="reject"]');
    await phone.fill("#act-text", "预算不足");
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
    await shot(phone, "approve-phone");
    await done(phone);
  });

  test("withdraw: offered to the ticket's creator only; the package's message for an empty reason; the drawer and the row follow", async () => {
    const target = await seeded(
      "alice",
      "my_created",
      (item, s) => item.can_withdraw && s.current_status === "RUNNING" && s.operations.some((o) => o.key === "WITHDRAW"),
      used,
    );
    used.push(target.sn);
    for (const user of ["bob", "admin"]) {
      const other = await open(user, `/?ticket=${target.sn}`);
      await sections(other, SECTIONS);
      assert.equal((await actionsOffered(other)).includes("withdraw"), false, `${user} did not create it`);
      await done(other);
    }

    const page = await open("alice", `/?sns=${target.sn}&ticket=${target.sn}`);
    await sections(page, SECTIONS);
    await state(page, "drawer-actions", "ready");
    assert.ok((await actionsOffered(page)).includes("withdraw"));
    await page.click('#drawer-actions [data-action="withdraw"]');
    // No reason: the package says so under the box, and nothing is sent.
    const sentBefore = (await callsTo("operate_ticket")).length;
    await page.click(".act-panel__confirm");
    const required = messages.en.validate("operateTicket", { sn: target.sn, action_type: "WITHDRAW", action_message: "" })[0];
    assert.equal(required.field, "action_message");
    await page.waitForFunction((m) => document.querySelector("#act-text-error")?.textContent === m, required.userMessage);
    assert.equal(await page.getAttribute("#act-text", "aria-invalid"), "true");
    assert.equal((await callsTo("operate_ticket")).length, sentBefore);
    await page.fill("#act-text", "不需要了");
    await page.waitForFunction(() => document.querySelector("#act-text-error")?.textContent === "");
    await shot(page, "withdraw-desktop");
    await page.click(".act-panel__confirm");

    await page.waitForSelector("#drawer-actions .done");
    assert.equal(await text(page, "#drawer-actions .done"), "The ticket was withdrawn.");
    const call = (await callsTo("operate_ticket")).at(-1);
    assert.equal(call.path, `${ESB}operate_ticket/`);
    assert.deepEqual([call.body.sn, call.body.action_type, call.body.action_message, call.body.operator], [target.sn, "WITHDRAW", "不需要了", "alice"]);
    assert.equal((await serverData("get_ticket_status", { sn: target.sn })).current_status, "REVOKED");
    // The drawer and the list row show it withdrawn; nothing more is offered.
    await page.waitForFunction(() => document.querySelector("#drawer-info .badge")?.dataset.status === "REVOKED");
    await page.waitForFunction((sn) => document.querySelector(`#tickets-body tr[data-sn="${sn}"] .badge`)?.dataset.status === "REVOKED", target.sn);
    assert.deepEqual(await actionsOffered(page), []);
    await done(page);
  });

  test("resume and suspend, each with its message; a suspension whose answer never came says it may have happened and shows the ticket as it stands", async () => {
    const target = await seeded("alice", "my_todo", (item, s) => s.current_status === "SUSPENDED" && s.operations.some((o) => o.key === "UNSUSPEND"), used);
    used.push(target.sn);
    const page = await open("alice", `/?sns=${target.sn}&ticket=${target.sn}`);
    await sections(page, SECTIONS);
    await state(page, "drawer-actions", "ready");
    assert.deepEqual(await actionsOffered(page), ["resume"]);
    await page.click('#drawer-actions [data-action="resume"]');
    await page.fill("#act-text", "备件到了");
    await shot(page, "resume-desktop");
    await page.click(".act-panel__confirm");
    await page.waitForSelector("#drawer-actions .done");
    assert.equal(await text(page, "#drawer-actions .done"), "The ticket was resumed.");
    assert.equal((await serverData("get_ticket_status", { sn: target.sn })).current_status, "RUNNING");
    await page.waitForFunction(() => document.querySelector("#drawer-info .badge")?.dataset.status === "RUNNING");
    await page.waitForFunction((sn) => document.querySelector(`#tickets-body tr[data-sn="${sn}"] .badge`)?.dataset.status === "RUNNING", target.sn);
    await page.waitForFunction(() => [...document.querySelectorAll("#drawer-actions .act")].some((b) => b.dataset.action === "suspend"));

    // Suspend; the server acts, but the answer is lost on the way back (the connection drops).
    const before = (await callsTo("operate_ticket")).length;
    page.expected = /^Failed to load resource: net::ERR_CONNECTION_RESET$/;
    await page.route(
      (url) => url.pathname.endsWith("/operate_ticket/"),
      async (route) => {
        await route.fetch(); // the server gets it and suspends the ticket
        await route.abort("connectionreset");
      },
    );
    await page.click('#drawer-actions [data-action="suspend"]');
    await page.fill("#act-text", "等待备件");
    await page.click(".act-panel__confirm");
    await page.waitForSelector("#drawer-actions .maybe");
    assert.equal(await text(page, "#drawer-actions .maybe__title"), "No answer came back: the suspension may have happened.");
    // Not sent again: the page looked at the ticket instead, and shows it suspended.
    await page.waitForFunction(() => document.querySelector("#drawer-info .badge")?.dataset.status === "SUSPENDED");
    await page.waitForFunction(() => [...document.querySelectorAll("#drawer-actions .act")].map((b) => b.dataset.action).join() === "resume");
    assert.equal((await callsTo("operate_ticket")).length, before + 1);
    assert.equal((await serverData("get_ticket_status", { sn: target.sn })).current_status, "SUSPENDED");
    await page.waitForFunction((sn) => document.querySelector(`#tickets-body tr[data-sn="${sn}"] .badge`)?.dataset.status === "SUSPENDED", target.sn);
    await shot(page, "maybe-desktop");

    // 中文: the note in the page's words.
    await page.$eval('input[name="locale"][value="zh-CN"]', (radio) => radio.click());
    await page.waitForFunction(() => document.querySelector("#drawer-actions .maybe__title")?.textContent === "没有收到响应：挂起可能已经完成。");
    assert.equal(await text(page, '#drawer-actions [data-action="resume"]'), "恢复");
    await done(page);
  });

  test("rate: a finished ticket not rated yet takes 1 to 6 stars and a comment, once", async () => {
    const finished = (await serverTickets({ current_status__in: ["FINISHED"], page_size: 50 })).items;
    const unrated = [];
    for (const t of finished) {
      if (unrated.length === 2) break;
      if (!(await serverData("get_ticket_status", { sn: t.sn })).is_commented) unrated.push(t.sn);
    }
    const [sn, other] = unrated;
    assert.ok(sn && other, "two unrated finished tickets");

    const page = await open("bob", `/?sns=${sn}&ticket=${sn}`);
    await sections(page, SECTIONS);
    await state(page, "drawer-actions", "ready");
    assert.deepEqual(await actionsOffered(page), ["rate"]);
    await page.click('#drawer-actions [data-action="rate"]');
    // No stars: the package's message, nothing sent.
    await page.click(".act-panel__confirm");
    const noStars = messages.en.validate("commentTicket", { sn, stars: "", comments: "" }).find((i) => i.field === "stars");
    await page.waitForFunction((m) => document.querySelector("#act-stars-error")?.textContent === m, noStars.userMessage);
    assert.equal((await callsTo("comment_ticket")).length, 0);
    await page.check('.stars input[value="5"]');
    await page.fill("#act-text", "处理及时，谢谢");
    assert.equal(await page.$$eval(".star--on", (s) => s.length), 5);
    await page.waitForFunction(() => document.querySelector("#act-stars-error")?.textContent === "");
    await shot(page, "rate-desktop");
    await page.click(".act-panel__confirm");
    await page.waitForSelector("#drawer-actions .done");
    assert.equal(await text(page, "#drawer-actions .done"), "Thank you: your rating was saved.");
    const call = (await callsTo("comment_ticket")).at(-1);
    assert.equal(call.path, `${ESB}comment_ticket/`);
    assert.deepEqual([call.body.sn, call.body.stars, call.body.comments, call.body.operator], [sn, 5, "处理及时，谢谢", "bob"]);
    assert.equal((await serverData("get_ticket_status", { sn })).is_commented, true);
    // Rated: not offered again.
    await until(async () => (await actionsOffered(page)).length === 0, "the rating no longer offered");
    await done(page);

    const phone = await open("bob", `/?ticket=${other}`, PHONE);
    await sections(phone, SECTIONS);
    await state(phone, "drawer-actions", "ready");
    await phone.click('#drawer-actions [data-action="rate"]');
    await phone.check('.stars input[value="4"]');
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), PHONE.width);
    await shot(phone, "rate-phone");
    await done(phone);
  });

  test("no console errors and no uncaught exceptions on any page", () => {
    assert.deepEqual(problems, []);
  });
});
