// Beyond one page: walking every page with iterTickets and getAllTickets, breaking early,
// concurrency, maxItems and onProgress, the signal between pages, result sets that shrink,
// servers that ignore body paging or repeat their pages, and return() during a slow page (from
// tests/iterate.rs).
import { test, assert } from "./lib/test.js";
import { AUTH, assertNewestFirstWithoutGaps, client as plainClient, postsOf, settledWithin, sleep } from "./lib/itsm.js";

const client = (prefix, extra = {}) => plainClient(prefix, { ...AUTH, ...extra });
const posts = async (tag) => (await postsOf(tag)).length;
const ids = (tickets) => tickets.map((t) => t.id);

test("getAllTickets walks every page whether or not the size divides the count", async () => {
  for (const page_size of [100, 7, 1000, 10000]) {
    const all = await client("/__/n=2500").getAllTickets({ page_size }, undefined);
    assert.equal(all.length, 2500, `page_size ${page_size}`);
    assertNewestFirstWithoutGaps(ids(all), 2500);
  }
});

test("iterTickets yields in order, and breaking out sends nothing more", async () => {
  const iter = client("/__/tag=i-break,n=2500").iterTickets({ page_size: 3 }, undefined);
  const seen = [];
  for (;;) {
    const step = await iter.next();
    if (step.done) break;
    seen.push(step.value.id);
    if (seen.length === 5) break;
  }
  await iter.return();
  assertNewestFirstWithoutGaps(seen, 2500);
  await sleep(300);
  assert.equal(await posts("i-break"), 2, "pages 1 and 2 only");
  assert.equal((await iter.next()).done, true, "a closed walk is over");
});

test("concurrency fetches ahead and keeps the order", async () => {
  const all = await client("/__/tag=i-conc,n=2500").getAllTickets({ page_size: 50 }, { concurrency: 4 });
  assertNewestFirstWithoutGaps(ids(all), 2500);
  assert.equal(await posts("i-conc"), 50);
});

test("maxItems and onProgress", async () => {
  const calls = [];
  const onProgress = (p) => calls.push([p.fetched, p.total]);
  const c = client("/__/tag=i-max");
  const all = await c.getAllTickets({ page_size: 10 }, { maxItems: 25, onProgress });
  assert.equal(all.length, 25);
  assert.deepEqual(calls, [[10, 25], [20, 25], [25, 25]]);
  assert.equal(await posts("i-max"), 3);
  const issues = await assert.rejects(c.getAllTickets(undefined, { concurrency: 9 }));
  assert.equal(issues.field, "concurrency");
});

test("the signal stops a walk between pages", async () => {
  const controller = new AbortController();
  const iter = client("/__/tag=i-abort").iterTickets({ page_size: 2 }, { signal: controller.signal });
  assert.equal((await iter.next()).done, false);
  controller.abort();
  assert.equal((await iter.next()).done, false, "the page already delivered");
  const e = await assert.rejects(iter.next());
  assert.equal(e.kind, "aborted");
  assert.equal(await posts("i-abort"), 1);
});

test("a shrinking result set ends the walk without an error or duplicates", async () => {
  // 250 tickets, 100 a page; before page 2 is read, `shrink` of them are gone. Each walk's
  // tickets (newest first, no gap) and the progress calls it made.
  async function shrinkingWalk(prefix) {
    const calls = [];
    const all = await client(prefix).getAllTickets({ page_size: 100 }, { onProgress: (p) => calls.push([p.fetched, p.total]) });
    assertNewestFirstWithoutGaps(ids(all), 250);
    return { all, calls };
  }

  // Page 2 finds 200 of 250 tickets gone: "Invalid page." there ends the walk.
  let { all, calls } = await shrinkingWalk("/__/tag=i-shrink,n=250,shrink=200");
  assert.equal(all.length, 100);
  assert.deepEqual(calls, [[100, 250], [100, 100]]);
  assert.equal(await posts("i-shrink"), 2);

  // Page 2 finds 120 gone: it is the last page now, and the totals follow the new count.
  ({ all, calls } = await shrinkingWalk("/__/tag=i-shrink-less,n=250,shrink=120"));
  assert.equal(all.length, 130);
  assert.deepEqual(calls, [[100, 250], [130, 130]]);

  // Pages fetched ahead, in Chinese: whichever order they reach the server, the walk ends with
  // every page that still exists, in order, once.
  const iter = client("/__/tag=i-shrink-conc,n=500,shrink=150,lang=zh").iterTickets({ page_size: 100 }, { concurrency: 3 });
  const seen = [];
  for await (const ticket of iter) seen.push(ticket.id);
  assertNewestFirstWithoutGaps(seen, 500);
  assert.equal(seen.length, 200);
});

test("Invalid page. on the first page stays an API error", async () => {
  const c = client("/__/fault=codestr");
  let e = await assert.rejects(c.getAllTickets(undefined, undefined));
  assert.equal(e.kind, "api");
  assert.equal(e.code, "SERVER_500_ERROR");
  assert.equal(e.message, "Invalid page.");
  // Also a walk that starts past the end.
  e = await assert.rejects(c.getAllTickets({ page: 99 }, undefined));
  assert.equal(e.kind, "api");
});

test("a walk on a server that ignores body paging stops with the error, or pages by query", async () => {
  const e = await assert.rejects(client("/__/tag=i-legacy,legacy=1,n=250").getAllTickets({ page_size: 100 }, undefined));
  assert.equal(e.kind, "decode");
  assert.includes(e.message, "answered page 1 when page 2 was asked for");
  assert.equal(await posts("i-legacy"), 2, "no page 1 again and again");

  const gw = client("/__/tag=i-legacy-gw,legacy=1,n=250", { gateway: "apigw" });
  const all = await gw.getAllTickets({ page_size: 100 }, undefined); // the gateway pages by query string
  assertNewestFirstWithoutGaps(ids(all), 250);
  assert.equal(all.length, 250);
  assert.equal(await posts("i-legacy-gw"), 3);
});

// Walks that could not end (issue 14): bounded by the first page, stopped when a page brings
// nothing new, and return() settles during a slow page.

test("a server that repeats its pages stops the walk with an error", async () => {
  // Page 1's tickets on every page, the page number echoed, a million pages announced: the walk
  // sent thousands of requests a second and never settled.
  for (const [name, options] of [["i-repeat", {}], ["i-repeat-8", { concurrency: 8 }]]) {
    const all = client(`/__/tag=${name},fault=repeat`).getAllTickets({ page_size: 5 }, options);
    const outcome = await settledWithin(all, 10_000);
    assert.equal(outcome.status, "rejected", name);
    const e = outcome.reason;
    assert.equal(e.kind, "decode");
    assert.includes(e.message, "page 2 brought no item");
    const sent = await posts(name);
    assert.ok(sent >= 2 && sent <= 9, `${name}: ${sent} requests`);
  }
  // The loop body runs for the first page's tickets, then the loop throws.
  const it = client("/__/tag=i-repeat-iter,fault=repeat").iterTickets({ page_size: 5 }, undefined);
  let seen = 0;
  let e;
  for (;;) {
    const step = await settledWithin(it.next(), 10_000);
    if (step.status === "rejected") {
      e = step.reason;
      break;
    }
    assert.equal(step.status, "fulfilled", "the walk hangs");
    assert.equal(step.value.done, false, "the walk ended without an error");
    seen += 1;
  }
  assert.deepEqual([seen, e.kind], [5, "decode"]);
  assert.equal(await posts("i-repeat-iter"), 2);
});

test("the first page bounds the walk", async () => {
  // Every page announces one page more than itself: the walk requests what the first page
  // announced (2 pages), not one more each time.
  const all = await client("/__/tag=i-more,fault=moretotal,n=2500").getAllTickets({ page_size: 100 }, undefined);
  assert.equal(all.length, 200);
  assertNewestFirstWithoutGaps(ids(all), 2500);
  assert.equal(await posts("i-more"), 2);
});

test("return() settles during a slow page", async () => {
  // Page 2 never finishes (the timeout is a minute away). An async generator queued return()
  // behind the pending next(), so a consumer could not stop the walk.
  const it = client("/__/tag=i-return,fault=hang,skip=1").iterTickets({ page_size: 2 }, { timeoutMs: 60000 });
  for (let i = 0; i < 2; i++) assert.equal((await it.next()).done, false);
  const pending = it.next();
  await sleep(300);
  const returned = await settledWithin(it.return(), 1000);
  assert.equal(returned.status, "fulfilled");
  assert.ok(returned.value.done);
  const next = await settledWithin(pending, 1000);
  assert.equal(next.status, "fulfilled");
  assert.ok(next.value.done);
  assert.equal((await it.next()).done, true);
  assert.equal(await posts("i-return"), 2);
});

