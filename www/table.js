// The ticket table. Every value from the server reaches the page through textContent (or an
// attribute set from script), never through innerHTML: titles are typed by users and may hold
// markup such as `<img src=x onerror=...>`, which must show as the characters typed.

import { statusLook } from "./statuses.js";
import { el } from "./dom.js";

const SERVICE_TYPES = {
  event: "Incident",
  request: "Request",
  change: "Change",
  question: "Question",
  DEFAULT: "Other",
};

/** `<tag class=...>text</tag>`, with the text as text. */

/** A coloured badge for a ticket status; the raw status is kept in the tooltip. */
export function statusBadge(status) {
  const [label, colour] = statusLook(status);
  const badge = el("span", `badge badge--${colour}`, label);
  badge.title = status;
  badge.dataset.status = status;
  return badge;
}

/**
 * Only http(s) links become hrefs: a `javascript:` URL in `ticket_url` would otherwise run
 * when clicked. Anything else is shown without a link.
 */
export function safeHref(url) {
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** One cell, labelled for the phone layout (where each row becomes a card). */
function cell(className, label, ...children) {
  const td = el("td", className);
  td.dataset.label = label;
  td.append(...children);
  return td;
}

const orDash = (text) => (text === null || text === "" ? el("span", "muted", "—") : text);

/**
 * The ticket number, as the button that opens the ticket's drawer (drawer.js). A click anywhere
 * on the row does the same (app.js); the button is what the keyboard and screen readers reach.
 */
export function snButton(sn) {
  const button = el("button", "sn sn-btn", sn);
  button.type = "button";
  button.setAttribute("aria-haspopup", "dialog");
  return button;
}

/** One table row for one ticket. */
export function ticketRow(ticket) {
  const tr = el("tr");
  tr.dataset.id = String(ticket.id);
  tr.dataset.sn = ticket.sn;

  const title = el("span", "ticket-title", ticket.title);
  title.title = ticket.title; // the full title when the cell cuts it short

  const href = safeHref(ticket.ticket_url);
  let link;
  if (href) {
    link = el("a", "open-link", "Open");
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.setAttribute("aria-label", `Open ${ticket.sn} in ITSM`);
  } else {
    link = el("span", "muted", "—");
  }

  tr.append(
    cell("c-sn", "Ticket", snButton(ticket.sn)),
    cell("c-title", "Title", title),
    cell("c-status", "Status", statusBadge(ticket.current_status)),
    cell("c-type", "Type", SERVICE_TYPES[ticket.service_type] ?? ticket.service_type),
    cell("c-creator", "Creator", orDash(ticket.creator)),
    cell("c-created", "Created", ticket.create_at),
    cell("c-ended", "Ended", orDash(ticket.end_at)),
    cell("c-link", "Link", link),
  );
  return tr;
}

/** Replaces the table body with these tickets. */
export function renderTickets(tbody, tickets) {
  tbody.replaceChildren(...tickets.map(ticketRow));
}

/** Grey placeholder rows while the first page loads. */
export function renderSkeleton(tbody, rows = 6) {
  const columns = ["c-sn", "c-title", "c-status", "c-type", "c-creator", "c-created", "c-ended", "c-link"];
  const row = () => {
    const tr = el("tr", "skeleton");
    for (const column of columns) {
      const td = el("td", column);
      td.append(el("span", "skeleton__bar"));
      tr.append(td);
    }
    return tr;
  };
  tbody.replaceChildren(...Array.from({ length: rows }, row));
}
