// Secrets (from tests/hostile.rs and tests/read.rs): every error kind provoked with a known
// secret and token, none of which may appear in any message, property, JSON.stringify(e),
// String(e), stack or console line, wherever a server's echo is cut; not in configuration
// errors, nor in the URL of a GET through ESB; and the one warning for bk_app_secret over plain
// http: to a host that is not loopback.
import { createClient } from "/pkg/index.js";
import { test, assert, note } from "./lib/test.js";
import {
  APP_CODE, AUTH, SERVER, TOKEN, captureConsole, client, config, describe, errorTexts, itsmError, rejects, runTag, settle, sleep,
} from "./lib/itsm.js";

const SECRET = "S3CRET-sweep-1234";
const SWEEP_TOKEN = "TOKEN-sweep-5678";

/** No text of `e` holds the secret or the token. */
function assertNoSecret(e, what) {
  const texts = errorTexts(e);
  assert.ok(texts.length >= 6, `${what}: ${texts.length} texts`);
  for (const t of texts) assert.ok(!t.includes(SECRET) && !t.includes(SWEEP_TOKEN), `${what}: ${t}`);
  // Non-enumerable properties are in the texts too: the message is one.
  assert.includes(Object.getOwnPropertyNames(e), "message", what);
}

/** Calls and returns the rejection, which must be of `kind`. */
async function provoke(c, params, options, kind) {
  const outcome = await settle(c.getTickets(params, options));
  assert.equal(outcome.ok, false, `resolved, expected ${kind}`);
  return itsmError(outcome.error, kind);
}

/** Every error kind, with the secret and the token in the client (`inClient`) or in the call's
 * parameters, and also placed where a server or a caller would echo them: in URLs, in a refused
 * value, as an unknown key, as an abort reason. */
async function sweep(inClient) {
  const secrets = { bk_app_secret: SECRET, bk_token: SWEEP_TOKEN };
  const [clientSecrets, callSecrets] = inClient ? [secrets, {}] : [{ bk_app_secret: null, bk_token: null }, secrets];
  const make = (base, extra = {}) => {
    const c = { baseUrl: base, bk_app_code: APP_CODE, retries: 0 };
    for (const part of [clientSecrets, extra]) {
      for (const [k, v] of Object.entries(part)) {
        if (v === null) delete c[k];
        else c[k] = v;
      }
    }
    return createClient(c);
  };
  const params = (extra = {}) => ({ ...callSecrets, ...extra });
  // The token in the URL itself: error messages and `url` quote it.
  const tagged = (name, fault) => `${SERVER}/__/tag=${runTag(`sweep-${name}-${SWEEP_TOKEN}`)},${fault}`;
  const errors = [];
  const plain = make(`${SERVER}/__/tag=${runTag("sweep")}`);

  // validation: a bad value elsewhere, the secret as a refused value and as an unknown key.
  let e = await provoke(
    plain,
    params({ page_size: 0, current_status__in: [SECRET], [SWEEP_TOKEN]: 1, creator: `x${SECRET}`, sns: [SWEEP_TOKEN, 5] }),
    undefined,
    "validation",
  );
  errors.push(["validation, valid secrets", e]);
  // validation: the secrets themselves of the wrong type.
  e = await provoke(plain, { bk_app_secret: [SECRET], bk_token: { t: SWEEP_TOKEN }, page: 0 }, undefined, "validation");
  errors.push(["validation, bad-typed secrets", e]);
  // validation in the options.
  e = await provoke(plain, params(), { timeoutMs: SECRET }, "validation");
  errors.push(["validation, options", e]);

  // api: the server echoes the path, which holds the token (ESB 404 JSON) ...
  e = await provoke(make(`${SERVER}/${SWEEP_TOKEN}/${SECRET}`), params(), undefined, "api");
  errors.push(["api, echoed path", e]);
  // ... the gateway echoes its stage in the message and the X-Bkapi-Error-Message header ...
  e = await provoke(make(SERVER, { gateway: "apigw", stage: SWEEP_TOKEN }), params(), undefined, "api");
  assert.equal(e.status, 404);
  errors.push(["api, echoed gateway stage", e]);
  // ... and ESB refuses the unknown secret.
  e = await provoke(make(SERVER), params(), undefined, "api");
  errors.push(["api, wrong secret", e]);

  // http, network, timeout, decode: the token in the URL.
  errors.push(["http", await provoke(make(tagged("http", "fault=html502")), params(), undefined, "http")]);
  errors.push(["http, redirect", await provoke(make(tagged("redirect", "fault=redirect")), params(), undefined, "http")]);
  errors.push(["network", await provoke(make(tagged("network", "fault=drop")), params(), undefined, "network")]);
  errors.push(["timeout", await provoke(make(tagged("timeout", "fault=hang"), { timeoutMs: 300 }), params(), undefined, "timeout")]);
  errors.push(["decode", await provoke(make(tagged("decode", "fault=badfield")), params(), undefined, "decode")]);

  // aborted: before the call, and during it with the secret as the abort reason.
  const c = make(tagged("aborted", "fault=hang"));
  let controller = new AbortController();
  controller.abort(SECRET);
  errors.push(["aborted, before", await provoke(c, params(), { signal: controller.signal }, "aborted")]);
  controller = new AbortController();
  const pending = c.getTickets(params(), { signal: controller.signal });
  await sleep(200);
  controller.abort(SWEEP_TOKEN);
  errors.push(["aborted, during", itsmError(await assert.rejects(pending), "aborted")]);
  return errors;
}

test("secrets never appear in errors or the console", async () => {
  const console = captureConsole();
  let all;
  try {
    all = [...(await sweep(true)), ...(await sweep(false))];
  } finally {
    console.restore();
  }
  const kinds = [...new Set(all.map(([, e]) => e.kind))].sort();
  assert.deepEqual(kinds, ["aborted", "api", "decode", "http", "network", "timeout", "validation"]);
  for (const [what, e] of all) assertNoSecret(e, what);
  // The unknown key that is the token is named, redacted.
  const issues = JSON.stringify(all[0][1].issues);
  assert.includes(issues, '{"field":"[REDACTED]","message":"[REDACTED]: is not a known key');
  for (const line of console.lines) assert.ok(!line.includes(SECRET) && !line.includes(SWEEP_TOKEN), `console: ${line}`);
  note(`secret sweep: ${all.length} errors, ${console.lines.length} console lines, no secret`);
});

test("secrets never appear in configuration errors", () => {
  // The secret where a caller might paste it by mistake: in the URL's query (refused, and quoted
  // in the message) and as an unknown key.
  for (const cfg of [
    { bk_app_secret: SECRET, baseUrl: `http://127.0.0.1:1/?secret=${SECRET}` },
    { bk_token: SWEEP_TOKEN, baseUrl: `https://x/${SWEEP_TOKEN} ` },
    { bk_token: SWEEP_TOKEN, [SWEEP_TOKEN]: 1 },
    { bk_app_secret: [SECRET], bk_token: { t: SWEEP_TOKEN } },
    { bk_app_secret: SECRET, gateway: SECRET },
  ]) {
    const what = JSON.stringify(cfg);
    const e = itsmError(assert.throws(() => createClient(cfg), `accepted ${what}`), "validation");
    assertNoSecret(e, what);
  }
});

test("no secret in the URL of a GET through ESB", async () => {
  // The secret travels in the query string of a GET through ESB: every error shows the URL with
  // it redacted, whatever the failure.
  for (const base of ["", "/__/fault=html502", "/__/fault=badfield"]) {
    const e = await rejects(client(base, AUTH).getTicketInfo({ sn: "REQ19990101000001" }, { retries: 0 }));
    const { url } = e;
    assert.includes(url, "get_ticket_info/?", base);
    assert.includes(url, "sn=", base);
    for (const shown of [url, e.message, String(e.stack ?? "")]) {
      assert.notIncludes(shown, AUTH.bk_app_secret, base);
      assert.notIncludes(shown, TOKEN, base);
    }
  }
});

const ECHO_SECRET = 'Zq7"Wx\\9pLmN4vB2cR8tY6uI1oP3aS5d';
const ECHO_TOKEN = 'tK"4\\Hg7Fd2Sa9LkQw3Er5Ty8Ui0Op1A';

/** A client whose requests carry secrets with a quote and a backslash, going through `opts`. */
const echoClient = (name, opts) =>
  createClient({
    baseUrl: `${SERVER}/__/tag=${runTag(name)},${opts}`,
    bk_app_code: APP_CODE,
    bk_app_secret: ECHO_SECRET,
    bk_token: ECHO_TOKEN,
    retries: 0,
  });

/** No text of `e` holds 6 characters in a row of either secret, as given or JSON-escaped. */
function assertNoPieceOfASecret(e, what) {
  const pieces = [];
  for (const secret of [ECHO_SECRET, ECHO_TOKEN]) {
    for (const form of [secret, JSON.stringify(secret).slice(1, -1)]) {
      const chars = [...form];
      for (let i = 0; i + 6 <= chars.length; i++) pieces.push(chars.slice(i, i + 6).join(""));
    }
  }
  for (const t of errorTexts(e)) {
    for (const piece of pieces) assert.ok(!t.includes(piece), `${what}: ${JSON.stringify(piece)} in ${t}`);
  }
}

test("echoed secrets leave nothing behind wherever the excerpt is cut", async () => {
  // A 502 page or a 200 login page that echoes the request body after `pad` spaces: the
  // transport keeps its first 200 characters, and the cut falls in every place of the secret
  // and of the token as `pad` grows.
  for (const [fault, kind] of [["echo", "http"], ["echo200", "decode"]]) {
    for (let pad = 100; pad <= 200; pad++) {
      const c = echoClient(`echo-${fault}`, `fault=${fault},pad=${pad}`);
      const e = itsmError(await assert.rejects(c.getTickets({ page_size: 5 }, undefined)), kind);
      assertNoPieceOfASecret(e, `${fault}, pad ${pad}`);
    }
  }
  // The API's refusal quoting the body: the secrets appear JSON-escaped in its message.
  const e = itsmError(await assert.rejects(echoClient("echo-api", "fault=echoapi").getTickets({}, undefined)), "api");
  assert.includes(e.message, '"bk_app_secret":"[REDACTED]"', describe(e));
  assertNoPieceOfASecret(e, "echoapi");
});

test(
  "a secret over plain http: to a remote host warns once",
  async () => {
    const console = captureConsole();
    const warnings = () => console.lines.filter((l) => l.startsWith("warn: "));
    let before, first, after;
    try {
      // Loopback over http and a remote host over https: no warning.
      await settle(createClient(config(SERVER, { bk_app_secret: SECRET })).getTickets({}, undefined));
      await settle(createClient(config("https://192.0.2.1:9", { timeoutMs: 300 })).getTickets({}, undefined));
      // A remote host (TEST-NET-1, unroutable) over http without the secret: no warning.
      await settle(createClient({ baseUrl: "http://192.0.2.1:9", bk_token: TOKEN, timeoutMs: 300, retries: 0 }).getTickets({}, undefined));
      // An invalid call sends nothing: no warning.
      const remote = createClient(config("http://192.0.2.1:9", { bk_app_secret: SECRET, timeoutMs: 300 }));
      await settle(remote.getTickets({ page: 0 }, undefined));
      before = warnings();
      // The secret to the remote host over http: one warning, however many calls.
      first = await settle(remote.getTickets({}, undefined));
      await settle(remote.getTickets({}, undefined));
      after = warnings();
    } finally {
      console.restore();
    }
    assert.deepEqual(before, [], "warned too early");
    assert.equal(first.ok, false, "192.0.2.1 is unreachable");
    assert.ok(["network", "timeout"].includes(first.error.kind), describe(first.error));
    assert.equal(after.length, 1, JSON.stringify(after));
    assert.includes(after[0], "http:");
    assert.notIncludes(after[0], SECRET);
  },
  // Alone in its page: the warning is given once per page.
  { fresh: true },
);
