// Paging: previous / next, a page number to jump to, rows per page, and where we are.
// Pages are asked for by number (`page`): the server's `next`/`previous` links point at the
// ITSM backend and drop page_size and the filters, so they are not followed.

import { locale } from "./i18n.js";

const number = new Intl.NumberFormat("en");

/**
 * @param {HTMLElement} nav
 * @param {{ validate(params: object): import("/pkg/index.js").ValidationIssue[],
 *           onPage(page: number): void, onPageSize(size: number): void }} handlers
 *   validate: the current client's `validate("getTickets", params)`, for the page number typed
 */
export function createPager(nav, { validate, onPage, onPageSize }) {
  const $ = (id) => nav.querySelector(`#${id}`);
  const prev = $("pager-prev");
  const next = $("pager-next");
  const jump = $("pager-jump");
  const pageInput = $("pager-page");
  const sizeSelect = $("pager-size");
  const error = $("pager-error");
  let current = null; // the TicketPage shown

  /** The package's word on a page number, as the user types it (empty: not given, no word). */
  function pageIssue() {
    const issue = validate({ page: pageInput.value.trim() })[0];
    error.textContent = issue ? issue.userMessage : "";
    error.lang = locale();
    pageInput.setAttribute("aria-invalid", String(Boolean(issue)));
    return issue;
  }

  prev.addEventListener("click", () => current && onPage(current.page - 1));
  next.addEventListener("click", () => current && onPage(current.page + 1));
  pageInput.addEventListener("input", pageIssue);
  jump.addEventListener("submit", (event) => {
    event.preventDefault();
    if (pageIssue() || !pageInput.value.trim()) return;
    // A page past the end is sent as asked: the server's answer ("Invalid page.") is shown.
    onPage(Number(pageInput.value.trim()));
  });
  sizeSelect.addEventListener("change", () => onPageSize(Number(sizeSelect.value)));

  return {
    /** Shows a TicketPage's position; `pageSize` is the size it was asked with. */
    render(page, pageSize) {
      current = page;
      nav.hidden = page.count === 0;
      const first = (page.page - 1) * pageSize + 1;
      const last = first + page.items.length - 1;
      $("pager-range").textContent = page.items.length
        ? `${number.format(first)}–${number.format(last)} of ${number.format(page.count)}`
        : `${number.format(page.count)} tickets`;
      pageInput.value = String(page.page);
      error.textContent = "";
      $("pager-total").textContent = `of ${number.format(page.total_page)}`;
      prev.disabled = page.page <= 1;
      next.disabled = page.page >= page.total_page;
      // A size typed in the filter form (e.g. 37) gets its own option.
      if (![...sizeSelect.options].some((o) => o.value === String(pageSize))) {
        sizeSelect.append(new Option(String(pageSize)));
      }
      sizeSelect.value = String(pageSize);
    },
    /** Shows the page number's message again, from the package as it is now (a language switch). */
    recheck() {
      if (error.textContent) pageIssue();
    },
    /** No clicks while a request is in flight; Cancel is the way out. */
    setBusy(busy) {
      for (const control of [prev, next, pageInput, sizeSelect]) {
        if (busy) control.disabled = true;
      }
      if (!busy && current) {
        pageInput.disabled = sizeSelect.disabled = false;
        prev.disabled = current.page <= 1;
        next.disabled = current.page >= current.total_page;
      }
    },
  };
}
