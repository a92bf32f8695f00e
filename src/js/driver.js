// The driver: runs the loop of every call, and decides nothing. The WebAssembly module reads and
// checks the inputs, writes the request, says what an answer means, whether to try again and
// after how long, which page a walk needs next and when it is over; this file calls `fetch`,
// keeps the timers, wires the AbortSignals, runs the walk's loop, and makes the errors the
// module describes. Every call rejects only with an ItsmError.
//
// It never names an endpoint: the functions and the Client methods are generated from the
// endpoints' descriptions (api.js, scripts/gen/), and call `call`, `walk`, `collect` or
// `validate` here with an endpoint's id.
import { start, run } from "./bindings.js";
import { snap } from "./snapshot.js";
import { OP, OUTCOME, KIND, CAPTURE_CHARS, NO_WEBASSEMBLY, HOOK_FAILED, NAMES, WRITES } from "./constants.js";

// --- The module: compiled on first use, never at import (an app's main chunk pays nothing for
// it, and a page without WebAssembly keeps running: its calls reject with an ItsmError).
let load = () => {
  throw new Error("no module");
};
let ready = false;
let missing;
/** Set by the entry: how to get the compiled module (from the inlined text, or the .wasm). */
export function setLoader(loader) {
  load = loader;
}
function started() {
  if (!ready && !missing) {
    try {
      if (typeof WebAssembly !== "object") throw new Error("WebAssembly is not defined");
      start(load());
      ready = true;
    } catch (e) {
      missing = String(e && e.message);
    }
  }
  return ready;
}
/** Asks the module (src/ops.rs says what each argument is); its answer, parsed. */
function ask(op, id, config = "", input = "", c = "", page = 0, attempt = 0, now = 0, random = 0, answer) {
  return run(op, id, config, input, c, page, attempt, now, random, answer);
}

// --- Errors: the module writes them, this makes them real Errors. The brand is registered
// (Symbol.for), so an error made by another copy of the package on the page is recognised.
const BRAND = Symbol.for("bk-itsm-tickets.ItsmError");
/** `true` when `e` is an error this package made (from any copy of it on the page). */
export function isItsmError(e) {
  try {
    return e !== null && typeof e === "object" && e[BRAND] === true;
  } catch {
    return false;
  }
}
/** Every failure of this package rejects with an ItsmError; switch on `kind`. */
export class ItsmError extends Error {
  static [Symbol.hasInstance](e) {
    return isItsmError(e);
  }
}
function made(fields) {
  const e = new ItsmError(fields.message);
  e.name = "ItsmError";
  for (const key of Object.keys(fields)) if (key !== "message") e[key] = fields[key];
  Object.defineProperty(e, BRAND, { value: true });
  return e;
}
// The one error the module cannot write: there is no module. Its texts are the module's
// message table's `no_webassembly` row.
function noWebAssembly(client) {
  const zh = client && client.zh;
  return made({
    message: `WebAssembly: ${NO_WEBASSEMBLY.dev} (${missing})`,
    kind: "validation",
    reason: "no_webassembly",
    userMessage: zh ? NO_WEBASSEMBLY.zh : NO_WEBASSEMBLY.en,
    field: "WebAssembly",
    issues: [{ field: "WebAssembly", reason: "no_webassembly", message: `WebAssembly: ${NO_WEBASSEMBLY.dev}`, userMessage: zh ? NO_WEBASSEMBLY.zh : NO_WEBASSEMBLY.en }],
    attempts: 0,
  });
}

// --- The page: its address, its login cookie, its language, read on every call (a cookie
// can change). A sandboxed iframe throws on `document.cookie`: that is no cookie.
const text = (read) => {
  try {
    const v = read();
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
};
function env(client) {
  return {
    href: text(() => globalThis.location.href),
    cookie: text(() => globalThis.document.cookie),
    lang: text(() => globalThis.navigator.language),
    fetch: typeof (client ? client.fetch || globalThis.fetch : globalThis.fetch) === "function",
  };
}

// --- Clients: the configuration as it was read (the module reads it again with every call:
// it keeps nothing), and the functions it said to keep.
/** The client's state, or throws the module's ItsmError. */
export function open(config, fallback = false) {
  const zh = /^zh/i.test(env().lang || "");
  if (!started()) return { missing: true, zh };
  const handles = [];
  const text = snap([config, { ...env(), fallback }], handles, DEPTH);
  const answer = ask(OP.client, 0, text);
  if (answer.e) throw made(answer.e);
  const hooks = {};
  for (const [name, list] of Object.entries(answer.hooks || {})) hooks[name] = list.map((h) => handles[h]);
  return { config: text, fetch: handles[answer.fetch], hooks, zh };
}
// The module-level functions' client: the page's own origin, made on first use (in Node it
// has no base URL, and its calls say so).
let fallback;
export function defaultClient() {
  if (!fallback) {
    try {
      fallback = open(undefined, true);
    } catch (e) {
      fallback = { error: e };
    }
  }
  return fallback;
}

// --- One request: never rejects; resolves to what happened (`OUTCOME`), the answer parsed by
// the browser's own JSON.parse, and the probe's records of it (engine/shape.rs).
const cut = (s, n) => (typeof s === "string" ? s.slice(0, n) : undefined);
function probe(value, program) {
  let buf = new Uint8Array(256);
  let n = 0;
  const caps = [];
  const put = (b) => {
    if (n === buf.length) {
      const bigger = new Uint8Array(n * 2);
      bigger.set(buf);
      buf = bigger;
    }
    buf[n++] = b;
  };
  const visit = (v, node) => {
    const k = kindOf(v);
    put(k);
    if (node === 1) caps.push(typeof v === "string" ? v.slice(0, CAPTURE_CHARS) : v);
    else if (Array.isArray(node)) {
      if (k === KIND.array) {
        const len = v.length;
        put(len & 255), put((len >>> 8) & 255), put((len >>> 16) & 255), put(len >>> 24);
        for (let i = 0; i < len; i++) visit(v[i], node[0]);
      }
    } else if (node && k === KIND.object) for (const key in node) visit(v[key], node[key]);
  };
  visit(value, program);
  return { records: buf.subarray(0, n), caps };
}
function kindOf(v) {
  switch (typeof v) {
    case "undefined": return KIND.undefined;
    case "boolean": return KIND.boolean;
    case "number": return Number.isSafeInteger(v) ? KIND.integer : KIND.number;
    case "string": return KIND.string;
    case "object": return v === null ? KIND.null : Array.isArray(v) ? KIND.array : KIND.object;
    default: return KIND.other;
  }
}
/** How deep a call's inputs are read: a form's values hold a TABLE's rows, a service's form
 * its fields' choices and show conditions. */
const DEPTH = 10;
const programs = [];
const program = (id) => programs[id] || (programs[id] = ask(OP.program, id));
function isResponse(r, custom) {
  try {
    if (typeof Response === "function" && r instanceof Response) return true;
  } catch {}
  try {
    // A fetch of the caller's own (a mock) may answer with a Response from another library.
    return !!custom && typeof r.text === "function" && typeof r.headers.get === "function";
  } catch {
    return false;
  }
}
/** The user's hooks of `name`, each called with `arg`; their errors and rejections swallowed. */
function notify(client, name, arg) {
  for (const hook of (client.hooks && client.hooks[name]) || []) {
    try {
      Promise.resolve(hook(arg)).catch(() => {});
    } catch {}
  }
}
/** `beforeError` hooks, once per error (a call made inside another rejects through both). */
const reported = new WeakSet();
function failed(client, e) {
  try {
    if (e && typeof e === "object" && !reported.has(e)) {
      reported.add(e);
      notify(client, "beforeError", e);
    }
  } catch {}
  return e;
}
/** `beforeRequest` hooks: the headers they add (never the client's own), or `{ failed }`. */
async function beforeRequest(client, id, q, headers, attempt) {
  const hooks = (client.hooks && client.hooks.beforeRequest) || [];
  if (!hooks.length) return {};
  const own = (name) => /^(content-type|x-bkapi-authorization|x-bk-itsm-tickets)$/i.test(name);
  const shown = {};
  for (const [name, value] of Object.entries(headers)) if (!/^x-bkapi-authorization$/i.test(name)) shown[name] = value;
  for (const hook of hooks) {
    let answer;
    try {
      answer = await hook(Object.freeze({ url: q.r || q.u, method: q.m, headers: Object.freeze({ ...shown }), endpoint: NAMES[id], attempt }));
    } catch (e) {
      let why;
      try {
        why = String(e && e.message !== undefined ? e.message : e);
      } catch {
        why = "(an error that cannot be shown)";
      }
      return { failed: why };
    }
    try {
      const added = answer && answer.headers;
      if (added && typeof added === "object") {
        for (const [name, value] of Object.entries(added)) {
          if (typeof value === "string" && !own(name)) headers[name] = shown[name] = value;
        }
      }
    } catch {}
  }
  return {};
}
function hookFailed(client, id, q, why, attempt) {
  const zh = client && client.zh;
  const message = `${HOOK_FAILED.dev.replace("{0}", why)}`;
  const userMessage = zh ? HOOK_FAILED.zh : HOOK_FAILED.en;
  return made({
    message,
    kind: "validation",
    reason: HOOK_FAILED.reason,
    userMessage,
    field: "hooks",
    issues: [{ field: "hooks", reason: HOOK_FAILED.reason, message: `hooks: ${message}`, userMessage }],
    url: q.r || q.u,
    attempts: attempt - 1,
    // A write's hook failed before it was sent (`sent` is for writes only).
    ...(WRITES[id] ? { sent: false } : {}),
  });
}
async function send(client, id, q, signal, attempt = 1) {
  let timedOut = false;
  let controller, timer;
  const onAbort = () => controller.abort();
  try {
    if (signal && signal.aborted) return { k: OUTCOME.abortedBefore };
    controller = new AbortController();
    // Settles (rejects) when the timer or the caller's signal fires: raced against fetch and
    // the body, so a fetch that ignores its signal cannot hold the call.
    const stopped = new Promise((_, reject) => controller.signal.addEventListener("abort", reject));
    stopped.catch(() => {});
    if (q.t > 0) timer = setTimeout(() => ((timedOut = true), controller.abort()), q.t);
    if (signal) signal.addEventListener("abort", onAbort);
    const headers = {};
    for (const [name, value] of q.h) headers[name] = value;
    const hooked = await beforeRequest(client, id, q, headers, attempt);
    if (hooked.failed !== undefined) return { failed: hooked.failed };
    if (signal && signal.aborted) return { k: OUTCOME.abortedBefore };
    const fetcher = client.fetch || globalThis.fetch;
    const response = await Promise.race([
      fetcher(q.u, { method: q.m, headers, body: q.b, credentials: q.c, redirect: "manual", signal: controller.signal }),
      stopped,
    ]);
    if (!isResponse(response, client.fetch)) return { k: OUTCOME.notResponse };
    const status = response.status;
    if (!Number.isInteger(status) || status < 0 || status > 999) return { k: OUTCOME.notResponse };
    const header = (name) => cut(response.headers.get(name), 4000) || undefined;
    if ((client.hooks && client.hooks.afterResponse || []).length) {
      const all = {};
      try {
        response.headers.forEach((value, name) => (all[String(name).toLowerCase()] = String(value)));
      } catch {}
      notify(client, "afterResponse", Object.freeze({ status, headers: Object.freeze(all), url: q.r || q.u, endpoint: NAMES[id], attempt }));
    }
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      return { k: OUTCOME.redirect, status, location: header("location") };
    }
    let body = await Promise.race([response.text(), stopped]);
    clearTimeout(timer);
    if (typeof body !== "string") body = "";
    const ra = header("retry-after");
    const o = {
      k: OUTCOME.answer,
      status,
      ct: header("content-type"),
      rid: header("x-bkapi-request-id") || header("x-request-id"),
      ec: header("x-bkapi-error-code"),
      em: header("x-bkapi-error-message"),
      ra,
      rd: ra === undefined ? undefined : Date.parse(ra),
      parsed: false,
    };
    let json;
    try {
      json = JSON.parse(body);
      o.parsed = true;
    } catch {
      o.excerpt = body.slice(0, 200);
      o.length = body.length;
    }
    if (!o.parsed) return { o };
    const { records, caps } = probe(json, program(id));
    o.caps = caps;
    return { o, json, records };
  } catch (e) {
    if (timedOut) return { k: OUTCOME.timeout, timeout: q.t };
    if (signal && signal.aborted) return { k: OUTCOME.aborted };
    let why;
    try {
      why = typeof e?.message === "string" ? e.message : typeof e === "string" ? e : undefined;
    } catch {}
    return { k: OUTCOME.network, why };
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
}
/** Resolves `true` after `ms`, or `false` as soon as `signal` fires. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) return resolve(false);
    const done = (slept) => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", stop);
      resolve(slept);
    };
    const stop = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    if (signal) signal.addEventListener("abort", stop);
  });
}

// --- One call, with its retries: what the module says, in the order it says it.
async function attempts(client, id, input, page, plan, signal) {
  for (let attempt = 1; ; attempt++) {
    const sent = await send(client, id, plan.q, signal, attempt);
    if (sent.failed !== undefined) return { error: hookFailed(client, id, plan.q, sent.failed, attempt) };
    const o = sent.o || { k: sent.k, status: sent.status, location: sent.location, why: sent.why, timeout: sent.timeout };
    const verdict = ask(OP.settle, id, client.config, input, snap(o, []), page, attempt, Date.now(), Math.random(), sent);
    if (verdict.retry !== undefined) {
      if (await sleep(verdict.retry, signal)) continue;
      return { error: made(ask(OP.aborted, id, client.config, input, "", page, attempt).e) };
    }
    if (verdict.e) return { error: made(verdict.e), ip: verdict.ip };
    const data = sent.json.data;
    if ("rid" in verdict) {
      if (verdict.rid === null) delete data.request_id;
      else data.request_id = verdict.rid;
    }
    return { data, pg: verdict.pg };
  }
}
let warned = false;
function prepared(client, id, input, page) {
  const answer = ask(OP.prepare, id, client.config, input, "", page, 0, Date.now());
  if (answer.warn && !warned) {
    warned = true;
    try {
      console.warn(answer.warn);
    } catch {}
  }
  return answer;
}
/** A call's request, as the module wrote it from the inputs: `{ input, plan, handles }`, or
 * throws the ItsmError that refused them. */
async function planned(client, id, params, options) {
  if (client.error) throw client.error;
  if (client.missing || !started()) throw noWebAssembly(client);
  let handles = [];
  let input = snap([params, options, env(client)], handles, DEPTH);
  let plan = prepared(client, id, input, 0);
  if (plan.before) {
    // The call is checked against another's answer (a service's form, a ticket's status):
    // that call first, with the call's options as the module read them (its signal, timeout,
    // retries, headers), then this one asked again with its answer.
    let first;
    try {
      first = await call(client, plan.before.id, plan.before.p, { ...plan.before.o, signal: handles[plan.signal] });
    } catch (e) {
      // This call's own request never left.
      if (WRITES[id] && e && e.sent === undefined) e.sent = false;
      throw e;
    }
    handles = [];
    input = snap([params, options, env(client), first], handles, DEPTH);
    plan = prepared(client, id, input, 0);
  }
  if (plan.e) throw made(plan.e);
  return { input, plan, handles };
}
/** One call of endpoint `id`: its result, or rejects with an ItsmError. */
export async function call(client, id, params, options) {
  try {
    const { input, plan, handles } = await planned(client, id, params, options);
    const result = await attempts(client, id, input, 0, plan, handles[plan.signal]);
    if (result.error) throw result.error;
    return result.data;
  } catch (e) {
    throw failed(client, e);
  }
}
/** The request a call of endpoint `id` would send, checked as the call checks it (for a
 * server-side proxy): `{ url, method, headers, body }`, or rejects with the ItsmError. */
export async function request(client, id, params, options) {
  const { plan } = await planned(client, id, params, options);
  const q = plan.q;
  return { url: q.u, method: q.m, headers: Object.fromEntries(q.h), body: q.b, timeoutMs: q.t };
}

// --- Walks: every page, in order, as an async iterable (engine/walk.rs decides).
// An async generator queues `return()` behind a pending `next()`, so a consumer could not stop a
// walk during a slow page: `return()` and `throw()` close the walk first (which aborts the page
// in flight and ends the pending `next()`), then reach the generator.
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}.prototype));
function iterable(close, inner) {
  return Object.create(AsyncIteratorPrototype, {
    next: { value: (v) => inner.next(v) },
    return: { value: (v) => (close(), inner.return(v)) },
    throw: { value: (e) => (close(), inner.throw(e)) },
  });
}
async function* failing(error) {
  throw error;
}
/** Every item of a paged endpoint `id`, page after page, as an async iterable. */
export function walk(client, id, params, options) {
  if (client.error) return failing(failed(client, client.error));
  if (client.missing || !started()) return failing(failed(client, noWebAssembly(client)));
  const handles = [];
  const input = snap([params, options, env(client)], handles, DEPTH);
  const plan = ask(OP.plan, id, client.config, input);
  if (plan.e) return failing(failed(client, made(plan.e)));
  const userSignal = handles[plan.signal];
  const onProgress = handles[plan.progress];
  const controller = new AbortController();
  const abort = () => controller.abort();
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      controller.abort();
      if (userSignal) userSignal.removeEventListener("abort", abort);
    }
  };
  if (userSignal) {
    if (userSignal.aborted) controller.abort();
    else userSignal.addEventListener("abort", abort);
  }
  const step = (state, event) => ask(OP.walk, 0, client.config, "", JSON.stringify([state, event]));
  const progress = (p) => {
    if (onProgress && p) {
      try {
        onProgress({ fetched: p[0], total: p[1] });
      } catch {}
    }
  };
  const page = (p) => {
    const answer = prepared(client, id, input, p);
    if (answer.e) return Promise.resolve({ error: made(answer.e) });
    return attempts(client, id, input, p, answer, controller.signal);
  };
  let lastPage = 0;
  const inner = (async function* () {
    let state = plan.walk;
    let room = 0;
    const inFlight = new Map();
    const seen = new Set();
    try {
      for (;;) {
        if (controller.signal.aborted) throw made(ask(OP.aborted, id, client.config, input, "", lastPage, 0).e);
        let s = step(state, ["next", inFlight.size]);
        state = s.s;
        room = s.room;
        for (const p of s.start) inFlight.set(p, page(p));
        if (inFlight.size === 0) return;
        const p = Math.min(...inFlight.keys());
        const r = await inFlight.get(p);
        inFlight.delete(p);
        if (!open) return;
        lastPage = p;
        if (r.error) {
          s = step(state, ["fail", p, r.ip ? 1 : 0]);
          if (s.end) return progress(s.progress);
          throw r.error;
        }
        const items = r.data.items;
        // The items whose id was not delivered before, at most `room` of them (an index loop:
        // the array's iterator is the page's to patch).
        const fresh = [];
        for (let i = 0; i < items.length && fresh.length < room; i++) {
          const item = items[i];
          if (!seen.has(item.id)) {
            seen.add(item.id);
            fresh.push(item);
          }
        }
        s = step(state, ["page", p, r.pg[0], r.pg[1], r.pg[2], items.length, fresh.length, inFlight.size]);
        state = s.s;
        for (const next of s.start) inFlight.set(next, page(next));
        if (s.e) throw made(s.e);
        progress(s.progress);
        yield* fresh;
        if (s.done) return;
      }
    } catch (e) {
      throw failed(client, e);
    } finally {
      close();
    }
  })();
  return iterable(close, inner);
}
/** Every item of a walk in one array. */
export async function collect(client, id, params, options) {
  const all = [];
  for await (const item of walk(client, id, params, options)) all.push(item);
  return all;
}
/** Every broken rule of `params` for endpoint `id`, or `[]`. */
export function validate(client, id, params) {
  if (client.error) return client.error.issues || [];
  if (client.missing || !started()) return noWebAssembly(client).issues;
  return ask(OP.validate, id, client.config || "", snap([params], [], DEPTH));
}
/** Every broken rule of a ticket form's `values` against `service`'s form, or `[]`. */
export function validateFields(client, service, values) {
  if (client.error) return client.error.issues || [];
  if (client.missing || !started()) return noWebAssembly(client).issues;
  return ask(OP.validateFields, 0, client.config || "", snap([service, values], [], DEPTH), "", 0, 0, Date.now());
}
/** Poll `id` (a call asked again until its answer says something happened): its answer. */
export async function poll(client, id, argument, options) {
  if (client.error) throw client.error;
  if (client.missing || !started()) throw noWebAssembly(client);
  const start = Date.now();
  let answer;
  // Requests made so far: the module's `attempts`, and how long it pauses next.
  let requests = 0;
  for (;;) {
    const handles = [];
    const input = snap([argument, options, env(client), answer, Date.now() - start], handles, DEPTH);
    const step = ask(OP.wait, id, client.config, input, "", 0, requests);
    if (step.e) throw failed(client, made(step.e));
    if (step.done) return answer;
    const signal = handles[step.signal];
    if (step.call) {
      try {
        answer = await call(client, step.call.id, step.call.p, { signal });
        requests += 1;
      } catch (e) {
        try {
          e.attempts = requests + (e.attempts || 0);
        } catch {}
        throw e;
      }
    } else {
      // A signal that fires here makes the next call reject with kind "aborted".
      await sleep(step.after, signal);
      answer = undefined;
    }
  }
}
