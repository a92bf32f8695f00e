// Cross-site requests are refused before anything else happens (no login check, nothing
// forwarded): Sec-Fetch-Site other than same-origin or none, an Origin of another host, a
// request without the client's X-Bk-Itsm-Tickets header. allowedOrigins lets listed sites in,
// with CORS headers and preflights; nothing else gets a preflight.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TOKEN, assertNoSecrets, backend, isItsmError, pageClient, pathOf, portal, proxy, raw, sameOrigin } from "./helpers.mjs";

const TAG = "proxy-cross";
const PARTNER = "https://partner.example.com";
let srv, itsm, site, open;

before(async () => {
  srv = await backend();
  itsm = proxy({ target: `${srv.url}/__/tag=${TAG}` });
  site = await portal(itsm);
  const withPartner = proxy({ target: `${srv.url}/__/tag=${TAG}`, allowedOrigins: [PARTNER] });
  open = await portal(withPartner);
});
after(async () => {
  await site?.close();
  await open?.close();
  await srv?.close();
});

const body = JSON.stringify({ sn: "PBI20261013000001", action_type: "WITHDRAW", action_message: "csrf" });
const forwarded = async () => (await srv.log(TAG)).filter((e) => e.path.endsWith("/operate_ticket/")).length;

/** Asserts a 403 envelope with the proxy's cross-site code, and that ITSM saw nothing. */
async function refused(r, before, pattern) {
  assert.equal(r.status, 403, r.text);
  assert.deepEqual(Object.keys(r.json), ["result", "code", "data", "message"]);
  assert.equal(r.json.result, false);
  assert.equal(r.json.code, "PROXY_CROSS_SITE");
  assert.match(r.json.message, pattern);
  assert.equal(await forwarded(), before, "nothing was forwarded");
}

describe("cross-site requests", () => {
  test("a cross-site POST with the user's cookie is refused (Sec-Fetch-Site: cross-site, another Origin)", async () => {
    const n = await forwarded();
    const r = await raw(site.url, pathOf("operate_ticket"), {
      method: "POST",
      headers: { ...sameOrigin(site.url, TOKEN.alice), Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
      body,
    });
    await refused(r, n, /another site \(Origin "https:\/\/evil\.example"\)/);
  });

  test("a form post from another site (no custom header, text/plain) is refused", async () => {
    const n = await forwarded();
    const r = await raw(site.url, pathOf("operate_ticket"), {
      method: "POST",
      headers: { Cookie: `bk_token=${TOKEN.alice}`, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain" },
      body,
    });
    await refused(r, n, /another site/);
  });

  test("Sec-Fetch-Site alone decides when there is no Origin (a GET): cross-site and same-site are refused", async () => {
    for (const value of ["cross-site", "same-site"]) {
      const { Origin, ...headers } = sameOrigin(site.url, TOKEN.alice);
      const r = await raw(site.url, `${pathOf("get_ticket_info")}?sn=PBI20261013000001`, { headers: { ...headers, "Sec-Fetch-Site": value } });
      await refused(r, await forwarded(), new RegExp(`Sec-Fetch-Site "${value}"`));
    }
  });

  test("Origin null (a sandboxed frame, a file) is refused", async () => {
    const r = await raw(site.url, pathOf("operate_ticket"), { method: "POST", headers: { ...sameOrigin(site.url, TOKEN.alice), Origin: "null" }, body });
    await refused(r, await forwarded(), /Origin "null"/);
  });

  test("the same origin without the X-Bk-Itsm-Tickets header is refused (a link, a form, an <img>)", async () => {
    const { "X-Bk-Itsm-Tickets": _, ...headers } = sameOrigin(site.url, TOKEN.alice);
    const r = await raw(site.url, pathOf("operate_ticket"), { method: "POST", headers, body });
    await refused(r, await forwarded(), /X-Bk-Itsm-Tickets: 1/);
    const wrong = await raw(site.url, pathOf("operate_ticket"), { method: "POST", headers: { ...headers, "X-Bk-Itsm-Tickets": "yes" }, body });
    assert.equal(wrong.status, 403);
  });

  test("the refusal comes before the login check: no bk_login call is made for it", async () => {
    const before = (await srv.log(TAG)).filter((e) => e.path.includes("bk_login")).length;
    await raw(site.url, pathOf("operate_ticket"), { method: "POST", headers: { Cookie: "bk_token=never-checked-token", Origin: "https://evil.example", "X-Bk-Itsm-Tickets": "1" }, body });
    assert.equal((await srv.log(TAG)).filter((e) => e.path.includes("bk_login")).length, before);
  });

  test("the package's client refuses to act on the 403: an api error with the proxy's code", async () => {
    // The page's client behind a reverse proxy that rewrote the Origin: the proxy says why.
    const page = pageClient(site.url, TOKEN.alice, { headers: { Origin: "https://elsewhere.example" } });
    const e = await page.operateTicket({ sn: "PBI20261013000001", action_type: "WITHDRAW", action_message: "m" }).then(() => null, (e) => e);
    assert.ok(isItsmError(e));
    assert.equal(e.kind, "api");
    assert.equal(e.code, "PROXY_CROSS_SITE");
    assert.equal(e.status, 403);
    assert.match(e.userMessage, /another site/);
  });

  test("same-origin requests pass: Sec-Fetch-Site same-origin or none, or none sent (a non-browser client, which the login stops)", async () => {
    for (const value of ["same-origin", "none", undefined]) {
      const { "Sec-Fetch-Site": _, ...headers } = sameOrigin(site.url, TOKEN.alice);
      const r = await raw(site.url, `${pathOf("get_ticket_info")}?sn=PBI20261013000001`, { headers: { ...headers, ...(value ? { "Sec-Fetch-Site": value } : {}) } });
      assert.equal(r.status, 200, `${value}: ${r.text}`);
      assert.equal(r.json.result, true);
    }
    // A POST from the page itself: its Origin is this host.
    const r = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers: { ...sameOrigin(site.url, TOKEN.alice) }, body: "{}" });
    assert.equal(r.status, 200, r.text);
  });

  test("allowedOrigins: a listed site may call with CORS headers, after a preflight; others get no preflight", async () => {
    const pre = await raw(open.url, pathOf("get_tickets"), {
      method: "OPTIONS",
      headers: { Origin: PARTNER, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-bk-itsm-tickets,x-bk-tenant-id" },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), PARTNER);
    assert.equal(pre.headers.get("access-control-allow-credentials"), "true");
    assert.match(pre.headers.get("access-control-allow-headers"), /X-Bk-Itsm-Tickets/);
    assert.match(pre.headers.get("access-control-allow-headers"), /x-bk-tenant-id/);
    assert.equal(pre.headers.get("access-control-allow-methods"), "GET, POST");

    const r = await raw(open.url, pathOf("get_tickets"), {
      method: "POST",
      headers: { ...sameOrigin(open.url, TOKEN.alice), Origin: PARTNER, "Sec-Fetch-Site": "cross-site" },
      body: JSON.stringify({ page_size: 1 }),
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.get("access-control-allow-origin"), PARTNER);
    assert.equal(r.headers.get("vary"), "Origin");

    for (const origin of ["https://evil.example", "https://partner.example.com:8443", "http://partner.example.com"]) {
      const no = await raw(open.url, pathOf("get_tickets"), { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "POST" } });
      assert.equal(no.status, 403, origin);
      assert.equal(no.headers.get("access-control-allow-origin"), null);
      const post = await raw(open.url, pathOf("get_tickets"), { method: "POST", headers: { ...sameOrigin(open.url, TOKEN.alice), Origin: origin, "Sec-Fetch-Site": "cross-site" }, body: "{}" });
      assert.equal(post.status, 403, origin);
    }
    // Without allowedOrigins, no preflight is ever granted.
    const none = await raw(site.url, pathOf("get_tickets"), { method: "OPTIONS", headers: { Origin: PARTNER, "Access-Control-Request-Method": "POST" } });
    assert.equal(none.status, 403);
  });

  test("allowedOrigins must be origins: a wildcard, a path or a non-http scheme throws at start", () => {
    for (const bad of [["*"], ["https://a.example/path"], ["ftp://a.example"], "https://a.example"]) {
      assert.throws(() => proxy({ target: srv.url, allowedOrigins: bad }), TypeError, JSON.stringify(bad));
    }
  });

  test("no answer or log line held a secret", () => assertNoSecrets());
});
