// Load and memory (from tests/hostile.rs): 1,000 concurrent calls settle with the right pages
// and a second round of 1,000 does not grow the module's memory; 10^7 items are a decode error
// in bounded memory. Each test has a page of its own. The package's API does not reach its
// module's linear memory: lib/wasm-memory.js notes the Memory the page's WebAssembly instance
// has as the package makes it; in Chromium the JS heap is checked too (performance.memory,
// gc() exposed by run.mjs's flags).
import { test, assert, note } from "./lib/test.js";
import { linearMemoryBytes } from "./lib/wasm-memory.js";
import { TICKETS, assertNormalCall, describe, hostileClient, itsmError, sleep } from "./lib/itsm.js";

const usedJsHeap = () => globalThis.performance?.memory?.usedJSHeapSize ?? -1;
function collectGarbage() {
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    return true;
  }
  return false;
}

/** 1,000 concurrent calls through one client; every one must resolve to its own page. */
async function thousandCalls(c, round) {
  const promises = [];
  for (let i = 0; i < 1000; i++) promises.push(c.getTickets({ page: (i % 200) + 1, page_size: 10 }, undefined));
  const settled = await Promise.allSettled(promises);
  assert.equal(settled.length, 1000);
  settled.forEach((outcome, i) => {
    const page = (i % 200) + 1;
    assert.equal(outcome.status, "fulfilled", `round ${round}, call ${i}: ${describe(outcome.reason)}`);
    const { value } = outcome;
    assert.equal(value.page, page, `round ${round}, call ${i}`);
    assert.equal(value.items.length, 10);
    assert.equal(value.items[0].id, TICKETS - (page - 1) * 10);
  });
}

test(
  "a thousand concurrent calls settle, and memory comes back",
  async () => {
    const c = hostileClient("hostile-load", "", { timeoutMs: 120_000 });
    await assertNormalCall(c, 1); // warm up: preflight cached, module allocated
    const gc = collectGarbage();
    const memoryBefore = linearMemoryBytes();
    const heapBefore = usedJsHeap();
    let start = Date.now();
    await thousandCalls(c, 1);
    const first = Date.now() - start;
    const memoryAfterOne = linearMemoryBytes();
    start = Date.now();
    await thousandCalls(c, 2);
    const second = Date.now() - start;
    collectGarbage();
    await sleep(100);
    collectGarbage();
    const memoryAfterTwo = linearMemoryBytes();
    const heapAfter = usedJsHeap();
    note(
      `load: 1000 calls in ${first} ms, then ${second} ms; wasm memory ${memoryBefore} -> ${memoryAfterOne} -> ${memoryAfterTwo} bytes; ` +
        `JS heap ${heapBefore} -> ${heapAfter} (gc exposed: ${gc})`,
    );
    // The first round may grow linear memory once; the second must fit in what is there.
    assert.equal(memoryAfterTwo, memoryAfterOne, "the second round grew wasm memory");
    if (gc && heapBefore > 0) {
      assert.ok(heapAfter - heapBefore < 8 * 1024 * 1024, `JS heap grew by ${heapAfter - heapBefore} bytes`);
    }
    await assertNormalCall(c, 7);
  },
  { fresh: true, timeout: 120_000 },
);

test(
  "ten million items are a decode error in bounded memory",
  async () => {
    // A ~100 KB gzip body that inflates to 10^7 zeros as `items`: checked a bounded number of
    // items at a time, stopping at the first, in the memory the module already has.
    const c = hostileClient("hostile-zeros", "fault=zeros,times=1", { timeoutMs: 120_000 });
    const before = linearMemoryBytes();
    const e = itsmError(await assert.rejects(c.getTickets({}, undefined)), "decode");
    const grew = linearMemoryBytes() - before;
    assert.includes(e.message, "data.items[0]: expected a ticket object, got 0", describe(e));
    note(`10^7 items: wasm memory grew by ${grew} bytes`);
    assert.ok(grew < 4 * 1024 * 1024, `wasm memory grew by ${grew} bytes`);
    await assertNormalCall(c, 2);
  },
  { fresh: true, timeout: 120_000 },
);
