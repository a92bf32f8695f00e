// What the proxy answers when it does not forward: the API's own envelope, `{result: false,
// code, data: null, message}`, so the package's client in the page turns every refusal into an
// ItsmError of kind "api" whose `code` a portal can switch on and whose `message` says why (the
// client classifies an envelope the same at any HTTP status). Where a code the package already
// knows means the same thing, it is reused, so the client gives it its reason and translated
// userMessage: 1306000 (ESB's "sign in again", which portals already handle), the doors'
// "ITSM is unavailable" codes, ITSM's VALIDATE_ERROR and METHOD_NOT_ALLOWED. The rest are the
// proxy's own, prefixed PROXY_, and their message is the userMessage the page shows.

/** The codes of the proxy's own answers. */
export const CODES = Object.freeze({
  /** 401: no login, or the login (bk_token) is not valid: ESB's own code for it. */
  login: 1306000,
  /** 403: a cross-site request, or one without the client's header. */
  crossSite: "PROXY_CROSS_SITE",
  /** 404: not an ITSM API path this package describes. */
  notFound: "PROXY_NOT_FOUND",
  /** 404: an API path of a door this proxy does not forward to. */
  wrongDoor: "PROXY_WRONG_DOOR",
  /** 403: an endpoint the proxy's `allow` does not list. */
  notAllowed: "PROXY_NOT_ALLOWED",
  /** 405: not the endpoint's method. */
  method: "METHOD_NOT_ALLOWED",
  /** 413: a body over `maxBodyBytes`. */
  tooLarge: "PROXY_BODY_TOO_LARGE",
  /** 400: a body that is not a JSON object, or parameters the engine refuses. */
  invalid: "VALIDATE_ERROR",
  /** 502: the login check could not be made (bk_login down, `verifyUser` threw). */
  loginUnavailable: "PROXY_LOGIN_UNAVAILABLE",
  /** 500: the proxy itself failed (a bug, or a runtime without WebAssembly). */
  internal: "PROXY_ERROR",
});

/** ITSM's failure codes of each door: 502 (no usable answer) and 504 (no answer in time). */
export const UPSTREAM = Object.freeze({
  esb: { failed: 1306201, timeout: 1306201 },
  apigw: { failed: 1650201, timeout: 1650401 },
});

/** Headers of every answer the proxy writes or passes on. */
export const BASE_HEADERS = Object.freeze({
  // Each answer is one user's: no shared cache may keep it.
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
});

/** An answer: `{ status, headers, body }` (body a string, or null). */
export function envelope(status, code, message, extra = {}, headers = {}) {
  return {
    status,
    headers: { ...BASE_HEADERS, "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify({ result: false, code, data: null, message, ...extra }),
  };
}

/** The upstream headers passed on to the page: the type, the request ids, the gateway's error headers, Retry-After. */
export const PASSED_HEADERS = ["content-type", "x-bkapi-request-id", "x-request-id", "x-bkapi-error-code", "x-bkapi-error-message", "retry-after"];

const MARK = "[REDACTED]";
/** Below this length a value is no secret worth the name, and replacing it would mangle every text. */
const MIN_SECRET = 4;

/** `s` as Python's json.dumps writes it (ITSM's and ESB's bodies): non-ASCII as \uXXXX. */
const asciiJson = (s) => JSON.stringify(s).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * A function that replaces every form a secret can take in a text: as is, escaped inside a JSON
 * string (both ways), percent-encoded (a URL an error message echoes) and form-encoded.
 */
export function redactor(secrets) {
  const forms = new Set();
  for (const s of secrets) {
    if (typeof s !== "string" || s.length < MIN_SECRET) continue;
    for (const f of [s, JSON.stringify(s).slice(1, -1), asciiJson(s), encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)]) forms.add(f);
  }
  // The longest first: a shorter form inside a longer one must not leave the rest behind.
  const list = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    if (typeof text !== "string") return text;
    let out = text;
    for (const f of list) if (out.includes(f)) out = out.split(f).join(MARK);
    return out;
  };
}

/**
 * An upstream body with `clean` applied. A JSON body is cleaned value by value (every string,
 * every key), so a secret quoted inside a quoted request (an error message holding the JSON it
 * was sent) is found once its outer escaping is undone, and the answer stays valid JSON; it is
 * written again only when something was removed. Any other body is cleaned as text.
 */
export function cleanBody(text, clean) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return clean(text);
  }
  let changed = false;
  const walk = (v) => {
    if (typeof v === "string") {
      const c = clean(v);
      if (c !== v) changed = true;
      return c;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const out = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, walk(k), { value: walk(x), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  const cleaned = walk(parsed);
  // The text pass after: a secret written as a number is no string to find.
  return clean(changed ? JSON.stringify(cleaned) : text);
}
