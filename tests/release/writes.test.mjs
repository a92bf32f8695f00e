// A ticket's lifecycle through the release package in Node 18+, against the local server:
// createTicket (the form fetched and checked first) → waitForSteps → approve through the API
// gateway → the ticket's status and log reflect it → operateNode TRANSITION to the end →
// commentTicket; a withdrawal by the creator; a rejection that terminates; rating finished
// tickets through both doors; validateTicketFields without any server. The browser suites
// (tests/browser/create-ticket, act, identity) cover every rule; this is the whole story in Node.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startServer } from "../server/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.env.PKG_DIR ?? join(here, "..", "..", "pkg"));
const APP = { bk_app_code: "bk-itsm-demo", bk_app_secret: "demo-secret-3f9a1c0e7b" };
const TOKENS = { admin: "test-token-admin", alice: "test-token-alice" };
/** Service 13's required fields, filled (the conditional rollback_plan stays hidden: env is test). */
const FORM_13 = { title: "扩容 web 集群", description: "双十一前扩容", quantity: "3", env: "test", urgency: "high" };
let server, pkg;

before(async () => {
  server = await startServer({ port: 0 });
  pkg = await import(pathToFileURL(join(pkgDir, "index.js")).href);
});
after(() => server?.close());

/** A client acting as `user`, writing in the scope `scope` (its own tickets), quick flows; its
 * requests logged under `tag`. */
const as = (user, scope, extra = {}, tag = scope) =>
  pkg.createClient({
    baseUrl: `${server.url}/__/tag=${tag},state=${scope},lang=zh,flowdelay=50`,
    ...APP,
    bk_token: TOKENS[user] ?? TOKENS.admin,
    user,
    ...extra,
  });
const gatewayAs = (user, scope, tag = scope) => as(user, scope, { gateway: "apigw" }, tag);
const log = async (tag) => (await (await fetch(`${server.url}/__log?tag=${tag}`)).json()).filter((e) => !e.preflight);
const trail = async (tag) => (await log(tag)).map((e) => `${e.method} ${/\/itsm\/([a-z_]+)\/$/.exec(e.path)?.[1]}`);
const rejection = (p) => p.then(() => assert.fail("should reject"), (e) => e);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(40);
  }
}
const messages = async (c, sn) => (await c.getTicketLogs({ sn })).logs.map((l) => l.message);

test("create → waitForSteps → approve → the status and log reflect it → TRANSITION → FINISHED → rated once", async () => {
  const alice = as("alice", "life");
  const created = await alice.createTicket({ service_id: 13, fields: { ...FORM_13, modules: ["web", "db"] }, attention: true });
  assert.match(created.sn, /^REQ\d{14}$/);
  assert.equal(typeof created.id, "number");
  const sent = await log("life");
  assert.deepEqual(sent.map((e) => e.method), ["GET", "POST"], "the form, then the ticket");
  const body = sent[1].body;
  assert.equal(body.creator, "alice");
  assert.deepEqual(body.fields.find((f) => f.key === "modules"), { key: "modules", value: "web,db" });
  assert.deepEqual(body.fields.at(-1), { key: "rollback_plan", value: "" }, "the hidden required field");

  // The flow starts on the server a moment later.
  const started = await alice.waitForSteps(created.sn);
  assert.deepEqual(
    started.current_steps.map((s) => [s.state_id, s.name, s.processors]),
    [[7103, "直属上级审批", "admin,alice"]],
  );
  assert.ok(started.operations.some((o) => o.key === "WITHDRAW"));

  // The approval, through the gateway (checked against the status first: one GET, one POST).
  const admin = gatewayAs("admin", "life");
  assert.deepEqual(await admin.approve({ sn: created.sn, state_id: 7103, action: "true", remark: "同意扩容" }), []);
  const moved = await until(async () => {
    const s = await admin.getTicketStatus({ sn: created.sn });
    return s.current_steps.some((x) => x.state_id === 7104) && s;
  }, "the step after the approval");
  assert.deepEqual(moved.current_steps.map((s) => [s.name, s.processors]), [["实施", "alice,bob"]]);
  const afterApproval = await messages(admin, created.sn);
  assert.deepEqual(afterApproval, ["流程开始.", "alice 处理【提单】", "admin 已处理【直属上级审批】(通过)"]);
  const info = await admin.getTicketInfo({ sn: created.sn });
  assert.equal(info.title, FORM_13.title);
  assert.equal(info.current_status, "RUNNING");

  // The work step, submitted by alice: the ticket ends.
  await alice.operateNode({ sn: created.sn, state_id: 7104, action_type: "TRANSITION", fields: { implement_result: "已扩容 3 台" } });
  const ended = await until(async () => {
    const s = await alice.getTicketStatus({ sn: created.sn });
    return s.current_status === "FINISHED" && s;
  }, "the end");
  assert.deepEqual(ended.current_steps, []);
  assert.equal(ended.is_commented, false);
  assert.deepEqual((await messages(alice, created.sn)).slice(-2), ["alice 处理【实施】", "流程结束."]);

  // Rated once.
  await alice.commentTicket({ sn: created.sn, stars: 5, comments: "很快" });
  assert.equal((await alice.getTicketStatus({ sn: created.sn })).is_commented, true);
  const again = await rejection(alice.commentTicket({ sn: created.sn, stars: 4 }));
  assert.deepEqual([again.kind, again.code, again.sent], ["api", pkg.ItsmCode.INVALID_PARAMETERS, false]);
});

test("withdraw: the creator takes a new ticket back; it is REVOKED and cannot be rated", async () => {
  const alice = as("alice", "withdraw");
  const service = await alice.getServiceDetail({ service_id: 13 });
  const { sn } = await alice.createTicket({ service_id: 13, fields: FORM_13 }, { service });
  const status = await alice.waitForSteps(sn);
  assert.ok(status.operations.some((o) => o.key === "WITHDRAW"), "withdrawable once the flow stands at its first step");
  const bob = await rejection(as("bob", "withdraw").operateTicket({ sn, action_type: "WITHDRAW", action_message: "x" }));
  assert.deepEqual([bob.kind, bob.code], ["api", pkg.ItsmCode.OPERATION_FAILED]);
  assert.match(bob.message, /你无权撤销单据.*bob!=alice/);
  await alice.operateTicket({ sn, action_type: "WITHDRAW", action_message: "提错了" });
  const after = await alice.getTicketStatus({ sn });
  assert.equal(after.current_status, "REVOKED");
  assert.deepEqual(after.operations, []);
  assert.equal((await messages(alice, sn)).at(-1), "alice 撤销单据.");
  const rate = await rejection(alice.commentTicket({ sn, stars: 5 }));
  assert.equal(rate.code, pkg.ItsmCode.INVALID_PARAMETERS);
  assert.match(rate.message, /单据未结束/);
});

test("a rejection of service 13's approval terminates the ticket (by system)", async () => {
  const alice = as("alice", "reject");
  const { sn } = await alice.createTicket({ service_id: 13, fields: FORM_13 });
  const status = await alice.waitForSteps(sn);
  await gatewayAs("alice", "reject", "reject-approve").approve({ sn, state_id: 7103, action: "false", remark: "预算不足" }, { status });
  const ended = await until(async () => {
    const s = await alice.getTicketStatus({ sn });
    return s.current_status === "TERMINATED" && s;
  }, "the termination");
  assert.deepEqual(ended.current_steps, []);
  assert.equal((await messages(alice, sn)).at(-1), "system 关闭了单据.");
  // The approve used the status it was handed: its one request is the POST.
  assert.deepEqual(await trail("reject-approve"), ["POST approve"]);
});

test("rate finished tickets through ESB's comment_ticket and the gateway's comment", async () => {
  const esb = as("alice", "rate");
  await esb.commentTicket({ sn: "CRQ20261028000001", stars: "6" });
  await gatewayAs("alice", "rate").commentTicket({ sn: "REQ20261013000001", stars: 1, comments: "慢" });
  assert.deepEqual(await trail("rate"), ["POST comment_ticket", "POST comment"]);
  for (const sn of ["CRQ20261028000001", "REQ20261013000001"]) assert.equal((await esb.getTicketStatus({ sn })).is_commented, true, sn);
  const stars = await rejection(esb.commentTicket({ sn: "CRQ20261028000001", stars: 0 }));
  assert.deepEqual([stars.kind, stars.field, stars.reason], ["validation", "stars", "out_of_range"]);
});

test("validateTicketFields and waitForSteps' checks work in Node without a server (the module functions)", async () => {
  const service = await as("admin", "offline").getServiceDetail({ service_id: 13 });
  assert.deepEqual(pkg.validateTicketFields(service, FORM_13), []);
  const issues = pkg.validateTicketFields(service, { ...FORM_13, quantity: "0", env: "prod" });
  assert.deepEqual(issues.map((i) => `${i.field}:${i.reason}`), ["quantity:bad_format", "rollback_plan:required"]);
  assert.ok(issues.every((i) => typeof i.userMessage === "string" && i.userMessage !== ""));
  assert.deepEqual(pkg.validate("commentTicket", { sn: "REQ20240101000001", stars: 7 }).map((i) => i.field), ["stars"]);
  const e = await rejection(pkg.waitForSteps(123));
  assert.deepEqual([e.kind, e.field], ["validation", "sn"]);
  const noBase = await rejection(pkg.createTicket({ service_id: 13, fields: FORM_13 }));
  assert.deepEqual([noBase.kind, noBase.field], ["validation", "baseUrl"], "the module functions have no server in Node");
});
