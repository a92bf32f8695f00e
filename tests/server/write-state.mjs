// The mutable side of the local ITSM server: tickets the write endpoints created, and the seeded
// tickets they changed, kept as an overlay over the deterministic read data (data.mjs,
// read-data.mjs) so every read endpoint sees them.
//
// One WriteState per server. Its overlays are keyed by a scope (the `state=` test prefix, else
// the log tag) and the data set (size, seed), so tests under different tags never see each
// other's writes; `DELETE /__log?tag=T` drops scope T. Ticket numbers (a daily counter per
// prefix) and ids are allocated server-wide and never repeat in one server's life.
//
// The flow engine is a small model of bk-itsm's pipeline: the flow starts after create, and
// approvals and node submissions take effect, asynchronously. Nothing runs on a timer: each
// ticket keeps its pending steps with the time they are due, and every access to an overlay
// first runs the steps whose time has come, in time order (so a test that waits sees the same
// thing as one that polls). WRITE-ENDPOINTS.md has each rule with its bk-itsm source line.

import { END_STATUSES, SITE, formatTime } from './data.mjs';
import { STATUS_DISPLAY, ticketBySn, ticketFields, ticketLogs, ticketRecord } from './read-data.mjs';
import { WORKFLOWS, resolveChoices, serviceById, stateFields } from './catalog.mjs';

/** Naive Asia/Shanghai wall-clock time (the server's USE_TZ = False) on formatTime's scale. */
export const wallMs = (ms) => ms + 8 * 3600_000;
export const wallTime = (ms) => formatTime(wallMs(ms));

/** Node statuses that show as current steps (Status.CAN_OPERATE_STATUS, ticket.py:271-274). */
export const CAN_OPERATE_STATUS = new Set(['RUNNING', 'RECEIVING', 'DISTRIBUTING', 'QUEUEING', 'SUSPEND']);
export const RUNNING_STATUS = new Set(['RUNNING', 'RECEIVING', 'DISTRIBUTING', 'QUEUEING']);
const STOPPED_STATUS = new Set(['FINISHED', 'TERMINATED', 'FAILED']);
const JSON_TYPES = new Set(['TABLE', 'CUSTOMTABLE', 'SOPS_TEMPLATE', 'CUSTOM-FORM', 'DEVOPS_TEMPLATE']);
const SN_PREFIX = { event: 'INC', request: 'REQ', change: 'CRQ', question: 'PBI' };
/** DISTRIBUTE_TYPE_ACTION_DICT (itsm/component/constants/ticket.py:265-280). */
export const DISTRIBUTE_ACTIONS = {
  PROCESS: [['TRANSITION', 'RUNNING']],
  CLAIM_THEN_PROCESS: [['CLAIM', 'RECEIVING'], ['TRANSITION', 'RUNNING']],
  DISTRIBUTE_THEN_PROCESS: [['DISTRIBUTE', 'DISTRIBUTING'], ['TRANSITION', 'RUNNING']],
  DISTRIBUTE_THEN_CLAIM: [['DISTRIBUTE', 'DISTRIBUTING'], ['CLAIM', 'RECEIVING'], ['TRANSITION', 'RUNNING']],
};

// ---------------------------------------------------------------- values

/** Python str() of a JSON value, as a CharField column stores it. */
export function pyStr(v) {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v).includes('.') || String(v).includes('e') ? String(v) : `${v}.0`;
  if (Array.isArray(v)) return `[${v.map(pyReprValue).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyReprValue(k)}: ${pyReprValue(x)}`).join(', ')}}`;
}
const pyReprValue = (v) => (typeof v === 'string' ? `'${v.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'` : pyStr(v));

/** The value a ticket field keeps: parsed JSON for the table types, else text (misc.py:156-172). */
export const storedValue = (type, v) => (v === null || v === undefined ? null : JSON_TYPES.has(type) ? v : pyStr(v));

function treePath(tree, id, path = []) {
  for (const n of tree ?? []) {
    const here = [...path, n.name];
    if (String(n.id ?? n.key) === String(id)) return here;
    const found = treePath(n.children, id, here);
    if (found) return found;
  }
  return null;
}

/** get_field_display_value (itsm/component/utils/misc.py:187-227). */
export function displayValue(f, value, status) {
  if (value === null || value === '' || (Array.isArray(value) && !value.length)) return '';
  if (f.key === 'current_status') return STATUS_DISPLAY[status] ?? '--';
  const choice = f.choice ?? [];
  const names = Object.fromEntries(choice.map((c) => [String(c.key ?? c.id), c.name]));
  if (f.type === 'SELECT' || f.type === 'RADIO') return names[value] ?? value;
  if (['MULTISELECT', 'CHECKBOX', 'MEMBERS'].includes(f.type)) return String(value).split(',').map((k) => names[k] ?? k).join(',');
  if (f.type === 'TREESELECT') return treePath(choice, value)?.join('->') || value;
  if (f.type === 'INPUTSELECT') return names[value] ?? null;
  return value;
}

/** A step's field definitions as get_ticket_status serves them (after clean_fields). */
const stepField = (flowId, stateIdValue, f) => ({
  workflow_id: flowId,
  meta: f.meta,
  id: f.id,
  regex: f.regex,
  api_instance_id: f.api_instance_id,
  type: f.type,
  source_uri: f.source_uri,
  validate_type: f.validate_type,
  source_type: f.source_type,
  key: f.key,
  choice: f.choice,
  desc: f.desc,
  name: f.name,
  is_readonly: f.is_readonly,
  custom_regex: f.custom_regex,
  state_id: stateIdValue,
});

// ---------------------------------------------------------------- a ticket under writes

/** A ticket the overlay holds: created here, or a seeded ticket copied on its first write. */
export class LiveTicket {
  constructor(overlay, init) {
    this.overlay = overlay;
    Object.assign(this, init);
    this.pending = [];
    this.version = 0;
  }

  get status() {
    return this.item.current_status;
  }
  get over() {
    return END_STATUSES.has(this.item.current_status);
  }
  get creator() {
    return this.item.creator;
  }
  /** Status rows that are current steps. */
  get operable() {
    return this.nodes.filter((n) => CAN_OPERATE_STATUS.has(n.status));
  }
  row(stateIdValue) {
    return this.nodes.find((n) => String(n.state_id) === String(stateIdValue)) ?? null;
  }
  /** Ticket.current_processors: the processors of the nodes being worked on. */
  currentProcessors() {
    return [...new Set(this.operable.flatMap((n) => n.processors))];
  }
  /** Ticket.can_withdraw with ignore_user (ticket.py:2293-2330), revoke type FIRST. */
  canWithdraw() {
    if (!this.flow.revocable || this.over) return false;
    const stopped = this.nodes.filter((n) => STOPPED_STATUS.has(n.status)).length;
    if (stopped === 1) return !this.nodes.some((n) => n.status === 'RUNNING' && n.action_type === 'AUTOMATIC');
    const first = this.row(this.flow.submit.id);
    return first?.status === 'RUNNING';
  }

  touch(at) {
    this.item.update_at = wallTime(at);
    this.version++;
    this.overlay.adopt(this);
  }
  /** ticket_set_history_operators: every operator that acted joins updated_by. */
  addHistory(operator) {
    if (!operator || operator === 'system') return;
    const names = this.item.updated_by ? this.item.updated_by.split(',') : [];
    if (!names.includes(operator)) this.item.updated_by = [...names, operator].join(',');
  }
  log(at, operator, message, source, row = null, formData = {}) {
    this.logs.push({ operator, operate_at: wallTime(at), message, source, form_data: formData, from_state_type: row?.type ?? '' });
    this.addHistory(operator);
  }
  schedule(at, run) {
    this.pending.push({ at, run });
    this.overlay.adopt(this);
  }

  /** The ticket's field of this key, or null. */
  field(key) {
    return this.fields.find((f) => f.key === key) ?? null;
  }
  /** Store submitted values on the ticket's fields (fill_state_fields). */
  fill(values) {
    for (const [key, v] of Object.entries(values)) {
      const f = this.field(key);
      if (f) {
        f.value = storedValue(f.type, v);
        f.frozen = null;
        if (f.resolved) f.choice = f.resolved;
      }
    }
  }
  /** TicketFieldSerializer of these ticket fields: the form_data of a log entry. */
  formData(keys) {
    return this.fields.filter((f) => keys.includes(f.key)).map((f) => this.fieldOut(f));
  }
  fieldOut(f) {
    // A seeded field nobody changed is served exactly as the read data serves it.
    if (f.frozen && f.key !== 'current_status') return { ...f.frozen };
    const value = f.key === 'current_status' && this.started ? this.status : f.value;
    return { id: f.id, key: f.key, type: f.type, name: f.name, desc: f.desc, value, display_value: displayValue(f, value, this.status) };
  }

  // ------------------------------------------------------------ the flow

  /** do_after_create + start (ticket.py:2981-3010, 3523-3534), run by the async task. */
  startFlow(at) {
    if (this.over || this.started) return;
    this.started = true;
    const submit = this.flow.submit;
    this.log(at, this.creator, '流程开始.', 'WEB');
    const row = this.newRow(submit, at);
    row.status = 'FINISHED';
    this.fill(this.submitted);
    this.log(at, this.creator, `${this.creator} 处理【${submit.name}】`, 'WEB', row, this.formData(stateFields(submit).map((f) => f.key)));
    this.enter(this.flow.states.indexOf(submit) + 1, at);
    this.touch(at);
  }

  newRow(state, at) {
    const row = {
      rowId: this.id * 10 + this.flow.states.indexOf(state),
      state,
      state_id: state.id,
      name: state.name,
      type: state.type,
      status: 'RUNNING',
      action_type: 'TRANSITION',
      processors_type: 'PERSON',
      processors: [],
      signed: new Map(), // SignTask: approver -> RUNNING | EXECUTED, and their result
      can_deliver: Boolean(state.can_deliver),
      can_terminate: Boolean(state.can_terminate),
      entered_at: at,
    };
    this.nodes = this.nodes.filter((n) => n.state_id !== state.id);
    this.nodes.push(row);
    return row;
  }

  /** The people a state waits on: meta.state_processors, a form field, the creator, or a list. */
  processorsOf(state) {
    const override = this.stateProcessors?.[String(state.id)];
    if (override) return String(override).split(',').filter(Boolean);
    if (state.processors_type === 'VARIABLE') {
      const v = this.field(state.processors[0])?.value;
      return v ? String(v).split(',').filter(Boolean) : [];
    }
    if (state.processors_type === 'STARTER') return [this.creator];
    return [...state.processors];
  }

  /** do_before_enter_state of the state at `index` (ticket.py:3626-3680). */
  enter(index, at) {
    const state = this.flow.states[index];
    if (!state || state.type === 'END') return this.finish(at, 'FINISHED', '', '流程结束.');
    const row = this.newRow(state, at);
    row.processors = this.processorsOf(state);
    if (state.type === 'TASK') {
      row.action_type = 'AUTOMATIC';
      this.schedule(at + this.flowDelay, (t) => {
        row.status = 'FINISHED';
        this.log(t, 'system', `system 自动执行【${state.name}】.`, 'AUTOMATIC', row, [{ output_variables: [] }]);
        this.enter(index + 1, t);
        this.touch(t);
      });
    } else if (state.type === 'SIGN') {
      row.action_type = 'SIGN';
    } else if (state.type === 'NORMAL') {
      const [action, status] = DISTRIBUTE_ACTIONS[state.distribute][0];
      Object.assign(row, { action_type: action, status });
    }
  }

  /** A node is done: the flow goes on, or a rejection ends it (itsm_sign.py:96-127). */
  leave(row, at, rejected = false) {
    row.status = 'FINISHED';
    const index = this.flow.states.indexOf(row.state);
    if (rejected && row.state.onReject === 'terminate') return this.close('TERMINATED', 'system', at);
    if (rejected && row.state.onReject === 'end') return this.finish(at, 'FINISHED', '', '流程结束.');
    this.enter(index + 1, at);
  }

  /** set_finished (ticket.py:2936-2975): the end status, the end log, the comment row. */
  finish(at, status, operator, message) {
    this.item.current_status = status;
    for (const n of this.nodes) if (RUNNING_STATUS.has(n.status)) n.status = status;
    this.item.end_at = wallTime(at);
    this.endKey = wallMs(at) * 1000;
    // TicketComment.objects.get_or_create: an ended ticket has a comment row (not yet rated).
    if (!this.comment) this.comment = { id: null, stars: 0 };
    if (this.comment.id === null) this.comment.id = this.overlay.ws.nextCommentId();
    this.item.comment_id = String(this.comment.id);
    this.log(at, operator, message, 'SYS');
    this.pending = [];
  }

  /** Ticket.close (ticket.py:4242-4249): set_finished from the web path, "关闭了单据". */
  close(status, operator, at) {
    this.finish(at, status, operator, `${operator} 关闭了单据.`);
  }

  /** Ticket.withdraw (ticket.py:4479-4517): running nodes terminated, REVOKED, no end log. */
  withdraw(operator, at) {
    const running = this.nodes.filter((n) => RUNNING_STATUS.has(n.status));
    for (const n of running) n.status = 'TERMINATED';
    this.log(at, operator, `${operator} 撤销单据.`, 'API', running[0] ?? this.row(this.flow.submit.id));
    this.preStatus = this.item.current_status;
    this.item.current_status = 'REVOKED';
    this.item.end_at = wallTime(at);
    this.endKey = wallMs(at) * 1000;
    this.pending = [];
  }

  /** Ticket.suspend (ticket.py:4421-4450): only the ticket's status changes. */
  suspend(operator, message, at) {
    this.preStatus = this.item.current_status;
    this.item.current_status = 'SUSPENDED';
    this.log(at, operator, `${operator} 挂起了单据：${message}.`, 'SYS');
  }

  /** Ticket.unsuspend (ticket.py:4452-4477): back to the status before, unless that was SUSPENDED. */
  unsuspend(operator, at) {
    if (this.preStatus !== 'SUSPENDED') {
      const back = this.preStatus || 'RUNNING';
      this.preStatus = this.item.current_status;
      this.item.current_status = back;
    }
    // The read data's suspended tickets keep their nodes as SUSPEND; resuming runs them again.
    for (const n of this.nodes) if (n.status === 'SUSPEND') n.status = 'RUNNING';
    this.log(at, operator, `${operator} 恢复了单据.`, 'SYS');
  }

  /**
   * One approver's decision on an APPROVAL or SIGN node, as the pipeline's sign component
   * handles the callback (itsm_sign.py:75-134, ticket.py:3833-3916): the approver's task
   * fields, the "已处理" log, and the node's end when its condition is met.
   */
  applySign(row, approver, values, source, at) {
    if (this.over || !CAN_OPERATE_STATUS.has(row.status)) return;
    const defs = stateFields(row.state);
    const resultDef = defs.find((f) => f.meta?.code === 'APPROVE_RESULT');
    const result = resultDef ? values[resultDef.key] : undefined;
    this.ensureFields(defs);
    this.fill(values);
    row.signed.set(approver, { status: 'EXECUTED', passed: result === 'true' });
    const shown = resultDef ? displayValue(resultDef, result ?? '', this.status) : '';
    this.log(at, approver, `${approver} 已处理【${row.name}】(${shown})`, source, row, this.formData(Object.keys(values)));
    if (row.status === 'QUEUEING') row.status = 'RUNNING';
    const rejected = [...row.signed.values()].some((s) => s.status === 'EXECUTED' && !s.passed);
    const done = row.type === 'APPROVAL' ? true : row.processors.every((p) => row.signed.get(p)?.status === 'EXECUTED') || rejected;
    if (done) this.leave(row, at, rejected);
    this.touch(at);
  }

  /** A NORMAL node submitted (proceed, ticket.py:4276-4305): fields, "处理" log, next node. */
  applyTransition(row, operator, values, source, at) {
    if (this.over || !CAN_OPERATE_STATUS.has(row.status)) return;
    this.ensureFields(stateFields(row.state));
    this.fill(values);
    row.status = 'FINISHED';
    this.log(at, operator, `${operator} 处理【${row.name}】`, source, row, this.formData(Object.keys(values)));
    this.leave(row, at);
    this.touch(at);
  }

  /** A seeded ticket's node fields join its field list when they are first filled. */
  ensureFields(defs) {
    for (const d of defs) {
      if (this.field(d.key)) continue;
      this.fields.push({ id: d.id, key: d.key, type: d.type, name: d.name, desc: d.desc, value: null, choice: d.choice, def: d });
    }
  }

  // ------------------------------------------------------------ what the reads see

  /** The object read-data.mjs and backend.mjs read: the get_tickets item plus `detail`. */
  snapshot() {
    const item = { ...this.item };
    const steps = this.operable.map((n) => ({
      rowId: n.rowId,
      state_id: n.state_id,
      name: n.name,
      type: n.type,
      status: n.status,
      action_type: n.action_type,
      processors_type: n.processors_type,
      processors: n.processors,
      can_deliver: n.can_deliver,
      can_terminate: n.can_terminate,
      fields: stateFields(n.state).map((f) => stepField(this.flow.id, n.state_id, f)),
    }));
    const processors = this.over ? [] : this.currentProcessors();
    const record = {
      flow: null,
      pos: 0,
      over: this.over,
      legacy: this.legacy,
      steps: this.legacy ? [] : steps,
      processors,
      followers: [...this.followers],
      meta: this.meta,
      supervise: this.supervise,
      sla: this.sla,
      slaColor: this.over ? '' : this.slaColor,
      canWithdraw: this.canWithdraw(),
      serviceName: this.serviceName,
    };
    return {
      id: this.id,
      item,
      json: JSON.stringify(item),
      createKey: this.createKey,
      endKey: this.endKey,
      processors: item.current_status === 'RUNNING' ? new Set(processors) : null,
      tag: this.tag,
      projectKey: this.projectKey,
      detail: { record, fields: this.fields.map((f) => this.fieldOut(f)), logs: this.logs.map((l) => ({ ...l })) },
    };
  }
}

// ---------------------------------------------------------------- seeded tickets made live

/** A seeded ticket, copied with its derived detail so writes can change it. */
function fromSeeded(overlay, base, t) {
  const rec = ticketRecord(base, t);
  const item = { ...t.item };
  const flow = WORKFLOWS.get(item.flow_id);
  const nodeStates = flow.states.slice(2, -1);
  const live = new LiveTicket(overlay, {
    id: t.id,
    item,
    createKey: t.createKey,
    endKey: t.endKey,
    tag: t.tag,
    projectKey: t.projectKey,
    flow,
    service: serviceById(item.service_id),
    serviceName: undefined,
    legacy: rec.legacy,
    nodes: [],
    fields: ticketFields(base, t).map((f) => ({ ...f, choice: undefined, frozen: { ...f } })),
    logs: ticketLogs(base, t).map((l) => ({ ...l })),
    followers: [...rec.followers],
    meta: rec.meta,
    supervise: rec.supervise,
    sla: rec.sla,
    slaColor: rec.slaColor,
    comment: item.comment_id ? { id: Number(item.comment_id), stars: item.is_commented ? 5 : 0 } : null,
    preStatus: null,
    started: true,
    flowDelay: 0,
    submitted: {},
  });
  // The fields' choices come from the workflow (for display values of later writes).
  const defs = new Map(flow.states.flatMap((s) => s.fields ?? []).map((f) => [f.key, f]));
  for (const f of live.fields) f.choice = defs.get(f.key)?.choice ?? (f.key === 'current_status' ? [] : undefined);
  if (!rec.legacy) {
    const submit = live.newRow(flow.submit, 0);
    submit.status = 'FINISHED';
    const finishedUpTo = Math.min(rec.pos, nodeStates.length);
    for (let i = 0; i < finishedUpTo; i++) live.newRow(nodeStates[i], 0).status = 'FINISHED';
    for (const s of rec.steps) {
      const state = flow.states.find((x) => x.id === s.state_id);
      const row = live.newRow(state, 0);
      Object.assign(row, { rowId: s.rowId, status: s.status, action_type: s.action_type, processors_type: s.processors_type, processors: [...s.processors], can_deliver: s.can_deliver, can_terminate: s.can_terminate });
    }
    if (['REVOKED', 'TERMINATED'].includes(item.current_status) && rec.pos < nodeStates.length) live.newRow(nodeStates[rec.pos], 0).status = 'TERMINATED';
  }
  return live;
}

// ---------------------------------------------------------------- overlays

class Overlay {
  constructor(ws, base) {
    this.ws = ws;
    this.base = base;
    this.live = new Map(); // id -> LiveTicket
    this.version = 0;
    this.cached = null;
  }
  changed() {
    this.version++;
  }
  /** A ticket joins the overlay on its first change (a lookup alone changes nothing). */
  adopt(t) {
    if (!this.live.has(t.id)) this.live.set(t.id, t);
    this.changed();
  }
  /** Run every pending step that is due, earliest first. */
  advance(now = Date.now()) {
    for (;;) {
      let next = null;
      for (const t of this.live.values()) for (const p of t.pending) if (p.at <= now && (!next || p.at < next.p.at)) next = { t, p };
      if (!next) return;
      next.t.pending.splice(next.t.pending.indexOf(next.p), 1);
      next.p.run(next.p.at);
      this.changed();
    }
  }
  /** The live ticket with this sn (a seeded one is copied in on first use), or null. */
  ticket(sn) {
    this.advance();
    for (const t of this.live.values()) if (t.item.sn === sn) return t;
    const seeded = typeof sn === 'string' ? ticketBySn(this.base, sn) : null;
    return seeded ? fromSeeded(this, this.base, seeded) : null;
  }
  /** The data set the read endpoints see: the base with this overlay's tickets in place. */
  view() {
    this.advance();
    if (this.cached?.version === this.version) return this.cached.ds;
    const snaps = new Map([...this.live.values()].map((t) => [t.id, t.snapshot()]));
    const created = [...snaps.values()].filter((s) => s.id > this.base.count).sort((a, b) => a.id - b.id);
    const swap = (t) => snaps.get(t.id) ?? t;
    const tickets = [...this.base.tickets.map(swap), ...created];
    const newestFirst = [...created.slice().reverse(), ...this.base.newestFirst.map(swap)];
    const ds = { count: this.base.count, seed: this.base.seed, tickets, newestFirst };
    this.cached = { version: this.version, ds };
    return ds;
  }
}

export class WriteState {
  constructor() {
    this.overlays = new Map(); // `${scope}\0${count}:${seed}` -> Overlay
    this.snCounters = new Map(); // `${count}:${seed}\0${REQ20260101}` -> last number
    this.ids = new Map(); // `${count}:${seed}` -> last id
    this.comments = 1_000_000;
  }
  static dsKey(ds) {
    return `${ds.count}:${ds.seed}`;
  }
  /** The overlay of (scope, data set); created on demand when `create`. */
  overlay(scope, base, create = true) {
    const key = `${scope}\0${WriteState.dsKey(base)}`;
    let o = this.overlays.get(key);
    if (!o && create) this.overlays.set(key, (o = new Overlay(this, base)));
    // A data set dropped from data.mjs's cache and rebuilt is equal but another object.
    if (o && o.base !== base) {
      o.base = base;
      o.cached = null;
    }
    return o ?? null;
  }
  /** The data set as the reads of `scope` see it. */
  view(scope, base) {
    const o = this.overlay(scope, base, false);
    return o && o.live.size ? o.view() : base;
  }
  /** Forget scope's writes (DELETE /__log?tag=scope). Numbers and ids are not reused. */
  reset(scope) {
    for (const key of [...this.overlays.keys()]) if (key.startsWith(`${scope}\0`)) this.overlays.delete(key);
  }
  nextCommentId() {
    return ++this.comments;
  }
  nextId(base) {
    const key = WriteState.dsKey(base);
    const id = (this.ids.get(key) ?? base.count) + 1;
    this.ids.set(key, id);
    return id;
  }
  /**
   * generate_random_sn (itsm/component/utils/basic.py:553-569): prefix, date and a daily
   * counter. The counter starts after the data set's own numbers of that day and is shared by
   * every scope, so a number is never handed out twice.
   */
  nextSn(base, serviceType, at) {
    const prefix = SN_PREFIX[serviceType];
    if (!prefix) {
      const err = new Error(`'${serviceType}'`);
      err.py = true; // prefix_mapping[service_type]: KeyError
      throw err;
    }
    const day = wallTime(at).slice(0, 10).replaceAll('-', '');
    const head = prefix + day;
    const key = `${WriteState.dsKey(base)}\0${head}`;
    let last = this.snCounters.get(key);
    if (last === undefined) {
      last = 0;
      for (const t of base.tickets) if (t.item.sn.startsWith(head)) last = Math.max(last, Number(t.item.sn.slice(head.length)));
    }
    this.snCounters.set(key, ++last);
    return `${head}${String(last).padStart(6, '0')}`;
  }
}

/** A new ticket (TicketSerializer.create, ticket.py:999-1015); its flow starts after `flowDelay`. */
export function createTicket(overlay, { service, flow, creator, title, bkBizId, submitted, resolved, stateProcessors, attention, tag, flowDelay, at }) {
  const base = overlay.base;
  const id = overlay.ws.nextId(base);
  const sn = overlay.ws.nextSn(base, service.key, at);
  const item = {
    id,
    sn,
    title,
    catalog_id: service.catalog,
    service_id: service.id,
    service_type: service.key,
    flow_id: flow.id,
    current_status: 'RUNNING', // the start status (is_start) of every built-in service type
    comment_id: '',
    is_commented: false,
    updated_by: creator,
    update_at: wallTime(at),
    end_at: null,
    creator,
    create_at: wallTime(at),
    bk_biz_id: bkBizId,
    ticket_url: `${SITE}#/ticket/detail?id=${id}`,
    iframe_ticket_url: `${SITE}#/ticket/detail?id=${id}&is_iframe=1`,
  };
  // prepare_all_fields: every field of the flow, plus the built-in status field.
  const all = flow.states.flatMap((s) => stateFields(s));
  const fields = [];
  const submitKeys = new Set(stateFields(flow.submit).map((f) => f.key));
  for (const d of all) {
    if (fields.some((f) => f.key === d.key)) continue;
    fields.push({ id: 0, key: d.key, type: d.type, name: d.name, desc: d.desc, value: null, choice: d.choice, resolved: resolved[d.key], def: d });
    if (d.key === 'title') fields.push({ id: 0, key: 'current_status', type: 'SELECT', name: '工单状态', desc: null, value: null, choice: [], def: null });
  }
  fields.forEach((f, i) => (f.id = id * 100 + i));
  const live = new LiveTicket(overlay, {
    id,
    item,
    createKey: wallMs(at) * 1000,
    endKey: null,
    tag: tag ?? null,
    projectKey: service.project_key,
    flow,
    service,
    serviceName: service.name,
    legacy: false,
    nodes: [],
    fields,
    logs: [],
    followers: attention ? [creator] : [],
    meta: {},
    supervise: { needed: false, type: 'EMPTY', supervisor: '' },
    sla: [],
    slaColor: '',
    comment: null,
    preStatus: null,
    started: false,
    flowDelay,
    submitted: Object.fromEntries(Object.entries(submitted).filter(([k]) => submitKeys.has(k))),
    stateProcessors,
  });
  // The flow's start runs later (openapi_start_ticket.apply_async, views.py:417-419): until
  // then the ticket has no fields, no log and no current step. Its status field follows.
  live.fieldsBeforeStart = live.fields;
  live.fields = [];
  live.schedule(at + flowDelay, (t) => {
    live.fields = live.fieldsBeforeStart;
    const status = live.field('current_status');
    if (status) status.value = 'RUNNING';
    live.startFlow(t);
  });
  overlay.live.set(id, live);
  overlay.changed();
  return live;
}
