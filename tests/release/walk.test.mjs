// Beyond one page in Node 18+, through the package's `node` entry: walking every page,
// breaking early, concurrency, retries, Retry-After, and no retry where it cannot help.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../server/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));
const AUTH = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b", bk_token: "test-token-admin" };
let server, pkg;

before(async () => {
  server = await startServer({ port: 0 });
  pkg = await import(pathToFileURL(join(pkgDir, "index.js")).href);
});
after(() => server?.close());

const client = (prefix = "", extra = {}) => pkg.createClient({ baseUrl: `${server.url}${prefix}`, ...AUTH, ...extra });
const posts = async (tag) => (await (await fetch(`${server.url}/__log?tag=${tag}`)).json()).filter((e) => e.method === "POST").length;
const newestFirst = (tickets, from) => tickets.every((t, i) => t.id === from - i);

test("iterTickets walks 2,500 tickets whether or not the page size divides the count", async () => {
  for (const page_size of [100, 7, 1000]) {
    const seen = [];
    for await (const ticket of client("/__/n=2500").iterTickets({ page_size })) seen.push(ticket);
    assert.equal(seen.length, 2500, `page_size ${page_size}`);
    assert.ok(newestFirst(seen, 2500));
  }
});

test("breaking out of for await sends no further request", async () => {
  let n = 0;
  for await (const _ of client("/__/tag=n-break,n=2500").iterTickets({ page_size: 3 })) if (++n === 5) break;
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(await posts("n-break"), 2);
});

test("concurrency keeps the order; maxItems and onProgress", async () => {
  const all = await client("/__/tag=n-conc,n=2500").getAllTickets({ page_size: 100 }, { concurrency: 8 });
  assert.equal(all.length, 2500);
  assert.ok(newestFirst(all, 2500));
  assert.equal(await posts("n-conc"), 25);
  const progress = [];
  const some = await client().getAllTickets({ page_size: 10 }, { maxItems: 15, onProgress: (p) => progress.push(p) });
  assert.equal(some.length, 15);
  assert.deepEqual(progress, [{ fetched: 10, total: 15 }, { fetched: 15, total: 15 }]);
});

test("retries: pass two 502s, give up after the limit, honour Retry-After", async () => {
  const page = await client("/__/tag=n-502,fault=html502,times=2").getTickets({ page_size: 1 });
  assert.equal(page.items.length, 1);
  assert.equal(await posts("n-502"), 3);

  const e = await client("/__/tag=n-limit,fault=504,times=9", { retries: 1 }).getTickets({}).catch((e) => e);
  assert.equal(e.kind, "api", e.message);
  assert.equal(e.status, 504);
  assert.equal(e.attempts, 2);

  const start = Date.now();
  await client("/__/tag=n-429,fault=429,retryafter=1,times=1").getTickets({});
  assert.ok(Date.now() - start >= 950, "waited out Retry-After: 1");
});

test("no retry on a 400-class answer, nor after an abort", async () => {
  const e = await pkg.createClient({ baseUrl: `${server.url}/__/tag=n-400`, gateway: "apigw" }).getTickets({}).catch((e) => e);
  assert.equal(e.status, 400);
  assert.equal(e.attempts, 1);
  assert.equal(await posts("n-400"), 1);

  const controller = new AbortController();
  const pending = client("/__/tag=n-abort,fault=503,retryafter=5").getTickets({}, { signal: controller.signal });
  setTimeout(() => controller.abort(), 200);
  const aborted = await pending.catch((e) => e);
  assert.equal(aborted.kind, "aborted");
  assert.equal(await posts("n-abort"), 1);
});
