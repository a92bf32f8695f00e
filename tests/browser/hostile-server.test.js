// Hostile servers (from tests/hostile.rs): one test per row of the matrix, each asserting the
// error kind (and status, code) and that the next normal call still succeeds, so no answer
// poisons the module; then a hostile `fetch` (a page may patch it) and answers the server
// cannot send (each in a fresh page: they patch the global fetch).
import { createClient } from "/pkg/index.js";
import { test, assert, note } from "./lib/test.js";
import {
  APP_SECRET, SERVER, answerWith, assertNormalCall, config, describe, hostileClient, itsmError, postsOf, replaceFetch,
  runTag, settle, settledWithin,
} from "./lib/itsm.js";

/** One row of the matrix: a call through `fault` (with `times=1`, so the same client's next
 * call is served normally) fails with `kind`; then that next call succeeds. */
async function row(name, fault, extra, kind) {
  const tag = `hostile-${name}`;
  const c = hostileClient(tag, `${fault},times=1`, extra);
  const outcome = await settle(c.getTickets({ page_size: 5 }, undefined));
  assert.equal(outcome.ok, false, `${tag}: resolved to ${JSON.stringify(outcome.value)}`);
  const e = itsmError(outcome.error, kind, tag);
  assert.equal(e.attempts, 1, tag);
  assert.includes(e.url, runTag(tag), `${tag}: url`);
  await assertNormalCall(c, 2);
  return e;
}

// ------------------------------------------------------------------------------------------
// The hostile-server matrix

test("matrix: an HTML 502 page", async () => {
  const e = await row("html502", "fault=html502", {}, "http");
  assert.equal(e.status, 502);
  assert.includes(e.message, "HTTP 502 Bad Gateway");
  assert.includes(e.message, "text/html");
});

test("matrix: an empty body", async () => {
  const e = await row("empty", "fault=empty", {}, "decode");
  assert.equal(e.status, 200);
  assert.includes(e.message, "empty body", describe(e));
});

test("matrix: truncated JSON", async () => {
  const e = await row("truncated", "fault=truncated", {}, "decode");
  assert.includes(e.message, "not the API's JSON envelope");
});

test("matrix: JSON that is not an object", async () => {
  const e = await row("notobject", "fault=notobject", {}, "decode");
  assert.includes(e.message, "[1, 2, 3]", describe(e));
});

test("matrix: result missing", async () => {
  const e = await row("noresult", "fault=noresult", {}, "decode");
  assert.includes(e.message, "no boolean `result`");
});

test("matrix: result true with data null", async () => {
  const e = await row("datanull", "fault=datanull", {}, "decode");
  assert.includes(e.message, "data: expected a page object, got null");
  assert.ok(typeof e.requestId === "string" && e.requestId !== "", "the ESB request id is kept");
});

test("matrix: data a bare array", async () => {
  const e = await row("bararray", "fault=bararray", {}, "decode");
  assert.includes(e.message, "switched paging off", describe(e));
});

test("matrix: items not an array", async () => {
  const e = await row("itemsnotarray", "fault=itemsnotarray", {}, "decode");
  assert.includes(e.message, "data.items: expected an array");
});

test("matrix: an item with wrong-typed fields", async () => {
  const e = await row("badfield", "fault=badfield", {}, "decode");
  assert.includes(e.message, 'data.items[0].id: expected an integer, got "abc"', describe(e));
});

test("matrix: code as a string", async () => {
  const e = await row("codestr", "fault=codestr", {}, "api");
  assert.equal(e.code, "SERVER_500_ERROR");
  assert.equal(e.message, "Invalid page.");
  assert.equal(e.status, 200);
});

test("matrix: code as a number", async () => {
  const e = await row("codenum", "fault=codenum", {}, "api");
  assert.equal(e.code, 1_306_000);
  assert.ok(e.message.startsWith("User authentication failed"), e.message);
});

test("matrix: a 20 MB body", async () => {
  const c = hostileClient("hostile-huge", "fault=huge,times=1", { timeoutMs: 60_000 });
  const start = Date.now();
  const page = await c.getTickets({ page_size: 5 });
  assert.equal(page.items.length, 2000);
  assert.equal(page.count, 2000);
  assert.ok([...page.items[0].title].length > 2500);
  note(`20 MB page checked in ${Date.now() - start} ms`);
  await assertNormalCall(c, 2);
});

test("matrix: a never-ending response times out", async () => {
  const c = hostileClient("hostile-hang", "fault=hang,times=1", { timeoutMs: 1000 });
  const start = Date.now();
  const e = itsmError(await assert.rejects(c.getTickets({})), "timeout");
  const took = Date.now() - start;
  assert.ok(took >= 900 && took < 10_000, `took ${took} ms`);
  assert.includes(e.message, "1000 ms");
  await assertNormalCall(c, 2);
});

test("matrix: a dropped connection", async () => {
  // Without `times`: a browser may resend a request whose reused connection dropped, and that
  // resend must fail too. The next call goes to a clean URL.
  const c = hostileClient("hostile-drop", "fault=drop");
  const e = itsmError(await assert.rejects(c.getTickets({})), "network");
  assert.equal(e.status, undefined);
  assert.ok(e.message.startsWith("no answer from"), e.message);
  await assertNormalCall(hostileClient("hostile-drop-next"), 3);
});

test("matrix: a redirect to another origin is not followed", async () => {
  const e = await row("redirect", "fault=redirect", {}, "http");
  assert.includes(e.message, "never follows redirects", describe(e));
  // The redirect was not followed: one POST (the row's) before the next normal call's.
  const posts = await postsOf("hostile-redirect");
  assert.equal(posts.length, 2, JSON.stringify(posts));
  // ... and it did carry the secret, which a followed 307 would have re-sent elsewhere.
  assert.equal(posts[0].body.bk_app_secret, APP_SECRET);
});

test("matrix: a same-origin redirect is not followed either", async () => {
  const e = await row("redirect-same", "fault=redirect-same", {}, "http");
  assert.includes(e.message, "never follows redirects");
  assert.equal((await postsOf("hostile-redirect-same")).length, 2);
});

test("matrix: 429 with Retry-After", async () => {
  const e = await row("429", "fault=429,retryafter=1", {}, "api");
  assert.equal(e.status, 429);
  assert.equal(e.code, 1_642_901);
  assert.equal(e.message, "API rate limit exceeded by stage global limit");
  // With retries, the client waits the Retry-After second and the retry succeeds.
  const c = hostileClient("hostile-429-retry", "fault=429,retryafter=1,times=1", { retries: 1 });
  const page = await c.getTickets({ page_size: 5 });
  assert.equal(page.page, 1);
  const at = (await postsOf("hostile-429-retry")).map((p) => p.at).filter((n) => typeof n === "number");
  assert.equal(at.length, 2, "one 429 then one retry");
  assert.ok(at[1] - at[0] >= 950, `retried after ${at[1] - at[0]} ms`);
});

test("matrix: a gateway error with its headers", async () => {
  const e = await row("gwerror", "fault=gwerror", { gateway: "apigw" }, "api");
  assert.equal(e.status, 403);
  assert.equal(e.code, 1_640_301);
  assert.equal(e.message, "App has no permission to the resource");
  // X-Bkapi-Request-ID, a uuid4, read through CORS.
  assert.equal(e.requestId?.length, 36, e.requestId);
});

test("matrix: a gateway timeout", async () => {
  const e = await row("504", "fault=504", { gateway: "apigw" }, "api");
  assert.equal(e.status, 504);
  assert.equal(e.code, 1_650_401);
});

test("matrix: a 503 page", async () => {
  const e = await row("503", "fault=503", {}, "http");
  assert.equal(e.status, 503);
});

test("matrix: a login page with status 200", async () => {
  const e = await row("html200", "fault=html200", {}, "decode");
  assert.includes(e.message, "text/html", describe(e));
});

test("matrix: a plain-text 404", async () => {
  const e = await row("status404", "status=404", {}, "http");
  assert.equal(e.status, 404);
  assert.includes(e.message, "fault status 404", describe(e));
});

// ------------------------------------------------------------------------------------------
// A hostile fetch (a page may patch it) and hostile answers the server cannot send

const json = (body) => new Response(body, { status: 200, headers: { "Content-Type": "application/json" } });
const FAKES = {
  "not-a-response": () => Promise.resolve(42),
  throws: () => {
    throw new TypeError("fetch boom");
  },
  "rejects-string": () => Promise.reject("a string reason"),
  "rejects-undefined": () => Promise.reject(undefined),
  "deep-json": () => Promise.resolve(json(`{"result":true,"data":${"[".repeat(100000)}${"]".repeat(100000)}}`)),
  "huge-message": () => Promise.resolve(json(JSON.stringify({ result: false, code: 1, message: "m".repeat(5000000) }))),
  "fake-response": () => Promise.resolve(Object.create(Response.prototype)),
  "text-throws": () =>
    Promise.resolve(
      Object.setPrototypeOf(
        {
          status: 200,
          headers: new Headers(),
          type: "basic",
          text() {
            throw new Error("text boom");
          },
        },
        Response.prototype,
      ),
    ),
};

/** A call through a fetch patched to `kind` fails with `expected`; then a normal call works. */
async function withFetch(kind, expected) {
  const c = createClient(config(SERVER));
  const restore = replaceFetch(FAKES[kind]);
  let result;
  try {
    result = await settle(c.getTickets({}));
  } finally {
    restore();
  }
  assert.equal(result.ok, false, `${kind}: resolved`);
  const e = itsmError(result.error, expected, kind);
  await assertNormalCall(c, 4);
  return e;
}

test("a fetch that resolves to something else", () => withFetch("not-a-response", "network"), { fresh: true });

test(
  "a fetch that throws",
  async () => {
    const e = await withFetch("throws", "network");
    assert.includes(e.message, "fetch boom");
  },
  { fresh: true },
);

test(
  "a fetch that rejects with a string or nothing",
  async () => {
    const e = await withFetch("rejects-string", "network");
    assert.includes(e.message, "a string reason");
    await withFetch("rejects-undefined", "network");
  },
  { fresh: true },
);

test("a response whose body cannot be read", () => withFetch("text-throws", "network"), { fresh: true });

/** Starts a call through a `fetch` patched to resolve to an object that is `instanceof Response`
 * without being one (none of its internal slots: its getters throw), and returns the call's
 * outcome after 3 s ("pending" if it has not settled). */
async function throughAFakeResponse(c) {
  const restore = replaceFetch(FAKES["fake-response"]);
  try {
    // The fetch may happen a microtask after the call: restore the real fetch only once the
    // outcome is known.
    return await settledWithin(c.getTickets({}), 3000);
  } finally {
    restore();
  }
}

test(
  "a fake Response does not poison the module",
  async () => {
    const c = createClient(config(SERVER));
    await throughAFakeResponse(c);
    const next = await settledWithin(c.getTickets({ page_size: 1 }), 3000);
    assert.equal(next.status, "fulfilled", JSON.stringify(next));
    await assertNormalCall(c, 4);
  },
  { fresh: true },
);

test(
  "a fake Response rejects",
  async () => {
    const c = createClient(config(SERVER));
    const outcome = await throughAFakeResponse(c);
    assert.equal(outcome.status, "rejected", JSON.stringify(outcome));
    itsmError(outcome.reason, "network");
  },
  { fresh: true },
);

test(
  "JSON nested 100,000 deep",
  // Chromium parses it (a bare array: paging off); Firefox's JSON.parse may give up (not JSON):
  // a decode error either way, and no recursion on our side.
  () => withFetch("deep-json", "decode"),
  { fresh: true },
);

test(
  "a 5 MB API message is shortened",
  async () => {
    const e = await withFetch("huge-message", "api");
    const length = [...e.message].length;
    assert.ok(length <= 2001, `a ${length}-character message`);
  },
  { fresh: true },
);

test(
  "the runtime matches the declarations for code and request_id",
  async () => {
    const c = createClient(config(SERVER));
    for (const code of ["{}", "[]", "null", "true", '""', "7"]) {
      const restore = answerWith(`{"result":false,"code":${code},"message":"m"}`);
      let outcome;
      try {
        outcome = await settle(c.getTickets({}));
      } finally {
        restore();
      }
      assert.equal(outcome.ok, false, `code ${code}: resolved`);
      const e = itsmError(outcome.error, "api", `code ${code}`);
      // Always there, as declared: a number or a string as sent, otherwise its JSON text.
      if (code === "7") assert.equal(e.code, 7);
      else if (code === '""') assert.equal(e.code, "");
      else assert.equal(e.code, code, `code ${code}`);
    }
    // `request_id` is the answer's string or absent, never a value of `data`'s own.
    const page = '{"page":1,"total_page":1,"count":0,"next":null,"previous":null,"items":[],"request_id":5}';
    const restore = answerWith(`{"result":true,"code":0,"data":${page}}`);
    let result;
    try {
      result = await settle(c.getTickets({}));
    } finally {
      restore();
    }
    assert.equal(result.ok, true, result.ok ? "" : describe(result.error));
    assert.equal(result.value.request_id, undefined);
  },
  { fresh: true },
);

test(
  "a server's message cannot forge log lines",
  async () => {
    const c = createClient(config(SERVER));
    const restore = answerWith('{"result":false,"code":1,"message":"denied\\n2026-01-01 [INFO] all good \\u001b[2J\\u202eexe.tab"}');
    let outcome;
    try {
      outcome = await settle(c.getTickets({}));
    } finally {
      restore();
    }
    assert.equal(outcome.ok, false, "resolved");
    const { message } = itsmError(outcome.error, "api");
    assert.doesNotMatch(message, /[\u0000-\u001f\u007f-\u009f\u202e]/, "a control or bidirectional character");
    assert.ok(message.includes("\\n2026-01-01") && message.includes("\\u202e"), message);
  },
  { fresh: true },
);

