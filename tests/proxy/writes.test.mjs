// The package's browser client, made with no secret and no user, through the proxy: every read,
// and each lifecycle write succeeds for the right user and fails for the wrong one. Where the
// engine can tell beforehand (approve by a user who is no processor of the step, a form value
// the service's form does not allow), the proxy refuses before anything is sent, with the
// engine's reason; otherwise ITSM refuses, with its own code, passed on as it came.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TOKEN, assertNoSecrets, backend, isItsmError, pageClient, pathOf, portal, proxy, raw, sameOrigin } from "./helpers.mjs";

const TAG = "proxy-writes";
let srv, site, alice, aliceGw, bob, bobGw, carol;

before(async () => {
  srv = await backend();
  const itsm = proxy({ target: `${srv.url}/__/tag=${TAG},flowdelay=0`, gateway: ["esb", "apigw"] });
  site = await portal(itsm);
  alice = pageClient(site.url, TOKEN.alice);
  aliceGw = pageClient(site.url, TOKEN.alice, { door: "apigw" });
  const bobToken = await srv.tokenFor("bob");
  bob = pageClient(site.url, bobToken);
  bobGw = pageClient(site.url, bobToken, { door: "apigw" });
  carol = pageClient(site.url, await srv.tokenFor("carol"));
});
after(async () => {
  await site?.close();
  await srv?.close();
});

const F = (key, value) => ({ key, value });
/** The ItsmError a call rejects with. */
const failure = (promise) => promise.then((v) => assert.fail(`resolved: ${JSON.stringify(v)}`), (e) => (assert.ok(isItsmError(e), String(e)), e));
/** What ITSM saw under this suite's tag, for `name`. */
const itsmSaw = async (name) => (await srv.log(TAG)).filter((e) => e.path.endsWith(`/${name}/`));

describe("reads and the lifecycle writes through the proxy", () => {
  test("every read, through ESB and the gateway", async () => {
    const page = await alice.getTickets({ page_size: 5 });
    assert.equal(page.items.length, 5);
    assert.equal(page.count, 2000);
    const sn = page.items[0].sn;
    assert.equal((await alice.getTicketInfo({ sn })).sn, sn);
    assert.ok(Array.isArray((await alice.getTicketStatus({ sn })).current_steps));
    assert.ok((await alice.getTicketLogs({ sn })).logs.length > 0);
    const tree = await alice.getServiceCatalogs({ has_service: true });
    assert.ok(tree.length > 0);
    assert.ok((await alice.getServices({ catalog_id: 6 })).some((s) => s.id === 18));
    assert.equal((await aliceGw.getServiceDetail({ service_id: 18 })).service_id, 18);
    const mine = await aliceGw.getTicketsByUser({ user: "alice", view_type: "my_created", page_size: 3 });
    assert.ok(mine.items.every((t) => t.creator === "alice"));
    const walked = await aliceGw.getAllTickets({ creator: "alice", page_size: 50 }, { maxItems: 120 });
    assert.equal(walked.length, 120);
  });

  test("create_ticket: checked against the service's form by the proxy, created as the user", async () => {
    const { sn } = await alice.createTicket({ service_id: 1, fields: { title: "两台机器", apply_content: "压测" } });
    const info = await alice.getTicketInfo({ sn });
    assert.equal(info.creator, "alice");
    // A caller that is not the package's client sends a field the form does not have: the
    // proxy's engine fetched the form and refuses, and ITSM never sees the create.
    const creates = (await itsmSaw("create_ticket")).length;
    const r = await raw(site.url, pathOf("create_ticket"), {
      method: "POST",
      headers: sameOrigin(site.url, TOKEN.alice),
      body: JSON.stringify({ service_id: 1, fields: [F("title", "t"), F("apply_content", "x"), F("nope", "1")] }),
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.code, "VALIDATE_ERROR");
    assert.deepEqual(r.json.issues.map((i) => [i.field, i.reason]), [["nope", "not_in_form"]]);
    assert.equal((await itsmSaw("create_ticket")).length, creates);
    assert.ok((await itsmSaw("get_service_detail")).length > 0, "the proxy asked ITSM for the form itself");
  });

  test("create_ticket on a service only admin and bob may submit: bob succeeds, alice gets ITSM's 3900003", async () => {
    const fields = [F("title", "磁盘告警"), F("impact", "high")];
    const { sn } = await bob.createTicket({ service_id: 18, fields });
    assert.equal((await bob.getTicketInfo({ sn })).creator, "bob");
    const e = await failure(alice.createTicket({ service_id: 18, fields }));
    assert.deepEqual([e.kind, e.code, e.reason], ["api", 3900003, "create_failed"]);
    assert.equal(e.message, "提单失败: 【alice】没有任务【提单】的【提交】操作权限.");
  });

  test("operate_ticket WITHDRAW: the creator may, bob gets ITSM's 3900004", async () => {
    const e = await failure(bob.operateTicket({ sn: "PBI20261013000001", action_type: "WITHDRAW", action_message: "not mine" }));
    assert.deepEqual([e.kind, e.code], ["api", 3900004]);
    assert.match(e.message, /bob/);
    assert.deepEqual(await alice.operateTicket({ sn: "PBI20261013000001", action_type: "WITHDRAW", action_message: "no longer needed" }), []);
    assert.equal((await alice.getTicketInfo({ sn: "PBI20261013000001" })).current_status, "REVOKED");
  });

  test("operate_node TRANSITION: a processor of the step may, carol gets ITSM's 3900004", async () => {
    const params = { sn: "INC20261013000001", state_id: 2304, action_type: "TRANSITION", fields: [F("process_result", "restarted")] };
    const e = await failure(carol.operateNode(params));
    assert.deepEqual([e.kind, e.code], ["api", 3900004]);
    assert.match(e.message, /carol不能操作该节点/);
    assert.deepEqual(await alice.operateNode(params), []);
    assert.equal((await itsmSaw("operate_node")).at(-1).body.operator, "alice");
  });

  test("approve through the gateway: a processor of the step may; bob is refused before sending", async () => {
    const sn = "REQ20261012000001";
    const before = (await itsmSaw("approve")).length;
    const e = await failure(bobGw.approve({ sn, state_id: 1103, action: "true", remark: "lgtm" }));
    // The proxy's engine checked the ticket's status it fetched itself: bob is no processor.
    assert.deepEqual([e.kind, e.code, e.status, e.reason], ["api", "VALIDATE_ERROR", 400, "invalid_parameters"]);
    assert.match(e.message, /"bob" is not one of the step's processors/);
    assert.equal((await itsmSaw("approve")).length, before, "ITSM never saw bob's approve");

    assert.deepEqual(await aliceGw.approve({ sn, state_id: 1103, action: "true", remark: "lgtm" }), []);
    const sent = (await itsmSaw("approve")).at(-1);
    assert.equal(sent.path, "/api/bk-itsm/prod/v2/itsm/approve/");
    assert.equal(sent.body.approver, "alice");
    const { logs } = await alice.getTicketLogs({ sn });
    assert.ok(logs.some((l) => l.operator === "alice" && /已处理/.test(l.message)), JSON.stringify(logs.slice(-3)));
    // Twice: the step has moved on, and the page's own client, which runs the same check
    // before it sends, refuses it without a request.
    const again = await failure(aliceGw.approve({ sn, state_id: 1103, action: "true", remark: "again" }));
    assert.deepEqual([again.kind, again.reason], ["validation", "not_current_step"]);
  });

  test("comment: anyone may rate a finished ticket once (ITSM checks no user); the second rating gets ITSM's 3900005", async () => {
    assert.deepEqual(await alice.commentTicket({ sn: "CRQ20261028000001", stars: 5, comments: "quick" }), []);
    assert.equal((await itsmSaw("comment_ticket")).at(-1).body.operator, "alice");
    const e = await failure(bob.commentTicket({ sn: "CRQ20261028000001", stars: 1 }));
    assert.deepEqual([e.kind, e.code], ["api", 3900005]);
    assert.match(e.message, /该单据已经被评论/);
    // Through the gateway (`comment`, which verifies the user): the cookie's login goes in its header.
    assert.deepEqual(await bobGw.commentTicket({ sn: "REQ20261013000001", stars: 4 }), []);
    const sent = (await itsmSaw("comment")).at(-1);
    assert.equal(sent.body.operator, "bob");
  });

  test("no answer or log line held a secret", () => assertNoSecrets());
});
