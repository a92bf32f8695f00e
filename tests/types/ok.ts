// A consumer that uses every export of bk-itsm-tickets the way the README shows. It must
// type-check under `tsc --strict` with the library's own .d.ts checked too (skipLibCheck off):
// tests/types/types.test.mjs and tests/consumers/typescript.test.mjs. It is never run.
//
// types.test.mjs also checks that this file imports every name the package exports, so a new
// export needs a use here.
import {
  ItsmCode,
  ItsmError,
  createClient,
  getAllTickets,
  getAllTicketsByUser,
  getTicketInfo,
  getTicketLogs,
  getTicketStatus,
  getTickets,
  getTicketsByUser,
  isItsmError,
  iterTickets,
  iterTicketsByUser,
  validate,
  validateParams,
  getServiceCatalogs,
  getServices,
  getServiceDetail,
  createTicket,
  operateTicket,
  operateNode,
  approve,
  commentTicket,
  validateTicketFields,
  waitForSteps,
  type ApproveOptions,
  type ApproveParams,
  type CommentTicketParams,
  type CreateTicketOptions,
  type CreateTicketParams,
  type CreatedTicket,
  type FormField,
  type FormFieldChoice,
  type FormFieldType,
  type OperateNodeParams,
  type OperateTicketParams,
  type Service,
  type ServiceCatalog,
  type ServiceCatalogsParams,
  type ServiceDetail,
  type ServiceDetailParams,
  type ServicesParams,
  type ShowCondition,
  type ShowConditions,
  type TicketFieldValue,
  type TicketFieldValues,
  type WaitOptions,
  type Client,
  type ClientConfig,
  type EndpointParams,
  type FetchLike,
  type Hooks,
  type ItsmReason,
  type TicketStatusKey,
  type GetTicketsParams,
  type ItsmApiError,
  type ItsmDecodeError,
  type ItsmErrorBase,
  type ItsmErrorKind,
  type ItsmHttpError,
  type ItsmTransportError,
  type ItsmValidationError,
  type IterateOptions,
  type Progress,
  type RequestOptions,
  type Ticket,
  type TicketField,
  type TicketInfo,
  type TicketInfoParams,
  type TicketPage,
  type TicketLog,
  type TicketLogs,
  type TicketLogsParams,
  type TicketOperation,
  type TicketStatus,
  type TicketStatusParams,
  type TicketStatusStep,
  type TicketStep,
  type TicketsByUserParams,
  type UserTicket,
  type UserTicketPage,
  type UserTicketStep,
  type ValidationIssue,
} from "bk-itsm-tickets";

// Exact type equality: false for `any`, and for a type wider or narrower than expected.
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type Checks = [
  Assert<Equals<ItsmErrorKind, "validation" | "api" | "http" | "network" | "timeout" | "aborted" | "decode">>,
  Assert<Equals<ItsmError["kind"], ItsmErrorKind>>,
  // Always there: the server's code, or the text of what it sent instead (tests/browser/hostile-server.test.js).
  Assert<Equals<ItsmApiError["code"], number | string>>,
  Assert<Equals<ItsmError["reason"], ItsmReason>>,
  Assert<Equals<ItsmError["userMessage"], string>>,
  Assert<Equals<ValidationIssue["reason"], ItsmReason>>,
  Assert<Equals<Ticket["current_status"], TicketStatusKey>>,
  Assert<Equals<typeof ItsmCode.ESB_AUTHENTICATION, 1306000>>,
  Assert<Equals<typeof ItsmCode.SERVER_ERROR, "SERVER_500_ERROR">>,
  Assert<Equals<ReturnType<typeof iterTickets>, AsyncGenerator<Ticket, void, undefined>>>,
  Assert<Equals<ReturnType<typeof getAllTicketsByUser>, Promise<UserTicket[]>>>,
  Assert<Equals<ReturnType<typeof iterTicketsByUser>, AsyncGenerator<UserTicket, void, undefined>>>,
  Assert<Equals<ReturnType<typeof getAllTickets>, Promise<Ticket[]>>>,
  Assert<Equals<EndpointParams["getTicketInfo"], TicketInfoParams>>,
  Assert<Equals<ItsmTransportError["kind"], "network" | "timeout" | "aborted">>,
  Assert<Equals<Ticket["end_at"], string | null>>,
  Assert<Equals<Ticket["creator"], string | null>>,
  Assert<Equals<Ticket["bk_biz_id"], number | null>>,
  Assert<Equals<Ticket["id"], number>>,
  Assert<Equals<TicketPage["items"], Ticket[]>>,
  Assert<Equals<TicketPage["next"], string | null>>,
  Assert<Equals<ReturnType<typeof getTickets>, Promise<TicketPage>>>,
  Assert<Equals<ReturnType<Client["getTickets"]>, Promise<TicketPage>>>,
  Assert<Equals<ReturnType<typeof validateParams>, ValidationIssue[]>>,
  Assert<Equals<ReturnType<typeof createClient>, Client>>,
  Assert<Equals<Parameters<typeof isItsmError>[0], unknown>>,
  Assert<Equals<NonNullable<ClientConfig["gateway"]>, "esb" | "apigw">>,
  Assert<Equals<NonNullable<ClientConfig["credentials"]>, "include" | "same-origin" | "omit">>,
  Assert<Equals<NonNullable<RequestOptions["signal"]>, AbortSignal>>,
  // A form gives strings: digits are accepted where an id or a number goes; blank is "not given".
  Assert<Equals<NonNullable<GetTicketsParams["service_id__in"]>, readonly (number | string)[]>>,
  Assert<Equals<GetTicketsParams["page_size"], number | string | null | undefined>>,
  Assert<Equals<ReturnType<Client["getAllTickets"]>, Promise<Ticket[]>>>,
  Assert<Equals<ReturnType<Client["iterTickets"]>, AsyncGenerator<Ticket, void, undefined>>>,
  Assert<Equals<Progress, { fetched: number; total: number }>>,
  // The read endpoints (issue 13), with the nullability the bk-itsm serializers give.
  Assert<Equals<ReturnType<typeof getTicketInfo>, Promise<TicketInfo>>>,
  Assert<Equals<ReturnType<Client["getTicketInfo"]>, Promise<TicketInfo>>>,
  Assert<Equals<TicketInfoParams["sn"], string>>,
  Assert<Equals<TicketInfo["end_at"], string | null>>,
  Assert<Equals<TicketInfo["creator"], string | null>>,
  Assert<Equals<TicketInfo["bk_biz_id"], number | null>>,
  Assert<Equals<TicketInfo["current_steps"], TicketStep[]>>,
  Assert<Equals<TicketInfo["fields"], TicketField[]>>,
  Assert<Equals<TicketInfo["request_id"], string | undefined>>,
  Assert<Equals<TicketStep["processors"], string>>,
  Assert<Equals<TicketField["desc"], string | null>>,
  Assert<Equals<TicketField["value"], unknown>>,
  Assert<Equals<TicketField["display_value"], unknown>>,
  Assert<Equals<TicketField["type"], string>>,
  Assert<Equals<ReturnType<typeof getTicketStatus>, Promise<TicketStatus>>>,
  Assert<Equals<ReturnType<Client["getTicketStatus"]>, Promise<TicketStatus>>>,
  Assert<Equals<TicketStatus["operations"], TicketOperation[]>>,
  Assert<Equals<TicketStatus["iframe_ticket_url"], string | undefined>>,
  Assert<Equals<TicketStatus["current_steps"], TicketStatusStep[]>>,
  Assert<Equals<TicketOperation["name"], string | null>>,
  Assert<Equals<TicketStatusStep["operations"], TicketOperation[]>>,
  Assert<Equals<TicketStatusStep["fields"], Record<string, unknown>[]>>,
  Assert<Equals<TicketStatusStep["state_id"], number>>,
  Assert<Equals<ReturnType<typeof getTicketLogs>, Promise<TicketLogs>>>,
  Assert<Equals<ReturnType<Client["getTicketLogs"]>, Promise<TicketLogs>>>,
  Assert<Equals<NonNullable<TicketLogsParams["show_type"]>, "simple" | "complex">>,
  Assert<Equals<TicketLogs["logs"], TicketLog[]>>,
  Assert<Equals<TicketLogs["creator"], string | null>>,
  Assert<Equals<TicketLog["operator"], string | null>>,
  Assert<Equals<TicketLog["form_data"], unknown>>,
  Assert<Equals<TicketLog["from_state_type"], string | undefined>>,
  Assert<Equals<ReturnType<typeof getTicketsByUser>, Promise<UserTicketPage>>>,
  Assert<Equals<ReturnType<Client["getTicketsByUser"]>, Promise<UserTicketPage>>>,
  Assert<Equals<ReturnType<Client["iterTicketsByUser"]>, AsyncGenerator<UserTicket, void, undefined>>>,
  Assert<Equals<TicketsByUserParams["view_type"], "my_todo" | "my_created" | "my_history" | "my_approval" | "my_attention" | "my_dealt">>,
  Assert<Equals<UserTicket["current_status"], TicketStatusKey>>,
  Assert<Equals<TicketsByUserParams["user"], string>>,
  Assert<Equals<UserTicketPage["items"], UserTicket[]>>,
  Assert<Equals<UserTicket["creator"], string | null>>,
  Assert<Equals<UserTicket["supervisor"], string | null>>,
  Assert<Equals<UserTicket["comment_id"], number | string | undefined>>,
  Assert<Equals<UserTicket["current_steps"], UserTicketStep[] | undefined>>,
  Assert<Equals<UserTicket["meta"], Record<string, unknown>>>,
  Assert<Equals<UserTicketStep["type"], string>>,
  // The catalogue and the writes.
  Assert<Equals<ReturnType<typeof getServiceCatalogs>, Promise<ServiceCatalog[]>>>,
  Assert<Equals<ServiceCatalog["children"], ServiceCatalog[]>>,
  Assert<Equals<ServiceCatalog["desc"], string | null>>,
  Assert<Equals<ReturnType<typeof getServices>, Promise<Service[]>>>,
  Assert<Equals<ReturnType<Client["getServiceDetail"]>, Promise<ServiceDetail>>>,
  Assert<Equals<ServiceDetail["fields"], FormField[]>>,
  Assert<Equals<ServiceDetail["desc"], string | null>>,
  Assert<Equals<FormField["type"], FormFieldType>>,
  Assert<Equals<FormField["validate_type"], "REQUIRE" | "OPTION">>,
  Assert<Equals<FormField["choice"], FormFieldChoice[]>>,
  Assert<Equals<FormField["show_conditions"], ShowConditions | null>>,
  Assert<Equals<FormField["api_info"], Record<string, unknown> | undefined>>,
  Assert<Equals<NonNullable<ShowConditions["expressions"]>, ShowCondition[]>>,
  Assert<Equals<ServiceDetailParams["service_id"], number | string>>,
  Assert<Equals<ReturnType<typeof createTicket>, Promise<CreatedTicket>>>,
  Assert<Equals<ReturnType<Client["createTicket"]>, Promise<CreatedTicket>>>,
  Assert<Equals<CreatedTicket["sn"], string>>,
  Assert<Equals<CreatedTicket["id"], number>>,
  Assert<Equals<CreateTicketParams["fields"], TicketFieldValues>>,
  Assert<Equals<CreateTicketOptions["service"], ServiceDetail | undefined>>,
  Assert<Equals<OperateTicketParams["action_type"], "WITHDRAW" | "SUSPEND" | "UNSUSPEND" | "TERMINATE">>,
  Assert<Equals<OperateNodeParams["action_type"], "TRANSITION" | "CLAIM" | "DISTRIBUTE" | "DELIVER" | "TERMINATE">>,
  Assert<Equals<ApproveParams["action"], "true" | "false">>,
  Assert<Equals<ApproveParams["state_id"], number | string>>,
  Assert<Equals<ApproveOptions["status"], TicketStatus | undefined>>,
  Assert<Equals<CommentTicketParams["stars"], number | string>>,
  Assert<Equals<ReturnType<typeof operateTicket>, Promise<unknown[]>>>,
  Assert<Equals<ReturnType<Client["approve"]>, Promise<unknown[]>>>,
  Assert<Equals<ReturnType<typeof waitForSteps>, Promise<TicketStatus>>>,
  Assert<Equals<ReturnType<Client["waitForSteps"]>, Promise<TicketStatus>>>,
  Assert<Equals<WaitOptions, { signal?: AbortSignal | undefined; waitMs?: number | undefined }>>,
  Assert<Equals<ReturnType<typeof validateTicketFields>, ValidationIssue[]>>,
  Assert<Equals<ReturnType<Client["validateTicketFields"]>, ValidationIssue[]>>,
  Assert<Equals<ItsmErrorBase["sent"], false | "maybe" | undefined>>,
  Assert<Equals<EndpointParams["approve"], ApproveParams>>,
  Assert<Equals<EndpointParams["createTicket"], CreateTicketParams>>,
];

// Every parameter, with the README's example values.
const params: GetTicketsParams = {
  sns: ["REQ20240101000001"],
  creator: "admin",
  create_at__gte: "2024-01-01 00:00:00",
  create_at__lte: "2024-12-31 23:59:59",
  end_at__gte: "2024-06-01 00:00:00",
  end_at__lte: "2024-06-30 23:59:59",
  current_status__in: ["RUNNING", "FINISHED"],
  service_id__in: [1, 2],
  bk_biz_id__in: [-1, 3],
  page: 1,
  page_size: "50",
  username: "admin",
  tag: "ops",
  project_key: "0",
  bk_app_code: "portal",
  bk_username: "admin",
};

// Every configuration field, and every option.
const config: ClientConfig = {
  baseUrl: "/itsm-proxy",
  gateway: "apigw",
  apigwName: "bk-itsm",
  stage: "prod",
  headers: { "X-Bk-Tenant-Id": "default" },
  bk_app_code: "portal",
  bk_token: "token-from-the-login-cookie",
  credentials: "same-origin",
  timeoutMs: 10_000,
  retries: 3,
};
const controller = new AbortController();
const options: RequestOptions = {
  signal: controller.signal,
  timeoutMs: 5_000,
  retries: 0,
  headers: { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
};

const client: Client = createClient(config);
const page: TicketPage = await client.getTickets(params, options);
const again: TicketPage = await getTickets({ page: page.page + 1, page_size: 50 });
// Every parameter is optional, so is the object: the runtime takes nothing as "no filters".
const first: TicketPage = await getTickets();
const capped: Ticket[] = await client.getAllTickets(undefined, { maxItems: 100, headers: { "X-Bk-Tenant-Id": "default" } });
for await (const t of client.iterTickets()) void t;
// A form's empty fields, passed as they are: undefined is "not given", in the types too (also
// under exactOptionalPropertyTypes).
const form: { page?: number | undefined; creator?: string | undefined } = {};
await getTickets({ page: form.page, creator: form.creator }, { timeoutMs: undefined, signal: undefined });
createClient({ baseUrl: undefined, retries: undefined });
await client.getAllTickets({ page_size: undefined }, { onProgress: undefined, maxItems: undefined });

function row(t: Ticket): string {
  const ended: string = t.end_at ?? "open";
  const by: string = t.creator ?? "(unknown)";
  const biz: number = t.bk_biz_id ?? -1;
  const iframe: string | undefined = t.iframe_ticket_url;
  return [t.id, t.sn, t.title, t.current_status, t.service_type, t.create_at, ended, by, biz, iframe].join(" ");
}
const lines: string[] = [...page.items, ...again.items].map(row);
const hasMore: boolean = page.page < page.total_page;
const requestId: string | undefined = page.request_id;
const total: number = page.count;

// Every ticket, page after page: a loop that may stop early, and an array.
const walk: IterateOptions = {
  signal: controller.signal,
  timeoutMs: 20_000,
  retries: 5,
  maxItems: 5_000,
  concurrency: 4,
  onProgress: (p: Progress) => console.log(`${p.fetched} / ${p.total}`),
};
for await (const t of client.iterTickets({ current_status__in: ["RUNNING"], page_size: 500 }, walk)) {
  if (t.sn === "REQ20240101000001") break;
}
const everything: Ticket[] = await client.getAllTickets({ creator: "admin" }, { maxItems: 1_000 });

// A form that validates as the user types.
const issues: ValidationIssue[] = validateParams({ page_size: 20 });
const messages: string[] = issues.map((i) => `${i.field}: ${i.message}`);

// Narrowing on `kind`, exhaustively.
function explain(e: unknown): string {
  if (!isItsmError(e)) return String(e);
  const err: ItsmError = e;
  const base: ItsmErrorBase = err;
  const common = `${base.name} ${base.message} attempts=${base.attempts} ${base.url ?? ""} ${base.status ?? ""} ${base.requestId ?? ""}`;
  const asError: Error = err;
  switch (err.kind) {
    case "validation": {
      const v: ItsmValidationError = err;
      return `${common} ${v.field}: ${v.issues.map((i) => i.message).join("; ")}`;
    }
    case "api": {
      const a: ItsmApiError = err;
      const code: number | string | undefined = a.code;
      return `${common} code ${code ?? "none"}`;
    }
    case "http": {
      const h: ItsmHttpError = err;
      return `${common} HTTP ${h.status ?? "?"} ${asError.stack ?? ""}`;
    }
    case "network":
    case "timeout":
    case "aborted": {
      const t: ItsmTransportError = err;
      return `${common} ${t.kind}`;
    }
    case "decode": {
      const d: ItsmDecodeError = err;
      return `${common} ${d.message}`;
    }
    default: {
      const unreachable: never = err;
      return unreachable;
    }
  }
}

try {
  await getTickets({ page_size: 10_000 }, { timeoutMs: 0 });
} catch (e) {
  console.log(explain(e));
}
// A ticket's detail: its form fields with their display values, where it stands.
const info: TicketInfo = await client.getTicketInfo({ sn: "REQ20240101000001" }, { timeoutMs: 10_000 });
const detail: TicketInfo = await getTicketInfo({ sn: info.sn, bk_token: undefined });
const shown: string[] = detail.fields.map((f: TicketField) =>
  `${f.name} (${f.type}): ${typeof f.display_value === "string" ? f.display_value : JSON.stringify(f.display_value)}${f.desc ?? ""}`);
const at: string[] = info.current_steps.map((s: TicketStep) => `${s.name} ${s.state_id} ${s.status} ${s.processors}`);
const status: TicketStatus = await getTicketStatus({ sn: info.sn } satisfies TicketStatusParams);
const can: string[] = status.operations.filter((o: TicketOperation) => o.can_operate).map((o) => o.name ?? o.key);
const steps: string[] = status.current_steps.map((s: TicketStatusStep) =>
  `${s.name}: ${s.operations.map((o) => o.name ?? o.key).join("/")} (${s.fields.length} fields)`);
console.log(can, steps, status.is_commented, await client.getTicketStatus({ sn: "REQ1" }, { retries: 1 }));
const timeline: TicketLogs = await client.getTicketLogs({ sn: info.sn, show_type: "complex" });
const simpleLog: TicketLogs = await getTicketLogs({ sn: info.sn });
const entries: string[] = [...timeline.logs, ...simpleLog.logs].map((e: TicketLog) =>
  `${e.operate_at} ${e.operator ?? "?"} ${e.source}: ${e.message} ${e.from_state_type ?? ""}`);
const showType: TicketLogsParams["show_type"] = undefined;
console.log(entries, await getTicketLogs({ sn: "REQ1", show_type: showType }));
// A user's lists, through the API gateway.
const gw: Client = createClient({ gateway: "apigw", bk_app_code: "app", bk_app_secret: undefined });
const todo: UserTicketPage = await gw.getTicketsByUser({ user: "admin", view_type: "my_todo", page: 1, page_size: 20 });
const byUser: TicketsByUserParams = { user: "admin", view_type: "my_approval", service_id: "3", create_at__gte: undefined };
const mine: UserTicketPage = await getTicketsByUser(byUser, { timeoutMs: 5_000 });
for await (const t of gw.iterTicketsByUser({ user: "alice", view_type: "my_created" }, { maxItems: 50 })) {
  const steps: string = (t.current_steps ?? []).map((s: UserTicketStep) => `${s.name} ${s.type}`).join(", ");
  console.log(t.sn, t.title, t.service_name ?? t.service_type, t.current_status_display ?? t.current_status, steps);
}
console.log(todo.items.length, todo.total_page, mine.request_id);
const infoParams: TicketInfoParams = { sn: "REQ20240101000001" };
console.log(shown, at, infoParams, info.end_at ?? "open", info.creator ?? "?", info.bk_biz_id ?? -1);

console.log(lines, hasMore, requestId, total, messages, everything.length, first.page, capped.length);

// A form's raw strings pass as they are; the module functions have the walks too.
const formParams: GetTicketsParams = { page_size: String(20), creator: "", create_at__gte: null };
for await (const t of iterTickets(formParams, { maxItems: 3 })) console.log(t.sn);
console.log((await getAllTickets({ creator: "admin" })).length);
for await (const t of iterTicketsByUser({ user: "admin", view_type: "my_todo" })) console.log(t.sn);
console.log((await getAllTicketsByUser({ user: "admin", view_type: "my_todo" })).length);
const infoIssues: ValidationIssue[] = validate("getTicketInfo", { sn: "" });
for (const i of infoIssues) console.log(i.field, i.reason, i.userMessage, i.message);
// The error value: instanceof works across copies of the package; codes by name.
try {
  await getTicketInfo({ sn: "REQ1" });
} catch (e) {
  if (e instanceof ItsmError && e.kind === "api" && e.code === ItsmCode.ESB_AUTHENTICATION) console.log("sign in again", e.userMessage);
}
const running: TicketStatusKey = "RUNNING";
const custom: TicketStatusKey = "0123456789abcdef0123456789abcdef";
const mock: FetchLike = async (url, init) => ({ url, init });
const hooks: Hooks = { beforeRequest: [], afterResponse: [], beforeError: [] };
const zh = createClient({ baseUrl: "/itsm", locale: "zh-CN", user: "admin", fetch: mock, hooks });
const reason: ItsmReason = "timeout";
console.log(running, custom, zh.validate("getTickets", {}), reason);

// ---- The service catalogue and a ticket's lifecycle.
const tree: ServiceCatalog[] = await getServiceCatalogs({ has_service: true, project_key: "0" } satisfies ServiceCatalogsParams);
const catalogueNames: string[] = tree.flatMap((c) => [c.name, ...c.children.map((x) => `${x.name} (${x.level})${x.desc ?? ""}`)]);
const services: Service[] = await client.getServices({ catalog_id: tree[0]?.id, service_type: "request" } satisfies ServicesParams);
const chosen: ServiceDetail = await getServiceDetail({ service_id: services[0]?.id ?? 13 });
const labels: string[] = chosen.fields.map((f: FormField) => {
  const kind: FormFieldType = f.type;
  const choices: string = f.choice.map((c: FormFieldChoice) => `${c.key ?? ""}=${c.name ?? ""}${c.required ? "*" : ""}`).join(",");
  const hiddenWhen: string = (f.show_conditions?.expressions ?? []).map((e: ShowCondition) => `${e.key}${e.condition}${String(e.value)}`).join(" ");
  return `${f.name} ${kind} ${f.validate_type} ${f.regex} ${choices} ${hiddenWhen} ${f.desc ?? ""} ${f.custom_regex ?? ""}`;
});
console.log(catalogueNames, labels, chosen.request_id);

// A form's values as the user types: an object by key (strings, numbers, arrays, a table's rows)…
const values: TicketFieldValues = {
  title: "扩容",
  quantity: 2,
  env: "prod",
  modules: ["web", "db"],
  servers: [{ host: "web-1", ip: "10.0.0.1" }],
  rollback_plan: null,
  note: undefined,
};
const formState: Record<string, string | undefined> = { title: "t" };
const typed: ValidationIssue[] = validateTicketFields(chosen, values);
const typedAgain: ValidationIssue[] = client.validateTicketFields(chosen, formState);
// …or a list of { key, value }.
const listed: TicketFieldValues = [{ key: "title", value: "t" }, { key: "urgency", value: null }];
const one: TicketFieldValue = ["a", "b"];
console.log(typed.map((i) => `${i.field}: ${i.userMessage}`), typedAgain, listed, one);

const createParams: CreateTicketParams = {
  service_id: chosen.service_id,
  fields: values,
  meta: { state_processors: { "7103": "admin,alice" } },
  attention: true,
  tag: "ops",
  dynamic_fields: [{ name: "来源", type: "STRING", value: "portal" }],
  from_ticket_id: "42",
  creator: undefined,
};
const createOptions: CreateTicketOptions = { service: chosen, timeoutMs: 10_000, signal: controller.signal };
const created: CreatedTicket = await createTicket(createParams, createOptions);
const alsoCreated: CreatedTicket = await client.createTicket({ service_id: "13", fields: listed });
console.log(created.sn, created.id, created.ticket_url, created.request_id ?? "", alsoCreated.sn);

// Waiting for the flow, then acting on it.
const waitOptions: WaitOptions = { waitMs: 20_000, signal: controller.signal };
const standing: TicketStatus = await waitForSteps(created.sn, waitOptions);
const stillStanding: TicketStatus = await client.waitForSteps(created.sn);
const approval = standing.current_steps[0];
if (approval) {
  const approveParams: ApproveParams = { sn: created.sn, state_id: approval.state_id, action: "true", remark: "同意" };
  const approveOptions: ApproveOptions = { status: stillStanding, timeoutMs: 5_000 };
  const answer: unknown[] = await approve(approveParams, approveOptions);
  await gw.approve({ sn: created.sn, state_id: String(approval.state_id), action: "false", approver: undefined });
  console.log(answer.length);
}
const operate: OperateTicketParams = { sn: created.sn, action_type: "SUSPEND", action_message: "维护窗口" };
await operateTicket(operate);
await client.operateTicket({ sn: created.sn, action_type: "WITHDRAW", action_message: "提错了", operator: "admin" }, { signal: controller.signal });
const deliver: OperateNodeParams = {
  sn: created.sn,
  state_id: 7104,
  action_type: "DELIVER",
  processors_type: "PERSON",
  processors: ["bob"],
  action_message: "交给 bob",
};
await operateNode(deliver);
await client.operateNode({ sn: created.sn, state_id: "7104", action_type: "TRANSITION", fields: { implement_result: "done", count: 3, hosts: ["a", "b"] } });
await client.operateNode({ sn: created.sn, state_id: 7603, action_type: "CLAIM", processors_type: "PERSON", processors: "alice" });
const rating: CommentTicketParams = { sn: created.sn, stars: 5, comments: "很快" };
await commentTicket(rating);
await client.commentTicket({ sn: created.sn, stars: "4", operator: undefined });

// A write that failed: did it reach the server?
try {
  await createTicket(createParams);
} catch (e) {
  if (isItsmError(e)) {
    const sent: false | "maybe" | undefined = e.sent;
    if (sent === "maybe") console.log("look before submitting again");
    if (e.kind === "validation") for (const i of e.issues) console.log(i.field, i.reason === "not_a_choice", i.userMessage);
  }
}
const checked: ValidationIssue[] = validate("createTicket", { service_id: 13, fields: { title: "t" } });
const checkedApprove: ValidationIssue[] = client.validate("approve", { sn: "REQ1", action: "true" });
const formReason: ItsmReason = "not_the_user";
console.log(checked, checkedApprove, formReason);
