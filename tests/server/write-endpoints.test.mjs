// Self-test of the service catalogue and the write endpoints on both doors:
// `node --test tests/server/`. Expectations come from WRITE-ENDPOINTS.md (the bk-itsm source);
// state is checked through the read endpoints, which know nothing of how it was written.
// Every test writes under a tag of its own, so none sees another's tickets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { startServer } from './server.mjs';

const DEMO = { bk_app_code: 'bk-itsm-demo', bk_app_secret: 'demo-secret-3f9a1c0e7b' };
const TRUSTED = { bk_app_code: 'bk-itsm-trusted', bk_app_secret: 'trusted-secret-8d2e4b6a1f' };
const TOKEN = { admin: 'test-token-admin', alice: 'test-token-alice' };
const API = '接口异常，请检查请求参数: ';
const SN_RE = /^(REQ|INC|CRQ|PBI)\d{8}\d{6}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
before(async () => {
  srv = await startServer({ port: 0 });
});
after(() => srv.close());

/** A caller: door, tag (its own writes), who the credentials name, other prefix options. */
function client({ tag, door = 'gateway', as = 'alice', flowdelay = 0, prefix = '', headers = {} } = {}) {
  const pre = `/__/tag=${tag},flowdelay=${flowdelay}${prefix}`;
  const auth = as === null ? DEMO : { ...DEMO, bk_token: TOKEN[as] };
  const call = async (endpoint, params = {}, method) => {
    const isGet = method ? method === 'GET' : endpoint.startsWith('get_') && endpoint !== 'get_tickets';
    let url;
    const init = { method: isGet ? 'GET' : 'POST', headers: { ...headers } };
    if (door === 'gateway') {
      url = `${srv.url}${pre}/api/bk-itsm/prod/v2/itsm/${endpoint}/`;
      init.headers['X-Bkapi-Authorization'] = JSON.stringify(auth);
      if (isGet) url += `?${new URLSearchParams(params)}`;
    } else {
      url = `${srv.url}${pre}/api/c/compapi/v2/itsm/${endpoint}/`;
      if (isGet) url += `?${new URLSearchParams({ ...auth, ...params })}`;
      else params = { ...auth, ...params };
    }
    if (!isGet) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(params);
    }
    const r = await fetch(url, init);
    const body = await r.json();
    return Object.assign(body, { status: r.status, headers: r.headers });
  };
  return {
    call,
    /** The data of a successful call (fails the test with the message otherwise). */
    ok: async (endpoint, params, method) => {
      const b = await call(endpoint, params, method);
      assert.equal(b.result, true, `${endpoint}: ${b.code} ${b.message}`);
      return b.data;
    },
    /** [code, message] of a refused call, after checking the error envelope. */
    err: async (endpoint, params, method) => {
      const b = await call(endpoint, params, method);
      assert.equal(b.status, 200);
      assert.equal(b.result, false, `${endpoint} succeeded: ${JSON.stringify(b.data)}`);
      const keys = Object.keys(b).filter((k) => k !== 'status' && k !== 'headers' && k !== 'request_id');
      assert.deepEqual(keys, ['result', 'code', 'data', 'message']);
      assert.equal(b.data, null);
      return [b.code, b.message];
    },
  };
}

const waitFor = async (fn, what, ms = 6000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
};
const reset = (tag) => fetch(`${srv.url}/__log?tag=${encodeURIComponent(tag)}`, { method: 'DELETE' });

const F = (key, value) => ({ key, value });
/** A valid form for service 1 (服务器资源申请: flow 11, 直属上级审批 -> 资源交付 -> 自动开通). */
const svc1 = (extra = {}) => ({ service_id: 1, fields: [F('title', '申请 2 台机器'), F('apply_content', '压测')], ...extra });
/** A valid form for service 13 (every field type): the required ones only. */
const svc13 = (fields = [], extra = {}) => ({
  service_id: 13,
  fields: [F('title', 'all types'), F('description', 'd'), F('quantity', '2'), F('env', 'test'), F('urgency', 'high'), F('rollback_plan', ''), ...fields],
  ...extra,
});

/** Create and wait until the flow stands at its first node; returns the ticket's status. */
async function createAndStart(c, body) {
  const { sn } = await c.ok('create_ticket', body);
  const st = await waitFor(async () => {
    const s = await c.ok('get_ticket_status', { sn });
    return s.current_steps.length || s.operations.length === 0 ? s : null;
  }, 'the flow to start');
  return { sn, st };
}

// ---------------------------------------------------------------- catalogue

describe('the service catalogue', () => {
  test('get_service_catalogs: the project tree, children newest first, name and project filters, both doors', async () => {
    const c = client({ tag: 'cat1' });
    const tree = await c.ok('get_service_catalogs');
    assert.equal(tree.length, 1);
    assert.deepEqual(Object.keys(tree[0]), ['id', 'key', 'name', 'level', 'desc', 'children']);
    assert.deepEqual([tree[0].id, tree[0].key, tree[0].level], [1, 'root', 0]);
    assert.deepEqual(tree[0].children.map((x) => x.id), [10, 9, 7, 8, 2, 12], 'newest first, the deleted catalogue 15 absent');
    const it = tree[0].children.find((x) => x.id === 2);
    assert.deepEqual(it.children.map((x) => [x.id, x.level]), [[4, 2], [3, 2]]);
    assert.equal(it.children[0].desc, null, 'desc is nullable');
    const devops = await c.ok('get_service_catalogs', { project_key: 'devops' });
    assert.deepEqual(devops.map((x) => x.id), [13]);
    assert.deepEqual((await c.ok('get_service_catalogs', { name: 'IT 服务' })).map((x) => [x.id, x.children.length]), [[2, 2]]);
    assert.deepEqual(await c.ok('get_service_catalogs', { name: 'IT 服务', project_key: 'devops' }), []);
    const esb = await client({ tag: 'cat1', door: 'esb' }).call('get_service_catalogs');
    assert.deepEqual(esb.data, tree);
    assert.match(esb.request_id, /^[0-9a-f]{32}$/);
    assert.equal(esb.headers.get('x-bkapi-request-id'), null);
  });

  test('get_service_catalogs with has_service / service_key: bound catalogues, only the first level filtered', async () => {
    const c = client({ tag: 'cat2' });
    const tree = await c.ok('get_service_catalogs', { has_service: 'true' });
    const root = tree[0];
    assert.ok(!root.children.some((x) => x.id === 13), 'another project is not bound here');
    // open_api_subtree filters the root's children only: catalogue 11 (no services) still shows.
    assert.deepEqual(root.children.find((x) => x.id === 10).children.map((x) => x.id), [11]);
    const events = await c.ok('get_service_catalogs', { service_key: 'event' });
    assert.deepEqual(events[0].children.map((x) => x.id), [8], 'only the ancestors of event services');
    assert.deepEqual(await c.ok('get_service_catalogs', { service_key: 'nothing' }), []);
    const none = await c.ok('get_service_catalogs', { has_service: 'true', project_key: 'nothing' });
    assert.deepEqual(none.map((x) => x.id), [1, 13], 'a project without bindings: every root, unfiltered');
  });

  test('get_services: enabled services, catalogue exact (not descendants), type, display filters; bad ids are 3900004', async () => {
    const c = client({ tag: 'cat3' });
    const all = await c.ok('get_services');
    assert.deepEqual(Object.keys(all[0]), ['id', 'name', 'service_type', 'desc']);
    assert.ok(!all.some((s) => s.id === 14), 'the disabled service is not listed');
    assert.ok(all.some((s) => s.id === 15) && all.some((s) => s.id === 16), 'no catalogue and invisible ones are');
    assert.deepEqual((await c.ok('get_services', { catalog_id: '3' })).map((s) => s.id), [1, 2, 17]);
    assert.deepEqual(await c.ok('get_services', { catalog_id: '2' }), [], 'a parent catalogue has no services of its own');
    assert.deepEqual((await c.ok('get_services', { service_type: 'change' })).map((s) => s.id), [5, 6]);
    assert.deepEqual((await c.ok('get_services', { display_type: 'INVISIBLE' })).map((s) => s.name), ['内置审批服务']);
    assert.deepEqual((await c.ok('get_services', { display_role: '3' })).map((s) => s.id), [18]);
    assert.deepEqual(await c.err('get_services', { catalog_id: 'x' }), [3900004, `${API}Field 'id' expected a number but got 'x'.`]);
  });

  test('get_service_detail: the serializer\'s members, every field type, 3900404 for a missing or disabled service', async () => {
    const c = client({ tag: 'cat4' });
    const d = await c.ok('get_service_detail', { service_id: '13' });
    assert.deepEqual(Object.keys(d), ['service_id', 'workflow_id', 'name', 'service_type', 'desc', 'fields']);
    assert.deepEqual([d.service_id, d.workflow_id, d.service_type], [13, 71, 'request']);
    const MEMBERS = [
      'id', 'key', 'type', 'default', 'name', 'desc', 'choice', 'layout', 'source_type', 'source_uri', 'api_instance_id',
      'kv_relation', 'validate_type', 'regex', 'regex_config', 'custom_regex', 'meta', 'show_type', 'show_conditions',
    ];
    for (const f of d.fields) {
      const want = f.source_type === 'API' ? [...MEMBERS.slice(0, 11), 'api_info', ...MEMBERS.slice(11)] : MEMBERS;
      assert.deepEqual(Object.keys(f), want, f.key);
      assert.equal(typeof f.default, 'string');
    }
    const types = new Set(d.fields.map((f) => f.type));
    for (const t of ['STRING', 'TEXT', 'INT', 'DATE', 'DATETIME', 'DATETIMERANGE', 'TABLE', 'SELECT', 'INPUTSELECT', 'MULTISELECT', 'CHECKBOX', 'RADIO', 'MEMBER', 'MEMBERS', 'RICHTEXT', 'FILE', 'CUSTOMTABLE', 'TREESELECT', 'LINK', 'CUSTOM-FORM', 'CASCADE']) {
      assert.ok(types.has(t), t);
    }
    assert.ok(!d.fields.some((f) => f.key === 'obsolete'), 'a field switched off is not served');
    assert.deepEqual(new Set(d.fields.map((f) => f.source_type)), new Set(['CUSTOM', 'DATADICT', 'API', 'RPC']));
    assert.equal(d.fields.find((f) => f.key === 'region').choice.length, 0, 'dictionary choices are the server\'s secret');
    assert.equal(d.fields.find((f) => f.key === 'rollback_plan').show_type, 0);
    for (const id of ['14', '999', '']) assert.deepEqual(await c.err('get_service_detail', id ? { service_id: id } : {}), [3900404, '查找对象不存在']);
    assert.deepEqual(await client({ tag: 'cat4', prefix: ',lang=en' }).err('get_service_detail', { service_id: '14' }), [3900404, '查找对象不存在']);
    assert.deepEqual(await c.err('get_service_detail', { service_id: 'x' }), [3900004, `${API}Field 'id' expected a number but got 'x'.`]);
    assert.equal((await c.ok('get_service_detail', { service_id: ' 15 ' })).service_id, 15, 'no catalogue does not matter here');
    const seeded = await client({ tag: 'cat4', door: 'esb' }).ok('get_service_detail', { service_id: '1' });
    assert.deepEqual(seeded.fields.map((f) => f.key), ['title', 'priority', 'apply_content', 'apply_count', 'environment', 'members', 'expected_at']);
  });
});

// ---------------------------------------------------------------- create_ticket

describe('create_ticket', () => {
  test('returns {sn, id, ticket_url}; the number is prefix + date + a daily counter; creator falls back to the caller', async () => {
    const c = client({ tag: 'create1' });
    const a = await c.call('create_ticket', svc1());
    assert.deepEqual(Object.keys(a.data), ['sn', 'id', 'ticket_url']);
    assert.match(a.data.sn, SN_RE);
    assert.ok(a.data.sn.startsWith('REQ'));
    assert.ok(a.data.id > 2000);
    assert.equal(a.data.ticket_url, `http://paas.bk.local/o/bk_itsm/#/ticket/detail?id=${a.data.id}`);
    const info = await c.ok('get_ticket_info', { sn: a.data.sn });
    assert.equal(info.creator, 'alice', 'no creator in the body: the authenticated user');
    const e = client({ tag: 'create1', door: 'esb', as: 'admin' });
    const b = await e.call('create_ticket', { service_id: 3, fields: [F('title', 'db slow'), F('impact', 'high'), F('description', 'x')] });
    assert.match(b.request_id, /^[0-9a-f]{32}$/);
    assert.ok(b.data.sn.startsWith('INC'));
    assert.equal((await e.ok('get_ticket_info', { sn: b.data.sn })).creator, 'admin');
    const named = await c.ok('create_ticket', svc1({ creator: 'bob' }));
    assert.equal((await c.ok('get_ticket_info', { sn: named.sn })).creator, 'bob', 'the body names anyone');
    assert.equal(Number(named.sn.slice(-6)), Number(a.data.sn.slice(-6)) + 1);
  });

  test('the flow starts asynchronously: first no step, no field, no log; then the first node', async () => {
    const c = client({ tag: 'async1', flowdelay: 1500 });
    const { sn, id } = await c.ok('create_ticket', svc1());
    const st = await c.ok('get_ticket_status', { sn });
    assert.deepEqual(st.current_steps, []);
    assert.deepEqual(st.operations.map((o) => o.key), ['SUSPEND'], 'not withdrawable before the submit node exists');
    assert.equal(st.current_status, 'RUNNING');
    assert.deepEqual((await c.ok('get_ticket_info', { sn })).fields, []);
    assert.deepEqual((await c.ok('get_ticket_logs', { sn })).logs, []);
    assert.equal((await c.ok('get_tickets', { sns: [sn] })).items[0].id, id, 'listed at once');
    const later = await waitFor(async () => ((await c.ok('get_ticket_status', { sn })).current_steps.length ? c.ok('get_ticket_status', { sn }) : null), 'the first node');
    assert.deepEqual(later.current_steps.map((s) => [s.name, s.status, s.processors]), [['直属上级审批', 'RUNNING', 'admin,alice']]);
    assert.deepEqual(later.operations.map((o) => o.key), ['WITHDRAW', 'SUSPEND']);
    const logs = (await c.ok('get_ticket_logs', { sn, show_type: 'complex' })).logs;
    assert.deepEqual(logs.map((l) => [l.operator, l.message, l.source, l.from_state_type]), [
      ['alice', '流程开始.', 'WEB', ''],
      ['alice', 'alice 处理【提单】', 'WEB', 'NORMAL'],
    ]);
    assert.deepEqual(logs[1].form_data.map((f) => [f.key, f.value]), [['title', '申请 2 台机器'], ['priority', null], ['apply_content', '压测'], ['apply_count', null], ['environment', null], ['members', null], ['expected_at', null]]);
    const fields = (await c.ok('get_ticket_info', { sn })).fields;
    assert.deepEqual(fields.slice(0, 3).map((f) => [f.key, f.value, f.display_value]), [['title', '申请 2 台机器', '申请 2 台机器'], ['current_status', 'RUNNING', '处理中'], ['priority', null, '']]);
  });

  test('a created ticket is in every read: get_tickets filters, get_tickets_by_user views', async () => {
    const c = client({ tag: 'reads1' });
    const { sn, st } = await createAndStart(c, svc1({ creator: 'alice', tag: 'ops' }));
    assert.equal(st.current_steps[0].name, '直属上级审批');
    const page = await c.ok('get_tickets', { creator: 'alice', tag: 'ops', page_size: 5 });
    assert.equal(page.items[0].sn, sn);
    assert.equal((await c.ok('get_tickets', { username: 'admin', page_size: 1 })).items[0].sn, sn, 'admin is a current processor');
    const mine = await c.ok('get_tickets_by_user', { user: 'alice', view_type: 'my_created', page_size: 1 });
    assert.equal(mine.items[0].sn, sn);
    assert.equal(mine.items[0].service_name, '服务器资源申请');
    assert.equal(mine.items[0].can_withdraw, true);
    assert.equal(mine.items[0].current_processors, ',admin,alice,');
    const approvals = await c.ok('get_tickets_by_user', { user: 'admin', view_type: 'my_approval', page_size: 1 });
    assert.equal(approvals.items[0].sn, sn);
    assert.equal(approvals.items[0].waiting_approve, true);
    const other = client({ tag: 'reads1-other' });
    assert.notEqual((await other.ok('get_tickets', { page_size: 1 })).items[0].sn, sn, 'another tag does not see it');
  });

  test('checks in the server\'s order, each with its code and message', async () => {
    const c = client({ tag: 'create2' });
    const svc = (m) => `${API}{'服务': ErrorDetail(string='${m}', code='invalid')}`;
    const cases = [
      [{}, 3900004, svc('服务不存在，请联系管理员！')],
      [{ service_id: 999 }, 3900004, svc('服务不存在，请联系管理员！')],
      [{ service_id: 'x' }, 3900004, `${API}Field 'id' expected a number but got 'x'.`],
      [{ service_id: 14 }, 3900004, svc('服务未启用，请联系管理员！')],
      [{ service_id: 15 }, 3900004, svc('服务对应的服务目录不存在')],
      [{ service_id: 12, fields: [F('title', 'x')] }, 3900004, `${API}{'工单状态': ErrorDetail(string='工单状态不存在，请检查', code='invalid')}`],
      [svc1({ meta: { state_processors: { 9: 'bob' } } }), 3900004, `${API}{'state_processors': ErrorDetail(string='服务:服务器资源申请, 节点(9)不存在', code='invalid')}`],
      [svc1({ meta: { state_processors: { 1103: '' } } }), 3900004, `${API}{'state_processors': ErrorDetail(string='服务:服务器资源申请, 节点(直属上级审批)对应的审批人不允许为空', code='invalid')}`],
      [svc1({ creator: '' }), 3900004, `${API}{'creator': [ErrorDetail(string='该字段不能为空。', code='blank')]}`],
      [svc1({ creator: null }), 3900004, `${API}{'creator': [ErrorDetail(string='该字段不能为 null。', code='null')]}`],
      [{ service_id: 1 }, 3900004, `${API}'title'`],
      [{ service_id: 1, fields: [] }, 3900004, `${API}'title'`],
      [{ service_id: 1, fields: [F('apply_content', 'x')] }, 3900004, `${API}'title'`],
      [{ service_id: 1, fields: [{ key: 'title' }] }, 3900004, `${API}'value'`],
      [{ service_id: 1, fields: [F('title', 'x')] }, 3900003, "提单失败: 单据创建失败，缺少参数：['apply_content']"],
      [{ service_id: 18, creator: 'alice', fields: [F('title', 'x'), F('impact', 'high')] }, 3900003, '提单失败: 【alice】没有任务【提单】的【提交】操作权限.'],
      [svc1({ fields: [...svc1().fields, F('nope', 1)] }), 3900003, '提单失败: 【nope】字段不存在，请联系管理员'],
      [{ service_id: 1, fields: [F('title', 'x'), F('apply_content', '')] }, 3900003, '提单失败: 【申请内容】为必填项'],
      [{ service_id: 1, fields: [F('title', 'x'.repeat(129)), F('apply_content', 'x')] }, 3900003, '提单失败: 标题不能超过120个字符'],
      [{ service_id: 18, creator: 'bob', fields: [F('title', 'x'), F('impact', 'mid')] }, 3900003, '提单失败: 【影响范围】选项不匹配，请重新选择'],
      [svc1({ fields: [F('title', 'Hi 😀 there'), F('apply_content', 'x')] }), 3900004, `${API}(1366, "Incorrect string value: '\\\\xF0\\\\x9F\\\\x98\\\\x80 t...' for column \`bk_itsm\`.\`ticket_ticket\`.\`title\` at row 1")`],
    ];
    for (const [body, code, message] of cases) assert.deepEqual(await c.err('create_ticket', body), [code, message], JSON.stringify(body));
    assert.ok((await c.ok('create_ticket', { service_id: 1, fields: [F('title', 'x'.repeat(128)), F('apply_content', 'x')] })).sn, '128 characters pass');
  });

  test('the form\'s rules: required, conditional fields, choices of every source, tables, regexes, dates, custom regex', async () => {
    const c = client({ tag: 'create3' });
    assert.match((await c.ok('create_ticket', svc13())).sn, SN_RE);
    const bad = async (fields, message, base = svc13) => assert.deepEqual(await c.err('create_ticket', base(fields)), [3900003, message], JSON.stringify(fields));
    await bad([F('contact_phone', '123')], '提单失败: 【联系电话】输入格式不正确：包含了指定字符【内地手机号码】以外的内容');
    await bad([F('tags_en', 'abc\nd1')], '提单失败: 【English tags】输入格式不正确：包含了指定字符【英文】以外的内容');
    await bad([F('start_date', '2020-01-01')], '提单失败: 【开始日期】2020-01-01 不在当前日期之后');
    await bad([F('start_date', '2020/01/01')], '提单失败: 【开始日期】2020/01/01 不匹配日期格式%Y-%m-%d');
    await bad([F('deadline', '2020-01-01 00:00:00')], '提单失败: 【截止时间】2020-01-01 00:00:00 不在当前时间之后');
    await bad([F('history_date', '2099-01-01')], '提单失败: 【发现日期】2099-01-01 不在当前日期之前');
    await bad([F('servers', [{ host: 'web-01', ip: '' }])], '提单失败: 表格字段【服务器列表】的第【1】行【IP】为必填项');
    await bad([F('servers', 'web-01')], "提单失败: 'str' object has no attribute 'items'");
    await bad([F('accounts', [{ account: '', role: 'ro' }])], '提单失败: 表格字段【账号清单】的第【1】行【账号】为必填项');
    await bad([F('modules', 'web,cache')], '提单失败: 【模块】选项不匹配，请重新选择');
    await bad([F('modules', ['web'])], "提单失败: 'list' object has no attribute 'split'");
    await bad([F('category', 'hardware')], '提单失败: 【分类】选项不匹配，请重新选择');
    await bad([F('region', 'bj')], '提单失败: 【地域】选项不匹配，请重新选择');
    await bad([F('biz', '99')], '提单失败: 【业务】选项不匹配，请重新选择');
    await bad([F('retired_choice', 'a')], '提单失败: 【retired_choice】选项不存在，请联系管理员');
    await bad([F('project_code', 'ops-1')], "提单失败: 自定义正则出现异常， error = [ErrorDetail(string='用户输入的值不符合自定义正则规则', code='invalid')]");
    await bad([], "提单失败: 单据创建失败，缺少参数：['rollback_plan']", (f) => ({ ...svc13(f), fields: svc13(f).fields.filter((x) => x.key !== 'rollback_plan') }));
    // rollback_plan is hidden unless env is prod; shown, it is required (a ParamError inside).
    const prod = svc13();
    prod.fields = prod.fields.map((f) => (f.key === 'env' ? F('env', 'prod') : f));
    assert.deepEqual(await c.err('create_ticket', prod), [3900003, '提单失败: 参数验证失败: 【回滚方案】为必填项']);
    const good = svc13([F('category', 'laptop'), F('region', 'sg'), F('cluster', 'cls-prod'), F('biz', '2'), F('modules', 'web,db'), F('app_name', 'anything'), F('project_code', 'OPS-42'), F('start_date', '2999-01-01'), F('servers', [{ host: 'web-01', ip: '10.0.0.1' }])]);
    const { sn } = await c.ok('create_ticket', good);
    const fields = await waitFor(async () => {
      const f = (await c.ok('get_ticket_info', { sn })).fields;
      return f.length ? f : null;
    }, 'fields');
    const shown = Object.fromEntries(fields.map((f) => [f.key, f.display_value]));
    assert.equal(shown.category, '硬件->笔记本', 'a dictionary tree value shows its path');
    assert.equal(shown.region, 'Singapore');
    assert.equal(shown.modules, 'Web,数据库');
    assert.equal(shown.app_name, null, 'an INPUTSELECT key outside the choices has no display');
    assert.deepEqual(fields.find((f) => f.key === 'servers').value, [{ host: 'web-01', ip: '10.0.0.1' }]);
    assert.equal(fields.find((f) => f.key === 'quantity').value, '2');
  });

  test('English where bk-itsm has a translation: prefixes and most texts, never the catch-all\'s', async () => {
    const c = client({ tag: 'create4', prefix: ',lang=en' });
    assert.deepEqual(await c.err('create_ticket', { service_id: 14 }), [
      3900004,
      `${API}{'service': ErrorDetail(string='The service is not enabled, please contact the administrator!', code='invalid')}`,
    ]);
    assert.deepEqual(await c.err('create_ticket', { service_id: 1, fields: [F('title', 'x')] }), [3900003, "Submission failed: 单据创建失败，缺少参数：['apply_content']"]);
    assert.deepEqual(await c.err('create_ticket', svc1({ creator: '' })), [3900004, `${API}{'creator': [ErrorDetail(string='This field may not be blank.', code='blank')]}`]);
    const h = client({ tag: 'create4', headers: { 'Accept-Language': 'en-US,en;q=0.8' } });
    assert.deepEqual(await h.err('create_ticket', { service_id: 18, creator: 'alice', fields: [F('title', 'x'), F('impact', 'high')] }), [
      3900003,
      'Submission failed: 【alice】No permission to 【submit】 of the task【New ticket】.',
    ]);
  });

  test('numbers never repeat in a server\'s life: not after a reset, not after a refused insert', async () => {
    const c = client({ tag: 'sn1' });
    const a = (await c.ok('create_ticket', svc1())).sn;
    await c.err('create_ticket', svc1({ fields: [F('title', '😀'), F('apply_content', 'x')] }));
    await reset('sn1');
    const b = (await c.ok('create_ticket', svc1())).sn;
    assert.equal(Number(b.slice(-6)), Number(a.slice(-6)) + 2);
    assert.deepEqual(await c.err('get_ticket_info', { sn: a }), [3900022, '没有找到对应的单据'], 'the reset dropped the first ticket');
  });

  test('fast_approval: the built-in approval service, approvers from its APPROVER field', async () => {
    const c = client({ tag: 'fast1' });
    const { sn, st } = await createAndStart(c, { service_id: 1, fast_approval: true, fields: [F('title', '快速审批'), F('APPROVER', 'bob,carol'), F('APPROVAL_CONTENT', 'ok?')] });
    const info = await c.ok('get_ticket_info', { sn });
    assert.deepEqual([info.service_id, info.catalog_id], [16, 12]);
    assert.deepEqual(st.current_steps.map((s) => [s.name, s.processors]), [['内置审批节点', 'bob,carol']]);
  });
});

// ---------------------------------------------------------------- approve and the flow

describe('approve, operate_node, and the flow to its end', () => {
  test('approve: RUNNING approval node, approver checks, then the next node; the flow ends FINISHED', async () => {
    const c = client({ tag: 'flow1', flowdelay: 1000 });
    const { sn, st } = await createAndStart(c, svc1());
    const sid = st.current_steps[0].state_id;
    assert.deepEqual(await c.err('approve', { sn: 'NOPE', state_id: sid, approver: 'admin', action: 'true' }), [3900022, '没有找到对应的单据']);
    assert.deepEqual(await c.err('approve', { sn, state_id: 1, approver: 'admin', action: 'true' }), [3900004, `${API}Status matching query does not exist.`]);
    assert.deepEqual(await c.err('approve', { sn, state_id: sid, approver: 'bob', action: 'true' }), [3900004, '单据操作失败: 单据审批失败，bob不是当前节点的审批人，无法审批']);
    assert.deepEqual(await c.ok('approve', { sn, state_id: sid, approver: 'admin', action: 'true', remark: 'LGTM' }), []);
    // The approver's task exists at once; the flow moves on asynchronously.
    assert.deepEqual(await c.err('approve', { sn, state_id: sid, approver: 'admin', action: 'true' }), [3900004, '单据操作失败: 单据审批失败，admin不是当前节点的审批人，无法审批']);
    const next = await waitFor(async () => {
      const s = await c.ok('get_ticket_status', { sn });
      return s.current_steps[0]?.name === '资源交付' ? s : null;
    }, 'the next node');
    assert.deepEqual(next.current_steps[0].processors, 'alice,bob');
    assert.deepEqual(next.current_steps[0].operations.map((o) => o.key), ['TRANSITION', 'SUSPEND', 'DELIVER', 'TERMINATE']);
    assert.deepEqual(await c.err('approve', { sn, state_id: sid, approver: 'alice', action: 'true' }), [3900004, '单据操作失败: 单据审批失败，单据当前状态非RUNNING']);
    const nid = next.current_steps[0].state_id;
    assert.deepEqual(await c.err('approve', { sn, state_id: nid, approver: 'alice', action: 'true' }), [3900004, '单据操作失败: 单据审批失败，目标节点资源交付不是审批节点']);
    // operate_node TRANSITION on the normal node: required fields, then the automatic node, then the end.
    assert.deepEqual(await c.err('operate_node', { sn, state_id: nid, action_type: 'TRANSITION', operator: 'alice', fields: [] }), [3900005, "参数验证失败: 单据处理失败，缺少参数：['process_result']"]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: nid, action_type: 'TRANSITION', operator: 'alice', fields: [F('process_result', '')] }), [3900004, `${API}{'fields': [ErrorDetail(string='【处理结果】为必填项', code='invalid')]}`]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: nid, action_type: 'TRANSITION', operator: 'alice', fields: [F('process_result', 'done'), F('resolve_type', 'x')] }), [3900004, `${API}{'fields': [ErrorDetail(string='【解决方式】选项不匹配，请重新选择', code='invalid')]}`]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: nid, action_type: 'TRANSITION', operator: 'alice', fields: [{ key: 'process_result', value: true }] }), [
      3900004,
      `${API}{'fields': [{'value': [ErrorDetail(string='Not a valid string.', code='invalid')]}]}`,
    ]);
    assert.deepEqual(await c.ok('operate_node', { sn, state_id: nid, action_type: 'TRANSITION', operator: 'alice', fields: [F('process_result', 'done'), F('resolve_type', 'fixed')] }), []);
    const done = await waitFor(async () => {
      const s = await c.ok('get_ticket_status', { sn });
      return s.current_status === 'FINISHED' ? s : null;
    }, 'FINISHED');
    assert.deepEqual([done.operations, done.current_steps], [[], []]);
    const info = await c.ok('get_ticket_info', { sn });
    assert.ok(info.end_at);
    assert.match(info.comment_id, /^\d+$/, 'an ended ticket has a comment row');
    assert.equal(info.is_commented, false);
    assert.equal(info.updated_by, 'alice,admin');
    const logs = (await c.ok('get_ticket_logs', { sn, show_type: 'complex' })).logs;
    assert.deepEqual(logs.map((l) => [l.operator, l.message, l.source, l.from_state_type]), [
      ['alice', '流程开始.', 'WEB', ''],
      ['alice', 'alice 处理【提单】', 'WEB', 'NORMAL'],
      ['admin', 'admin 已处理【直属上级审批】(通过)', 'API', 'APPROVAL'],
      ['alice', 'alice 处理【资源交付】', 'API', 'NORMAL'],
      ['system', 'system 自动执行【自动开通】.', 'AUTOMATIC', 'TASK'],
      ['', '流程结束.', 'SYS', ''],
    ]);
    assert.deepEqual(logs[2].form_data.map((f) => [f.key, f.value, f.display_value]), [['approve_result', 'true', '通过'], ['approve_remark', 'LGTM', 'LGTM']]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: nid, action_type: 'TRANSITION', operator: 'alice', fields: [] }), [3900004, `${API}[ErrorDetail(string='抱歉，单据已关闭，无法操作', code='invalid')]`]);
  });

  test('rejection: a flow that terminates on it (TERMINATED by system), one whose gateway ends it (FINISHED)', async () => {
    const c = client({ tag: 'reject1' });
    const a = await createAndStart(c, svc13());
    await c.ok('approve', { sn: a.sn, state_id: a.st.current_steps[0].state_id, approver: 'alice', action: 'false', remark: '不需要' });
    const t = await waitFor(async () => {
      const s = await c.ok('get_ticket_status', { sn: a.sn });
      return s.current_status === 'TERMINATED' ? s : null;
    }, 'TERMINATED');
    assert.deepEqual(t.operations, []);
    const logs = (await c.ok('get_ticket_logs', { sn: a.sn })).logs.map((l) => l.message);
    assert.deepEqual(logs.slice(-2), ['alice 已处理【直属上级审批】(拒绝)', 'system 关闭了单据.']);
    const rejected = (await c.ok('get_ticket_logs', { sn: a.sn, show_type: 'complex' })).logs.at(-2).form_data;
    assert.deepEqual(rejected.map((f) => f.value), ['false', '不需要'], 'a rejection\'s remark goes to the required field');
    const b = await createAndStart(c, svc1());
    await c.ok('approve', { sn: b.sn, state_id: b.st.current_steps[0].state_id, approver: 'admin', action: 'no' });
    await waitFor(async () => (await c.ok('get_ticket_status', { sn: b.sn })).current_status === 'FINISHED', 'FINISHED');
    assert.equal((await c.ok('get_ticket_logs', { sn: b.sn })).logs.at(-2).message, 'admin 已处理【直属上级审批】(no)', 'anything but "true" rejects');
  });

  test('a seeded ticket at an approval node: admin and alice may approve, and the flow moves on', async () => {
    const c = client({ tag: 'seeded1' });
    const todo = (await c.ok('get_tickets_by_user', { user: 'alice', view_type: 'my_approval', page_size: 1000 })).items;
    let target = null;
    for (const item of todo) {
      if (item.current_status !== 'RUNNING') continue;
      const s = await c.ok('get_ticket_status', { sn: item.sn });
      const step = s.current_steps[0];
      if (step?.status === 'RUNNING' && step.processors.split(',').includes('admin')) {
        target = { sn: item.sn, step };
        break;
      }
    }
    assert.ok(target, 'the seeded data has an approval waiting on admin and alice');
    const before = (await c.ok('get_ticket_logs', { sn: target.sn })).logs.length;
    await c.ok('approve', { sn: target.sn, state_id: target.step.state_id, approver: 'alice', action: 'true' });
    const after = await waitFor(async () => {
      const s = await c.ok('get_ticket_status', { sn: target.sn });
      return s.current_steps[0]?.state_id !== target.step.state_id ? s : null;
    }, 'the next node');
    assert.ok(after.current_status === 'RUNNING' || after.current_status === 'FINISHED');
    const logs = (await c.ok('get_ticket_logs', { sn: target.sn })).logs;
    assert.equal(logs[before].message, `alice 已处理【${target.step.name}】(通过)`);
    const untouched = client({ tag: 'seeded1-other' });
    assert.equal((await untouched.ok('get_ticket_logs', { sn: target.sn })).logs.length, before, 'other tags still see the seeded ticket');
  });

  test('operate_node: distribute, claim, deliver on a node that asks for them; terminate fails after its checks', async () => {
    const c = client({ tag: 'node1', as: 'admin' });
    const { sn, st } = await createAndStart(c, { service_id: 18, fields: [F('title', '磁盘告警'), F('impact', 'high')] });
    const step = st.current_steps[0];
    assert.deepEqual([step.name, step.status, step.action_type, step.processors], ['值班处理', 'DISTRIBUTING', 'DISTRIBUTE', 'admin']);
    const sid = step.state_id;
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'DISTRIBUTE', operator: 'bob', processors: 'alice', processors_type: 'PERSON' }), [3900004, `${API}[ErrorDetail(string='抱歉，bob不能操作该节点（没有权限或操作类型不支持）', code='invalid')]`]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'DISTRIBUTE', operator: 'admin' }), [3900004, `${API}{'processors': [ErrorDetail(string='该字段是必填项。', code='required')], 'processors_type': [ErrorDetail(string='该字段是必填项。', code='required')]}`]);
    await c.ok('operate_node', { sn, state_id: sid, action_type: 'DISTRIBUTE', operator: 'admin', processors: 'alice,bob', processors_type: 'PERSON' });
    let s = (await c.ok('get_ticket_status', { sn })).current_steps[0];
    assert.deepEqual([s.status, s.action_type, s.processors], ['RECEIVING', 'CLAIM', 'alice,bob']);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'CLAIM', operator: 'alice', processors: 'carol', processors_type: 'PERSON' }), [3900005, '参数验证失败: 您无法认领该单据']);
    await c.ok('operate_node', { sn, state_id: sid, action_type: 'CLAIM', operator: 'alice', processors: 'alice', processors_type: 'PERSON' });
    s = (await c.ok('get_ticket_status', { sn })).current_steps[0];
    assert.deepEqual([s.status, s.action_type, s.processors], ['RUNNING', 'TRANSITION', 'alice']);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'CLAIM', operator: 'alice', processors: 'alice', processors_type: 'PERSON' }), [3900004, `${API}[ErrorDetail(string='抱歉，alice不能操作该节点（没有权限或操作类型不支持）', code='invalid')]`]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'DELIVER', operator: 'alice', processors: 'bob', processors_type: 'PERSON' }), [3900005, '参数验证失败: 转单描述信息不能为空，请重新确认.']);
    await c.ok('operate_node', { sn, state_id: sid, action_type: 'DELIVER', operator: 'alice', processors: 'bob', processors_type: 'PERSON', action_message: '换班' });
    assert.equal((await c.ok('get_ticket_status', { sn })).current_steps[0].processors, 'bob');
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'SUSPEND', operator: 'bob', processors: 'bob', processors_type: 'PERSON' }), [3900005, '参数验证失败: 节点暂不支持操作：SUSPEND']);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'TERMINATE', operator: 'bob' }), [3900004, `${API}[ErrorDetail(string='请输入终止原因！', code='invalid')]`]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: sid, action_type: 'TERMINATE', operator: 'bob', action_message: 'dup' }), [3900004, `${API}terminate() got an unexpected keyword argument 'source'`]);
    assert.equal((await c.ok('get_ticket_status', { sn })).current_status, 'RUNNING', 'nothing changed');
    assert.deepEqual(await c.err('operate_node', { sn, state_id: 99, action_type: 'TRANSITION', operator: 'bob' }), [3900004, `${API}[ErrorDetail(string='抱歉，没有找到该节点：99', code='invalid')]`]);
    assert.deepEqual(await c.err('operate_node', { sn, state_id: 7602, action_type: 'TRANSITION', operator: 'bob' }), [3900004, `${API}[ErrorDetail(string='抱歉，当前节点：7602 已经结束', code='invalid')]`]);
    assert.deepEqual(await c.err('operate_node', { sn: 'NOPE', state_id: sid, action_type: 'TRANSITION', operator: 'bob' }), [3900022, '没有找到对应的单据']);
    const logs = (await c.ok('get_ticket_logs', { sn })).logs.map((l) => [l.message, l.source]);
    assert.deepEqual(logs.slice(-3), [
      ['admin 分配【值班处理】给：alice(alice),bob(bob).', 'API'],
      ['alice 认领【值班处理】.', 'API'],
      ['alice 转单【值班处理】给 bob(bob)(换班).', 'API'],
    ]);
  });
});

// ---------------------------------------------------------------- operate_ticket

describe('operate_ticket', () => {
  test('WITHDRAW: the creator or admin, while only the submit node is done; REVOKED', async () => {
    const c = client({ tag: 'wd1' });
    const { sn } = await createAndStart(c, svc1({ creator: 'alice' }));
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'bob', action_type: 'WITHDRAW', action_message: 'x' }), [
      3900004,
      `${API}[ErrorDetail(string='抱歉，你无权撤销单据，撤销单据的非当前单据的提单人, bob!=alice', code='invalid')]`,
    ]);
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'alice', action_type: 'WITHDRAW' }), [3900004, `${API}'action_message'`]);
    assert.deepEqual(await c.ok('operate_ticket', { sn, operator: 'alice', action_type: 'WITHDRAW', action_message: '不要了' }), []);
    const st = await c.ok('get_ticket_status', { sn });
    assert.deepEqual([st.current_status, st.operations, st.current_steps], ['REVOKED', [], []]);
    const info = await c.ok('get_ticket_info', { sn });
    assert.ok(info.end_at);
    assert.equal(info.comment_id, '', 'a withdrawn ticket gets no comment row');
    assert.deepEqual((await c.ok('get_ticket_logs', { sn })).logs.at(-1), { operator: 'alice', operate_at: info.update_at, message: 'alice 撤销单据.', source: 'API' });
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'alice', action_type: 'WITHDRAW', action_message: 'x' }), [3900004, `${API}[ErrorDetail(string='抱歉，单据已经结束，无法撤销', code='invalid')]`]);
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'alice', action_type: 'SUSPEND', action_message: 'x' }), [3900004, `${API}[ErrorDetail(string='抱歉，单据已关闭，无法操作', code='invalid')]`]);
    // admin, the API account, may withdraw anyone's ticket; an approved one is past withdrawing.
    const b = await createAndStart(c, svc1({ creator: 'bob' }));
    await c.ok('approve', { sn: b.sn, state_id: b.st.current_steps[0].state_id, approver: 'alice', action: 'true' });
    await waitFor(async () => (await c.ok('get_ticket_status', { sn: b.sn })).current_steps[0]?.name === '资源交付', 'approval');
    assert.deepEqual(await c.err('operate_ticket', { sn: b.sn, operator: 'bob', action_type: 'WITHDRAW', action_message: 'x' }), [3900004, `${API}[ErrorDetail(string='抱歉，单据执行中，无法撤销', code='invalid')]`]);
    const d = await createAndStart(c, svc1({ creator: 'bob' }));
    await c.ok('operate_ticket', { sn: d.sn, operator: 'admin', action_type: 'WITHDRAW', action_message: 'by admin' });
    assert.equal((await c.ok('get_ticket_status', { sn: d.sn })).current_status, 'REVOKED');
    const e = await createAndStart(c, { service_id: 3, fields: [F('title', 'x'), F('impact', 'low'), F('description', 'x')] });
    assert.deepEqual(await c.err('operate_ticket', { sn: e.sn, operator: 'alice', action_type: 'WITHDRAW', action_message: 'x' }), [3900004, `${API}[ErrorDetail(string='抱歉，当前流程配置无法撤单，请联系服务负责人', code='invalid')]`]);
  });

  test('a seeded ticket alice created, withdrawn by her and seen withdrawn by every read', async () => {
    const c = client({ tag: 'wd2' });
    const mine = (await c.ok('get_tickets_by_user', { user: 'alice', view_type: 'my_created', page_size: 1000 })).items;
    const t = mine.find((i) => i.can_withdraw && i.current_status === 'RUNNING');
    assert.ok(t, 'the seeded data has a ticket alice can withdraw');
    await c.ok('operate_ticket', { sn: t.sn, operator: 'alice', action_type: 'WITHDRAW', action_message: 'x' });
    assert.equal((await c.ok('get_tickets', { sns: [t.sn] })).items[0].current_status, 'REVOKED');
    const again = (await c.ok('get_tickets_by_user', { user: 'alice', view_type: 'my_created', page_size: 1000 })).items;
    assert.deepEqual([again.find((i) => i.sn === t.sn).current_status, again.find((i) => i.sn === t.sn).can_withdraw], ['REVOKED', false]);
  });

  test('SUSPEND and UNSUSPEND by a current processor (or admin); the status before comes back', async () => {
    const c = client({ tag: 'sus1' });
    const { sn } = await createAndStart(c, svc1());
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'bob', action_type: 'SUSPEND', action_message: 'x' }), [3900004, `${API}[ErrorDetail(string='抱歉，bob无权操作该单据', code='invalid')]`]);
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'alice', action_type: 'UNSUSPEND', action_message: 'x' }), [3900004, `${API}[ErrorDetail(string='抱歉，该单据不在挂起中，无法操作', code='invalid')]`]);
    await c.ok('operate_ticket', { sn, operator: 'alice', action_type: 'SUSPEND', action_message: '等待到货' });
    let st = await c.ok('get_ticket_status', { sn });
    assert.deepEqual([st.current_status, st.operations.map((o) => o.key)], ['SUSPENDED', ['WITHDRAW', 'UNSUSPEND']]);
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'admin', action_type: 'UNSUSPEND', action_message: '' }), [
      3900004,
      `${API}{'action_message': [ErrorDetail(string='该字段不能为空。', code='blank')]}`,
    ]);
    await c.ok('operate_ticket', { sn, operator: 'admin', action_type: 'UNSUSPEND', action_message: '到货了' });
    st = await c.ok('get_ticket_status', { sn });
    assert.equal(st.current_status, 'RUNNING');
    const logs = (await c.ok('get_ticket_logs', { sn })).logs.slice(-2).map((l) => [l.operator, l.message, l.source]);
    assert.deepEqual(logs, [['alice', 'alice 挂起了单据：等待到货.', 'SYS'], ['admin', 'admin 恢复了单据.', 'SYS']]);
    // Suspending twice makes "the status before" SUSPENDED: resuming then keeps it suspended.
    await c.ok('operate_ticket', { sn, operator: 'alice', action_type: 'SUSPEND', action_message: 'a' });
    await c.ok('operate_ticket', { sn, operator: 'alice', action_type: 'SUSPEND', action_message: 'b' });
    await c.ok('operate_ticket', { sn, operator: 'alice', action_type: 'UNSUSPEND', action_message: 'c' });
    assert.equal((await c.ok('get_ticket_status', { sn })).current_status, 'SUSPENDED');
  });

  test('a seeded SUSPENDED ticket alice works on: she resumes it', async () => {
    const c = client({ tag: 'sus2' });
    const todo = (await c.ok('get_tickets_by_user', { user: 'alice', view_type: 'my_todo', page_size: 1000 })).items;
    const t = todo.find((i) => i.current_status === 'SUSPENDED');
    assert.ok(t);
    await c.ok('operate_ticket', { sn: t.sn, operator: 'alice', action_type: 'UNSUSPEND', action_message: 'ok' });
    const st = await c.ok('get_ticket_status', { sn: t.sn });
    assert.equal(st.current_status, 'RUNNING');
    assert.equal(st.current_steps[0].status, 'RUNNING');
  });

  test('TERMINATE closes the ticket; an unknown action type has its own envelope', async () => {
    const c = client({ tag: 'term1' });
    const { sn } = await createAndStart(c, svc1());
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'alice', action_type: 'CLOSE', action_message: 'x' }), [3900004, '单据操作失败，不支持的操作类型: CLOSE']);
    assert.deepEqual(await c.err('operate_ticket', { sn, operator: 'alice' }), [3900004, '单据操作失败，不支持的操作类型: None']);
    assert.deepEqual(await c.err('operate_ticket', { sn: 'NOPE', operator: 'alice', action_type: 'CLOSE' }), [3900022, '没有找到对应的单据']);
    await c.ok('operate_ticket', { sn, operator: 'alice', action_type: 'TERMINATE', action_message: 'ignored' });
    const info = await c.ok('get_ticket_info', { sn });
    assert.deepEqual([info.current_status, info.current_steps], ['TERMINATED', []]);
    assert.match(info.comment_id, /^\d+$/);
    assert.deepEqual((await c.ok('get_ticket_logs', { sn })).logs.at(-1).message, 'alice 关闭了单据.');
    assert.deepEqual(await c.err('comment', { sn, operator: 'alice', stars: 5 }), [3900005, '参数验证失败: 单据未结束，不允许评价!']);
  });
});

// ---------------------------------------------------------------- comment, followers, fields

describe('comment, add_follower, edit_field, proceed_approval', () => {
  test('comment: 1-6 stars on a FINISHED ticket, once; ESB calls it comment_ticket', async () => {
    const c = client({ tag: 'cm1' });
    const finished = await c.ok('get_tickets', { current_status__in: ['FINISHED'], page_size: 50 });
    const [a, b] = finished.items.filter((t) => !t.is_commented);
    assert.deepEqual(await c.err('comment', { sn: a.sn, operator: 'alice', stars: 7 }), [3900004, `${API}{'stars': [ErrorDetail(string='请确保该值小于或者等于 6。', code='max_value')]}`]);
    assert.deepEqual(await c.err('comment', { sn: a.sn, operator: 'x'.repeat(17), stars: 0 }), [
      3900004,
      `${API}{'operator': [ErrorDetail(string='请确保这个字段不能超过 16 个字符。', code='max_length')], 'stars': [ErrorDetail(string='请确保该值大于或者等于 1。', code='min_value')]}`,
    ]);
    assert.deepEqual(await c.err('comment', { sn: 'NOPE', operator: 'alice', stars: 5 }), [3900005, '参数验证失败: sn=NOPE对应的单据不存在!']);
    const running = (await c.ok('get_tickets', { current_status__in: ['RUNNING'], page_size: 1 })).items[0];
    assert.deepEqual(await c.err('comment', { sn: running.sn, operator: 'alice', stars: 5 }), [3900005, '参数验证失败: 单据未结束，不允许评价!']);
    assert.deepEqual(await c.ok('comment', { sn: a.sn, operator: 'anyone', stars: 6, comments: '很好' }), []);
    const info = await c.ok('get_ticket_info', { sn: a.sn });
    assert.equal(info.is_commented, true);
    assert.match(info.comment_id, /^\d+$/);
    assert.equal((await c.ok('get_tickets', { sns: [a.sn] })).items[0].is_commented, true);
    assert.equal((await c.ok('get_ticket_status', { sn: a.sn })).is_commented, true);
    assert.deepEqual(await c.err('comment', { sn: a.sn, operator: 'alice', stars: 5 }), [3900005, '参数验证失败: 该单据已经被评论，请勿重复评论']);
    assert.deepEqual(await client({ tag: 'cm1', prefix: ',lang=en' }).err('comment', { sn: a.sn, operator: 'alice', stars: 5 }), [3900005, 'Parameter verification failed: The ticket has been commented, please do not repeat the comment']);
    const e = client({ tag: 'cm1', door: 'esb' });
    assert.deepEqual(await e.ok('comment_ticket', { sn: b.sn, operator: 'alice', stars: 3 }), []);
    assert.equal((await e.ok('get_ticket_info', { sn: b.sn })).is_commented, true);
    const esbComment = await e.call('comment', { sn: b.sn });
    assert.deepEqual([esbComment.status, esbComment.message], [404, 'The content does not exist']);
    const gwAlias = await c.call('comment_ticket', { sn: b.sn });
    assert.deepEqual([gwAlias.status, gwAlias.code], [404, 1640401]);
  });

  test('add_follower and edit_field: gateway only, a verified user, and no check of who is named', async () => {
    const c = client({ tag: 'fe1' });
    const { sn } = await createAndStart(c, svc1());
    assert.deepEqual(await c.err('add_follower', { sn }), [3900004, `${API}'NoneType' object has no attribute 'split'`]);
    assert.deepEqual(await c.err('add_follower', { sn: 'NOPE', users: 'bob' }), [3900005, '参数验证失败: sn[NOPE]对应的单据不存在！']);
    await c.ok('add_follower', { sn, users: 'bob,carol', attention: true });
    assert.equal((await c.ok('get_tickets_by_user', { user: 'carol', view_type: 'my_attention', page_size: 1 })).items[0].sn, sn);
    await c.ok('add_follower', { sn, users: 'carol', attention: false });
    assert.deepEqual((await c.ok('get_tickets_by_user', { user: 'bob', view_type: 'my_attention', page_size: 1 })).items[0].followers, ['bob']);
    // edit_field has no catch_openapi_exception: DRF's exception handler answers, with string codes.
    const raw = async (fields, sn2 = sn) => {
      const b = await c.call('edit_field', { sn: sn2, fields });
      delete b.status;
      delete b.headers;
      return b;
    };
    assert.deepEqual(await raw([F('title', 'x')], 'NOPE'), { result: false, data: null, code: 'VALIDATE_ERROR', messages: ['ticket_id = NOPE 对应的单据不存在！'], message: '0:ticket_id = NOPE 对应的单据不存在！' });
    assert.deepEqual(await raw([F('title', 'x')]), { result: false, data: null, code: 'SERVER_500_ERROR', message: "'type'" });
    assert.deepEqual(await raw([{ key: 'nope', type: 'STRING', value: 'x' }]), { result: false, data: null, code: 'FORM_VALIDATE_ERROR', message: '参数验证失败: 未找到提单节点找到对应的字段, key=nope' });
    assert.deepEqual((await raw([{ key: 'approve_result', type: 'RADIO', value: 'true' }])).message, '参数验证失败: 只允许修改提单节点的字段和内置字段, key=approve_result');
    assert.deepEqual((await raw([{ key: 'title', type: 'STRING', value: '' }])).message, '0:【标题】为必填项');
    await c.ok('edit_field', { sn, operator: 'mallory', fields: [{ key: 'title', type: 'STRING', value: '改过的标题' }] });
    assert.equal((await c.ok('get_tickets', { sns: [sn] })).items[0].title, '改过的标题');
    assert.equal((await c.ok('get_ticket_logs', { sn })).logs.at(-1).message, 'mallory 修改字段【标题】.');
    const e = await client({ tag: 'fe1', door: 'esb' }).call('add_follower', { sn, users: 'x' });
    assert.equal(e.status, 404);
    await c.ok('operate_ticket', { sn, operator: 'alice', action_type: 'WITHDRAW', action_message: 'x' });
    assert.equal((await c.call('edit_field', { sn, fields: [{ key: 'title', type: 'STRING', value: 'y' }] })).message, '0:current_status = REVOKED 当前状态不可修改字段！');
  });

  test('proceed_approval: gateway only, no RUNNING check, and open to anyone who reaches ITSM directly', async () => {
    const c = client({ tag: 'pa1' });
    const { sn, st } = await createAndStart(c, svc1());
    const sid = st.current_steps[0].state_id;
    assert.deepEqual(await c.err('proceed_approval', { process_inst_id: sn, activity: sid, submit_action: 'yes', handler: 'admin' }), [
      3900004,
      `${API}{'submit_action': [ErrorDetail(string='“yes” 不是合法选项。', code='invalid_choice')]}`,
    ]);
    assert.deepEqual(await c.err('proceed_approval', { process_inst_id: 'NOPE', activity: sid, submit_action: 'true', handler: 'admin' }), [
      3900004,
      `${API}[ErrorDetail(string='process_inst_id = NOPE 对应的单据不存在！', code='invalid')]`,
    ]);
    assert.deepEqual(await c.err('proceed_approval', { process_inst_id: sn, activity: sid, submit_action: 'true', handler: 'bob', submit_opinion: 'x' }), [3900004, '单据操作失败: 单据审批失败，bob不是当前节点的审批人，无法审批']);
    assert.deepEqual(await c.err('proceed_approval', { process_inst_id: sn, activity: sid, submit_action: 'true', handler: 'admin' }), [3900004, `${API}'submit_opinion'`]);
    const esb = await client({ tag: 'pa1', door: 'esb' }).call('proceed_approval', {});
    assert.equal(esb.status, 404);
    // No gateway, no app, no login: ITSM's own path answers.
    const r = await fetch(`${srv.url}/__/tag=pa1,flowdelay=0/openapi/ticket/proceed_approval/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ process_inst_id: sn, activity: sid, submit_action: 'true', submit_opinion: 'pwned', handler: 'alice' }),
    });
    assert.deepEqual(await r.json(), { result: true, code: 0, message: 'success', data: [] });
    await waitFor(async () => (await c.ok('get_ticket_status', { sn })).current_steps[0]?.name === '资源交付', 'the approval');
    const direct = await fetch(`${srv.url}/openapi/ticket/create_ticket/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    assert.deepEqual([direct.status, await direct.text()], [403, 'This API can only be accessed through API gateway']);
  });
});

// ---------------------------------------------------------------- doors and identity

describe('doors, identity and test prefixes on the write paths', () => {
  test('identity comes from the body: alice\'s credentials approve as admin', async () => {
    const c = client({ tag: 'id1', as: 'alice' });
    const { sn, st } = await createAndStart(c, svc1({ creator: 'carol' }));
    await c.ok('approve', { sn, state_id: st.current_steps[0].state_id, approver: 'admin', action: 'true' });
    const logs = await waitFor(async () => {
      const l = (await c.ok('get_ticket_logs', { sn })).logs;
      return l.some((x) => x.operator === 'admin') ? l : null;
    }, 'the approval');
    assert.ok(logs.some((l) => l.message === 'admin 已处理【直属上级审批】(通过)'));
  });

  test('authentication as on the read paths; user verification only where the resource asks for it', async () => {
    const gwCall = async (endpoint, auth, body = {}, method = 'POST') => {
      const r = await fetch(`${srv.url}/__/tag=auth1/api/bk-itsm/prod/v2/itsm/${endpoint}/`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(auth ? { 'X-Bkapi-Authorization': JSON.stringify(auth) } : {}) },
        body: method === 'POST' ? JSON.stringify(body) : undefined,
      });
      return [r.status, await r.json(), r.headers];
    };
    const [s1, b1] = await gwCall('create_ticket', null, svc1());
    assert.deepEqual([s1, b1.code], [400, 1640001]);
    const [s2, b2] = await gwCall('create_ticket', DEMO, svc1());
    assert.equal(s2, 200, 'create_ticket needs no user on the gateway');
    assert.deepEqual(b2.message.slice(0, API.length + 12), `${API}{'creator': `, 'and then no user means no creator');
    const reason = (b) => /reason="([^"]*)"/.exec(b.message)?.[1];
    const [s3, b3] = await gwCall('approve', DEMO);
    assert.deepEqual([s3, reason(b3)], [400, 'user authentication failed, please provide a valid user identity, such as bk_username, bk_token, access_token']);
    const [, b4] = await gwCall('approve', { ...DEMO, bk_username: 'admin' });
    assert.equal(reason(b4), 'user authentication failed, the user indicated by bk_username is not verified');
    const [, b5] = await gwCall('approve', { ...DEMO, bk_token: 'nope' });
    assert.equal(reason(b5), 'bk_token is not valid');
    const [s6, b6] = await gwCall('approve', { ...TRUSTED, bk_username: 'admin' }, { sn: 'NOPE' });
    assert.deepEqual([s6, b6.code], [200, 3900022], 'an app exempted from user verification passes');
    const [s7, b7, h7] = await gwCall('create_ticket', { ...DEMO, bk_token: TOKEN.alice }, {}, 'GET');
    assert.deepEqual([s7, b7.code], [404, 1640401]);
    assert.match(h7.get('x-bkapi-request-id'), /^[0-9a-f-]{36}$/);
    const [s8] = await gwCall('get_services', DEMO, {}, 'POST');
    assert.equal(s8, 404);
    const esb = await fetch(`${srv.url}/api/c/compapi/v2/itsm/create_ticket/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...DEMO, ...svc1() }) });
    assert.equal((await esb.json()).code, 1306000, 'ESB needs a user for every component');
    // ESB takes GET too, and the GET reaches ITSM as a GET: a POST-only view refuses it with
    // DRF's MethodNotAllowed (recorded: create_ticket/esb/method-get), after authentication.
    const q = new URLSearchParams({ ...DEMO, bk_token: TOKEN.admin, sn: 'NOPE', operator: 'admin', action_type: 'SUSPEND', action_message: 'x' });
    const viaGet = await (await fetch(`${srv.url}/api/c/compapi/v2/itsm/operate_ticket/?${q}`)).json();
    assert.deepEqual(Object.keys(viaGet), ['result', 'data', 'code', 'message', 'request_id']);
    assert.deepEqual([viaGet.code, viaGet.message], ['METHOD_NOT_ALLOWED', '方法 “GET” 不被允许。']);
    const viaGetEn = await (await fetch(`${srv.url}/api/c/compapi/v2/itsm/operate_ticket/?${q}`, { headers: { 'Accept-Language': 'en' } })).json();
    assert.equal(viaGetEn.message, 'Method "GET" not allowed.');
    const noUser = new URLSearchParams({ ...DEMO, sn: 'NOPE' });
    assert.equal((await (await fetch(`${srv.url}/api/c/compapi/v2/itsm/operate_ticket/?${noUser}`)).json()).code, 1306000, 'authentication first');
  });

  test('--backend (forward.mjs): the gateway verifies the user of approve and comment before forwarding, as the local gateway does', async () => {
    const seen = [];
    const backend = createServer((req, res) => {
      seen.push(req.url);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ result: true, code: 0, message: 'success', data: [] }));
      });
    });
    await new Promise((r) => backend.listen(0, '127.0.0.1', r));
    const doors = await startServer({ port: 0, backend: `http://127.0.0.1:${backend.address().port}` });
    try {
      const gw = async (endpoint, auth) => {
        const r = await fetch(`${doors.url}/api/bk-itsm/prod/v2/itsm/${endpoint}/`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Bkapi-Authorization': JSON.stringify(auth) },
          body: JSON.stringify({ sn: 'NOPE' }),
        });
        return [r.status, await r.json()];
      };
      for (const endpoint of ['approve', 'comment']) {
        const [status, body] = await gw(endpoint, DEMO);
        assert.deepEqual([status, body.code, body.code_name], [400, 1640001, 'INVALID_ARGS'], endpoint);
        const [, local] = await (async () => {
          const r = await fetch(`${srv.url}/api/bk-itsm/prod/v2/itsm/${endpoint}/`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Bkapi-Authorization': JSON.stringify(DEMO) }, body: '{}' });
          return [r.status, await r.json()];
        })();
        assert.equal(body.message, local.message, 'the same refusal as the local gateway');
        const [s2, b2] = await gw(endpoint, { ...DEMO, bk_token: TOKEN.admin });
        assert.deepEqual([s2, b2.result], [200, true], `${endpoint} with a verified user reaches the backend`);
      }
      assert.deepEqual(seen, ['/openapi/ticket/approve/', '/openapi/ticket/comment/'], 'only the verified calls were forwarded');
      const [s3] = await gw('operate_ticket', DEMO);
      assert.equal(s3, 200, 'operate_ticket needs no user');
    } finally {
      await doors.close();
      backend.close();
    }
  });

  test('ESB bk_login/get_user: the user of a bk_token, as a same-origin proxy verifies it', async () => {
    const url = `${srv.url}/api/c/compapi/v2/bk_login/get_user/`;
    const viaQuery = await (await fetch(`${url}?${new URLSearchParams({ ...DEMO, bk_token: TOKEN.alice })}`)).json();
    assert.deepEqual(Object.keys(viaQuery), ['result', 'code', 'data', 'message', 'request_id']);
    assert.deepEqual([viaQuery.result, viaQuery.code, viaQuery.message], [true, 0, '用户信息获取成功']);
    assert.deepEqual(Object.keys(viaQuery.data), ['bk_username', 'chname', 'qq', 'phone', 'email', 'bk_role', 'wx_userid', 'language', 'time_zone']);
    assert.equal(viaQuery.data.bk_username, 'alice');
    const login = await (await fetch(`${srv.url}/login?username=${encodeURIComponent('张伟')}&format=json`)).json();
    const viaBody = await (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...DEMO, bk_token: login.bk_token }) })).json();
    assert.deepEqual([viaBody.data.bk_username, viaBody.data.bk_role], ['张伟', 0]);
    const trusted = await (await fetch(`${url}?${new URLSearchParams({ ...TRUSTED, bk_username: 'admin' })}`)).json();
    assert.deepEqual([trusted.data.bk_username, trusted.data.bk_role], ['admin', 1]);
    const bad = await (await fetch(`${url}?${new URLSearchParams({ ...DEMO, bk_token: 'nope' })}`)).json();
    assert.deepEqual([bad.result, bad.code], [false, 1306000]);
  });

  test('prefixes: tag log, delay, faults with ESB\'s request_id, times, CORS; state= scopes and DELETE /__log resets', async () => {
    const pre = '/__/tag=pfx1,fault=codenum,times=1';
    const r1 = await (await fetch(`${srv.url}${pre}/api/c/compapi/v2/itsm/create_ticket/`, { method: 'POST' })).json();
    assert.deepEqual([r1.code, /^[0-9a-f]{32}$/.test(r1.request_id)], [1306000, true]);
    const r2 = await fetch(`${srv.url}${pre}/api/c/compapi/v2/itsm/create_ticket/`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...DEMO, bk_token: TOKEN.alice, ...svc1() }) });
    assert.equal((await r2.json()).result, true, 'the fault fired once');
    const r3 = await fetch(`${srv.url}/__/fault=html502/api/bk-itsm/prod/v2/itsm/approve/`, { method: 'POST' });
    assert.equal(r3.status, 502);
    const bad = await (await fetch(`${srv.url}/__/fault=badfield/api/bk-itsm/prod/v2/itsm/get_service_detail/?service_id=13`)).json();
    assert.deepEqual([bad.data.service_id, bad.data.name], ['abc', 5]);
    const items = await (await fetch(`${srv.url}/__/fault=itemsnotarray/api/bk-itsm/prod/v2/itsm/get_services/`)).json();
    assert.ok(!Array.isArray(items.data));
    const t0 = Date.now();
    const slow = await fetch(`${srv.url}/__/tag=pfx1,delay=120/api/bk-itsm/prod/v2/itsm/get_services/`, { headers: { Origin: 'http://127.0.0.1:9', 'X-Bkapi-Authorization': JSON.stringify(DEMO) } });
    assert.ok(Date.now() - t0 >= 110);
    assert.equal(slow.headers.get('access-control-allow-origin'), 'http://127.0.0.1:9');
    const log = await (await fetch(`${srv.url}/__log?tag=pfx1`)).json();
    assert.equal(log.at(-1).path, '/api/bk-itsm/prod/v2/itsm/get_services/');
    // state=NAME: a scope of its own, whatever the tag.
    const s = client({ tag: 'pfx-a', prefix: ',state=shared' });
    const { sn } = await s.ok('create_ticket', svc1());
    assert.equal((await client({ tag: 'pfx-b', prefix: ',state=shared' }).ok('get_ticket_info', { sn })).sn, sn);
    assert.deepEqual(await client({ tag: 'pfx-a' }).err('get_ticket_info', { sn }), [3900022, '没有找到对应的单据']);
    await reset('shared');
    assert.deepEqual(await s.err('get_ticket_info', { sn }), [3900022, '没有找到对应的单据']);
  });
});
