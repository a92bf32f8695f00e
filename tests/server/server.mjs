#!/usr/bin/env node
// Fake BlueKing ITSM get_tickets server for tests and benchmarks (Node 20, built-ins only).
//
//   node tests/server/server.mjs [--port 0] [--host 127.0.0.1] [--tickets 2000] [--seed 1]
//                                [--static DIR] [--mount /pkg=DIR ...] [--proxy-app]
//                                [--legacy-paging] [--apigw-name NAME] [--multi-tenant]
//                                [--backend URL]
//
// Serves the ESB door, the API gateway door, a dev login, a request log and static files;
// every path may carry a `/__/<opts>/` test prefix (tag, n, delay, fault, times, ...).
// `--proxy-app` also plays the portal's server: bk-itsm-tickets/proxy, from the built package,
// mounted at /itsm in front of the doors (proxy-app.mjs).
// See README.md beside this file. In-process use: `const s = await startServer({...})`.

import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { getDataset } from './data.mjs';
import { ESB_PATH, TENANTS, authHeader, backendDirect, doorOf, esbNoComponent, gatewayHeaders, handleEsb, handleGateway } from './doors.mjs';
import { runFault } from './faults.mjs';
import { handleRead, readFault } from './read-endpoints.mjs';
import { handleWrite, writeFault } from './write-endpoints.mjs';
import { PROXY_MOUNT, createProxyApp } from './proxy-app.mjs';
import { WriteState } from './write-state.mjs';
import { handleForward } from './forward.mjs';
import { requestLanguage } from './language.mjs';
import { corsHeaders, json, preflight, readBody, sendSpec, serveStatic, sleep, text } from './http.mjs';

const LOG_CAP = 1000; // entries kept per tag
const MAX_TICKETS = 500_000;

/** Per-server mutable state: login tokens, the request log, fault counters. */
class ServerState {
  constructor() {
    // Fixed tokens so tests need no login round trip.
    this.tokens = new Map([
      ['test-token-admin', 'admin'],
      ['test-token-alice', 'alice'],
    ]);
    this.logs = new Map(); // tag -> entries
    this.faultCounts = new Map(); // `${tag}\0${fault}` -> requests seen
    this.writes = new WriteState(); // tickets created and changed by the write endpoints, per scope
  }
  userForToken(token) {
    return this.tokens.get(token) ?? null;
  }
  log(tag, entry) {
    let list = this.logs.get(tag);
    if (!list) this.logs.set(tag, (list = []));
    list.push(entry);
    if (list.length > LOG_CAP) list.splice(0, list.length - LOG_CAP);
  }
  /** Count this request against (tag, fault); true while the fault should still fire. */
  faultApplies(tag, fault, times, skip = 0) {
    const seen = this.count(tag, fault);
    return seen > skip && (times === undefined || seen <= skip + times);
  }
  /** Requests seen under (tag, what), this one included (reset by DELETE /__log). */
  count(tag, what) {
    const key = `${tag}\0${what}`;
    const seen = (this.faultCounts.get(key) ?? 0) + 1;
    this.faultCounts.set(key, seen);
    return seen;
  }
}

/**
 * Split `/__/<opts>/<rest>` into options and the remaining path. Options are comma-separated
 * `key=value` pairs, each side URL-decoded (so a value may contain an encoded comma).
 */
export function parsePrefix(pathname) {
  if (!pathname.startsWith('/__/')) return { opts: {}, path: pathname, prefixed: false };
  const end = pathname.indexOf('/', 4);
  const raw = end === -1 ? pathname.slice(4) : pathname.slice(4, end);
  const path = end === -1 ? '/' : pathname.slice(end);
  const opts = {};
  for (const part of raw.split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const dec = (s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    if (eq === -1) opts[dec(part)] = '';
    else opts[dec(part.slice(0, eq))] = dec(part.slice(eq + 1));
  }
  return { opts, path, prefixed: true };
}

/** Body as the log shows it: parsed JSON, else the raw string, null when empty. */
function logBody(buf) {
  if (buf.length === 0) return null;
  const s = buf.toString('utf8');
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/**
 * Body params as the doors see them. JSON is used only with a JSON content type (a
 * `text/plain` body is not parsed by ESB/DRF); form bodies are parsed too. Anything else,
 * invalid JSON or a non-object JSON value gives {}: the request then behaves as if it
 * carried no params (ESB usually answers "APP Code cannot be empty").
 */
function bodyParams(headers, buf) {
  const type = (headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  const s = buf.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const v = JSON.parse(s);
      return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    } catch {
      return {};
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(s));
  return {};
}

function intOpt(v, dflt, min, max) {
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}

// ---------------------------------------------------------------- login

function login(ctx) {
  const username = ctx.query.get('username');
  const wantsJson = ctx.query.get('format') === 'json' || (ctx.headers.accept || '').includes('application/json');
  if (!username) return json(400, { error: 'username query parameter is required' });
  const token = randomBytes(16).toString('hex');
  ctx.state.tokens.set(token, username);
  // Not HttpOnly: BlueKing pages read bk_token from document.cookie.
  const cookie = `bk_token=${token}; Path=/; SameSite=Lax`;
  if (wantsJson) return json(200, { bk_token: token, username }, { 'Set-Cookie': cookie });
  return text(302, '', 'text/plain', { 'Set-Cookie': cookie, Location: safeNext(ctx.query.get('next')) });
}

function logout(ctx) {
  const fromCookie = /(?:^|;\s*)bk_token=([^;]*)/.exec(ctx.headers.cookie || '')?.[1];
  const token = ctx.query.get('bk_token') || fromCookie;
  // The fixed test tokens stay valid so parallel tests cannot log each other out.
  if (token && !token.startsWith('test-token-')) ctx.state.tokens.delete(token);
  const cookie = 'bk_token=; Path=/; Max-Age=0; SameSite=Lax';
  const wantsJson = ctx.query.get('format') === 'json' || (ctx.headers.accept || '').includes('application/json');
  if (wantsJson) return json(200, { ok: true }, { 'Set-Cookie': cookie });
  return text(302, '', 'text/plain', { 'Set-Cookie': cookie, Location: safeNext(ctx.query.get('next')) });
}

/** Only same-site relative paths are allowed as redirect targets. */
const safeNext = (next) => (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/');

// ---------------------------------------------------------------- log endpoint

function logEndpoint(req, url, state) {
  const tag = url.searchParams.get('tag') ?? '';
  if (req.method === 'DELETE') {
    state.logs.delete(tag);
    for (const key of state.faultCounts.keys()) if (key.startsWith(`${tag}\0`)) state.faultCounts.delete(key);
    state.writes.reset(tag); // the writes made under this tag (or `state=` name)
    return json(200, { ok: true });
  }
  return json(200, state.logs.get(tag) ?? []);
}

// ---------------------------------------------------------------- router

async function route(ctx, config) {
  if (config.backend) {
    // --backend: the doors in front of a real bk-itsm (forward.mjs); other paths are served below.
    const forwarded = await handleForward(ctx, config.backend);
    if (forwarded) return forwarded;
  }
  const read = handleRead(ctx); // get_tickets_by_user, get_ticket_info/status/logs on every door
  if (read) return read;
  const write = handleWrite(ctx); // the service catalogue and the write endpoints on every door
  if (write) return write;
  // Any other ESB component is unknown to this ESB: its router answers 404 before
  // authentication (READ-ENDPOINTS.md §6; the real ESB for approve, comment:
  // tests/real/recorded/). Endpoints served above or added before this line are not affected.
  if (ctx.path.startsWith('/api/c/compapi/') && ctx.path !== ESB_PATH) return esbNoComponent();
  const door = ctx.door;
  if (door === 'esb') return handleEsb(ctx);
  if (door === 'gateway') return handleGateway(ctx);
  if (door === 'backend') return backendDirect();
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    if (ctx.path === '/login' || ctx.path === '/login/') return login(ctx);
    if (ctx.path === '/logout' || ctx.path === '/logout/') return logout(ctx);
    // Longest mount prefix first, then --static at /.
    for (const [prefix, dir] of config.mounts) {
      if (ctx.path === prefix) return text(301, '', 'text/plain', { Location: `${prefix}/` });
      if (ctx.path.startsWith(`${prefix}/`)) {
        const spec = await serveStatic(dir, ctx.path.slice(prefix.length + 1));
        if (spec) return spec;
      }
    }
    if (config.staticDir) {
      const spec = await serveStatic(config.staticDir, ctx.path.slice(1));
      if (spec) return spec;
    }
  }
  return json(404, { result: false, code: 404, message: `Not found: ${ctx.method} ${ctx.path}`, data: null });
}

async function handle(req, res, state, config) {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/__log') {
    return sendSpec(req, res, logEndpoint(req, url, state), corsHeaders(req));
  }
  const { opts, path } = parsePrefix(url.pathname);
  // The portal's proxy (--proxy-app) is the portal's server, not ITSM: not logged, delayed or
  // faulted here; its requests to the doors are, under the same prefix.
  if (config.proxy && (path === PROXY_MOUNT || path.startsWith(`${PROXY_MOUNT}/`))) {
    return config.proxy(req, res, url.pathname.slice(0, url.pathname.length - path.length));
  }
  const tag = opts.tag ?? '';
  const body = await readBody(req);
  const isPreflight = req.method === 'OPTIONS';
  const auth = isPreflight ? undefined : authHeader(req.headers);

  state.log(tag, {
    method: req.method,
    path,
    rawPath: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers }, // Node lower-cases names
    body: logBody(body),
    at: Date.now(),
    ...(auth !== undefined ? { auth: auth === false ? 'not UTF-8' : auth } : {}),
    ...(isPreflight ? { preflight: true } : {}),
  });

  // Preflights are always answered (never delayed or faulted): browsers fail them opaquely.
  if (isPreflight) return sendSpec(req, res, preflight(req));

  const door = doorOf(path);
  const n = opts.n !== undefined ? intOpt(opts.n, config.tickets, 0, MAX_TICKETS) : config.tickets;
  const multiTenant = config.multiTenant || opts.tenants !== undefined;
  // A tenant of a multi-tenant gateway sees its own tickets: the data set of another seed.
  const tenantShift = multiTenant && door === 'gateway' ? (TENANTS[req.headers['x-bk-tenant-id']] ?? 0) : 0;
  const seed = (opts.seed !== undefined ? intOpt(opts.seed, config.seed, 0, 2 ** 31) : config.seed) + tenantShift;
  // `shrink=K`: each request of the tag after the first finds K fewer matching tickets.
  const shrink = opts.shrink !== undefined ? intOpt(opts.shrink, 0, 0, MAX_TICKETS) : 0;
  const drop = shrink && door ? shrink * (state.count(tag, 'shrink') - 1) : 0;
  const ctx = {
    req,
    res,
    state,
    opts,
    path,
    search: url.search,
    port: config.port(),
    method: req.method,
    headers: req.headers,
    query: url.searchParams,
    params: bodyParams(req.headers, body),
    bodyText: body.toString('utf8'),
    door,
    appInDoors: config.appInDoors,
    apigwName: opts.apigw ?? config.apigwName,
    multiTenant,
    // The backend's language: Chinese unless the request asks for English (language.mjs), or the
    // prefix `lang=en|zh` says.
    backend: { legacy: config.legacyPaging || opts.legacy !== undefined, lang: requestLanguage(req, opts), drop },
    // The seeded tickets with this scope's writes over them (`state=NAME`, else the tag).
    dataset: () => state.writes.view(opts.state ?? tag, getDataset(n, seed)),
    writes: { ws: state.writes, scope: opts.state ?? tag, base: () => getDataset(n, seed) },
    cors: corsHeaders(req),
    doorHeaders: door === 'gateway' ? gatewayHeaders(req.headers) : {},
  };

  const delay = intOpt(opts.delay, 0, 0, 600_000);
  const fault = opts.fault ?? (opts.status !== undefined ? 'status' : undefined);
  const times = opts.times !== undefined ? intOpt(opts.times, 0, 0, Number.MAX_SAFE_INTEGER) : undefined;
  const skip = intOpt(opts.skip, 0, 0, Number.MAX_SAFE_INTEGER);
  const faulted = fault !== undefined && state.faultApplies(tag, fault, times, skip);

  if (delay) await sleep(delay);
  if (res.destroyed) return;
  const spec = faulted ? (readFault(fault, ctx) ?? writeFault(fault, ctx) ?? runFault(fault, ctx)) : await route(ctx, config);
  if (spec) sendSpec(req, res, spec, { ...ctx.cors, ...ctx.doorHeaders });
}

// ---------------------------------------------------------------- start / CLI

/**
 * Start a server. Options: port (0 = free port), host, tickets, seed, staticDir,
 * mounts ([[prefix, dir]] or {prefix: dir}), proxyApp (true, or the package's directory: the
 * real bk-itsm-tickets/proxy at /itsm), appInDoors (the doors add the demo app to requests
 * without one: a shortcut for the client's own suites, which are not about the portal),
 * backend (the URL of a real bk-itsm the doors forward to, forward.mjs).
 * Resolves to {url, port, close()}.
 */
export function startServer(options = {}) {
  const mounts = Object.entries(options.mounts ?? {}).map(([k, v]) => (Array.isArray(v) ? v : [k, v]));
  const config = {
    tickets: options.tickets ?? 2000,
    seed: options.seed ?? 1,
    staticDir: options.staticDir ?? null,
    mounts: mounts.map(([p, d]) => [p.replace(/\/+$/, ''), d]).sort((a, b) => b[0].length - a[0].length),
    proxy: null, // (req, res, prefix) => …, with proxyApp
    appInDoors: Boolean(options.appInDoors),
    legacyPaging: Boolean(options.legacyPaging),
    apigwName: options.apigwName ?? 'bk-itsm',
    multiTenant: Boolean(options.multiTenant),
    backend: options.backend ?? null,
    port: () => server.address().port,
  };
  const state = new ServerState();
  getDataset(config.tickets, config.seed); // warm the default data set before the first request
  const server = createServer((req, res) => {
    handle(req, res, state, config).catch((err) => {
      if (err.status === 413) return sendSpec(req, res, text(413, 'request body too large'), corsHeaders(req));
      console.error(err);
      sendSpec(req, res, text(500, `fake server bug: ${err.stack}`), corsHeaders(req));
    });
  });
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address();
      const shownHost = host.includes(':') ? `[${host}]` : host;
      const close = () =>
        new Promise((done) => {
          server.close(() => done());
          server.closeAllConnections(); // also ends `hang` responses and keep-alive sockets
        });
      // The proxy calls this server's doors: on a wildcard address, through loopback.
      const self = `http://${{ '0.0.0.0': '127.0.0.1', '::': '[::1]' }[host] ?? shownHost}:${port}`;
      const ready = options.proxyApp
        ? createProxyApp({
            dir: typeof options.proxyApp === 'string' ? options.proxyApp : undefined,
            url: self,
            apigwName: config.apigwName,
            multiTenant: config.multiTenant,
          }).then((p) => {
            config.proxy = p;
          })
        : Promise.resolve();
      ready.then(
        () => resolveStart({ url: `http://${shownHost}:${port}`, port, server, state, close }),
        (err) => close().then(() => reject(err)),
      );
    });
  });
}

function parseArgs(argv) {
  const o = { mounts: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // `--flag=value` and `--flag value` are both accepted (`--mount=/pkg=DIR` keeps its `=`).
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? a.split(/=(.*)/s) : [a];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--port': o.port = Number(value()); break;
      case '--host': o.host = value(); break;
      case '--tickets': o.tickets = Number(value()); break;
      case '--seed': o.seed = Number(value()); break;
      case '--static': o.staticDir = value(); break;
      case '--proxy-app': o.proxyApp = true; break; // bk-itsm-tickets/proxy at /itsm (proxy-app.mjs)
      case '--legacy-paging': o.legacyPaging = true; break;
      case '--multi-tenant': o.multiTenant = true; break;
      case '--apigw-name': o.apigwName = value(); break;
      case '--backend': o.backend = value(); break;
      case '--mount': {
        const spec = value();
        const eq = spec?.indexOf('=') ?? -1;
        if (eq <= 0) throw new Error(`--mount expects /prefix=DIR, got ${spec}`);
        o.mounts.push([spec.slice(0, eq), spec.slice(eq + 1)]);
        break;
      }
      case '--help':
      case '-h':
        console.log('usage: node tests/server/server.mjs [--port 0] [--host 127.0.0.1] [--tickets 2000] [--seed 1] [--static DIR] [--mount /pkg=DIR ...] [--proxy-app] [--legacy-paging] [--apigw-name NAME] [--multi-tenant] [--backend URL]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  return o;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  const s = await startServer(opts);
  process.stdout.write(`listening ${s.url}\n`);
  const stop = () => s.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
