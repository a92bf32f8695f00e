// The error panel. Every failure of the package is one ItsmError with a `kind` to switch on;
// the panel names what happened in words, then shows the details support will ask for:
// kind, code, the message, the request id. (Secrets are already redacted by the package.)

import { isItsmError } from "/pkg/index.js";

/** kind → [headline, what the user can do]. */
const KINDS = {
  validation: ["The request was not sent", "A parameter is not valid; fix the filters and search again."],
  api: ["ITSM refused the request", "The server understood the call and answered with an error."],
  http: ["The server answered with an error page", "A proxy or the gateway failed; try again in a moment."],
  network: ["Could not reach the server", "Check the connection and try again."],
  timeout: ["The server took too long", "Try again, or narrow the filters."],
  aborted: ["Request cancelled", "Nothing more will arrive for it."],
  decode: ["The answer could not be read", "The server sent something other than a ticket page."],
};

/** ESB's "no valid user" answer: the login token is unknown (e.g. the server restarted). */
const isSignedOut = (e) =>
  e.kind === "api" && e.code === 1306000 && /user authentication/i.test(e.message);

function row(dl, name, value, className) {
  if (value === undefined || value === null || value === "") return;
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = String(value);
  dd.dataset.field = name.toLowerCase().replaceAll(" ", "-");
  if (className) dd.className = className;
  dl.append(dt, dd);
}

function button(text, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

/**
 * Shows `error` in `panel`.
 * @param {{ onRetry(): void, signInAgainHref: string, keptResults: boolean, action?: string }} options
 *   keptResults: the table still shows the previous results (said when cancelled)
 *   action: what failed, when it is not the table's page (e.g. "Export"), put before the headline
 */
/**
 * What a failure was, in words: `{ e, signedOut, headline, advice }`, where `e` is the
 * ItsmError (or, for anything else, an "unexpected" stand-in). Also used by the ticket
 * drawer (drawer.js), whose sections show their errors in place.
 */
export function explainError(error) {
  // Anything that is not an ItsmError is a bug in the page, not a server answer.
  const e = isItsmError(error)
    ? error
    : { kind: "unexpected", message: String(error?.message ?? error), attempts: 0 };
  const signedOut = isSignedOut(e);
  const [headline, advice] = signedOut
    ? ["Your sign-in has expired", "The server no longer knows your login token. Sign in again."]
    : KINDS[e.kind] ?? ["Something went wrong", "This is a bug in the page."];
  return { e, signedOut, headline, advice };
}

export function showError(panel, error, { onRetry, signInAgainHref, keptResults, action }) {
  const explained = explainError(error);
  const { e, signedOut } = explained;
  let { headline, advice } = explained;

  if (e.kind === "aborted" && keptResults) advice = "The previous results are still shown.";
  if (action) headline = `${action} failed: ${headline}`;

  const tone = e.kind === "aborted" ? "info" : "error";
  panel.className = `notice notice--${tone}`;
  panel.dataset.kind = e.kind;
  panel.dataset.action = action ?? "load";

  const icon = document.createElement("span");
  icon.className = "notice__icon";
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = tone === "info" ? "i" : "!";

  const body = document.createElement("div");
  body.className = "notice__body";
  const title = document.createElement("p");
  title.className = "notice__title";
  title.textContent = headline;
  const text = document.createElement("p");
  text.className = "notice__advice";
  text.textContent = advice;

  const dl = document.createElement("dl");
  dl.className = "notice__details";
  row(dl, "Kind", e.kind);
  row(dl, "Code", e.code, "mono");
  row(dl, "Message", e.message);
  if (e.kind === "validation") {
    for (const issue of e.issues ?? []) row(dl, issue.field, issue.message);
  }
  row(dl, "Request ID", e.requestId, "mono");
  row(dl, "HTTP status", e.status);
  body.append(title, text, dl);

  const actions = document.createElement("div");
  actions.className = "notice__actions";
  if (signedOut) {
    const a = document.createElement("a");
    a.className = "btn btn--primary btn--small";
    a.href = signInAgainHref;
    a.textContent = "Sign in again";
    actions.append(a);
  } else if (e.kind !== "validation") {
    actions.append(button(e.kind === "aborted" ? "Load again" : "Retry", "btn btn--small", onRetry));
  }

  panel.replaceChildren(icon, body, actions);
  panel.hidden = false;
}

export function hideNotice(panel) {
  panel.hidden = true;
  panel.replaceChildren();
}
