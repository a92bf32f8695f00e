// Routing: the page's path names the endpoint (ESB's or the gateway's form, mounted anywhere);
// the proxy forwards only what the package describes and `allow` lists, with the endpoint's own
// method, through a door it is set up for. proceed_approval, edit_field, add_follower and the
// admin APIs are not described, so they are never forwarded, even when `allow` names them.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TOKEN, assertNoSecrets, backend, isItsmError, pageClient, pathOf, portal, proxy, raw, sameOrigin } from "./helpers.mjs";

const TAG = "proxy-routing";
let srv, all, site, few, fewSite, esbOnly;

/** Every endpoint the package describes: [ESB name or null, gateway name, method]. */
const DESCRIBED = [
  ["get_tickets", "get_tickets", "POST"],
  ["get_ticket_info", "get_ticket_info", "GET"],
  ["get_ticket_status", "get_ticket_status", "GET"],
  ["get_ticket_logs", "get_ticket_logs", "GET"],
  [null, "get_tickets_by_user", "GET"],
  ["get_service_catalogs", "get_service_catalogs", "GET"],
  ["get_services", "get_services", "GET"],
  ["get_service_detail", "get_service_detail", "GET"],
  ["create_ticket", "create_ticket", "POST"],
  ["operate_ticket", "operate_ticket", "POST"],
  ["operate_node", "operate_node", "POST"],
  [null, "approve", "POST"],
  ["comment_ticket", "comment", "POST"],
];
/** ITSM's other writes, which the package does not describe. */
const NEVER = ["proceed_approval", "edit_field", "add_follower", "create_service_catalog", "import_service", "update_service", "proceed_fast_approval"];

before(async () => {
  srv = await backend();
  const target = `${srv.url}/__/tag=${TAG}`;
  all = proxy({ target, gateway: ["esb", "apigw"] });
  site = await portal(all);
  few = proxy({ target, allow: ["get_tickets", "getTicketInfo", "comment"] });
  fewSite = await portal(few);
  esbOnly = await portal(proxy({ target }));
});
after(async () => {
  for (const s of [site, fewSite, esbOnly]) await s?.close();
  await srv?.close();
});

const itsmSaw = async () => (await srv.log(TAG)).filter((e) => !e.path.includes("bk_login")).length;
const call = (base, path, method = "POST", token = TOKEN.alice) =>
  raw(base, path, { method, headers: sameOrigin(base, token), ...(method === "POST" ? { body: "{}" } : {}) });

describe("routing", () => {
  test("by default every described endpoint is forwarded, on the door(s) the proxy serves", async () => {
    for (const [esb, apigw, method] of DESCRIBED) {
      for (const path of [esb && pathOf(esb), pathOf(apigw, "apigw")].filter(Boolean)) {
        const r = await call(site.url, path, method);
        // Empty parameters: the engine may refuse them (400), but the proxy routes them.
        assert.ok(!String(r.json?.code).startsWith("PROXY_"), `${path}: ${r.text}`);
        assert.ok(r.status === 200 || (r.status === 400 && r.json.code === "VALIDATE_ERROR"), `${path}: ${r.status} ${r.text}`);
      }
    }
  });

  test("an endpoint allow does not list is refused (403), and nothing reaches ITSM", async () => {
    const n = await itsmSaw();
    const r = await call(fewSite.url, pathOf("create_ticket"));
    assert.equal(r.status, 403);
    assert.equal(r.json.code, "PROXY_NOT_ALLOWED");
    assert.match(r.json.message, /does not forward create_ticket/);
    assert.equal((await call(fewSite.url, `${pathOf("get_ticket_status")}?sn=X`, "GET")).json.code, "PROXY_NOT_ALLOWED");
    assert.equal(await itsmSaw(), n);
    // The names it lists, in any of their three spellings, are forwarded.
    assert.equal((await call(fewSite.url, `${pathOf("get_ticket_info")}?sn=PBI20261013000001`, "GET")).json.result, true);
    assert.equal((await call(fewSite.url, pathOf("get_tickets"))).json.result, true);
  });

  test("the package's client shows the refusal as an api error with the proxy's code", async () => {
    const e = await pageClient(fewSite.url, TOKEN.alice).getTicketLogs({ sn: "X" }).then(() => null, (e) => e);
    assert.ok(isItsmError(e));
    assert.deepEqual([e.kind, e.code, e.status, e.reason], ["api", "PROXY_NOT_ALLOWED", 403, "api"]);
  });

  test("proceed_approval, edit_field, add_follower and the admin APIs are refused even when allow names them", async () => {
    for (const name of NEVER) {
      assert.throws(() => proxy({ target: srv.url, allow: ["get_tickets", name] }), (e) => e instanceof TypeError && e.message.includes(`"${name}"`) && /never forwards it/.test(e.message), name);
    }
    const n = await itsmSaw();
    for (const name of NEVER) {
      for (const path of [pathOf(name), pathOf(name, "apigw")]) {
        const r = await call(site.url, path);
        assert.equal(r.status, 404, path);
        assert.equal(r.json.code, "PROXY_NOT_FOUND");
        assert.match(r.json.message, new RegExp(`${name} is not an ITSM API this proxy can check`));
      }
    }
    assert.equal(await itsmSaw(), n, "none reached ITSM");
  });

  test("a name not of that door is not found: approve and get_tickets_by_user have no ESB path, comment is comment_ticket on ESB", async () => {
    for (const path of [pathOf("approve"), pathOf("get_tickets_by_user"), pathOf("comment"), pathOf("comment_ticket", "apigw")]) {
      const r = await call(site.url, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.json.code, "PROXY_NOT_FOUND");
    }
  });

  test("a path that is no API path is not found", async () => {
    for (const path of ["/itsm/", "/itsm/api/c/compapi/v2/itsm/", "/itsm/api/c/compapi/v2/itsm/get_tickets", "/itsm/api/c/compapi/v2/itsm/get%5Ftickets/", "/itsm/api/c/compapi/v2/bk_login/get_user/"]) {
      const r = await call(site.url, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.json.code, "PROXY_NOT_FOUND", path);
    }
  });

  test("only the endpoint's own method: 405 with Allow, for GET on a POST endpoint, POST on a GET one, PUT, DELETE, HEAD", async () => {
    const cases = [
      [pathOf("get_tickets"), "GET", "POST"],
      [pathOf("get_ticket_info"), "POST", "GET"],
      [pathOf("create_ticket"), "PUT", "POST"],
      [pathOf("operate_ticket"), "DELETE", "POST"],
    ];
    for (const [path, method, allow] of cases) {
      const r = await raw(site.url, path, { method, headers: sameOrigin(site.url, TOKEN.alice) });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.equal(r.headers.get("allow"), allow);
      assert.equal(r.json.code, "METHOD_NOT_ALLOWED");
    }
    const head = await raw(site.url, pathOf("get_ticket_info"), { method: "HEAD", headers: sameOrigin(site.url, TOKEN.alice) });
    assert.equal(head.status, 405);
  });

  test("a door the proxy does not serve: 404 saying how to make the page's client", async () => {
    const r = await call(esbOnly.url, pathOf("get_tickets", "apigw"));
    assert.equal(r.status, 404);
    assert.equal(r.json.code, "PROXY_WRONG_DOOR");
    assert.match(r.json.message, /createClient\(\{ baseUrl \}\) \(ESB, without gateway\)/);
    const apigwOnly = await portal(proxy({ target: srv.url, gateway: "apigw" }));
    try {
      const e = await call(apigwOnly.url, pathOf("get_tickets"));
      assert.equal(e.json.code, "PROXY_WRONG_DOOR");
      assert.match(e.json.message, /gateway: "apigw"/);
    } finally {
      await apigwOnly.close();
    }
  });

  test("mounted anywhere; the gateway name and stage of the page's path are not used, the proxy's are", async () => {
    const n = (await srv.log(TAG)).length;
    const r = await call(site.url, "/itsm/deeper/mount/api/other-gateway/stag/v2/itsm/get_tickets/");
    assert.equal(r.json.result, true, r.text);
    const sent = (await srv.log(TAG)).slice(n).filter((e) => e.path.endsWith("/get_tickets/"));
    assert.deepEqual(sent.map((e) => e.path), ["/api/bk-itsm/prod/v2/itsm/get_tickets/"]);
  });

  test("apigwName and stage go to the gateway; they need gateway apigw", async () => {
    const staged = await portal(proxy({ target: `${srv.url}/__/tag=${TAG}-stag`, gateway: "apigw", stage: "stag" }));
    try {
      assert.equal((await call(staged.url, pathOf("get_tickets", "apigw"))).json.result, true);
      assert.deepEqual((await srv.log(`${TAG}-stag`)).filter((e) => e.path.endsWith("/get_tickets/")).map((e) => e.path), ["/api/bk-itsm/stag/v2/itsm/get_tickets/"]);
    } finally {
      await staged.close();
    }
    assert.throws(() => proxy({ target: srv.url, stage: "stag" }), /stage applies to the API gateway only/);
    assert.throws(() => proxy({ target: srv.url, gateway: "apigw", apigwName: "a/b" }), /apigwName/);
  });

  test("bad options throw at start: unknown keys, a bad target, a bad gateway, bad numbers", () => {
    const ok = { target: srv.url };
    for (const [bad, pattern] of [
      [{ ...ok, allowedOrigin: ["x"] }, /unknown option allowedOrigin/],
      [{ ...ok, target: "paas.example.com" }, /target must be an absolute/],
      [{ ...ok, target: "https://paas.example.com/?x=1" }, /no query/],
      [{ ...ok, gateway: "ESB" }, /gateway must be/],
      [{ ...ok, maxBodyBytes: 0 }, /maxBodyBytes must be an integer/],
      [{ ...ok, cacheMs: -1 }, /cacheMs/],
      [{ ...ok, verifyUser: "apigw" }, /verifyUser/],
      [{ ...ok, bk_app_secret: "" }, /bk_app_secret must be a non-empty string/],
      [{ ...ok, allow: "get_tickets" }, /allow must be an array/],
      [{ ...ok, timeoutMs: -5 }, /timeoutMs/],
    ]) {
      assert.throws(() => proxy(bad), (e) => e instanceof TypeError && pattern.test(e.message), JSON.stringify(bad));
    }
  });

  test("no answer or log line held a secret", () => assertNoSecrets());
});
