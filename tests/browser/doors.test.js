// The two front doors, ESB and the API gateway: where each puts the credentials and the
// paging, the request ids they answer with, the gateway's own errors and name, and what ESB
// would silently drop (from tests/browser.rs).
import { test, assert } from "./lib/test.js";
import { APP, APP_SECRET, TICKETS, admin, client, rejects, serverLog } from "./lib/itsm.js";

test("ESB returns a typed page with its request id", async () => {
  const page = await admin("/__/tag=b-esb").getTickets({ page_size: 5, page: "2" });
  assert.equal(page.page, 2);
  assert.equal(page.count, TICKETS);
  assert.equal(page.total_page, TICKETS / 5);
  assert.equal(page.items.length, 5);
  assert.equal(page.request_id?.length, 32, `ESB request_id: ${page.request_id}`);
  // The body the server saw: credentials in it, page sent as a number.
  const log = await serverLog("b-esb");
  assert.equal(log.length, 1);
  const { body } = log[0];
  assert.equal(body.bk_app_secret, APP_SECRET);
  assert.equal(body.page, 2);
});

test("the gateway takes the credentials in its header only", async () => {
  const c = client("/__/tag=b-gw", { gateway: "apigw", ...APP });
  const page = await c.getTickets({ page_size: 3 });
  assert.equal(page.items.length, 3);
  assert.equal(page.request_id?.length, 36, `gateway request id is a uuid: ${page.request_id}`);
  const log = await serverLog("b-gw");
  assert.equal(log[0].path, "/api/bk-itsm/prod/v2/itsm/get_tickets/");
  const { body } = log[0];
  assert.equal(body.bk_app_secret, undefined);
  assert.equal(body.bk_app_code, undefined);
  const auth = JSON.parse(log[0].headers["x-bkapi-authorization"]);
  assert.equal(auth.bk_app_code, "bk-itsm-demo");
  // A wrong secret is the gateway's 400 with its envelope: an api error with the status.
  const bad = client("", { gateway: "apigw", bk_app_code: "bk-itsm-demo", bk_app_secret: "wrong" });
  const e = await rejects(bad.getTickets(undefined, undefined));
  assert.equal(e.kind, "api");
  assert.equal(e.status, 400);
  assert.equal(e.code, 1_640_001);
  assert.equal(e.requestId?.length, 36);
});

test("username through ESB is refused and nothing is sent", async () => {
  const e = await rejects(admin("/__/tag=b-esb-user").getTickets({ username: "alice" }, undefined));
  assert.equal(e.kind, "validation");
  assert.equal(e.field, "username");
  assert.includes(e.message, "ESB drops it");
  assert.equal(e.attempts, 0);
  assert.deepEqual(await serverLog("b-esb-user"), []);
  // The gateway passes it on, and it filters.
  const gw = client("/__/tag=b-gw-user", { gateway: "apigw", ...APP });
  const page = await gw.getTickets({ username: "alice", page_size: 500 });
  assert.ok(page.items.every((t) => t.current_status === "RUNNING"));
  assert.ok(page.count < TICKETS, `${page.count}`);
});

test("a server that ignores paging in the body is a decode error on ESB and pages through the gateway", async () => {
  const esb = admin("/__/tag=b-legacy,legacy=1");
  const e = await rejects(esb.getTickets({ page: 3, page_size: 5 }));
  assert.equal(e.kind, "decode");
  assert.ok(e.message.startsWith("the server answered page 1 when page 3 was asked for"), e.message);
  assert.includes(e.message, "ITSM before 2.6.0");
  assert.equal(e.status, 200);
  assert.equal(e.requestId?.length, 32, "the answer's request id");
  // Page 1 is page 1.
  await esb.getTickets({ page_size: 5 });
  // Through the gateway, paging also goes in the query string, which such a server reads.
  const gw = client("/__/tag=b-legacy-gw,legacy=1", { gateway: "apigw", ...APP });
  const page = await gw.getTickets({ page: 3, page_size: 5 });
  assert.equal(page.page, 3);
  assert.equal(page.items.length, 5);
  assert.equal(page.items[0].id, TICKETS - 10);
  const log = await serverLog("b-legacy-gw");
  assert.deepEqual([log[0].query.page, log[0].query.page_size], ["3", "5"]);
});
