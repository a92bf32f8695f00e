// A strict consumer of bk-itsm-tickets/proxy: every option, both handlers, the log entry. Node's
// request and response are declared here as @types/node declares them (IncomingMessage,
// ServerResponse: the members the proxy reads, with their overloads), so the proxy's structural
// types are checked against Node's real shapes without @types/node installed.
import { createItsmProxy } from "bk-itsm-tickets/proxy";
import type { ItsmDoor, ItsmEndpointName, ItsmProxy, ItsmProxyCode, ItsmProxyKoaContext, ItsmProxyLogEntry, ItsmProxyOptions, ItsmProxyRequest } from "bk-itsm-tickets/proxy";

type Dict<T> = { [key: string]: T | undefined };
interface IncomingHttpHeaders extends Dict<string | string[]> {
  host?: string | undefined;
  cookie?: string | undefined;
  "set-cookie"?: string[] | undefined;
}
declare class IncomingMessage {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
  readonly readableEnded: boolean;
  on(event: "data", listener: (chunk: any) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  [Symbol.asyncIterator](): AsyncIterableIterator<any>;
}
type OutgoingHttpHeaders = Dict<number | string | string[]>;
declare class ServerResponse {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly writableFinished: boolean;
  readonly destroyed: boolean;
  writeHead(statusCode: number, statusMessage?: string, headers?: OutgoingHttpHeaders): this;
  writeHead(statusCode: number, headers?: OutgoingHttpHeaders): this;
  end(cb?: () => void): this;
  end(chunk: any, cb?: () => void): this;
  on(event: "close", listener: () => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  removeListener(event: "close", listener: () => void): this;
  removeListener(event: string | symbol, listener: (...args: any[]) => void): this;
}
/** Express's request: Node's, with what Express adds. */
interface ExpressRequest extends IncomingMessage {
  originalUrl: string;
  body: unknown;
}

const seen: ItsmProxyLogEntry[] = [];
const doors: readonly ItsmDoor[] = ["esb", "apigw"];
const allow: readonly ItsmEndpointName[] = ["get_tickets", "getTicketInfo", "comment", "comment_ticket", "createTicket", "approve"];
const options: ItsmProxyOptions = {
  target: "https://paas.example.com",
  gateway: doors,
  apigwName: "bk-itsm",
  stage: "prod",
  bk_app_code: "portal",
  bk_app_secret: "secret",
  verifyUser: async (token: string, request: ItsmProxyRequest) => (token.length > 0 && request !== undefined ? "alice" : null),
  allow,
  maxBodyBytes: 65536,
  cacheMs: 30_000,
  cacheSize: 1000,
  allowedOrigins: ["https://portal.example.com"],
  logger: (entry) => {
    seen.push(entry);
    const status: number | undefined = entry.status;
    const code: number | string | undefined = entry.code;
    const write: boolean | undefined = entry.write;
    console.log(entry.level, entry.event, entry.method, entry.path, entry.ms, status, code, write, entry.user, entry.endpoint, entry.detail, entry.keys);
  },
  fetch: (url, init) => fetch(url, init),
  timeoutMs: 10_000,
  headers: { "X-Bk-Tenant-Id": "default" },
};
const itsm: ItsmProxy = createItsmProxy(options);
createItsmProxy({ target: "https://paas.example.com", bk_app_code: "a", bk_app_secret: "s", verifyUser: "esb", gateway: "apigw" });
createItsmProxy({ target: "https://paas.example.com", bk_app_code: "a", bk_app_secret: "s", verifyUser: () => undefined });

declare const req: IncomingMessage;
declare const res: ServerResponse;
declare const expressReq: ExpressRequest;
// Node's http server, Express, Koa.
export async function node(): Promise<void> {
  await itsm.handle(req, res);
  await itsm.handle(expressReq, res);
  const ctx: ItsmProxyKoaContext = { req, res, respond: true };
  await itsm.handle(ctx);
}
// A fetch-style server (a Next.js route handler).
export const POST = (request: Request): Promise<Response> => itsm.fetch(request);
export const codes: ItsmProxyCode[] = [1306000, "PROXY_CROSS_SITE", "VALIDATE_ERROR", 1650401];
