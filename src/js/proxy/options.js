// createItsmProxy's options, read once and checked: a mistake throws a TypeError when the
// server starts, never a 500 on a user's first request. Unknown keys throw too: a misspelt
// `allowedOrigin` or `maxBody` must not silently leave the default in place.
import { isItsmError } from "bk-itsm-tickets:driver";
import { allowed } from "./routes.js";
import { originOf } from "./guard.js";
import { clientFor } from "./forward.js";

const KNOWN = [
  "target", "loginTarget", "gateway", "apigwName", "stage", "bk_app_code", "bk_app_secret", "verifyUser", "allow",
  "maxBodyBytes", "cacheMs", "cacheSize", "allowedOrigins", "logger", "fetch", "timeoutMs", "headers",
];
const DOORS = ["esb", "apigw"];

const fail = (what) => {
  throw new TypeError(`createItsmProxy: ${what}`);
};
const text = (o, key) => {
  if (typeof o[key] !== "string" || o[key].trim() === "") fail(`${key} must be a non-empty string`);
  return o[key];
};
/** An http(s) URL with no query, fragment or user info, without its trailing slashes. */
const address = (o, key) => {
  const value = text(o, key);
  let url;
  try {
    url = new URL(value);
  } catch {
    fail(`${key} must be an absolute http(s) URL, not ${JSON.stringify(value)}`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    fail(`${key} must be an http(s) URL with no query, fragment or user info, not ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, "");
};
const count = (o, key, dflt, min, max) => {
  const v = o[key];
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || v < min || v > max) fail(`${key} must be an integer from ${min} to ${max}, not ${String(v)}`);
  return v;
};

/** The proxy's settings, from `createItsmProxy(options)`. */
export function readOptions(o) {
  if (o === null || typeof o !== "object") fail("options must be an object");
  const unknown = Object.keys(o).filter((k) => !KNOWN.includes(k));
  if (unknown.length) fail(`unknown option ${unknown.join(", ")} (the options: ${KNOWN.join(", ")})`);

  // The target: an http(s) origin and an optional path, no query, no user info. The engine
  // reads it again as its baseUrl.
  const target = address(o, "target");
  // ESB's bk_login, where the gateway's host is not ESB's (bkapi.example.com, paas.example.com).
  const loginTarget = o.loginTarget === undefined ? target : address(o, "loginTarget");

  const doors = o.gateway === undefined ? ["esb"] : Array.isArray(o.gateway) ? [...new Set(o.gateway)] : [o.gateway];
  if (doors.length === 0 || !doors.every((d) => DOORS.includes(d))) fail(`gateway must be "esb", "apigw" or an array of them, not ${JSON.stringify(o.gateway)}`);
  const apigw = {};
  for (const key of ["apigwName", "stage"]) {
    if (o[key] === undefined) continue;
    if (!doors.includes("apigw")) fail(`${key} applies to the API gateway only: set gateway: "apigw" as well`);
    apigw[key] = text(o, key);
  }

  const verifyUser = o.verifyUser ?? "esb";
  if (verifyUser !== "esb" && typeof verifyUser !== "function") fail(`verifyUser must be "esb" or a function (bk_token, request) => user name | null`);

  const allowedOrigins = new Set();
  if (o.allowedOrigins !== undefined) {
    if (!Array.isArray(o.allowedOrigins)) fail("allowedOrigins must be an array of origins");
    for (const v of o.allowedOrigins) {
      const origin = typeof v === "string" ? originOf(v) : null;
      // An origin, exactly: `https://host[:port]` with nothing after it. No wildcard: every
      // origin listed can act as any user who visits it.
      if (origin === null || origin !== v.replace(/\/$/, "").toLowerCase()) fail(`allowedOrigins: ${JSON.stringify(v)} is not an origin such as "https://portal.example.com"`);
      allowedOrigins.add(origin);
    }
  }
  for (const key of ["logger", "fetch"]) if (o[key] !== undefined && typeof o[key] !== "function") fail(`${key} must be a function`);

  const settings = {
    target,
    loginTarget,
    doors: new Set(doors),
    apigw,
    app: { code: text(o, "bk_app_code"), secret: text(o, "bk_app_secret") },
    verifyUser,
    allow: allowed(o.allow),
    maxBodyBytes: count(o, "maxBodyBytes", 64 * 1024, 1, 64 * 1024 * 1024),
    cacheMs: count(o, "cacheMs", 30_000, 0, 24 * 3600 * 1000),
    cacheSize: count(o, "cacheSize", 1000, 1, 1_000_000),
    allowedOrigins,
    logger: o.logger,
    // Looked up at each call: a fetch installed after the proxy was made is used.
    fetch: o.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    // What else the engine reads from the client's configuration (it checks them itself).
    engine: { ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}), ...(o.headers !== undefined ? { headers: o.headers } : {}) },
  };
  // The engine checks the rest (the gateway's name and stage, the timeout, the headers) as it
  // will on every request: a client made now for a placeholder user says what it refuses.
  for (const door of settings.doors) {
    try {
      clientFor(settings, door, "proxy-check", "proxy-check");
    } catch (e) {
      if (isItsmError(e)) fail(e.message);
      throw e;
    }
  }
  return settings;
}
