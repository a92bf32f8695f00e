// The tickets the real bk-itsm is seeded with, made through its own views (create_ticket, approve,
// operate_ticket, comment), the way real-itsm.md step 9 found to work. real-itsm.mjs runs this once
// on a freshly migrated database and keeps the result as a snapshot; every run starts from a copy,
// so seeding never runs twice on one database and the set never doubles.
//
// Service 1 ("账号开通申请", the built-in account application: a form of title, apply_content,
// apply_reason and ZHIDINGSHENPIREN, then two TRANSITION steps, 负责人审批 by the named approver
// and 管理员审批 by admin) is bound to catalog 11 first; create_ticket refuses a service without
// a catalog. Tickets are created one after another, so ids run 1..N in table order and numbers
// are REQ<date>000001.. (a fresh Redis counter); then each is driven to its state.
//
// A row is a ticket: to add one, add a row. `state` is where it ends:
//   RUNNING    created, waiting at step 1 on `approver`
//   STEP2      step 1 approved by `approver`, waiting at step 2 on admin
//   FINISHED   approved at each step (and rated when `comment` is set)
//   SUSPENDED  suspended by `approver` at step 1 (operate_ticket SUSPEND)
//   REVOKED    withdrawn by its creator (operate_ticket WITHDRAW)
// `attention`: the creator follows it (create_ticket's `attention`).
// `lang: 'en'`: its requests carry Accept-Language: en. The server stores some log messages
// translated when they are made ("alice processed【提单】" instead of "alice 处理【提单】"), so a
// ticket's log keeps the language of whoever acted on it; the others use the server's default,
// Chinese.

export const SERVICE_ID = 1;
export const CATALOG_ID = 11;

export const SEED = [
  { creator: 'admin', approver: 'admin', state: 'FINISHED', comment: { stars: 5, comments: 'Fast, thanks' }, title: 'Apply for a test account' },
  { creator: 'alice', approver: 'admin', state: 'FINISHED', title: '申请测试环境账号' },
  { creator: '张伟', approver: 'alice', state: 'RUNNING', attention: true, title: '<img src=x onerror=alert(1)> 服务器扩容' },
  { creator: 'bob', approver: 'alice', state: 'REVOKED', title: 'Quotes "double" & \'single\' <b>bold</b>' },
  { creator: 'admin', approver: 'alice', state: 'RUNNING', attention: true, title: '数据库权限申请' },
  { creator: '李娜', approver: 'admin', state: 'FINISHED', title: 'VPN 访问申请（远程办公）' },
  { creator: 'alice', approver: 'alice', state: 'STEP2', title: 'Reset password for alice' },
  { creator: '张伟', approver: 'admin', state: 'REVOKED', title: "工单标题：包含 <script>alert('x')</script>" },
  { creator: 'bob', approver: 'admin', state: 'SUSPENDED', title: 'Disk quota increase' },
  { creator: 'admin', approver: 'admin', state: 'RUNNING', title: 'A long title that goes on and on to see how a table shows it, with no break at all until here' },
  { creator: 'alice', approver: 'admin', state: 'FINISHED', lang: 'en', title: 'Mixed 中文 and English & <tags>' },
  { creator: '张伟', approver: 'alice', state: 'RUNNING', attention: true, title: '申请堡垒机权限' },
  { creator: 'bob', approver: 'alice', state: 'RUNNING', lang: 'en', title: 'Back-up restore request' },
  { creator: 'admin', approver: 'alice', state: 'REVOKED', title: '防火墙策略开通' },
  { creator: '李娜', approver: 'alice', state: 'RUNNING', title: 'Line one / line two' },
  { creator: 'alice', approver: 'admin', state: 'RUNNING', title: 'Certificate renewal' },
  { creator: '张伟', approver: 'admin', state: 'FINISHED', title: 'Kubernetes 命名空间申请' },
  { creator: 'bob', approver: 'admin', state: 'STEP2', title: 'Printer access' },
  { creator: 'admin', approver: 'alice', state: 'RUNNING', title: 'Apply for 域名 resolution' },
  { creator: 'alice', approver: 'alice', state: 'SUSPENDED', title: '测试单据 20' },
  { creator: '李娜', approver: 'admin', state: 'RUNNING', title: 'Monitoring alert silence' },
  { creator: 'bob', approver: 'alice', state: 'FINISHED', title: 'Open port 443 → 8443' },
  { creator: 'admin', approver: 'admin', state: 'REVOKED', title: '新员工入职权限开通' },
  { creator: '张伟', approver: 'alice', state: 'RUNNING', title: 'Ampersand & percent % and hash #' },
];

/** The status each seed state ends in. */
export const STATUS_OF = { RUNNING: 'RUNNING', STEP2: 'RUNNING', FINISHED: 'FINISHED', SUSPENDED: 'SUSPENDED', REVOKED: 'REVOKED' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Plain HTTP to the real views (no door: the seed is not under test), in `lang` if given. */
export function itsmClient(url, lang) {
  const call = async (method, path, body) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(lang ? { 'Accept-Language': lang } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
    }
  };
  const ok = async (method, path, body) => {
    const answer = await call(method, path, body);
    if (answer.result !== true) throw new Error(`${method} ${path} ${JSON.stringify(body ?? '')}: ${answer.code} ${answer.message}`);
    return answer.data;
  };
  const status = (sn) => ok('GET', `/openapi/ticket/get_ticket_status/?sn=${encodeURIComponent(sn)}`);
  /** Poll get_ticket_status until `pred(data)`; flows move asynchronously (the celery worker). */
  const waitFor = async (sn, what, pred, timeoutMs = 90_000) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const data = await status(sn);
      if (pred(data)) return data;
      if (Date.now() > end) throw new Error(`${sn}: still not ${what} after ${timeoutMs / 1000} s: ${data.current_status} ${JSON.stringify(data.current_steps.map((s) => [s.name, s.state_id, s.status, s.processors]))}`);
      await sleep(400);
    }
  };
  const runningStep = (data) => data.current_steps.find((s) => s.status === 'RUNNING');
  return {
    call,
    ok,
    status,
    waitFor,
    runningStep,
    /** A ticket of service 1 (its four form fields). */
    create: ({ creator, title, approver, attention }) =>
      ok('POST', '/openapi/ticket/create_ticket/', {
        service_id: SERVICE_ID,
        creator,
        ...(attention ? { attention: true } : {}),
        fields: [
          { key: 'title', value: title },
          { key: 'apply_content', value: `Seeded ticket: ${title}` },
          { key: 'apply_reason', value: 'bk-itsm-tickets test data' },
          { key: 'ZHIDINGSHENPIREN', value: approver },
        ],
      }),
    /** Approve the running step (waiting for the flow to reach one), then wait for it to move on. */
    async approveStep(sn, approver) {
      const before = await waitFor(sn, 'at a running step', (d) => Boolean(runningStep(d)));
      const step = runningStep(before);
      const by = approver ?? step.processors.split(',')[0];
      await ok('POST', '/openapi/ticket/approve/', { sn, state_id: step.state_id, approver: by, action: 'true', remark: 'approved by the seed' });
      return waitFor(sn, `past step ${step.state_id}`, (d) => d.current_status !== 'RUNNING' || (runningStep(d) && runningStep(d).state_id !== step.state_id));
    },
    operate: (sn, operator, action_type, action_message) => ok('POST', '/openapi/ticket/operate_ticket/', { sn, operator, action_type, action_message }),
  };
}

/** Run `fn` over `items`, `limit` at a time. */
async function pool(items, limit, fn) {
  const queue = [...items.entries()];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await fn(next[1], next[0]);
  }));
}

/**
 * Seed the database behind `url`. `manage(args)` runs manage.py with the server's settings.
 * Resolves to the manifest: {service_id, catalog_id, date, tickets: [{id, sn, title, creator,
 * approver, state, current_status, attention, commented}]}.
 */
export async function seed({ url, manage, log = () => {} }) {
  await manage(['shell', '-c', `from itsm.service.models import CatalogService; CatalogService.objects.get_or_create(service_id=${SERVICE_ID}, catalog_id=${CATALOG_ID})`]);
  const clients = { default: itsmClient(url), en: itsmClient(url, 'en') };
  const made = [];
  for (const row of SEED) {
    const { sn, id } = await clients[row.lang ?? 'default'].create(row);
    made.push({ ...row, sn, id });
  }
  log(`created ${made.length} tickets (${made[0].sn} .. ${made.at(-1).sn})`);
  await pool(made, 4, async (t) => {
    const itsm = clients[t.lang ?? 'default'];
    // Every flow first reaches step 1 (负责人审批, waiting on the approver).
    await itsm.waitFor(t.sn, 'at step 1', (d) => Boolean(itsm.runningStep(d)));
    if (t.state === 'REVOKED') await itsm.operate(t.sn, t.creator, 'WITHDRAW', 'withdrawn by the seed');
    if (t.state === 'SUSPENDED') await itsm.operate(t.sn, t.approver, 'SUSPEND', 'suspended by the seed');
    if (t.state === 'STEP2' || t.state === 'FINISHED') await itsm.approveStep(t.sn, t.approver);
    if (t.state === 'FINISHED') await itsm.approveStep(t.sn, 'admin');
    const data = await itsm.waitFor(t.sn, STATUS_OF[t.state], (d) => d.current_status === STATUS_OF[t.state]);
    if (t.comment) await itsm.ok('POST', '/openapi/ticket/comment/', { sn: t.sn, operator: t.creator, ...t.comment });
    t.current_status = data.current_status;
  });
  return {
    service_id: SERVICE_ID,
    catalog_id: CATALOG_ID,
    date: new Date().toISOString(),
    tickets: made.map(({ id, sn, title, creator, approver, state, current_status, attention, comment, lang }) => ({
      id, sn, title, creator, approver, state, current_status, attention: Boolean(attention), commented: Boolean(comment), lang: lang ?? null,
    })),
  };
}
