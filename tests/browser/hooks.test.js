// Hooks (beforeRequest, afterResponse, beforeError) and the client's locale: what a portal team
// writes one line for (a trace header, "1306000 means go to the login page", the status and
// headers of a successful call), and the two languages of every message.
import { ItsmCode, createClient } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { APP, AUTH, admin, client, rejects, serverLog } from "./lib/itsm.js";

test("beforeRequest adds headers to every attempt; the client's own headers stay its own", async () => {
  const seen = [];
  const c = admin("/__/tag=h-before,fault=503,times=1", {
    retries: 1,
    hooks: {
      beforeRequest: [
        (r) => {
          seen.push(r);
          return { headers: { "X-Trace": `t-${r.attempt}`, "Content-Type": "text/plain", "X-Bkapi-Authorization": "{}" } };
        },
        (r) => {
          // A later hook sees what the earlier one added.
          assert.equal(r.headers["X-Trace"], `t-${r.attempt}`);
        },
      ],
    },
  });
  const page = await c.getTickets({ page_size: 1 });
  assert.equal(page.items.length, 1);
  assert.deepEqual(seen.map((r) => [r.endpoint, r.method, r.attempt]), [["get_tickets", "POST", 1], ["get_tickets", "POST", 2]]);
  for (const r of seen) {
    assert.ok(Object.isFrozen(r) && Object.isFrozen(r.headers));
    assert.ok(!/demo-secret|test-token/.test(JSON.stringify(r)), JSON.stringify(r));
  }
  const log = await serverLog("h-before");
  assert.deepEqual(log.map((e) => e.headers["x-trace"]), ["t-1", "t-2"]);
  for (const e of log) assert.equal(e.headers["content-type"], "application/json");
});

test("a throwing beforeRequest fails the call with hook_failed, and nothing is sent", async () => {
  const c = admin("/__/tag=h-throw", { hooks: { beforeRequest: [() => { throw new Error("no trace id"); }] } });
  const e = await rejects(c.getTicketInfo({ sn: "REQ20261012000001" }));
  assert.deepEqual([e.kind, e.reason, e.field, e.attempts], ["validation", "hook_failed", "hooks", 0]);
  assert.match(e.message, /no trace id/);
  assert.equal(e.sent, undefined, "a read has no `sent`");
  const w = await rejects(admin("/__/tag=h-throw", { user: "admin", hooks: { beforeRequest: [async () => { throw "x"; }] } }).commentTicket({ sn: "CRQ20261028000001", stars: 5 }));
  assert.deepEqual([w.reason, w.sent], ["hook_failed", false], "a write's: false");
  assert.deepEqual(await serverLog("h-throw"), []);
});

test("afterResponse sees the status and headers of every answer, a successful one too", async () => {
  const seen = [];
  const c = admin("/__/tag=h-after", { gateway: "apigw", hooks: { afterResponse: [(r) => seen.push(r)] } });
  await c.getTickets({ page_size: 1 });
  await rejects(c.getTicketInfo({ sn: "REQ19990101000001" }));
  assert.deepEqual(seen.map((r) => [r.endpoint, r.status, r.attempt]), [["get_tickets", 200, 1], ["get_ticket_info", 200, 1]]);
  assert.match(seen[0].headers["content-type"], /^application\/json/);
  assert.ok(seen[0].headers["x-bkapi-request-id"], "the gateway's request id header");
  assert.ok(!/demo-secret|test-token/.test(JSON.stringify(seen)));
});

test("beforeError runs once per rejection, for calls and walks; the call still rejects with the error", async () => {
  const seen = [];
  const c = admin("/__/tag=h-error", { hooks: { beforeError: [(e) => seen.push(e), () => { throw new Error("ignored"); }] } });
  const e = await rejects(c.getTicketInfo({ sn: "REQ19990101000001" }));
  assert.equal(e.code, ItsmCode.TICKET_NOT_FOUND);
  const v = await rejects(c.getTickets({ page_size: 0 }));
  const w = await rejects(c.getAllTickets({}, { maxItems: 0 }));
  // An approve checked against a status the server refuses: the status read's error, once.
  const a = await rejects(admin("/__/tag=h-error", { gateway: "apigw", user: "admin", hooks: { beforeError: [(x) => seen.push(x)] } }).approve({ sn: "REQ19990101000001", state_id: 1, action: "true" }));
  assert.deepEqual(seen, [e, v, w, a]);
  assert.equal(a.sent, false, "the approve itself never left");
  // The page's rule in one line: "1306000 means go to the login page".
  let login = 0;
  const anonymous = client("/__/tag=h-login", { ...APP, credentials: "omit", hooks: { beforeError: [(x) => x.code === ItsmCode.ESB_AUTHENTICATION && login++] } });
  await rejects(anonymous.getTickets({}));
  assert.equal(login, 1);
});

test("locale: the short message in Chinese or English, the developer's text in English", async () => {
  const zh = client("", { locale: "zh-CN" });
  const en = client("", { locale: "en" });
  const [a] = zh.validate("getTickets", { page_size: 10001 });
  const [b] = en.validate("getTickets", { page_size: 10001 });
  assert.deepEqual([a.reason, a.userMessage], ["out_of_range", "须在 1 到 10000 之间"]);
  assert.deepEqual([b.reason, b.userMessage], ["out_of_range", "Must be from 1 to 10000"]);
  assert.equal(a.message, b.message);
  const e = await rejects(createClient({ baseUrl: "http://127.0.0.1:9", ...AUTH, locale: "zh-CN", retries: 0, timeoutMs: 2000 }).getTickets({}));
  assert.equal(e.userMessage, "无法连接服务器");
  assert.throws(() => createClient({ locale: "fr" }), (x) => x.field === "locale");
});
