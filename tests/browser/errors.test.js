// Every failure is one ItsmError: a real Error, recognisable, its kind, code, status and
// request id as the answer gave them; redirects refused; and a failed call never breaks the
// next one (from tests/browser.rs).
import { createClient, isItsmError } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { AUTH, admin, client, rejects, serverLog } from "./lib/itsm.js";

test("API errors keep the code as sent", async () => {
  const wrong = client("", { bk_app_code: "bk-itsm-demo", bk_app_secret: "wrong", bk_token: "test-token-admin" });
  let e = await rejects(wrong.getTickets(undefined, undefined));
  assert.equal(e.kind, "api");
  assert.equal(e.code, 1_306_000);
  assert.equal(e.status, 200);
  assert.equal(e.requestId?.length, 32);
  e = await rejects(admin("").getTickets({ page: 100000 }, undefined));
  assert.equal(e.kind, "api");
  assert.equal(e.code, "SERVER_500_ERROR");
  assert.includes(e.message, "Invalid page");
});

test("http, network and decode errors, then a normal call succeeds", async () => {
  for (const [fault, kind] of [
    ["html502", "http"],
    ["drop", "network"],
    ["truncated", "decode"],
    ["bararray", "decode"],
    ["datanull", "decode"],
    ["html200", "decode"],
    ["redirect", "http"],
  ]) {
    const tag = `b-${fault}`;
    const once = client(`/__/tag=${tag},fault=${fault}`, { ...AUTH, retries: 0 });
    const e = await rejects(once.getTickets(undefined, undefined));
    assert.equal(e.kind, kind, `${fault}: ${e.message}`);
    assert.equal(e.attempts, 1, fault);
    const page = await admin("").getTickets({ page_size: 1 }, undefined);
    assert.equal(page.items.length, 1, `after ${fault}`);
  }
  let e = await rejects(admin("/__/fault=html502").getTickets(undefined, undefined));
  assert.equal(e.status, 502);
  assert.includes(e.message, "HTTP 502");
  const closed = createClient({ baseUrl: "http://127.0.0.1:9" });
  e = await rejects(closed.getTickets(undefined, undefined));
  assert.equal(e.kind, "network");
});

test("a redirect is never followed", async () => {
  const e = await rejects(admin("/__/tag=b-redirect-once,fault=redirect").getTickets(undefined, undefined));
  assert.equal(e.kind, "http");
  assert.includes(e.message, "never follows redirects");
  assert.equal((await serverLog("b-redirect-once")).length, 1, "the redirect target was not requested");
});

test("errors are real errors and recognisable", async () => {
  const e = await rejects(admin("").getTickets({ page: 0 }, undefined));
  assert.ok(e instanceof Error);
  assert.equal(e.name, "ItsmError");
  const s = e.toString();
  assert.ok(s.startsWith("ItsmError: page: 0 is out of range"), s);
  assert.equal(isItsmError(new Error("x")), false);
  assert.equal(isItsmError({ name: "ItsmError", kind: "api" }), false);
  assert.equal(isItsmError(null), false);
  // A bad configuration throws at once.
  const thrown = assert.throws(() => createClient({ timeout: 5 }));
  assert.ok(isItsmError(thrown));
  assert.equal(thrown.field, "timeout");
});

test("served fields are kept and null stays null", async () => {
  const { items } = await admin("").getTickets({ page_size: 200 }, undefined);
  assert.ok(items.some((t) => t.end_at === null), "open tickets have end_at null");
  assert.ok(items.some((t) => t.creator === null));
  assert.ok(items.every((t) => typeof t.iframe_ticket_url === "string"), "undocumented fields stay");
  // The document's current_steps and is_biz_need are never served (and not in the type).
  assert.ok(items.every((t) => t.current_steps === undefined && t.is_biz_need === undefined));
});

