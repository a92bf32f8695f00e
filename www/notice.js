// The error panel. Every failure of the package is one ItsmError: its `userMessage` is the
// sentence for the user, in the client's locale, and the panel shows it prominently under the
// page's own headline of what happened. Below come the details support will ask for: the
// developer's `message`, `kind`, `code`, `reason`, the request id. (Secrets are already redacted
// by the package.)

import { isItsmError, ItsmCode } from "/pkg/index.js";
import { locale, t } from "./i18n.js";

/** The kinds of ItsmError, each with its headline and advice in i18n.js ("kind.api", ...). */
const KINDS = ["validation", "api", "http", "network", "timeout", "aborted", "decode"];

/**
 * ESB's "no valid user" answer: the login token is unknown (e.g. the server restarted) or missing.
 * The package names the code; its `userMessage` says "sign in again".
 */
const isSignedOut = (e) => e.kind === "api" && e.code === ItsmCode.ESB_AUTHENTICATION;

/**
 * What a failure was, in words: `{ e, signedOut, headline, advice }`, where `e` is the
 * ItsmError (or, for anything else, an "unexpected" stand-in) and `headline` and `advice` are
 * the page's words for its kind. Also used by the ticket drawer (drawer.js), whose sections
 * show their errors in place.
 */
export function explainError(error) {
  // Anything that is not an ItsmError is a bug in the page, not a server answer.
  const e = isItsmError(error)
    ? error
    : { kind: "unexpected", reason: "", userMessage: "", message: String(error?.message ?? error), attempts: 0 };
  const signedOut = isSignedOut(e);
  const key = signedOut ? "signedOut" : KINDS.includes(e.kind) ? `kind.${e.kind}` : "kind.unexpected";
  return { e, signedOut, headline: t(key), advice: t(`${key}.advice`) };
}

/**
 * The details of an error as [label, value, key] rows: the developer's message, kind, code,
 * reason, field, the other issues, request id, HTTP status. Empty values are left out.
 */
export function errorDetails(e) {
  const rows = [
    [t("detail.message"), e.message, "message"],
    [t("detail.kind"), e.kind, "kind"],
    [t("detail.code"), e.code, "code"],
    [t("detail.reason"), e.reason, "reason"],
    [t("detail.field"), e.field, "field"],
  ];
  // A validation error's message is its first issue's: the others are listed after it.
  const more = (e.issues ?? []).slice(1).map((issue) => issue.message);
  if (more.length) rows.push([t("detail.issues"), more.join("\n"), "issues"]);
  rows.push([t("detail.requestId"), e.requestId, "request-id"], [t("detail.status"), e.status, "http-status"]);
  return rows.filter(([, value]) => value !== undefined && value !== null && value !== "").map(([l, v, k]) => [l, String(v), k]);
}

/** The details the error panel sets in monospace (codes and ids). */
const MONO = new Set(["code", "reason", "request-id", "field"]);

/**
 * The details of an error (errorDetails) as a `<dl class=className>`: each value's key in the
 * `<dd>`'s `data-<keyName>`, and in monospace where `mono` has it.
 */
function detailList(e, className, keyName, mono = new Set()) {
  const dl = document.createElement("dl");
  dl.className = className;
  for (const [label, value, key] of errorDetails(e)) {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = value;
    dd.dataset[keyName] = key;
    if (mono.has(key)) dd.className = "mono";
    dl.append(dt, dd);
  }
  return dl;
}

/** "Sign in again", a link to `href`. */
function signInAgainLink(href) {
  const a = document.createElement("a");
  a.className = "btn btn--primary btn--small";
  a.href = href;
  a.textContent = t("signInAgain");
  return a;
}

function button(text, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function para(className, text) {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}

/** What each panel shows, so that a language switch can show it again in the new language. */
const shown = new WeakMap();

/**
 * Shows `error` in `panel`.
 * @param {{ onRetry(): void, signInAgainHref: string, keptResults: boolean, action?: "Export",
 *           fieldLabel?(field: string): string | undefined }} options
 *   keptResults: the table still shows the previous results (said when cancelled)
 *   action: what failed, when it is not the list's page ("Export"), put before the headline
 *   fieldLabel: the form's label for a parameter, put before a validation error's userMessage
 *     (which names no field)
 */
export function showError(panel, error, options) {
  const { onRetry, signInAgainHref, keptResults, action, fieldLabel } = options;
  const { e, signedOut, headline, advice } = explainError(error);
  shown.set(panel, { error, options });

  const tone = e.kind === "aborted" ? "info" : "error";
  panel.className = `notice notice--${tone}`;
  panel.dataset.kind = e.kind;
  panel.dataset.action = action ?? "load";
  panel.lang = locale(); // the page's words and the userMessage; details are codes and server text

  const icon = document.createElement("span");
  icon.className = "notice__icon";
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = tone === "info" ? "i" : "!";

  const body = document.createElement("div");
  body.className = "notice__body";
  body.append(para("notice__title", action === "Export" ? t("exportFailed", { headline }) : headline));
  // The package's sentence for the user. A cancel needs none: the headline says it all.
  if (e.kind !== "aborted" && e.userMessage) {
    const label = e.kind === "validation" && e.field ? fieldLabel?.(e.field) : undefined;
    body.append(para("notice__message", label ? `${label}: ${e.userMessage}` : e.userMessage));
  }
  body.append(
    para("notice__advice", e.kind === "aborted" && keptResults ? t("keptResults") : advice),
    detailList(e, "notice__details", "field", MONO),
  );

  const actions = document.createElement("div");
  actions.className = "notice__actions";
  if (signedOut) {
    actions.append(signInAgainLink(signInAgainHref));
  } else if (e.kind !== "validation") {
    actions.append(button(e.kind === "aborted" ? t("loadAgain") : t("retry"), "btn btn--small", onRetry));
  }

  panel.replaceChildren(icon, body, actions);
  panel.hidden = false;
}

/** Shows the panel's error again, in the page's language now (after a language switch). */
export function showAgain(panel) {
  const last = shown.get(panel);
  if (last && !panel.hidden) showError(panel, last.error, last.options);
}

export function hideNotice(panel) {
  panel.hidden = true;
  panel.removeAttribute("lang");
  panel.replaceChildren();
  shown.delete(panel);
}

/**
 * An error in place (a dialog's part, a drawer action): the page's headline for its kind (after
 * `lead`, e.g. "Could not submit"), the package's `userMessage`, then the details as the error
 * panel lists them; "Sign in again" for an expired login, else Retry when `onRetry` is given.
 * The same look as a drawer section's error.
 * @param {unknown} error
 * @param {{ lead?: string, onRetry?: () => void, signInAgainHref?: string }} [options]
 */
export function errorBox(error, { lead, onRetry, signInAgainHref } = {}) {
  const { e, signedOut, headline } = explainError(error);
  const box = document.createElement("div");
  box.className = "dsec__error";
  box.setAttribute("role", "alert");
  box.dataset.kind = e.kind;
  box.lang = locale();
  box.append(para("dsec__error-title", lead ? `${lead}: ${headline}` : headline));
  if (e.userMessage) box.append(para("dsec__error-message", e.userMessage));
  // The drawer's look for the details (its sections list them the same way).
  box.append(detailList(e, "facts facts--error", "key"));
  if (signedOut && signInAgainHref) {
    box.append(signInAgainLink(signInAgainHref));
  } else if (onRetry && e.kind !== "validation") {
    box.append(button(t("retry"), "btn btn--small", onRetry));
  }
  return box;
}

/**
 * Whether a failed write may still have happened: the request left and no answer came back
 * (`sent: "maybe"`, a timeout or a dropped connection). Such a write is not sent again blindly:
 * the page shows where things stand instead.
 */
export const mayHaveHappened = (error) => isItsmError(error) && error.sent === "maybe";
