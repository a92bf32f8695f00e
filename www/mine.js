// The "My ..." tabs: the signed-in user's lists, one page at a time, from
//   client.getTicketsByUser({ user, view_type, page, page_size }, { signal })
// which only the API gateway serves: ESB has no get_tickets_by_user component (it answers 404),
// so with ESB selected the tab says so instead of sending a call that cannot work.
//
// The gateway's items are not get_tickets' tickets: no ticket_url, no end_at, but the service's
// name, the current steps and a priority, which is what these columns show.

import { showError, hideNotice } from "./notice.js";
import { snButton, statusBadge } from "./table.js";
import { el } from "./dom.js";

/** [view_type, tab label, what the list holds]. */
export const MY_VIEWS = [
  ["my_todo", "My to-dos", "Open tickets waiting on you."],
  ["my_created", "My tickets", "Tickets you created, newest first."],
  ["my_approval", "My approvals", "Your to-dos that stand at an approval step."],
];

const PAGE_SIZE = 20;
const number = new Intl.NumberFormat("en");

function cell(className, label, ...children) {
  const td = el("td", className);
  td.dataset.label = label;
  td.append(...children);
  return td;
}

/** ITSM's "no value" is `--` (priority, status display) or a missing member (legacy tickets). */
const orDash = (text) => (typeof text === "string" && text !== "" && text !== "--" ? text : el("span", "muted", "—"));

/** One row of a user's list. */
function myRow(item) {
  const tr = el("tr");
  tr.dataset.sn = item.sn;
  const title = el("span", "ticket-title", item.title);
  title.title = item.title;
  const badge = statusBadge(item.current_status);
  if (item.current_status_display && item.current_status_display !== "--") badge.title = item.current_status_display;
  const steps = Array.isArray(item.current_steps) ? item.current_steps.map((s) => s.name).join(", ") : "";
  tr.append(
    cell("c-sn", "Ticket", snButton(item.sn)),
    cell("c-title", "Title", title),
    cell("c-status", "Status", badge),
    cell("c-step", "Step", orDash(steps)),
    cell("c-service", "Service", orDash(item.service_name)),
    cell("c-priority", "Priority", orDash(item.priority_name)),
    cell("c-creator", "Creator", orDash(item.creator)),
    cell("c-created", "Created", item.create_at),
  );
  return tr;
}

/**
 * @param {HTMLElement} section  #mine (index.html)
 * @param {{ client(door: string): import("/pkg/index.js").Client, onUseGateway(): void,
 *           signInAgainHref(): string }} options
 */
export function createMyLists(section, { client, onUseGateway, signInAgainHref }) {
  const $ = (id) => section.querySelector(`#${id}`);
  let want = null; // { view, door, user, page }: what should be on screen
  let shownKey = null; // what is on screen (or loading), as JSON
  let inflight = null;

  $("mine-use-gateway").addEventListener("click", onUseGateway);
  $("mine-prev").addEventListener("click", () => want && go({ ...want, page: want.page - 1 }));
  $("mine-next").addEventListener("click", () => want && go({ ...want, page: want.page + 1 }));

  function setState(state) {
    section.dataset.state = state;
    $("mine-loading").hidden = state !== "loading";
    $("mine-gateway").hidden = state !== "needs-gateway";
    $("mine-nouser").hidden = state !== "no-user";
    section.setAttribute("aria-busy", String(state === "loading"));
  }

  function go(next) {
    want = next;
    const [, label, blurb] = MY_VIEWS.find(([v]) => v === next.view);
    $("mine-heading").textContent = label;
    $("mine-blurb").textContent = blurb;
    const key = JSON.stringify(next);
    if (key === shownKey && section.dataset.state !== "error") return;
    shownKey = key;
    inflight?.abort();
    inflight = null;
    hideNotice($("mine-notice"));
    if (next.door !== "apigw") return empty("needs-gateway");
    if (!next.user) return empty("no-user");
    load(next);
  }

  function empty(state) {
    $("mine-table-wrap").hidden = true;
    $("mine-pager").hidden = true;
    $("mine-count").textContent = "";
    setState(state);
  }

  async function load(asked) {
    const controller = new AbortController();
    inflight = controller;
    setState("loading");
    section.classList.add("results--busy");
    $("mine-prev").disabled = $("mine-next").disabled = true;
    try {
      const page = await client(asked.door).getTicketsByUser(
        { user: asked.user, view_type: asked.view, page: asked.page, page_size: PAGE_SIZE },
        { signal: controller.signal },
      );
      if (inflight !== controller) return;
      render(page, asked);
    } catch (error) {
      if (inflight !== controller) return;
      $("mine-table-wrap").hidden = true;
      $("mine-pager").hidden = true;
      showError($("mine-notice"), error, {
        onRetry: () => load(asked),
        signInAgainHref: signInAgainHref(),
        keptResults: false,
      });
      setState("error");
    } finally {
      if (inflight === controller) {
        inflight = null;
        section.classList.remove("results--busy");
      }
    }
  }

  function render(page, asked) {
    $("mine-body").replaceChildren(...page.items.map(myRow));
    $("mine-table-wrap").hidden = false;
    $("mine-table").hidden = page.count === 0;
    $("mine-empty").hidden = page.count !== 0;
    $("mine-count").textContent = `${number.format(page.count)} ${page.count === 1 ? "ticket" : "tickets"}`;
    $("mine-pager").hidden = page.total_page <= 1;
    $("mine-page").textContent = `Page ${number.format(page.page)} of ${number.format(page.total_page)}`;
    $("mine-prev").disabled = page.page <= 1;
    $("mine-next").disabled = page.page >= page.total_page;
    want = { ...asked, page: page.page };
    setState("ready");
  }

  return {
    /** Shows `view` (a MY_VIEWS key) of `user` through `door`, from page 1 if anything changed. */
    show({ view, door, user }) {
      const same = want && want.view === view && want.door === door && want.user === user;
      go({ view, door, user, page: same ? want.page : 1 });
    },
    /**
     * After a write (a ticket changed): the list shown is asked again; a list not shown now is
     * asked again when it is next shown.
     */
    refresh() {
      if (!want) return;
      if (section.hidden) {
        shownKey = null;
        return;
      }
      inflight?.abort();
      inflight = null;
      hideNotice($("mine-notice"));
      if (want.door === "apigw" && want.user) load(want);
    },
    /**
     * After a language switch: a list that failed, or is on its way, is asked again by the new
     * client, so its error comes in the new language.
     */
    relocalize() {
      if (!want || !["loading", "error"].includes(section.dataset.state)) return;
      inflight?.abort();
      inflight = null;
      hideNotice($("mine-notice"));
      load(want);
    },
  };
}
