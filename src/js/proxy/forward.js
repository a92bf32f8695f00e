// One forwarded call: the engine writes the request from the endpoint's id, the browser's
// parameters (already stripped) and the proxy's own client, made for the verified user; then
// this file sends it and hands the answer back as it came, secrets removed.
//
// The engine is the browser's: the same WebAssembly module checks the same rules, fills the
// identity members with the client's `user`, and, for a call checked against another's answer
// (create_ticket against the service's form, approve against the ticket's status), first asks
// ITSM for that answer with the same client. The proxy never takes such an answer from the
// browser.
import { open, request, isItsmError } from "bk-itsm-tickets:driver";
import { CODES, UPSTREAM, BASE_HEADERS, PASSED_HEADERS, envelope } from "./answer.js";
import { messageOf } from "./login.js";

/** The engine's configuration of the proxy's client through `door`, for `user` with `token`. */
export function clientConfig(settings, door, user, token) {
  return {
    baseUrl: settings.target,
    ...(door === "apigw" ? { gateway: "apigw", ...settings.apigw } : {}),
    bk_app_code: settings.app.code,
    bk_app_secret: settings.app.secret,
    // ESB authenticates a user for every component, and the gateway verifies one for approve
    // and comment: the user's own login goes, never a bk_username the app could name anyone by.
    bk_token: token,
    user,
    fetch: settings.fetch,
    ...settings.engine,
  };
}

/** The proxy's client for `user`, or throws the engine's ItsmError (a user name it refuses). */
export const clientFor = (settings, door, user, token) => open(clientConfig(settings, door, user, token));

/** An ItsmError of the engine, as the proxy answers it. */
function refusal(e, door) {
  switch (e.kind) {
    case "validation":
      if (e.reason === "no_webassembly") return envelope(500, CODES.internal, `The proxy cannot run the package's WebAssembly module: ${e.message}`);
      // Mostly a caller that is not the package's client: the client checks the same rules
      // before it sends. `issues` lists every broken rule, for such a caller.
      return envelope(400, CODES.invalid, e.message, {
        issues: (e.issues ?? []).map(({ field, reason, message, userMessage }) => ({ field, reason, message, userMessage })),
      });
    case "api":
      // ITSM refused the call the engine made first (the service's form, the ticket's status):
      // its answer, as ITSM gave it.
      return envelope(e.status ?? 200, e.code, e.message, e.requestId ? { request_id: e.requestId } : {});
    case "timeout":
      return envelope(504, UPSTREAM[door].timeout, `ITSM did not answer in time: ${e.message}`);
    default:
      return envelope(502, UPSTREAM[door].failed, `ITSM could not be reached: ${e.message}`);
  }
}

/**
 * Forwards a call: the answer `{ status, headers, body }` and what happened (`outcome`:
 * "forwarded", "refused" or "failed"). `signal` fires when the page has gone.
 */
export async function forward({ settings, door, endpoint, params, user, token, signal, language }) {
  let client;
  try {
    client = clientFor(settings, door, user, token);
  } catch (e) {
    if (!isItsmError(e)) throw e;
    // The options were checked at start: what is left is the user name the login check gave.
    return { answer: envelope(500, CODES.internal, "The proxy cannot act as the signed-in user"), outcome: "failed", detail: e.message };
  }
  let q;
  try {
    q = await request(client, endpoint.id, params, { signal });
  } catch (e) {
    if (!isItsmError(e)) throw e;
    const answer = refusal(e, door);
    return { answer, outcome: answer.status >= 500 ? "failed" : "refused", detail: e.message };
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = q.timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), q.timeoutMs) : undefined;
  const gone = () => controller.abort();
  signal?.addEventListener("abort", gone);
  try {
    const headers = { ...q.headers };
    // ITSM's messages follow the request's language: the page's, not the server's.
    if (language) headers["Accept-Language"] = language;
    const r = await settings.fetch(q.url, { method: q.method, headers, body: q.body, redirect: "manual", signal: controller.signal });
    if (r.status >= 300 && r.status < 400) {
      return { answer: envelope(502, UPSTREAM[door].failed, `ITSM answered with a redirect (HTTP ${r.status}), which the proxy does not follow: check the proxy's target`), outcome: "failed" };
    }
    const body = await r.text();
    const passed = { ...BASE_HEADERS };
    for (const name of PASSED_HEADERS) {
      const v = r.headers.get(name);
      if (v !== null) passed[name.replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase())] = v;
    }
    return { answer: { status: r.status, headers: passed, body }, outcome: "forwarded" };
  } catch (e) {
    if (timedOut) return { answer: envelope(504, UPSTREAM[door].timeout, `ITSM did not answer within ${q.timeoutMs} ms`), outcome: "failed" };
    if (signal?.aborted) return { answer: envelope(499, CODES.internal, "The page went away before ITSM answered"), outcome: "refused" };
    return { answer: envelope(502, UPSTREAM[door].failed, `ITSM could not be reached: ${messageOf(e)}`), outcome: "failed" };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", gone);
  }
}
