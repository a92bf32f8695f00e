// `make test` (no real server): the real bk-itsm's recorded answers replayed through the release
// package (pkg/, `make pkg`). A tiny backend serves each recorded answer behind the local
// server's doors (startServer({backend})), after checking that the request the package made is
// the one the real views got when it was recorded (method, path, parameters, language); each
// package call of calls.mjs must then resolve to the recorded `data` (request_id aside) or reject
// with the recorded code and message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../server/server.mjs';
import { djangoLanguage } from '../server/language.mjs';
import { APP, ESB_USER, ROWS, langHeaders } from './calls.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, '..', '..', 'pkg'));
const hasPkg = existsSync(join(pkgDir, 'index.js'));
const recordedDir = join(here, 'recorded');

const recorded = new Map();
for (const f of await readdir(recordedDir)) {
  if (!f.endsWith('.json') || f === 'language.json' || f === 'seed.json') continue;
  for (const c of JSON.parse(await readFile(join(recordedDir, f), 'utf8')).calls) recorded.set(c.id, c);
}

// ---------------------------------------------------------------- the replay backend

/** Parameters of a backend request: the query string, then a JSON body's members over it. */
function paramsOf(pathWithQuery, body) {
  const url = new URL(pathWithQuery, 'http://backend');
  const out = {};
  for (const [k, v] of url.searchParams) out[k] = v;
  if (body && typeof body === 'object' && !Array.isArray(body)) for (const [k, v] of Object.entries(body)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { path: url.pathname, params: out };
}

/** The backend answer of a recorded call: the door's answer without ESB's request_id. */
function backendAnswer(rec) {
  if (rec.answer === undefined) return { status: rec.status, body: rec.text ?? '' };
  let a = rec.answer;
  if (rec.door === 'esb' && a && typeof a === 'object' && !Array.isArray(a)) {
    const { request_id, ...rest } = a;
    a = rest;
  }
  return { status: rec.backend?.status ?? rec.status, body: JSON.stringify(a) };
}

let serve = null; // (req, body) => {status, body}; set by each test
const mismatches = [];
let backend;
let doors;
let pkg;

before(async () => {
  backend = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const out = serve ? serve(req, body) : { status: 500, body: 'no recording selected' };
      res.writeHead(out.status, { 'Content-Type': 'application/json' });
      res.end(out.body);
    });
  });
  await new Promise((r) => backend.listen(0, '127.0.0.1', r));
  doors = await startServer({ port: 0, backend: `http://127.0.0.1:${backend.address().port}` });
  if (hasPkg) pkg = await import(pathToFileURL(join(pkgDir, 'index.js')).href);
});
after(async () => {
  await doors?.close();
  backend?.close();
});

/** Serve `rec`'s answer to a request that matches what the real views got; else report it. */
function replaying(rec) {
  return (req, body) => {
    const want = paramsOf(rec.backend.path, rec.backend.body);
    const got = paramsOf(req.url, body);
    const wantLang = djangoLanguage({ 'accept-language': rec.backend.accept_language ?? undefined, cookie: rec.backend.cookie ?? undefined });
    const gotLang = djangoLanguage(req.headers);
    const diffs = [];
    if (req.method !== rec.backend.method) diffs.push(`method ${req.method}, recorded ${rec.backend.method}`);
    if (got.path !== want.path) diffs.push(`path ${got.path}, recorded ${want.path}`);
    if (JSON.stringify(Object.entries(got.params).sort()) !== JSON.stringify(Object.entries(want.params).sort())) diffs.push(`parameters ${JSON.stringify(got.params)}, recorded ${JSON.stringify(want.params)}`);
    if (gotLang !== wantLang) diffs.push(`language ${gotLang}, recorded ${wantLang}`);
    if (diffs.length) {
      mismatches.push(`${rec.id}: ${diffs.join('; ')}`);
      return { status: 599, body: JSON.stringify({ replay: diffs }) };
    }
    return backendAnswer(rec);
  };
}

const client = (door, headers) => {
  const base = { baseUrl: doors.url, ...APP, ...(headers && Object.keys(headers).length ? { headers } : {}), retries: 0 };
  return door === 'esb' ? pkg.createClient({ ...base, ...ESB_USER }) : pkg.createClient({ ...base, gateway: 'apigw' });
};
const withoutRequestId = (v) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const { request_id, ...rest } = v;
  return rest;
};

// ---------------------------------------------------------------- every package call, replayed

const skipNoPkg = hasPkg ? false : `no package in ${pkgDir}: run make pkg`;

for (const row of ROWS.filter((r) => r.pkg)) {
  test(`package = recorded real answer: ${row.id}`, { skip: skipNoPkg }, async (t) => {
    const rec = recorded.get(row.id);
    if (!rec) return t.skip('not recorded: run make record-real');
    if (!rec.backend) return t.skip('answered by the door itself');
    serve = replaying(rec);
    mismatches.length = 0;
    let result;
    let error;
    try {
      result = await client(row.door, langHeaders(row.lang))[row.pkg](rec.params);
    } catch (e) {
      error = e;
    }
    assert.deepEqual(mismatches, [], 'the package sent what the real server got when recorded');
    const answer = rec.answer;
    if (answer?.result === true) {
      assert.equal(error, undefined, `the package rejected a recorded success: ${error?.kind} ${error?.message}`);
      assert.deepEqual(withoutRequestId(result), answer.data, 'the result is the recorded data');
      if (row.door === 'esb') assert.equal(typeof result.request_id, 'string');
    } else {
      assert.ok(error && pkg.isItsmError(error), `a recorded error (${answer?.code} ${answer?.message}) must reject with an ItsmError, got ${result ? 'a result' : error}`);
      assert.deepEqual([error.kind, error.code, error.message], ['api', answer.code, answer.message]);
    }
  });
}

// ---------------------------------------------------------------- walks over recorded pages

/**
 * A walk of page_size 10 over the recorded 24 tickets whose set shrinks before page 3: pages 1
 * and 2 are the recorded ones, page 3 the real server's answer past the end in `lang`.
 */
async function shrinkingWalk(lang) {
  const page1 = recorded.get('get_tickets/gateway/page-1');
  const page2 = recorded.get('get_tickets/gateway/page-2');
  const past = recorded.get(`get_tickets/gateway/past-end${lang === 'en' ? '-en' : ''}`);
  serve = (req, body) => {
    const { params } = paramsOf(req.url, body);
    const page = Number(params.page ?? 1);
    return backendAnswer(page === 1 ? page1 : page === 2 ? page2 : past);
  };
  const got = await client('gateway', langHeaders(lang)).getAllTickets({ page_size: 10 });
  assert.deepEqual(got.map((t) => t.sn), [...page1.answer.data.items, ...page2.answer.data.items].map((t) => t.sn));
}

test('a walk whose set shrinks ends quietly at the real server\'s "Invalid page." (English)', { skip: skipNoPkg }, () => shrinkingWalk('en'));

test('a walk whose set shrinks ends quietly at the real server\'s "无效页。" (Chinese, its default)', {
  skip: skipNoPkg,
}, () => shrinkingWalk(undefined));

// ---------------------------------------------------------------- iframe_ticket_url, absent

/** The recorded answer of `id` without iframe_ticket_url, as ITSM before 2.6.0 sends it. */
async function withoutIframe(id, fn) {
  const rec = recorded.get(id);
  const data = structuredClone(rec.answer.data);
  if (Array.isArray(data.items)) for (const i of data.items) delete i.iframe_ticket_url;
  else delete data.iframe_ticket_url;
  serve = () => ({ status: 200, body: JSON.stringify({ ...rec.answer, data }) });
  return client('gateway')[fn](rec.params);
}

test('get_tickets items without iframe_ticket_url (ITSM before 2.6.0) are accepted', { skip: skipNoPkg }, async () => {
  const page = await withoutIframe('get_tickets/gateway/page-1', 'getTickets');
  assert.equal(page.items[0].iframe_ticket_url, undefined);
});

for (const [id, fn] of [['get_ticket_info/gateway/running', 'getTicketInfo'], ['get_ticket_status/gateway/running', 'getTicketStatus']]) {
  test(`${fn}: an answer without iframe_ticket_url is accepted like a get_tickets item`, {
    skip: skipNoPkg,
  }, async () => {
    const r = await withoutIframe(id, fn);
    assert.equal(r.iframe_ticket_url, undefined);
  });
}

// ---------------------------------------------------------------- the types

/** Type-check `source` against the package's index.d.ts (tsc --strict); the errors, or []. */
async function typeErrors(source) {
  const ts = (await import('typescript')).default;
  const dir = mkdtempSync(join(tmpdir(), 'bkt-real-types-'));
  try {
    const file = join(dir, 'check.ts');
    writeFileSync(file, source.replace('PKG', pathToFileURL(join(pkgDir, 'index.js')).pathname));
    const program = ts.createProgram([file], { strict: true, noEmit: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2020, skipLibCheck: true });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('types: a step field definition declares `source` (the real get_ticket_status sends it)', {
  skip: skipNoPkg,
}, async () => {
  const errors = await typeErrors(`import type { TicketStatusStep } from "PKG";
declare const step: TicketStatusStep;
const source: string | undefined = step.fields[0].source;
export { source };`);
  assert.deepEqual(errors, []);
});

test('types: iframe_ticket_url is optional on TicketInfo and TicketStatus, as on Ticket', {
  skip: skipNoPkg,
}, async () => {
  const errors = await typeErrors(`import type { Ticket, TicketInfo, TicketStatus } from "PKG";
type Optional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;
const a: Optional<Ticket, "iframe_ticket_url"> = true;
const b: Optional<TicketInfo, "iframe_ticket_url"> = true;
const c: Optional<TicketStatus, "iframe_ticket_url"> = true;
export { a, b, c };`);
  assert.deepEqual(errors, []);
});
