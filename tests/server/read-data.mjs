// What the read endpoints serve about each seeded ticket: its service, flow, current steps,
// processors, followers, form fields and log, derived from data.mjs's tickets.
//
// Everything a ticket shares with get_tickets (sn, title, status, creator, times, comment,
// URLs) is read from the ticket's get_tickets item, never re-generated, so a client sees the
// same ticket through every endpoint. The rest is derived from (seed, id) alone with separate
// PRNG streams, so a ticket's detail does not depend on which endpoint asked first. The shapes
// and their quirks follow READ-ENDPOINTS.md (the bk-itsm source); the values are made up.

import { CATALOGS, CUSTOM_STATUSES, END_STATUSES, USERS, XSS_TICKET_ID, XSS_TITLE, formatTime, mulberry32 } from './data.mjs';

// ---------------------------------------------------------------- catalogue

/** Service names by data.mjs service id (Chinese and English, one with markup-looking text). */
export const SERVICE_NAMES = {
  1: '服务器资源申请', 2: 'Account & access request', 3: '生产事件处理', 4: 'Incident report',
  5: '标准变更', 6: 'Emergency change <CAB>', 7: '问题咨询', 8: 'Laptop request', 9: '监控告警处理',
  12: '历史数据迁移',
};

/**
 * ServiceCatalog.get_descendant_ids: the catalogue and everything under it (data.mjs CATALOGS;
 * catalogue 1 is the root, so filtering by it means every catalogue), or null for an unknown
 * or deleted catalogue, which then filters nothing.
 */
export function catalogDescendants(id) {
  const live = CATALOGS.filter((c) => !c.is_deleted);
  if (!live.some((c) => c.id === id)) return null;
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of live) if (out.has(c.parent) && !out.has(c.id)) grew = out.add(c.id);
  }
  return out;
}

/** TicketStatus names (current_status_display); unknown (service type, key) pairs read "--". */
export const STATUS_DISPLAY = {
  NEW: '新', RUNNING: '处理中', RESOLVED: '已解决', CONFIRMED: '已确认', SUSPENDED: '挂起',
  FINISHED: '已结束', TERMINATED: '已终止', REVOKED: '已撤销',
  [CUSTOM_STATUSES[0]]: '待外部反馈', [CUSTOM_STATUSES[1]]: 'Waiting for vendor',
};

/** ACTION_DICT (itsm/component/constants/flow.py): SIGN is not in it, so its name is null. */
const ACTION_NAMES = {
  TRANSITION: '提交', DISTRIBUTE: '分派', CLAIM: '认领', AUTOMATIC: '自动执行', SUSPEND: '挂起',
  UNSUSPEND: '恢复', TERMINATE: '终止', WITHDRAW: '撤单', DELIVER: '转单',
};
const op = (key) => ({ key, name: ACTION_NAMES[key] ?? null, can_operate: true });

// Node types: NORMAL (manual), APPROVAL, SIGN (countersign), TASK (automatic plugin).
// Each flow: the submit node's name and the nodes after it; revocable = withdraw allowed.
export const FLOWS = {
  11: { submit: '提单', revocable: true, nodes: [['直属上级审批', 'APPROVAL'], ['资源交付', 'NORMAL'], ['自动开通', 'TASK']] },
  14: { submit: 'Submit', revocable: true, nodes: [['Manager approval', 'APPROVAL'], ['Fulfil request', 'NORMAL']] },
  21: { submit: '提单', revocable: false, nodes: [['一线处理', 'NORMAL'], ['二线处理', 'NORMAL']] },
  23: { submit: 'Report', revocable: false, nodes: [['Triage', 'NORMAL'], ['Resolve incident', 'NORMAL']] },
  31: { submit: '提单', revocable: true, nodes: [['变更审批', 'APPROVAL'], ['变更实施', 'NORMAL'], ['自动化检查', 'TASK']] },
  35: { submit: 'Submit', revocable: true, nodes: [['CAB review', 'SIGN'], ['Implement change', 'NORMAL']] },
  41: { submit: '提问', revocable: true, nodes: [['解答', 'NORMAL']] },
  52: { submit: 'Submit', revocable: true, nodes: [['IT approval', 'APPROVAL'], ['Deliver laptop', 'NORMAL']] },
  61: { submit: '告警接入', revocable: false, nodes: [['告警确认', 'NORMAL'], ['故障处理', 'NORMAL'], ['自动恢复', 'TASK']] },
  2: { submit: '提单', revocable: false, nodes: [['处理', 'NORMAL']] },
};
// State ids: flow*100 + 1 (start), + 2 (submit), + 3.. (nodes), + 99 (end).
export const stateId = (flow, index) => flow * 100 + 3 + index;
const SUBMIT = 2;

/** IAM grants (ticket_view per service) used by my_dealt's fallback branch. */
export const IAM_VIEW = { admin: 'all', alice: new Set([1, 3, 7]) };

// ---------------------------------------------------------------- helpers

const pick = (rand, arr) => arr[Math.floor(rand() * arr.length)];
/** admin and alice are over-represented so every view has rows for them. */
function pickUser(rand) {
  const r = rand();
  if (r < 0.25) return 'admin';
  if (r < 0.45) return 'alice';
  return pick(rand, USERS);
}
const streamFor = (seed, id, stream) => mulberry32((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(id, 0x85ebca6b) ^ Math.imul(stream, 0xc2b2ae35)) >>> 0);
/** `YYYY-MM-DD HH:MM:SS` (naive wall-clock) to ms, the scale formatTime uses. */
export const parseTime = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10), +s.slice(11, 13), +s.slice(14, 16), +s.slice(17, 19));
/** A dotted list as ITSM stores processors (`,a,b,`); "" when empty. */
const dotted = (names) => (names.length ? `,${names.join(',')},` : '');

// ---------------------------------------------------------------- per-ticket structure

const cache = new WeakMap(); // dataset -> {bySn: Map, records: Array}

function datasetCache(dataset) {
  let c = cache.get(dataset);
  if (!c) {
    c = { bySn: null, records: new Array(dataset.tickets.length) };
    cache.set(dataset, c);
  }
  return c;
}

/** The ticket with this sn (exact match, as the ORM's `sn=`), or null. */
export function ticketBySn(dataset, sn) {
  const c = datasetCache(dataset);
  if (!c.bySn) c.bySn = new Map(dataset.tickets.map((t) => [t.item.sn, t]));
  return c.bySn.get(sn) ?? null;
}

/**
 * The derived record of ticket `t`: flow, node statuses, processors, followers, meta, SLA.
 * Legacy tickets (service type DEFAULT, imported before node statuses existed) have no
 * node status rows, which is what makes get_tickets_by_user skip their enrichment.
 */
export function ticketRecord(dataset, t) {
  if (t.detail) return t.detail.record; // a ticket the write endpoints created or changed
  const c = datasetCache(dataset);
  const cached = c.records[t.id - 1];
  if (cached) return cached;
  const rand = streamFor(dataset.seed, t.id, 1);
  const { item } = t;
  const flow = FLOWS[item.flow_id];
  const status = item.current_status;
  const over = END_STATUSES.has(status);
  const legacy = item.service_type === 'DEFAULT';
  const manual = flow.nodes.map((n, i) => i).filter((i) => flow.nodes[i][1] !== 'TASK');
  const someUsers = () => [...new Set([pickUser(rand), ...(rand() < 0.4 ? [pickUser(rand)] : [])])];

  // Where the ticket stands: index of the current node, its node status and processors.
  let pos; // nodes before pos are finished
  let step = null;
  if (status === 'RUNNING') {
    pos = pick(rand, manual);
    step = { status: 'RUNNING', processors: [...(t.processors ?? ['admin'])] };
  } else if (status === 'NEW') {
    pos = 0;
    const distribute = rand() < 0.4;
    step = { status: distribute ? 'DISTRIBUTING' : 'RECEIVING', action: distribute ? 'DISTRIBUTE' : 'CLAIM', processors: someUsers() };
  } else if (status === 'SUSPENDED') {
    pos = pick(rand, manual);
    step = { status: 'SUSPEND', processors: someUsers() };
  } else if (status === 'RESOLVED' || status === 'CONFIRMED') {
    pos = manual[manual.length - 1];
    step = { status: 'RUNNING', processors: [item.creator ?? 'admin'], type: 'STARTER' };
  } else if (CUSTOM_STATUSES.includes(status)) {
    pos = pick(rand, manual);
    step = { status: 'RUNNING', processors: someUsers() };
  } else if (status === 'FINISHED') {
    pos = flow.nodes.length;
  } else if (status === 'REVOKED') {
    pos = rand() < 0.7 ? 0 : Math.min(1, flow.nodes.length - 1);
  } else {
    pos = pick(rand, manual); // TERMINATED at this node
  }

  const steps = [];
  if (step) {
    const [name, type] = flow.nodes[pos];
    const action = step.action ?? (type === 'SIGN' ? 'SIGN' : 'TRANSITION');
    steps.push({
      rowId: t.id * 10 + pos + 3,
      state_id: stateId(item.flow_id, pos),
      name,
      type,
      status: step.status,
      action_type: action,
      processors_type: step.type ?? 'PERSON',
      processors: step.processors,
      can_deliver: rand() < 0.5,
      can_terminate: rand() < 0.5,
    });
  }
  // Ticket.current_processors: kept on the ticket even where node status rows are missing.
  const processors = step ? [...new Set(step.processors)] : [];

  const r = rand();
  const followers = t.id === XSS_TICKET_ID ? ['alice'] : r < 0.2 ? ['admin'] : r < 0.35 ? ['alice', 'bob'] : r < 0.42 ? ['张伟', 'alice'] : [];
  const pr = rand();
  const meta = pr < 0.15 ? {} : { priority: pick(rand, [{ key: '1', name: '低', order: 1 }, { key: '2', name: '中', order: 2 }, { key: '3', name: '高', order: 3 }]) };
  const supervised = rand() < 0.1;
  const sla = item.service_type === 'event' && rand() < 0.6 ? ['事件响应 SLA', ...(rand() < 0.3 ? ['Resolution 8h'] : [])] : [];
  const slaColor = sla.length && !over && rand() < 0.4 ? '#FF5656' : '';
  // Withdraw (revoke type FIRST): only while the submit node is the only finished one.
  const canWithdraw = flow.revocable && !over && pos === 0;

  const record = {
    flow,
    pos,
    over,
    legacy,
    steps: legacy ? [] : steps, // node status rows; legacy tickets have none
    processors,
    followers,
    meta,
    supervise: supervised ? { needed: true, type: 'PERSON', supervisor: 'carol' } : { needed: false, type: 'EMPTY', supervisor: '' },
    sla,
    slaColor,
    canWithdraw,
  };
  c.records[t.id - 1] = record;
  return record;
}

// ---------------------------------------------------------------- views (get_tickets_by_user)

/** get_todo_tickets: open tickets whose current processors include the user ("" = all). */
export function isTodo(dataset, t, user) {
  if (!user) return true;
  const rec = ticketRecord(dataset, t);
  return !rec.over && rec.processors.includes(user);
}

/** get_history_tickets: the user is among updated_by, and is not the creator. */
export function isHistory(t, user) {
  return Boolean(user) && t.item.updated_by.split(',').includes(user) && t.item.creator !== user;
}

/** get_approval_tickets: a to-do with a RUNNING APPROVAL node (whoever its approvers are). */
export function isApproval(dataset, t, user) {
  return isTodo(dataset, t, user) && ticketRecord(dataset, t).steps.some((s) => s.type === 'APPROVAL' && s.status === 'RUNNING');
}

export const isAttention = (dataset, t, user) => ticketRecord(dataset, t).followers.includes(user);

function iamAllows(t, user) {
  const grant = IAM_VIEW[user];
  return grant === 'all' || (grant instanceof Set && grant.has(t.item.service_id));
}

/**
 * The predicate for a view_type. The server looks up `get_<last word>_tickets`; there is no
 * get_dealt_tickets, so my_dealt falls through to "to-do or history or IAM-viewable".
 */
export function viewPredicate(dataset, viewType, user) {
  switch (viewType) {
    case 'my_todo': return (t) => isTodo(dataset, t, user);
    case 'my_created': return (t) => t.item.creator === user;
    case 'my_history': return (t) => isHistory(t, user);
    case 'my_approval': return (t) => isApproval(dataset, t, user);
    case 'my_attention': return (t) => isAttention(dataset, t, user);
    default: return (t) => isTodo(dataset, t, user) || isHistory(t, user) || iamAllows(t, user);
  }
}

/** One get_tickets_by_user item (TicketList.to_client_representation) for `user`. */
export function userItem(dataset, t, user) {
  const { item } = t;
  const rec = ticketRecord(dataset, t);
  const inst = {
    sn: item.sn,
    id: item.id,
    title: item.title,
    service_id: item.service_id,
    service_type: item.service_type,
    meta: rec.meta,
    bk_biz_id: item.bk_biz_id,
    current_status: item.current_status,
    // The raw datetime; only the enrichment below turns it into "YYYY-MM-DD HH:MM:SS".
    create_at: item.create_at.replace(' ', 'T'),
    creator: item.creator,
    is_supervise_needed: rec.supervise.needed,
    flow_id: item.flow_id,
    supervise_type: rec.supervise.type,
    supervisor: rec.supervise.supervisor,
    project_key: '0',
    current_processors: rec.over ? '' : dotted(rec.processors),
  };
  const isCreator = user === item.creator;
  // Legacy tickets have no node status rows: the server's enrichment raises KeyError, logs
  // it and serves the row without any of the fields it would have added.
  if (!rec.legacy) {
    const waiting = rec.steps.some((s) => s.type === 'APPROVAL' && s.status === 'RUNNING' && s.processors.includes(user));
    Object.assign(inst, {
      service_name: rec.serviceName ?? SERVICE_NAMES[item.service_id],
      current_status_display: STATUS_DISPLAY[item.current_status] ?? '--',
      current_steps: rec.steps.map((s) => ({ id: s.rowId, tag: 'DEFAULT', name: s.name, state_id: s.state_id, type: s.type })),
      priority_name: rec.meta.priority?.name ?? '--',
      create_at: item.create_at,
      can_comment: isCreator && item.current_status === 'FINISHED' && !item.is_commented,
      can_operate: false,
      waiting_approve: waiting && item.current_status !== 'SUSPENDED',
      followers: rec.followers,
      // TicketComment.id (an int) when the ticket has a comment row, else "".
      comment_id: item.comment_id === '' ? '' : Number(item.comment_id),
      can_supervise: rec.supervise.needed && !rec.over && (rec.supervise.supervisor === user || isCreator),
      can_withdraw: rec.canWithdraw,
      sla: rec.sla,
      sla_color: rec.slaColor,
    });
  }
  // Only the creator (or the agent) may see the comment: everyone else gets "-1".
  if (!isCreator) inst.comment_id = '-1';
  return inst;
}

// ---------------------------------------------------------------- fields

const PRIORITY_CHOICE = [{ key: '1', name: '低' }, { key: '2', name: '中' }, { key: '3', name: '高' }];
const ENV_CHOICE = [{ key: 'prod', name: '生产环境' }, { key: 'test', name: '测试环境' }, { key: 'dev', name: 'Development' }];
const IMPACT_CHOICE = [{ key: 'high', name: '高 High' }, { key: 'medium', name: '中 Medium' }, { key: 'low', name: '低 Low' }];
const HOST_CHOICE = [{ key: 'web-01', name: 'web-01 (生产)' }, { key: 'db-master-02', name: 'db-master-02 (主库)' }];
const CATEGORY_TREE = [{ key: '1', name: '平台', children: [{ key: '2', name: '作业平台', children: [{ key: '3', name: '执行失败' }] }] }];
const APPROVE_CHOICE = [{ key: 'true', name: '通过' }, { key: 'false', name: '拒绝' }];

/**
 * A form field definition: key, type, name, desc (nullable), choice. `fill(rand, t)` gives
 * the stored text value (null when never filled) or, for JSON types, the parsed value.
 */
export const FIELD_DEFS = {
  common: [
    { key: 'title', type: 'STRING', name: '标题', desc: '请输入标题', fill: (rand, t) => t.item.title },
    { key: 'current_status', type: 'SELECT', name: '工单状态', desc: null, fill: (rand, t) => t.item.current_status },
    { key: 'priority', type: 'SELECT', name: '优先级', desc: '', choice: PRIORITY_CHOICE, fill: (rand, t, rec) => rec.meta.priority?.key ?? null },
  ],
  request: [
    { key: 'apply_content', type: 'TEXT', name: '申请内容', desc: '说明用途 / purpose', fill: (rand, t) => (t.id === XSS_TICKET_ID ? XSS_TITLE : pick(rand, ['用于压测环境扩容，预计使用三个月。', 'Need access for the Q3 audit.\nThanks!', '临时需求 & 加急'])) },
    { key: 'apply_count', type: 'INT', name: '申请数量', desc: null, fill: (rand) => String(1 + Math.floor(rand() * 5)) },
    { key: 'environment', type: 'MULTISELECT', name: '环境', desc: '', choice: ENV_CHOICE, fill: (rand) => pick(rand, ['prod,test', 'dev', 'test,unknown_env']) },
    { key: 'members', type: 'MEMBERS', name: '关注人', desc: '', fill: (rand) => (rand() < 0.3 ? '' : pick(rand, ['alice,bob', 'admin', '张伟,李娜'])) },
    { key: 'expected_at', type: 'DATETIME', name: '期望完成时间', desc: null, fill: (rand, t) => (rand() < 0.4 ? null : formatTime(parseTime(t.item.create_at) + 3 * 86400_000)) },
  ],
  event: [
    { key: 'impact', type: 'SELECT', name: '影响范围', desc: '', choice: IMPACT_CHOICE, fill: (rand) => pick(rand, ['high', 'medium', 'low']) },
    { key: 'description', type: 'TEXT', name: '故障描述', desc: 'What happened?', fill: (rand, t) => (t.id === XSS_TICKET_ID ? XSS_TITLE : pick(rand, ['用户反馈页面 502，持续 5 分钟。', 'Alert fired at 03:12, <p99> latency > 2s', '磁盘使用率 95%'])) },
    { key: 'alert_host', type: 'INPUTSELECT', name: '告警主机', desc: null, choice: HOST_CHOICE, fill: (rand) => pick(rand, ['web-01', 'db-master-02', 'tmp-host-9']) },
  ],
  change: [
    { key: 'change_window', type: 'DATETIME', name: '变更窗口', desc: '', fill: (rand, t) => formatTime(parseTime(t.item.create_at) + 86400_000) },
    { key: 'rollback_plan', type: 'TEXT', name: '回滚方案', desc: null, fill: (rand, t) => (t.id === XSS_TICKET_ID ? XSS_TITLE : pick(rand, ['回滚到上一版本镜像', 'Restore from snapshot "pre-change"', ''])) },
    { key: 'servers', type: 'TABLE', name: '变更服务器', desc: '', json: true, choice: [{ key: 'host', name: '主机' }, { key: 'ip', name: 'IP' }], fill: (rand) => [{ host: pick(rand, ['web-01', 'cache-03']), ip: `10.0.${Math.floor(rand() * 255)}.${1 + Math.floor(rand() * 250)}` }] },
  ],
  question: [
    { key: 'question_detail', type: 'TEXT', name: '问题详情', desc: '', fill: (rand, t) => (t.id === XSS_TICKET_ID ? XSS_TITLE : pick(rand, ['作业执行失败，报错 "permission denied"', 'Where is the runbook?'])) },
    { key: 'category', type: 'TREESELECT', name: '问题分类', desc: null, choice: CATEGORY_TREE, fill: () => '3' },
  ],
  DEFAULT: [{ key: 'legacy_payload', type: 'TEXT', name: '原始数据', desc: null, fill: (rand) => (rand() < 0.5 ? '' : 'imported from v1 (旧系统)') }],
};
export const NODE_FIELDS = {
  APPROVAL: [
    { key: 'approve_result', type: 'RADIO', name: '审批结果', desc: '', choice: APPROVE_CHOICE, validate: 'REQUIRE', meta: { code: 'APPROVE_RESULT' } },
    { key: 'approve_remark', type: 'TEXT', name: '审批意见', desc: null, validate: 'OPTION' },
  ],
  NORMAL: [
    { key: 'process_result', type: 'TEXT', name: '处理结果', desc: '请填写处理过程 / steps taken', validate: 'REQUIRE' },
    { key: 'resolve_type', type: 'SELECT', name: '解决方式', desc: '', choice: [{ key: 'fixed', name: '已修复' }, { key: 'workaround', name: 'Workaround' }], validate: 'OPTION' },
  ],
};
NODE_FIELDS.SIGN = NODE_FIELDS.APPROVAL;

function treePath(tree, key, path = []) {
  for (const node of tree) {
    const here = [...path, node.name];
    if (node.key === key) return here;
    const found = node.children ? treePath(node.children, key, here) : null;
    if (found) return found;
  }
  return null;
}

/** get_field_display_value (itsm/component/utils/misc.py) for a stored value. */
function displayValue(def, value, t) {
  if (value === null || value === '' || (Array.isArray(value) && !value.length)) return '';
  if (def.key === 'current_status') return STATUS_DISPLAY[t.item.current_status] ?? '--';
  const names = Object.fromEntries((def.choice ?? []).map((c) => [String(c.key), c.name]));
  if (def.type === 'SELECT' || def.type === 'RADIO') return names[value] ?? value;
  if (['MULTISELECT', 'CHECKBOX', 'MEMBERS'].includes(def.type)) return value.split(',').map((k) => names[k] ?? k).join(',');
  if (def.type === 'TREESELECT') return treePath(def.choice, value)?.join('->') || value;
  if (def.type === 'INPUTSELECT') return names[value] ?? null; // unknown key: None
  return value;
}

const fieldOut = (id, def, value, t) => ({ id, key: def.key, type: def.type, name: def.name, desc: def.desc, value, display_value: displayValue(def, value, t) });

/** The ticket's form fields as get_ticket_info serves them (TicketFieldSerializer, by id). */
export function ticketFields(dataset, t) {
  if (t.detail) return t.detail.fields;
  const rec = ticketRecord(dataset, t);
  const rand = streamFor(dataset.seed, t.id, 2);
  const defs = [...FIELD_DEFS.common, ...FIELD_DEFS[t.item.service_type]];
  return defs.map((def, i) => fieldOut(t.id * 20 + i, def, def.fill(rand, t, rec), t));
}

/** Workflow field definitions of a node (get_ticket_status step fields, after clean_fields). */
function nodeFieldDefs(flowId, node, index) {
  const sid = stateId(flowId, index);
  // Members in the order the real server sends them (tests/real/recorded/get_ticket_status.json),
  // `regex_config` and `source` included.
  return (NODE_FIELDS[node[1]] ?? []).map((def, i) => ({
    id: sid * 10 + i,
    is_readonly: false,
    source_type: 'CUSTOM',
    source_uri: '',
    api_instance_id: 0,
    type: def.type,
    key: def.key,
    name: def.name,
    validate_type: def.validate,
    regex: 'EMPTY',
    regex_config: {},
    custom_regex: '',
    desc: def.desc,
    choice: def.choice ?? [],
    // The approval's result field is marked as such (`meta.code`), as the real server sends it
    // (tests/real/recorded/get_ticket_status.json): a page finds approval steps by it.
    meta: def.meta ? { ...def.meta } : {},
    workflow_id: flowId,
    state_id: sid,
    source: 'CUSTOM',
  }));
}

// ---------------------------------------------------------------- the three detail answers

const stepOut = (s) => ({
  name: s.name,
  state_id: s.state_id,
  status: s.status,
  action_type: s.action_type,
  tag: 'DEFAULT',
  processors_type: s.processors_type,
  processors: s.processors.join(','),
});

/** get_ticket_info's data (TicketRetrieveSerializer): no service_type, no is_biz_need. */
export function ticketInfo(dataset, t) {
  const { item } = t;
  const rec = ticketRecord(dataset, t);
  return {
    id: item.id,
    catalog_id: item.catalog_id,
    service_id: item.service_id,
    flow_id: item.flow_id,
    sn: item.sn,
    title: item.title,
    current_status: item.current_status,
    current_steps: rec.steps.map(stepOut),
    comment_id: item.comment_id,
    is_commented: item.is_commented,
    updated_by: item.updated_by,
    update_at: item.update_at,
    end_at: item.end_at,
    creator: item.creator,
    create_at: item.create_at,
    bk_biz_id: item.bk_biz_id,
    fields: ticketFields(dataset, t),
    iframe_ticket_url: item.iframe_ticket_url,
    ticket_url: item.ticket_url,
  };
}

/** Status.operations: a paused node can only be resumed; other actions follow the node. */
function stepOperations(s) {
  if (s.status === 'SUSPEND') return [op('UNSUSPEND')];
  const ops = [op(s.action_type)];
  if (s.action_type !== 'TRANSITION') return ops;
  ops.push(op('SUSPEND'));
  if (s.can_deliver) ops.push(op('DELIVER'));
  if (s.can_terminate) ops.push(op('TERMINATE'));
  return ops;
}

/** get_ticket_status's data (TicketStatusSerializer). */
export function ticketStatus(dataset, t) {
  const { item } = t;
  const rec = ticketRecord(dataset, t);
  const operations = [];
  if (!rec.over) {
    if (rec.canWithdraw) operations.push(op('WITHDRAW'));
    if (item.current_status === 'SUSPENDED') operations.push(op('UNSUSPEND'));
    else if (item.current_status === 'RUNNING') operations.push(op('SUSPEND'));
  }
  return {
    ticket_url: item.ticket_url,
    iframe_ticket_url: item.iframe_ticket_url,
    operations,
    current_status: item.current_status,
    current_steps: rec.steps.map((s) => ({
      ...stepOut(s),
      fields: s.fields ?? nodeFieldDefs(item.flow_id, [s.name, s.type], rec.pos),
      operations: stepOperations(s),
    })),
    is_commented: item.is_commented,
  };
}

export const LOG_SOURCES = ['WEB', 'MOBILE', 'API', 'SYS', 'AUTOMATIC'];

/**
 * The ticket's log, oldest first, each entry with both shapes' members:
 * {operator, operate_at, message, source, form_data, from_state_type}. Messages are the
 * server's templates after `.format(operator=<raw operator>, ...)`, so a null operator
 * prints as "None".
 */
export function ticketLogs(dataset, t) {
  if (t.detail) return t.detail.logs;
  const { item } = t;
  const rec = ticketRecord(dataset, t);
  const rand = streamFor(dataset.seed, t.id, 3);
  const flow = rec.flow;
  const channel = ['WEB', 'MOBILE', 'API'][t.id % 3];
  const approvalSource = t.id % 2 ? 'MOBILE' : 'WEB';
  const py = (v) => (v === null ? 'None' : v);
  const typeOf = (type) => (rec.legacy ? '' : type); // no node status row: ""
  const entries = [];
  const add = (operator, message, source, fromType, formData) => entries.push({ operator, message, source, from_state_type: typeOf(fromType), form_data: formData });

  const fields = ticketFields(dataset, t);
  add(item.creator, '流程开始.', channel, '', {});
  const detail = t.id === XSS_TICKET_ID ? `（${XSS_TITLE}）` : '';
  // Ticket.proceed's _("{operator} 处理【{name}】") (ticket.py:4285), the real server's submit entry
  // (tests/real/recorded/get_ticket_logs.json; "processed" when the ticket was made in English).
  add(item.creator, `${py(item.creator)} 处理【${flow.submit}】${detail}`, channel, 'NORMAL', fields);

  // Nodes before `pos` are finished (all of them for FINISHED tickets).
  for (let i = 0; i < Math.min(rec.pos, flow.nodes.length); i++) {
    const [name, type] = flow.nodes[i];
    if (type === 'TASK') {
      add('system', `system 自动执行【${name}】.`, 'AUTOMATIC', 'TASK', [{ output_variables: [{ key: 'job_instance_id', name: '作业实例 ID', value: String(100000 + t.id) }] }]);
    } else if (type === 'APPROVAL' || type === 'SIGN') {
      const who = pickUser(rand);
      const remark = pick(rand, ['同意', 'LGTM 👍', '']);
      const defs = NODE_FIELDS[type];
      add(who, `${who} 提交【${name}】（审批意见：${remark || '通过'}）.`, approvalSource, type, [
        fieldOut(stateId(item.flow_id, i) * 10, defs[0], 'true', t),
        fieldOut(stateId(item.flow_id, i) * 10 + 1, defs[1], remark, t),
      ]);
    } else {
      const who = pickUser(rand);
      const defs = NODE_FIELDS.NORMAL;
      add(who, `${who} 提交【${name}】.`, 'WEB', type, [
        fieldOut(stateId(item.flow_id, i) * 10, defs[0], pick(rand, ['已处理完成', 'Rebooted the service; monitoring.']), t),
        fieldOut(stateId(item.flow_id, i) * 10 + 1, defs[1], pick(rand, ['fixed', 'workaround']), t),
      ]);
    }
  }
  const current = flow.nodes[Math.min(rec.pos, flow.nodes.length - 1)];
  const status = item.current_status;
  if (status === 'SUSPENDED') {
    const who = rec.steps[0]?.processors[0] ?? 'admin';
    // Ticket.suspend logs with state 0 and create_log's default source (ticket.py:4421-4433): SYS,
    // no node type, the raw snapshot {} (as the real server answers: tests/real/recorded/).
    add(who, `${who} 挂起了单据：等待供应商到货 (waiting for parts).`, 'SYS', '', {});
  } else if (status === 'TERMINATED') {
    const who = pickUser(rand);
    add(who, `${who} 终止【${current[0]}】（重复单据 duplicate）.`, 'WEB', current[1], []);
  } else if (status === 'REVOKED') {
    // The withdrawal is logged at the node the ticket stood at (the real server: its type).
    add(item.creator, `${py(item.creator)} 撤销单据.`, 'API', current[1], []);
  }
  // The end entry is the system's: operator "" (not a name), and a withdrawn ticket has none
  // (tests/real/recorded/get_ticket_logs.json, "finished" and "revoked").
  if (rec.over && status !== 'REVOKED') add('', '流程结束.', 'SYS', '', {});

  // Spread the entries between creation and the last update (the end for closed tickets).
  const start = parseTime(item.create_at);
  const end = parseTime(item.end_at ?? item.update_at);
  const span = Math.max(0, end - start);
  return entries.map((e, i) => {
    const at = i === 0 ? start : i === entries.length - 1 && rec.over ? end : start + Math.floor((span * i) / entries.length / 1000) * 1000;
    return { operator: e.operator, operate_at: formatTime(at), message: e.message, source: e.source, form_data: e.form_data, from_state_type: e.from_state_type };
  });
}

/** get_ticket_logs's data: simple logs carry 4 members, complex ones add form_data, from_state_type. */
export function ticketLogsData(dataset, t, complex) {
  const { item } = t;
  const logs = ticketLogs(dataset, t).map((l) =>
    complex ? l : { operator: l.operator, operate_at: l.operate_at, message: l.message, source: l.source },
  );
  return { sn: item.sn, title: item.title, create_at: item.create_at, creator: item.creator, logs };
}
