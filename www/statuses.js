// The eight ticket statuses ITSM knows, in lifecycle order, with the words and colours the page
// uses for them everywhere (table badges, the status filter, the status summary). Admin-defined
// workflow statuses arrive as 32-hex keys and are shown as "Custom".

/** [status, label, colour], in lifecycle order. */
export const STATUS_LIST = [
  ["NEW", "New", "blue"],
  ["RUNNING", "In progress", "indigo"],
  ["RESOLVED", "Resolved", "teal"],
  ["CONFIRMED", "Confirmed", "green"],
  ["SUSPENDED", "Suspended", "amber"],
  ["FINISHED", "Finished", "green"],
  ["TERMINATED", "Terminated", "red"],
  ["REVOKED", "Revoked", "grey"],
];

export const STATUS_KEYS = STATUS_LIST.map(([key]) => key);

/** Status → [label, colour]. */
export const STATUSES = Object.fromEntries(STATUS_LIST.map(([key, label, colour]) => [key, [label, colour]]));

export const CUSTOM_STATUS = ["Custom", "purple"];

export const isCustomStatus = (status) => /^[0-9a-f]{32}$/i.test(status);

/** [label, colour] of any status the server may send. */
export function statusLook(status) {
  return STATUSES[status] ?? (isCustomStatus(status) ? CUSTOM_STATUS : [status, "grey"]);
}

/**
 * "running, NEW ,bogus" → "NEW,RUNNING": the known statuses named in a comma-separated list,
 * upper-cased, once each, in lifecycle order. (The form can only show these eight, so an
 * address naming anything else is not carried into a search it could not display.)
 */
export function normalizeStatusList(text) {
  const named = new Set((text ?? "").split(",").map((s) => s.trim().toUpperCase()));
  return STATUS_KEYS.filter((key) => named.has(key)).join(",");
}
