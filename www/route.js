// The page's state lives in the address bar, so a filtered page can be bookmarked, shared and
// reloaded, and the browser's back button walks back through searches and pages.

import { normalizeStatusList } from "./statuses.js";
import { MY_VIEWS } from "./mine.js";

/**
 * The filter fields, under the API's own parameter names. Each is kept as text: the statuses
 * (`current_status__in`) as a comma-separated list such as "RUNNING,SUSPENDED".
 */
export const FILTER_KEYS = [
  "sns",
  "creator",
  "username",
  "current_status__in",
  "create_at__gte",
  "create_at__lte",
  "tag",
  "project_key",
];

export const DEFAULT_PAGE_SIZE = 20;

/**
 * @typedef {object} PageState
 * @property {"esb" | "apigw"} door   which BlueKing front door the calls go through
 * @property {Record<string, string>} filters   the filter fields as typed (validated on use)
 * @property {number} page
 * @property {number} pageSize
 * @property {string} view     "all" (the filtered list) or a "My ..." tab's view_type (mine.js)
 * @property {string} ticket   the ticket open in the drawer, "" for none: a link can show one
 * @property {string | null} compose  the New ticket dialog: null when closed, "" at the catalogue,
 *                                    or the id of the service whose form is shown (`?new=13`)
 */

const positive = (text, fallback) => (/^[1-9]\d{0,15}$/.test(text ?? "") ? Number(text) : fallback);

/** @returns {PageState} */
export function readState(search = location.search) {
  const q = new URLSearchParams(search);
  return {
    door: q.get("door") === "apigw" ? "apigw" : "esb",
    filters: Object.fromEntries(
      FILTER_KEYS.map((k) => [k, k === "current_status__in" ? normalizeStatusList(q.get(k)) : q.get(k) ?? ""]),
    ),
    page: positive(q.get("page"), 1),
    pageSize: positive(q.get("page_size"), DEFAULT_PAGE_SIZE),
    view: MY_VIEWS.some(([v]) => v === q.get("view")) ? q.get("view") : "all",
    // Any text: the package sends it as typed and the drawer shows ITSM's answer ("no ticket").
    ticket: (q.get("ticket") ?? "").trim().slice(0, 64),
    compose: q.has("new") ? (/^\d{1,10}$/.test(q.get("new")) ? q.get("new") : "") : null,
  };
}

/** Records `state` as a new history entry (or replaces the current one). */
export function writeState(state, { replace = false } = {}) {
  const q = new URLSearchParams();
  if (state.door !== "esb") q.set("door", state.door);
  for (const k of FILTER_KEYS) if (state.filters[k]) q.set(k, state.filters[k]);
  if (state.page !== 1) q.set("page", String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) q.set("page_size", String(state.pageSize));
  if (state.view && state.view !== "all") q.set("view", state.view);
  if (state.ticket) q.set("ticket", state.ticket);
  if (state.compose !== null && state.compose !== undefined) q.set("new", state.compose);
  // The debug hook survives every navigation (see debugBase).
  const base = new URLSearchParams(location.search).get("base");
  if (base !== null) q.set("base", base);
  const query = q.toString();
  const url = query ? `${location.pathname}?${query}` : location.pathname;
  if (url === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", url);
}

/**
 * Demo-only debug hook: `?base=/__/delay=3000` routes the API calls through the local server's
 * test prefix, to see the loading state (and cancel it) or a fault (`/__/fault=html502`).
 * Only paths on this origin are accepted: the package sends the login token to whatever
 * base URL it is given, so a link must never be able to point it at another site.
 */
export function debugBase(search = location.search) {
  const base = new URLSearchParams(search).get("base");
  if (!base || !base.startsWith("/") || base.startsWith("//") || base.includes("\\")) return null;
  return base.replace(/\/+$/, "");
}
