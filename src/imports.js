// The JavaScript the WebAssembly module imports, in one file: the package ships it as one
// snippet, and a page loads it with one request rather than four (see BENCHMARKS.md). Each
// section is declared, and explained, in the Rust module named above it; Rust decides, these
// functions only do what Rust cannot do cheaply across the boundary.

// --- client.rs: the page's origin and login cookie, one call each

const text = (read) => {
  try {
    const v = read();
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
};
export const page_origin = () => text(() => globalThis.location?.origin);
export const page_cookie = () => text(() => globalThis.document?.cookie);

// --- js_value.rs: the kinds of JavaScript values, a whole page at a time

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
export function kind_of(v) { return kindOf(v); }
export function field_kind(o, k) { return o == null ? 0 : kindOf(o[k]); }
export function field(o, k) { return o == null ? undefined : o[k]; }
export function element_kinds(items, keys) {
  const n = Array.isArray(items) ? items.length : 0;
  const width = keys.length + 1;
  const kinds = new Uint8Array(n * width);
  for (let i = 0; i < n; i++) {
    const item = items[i];
    const kind = kindOf(item);
    kinds[i * width] = kind;
    if (kind === 7) for (let j = 0; j < keys.length; j++) kinds[i * width + 1 + j] = kindOf(item[keys[j]]);
  }
  return kinds;
}
export function own_entries(o) { return Object.entries(o); }
export function number_text(n) { return String(n); }

// --- transport.rs: one request, resolved to an outcome that never rejects

const why = (e) =>
  typeof e?.message === "string" ? e.message : typeof e === "string" ? e : "unknown error";
export async function send(url, body, authorization, credentials, timeoutMs, excerptLimit, signal, extra) {
  if (signal?.aborted) return { kind: 3 };
  let timedOut = false;
  let controller, timer;
  const onAbort = () => controller.abort();
  try {
    controller = new AbortController();
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    }
    signal?.addEventListener("abort", onAbort);
    const headers = Object.fromEntries(extra ?? []);
    headers["Content-Type"] = "application/json";
    if (authorization) headers["X-Bkapi-Authorization"] = authorization;
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      credentials,
      redirect: "manual",
      signal: controller.signal,
    });
    if (!(response instanceof Response)) return { kind: 5 };
    const status = response.status;
    if (!Number.isInteger(status) || status < 0 || status > 999) return { kind: 5 };
    const header = (name) => response.headers.get(name) || undefined;
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      return { kind: 4, status, location: header("location") };
    }
    let text = await response.text();
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

// --- pager.rs: the async generator of iterTickets, and the walk's deduplication

export async function* walk(pager) {
  try {
    for (let batch; (batch = await pager.nextBatch()) !== undefined; ) yield* batch;
  } finally {
    pager.close();
    pager.free();
  }
}
export async function* failing(error) { throw error; }
// Makes `signal` abort `controller`; returns the function that undoes it.
export function link(signal, controller) {
  const abort = () => controller.abort();
  signal.addEventListener("abort", abort);
  return () => signal.removeEventListener("abort", abort);
}
export function fresh(items, seen, room) {
  const batch = [];
  for (const item of items) {
    if (batch.length >= room) break;
    if (!seen.has(item.id)) {
      seen.add(item.id);
      batch.push(item);
    }
  }
  return batch;
}
