// Forwarding: ITSM's answer goes back as it came (status, Content-Type, the request-id headers,
// the gateway's error headers, the body); what the proxy says itself is an envelope the page's
// client reads: 400 VALIDATE_ERROR with `issues` for parameters the engine refuses, ITSM's own
// refusal of the call the engine makes first, 502/504 with the door's "ITSM is unavailable"
// codes when ITSM fails or is slow, never a followed redirect.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { APP, TOKEN, assertNoSecrets, backend, createItsmProxy, isItsmError, pageClient, pathOf, portal, proxy, raw, sameOrigin, sleep } from "./helpers.mjs";

const TAG = "proxy-forwarding";
let srv, itsm, site;
const servers = [];

before(async () => {
  srv = await backend();
  itsm = proxy({ target: `${srv.url}/__/tag=${TAG}`, gateway: ["esb", "apigw"] });
  site = await portal(itsm);
  servers.push(site);
});
after(async () => {
  for (const s of servers) await s.close();
  await srv?.close();
});

/** A portal in front of the local server under `prefix` (test options: faults, delays). */
async function via(prefix, options = {}) {
  const p = proxy({ target: `${srv.url}/__/${prefix}`, gateway: ["esb", "apigw"], ...options });
  const s = await portal(p);
  servers.push(s);
  return { site: s, itsm: p };
}
const failure = (promise) => promise.then((v) => assert.fail(`resolved: ${JSON.stringify(v)}`), (e) => (assert.ok(isItsmError(e), String(e)), e));

describe("forwarding", () => {
  test("ITSM's answer as it came: status, Content-Type, request ids, no-store", async () => {
    const esb = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(site.url, TOKEN.alice), body: '{"page_size":1}' });
    assert.equal(esb.status, 200);
    assert.match(esb.headers.get("content-type"), /^application\/json/);
    assert.match(esb.json.request_id, /^[0-9a-f]{32}$/);
    assert.equal(esb.headers.get("cache-control"), "no-store");
    const gw = await raw(site.url, pathOf("get_tickets", "apigw"), { method: "POST", headers: { ...sameOrigin(site.url, TOKEN.alice), "X-Request-Id": "page-rid-1" }, body: '{"page_size":1}' });
    assert.equal(gw.status, 200);
    assert.match(gw.headers.get("x-bkapi-request-id"), /^[0-9a-f-]{36}$/);
    assert.ok(gw.headers.get("x-request-id"));
    // The package's client reads the gateway's request id from the header the proxy passed on.
    const page = await pageClient(site.url, TOKEN.alice, { door: "apigw" }).getTickets({ page_size: 1 });
    assert.match(page.request_id, /^[0-9a-f-]{36}$/);
  });

  test("the gateway's own errors: status and X-Bkapi-Error-* headers passed on", async () => {
    const { site: s } = await via(`tag=${TAG}-gw,fault=gwerror,skip=1`, { verifyUser: (t) => (t === TOKEN.alice ? "alice" : null) });
    const r = await raw(s.url, pathOf("get_tickets", "apigw"), { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body: "{}" });
    // skip=1: the fault spares the tag's first request; this is its second.
    const r2 = await raw(s.url, pathOf("get_tickets", "apigw"), { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body: "{}" });
    assert.equal(r.status, 200);
    assert.equal(r2.status, 403);
    assert.equal(r2.headers.get("x-bkapi-error-code"), "1640301");
    assert.ok(r2.headers.get("x-bkapi-error-message"));
    assert.equal(r2.json.code, 1640301);
  });

  test("parameters the engine refuses: 400 VALIDATE_ERROR with every issue (for callers that are not the package's client)", async () => {
    const n = (await srv.log(TAG)).filter((e) => e.path.endsWith("/get_tickets/")).length;
    const r = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(site.url, TOKEN.alice), body: JSON.stringify({ page_size: 0, creatr: "x" }) });
    assert.equal(r.status, 400);
    assert.deepEqual(Object.keys(r.json), ["result", "code", "data", "message", "issues"]);
    assert.equal(r.json.code, "VALIDATE_ERROR");
    assert.deepEqual(r.json.issues.map((i) => [i.field, i.reason]).sort(), [["creatr", "unknown_key"], ["page_size", "out_of_range"]]);
    for (const i of r.json.issues) assert.deepEqual(Object.keys(i), ["field", "reason", "message", "userMessage"]);
    assert.equal((await srv.log(TAG)).filter((e) => e.path.endsWith("/get_tickets/")).length, n, "nothing was forwarded");
  });

  test("ITSM refusing the call the engine makes first (the service's form) is passed on with its code", async () => {
    const r = await raw(site.url, pathOf("create_ticket"), { method: "POST", headers: sameOrigin(site.url, TOKEN.alice), body: JSON.stringify({ service_id: 99999, fields: [{ key: "title", value: "t" }] }) });
    assert.equal(r.json.result, false);
    assert.equal(r.json.code, 3900404);
    assert.match(r.json.request_id, /^[0-9a-f]{32}$/);
  });

  test("ITSM unreachable: 502 with the door's code; the page's client says ITSM is unavailable", async () => {
    // A port that accepts nothing: a server started and closed.
    const dead = createServer();
    await new Promise((r) => dead.listen(0, "127.0.0.1", r));
    const port = dead.address().port;
    await new Promise((r) => dead.close(r));
    const p = proxy({ target: `http://127.0.0.1:${port}`, gateway: ["esb", "apigw"], verifyUser: () => "alice" });
    const s = await portal(p);
    servers.push(s);
    for (const [door, code] of [["esb", 1306201], ["apigw", 1650201]]) {
      const e = await failure(pageClient(s.url, TOKEN.alice, { door }).getTicketInfo({ sn: "X" }));
      assert.deepEqual([e.kind, e.code, e.status, e.reason], ["api", code, 502, "server_unavailable"], door);
      assert.match(e.message, /ITSM could not be reached/);
    }
    assert.ok(p.logs.some((l) => l.level === "error" && l.event === "failed" && l.status === 502));
  });

  test("ITSM too slow: 504 after the timeout, with the door's code", async () => {
    const { site: s } = await via(`tag=${TAG}-slow,delay=2000`, { verifyUser: () => "alice", timeoutMs: 200 });
    const started = Date.now();
    const r = await raw(s.url, pathOf("get_tickets", "apigw"), { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body: "{}" });
    assert.equal(r.status, 504);
    assert.equal(r.json.code, 1650401);
    assert.match(r.json.message, /within 200 ms/);
    assert.ok(Date.now() - started < 1500);
    const esb = await raw(s.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body: "{}" });
    assert.deepEqual([esb.status, esb.json.code], [504, 1306201]);
  });

  test("a redirect from upstream is never followed: 502", async () => {
    const { site: s } = await via(`tag=${TAG}-redir,fault=redirect`, { verifyUser: () => "alice" });
    const r = await raw(s.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body: "{}" });
    assert.equal(r.status, 502);
    assert.match(r.json.message, /redirect \(HTTP 307\)/);
  });

  test("a page that goes away aborts the upstream request", async () => {
    const { site: s, itsm: p } = await via(`tag=${TAG}-gone,delay=3000`, { verifyUser: () => "alice" });
    const controller = new AbortController();
    const pending = fetch(s.url + pathOf("get_tickets"), { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body: "{}", signal: controller.signal }).catch((e) => e.name);
    await sleep(300);
    controller.abort();
    assert.equal(await pending, "AbortError");
    for (let i = 0; i < 50 && !p.logs.some((l) => l.status === 499); i++) await sleep(20);
    const entry = p.logs.find((l) => l.status === 499);
    assert.ok(entry, JSON.stringify(p.logs));
    assert.ok(entry.ms < 2000, `stopped after ${entry.ms} ms, not at ITSM's answer`);
  });

  test("the page's language goes to ITSM (its messages follow it)", async () => {
    await raw(site.url, pathOf("get_tickets"), { method: "POST", headers: { ...sameOrigin(site.url, TOKEN.alice), "Accept-Language": "zh-CN,zh;q=0.9" }, body: "{}" });
    const sent = (await srv.log(TAG)).filter((e) => e.path.endsWith("/get_tickets/")).at(-1);
    assert.equal(sent.headers["accept-language"], "zh-CN,zh;q=0.9");
  });

  test("a logger that throws changes no answer; an upstream answer without a body stays without one", async () => {
    const p = createItsmProxy({
      target: "https://paas.example.com",
      ...APP,
      verifyUser: () => "alice",
      logger: () => {
        throw new Error("the log disk is full");
      },
      fetch: async () => new Response(null, { status: 204 }),
    });
    const request = () => new Request(`https://portal.example${pathOf("get_tickets")}`, { method: "POST", headers: sameOrigin("https://portal.example", TOKEN.alice), body: "{}" });
    const r = await p.fetch(request());
    assert.equal(r.status, 204);
    assert.equal(await r.text(), "");
    const s = await portal(p);
    servers.push(s);
    const viaNode = await raw(s.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body: "{}" });
    assert.equal(viaNode.status, 204);
    const refused = await raw(s.url, pathOf("get_tickets"), { method: "POST", headers: { Origin: "https://evil.example" }, body: "{}" });
    assert.equal(refused.status, 403);
  });

  test("no answer or log line held a secret", () => assertNoSecrets());
});
