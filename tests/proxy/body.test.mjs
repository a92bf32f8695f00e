// The request body: at most maxBodyBytes (default 64 KiB), refused with 413 as soon as it is
// known to be over (its Content-Length, or the bytes read so far: the rest is never read), and
// a JSON object in UTF-8, else 400.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TOKEN, assertNoSecrets, backend, pathOf, portal, proxy, raw, record, sameOrigin, seen, socketRequest } from "./helpers.mjs";

const TAG = "proxy-body";
let srv, itsm, site, small, smallSite;

before(async () => {
  srv = await backend();
  itsm = proxy({ target: `${srv.url}/__/tag=${TAG}` });
  site = await portal(itsm);
  small = proxy({ target: `${srv.url}/__/tag=${TAG}`, maxBodyBytes: 1000 });
  smallSite = await portal(small);
});
after(async () => {
  await site?.close();
  await smallSite?.close();
  await srv?.close();
});

const forwarded = async () => (await srv.log(TAG)).filter((e) => !e.path.includes("bk_login")).length;
/** A get_tickets body of exactly `n` bytes (a `tag` filter padded with spaces outside the JSON). */
const bodyOf = (n) => {
  const json = JSON.stringify({ page_size: 1 });
  return json + " ".repeat(n - json.length);
};

describe("the request body", () => {
  test("a huge body is refused with 413 from its Content-Length, before the login check and unread", async () => {
    const n = await forwarded();
    const logins = (await srv.log(TAG)).length;
    const r = await raw(site.url, pathOf("create_ticket"), { method: "POST", headers: { ...sameOrigin(site.url, "never-checked-token") }, body: bodyOf(5 * 1024 * 1024) });
    assert.equal(r.status, 413);
    assert.equal(r.json.code, "PROXY_BODY_TOO_LARGE");
    assert.equal(r.json.message, "The request body is over 65536 bytes");
    assert.equal(r.headers.get("connection"), "close");
    assert.equal((await srv.log(TAG)).length, logins, "no bk_login call, nothing forwarded");
    assert.equal(await forwarded(), n);
  });

  test("a body that keeps coming without a Content-Length: 413 once over the limit, and the rest is not read", async (t) => {
    const chunk = Buffer.alloc(32 * 1024, 0x20);
    const total = chunk.length * 2048; // 64 MiB offered
    const r = await socketRequest(site.url, pathOf("get_tickets"), {
      headers: { ...sameOrigin(site.url, TOKEN.alice), "Content-Type": "application/json" },
      chunk,
      chunks: 2048,
    });
    assert.equal(r.status, 413);
    assert.equal(JSON.parse(r.text).code, "PROXY_BODY_TOO_LARGE");
    // The proxy stopped reading: the sender was held back by the sockets' buffers (a few MiB
    // on loopback), long before the end.
    assert.ok(r.sent < total / 4, `${r.sent} of ${total} bytes were written`);
    t.diagnostic(`${r.sent} of ${total} bytes written before the 413`);
  });

  test("fetch(request): the body stream is read only to the limit, then cancelled", async (t) => {
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream({
      pull(c) {
        pulled += 8192;
        c.enqueue(new Uint8Array(8192).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(`http://portal.example${pathOf("get_tickets")}`, {
      method: "POST",
      headers: { ...sameOrigin("http://portal.example", TOKEN.alice), "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    });
    const response = await itsm.fetch(request);
    assert.equal(response.status, 413);
    assert.equal(JSON.parse(await record(response)).code, "PROXY_BODY_TOO_LARGE");
    assert.ok(pulled <= 64 * 1024 + 3 * 8192, `pulled ${pulled} bytes`);
    t.diagnostic(`${pulled} bytes pulled from the stream`);
    assert.ok(cancelled, "the stream was cancelled");
  });

  test("maxBodyBytes: exactly the limit is read, one byte more is refused", async () => {
    const at = await raw(smallSite.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(smallSite.url, TOKEN.alice), body: bodyOf(1000) });
    assert.equal(at.json.result, true, at.text);
    const over = await raw(smallSite.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(smallSite.url, TOKEN.alice), body: bodyOf(1001) });
    assert.equal(over.status, 413);
    assert.equal(over.json.message, "The request body is over 1000 bytes");
  });

  test("a body that is not a JSON object, or not UTF-8, is 400; an empty one is no parameters", async () => {
    const headers = sameOrigin(site.url, TOKEN.alice);
    for (const [body, why] of [["{nope", "not JSON"], ["[1,2]", "not a JSON object"], ["null", "not a JSON object"], ['"x"', "not a JSON object"]]) {
      const r = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers, body });
      assert.equal(r.status, 400, body);
      assert.deepEqual(r.json, { result: false, code: "VALIDATE_ERROR", data: null, message: `The request body was refused: the body is ${why}` });
    }
    const latin1 = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]) });
    assert.equal(latin1.status, 400);
    assert.match(latin1.json.message, /not UTF-8/);
    const empty = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers, body: "" });
    assert.equal(empty.json.result, true, empty.text);
  });

  test("a GET's body is never read", async () => {
    const r = await socketRequest(site.url, `${pathOf("get_ticket_info")}?sn=PBI20261013000001`, {
      method: "GET",
      headers: { ...sameOrigin(site.url, TOKEN.alice), "Content-Length": String(1024 * 1024) },
      chunk: Buffer.alloc(1024, 0x20),
      chunks: 1024,
    });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.text).result, true);
  });

  test("no answer or log line held a secret", () => {
    assert.ok(seen.answers.length > 5);
    assertNoSecrets();
  });
});
