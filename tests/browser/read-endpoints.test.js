// The read endpoints of issue 13 (getTicketInfo, getTicketStatus, getTicketLogs,
// getTicketsByUser, iterTicketsByUser): every parameter rule refused before sending, each result
// shape with its nulls and missing optional members, not found, both doors (from tests/read.rs;
// its test of secrets in a GET's URL is in secrets.test.js).
import { getTicketInfo, getTicketLogs, getTicketStatus, getTicketsByUser } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { APP, AUTH, client, rejects, serverLog } from "./lib/itsm.js";

/** A ticket number the data set does not have. */
const NO_SUCH_SN = "REQ19990101000001";

/** ESB with the app and the admin's token. */
const esb = (base) => client(base, AUTH);
/** The API gateway with the app. */
const gateway = (base) => client(base, { gateway: "apigw", ...APP });

const sn = (value) => ({ sn: value });

function array(v, key) {
  const a = v[key];
  assert.ok(Array.isArray(a), `${key} is not an array: ${JSON.stringify(a)}`);
  return a;
}

/** Every ticket of the data set (their numbers and the members the read endpoints share), to
 * pick tickets by what they are rather than by numbers that depend on the seed. */
let everyTicket;
function tickets() {
  everyTicket ??= esb("").getTickets({ page_size: 10000 }, undefined).then((page) => array(page, "items"));
  return everyTicket;
}

async function snWhere(f) {
  const t = (await tickets()).find(f);
  assert.ok(t, "a ticket of that kind in the data set");
  return t.sn;
}

/** Each [fault, path]: the server's answer broken by the fault prefix (a client made by
 * `makeClient` for `/__/fault=…`) is a decode error whose message names `what` and the path. */
async function decodeErrors(makeClient, call, what, faults) {
  for (const [fault, path] of faults) {
    const e = await rejects(call(makeClient(`/__/fault=${fault}`)));
    assert.equal(e.kind, "decode", fault);
    assert.includes(e.message, what, fault);
    assert.includes(e.message, `${path}:`, fault);
  }
}

const running = (t) => t.current_status === "RUNNING";
const finished = (t) => t.current_status === "FINISHED";

// ---- getTicketInfo

test("ticket info through ESB is a GET with its query string", async () => {
  const number = await snWhere(running);
  const info = await esb("/__/tag=r-info-esb").getTicketInfo(sn(number), undefined);
  assert.equal(info.sn, number);
  assert.equal(info.request_id?.length, 32);
  const steps = array(info, "current_steps");
  assert.ok(steps.length > 0, "a running ticket stands somewhere");
  const [step] = steps;
  for (const key of ["name", "status", "action_type", "tag", "processors_type", "processors"]) {
    assert.equal(typeof step[key], "string", `step.${key}`);
  }
  assert.equal(typeof step.state_id, "number");
  const fields = array(info, "fields");
  assert.ok(fields.length > 0);
  for (const f of fields) {
    assert.equal(typeof f.type, "string");
    assert.ok(typeof f.desc === "string" || f.desc === null, `desc ${JSON.stringify(f.desc)}`);
    // `value` and `display_value` are always there (any JSON, null included).
    assert.ok(f.value !== undefined && f.display_value !== undefined);
  }
  // The document's `service_type` is not sent, and nothing invents it.
  assert.equal(info.service_type, undefined);
  const log = await serverLog("r-info-esb");
  assert.equal(log.length, 1);
  assert.equal(log[0].method, "GET");
  const { query } = log[0];
  assert.equal(query.sn, number);
  assert.equal(query.bk_app_code, "bk-itsm-demo");
  assert.includes([undefined, null, ""], log[0].body, "a GET has no body");
});

test("ticket info through the gateway keeps the credentials in the header", async () => {
  const number = await snWhere(running);
  const info = await gateway("/__/tag=r-info-gw").getTicketInfo(sn(number), undefined);
  assert.equal(info.sn, number);
  const log = await serverLog("r-info-gw");
  assert.equal(log.length, 1);
  const { query } = log[0];
  assert.equal(query.sn, number);
  assert.equal(query.bk_app_secret, undefined);
});

test("ticket info nulls are kept", async () => {
  const c = esb("");
  let info = await c.getTicketInfo(sn(await snWhere((t) => t.creator === null)), undefined);
  assert.equal(info.creator, null);
  info = await c.getTicketInfo(sn(await snWhere((t) => t.bk_biz_id === null)), undefined);
  assert.equal(info.bk_biz_id, null);
  info = await c.getTicketInfo(sn(await snWhere(finished)), undefined);
  assert.equal(typeof info.end_at, "string");
  assert.equal(array(info, "current_steps").length, 0);
  info = await c.getTicketInfo(sn(await snWhere(running)), undefined);
  assert.equal(info.end_at, null);
  // Some field somewhere has a null value, a null desc, a non-string (JSON) value.
  const seen = [false, false, false];
  for (const t of (await tickets()).slice(0, 60)) {
    const detail = await c.getTicketInfo(sn(t.sn), undefined);
    for (const f of array(detail, "fields")) {
      seen[0] ||= f.value === null;
      seen[1] ||= f.desc === null;
      seen[2] ||= typeof f.value === "object" && f.value !== null;
    }
  }
  assert.deepEqual(seen, [true, true, true]);
});

test("a ticket that does not exist is an api error 3900022 through either door", async () => {
  for (const c of [esb(""), gateway("")]) {
    const e = await rejects(c.getTicketInfo(sn(NO_SUCH_SN), undefined));
    assert.equal(e.kind, "api");
    assert.equal(e.code, 3_900_022);
    assert.includes(e.message, "没有找到对应的单据");
  }
});

test("ticket info parameters are checked before sending", async () => {
  const c = esb("/__/tag=r-info-bad");
  for (const [params, field] of [
    [{}, "sn"],
    [{ sn: "" }, "sn"],
    [{ sn: null }, "sn"],
    [{ sn: 5 }, "sn"],
    [{ sn: " REQ20240101000001" }, "sn"],
    [{ sn: "REQ1&bk_username=admin" }, "sn"],
    [{ sn: "REQ1", page: 1 }, "page"],
    [null, "params"],
  ]) {
    const what = JSON.stringify(params);
    const e = await rejects(c.getTicketInfo(params, undefined));
    assert.equal(e.kind, "validation", what);
    assert.equal(e.field, field, `${what}: ${e.message}`);
  }
  let e = await rejects(c.getTicketInfo(undefined, undefined));
  assert.equal(e.field, "sn");
  e = await rejects(getTicketInfo({}, undefined));
  assert.equal(e.field, "sn");
  assert.deepEqual(await serverLog("r-info-bad"), [], "nothing is sent");
});

test("ticket info of the wrong shape is a decode error naming the path", async () => {
  const number = await snWhere(running);
  await decodeErrors(esb, (c) => c.getTicketInfo(sn(number), undefined), "a ticket's detail", [
    ["badfield", "data.id"],
    ["datanull", "data"],
    ["itemsnotarray", "data.fields"],
    ["bararray", "data"],
  ]);
});

// ---- getTicketStatus

test("ticket status through either door", async () => {
  const number = await snWhere(running);
  for (const [c, tag] of [
    [esb("/__/tag=r-status-esb"), "r-status-esb"],
    [gateway("/__/tag=r-status-gw"), "r-status-gw"],
  ]) {
    const status = await c.getTicketStatus(sn(number), undefined);
    assert.equal(status.current_status, "RUNNING");
    for (const key of ["ticket_url", "iframe_ticket_url"]) assert.equal(typeof status[key], "string", key);
    assert.equal(typeof status.is_commented, "boolean");
    const ops = array(status, "operations");
    assert.ok(
      ops.some((o) => o.key === "SUSPEND"),
      "a running ticket may be suspended",
    );
    const steps = array(status, "current_steps");
    assert.ok(steps.length > 0);
    for (const step of steps) {
      assert.equal(typeof step.processors, "string");
      for (const f of array(step, "fields")) {
        assert.ok(typeof f === "object" && f !== null);
        // Definitions, not values.
        assert.equal(f.value, undefined);
      }
      for (const o of array(step, "operations")) assert.equal(o.can_operate, true);
    }
    const log = await serverLog(tag);
    assert.equal(log.length, 1, tag);
    assert.equal(log[0].method, "GET");
    assert.equal(log[0].query.sn, number);
  }
});

test("ticket status of an ended ticket and a SIGN step", async () => {
  const c = esb("");
  const status = await c.getTicketStatus(sn(await snWhere(finished)), undefined);
  assert.equal(array(status, "operations").length, 0);
  assert.equal(array(status, "current_steps").length, 0);
  // Somewhere a SIGN step offers its own operation with a null name. (Change tickets have a
  // countersign step; open ones of every status.)
  let nullName = false;
  const openChanges = (await tickets()).filter((t) => t.service_type === "change" && t.end_at === null);
  for (const t of openChanges) {
    const s = await c.getTicketStatus(sn(t.sn), undefined);
    for (const step of array(s, "current_steps")) {
      for (const o of array(step, "operations")) nullName ||= o.name === null;
    }
    if (nullName) break;
  }
  assert.ok(nullName, "a SIGN step's operation has a null name");
});

test("ticket status: not found, rules and shapes", async () => {
  let e = await rejects(gateway("").getTicketStatus(sn(NO_SUCH_SN), undefined));
  assert.equal(e.kind, "api");
  assert.equal(e.code, 3_900_022);
  const c = esb("/__/tag=r-status-bad");
  for (const params of [{}, { sn: "a b" }, { sn: 7 }, { sn: "REQ1", show_type: "simple" }]) {
    e = await rejects(c.getTicketStatus(params, undefined));
    assert.equal(e.kind, "validation", JSON.stringify(params));
  }
  e = await rejects(getTicketStatus({}, undefined));
  assert.equal(e.field, "sn");
  assert.deepEqual(await serverLog("r-status-bad"), [], "nothing is sent");
  const number = await snWhere(running);
  // Members the status does not declare are kept as sent, whatever they hold.
  const status = await esb("/__/fault=badfield").getTicketStatus(sn(number), undefined);
  assert.equal(status.sn, 5);
  await decodeErrors(esb, (cl) => cl.getTicketStatus(sn(number), undefined), "a ticket's status", [
    ["datanull", "data"],
    ["bararray", "data"],
    ["itemsnotarray", "data.current_steps"],
  ]);
});

// ---- getTicketLogs

test("ticket logs: simple by default, complex on request", async () => {
  const number = await snWhere(finished);
  const c = gateway("/__/tag=r-logs");
  const simple = await c.getTicketLogs(sn(number), undefined);
  assert.equal(simple.sn, number);
  const logs = array(simple, "logs");
  assert.ok(logs.length >= 2);
  for (const entry of logs) {
    for (const key of ["operate_at", "message", "source"]) assert.equal(typeof entry[key], "string", key);
    assert.equal(entry.form_data, undefined);
    assert.equal(entry.from_state_type, undefined);
  }
  const complex = await c.getTicketLogs({ sn: number, show_type: "complex" }, undefined);
  for (const entry of array(complex, "logs")) {
    assert.notEqual(entry.form_data, undefined);
    assert.equal(typeof entry.from_state_type, "string");
  }
  const log = await serverLog("r-logs");
  assert.equal(log.length, 2);
  assert.equal(log[0].query.show_type, undefined);
  assert.equal(log[1].query.show_type, "complex");
});

test("ticket logs keep null operators and every source", async () => {
  const c = esb("");
  const logs = await c.getTicketLogs(sn(await snWhere((t) => t.creator === null)), undefined);
  assert.equal(logs.creator, null);
  // The server formats a null operator into the message as Python's `None`.
  assert.ok(
    array(logs, "logs").some((e) => e.operator === null && typeof e.message === "string" && e.message.startsWith("None ")),
    "an entry without operator, worded as the server words it",
  );
  const sources = new Set();
  for (const t of (await tickets()).slice(0, 150)) {
    const l = await c.getTicketLogs(sn(t.sn), undefined);
    for (const e of array(l, "logs")) sources.add(e.source);
  }
  assert.ok(sources.has("AUTOMATIC"), [...sources].join(", "));
});

test("ticket logs: not found, rules and shapes", async () => {
  let e = await rejects(esb("").getTicketLogs(sn(NO_SUCH_SN), undefined));
  assert.equal(e.kind, "api");
  assert.equal(e.code, 3_900_022);
  const c = esb("/__/tag=r-logs-bad");
  for (const [params, field] of [
    [{}, "sn"],
    [{ show_type: "complex" }, "sn"],
    [{ sn: "REQ1", show_type: "COMPLEX" }, "show_type"],
    [{ sn: "REQ1", show_type: "full" }, "show_type"],
    [{ sn: "REQ1", show_type: true }, "show_type"],
    [{ sn: "REQ1", showType: "complex" }, "showType"],
  ]) {
    const what = JSON.stringify(params);
    e = await rejects(c.getTicketLogs(params, undefined));
    assert.equal(e.kind, "validation", what);
    assert.equal(e.field, field, `${what}: ${e.message}`);
  }
  e = await rejects(getTicketLogs({ sn: "" }, undefined));
  assert.equal(e.field, "sn");
  assert.deepEqual(await serverLog("r-logs-bad"), [], "nothing is sent");
  const number = await snWhere(finished);
  await decodeErrors(esb, (cl) => cl.getTicketLogs(sn(number), undefined), "a ticket's log", [
    ["badfield", "data.sn"],
    ["datanull", "data"],
    ["itemsnotarray", "data.logs"],
  ]);
});

// ---- getTicketsByUser, iterTicketsByUser

const byUser = (user, view, extra = {}) => ({ user, view_type: view, ...extra });

test("tickets by user through the gateway is a page of the user's list", async () => {
  const page = await gateway("/__/tag=r-user").getTicketsByUser(byUser("admin", "my_todo", { page_size: 5, page: "2" }), undefined);
  assert.equal(page.page, 2);
  const items = array(page, "items");
  assert.equal(items.length, 5);
  for (const t of items) {
    assert.includes(String(t.current_processors ?? ""), ",admin,", "a to-do of admin's");
    assert.ok(typeof t.meta === "object" && t.meta !== null);
    assert.equal(typeof t.is_supervise_needed, "boolean");
  }
  const log = await serverLog("r-user");
  assert.equal(log.length, 1);
  assert.equal(log[0].method, "GET");
  const { query } = log[0];
  for (const [key, value] of [
    ["user", "admin"],
    ["view_type", "my_todo"],
    ["page", "2"],
    ["page_size", "5"],
  ]) {
    assert.equal(query[key], value, key);
  }
});

test("through ESB getTicketsByUser is refused and nothing is sent", async () => {
  const c = esb("/__/tag=r-user-esb");
  let e = await rejects(c.getTicketsByUser(byUser("admin", "my_todo"), undefined));
  assert.equal(e.kind, "validation");
  assert.equal(e.field, "gateway");
  assert.includes(e.message, "API gateway only");
  const walk = c.iterTicketsByUser(byUser("admin", "my_todo"), undefined);
  e = await rejects(walk.next());
  assert.equal(e.field, "gateway");
  // The default client is an ESB client.
  e = await rejects(getTicketsByUser(byUser("admin", "my_todo"), undefined));
  assert.equal(e.field, "gateway");
  assert.deepEqual(await serverLog("r-user-esb"), [], "nothing is sent");
});

test("tickets by user keeps nulls, and items the server could not enrich", async () => {
  // admin may view every service: my_dealt lists every ticket.
  const page = await gateway("").getTicketsByUser(byUser("admin", "my_dealt", { page_size: 10000 }), undefined);
  const items = array(page, "items");
  assert.ok(items.some((t) => t.creator === null));
  assert.ok(items.some((t) => t.bk_biz_id === null));
  const bare = items.find((t) => t.service_type === "DEFAULT");
  assert.ok(bare, "a ticket of the legacy service");
  // Only the 16 base members (and the comment id), with an ISO creation time.
  assert.equal(bare.service_name, undefined);
  assert.equal(bare.current_steps, undefined);
  assert.includes(String(bare.create_at ?? ""), "T", bare.create_at);
  const enriched = items.find((t) => t.current_steps !== undefined);
  assert.ok(enriched, "an enriched item");
  assert.ok(Array.isArray(enriched.followers));
  const comment = enriched.comment_id;
  assert.ok(typeof comment === "string" || typeof comment === "number", JSON.stringify(comment));
});

test("iterTicketsByUser walks every page in order", async () => {
  const c = gateway("/__/tag=r-user-walk");
  const first = await c.getTicketsByUser(byUser("admin", "my_todo", { page_size: 1 }), undefined);
  const count = typeof first.count === "number" ? first.count : 0;
  assert.ok(count > 14, `enough to walk: ${count}`);
  const ids = [];
  for await (const t of c.iterTicketsByUser(byUser("admin", "my_todo", { page_size: 7 }), undefined)) {
    ids.push(typeof t.id === "number" ? t.id : -1);
  }
  assert.equal(ids.length, count);
  assert.ok(
    ids.every((id, i) => i === 0 || ids[i - 1] > id),
    "newest first, no repeat",
  );
  const pages = (await serverLog("r-user-walk")).length - 1;
  assert.equal(pages, Math.ceil(count / 7));
});

test("tickets by user: parameter rules, server errors and shapes", async () => {
  const c = gateway("/__/tag=r-user-bad");
  const todo = (extra) => ({ user: "admin", view_type: "my_todo", ...extra });
  for (const [params, field] of [
    [{}, "user"],
    [{ view_type: "my_todo" }, "user"],
    [{ user: "admin" }, "view_type"],
    [{ user: "", view_type: "my_todo" }, "user"],
    [{ user: "admin", view_type: "todo" }, "view_type"],
    [todo({ service_id: "x" }), "service_id"],
    [todo({ catalog_id: 0 }), "catalog_id"],
    [todo({ create_at__gte: "2024-01-01" }), "create_at__gte"],
    [todo({ create_at__lte: "2024-01-01 00:00:00" }), "create_at__lte"],
    [todo({ page: "last" }), "page"],
    [todo({ page_size: 0 }), "page_size"],
    [todo({ username: "admin" }), "username"],
    [todo({ exclude_ticket_id__in: "1,2" }), "exclude_ticket_id__in"],
  ]) {
    const what = JSON.stringify(params);
    const e = await rejects(c.getTicketsByUser(params, undefined));
    assert.equal(e.kind, "validation", what);
    assert.equal(e.field, field, `${what}: ${e.message}`);
  }
  assert.deepEqual(await serverLog("r-user-bad"), [], "nothing is sent");
  // A page past the end: the server's own error, as sent.
  const e = await rejects(gateway("").getTicketsByUser(byUser("admin", "my_todo", { page: 99999 }), undefined));
  assert.equal(e.kind, "api");
  assert.equal(e.code, 3_900_004);
  await decodeErrors(gateway, (cl) => cl.getTicketsByUser(byUser("admin", "my_todo"), undefined), "a page of a user's tickets", [
    ["badfield", "data.items[0].id"],
    ["bararray", "data"],
    ["itemsnotarray", "data.items"],
  ]);
});
