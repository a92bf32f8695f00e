// The doors in front of a real bk-itsm (`startServer({backend: url})`, `--backend URL`).
//
// The local server's door code runs as it always does (doors.mjs: app code and secret, bk_token,
// the whitelist, the gateway's name, stages, tenants, --proxy-app, request ids), then the request
// goes where the real ESB component or gateway resource sends it: the bk-itsm view at
// `/openapi/<group>/<name>/` (the backend paths of itsm/openapi/management/commands/data/
// api-resources.yaml), with the door's changes:
//
//   ESB      the parameters the ESB consumes (bk_app_code, bk_token, username, ...) are removed;
//            the component calls ITSM with its own method: a GET component gets the remaining
//            parameters as a query string (from the query string, or from a JSON body as ESB's
//            HTTP client encodes it); a POST component gets them as a JSON body (a GET to it is
//            forwarded as a GET, which the view refuses with METHOD_NOT_ALLOWED, as the local
//            ESB answers). `request_id` is added to the JSON answer. Unknown components: 404
//            before authentication.
//   gateway  a declared resource with its declared method only (else 404 API_NOT_FOUND); a
//            resource whose userVerifiedRequired is true needs a verified user (a bk_token), as
//            on the local gateway (write-endpoints.mjs gatewayUser; WRITE-ENDPOINTS.md §1); the
//            query string and the body are forwarded unchanged.
//
// Both pass `Accept-Language` and `Cookie` on (the backend's language, from the blueking_language cookie:
// tests/server/language.mjs), and send `Host: itsm.backend.local`, so DRF's `next`/`previous`
// links name the same backend as the local server's (backend.mjs BACKEND_BASE). The test prefix
// `lang=en|zh` sets the language; tag, delay and the faults work as on the local server.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ESB_OWN, apiNotFound, backendDirect, esbProbe, gatewayError, gatewayProbe, hex32, queryValues } from './doors.mjs';
import { json } from './http.mjs';
import { gatewayUser, userNotVerified } from './write-endpoints.mjs';

/** The host the backend's page links name (backend.mjs BACKEND_BASE's). */
export const BACKEND_HOST = 'itsm.backend.local';

/** API gateway resources (api-resources.yaml): name -> [method, backend path]. */
export const GATEWAY_RESOURCES = {
  get_tickets: ['POST', '/openapi/ticket/get_tickets/'],
  get_tickets_by_user: ['GET', '/openapi/ticket/get_tickets_by_user/'],
  get_ticket_info: ['GET', '/openapi/ticket/get_ticket_info/'],
  get_ticket_status: ['GET', '/openapi/ticket/get_ticket_status/'],
  get_ticket_logs: ['GET', '/openapi/ticket/get_ticket_logs/'],
  get_approver: ['GET', '/openapi/ticket/get_approver/'],
  get_approve_node_result: ['GET', '/openapi/ticket/get_approve_node_result/'],
  ticket_approval_result: ['POST', '/openapi/ticket/ticket_approval_result/'],
  callback_failed_ticket: ['GET', '/openapi/ticket/callback_failed_ticket/'],
  create_ticket: ['POST', '/openapi/ticket/create_ticket/'],
  operate_node: ['POST', '/openapi/ticket/operate_node/'],
  operate_ticket: ['POST', '/openapi/ticket/operate_ticket/'],
  approve: ['POST', '/openapi/ticket/approve/'],
  proceed_approval: ['POST', '/openapi/ticket/proceed_approval/'],
  comment: ['POST', '/openapi/ticket/comment/'],
  add_follower: ['POST', '/openapi/ticket/add_follower/'],
  edit_field: ['POST', '/openapi/ticket/edit_field/'],
  get_service_catalogs: ['GET', '/openapi/service/get_service_catalogs/'],
  get_services: ['GET', '/openapi/service/get_services/'],
  get_service_detail: ['GET', '/openapi/service/get_service_detail/'],
  get_service_roles: ['GET', '/openapi/service/get_service_roles/'],
};

/** The resources with `userVerifiedRequired: true` (api-resources.yaml authConfig). */
export const GATEWAY_VERIFIED_USER = new Set(['add_follower', 'approve', 'callback_failed_ticket', 'comment', 'edit_field', 'get_service_roles', 'ticket_approval_result']);

/**
 * ESB components of ITSM (READ-ENDPOINTS.md §6, itsm-write-endpoints.md §1): name -> [the
 * method the component calls ITSM with, backend path]. No get_tickets_by_user, no approve; the
 * gateway's `comment` is ESB's `comment_ticket`.
 */
export const ESB_COMPONENTS = {
  get_tickets: ['POST', '/openapi/ticket/get_tickets/'],
  get_ticket_info: ['GET', '/openapi/ticket/get_ticket_info/'],
  get_ticket_status: ['GET', '/openapi/ticket/get_ticket_status/'],
  get_ticket_logs: ['GET', '/openapi/ticket/get_ticket_logs/'],
  ticket_approval_result: ['POST', '/openapi/ticket/ticket_approval_result/'],
  create_ticket: ['POST', '/openapi/ticket/create_ticket/'],
  operate_node: ['POST', '/openapi/ticket/operate_node/'],
  operate_ticket: ['POST', '/openapi/ticket/operate_ticket/'],
  comment_ticket: ['POST', '/openapi/ticket/comment/'],
  get_service_catalogs: ['GET', '/openapi/service/get_service_catalogs/'],
  get_services: ['GET', '/openapi/service/get_services/'],
  get_service_detail: ['GET', '/openapi/service/get_service_detail/'],
  get_service_roles: ['GET', '/openapi/service/get_service_roles/'],
};

const ESB_RE = /^\/api\/c\/compapi\/v2\/itsm\/([A-Za-z0-9_]+)\/$/;
const GATEWAY_RE = /^\/api\/([^/]+)\/([^/]+)\/v2\/itsm\/([A-Za-z0-9_]+)\/$/;

/** The headers that reach the backend: its language, and a body's type. */
function backendHeaders(ctx) {
  const h = { Host: BACKEND_HOST, Accept: 'application/json' };
  if (ctx.opts.lang === 'en' || ctx.opts.lang === 'zh') h['Accept-Language'] = ctx.opts.lang === 'en' ? 'en' : 'zh-cn';
  else if (ctx.headers['accept-language'] !== undefined) h['Accept-Language'] = ctx.headers['accept-language'];
  // The Cookie header as it came (a proxy passes it on): Django reads blueking_language from it.
  if (ctx.headers.cookie !== undefined && ctx.opts.lang === undefined) h.Cookie = ctx.headers.cookie;
  return h;
}

/** One request to the backend: {status, headers, body (Buffer)}. */
function send(base, method, path, headers, body) {
  const url = new URL(path, base);
  const req = (url.protocol === 'https:' ? httpsRequest : httpRequest);
  return new Promise((resolve, reject) => {
    const r = req(url, { method, headers: { ...headers, ...(body ? { 'Content-Length': body.length } : {}) }, timeout: 120_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error('backend timeout')));
    r.on('error', reject);
    if (body) r.write(body);
    r.end();
  });
}

/** The backend's answer as a response spec; `extra` members are appended to a JSON object. */
function relay(answer, extra = {}) {
  const type = answer.headers['content-type'] ?? 'application/octet-stream';
  if (Object.keys(extra).length && type.includes('json')) {
    try {
      const v = JSON.parse(answer.body.toString('utf8'));
      if (v && typeof v === 'object' && !Array.isArray(v)) return json(answer.status, { ...v, ...extra });
    } catch {
      // not JSON after all: relayed as it came
    }
  }
  return { status: answer.status, headers: { 'Content-Type': type }, body: answer.body };
}

/** A backend that cannot be reached: what each door says then. */
const unreachable = (door, err) =>
  door === 'esb'
    ? json(200, { result: false, code: 1306201, data: null, message: `Request to the component's backend failed: ${err.message}`, request_id: hex32() })
    : gatewayError(502, 1650201, 'REQUEST_BACKEND_ERROR', `Request backend service failed [reason="${err.message}"]`);

async function esbForward(ctx, base, name) {
  const component = ESB_COMPONENTS[name];
  // ESB's router raises Http404 for an unknown component before it authenticates anyone.
  if (!component) return json(404, { result: false, data: null, message: 'The content does not exist' });
  const params = ctx.method === 'GET' ? Object.fromEntries(ctx.query) : ctx.params;
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => ESB_OWN.includes(k)));
  const probe = esbProbe(ctx, own);
  if (JSON.parse(probe.body).result !== true) return probe;
  const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !ESB_OWN.includes(k)));
  const [method, path] = component;
  const headers = backendHeaders(ctx);
  let answer;
  try {
    if (method === 'GET' || ctx.method === 'GET') {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(rest)) for (const s of queryValues(v)) q.append(k, s);
      const s = q.toString();
      answer = await send(base, 'GET', s ? `${path}?${s}` : path, headers);
    } else {
      answer = await send(base, 'POST', path, { ...headers, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(rest)));
    }
  } catch (err) {
    return unreachable('esb', err);
  }
  return relay(answer, { request_id: hex32() });
}

async function gatewayForward(ctx, base, route) {
  const resource = GATEWAY_RESOURCES[route.name];
  if (!resource || resource[0] !== ctx.method) {
    return apiNotFound(ctx);
  }
  const refused = gatewayProbe(ctx, route);
  if (refused) return refused;
  if (GATEWAY_VERIFIED_USER.has(route.name)) {
    const user = gatewayUser(ctx);
    if (!user.verified) return userNotVerified(user);
  }
  const headers = backendHeaders(ctx);
  const body = ctx.method === 'POST' ? Buffer.from(ctx.bodyText, 'utf8') : undefined;
  if (body && ctx.headers['content-type']) headers['Content-Type'] = ctx.headers['content-type'];
  try {
    return relay(await send(base, ctx.method, `${resource[1]}${ctx.search}`, headers, body));
  } catch (err) {
    return unreachable('gateway', err);
  }
}

/**
 * The answer for an API path when the server forwards to a real backend at `base`, or null for
 * other paths (login, static files, the log), which the local server answers itself.
 */
export async function handleForward(ctx, base) {
  let m = ESB_RE.exec(ctx.path);
  if (m) return esbForward(ctx, base, m[1]);
  m = GATEWAY_RE.exec(ctx.path);
  if (m && !(m[1] === 'c' && m[2] === 'compapi')) return gatewayForward(ctx, base, { gateway: m[1], stage: m[2], name: m[3] });
  if (ctx.path.startsWith('/openapi/')) return backendDirect();
  return null;
}
