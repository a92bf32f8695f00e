// The API gateway's name, and extra headers per client and per call: merged whatever their
// case, the client's own headers not replaceable, bad ones refused before sending (from
// tests/browser.rs).
import { createClient } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { APP, client, rejects, serverLog } from "./lib/itsm.js";

test("the gateway's name and extra headers", async () => {
  const c = client("/__/tag=b-name,apigw=itsm-gw,tenants=1", {
    gateway: "apigw",
    apigwName: "itsm-gw",
    ...APP,
    headers: { "X-Bk-Tenant-Id": "nobody", "X-Trace": "client" },
  });
  // The client's tenant does not exist: the call's header replaces it, whatever its case.
  const e = await rejects(c.getTickets(undefined, undefined));
  assert.deepEqual([e.kind, e.status], ["api", 400]);
  const page = await c.getTickets({ page_size: 1 }, { headers: { "x-bk-tenant-id": "default", "X-Call": "1" } });
  assert.equal(page.items.length, 1);
  const log = await serverLog("b-name");
  assert.equal(log[1].path, "/api/itsm-gw/prod/v2/itsm/get_tickets/");
  const { headers } = log[1];
  assert.equal(headers["x-bk-tenant-id"], "default");
  assert.equal(headers["x-trace"], "client");
  assert.equal(headers["x-call"], "1");
  assert.equal(headers["content-type"], "application/json");
  // The client's own headers cannot be replaced; nothing is sent.
  for (const header of ["Content-Type", "x-bkapi-authorization"]) {
    const refused = await rejects(c.getTickets(undefined, { headers: { [header]: "x" } }));
    assert.equal(refused.field, "headers", header);
  }
  const thrown = assert.throws(() => createClient({ headers: { "X-A": "张三" } }));
  assert.equal(thrown.field, "headers");
  assert.equal((await serverLog("b-name")).length, 2);
});
