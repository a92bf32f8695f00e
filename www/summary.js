// The status summary above the table: one bar per status with its count for the current
// filters, scaled to the largest, and an "Other (custom)" bar for admin-defined statuses.
//
// The counts come from the package like any page: `getTickets({ ...filters,
// current_status__in: [status], page_size: 1 })` reads `count` and carries one ticket, so the
// nine calls (eight statuses and the total) are cheap and are made at once. The summary leaves
// out the page's own status filter: it shows every status for the other filters, and a click
// on a bar sets the status filter.

import { STATUS_LIST } from "./statuses.js";
import { locale, t } from "./i18n.js";
import { el } from "./dom.js";

const number = new Intl.NumberFormat("en");

/**
 * Counts per status for `filters` (GetTicketsParams without `current_status__in`), all at
 * once. `other` is what the eight statuses do not cover: admin-defined 32-hex statuses.
 * @returns {Promise<{ total: number, counts: Record<string, number>, other: number }>}
 */
export async function statusCounts(client, filters, signal) {
  const count = (extra) =>
    client.getTickets({ ...filters, ...extra, page_size: 1 }, { signal }).then((page) => page.count);
  const [total, ...counts] = await Promise.all([
    count({}),
    ...STATUS_LIST.map(([status]) => count({ current_status__in: [status] })),
  ]);
  const known = counts.reduce((sum, n) => sum + n, 0);
  return {
    total,
    counts: Object.fromEntries(STATUS_LIST.map(([status], i) => [status, counts[i]])),
    // Nine separate answers: a ticket created between them could make this -1 for a moment.
    other: Math.max(0, total - known),
  };
}

/** "39%", "<1%" for a small non-zero share, "" when there is nothing to share. */
function share(count, total) {
  if (!total) return "";
  const percent = (count / total) * 100;
  return count > 0 && percent < 1 ? "<1%" : `${Math.round(percent)}%`;
}

/**
 * Wires the summary section.
 * @param {HTMLElement} root  the #summary section
 * @param {{ onPick(status: string, options: { add: boolean }): void, onClear(): void }} handlers
 *   onPick: a status bar was clicked (`add`: with Ctrl, ⌘ or Shift, to add or remove it)
 */
export function createSummary(root, { onPick, onClear }) {
  const $ = (id) => root.querySelector(`#${id}`);
  const bars = new Map(); // status (or "other") → { node, fill, count, share }

  function bar(status, label, colour, clickable) {
    const node = el(clickable ? "button" : "div", `sbar sbar--${colour}`);
    node.dataset.status = status;
    const name = el("span", "sbar__label", label);
    const figures = el("span", "sbar__figures");
    const count = el("span", "sbar__count", "–");
    const part = el("span", "sbar__share");
    figures.append(count, part);
    const track = el("span", "sbar__track");
    const fill = el("span", "sbar__fill");
    track.append(fill);
    node.append(name, figures, track);
    if (clickable) {
      node.type = "button";
      node.setAttribute("aria-pressed", "false");
      node.title = `Only ${label} tickets (Ctrl/⌘-click to add to the filter)`;
      node.addEventListener("click", (event) =>
        onPick(status, { add: event.ctrlKey || event.metaKey || event.shiftKey }),
      );
    } else {
      node.title = "Admin-defined workflow statuses (32-hex keys), not one of the eight built-in ones";
    }
    bars.set(status, { node, fill, count, share: part });
    return node;
  }

  $("summary-bars").append(
    ...STATUS_LIST.map(([status, label, colour]) => bar(status, label, colour, true)),
    bar("other", "Other (custom)", "purple", false),
  );
  $("summary-clear").addEventListener("click", () => onClear());

  let shownKey = null; // the filters the bars stand for
  let loading = null; // { key, controller, run }
  let failed = null; // { key, run } of the counts whose error is shown
  let wanted = null; // the filters the page shows now
  let selected = [];

  function setState(value) {
    root.dataset.state = value;
    root.setAttribute("aria-busy", String(value === "loading" || value === "stale"));
  }

  function render({ total, counts, other }) {
    const all = { ...counts, other };
    const max = Math.max(1, ...Object.values(all));
    for (const [status, parts] of bars) {
      const n = all[status];
      parts.count.textContent = number.format(n);
      parts.share.textContent = share(n, total);
      parts.fill.style.width = `${(n / max) * 100}%`; // CSSOM, which the CSP allows
      parts.node.classList.toggle("sbar--zero", n === 0);
      parts.node.dataset.count = String(n);
      parts.node.setAttribute("aria-label", `${parts.node.querySelector(".sbar__label").textContent}: ${number.format(n)}`);
    }
    $("summary-total").textContent = `${number.format(total)} ${total === 1 ? "ticket" : "tickets"} in all statuses`;
    $("summary-total").dataset.total = String(total);
    $("summary-error").hidden = true;
    root.hidden = false;
  }

  /** Placeholders: no counts to show (yet). */
  function clear() {
    for (const parts of bars.values()) {
      parts.count.textContent = "–";
      parts.share.textContent = "";
      parts.fill.style.width = "0";
      parts.node.removeAttribute("aria-label");
      delete parts.node.dataset.count;
    }
    $("summary-total").textContent = "";
    delete $("summary-total").dataset.total;
  }

  /** The package's sentence for the user; the developer's message, kind and code as the tooltip. */
  function showError(error, retry) {
    const box = $("summary-error");
    const again = el("button", "link-btn", t("retry"));
    again.type = "button";
    again.addEventListener("click", retry);
    box.replaceChildren(t("summary.failed", { message: error?.userMessage || String(error?.message ?? error) }), " ", again);
    box.title = [error?.kind, error?.code, error?.reason, error?.message].filter((v) => v !== undefined && v !== "").join(" · ");
    box.dataset.reason = error?.reason ?? "";
    box.lang = locale();
    box.hidden = false;
    root.hidden = false;
  }

  function paintSelection() {
    const active = selected.length > 0;
    for (const [status, { node }] of bars) {
      const on = selected.includes(status);
      if (node.tagName === "BUTTON") node.setAttribute("aria-pressed", String(on));
      node.classList.toggle("sbar--dim", active && !on);
    }
    $("summary-clear").hidden = !active;
    $("summary-hint").hidden = active;
  }

  const api = {
    /**
     * A load for the filters `key` begins: counts for other filters are now out of date, and
     * their requests (if any are in flight) are no longer wanted.
     */
    want(key) {
      wanted = key;
      if (loading && loading.key !== key) {
        loading.controller.abort();
        loading = null;
      }
      // Counts (or placeholders) on screen for other filters: dimmed until the new ones come.
      if (shownKey !== key && !loading) setState(root.hidden ? "idle" : "stale");
    },

    /** Counts the tickets of `key` with `run(signal)`, unless they are shown or on their way. */
    load(key, run) {
      if ((shownKey === key && root.dataset.state === "ready") || loading?.key === key) return;
      loading?.controller.abort();
      const mine = { key, controller: new AbortController(), run };
      loading = mine;
      setState("loading");
      if (shownKey !== key) {
        shownKey = null;
        clear(); // placeholders until the counts arrive
      }
      $("summary-error").hidden = true;
      failed = null;
      root.hidden = false;
      run(mine.controller.signal).then(
        (counts) => {
          if (loading !== mine) return;
          loading = null;
          shownKey = key;
          render(counts);
          setState("ready");
        },
        (error) => {
          mine.controller.abort(); // the other counts of this round are not wanted now
          if (loading !== mine) return; // superseded: the newer round reports
          loading = null;
          shownKey = null;
          clear();
          failed = { key, run };
          showError(error, () => api.load(key, run));
          setState("error");
        },
      );
    },

    /** The table could not load `key`: bars for other filters would mislead, so they go. */
    drop(key) {
      if (loading?.key === key) {
        loading.controller.abort();
        loading = null;
      }
      if (shownKey !== key) {
        shownKey = null;
        failed = null;
        clear();
        root.hidden = true;
        setState("idle");
      }
    },

    /**
     * After a language switch: counts on their way, or whose error is shown, are asked again
     * (`run` calls the new client), so an error comes back in the new language.
     */
    relocalize() {
      const again = loading ?? (failed?.key === wanted ? failed : null);
      if (!again) return;
      loading?.controller.abort();
      loading = null;
      api.load(again.key, again.run);
    },

    /** Marks the statuses of the page's status filter. */
    select(statuses) {
      selected = statuses;
      paintSelection();
    },
  };
  return api;
}
