// Cross-site requests: the proxy acts with the user's login cookie, so a page of another site
// that made the user's browser send a request here would act as that user (CSRF). Three
// checks, any of which alone stops a browser from another site:
//
// - `Sec-Fetch-Site` (every current browser sends it): `same-origin` and `none` (typed or
//   bookmarked) pass; `same-site` (a sibling subdomain, which may be another team's app) and
//   `cross-site` are refused, unless the request's Origin is one of `allowedOrigins`.
// - `Origin` (sent with every POST and every cross-origin request): it must be this host, or
//   one of `allowedOrigins`; `null` (a sandboxed frame, a file) never is.
// - The header `X-Bk-Itsm-Tickets: 1` (engine/request.rs PROXY_HEADER: the package's client
//   sends it whenever it holds no app secret): a form, a link or an image cannot set a header,
//   and a script of another origin needs a CORS preflight, which only `allowedOrigins` get.
//
// A client that is not a browser sends none of the first two and can set the third: the login
// check is what stops it, as it holds no user's bk_token.

/** The header the package's client sends to a same-origin proxy (src/engine/request.rs). */
export const PROXY_HEADER = "X-Bk-Itsm-Tickets";

/** `value` as an origin (`https://host[:port]`), or null when it is not an http(s) origin. */
export function originOf(value) {
  try {
    const u = new URL(value);
    if ((u.protocol !== "http:" && u.protocol !== "https:") || u.username || u.password) return null;
    return u.origin;
  } catch {
    return null;
  }
}

const defaultPort = (protocol) => (protocol === "https:" ? "443" : "80");
/** `true` when origin `o` names the host of the Host header `host` (the port as the scheme defaults it). */
function sameHost(o, host) {
  if (typeof host !== "string") return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  if (!m) return false;
  const u = new URL(o);
  return m[1] === u.hostname && (m[2] || defaultPort(u.protocol)) === (u.port || defaultPort(u.protocol));
}

/** A header value as the page sent it, shortened and stripped of control characters for a message. */
const shown = (v) => JSON.stringify(String(v).slice(0, 100).replace(/[\u0000-\u001f\u007f-\u009f]/g, "?"));

/**
 * Whether a request may go on: `{ ok: true, cors }` (`cors`: the allowed origin of a
 * cross-origin request, which the answer's CORS headers name), or `{ ok: false, why }`.
 * `header(name)` reads a request header (lower-case name), `host` is the request's own host.
 */
export function checkSite(header, host, allowedOrigins) {
  const origin = header("origin");
  const site = header("sec-fetch-site");
  let listed = false;
  let own = false;
  let o = null;
  if (origin !== undefined) {
    o = originOf(origin);
    own = o !== null && sameHost(o, host);
    listed = o !== null && allowedOrigins.has(o);
    if (!own && !listed) return { ok: false, why: `it comes from another site (Origin ${shown(origin)})` };
  }
  if (site !== undefined && site !== "same-origin" && site !== "none" && !listed) {
    return { ok: false, why: `it comes from another site (Sec-Fetch-Site ${shown(site)})` };
  }
  if (header(PROXY_HEADER.toLowerCase()) !== "1") {
    return { ok: false, why: `it lacks the header ${PROXY_HEADER}: 1, which the package's client sends (a link, a form or another site's page cannot)` };
  }
  return { ok: true, cors: listed && !own ? o : undefined };
}

/** The headers a cross-origin answer needs for the page of `origin` to read it. */
export function corsHeaders(origin) {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Credentials": "true",
    "Access-Control-Expose-Headers": "X-Bkapi-Request-ID, X-Request-Id, X-Bkapi-Error-Code, X-Bkapi-Error-Message, Retry-After",
    Vary: "Origin",
  };
}

/**
 * The answer to a CORS preflight (OPTIONS): granted for an origin of `allowedOrigins` only;
 * `null` when refused (the caller answers 403 without CORS headers, which the browser reads
 * as "no").
 */
export function preflight(header, allowedOrigins) {
  const o = originOf(header("origin") ?? "");
  if (o === null || !allowedOrigins.has(o)) return null;
  // The headers the page asks for, as tokens only (a header name is one).
  const asked = (header("access-control-request-headers") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(h))
    .slice(0, 20);
  return {
    status: 204,
    headers: {
      ...corsHeaders(o),
      "Access-Control-Allow-Methods": "GET, POST",
      "Access-Control-Allow-Headers": [PROXY_HEADER, "Content-Type", ...asked].join(", "),
      "Access-Control-Max-Age": "600",
    },
    body: null,
  };
}
