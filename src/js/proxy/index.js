// bk-itsm-tickets/proxy: the same-origin handler a portal's server mounts (e.g. at /itsm) so
// that its pages call ITSM with `createClient({ baseUrl: "/itsm" })` and hold no secret.
//
// Why it exists: ITSM's write views take the acting user from the body (`creator`, `operator`,
// `approver`, `handler`) and never compare it with the authenticated one, and the gateway does
// not verify the user of create_ticket, operate_node or operate_ticket. A page holding the app
// secret could act as anyone. This handler holds the secret, verifies the login, and has the
// engine write every identity member as the verified user.
//
// Each request, in order: CORS preflight (allowedOrigins only) → cross-site checks (guard.js)
// → the endpoint and door (routes.js) → `allow` → the method → the declared size → the login
// (login.js) → the body, bounded (body.js) → the parameters, stripped (routes.js) → the engine
// and the upstream call (forward.js) → the answer, secrets removed (answer.js).
import { CODES, cleanBody, envelope, redactor } from "./answer.js";
import { TOO_LARGE, declaredTooLarge, readNodeBody, readWebBody } from "./body.js";
import { forward } from "./forward.js";
import { checkSite, corsHeaders, preflight } from "./guard.js";
import { createLogin, messageOf, tokenFrom } from "./login.js";
import { readOptions } from "./options.js";
import { paramsOf, route } from "./routes.js";

/** A language tag list as the page sent it, if it is one (it is forwarded to ITSM). */
const languageOf = (v) => (typeof v === "string" && /^[A-Za-z0-9,;=.* -]{1,200}$/.test(v) ? v : undefined);

/**
 * Makes the proxy: `handle(req, res)` for Node's http servers (Express, Koa's `ctx.req` and
 * `ctx.res`, or `handle(ctx)` in Koa) and `fetch(request)` for fetch-style servers.
 */
export function createItsmProxy(options) {
  const settings = readOptions(options);
  const login = createLogin(settings);
  /** A log entry to the logger, every text cleaned; a logger's failure is not the request's. */
  const report = (entry, clean) => {
    if (!settings.logger) return;
    for (const [k, v] of Object.entries(entry)) if (typeof v === "string") entry[k] = clean(v);
    try {
      settings.logger(entry);
    } catch {}
  };
  const cleanerOf = (cookie) => redactor([settings.app.secret, tokenFrom(cookie)]);

  /** One request, whatever the server: its answer `{ status, headers, body }`. */
  async function serve(input) {
    const started = Date.now();
    const token = tokenFrom(input.header("cookie"));
    // Every text that leaves: no app secret, no login token.
    const clean = redactor([settings.app.secret, token]);
    const facts = { method: input.method, path: clean(input.path) };
    const log = (level, event, fields) => report({ level, event, ...facts, ...fields, ms: Date.now() - started }, clean);
    let cors = {};
    const refuse = (status, code, message, extra, headers) => {
      const answer = envelope(status, code, message, extra, { ...headers, ...cors });
      log(status >= 500 ? "error" : "warn", status >= 500 ? "failed" : "refused", { status, code, message });
      return answer;
    };

    if (input.method === "OPTIONS") {
      const granted = preflight(input.header, settings.allowedOrigins);
      if (granted) return granted;
      return refuse(403, CODES.crossSite, "This proxy answers pages of its own site only: the preflight's Origin is not one of its allowedOrigins");
    }
    const site = checkSite(input.header, input.host, settings.allowedOrigins);
    if (!site.ok) return refuse(403, CODES.crossSite, `The request was refused because ${site.why}`);
    if (site.cors) cors = corsHeaders(site.cors);

    const r = route(input.path);
    if (!r || !r.endpoint) {
      return refuse(404, CODES.notFound, r ? `${r.name} is not an ITSM API this proxy can check, so it never forwards it` : "Not an ITSM API path: the client sends to <mount>/api/c/compapi/v2/itsm/<name>/ or <mount>/api/<gateway>/<stage>/v2/itsm/<name>/");
    }
    const { door, endpoint } = r;
    facts.endpoint = endpoint.esb ?? endpoint.apigw;
    // An audit log keeps the writes: the entry says which requests were one.
    facts.write = endpoint.write;
    if (!settings.doors.has(door)) {
      const how = door === "esb" ? 'createClient({ baseUrl, gateway: "apigw" })' : "createClient({ baseUrl }) (ESB, without gateway)";
      return refuse(404, CODES.wrongDoor, `This proxy does not forward through ${door === "esb" ? "ESB" : "the API gateway"}: make the page's client with ${how}`);
    }
    if (!settings.allow.has(endpoint.id)) return refuse(403, CODES.notAllowed, `This proxy does not forward ${facts.endpoint}`);
    if (input.method !== endpoint.method) {
      return refuse(405, CODES.method, `Method "${String(input.method).slice(0, 20)}" not allowed: ${facts.endpoint} is ${endpoint.method}`, {}, { Allow: endpoint.method });
    }
    const tooLarge = () => refuse(413, CODES.tooLarge, `The request body is over ${settings.maxBodyBytes} bytes`, {}, { Connection: "close" });
    if (endpoint.method === "POST" && declaredTooLarge(input.header("content-length"), settings.maxBodyBytes)) return tooLarge();

    const signIn = "User authentication failed, please sign in again";
    if (token === undefined) return refuse(401, CODES.login, `${signIn}: no bk_token login cookie came with the request`);
    const who = await login(token, input.original);
    if (who.refused) {
      log("warn", "login", { detail: who.refused });
      return refuse(401, CODES.login, `${signIn}: the bk_token login cookie is not valid, or has expired`);
    }
    if (who.failed) {
      log("error", "login", { detail: who.failed });
      return refuse(502, CODES.loginUnavailable, "The sign-in could not be checked: try again later");
    }
    facts.user = who.user;

    const body = endpoint.method === "POST" ? await input.body(settings.maxBodyBytes) : "";
    if (body === TOO_LARGE) return tooLarge();
    if (typeof body !== "string") return refuse(400, CODES.invalid, `The request body was refused: ${body.error}`);
    const read = paramsOf(endpoint, input.method, input.query, body);
    if (read.error) return refuse(400, CODES.invalid, `The request body was refused: ${read.error}`);
    // Identity members or credentials sent by the page: overwritten, and worth a line.
    if (read.stripped.length) log("warn", "stripped", { keys: read.stripped.join(",") });

    const { answer, outcome, detail } = await forward({
      settings,
      door,
      endpoint,
      params: read.params,
      user: who.user,
      token,
      signal: input.signal,
      language: languageOf(input.header("accept-language")),
    });
    answer.headers = { ...answer.headers, ...cors };
    for (const [k, v] of Object.entries(answer.headers)) answer.headers[k] = clean(v);
    answer.body = answer.body === null ? null : cleanBody(answer.body, clean);
    const level = outcome === "forwarded" ? "info" : outcome === "failed" ? "error" : "warn";
    const code = outcome === "forwarded" ? undefined : JSON.parse(answer.body).code;
    log(level, outcome, { status: answer.status, ...(code !== undefined ? { code } : {}), ...(detail ? { detail } : {}) });
    return answer;
  }

  /** `serve`, with any failure of the proxy itself answered 500 (and logged, redacted). */
  async function safely(input) {
    try {
      return await serve(input);
    } catch (e) {
      report({ level: "error", event: "failed", method: input.method, path: input.path, status: 500, detail: messageOf(e), ms: 0 }, cleanerOf(input.header("cookie")));
      return envelope(500, CODES.internal, "The proxy failed on this request");
    }
  }

  /** Node: `(req, res)` (http, Express), or a Koa context `(ctx)` / `(ctx, next)`. */
  async function handle(a, b) {
    const koa = a && a.req && a.res && typeof a.on !== "function";
    const req = koa ? a.req : a;
    const res = koa ? a.res : b;
    // Koa writes its own answer after the middleware unless told not to.
    if (koa) a.respond = false;
    const url = new URL(req.url ?? "/", "http://proxy.invalid");
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.on?.("close", onClose);
    const headerOf = (name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(name === "cookie" ? "; " : ", ") : v;
    };
    const answer = await safely({
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      header: headerOf,
      host: headerOf("host"),
      signal: controller.signal,
      original: req,
      body: (limit) => nodeBody(req, limit),
    });
    res.removeListener?.("close", onClose);
    if (res.headersSent || res.writableEnded || res.destroyed) return;
    try {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? undefined);
    } catch (e) {
      // A header Node refuses to write (an upstream's): the answer is lost, the request is not.
      report({ level: "error", event: "failed", method: req.method ?? "GET", path: url.pathname, status: 500, detail: `the answer could not be written: ${messageOf(e)}`, ms: 0 }, cleanerOf(headerOf("cookie")));
      if (res.headersSent) return res.destroy?.();
      const failed = envelope(500, CODES.internal, "The proxy failed on this request");
      res.writeHead(failed.status, failed.headers);
      res.end(failed.body);
    }
  }

  /** Fetch-style servers (Deno, Bun, Next route handlers, Hono): a Request in, a Response out. */
  async function fetchHandler(request) {
    const url = new URL(request.url);
    const header = (name) => request.headers.get(name) ?? undefined;
    const answer = await safely({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      header,
      host: url.host,
      signal: request.signal,
      original: request,
      body: (limit) => readWebBody(request, limit),
    });
    // A status without a body (an upstream's 204) takes none.
    const body = [101, 204, 205, 304].includes(answer.status) ? null : answer.body;
    try {
      return new Response(body, { status: answer.status, headers: answer.headers });
    } catch (e) {
      report({ level: "error", event: "failed", method: request.method, path: url.pathname, status: 500, detail: `the answer could not be made: ${messageOf(e)}`, ms: 0 }, cleanerOf(header("cookie")));
      const failed = envelope(500, CODES.internal, "The proxy failed on this request");
      return new Response(failed.body, { status: failed.status, headers: failed.headers });
    }
  }

  return Object.freeze({ handle, fetch: fetchHandler });
}

/**
 * A Node request's body. Where a body parser mounted before the proxy has read it already
 * (Express's `express.json()` sets `req.body`), what it parsed is used, within the same limit;
 * a stream read by something else, with nothing parsed, cannot be read again.
 */
function nodeBody(req, limit) {
  if (!req.readableEnded) return readNodeBody(req, limit);
  const parsed = req.body;
  if (typeof parsed === "string") return new TextEncoder().encode(parsed).length > limit ? TOO_LARGE : parsed;
  if (parsed instanceof Uint8Array) return parsed.length > limit ? TOO_LARGE : new TextDecoder().decode(parsed);
  if (parsed !== null && typeof parsed === "object") {
    const text = JSON.stringify(parsed);
    return new TextEncoder().encode(text).length > limit ? TOO_LARGE : text;
  }
  return { error: "it was read before the proxy saw it, and nothing parsed it: mount the proxy before any body parser" };
}
