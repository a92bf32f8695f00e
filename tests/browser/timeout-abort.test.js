// Timeouts and AbortSignals: a slow answer and a body that never ends time out, an abort ends a
// call at once, an aborted signal sends nothing, options are read once, look-alike signals are
// refused, and a fetch that ignores its signal cannot hold a call (from tests/browser.rs and
// tests/hostile.rs).
import { test, assert } from "./lib/test.js";
import {
  AUTH, admin, assertNormalCall, client, hostileClient, itsmError, postsOf, rejects, rejectsValidation, replaceFetch, runTag, serverLog,
  settledWithin, sleep,
} from "./lib/itsm.js";

/** A client on the server's tag `name` with the demo app and admin's token, no retries. */
const hostile = (name, extra = {}) => hostileClient(name, "", extra);

test("timeout and abort", async () => {
  const slow = admin("/__/delay=3000");
  const start = Date.now();
  let e = await rejects(slow.getTickets(undefined, { timeoutMs: 300 }));
  assert.equal(e.kind, "timeout");
  assert.ok(Date.now() - start < 2500, `${Date.now() - start} ms`);
  // A body that never ends is a timeout too.
  e = await rejects(admin("/__/fault=hang").getTickets(undefined, { timeoutMs: 500 }));
  assert.equal(e.kind, "timeout");

  const controller = new AbortController();
  const options = { signal: controller.signal };
  const pending = slow.getTickets(undefined, options);
  await sleep(100);
  controller.abort();
  e = await rejects(pending);
  assert.equal(e.kind, "aborted");
  // Already aborted: nothing is sent.
  const quiet = admin("/__/tag=b-preaborted");
  e = await rejects(quiet.getTickets(undefined, options));
  assert.equal(e.kind, "aborted");
  assert.deepEqual(await serverLog("b-preaborted"), []);
  // The same client still works.
  await slow.getTickets(undefined, { timeoutMs: 10000 });
});

test("a signal aborted before the call sends nothing", async () => {
  const c = hostile("hostile-preaborted");
  const controller = new AbortController();
  controller.abort();
  const e = itsmError(await assert.rejects(c.getTickets({}, { signal: controller.signal })), "aborted");
  assert.equal(e.attempts, 0, "nothing was sent");
  assert.includes(e.url, runTag("hostile-preaborted"));
  assert.deepEqual(await postsOf("hostile-preaborted"), []);
});

test("options are read once and the signal checked is the signal used", async () => {
  // The `signal` getter answers an aborted signal once, then a look-alike.
  const c = hostile("hostile-fickle");
  let reads = 0;
  const controller = new AbortController();
  controller.abort();
  const aborted = controller.signal;
  const options = Object.defineProperty({}, "signal", {
    enumerable: true,
    get() {
      reads += 1;
      return reads === 1 ? aborted : { aborted: false };
    },
  });
  const e = itsmError(await assert.rejects(c.getTickets({}, options)), "aborted");
  assert.equal(e.attempts, 0, "nothing was sent");
  assert.equal(reads, 1, "the signal getter ran once");
  assert.deepEqual(await postsOf("hostile-fickle"), []);
});

test("look-alike signals are refused and nothing hangs", async () => {
  const c = hostile("hostile-signal");
  const lookAlike = {
    prototype: () => Object.create(AbortSignal.prototype),
    proxy: () => new Proxy(new AbortController().signal, {}),
    plain: () => ({ aborted: false }),
  };
  for (const [kind, make] of Object.entries(lookAlike)) {
    const options = { signal: make() };
    const e = await rejectsValidation(c.getTickets({}, options), kind);
    assert.equal(e.field, "signal");
    await rejectsValidation(c.getAllTickets({}, options), kind);
    const it = c.iterTickets({}, options);
    await rejectsValidation(it.next(), kind);
  }
  assert.deepEqual(await postsOf("hostile-signal"), [], "nothing was sent");
  await assertNormalCall(c, 2);
});

test(
  "a fetch that ignores its signal cannot hold a call",
  async () => {
    const c = client("", { ...AUTH, retries: 0, timeoutMs: 300 });
    const fakes = {
      // A patched or polyfilled fetch that ignores its signal: it never settles, or it answers
      // with a body that never ends.
      "ignores-signal": () => new Promise(() => {}),
      "endless-body": () => Promise.resolve(new Response(new ReadableStream({ start() {} }), { status: 200 })),
    };
    for (const [kind, fake] of Object.entries(fakes)) {
      const restore = replaceFetch(fake);
      let timedOut, took, one, all;
      try {
        // The timeout ...
        const start = Date.now();
        timedOut = await settledWithin(c.getTickets({}), 3000);
        took = Date.now() - start;
        // ... and the caller's signal, for one call and for a walk (no timeout for either).
        const controller = new AbortController();
        const options = () => ({ signal: controller.signal, timeoutMs: 0 });
        const pendingOne = c.getTickets({}, options());
        const pendingAll = c.getAllTickets({}, options());
        await sleep(100);
        controller.abort();
        one = await settledWithin(pendingOne, 2000);
        all = await settledWithin(pendingAll, 2000);
      } finally {
        restore();
      }
      assert.equal(timedOut.status, "rejected", kind);
      itsmError(timedOut.reason, "timeout", kind);
      assert.ok(took < 2500, `${kind}: ${took} ms`);
      for (const outcome of [one, all]) {
        assert.equal(outcome.status, "rejected", kind);
        itsmError(outcome.reason, "aborted", kind);
      }
    }
    await assertNormalCall(c, 3);
  },
  { fresh: true },
);

