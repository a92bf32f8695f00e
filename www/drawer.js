// The ticket drawer: one ticket, from three read calls of the package, each in its own section
// with its own loading and error state (one slow or failing endpoint does not hide the others):
//   client.getTicketInfo({ sn })    Details: the form's fields with their display values
//   client.getTicketStatus({ sn })  Where it stands: the current steps, who they wait on, and
//                                   the operations ITSM allows now
//   client.getTicketLogs({ sn })    Timeline: who did what, oldest first
//
// Every server string reaches the page through textContent (titles, field values and log
// messages are typed by users; ticket 7's title is `<img src=x onerror=...>`).
//
// A dialog (dom.js createModal): opening it makes the page behind it inert (no focus, no clicks,
// no scrolling) and moves focus into it; Esc, the close button or a click on the backdrop close
// it, and focus goes back to where it was (the row's ticket number).
//
// Above the three sections, what the signed-in user may do with the ticket (actions.js: approve,
// reject, withdraw, suspend, resume, rate), from the status and details loaded here; after one of
// them the three sections load again. A ticket just created (`open(sn, { starting: true })`) waits
// for its flow to start first: `client.waitForSteps(sn, { waitMs })` in place of getTicketStatus,
// then the details and the timeline again (they fill in as the flow starts).

import { ItsmCode } from "/pkg/index.js";
import { errorDetails, explainError } from "./notice.js";
import { locale, t } from "./i18n.js";
import { safeHref, statusBadge } from "./table.js";
import { createActions } from "./actions.js";
import { rememberTicketUrl } from "./api.js";
import { createModal, el } from "./dom.js";

/** How long a new ticket's drawer waits for its flow to start before it says it has not yet. */
const START_WAIT_MS = 10_000;

const dash = () => el("span", "muted", "—");

/**
 * A field's display value as text. ITSM sends `""` for an empty field and may send null (an
 * INPUTSELECT key it no longer knows) or JSON (table fields), so anything else is shown as
 * its JSON text.
 */
function displayNode(value) {
  if (value === null || value === undefined || value === "") return dash();
  if (typeof value === "string") return document.createTextNode(value);
  if (typeof value === "number" || typeof value === "boolean") return document.createTextNode(String(value));
  return el("code", "json", JSON.stringify(value));
}

/** A `<dl>` of [name, value node] pairs. */
function definitions(className, pairs) {
  const dl = el("dl", className);
  for (const [name, node, key] of pairs) {
    const dt = el("dt", "", name);
    const dd = el("dd");
    if (key) dd.dataset.key = key;
    dd.append(node);
    dl.append(dt, dd);
  }
  return dl;
}

/** "ops_robot,admin" → ["ops_robot", "admin"]: processors come as one comma-joined string. */
const names = (text) => (typeof text === "string" ? text.split(",").map((s) => s.trim()).filter(Boolean) : []);

/** An operation, as a tag. `name` is null for SIGN steps (ITSM has no word for it): the key then. */
function operationTag(op) {
  const tag = el("span", "op", op.name ?? op.key);
  tag.title = op.key;
  tag.dataset.key = op.key;
  return tag;
}

// ---------------------------------------------------------------- the three sections

/** Details (getTicketInfo). */
function renderInfo(content, info) {
  const href = safeHref(info.ticket_url);
  const head = el("div", "dsec__row");
  head.append(statusBadge(info.current_status));
  if (href) {
    const a = el("a", "open-link", "Open in ITSM");
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    head.append(a);
  }
  const meta = definitions("facts", [
    ["Creator", info.creator ? document.createTextNode(info.creator) : dash(), "creator"],
    ["Created", document.createTextNode(info.create_at), "create_at"],
    ["Updated", document.createTextNode(`${info.update_at}${info.updated_by ? ` by ${names(info.updated_by).join(", ")}` : ""}`), "update_at"],
    ["Ended", info.end_at ? document.createTextNode(info.end_at) : dash(), "end_at"],
  ]);
  const form = el("h4", "dsec__sub", "Form");
  const fields = info.fields.length
    ? definitions(
        "facts facts--fields",
        info.fields.map((f) => {
          const node = displayNode(f.display_value);
          return [f.name, node, f.key];
        }),
      )
    : el("p", "muted", "This ticket has no form fields.");
  // A field's description, where there is one, as the name's tooltip.
  info.fields.forEach((f, i) => {
    if (f.desc) fields.querySelectorAll("dt")[i].title = f.desc;
  });
  content.replaceChildren(head, meta, form, fields);
}

/** Where it stands (getTicketStatus). */
function renderStatus(content, status) {
  const steps = status.current_steps.length
    ? el("ol", "steps")
    : el("p", "muted", "No step is running: the ticket is not waiting on anyone.");
  for (const step of status.current_steps) {
    const li = el("li", "step");
    li.dataset.stateId = String(step.state_id);
    const who = names(step.processors);
    li.append(
      el("p", "step__name", step.name),
      el("p", "step__who", who.length ? `Waiting on ${who.join(", ")}` : "Waiting on no one in particular"),
    );
    if (step.operations?.length) {
      const ops = el("p", "ops step__ops");
      ops.append(...step.operations.map(operationTag));
      li.append(ops);
    }
    steps.append(li);
  }
  const ops = el("div", "ops dsec__ops");
  if (status.operations.length) ops.append(...status.operations.map(operationTag));
  else ops.append(el("span", "muted", "None now (an ended ticket allows nothing)."));
  content.replaceChildren(
    el("h4", "dsec__sub", "Current steps"),
    steps,
    el("h4", "dsec__sub", "Allowed on the ticket"),
    ops,
  );
}

/** Timeline (getTicketLogs, simple form). */
function renderLogs(content, logs) {
  if (!logs.logs.length) {
    content.replaceChildren(el("p", "muted", "Nothing has happened to this ticket yet."));
    return;
  }
  const ol = el("ol", "timeline");
  for (const entry of logs.logs) {
    const li = el("li", "timeline__entry");
    const meta = el("p", "timeline__meta");
    const time = el("time", "timeline__time", entry.operate_at);
    meta.append(time, el("span", "timeline__who", entry.operator ?? "—"), el("span", "tag", entry.source));
    li.append(meta, el("p", "timeline__message", entry.message));
    ol.append(li);
  }
  content.replaceChildren(ol);
}

// ---------------------------------------------------------------- the drawer

/**
 * @param {HTMLElement} root  #drawer (index.html)
 * @param {{ client(): import("/pkg/index.js").Client, gatewayClient(): import("/pkg/index.js").Client,
 *           user(): string | null, signInAgainHref(): string, inertRoots: HTMLElement[],
 *           onClose(): void, onChanged(sn: string): void }} options
 *   client: the client of the door selected now; gatewayClient: the API gateway's (approvals);
 *   user: the signed-in user; inertRoots: what the drawer covers; onClose: after the drawer
 *   closed itself (Esc, button, backdrop); onChanged: after a write to ticket `sn` (its list row)
 */
export function createDrawer(root, { client, gatewayClient, user, signInAgainHref, inertRoots, onClose, onChanged }) {
  const $ = (id) => root.querySelector(`#${id}`);
  const panel = $("drawer-panel");
  const closeButton = $("drawer-close");
  /** The ticket shown: a newer one (or closing) aborts its calls and ignores their answers. */
  let current = null;

  const modal = createModal(root, { inertRoots, closers: [closeButton, $("drawer-backdrop")], dismiss: closeAndTell });

  const actions = createActions($("drawer-actions"), {
    client,
    gatewayClient,
    user,
    signInAgainHref,
    onDone: (sn) => {
      if (current?.sn === sn) refresh();
      onChanged(sn);
    },
  });

  const info = {
    node: $("drawer-info"),
    call: (c, sn, signal) => c.getTicketInfo({ sn }, { signal }),
    render: renderInfo,
    onData: (d, mine) => {
      setTitle(d.title);
      rememberTicketUrl(d.ticket_url);
      actions.setInfo(mine.sn, d);
    },
  };
  const status = {
    node: $("drawer-status"),
    // A new ticket: its status once its flow stands at a step (or after START_WAIT_MS, "timeout").
    call: (c, sn, signal, mine) =>
      mine.starting ? c.waitForSteps(sn, { waitMs: START_WAIT_MS, signal }) : c.getTicketStatus({ sn }, { signal }),
    render: renderStatus,
    onData: (d, mine) => {
      actions.setStatus(mine.sn, d);
      if (mine.starting) {
        // The flow started: its fields and its first log entries are there now.
        mine.starting = false;
        load(info, mine);
        load(logs, mine);
      }
    },
    onError: (mine) => actions.dropStatus(mine.sn),
  };
  const logs = { node: $("drawer-logs"), call: (c, sn, signal) => c.getTicketLogs({ sn }, { signal }), render: renderLogs, onData: (d) => setTitle(d.title) };
  const sections = [info, status, logs];

  function setTitle(title) {
    $("drawer-title").textContent = title;
  }

  /**
   * Loads one section of the ticket shown; its Retry (or a language switch) loads it again, and
   * only the newest load of a section may fill it.
   */
  async function load(section, mine) {
    const token = {};
    section.token = token;
    const live = () => current === mine && section.token === token;
    const content = section.node.querySelector(".dsec__content");
    const starting = section === status && mine.starting;
    section.node.dataset.state = starting ? "starting" : "loading";
    section.node.setAttribute("aria-busy", "true");
    const loading = el("p", "loading");
    loading.append(el("span", "spinner"), starting ? t("drawer.starting") : "Loading…");
    if (starting) loading.lang = locale();
    content.replaceChildren(loading);
    try {
      const data = await section.call(client(), mine.sn, mine.controller.signal, mine);
      if (!live()) return;
      section.render(content, data);
      section.node.dataset.state = "ready";
      section.onData?.(data, mine);
    } catch (error) {
      if (!live()) return;
      section.onError?.(mine);
      if (starting && error?.kind === "timeout") showNotStarted(content, mine);
      else showSectionError(section, content, error, mine);
    } finally {
      if (live()) section.node.setAttribute("aria-busy", "false");
    }
  }

  /**
   * A section's error in place: the package's `userMessage` (in the client's locale) under the
   * page's headline, then the details. No such ticket is said as such, with the number asked for.
   */
  function showSectionError(section, content, error, mine) {
    const { e, headline } = explainError(error);
    const notFound = e.kind === "api" && e.code === ItsmCode.TICKET_NOT_FOUND;
    section.node.dataset.state = notFound ? "notfound" : "error";
    const box = el("div", "dsec__error");
    box.setAttribute("role", "alert");
    box.lang = locale(); // the page's words and the userMessage; details are codes and server text
    if (notFound) {
      if (section.onData) setTitle(e.userMessage);
      box.append(
        el("p", "dsec__error-message", e.userMessage),
        el("p", "muted", `${t("notFound.sn", { sn: mine.sn })} · ${t("notFound.advice")}`),
      );
    } else {
      box.append(el("p", "dsec__error-title", headline));
      if (e.userMessage) box.append(el("p", "dsec__error-message", e.userMessage));
      box.append(
        definitions("facts facts--error", errorDetails(e).map(([label, value, key]) => [label, document.createTextNode(value), key])),
      );
    }
    // A refused parameter (the package checks that `sn` is a ticket number) fails the same
    // way again: no Retry for it.
    if (e.kind !== "validation") {
      const retry = el("button", "btn btn--small", t("retry"));
      retry.type = "button";
      retry.addEventListener("click", () => load(section, mine));
      box.append(retry);
    }
    content.replaceChildren(box);
  }

  /**
   * A new ticket whose flow has not started within START_WAIT_MS: said as such, not as an error,
   * with a button that asks for its status again.
   */
  function showNotStarted(content, mine) {
    status.node.dataset.state = "not-started";
    mine.starting = false;
    const box = el("div", "maybe");
    box.setAttribute("role", "status");
    box.lang = locale();
    box.append(el("p", "maybe__title", t("drawer.notStarted")), el("p", "", t("drawer.notStarted.advice")));
    const again = el("button", "btn btn--small", t("drawer.refresh"));
    again.type = "button";
    again.addEventListener("click", () => refresh());
    box.append(again);
    content.replaceChildren(box);
  }

  /** The ticket shown, loaded again: every section (after a write). */
  function refresh() {
    if (!current) return;
    for (const section of sections) load(section, current);
  }

  function closeAndTell() {
    if (!current) return;
    close();
    onClose();
  }

  function close() {
    if (!current) return;
    current.controller.abort();
    current = null;
    actions.reset(null);
    // Focus goes back to the row it was opened from, if it is still on the page.
    modal.hide();
  }

  return {
    /** The ticket shown, or null. */
    get sn() {
      return current?.sn ?? null;
    },
    /**
     * Shows ticket `sn`; `title` (from the row, if any) is shown until the details arrive;
     * `from` is the element focus returns to; `starting`: a ticket just created, whose flow is
     * waited for.
     */
    open(sn, { title = "", from = document.activeElement, starting = false } = {}) {
      if (current?.sn === sn) return;
      current?.controller.abort();
      const mine = { sn, controller: new AbortController(), starting };
      actions.reset(sn);
      current = mine;
      $("drawer-sn").textContent = sn;
      setTitle(title);
      modal.show(from);
      panel.scrollTop = 0;
      closeButton.focus();
      for (const section of sections) load(section, mine);
    },
    close,
    refresh,
    /** The element focus goes back to on close, when the list row it was in was made again. */
    retarget(oldRow, newRow) {
      if (modal.opener && oldRow.contains(modal.opener)) modal.opener = newRow.querySelector(".sn-btn") ?? null;
    },
    /**
     * After a language switch: each section of the ticket shown that is not ready (loading,
     * failed, not found) is asked again by the new client, so what it says comes in the new
     * language. (A refused ticket number is refused again without sending.)
     */
    relocalize() {
      if (!current) return;
      actions.relocalize();
      for (const section of sections) {
        if (section.node.dataset.state === "starting") continue; // its wait goes on (and says nothing yet)
        if (section.node.dataset.state === "not-started") {
          showNotStarted(section.node.querySelector(".dsec__content"), current);
          continue;
        }
        if (section.node.dataset.state !== "ready") load(section, current);
      }
    },
  };
}
