// Parameters checked before anything is sent: every refusal names its field, `undefined` means
// "not given", and the filters only some servers know keep their rules (from tests/browser.rs
// and tests/iterate.rs).
import { test, assert } from "./lib/test.js";
import { admin, rejects, serverLog } from "./lib/itsm.js";
import { validateParams } from "/pkg/index.js";

test("invalid parameters are rejected before anything is sent", async () => {
  const c = admin("/__/tag=b-invalid");
  for (const [params, field] of [
    [{ page_size: 0 }, "page_size"],
    [{ pagesize: 10 }, "pagesize"],
    [{ sns: "REQ1" }, "sns"],
    [{ creator: 5 }, "creator"],
    [{ create_at__lte: "2019-02-29 00:00:00" }, "create_at__lte"],
    [{ create_at__lte: "2019-09-16 10:00:00", create_at__gte: "2020-09-16 10:00:00" }, "create_at__gte"],
  ]) {
    const what = JSON.stringify(params);
    const e = await rejects(c.getTickets(params, undefined));
    assert.equal(e.kind, "validation", what);
    assert.equal(e.field, field, what);
    assert.equal(e.attempts, 0, what);
  }
  const e = await rejects(c.getTickets({ pagesize: 10 }, undefined));
  assert.includes(e.message, 'did you mean "page_size"');
  assert.deepEqual(await serverLog("b-invalid"), [], "nothing may reach the server");
});

test("undefined means not given", async () => {
  const page = await admin("/__/tag=b-undef").getTickets({ page_size: 2, creator: undefined }, undefined);
  assert.equal(page.items.length, 2);
  const { body } = (await serverLog("b-undef"))[0];
  assert.notIncludes(Object.keys(body), "creator");
});

test("a blank value means not given, as a form's empty fields give it", async () => {
  // An empty <input> gives "", a cleared select null, an empty multi-select []: none is sent.
  const page = await admin("/__/tag=b-blank").getTickets(
    { page_size: 2, creator: "", tag: "   ", sns: [], project_key: null, page: "" },
    undefined,
  );
  assert.equal(page.items.length, 2);
  assert.equal(page.page, 1);
  const { body } = (await serverLog("b-blank"))[0];
  assert.deepEqual(Object.keys(body).filter((k) => !k.startsWith("bk_")), ["page_size"]);
  assert.deepEqual(validateParams({ creator: "", page_size: "", create_at__gte: null }), []);
  // A blank required value is missing, and says so.
  const e = await rejects(admin("/__/tag=b-blank2").getTicketInfo({ sn: "  " }, undefined));
  assert.equal(e.field, "sn");
  assert.equal(e.reason, "required");
  assert.deepEqual(await serverLog("b-blank2"), []);
});

test("tag and project_key reach the server and filter", async () => {
  const c = admin("/__/tag=b-keys");
  const all = (await c.getTickets({ page_size: 2000 }, undefined)).items.length;
  const tagged = await c.getTickets({ tag: "ops", project_key: "0", page_size: 2000 }, undefined);
  const { count } = tagged;
  assert.ok(count > 0 && count < all, `${count} of ${all}`);
  const log = await serverLog("b-keys");
  const { body } = log[1];
  assert.deepEqual([body.tag, body.project_key], ["ops", "0"]);
  const e = await rejects(c.getTickets({ tag: "x".repeat(33) }, undefined));
  assert.deepEqual([e.kind, e.field], ["validation", "tag"]);
});

test("the undocumented filters reach the server", async () => {
  const c = admin();
  let page = await c.getTickets({ current_status__in: ["RUNNING"], page_size: 50 }, undefined);
  assert.ok(page.items.length > 0);
  assert.ok(page.items.every((t) => t.current_status === "RUNNING"));
  page = await c.getTickets({ end_at__gte: "2026-01-01 00:00:00", page_size: 50 }, undefined);
  assert.ok(page.items.length > 0);
  assert.ok(page.items.every((t) => typeof t.end_at === "string" && t.end_at >= "2026-01-01 00:00:00"));
  const first = page.items[0].service_id;
  assert.equal(typeof first, "number");
  page = await c.getTickets({ service_id__in: [first], page_size: 50 }, undefined);
  assert.ok(page.items.every((t) => t.service_id === first));
  const e = await rejects(c.getTickets({ current_status__in: ["running"] }, undefined));
  assert.equal(e.field, "current_status__in");
});
