// Identity: whatever the page sends, ITSM sees the verified user. The proxy strips every
// identity member (creator, operator, approver), `username` where it is no parameter, and every
// common credential (bk_app_code, bk_app_secret, bk_token, bk_username) from the page's
// parameters; the engine fills identity with the user the login check returned. What ITSM saw is
// read from the local server's request log.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { APP, TOKEN, assertNoSecrets, backend, createClient, browserFetch, pageClient, pathOf, portal, proxy, raw, sameOrigin } from "./helpers.mjs";

const TAG = "proxy-identity";
let srv, itsm, site, bob;

before(async () => {
  srv = await backend();
  bob = await srv.tokenFor("bob");
  itsm = proxy({ target: `${srv.url}/__/tag=${TAG},flowdelay=0`, gateway: ["esb", "apigw"] });
  site = await portal(itsm);
});
after(async () => {
  await site?.close();
  await srv?.close();
});

/** The body of the last request ITSM saw for `name`. */
async function lastSeen(name) {
  const entries = (await srv.log(TAG)).filter((e) => e.path.endsWith(`/${name}/`));
  assert.ok(entries.length, `ITSM saw no ${name}`);
  return entries.at(-1);
}

describe("identity", () => {
  test("a spoofed operator is overwritten: the page sends operator admin as alice, ITSM sees alice", async () => {
    const r = await raw(site.url, pathOf("operate_ticket"), {
      method: "POST",
      headers: sameOrigin(site.url, TOKEN.alice),
      body: JSON.stringify({ sn: "PBI20261013000001", action_type: "WITHDRAW", action_message: "spoof", operator: "admin" }),
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.result, true, r.text);
    const seenBody = (await lastSeen("operate_ticket")).body;
    assert.equal(seenBody.operator, "alice");
    assert.ok(itsm.logs.some((e) => e.event === "stripped" && e.keys === "operator" && e.user === "alice"), "the strip is logged");
    const forwarded = itsm.logs.filter((e) => e.event === "forwarded" && e.endpoint === "operate_ticket").at(-1);
    assert.deepEqual([forwarded.write, forwarded.user, forwarded.status, forwarded.level], [true, "alice", 200, "info"]);
  });

  test("bob naming the creator as operator acts as bob, and ITSM refuses bob with its own code", async () => {
    const r = await raw(site.url, pathOf("operate_ticket"), {
      method: "POST",
      headers: sameOrigin(site.url, bob),
      body: JSON.stringify({ sn: "REQ20260918000002", action_type: "WITHDRAW", action_message: "not mine", operator: "alice" }),
    });
    assert.equal(r.json.result, false);
    assert.equal(r.json.code, 3900004, r.text);
    assert.match(r.json.message, /bob/);
    assert.equal((await lastSeen("operate_ticket")).body.operator, "bob");
  });

  test("a page's client made with user admin, signed in as alice: ITSM sees alice as the creator", async () => {
    // The client fills `creator` with its `user`; the proxy overwrites it.
    const page = createClient({ baseUrl: `${site.url}/itsm`, user: "admin", fetch: browserFetch(site.url, { token: TOKEN.alice }), retries: 0 });
    const { sn } = await page.createTicket({ service_id: 1, fields: { title: "as alice", apply_content: "x" } });
    assert.equal((await lastSeen("create_ticket")).body.creator, "alice");
    const info = await pageClient(site.url, TOKEN.admin).getTicketInfo({ sn });
    assert.equal(info.creator, "alice");
  });

  test("username (which operate_ticket's view checks before operator) never reaches a write", async () => {
    const r = await raw(site.url, pathOf("operate_ticket"), {
      method: "POST",
      headers: sameOrigin(site.url, bob),
      body: JSON.stringify({ sn: "INC20261029000001", action_type: "UNSUSPEND", action_message: "m", username: "admin" }),
    });
    const body = (await lastSeen("operate_ticket")).body;
    assert.equal(body.username, undefined);
    assert.equal(body.operator, "bob");
    assert.equal(r.json.result, false, "bob is no processor of the suspended ticket");
  });

  test("get_tickets' username filter is a filter, not an identity: it reaches ITSM through the gateway", async () => {
    const page = pageClient(site.url, TOKEN.admin, { door: "apigw" });
    await page.getTickets({ username: "alice", page_size: 1 });
    const seenBody = (await lastSeen("get_tickets")).body;
    assert.equal(seenBody.username, "alice");
  });

  test("the page's credentials never reach ITSM: the proxy's app and the cookie's login go instead", async () => {
    const r = await raw(site.url, pathOf("get_tickets"), {
      method: "POST",
      headers: sameOrigin(site.url, TOKEN.alice),
      body: JSON.stringify({ page_size: 1, bk_app_code: "bk-itsm-trusted", bk_app_secret: "guess", bk_username: "admin", bk_token: TOKEN.admin }),
    });
    assert.equal(r.json.result, true, r.text);
    const body = (await lastSeen("get_tickets")).body;
    assert.deepEqual([body.bk_app_code, body.bk_app_secret, body.bk_token, body.bk_username], [APP.bk_app_code, APP.bk_app_secret, TOKEN.alice, undefined]);
  });

  test("the token a page's client copies into a GET's query is not the one used: the cookie's is", async () => {
    // In a browser, the client copies the readable cookie into an ESB request; here it is told
    // another token, which must lose to the cookie.
    const page = createClient({ baseUrl: `${site.url}/itsm`, bk_token: TOKEN.admin, fetch: browserFetch(site.url, { token: bob }), retries: 0 });
    await page.getTicketInfo({ sn: "PBI20261013000001" });
    const entry = await lastSeen("get_ticket_info");
    assert.equal(entry.query.bk_token, bob);
    assert.equal(Object.keys(entry.query).filter((k) => k === "bk_token").length, 1);
  });

  test("approve through the gateway: a spoofed approver is overwritten with the verified user", async () => {
    const r = await raw(site.url, pathOf("approve", "apigw"), {
      method: "POST",
      headers: sameOrigin(site.url, TOKEN.alice),
      body: JSON.stringify({ sn: "REQ20260918000001", state_id: 5203, action: "true", remark: "ok", approver: "admin" }),
    });
    assert.equal(r.json.result, true, r.text);
    const entry = await lastSeen("approve");
    assert.equal(entry.body.approver, "alice");
    // The gateway verifies approve's user: the cookie's login travels in its header.
    assert.deepEqual(JSON.parse(entry.headers["x-bkapi-authorization"]), { ...APP, bk_token: TOKEN.alice });
  });

  test("no answer or log line held a secret", () => assertNoSecrets());
});
