// Where the page's calls go, and the clients that make them.
//
// Every call of the page, reads and writes, goes to ONE base URL: `itsmBase()`. The page holds no
// app secret: the portal's own server is a same-origin proxy, bk-itsm-tickets/proxy (`make
// demo`'s --proxy-app mounts it at /itsm), that adds the app credentials, verifies the login and
// sets the identity of a write from it.

import { createClient } from "/pkg/index.js";
import { debugBase } from "./route.js";
import { locale } from "./i18n.js";
import { userName } from "./session.js";

/** Where the portal's ITSM proxy is mounted on this origin. */
export const PROXY_MOUNT = "/itsm";

/**
 * The base URL of every call: the debug hook's test prefix (`?base=/__/...`, route.js), then the
 * proxy's mount. "" means the page's own origin, the package's default.
 */
export function itsmBase() {
  return `${debugBase() ?? ""}${PROXY_MOUNT}`;
}

/**
 * The page's clients, one per door, made on first use in the page's language (`locale` words the
 * `userMessage` of errors and issues) and as the signed-in user (`user`: every write's `creator`,
 * `operator` or `approver`, and the processor `approve` checks against; a proxy in front
 * overwrites it with the verified login anyway). `clear()` after a language switch.
 */
export function createClients() {
  const clients = new Map();
  return {
    /** The client of `door` ("esb" or "apigw"). */
    clientFor(door) {
      if (!clients.has(door)) {
        const base = itsmBase();
        const user = userName();
        clients.set(
          door,
          createClient({ gateway: door, locale: locale(), ...(user ? { user } : {}), ...(base ? { baseUrl: base } : {}) }),
        );
      }
      return clients.get(door);
    },
    clear() {
      clients.clear();
    },
  };
}

// ---------------------------------------------------------------- ITSM's own web app

let itsmHome = null;
const homeListeners = new Set();

/** Calls `listener()` once ITSM's web app is known (links to it can then be shown). */
export function onItsmHome(listener) {
  homeListeners.add(listener);
}

/**
 * Remembers where ITSM's web app is, from a ticket link the API gave (`ticket_url`, e.g.
 * `http://paas.bk.local/o/bk_itsm/#/ticket/detail?id=3`): what comes before its `#`.
 */
export function rememberTicketUrl(url) {
  if (itsmHome || typeof url !== "string") return;
  try {
    const parsed = new URL(url, location.href);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return;
    parsed.hash = "";
    parsed.search = "";
    itsmHome = parsed.href;
    for (const listener of homeListeners) listener();
  } catch {
    // not a link: nothing learnt
  }
}

/** ITSM's web app (its home page), once a ticket link has shown where it is; else null. */
export function itsmHomeHref() {
  return itsmHome;
}
