// HTTP plumbing shared by the routes: response specs, CORS, body reading, static files.
//
// Routes return a plain "spec" {status, headers, body} instead of writing to `res`, so CORS
// and door headers can be layered on in one place (sendSpec). Only the streaming faults
// (huge, hang, drop) touch `res` directly.

import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

export const JSON_TYPE = 'application/json; charset=utf-8';

export const json = (status, value, headers = {}) => ({
  status,
  headers: { 'Content-Type': JSON_TYPE, ...headers },
  body: typeof value === 'string' ? value : JSON.stringify(value),
});

export const text = (status, body, type = 'text/plain; charset=utf-8', headers = {}) => ({
  status,
  headers: { 'Content-Type': type, ...headers },
  body,
});

// ---------------------------------------------------------------- CORS

const EXPOSE = 'X-Bkapi-Request-ID, X-Request-ID, X-Bkapi-Error-Code, X-Bkapi-Error-Message, Retry-After';

/** True for http(s)://127.0.0.1|localhost|[::1] on any port: the test pages' origins. */
export function isTestOrigin(origin) {
  if (!origin) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** CORS headers for an actual (non-preflight) response; {} for foreign or absent origins. */
export function corsHeaders(req) {
  const origin = req.headers.origin;
  if (!isTestOrigin(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSE,
    Vary: 'Origin',
  };
}

/** The 204 answer to an OPTIONS preflight (no CORS grant for foreign origins). */
export function preflight(req) {
  const cors = corsHeaders(req);
  if (!cors['Access-Control-Allow-Origin']) return { status: 204, headers: { Vary: 'Origin' }, body: '' };
  return {
    status: 204,
    headers: {
      ...cors,
      'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || 'Content-Type, X-Bkapi-Authorization',
      'Access-Control-Max-Age': '600',
    },
    body: '',
  };
}

// ---------------------------------------------------------------- I/O

const MAX_BODY = 50 * 1024 * 1024;

export function readBody(req) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Write a spec; `extra` (CORS, door headers) is merged under the spec's own headers. */
export function sendSpec(req, res, spec, extra = {}) {
  if (res.destroyed || res.headersSent) return;
  const body = spec.body ?? '';
  const headers = { ...extra, ...spec.headers };
  if (!('Content-Length' in headers) && spec.status !== 204 && spec.status !== 304) {
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  res.writeHead(spec.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- static files

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Serve `relPath` (URL-encoded, relative to the mount point) from `root`.
 * Returns a spec, or null when the file does not exist (the caller answers 404).
 * Traversal is refused by resolving and checking the result stays inside root.
 */
export async function serveStatic(root, relPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(relPath);
  } catch {
    return text(400, 'bad path');
  }
  if (decoded.includes('\0')) return text(400, 'bad path');
  const base = resolve(root);
  let file = resolve(join(base, decoded));
  if (file !== base && !file.startsWith(base + sep)) return text(403, 'forbidden');
  try {
    let st = await stat(file);
    if (st.isDirectory()) {
      file = join(file, 'index.html');
      st = await stat(file);
    }
    if (!st.isFile()) return null;
    const body = await readFile(file);
    return {
      status: 200,
      headers: {
        'Content-Type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'no-store',
      },
      body,
    };
  } catch {
    return null;
  }
}
