// The service catalogue behind the write endpoints: catalogues, services, and the workflow of
// each service (its nodes and form fields), as bk-itsm stores them. WRITE-ENDPOINTS.md has the
// rules with their bk-itsm source lines; this file holds the data and the three catalogue reads
// (get_service_catalogs, get_services, get_service_detail).
//
// The ten services of the read data (data.mjs SERVICES, read-data.mjs FLOWS and FIELD_DEFS) keep
// their names, types, catalogues and flows; services 13-19 are added for the write endpoints:
// a form with every field type, a disabled service, a service without a catalogue, the
// built-in approval service, the built-in "账号开通申请", a service whose submit node is
// restricted to some users, and a service of another project.

import { CATALOGS } from './data.mjs';
import { FIELD_DEFS, FLOWS, NODE_FIELDS, SERVICE_NAMES, stateId } from './read-data.mjs';

// ---------------------------------------------------------------- fields

/**
 * A workflow field as the workflow version stores it (Field.tag_data,
 * itsm/workflow/models/field.py:59-168): the members get_service_detail serves, plus
 * is_valid, is_readonly, tips and is_builtin, which it does not.
 */
function field(id, key, type, name, opts = {}) {
  const f = {
    id,
    key,
    type,
    default: '',
    name,
    desc: '',
    choice: [],
    layout: 'COL_6',
    source_type: 'CUSTOM',
    source_uri: '',
    api_instance_id: 0,
    kv_relation: {},
    validate_type: 'REQUIRE',
    regex: 'EMPTY',
    regex_config: {},
    custom_regex: '',
    meta: {},
    show_type: 1,
    show_conditions: {},
    is_valid: true,
    is_readonly: false,
    tips: '',
    is_builtin: false,
    ...opts,
  };
  // Field.tag_data adds api_info only for API-sourced fields (field.py:153-162).
  if (f.source_type === 'API' && !f.api_info) {
    f.api_info = {
      api_instance_info: { id: f.api_instance_id, remote_api: 3, req_params: {}, rsp_data: 'data' },
      remote_api_info: { id: 3, name: '集群列表', path: '/api/v1/clusters/', method: 'GET', remote_system: 1 },
    };
  }
  return f;
}

/** Choices only the server can resolve (DATADICT, API, RPC sources; field.py:188-221). */
export const HIDDEN_CHOICES = {
  DATADICT: {
    REGION: [{ key: 'gz', name: '广州' }, { key: 'sh', name: '上海' }, { key: 'sg', name: 'Singapore' }],
    // A tree dictionary: TREESELECT choices are matched on `id` (field.py:152).
    IT_CATEGORY: [
      { id: 'hw', key: 'hw', name: '硬件', children: [{ id: 'laptop', key: 'laptop', name: '笔记本' }, { id: 'server', key: 'server', name: '服务器' }] },
      { id: 'sw', key: 'sw', name: '软件', children: [{ id: 'license', key: 'license', name: '许可证 License' }] },
    ],
  },
  API: { 7: [{ key: 'cls-prod', name: '生产集群' }, { key: 'cls-test', name: '测试集群' }] },
  RPC: { biz_list: [{ key: '2', name: '蓝鲸' }, { key: '3', name: 'Demo 业务' }], empty_list: [] },
};

/** The choices get_choice resolves for a field (field.py:188-221). */
export function resolveChoices(f) {
  if (f.source_type === 'DATADICT') return HIDDEN_CHOICES.DATADICT[f.source_uri] ?? [];
  if (f.source_type === 'API') return HIDDEN_CHOICES.API[f.api_instance_id] ?? [];
  if (f.source_type === 'RPC') return HIDDEN_CHOICES.RPC[f.source_uri] ?? [];
  return f.choice;
}

/** The approval node's three fields (APPROVAL_FIELDS, itsm/component/constants/field.py:92-132). */
function approvalFields(sid) {
  const key = (s) => `${s}${sid}`.padEnd(32, '0').slice(0, 32);
  const result = key('a5f1c0de');
  const showWhen = (value) => ({ type: 'and', expressions: [{ value, type: 'RADIO', condition: '==', key: result }] });
  return [
    field(sid * 10, result, 'RADIO', '审批意见', { choice: [{ key: 'true', name: '通过' }, { key: 'false', name: '拒绝' }], meta: { code: 'APPROVE_RESULT' }, default: 'true' }),
    // "Hidden when the result is false": the remark of an approval (optional).
    field(sid * 10 + 1, key('b3e2d1c0'), 'TEXT', '备注', { layout: 'COL_12', validate_type: 'OPTION', show_type: 0, show_conditions: showWhen('false') }),
    // "Hidden when the result is true": the reason of a rejection (required).
    field(sid * 10 + 2, key('c7d6e5f4'), 'TEXT', '备注', { layout: 'COL_12', show_type: 0, show_conditions: showWhen('true') }),
  ];
}

/** A node's fields as the read data's seeded flows define them (read-data.mjs NODE_FIELDS). */
function seededNodeFields(sid, type) {
  return (NODE_FIELDS[type] ?? []).map((d, i) =>
    field(sid * 10 + i, d.key, d.type, d.name, { desc: d.desc, choice: d.choice ?? [], validate_type: d.validate, meta: d.meta ?? {} }),
  );
}

// ---------------------------------------------------------------- the seeded services' forms

/** What the read data's form fields need to validate (FIELD_DEFS have no rules). */
const SEEDED_RULES = {
  title: { validate_type: 'REQUIRE', layout: 'COL_12', is_builtin: true, desc: '请输入标题' },
  priority: { validate_type: 'OPTION' },
  apply_content: { validate_type: 'REQUIRE', layout: 'COL_12' },
  apply_count: { validate_type: 'OPTION', regex: 'NUMWITHOUTZERO', default: '1' },
  environment: { validate_type: 'OPTION' },
  members: { validate_type: 'OPTION' },
  expected_at: { validate_type: 'OPTION', regex: 'AFTER_TIME' },
  impact: { validate_type: 'REQUIRE', default: 'medium' },
  description: { validate_type: 'REQUIRE', layout: 'COL_12' },
  alert_host: { validate_type: 'OPTION' },
  change_window: { validate_type: 'REQUIRE' },
  rollback_plan: { validate_type: 'OPTION', layout: 'COL_12' },
  servers: { validate_type: 'OPTION', layout: 'COL_12' },
  question_detail: { validate_type: 'REQUIRE', layout: 'COL_12' },
  category: { validate_type: 'OPTION' },
  legacy_payload: { validate_type: 'OPTION' },
};

/** TREESELECT choices carry `id` (what the validator matches) beside `key`. */
const withIds = (tree) => tree.map((n) => ({ id: n.key, ...n, ...(n.children ? { children: withIds(n.children) } : {}) }));

function seededSubmitFields(flowId, serviceType) {
  const sid = flowId * 100 + 2;
  const defs = [...FIELD_DEFS.common.filter((d) => d.key !== 'current_status'), ...FIELD_DEFS[serviceType]];
  return defs.map((d, i) => {
    let choice = d.choice ?? [];
    if (d.type === 'TREESELECT') choice = withIds(choice);
    if (d.key === 'servers') choice = choice.map((c) => ({ ...c, required: c.key === 'host' }));
    return field(sid * 100 + i, d.key, d.type, d.name, { desc: d.desc, choice, ...SEEDED_RULES[d.key] });
  });
}

// ---------------------------------------------------------------- workflows

const START = (flow) => ({ id: flow * 100 + 1, name: '开始', type: 'START' });
const END = (flow) => ({ id: flow * 100 + 99, name: '结束', type: 'END' });

/**
 * A node. `processors` are user names (PERSON); `processors_type: 'VARIABLE'` takes them from
 * the form field named in `processors`; `distribute` is the node's distribute_type
 * (DISTRIBUTE_TYPE_ACTION_DICT, itsm/component/constants/ticket.py:265-280); `onReject` is what
 * a rejected approval does: 'next' (the flow goes on), 'end' (a gateway to the end: FINISHED)
 * or 'terminate' (extras.enable_terminate_ticket_when_rejected: TERMINATED,
 * itsm/pipeline_plugins/components/collections/itsm_sign.py:118-127).
 */
const node = (id, name, type, opts = {}) => ({
  id,
  name,
  type,
  processors_type: 'PERSON',
  processors: [],
  fields: [],
  distribute: 'PROCESS',
  can_deliver: false,
  can_terminate: false,
  onReject: 'next',
  ...opts,
});

/** Default processors of the read data's flows, by node type. */
const SEEDED_PROCESSORS = { APPROVAL: ['admin', 'alice'], SIGN: ['admin', 'alice'], NORMAL: ['alice', 'bob'], TASK: [] };
const SEEDED_ON_REJECT = { 11: 'end', 14: 'next', 31: 'terminate', 35: 'end', 52: 'terminate' };
const SEEDED_SERVICE_TYPE = { 11: 'request', 14: 'request', 21: 'event', 23: 'event', 31: 'change', 35: 'change', 41: 'question', 52: 'request', 61: 'event', 2: 'DEFAULT' };

function seededFlow(flowId) {
  const f = FLOWS[flowId];
  const submitFields = seededSubmitFields(flowId, SEEDED_SERVICE_TYPE[flowId]);
  const nodes = f.nodes.map(([name, type], i) => {
    const sid = stateId(flowId, i);
    return node(sid, name, type, {
      processors: SEEDED_PROCESSORS[type],
      fields: seededNodeFields(sid, type),
      can_deliver: type === 'NORMAL',
      can_terminate: type === 'NORMAL',
      onReject: SEEDED_ON_REJECT[flowId] ?? 'next',
    });
  });
  return {
    id: flowId,
    name: `${SERVICE_NAMES[Object.entries(SEEDED_SERVICE_FLOW).find(([, fl]) => fl === flowId)?.[0]] ?? flowId}流程`,
    revocable: f.revocable,
    states: [START(flowId), node(flowId * 100 + 2, f.submit, 'NORMAL', { processors_type: 'OPEN', fields: submitFields }), ...nodes, END(flowId)],
  };
}
/** service id -> flow id for the read data's services (data.mjs SERVICES). */
const SEEDED_SERVICE_FLOW = { 1: 11, 2: 14, 3: 21, 4: 23, 5: 31, 6: 35, 7: 41, 8: 52, 9: 61, 12: 2 };

/** Flow 71: the form with every field type (FIELD_TYPE, itsm/component/constants/flow.py:300-323). */
function allTypesFlow() {
  const sid = 7102;
  let n = 0;
  const f = (key, type, name, opts) => field(sid * 100 + n++, key, type, name, opts);
  const ENV = [{ key: 'prod', name: '生产环境' }, { key: 'test', name: '测试环境' }, { key: 'dev', name: 'Development' }];
  const submit = [
    f('title', 'STRING', '标题', { is_builtin: true, layout: 'COL_12', desc: '一句话说明 / one line' }),
    f('contact_phone', 'STRING', '联系电话', { validate_type: 'OPTION', regex: 'PHONE_NUM' }),
    f('description', 'TEXT', '需求描述', { layout: 'COL_12', desc: null }),
    f('tags_en', 'TEXT', 'English tags', { validate_type: 'OPTION', regex: 'EN', desc: 'one per line' }),
    f('quantity', 'INT', '数量', { regex: 'NUMWITHOUTZERO', default: '1' }),
    f('start_date', 'DATE', '开始日期', { validate_type: 'OPTION', regex: 'AFTER_DATE' }),
    f('deadline', 'DATETIME', '截止时间', { validate_type: 'OPTION', regex: 'AFTER_TIME' }),
    f('history_date', 'DATE', '发现日期', { validate_type: 'OPTION', regex: 'BEFORE_DATE' }),
    f('window', 'DATETIMERANGE', '变更窗口', { validate_type: 'OPTION' }),
    f('servers', 'TABLE', '服务器列表', {
      validate_type: 'OPTION',
      layout: 'COL_12',
      choice: [{ key: 'host', name: '主机名', required: true }, { key: 'ip', name: 'IP', required: true }, { key: 'note', name: '备注' }],
    }),
    f('env', 'SELECT', '环境', { choice: ENV, default: 'test' }),
    f('app_name', 'INPUTSELECT', '应用', { validate_type: 'OPTION', choice: [{ key: 'paas', name: 'PaaS 平台' }, { key: 'cmdb', name: '配置平台' }] }),
    f('modules', 'MULTISELECT', '模块', { validate_type: 'OPTION', choice: [{ key: 'web', name: 'Web' }, { key: 'api', name: 'API' }, { key: 'db', name: '数据库' }] }),
    f('notify_by', 'CHECKBOX', '通知方式', { validate_type: 'OPTION', choice: [{ key: 'mail', name: '邮件' }, { key: 'sms', name: '短信' }, { key: 'weixin', name: '企业微信' }] }),
    f('urgency', 'RADIO', '紧急程度', { choice: [{ key: 'high', name: '高' }, { key: 'normal', name: '中' }, { key: 'low', name: '低' }], default: 'normal' }),
    f('owner', 'MEMBER', '负责人', { validate_type: 'OPTION' }),
    f('watchers', 'MEMBERS', '关注人', { validate_type: 'OPTION' }),
    f('details', 'RICHTEXT', '详细说明', { validate_type: 'OPTION', layout: 'COL_12' }),
    f('attachment', 'FILE', '附件', { validate_type: 'OPTION' }),
    f('accounts', 'CUSTOMTABLE', '账号清单', {
      validate_type: 'OPTION',
      layout: 'COL_12',
      meta: { columns: [{ key: 'account', name: '账号', required: true, display: 'input' }, { key: 'role', name: '角色', display: 'select', choice: [{ key: 'ro', name: '只读' }, { key: 'rw', name: '读写' }] }] },
    }),
    f('category', 'TREESELECT', '分类', { validate_type: 'OPTION', source_type: 'DATADICT', source_uri: 'IT_CATEGORY' }),
    f('doc_link', 'LINK', '文档链接', { validate_type: 'OPTION' }),
    f('extra_form', 'CUSTOM-FORM', '扩展表单', { validate_type: 'OPTION', meta: { schemes: {}, config: [] } }),
    f('location', 'CASCADE', '机房位置', { validate_type: 'OPTION', choice: [{ key: 'gz', name: '广州', children: [{ key: 'gz1', name: '一号机房' }] }] }),
    f('region', 'SELECT', '地域', { validate_type: 'OPTION', source_type: 'DATADICT', source_uri: 'REGION' }),
    f('cluster', 'SELECT', '集群', { validate_type: 'OPTION', source_type: 'API', api_instance_id: 7, kv_relation: { key: 'id', name: 'name' } }),
    f('biz', 'SELECT', '业务', { validate_type: 'OPTION', source_type: 'RPC', source_uri: 'biz_list', meta: { code: 'biz_list' } }),
    f('retired_choice', 'SELECT', '废弃选项', { validate_type: 'OPTION', source_type: 'RPC', source_uri: 'empty_list' }),
    f('project_code', 'STRING', '项目编号', { validate_type: 'OPTION', regex: 'CUSTOM', custom_regex: '^[A-Z]{2,4}-\\d+$', desc: 'e.g. OPS-42' }),
    // Shown (and then required) only when env is prod: hidden while `env != prod` holds.
    f('rollback_plan', 'TEXT', '回滚方案', {
      layout: 'COL_12',
      show_type: 0,
      show_conditions: { type: 'and', expressions: [{ key: 'env', condition: '!=', value: 'prod', type: 'SELECT' }] },
    }),
    // A field switched off in the workflow: not on the form, not served (workflow.py:768-773).
    f('obsolete', 'STRING', '已停用字段', { is_valid: false }),
  ];
  const approval = 7103;
  const work = 7104;
  return {
    id: 71,
    name: '全字段类型流程',
    revocable: true,
    states: [
      START(71),
      node(sid, '提单', 'NORMAL', { processors_type: 'OPEN', fields: submit }),
      node(approval, '直属上级审批', 'APPROVAL', { processors: ['admin', 'alice'], fields: approvalFields(approval), onReject: 'terminate' }),
      node(work, '实施', 'NORMAL', {
        processors: ['alice', 'bob'],
        can_deliver: true,
        can_terminate: true,
        fields: [
          field(work * 10, 'implement_result', 'TEXT', '实施结果', { layout: 'COL_12' }),
          field(work * 10 + 1, 'finished_at', 'DATETIME', '完成时间', { validate_type: 'OPTION' }),
        ],
      }),
      END(71),
    ],
  };
}

function simpleFlow(id, name, submitName, submitFields, nodes, opts = {}) {
  const sid = id * 100 + 2;
  return {
    id,
    name,
    revocable: opts.revocable ?? true,
    states: [
      START(id),
      node(sid, submitName, 'NORMAL', { processors_type: opts.submitProcessors ? 'PERSON' : 'OPEN', processors: opts.submitProcessors ?? [], fields: submitFields(sid) }),
      ...nodes,
      END(id),
    ],
  };
}

/** regex_config as the web form editor saves a field without a rule (the real 账号开通申请's). */
const emptyRule = () => ({ rule: { expressions: [], type: 'and' } });

const titleField = (sid, i = 0) => field(sid * 100 + i, 'title', 'STRING', '标题', { is_builtin: true, layout: 'COL_12' });

const FLOW_DEFS = [
  ...Object.keys(FLOWS).map((id) => seededFlow(Number(id))),
  allTypesFlow(),
  simpleFlow(72, '旧版服务流程', '提单', (sid) => [titleField(sid)], [node(7203, '处理', 'NORMAL', { processors: ['alice', 'bob'] })]),
  simpleFlow(73, '草稿服务流程', '提单', (sid) => [titleField(sid), field(sid * 100 + 1, 'reason', 'TEXT', '原因', { validate_type: 'OPTION' })], [
    node(7303, '处理', 'NORMAL', { processors: ['alice', 'bob'], can_terminate: true }),
  ]),
  // The built-in approval flow (itsm/workflow/signals/handlers.py:272-340): 提单 -> 内置审批节点 -> end.
  simpleFlow(74, '内置审批流', '提单', (sid) => [
    titleField(sid),
    field(sid * 100 + 1, 'APPROVER', 'MEMBERS', '审批人', { layout: 'COL_12' }),
    field(sid * 100 + 2, 'APPROVAL_CONTENT', 'TEXT', '审批内容'),
  ], [node(7403, '内置审批节点', 'APPROVAL', { processors_type: 'VARIABLE', processors: ['APPROVER'], fields: approvalFields(7403) })]),
  // "账号开通申请" (BUILTIN_SERVICES, itsm/component/constants/builtin.py:444): its form needs
  // title, apply_content, apply_reason and ZHIDINGSHENPIREN (real-itsm.md). As the real one
  // serves it (tests/real/recorded/get_service_detail.json, service-1): the fields after the
  // title carry the form editor's empty rule in regex_config.
  simpleFlow(75, '一般审批流程', '提单', (sid) => [
    titleField(sid),
    field(sid * 100 + 1, 'apply_content', 'TEXT', '申请内容', { layout: 'COL_12', regex_config: emptyRule() }),
    field(sid * 100 + 2, 'apply_reason', 'TEXT', '申请理由', { layout: 'COL_12', regex_config: emptyRule() }),
    field(sid * 100 + 3, 'ZHIDINGSHENPIREN', 'MEMBERS', '指定审批人', { regex_config: emptyRule() }),
  ], [node(7503, '指定审批人审批', 'APPROVAL', { processors_type: 'VARIABLE', processors: ['ZHIDINGSHENPIREN'], fields: approvalFields(7503) })]),
  // Submit node restricted to admin and bob; then a node that is distributed, then claimed.
  simpleFlow(76, '值班事件流程', '上报', (sid) => [
    titleField(sid),
    field(sid * 100 + 1, 'impact', 'SELECT', '影响范围', { choice: [{ key: 'high', name: '高 High' }, { key: 'low', name: '低 Low' }] }),
  ], [
    node(7603, '值班处理', 'NORMAL', { processors: ['admin'], distribute: 'DISTRIBUTE_THEN_CLAIM', can_deliver: true, can_terminate: true, fields: [field(76030, 'handle_result', 'TEXT', '处理结果')] }),
  ], { submitProcessors: ['admin', 'bob'], revocable: false }),
  simpleFlow(77, '流水线权限流程', '提单', (sid) => [titleField(sid)], [node(7703, '项目管理员审批', 'APPROVAL', { processors: ['admin'], fields: approvalFields(7703) })]),
];

export const WORKFLOWS = new Map(FLOW_DEFS.map((f) => [f.id, f]));
for (const f of FLOW_DEFS) {
  f.fieldsById = new Map(f.states.flatMap((s) => s.fields ?? []).map((x) => [x.id, x]));
  f.submit = f.states[1];
}

// ---------------------------------------------------------------- services

/**
 * Services (itsm/service/models.py:239-320): `key` is the service type; `catalog` the
 * catalogue it is bound to (CatalogService), null for none; `is_valid` false = disabled.
 */
export const SERVICES = [
  ...Object.entries(SEEDED_SERVICE_FLOW).map(([id, flow]) => ({
    id: Number(id),
    name: SERVICE_NAMES[id],
    key: SEEDED_SERVICE_TYPE[flow],
    desc: '',
    flow,
    catalog: { 1: 3, 2: 3, 3: 5, 4: 5, 5: 7, 6: 7, 7: 9, 8: 4, 9: 6, 12: 1 }[id],
  })),
  { id: 13, name: '全字段类型演示 All field types', key: 'request', desc: '每种表单字段各一个', flow: 71, catalog: 10 },
  { id: 14, name: '旧版资源申请（已停用）', key: 'request', desc: 'Disabled', flow: 72, catalog: 10, is_valid: false },
  { id: 15, name: '未上架的服务', key: 'request', desc: 'Bound to no catalogue', flow: 73, catalog: null },
  { id: 16, name: '内置审批服务', key: 'request', desc: '', flow: 74, catalog: 12, display_type: 'INVISIBLE', is_builtin: true },
  { id: 17, name: '账号开通申请', key: 'request', desc: '内置审批服务', flow: 75, catalog: 3, is_builtin: true },
  { id: 18, name: '值班事件上报 On-call report', key: 'event', desc: '', flow: 76, catalog: 6, display_type: 'GENERAL', display_role: ',3,' },
  { id: 19, name: '流水线权限申请', key: 'request', desc: '', flow: 77, catalog: 14, project_key: 'devops' },
].map((s) => ({ is_valid: true, display_type: 'OPEN', display_role: '', project_key: '0', is_builtin: false, ...s }));

const byId = new Map(SERVICES.map((s) => [s.id, s]));
export const serviceById = (id) => byId.get(id) ?? null;
export const workflowOf = (service) => WORKFLOWS.get(service.flow);
/** The built-in approval service create_ticket's `fast_approval` uses (views.py:394-402). */
export const FAST_APPROVAL_SERVICE = 16;
export const FAST_APPROVAL_CATALOG = 12;

/** The valid (is_valid) fields of a state, in the state's order (workflow.py:768-773). */
export const stateFields = (state) => (state.fields ?? []).filter((f) => f.is_valid);

// ---------------------------------------------------------------- the three catalogue reads

/** The members WorkflowVersionFirstStateFieldSerializer serves, in its order (service/serializers.py:53-77). */
const DETAIL_MEMBERS = [
  'id', 'key', 'type', 'default', 'name', 'desc', 'choice', 'layout', 'source_type', 'source_uri', 'api_instance_id', 'api_info',
  'kv_relation', 'validate_type', 'regex', 'regex_config', 'custom_regex', 'meta', 'show_type', 'show_conditions',
];
/** One first-node field as get_service_detail serves it: a member missing from the stored dict is skipped. */
const detailField = (f) => Object.fromEntries(DETAIL_MEMBERS.filter((k) => Object.hasOwn(f, k)).map((k) => [k, k === 'default' && f[k] !== null ? String(f[k]) : f[k]]));

const liveCatalogs = () => CATALOGS.filter((c) => !c.is_deleted);
const catalogById = (id) => liveCatalogs().find((c) => c.id === id) ?? null;
const ancestors = (c) => {
  const out = [];
  for (let p = catalogById(c.parent); p; p = catalogById(p.parent)) out.push(p);
  return out;
};
const levelOf = (c) => ancestors(c).length;

/**
 * ServiceCatalog.open_api_subtree (itsm/service/models.py:777-798): children newest first;
 * `only` (a set of ids) filters the children of this node but is not passed down, so deeper
 * levels are never filtered.
 */
function subtree(c, only) {
  let children = liveCatalogs().filter((x) => x.parent === c.id).sort((a, b) => (a.create_at < b.create_at ? 1 : a.create_at > b.create_at ? -1 : 0));
  if (only && only.size) children = children.filter((x) => only.has(x.id));
  return { id: c.id, key: c.key, name: c.name, level: levelOf(c), desc: c.desc, children: children.map((x) => subtree(x)) };
}

/** A query parameter as QueryDict.get reads it: the last value, null when absent. */
const qget = (query, key) => {
  const all = query.getAll(key);
  return all.length ? all[all.length - 1] : null;
};

/** get_service_catalogs (itsm/openapi/service/views.py:119-152). */
export function serviceCatalogs(query) {
  const projectKey = qget(query, 'project_key') ?? '0';
  const hasService = qget(query, 'has_service');
  const serviceKey = qget(query, 'service_key');
  const name = qget(query, 'name');
  if (hasService === 'true' || serviceKey) {
    // open_api_tree_data (models.py:801-833): the catalogues (and their ancestors) that
    // services of this project, or of this service type, are bound to.
    const bound = SERVICES.filter((s) => s.catalog !== null && s.project_key === projectKey && (!serviceKey || s.key === serviceKey));
    const ids = new Set();
    for (const s of bound) {
      const c = catalogById(s.catalog);
      if (!c) continue;
      for (const a of ancestors(c)) ids.add(a.id);
      ids.add(c.id);
    }
    if (serviceKey && !ids.size) return [];
    // Roots of every project: only the bindings were filtered by project.
    let roots = liveCatalogs().filter((c) => c.parent === null);
    if (ids.size) roots = roots.filter((c) => ids.has(c.id));
    return roots.sort((a, b) => a.id - b.id).map((r) => subtree(r, ids));
  }
  if (name) return liveCatalogs().filter((c) => c.name === name && c.project_key === projectKey).map((c) => subtree(c));
  return liveCatalogs().filter((c) => c.parent === null && c.project_key === projectKey).map((c) => subtree(c));
}

/** Python int() of a query string, as Django casts a lookup value for an integer column. */
export function lookupInt(column, raw) {
  const m = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(raw);
  if (!m) {
    const err = new Error(`Field '${column}' expected a number but got ${pyQuote(raw)}.`);
    err.py = true;
    throw err;
  }
  return Number(m[1].replaceAll('_', ''));
}
const pyQuote = (s) => (s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`);

/** get_services (service/views.py:67-96): enabled services, filters applied only when non-empty. */
export function servicesList(query) {
  let list = SERVICES.filter((s) => s.is_valid);
  const catalogId = qget(query, 'catalog_id');
  if (catalogId) {
    const id = lookupInt('id', catalogId);
    // CatalogService.objects.filter(catalog_id=...): that catalogue only, not its descendants.
    list = list.filter((s) => s.catalog === id && catalogById(id));
  }
  const serviceType = qget(query, 'service_type');
  if (serviceType) list = list.filter((s) => s.key === serviceType);
  const displayType = qget(query, 'display_type');
  if (displayType) list = list.filter((s) => s.display_type === displayType);
  const displayRole = qget(query, 'display_role');
  if (displayRole) list = list.filter((s) => (s.display_role ?? '').includes(`,${displayRole},`));
  return list.map((s) => ({ id: s.id, name: s.name, service_type: s.key, desc: s.desc }));
}

/**
 * get_service_detail (service/views.py:98-117): null when the service is missing or disabled
 * (the caller answers 3900404); throws a Python-style error for a non-integer id.
 */
export function serviceDetail(query) {
  const raw = qget(query, 'service_id');
  if (raw === null) return null; // pk=None: DoesNotExist
  const s = serviceById(lookupInt('id', raw));
  if (!s || !s.is_valid) return null;
  const flow = workflowOf(s);
  return {
    service_id: s.id,
    workflow_id: flow.id,
    name: s.name,
    service_type: s.key,
    desc: s.desc,
    fields: stateFields(flow.submit).map(detailField),
  };
}
