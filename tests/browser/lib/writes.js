// What the suites of the catalogue and write endpoints share (catalogue, create-ticket, act,
// identity): clients acting as a user on either door, raw requests that skip the package's
// checks (to compare with what the server itself answers), the server's clock (UTC+8), the
// seeded tickets of tests/server/WRITE-ENDPOINTS.md §8 and small waits.
//
// Every write goes to a scope of its own: a prefix's `state=NAME` (and `tag=NAME`) is made
// unique to the page by `scoped`, so no two tests, pages or browsers see each other's writes,
// and the seeded tickets start as the data set has them in every scope.
import { createClient } from "/pkg/index.js";
import { assert } from "./test.js";
import { APP, SERVER, scoped, serverLog, sleep } from "./itsm.js";

/** The server's fixed login tokens. Anyone else logs in with admin's: the server trusts the
 * identity members of a write's body, and ESB only needs some valid login. */
export const TOKENS = { admin: "test-token-admin", alice: "test-token-alice" };

/** A ticket number the data set does not have. */
export const NO_SUCH_SN = "REQ19990101000001";

/** Seeded tickets to act on (WRITE-ENDPOINTS.md §8, default data set). */
export const SEEDED = {
  /** RUNNING at APPROVAL node 1103 (flow 11), waiting on admin and alice; creator carol. */
  approval: { sn: "REQ20261012000001", state: 1103, next: 1104 },
  /** RUNNING at APPROVAL node 1103, creator alice, withdrawable. */
  approvalByAlice: { sn: "REQ20260918000002", state: 1103 },
  /** RUNNING at APPROVAL node 5203 of flow 52, whose rejection terminates the ticket. */
  rejectTerminates: { sn: "REQ20260918000001", state: 5203 },
  /** RUNNING, created by alice, withdrawable. */
  aliceRunning: { sn: "PBI20261013000001" },
  /** FINISHED, not rated. */
  finished: ["CRQ20261028000001", "REQ20261013000001"],
  /** SUSPENDED, alice a processor. */
  suspended: { sn: "INC20261029000001" },
  /** RUNNING NORMAL node 2304 of alice (and 张伟): terminable, deliverable; needs
   * `process_result`, `resolve_type` optional. */
  aliceNode: { sn: "INC20261013000001", state: 2304 },
};

const config = (user, base, extra) => ({
  baseUrl: `${SERVER}${scoped(base)}`,
  ...APP,
  bk_token: TOKENS[user] ?? TOKENS.admin,
  ...(user ? { user } : {}),
  ...extra,
});

/** An ESB client whose writes act as `user` (none: `null`). */
export const esbAs = (user, base, extra = {}) => createClient(config(user, base, extra));

/** An ESB client as `esbAs` makes, on another origin that reaches the same server (`origin`, such
 * as localhost for 127.0.0.1): its own connections, none left idle by the tests before. */
export const esbOn = (origin, user, base, extra = {}) => createClient({ ...config(user, base, extra), baseUrl: `${origin}${scoped(base)}` });

/** An API gateway client whose writes act as `user` (none: `null`), logged in as that user where
 * the server has a token for them (approve and comment need a verified login). */
export const gatewayAs = (user, base, extra = {}) => createClient({ ...config(user, base, extra), gateway: "apigw" });

/** The server's wall clock (naive Asia/Shanghai, UTC+8) `ms` after the epoch, as the forms write
 * it: "YYYY-MM-DD hh:mm:ss". */
export function wall(ms) {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}
/** The server's date `days` from today: "YYYY-MM-DD". */
export const day = (days) => wall(Date.now() + days * 86_400_000).slice(0, 10);
/** The server's time `hours` from now: "YYYY-MM-DD hh:mm:ss". */
export const hoursFromNow = (hours) => wall(Date.now() + hours * 3_600_000);

/** `{ key: value }` as create_ticket's `[{ key, value }]` (undefined values left out). */
export const asList = (values) =>
  Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => ({ key, value }));

/**
 * A write sent as it is, without the package (no check, no fill-in): what the server itself
 * answers. `door` "esb" (admin's login) or "gateway" (`as`'s login). Resolves to the envelope.
 */
export async function rawWrite(base, endpoint, body, { door = "esb", as = "admin" } = {}) {
  const prefix = `${SERVER}${scoped(base)}`;
  const token = TOKENS[as] ?? TOKENS.admin;
  const init = { method: "POST", headers: { "Content-Type": "application/json" } };
  let url;
  if (door === "esb") {
    url = `${prefix}/api/c/compapi/v2/itsm/${endpoint}/`;
    init.body = JSON.stringify({ ...APP, bk_token: token, ...body });
  } else {
    url = `${prefix}/api/bk-itsm/prod/v2/itsm/${endpoint}/`;
    init.headers["X-Bkapi-Authorization"] = JSON.stringify({ ...APP, bk_token: token });
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  assert.equal(res.status, 200, `${endpoint}: HTTP ${res.status}`);
  return res.json();
}

/** The server's log of `tag` without the credentials (bodies and queries), oldest first:
 * `[{ method, endpoint, body, query, headers }]`. */
export async function requests(tag) {
  const strip = (o) => {
    if (o === null || typeof o !== "object") return o;
    const { bk_app_code, bk_app_secret, bk_token, bk_username, ...rest } = o;
    return rest;
  };
  return (await serverLog(tag)).map((e) => ({
    method: e.method,
    endpoint: /\/itsm\/([a-z_]+)\/$/.exec(e.path)?.[1] ?? e.path,
    body: strip(e.body),
    query: strip(e.query),
    headers: e.headers,
  }));
}

/** "METHOD endpoint" of each request `tag` logged, for a one-line comparison. */
export const trail = async (tag) => (await requests(tag)).map((r) => `${r.method} ${r.endpoint}`);

/** Calls `fn` until it returns something truthy (every 50 ms, at most `ms`). */
export async function waitUntil(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The last `n` log messages of a ticket, oldest first. */
export async function lastLogs(client, sn, n = 3) {
  const { logs } = await client.getTicketLogs({ sn });
  return logs.slice(-n).map((l) => l.message);
}

/** The required fields of service 13 (every field type), filled: a valid form. */
export const FORM_13 = Object.freeze({ title: "全字段 all types", description: "需求", quantity: "2", env: "test", urgency: "high" });

/** The issues of a list as `field:reason` texts. */
export const reasons = (issues) => issues.map((i) => `${i.field}:${i.reason}`);
