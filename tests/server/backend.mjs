// The ITSM handler behind both doors: POST /openapi/ticket/get_tickets/.
//
// Mirrors bk-itsm (Django 3.2 + DRF): it validates nothing, applies each filter only when the
// value is truthy in Python's sense, and paginates with DRF's PageNumberPagination quirks
// (see /work/shared/reference/itsm-server-behaviour.md). Python semantics that matter here
// (int() of floats/bools/strings, Django's date parsing) are reproduced in small helpers.
//
// handleGetTickets() returns either {ok: true, dataJson} (the `data` member already
// serialized, so big pages are one string join) or {ok: false, code, message}.
//
// Its `options` model other deployments of the same handler:
//   legacy  ITSM before 2.6.0: DRF's stock paging reads `page`/`page_size` from the query
//           string only (a body `page` is ignored: page 1 again), no `tag`/`project_key`
//           filters (2.6.2/2.6.3), no `iframe_ticket_url` in the items (2.6.0).
//   lang    the request's language, 'zh' or 'en' (server.mjs picks it with language.mjs, as the
//           real server's LocaleMiddleware does: Chinese unless the request asks for English);
//           Django's and DRF's messages follow it ("无效页。" for "Invalid page."). Direct callers
//           that give none get English.
//   drop    this many of the oldest matching tickets are gone (closed during a walk filtered
//           by status): the result set shrank since an earlier request.

export const BACKEND_BASE = 'http://itsm.backend.local/openapi/ticket/get_tickets/';
export const MAX_PAGE_SIZE = 10000;
const DEFAULT_PAGE_SIZE = 10;

/**
 * A Python-side exception that the ITSM handler turns into SERVER_500_ERROR. `zh` is the message
 * in the zh-cn catalogues (DRF's zh_CN, else Django's zh_Hans: trans_real's fallback), when it
 * is translated at all.
 */
class ServerError extends Error {
  constructor(message, zh) {
    super(message);
    this.zh = zh ?? ZH[message] ?? message;
  }
}

/** Django's and DRF's translations under zh-cn, for messages without a template. */
const ZH = { 'Invalid page.': '无效页。' };

// ---------------------------------------------------------------- Python helpers

/** Python truthiness of a JSON value (filters are applied only when truthy). */
const truthy = (v) =>
  !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0));

const pyTypeName = (v) =>
  v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'dict' : typeof v;

/**
 * Python's int(x) for a JSON value: floats truncate, bools are 0/1, strings must be an
 * integer literal (whitespace, sign and `_` separators allowed). ValueError vs TypeError
 * matters because DRF only catches the former.
 */
function pyInt(v) {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string') {
    const s = v.trim();
    if (!/^[+-]?\d+(_\d+)*$/.test(s)) {
      const err = new Error(`invalid literal for int() with base 10: '${v}'`);
      err.pyType = 'ValueError';
      throw err;
    }
    return Number(s.replaceAll('_', ''));
  }
  // Python 3.6's wording (bk-itsm runs on 3.6; 3.8+ says "a real number").
  const err = new ServerError(`int() argument must be a string, a bytes-like object or a number, not '${pyTypeName(v)}'`);
  err.pyType = 'TypeError';
  throw err;
}

// ---------------------------------------------------------------- dates

const DATETIME_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * Django's DateTimeField errors as ITSM's handler shows them: `getattr(exc, "message", str(exc))`
 * takes the ValidationError's *unformatted* template, so the value never appears: the message
 * keeps a literal `%(value)s` (tests/real/recorded/get_tickets.json, "bad-date").
 */
const DATE_MESSAGES = {
  invalid: [
    '“%(value)s” value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.',
    '“%(value)s”的值有一个错误的日期格式。它的格式应该是YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] ',
  ],
  invalid_date: [
    '“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date.',
    '“%(value)s”的值有正确的格式（YYYY-MM-DD）但它是一个错误的日期',
  ],
  invalid_datetime: [
    '“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time.',
    '“%(value)s”的值有正确的格式 (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) 但它是一个错误的日期/时间',
  ],
};
const dateError = (kind) => new ServerError(...DATE_MESSAGES[kind]);

/**
 * Parse a filter date the way Django's DateTimeField.to_python does, returning naive
 * Asia/Shanghai wall-clock time in microseconds (the same scale as the data set's keys).
 * Aware values (Z / ±hh:mm) are converted to +08:00 wall-clock time.
 */
export function parseFilterDate(value) {
  if (typeof value !== 'string') throw new ServerError('expected string or bytes-like object');
  let m = DATETIME_RE.exec(value);
  let parts;
  let kind = 'invalid_datetime'; // parse_datetime matched: datetime() refuses what is impossible
  if (m) {
    parts = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
    parts.push(m[7] ? Number(m[7].padEnd(6, '0')) : 0);
  } else if ((m = DATE_RE.exec(value))) {
    kind = 'invalid_date'; // parse_date matched
    parts = [Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0];
  } else {
    throw dateError('invalid');
  }
  const [y, mo, d, h, mi, s, us] = parts;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  // Impossible dates (2024-02-30, 25:00) are rejected rather than rolled over.
  if (y < 1 || mo < 1 || mo > 12 || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59) {
    throw dateError(kind);
  }
  let offsetMin = 480; // naive = Asia/Shanghai
  const tz = m[8];
  if (tz) {
    if (tz === 'Z') offsetMin = 0;
    else {
      const sign = tz[0] === '-' ? -1 : 1;
      const digits = tz.slice(1).replace(':', '');
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
    }
  }
  return (ms + (480 - offsetMin) * 60_000) * 1000 + us;
}

// ---------------------------------------------------------------- filters

/** Values of an `__in` filter: a list, or (as ITSM splits them) a comma-separated string. */
function inList(v) {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return [v];
}

/** Django casts `__in` values for an integer field; a non-number is a server error. */
function intList(field, v) {
  return new Set(
    inList(v).map((x) => {
      if (typeof x === 'number' && Number.isFinite(x)) return Math.trunc(x);
      if (typeof x === 'string' && /^\s*[+-]?\d+\s*$/.test(x)) return Number(x);
      // Django's message uses Python's repr() of the value.
      const repr = typeof x === 'string' ? `'${x}'` : x === null ? 'None' : JSON.stringify(x);
      throw new ServerError(`Field '${field}' expected a number but got ${repr}.`);
    }),
  );
}

function buildPredicates(p, legacy) {
  const preds = [];
  if (truthy(p.sns)) {
    // Django's `sn__in` iterates the value: a plain string becomes its characters.
    const sns = new Set(Array.isArray(p.sns) ? p.sns.map(String) : typeof p.sns === 'string' ? [...p.sns] : [String(p.sns)]);
    preds.push((t) => sns.has(t.item.sn));
  }
  if (truthy(p.creator)) {
    const c = String(p.creator);
    preds.push((t) => t.item.creator === c);
  }
  const range = (key, field, cmp) => {
    if (!truthy(p[key])) return;
    const bound = parseFilterDate(p[key]);
    preds.push((t) => t[field] !== null && cmp(t[field], bound));
  };
  range('create_at__lte', 'createKey', (a, b) => a <= b);
  range('create_at__gte', 'createKey', (a, b) => a >= b);
  range('end_at__lte', 'endKey', (a, b) => a <= b);
  range('end_at__gte', 'endKey', (a, b) => a >= b);
  if (truthy(p.current_status__in)) {
    const set = new Set(inList(p.current_status__in).map(String));
    preds.push((t) => set.has(t.item.current_status));
  }
  if (truthy(p.service_id__in)) {
    const set = intList('service_id', p.service_id__in);
    preds.push((t) => set.has(t.item.service_id));
  }
  if (truthy(p.bk_biz_id__in)) {
    const set = intList('bk_biz_id', p.bk_biz_id__in);
    preds.push((t) => set.has(t.item.bk_biz_id));
  }
  if (!legacy && truthy(p.tag)) {
    const tag = String(p.tag);
    preds.push((t) => t.tag === tag);
  }
  if (!legacy && truthy(p.project_key)) {
    const key = String(p.project_key);
    preds.push((t) => t.projectKey === key);
  }
  if (truthy(p.username)) {
    const u = String(p.username);
    preds.push((t) => t.item.current_status === 'RUNNING' && t.processors !== null && t.processors.has(u));
  }
  return preds;
}

/** Tickets matching the body params, newest id first. */
export function filterTickets(dataset, params, legacy = false) {
  const preds = buildPredicates(params, legacy);
  if (preds.length === 0) return dataset.newestFirst;
  return dataset.newestFirst.filter((t) => preds.every((f) => f(t)));
}

// ---------------------------------------------------------------- paging

/**
 * DRF get_page_size with ITSM's "query string, then body" lookup.
 * Returns a positive int, or null meaning "paging off" (DRF then serializes every row).
 */
function resolvePageSize(query, body, legacy) {
  const q = query.get('page_size');
  let raw;
  if (q) raw = q; // an empty query value falls through to the body (Python `or`)
  else if (!legacy && Object.hasOwn(body, 'page_size')) raw = body.page_size;
  else return DEFAULT_PAGE_SIZE;
  let n;
  try {
    n = pyInt(raw); // TypeError (null, list, dict) escapes → SERVER_500_ERROR
  } catch (err) {
    if (err.pyType === 'ValueError') return null;
    throw err;
  }
  if (n <= 0) return null; // _positive_int(strict=True) raises ValueError → no paging
  return Math.min(n, MAX_PAGE_SIZE);
}

/** Django Paginator.validate_number + DRF's "last"; every failure is "Invalid page.". */
function resolvePage(raw, numPages) {
  if (raw === 'last') return numPages;
  let n;
  if (typeof raw === 'number' && !Number.isInteger(raw)) throw new ServerError('Invalid page.');
  try {
    n = pyInt(raw);
  } catch {
    throw new ServerError('Invalid page.');
  }
  if (n < 1 || n > numPages) throw new ServerError('Invalid page.');
  return n;
}

/** DRF's replace_query_param / remove_query_param on the backend's own absolute URL. */
function pageLink(query, page) {
  const q = new URLSearchParams(query);
  if (page === 1) q.delete('page');
  else q.set('page', String(page));
  q.sort(); // Python's urlencode(sorted(...))
  const s = q.toString();
  return s ? `${BACKEND_BASE}?${s}` : BACKEND_BASE;
}

/**
 * Run get_tickets.
 * @param dataset  from getDataset()
 * @param params   body params (already stripped of common params by the door); {} if none
 * @param query    URLSearchParams the backend sees (ESB drops it on POST; the gateway forwards it)
 */
export function handleGetTickets(dataset, params, query = new URLSearchParams(), options = {}) {
  const { legacy = false, lang = 'en', drop = 0 } = options;
  try {
    let rows = filterTickets(dataset, params, legacy);
    if (drop > 0) rows = rows.slice(0, Math.max(0, rows.length - drop));
    const json = legacy ? legacyJson : (t) => t.json;
    const pageSize = resolvePageSize(query, params, legacy);
    if (pageSize === null) {
      return { ok: true, dataJson: '[' + rows.map(json).join(',') + ']', paged: false };
    }
    const count = rows.length;
    const totalPage = Math.ceil(Math.max(1, count) / pageSize);
    const qp = query.get('page');
    const bodyPage = !legacy && Object.hasOwn(params, 'page');
    const rawPage = qp !== null ? qp : bodyPage ? params.page : 1;
    const page = resolvePage(rawPage, totalPage);
    const slice = rows.slice((page - 1) * pageSize, page * pageSize);
    const next = page < totalPage ? JSON.stringify(pageLink(query, page + 1)) : 'null';
    const previous = page > 1 ? JSON.stringify(pageLink(query, page - 1)) : 'null';
    const dataJson =
      `{"page":${page},"total_page":${totalPage},"count":${count},"next":${next},"previous":${previous},"items":[` +
      slice.map(json).join(',') +
      ']}';
    return { ok: true, dataJson, paged: true, page, totalPage, count, pageSize, firstItem: slice[0]?.item ?? null };
  } catch (err) {
    if (err instanceof ServerError) {
      const message = lang === 'zh' ? err.zh : err.message;
      return { ok: false, code: 'SERVER_500_ERROR', message };
    }
    throw err;
  }
}

/** An item as ITSM before 2.6.0 served it: without `iframe_ticket_url`. */
function legacyJson(t) {
  t.legacyJson ??= JSON.stringify({ ...t.item, iframe_ticket_url: undefined });
  return t.legacyJson;
}

/** The ITSM envelope as a JSON string; `extra` members (e.g. ESB's request_id) go last. */
export function envelopeJson(result, extra = {}) {
  let s = result.ok
    ? `{"result":true,"code":0,"message":"success","data":${result.dataJson}`
    : typeof result.code === 'string'
      ? // DRF's exception handler (itsm/component/generics.py): {result, data} first, then code and message
        `{"result":false,"data":null,"code":${JSON.stringify(result.code)},"message":${JSON.stringify(result.message)}`
      : // the views' own error answers (catch_openapi_exception and the like)
        `{"result":false,"code":${JSON.stringify(result.code)},"data":null,"message":${JSON.stringify(result.message)}`;
  for (const [k, v] of Object.entries(extra)) s += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
  return s + '}';
}
