// Never echo a secret: no answer and no log line holds bk_app_secret or a bk_token value, in any
// spelling. The danger is upstream: an ESB error or a gateway's error page can quote the
// request it got, credentials included, and a network error can name the URL (a GET through ESB
// carries the secret in its query string). Every such answer is redacted before it leaves, and
// every log entry. Each suite of tests/proxy/ also scans all it saw (assertNoSecrets).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { APP, TOKEN, assertNoSecrets, backend, pageClient, pathOf, portal, proxy, raw, sameOrigin, seen } from "./helpers.mjs";

let srv;
const servers = [];
before(async () => {
  srv = await backend();
});
after(async () => {
  for (const s of servers) await s.close();
  await srv?.close();
});

/** A portal in front of the local server under `prefix`; the login checked locally (the faults would hit bk_login too). */
async function via(prefix, options = {}) {
  const p = proxy({ target: `${srv.url}/__/${prefix}`, gateway: ["esb", "apigw"], verifyUser: (t) => (t === TOKEN.alice ? "alice" : null), ...options });
  const s = await portal(p);
  servers.push(s);
  return { site: s, itsm: p };
}
const post = (s, path, body = "{}") => raw(s.url, path, { method: "POST", headers: sameOrigin(s.url, TOKEN.alice), body });

describe("secrets", () => {
  test("an ESB error that quotes the request (secret and token in it) is passed on redacted", async () => {
    const { site } = await via("tag=sec-echoapi,fault=echoapi");
    const r = await post(site, pathOf("get_tickets"), '{"page_size":1}');
    assert.equal(r.json.code, 1306000);
    assert.match(r.json.message, /\[REDACTED\]/);
    assert.ok(!r.text.includes(APP.bk_app_secret) && !r.text.includes(TOKEN.alice));
    // What was quoted is still there, the rest of the request: only the secrets are gone.
    assert.match(r.json.message, /page_size/);
    assert.match(r.json.message, /bk-itsm-demo/);
  });

  test("an HTML error page that echoes the request body, at 502 and at 200", async () => {
    for (const fault of ["echo", "echo200"]) {
      const { site } = await via(`tag=sec-${fault},fault=${fault}`);
      const r = await post(site, pathOf("operate_ticket"), JSON.stringify({ sn: "X", action_type: "WITHDRAW", action_message: "m" }));
      assert.equal(r.status, fault === "echo" ? 502 : 200);
      assert.match(r.headers.get("content-type"), /text\/html/);
      assert.match(r.text, /\[REDACTED\]/);
      assert.match(r.text, /"operator":"alice"/);
    }
  });

  test("a network error naming the URL (a GET's query holds the secret) is redacted in the answer and the log", async () => {
    const { site, itsm } = await via("tag=sec-net", {
      fetch: async (url) => {
        throw new TypeError(`fetch failed: connect ECONNREFUSED for ${url}`);
      },
    });
    const r = await raw(site.url, `${pathOf("get_ticket_info")}?sn=X`, { headers: sameOrigin(site.url, TOKEN.alice) });
    assert.equal(r.status, 502);
    assert.match(r.json.message, /bk_app_secret=\[REDACTED\]&bk_token=\[REDACTED\]/);
    assert.ok(itsm.logs.some((e) => e.status === 502));
  });

  test("every spelling: as is, JSON-escaped, \\u-escaped (Python's json.dumps), percent- and form-encoded, in the body and the headers", async () => {
    const secret = 'sé"cret/ 42+x';
    // A cookie is ASCII without quotes or separators: a token's other spellings differ in its + / =.
    const token = "tok+/=en-123";
    const spellings = (s) => [s, JSON.stringify(s).slice(1, -1), JSON.stringify(s).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`), encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)];
    // An upstream that quotes every spelling of both, in the body and in its error header.
    const quoted = [...spellings(secret), ...spellings(token)].join(" | ");
    const logs = [];
    const p = proxy({
      target: "https://paas.example.com",
      bk_app_secret: secret,
      verifyUser: () => "alice",
      logger: (e) => logs.push(JSON.stringify(e)),
      fetch: async () =>
        new Response(JSON.stringify({ result: false, code: 3900004, data: null, message: `echo: ${quoted}` }), {
          status: 200,
          headers: { "content-type": "application/json", "x-bkapi-error-message": encodeURIComponent(secret) },
        }),
    });
    const response = await p.fetch(
      new Request(`https://portal.example${pathOf("get_tickets")}`, {
        method: "POST",
        headers: sameOrigin("https://portal.example", token),
        body: "{}",
      }),
    );
    const text = await response.text();
    const header = response.headers.get("x-bkapi-error-message");
    seen.answers.push(text, header);
    const { message } = JSON.parse(text);
    for (const s of [...spellings(secret), ...spellings(token)]) {
      assert.ok(!text.includes(s), `${JSON.stringify(s)} in ${message}`);
      assert.ok(!header.includes(s), `${JSON.stringify(s)} in the header ${header}`);
      for (const line of logs) assert.ok(!line.includes(s), line);
    }
    assert.equal(header, "[REDACTED]");
    assert.equal(message, `echo: ${Array(10).fill("[REDACTED]").join(" | ")}`);
  });

  test("the engine's own errors (a request it refused, a call it made first) name no secret", async () => {
    const { site } = await via("tag=sec-engine");
    const r = await post(site, pathOf("create_ticket"), JSON.stringify({ service_id: 1, fields: [{ key: "title", value: "t" }], bk_app_secret: APP.bk_app_secret }));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.code, "VALIDATE_ERROR");
    const e = await pageClient(site.url, TOKEN.alice).getServiceDetail({ service_id: 99999 }).then(() => null, (e) => e);
    assert.equal(e.code, 3900404);
  });

  test("the logger never sees the query string", async () => {
    const { site, itsm } = await via("tag=sec-query");
    await raw(site.url, `${pathOf("get_ticket_info")}?sn=X&bk_token=${TOKEN.alice}&bk_app_secret=${APP.bk_app_secret}`, { headers: sameOrigin(site.url, TOKEN.alice) });
    assert.ok(itsm.logs.length > 0);
    for (const e of itsm.logs) assert.ok(!("query" in e) && !e.path.includes("?"), JSON.stringify(e));
  });

  test("no answer or log line of this suite held a secret", () => assertNoSecrets());
});
