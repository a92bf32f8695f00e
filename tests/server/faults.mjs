// Injected faults, selected by the `fault=` path-prefix option.
//
// A fault replaces the door's answer entirely (authentication is not checked), so a test can
// provoke one with any request. Content faults are built from the real backend answer for the
// request's body params, so they look like a plausible response gone wrong. ESB-shaped
// envelopes get a `request_id`; gateway request-id headers are added by the caller.

import { envelopeJson, handleGetTickets } from './backend.mjs';
import { forwardedParams, gatewayError, hex32 } from './doors.mjs';
import { createGzip } from 'node:zlib';
import { json, text } from './http.mjs';

export const FAULTS = [
  'html502', 'html200', 'empty', 'truncated', 'notobject', 'noresult', 'datanull', 'bararray', 'itemsnotarray',
  'badfield', 'codestr', 'codenum', 'huge', 'hang', 'drop', 'redirect', 'redirect-same', '429', '503', '504',
  'gwerror', 'status', 'zeros', 'repeat', 'moretotal', 'echo', 'echo200', 'echoapi',
];

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const NGINX_503 = NGINX_502.replaceAll('502 Bad Gateway', '503 Service Temporarily Unavailable');
// What an expired portal session tends to return with status 200: the login page.
const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>登录 | 蓝鲸智云</title></head>\n' +
  '<body><form action="/login/" method="post"><input name="username"><input name="password" type="password">' +
  '<button>登录</button></form></body></html>\n';

/** Retry-After value from the `retryafter` option (seconds or an HTTP date), or a default. */
const retryAfter = (opts, dflt) => (opts.retryafter !== undefined ? { 'Retry-After': opts.retryafter } : dflt !== undefined ? { 'Retry-After': dflt } : {});

/** The normal backend answer for this request (filters and paging applied). */
function backendResult(ctx) {
  const params = forwardedParams(ctx.door, ctx.params);
  return handleGetTickets(ctx.dataset(), params, ctx.door === 'gateway' ? ctx.query : new URLSearchParams(), ctx.backend);
}

/** The data object of a paged answer, parsed so a fault can corrupt it. */
function pagedData(ctx) {
  const r = backendResult(ctx);
  if (r.ok && r.paged) return JSON.parse(r.dataJson);
  // Bad paging params: fall back to the default first page so the fault still has items.
  return JSON.parse(handleGetTickets(ctx.dataset(), {}, new URLSearchParams()).dataJson);
}

const esbExtra = (ctx) => (ctx.door === 'esb' ? { request_id: hex32() } : {});
const envelope = (ctx, fields) => json(200, { ...fields, ...esbExtra(ctx) });

/**
 * Build the fault's answer. Returns a spec for sendSpec, or null when the fault wrote to
 * `res` itself (streaming faults). `ctx.cors` holds the CORS headers to include.
 */
export function runFault(name, ctx) {
  const { opts } = ctx;
  switch (name) {
    case 'html502':
      return text(502, NGINX_502, 'text/html');
    case 'html200':
      return text(200, LOGIN_PAGE, 'text/html; charset=utf-8');
    case 'empty':
      return json(200, '');
    case 'truncated': {
      const body = envelopeJson(backendResult(ctx), esbExtra(ctx));
      return json(200, body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    }
    case 'notobject':
      return json(200, '[1,2,3]');
    case 'noresult':
      return envelope(ctx, { code: 0, message: 'success', data: pagedData(ctx) });
    case 'datanull':
      return envelope(ctx, { result: true, code: 0, message: 'success', data: null });
    case 'bararray': {
      const all = handleGetTickets(ctx.dataset(), { ...forwardedParams(ctx.door, ctx.params), page_size: 0 }, new URLSearchParams());
      return json(200, envelopeJson(all, esbExtra(ctx)));
    }
    case 'itemsnotarray': {
      const data = pagedData(ctx);
      data.items = data.items[0] ?? {};
      return envelope(ctx, { result: true, code: 0, message: 'success', data });
    }
    case 'badfield': {
      const data = pagedData(ctx);
      const first = data.items[0] ?? ctx.dataset().newestFirst[0]?.item ?? {};
      data.items[0] = { ...first, id: 'abc', title: 5 };
      return envelope(ctx, { result: true, code: 0, message: 'success', data });
    }
    case 'codestr':
      return envelope(ctx, { result: false, code: 'SERVER_500_ERROR', data: null, message: 'Invalid page.' });
    case 'codenum':
      return envelope(ctx, {
        result: false,
        code: 1306000,
        data: null,
        message: 'User authentication failed, please provide a valid user identity, such as bk_token, bk_username',
      });
    case 'huge':
      streamHuge(ctx);
      return null;
    case 'hang':
      ctx.res.writeHead(200, { ...ctx.cors, ...ctx.doorHeaders, 'Content-Type': 'application/json; charset=utf-8' });
      ctx.res.write('{"result":true,"code":0,"message":"success","data":{"page":1,"total_page":1,"count":3,"items":[');
      return null; // never ends; the socket is destroyed when the client gives up or the server closes
    case 'drop':
      ctx.req.socket.destroy();
      return null;
    case 'redirect':
    case 'redirect-same': {
      // Keep tag/n/seed so the follow-up is logged and served alike; drop the fault itself.
      const keep = ['tag', 'n', 'seed'].filter((k) => opts[k] !== undefined).map((k) => `${k}=${encodeURIComponent(opts[k])}`);
      const prefix = keep.length ? `/__/${keep.join(',')}` : '';
      const local = `${prefix}${ctx.path}${ctx.search}`;
      let location = local;
      if (name === 'redirect') {
        // Another origin that still reaches this server: swap localhost <-> 127.0.0.1.
        const host = new URL(`http://${ctx.req.headers.host || '127.0.0.1'}`);
        const other = host.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
        location = `http://${other}:${ctx.port}${local}`;
      }
      return text(307, `Redirecting to ${location}\n`, 'text/plain; charset=utf-8', { Location: location });
    }
    case '429':
      return gatewayError(429, 1642901, 'RATE_LIMIT_RESTRICTION', 'API rate limit exceeded by stage global limit', retryAfter(opts, '1'));
    case '503':
      return text(503, NGINX_503, 'text/html', retryAfter(opts));
    case '504':
      return gatewayError(504, 1650401, 'REQUEST_BACKEND_TIMEOUT', 'Request backend service timeout [upstream_error="cannot read header from upstream"]');
    case 'gwerror':
      return gatewayError(403, 1640301, 'APP_NO_PERMISSION', 'App has no permission to the resource');
    case 'status': {
      const status = Number(opts.status);
      if (!Number.isInteger(status) || status < 200 || status > 599) return text(400, `fault status: bad status ${opts.status}\n`);
      return text(status, `fault status ${status}\n`, 'text/plain; charset=utf-8', retryAfter(opts));
    }
    case 'zeros':
      streamZeros(ctx);
      return null;
    case 'repeat': {
      // A server that ignores `page`: page 1's tickets on every page, the page number echoed,
      // and far more pages announced than there are.
      const page = Number(ctx.params.page ?? 1);
      const data = JSON.parse(handleGetTickets(ctx.dataset(), { ...forwardedParams(ctx.door, ctx.params), page: 1 }, new URLSearchParams()).dataJson);
      return envelope(ctx, { result: true, code: 0, message: 'success', data: { ...data, page, total_page: 1_000_000, count: 1_000_000 * (data.items.length || 1) } });
    }
    case 'moretotal': {
      // Every page announces one page more than itself: the real pages, a growing total.
      const data = pagedData(ctx);
      return envelope(ctx, { result: true, code: 0, message: 'success', data: { ...data, total_page: data.page + 1 } });
    }
    case 'echo':
    case 'echo200': {
      // An error page (or a login page with status 200) that echoes the request: `pad=N`
      // spaces, then the body exactly as sent.
      const pad = ' '.repeat(Number(opts.pad ?? 150));
      return text(name === 'echo' ? 502 : 200, `<html>${pad}${ctx.bodyText}</html>`, 'text/html');
    }
    case 'echoapi':
      // The API's refusal quoting the request body in its message.
      return envelope(ctx, { result: false, code: 1306000, data: null, message: `bad request: ${ctx.bodyText}` });
    default:
      return text(400, `unknown fault "${name}"; known: ${FAULTS.join(', ')}\n`);
  }
}

/**
 * ~20 MB valid answer: 2000 items with ~10 KB titles, written in chunks with backpressure.
 * Ids are unique and descending; the other fields come from the data set.
 */
function streamHuge(ctx) {
  const { res } = ctx;
  const COUNT = 2000;
  const pad = ' ' + '数据'.repeat(1400) + 'x'.repeat(1200); // ~10 KB of UTF-8 per title
  const base = ctx.dataset().newestFirst;
  const item = (i) => {
    const src = base.length ? base[i % base.length].item : {};
    return JSON.stringify({ ...src, id: COUNT - i, title: `${src.title ?? 'huge'}${pad}` });
  };
  res.writeHead(200, { ...ctx.cors, ...ctx.doorHeaders, 'Content-Type': 'application/json; charset=utf-8' });
  const head = `{"result":true,"code":0,"message":"success","data":{"page":1,"total_page":1,"count":${COUNT},"next":null,"previous":null,"items":[`;
  const tail = ']}' + (ctx.door === 'esb' ? `,"request_id":"${hex32()}"` : '') + '}';
  let i = 0;
  let first = true;
  const pump = () => {
    while (i < COUNT) {
      if (res.destroyed) return;
      const chunk = [];
      for (const end = Math.min(COUNT, i + 50); i < end; i++) chunk.push(item(i));
      const ok = res.write((first ? head : ',') + chunk.join(','));
      first = false;
      if (!ok) return void res.once('drain', pump);
    }
    res.end(tail);
  };
  pump();
}

/**
 * A valid envelope whose `items` are `count=N` zeros (default 10^7), gzip-compressed: a small
 * body that inflates to tens of MB of items that are not tickets.
 */
function streamZeros(ctx) {
  const { res } = ctx;
  const count = Number(ctx.opts.count ?? 10_000_000);
  res.writeHead(200, { ...ctx.cors, ...ctx.doorHeaders, 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'gzip' });
  const gzip = createGzip({ level: 6 });
  gzip.pipe(res);
  const chunk = ',0'.repeat(100_000);
  let left = count;
  const pump = () => {
    while (left > 0) {
      if (res.destroyed) return void gzip.destroy();
      const n = Math.min(left, 100_000);
      const first = left === count;
      const part = first
        ? `{"result":true,"code":0,"message":"success","data":{"page":1,"total_page":1,"count":${count},"next":null,"previous":null,"items":[0${chunk.slice(0, 2 * (n - 1))}`
        : chunk.slice(0, 2 * n);
      left -= n;
      if (!gzip.write(part)) return void gzip.once('drain', pump);
    }
    gzip.end(']}}');
  };
  pump();
}
