// Who the user is: the `bk_token` login cookie, checked with BlueKing's login (or the portal's
// own `verifyUser`). Every write is made as this user, whatever the browser sent.
//
// The cookie is the only place the token is read from. The page's client also copies it into
// an ESB request's query or body (and a gateway request's X-Bkapi-Authorization header) when
// it can read the cookie; that copy is stripped, never read: it would be a second source that
// could disagree with the cookie, and a token in a query string ends up in access logs.
//
// Answers are cached for `cacheMs` (default 30 s) under the SHA-256 of the token, so neither a
// memory dump nor a log of the cache holds a token; concurrent requests with one token share
// one check; the cache holds at most `cacheSize` tokens (the oldest goes first). A failed check
// (the login service down, `verifyUser` threw) is not cached.

/** The path of ESB's bk_login get_user component (tests/server/WRITE-ENDPOINTS.md §6). */
const GET_USER = "/api/c/compapi/v2/bk_login/get_user/";
/** ESB's code for "no valid user" (esb/bkauth/validators.py). */
const NO_USER = 1306000;
/** How long the login may take to answer. */
const LOGIN_TIMEOUT_MS = 10_000;

/** The first non-empty `bk_token` of a Cookie header, if it is a plausible token. */
export function tokenFrom(cookie) {
  if (typeof cookie !== "string") return undefined;
  for (const pair of cookie.split(";")) {
    const eq = pair.indexOf("=");
    if (eq === -1 || pair.slice(0, eq).trim() !== "bk_token") continue;
    let v = pair.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    // Printable ASCII without separators: anything else is no token BlueKing issued.
    if (/^[\x21-\x7e]{1,512}$/.test(v) && !/[",;\\]/.test(v)) return v;
  }
  return undefined;
}

let subtle;
/** Web Crypto's digest: the global one (Node 19+, Deno, Bun, edge runtimes), else node:crypto's (Node 18). */
async function sha256(text) {
  subtle ??= globalThis.crypto?.subtle ?? (await import("node:crypto")).webcrypto.subtle;
  const digest = new Uint8Array(await subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** The message of a thrown value, whatever it is. */
export function messageOf(e) {
  try {
    return typeof e?.message === "string" ? e.message : String(e);
  } catch {
    return "unknown error";
  }
}

/** Asks ESB's bk_login who the token belongs to: `{ user }`, `{ refused }` or `{ failed }`. */
async function esbUser(token, { loginTarget, app, fetch }) {
  const query = new URLSearchParams({ bk_app_code: app.code, bk_app_secret: app.secret, bk_token: token });
  let answer;
  try {
    const r = await fetch(`${loginTarget}${GET_USER}?${query}`, {
      method: "GET",
      headers: { Accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(LOGIN_TIMEOUT_MS),
    });
    const text = await r.text();
    try {
      answer = JSON.parse(text);
    } catch {
      return { failed: `bk_login/get_user answered HTTP ${r.status} without JSON` };
    }
  } catch (e) {
    return { failed: `bk_login/get_user did not answer: ${messageOf(e)}` };
  }
  const data = answer?.data;
  if (answer?.result === true && typeof data?.bk_username === "string" && data.bk_username !== "") return { user: data.bk_username };
  // 1306000 is also ESB's answer to a wrong app secret: the message, logged, tells them apart.
  if (answer?.result === false && Number(answer.code) === NO_USER) return { refused: `bk_login refused the token: ${String(answer.message)}` };
  return { failed: `bk_login/get_user answered code ${String(answer?.code)}: ${String(answer?.message)}` };
}

/** Asks the portal's own check: `{ user }`, `{ refused }` or `{ failed }`. */
async function customUser(token, request, verify) {
  let user;
  try {
    user = await verify(token, request);
  } catch (e) {
    return { failed: `verifyUser threw: ${messageOf(e)}` };
  }
  if (user === null || user === undefined) return { refused: "verifyUser did not accept the token" };
  if (typeof user !== "string" || user.trim() === "") return { failed: "verifyUser resolved to something that is not a user name (a non-empty string, or null)" };
  return { user };
}

/**
 * The login check: `check(token, request)` resolves to `{ user }`, `{ refused: why }` (the
 * token is not a valid login: 401) or `{ failed: why }` (no answer could be had: 502).
 */
export function createLogin({ verifyUser, cacheMs, cacheSize, loginTarget, app, fetch }) {
  const cache = new Map(); // sha256(token) -> { until, answer: Promise }
  const ask = (token, request) => (verifyUser === "esb" ? esbUser(token, { loginTarget, app, fetch }) : customUser(token, request, verifyUser));
  return async function check(token, request) {
    if (cacheMs === 0) return ask(token, request);
    const key = await sha256(token);
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.answer;
    if (hit) cache.delete(key);
    const entry = { until: now + cacheMs, answer: ask(token, request) };
    cache.set(key, entry);
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value);
    const answer = await entry.answer;
    if (answer.failed && cache.get(key) === entry) cache.delete(key);
    return answer;
  };
}
