// Acting on tickets: operateTicket (WITHDRAW, SUSPEND, UNSUSPEND, TERMINATE and the server's
// refusals, 3900004 and 3900022), operateNode (service 18's DISTRIBUTE then CLAIM then
// TRANSITION, DELIVER, TERMINATE, which ITSM 2.7.1 always fails), approve through the API gateway
// (checked first against the ticket's status, or the `status` option handed in) and
// commentTicket through both doors. Each test writes in a scope of its own (`state=`), so the
// seeded tickets of WRITE-ENDPOINTS.md §8 start as the data set has them.
import { ItsmCode } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { rejects, serverLog } from "./lib/itsm.js";
import { NO_SUCH_SN, SEEDED, esbAs, gatewayAs, lastLogs, rawWrite, reasons, requests, trail, waitUntil } from "./lib/writes.js";

/** A scope's prefix: its log tag and its write state, Chinese answers, quick flows. */
const at = (scope, more = "") => `/__/tag=${scope},state=${scope},lang=zh,flowdelay=50${more}`;

/** Asserts `e` is the server's refusal: kind api, `code`, nothing acted (sent false), one request. */
function refused(e, code, text) {
  assert.deepEqual([e.kind, e.code, e.sent, e.attempts], ["api", code, false, 1], e.message);
  if (text) assert.includes(e.message, text);
}

// ---- operateTicket

test("WITHDRAW by its creator: the ticket is REVOKED, its log says so; withdrawing again is refused 3900004", async () => {
  const { sn } = SEEDED.aliceRunning;
  const alice = esbAs("alice", at("ot-withdraw"));
  assert.ok((await alice.getTicketStatus({ sn })).operations.some((o) => o.key === "WITHDRAW"));
  assert.deepEqual(await alice.operateTicket({ sn, action_type: "WITHDRAW", action_message: "不需要了" }), []);
  const [, post] = await requests("ot-withdraw");
  assert.deepEqual(post.body, { sn, action_type: "WITHDRAW", action_message: "不需要了", operator: "alice" });
  const status = await alice.getTicketStatus({ sn });
  assert.equal(status.current_status, "REVOKED");
  assert.deepEqual(status.operations, []);
  assert.equal((await lastLogs(alice, sn, 1))[0], "alice 撤销单据.");
  const e = await rejects(alice.operateTicket({ sn, action_type: "WITHDRAW", action_message: "again" }));
  refused(e, ItsmCode.OPERATION_FAILED, "抱歉，单据已经结束，无法撤销");
  assert.equal(e.reason, "operation_failed");
});

test("WITHDRAW by someone else is refused 3900004; the API account (admin) may withdraw anyone's", async () => {
  const { sn } = SEEDED.aliceRunning;
  const e = await rejects(esbAs("bob", at("ot-withdraw-bob")).operateTicket({ sn, action_type: "WITHDRAW", action_message: "x" }));
  refused(e, ItsmCode.OPERATION_FAILED, "抱歉，你无权撤销单据，撤销单据的非当前单据的提单人, bob!=alice");
  const admin = esbAs("admin", at("ot-withdraw-admin"));
  await admin.operateTicket({ sn: SEEDED.approvalByAlice.sn, action_type: "WITHDRAW", action_message: "代撤" });
  assert.equal((await admin.getTicketStatus({ sn: SEEDED.approvalByAlice.sn })).current_status, "REVOKED");
});

test("SUSPEND then UNSUSPEND: SUSPENDED and back to RUNNING, each logged; UNSUSPEND of a running ticket is refused 3900004", async () => {
  const { sn } = SEEDED.aliceRunning;
  const admin = esbAs("admin", at("ot-suspend"));
  await admin.operateTicket({ sn, action_type: "SUSPEND", action_message: "维护窗口" });
  let status = await admin.getTicketStatus({ sn });
  assert.equal(status.current_status, "SUSPENDED");
  assert.ok(status.operations.some((o) => o.key === "UNSUSPEND"));
  assert.equal((await lastLogs(admin, sn, 1))[0], "admin 挂起了单据：维护窗口.");
  await admin.operateTicket({ sn, action_type: "UNSUSPEND", action_message: "窗口结束" });
  status = await admin.getTicketStatus({ sn });
  assert.equal(status.current_status, "RUNNING");
  assert.equal((await lastLogs(admin, sn, 1))[0], "admin 恢复了单据.");
  const e = await rejects(admin.operateTicket({ sn, action_type: "UNSUSPEND", action_message: "again" }));
  refused(e, ItsmCode.OPERATION_FAILED, "抱歉，该单据不在挂起中，无法操作");
});

test("UNSUSPEND the seeded suspended ticket as alice, a processor, through the gateway", async () => {
  const { sn } = SEEDED.suspended;
  const alice = gatewayAs("alice", at("ot-resume"));
  assert.equal((await alice.getTicketStatus({ sn })).current_status, "SUSPENDED");
  await alice.operateTicket({ sn, action_type: "UNSUSPEND", action_message: "继续" });
  assert.equal((await alice.getTicketStatus({ sn })).current_status, "RUNNING");
  const post = (await requests("ot-resume")).find((r) => r.method === "POST");
  assert.deepEqual([post.endpoint, post.body.operator], ["operate_ticket", "alice"]);
});

test("TERMINATE closes the ticket TERMINATED; after that every action is refused 3900004 (closed); bob may not terminate", async () => {
  const { sn } = SEEDED.approval;
  const bob = await rejects(esbAs("bob", at("ot-term")).operateTicket({ sn, action_type: "TERMINATE", action_message: "x" }));
  refused(bob, ItsmCode.OPERATION_FAILED, "抱歉，bob无权操作该单据");
  const admin = esbAs("admin", at("ot-term"));
  await admin.operateTicket({ sn, action_type: "TERMINATE", action_message: "重复单据" });
  const status = await admin.getTicketStatus({ sn });
  assert.equal(status.current_status, "TERMINATED");
  assert.deepEqual(status.current_steps, []);
  assert.equal((await lastLogs(admin, sn, 1))[0], "admin 关闭了单据.");
  const e = await rejects(admin.operateTicket({ sn, action_type: "SUSPEND", action_message: "x" }));
  refused(e, ItsmCode.OPERATION_FAILED, "抱歉，单据已关闭，无法操作");
});

test("operateTicket: an unknown ticket is 3900022 on both doors; its parameters are checked before sending", async () => {
  for (const c of [esbAs("admin", at("ot-bad")), gatewayAs("admin", at("ot-bad"))]) {
    const e = await rejects(c.operateTicket({ sn: NO_SUCH_SN, action_type: "SUSPEND", action_message: "x" }));
    refused(e, ItsmCode.TICKET_NOT_FOUND, "没有找到对应的单据");
    assert.equal(e.reason, "ticket_not_found");
  }
  const sent = (await serverLog("ot-bad")).length;
  const c = esbAs("admin", at("ot-bad"), { locale: "en" });
  const { sn } = SEEDED.aliceRunning;
  for (const [params, field, reason] of [
    [{ sn, action_type: "CLOSE", action_message: "x" }, "action_type", "not_one_of"],
    [{ sn, action_type: "withdraw", action_message: "x" }, "action_type", "not_one_of"],
    [{ sn, action_type: "SUSPEND" }, "action_message", "required"],
    [{ sn, action_type: "SUSPEND", action_message: "" }, "action_message", "required"],
    [{ sn, action_type: "SUSPEND", action_message: "x".repeat(256) }, "action_message", "too_long"],
    [{ action_type: "SUSPEND", action_message: "x" }, "sn", "required"],
    [{ sn, action_type: "SUSPEND", action_message: "x", state_id: 1 }, "state_id", "unknown_key"],
  ]) {
    const e = await rejects(c.operateTicket(params));
    assert.deepEqual([e.kind, e.field, e.reason, e.attempts], ["validation", field, reason, 0], JSON.stringify(params).slice(0, 80));
  }
  assert.deepEqual(await c.operateTicket({ sn, action_type: "SUSPEND", action_message: "x".repeat(255) }), [], "255 characters are fine");
  assert.equal((await serverLog("ot-bad")).length, sent + 1, "only the valid one was sent");
  // Why the package refuses an unknown action: the server's own answer is a hand-written 3900004.
  const raw = await rawWrite(at("ot-bad-raw"), "operate_ticket", { sn, action_type: "CLOSE", action_message: "x", operator: "admin" });
  assert.deepEqual([raw.code, raw.message], [ItsmCode.OPERATION_FAILED, "单据操作失败，不支持的操作类型: CLOSE"]);
});

// ---- operateNode

test("service 18: DISTRIBUTE by admin, CLAIM by alice, TRANSITION to the end, each logged", async () => {
  const admin = esbAs("admin", at("on-duty"));
  const alice = esbAs("alice", at("on-duty"));
  const { sn } = await admin.createTicket({ service_id: 18, fields: { title: "磁盘告警", impact: "high" } });
  let status = await admin.waitForSteps(sn);
  const step = (s) => s.current_steps.map((x) => [x.state_id, x.status, x.action_type, x.processors]);
  assert.deepEqual(step(status), [[7603, "DISTRIBUTING", "DISTRIBUTE", "admin"]]);
  // Not claimable yet: the server refuses alice.
  const early = await rejects(alice.operateNode({ sn, state_id: 7603, action_type: "CLAIM", processors_type: "PERSON", processors: "alice" }));
  refused(early, ItsmCode.OPERATION_FAILED, "抱歉，alice不能操作该节点（没有权限或操作类型不支持）");
  await admin.operateNode({ sn, state_id: 7603, action_type: "DISTRIBUTE", processors_type: "PERSON", processors: ["alice", "bob"] });
  status = await admin.getTicketStatus({ sn });
  assert.deepEqual(step(status), [[7603, "RECEIVING", "CLAIM", "alice,bob"]]);
  await alice.operateNode({ sn, state_id: "7603", action_type: "CLAIM", processors_type: "PERSON", processors: ["alice"] });
  status = await admin.getTicketStatus({ sn });
  assert.deepEqual(step(status), [[7603, "RUNNING", "TRANSITION", "alice"]]);
  await alice.operateNode({ sn, state_id: 7603, action_type: "TRANSITION", fields: { handle_result: "已清理日志" } });
  status = await waitUntil(async () => {
    const s = await admin.getTicketStatus({ sn });
    return s.current_status === "FINISHED" && s;
  }, "the ticket to finish");
  assert.deepEqual(status.current_steps, []);
  const logs = await lastLogs(admin, sn, 4);
  assert.deepEqual(logs, ["admin 分配【值班处理】给：alice(alice),bob(bob).", "alice 认领【值班处理】.", "alice 处理【值班处理】", "流程结束."]);
  const posts = (await requests("on-duty")).filter((r) => r.endpoint === "operate_node").map((r) => r.body);
  assert.deepEqual(posts[1], { sn, state_id: 7603, action_type: "DISTRIBUTE", operator: "admin", processors_type: "PERSON", processors: "alice,bob" }, "names joined, the operator filled in");
  assert.equal(posts[2].state_id, 7603, "a string of digits sent as the number");
  assert.deepEqual(posts[3].fields, [{ key: "handle_result", value: "已清理日志" }]);
});

test("DELIVER hands the node over: new processors, logged with the message; the old processor can no longer submit", async () => {
  const { sn, state } = SEEDED.aliceNode;
  const alice = esbAs("alice", at("on-deliver"));
  await alice.operateNode({ sn, state_id: state, action_type: "DELIVER", processors_type: "PERSON", processors: ["bob"], action_message: "交给 bob" });
  const status = await alice.getTicketStatus({ sn });
  assert.equal(status.current_steps.find((s) => s.state_id === state).processors, "bob");
  assert.equal((await lastLogs(alice, sn, 1))[0], "alice 转单【Resolve incident】给 bob(bob)(交给 bob).");
  const e = await rejects(alice.operateNode({ sn, state_id: state, action_type: "TRANSITION", fields: { process_result: "x" } }));
  refused(e, ItsmCode.OPERATION_FAILED, "抱歉，alice不能操作该节点");
});

test("TRANSITION submits the node's form as strings (numbers as digits, arrays joined); the server checks it", async () => {
  const { sn, state } = SEEDED.aliceNode;
  const alice = esbAs("alice", at("on-transition"));
  // A required field of the node left out: the server's 3900005.
  let e = await rejects(alice.operateNode({ sn, state_id: state, action_type: "TRANSITION", fields: { resolve_type: "fixed" } }));
  refused(e, ItsmCode.INVALID_PARAMETERS, "单据处理失败，缺少参数：['process_result']");
  // A choice the node does not have: 3900004 with the serializer's repr.
  e = await rejects(alice.operateNode({ sn, state_id: state, action_type: "TRANSITION", fields: { process_result: "x", resolve_type: ["fixed", "workaround"] } }));
  refused(e, ItsmCode.OPERATION_FAILED, "【解决方式】选项不匹配，请重新选择");
  await alice.operateNode({ sn, state_id: state, action_type: "TRANSITION", fields: [{ key: "process_result", value: 42 }, { key: "resolve_type", value: "fixed" }] });
  const posts = (await requests("on-transition")).filter((r) => r.endpoint === "operate_node").map((r) => r.body.fields);
  assert.deepEqual(posts[1], [{ key: "process_result", value: "x" }, { key: "resolve_type", value: "fixed,workaround" }]);
  assert.deepEqual(posts[2], [{ key: "process_result", value: "42" }, { key: "resolve_type", value: "fixed" }]);
  const status = await waitUntil(async () => {
    const s = await alice.getTicketStatus({ sn });
    return !s.current_steps.some((x) => x.state_id === state) && s;
  }, "the node to be done");
  assert.deepEqual(status.current_steps, [], "its last node: the flow ends");
  assert.includes(await lastLogs(alice, sn, 2), "alice 处理【Resolve incident】");
});

test("TERMINATE at a node: sent, and refused by ITSM 2.7.1 every time (3900004); the ticket stays as it was", async () => {
  const { sn, state } = SEEDED.aliceNode;
  const alice = esbAs("alice", at("on-term"));
  const e = await rejects(alice.operateNode({ sn, state_id: state, action_type: "TERMINATE", action_message: "误报" }));
  refused(e, ItsmCode.OPERATION_FAILED, "terminate() got an unexpected keyword argument 'source'");
  const status = await alice.getTicketStatus({ sn });
  assert.equal(status.current_status, "RUNNING");
  assert.ok(status.current_steps.some((s) => s.state_id === state));
});

test("operateNode: who is next and why are required where the action needs them, checked before sending", async () => {
  const { sn, state } = SEEDED.aliceNode;
  const c = esbAs("alice", at("on-bad"), { locale: "en" });
  for (const [params, issues] of [
    [{ action_type: "CLAIM" }, ["processors:required", "processors_type:required"]],
    [{ action_type: "DISTRIBUTE", processors: "bob" }, ["processors_type:required"]],
    [{ action_type: "DELIVER", processors_type: "PERSON", processors: "bob" }, ["action_message:required"]],
    [{ action_type: "TERMINATE" }, ["action_message:required"]],
    [{ action_type: "SUSPEND" }, ["action_type:not_one_of"]],
    [{ action_type: "DELIVER", processors_type: "USER", processors: "bob", action_message: "m" }, ["processors_type:not_one_of"]],
    [{ action_type: "DELIVER", processors_type: "PERSON", processors: [1], action_message: "m" }, ["processors:wrong_type"]],
    [{ action_type: "DELIVER", processors_type: "PERSON", processors: "bob", action_message: "m".repeat(256) }, ["action_message:too_long"]],
    [{ action_type: "TRANSITION", fields: { a: true } }, ["fields:wrong_type"]],
  ]) {
    const e = await rejects(c.operateNode({ sn, state_id: state, ...params }));
    assert.equal(e.kind, "validation");
    assert.deepEqual(reasons(e.issues), issues, JSON.stringify(params).slice(0, 90));
  }
  const e = await rejects(c.operateNode({ sn, state_id: 1.5, action_type: "TRANSITION", fields: { x: "y" } }));
  assert.deepEqual([e.field, e.reason], ["state_id", "not_integer"]);
  assert.deepEqual(await serverLog("on-bad"), []);
});

test(
  "TRANSITION with nothing filled sends fields: [] (ITSM requires the member) and the server answers about the node's own fields",
  async () => {
    const { sn, state } = SEEDED.aliceNode;
    const c = esbAs("alice", at("on-empty"));
    // The node requires process_result, so the server refuses it for that, not for a missing `fields`.
    const e = await rejects(c.operateNode({ sn, state_id: state, action_type: "TRANSITION", fields: [] }));
    const [post] = await requests("on-empty");
    assert.deepEqual(post.body.fields, [], "fields: [] on the wire");
    refused(e, ItsmCode.INVALID_PARAMETERS, "缺少参数：['process_result']");
  },
);

// ---- approve

test("approve through the gateway: the status checked first, the approver filled in, the flow moves on", async () => {
  const { sn, state, next } = SEEDED.approval;
  const alice = gatewayAs("alice", at("ap-ok"));
  assert.deepEqual(await alice.approve({ sn, state_id: state, action: "true", remark: "同意" }), []);
  const log = await requests("ap-ok");
  assert.deepEqual(log.map((r) => `${r.method} ${r.endpoint}`), ["GET get_ticket_status", "POST approve"]);
  assert.equal(log[0].query.sn, sn);
  assert.deepEqual(log[1].body, { sn, state_id: state, action: "true", remark: "同意", approver: "alice" });
  assert.ok(!("bk_token" in log[1].body), "the gateway's credentials travel in the header only");
  const status = await waitUntil(async () => {
    const s = await alice.getTicketStatus({ sn });
    return s.current_steps.some((x) => x.state_id === next) && s;
  }, "the next step");
  assert.deepEqual(status.current_steps.map((s) => s.name), ["资源交付"]);
  assert.includes(await lastLogs(alice, sn, 2), "alice 已处理【直属上级审批】(通过)");
  // The step is no longer current: asking again is refused before sending.
  const again = await rejects(alice.approve({ sn, state_id: state, action: "true" }));
  assert.deepEqual([again.kind, again.field, again.reason], ["validation", "state_id", "not_current_step"]);
  assert.includes(again.message, `${next} "资源交付"`, "the message lists the running steps");
});

test("reject with the status option: one request; this flow's rejection terminates the ticket", async () => {
  const { sn, state } = SEEDED.rejectTerminates;
  const admin = gatewayAs("admin", at("ap-reject"));
  const status = await gatewayAs("admin", at("ap-reject-read")).getTicketStatus({ sn });
  await admin.approve({ sn, state_id: state, action: "false", remark: "预算不足" }, { status });
  const log = await requests("ap-reject");
  assert.deepEqual(log.map((r) => `${r.method} ${r.endpoint}`), ["POST approve"], "the status handed in: no GET");
  assert.deepEqual([log[0].body.action, log[0].body.approver, log[0].body.remark], ["false", "admin", "预算不足"]);
  await waitUntil(async () => (await admin.getTicketStatus({ sn })).current_status === "TERMINATED", "the ticket to be terminated");
  const logs = await lastLogs(admin, sn, 2);
  assert.match(logs[0], /^admin 已处理【IT approval】\(/);
  assert.equal(logs[1], "system 关闭了单据.");
});

test("the status check refuses before sending: not a current step, not one of its processors; the ESB door, a boolean action", async () => {
  const { sn, state } = SEEDED.approval;
  const bob = gatewayAs("bob", at("ap-check"), { locale: "en" });
  let e = await rejects(bob.approve({ sn, state_id: state, action: "true" }));
  assert.deepEqual([e.kind, e.field, e.reason, e.attempts], ["validation", "approver", "not_processor", 0]);
  assert.includes(e.message, '"bob" is not one of the step\'s processors (admin,alice)');
  assert.equal(e.userMessage, "You are not a processor of this step");
  const alice = gatewayAs("alice", at("ap-check"));
  e = await rejects(alice.approve({ sn, state_id: 1104, action: "true" }));
  assert.deepEqual([e.kind, e.field, e.reason], ["validation", "state_id", "not_current_step"]);
  assert.deepEqual(await trail("ap-check"), ["GET get_ticket_status", "GET get_ticket_status"], "no approve was posted");
  e = await rejects(esbAs("alice", at("ap-check")).approve({ sn, state_id: state, action: "true" }));
  assert.deepEqual([e.kind, e.field, e.reason], ["validation", "gateway", "gateway_only"]);
  for (const [action, reason] of [[true, "wrong_type"], ["yes", "not_one_of"], ["TRUE", "not_one_of"], [1, "wrong_type"]]) {
    e = await rejects(alice.approve({ sn, state_id: state, action }));
    assert.deepEqual([e.field, e.reason], ["action", reason], String(action));
  }
  for (const status of [{}, "RUNNING", { current_steps: "x" }, 5]) {
    e = await rejects(alice.approve({ sn, state_id: state, action: "true" }, { status }));
    assert.deepEqual([e.kind, e.field], ["validation", "status"], JSON.stringify(status));
  }
  assert.equal((await trail("ap-check")).length, 2, "none of these sent anything");
});

test("a stale status option passes the package's check; the server still refuses (3900004), sent false", async () => {
  const { sn, state, next } = SEEDED.approval;
  const stale = await gatewayAs("admin", at("ap-stale")).getTicketStatus({ sn });
  await gatewayAs("alice", at("ap-stale")).approve({ sn, state_id: state, action: "true" });
  const admin = gatewayAs("admin", at("ap-stale"));
  await waitUntil(async () => (await admin.getTicketStatus({ sn })).current_steps.some((s) => s.state_id === next), "the next step");
  const e = await rejects(admin.approve({ sn, state_id: state, action: "true" }, { status: stale }));
  refused(e, ItsmCode.OPERATION_FAILED, "单据审批失败，单据当前状态非RUNNING");
});

test("approve of an unknown ticket: the status request's 3900022, and no approve posted", async () => {
  const e = await rejects(gatewayAs("alice", at("ap-missing")).approve({ sn: NO_SUCH_SN, state_id: 1103, action: "true" }));
  assert.deepEqual([e.kind, e.code], ["api", ItsmCode.TICKET_NOT_FOUND]);
  assert.deepEqual(await trail("ap-missing"), ["GET get_ticket_status"]);
});

// ---- commentTicket

test("commentTicket through ESB's comment_ticket: stars as a number, the operator filled in, is_commented after; twice is 3900005", async () => {
  const sn = SEEDED.finished[0];
  const c = esbAs("alice", at("cm-esb"));
  assert.equal((await c.getTicketStatus({ sn })).is_commented, false);
  assert.deepEqual(await c.commentTicket({ sn, stars: "5", comments: "处理很快" }), []);
  const post = (await requests("cm-esb")).find((r) => r.method === "POST");
  assert.equal(post.endpoint, "comment_ticket");
  assert.deepEqual(post.body, { sn, stars: 5, comments: "处理很快", operator: "alice" });
  assert.equal((await c.getTicketStatus({ sn })).is_commented, true);
  const e = await rejects(c.commentTicket({ sn, stars: 3 }));
  refused(e, ItsmCode.INVALID_PARAMETERS, "该单据已经被评论，请勿重复评论");
  assert.equal(e.reason, "invalid_parameters");
});

test("commentTicket through the gateway's comment; the server's refusals are 3900005 (a running ticket, an unknown one)", async () => {
  const sn = SEEDED.finished[1];
  const c = gatewayAs("alice", at("cm-gw"));
  await c.commentTicket({ sn, stars: 6 });
  const [post] = (await requests("cm-gw")).filter((r) => r.method === "POST");
  assert.deepEqual([post.endpoint, post.body], ["comment", { sn, stars: 6, operator: "alice" }]);
  assert.equal((await c.getTicketStatus({ sn })).is_commented, true);
  let e = await rejects(c.commentTicket({ sn: SEEDED.aliceRunning.sn, stars: 4 }));
  refused(e, ItsmCode.INVALID_PARAMETERS, "单据未结束，不允许评价!");
  e = await rejects(c.commentTicket({ sn: NO_SUCH_SN, stars: 4 }));
  refused(e, ItsmCode.INVALID_PARAMETERS, `sn=${NO_SUCH_SN}对应的单据不存在!`);
});

test("stars: 1 to 6 (a string of digits accepted), anything else refused before sending", async () => {
  const sn = SEEDED.finished[0];
  const c = esbAs("admin", at("cm-stars"), { locale: "en" });
  for (const [stars, reason] of [[0, "out_of_range"], [7, "out_of_range"], [-1, "out_of_range"], [1.5, "not_integer"], ["x", "not_integer"], [{}, "wrong_type"], [true, "wrong_type"], [null, "required"], ["", "required"]]) {
    const e = await rejects(c.commentTicket({ sn, stars }));
    assert.deepEqual([e.kind, e.field, e.reason], ["validation", "stars", reason], JSON.stringify(stars));
  }
  const e = await rejects(c.commentTicket({ sn, stars: 9 }));
  assert.equal(e.userMessage, "Must be from 1 to 6");
  assert.deepEqual(await serverLog("cm-stars"), []);
  await esbAs("admin", at("cm-one")).commentTicket({ sn, stars: 1 });
  await esbAs("admin", at("cm-six")).commentTicket({ sn, stars: "6" });
  assert.deepEqual([(await requests("cm-one"))[0].body.stars, (await requests("cm-six"))[0].body.stars], [1, 6]);
});
