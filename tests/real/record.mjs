#!/usr/bin/env node
// `make record-real`: start the real bk-itsm (scripts/real-itsm), put the local server's doors in
// front of it, make every call of calls.mjs through them, and write what came back to
// tests/real/recorded/<endpoint>.json, with the bk-itsm commit and the date. Also records which
// language the server answers in for a table of Accept-Language and cookie values, Node's fetch
// and headless Chromium's and Firefox's defaults included (recorded/language.json).
//
// Between the doors and the real views sits a recording proxy: each call also keeps the request
// the views received (`backend`), which is what the replay (replay.test.mjs) serves the recorded
// answer for.
//
//   node tests/real/record.mjs [--only PREFIX]   (--only: rows whose id starts with PREFIX, not written)
import { createServer, request as httpRequest } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRealItsm, redisCommand } from '../../scripts/real-itsm/real-itsm.mjs';
import { startServer } from '../server/server.mjs';
import { ROWS, APP, callContext, httpCall, resolveParams } from './calls.mjs';
import { realNodeOf, realRoles, realServices } from './roles.mjs';
import { LANGUAGE_CASES, browserDefaults } from './language-cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'recorded');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const say = (m) => process.stderr.write(`[record-real] ${m}\n`);

/** A proxy to `target` that keeps every exchange in `log` (the request the backend got). */
function recordingProxy(target, log) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, target);
      const up = httpRequest(url, { method: req.method, headers: req.headers }, (r) => {
        const out = [];
        r.on('data', (c) => out.push(c));
        r.on('end', () => {
          const text = body.toString('utf8');
          let parsed = null;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            parsed = text;
          }
          log.push({
            method: req.method,
            path: req.url,
            body: parsed,
            accept_language: req.headers['accept-language'] ?? null,
            cookie: req.headers.cookie ?? null,
            status: r.statusCode,
          });
          res.writeHead(r.statusCode, r.headers);
          res.end(Buffer.concat(out));
        });
      });
      up.on('error', (err) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      });
      up.end(body);
    });
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

/** The Redis key of the ticket-number counter of `service_type` (itsm/component/utils/basic.py). */
async function loseSnCounter(itsm) {
  // PREFIX_KEY = "<APP_CODE>:<ENVIRONMENT>:" (itsm/component/constants/basic.py), plus the type.
  const key = 'bk_itsm:dev:request';
  const had = await redisCommand(itsm.redisPort, 'GET', key);
  await redisCommand(itsm.redisPort, 'DEL', key);
  say(`lost the sn counter ${key} (it was ${had})`);
}

const itsm = await startRealItsm({ log: say });
let doors;
let proxy;
try {
  const backendLog = [];
  proxy = await recordingProxy(itsm.url, backendLog);
  doors = await startServer({ port: 0, backend: `http://127.0.0.1:${proxy.address().port}`, staticDir: join(here, 'www') });
  say(`real bk-itsm ${itsm.url} (${itsm.source.key}), doors ${doors.url}`);
  const roles = realRoles(itsm.seed);
  const services = realServices(itsm.seed);
  const ctx = callContext({ base: doors.url, snOf: async (role) => roles[role], serviceOf: async (role) => services[role], nodeOf: realNodeOf(roles) });
  const recorded = [];
  const failures = [];
  const t0 = Date.now();
  for (const row of ROWS) {
    if (only && !row.id.startsWith(only)) continue;
    if (row.before === 'lose-sn-counter') await loseSnCounter(itsm);
    let params;
    try {
      params = await resolveParams(row, ctx);
    } catch (err) {
      failures.push(`${row.id}: ${err.message}`);
      say(`${row.id}: not made: ${err.message}`);
      continue;
    }
    backendLog.length = 0;
    const r = await httpCall(doors.url, row, params);
    if (row.save && r.answer?.result === true) ctx.saved[row.save] = r.answer.data;
    if (row.save && r.answer?.result !== true) say(`${row.id}: expected a ticket to save, got ${r.text.slice(0, 200)}`);
    const backend = backendLog.length ? backendLog[backendLog.length - 1] : null;
    recorded.push({
      id: row.id,
      endpoint: row.endpoint,
      door: row.door,
      method: row.method,
      lang: row.lang ?? null,
      params,
      backend,
      status: r.status,
      headers: r.headers,
      ...(r.answer !== undefined ? { answer: r.answer } : { text: r.text }),
    });
    const a = r.answer;
    say(`${row.id}: ${r.status} ${a ? (a.result ? 'ok' : `${a.code} ${String(a.message).slice(0, 90)}`) : r.text.slice(0, 80)}`);
    // A write moves a flow on asynchronously: let it settle before the next row reads it.
    if (row.group === 'write' && row.method === 'POST') await new Promise((res) => setTimeout(res, 1500));
  }
  say(`${recorded.length} calls in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (failures.length && !only) throw new Error(`calls that could not be made:\n${failures.join('\n')}`);

  // Which language each request gets (a page past the end: "Invalid page." or "无效页。").
  const language = [];
  for (const c of LANGUAGE_CASES) {
    const r = await fetch(`${doors.url}/__/tag=lang/api/bk-itsm/prod/v2/itsm/get_tickets/?page=99`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Bkapi-Authorization': JSON.stringify(APP), ...c.headers },
      body: '{}',
    });
    const answer = await r.json();
    const seen = (await (await fetch(`${doors.url}/__log?tag=lang`)).json()).at(-1).headers;
    await fetch(`${doors.url}/__log?tag=lang`, { method: 'DELETE' });
    language.push({
      name: c.name,
      accept_language: seen['accept-language'] ?? null,
      cookie: seen.cookie ?? null,
      message: answer.message,
      language: answer.message === 'Invalid page.' ? 'en' : 'zh',
    });
  }
  for (const d of await browserDefaults(doors.url)) language.push(d);
  say(`language: ${language.map((l) => `${l.name}=${l.language}`).join(', ')}`);

  if (!only) {
    await mkdir(outDir, { recursive: true });
    const header = {
      bk_itsm: { commit: itsm.source.key, source: itsm.source.key === 'ce32d105' ? 'vendored backend tarball bk-itsm-ce32d105-backend.tar.gz (TencentBlueKing/bk-itsm, 2024-10-17)' : 'BK_ITSM_SRC' },
      recorded_at: new Date().toISOString(),
      how: 'make record-real (tests/real/record.mjs): the local doors (tests/server/forward.mjs) in front of the real views',
    };
    const byEndpoint = new Map();
    for (const e of recorded) {
      if (!byEndpoint.has(e.endpoint)) byEndpoint.set(e.endpoint, []);
      byEndpoint.get(e.endpoint).push(e);
    }
    for (const [endpoint, calls] of byEndpoint) {
      await writeFile(join(outDir, `${endpoint}.json`), `${JSON.stringify({ ...header, endpoint, calls }, null, 1)}\n`);
    }
    await writeFile(join(outDir, 'language.json'), `${JSON.stringify({ ...header, cases: language }, null, 1)}\n`);
    await writeFile(join(outDir, 'seed.json'), `${JSON.stringify({ ...header, roles, seed: itsm.seed }, null, 1)}\n`);
    say(`wrote ${byEndpoint.size + 2} files to tests/real/recorded/`);
  }
} finally {
  await doors?.close();
  proxy?.close();
  await itsm.stop();
}
