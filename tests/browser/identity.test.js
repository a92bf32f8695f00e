// Who a write acts as, whether it was sent, and what it carries: `createClient({ user })` pins
// every identity member (creator, operator, approver) to the user (another name is a validation
// error, nothing sent); without a user no identity member is sent (a proxy in front sets it);
// writes are never sent twice, whatever `retries` says; `sent` is "maybe" when a write left and
// no answer came, false when the server refused it or nothing left; a client without the app's
// secret marks every request with `X-Bk-Itsm-Tickets: 1` (the same-origin proxy's proof).
import { ItsmCode, createClient } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { APP_CODE, SERVER, rejects, runTag, serverLog, sleep } from "./lib/itsm.js";
import { FORM_13, NO_SUCH_SN, SEEDED, esbAs, esbOn, gatewayAs, requests, trail } from "./lib/writes.js";

const at = (scope, more = "") => `/__/tag=${scope},state=${scope},lang=zh,flowdelay=50${more}`;

/** Service 13's form (the `service` option spares each create its request). */
let form13;
const service13 = async () => (form13 ??= await esbAs("admin", "").getServiceDetail({ service_id: 13 }));

/**
 * One call of each write, with `identity` merged into its parameters: `[name, member, call]`.
 * `esb` and `gw` are clients on the same prefix (approve goes through the gateway only).
 */
async function everyWrite(esb, gw, identity = {}) {
  const service = await service13();
  return [
    ["createTicket", "creator", () => esb.createTicket({ service_id: 13, fields: FORM_13, ...pick(identity, "creator") }, { service })],
    ["operateTicket", "operator", () => esb.operateTicket({ sn: SEEDED.aliceRunning.sn, action_type: "SUSPEND", action_message: "m", ...pick(identity, "operator") })],
    ["operateNode", "operator", () => esb.operateNode({ sn: SEEDED.aliceNode.sn, state_id: SEEDED.aliceNode.state, action_type: "TRANSITION", fields: { process_result: "x" }, ...pick(identity, "operator") })],
    ["approve", "approver", () => gw.approve({ sn: SEEDED.approval.sn, state_id: SEEDED.approval.state, action: "true", ...pick(identity, "approver") })],
    ["commentTicket", "operator", () => esb.commentTicket({ sn: SEEDED.finished[0], stars: 5, ...pick(identity, "operator") })],
  ];
}
const pick = (o, key) => (key in o ? { [key]: o[key] } : {});
/** Runs `call`, whatever it settles to. */
const settle = (call) => call().then((value) => ({ value }), (error) => ({ error }));
/** The identity members a request body carries. */
const identityOf = (body) => Object.fromEntries(["creator", "operator", "approver", "handler", "username"].filter((k) => k in body).map((k) => [k, body[k]]));

// ---- pinned to the user

test("a client's user is every write's identity: filled in where not given, accepted where given as the same name", async () => {
  const expected = [
    ["create_ticket", { creator: "alice" }],
    ["operate_ticket", { operator: "alice" }],
    ["operate_node", { operator: "alice" }],
    ["approve", { approver: "alice" }],
    ["comment_ticket", { operator: "alice" }],
  ];
  // Each round in a scope of its own: the seeded tickets as the data set has them.
  for (const [scope, identity] of [["id-fill", {}], ["id-same", { creator: "alice", operator: "alice", approver: "alice" }]]) {
    const esb = esbAs("alice", at(scope));
    const gw = gatewayAs("alice", at(scope));
    for (const [, , call] of await everyWrite(esb, gw, identity)) await settle(call);
    const posts = (await requests(scope)).filter((r) => r.method === "POST");
    assert.deepEqual(posts.map((r) => [r.endpoint, identityOf(r.body)]), expected, scope);
  }
});

test("naming anyone else is refused before anything is sent: not_the_user on that member, no form or status fetched either", async () => {
  const esb = esbAs("alice", at("id-spoof"), { locale: "en" });
  const gw = gatewayAs("alice", at("id-spoof"), { locale: "en" });
  for (const [name, member, call] of await everyWrite(esb, gw, { creator: "admin", operator: "admin", approver: "admin" })) {
    const e = await rejects(call());
    assert.deepEqual([e.kind, e.field, e.reason, e.attempts], ["validation", member, "not_the_user", 0], name);
    assert.includes(e.message, `${member}: "admin" is not the client's user "alice"`, name);
    assert.equal(e.userMessage, "You can only act as yourself", name);
  }
  const zh = await rejects(esbAs("alice", "", { locale: "zh-CN" }).commentTicket({ sn: SEEDED.finished[0], stars: 5, operator: "bob" }));
  assert.equal(zh.userMessage, "只能以本人身份操作");
  assert.deepEqual(await serverLog("id-spoof"), [], "the server heard nothing");
});

test("without a user, no identity member is sent, and naming one is refused", async () => {
  const esb = esbAs(null, at("id-none"));
  const gw = gatewayAs(null, at("id-none"));
  const outcomes = [];
  for (const [, , call] of await everyWrite(esb, gw)) outcomes.push(await settle(call));
  const posts = (await requests("id-none")).filter((r) => r.method === "POST");
  assert.deepEqual(posts.map((r) => r.endpoint), ["create_ticket", "operate_ticket", "operate_node", "approve", "comment_ticket"]);
  for (const r of posts) assert.deepEqual(identityOf(r.body), {}, `${r.endpoint}: ${JSON.stringify(r.body)}`);
  // The server falls back on the login for the creator; the approval it cannot attribute.
  const { sn } = outcomes[0].value;
  assert.equal((await esb.getTicketInfo({ sn })).creator, "admin", "create_ticket's creator: the door's user");
  assert.includes(outcomes[3].error.message, "None不是当前节点的审批人");
  const before = (await serverLog("id-none")).length;
  for (const [name, member, call] of await everyWrite(esb, gw, { creator: "alice", operator: "alice", approver: "alice" })) {
    const e = await rejects(call());
    assert.deepEqual([e.kind, e.field, e.reason], ["validation", member, "not_the_user"], name);
    assert.includes(e.message, "(none: a proxy in front sets it)");
  }
  assert.equal((await serverLog("id-none")).length, before, "nothing sent");
});

test(
  "validate() says what the call will refuse: another user's name",
  async () => {
    const c = esbAs("alice", "", { locale: "en" });
    const params = { sn: SEEDED.finished[0], stars: 5, operator: "bob" };
    const e = await rejects(c.commentTicket(params));
    assert.deepEqual([e.kind, e.field, e.reason], ["validation", "operator", "not_the_user"], "the call refuses it");
    assert.deepEqual(
      c.validate("commentTicket", params).map((i) => `${i.field}:${i.reason}`),
      ["operator:not_the_user"],
      "validate() should list the same issue",
    );
  },
);

test(
  "a user of white space only is refused like an empty one",
  async () => {
    const e = assert.throws(() => createClient({ baseUrl: SERVER, user: "" }));
    assert.deepEqual([e.kind, e.field], ["validation", "user"]);
    const blank = assert.throws(() => createClient({ baseUrl: SERVER, user: "   " }), undefined, "createClient accepted user: \"   \"");
    assert.deepEqual([blank.kind, blank.field], ["validation", "user"]);
  },
);

// ---- never sent twice

test("writes are never retried: 503, 502, 504, 429, a dropped connection, with retries configured; the same reads are", async () => {
  const { sn } = SEEDED.aliceRunning;
  for (const [fault, gateway, kind, sent] of [
    ["fault=503", false, "http", "maybe"],
    ["fault=html502", false, "http", "maybe"],
    ["fault=504", true, "api", undefined], // sent: see "a gateway 504 …" below
    ["fault=429,retryafter=0", true, "api", false],
  ]) {
    const name = fault.replace(/\W+/g, "-");
    const make = gateway ? gatewayAs : esbAs;
    // The fault answers the first request only: a retry would succeed.
    const c = make("admin", at(`nr-${name}`, `,${fault},times=1`), { retries: 3 });
    const e = await rejects(c.operateTicket({ sn, action_type: "SUSPEND", action_message: "m" }, { retries: 3 }));
    assert.deepEqual([e.kind, e.attempts], [kind, 1], fault);
    if (sent !== undefined) assert.equal(e.sent, sent, `${fault}: sent`);
    assert.equal((await serverLog(`nr-${name}`)).length, 1, `${fault}: one request`);
    assert.equal((await c.getTicketStatus({ sn })).current_status, "RUNNING", `${fault}: nothing happened`);
    const read = make("admin", at(`nr-read-${name}`, `,${fault},times=1`), { retries: 3 });
    await read.getTicketStatus({ sn });
    assert.equal((await serverLog(`nr-read-${name}`)).length, 2, `${fault}: the read was retried`);
  }
  // A dropped connection: the package sends once. (A browser resends by itself a request whose
  // reused keep-alive connection closed before any answer, POSTs included: Chrome and Firefox
  // both do, so the server may hear it twice. Every request is dropped here.) The write goes to
  // an origin of its own (localhost for 127.0.0.1), whose only idle connection is its preflight's:
  // on 127.0.0.1, where the tests before left several, Chromium tried each in turn and the server
  // heard the one write three times (a fresh-clone run of make test).
  const origin = SERVER.replace("//127.0.0.1:", "//localhost:");
  assert.notEqual(origin, SERVER, "the write's own origin");
  const c = esbOn(origin, "admin", at("nr-drop", ",fault=drop"), { retries: 3 });
  const e = await rejects(c.operateTicket({ sn, action_type: "SUSPEND", action_message: "m" }, { retries: 3 }));
  assert.deepEqual([e.kind, e.sent, e.attempts], ["network", "maybe", 1]);
  const heard = (await serverLog("nr-drop")).length;
  assert.ok(heard === 1 || heard === 2, `the server heard ${heard} requests`);
});

test("createTicket: its form's request is a read (retried), its POST a write (never)", async () => {
  const c = esbAs("admin", at("nr-create", ",fault=503,times=1"), { retries: 2 });
  const created = await c.createTicket({ service_id: 13, fields: FORM_13 });
  assert.match(created.sn, /^REQ/);
  assert.deepEqual(await trail("nr-create"), ["GET get_service_detail", "GET get_service_detail", "POST create_ticket"]);
  const d = esbAs("admin", at("nr-create-post", ",fault=503,skip=1,times=1"), { retries: 2 });
  const e = await rejects(d.createTicket({ service_id: 13, fields: FORM_13 }));
  assert.deepEqual([e.kind, e.status, e.sent, e.attempts], ["http", 503, "maybe", 1]);
  assert.match(e.url, /create_ticket\/$/);
  assert.deepEqual(await trail("nr-create-post"), ["GET get_service_detail", "POST create_ticket"]);
});

// ---- sent

test(
  "a gateway 504 (ITSM did not answer in time) on a write is sent \"maybe\": ITSM may have acted",
  async () => {
    const c = gatewayAs("admin", at("sent-504", ",fault=504"));
    const e = await rejects(c.createTicket({ service_id: 13, fields: FORM_13 }, { service: await service13() }));
    assert.deepEqual([e.kind, e.status, e.code], ["api", 504, ItsmCode.APIGW_BACKEND_TIMEOUT]);
    assert.equal(e.sent, "maybe", `sent ${JSON.stringify(e.sent)}: the gateway had forwarded it`);
  },
);

test("sent is \"maybe\" when a write left and no answer came: a timeout, an abort in flight; the message says to look first", async () => {
  const { sn } = SEEDED.aliceRunning;
  const slow = esbAs("admin", at("sent-timeout", ",delay=1500"), { timeoutMs: 300 });
  let e = await rejects(slow.operateTicket({ sn, action_type: "SUSPEND", action_message: "m" }));
  assert.deepEqual([e.kind, e.sent, e.attempts], ["timeout", "maybe", 1]);
  assert.includes(e.message, "the request may have reached the server and acted; check before sending it again");
  const controller = new AbortController();
  const pending = esbAs("admin", at("sent-abort", ",delay=1500")).operateTicket({ sn, action_type: "SUSPEND", action_message: "m" }, { signal: controller.signal });
  await sleep(300);
  controller.abort();
  e = await rejects(pending);
  assert.deepEqual([e.kind, e.sent, e.attempts], ["aborted", "maybe", 1]);
  const dropped = await rejects(esbAs("admin", at("sent-drop", ",fault=drop")).commentTicket({ sn: SEEDED.finished[0], stars: 5 }));
  assert.deepEqual([dropped.kind, dropped.sent], ["network", "maybe"]);
  assert.includes(dropped.message, "may have reached the server and acted");
  // A read says nothing of `sent`.
  const read = await rejects(esbAs("admin", at("sent-read", ",delay=1500"), { timeoutMs: 300, retries: 0 }).getTicketStatus({ sn }));
  assert.deepEqual([read.kind, "sent" in read], ["timeout", false]);
});

test("sent is false when the server refused the write, or when nothing left", async () => {
  const { sn } = SEEDED.aliceRunning;
  let e = await rejects(esbAs("admin", at("sent-no")).operateTicket({ sn: NO_SUCH_SN, action_type: "SUSPEND", action_message: "m" }));
  assert.deepEqual([e.kind, e.code, e.sent], ["api", ItsmCode.TICKET_NOT_FOUND, false]);
  e = await rejects(gatewayAs("admin", at("sent-no", ",fault=gwerror")).operateTicket({ sn, action_type: "SUSPEND", action_message: "m" }));
  assert.deepEqual([e.kind, e.status, e.code, e.sent], ["api", 403, ItsmCode.APIGW_NO_PERMISSION, false]);
  e = await rejects(esbAs("admin", at("sent-no", ",fault=codenum")).operateTicket({ sn, action_type: "SUSPEND", action_message: "m" }));
  assert.deepEqual([e.kind, e.code, e.sent], ["api", ItsmCode.ESB_AUTHENTICATION, false]);
  const gone = new AbortController();
  gone.abort();
  e = await rejects(esbAs("admin", at("sent-no-abort")).operateTicket({ sn, action_type: "SUSPEND", action_message: "m" }, { signal: gone.signal }));
  assert.deepEqual([e.kind, e.sent, e.attempts], ["aborted", false, 0]);
  assert.deepEqual(await serverLog("sent-no-abort"), []);
});

test(
  "sent is false on a write's validation error: nothing was sent",
  async () => {
    const c = esbAs("alice", "");
    for (const [what, call] of [
      ["a bad parameter", () => c.operateTicket({ sn: SEEDED.aliceRunning.sn, action_type: "CLOSE", action_message: "m" })],
      ["another user", () => c.commentTicket({ sn: SEEDED.finished[0], stars: 5, operator: "bob" })],
      ["stars out of range", () => c.commentTicket({ sn: SEEDED.finished[0], stars: 9 })],
    ]) {
      const e = await rejects(call());
      assert.equal(e.kind, "validation", what);
      assert.equal(e.sent, false, `${what}: sent ${JSON.stringify(e.sent)}`);
    }
  },
);

test(
  "sent is false when the write was never sent because the read before it failed",
  async () => {
    const e = await rejects(gatewayAs("alice", at("sent-before")).approve({ sn: NO_SUCH_SN, state_id: 1103, action: "true" }));
    assert.deepEqual([e.kind, e.code], ["api", ItsmCode.TICKET_NOT_FOUND]);
    assert.deepEqual(await trail("sent-before"), ["GET get_ticket_status"], "no approve posted");
    assert.equal(e.sent, false, `approve rejected with sent ${JSON.stringify(e.sent)}`);
    const f = await rejects(esbAs("admin", at("sent-before-form")).createTicket({ service_id: 14, fields: { title: "t" } }));
    assert.deepEqual([f.kind, f.code], ["api", ItsmCode.OBJECT_NOT_FOUND]);
    assert.equal(f.sent, false, `createTicket rejected with sent ${JSON.stringify(f.sent)}`);
  },
);

// ---- the proxy header

test("X-Bk-Itsm-Tickets: 1 on every request of a client without the app's secret (reads, writes, the form's request), never with it", async () => {
  const service = await service13();
  const noSecret = (base, extra = {}) => createClient({ baseUrl: `${SERVER}/__/tag=${runTag(base)}`, user: "admin", ...extra });
  // Through a same-origin proxy the page has no secret: ESB and gateway alike (the local server,
  // which is no proxy, refuses them for want of an app; only the headers matter here).
  for (const [tag, extra] of [["px-esb", {}], ["px-gw", { gateway: "apigw" }], ["px-code", { bk_app_code: APP_CODE }]]) {
    const c = noSecret(tag, extra);
    await settle(() => c.getTicketStatus({ sn: SEEDED.aliceRunning.sn }));
    await settle(() => c.createTicket({ service_id: 13, fields: FORM_13 }));
    await settle(() => c.createTicket({ service_id: 13, fields: FORM_13 }, { service }));
    await settle(() => c.commentTicket({ sn: SEEDED.finished[0], stars: 5 }));
    const log = await serverLog(tag);
    assert.equal(log.length, 4, tag);
    for (const entry of log) assert.equal(entry.headers["x-bk-itsm-tickets"], "1", `${tag} ${entry.method} ${entry.path}`);
    // A browser asks before sending a header of its own across origins: the preflight names it.
    const raw = await (await fetch(`${SERVER}/__log?tag=${encodeURIComponent(runTag(tag))}`)).json();
    const preflight = raw.find((e) => e.preflight);
    assert.ok(preflight, `${tag}: a CORS preflight`);
    assert.includes(String(preflight.headers["access-control-request-headers"]).toLowerCase(), "x-bk-itsm-tickets");
  }
  const withSecret = esbAs("admin", at("px-secret"));
  await withSecret.getTicketStatus({ sn: SEEDED.aliceRunning.sn });
  await withSecret.commentTicket({ sn: SEEDED.finished[0], stars: 5 });
  await gatewayAs("admin", at("px-secret")).getServices();
  for (const entry of await serverLog("px-secret")) assert.equal(entry.headers["x-bk-itsm-tickets"], undefined, `${entry.method} ${entry.path}`);
});
