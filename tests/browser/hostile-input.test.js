// Hostile inputs (from tests/hostile.rs): throwing getters, Proxies (revoked ones, hundreds of
// times), cycles, bigints, huge lists, strings and keys, objects that are not plain, lone
// surrogates, bad options and base URLs: each refused by name, nothing sent, and the module
// still works; and accepted parameters reach the server exactly as meant.
import { createClient, getTickets, validateParams } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import {
  APP_CODE, APP_SECRET, TOKEN, assertNormalCall, describe, hostileClient, itsmError, postsOf, rejectsValidation,
} from "./lib/itsm.js";

/** `params` are refused with a validation error on `field`, nothing is sent, and the module
 * still works. */
async function refused(params, field) {
  const c = hostileClient("hostile-inputs");
  const e = itsmError(await assert.rejects(c.getTickets(params, undefined)), "validation");
  assert.equal(e.field, field, describe(e));
  assert.equal(e.attempts, 0);
  assert.ok(Array.isArray(e.issues) && e.issues.length >= 1, JSON.stringify(e.issues));
  await assertNormalCall(c, 5);
  return e;
}

// Hostile inputs a JavaScript caller can build.
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const throwingLength = () =>
  new Proxy(["REQ1"], {
    get(t, k) {
      if (k === "length") throw new Error("length boom");
      return t[k];
    },
  });
const throwingIndex = () =>
  Object.defineProperty(["REQ1", "REQ2"], 1, {
    enumerable: true,
    get() {
      throw new Error("index boom");
    },
  });
function notPlain(kind) {
  class Filters {
    constructor() {
      this.creator = "admin";
    }
  }
  return {
    map: () => new Map([["page", 0]]),
    search: () => new URLSearchParams("page=0"),
    date: () => new Date(),
    instance: () => new Filters(),
    inherited: () => Object.create({ page: 0 }),
    set: () => new Set([1]),
  }[kind]();
}
const LONE_SURROGATES = ["a\uD800b", "x\uDC00", "\uDBFF", "ok\uDC00\uD800"];

test("inputs: a throwing getter", async () => {
  const params = Object.defineProperty({}, "page", {
    enumerable: true,
    get() {
      throw new Error("getter boom");
    },
  });
  const e = await refused(params, "params");
  assert.includes(e.message, "getter boom");
});

test("inputs: a Proxy that throws", async () => {
  const params = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error("ownKeys boom");
      },
    },
  );
  await refused(params, "params");
});

test("inputs: cycles", async () => {
  const a = { page: 1 };
  a.self = a;
  await refused(a, "self");
  const l = ["REQ1"];
  l.push(l);
  await refused({ sns: l }, "sns");
});

test("inputs: bigints, symbols, functions, boxed numbers", async () => {
  await refused({ page: 10n }, "page");
  await refused({ creator: Symbol("x") }, "creator");
  await refused({ creator: () => 1 }, "creator");
  await refused({ page: new Number(2) }, "page");
});

test("inputs: huge lists, strings and keys", async () => {
  const long = Array.from({ length: 100_000 }, (_, i) => `REQ${i}`);
  long.push(5);
  let e = await refused({ sns: long }, "sns");
  assert.ok(e.message.startsWith("sns[100000]: "), describe(e));
  // A huge value is quoted shortened; a huge unknown key is the caller's own name for it.
  e = await refused({ current_status__in: ["x".repeat(5_000_000)] }, "current_status__in");
  assert.ok([...e.message].length < 1000, describe(e));
  const key = "k".repeat(100_000);
  await refused({ [key]: 1 }, key);
  const sparse = [];
  sparse[100_000] = "REQ1";
  e = await refused({ sns: sparse }, "sns");
  assert.ok(e.message.startsWith("sns[0]: "), describe(e));
});

test("inputs with a prototype of their own are refused", async () => {
  // An object whose prototype holds keys is not a plain object: its own keys say nothing of
  // what the caller meant, so it is refused rather than read as "no filters".
  const e = await refused(Object.create({ page: 0, pagesize: 1 }), "params");
  assert.includes(e.message, "not a plain object", describe(e));
});

test("inputs: bad options", async () => {
  const c = hostileClient("hostile-inputs");
  for (const [options, field] of [
    [{ timeoutMs: -1 }, "timeoutMs"],
    [{ timeoutMs: "100" }, "timeoutMs"],
    [{ signal: {} }, "signal"],
    [{ retries: 1e300 }, "retries"],
    [{ timeout: 5 }, "timeout"],
  ]) {
    const e = itsmError(await assert.rejects(c.getTickets({}, options)), "validation");
    assert.equal(e.field, field, JSON.stringify(options));
  }
  await assertNormalCall(c, 6);
});

test("accepted parameters reach the server as meant", async () => {
  // Strings with every character class JSON escapes, numbers at the edge of exactness and digit
  // strings: the server's JSON.parse must read exactly what was meant.
  const odd = '工单 "<img src=x>" \\ \u2028\u2029\u0000\u001f\n\t😀\u{10ffff}';
  const projectKey = [...odd].slice(0, 32).join("");
  const c = hostileClient("hostile-wire");
  const page = await c.getTickets({
    sns: [odd, "REQ1"],
    creator: odd,
    create_at__gte: "2020-02-29 00:00:00",
    create_at__lte: "2020-02-29 23:59:59",
    current_status__in: ["RUNNING", "0123456789abcdef0123456789ABCDEF"],
    service_id__in: [1, "2", 9_007_199_254_740_991],
    bk_biz_id__in: [-1, "007"],
    page: "0001",
    page_size: "0010",
    tag: '工单 "<x>"',
    project_key: projectKey,
  });
  assert.equal(page.count, 0, "nothing matches");
  const posts = await postsOf("hostile-wire");
  // Compared as JSON values, as the Rust suite did: key order aside.
  assert.deepEqual(JSON.parse(JSON.stringify(posts[0].body)), {
    bk_app_code: APP_CODE,
    bk_app_secret: APP_SECRET,
    bk_token: TOKEN,
    sns: [odd, "REQ1"],
    creator: odd,
    create_at__lte: "2020-02-29 23:59:59",
    create_at__gte: "2020-02-29 00:00:00",
    current_status__in: ["RUNNING", "0123456789abcdef0123456789ABCDEF"],
    service_id__in: [1, 2, 9_007_199_254_740_991],
    bk_biz_id__in: [-1, 7],
    page: 1,
    page_size: 10,
    tag: '工单 "<x>"',
    project_key: projectKey,
  });
});

test(
  "revoked Proxies and throwing lengths never unwind through the module",
  async () => {
    // Every position a caller's value can take, read a few hundred times: each read that threw
    // through the module's frames leaked part of its stack, and after ~240 calls every export
    // failed with "memory access out of bounds" until the page reloaded.
    const c = hostileClient("hostile-revoked");
    let calls = 0;
    for (let round = 0; round < 60; round++) {
      const inputs = [
        ["params", revoked(), undefined],
        ["creator", { creator: revoked() }, undefined],
        ["sns", { sns: revoked() }, undefined],
        ["sns", { sns: throwingLength() }, undefined],
        ["sns", { sns: throwingIndex() }, undefined],
        ["options", undefined, revoked()],
        ["signal", undefined, { signal: revoked() }],
        ["timeoutMs", undefined, { timeoutMs: revoked() }],
      ];
      for (const [field, params, options] of inputs) {
        const e = await rejectsValidation(c.getTickets(params, options), field);
        assert.equal(e.field, field, describe(e));
        assert.equal(e.attempts, 0);
        calls += 1;
        if (round % 10 === 0) {
          // The walks and the default client read the same way.
          await rejectsValidation(c.getAllTickets(params, options), field);
          const it = c.iterTickets(params, options);
          await rejectsValidation(it.next(), field);
          await rejectsValidation(getTickets(params, options), field);
          calls += 3;
        }
        const issues = validateParams(params);
        if (!["options", "signal", "timeoutMs"].includes(field)) assert.equal(issues[0]?.field, field);
        calls += 1;
      }
      for (const config of [revoked(), { baseUrl: revoked() }]) {
        const e = itsmError(
          assert.throws(() => createClient(config), "a revoked configuration was accepted"),
          "validation",
        );
        assert.includes(e.message, "threw when read", describe(e));
        calls += 1;
      }
    }
    assert.ok(calls >= 300, `${calls} calls`);
    // The module still works: validation as the user types, and a request.
    assert.equal(validateParams({ page: 0 })[0]?.field, "page");
    assert.equal(validateParams({}).length, 0);
    await assertNormalCall(c, 3);
  },
);

test("objects that are not plain are refused", async () => {
  // Their own enumerable keys say nothing (a Map, URLSearchParams, a Date): read as "no
  // filters" they listed every ticket.
  const c = hostileClient("hostile-notplain");
  for (const kind of ["map", "search", "date", "instance", "inherited", "set"]) {
    let e = await rejectsValidation(c.getTickets(notPlain(kind), undefined), kind);
    assert.equal(e.field, "params", kind);
    const issues = validateParams(notPlain(kind));
    assert.equal(issues.length, 1, kind);
    await rejectsValidation(c.getTickets({}, notPlain(kind)), kind);
    assert.throws(() => createClient(notPlain(kind)), kind);
    // Inside the parameters too.
    e = await rejectsValidation(c.getTickets({ sns: notPlain(kind) }, undefined), kind);
    assert.equal(e.field, "sns");
  }
  assert.deepEqual(await postsOf("hostile-notplain"), []);
  // A null-prototype object is plain.
  const bare = Object.create(null);
  bare.page_size = 1;
  assert.equal((await c.getTickets(bare, undefined)).items.length, 1);
});

test("strings that are not Unicode are refused", async () => {
  // A lone surrogate would be sent as U+FFFD: a different filter from the one asked for.
  const c = hostileClient("hostile-surrogates");
  for (const s of LONE_SURROGATES) {
    for (const [key, value, field] of [
      ["creator", s, "creator"],
      ["sns", [s], "sns[0]"],
      ["bk_token", s, "bk_token"],
    ]) {
      const e = await rejectsValidation(c.getTickets({ [key]: value }, undefined), key);
      assert.equal(e.field, field.split("[")[0]);
      assert.includes(e.message, "lone surrogate", describe(e));
    }
    assert.throws(() => createClient({ bk_username: s }));
  }
  assert.deepEqual(await postsOf("hostile-surrogates"), []);
  // Pairs are fine.
  const page = await c.getTickets({ creator: "😀", page_size: 1 });
  assert.equal(page.count, 0);
});

test("base URLs that cannot work are refused at createClient", () => {
  for (const base of ["http://127.0.0.1:99999", "http://[::1", "http://example\u3002com", "http://ex\uff41mple.com", "http://127.1:8000"]) {
    const e = itsmError(assert.throws(() => createClient({ baseUrl: base }), `${base} was accepted`), "validation");
    assert.equal(e.field, "baseUrl", base);
  }
  const e = assert.throws(() => createClient({ baseUrl: "http://example\u3002com" }));
  assert.includes(e.message, '"example.com"', describe(e));
});
