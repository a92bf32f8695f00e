// Mounting: the same proxy in every server shape a portal has. Express (`app.use("/itsm",
// itsm.handle)`: req.url without the mount, a body parser maybe before it), Koa (`ctx.req`,
// `ctx.res` with ctx.respond = false, or `handle(ctx)`), and fetch-style servers (Deno, Bun,
// Next route handlers, Hono: `itsm.fetch(request)` returns a Response). Express and Koa are
// reproduced by the shapes they hand a middleware, not installed.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TOKEN, assertNoSecrets, backend, browserFetch, createClient, pageClient, pathOf, portal, proxy, raw, record, sameOrigin } from "./helpers.mjs";

const TAG = "proxy-mounting";
let srv, itsm;
const servers = [];

before(async () => {
  srv = await backend();
  itsm = proxy({ target: `${srv.url}/__/tag=${TAG},flowdelay=0`, gateway: ["esb", "apigw"] });
});
after(async () => {
  for (const s of servers) await s.close();
  await srv?.close();
});

/** A portal whose /itsm/ requests go to `handler`. */
async function mounted(handler) {
  const site = await portal(itsm, handler);
  servers.push(site);
  return site;
}

/** Express's app.use("/itsm", mw): req.url loses the mount, req.originalUrl keeps it. */
function expressUse(mount, ...middleware) {
  return async (req, res) => {
    req.originalUrl = req.url;
    req.baseUrl = mount;
    req.url = req.url.slice(mount.length) || "/";
    req.res = res;
    res.req = req;
    const run = async (i) => {
      if (i < middleware.length) await middleware[i](req, res, (err) => (err ? res.writeHead(500).end(String(err)) : run(i + 1)));
      else res.writeHead(404).end("express: no route");
    };
    await run(0);
  };
}
/** What express.json() does: the whole body read, parsed into req.body. */
const jsonParser = async (req, res, next) => {
  let text = "";
  for await (const c of req) text += c;
  req.body = text ? JSON.parse(text) : {};
  next();
};

/** Koa: a context with req, res, path, and Koa's own answer unless ctx.respond is false. */
function koa(middleware) {
  return async (req, res) => {
    const ctx = { req, res, path: new URL(req.url, "http://x").pathname, respond: true, state: {} };
    await middleware(ctx, async () => {});
    if (ctx.respond !== false) res.writeHead(404).end("koa wrote this");
    servers.koaContexts = [...(servers.koaContexts ?? []), ctx];
  };
}

/** The writes and reads one portal must carry, through a page client on `site`. */
async function exercise(site, label) {
  const page = pageClient(site.url, TOKEN.alice);
  assert.equal((await page.getTickets({ page_size: 2 })).items.length, 2, label);
  const { sn } = await page.createTicket({ service_id: 1, fields: { title: label, apply_content: "x" } });
  assert.equal((await page.getTicketInfo({ sn })).title, label);
  return sn;
}

describe("mounting", () => {
  test("Express: app.use('/itsm', itsm.handle), mount stripped from req.url", async () => {
    const site = await mounted(expressUse("/itsm", itsm.handle));
    await exercise(site, "express");
  });

  test("Express with express.json() mounted before: the parsed body is used, within maxBodyBytes", async () => {
    const site = await mounted(expressUse("/itsm", jsonParser, itsm.handle));
    await exercise(site, "express-json");
    const big = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(site.url, TOKEN.alice), body: JSON.stringify({ tag: "x".repeat(70_000) }) });
    assert.equal(big.status, 413);
  });

  test("a stream read by something else, with nothing parsed, is a 400 that says to mount the proxy first", async () => {
    const drain = async (req, res, next) => {
      for await (const _ of req);
      next();
    };
    const site = await mounted(expressUse("/itsm", drain, itsm.handle));
    const r = await raw(site.url, pathOf("get_tickets"), { method: "POST", headers: sameOrigin(site.url, TOKEN.alice), body: "{}" });
    assert.equal(r.status, 400);
    assert.match(r.json.message, /mount the proxy before any body parser/);
  });

  test("Koa: handle(ctx.req, ctx.res) with ctx.respond = false, and handle(ctx), which sets it", async () => {
    const manual = await mounted(
      koa(async (ctx, next) => {
        if (!ctx.path.startsWith("/itsm/")) return next();
        ctx.respond = false;
        await itsm.handle(ctx.req, ctx.res);
      }),
    );
    await exercise(manual, "koa-manual");
    const auto = await mounted(koa((ctx, next) => (ctx.path.startsWith("/itsm/") ? itsm.handle(ctx, next) : next())));
    await exercise(auto, "koa-ctx");
    assert.ok(servers.koaContexts.every((c) => c.respond === false));
  });

  test("fetch(request): a Request in, a Response out (a Next.js route handler, Deno.serve, Bun.serve, Hono)", async () => {
    // The page's client sends straight into the handler, as a route handler receives it.
    const route = { GET: (request) => itsm.fetch(request), POST: (request) => itsm.fetch(request) };
    const via = (url, init) => route[init.method](new Request(url, init));
    const page = createClient({ baseUrl: "https://portal.example/itsm", fetch: browserFetch("https://portal.example", { token: TOKEN.alice, via }), retries: 0 });
    assert.equal((await page.getTickets({ page_size: 1 })).items.length, 1);
    const { sn } = await page.createTicket({ service_id: 1, fields: { title: "fetch-style", apply_content: "x" } });
    assert.equal((await page.getTicketInfo({ sn })).creator, "alice");
    const gw = createClient({ baseUrl: "https://portal.example/itsm", gateway: "apigw", fetch: browserFetch("https://portal.example", { token: TOKEN.alice, via }), retries: 0 });
    assert.deepEqual(await gw.approve({ sn: "REQ20260918000002", state_id: 1103, action: "true", remark: "ok" }), []);
    // Its refusals are Responses too.
    const refused = await itsm.fetch(new Request(`https://portal.example${pathOf("get_tickets")}`, { method: "POST", body: "{}", headers: { Origin: "https://evil.example" } }));
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(JSON.parse(await record(refused)).code, "PROXY_CROSS_SITE");
  });

  test("fetch(request) behind a Node server that makes Requests (the adapters Hono and others use)", async () => {
    const site = await mounted(async (req, res) => {
      let body = "";
      for await (const c of req) body += c;
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers: req.headers, body: req.method === "POST" ? body : undefined });
      const response = await itsm.fetch(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    });
    await exercise(site, "node-to-fetch");
  });

  test("no answer or log line held a secret", () => assertNoSecrets());
});
