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
