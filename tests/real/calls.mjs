// The calls `make record-real` makes to the real bk-itsm (through the doors) and `make test`
// replays: one row per call. Adding an endpoint or a case is adding a row.
//
// A row: {id, endpoint, door, method, params, lang, headers, save, local, pkg}
//   endpoint  the API name as the door spells it (ESB's comment_ticket is the gateway's comment)
//   door      'esb' or 'gateway'
//   method    defaults to the endpoint's (ENDPOINTS below)
//   params    an object, or an async function of the call context (see `resolve`): tickets are
//             named by role ({$ticket: 'RUNNING'}), so that each server uses one of its own; so
//             are the seed's service ({$service: 'ACCOUNT'}) and a ticket's first approval node
//             ({$node: 'FINISHED'}): tests/real/roles.mjs says what each server takes for them
//   lang      'en' sends Accept-Language: en, 'zh' sends Accept-Language: zh-CN, unset sends
//             none (the server's default: Chinese)
//   save      a name under which the answer's `data` is kept for later rows (ctx.saved[name])
//   local     false (with a reason string) when the local server cannot be asked the same
//             (a real-only condition such as a duplicate ticket number)
//   pkg       the package function that makes this call, or null when the package would refuse
//             it before sending (its validation) or has no such function (writes, for now)
//   before    something the recorder does to the real server first ('lose-sn-counter')
//   group     'read' or 'write' (writes change the server's state: they run after the reads)
//
// Credentials are not part of a row: `httpCall` adds the test app's (ESB: bk_app_code,
// bk_app_secret and bk_token in the query or body; gateway: X-Bkapi-Authorization, with the
// test user's bk_token for the resources whose userVerifiedRequired is true, as the real gateway
// requires: approve, comment; tests/server/WRITE-ENDPOINTS.md §1).

export const APP = { bk_app_code: 'bk-itsm-demo', bk_app_secret: 'demo-secret-3f9a1c0e7b' };
export const ESB_USER = { bk_token: 'test-token-admin' };
export const NO_SUCH_SN = 'REQ19990101000001';

/** Every endpoint recorded: its method, and whether the package has it (its function name). */
export const ENDPOINTS = {
  get_tickets: { method: 'POST', pkg: 'getTickets' },
  get_ticket_info: { method: 'GET', pkg: 'getTicketInfo' },
  get_ticket_status: { method: 'GET', pkg: 'getTicketStatus' },
  get_ticket_logs: { method: 'GET', pkg: 'getTicketLogs' },
  get_tickets_by_user: { method: 'GET', pkg: 'getTicketsByUser' },
  get_service_catalogs: { method: 'GET' },
  get_services: { method: 'GET' },
  get_service_detail: { method: 'GET' },
  create_ticket: { method: 'POST' },
  approve: { method: 'POST', verifiedUser: true },
  operate_ticket: { method: 'POST' },
  operate_node: { method: 'POST' },
  comment: { method: 'POST', verifiedUser: true },
  comment_ticket: { method: 'POST' },
};

const T = (role) => ({ $ticket: role });
/** The service the seed's tickets are of (the built-in 账号开通申请 form: title, apply_content, apply_reason, ZHIDINGSHENPIREN). */
const ACCOUNT = { $service: 'ACCOUNT' };
/** The first approval node of the flow of a role's ticket. */
const N = (role) => ({ $node: role });
const BOTH = ['esb', 'gateway'];
export const ROWS = [];

function add(endpoint, name, params, opts = {}) {
  const doors = opts.doors ?? BOTH;
  for (const door of doors) {
    const pkg = opts.pkg === undefined ? ENDPOINTS[endpoint].pkg ?? null : opts.pkg;
    ROWS.push({
      id: `${endpoint}/${door}/${name}`,
      endpoint,
      door,
      method: opts.method ?? ENDPOINTS[endpoint].method,
      params,
      lang: opts.lang,
      headers: opts.headers,
      save: opts.save ? `${opts.save}${doors.length > 1 ? `.${door}` : ''}` : undefined,
      local: opts.local ?? true,
      pkg: door === 'esb' && endpoint === 'get_tickets_by_user' ? null : pkg,
      group: opts.group ?? 'read',
      ...(opts.before ? { before: opts.before } : {}),
    });
  }
}

// ---------------------------------------------------------------- get_tickets (POST)
add('get_tickets', 'page-1', { page_size: 10 });
add('get_tickets', 'page-2', { page: 2, page_size: 10 });
add('get_tickets', 'page-last', { page: 'last', page_size: 10 }, { pkg: null });
add('get_tickets', 'page-size-5-page-3', { page: 3, page_size: 5 });
add('get_tickets', 'running', { current_status__in: ['RUNNING'], page_size: 5 });
add('get_tickets', 'creator-chinese', { creator: '张伟', page_size: 10 });
add('get_tickets', 'sns', async (ctx) => ({ sns: [await ctx.sn(T('FINISHED')), await ctx.sn(T('REVOKED'))] }));
add('get_tickets', 'created-range', { create_at__gte: '2000-01-01 00:00:00', create_at__lte: '2099-12-31 23:59:59', page_size: 10 });
add('get_tickets', 'past-end', { page: 9999, page_size: 10 });
add('get_tickets', 'past-end-en', { page: 9999, page_size: 10 }, { lang: 'en' });
add('get_tickets', 'past-end-zh-cn', { page: 9999, page_size: 10 }, { lang: 'zh' });
add('get_tickets', 'page-0', { page: 0, page_size: 10 }, { pkg: null });
add('get_tickets', 'bad-date', { create_at__gte: 'yesterday' }, { pkg: null });
add('get_tickets', 'bad-date-en', { create_at__gte: 'yesterday' }, { pkg: null, lang: 'en' });
add('get_tickets', 'bad-datetime', { create_at__gte: '2024-02-30 10:00' }, { pkg: null });
add('get_tickets', 'bad-datetime-en', { create_at__gte: '2024-02-30 10:00' }, { pkg: null, lang: 'en' });
add('get_tickets', 'bad-date-only', { create_at__lte: '2024-13-01' }, { pkg: null });
add('get_tickets', 'bad-date-only-en', { create_at__lte: '2024-13-01' }, { pkg: null, lang: 'en' });
add('get_tickets', 'paging-off', { page_size: 0 }, { pkg: null });
add('get_tickets', 'page-size-null', { page_size: null }, { pkg: null });
add('get_tickets', 'username', { username: 'admin', page_size: 10 }, { doors: ['gateway'] });
add('get_tickets', 'method-get', {}, { doors: ['esb'], method: 'GET', pkg: null });
add('get_tickets', 'method-get-en', {}, { doors: ['esb'], method: 'GET', pkg: null, lang: 'en' });

// ---------------------------------------------------------------- the detail endpoints (GET)
for (const endpoint of ['get_ticket_info', 'get_ticket_status', 'get_ticket_logs']) {
  for (const role of ['RUNNING', 'STEP2', 'FINISHED', 'COMMENTED', 'SUSPENDED', 'REVOKED']) {
    add(endpoint, role.toLowerCase(), { sn: T(role) });
  }
  add(endpoint, 'not-found', { sn: NO_SUCH_SN });
  add(endpoint, 'not-found-en', { sn: NO_SUCH_SN }, { lang: 'en' });
  add(endpoint, 'no-sn', {}, { pkg: null });
}
add('get_ticket_logs', 'finished-complex', { sn: T('FINISHED'), show_type: 'complex' });
add('get_ticket_logs', 'running-complex', { sn: T('RUNNING'), show_type: 'complex' });
add('get_ticket_logs', 'revoked-complex', { sn: T('REVOKED'), show_type: 'complex' });

// ---------------------------------------------------------------- get_tickets_by_user (GET, gateway)
const GW = { doors: ['gateway'] };
add('get_tickets_by_user', 'todo-admin', { user: 'admin', view_type: 'my_todo' }, GW);
add('get_tickets_by_user', 'todo-alice-page-2', { user: 'alice', view_type: 'my_todo', page: 2, page_size: 3 }, GW);
add('get_tickets_by_user', 'created-chinese', { user: '张伟', view_type: 'my_created' }, GW);
add('get_tickets_by_user', 'history-admin', { user: 'admin', view_type: 'my_history' }, GW);
add('get_tickets_by_user', 'approval-admin', { user: 'admin', view_type: 'my_approval' }, GW);
add('get_tickets_by_user', 'attention-chinese', { user: '张伟', view_type: 'my_attention' }, GW);
add('get_tickets_by_user', 'dealt-admin', { user: 'admin', view_type: 'my_dealt', page_size: 5 }, GW);
add('get_tickets_by_user', 'created-bob-service', { user: 'bob', view_type: 'my_created', service_id: 1 }, GW);
add('get_tickets_by_user', 'no-user', { view_type: 'my_todo' }, { ...GW, pkg: null });
add('get_tickets_by_user', 'no-user-en', { view_type: 'my_todo' }, { ...GW, pkg: null, lang: 'en' });
add('get_tickets_by_user', 'bad-view', { user: 'admin', view_type: 'mine' }, { ...GW, pkg: null });
add('get_tickets_by_user', 'bad-view-en', { user: 'admin', view_type: 'mine' }, { ...GW, pkg: null, lang: 'en' });
add('get_tickets_by_user', 'bad-filters', { user: 'admin', view_type: 'my_todo', service_id: 'x', create_at__gte: '2024-01-01' }, { ...GW, pkg: null });
add('get_tickets_by_user', 'bad-filters-en', { user: 'admin', view_type: 'my_todo', service_id: 'x', create_at__gte: '2024-01-01' }, { ...GW, pkg: null, lang: 'en' });
add('get_tickets_by_user', 'blank-processor', { user: 'admin', view_type: 'my_todo', current_processor: '  ' }, { ...GW, pkg: null });
add('get_tickets_by_user', 'blank-processor-en', { user: 'admin', view_type: 'my_todo', current_processor: '  ' }, { ...GW, pkg: null, lang: 'en' });
add('get_tickets_by_user', 'long-service-id', { user: 'admin', view_type: 'my_todo', service_id: '1'.repeat(1001) }, { ...GW, pkg: null });
add('get_tickets_by_user', 'bad-exclude', { user: 'admin', view_type: 'my_todo', exclude_ticket_id__in: '1,x' }, { ...GW, pkg: null });
add('get_tickets_by_user', 'past-end', { user: 'admin', view_type: 'my_todo', page: 9999 }, GW);
add('get_tickets_by_user', 'past-end-en', { user: 'admin', view_type: 'my_todo', page: 9999 }, { ...GW, lang: 'en' });
add('get_tickets_by_user', 'paging-off', { user: 'admin', view_type: 'my_created', page_size: 0 }, { ...GW, pkg: null });
add('get_tickets_by_user', 'no-component', { user: 'admin', view_type: 'my_todo' }, { doors: ['esb'] });

// ---------------------------------------------------------------- the service catalogue (GET)
const W = { group: 'write' };
add('get_service_catalogs', 'all', {}, W);
add('get_service_catalogs', 'with-services', { has_service: 'true' }, W);
add('get_services', 'all', {}, W);
add('get_services', 'catalog', { catalog_id: 11 }, W);
add('get_service_detail', 'service-1', { service_id: ACCOUNT }, W);
add('get_service_detail', 'not-found', { service_id: 9999 }, W);
add('get_service_detail', 'not-found-en', { service_id: 9999 }, { ...W, lang: 'en' });
add('get_service_detail', 'no-id', {}, W);

// ---------------------------------------------------------------- writes (POST), in order
// Each creates or acts on tickets made here (ctx.saved), never on the seeded ones the read rows
// used. `form` is the ACCOUNT service's submission form (the real seed's service 1, seed.mjs;
// the local server's 17).
const form = (title, approver = 'admin', extra = []) => [
  { key: 'title', value: title },
  { key: 'apply_content', value: 'Recorded by make record-real' },
  { key: 'apply_reason', value: 'bk-itsm-tickets recordings' },
  { key: 'ZHIDINGSHENPIREN', value: approver },
  ...extra,
];
const created = (name) => async (ctx) => ctx.saved[name].sn;
add('create_ticket', 'ok', { service_id: ACCOUNT, creator: 'alice', fields: form('Recorded: created through the door') }, { ...W, save: 'w-created' });
add('create_ticket', 'ok-chinese', { service_id: ACCOUNT, creator: '张伟', fields: form('录制：中文标题 <b>标记</b>', 'alice') }, { ...W, doors: ['gateway'], save: 'w-chinese' });
add('create_ticket', 'emoji-title', { service_id: ACCOUNT, creator: 'alice', fields: form('Emoji 😀 in a title') }, W);
add('create_ticket', 'no-title', { service_id: ACCOUNT, creator: 'alice', fields: form('x').slice(1) }, W);
add('create_ticket', 'missing-field', { service_id: ACCOUNT, creator: 'alice', fields: form('Missing a field').slice(0, 2) }, W);
add('create_ticket', 'no-fields', { service_id: ACCOUNT, creator: 'alice', fields: [] }, W);
add('create_ticket', 'no-such-service', { service_id: 9999, creator: 'alice', fields: form('No such service') }, W);
add('create_ticket', 'service-without-catalog-en', { service_id: 9999, creator: 'alice', fields: form('No such service') }, { ...W, doors: ['gateway'], lang: 'en' });
add('create_ticket', 'title-too-long', { service_id: ACCOUNT, creator: 'alice', fields: form('x'.repeat(130)) }, { ...W, doors: ['gateway'] });
add('create_ticket', 'method-get', {}, { ...W, doors: ['esb'], method: 'GET' });

// approve (gateway only: ESB has no such component)
const step = (name, i = 0) => async (ctx) => (await ctx.runningStep(await created(name)(ctx))).state_id;
add('approve', 'not-approver', async (ctx) => ({ sn: await created('w-created.gateway')(ctx), state_id: await step('w-created.gateway')(ctx), approver: 'nobody', action: 'true', remark: 'no' }), { ...W, doors: ['gateway'] });
add('approve', 'ok', async (ctx) => ({ sn: await created('w-created.gateway')(ctx), state_id: await step('w-created.gateway')(ctx), approver: 'admin', action: 'true', remark: 'recorded' }), { ...W, doors: ['gateway'] });
add('approve', 'finished-ticket', { sn: T('FINISHED'), state_id: N('FINISHED'), approver: 'admin', action: 'true', remark: 'late' }, { ...W, doors: ['gateway'] });
add('approve', 'not-found', { sn: NO_SUCH_SN, state_id: 4, approver: 'admin', action: 'true', remark: 'x' }, { ...W, doors: ['gateway'] });
add('approve', 'no-component', { sn: NO_SUCH_SN, state_id: 4, approver: 'admin', action: 'true' }, { ...W, doors: ['esb'] });

// operate_ticket: SUSPEND, UNSUSPEND, WITHDRAW and the refusals
const op = (name, operator, action_type, action_message = 'recorded') => async (ctx) => ({ sn: await created(name)(ctx), operator, action_type, action_message });
add('operate_ticket', 'suspend', async (ctx) => op('w-created.esb', 'admin', 'SUSPEND')(ctx), { ...W, doors: ['esb'] });
add('operate_ticket', 'suspend-again', async (ctx) => op('w-created.esb', 'admin', 'SUSPEND')(ctx), { ...W, doors: ['esb'] });
add('operate_ticket', 'unsuspend', async (ctx) => op('w-created.esb', 'admin', 'UNSUSPEND')(ctx), { ...W, doors: ['esb'] });
add('operate_ticket', 'unsuspend-running', async (ctx) => op('w-created.esb', 'admin', 'UNSUSPEND')(ctx), { ...W, doors: ['esb'] });
add('operate_ticket', 'suspend-not-processor', async (ctx) => op('w-chinese', 'bob', 'SUSPEND')(ctx), { ...W, doors: ['gateway'] });
add('operate_ticket', 'withdraw-not-creator', async (ctx) => op('w-chinese', 'bob', 'WITHDRAW')(ctx), { ...W, doors: ['gateway'] });
add('operate_ticket', 'bad-action', async (ctx) => op('w-chinese', '张伟', 'FLY')(ctx), { ...W, doors: ['gateway'] });
add('operate_ticket', 'no-message', async (ctx) => ({ sn: await created('w-chinese')(ctx), operator: '张伟', action_type: 'WITHDRAW' }), { ...W, doors: ['gateway'] });
add('operate_ticket', 'withdraw', async (ctx) => op('w-chinese', '张伟', 'WITHDRAW')(ctx), { ...W, doors: ['gateway'] });
add('operate_ticket', 'withdraw-again', async (ctx) => op('w-chinese', '张伟', 'WITHDRAW')(ctx), { ...W, doors: ['gateway'] });
add('operate_ticket', 'not-found', { sn: NO_SUCH_SN, operator: 'admin', action_type: 'SUSPEND', action_message: 'x' }, W);

// operate_node: TRANSITION at service 1's first step (its fields: an approval RADIO and remarks)
const nodeFields = async (ctx, sn) => (await ctx.runningStep(sn)).fields;
add('operate_node', 'not-processor', async (ctx) => {
  const sn = await created('w-created.esb')(ctx);
  return { sn, state_id: (await ctx.runningStep(sn)).state_id, action_type: 'TRANSITION', operator: 'bob', fields: [] };
}, { ...W, doors: ['esb'] });
add('operate_node', 'missing-fields', async (ctx) => {
  const sn = await created('w-created.esb')(ctx);
  return { sn, state_id: (await ctx.runningStep(sn)).state_id, action_type: 'TRANSITION', operator: 'admin', fields: [] };
}, { ...W, doors: ['esb'] });
add('operate_node', 'transition', async (ctx) => {
  const sn = await created('w-created.esb')(ctx);
  const fields = await nodeFields(ctx, sn);
  return {
    sn,
    state_id: (await ctx.runningStep(sn)).state_id,
    action_type: 'TRANSITION',
    operator: 'admin',
    fields: fields.map((f) => ({ key: f.key, value: f.type === 'RADIO' ? 'true' : 'recorded' })),
  };
}, { ...W, doors: ['esb'] });
add('operate_node', 'not-found', { sn: NO_SUCH_SN, state_id: 4, action_type: 'TRANSITION', operator: 'admin', fields: [] }, { ...W, doors: ['gateway'] });

// comment (gateway) = comment_ticket (ESB): rate a finished ticket once
add('comment', 'running-ticket', async (ctx) => ({ sn: await ctx.sn(T('RUNNING')), operator: 'admin', stars: 4, comments: 'early' }), { ...W, doors: ['gateway'] });
add('comment', 'ok', async (ctx) => ({ sn: await ctx.sn(T('FINISHED')), operator: 'alice', stars: 4, comments: 'Recorded rating' }), { ...W, doors: ['gateway'] });
add('comment', 'again', async (ctx) => ({ sn: await ctx.sn(T('FINISHED')), operator: 'alice', stars: 4, comments: 'Twice' }), { ...W, doors: ['gateway'] });
add('comment', 'bad-stars', async (ctx) => ({ sn: await ctx.sn(T('FINISHED2')), operator: 'alice', stars: 9 }), { ...W, doors: ['gateway'] });
add('comment_ticket', 'ok', async (ctx) => ({ sn: await ctx.sn(T('FINISHED2')), operator: 'admin', stars: 5, comments: '通过 ESB 评价' }), { ...W, doors: ['esb'] });
add('comment', 'no-component', { sn: NO_SUCH_SN, operator: 'admin', stars: 5 }, { ...W, doors: ['esb'] });

// ---------------------------------------------------------------- a duplicate ticket number
// The real server's sn counter lives in Redis (generate_random_sn, a daily incr): lost (here:
// deleted), the next ticket repeats a number, and every detail call for it fails.
add('create_ticket', 'counter-lost', { service_id: ACCOUNT, creator: 'admin', fields: form('Recorded: numbered again after Redis lost the counter') }, {
  ...W, doors: ['gateway'], save: 'w-duplicate', local: 'the local server has no ticket-number counter to lose', before: 'lose-sn-counter',
});
for (const endpoint of ['get_ticket_info', 'get_ticket_status', 'get_ticket_logs']) {
  add(endpoint, 'duplicate-sn', async (ctx) => ({ sn: await created('w-duplicate')(ctx) }), { ...W, local: 'a duplicate ticket number is a real-server condition' });
}
add('get_tickets', 'duplicate-sn', async (ctx) => ({ sns: [await created('w-duplicate')(ctx)] }), { ...W, local: 'a duplicate ticket number is a real-server condition' });

// ---------------------------------------------------------------- doing a call

/** Replace {$ticket}, {$service} and {$node} markers with the context's values; run a params function. */
export async function resolveParams(row, ctx) {
  const params = typeof row.params === 'function' ? await row.params(ctx) : row.params;
  const out = {};
  for (const [k, v] of Object.entries(params)) {
    const marker = v && typeof v === 'object' && !Array.isArray(v);
    if (marker && v.$ticket) out[k] = await ctx.sn(v);
    else if (marker && v.$service) out[k] = await ctx.service(v);
    else if (marker && v.$node) out[k] = await ctx.node(v);
    else out[k] = v;
  }
  return out;
}

/** The headers a row's language asks for. */
export const langHeaders = (lang) => (lang === 'en' ? { 'Accept-Language': 'en' } : lang === 'zh' ? { 'Accept-Language': 'zh-CN' } : {});

/** The request a row makes, credentials included: {method, path, query, body, headers}. */
export function requestOf(row, params, { apigwName = 'bk-itsm', stage = 'prod' } = {}) {
  const path = row.door === 'esb' ? `/api/c/compapi/v2/itsm/${row.endpoint}/` : `/api/${apigwName}/${stage}/v2/itsm/${row.endpoint}/`;
  const headers = { ...langHeaders(row.lang), ...(row.headers ?? {}) };
  const withCreds = row.door === 'esb' ? { ...APP, ...ESB_USER, ...params } : params;
  if (row.door === 'gateway') headers['X-Bkapi-Authorization'] = JSON.stringify(ENDPOINTS[row.endpoint]?.verifiedUser ? { ...APP, ...ESB_USER } : APP);
  if (row.method === 'GET') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(withCreds)) query.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    return { method: 'GET', path, query: query.toString(), body: undefined, headers };
  }
  return { method: row.method, path, query: '', body: JSON.stringify(withCreds), headers: { ...headers, 'Content-Type': 'application/json' } };
}

/** Make a row's call against `base` (the doors); resolves to {status, headers, answer, text}. */
export async function httpCall(base, row, params, opts) {
  const r = requestOf(row, params, opts);
  const res = await fetch(`${base}${r.path}${r.query ? `?${r.query}` : ''}`, { method: r.method, headers: r.headers, body: r.body });
  const text = await res.text();
  let answer;
  try {
    answer = JSON.parse(text);
  } catch {
    answer = undefined;
  }
  const keep = ['content-type', 'x-bkapi-error-code', 'x-bkapi-error-message'];
  return { status: res.status, headers: Object.fromEntries(keep.filter((k) => res.headers.has(k)).map((k) => [k, res.headers.get(k)])), answer, text };
}

/**
 * The context calls run in: ticket numbers by role (`snOf`), the seed's service (`serviceOf`),
 * a role's first approval node (`nodeOf(role, ctx)`), answers saved by earlier rows, helpers.
 */
export function callContext({ base, snOf, serviceOf, nodeOf, opts }) {
  const ctx = {
    saved: {},
    sn: async (marker) => snOf(marker.$ticket ?? marker),
    service: async (marker) => serviceOf(marker.$service ?? marker),
    node: async (marker) => nodeOf(marker.$node ?? marker, ctx),
    /** A detail call through the gateway door (not recorded). */
    async status(sn) {
      const r = await httpCall(base, { door: 'gateway', endpoint: 'get_ticket_status', method: 'GET' }, { sn }, opts);
      if (r.answer?.result !== true) throw new Error(`get_ticket_status ${sn}: ${r.text.slice(0, 200)}`);
      return r.answer.data;
    },
    /** The running step of a ticket, waiting (up to 60 s) for its flow to reach one. */
    async runningStep(sn) {
      const end = Date.now() + 60_000;
      for (;;) {
        const data = await ctx.status(sn);
        const s = data.current_steps.find((x) => x.status === 'RUNNING');
        if (s) return s;
        if (Date.now() > end) throw new Error(`${sn}: no running step after 60 s (${data.current_status})`);
        await new Promise((r) => setTimeout(r, 400));
      }
    },
  };
  return ctx;
}
