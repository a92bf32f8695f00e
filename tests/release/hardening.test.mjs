// Issue 14 in Node, through the release package's default entry and its real JavaScript glue:
// nothing a caller, a server or a library hands over may end the process, break the module for
// the rest of its life, or hang a call. (tests/browser/hostile-*.test.js pin the same in the browsers.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../server/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));
const AUTH = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b", bk_token: "test-token-admin" };
let server, pkg, memory;

before(async () => {
  server = await startServer({ port: 0, appInDoors: true });
  // The module's memory: the entry instantiates it on first use, through WebAssembly.Instance.
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    const instance = new Instance(module, imports);
    memory ??= instance.exports.memory;
    return instance;
  };
  WebAssembly.Instance.prototype = Instance.prototype;
  pkg = await import(pathToFileURL(join(pkgDir, "index.js")).href);
  pkg.validateParams({});
  WebAssembly.Instance = Instance;
  assert.ok(memory instanceof WebAssembly.Memory, "the package made its instance on first use");
});
after(() => server?.close());

const client = (prefix = "", extra = {}) => pkg.createClient({ baseUrl: `${server.url}${prefix}`, ...AUTH, retries: 0, ...extra });
const posts = async (tag) => (await (await fetch(`${server.url}/__log?tag=${tag}`)).json()).filter((e) => e.method === "POST").length;
const settledWithin = (p, ms) =>
  Promise.race([
    p.then((value) => ({ value }), (error) => ({ error })),
    new Promise((r) => setTimeout(() => r({ pending: true }), ms)),
  ]);
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

test("a revoked Proxy anywhere, 300 times and more, is a validation error and the module keeps working", async () => {
  const c = client("/__/tag=n-revoked");
  const throwingLength = new Proxy(["REQ1"], { get: (t, k) => { if (k === "length") throw new Error("length boom"); return t[k]; } });
  const cases = [
    [revoked(), undefined, "params"],
    [{ creator: revoked() }, undefined, "creator"],
    [{ sns: throwingLength }, undefined, "sns"],
    [{}, revoked(), "options"],
    [{}, { signal: revoked() }, "signal"],
  ];
  let calls = 0;
  for (let round = 0; round < 80; round++) {
    for (const [params, options, field] of cases) {
      let p;
      assert.doesNotThrow(() => { p = c.getTickets(params, options); });
      const e = await p.catch((e) => e);
      assert.ok(pkg.isItsmError(e), String(e));
      assert.deepEqual([e.kind, e.field, e.attempts], ["validation", field, 0]);
      pkg.validateParams(params);
      calls += 2;
    }
    assert.throws(() => pkg.createClient(revoked()), (e) => pkg.isItsmError(e) && e.kind === "validation");
    calls++;
  }
  assert.ok(calls >= 300);
  assert.deepEqual(pkg.validateParams({ page: 0 }).map((i) => i.field), ["page"]);
  assert.deepEqual(pkg.validateParams(revoked()).map((i) => i.field), ["params"]);
  const page = await c.getTickets({ page_size: 3 });
  assert.equal(page.items.length, 3);
  assert.equal(await posts("n-revoked"), 1);
});

test("10^7 items are a decode error in bounded memory, and the process goes on", async () => {
  const before = memory.buffer.byteLength;
  const e = await client("/__/tag=n-zeros,fault=zeros,times=1", { timeoutMs: 120000 }).getTickets({}).catch((e) => e);
  const grew = memory.buffer.byteLength - before;
  assert.equal(e.kind, "decode", e.message);
  assert.match(e.message, /data\.items\[0\]: expected a ticket object, got 0/);
  assert.ok(grew < 4 * 1024 * 1024, `wasm memory grew by ${grew} bytes`);
  const page = await client("/__/tag=n-zeros,fault=zeros,times=1").getTickets({ page_size: 2 });
  assert.equal(page.items.length, 2);
});

test("a look-alike AbortSignal is refused; nothing hangs and nothing is sent", async () => {
  const c = client("/__/tag=n-signal");
  for (const signal of [Object.create(AbortSignal.prototype), { aborted: false, addEventListener() {} }]) {
    for (const run of [() => c.getTickets({}, { signal }), () => c.getAllTickets({}, { signal }), () => c.iterTickets({}, { signal }).next()]) {
      const outcome = await settledWithin(run(), 3000);
      assert.equal(outcome.error?.kind, "validation", JSON.stringify(outcome));
      assert.equal(outcome.error.field, "signal");
    }
  }
  assert.equal(await posts("n-signal"), 0);
  // Already aborted: nothing is sent, and `attempts` says so.
  const controller = new AbortController();
  controller.abort();
  const e = await c.getTickets({}, { signal: controller.signal }).catch((e) => e);
  assert.deepEqual([e.kind, e.attempts], ["aborted", 0]);
  assert.equal(await posts("n-signal"), 0);
});

test("a fetch that ignores its signal cannot hold a call past its timeout or its abort", async () => {
  const saved = globalThis.fetch;
  globalThis.fetch = () => new Promise(() => {});
  try {
    const c = client("", { timeoutMs: 200 });
    const timedOut = await settledWithin(c.getTickets({}), 3000);
    assert.equal(timedOut.error?.kind, "timeout");
    const controller = new AbortController();
    const walk = c.getAllTickets({}, { signal: controller.signal, timeoutMs: 0 });
    setTimeout(() => controller.abort(), 100);
    assert.equal((await settledWithin(walk, 3000)).error?.kind, "aborted");
  } finally {
    globalThis.fetch = saved;
  }
});

test("a console.warn that throws does not turn the plain-http secret warning into a throw", async () => {
  const saved = console.warn;
  console.warn = () => { throw new Error("console.warn is not allowed here"); };
  let p;
  try {
    const remote = pkg.createClient({ baseUrl: "http://192.0.2.1:9", ...AUTH, timeoutMs: 200, retries: 0 });
    assert.doesNotThrow(() => { p = remote.getTickets({}); });
  } finally {
    console.warn = saved;
  }
  const e = await p.catch((e) => e);
  assert.ok(["network", "timeout"].includes(e.kind), e.message);
});

test("base URLs that cannot work are refused at createClient", () => {
  for (const baseUrl of ["http://127.0.0.1:99999", "http://[::1", "http://example\u3002com", "http://127.1:8000"]) {
    assert.throws(() => pkg.createClient({ baseUrl }), (e) => e.kind === "validation" && e.field === "baseUrl", baseUrl);
  }
});

// Last: it gives Node the globals a jsdom or happy-dom test environment gives it.
test("in a DOM test environment the default client resolves against location.href; no fetch is a validation error", async () => {
  globalThis.location = { href: `${server.url}/some/page?x=1`, origin: server.url };
  // An injected <base> would be document.baseURI: never used.
  globalThis.document = { cookie: "a=1; bk_token=test-token-admin", baseURI: "http://elsewhere.invalid/" };
  try {
    const page = await pkg.getTickets({ page_size: 2 });
    assert.equal(page.items.length, 2);

    const saved = globalThis.fetch;
    delete globalThis.fetch;
    try {
      const e = await pkg.getTickets({}).catch((e) => e);
      assert.deepEqual([e.kind, e.field, e.attempts], ["validation", "fetch", 0]);
    } finally {
      globalThis.fetch = saved;
    }

    globalThis.location = { href: "about:blank", origin: "null" };
    const e = await pkg.getTickets({}).catch((e) => e);
    assert.deepEqual([e.kind, e.field], ["validation", "baseUrl"]);
  } finally {
    delete globalThis.location;
    delete globalThis.document;
  }
});
