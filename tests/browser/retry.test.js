// Retries: past a 502 and up to the limit, per client and per call, Retry-After in seconds and
// as a date, never after a 400-class answer, and no waiting out a backoff once aborted (from
// tests/iterate.rs).
import { createClient } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { AUTH, SERVER, client as plainClient, postsOf, rejects, runTag, sleep } from "./lib/itsm.js";

const client = (prefix, extra = {}) => plainClient(prefix, { ...AUTH, ...extra });
const posts = async (tag) => (await postsOf(tag)).length;

test("retries pass a 502 and give up after the limit", async () => {
  await client("/__/tag=r-pass,fault=html502,times=2").getTickets(undefined, undefined); // two 502s then a page, with the default 2 retries
  assert.equal(await posts("r-pass"), 3);

  let e = await rejects(client("/__/tag=r-limit,fault=html502,times=5").getTickets(undefined, undefined));
  assert.deepEqual([e.kind, e.attempts], ["http", 3]);
  assert.equal(await posts("r-limit"), 3);

  e = await rejects(client("/__/tag=r-off,fault=html502", { retries: 0 }).getTickets(undefined, undefined));
  assert.equal(e.attempts, 1);
  e = await rejects(client("/__/tag=r-call,fault=drop").getTickets(undefined, { retries: 1 }));
  assert.deepEqual([e.kind, e.attempts], ["network", 2]);
});

test("Retry-After is honoured in seconds and as a date", async () => {
  let start = Date.now();
  await client("/__/tag=r-after,fault=429,retryafter=1,times=1").getTickets(undefined, undefined);
  assert.ok(Date.now() - start >= 950, "waited for Retry-After: 1");

  const when = new Date(Date.now() + 2500).toUTCString();
  start = Date.now();
  await client(`/__/tag=r-date,fault=503,retryafter=${encodeURIComponent(when)},times=1`).getTickets(undefined, undefined);
  assert.ok(Date.now() - start >= 1400, "waited for the Retry-After date");
});

test("no retry for client errors or after an abort", async () => {
  const bad = createClient({
    baseUrl: `${SERVER}/__/tag=${runTag("r-400")}`,
    gateway: "apigw",
    bk_app_code: "bk-itsm-demo",
    bk_app_secret: "wrong",
  });
  const e = await rejects(bad.getTickets(undefined, undefined));
  assert.deepEqual([e.status, e.attempts], [400, 1]);
  assert.equal(await posts("r-400"), 1);

  const controller = new AbortController();
  const pending = client("/__/tag=r-abort,fault=503,retryafter=5").getTickets(undefined, { signal: controller.signal });
  await sleep(300);
  const start = Date.now();
  controller.abort();
  const aborted = await rejects(pending);
  assert.equal(aborted.kind, "aborted");
  assert.ok(Date.now() - start < 1000, "the backoff wait ends at the abort");
  assert.equal(await posts("r-abort"), 1);
});
