// The login: the bk_token cookie, checked with ESB's bk_login/get_user (`verifyUser: "esb"`) or
// the portal's own function; 401 with ESB's own code 1306000 when missing or not valid (the
// package's client says "Please sign in again"), 502 when the check cannot be made. Answers are
// cached briefly under the token's hash, bounded, one check for concurrent requests.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TOKEN, assertNoSecrets, backend, isItsmError, pageClient, pathOf, portal, proxy, raw, sameOrigin, secrets, sleep } from "./helpers.mjs";

const GET_USER = "/api/c/compapi/v2/bk_login/get_user/";
let srv;
before(async () => {
  srv = await backend();
});
after(() => srv?.close());

/** A proxy on a portal, its target under `tag` (so its bk_login calls can be counted). */
async function mount(tag, options = {}) {
  const itsm = proxy({ target: `${srv.url}/__/tag=${tag}`, ...options });
  const site = await portal(itsm);
  after(() => site.close());
  return { itsm, site };
}
const loginCalls = async (tag) => (await srv.log(tag)).filter((e) => e.path === GET_USER).length;
const info = (site, token, headers = {}) =>
  raw(site.url, `${pathOf("get_ticket_info")}?sn=PBI20261013000001`, { headers: { ...sameOrigin(site.url, token), ...headers } });

describe("the login", () => {
  test("no bk_token cookie: 401 with ESB's code, and the page's client says sign in again", async () => {
    const { site } = await mount("login-none");
    const { Cookie, ...headers } = sameOrigin(site.url, "x");
    const r = await raw(site.url, `${pathOf("get_ticket_info")}?sn=X`, { headers });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { result: false, code: 1306000, data: null, message: "User authentication failed, please sign in again: no bk_token login cookie came with the request" });
    // A cookie that is no token is none (a quote, a separator, white space).
    for (const cookie of ["bk_token=", 'bk_token="a;b"', "bk_token=a b", "xbk_token=test-token-alice"]) {
      const bad = await raw(site.url, `${pathOf("get_ticket_info")}?sn=X`, { headers: { ...headers, Cookie: cookie } });
      assert.equal(bad.status, 401, cookie);
    }
    const e = await pageClient(site.url, null).getTickets({}).then(() => null, (e) => e);
    assert.ok(isItsmError(e));
    assert.deepEqual([e.kind, e.code, e.status, e.reason, e.userMessage], ["api", 1306000, 401, "login_required", "Please sign in again"]);
  });

  test("a bk_token bk_login does not know: 401; the token in the page's query or body does not count", async () => {
    const { site, itsm } = await mount("login-bad");
    secrets.add("0123456789abcdef-unknown");
    const r = await info(site, "0123456789abcdef-unknown");
    assert.equal(r.status, 401);
    assert.equal(r.json.code, 1306000);
    assert.match(r.json.message, /not valid, or has expired/);
    assert.ok(itsm.logs.some((e) => e.event === "login" && /bk_login refused the token/.test(e.detail)));
    // A valid token in the query (where the page's client copies the cookie) is not a login.
    const { Cookie, ...headers } = sameOrigin(site.url, "x");
    const q = await raw(site.url, `${pathOf("get_ticket_info")}?sn=X&bk_token=${TOKEN.alice}`, { headers });
    assert.equal(q.status, 401);
    const b = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers, body: JSON.stringify({ bk_token: TOKEN.alice }) });
    assert.equal(b.status, 401);
  });

  test("one bk_login call for N requests, concurrent or not, with one token", async () => {
    const { site } = await mount("login-cache");
    const answers = await Promise.all(Array.from({ length: 8 }, () => info(site, TOKEN.alice)));
    assert.ok(answers.every((r) => r.json.result === true));
    for (let i = 0; i < 5; i++) assert.equal((await info(site, TOKEN.alice)).json.result, true);
    assert.equal(await loginCalls("login-cache"), 1);
    // Another token is another check, and another user: a cached answer is never another token's.
    await info(site, TOKEN.admin);
    assert.equal(await loginCalls("login-cache"), 2);
    const byUser = (await srv.log("login-cache")).filter((e) => e.path.endsWith("/get_ticket_info/")).map((e) => e.query.bk_token);
    assert.equal(byUser.filter((t) => t === TOKEN.admin).length, 1);
    // A refused token is cached too: asking again costs bk_login nothing.
    secrets.add("refused-token-123");
    await info(site, "refused-token-123");
    await info(site, "refused-token-123");
    assert.equal(await loginCalls("login-cache"), 3);
  });

  test("the cached answer expires after cacheMs; cacheMs 0 asks every time", async () => {
    const { site } = await mount("login-expiry", { cacheMs: 150 });
    await info(site, TOKEN.alice);
    await info(site, TOKEN.alice);
    assert.equal(await loginCalls("login-expiry"), 1);
    await sleep(200);
    await info(site, TOKEN.alice);
    assert.equal(await loginCalls("login-expiry"), 2);
    const { site: every } = await mount("login-every", { cacheMs: 0 });
    for (let i = 0; i < 3; i++) await info(every, TOKEN.alice);
    assert.equal(await loginCalls("login-every"), 3);
  });

  test("the cache is bounded: past cacheSize tokens, the oldest is asked again", async () => {
    const { site } = await mount("login-size", { cacheSize: 2 });
    const bob = await srv.tokenFor("bob");
    for (const t of [TOKEN.alice, TOKEN.admin, bob]) await info(site, t);
    assert.equal(await loginCalls("login-size"), 3);
    await info(site, bob); // still kept
    assert.equal(await loginCalls("login-size"), 3);
    await info(site, TOKEN.alice); // the oldest, dropped
    assert.equal(await loginCalls("login-size"), 4);
  });

  test("loginTarget: ESB's bk_login where the gateway's host is not ESB's", async () => {
    const { site } = await mount("login-target-api", { gateway: "apigw", loginTarget: `${srv.url}/__/tag=login-target-esb` });
    const r = await raw(site.url, `${pathOf("get_ticket_info", "apigw")}?sn=PBI20261013000001`, { headers: sameOrigin(site.url, TOKEN.alice) });
    assert.equal(r.json.result, true, r.text);
    assert.equal(await loginCalls("login-target-esb"), 1);
    assert.equal(await loginCalls("login-target-api"), 0);
    assert.throws(() => proxy({ target: srv.url, loginTarget: "paas.example.com" }), /loginTarget must be an absolute http\(s\) URL/);
  });

  test("bk_login failing is 502, not a sign-out, and is not cached", async () => {
    // The first request of the tag (the bk_login call) gets a gateway's HTML error page.
    const { site, itsm } = await mount("login-down,fault=html502,times=1");
    const r = await info(site, TOKEN.alice);
    assert.equal(r.status, 502);
    assert.equal(r.json.code, "PROXY_LOGIN_UNAVAILABLE");
    assert.ok(itsm.logs.some((e) => e.event === "login" && e.level === "error" && /HTTP 502 without JSON/.test(e.detail)));
    const again = await info(site, TOKEN.alice);
    assert.equal(again.json.result, true, again.text);
    const e = await pageClient(site.url, TOKEN.alice, { via: () => Promise.resolve(new Response(r.text, { status: 502, headers: { "content-type": "application/json" } })) })
      .getTickets({})
      .then(() => null, (e) => e);
    assert.deepEqual([e.kind, e.code], ["api", "PROXY_LOGIN_UNAVAILABLE"]);
  });

  test("verifyUser as a function: its user acts, null is 401, a throw is 502; it is handed the request", async () => {
    const asked = [];
    const { site, itsm } = await mount("login-custom", {
      verifyUser: async (token, request) => {
        asked.push([token, request.headers["x-portal-session"]]);
        if (request.headers["x-portal-session"] === "boom") throw new Error(`session store down for ${token}`);
        return token === TOKEN.alice ? "alice" : null;
      },
    });
    const ok = await raw(site.url, pathOf("operate_ticket"), {
      method: "POST",
      headers: { ...sameOrigin(site.url, TOKEN.alice), "X-Portal-Session": "s1" },
      body: JSON.stringify({ sn: "X", action_type: "WITHDRAW", action_message: "m" }),
    });
    assert.equal(ok.json.code, 3900022, "forwarded as alice: ITSM has no ticket X");
    assert.equal((await srv.log("login-custom")).filter((e) => e.path.endsWith("/operate_ticket/")).at(-1).body.operator, "alice");
    assert.deepEqual(asked, [[TOKEN.alice, "s1"]]);
    assert.equal(await loginCalls("login-custom"), 0, "no bk_login call");
    assert.equal((await info(site, TOKEN.admin)).status, 401);
    const boom = await info(site, TOKEN.admin, { "X-Portal-Session": "boom" });
    assert.equal(boom.status, 401, "the refusal of this token was cached");
    const fresh = await srv.tokenFor("dave");
    const failed = await info(site, fresh, { "X-Portal-Session": "boom" });
    assert.equal(failed.status, 502);
    assert.equal(failed.json.code, "PROXY_LOGIN_UNAVAILABLE");
    const entry = itsm.logs.find((e) => e.event === "login" && /verifyUser threw/.test(e.detail));
    assert.equal(entry.detail, "verifyUser threw: session store down for [REDACTED]");
  });

  test("verifyUser resolving to something that is no user name is 502", async () => {
    const { site } = await mount("login-odd", { verifyUser: () => 42, cacheMs: 0 });
    assert.equal((await info(site, TOKEN.alice)).status, 502);
    const { site: blank } = await mount("login-blank", { verifyUser: () => "  ", cacheMs: 0 });
    assert.equal((await info(blank, TOKEN.alice)).status, 502);
  });

  test("no answer or log line held a secret", () => assertNoSecrets());
});
