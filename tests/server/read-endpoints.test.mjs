// Self-test of the read endpoints (get_tickets_by_user, get_ticket_info, get_ticket_status,
// get_ticket_logs) on both doors: `node --test tests/server/`.
// Expectations come from READ-ENDPOINTS.md (the bk-itsm source) and from get_tickets, an
// independent endpoint over the same seeded tickets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { XSS_TICKET_ID, XSS_TITLE } from './data.mjs';

const DEMO = { bk_app_code: 'bk-itsm-demo', bk_app_secret: 'demo-secret-3f9a1c0e7b' };
const ESB_USER = { ...DEMO, bk_token: 'test-token-admin' };
const GW_HEADERS = { 'X-Bkapi-Authorization': JSON.stringify(DEMO) };
const esbPath = (e) => `/api/c/compapi/v2/itsm/${e}/`;
const gwPath = (e, stage = 'prod') => `/api/bk-itsm/${stage}/v2/itsm/${e}/`;

const INFO_KEYS = [
  'id', 'catalog_id', 'service_id', 'flow_id', 'sn', 'title', 'current_status', 'current_steps', 'comment_id',
  'is_commented', 'updated_by', 'update_at', 'end_at', 'creator', 'create_at', 'bk_biz_id', 'fields', 'iframe_ticket_url', 'ticket_url',
];
const STEP_KEYS = ['name', 'state_id', 'status', 'action_type', 'tag', 'processors_type', 'processors'];
const FIELD_KEYS = ['id', 'key', 'type', 'name', 'desc', 'value', 'display_value'];
const STATUS_KEYS = ['ticket_url', 'iframe_ticket_url', 'operations', 'current_status', 'current_steps', 'is_commented'];
const LOGS_KEYS = ['sn', 'title', 'create_at', 'creator', 'logs'];
const SIMPLE_LOG_KEYS = ['operator', 'operate_at', 'message', 'source'];
const COMPLEX_LOG_KEYS = [...SIMPLE_LOG_KEYS, 'form_data', 'from_state_type'];
const USER_BASE_KEYS = [
  'sn', 'id', 'title', 'service_id', 'service_type', 'meta', 'bk_biz_id', 'current_status', 'create_at', 'creator',
  'is_supervise_needed', 'flow_id', 'supervise_type', 'supervisor', 'project_key', 'current_processors',
];
const USER_ITEM_KEYS = [
  ...USER_BASE_KEYS, 'service_name', 'current_status_display', 'current_steps', 'priority_name', 'can_comment', 'can_operate',
  'waiting_approve', 'followers', 'comment_id', 'can_supervise', 'can_withdraw', 'sla', 'sla_color',
];
const END = new Set(['FINISHED', 'TERMINATED', 'REVOKED']);
const TIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

let srv;
/** Every ticket as get_tickets serves it (paging off), newest first. */
let all;
before(async () => {
  srv = await startServer({ port: 0, tickets: 200 });
  const r = await fetch(srv.url + gwPath('get_tickets'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...GW_HEADERS },
    body: JSON.stringify({ page_size: 0 }),
  });
  all = (await r.json()).data;
  assert.equal(all.length, 200);
});
after(() => srv.close());

const gwGet = async (endpoint, params = {}, headers = GW_HEADERS) => {
  const r = await fetch(`${srv.url}${gwPath(endpoint)}?${new URLSearchParams(params)}`, { headers });
  return { status: r.status, headers: r.headers, body: await r.json() };
};
const esbGet = async (endpoint, params = {}, auth = ESB_USER) => {
  const r = await fetch(`${srv.url}${esbPath(endpoint)}?${new URLSearchParams({ ...auth, ...params })}`);
  return { status: r.status, body: await r.json() };
};
const byUser = async (params) => (await gwGet('get_tickets_by_user', params)).body;
/** Every item of a view, walking the pages with page_size 50. */
async function walk(params) {
  const items = [];
  for (let page = 1; ; page++) {
    const b = await byUser({ page_size: 50, ...params, page });
    assert.equal(b.result, true, b.message);
    items.push(...b.data.items);
    if (page >= b.data.total_page) {
      assert.equal(items.length, b.data.count);
      return items;
    }
  }
}
const ids = (items) => new Set(items.map((i) => i.id));
const ticket = (id) => all.find((t) => t.id === id);
const info = async (sn) => (await gwGet('get_ticket_info', { sn })).body.data;

describe('get_ticket_info', () => {
  test('gateway: the serializer\'s members in order, no service_type or is_biz_need, same ticket as get_tickets', async () => {
    for (const t of all.slice(0, 40)) {
      const { status, headers, body } = await gwGet('get_ticket_info', { sn: t.sn });
      assert.equal(status, 200);
      assert.match(headers.get('x-bkapi-request-id'), /^[0-9a-f-]{36}$/);
      assert.deepEqual(Object.keys(body), ['result', 'code', 'message', 'data']);
      const d = body.data;
      assert.deepEqual(Object.keys(d), INFO_KEYS);
      for (const k of ['id', 'catalog_id', 'service_id', 'flow_id', 'sn', 'title', 'current_status', 'comment_id', 'is_commented', 'updated_by', 'update_at', 'end_at', 'creator', 'create_at', 'bk_biz_id', 'ticket_url', 'iframe_ticket_url']) {
        assert.deepEqual(d[k], t[k], `${t.sn} ${k}`);
      }
      for (const s of d.current_steps) {
        assert.deepEqual(Object.keys(s), STEP_KEYS);
        assert.equal(typeof s.processors, 'string');
      }
      if (END.has(t.current_status)) assert.deepEqual(d.current_steps, []);
      for (const f of d.fields) assert.deepEqual(Object.keys(f), FIELD_KEYS);
      assert.deepEqual(d.fields.map((f) => f.id), d.fields.map((f) => f.id).toSorted((a, b) => a - b));
    }
  });

  test('ESB: GET query or POST body, request_id, same data as the gateway', async () => {
    const t = all[3];
    const viaGet = await esbGet('get_ticket_info', { sn: t.sn });
    assert.equal(viaGet.status, 200);
    assert.match(viaGet.body.request_id, /^[0-9a-f]{32}$/);
    const r = await fetch(srv.url + esbPath('get_ticket_info'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...ESB_USER, sn: t.sn }),
    });
    const viaPost = await r.json();
    assert.deepEqual(viaPost.data, viaGet.body.data);
    assert.deepEqual(viaGet.body.data, await info(t.sn));
  });

  test('nulls and display values: open tickets have end_at null, fields whose display differs, null desc and value', async () => {
    const open = all.find((t) => t.current_status === 'RUNNING');
    assert.equal((await info(open.sn)).end_at, null);
    const fields = [];
    for (const t of all.slice(0, 60)) fields.push(...(await info(t.sn)).fields);
    const status = fields.find((f) => f.key === 'current_status' && f.value === 'RUNNING');
    assert.equal(status.display_value, '处理中');
    assert.ok(fields.some((f) => f.type === 'MULTISELECT' && f.display_value !== f.value && f.display_value.includes('环境')));
    assert.ok(fields.some((f) => f.type === 'TREESELECT' && f.value === '3' && f.display_value === '平台->作业平台->执行失败'));
    assert.ok(fields.some((f) => f.value === null && f.display_value === ''), 'an unfilled field');
    assert.ok(fields.some((f) => f.type === 'INPUTSELECT' && f.display_value === null), 'unknown INPUTSELECT key');
    assert.ok(fields.some((f) => f.type === 'TABLE' && Array.isArray(f.value) && Array.isArray(f.display_value)));
    assert.ok(fields.some((f) => f.type === 'INT' && typeof f.value === 'string'), 'INT values are stored text');
    assert.ok(fields.some((f) => f.desc === null));
    assert.ok(fields.some((f) => /[\u4e00-\u9fff]/.test(f.name)) && fields.some((f) => /^[A-Za-z]/.test(f.display_value ?? '')));
  });

  test('the XSS ticket keeps its title everywhere', async () => {
    const t = ticket(XSS_TICKET_ID);
    assert.equal(t.title, XSS_TITLE);
    const d = await info(t.sn);
    assert.equal(d.title, XSS_TITLE);
    assert.ok(d.fields.some((f) => f.key !== 'title' && f.value === XSS_TITLE));
    const logs = (await gwGet('get_ticket_logs', { sn: t.sn })).body.data;
    assert.equal(logs.title, XSS_TITLE);
    assert.ok(logs.logs.some((l) => l.message.includes(XSS_TITLE)));
  });

  test('not found: 3900022 on both doors, also without sn; the last of repeated sn counts', async () => {
    const expected = { result: false, code: 3900022, data: null, message: '没有找到对应的单据' };
    for (const e of ['get_ticket_info', 'get_ticket_status', 'get_ticket_logs']) {
      for (const params of [{ sn: 'REQ20990101000001' }, {}, { sn: ` ${all[0].sn}` }]) {
        assert.deepEqual((await gwGet(e, params)).body, expected);
        const { request_id, ...rest } = (await esbGet(e, params)).body;
        assert.deepEqual(rest, expected);
        assert.match(request_id, /^[0-9a-f]{32}$/);
      }
    }
    const r = await fetch(`${srv.url}${gwPath('get_ticket_info')}?sn=nope&sn=${all[0].sn}`, { headers: GW_HEADERS });
    assert.equal((await r.json()).data.sn, all[0].sn);
  });
});

describe('get_ticket_status', () => {
  test('steps carry fields and operations; ticket operations follow the status', async () => {
    const seen = new Set();
    for (const t of all.slice(0, 80)) {
      const d = (await gwGet('get_ticket_status', { sn: t.sn })).body.data;
      assert.deepEqual(Object.keys(d), STATUS_KEYS);
      assert.equal(d.ticket_url, t.ticket_url);
      assert.equal(d.current_status, t.current_status);
      assert.equal(d.is_commented, t.is_commented);
      const keys = d.operations.map((o) => o.key);
      for (const o of d.operations) assert.deepEqual(Object.keys(o), ['key', 'name', 'can_operate']);
      if (END.has(t.current_status)) {
        assert.deepEqual(d.operations, []);
        assert.deepEqual(d.current_steps, []);
      }
      if (t.current_status === 'RUNNING') assert.ok(keys.includes('SUSPEND'));
      if (t.current_status === 'SUSPENDED') {
        assert.ok(keys.includes('UNSUSPEND'));
        for (const s of d.current_steps) assert.deepEqual(s.operations.map((o) => o.key), ['UNSUSPEND']);
      }
      for (const s of d.current_steps) {
        assert.deepEqual(Object.keys(s), [...STEP_KEYS, 'fields', 'operations']);
        for (const f of s.fields) {
          assert.equal(f.state_id, s.state_id);
          assert.ok(!('value' in f) && !('creator' in f) && !('show_conditions' in f));
        }
        for (const o of s.operations) seen.add(`${o.key}:${o.name}`);
      }
      keys.forEach((k, i) => seen.add(`${k}:${d.operations[i].name}`));
    }
    for (const k of ['WITHDRAW:撤单', 'SUSPEND:挂起', 'UNSUSPEND:恢复', 'TRANSITION:提交']) assert.ok(seen.has(k), k);
  });

  test('ESB and gateway agree', async () => {
    const t = all.find((x) => x.current_status === 'SUSPENDED');
    const a = (await esbGet('get_ticket_status', { sn: t.sn })).body.data;
    assert.deepEqual(a, (await gwGet('get_ticket_status', { sn: t.sn })).body.data);
  });
});

describe('get_ticket_logs', () => {
  test('simple (default, and any other show_type) vs complex', async () => {
    const t = all.find((x) => x.current_status === 'FINISHED');
    for (const show_type of [undefined, 'simple', 'COMPLEX', 'x']) {
      const d = (await gwGet('get_ticket_logs', show_type ? { sn: t.sn, show_type } : { sn: t.sn })).body.data;
      assert.deepEqual(Object.keys(d), LOGS_KEYS);
      for (const l of d.logs) assert.deepEqual(Object.keys(l), SIMPLE_LOG_KEYS);
    }
    const c = (await gwGet('get_ticket_logs', { sn: t.sn, show_type: 'complex' })).body.data;
    for (const l of c.logs) assert.deepEqual(Object.keys(l), COMPLEX_LOG_KEYS);
    assert.deepEqual(c.logs[0].form_data, {}); // the start log keeps the raw snapshot
    assert.equal(c.logs[0].from_state_type, '');
    assert.ok(c.logs.some((l) => l.from_state_type === 'NORMAL' && Array.isArray(l.form_data) && l.form_data.every((f) => Object.keys(f).join() === FIELD_KEYS.join())));
    assert.equal(c.logs.at(-1).message, '流程结束.');
    assert.equal(c.logs.at(-1).operate_at, t.end_at);
  });

  test('same ticket as get_tickets, chronological, every source, null operators', async () => {
    const sources = new Set();
    let allFive = null;
    let nullOperator = false;
    for (const t of all) {
      const d = (await gwGet('get_ticket_logs', { sn: t.sn, show_type: 'complex' })).body.data;
      assert.deepEqual([d.sn, d.title, d.create_at, d.creator], [t.sn, t.title, t.create_at, t.creator]);
      assert.equal(d.logs[0].operate_at, t.create_at);
      const times = d.logs.map((l) => l.operate_at);
      for (const at of times) assert.match(at, TIME_RE);
      assert.deepEqual(times, times.toSorted());
      assert.ok(times.at(-1) <= (t.end_at ?? t.update_at));
      const here = new Set(d.logs.map((l) => l.source));
      here.forEach((s) => sources.add(s));
      if (here.size === 5) allFive ??= t.sn;
      if (d.logs.some((l) => l.operator === null)) {
        nullOperator = true;
        assert.ok(d.logs.some((l) => l.message.startsWith('None ')), 'Python formats None as "None"');
      }
      if (d.logs.some((l) => l.from_state_type === 'TASK')) {
        const task = d.logs.find((l) => l.from_state_type === 'TASK');
        assert.equal(task.source, 'AUTOMATIC');
        assert.deepEqual(Object.keys(task.form_data[0]), ['output_variables']);
      }
    }
    assert.deepEqual([...sources].sort(), ['API', 'AUTOMATIC', 'MOBILE', 'SYS', 'WEB']);
    assert.ok(allFive, 'a ticket whose log has all five sources');
    assert.ok(nullOperator, 'a ticket without creator logs a null operator');
  });
});

describe('get_tickets_by_user', () => {
  test('ESB has no such component: 404 before authentication', async () => {
    for (const auth of [ESB_USER, {}]) {
      const { status, body } = await esbGet('get_tickets_by_user', { user: 'admin', view_type: 'my_todo' }, auth);
      assert.equal(status, 404);
      assert.deepEqual(body, { result: false, data: null, message: 'The content does not exist' });
    }
  });

  test('paged items: the TicketList members; legacy rows without node status are not enriched', async () => {
    const items = await walk({ user: 'admin', view_type: 'my_dealt' });
    assert.equal(items.length, 200, 'admin may view every service');
    assert.deepEqual(items.map((i) => i.id), all.map((t) => t.id), 'newest first');
    let legacy = 0;
    for (const i of items) {
      const t = ticket(i.id);
      assert.deepEqual([i.sn, i.title, i.current_status, i.creator, i.service_id, i.bk_biz_id, i.flow_id], [t.sn, t.title, t.current_status, t.creator, t.service_id, t.bk_biz_id, t.flow_id]);
      if (t.service_type === 'DEFAULT') {
        legacy++;
        const keys = Object.keys(i);
        assert.deepEqual(keys.slice(0, USER_BASE_KEYS.length), USER_BASE_KEYS);
        assert.ok(keys.length <= USER_BASE_KEYS.length + 1);
        assert.equal(i.create_at, t.create_at.replace(' ', 'T'), 'the raw datetime, ISO-formatted');
      } else {
        assert.deepEqual(Object.keys(i), USER_ITEM_KEYS);
        assert.equal(i.create_at, t.create_at);
        for (const s of i.current_steps) assert.deepEqual(Object.keys(s), ['id', 'tag', 'name', 'state_id', 'type']);
        assert.equal(i.can_operate, false);
        assert.equal(typeof i.current_status_display, 'string');
      }
      if (i.creator !== 'admin') assert.equal(i.comment_id, '-1');
      else if ('comment_id' in i) assert.ok(i.comment_id === '' || Number.isInteger(i.comment_id));
    }
    assert.ok(legacy > 0, 'the data set has legacy tickets');
  });

  test('my_created is get_tickets filtered by creator', async () => {
    for (const user of ['admin', 'alice', '张伟']) {
      const items = await walk({ user, view_type: 'my_created' });
      assert.deepEqual([...ids(items)], all.filter((t) => t.creator === user).map((t) => t.id));
      assert.ok(items.length > 0);
    }
  });

  test('my_todo: open tickets the user processes, a superset of get_tickets(username)', async () => {
    for (const user of ['admin', 'alice']) {
      const items = await walk({ user, view_type: 'my_todo' });
      assert.ok(items.length > 0);
      for (const i of items) {
        assert.ok(!END.has(i.current_status));
        assert.ok(i.current_processors.includes(`,${user},`));
      }
      const r = await fetch(srv.url + gwPath('get_tickets'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...GW_HEADERS },
        body: JSON.stringify({ username: user, page_size: 0 }),
      });
      const running = (await r.json()).data;
      assert.ok(running.length > 0);
      const todo = ids(items);
      for (const t of running) assert.ok(todo.has(t.id), `${t.sn} is RUNNING for ${user}`);
    }
  });

  test('my_history: updated_by names the user, who is not the creator', async () => {
    const items = await walk({ user: 'alice', view_type: 'my_history' });
    const expected = all.filter((t) => t.updated_by.split(',').includes('alice') && t.creator !== 'alice').map((t) => t.id);
    assert.deepEqual([...ids(items)], expected);
    assert.ok(expected.length > 0);
  });

  test('my_approval: to-dos standing at an approval node', async () => {
    const todo = ids(await walk({ user: 'admin', view_type: 'my_todo' }));
    const items = await walk({ user: 'admin', view_type: 'my_approval' });
    assert.ok(items.length > 0);
    for (const i of items) {
      assert.ok(todo.has(i.id));
      assert.ok(i.current_steps.some((s) => s.type === 'APPROVAL'));
    }
    assert.ok(items.some((i) => i.waiting_approve));
  });

  test('my_attention: tickets the user follows', async () => {
    const items = await walk({ user: 'alice', view_type: 'my_attention' });
    assert.ok(items.some((i) => i.id === XSS_TICKET_ID));
    for (const i of items) if ('followers' in i) assert.ok(i.followers.includes('alice'));
  });

  test('my_dealt (no get_dealt_tickets on the server): to-do, history and IAM-viewable services', async () => {
    const items = ids(await walk({ user: 'alice', view_type: 'my_dealt' }));
    for (const v of ['my_todo', 'my_history']) for (const id of ids(await walk({ user: 'alice', view_type: v }))) assert.ok(items.has(id));
    for (const t of all.filter((x) => [1, 3, 7].includes(x.service_id))) assert.ok(items.has(t.id));
    assert.ok(items.size < 200);
  });

  test('user and username: username wins; an empty user is the user "" (every ticket is a to-do)', async () => {
    const a = await byUser({ user: 'alice', username: 'admin', view_type: 'my_created', page_size: 5 });
    assert.ok(a.data.items.every((i) => i.creator === 'admin'));
    const b = await byUser({ user: '', view_type: 'my_todo' });
    assert.equal(b.data.count, 200);
    assert.equal((await byUser({ user: '', view_type: 'my_created' })).data.count, 0);
  });

  test('filters: service_id, catalog_id (root = all), create_at needs both ends, current_processor, exclude ignores view_type', async () => {
    const svc = await walk({ user: 'admin', view_type: 'my_dealt', service_id: '3' });
    assert.deepEqual([...ids(svc)], all.filter((t) => t.service_id === 3).map((t) => t.id));
    assert.equal((await byUser({ user: 'admin', view_type: 'my_dealt', service_id: '3.0' })).data.count, svc.length);
    assert.equal((await byUser({ user: 'admin', view_type: 'my_dealt', catalog_id: '1' })).data.count, 200);
    assert.equal((await byUser({ user: 'admin', view_type: 'my_dealt', catalog_id: '999' })).data.count, 200, 'unknown catalogue filters nothing');
    const cat5 = all.filter((t) => t.catalog_id === 5).length;
    assert.equal((await byUser({ user: 'admin', view_type: 'my_dealt', catalog_id: '5' })).data.count, cat5);
    const [lo, hi] = [all[150].create_at, all[50].create_at];
    assert.equal((await byUser({ user: 'admin', view_type: 'my_dealt', create_at__gte: lo })).data.count, 200, 'one end alone does nothing');
    assert.equal((await byUser({ user: 'admin', view_type: 'my_dealt', create_at__gte: lo, create_at__lte: hi })).data.count, 101, 'both ends inclusive');
    const cp = await walk({ user: 'admin', view_type: 'my_dealt', current_processor: 'alice' });
    assert.deepEqual(ids(cp), ids(await walk({ user: 'alice', view_type: 'my_todo' })));
    const ex = await byUser({ user: 'nobody', view_type: 'my_created', exclude_ticket_id__in: '200,199', page_size: 3 });
    assert.equal(ex.data.count, 198);
    assert.deepEqual(ex.data.items.map((i) => i.id), [198, 197, 196]);
    assert.equal((await byUser({ user: 'admin', view_type: 'my_dealt', service_id: '', create_at__gte: '' })).data.count, 200, 'blank optional values are absent');
  });

  test('parameter errors: 3900005 without user, 3900004 with Python-formatted DRF errors', async () => {
    const err = async (params) => {
      const { status, body } = await gwGet('get_tickets_by_user', params);
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), ['result', 'code', 'data', 'message']);
      assert.equal(body.result, false);
      assert.equal(body.data, null);
      return [body.code, body.message];
    };
    assert.deepEqual(await err({ view_type: 'my_todo' }), [3900005, '参数验证失败: user 为必填项']);
    const P = '接口异常，请检查请求参数: ';
    assert.deepEqual(await err({ user: 'a' }), [3900004, `${P}{'view_type': [ErrorDetail(string='该字段是必填项。', code='required')]}`]);
    assert.deepEqual(await err({ user: 'a', view_type: '' }), [3900004, `${P}{'view_type': [ErrorDetail(string='“” 不是合法选项。', code='invalid_choice')]}`]);
    assert.deepEqual(await err({ user: 'a', view_type: "it's" }), [3900004, `${P}{'view_type': [ErrorDetail(string="“it's” 不是合法选项。", code='invalid_choice')]}`]);
    assert.deepEqual(await err({ user: 'a', view_type: 'my_todo', service_id: '1.5', create_at__gte: '2024-01-01' }), [
      3900004,
      `${P}{'service_id': [ErrorDetail(string='请填写合法的整数值。', code='invalid')], 'create_at__gte': [ErrorDetail(string='日期时间格式错误。请从这些格式中选择：YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]。', code='invalid')]}`,
    ]);
    assert.deepEqual(await err({ user: 'a', view_type: 'my_todo', current_processor: '  ' }), [3900004, `${P}{'current_processor': [ErrorDetail(string='该字段不能为空。', code='blank')]}`]);
    assert.deepEqual(await err({ user: 'a', view_type: 'my_todo', exclude_ticket_id__in: '1,x' }), [3900004, `${P}Field 'id' expected a number but got 'x'.`]);
    // DRF's zh_CN "Invalid page.", as the real server words it (tests/real/recorded/; zh_Hans's
    // 无效页面。 before issue 18).
    for (const page of ['0', '99', '2.0', 'x']) assert.deepEqual(await err({ user: 'a', view_type: 'my_todo', page }), [3900004, `${P}无效页。`]);
  });

  test('an instance without tickets validates no filter; aware datetimes are naive UTC', async () => {
    const r = await fetch(`${srv.url}/__/n=0${gwPath('get_tickets_by_user')}?user=admin&view_type=bogus`, { headers: GW_HEADERS });
    assert.deepEqual((await r.json()).data, { page: 1, total_page: 1, count: 0, next: null, previous: null, items: [] });
    const t = all[100];
    const naive = await byUser({ user: 'admin', view_type: 'my_dealt', create_at__gte: t.create_at, create_at__lte: t.create_at });
    assert.deepEqual(naive.data.items.map((i) => i.id), [t.id]);
    // The same wall-clock text with Z is read as UTC and made naive in UTC: the same instant.
    const aware = await byUser({ user: 'admin', view_type: 'my_dealt', create_at__gte: `${t.create_at}Z`, create_at__lte: `${t.create_at}+00:00` });
    assert.deepEqual(aware.data.items.map((i) => i.id), [t.id]);
    const shifted = await byUser({ user: 'admin', view_type: 'my_dealt', create_at__gte: `${t.create_at}+08:00`, create_at__lte: `${t.create_at}+08:00` });
    assert.equal(shifted.data.items.some((i) => i.id === t.id), false, '+08:00 moves the bound 8 hours back');
  });

  test('paging: default 10, cap 10000, last, links on the backend URL, paging off', async () => {
    const base = { user: 'admin', view_type: 'my_dealt' };
    const p1 = (await byUser(base)).data;
    assert.deepEqual(Object.keys(p1), ['page', 'total_page', 'count', 'next', 'previous', 'items']);
    assert.deepEqual([p1.page, p1.total_page, p1.count, p1.items.length, p1.previous], [1, 20, 200, 10, null]);
    assert.equal(p1.next, 'http://itsm.backend.local/openapi/ticket/get_tickets_by_user/?page=2&user=admin&view_type=my_dealt');
    const p2 = (await byUser({ ...base, page: '2', page_size: '30' })).data;
    assert.equal(p2.previous, 'http://itsm.backend.local/openapi/ticket/get_tickets_by_user/?page_size=30&user=admin&view_type=my_dealt');
    const last = (await byUser({ ...base, page: 'last', page_size: '30' })).data;
    assert.deepEqual([last.page, last.items.length, last.next], [7, 20, null]);
    assert.equal((await byUser({ ...base, page_size: '20000' })).data.items.length, 200);
    // Paging off: a bare array, without the envelope (a values() QuerySet that ApiGatewayMixin
    // does not wrap; tests/real/recorded/get_tickets_by_user.json "paging-off"; before issue 18
    // this expected the array in `data`).
    for (const page_size of ['0', '-1', 'abc', '']) {
      const off = await byUser({ ...base, page_size });
      assert.ok(Array.isArray(off), `page_size=${page_size} turns paging off`);
      assert.equal(off.length, 200);
    }
    const empty = (await byUser({ user: 'nobody', view_type: 'my_created' })).data;
    assert.deepEqual([empty.page, empty.total_page, empty.count, empty.items], [1, 1, 0, []]);
  });
});

describe('doors and test prefixes on the read paths', () => {
  test('same authentication as get_tickets on each door', async () => {
    const sn = all[0].sn;
    assert.equal((await esbGet('get_ticket_info', { sn }, DEMO)).body.code, 1306000, 'ESB needs a user');
    assert.equal((await esbGet('get_ticket_info', { sn }, {})).body.message, 'APP Code [bk_app_code] cannot be empty');
    const noCreds = await gwGet('get_ticket_info', { sn }, {});
    assert.equal(noCreds.status, 400);
    assert.equal(noCreds.body.code, 1640001);
    assert.equal(noCreds.headers.get('x-bkapi-error-code'), '1640001');
    const bad = await gwGet('get_ticket_info', { sn }, { 'X-Bkapi-Authorization': JSON.stringify({ ...DEMO, bk_app_secret: 'x' }) });
    assert.match(bad.body.message, /bk_app_code or bk_app_secret is incorrect/);
    // The gateway needs no user for these resources.
    assert.equal((await gwGet('get_ticket_info', { sn })).body.result, true);
  });

  test('ESB: parameters get_tickets would refuse do not matter; the last of a repeated key counts', async () => {
    const sn = all[0].sn;
    const b = (await esbGet('get_ticket_info', { sn, page: '99', create_at__lte: 'bad' })).body;
    assert.equal(b.data.sn, sn);
    const q = new URLSearchParams({ ...ESB_USER, sn: 'nope' });
    q.append('sn', sn);
    assert.equal((await (await fetch(`${srv.url}${esbPath('get_ticket_status')}?${q}`)).json()).data.ticket_url, all[0].ticket_url);
    const r = await fetch(srv.url + esbPath('get_ticket_logs'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...ESB_USER, sn, show_type: 'complex' }),
    });
    assert.deepEqual(Object.keys((await r.json()).data.logs[0]), COMPLEX_LOG_KEYS);
  });

  test('gateway: GET only, known stages only; the backend refuses direct calls', async () => {
    const post = await fetch(srv.url + gwPath('get_ticket_info'), { method: 'POST', headers: { 'Content-Type': 'application/json', ...GW_HEADERS }, body: '{}' });
    assert.equal(post.status, 404);
    assert.equal((await post.json()).code, 1640401);
    const stag = await fetch(`${srv.url}${gwPath('get_ticket_info', 'stag')}?sn=${all[0].sn}`, { headers: GW_HEADERS });
    assert.equal((await stag.json()).data.sn, all[0].sn);
    const bogus = await fetch(`${srv.url}${gwPath('get_ticket_info', 'dev')}?sn=${all[0].sn}`, { headers: GW_HEADERS });
    assert.equal(bogus.status, 404);
    assert.match((await bogus.json()).message, /path="\/api\/bk-itsm\/dev\/v2\/itsm\/get_ticket_info\/"/);
    const direct = await fetch(`${srv.url}/openapi/ticket/get_ticket_logs/?sn=${all[0].sn}`);
    assert.equal(direct.status, 403);
  });

  test('faults, delay, tag and CORS work on these paths', async () => {
    const sn = all[0].sn;
    const q = `?sn=${sn}`;
    const r502 = await fetch(`${srv.url}/__/fault=html502${gwPath('get_ticket_status')}${q}`);
    assert.equal(r502.status, 502);
    const bad = await (await fetch(`${srv.url}/__/fault=badfield${gwPath('get_ticket_info')}${q}`)).json();
    assert.deepEqual([bad.data.id, bad.data.sn], ['abc', 5]);
    const badItems = await (await fetch(`${srv.url}/__/fault=badfield${gwPath('get_tickets_by_user')}?user=admin&view_type=my_todo`)).json();
    assert.equal(badItems.data.items[0].id, 'abc');
    const notArray = await (await fetch(`${srv.url}/__/fault=itemsnotarray${gwPath('get_ticket_logs')}${q}`)).json();
    assert.ok(!Array.isArray(notArray.data.logs));
    const trunc = await (await fetch(`${srv.url}/__/fault=truncated${esbPath('get_ticket_info')}${q}`)).text();
    assert.throws(() => JSON.parse(trunc));
    const code = await (await fetch(`${srv.url}/__/fault=codestr${esbPath('get_ticket_logs')}${q}`)).json();
    assert.equal(code.code, 'SERVER_500_ERROR');
    assert.match(code.request_id, /^[0-9a-f]{32}$/);
    const nul = await (await fetch(`${srv.url}/__/fault=datanull${gwPath('get_ticket_info')}${q}`)).json();
    assert.deepEqual(nul, { result: true, code: 0, message: 'success', data: null });
    const t0 = Date.now();
    const slow = await fetch(`${srv.url}/__/tag=read,delay=150${gwPath('get_ticket_info')}${q}`, { headers: { ...GW_HEADERS, Origin: 'http://localhost:5173' } });
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(slow.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal((await slow.json()).data.sn, sn);
    const log = await (await fetch(`${srv.url}/__log?tag=read`)).json();
    assert.equal(log.at(-1).path, gwPath('get_ticket_info'));
    assert.deepEqual(log.at(-1).query, { sn });
  });
});
