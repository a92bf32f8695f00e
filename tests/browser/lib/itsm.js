// What the test modules share: where the local ITSM server is, its credentials, clients on
// its test prefixes, log tags unique to this page, the server's request log, and small
// conveniences. Only the package's public API is used.
import { createClient, isItsmError } from "/pkg/index.js";
import { assert } from "./test.js";

const params = new URLSearchParams(location.search);

/** The local ITSM server (run.mjs starts it and names it in the page's address). */
export const SERVER = params.get("server") ?? "http://127.0.0.1:8765";
/** This page's id: the server's logs and fault counters are per tag, and one server hears
 * every page of every browser. */
export const RUN = params.get("run") ?? Math.random().toString(16).slice(2, 10);

export const APP_CODE = "bk-itsm-demo";
export const APP_SECRET = "demo-secret-3f9a1c0e7b";
export const TOKEN = "test-token-admin";
export const APP = { bk_app_code: APP_CODE, bk_app_secret: APP_SECRET };
export const AUTH = { ...APP, bk_token: TOKEN };
export const TRUSTED = { bk_app_code: "bk-itsm-trusted", bk_app_secret: "trusted-secret-8d2e4b6a1f" };
/** The size of the server's default data set; ids 1..TICKETS, newest (highest) first. */
export const TICKETS = 2000;

/** `name` made unique to this page. */
export const runTag = (name) => `${name}-${RUN}`;

/** A server path prefix (`/__/tag=x,fault=y`) with its `tag=` (and a write scope's `state=`)
 * made unique to this page. */
export function scoped(prefix) {
  return prefix.replace(/([/,])(tag|state)=([^,/]*)/g, (_, before, key, name) => `${before}${key}=${runTag(name)}`);
}

/** A client on `base` (a path prefix of the server, e.g. `/__/tag=x`) with `extra` config. */
export const client = (base = "", extra = {}) => createClient({ baseUrl: `${SERVER}${scoped(base)}`, ...extra });

/** ESB with the demo app and admin's token. */
export const admin = (base = "", extra = {}) => client(base, { ...AUTH, ...extra });

/** The server's log of requests tagged `tag` on this page, preflights left out. */
export async function serverLog(tag) {
  const res = await fetch(`${SERVER}/__log?tag=${encodeURIComponent(runTag(tag))}`);
  assert.equal(res.status, 200, "the server's log");
  const list = await res.json();
  return list.filter((e) => !e.preflight);
}

/** The POSTs of `tag`'s log. */
export const postsOf = async (tag) => (await serverLog(tag)).filter((e) => e.method === "POST");

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `p`'s outcome within `ms`: { status: "fulfilled", value }, "rejected" with `reason`, or
 * "pending" when it has not settled by then. */
export function settledWithin(p, ms) {
  let timer;
  return Promise.race([
    Promise.resolve(p).then(
      (value) => ({ status: "fulfilled", value }),
      (reason) => ({ status: "rejected", reason }),
    ),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve({ status: "pending" }), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** `p`'s outcome, whatever it is: { ok: true, value } or { ok: false, error }. */
export const settle = (p) =>
  Promise.resolve(p).then(
    (value) => ({ ok: true, value }),
    (error) => ({ ok: false, error }),
  );

/** "[kind] message" of an error, for failure messages. */
export const describe = (e) => `[${e?.kind}] ${e?.message}`;

/** Awaits `p`, which must reject with an ItsmError; returns it. */
export async function rejects(p, message) {
  const e = await assert.rejects(p, message);
  assert.ok(isItsmError(e), `not an ItsmError: ${e}${message ? ` (${message})` : ""}`);
  return e;
}

/** Asserts `e` is an ItsmError of `kind` (a real Error named ItsmError, with a message). */
export function itsmError(e, kind, message = "") {
  assert.ok(isItsmError(e), `not an ItsmError: ${String(e)} ${message}`);
  assert.ok(e instanceof Error, "not an Error");
  assert.equal(e.name, "ItsmError");
  assert.equal(e.kind, kind, `${describe(e)} ${message}`);
  assert.ok(typeof e.message === "string" && e.message.trim() !== "", "an empty message");
  return e;
}

/** Sets a cookie of this page's origin (its host, whatever the port: the ITSM server's too). */
export function setCookie(value) {
  document.cookie = value;
}

/** Every text a program could read off an error: String(e), JSON.stringify(e), the stack, the
 * message, and every own property, enumerable or not, symbol-keyed too (values that are
 * objects, like `issues`, as JSON). */
export function errorTexts(e) {
  const json = (x) => {
    try {
      return JSON.stringify(x) ?? String(x);
    } catch {
      return String(x);
    }
  };
  const out = [`String(e): ${String(e)}`, `JSON.stringify(e): ${json(e)}`, `stack: ${String(e?.stack)}`, `message: ${String(e?.message)}`];
  if (e !== null && typeof e === "object") {
    for (const k of Reflect.ownKeys(e)) {
      const v = e[k];
      out.push(`${String(k)}: ${typeof v === "string" ? v : json(v)}`);
    }
  }
  return out;
}

/** Replaces the console's methods with recorders until `restore()`. */
export function captureConsole() {
  const show = (x) => {
    if (typeof x === "string") return x;
    try {
      if (x instanceof Error) return `${String(x)} ${x.stack ?? ""} ${JSON.stringify(x)}`;
      return JSON.stringify(x) ?? String(x);
    } catch {
      return String(x);
    }
  };
  const lines = [];
  const saved = {};
  for (const m of ["log", "info", "warn", "error", "debug", "trace"]) {
    saved[m] = console[m];
    console[m] = (...args) => {
      lines.push(`${m}: ${args.map(show).join(" ")}`);
    };
  }
  return {
    lines,
    restore() {
      Object.assign(console, saved);
    },
  };
}

/** Replaces `fetch` with `fake` until the returned function is called. */
export function replaceFetch(fake) {
  const saved = globalThis.fetch;
  globalThis.fetch = fake;
  return () => {
    globalThis.fetch = saved;
  };
}

/** `fetch` replaced by one that answers `body` (JSON) with status 200. */
export const answerWith = (body) =>
  replaceFetch(() => Promise.resolve(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } })));

/** `ids` are `from`, `from - 1`, … (newest first, no gap, no repeat). */
export function assertNewestFirstWithoutGaps(ids, from) {
  assert.deepEqual(
    ids,
    ids.map((_, i) => from - i),
  );
}

// ------------------------------------------------------------------------------------------
// The hostile suites' clients (from tests/hostile.rs): the demo app and admin's token, no
// retries (each call is one request), on a tag of this page.

/** The configuration of a client at `base` with the demo app and admin's token, no retries,
 * `extra` merged in. */
export const config = (base, extra = {}) => ({ baseUrl: base, ...AUTH, retries: 0, ...extra });

/** A client whose requests are logged under `name` (made unique to this page) and go through
 * the server's test prefix options `opts` (e.g. `fault=html502`). */
export const hostileClient = (name, opts = "", extra = {}) =>
  createClient(config(`${SERVER}/__/tag=${runTag(name)}${opts ? `,${opts}` : ""}`, extra));

/** Page `page` of 5 through `c`, checked against the data set (newest first): the module still
 * works. */
export async function assertNormalCall(c, page) {
  const p = await c.getTickets({ page, page_size: 5 });
  assert.equal(p.page, page);
  assert.equal(p.count, TICKETS);
  assert.equal(p.items.length, 5);
  assert.equal(p.items[0].id, TICKETS - (page - 1) * 5);
}

/** The validation error `p` rejects with, within 3 s. */
export async function rejectsValidation(p, what) {
  const outcome = await settledWithin(p, 3000);
  assert.equal(outcome.status, "rejected", `${what}: ${JSON.stringify(outcome)}`);
  return itsmError(outcome.reason, "validation", what);
}
