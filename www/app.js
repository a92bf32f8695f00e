// Ticket Center: the demo portal page, and the package's living example.
//
// What a portal needs from bk-itsm-tickets, and where this page uses it:
//   createClient({ gateway, locale })       one client per BlueKing door, on the page's origin,
//                                           made again when the language switch changes `locale`
//   client.getTickets(params, { signal })   one typed TicketPage, or one ItsmError   (below)
//     ... with page_size 1, for a count    the status summary (summary.js)
//   client.iterTickets(params, options)     every matching ticket, streamed: the CSV export
//                                           (export.js)
//   client.validate("getTickets", params)   inline messages as the user types, each issue's
//                                           `userMessage` (filters.js, pager.js)
//   isItsmError(e), ItsmCode                the error panel: `userMessage` for the user, then
//                                           message, kind, code, reason, request id (notice.js)
//   client.getTicketInfo({ sn })            the ticket drawer: details, where it stands, and
//   client.getTicketStatus({ sn })            its timeline, each section on its own (drawer.js)
//   client.getTicketLogs({ sn })
//   client.getTicketsByUser({ user, view_type, page, page_size })
//                                           the "My ..." tabs, API gateway only (mine.js)
//
//   client.getServiceCatalogs(), getServices({ catalog_id }), getServiceDetail({ service_id }),
//   client.validateTicketFields(service, values), createTicket({ service_id, fields }, { service })
//                                           "New ticket": catalogue, services, the service's form
//                                           with the package's messages under its fields (compose.js,
//                                           form.js); then the new ticket's drawer, which waits for
//                                           its flow to start (waitForSteps)
//   client.approve(...) (API gateway), operateTicket(...), commentTicket(...)
//                                           the drawer's actions, offered where getTicketStatus
//                                           allows them (actions.js)
//
// The form passes its fields as they stand: an empty one is "" (or []), which the package takes
// as not given.
//
// No app credentials are in the page. It is served by the portal's own server, which acts as
// a same-origin proxy and adds bk_app_code / bk_app_secret to each call (the local server does
// this with --proxy-app). The user's bk_token cookie is read and sent by the package itself.
// Every call goes to one base URL, `itsmBase()` in api.js: PROXY_MOUNT there is the one line
// that moves the page onto bk-itsm-tickets/proxy at /itsm.

import { createFilterForm, paramsFromFilters } from "./filters.js";
import { createPager } from "./pager.js";
import { DEFAULT_PAGE_SIZE, FILTER_KEYS, debugBase, readState, writeState } from "./route.js";
import { loginToken, showSignIn, showUser, signInAgainHref, userName } from "./session.js";
import { renderSkeleton, renderTickets, ticketRow } from "./table.js";
import { hideNotice, showAgain, showError } from "./notice.js";
import { createLocaleSwitch, translatePage } from "./i18n.js";
import { createClients, rememberTicketUrl } from "./api.js";
import { createCompose } from "./compose.js";
import { createSummary, statusCounts } from "./summary.js";
import { createExport } from "./export.js";
import { normalizeStatusList } from "./statuses.js";
import { createDrawer } from "./drawer.js";
import { createMyLists } from "./mine.js";

const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat("en");

/** What a language switch does: on the sign-in screen, only remember the choice. */
let onLocale = () => {};
createLocaleSwitch($("lang"), (next) => {
  translatePage();
  onLocale(next);
});
translatePage();

if (loginToken()) main();
else showSignIn();

function main() {
  showUser();
  $("app").hidden = false;

  // ---------------------------------------------------------------- clients

  // Every call goes through the portal's proxy, bk-itsm-tickets/proxy, which the server mounts
  // at /itsm (`itsmBase()` in api.js); the debug hook's prefix goes in front of it.
  if (debugBase()) {
    $("debug-banner").textContent = `Debug: API calls go through ${debugBase()} on this server (the ?base= hook).`;
    $("debug-banner").hidden = false;
  }
  /**
   * One client per door, made on first use, in the page's language (`locale` words the
   * `userMessage` of its errors and issues) and as the signed-in user, all calling `itsmBase()`
   * (api.js). A language switch makes them again (relocalize).
   */
  const clients = createClients();
  const clientFor = (door) => clients.clientFor(door);
  /** What the package says about parameters of getTickets, in the page's language. */
  const validate = (params) => clientFor(state.door).validate("getTickets", params);

  // ---------------------------------------------------------------- state

  let state = readState();

  /** The filters as GetTicketsParams, without paging: what the export walks. */
  const currentFilters = () => paramsFromFilters(state.filters);

  /** The statuses of the status filter, e.g. ["RUNNING"]; [] for any. */
  const selectedStatuses = () => (state.filters.current_status__in || "").split(",").filter(Boolean);

  /** The filters the status summary counts for: all but the status filter (it shows every status). */
  function summaryFilters() {
    const { current_status__in, ...others } = currentFilters();
    return others;
  }
  /** What the summary's counts depend on: the door and those filters (not the page, not the statuses). */
  const summaryKey = () => JSON.stringify([state.door, summaryFilters()]);

  /** A new status filter, from page 1. */
  const withStatuses = (statuses) =>
    go(
      {
        ...state,
        filters: { ...state.filters, current_status__in: normalizeStatusList(statuses.join(",")) },
        page: 1,
      },
      { refill: true },
    );

  /**
   * Moves to a new state: recorded in the address bar, then loaded. `refill` puts the state
   * back into the filter form (otherwise text typed there but not yet searched stays).
   */
  function go(next, { refill = false } = {}) {
    state = next;
    writeState(state);
    syncControls({ refill });
    syncView();
    load();
  }

  const filters = createFilterForm($("filters"), {
    validate,
    onSearch: (values, pageSize) =>
      go({ ...state, filters: values, pageSize: pageSize ?? DEFAULT_PAGE_SIZE, page: 1 }, { refill: true }),
    onReset: () =>
      go(
        { ...state, filters: Object.fromEntries(FILTER_KEYS.map((k) => [k, ""])), pageSize: DEFAULT_PAGE_SIZE, page: 1 },
        { refill: true },
      ),
  });

  const pager = createPager($("pager"), {
    validate,
    onPage: (page) => go({ ...state, page }),
    onPageSize: (pageSize) => go({ ...state, pageSize, page: 1 }, { refill: true }),
  });

  for (const radio of document.querySelectorAll('input[name="door"]')) {
    radio.addEventListener("change", () => go({ ...state, door: radio.value, page: 1 }));
  }

  const summary = createSummary($("summary"), {
    // A click shows that status only (a second click, all again); Ctrl/⌘/Shift-click adds or
    // removes it.
    onPick: (status, { add }) => {
      const now = selectedStatuses();
      if (add) {
        withStatuses(now.includes(status) ? now.filter((s) => s !== status) : [...now, status]);
      } else {
        withStatuses(now.length === 1 && now[0] === status ? [] : [status]);
      }
    },
    onClear: () => withStatuses([]),
  });

  createExport($("export"), $("export-start"), {
    source: () => ({ client: clientFor(state.door), params: currentFilters() }),
    // A new export clears the last one's error; the table's own errors stay.
    onStart: () => $("notice").dataset.action === "Export" && hideNotice($("notice")),
    onError: (error, retry) =>
      showError($("notice"), error, {
        onRetry: retry,
        signInAgainHref: signInAgainHref(),
        keptResults: true,
        action: "Export",
        fieldLabel: filters.label,
      }),
  });

  $("empty-reset").addEventListener("click", () => $("filters-reset").click());
  $("cancel").addEventListener("click", () => inflight?.controller.abort());
  /** What the table shows: a Back that only closes the drawer or changes tab keeps the table. */
  const listKey = () => JSON.stringify([state.door, state.filters, state.page, state.pageSize]);
  window.addEventListener("popstate", () => {
    const before = listKey();
    state = readState();
    syncControls({ refill: true });
    syncView();
    syncDrawer();
    syncCompose();
    if (listKey() !== before) load();
  });

  /** Puts the state into the door switch and its hint, and (refill) the filter form. */
  function syncControls({ refill }) {
    if (refill) filters.fill(state.filters, state.pageSize);
    filters.setDoor(state.door);
    for (const radio of document.querySelectorAll('input[name="door"]')) {
      radio.checked = radio.value === state.door;
    }
  }

  // ---------------------------------------------------------------- the drawer and the tabs

  const drawer = createDrawer($("drawer"), {
    client: () => clientFor(state.door),
    gatewayClient: () => clientFor("apigw"),
    user: userName,
    signInAgainHref,
    inertRoots: [document.querySelector(".topbar"), $("app")],
    // Closed by the user: the address forgets the ticket (a new entry, so Back reopens it).
    onClose: () => {
      state = { ...state, ticket: "" };
      writeState(state);
    },
    onChanged: (sn) => refreshRow(sn),
  });

  /** Opens a ticket's drawer, recorded in the address: a link shows it, Back closes it. */
  function openTicket(sn, from, title, { starting = false } = {}) {
    state = { ...state, ticket: sn };
    writeState(state);
    drawer.open(sn, { title, from, starting });
  }

  /**
   * After a write to ticket `sn`: its row in the table, asked for again (`getTickets({ sns })`)
   * and put in place, and the "My ..." list asked again.
   */
  async function refreshRow(sn) {
    mine.refresh();
    const row = [...$("tickets-body").querySelectorAll("tr[data-sn]")].find((tr) => tr.dataset.sn === sn);
    if (!row) return;
    try {
      const page = await clientFor(state.door).getTickets({ sns: [sn] });
      const ticket = page.items.find((item) => item.sn === sn);
      if (!ticket || !row.isConnected) return;
      const fresh = ticketRow(ticket);
      fresh.classList.add("row--updated");
      drawer.retarget(row, fresh);
      row.replaceWith(fresh);
    } catch {
      // The row stays as it was: the drawer shows the ticket as it stands.
    }
  }

  // ---------------------------------------------------------------- New ticket

  const compose = createCompose($("compose"), {
    client: () => clientFor(state.door),
    inertRoots: [document.querySelector(".topbar"), $("app")],
    signInAgainHref,
    // The ticket exists: its drawer, waiting for its flow to start; the list, with it on top.
    onCreated: (created) => {
      rememberTicketUrl(created.ticket_url);
      state = { ...state, compose: null };
      writeState(state, { replace: true });
      openTicket(created.sn, $("new-ticket"), "", { starting: true });
      if (state.view === "all") load();
      mine.refresh();
    },
    // No answer came: the ticket may exist. The list shows what there is now.
    onMaybeCreated: () => {
      load();
      mine.refresh();
    },
    onStep: (serviceId) => {
      state = { ...state, compose: serviceId };
      writeState(state, { replace: true });
    },
    onClose: () => {
      state = { ...state, compose: null };
      writeState(state);
    },
  });

  $("new-ticket").hidden = false;
  $("new-ticket").addEventListener("click", () => {
    state = { ...state, compose: "" };
    writeState(state);
    compose.open({ from: $("new-ticket") });
  });

  /** The address's New ticket dialog into the page (after Back or Forward, or on load). */
  function syncCompose() {
    if (state.compose === null) compose.close();
    else compose.open({ serviceId: state.compose });
  }

  /** The address's ticket into the drawer (after Back or Forward). */
  function syncDrawer() {
    if (state.ticket) drawer.open(state.ticket);
    else drawer.close();
  }

  /** A click on a row opens its ticket, except on the row's "Open" link (which opens ITSM). */
  for (const tbody of [$("tickets-body"), $("mine-body")]) {
    tbody.addEventListener("click", (event) => {
      if (event.target.closest("a")) return;
      const tr = event.target.closest("tr[data-sn]");
      if (!tr) return;
      openTicket(tr.dataset.sn, tr.querySelector(".sn-btn"), tr.querySelector(".ticket-title")?.textContent ?? "");
    });
  }

  const mine = createMyLists($("mine"), {
    client: clientFor,
    onUseGateway: () => go({ ...state, door: "apigw", page: 1 }),
    signInAgainHref,
  });

  const tabs = [...document.querySelectorAll('#views [role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener("click", () => setView(tab.dataset.view));
    // The tab pattern: one tab stop, arrows move between the tabs.
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      setView(next.dataset.view);
    });
  }

  function setView(view) {
    if (view === state.view) return;
    state = { ...state, view };
    writeState(state);
    syncView();
  }

  /** Shows the selected tab: the filtered list, or one of the user's lists. */
  function syncView() {
    const all = state.view === "all";
    for (const tab of tabs) {
      const selected = tab.dataset.view === state.view;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    $("filters-panel").hidden = $("results").hidden = !all;
    $("mine").hidden = all;
    if (!all) mine.show({ view: state.view, door: state.door, user: userName() });
  }

  // ---------------------------------------------------------------- loading

  /** The request in flight: a newer one aborts it, and Cancel aborts it. */
  let inflight = null;
  let shown = null; // the TicketPage on screen

  async function load() {
    inflight?.controller.abort();
    const mine = { controller: new AbortController() };
    inflight = mine;
    setBusy(true);
    const params = { ...currentFilters(), page: state.page, page_size: state.pageSize };
    // Paging keeps the summary; other filters make it stale (and stop its requests).
    const key = summaryKey();
    const door = state.door;
    const counted = summaryFilters();
    summary.want(key);
    summary.select(selectedStatuses());
    try {
      const page = await clientFor(door).getTickets(params, { signal: mine.controller.signal });
      if (inflight === mine) {
        render(page);
        // The counts come after the page: the table matters most, and the browser's six
        // connections per host would otherwise hold the page back behind nine counts.
        summary.load(key, (signal) => statusCounts(clientFor(door), counted, signal));
      }
    } catch (error) {
      // A superseded request's "aborted" is not news: the newer request reports.
      if (inflight === mine) {
        fail(error);
        summary.drop(key);
      }
    } finally {
      if (inflight === mine) {
        inflight = null;
        setBusy(false);
      }
    }
  }

  function setBusy(busy) {
    if (busy) $("results").dataset.state = "loading"; // render() or fail() says what came
    $("results").classList.toggle("results--busy", busy);
    $("tickets").setAttribute("aria-busy", String(busy));
    $("progress").hidden = $("loading").hidden = $("cancel").hidden = !busy;
    if (busy && !shown) {
      $("table-wrap").hidden = false;
      $("empty").hidden = true;
      renderSkeleton($("tickets-body"));
    }
    pager.setBusy(busy);
  }

  function render(page) {
    shown = page;
    if (page.items.length) rememberTicketUrl(page.items[0].ticket_url);
    hideNotice($("notice"));
    renderTickets($("tickets-body"), page.items);
    $("table-wrap").hidden = false;
    $("tickets").hidden = page.count === 0;
    $("empty").hidden = page.count !== 0;
    $("results-count").textContent = `${number.format(page.count)} ${page.count === 1 ? "ticket" : "tickets"}`;
    $("results-pages").textContent = `Page ${number.format(page.page)} of ${number.format(page.total_page)}`;
    pager.render(page, state.pageSize);
    $("results").dataset.state = "ready";
  }

  function fail(error) {
    const cancelled = error?.kind === "aborted";
    if (!shown) $("tickets-body").replaceChildren(); // no skeleton left behind
    // After a cancel the previous page stays; after a failure it would mislead, so it goes.
    $("table-wrap").hidden = !(cancelled && shown);
    showError($("notice"), error, {
      onRetry: load,
      signInAgainHref: signInAgainHref(),
      keptResults: Boolean(cancelled && shown),
      fieldLabel: filters.label,
    });
    $("results").dataset.state = cancelled ? "cancelled" : "error";
  }

  // ---------------------------------------------------------------- the language switch

  /**
   * The language changed: new clients (made on next use with the new `locale`), and every message
   * on screen in the new language. What the package says about the form is asked again (nothing is
   * sent); a call that failed, or is still on its way, is made again by a new client, as Retry
   * would (a refused parameter is refused again without sending): its error comes back in the
   * new language. A cancel keeps its panel, in the page's new words (it has no userMessage).
   * So does an export's failure, whose userMessage stays as the old client wrote it: asking
   * again would mean exporting again.
   */
  function relocalize() {
    clients.clear();
    compose.relocalize();
    filters.recheck();
    pager.recheck();
    const now = $("results").dataset.state;
    if (now === "error" || now === "loading") load();
    else showAgain($("notice"));
    summary.relocalize();
    mine.relocalize();
    drawer.relocalize();
  }
  onLocale = relocalize;

  // ---------------------------------------------------------------- start

  syncControls({ refill: true });
  syncView();
  // On a phone the filters start folded away, unless the address asks for some.
  if (matchMedia("(max-width: 640px)").matches && !FILTER_KEYS.some((k) => state.filters[k])) {
    $("filters-panel").open = false;
  }
  writeState(state, { replace: true });
  if (filters.validate()) load();
  else $("results").dataset.state = "invalid";
  if (state.ticket) drawer.open(state.ticket);
  if (state.compose !== null) compose.open({ serviceId: state.compose });
}
