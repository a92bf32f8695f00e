// The types of `bk-itsm-tickets/proxy` (proxy.js, proxy.cjs): the same-origin handler a portal's
// server mounts so that its pages call ITSM holding no secret. Written by hand from
// src/js/proxy/; the endpoint names are filled in by scripts/gen/proxy.mjs from the crate's
// descriptions. Structural types only (no @types/node needed): Node's IncomingMessage and
// ServerResponse, Express's and Koa's objects fit them.

/** An endpoint the proxy can forward, by its ESB name, its gateway name or its function's name. Nothing else can be allowed: an endpoint the package does not describe (proceed_approval, edit_field, add_follower, the admin APIs) is never forwarded. */
export type ItsmEndpointName = /* @generated ItsmEndpointName */ never;

/** A BlueKing front door: ESB (`/api/c/compapi/v2/itsm/<name>/`) or the API gateway (`/api/<apigwName>/<stage>/v2/itsm/<name>/`). */
export type ItsmDoor = "esb" | "apigw";

/** A Node request as the proxy reads it: Node's `IncomingMessage`, Express's `req`, Koa's `ctx.req`. */
export interface ItsmProxyNodeRequest extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: { readonly [name: string]: string | readonly string[] | undefined };
  /** `true` once the body has been read (by a body parser mounted before the proxy). */
  readonly readableEnded?: boolean | undefined;
  /** What a body parser mounted before the proxy made of the body (Express's `express.json()`), used when the stream was read already. */
  readonly body?: unknown;
}

/** A Node response as the proxy writes it: Node's `ServerResponse`, Express's `res`, Koa's `ctx.res`. */
export interface ItsmProxyNodeResponse {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly writableFinished: boolean;
  readonly destroyed: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
  on(event: "close", listener: () => void): unknown;
  removeListener(event: "close", listener: () => void): unknown;
}

/** A Koa context: the proxy answers through `ctx.res` and sets `ctx.respond = false`. */
export interface ItsmProxyKoaContext {
  readonly req: ItsmProxyNodeRequest;
  readonly res: ItsmProxyNodeResponse;
  respond?: boolean | undefined;
}

/** The request `verifyUser` is handed: the Node request (`handle`) or the fetch `Request` (`fetch`). */
export type ItsmProxyRequest = ItsmProxyNodeRequest | Request;

/** The portal's own login check: the user name the `bk_token` belongs to, or `null` (not a valid login: 401). A throw or a rejection answers 502 (the check could not be made). */
export type ItsmVerifyUser = (bk_token: string, request: ItsmProxyRequest) => string | null | undefined | Promise<string | null | undefined>;

/** A `fetch` of the proxy's own (tests): called as the global one is. */
export type ItsmProxyFetch = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  redirect: "manual";
  signal: AbortSignal;
}) => Promise<Response>;

/** What the proxy tells its logger: one entry per request (more when it strips members or checks a login). No entry holds `bk_app_secret` or a `bk_token` value, nor the query string. */
export interface ItsmProxyLogEntry {
  readonly level: "info" | "warn" | "error";
  /** `forwarded` (ITSM answered), `refused` (the proxy or the engine said no), `failed` (ITSM or the login could not be reached, or the proxy failed), `login` (why a login was refused or could not be checked), `stripped` (members the page sent that the proxy sets). */
  readonly event: "forwarded" | "refused" | "failed" | "login" | "stripped";
  readonly method: string;
  /** The request's path, without its query string. */
  readonly path: string;
  /** The endpoint's name, once known. */
  readonly endpoint?: string;
  /** Whether the endpoint writes (the lifecycle writes), once known: what an audit log keeps. */
  readonly write?: boolean;
  /** The verified user, once known. */
  readonly user?: string;
  /** The HTTP status answered. */
  readonly status?: number;
  /** The answer's code, when it is a refusal. */
  readonly code?: number | string;
  /** The refusal's message. */
  readonly message?: string;
  /** What a login check, the engine or ITSM said. */
  readonly detail?: string;
  /** The members removed from the page's parameters, comma-separated (event `stripped`). */
  readonly keys?: string;
  /** Milliseconds since the request arrived. */
  readonly ms: number;
}

/** The options of {@link createItsmProxy}. */
export interface ItsmProxyOptions {
  /** Where the doors are: ESB's or the gateway's origin and optional path, e.g. `"https://paas.example.com"`. */
  target: string;
  /** Where ESB's `bk_login/get_user` is for `verifyUser: "esb"`, when not at `target` (a gateway's host is not ESB's), e.g. `"https://paas.example.com"`. */
  loginTarget?: string | undefined;
  /** The door(s) the proxy forwards through (default `"esb"`): the page's client must use the same one. With both, each request goes through the door of its path. */
  gateway?: ItsmDoor | readonly ItsmDoor[] | undefined;
  /** The API gateway's name (default `"bk-itsm"`); only with `gateway: "apigw"`. */
  apigwName?: string | undefined;
  /** The API gateway's stage (default `"prod"`); only with `gateway: "apigw"`. */
  stage?: string | undefined;
  /** The app's code: sent by the proxy only. */
  bk_app_code: string;
  /** The app's secret: sent by the proxy to ITSM only, never to the browser, never logged. */
  bk_app_secret: string;
  /** How the `bk_token` login cookie is checked: `"esb"` (default: ESB's `bk_login/get_user` at `target`) or the portal's own function. */
  verifyUser?: "esb" | ItsmVerifyUser | undefined;
  /** The endpoints forwarded (default: every endpoint the package describes, the reads and the lifecycle writes). */
  allow?: readonly ItsmEndpointName[] | undefined;
  /** The largest request body accepted, in bytes (default 65536): past it, 413. */
  maxBodyBytes?: number | undefined;
  /** How long a login check's answer is kept, in ms (default 30000; 0: ask every time). */
  cacheMs?: number | undefined;
  /** How many login answers are kept (default 1000): the oldest goes first. */
  cacheSize?: number | undefined;
  /** Origins of other sites whose pages may call the proxy with the user's cookie (CORS with credentials), e.g. `["https://portal.example.com"]`. Default none: only the proxy's own origin. */
  allowedOrigins?: readonly string[] | undefined;
  /** Called with one entry per event; its failures are ignored. */
  logger?: ((entry: ItsmProxyLogEntry) => void) | undefined;
  /** The `fetch` used to reach ITSM and the login (default the global one, Node 18+). */
  fetch?: ItsmProxyFetch | undefined;
  /** Each upstream request's timeout in ms (the engine's default, 30000, otherwise). */
  timeoutMs?: number | undefined;
  /** Extra headers for ITSM, e.g. `{ "X-Bk-Tenant-Id": "default" }` for a multi-tenant gateway. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** The codes of the proxy's own refusals (the `code` of its envelope); it passes ITSM's codes on as they come. */
export type ItsmProxyCode =
  | 1306000
  | "PROXY_CROSS_SITE"
  | "PROXY_NOT_FOUND"
  | "PROXY_WRONG_DOOR"
  | "PROXY_NOT_ALLOWED"
  | "METHOD_NOT_ALLOWED"
  | "PROXY_BODY_TOO_LARGE"
  | "VALIDATE_ERROR"
  | "PROXY_LOGIN_UNAVAILABLE"
  | "PROXY_ERROR"
  | 1306201
  | 1650201
  | 1650401;

/** The handler. */
export interface ItsmProxy {
  /** Node's http server, Express (`app.use("/itsm", itsm.handle)`), Koa (`ctx.req`, `ctx.res`, with `ctx.respond = false`). Resolves when the answer is written; never rejects. */
  handle(req: ItsmProxyNodeRequest, res: ItsmProxyNodeResponse): Promise<void>;
  /** Koa: `app.use((ctx, next) => ctx.path.startsWith("/itsm/") ? itsm.handle(ctx) : next())`; sets `ctx.respond = false`. */
  handle(ctx: ItsmProxyKoaContext): Promise<void>;
  /** Fetch-style servers (Deno, Bun, Next.js route handlers, Hono): the answer to `request`; never rejects. */
  fetch(request: Request): Promise<Response>;
}

/** Makes the proxy. Throws a TypeError for bad options (an unknown option, an endpoint the package does not describe in `allow`, a bad `target`). */
export declare function createItsmProxy(options: ItsmProxyOptions): ItsmProxy;
