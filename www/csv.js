// CSV for the export: RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a quote
// or a line break, quotes doubled), a UTF-8 byte-order mark so Excel reads Chinese titles as
// UTF-8, and a guard against formula injection. No DOM here: tests/e2e/csv.test.mjs runs it
// in Node.

/** The exported columns: Ticket fields, under their API names. */
export const EXPORT_COLUMNS = [
  "id",
  "sn",
  "title",
  "current_status",
  "service_type",
  "creator",
  "create_at",
  "end_at",
  "bk_biz_id",
  "ticket_url",
];

/** Excel and LibreOffice take the BOM as "this file is UTF-8"; without it they guess a legacy code page. */
export const BOM = "\uFEFF";

/**
 * One field. Text is what users typed (titles, names): a spreadsheet would run a cell that
 * starts with `=`, `+`, `-`, `@` (or a tab or CR, which some strip first) as a formula, e.g.
 * `=HYPERLINK(...)`, so such text gets a leading `'` (OWASP's advice) and shows as typed.
 * Numbers (id, bk_biz_id) are the package's typed numbers, not text: `-1` stays a number.
 * `null` (no creator, no end time) is an empty field.
 */
export function csvField(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(values) {
  return values.map(csvField).join(",") + "\r\n";
}

export const csvHeader = () => csvRow(EXPORT_COLUMNS);

/** One ticket as a record of EXPORT_COLUMNS. */
export function ticketRow(ticket) {
  return csvRow(EXPORT_COLUMNS.map((column) => ticket[column]));
}

/** `tickets-YYYYMMDD-hhmmss.csv` in the user's local time. */
export function exportFileName(date = new Date()) {
  const two = (n) => String(n).padStart(2, "0");
  const day = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  const time = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `tickets-${day}-${time}.csv`;
}
