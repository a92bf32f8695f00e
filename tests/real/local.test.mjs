// `make test` (no real server): the local server against the real bk-itsm's recorded answers
// (tests/real/recorded/, `make record-real`). Each recorded call is made again to the local
// server, with a ticket of the same role from its own data set (and its own copy of the seed's
// service, its own node ids: tests/real/roles.mjs), and the two answers must agree:
// HTTP status, result, error code and message, member names, types and nullability (recursively,
// items included, tests/real/rules.mjs says what the source allows beyond the recording), paging
// members. Messages are compared with the real server's ticket numbers and approval-node field
// keys (made per install) read as the local server's. A difference fails the call's test and
// names the member. Also: the language the local
// server picks (tests/server/language.mjs) against the real server's, for every recorded header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/server.mjs';
import { serviceById, workflowOf } from '../server/catalog.mjs';
import { requestLanguage } from '../server/language.mjs';
import { ROWS, callContext, httpCall, resolveParams } from './calls.mjs';
import { localNodeOf, localRoles, localServices } from './roles.mjs';
import { RULES } from './rules.mjs';
import { compareAnswers } from './shape.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const recordedDir = join(here, 'recorded');

async function loadRecordings() {
  const byId = new Map();
  for (const f of await readdir(recordedDir)) {
    if (!f.endsWith('.json') || f === 'language.json' || f === 'seed.json') continue;
    for (const c of JSON.parse(await readFile(join(recordedDir, f), 'utf8')).calls) byId.set(c.id, c);
  }
  return byId;
}

const recordings = await loadRecordings();
const seedFile = JSON.parse(await readFile(join(recordedDir, 'seed.json'), 'utf8'));
const language = JSON.parse(await readFile(join(recordedDir, 'language.json'), 'utf8'));
const realRoles = seedFile.roles;
const roles = localRoles();
const services = localServices();

/**
 * The field keys of the ACCOUNT service's first approval node, real -> local. bk-itsm makes an
 * approval node's field keys per install (generate_key, itsm/workflow/signals/handlers.py:131-141),
 * so a message that names them names each server's own, as one naming a ticket names its number.
 * The real keys: the recorded status of the RUNNING ticket, which waits at that node; the local
 * ones: that node of the local ACCOUNT service's flow. Both in APPROVAL_FIELDS' order.
 */
function approvalKeys() {
  const step = recordings.get('get_ticket_status/esb/running')?.answer?.data?.current_steps?.[0];
  const node = workflowOf(serviceById(services.ACCOUNT)).states.find((s) => s.type === 'APPROVAL');
  if (!step || step.fields.length !== node.fields.length) return [];
  return step.fields.map((f, i) => [f.key, node.fields[i].key]);
}
const keySubst = approvalKeys();
let server;
let base;
let ctx;

before(async () => {
  server = await startServer({ port: 0 });
  // A write's asynchronous effects (a created ticket's flow start, an approval) happen by the
  // next request, as the recorder lets the real server's settle before the next row.
  base = `${server.url}/__/flowdelay=0`;
  ctx = callContext({ base, snOf: async (role) => roles[role], serviceOf: async (role) => services[role], nodeOf: localNodeOf(roles) });
});
after(() => server?.close());

test('every row of calls.mjs has a recording (make record-real)', () => {
  const missing = ROWS.filter((r) => !recordings.has(r.id)).map((r) => r.id);
  assert.deepEqual(missing, [], `not recorded yet: run make record-real (${missing.length} calls)`);
});

for (const row of ROWS) {
  test(`local server = real bk-itsm: ${row.id}`, async (t) => {
    const rec = recordings.get(row.id);
    if (!rec) return t.skip('not recorded');
    if (row.local !== true) return t.skip(row.local);
    let params;
    try {
      params = await resolveParams(row, ctx);
    } catch (err) {
      // A call that acts on a ticket an earlier call of the local server should have made.
      if (/reading 'sn'|no running step/.test(err.message)) return t.skip(`needs a ticket the local server did not make (${err.message})`);
      throw err;
    }
    const answer = await httpCall(base, row, params);
    if (rec.status !== 404 && answer.status === 404) return t.skip(`the local server has no ${row.endpoint} yet`);
    if (row.save && answer.answer?.result === true) ctx.saved[row.save] = answer.answer.data;
    const subst = [...Object.entries(realRoles).map(([role, sn]) => [sn, roles[role]]), ...keySubst];
    const diffs = compareAnswers(row.endpoint, rec, answer, RULES[row.endpoint], subst);
    assert.deepEqual(diffs, [], `${row.id}, ${diffs.length} difference(s):\n  ${diffs.join('\n  ')}`);
  });
}

test('the language the local server picks is the real one for every recorded request', () => {
  const wrong = [];
  for (const c of language.cases) {
    const headers = {};
    if (c.accept_language !== null) headers['accept-language'] = c.accept_language;
    if (c.cookie !== null) headers.cookie = c.cookie;
    const got = requestLanguage({ headers });
    if (got !== c.language) wrong.push(`${c.name} (Accept-Language ${JSON.stringify(c.accept_language)}, Cookie ${JSON.stringify(c.cookie)}): ${got}, the real server ${c.language}`);
  }
  assert.deepEqual(wrong, []);
});
