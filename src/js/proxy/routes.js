// Which endpoint a request is for, whether the proxy forwards it, and its parameters as the
// browser sent them, less everything the browser must not choose. Every endpoint comes from
// the generated table (proxy-table.js, from the crate's descriptions): this file names none.
//
// The page's client sends to `<mount>/api/c/compapi/v2/itsm/<name>/` (ESB) or
// `<mount>/api/<gateway>/<stage>/v2/itsm/<name>/` (API gateway). The path is matched from its
// end, so the proxy works wherever it is mounted (`app.use("/itsm", …)` strips the mount from
// `req.url`, a plain `http` server does not). The endpoint is all the path decides: where the
// request goes is written by the engine from the endpoint's id and the proxy's own settings
// (the gateway name and stage in the page's path are not used).
import { ENDPOINTS, CREDENTIALS } from "bk-itsm-tickets:proxy-table";

const ESB_PATH = /\/api\/c\/compapi\/v2\/itsm\/([A-Za-z0-9_]{1,64})\/$/;
const GATEWAY_PATH = /\/api\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\/v2\/itsm\/([A-Za-z0-9_]{1,64})\/$/;
const byDoor = {
  esb: new Map(ENDPOINTS.filter((e) => e.esb).map((e) => [e.esb, e])),
  apigw: new Map(ENDPOINTS.map((e) => [e.apigw, e])),
};

/**
 * The door and endpoint of a path: `{ door, name, endpoint }` (`endpoint` undefined for a
 * name the package does not describe), or null when the path is no ITSM API path.
 */
export function route(pathname) {
  let m = ESB_PATH.exec(pathname);
  const door = m ? "esb" : (m = GATEWAY_PATH.exec(pathname)) ? "apigw" : null;
  if (!door) return null;
  return { door, name: m[1], endpoint: byDoor[door].get(m[1]) };
}

/**
 * The ids of the endpoints `allow` names (an endpoint's ESB name, gateway name or function
 * name). By default every endpoint the package describes: the reads and the lifecycle writes,
 * which are the only writes it describes, each checked by the module before it is sent.
 * Throws a TypeError for a name the package does not describe: it cannot check such a call,
 * so the proxy never forwards it, whatever `allow` says.
 */
export function allowed(allow) {
  if (allow === undefined) return new Set(ENDPOINTS.map((e) => e.id));
  if (!Array.isArray(allow)) throw new TypeError("createItsmProxy: allow must be an array of endpoint names");
  const ids = new Set();
  const unknown = [];
  for (const name of allow) {
    const e = ENDPOINTS.find((row) => row.esb === name || row.apigw === name || row.js === name);
    if (e) ids.add(e.id);
    else unknown.push(typeof name === "string" ? JSON.stringify(name) : String(typeof name));
  }
  if (unknown.length) {
    throw new TypeError(
      `createItsmProxy: allow names ${unknown.join(", ")}, which this package does not describe: it cannot check such a call, so the proxy never forwards it (the endpoints it can: ${ENDPOINTS.map((e) => e.esb ?? e.apigw).join(", ")})`,
    );
  }
  return ids;
}

/** Sets `key` on `o` as an own property, whatever the key (`__proto__` included). */
const put = (o, key, value) => Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });

/** A GET's parameters from its query string: the last value of each key, read back as the client wrote it. */
function fromQuery(endpoint, query) {
  const params = {};
  for (const key of new Set(query.keys())) {
    const all = query.getAll(key);
    const v = all[all.length - 1];
    const kind = Object.prototype.hasOwnProperty.call(endpoint.query, key) ? endpoint.query[key] : undefined;
    put(params, key, kind === "boolean" ? (v === "true" ? true : v === "false" ? false : v) : kind === "list" ? v.split(",") : v);
  }
  return params;
}

/**
 * The parameters of a request, less the members the proxy sets itself: `{ params, stripped }`
 * (the keys removed), or `{ error }` for a POST body that is not a JSON object.
 *
 * Removed: the common parameters (`bk_app_code`, `bk_app_secret`, `bk_token`, `bk_username`:
 * the proxy's own credentials and the verified user's token go instead, and a browser's would
 * override them); every identity member of the endpoint (`creator`, `operator`, `approver`, as
 * the descriptions mark them: the engine fills them with the verified user, so a spoofed one is
 * overwritten);
 * and `username` where the endpoint has no such parameter (operate_ticket's view validates
 * `username` before `operator`). Where `username` is a parameter (get_tickets' "waiting on"
 * filter) it is a filter, not an identity, and stays. Any other unknown key goes to the engine,
 * which refuses it by name.
 */
export function paramsOf(endpoint, method, query, bodyText) {
  let raw;
  if (method === "GET") raw = fromQuery(endpoint, query);
  else {
    if (bodyText.trim() === "") raw = {};
    else {
      try {
        raw = JSON.parse(bodyText);
      } catch {
        return { error: "the body is not JSON" };
      }
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return { error: "the body is not a JSON object" };
  }
  const drop = new Set([...CREDENTIALS, ...endpoint.identity]);
  if (!endpoint.params.includes("username")) drop.add("username");
  const params = {};
  const stripped = [];
  for (const key of Object.keys(raw)) {
    if (drop.has(key)) stripped.push(key);
    else put(params, key, raw[key]);
  }
  return { params, stripped };
}
