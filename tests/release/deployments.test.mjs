// Real deployments (issue 12) through the release package in Node (its default entry): the filters the server
// honours, refusals of what a door would drop, servers that ignore paging in the body, result
// sets that shrink during a walk, the gateway's name, extra headers and tenants, and user
// names that are not ASCII.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../server/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));
const APP = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b" };
const TRUSTED = { bk_app_code: "bk-itsm-trusted", bk_app_secret: "trusted-secret-8d2e4b6a1f" };
let server;
let pkg;
const run = Date.now().toString(36);

before(async () => {
  assert.ok(existsSync(join(pkgDir, "index.js")), `no package in ${pkgDir}: run make pkg`);
  pkg = await import(pathToFileURL(join(pkgDir, "index.js")).href);
  server = await startServer({ port: 0, tickets: 500 });
});
after(() => server?.close());

const log = async (tag) =>
  (await (await fetch(`${server.url}/__log?tag=${tag}-${run}`)).json()).filter((e) => !e.preflight);
const esb = (prefix, extra = {}) =>
  pkg.createClient({ baseUrl: `${server.url}${prefix.replace(/tag=([^,/]+)/, `tag=$1-${run}`)}`, ...APP, bk_token: "test-token-admin", ...extra });
const apigw = (prefix, extra = {}) => esb(prefix, { gateway: "apigw", ...extra });
const ids = (items) => items.map((t) => t.id);

test("tag and project_key filter; username through ESB is refused before sending", async () => {
  const c = esb("/__/tag=keys");
  const page = await c.getTickets({ tag: "ops", project_key: "0", page_size: 500 });
  assert.ok(page.count > 0 && page.count < 500);
  const [entry] = await log("keys");
  assert.deepEqual([entry.body.tag, entry.body.project_key], ["ops", "0"]);
  const e = await c.getTickets({ username: "alice" }).catch((e) => e);
  assert.deepEqual([e.kind, e.field, e.attempts], ["validation", "username", 0]);
  assert.match(e.message, /ESB drops it/);
  assert.equal((await log("keys")).length, 1);
  const todo = await apigw("").getTickets({ username: "alice", page_size: 500 });
  assert.ok(todo.items.every((t) => t.current_status === "RUNNING"));
  assert.ok(!("current_steps" in page.items[0]) && !("is_biz_need" in page.items[0]));
});

test("a server that ignores body paging: decode error through ESB, correct pages through the gateway", async () => {
  const e = await esb("/__/legacy=1").getTickets({ page: 2, page_size: 5 }).catch((e) => e);
  assert.equal(e.kind, "decode");
  assert.match(e.message, /answered page 1 when page 2 was asked for.*ITSM before 2\.6\.0/);
  const walk = await esb("/__/tag=legacy-walk,legacy=1").getAllTickets({ page_size: 100 }).catch((e) => e);
  assert.equal(walk.kind, "decode");
  assert.equal((await log("legacy-walk")).length, 2, "the walk stops at the first wrong page");
  const all = await apigw("/__/legacy=1").getAllTickets({ page_size: 100 });
  assert.deepEqual(ids(all), Array.from({ length: 500 }, (_, i) => 500 - i));
});

test("a result set that shrinks during a walk: no error, no duplicates, totals follow", async () => {
  const progress = [];
  const all = await esb("/__/tag=shrink,shrink=350").getAllTickets(
    { page_size: 100 },
    { onProgress: (p) => progress.push([p.fetched, p.total]) },
  );
  // Page 2 finds 150 tickets: its 50 are the last, and the walk ends there.
  assert.deepEqual(ids(all), Array.from({ length: 150 }, (_, i) => 500 - i));
  assert.deepEqual(progress, [[100, 500], [150, 150]]);
  const gone = await esb("/__/tag=shrink-gone,shrink=450,lang=zh").getAllTickets({ page_size: 100 });
  assert.equal(gone.length, 100);
  const first = await esb("/__/fault=codestr").getAllTickets().catch((e) => e);
  assert.deepEqual([first.kind, first.code], ["api", "SERVER_500_ERROR"]);
});

test("the gateway's name, extra headers and a multi-tenant gateway", async () => {
  const c = apigw("/__/tag=tenant,tenants=1,apigw=itsm-gw", {
    apigwName: "itsm-gw",
    headers: { "X-Bk-Tenant-Id": "default", "X-Trace": "a" },
  });
  await c.getTickets({ page_size: 1 });
  await c.getTickets({ page_size: 1 }, { headers: { "x-bk-tenant-id": "acme" } });
  const [one, two] = await log("tenant");
  assert.equal(one.path, "/api/itsm-gw/prod/v2/itsm/get_tickets/");
  assert.deepEqual([one.headers["x-bk-tenant-id"], two.headers["x-bk-tenant-id"], two.headers["x-trace"]], ["default", "acme", "a"]);
  const missing = await apigw("/__/tenants=1").getTickets().catch((e) => e);
  assert.deepEqual([missing.kind, missing.status], ["api", 400]);
  assert.match(missing.message, /X-Bk-Tenant-Id/);
  for (const bad of [{ "Content-Type": "text/plain" }, { "X-Bkapi-Authorization": "{}" }, { "X-A": "a\r\nB: c" }]) {
    const e = await c.getTickets({}, { headers: bad }).catch((e) => e);
    assert.deepEqual([e.kind, e.field], ["validation", "headers"]);
  }
  assert.throws(() => pkg.createClient({ gateway: "apigw", apigwName: "a/b", baseUrl: server.url }), (e) => e.field === "apigwName");
});

test("user names that are not ASCII arrive intact through the gateway", async () => {
  for (const user of ["张三", "José"]) {
    const tag = `user-${user === "José" ? "latin" : "zh"}`;
    await pkg.createClient({ baseUrl: `${server.url}/__/tag=${tag}-${run}`, gateway: "apigw", ...TRUSTED, bk_username: user }).getTickets({ page_size: 1 });
    const entries = await log(tag);
    assert.equal(entries.length, 1);
    assert.equal(entries[0].auth.bk_username, user);
  }
});
