// The two BlueKing front doors in front of the ITSM handler: ESB and the API gateway.
//
// Both authenticate the app (and ESB the user), strip the common params from the body and
// forward it to the backend. What differs, and is reproduced here because clients must cope:
//   ESB      always HTTP 200, errors in the envelope (code 1306xxx), `request_id` in the body,
//            drops the query string, reads credentials from body or X-Bkapi-Authorization,
//            requires a user (bk_token, or bk_username for whitelisted apps), no cookies.
//   gateway  real HTTP statuses + X-Bkapi-Error-* headers on its own errors, request ids in
//            headers only, credentials only from X-Bkapi-Authorization, no user required,
//            forwards the query string. Its name is a deployment setting (BK_APIGW_NAME, default
//            bk-itsm); a multi-tenant gateway requires X-Bk-Tenant-Id. It reads the
//            X-Bkapi-Authorization header as UTF-8: a raw Latin-1 byte there is broken UTF-8.

import { randomBytes, randomUUID } from 'node:crypto';
import { envelopeJson, handleGetTickets } from './backend.mjs';
import { json } from './http.mjs';

export const APPS = {
  'bk-itsm-demo': { secret: 'demo-secret-3f9a1c0e7b', whitelisted: false },
  'bk-itsm-trusted': { secret: 'trusted-secret-8d2e4b6a1f', whitelisted: true },
};
export const DEFAULT_APP = { bk_app_code: 'bk-itsm-demo', bk_app_secret: 'demo-secret-3f9a1c0e7b' };

export const ESB_PATH = '/api/c/compapi/v2/itsm/get_tickets/';
export const BACKEND_PATH = '/openapi/ticket/get_tickets/';
const GATEWAY_RE = /^\/api\/([^/]+)\/([^/]+)(\/.*)$/;
export const DEFAULT_GATEWAY_NAME = 'bk-itsm';
/** Tenants of a multi-tenant gateway; each sees its own tickets (another seed). */
export const TENANTS = { default: 0, acme: 1000 };
const GATEWAY_STAGES = new Set(['prod', 'stag']);
const GATEWAY_RESOURCE = '/v2/itsm/get_tickets/';

/** Common params both doors remove before the body reaches ITSM: the ESB consumes them itself. */
export const ESB_OWN = ['bk_app_code', 'bk_app_secret', 'bk_token', 'bk_username', 'username', 'access_token', 'bk_signature'];
// The gateway takes credentials from its header only; the `username` filter passes through.
export const GATEWAY_STRIPPED = ESB_OWN.filter((k) => k !== 'username');

export const without = (obj, keys) => Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
/** The body params as the backend receives them through `door`. */
export const forwardedParams = (door, params) => without(params, door === 'gateway' ? GATEWAY_STRIPPED : ESB_OWN);
export const nonEmpty = (v) => v !== undefined && v !== null && v !== '';

/** How the ESB's HTTP client (requests) encodes one JSON body value into a query string. */
export function queryValues(v) {
  if (v === null || v === undefined) return [];
  if (typeof v === 'boolean') return [v ? 'True' : 'False'];
  if (Array.isArray(v)) return v.flatMap((x) => (x === null ? [] : [typeof x === 'object' ? JSON.stringify(x) : queryValues(x)[0]]));
  if (typeof v === 'object') return Object.keys(v); // iterating a dict gives its keys
  return [String(v)];
}
export const hex32 = () => randomBytes(16).toString('hex');

/** Which door a (prefix-stripped) path belongs to: 'esb' | 'gateway' | 'backend' | null. */
export function doorOf(path) {
  if (path === ESB_PATH) return 'esb';
  if (path === BACKEND_PATH) return 'backend';
  if (GATEWAY_RE.test(path)) return 'gateway';
  return null;
}

/**
 * Parse X-Bkapi-Authorization: undefined if absent, null if not a JSON object, false if its
 * bytes are not UTF-8. Node hands header values over as Latin-1 (one char per byte); the
 * doors read the bytes as UTF-8, as the real ones do, so `\u5f20` escapes and raw UTF-8 both
 * arrive as 张, and a raw Latin-1 é (one byte 0xE9) is broken UTF-8.
 */
export function authHeader(headers) {
  const raw = headers['x-bkapi-authorization'];
  if (raw === undefined) return undefined;
  let decoded;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(raw, 'latin1'));
  } catch {
    return false;
  }
  try {
    const v = JSON.parse(decoded);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- ESB

const ESB_MSG = {
  noApp: 'APP Code [bk_app_code] cannot be empty',
  badApp: 'APP is not verified: bk_app_code or bk_app_secret is incorrect',
  noUser: 'User authentication failed, please provide a valid user identity, such as bk_token, bk_username',
  badHeader: 'Request header [X-Bkapi-Authorization] is not a valid JSON object',
};

/**
 * ESB door. `ctx.params` is the parsed body object ({} when not JSON/form), `ctx.query` the
 * URLSearchParams of the request. Returns a response spec (always HTTP 200).
 */
export function handleEsb(ctx) {
  const request_id = hex32();
  const fail = (code, message) => json(200, { result: false, code, data: null, message, request_id });

  // On GET the ESB reads its parameters from the query string.
  let params = ctx.method === 'GET' ? Object.fromEntries(ctx.query) : { ...ctx.params };
  const header = authHeader(ctx.headers);
  if (header === null || header === false) return fail(1306406, ESB_MSG.badHeader);
  const auth = header ?? {};

  if (ctx.appInDoors && !nonEmpty(auth.bk_app_code) && !nonEmpty(params.bk_app_code)) {
    // `appInDoors`: the test shortcut adds the demo app, and the login cookie's token, as the
    // portal's proxy would (a client without the app's secret leaves the cookie to it).
    params = { ...params, ...DEFAULT_APP };
    const cookie = /(?:^|;\s*)bk_token=([^;]*)/.exec(ctx.headers.cookie || '')?.[1];
    if (!nonEmpty(params.bk_token) && !nonEmpty(auth.bk_token) && nonEmpty(cookie)) params.bk_token = cookie;
  }
  // Header values win over body values, field by field.
  const pickField = (k) => (nonEmpty(auth[k]) ? auth[k] : params[k]);
  const appCode = pickField('bk_app_code');
  if (!nonEmpty(appCode)) return fail(1306000, ESB_MSG.noApp);
  const app = APPS[appCode];
  if (!app || pickField('bk_app_secret') !== app.secret) return fail(1306000, ESB_MSG.badApp);

  const token = pickField('bk_token');
  let user = nonEmpty(token) ? ctx.state.userForToken(String(token)) : null;
  const bkUsername = pickField('bk_username');
  if (!user && app.whitelisted && nonEmpty(bkUsername)) user = String(bkUsername);
  if (!user) return fail(1306000, ESB_MSG.noUser);

  if (ctx.method !== 'POST') {
    // DRF's MethodNotAllowed, in the request's language (zh_CN: 方法 “GET” 不被允许。).
    const message = ctx.backend?.lang === 'en' ? `Method "${ctx.method}" not allowed.` : `方法 “${ctx.method}” 不被允许。`;
    return json(200, envelopeJson({ ok: false, code: 'METHOD_NOT_ALLOWED', message }, { request_id }));
  }
  // ESB forwards the stripped body and drops the POST query string.
  const result = handleGetTickets(ctx.dataset(), without(params, ESB_OWN), new URLSearchParams(), ctx.backend);
  return json(200, envelopeJson(result, { request_id }));
}

// ---------------------------------------------------------------- API gateway

export function gatewayError(status, code, codeName, message, headers = {}) {
  return json(status, { code, code_name: codeName, message, result: false, data: null }, {
    'X-Bkapi-Error-Code': String(code),
    'X-Bkapi-Error-Message': message,
    ...headers,
  });
}

const invalidArgs = (reason) => gatewayError(400, 1640001, 'INVALID_ARGS', `Parameters error [reason="${reason}"]`);

/** Request-id headers the gateway puts on every answer, its own errors included. */
export function gatewayHeaders(reqHeaders) {
  return {
    'X-Bkapi-Request-ID': randomUUID(),
    'X-Request-ID': reqHeaders['x-request-id'] || hex32(),
  };
}

export function handleGateway(ctx) {
  const [, gateway, stage, resource] = GATEWAY_RE.exec(ctx.path);
  const name = ctx.apigwName ?? DEFAULT_GATEWAY_NAME;
  if (gateway !== name || !GATEWAY_STAGES.has(stage) || resource !== GATEWAY_RESOURCE || ctx.method !== 'POST') {
    return gatewayError(404, 1640401, 'API_NOT_FOUND', `API not found [method="${ctx.method}" path="${ctx.path}"]`);
  }
  if (ctx.multiTenant) {
    const tenant = ctx.headers['x-bk-tenant-id'];
    if (!tenant) return invalidArgs('X-Bk-Tenant-Id is required: the gateway is multi-tenant');
    if (!Object.hasOwn(TENANTS, tenant)) return invalidArgs(`tenant [${tenant}] does not exist`);
  }
  const header = authHeader(ctx.headers);
  if (header === false) return invalidArgs('X-Bkapi-Authorization is not valid UTF-8');
  let auth = header ?? {}; // bad JSON reads as "no credentials", as in the real gateway
  if (ctx.appInDoors && !nonEmpty(auth.bk_app_code)) auth = { ...auth, ...DEFAULT_APP };

  if (!nonEmpty(auth.bk_app_code)) return invalidArgs('app code cannot be empty');
  if (!nonEmpty(auth.bk_app_secret)) return invalidArgs('please provide bk_app_secret or bk_signature to verify app');
  const app = APPS[auth.bk_app_code];
  if (!app || auth.bk_app_secret !== app.secret) return invalidArgs('bk_app_code or bk_app_secret is incorrect');
  // get_tickets does not require user verification on the gateway: bk_token/bk_username are ignored.

  const result = handleGetTickets(ctx.dataset(), without(ctx.params, GATEWAY_STRIPPED), ctx.query, ctx.backend);
  return json(200, envelopeJson(result));
}

/** ESB's answer for a component it does not have (its router's Http404, before authentication). */
export const esbNoComponent = () => json(404, { result: false, data: null, message: 'The content does not exist' });

/** ITSM refuses callers that did not come through a door. */
export const backendDirect = () => ({
  status: 403,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: 'This API can only be accessed through API gateway',
});

// ---------------------------------------------------------------- the doors' checks, for every endpoint

/** What a door's own checks see of a request: the get_tickets door's, with nothing to list. */
const EMPTY_DATASET = Object.freeze({ count: 0, seed: 0, tickets: [], newestFirst: [] });

/** ESB's checks of a request (its app, its user) as the get_tickets component makes them. */
export const esbProbe = (ctx, own) =>
  handleEsb({ ...ctx, method: 'POST', params: own, query: new URLSearchParams(), dataset: () => EMPTY_DATASET });

/** The gateway's 404 for a resource it does not have. */
export const apiNotFound = (ctx) => gatewayError(404, 1640401, 'API_NOT_FOUND', `API not found [method="${ctx.method}" path="${ctx.path}"]`);

/** The gateway's checks (gateway, stage, app) of a request for `route`: null when they pass, else its answer. */
export function gatewayProbe(ctx, route) {
  const probe = handleGateway({
    ...ctx,
    method: 'POST',
    path: `/api/${route.gateway}/${route.stage}/v2/itsm/get_tickets/`,
    params: {},
    query: new URLSearchParams(),
    dataset: () => EMPTY_DATASET,
  });
  if (probe.status === 404) return apiNotFound(ctx); // an unknown gateway or stage
  return probe.status === 200 ? null : probe;
}
