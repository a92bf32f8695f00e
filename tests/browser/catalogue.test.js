// The service catalogue: getServiceCatalogs (the tree and its filters), getServices (enabled
// services, by catalogue and type), getServiceDetail (a service's form, typed fields), through
// either door, their parameter rules refused before sending, and the server's 3900404 for a
// missing or disabled service. Expectations: tests/server/WRITE-ENDPOINTS.md §2.
import { ItsmCode, getServiceDetail, getServices } from "/pkg/index.js";
import { test, assert } from "./lib/test.js";
import { APP, AUTH, client, rejects, serverLog } from "./lib/itsm.js";
import { requests } from "./lib/writes.js";

const esb = (base) => client(base, AUTH);
const gateway = (base) => client(base, { gateway: "apigw", ...APP });

/** The members get_service_detail serves for a field, in its order (api_info only for API). */
const FIELD_MEMBERS = [
  "id", "key", "type", "default", "name", "desc", "choice", "layout", "source_type", "source_uri", "api_instance_id",
  "kv_relation", "validate_type", "regex", "regex_config", "custom_regex", "meta", "show_type", "show_conditions",
];
const ALL_TYPES = [
  "STRING", "TEXT", "INT", "DATE", "DATETIME", "DATETIMERANGE", "TABLE", "SELECT", "INPUTSELECT", "MULTISELECT", "CHECKBOX",
  "RADIO", "MEMBER", "MEMBERS", "RICHTEXT", "FILE", "CUSTOMTABLE", "TREESELECT", "LINK", "CUSTOM-FORM", "CASCADE",
];

// ---- getServiceCatalogs

test("the catalogue tree: the default project's root, children newest first, a GET through ESB", async () => {
  const tree = await esb("/__/tag=cat-tree").getServiceCatalogs();
  assert.ok(Array.isArray(tree));
  assert.equal(tree.length, 1, "one root in the default project");
  const [root] = tree;
  assert.deepEqual(Object.keys(root), ["id", "key", "name", "level", "desc", "children"]);
  assert.deepEqual([root.id, root.key, root.level], [1, "root", 0]);
  assert.deepEqual(
    root.children.map((c) => c.id),
    [10, 9, 7, 8, 2, 12],
    "newest first, the deleted catalogue absent",
  );
  const it = root.children.find((c) => c.id === 2);
  assert.deepEqual(
    it.children.map((c) => [c.id, c.level]),
    [[4, 2], [3, 2]],
  );
  assert.equal(it.children[0].desc, null, "desc may be null");
  const log = await requests("cat-tree");
  assert.deepEqual(log.map((r) => `${r.method} ${r.endpoint}`), ["GET get_service_catalogs"]);
  assert.deepEqual(log[0].query, {}, "no parameter given, none sent");
});

test("catalogue filters: project_key, name, has_service (sent as true), service_key; the gateway answers the same", async () => {
  const c = esb("/__/tag=cat-filter");
  assert.deepEqual((await c.getServiceCatalogs({ project_key: "devops" })).map((x) => x.id), [13]);
  assert.deepEqual(
    (await c.getServiceCatalogs({ name: "IT 服务" })).map((x) => [x.id, x.children.length]),
    [[2, 2]],
  );
  const bound = await c.getServiceCatalogs({ has_service: true });
  assert.ok(!bound[0].children.some((x) => x.id === 13), "another project's catalogue is not bound here");
  const events = await c.getServiceCatalogs({ service_key: "event" });
  assert.deepEqual(events[0].children.map((x) => x.id), [8], "only the ancestors of event services");
  assert.deepEqual(await c.getServiceCatalogs({ service_key: "nothing" }), []);
  const log = await requests("cat-filter");
  assert.equal(log[2].query.has_service, "true");
  assert.equal(log[1].query.name, "IT 服务");
  const viaGateway = await gateway("/__/tag=cat-gw").getServiceCatalogs({ project_key: "devops" });
  assert.deepEqual(viaGateway.map((x) => x.id), [13]);
  const [gw] = await serverLog("cat-gw");
  assert.equal(gw.method, "GET");
  assert.match(gw.path, /^\/api\/bk-itsm\/prod\/v2\/itsm\/get_service_catalogs\/$/);
});

test("catalogue parameter rules are checked before sending", async () => {
  const c = esb("/__/tag=cat-bad");
  for (const [params, field, reason] of [
    [{ has_service: "true" }, "has_service", "wrong_type"],
    [{ project_key: 0 }, "project_key", "wrong_type"],
    [{ service_key: ["event"] }, "service_key", "wrong_type"],
    [{ catalog: 1 }, "catalog", "unknown_key"],
  ]) {
    const e = await rejects(c.getServiceCatalogs(params));
    assert.deepEqual([e.kind, e.field, e.reason, e.attempts], ["validation", field, reason, 0], JSON.stringify(params));
  }
  assert.deepEqual(await serverLog("cat-bad"), []);
});

// ---- getServices

test("getServices: enabled services only, the invisible and uncatalogued ones listed, filters by catalogue and type", async () => {
  const c = esb("/__/tag=svc-list");
  const all = await c.getServices();
  assert.deepEqual(Object.keys(all[0]), ["id", "name", "service_type", "desc"]);
  const ids = all.map((s) => s.id);
  assert.ok(!ids.includes(14), "the disabled service is not listed");
  for (const id of [13, 15, 16, 17, 18, 19]) assert.includes(ids, id);
  assert.deepEqual((await c.getServices({ catalog_id: 3 })).map((s) => s.id), [1, 2, 17]);
  assert.deepEqual((await c.getServices({ catalog_id: "3" })).map((s) => s.id), [1, 2, 17], "digits accepted");
  assert.deepEqual(await c.getServices({ catalog_id: 2 }), [], "a parent catalogue's children are not its own");
  assert.deepEqual((await c.getServices({ service_type: "change" })).map((s) => s.id), [5, 6]);
  assert.deepEqual((await c.getServices({ display_type: "INVISIBLE" })).map((s) => s.id), [16]);
  const log = await requests("svc-list");
  assert.equal(log[2].query.catalog_id, "3", "a string of digits is sent as the number");
  const viaGateway = await gateway("/__/tag=svc-gw").getServices({ catalog_id: 3 });
  assert.deepEqual(viaGateway.map((s) => s.id), [1, 2, 17]);
});

test("getServices: a catalogue id that is not a positive integer is refused before sending, by the module function too", async () => {
  const c = esb("/__/tag=svc-bad");
  for (const [value, reason] of [["x", "not_integer"], [0, "out_of_range"], [1.5, "not_integer"], [true, "wrong_type"]]) {
    const e = await rejects(c.getServices({ catalog_id: value }));
    assert.deepEqual([e.kind, e.field, e.reason], ["validation", "catalog_id", reason], String(value));
  }
  assert.deepEqual(await serverLog("svc-bad"), []);
  const e = await rejects(getServices({ catalog_id: "x" }));
  assert.deepEqual([e.kind, e.field], ["validation", "catalog_id"]);
});

// ---- getServiceDetail

test("getServiceDetail: service 13's form, every field type with the serializer's members", async () => {
  const d = await esb("/__/tag=detail").getServiceDetail({ service_id: 13 });
  assert.deepEqual(Object.keys(d), ["service_id", "workflow_id", "name", "service_type", "desc", "fields", "request_id"]);
  assert.deepEqual([d.service_id, d.workflow_id, d.service_type], [13, 71, "request"]);
  assert.equal(d.request_id.length, 32, "ESB's request id, as on every object result");
  const types = new Set(d.fields.map((f) => f.type));
  for (const t of ALL_TYPES) assert.ok(types.has(t), `a ${t} field`);
  for (const f of d.fields) {
    const want = f.source_type === "API" ? [...FIELD_MEMBERS.slice(0, 11), "api_info", ...FIELD_MEMBERS.slice(11)] : FIELD_MEMBERS;
    assert.deepEqual(Object.keys(f), want, f.key);
    assert.equal(typeof f.default, "string", `${f.key}.default`);
    assert.equal(typeof f.show_type, "number", `${f.key}.show_type`);
  }
  const byKey = Object.fromEntries(d.fields.map((f) => [f.key, f]));
  assert.equal(byKey.description.desc, null, "desc may be null");
  assert.deepEqual(byKey.region.choice, [], "a dictionary's choices are the server's");
  assert.deepEqual(
    byKey.env.choice.map((c) => c.key),
    ["prod", "test", "dev"],
  );
  assert.equal(byKey.servers.choice.find((c) => c.key === "ip").required, true, "a TABLE's columns, required ones marked");
  assert.equal(byKey.rollback_plan.show_type, 0);
  assert.deepEqual(byKey.rollback_plan.show_conditions.expressions[0], { key: "env", condition: "!=", value: "prod", type: "SELECT" });
  assert.equal(byKey.obsolete, undefined, "a field switched off is not served");
  const [seen] = await requests("detail");
  assert.deepEqual([seen.method, seen.endpoint, seen.query.service_id], ["GET", "get_service_detail", "13"]);
});

test("getServiceDetail: the gateway gives the same form; a missing or disabled service is api 3900404", async () => {
  const viaEsb = await esb("").getServiceDetail({ service_id: "13" });
  const viaGateway = await gateway("").getServiceDetail({ service_id: 13 });
  assert.deepEqual(viaGateway.fields, viaEsb.fields);
  assert.equal(viaGateway.request_id.length, 36, "the gateway's X-Bkapi-Request-ID (a uuid)");
  for (const [c, id] of [[esb(""), 14], [esb(""), 999], [gateway(""), 14]]) {
    const e = await rejects(c.getServiceDetail({ service_id: id }));
    assert.deepEqual([e.kind, e.code, e.reason], ["api", ItsmCode.OBJECT_NOT_FOUND, "not_found"], `service ${id}`);
    assert.equal(e.attempts, 1);
    assert.equal(e.sent, undefined, "a read says nothing of `sent`");
  }
});

test("getServiceDetail: service_id is required and a positive integer, checked before sending", async () => {
  const c = esb("/__/tag=detail-bad");
  for (const [params, reason] of [[{}, "required"], [undefined, "required"], [{ service_id: "x" }, "not_integer"], [{ service_id: -1 }, "out_of_range"]]) {
    const e = await rejects(c.getServiceDetail(params));
    assert.deepEqual([e.kind, e.field, e.reason, e.attempts], ["validation", "service_id", reason, 0], JSON.stringify(params));
  }
  assert.deepEqual(await serverLog("detail-bad"), []);
  const e = await rejects(getServiceDetail({}));
  assert.deepEqual([e.kind, e.field], ["validation", "service_id"], "the module function checks as well");
});
