// The read endpoints of issue 13 through the release package in Node 18+, against the local
// server: getTicketInfo, getTicketStatus, getTicketLogs and getTicketsByUser / iterTicketsByUser
// (each parameter rule, each result shape with its nulls and missing members, not found, both
// doors, the ESB refusal of getTicketsByUser, walking by user). The browser suite is
// tests/read.rs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../server/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));
const APP = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b" };
const SECRET = APP.bk_app_secret;
const NO_SUCH_SN = "REQ19990101000001";
let server, pkg, all;

before(async () => {
  server = await startServer({ port: 0 });
  pkg = await import(pathToFileURL(join(pkgDir, "index.js")).href);
  all = (await esb().getTickets({ page_size: 10000 })).items;
});
after(() => server?.close());

const esb = (prefix = "") => pkg.createClient({ baseUrl: `${server.url}${prefix}`, ...APP, bk_token: "test-token-admin" });
const gateway = (prefix = "") => pkg.createClient({ baseUrl: `${server.url}${prefix}`, gateway: "apigw", ...APP });
const log = async (tag) => (await (await fetch(`${server.url}/__log?tag=${tag}`)).json()).filter((e) => !e.preflight);
const snWhere = (f) => {
  const t = all.find(f);
  assert.ok(t, "a ticket of that kind in the data set");
  return t.sn;
};
const rejection = (p) => p.then(() => assert.fail("should reject"), (e) => e);

// ---- getTicketInfo

test("getTicketInfo: a GET with sn in the query string, through either door", async () => {
  const sn = snWhere((t) => t.current_status === "RUNNING");
  const info = await esb("/__/tag=n-info").getTicketInfo({ sn });
  assert.equal(info.sn, sn);
  assert.equal(typeof info.request_id, "string");
  assert.ok(info.current_steps.length > 0);
  assert.deepEqual(Object.keys(info.current_steps[0]), ["name", "state_id", "status", "action_type", "tag", "processors_type", "processors"]);
  assert.ok(info.fields.every((f) => "value" in f && "display_value" in f && (f.desc === null || typeof f.desc === "string")));
  assert.equal(info.service_type, undefined);
  const [seen] = await log("n-info");
  assert.equal(seen.method, "GET");
  assert.equal(seen.query.sn, sn);
  const viaGateway = await gateway("/__/tag=n-info-gw").getTicketInfo({ sn });
  assert.equal(viaGateway.id, info.id);
  const [gw] = await log("n-info-gw");
  assert.deepEqual(Object.keys(gw.query), ["sn"]);
});

test("getTicketInfo: nulls as the server sends them", async () => {
  const c = esb();
  assert.equal((await c.getTicketInfo({ sn: snWhere((t) => t.creator === null) })).creator, null);
  assert.equal((await c.getTicketInfo({ sn: snWhere((t) => t.bk_biz_id === null) })).bk_biz_id, null);
  const ended = await c.getTicketInfo({ sn: snWhere((t) => t.current_status === "FINISHED") });
  assert.equal(typeof ended.end_at, "string");
  assert.deepEqual(ended.current_steps, []);
  const open = await c.getTicketInfo({ sn: snWhere((t) => t.current_status === "RUNNING") });
  assert.equal(open.end_at, null);
});

test("getTicketInfo: no such ticket is an api error 3900022", async () => {
  for (const c of [esb(), gateway()]) {
    const e = await rejection(c.getTicketInfo({ sn: NO_SUCH_SN }));
    assert.ok(pkg.isItsmError(e));
    assert.equal(e.kind, "api");
    assert.equal(e.code, 3900022);
  }
});

test("getTicketInfo: every parameter rule, nothing sent", async () => {
  const c = esb("/__/tag=n-info-bad");
  for (const [params, field] of [
    [{}, "sn"], [undefined, "sn"], [{ sn: "" }, "sn"], [{ sn: null }, "sn"], [{ sn: 5 }, "sn"],
    [{ sn: "REQ 1" }, "sn"], [{ sn: "REQ1&x=1" }, "sn"], [{ sn: "A".repeat(65) }, "sn"],
    [{ sn: "REQ1", show_type: "simple" }, "show_type"], [null, "params"],
  ]) {
    const e = await rejection(c.getTicketInfo(params));
    assert.equal(e.kind, "validation", JSON.stringify(params));
    assert.equal(e.field, field, `${JSON.stringify(params)}: ${e.message}`);
  }
  assert.deepEqual(await log("n-info-bad"), []);
});

test("getTicketInfo: the default client, and no secret in any URL an error shows", async () => {
  const e = await rejection(pkg.getTicketInfo({ sn: "bad sn" }));
  assert.equal(e.field, "sn");
  for (const prefix of ["", "/__/fault=html502", "/__/fault=badfield"]) {
    const err = await rejection(esb(prefix).getTicketInfo({ sn: NO_SUCH_SN }, { retries: 0 }));
    assert.match(err.url, /get_ticket_info\/\?/);
    for (const shown of [err.url, err.message, err.stack, JSON.stringify(err)]) {
      assert.ok(!shown.includes(SECRET), `${prefix}: ${shown}`);
      assert.ok(!shown.includes("test-token-admin"), `${prefix}: ${shown}`);
    }
  }
});

// ---- getTicketStatus

test("getTicketStatus: steps with their forms and operations, through either door", async () => {
  const sn = snWhere((t) => t.current_status === "RUNNING");
  for (const [c, tag] of [[esb("/__/tag=n-status"), "n-status"], [gateway("/__/tag=n-status-gw"), "n-status-gw"]]) {
    const status = await c.getTicketStatus({ sn });
    assert.deepEqual(Object.keys(status).slice(0, 6), ["ticket_url", "iframe_ticket_url", "operations", "current_status", "current_steps", "is_commented"]);
    assert.ok(status.operations.some((o) => o.key === "SUSPEND" && o.can_operate === true));
    assert.ok(status.current_steps.length > 0);
    for (const step of status.current_steps) {
      assert.equal(typeof step.processors, "string");
      assert.ok(Array.isArray(step.fields) && step.fields.every((f) => typeof f === "object" && !("value" in f)));
      assert.ok(Array.isArray(step.operations));
    }
    const [seen] = await log(tag);
    assert.equal(seen.method, "GET");
    assert.equal(seen.query.sn, sn);
  }
});

test("getTicketStatus: an ended ticket offers nothing; a SIGN step's operation has a null name", async () => {
  const c = esb();
  const ended = await c.getTicketStatus({ sn: snWhere((t) => t.current_status === "TERMINATED") });
  assert.deepEqual([ended.operations, ended.current_steps], [[], []]);
  let found = false;
  for (const t of all.filter((t) => t.service_type === "change" && t.end_at === null)) {
    const status = await c.getTicketStatus({ sn: t.sn });
    if (status.current_steps.some((s) => s.operations.some((o) => o.name === null))) {
      found = true;
      break;
    }
  }
  assert.ok(found);
});

test("getTicketStatus: not found, parameter rules, shapes", async () => {
  const e = await rejection(esb().getTicketStatus({ sn: NO_SUCH_SN }));
  assert.equal(e.kind, "api");
  assert.equal(e.code, 3900022);
  for (const params of [{}, { sn: "" }, { sn: "x y" }, { sn: ["REQ1"] }, { sn: "REQ1", page: 1 }]) {
    const err = await rejection(esb("/__/tag=n-status-bad").getTicketStatus(params));
    assert.equal(err.kind, "validation", JSON.stringify(params));
  }
  assert.deepEqual(await log("n-status-bad"), []);
  assert.equal((await rejection(pkg.getTicketStatus({}))).field, "sn");
  const sn = snWhere((t) => t.current_status === "RUNNING");
  const decode = await rejection(esb("/__/fault=itemsnotarray").getTicketStatus({ sn }));
  assert.equal(decode.kind, "decode");
  assert.match(decode.message, /data\.current_steps: expected an array/);
  // What the status does not declare is kept as sent.
  assert.equal((await esb("/__/fault=badfield").getTicketStatus({ sn })).sn, 5);
});

// ---- getTicketLogs

test("getTicketLogs: simple by default, complex on request, show_type in the query string", async () => {
  const sn = snWhere((t) => t.current_status === "FINISHED");
  const c = esb("/__/tag=n-logs");
  const simple = await c.getTicketLogs({ sn });
  assert.deepEqual(Object.keys(simple).slice(0, 5), ["sn", "title", "create_at", "creator", "logs"]);
  assert.ok(simple.logs.every((e) => Object.keys(e).join() === "operator,operate_at,message,source"));
  const complex = await c.getTicketLogs({ sn, show_type: "complex" });
  assert.ok(complex.logs.every((e) => "form_data" in e && typeof e.from_state_type === "string"));
  assert.ok(complex.logs.some((e) => Array.isArray(e.form_data)) && complex.logs.some((e) => e.from_state_type === ""));
  const [first, second] = await log("n-logs");
  assert.equal(first.query.show_type, undefined);
  assert.equal(second.query.show_type, "complex");
  assert.equal((await gateway().getTicketLogs({ sn, show_type: "simple" })).sn, sn);
});

test("getTicketLogs: a null operator and creator are kept", async () => {
  const logs = await esb().getTicketLogs({ sn: snWhere((t) => t.creator === null) });
  assert.equal(logs.creator, null);
  assert.ok(logs.logs.some((e) => e.operator === null && e.message.startsWith("None ")));
});

test("getTicketLogs: not found, parameter rules, shapes", async () => {
  const e = await rejection(gateway().getTicketLogs({ sn: NO_SUCH_SN }));
  assert.equal(e.kind, "api");
  assert.equal(e.code, 3900022);
  for (const [params, field] of [
    [{ show_type: "complex" }, "sn"], [{ sn: "REQ1", show_type: "COMPLEX" }, "show_type"],
    [{ sn: "REQ1", show_type: 1 }, "show_type"],
  ]) {
    const err = await rejection(esb("/__/tag=n-logs-bad").getTicketLogs(params));
    assert.equal(err.kind, "validation", JSON.stringify(params));
    assert.equal(err.field, field, err.message);
  }
  assert.deepEqual(await log("n-logs-bad"), []);
  assert.equal((await rejection(pkg.getTicketLogs({ sn: "REQ1", show_type: "x" }))).field, "show_type");
  const decode = await rejection(esb("/__/fault=badfield").getTicketLogs({ sn: snWhere((t) => t.current_status === "FINISHED") }));
  assert.equal(decode.kind, "decode");
  assert.match(decode.message, /data\.sn: expected a string, got 5/);
});

// ---- getTicketsByUser, iterTicketsByUser

test("getTicketsByUser: a page of the user's list through the gateway, as a GET", async () => {
  const page = await gateway("/__/tag=n-user").getTicketsByUser({ user: "admin", view_type: "my_created", page_size: 3, page: "2" });
  assert.equal(page.page, 2);
  assert.equal(page.items.length, 3);
  assert.ok(page.items.every((t) => t.creator === "admin"));
  const [seen] = await log("n-user");
  assert.equal(seen.method, "GET");
  assert.deepEqual(seen.query, { user: "admin", view_type: "my_created", page: "2", page_size: "3" });
});

test("getTicketsByUser: through ESB a validation error that says so, nothing sent", async () => {
  for (const call of [
    () => esb("/__/tag=n-user-esb").getTicketsByUser({ user: "admin", view_type: "my_todo" }),
    () => pkg.getTicketsByUser({ user: "admin", view_type: "my_todo" }),
    () => esb("/__/tag=n-user-esb").iterTicketsByUser({ user: "admin", view_type: "my_todo" }).next(),
  ]) {
    const e = await rejection(call());
    assert.equal(e.kind, "validation");
    assert.equal(e.field, "gateway");
    assert.match(e.message, /API gateway only/);
  }
  assert.deepEqual(await log("n-user-esb"), []);
});

test("getTicketsByUser: nulls, and items the server could not enrich", async () => {
  const { items } = await gateway().getTicketsByUser({ user: "admin", view_type: "my_dealt", page_size: 10000 });
  assert.ok(items.some((t) => t.creator === null) && items.some((t) => t.bk_biz_id === null));
  const bare = items.find((t) => t.service_type === "DEFAULT");
  assert.equal(bare.service_name, undefined);
  assert.match(bare.create_at, /T/);
  assert.ok(items.some((t) => typeof t.comment_id === "number") || items.some((t) => t.comment_id === ""));
});

test("iterTicketsByUser walks every page of the list, newest first", async () => {
  const c = gateway("/__/tag=n-user-walk");
  const { count } = await c.getTicketsByUser({ user: "alice", view_type: "my_todo", page_size: 1 });
  const ids = [];
  for await (const t of c.iterTicketsByUser({ user: "alice", view_type: "my_todo", page_size: 9 })) ids.push(t.id);
  assert.equal(ids.length, count);
  assert.ok(ids.every((id, i) => i === 0 || id < ids[i - 1]));
  assert.equal((await log("n-user-walk")).length, 1 + Math.ceil(count / 9));
  let n = 0;
  for await (const _ of c.iterTicketsByUser({ user: "alice", view_type: "my_todo", page_size: 2 }, { maxItems: 3 })) n++;
  assert.equal(n, 3);
});

test("getTicketsByUser: every parameter rule, the server's own errors", async () => {
  const c = gateway("/__/tag=n-user-bad");
  for (const [params, field] of [
    [{}, "user"], [{ user: "admin" }, "view_type"], [{ user: "", view_type: "my_todo" }, "user"],
    [{ user: "admin", view_type: "mine" }, "view_type"], [{ user: "admin", view_type: "my_todo", service_id: 1.5 }, "service_id"],
    [{ user: "admin", view_type: "my_todo", create_at__gte: "2024-01-01 00:00:00" }, "create_at__gte"],
    [{ user: "admin", view_type: "my_todo", page_size: 10001 }, "page_size"],
  ]) {
    const e = await rejection(c.getTicketsByUser(params));
    assert.equal(e.kind, "validation", JSON.stringify(params));
    assert.equal(e.field, field, e.message);
  }
  assert.deepEqual(await log("n-user-bad"), []);
  const e = await rejection(gateway().getTicketsByUser({ user: "admin", view_type: "my_todo", page: 99999 }));
  assert.equal(e.kind, "api");
  assert.equal(e.code, 3900004);
  const within = await gateway().getTicketsByUser({
    user: "admin", view_type: "my_created", create_at__gte: "2000-01-01 00:00:00", create_at__lte: "2000-01-02 00:00:00",
  });
  assert.deepEqual([within.count, within.items], [0, []]);
});
