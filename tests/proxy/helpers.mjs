// What every proxy suite shares: the built package (PKG_DIR, default <repo>/pkg, from `make
// pkg`), the local ITSM server, a proxy mounted in a Node http server, the package's browser
// client pointed at it with a fetch that behaves like a browser on the portal's page (the login
// cookie, Origin, Sec-Fetch-Site), raw requests for what no browser would send, and a record of
// every answer and log entry the suite saw, which `assertNoSecrets()` scans.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../server/server.mjs";
import { DEFAULT_APP } from "../server/doors.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const pkgDir = process.env.PKG_DIR ? resolve(process.env.PKG_DIR) : join(root, "pkg");
if (!existsSync(join(pkgDir, "proxy.js"))) throw new Error(`no package in ${pkgDir}: run \`make pkg\` or set PKG_DIR`);
export const { createItsmProxy } = await import(pathToFileURL(join(pkgDir, "proxy.js")).href);
export const { createClient, isItsmError } = await import(pathToFileURL(join(pkgDir, "index.js")).href);

/** The local server's app: the proxy holds it, the page never does. */
export const APP = { bk_app_code: DEFAULT_APP.bk_app_code, bk_app_secret: DEFAULT_APP.bk_app_secret };
export const TOKEN = { admin: "test-token-admin", alice: "test-token-alice" };

// ---------------------------------------------------------------- what the suite saw

/** Every answer body and header the suite's clients received, and every logger entry. */
export const seen = { answers: [], logs: [] };
/** Secrets no answer or log may hold: the app secret, and every token a test used. */
export const secrets = new Set([APP.bk_app_secret, ...Object.values(TOKEN)]);

/**
 * Fails the test when any answer or log line the suite saw holds a secret, in any spelling.
 * `logs: false` for a suite whose proxies log nowhere it can see.
 */
export function assertNoSecrets({ logs = true } = {}) {
  assert.ok(seen.answers.length > 0 && (!logs || seen.logs.length > 0), "the suite recorded answers and log lines");
  const texts = [...seen.answers, ...seen.logs.map((e) => JSON.stringify(e))];
  for (const s of secrets) {
    const forms = [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)];
    for (const t of texts) for (const f of forms) assert.ok(!t.includes(f), `a secret (${s.slice(0, 4)}…) in: ${t.slice(0, 300)}`);
  }
}
/** Records a fetch Response's text and headers; resolves to the text. */
export async function record(response) {
  const text = await response.clone().text();
  seen.answers.push(text, JSON.stringify([...response.headers]));
  return text;
}

// ---------------------------------------------------------------- servers

/** The local ITSM server (stopped by `close()`), and tokens for users beyond the fixed two. */
export async function backend(options = {}) {
  const srv = await startServer({ port: 0, ...options });
  /** A login token for `user` (the server's /login mints one). */
  srv.tokenFor = async (user) => {
    if (TOKEN[user]) return TOKEN[user];
    const { bk_token } = await (await fetch(`${srv.url}/login?username=${encodeURIComponent(user)}&format=json`)).json();
    secrets.add(bk_token);
    return bk_token;
  };
  /** The requests the server saw under `tag`. */
  srv.log = async (tag) => (await fetch(`${srv.url}/__log?tag=${encodeURIComponent(tag)}`)).json();
  return srv;
}

/** A proxy whose log entries the suite records (and `logs` lists), with the local app's credentials. */
export function proxy(options) {
  const logs = [];
  const itsm = createItsmProxy({
    ...APP,
    ...options,
    logger: (e) => {
      logs.push(e);
      seen.logs.push(e);
      options.logger?.(e);
    },
  });
  return { handle: itsm.handle, fetch: itsm.fetch, logs };
}

/**
 * A Node http server on port 0 whose `/itsm/...` paths go to `handler(req, res)` (by default
 * the proxy's `handle`), and everything else is 404: a portal's server. `close()` stops it.
 */
export async function portal(itsm, handler = (req, res) => itsm.handle(req, res)) {
  const server = createServer((req, res) => {
    if (req.url.startsWith("/itsm/")) return handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    server,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------- the page

/**
 * A fetch as the portal's page does it in a browser: the login cookie (unless `token` is
 * null), `Origin` on a POST, `Sec-Fetch-Site: same-origin`; `headers` override or add any.
 * Every answer is recorded.
 */
export function browserFetch(site, { token, headers = {}, via = fetch } = {}) {
  return async (url, init = {}) => {
    const h = { ...init.headers };
    if (token) h.Cookie = `other=1; bk_token=${token}`;
    if ((init.method ?? "GET") !== "GET") h.Origin = site;
    h["Sec-Fetch-Site"] = "same-origin";
    const response = await via(url, { ...init, headers: { ...h, ...headers } });
    await record(response);
    return response;
  };
}

/** The package's client on the portal's page, signed in with `token`, through `door`. */
export function pageClient(site, token, { door = "esb", ...rest } = {}) {
  return createClient({
    baseUrl: `${site}/itsm`,
    ...(door === "apigw" ? { gateway: "apigw" } : {}),
    fetch: browserFetch(site, { token, ...rest }),
    retries: 0,
  });
}

/** The path of `name` behind the page's client's door. */
export const pathOf = (name, door = "esb") => (door === "esb" ? `/itsm/api/c/compapi/v2/itsm/${name}/` : `/itsm/api/bk-itsm/prod/v2/itsm/${name}/`);

/**
 * A raw request to the portal (what a script, a form or curl sends): `{ status, headers, text,
 * json }`. `headers` are sent as given: nothing is added but a JSON Content-Type on a body.
 */
export async function raw(site, path, { method = "GET", headers = {}, body } = {}) {
  const init = { method, headers: { ...(body !== undefined && typeof body === "string" ? { "Content-Type": "application/json" } : {}), ...headers }, body, redirect: "manual" };
  const response = await fetch(site + path, init);
  const text = await record(response);
  let json;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, headers: response.headers, text, json };
}

/** The headers of a same-origin request from the package's client, signed in as `token`. */
export const sameOrigin = (site, token) => ({
  Cookie: `bk_token=${token}`,
  Origin: site,
  "Sec-Fetch-Site": "same-origin",
  "X-Bk-Itsm-Tickets": "1",
});

/**
 * A raw request over a socket, for what fetch cannot send (a body larger than it announces, a
 * body that keeps coming): `{ status, text, sent }`, `sent` the bytes written before the answer.
 */
export function socketRequest(site, path, { method = "POST", headers = {}, chunk, chunks }) {
  return new Promise((done, reject) => {
    const u = new URL(site + path);
    let sent = 0;
    let answered = false;
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        seen.answers.push(text);
        done({ status: res.statusCode, headers: res.headers, text, sent });
      });
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    let i = 0;
    const pump = () => {
      while (!answered && i < chunks) {
        i++;
        sent += chunk.length;
        if (!req.write(chunk)) return req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
