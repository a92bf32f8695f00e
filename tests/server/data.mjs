// Seeded ticket data set for the fake ITSM backend.
//
// Everything is derived from (count, seed) with a small PRNG so a test can rely on exact
// values (the same ticket always has the same sn/title/creator). Each ticket keeps:
//   - `item`:  the object exactly as the ITSM list endpoint serializes it (field order too),
//   - `json`:  that object pre-serialized once, so a 10,000-item page is a string join,
//   - filter keys (`createKey`, `endKey` in microseconds, `processors`) that are not served.
// Data sets are cached per (count, seed); the cache is small and LRU so a benchmark that
// asks for 50,000 tickets does not keep every size it ever saw.

export const STATUSES = ['NEW', 'RUNNING', 'RESOLVED', 'CONFIRMED', 'SUSPENDED', 'FINISHED', 'TERMINATED', 'REVOKED'];
export const END_STATUSES = new Set(['FINISHED', 'TERMINATED', 'REVOKED']);
/** Admin-defined workflow statuses are stored as 32-hex keys in real ITSM. */
export const CUSTOM_STATUSES = ['8f3a2c1d9e7b4a6f0c5d2e1b3a4f6c7d', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'];
export const USERS = ['admin', 'alice', 'bob', 'carol', 'dave', '张伟', '李娜', '王芳', '刘洋', '陈静', 'ops_robot'];
export const XSS_TITLE = '<img src=x onerror=window.__xss=1>';
export const XSS_TICKET_ID = 7;
/** `tag` values (set by create_ticket; most tickets have none) and `project_key` values
 * (`"0"` is the default project). Stored, filtered on, never served by the list endpoint. */
export const TAGS = ['ops', 'release', '工单标签', 'x'.repeat(32)];
export const PROJECT_KEYS = ['0', 'devops', 'bk_cmdb'];

export const SITE = 'http://paas.bk.local/o/bk_itsm/';
// The data set spans two years and ends here (naive Asia/Shanghai wall-clock time).
const END_MS = Date.UTC(2026, 10, 1, 0, 0, 0); // 2026-11-01 00:00:00
const START_MS = Date.UTC(2024, 10, 1, 0, 0, 0); // 2024-11-01 00:00:00

/**
 * The service catalogue tree (ServiceCatalog): every service above is bound to one of these
 * (`catalog`). Catalogue 1 is the root of project "0"; 13 is the root of project "devops";
 * 15 is soft-deleted (never found). `create_at` orders siblings (newest first, as the open
 * API's subtree does). Served by get_service_catalogs; get_tickets_by_user's `catalog_id`
 * filter takes a catalogue and its descendants.
 */
export const CATALOGS = [
  { id: 1, key: 'root', name: '服务目录', parent: null, project_key: '0', desc: '根目录', create_at: '2024-10-01 09:00:00' },
  { id: 2, key: 'it_service', name: 'IT 服务', parent: 1, project_key: '0', desc: '', create_at: '2024-10-01 09:01:00' },
  { id: 3, key: 'account_access', name: '账号与权限', parent: 2, project_key: '0', desc: 'Accounts & access', create_at: '2024-10-01 09:02:00' },
  { id: 4, key: 'office_equipment', name: 'Office equipment', parent: 2, project_key: '0', desc: null, create_at: '2024-10-01 09:03:00' },
  { id: 5, key: 'incident', name: '事件管理', parent: 8, project_key: '0', desc: '', create_at: '2024-10-01 09:05:00' },
  { id: 6, key: 'monitoring', name: '监控告警 <alerts>', parent: 8, project_key: '0', desc: '', create_at: '2024-10-01 09:06:00' },
  { id: 7, key: 'change', name: '变更管理', parent: 1, project_key: '0', desc: 'Change & release', create_at: '2024-10-01 09:07:00' },
  { id: 8, key: 'operations', name: '运维服务', parent: 1, project_key: '0', desc: '', create_at: '2024-10-01 09:04:00' },
  { id: 9, key: 'question', name: '问题咨询 Q&A', parent: 1, project_key: '0', desc: '', create_at: '2024-10-01 09:08:00' },
  { id: 10, key: 'form_samples', name: '表单样例', parent: 1, project_key: '0', desc: 'Every field type', create_at: '2024-10-02 10:00:00' },
  { id: 11, key: 'empty_catalog', name: '空目录', parent: 10, project_key: '0', desc: 'No services', create_at: '2024-10-02 10:01:00' },
  { id: 12, key: 'approve_service_catalog', name: '内置审批目录', parent: 1, project_key: '0', desc: '', create_at: '2024-10-01 08:00:00' },
  { id: 13, key: 'devops_root', name: 'DevOps 服务目录', parent: null, project_key: 'devops', desc: '', create_at: '2024-10-03 09:00:00' },
  { id: 14, key: 'pipeline_access', name: '流水线权限', parent: 13, project_key: 'devops', desc: '', create_at: '2024-10-03 09:01:00' },
  { id: 15, key: 'retired', name: '已删除目录', parent: 1, project_key: '0', desc: '', create_at: '2024-10-01 09:09:00', is_deleted: true },
];

const SN_PREFIX = { event: 'INC', request: 'REQ', change: 'CRQ', question: 'PBI', DEFAULT: 'REQ' };

// A small service catalogue: service_id → its type, catalogue and flow (flow versions vary).
const SERVICES = [
  { id: 1, type: 'request', catalog: 3, flow: 11 },
  { id: 2, type: 'request', catalog: 3, flow: 14 },
  { id: 3, type: 'event', catalog: 5, flow: 21 },
  { id: 4, type: 'event', catalog: 5, flow: 23 },
  { id: 5, type: 'change', catalog: 7, flow: 31 },
  { id: 6, type: 'change', catalog: 7, flow: 35 },
  { id: 7, type: 'question', catalog: 9, flow: 41 },
  { id: 8, type: 'request', catalog: 4, flow: 52 },
  { id: 9, type: 'event', catalog: 6, flow: 61 },
  { id: 12, type: 'DEFAULT', catalog: 1, flow: 2 }, // legacy service on the model default type
];
const SERVICE_WEIGHTS = [18, 10, 16, 8, 10, 6, 8, 10, 12, 2];

const TITLES = {
  request: [
    '服务器磁盘扩容申请', 'VPN access for new hire', '申请测试环境 MySQL 账号', '开通堡垒机权限',
    'Request: new laptop for {user}', '申请域名解析 {host}', 'GitLab repo access – "payments"',
    '申请云服务器 2 台 (4C8G)', 'Add {user} to on-call group', '申请 Redis 实例 & 白名单',
  ],
  event: [
    '数据库慢查询排查', 'Disk usage > 90% on {host}', '告警：{host} CPU 持续 100%', 'Login page returns 502',
    '支付回调超时 ⚠️', "Users can't upload files > 10MB", '消息队列堆积 <kafka-prod>', 'Cert expiring on {host} 🔒',
    'Nginx 5xx 突增', '核心交换机端口 flapping',
  ],
  change: [
    '生产环境发布 v{ver}', 'Upgrade kernel on {host}', '变更：调整 JVM 参数 -Xmx4g', 'Rotate DB credentials',
    'MySQL 主从切换演练', 'Migrate "legacy-billing" to k8s', '防火墙策略变更 & 回滚方案', 'Patch OpenSSL (CVE)',
  ],
  question: [
    '如何申请 VPN？', 'Why is my build queue so slow?', '报表数据与账单不一致的问题', 'Question about <script> in templates',
    '蓝鲸作业平台执行失败原因咨询', 'Where do I find the on-call rota? 🤔',
  ],
  DEFAULT: ['历史单据迁移', 'Imported ticket'],
};
const HOSTS = ['web-01', 'db-master-02', 'cache-03', 'gw-prod-1', 'bk-paas-04'];

/** mulberry32: tiny, fast, good enough for test data. Returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
/** Format a naive wall-clock time (stored as UTC ms) as `YYYY-MM-DD HH:MM:SS`. */
export function formatTime(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function weighted(rand, items, weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}

const pick = (rand, arr) => arr[Math.floor(rand() * arr.length)];

function pickUser(rand) {
  // admin and alice are deliberately over-represented so filters by them are never empty.
  return weighted(rand, USERS, [6, 5, 3, 2, 2, 3, 3, 2, 2, 2, 1]);
}

function makeTitle(rand, type) {
  return pick(rand, TITLES[type])
    .replace('{user}', () => pickUser(rand))
    .replace('{host}', () => pick(rand, HOSTS))
    .replace('{ver}', () => `${1 + Math.floor(rand() * 4)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`);
}

function pickStatus(rand, ageFraction) {
  // Older tickets are mostly closed; recent ones are still open.
  if (rand() < 0.03) return pick(rand, CUSTOM_STATUSES);
  const open = 0.15 + 0.6 * ageFraction; // 0 = oldest, 1 = newest
  if (rand() < open) return weighted(rand, ['NEW', 'RUNNING', 'RESOLVED', 'CONFIRMED', 'SUSPENDED'], [10, 55, 12, 8, 15]);
  return weighted(rand, ['FINISHED', 'TERMINATED', 'REVOKED'], [75, 13, 12]);
}

function pickBiz(rand) {
  const r = rand();
  if (r < 0.03) return null;
  if (r < 0.4) return -1;
  return pick(rand, [2, 3, 5, 100148, 100605]);
}

/** Build a data set of `count` tickets (ids 1..count, increasing with create_at). */
export function generateTickets(count, seed = 1) {
  const rand = mulberry32(seed * 2654435761 + count);
  const span = END_MS - START_MS;
  // Sorted creation times so that ids grow with create_at (as auto-increment ids do).
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = START_MS + Math.floor(rand() * span / 1000) * 1000;
  times.sort();

  // tag and project_key come from a stream of their own, so the other fields stay what they
  // were before these two existed.
  const randKeys = mulberry32(seed * 40503 + count + 17);
  const dailyCounters = new Map();
  const tickets = new Array(count);
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const createMs = times[i];
    const service = weighted(rand, SERVICES, SERVICE_WEIGHTS);
    const type = service.type;
    const createAt = formatTime(createMs);
    const day = createAt.slice(0, 10).replaceAll('-', '');
    const counterKey = SN_PREFIX[type] + day;
    const counter = (dailyCounters.get(counterKey) ?? 0) + 1;
    dailyCounters.set(counterKey, counter);

    const status = pickStatus(rand, (createMs - START_MS) / span);
    const ended = END_STATUSES.has(status);
    const endMs = ended ? Math.min(END_MS, createMs + Math.floor(rand() * 7 * 86400) * 1000 + 60_000) : null;
    const updateMs = ended ? endMs : Math.min(END_MS, createMs + Math.floor(rand() * 3 * 86400) * 1000);
    const commented = status === 'FINISHED' && rand() < 0.4;
    const creator = rand() < 0.04 ? null : pickUser(rand);
    let updatedBy = creator ?? pickUser(rand);
    if (rand() < 0.2) updatedBy = `${pickUser(rand)},${pickUser(rand)}`; // ITSM keeps several names
    const title = id === XSS_TICKET_ID ? XSS_TITLE : makeTitle(rand, type);

    // Hidden current processors (never served; used by the `username` filter).
    let processors = null;
    if (status === 'RUNNING') {
      processors = new Set([pickUser(rand)]);
      if (rand() < 0.45) processors.add('admin');
      if (rand() < 0.35) processors.add('alice');
      if (rand() < 0.3) processors.add(pickUser(rand));
    }

    const item = {
      id,
      sn: `${counterKey}${pad(counter, 6)}`,
      title,
      catalog_id: service.catalog,
      service_id: service.id,
      service_type: type,
      flow_id: service.flow,
      current_status: status,
      // A flow that ends (FINISHED, TERMINATED) makes the ticket's comment row, stars 0 until it is
      // rated (ticket.py:2957, 4391): comment_id is set, is_commented says whether it was rated
      // (tests/real/recorded/get_tickets.json: finished tickets "6", false). Withdrawn ones have none.
      comment_id: status === 'FINISHED' || status === 'TERMINATED' ? String(1000 + id) : '',
      is_commented: commented,
      updated_by: updatedBy,
      update_at: formatTime(updateMs),
      end_at: ended ? formatTime(endMs) : null,
      creator,
      create_at: createAt,
      bk_biz_id: pickBiz(rand),
      ticket_url: `${SITE}#/ticket/detail?id=${id}`,
      iframe_ticket_url: `${SITE}#/ticket/detail-iframe?id=${id}`, // Ticket.iframe_ticket_url (ticket.py:1532-1537)
    };
    tickets[i] = {
      id,
      item,
      json: JSON.stringify(item),
      createKey: createMs * 1000, // microseconds, compared with parsed filter dates
      endKey: ended ? endMs * 1000 : null,
      processors,
      tag: randKeys() < 0.3 ? pick(randKeys, TAGS) : null,
      projectKey: weighted(randKeys, PROJECT_KEYS, [7, 2, 1]),
    };
  }
  return tickets;
}

const cache = new Map();
const CACHE_MAX = 6;

/**
 * The data set for (count, seed), newest id first (the order the API serves).
 * Cached; the most recently used sets stay.
 */
export function getDataset(count, seed = 1) {
  const key = `${count}:${seed}`;
  let ds = cache.get(key);
  if (ds) {
    cache.delete(key); // refresh LRU position
  } else {
    const tickets = generateTickets(count, seed);
    ds = { count, seed, tickets, newestFirst: tickets.slice().reverse() };
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value);
  }
  cache.set(key, ds);
  return ds;
}
