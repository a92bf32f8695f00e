// The JavaScript the WebAssembly module imports, in one file: the package ships it as one
// snippet, and a page loads it with one request rather than four (see BENCHMARKS.md). Each
// section is declared, and explained, in the Rust module named above it; Rust decides, these
// functions only do what Rust cannot do cheaply across the boundary.
//
// No exception may leave a function here while WebAssembly frames are below it (one that does
// skips the module's stack-pointer reset and leaks its stack, see call/client.rs): every call that
// can run code of the page's (a getter, a Proxy trap, a patched global) is caught here or
// declared `catch` on the Rust side.

// --- call/url.rs and call/client.rs: the page, its login cookie, URLs, the console

const text = (read) => {
  try {
    const v = read();
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
};
// The page's own address (never document.baseURI, which a <base> tag changes).
export const page_href = () => text(() => globalThis.location.href);
export const page_cookie = () => text(() => globalThis.document.cookie);
// `url` read by the URL parser: "origin\nhostname", or undefined when it cannot be parsed.
export const url_parts = (url) =>
  text(() => {
    const u = new URL(url);
    return `${u.origin}\n${u.hostname}`;
  });
export const fetch_missing = () => typeof globalThis.fetch !== "function";
export function warn(message) {
  try {
    console.warn(message);
  } catch {}
}

// --- input/js_value.rs: the kinds of JavaScript values, a page's worth of items at a time

function kindOf(v) {
  switch (typeof v) {
    case "undefined": return 0;
    case "boolean": return 2;
    case "number": return Number.isSafeInteger(v) ? 3 : 4;
    case "string": return 5;
    case "object": return v === null ? 1 : Array.isArray(v) ? 6 : 7;
    default: return 8;
  }
}
// The caller's values: as kindOf, and 9 for a value that threw (a revoked Proxy), 10 for an
// object that is not plain (a Map, a Date, a class instance), 11 for a string that is not
// Unicode (a lone surrogate, which would be sent as U+FFFD).
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s) => (typeof s.isWellFormed === "function" ? s.isWellFormed() : !loneSurrogate.test(s));
export function value_kind(v) {
  try {
    const kind = kindOf(v);
    if (kind === 5) return wellFormed(v) ? 5 : 11;
    if (kind !== 7) return kind;
    const proto = Object.getPrototypeOf(v);
    // Object.prototype of any realm has a null prototype itself.
    return proto === null || Object.getPrototypeOf(proto) === null ? 7 : 10;
  } catch {
    return 9;
  }
}
export function class_name(v) {
  return text(() => Object.getPrototypeOf(v).constructor.name);
}
export function array_length(v) {
  try {
    const n = v.length;
    return Number.isSafeInteger(n) && n >= 0 ? n : -1;
  } catch {
    return -1;
  }
}
export function string_start(v, chars) { return typeof v === "string" ? v.slice(0, chars) : undefined; }
export function kind_of(v) { return kindOf(v); }
export function field_kind(o, k) {
  try {
    return o == null ? 0 : kindOf(o[k]);
  } catch {
    return 9;
  }
}
export function field(o, k) {
  try {
    return o == null ? undefined : o[k];
  } catch {
    return undefined;
  }
}
// Fills `out` with the kinds of items[start], items[start + 1], ... (each followed by the
// kinds of its `keys`) for as many items as fit; returns how many.
export function element_kinds(items, keys, start, out) {
  const width = keys.length + 1;
  const n = Math.max(0, Math.min(Array.isArray(items) ? items.length - start : 0, Math.floor(out.length / width)));
  for (let i = 0; i < n; i++) {
    const at = i * width;
    try {
      const item = items[start + i];
      const kind = kindOf(item);
      out[at] = kind;
      if (kind === 7) for (let j = 0; j < keys.length; j++) out[at + 1 + j] = kindOf(item[keys[j]]);
    } catch {
      out[at] = 9;
    }
  }
  return n;
}
export function own_entries(o) { return Object.entries(o); }
// An index loop: the array's methods are the page's to patch.
export function entry_value(entries, key) {
  for (let i = 0; i < entries.length; i++) if (entries[i][0] === key) return entries[i][1];
}
export function number_text(n) { return String(n); }

// --- call/transport.rs: one request, resolved to an outcome that never rejects

const why = (e) =>
  typeof e?.message === "string" ? e.message : typeof e === "string" ? e : "unknown error";
const cut = (s, n) => (typeof s === "string" ? s.slice(0, n) : undefined);
export async function send(url, body, authorization, cookieMode, timeoutMs, excerptLimit, signal, extra) {
  let timedOut = false;
  let controller, timer, stopped;
  const onAbort = () => controller.abort();
  try {
    if (signal?.aborted) return { kind: 3 };
    controller = new AbortController();
    // Settles (rejects) when the timer or the caller's signal fires: raced against fetch and
    // the body, so a fetch that ignores its signal cannot hold the call.
    stopped = new Promise((_, reject) => controller.signal.addEventListener("abort", reject));
    stopped.catch(() => {}); // raced below, or never needed
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    }
    signal?.addEventListener("abort", onAbort);
    const headers = Object.fromEntries(extra ?? []);
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (authorization) headers["X-Bkapi-Authorization"] = authorization;
    const response = await Promise.race([
      fetch(url, {
        method: body === undefined ? "GET" : "POST",
        headers,
        body,
        credentials: cookieMode,
        redirect: "manual",
        signal: controller.signal,
      }),
      stopped,
    ]);
    if (!(response instanceof Response)) return { kind: 5 };
    const status = response.status;
    if (!Number.isInteger(status) || status < 0 || status > 999) return { kind: 5 };
    const header = (name) => cut(response.headers.get(name), 4000) || undefined;
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      return { kind: 4, status, location: header("location") };
    }
    let text = await Promise.race([response.text(), stopped]);
    clearTimeout(timer);
    if (typeof text !== "string") text = "";
    const answer = {
      kind: 0,
      status,
      contentType: header("content-type"),
      requestId: header("x-bkapi-request-id") ?? header("x-request-id"),
      errorCode: header("x-bkapi-error-code"),
      errorMessage: header("x-bkapi-error-message"),
      retryAfter: header("retry-after"),
      parsed: true,
    };
    try {
      answer.json = JSON.parse(text);
    } catch {
      answer.parsed = false;
      answer.excerpt = text.slice(0, excerptLimit);
      answer.length = text.length;
    }
    return answer;
  } catch (e) {
    return timedOut ? { kind: 2 } : signal?.aborted ? { kind: 3 } : { kind: 1, why: why(e) };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}
// 0 or 1 for a real AbortSignal (its `aborted`, read through the real getter), 2 for anything
// else, a look-alike made with Object.create(AbortSignal.prototype) or a Proxy included.
const abortedGetter = (() => {
  try {
    return Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;
  } catch {
    return undefined;
  }
})();
export function signal_state(s) {
  try {
    return abortedGetter.call(s) ? 1 : 0;
  } catch {
    return 2;
  }
}

// --- call/pager.rs: the async iterator of a walk (iterTickets), and its deduplication

// An async generator queues `return()` behind a pending `next()`, so a consumer could not stop
// a walk during a slow page: `return()` and `throw()` close the pager first (which aborts the
// page in flight and ends the pending `next()`), then reach the generator.
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}.prototype));
export function walk(pager) {
  let open = true;
  const close = () => {
    if (open) {
      open = false;
      pager.close();
      pager.free();
    }
  };
  const inner = (async function* () {
    try {
      for (let batch; open && (batch = await pager.nextBatch()) !== undefined; ) yield* batch;
    } finally {
      close();
    }
  })();
  return Object.create(AsyncIteratorPrototype, {
    next: { value: (v) => inner.next(v) },
    return: { value: (v) => (close(), inner.return(v)) },
    throw: { value: (e) => (close(), inner.throw(e)) },
  });
}
export async function* failing(error) { throw error; }
// Makes `signal` abort `controller`; returns the function that undoes it.
export function link(signal, controller) {
  const abort = () => controller.abort();
  signal.addEventListener("abort", abort);
  return () => signal.removeEventListener("abort", abort);
}
// An index loop, not `for of`: the array's iterator is the page's to patch.
export function fresh(items, seen, room) {
  const batch = [];
  try {
    for (let i = 0; i < items.length && batch.length < room; i++) {
      const item = items[i];
      if (!seen.has(item.id)) {
        seen.add(item.id);
        batch.push(item);
      }
    }
  } catch {}
  return batch;
}
