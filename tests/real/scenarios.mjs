// The package against a real bk-itsm, behind the local server's doors: scenarios that run the
// same in Node and in a browser page (plain ES module, no Node imports, a tiny assert of its own).
// Each is `async (pkg, cfg) => void`, throwing on failure (a `Skip` error when it cannot run):
//
//   pkg  the package module (createClient, isItsmError, ...)
//   cfg  {base: the doors' origin, app: {bk_app_code, bk_app_secret}, bk_token, roles: the seed's
//        ticket numbers by role (tests/real/roles.mjs), runtime: 'node' | 'chromium' | 'firefox'}
//
// Every package result is compared with what plain `fetch` gets from the same door for the same
// parameters. tests/real/run.mjs runs them (make test-real).

export class Skip extends Error {}

// ---------------------------------------------------------------- a tiny assert

const show = (v) => {
  try {
    return JSON.stringify(v)?.slice(0, 400);
  } catch {
    return String(v);
  }
};
export function check(cond, message) {
  if (!cond) throw new Error(message);
}
/** Deep equality of JSON values, with the path of the first difference. */
export function sameJson(actual, expected, path = '') {
  if (Object.is(actual, expected)) return;
  const type = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (type(actual) !== type(expected)) throw new Error(`${path || '(value)'}: ${show(actual)}, expected ${show(expected)}`);
  if (type(actual) === 'array') {
    if (actual.length !== expected.length) throw new Error(`${path}: ${actual.length} items, expected ${expected.length}`);
    actual.forEach((v, i) => sameJson(v, expected[i], `${path}[${i}]`));
    return;
  }
  if (type(actual) === 'object') {
    const [a, e] = [Object.keys(actual).sort(), Object.keys(expected).sort()];
    for (const k of e) if (!(k in actual)) throw new Error(`${path}.${k}: missing, expected ${show(expected[k])}`);
    for (const k of a) if (!(k in expected)) throw new Error(`${path}.${k}: ${show(actual[k])}, not in the answer`);
    for (const k of e) sameJson(actual[k], expected[k], `${path}.${k}`);
    return;
  }
  throw new Error(`${path || '(value)'}: ${show(actual)}, expected ${show(expected)}`);
}

// ---------------------------------------------------------------- plain HTTP

const ESB = (name) => `/api/c/compapi/v2/itsm/${name}/`;
const GW = (name) => `/api/bk-itsm/prod/v2/itsm/${name}/`;
const METHOD = { get_tickets: 'POST', create_ticket: 'POST', operate_ticket: 'POST', approve: 'POST', operate_node: 'POST', comment: 'POST' };

/** One call with plain fetch, as the package would make it: the answer's JSON. */
export async function plain(cfg, door, name, params = {}, headers = {}) {
  const method = METHOD[name] ?? 'GET';
  const creds = door === 'esb' ? { ...cfg.app, bk_token: cfg.bk_token } : {};
  const h = { ...headers };
  if (door === 'gateway') h['X-Bkapi-Authorization'] = JSON.stringify(cfg.app);
  let url = `${cfg.base}${door === 'esb' ? ESB(name) : GW(name)}`;
  let body;
  if (method === 'GET') {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...creds, ...params })) q.append(k, String(v));
    url += `?${q}`;
  } else {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify({ ...creds, ...params });
    // Through the gateway the package also sends a POST's paging in the query string (ITSM
    // before 2.6.0 reads it only there), and DRF's page links then carry it: do the same.
    if (door === 'gateway') {
      const q = new URLSearchParams();
      for (const k of ['page', 'page_size']) if (params[k] !== undefined) q.append(k, String(params[k]));
      if (q.size) url += `?${q}`;
    }
  }
  const res = await fetch(url, { method, headers: h, body });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${door} ${name}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
}

/** A client of the package for a door, with extra headers (a language). */
export function client(pkg, cfg, door, headers) {
  const base = { baseUrl: cfg.base, ...cfg.app, ...(headers ? { headers } : {}) };
  return door === 'esb' ? pkg.createClient({ ...base, bk_token: cfg.bk_token }) : pkg.createClient({ ...base, gateway: 'apigw' });
}

const withoutRequestId = (v) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const { request_id, ...rest } = v;
  return rest;
};

/** The package's result for `fn(params)` must be plain fetch's `data` (request_id aside). */
async function same(pkg, cfg, door, fn, name, params, headers) {
  const c = client(pkg, cfg, door, headers);
  let mine;
  let err;
  try {
    mine = await c[fn](params);
  } catch (e) {
    err = e;
  }
  const theirs = await plain(cfg, door, name, params, headers);
  if (theirs.result !== true) {
    check(err && pkg.isItsmError(err), `${door} ${fn}(${show(params)}): the server answered ${theirs.code} ${show(theirs.message)}, the package ${err ? String(err) : 'resolved'}`);
    check(err.kind === 'api' && err.code === theirs.code && err.message === theirs.message, `${door} ${fn}: the package's error ${err.kind} ${show(err.code)} ${show(err.message)}, the server's ${show(theirs.code)} ${show(theirs.message)}`);
    return { error: err, answer: theirs };
  }
  if (err) throw new Error(`${door} ${fn}(${show(params)}) failed where plain fetch succeeded: ${err.kind ?? ''} ${err.message}`);
  if (door === 'esb') check(typeof mine.request_id === 'string', `${door} ${fn}: no request_id`);
  try {
    sameJson(withoutRequestId(mine), withoutRequestId(theirs.data), fn);
  } catch (e) {
    throw new Error(`${door} ${fn}(${show(params)}): the package's result differs from plain fetch's data: ${e.message}`);
  }
  return { result: mine, answer: theirs };
}

const DOORS = ['esb', 'gateway'];
const ROLES = ['RUNNING', 'STEP2', 'FINISHED', 'COMMENTED', 'SUSPENDED', 'REVOKED'];
export const NO_SUCH_SN = 'REQ19990101000001';

// ---------------------------------------------------------------- scenarios

/** Every read endpoint, on both doors (getTicketsByUser: the gateway), for tickets in every state. */
export async function readEndpoints(pkg, cfg) {
  for (const door of DOORS) {
    await same(pkg, cfg, door, 'getTickets', 'get_tickets', {});
    await same(pkg, cfg, door, 'getTickets', 'get_tickets', { page: 2, page_size: 5 });
    await same(pkg, cfg, door, 'getTickets', 'get_tickets', { creator: '张伟', current_status__in: ['RUNNING', 'FINISHED'] });
    for (const role of ROLES) {
      const sn = cfg.roles[role];
      await same(pkg, cfg, door, 'getTicketInfo', 'get_ticket_info', { sn });
      await same(pkg, cfg, door, 'getTicketStatus', 'get_ticket_status', { sn });
      await same(pkg, cfg, door, 'getTicketLogs', 'get_ticket_logs', { sn });
      await same(pkg, cfg, door, 'getTicketLogs', 'get_ticket_logs', { sn, show_type: 'complex' });
    }
  }
  for (const [user, view_type] of [['admin', 'my_todo'], ['alice', 'my_todo'], ['张伟', 'my_created'], ['张伟', 'my_attention'], ['admin', 'my_history'], ['admin', 'my_dealt']]) {
    await same(pkg, cfg, 'gateway', 'getTicketsByUser', 'get_tickets_by_user', { user, view_type, page_size: 5 });
  }
}

/** Walks: every ticket page by page, and a user's list, equal to plain fetch's pages. */
export async function walks(pkg, cfg) {
  for (const door of DOORS) {
    const all = await client(pkg, cfg, door).getAllTickets({ page_size: 5 });
    const pages = [];
    for (let page = 1; ; page++) {
      const a = await plain(cfg, door, 'get_tickets', { page, page_size: 5 });
      pages.push(...a.data.items);
      if (page >= a.data.total_page) break;
    }
    check(pages.length >= 24, `the seed's 24 tickets, at least: ${pages.length}`);
    sameJson(all, pages, `${door} getAllTickets`);
  }
  const mine = [];
  for await (const t of client(pkg, cfg, 'gateway').iterTicketsByUser({ user: 'admin', view_type: 'my_dealt', page_size: 3 })) mine.push(t);
  const theirs = [];
  for (let page = 1; ; page++) {
    const a = await plain(cfg, 'gateway', 'get_tickets_by_user', { user: 'admin', view_type: 'my_dealt', page, page_size: 3 });
    theirs.push(...a.data.items);
    if (page >= a.data.total_page) break;
  }
  sameJson(mine, theirs, 'iterTicketsByUser');
}

/** No such ticket: the server's 3900022 on every detail endpoint and door. */
export async function notFound(pkg, cfg) {
  for (const door of DOORS) {
    for (const [fn, name] of [['getTicketInfo', 'get_ticket_info'], ['getTicketStatus', 'get_ticket_status'], ['getTicketLogs', 'get_ticket_logs']]) {
      const { error } = await same(pkg, cfg, door, fn, name, { sn: NO_SUCH_SN });
      check(error && error.code === 3900022, `${door} ${fn}: 3900022`);
    }
  }
}

/**
 * A page past the end in English and in Chinese (Accept-Language en / zh-CN), and with the
 * runtime's own Accept-Language (Node's fetch: `*`, so the server's default, Chinese; a browser:
 * its language).
 */
export async function pastTheEnd(pkg, cfg) {
  for (const door of DOORS) {
    const en = await same(pkg, cfg, door, 'getTickets', 'get_tickets', { page: 9999 }, { 'Accept-Language': 'en' });
    check(en.error?.message === 'Invalid page.', `English: ${en.error?.message}`);
    const zh = await same(pkg, cfg, door, 'getTickets', 'get_tickets', { page: 9999 }, { 'Accept-Language': 'zh-CN' });
    check(zh.error?.message === '无效页。', `Chinese: ${zh.error?.message}`);
    const own = await same(pkg, cfg, door, 'getTickets', 'get_tickets', { page: 9999 });
    check(['Invalid page.', '无效页。'].includes(own.error?.message), `the runtime's language: ${own.error?.message}`);
    if (cfg.runtime === 'node') check(own.error.message === '无效页。', 'Node fetch sends Accept-Language: *, the server answers in its default, Chinese');
  }
  const by = await same(pkg, cfg, 'gateway', 'getTicketsByUser', 'get_tickets_by_user', { user: 'admin', view_type: 'my_todo', page: 9999 });
  check(by.error?.code === 3900004, `getTicketsByUser past the end: ${by.error?.code}`);
}

/**
 * A walk over a set that shrinks while it runs: tickets of one creator, RUNNING, two a page; after
 * the first ticket arrives, the oldest four are withdrawn (plain fetch, operate_ticket), so the
 * pages past the new end answer "Invalid page." (in the server's language). The walk must end
 * quietly with what it delivered. `headers` picks the language.
 */
async function shrinkingWalk(pkg, cfg, headers, label) {
  const creator = `walker-${cfg.runtime}-${label}-${Math.random().toString(36).slice(2, 8)}`;
  const sns = [];
  for (let i = 0; i < 6; i++) {
    const a = await plain(cfg, 'gateway', 'create_ticket', {
      service_id: 1,
      creator,
      fields: [
        { key: 'title', value: `Shrinking walk ${i + 1}` },
        { key: 'apply_content', value: 'made by tests/real/scenarios.mjs' },
        { key: 'apply_reason', value: 'a walk over a set that shrinks' },
        { key: 'ZHIDINGSHENPIREN', value: 'admin' },
      ],
    });
    check(a.result === true, `create_ticket: ${a.code} ${a.message}`);
    sns.push(a.data.sn);
  }
  const filter = { creator, current_status__in: ['RUNNING'], page_size: 2 };
  const got = [];
  for await (const t of client(pkg, cfg, 'gateway', headers).iterTickets(filter)) {
    got.push(t.sn);
    if (got.length === 1) {
      for (const sn of sns.slice(0, 4)) {
        const a = await plain(cfg, 'gateway', 'operate_ticket', { sn, operator: creator, action_type: 'WITHDRAW', action_message: 'shrinking the walk' });
        check(a.result === true, `withdraw ${sn}: ${a.code} ${a.message}`);
      }
    }
  }
  // Page 1 had the two newest (6, 5); after the withdrawals only they remain, so a later page is
  // past the end (page 2, or page 3 if the walk had already asked for page 2).
  check(got[0] === sns[5] && got[1] === sns[4], `${label} walk: starts with the two newest: ${show(got)}`);
  check(new Set(got).size === got.length && got.every((sn) => sns.includes(sn)), `${label} walk: each ticket once: ${show(got)}`);
}
export const shrinkingWalkEnglish = (pkg, cfg) => shrinkingWalk(pkg, cfg, { 'Accept-Language': 'en' }, 'en');
export const shrinkingWalkChinese = (pkg, cfg) => shrinkingWalk(pkg, cfg, { 'Accept-Language': 'zh-CN' }, 'zh');

/**
 * The write endpoints, once the package has them: each row runs when the client has the function
 * (names as the lead's API will spell them; rows are skipped until then), and its result is
 * compared with plain fetch's for the same call on a ticket of its own.
 */
export const WRITE_CALLS = [
  { fn: 'createTicket', name: 'create_ticket' },
  { fn: 'operateTicket', name: 'operate_ticket' },
  { fn: 'approve', name: 'approve' },
  { fn: 'commentTicket', name: 'comment' },
];

/** A client acting as `user` (its login token: the doors know admin's and alice's). */
function as(pkg, cfg, user, door) {
  const base = { baseUrl: cfg.base, ...cfg.app, bk_token: `test-token-${user}`, user };
  return pkg.createClient(door === 'gateway' ? { ...base, gateway: 'apigw' } : base);
}

/**
 * The lifecycle through the package against the real views: a ticket opened from the service's
 * form (checked first, as the server checks it), its flow awaited, approved by its approver
 * through the gateway, another withdrawn by its creator, a finished one rated; the form check
 * and the server agree on a missing field; identity is the client's user.
 */
export async function writeEndpoints(pkg, cfg) {
  const alice = as(pkg, cfg, 'alice', 'esb');
  const present = WRITE_CALLS.filter((w) => typeof alice[w.fn] === 'function');
  if (present.length !== WRITE_CALLS.length) throw new Skip(`the package lacks ${WRITE_CALLS.filter((w) => !present.includes(w)).map((w) => w.fn)}`);
  const service_id = cfg.services?.ACCOUNT ?? 1;
  const form = (title) => ({ title, apply_content: 'made by tests/real/scenarios.mjs', apply_reason: 'the package opens a ticket', ZHIDINGSHENPIREN: 'admin' });
  const asList = (fields) => Object.entries(fields).map(([key, value]) => ({ key, value }));

  // Opened as alice; plain fetch opens one the same way: the same members.
  const created = await alice.createTicket({ service_id, fields: form(`Created by the package in ${cfg.runtime}`) });
  const theirs = await plain(cfg, 'esb', 'create_ticket', { service_id, creator: 'alice', fields: asList(form(`Created by plain fetch in ${cfg.runtime}`)) });
  check(theirs.result === true, `create_ticket: ${theirs.message}`);
  sameJson(Object.keys(withoutRequestId(created)).sort(), Object.keys(theirs.data).sort(), 'createTicket members');

  // A missing required field: refused before sending, and the server refuses it too (3900003).
  const missing = { title: 'missing fields' };
  const refused = await alice.createTicket({ service_id, fields: missing }).then(() => null, (e) => e);
  check(refused && refused.kind === 'validation' && refused.reason === 'required' && refused.sent === false, `a missing field: ${refused && refused.message}`);
  const server = await plain(cfg, 'esb', 'create_ticket', { service_id, creator: 'alice', fields: asList(missing) });
  check(server.result === false && server.code === 3900003, `the server on a missing field: ${server.code} ${server.message}`);

  // Another user's name in a write: refused before sending.
  const spoof = await alice.createTicket({ service_id, creator: 'admin', fields: form('spoof') }).then(() => null, (e) => e);
  check(spoof && spoof.reason === 'not_the_user', `a spoofed creator: ${spoof && spoof.message}`);

  // The flow starts asynchronously (the celery worker): wait for its first step.
  const status = await alice.waitForSteps(created.sn, { waitMs: 60000 });
  check(status.current_steps.length > 0, `no step: ${show(status)}`);
  const step = status.current_steps[0];
  const approver = step.processors.split(',').find((u) => u === 'admin' || u === 'alice');
  check(approver, `the step's processors ${show(step.processors)} have no login here`);
  const other = approver === 'admin' ? 'alice' : 'admin';
  // Not a processor: refused before sending, by the status check.
  const notMine = await as(pkg, cfg, other, 'gateway').approve({ sn: created.sn, state_id: step.state_id, action: 'true' }).then(() => null, (e) => e);
  if (!step.processors.split(',').includes(other)) check(notMine && notMine.reason === 'not_processor', `a non-processor's approve: ${notMine && notMine.message}`);
  // The approver approves through the gateway; the status moves on.
  sameJson(await as(pkg, cfg, approver, 'gateway').approve({ sn: created.sn, state_id: step.state_id, action: 'true', remark: 'approved by the package' }), [], 'approve');

  // Withdrawn by its creator once its flow has started.
  const second = await alice.createTicket({ service_id, fields: form(`Withdrawn by the package in ${cfg.runtime}`) });
  await alice.waitForSteps(second.sn, { waitMs: 60000 });
  sameJson(await alice.operateTicket({ sn: second.sn, action_type: 'WITHDRAW', action_message: 'not needed' }), [], 'operateTicket');
  const withdrawn = await alice.getTicketStatus({ sn: second.sn });
  check(withdrawn.current_status === 'REVOKED', `withdrawn: ${withdrawn.current_status}`);

  // A finished ticket rated through ESB (comment_ticket): once per seed, so a later runtime
  // meets the server's "already rated" (3900005) as an api error with its code.
  const rated = await as(pkg, cfg, 'admin', 'esb').commentTicket({ sn: cfg.roles.FINISHED2, stars: 5, comments: `rated in ${cfg.runtime}` }).then((r) => ({ r }), (e) => ({ e }));
  if (rated.e) check(rated.e.kind === 'api' && rated.e.code === 3900005 && rated.e.sent === false, `commentTicket: ${rated.e.message}`);
  else sameJson(rated.r, [], 'commentTicket');
}

/** Every scenario, in the order run.mjs runs them (the shrinking walks last: they add tickets). */
export const SCENARIOS = { readEndpoints, walks, notFound, pastTheEnd, writeEndpoints, shrinkingWalkEnglish, shrinkingWalkChinese };

/** Run `names` (default all) and report each: [{name, ok, skipped, error, ms}]. */
export async function runScenarios(pkg, cfg, names = Object.keys(SCENARIOS)) {
  const out = [];
  for (const name of names) {
    const t0 = Date.now();
    try {
      await SCENARIOS[name](pkg, cfg);
      out.push({ name, ok: true, ms: Date.now() - t0 });
    } catch (e) {
      const skipped = e instanceof Skip;
      out.push({ name, ok: skipped, skipped, error: String(e && e.message ? e.message : e), ms: Date.now() - t0 });
    }
  }
  return out;
}
