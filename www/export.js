// "Export all as CSV": every ticket matching the filters (not just the page on screen), walked
// with the package's `iterTickets` and turned into CSV rows as the tickets stream in.
//
// The walk asks for big pages, four at a time (`concurrency: 4`: the next pages load while
// this page's rows are written), and reports progress after each page. Cancel aborts the
// walk's signal: the pages in flight are aborted, no further page is requested, and the rows
// written so far are dropped. Only a complete export becomes a file.

import { BOM, csvHeader, exportFileName, ticketRow } from "./csv.js";

/** Tickets per request: few round trips, answers of a few hundred kB. */
export const EXPORT_PAGE_SIZE = 1000;
const CONCURRENCY = 4;

/**
 * How long the Blob URL outlives the click. Browsers resolve it when the download starts,
 * which is after `click()` returns (Firefox and Safari have lost downloads to a URL revoked
 * at once), so it is revoked a little later.
 */
const REVOKE_AFTER_MS = 10_000;

const number = new Intl.NumberFormat("en");

/** Saves `blob` as `name` through a temporary `<a download>`. */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/**
 * Wires the export button and panel.
 * @param {HTMLElement} panel  the #export panel
 * @param {HTMLButtonElement} button  "Export all as CSV"
 * @param {{
 *   source(): { client: import("/pkg/index.js").Client, params: object },
 *   onStart(): void,
 *   onError(error: unknown, retry: () => void): void,
 * }} hooks  source: the client and the filters (GetTicketsParams) to export, read at the click;
 *   onStart: an export begins; onError: it failed (not cancelled)
 */
export function createExport(panel, button, { source, onStart, onError }) {
  const $ = (id) => panel.querySelector(`#${id}`);
  const meter = $("export-meter");
  let running = null; // the AbortController of the export in progress

  function show(state, title, detail = "") {
    panel.dataset.state = state;
    $("export-title").textContent = title;
    $("export-detail").textContent = detail;
    $("export-cancel").hidden = state !== "running";
    $("export-close").hidden = state === "running";
    panel.hidden = false;
  }

  /** The bar and "Exported N of M"; without a total yet, the bar just moves. */
  function progress(fetched, total) {
    const known = typeof total === "number";
    meter.classList.toggle("export__meter--waiting", !known);
    if (known) {
      const max = Math.max(total, fetched, 1);
      meter.setAttribute("aria-valuemax", String(max));
      meter.setAttribute("aria-valuenow", String(fetched));
      $("export-fill").style.width = `${(fetched / max) * 100}%`; // CSSOM, which the CSP allows
      $("export-detail").textContent = `Exported ${number.format(fetched)} of ${number.format(total)}`;
    } else {
      meter.removeAttribute("aria-valuenow");
      $("export-fill").style.width = "";
    }
  }

  function cancelled({ fetched, total }) {
    const where =
      total === null
        ? "before the first page arrived"
        : `after ${number.format(fetched)} of ${number.format(total)}`;
    show("cancelled", "Export cancelled", `No file was saved (stopped ${where}).`);
  }

  async function run() {
    if (running) return;
    const { client, params } = source();
    onStart();
    const controller = new AbortController();
    running = controller;
    button.disabled = true;
    const started = new Date();
    let last = { fetched: 0, total: null };
    show("running", "Exporting tickets to CSV…", "Asking for the first page…");
    progress(0, null);

    // The rows as they come; joined into one Blob at the end (no giant string on the way).
    let parts = [BOM, csvHeader()];
    try {
      const walk = client.iterTickets(
        { ...params, page_size: EXPORT_PAGE_SIZE },
        {
          signal: controller.signal,
          concurrency: CONCURRENCY,
          onProgress: ({ fetched, total }) => {
            last = { fetched, total };
            if (!controller.signal.aborted) progress(fetched, total);
          },
        },
      );
      for await (const ticket of walk) {
        // Leaving the loop closes the walk (the generator's `finally`): nothing more is asked.
        if (controller.signal.aborted) break;
        parts.push(ticketRow(ticket));
      }
      if (controller.signal.aborted) return cancelled(last);

      const rows = parts.length - 2;
      const name = exportFileName(started);
      download(new Blob(parts, { type: "text/csv;charset=utf-8" }), name);
      progress(rows, rows);
      show("done", `Exported ${number.format(rows)} ${rows === 1 ? "ticket" : "tickets"}`, `Saved as ${name}`);
    } catch (error) {
      // The walk rejects with kind "aborted" when Cancel stops it mid-page.
      if (controller.signal.aborted) {
        cancelled(last);
      } else {
        panel.hidden = true;
        panel.dataset.state = "error";
        onError(error, run);
      }
    } finally {
      parts = null; // a cancelled or failed export leaves nothing behind
      running = null;
      button.disabled = false;
    }
  }

  button.addEventListener("click", run);
  $("export-cancel").addEventListener("click", () => running?.abort());
  $("export-close").addEventListener("click", () => {
    if (!running) panel.hidden = true;
  });

  return {
    /** Stops the export in progress, as its Cancel button does. */
    cancel: () => running?.abort(),
  };
}
