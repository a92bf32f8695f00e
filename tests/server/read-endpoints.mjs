// The ticket read API on both doors: get_tickets_by_user, get_ticket_info, get_ticket_status,
// get_ticket_logs (GET). Shapes, validation, error codes and messages follow the bk-itsm source
// as recorded in READ-ENDPOINTS.md (section numbers below point there).
//
//   ESB      /api/c/compapi/v2/itsm/<endpoint>/: GET (query) or POST (JSON body); the ESB calls
//            ITSM with a GET whose query string is the parameters it did not consume. There is
//            no get_tickets_by_user component: ESB answers 404 "The content does not exist".
//   gateway  /api/<gateway>/<stage>/v2/itsm/<endpoint>/: GET only (other methods: 404
//            API_NOT_FOUND); the query string is forwarded as is.
//   direct   /openapi/ticket/<endpoint>/: 403, as for get_tickets.
//
// Authentication is not re-implemented here: each request is first shown to the get_tickets
// door of doors.mjs (same door, same headers, same credentials, an empty data set), and any
// refusal it gives is the answer. So every auth rule of the doors (apps, users, gateway name,
// stages, tenants, appInDoors) applies to these endpoints without being written twice.

import { BACKEND_BASE, envelopeJson } from './backend.mjs';
import { ESB_OWN, apiNotFound, backendDirect, esbProbe, gatewayError, gatewayProbe, hex32, queryValues } from './doors.mjs';
import { runFault } from './faults.mjs';
import { json } from './http.mjs';
import {
  catalogDescendants,
  isTodo,
  ticketBySn,
  ticketInfo,
  ticketLogsData,
  ticketStatus,
  userItem,
  viewPredicate,
} from './read-data.mjs';

export const READ_ENDPOINTS = ['get_tickets_by_user', 'get_ticket_info', 'get_ticket_status', 'get_ticket_logs'];
const NAMES = READ_ENDPOINTS.join('|');
const ESB_RE = new RegExp(`^/api/c/compapi/v2/itsm/(${NAMES})/$`);
const GATEWAY_RE = new RegExp(`^/api/([^/]+)/([^/]+)/v2/itsm/(${NAMES})/$`);
const BACKEND_RE = new RegExp(`^/openapi/ticket/(${NAMES})/$`);

/** Which door and endpoint a (prefix-stripped) path is, or null for other paths. */
export function readRoute(path) {
  let m = ESB_RE.exec(path);
  if (m) return { door: 'esb', endpoint: m[1] };
  m = BACKEND_RE.exec(path);
  if (m) return { door: 'backend', endpoint: m[1] };
  m = GATEWAY_RE.exec(path);
  if (m) return { door: 'gateway', gateway: m[1], stage: m[2], endpoint: m[3] };
  return null;
}

// ---------------------------------------------------------------- messages (§5)

// The texts in the request's language (language.mjs: Chinese unless the request asks for
// English), as the real server words them (tests/real/recorded/, and Django's translation('zh-cn')
// in bk-itsm's environment: DRF's zh_CN catalogue first, then zh_Hans). The not-found text and
// the catch-all's prefix stay Chinese in English too: ugettext at import time, and a msgid
// without an English translation (READ-ENDPOINTS.md §0, §4).
export const MSG = {
  notFound: '没有找到对应的单据', // TicketNotFoundError.MESSAGE
  userRequired: '参数验证失败: user 为必填项', // ParamError("user 为必填项")
  apiError: '接口异常，请检查请求参数: ', // catch_openapi_exception's catch-all (3900004)
  invalidPage: '无效页。', // DRF "Invalid page." (zh_CN; zh_Hans would be 无效页面。)
  required: '该字段是必填项。',
  blank: '该字段不能为空。',
  invalidChoice: (input) => `“${input}” 不是合法选项。`,
  invalidInt: '请填写合法的整数值。',
  maxString: '字符串值太长。',
  invalidDatetime: '日期时间格式错误。请从这些格式中选择：YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]。',
  esbNoComponent: 'The content does not exist',
};
/** The same in English (Accept-Language: en, or the blueking_language cookie). */
export const MSG_EN = {
  ...MSG,
  userRequired: 'Parameter verification failed: user 为必填项', // ParamError's prefix is translated
  invalidPage: 'Invalid page.',
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  invalidChoice: (input) => `"${input}" is not a valid choice.`,
  invalidInt: 'A valid integer is required.',
  maxString: 'String value too large.',
  invalidDatetime: 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
};
const messages = (lang) => (lang === 'en' ? MSG_EN : MSG);
export const CODE = { notFound: 3900022, param: 3900005, apiError: 3900004 };

/** Python's repr() of a str, as it shows inside the server's error messages. */
export function pyRepr(s) {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** str() of a DRF ValidationError's detail dict: {'field': [ErrorDetail(string=..., code=...)]}. */
const errorDict = (errors) =>
  `{${errors.map(([field, msg, code]) => `${pyRepr(field)}: [ErrorDetail(string=${pyRepr(msg)}, code=${pyRepr(code)})]`).join(', ')}}`;

class ApiFailure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------- query reading

/** QueryDict.get: the last value of a repeated key, null when absent. */
const qget = (query, key) => {
  const all = query.getAll(key);
  return all.length ? all[all.length - 1] : null;
};

/** Python int() of a str: surrounding whitespace, a sign and `_` between digits allowed. */
function pyIntString(s) {
  const m = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(s);
  return m ? Number(m[1].replaceAll('_', '')) : null;
}

// django.utils.dateparse.parse_datetime's pattern (Django 3.2).
const DATETIME_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * DRF DateTimeField (ISO 8601 input) with USE_TZ = False: naive values are wall-clock time,
 * aware values are made naive in UTC. Returns microseconds on data.mjs's createKey scale,
 * or null when invalid (a bare date is invalid here, unlike get_tickets' filters).
 */
export function parseDrfDatetime(value) {
  const m = DATETIME_RE.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const us = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (y < 1 || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  let offsetMin = null;
  if (m[8] === 'Z') offsetMin = 0;
  else if (m[8]) {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  return (ms - (offsetMin ?? 0) * 60_000) * 1000 + us;
}

/**
 * TicketFilterSerializer(data=request.query_params): the declared fields in order. A blank
 * optional value counts as absent (DRF's HTML-input rule); errors are collected per field.
 */
function validateFilters(query, M) {
  const errors = [];
  const out = {};
  const has = (k) => query.has(k);
  const raw = (k) => qget(query, k);

  if (!has('view_type')) errors.push(['view_type', M.required, 'required']);
  else {
    const v = raw('view_type');
    if (!['my_todo', 'my_created', 'my_history', 'my_dealt', 'my_attention', 'my_approval'].includes(v)) errors.push(['view_type', M.invalidChoice(v), 'invalid_choice']);
    else out.view_type = v;
  }
  for (const key of ['service_id', 'catalog_id']) {
    const v = raw(key);
    if (v === null || v === '') continue;
    if (v.length > 1000) errors.push([key, M.maxString, 'max_string_length']);
    else {
      const n = pyIntString(v.replace(/\.0*\s*$/, '')); // IntegerField accepts "5.0"
      if (n === null) errors.push([key, M.invalidInt, 'invalid']);
      else out[key] = n;
    }
  }
  for (const key of ['create_at__gte', 'create_at__lte']) {
    const v = raw(key);
    if (v === null || v === '') continue;
    const parsed = parseDrfDatetime(v);
    if (parsed === null) errors.push([key, M.invalidDatetime, 'invalid']);
    else out[key] = parsed;
  }
  for (const key of ['exclude_ticket_id__in', 'current_processor']) {
    const v = raw(key);
    if (v === null || v === '') continue;
    if (v.trim() === '') errors.push([key, M.blank, 'blank']);
    else out[key] = v.trim(); // CharField trims whitespace
  }
  if (errors.length) throw new ApiFailure(CODE.apiError, M.apiError + errorDict(errors));
  return out;
}

// ---------------------------------------------------------------- the backend (§1–§4)

/**
 * TicketManager.get_tickets for get_tickets_by_user: common filters, then either the
 * exclude list (which returns early and ignores view_type) or the view.
 */
function selectTickets(dataset, user, f) {
  const preds = [];
  if (f.service_id) preds.push((t) => t.item.service_id === f.service_id);
  const catalogs = f.catalog_id ? catalogDescendants(f.catalog_id) : null;
  if (catalogs) preds.push((t) => catalogs.has(t.item.catalog_id));
  // Only a complete range filters (create_at__range, both ends inclusive).
  if (f.create_at__gte !== undefined && f.create_at__lte !== undefined) {
    preds.push((t) => t.createKey >= f.create_at__gte && t.createKey <= f.create_at__lte);
  }
  if (f.current_processor) preds.push((t) => isTodo(dataset, t, f.current_processor));
  if (f.exclude_ticket_id__in) {
    const ids = new Set(
      f.exclude_ticket_id__in.split(',').map((s) => {
        const n = pyIntString(s);
        // Django casts each value for the id column when the query runs.
        if (n === null) throw new ApiFailure(CODE.apiError, `${MSG.apiError}Field 'id' expected a number but got ${pyRepr(s)}.`);
        return n;
      }),
    );
    preds.push((t) => !ids.has(t.id));
  } else {
    preds.push(viewPredicate(dataset, f.view_type, user));
  }
  return dataset.newestFirst.filter((t) => preds.every((p) => p(t)));
}

/** DRF's page links on the backend's own URL, built from the query the backend received. */
function pageLink(endpoint, query, page) {
  const q = new URLSearchParams(query);
  if (page === 1) q.delete('page');
  else q.set('page', String(page));
  q.sort();
  const base = BACKEND_BASE.replace('get_tickets/', `${endpoint}/`);
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

function ticketsByUser(dataset, query, M) {
  // `username` wins when non-empty; an empty `user` is a user named "" (no error).
  const username = qget(query, 'username') || qget(query, 'user');
  if (username === null) throw new ApiFailure(CODE.param, M.userRequired);
  // The filters are validated only when the instance has tickets at all.
  const filters = dataset.tickets.length ? validateFilters(query, M) : { view_type: qget(query, 'view_type') ?? '' };
  const rows = selectTickets(dataset, username, filters);

  // OpenApiPageNumberPagination on GET: query string only, default 10, capped at 10000;
  // a page_size that is not a positive integer switches paging off.
  let pageSize = 10;
  if (query.has('page_size')) {
    const n = pyIntString(qget(query, 'page_size'));
    pageSize = n !== null && n > 0 ? Math.min(n, 10000) : null;
  }
  if (pageSize === null) return rows.map((t) => userItem(dataset, t, username));
  const count = rows.length;
  const totalPage = Math.max(1, Math.ceil(count / pageSize));
  let page = 1;
  if (query.has('page')) {
    const raw = qget(query, 'page');
    page = raw === 'last' ? totalPage : pyIntString(raw);
    if (page === null || page < 1 || page > totalPage) throw new ApiFailure(CODE.apiError, M.apiError + M.invalidPage);
  }
  return {
    page,
    total_page: totalPage,
    count,
    next: page < totalPage ? pageLink('get_tickets_by_user', query, page + 1) : null,
    previous: page > 1 ? pageLink('get_tickets_by_user', query, page - 1) : null,
    items: rows.slice((page - 1) * pageSize, page * pageSize).map((t) => userItem(dataset, t, username)),
  };
}

/**
 * Run one endpoint as ITSM does for a GET with this query string.
 * Returns {ok: true, data} or {ok: false, code, message}.
 */
export function runReadEndpoint(endpoint, dataset, query, lang = 'zh') {
  const M = messages(lang);
  try {
    if (endpoint === 'get_tickets_by_user') return { ok: true, data: ticketsByUser(dataset, query, M) };
    // `sn` absent looks up sn=None: the same "not found" as an unknown sn.
    const t = ticketBySn(dataset, qget(query, 'sn'));
    if (!t) return { ok: false, code: CODE.notFound, message: M.notFound };
    if (endpoint === 'get_ticket_info') return { ok: true, data: ticketInfo(dataset, t) };
    if (endpoint === 'get_ticket_status') return { ok: true, data: ticketStatus(dataset, t) };
    return { ok: true, data: ticketLogsData(dataset, t, qget(query, 'show_type') === 'complex') };
  } catch (err) {
    if (err instanceof ApiFailure) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

const envelope = (result, extra) =>
  envelopeJson(result.ok ? { ok: true, dataJson: JSON.stringify(result.data) } : result, extra);

// ---------------------------------------------------------------- doors

/** The ESB's parameters: the query string on GET, the JSON (or form) body otherwise. */
const esbParams = (ctx) => (ctx.method === 'GET' ? Object.fromEntries(ctx.query) : ctx.params);

function esbRead(ctx, endpoint) {
  // No such component: ESB's router raises Http404 before it authenticates anyone.
  if (endpoint === 'get_tickets_by_user') return json(404, { result: false, data: null, message: MSG.esbNoComponent });
  const params = esbParams(ctx);
  // Only the ESB's own parameters go to the probe: get_tickets must not judge `page` & co.
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => ESB_OWN.includes(k)));
  const probe = esbProbe(ctx, own);
  if (JSON.parse(probe.body).result !== true) return probe;
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (!ESB_OWN.includes(k)) for (const s of queryValues(v)) query.append(k, s);
  }
  return json(200, envelope(runReadEndpoint(endpoint, ctx.dataset(), query, ctx.backend.lang), { request_id: hex32() }));
}

function gatewayRead(ctx, route) {
  if (ctx.method !== 'GET') return apiNotFound(ctx); // the resources are declared GET only
  const refused = gatewayProbe(ctx, route);
  if (refused) return refused;
  const result = runReadEndpoint(route.endpoint, ctx.dataset(), ctx.query, ctx.backend.lang);
  // Paging off: get_tickets_by_user's Response holds a values() QuerySet, which ApiGatewayMixin
  // does not recognise as a list, so the array goes out bare, without the envelope
  // (tests/real/recorded/get_tickets_by_user.json, "paging-off").
  if (result.ok && Array.isArray(result.data)) return json(200, result.data);
  return json(200, envelope(result));
}

/** The answer for a read endpoint path, or null when `ctx.path` is not one. */
export function handleRead(ctx) {
  const route = readRoute(ctx.path);
  if (!route) return null;
  if (route.door === 'backend') return backendDirect();
  if (route.door === 'esb') return esbRead(ctx, route.endpoint);
  return gatewayRead(ctx, route);
}

// ---------------------------------------------------------------- faults

/** The normal answer's data for this request (the newest ticket if it names none). */
function normalData(ctx, route) {
  const query = route.door === 'gateway' ? ctx.query : new URLSearchParams(Object.entries(esbParams(ctx)).map(([k, v]) => [k, String(v)]));
  const ds = ctx.dataset();
  let r = runReadEndpoint(route.endpoint, ds, query);
  if (!r.ok && ds.newestFirst.length) {
    const q = route.endpoint === 'get_tickets_by_user' ? new URLSearchParams({ user: 'admin', view_type: 'my_dealt' }) : new URLSearchParams({ sn: ds.newestFirst[0].item.sn });
    r = runReadEndpoint(route.endpoint, ds, q);
  }
  return r.ok ? r.data : {};
}

/** The list a content fault corrupts in each endpoint's data. */
const LIST_MEMBER = { get_tickets_by_user: 'items', get_ticket_info: 'fields', get_ticket_status: 'current_steps', get_ticket_logs: 'logs' };

/**
 * Faults whose body depends on the endpoint (or, on ESB paths, that carry ESB's request_id);
 * undefined lets faults.mjs answer (HTTP-level faults are the same for every path).
 */
export function readFault(name, ctx) {
  const route = readRoute(ctx.path);
  if (!route || route.door === 'backend') return undefined;
  const extra = route.door === 'esb' ? { request_id: hex32() } : {};
  const ok = (data) => json(200, { result: true, code: 0, message: 'success', data, ...extra });
  switch (name) {
    case 'truncated': {
      const body = JSON.stringify({ result: true, code: 0, message: 'success', data: normalData(ctx, route), ...extra });
      return json(200, body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    }
    case 'noresult':
      return json(200, { code: 0, message: 'success', data: normalData(ctx, route), ...extra });
    case 'datanull':
      return ok(null);
    case 'bararray': {
      const data = normalData(ctx, route);
      return ok(Array.isArray(data) ? data : Array.isArray(data.items) ? data.items : [data]);
    }
    case 'itemsnotarray': {
      const data = normalData(ctx, route);
      if (Array.isArray(data)) return ok({});
      const member = LIST_MEMBER[route.endpoint];
      return ok({ ...data, [member]: data[member]?.[0] ?? {} });
    }
    case 'badfield': {
      const data = normalData(ctx, route);
      if (route.endpoint === 'get_tickets_by_user') {
        const items = Array.isArray(data) ? data : data.items ?? [];
        items[0] = { ...(items[0] ?? {}), id: 'abc', title: 5 };
        return ok(data);
      }
      return ok({ ...data, sn: 5, title: 5, ...(route.endpoint === 'get_ticket_info' ? { id: 'abc' } : {}) });
    }
    case 'codestr':
    case 'codenum': {
      // faults.mjs's envelope, with ESB's request_id on ESB paths.
      const spec = runFault(name, ctx);
      return json(200, { ...JSON.parse(spec.body), ...extra });
    }
    default:
      return undefined;
  }
}
