// The service catalogue and the ticket write API on both doors, as bk-itsm (commit ce32d105)
// implements them: get_service_catalogs, get_services, get_service_detail (GET); create_ticket,
// operate_node, operate_ticket, approve, proceed_approval, comment (= ESB comment_ticket),
// add_follower, edit_field (POST); and ESB's bk_login/get_user. Every check, code and message
// is in WRITE-ENDPOINTS.md with its bk-itsm source line (section numbers below point there).
//
//   ESB      /api/c/compapi/v2/itsm/<name>/: the components of docs/itsm_bkapi/ee/itsm.yaml
//            (GET or POST; parameters from the query or the JSON body). approve,
//            proceed_approval, comment, add_follower and edit_field are no ESB components: 404
//            "The content does not exist" before authentication, as for get_tickets_by_user.
//   gateway  /api/<gateway>/<stage>/v2/itsm/<name>/: the resources of api-resources.yaml with
//            their method; approve, comment, add_follower and edit_field need a verified user.
//   direct   /openapi/ticket|service/<name>/: 403 as for get_tickets, except proceed_approval,
//            which has no custom_apigw_required and answers anyone (the security finding).
//
// Authentication is the get_tickets door's (doors.mjs), shown the request first exactly as
// read-endpoints.mjs does. Identity in the body (creator, operator, approver, handler, users)
// is trusted as the real server trusts it: nothing compares it with the authenticated user.

import { APPS, ESB_OWN, GATEWAY_STRIPPED, apiNotFound, backendDirect, esbProbe, gatewayError, gatewayProbe, hex32, nonEmpty, queryValues, without } from './doors.mjs';
import { json } from './http.mjs';
import { requestLanguage } from './language.mjs';
import { pyRepr } from './read-endpoints.mjs';
import {
  FAST_APPROVAL_CATALOG,
  FAST_APPROVAL_SERVICE,
  resolveChoices,
  serviceById,
  serviceCatalogs,
  serviceDetail,
  servicesList,
  stateFields,
  workflowOf,
} from './catalog.mjs';
import { SITE } from './data.mjs';
import { DISTRIBUTE_ACTIONS, RUNNING_STATUS, createTicket, pyStr, wallMs } from './write-state.mjs';

// ---------------------------------------------------------------- routes (§1)

/** Each endpoint: its HTTP method, whether ESB has it (and under which name), gateway user verification. */
const ENDPOINTS = {
  get_service_catalogs: { method: 'GET', esb: true, gateway: true, backend: 'service' },
  get_services: { method: 'GET', esb: true, gateway: true, backend: 'service' },
  get_service_detail: { method: 'GET', esb: true, gateway: true, backend: 'service' },
  create_ticket: { method: 'POST', esb: true, gateway: true },
  operate_node: { method: 'POST', esb: true, gateway: true },
  operate_ticket: { method: 'POST', esb: true, gateway: true },
  approve: { method: 'POST', esb: false, gateway: true, verifiedUser: true },
  proceed_approval: { method: 'POST', esb: false, gateway: true, open: true },
  comment: { method: 'POST', esb: false, gateway: true, verifiedUser: true },
  add_follower: { method: 'POST', esb: false, gateway: true, verifiedUser: true },
  edit_field: { method: 'POST', esb: false, gateway: true, verifiedUser: true },
};
/** ESB's name for the gateway's `comment` (itsm.yaml:154-162). */
const ESB_ALIASES = { comment_ticket: 'comment' };
export const WRITE_ENDPOINTS = Object.keys(ENDPOINTS);

const NAMES = [...WRITE_ENDPOINTS, ...Object.keys(ESB_ALIASES)].join('|');
const ESB_RE = new RegExp(`^/api/c/compapi/v2/itsm/(${NAMES})/$`);
const GATEWAY_RE = new RegExp(`^/api/([^/]+)/([^/]+)/v2/itsm/(${WRITE_ENDPOINTS.join('|')})/$`);
const BACKEND_RE = new RegExp(`^/openapi/(ticket|service)/(${WRITE_ENDPOINTS.join('|')})/$`);
export const GET_USER_PATH = '/api/c/compapi/v2/bk_login/get_user/';

/** Which door and endpoint a (prefix-stripped) path is, or null. */
export function writeRoute(path) {
  if (path === GET_USER_PATH) return { door: 'esb', endpoint: 'bk_login.get_user' };
  let m = ESB_RE.exec(path);
  if (m) {
    const endpoint = ESB_ALIASES[m[1]] ?? m[1];
    // ESB has comment_ticket but no `comment`; none of the gateway-only ones.
    const known = ESB_ALIASES[m[1]] !== undefined || ENDPOINTS[m[1]].esb;
    return { door: 'esb', endpoint, missing: !known };
  }
  m = BACKEND_RE.exec(path);
  // /openapi/service/ for the catalogue, /openapi/ticket/ for the rest.
  if (m) return (m[1] === 'service') === (ENDPOINTS[m[2]].backend === 'service') ? { door: 'backend', endpoint: m[2] } : null;
  m = GATEWAY_RE.exec(path);
  if (m) return { door: 'gateway', gateway: m[1], stage: m[2], endpoint: m[3] };
  return null;
}

// ---------------------------------------------------------------- messages (§7)

/** bk-itsm's English catalogue (locale/en/LC_MESSAGES/django.mo) for the msgids used here. */
const EN = {
  提单失败: 'Submission failed',
  单据操作失败: 'Document operation failed',
  参数验证失败: 'Parameter verification failed',
  服务: 'service',
  '服务未启用，请联系管理员！': 'The service is not enabled, please contact the administrator!',
  '服务不存在，请联系管理员！': 'The service does not exist, please contact the administrator!',
  服务对应的服务目录不存在: 'The service directory corresponding to the service does not exist.',
  工单状态: 'Ticket Status',
  '工单状态不存在，请检查': 'Ticket status does not exist, please have a check',
  '【{}】没有任务【提单】的【提交】操作权限.': '【{}】No permission to 【submit】 of the task【New ticket】.',
  '【{}】字段不存在，请联系管理员': '【{}】field does not exist, please contact the administrator',
  标题不能超过120个字符: 'The title cannot exceed 120 characters',
  '【{}】为必填项': '【{}】Is required',
  '表格字段【{field_name}】的第【{index}】行【{column_name}】为必填项': 'The 【{column_name}】 in row {index} of field [{field_name}] is required',
  '【%s】选项不存在，请联系管理员': '【%s】does not exist, please contact the administrator',
  '【{}】选项不匹配，请重新选择': '【{}】option does not match, please re-select',
  该正则规则不在可选范围内: 'The regular rule is not within the optional range',
  '输入格式不正确：包含了指定字符【{}】以外的内容': 'Validate error： only [{}] are available',
  '数字0-9': 'Number 0-9',
  '数字首位只能为1-9': 'The first digit of the number can only be 1-9',
  浮点数: 'Float',
  '非负数（0，正数，正浮点数）': 'Non-negative numbers (include 0, positive integer and float)',
  '非正数（0，负数，负浮点数）': 'Non-positive numbers',
  '大于零的数（包括正数和正浮点数）': 'positive numbers',
  '小于零的数（包括负数和负浮点数）': 'negative numbers',
  小写字母: 'Lowercase',
  大写字母: 'Uppercase',
  英文: 'Alphabets',
  中文: 'Chinese',
  邮箱: 'Email',
  内地手机号码: 'Chinese mobile phone number',
  身份证: 'ID Card',
  IP地址: 'IP address',
  腾讯QQ号: 'QQ',
  仅能包含英文字符和数字: 'Can only contain Alphabets and numbers',
  仅能包含中英文字符: 'Can only contain Chinese and Alphabets',
  '仅能包含中英文，数字，下划线': 'Chinese and Alphabets, numbers and _ are available',
  '包含中英文，数字，以英文字符开头': 'Started with Alphabets. Chinese, Alphabets and numbers are available',
  '【{}】{} 不匹配日期格式{}': '【{}】{} does not match date format{}',
  '【{}】{} 不在当前日期之后': '【{}】{} not after the current date',
  '【{}】{} 不在当前日期之前': '【{}】{}is not before the current date',
  '【{}】{} 不匹配时间格式{}': '【{}】{} does not match time format{}',
  '【{}】{} 不在当前时间之后': '【{}】{} not after the current time',
  '【{}】{} 不在当前时间之前': '【{}】{}  is not before the current time',
  '参数转换失败，请联系管理员': 'Parameter conversion failed, please contact the administrator!',
  '抱歉，当前流程配置无法撤单，请联系服务负责人': "Sorry, the current workflow configuration don't allow to cancel the ticket,please contact the service owner.",
  '抱歉，单据已经结束，无法撤销': 'Sorry, the ticket is closed, cancel operation is not available',
  '抱歉，单据执行中，无法撤销': 'Sorry, the ticket cannot be revoked while it is in progress',
  '流程节点(%s)不存在，请联系管理员.': 'The flow task (%s) does not exist, please contact the administrator.',
  '任务处于【{}】状态，无法操作.': 'The task is in the 【{}】state and cannot be operated.',
  '指定流程节点【{}】不支持终止操作.': 'The specified flow task【{}】does not support termination operations.',
  '【{}】没有任务【{}】的操作权限.': '【{}】 does not have operation permission of task 【{}】.',
  '请输入终止原因！': 'Please enter the reason for termination!',
  '节点暂不支持操作：{}': 'Operation [{}] is not currently supported by this node',
  '当前节点无法进行【%s】操作': 'The current task does not support【%s】operation',
  您无法认领该单据: 'You cannot claim the ticket',
  '指定流程节点【{}】不支持转单操作.': 'The specified flow task【{}】does not support the deliver operation.',
  '当前任务状态下无法转单.': 'Unable to deliver ticket in current task status.',
  '转单描述信息不能为空，请重新确认.': 'The description of the deliver cannot be empty. Please reconfirm.',
  '该单据已经被评论，请勿重复评论': 'The ticket has been commented, please do not repeat the comment',
};

/** DRF 3.12.4's field messages: zh_Hans (rest_framework/locale/zh_Hans) and English. */
const DRF = {
  required: ['该字段是必填项。', 'This field is required.'],
  null: ['该字段不能为 null。', 'This field may not be null.'],
  blank: ['该字段不能为空。', 'This field may not be blank.'],
  invalid_string: ['Not a valid string.', 'Not a valid string.'], // no zh_Hans translation
  invalid_int: ['请填写合法的整数值。', 'A valid integer is required.'],
  max_string_length: ['字符串值太长。', 'String value too large.'],
  max_length: ['请确保这个字段不能超过 {max_length} 个字符。', 'Ensure this field has no more than {max_length} characters.'],
  min_length: ['请确保这个字段至少包含 {min_length} 个字符。', 'Ensure this field has at least {min_length} characters.'],
  max_value: ['请确保该值小于或者等于 {max_value}。', 'Ensure this value is less than or equal to {max_value}.'],
  min_value: ['请确保该值大于或者等于 {min_value}。', 'Ensure this value is greater than or equal to {min_value}.'],
  invalid_choice: ['“{input}” 不是合法选项。', '"{input}" is not a valid choice.'],
  not_a_list: ['期望为一个包含物件的列表，得到的类型是“{input_type}”。', 'Expected a list of items but got type "{input_type}".'],
  not_a_dict: ['无效数据。期待为字典类型，得到的是 {datatype} 。', 'Invalid data. Expected a dictionary, but got {datatype}.'],
};

const API_ERROR = '接口异常，请检查请求参数: '; // catch_openapi_exception's catch-all, never translated
const TICKET_NOT_FOUND = '没有找到对应的单据'; // TicketNotFoundError.MESSAGE, fixed at import
const OBJECT_NOT_EXIST = '查找对象不存在'; // ObjectNotExist.MESSAGE, fixed at import
const OPERATE_TICKET_ERROR = '单据操作失败'; // OperateTicketError.MESSAGE, fixed at import
const SERVER_ERRORS = { create: [3900003, '提单失败'], operate: [3900004, '单据操作失败'], param: [3900005, '参数验证失败'] };

/** A failed call: the envelope's code and message. */
class Fail extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
/** A failed call answered by DRF's exception handler instead: the whole body as it writes it. */
class Raw extends Error {
  constructor(body) {
    super(body.message);
    this.body = body;
  }
}

/** rest_framework ErrorDetail. */
const ed = (string, code = 'invalid') => ({ ed: true, string, code });
/** Python's str() of a DRF error detail: dicts, lists and ErrorDetail reprs. */
function drfRepr(d) {
  if (d?.ed) return `ErrorDetail(string=${pyRepr(d.string)}, code=${pyRepr(d.code)})`;
  if (Array.isArray(d)) return `[${d.map(drfRepr).join(', ')}]`;
  return `{${Object.entries(d).map(([k, v]) => `${pyRepr(k)}: ${drfRepr(v)}`).join(', ')}}`;
}
/** str(e) of an exception that is not a DRF ValidationError (KeyError quotes its key). */
const keyError = (key) => pyRepr(String(key));

/** The per-request message helpers: the request's language and the server's error paths. */
function messages(lang) {
  const tr = (zh) => (lang === 'en' ? EN[zh] ?? zh : zh);
  const drfMsg = (name, params = {}) => {
    let s = DRF[name][lang === 'en' ? 1 : 0];
    for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, v);
    return s;
  };
  const fmt = (zh, ...args) => {
    let s = tr(zh);
    for (const a of args) s = s.includes('{}') ? s.replace('{}', a) : s.replace('%s', a);
    return s;
  };
  return {
    lang,
    tr,
    fmt,
    drfMsg,
    /** A ServerError subclass: its code and "<MESSAGE>: <detail>" (exceptions.py:28-47). */
    server: (kind, detail) => {
      const [code, msg] = SERVER_ERRORS[kind];
      return new Fail(code, detail === undefined ? tr(msg) : `${tr(msg)}: ${detail}`);
    },
    /** rest_framework's ValidationError: not ITSM's subclass, so the catch-all answers (decorators.py:9, 57-77). */
    drf: (detail) => new Fail(3900004, API_ERROR + drfRepr(Array.isArray(detail) || detail?.ed === undefined ? detail : [detail])),
    /** Any other exception: 3900004 with str(exc). */
    py: (text) => new Fail(3900004, API_ERROR + text),
    notFound: () => new Fail(3900022, TICKET_NOT_FOUND),
  };
}

// ---------------------------------------------------------------- DRF fields (§7)

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const pyType = (v) => (v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'dict' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'str');

/**
 * One DRF field's run_validation on the value under `key` of `data`. Returns the value or a
 * list of ErrorDetail. spec: {kind: 'char'|'int'|'choice', required, allowNull, allowBlank,
 * maxLength, minLength, maxValue, minValue, choices}.
 */
function drfField(m, data, key, spec) {
  const present = isObj(data) && Object.hasOwn(data, key);
  if (!present) return spec.required ? { errors: [ed(m.drfMsg('required'), 'required')] } : { skip: true };
  let v = data[key];
  if (v === null) return spec.allowNull ? { value: null } : { errors: [ed(m.drfMsg('null'), 'null')] };
  if (spec.kind === 'char') {
    if (typeof v === 'boolean' || !['string', 'number'].includes(typeof v)) return { errors: [ed(m.drfMsg('invalid_string'), 'invalid')] };
    v = String(v).trim();
    if (v === '') return spec.allowBlank ? { value: '' } : { errors: [ed(m.drfMsg('blank'), 'blank')] };
    const errors = [];
    if (spec.maxLength !== undefined && [...v].length > spec.maxLength) errors.push(ed(m.drfMsg('max_length', { max_length: spec.maxLength }), 'max_length'));
    if (spec.minLength !== undefined && [...v].length < spec.minLength) errors.push(ed(m.drfMsg('min_length', { min_length: spec.minLength }), 'min_length'));
    return errors.length ? { errors } : { value: v };
  }
  if (spec.kind === 'int') {
    if (typeof v === 'string' && v.length > 1000) return { errors: [ed(m.drfMsg('max_string_length'), 'max_string_length')] };
    const s = typeof v === 'boolean' ? (v ? 'True' : 'False') : pyStr(v);
    const mm = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(s.replace(/\.0*\s*$/, ''));
    if (!mm || typeof v === 'object') return { errors: [ed(m.drfMsg('invalid_int'), 'invalid')] };
    const n = Number(mm[1].replaceAll('_', ''));
    const errors = [];
    if (spec.maxValue !== undefined && n > spec.maxValue) errors.push(ed(m.drfMsg('max_value', { max_value: spec.maxValue }), 'max_value'));
    if (spec.minValue !== undefined && n < spec.minValue) errors.push(ed(m.drfMsg('min_value', { min_value: spec.minValue }), 'min_value'));
    return errors.length ? { errors } : { value: n };
  }
  // choice
  if (v === '' && spec.allowBlank) return { value: '' };
  const s = pyStr(v);
  if (!spec.choices.includes(s)) return { errors: [ed(m.drfMsg('invalid_choice', { input: s }), 'invalid_choice')] };
  return { value: s };
}

/** A serializer's field pass: the values, or the error dict DRF raises (in field order). */
function drfFields(m, data, specs) {
  const errors = {};
  const values = {};
  for (const [key, spec] of Object.entries(specs)) {
    const r = drfField(m, data, key, spec);
    if (r.errors) errors[key] = r.errors;
    else if (!r.skip) values[key] = r.value;
  }
  if (Object.keys(errors).length) throw m.drf(errors);
  return values;
}

const ACTION_CHOICES = ['TRANSITION', 'DISTRIBUTE', 'EXCEPTION_DISTRIBUTE', 'CLAIM', 'AUTOMATIC', 'SUSPEND', 'UNSUSPEND', 'TERMINATE', 'WITHDRAW', 'DELIVER'];
/** ACTION_DICT (constants/flow.py:183-198): literal Chinese names. */
const ACTION_DICT = { TRANSITION: '提交', DISTRIBUTE: '分派', EXCEPTION_DISTRIBUTE: '异常分派', CLAIM: '认领', AUTOMATIC: '自动执行', SUSPEND: '挂起', UNSUSPEND: '恢复', TERMINATE: '终止', WITHDRAW: '撤单', DELIVER: '转单' };
const PROCESSOR_CHOICES = ['CMDB', 'GENERAL', 'OPEN', 'PERSON', 'STARTER', 'STARTER_LEADER', 'ASSIGN_LEADER', 'BY_ASSIGNOR', 'EMPTY', 'ORGANIZATION', 'VARIABLE', 'VARIABLE_LEADER', 'IAM'];

// ---------------------------------------------------------------- form validation (§3)

/** Regex (itsm/component/utils/basic.py:217-276): patterns matched from the start, and their names. */
const REGEX = {
  num: ['^[0-9]$', '数字0-9'],
  numwithoutzero: ['^\\+|-?[1-9][0-9]*$', '数字首位只能为1-9'],
  float: ['^(-?\\d+)(\\.\\d+)?$', '浮点数'],
  non_negative: ['^[1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[0-9]\\d*$', '非负数（0，正数，正浮点数）'],
  non_positive: ['^(-([1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[1-9]\\d*))|0?\\.0+|0$', '非正数（0，负数，负浮点数）'],
  gte_zero: ['^[1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*|[1-9]\\d*$', '大于零的数（包括正数和正浮点数）'],
  lte_zero: ['^(-([1-9]\\d*\\.\\d*|0\\.\\d*[1-9]\\d*| [1-9]\\d*))$', '小于零的数（包括负数和负浮点数）'],
  lower_en: ['^[a-z]*$', '小写字母'],
  upper_en: ['^[A-Z]*$', '大写字母'],
  en: ['^[a-zA-Z]*$', '英文'],
  ch: ['^[\u4e00-\u9fa5]*$', '中文'],
  email: ['^[0-9a-zA-Z_]{0,19}@[0-9a-zA-Z]{1,13}\\.[com,cn,net]{1,3}$', '邮箱'],
  phone_num: ['^(13[0-9]|14[5|7]|15[0|1|2|3|5|6|7|8|9]|18[0|1|2|3|5|6|7|8|9]|17[6|7|8])\\d{8}$', '内地手机号码'],
  id_card: ['(^\\d{15}$)|(^\\d{18}$)|(^\\d{17}(\\d|X|x)$)', '身份证'],
  ip: ['((?:(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d?\\d))', 'IP地址'],
  qq: ['[1-9][0-9]{4,20}$', '腾讯QQ号'],
  en_num: ['^[a-zA-Z0-9]*$', '仅能包含英文字符和数字'],
  en_ch: ['^[\u4e00-\u9fa5_a-zA-Z]*$', '仅能包含中英文字符'],
  en_ch_num: ['^[\u4e00-\u9fa5_a-zA-Z0-9]*$', '仅能包含中英文，数字，下划线'],
  start_en: ['^[a-zA-Z]', '包含中英文，数字，以英文字符开头'],
};
/** Every regex key some field type may name (REGEX_CHOICES, constants/ticket.py:180-237). */
const KNOWN_REGEX = new Set([
  'EMPTY', 'FLOAT', 'NON_NEGATIVE', 'NON_POSITIVE', 'GTE_ZERO', 'LTE_ZERO', 'LOWER_EN', 'UPPER_EN', 'EN', 'EN_NUM', 'CH', 'EN_CH', 'EN_CH_NUM',
  'START_EN', 'EMAIL', 'PHONE_NUM', 'ID_CARD', 'QQ', 'IP', 'CUSTOM', 'NUM', 'NUMWITHOUTZERO', 'ASSOCIATED_FIELD_VALIDATION', 'AFTER_DATE',
  'BEFORE_DATE', 'AFTER_TIME', 'BEFORE_TIME',
]);
/** Python re.match: anchored at the start only. */
const pyMatch = (pattern, value) => new RegExp(pattern, 'uy').test(value);

/** Python truthiness of a JSON value. */
const truthy = (v) => !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && !v.length) || (isObj(v) && !Object.keys(v).length));
/** Python len() for the title check. */
function pyLen(v) {
  if (typeof v === 'string') return [...v].length;
  if (Array.isArray(v)) return v.length;
  if (isObj(v)) return Object.keys(v).length;
  throw new Error(`object of type '${pyType(v)}' has no len()`);
}

/** "2024-01-05" / "2024-01-05 10:00:00" as strptime reads them, on the wall-clock scale; null when not. */
function strptime(value, withTime) {
  const m = withTime ? /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(value) : /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const c = new Date(ms);
  if (c.getUTCMonth() !== mo - 1 || c.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}
const pad2 = (n) => String(n).padStart(2, '0');
const ymd = (ms) => { const d = new Date(ms); return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`; };
const ymdhms = (ms) => { const d = new Date(ms); return `${ymd(ms)} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`; };

/** show_conditions_validate (itsm/component/utils/conversion.py:157-289): true = the field is hidden. */
function conditionsHold(m, conditions, keyValue) {
  const results = (conditions.expressions ?? []).map((e) => {
    const k = `params_${e.key}`;
    if (!Object.hasOwn(keyValue, k)) throw m.server('param', m.tr('参数转换失败，请联系管理员')); // mako NameError
    const left = keyValue[k];
    if (e.type === 'INT' || e.type === 'number') {
      const a = Number(left);
      const b = Number(e.value);
      return { '==': a === b, '!=': a !== b, '>': a > b, '<': a < b, '>=': a >= b, '<=': a <= b }[e.condition] ?? false;
    }
    const a = pyStr(left);
    const b = String(e.value);
    return { '==': a === b, '!=': a !== b }[e.condition] ?? false;
  });
  return conditions.type === 'or' ? results.some(Boolean) : results.every(Boolean);
}

/**
 * field_validate (itsm/ticket/validators/field.py:57-76) for one submitted field against its
 * definition. Throws the DRF ValidationError (`{ve: [msg]}`), ParamError or plain error the
 * server would raise; the caller wraps them as its endpoint does.
 */
function fieldValidate(m, field, defs, keyValue, now, { dynamicChoices } = {}) {
  if (['can_back_message', 'terminate_message'].includes(field.key)) return;
  const def = defs.get(field.key);
  if (!def) throw { ve: m.fmt('【{}】字段不存在，请联系管理员', field.key) };
  const value = field.value;
  requiredValidate(m, def, value, keyValue);
  if (!pyStr(value)) return;
  if (def.key === 'title' && pyLen(keyValue.params_title) > 128) throw { ve: m.tr('标题不能超过120个字符') };
  choiceValidate(m, def, field, dynamicChoices);
  regexValidate(m, def, value, now);
  customRegexValidate(m, def, value);
}

/** required_validate (field.py:79-128). */
function requiredValidate(m, def, value, keyValue) {
  if (def.validate_type === 'OPTION' && !truthy(value)) return;
  if (def.show_type === 0) {
    if (conditionsHold(m, def.show_conditions, keyValue)) {
      if (!truthy(value)) return;
    } else if (!truthy(value)) {
      throw m.server('param', m.fmt('【{}】为必填项', def.name));
    }
  }
  if (def.type === 'TABLE' || def.type === 'CUSTOMTABLE') {
    if (!truthy(value)) throw { ve: m.fmt('【{}】为必填项', def.name) };
    const schema = def.type === 'TABLE' ? def.choice : def.meta?.columns ?? [];
    const required = Object.fromEntries(schema.filter((c) => c.required === true).map((c) => [c.key, c.name]));
    if (!Object.keys(required).length) return;
    const rows = typeof value === 'string' ? [...value] : Array.isArray(value) ? value : Object.keys(value);
    rows.forEach((row, i) => {
      if (!isObj(row)) throw new Error(`'${pyType(row)}' object has no attribute 'items'`);
      for (const [column, v] of Object.entries(row)) {
        if (Object.hasOwn(required, column) && !truthy(v)) {
          throw {
            ve: m.tr('表格字段【{field_name}】的第【{index}】行【{column_name}】为必填项').replace('{field_name}', def.name).replace('{index}', String(i + 1)).replace('{column_name}', required[column]),
          };
        }
      }
    });
  }
  if (['string', 'number', 'boolean'].includes(typeof value) && !pyStr(value)) throw { ve: m.fmt('【{}】为必填项', def.name) };
}

/** choice_validate (field.py:131-185). */
function choiceValidate(m, def, field, dynamicChoices) {
  if (!['SELECT', 'RADIO', 'CHECKBOX', 'MULTISELECT', 'TREESELECT'].includes(def.type)) return;
  if (def.source_type === 'CUSTOM_API') return;
  const choice = resolveChoices(def);
  if (!choice.length) throw { ve: m.tr('【%s】选项不存在，请联系管理员').replace('%s', def.key) };
  if (dynamicChoices) dynamicChoices[def.key] = choice;
  const value = field.value;
  if (def.type === 'TREESELECT') {
    const ids = [];
    const walk = (nodes) => nodes.forEach((n) => {
      if (!Object.hasOwn(n, 'id')) throw new Error("'id'");
      ids.push(String(n.id));
      walk(n.children ?? []);
    });
    walk(choice);
    if (!ids.includes(pyStr(value))) throw { ve: m.fmt('【{}】选项不匹配，请重新选择', def.name) };
    return;
  }
  const keys = choice.map((c) => String(c.key));
  if (def.type === 'SELECT' || def.type === 'RADIO') {
    if (!keys.includes(pyStr(value))) throw { ve: m.fmt('【{}】选项不匹配，请重新选择', def.name) };
  } else {
    if (typeof value !== 'string') throw new Error(`'${pyType(value)}' object has no attribute 'split'`);
    if (!value.split(',').every((k) => keys.includes(k))) throw { ve: m.fmt('【{}】选项不匹配，请重新选择', def.name) };
  }
}

/** regex_validate and RegexValidator (field.py:302-427). */
function regexValidate(m, def, value, now) {
  const regex = def.regex;
  if (regex && !KNOWN_REGEX.has(regex)) throw { ve: m.tr('该正则规则不在可选范围内') };
  const named = (v) => {
    if (!v) return;
    const [pattern, display] = REGEX[regex.toLowerCase()] ?? ['', ''];
    if (!pyMatch(pattern, v)) throw { ve: `【${def.name}】${m.fmt('输入格式不正确：包含了指定字符【{}】以外的内容', display ? m.tr(display) : '')}` };
  };
  if (['AFTER_DATE', 'BEFORE_DATE', 'AFTER_TIME', 'BEFORE_TIME'].includes(regex)) {
    const withTime = regex.endsWith('TIME');
    if (!value) return;
    const at = typeof value === 'string' ? strptime(value, withTime) : null;
    if (at === null) throw { ve: m.fmt(withTime ? '【{}】{} 不匹配时间格式{}' : '【{}】{} 不匹配日期格式{}', def.name, pyStr(value), withTime ? '%Y-%m-%d %H:%M:%S' : '%Y-%m-%d') };
    const wall = wallMs(now);
    const shown = withTime ? ymdhms(at) : ymd(at);
    if (regex.startsWith('AFTER') && at < wall) throw { ve: m.fmt(withTime ? '【{}】{} 不在当前时间之后' : '【{}】{} 不在当前日期之后', def.name, shown) };
    if (regex.startsWith('BEFORE') && at > wall) throw { ve: m.fmt(withTime ? '【{}】{} 不在当前时间之前' : '【{}】{} 不在当前日期之前', def.name, shown) };
    return;
  }
  // ASSOCIATED_FIELD_VALIDATION needs a ticket; on create it falls through to the named rules,
  // where it (like CUSTOM) has no pattern and matches anything.
  if (!regex || regex === 'EMPTY') return;
  if (def.type === 'INT' || def.type === 'STRING') named(pyStr(value));
  else if (def.type === 'TEXT') {
    const parts = typeof value === 'string' ? value.trim().replaceAll('\n', ',').replaceAll(';', ',').split(',') : [value];
    for (const p of parts) named(p);
  }
}

/** custom_regex_validate (field.py:224-233): its own error is caught and re-raised inside the message. */
function customRegexValidate(m, def, value) {
  if (!def.custom_regex) return;
  let ok;
  try {
    ok = pyMatch(def.custom_regex, pyStr(value));
  } catch (e) {
    throw { ve: `自定义正则出现异常， error = ${e.message}` };
  }
  if (!ok) throw { ve: `自定义正则出现异常， error = [ErrorDetail(string=${pyRepr('用户输入的值不符合自定义正则规则')}, code='invalid')]` };
}

/** key_value of the submitted fields: "params_<key>" -> the value (format_exp_value without a type). */
const keyValueOf = (fields) => Object.fromEntries(fields.map((f) => [`params_${f.key}`, f.value]));

// ---------------------------------------------------------------- catalogue reads (§2)

function runCatalog(name, w) {
  const { m, query } = w;
  try {
    if (name === 'get_service_catalogs') return { ok: true, data: serviceCatalogs(query) };
    if (name === 'get_services') return { ok: true, data: servicesList(query) };
    const detail = serviceDetail(query);
    if (!detail) return { ok: false, code: 3900404, message: OBJECT_NOT_EXIST };
    return { ok: true, data: detail };
  } catch (e) {
    if (e.py) throw m.py(e.message);
    throw e;
  }
}

// ---------------------------------------------------------------- create_ticket (§3)

/** The body's `fields` as TicketSerializer.to_internal_value reads it (ticket.py:829-853). */
function submittedFields(m, fields) {
  if (fields === undefined) fields = [];
  if (fields === null) throw m.py("'NoneType' object is not iterable");
  if (typeof fields === 'number' || typeof fields === 'boolean') throw m.py(`'${pyType(fields)}' object is not iterable`);
  const items = typeof fields === 'string' ? [...fields] : Array.isArray(fields) ? fields : Object.keys(fields);
  const kv = {};
  for (const f of items) {
    if (!isObj(f)) throw m.py(typeof f === 'string' ? 'string indices must be integers' : `'${pyType(f)}' object is not subscriptable`);
    if (!Object.hasOwn(f, 'key')) throw m.py(keyError('key'));
    if (!Object.hasOwn(f, 'value')) throw m.py(keyError('value'));
    kv[f.key] = f.value;
  }
  return { items, kv };
}

/** MySQL (utf8, not utf8mb4) refusing a 4-byte character in the title column (real-itsm.md). */
function mysqlIncorrectString(title) {
  const bytes = Buffer.from(title, 'utf8');
  let pos = 0;
  for (const ch of title) {
    const n = Buffer.byteLength(ch);
    if (n === 4) break;
    pos += n;
  }
  let shown = '';
  const end = Math.min(pos + 6, bytes.length);
  for (let i = pos; i < end; i++) shown += bytes[i] >= 0x20 && bytes[i] <= 0x7f ? String.fromCharCode(bytes[i]) : `\\x${bytes[i].toString(16).toUpperCase().padStart(2, '0')}`;
  if (end < bytes.length) shown += '...';
  const text = `Incorrect string value: '${shown}' for column \`bk_itsm\`.\`ticket_ticket\`.\`title\` at row 1`;
  return `(1366, ${pyRepr(text)})`;
}

function createTicketEndpoint(w) {
  const { m } = w;
  const data = { ...w.body };
  const fastApproval = data.fast_approval;
  delete data.fast_approval;
  if (truthy(fastApproval)) {
    data.catalog_id = FAST_APPROVAL_CATALOG;
    data.service_id = FAST_APPROVAL_SERVICE;
    data.service_type = 'request';
  }
  // run_validation (ticket.py:949-997): the service first (service/validators.py:65-78).
  const rawId = data.service_id;
  let service = null;
  if (rawId !== undefined && rawId !== null) {
    let id;
    if (typeof rawId === 'number') id = Math.trunc(rawId);
    else if (typeof rawId === 'boolean') id = rawId ? 1 : 0;
    else if (typeof rawId === 'string' && /^\s*[+-]?\d+\s*$/.test(rawId)) id = Number(rawId);
    else throw m.py(`Field 'id' expected a number but got ${typeof rawId === 'string' ? pyRepr(rawId) : pyStr(rawId)}.`);
    service = serviceById(id);
  }
  const serviceError = (msg) => m.drf({ [m.tr('服务')]: ed(m.tr(msg)) });
  if (!service) throw serviceError('服务不存在，请联系管理员！');
  if (!service.is_valid) throw serviceError('服务未启用，请联系管理员！');
  if (service.catalog === null) throw serviceError('服务对应的服务目录不存在');
  // The start status of the service type (TicketStatus is_start): none for the legacy type.
  if (!['request', 'event', 'change', 'question'].includes(service.key)) throw m.drf({ [m.tr('工单状态')]: ed(m.tr('工单状态不存在，请检查')) });
  const flow = workflowOf(service);
  const meta = data.meta ?? {};
  if (!isObj(meta)) throw m.py(`'${pyType(meta)}' object has no attribute 'get'`);
  const stateProcessors = meta.state_processors ?? {};
  if (!isObj(stateProcessors)) throw m.py(`'${pyType(stateProcessors)}' object has no attribute 'items'`);
  for (const [sid, procs] of Object.entries(stateProcessors)) {
    const state = flow.states.find((s) => String(s.id) === sid);
    if (!state) throw m.drf({ state_processors: ed(`服务:${service.name}, 节点(${sid})不存在`) });
    if (!truthy(procs)) throw m.drf({ state_processors: ed(`服务:${service.name}, 节点(${state.name})对应的审批人不允许为空`) });
  }
  // creator: the body's, else the authenticated user (ticket.py:986-987).
  if (!Object.hasOwn(data, 'creator')) data.creator = w.user;
  // The serializer's own fields, in their order.
  drfFields(m, data, {
    service_id: { kind: 'char', required: true },
    title: { kind: 'char', maxLength: 64 },
    service_type: { kind: 'char', allowBlank: true, maxLength: 64 },
    project_key: { kind: 'char', maxLength: 32 },
    tag: { kind: 'char' },
    creator: { kind: 'char', required: true },
  });
  const creator = String(data.creator).trim();
  // to_internal_value: fields_kv["title"] (ticket.py:832, 853).
  const { kv } = submittedFields(m, data.fields);
  if (!Object.hasOwn(kv, 'title')) throw m.py(keyError('title'));
  // CreateTicketValidator (itsm/ticket/validators/ticket.py:57-116).
  const fields = w.body.fields;
  if (!truthy(fields)) throw m.server('create', m.tr('fields字段未填'));
  const submit = flow.submit;
  const defs = stateFields(submit);
  const given = new Set(fields.map((f) => f.key));
  const lost = defs.filter((d) => d.validate_type === 'REQUIRE' && !given.has(d.key)).map((d) => d.key);
  if (lost.length) throw m.server('create', `单据创建失败，缺少参数：[${lost.map((k) => pyRepr(String(k))).join(', ')}]`);
  // first_state_permission (validators/ticket.py:246-269).
  if (submit.processors_type !== 'OPEN' && !submit.processors.includes(creator)) {
    throw m.server('create', m.fmt('【{}】没有任务【提单】的【提交】操作权限.', creator));
  }
  // first_state_field_validate (validators/ticket.py:283-300): each submitted field in order.
  const defMap = new Map(defs.map((d) => [d.key, d]));
  const keyValue = keyValueOf(fields);
  const dynamicChoices = {};
  for (const f of fields) {
    try {
      fieldValidate(m, f, defMap, keyValue, w.now, { dynamicChoices });
    } catch (e) {
      if (e instanceof Fail && e.code !== 3900005) throw e;
      const text = e instanceof Fail ? e.message : e.ve ?? e.message;
      throw m.server('create', text);
    }
  }
  // TicketSerializer.create: the number, then the row (MySQL refuses 4-byte characters).
  const title = kv.title;
  if (typeof title === 'string' && [...title].some((c) => c.codePointAt(0) > 0xffff)) {
    w.ws.nextSn(w.base, service.key, w.now); // the number was drawn before the insert failed
    throw m.py(mysqlIncorrectString(title));
  }
  const overlay = w.overlay();
  const bizField = Object.hasOwn(kv, 'bk_biz_id') ? Number.parseInt(kv.bk_biz_id, 10) : -1;
  const live = createTicket(overlay, {
    service,
    flow,
    creator,
    title: pyStr(title),
    bkBizId: Number.isFinite(bizField) ? bizField : -1,
    submitted: kv,
    resolved: dynamicChoices,
    stateProcessors: Object.fromEntries(Object.entries(stateProcessors).map(([k, v]) => [k, pyStr(v)])),
    attention: truthy(data.attention),
    tag: data.tag === undefined ? null : pyStr(data.tag),
    flowDelay: w.flowDelay,
    at: w.now,
  });
  return { sn: live.item.sn, id: live.id, ticket_url: live.item.ticket_url };
}

// ---------------------------------------------------------------- acting on a ticket (§4)

/** Ticket.objects.get(sn=...): the live ticket, or the decorator's 3900022. */
function ticketOf(w, sn) {
  const t = typeof sn === 'string' || typeof sn === 'number' ? w.overlay().ticket(String(sn)) : null;
  if (!t) throw w.m.notFound();
  return t;
}

/** IAM ticket_management on the ticket's service (ticket.py:2183-2196): admin holds it everywhere. */
const iamTicketManagement = (user) => user === 'admin';

/** Ticket.can_operate (ticket.py:2198-2249). */
function ticketCanOperate(t, user) {
  if (t.over) return false;
  if (iamTicketManagement(user)) return true;
  return t.currentProcessors().includes(user);
}

/** Status.can_operate (ticket.py:698-712) with is_action_permit (ticket.py:660-675). */
function nodeCanOperate(t, row, user, action) {
  if (row.type === 'APPROVAL' || row.type === 'SIGN') return signProcessors(row).includes(user);
  if (row.processors_type === 'OPEN') return true;
  if (['FINISHED', 'TERMINATED', 'FAILED'].includes(row.status)) return false;
  if (!row.processors.includes(user)) return false;
  if (!action) return true;
  const permit = { RUNNING: ['TRANSITION', 'DELIVER', 'SUSPEND', 'TERMINATE'], RECEIVING: ['CLAIM'], DISTRIBUTING: ['DISTRIBUTE'], SUSPEND: ['UNSUSPEND'] }[row.status] ?? [];
  return permit.includes(action);
}

/** Status.get_processor_in_sign_state (ticket.py:364-392): processors who have not acted yet. */
const signProcessors = (row) => row.processors.filter((p) => !row.signed.has(p));

/** openapi_operate_validate (itsm/openapi/ticket/validators.py:42-64). */
function operateValidate(w, t, operator, stateId, action) {
  const { m } = w;
  const shown = pyStr(operator);
  if (t.over) throw m.drf(ed(m.tr('抱歉，单据已关闭，无法操作')));
  if (truthy(stateId) && truthy(action)) {
    const row = rowOf(w, t, stateId);
    if (!row) throw m.drf(ed(m.fmt('抱歉，没有找到该节点：{}', pyStr(stateId))));
    if (row.status === 'FINISHED') throw m.drf(ed(m.fmt('抱歉，当前节点：{} 已经结束', pyStr(stateId))));
    if (!nodeCanOperate(t, row, operator, action)) throw m.drf(ed(m.fmt('抱歉，{}不能操作该节点（没有权限或操作类型不支持）', shown)));
    return row;
  }
  if (!ticketCanOperate(t, operator)) throw m.drf(ed(m.fmt('抱歉，{}无权操作该单据', shown)));
  return null;
}

/** ticket.status(state_id): the node status row; a non-integer id fails in the query. */
function rowOf(w, t, stateId) {
  if (stateId === null || stateId === undefined) return null;
  const s = pyStr(stateId);
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw w.m.py(`Field 'state_id' expected a number but got ${typeof stateId === 'string' ? pyRepr(stateId) : s}.`);
  return t.row(Number(s));
}

function operateTicketEndpoint(w) {
  const { m, body } = w;
  const t = ticketOf(w, body.sn);
  const operator = truthy(body.username) ? body.username : body.operator;
  const action = body.action_type;
  if (!['WITHDRAW', 'TERMINATE', 'SUSPEND', 'UNSUSPEND'].includes(action)) {
    // A hand-written envelope: the class MESSAGE, never translated (views.py:511-527).
    throw new Fail(3900004, `${OPERATE_TICKET_ERROR}，不支持的操作类型: ${pyStr(action)}`);
  }
  if (action === 'WITHDRAW') {
    // withdraw_validate (itsm/ticket/validators/ticket.py:442-462), ignore_user=True.
    if (!t.flow.revocable) throw m.drf(ed(m.tr('抱歉，当前流程配置无法撤单，请联系服务负责人')));
    if (operator !== t.creator && operator !== 'admin') {
      throw m.drf(ed(`抱歉，你无权撤销单据，撤销单据的非当前单据的提单人, ${pyStr(operator)}!=${pyStr(t.creator)}`));
    }
    if (t.over) throw m.drf(ed(m.tr('抱歉，单据已经结束，无法撤销')));
    if (!t.canWithdraw()) throw m.drf(ed(m.tr('抱歉，单据执行中，无法撤销')));
  } else {
    operateValidate(w, t, operator, null, null);
  }
  // openapi_suspend_validate can never fail here: a ticket that is not over is "running"
  // (Ticket.is_running compares with "SUSPEND", not "SUSPENDED": ticket.py:1913-1921).
  if (action === 'UNSUSPEND' && t.status !== 'SUSPENDED') throw m.drf(ed(m.tr('抱歉，该单据不在挂起中，无法操作')));
  const v = drfFields(m, body, {
    operator: { kind: 'char', required: true },
    action_type: { kind: 'choice', required: true, choices: ACTION_CHOICES },
    action_message: { kind: 'char', maxLength: 255 },
  });
  if (!Object.hasOwn(v, 'action_message')) throw m.py(keyError('action_message'));
  const at = w.now;
  if (action === 'SUSPEND') t.suspend(v.operator, v.action_message, at);
  else if (action === 'UNSUSPEND') t.unsuspend(v.operator, at);
  else if (action === 'WITHDRAW') t.withdraw(v.operator, at);
  else t.close('TERMINATED', v.operator, at);
  t.touch(at);
  return [];
}

function operateNodeEndpoint(w) {
  const { m, body } = w;
  const t = ticketOf(w, body.sn);
  const { operator, state_id: stateId, action_type: action } = body;
  const row = operateValidate(w, t, operator, stateId, action);
  const at = w.now;
  if (action === 'TRANSITION') {
    // TicketProceedSerializer (itsm/openapi/ticket/serializers.py:316-357).
    const v = proceedSerializer(w, t, body, stateId);
    row.status = 'QUEUEING';
    const apply = row.type === 'APPROVAL' || row.type === 'SIGN' ? 'applySign' : 'applyTransition';
    t.schedule(at + w.flowDelay, (when) => t[apply](row, v.operator, v.values, 'API', when));
    t.touch(at);
    return [];
  }
  if (action === 'TERMINATE') {
    terminateValidate(w, t, operator, stateId, body.action_message);
    // Ticket.terminate takes no `source`: the view's call raises TypeError (views.py:478-483,
    // ticket.py:4360), after every check has passed and before anything changes.
    throw m.py("terminate() got an unexpected keyword argument 'source'");
  }
  return nodeOperate(w, t, body, at);
}

/** TicketProceedSerializer: field pass, missing REQUIRE keys (ParamError), then the values (ticket_fields_validate). */
function proceedSerializer(w, t, body, stateId) {
  const { m } = w;
  const errors = {};
  const op = drfField(m, body, 'operator', { kind: 'char', required: true, minLength: 1 });
  if (op.errors) errors.operator = op.errors;
  let items = [];
  if (!Object.hasOwn(body, 'fields')) errors.fields = [ed(m.drfMsg('required'), 'required')];
  else if (body.fields === null) errors.fields = [ed(m.drfMsg('null'), 'null')];
  else if (!Array.isArray(body.fields)) errors.fields = { non_field_errors: [ed(m.drfMsg('not_a_list', { input_type: pyType(body.fields) }), 'not_a_list')] };
  else {
    const itemErrors = body.fields.map((f) => {
      if (!isObj(f)) return { non_field_errors: [ed(m.drfMsg('not_a_dict', { datatype: pyType(f) }), 'invalid')] };
      const e = {};
      const k = drfField(m, f, 'key', { kind: 'char', required: true, minLength: 1 });
      if (k.errors) e.key = k.errors;
      const val = drfField(m, f, 'value', { kind: 'char', required: true, allowBlank: true });
      if (val.errors) e.value = val.errors;
      return e;
    });
    if (itemErrors.some((e) => Object.keys(e).length)) errors.fields = itemErrors;
    else items = body.fields.map((f) => ({ key: String(f.key).trim(), value: String(f.value).trim() }));
  }
  if (Object.keys(errors).length) throw m.drf(errors);
  // validate_fields: missing required keys are a ParamError; then every state field is checked.
  const row = truthy(stateId) ? t.row(Number(pyStr(stateId))) : null;
  if (!row) throw m.py("'NoneType' object is not subscriptable"); // flow.get_state_fields(None)
  const defs = stateFields(row.state);
  const given = Object.fromEntries(items.map((f) => [f.key, f.value]));
  const lost = defs.filter((d) => d.validate_type === 'REQUIRE' && !Object.hasOwn(given, d.key)).map((d) => pyRepr(d.key));
  if (lost.length) throw m.server('param', `单据处理失败，缺少参数：[${lost.join(', ')}]`);
  const values = Object.fromEntries(defs.map((d) => [d.key, given[d.key] ?? '']));
  const keyValue = {
    ...Object.fromEntries(t.fields.map((f) => [`params_${f.key}`, f.value])),
    ...Object.fromEntries(defs.map((d) => [`params_${d.key}`, values[d.key]])),
  };
  const defMap = new Map(defs.map((d) => [d.key, d]));
  for (const d of defs) {
    try {
      fieldValidate(m, { key: d.key, value: values[d.key] }, defMap, keyValue, w.now);
    } catch (e) {
      if (e instanceof Fail) throw e; // ParamError: 3900005
      // A ValidationError inside validate_fields becomes {'fields': [...]} of the serializer.
      if (e.ve !== undefined) throw m.drf({ fields: [ed(e.ve)] });
      throw m.py(e.message);
    }
  }
  return { operator: op.value, values };
}

/** terminate_validate (itsm/ticket/validators/ticket.py:472-503). */
function terminateValidate(w, t, operator, stateId, message) {
  const { m } = w;
  const row = rowOf(w, t, stateId);
  if (!row) throw m.drf(ed(m.tr('流程节点(%s)不存在，请联系管理员.').replace('%s', pyStr(stateId))));
  // The status names are looked up with service_type=ticket.service ("custom"): none match.
  if (!RUNNING_STATUS.has(row.status)) throw m.drf(ed(m.fmt('任务处于【{}】状态，无法操作.', '')));
  if (!row.can_terminate) throw m.drf(ed(m.fmt('指定流程节点【{}】不支持终止操作.', row.name)));
  if (!nodeCanOperate(t, row, operator)) throw m.drf(ed(m.fmt('【{}】没有任务【{}】的操作权限.', pyStr(operator), row.name)));
  if (!truthy(message)) throw m.drf(ed(m.tr('请输入终止原因！')));
}

/** CLAIM, DISTRIBUTE, DELIVER and the rest: TicketNodeOperateSerializer, StateOperateValidator, set_next_action. */
function nodeOperate(w, t, body, at) {
  const { m } = w;
  const v = drfFields(m, body, {
    state_id: { kind: 'int', required: true },
    action_type: { kind: 'choice', required: true, choices: ACTION_CHOICES },
    processors: { kind: 'char', required: true, allowBlank: true, maxLength: 255 },
    processors_type: { kind: 'choice', required: true, choices: PROCESSOR_CHOICES },
    action_message: { kind: 'char', maxLength: 255 },
    operator: { kind: 'char', required: true },
  });
  const row = t.row(v.state_id);
  if (!row) throw m.drf([ed(m.tr('操作的任务不存在，请确认后再提交'))]); // unreachable: checked above
  const action = v.action_type;
  // StateOperateValidator (itsm/ticket/validators/ticket.py:119-243), on the raw body.
  const names = (s) => String(s ?? '').split(',').filter(Boolean);
  const cannot = () => m.server('param', m.tr('当前节点无法进行【%s】操作').replace('%s', ACTION_DICT[action]));
  if (action === 'CLAIM') {
    if (row.action_type !== 'CLAIM') throw cannot();
    // UserRole.is_itsm_superuser (admin here) may claim anything; else the body's `processors`
    // (not the operator) must be one of the node's processors.
    if (pyStr(body.processors) !== 'admin' && !row.processors.includes(pyStr(body.processors))) throw m.server('param', m.tr('您无法认领该单据'));
  } else if (action === 'DISTRIBUTE') {
    if (row.action_type !== 'DISTRIBUTE') throw cannot();
  } else if (action === 'DELIVER') {
    if (!row.can_deliver) throw m.server('param', m.fmt('指定流程节点【{}】不支持转单操作.', row.name));
    if (row.status !== 'RUNNING') throw m.server('param', m.tr('当前任务状态下无法转单.'));
    if (!truthy(body.action_message)) throw m.server('param', m.tr('转单描述信息不能为空，请重新确认.'));
  } else if (action !== 'EXCEPTION_DISTRIBUTE') {
    throw m.server('param', m.fmt('节点暂不支持操作：{}', action));
  }
  // TicketStateOperateSerializer.to_internal_value: a claim takes the operator; PERSON is dotted.
  let processors = action === 'CLAIM' ? [v.operator] : names(v.processors);
  if (v.processors_type === 'STARTER') processors = [t.creator];
  const people = processors.map((p) => `${p}(${p})`).join(',');
  const message = v.action_message;
  let log;
  if (action === 'DISTRIBUTE' || action === 'EXCEPTION_DISTRIBUTE') {
    log = `${v.operator} 分配【${row.name}】给：${people}${message ? ` (${message})` : ''}.`;
  } else if (message && action === 'DELIVER') {
    log = `${v.operator} ${ACTION_DICT[action]}【${row.name}】给 ${people}(${message}).`;
  } else if (message) {
    log = `${v.operator} ${ACTION_DICT[action]}【${row.name}】（${message}）.`;
  } else {
    log = `${v.operator} ${ACTION_DICT[action]}【${row.name}】.`;
  }
  // set_next_action (ticket.py:494-571): new processors, then the distribute state machine.
  row.processors = processors;
  row.processors_type = 'PERSON';
  if (action === 'CLAIM' || action === 'DISTRIBUTE') {
    const steps = DISTRIBUTE_ACTIONS[row.state.distribute] ?? DISTRIBUTE_ACTIONS.PROCESS;
    const i = steps.findIndex(([a]) => a === row.action_type);
    if (i === steps.length - 1) row.status = 'FINISHED';
    else if (i >= 0) {
      const [nextAction, nextStatus] = steps[i + 1];
      if (nextAction === 'CLAIM' && processors.length === 1) Object.assign(row, { status: 'RUNNING', action_type: 'TRANSITION' });
      else Object.assign(row, { status: nextStatus, action_type: nextAction });
    }
  }
  t.log(at, v.operator, log, 'API', row, []);
  t.touch(at);
  return [];
}

/** approve (views.py:291-380). */
function approveEndpoint(w) {
  const { m, body } = w;
  const t = ticketOf(w, body.sn);
  const { state_id: stateId, approver, action, remark } = body;
  const row = statusOf(w, t, stateId);
  if (row.status !== 'RUNNING') throw m.server('operate', '单据审批失败，单据当前状态非RUNNING');
  if (row.type !== 'APPROVAL') throw m.server('operate', `单据审批失败，目标节点${row.name}不是审批节点`);
  if (!signProcessors(row).includes(approver)) throw m.server('operate', `单据审批失败，${pyStr(approver)}不是当前节点的审批人，无法审批`);
  // The result goes to the APPROVE_RESULT field; the remark to the first optional field on
  // approval, the first required one on rejection.
  const values = {};
  let remarked = false;
  for (const f of stateFields(row.state)) {
    if (f.meta?.code === 'APPROVE_RESULT') values[f.key] = action;
    else if (!remarked) {
      if ((action === 'true' && f.validate_type === 'OPTION') || (action === 'false' && f.validate_type === 'REQUIRE')) {
        values[f.key] = remark;
        remarked = true;
      }
    } else break;
  }
  row.signed.set(approver, { status: 'RUNNING' }); // SignTask update_or_create, at once
  t.schedule(w.now + w.flowDelay, (when) => t.applySign(row, approver, values, 'API', when));
  t.touch(w.now);
  return [];
}

/** Status.objects.get(state_id=..., ticket_id=...): DoesNotExist reaches the catch-all. */
function statusOf(w, t, stateId) {
  const row = rowOf(w, t, stateId);
  if (!row) throw w.m.py('Status matching query does not exist.');
  return row;
}

/** proceed_approval (views.py:559-638): no gateway check, no status or type check. */
function proceedApprovalEndpoint(w) {
  const { m, body } = w;
  const v = drfFields(m, body, {
    process_inst_id: { kind: 'char', maxLength: 64 },
    activity: { kind: 'int', required: true },
    submit_action: { kind: 'choice', required: true, choices: ['true', 'false'] },
    submit_opinion: { kind: 'char', maxLength: 255 },
    handler: { kind: 'char', required: true },
  });
  const t = typeof v.process_inst_id === 'string' ? w.overlay().ticket(v.process_inst_id) : null;
  if (!t) throw m.drf(ed(`process_inst_id = ${pyStr(v.process_inst_id ?? null)} 对应的单据不存在！`));
  const row = statusOf(w, t, v.activity);
  if (!signProcessors(row).includes(v.handler)) throw m.server('operate', `单据审批失败，${v.handler}不是当前节点的审批人，无法审批`);
  const values = {};
  let remarked = false;
  for (const f of stateFields(row.state)) {
    if (f.meta?.code === 'APPROVE_RESULT') values[f.key] = v.submit_action;
    else if (!remarked) {
      if (!Object.hasOwn(v, 'submit_opinion')) throw m.py(keyError('submit_opinion'));
      values[f.key] = v.submit_opinion;
      remarked = true;
    }
  }
  row.signed.set(v.handler, { status: 'RUNNING' });
  const apply = row.type === 'APPROVAL' || row.type === 'SIGN' ? 'applySign' : 'applyTransition';
  t.schedule(w.now + w.flowDelay, (when) => t[apply](row, v.handler, values, 'API', when));
  t.touch(w.now);
  return [];
}

/** comment (views.py:700-718) with CommentSerializer (serializers.py:496-527). */
function commentEndpoint(w) {
  const { m, body } = w;
  const v = drfFields(m, body, {
    ticket_id: { kind: 'int' },
    operator: { kind: 'char', required: true, maxLength: 16 },
    sn: { kind: 'char', required: true },
    stars: { kind: 'int', required: true, maxValue: 6, minValue: 1 },
    comments: { kind: 'char', maxLength: 255, allowNull: true, allowBlank: true },
  });
  const t = w.overlay().ticket(v.sn);
  if (!t) throw m.server('param', `sn=${v.sn}对应的单据不存在!`);
  if (t.status !== 'FINISHED') throw m.server('param', '单据未结束，不允许评价!');
  // Every ended ticket has its comment row (set_finished); the seeded ones' is implied.
  if (!t.comment) t.comment = { id: null, stars: 0 };
  if (t.comment.stars !== 0) throw m.server('param', m.tr('该单据已经被评论，请勿重复评论'));
  if (t.comment.id === null) t.comment.id = w.ws.nextCommentId();
  t.comment.stars = v.stars;
  t.comment.comments = v.comments ?? null;
  t.item.comment_id = String(t.comment.id);
  t.item.is_commented = true;
  t.touch(w.now);
  return [];
}

/** add_follower (views.py:727-745). */
function addFollowerEndpoint(w) {
  const { m, body } = w;
  const users = body.users;
  if (typeof users !== 'string') throw m.py(`'${pyType(users ?? null)}' object has no attribute 'split'`);
  const t = typeof body.sn === 'string' ? w.overlay().ticket(body.sn) : null;
  if (!t) throw m.server('param', `sn[${pyStr(body.sn ?? null)}]对应的单据不存在！`);
  for (const u of users.split(',')) {
    if (truthy(body.attention)) {
      if (!t.followers.includes(u)) t.followers.push(u);
    } else t.followers = t.followers.filter((x) => x !== u);
  }
  t.touch(w.now);
  return [];
}

/**
 * edit_field (views.py:222-243, itsm/openapi/ticket/utils.py, validators.py:81-126). The view has
 * no catch_openapi_exception: its errors reach DRF's exception handler
 * (itsm/component/generics.py:51-139), which answers string codes: VALIDATE_ERROR with
 * `messages` and "0:<message>" for a ValidationError, the ServerError's ERROR_CODE
 * (FORM_VALIDATE_ERROR for a ParamError), SERVER_500_ERROR for anything else.
 */
function editFieldEndpoint(w) {
  const { m } = w;
  try {
    return editField(w);
  } catch (e) {
    if (e instanceof Fail && e.code === 3900005) throw new Raw({ result: false, data: null, code: 'FORM_VALIDATE_ERROR', message: e.message });
    if (e?.ve !== undefined) {
      throw new Raw({ result: false, data: null, code: 'VALIDATE_ERROR', messages: [e.ve], message: `0:${e.ve}` });
    }
    if (e instanceof Error && !(e instanceof Fail)) throw new Raw({ result: false, data: null, code: 'SERVER_500_ERROR', message: e.message });
    throw e ?? m.py('None');
  }
}

function editField(w) {
  const { m, body } = w;
  const fields = body.fields;
  if (fields === undefined || fields === null) throw new Error("'NoneType' object is not iterable");
  if (!Array.isArray(fields)) throw new Error(`'${pyType(fields)}' object is not iterable`);
  const changes = [];
  // One transaction: the first failing field leaves everything as it was.
  for (const f of fields) {
    if (!isObj(f)) throw new Error(`'${pyType(f)}' object has no attribute 'get'`); // the view logs field.get("key")
    const t = typeof body.sn === 'string' ? w.overlay().ticket(body.sn) : null;
    if (!t) throw { ve: `ticket_id = ${pyStr(body.sn ?? null)} 对应的单据不存在！` };
    if (t.over) throw { ve: `current_status = ${t.status} 当前状态不可修改字段！` };
    if (!Object.hasOwn(f, 'key')) throw new Error(keyError('key'));
    const field = t.field(f.key);
    if (!field) throw m.server('param', `未找到提单节点找到对应的字段, key=${pyStr(f.key)}`);
    const firstNode = stateFields(t.flow.submit).some((d) => d.key === f.key);
    if (!(['title', 'impact', 'urgency', 'priority'].includes(f.key) || firstNode)) throw m.server('param', `只允许修改提单节点的字段和内置字段, key=${f.key}`);
    if (!Object.hasOwn(f, 'type')) throw new Error(keyError('type'));
    if (!Object.hasOwn(f, 'value')) throw new Error(keyError('value'));
    const def = field.def ?? t.flow.submit.fields.find((d) => d.key === f.key) ?? { ...field, validate_type: 'OPTION', regex: 'EMPTY', show_type: 1 };
    const keyValue = { ...Object.fromEntries(t.fields.map((x) => [`params_${x.key}`, x.value])), [`params_${f.key}`]: f.value };
    requiredValidate(m, def, f.value, keyValue);
    if (f.key === 'title' && pyLen(f.value) > 128) throw { ve: m.tr('标题不能超过120个字符') };
    if (pyStr(f.value)) {
      choiceValidate(m, def, f);
      regexValidate(m, def, f.value, w.now);
      customRegexValidate(m, def, f.value);
    }
    changes.push({ t, field, f });
  }
  for (const { t, field, f } of changes) {
    const before = { ...t.fieldOut(field), value_status: 'before' };
    field.value = f.value === null ? null : typeof f.value === 'object' ? f.value : pyStr(f.value);
    field.frozen = null;
    if (f.key === 'title') t.item.title = pyStr(f.value);
    const operator = body.operator ?? null;
    t.log(w.now, operator, `${pyStr(operator)} 修改字段【${field.name}】.`, 'SYS', null, [before, { ...t.fieldOut(field), value_status: 'after' }]);
    t.touch(w.now);
  }
  return [];
}

const HANDLERS = {
  create_ticket: createTicketEndpoint,
  operate_ticket: operateTicketEndpoint,
  operate_node: operateNodeEndpoint,
  approve: approveEndpoint,
  proceed_approval: proceedApprovalEndpoint,
  comment: commentEndpoint,
  add_follower: addFollowerEndpoint,
  edit_field: editFieldEndpoint,
};

/**
 * Run one endpoint as ITSM does. `w`: {m, body, query, user, ws, base, overlay(), flowDelay,
 * now}. Returns {ok: true, data} or {ok: false, code, message}.
 */
export function runWriteEndpoint(name, w) {
  try {
    if (ENDPOINTS[name].method === 'GET') return runCatalog(name, w);
    return { ok: true, data: HANDLERS[name](w) };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, code: e.code, message: e.message };
    if (e instanceof Raw) return { ok: false, raw: e.body };
    throw e;
  }
}

/** The ITSM envelope: success, or an error's {result, code, data, message} (decorators.py:22-78). */
function envelope(r, extra = {}) {
  if (r.raw) return JSON.stringify({ ...r.raw, ...extra });
  const body = r.ok ? { result: true, code: 0, message: 'success', data: r.data } : { result: false, code: r.code, data: null, message: r.message };
  return JSON.stringify({ ...body, ...extra });
}

// ---------------------------------------------------------------- ESB bk_login/get_user (§6)

/** The login's user record (bk_login get_user_info_v2, legacy-bk-paas login/bkaccount/manager.py:77-88). */
function loginUser(username) {
  return {
    bk_username: username,
    chname: { admin: '管理员', alice: 'Alice', 张伟: '张伟' }[username] ?? username,
    qq: '',
    phone: '13800000000',
    email: `${username}@example.com`,
    bk_role: username === 'admin' ? 1 : 0,
    wx_userid: '',
    language: 'zh-cn',
    time_zone: 'Asia/Shanghai',
  };
}

// ---------------------------------------------------------------- doors

/** The JSON-ish value of the ESB's parameters: query string on GET, body otherwise. */
const esbParams = (ctx) => (ctx.method === 'GET' ? Object.fromEntries(ctx.query) : ctx.params);

/** The user ESB authenticated (the probe already refused the request when there is none). */
function esbUser(ctx, own) {
  const auth = (() => {
    const raw = ctx.headers['x-bkapi-authorization'];
    try {
      const v = raw === undefined ? {} : JSON.parse(Buffer.from(raw, 'latin1').toString('utf8'));
      return isObj(v) ? v : {};
    } catch {
      return {};
    }
  })();
  const pick = (k) => (nonEmpty(auth[k]) ? auth[k] : own[k]);
  const token = pick('bk_token');
  const user = nonEmpty(token) ? ctx.state.userForToken(String(token)) : null;
  return user ?? String(pick('bk_username') ?? '');
}

/**
 * The user the gateway passes on, and why it is not verified (legacy-verifier.lua:58-82,
 * legacy-utils.lua:22-46, bk-auth-validate.lua:86-100): a bk_token (header, else the cookie)
 * verifies; a bk_username does not, except for an app exempted from user verification.
 */
export function gatewayUser(ctx) {
  let auth = {};
  try {
    const raw = ctx.headers['x-bkapi-authorization'];
    const v = raw === undefined ? {} : JSON.parse(Buffer.from(raw, 'latin1').toString('utf8'));
    if (isObj(v)) auth = v;
  } catch {
    /* bad JSON reads as no credentials, as in doors.mjs */
  }
  const cookie = /(?:^|;\s*)bk_token=([^;]*)/.exec(ctx.headers.cookie || '')?.[1];
  const token = nonEmpty(auth.bk_token) ? String(auth.bk_token) : cookie;
  if (nonEmpty(token)) {
    const name = ctx.state.userForToken(token);
    return name ? { name, verified: true } : { name: '', verified: false, error: 'bk_token is not valid' };
  }
  const username = nonEmpty(auth.bk_username) ? auth.bk_username : auth.username;
  if (nonEmpty(username)) {
    const appCode = auth.bk_app_code ?? (ctx.appInDoors ? 'bk-itsm-demo' : undefined);
    const exempt = APPS[appCode]?.whitelisted === true;
    return { name: String(username), verified: exempt, error: 'user authentication failed, the user indicated by bk_username is not verified' };
  }
  return { name: '', verified: false, error: 'user authentication failed, please provide a valid user identity, such as bk_username, bk_token, access_token' };
}

/** The gateway's refusal of a resource whose user could not be verified (bk-auth-validate.lua:94-142). */
export const userNotVerified = (user) => gatewayError(400, 1640001, 'INVALID_ARGS', `Parameters error [reason="${user.error}"]`);

/** Everything an endpoint needs about the request and the server's state. */
function itsmRequest(ctx, name, { body, query, user }) {
  const lang = requestLanguage(ctx.req, ctx.opts);
  const flowDelay = ctx.opts.flowdelay !== undefined ? Math.max(0, Math.min(600_000, Number.parseInt(ctx.opts.flowdelay, 10) || 0)) : 300;
  const { ws, scope, base } = ctx.writes;
  return {
    m: messages(lang),
    body: isObj(body) ? body : {},
    query,
    user,
    ws,
    base: base(),
    overlay: () => ws.overlay(scope, base()),
    flowDelay,
    now: Date.now(),
  };
}

function esbWrite(ctx, route) {
  ctx.doorHeaders = {}; // ESB answers carry its request_id in the body, no gateway headers
  // No such component: ESB's router raises Http404 before it authenticates anyone.
  if (route.missing) return json(404, { result: false, data: null, message: 'The content does not exist' });
  const params = esbParams(ctx);
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => ESB_OWN.includes(k)));
  const probe = esbProbe(ctx, own);
  if (JSON.parse(probe.body).result !== true) return probe;
  const user = esbUser(ctx, own);
  const request_id = hex32();
  if (route.endpoint === 'bk_login.get_user') {
    // ESB's UserAuthValidator checked the token; the login then answers for that user.
    return json(200, { result: true, code: 0, data: loginUser(user), message: '用户信息获取成功', request_id });
  }
  const forwarded = without(params, ESB_OWN);
  const spec = ENDPOINTS[route.endpoint];
  if (spec.method === 'POST' && ctx.method === 'GET') {
    // A GET reaches ITSM as a GET (as forward.mjs sends it), and the POST-only view refuses it:
    // DRF's MethodNotAllowed through ITSM's exception handler, in the request's language
    // (itsm/component/generics.py:100-103; recorded: create_ticket/esb/method-get).
    const message = requestLanguage(ctx.req, ctx.opts) === 'en' ? `Method "${ctx.method}" not allowed.` : `方法 “${ctx.method}” 不被允许。`;
    return json(200, { result: false, data: null, code: 'METHOD_NOT_ALLOWED', message, request_id });
  }
  // The component calls ITSM with its dest_http_method: GET ones with a query string.
  const query = new URLSearchParams();
  if (spec.method === 'GET') for (const [k, v] of Object.entries(forwarded)) for (const s of queryValues(v)) query.append(k, s);
  const r = runWriteEndpoint(route.endpoint, itsmRequest(ctx, route.endpoint, { body: forwarded, query, user }));
  return json(200, envelope(r, { request_id }));
}

function gatewayWrite(ctx, route) {
  const spec = ENDPOINTS[route.endpoint];
  if (ctx.method !== spec.method) return apiNotFound(ctx);
  const refused = gatewayProbe(ctx, route);
  if (refused) return refused;
  const user = gatewayUser(ctx);
  if (spec.verifiedUser && !user.verified) return userNotVerified(user);
  const body = spec.method === 'POST' ? without(ctx.params, GATEWAY_STRIPPED) : {};
  return json(200, envelope(runWriteEndpoint(route.endpoint, itsmRequest(ctx, route.endpoint, { body, query: ctx.query, user: user.name }))));
}

/** The answer for a catalogue or write path, or null when `ctx.path` is not one. */
export function handleWrite(ctx) {
  const route = writeRoute(ctx.path);
  if (!route) return null;
  if (route.door === 'esb') return esbWrite(ctx, route);
  if (route.door === 'gateway') return gatewayWrite(ctx, route);
  // Direct: custom_apigw_required answers 403, except where the view lacks it.
  if (!ENDPOINTS[route.endpoint].open) return backendDirect();
  if (ctx.method !== 'POST') return json(200, { result: false, data: null, code: 'METHOD_NOT_ALLOWED', message: `Method "${ctx.method}" not allowed.` });
  return json(200, envelope(runWriteEndpoint(route.endpoint, itsmRequest(ctx, route.endpoint, { body: ctx.params, query: ctx.query, user: '' }))));
}

// ---------------------------------------------------------------- faults

/** Faults whose body depends on the endpoint; undefined lets faults.mjs answer. No write happens. */
export function writeFault(name, ctx) {
  const route = writeRoute(ctx.path);
  if (!route || route.door === 'backend') return undefined;
  if (route.door === 'esb') ctx.doorHeaders = {};
  const extra = route.door === 'esb' ? { request_id: hex32() } : {};
  const spec = ENDPOINTS[route.endpoint];
  const sample = () => {
    if (!spec) return loginUser('admin');
    if (spec.method === 'GET') {
      const q = route.endpoint === 'get_service_detail' ? new URLSearchParams({ service_id: '13' }) : new URLSearchParams();
      return runCatalog(route.endpoint, { m: messages('zh'), query: q }).data;
    }
    return route.endpoint === 'create_ticket' ? { sn: 'REQ20250101000001', id: 1, ticket_url: `${SITE}#/ticket/detail?id=1` } : [];
  };
  const ok = (data) => json(200, { result: true, code: 0, message: 'success', data, ...extra });
  switch (name) {
    case 'truncated': {
      const body = JSON.stringify({ result: true, code: 0, message: 'success', data: sample(), ...extra });
      return json(200, body.slice(0, Math.max(1, Math.floor(body.length / 2))));
    }
    case 'noresult':
      return json(200, { code: 0, message: 'success', data: sample(), ...extra });
    case 'datanull':
      return ok(null);
    case 'bararray': {
      const d = sample();
      return ok(Array.isArray(d) ? d : [d]);
    }
    case 'itemsnotarray': {
      const d = sample();
      if (Array.isArray(d)) return ok(d[0] ?? {});
      return ok({ ...d, ...(Array.isArray(d.fields) ? { fields: d.fields[0] ?? {} } : {}) });
    }
    case 'badfield': {
      const d = sample();
      if (Array.isArray(d)) return ok(d.length ? [{ ...d[0], id: 'abc', name: 5 }, ...d.slice(1)] : [{ id: 'abc' }]);
      return ok({ ...d, id: 'abc', sn: 5, name: 5, service_id: 'abc' });
    }
    case 'codestr':
      return json(200, { result: false, code: 'SERVER_500_ERROR', data: null, message: 'Invalid page.', ...extra });
    case 'codenum':
      return json(200, { result: false, code: 1306000, data: null, message: 'User authentication failed, please provide a valid user identity, such as bk_token, bk_username', ...extra });
    default:
      return undefined;
  }
}

